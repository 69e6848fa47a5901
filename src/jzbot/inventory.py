"""What the index holds, document by document: chunk counts and the passages quarantined as instructions."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from jzbot.models import Chunk, DocMeta
from jzbot.safety import Flag, find_instruction, novel_lures, url_lures

# How much of a flagged passage the listing shows: enough to recognise it, not a whole chunk.
EXCERPT_CHARS = 80


class FlaggedPassage(BaseModel):
    model_config = ConfigDict(extra="forbid")
    chunk_id: str
    section: str
    shape: str  # override, priority, role, script, address, system, link
    matched: str  # the normalised words that matched
    excerpt: str


class DocSummary(BaseModel):
    model_config = ConfigDict(extra="forbid")
    doc_id: str
    title: str
    doc_number: str | None = None
    chunks: int = 0
    flagged: list[FlaggedPassage] = Field(default_factory=list)


def inventory(rows: Iterable[tuple[Chunk, DocMeta]]) -> list[DocSummary]:
    """One summary per document, sorted by id; flagged passages in chunk order."""
    rows = list(rows)
    lured = novel_lures(rows)  # documents quarantined for pushing a link no other document has
    docs: dict[str, DocSummary] = {}
    for chunk, meta in sorted(rows, key=lambda r: (r[0].doc_id, r[0].chunk_no)):
        doc = docs.setdefault(
            meta.doc_id, DocSummary(doc_id=meta.doc_id, title=meta.title, doc_number=meta.doc_number)
        )
        doc.chunks += 1
        flag = find_instruction(chunk.text) or find_instruction(meta.title)  # as safety.quarantined decides
        if flag is None and meta.doc_id in lured and (hosts := url_lures(chunk.text)):
            flag = Flag("link", ", ".join(sorted(hosts)))
        if flag is not None:
            doc.flagged.append(
                FlaggedPassage(
                    chunk_id=chunk.id,
                    section=chunk.section,
                    shape=flag.shape,
                    matched=flag.matched,
                    excerpt=chunk.text[:EXCERPT_CHARS],
                )
            )
    return list(docs.values())
