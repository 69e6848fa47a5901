"""Request and response bodies of the HTTP channel (REST and /v1): pydantic at the boundary."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from jzbot.models import Citation, IngestReport, Refusal

MAX_QUESTION = 2000  # characters; longer input is a paste of a document, not a question


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AskRequest(_In):
    question: str = Field(min_length=1, max_length=MAX_QUESTION)
    conversation_id: str = Field(default="default", max_length=64)
    stream: bool = False  # Server-Sent Events: `delta` events with the text so far, then one `reply`


class DraftRequest(_In):
    topic: str = Field(min_length=1, max_length=MAX_QUESTION)
    conversation_id: str = Field(default="default", max_length=64)


class FeedbackRequest(_In):
    log_id: int
    value: Literal[1, -1]


class NewConversation(_In):
    conversation_id: str = Field(default="default", max_length=64)


class LoginRequest(_In):
    name: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)  # the user's password or API key


class Me(BaseModel):
    name: str
    role: str


class DocumentInfo(BaseModel):
    doc_id: str
    title: str
    doc_number: str | None
    date: str | None
    issuer: str
    chunks: int
    flagged: int  # passages that look like instructions to the assistant: indexed, never used as evidence
    status: str  # the 文号's status as the corpus states it (有效 / 已废止 / 已修订 / 未知)
    place: str = ""  # identity read from the document ("" unknown): the issuing body's place
    level: str = ""  # 国家, 省, 市, 县区
    genre: str = ""  # 报告, 通知, 决定 …
    year: int | None = None  # the period it covers
    recipients: str = ""
    corrected: str = ""  # the fields an administrator corrected


class IdentityCorrection(BaseModel):
    """An administrator's correction of one identity field ("" removes the correction)."""

    field: Literal["title", "issuer", "place", "level", "genre", "year", "date", "doc_number", "recipients"]
    value: str = Field(default="", max_length=200)


JobKind = Literal["upload", "delete", "reingest"]


class Job(BaseModel):
    """A background ingest an admin started; poll ``GET /api/jobs/{id}``."""

    id: str
    kind: JobKind
    state: Literal["queued", "running", "done", "failed"] = "queued"
    files: list[str] = Field(default_factory=list)
    total: int = 0
    done: int = 0
    current: str = ""
    report: IngestReport | None = None
    error: str | None = None


class Documents(BaseModel):
    documents: list[DocumentInfo]
    jobs: list[Job]
    # Admins: documents held back whole because a passage instructs the assistant; listed so they can go.
    quarantined: list[DocumentInfo] = Field(default_factory=list)
    awaiting_embedding: int = 0  # chunks searchable by keyword and registries, not yet embedded


# -- OpenAI-compatible -----------------------------------------------------------------------------------
class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: str
    content: str | list[dict[str, object]] | None = None

    @property
    def text(self) -> str:
        if isinstance(self.content, list):  # content parts: only the text ones carry a question
            return "".join(str(p.get("text", "")) for p in self.content if p.get("type") == "text")
        return self.content or ""


class ChatRequest(BaseModel):
    model_config = ConfigDict(
        extra="allow"
    )  # temperature, top_p … are accepted and ignored: answers are cited

    model: str = "jzbot"
    messages: list[ChatMessage] = Field(min_length=1)
    stream: bool = False


class JzbotExtra(BaseModel):
    """What a plain chat client ignores and a jzbot-aware one uses."""

    found: bool
    refusal: Refusal | None
    log_id: int
    notes: list[str]
    resolved_question: str | None = (
        None  # a follow-up as it was understood (位次如何 → 2023年…在全省位次如何)
    )


class CitationsOut(BaseModel):
    citations: list[Citation]
    jzbot: JzbotExtra
