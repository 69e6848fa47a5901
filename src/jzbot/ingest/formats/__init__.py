"""One reader per file format, registered by suffix (see ``base.reader``); importing this package registers them all."""

from jzbot.ingest.formats import docx, ofd, office, pdf, picture, plain, sheet
from jzbot.ingest.formats.base import MAX_BYTES, MAX_UNZIPPED, Block, reader_for, suffixes

__all__ = [
    "MAX_BYTES",
    "MAX_UNZIPPED",
    "Block",
    "docx",
    "ofd",
    "office",
    "pdf",
    "picture",
    "plain",
    "reader_for",
    "sheet",
    "suffixes",
]
