"""Questions across editions on purpose: 近三年…, 历年…, 跟前年比…, 焦作和新乡比….

Such a question is asked once per edition (per year, or per place) of the series that hold its subject, each
slice over that edition alone, and the slices' answers are listed, each cited to its own document; a year no
edition covers is said to be missing. A difference is computed only from two cited values of the same indicator
(the figure registry's, matched to the question), and both values are shown beside it.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from jzbot.answer.editions import edition_year, families
from jzbot.answer.scope import Scope
from jzbot.answer.understand import Question
from jzbot.index.knowledge import Knowledge
from jzbot.models import Answer, Figure
from jzbot.text import cn_to_int, fold

# 近三年, 最近两年, 过去5年, 三年来: the last N full years before this one.
_LAST_YEARS = re.compile(
    r"(?:近|最近|过去|前)([0-9两二三四五六七八九十]+)年(?:来|以来|间)?|([两二三四五六七八九十]+)年来"
)
# 历年, 逐年: each edition's figure. 每年 is not among them: it states a recurring rule (每年1月31日前报送).
_EVERY_YEAR = re.compile(r"历年|逐年|这几年|各年度?|历次")
_COMPARED = re.compile(
    r"(?:跟|和|与|同|较|比)(?:去年|前年|上年|(?:19|20)\d{2}\s*年度?)(?:相?比较?|对比)?|同比"
)
_DIFFERENCE = re.compile(
    r"增加|减少|增长|下降|多了|少了|多出|差了?多少|差距|变化|涨了|降了|高了|低了|谁多|谁少|谁高|谁低|谁[更]?[大小]"
)
_PLACE_JOIN = re.compile(r"[和与跟、及]")
_FILLER = re.compile(r"分别|各自|各(?=是|有|为|多少)|相比较?|对比|比较|比一比|比下|比(?=谁)|是多少|呢")
# A question that names no qualifier asks for the stock (累计 474家), not the year's flow (净增 86家).
_STOCK = ("累计", "总数", "总量", "达到", "共有", "合计", "全年")
_FLOW = ("新增", "净增", "增加", "新认定", "新入选", "新建")
MAX_SLICES = 10  # 历年 over a long archive lists at most this many editions, the newest


class Slice(NamedTuple):
    label: str  # 2021年, 新乡市
    question: str  # the question for this edition alone
    exclude: frozenset[str]  # the other editions


def asks_across(question: Question) -> bool:
    """Worded to ask several editions at once (a cheap test before anything is searched)."""
    text = question.text
    return bool(
        _LAST_YEARS.search(text)
        or _EVERY_YEAR.search(text)
        or (
            len(question.years) > 1 and (_COMPARED.search(text) or _DIFFERENCE.search(text) or "分别" in text)
        )
        or (_PLACE_JOIN.search(text) and (_DIFFERENCE.search(text) or _FILLER.search(text)))
    )


def slices(
    question: Question, scope: Scope, knowledge: Knowledge, this_year: int, relevant: list[str]
) -> list[Slice]:
    """The editions a question asks across, one slice each; [] when it asks one edition. ``relevant``: the
    documents its search found, best first, whose series hold its subject (a report's series, not a decision's)."""
    rank = {d: i for i, d in reversed(list(enumerate(relevant)))}
    found = [f for f in families(knowledge) if (scope.docs is None or f & scope.docs) and f & rank.keys()]
    series = sorted(found, key=lambda f: min(rank[d] for d in f & rank.keys()))
    if not series:
        return []
    text = question.text
    years: list[int] = []
    if m := _LAST_YEARS.search(text):
        n = cn_to_int(m.group(1) or m.group(2) or "") or 0
        years = list(range(this_year - n, this_year)) if 1 < n <= MAX_SLICES else []
        text = text.replace(m.group(0), "{year}")
    elif m := _EVERY_YEAR.search(text):
        first = next(iter(series))  # the years of the series the best hit is in
        years = sorted({edition_year(knowledge.docs[d]) for d in first} - {0})[-MAX_SLICES:]
        text = text.replace(m.group(0), "{year}")
    elif len(question.years) > 1 and (_COMPARED.search(text) or _DIFFERENCE.search(text) or "分别" in text):
        years = sorted(question.years)
        text = re.sub(r"(?:19|20)\d{2}\s*年度?|去年|前年|今年|上年", "", text)
        text = "{year}" + _core(text, question)
    if years:
        return [_year_slice(y, text, series, knowledge) for y in years]
    places = _places_compared(question, series, knowledge)
    if len(places) > 1:
        core = _core(_PLACE_JOIN.sub("", _strip(question.text, places)), question)
        return [_place_slice(p, f"{p}{core}", series, knowledge) for p in places]
    return []


def _core(text: str, question: Question) -> str:
    """What is asked of each edition: the comparison and the difference asked for go, a figure is asked for."""
    text = re.sub(r"(?:跟|和|与|同|较)?比较?(?=$|[，,？?增减多少高低涨降差谁])|相比|对比", "", text)
    text = _DIFFERENCE.sub("", text)
    text = re.sub(r"了?多少|几[家项个人件次]?|呢|[？?，,。]", "", _FILLER.sub("", text))
    return text + ("多少" if question.is_figure or question.units else "")


def _year_slice(year: int, text: str, series: list[frozenset[str]], knowledge: Knowledge) -> Slice:
    exclude = {d for f in series for d in f if edition_year(knowledge.docs[d]) != year}
    return Slice(f"{year}年", text.replace("{year}", f"{year}年"), frozenset(exclude))


def _place_slice(place: str, text: str, series: list[frozenset[str]], knowledge: Knowledge) -> Slice:
    exclude = {d for f in series for d in f if not _same_place(knowledge.docs[d].place, place)}
    return Slice(place, text, frozenset(exclude))


def _same_place(a: str, b: str) -> bool:
    return bool(a) and bool(b) and (_short(a) in b or _short(b) in a)


def _short(place: str) -> str:
    return place[:-1] if len(place) > 2 and place[-1] in "省市县区" else place


def _places_compared(question: Question, series: list[frozenset[str]], knowledge: Knowledge) -> list[str]:
    """Places the question names, in its order, that editions of one series are of (焦作和新乡比)."""
    places = {knowledge.docs[d].place for f in series for d in f} - {""}
    named = [(question.folded.find(_short(p)), _short(p)) for p in places if _short(p) in question.folded]
    return [p for _, p in sorted(named)] if len(named) > 1 and _PLACE_JOIN.search(question.folded) else []


def _strip(text: str, places: list[str]) -> str:
    for p in sorted(places, key=len, reverse=True):
        text = re.sub(rf"{re.escape(p)}[省市县区]?的?", "", text)
    return text


def asks_difference(question: Question) -> bool:
    return bool(_DIFFERENCE.search(question.text))


class Value(NamedTuple):
    label: str
    figure: Figure


def pick_value(label: str, answer: Answer, question: Question, figures: list[Figure]) -> Value | None:
    """The figure an answer states for the question's indicator: among the cited chunks' figures, the one whose
    indicator and qualifier (累计, 新增, 全省 …) share most with the question, in the unit asked."""
    text = fold(question.text)
    stated = fold(answer.answer)
    best: tuple[int, Figure] | None = None
    for f in figures:
        if f.value not in stated or (question.units and f.unit not in question.units):
            continue
        name = f.indicator + f.scope
        score = sum(2 for i in range(len(name) - 1) if name[i : i + 2] in text)
        score += sum(c in text for c in f.scope)
        if not any(w in text for w in (*_STOCK, *_FLOW)) and any(w in f.scope for w in _STOCK):
            score += 1  # nothing said of new or total: the total
        if best is None or score > best[0]:
            best = (score, f)
    return Value(label, best[1]) if best else None


def difference(first: Value, second: Value) -> str | None:
    """「2021年455家，2022年557家，增加102家」 (years, oldest first) or 「焦作474家，新乡300家，相差174家」
    (places), from two values of one indicator in one unit."""
    a, b = first.figure, second.figure
    if a.unit != b.unit:
        return None
    try:
        x, y = Decimal(a.value.replace(",", "")), Decimal(b.value.replace(",", ""))
    except InvalidOperation:
        return None
    delta = y - x
    if first.label.endswith("年"):
        word = "增加" if delta > 0 else "减少" if delta < 0 else "持平"
    else:
        word = "相差" if delta else "相同"
    amount = f"{abs(delta).normalize():f}{a.unit}" if delta else ""
    return f"{first.label}{a.value}{a.unit}，{second.label}{b.value}{b.unit}，{word}{amount}。"
