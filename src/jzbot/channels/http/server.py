"""``jzbot serve``: one uvicorn process over one ``Assistant``."""

from __future__ import annotations

import logging

import uvicorn

from jzbot.assistant import Assistant
from jzbot.channels.http.app import create_app
from jzbot.config import Settings

log = logging.getLogger(__name__)


def run(settings: Settings, host: str, port: int) -> None:
    assistant = Assistant(settings)
    assistant.warm_up()  # the first user does not wait for the dictionary and the model
    assistant.start_worker()  # documents a stopped server left unembedded are embedded now, in the background
    app = create_app(assistant, settings)
    if not app.state.web.users.list():
        print(
            "还没有用户：请运行 `jzbot user add admin --role admin` 创建管理员（会显示其 API key），"
            "或设置 JZBOT_WEB__ADMIN_PASSWORD。 / No users yet: run `jzbot user add admin --role admin`"
            " or set JZBOT_WEB__ADMIN_PASSWORD.",
            flush=True,
        )
    uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=True)
