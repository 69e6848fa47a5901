"""Zip packages (.docx, .xlsx, .ofd, and what LibreOffice converts to) read within a cap on what they inflate to.

Invariant: no member is ever inflated past the cap, whatever sizes the package declares. ``zipfile`` trusts
a member's declared size only to cut its output short: asked for a whole member (``ZipFile.read``), it
inflates everything the compressed stream holds in one call and then truncates, so a member declaring
1,000 bytes that inflates to 2 GB costs 2 GB. Here every member is read through ``ZipExtFile.read`` in
pieces of ``PIECE`` bytes, counted as they come and abandoned at the cap; the libraries that parse the
package (python-docx, openpyxl) are then handed a copy rebuilt from those bytes, whose sizes are true.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from jzbot.errors import UnreadableFile
from jzbot.ingest.formats.base import MAX_UNZIPPED

PIECE = 1 << 16  # bytes inflated per read: zlib never produces more than this per call
MAX_MEMBERS = 10_000  # a document package has dozens of parts; an archive of thousands is not a document


def _too_large(kind: str) -> UnreadableFile:
    return UnreadableFile(f"{kind} 解压后过大（疑似压缩炸弹） / {kind} expands too much (zip bomb?)")


def read_member(z: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int, kind: str) -> bytes:
    """One member's bytes, inflated piece by piece; ``UnreadableFile`` as soon as they pass ``budget``."""
    out = bytearray()
    with z.open(info) as member:
        while piece := member.read(PIECE):
            out += piece
            if len(out) > budget:
                raise _too_large(kind)
    return bytes(out)


class BoundedZip:
    """A package opened for reading within ``cap`` inflated bytes in all (``MAX_UNZIPPED`` by default)."""

    def __init__(self, path: Path | io.BytesIO, kind: str, cap: int = MAX_UNZIPPED) -> None:
        self.kind, self.left = kind, cap
        try:
            self.zip = zipfile.ZipFile(path)
            self.infos = self.zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError) as e:
            raise UnreadableFile(f"{kind} 文件已损坏 / corrupt {kind}: {e}") from e
        if len(self.infos) > MAX_MEMBERS:
            raise _too_large(kind)
        # The declared sizes are checked first only because it is free; the counting below does not rely on them.
        if sum(i.file_size for i in self.infos) > cap:
            raise _too_large(kind)

    def read(self, name: str) -> bytes:
        """A member's bytes (``KeyError`` when there is none), counted against what is left of the cap."""
        info = self.zip.getinfo(name)
        try:
            data = read_member(self.zip, info, self.left, self.kind)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as e:  # a bad CRC, a truncated stream …
            raise UnreadableFile(f"{self.kind} 文件已损坏 / corrupt {self.kind}: {e}") from e
        self.left -= len(data)
        return data

    def rebuilt(self) -> io.BytesIO:
        """The whole package re-written from bounded reads: a parser may read it any way it likes."""
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as copy:
            for info in self.infos:
                if info.is_dir():
                    continue
                copy.writestr(info.filename, self.read(info.filename))
        out.seek(0)
        return out

    def close(self) -> None:
        self.zip.close()

    def __enter__(self) -> BoundedZip:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def bounded_copy(path: Path, kind: str) -> io.BytesIO:
    """``path`` as a package whose every member was read within the cap (``UnreadableFile`` otherwise)."""
    with BoundedZip(path, kind) as z:
        return z.rebuilt()
