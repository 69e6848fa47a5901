"""PDF: each page's text layer; a page without one (a scan) is rendered and OCR'd.

Invariant: every block knows its page, and a block recognised by OCR says so, for the citation.
"""

from __future__ import annotations

import logging
from pathlib import Path

from jzbot.errors import UnreadableFile
from jzbot.ingest.formats.base import Block, reader
from jzbot.ingest.formats.ocr import INSTALL, ocr_image

log = logging.getLogger(__name__)
MIN_TEXT_CHARS = 10  # a scanned page's text layer is empty or a stray page number
RENDER_DPI = 150  # body text of a 公文 (三号) is then about 30 px high, where the recogniser is accurate


def _text_layers(path: Path) -> list[str]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        return [page.extract_text() or "" for page in PdfReader(str(path)).pages]
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as e:
        raise UnreadableFile(f"PDF 文件已损坏 / corrupt PDF: {e}") from e


def _ocr_pages(path: Path, numbers: list[int], total: int) -> list[list[Block]]:
    try:
        import pypdfium2
    except ImportError as e:
        raise UnreadableFile(
            f"PDF 没有文本层（扫描件），需要 OCR 组件：{INSTALL} / "
            f"PDF has no text layer (scanned): install OCR with {INSTALL}"
        ) from e
    document = pypdfium2.PdfDocument(str(path))
    try:
        out = []
        for n in numbers:
            image = document[n - 1].render(scale=RENDER_DPI / 72).to_pil()
            out.append(ocr_image(image, n, path.name, total))
        return out
    finally:
        document.close()


@reader(".pdf")
def read_pdf(path: Path) -> list[Block]:
    layers = _text_layers(path)
    scanned = [n for n, text in enumerate(layers, 1) if len(text.strip()) < MIN_TEXT_CHARS]
    recognised: dict[int, list[Block]] = {}
    if scanned:
        try:
            recognised = dict(zip(scanned, _ocr_pages(path, scanned, len(layers)), strict=True))
        except UnreadableFile:
            if len(scanned) == len(layers):
                raise
            log.warning(
                "%s: %d scanned pages skipped (no OCR installed: %s)", path.name, len(scanned), INSTALL
            )
    blocks: list[Block] = []
    for n, text in enumerate(layers, 1):
        blocks.extend(recognised.get(n, [Block(text, n)] if n not in scanned else []))
    if not any(b.text.strip() for b in blocks):
        raise UnreadableFile("PDF 中没有可识别的文字 / no text found in the PDF")
    return blocks
