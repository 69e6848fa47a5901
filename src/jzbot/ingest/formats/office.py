"""Legacy and WPS office files (.doc, .wps, .xls, .et) through LibreOffice headless, then the .docx/.xlsx reader.

Invariant: without LibreOffice each such file fails on its own with an error naming the Debian package
to install; every other file of the run is still read.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from jzbot.errors import UnreadableFile
from jzbot.ingest.formats.base import Block, reader
from jzbot.ingest.formats.docx import read_docx
from jzbot.ingest.formats.sheet import read_xlsx
from jzbot.ingest.formats.ziplimit import BoundedZip

TIMEOUT_S = 120  # a first start of LibreOffice takes seconds; a hang must not stall the ingest run
# suffix → (LibreOffice output filter, Debian package that reads it)
_TARGET = {
    ".doc": ("docx", "libreoffice-writer-nogui"),
    ".wps": ("docx", "libreoffice-writer-nogui"),
    ".xls": ("xlsx", "libreoffice-calc-nogui"),
    ".et": ("xlsx", "libreoffice-calc-nogui"),
}


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(path: Path, target: str, package: str, out_dir: Path) -> Path:
    """``path`` converted to ``target`` (docx or xlsx) inside ``out_dir``."""
    exe = soffice()
    if exe is None:
        raise UnreadableFile(
            f"读取 {path.suffix} 需要 LibreOffice：apt-get install {package} / "
            f"{path.suffix} needs LibreOffice: apt-get install {package}"
        )
    # A private profile per run: two conversions at once would otherwise fight over the user's profile lock.
    profile = (out_dir / "profile").as_uri()
    # Copied under a plain name: the output is named after the input, and a staff file name may hold anything.
    # LibreOffice detects the real type from the content (a WPS .wps/.et is a Word/Excel binary inside).
    source = out_dir / f"source{path.suffix.lower()}"
    shutil.copyfile(path, source)
    cmd = [
        exe,
        f"-env:UserInstallation={profile}",
        "--headless",
        "--norestore",
        "--convert-to",
        target,
        "--outdir",
        str(out_dir),
        str(source),
    ]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired as e:
        raise UnreadableFile(
            f"LibreOffice 转换超时（{TIMEOUT_S} 秒） / LibreOffice conversion timed out"
        ) from e
    result = out_dir / f"source.{target}"
    if done.returncode != 0 or not result.exists():
        detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        raise UnreadableFile(
            f"LibreOffice 无法转换此文件（已损坏？） / LibreOffice could not convert it: {detail[0]}"
        )
    return result


@reader(*_TARGET)
def read_office(path: Path) -> list[Block]:
    target, package = _TARGET[path.suffix.lower()]
    if zipfile.is_zipfile(path):
        # LibreOffice reads a .doc/.wps that is really a zip package by its content, inflating it unbounded:
        # every member is read within the cap first. Its own output is read by the bounded .docx/.xlsx readers.
        with BoundedZip(path, path.suffix.lstrip(".")) as z:
            for info in z.infos:
                if not info.is_dir():
                    z.read(info.filename)
    with tempfile.TemporaryDirectory(prefix="jzbot-soffice-") as tmp:
        converted = convert(path, target, package, Path(tmp))
        return read_docx(converted) if target == "docx" else read_xlsx(converted)
