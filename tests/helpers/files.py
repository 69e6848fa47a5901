"""Makers of real files in every supported format (no mocks: the loaders read what Word/PDF writers produce)."""

from __future__ import annotations

import zlib
from pathlib import Path


def make_docx(path: Path, paragraphs: list[str], table: list[list[str]] | None = None) -> Path:
    import docx

    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    if table:
        t = d.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                t.cell(r, c).text = cell
    d.save(str(path))
    return path


def make_pdf(path: Path, pages: list[list[str]]) -> Path:
    """A text PDF with a Type0 font and a ToUnicode map, so Chinese text extracts as it would from Word's PDFs."""
    chars = sorted({ch for page in pages for line in page for ch in line})
    cid = {ch: i + 1 for i, ch in enumerate(chars)}
    cmap_lines = "\n".join(f"<{cid[ch]:04X}> <{ord(ch):04X}>" for ch in chars)
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Adobe-Identity-UCS def "
        "/CMapType 2 def 1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        f"{len(chars)} beginbfchar\n{cmap_lines}\nendbfchar endcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode()
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(data: bytes) -> bytes:
        z = zlib.compress(data)
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(z) + z + b"\nendstream"

    cmap_id = add(stream(cmap))
    desc_id = add(
        b"<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 0 1000 1000] /ItalicAngle 0 "
        b"/Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>"
    )
    cid_font = add(
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) "
        b"/Ordering (Identity) /Supplement 0 >> /FontDescriptor %d 0 R /DW 1000 >>" % desc_id
    )
    font = add(
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [%d 0 R] "
        b"/ToUnicode %d 0 R >>" % (cid_font, cmap_id)
    )
    pages_id = len(objects) + 2 * len(pages) + 1
    page_ids = []
    for page in pages:
        ops = [b"BT /F1 12 Tf 14 TL 50 780 Td"]
        for line in page:
            ops.append(b"<" + "".join(f"{cid[ch]:04X}" for ch in line).encode() + b"> Tj T*")
        ops.append(b"ET")
        content = add(stream(b"\n".join(ops)))
        page_ids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (pages_id, content, font)
            )
        )
    kids = b" ".join(b"%d 0 R" % i for i in page_ids)
    assert add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_ids))) == pages_id
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog,
        xref,
    )
    path.write_bytes(bytes(out))
    return path


NOTICE = [
    "焦作市科学技术局文件",
    "焦科〔2022〕9号",
    "焦作市科学技术局关于开展2022年度科技创新券兑付工作的通知",
    "各县（市）区科技主管部门：",
    "一、兑付范围",
    "（一）兑付对象。本年度共兑付科技创新券企业57家，兑付金额合计312.5万元。",
    "二、工作要求",
    "（一）严格审核。各县（市）区要对申报材料进行严格审核，确保真实有效。",
    "焦作市科学技术局",
    "2022年5月10日",
]


COUNTY_TABLE = [
    ["县区", "技术合同成交额（亿元）", "同比增长（%）"],
    ["解放区", "4.12", "12.3"],
    ["山阳区", "2.75", "8.1"],
    ["温县", "3.26", "15.6"],
    ["武陟县", "5.08", "21.4"],
    ["孟州市", "2.19", "-3.2"],
    ["沁阳市", "3.91", "9.7"],
]


def make_xlsx(path: Path, title: str, table: list[list[str]]) -> Path:
    """A statistics sheet as offices make them: a merged title row, a header row, numbers as numbers."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(table[0]))
    for r, row in enumerate(table):
        sheet.append([cell if r == 0 or c == 0 else float(cell) for c, cell in enumerate(row)])
    book.save(path)
    return path
