"""Scanned pages made the way a scanner makes them: text drawn into an image with a CJK font, no text layer.

Used by the OCR tests and by ``benchmarks/ocr.py``; the font is Debian's fonts-wqy-microhei (installed by .ci/run).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
DPI = 150
PAGE_PX = (1240, 1754)  # A4 at 150 dpi
MARGIN = 110
FONT_PX = 30  # about 三号 (16 pt) at 150 dpi, the size of 公文 body text
LINE_PX = 50
CHARS_PER_LINE = (PAGE_PX[0] - 2 * MARGIN) // FONT_PX


def layout(lines: list[str]) -> list[list[str]]:
    """Source lines wrapped to the page width and cut into pages, as a printed report would be."""
    wrapped = [piece for line in lines for piece in (textwrap.wrap(line, CHARS_PER_LINE) or [""])]
    per_page = (PAGE_PX[1] - 2 * MARGIN - 2 * LINE_PX) // LINE_PX
    return [wrapped[i : i + per_page] for i in range(0, len(wrapped), per_page)]


def render_page(
    lines: list[str], number: int | None = None, header: str = "", rows: list[list[str]] | None = None
):
    """One page image: an optional running header, the lines, an optional table, and a —n— page number."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(FONT), FONT_PX)
    image = Image.new("L", PAGE_PX, 255)
    draw = ImageDraw.Draw(image)
    y = MARGIN
    if header:
        draw.text((MARGIN, MARGIN - LINE_PX), header, font=font, fill=0)
    for line in lines:
        draw.text((MARGIN, y), line, font=font, fill=0)
        y += LINE_PX
    if rows:
        # Columns as wide as their longest cell plus padding, the way a table in Word or WPS is laid out.
        widths = [(max(len(row[i]) for row in rows) + 2) * FONT_PX for i in range(len(rows[0]))]
        lefts = [MARGIN + sum(widths[:i]) for i in range(len(widths))]
        y += LINE_PX // 2
        for row in rows:
            for left, width, cell in zip(lefts, widths, row, strict=True):
                draw.rectangle((left, y - 8, left + width, y + LINE_PX - 8), outline=0)
                draw.text((left + FONT_PX, y), cell, font=font, fill=0)
            y += LINE_PX
    if number is not None:
        label = f"—{number}—"
        draw.text(((PAGE_PX[0] - FONT_PX * 2) // 2, PAGE_PX[1] - MARGIN), label, font=font, fill=0)
    return image


def make_scanned_pdf(
    path: Path, pages: list[list[str]], header: str = "", tables: dict[int, list[list[str]]] | None = None
) -> Path:
    """An image-only PDF (what a scanner writes): one rendered image per page, no text layer."""
    images = [render_page(lines, n + 1, header, (tables or {}).get(n)) for n, lines in enumerate(pages)]
    images[0].save(path, "PDF", resolution=DPI, save_all=True, append_images=images[1:])
    return path
