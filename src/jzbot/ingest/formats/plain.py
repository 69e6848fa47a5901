"""Plain text (.txt, .md) and web pages (.html): the encoding is detected, never guessed.

Invariant: a reader never returns mojibake silently: binary junk is refused with a reason.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from charset_normalizer import from_bytes

from jzbot.errors import UnreadableFile
from jzbot.ingest.formats.base import Block, reader
from jzbot.ingest.formats.tables import pipe_table_blocks

_MAGIC = {
    b"PK\x03\x04": "zip/docx",
    b"%PDF": "PDF",
    b"\x89PNG": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF8": "GIF",
    b"\xd0\xcf\x11\xe0": "旧版 Word .doc / legacy .doc",
    b"\x7fELF": "ELF",
}
# Encodings a Chinese office actually produces; detection chooses among these only.
_ENCODINGS = ["gb18030", "gbk", "big5", "utf_16", "utf_32"]


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM) first; otherwise the encoding charset-normalizer detects (GBK, GB18030 …)."""
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            raise UnreadableFile(f"内容是 {kind} 而不是文本，请检查扩展名 / content is {kind}, not text")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        head = data[:4096]
        controls = sum(1 for b in head if b < 9 or 13 < b < 32)
        if not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and controls > len(head) // 100:
            raise UnreadableFile("不是文本文件（含大量二进制字符） / binary data, not text") from None
        best = from_bytes(data, cp_isolation=_ENCODINGS).best()
        if _has_utf8_lines(data):
            text = _decode_lines(data, best.encoding if best else "gb18030")
        elif best is None:
            raise UnreadableFile("无法识别文本编码 / unknown text encoding") from None
        else:
            text = str(best)
    _refuse_binary(text)
    return text


def _has_utf8_lines(data: bytes) -> bool:
    """A file pasted together from UTF-8 and GBK parts: some non-ASCII lines are valid UTF-8."""
    for line in data.splitlines():
        if max(line, default=0) >= 0x80:
            try:
                line.decode("utf-8")
                return True
            except UnicodeDecodeError:
                continue
    return False


def _decode_lines(data: bytes, fallback: str) -> str:
    # Each line in the encoding it was written in: UTF-8 where it is valid, the detected one elsewhere.
    out = []
    for line in data.split(b"\n"):
        try:
            out.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(line.decode(fallback, errors="replace"))
    return "\n".join(out)


def _refuse_binary(text: str) -> None:
    if not text.strip():
        raise UnreadableFile("文件为空 / the file is empty")
    sample = text[:20000]
    controls = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\r\n\t\f") or ch in "\ufffd\ufeff")
    readable = sum(1 for ch in sample if ch.isprintable() or ch in "\r\n\t")
    if controls > max(8, len(sample) // 100) or readable < 0.9 * len(sample):
        raise UnreadableFile("不是文本文件（含大量二进制字符） / binary data, not text")


@reader(".html", ".htm")
def read_html(path: Path) -> list[Block]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(decode_text(path.read_bytes()), "html.parser")
    for tag in soup(["script", "style", "nav", "header", "footer"]):
        tag.decompose()
    return [Block(soup.get_text("\n"))]


@reader(".txt", ".md", ".markdown")
def read_text(path: Path) -> list[Block]:
    return pipe_table_blocks(decode_text(path.read_bytes()))  # a | b | c lines are a table
