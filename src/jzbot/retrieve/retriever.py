"""Hybrid retrieval (``hybrid.search``) as a LangChain retriever, for LangChain pipelines."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from jzbot.models import Hit
from jzbot.retrieve import hybrid


class HybridRetriever(BaseRetriever):
    """``invoke(query)`` gives LangChain Documents; ``search(query)`` gives jzbot ``Hit`` models."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    store: Any
    knowledge: Any
    k: int = 8

    def search(
        self,
        query: str,
        k: int | None = None,
        keyword_query: str | None = None,
        doc_ids: frozenset[str] | None = None,
        per_doc: int | None = None,
    ) -> list[Hit]:
        """``hybrid.search`` with this retriever's store, knowledge and default ``k``."""
        return hybrid.search(self.store, self.knowledge, query, k or self.k, keyword_query, doc_ids, per_doc)

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        return [
            Document(
                page_content=h.chunk.text,
                id=h.chunk.id,
                metadata={
                    "section": h.chunk.section,
                    "score": h.score,
                    **h.meta.model_dump(exclude_none=True),
                },
            )
            for h in self.search(query)
        ]
