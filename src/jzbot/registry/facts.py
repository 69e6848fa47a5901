"""Typed facts of the genres a bureau files, read from the indexed chunks: each deadline with what it is for,
each contact, each 公示期, each article of a 办法.

Invariant: every fact points at the sentence it was read from (``sentence``, ``chunk_id``), so a listing of a
document's facts (``jzbot docs``) or an answer built from one can quote and cite it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal, NamedTuple

from jzbot.models import Chunk, DocMeta
from jzbot.text import (
    ARTICLE_AT_END,
    CONTACT_LINE,
    DEADLINE,
    FRONT_SECTIONS,
    PERIOD,
    split_text,
)

FactKind = Literal["deadline", "contact", "period", "article"]

# What a deadline is for, as notices say it (网上申报 vs 纸质材料 vs 推荐 vs 审核), the most specific first.
PURPOSES = (
    "网上申报",
    "网上填报",
    "线上申报",
    "在线填报",
    "纸质材料",
    "纸质申报",
    "书面材料",
    "电子版",
    "推荐函",
    "推荐",
    "审核",
    "报送",
    "提交",
    "寄送",
    "申报",
)
_PERSON = re.compile(r"联\s*系\s*人\s*[:：]\s*([^，,。；;\s]{2,12})")
_PHONE = re.compile(r"(?<![\dA-Za-z.])(?:0\d{2,3}-)?\d{7,8}(?![\dA-Za-z.@])")
_EMAIL = re.compile(r"[\w.-]+@[\w.-]+\.[A-Za-z]{2,}")


class Fact(NamedTuple):
    doc_id: str
    chunk_id: str
    kind: FactKind
    label: str  # what it is for or whom it names: 网上申报, 联系人, 公示期, 第三条
    value: str  # the date, the name and number, the period, as the text writes them
    sentence: str


def _purpose(sentence: str, section: str) -> str:
    """What a deadline is for: the most specific purpose word of its sentence, else of its heading."""
    for text in (sentence, section):
        found = next((p for p in PURPOSES if p in text), "")
        if found:
            return found
    return ""


def _contact(sentence: str) -> str:
    bits = [m.group(1) for m in _PERSON.finditer(sentence)]
    bits += [m.group(0) for m in _PHONE.finditer(sentence)] + [m.group(0) for m in _EMAIL.finditer(sentence)]
    return " ".join(dict.fromkeys(bits))


def build_facts(rows: Iterable[tuple[Chunk, DocMeta]]) -> list[Fact]:
    facts: list[Fact] = []
    for chunk, meta in rows:
        if chunk.section in FRONT_SECTIONS:
            continue
        if article := ARTICLE_AT_END.search(chunk.section.split(" > ")[-1]):
            facts.append(
                Fact(meta.doc_id, chunk.id, "article", article.group(0), chunk.text[:80], chunk.text)
            )
        for sentence in split_text(chunk.text):
            for m in PERIOD.finditer(sentence):
                facts.append(
                    Fact(
                        meta.doc_id,
                        chunk.id,
                        "period",
                        "公示期" if "公示" in sentence else "期限",
                        m.group(0),
                        sentence,
                    )
                )
            for m in DEADLINE.finditer(sentence):
                facts.append(
                    Fact(
                        meta.doc_id,
                        chunk.id,
                        "deadline",
                        _purpose(sentence, chunk.section),
                        m.group(0),
                        sentence,
                    )
                )
            if CONTACT_LINE.match(sentence) or _PERSON.search(sentence):
                value = _contact(sentence)
                if value:
                    facts.append(Fact(meta.doc_id, chunk.id, "contact", "联系人", value, sentence))
    return facts
