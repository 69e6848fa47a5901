"""The official `openai` client against /v1, plain and streaming: what Cherry Studio or Open WebUI would do."""

from __future__ import annotations

import openai
import pytest

from jzbot.channels.http.app import create_app
from jzbot.conversation.identity import Role
from jzbot.history.audit import AuditLog
from jzbot.services import build_services
from tests.conftest import make_settings
from tests.helpers.web import WebServer

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def v1(tmp_path_factory: pytest.TempPathFactory, assistant):
    data = tmp_path_factory.mktemp("v1")
    audit = AuditLog(data / "audit.sqlite")
    app = create_app(
        build_services(
            make_settings(data, assistant.settings.knowledge_dir), assistant=assistant, audit=audit
        )
    )
    _, key = app.state.web.users.add("chen", Role.STAFF)
    with WebServer(app) as server:
        yield (
            openai.OpenAI(base_url=f"{server.url}/v1", api_key=key, max_retries=0, timeout=60),
            server,
            audit,
        )


def test_models_list_jzbot(v1) -> None:
    client, _, _ = v1
    assert [m.id for m in client.models.list()] == ["jzbot"]


def test_chat_completion_lists_sources_under_the_answer(v1) -> None:
    client, _, audit = v1
    done = client.chat.completions.create(
        model="jzbot",
        messages=[{"role": "system", "content": "你是助手"}, {"role": "user", "content": "高企累计多少家"}],
    )
    text = done.choices[0].message.content or ""
    assert (
        "474" in text
        and "出处" in text
        and "焦科组〔2024〕5号" in text
        and done.choices[0].finish_reason == "stop"
    )
    extra = done.model_extra or {}
    assert any("474" in c["quote"] for c in extra["citations"])
    assert extra["jzbot"]["found"] is True and extra["jzbot"]["refusal"] is None
    assert audit.rows()[-1]["channel"] == "openai" and audit.rows()[-1]["user_name"] == "chen"


def test_streaming_deltas_add_up_to_the_cited_answer(v1) -> None:
    client, _, _ = v1
    stream = client.chat.completions.create(
        model="jzbot",
        stream=True,
        messages=[{"role": "user", "content": [{"type": "text", "text": "科小备案入库了多少家？"}]}],
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert "680家" in text and "出处" in text
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert (chunks[-1].model_extra or {})["citations"]


def test_the_client_sends_the_conversation_for_follow_ups(v1) -> None:
    client, _, _ = v1
    first = "2023年全市技术合同成交额是多少？"
    with_history = client.chat.completions.create(
        model="jzbot",
        messages=[
            {"role": "user", "content": first},
            {"role": "assistant", "content": "53.85亿元"},
            {"role": "user", "content": "那去年呢？"},
        ],
    )
    alone = client.chat.completions.create(
        model="jzbot", messages=[{"role": "user", "content": "那去年呢？"}]
    )
    assert (with_history.model_extra or {})["jzbot"]["notes"]
    assert with_history.choices[0].message.content != alone.choices[0].message.content


def test_refusal_and_bad_key(v1) -> None:
    client, server, _ = v1
    absent = client.chat.completions.create(
        model="jzbot", messages=[{"role": "user", "content": "2023年全市工业增加值是多少？"}]
    )
    assert (absent.model_extra or {})["jzbot"]["found"] is False and not (absent.model_extra or {})[
        "citations"
    ]
    stranger = openai.OpenAI(base_url=f"{server.url}/v1", api_key="jzb_wrong", max_retries=0)
    with pytest.raises(openai.AuthenticationError) as err:
        stranger.chat.completions.create(
            model="jzbot", messages=[{"role": "user", "content": "高企累计多少家"}]
        )
    assert "API key" in str(err.value) and "474" not in str(err.value)


def test_with_a_model_behind_it_verified_sentences_stream_as_deltas(tmp_path, assistant, embeddings) -> None:
    """A generative jzbot (its LLM an OpenAI double) streams through /api/ask and /v1 sentence by sentence."""
    import httpx

    from jzbot.assistant import Assistant
    from jzbot.config import LLMSettings
    from tests.helpers.openai_double import OpenAIDouble

    llm = OpenAIDouble()
    url = llm.start()
    try:
        settings = make_settings(
            assistant.settings.data_dir, llm=LLMSettings(base_url=url, timeout=5, max_retries=0)
        )
        gen = Assistant(settings, embeddings=embeddings)
        hits = gen.retriever.search(gen.vocab.expand("全市技术合同成交额是多少"))
        n = next(i for i, h in enumerate(hits[:6], start=1) if "53.85" in h.chunk.text)
        script = f"全市技术合同成交额53.85亿元[{n}]。" + "该指标居全省第5位" + f"[{n}]。"
        llm.enqueue(script, script)
        app = create_app(
            build_services(
                settings.model_copy(update={"data_dir": tmp_path}),
                assistant=gen,
                audit=AuditLog(tmp_path / "a.sqlite"),
            )
        )
        _, key = app.state.web.users.add("wu", Role.STAFF)
        with WebServer(app) as server:
            with httpx.Client(
                base_url=server.url, headers={"Authorization": f"Bearer {key}"}, timeout=60
            ) as c:
                body = c.post("/api/ask", json={"question": "全市技术合同成交额是多少", "stream": True}).text
            events = [b.splitlines()[0] for b in body.split("\n\n") if b.strip()]
            assert events.count("event: delta") >= 1 and events[-1] == "event: reply"
            client = openai.OpenAI(base_url=f"{server.url}/v1", api_key=key, max_retries=0, timeout=60)
            chunks = list(
                client.chat.completions.create(
                    model="jzbot",
                    stream=True,
                    messages=[{"role": "user", "content": "全市技术合同成交额是多少"}],
                )
            )
    finally:
        llm.stop()
    pieces = [c.choices[0].delta.content for c in chunks if c.choices and c.choices[0].delta.content]
    assert len(pieces) >= 2 and "第5位" in "".join(pieces) and "出处" in pieces[-1]
    assert (chunks[-1].model_extra or {})["jzbot"]["found"] is True
