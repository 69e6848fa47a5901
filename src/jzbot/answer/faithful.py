"""Checking generated text against its sources, sentence by sentence, by value.

Invariants: a sentence is kept only when it cites at least one source, every marker it carries points
at a source it was given, every quantity in it (amount, percentage, rank, count, date, year) equals a
quantity in the sources it cites, every 文号 in it is in them, and most of its wording is theirs. Any
other sentence is dropped with a typed reason. Kept markers are renumbered 1..n in order of first use,
and each citation quotes the source sentences the claims rest on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

from jzbot.models import Citation, Hit
from jzbot.quantities import Quantity, quantities, supports, unsupported
from jzbot.registry.docno import find_docnos
from jzbot.safety import URL, looks_like_injection
from jzbot.text import CJK, fold, split_sentences

MARKER = re.compile(r"\s*[\[［【](\d{1,3})[\]］】]")
# Share of a sentence's two-character word pieces that must occur in its cited sources. A faithful
# paraphrase of a 公文 sentence keeps most of its words (the test replies score 0.7-1.0); an invented
# claim about a cited passage ("局长是张三", "该数据由局长张三审定") scores under 0.3.
MIN_WORDING_SHARE = 0.5
# A heading (一、主要举措和成效) states no fact: it may stand without a marker when its words are in the
# sources or the requested outline, and it is short.
MAX_HEADING_CHARS = 24
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])[^。！？!?；;]*$")
_CJK_RUN = re.compile(rf"[{CJK}]+")


class DropReason(StrEnum):
    NO_CITATION = "no_citation"  # no [n] marker at all
    UNKNOWN_SOURCE = "unknown_source"  # a marker that points at no source given
    UNSUPPORTED_QUANTITY = "unsupported_quantity"  # a number, date, rank … its cited sources do not state
    UNSUPPORTED_DOCNO = "unsupported_docno"  # a 文号 its cited sources do not contain
    UNSUPPORTED_WORDING = "unsupported_wording"  # too few of its words are in its cited sources
    UNSUPPORTED_LINK = "unsupported_link"  # a web address its cited sources do not contain
    FLAGGED_SOURCE = "flagged_source"  # every source it cites reads as an instruction to the assistant


class Dropped(NamedTuple):
    sentence: str
    reason: DropReason
    detail: str  # the quantity, 文号 or marker that failed


@dataclass
class Checked:
    text: str
    citations: list[Citation]
    dropped: list[Dropped] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True)
class _Source:
    text: str  # folded title, 文号, section and chunk text: what the prompt showed under one [n]
    quantities: list[Quantity]
    docnos: frozenset[str]
    links: frozenset[str]  # web addresses as written, lower case
    flagged: bool  # reads as an instruction to the assistant: it supports nothing on its own


def _links(text: str) -> frozenset[str]:
    return frozenset(u.lower().rstrip(".,;:!?") for u in URL.findall(text))


def _source(hit: Hit) -> _Source:
    text = fold(f"{hit.meta.title}{hit.meta.doc_number or ''}{hit.chunk.section}{hit.chunk.text}")
    return _Source(
        text,
        quantities(text),
        frozenset(d.key for d in find_docnos(text)),
        _links(hit.chunk.text),
        looks_like_injection(hit.chunk.text),
    )


def _bigrams(text: str) -> list[str]:
    return [run[i : i + 2] for run in _CJK_RUN.findall(text) for i in range(len(run) - 1)]


def wording_share(sentence: str, source_text: str) -> float:
    """Share of the sentence's Chinese character pairs that occur in ``source_text`` (1.0 when it has none)."""
    grams = _bigrams(fold(sentence))
    if not grams:
        return 1.0
    return sum(g in source_text for g in grams) / len(grams)


def _verdict(body: str, cited: list[int], sources: list[_Source]) -> Dropped | None:
    """Why ``body`` (citing ``cited``) must go, or None when every claim in it is in its cited sources."""
    if not cited:
        return Dropped(body, DropReason.NO_CITATION, "")
    nowhere = [n for n in cited if not 1 <= n <= len(sources)]
    if nowhere:
        return Dropped(body, DropReason.UNKNOWN_SOURCE, f"[{nowhere[0]}]")
    pool = [sources[n - 1] for n in dict.fromkeys(cited)]
    if all(s.flagged for s in pool):  # obeying a poisoned passage is not being supported by it
        return Dropped(body, DropReason.FLAGGED_SOURCE, f"[{cited[0]}]")
    pool = [s for s in pool if not s.flagged]
    for link in _links(body):
        if not any(link in s.links or any(k.startswith(link) for k in s.links) for s in pool):
            return Dropped(body, DropReason.UNSUPPORTED_LINK, link)
    missing = unsupported(quantities(body), [q for s in pool for q in s.quantities])
    if missing:
        return Dropped(body, DropReason.UNSUPPORTED_QUANTITY, missing[0].text)
    known = frozenset().union(*(s.docnos for s in pool))
    for d in find_docnos(fold(body)):
        if d.key not in known:
            return Dropped(body, DropReason.UNSUPPORTED_DOCNO, d.key)
    share = wording_share(body, "".join(s.text for s in pool))
    if share < MIN_WORDING_SHARE:
        return Dropped(body, DropReason.UNSUPPORTED_WORDING, f"{share:.0%}")
    return None


def _is_heading(body: str, outline: str, sources: list[_Source]) -> bool:
    if len(body) > MAX_HEADING_CHARS or not _HEADING.match(body) or quantities(body) or find_docnos(body):
        return False
    words = re.sub(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])", "", body)
    return wording_share(words, fold(outline) + "".join(s.text for s in sources)) >= MIN_WORDING_SHARE


def _quote(claims: list[str], hit: Hit) -> str:
    """The chunk sentences the cited claims rest on: those stating their quantities, else the closest one."""
    parts = split_sentences(hit.chunk.text.replace("\n", ""))
    wanted = [q for c in claims for q in quantities(c)]
    chosen = [p for p in parts if wanted and any(supports(s, w) for s in quantities(p) for w in wanted)]
    if not chosen:
        text = "".join(claims)
        chosen = [max(parts, key=lambda p: wording_share(text, fold(p)))] if parts else [hit.chunk.text]
    return "……".join(chosen) if len(chosen) > 1 and "".join(chosen) not in hit.chunk.text else "".join(chosen)


def check(text: str, hits: list[Hit], outline: str = "") -> Checked:
    """Verify a generated reply against the numbered ``hits`` it was given (marker n → hits[n-1]).

    Args:
        text: the model's reply.
        hits: the sources, in the order the prompt numbered them.
        outline: text the user asked to be followed (a draft's outline), which headings may echo.
    """
    sources = [_source(h) for h in hits]
    kept: list[tuple[str, list[int]]] = []
    dropped: list[Dropped] = []
    for line in text.strip().splitlines():
        for sentence in split_sentences(line) or [line]:
            cited = [int(n) for n in MARKER.findall(sentence)]
            body = MARKER.sub("", sentence).strip()
            if not body or not re.search(rf"[{CJK}A-Za-z0-9]", body):
                continue
            if not cited and _is_heading(body, outline, sources):
                kept.append((body, []))
                continue
            verdict = _verdict(body, cited, sources)
            if verdict is not None:
                dropped.append(verdict)
                continue
            kept.append((body, list(dict.fromkeys(cited))))
        kept.append(("\n", []))
    if not any(valid for _, valid in kept):  # headings alone say nothing
        kept = []
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
        citations.append(
            Citation(
                marker=new,
                doc_number=hit.meta.doc_number,
                title=hit.meta.title,
                section=hit.chunk.section,
                quote=_quote(claims, hit),
                source=hit.meta.source,
            )
        )
    final = re.sub(r"\n{2,}", "\n", "".join(out)).strip()
    return Checked(final, citations, dropped)
