"""Documents admins send: what a file may be called, its type and size, and how it enters the knowledge folder.

Invariant: a refused upload leaves nothing in the knowledge folder. An accepted one is written to a hidden
temporary file and renamed into place whole; if ingest then rejects it, it is taken out again and any earlier
file of the same name is put back, so no file fails again on every later ingest.
"""

from __future__ import annotations

import os
import re
import unicodedata
import uuid
from pathlib import Path
from types import TracebackType
from typing import NamedTuple

from jzbot.conversation.denials import Denial
from jzbot.ingest.loaders import SUPPORTED

UPLOAD_FOLDER = "uploads"  # under the knowledge folder, for every channel
# File systems allow 255 bytes per name; a Chinese character takes 3, and the temporary name adds a few.
NAME_BYTES = 150
SUPPORTED_LIST = " ".join(sorted(s for s in SUPPORTED if s not in (".markdown", ".htm")))


class UploadCheck(NamedTuple):
    """The name an upload is saved under, or why it is refused (``name`` is "" only for a refused name)."""

    name: str
    denial: Denial | None = None


def safe_name(raw: str) -> str:
    """``raw`` as a plain, visible name in one folder; "" when nothing usable is left (``..``, ``.``, symbols).

    Only the last path part counts. Control and format characters go (a bidi override can disguise an .exe as
    a .txt); characters Windows forbids become ``_``. Leading dots and underscores go too: ingest skips hidden and
    ``_`` names, so such a file would be indexed once and silently dropped by the next run. A long name is cut in
    its stem, so its suffix (the type) survives.
    """
    name = unicodedata.normalize("NFC", raw).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c) not in ("Cc", "Cf"))
    name = re.sub(r'[<>:"|?*]', "_", name).strip().lstrip("._ ").rstrip(". ")
    suffix = Path(name).suffix if len(Path(name).suffix) <= 10 else ""
    stem = name[: len(name) - len(suffix)]
    while stem and len((stem + suffix).encode()) > NAME_BYTES:
        stem = stem[:-1]
    stem = stem.rstrip(". ")
    return stem + suffix if stem else ""


def check_upload(raw_name: str, size: int | None, max_bytes: int) -> UploadCheck:
    """Name, then type, then size (``None``: not known yet; check again once it is, before downloading)."""
    name = safe_name(raw_name)
    if not name:
        return UploadCheck("", Denial.UPLOAD_NAME)
    if Path(name).suffix.lower() not in SUPPORTED:
        return UploadCheck(name, Denial.UPLOAD_TYPE)
    if size is not None and size > max_bytes:
        return UploadCheck(name, Denial.UPLOAD_TOO_LARGE)
    return UploadCheck(name)


class Staging:
    """A file on its way to ``folder/name``: written to ``temp``, put in place by ``place()``, made final by
    ``keep()``. Leaving the ``with`` block without ``keep()`` removes it and restores any earlier version."""

    def __init__(self, folder: Path, name: str) -> None:
        self.target = folder / name
        token = uuid.uuid4().hex
        # Hidden names: a folder ingest running meanwhile never reads a half-written or displaced file.
        self.temp = folder / f".{token}.part"
        self._previous = folder / f".{token}.previous"
        self._placed = self._kept = False

    def __enter__(self) -> Staging:
        self.target.parent.mkdir(parents=True, exist_ok=True)
        return self

    def place(self) -> Path:
        """Rename the finished temporary file into place, keeping any earlier version aside."""
        if self.target.exists():
            os.replace(self.target, self._previous)
        os.replace(self.temp, self.target)
        self._placed = True
        return self.target

    def keep(self) -> None:
        self._kept = True
        self._previous.unlink(missing_ok=True)

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.temp.unlink(missing_ok=True)
        if self._placed and not self._kept:
            self.target.unlink(missing_ok=True)
            if self._previous.exists():
                os.replace(self._previous, self.target)
