"""Ingest: every format, encodings, page-break repair, incremental re-ingest, broken files."""

from __future__ import annotations

from pathlib import Path

import pytest

from jzbot.errors import UnreadableFile
from jzbot.ingest.loaders import load_text
from jzbot.ingest.structure import paragraphs
from tests.conftest import KNOWLEDGE, make_settings
from tests.helpers.files import NOTICE, make_docx, make_pdf

REPORT = KNOWLEDGE / "jiaozuo-kjj-2023-fazhi-zhengfu-report.txt"


def test_page_breaks_inside_sentences_are_repaired() -> None:
    text = "\n".join(p.text for p in paragraphs(load_text(REPORT)))
    for joined in ("全面规范。", "科技法律法规决策", "科技促进经济社会发展等", "总数达到29人", "重要节日，"):
        assert joined in text
    assert "全面规\n" not in text


def test_headings_and_signature_lines_are_not_joined() -> None:
    paras = [p.text for p in paragraphs(load_text(REPORT))]
    assert "市委、市政府：" in paras
    assert "焦作市科技局办公室" in paras
    assert "一、加强党对法治政府建设的领导" in paras


def test_gbk_text_is_detected_not_guessed(tmp_path: Path) -> None:
    f = tmp_path / "gbk.txt"
    f.write_bytes("\n".join(NOTICE).encode("gbk"))
    assert "科技创新券" in load_text(f)
    g = tmp_path / "gb18030.txt"
    g.write_bytes(("㐀字扩展A，" + "\n".join(NOTICE)).encode("gb18030"))
    assert "兑付金额合计312.5万元" in load_text(g)


@pytest.mark.parametrize("maker", ["txt", "md", "docx", "pdf", "html"])
def test_each_format_is_read(tmp_path: Path, maker: str) -> None:
    path = tmp_path / f"notice.{maker}"
    if maker == "txt":
        path.write_text("\n".join(NOTICE), encoding="utf-8")
    elif maker == "md":
        path.write_text(
            "# 焦作市科学技术局关于开展2022年度科技创新券兑付工作的通知\n\n" + "\n\n".join(NOTICE[4:]),
            "utf-8",
        )
    elif maker == "docx":
        make_docx(path, NOTICE)
    elif maker == "pdf":
        make_pdf(path, [NOTICE[:6], NOTICE[6:]])
    else:
        body = "".join(f"<p>{line}</p>" for line in NOTICE)
        path.write_text(f"<html><head><script>var x=1;</script></head><body>{body}</body></html>", "utf-8")
    text = load_text(path)
    assert "兑付金额合计312.5万元" in text
    assert "var x" not in text


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02\xff\xfe" * 500, b"PK\x03\x04 broken"])
def test_unreadable_files_raise_a_clear_error(tmp_path: Path, content: bytes) -> None:
    for suffix in (".txt", ".docx", ".pdf"):
        f = tmp_path / f"bad{suffix}"
        f.write_bytes(content)
        with pytest.raises(UnreadableFile) as err:
            load_text(f)
        assert "/" in str(err.value)  # Chinese / English


def test_incremental_ingest(tmp_path: Path, embeddings) -> None:
    from jzbot.assistant import Assistant

    kdir = tmp_path / "knowledge"
    kdir.mkdir()
    (kdir / "notice.txt").write_text("\n".join(NOTICE), encoding="utf-8")
    make_docx(
        kdir / "second.docx",
        ["焦作市科学技术局关于表彰先进单位的决定", "全市评选先进单位12家，先进个人30名。"],
    )
    (kdir / "broken.pdf").write_bytes(b"%PDF-1.4 truncated")
    a = Assistant(make_settings(tmp_path / "data", kdir), embeddings=embeddings)

    first = a.ingest()
    assert sorted(first.added) == ["notice.txt", "second.docx"]
    assert [p.source.endswith("broken.pdf") for p in first.failed] == [True]
    count = a.store.count()

    again = a.ingest()
    assert (
        again.added == [] and again.updated == [] and sorted(again.unchanged) == ["notice.txt", "second.docx"]
    )
    assert again.chunks_written == 0 and a.store.count() == count

    (kdir / "notice.txt").write_text("\n".join(NOTICE).replace("57家", "75家"), encoding="utf-8")
    (kdir / "second.docx").unlink()
    third = a.ingest()
    assert third.updated == ["notice.txt"] and third.removed == ["second.docx"]
    texts = " ".join(c.text for c, _ in a.store.all_chunks())
    assert "75家" in texts and "57家" not in texts and "先进单位12家" not in texts
    assert a.ask("科技创新券兑付了多少家企业？").answer.count("75家") == 1


def test_broken_file_leaves_index_intact(tmp_path: Path, embeddings) -> None:
    from jzbot.assistant import Assistant

    kdir = tmp_path / "k"
    kdir.mkdir()
    good = kdir / "notice.txt"
    good.write_text("\n".join(NOTICE), encoding="utf-8")
    a = Assistant.indexed(make_settings(tmp_path / "data", kdir), embeddings=embeddings)
    before = sorted(c.id for c, _ in a.store.all_chunks())
    good.write_bytes(b"\x00\xff" * 4000)  # the file is damaged in place
    report = a.ingest()
    assert report.failed and report.failed[0].source.endswith("notice.txt")
    assert sorted(c.id for c, _ in a.store.all_chunks()) == before


def test_bundled_report_metadata(assistant) -> None:
    (meta,) = assistant.knowledge.docs.values()
    assert meta.doc_number == "焦科组〔2024〕5号"
    assert meta.title == "中共焦作市科学技术局党组关于2023年法治政府建设工作的报告"
    assert meta.issuer == "中共焦作市科学技术局党组"
    assert meta.recipients == "市委、市政府"
    assert meta.doc_type == "报告"
    assert meta.printed_by == "焦作市科技局办公室" and meta.printed_date == "2024-03-18"
    assert meta.year == 2023


def test_store_reads_large_collections_in_pages(assistant, monkeypatch: pytest.MonkeyPatch) -> None:
    # 50k chunks in one get() exceed SQLite's variable limit; pages of PAGE must give the same rows.
    from jzbot.index import store

    whole = assistant.store.all_chunks()
    fingerprint = assistant.store.fingerprint()
    monkeypatch.setattr(store, "PAGE", 4)
    assert [c.id for c, _ in assistant.store.all_chunks()] == [c.id for c, _ in whole]
    assert assistant.store.fingerprint() == fingerprint
    assert len(assistant.store.documents()) == 1
