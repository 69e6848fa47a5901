"""The knowledge folder: the one module that knows its layout and moves documents in and out of it.

Invariants: a document enters whole (written to a hidden temporary file, renamed into place) and is indexed from
there; if ingest rejects it, it is taken out again and any earlier file of the same name is put back, so no file
fails again on every later ingest. A document leaves by its id, and only from inside the folder. Every channel
(web, Telegram, the CLI) adds, replaces and removes documents through a ``Library``.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from types import TracebackType

from jzbot.ingest.indexer import Indexer
from jzbot.ingest.pipeline import ChunkProgress, Progress
from jzbot.inventory import DocSummary, inventory
from jzbot.models import DocMeta, IngestReport

UPLOAD_FOLDER = "uploads"  # under the knowledge folder: where documents sent through a channel go


class Staging:
    """A file on its way to ``folder/name``: written to ``temp``, put in place by ``place()``, made final by
    ``keep()``. Leaving the ``with`` block without ``keep()`` removes it and restores any earlier version."""

    def __init__(self, folder: Path, name: str) -> None:
        self.target = folder / name
        token = uuid.uuid4().hex
        # Hidden names: a folder ingest running meanwhile never reads a half-written or displaced file.
        self.temp = folder / f".{token}.part"
        self._previous = folder / f".{token}.previous"
        self._placed = self._kept = False

    def __enter__(self) -> Staging:
        self.target.parent.mkdir(parents=True, exist_ok=True)
        return self

    def place(self) -> Path:
        """Rename the finished temporary file into place, keeping any earlier version aside."""
        if self.target.exists():
            os.replace(self.target, self._previous)
        os.replace(self.temp, self.target)
        self._placed = True
        return self.target

    def keep(self) -> None:
        self._kept = True
        self._previous.unlink(missing_ok=True)

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.temp.unlink(missing_ok=True)
        if self._placed and not self._kept:
            self.target.unlink(missing_ok=True)
            if self._previous.exists():
                os.replace(self._previous, self.target)


class Library:
    """The documents of one knowledge folder, and the index that holds them.

    Args:
        folder: the knowledge folder (``JZBOT_KNOWLEDGE_DIR``).
        indexer: the index's one writer.
    """

    def __init__(self, folder: Path, indexer: Indexer) -> None:
        self.folder = folder
        self.indexer = indexer

    @property
    def uploads(self) -> Path:
        return self.folder / UPLOAD_FOLDER

    def stage(self, name: str) -> Staging:
        """A document on its way into the uploads folder under ``name`` (already made safe)."""
        return Staging(self.uploads, name)

    def add(self, staging: Staging) -> IngestReport:
        """Put a staged document in place and index it now; a document ingest refuses is taken out again."""
        target = staging.place()
        report = self.indexer.ingest([target])
        if not report.failed:
            staging.keep()
        return report

    def ingest(
        self,
        paths: list[Path] | None = None,
        progress: Progress | None = None,
        chunk_progress: ChunkProgress | None = None,
    ) -> IngestReport:
        """Index placed documents (default: re-read the whole folder: changed files replaced, removed ones go)."""
        return self.indexer.ingest(paths, progress, chunk_progress)

    def path_of(self, doc_id: str) -> Path | None:
        """The file of an indexed document inside the folder; None for an unknown id or one outside it."""
        root = self.folder.resolve()
        path = (root / doc_id).resolve()
        known = (
            doc_id in self.indexer.knowledge.docs or doc_id in self.indexer.store.documents()
        )  # quarantined too
        return path if path.is_relative_to(root) and known else None

    def quarantined(self) -> list[tuple[DocSummary, DocMeta]]:
        """Documents in the store that the derived index leaves out because a passage instructs the assistant."""
        store, known = self.indexer.store, self.indexer.knowledge.docs
        stored = store.documents()
        held = [d for d in stored if d not in known]
        # (a document merely not yet in the snapshot is no quarantine)
        return (
            [(doc, stored[doc.doc_id]) for doc in inventory(store.all_chunks(held)) if doc.flagged]
            if held
            else []
        )

    def correct(self, doc_id: str, field: str, value: str) -> bool:
        """An administrator's correction of a document's identity (kept beside the documents, applied now)."""
        if doc_id not in self.indexer.knowledge.docs:
            return False
        self.indexer.snapshots.correct(doc_id, field, value)
        return True

    def remove(self, doc_id: str) -> bool:
        """Take a document's file out of the folder (the next ``ingest`` of the folder drops it from the index)."""
        path = self.path_of(doc_id)
        if path is None:
            return False
        path.unlink(missing_ok=True)
        return True
