"""What a question asks for beyond its words, and what in a passage answers it: one table.

Each ``Feature`` is one row: the question pattern that says it is asked, the evidence pattern that says a
span answers it, and the weight (named in ``policy``) the span gains. ``understand`` reads the question
side, ``evidence`` the passage side; a new feature is one row here and one weight in ``policy``.
An evidence pattern may hold ``{asked}``: the text the question pattern captured (啥样的法治政府 → 法治政府).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from jzbot.answer import policy
from jzbot.text import CN_NUMERAL, PERIOD_LENGTH, PERIOD_TEXT, POST, SURNAMES
from jzbot.text.patterns import BASIS_WORD, CARRIES_OUT, CN_DIGIT

_AMOUNT = rf"(?:\d+(?:\.\d+)?|[{CN_NUMERAL}]+)"
# The kinds of organization a who-question names as the kind of answer (哪个单位, 哪家事务所, 哪个公司).
ORGANIZATION_KINDS = ("单位", "部门", "机构", "处室", "科室", "律所", "事务所", "公司", "学校", "医院")
# The nouns a question for documents names as the kind of answer (哪几部法, 依据哪些文件).
DOCUMENT_NOUNS = ("法律法规", "法律", "法规", "文件", "条例", "办法", "规章", "法")
# The kinds of place a where-question names as the kind of answer (哪个村, 哪几个乡镇, 什么街道).
PLACE_KINDS = ("乡镇", "街道", "社区", "村", "镇", "乡")


class Feature(NamedTuple):
    name: str
    question: str  # regex over the folded question (its 文号 removed): the feature is asked
    evidence: str  # regex over a folded span (its 第X条 label removed): the span answers it
    weight: float  # what such a span gains
    group: str = ""  # features of one group add their weight once (哪几年 and 什么时候 are both "when")
    figures: bool = True  # weighed for a figure question too (its unit decides instead for "when")
    nouns: tuple[str, ...] = ()  # answer-type words the evidence says (哪个单位 → a named 局 is the 单位)
    nouns_need_evidence: bool = False  # a span saying only the noun (有关单位) does not say it
    actor_only: bool = False  # full weight only when the evidence opens the clause (由市科技局…)
    # An answer must hold it: when the best spans do not, the document's best span that does joins them
    # (有异议找谁 → the 异议 sentence and the contact line).
    completes: bool = False
    # Weighed per kind of evidence found (its named groups), up to ``policy.COUNTED_MAX``: a person, a phone and an
    # e-mail beat a phone alone.
    counted: bool = False
    # A span that does not say it answers nothing (哪天交 is not answered by a sentence stating no day).
    required: bool = False
    # What completes it is first looked for in the sentence right before the answer (“第五章附则”共一条。规定了…).
    before_first: bool = False
    # A required feature's name in a refusal: what the document does not state (没有载明具体日期).
    label: str = ""


FEATURES: tuple[Feature, ...] = (
    # When: a span that states a date or a time limit; a period (2021—2025年) for 哪几年.
    Feature(
        "when",
        r"哪几年|哪一?年|几号|哪天|哪一天|什么时候|啥时候|何时|几月|日期|时间|多久|期限|之前|以前",
        rf"{_AMOUNT}\s*个?(?:月|日|天|工作日|年底|月底)|(?:年底|月底|年初|之前|以前|届满)",  # 三个月内: a time limit
        policy.W_WHEN,
        group="when",
        figures=False,
    ),
    # Day: 哪天, 几号 ask for a day; a span that states none (the page was cut before its deadline) is no answer.
    Feature(
        "day",
        r"哪一?天|哪日|(?<![第〕\]])几号(?![文令件])|几月几[日号]",
        rf"(?<![\d〔\[(（])(?:\d{{1,2}}|[{CN_NUMERAL}]{{1,3}})\s*(?:月|日|号(?![文令])|个?工作日)|"
        r"月底|月初|月中|年底|年初|上旬|中旬|下旬|即日|当天|当日|次日",
        policy.W_WHEN,
        group="when",
        figures=False,
        required=True,
        label="具体日期",
    ),
    # Year: 哪一年开的, 哪个年度 ask for a year; a span stating only 7月9日 (a news page without its year) does not
    # say it, and the document's other years are not the one asked.
    Feature(
        "year",
        r"哪一?年(?![级度])|哪一?个?年(?:度|份)|(?:什么|啥)年份|何年",
        rf"(?:19|20)\d{{2}}\s*(?:年|[-./]\s*\d)|[{CN_DIGIT}]{{4}}\s*年",
        policy.W_WHEN,
        group="when",
        figures=False,
        required=True,
        label="年份",
    ),
    Feature(
        "years",
        r"哪几年|几年到几年|从哪年",
        r"\d{4}\s*[—－\-~至到]\s*\d{4}\s*年",
        policy.W_WHEN,
        group="when",
        figures=False,
    ),
    # Who: a span that names an organization or a post; the one opening the clause acted.
    Feature(
        "who",
        r"谁|哪家|哪几家|(?:哪个|哪些|什么|哪几个)(?:" + "|".join(ORGANIZATION_KINDS) + ")",
        r"[\u4e00-\u9fff]{2,}(?:局|厅|委员会|办公室|服务办|政府|事务所|研究院|中心|公司|大学|协会|党组|书记|组长)",
        policy.W_WHO,
        nouns=ORGANIZATION_KINDS,
        nouns_need_evidence=True,
        actor_only=True,
    ),
    # Definition: a law's 本法所称X，是指….
    Feature(
        "definition",
        r"定义|含义|概念|是指什么|指的是什么|指什么|什么意思|啥意思|什么是|什么叫|啥叫|啥是|何为|何谓|是什么东西",
        r"是指|指的是|系指|所称",
        policy.W_DEFINITION,
    ),
    # Means: 用了哪些渠道, 通过什么方式 → a span saying 通过… / 利用….
    Feature(
        "means",
        r"(?:哪些|什么|啥|哪几种|哪种|哪几个|何种)[\u4e00-\u9fff]{0,4}?(?:渠道|方式|途径|手段|形式|载体)",
        r"通过|利用|借助|依托|采取|采用|运用",
        policy.W_MEANS,
    ),
    # Change: 从几个减到几个, 缩短了多少 → a span stating 由X…减至Y.
    Feature(
        "change",
        r"从.{0,8}(?:几|多少).{0,8}(?:减|降|增|涨|提|缩|扩|变)(?:少|加|高|短|大|成)?(?:到|至|为)|"
        r"(?:减少|下降|增加|增长|提高|缩短|压缩|精简)了?(?:几|多少)",
        r"(?:由|从)(?:原来的)?\s*\d+(?:\.\d+)?.{0,8}?(?:减|降|增|提|缩|压|扩|精简)[^\d，。；]{0,4}(?:至|到|为)\s*\d",
        policy.W_CHANGE,
    ),
    # Documents: 哪几部法, 依据哪些文件 → a span naming documents in 《》 (法 alone only at the end:
    # 哪些法定情形 asks for no document).
    Feature(
        "documents",
        r"(?:哪些|哪几部|哪几个|哪几项|哪部|哪个|什么|啥|几部)(?:"
        + "|".join(n for n in DOCUMENT_NOUNS if n != "法")
        + r"|法(?=$|[？?，,。！!的呢啊吧]))",
        r"《[^《》]{2,}》",
        policy.W_DOCUMENTS,
        nouns=DOCUMENT_NOUNS,
    ),
    # Basis: 依据啥规定, 是贯彻哪个文件出台的 → the clause a basis word opens, naming what is acted under (根据《…》的
    # 有关规定, 按照…文件精神); a sentence that only does it (决定命名…) says no basis.
    Feature(
        "basis",
        rf"(?:{BASIS_WORD.pattern})(?:的是|的|了|是)?[^，,。？?]{{0,8}}?(?:哪个|哪些|哪部|哪项|哪份|哪几|什么|啥)|"
        r"依据(?:是|为)?(?:什么|啥|哪)|"
        r"贯彻(?:落实)?(?:的是|的|了)?[^，,。？?]{0,8}?(?:哪个|哪些|哪份|什么|啥)(?:文件|精神|通知|意见|决定|会议)",
        rf"(?:{BASIS_WORD.pattern}|{CARRIES_OUT.pattern})[^。；;]{{0,60}}?"
        r"(?:《[^《》]{2,}》|规定|精神|要求|〔\d{4}〕\d+号)",
        policy.W_BASIS,
        # the kind of document and the making asked (哪个文件精神出台的): a basis clause says them, whatever its verb
        nouns=(
            "文件",
            "精神",
            "规定",
            "办法",
            "政策",
            "要求",
            "出台",
            "制定",
            "制订",
            "印发",
            "发布",
            "下发",
        ),
        completes=True,
    ),
    # Contact: 找谁, 电话多少 → a span naming a contact person, a phone number or an e-mail address (the number
    # itself: a 联系电话: label alone gives none).
    Feature(
        "contact",
        r"找谁|找哪个|联系人|联系电话|联系方式|电话(?:是)?多少|咨询电话|(?:打|拨)(?:什么|哪个)电话|邮箱|向谁(?:反映|提出|咨询)|"
        r"跟谁联系|对接人",
        r"(?P<person>联\s*系\s*人)|(?P<email>邮\s*箱|@)|"
        r"(?P<phone>(?<![\dA-Za-z.])(?:0\d{2,3}\s*[-—－–]\s*)?\d{7,8}(?![\dA-Za-z.@]))",
        policy.W_CONTACT,
        # 联系人是谁: a line giving a name and a number (综合科:王玮5820696) says the contact person; which 电话
        # (联系电话, 监督电话) stays a word the span must say
        nouns=("联系人", "联系方式"),
        completes=True,
        counted=True,
    ),
    # Period: 公示期是哪几天, 到哪天结束 → a span stating a date range (5月13日至5月19日).
    Feature(
        "period",
        r"公示期|公示时间|(?:公示|为期)(?:多久|多长|几天)|哪几天|起止|到哪天|从哪天|哪天结束|"
        # 几号到几号, 从几号公示到几号: a first and a last day asked, whatever is said between them
        r"(?:几号|哪天|几月几[号日])[^，。？?]{0,6}?(?:到|至)(?:几号|哪天|几月几[号日])|"
        r"什么时候结束|截止到哪天",
        f"{PERIOD_TEXT}|{PERIOD_LENGTH}",
        policy.W_PERIOD,
        completes=True,
    ),
    # Name: 叫啥名, 名称是什么 → a span giving a name (名称为…, 命名为…).
    Feature(
        "named",
        r"叫(?:啥|什么)名|(?:名称|名字)(?:是|叫)?(?:什么|啥)|改(?:叫|名)|更名",
        r"名称为|名为|命名为|更名为|定名为|称为",
        policy.W_NAMED,
    ),
    # Each: 分几档，各多少, 几类分别多少 → the span stating every figure (each one counted) beats the clause with one
    # (分别 after two subjects named, 焦作和全省…分别是多少, asks one figure of each: no).
    Feature(
        "each",
        r"各(?:是|为|有|能|要|奖励|补助)?(?:多少|几)|几[档类级等种项个批][^，,？?]{0,2}[，,]?分别(?:是|为|有)?(?:多少|几)",
        r"(?<![\d.])\d+(?:\.\d+)?\s*[万亿千百]?(?:元|项|家|个|人|件|条|%|倍|次|名|所|份)",
        policy.W_EACH,
        counted=True,
    ),
    # Part: 放在哪一章, 第几章, 哪一节 → the span names the part (第五章, 附则); a chapter said by the sentence
    # before the one that answers joins it.
    Feature(
        "part",
        r"哪一?(?:章|节|编|部分)|第几(?:章|节|编|部分)",
        rf"第[{CN_NUMERAL}\d]+(?:章|节|编|部分)|总则|附则",
        policy.W_PART,
        completes=True,
        before_first=True,
    ),
    # About: 是关于啥事的, 讲的什么事 → a span naming the subject as documents do (关于…的建议, 《关于…》).
    Feature(
        "about",
        r"关于(?:啥|什么)(?:事|的|方面|内容)?|(?:是|讲|说)的?(?:啥|什么)事|什么内容的|啥内容的",
        r"关于[^，。；,;]{2,60}的(?:建议|提案|议案|请示|报告|通知|意见|函)|《关于[^《》]{2,60}》",
        policy.W_ABOUT,
    ),
    # Handling: 不合格咋办, 逾期怎么处理 → what follows, to its end: a next sentence that picks up the span's last
    # words (…限期整改。整改后仍…的，取消…) joins it (``rules.content.sentence``).
    Feature(
        "handling",
        r"咋办|怎么办|如何处理|怎么处理|怎样处理|如何处置|怎么处置|会怎样|会怎么样|什么后果|啥后果",
        r"限期|责令|取消|撤销|暂停|追回|收回|不予|予以|处理|处罚|整改",
        policy.W_HANDLING,
    ),
    # Kind: 建设啥样的X → a span listing qualities before 的X (职能科学、权责法定…的法治政府).
    Feature(
        "kind_of",
        r"(?:啥样|什么样|怎样|怎么样|哪种|何种)的([\u4e00-\u9fff]{2,8})",
        r"(?:[^、，。；]{1,12}、)+[^、，。；]{1,12}的{asked}",
        policy.W_KIND,
    ),
    # Holder: 哪位副厅长出席了, 组长是谁 → the span naming the holder of that post (副厅长杨松): the post, then a name.
    Feature(
        "holder",
        rf"哪位((?:副|常务副)?(?:{POST}))|((?:副|常务副)?(?:{POST}))(?:是|由)(?:谁|哪位)",
        rf"{{asked}}\s*[:：]?\s*[{SURNAMES}][\u4e00-\u9fff]{{1,2}}",
        policy.W_HOLDER,
        completes=True,
    ),
    # Place: 去的是哪个村, 在哪个镇 → a span naming one (拉直村, 古城镇): the two characters before the kind word
    # name it, not a generic word (农村, 城乡, 各乡镇, 示范村).
    Feature(
        "place",
        r"(?:哪个|哪些|哪几个|哪一个|什么|啥)("
        + "|".join(PLACE_KINDS)
        + r")(?![\u4e00-\u9fff]{0,1}(?:长|委|级))",
        r"(?!农|城|乡|本|该|全|各|每|整|等|个|贫困|重点|示范|试点)[\u4e00-\u9fff]{2}(?<![各本全该每个等农城乡])(?<!贫困){asked}",
        policy.W_PLACE,
    ),
)
BY_NAME = {f.name: f for f in FEATURES}


@lru_cache(maxsize=64)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def asked_features(question: str) -> dict[str, str]:
    """The features ``question`` asks, each with what its pattern captured ("" when nothing)."""
    out: dict[str, str] = {}
    for f in FEATURES:
        m = _compiled(f.question).search(question)
        if m:
            out[f.name] = next((g for g in m.groups() if g), "") if m.groups() else ""
    return out


def evidence_of(feature: Feature, asked: str) -> re.Pattern[str]:
    return _compiled(feature.evidence.replace("{asked}", re.escape(asked)))


def found_in(feature: Feature, asked: str, body: str) -> re.Match[str] | None:
    """Where ``body`` says what ``feature`` asks for (``asked``: the question's capture)."""
    return evidence_of(feature, asked).search(body)


def required_unmet(asks: dict[str, str], body: str) -> bool:
    """``body`` fails to say something the question requires of its answer (a day for 哪天)."""
    return any(BY_NAME[n].required and not found_in(BY_NAME[n], a, body) for n, a in asks.items())


def bonus(asks: dict[str, str], body: str, is_figure: bool) -> float:
    """The score a span gains for the features it answers, each group once; an actor feature's full weight
    only when its evidence opens the clause."""
    total, groups = 0.0, set()
    for name, asked in asks.items():
        f = BY_NAME[name]
        if (is_figure and not f.figures) or (f.group and f.group in groups):
            continue
        m = found_in(f, asked, body)
        if m is None:
            continue
        if f.group:
            groups.add(f.group)
        if f.counted:
            found = len({m.lastgroup or m.group(0) for m in evidence_of(f, asked).finditer(body)})
            total += f.weight * min(found, policy.COUNTED_MAX) / policy.COUNTED_MAX
            continue
        total += (
            f.weight if not f.actor_only or m.start() <= policy.ACTOR_AT else f.weight * policy.WHO_NOT_ACTOR
        )
    return total
