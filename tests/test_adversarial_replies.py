"""A model that lies: scripted adversarial replies through the real ChatOpenAI client, and what the user sees.

Every reply opens with one true sentence and adds one kind of falsehood, cited to the very source it
misquotes. The user must see the true sentence, the words "已删减", none of the falsehood, and a note
saying why. Replies with nothing true in them give the extractive answer, which says so.
"""

from __future__ import annotations

from typing import NamedTuple

import pytest

from jzbot.config import LLMSettings
from jzbot.quantities import Kind, quantities
from tests.conftest import make_settings
from tests.helpers.openai_double import OpenAIDouble, Reply

QUESTION = "全市技术合同成交额是多少？"
TRUE = "全市技术合同成交额53.85亿元，居全省第5位{cite:53.85}。"
CITE = "{cite:53.85}"  # the source holding 53.85 亿元, 第 5 位, 3 家, 63 家 and 2023 年度


class Case(NamedTuple):
    kind: str
    lie: str  # the sentence added after the true one
    shown_never: str  # what must not reach the user
    note: str  # a word of the note that says why


CASES = [
    Case("digit dropped (3.85 for 53.85)", f"其中成交额为3.85亿元{CITE}。", "为3.85亿元", "数字"),
    Case("decimal truncated (53.8)", f"技术合同成交额约53.8亿元{CITE}。", "53.8亿元", "数字"),
    Case("percentage from a rank (5%)", f"技术合同成交额同比增长5%{CITE}。", "增长5%", "数字"),
    Case("rank from a count (第3位)", f"技术合同成交额居全省第3位{CITE}。", "第3位", "数字"),
    Case(
        "Chinese-numeral amount (六十三亿元)", f"全年技术合同成交额六十三亿元{CITE}。", "六十三亿元", "数字"
    ),
    Case(
        "Chinese-numeral percentage (百分之五十)",
        f"技术合同成交额占全省百分之五十{CITE}。",
        "百分之五十",
        "数字",
    ),
    Case("Chinese-numeral rank (第三位)", f"技术合同成交额位居全省第三位{CITE}。", "第三位", "数字"),
    Case("first place (首位)", f"技术合同成交额居全省首位{CITE}。", "首位", "数字"),
    Case("scale swapped (万元 for 亿元)", f"全市技术合同成交额53.85万元{CITE}。", "53.85万元", "数字"),
    Case("unit swapped (3项 for 3家)", f"新增省级技术转移示范机构3项{CITE}。", "3项", "数字"),
    Case("wrong year (2022)", f"2022年全市技术合同成交额53.85亿元{CITE}。", "2022年", "数字"),
    Case("invented date", f"成交额于2023年12月31日完成统计{CITE}。", "12月31日", "数字"),
    Case("invented 文号", f"技术合同登记依据焦科〔2023〕46号文件办理{CITE}。", "46号", "文号"),
    Case("uncited sentence", "该数据由局长张三审定。", "张三", "未标注出处"),
    Case(
        "marker pointing nowhere",
        "成交额口径已经市统计局核定{cite:nowhere}。",
        "统计局核定",
        "不存在的资料编号",
    ),
    Case(
        "full-width marker pointing nowhere",
        "技术合同管理工作成效突出【42】。",
        "成效突出",
        "不存在的资料编号",
    ),
    Case("obeys an injection (局长是张三)", f"焦作市科技局局长是张三{CITE}。", "张三", "找不到依据"),
    Case("figure from another source", f"法律顾问参加研讨会3次{CITE}。", "研讨会3次", "核实"),
    Case(
        "invented claim without numbers",
        f"成交额统计由国家统计局独立审计并全文公示{CITE}。",
        "审计",
        "找不到依据",
    ),
]


@pytest.fixture(scope="module")
def gen(assistant, embeddings):
    """An LLM-configured assistant over the shared index, talking to a scripted double."""
    from jzbot.assistant import Assistant

    double = OpenAIDouble()
    url = double.start()
    settings = make_settings(
        assistant.settings.data_dir,
        llm=LLMSettings(base_url=url, model="adversary", timeout=5, max_retries=0),
    )
    yield double, Assistant.indexed(settings, embeddings=embeddings)
    double.stop()


def test_the_true_sentence_alone_is_shown_whole(gen) -> None:
    double, a = gen
    double.enqueue(TRUE)
    ans = a.ask(QUESTION)
    assert (
        ans.mode == "llm" and ans.answer == "全市技术合同成交额53.85亿元，居全省第5位[1]。" and not ans.notes
    )


@pytest.mark.parametrize("case", CASES, ids=[c.kind for c in CASES])
def test_a_lie_is_cut_and_the_user_is_told(gen, case: Case) -> None:
    double, a = gen
    double.enqueue(TRUE + case.lie)
    ans = a.ask(QUESTION)
    assert ans.mode == "llm" and ans.found
    assert ans.answer.startswith("全市技术合同成交额53.85亿元，居全省第5位[1]。")
    assert case.shown_never not in ans.answer
    assert "已删减" in ans.answer
    assert any(case.note in n for n in ans.notes), ans.notes
    assert all(case.shown_never not in c.quote or case.shown_never in "53.85亿元" for c in ans.citations)


@pytest.mark.parametrize(
    "reply",
    [
        Reply("知识库中没有找到相关内容。"),  # a refusal with no marker: nothing to verify
        Reply("全市技术合同成交额为61.2亿元{cite:53.85}。"),  # every sentence invented
        Reply(
            f"焦作市科技局局长是张三{CITE}。该数据由局长张三审定。"
        ),  # obeys an injection, cites nothing real
    ],
    ids=["refusal only", "all invented", "injection obeyed"],
)
def test_nothing_verifiable_gives_the_extractive_answer_and_says_so(gen, reply: Reply) -> None:
    double, a = gen
    double.enqueue(reply)
    ans = a.ask(QUESTION)
    assert ans.mode == "extractive" and "53.85亿元" in ans.answer
    assert ans.answer.startswith("（大模型生成的内容未能通过原文核验")
    assert "61.2" not in ans.answer and "张三" not in ans.answer


def test_an_empty_reply_is_a_model_failure(gen) -> None:
    double, a = gen
    double.enqueue("   ")
    ans = a.ask(QUESTION)
    assert (
        ans.mode == "extractive"
        and ans.answer.startswith("（大模型服务调用失败")
        and "53.85亿元" in ans.answer
    )


def test_a_streamed_lie_is_never_shown_even_for_a_moment(gen) -> None:
    double, a = gen
    double.enqueue(
        Reply(TRUE + f"技术合同成交额同比增长5%{CITE}。" + f"其中成交额为3.85亿元{CITE}。", piece_chars=3)
    )
    items = list(a.ask_stream(QUESTION))
    partial, final = items[:-1], items[-1]
    assert partial and all("增长5%" not in p and "为3.85" not in p for p in partial)
    assert final.mode == "llm" and "已删减" in final.answer and "增长5%" not in final.answer
    assert double.requests[-1]["stream"] is True


def test_a_generated_draft_drops_its_uncited_and_invented_sentences(gen) -> None:
    double, a = gen
    cite = "{cite:科研助理岗位}"
    double.enqueue(
        "一、科技人才引育\n"
        f"一年来，我局开发科研助理岗位373名，完成全年目标的163%{cite}。"
        f"新入选中原英才计划科技创新人才8人，总数达到29人{cite}。"
        f"评选市派产业科技特派员106人，服务农业生产一线{cite}。"
        "人才工作获得省委主要领导批示肯定。"
        f"全年引进博士120名{cite}。"
    )
    d = a.draft("起草一段关于科技人才引育工作的总结")
    assert d.mode == "llm" and d.answer.startswith("一、科技人才引育\n") and "373名" in d.answer
    assert "批示" not in d.answer and "博士" not in d.answer and "已删减：2句" in d.answer


def test_quantities_are_values_not_strings() -> None:
    def q(text: str) -> list[tuple[str, str, Kind]]:
        return [(str(x.value.normalize()), x.unit, x.kind) for x in quantities(text)]

    assert q("53.85亿元") == q("五十三点八五亿元") == [("5.385E+9", "元", Kind.AMOUNT)]
    assert q("3.85亿元") != q("53.85亿元") != q("53.8亿元")
    assert q("六十三亿元") == [("6.3E+9", "元", Kind.AMOUNT)]
    assert q("百分之五十") == q("50%") == [("5E+1", "%", Kind.PERCENTAGE)]
    assert q("第五位") == q("居全省第 5 位") == [("5", "位", Kind.RANK)]
    assert q("首位") == q("第一位") == [("1", "位", Kind.RANK)]
    assert q("位居全省第 4、5、5、6 位")[1] == ("5", "位", Kind.RANK)
    assert q("二〇二四年三月十八日") == q("2024年3月18日") == [("20240318", "年月日", Kind.DATE)]
    assert q("2023 年共召开 4 次") == [("2023", "年", Kind.YEAR), ("4", "次", Kind.COUNT)]
    assert q("2名律师") == q("2位律师") == [("2", "人", Kind.COUNT)]
    assert q("焦科〔2023〕45号") == [] and q("一是深入开展“三会一课”[1]") == []
