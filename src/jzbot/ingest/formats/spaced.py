"""A table stored as text whose cells are separated by spaces, not bars (a yearbook page copied as it shows):
``  大型 451 292 172 63815 …``, its header wrapped over lines, often half English (a bilingual yearbook names
some columns only in English: ``R&D Personnel``, ``Intramural Expenditure for R&D (10000 yuan)``).

Invariant: a row is read only when it has exactly as many figures as the table has columns (a blank cell in a
space-aligned row leaves no mark, so a shorter row cannot be put under its columns and is left out), and the
columns are named only when the header names every one of them, in Chinese or through the yearbook terms below.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from jzbot.ingest.formats import layout

_CJK = re.compile(r"[\u4e00-\u9fff]")
_SENTENCE = re.compile(r"[，。；：！？,;:]")
_ROW_MIN = 2  # body rows for a run of lines to be a table
_GAP_MAX = 4  # lines that are not rows (English, a group name) between two rows of one table

# The English of China's bilingual statistical yearbooks, as their headers print it: a column named only in
# English is said by the Chinese the yearbooks use for it. Longest first when matching.
ENGLISH_TERMS: dict[str, str] = {
    "number of enterprises": "企业数",
    "number of institutions": "机构数",
    "number of units": "单位数",
    "with r&d activities": "有R&D活动",
    "with r&d institutions": "有研发机构",
    "r&d personnel": "R&D人员",
    "full-time equivalent of r&d personnel": "R&D人员全时当量",
    "intramural expenditure for r&d": "R&D经费内部支出",
    "intramural expenditure on r&d": "R&D经费内部支出",
    "external expenditure for r&d": "R&D经费外部支出",
    "external expenditure on r&d": "R&D经费外部支出",
    "number of r&d projects": "R&D项目数",
    "expenditure for r&d projects": "R&D项目经费",
    "basic research": "基础研究",
    "applied research": "应用研究",
    "experimental development": "试验发展",
    "government funds": "政府资金",
    "enterprise funds": "企业资金",
    "funds from abroad": "境外资金",
    "number of patent applications": "专利申请数",
    "invention patents": "发明专利",
    "number of effective invention patents": "有效发明专利数",
    "number of new product development projects": "新产品开发项目数",
    "expenditure on new products development": "新产品开发经费支出",
    "sales revenue of new products": "新产品销售收入",
    "export": "出口",
    "total": "合计",
}
_ENGLISH_UNITS = {
    "10000 yuan": "万元",
    "100 million yuan": "亿元",
    "yuan": "元",
    "person": "人",
    "persons": "人",
    "person-year": "人年",
    "man-year": "人年",
    "unit": "个",
    "units": "个",
    "piece": "件",
    "item": "项",
    "%": "%",
}
_TERMS = sorted(((k.split(), v) for k, v in ENGLISH_TERMS.items()), key=lambda kv: -len(kv[0]))


class Spaced(NamedTuple):
    start: int  # the first line of the table (its title or header)
    grid: layout.Grid
    end: int  # the line after its last row


def _row(line: str) -> tuple[str, list[str]] | None:
    """(label, figures) of a space-aligned row: a Chinese label, then two or more figures and nothing else; or a
    year row of a yearbook table (``2019 153279 30083 …``: the year is its label, said 2019年)."""
    tokens = line.split()
    if (
        len(tokens) > _ROW_MIN
        and layout.is_year(tokens[0])
        and all(layout.is_value(t) for t in tokens[1:])
        and not all(layout.is_year(t) for t in tokens[1:])  # 2019 2020 2021: a header of years
    ):
        return layout.year_said(tokens[0]), tokens[1:]
    k = next((i for i, t in enumerate(tokens) if layout.is_value(t)), len(tokens))
    label, figures = " ".join(tokens[:k]), tokens[k:]
    if not label or not _CJK.search(label) or _SENTENCE.search(label) or len(figures) < _ROW_MIN:
        return None
    if not all(layout.is_value(t) for t in figures) or layout.is_year(label):
        return None
    return layout.clean(label), figures


def _english(line: str) -> bool:
    return bool(line.strip()) and not _CJK.search(line)


def english_columns(text: str) -> list[tuple[str, str]] | None:
    """The columns an English header names, in order, as (Chinese name, unit): ``R&D Personnel Intramural
    Expenditure for R&D (10000 yuan)`` → [(R&D人员, ""), (R&D经费内部支出, 万元)]; None when a word is no
    yearbook term (an unknown column cannot be named)."""
    words = re.sub(r"([()（）])", r" \1 ", text).lower().split()
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(words):
        if words[i] in "(（":
            close = next((j for j in range(i, len(words)) if words[j] in ")）"), None)
            unit = _ENGLISH_UNITS.get(" ".join(words[i + 1 : close])) if close else None
            if unit is None or not out or close is None:
                return None
            out[-1] = (out[-1][0], unit)
            i = close + 1
            continue
        term = next((v for k, v in _TERMS if words[i : i + len(k)] == k), None)
        if term is None:
            return None
        out.append((term, ""))
        i += len(next(k for k, v in _TERMS if words[i : i + len(k)] == k))
    return out


def _columns(header: list[str], n: int) -> list[layout.Column] | None:
    """The n columns' names: the Chinese header cells when they are n, else the English header's yearbook terms
    when they are n (each said by the Chinese header cell that holds it: 企业数 → 规模以上工业企业数)."""
    chinese = [t for line in header if _CJK.search(line) for t in line.split()]
    if chinese and layout.clean(chinese[0]) in layout.CORNER_WORDS:
        chinese = chinese[1:]
    chinese = [layout.clean(t) for t in chinese]
    if (grouped := _grouped(header, n)) is not None:
        return grouped
    if len(chinese) == n:
        return [layout.Column(*layout.split_unit(name)) for name in chinese]
    english = english_columns(" ".join(line for line in header if _english(line)))
    if english is None or len(english) != n:
        return None
    out = []
    for name, unit in english:
        said = next((c for c in chinese if name in c), name)
        out.append(layout.Column(said, unit))
    return out


def _grouped(header: list[str], n: int) -> list[layout.Column] | None:
    """A header of two Chinese lines, g groups over g·k parts (年份 专利申请数 专利授权数 / 发明 实用新型 外观设计
    发明 实用新型 外观设计) heading n = g·(k+1) columns: each group is its whole (专利申请数) and then its parts
    (专利申请数发明 …), the yearbook layout whose whole column has no label of its own on the second line."""
    lines = [[layout.clean(t) for t in line.split()] for line in header if _CJK.search(line)]
    if len(lines) < 2:
        return None
    groups, parts = lines[0], lines[1]
    if groups and groups[0] in layout.CORNER_WORDS:
        groups = groups[1:]
    g = len(groups)
    if g < 2 or len(parts) % g or g * (len(parts) // g + 1) != n:
        return None
    k = len(parts) // g
    out: list[layout.Column] = []
    for i, group in enumerate(groups):
        name, unit = layout.split_unit(group)
        out.append(layout.Column(name, unit))
        out += [layout.Column(name + part, unit) for part in parts[i * k : (i + 1) * k]]
    return out


def find(lines: list[str]) -> Spaced | None:
    """The first space-aligned table in ``lines``: two or more rows of a label and the same number of figures,
    under a header that names every column."""
    rows = [(i, r) for i, line in enumerate(lines) if (r := _row(line)) is not None]
    k = 0
    while k < len(rows):
        run = [rows[k]]
        while (
            k + len(run) < len(rows)
            and rows[k + len(run)][0] - run[-1][0] <= _GAP_MAX + 1
            and all(_gap(line) for line in lines[run[-1][0] + 1 : rows[k + len(run)][0]])
        ):
            run.append(rows[k + len(run)])
        found = _table(lines, run)
        if found is not None:
            return found
        k += len(run)
    return None


def _gap(line: str) -> bool:
    """A line between two rows of a table: blank, English, or a short group name without sentence punctuation."""
    text = line.strip()
    return not text or _english(text) or (len(text) <= 20 and not _SENTENCE.search(text))


def _table(lines: list[str], run: list[tuple[int, tuple[str, list[str]]]]) -> Spaced | None:
    counts = [len(figures) for _, (_, figures) in run]
    n = max(set(counts), key=counts.count)
    body = [(label, figures) for _, (label, figures) in run if len(figures) == n]
    if len(body) < _ROW_MIN:
        return None
    first = run[0][0]
    corner = next(
        (
            i
            for i in range(first - 1, max(-1, first - 12), -1)
            if lines[i].split() and layout.clean(lines[i].split()[0]) in layout.CORNER_WORDS
        ),
        None,
    )
    if corner is None:
        return None
    columns = _columns([ln.strip() for ln in lines[corner:first] if ln.strip()], n)
    if columns is None:
        return None
    start = corner
    titles: list[str] = []
    # The title lines right above the header (Chinese and its English), up to a blank line or a sentence.
    while (
        start > 0
        and (above := lines[start - 1].strip())
        and not _SENTENCE.search(above)
        and start > corner - 3
    ):
        start -= 1
        if _CJK.search(above):
            titles.insert(0, above)
    caption = " ".join(titles)[:60]
    grid = layout.Grid(caption, columns, [layout.Row(label, "", figures, []) for label, figures in body])
    return Spaced(start, grid, run[-1][0] + 1)
