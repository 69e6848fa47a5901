"""A question's frame: the slots its words fill, read as typed pieces.

A message is cut into pieces, each filling one slot: the year (2023年, 去年), the place or body (咱局, 省厅,
金水区), the document (a 文号, a 《title》), the topic (the indicator or subject: 高企, 技术合同成交额), the
aspect asked of it (its rank, growth, share, total; a contact, a 文号, a status, a basis), the question words
(多少家, 是谁), a reference back (它, 这个文件, 上面说的第一部法律, 这笔钱), a request for more (详细说说, 还有呢) and
an ordinal (第二条). Which slots a message fills is what ``answer.followup`` reads it by: a message that
lacks a topic or a question is completed from the conversation's last frame.

Invariant: the pieces of a message, joined, are the message (folded), fillers aside; no slot is ever read
from the message's length or its first character.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict

from jzbot.answer import policy
from jzbot.answer.scope import identity, scope_of
from jzbot.answer.terms import stopwords
from jzbot.answer.understand import Question, understand
from jzbot.index.keyword import Tagged
from jzbot.index.knowledge import Knowledge
from jzbot.registry.docno import find_docnos
from jzbot.registry.vocabulary import Vocabulary
from jzbot.text import CN_NUMERAL, NUMBER, RELATIVE_YEARS, abbreviation_in, cn_to_int, fold, match_key


class Slot(StrEnum):
    YEAR = "year"
    PLACE = "place"  # a place or a body: 咱局, 全省, 金水区, 省厅
    DOC = "doc"  # a 文号 or a 《title》
    TOPIC = "topic"  # what is asked about: an indicator, a subject, and the words around it
    ASPECT = "aspect"  # what of the topic is asked: its rank, growth, contact, 文号 …
    ASK = "ask"  # the question words: 多少家, 是谁, 哪天
    REFER = "refer"  # a word pointing back: 它, 这个文件, 上面说的第一部法律, 这笔钱
    WIDEN = "widen"  # 详细说说, 还有呢
    ORDINAL = "ordinal"  # 第二条, 第一个: an item of the last answer (or an article of its document)
    FILLER = "filler"  # 那, 其中, 呢: framing that names nothing


class Aspect(StrEnum):
    """What a question asks of its topic; a follow-up naming only an aspect keeps the topic."""

    RANK = "rank"
    GROWTH = "growth"
    SHARE = "share"
    TOTAL = "total"
    NEW = "new"
    DEADLINE = "deadline"
    PERSON = "person"
    PHONE = "phone"
    EMAIL = "email"
    ADDRESS = "address"
    DOCNO = "docno"
    ISSUER = "issuer"
    RECIPIENTS = "recipients"
    DATE = "date"
    PUBLISHED = "published"
    EFFECTIVE = "effective"  # when a law or rule takes effect: 哪天施行, 什么时候生效
    BASIS = "basis"
    STATUS = "status"
    TITLE = "title"  # what a document is called: its 标题, 全称
    PAGE = "page"  # a field the document's web page prints about it: 来源, 发布机构, 浏览量


class Refer(StrEnum):
    DOCUMENT = "document"  # 它, 这个文件, 那份通知, 他们: the document the conversation is about
    CONTENT = "content"  # 这笔钱, 这项工作, 这是: what the last answer said


class AspectRow(NamedTuple):
    aspect: Aspect
    question: str  # regex over the folded message: the aspect is asked
    ask: str  # the question words added when the message names only the aspect (位次呢 → 位次排第几)
    evidence: str  # regex over a cited sentence: it states the aspect (for figures; "" for others)
    noun: str  # how a refusal names it (知识库中没有…的全省排名)
    canonical: str = (
        ""  # said this way whatever the wording (还执行吗 → 目前是否有效), so every rule knows it
    )
    plain: str | None = None  # said so when the documents never use the message's word (增长速度 → 增长)


_ORDINAL_NUMBER = rf"[{CN_NUMERAL}\d]+"
_WHEN = r"(?:是?(?:哪天|哪一天|什么时候|啥时候|何时|几月几号|几号))"  # asked of a date
# The 信息公开 fields a page prints that no other aspect asks (来源, 索引号, 浏览量); a word that also names
# content (标题, 分类, 作者) or a field another aspect reads (文号, 成文日期, 有效性) is left out.
PAGE_FIELDS = (
    "索引号", "组配分类", "主题分类", "体裁分类", "公开方式", "公开形式", "公开范围", "公开目录", "公开责任部门",
    "发布机构", "发布单位", "所属机构", "信息分类", "内容分类", "所属主题", "统一编号", "访问量", "阅读量",
    "点击量", "信息来源", "来源", "浏览次数", "阅读次数", "浏览量", "点击数",
)  # fmt: skip
# One row per aspect, most specific first. General 公文 and statistics vocabulary, not any question's wording.
ASPECTS: tuple[AspectRow, ...] = (
    AspectRow(
        Aspect.RANK,
        r"(?:在|居)?(?:全(?:省|国|市))?(?:排名|名次|位次|排第几|排多少|排几|第几名|第几位|排在第几位?|位居第几|"
        r"位列第几|第几(?![条款章节批次届项个号]))",
        "排第几",
        rf"第\s*{_ORDINAL_NUMBER}|首位|位居|位列|名列|排名",
        "排名",
        plain="",  # 名次呢 → 排第几: the question words say it
    ),
    AspectRow(
        Aspect.GROWTH,
        r"增速|增幅|涨幅|增长率|增长(?:幅度|速度)|同比(?:增长)?|"
        r"(?:(?:比|较)(?:上年|去年)(?:同期)?)?(?:增长|增加|上涨|涨|提高)了?(?:多少|几成|百分之几)|"
        r"(?:比|较)(?:上一?年度?|去年|前一年)(?:同期)?(?:多|少)了?(?:多少|几|百分之(?:多少|几))|"
        r"(?:比|较)?(?:上一?年度?|去年|前一年)?(?:提升|上升|前进)了?(?:几位|几名|多少位)",  # a rank's change
        "是多少",
        r"%|增长|增速|增幅|提高|提升|增加|上升|前进",
        "增长情况",
        plain="增长",
    ),
    AspectRow(
        Aspect.SHARE,
        r"比重|占比|所占比例|比例|占[^，。？?]{0,12}?的?(?:比重|比例|多少|几成|百分之几)",
        "是多少",
        r"%|占|比重|比例|百分之",
        "占比",
    ),
    AspectRow(
        Aspect.TOTAL, r"累计|总数|总量|总计|共有", "多少", r"累计|总数|总量|共有|达到|达\s*\d", "累计数"
    ),  # 全县高企达47家 states a total
    # a count of the year (认定104家种子企业) states the new ones though it says no 新
    AspectRow(
        Aspect.NEW, r"新增|净增|新认定|新入选", "多少", r"新增|净增|认定|入选|入库|获批|评选", "新增数"
    ),
    AspectRow(
        Aspect.DEADLINE, r"截止(?:时间|日期)|截至(?:时间|日期)|办理期限|申报期限", "是哪天", "", "截止时间"
    ),
    # who answers for a document or an item: its contact, the one in charge, who explains it (a 解读's 解读人)
    AspectRow(
        Aspect.PERSON,
        # 找谁联系 / 联系谁 ask the contact as 联系人是谁 does
        r"联系人|联络人|负责人|经办人|解读人|(?:找|问|跟|和|与|向)谁(?:联系|联络|咨询|对接)|联系谁|咨询谁",
        "是谁",
        r"联系人|联络人|负责人|经办人|解读人|联系方式",
        "联系人",
    ),
    AspectRow(
        Aspect.PHONE, r"联系电话|电话号码|电话|手机号?|号码", "是多少", r"电话|\d{3,4}-\d{7,8}|\d{7,}", "电话"
    ),
    AspectRow(Aspect.EMAIL, r"电子邮箱|邮箱|电子邮件", "是什么", r"@", "邮箱"),
    AspectRow(
        Aspect.ADDRESS, r"(?:办公|通讯|联系)?地址|在哪(?:里|儿)?办公", "在哪里", r"地址|[路街道]\d+号", "地址"
    ),
    AspectRow(Aspect.DOCNO, r"发文字号|文号|令号", "是多少", "", "文号", canonical="文号是多少"),
    AspectRow(
        Aspect.ISSUER,
        # 印发 alone is the printing office's (版记: 印发机关), not who issued it
        r"(?:(?:哪个|哪[几两三]个|哪些|什么)(?:部门|单位|机关)|哪[几两三]家(?:部门|单位|机关)?)"
        r"(?:联合(?:印发|发布|下发|发)|发布|下发|制发|发)(?![展放现生])|发文机关|发文单位|谁发|"
        r"(?:是|由)?谁(?:制定|出台|发布|下发)(?=的|$)",
        "",
        "",
        "发文机关",
        canonical="发文机关是什么",
    ),
    AspectRow(
        Aspect.RECIPIENTS,
        r"主送(?:单位|机关|对象)?|(?:发|报|送|报送|下发|印发)给了?(?:谁|哪些?(?:单位|部门|机关)?|哪几个(?:单位|部门)?)",
        "",
        "",
        "主送机关",
        canonical="主送机关是什么",
    ),
    # When a document was put online (发布时间 on its page) is not when it was signed (成文日期).
    AspectRow(
        Aspect.PUBLISHED,
        rf"发布(?:日期|时间)|{_WHEN}(?:发布|公布|挂网)",
        "",
        "",
        "发布日期",
        canonical="发布日期是哪一天",
    ),
    AspectRow(
        Aspect.EFFECTIVE,
        rf"施行(?:日期|时间)|生效(?:日期|时间)|{_WHEN}起?(?:开始)?(?:施行|生效)",
        "",
        "",
        "施行日期",
        canonical="哪天起施行",
    ),
    AspectRow(
        Aspect.DATE,
        rf"成文日期|落款日期|印发日期|发文日期|签发日期|批复日期|落款(?={_WHEN})|{_WHEN}(?:作出|做出|印发|下发|签发|发出|出台|成文|批复|答复|回复|颁布|制定|(?:发|批)(?=的|$))",
        "",
        "",
        "日期",
        canonical="成文日期是哪一天",
    ),
    AspectRow(
        Aspect.BASIS,
        r"(?:法律|法规|政策)?依据|(?:根据|依照|按照)(?=什么|哪)",
        "是哪些法律法规",
        r"《[^《》]+》|[\u4e00-\u9fff]{1,10}(?:法|条例)(?:的?规定|第)|(?:根据|依据|依照|按照)《",
        "依据",
    ),
    AspectRow(
        Aspect.STATUS,
        r"(?:现在|目前)?(?:还|仍然?)(?:有效|执行|在执行|适用|在用|能用)吗?|有效吗|失效了?吗|废止了?吗",
        "",
        "",
        "效力",
        canonical="目前是否有效",
    ),
    # a document's name, asked as the registry answers it (焦科〔2023〕2号是什么文件); 名称 alone names other things
    AspectRow(
        Aspect.TITLE,
        r"文件名称?|标题|全称",
        "",
        "",
        "标题",
        canonical="是什么文件",
    ),
    AspectRow(Aspect.PAGE, "|".join(sorted(PAGE_FIELDS, key=len, reverse=True)), "是什么", "", "页面信息"),
)
_BY_ASPECT = {row.aspect: row for row in ASPECTS}
FIGURE_ASPECTS = frozenset({Aspect.RANK, Aspect.GROWTH, Aspect.SHARE, Aspect.TOTAL, Aspect.NEW})
# Asked of a document itself, not of what it says: a follow-up asking one keeps the document, not the topic.
DOCUMENT_ASPECTS = frozenset(
    {
        Aspect.DOCNO,
        Aspect.ISSUER,
        Aspect.RECIPIENTS,
        Aspect.DATE,
        Aspect.PUBLISHED,
        Aspect.EFFECTIVE,
        Aspect.STATUS,
        Aspect.BASIS,
        Aspect.PAGE,
        Aspect.TITLE,
    }
)
# What the 文号 registry states of a document it only knows by its 文号 (no file of it is indexed).
REGISTRY_ASPECTS = frozenset({Aspect.STATUS, Aspect.ISSUER, Aspect.TITLE})
# Stated right after the item they belong to (…由高新科负责办理。联系人:陈克，电话:3418428。).
CONTACT_ASPECTS = frozenset({Aspect.PERSON, Aspect.PHONE, Aspect.EMAIL, Aspect.ADDRESS})
# What states a contact in any sentence: a number, a mailbox, an address, a labelled contact person (the word
# 电话 alone, as in 注明联系电话, states none).
STATED_BY = {
    # a number labelled 编号, 索引号, 文号 (编号: 12050094) is no phone
    Aspect.PHONE: re.compile(r"\d{3,4}-\d{7,8}|(?<!\d)(?<!号:)(?<!号: )(?<!号：)\d{7,8}(?!\d)"),
    Aspect.EMAIL: re.compile(r"[\w.-]+@[\w.-]+"),
    Aspect.ADDRESS: re.compile(r"地\s*址\s*[:：]|[路街]\d+号"),
    Aspect.PERSON: re.compile(r"(?:联\s*系|联\s*络|负\s*责|经\s*办|解\s*读)\s*人\s*[:：]"),
}

# The nouns a document goes by; a demonstrative before one of them points at a document.
DOCUMENT_NOUNS = (
    "文件|通知|决定|办法|细则|报告|条例|法律|法规|规定|公示|指引|指南|规划|批复|答复|函|意见|方案|公告|"
    "通报|名单|请示|政策|文|法"
)
_REFER: tuple[tuple[Refer, str], ...] = (
    # 上面说的第一部法律, 上述文件, 前面提到的那个办法
    (
        Refer.DOCUMENT,
        rf"(?:上面|上述|前面|刚才|刚刚)(?:所?(?:说|提|讲|列)(?:到)?的?)?(?:第(?P<nth>{_ORDINAL_NUMBER})(?:部|个|份|项|条|篇)?)?(?:{DOCUMENT_NOUNS})",
    ),
    # 这个文件, 那份通知, 这部法, 该办法, 本细则
    (Refer.DOCUMENT, rf"(?:这|那|该|本|此)(?:一)?(?:个|份|部|项|篇|条)?(?:{DOCUMENT_NOUNS})"),
    (Refer.DOCUMENT, r"它们?|他们|她们|该单位|该局|这个单位|这家单位|(?:这|那)(?:份|部|篇)(?=[的里中]|$)"),
    # 报告里说…, 文件中提到的…, 通知上写的…: a message opening with the bare document noun and what it says is
    # about the conversation's document (the noun names no other), as 这份报告里 would be
    (Refer.DOCUMENT, rf"^(?:{DOCUMENT_NOUNS})(?:里|中|上)面?(?:说|讲|提|写)(?:到|了)?的?"),
    # 这笔钱, 这项工作, 这件事, 这些, 这是: what the last answer said
    (Refer.CONTENT, r"这(?:笔|项|件|些|个)?(?:钱|经费|资金|工作|事情?|数字?|数据|情况)|这些|这是"),
    # 前年的数据呢, 全省的情况呢: a generic noun closing the message is the last answer's figure, not a new topic
    (Refer.CONTENT, r"的?(?:数据|数字|情况)(?=(?:呢|吧|啊)?[？?。！!]*$)"),
)
_WIDEN = (
    r"(?:再|说得?|讲得?)?详细(?:说说|讲讲|介绍|说一下|讲一下|点|一点|些)|(?:再|说得?|讲得?)?具体(?:说说|讲讲|介绍|内容|是什么|一?点|一些|些)|"
    r"展开(?:说说|讲讲|一下|来说)|细(?:说|讲)一下|还有(?:呢|吗|别的|其他的?|哪些)|其他的呢"
)
_ORDINAL = rf"第(?P<n>{_ORDINAL_NUMBER})(?:条|个|项|点|部|方面|方向|件|类)"
_RELATIVE_TO_FRAME = {"前一年": -1, "上一年": -1, "头一年": -1, "后一年": 1, "次年": 1, "下一年": 1}
_YEAR = "|".join(
    # 到2027年: a target year is read with its 到 (the year the figure is reached), never 到 as a topic word
    [
        r"(?:到|至)?(?:19|20)\d{2}\s*年?度?",
        *sorted([*RELATIVE_YEARS, *_RELATIVE_TO_FRAME], key=len, reverse=True),
    ]
)
# 变不变, 能不能, 变没变: a verb asked in its A-not-A form is a question as 是否 is (the character repeated)
_A_NOT_A = r"(?P<verb>[\u4e00-\u9fff])[不没](?P=verb)|了?没有(?=[？?。!！]*$)"
_QUESTION_WORD = (
    rf"多少|几|哪|什么|啥|谁|怎么|怎样|如何|何时|多久|多大|多高|多长|是否|有没有|有无|能否|吗|{_A_NOT_A}"
)
_ASK = rf"(?:是|有|为)?(?:{_QUESTION_WORD})(?:时候|人次|[个家项次人名件份位篇批条回种类天年月号些处部])?"
ASKS_ITSELF = re.compile(rf"{_QUESTION_WORD}|第几")
_LEADING_FILLER = re.compile(
    r"^(?:那么|那请问|请问|那|还有(?!效)|另外|再问一下|再问|再查|其中)"
)  # 还有效吗 asks
# Which edition of a document that was amended: 2010年那版, 2024年修订后的, 老版, 新版, 修订前 (said of the
# conversation's document; the year before it, if any, stays a year piece)
EDITION_CUE = re.compile(
    r"(?:(?<=年)(?:修订|修正)?(?:前|后)?的?(?:那|这)?一?版(?:本)?|(?<=年)(?:修订|修正)(?:前|后)的?|"
    r"(?:那|这)一?版(?:本)?|(?:老|旧|原|新|最新|现行|修订|修正)版(?:本)?|(?:修订|修正)(?:前|后)的?)"
    r"(?:里|中)?"
)
_TRAILING_FILLER = re.compile(r"(?:的)?(?:呢|吧|呀|啊)?[？?。！!，,、\s]*$")
AMOUNT = re.compile(r"\d+(?:\.\d+)?\s*(?:亿元|万元|元|亿|万|%)")
_LEVEL = re.compile(r"(?:国家|省|市|县|区)级")
# 副省级城市, 地级市, 县级市: a class of places by administrative rank (a rank is said among them), not a place
_PLACE_CLASS = re.compile(r"副?(?:省|地|市|县|区)级(?:城市|市|县|区|地区)")
_LEVEL_PREFIX = re.compile(r"^(?:国家级?|省级?|市级?|县级?|区级?)")
# A short body word (省厅, 市局, 区局) names an organization by its level and kind.
_BODY = re.compile(
    r"^(?P<level>省|市|县|区|部|国家)?(?:科技|科学技术)?(?:厅|局|委)里?$"
)  # 局里: the body spoken of
# The level a body word names by itself (厅 is a province's, 部 the state's); the identity's levels
_BODY_LEVELS = {"省": "省", "厅": "省", "市": "市", "县": "县区", "区": "县区", "部": "国家", "国家": "国家"}


def body_level(word: str) -> str | None:
    """The level a generic body word (市科技局, 省厅, 局) names, "" for none; None for any other word (a place's
    own name: 新乡市科技局 names its body, not a level)."""
    m = _BODY.match(word)
    if m is None:
        return None
    return _BODY_LEVELS.get(m.group("level") or word[:1], "")


_SCOPE_WORDS = re.compile(r"^全(?:省|市|国|区|县)$")
# How the titles a question may name unquoted end (科技进步法, 信息公开条例, 2013年度市科技进步奖决定).
_TITLED = re.compile(r"(?:法|条例|办法|规定|细则|规划|方案|决定|指引)$")
_PLACE_POS = {"ns"}
# Words that say what a question is about (nouns, names, verbal nouns, abbreviations, set phrases) and
# adjectives, which a follow-up may swap (优秀 → 不合格).
_CONTENT_POS = {"n", "nz", "nt", "nr", "nrt", "vn", "an", "a", "j", "l", "eng", "b"}
_SUBJECT_POS = {"n", "nz", "nt", "nr", "nrt", "vn", "j", "l", "eng"}
JOINS = frozenset({"与", "和", "及", "以及", "、"})  # inside a noun phrase: 现代农业与社会发展领域
_COORDINATING = ("及", "以及", "与", "和", "、")
_WHICH = re.compile(r"哪|什么|啥")  # a noun right after these names the answer's type, not its subject


class Piece(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    slot: Slot
    text: str
    pos: str = ""  # the part of speech of a topic word
    subject: bool = False  # a topic word that names what the question is about
    aspect: Aspect | None = None
    refer: Refer | None = None
    ordinal: int | None = None  # 第二条 → 2; 上面说的第一部法律 → 1
    level: bool = False  # 市级, 省级: an administrative level that qualifies the topic
    amount: bool = False  # 10亿元: a threshold the topic states


class Relation(StrEnum):
    """How a message relates to the conversation before it."""

    FRESH = "fresh"  # a question of its own
    FOCUSED = "focused"  # a question of its own about the documents the conversation is about
    FOLLOW_UP = "follow_up"  # completed from the last frame (slots it names replace, slots it omits are kept)
    # about a document the conversation named or cited (它, 这个文件, 上面说的第一部法律)
    REFERENCE = "reference"
    WIDEN = "widen"  # more of the last answer's evidence (详细说说, 第二条, 还有呢)


class Frame(BaseModel):
    """A question as understood: its pieces, how it relates to the conversation, the documents it is about."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    pieces: tuple[Piece, ...]
    relation: Relation = Relation.FRESH
    docs: tuple[str, ...] = ()  # the documents it is about when the conversation says so (searched within)
    chunks: tuple[str, ...] = ()  # the evidence the last answer cited (read first)
    year: int | None = None  # the year asked, resolved
    changed: tuple[Slot, ...] = ()  # slots the message itself filled in a follow-up
    own: str = (
        ""  # the topic words a follow-up brought that the last question lacked: its answer must say them
    )
    shown_as: str = ""  # the question as shown, when it names a document the search text leaves out
    # Asked of ``docs`` because the message names no place, body, document or year of its own, though they may
    # not hold its answer: another document answers it only when it is of the same place as they are.
    confined: bool = False

    @property
    def text(self) -> str:
        """The question the engine answers."""
        return "".join(p.text for p in self.pieces if p.slot is not Slot.FILLER)

    @property
    def shown(self) -> str:
        """The question as understood, as a person reads it."""
        return self.shown_as or self.text

    def of(self, slot: Slot) -> list[Piece]:
        return [p for p in self.pieces if p.slot is slot]

    @property
    def aspect(self) -> Aspect | None:
        return next((p.aspect for p in reversed(self.pieces) if p.aspect is not None), None)

    @property
    def indicator(self) -> str:
        """The topic's last noun phrase naming a subject: what a figure is of (高企 in 今年全县新认定高企几家)."""
        phrases = [r for r in noun_phrases(self.pieces) if any(self.pieces[i].subject for i in r)]
        return "".join(self.pieces[i].text for i in phrases[-1]) if phrases else ""


def noun_phrases(pieces: tuple[Piece, ...] | list[Piece]) -> list[list[int]]:
    """Runs of topic content words (joined by 与/和/及), each as the positions of its pieces."""
    runs: list[list[int]] = []
    current: list[int] = []
    for i, p in enumerate(pieces):
        content = p.slot is Slot.TOPIC and (p.pos in _CONTENT_POS or p.level or p.amount or p.subject)
        # 与/和 inside a phrase (现代农业与社会发展领域); a measure word too (示范类项目)
        joining = p.slot is Slot.TOPIC and (p.text in JOINS or p.pos[:1] in "qk") and bool(current)
        if content or joining:
            current.append(i)
            continue
        if current:
            runs.append(current)
        current = []
    if current:
        runs.append(current)
    out = []
    for run in runs:
        while run and pieces[run[-1]].text in JOINS:
            run = run[:-1]
        if run:
            out.append(run)
    return out


class Mark(NamedTuple):
    slot: Slot
    aspect: Aspect | None = None
    refer: Refer | None = None
    ordinal: int | None = None
    amount: bool = False


@dataclass(frozen=True)
class Reader:
    """Reads messages over one knowledge view (the engine's): its tokenizer, its documents, its vocabulary."""

    knowledge: Knowledge
    vocab: Vocabulary
    today: dt.date
    home_org: str
    # Whether the given documents hold complete evidence for a question (``Engine.holds``); None: never asked.
    holds: Callable[[str, frozenset[str]], bool] | None = None

    def understand(self, text: str) -> Question:
        return understand(text, self.today)

    def tagged(self, text: str) -> list[Tagged]:
        return self.knowledge.tokenizer.tagged(text)

    @cached_property
    def _identities(self) -> dict[str, str]:
        return {d: identity(m) for d, m in self.knowledge.docs.items()}

    @cached_property
    def _home_words(self) -> str:
        return match_key(self.home_org)

    def place_docs(self, word: str) -> frozenset[str]:
        """The documents a place or body word picks: as a question's cue would (咱市 → the home documents), else
        by their identity (title, issuer, file name, 文号) however abbreviated (省厅 → 省科技厅); empty when it
        picks none or every one, and for 全省/全市, which say how far, not whose."""
        if _SCOPE_WORDS.match(word):
            return frozenset()
        scope = scope_of(self.understand(word), self.knowledge, self.home_org)
        if scope.docs and match_key(word) in map(match_key, scope.cues):  # the whole word picked them
            return scope.docs
        key = match_key(word)
        key = key if len(key) <= 2 or not key.endswith(("省", "市")) else key[:-1]
        docs = frozenset(
            d
            for d, i in self._identities.items()
            if key in i or abbreviation_in(key, i, policy.NAME_ABBREVIATION_SPAN)
        )
        return docs if len(docs) < len(self._identities) else frozenset()

    def docs_named(self, name: str) -> frozenset[str]:
        """The documents a 《title》 or a 文号 names: the one so titled, else those the title picks."""
        key = match_key(name)
        exact = frozenset(d for d, m in self.knowledge.docs.items() if match_key(m.title) == key)
        if exact:
            return exact
        question = self.understand(name if find_docnos(name) else f"《{name}》")
        scope = scope_of(question, self.knowledge, self.home_org)
        return scope.docs or frozenset()

    def is_place(self, word: str, pos: str) -> bool:
        return (
            pos in _PLACE_POS
            or bool(_BODY.match(word) or _SCOPE_WORDS.match(word))
            or (len(word) >= 2 and self._home_words.startswith(word))  # 焦作, 焦作市: the home city by name
        )

    def is_subject(self, word: str, pos: str) -> bool:
        synonym = len(self.vocab.alternatives(word)) > 1
        return (
            (pos in _SUBJECT_POS or synonym)
            and (len(word) >= 2 or synonym)
            and word not in stopwords()
            and word not in self.vocab.stopwords
        )


def _mark(marks: list[Mark | None], start: int, end: int, mark: Mark) -> bool:
    if any(m is not None for m in marks[start:end]):
        return False
    marks[start:end] = [mark] * (end - start)
    return True


def _ordinal(text: str | None) -> int | None:
    if not text:
        return None
    return int(text) if text.isdigit() else cn_to_int(text)


def read(message: str, reader: Reader) -> tuple[Piece, ...]:
    """The message cut into typed pieces, in order."""
    text = fold(message)
    marks: list[Mark | None] = [None] * len(text)
    for d in find_docnos(text):
        _mark(marks, d.start, d.end, Mark(Slot.DOC))
    for m in re.finditer(r"《[^《》]+》", text):
        _mark(marks, m.start(), m.end(), Mark(Slot.DOC))
    bounds = _word_bounds(text, reader)
    for cue in scope_of(reader.understand(text), reader.knowledge, reader.home_org).cues:
        # 咱市, 省科技厅, 金水区: the words that picked documents are places or bodies, however jieba cuts them
        if not find_docnos(cue):
            for m in re.finditer(re.escape(cue), text):
                # 天津市科技局2018年法治…: a cue is cut before a year inside it and at the word it ends in
                end = next((y.start() + m.start() for y in re.finditer(_YEAR, cue) if y.start()), m.end())
                end = max((b for b in bounds if m.start() < b <= end), default=m.start())
                if end <= m.start() or text.startswith(_COORDINATING, end):
                    continue  # 高新区及孵化育成体系建设领域: one topic
                # 科技进步法 names a document, 金水区 a place
                slot = Slot.DOC if _TITLED.search(text[m.start() : end]) else Slot.PLACE
                _mark(marks, m.start(), end, Mark(slot))
    for refer, pattern in _REFER:  # before fillers: 那份通知 points back, 那 alone frames
        for m in re.finditer(pattern, text):
            if m.end() not in bounds:
                continue  # 那法治政府建设年度报告: 那 + 法 is no 那部法; the noun ends inside a word
            nth = m.groupdict().get("nth")
            _mark(marks, m.start(), m.end(), Mark(Slot.REFER, refer=refer, ordinal=_ordinal(nth)))
    for m in re.finditer(_WIDEN, text):  # before fillers too: 还有呢 asks for more, 还有 alone frames
        _mark(marks, m.start(), m.end(), Mark(Slot.WIDEN))
    for m in EDITION_CUE.finditer(text):  # 2010年那版呢, 老版呢: which edition, not a topic word
        _mark(marks, m.start(), m.end(), Mark(Slot.FILLER))
    if lead := _LEADING_FILLER.match(text):
        _mark(marks, 0, lead.end(), Mark(Slot.FILLER))
    if (tail := _TRAILING_FILLER.search(text)) and tail.end() > tail.start():
        _mark(marks, tail.start(), tail.end(), Mark(Slot.FILLER))
    for m in re.finditer(_ORDINAL, text):
        _mark(marks, m.start(), m.end(), Mark(Slot.ORDINAL, ordinal=_ordinal(m.group("n"))))
    for row in ASPECTS:  # before years: 比上年增长多少 asks a growth, not about 上年
        for m in re.finditer(row.question, text):
            _mark(marks, m.start(), m.end(), Mark(Slot.ASPECT, aspect=row.aspect))
    for m in re.finditer(_YEAR, text):
        _mark(marks, m.start(), m.end(), Mark(Slot.YEAR))
    for m in re.finditer(_ASK, text):
        _mark(marks, m.start(), m.end(), Mark(Slot.ASK))
    for m in AMOUNT.finditer(text):
        _mark(marks, m.start(), m.end(), Mark(Slot.TOPIC, amount=True))
    return tuple(_typed_documents(_qualified_bodies(_pieces(text, marks, reader))))


def _typed_documents(pieces: list[Piece]) -> list[Piece]:
    """依据的政策文号, 依据的文件: a document noun beside a document aspect says what kind of document the answer
    is, not what the question is about."""
    out = list(pieces)
    for i, p in enumerate(out):
        if not (p.slot is Slot.TOPIC and p.subject and re.fullmatch(f"(?:{DOCUMENT_NOUNS})", p.text)):
            continue
        near = [q for q in (out[i - 2 : i] + out[i + 1 : i + 2]) if q.slot is Slot.ASPECT]
        if any(q.aspect in DOCUMENT_ASPECTS for q in near):
            out[i] = p.model_copy(update={"subject": False})
    return out


def _word_bounds(text: str, reader: Reader) -> set[int]:
    """Where the tokenizer's words end in ``text`` (a cue never ends inside one: 法|治 is no title's end)."""
    bounds, at = {len(text)}, 0
    for word, _ in reader.tagged(text):
        at += len(word)
        bounds.add(at)
    return bounds


def _pieces(text: str, marks: list[Mark | None], reader: Reader) -> list[Piece]:
    out: list[Piece] = []
    i = 0
    while i < len(text):
        mark = marks[i]
        j = i
        while j < len(text) and marks[j] == mark:
            j += 1
        if mark is not None:
            out.append(
                Piece(
                    slot=mark.slot,
                    text=text[i:j],
                    aspect=mark.aspect,
                    refer=mark.refer,
                    ordinal=mark.ordinal,
                    amount=mark.amount,
                    subject=mark.amount,
                )
            )
        else:
            out.extend(_words(text[i:j], reader, after_which=bool(out) and _WHICH.search(out[-1].text)))
        i = j
    return out


def _qualified_bodies(pieces: list[Piece]) -> list[Piece]:
    """县级以上地方人民政府: an administrative level and the words after it qualify the body they precede; the
    whole is one place or body, not a level swapped into the topic."""
    out: list[Piece] = []
    for p in pieces:
        if p.slot is Slot.PLACE:
            start = len(out)
            while start > 0 and out[start - 1].slot is Slot.TOPIC and out[start - 1].text not in JOINS:
                start -= 1
            level = next((i for i in range(start, len(out)) if out[i].level), None)
            if level is not None:
                if level > 0 and out[level - 1].text == "副":
                    level -= 1
                text = "".join(x.text for x in out[level:]) + p.text
                if _PLACE_CLASS.fullmatch(text):
                    # 在副省级城市排第几: a class of cities by rank (a rank is among them), no place of its own
                    out[level:] = [Piece(slot=Slot.TOPIC, text=text, pos="n")]
                else:
                    out[level:] = [p.model_copy(update={"text": text})]
                continue
        out.append(p)
    return out


def _words(run: str, reader: Reader, after_which: object) -> list[Piece]:
    """An unmarked run as word pieces: places and bodies, levels, amounts, and topic words."""
    out: list[Piece] = []
    at = 0
    tagged = reader.tagged(run)
    for n, (word, pos) in enumerate(tagged):
        start = run.find(word, at) if word else -1
        if start < 0:  # the tokenizer lower-cases; keep the run's own characters
            start = at
        if start > at:  # punctuation the tokenizer drops
            out.append(Piece(slot=Slot.TOPIC, text=run[at:start]))
        original = run[start : start + len(word)]
        at = start + len(word)
        if _LEVEL.fullmatch(original):
            out.append(Piece(slot=Slot.TOPIC, text=original, pos=pos, subject=True, level=True))
        elif reader.is_place(original, pos) and not _qualifies(pos, tagged[n + 1 :]):
            out.append(Piece(slot=Slot.PLACE, text=original, pos=pos))
        else:
            asked = bool(after_which) and n == 0  # 哪个部门, 什么要求: the kind of answer, not the subject
            subject = reader.is_subject(original, pos) and not asked
            out.append(Piece(slot=Slot.TOPIC, text=original, pos=pos, subject=subject))
    if at < len(run):
        out.append(Piece(slot=Slot.TOPIC, text=run[at:]))
    return out


def _qualifies(pos: str, following: list[Tagged]) -> bool:
    """A place name right before a noun or 及/和 (高新区及孵化育成体系建设领域) names part of a topic, not where."""
    return (
        pos in _PLACE_POS
        and bool(following)
        and (following[0].pos in _SUBJECT_POS or following[0].word in JOINS)
    )


def has(pieces: tuple[Piece, ...] | list[Piece], slot: Slot) -> bool:
    return any(p.slot is slot for p in pieces)


def has_topic(pieces: tuple[Piece, ...] | list[Piece]) -> bool:
    """The message names what it asks about: a subject word, a level or an amount."""
    return any(p.slot is Slot.TOPIC and (p.subject or p.level or p.amount) for p in pieces)


def asks(pieces: tuple[Piece, ...] | list[Piece]) -> bool:
    return any(p.slot in (Slot.ASK, Slot.ASPECT) for p in pieces)


def complete(pieces: tuple[Piece, ...] | list[Piece]) -> bool:
    """A question of its own: it names its topic (or its document) and asks something of it."""
    return (has_topic(pieces) or has(pieces, Slot.DOC)) and asks(pieces)


def aspect_row(aspect: Aspect) -> AspectRow:
    return _BY_ASPECT[aspect]


def frame_relative(piece: Piece) -> bool:
    """A year piece counted from the frame's year (前一年, 次年), not from today (去年) or absolute."""
    return piece.slot is Slot.YEAR and piece.text in _RELATIVE_TO_FRAME


def year_of(pieces: tuple[Piece, ...] | list[Piece], today: dt.date, frame_year: int | None) -> int | None:
    """The year a message's year piece means: absolute, relative to today, or relative to the frame's year."""
    for p in pieces:
        if p.slot is not Slot.YEAR:
            continue
        if m := re.search(r"(?:19|20)\d{2}", p.text):
            return int(m.group(0))
        if p.text in _RELATIVE_TO_FRAME:
            return (frame_year or today.year) + _RELATIVE_TO_FRAME[p.text]
        if p.text in RELATIVE_YEARS:
            return today.year + RELATIVE_YEARS[p.text]
    return None


def level_swapped(word: str, level: str) -> str | None:
    """省工程技术研究中心 with 市级 → 市级工程技术研究中心; None when the word states no level."""
    m = _LEVEL_PREFIX.match(word)
    if not m or m.end() == len(word):
        return None
    return level + word[m.end() :]


def amount_like(a: str, b: str) -> bool:
    """Two amounts of the same unit (10亿元, 1亿元)."""
    unit = NUMBER.sub("", a)
    return bool(unit) and unit == NUMBER.sub("", b)
