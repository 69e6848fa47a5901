"""One conversation through every channel gives the same answers: the REST API and /v1 through a real uvicorn
driven by httpx, the Telegram bot through the real python-telegram-bot stack against the Bot API double.

The web page and the REST API keep the conversation by its id, Telegram by its chat; a /v1 client sends the
whole history (jzbot's replies with their 出处 blocks included), which is replayed into the same state.
"""

from __future__ import annotations

import asyncio

import httpx
import pytest

from jzbot.answer.thread import SOURCES_HEADING
from jzbot.channels.http.app import create_app
from jzbot.channels.telegram.app import build_application
from jzbot.config import TelegramSettings, WebSettings
from jzbot.conversation.identity import Role
from jzbot.history.audit import AuditLog
from jzbot.services import build_services
from tests.conftest import make_settings
from tests.helpers.telegram_double import TelegramDouble
from tests.helpers.web import WebServer
from tests.test_telegram import running

pytestmark = pytest.mark.slow
STAFF = 2
# A figure, its rank, the year before (which the report lacks), the document itself, a widening of it.
CONVERSATION = ["2023年全市技术合同成交额多少", "在全省位次如何", "前一年的呢", "这份报告的文号是多少"]


def _answer_part(content: str) -> str:
    at = content.rfind("\n\n" + SOURCES_HEADING)
    return content if at < 0 else content[:at]


def test_one_conversation_gives_the_same_answers_in_every_channel(tmp_path, assistant) -> None:
    audit = AuditLog(tmp_path / "audit.sqlite")
    settings = make_settings(tmp_path / "data", assistant.settings.knowledge_dir)
    app = create_app(build_services(settings, assistant=assistant, audit=audit))
    _, key = app.state.web.users.add("zhou", Role.STAFF)
    api: list[dict] = []
    v1: list[dict] = []
    with (
        WebServer(app) as server,
        httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {key}"}, timeout=60) as client,
    ):
        messages: list[dict[str, str]] = []
        for question in CONVERSATION:
            r = client.post("/api/ask", json={"question": question, "conversation_id": "c-1"})
            assert r.status_code == 200
            api.append(r.json()["answer"])
            messages.append({"role": "user", "content": question})
            r = client.post("/v1/chat/completions", json={"model": "jzbot", "messages": messages})
            assert r.status_code == 200
            body = r.json()
            content = body["choices"][0]["message"]["content"]
            messages.append({"role": "assistant", "content": content})
            v1.append({"answer": _answer_part(content), **body["jzbot"]})

    double = TelegramDouble()
    urls = double.start()
    try:
        tg_settings = make_settings(
            tmp_path / "data",
            assistant.settings.knowledge_dir,
            telegram=TelegramSettings(
                token="123456:TEST-TOKEN",
                base_url=urls[0],
                base_file_url=urls[1],
                allowed_users={STAFF},
                rate_limit_per_minute=100,
                stream_edit_interval=0.0,
            ),
        ).model_copy(update={"knowledge_dir": tmp_path / "k"})

        async def scenario() -> None:
            bot = build_application(build_services(tg_settings, assistant=assistant, audit=audit))
            async with running(bot):
                for n, question in enumerate(CONVERSATION, 1):
                    double.push_message(STAFF, question)
                    await asyncio.to_thread(
                        double.wait_for, lambda n=n: len(double.sent("sendMessage", STAFF)) >= n, 60
                    )

        asyncio.run(scenario())
    finally:
        double.stop()

    def asked(channel: str) -> list[str]:
        return [r["answer"] for r in audit.rows() if r["channel"] == channel and r["kind"] == "ask"]

    assert [a["answer"] for a in api] == [a["answer"] for a in v1] == asked("web") == asked("openai")
    assert asked("telegram") == asked("web")
    assert [a["resolved_question"] for a in api] == [a["resolved_question"] for a in v1]
    # and the conversation was followed: the rank of the same indicator, an honest refusal, the report's 文号
    first, rank, before, number = api
    assert "53.85亿元" in first["answer"] and "第5位" in rank["answer"]
    assert "技术合同成交额" in (rank["resolved_question"] or "")
    assert not before["found"] and "53.85" not in before["answer"]
    assert number["found"] and "焦科组〔2024〕5号" in number["answer"]
    assert "53.85亿元" in double.sent("sendMessage", STAFF)[0]["text"]


def test_v1_rate_limit_says_when_to_retry(tmp_path, assistant) -> None:
    settings = make_settings(
        tmp_path / "data", assistant.settings.knowledge_dir, web=WebSettings(rate_limit_per_minute=1)
    )
    app = create_app(build_services(settings, assistant=assistant, audit=AuditLog(tmp_path / "a.sqlite")))
    _, key = app.state.web.users.add("wu", Role.STAFF)
    body = {"model": "jzbot", "messages": [{"role": "user", "content": "高企累计多少家"}]}
    with (
        WebServer(app) as server,
        httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {key}"}, timeout=60) as client,
    ):
        assert client.post("/v1/chat/completions", json=body).status_code == 200
        limited = client.post("/v1/chat/completions", json=body)
    assert limited.status_code == 429 and limited.headers["retry-after"].isdigit()
    assert limited.json()["error"]["code"] == "rate_limit_exceeded"
