"""Scanned pages saved as images (.png, .jpg, .tif): every frame is OCR'd as a page."""

from __future__ import annotations

from pathlib import Path

from jzbot.errors import UnreadableFile
from jzbot.ingest.formats.base import Block, reader
from jzbot.ingest.formats.ocr import INSTALL, ocr_image

MAX_PIXELS = 60_000_000  # an A3 page at 600 dpi is 70 MB of pixels; more is not a scan


@reader(".png", ".jpg", ".jpeg", ".tif", ".tiff")
def read_image(path: Path) -> list[Block]:
    try:
        from PIL import Image, ImageSequence
    except ImportError as e:
        raise UnreadableFile(f"图片需要 OCR 组件：{INSTALL} / images need OCR: {INSTALL}") from e
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(path) as image:
            frames = [frame.copy() for frame in ImageSequence.Iterator(image)]
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as e:
        raise UnreadableFile(f"图片无法打开 / unreadable image: {e}") from e
    blocks: list[Block] = []
    for n, frame in enumerate(frames, 1):
        blocks.extend(ocr_image(frame, n if len(frames) > 1 else None, path.name, len(frames)))
    return blocks
