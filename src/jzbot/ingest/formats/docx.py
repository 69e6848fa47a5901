"""Word .docx: paragraphs and tables in the order they stand in the body; a table's rows keep their headers."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from jzbot.errors import UnreadableFile
from jzbot.ingest.formats.base import Block, reader
from jzbot.ingest.formats.tables import Table, is_caption, split_header, table_blocks
from jzbot.ingest.formats.ziplimit import bounded_copy

if TYPE_CHECKING:
    from docx.table import Table as DocxTable


def _grid(table: DocxTable) -> list[list[str]]:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = cell.text.strip()
            # A merged cell is repeated by python-docx once per grid column it spans; keep it once.
            cells.append("" if cells and text and text == cells[-1] else text)
        rows.append(cells)
    return rows


@reader(".docx")
def read_docx(path: Path) -> list[Block]:
    package = bounded_copy(path, "docx")  # a zip bomb stops at the cap, before python-docx reads anything
    import docx
    from docx.table import Table as DocxTable

    try:
        document = docx.Document(package)
        content = list(document.iter_inner_content())
    except Exception as e:  # python-docx raises many kinds on damaged parts
        raise UnreadableFile(f"docx 文件已损坏 / corrupt docx: {e}") from e
    blocks: list[Block] = []
    lines: list[str] = []
    for item in content:
        if not isinstance(item, DocxTable):
            lines.append(item.text)
            continue
        grid = _grid(item)
        caption_above, header, rows = split_header(grid)
        if not rows or len(header) < 2:  # a layout table (版头, 落款) is text, not data
            lines.extend(" ".join(c for c in row if c) for row in grid)
            continue
        # The title above a table names it (2023年各县区技术合同成交额表); it stays in the text as well.
        above = next((t.strip() for t in reversed(lines) if t.strip()), "")
        caption = caption_above or (above if is_caption(above) else "")
        if lines:
            blocks.append(Block("\n".join(lines)))
            lines = []
        blocks.extend(table_blocks(Table(caption or "表格", header, rows)))
    if lines:
        blocks.append(Block("\n".join(lines)))
    return blocks
