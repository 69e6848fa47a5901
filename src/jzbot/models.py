"""Domain types passed between stages. Vendor shapes (Chroma dicts, LangChain Documents) stop at the edges."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DocMeta(_Model):
    """What a document says about itself (版头, 标题, 主送, 落款, 版记)."""

    doc_id: str
    source: str
    title: str
    doc_number: str | None = None
    issuer: str = ""
    recipients: str = ""
    doc_type: str = ""
    date: str | None = None  # 成文日期 (or 印发日期 when that is all there is), ISO
    printed_by: str = ""
    printed_date: str | None = None
    year: int | None = None  # the period the document is about (a 2023 report issued in 2024 → 2023)
    index_no: str = ""  # 索引号: the number a government site's 信息公开 table files the page under
    publisher: str = (
        ""  # who put it on the site (发布机构, 来源): a 处 of the issuer, or the issuer's short name
    )
    content_hash: str = ""
    # Identity derived when the snapshot is built (``registry/identity.py``); "" is unknown, never a mismatch.
    place: str = ""  # the issuing body's place: 焦作市, 河南省, 郑州市金水区
    level: str = ""  # 国家, 省, 市, 县区
    genre: str = ""  # 报告, 通知, 通报, 公示, 批复, 决定, 办法, 法律 …
    series: str = ""  # one key for every edition of the same document (years, place and issuer aside)
    corrected: str = ""  # the fields an administrator corrected, comma-separated


class Chunk(_Model):
    id: str
    doc_id: str
    chunk_no: int
    section: str
    text: str


class Hit(_Model):
    chunk: Chunk
    meta: DocMeta
    score: float
    dense_rank: int | None = None
    keyword_rank: int | None = None


class Citation(_Model):
    marker: int
    doc_number: str | None
    title: str
    section: str
    quote: str
    source: str


class Refusal(StrEnum):
    """Why no answer was given: the decision as a value, so channels never parse the message text."""

    EMPTY_INDEX = "empty_index"  # nothing is indexed yet
    NO_SUBJECT = (
        "no_subject"  # the question's subject (indicator, organization, place) is not in the knowledge
    )
    WRONG_YEAR = "wrong_year"  # the subject is there, but not for the year asked
    UNKNOWN_DOCNO = "unknown_docno"  # a well-formed 文号 the knowledge does not hold
    INVALID_DOCNO = "invalid_docno"  # not a 文号 at all
    NO_EVIDENCE = "no_evidence"  # no passage supports an answer
    BAD_INPUT = "bad_input"  # empty, too long or undecodable input


class Answer(_Model):
    question: str
    answer: str
    found: bool
    mode: Literal["extractive", "llm"] = "extractive"
    refusal: Refusal | None = None  # set exactly when ``found`` is false
    resolved_question: str | None = None  # a follow-up as it was understood (那去年呢 → 2023年…多少)
    citations: list[Citation] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    retrieved: list[str] = Field(default_factory=list, exclude=True)  # chunk ids, for the audit log


class FileProblem(_Model):
    source: str
    error: str


class IngestReport(_Model):
    added: list[str] = Field(default_factory=list)
    updated: list[str] = Field(default_factory=list)
    unchanged: list[str] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)
    failed: list[FileProblem] = Field(default_factory=list)
    warnings: list[FileProblem] = Field(default_factory=list)
    chunks_written: int = 0


class IndexStatus(_Model):
    documents: int
    chunks: int
    awaiting_embedding: int  # chunks parsed and searchable by keyword, not yet embedded


Status = Literal["有效", "已废止", "已修订", "未知"]


class DocNoEntry(_Model):
    """One 文号 as the corpus knows it: its title, issuer, status and every sentence that mentions it."""

    doc_number: str
    title: str = ""
    issuer: str = ""
    year: int | None = None
    status: Status = "未知"
    status_year: int | None = None
    # The chunk whose sentence repealed or revised it, in a document with a 文号 and a date of its own: a
    # status is never changed by an anonymous text, and an answer quotes the sentence that changed it.
    status_chunk: str | None = None
    own_doc_id: str | None = None
    mentions: list[Mention] = Field(default_factory=list)


class Mention(_Model):
    doc_id: str
    chunk_id: str
    sentence: str
    action: str = ""  # 制定, 印发, 修订, 废止 … as the sentence says


class Figure(_Model):
    """One figure in a sentence: 指标, 数值, 单位, 口径, 年份, with the sentence it came from."""

    indicator: str
    value: str
    unit: str
    scope: str = ""
    year: int | None = None
    doc_id: str
    chunk_id: str
    sentence: str


DocNoEntry.model_rebuild()
