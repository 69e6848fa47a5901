"""Hybrid retrieval finds the chunk that holds the answer, by meaning and by exact term."""

from __future__ import annotations

import pytest
from langchain_core.documents import Document


@pytest.mark.parametrize(
    ("query", "section_part"),
    [
        ("技术合同成交额", "（二）不断提升政务服务能力和水平"),
        ("法律顾问出具法律意见书", "（二）严格执行法律顾问制度"),
        ("人大代表提案办理", "（二）认真办理人大代表提案和政协委员议案"),
        ("废止的规范性文件", "二、加强行政规范性文件管理"),
        ("焦科〔2023〕45号", "二、加强行政规范性文件管理"),
        ("廉政建设责任书", "（三）强化信用体系建设"),
    ],
)
def test_hybrid_search_top3(assistant, query: str, section_part: str) -> None:
    hits = assistant.retriever.search(query, k=3)
    assert any(section_part in h.chunk.section for h in hits), [h.chunk.section for h in hits]


def test_retriever_is_a_langchain_retriever(assistant) -> None:
    docs = assistant.retriever.invoke("科研助理岗位")
    assert docs and isinstance(docs[0], Document)
    assert docs[0].metadata["doc_number"] == "焦科组〔2024〕5号"
    assert "section" in docs[0].metadata


def test_both_signals_are_fused(assistant) -> None:
    hits = assistant.retriever.search("全市技术合同成交额", k=5)
    top = hits[0]
    assert top.dense_rank is not None and top.keyword_rank is not None
