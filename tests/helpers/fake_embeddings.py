"""Deterministic embeddings for rule tests: character uni- and bigrams hashed into a fixed-size unit vector.

Not semantic, but lexical: passages that share characters with a question score higher, so hybrid retrieval
behaves like a keyword-heavy version of the real one. Embedding is microseconds, so an index of the bundled
report and the public corpus builds in seconds instead of the minute the real model takes.
"""

from __future__ import annotations

import hashlib
import math

DIM = 384  # the real model's width, so stored vectors have the same shape


def _vector(text: str) -> list[float]:
    v = [0.0] * DIM
    grams = list(text) + [text[i : i + 2] for i in range(len(text) - 1)]
    for g in grams:
        if g.isspace():
            continue
        h = int.from_bytes(hashlib.blake2b(g.encode(), digest_size=4).digest(), "little")
        v[h % DIM] += 1.0 if (h >> 16) & 1 else -1.0
    norm = math.sqrt(sum(x * x for x in v)) or 1.0
    return [x / norm for x in v]


class CharGramEmbeddings:
    """LangChain's ``Embeddings`` interface (``embed_documents``, ``embed_query``)."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [_vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return _vector(text)
