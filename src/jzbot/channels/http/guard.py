"""The HTTP channel's outer wall, a pure ASGI middleware: who may send a body, how large, from which page.

Invariants, for every request before any route sees it:
- a request to /api or /v1 is authenticated from its headers alone, before a byte of its body is read;
  a stranger gets 401 (one audit row per address and minute, with a count), and an address that keeps
  failing gets 429 without a look-up;
- a body is capped per route: a declared Content-Length over the cap is refused at once, and a body that
  streams past it is cut off there (413), so no unauthenticated or oversize body is buffered or spooled;
- a state-changing request that rides on the login cookie (or logs in or out) must carry the header the
  page's app.js sends (``X-Requested-With: jzbot``) and, when the browser names one, our own Origin:
  another page, even on another port of the same host, cannot make a logged-in browser act;
- every response forbids framing and names where the page may load code from (no CDN: only itself).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import NamedTuple

from fastapi import HTTPException
from starlette.datastructures import Headers
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from jzbot.config import Settings
from jzbot.conversation.denials import Denial
from jzbot.conversation.identity import Channel, Role
from jzbot.conversation.limits import RateLimiter
from jzbot.conversation.throttle import Failures, Lockout, Slots
from jzbot.conversation.users import User, Users
from jzbot.history.audit import AuditLog

SESSION_COOKIE = "jzbot_session"
CSRF_HEADER, CSRF_VALUE = "x-requested-with", "jzbot"  # app.js sends it; a cross-origin page cannot
USER_SCOPE_KEY = "jzbot.user"  # the user the guard authenticated, for the route's dependencies
# A question is at most 2,000 characters; JSON-escaped (\uXXXX) that is 12 kB. Anything far beyond is no question.
MAX_JSON_BYTES = 64 << 10
# /v1 clients send the whole conversation, answers included; history is cut to the last turns anyway.
MAX_CHAT_BYTES = 1 << 20
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
PROTECTED = ("/api/", "/v1/")
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]

UNAUTHENTICATED = (
    "未登录或 API key 无效：请在网页登录，或在请求头中提供 Authorization: Bearer <API key>（由管理员用 "
    "jzbot user add 创建）。 / Not authenticated: log in on the web page, or send "
    "'Authorization: Bearer <API key>' (an administrator creates keys with `jzbot user add`)."
)
TOO_MANY_FAILURES = "认证失败次数过多，请一分钟后再试。 / Too many failed attempts: try again in a minute."
TOO_MANY_REQUESTS = "请求过于频繁，请稍后再试。 / Too many requests: please try again in a minute."
TOO_LARGE = "请求内容超过上限。 / The request body is too large."
CROSS_SITE = (
    "请求来源不明：请从 jzbot 网页操作，或使用 API key。 / Refused: not sent by the jzbot page "
    "(missing X-Requested-With or a foreign Origin); API clients use a Bearer key."
)


@dataclass(frozen=True)
class Defences:
    """The state the guard and the login keep between requests, pruned by the server's upkeep."""

    failures: Failures  # failed authentication per address: 401 audited once a minute, then 429
    requests: RateLimiter  # every authenticated request per user
    logins: RateLimiter  # login attempts per address, whatever the name
    lockout: Lockout  # failed logins per account, from any address
    slots: Slots  # language-model answers at once, per user and in all

    @classmethod
    def build(cls, audit: AuditLog, settings: Settings) -> Defences:
        web = settings.web
        return cls(
            Failures(audit, web.auth_failures_per_minute),
            RateLimiter(web.requests_per_minute),
            RateLimiter(web.login_attempts_per_minute),
            Lockout(web.login_failures_before_lockout, web.login_lockout_minutes),
            Slots(web.llm_calls_per_user, web.llm_calls_total),
        )

    def prune(self) -> None:
        self.failures.flush()
        self.requests.prune()
        self.logins.prune()
        self.lockout.prune()


class Seen(NamedTuple):
    user: User
    by_cookie: bool  # ambient credentials: the request may have been sent by another page


class TooLarge(HTTPException):
    def __init__(self) -> None:
        super().__init__(413, TOO_LARGE)


def authenticate(users: Users, conn: HTTPConnection) -> Seen | None:
    """The user a request's Bearer key or session cookie names; the key wins when both are sent."""
    header = conn.headers.get("authorization", "")
    if header[:7].lower() == "bearer ":
        user = users.by_api_key(header[7:].strip())
        return Seen(user, False) if user else None
    if token := conn.cookies.get(SESSION_COOKIE):
        user = users.by_session(token)
        return Seen(user, True) if user else None
    return None


def body_limit(method: str, path: str, seen: Seen | None, settings: Settings) -> int:
    """The largest body a route takes from this caller: uploads for admins only, chat history for /v1."""
    if method == "POST" and path == "/api/documents" and seen is not None and seen.user.role is Role.ADMIN:
        return settings.web.max_upload_request_mb << 20
    if path == "/v1/chat/completions":
        return MAX_CHAT_BYTES
    return MAX_JSON_BYTES


def own_origin(conn: HTTPConnection, settings: Settings) -> str:
    if settings.web.public_url:
        return settings.web.public_url.rstrip("/")
    return f"{conn.url.scheme}://{conn.headers.get('host', '')}"


def client_address(conn: HTTPConnection) -> str:
    # The connection's address: uvicorn rewrites it from X-Forwarded-For only for configured proxies.
    return conn.client.host if conn.client else ""


def _error(path: str, status: int, message: str) -> tuple[int, bytes, list[tuple[bytes, bytes]]]:
    if path.startswith("/v1/"):  # the shape OpenAI clients parse
        code = {
            401: "invalid_api_key",
            403: "permission_denied",
            413: "request_too_large",
            429: "rate_limit_exceeded",
        }.get(status, "invalid_request")
        body: object = {"error": {"message": message, "type": "invalid_request_error", "code": code}}
    else:
        body = {"detail": message}
    headers = [(b"content-type", b"application/json")]
    if status == 401:
        headers.append((b"www-authenticate", b"Bearer"))
    if status == 429:
        headers.append((b"retry-after", b"60"))
    return status, json.dumps(body, ensure_ascii=False).encode(), headers


class Guard:
    """Pure ASGI (a ``BaseHTTPMiddleware`` would read bodies it should refuse): see the module invariants."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [
                    *message.get("headers", []),
                    *(h for h in SECURITY_HEADERS if h[0] not in names),
                ]
            await send(message)

        state = scope["app"].state
        web, defences = state.web, state.defences
        settings: Settings = web.settings
        conn = HTTPConnection(scope)
        method, path = scope["method"], scope["path"]
        host = client_address(conn)
        channel = Channel.OPENAI if path.startswith("/v1/") else Channel.WEB

        async def reject(status: int, message: str) -> None:
            code, body, headers = _error(path, status, message)
            await send_secured({"type": "http.response.start", "status": code, "headers": headers})
            await send_secured({"type": "http.response.body", "body": body})

        seen: Seen | None = None
        if path.startswith(PROTECTED):
            if not defences.failures.allow(host):
                await reject(429, TOO_MANY_FAILURES)
                return
            seen = authenticate(web.users, conn)
            if seen is None:
                defences.failures.fail(host, channel, Denial.UNAUTHENTICATED, UNAUTHENTICATED, f"http:{host}")
                await reject(401, UNAUTHENTICATED)
                return
            if not defences.requests.allow(f"{seen.user.id}"):
                defences.failures.fail(
                    f"user:{seen.user.id}", channel, Denial.RATE_LIMITED, TOO_MANY_REQUESTS, seen.user.name
                )
                await reject(429, TOO_MANY_REQUESTS)
                return
            scope[USER_SCOPE_KEY] = seen.user
        if method in UNSAFE and (seen is None or seen.by_cookie):
            origin = conn.headers.get("origin")
            if conn.headers.get(CSRF_HEADER) != CSRF_VALUE or (
                origin and origin != own_origin(conn, settings)
            ):
                await reject(403, CROSS_SITE)
                return
        limit = body_limit(method, path, seen, settings)
        declared = _content_length(conn.headers)
        if declared is not None and declared > limit:
            await reject(413, TOO_LARGE)
            return
        await self.app(scope, _capped(receive, limit), send_secured)


def _content_length(headers: Headers) -> int | None:
    try:
        return int(headers["content-length"])
    except (KeyError, ValueError):
        return None


def _capped(receive: Receive, limit: int) -> Receive:
    """``receive`` that raises 413 once more than ``limit`` body bytes have arrived (chunked or lying bodies)."""
    seen = 0

    async def capped() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise TooLarge()
        return message

    return capped
