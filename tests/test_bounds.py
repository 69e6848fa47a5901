"""Bounded input and time: long or nonsense questions cost nothing, and every answer ends by its deadline."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading

import pytest
from langchain_core.embeddings import Embeddings

from jzbot.config import LLMSettings
from jzbot.models import Refusal
from tests.conftest import KNOWLEDGE, make_settings
from tests.helpers.openai_double import OpenAIDouble, Reply

QUESTION = "全市技术合同成交额是多少？"


class CountingEmbeddings(Embeddings):
    """The real model, counting what it is asked to embed."""

    def __init__(self, inner: Embeddings) -> None:
        self.inner = inner
        self.queries: list[str] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        self.queries.append(text)
        return self.inner.embed_query(text)


@pytest.fixture(scope="module")
def counted(assistant, embeddings):
    from jzbot.assistant import Assistant

    counter = CountingEmbeddings(embeddings)
    return counter, Assistant(make_settings(assistant.settings.data_dir), embeddings=counter)


@pytest.fixture()
def llm_assistant(assistant, embeddings):
    """An assistant whose model is a double; the test scripts it and sets the timeout."""
    from jzbot.assistant import Assistant

    double = OpenAIDouble()
    url = double.start()

    def build(timeout: float, max_retries: int = 0) -> Assistant:
        cfg = LLMSettings(base_url=url, model="m", timeout=timeout, max_retries=max_retries)
        a = Assistant(make_settings(assistant.settings.data_dir, llm=cfg), embeddings=embeddings)
        a.retriever.search(QUESTION)  # load the derived index now, not inside the first answer's budget
        return a

    yield double, build
    double.stop()


@pytest.mark.parametrize("size", [501, 10_000, 5 * 1024 * 1024])
def test_an_overlong_question_is_refused_before_anything_is_embedded(counted, size: int) -> None:
    counter, a = counted
    before = len(counter.queries)
    question = ("全市技术合同成交额是多少" * (size // 12 + 1))[:size]
    for answer in (a.ask(question), a.draft(question), list(a.ask_stream(question))[-1]):
        assert answer.refusal is Refusal.BAD_INPUT and not answer.found and not answer.citations
        assert f"问题过长（{size}字）" in answer.answer and "500字以内" in answer.answer
        assert len(answer.question) <= 501
    assert len(counter.queries) == before


def test_a_question_at_the_limit_and_an_empty_one(counted) -> None:
    counter, a = counted
    at_limit = ("请问" * 250)[: 500 - len(QUESTION)] + QUESTION
    assert a.ask(at_limit).refusal is not Refusal.BAD_INPUT and counter.queries
    empty = a.ask("   ")
    assert empty.refusal is Refusal.BAD_INPUT and empty.answer == "请输入问题。"


def test_the_limit_is_a_setting(assistant, embeddings) -> None:
    from jzbot.assistant import Assistant

    a = Assistant(
        make_settings(assistant.settings.data_dir, max_question_chars=10),
        embeddings=embeddings,
    )
    assert a.ask(QUESTION * 2).refusal is Refusal.BAD_INPUT and "10字以内" in a.ask(QUESTION * 2).answer


@pytest.mark.parametrize(
    "text",
    ["焦科〔99999〕0号", "焦科〔2023〕0号是什么文件？", "焦科〔2099〕3号", "焦科〔1900〕5号", "焦科[23]45号"],
)
def test_nonsense_document_numbers_are_refused(counted, text: str) -> None:
    _, a = counted
    for answer in (a.ask(text), a.lookup(text)):
        assert answer.refusal is Refusal.INVALID_DOCNO and not answer.found and not answer.citations
        assert "不是有效的发文字号" in answer.answer


def test_a_real_document_number_still_answers(counted) -> None:
    _, a = counted
    assert a.ask("焦科〔2023〕45号是什么文件？").found and a.lookup("焦科（2020）6号").found


def test_retries_happen_inside_the_deadline(llm_assistant) -> None:
    double, build = llm_assistant
    a = build(timeout=10, max_retries=2)
    double.enqueue(Reply(status=500), Reply(status=503), "全市技术合同成交额53.85亿元{cite:53.85}。")
    ans = a.ask(QUESTION)
    assert (
        ans.mode == "llm" and ans.answer == "全市技术合同成交额53.85亿元[1]。" and len(double.requests) == 3
    )


def test_failing_model_gets_exactly_its_retries_then_the_fallback(llm_assistant) -> None:
    double, build = llm_assistant
    a = build(timeout=10, max_retries=1)
    double.enqueue(*[Reply(status=500)] * 5)
    ans = a.ask(QUESTION)
    assert (
        ans.mode == "extractive"
        and ans.answer.startswith("（大模型服务调用失败")
        and len(double.requests) == 2
    )


def test_a_stalled_model_falls_back_at_the_deadline(llm_assistant) -> None:
    double, build = llm_assistant
    a = build(timeout=3, max_retries=3)
    double.enqueue(*[Reply("迟到的回答", delay=10)] * 4)
    ans = a.ask(QUESTION)
    assert (
        ans.mode == "extractive"
        and "53.85亿元" in ans.answer
        and ans.answer.startswith("（大模型服务调用失败")
    )
    assert len(double.requests) == 1  # no retry was started once the budget was spent on the first attempt
    assert all(t.daemon for t in threading.enumerate() if t.name.startswith("jzbot"))


def test_a_trickling_stream_falls_back_at_the_deadline(llm_assistant) -> None:
    double, build = llm_assistant
    a = build(timeout=1.5)
    slow = "全市技术合同成交额53.85亿元{cite:53.85}。" * 40  # 40 sentences, one piece every 0.3 s
    double.enqueue(Reply(slow, piece_delay=0.3, piece_chars=5))
    items = list(a.ask_stream(QUESTION))
    final = items[-1]
    assert (
        final.mode == "extractive"
        and final.answer.startswith("（大模型服务调用失败")
        and "53.85亿元" in final.answer
    )
    assert all(isinstance(i, str) for i in items[:-1])  # what was shown before was verified text only
    assert all(t.daemon for t in threading.enumerate() if t.name.startswith("jzbot"))


def _cli(args: list[str], data_dir, stdin: bytes, **env: str) -> subprocess.CompletedProcess[bytes]:
    full_env = {**os.environ, "JZBOT_DATA_DIR": str(data_dir), "JZBOT_KNOWLEDGE_DIR": str(KNOWLEDGE), **env}
    # The timeout only guards the test run: an ask that lingered after answering would exceed it.
    return subprocess.run(
        [sys.executable, "-m", "jzbot", *args], input=stdin, capture_output=True, env=full_env, timeout=120
    )


@pytest.mark.slow
def test_ask_batch_answers_every_line_and_exits_when_the_model_stalls(assistant) -> None:
    double = OpenAIDouble()
    url = double.start()
    double.default = Reply("迟到的回答", delay=60)
    try:
        lines = (
            "科小备案入库了多少家？\n".encode()
            + b"\xff\xfe bad \xc3\n"
            + f"{QUESTION}\n".encode()
            + "焦科〔99999〕0号\n".encode()
        )
        proc = _cli(
            ["ask", "--json", "-"],
            assistant.settings.data_dir,
            lines,
            JZBOT_LLM__BASE_URL=url,
            JZBOT_LLM__TIMEOUT="2",
            JZBOT_LLM__MAX_RETRIES="3",
        )
    finally:
        double.stop()
    assert proc.returncode == 0, proc.stderr.decode()
    rows = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert len(rows) == 4
    assert "680家" in rows[0]["answer"] and rows[0]["answer"].startswith("（大模型服务调用失败")
    assert rows[1]["refusal"] == "bad_input" and "第2行不是有效的 UTF-8" in rows[1]["answer"]
    assert "53.85亿元" in rows[2]["answer"]
    assert rows[3]["refusal"] == "invalid_docno"
