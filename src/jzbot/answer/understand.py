"""Understanding a staff question: what kind of answer it wants and what it names.

A ``Question`` holds the kind (文号, document fact, law article, figure, list, fact), the 文号, years,
article number and units it names, and the organizations or places that pick a document. Relative
years (今年, 去年, 前年) resolve against the current date; the resolution is kept so the answer can
say which year it used. The words that must be supported are weighed later (``answer/terms.py``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from jzbot.answer.features import asked_features
from jzbot.registry.docno import find_docnos
from jzbot.text import (
    ARTICLE_NUMBER,
    BASELINE_YEAR,
    POST,
    RELATIVE_YEARS,
    YEAR,
    arabic_years,
    cn_to_int,
    fold,
    short_years,
)


class Kind(StrEnum):
    DOCNO = "docno"  # what is 焦科〔2023〕45号, is it still in force
    DOCNO_LIST = "docno_list"  # which documents were 制定/废止 in 2023
    TITLE_TO_DOCNO = "title_to_docno"  # the 文号 of 《…》
    META = "meta"  # 主送机关, 印发机关, 成文日期 … of a document
    ARTICLE = "article"  # 第十八条怎么说, 第几条规定了…
    FIGURE = "figure"  # 多少家, 排第几
    LIST = "list"  # 做了哪些工作, 存在哪些不足
    FACT = "fact"  # who, when, why, whether, what


# The previous-year wording of a recurring duty (每年…上一年度; 上年度的X何时交) names its period, not a year.
_PERIOD_WORDS = ("上一年度", "上年度")
# 本年, 本年度: the year spoken of, today's only when the question names none.
_THAT_YEAR = ("本年", "本年度")
# 几点要求, 几点意见: points counted (几点 alone asks the hour: 几点开会).
_POINTS = r"(?<!第)(?:几|多少)\s*点(?=要求|意见|建议|措施|做法|经验|体会|打算|问题|希望|指示|启示)"
_FIGURE = re.compile(
    rf"{_POINTS}|"
    r"多少|几[家项次人名件个份位篇场所批条回万亿]|数量|总数|金额|规模|排名|排第|第几(?!条|章|节|编|部分|款|批|届|期|轮)|位居|居全省|"
    r"占比|比例|增长了?多少|多大|多高|多久|几天|几个工作日"
)
_RATIO = r"比重|占比|比例|增长率|增速|增幅|强度|百分比|覆盖率|[^\W\d]率"
# 几名 counts people, 第几名 is a rank (位): every count below is one only where no 第 stands before it.
_UNIT_WANTED = [
    # A share asks a percentage, whatever the amount it is a share of (研发经费占营业收入比重要到多少).
    (re.compile(rf"(?:{_RATIO})[^，,。？?]{{0,4}}(?:多少|几成|多高|多大)"), "%"),
    (re.compile(r"(?<!第)(?:多少|几)\s*家|企业数|机构数"), "家"),
    (re.compile(r"(?<!第)(?:多少|几)\s*项"), "项"),
    (re.compile(r"(?<!第)(?:多少|几)\s*(?:万|亿)?\s*人次"), "人次"),
    (
        re.compile(
            r"(?<!第)(?:多少|几)\s*(?:次|回)|(?:开了|召开[^，,。？?]*)几(?![家项个件条份篇名人位批场章类种级届期轮所座栋台套万亿])"
        ),
        "次",
    ),
    (re.compile(r"(?<!第)(?:多少|几)\s*(?:万|亿)?\s*(?:人(?!次)|名|位(?!居))"), "人|名"),
    (re.compile(r"(?<!第)(?:多少|几)\s*(?:万|亿)?\s*件"), "件"),
    (re.compile(r"(?<!第)(?:多少|几)\s*份"), "份"),
    (
        re.compile(
            r"成交额|金额|经费|资金|多少钱|奖金|(?<!第)(?:多少|几)\s*(?:亿|万)(?!\s*(?:人|件|项|家|个|次|篇|户|名))"
        ),
        "亿元|万元|元",
    ),
    # 能拿多少奖补, 补助是多少: money, though no word of money is said.
    (
        re.compile(
            r"(?:多少|几)(?:奖补|补助|补贴|资助)|(?:奖补|补助|补贴|资助)(?:是|有|为|能拿)?多少(?![项个家次件])"
        ),
        "亿元|万元|元",
    ),
    # 罚多少, 罚款几万: a fine is money, and a span stating no amount of money is no answer.
    (re.compile(r"罚[^，,。？?]{0,5}?(?:多少(?![项个家次件人])|几[万千百])"), "亿元|万元|元"),
    (re.compile(r"排名|排第几|第几(?!条|章|节|编|部分|款|批|届|期|轮)|位居|居全省|排多少"), "位"),
    (re.compile(r"多久|几天|多少天|多长时间|几个工作日|期限"), "日|天|工作日|个月|月|年"),
    (re.compile(_POINTS), "点"),
    (
        re.compile(r"(?<!第)(?:多少|几)\s*个"),
        "个|名|人|位|家|项|件|次|部|批",
    ),  # a count, not a year or an amount
]
# Any other measure word after 几 or 多少 is the unit counted (几章几条, 分几档, 几批): the passage says it.
_MEASURE_WANTED = re.compile(r"(?<!第)(?:几|多少)\s*([章条类种批级届期轮所座栋台套篇场])")
# Name-questions want a person's name: only a passage that names someone answers them.
_NAME = re.compile(rf"(?:{POST}|人员?)(?:的|们)?(?:叫什么名字|叫啥|叫什么|姓名|名字|是谁|是哪位)")
_META = {
    "recipients": re.compile(
        r"主送(?:了|的是|给)?(?:哪些|哪几个|哪几家|哪个|什么|谁)?(?:单位|机关|部门)?|报送给|(?:报|送)给了?谁|呈报|"
        # An 答复 or 函 is addressed to whoever asked: 提案是谁提的, 函告给哪个单位.
        r"(?:建议|提案|议案)[^，。？?]{0,6}?是?(?:谁|哪位(?:代表|委员)?)提|"
        r"(?:函告|答复|回复|复函)给?(?:的是)?(?:哪个|哪些|哪位|谁)(?:单位|部门|代表|委员)?|"
        # 那份函是发给谁的: a 公文 sent to someone (a 政策汇编 发给谁 is handed out: the text says so, no 主送)
        r"(?:函|通知|文件|批复|决定|意见)[^，。？?]{0,4}?是?(?:发|下发|印发|转发|抄送)给了?(?:谁|哪些|哪个|哪几个|哪几家)"
    ),
    "printed_by": re.compile(r"印发机关|哪个部门印发|谁印发|由.{0,6}印发|印发单位|哪个单位印发"),
    "date": re.compile(
        r"成文日期|印发日期|发布日期|发布时间|什么时候印发|何时印发|哪天印发|什么时候发的|发文日期|落款(?:日期|时间|是?(?:哪天|哪一天|几号))|"
        r"(?:哪天|何时|什么时候|啥时候)成文|"
        # a news page by what staff call it (那篇稿子, 这条消息): when it was put out
        r"(?:文件|通知|决定|批复|函|公示|公告|通报|办法|报告|意见|方案|稿子|稿件|文章|报道|新闻|消息|简报)[^，。？?]{0,6}?[，,]?是?"
        r"(?:哪天|哪一天|什么时候|啥时候|何时|几号)(?:的|发的|发布的|出的|下发的|登的|刊发的|刊登的)[？?！!。]*$"
    ),
    "issuer": re.compile(
        r"发文机关|谁发的|哪个单位发|哪个部门发|发文单位|由谁发|"
        r"(?:谁|哪(?:个|几个|些|家|几家)(?:单位|部门|机关)?)(?:联合|共同)?(?:发|下发|发布|出)的"
    ),
    "doc_number": re.compile(
        r"(?:这份|该|本|这个)(?:报告|文件|通知)?的?(?:文号|发文字号)|报告的(?:文号|发文字号)"
    ),
    "title": re.compile(r"(?:这份|该|本)(?:报告|文件)?的?(?:标题|题目)|(?:报告|文件|通知)叫什么"),
    # A government site's fields: the 索引号 it files the page under, the 处 or body that put it there.
    "index_no": re.compile(r"索引号"),
    "publisher": re.compile(
        r"哪个(?:处|处室|科室)(?:发布|发)的|发布(?:机构|单位)是?(?:哪|什么|谁)|信息来源是?(?:哪|什么)"
    ),
}
# What a document asks to be handed in (a form, materials, a list), written right before 报给谁.
_HANDED_IN = re.compile(
    r"(?:表|材料|申请书|申报书|清单|资料|样品|报表|数据)(?:是|要|需要?|应|应当|须|必须)?$"
)
# What asks a document fact's value right after it: 索引号是多少, 成文日期是哪天.
_VALUE_ASKED = re.compile(r"\x00\s*(?:是|为)?(?:多少|什么|啥|哪个|哪天|几号)?")
_TITLE_TO_NO = re.compile(r"文号|发文字号|几号文|什么号|令第几号|哪个文(?:件)?(?:印发|发布|下发|发)")
_LIST_ACTION = re.compile(r"(废止|废除|制定|出台|印发|修订|新制定)了?(?:哪些|哪几个|几个|什么|多少)")
_BY_WHICH = re.compile(r"(?:根据|依据|按照|依照|参照)(?:了|的是)?(?:哪些|哪几|什么|啥)")  # the basis asked
_LIST_ACTION2 = re.compile(r"(?:哪些|哪几个|什么).{0,12}(?:被|已)?(废止|废除|制定|出台|印发|修订)")
_STATUS = re.compile(r"有效|失效|废止|现行|还能用|还在用|管用|作废")
_STATED = re.compile(r"\d+(?:\.\d+)?\s*(?:亿元|万元|元|家|项|个|次|人|名|件|份|%)")
_QUOTED = re.compile(r"《([^》]+)》|<([^>]+)>|〈([^〉]+)〉")
# A list question asks for the items of something: 哪些, 哪几, 几个方面, 有啥打算, 存在什么问题 (有啥要求 is 有什么要求:
# the requirement one clause states, as for a fact).
_LIST = re.compile(
    r"哪些|哪几(?![天年号月日])|(?:做|干|弄|搞|抓)了?(?:些|哪些)?(?:啥|什么)|几个方面|几方面|哪方面|什么措施|什么举措|啥措施|有啥(?!不一样|区别|不同|差别|要求|条件|规定|限制)|都有什么|都做了|做了什么|怎么做的|"
    r"下一步|打算|存在.{0,4}问题|不足|短板|差距|主要内容|包括什么|什么方式|几种|"
    # 哪四条, 哪六个主题, 分别是啥: which ones, of a count the question knows (哪两个 are said in one clause).
    r"哪[三四五六七八九十\d]+[个条项类种家点件位名批所]|分别(?:是|有|为)(?:啥|什么|哪)"
)
_WHICH_ARTICLE = re.compile(r"第几条|哪一?条|哪个条款|什么条款|条款")
# A docno plus one of these asks about the document's content, not what the document is.
# 黔农发(2010)几号, 豫科〔2023〕第几号: a 文号 whose number is asked, its 代字 and year remembered.
_PARTIAL_DOCNO = re.compile(
    r"([\u4e00-\u9fff]{2,10})\s*[〔\[［（(【〈<{]\s*((?:19|20)\d{2})\s*[〕\]］）)】〉>}]\s*第?(?:几|多少|啥|什么)号"
)
_CONTENT = re.compile(
    r"多少|几[家项次人名件个份位]|哪些|哪几|怎么|如何|规定|内容|要求|奖励|授予|目标|讲了|说了|提出|"
    r"几号前|哪天前|之前|截止|期限|从哪天|哪天到哪天|最晚|最迟|"  # a deadline or a period the document sets
    # 什么时候交, 哪天报: the day of an act the document asks of its readers, not the document's own date
    r"(?:什么时候|啥时候|何时|哪天|几号|几月几[日号])前?(?:交|报|提交|上报|报送|申报|完成)|"
    # 闽科规〔2024〕1号里…: what is inside the document (the 文号 is the space before 里)
    r"\s(?:里面?|里头|当中)"
)


@dataclass
class Question:
    text: str
    folded: str
    kind: Kind
    docnos: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    relative: str | None = None  # the relative word used, e.g. 去年
    relative_year: int | None = None  # the year it resolved to
    units: list[str] = field(default_factory=list)  # the first unit group asked (几项 → 项)
    unit_groups: list[list[str]] = field(default_factory=list)  # every one asked: 几项，每项多少钱 → 项; 元
    numbers: list[str] = field(default_factory=list)  # figures the question itself states (那20项奖)
    meta_field: str | None = None
    meta_phrase: str = ""  # the words that ask the document fact (什么时候印发的): no part of a description
    docno_phrase: str = (
        ""  # the words that ask a 文号 (哪个文件印发的, 文号): no part of the description either
    )
    meta_fields: list[str] = field(default_factory=list)  # every document fact asked, in order
    action: str | None = None
    asks_status: bool = False
    quoted_title: str | None = None
    article: int | None = None  # 第十八条 → 18
    wants_article: bool = False  # 第几条, 哪一条: the answer must name the article
    about_docno: bool = False  # a 文号 names the document the content question is about
    # 黔农发(2010)几号: the 文号 half remembered, as 代字〔年〕 (the number is asked); the characters before the bracket
    # run on into the question (决定是黔农发〔2010〕): the 代字 is the longest tail of them some 文号 starts with.
    docno_prefix: str = ""
    asks_name: bool = False  # 叫什么名字, 局长是谁: a person's name
    # The features asked (``answer/features.py``), each with what its question pattern captured.
    asks: dict[str, str] = field(default_factory=dict)

    @property
    def asks_when(self) -> bool:  # 什么时候, 几号, 多久
        return "when" in self.asks

    @property
    def asks_years(self) -> bool:  # 哪几年: a period
        return "years" in self.asks

    @property
    def asks_who(self) -> bool:  # 谁, 哪个单位, 哪几家
        return "who" in self.asks

    @property
    def asks_definition(self) -> bool:  # 怎么定义, 什么是, 指什么
        return "definition" in self.asks

    @property
    def asks_documents(self) -> bool:  # 哪几部法, 依据哪些文件: documents named in 《》
        return "documents" in self.asks

    @property
    def asks_means(self) -> bool:  # 哪些渠道, 什么方式: 通过…
        return "means" in self.asks

    @property
    def asks_change(self) -> bool:  # 从几个减到几个, 缩短了多少
        return "change" in self.asks

    @property
    def kind_of(self) -> str:  # 啥样的法治政府 → 法治政府: the thing whose qualities are asked
        return self.asks.get("kind_of", "")

    @property
    def is_figure(self) -> bool:
        return self.kind is Kind.FIGURE


def understand(
    question: str, today: dt.date, names_content: Callable[[str, list[str]], bool] | None = None
) -> Question:
    """The question read (``names_content``: whether the words left beside a 文号 name something of its
    content, by the knowledge's own words: 闽政办〔2021〕58号的基期是哪年 asks the document, not what it is)."""
    q = question.strip()
    found = find_docnos(q)  # on the question as typed: 新科 2019 3号 keeps its spaces
    docnos = [d.key for d in found]
    canonical = q
    for d in reversed(found):  # every bracket and spacing form as the canonical 代字〔年〕号
        canonical = canonical[: d.start] + d.key + canonical[d.end :]
    f = fold(short_years(arabic_years(canonical)))  # 二〇二二年 and 22年 are 2022年
    stripped = f
    for key in docnos:
        stripped = stripped.replace(key, " ")
    years = [int(y) for y in YEAR.findall(stripped)]
    asks = asked_features(stripped)
    recurring = "每年" in f or ("when" in asks and any(w in f for w in _PERIOD_WORDS))
    relative, relative_year = None, None
    unbased = BASELINE_YEAR.sub(" ", f)  # 比去年同期增长多少 names no year
    for word, delta in RELATIVE_YEARS.items():
        if word in _THAT_YEAR and years:
            continue  # 2021年年报里本年度制定了几件: the year the question names, not today's
        if word in unbased and not recurring:
            relative, relative_year = word, today.year + delta
            years.append(relative_year)
            break
    qt = _QUOTED.search(q)
    quoted = next((g for g in qt.groups() if g), None) if qt else None
    article_match = ARTICLE_NUMBER.search(stripped)
    question_ = Question(
        text=q,
        folded=f,
        kind=Kind.FACT,
        docnos=docnos,
        years=sorted(set(years)),
        relative=relative,
        relative_year=relative_year,
        quoted_title=quoted,
        article=cn_to_int(article_match.group(1)) if article_match else None,
        wants_article=bool(_WHICH_ARTICLE.search(stripped)),
    )
    question_.asks_status = bool(_STATUS.search(f))
    if not docnos and (partial := _PARTIAL_DOCNO.search(f)):
        question_.docno_prefix = f"{partial.group(1)}〔{partial.group(2)}〕"
    question_.asks = asks
    question_.asks_name = bool(_NAME.search(stripped)) and question_.kind is not Kind.TITLE_TO_DOCNO
    # Every document fact asked, in the order asked (谁发的、落款哪天: the issuer and the date).
    metas = sorted((m.start(), n, m) for n, p in _META.items() if (m := p.search(f)))
    meta_field = metas[0][1] if metas else None
    question_.meta_fields = [n for _, n, _ in metas]
    # 哪几家联合发的, 索引号是多少: the words of the document-fact phrases, and the question word asking each value,
    # ask for no content.
    asked = stripped
    for _, _, m in metas:
        asked = asked.replace(m.group(0), "\x00")
    content = bool(_CONTENT.search(_VALUE_ASKED.sub(" ", asked)))
    # 申报表是报给谁的: a form or material handed in goes where the text says, not to the document's 主送机关
    content = content or any(n == "recipients" and _HANDED_IN.search(f[: m.start()]) for _, n, m in metas)
    if docnos and not content and not metas and names_content is not None:
        content = names_content(_STATUS.sub(" ", asked), docnos)
    question_.meta_phrase = " ".join(m.group(0) for _, _, m in metas)
    if (_TITLE_TO_NO.search(f) or question_.docno_prefix) and not docnos and not _LIST_ACTION.search(f):
        # 咱局去年的法治政府建设报告文号是多少: the document is found by its description.
        question_.kind, question_.meta_field = Kind.TITLE_TO_DOCNO, meta_field
        question_.docno_phrase = " ".join(m.group(0) for m in _TITLE_TO_NO.finditer(f))
    elif meta_field and not content:
        question_.kind, question_.meta_field = Kind.META, meta_field
    elif (
        docnos and not content and "basis" not in asks
    ):  # 沧政发〔2019〕21号是依据哪个文件出台的: its content
        question_.kind = Kind.DOCNO
    elif (
        (m := _LIST_ACTION.search(f) or _LIST_ACTION2.search(f))
        and re.search(r"文件|办法|规定|制度|通知", f)
        # 第一条是根据哪些文件制定的: the basis one document (or article) cites, not the documents made that year.
        and question_.article is None
        and not _BY_WHICH.search(f)
        # 益科字〔2020〕59号印发了哪几个办法: what one document issued is its content, not the year's record.
        and not docnos
    ):
        question_.kind = Kind.DOCNO_LIST
        question_.action = m.group(1).replace("新", "").replace("废除", "废止").replace("出台", "制定")
    question_.about_docno = bool(docnos) and question_.kind is not Kind.DOCNO
    if question_.kind is Kind.FACT:
        if question_.article is not None and not _FIGURE.search(stripped):
            question_.kind = Kind.ARTICLE
        elif _LIST.search(stripped):
            question_.kind = Kind.LIST
        elif _FIGURE.search(stripped) and "contact" not in asks:  # 电话多少 asks for a number, not a figure
            question_.kind = Kind.FIGURE
    if question_.kind is Kind.FIGURE:
        # the measure word typed after 几 (公开了几条) is the unit counted before any a phrase implies (开了几 → 次)
        question_.unit_groups = [[m] for m in dict.fromkeys(_MEASURE_WANTED.findall(stripped))] + [
            unit.split("|") for pattern, unit in _UNIT_WANTED if pattern.search(stripped)
        ]
        if ["%"] in question_.unit_groups:  # a share of an amount is no amount
            question_.unit_groups = [g for g in question_.unit_groups if "元" not in g]
        question_.units = question_.unit_groups[0] if question_.unit_groups else []
    question_.numbers = _STATED.findall(re.sub(r"(?:19|20)\d{2}\s*年", " ", stripped))
    return question_
