"""Follow-ups over a statistics table the last answer quoted a cell of (``answer.cells``): another row keeps the
column (雾岭州呢), another column keeps the row and the rest of the column path (非职务占多少 after the 2030 合计 is the
2030 非职务 column, not the cumulative one), 哪个州市最多 picks the row, and a row the table lacks is refused.

The questions are paraphrases written for these tests; the tables are the synthetic ones in ``tests/data/tables``
(a province and places no bank holds).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jzbot.answer.cells import parse
from tests.test_followup import talk
from tests.test_tables import TABLES

OWN = Path(__file__).resolve().parent / "data" / "conversation_tables"  # tables written for these tests


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory, fake_embeddings):
    from tests.conftest import indexed_with

    return indexed_with(tmp_path_factory, fake_embeddings, TABLES, OWN)


@pytest.mark.parametrize(
    ("sentence", "cell"),
    [
        ("雾岭州：2030年非职务2872，占19.4%。", ("雾岭州", "2030年非职务", 2872.0, True)),
        ("全省：研发经费2316570万元。", ("全省", "研发经费", 2316570.0, False)),
        ("联系电话：0871-5551234。", None),  # digits before the value: no column path, no cell
        ("全省科技活动稳步推进，新增项目12个。", None),
    ],
)
def test_a_cell_sentence_is_read_as_row_column_and_value(sentence: str, cell: object) -> None:
    assert parse(sentence) == cell


def test_another_column_keeps_the_row_and_the_column_group(assistant) -> None:
    first, share = talk(assistant, "云川2030年全省合计实用新型申请量多少件", "其中非职务占多少")
    assert first.found and "96410" in first.answer
    # the 2030 group's 非职务 cell of the same row (and its whole), not the cumulative 279179
    assert share.found and "25130" in share.answer and "26.1%" in share.answer
    assert "279179" not in share.answer


def test_another_row_keeps_the_column(assistant) -> None:
    *_, row = talk(assistant, "云川2030年全省合计实用新型申请量多少件", "其中非职务占多少", "雾岭州呢")
    assert row.found and "2872" in row.answer and "14802" in row.answer  # the share, with the whole it is of
    assert "25130" not in row.answer


def test_a_cumulative_column_stays_cumulative(assistant) -> None:
    first, service = talk(assistant, "云川年报里雾岭州历年累计实用新型申请量多少件", "职务的呢")
    assert first.found and "120884" in first.answer
    assert service.found and "90115" in service.answer and "11930" not in service.answer


def test_a_row_the_table_lacks_is_refused(assistant) -> None:
    *_, other = talk(assistant, "云川年报里雾岭州历年累计实用新型申请量多少件", "职务的呢", "滇北州呢")
    assert not other.found


def test_which_row_holds_the_most(assistant) -> None:
    first, most = talk(assistant, "云川统计年鉴规上工业企业研发经费全省多少万元", "新产品项目数哪个州市最多")
    assert first.found and "2316570" in first.answer
    assert most.found and "雾岭州" in most.answer and "2310" in most.answer and "9214" not in most.answer


def test_an_aspect_asks_its_column_and_a_head_noun_names_one(assistant) -> None:
    first, growth, city, fastest = talk(
        assistant,
        "2031年一季度青岚全省规上工业研发费用多少亿元",
        "同比增长多少",  # no column named: the table's 增速 column, of the same row
        "桐溪的研发费用呢",  # 研发费用 ends the column 规上工业研发费用
        "哪个市增速最高",
    )
    assert first.found and "157.39" in first.answer
    assert growth.found and "7.3%" in growth.answer
    assert city.found and "88.12" in city.answer
    assert fastest.found and "鹿川" in fastest.answer and "13.6" in fastest.answer
