"""Generative mode with the real ChatOpenAI client against a local OpenAI-compatible double."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jzbot.config import LLMSettings
from tests.conftest import make_settings
from tests.helpers.openai_double import OpenAIDouble, Reply


@pytest.fixture()
def llm(tmp_path_factory: pytest.TempPathFactory):
    double = OpenAIDouble()
    url = double.start()
    yield double, url
    double.stop()


@pytest.fixture()
def gen_assistant(llm, assistant, embeddings):
    """An LLM-configured assistant over the same index as the shared extractive one."""
    from jzbot.assistant import Assistant

    double, url = llm
    settings = make_settings(
        assistant.settings.data_dir,
        llm=LLMSettings(base_url=url, model="test-model", timeout=3, max_retries=0),
    )
    return double, Assistant.indexed(settings, embeddings=embeddings)


def _marker_of(hit_text: str, double: OpenAIDouble) -> int:
    """The [n] under which the double's last prompt listed the chunk containing ``hit_text``."""
    prompt = double.requests[-1]["messages"][-1]["content"]
    for n, block in re.findall(r'<资料 编号="(\d+)">\n(.*?)\n</资料>', prompt, flags=re.S):
        if hit_text in block:
            return int(n)
    raise AssertionError(f"{hit_text} not in prompt")


def _prime(double: OpenAIDouble, call, question: str, hit_text: str) -> int:
    """Ask once to learn which [n] the prompt gives the chunk holding ``hit_text``."""
    double.enqueue("placeholder")
    call(question)
    return _marker_of(hit_text, double)


def test_generated_answer_is_cited_and_checked(gen_assistant) -> None:
    double, a = gen_assistant
    n = _prime(double, a.ask, "全市技术合同成交额是多少？", "53.85亿元")
    double.enqueue(f"2023年，全市技术合同成交额达到53.85亿元，居全省第5位[{n}]。")
    ans = a.ask("全市技术合同成交额是多少？")
    assert ans.mode == "llm" and ans.found
    assert ans.answer == "2023年，全市技术合同成交额达到53.85亿元，居全省第5位[1]。"
    assert ans.citations[0].marker == 1 and "53.85亿元" in ans.citations[0].quote
    assert double.requests[-1]["model"] == "test-model"
    assert "只能依据下面编号的资料回答" in double.requests[-1]["messages"][0]["content"]


def test_invented_figure_is_removed(gen_assistant) -> None:
    double, a = gen_assistant
    n = _prime(double, a.ask, "全市技术合同成交额是多少？", "53.85亿元")
    double.enqueue(f"全市技术合同成交额53.85亿元[{n}]。同比增长27.3%[{n}]。")
    ans = a.ask("全市技术合同成交额是多少？")
    assert "27.3" not in ans.answer and "53.85" in ans.answer
    assert ans.mode == "llm" and any("核实" in note for note in ans.notes)


def test_only_invented_figures_falls_back_to_extractive(gen_assistant) -> None:
    double, a = gen_assistant
    double.enqueue("全市技术合同成交额为61.2亿元[1]。")
    ans = a.ask("全市技术合同成交额是多少？")
    assert ans.mode == "extractive" and "53.85亿元" in ans.answer and "61.2" not in ans.answer
    assert any("原文摘录" in note for note in ans.notes)


def test_sentence_with_a_marker_pointing_nowhere_is_dropped(gen_assistant) -> None:
    double, a = gen_assistant
    n = _prime(double, a.ask, "法律顾问参加了几次研讨会？", "研讨会3次")
    double.enqueue(f"法律顾问参加研讨会3次[{n}]。法律顾问出具法律意见书2份[{n}][42]。")
    ans = a.ask("法律顾问参加了几次研讨会？")
    assert ans.mode == "llm" and "[42]" not in ans.answer and "意见书" not in ans.answer
    assert ans.answer.startswith("法律顾问参加研讨会3次[1]。") and "已删减" in ans.answer
    assert [c.marker for c in ans.citations] == [1]


@pytest.mark.parametrize("failure", [Reply(status=500), Reply(raw="{not json"), Reply("late", delay=30)])
def test_failures_fall_back_within_the_timeout(gen_assistant, failure: Reply) -> None:
    import time

    double, a = gen_assistant
    double.enqueue(failure, failure, failure)
    start = time.monotonic()
    ans = a.ask("科小备案入库了多少家？")
    assert time.monotonic() - start < 15  # timeout is 3 s; the late reply would take 30
    assert ans.mode == "extractive" and "680家" in ans.answer
    assert ans.answer.startswith("（大模型服务调用失败")


def test_refusal_does_not_call_the_model_for_absent_terms(gen_assistant) -> None:
    double, a = gen_assistant
    before = len(double.requests)
    ans = a.ask("2023年全市高新技术产业增加值是多少？")
    assert not ans.found and len(double.requests) == before


def test_streaming_yields_verified_sentences(gen_assistant) -> None:
    double, a = gen_assistant
    n = _prime(double, a.ask, "全市技术合同成交额是多少？", "53.85亿元")
    double.enqueue(f"全市技术合同成交额53.85亿元[{n}]。另据测算增长99%[{n}]。居全省第5位[{n}]。")
    items = list(a.ask_stream("全市技术合同成交额是多少？"))
    partial, final = items[:-1], items[-1]
    assert partial and all("99" not in p for p in partial)
    assert final.mode == "llm" and "99%" not in final.answer and "第5位" in final.answer
    assert double.requests[-1]["stream"] is True


def test_generated_draft_and_followup_rewrite(gen_assistant) -> None:
    double, a = gen_assistant
    n = _prime(double, a.draft, "起草一段关于科技人才引育工作的总结", "科研助理岗位373名")
    text = (
        f"一年来，我局坚持人才引领发展，开发科研助理岗位373名，完成全年目标的163%[{n}]。"
        f"新入选中原英才计划科技创新人才8人，总数达到29人[{n}]。评选市派产业科技特派员106人，服务农业生产一线[{n}]。"
    )
    double.enqueue(text)
    d = a.draft("起草一段关于科技人才引育工作的总结")
    assert d.mode == "llm" and len(d.answer) >= 80 and "373名" in d.answer

    double.enqueue("2022年全市技术合同成交额是多少？")
    ans = a.ask("那去年呢？", history=["2023年全市技术合同成交额是多少？"])
    assert not ans.found and "2022" in ans.answer
    assert ans.notes and "2022年全市技术合同成交额" in ans.notes[0]
    assert "追问" in double.requests[-1]["messages"][-1]["content"]


def test_followup_without_llm(assistant) -> None:
    ans = assistant.ask("那累计呢？", history=["高新技术企业净增多少家？"])
    assert "474家" in ans.answer


def test_prompts_are_validated(tmp_path: Path) -> None:
    from jzbot.answer import prompts
    from jzbot.errors import PromptError

    (tmp_path / "llm.yaml").write_text("answer_user: '{question}'\n", encoding="utf-8")
    with pytest.raises(PromptError):
        prompts.load("llm.yaml", tmp_path)
    t = prompts.load("llm.yaml")["answer_user"]
    with pytest.raises(PromptError):
        t.render(question="x")
