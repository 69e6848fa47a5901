"""Zip packages whose members lie about their size: every zip-based reader stops at the cap.

Each package has one member that declares 1,000 bytes (with a CRC that matches them) and inflates to
512 MB. Reading it the way ``zipfile.ZipFile.read`` does costs the whole 512 MB (twice, briefly); each
reader runs in a child process here and its peak memory is measured there.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.helpers.bombs import lying_zip

pytestmark = pytest.mark.slow
INFLATED = 512 << 20
MAX_GROWTH_MB = 60  # what reading a lying package may add to the reader's peak memory

_CHILD = """
import json, resource, sys
from pathlib import Path
from jzbot.errors import UnreadableFile
from jzbot.ingest.formats import reader_for
path = Path(sys.argv[1])
read = reader_for(path.suffix)
import docx, openpyxl  # libraries loaded before the baseline
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    read(path)
    outcome = "read"
except UnreadableFile as e:
    outcome = "refused: " + str(e)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"outcome": outcome, "growth_mb": (after - before) / 1024}))
"""

OFD_ROOT = (
    b"<ofd:OFD xmlns:ofd='http://www.ofdspec.org/2016'><ofd:DocBody>"
    b"<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"
)
PACKAGES = {
    "bomb.docx": ({"[Content_Types].xml": b"<Types/>"}, "word/document.xml"),
    "bomb.xlsx": ({"[Content_Types].xml": b"<Types/>"}, "xl/workbook.xml"),
    "bomb.ofd": ({"OFD.xml": OFD_ROOT}, "Doc_0/Document.xml"),
    # A .doc that is really a zip: LibreOffice would inflate it by its content, so it is read bounded first.
    "bomb.doc": ({"[Content_Types].xml": b"<Types/>"}, "word/document.xml"),
}


@pytest.mark.parametrize("name", sorted(PACKAGES))
def test_a_member_lying_about_its_size_is_refused_within_the_cap(tmp_path: Path, name: str) -> None:
    members, bomb = PACKAGES[name]
    path = lying_zip(tmp_path / name, members, bomb, INFLATED)
    assert path.stat().st_size < 1 << 20  # about half a megabyte on disk
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        check=True,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["outcome"].startswith("refused"), result
    assert result["growth_mb"] < MAX_GROWTH_MB, result


def test_a_member_is_never_inflated_past_its_declaration_or_the_budget(tmp_path: Path) -> None:
    """64 MB that declare 40 MB: the read stops at the declared 40 MB; with a budget of 30 MB, at 30 MB."""
    from jzbot.errors import UnreadableFile
    from jzbot.ingest.formats.ziplimit import BoundedZip, read_member

    path = lying_zip(tmp_path / "two.docx", {}, "word/document.xml", 64 << 20, declared=40 << 20)
    with BoundedZip(path, "docx", cap=50 << 20) as z:
        assert len(z.read("word/document.xml")) == 40 << 20
        info = z.zip.getinfo("word/document.xml")
        with pytest.raises(UnreadableFile, match="压缩炸弹"):
            read_member(z.zip, info, 30 << 20, "docx")
    with pytest.raises(
        UnreadableFile, match="压缩炸弹"
    ):  # declared sizes over the cap: refused before reading
        BoundedZip(path, "docx", cap=30 << 20)
