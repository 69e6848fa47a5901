"""Spreadsheets (.xlsx): every sheet is a table whose rows keep their headers."""

from __future__ import annotations

from pathlib import Path

from jzbot.errors import UnreadableFile
from jzbot.ingest.formats.base import Block, reader
from jzbot.ingest.formats.tables import Table, cell_text, split_header, table_blocks
from jzbot.ingest.formats.ziplimit import bounded_copy

MAX_CELLS = 200_000  # a statistics table is hundreds of cells; a data dump is not a document


@reader(".xlsx", ".xlsm")
def read_xlsx(path: Path) -> list[Block]:
    package = bounded_copy(path, "xlsx")  # a zip bomb stops at the cap, before openpyxl reads anything
    import openpyxl

    try:
        book = openpyxl.load_workbook(package, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds on damaged parts
        raise UnreadableFile(f"xlsx 文件已损坏 / corrupt xlsx: {e}") from e
    blocks: list[Block] = []
    cells = 0
    try:
        for sheet in book.worksheets:
            grid = []
            for row in sheet.iter_rows():
                cells += len(row)
                if cells > MAX_CELLS:
                    raise UnreadableFile(f"表格过大（超过 {MAX_CELLS} 个单元格） / spreadsheet too large")
                # As displayed: the stored 0.156 of a 0.0% cell is 15.6%.
                values = [cell_text(c.value, getattr(c, "number_format", "")) for c in row]
                if any(values):
                    grid.append(values)
            caption, header, rows = split_header(grid)
            caption = caption or sheet.title
            blocks.append(Block(caption))
            if len(header) >= 2:
                blocks.extend(table_blocks(Table(caption, header, rows)))
    finally:
        book.close()
    return blocks
