"""Look-alike editions of Chinese government documents, for testing edition choice.

Two transformations, both pure functions of (text, seed):

* ``last_year(text, seed)``: the same document one year earlier.  Every year moves back one
  (2023, 2023年度, 二〇二三年, 2024-02-21, the year inside a 文号 bracket 〔2024〕 [2024] (2024) 【2024】 ﹝2024﹞),
  every figure changes (counts, amounts, percentages, ranks 第4位 / 第四位 / 首位, Chinese-numeral counts such
  as 三项), and every 文号 gets the year moved back and a new serial number.
* ``sister_city(text, home, sister, seed)``: the same document for a sister city.  The home city's name and
  its districts / counties are swapped for the sister city's, the 文号 prefixes that start with the home
  city's abbreviation (焦科, 焦政, 焦办 ...) are swapped (新科, 新政, 新办 ...) and get a new serial, every
  figure changes; years stay.

Kept as they are: article and section numbers (第X条, 第一章, 一、 (二) 1. 一是), ordinals (第二次会议, 第八批,
第十三届, 令第57号), months and days, times, telephone numbers, codes, URLs and e-mail addresses, bare integers
without a unit (serials, addresses, model names).

A changed figure keeps its unit, its number of decimals, digit width and thousands separators, moves by
roughly 10-40 % (small counts and ranks move by a few places), and never equals a number of the input text
(or of the texts given as ``avoid``), so an answer that states the wrong edition's figure can be told apart.
The same figure (value and unit) always gets the same replacement within one call, and a call is a pure
function of its arguments.

Used by ``jzbot eval --crowded`` (the same questions over the knowledge plus these look-alikes) and by the
metamorphic tests. Standard library only.
"""

from __future__ import annotations

import hashlib
import random
import re
import unicodedata
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from jzbot.text import CN_DIGITS, CN_SMALL_UNITS

__all__ = ["CITIES", "FIGURE_KINDS", "Edition", "find_spans", "last_year", "sister_city"]


class Edition(NamedTuple):
    text: str
    changes: list  # [(original, replaced, kind)], in text order
    docnos: dict  # {old 文号 as written: new 文号 as written}


# kinds recorded in Edition.changes
FIGURE_KINDS = ("figure", "percent", "rank")  # what counts as "a figure"
# other kinds: "year", "docno", "place"

# --------------------------------------------------------------------------------------------------
# place table: a few Henan cities with their districts (区), counties (县) and county-level cities (市).
# 济源 (示范区) has no counties; its 街道 and 镇 stand in for them.
CITIES: dict[str, dict] = {
    "焦作": {
        "abbr": "焦",
        "districts": ["解放区", "山阳区", "中站区", "马村区"],
        "counties": ["修武县", "博爱县", "武陟县", "温县"],
        "cities": ["沁阳市", "孟州市"],
    },
    "新乡": {
        "abbr": "新",
        "districts": ["红旗区", "卫滨区", "凤泉区", "牧野区"],
        "counties": ["新乡县", "获嘉县", "原阳县", "延津县", "封丘县"],
        "cities": ["卫辉市", "辉县市", "长垣市"],
    },
    "洛阳": {
        "abbr": "洛",
        "districts": ["老城区", "西工区", "瀍河回族区", "涧西区", "洛龙区", "偃师区", "孟津区"],
        "counties": ["新安县", "栾川县", "嵩县", "汝阳县", "宜阳县", "洛宁县", "伊川县"],
        "cities": [],
    },
    "安阳": {
        "abbr": "安",
        "districts": ["文峰区", "北关区", "殷都区", "龙安区"],
        "counties": ["安阳县", "汤阴县", "滑县", "内黄县"],
        "cities": ["林州市"],
    },
    "鹤壁": {
        "abbr": "鹤",
        "districts": ["鹤山区", "山城区", "淇滨区"],
        "counties": ["浚县", "淇县"],
        "cities": [],
    },
    "济源": {
        "abbr": "济",
        "districts": ["沁园街道", "济水街道", "北海街道", "天坛街道", "玉泉街道"],
        "counties": [
            "克井镇",
            "五龙口镇",
            "轵城镇",
            "承留镇",
            "邵原镇",
            "坡头镇",
            "梨林镇",
            "大峪镇",
            "思礼镇",
            "王屋镇",
            "下冶镇",
        ],
        "cities": [],
    },
}
# short forms (沁阳 for 沁阳市) are swapped too, except these, which are common words or other places' names
_SHORT_FORM_STOP = {"博爱", "新安", "宜阳", "安阳", "新乡", "汝阳"}

# --------------------------------------------------------------------------------------------------
# patterns

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff"
_CN_DIGITS_OUT = "零一二三四五六七八九"

# units after an Arabic number that make it a figure (longest first)
_UNITS = sorted(
    [
        "个百分点",
        "万亿元",
        "亿元",
        "万元",
        "千元",
        "百元",
        "美元",
        "元",
        "万亿",
        "亿",
        "万人次",
        "人次",
        "万人",
        "万",
        "%",
        "％",
        "‰",
        "倍",
        "家",
        "项",
        "个",
        "人",
        "名",
        "次",
        "件",
        "份",
        "所",
        "篇",
        "场",
        "台",
        "套",
        "座",
        "户",
        "位",
        "条",
        "批",
        "支",
        "类",
        "种",
        "处",
        "组",
        "天",
        "周",
        "年",
        "小时",
        "亩",
        "公顷",
        "平方公里",
        "平方米",
        "公里",
        "千米",
        "吨",
        "株",
        "只",
        "头",
        "辆",
        "册",
        "部",
        "本",
        "门",
        "例",
        "期次",
        "余人",
    ],
    key=len,
    reverse=True,
)
_UNIT_RE = "|".join(map(re.escape, _UNITS))
_PERCENT_UNITS = {"%", "％", "‰", "个百分点"}

# measure words after a Chinese numeral that make it a count (三项, 五家, 两个 ...)
_CN_COUNT_UNITS = "项家次人名件份批所篇个位类种场台套座户支处"
# fixed political expressions that look like counts
_CN_FIXED = (
    "八项规定",
    "两个确立",
    "两个维护",
    "四个意识",
    "四个自信",
    "三个代表",
    "两个务必",
    "四个全面",
    "五位一体",
    "三项制度",
    "六个现代化",
    "两个大局",
    "三个务必",
    "四个服务",
    "三个一批",
    "十项规定",
    "两个结合",
    "两个毫不动摇",
    "三个区分开来",
)

_URL_RE = re.compile(
    r"https?://[^\s，。；、）)】\]>\"'”]+|www\.[^\s，。；、）)】\]>\"'”]+"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"
    r"|(?<![A-Za-z0-9])(?:[A-Za-z0-9-]+\.)+(?:cn|com|net|org|gov|edu|html?|shtml|jhtml|md|pdf|docx?)"
    r"(?:/[^\s，。；、）)】]*)?"
)
_DOCNO_RE = re.compile(
    r"([〔\[［(（【﹝〈])[ \t]*((?:19|20)\d\d|[１２][０-９]{3})[ \t]*([〕\]］)）】﹞〉])[ \t]*((?:字)?(?:第)?)[ \t]*"
    r"(\d{1,5})[ \t]*号"
)
_DOCNO_STOP = (
    "根据",
    "按照",
    "依据",
    "依照",
    "印发",
    "转发",
    "文件",
    "字号",
    "文号",
    "通知",
    "意见",
    "决定",
    "办法",
    "精神",
    "要求",
    "规定",
    "和",
    "及",
    "与",
    "的",
    "即",
    "见",
    "是",
    "为",
    "号",
    "以",
)
_CN_YEAR_RE = re.compile(r"(?<![〇○零一二三四五六七八九十])([〇○零一二三四五六七八九]{4})(?=[ \t]*年)")
_YEAR_RE = re.compile(r"(?<![\d．])((?:19[5-9]|20[0-4])\d|[１２][０-９]{3})(?!\d)")
_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_CNNUM = r"[一二三四五六七八九十两]+"
_RANK_LIST_RE = re.compile(rf"第[ \t]*(?:{_NUM})(?:[ \t]*[、,，][ \t]*(?:{_NUM}))+[ \t]*[位名]")
_RANK_A_RE = re.compile(rf"第[ \t]*({_NUM}|{_CNNUM})\s{{0,3}}([位名])(?![次单称义额录])")
_RANK_CTX_RE = re.compile(
    rf"(?:位居|位列|排名|排在|名列|位次|排位|居|列|排)[^\s，。；、,;:：“”\"（）()]{{0,8}}?第[ \t]*({_NUM}|{_CNNUM})"
    rf"(?![ \t]*[条章节款项批届次号期页个部卷册篇轮季]|\d|[ \t]*[、,，][ \t]*\d)"
)
_RANK_FIRST_RE = re.compile(
    r"(?:位居|位列|排名|名列|排在|居|列)(?:全国|全省|全市|全区|全县|省内|国内|同类[^\s，。]{0,4})?[ \t]*(首位)"
)
_FIGURE_RE = re.compile(rf"({_NUM})(\s{{0,4}})((?:余|多)?)(\s{{0,2}})({_UNIT_RE})")
_BARE_DECIMAL_RE = re.compile(r"(?<![\d.])(\d+\.\d+)(?![\d.]|[A-Za-z])")
_CN_COUNT_RE = re.compile(
    rf"(?<![一二三四五六七八九十两百千〇零第“\"「『‘届])([一二三四五六七八九十两百千零]+)(?=[{_CN_COUNT_UNITS}])"
)


class _Span(NamedTuple):
    start: int
    end: int
    kind: str
    data: tuple


def _to_ascii_digits(s: str) -> str:
    return "".join(str(unicodedata.digit(c)) if c.isdigit() and not c.isascii() else c for c in s)


def _fullwidth(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() and c.isascii() else c for c in s)


def _is_fullwidth(s: str) -> bool:
    return any(c.isdigit() and not c.isascii() for c in s)


def _fold(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def cn_to_int(s: str) -> int | None:
    """三 -> 3, 二十三 -> 23, 一百零五 -> 105; None when s is not a well-formed numeral."""
    total = cur = 0
    for ch in s:
        if ch in CN_DIGITS:
            cur = CN_DIGITS[ch]
        elif ch in CN_SMALL_UNITS:
            total += (cur or 1) * CN_SMALL_UNITS[ch]
            cur = 0
        else:
            return None
    n = total + cur
    if n <= 0 or (
        int_to_cn(n) != s.replace("两", "二") and int_to_cn(n).lstrip("一") != s.replace("两", "二")
    ):
        return None
    return n


def int_to_cn(n: int) -> str:
    if n < 10:
        return _CN_DIGITS_OUT[n]
    if n < 20:
        return "十" + (_CN_DIGITS_OUT[n % 10] if n % 10 else "")
    parts, zero, rest = [], False, n
    for val, unit in ((1000, "千"), (100, "百"), (10, "十")):
        d, rest = divmod(rest, val)
        if d:
            if zero:
                parts.append("零")
                zero = False
            parts.append(_CN_DIGITS_OUT[d] + unit)
        elif parts:
            zero = True
    if rest:
        if zero:
            parts.append("零")
        parts.append(_CN_DIGITS_OUT[rest])
    return "".join(parts)


def _cn_year_shift(s: str, delta: int) -> str:
    zero = next((c for c in s if c in "〇○零"), "〇")
    value = int("".join(str(CN_DIGITS[c]) for c in s)) + delta
    return "".join(zero if d == "0" else _CN_DIGITS_OUT[int(d)] for d in f"{value:04d}")


# --------------------------------------------------------------------------------------------------
# span detection


def _prev_nonspace(text: str, i: int) -> tuple[str, int]:
    j = i - 1
    while j >= 0 and text[j] in " \t\u3000\xa0":
        j -= 1
    return (text[j], j) if j >= 0 else ("", -1)


def _code_context(text: str, start: int, end: int) -> bool:
    """True when the number at text[start:end] is part of a code, a time, a version or a longer token."""
    p = text[start - 1] if start > 0 else ""
    pp = text[start - 2] if start > 1 else ""
    if p and (p.isdigit() or (p.isascii() and p.isalpha()) or p in "._#＃&"):
        return True
    if p in "-/:：,，—–~～" and pp and (pp.isdigit() or (pp.isascii() and pp.isalpha())):
        return True
    n = text[end] if end < len(text) else ""
    nn = text[end + 1] if end + 1 < len(text) else ""
    if n and (n.isascii() and n.isalpha()):
        return True
    return bool(n in ".:：" and nn.isdigit())


def _docno_prefix(text: str, bracket_start: int) -> str:
    j = bracket_start
    while j > 0 and re.match(rf"[{_CJK}]", text[j - 1]) and bracket_start - j < 10:
        j -= 1
    prefix = text[j:bracket_start]
    cut = 0
    for stop in _DOCNO_STOP:
        k = prefix.rfind(stop)
        if k >= 0:
            cut = max(cut, k + len(stop))
    return prefix[cut:]


def find_spans(text: str, *, years: bool = True, places: dict | None = None) -> list[_Span]:
    """Every span the generator would touch, in text order, without overlaps (highest priority wins)."""
    taken = bytearray(len(text))
    spans: list[_Span] = []

    def free(a: int, b: int) -> bool:
        return not any(taken[a:b])

    def take(a: int, b: int, kind: str, data: tuple) -> None:
        for k in range(a, b):
            taken[k] = 1
        spans.append(_Span(a, b, kind, data))

    for m in _URL_RE.finditer(text):  # protected: URLs, e-mail addresses
        take(m.start(), m.end(), "protected", ())

    for m in _DOCNO_RE.finditer(text):  # 文号
        if not free(m.start(), m.end()):
            continue
        prefix = _docno_prefix(text, m.start())
        take(m.start() - len(prefix), m.end(), "docno", (prefix, m))

    if places:  # place names (sister mode)
        alts = sorted(places, key=len, reverse=True)
        for m in re.finditer("|".join(map(re.escape, alts)), text):
            if free(m.start(), m.end()):
                take(m.start(), m.end(), "place", (m.group(0),))

    if years:
        for m in _CN_YEAR_RE.finditer(text):  # 二〇二三年
            if free(m.start(1), m.end(1)):
                take(m.start(1), m.end(1), "year", ("cn", m.group(1)))

    for m in _RANK_LIST_RE.finditer(text):  # 第4、5、5、6位
        if free(m.start(), m.end()):
            take(m.start(), m.end(), "rank", ("list", m.group(0)))
    for rx in (_RANK_A_RE, _RANK_CTX_RE):  # 第4位, 第四名 / 位居全省第8
        for m in rx.finditer(text):
            a, b = m.start(1), m.end(1)
            if not free(a, b) or (m.group(1)[0].isdigit() and _code_context(text, a, b)):
                continue
            if rx is _RANK_A_RE and not m.group(1)[0].isdigit():
                before = text[max(0, m.start() - 2) : m.start()]
                if before in ("放在", "摆在", "放到", "摆到", "置于"):
                    continue
            if not m.group(1)[0].isdigit() and cn_to_int(m.group(1)) is None:
                continue
            take(a, b, "rank", ("num", m.group(1)))
    for m in _RANK_FIRST_RE.finditer(text):  # 居全省首位
        if free(m.start(1), m.end(1)):
            take(m.start(1), m.end(1), "rank", ("first", "首位"))

    if years:
        for m in _YEAR_RE.finditer(text):  # 2023, 2023年度, 2024-02-21, /2025-00015
            a, b = m.span(1)
            if not free(a, b):
                continue
            p = text[a - 1] if a else ""
            if (
                (p.isascii() and p.isalpha())
                or (p == "." and text[b : b + 1] != "年")
                or (b < len(text) and text[b] == "." and b + 1 < len(text) and text[b + 1].isdigit())
            ):
                continue
            if _prev_nonspace(text, a)[0] == "第":
                continue
            tail = re.match(rf"\s{{0,4}}(?:余|多)?\s{{0,2}}({_UNIT_RE})", text[b : b + 12])
            if tail and tail.group(1) not in ("年",):
                continue  # 2000万元: a figure, not a year
            take(a, b, "year", ("arabic", m.group(1)))

    for m in _FIGURE_RE.finditer(text):  # 86 家, 53.85 亿元, 12.2%, 7000余家
        a, b = m.span(1)
        if not free(a, m.end()) or _code_context(text, a, b):
            continue
        if _prev_nonspace(text, a)[0] == "第":
            continue
        unit = m.group(5)
        value = Decimal(_to_ascii_digits(m.group(1)).replace(",", ""))
        if unit == "年" and (value >= 100 or "." in m.group(1)):
            continue
        if value == 0:
            continue
        kind = "percent" if unit in _PERCENT_UNITS else "figure"
        take(a, m.end(), kind, (m.group(1), text[b : m.end()], unit))

    for m in _BARE_DECIMAL_RE.finditer(text):  # 指数62.31
        a, b = m.span(1)
        if not free(a, b) or _code_context(text, a, b):
            continue
        prev, _ = _prev_nonspace(text, a)
        if not prev or not re.match(rf"[{_CJK}]", prev):
            continue
        if re.match(r"\s*[年月日号]", text[b : b + 3]):  # 2.2019年: a list number and a year
            continue
        if Decimal(_to_ascii_digits(m.group(1))) == 0:
            continue
        take(a, b, "figure", (m.group(1), "", ""))

    for m in _CN_COUNT_RE.finditer(text):  # 三项, 两个, 十五家
        a, b = m.span(1)
        word = m.group(1)
        if not free(a, b + 1) or word in ("一", "百", "千") or word.startswith("零"):
            continue
        rest = text[b : b + 4]
        if rest[:1] == "次" and (rest[1:3] in ("全会", "会议", "常委", "代表") or rest[1:2] == "性"):
            continue
        if rest[:1] == "个" and rest[1:2] in ("”", '"', "」", "』"):
            continue
        if any(text.startswith(fixed, a) for fixed in _CN_FIXED):
            continue
        n = cn_to_int(word)
        if n is None or n < 2:
            continue
        take(a, b, "figure", ("cn", word, rest[:1]))

    spans = [s for s in spans if s.kind != "protected"]
    spans.sort(key=lambda s: s.start)
    return spans


# --------------------------------------------------------------------------------------------------
# value choice


class _Ctx:
    def __init__(self, text: str, avoid: Iterable[str], seed: int, mode: str):
        texts = [text] + [a for a in avoid if a]
        self.numbers: set[Decimal] = set()
        for t in texts:
            for tok in re.findall(
                r"\d+(?:\.\d+)?", _to_ascii_digits(unicodedata.normalize("NFKC", t)).replace(",", "")
            ):
                self.numbers.add(Decimal(tok))
            # Chinese numerals only where they are figures (三项, 第四位), not section numbers (七、)
            for tok in re.findall(rf"([一二三四五六七八九十两百千零]+)(?=[{_CN_COUNT_UNITS}])", t):
                n = cn_to_int(tok)
                if n:
                    self.numbers.add(Decimal(n))
        self.folded = "\n".join(_fold(t) for t in texts)
        # figures as written (number + unit), to keep a new figure from ending in an old one (773家 / 73家)
        self.unit_numbers: dict[str, set[str]] = {}
        for num, unit in re.findall(rf"(\d+(?:\.\d+)?)(?:余|多)?({_UNIT_RE})", self.folded):
            self.unit_numbers.setdefault(unit, set()).add(num)
        self.seed, self.mode = seed, mode
        self.memo: dict = {}
        self.used: set = set()  # (class, value) already given to some figure
        self.docnos_used: set[str] = set()

    def rng(self, *key) -> random.Random:
        h = hashlib.sha256("|".join(map(str, (self.seed, self.mode, *key))).encode("utf-8")).digest()
        return random.Random(int.from_bytes(h[:8], "big"))

    def string_free(self, s: str, strict: bool = False) -> bool:
        """s (number + unit) is not in the texts, nor ends in a figure of the texts with the same unit
        (two digits or more; any length when strict)."""
        s = _fold(s)
        if s in self.folded:
            return False
        m = re.fullmatch(rf"(\d+(?:\.\d+)?)(?:余|多)?({_UNIT_RE})", s)
        if m:
            digits = m.group(1)
            for old in self.unit_numbers.get(m.group(2), ()):
                if len(old) >= (1 if strict else 2) and digits.endswith(old) and digits != old:
                    return False
        return True

    def rank_free(self, n: int) -> bool:
        return (
            re.search(rf"第{n}(?!\d)", self.folded) is None
            and re.search(rf"第{int_to_cn(n)}(?![一二三四五六七八九十])", self.folded) is None
        )


def _quantize(x: Decimal, decimals: int) -> Decimal:
    q = Decimal(1).scaleb(-decimals)
    return x.quantize(q, rounding=ROUND_HALF_UP)


def _pick(
    ctx: _Ctx,
    key: tuple,
    value: Decimal,
    decimals: int,
    render,
    *,
    cap: Decimal | None = None,
    integer_floor: int = 1,
    rank: bool = False,
    cls: str = "",
) -> Decimal:
    """A new value for `value`: deterministic, about 10-40 % away, not a number of the input text."""
    if key in ctx.memo:
        return ctx.memo[key]
    rng = ctx.rng(*key)
    quantum = Decimal(1).scaleb(-decimals)
    floor = Decimal(integer_floor) if decimals == 0 else quantum

    def in_range(n: Decimal) -> bool:
        return n != value and n >= floor and (cap is None or n <= cap)

    def strict(n: Decimal) -> bool:
        return (
            in_range(n)
            and n not in ctx.numbers
            and (cls, n) not in ctx.used
            and ctx.string_free(render(n), strict=True)
            and (not rank or ctx.rank_free(int(n)))
        )

    def weak(n: Decimal) -> bool:
        return in_range(n) and ctx.string_free(render(n)) and (not rank or ctx.rank_free(int(n)))

    def weak_unused(n: Decimal) -> bool:
        return weak(n) and (cls, n) not in ctx.used

    # a round amount stays round: 50000 moves in steps of 1000, 100 in steps of 10
    step = 1
    if decimals == 0 and value >= 100:
        digits = str(int(value))
        zeros = len(digits) - len(digits.rstrip("0"))
        step = 10 ** (zeros - 1) if zeros >= 2 else 1
    chosen = None
    if not rank:
        for _ in range(80):
            f = Decimal(str(round(rng.uniform(0.10, 0.40), 4))) * rng.choice((-1, 1))
            n = _quantize(value * (1 + f), decimals)
            if step > 1:
                n = (n / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step
            if n == value:
                n = value + quantum * step * rng.choice((-1, 1))
            if strict(n):
                chosen = n
                break
    if chosen is None and rank:
        # ranks: stay within a few places when a free place is there, else move further
        r = int(value)
        near = max(3, r // 2)
        near_pool = [Decimal(k) for k in range(max(1, r - near), r + near + 1)]
        wide_pool = [Decimal(k) for k in range(1, max(2 * r + 5, 12) + 1)]
        far_pool = [Decimal(k) for k in range(1, max(4 * r + 10, 30) + 1)]
        for pool, test in (
            (near_pool, strict),
            (near_pool, weak_unused),
            (wide_pool, strict),
            (wide_pool, weak_unused),
            (near_pool, weak),
            (wide_pool, weak),
            (far_pool, weak_unused),
            (far_pool, weak),
        ):
            cands = sorted((n for n in pool if test(n)), key=lambda n: (abs(n - value), rng.random()))
            if cands:
                chosen = rng.choice(cands[:3])
                break
    if chosen is None:
        # small integers, crowded texts: the nearest free values, one drawn at random
        if decimals == 0:
            hi = max(int(value) * 2 + 5, 12) if rank else max(int(value * Decimal("1.6")) + 6, 12)
            lo = 1 if rank else max(integer_floor, int(value * Decimal("0.5")))
            pool = [Decimal(k) for k in range(lo, hi + 1) if k % step == 0]
        else:
            steps = range(1, 400)
            pool = [value + quantum * k for k in steps] + [value - quantum * k for k in steps]
        for test in (strict, weak_unused, weak):
            cands = sorted((n for n in pool if test(n)), key=lambda n: (abs(n - value), rng.random()))
            if cands:
                chosen = rng.choice(cands[:3])
                break
    if chosen is None:
        chosen = value + quantum if value + quantum != value else value + 1
    ctx.memo[key] = chosen
    ctx.used.add((cls, chosen))
    return chosen


def _render_number(n: Decimal, original: str) -> str:
    orig = _to_ascii_digits(original)
    decimals = len(orig.split(".")[1]) if "." in orig else 0
    s = f"{n:.{decimals}f}"
    if "," in orig:
        head, _, tail = s.partition(".")
        s = f"{int(head):,}" + (f".{tail}" if tail else "")
    if len(orig.split(".")[0].replace(",", "")) > len(s.split(".")[0]) and orig.startswith("0"):
        s = s.zfill(len(orig))  # keep zero padding (045号)
    return _fullwidth(s) if _is_fullwidth(original) else s


def _new_figure(ctx: _Ctx, number: str, unit: str, tail: str, kind: str) -> str:
    plain = _to_ascii_digits(number).replace(",", "")
    value = Decimal(plain)
    decimals = len(plain.split(".")[1]) if "." in plain else 0
    cap = None
    if kind == "percent" and value <= 100:
        cap = Decimal("99.9") if decimals else Decimal(99)
        if value < 100 and unit != "个百分点":
            cap = Decimal(100) - Decimal(1).scaleb(-decimals)
    n = _pick(
        ctx,
        ("figure", unit, value, decimals),
        value,
        decimals,
        lambda x: _render_number(x, number) + tail,
        cap=cap,
        cls=unit,
    )
    return _render_number(n, number)


def _new_rank(ctx: _Ctx, token: str) -> str:
    if token[0].isdigit():
        value = Decimal(_to_ascii_digits(token))
        n = _pick(ctx, ("rank", value), value, 0, lambda x: f"第{x}", rank=True, cls="rank")
        return _render_number(n, token)
    value = Decimal(cn_to_int(token) or 0)
    n = _pick(ctx, ("rank", value), value, 0, lambda x: f"第{int_to_cn(int(x))}", rank=True, cls="rank")
    return int_to_cn(int(n))


def _new_cn_count(ctx: _Ctx, word: str, unit: str) -> str:
    value = Decimal(cn_to_int(word) or 0)
    n = _pick(
        ctx, ("cn", unit, value), value, 0, lambda x: int_to_cn(int(x)) + unit, integer_floor=2, cls=unit
    )
    out = int_to_cn(int(n))
    if out == "二" and unit in _CN_COUNT_UNITS:
        out = "两"
    return out


def _new_docno(
    ctx: _Ctx, prefix: str, m: re.Match, year_delta: int, new_prefix: str, existing: set
) -> tuple[str, str]:
    year = m.group(2)
    serial = m.group(5)
    new_year = year if not year_delta else _render_number(Decimal(_to_ascii_digits(year)) + year_delta, year)
    value = int(_to_ascii_digits(serial))
    key = ("docno", prefix, _to_ascii_digits(year), value)
    if key in ctx.memo:
        new_serial = ctx.memo[key]
    else:
        rng = ctx.rng(*key)
        new_serial = None
        for attempt in range(200):
            if attempt < 100:
                f = rng.uniform(0.15, 0.6) * rng.choice((-1, 1))
                cand = round(value * (1 + f))
            else:
                cand = rng.randint(1, max(value * 2 + 10, 20))
            if cand < 1 or cand == value:
                cand = value + rng.randint(1, 5)
            norm = f"{new_prefix}〔{_to_ascii_digits(new_year)}〕{cand}号"
            if norm not in existing and norm not in ctx.docnos_used:
                new_serial = cand
                break
        if new_serial is None:
            new_serial = value + 1
        ctx.memo[key] = new_serial
        ctx.docnos_used.add(f"{new_prefix}〔{_to_ascii_digits(new_year)}〕{new_serial}号")
    whole = m.group(0)
    new = (
        whole[: m.start(2) - m.start()]
        + new_year
        + whole[m.end(2) - m.start() : m.start(5) - m.start()]
        + _render_number(Decimal(new_serial), serial)
        + whole[m.end(5) - m.start() :]
    )
    return prefix + whole, new_prefix + new


def _existing_docnos(text: str) -> set:
    out = set()
    for m in _DOCNO_RE.finditer(text):
        out.add(
            f"{_docno_prefix(text, m.start())}〔{_to_ascii_digits(m.group(2))}〕{int(_to_ascii_digits(m.group(5)))}号"
        )
    return out


# --------------------------------------------------------------------------------------------------
# the two transformations


def _transform(
    text: str,
    *,
    mode: str,
    seed: int,
    avoid: Iterable[str],
    year_delta: int,
    places: dict | None,
    abbr_swap: tuple[str, str] | None,
) -> Edition:
    avoid = [avoid] if isinstance(avoid, str) else list(avoid or ())
    ctx = _Ctx(text, avoid, seed, mode)
    existing = _existing_docnos(text)
    for a in avoid:
        existing |= _existing_docnos(a)
    spans = find_spans(text, years=bool(year_delta), places=places)
    out, changes, docnos, pos = [], [], {}, 0
    uses_arabic = bool(re.search(r"\d", text))
    for s in spans:
        original = text[s.start : s.end]
        replaced = None
        kind = s.kind
        if kind == "docno":
            prefix, m = s.data
            new_prefix = prefix
            if abbr_swap:
                if not prefix.startswith(abbr_swap[0]):
                    continue
                new_prefix = abbr_swap[1] + prefix[len(abbr_swap[0]) :]
            old, new = _new_docno(ctx, prefix, m, year_delta, new_prefix, existing)
            replaced = new
            docnos[old] = new
        elif kind == "year":
            form, token = s.data
            if form == "cn":
                replaced = _cn_year_shift(token, year_delta)
            else:
                replaced = _render_number(Decimal(_to_ascii_digits(token)) + year_delta, token)
        elif kind == "place":
            assert places is not None  # place spans are found only with a place table
            replaced = places[s.data[0]]
        elif kind == "rank":
            form = s.data[0]
            if form == "list":
                replaced = re.sub(_NUM, lambda mm: _new_rank(ctx, mm.group(0)), original)
            elif form == "first":
                n = _pick(ctx, ("rank", Decimal(1)), Decimal(1), 0, lambda x: f"第{x}", rank=True, cls="rank")
                replaced = f"第{n}位" if uses_arabic else f"第{int_to_cn(int(n))}位"
            else:
                replaced = _new_rank(ctx, s.data[1])
                # record the rank with its 第 and 位 / 名 (第 8 -> 第 9), replace only the number
                left: int = s.start
                while left > 0 and text[left - 1] in " \t":
                    left -= 1
                left = left - 1 if left > 0 and text[left - 1] == "第" else s.start
                tail = re.match(r"[ \t]*[位名]", text[s.end : s.end + 4])
                right = s.end + (tail.end() if tail else 0)
                out.append(text[pos : s.start])
                out.append(replaced)
                pos = s.end
                changes.append(
                    (text[left:right], text[left : s.start] + replaced + text[s.end : right], kind)
                )
                continue
        elif kind in ("figure", "percent"):
            if s.data[0] == "cn":
                _, word, unit = s.data
                replaced = _new_cn_count(ctx, word, unit)
                out.append(text[pos : s.start])
                out.append(replaced)
                pos = s.end
                changes.append((original + unit, replaced + unit, kind))
                continue
            number, tail, unit = s.data
            new_number = _new_figure(ctx, number, unit, tail, kind)
            replaced = new_number + tail
        if replaced is None or replaced == original:
            continue
        out.append(text[pos : s.start])
        out.append(replaced)
        pos = s.end
        changes.append((original, replaced, kind))
    out.append(text[pos:])
    return Edition("".join(out), changes, docnos)


def last_year(text: str, seed: int = 0, *, avoid: Iterable[str] = ()) -> Edition:
    """The same document one year earlier (years -1, figures and 文号 changed).

    `avoid`: further texts (e.g. the newer editions of the series) whose numbers the new figures must not
    equal either."""
    return _transform(
        text, mode="last_year", seed=seed, avoid=avoid, year_delta=-1, places=None, abbr_swap=None
    )


def _city_key(name: str) -> str:
    name = name.strip()
    if name in CITIES:
        return name
    for key in CITIES:
        if name.startswith(key):
            return key
    raise ValueError(f"unknown city {name!r}; known: {', '.join(CITIES)}")


def _place_table(home: str, sister: str) -> dict[str, str]:
    """{name: replacement} for the two cities and their districts / counties, both ways.

    Each home unit gets an unused sister unit of the same type (区, 县, 县级市) when there is one, else of the
    nearest type; only when the sister city has fewer units than the home city are names reused."""
    h, s = CITIES[home], CITIES[sister]
    prefs = {
        "districts": ("districts", "counties", "cities"),
        "counties": ("counties", "districts", "cities"),
        "cities": ("cities", "counties", "districts"),
    }
    used: set[str] = set()
    pairs: list[tuple[str, str]] = []
    everything = s["districts"] + s["counties"] + s["cities"]
    for cat in ("districts", "counties", "cities"):
        for i, a in enumerate(h[cat]):
            b = next((x for c in prefs[cat] for x in s[c] if x not in used), None)
            if b is None:
                pool = next((s[c] for c in prefs[cat] if s[c]), everything)
                b = pool[i % len(pool)]
            used.add(b)
            pairs.append((a, b))
    table: dict[str, str] = {}
    for a, b in pairs:
        table.setdefault(a, b)
        sa, sb = a[:-1], b[:-1]
        if len(a) >= 3 and a[-1] in "县市" and sa not in _SHORT_FORM_STOP and sa not in CITIES:
            table.setdefault(sa, sb if len(b) >= 3 and b[-1] in "县市" and sb not in _SHORT_FORM_STOP else b)
    # the other direction, so a text that already names the sister city swaps both ways
    for a, b in pairs:
        table.setdefault(b, a)
    table[home] = sister
    table[sister] = home
    return table


def sister_city(
    text: str, home: str = "焦作", sister: str = "新乡", seed: int = 0, *, avoid: Iterable[str] = ()
) -> Edition:
    """The same document for a sister city: places swapped, 文号 prefix swapped, figures changed, years kept."""
    h, s = _city_key(home), _city_key(sister)
    if h == s:
        raise ValueError("home and sister are the same city")
    places = _place_table(h, s)
    return _transform(
        text,
        mode=f"sister:{h}>{s}",
        seed=seed,
        avoid=avoid,
        year_delta=0,
        places=places,
        abbr_swap=(CITIES[h]["abbr"], CITIES[s]["abbr"]),
    )


# --------------------------------------------------------------------------------------------------
