"""Services of the HTTP channel and who is calling: every knowledge route depends on ``Caller``.

A caller is known by a Bearer API key (``Authorization: Bearer jzb_…``) or by the session cookie the login
page sets; anyone else gets 401 and nothing of the knowledge.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status

from jzbot.assistant import Assistant
from jzbot.channels.http.guard import UNAUTHENTICATED, USER_SCOPE_KEY, Defences, authenticate
from jzbot.channels.http.jobs import Jobs
from jzbot.config import Settings
from jzbot.conversation.denials import Denial
from jzbot.conversation.identity import Channel, Identity
from jzbot.conversation.service import Conversations
from jzbot.conversation.throttle import ServerBusy, Slot, UserBusy
from jzbot.conversation.users import Users
from jzbot.deadline import Deadline
from jzbot.errors import RateLimited
from jzbot.ingest.library import Library
from jzbot.services import Services

FORBIDDEN = "该操作仅限管理员。 / Only administrators may do this."


@dataclass(frozen=True)
class Web:
    """The services the routes use, and the HTTP channel's own background ingest jobs."""

    services: Services
    jobs: Jobs

    @property
    def assistant(self) -> Assistant:
        return self.services.assistant

    @property
    def conversations(self) -> Conversations:
        return self.services.conversations

    @property
    def users(self) -> Users:
        return self.services.users

    @property
    def library(self) -> Library:
        return self.services.library

    @property
    def settings(self) -> Settings:
        return self.services.settings


def get_web(request: Request) -> Web:
    return request.app.state.web


WebDep = Annotated[Web, Depends(get_web)]


def _channel(request: Request) -> Channel:
    return Channel.OPENAI if request.url.path.startswith("/v1/") else Channel.WEB


def get_defences(request: Request) -> Defences:
    return request.app.state.defences


DefencesDep = Annotated[Defences, Depends(get_defences)]


def caller(request: Request, web: WebDep, defences: DefencesDep) -> Identity:
    # The guard authenticated the request before its body was read; a route outside /api and /v1 looks again.
    user = request.scope.get(USER_SCOPE_KEY)
    if user is None and (seen := authenticate(web.users, request)) is not None:
        user = seen.user
    if user is None:
        host = request.client.host if request.client else ""
        defences.failures.fail(
            host, _channel(request), Denial.UNAUTHENTICATED, UNAUTHENTICATED, f"http:{host}"
        )
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, UNAUTHENTICATED, headers={"WWW-Authenticate": "Bearer"}
        )
    return Identity(name=user.name, role=user.role, channel=_channel(request), user_id=user.id)


Caller = Annotated[Identity, Depends(caller)]


def asker(identity: Caller, web: WebDep) -> Identity:
    """A caller within the rate limit (429 otherwise): for routes that run the assistant."""
    try:
        web.conversations.admit(identity)
    except RateLimited as e:
        raise HTTPException(status.HTTP_429_TOO_MANY_REQUESTS, str(e), headers={"Retry-After": "60"}) from e
    return identity


Asker = Annotated[Identity, Depends(asker)]


def admin(identity: Caller, web: WebDep) -> Identity:
    if not identity.is_admin:
        web.conversations.refused(
            identity.channel, Denial.NOT_ADMIN, identity.audit_id, who=identity.name, shown=FORBIDDEN
        )
        raise HTTPException(status.HTTP_403_FORBIDDEN, FORBIDDEN)
    return identity


Admin = Annotated[Identity, Depends(admin)]


def model_slot(web: Web, defences: Defences, identity: Identity) -> Slot | None:
    """A language-model slot for one answer (None without a model): 429 when the user holds their share,
    503 when the server's are all taken. Release it when the answer is done, streamed or not."""
    if web.assistant.generator is None:
        return None
    try:
        return defences.slots.take(identity)
    except UserBusy as e:
        raise HTTPException(status.HTTP_429_TOO_MANY_REQUESTS, str(e), headers={"Retry-After": "10"}) from e
    except ServerBusy as e:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, str(e), headers={"Retry-After": "10"}) from e


def answer_deadline(web: Web) -> Deadline:
    """One answer's time budget, made here so the channel can cancel it when its client leaves."""
    return Deadline(web.settings.llm.timeout)
