"""``jzbot serve``: one uvicorn process over the services ``build_services`` wires."""

from __future__ import annotations

import logging

import uvicorn

from jzbot.channels.http.app import create_app
from jzbot.config import Settings
from jzbot.filemodes import make_private
from jzbot.services import build_services

log = logging.getLogger(__name__)


def uvicorn_options(settings: Settings) -> dict[str, object]:
    """Proxy headers are believed only from configured proxies: otherwise any client could name its own
    address in X-Forwarded-For and escape the per-address limits (or pin them on someone else)."""
    proxies = settings.web.trusted_proxies
    return {"proxy_headers": bool(proxies), "forwarded_allow_ips": proxies or "", "server_header": False}


def run(settings: Settings, host: str, port: int) -> None:
    make_private(settings.data_dir)
    services = build_services(settings)
    services.prepare()
    app = create_app(services)
    if not services.users.list():
        print(
            "还没有用户：请运行 `jzbot user add admin --role admin` 创建管理员（会显示其 API key），"
            "或设置 JZBOT_WEB__ADMIN_PASSWORD。 / No users yet: run `jzbot user add admin --role admin`"
            " or set JZBOT_WEB__ADMIN_PASSWORD.",
            flush=True,
        )
    uvicorn.run(app, host=host, port=port, log_level="info", **uvicorn_options(settings))  # type: ignore[arg-type]
