"""Documents of every genre a bureau files: web-page furniture, 文号 forms, years in Chinese digits, typed facts.

The documents in ``tests/data/genres`` are synthetic (written for these tests, in the shape of real pages).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from jzbot.answer.understand import Kind, understand
from jzbot.ingest.furniture import fields, is_furniture
from jzbot.ingest.pipeline import parse_file
from jzbot.registry.docno import find_docnos
from jzbot.text import FRONT_SECTIONS, split_text, years_in

GENRES = Path(__file__).resolve().parent / "data" / "genres"
TODAY = dt.date(2024, 3, 20)


def test_furniture_lines_are_read_not_quoted() -> None:
    assert fields("• 发文字号 黔科发〔2021〕9号") == {"发文字号": "黔科发〔2021〕9号"}
    assert fields("发布时间:2021-05-06 09:12 来源:某区科技局 浏览次数:88") == {
        "发布时间": "2021-05-06 09:12",
        "来源": "某区科技局",
        "浏览次数": "88",
    }
    assert is_furniture("来源：http://example.gov.cn/x.html （存储说明；截断）")
    assert is_furniture("113300000000000A/2022-000123")
    # A sentence that opens with a label word is text: 分类管理, 名称为….
    assert not is_furniture("分类管理,分为三类项目。")
    assert fields("名称为新区高新技术园区,四至不变。") is None


def test_metadata_of_a_page_with_furniture() -> None:
    meta, chunks = parse_file(GENRES / "公示_研发平台.txt", "公示_研发平台.txt")
    assert meta.title == "关于2021年度市级研发平台拟认定名单的公示"
    assert meta.doc_number == "洛科〔2021〕21号"  # only in the labelled 信息公开 line
    assert meta.issuer == "洛阳市科学技术局"  # the signature above the date
    assert meta.date == "2021-11-08"
    text = "".join(c.text for c in chunks)
    assert "来源：http" not in text and "浏览次数" not in text


def test_metadata_of_a_notice_signed_at_its_foot() -> None:
    meta, chunks = parse_file(GENRES / "转发通知_科技特派员.txt", "转发通知_科技特派员.txt")
    assert meta.issuer == "南阳市科学技术局" and meta.date == "2023-03-02"
    assert meta.recipients == "各县(市、区)科技局,各有关单位"
    body = [c for c in chunks if c.section not in FRONT_SECTIONS]
    assert not any("浏览次数" in c.text for c in body)
    # The contacts are the body's last section, not the 落款: they answer questions.
    assert any(c.section == "三、联系方式" and "周明" in c.text for c in body)


@pytest.mark.parametrize(
    "text",
    [
        "豫科〈2023〉12号",
        "豫科 2023 12号",
        "豫科[2023]12号",
        "豫科【2023】12号",
        "豫科(2023)12号",
        "豫科《2023》12号",
    ],
)
def test_every_bracket_and_spacing_form_of_a_docno(text: str) -> None:
    assert [d.key for d in find_docnos(text + "是什么文件")] == ["豫科〔2023〕12号"]


def test_a_docno_in_any_form_is_understood() -> None:
    q = understand("豫科 2023 12号是哪个单位发的", TODAY)
    assert q.docnos == ["豫科〔2023〕12号"] and q.kind is Kind.META and q.years == []


def test_years_in_chinese_digits() -> None:
    assert understand("二〇二一年认定了几家研发平台", TODAY).years == [2021]
    assert years_in("成文日期:二〇二一年十一月八日,到2035年") == [2021, 2035]


def test_a_date_a_signature_or_a_contact_alone_on_its_line_is_its_own_sentence() -> None:
    text = "请于3月24日前报送。\n联系人:周明\n联系电话:0377-63561234\n南阳市科学技术局\n2023年3月2日"
    assert split_text(text) == [
        "请于3月24日前报送。",
        "联系人:周明",
        "联系电话:0377-63561234",
        "南阳市科学技术局",
        "2023年3月2日",
    ]


def test_spreadsheet_cells_as_the_sheet_displays_them() -> None:
    from jzbot.ingest.formats.tables import cell_text, row_sentence

    assert cell_text(0.156, "0.0%") == "15.6%"
    assert cell_text(0.0523, "0.00%") == "5.23%"
    assert cell_text(12345.6, "#,##0.00") == "12,345.60"
    assert cell_text(dt.datetime(2023, 3, 2), 'yyyy"年"m"月"d"日"') == "2023年3月2日"
    assert cell_text(3.2600000000000002) == "3.26"
    assert row_sentence(["地区", "研发投入(亿元)", "同比"], ["全省", "12,345.60", "15.6%"]) == (
        "全省：研发投入12,345.60亿元；同比15.6%。"
    )
