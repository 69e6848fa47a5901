"""The composition root: ``build_services(settings)`` wires everything every entry point uses.

The CLI, the HTTP app, the Telegram bot (and any channel added later) receive one ``Services``; none of them
builds the audit log, the users, the conversations or the knowledge folder's owner itself. Building never
ingests: entry points that serve call ``Services.prepare``.
"""

from __future__ import annotations

from dataclasses import dataclass

from jzbot.assistant import Assistant
from jzbot.config import Settings
from jzbot.conversation.access import AccessPolicy
from jzbot.conversation.identity import Channel
from jzbot.conversation.limits import RateLimiter
from jzbot.conversation.service import Conversations
from jzbot.conversation.users import Users
from jzbot.history.audit import AuditLog
from jzbot.index.store import Embedder
from jzbot.ingest.library import Library


@dataclass(frozen=True)
class Services:
    settings: Settings
    assistant: Assistant
    audit: AuditLog
    users: Users
    conversations: Conversations
    library: Library

    def prepare(self) -> None:
        """Before serving: index the folder when nothing is indexed, load models, resume embedding."""
        self.assistant.ensure_index()
        self.assistant.warm_up()  # the first user does not wait for the dictionary and the model
        self.assistant.indexer.start_worker()  # documents a stopped server left unembedded are embedded now

    def close(self) -> None:
        self.audit.close()


def build_services(
    settings: Settings,
    embeddings: Embedder | None = None,
    assistant: Assistant | None = None,
    access: AccessPolicy | None = None,
    audit: AuditLog | None = None,
) -> Services:
    """Everything a channel needs, over one assistant (``assistant`` and ``audit`` let tests share theirs)."""
    assistant = assistant or Assistant(settings, embeddings)
    audit = audit or AuditLog(settings.data_dir / "audit.sqlite")
    web = RateLimiter(settings.web.rate_limit_per_minute)  # the page, /api and /v1 share one budget
    limiters = {Channel.TELEGRAM: RateLimiter(settings.telegram.rate_limit_per_minute), Channel.WEB: web,
                Channel.OPENAI: web}  # fmt: skip
    return Services(
        settings=settings,
        assistant=assistant,
        audit=audit,
        users=Users(audit),
        conversations=Conversations(assistant, audit, limiters, access),
        library=Library(settings.knowledge_dir, assistant.indexer),
    )
