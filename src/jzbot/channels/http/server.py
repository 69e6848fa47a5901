"""``jzbot serve``: one uvicorn process over the services ``build_services`` wires."""

from __future__ import annotations

import logging

import uvicorn

from jzbot.channels.http.app import create_app
from jzbot.config import Settings
from jzbot.services import build_services

log = logging.getLogger(__name__)


def run(settings: Settings, host: str, port: int) -> None:
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
    uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=True)
