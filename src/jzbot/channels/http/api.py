"""REST routes under /api: ask (plain or streamed), draft, look up, figures, documents, feedback."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, nullcontext
from pathlib import Path
from typing import Annotated, NoReturn

from fastapi import APIRouter, File, HTTPException, UploadFile, status
from fastapi.responses import StreamingResponse

from jzbot.channels.http.deps import (
    Admin,
    Asker,
    Caller,
    DefencesDep,
    Web,
    WebDep,
    answer_deadline,
    model_slot,
)
from jzbot.channels.http.schemas import (
    AskRequest,
    DocumentInfo,
    Documents,
    DraftRequest,
    FeedbackRequest,
    IdentityCorrection,
    Job,
    Me,
    NewConversation,
)
from jzbot.channels.http.streams import WatchedStream
from jzbot.conversation.denials import Denial
from jzbot.conversation.identity import Identity
from jzbot.conversation.service import Reply
from jzbot.conversation.uploads import SUPPORTED_LIST, check_upload
from jzbot.models import DocNoEntry, Figure, IngestReport
from jzbot.safety import looks_like_injection

router = APIRouter(prefix="/api", tags=["api"])
CHUNK = 1 << 20


def conversation_key(identity: Identity, conversation_id: str) -> str:
    # The client names its conversations; the user's id (never reused, unlike a name) keeps one user's ids
    # from reaching another's turns, and an integer cannot contain the ":" that separates it from the name.
    return f"{identity.user_id}:{conversation_id}"


def sse(event: str, data: str) -> str:
    return f"event: {event}\ndata: {data}\n\n"


@router.get("/me")
def me(identity: Caller) -> Me:
    return Me(name=identity.name, role=identity.role.value)


@router.post("/ask", response_model=Reply, responses={200: {"content": {"text/event-stream": {}}}})
def ask(body: AskRequest, identity: Asker, web: WebDep, defences: DefencesDep) -> Reply | StreamingResponse:
    """A cited answer. With ``stream: true``: SSE events ``delta`` ({"text": text so far}) then ``reply``."""
    key = conversation_key(identity, body.conversation_id)
    slot = model_slot(web, defences, identity)
    deadline = answer_deadline(web)
    if not body.stream:
        with slot or nullcontext():
            return web.conversations.ask(identity, key, body.question, deadline=deadline)

    def events() -> Iterator[str]:
        for item in web.conversations.ask_stream(identity, key, body.question, deadline=deadline):
            if isinstance(item, Reply):
                yield sse("reply", item.model_dump_json())
            else:
                yield sse("delta", json.dumps({"text": item}, ensure_ascii=False))

    return WatchedStream(events(), deadline, slot.release if slot else _nothing)


def _nothing() -> None:
    pass


@router.post("/new")
def new_conversation(body: NewConversation, identity: Caller, web: WebDep) -> dict[str, bool]:
    web.conversations.new(identity, conversation_key(identity, body.conversation_id))
    return {"ok": True}


@router.post("/draft")
def draft(body: DraftRequest, identity: Asker, web: WebDep, defences: DefencesDep) -> Reply:
    """A report paragraph in 公文 register, every sentence cited."""
    with model_slot(web, defences, identity) or nullcontext():
        return web.conversations.draft(identity, conversation_key(identity, body.conversation_id), body.topic)


@router.get("/lookup/{doc_number}")
def lookup(doc_number: str, identity: Asker, web: WebDep) -> Reply:
    """What a 文号 is (焦科〔2023〕45号, any bracket form), its issuer and whether it is in force."""
    return web.conversations.lookup(identity, conversation_key(identity, "lookup"), doc_number)


@router.get("/figures")
def figures(identity: Caller, web: WebDep) -> list[Figure]:
    return web.conversations.figures(identity)


@router.get("/docnos")
def docnos(identity: Caller, web: WebDep) -> list[DocNoEntry]:
    return web.conversations.docnos(identity)


@router.post("/feedback")
def feedback(body: FeedbackRequest, identity: Caller, web: WebDep) -> dict[str, bool]:
    """👍 (1) / 👎 (-1) on one of the caller's own answers (``log_id`` from the reply)."""
    if not web.conversations.feedback(identity, body.log_id, body.value):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "没有这条回答 / no such answer of yours")
    return {"ok": True}


# -- documents ------------------------------------------------------------------------------------------
@router.get("/documents")
def documents(identity: Caller, web: WebDep) -> Documents:
    """Every indexed document with its 文号, date, chunk count and flagged passages; recent ingest jobs."""
    knowledge = web.conversations.knowledge(identity)
    chunks: Counter[str] = Counter()
    flagged: Counter[str] = Counter()
    for chunk, _ in knowledge.rows:
        chunks[chunk.doc_id] += 1
        flagged[chunk.doc_id] += looks_like_injection(chunk.text)
    infos = []
    for doc_id, meta in sorted(knowledge.docs.items()):
        entry = knowledge.docnos.get(meta.doc_number) if meta.doc_number else None
        infos.append(
            DocumentInfo(
                doc_id=doc_id,
                title=meta.title,
                doc_number=meta.doc_number,
                date=meta.date,
                issuer=meta.issuer,
                chunks=chunks[doc_id],
                flagged=flagged[doc_id],
                status=entry.status if entry else "未知",
                place=meta.place,
                level=meta.level,
                genre=meta.genre,
                year=meta.year,
                recipients=meta.recipients,
                corrected=meta.corrected,
            )
        )
    return Documents(
        documents=infos,
        jobs=web.jobs.recent() if identity.is_admin else [],
        awaiting_embedding=web.library.indexer.backlog.pending_chunks(),
        quarantined=_quarantined(web) if identity.is_admin else [],
    )


def _quarantined(web: Web) -> list[DocumentInfo]:
    """Documents in the store that the derived index left out because a passage instructs the assistant."""
    return [
        DocumentInfo(
            doc_id=doc.doc_id,
            title=doc.title,
            doc_number=doc.doc_number,
            date=meta.date,
            issuer=meta.issuer,
            chunks=doc.chunks,
            flagged=len(doc.flagged),
            status="已隔离",
        )
        for doc, meta in web.library.quarantined()
    ]


_UPLOAD_REFUSED = {
    Denial.UPLOAD_NAME: (
        status.HTTP_400_BAD_REQUEST,
        "文件名无法使用（只有点、路径符号或控制字符），请改为普通文件名 / unusable file name",
    ),
    Denial.UPLOAD_TYPE: (
        status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
        f"不支持的文件类型（支持 {SUPPORTED_LIST}） / unsupported file type",
    ),
    Denial.UPLOAD_TOO_LARGE: (status.HTTP_413_CONTENT_TOO_LARGE, "文件超过大小上限 / file too large"),
}


def _refuse_upload(web: Web, identity: Identity, denial: Denial, raw: str) -> NoReturn:
    code, text = _UPLOAD_REFUSED[denial]
    text = f"{raw[:80]}：{text}"
    web.conversations.refused(
        identity.channel, denial, identity.audit_id, who=identity.name, subject=raw, shown=text
    )
    raise HTTPException(code, text)


@router.post("/documents", status_code=status.HTTP_202_ACCEPTED)
def upload(
    files: Annotated[
        list[UploadFile],
        File(description="any format jzbot ingests (.txt .docx .doc .wps .pdf .ofd .xlsx …)"),
    ],
    identity: Admin,
    web: WebDep,
) -> Job:
    """Add or replace documents (a file with the same name replaces the old one); ingest runs in the
    background: poll ``GET /api/jobs/{id}``."""
    limit = web.settings.web.max_upload_mb << 20
    # All or nothing: every file is checked, then every file written aside, before any is put in place; a
    # refusal of one leaves the folder as it was (each Staging restores what it displaced).
    checks = [(f, check_upload(f.filename or "", f.size, limit)) for f in files]
    for f, check in checks:
        if check.denial is not None:
            _refuse_upload(web, identity, check.denial, f.filename or "")
    with ExitStack() as stack:
        stagings = [stack.enter_context(web.library.stage(check.name)) for _, check in checks]
        for (f, _), staging in zip(checks, stagings, strict=True):
            size = 0
            with staging.temp.open("wb") as out:  # a reader never sees half a file; a refused one is gone
                while block := f.file.read(CHUNK):
                    size += len(block)
                    if size > limit:
                        _refuse_upload(web, identity, Denial.UPLOAD_TOO_LARGE, f.filename or "")
                    out.write(block)
        saved = [staging.place() for staging in stagings]
        stack.pop_all()  # placed: from here the job keeps each file, or takes it back once ingest refused it

    def settle(report: IngestReport | None) -> None:
        # As the Telegram bot does: a file ingest could not read is taken out again (an earlier file of the
        # same name comes back), so it does not fail again on every later ingest; the refusal is audited.
        failed = {Path(f.source).name: f.error for f in report.failed} if report else {}
        for staging in stagings:
            name = staging.target.name
            if report is not None and name not in failed:
                staging.keep()
                continue
            # Leaving a Staging unkept removes its file and puts back any earlier one.
            staging.__exit__(None, None, None)
            web.conversations.refused(
                identity.channel,
                Denial.UPLOAD_UNREADABLE,
                identity.audit_id,
                who=identity.name,
                subject=name,
                shown=f"文件《{name}》未能入库，也未保存：{failed.get(name, '入库失败')}",
            )

    for target in saved:
        web.conversations.changed_documents(identity, "upload", target.name)
    return web.jobs.start("upload", saved, settle)


@router.delete("/documents/{doc_id:path}", status_code=status.HTTP_202_ACCEPTED)
def delete(doc_id: str, identity: Admin, web: WebDep) -> Job:
    """Remove a document's file from the knowledge folder and from the index (in the background)."""
    if not web.library.remove(doc_id):  # quarantined documents too
        raise HTTPException(status.HTTP_404_NOT_FOUND, "知识库中没有该文件 / no such document")
    web.conversations.changed_documents(identity, "delete", doc_id)
    return web.jobs.start("delete", None)  # a run over the folder removes what is gone


@router.put("/documents/{doc_id:path}/identity")
def correct_identity(doc_id: str, body: IdentityCorrection, identity: Admin, web: WebDep) -> dict[str, bool]:
    """Correct what the index read of a document's identity (issuer, place, year …); it survives re-ingest."""
    if not web.library.correct(doc_id, body.field, body.value.strip()):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "知识库中没有该文件 / no such document")
    web.conversations.changed_documents(identity, "identity", f"{doc_id} {body.field}={body.value[:80]}")
    return {"ok": True}


@router.post("/documents/reingest", status_code=status.HTTP_202_ACCEPTED)
def reingest(identity: Admin, web: WebDep) -> Job:
    """Re-read the whole knowledge folder: changed files are replaced, removed ones leave the index."""
    web.conversations.changed_documents(identity, "reingest", str(web.settings.knowledge_dir))
    return web.jobs.start("reingest", None)


@router.get("/jobs/{job_id}")
def job(job_id: str, identity: Admin, web: WebDep) -> Job:
    found = web.jobs.get(job_id)
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "没有该任务 / no such job")
    return found
