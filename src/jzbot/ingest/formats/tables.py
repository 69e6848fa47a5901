"""A table as rows with their headers: each data row becomes one sentence that names its row and columns.

Invariant: every cell value keeps its row header and its column header next to it (温县：技术合同成交额3.2亿元),
so a figure read from a row says what it is without the table around it, and the words a reader
asks with (the county, the indicator, the unit) are in the sentence that answers.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from typing import NamedTuple

from jzbot.ingest.formats import layout, spaced
from jzbot.ingest.formats.base import Block

_UNIT_IN_HEADER = re.compile(r"^(?P<name>.*?)\s*[（(](?:单位[:：])?\s*(?P<unit>[^（）()]{1,6})\s*[）)]$")
_UNIT_NOTE = re.compile(r"单位\s*[:：]\s*(?P<unit>[^\s，。；,;）)]{1,6})")
_NUMBER = re.compile(r"^[+-]?\d[\d,]*(?:\.\d+)?$")
_PERCENT = re.compile(r"^[+-]?\d+(?:\.\d+)?%$")
_CAPTION_MAX = 60


class Table(NamedTuple):
    caption: str  # 2023年各县区技术合同成交额 (the title above it, or the sheet name)
    header: list[str]
    rows: list[list[str]]
    page: int | None = None
    ocr: bool = False


_DECIMALS = re.compile(r"0\.(0+)")


def cell_text(value: object, number_format: str = "") -> str:
    """A cell as the sheet displays it: 0.156 under 0.0% is 15.6%, 12345.6 under #,##0.00 is 12,345.60, a date
    under yyyy年m月d日 is 2023年3月2日; without a format, the value (3.2600000000000002 is 3.26)."""
    if value is None:
        return ""
    fmt = number_format or ""
    if isinstance(value, dt.datetime | dt.date):
        return _date_text(value, fmt)
    if isinstance(value, int | float) and not isinstance(value, bool) and fmt not in ("", "General", "@"):
        shown = _formatted(float(value), fmt)
        if shown is not None:
            return shown
    if isinstance(value, float):  # a computed cell holds 3.2600000000000002; the sheet shows 3.26
        value = int(value) if value.is_integer() else format(value, ".12g")
    return re.sub(r"\s+", " ", str(value)).strip()


def _formatted(value: float, fmt: str) -> str | None:
    """The number under an Excel format's first section: decimals, %, thousands separators; None when the
    format is one this reader does not model (the plain value is shown then)."""
    section = fmt.split(";")[0]
    decimals = len(m.group(1)) if (m := _DECIMALS.search(section)) else 0
    if "%" in section:
        return f"{value * 100:.{decimals}f}%"
    if "#,##0" in section:
        return f"{value:,.{decimals}f}"
    if re.fullmatch(r"0(?:\.0+)?", section):
        return f"{value:.{decimals}f}"
    return None


def _date_text(value: dt.date, fmt: str) -> str:
    day = value.date() if isinstance(value, dt.datetime) else value
    if "年" in fmt:
        return f"{day.year}年{day.month}月{day.day}日"
    if "/" in fmt:
        return f"{day.year}/{day.month}/{day.day}"
    return day.isoformat()


def _column(header: str, default_unit: str) -> tuple[str, str]:
    """(name, unit) of a column header: 技术合同成交额（亿元） → (技术合同成交额, 亿元)."""
    m = _UNIT_IN_HEADER.match(header)
    if m and m["name"]:
        return m["name"].strip(), m["unit"].strip()
    return header, default_unit


_BARE_YEAR = re.compile(r"(?:19|20)\d{2}")


def _year_said(cell: str) -> str:
    """A header cell that is a bare year (2021) said as a year (2021年): the row or column is that year's."""
    return f"{cell}年" if _BARE_YEAR.fullmatch(cell.strip()) else cell


# A row header's unit in brackets (研发经费内部支出(万元), 科技活动人员 (万人)): a statistical yearbook's rows are
# indicators and its columns years, so the unit is the row's. Only units of measure: (试行), (含…) are no unit.
_ROW_UNIT = re.compile(
    r"[（(]\s*(?:单位[:：])?\s*(?P<unit>万人年|万人|人年|(?:万|亿|千|百)?(?:元|美元)|人|个|项|件|篇|家|台|套|次|所|吨|亩)"
    r"\s*[）)]"
)


def row_sentence(header: list[str], row: list[str], unit: str = "") -> str:
    """温县：技术合同成交额3.2亿元；同比增长15.6%。 (empty cells are left out, and so is an empty row header);
    a year heading a row or a column is said as one (2021年：…, 2020年3.26亿元); a row header's unit is its cells'
    where their column names none (研发经费(万元)：2019年93712万元)."""
    parts = []
    row = [_year_said(row[0]), *row[1:]] if row else row
    row_unit = m["unit"] if row and (m := _ROW_UNIT.search(row[0])) else ""
    for head, value in zip(header[1:], row[1:], strict=False):
        if not value:
            continue
        column, column_unit = _column(_year_said(head), unit)
        column_unit = column_unit or row_unit
        if _NUMBER.match(value.replace(",", "")):  # shown as the sheet shows it: 12,345.60
            parts.append(f"{column}{value}{column_unit}")
        elif _PERCENT.match(value):  # 15.6% in a column without a unit of its own
            parts.append(f"{column}{value}")
        else:
            parts.append(f"{column}为{value}" if column else value)
    if not parts:
        return ""
    return f"{row[0]}：{'；'.join(parts)}。" if row[0] else f"{'；'.join(parts)}。"


def _field_table(table: Table) -> bool:
    """A page's 文件信息表 (文件名称 | … | 发文字号 | …): label and value cells in turn, not data."""
    from jzbot.ingest.furniture import LABELS

    labels = [row[i] for row in [table.header, *table.rows] for i in range(0, len(row), 2)]
    return bool(labels) and sum(cell_text(c) in LABELS for c in labels) * 2 > len(labels)


def table_blocks(table: Table) -> list[Block]:
    """The rows of ``table`` as sentences, each carrying the table's caption for its citation; a field table's
    rows as ``label value`` lines, read as the page's furniture (文号, 发文单位, 成文日期)."""
    if _field_table(table):
        lines = [" ".join(cell_text(c) for c in row) for row in [table.header, *table.rows]]
        return [Block(line, table.page, table.ocr) for line in lines if line.strip()]
    unit_note = _UNIT_NOTE.search(table.caption)
    unit = unit_note["unit"] if unit_note else ""
    caption = _UNIT_NOTE.sub("", table.caption).strip(" （()）") or "表格"
    header = [cell_text(h) for h in table.header]
    grid = layout.read_grid([header, *([cell_text(c) for c in row] for row in table.rows)], caption)
    if grid is not None:  # a statistics grid: units, sub-items and share lines read by its layout
        if unit:
            grid = grid._replace(columns=[c._replace(unit=c.unit or unit) for c in grid.columns])
        return [Block(s, table.page, table.ocr, caption) for s in layout.cell_sentences(grid)]
    out = []
    parent = ""  # the last row header that states a unit: the indicator the rows under it break down
    for row in table.rows:
        cells = [cell_text(c) for c in row]
        if not any(cells[1:]):
            continue
        label = cells[0] if cells else ""
        if _ROW_UNIT.search(label):
            parent = label
        elif parent:
            # A yearbook's rows under an indicator with a unit, up to the next one (#基础研究 marked 其中, or 应用研究,
            # 试验发展 unmarked) are its parts: said with it, in its unit.
            cells = [f"{parent}其中{label.lstrip('#＃').strip()}", *cells[1:]]
        sentence = row_sentence(header, cells, unit)
        if sentence:
            out.append(Block(sentence, table.page, table.ocr, caption))
    return out


def split_header(rows: list[list[str]]) -> tuple[str, list[str], list[list[str]]]:
    """(caption, header, data rows) of a grid: a leading row with one filled cell is a caption (a merged title);
    the header is the first row with two or more cells filled."""
    caption_lines: list[str] = []
    i = 0
    while i < len(rows) and sum(1 for c in rows[i] if c) <= 1:
        text = next((c for c in rows[i] if c), "")
        if text and len(text) <= _CAPTION_MAX:
            caption_lines.append(text)
        i += 1
    if i >= len(rows):
        return " ".join(caption_lines), [], []
    return " ".join(caption_lines), rows[i], rows[i + 1 :]


def is_caption(text: str) -> bool:
    """A table's title line: short, no sentence punctuation (2023年各县区技术合同成交额（单位：亿元）)."""
    return 0 < len(text) <= _CAPTION_MAX and not re.search(r"[，。；！？,;]", text)


_PIPE_ROW_MIN_CELLS = 3  # a line split by | into this many cells is a table row, not prose with a bar in it
_PIPE_TABLE_MIN_ROWS = 3  # a header and at least two rows
_INDEX_HEADERS = ("序号", "编号", "No", "NO", "no")
_QUOTED_BAR = re.compile(
    r"[\"“”'‘’「」]\|[\"“”'‘’「」]"
)  # 以"|"分隔: a bar named in prose, not a cell border


def _pipe_cells(line: str) -> list[str]:
    """The cells of ``a | b | c`` (one border bar at each end is no cell; trailing empty cells are kept:
    ``(万人年) | ||||`` is a row of six)."""
    line = line.strip()
    line = line[1:] if line.startswith("|") else line
    line = line[:-1] if line.endswith("|") else line
    return [c.strip() for c in line.split("|")]


def pipe_table_blocks(text: str) -> list[Block]:
    """Plain text with tables written as ``a | b | c`` lines (a page's table as stored): the text around them
    as it is, each table as sentences that name their row, columns and unit, like any other table.

    A run of lines with a bar is split into tables where a header follows a body; a table of figures is read
    by its layout (header rows, unit lines, share lines, sub-items), a table of words as header + rows."""
    from jzbot.ingest.furniture import fields

    lines = text.split("\n")
    out: list[Block] = []
    plain: list[str] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and _QUOTED_BAR.sub("", lines[j]).count("|") and fields(lines[j]) is None:
            j += 1
        if j == i:
            plain.append(lines[i])
            i += 1
            continue
        for segment in _segments([_pipe_cells(line) for line in lines[i:j]], lines[i:j]):
            before = next((ln.strip() for ln in reversed(plain) if ln.strip()), "")
            caption = before if is_caption(before) else ""
            grid = layout.read_grid(_drop_index(segment.cells), caption)
            if grid is not None:
                plain.extend(_bare(line) for line in segment.lines[: segment.head])
                out.extend(_text_blocks(plain))
                plain = []
                name = grid.caption or "表格"
                out.extend(Block(s, None, False, name) for s in layout.cell_sentences(grid))
                plain.extend(_bare(line) for line in segment.lines[segment.tail :])
            elif stacked := _stacked(segment.lines):
                head, grid, tail = stacked
                plain.extend(_bare(line) for line in segment.lines[:head])
                out.extend(_text_blocks(plain))
                plain = []
                out.extend(Block(s, None, False, grid.caption or "表格") for s in layout.cell_sentences(grid))
                plain.extend(_bare(line) for line in segment.lines[tail:])
            else:
                out_plain, blocks = _word_table(segment.lines, caption)
                if blocks:
                    out.extend(_text_blocks(plain))
                    plain = []
                    out.extend(blocks)
                plain.extend(out_plain)
        i = j
    if plain:
        out.extend(_text_blocks(plain))
    return [b for b in out if b.text.strip()]


def _text_blocks(lines: list[str]) -> list[Block]:
    """Lines without bars: the text as it is, but a table stored one cell per line or with its cells separated by
    spaces read as a table (its rows as sentences), whichever starts first."""
    out: list[Block] = []
    while lines:
        found = []
        if stacked := _stacked(lines):
            found.append(stacked)
        if spaced_found := spaced.find(lines):
            found.append((spaced_found.start, spaced_found.grid, spaced_found.end))
        if not found:
            break
        start, grid, end = min(found, key=lambda f: f[0])
        out.append(Block("\n".join(lines[:start])))
        out.extend(Block(s, None, False, grid.caption or "表格") for s in layout.cell_sentences(grid))
        lines = lines[end:]
    if lines:
        out.append(Block("\n".join(lines)))
    return out


class _Segment(NamedTuple):
    lines: list[str]
    cells: list[list[str]]
    head: int  # lines before the table's header (titles, notes kept as text)
    tail: int  # the first line after its body


def _segments(cells: list[list[str]], lines: list[str]) -> list[_Segment]:
    """A run of bar lines cut into tables: a line of two or more cells that is neither a body row nor a unit
    line, after a body, opens the next table (its header)."""
    cuts = [0]
    body = False
    for k, row in enumerate(cells):
        filled = [c for c in row if c.strip()]
        if layout.is_data_row(_drop_index([row])[0]):
            body = True
        elif len(filled) >= 2 and not all(layout.unit_of(c) for c in filled) and body:
            cuts.append(k)
            body = False
    cuts.append(len(cells))
    out = []
    for a, b in itertools.pairwise(cuts):
        seg = cells[a:b]
        data = [k for k, row in enumerate(seg) if layout.is_data_row(_drop_index([row])[0])]
        corner = _header_start(seg, data[0]) if data else 0
        out.append(_Segment(lines[a:b], seg, corner, (data[-1] + 1) if data else len(seg)))
    return out


def _header_start(seg: list[list[str]], first_data: int) -> int:
    """Where a table's header starts: the corner line (地区, 项目, 指标 …) above its body, else the line above it."""
    for k in range(first_data - 1, -1, -1):
        if seg[k] and layout.clean(seg[k][0]).replace(" ", "") in layout.CORNER_WORDS | set(_INDEX_HEADERS):
            return k
    return max(0, first_data - 1)


def _drop_index(rows: list[list[str]]) -> list[list[str]]:
    """序号 numbers rows; the row header is the next column. A row one cell short merged its number and name
    (全省 | 851.36 | …): it lines up with the header as is."""
    if not rows or not any(r and r[0].strip() in _INDEX_HEADERS for r in rows):
        if (
            len(rows) == 1
            and len(rows[0]) > 2
            and rows[0][0].strip().isdigit()
            and not layout.is_value(rows[0][1])
        ):
            return [rows[0][1:]]
        return rows
    return [r[1:] if r and (r[0].strip() in _INDEX_HEADERS or r[0].strip().isdigit()) else r for r in rows]


def _stacked(lines: list[str]) -> tuple[int, layout.Grid, int] | None:
    """A table stored one cell per line, as (its first line, its layout, the line after it); the nearest line
    above it is its caption."""
    filled = [[c for c in _pipe_cells(line) if c] for line in lines]
    if any(len(f) > 1 for f in filled):
        return None
    at = [k for k, f in enumerate(filled) if f]  # line of each cell
    found = layout.unstack([filled[k][0] for k in at])
    if found is None:
        return None
    start, rows, end = found
    caption = _bare(lines[at[start - 1]]) if start else ""
    grid = layout.read_grid(rows, caption if is_caption(caption) else "")
    if grid is None:
        return None
    return at[start], grid, (at[end - 1] + 1) if end else len(lines)


def _bare(line: str) -> str:
    """A title or note line of a bar table, without its empty cells: 21-39 科学研究与开发机构基本情况 | ||||| ."""
    return " ".join(c for c in (layout.clean(c) for c in _pipe_cells(line)) if c)


def _word_table(lines: list[str], caption: str) -> tuple[list[str], list[Block]]:
    """Lines of a table without figures: runs of three or more cells are header + rows; other lines stay text."""
    plain: list[str] = []
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and len(_pipe_cells(lines[j])) >= _PIPE_ROW_MIN_CELLS:
            j += 1
        if j - i < _PIPE_TABLE_MIN_ROWS:
            plain.append(lines[i])
            i += 1
            continue
        before = next((ln.strip() for ln in reversed(plain) if ln.strip()), caption)
        blocks.extend(table_blocks(_pipe_table(lines[i:j], before if is_caption(before) else "")))
        i = j
    return plain, blocks


_UNIT_ROW = re.compile(r"[（(][^（）()]{1,6}[）)]")  # a unit wrapped onto a row of its own: (万人年)


def _pipe_table(lines: list[str], caption: str) -> Table:
    header, *grid = (_pipe_cells(line) for line in lines)
    rows: list[list[str]] = []
    for cells in grid:
        if rows and not any(cells[1:]) and _UNIT_ROW.fullmatch(cells[0]):
            rows[-1] = [
                rows[-1][0] + cells[0],
                *rows[-1][1:],
            ]  # a unit wrapped onto a row of its own: its label's
        else:
            rows.append(cells)
    width = len(header)
    if header[0] in _INDEX_HEADERS:  # 序号 numbers rows; the row header is the next column
        header = header[1:]
        # A row one cell short merged its number and name (全省 | 851.36 | …): it lines up with the header as is.
        rows = [r[1:] if len(r) == width else r for r in rows]
    return Table(caption or "表格", header, rows)
