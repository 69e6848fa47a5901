"""From extracted text to clean paragraphs with their 公文 heading levels.

Invariant: repair only removes extraction damage (page breaks inside a sentence, spaces beside
Chinese characters, page numbers); the words and punctuation of the source are kept.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from jzbot.text import ends_sentence, squeeze_spaces

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
ARTICLE = re.compile(rf"^第[{_NUM_CN}\d]+条")
_PAGE_NO = re.compile(r"^\s*(?:[-—–－]\s*\d+\s*[-—–－]|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|\d{1,3})\s*$")
_BODY_PUNCT = re.compile(r"[，、。；,;]")
_PROVENANCE = re.compile(r"^(?:source|note)\s*:|^<!--")
_MD_HEADING = re.compile(r"^(#{1,6})\s*([^#].*)$")
_MARKER = re.compile(rf"^([（(]\s*[{_NUM_CN}\d]+\s*[）)]|[{_NUM_CN}]+\s*[、.．]|\d{{1,2}}\s*[.．、])")


@dataclass
class Paragraph:
    text: str
    level: int | None = None  # heading level, None for body text
    label: str = ""  # the heading as shown in a section path


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
    marker = marker.replace("(", "（").replace(")", "）").replace(".", "、") if marker[0] == "(" or \
        marker[0] in _NUM_CN else marker
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
    if _PROVENANCE.match(prev) or _PROVENANCE.match(line):
        return False
    if _heading_level(line) is not None or line.startswith("#"):
        return False
    # Body text has commas; a title, a 主送 line or a signature has none and stands alone.
    return bool(_BODY_PUNCT.search(prev)) and len(prev) >= 15


def paragraphs(text: str) -> list[Paragraph]:
    """Clean text → paragraphs, with broken sentences joined and headings recognised."""
    merged: list[str] = []
    for line in clean_lines(text):
        if not line:
            continue
        if merged and _continues(merged[-1], line):
            merged[-1] += line
        else:
            merged.append(line)
    out: list[Paragraph] = []
    for para in merged:
        md = _MD_HEADING.match(para)
        if md:
            inner = md.group(2).strip()
            level = _heading_level(inner) or len(md.group(1))
            out.append(Paragraph(inner, level, heading_label(inner, level) if level > 3 else inner))
            continue
        found = _heading_level(para)
        out.append(Paragraph(para, found, heading_label(para, found) if found else ""))
    return out
