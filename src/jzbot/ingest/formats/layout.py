"""A statistics table's layout: which lines head it, which are its body, and what each body cell is.

A table stored as text, or a yearbook sheet, is rarely one header row over rows of figures: its header wraps (a
unit on a line of its own, ``(人年) | (万元) | (项)``; one header cell per line), it has two header rows (总累计 /
2015 over 合计 / 职务 / 非职务), an English line under each Chinese one (``Beijing | 100.0% | …``, the row's shares),
row labels that carry their unit (``科技活动人员 (万人)``) or get it from a line of their own under them
(``(万人年) | |||||``), and sub-items marked ``#`` (其中) or left unmarked under a row with a unit.

Invariant: every body cell comes out as row label + column label(s) + value + unit, or not at all; a line that is
not a body row (a unit, a share line, a header fragment) never becomes a row or a header of its own.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_CJK = "\u4e00-\u9fff"
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
# R&D人员(人) R&D Personnel (person) → R&D人员(人): a Chinese label's English translation after it.
_ENGLISH_TAIL = re.compile(rf"^(?P<zh>.*?[{_CJK}][^A-Za-z]*?)\s+[A-Za-z][A-Za-z0-9 ,.&'’()*/\-+:]*$")
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")  # 全 国, 地 区: a page's letter-spacing
# A unit: short, never Latin alone ((R&D) is a name, (10 000 yuan) a translation).
_UNIT_TEXT = r"[^（）()A-Za-z\d]{1,6}|[^（）()A-Za-z]{0,3}/[^（）()A-Za-z]{1,4}"
_UNIT_CELL = re.compile(rf"^[（(](?:单位[:：])?\s*(?P<unit>{_UNIT_TEXT})\s*[）)]$")
_LABEL_UNIT = re.compile(rf"^(?P<name>.*?)\s*[（(](?:单位[:：])?\s*(?P<unit>{_UNIT_TEXT})\s*[）)]$")
_VALUE = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?$")
_PERCENT = re.compile(r"%$")
_PLACEHOLDER = re.compile(r"^(?:-|－|—|…|\.\.\.|／|/|x|X)$")
_SUB_ITEM = re.compile(r"^(?:[#＃]|其中[:：]?)\s*")
_TABLE_NUMBER = re.compile(r"表\s*号\s*[:：]\s*([^\s:：|]{1,12})")
_BARE_YEAR = re.compile(r"^(?:19|20)\d{2}年?$")
# The corner cell names what the row labels are; the header starts at the line holding it.
CORNER_WORDS = frozenset(
    [
        "地区",
        "项目",
        "指标",
        "指标名称",
        "区域",
        "县区",
        "县市区",
        "县（市、区）",
        "县(市、区)",
        "单位",
        "单位名称",
        "年份",
        "年度",
        "分组",
        "类别",
        "分类",
        "行业",
        "名称",
        "城市",
        "地市",
        "省份",
        "部门",
    ]
)


def clean(cell: str) -> str:
    """A cell as a label reads: no image, no English translation after the Chinese, no letter-spacing."""
    text = _IMAGE.sub("", cell).strip()
    if m := _ENGLISH_TAIL.match(text):
        text = m["zh"].strip()
    return _CJK_GAP.sub("", text)


def is_value(cell: str) -> bool:
    return bool(_VALUE.match(cell.replace(" ", "")))


def unit_of(cell: str) -> str:
    """The unit a cell of its own states, (万人年) → 万人年; "" when the cell is not one."""
    m = _UNIT_CELL.match(cell.strip())
    return m["unit"].strip() if m else ""


def split_unit(label: str) -> tuple[str, str]:
    """(name, unit) of a label that ends with its unit: 科技经费筹集额 (亿元) → (科技经费筹集额, 亿元)."""
    m = _LABEL_UNIT.match(label)
    if m and m["name"].strip():
        return m["name"].strip(), m["unit"].strip()
    return label, ""


def year_said(text: str) -> str:
    """2021 → 2021年: a header that is a bare year is said as a year."""
    return f"{text}年" if _BARE_YEAR.match(text) and not text.endswith("年") else text


def is_year(text: str) -> bool:
    return bool(_BARE_YEAR.match(text))


class Column(NamedTuple):
    name: str  # 2015年职务 (the header rows above it, top first)
    unit: str = ""


class Row(NamedTuple):
    label: str  # 专利申请授权数中发明专利 (a sub-item said under the row it belongs to)
    unit: str  # the row's unit, its own or its parent's ("" when the columns carry it)
    cells: list[str]  # one per column
    shares: list[str]  # the percent line under it (Beijing | 100.0% | 76.8% …), one per column or []


class Grid(NamedTuple):
    caption: str
    columns: list[Column]
    rows: list[Row]
    corner: str = ""


def _filled(cells: list[str]) -> list[str]:
    return [c for c in (clean(c) for c in cells) if c]


def is_data_row(cells: list[str]) -> bool:
    """A body row: figures after its label, and nothing but figures (or placeholders) there."""
    rest = [c.strip() for c in cells[1:] if c.strip()]
    if not rest or (cells and _is_corner(cells[0])):
        return False
    years = [int(c) for c in rest if re.fullmatch(r"(?:19|20)\d{2}", c)]
    if len(years) == len(rest) and years == sorted(set(years)):  # 2002 | 2003 | …: a header of years
        return False
    return any(is_value(c) for c in rest) and all(is_value(c) or _PLACEHOLDER.match(c) for c in rest)


def _is_corner(cell: str) -> bool:
    return clean(cell).replace(" ", "") in CORNER_WORDS


def read_grid(lines: list[list[str]], caption: str = "") -> Grid | None:
    """The layout of a table given as rows of cells: its header rows (from the corner line down to the first body
    row) and its body (figures rows, with the unit and share lines under them folded in). None when it has fewer
    than two body rows."""
    data = [i for i, row in enumerate(lines) if is_data_row(row)]
    if len(data) < 2:
        return None
    first, last = data[0], data[-1]
    widths = sorted(len(lines[i]) for i in data)
    width = max(set(widths), key=widths.count)
    n = width - 1
    head = lines[:first]
    # A table whose rows are years (1990 | 540 | 371 …) names its indicators on lines of their own above each run of
    # rows (专利申请受理数, then 专利申请授权数): each such line is the section of the rows under it, never a header line.
    sections = all(is_year(clean(lines[i][0])) for i in data if lines[i])
    section = ""
    if sections:
        above_body = next((i for i in range(len(head) - 1, -1, -1) if _filled(head[i])), None)
        if above_body is not None and _section_line(head[above_body]):
            section, head = clean(head[above_body][0]), head[:above_body]
    corner_at = next((i for i in range(len(head) - 1, -1, -1) if head[i] and _is_corner(head[i][0])), None)
    if corner_at is None:  # no corner word: the line above the body is the header, as a plain grid has it
        corner_at = len(head) - 1 if head else 0
        while corner_at > 0 and not _filled(head[corner_at]):
            corner_at -= 1
    above = [_filled(row) for row in head[:corner_at]]
    titles = [" ".join(r) for r in above if r and not any(re.search(r"[:：]", c) for c in r)]
    # The title lines right above the header name the table better than the text line before them.
    caption = " ".join(t for t in titles if not re.fullmatch(r"[\d.\-\s]+", t))[:60] or caption
    # 表号:专授表5 on a label:value line above the header: the number a reader asks the table by.
    number = next((m[1] for r in above for c in r if (m := _TABLE_NUMBER.search(c))), "")
    caption = f"{caption} {number}".strip() if number and number not in caption else caption
    columns, corner = _columns(head[corner_at:], n)
    rows = _body(lines[first : last + 1], n, section if sections else None)
    return Grid(caption, columns, rows, corner)


def _section_line(line: list[str]) -> bool:
    """A line naming one section of a table's rows: one label in the row-label column, no unit, no figure."""
    filled = _filled(line)
    return (
        len(filled) == 1
        and bool(line)
        and clean(line[0]) == filled[0]
        and not unit_of(filled[0])
        and not is_value(filled[0])
        and not _is_corner(filled[0])
    )


def _columns(header: list[list[str]], n: int) -> tuple[list[Column], str]:
    """The value columns' names and units from the header lines (the corner line first)."""
    corner = ""
    levels: list[list[str]] = []  # each a name per column; group rows spread over the columns they head
    units = [""] * n
    singles: list[str] = []  # header cells one per line, gathered until a row of them is complete
    leaf = False  # a level naming every column was read: what follows continues or qualifies it
    for i, raw in enumerate(header):
        cells = _filled(raw)
        if i == 0 and raw and _is_corner(raw[0]):
            corner, cells = clean(raw[0]), _filled(raw[1:])
        if not cells:
            continue
        if all(unit_of(c) for c in cells):
            found = [unit_of(c) for c in cells]
            found = found[1:] if len(found) == n + 1 else found
            for j, u in enumerate(found[:n]):
                units[j] = u
            continue
        if len(cells) == n + 1 and not corner:
            corner, cells = cells[0], cells[1:]
        if len(cells) == n:
            levels.append(cells)
            leaf = True
            continue
        if len(cells) == 1 and not leaf:
            # One header cell per line: the last n of such a run name the columns; a cell above them heads
            # every column (2018 over 合计 / 大专院校 / …).
            if singles or _single_run(header[i:]) == n:
                singles.append(cells[0])
                if len(singles) == n:
                    levels.append(singles)
                    singles, leaf = [], True
            else:
                levels.append(cells * n)
            continue
        if leaf:  # a wrapped line under a full header row: it continues the columns it starts at (全时当量)
            for j, c in enumerate(cells[:n]):
                levels[-1][j] += c
            continue
        if n % len(cells) == 0:  # a group row: each cell heads the same number of columns (总累计 | 2015)
            span = n // len(cells)
            levels.append([c for c in cells for _ in range(span)])
    if singles:
        levels.append(singles + [""] * (n - len(singles)))
    columns = []
    for j in range(n):
        parts = [year_said(level[j]) for level in levels if j < len(level) and level[j]]
        name = "".join(dict.fromkeys(parts))
        name, unit = split_unit(name)
        columns.append(Column(name, units[j] or unit))
    return columns, corner


def _single_run(lines: list[list[str]]) -> int:
    """How many lines from the first hold one header cell each (empty lines between them skipped)."""
    run = 0
    for raw in lines:
        cells = _filled(raw)
        if not cells:
            continue
        if len(cells) != 1 or unit_of(cells[0]) or is_data_row(raw):
            break
        run += 1
    return run


def _body(lines: list[list[str]], n: int, section: str | None = None) -> list[Row]:
    """Body rows with the lines under them folded in, and each sub-item named under the row it belongs to. In a
    table of year rows (``section`` not None), a label-only line is the section of the rows under it, said after
    each row's year (2012年专利申请授权数)."""
    raw: list[tuple[str, str, list[str], list[str]]] = []  # label, own unit, cells, shares
    section, section_unit = split_unit(section) if section else (section, "")
    for line in lines:
        if section is not None and _section_line(line):
            section, section_unit = split_unit(clean(line[0]))  # 科普图书发行册数(万册): its rows' unit
            continue
        cells = [c.strip() for c in line]
        filled = _filled(line)
        if not filled:
            continue
        if raw and len(filled) == 1 and unit_of(filled[0]):  # (万人年) | ||||| : the unit of the row above
            label, _, values, shares = raw[-1]
            raw[-1] = (label, unit_of(filled[0]), values, shares)
            continue
        if not is_data_row(cells) and len(filled) < 2:
            continue  # a label-only line inside the body (a group name); its rows still name themselves
        label = cells[0]
        values = (cells[1:] + [""] * n)[:n]
        if (
            raw
            and label
            and not re.search(f"[{_CJK}]", label)
            and all(not v or _PERCENT.search(v) for v in values)
        ):
            # Beijing | 100.0% | 76.8% …: the English line under 北京 gives its shares
            raw[-1] = (*raw[-1][:3], values)
            continue
        name, unit = split_unit(clean(label))
        if section:
            name, unit = f"{year_said(name)}{section}", unit or section_unit
        raw.append((name, unit, values, []))
    if section is not None:  # year rows under sections: each row names its own indicator, none is a part
        return [Row(name, unit, values, shares) for name, unit, values, shares in raw]
    rows: list[Row] = []
    parent: tuple[str, str] | None = (
        None  # the last row with a unit of its own: the rows under it are its parts
    )
    units_in_labels = any(unit for _, unit, _, _ in raw)
    for label, unit, values, shares in raw:
        sub = _SUB_ITEM.match(label)
        name = _SUB_ITEM.sub("", label)
        if unit or not units_in_labels:
            parent = (name, unit) if unit else None
            rows.append(Row(name, unit, values, shares))
        elif parent is not None or sub:
            head, head_unit = parent or ("", "")
            rows.append(Row(f"{head}中{name}" if head else name, head_unit, values, shares))
        else:
            rows.append(Row(name, "", values, shares))
    return rows


def cell_sentences(grid: Grid) -> list[str]:
    """Each body cell as a sentence of its own, so that any one of its clauses is never cut from its row or its
    column: 2006年研究与试验发展经费支出567.3亿元。 (a year heading the column opens it), 江苏：R&D经费5513458万元。,
    北京：2015年职务84708，占90.1%。 (the share line under the row said with its cell)."""
    out = []
    year = caption_year(grid)
    for row in grid.rows:
        label = year_said(row.label)
        for j, (column, value) in enumerate(zip(grid.columns, row.cells, strict=False)):
            value = value.strip()
            if not value or _PLACEHOLDER.match(value):
                continue
            unit = "" if _PERCENT.search(value) else (column.unit or row.unit)
            share = row.shares[j] if j < len(row.shares) else ""
            share = "" if re.fullmatch(r"100(?:\.0+)?%", share) else share  # the whole: no share to state
            name = year + year_said(column.name)
            if not is_value(value):  # a word in a figures table (暂无, 含结转): said as the column's value
                out.append(f"{label}：{name}为{value}。" if label else f"{name}为{value}。")
                continue
            said = f"{value}{unit}" + (f"，占{share}" if share else "")
            if is_year(column.name) and not is_year(row.label):
                out.append(f"{name}{label}{said}。")
            elif label:
                out.append(f"{label}：{name}{said}。")
            else:
                out.append(f"{name}{said}。")
    return out


# A column of units the stacked rows leave empty (指标名称 / 计量单位 / 2000年 …: the unit cells were not stored).
_UNIT_COLUMN = frozenset(["计量单位", "单位", "计算单位"])
_GROUP = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)])"
)  # 一、全社会科技活动情况
_STACKED_MIN_VALUES = 2  # figures per row: one number after each line is a numbered list (1 / 围绕… / 2 / …)
_STACKED_LABEL_MAX = 30  # a row label or header cell longer than this is a paragraph of text
_PROSE = re.compile(r"[，。；！？,;!?]")
_GROUP_SKIP = 2  # label-only cells between two stacked rows (a group name, a row stored without its figures)


_CAPTION_YEAR = re.compile(r"(?<!年鉴)(?<!\d)((?:19|20)\d{2})年(?:度)?")  # (2019年), not 统计年鉴2020


def caption_year(grid: Grid) -> str:
    """The one year a table's title states (…活动情况(2019年)) when no column or row names a year: the year of
    every cell, said with each (大型：2019年R&D经费内部支出…), since a cell read alone no longer has the title."""
    years = set(_CAPTION_YEAR.findall(grid.caption))
    if len(years) != 1 or any(_CAPTION_YEAR.search(c.name) or is_year(c.name) for c in grid.columns):
        return ""
    if any(is_year(r.label) or _CAPTION_YEAR.search(r.label) for r in grid.rows):
        return ""
    return f"{years.pop()}年"


def unstack(cells: list[str]) -> tuple[int, list[list[str]], int] | None:
    """A table stored one cell per line (信息内容 / 本年制发件数 / 本年废止件数 / 现行有效件数 / 规章 / 0 / 0 / 0 / …):
    (where its header starts, its rows with the header first, where it ends) when the cells fall into a header of
    k words and at least two rows of a label and k-1 figures; None otherwise. Every run of figures after a label is
    tried as the table's first row, so a stray figure in the text before it does not hide it."""
    for first, cell in enumerate(cells):
        if first >= 2 and is_value(cell) and not is_value(cells[first - 1]):
            found = _unstack_at(cells, first)
            if found is not None:
                return found
    return None


def _unstack_at(cells: list[str], first: int) -> tuple[int, list[list[str]], int] | None:
    values = next((n for n, c in enumerate(cells[first:]) if not is_value(c)), len(cells) - first)
    width = values + 1
    if values < _STACKED_MIN_VALUES:  # 1 / 围绕… / 2 / …: numbered paragraphs, not a table of figures
        return None
    header = _stacked_header(cells, first, values)
    if header is None:
        return None
    start, names = header
    rows = [names]
    at, end, skipped = first - 1, first - 1, 0
    while at + width <= len(cells) and _label(cells[at]):
        row = cells[at : at + width]
        after = cells[at + width] if at + width < len(cells) else ""
        if all(is_value(c) for c in row[1:]) and not is_value(after):
            # exactly k-1 figures: a longer run is cells out of line (a page stored askew), not this row
            rows.append(row)
            at = end = at + width
            skipped = 0
        elif _label(cells[at + 1]) and skipped < _GROUP_SKIP:
            at, skipped = (
                at + 1,
                skipped + 1,
            )  # a label-only line: a group name, its rows still name themselves
        else:
            break
    return (start, rows, end) if len(rows) >= 3 else None


def _label(cell: str) -> bool:
    """A cell that can be a stacked table's row label or header: a short name, not a figure or a sentence."""
    return not is_value(cell) and len(cell) <= _STACKED_LABEL_MAX and not _PROSE.search(cell)


def _stacked_header(cells: list[str], first: int, values: int) -> tuple[int, list[str]] | None:
    """(where the header starts, the header cells) above a stacked table's first row: the k cells right above its
    label, or the cells from a corner word (指标名称) down, less a units column the rows leave empty and a group
    name before the first row."""
    start = first - 1 - (values + 1)
    if start >= 0 and all(_label(c) for c in cells[start : first - 1]):
        names = cells[start : first - 1]
        if not (_GROUP.match(names[-1]) or names[-1] in _UNIT_COLUMN):
            return start, names
    for corner in range(first - 2, max(-1, first - values - 6), -1):
        if _is_corner(cells[corner]):
            names = [c for c in cells[corner + 1 : first - 1] if c not in _UNIT_COLUMN]
            if names and _GROUP.match(names[-1]):
                names = names[:-1]  # 一、全社会科技活动情况: the first group's name, under the header
            if len(names) == values and all(_label(c) for c in names):
                return corner, [cells[corner], *names]
            return None
    return None
