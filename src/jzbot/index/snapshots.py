"""The derived index's lifecycle: which saved snapshot matches the store, loading it, building a new one.

Invariant: the ``Knowledge`` handed out always matches the store's complete documents (and the backlog's queued
ones) under this code, vocabulary and injection detector; a changed store gets a new snapshot, built aside while
questions keep using the old one. A damaged or foreign snapshot is rebuilt, never trusted.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
import threading
from pathlib import Path

from jzbot import safety
from jzbot._version import __version__
from jzbot.index import knowledge as snapshot
from jzbot.index.backlog import Backlog
from jzbot.index.keyword import Tokenizer
from jzbot.index.knowledge import Knowledge, TokenCache
from jzbot.index.store import ChunkStore
from jzbot.models import Chunk, DocMeta
from jzbot.registry.identity import Corrections, identify

log = logging.getLogger(__name__)


def state_of(docs: dict[str, str]) -> str:
    """A digest of which documents (with which content) the derived index holds."""
    return hashlib.sha1("\n".join(f"{d}|{h}" for d, h in sorted(docs.items())).encode()).hexdigest()[:16]


class Snapshots:
    """Hands out the current ``Knowledge``: the saved snapshot when it still matches, else a fresh build.

    Args:
        cache_dir: where snapshots are saved (``data/cache``).
        store: the chunk store the snapshot is derived from.
        backlog: documents parsed but not yet embedded (searchable by keyword already).
        tokenizer: jieba with the staff vocabulary's terms.
        vocab_key: a digest of the vocabulary (tokens depend on it).
        collection: the store's collection name.
        remote: the store is a Chroma server another machine may change.
        corrections: an administrator's corrections of document identities (applied at every build).
    """

    def __init__(
        self,
        cache_dir: Path,
        store: ChunkStore,
        backlog: Backlog,
        tokenizer: Tokenizer,
        vocab_key: str,
        collection: str,
        remote: bool,
        corrections: Corrections,
    ) -> None:
        self.cache_dir = cache_dir
        self._store, self._backlog, self._tokenizer = store, backlog, tokenizer
        self._vocab_key, self._collection = vocab_key, collection
        self.corrections = corrections
        self._remote = remote
        self._lock = threading.RLock()
        self._current: Knowledge | None = None

    @property
    def current(self) -> Knowledge:
        with self._lock:
            if self._current is None:
                name = self._saved_name()
                self._current = (self._load(name) if name else None) or self._build()
            return self._current

    def rebuild(self) -> None:
        """A new snapshot when the documents changed (built aside: questions meanwhile use the old one)."""
        name = self._saved_name()
        if name and self._current is not None and self._current.fingerprint == name:
            return  # the loaded one is still current
        fresh = (self._load(name) if name else None) or self._build()
        with self._lock:
            self._current = fresh

    @property
    def _static(self) -> str:
        # The code version, the vocabulary, the injection detector and the identity corrections decide the
        # derived index besides the store.
        parts = (
            __version__,
            self._collection,
            self._vocab_key,
            safety.DETECTOR_VERSION,
            self.corrections.key,
        )
        return snapshot.snapshot_key(*parts)

    def correct(self, doc_id: str, field: str, value: str) -> None:
        """An administrator's correction of a document's identity; the snapshot is rebuilt with it."""
        with self._lock:
            self.corrections.set(doc_id, field, value)
        self.rebuild()

    def forget(self) -> None:
        """Drop the loaded snapshot (another process changed the store): the next use reloads."""
        with self._lock:
            self._current = None

    def saved(self) -> str | None:
        """The name the last build left, to restore when an ingest changed nothing."""
        return snapshot.current(self.cache_dir)

    def mark(self, name: str | None) -> None:
        """Point at snapshot ``name``; ``None`` marks the store as changing (no stale snapshot survives a crash)."""
        snapshot.set_current(self.cache_dir, name)

    def _load(self, name: str) -> Knowledge | None:
        try:
            return Knowledge(self.cache_dir / name, self._tokenizer, name)
        except Exception as e:  # a damaged or foreign snapshot is rebuilt, never trusted
            log.warning("derived index %s unreadable, rebuilding: %s", name, e)
            return None

    def _documents(self) -> tuple[str, list[tuple[Chunk, DocMeta]]]:
        """(state, rows): the store's complete documents and the backlog's, a queued version first."""
        queued = self._backlog.documents()
        mine = {m.doc_id for m, _ in queued}
        rows = [r for r in self._store.all_chunks() if r[1].doc_id not in mine]
        rows += [(c, m) for m, chunks in queued for c in chunks]
        rows.sort(key=lambda r: (r[1].doc_id, r[0].chunk_no))
        return state_of({m.doc_id: m.content_hash for _, m in rows}), rows

    def _build(self) -> Knowledge:
        state, rows = self._documents()
        # "-p": built with documents awaiting embedding (their vectors are zeros): rebuilt once they are embedded.
        pending = "p" if self._backlog.pending_chunks() else "e"
        name = f"knowledge-{self._static}-{state}-{pending}"
        rows = safety.trusted_rows(rows)  # quarantined documents never enter: no answer path can reach them
        metas = {m.doc_id: identify(self.corrections.apply(m)) for _, m in rows}
        rows = [(c, metas[m.doc_id]) for c, m in rows]
        vectors = self._store.vectors([c.id for c, _ in rows])
        try:
            built = Knowledge.build(
                rows,
                vectors,
                self._tokenizer,
                self.cache_dir / name,
                name,
                TokenCache(self.cache_dir / "tokens.sqlite", self._vocab_key),
            )
            snapshot.set_current(self.cache_dir, name)
        except OSError as e:  # a read-only data folder costs speed, not answers: the snapshot goes to /tmp
            log.warning("could not save the derived index: %s", e)
            tmp = Path(tempfile.mkdtemp(prefix="jzbot-knowledge-"))
            built = Knowledge.build(
                rows, vectors, self._tokenizer, tmp / name, name, TokenCache(tmp / "tokens.sqlite", "")
            )
        return built

    def _saved_name(self) -> str | None:
        """The saved snapshot matching this code, vocabulary and documents, if there is one.

        Embedded, only this data folder's ingests change the store, and each rebuilds the snapshot, so it is
        trusted without opening Chroma; one built while documents awaited embedding is rebuilt once none do.
        A server may have been changed from another machine: its documents are read (one small get) and a
        snapshot of other documents is rebuilt."""
        name = snapshot.current(self.cache_dir)
        prefix = f"knowledge-{self._static}-"
        if not name or not name.startswith(prefix) or not (self.cache_dir / name).is_dir():
            return None
        if name.endswith("-p") and not self._backlog.pending_chunks():
            return None
        if self._remote:
            docs = {d: m.content_hash for d, m in (self._store.documents() | self._backlog.docs()).items()}
            if name[len(prefix) :].rsplit("-", 1)[0] != state_of(docs):
                return None
        return name
