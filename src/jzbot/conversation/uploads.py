"""Documents admins send: what a file may be called, its type and size (``ingest.library`` puts it in place).

Invariant: a refused upload never reaches the knowledge folder: the name, type and size are checked before a
byte is written (and again as the bytes stream in).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import NamedTuple

from jzbot.conversation.denials import Denial
from jzbot.ingest.loaders import SUPPORTED

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
