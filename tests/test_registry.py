"""Metadata read from real documents, and the 文号 and figure registries built from them."""

from __future__ import annotations

import pytest

from jzbot.ingest.loaders import load_text
from jzbot.ingest.metadata import extract
from jzbot.ingest.structure import paragraphs
from tests.conftest import DATA


def _meta(name: str) -> dict:
    path = next((DATA / "corpus").glob(f"{name}*"))
    return extract(paragraphs(load_text(path)), path.stem)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "12_",
            {
                "doc_number": "焦政〔2013〕8号",
                "issuer": "焦作市人民政府",
                "doc_type": "决定",
                "date": "2013-11-08",
                "title": "焦作市人民政府关于表彰奖励焦作市2013年度科技进步奖的决定",
                "year": 2013,
            },
        ),
        ("13_", {"doc_type": "决定", "date": "2008-07-31", "year": 2008}),  # 二○○八年七月三十一日
        (
            "03_",
            {"doc_number": "国务院令第711号", "doc_type": "条例", "title": "中华人民共和国政府信息公开条例"},
        ),
        ("04_", {"doc_number": "国务院令第713号", "doc_type": "暂行条例"}),
        ("01_", {"doc_type": "法律", "title": "中华人民共和国科学技术进步法"}),
        ("07_", {"doc_type": "报告", "year": 2018}),
    ],
)
def test_metadata_from_the_text(name: str, expected: dict) -> None:
    meta = _meta(name)
    for key, value in expected.items():
        assert meta[key] == value, key


def test_docno_registry_over_public_documents(corpus_assistant) -> None:
    reg = corpus_assistant.knowledge.docnos
    assert "科技产业综合体" in reg["焦发〔2020〕24号"].title
    assert reg["焦政〔2013〕8号"].issuer == "焦作市人民政府"
    assert reg["焦政〔2013〕8号"].own_doc_id.endswith(".txt")
    assert "省政府令第57号" in reg and "市政府令第75号" in reg
    assert reg["焦科〔2011〕22号"].status == "已废止" and reg["焦科〔2011〕22号"].status_year == 2023
    for entry in reg.values():  # every entry cites the sentence it came from
        assert entry.mentions or entry.own_doc_id


def test_figure_registry_aligns_respectively_lists(assistant) -> None:
    figs = {(f.indicator, f.scope, f.unit): f.value for f in assistant.figures()}
    assert figs[("省众创空间", "总数", "家")] == "13"
    assert figs[("省科技企业孵化器", "总数", "家")] == "9"
    assert figs[("省工程技术研究中心", "总数", "家")] == "230"
    assert figs[("省工程技术研究中心", "全省", "位")] == "5"
    assert figs[("高新技术企业", "净增", "家")] == "86"
    assert figs[("高新技术企业", "累计", "家")] == "474"
    assert figs[("技术合同成交额", "全市", "亿元")] == "53.85"
    assert figs[("市工程技术研究中心", "总数", "家")] == "613"
    assert all(f.year == 2023 for f in assistant.figures())


def test_respectively_answer_names_the_asked_indicator(assistant) -> None:
    a = assistant.ask("省科技企业孵化器总数多少家")
    assert a.answer.startswith("省科技企业孵化器：新增1家，总数9家")


def test_a_title_named_in_the_question_before_one_that_quotes_it() -> None:
    # 天津报告里引用的法治政府建设实施纲要(2015—2020年)文号: the 纲要 itself, not the opinion quoting it in 〈〉.
    from jzbot.models import DocNoEntry
    from jzbot.registry.registry import match_title

    entries = {
        e.doc_number: e
        for e in [
            DocNoEntry(
                doc_number="津党发〔2016〕24号",
                title="关于贯彻落实〈法治政府建设实施纲要(2015—2020年)〉的实施意见",
            ),
            DocNoEntry(doc_number="中发〔2015〕36号", title="法治政府建设实施纲要(2015—2020年)"),
        ]
    }
    found = match_title(entries, "天津报告里引用的法治政府建设实施纲要(2015—2020年)")
    assert [e.doc_number for e in found] == ["中发〔2015〕36号", "津党发〔2016〕24号"]
    assert match_title(entries, "法治政府建设实施纲要")[0].doc_number == "中发〔2015〕36号"


def test_a_status_question_is_answered_by_the_status_word_first(corpus_assistant) -> None:
    in_force = corpus_assistant.ask("焦政〔2013〕8号是不是已经失效了")
    assert in_force.answer.startswith("有效。") and "废止" not in in_force.answer
    repealed = corpus_assistant.ask("焦科〔2011〕22号目前仍在执行还是已经作废")
    assert repealed.answer.startswith("已废止。")
    what = corpus_assistant.ask("焦科〔2011〕22号这个文号对应哪份文件")  # not asked: no status word leads
    assert what.answer.startswith("焦科〔2011〕22号是")
