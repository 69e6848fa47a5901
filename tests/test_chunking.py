"""Chunks follow 公文 structure and carry section paths; ids are stable."""

from __future__ import annotations

from jzbot.ingest.chunking import chunk_document
from jzbot.ingest.loaders import load_text
from jzbot.ingest.metadata import extract
from jzbot.ingest.structure import paragraphs
from tests.conftest import DATA, KNOWLEDGE

REPORT = KNOWLEDGE / "jiaozuo-kjj-2023-fazhi-zhengfu-report.txt"


def _chunks(path):
    paras = paragraphs(load_text(path))
    return chunk_document("doc", paras, extract(paras, path.stem))


def test_report_section_paths() -> None:
    chunks = _chunks(REPORT)
    sections = {c.section for c in chunks}
    assert "三、依法全面履行政府职能 > （二）不断提升政务服务能力和水平" in sections
    assert "一、加强党对法治政府建设的领导 > （一）强化习近平法治思想理论学习" in sections
    assert "二、加强行政规范性文件管理" in sections
    assert chunks[0].section == "版头" and "市委、市政府：" in chunks[0].text
    assert chunks[-1].section == "落款" and "2024年3月18日印发" in chunks[-1].text


def test_sentences_are_kept_whole() -> None:
    for c in _chunks(REPORT):
        assert len(c.text) <= 500
        if c.section not in ("版头", "落款"):
            assert c.text.rstrip()[-1] in "。；：”", c.text[-20:]


def test_chunk_ids_are_stable() -> None:
    assert [c.id for c in _chunks(REPORT)] == [c.id for c in _chunks(REPORT)]


def test_law_articles_are_units() -> None:
    chunks = _chunks(DATA / "corpus" / "01_科学技术进步法_2021修订.txt")
    art = next(c for c in chunks if c.text.startswith("第十八条"))
    assert (art.section.endswith("第十八条") and "第二章" in art.section) or art.section.startswith("第")
    assert "5月30日为全国科技工作者日" in art.text


def test_a_reports_closing_part_is_its_own_section_and_law_items_stay_in_their_article() -> None:
    chunks = _chunks(REPORT)
    closing = [c for c in chunks if c.section.startswith("结尾")]
    assert closing and "专业技术人员力量不足" in closing[0].text and "下一步" in closing[-1].text
    last = [c for c in chunks if c.section.startswith("七、")]
    assert last and all("差距" not in c.text for c in last)
    law = _chunks(DATA / "corpus" / "01_科学技术进步法_2021修订.txt")
    article = next(c for c in law if c.section.endswith("第四十条"))
    assert "（一）" in article.text or "(一)" in article.text, article.text[:80]
    assert not any("（一）" in c.section.split(" > ")[-1] for c in law)


def test_the_line_under_a_last_heading_is_its_content_not_the_signature(tmp_path) -> None:
    notice = tmp_path / "notice.txt"
    notice.write_text(
        "关于做好示范项目验收工作的通知\n\n各县区科技局:\n\n"
        "  一、验收安排\n\n  请各单位于10月底前完成自评，并报送验收材料。\n\n"
        "  二、联系方式\n\n  (一)项目管理咨询\n\n  成果转化科:张某 3001234\n\n"
        "  (二)财务报销咨询\n\n  计划财务科:李某 3005678\n\n"
        "                                   2021年9月1日\n",
        encoding="utf-8",
    )
    chunks = _chunks(notice)
    last = next(c for c in chunks if "李某" in c.text)
    assert last.section.endswith("财务报销咨询")
    assert chunks[-1].section == "落款" and "2021年9月1日" in chunks[-1].text


def test_a_source_note_with_an_open_bracket_does_not_swallow_the_text(tmp_path) -> None:
    # A stored page's 来源 note quotes where the copy was cut (在“附表第(三”处截断): its bracket stays open,
    # yet the title and body on the following lines are the document.
    path = tmp_path / "stored.txt"
    path.write_text(
        "来源：http://example.gov.cn/a/1.html （某县人民政府网；存储副本在“附表第(三”处截断）\n"
        "某县科学技术局2022年工作总结\n\n"
        "一、主要成效\n全年认定技术合同一百二十项，成交额同比增长百分之十二。\n",
        encoding="utf-8",
    )
    chunks = _chunks(path)
    assert any("技术合同一百二十项" in c.text for c in chunks)
    assert not any(c.text.startswith("来源") and "技术合同" in c.text for c in chunks)
