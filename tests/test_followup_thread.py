"""What a follow-up lacks, filled from the last answer's evidence and frame: a count asked in a measure word
(实际有几人, 多少人次参加) that the last quote states under other words (实有15人, 260人(次)); a new topic said
alone after an aspect question (产值呢 after 排第几) asks the topic's figure when the document ranks only the
other; a mailbox asked when the answering sentence only names one (发送至指定邮箱); a class of cities by rank
(副省级城市) is no place of its own.

The questions are paraphrases written for these tests (no question bank holds them); the knowledge is the bundled
report, the test corpus and a synthetic county report (tests/data/conversation/yanxi-report.txt).
"""

from __future__ import annotations

import pytest

from jzbot.answer.frame import Slot, read
from jzbot.assistant import Assistant
from tests.conftest import DATA
from tests.test_followup import knowing, talk


@pytest.fixture(scope="module")
def chat(tmp_path_factory: pytest.TempPathFactory, fake_embeddings) -> Assistant:
    return knowing(tmp_path_factory, fake_embeddings, DATA / "conversation" / "yanxi-report.txt")


def test_a_count_the_last_quote_states_under_other_words(chat) -> None:
    staff, actual = talk(chat, "雁溪县科技局核定编制多少名", "那实际有几人")
    assert staff.found and "17名" in staff.answer
    assert actual.found and "实有15人" in actual.answer and "招录1人" not in actual.answer


def test_a_count_in_a_bracketed_measure(chat) -> None:
    _, times = talk(chat, "雁溪县科技局法治专题培训办了几场", "多少人次参加的")
    assert times.found and "260人(次)" in times.answer


def test_a_count_of_something_the_quote_does_not_say_is_not_taken_from_it(chat) -> None:
    _, women = talk(chat, "雁溪县科技局核定编制多少名", "其中女干部有几人")
    assert "实有15人" not in women.answer


def test_a_new_topic_after_a_rank_asks_its_figure(chat) -> None:
    _, rank, value = talk(chat, "雁溪县高新技术企业有多少家", "在全市排第几", "高新技术产业产值呢")
    assert rank.found and "第4位" in rank.answer
    assert value.found and "215.3亿元" in value.answer


def test_a_mailbox_the_answering_sentence_only_names(chat) -> None:
    _, mail = talk(chat, "雁溪县年度法治工作总结什么时候前报送", "电子版发到哪个邮箱")
    assert mail.found and "yxkjfz@example.cn" in mail.answer


def test_a_class_of_cities_by_rank_is_no_place(chat) -> None:
    reader = chat.engine().reader
    pieces = read("研发投入强度呢，在副省级城市中排第几", reader)
    assert not any(p.slot is Slot.PLACE for p in pieces)
    assert any(p.slot is Slot.PLACE for p in read("雁溪县呢，排第几", reader))


def test_the_report_says_is_the_conversations_document(chat) -> None:
    _, said = talk(chat, "雁溪县科技局核定编制多少名", "报告里说执法和普法还存在哪些不足")
    assert said.found and "规范性文件合法性审核" in said.answer
    assert any(p.slot is Slot.REFER for p in read("文件中提到的下一步安排有哪些", chat.engine().reader))


def test_an_ordinal_counts_the_points_the_passage_numbers(chat) -> None:
    *_, third = talk(
        chat, "雁溪县科技局核定编制多少名", "报告里说执法和普法还存在哪些不足", "第三个不足具体是什么"
    )
    assert third.found and "普法宣传形式较为单一" in third.answer and "合法性审核" not in third.answer


def test_stepping_through_the_numbered_points(chat) -> None:
    *_, first = talk(
        chat,
        "雁溪县科技局核定编制多少名",
        "报告里说执法和普法还存在哪些不足",
        "第三个不足具体是什么",
        "那第一个呢",
    )
    assert first.found and "执法人员专业培训偏少" in first.answer and "普法宣传" not in first.answer
    assert "新进人员" in first.answer  # the point runs to the next one: its own sentences with it
