"""Services of the HTTP channel and who is calling: every knowledge route depends on ``Caller``.

A caller is known by a Bearer API key (``Authorization: Bearer jzb_…``) or by the session cookie the login
page sets; anyone else gets 401 and nothing of the knowledge.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status

from jzbot.channels.http.jobs import Jobs
from jzbot.config import Settings
from jzbot.conversation.denials import Denial
from jzbot.conversation.identity import Channel, Identity
from jzbot.conversation.service import Conversations
from jzbot.conversation.users import Users
from jzbot.errors import RateLimited
from jzbot.ingest.library import Library
from jzbot.services import Services

SESSION_COOKIE = "jzbot_session"
UNAUTHENTICATED = (
    "未登录或 API key 无效：请在网页登录，或在请求头中提供 Authorization: Bearer <API key>（由管理员用 "
    "jzbot user add 创建）。 / Not authenticated: log in on the web page, or send "
    "'Authorization: Bearer <API key>' (an administrator creates keys with `jzbot user add`)."
)
FORBIDDEN = "该操作仅限管理员。 / Only administrators may do this."


@dataclass(frozen=True)
class Web:
    """The services the routes use, and the HTTP channel's own background ingest jobs."""

    services: Services
    jobs: Jobs

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


def caller(request: Request, web: WebDep) -> Identity:
    header = request.headers.get("authorization", "")
    user = None
    if header[:7].lower() == "bearer ":
        user = web.users.by_api_key(header[7:].strip())
    elif token := request.cookies.get(SESSION_COOKIE):
        user = web.users.by_session(token)
    if user is None:
        host = request.client.host if request.client else ""
        web.conversations.refused(
            _channel(request), Denial.UNAUTHENTICATED, who=f"http:{host}", shown=UNAUTHENTICATED
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
