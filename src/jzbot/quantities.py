"""Quantities in Chinese text as values: 53.85亿元, 六十三亿元, 百分之五十, 第五位, 首位, 2023年3月18日.

Invariant: two spellings of one quantity parse to equal ``Quantity`` values (53.85亿元 and 5385000000元,
第五位 and 第5位, 首位 and 第1位), and two different quantities never do (3.85亿元, 53.8亿元 and 53.85亿元
are three values; 5%, 第5位 and 5家 are three kinds). 文号 are identifiers, not quantities: they are
cut out first (``registry.docno`` owns them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import NamedTuple

from jzbot.registry.docno import find_docnos
from jzbot.text import CN_DIGITS, CN_SMALL_UNITS, fold


class Kind(StrEnum):
    AMOUNT = "amount"  # money, valued in 元
    PERCENTAGE = "percentage"  # 163%, 百分之五十; 个百分点 is its own unit
    RANK = "rank"  # 居全省第5位, 首位
    COUNT = "count"  # 680家, 4次, 2名
    DATE = "date"  # 2023年3月18日 (unit 年月日), 2023年3月 (年月), 3月18日 (月日)
    YEAR = "year"  # 2023年, 二〇二三年
    ORDINAL = "ordinal"  # 第二十条, 第三季度: a position in a named series
    NUMBER = "number"  # a bare Arabic number (17, 2023-2025)


class Quantity(NamedTuple):
    value: Decimal
    unit: str
    kind: Kind
    text: str  # as written (folded), for notes


_MULTIPLIERS = {
    "万亿": Decimal(10) ** 12,
    "千万": Decimal(10) ** 7,
    "百万": Decimal(10) ** 6,
    "亿": Decimal(10) ** 8,
    "万": Decimal(10) ** 4,
    "千": Decimal(10) ** 3,
}

_ARABIC = r"\d+(?:\.\d+)?(?:万亿|千万|百万|亿|万|千)?"
_CHINESE = r"[零〇○一二两三四五六七八九十百千万亿]+(?:点[零〇○一二三四五六七八九]+(?:万亿|亿|万)?)?"
_NUM = rf"(?:{_ARABIC}|{_CHINESE})"
_CN_YEAR = r"(?:19|20)\d{2}|[零〇○一二三四五六七八九]{4}"
_SMALL = r"\d{1,2}|[一二三四五六七八九十]{1,3}"
# Count units, longest first so 人次 is not read as 人; 名/位/人 all count people.
_COUNT_UNITS = sorted(
    [
        "家",
        "项",
        "次",
        "人",
        "名",
        "位",
        "件",
        "份",
        "个",
        "所",
        "篇",
        "场",
        "批",
        "条",
        "款",
        "家次",
        "人次",
        "台",
        "套",
        "座",
        "户",
        "支",
        "册",
        "期",
        "轮",
        "天",
        "小时",
        "周",
        "个月",
        "年",
        "倍",
        "亩",
        "平方米",
        "公里",
        "千米",
        "米",
        "吨",
        "万人次",
        "门",
        "类",
        "种",
        "处",
        "本",
    ],
    key=len,
    reverse=True,
)
_PEOPLE = {"名": "人", "位": "人"}
_ORDINAL_UNITS = sorted(
    [
        "届",
        "次",
        "批",
        "条",
        "款",
        "项",
        "章",
        "节",
        "季度",
        "期",
        "轮",
        "个",
        "年",
        "部分",
        "号",
        "篇",
        "页",
        "天",
        "周",
        "阶段",
        "类",
        "档",
        "级",
        "季",
        "卷",
        "版",
        "次会议",
    ],
    key=len,
    reverse=True,
)
_RANK_CONTEXT = re.compile(r"(?:居|排|列|位于|名列|排名|位次)[^，。；、,;]{0,6}$")

_PATTERN = re.compile(
    rf"(?P<date>(?P<dy>{_CN_YEAR})年(?P<dm>{_SMALL})月(?:(?P<dd>{_SMALL})[日号])?)"
    rf"|(?P<iso>(?P<iy>(?:19|20)\d{{2}})[-./](?P<im>\d{{1,2}})[-./](?P<id>\d{{1,2}}))(?!\d)"
    rf"|(?P<md>(?P<mm>{_SMALL})月(?P<mdd>{_SMALL})[日号])"
    rf"|(?P<year>(?P<yy>{_CN_YEAR})年)"
    rf"|(?P<pct1>百分之(?P<pn1>{_NUM}))"
    rf"|(?P<pct2>(?P<pn2>{_NUM})(?P<pu>%|‰|个百分点))"
    rf"|(?P<first>首位|榜首|首名)"
    rf"|(?P<rank>第(?P<rn>{_NUM}(?:、{_NUM})*)(?:(?P<ru>位|名)|(?P<ou>{'|'.join(_ORDINAL_UNITS)}))?)"
    rf"|(?P<amt>(?P<an>{_NUM})(?P<au>元|美元))"
    rf"|(?P<cnt>(?P<cn>{_NUM})(?P<cu>{'|'.join(_COUNT_UNITS)}))"
    rf"|(?P<num>{_ARABIC})"
)


def cn_value(text: str) -> Decimal | None:
    """Chinese numerals (六十三亿, 一千二百万, 三点五) to a value; None when ``text`` is not one number."""
    whole, _, frac = text.partition("点")
    scale = Decimal(1)
    for word, factor in (("万亿", 10**12), ("亿", 10**8), ("万", 10**4)):
        if frac.endswith(word):  # 三点五亿: the multiplier applies to the whole number
            frac, scale = frac[: -len(word)], Decimal(factor)
            break
    total, section, number = Decimal(0), Decimal(0), Decimal(0)
    seen, last_digit = False, False
    for ch in whole:
        if ch in CN_DIGITS:
            if last_digit and CN_DIGITS[ch] and number:  # 一一 is two numbers, not eleven
                return None
            number, last_digit, seen = Decimal(CN_DIGITS[ch]), True, True
        elif ch in CN_SMALL_UNITS:
            if ch != "十" and not number and not last_digit:
                return None  # 百 or 千 without a digit before it
            section += (number or 1) * CN_SMALL_UNITS[ch]
            number, last_digit, seen = Decimal(0), False, True
        elif ch == "万":
            total += (section + number) * 10_000
            section, number, last_digit = Decimal(0), Decimal(0), False
        elif ch == "亿":
            total = (total + section + number) * 100_000_000
            section, number, last_digit = Decimal(0), Decimal(0), False
        else:
            return None
    if not seen:
        return None
    value = total + section + number
    if frac:
        if any(ch not in CN_DIGITS for ch in frac):
            return None
        value += Decimal("0." + "".join(str(CN_DIGITS[ch]) for ch in frac))
    return value * scale


def number_value(text: str) -> Decimal | None:
    """Arabic (53.85亿) or Chinese (五十三点八五亿) numerals to a value."""
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(万亿|千万|百万|亿|万|千)?", text)
    if m:
        try:
            return Decimal(m[1]) * _MULTIPLIERS.get(m[2] or "", Decimal(1))
        except InvalidOperation:
            return None
    return cn_value(text)


def _year(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if len(text) == 4 and all(ch in CN_DIGITS for ch in text):  # 二〇二三, read digit by digit
        return int("".join(str(CN_DIGITS[ch]) for ch in text))
    return None


def _small(text: str) -> int | None:
    value = number_value(text)
    return int(value) if value is not None else None


def _is_idiom(number: str) -> bool:
    # A bare Chinese 一 before a measure word is nearly always an idiom (一批, 一项工作, 一个中心), not a count.
    return number == "一"


def _date(y: int | None, m: int | None, d: int | None, text: str) -> Quantity | None:
    if not y or not m or not 1 <= m <= 12 or (d is not None and not 1 <= d <= 31):
        return None
    if d is None:
        return Quantity(Decimal(y * 100 + m), "年月", Kind.DATE, text)
    return Quantity(Decimal(y * 10_000 + m * 100 + d), "年月日", Kind.DATE, text)


def _parse_match(m: re.Match[str], before: str) -> list[Quantity]:
    text = m.group(0)
    if m["date"]:
        q = _date(_year(m["dy"]), _small(m["dm"]), _small(m["dd"]) if m["dd"] else None, text)
        return [q] if q else []
    if m["iso"]:
        q = _date(int(m["iy"]), int(m["im"]), int(m["id"]), text)
        return [q] if q else []
    if m["md"]:
        mo, d = _small(m["mm"]), _small(m["mdd"])
        return (
            [Quantity(Decimal(mo * 100 + d), "月日", Kind.DATE, text)]
            if mo and d and mo <= 12 and d <= 31
            else []
        )
    if m["year"]:
        y = _year(m["yy"])
        return [Quantity(Decimal(y), "年", Kind.YEAR, text)] if y else []
    if m["pct1"] or m["pct2"]:
        value = number_value(m["pn1"] or m["pn2"])
        unit = "个百分点" if m["pu"] == "个百分点" else (m["pu"] or "%")
        return [Quantity(value, unit, Kind.PERCENTAGE, text)] if value is not None else []
    if m["first"]:
        return [Quantity(Decimal(1), "位", Kind.RANK, text)]
    if m["rank"]:
        values = [number_value(n) for n in m["rn"].split("、")]
        if any(v is None for v in values):
            return []
        if m["ru"] or (not m["ou"] and _RANK_CONTEXT.search(before)):
            return [Quantity(v, "位", Kind.RANK, text) for v in values if v is not None]
        if m["ou"]:
            return [Quantity(v, m["ou"], Kind.ORDINAL, text) for v in values if v is not None]
        return []  # 第一，… enumerates; it states no quantity
    if m["amt"]:
        value = number_value(m["an"])
        return [Quantity(value, m["au"], Kind.AMOUNT, text)] if value is not None else []
    if m["cnt"]:
        value = number_value(m["cn"])
        if value is None or _is_idiom(m["cn"]):
            return []
        unit = m["cu"]
        return [Quantity(value, _PEOPLE.get(unit, unit), Kind.COUNT, text)]
    if m["num"]:
        value = number_value(m["num"])
        return [Quantity(value, "", Kind.NUMBER, text)] if value is not None else []
    return []


def quantities(text: str) -> list[Quantity]:
    """Every quantity in ``text``, in order; 文号 and ``[n]`` citation markers are not quantities."""
    t = fold(text)
    for d in reversed(find_docnos(t)):
        t = t[: d.start] + "＃" + t[d.end :]
    t = re.sub(r"[\[［【]\d{1,2}[\]］】]", "＃", t)
    out: list[Quantity] = []
    for m in _PATTERN.finditer(t):
        out.extend(_parse_match(m, t[max(0, m.start() - 12) : m.start()]))
    return out


def _date_parts(q: Quantity) -> tuple[int | None, int | None, int | None]:
    v = int(q.value)
    if q.unit == "年月日":
        return v // 10_000, v // 100 % 100, v % 100
    if q.unit == "年月":
        return v // 100, v % 100, None
    return None, v // 100, v % 100  # 月日


def supports(source: Quantity, claim: Quantity) -> bool:
    """Whether a quantity in a source states the ``claim`` (same kind, unit and value; dates by their parts)."""
    if claim.kind is Kind.NUMBER:
        return source.value == claim.value or (
            source.kind is Kind.DATE and _date_parts(source)[0] == claim.value
        )
    if claim.kind is Kind.YEAR:
        if source.kind in (Kind.YEAR, Kind.NUMBER):
            return source.value == claim.value
        return source.kind is Kind.DATE and _date_parts(source)[0] == claim.value
    if claim.kind is Kind.DATE:
        if source.kind is not Kind.DATE:
            return False
        sy, sm, sd = _date_parts(source)
        cy, cm, cd = _date_parts(claim)
        return (cy is None or cy == sy) and cm == sm and (cd is None or cd == sd)
    return source.kind is claim.kind and source.unit == claim.unit and source.value == claim.value


def unsupported(claims: Iterable[Quantity], sources: list[Quantity]) -> list[Quantity]:
    """The claimed quantities that no source quantity states."""
    return [c for c in claims if not any(supports(s, c) for s in sources)]
