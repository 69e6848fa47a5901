"""The web page at / (static, vendored assets, no build step) and the login that sets the session cookie.

The page itself holds nothing of the knowledge: it shows a login form until /api/me answers.
"""

from __future__ import annotations

import html
from importlib.resources import files

import anyio
from fastapi import APIRouter, HTTPException, Request, Response, status
from fastapi.responses import HTMLResponse

from jzbot.channels.http.deps import DefencesDep, WebDep
from jzbot.channels.http.guard import SESSION_COOKIE, client_address
from jzbot.channels.http.schemas import LoginRequest, Me
from jzbot.conversation.denials import Denial
from jzbot.conversation.identity import Channel

router = APIRouter(tags=["page"])
STATIC = files("jzbot.channels.http") / "static"
BAD_LOGIN = "用户名或密码错误。 / Wrong name or password."
TOO_MANY_LOGINS = "登录尝试过于频繁，请稍后再试。 / Too many attempts: try again later."


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def index(web: WebDep) -> HTMLResponse:
    # The bureau's name and a 文号 of its form come from JZBOT_HOME_ORG: another bureau changes one setting.
    page = (STATIC / "index.html").read_text(encoding="utf-8")
    page = page.replace("{{home_org}}", html.escape(web.settings.home_org))
    page = page.replace("{{docno_example}}", html.escape(web.settings.docno_example))
    return HTMLResponse(page, headers={"Cache-Control": "no-store"})


# Password checks (Argon2, ~50 ms of CPU each) run on threads of their own: a flood of logins or of slow
# answers on the shared pool must not keep staff from signing in, nor sign-ins from answering.
LOGIN_THREADS = anyio.CapacityLimiter(2)


@router.post("/login")
async def login(
    body: LoginRequest, request: Request, response: Response, web: WebDep, defences: DefencesDep
) -> Me:
    """Sign in with a name and a password (or the user's API key); sets an HttpOnly session cookie."""
    name = body.name.strip()
    host = client_address(request)
    # Guessing costs the guesser: an address gets a few tries a minute whatever names it tries, and an
    # account a few failures from anywhere before it is locked for a while.
    if not defences.logins.allow(host) or defences.lockout.locked(name):
        defences.failures.fail(host, Channel.WEB, Denial.RATE_LIMITED, TOO_MANY_LOGINS, f"login@{host}")
        raise HTTPException(status.HTTP_429_TOO_MANY_REQUESTS, TOO_MANY_LOGINS, headers={"Retry-After": "60"})
    user = await anyio.to_thread.run_sync(
        web.users.check_password, name, body.password, limiter=LOGIN_THREADS
    )
    if user is None:
        defences.lockout.failed(name)
        defences.failures.fail(host, Channel.WEB, Denial.BAD_LOGIN, BAD_LOGIN, f"login@{host}")
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, BAD_LOGIN)
    defences.lockout.succeeded(name)
    hours = web.settings.web.session_hours
    token = web.users.start_session(user, hours)
    # SameSite=Strict, and the guard wants the page's header on every cookie request: no other page can use it.
    public = web.settings.web.public_url
    secure = public.startswith("https:") if public else request.url.scheme == "https"
    response.set_cookie(
        SESSION_COOKIE, token, max_age=hours * 3600, httponly=True, samesite="strict", secure=secure
    )
    return Me(name=user.name, role=user.role.value)


@router.post("/logout")
def logout(request: Request, response: Response, web: WebDep) -> dict[str, bool]:
    if token := request.cookies.get(SESSION_COOKIE):
        web.users.end_session(token)
    response.delete_cookie(SESSION_COOKIE)
    return {"ok": True}
