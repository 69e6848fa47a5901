"""Every format a bureau has, read by real parts: LibreOffice for .doc/.wps/.xls/.et, an OFD built to the
standard, OCR (RapidOCR, models inside its wheel) for scans, openpyxl for .xlsx; each fixture is then asked
a question only it can answer, through the real Assistant."""

from __future__ import annotations

import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from jzbot.errors import UnreadableFile
from jzbot.ingest.chunking import chunk_document
from jzbot.ingest.formats import ocr, office, reader_for, suffixes
from jzbot.ingest.formats.tables import Table, row_sentence, table_blocks
from jzbot.ingest.loaders import load
from jzbot.ingest.metadata import extract
from jzbot.ingest.structure import paragraphs_of
from tests.conftest import DATA, KNOWLEDGE, make_settings
from tests.helpers.files import COUNTY_TABLE, make_docx, make_pdf, make_xlsx
from tests.helpers.ofd import make_ofd
from tests.helpers.scans import layout, make_scanned_pdf, render_page

FORMATS = DATA / "formats"
REPORT = KNOWLEDGE / "jiaozuo-kjj-2023-fazhi-zhengfu-report.txt"
OFD_NOTICE = [
    "焦作市科学技术局文件",
    "焦科〔2024〕23号",
    "焦作市科学技术局关于公布2024年度焦作市新型研发机构名单的通知",
    "各县（市）区科技主管部门，各有关单位：",
    "根据《焦作市新型研发机构认定管理办法》，经单位申报、专家评审和公示，2024年度认定焦作市新型研发机构8家，现予以公布。",
    "一、支持政策",
    "（一）经费支持。对新认定的市级新型研发机构，每家给予一次性奖励30万元。",
    "焦作市科学技术局",
    "2024年5月6日",
]
TABLE_TITLE = "2023年各县区技术合同成交额"
needs_soffice = pytest.mark.skipif(
    office.soffice() is None, reason="LibreOffice (libreoffice-writer-nogui) not installed"
)


def _scan_pages() -> list[list[str]]:
    """Page 1: the report's 版头 and opening; page 2: its part 三 (高新技术企业 累计474家), as printed pages."""
    lines = [line for line in REPORT.read_text("utf-8").splitlines() if line.strip()]
    part3 = next(i for i, line in enumerate(lines) if line.startswith("三、"))
    return [layout(lines)[0], layout(lines[part3:])[0]]


@pytest.fixture(scope="module")
def knowledge(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("formats")
    shutil.copytree(KNOWLEDGE / "_vocab", folder / "_vocab")  # the bureau's vocabulary, not its report
    for fixture in FORMATS.iterdir():
        shutil.copy(fixture, folder / fixture.name)
    make_ofd(folder / "新型研发机构名单.ofd", OFD_NOTICE)
    make_xlsx(folder / "县区技术合同统计.xlsx", TABLE_TITLE, COUNTY_TABLE)
    make_scanned_pdf(folder / "法治政府建设报告扫描件.pdf", _scan_pages(), header="内部资料 注意保存")
    return folder


@pytest.fixture(scope="module")
def assistant(knowledge: Path, tmp_path_factory: pytest.TempPathFactory, embeddings):
    from jzbot.assistant import Assistant

    a = Assistant(make_settings(tmp_path_factory.mktemp("data"), knowledge), embeddings=embeddings)
    report = a.ingest()
    assert not report.failed, report.failed
    return a


def test_every_format_has_one_registered_reader() -> None:
    for suffix in (
        ".txt",
        ".md",
        ".html",
        ".docx",
        ".pdf",
        ".doc",
        ".wps",
        ".xls",
        ".et",
        ".xlsx",
        ".ofd",
        ".png",
        ".jpg",
        ".tif",
    ):
        assert reader_for(suffix) is not None, suffix
    assert reader_for(".exe") is None and ".exe" not in suffixes()


# -- through the real Assistant: each file answers what only it holds --------------------------------------
@needs_soffice
@pytest.mark.parametrize(
    ("question", "expected", "source"),
    [
        ("2024年企业研发费用后补助资金总额是多少？", "1860万元", "研发费用后补助通知.doc"),
        ("创新创业大赛一等奖每名奖励多少钱？", "20万元", "创新创业大赛通知.wps"),
        ("2024年度认定了多少家焦作市新型研发机构？", "8家", "新型研发机构名单.ofd"),
        ("2023年各县区技术合同成交额表里温县是多少", "3.26亿元", "县区技术合同统计.xlsx"),
        ("2023年高新技术企业累计达到多少家？", "474家", "法治政府建设报告扫描件.pdf"),
    ],
)
def test_each_format_answers_from_its_own_file(assistant, question: str, expected: str, source: str) -> None:
    answer = assistant.ask(question)
    assert answer.found, answer.answer
    assert expected in answer.answer.replace(" ", "")
    assert answer.citations[0].source == source


def test_a_table_cell_is_cited_to_its_table_and_enters_the_figure_registry(assistant) -> None:
    answer = assistant.ask("2023年各县区技术合同成交额表里温县是多少")
    assert answer.citations[0].section == f"表：{TABLE_TITLE}"
    assert answer.citations[0].quote.startswith(
        "温县：2023年技术合同成交额3.26亿元"
    )  # the title's year in each cell
    figures = {
        (f.indicator, f.value, f.unit) for f in assistant.figures() if f.doc_id == "县区技术合同统计.xlsx"
    }
    assert ("温县技术合同成交额", "3.26", "亿元") in figures
    assert ("孟州市同比增长", "-3.2", "%") in figures  # a negative cell keeps its sign


def test_ocr_citations_say_page_and_ocr(assistant) -> None:
    answer = assistant.ask("2023年高新技术企业累计达到多少家？")
    assert answer.citations[0].section.endswith("（第2页，OCR识别）")
    assert answer.citations[0].section.startswith("三、依法全面履行政府职能")


def test_ofd_document_metadata_is_read(assistant) -> None:
    entry = assistant.lookup("焦科〔2024〕23号")
    assert OFD_NOTICE[2] in entry.answer  # the title, wrapped onto two printed lines, is whole again


# -- the readers one by one ----------------------------------------------------------------------------
@pytest.mark.slow
@needs_soffice
@pytest.mark.parametrize("name", ["研发费用后补助通知.doc", "创新创业大赛通知.wps"])
def test_legacy_word_files_are_converted_by_libreoffice(name: str) -> None:
    paras = paragraphs_of(load(FORMATS / name))
    meta = extract(paras, Path(name).stem)
    assert meta["doc_number"] in ("焦科〔2024〕12号", "焦科〔2024〕19号")
    assert meta["title"].startswith("焦作市科学技术局关于")


@pytest.mark.slow
@needs_soffice
@pytest.mark.parametrize("suffix", [".xls", ".et"])
def test_legacy_sheets_are_converted_by_libreoffice(tmp_path: Path, suffix: str) -> None:
    xlsx = make_xlsx(tmp_path / "table.xlsx", TABLE_TITLE, COUNTY_TABLE)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'p').as_uri()}",
            "--headless",
            "--convert-to",
            "xls",
            "--outdir",
            str(tmp_path),
            str(xlsx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    legacy = (tmp_path / "table.xls").rename(tmp_path / f"table{suffix}")  # WPS 表格 .et is the same binary
    rows = [b for b in load(legacy) if b.table]
    assert "温县：2023年技术合同成交额3.26亿元。" in [b.text for b in rows]
    assert {b.table for b in rows} == {TABLE_TITLE}


def test_missing_libreoffice_is_a_per_file_error_naming_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(office.shutil, "which", lambda _name: None)
    with pytest.raises(UnreadableFile, match="libreoffice-writer-nogui"):
        load(FORMATS / "研发费用后补助通知.doc")


def test_docx_tables_are_rows_with_headers_in_body_order(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "t.docx", ["关于2023年技术合同登记情况的说明", TABLE_TITLE], COUNTY_TABLE)
    blocks = load(path)
    assert blocks[0].text.endswith(TABLE_TITLE) and not blocks[0].table
    # The title's one year (2023年各县区…) is each cell's year, said with it.
    assert [b.text for b in blocks[1:3]] == [
        "解放区：2023年技术合同成交额4.12亿元。",
        "解放区：2023年同比增长12.3%。",
    ]
    assert all(b.table == TABLE_TITLE for b in blocks[1:])
    chunks = chunk_document("t.docx", paragraphs_of(blocks), {"title": "说明"})
    assert any(
        c.section == f"表：{TABLE_TITLE}" and "温县：2023年技术合同成交额3.26亿元" in c.text for c in chunks
    )


def test_ofd_text_is_in_reading_order_without_the_template(tmp_path: Path) -> None:
    path = make_ofd(tmp_path / "n.ofd", OFD_NOTICE * 3)  # several pages; objects shuffled, lines split in two
    blocks = load(path)
    assert [b.page for b in blocks] == list(range(1, len(blocks) + 1)) and len(blocks) >= 2
    assert "".join(b.text for b in blocks).replace("\n", "") == "".join(OFD_NOTICE * 3)


def test_a_damaged_ofd_is_refused_with_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "bad.ofd"
    with __import__("zipfile").ZipFile(path, "w") as z:
        z.writestr("OFD.xml", "<ofd:OFD xmlns:ofd='http://www.ofdspec.org/2016'><ofd:DocBody/></ofd:OFD>")
    with pytest.raises(UnreadableFile, match="DocRoot"):
        load(path)


def test_pdf_furniture_is_not_body_text(tmp_path: Path) -> None:
    body = [
        "全市科技工作会议要求各单位抓好科技项目管理，",
        "确保财政科技资金使用安全规范有效。",
        "今年共组织科技项目验收四十余项，督促整改问题十二个。",
    ]
    pages = [["焦作市科学技术局", "内部资料", body[n - 1], f"第{n}页 共3页"] for n in (1, 2, 3)]
    pages[2] += [
        "焦作市科学技术局",
        "2024年1月4日",
        "抄送：市委办公室，市政府办公室。",
        "焦作市科学技术局办公室 2024年1月5日印发",
    ]
    paras = paragraphs_of(load(make_pdf(tmp_path / "f.pdf", pages)))
    texts = [p.text for p in paras]
    # The running header goes; the same words as the signature, inside the last page, stay.
    assert texts.count("焦作市科学技术局") == 1 and "内部资料" not in texts
    assert not any("页 共" in t for t in texts)
    # The sentence broken at the foot of page 1 is joined across the page break and cited to page 1.
    assert [(p.page, p.text) for p in paras if "科技" in p.text and "印发" not in p.text] == [
        (1, body[0] + body[1]),
        (3, body[2]),
    ]
    chunks = chunk_document("f.pdf", paras, {"title": "f"})
    tail = [c for c in chunks if "印发" in c.text]
    assert tail and tail[0].section.startswith("落款")  # the 版记 closes the document, outside the body


def test_scanned_pdf_is_ocrd_page_by_page_with_furniture_removed(assistant) -> None:
    # What the ingest made of the scan (read once, by the Assistant above: OCR is the slow part of this suite).
    chunks = [c for c, m in assistant.knowledge.rows if m.doc_id == "法治政府建设报告扫描件.pdf"]
    assert {c.section[-11:] for c in chunks} == {"（第1页，OCR识别）", "（第2页，OCR识别）"}
    text = "".join(c.text for c in chunks).replace(" ", "")
    assert "内部资料" not in text  # the running header, repeated on each page
    assert "—1—" not in text and "—2—" not in text  # page numbers
    assert any(c.section.startswith("三、依法全面履行政府职能") for c in chunks)  # a heading stays a heading
    # OCR lines broken at the page edge are joined back into sentences by the same repair as any PDF.
    assert "全年净增高新技术企业86家，累计达到474家" in text.replace("\n", "")


@pytest.mark.slow
def test_an_image_of_a_table_becomes_rows_with_headers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    image = render_page([TABLE_TITLE], rows=COUNTY_TABLE)
    image.save(tmp_path / "table.png")
    # Offline: the models load from the installed wheel; any attempt to reach the network fails the test.
    ocr.engine.cache_clear()
    monkeypatch.setattr(socket.socket, "connect", lambda *_a: pytest.fail("OCR tried to use the network"))
    rows = [b for b in load(tmp_path / "table.png") if b.table]
    assert {b.table for b in rows} == {TABLE_TITLE} and all(b.ocr for b in rows)
    assert "温县：2023年技术合同成交额3.26亿元。" in [b.text for b in rows]


@pytest.mark.parametrize(
    ("header", "row", "sentence"),
    [
        (
            ["县区", "技术合同成交额（亿元）", "同比增长（%）"],
            ["温县", "3.26", "15.6"],
            "温县：技术合同成交额3.26亿元；同比增长15.6%。",
        ),
        (
            ["单位", "金额(万元)", "备注"],
            ["市科技局", "1,200", "含结转"],
            "市科技局：金额1,200万元；备注为含结转。",  # as the table shows it
        ),
        (["县区", "企业数（家）", "其中高企（家）"], ["孟州市", "", "41"], "孟州市：其中高企41家。"),
        (["县区", "企业数（家）"], ["", "12"], "企业数12家。"),  # no row header is invented
    ],
)
def test_a_row_names_its_row_and_columns(header: list[str], row: list[str], sentence: str) -> None:
    assert row_sentence(header, row) == sentence


def test_a_caption_unit_note_applies_to_columns_without_their_own() -> None:
    table = Table("2023年各县区研发投入（单位：万元）", ["县区", "研发投入"], [["温县", "8650"]])
    assert [(b.text, b.table) for b in table_blocks(table)] == [
        ("温县：研发投入8650万元。", "2023年各县区研发投入")
    ]
