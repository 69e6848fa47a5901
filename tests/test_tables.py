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
    assert rows[:3] == [  # the title's (2029年) said with each cell
        "全省：2029年研发人员折合全时48120人年。",
        "全省：2029年研发经费2316570万元。",
        "全省：2029年新产品项目数9214项。",
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


def test_a_table_stored_one_cell_per_line_without_bars_skips_its_units_column_and_group_names() -> None:
    # 指标名称 / 计量单位 / four years: the rows leave the units column empty; 一、科普场地 and a label stored without
    # its figures (科普画廊) sit between rows; a row with more figures than years is out of line and not read.
    rows = _rows("表11-2")
    assert rows == [
        f"{y}年科普基地数{v}。" for y, v in zip(range(2027, 2031), (41, 45, 52, 60), strict=True)
    ] + [f"{y}年科普宣传栏数{v}。" for y, v in zip(range(2027, 2031), (310, 322, 351, 367), strict=True)]
    text = next(TABLES.glob("*表11-2*")).read_text(encoding="utf-8")
    prose = "\n".join(b.text for b in pipe_table_blocks(text) if not b.table)
    assert "科普图书出版种数" in prose and "11-2 主要年份科普基础设施情况" in prose


def test_a_space_aligned_table_with_columns_named_only_in_english() -> None:
    rows = _rows("表7-3")
    # 新产品开发项目数 is the only Chinese column name; the others are said by the yearbook's Chinese for them, with
    # the unit (10000 yuan) after each; the title's (2031年) is every cell's year.
    assert rows[:4] == [
        "合计：2031年新产品开发项目数3120。",
        "合计：2031年R&D经费内部支出884215万元。",
        "合计：2031年R&D经费外部支出41230万元。",
        "合计：2031年新产品销售收入9902417万元。",
    ]
    assert not any(r.startswith("微型") for r in rows)  # two figures of four: which columns is not known
    assert {b.table for b in pipe_table_blocks(next(TABLES.glob("*表7-3*")).read_text(encoding="utf-8"))} == {
        "",
        "7-3 雾岭州规模以上工业企业研发与新产品情况(2031年)",
    }


def test_english_header_terms_are_all_known_or_the_columns_are_not_named() -> None:
    from jzbot.ingest.formats.spaced import english_columns

    assert english_columns("R&D Personnel Intramural Expenditure on R&D (10000 yuan)") == [
        ("R&D人员", ""),
        ("R&D经费内部支出", "万元"),
    ]
    assert english_columns("R&D Personnel Average Wage (yuan)") is None


def test_a_year_in_a_yearbook_s_name_is_not_its_table_s_year() -> None:
    grid = layout.Grid(
        "云川统计年鉴2031 主要指标", [layout.Column("科普经费")], [layout.Row("全省", "", ["3"], [])]
    )
    assert layout.caption_year(grid) == ""
    assert layout.caption_year(grid._replace(caption="主要指标(2030年)")) == "2030年"


@pytest.mark.parametrize(
    ("span", "question", "unasked"),
    [
        ("集体企业：2031年新产品销售收入12万元。", "雾岭州规上工业新产品销售收入多少万元", True),
        ("合计：2031年新产品销售收入9902417万元。", "雾岭州规上工业新产品销售收入多少万元", False),
        ("中型：2031年新产品销售收入2512006万元。", "雾岭州中型企业新产品销售收入多少万元", False),
        ("2029年科普基地数52。", "云川2029年科普基地多少个", False),  # no row label: a row of years
    ],
)
def test_a_row_the_question_does_not_name_is_not_its_answer(span: str, question: str, unasked: bool) -> None:
    from jzbot.answer.evidence import _unasked_row

    assert _unasked_row(span, question) is unasked


def test_a_cell_s_column_name_is_read_from_its_sentence() -> None:
    from jzbot.answer.evidence import _cell_name, _named_share

    assert _cell_name("中型：2031年R&D经费外部支出8204万元。") == "R&D经费外部支出"
    assert _cell_name("2029年科普基地数52。") == "科普基地数"
    asked = "中型企业r&d经费外部支出多少万元".upper()
    assert _named_share("R&D经费外部支出", asked) > _named_share("R&D经费内部支出", asked)


def test_a_cell_of_a_space_aligned_table_is_asked_by_its_row_and_column(assistant) -> None:
    # 外部 tells the column from 内部 (a localizer inside the noun phrase is a term of the question).
    a = assistant.ask("雾岭州2031年中型规上企业R&D经费外部支出多少万元")
    assert a.found and "8204" in a.answer and "240118" not in a.answer
    # No row named: the table's total row, not one size of enterprise.
    a = assistant.ask("雾岭州2031年规上工业企业新产品销售收入一共多少万元")
    assert a.found and "9902417" in a.answer and "6120455" not in a.answer
    a = assistant.ask("云川2029年科普宣传栏数是多少")
    assert a.found and "351" in a.answer and "322" not in a.answer


def test_a_year_a_space_aligned_table_is_not_of_is_refused(assistant) -> None:
    a = assistant.ask("雾岭州2029年中型规上企业R&D经费外部支出多少万元")
    assert not a.found and "8204" not in a.answer


@pytest.mark.parametrize(
    ("question", "side"),
    [
        ("澄溪市2029年高企培育的目标是多少家", True),
        ("高企培育实际完成了多少家", False),
        ("完成市对县目标任务百分之多少", None),  # a rate of the target: both
        ("高企培育数多少家", None),
    ],
)
def test_a_figure_question_asks_the_target_or_what_was_done(question: str, side: bool | None) -> None:
    from jzbot.answer.evidence import _asks_target

    assert _asks_target(question) is side


def test_a_figure_is_a_target_when_a_target_word_leads_to_it_in_its_sentence_part() -> None:
    from jzbot.answer.evidence import _target_figures

    assert _target_figures("考核指标共三项，分别是高企培育数45家、入库120家", ["家"]) == {True}
    assert _target_figures("高企培育数完成52家，占全年目标任务的115.6%；入库141家", ["家"]) == {False}
    assert _target_figures("占全年目标任务的115.6%", []) == set()  # a share of the target is neither


def test_a_target_question_gets_the_target_and_a_done_question_what_was_done(assistant) -> None:
    a = assistant.ask("澄溪市2029年高企培育的目标是多少家")
    assert a.found and "45家" in a.answer and "52家" not in a.answer
    a = assistant.ask("澄溪市2029年科技型中小企业评价入库实际完成多少家")
    assert a.found and "141家" in a.answer and "120家" not in a.answer


def test_a_table_of_year_rows_names_each_run_of_rows_by_the_line_above_it() -> None:
    table = Table(
        "9-9 云川科普图书出版情况",
        ["项目 Item", "合计 Total", "少儿 Children"],
        [
            ["科普图书出版种数 Titles Published", "", ""],
            ["2028", "412", "96"],
            ["2029", "438", "101"],
            ["科普图书发行册数(万册) Copies Printed", "", ""],
            ["2028", "655", "120"],
            ["2029", "702", "133"],
            ["科普讲座场次 Lectures", "", ""],
            ["2028", "1210", "305"],
            ["2029", "1342", "351"],
        ],
    )
    rows = [b.text for b in table_blocks(table)]
    assert "2029年科普图书出版种数：合计438。" in rows
    assert "2029年科普图书发行册数：少儿133万册。" in rows
    assert "2029年科普讲座场次：合计1342。" in rows  # its own indicator, not a part of the one above
    assert not any("合计科普" in r for r in rows)  # the first section is no part of the header


def test_a_table_number_on_a_label_line_is_part_of_its_caption() -> None:
    text = (
        "云川科技统计年报 | |\n表号:云科统表3 制表机关:云川省科技厅 |\n地区 | 合计 | 企业 |\n"
        "澄溪市 | 120 | 80 |\n雾岭州 | 95 | 61 |\n"
    )
    assert {b.table for b in pipe_table_blocks(text) if b.table} == {"云川科技统计年报 云科统表3"}


def test_what_a_question_rules_out_is_no_word_it_asks_with() -> None:
    from jzbot.answer.terms import _EXCLUDED

    assert (
        _EXCLUDED.sub(" ", "澄溪市2030年职务申请量多少件（当年，不是累计）")
        == "澄溪市2030年职务申请量多少件（当年， ）"
    )
    assert _EXCLUDED.sub(" ", "这是不是云川的表") == "这是不是云川的表"  # 是不是 asks yes or no (read before)


def test_a_whole_row_label_is_never_an_unasked_row() -> None:
    from jzbot.answer.evidence import _unasked_row

    assert not _unasked_row("全国总计：2030年合计120884。", "职务专利授权量合计多少件")
    assert not _unasked_row("全省合计：2030年企业61。", "企业多少家")


@pytest.mark.parametrize(
    ("question", "wanted", "unwanted"),
    [
        (
            "岚屿2030年研发投入多少亿元",
            "412.6亿元",
            "98.7亿元",
        ),  # the province's, not a city's in the same 公报
        ("岚屿2030年授权专利多少万件", "5.21万件", "4.87万件"),  # 授权专利 said as 专利申请授权量
        ("岚屿2030年研发人员有多少万人", "21.4万人", "412.6"),
        ("岚屿2030年研发投入比上年增长多少", "9.8%", "15.2%"),
    ],
)
def test_a_communique_s_figure_asked_by_a_colloquial_name(
    assistant, question: str, wanted: str, unwanted: str
) -> None:
    a = assistant.ask(question)
    assert a.found and wanted in a.answer and unwanted not in a.answer


def test_a_yearbook_table_with_one_row_per_year_and_grouped_columns() -> None:
    """年份 商标申请数 商标注册数 over 商品 服务 集体 twice: each group is its whole column, then its parts; a row is
    its year; a row with fewer figures than columns (2027: the applications only) is left out."""
    rows = _rows("表15-3")
    assert "2025年：商标申请数2620。" in rows
    assert "2025年：商标申请数服务商标770。" in rows
    assert "2026年：商标注册数2240。" in rows
    assert "2026年：商标注册数集体商标24。" in rows
    assert not any(r.startswith("2027年") for r in rows)
    assert not any("2025年：2026" in r for r in rows)


def test_a_year_row_cell_is_a_cell_of_its_table() -> None:
    from jzbot.answer.cells import parse

    assert parse("2025年：商标申请数服务商标770。") == ("2025年", "商标申请数服务商标", 770.0, False)
    assert parse("其中2025年：增长12") is None
