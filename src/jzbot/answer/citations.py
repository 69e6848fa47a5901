"""Numbered citations: one ``[n]`` marker per distinct quote, in the order the answer uses them."""

from __future__ import annotations

from jzbot.models import Citation, DocMeta


class Citations:
    def __init__(self) -> None:
        self.items: list[Citation] = []

    def add(self, meta: DocMeta, section: str, quote: str) -> str:
        for c in self.items:
            if c.quote == quote and c.source == meta.source:
                return f"[{c.marker}]"
        n = len(self.items) + 1
        self.items.append(
            Citation(
                marker=n,
                doc_number=meta.doc_number,
                title=meta.title,
                section=section,
                quote=quote,
                source=meta.source,
            )
        )
        return f"[{n}]"
