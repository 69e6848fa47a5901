"""Offline OCR of page images (RapidOCR, PP-OCRv4 models shipped inside the ``rapidocr-onnxruntime`` wheel).

Invariant: nothing is downloaded: the models are files of the installed package. Recognised boxes are put
back into reading order (lines top to bottom, boxes left to right); a run of lines split into the same
number of cells is a table, and its rows keep their headers like any other table's.
"""

from __future__ import annotations

import itertools
import logging
from functools import lru_cache
from typing import Any, NamedTuple

from jzbot.errors import UnreadableFile
from jzbot.ingest.formats.base import Block
from jzbot.ingest.formats.tables import Table, is_caption, table_blocks

log = logging.getLogger(__name__)
INSTALL = "pip install 'jzbot[ocr]'"
MIN_SCORE = 0.5  # RapidOCR's own default text_score: below it a box is noise more often than text
CELL_GAP = 1.0  # a gap wider than one character height separates table cells (words in a line sit closer)
MIN_TABLE_ROWS = 3  # a header and two rows: fewer is a line that happens to have a gap


class Box(NamedTuple):
    text: str
    left: float
    right: float
    top: float
    bottom: float


@lru_cache(maxsize=1)
def engine() -> Any:
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError as e:
        raise UnreadableFile(
            f"扫描件/图片需要 OCR 组件：{INSTALL} / scanned pages need OCR: {INSTALL}"
        ) from e
    # One thread per model run: on a small shared server more threads contend and are slower, not faster.
    return RapidOCR(use_cls=False, intra_op_num_threads=1, inter_op_num_threads=1)


def recognise(image: Any) -> list[Box]:
    """Text boxes of a PIL image, in no particular order."""
    import numpy as np

    result, _ = engine()(np.asarray(image.convert("RGB")), use_cls=False)
    boxes = []
    for points, text, score in result or []:
        if float(score) < MIN_SCORE or not str(text).strip():
            continue
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        boxes.append(Box(str(text).strip(), min(xs), max(xs), min(ys), max(ys)))
    return boxes


def lines_of(boxes: list[Box]) -> list[list[str]]:
    """Reading order: lines (a box joins the line whose middle it overlaps), each split into cells at wide gaps."""
    rows: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: (b.top + b.bottom) / 2):
        middle = (box.top + box.bottom) / 2
        if rows and rows[-1][0].top <= middle <= rows[-1][0].bottom:
            rows[-1].append(box)
        else:
            rows.append([box])
    out = []
    for row in rows:
        row.sort(key=lambda b: b.left)
        height = max(b.bottom - b.top for b in row)
        cells = [[row[0].text]]
        for prev, box in itertools.pairwise(row):
            if box.left - prev.right > CELL_GAP * height:
                cells.append([box.text])
            else:
                cells[-1].append(box.text)
        out.append(["".join(c) for c in cells])
    return out


def page_blocks(boxes: list[Box], page: int | None) -> list[Block]:
    """One page's text (lines as the page shows them) and its tables (rows with their headers)."""
    lines = lines_of(boxes)
    blocks: list[Block] = []
    text: list[str] = []
    i = 0
    while i < len(lines):
        width = len(lines[i])
        j = i
        while width >= 2 and j < len(lines) and len(lines[j]) == width:
            j += 1
        if j - i >= MIN_TABLE_ROWS:
            caption = text[-1] if text and is_caption(text[-1]) else "表格"
            if text:
                blocks.append(Block("\n".join(text), page, True))
                text = []
            blocks.extend(table_blocks(Table(caption, lines[i], lines[i + 1 : j], page, True)))
            i = j
            continue
        text.append(" ".join(lines[i]))
        i += 1
    if text:
        blocks.append(Block("\n".join(text), page, True))
    return blocks


def ocr_image(image: Any, page: int | None, source: str, pages: int = 1) -> list[Block]:
    log.info("OCR %s: page %s of %d", source, page or 1, pages)  # per-page progress (`jzbot ingest -v`)
    return page_blocks(recognise(image), page)
