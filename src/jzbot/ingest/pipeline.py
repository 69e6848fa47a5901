"""Incremental ingest: files → clean paragraphs → metadata → chunks → backlog → (embedded) store.

Invariants: unchanged files (same content hash) are skipped; a changed file replaces all of its
chunks; a deleted file leaves the index; a broken file is reported and the index keeps what it had.
``ingest_paths`` parses and queues documents in the backlog (seconds); ``embed_backlog`` embeds and writes
them in batches across documents (``Settings.ingest_batch``), hours for a large archive. A document's
record is written only once all of its chunks are, and only then does it leave the backlog, so a run
killed mid-way leaves no document that looks complete and loses no queued work.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import time
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from pathlib import Path

from jzbot.errors import JzbotError, StoreUnavailable
from jzbot.index.backlog import Backlog
from jzbot.index.store import ChunkStore
from jzbot.ingest.chunking import chunk_document
from jzbot.ingest.loaders import is_candidate, load
from jzbot.ingest.metadata import extract
from jzbot.ingest.structure import paragraphs_of
from jzbot.models import Chunk, DocMeta, FileProblem, IngestReport
from jzbot.safety import looks_like_injection

log = logging.getLogger(__name__)
_FILL_WAIT = 0.2  # seconds a short batch waits for the parser to queue more
Progress = Callable[[str, int], None]  # (file name, number of files in the run)
ChunkProgress = Callable[[int, int], None]  # (chunks written, chunks to write in the run)


# Bumped whenever parsing or chunking changes what a file becomes, so an upgrade re-reads unchanged files once.
PARSER_VERSION = b"33"


def content_digest(data: bytes) -> str:
    return hashlib.sha256(PARSER_VERSION + data).hexdigest()


def parse_file(path: Path, doc_id: str, data: bytes | None = None) -> tuple[DocMeta, list[Chunk]]:
    """Read and chunk one file (no store involved)."""
    data = path.read_bytes() if data is None else data
    paras = paragraphs_of(load(path))
    fields = extract(paras, path.stem)
    meta = DocMeta.model_validate(
        {"doc_id": doc_id, "source": doc_id, "content_hash": content_digest(data), **fields}
    )
    chunks = chunk_document(doc_id, paras, fields)
    if not chunks:
        raise JzbotError("文件中没有可索引的正文 / no indexable text")
    return meta, chunks


def doc_id_for(path: Path, knowledge_dir: Path) -> str:
    path = path.resolve()
    try:
        return path.relative_to(knowledge_dir.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def collect(paths: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """(files to ingest, folders scanned); files named explicitly are taken whatever their suffix."""
    files: list[Path] = []
    roots: list[Path] = []
    for p in paths:
        if p.is_dir():
            roots.append(p)
            files.extend(sorted(f for f in p.rglob("*") if f.is_file() and is_candidate(f.relative_to(p))))
        else:
            files.append(p)
    return list(dict.fromkeys(files)), roots


def ingest_paths(
    paths: list[Path],
    store: ChunkStore,
    backlog: Backlog,
    knowledge_dir: Path,
    progress: Progress | None = None,
    lock: AbstractContextManager[object] | None = None,
    queued: Callable[[], None] | None = None,
) -> IngestReport:
    """Parse changed files into the backlog and take replaced and removed documents out of the store.

    Each document is queued as soon as it is parsed, under ``lock`` (the store's one writer's), and
    ``queued`` is told, so an embedding worker embeds it while the next files are parsed."""
    lock = lock or contextlib.nullcontext()
    report = IngestReport()
    files, roots = collect(paths)
    with lock:
        store.upgrade()
        existing = store.documents() | backlog.docs()  # a queued version is the newest
    seen: set[str] = set()
    for path in files:
        doc_id = doc_id_for(path, knowledge_dir)
        seen.add(doc_id)
        if progress:
            progress(path.name, len(files))
        try:
            if not path.exists():
                raise JzbotError("文件不存在 / no such file")
            data = path.read_bytes()
            digest = content_digest(data)
            old = existing.get(doc_id)
            if old and old.content_hash == digest:
                report.unchanged.append(doc_id)
                continue
            meta, chunks = parse_file(path, doc_id, data)
        except StoreUnavailable:
            raise
        except Exception as e:  # any one file's failure is reported, never fatal to the run
            log.warning("skipped %s: %s", path, e)
            report.failed.append(FileProblem(source=str(path), error=str(e)))
            continue
        if any(looks_like_injection(c.text) for c in chunks):
            report.warnings.append(
                FileProblem(
                    source=str(path),
                    error="含有疑似提示词注入的文字，整份文件不会用作回答依据 / "
                    "contains prompt-injection-like text: the document is never used as evidence",
                )
            )
        with lock:
            if meta.doc_id in existing:
                store.delete_doc(meta.doc_id)
            backlog.put([(meta, chunks)])
        if queued:
            queued()
        (report.updated if old else report.added).append(doc_id)
        report.chunks_written += len(chunks)
    for root in roots:
        prefix = doc_id_for(root, knowledge_dir).rstrip("/")
        for doc_id in existing:
            under = doc_id.startswith(prefix + "/") or prefix in ("", ".")
            if under and doc_id not in seen and not (Path(doc_id).is_absolute() and prefix in ("", ".")):
                with lock:
                    store.delete_doc(doc_id)
                    backlog.drop([doc_id])
                report.removed.append(doc_id)
    return report


def embed_backlog(
    store: ChunkStore,
    backlog: Backlog,
    size: int,
    lock: AbstractContextManager[object],
    progress: ChunkProgress | None = None,
    parsing: Callable[[], bool] = lambda: False,
) -> int:
    """Embed and write every queued document, ``size`` chunks a batch across documents; each document is
    marked complete (and leaves the backlog) with the batch holding its last chunk. Returns chunks written.

    The model runs outside ``lock`` (the store's one writer's): an ingest parses and queues documents
    meanwhile, waiting at most for one batch's write, and its documents join the next batches. A batch whose
    document an ingest replaced or removed while it was embedded is not written; the next batch reads the
    queue again. While ``parsing`` says more documents are coming, only full batches are written."""
    written = 0
    if progress:
        progress(0, backlog.pending_chunks())
    while True:
        batch = backlog.next_batch(size)
        if not batch.chunks and not batch.complete:
            return written
        if len(batch.chunks) < size and parsing():
            # More documents are on their way: one Chroma call of ``size`` chunks costs about what one of a
            # document's twenty does, so a short batch waits for them.
            time.sleep(_FILL_WAIT)
            continue
        vectors = store.embed(batch.chunks)
        with lock:
            if not backlog.holds(batch):
                continue
            store.write(batch.chunks, batch.complete, vectors)
            backlog.written(batch)
        written += len(batch.chunks)
        for meta in batch.complete:
            log.info("indexed %s", meta.doc_id)
        if progress:
            progress(written, written + backlog.pending_chunks())
