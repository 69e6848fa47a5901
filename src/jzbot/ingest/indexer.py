"""The index's one writer: ingest runs, the background embedding worker, and the snapshot they keep current.

Invariants: one ingest at a time; the store has one writer at a time (an ingest parsing and the worker writing
a batch take turns on ``_write_lock``); documents answer by keyword, 文号 and figure as soon as their parsing
ends, and the worker embeds the backlog while the next files are parsed. A document killed half-way stays in
the durable backlog, which the next ``ingest`` or ``start_worker`` finishes.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from jzbot.index.backlog import Backlog
from jzbot.index.knowledge import Knowledge
from jzbot.index.snapshots import Snapshots
from jzbot.index.store import ChunkStore
from jzbot.ingest.pipeline import ChunkProgress, Progress, embed_backlog, ingest_paths
from jzbot.models import IndexStatus, IngestReport

log = logging.getLogger(__name__)


class Indexer:
    """Writes documents into the store and keeps the derived snapshot current.

    Args:
        store: the chunk store (embedded Chroma or a server).
        backlog: parsed documents awaiting embedding.
        snapshots: the derived index, rebuilt after each change.
        knowledge_dir: the folder document ids are relative to.
        batch: chunks per embed-and-write call.
    """

    def __init__(
        self, store: ChunkStore, backlog: Backlog, snapshots: Snapshots, knowledge_dir: Path, batch: int
    ) -> None:
        self.store, self.backlog, self.snapshots = store, backlog, snapshots
        self.knowledge_dir = knowledge_dir
        self._batch = batch
        self._lock = threading.Lock()  # guards starting the worker
        self._write_lock = (
            threading.Lock()
        )  # one writer of the store: ingest and the embedding worker take turns
        self._ingest_lock = threading.Lock()  # one ingest at a time (the worker embeds beside it)
        self._worker: threading.Thread | None = None
        self._wake = threading.Event()
        self._idle = threading.Event()  # the worker is not embedding (nor about to rebuild after it)
        self._idle.set()
        self._ingesting = False  # parsing under way: the snapshot is rebuilt when it ends
        self._progress: ChunkProgress | None = None  # the waiting ingest's embedding progress
        self._failure: Exception | None = None  # why the worker's last run stopped, if it failed

    @property
    def knowledge(self) -> Knowledge:
        return self.snapshots.current

    def is_empty(self) -> bool:
        """Nothing indexed: neither a saved snapshot with documents nor document records in the store."""
        return not self.knowledge.docs and not self.store.has_documents()

    def ingest(
        self,
        paths: list[Path] | None = None,
        progress: Progress | None = None,
        chunk_progress: ChunkProgress | None = None,
        wait: bool = True,
    ) -> IngestReport:
        """Index files or folders (default: the knowledge folder); unchanged files are skipped.

        The derived index is rebuilt when parsing ends (so no question after an ingest rebuilds it). The
        embedding worker embeds each document as soon as it is queued; with ``wait`` this call returns when
        everything is embedded (raising the worker's failure), else at once (answers never wait for embedding).
        """
        with self._ingest_lock:
            with self._write_lock:
                before = self.snapshots.saved()
                self.snapshots.mark(None)  # replaced documents leave the store: no stale snapshot
                self._ingesting = True
            self._progress = chunk_progress if wait else None
            report: IngestReport | None = None
            try:
                report = ingest_paths(
                    paths or [self.knowledge_dir],
                    self.store,
                    self.backlog,
                    self.knowledge_dir,
                    progress,
                    self._write_lock,
                    self.start_worker,
                )
            finally:
                with self._write_lock:
                    self._ingesting = False
                    unchanged = report is not None and not (report.added or report.updated or report.removed)
                    if before and unchanged:
                        self.snapshots.mark(before)  # nothing changed: the snapshot still holds
                    self.snapshots.rebuild()
            log.info("searchable: %d chunks await embedding", self.backlog.pending_chunks())
            self.start_worker()
            if wait:
                try:
                    self._wait_for_worker()
                finally:
                    self._progress = None
        return report

    def _wait_for_worker(self) -> None:
        """Until the worker has embedded the backlog; its failure is raised here (the caller waits for it)."""
        while not self.wait_embedded(timeout=1.0):
            if self._idle.is_set() and not self._wake.is_set() and self._failure is not None:
                raise self._failure

    def embed_pending(self, progress: ChunkProgress | None = None) -> int:
        """Embed every document in the backlog (what the worker does), then rebuild the derived index."""
        if not self.backlog.docs():
            return 0
        written = embed_backlog(
            self.store, self.backlog, self._batch, self._write_lock, progress, lambda: self._ingesting
        )
        with self._write_lock:
            if not self._ingesting:  # an ingest under way rebuilds when its parsing ends
                self.snapshots.rebuild()
        return written

    def start_worker(self) -> None:
        """Embed the backlog in a background thread; servers call this at start, so a restart resumes."""
        with self._lock:
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._work, name="jzbot-embed", daemon=True)
                self._worker.start()
            self._wake.set()

    def _work(self) -> None:
        while True:
            self._wake.wait()
            self._wake.clear()
            self._idle.clear()
            self._failure = None
            try:
                self.embed_pending(self._progress)
            except Exception as e:  # the backlog stays; the next ingest or restart tries again
                log.exception("embedding the backlog failed")
                self._failure = e
            finally:
                self._idle.set()

    def wait_embedded(self, timeout: float) -> bool:
        """Block until nothing awaits embedding (True), or ``timeout`` seconds pass (False)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self._write_lock.acquire(timeout=max(0.0, end - time.monotonic())):
                try:  # holding the writer's lock: no batch or rebuild is half done
                    if not self.backlog.pending_chunks() and self._idle.is_set() and not self._wake.is_set():
                        return True
                finally:
                    self._write_lock.release()
            time.sleep(0.1)
        return False

    def status(self) -> IndexStatus:
        k = self.knowledge
        return IndexStatus(
            documents=len(k.docs), chunks=k.size, awaiting_embedding=self.backlog.pending_chunks()
        )
