"""Checking generated text against its sources: citation markers and numeric faithfulness.

Invariants: a marker that points at no retrieved chunk is removed; a sentence with a number, date,
percentage or rank that does not occur in the chunks it cites is dropped (and counted); markers are
renumbered 1..n in order of first use, and each citation quotes the chunk sentences the claim rests on.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from jzbot.models import Citation, Hit
from jzbot.text import NUMBER, fold, split_sentences

MARKER = re.compile(r"\s*[\[［【](\d{1,2})[\]］】]")
# 53.85, 163%, 2024年3月18日 → 2024 3 18, 第5位 → 5; Chinese-numeral amounts are checked as written.
CN_NUMBER = re.compile(r"[一二三四五六七八九十百千万亿两]+(?=[家项次人名件个份位倍%％])")


@dataclass
class Checked:
    text: str
    citations: list[Citation]
    dropped: list[str] = field(default_factory=list)
    unsupported: list[str] = field(default_factory=list)  # sentences with no marker at all

    @property
    def empty(self) -> bool:
        return not self.text.strip()


def numbers_in(text: str) -> list[str]:
    t = unicodedata.normalize("NFKC", MARKER.sub("", text))
    return NUMBER.findall(t) + CN_NUMBER.findall(t)


def _supported(number: str, sources: list[str]) -> bool:
    return any(number in s for s in sources)


def _bigrams(s: str) -> set[str]:
    return {s[i : i + 2] for i in range(len(s) - 1)}


def _quote(sentence_texts: list[str], hit: Hit) -> str:
    """The chunk sentences the cited claims rest on: those holding their numbers, else the closest one."""
    parts = split_sentences(hit.chunk.text.replace("\n", ""))
    want_numbers = {n for s in sentence_texts for n in numbers_in(s)}
    chosen = [p for p in parts if want_numbers & set(numbers_in(p))]
    if not chosen:
        grams = set().union(*(_bigrams(fold(s)) for s in sentence_texts)) if sentence_texts else set()
        chosen = [max(parts, key=lambda p: len(_bigrams(fold(p)) & grams))] if parts else [hit.chunk.text]
    return "……".join(chosen) if len(chosen) > 1 and "".join(chosen) not in hit.chunk.text else "".join(chosen)


def check(text: str, hits: list[Hit]) -> Checked:
    """Verify a generated answer against the numbered ``hits`` it was given (marker n → hits[n-1])."""
    # The prompt shows each source's title and section too, so a year from a title is supported.
    sources = [fold(f"{h.meta.title}{h.meta.doc_number or ''}{h.chunk.section}{h.chunk.text}") for h in hits]
    kept: list[tuple[str, list[int]]] = []
    dropped: list[str] = []
    unsupported: list[str] = []
    for line in text.strip().splitlines():
        for sentence in split_sentences(line) or [line]:
            cited = [int(n) for n in MARKER.findall(sentence)]
            valid = [n for n in dict.fromkeys(cited) if 1 <= n <= len(hits)]
            body = MARKER.sub("", sentence).strip()
            if not body:
                continue
            nums = numbers_in(body)
            if nums:
                pool = [sources[n - 1] for n in valid]
                if not pool or not all(_supported(fold(n), pool) for n in nums):
                    dropped.append(body)
                    continue
            elif not valid:
                unsupported.append(body)
            kept.append((body, valid))
        kept.append(("\n", []))
    # Renumber the markers in order of first use and build one citation per source chunk.
    order: dict[int, int] = {}
    for _, valid in kept:
        for n in valid:
            order.setdefault(n, len(order) + 1)
    out = []
    for body, valid in kept:
        if body == "\n":
            out.append("\n")
            continue
        marks = "".join(f"[{order[n]}]" for n in valid)
        if body[-1:] in "。！？!?" and marks:
            out.append(body[:-1] + marks + body[-1])
        else:
            out.append(body + marks)
    citations = []
    for n, new in sorted(order.items(), key=lambda kv: kv[1]):
        hit = hits[n - 1]
        claims = [b for b, v in kept if n in v]
        citations.append(Citation(marker=new, doc_number=hit.meta.doc_number, title=hit.meta.title,
                                  section=hit.chunk.section, quote=_quote(claims, hit), source=hit.meta.source))
    final = re.sub(r"\n{2,}", "\n", "".join(out)).strip()
    return Checked(final, citations, dropped, unsupported)


def context_block(hits: list[Hit]) -> str:
    """Numbered sources for the prompt: [n] 《title》(文号) section, then the chunk text."""
    lines = []
    for i, h in enumerate(hits, start=1):
        number = f"（{h.meta.doc_number}）" if h.meta.doc_number else ""
        lines.append(f"[{i}] 《{h.meta.title}》{number} {h.chunk.section}\n{h.chunk.text}")
    return "\n\n".join(lines)
