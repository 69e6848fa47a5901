"""What every format reader yields, and the registry that picks a reader by file suffix.

Invariant: a reader returns ``Block``s in reading order, each knowing its page (when the format has
pages), whether OCR recognised it, and the table it is a row of; nothing downstream knows formats.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

MAX_BYTES = 20 * 1024 * 1024  # a 公文 is kilobytes; anything this large is not one
MAX_UNZIPPED = 100 * 1024 * 1024


class Block(NamedTuple):
    """A run of text lines, or one table row written as a sentence."""

    text: str
    page: int | None = None  # 1-based page of the file, for formats that have pages
    ocr: bool = False  # recognised from an image, not read from a text layer
    table: str = ""  # the caption of the table this row belongs to; "" for running text


Reader = Callable[[Path], list[Block]]
_READERS: dict[str, Reader] = {}


def reader(*suffixes: str) -> Callable[[Reader], Reader]:
    """Register ``fn`` as the reader of files ending in ``suffixes`` (lower case, with the dot)."""

    def register(fn: Reader) -> Reader:
        for suffix in suffixes:
            _READERS[suffix] = fn
        return fn

    return register


def reader_for(suffix: str) -> Reader | None:
    return _READERS.get(suffix.lower())


def suffixes() -> frozenset[str]:
    return frozenset(_READERS)
