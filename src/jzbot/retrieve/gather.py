"""Retrieval policy: which searches a question's evidence is gathered from, over one knowledge view.

Invariant: every search runs inside the caller's view (``Knowledge.allowed``), so no path gathers a chunk of a
document the caller may not read. Beyond the plain search, a question is searched again within the documents of
the year it asks, within the home organisation's documents when it names none, and within each organisation it
names; a question about a few short documents reads them whole (ranking then decides order, not recall).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Any, Protocol

from jzbot.index.knowledge import Knowledge
from jzbot.index.store import ChunkStore
from jzbot.index.vectors import LocalDense
from jzbot.models import Hit
from jzbot.retrieve import hybrid

RETRIEVE_K = 12  # chunks handed to the answer rules
EXTRA_K = 6  # more chunks from the documents of the year asked, or of each organization named
PER_DOC_MAX = 5  # no document takes more than this many of them unless the question names it
READ_WHOLE_CHUNKS = 60  # documents named by the question with no more chunks than this are read whole


class Focus(Protocol):
    """Which documents a question is about (``answer.scope.Scope`` is one)."""

    @property
    def docs(self) -> frozenset[str] | None: ...  # the documents it names; None when it names none
    @property
    def home(self) -> frozenset[str]: ...  # the home organisation's documents
    @property
    def of_year(self) -> frozenset[str]: ...  # documents about a year it asks
    @property
    def groups(
        self,
    ) -> tuple[frozenset[str], ...]: ...  # each organisation's documents, when it names several
    @property
    def titled(self) -> frozenset[str]: ...  # the documents it names by their title


class Search:
    """Hybrid search (dense + BM25) within one knowledge view.

    Args:
        knowledge: the view searched; its ``allowed`` documents bound every search.
        store: the chunk store, searched where it is when it is a server another machine may change.
        embed_query: the question's embedding, for an embedded store searched through the snapshot's vectors.
        remote: the store is a Chroma server.
    """

    def __init__(
        self, knowledge: Knowledge, store: ChunkStore, embed_query: Callable[[str], list[float]], remote: bool
    ) -> None:
        self.knowledge = knowledge
        self._store, self._embed_query, self._remote = store, embed_query, remote

    def over(self, knowledge: Knowledge) -> Search:
        """The same search within another view (of the same snapshot)."""
        return Search(knowledge, self._store, self._embed_query, self._remote)

    @cached_property
    def _dense(self) -> Any:
        # Built on first search: a 文号 look-up never loads the vectors.
        if self._remote:
            return self._store
        knowledge = self.knowledge
        return LocalDense(knowledge.vectors, self._embed_query, lambda pos: knowledge.row(pos)[0].id)

    def __call__(
        self,
        query: str,
        k: int = RETRIEVE_K,
        keyword_query: str | None = None,
        doc_ids: frozenset[str] | None = None,
        per_doc: int | None = None,
    ) -> list[Hit]:
        allowed = self.knowledge.allowed
        if allowed is not None:
            doc_ids = allowed if doc_ids is None else doc_ids & allowed
        return hybrid.search(self._dense, self.knowledge, query, k, keyword_query, doc_ids, per_doc)


def gather(search: Search, focus: Focus, query: str) -> list[Hit]:
    """The evidence for a question (``query``: its text with the staff vocabulary expanded)."""
    knowledge = search.knowledge
    hits = search(query, RETRIEVE_K, query, focus.docs, PER_DOC_MAX)
    extra = [focus.of_year] if focus.docs is None and focus.of_year else []
    if focus.docs is None and focus.home:  # no cue: the bureau's own documents are searched on their own too
        extra.append(focus.home)
    if len(focus.groups) > 1:  # 咱局和省科技厅: each organization's documents searched on their own too
        extra += list(focus.groups)
    for docs in extra:
        if len(docs) < len(knowledge.docs):
            hits += _new(hits, search(query, EXTRA_K, query, docs, PER_DOC_MAX))
    if focus.docs is not None:
        rows = knowledge.rows_of(focus.docs)
        if len(rows) > READ_WHOLE_CHUNKS and focus.titled:
            # 山东促进科技成果转化条例啥时候施行: the document named by its title is read whole though the place
            # (山东) names many more (its last article says when it takes effect, in words no search ranks high)
            rows = knowledge.rows_of(focus.titled)
        if len(rows) <= READ_WHOLE_CHUNKS:
            seen = {h.chunk.id for h in hits}
            hits += [Hit(chunk=c, meta=m, score=0.0) for c, m in rows if c.id not in seen]
    return hits


def own_first(search: Search, hits: list[Hit], home: frozenset[str], query: str) -> list[Hit]:
    """A draft is written from the bureau's own documents first: they are searched on their own and lead."""
    own = search(query, RETRIEVE_K, doc_ids=home)
    return [*own, *_new(own, hits)]


def _new(have: list[Hit], more: list[Hit]) -> list[Hit]:
    seen = {h.chunk.id for h in have}
    return [h for h in more if h.chunk.id not in seen]
