"""From extracted text to clean paragraphs with their 公文 heading levels.

Invariant: repair only removes extraction damage (page breaks inside a sentence, spaces beside
Chinese characters, page numbers); the words and punctuation of the source are kept.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from jzbot import data
from jzbot.ingest.formats.base import Block
from jzbot.ingest.furniture import is_furniture, is_provenance
from jzbot.text import (
    ARTICLE_AT_START,
    DATE,
    FIELD_LINE,
    ORGANIZATION_LINE,
    ends_sentence,
    fold,
    squeeze_spaces,
)

_NUM_CN = "一二三四五六七八九十百零〇"
# (level, pattern) — 一、 → （一） → 1. → （1）; laws: 第X编/章/节 and 第X条 (an article is a unit).
HEADINGS: list[tuple[int, re.Pattern[str]]] = [
    (1, re.compile(rf"^第[{_NUM_CN}\d]+编\s*")),
    (2, re.compile(rf"^第[{_NUM_CN}\d]+章\s*")),
    (3, re.compile(rf"^第[{_NUM_CN}\d]+节\s*")),
    (4, re.compile(rf"^[{_NUM_CN}]+\s*[、.．]\s*")),
    (5, re.compile(rf"^[（(]\s*[{_NUM_CN}]+\s*[）)]\s*[、.]?")),
    (6, re.compile(r"^\d{1,2}\s*[.．、](?!\d)\s*")),
    (7, re.compile(r"^[（(]\s*\d{1,2}\s*[）)]\s*")),
]
ARTICLE_LEVEL = 8  # below every other heading: an article is the unit of a law
ARTICLE = ARTICLE_AT_START
_PAGE_NO = re.compile(r"^\s*(?:[-—–－]\s*\d+\s*[-—–－]|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|\d{1,3})\s*$")
_BODY_PUNCT = re.compile(r"[，、。；,;]")
_MD_HEADING = re.compile(r"^(#{1,6})\s*([^#].*)$")
_MARKER = re.compile(rf"^([（(]\s*[{_NUM_CN}\d]+\s*[）)]|[{_NUM_CN}]+\s*[、.．]|\d{{1,2}}\s*[.．、])")


@dataclass
class Paragraph:
    text: str
    level: int | None = None  # heading level, None for body text
    label: str = ""  # the heading as shown in a section path
    page: int | None = None  # where it starts, for formats with pages
    ocr: bool = False  # recognised by OCR from a scanned page
    table: str = ""  # the caption of the table this paragraph is a row of


class _Line(NamedTuple):
    text: str
    page: int | None = None
    ocr: bool = False
    table: str = ""


def _heading_level(line: str) -> int | None:
    if ARTICLE.match(line):
        return ARTICLE_LEVEL
    for level, pattern in HEADINGS:
        if pattern.match(line):
            return level
    return None


def _canonical_marker(label: str) -> str:
    # Section paths show the standard full-width marker: (二) → （二）, "1." stays.
    m = _MARKER.match(label)
    if not m:
        return label
    marker = unicodedata.normalize("NFKC", m.group(1)).replace(" ", "")
    marker = (
        marker.replace("(", "（").replace(")", "）").replace(".", "、")
        if marker[0] == "(" or marker[0] in _NUM_CN
        else marker
    )
    if marker.startswith("（"):
        marker = marker.rstrip("、")
    return marker + label[m.end() :].strip()


def heading_label(text: str, level: int) -> str:
    """The heading part of a paragraph: an inline heading ends at its first 。 (（一）强化学习。局党组…)."""
    if level == 8:
        m = ARTICLE.match(text)
        return m.group(0) if m else text[:10]
    head = re.split(r"[。：:]", text, maxsplit=1)[0]
    if len(head) > 40:
        head = head[:40] + "…"
    return _canonical_marker(head.strip())


def clean_lines(text: str) -> list[str]:
    """Lines with extraction artifacts removed; blank lines mark where a page or paragraph broke."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n").replace("\ufeff", "")
    lines = []
    for raw in text.split("\n"):
        line = squeeze_spaces(raw.strip()).replace("\u00a0", " ")
        if _PAGE_NO.match(line) and line:
            continue
        lines.append(line)
    return lines


def _continues(prev: str, line: str) -> bool:
    """True when ``line`` continues the sentence that ``prev`` broke off (a page or line break)."""
    if not prev or not line or ends_sentence(prev) or prev.startswith("#"):
        return False
    if is_furniture(prev) or is_furniture(line):  # 来源：…, 发布日期:… stand alone
        return False
    if _open(prev) and _heading_level(line) is None:  # 根据《…实施意 / 见》要求: a title broken by the line
        return True
    # A field (联系人:…, 附件:…), a date or an organization alone opens a line of its own: the contacts and the
    # 落款 of a notice stored without paragraph breaks stay apart from the sentence before them.
    if FIELD_LINE.match(line) or DATE.fullmatch(line) or ORGANIZATION_LINE.match(line):
        return False
    if _heading_level(line) is not None or line.startswith("#"):
        return False
    # A title ends on its document type (关于转发《…(专项、基金等)…》的函): however long, and whatever it quotes, it
    # stands alone; the 主送 after it is no part of it.
    if "关于" in prev and _TITLE_END.search(prev):
        return False
    # Body text has commas; a title, a 主送 line or a signature has none and stands alone.
    return bool(_BODY_PUNCT.search(prev)) and len(prev) >= 15


_TITLE_END = re.compile(rf"(?:{'|'.join(data.lines('doc_types.txt'))})$")
_TITLE_PUNCT = re.compile(r"[，。；：,;:]")


def _title_continues(prev: str, line: str) -> bool:
    """A printed title wrapped onto a second line (…新型研发机构 / 名单的通知): the first half says 关于
    and does not yet end in a document type; the second half does."""
    return (
        "关于" in prev
        and not _TITLE_END.search(prev)
        and bool(_TITLE_END.search(line))
        and len(line) <= 30
        and not _TITLE_PUNCT.search(prev + line)
    )


def paragraphs(text: str) -> list[Paragraph]:
    """Clean text → paragraphs, with broken sentences joined and headings recognised."""
    return _paragraphs(_Line(line) for line in clean_lines(text))


# Running headers and footers sit in the first or last lines of a page and repeat on most pages.
_EDGE_LINES = 2
_REPEAT_SHARE = 0.5


def _furniture_key(line: str) -> str:
    return re.sub(r"\d+", "#", fold(line))  # 第3页 and 第4页 are the same footer


def _page_lines(blocks: list[Block]) -> dict[int, list[tuple[int, int, str]]]:
    """Each page's non-empty text lines as (block index, line index, line), in reading order."""
    pages: dict[int, list[tuple[int, int, str]]] = {}
    for i, b in enumerate(blocks):
        if b.page is not None and not b.table:
            pages.setdefault(b.page, []).extend(
                (i, j, line) for j, line in enumerate(clean_lines(b.text)) if line
            )
    return pages


def furniture(blocks: list[Block]) -> set[tuple[int, int]]:
    """(block, line) positions of page furniture: a line among the first or last lines of its page whose
    text (numbers aside) opens or closes at least half of the pages, and two or more. A sentence never is."""
    pages = _page_lines(blocks)
    if len(pages) < 2:
        return set()
    edges = {page: lines[:_EDGE_LINES] + lines[-_EDGE_LINES:] for page, lines in pages.items()}
    seen: Counter[str] = Counter()
    for lines in edges.values():
        seen.update({_furniture_key(line) for _, _, line in lines if not ends_sentence(line)})
    repeated = {key for key, n in seen.items() if n >= max(2, _REPEAT_SHARE * len(pages))}
    return {(i, j) for lines in edges.values() for i, j, line in lines if _furniture_key(line) in repeated}


def paragraphs_of(blocks: list[Block]) -> list[Paragraph]:
    """A reader's blocks → paragraphs that keep their page, OCR and table provenance; page furniture
    (page numbers, running headers and footers repeated across pages) is dropped."""
    drop = furniture(blocks)
    lines: list[_Line] = []
    for i, b in enumerate(blocks):
        if b.table:
            lines.append(_Line(squeeze_spaces(b.text.strip()), b.page, b.ocr, b.table))
            continue
        lines.extend(
            _Line(line, b.page, b.ocr) for j, line in enumerate(clean_lines(b.text)) if (i, j) not in drop
        )
    return _paragraphs(lines)


# A page's line that reaches this share of the page's full line width was wrapped; a shorter one ended its
# paragraph (a list item, a paragraph without a closing 。), so the next line starts a new one.
WRAP_SHARE = 0.8
_FULL_LINE_QUANTILE = 0.9  # the full width: most lines of a page of prose are full
_MIN_LINES_FOR_WIDTH = 5  # fewer paged lines say nothing about the width


def _width(text: str) -> float:
    """Printed width in em: a Chinese character is one, a Latin letter or digit half."""
    return sum(1.0 if ord(ch) > 0x2E7F else 0.5 for ch in text)


_PAIRS = (("《", "》"), ("“", "”"), ("(", ")"), ("（", "）"), ("〈", "〉"))


_QUOTED = re.compile(r'"[^"]*"|“[^”]*”|「[^」]*」')  # text a line quotes (a note on where a copy was cut)


def _open(text: str) -> bool:
    """A bracket or quotation left open: the text goes on, however short its line (a centred title)."""
    return any(text.count(a) > text.count(b) for a, b in _PAIRS)


# A 来源 line wraps on a printed page over two or three lines at most; past this it is the text after it.
_PROVENANCE_MAX_CHARS = 300


def _provenance_wraps(prev: _Line, line: _Line) -> bool:
    """A 来源 line left open goes on on the next line of a printed page. Plain text keeps its own line breaks,
    and a bracket left open inside the line's note (截断于“第(五”处) must not swallow the document after it."""
    return (
        line.page is not None
        and is_provenance(prev.text)
        and _open(prev.text)
        and len(prev.text) < _PROVENANCE_MAX_CHARS
    )


def _full_width(lines: list[_Line]) -> float | None:
    widths = sorted(
        _width(line.text) for line in lines if line.page is not None and not line.table and line.text
    )
    if len(widths) < _MIN_LINES_FOR_WIDTH:
        return None
    return widths[int(_FULL_LINE_QUANTILE * (len(widths) - 1))]


def _paragraphs(lines: Iterable[_Line]) -> list[Paragraph]:
    lines = list(lines)
    full = _full_width(lines)
    merged: list[_Line] = []
    last = ""  # the previous line as extracted (merged[-1] may hold several)
    for line in lines:
        if not line.text:
            continue
        prev = merged[-1] if merged else None
        wrapped = (
            line.page is None
            or full is None
            or _width(last) >= WRAP_SHARE * full
            or (prev is not None and _open(prev.text))
        )
        # Only paged formats wrap a title at the line width; plain text keeps its own line breaks.
        if (
            prev
            and not prev.table
            and not line.table
            and (
                (wrapped and _continues(prev.text, line.text))
                or _provenance_wraps(prev, line)
                or (line.page is not None and _title_continues(prev.text, line.text))
            )
        ):
            merged[-1] = prev._replace(text=prev.text + line.text)
        else:
            merged.append(line)
        last = line.text
    out: list[Paragraph] = []
    for line in merged:
        para = line.text
        level, label = None, ""
        md = _MD_HEADING.match(para) if not line.table else None
        if md:
            para = md.group(2).strip()
            level = _heading_level(para) or len(md.group(1))
            label = heading_label(para, level) if level > 3 else para
        elif not line.table:  # a table row is data, never a heading
            level = _heading_level(para)
            label = heading_label(para, level) if level else ""
        out.append(Paragraph(para, level, label, line.page, line.ocr, line.table))
    return out


def provenance(p: Paragraph) -> str:
    """What a citation adds to the section path: the page, and that OCR recognised the text."""
    if p.page is None:
        return "（OCR识别）" if p.ocr else ""
    return f"（第{p.page}页{'，OCR识别' if p.ocr else ''}）"
