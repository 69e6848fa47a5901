"""The conversation layer every channel shares: admit, answer in the conversation's thread, remember, audit.

Invariant: every answer a channel shows has been written to the audit log first, with the channel, the user,
the evidence chunk ids, the citations and the refusal reason; channels only translate to and from their medium.
A conversation's state is a ``Thread`` (``answer.thread``): kept here per conversation for the web page, the
REST API and Telegram; rebuilt by ``replay`` from the transcript an OpenAI client sends. Both give one state.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from jzbot.answer.intake import INPUT_REFUSALS
from jzbot.answer.thread import Thread
from jzbot.assistant import Asked, Assistant
from jzbot.conversation.access import AccessPolicy, OpenAccess
from jzbot.conversation.denials import Denial
from jzbot.conversation.identity import Channel, Identity
from jzbot.conversation.limits import RateLimiter
from jzbot.conversation.turns import Turns
from jzbot.deadline import Deadline
from jzbot.errors import RateLimited
from jzbot.history.audit import AuditLog
from jzbot.index.knowledge import Knowledge
from jzbot.models import Answer, DocNoEntry, Figure, IngestReport

log = logging.getLogger(__name__)


class Action(StrEnum):
    """What a staff member asked the assistant to do (the audit log's ``kind``)."""

    ASK = "ask"
    DRAFT = "draft"
    DOC = "doc"


class Reply(BaseModel):
    """An answer as a channel shows it, with the audit row that 👍/👎 refers to."""

    model_config = ConfigDict(extra="forbid")

    answer: Answer
    log_id: int


class Conversations:
    """Args:
    assistant: answers over the knowledge.
    audit: where every answer and refusal is recorded.
    limiters: each channel's rate limiter (channels may share one; a channel not listed is not limited).
    access: which documents a caller may read.
    """

    def __init__(
        self,
        assistant: Assistant,
        audit: AuditLog,
        limiters: Mapping[Channel, RateLimiter],
        access: AccessPolicy | None = None,
    ) -> None:
        self.assistant = assistant
        self.audit = audit
        self.turns = Turns()
        self.limiters = dict(limiters)
        self.access = access or OpenAccess()

    @staticmethod
    def key(identity: Identity, conversation: str) -> str:
        # Conversations are per channel; a channel that lets users name them must include the user in the name.
        return f"{identity.channel}:{conversation}"

    def admit(self, identity: Identity, chat_id: str | None = None) -> None:
        """Raise ``RateLimited`` (audited) when the user asked too often in the last minute; each channel's gate
        calls it once per request, before any other method."""
        limiter = self.limiters.get(identity.channel)
        if limiter is not None and not limiter.allow(identity.name):
            self.refused(
                identity.channel,
                Denial.RATE_LIMITED,
                identity.audit_id,
                chat_id,
                identity.name,
                shown=RateLimited.zh,
            )
            raise RateLimited()

    def history(self, identity: Identity, conversation: str) -> list[str]:
        """The conversation's questions as understood, oldest first."""
        return self.turns.history(self.key(identity, conversation))

    def thread(self, identity: Identity, conversation: str) -> Thread:
        return self.turns.thread(self.key(identity, conversation))

    def replay(self, identity: Identity, transcript: Sequence[tuple[str, str | None]]) -> Thread:
        """The thread of a transcript a client sent (each user message with the reply to it), read within the
        documents the caller may read."""
        return self.assistant.replay(transcript, self.access.allowed_documents(identity))

    def last_answer(self, identity: Identity, conversation: str) -> Answer | None:
        return self.turns.last_answer(self.key(identity, conversation))

    def new(self, identity: Identity, conversation: str) -> None:
        self.turns.forget(self.key(identity, conversation))

    def _finish(
        self,
        identity: Identity,
        conversation: str,
        action: Action,
        question: str,
        answer: Answer,
        chat_id: str | None,
    ) -> Reply:
        log_id = self.audit.record(
            identity.audit_id,
            chat_id,
            action.value,
            question,
            answer,
            answer.retrieved,
            channel=identity.channel.value,
            user_name=identity.name,
            conversation=conversation,
        )
        log.info(
            "answered user=%s channel=%s kind=%s found=%s refusal=%s chunks=%s",
            identity.name,
            identity.channel,
            action,
            answer.found,
            answer.refusal,
            answer.retrieved[:8],
        )
        return Reply(answer=answer, log_id=log_id)

    def _asked(
        self,
        identity: Identity,
        conversation: str,
        question: str,
        asked: Asked,
        kept: bool,
        chat_id: str | None,
    ) -> Reply:
        reply = self._finish(identity, conversation, Action.ASK, question, asked.answer, chat_id)
        if kept and asked.answer.refusal not in INPUT_REFUSALS:  # a refused question is no turn to follow
            self.turns.keep(self.key(identity, conversation), asked.thread, asked.answer)
        return reply

    def ask(
        self,
        identity: Identity,
        conversation: str,
        question: str,
        thread: Thread | None = None,
        chat_id: str | None = None,
        deadline: Deadline | None = None,
    ) -> Reply:
        """Answer a question in its conversation; ``thread`` replaces the kept one (an OpenAI client sends its
        own history: ``replay`` it), and is not kept; ``deadline`` lets the channel stop the model early."""
        past = self.thread(identity, conversation) if thread is None else thread
        asked = self.assistant.converse(question, past, self.access.allowed_documents(identity), deadline)
        return self._asked(identity, conversation, question, asked, thread is None, chat_id)

    def ask_stream(
        self,
        identity: Identity,
        conversation: str,
        question: str,
        thread: Thread | None = None,
        chat_id: str | None = None,
        deadline: Deadline | None = None,
    ) -> Iterator[str | Reply]:
        """Verified partial text while a model writes; the last item is the ``Reply``."""
        past = self.thread(identity, conversation) if thread is None else thread
        allowed = self.access.allowed_documents(identity)
        for item in self.assistant.converse_stream(question, past, allowed, deadline):
            if isinstance(item, Asked):
                yield self._asked(identity, conversation, question, item, thread is None, chat_id)
            else:
                yield item

    def draft(self, identity: Identity, conversation: str, topic: str, chat_id: str | None = None) -> Reply:
        answer = self.assistant.draft(topic, self.access.allowed_documents(identity))
        return self._finish(identity, conversation, Action.DRAFT, topic, answer, chat_id)

    def lookup(
        self, identity: Identity, conversation: str, doc_number: str, chat_id: str | None = None
    ) -> Reply:
        answer = self.assistant.lookup(doc_number, self.access.allowed_documents(identity))
        return self._finish(identity, conversation, Action.DOC, doc_number, answer, chat_id)

    def knowledge(self, identity: Identity) -> Knowledge:
        """The knowledge as the caller may see it (document listings)."""
        return self.assistant.knowledge.view(self.access.allowed_documents(identity))

    def figures(self, identity: Identity) -> list[Figure]:
        """The figure registry as the caller may see it."""
        return self.assistant.figures(self.access.allowed_documents(identity))

    def docnos(self, identity: Identity) -> list[DocNoEntry]:
        """The 文号 registry as the caller may see it."""
        return self.assistant.docnos(self.access.allowed_documents(identity))

    def feedback(self, identity: Identity, log_id: int, value: int) -> bool:
        """👍 (1) or 👎 (-1) on an answer the same user was given; False when it was not theirs."""
        # By id, not by name: a user removed and re-created under the same name is someone else.
        owner = self.audit.owner(log_id)
        if owner is None or (owner.user_id, owner.user_name) != (identity.audit_id, identity.name):
            return False
        if (owner.channel == Channel.TELEGRAM) != (identity.channel is Channel.TELEGRAM):
            return False  # Telegram ids and the users table's ids are different numbers
        self.audit.feedback(log_id, identity.audit_id or "", 1 if value > 0 else -1)
        return True

    def refused(
        self,
        channel: Channel,
        reason: Denial,
        user_id: str | None = None,
        chat_id: str | None = None,
        who: str = "",
        subject: str = "",
        shown: str = "",
    ) -> None:
        """Record a request turned away before the assistant saw it: why, who, what about (``subject``, e.g. a
        file name) and the message the caller was shown ("" when nothing was sent)."""
        log.info("refused reason=%s user=%s chat=%s channel=%s", reason, user_id or who, chat_id, channel)
        self.audit.record(
            user_id,
            chat_id,
            "refused",
            subject[:255],
            None,
            None,
            shown,
            channel=channel.value,
            user_name=who or None,
            refusal=reason.value,
        )

    def changed_documents(
        self,
        identity: Identity,
        kind: str,
        name: str,
        report: IngestReport | None = None,
        chat_id: str | None = None,
    ) -> None:
        """Record an admin's upload, deletion or re-ingest (``kind``) of ``name``."""
        self.audit.record(
            identity.audit_id,
            chat_id,
            kind,
            name,
            None,
            None,
            report.model_dump_json() if report else "",
            channel=identity.channel.value,
            user_name=identity.name,
        )
