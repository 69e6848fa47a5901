"""OpenAI-compatible routes (/v1): chat clients such as Cherry Studio, Chatbox or Open WebUI get cited answers.

The answer text lists its sources under it, so a plain client shows them; ``citations`` and ``jzbot`` carry
the same as structured fields for clients that read extra fields (``jzbot.resolved_question``: a follow-up as it
was understood). A client sends the whole conversation with every request: its user messages and jzbot's
replies (their 出处 blocks read back) are replayed into the conversation's thread, so a follow-up can point at a
document or a figure named only in an earlier answer.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Iterator
from contextlib import nullcontext

from fastapi import APIRouter, HTTPException, status
from fastapi.responses import StreamingResponse

from jzbot.answer.thread import sources_block
from jzbot.channels.http.deps import Asker, Caller, DefencesDep, WebDep, answer_deadline, model_slot
from jzbot.channels.http.schemas import ChatRequest, JzbotExtra
from jzbot.channels.http.streams import WatchedStream
from jzbot.conversation.service import Reply
from jzbot.models import Answer

router = APIRouter(prefix="/v1", tags=["openai"])
MODEL = "jzbot"


def sources_text(answer: Answer) -> str:
    """The citations as Markdown under the answer: what any chat client shows (read back from the history)."""
    return sources_block(answer)


def _extra(reply: Reply) -> dict[str, object]:
    a = reply.answer
    return {
        "citations": [c.model_dump() for c in a.citations],
        "jzbot": JzbotExtra(
            found=a.found,
            refusal=a.refusal,
            log_id=reply.log_id,
            notes=a.notes,
            resolved_question=a.resolved_question,
        ).model_dump(),
    }


def _question_and_transcript(body: ChatRequest) -> tuple[str, list[tuple[str, str | None]]]:
    """The last user message, and each earlier one with the assistant reply that followed it (None: none)."""
    transcript: list[tuple[str, str | None]] = []
    for m in body.messages:
        if m.role == "user" and m.text.strip():
            transcript.append((m.text, None))
        elif m.role == "assistant" and transcript and transcript[-1][1] is None:
            transcript[-1] = (transcript[-1][0], m.text)
    if not transcript or transcript[-1][1] is not None:
        return "", transcript
    return transcript[-1][0], transcript[:-1]


@router.get("/models")
def models(identity: Caller) -> dict[str, object]:
    return {"object": "list", "data": [{"id": MODEL, "object": "model", "created": 0, "owned_by": "jzbot"}]}


@router.post("/chat/completions", response_model=None)
def chat_completions(
    body: ChatRequest, identity: Asker, web: WebDep, defences: DefencesDep
) -> dict[str, object] | StreamingResponse:
    question, transcript = _question_and_transcript(body)
    conversation = f"{identity.user_id}:v1"  # the client sends the whole conversation; this labels the audit
    if not question:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "消息中没有用户提问 / no user message with text")
    thread = web.conversations.replay(identity, transcript)
    cid, created = f"chatcmpl-{secrets.token_hex(12)}", int(time.time())
    slot = model_slot(web, defences, identity)
    deadline = answer_deadline(web)
    if not body.stream:
        with slot or nullcontext():
            reply = web.conversations.ask(identity, conversation, question, thread, deadline=deadline)
        text = reply.answer.answer + sources_text(reply.answer)
        return {
            "id": cid,
            "object": "chat.completion",
            "created": created,
            "model": MODEL,
            "choices": [
                {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}
            ],
            "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
            **_extra(reply),
        }

    def chunk(delta: dict[str, object], finish: str | None = None, **extra: object) -> str:
        body_ = {
            "id": cid,
            "object": "chat.completion.chunk",
            "created": created,
            "model": MODEL,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            **extra,
        }
        return f"data: {json.dumps(body_, ensure_ascii=False)}\n\n"

    def events() -> Iterator[str]:
        yield chunk({"role": "assistant", "content": ""})
        sent = ""
        for item in web.conversations.ask_stream(identity, conversation, question, thread, deadline=deadline):
            if isinstance(item, Reply):
                final = item.answer.answer
                # Streamed text is verified sentence by sentence; the final answer normally extends it.
                rest = final[len(sent) :] if final.startswith(sent) else "\n\n" + final
                yield chunk({"content": rest + sources_text(item.answer)})
                yield chunk({}, "stop", **_extra(item))
            elif item.startswith(sent) and len(item) > len(sent):
                yield chunk({"content": item[len(sent) :]})
                sent = item
        yield "data: [DONE]\n\n"

    return WatchedStream(events(), deadline, slot.release if slot else lambda: None)
