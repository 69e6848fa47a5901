"""Read one file of any supported format into blocks of text, or raise ``UnreadableFile`` saying why.

The seam: one reader per format, registered by suffix in ``jzbot.ingest.formats``; this module only
checks what every file must pass (known suffix, not empty, not oversize) and hands it to its reader.
"""

from __future__ import annotations

from pathlib import Path

from jzbot.errors import UnreadableFile
from jzbot.ingest.formats import MAX_BYTES, Block, reader_for, suffixes
from jzbot.ingest.formats.plain import decode_text

SUPPORTED = suffixes()

__all__ = ["MAX_BYTES", "SUPPORTED", "Block", "decode_text", "is_candidate", "load", "load_text"]


def is_candidate(path: Path) -> bool:
    """Files ingest looks at: supported suffix, not hidden, not under a ``_``-folder (vocabulary data)."""
    return path.suffix.lower() in SUPPORTED and not any(p.startswith((".", "_")) for p in path.parts[-3:])


def load(path: Path) -> list[Block]:
    """The blocks of ``path`` in reading order; raises ``UnreadableFile`` with a bilingual reason."""
    suffix = path.suffix.lower()
    read = reader_for(suffix)
    if read is None:
        raise UnreadableFile(f"不支持的格式 {suffix} / unsupported format")
    size = path.stat().st_size
    if size == 0:
        raise UnreadableFile("文件为空 / the file is empty")
    if size > MAX_BYTES:
        raise UnreadableFile(f"文件过大（{size // 1048576} MB） / file too large")
    blocks = read(path)
    if not any(b.text.strip() for b in blocks):
        raise UnreadableFile("文件没有文字内容 / no text in the file")
    return blocks


def load_text(path: Path) -> str:
    """The text of ``path`` (pages separated by a blank line), for callers that need no provenance."""
    return "\n\n".join(b.text for b in load(path))
