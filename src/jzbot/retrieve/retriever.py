"""Hybrid retrieval (``gather.Search``) as a LangChain retriever, for LangChain pipelines."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from jzbot.models import Hit
from jzbot.retrieve.gather import RETRIEVE_K


class HybridRetriever(BaseRetriever):
    """``invoke(query)`` gives LangChain Documents; ``search(query)`` gives jzbot ``Hit`` models."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    search_within: Any  # a ``gather.Search``: hybrid search bounded to one knowledge view
    k: int = RETRIEVE_K

    def search(
        self,
        query: str,
        k: int | None = None,
        keyword_query: str | None = None,
        doc_ids: frozenset[str] | None = None,
        per_doc: int | None = None,
    ) -> list[Hit]:
        """Hybrid search with this retriever's view and default ``k``."""
        return self.search_within(query, k or self.k, keyword_query, doc_ids, per_doc)

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
