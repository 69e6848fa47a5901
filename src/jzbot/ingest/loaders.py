"""Read one file of any supported format into plain text, or raise ``UnreadableFile`` saying why.

Invariant: a loader never returns mojibake silently: an encoding is detected (not guessed), and
binary junk, zip bombs and oversize files are refused with a reason.
"""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path

from charset_normalizer import from_bytes

from jzbot.errors import UnreadableFile

SUPPORTED = {".txt", ".md", ".markdown", ".docx", ".pdf", ".html", ".htm"}
MAX_BYTES = 20 * 1024 * 1024  # a 公文 is kilobytes; anything this large is not one
MAX_UNZIPPED = 100 * 1024 * 1024


def is_candidate(path: Path) -> bool:
    """Files ingest looks at: supported suffix, not hidden, not under a ``_``-folder (vocabulary data)."""
    return path.suffix.lower() in SUPPORTED and not any(p.startswith((".", "_")) for p in path.parts[-3:])


_MAGIC = {b"PK\x03\x04": "zip/docx", b"%PDF": "PDF", b"\x89PNG": "PNG", b"\xff\xd8\xff": "JPEG", b"GIF8": "GIF",
          b"\xd0\xcf\x11\xe0": "旧版 Word .doc / legacy .doc", b"\x7fELF": "ELF"}
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


def _load_docx(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as z:
            if sum(i.file_size for i in z.infolist()) > MAX_UNZIPPED:
                raise UnreadableFile("docx 解压后过大（疑似压缩炸弹） / docx expands too much (zip bomb?)")
    except zipfile.BadZipFile as e:
        raise UnreadableFile(f"docx 文件已损坏 / corrupt docx: {e}") from e
    import docx

    try:
        document = docx.Document(str(path))
    except Exception as e:  # python-docx raises many kinds on damaged parts
        raise UnreadableFile(f"docx 文件已损坏 / corrupt docx: {e}") from e
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append("｜".join(cell.text.strip() for cell in row.cells))
    return "\n".join(parts)


def _load_pdf(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as e:
        raise UnreadableFile(f"PDF 文件已损坏 / corrupt PDF: {e}") from e
    text = "\n\n".join(pages)
    if not text.strip():
        raise UnreadableFile("PDF 没有文本层（扫描件需先 OCR） / PDF has no text layer (scanned? OCR it first)")
    return text


def _load_html(path: Path) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(decode_text(path.read_bytes()), "html.parser")
    for tag in soup(["script", "style", "nav", "header", "footer"]):
        tag.decompose()
    return soup.get_text("\n")


def load_text(path: Path) -> str:
    """The text of ``path``; raises ``UnreadableFile`` with a bilingual reason."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise UnreadableFile(f"不支持的格式 {suffix} / unsupported format")
    size = path.stat().st_size
    if size == 0:
        raise UnreadableFile("文件为空 / the file is empty")
    if size > MAX_BYTES:
        raise UnreadableFile(f"文件过大（{size // 1048576} MB） / file too large")
    if suffix == ".docx":
        text = _load_docx(path)
    elif suffix == ".pdf":
        text = _load_pdf(path)
    elif suffix in {".html", ".htm"}:
        text = _load_html(path)
    else:
        text = decode_text(path.read_bytes())
    if not text.strip():
        raise UnreadableFile("文件没有文字内容 / no text in the file")
    return text
