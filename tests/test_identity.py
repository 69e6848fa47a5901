"""Document identity: read from the document, unknown stays unknown, an administrator's correction survives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from jzbot.assistant import Assistant
from jzbot.models import DocMeta
from jzbot.registry.identity import identify, level_of, place_of
from tests.conftest import KNOWLEDGE, make_settings
from tests.helpers.fake_embeddings import CharGramEmbeddings


@pytest.mark.parametrize(
    ("body", "place", "level"),
    [
        ("洛阳市科学技术局", "洛阳市", "市"),
        ("中共洛阳市科学技术局党组", "洛阳市", "市"),
        ("广东省科学技术厅", "广东省", "省"),
        ("内蒙古自治区科学技术厅", "内蒙古自治区", "省"),
        ("重庆市科学技术局", "重庆市", "省"),  # a municipality is a province
        ("成都市郫都区科技局", "成都市郫都区", "县区"),
        ("浙江省温州市瑞安市科技局", "浙江省温州市瑞安市", "县区"),  # a county-level city in a prefecture
        ("延边朝鲜族自治州科学技术局", "延边朝鲜族自治州", "市"),
        ("科学技术部办公厅", "", "国家"),
        ("关于支持宜宾市申报试点城市的建议", "", ""),  # a sentence names a place; it is no issuer
        ("市场监督管理局", "", ""),
    ],
)
def test_place_and_level_of_a_body(body: str, place: str, level: str) -> None:
    assert place_of(body) == place
    assert level_of(place_of(body), body) == level


def test_editions_share_a_series_and_unknown_stays_unknown() -> None:
    def meta(title: str, issuer: str = "", source: str = "x.txt", doc_type: str = "报告") -> DocMeta:
        return identify(DocMeta(doc_id=source, source=source, title=title, issuer=issuer, doc_type=doc_type))

    a = meta("洛阳市科学技术局关于2021年度工作总结的报告", "洛阳市科学技术局")
    b = meta("洛阳市科学技术局关于2022年度工作总结的报告", "洛阳市科学技术局")
    c = meta("安阳市科学技术局关于2022年度工作总结的报告", "安阳市科学技术局")
    d = meta("洛阳市科学技术局关于2022年度科技奖励的决定", "洛阳市科学技术局", doc_type="决定")
    assert (
        a.series == b.series == c.series != d.series
    )  # years and places aside; another genre is another series
    bare = meta("通知", source="通知.txt", doc_type="通知")
    assert (bare.place, bare.level, bare.series) == ("", "", "")  # nothing said, nothing assumed


def test_a_correction_of_identity_survives_reingest(tmp_path: Path) -> None:
    kdir = tmp_path / "k"
    shutil.copytree(KNOWLEDGE, kdir)
    a = Assistant.indexed(make_settings(tmp_path / "d", kdir), CharGramEmbeddings())
    doc = next(iter(a.knowledge.docs))
    assert a.knowledge.docs[doc].place == "焦作市" and a.knowledge.docs[doc].level == "市"
    a.indexer.snapshots.correct(doc, "issuer", "焦作市科学技术局办公室")
    a.ingest()
    again = Assistant.indexed(make_settings(tmp_path / "d", kdir), CharGramEmbeddings())
    meta = again.knowledge.docs[doc]
    assert meta.issuer == "焦作市科学技术局办公室" and meta.corrected == "issuer"
    with pytest.raises(ValueError):
        again.indexer.snapshots.correct(doc, "content_hash", "x")  # only identity fields may be corrected


def test_a_title_named_with_its_year_is_not_cut_inside_the_year() -> None:
    # A name picked out of the question never starts inside a number: 「…2021年度科技工作总结报告…」 names
    # nothing by 「021年度…」, which would match other bodies' titles of another year's form.
    from jzbot.answer.scope import _titled_docs
    from jzbot.answer.understand import understand
    from jzbot.models import DocMeta

    titles = {
        "a": "xx市科技局2021年度科技工作总结报告",
        "b": "yy县科技局2021年科技工作总结的报告",
        "c": "无关文件",
    }
    docs = {d: DocMeta(doc_id=d, source=d, title=t) for d, t in titles.items()}
    q = understand("2021年度科技工作总结报告里写了啥", __import__("datetime").date(2026, 11, 25))
    names = [name for name, _ in _titled_docs(q, docs, titles, titles)]
    assert all(not n[0].isdigit() or n[:4].isdigit() for n in names), names


def test_a_document_type_alone_names_no_document() -> None:
    # 「那个实施细则」 names a kind of document; 「孵化器管理办法」 names one (a paraphrase no bank holds).
    import datetime as dt

    from jzbot.answer.scope import _titled_docs
    from jzbot.answer.understand import understand
    from jzbot.models import DocMeta

    titles = {
        "a": "某市科技局关于印发孵化器管理办法的通知",
        "b": "某县科技局资金管理办法",
        "c": "某区实施细则",
    }
    docs = {d: DocMeta(doc_id=d, source=d, title=t) for d, t in titles.items()}
    today = dt.date(2026, 11, 25)
    assert _titled_docs(understand("新的管理办法里第三条咋说", today), docs, titles, titles) == []
    assert [
        d for _, d in _titled_docs(understand("孵化器管理办法第三条咋说", today), docs, titles, titles)
    ] == [{"a"}]
