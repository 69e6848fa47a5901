"""Statistics tables as they arrive (a yearbook page stored as text, a sheet): read by their layout, every cell
stated with its row, its column(s) and its unit, and asked cell by cell.

The tables in ``tests/data/tables`` are synthetic (a province and places no bank holds), in the shapes real
yearbook pages take: a unit on a wrapped line of its own, ``#`` sub-items, two header rows with one header cell per
line, an English share line under each row, a wrapped column header with its units on the next line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jzbot.ingest.formats import layout
from jzbot.ingest.formats.tables import Table, pipe_table_blocks, table_blocks

TABLES = Path(__file__).resolve().parent / "data" / "tables"


def _rows(name: str) -> list[str]:
    text = next(TABLES.glob(f"*{name}*")).read_text(encoding="utf-8")
    return [b.text for b in pipe_table_blocks(text) if b.table]


def test_a_unit_on_a_line_of_its_own_is_the_unit_of_the_row_above_not_the_end_of_the_table() -> None:
    rows = _rows("表9-4")
    assert "2026年科普讲座受众90.2万人次。" in rows
    # The rows under the wrapped unit are still the same table, under the same years (no 15.22.3 glued cells).
    assert "2028年科普讲座受众中线上受众52.6万人次。" in rows
    assert not any(".2" in r.split("年", 1)[0] for r in rows)


def test_sub_items_are_said_under_the_row_they_belong_to_with_its_unit() -> None:
    rows = _rows("表9-4")
    assert "2027年科普场馆中科技馆13个。" in rows  # #科技馆: a part of 科普场馆 (个)
    assert "2025年科普场馆中科学技术博物馆29个。" in rows  # the unmarked row after it is a part too
    assert "2028年科普经费筹集额中自筹资金1.19亿元。" in rows
    assert "2025年科普经费筹集额3.15亿元。" in rows  # a row with its own unit is a new indicator


def test_a_table_title_and_a_bar_named_in_prose_are_not_rows() -> None:
    text = next(TABLES.glob("*表9-4*")).read_text(encoding="utf-8")
    blocks = pipe_table_blocks(text)
    assert {b.table for b in blocks if b.table} == {"9-4 科普活动基本情况"}
    prose = "\n".join(b.text for b in blocks if not b.table)
    assert '以"|"分隔' in prose  # the storage note is text, not a table line
    assert "注:统计范围为省属及各市科普机构。" in prose and "|" not in prose.split("\n", 1)[1]


def test_two_header_rows_one_cell_per_line_and_english_share_lines() -> None:
    rows = _rows("表6")
    assert rows[6:12] == [
        "雾岭州：历年累计合计120884。",
        "雾岭州：历年累计职务90115，占74.5%。",  # the English line under the row: its shares
        "雾岭州：历年累计非职务30769，占25.5%。",
        "雾岭州：2030年合计14802。",
        "雾岭州：2030年职务11930，占80.6%。",
        "雾岭州：2030年非职务2872，占19.4%。",
    ]
    assert not any(r.startswith(("Total", "Wuling", "合计")) for r in rows)


def test_a_wrapped_column_header_and_its_unit_line() -> None:
    rows = _rows("表9-7")
    assert rows[:3] == [
        "全省：研发人员折合全时48120人年。",
        "全省：研发经费2316570万元。",
        "全省：新产品项目数9214项。",
    ]
    assert rows[6].startswith("澄溪市：")  # 澄 溪 市: a page's letter-spacing is not part of the name


def test_a_table_stored_one_cell_per_line_is_read_back_into_rows() -> None:
    rows = _rows("政府信息公开")
    assert rows == [
        "部门规章：本年新制作件数0。",
        "部门规章：本年失效件数0。",
        "部门规章：仍然有效件数0。",
        "规范性文件：本年新制作件数3。",
        "规范性文件：本年失效件数1。",
        "规范性文件：仍然有效件数7。",
    ]
    text = next(TABLES.glob("*政府信息公开*")).read_text(encoding="utf-8")
    prose = "\n".join(b.text for b in pipe_table_blocks(text) if not b.table)
    assert "本年度共收到政府信息公开申请4件" in prose and "规范性文件" not in prose


def test_an_annual_report_s_year_without_nian_is_its_year() -> None:
    from jzbot.ingest.pipeline import parse_file

    path = next(TABLES.glob("*表6*"))
    meta, _ = parse_file(path, path.name)
    assert meta.year == 2030  # 2030云川知识产权统计年报


def test_a_sheet_row_label_carries_its_unit_and_an_english_translation() -> None:
    table = Table(
        "5-2 2028-2029年孵化载体情况",
        ["指标 Item", "2028", "2029"],
        [
            ["在孵企业 (家) Incubated Enterprises (unit)", "318", "352"],
            ["孵化器收入 (万元) Income of Incubators (10 000 yuan)", "8120", "9034"],
            ["技术服务收入 Technical Service Income", "2210", "2687"],
        ],
    )
    rows = [b.text for b in table_blocks(table)]
    assert "2029年在孵企业352家。" in rows
    assert "2028年孵化器收入中技术服务收入2210万元。" in rows  # an unmarked part under the row with a unit
    assert not any("Income" in r for r in rows)


def test_a_plain_header_row_table_states_each_cell_with_its_row() -> None:
    table = Table(
        "各县区技术合同成交额",
        ["县区", "成交额(亿元)", "同比"],
        [["甲县", "3.26", "15.6%"], ["乙县", "1.10", "-2.0%"]],
    )
    assert [b.text for b in table_blocks(table)] == [
        "甲县：成交额3.26亿元。",
        "甲县：同比15.6%。",
        "乙县：成交额1.10亿元。",
        "乙县：同比-2.0%。",
    ]


@pytest.mark.parametrize(
    ("cell", "clean"),
    [
        ("R&D人员(人) R&D Personnel (person)", "R&D人员(人)"),
        ("大专 院校 A*", "大专院校"),
        ("地 区", "地区"),
        ("R&D经费", "R&D经费"),
        ("Total", "Total"),
    ],
)
def test_labels_are_read_without_translation_or_letter_spacing(cell: str, clean: str) -> None:
    assert layout.clean(cell) == clean


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory, fake_embeddings):
    from tests.conftest import indexed_with

    return indexed_with(tmp_path_factory, fake_embeddings, TABLES)


def test_a_question_asking_a_cell_gets_that_cell(assistant) -> None:
    a = assistant.ask("云川2027年科普讲座受众多少万人次")  # 万人次: a count, in 万
    assert a.found and "97.5" in a.answer and "90.2" not in a.answer
    a = assistant.ask("云川2026年科普经费里财政拨款是多少亿元")
    assert a.found and "2.57" in a.answer
    # 统计年鉴里: the publication a table is from names no subject of its own (the page may not say it).
    a = assistant.ask("云川统计年鉴里2028年科普场馆多少个")
    assert a.found and "52" in a.answer


def test_a_year_that_is_not_a_column_is_refused(assistant) -> None:
    a = assistant.ask("云川2031年科普场馆有多少个")
    assert not a.found and "52" not in a.answer
    a = assistant.ask("雾岭州2031年职务专利申请量多少件")
    assert not a.found


def test_non_makes_another_word(assistant) -> None:
    # 非职务 is not 职务: each question gets its own column, and the cumulative column is the one 累计 asks.
    a = assistant.ask("截至2030年底雾岭州累计非职务申请量多少件")
    assert a.found and "30769" in a.answer and "90115" not in a.answer
    a = assistant.ask("雾岭州历年累计职务申请量多少件")
    assert a.found and "90115" in a.answer and "30769" not in a.answer


def test_a_column_of_the_year_asked_beats_a_cumulative_one(assistant) -> None:
    a = assistant.ask("雾岭州2030年职务专利申请量多少件")  # the report is of 2030: 历年累计 is of 2030 too
    assert a.found and "11930" in a.answer and "90115" not in a.answer


def test_a_cell_of_a_table_that_states_no_unit_answers_a_count(assistant) -> None:
    # The patent table counts applications without saying 件: its bare cell is the count asked, not another unit.
    a = assistant.ask("雾岭州2030年职务专利申请量多少件")
    assert a.found and "11930" in a.answer and "90115" not in a.answer


@pytest.mark.parametrize(
    ("question", "units"),
    [
        ("去年线上观众一共多少万人次", ["人次"]),
        ("全省发明专利授权多少万件", ["件"]),
        ("从业人员有多少万人", ["人", "名"]),
        ("孵化器收入多少万", ["亿元", "万元", "元"]),  # 万 alone: an amount of money
    ],
)
def test_a_count_asked_in_wan_is_still_a_count(question: str, units: list[str]) -> None:
    import datetime as dt

    from jzbot.answer.understand import understand

    assert understand(question, dt.date(2024, 3, 20)).units == units


def test_a_place_with_documents_of_its_own_is_still_a_row_of_a_table(assistant) -> None:
    # 澄溪市 picks its own 科技局's report; the yearbook table's 澄溪市 row answers too, and only that row.
    a = assistant.ask("澄溪市规上工业企业研发经费多少万元")
    assert a.found and "271409" in a.answer and "604218" not in a.answer
    a = assistant.ask("澄溪市科技局2029年主动公开政府信息多少条")
    assert a.found and "58条" in a.answer
