"""The web page at / (static, vendored assets, no build step) and the login that sets the session cookie.

The page itself holds nothing of the knowledge: it shows a login form until /api/me answers.
"""

from __future__ import annotations

from importlib.resources import files

from fastapi import APIRouter, HTTPException, Request, Response, status
from fastapi.responses import HTMLResponse

from jzbot.channels.http.deps import SESSION_COOKIE, WebDep
from jzbot.channels.http.schemas import LoginRequest, Me
from jzbot.conversation.denials import Denial
from jzbot.conversation.identity import Channel

router = APIRouter(tags=["page"])
STATIC = files("jzbot.channels.http") / "static"
BAD_LOGIN = "用户名或密码错误。 / Wrong name or password."
TOO_MANY_LOGINS = "登录尝试过于频繁，请一分钟后再试。 / Too many attempts."


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def index() -> HTMLResponse:
    return HTMLResponse(
        (STATIC / "index.html").read_text(encoding="utf-8"), headers={"Cache-Control": "no-store"}
    )


@router.post("/login")
def login(body: LoginRequest, request: Request, response: Response, web: WebDep) -> Me:
    """Sign in with a name and a password (or the user's API key); sets an HttpOnly session cookie."""
    name = body.name.strip()
    host = request.client.host if request.client else ""
    # Guessing passwords costs the guesser: a name (from one address) gets a few tries a minute.
    who = f"login:{body.name[:64]}@{host}"
    if not web.conversations.limiters[Channel.WEB].allow(f"login:{name}@{host}"):
        web.conversations.refused(Channel.WEB, Denial.RATE_LIMITED, who=who, shown=TOO_MANY_LOGINS)
        raise HTTPException(status.HTTP_429_TOO_MANY_REQUESTS, TOO_MANY_LOGINS)
    user = web.users.check_password(name, body.password)
    if user is None:
        web.conversations.refused(Channel.WEB, Denial.BAD_LOGIN, who=who, shown=BAD_LOGIN)
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, BAD_LOGIN)
    hours = web.settings.web.session_hours
    token = web.users.start_session(user, hours)
    # SameSite=Strict: another site cannot make a logged-in browser send questions or uploads.
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=hours * 3600,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return Me(name=user.name, role=user.role.value)


@router.post("/logout")
def logout(request: Request, response: Response, web: WebDep) -> dict[str, bool]:
    if token := request.cookies.get(SESSION_COOKIE):
        web.users.end_session(token)
    response.delete_cookie(SESSION_COOKIE)
    return {"ok": True}
