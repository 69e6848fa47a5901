"""OFD (GB/T 33190), the national format of electronic official documents: a zip of XML parts.

Path through the package: OFD.xml → DocBody/DocRoot → Document.xml → Pages/Page@BaseLoc → Content.xml,
whose TextObject/TextCode elements carry the text and where it stands on the page. Text is put back into
reading order by position (top to bottom, then left to right); page templates (running headers, 版面
decoration) are not read. Every page is one block with its page number.
"""

from __future__ import annotations

import itertools
import posixpath
import re
from pathlib import Path
from typing import NamedTuple
from xml.etree import ElementTree as ET

from jzbot.errors import UnreadableFile
from jzbot.ingest.formats.base import Block, reader
from jzbot.ingest.formats.ziplimit import BoundedZip

NS = "{http://www.ofdspec.org/2016}"
LINE_TOLERANCE = 0.5  # pieces whose baselines differ by less than half a character are one line
GAP = 1.5  # a gap wider than this many characters is kept as a space (columns, 落款 layout)


class Piece(NamedTuple):
    y: float
    x: float
    end: float
    size: float
    text: str


def _numbers(value: str | None) -> list[float]:
    return [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", value or "")]


def _delta_width(text: str, delta: str | None, size: float) -> float:
    """Width of a TextCode: its DeltaX steps (``g 3 5.2`` repeats 5.2 three times) plus one character."""
    steps: list[float] = []
    tokens = (delta or "").split()
    i = 0
    while i < len(tokens):
        if tokens[i] == "g" and i + 2 < len(tokens):
            steps += [float(tokens[i + 2])] * int(float(tokens[i + 1]))
            i += 3
        else:
            steps.append(float(tokens[i]))
            i += 1
    return sum(steps[: max(len(text) - 1, 0)]) + size if steps else len(text) * size


def _pieces(content: ET.Element) -> list[Piece]:
    out = []
    for obj in content.iter(f"{NS}TextObject"):
        box = [*_numbers(obj.get("Boundary")), 0, 0, 0, 0]
        size = (_numbers(obj.get("Size")) or [3.5])[0]
        x, y = 0.0, 0.0  # X and Y carry over from one TextCode to the next when a later one omits them
        for code in obj.iter(f"{NS}TextCode"):
            text = code.text or ""
            x = (_numbers(code.get("X")) or [x])[0]
            y = (_numbers(code.get("Y")) or [y])[0]
            if text.strip():
                left = box[0] + x
                out.append(
                    Piece(box[1] + y, left, left + _delta_width(text, code.get("DeltaX"), size), size, text)
                )
    return out


def page_text(pieces: list[Piece]) -> str:
    lines: list[list[Piece]] = []
    for piece in sorted(pieces, key=lambda p: (p.y, p.x)):
        if lines and abs(piece.y - lines[-1][0].y) < LINE_TOLERANCE * piece.size:
            lines[-1].append(piece)
        else:
            lines.append([piece])
    out = []
    for line in lines:
        line.sort(key=lambda p: p.x)
        text = line[0].text
        for prev, piece in itertools.pairwise(line):
            text += (" " if piece.x - prev.end > GAP * piece.size else "") + piece.text
        out.append(text)
    return "\n".join(out)


def _xml(z: BoundedZip, name: str) -> ET.Element:
    try:
        return ET.fromstring(z.read(name.lstrip("/")))
    except KeyError as e:
        raise UnreadableFile(f"OFD 缺少部件 {name} / OFD part missing: {name}") from e
    except ET.ParseError as e:
        raise UnreadableFile(f"OFD 部件 {name} 已损坏 / corrupt OFD part {name}: {e}") from e


def _resolve(base_dir: str, loc: str) -> str:
    # BaseLoc and DocRoot are relative to the part that names them, or absolute from the package root.
    return posixpath.normpath(loc.lstrip("/") if loc.startswith("/") else posixpath.join(base_dir, loc))


@reader(".ofd")
def read_ofd(path: Path) -> list[Block]:
    with BoundedZip(path, "OFD") as z:  # every part is inflated within the cap, whatever sizes it declares
        root = _xml(z, "OFD.xml")
        doc_root = root.findtext(f"{NS}DocBody/{NS}DocRoot")
        if not doc_root:
            raise UnreadableFile("OFD.xml 中没有 DocRoot / OFD.xml names no DocRoot")
        doc_path = _resolve("", doc_root.strip())
        document = _xml(z, doc_path)
        pages = document.findall(f"{NS}Pages/{NS}Page")
        blocks = []
        for n, page in enumerate(pages, 1):
            loc = page.get("BaseLoc")
            if not loc:
                continue
            content = _xml(z, _resolve(posixpath.dirname(doc_path), loc))
            text = page_text(_pieces(content))
            if text.strip():
                blocks.append(Block(text, n))
    if not blocks:
        raise UnreadableFile("OFD 中没有文字（可能是图片版，请另存为 PDF 后导入） / no text in the OFD")
    return blocks
