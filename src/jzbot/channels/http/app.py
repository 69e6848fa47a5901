"""The FastAPI application: REST (/api), OpenAI-compatible (/v1), the web page (/), over one ``Services``.

Usage: ``jzbot serve [--host H] [--port P]``; OpenAPI docs at /docs.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from jzbot._version import __version__
from jzbot.channels.http import api, openai_api, pages, upkeep
from jzbot.channels.http.deps import Web
from jzbot.channels.http.guard import Defences, Guard
from jzbot.channels.http.invalid import safe_errors
from jzbot.channels.http.jobs import Jobs
from jzbot.errors import JzbotError
from jzbot.services import Services


def _openai_error(status: int, message: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    # The shape OpenAI clients parse, so Cherry Studio & co. show the message itself; the route's headers
    # (Retry-After on 429, WWW-Authenticate on 401) go with it, as on /api.
    kind = {401: "invalid_api_key", 403: "permission_denied", 429: "rate_limit_exceeded"}.get(
        status, "invalid_request"
    )
    sent = dict(headers or {})
    if status == 401:
        sent.setdefault("WWW-Authenticate", "Bearer")
    return JSONResponse(
        {"error": {"message": message, "type": "invalid_request_error", "code": kind}},
        status_code=status,
        headers=sent or None,
    )


def create_app(services: Services) -> FastAPI:
    """The web page, /api and /v1 over ``services`` (from ``build_services``)."""
    settings = services.settings
    if settings.web.admin_password is not None and settings.web.admin_password.get_secret_value():
        services.users.ensure_admin(settings.web.admin_password.get_secret_value())
    jobs = Jobs(services.library)
    defences = Defences.build(services.audit, settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        chores = asyncio.create_task(
            upkeep.keep_up(services.audit, services.users, defences, settings.telegram.audit_retention_days)
        )
        yield
        chores.cancel()
        defences.failures.flush()
        jobs.shutdown()

    app = FastAPI(
        title="jzbot",
        version=__version__,
        lifespan=lifespan,
        description=f"{settings.home_org}知识库助手：带出处的回答、文号查询、公文起草。"
        " Every route but /, /login, /healthz and these docs needs a Bearer API key"
        " or the login cookie.",
        # The docs list every route to whoever asks: served only when an operator turns them on.
        docs_url="/docs" if settings.web.api_docs else None,
        redoc_url=None,
        openapi_url="/openapi.json" if settings.web.api_docs else None,
    )
    app.state.defences = defences
    app.add_middleware(Guard)
    app.state.web = Web(services=services, jobs=jobs)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        if request.url.path.startswith("/v1/"):
            return _openai_error(exc.status_code, str(exc.detail), exc.headers)
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = safe_errors(exc.errors())
        if request.url.path.startswith("/v1/"):
            return _openai_error(400, json.dumps(errors, ensure_ascii=False))
        return JSONResponse({"detail": errors}, status_code=422)

    @app.exception_handler(JzbotError)
    async def jzbot_error(request: Request, exc: JzbotError) -> JSONResponse:
        # Staff-safe messages (an unreachable Chroma server, say): 503, and the page shows the text.
        if request.url.path.startswith("/v1/"):
            return _openai_error(503, str(exc))
        return JSONResponse({"detail": str(exc)}, status_code=503)

    @app.get("/healthz", tags=["health"])
    async def healthz() -> dict[str, str]:  # async: answered on the event loop even when every thread is busy
        return {"status": "ok", "version": __version__}

    app.include_router(api.router)
    app.include_router(openai_api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=str(pages.STATIC)), name="static")
    return app
