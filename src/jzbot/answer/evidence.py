"""Candidate spans of the retrieved chunks, graded against a question.

Invariant: evidence is always a verbatim span of a chunk: a sentence, a ；-clause of one, or a run of
its ，-clauses, never cut inside 《》 or quotation marks. Grading is gradual: coverage of the
question's weighted terms, retrieval rank, length, year, unit and home-document preference add up to
one score; the rules decide with the thresholds in ``policy``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from typing import NamedTuple

from jzbot.answer import policy
from jzbot.answer.features import BY_NAME, bonus, found_in, required_unmet
from jzbot.answer.scope import EXTENTS, Scope, identity, level_of
from jzbot.answer.terms import Term, coverage, support
from jzbot.answer.understand import Kind, Question
from jzbot.models import Chunk, DocMeta, Hit
from jzbot.registry.identity import CITY, COUNTY, NATIONAL, PROVINCE
from jzbot.safety import looks_like_injection
from jzbot.text import (
    ARTICLE_AT_START,
    CN_NUMERAL,
    CONTACT_LINE,
    DATE,
    FIELD_LINE,
    FRONT_SECTIONS,
    ITEM_MARK,
    LIST_MARK,
    PERSON,
    PHONE,
    TABLE_SECTION,
    abbreviation_in,
    fold,
    match_key,
    split_clauses,
    split_sentences,
    split_text,
    years_in,
)

# A clause of counted items: 科研单位安排2项、规上企业安排6项.
_ITEMISED = re.compile(
    r"\d+\s*(?:项|家|个|名|人|件|所|批)[^，,。；;]*、|、[^，,。；;]*\d+\s*(?:项|家|个|名|人|件|所|批)"
)
_LABEL = re.compile(r"[\u4e00-\u9fff]{1,8}[：:]")  # 嘉宾:, 主办单位: a label whose value is the next line
_MONTH_DAY = re.compile(r"\d{1,2}\s*月\s*\d{1,2}\s*日")
_COMMA = re.compile(r"(?<=[，,])")
_PAIRS = (("《", "》"), ("“", "”"), ("（", "）"), ("(", ")"), ("〈", "〉"))


@dataclass(frozen=True)
class Evidence:
    text: str  # the verbatim span
    sentence: str  # the sentence it is part of
    chunk: Chunk
    meta: DocMeta
    rank: int
    coverage: float
    missing: tuple[Term, ...]
    score: float
    in_year: bool
    complete: bool  # every strong subject of the question is supported (in the span or its headings)
    own_coverage: float  # coverage by the span's own words, its headings aside
    foreign: bool  # another place's own document, while the question names none
    lead: str = ""  # the 一是…方面 lead of the block the span sits in
    topical: float = (
        0.0  # the part of ``coverage`` the sentence before it gives (its topic), not the span itself
    )


def _balanced(span: str) -> bool:
    return all(span.count(a) == span.count(b) for a, b in _PAIRS)


def is_heading(sentence: str) -> bool:
    """（二）严格执行法律顾问制度。 or 一是深入开展党风廉政学习教育。: a heading glued to its body text."""
    return (
        bool(LIST_MARK.match(sentence) or ITEM_MARK.match(sentence))
        and len(sentence) <= policy.HEADING_MAX_CHARS
        and not re.search(r"[\d，,；;]", sentence[policy.HEADING_MARK_CHARS :])  # a clause break: a sentence
    )


class Span(NamedTuple):
    text: str
    sentence: str
    lead: str  # the 一是… heading of the block it sits in ("" when none): a heading for its sentences


def carried_lead(previous: Chunk | None, chunk: Chunk) -> str:
    """The 一是… lead a chunk continues: the last lead of the chunk before it in the same section."""
    if previous is None or previous.section != chunk.section:
        return ""
    leads = [s.lead for s in spans(previous)]
    return leads[-1] if leads else ""


def spans(chunk: Chunk, lead: str = "") -> list[Span]:
    """Each sentence, its ；-clauses and, in long sentences, runs of ，-clauses (``lead``: the block
    lead the chunk opens inside, carried from the chunk before it)."""
    out: list[Span] = []
    contacts: list[str] = []  # 联系人:…, 联系电话:…: consecutive contact lines are also offered as one span
    sentences = split_text(chunk.text)
    for n, sentence in enumerate(sentences):
        if _contact(sentence, sentences[n + 1] if n + 1 < len(sentences) else ""):
            contacts.append(sentence)
        else:
            out += _contact_block(contacts, lead)
            contacts = []
        if is_heading(sentence):
            lead = sentence if ITEM_MARK.match(sentence) else ""
            continue
        if ITEM_MARK.match(sentence):
            lead = ""
        out.append(Span(sentence, sentence, lead))
        following = sentences[n + 1] if n + 1 < len(sentences) else ""
        if _LABEL.fullmatch(sentence) and following and len(following) <= policy.CONTACT_LINE_MAX_CHARS:
            out.append(Span(sentence + following, sentence + following, lead))  # 嘉宾: / 某办副主任某某
        clauses = split_clauses(sentence)
        if len(clauses) > 1:
            out.extend(Span(c, sentence, lead) for c in clauses)
        for clause in clauses:
            # Long clauses, and any clause stating two dates (材料3月20日前…电子版3月24日前): each date's clause
            # may answer on its own.
            if len(clause) <= policy.LONG_SENTENCE and len(_MONTH_DAY.findall(clause)) < 2:
                continue
            parts = [p for p in _COMMA.split(clause) if p]
            for i in range(len(parts)):
                for j in range(i + 1, min(i + policy.MAX_CLAUSE_RUN + 1, len(parts) + 1)):
                    run = "".join(parts[i:j])
                    # 其中甲2项、乙6项,丙6项、丁4项: a run ending inside a list of counts goes on to its end (and is
                    # no span cut short: the list's first half is not what it says).
                    end = j
                    while (
                        end < len(parts) and _ITEMISED.search(parts[end - 1]) and _ITEMISED.search(parts[end])
                    ):
                        end += 1
                    longer = "".join(parts[i:end])
                    if end > j and _balanced(longer):
                        if longer != clause:
                            out.append(Span(longer, sentence, lead))
                        continue
                    if len(run) >= policy.CLAUSE_MIN_CHARS and run != clause and _balanced(run):
                        out.append(Span(run, sentence, lead))
    return out + _contact_block(contacts, lead)


def _contact(line: str, following: str) -> bool:
    """A contact line: a labelled one (联系人:…, 联系电话:), a short line holding a phone number (高新科 5820679), or
    a short label whose number is on the next line (市民中心窗口电话 / 5858760)."""
    if CONTACT_LINE.match(line) or (FIELD_LINE.match(line) and PERSON.search(line)):  # 解读人:某某
        return True
    if len(line) > policy.CONTACT_LINE_MAX_CHARS or re.search(r"[，。；,;]", line):
        return False
    return bool(
        PHONE.search(line)
        or (
            following
            and len(following) <= policy.CONTACT_LINE_MAX_CHARS
            and PHONE.search(following)
            and not PHONE.search(line)
        )
    )


def _contact_block(lines: list[str], lead: str) -> list[Span]:
    block = "".join(lines)
    return [Span(block, block, lead)] if len(lines) > 1 else []


def years_of(text: str) -> set[int]:
    return set(years_in(text))


def _year_as_time(years: list[int], span: str) -> bool:
    """The span states an asked year as its time (到2025年，…, 2023年全县…), not only as a qualifier of one noun
    (2011年度全市高新技术产业发展目标), or states none of them."""
    found = False
    for y in years:
        for m in re.finditer(rf"{y}\s*年(度|底|末|初)?", span):
            found = True
            before, after = span[max(0, m.start() - 1) : m.start()], span[m.end() : m.end() + 1]
            if (
                before in ("到", "至", "在", "于", "截至")
                or not after
                or after in ",，:：;；、。"
                or not m.group(1)
            ):
                return True
    return not found


def year_ok(question: Question, meta: DocMeta, text: str, sentence: str = "") -> bool:
    """The span is of a year asked: the years it states (for a figure, the year before its first
    number), else the last year its sentence states before it, else its document's."""
    if not question.years:
        return True
    if question.is_figure and len(cells := _YEAR_CELLS.findall(text)) >= 2:
        # A table row of years (论文(篇)：2002年91827篇；2003年97500篇；…): each cell is its year's figure.
        return bool(set(question.years) & {int(y) for y in cells})
    if _WHEN_ASKED & question.asks.keys() and any(f"{y}年度" in question.folded for y in question.years):
        # 2013年度调查表哪天前交 → 请于2014年5月23日前: the date is the answer; the 年度 asked is the cycle of the work,
        # whose deadline may fall in the next year.
        text, sentence = DATE.sub("", text), DATE.sub("", sentence)
    # 全年 asked: a span of part of the year (1-9月, 上半年), in its words or its document's title, is not it
    if (
        _FULL_YEAR in question.folded
        and not any(_FULL_YEAR in t for t in (text, sentence))
        and any(_PART_OF_YEAR.search(t) for t in (text, sentence, meta.title or ""))
    ):
        return False
    # 按照《2022年度…的通知》要求，拟推荐…: a year inside a cited title is that document's; the span is still of its
    # own document's year (and of the title's, when that is the year asked)
    titled = {y for t in _CITED_TITLE.findall(text) for y in years_of(t)}
    text, sentence = _CITED_TITLE.sub("《》", text), _CITED_TITLE.sub("《》", sentence)
    said = (
        (_figure_year(text) if question.is_figure else set())
        or {int(y) for y in _stated_years(text)}  # 增速比2021年减低…: a baseline is no year of the span's
        or _year_before(text, sentence)
        or _year_ago(meta, text, sentence)
        or ({meta.year} if meta.year else set())
    )
    return bool(set(question.years) & (said | titled))


_CITED_TITLE = re.compile(r"《[^《》]*》")


_WHEN_ASKED = {"when", "day"}
_FULL_YEAR = "全年"
# Part of a year: January to a month before December (1-9月, 1至11月, 一至十月), a quarter, a half.
_PART_OF_YEAR = re.compile(
    r"(?<!\d)1\s*[-—－~至到]\s*(?:1[01]|[1-9])\s*月|一\s*至\s*(?:十一|[一二三四五六七八九十])\s*月|"
    r"前[一二三]季度|[一二三]季度|上半年"
)
# 过去的一年, 去年 opening a clause of a document's text: the year before its own (a 2009 通报's 过去的一年 is 2008);
# 高于去年同期, 比去年 inside a clause are baselines.
_YEAR_AGO = re.compile(r"(?:^|[，,。；;:：])\s*(?:过去的?一年|去年)(?!同期)")


def _year_ago(meta: DocMeta, span: str, sentence: str) -> set[int]:
    at = sentence.find(span[: policy.LOCATE_CHARS])
    before = sentence[: at if at >= 0 else len(sentence)] + span
    if not _YEAR_AGO.search(before):
        return set()
    if meta.date:  # the year before the one it was written in (its 成文日期)
        return {int(meta.date[:4]) - 1}
    # Undated, its year may be the one it was put online (2009: 过去的一年 is 2008) or the one it covers, as its
    # file name says (表彰2008年度…: 2008 already): either.
    return {meta.year - 1, meta.year} if meta.year else set()


# A table cell's row label (大型：2019年R&D经费…, 江苏：R&D人员…), and the labels of a table's whole (its total row).
_ROW_LABEL = re.compile(r"^([^：:，。；\d]{1,20})[：:]")
_WHOLE_ROWS = frozenset(
    ["总计", "合计", "总数", "总量", "全部", "全国", "全省", "全市", "全区", "全县", "全州"]
)


_CELL_YEAR = re.compile(r"^(?:19|20)\d{2}年")
_CELL_VALUE = re.compile(r"[+-]?\d")


def _cell_name(span: str) -> str:
    """What a table cell's sentence says it is, row label, year and figure aside: 大型：2019年R&D经费内部支出2370376万元
    → R&D经费内部支出; 2019年单位数2035 → 单位数."""
    name = _CELL_YEAR.sub("", span[m.end() :] if (m := _ROW_LABEL.match(span)) else span)
    return name[: m.start()] if (m := _CELL_VALUE.search(name)) else ""


def _named_share(name: str, question: str) -> float:
    """The share of a name's character pairs the question says (内部支出 vs 外部支出: all, or all but one)."""
    pairs = [name[i : i + 2] for i in range(len(name) - 1)]
    return sum(p in question for p in pairs) / len(pairs) if pairs else 0.0


_TARGET_WORD = re.compile(r"目标|任务|计划|指标|下达")
_DONE_WORD = re.compile(r"完成|实际|实现|达到")
_SENTENCE_PART = re.compile(r"[。；;！？]")
_SHARE_BEFORE = re.compile(r"(?:占|比|较)[^，,。；;]*$")  # 占全年目标任务的110.7%: a share of the target


def _asks_target(question: str) -> bool | None:
    """True when a figure question asks a target (全年目标是多少), False when it asks what was done against one
    (完成了多少, 实际达到多少) and names no target, None when it asks neither or both (完成目标任务百分之多少: a rate)."""
    target, done = "目标" in question, bool(_DONE_WORD.search(question))
    if target == done:
        return None
    return target


def _target_figures(span: str, units: list[str]) -> set[bool]:
    """Of the span's figures in a unit asked (any figure when none is), which kinds it states: True for a target
    (目标任务为1533万元; 指标任务共四项，分别是专利申请量280件), False for a figure done or stated (完成专利授权134件,
    R&D支出1904.6万元); a share of a target (占全年目标任务的110.7%) is neither. A figure is a target when a target
    word comes before it in its sentence part with no word of doing after that word."""
    kinds: set[bool] = set()
    pattern = re.compile(_UNIT_FIGURE.format(units="|".join(units))) if units else _NUMBER_NOT_YEAR
    for m in pattern.finditer(span):
        before = _SENTENCE_PART.split(span[: m.start()])[-1]
        if _SHARE_BEFORE.search(before):
            continue
        ends = [t.end() for t in _TARGET_WORD.finditer(before)]
        kinds.add(bool(ends) and not _DONE_WORD.search(before[ends[-1] :]))
    return kinds


def _unasked_row(span: str, question: str) -> bool:
    """The span is a cell of a row the question does not name (nor half of its label's character pairs): a
    question naming no row (规上工业企业里有研发活动的多少家) asks the whole (总计, 全省: never unasked), not one of
    its parts (集体企业)."""
    m = _ROW_LABEL.match(span)
    if not m or any(m[1].startswith(w) or m[1].endswith(w) for w in _WHOLE_ROWS):  # 全国总计, 全省合计
        return False
    label = m[1]
    if label in question:
        return False
    pairs = {label[i : i + 2] for i in range(len(label) - 1)}
    return not pairs or sum(p in question for p in pairs) * 2 < len(pairs)


_ROW_PART = re.compile(
    r"[^：:]{1,60}?其中([^：:]{1,30})[：:]"
)  # a table row of a part: 研发经费(亿元)其中基础研究：
_YEAR_CELLS = re.compile(r"(?:^|[：:；;])\s*((?:19|20)\d{2})年(?=[+-]?\d)")  # a row's cell: 2004年104699篇


# A year a figure is compared with (在2022年的基础上, 比2022年, 较上年): its baseline, not the figure's year.
_BASELINE = re.compile(
    r"(?:在|比|较|与|同|相对于?)\s*(?:(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})\s*年(?:底|末)?"
    r"(?:的?基础上|相比|同期)?"
)


def _stated_years(text: str) -> list[int]:
    """The years ``text`` states as its own, its comparison baselines aside."""
    return years_in(_BASELINE.sub("", text))


def _figure_year(text: str) -> set[int]:
    """2022年研发经费1143.26亿元…截至2023年底…: the first figure's year is the one stated before it (到2027年…
    在2022年的基础上…超过90家: 2027's, the 2022 being the baseline)."""
    for m in _NUMBER_NOT_YEAR.finditer(text):
        years = _stated_years(text[: m.start()])
        return {int(years[-1])} if years else set()
    return set()


def _year_before(span: str, sentence: str) -> set[int]:
    """The year a span without one is about: the last year its sentence states before it
    (2022年研发经费…,增速12.2%;截至2023年底,…: the 12.2% is 2022's)."""
    at = sentence.find(span[: policy.LOCATE_CHARS])
    years = _stated_years(sentence[: at if at >= 0 else len(sentence)])
    return {int(years[-1])} if years else set()


# 2030年职务11930，占80.6%: a table cell whose page states no unit (a patent table counts 件 without saying so).
_BARE_CELL = re.compile(r"\d(?=[，；。,;]|$)")
_AMOUNT = rf"(?:\d+(?:\.\d+)?|[{CN_NUMERAL}]+)"
# 97.5万人次, 3.2万件: a count in 万 is a count in its unit.
_UNIT_FIGURE = _AMOUNT + r"\s*(?:余|多)?\s*(?:万|亿)?\s*个?\s*(?:{units})"
_ANY_FIGURE = re.compile(rf"\d|百分之[{CN_NUMERAL}]+|[{CN_NUMERAL}]+(?:个|日|天|年|月|倍|项|家|人|次|名)")
_LIST_LEAD = r"下列|以下(?!简?称)|如下"  # (以下简称决策事项) announces no list
_ITEMS_FOLLOW = re.compile(rf"{_LIST_LEAD}|[（(]一[）)]")
_NUMBER_NOT_YEAR = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?!\d|\s*年|\.\d)")


def figure_text(span: str) -> str:
    """The span as figures are read from it: folded, without its 第X条 label."""
    return ARTICLE_AT_START.sub("", match_key(span))


# 谋划一批好项目, 出台一系列政策, 若干: a quantity left vague counts nothing (多少个 is not answered by 一批).
_VAGUE_QUANTITY = re.compile(rf"(?<![\d{CN_NUMERAL}第])一(?:大)?批|一系列|一些|若干")


def has_unit(text: str, units: list[str]) -> bool:
    """A number in one of ``units`` (approximate ones too: 20余家, 30多份; Chinese numerals too:
    百分之五十, 三十日); any number when no unit is asked. A vague quantity (一批) states none."""
    text = _VAGUE_QUANTITY.sub("", text)
    if not units:
        return bool(_ANY_FIGURE.search(text))
    if units == ["位"]:
        return bool(re.search(rf"第\s*{_AMOUNT}\s*位?|首位", text))
    return bool(re.search(_UNIT_FIGURE.format(units="|".join(units)), text))


_MODIFIER = re.compile(r"(?:国家|部|省|市|县|区)级|全(?:国|省|市|县|区)")


def unit_fits(text: str, units: list[str], table_row: bool) -> bool:
    """A number in a unit asked, or a table cell whose page states no unit (a patent table counts 件 without
    saying so): a bare cell is no figure of another unit."""
    return has_unit(text, units) or (table_row and bool(_BARE_CELL.search(text)))


def _bound_pairs(question: Question, terms: list[Term]) -> list[tuple[Term, Term]]:
    """(modifier, noun) pairs the question binds: a level or extent word right before a term
    (全省的技术合同成交额, 国家级孵化器). A span must bind them too: 居全省第5位 after 全市技术合同成交额
    is not 全省's 成交额."""
    text = question.folded
    pairs = []
    for mod in terms:
        if not _MODIFIER.fullmatch(mod.word):
            continue
        at = text.find(mod.word)
        after = text[at + len(mod.word) :].lstrip("的")
        head = next((t for t in terms if t is not mod and after.startswith(t.word)), None)
        if at >= 0 and head is not None:
            pairs.append((mod, head))
    return pairs


# One character naming a level of government glued to a body or an item (市政协提案, 省代表建议, 区科协)
_LEVEL_CHARS = frozenset("省市县区")


def _leveled(question: Question, terms: list[Term], places: tuple[str, ...] = ()) -> list[tuple[str, Term]]:
    """(level character, term) the question writes together: 市政协提案 asks the city's 政协提案; the character
    ending a place the question names (姚安县科技信息, 武汉市教育局) is the place's, no level of the term, and the
    last of levels listed together (县市区科技考核) names none in particular."""
    text = question.folded
    out = []
    for t in terms:
        if len(t.word) < policy.LEVELED_TERM_MIN_CHARS:
            continue
        for m in re.finditer(re.escape(t.word), text):
            at = m.start() - 1
            if at < 0 or text[at] not in _LEVEL_CHARS:
                continue
            if any(p and (text[: at + 1].endswith(p) or text[:at].endswith(p)) for p in map(fold, places)):
                continue
            if re.search(r"[省市县区][、和及与]?$", text[:at]):
                continue  # 各县市区, 省、市: levels listed together name every one of them, none in particular
            out.append((text[at], t))
    return out


def _another_level(leveled: list[tuple[str, Term]], span: str) -> list[Term]:
    """The terms a span says only at another level (省政协提案会办12件 for 市政协提案): it speaks of another body's."""
    out = []
    for level, term in leveled:
        said = {
            span[m.start() - 1]
            for alt in term.alternatives
            for m in re.finditer(re.escape(alt), span)
            if m.start() > 0
        }
        if level not in said and said & (_LEVEL_CHARS - {level}):
            out.append(term)
    return out


def _phrases(question: Question, terms: list[Term]) -> list[str]:
    """Runs of question terms written side by side (统计 报告 制度 → 统计报告制度), at least four characters,
    and their sub-runs; a negated term with its negation."""
    text = match_key(question.folded)
    # In the order the question writes them (a Latin term is read first, 有R&D活动 still has R&D before 活动).
    terms = sorted(terms, key=lambda t: at if (at := text.find(match_key(t.word))) >= 0 else len(text))
    out: list[str] = []
    i = 0
    while i < len(terms):
        run = terms[i].word
        j = i + 1
        while j < len(terms) and run + terms[j].word in text:
            run += terms[j].word
            j += 1
        words = [t.word for t in terms[i:j]]
        out += [
            "".join(words[a:b])
            for a in range(len(words))
            for b in range(a + 2, len(words) + 1)
            if len("".join(words[a:b])) >= policy.PHRASE_MIN_CHARS
        ]  # 统计报告制度 of 统计报告制度落实
        i = j
    # 不适用, 未公开: a negated word is said as the question says it (适用本条例 is the opposite).
    out += [m.group(0) for t in terms for m in re.finditer(f"[不未无没非]{re.escape(t.word)}", text)]
    return out


def _said(cov: float, missing: list[Term], words: set[str], total: float) -> tuple[float, list[Term]]:
    """Coverage with the terms ``words`` counted as said (the span holds what they ask for); ``total``: the
    question's whole weight."""
    said = [t for t in missing if t.word in words]
    return cov + sum(t.weight for t in said) / total, [t for t in missing if t not in said]


def _binds(span: str, mod: Term, head: Term) -> bool:
    """The span states the modifier within a few characters before its noun (or lacks the noun)."""
    heads = [m.start() for alt in head.alternatives for m in re.finditer(re.escape(alt), span)]
    if not heads:
        return True
    return any(
        alt in span[max(0, h - policy.BINDING_GAP - len(alt)) : h] for h in heads for alt in mod.alternatives
    )


# The words a document says its whole place with, by the level of its issuer (全区: a county-level district).
_OWN_EXTENT = {
    level: words
    for level, words in (
        (NATIONAL, ("全国",)),
        (PROVINCE, ("全省",)),
        (CITY, ("全市",)),
        (COUNTY, ("全县", "全区")),
    )
}


def _says_own_extent(meta: DocMeta, folded: str) -> bool:
    """The span speaks of the document's whole place (全省 in a province's document), not of one part of it."""
    level = level_of(meta)
    return level is not None and any(w in folded for w in _OWN_EXTENT.get(level, ()))


def _names_with(word: str, question: Question, chunk: Chunk) -> bool:
    """The question's extent word starts a name the chunk writes as well (全国科普工作先进集体 in a city's notice
    of its nominees): the words after it, as many as ``policy.EXTENT_NAME_CHARS``, follow it in the chunk too."""
    at = question.folded.find(word)
    after = question.folded[at + len(word) : at + len(word) + policy.EXTENT_NAME_CHARS]
    return len(after) == policy.EXTENT_NAME_CHARS and match_key(word + after) in match_key(chunk.text)


def _sentence_before(chunk: Chunk) -> dict[str, str]:
    """Each sentence of a chunk's paragraphs with the sentence before it in the same paragraph (match-keyed)."""
    out: dict[str, str] = {}
    for line in chunk.text.split("\n"):
        sentences = split_sentences(line)
        for before, sentence in pairwise(sentences):
            out.setdefault(sentence, match_key(before))
    return out


def _says(cue: str, span: str, context: str) -> bool:
    """The span or its headings and document identity name ``cue``, in full or in short."""
    key = match_key(cue)
    return any(
        key in text or abbreviation_in(key, text, policy.NAME_ABBREVIATION_SPAN) for text in (span, context)
    )


# 附件:…的决定.doc, 附件2：申报书.xlsx: a line naming an attached file (its name, a file suffix, nothing after it).
_ATTACHMENT_POINTER = re.compile(
    r"^附件\s*\d*\s*[:：.．、]?.{0,80}\.(?:docx?|wps|pdf|xlsx?|et|ofd|zip|rar)\W*$", re.I
)


def grade(
    question: Question,
    terms: list[Term],
    hits: list[Hit],
    scope: Scope,
    previous: Callable[[Chunk], Chunk | None] = lambda chunk: None,
) -> list[Evidence]:
    """Every candidate span of ``hits``, best first (``previous``: the chunk before one, for its lead)."""
    found: list[Evidence] = []
    seen: set[tuple[str, str]] = set()
    places = [match_key(p) for p in scope.places]
    top = max((t.weight for t in terms), default=0.0)
    strong = {
        t.word
        for t in terms
        if t.subject and t.named and t.in_corpus and t.weight >= policy.STRONG_SUBJECT_SHARE * top
    }
    strong |= {t.word for t in terms if t.required}
    if question.is_figure:  # a figure needs its indicator: no 增加值 in the corpus, no 增加值 figure
        strong |= {t.word for t in terms if t.subject and t.named and not t.in_corpus}
    bound = _bound_pairs(question, terms) if question.is_figure else []
    leveled = _leveled(question, terms, scope.cues)
    extent = next(((w, level) for w, level in EXTENTS.items() if w in question.folded), None)
    phrases = _phrases(question, terms)
    # Features whose answer-type words (单位, 文件) a span says by its evidence (a named 局, a 《title》).
    nouned = [(BY_NAME[n], a, set(BY_NAME[n].nouns)) for n, a in question.asks.items() if BY_NAME[n].nouns]
    asked = [re.escape(a) for t in terms if t.asked for a in t.alternatives]
    listed = re.compile(rf"(?:{_LIST_LEAD})[^，。；：]{{0,12}}(?:{'|'.join(asked)})") if asked else None
    total = max(sum(t.weight for t in terms), 1e-9)
    asks_attachments = "附件" in question.folded or "附表" in question.folded
    for rank, hit in enumerate(hits):
        if hit.chunk.section in FRONT_SECTIONS or looks_like_injection(hit.chunk.text):
            continue
        heading = match_key(hit.chunk.section)
        table_row = TABLE_SECTION in hit.chunk.section
        context = heading + identity(hit.meta)
        before = _sentence_before(hit.chunk)
        # 全国 in 全国科普工作先进集体, a name the document itself writes: a word of the name, not the extent asked
        named_extent = (
            extent is not None and not question.is_figure and _names_with(extent[0], question, hit.chunk)
        )
        for span, sentence, lead in spans(hit.chunk, carried_lead(previous(hit.chunk), hit.chunk)):
            key = (hit.chunk.doc_id, span)
            if key in seen:
                continue
            seen.add(key)
            folded = match_key(span)
            body = ARTICLE_AT_START.sub("", folded)  # 第三十三条 is a label, not a figure
            if places and not all(p in folded or p in context for p in places):
                continue
            # 全省 asked of a province's own document (its 公报) is said by the document: every figure of it is the
            # province's, though a sentence (城镇化率为74.2%) does not repeat the extent. Only of a document the
            # question picked (浙江…公报): any city's document saying 全市 is not thereby the city asked.
            picked = scope.docs is not None and hit.meta.doc_id in scope.docs
            own_extent = extent[0] if extent and picked and level_of(hit.meta) == extent[1] else ""
            cov, missing = coverage(terms, folded, context + match_key(lead) + own_extent)
            # The sentence before in its paragraph sets the span's topic (举办技术成果交易会，应当提出书面申请。管理部门应
            # 自收到申请之日起十日内作出书面答复): it lets the span answer, as its headings do, at a discount; the ranking
            # still goes by what the span says itself, so the sentence that states the topic comes first when it answers.
            said_before = before.get(sentence, "")
            topical = coverage(terms, folded, context + match_key(lead) + own_extent + said_before)[0] - cov
            # A subject it says is not missing from the span (…改建为市科技馆。低碳谷项目总建筑面积…).
            if missing and said_before:
                topic = {t.word for t in missing if support(t, said_before) >= policy.SUBJECT_SUPPORT}
            else:
                topic = set()
            for feature, asked_text, nouns in nouned:
                if found_in(feature, asked_text, body):  # 哪个单位起草的: a named organization is the 单位
                    cov, missing = _said(cov, missing, nouns, total)
                elif feature.nouns_need_evidence:  # 征求有关单位的意见: the word 单位 alone names no one
                    cov -= sum(t.weight for t in terms if t.word in nouns and t not in missing) / total
            unbound = [
                mod
                for mod, head in bound
                if mod not in missing and mod.word != own_extent and not _binds(folded, mod, head)
            ] + [t for t in _another_level(leveled, folded) if t not in missing]
            if unbound:  # a modifier of another noun in the span does not say the question's
                cov -= sum(t.weight for t in unbound) / total
                missing = [*missing, *unbound]
                strong_here = strong | {t.word for t in unbound}
            else:
                strong_here = strong
            unmet = [
                c
                for c, picked in scope.picked
                if hit.meta.doc_id not in picked and not _says(c, folded, context)
            ]  # 郑州哪个文件, asked of another document: its passage names 郑州 or does not answer
            in_year = year_ok(question, hit.meta, span, sentence)
            if (
                in_year
                and question.years
                and hit.meta.year
                and hit.meta.year not in question.years
                and not _year_as_time(question.years, span)
            ):
                # …为完成2011年度全市…目标 in a 2010 document whose title names the 先进单位 asked: the year qualifies
                # another noun, and a subject the span takes from its title is the title's year's.
                in_year = not any(
                    t.word in strong_here
                    and support(t, folded) < policy.SUBJECT_SUPPORT
                    and support(t, context) >= policy.SUBJECT_SUPPORT
                    for t in terms
                )
            score = policy.W_COVERAGE * cov - policy.W_RETRIEVAL_RANK * rank - policy.W_LENGTH * len(folded)
            if question.is_figure:
                if has_unit(body, question.units):
                    score += policy.W_FIGURE_UNIT
                elif not unit_fits(body, question.units, table_row):
                    score += policy.W_FIGURE_NO_UNIT
                # 几项，每项多少钱: a span with every kind of figure asked beats one with the first only.
                score += policy.W_FIGURE_UNIT * sum(has_unit(body, g) for g in question.unit_groups[1:])
            if question.numbers and all(match_key(n) in folded for n in question.numbers):
                score += (
                    policy.W_STATED
                )  # 那20项省科学技术奖: the passage that states the question's own figure
            score += bonus(question.asks, body, question.is_figure)  # answer/features.py
            if question.kind is Kind.LIST and _ITEMS_FOLLOW.search(body):
                score += policy.W_ITEMS  # 下列事项：（一）…: a list question's passage lists
                if listed is not None and listed.search(body):
                    score += policy.W_ITEMS_ASKED  # 哪几类项目 → 对下列科技成果转化项目: the very kind asked
            # A table's title is every cell's heading: a phrase only it says tells no cell from another.
            if any(p in folded or (p in heading and not table_row) for p in phrases):
                score += (
                    policy.W_PHRASE
                )  # 统计报告制度 said as the question says it, not 统计…报告…制度 apart
            if scope.docs is None and hit.meta.doc_id in scope.home:
                score += policy.W_HOME
            if not asks_attachments and _ATTACHMENT_POINTER.search(body):
                score -= policy.W_ATTACHMENT_POINTER
            if question.years and in_year:
                score += policy.W_YEAR
                if table_row and set(question.years) & years_of(span):
                    score += policy.W_YEAR_STATED  # the table's 2015年 column, not its 总累计 one
            if question.is_figure and (part := _ROW_PART.match(folded)) and not coverage(terms, part[1])[0]:
                score -= (
                    policy.W_UNASKED_PART
                )  # 研发经费(亿元)其中应用研究：… is a part the question does not ask
            if question.is_figure and table_row:
                # 有R&D活动 asked, of a table whose every cell has R&D and 活动 from its title: the cell whose own
                # column is what the question says (有R&D活动5305) over its neighbour (规模以上工业企业数18365).
                score += policy.W_CELL_NAMED * _named_share(_cell_name(folded), match_key(question.folded))
            if question.is_figure and (side := _asks_target(question.folded)) is not None:
                # 目标任务是多少 → 目标任务为1533万元, not 完成1904.6万元，占全年任务的124.2%; 完成了多少 the other way.
                stated = _target_figures(body, question.units)
                if stated and side in stated:
                    score += policy.W_TARGET_SIDE
                elif stated:
                    score -= policy.W_TARGET_SIDE
            if question.is_figure and table_row and _unasked_row(folded, question.folded):
                score -= (
                    policy.W_UNASKED_ROW
                )  # 集体企业：…, one row of many, for a question naming none of them
            if question.is_figure and extent is None and _says_own_extent(hit.meta, folded):
                score += policy.W_OWN_EXTENT  # 全省… in a province's document: the place as a whole
            complete = (
                not any(t.word in strong_here and t.word not in topic for t in missing)
                and not (
                    extent
                    and not named_extent
                    and extent[0] not in folded
                    and level_of(hit.meta) not in (None, extent[1])
                )
                and not unmet
                and not required_unmet(question.asks, body)  # 哪天交: a span stating no day answers nothing
            )  # 全省的…: a city's document answers only where its passage says 全省 itself
            own, _ = coverage(terms, folded)
            found.append(
                Evidence(
                    span,
                    sentence,
                    hit.chunk,
                    hit.meta,
                    rank,
                    cov + topical,
                    tuple(missing),
                    score,
                    in_year,
                    complete,
                    own,
                    scope.docs is None and hit.meta.doc_id in scope.foreign,
                    lead,
                    topical,
                )
            )
    return sorted(found, key=lambda e: -e.score)
