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


def test_a_page_date_spaced_out_is_the_documents_date(tmp_path: Path) -> None:
    # Some sites print the page's date with spaces in it (日期: 2022- 06- 30 10: 05); it is still a date.
    page = tmp_path / "page.txt"
    page.write_text(
        "某县科学技术局2022年上半年工作总结\n  • 日期: 2022- 06- 30 10: 05\n  • 来源: 县科技局\n\n"
        "上半年，全县新增科技型中小企业二十家。\n",
        encoding="utf-8",
    )
    meta, _ = parse_file(page, "page.txt")
    assert meta.date == "2022-06-30"


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


def test_a_pipe_table_in_plain_text_becomes_row_sentences() -> None:
    from jzbot.ingest.formats.tables import pipe_table_blocks

    text = "一、研发投入\n表1 各县研发投入\n序号 | 县区 | 研发投入(亿元) | 增速(%)\n1 | 甲县 | 2.50 | 6.1\n2 | 乙县 | 1.20 | -0.8\n全市 | 3.70 | 3.9\n说明。"
    rows = [b.text for b in pipe_table_blocks(text) if b.table]
    assert rows == [  # each cell a sentence of its own, with its row, its column and its unit
        "甲县：研发投入2.50亿元。",
        "甲县：增速6.1%。",
        "乙县：研发投入1.20亿元。",
        "乙县：增速-0.8%。",
        "全市：研发投入3.70亿元。",
        "全市：增速3.9%。",
    ]


@pytest.mark.parametrize(
    ("text", "draft"),
    [
        ("帮我写一段科技特派员工作的总结", True),
        ("麻烦拟个通知，提醒各县区报送统计数据", True),
        ("请草拟一份研发平台认定的公示", True),
        ("报告里写了哪些成绩", False),
        ("起草单位是哪个部门", False),
    ],
)
def test_a_drafting_request_is_recognised_by_its_opening(text: str, draft: bool) -> None:
    from jzbot.answer.intent import Intent, intent_of

    assert (intent_of(text) is Intent.DRAFT) is draft


def test_question_features_of_genre_facts() -> None:
    asks = understand("研发平台公示有异议找谁，电话多少", TODAY)
    assert "contact" in asks.asks and asks.kind is not Kind.FIGURE  # 电话多少 is no figure
    assert "period" in understand("研发平台公示期是哪几天", TODAY).asks
    assert "named" in understand("园区升级以后叫啥名", TODAY).asks


@pytest.fixture(scope="module")
def genre_assistant(tmp_path_factory: pytest.TempPathFactory, fake_embeddings):
    from tests.conftest import indexed_with

    return indexed_with(tmp_path_factory, fake_embeddings, GENRES)


def test_genre_facts_are_answered_from_their_document(genre_assistant) -> None:
    a = genre_assistant.ask("洛阳研发平台公示有异议找谁")
    assert a.found and "孙倩" in a.answer
    a = genre_assistant.ask("洛阳研发平台拟认定名单的公示期是哪几天")
    assert "11月8日至11月14日" in a.answer
    # Two deadlines in one notice: each answered for what it is for.
    a = genre_assistant.ask("南阳转发的科技特派员项目，纸质申报书什么时候交")
    assert "3月24日" in a.answer and "3月20日" not in a.answer
    a = genre_assistant.ask("南阳转发的科技特派员项目网上填报截止到什么时候")
    assert "3月20日" in a.answer and "3月24日" not in a.answer


def test_document_facts_of_any_genre(genre_assistant) -> None:
    a = genre_assistant.ask("洛科 2021 21号是哪个单位发的")
    assert a.found and "洛阳市科学技术局" in a.answer and "焦作" not in a.answer
    a = genre_assistant.ask("洛科〈2021〉21号是哪天印发的")
    assert "二〇二一年十一月八日" in a.answer or "2021年11月8日" in a.answer
    a = genre_assistant.ask("科技特派员那个转发通知主送哪些单位")
    assert "各县(市、区)科技局" in a.answer
    # An edition the knowledge does not hold is refused, not answered from another one.
    a = genre_assistant.ask("洛阳第二批市级研发平台拟认定几家")
    assert not a.found and "12家" not in a.answer


def test_a_forwarding_notice_is_drafted_from_the_notice_it_forwards(genre_assistant) -> None:
    a = genre_assistant.ask("帮我起草一个转发通知，转发科技特派员服务项目申报的那个")
    assert a.found and "转发给你们" in a.answer
    assert "科技特派员服务项目" in a.answer and "3月20日" in a.answer  # the source's deadline, cited
    assert "3月15日" in a.answer  # ours, moved earlier
    assert "（请填写）" in a.answer and "周明" not in a.answer  # contacts left for the user


def test_two_deadlines_in_one_sentence_are_offered_apart() -> None:
    from jzbot.answer.evidence import spans
    from jzbot.models import Chunk

    text = "纸质材料请于7月20日前报送,电子版PDF请于7月25日前发送至邮箱。"
    found = {s.text for s in spans(Chunk(id="c", doc_id="d", chunk_no=0, section="正文", text=text))}
    assert "纸质材料请于7月20日前报送," in found and "电子版PDF请于7月25日前发送至邮箱。" in found


def test_a_list_of_counts_over_several_clauses_is_offered_whole() -> None:
    from jzbot.answer.evidence import spans
    from jzbot.models import Chunk

    text = (
        "根据《某县科研项目管理办法》,经组织专家评审、实地考察和局务会研究,确定2021年度科研计划项目15项,"
        "其中高校安排3项、医院安排4项,企业安排5项、研究所安排3项,现予以公示。"
    )
    found = {s.text for s in spans(Chunk(id="c", doc_id="d", chunk_no=0, section="正文", text=text))}
    assert "确定2021年度科研计划项目15项,其中高校安排3项、医院安排4项,企业安排5项、研究所安排3项," in found


def test_a_reply_without_a_docno_is_not_given_the_request_s(genre_assistant) -> None:
    # The 批复 cites the 请示's 文号; asked for the 批复's own, the answer says it has none.
    a = genre_assistant.ask("青山农业科技园区那个批复的文号是多少")
    assert not a.found and "青政〔2020〕17号" not in a.answer
    a = genre_assistant.ask("青山农业科技园区批复后叫啥名")
    assert "青山省级农业科技园区" in a.answer


def test_a_contact_question_gets_the_contact_block(genre_assistant) -> None:
    # 联系人是谁 asks a person's name: a 联系人 line names one; the whole contact block beats a phone alone.
    a = genre_assistant.ask("南阳科技特派员项目申报找谁，电话多少")
    assert "周明" in a.answer and "0377-63561234" in a.answer
    a = genre_assistant.ask("南阳市科学技术局那个特派员通知，联系人是谁")
    assert a.found and "周明" in a.answer


def test_a_spreadsheet_row_reads_as_the_sheet_shows_it(tmp_path: Path) -> None:
    import openpyxl

    from jzbot.ingest.formats.sheet import read_xlsx

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["某省科技活动主要指标"])
    sheet.append(["地区", "研发经费(万元)", "同比变化"])
    sheet.append(["全省", 1234567.891, 0.1567])
    sheet["B3"].number_format = "#,##0.00"
    sheet["C3"].number_format = "0.00%"
    book.save(tmp_path / "t.xlsx")
    rows = [b.text for b in read_xlsx(tmp_path / "t.xlsx") if b.table]
    assert rows == ["全省：研发经费1,234,567.89万元；同比变化15.67%。"]


def test_an_extent_word_binds_to_the_document_level(genre_assistant) -> None:
    # 全省 asked: a city's document answers only where its passage says 全省 itself.
    a = genre_assistant.ask("2023年全省技术合同成交额是多少")
    assert "35.6亿元" not in a.answer
    assert "35.6亿元" in genre_assistant.ask("青山市2023年技术合同成交额是多少").answer


def test_the_addressee_of_a_reply_is_who_asked() -> None:
    # 答复 and 函 are addressed to whoever asked: the 主送 line answers 谁提的 and 函告给哪个单位.
    assert understand("那个关于科普经费的提案是哪位委员提的", TODAY).meta_field == "recipients"
    assert understand("会办意见函告给哪个单位了", TODAY).meta_field == "recipients"


def test_a_measures_pdf_with_its_cover_notice(tmp_path: Path) -> None:
    from tests.helpers.files import make_pdf

    lines = [
        "来源：http://www.example.gov.cn/info/1.htm （某区政府网转载的省科技厅文件；",
        "存储副本仅保留开头）",
        "某省科学技术厅关于印发《某省科技企业孵化器管理办法》的通知",
        "某科高规〔2020〕4号",
        "各市（州）科技局：",
        "现将《某省科技企业孵化器管理办法》印发给你们，请认真贯彻执行。",
        "某省科学技术厅",
        "2020年4月20日",
        "某省科技企业孵化器管理办法",
        "第一条 为引导和促进科技企业孵化器高质量发展，制定本办法。",
        "第二条 本办法所称科技企业孵化器是培育科技企业的创业服务机构。",
    ]
    meta, chunks = parse_file(make_pdf(tmp_path / "办法.pdf", [lines]), "办法.pdf")
    assert meta.doc_number == "某科高规〔2020〕4号" and meta.date == "2020-04-20"
    assert meta.issuer == "某省科学技术厅"
    assert any(c.section.startswith("第二条") and "创业服务机构" in c.text for c in chunks)
    assert not any("存储副本" in c.text for c in chunks)  # the wrapped 来源 line is provenance too


def test_typed_facts_of_a_notice_and_a_publicity() -> None:
    from jzbot.registry.facts import build_facts

    rows = []
    for name in ("转发通知_科技特派员.txt", "公示_研发平台.txt"):
        meta, chunks = parse_file(GENRES / name, name)
        rows += [(c, meta) for c in chunks]
    facts = {(f.doc_id[:2], f.kind, f.label, f.value) for f in build_facts(rows)}
    assert ("转发", "deadline", "网上填报", "3月20日17:00前") in facts
    assert ("转发", "deadline", "纸质申报", "3月24日前") in facts
    assert ("转发", "contact", "联系人", "周明") in facts
    assert ("公示", "period", "公示期", "11月8日至11月14日") in facts
    assert ("公示", "contact", "联系人", "孙倩 0379-63301234") in facts


def test_a_typo_is_respelled_but_never_into_another_grade() -> None:
    from jzbot.answer.terms import _regraded

    assert not _regraded("高薪技术", "高新技术")
    assert _regraded("特等奖", "二等奖") and _regraded("乙类项目", "甲类项目")


def test_single_characters_the_documents_write_together_are_one_word(genre_assistant) -> None:
    # 减 / 证: the dictionary cuts them apart; the documents write 减证 (加大减证力度), so it is weighed as a word.
    from jzbot.answer.terms import terms_of

    engine = genre_assistant.engine()
    question = engine.understand("临川县科技局减证是从哪几方面推进的")
    assert "减证" in [t.word for t in terms_of(question, engine.knowledge, engine.vocab)]


def test_a_topic_sentence_has_the_sentences_after_it_that_say_the_kind_asked_as_items(
    genre_assistant,
) -> None:
    a = genre_assistant.ask("临川县科技局减证是从哪几方面推进的")
    assert a.found and all(x in a.answer for x in ("在减证明方面", "在减环节方面", "在减跑动方面"))
    assert "告知承诺制" not in a.answer  # the run of items ends at the first sentence that is no such item


def test_the_basis_a_document_cites_is_asked_by_what_it_was_based_on(genre_assistant) -> None:
    # 依据《A》（…号）和《B》（…号）: a title in the clause a basis word opens, never the document's own 文号
    first = genre_assistant.ask("青禾创新券管理办法是按照哪个文件制定的，文号是多少")
    assert first.found and "豫科〔2021〕88号" in first.answer and "国发〔2018〕25号" not in first.answer
    # a place the question names picks among the cited titles
    named = genre_assistant.ask("青禾创新券办法依据了青禾市的哪个措施，文号呢")
    assert named.found and "青政〔2022〕6号" in named.answer
    own = genre_assistant.ask("青禾市科技创新券管理办法的文号是多少")
    assert "青科〔2023〕11号" in own.answer


def test_a_follow_up_asking_what_the_document_was_based_on_is_asked_of_that_document(genre_assistant) -> None:
    # 依据的…办法 names a kind of document of its own; it is still the conversation's document's basis that is asked
    first = genre_assistant.converse("青禾市科技创新券管理办法的文号是多少")
    assert "青科〔2023〕11号" in first.answer.answer
    basis = genre_assistant.converse("依据的省里那个管理办法，文号多少", first.thread)
    assert basis.answer.found and "豫科〔2021〕88号" in basis.answer.answer
    assert "青科〔2023〕11号" not in basis.answer.answer


def test_a_long_place_said_by_its_short_form_picks_its_documents(genre_assistant) -> None:
    # 巴市 for 巴彦淖尔市 (first character + its kind): the document of that place answers, though its
    # contact sentence names the place in full and the short form only once.
    from jzbot.answer.scope import scope_of

    question = "巴市22年的科技信息公开年报有看不懂的地方打哪个电话"
    knowledge = genre_assistant.knowledge
    scope = scope_of(understand(question, TODAY), knowledge, genre_assistant.settings.home_org)
    assert scope.docs is not None and {knowledge.docs[d].place for d in scope.docs} == {"巴彦淖尔市"}
    a = genre_assistant.ask(question)
    assert a.found and "0478-8123456" in a.answer


def test_documents_made_in_a_year_are_the_home_organizations_unless_another_is_named(genre_assistant) -> None:
    # Another district's 答复 says it made a 办法 in 2023 too; asked without a place, the bureau's own record answers.
    a = genre_assistant.ask("23年局里新出台了哪些规范性文件")
    assert a.found and "焦科〔2023〕45号" in a.answer and "石政办" not in a.answer
    other = genre_assistant.ask("石湾区2023年制定了哪些文件")
    assert other.found and "石政办〔2023〕7号" in other.answer and "焦科" not in other.answer


def test_a_title_named_with_its_place_is_not_another_places_shortened_title(genre_assistant) -> None:
    # 焦作市科技创新券管理办法 is cited in the bureau's notice; 青禾's 科技创新券管理办法 has the same name but is
    # another city's: the 文号 asked is 焦作's, though the home city is no place cue.
    from jzbot.answer.scope import scope_of

    question = "焦作市科技创新券管理办法的文号是多少"
    scope = scope_of(
        understand(question, TODAY), genre_assistant.knowledge, genre_assistant.settings.home_org
    )
    assert not scope.cues
    a = genre_assistant.ask(question)
    assert a.found and "焦科〔2021〕17号" in a.answer and "青科" not in a.answer
    # asked with the 文号 last, as 市政府令第几号 is asked
    assert "焦科〔2021〕17号" in genre_assistant.ask("焦作市科技创新券管理办法是哪一号文").answer


def test_two_docnos_asked_at_once_are_each_answered(genre_assistant) -> None:
    # A 文号 is one noun when a question about two of them is cut in two, whatever the tagger makes of its parts.
    a = genre_assistant.ask("豫科〔2023〕12号跟洛科〈2021〉21号分别是什么文件")
    assert "科技特派员服务项目" in a.answer and "研发平台拟认定名单" in a.answer
    assert len(a.citations) >= 2


def _parsed(folder: Path, name: str, text: str):
    """The metadata a stored page ``name`` holding ``text`` is read with."""
    page = folder / name
    page.write_text(text, encoding="utf-8")
    return parse_file(page, page.name)[0]


def test_a_page_whose_title_has_no_year_is_of_the_year_its_file_name_says(tmp_path: Path) -> None:
    # Put online in March 2021, the page reports on 2020 work; the administrator's file name says so.
    meta = _parsed(
        tmp_path,
        "表彰2020年度科普工作先进_青山市.txt",
        "青山市科技局表彰科普工作先进集体\n发布时间: 2021-03-05 09:00\n\n"
        "青山市科技局日前通报表彰了2020年度科普工作先进集体六个。\n",
    )
    assert meta.year == 2020


def test_a_deadline_in_the_next_year_is_still_the_year_of_work_asked(genre_assistant) -> None:
    # The 2020年度 notice sets its deadline in 2021, the 2019年度 one in 2020: asked of 2020年度 work, the date
    # written 2021 answers, not the other edition's 2020 date.
    a = genre_assistant.ask("青山2020年度的科技统计报表几月几号前要报，报几份")
    assert a.found and "2021年4月15日" in a.answer and "一式两份" in a.answer


def test_a_province_written_before_a_county_locates_it(genre_assistant) -> None:
    # 江北临川县: the province says where the county is; the county's own summary answers, though it never names
    # the province, and the province's own 答复 is not asked.
    a = genre_assistant.ask("江北临川县科技局2022年引进高层次人才多少名")
    assert a.found and "12名" in a.answer and "四百" not in a.answer


def test_a_body_named_in_short_picks_its_documents_named_in_full(genre_assistant) -> None:
    # 江西省科技厅 is said by one document's title; the notice signed 江西省科学技术厅 is the same body's.
    from jzbot.answer.scope import scope_of

    engine = genre_assistant.engine()
    question = engine.understand("江西省科技厅推荐科技特色小镇的那个通知，一个设区市最多推几个镇")
    docs = scope_of(question, engine.knowledge, engine.home_org).docs or frozenset()
    assert {d.split("/")[-1] for d in docs} >= {"办法_江西孵化载体.txt", "通知_江西特色小镇.txt"}
    assert (
        "2个镇"
        in genre_assistant.ask("江西省科技厅推荐科技特色小镇的那个通知，一个设区市最多推几个镇").answer
    )


def test_how_long_asks_a_time_limit(genre_assistant) -> None:
    # 多长时间 is a question word, not a subject the documents must hold; 两个月内 states a time limit.
    from jzbot.answer.features import BY_NAME, found_in
    from jzbot.answer.terms import terms_of

    engine = genre_assistant.engine()
    text = "江西省科技厅那个特色小镇通知里，名称变了要在多长时间内报告"
    assert not any(
        "多长" in t.word for t in terms_of(engine.understand(text), engine.knowledge, engine.vocab)
    )
    assert found_in(BY_NAME["when"], "", "应在两个月内书面报告")
    assert "两个月内" in genre_assistant.ask(text).answer


def test_a_figure_of_a_place_is_its_whole_extent(genre_assistant) -> None:
    # 江西…增长多少 asks the province's figure: the 全省 sentence, not a city's shorter one.
    a = genre_assistant.ask("江西2023年上半年规上工业研发费用同比增长多少")
    assert "8.1%" in a.answer and "12.3%" not in a.answer


def test_an_item_whose_line_goes_on_is_shown_with_what_it_says(genre_assistant) -> None:
    # 2)具备稳定的技术服务队伍。镇内常驻科技特派员不少于5人…: the item's first sentence names the point, the next says it.
    a = genre_assistant.ask("推荐科技特色小镇对技术服务队伍有啥要求")
    assert "不少于5人" in a.answer


def test_a_provenance_note_quoting_an_open_bracket_does_not_swallow_the_page(tmp_path: Path) -> None:
    # The note says where the stored copy was cut (在"第三条第(二"处截断): its bracket is quoted, not open, and plain
    # text is never wrapped: the lines after it are the document, not more of the note.
    page = tmp_path / "年报_某区科技局.txt"
    page.write_text(
        '来源：http://example.gov.cn/nb.html （某区政府网；存储副本在"第三条第(二"处截断）\n'
        "某区科学技术局2022年政府信息公开工作年度报告\n\n"
        "一、总体情况\n全年主动公开政府信息41条。\n",
        encoding="utf-8",
    )
    meta, chunks = parse_file(page, page.name)
    assert meta.title == "某区科学技术局2022年政府信息公开工作年度报告"
    assert any("41条" in c.text for c in chunks) and not any("来源" in c.text for c in chunks)


def test_a_yearbook_table_says_each_row_s_unit_and_its_parts() -> None:
    # Years across, indicators down: the unit is the row's (…(万人)), a label's unit may wrap onto a row of its own,
    # and the rows under an indicator (#marked or not) are its parts, in its unit. A title or a note with empty
    # cells after it is text around the table.
    from jzbot.ingest.formats.tables import pipe_table_blocks

    text = (
        "表7 某省技术市场主要指标 | ||||\n项目 | 2019 | 2020 | 2021 |\n合同成交项数 | 812 | 905 | 1033 |\n"
        "(项) | |||\n#技术开发 | 301 | 344 | 402 |\n技术服务 | 511 | 561 | 631 |\n成交金额(亿元) | 12.5 | 14.1 | 16.8 |\n"
        "注:不含军工合同。 | ||||\n"
    )
    blocks = pipe_table_blocks(text)
    rows = [b.text for b in blocks if b.table]
    # each cell a sentence of its own (``ingest/formats/layout.py``): row, column, value and the row's unit
    assert len(rows) == 12
    assert "2021年合同成交项数1033项。" in rows
    assert "2020年合同成交项数中技术开发344项。" in rows and "2019年合同成交项数中技术服务511项。" in rows
    assert "2020年成交金额14.1亿元。" in rows
    assert {b.table for b in blocks if b.table} == {"表7 某省技术市场主要指标"}
    assert any("不含军工合同" in b.text for b in blocks if not b.table)


def test_a_row_of_years_is_of_each_year_it_states() -> None:
    from jzbot.answer.evidence import year_ok
    from jzbot.models import DocMeta

    meta = DocMeta(doc_id="d", source="d", title="t", content_hash="h")
    row = "成交金额(亿元)：2019年12.5亿元；2020年14.1亿元；2021年16.8亿元。"
    assert year_ok(understand("2020年成交金额多少亿元", TODAY), meta, row)
    assert not year_ok(understand("2022年成交金额多少亿元", TODAY), meta, row)


def test_a_figure_asked_of_an_indicator_is_not_one_of_its_parts(genre_assistant) -> None:
    a = genre_assistant.ask("江西2021年合同成交项数是多少项")
    assert "1033项" in a.answer and "402项" not in a.answer
    assert "344项" in genre_assistant.ask("江西2020年技术开发合同成交多少项").answer


def test_the_year_before_a_document_s_own_and_a_deadline_after_its_cycle() -> None:
    from jzbot.answer.evidence import year_ok
    from jzbot.models import DocMeta

    # A 2017 通报's 去年 opening a clause is 2016; 高于去年同期 is a baseline, no year of the figure.
    report = DocMeta(doc_id="d", source="d", title="t", content_hash="h", year=2017)
    said = "去年一年，全区科普讲座共办了58场。"
    assert year_ok(understand("2016年全区科普讲座办了多少场", TODAY), report, said)
    baseline = "科普讲座58场，高于去年同期12场。"
    assert not year_ok(understand("2016年全区科普讲座办了多少场", TODAY), report, baseline)
    # The 2019年度 cycle's forms are due in 2020: the date answers a when-question of the 2019年度 work.
    cycle = DocMeta(doc_id="d", source="d", title="t", content_hash="h", year=2019)
    due = "请于2020年2月10日前将年度报表报送市科技局。"
    assert year_ok(understand("2019年度的年度报表哪天前报", TODAY), cycle, due)
    assert not year_ok(understand("2019年的年度报表数据是多少", TODAY), cycle, due)


def test_a_party_office_code_keeps_its_committee() -> None:
    # 委办 is the code of a 党委办公室 (临河委办发), not the end of a 市科委 before its code.
    assert [d.key for d in find_docnos("文号:临河委办发〔2021〕7号")] == ["临河委办发〔2021〕7号"]
    assert [d.key for d in find_docnos("市科委科技〔2019〕3号")] == ["科技〔2019〕3号"]


def test_the_basis_an_article_cites_is_no_list_of_documents_made() -> None:
    # 根据哪些文件制定的 asks what one document was based on, not which documents were made.
    assert understand("那个实施细则第二条是根据哪些文件制定的", TODAY).kind is not Kind.DOCNO_LIST
    assert understand("某某管理办法是依据什么法规制定的", TODAY).kind is not Kind.DOCNO_LIST
    assert understand("2023年制定了哪些规范性文件", TODAY).kind is Kind.DOCNO_LIST


def test_a_long_title_quoting_another_and_its_addressees(tmp_path: Path) -> None:
    # The title quotes a long title with 、 inside: it is one 版头 line, and the 主送 after it is read apart.
    page = tmp_path / "函_转发.txt"
    page.write_text(
        "发布机构: 发布日期: 2021-04-02\n"
        "某省科学技术厅关于转发《科技部关于加强科技伦理(医学、生命科学等领域)审查委员会建设与管理工作的通知》的函\n"
        "各设区市科技局,省直有关单位:\n"
        "现将上述通知转发给你们,请遵照执行。\n某省科学技术厅\n2021年3月30日\n",
        encoding="utf-8",
    )
    meta, _ = parse_file(page, page.name)
    assert meta.title.startswith("某省科学技术厅关于转发《科技部") and meta.title.endswith("的函")
    assert meta.recipients == "各设区市科技局,省直有关单位"
    assert understand("那份转发科技伦理的函是发给谁的", TODAY).meta_field == "recipients"


def test_a_docno_with_a_deadline_asked_is_a_question_of_its_content() -> None:
    q = understand("某科〔2022〕8号里，联络员名单几号前报", TODAY)
    assert q.kind is Kind.FACT and q.docnos == ["某科〔2022〕8号"]
    assert understand("某科〔2022〕8号是谁发的", TODAY).meta_field == "issuer"


def test_what_is_required_of_one_thing_is_a_fact_however_it_is_asked() -> None:
    # 有啥要求 is 有什么要求: the requirement a clause states; 有啥打算 still asks for items.
    for text in ("申报人学历有啥要求", "申报人学历有什么要求", "对合作单位有啥条件"):
        assert understand(text, TODAY).kind is Kind.FACT
    assert understand("明年有啥打算", TODAY).kind is Kind.LIST


def test_a_word_the_corpus_lacks_said_by_a_word_of_the_question_it_opens_with(genre_assistant) -> None:
    # 邮箱地址 is not in the documents, 邮箱 is, and the question says both: the longer word asks nothing more.
    from jzbot.answer.terms import terms_of

    engine = genre_assistant.engine()
    text = "江西特色小镇推荐材料发哪个邮箱，邮箱地址是啥"
    assert "邮箱地址" not in {
        t.word for t in terms_of(engine.understand(text), engine.knowledge, engine.vocab)
    }
    assert "tsxz2023@163.com" in genre_assistant.ask(text).answer


def test_which_village_asks_for_a_place_name() -> None:
    # 哪个村 asks for a village: the two characters before 村 name it (石桥村), not a generic 农村 or 示范村.
    from jzbot.answer.features import BY_NAME, asked_features, found_in

    asks = asked_features("丰水县科技下乡到的是哪个村")
    assert asks == {"place": "村"}
    assert found_in(BY_NAME["place"], "村", "县农技中心深入石桥村")
    for generic in ("开展科技下乡进农村宣传", "建设一批示范村", "走进各乡镇"):
        assert not found_in(BY_NAME["place"], "村", generic) and not found_in(
            BY_NAME["place"], "乡镇", generic
        )
    assert not asked_features("哪个村委会负责")  # a body of the village, not the village


def test_which_village_is_answered_by_the_sentence_naming_one(genre_assistant) -> None:
    a = genre_assistant.ask("丰水县科技局科技下乡去的是哪个村")
    assert "石桥村" in a.answer


def test_a_who_verb_the_corpus_lacks_is_no_subject_and_a_group_names_its_leader(genre_assistant) -> None:
    # 谁挂帅的: the documents name the leader of a group (王建平等8位同志) without the question's verb for it.
    a = genre_assistant.ask("丰水县2023年度科技下乡先进个人是谁挂帅的？一共多少人")
    assert a.found and "王建平" in a.answer


def test_a_phrase_the_question_quotes_is_one_named_thing(genre_assistant) -> None:
    # “四提” in the question's own quotation marks is a name the document holds (unquoted, expanded in brackets);
    # alone, jieba reads 四 as a numeral and 提 as a verb too short to weigh.
    from jzbot.answer.terms import terms_of

    engine = genre_assistant.engine()
    text = "丰水县科技下乡工作说的“四提”是哪四个"
    assert "四提" in {t.word for t in terms_of(engine.understand(text), engine.knowledge, engine.vocab)}
    assert "提产业" in genre_assistant.ask(text).answer


def test_two_questions_typed_with_a_list_comma() -> None:
    # 多少项、奖金多少: the list comma ends one question (its question word right before it) and opens another;
    # 哪些单位、哪些个人 and 一等奖、二等奖 list what one question asks.
    from jzbot.answer.compound import questions

    def split(q: str) -> list[str]:
        return questions(q, lambda _: True, lambda _: False)

    assert split("丰水县科技进步奖一等奖几项、奖金多少？") == ["丰水县科技进步奖一等奖几项", "奖金多少？"]
    assert split("申报书最晚哪天交、交到哪？") == ["申报书最晚哪天交", "交到哪？"]
    assert split("哪些单位、哪些个人受到表彰") == ["哪些单位、哪些个人受到表彰"]
    assert split("一等奖、二等奖各多少") == ["一等奖、二等奖各多少"]


def test_each_of_two_questions_in_one_message_is_answered(genre_assistant) -> None:
    a = genre_assistant.ask("丰水县科技进步奖二等奖多少项、奖金多少？")
    assert "二等奖12项" in a.answer and "二等奖4000元" in a.answer


def test_a_verb_right_after_where_is_the_predicate_not_the_kind_of_answer(genre_assistant) -> None:
    # 在哪颁发: 哪 asks where; 颁发 is what is done there and stays a word of the question, not an answer type.
    from jzbot.answer.terms import terms_of

    engine = genre_assistant.engine()
    text = "丰水县科技进步奖的荣誉证书在哪颁发"
    terms = {t.word: t for t in terms_of(engine.understand(text), engine.knowledge, engine.vocab)}
    assert "颁发" in terms and not terms["颁发"].asked
    # 送哪个办公室: a noun after the question word still names the kind of answer.
    terms = {
        t.word: t for t in terms_of(engine.understand("申报书送哪个办公室"), engine.knowledge, engine.vocab)
    }
    assert "办公室" not in terms or terms["办公室"].asked


def test_which_holder_of_a_post_is_answered_by_the_post_and_a_name(genre_assistant) -> None:
    # 哪位副局长: the span naming the post's holder (副局长周明远) joins the best span about the meeting, also when
    # the question names two organizations (each one's span picked).
    from jzbot.answer.features import BY_NAME, asked_features, found_in

    assert asked_features("县科技局哪位副局长出席了") == {"holder": "副局长"}
    assert asked_features("领导小组组长是谁").get("holder") == "组长"
    assert found_in(BY_NAME["holder"], "副局长", "县科技局副局长周明远出席")
    assert not found_in(BY_NAME["holder"], "副局长", "县科技局副局长出席")
    a = genre_assistant.ask("丰水县农业科技成果转化那件提案，县科技局哪位副局长出席了座谈")
    assert "周明远" in a.answer


def test_a_verb_after_what_still_names_the_kind_of_answer(genre_assistant) -> None:
    # 有什么要求: jieba tags 要求 a verb, yet after 什么 it is the kind of answer, weighed down as before.
    from jzbot.answer.terms import terms_of

    engine = genre_assistant.engine()
    terms = {
        t.word: t
        for t in terms_of(engine.understand("丰水县科技进步奖有什么要求"), engine.knowledge, engine.vocab)
    }
    assert "要求" not in terms or terms["要求"].asked


def test_what_a_document_was_made_to_carry_out_is_its_basis(genre_assistant) -> None:
    # 为贯彻落实中央《A》(…)和省委、省政府《B》(…)精神: titles a document carries out are its basis too, and the
    # body written before a title (省委、省政府) tells the cited titles apart
    carried = genre_assistant.ask("沧浪这份实施意见是贯彻省委省政府哪个文件出台的？文号多少")
    assert carried.found and "江发〔2018〕9号" in carried.answer and "中发〔2017〕5号" not in carried.answer
    # asked by its 文号, what it acts under is its content, not what the 文号 is
    by_number = genre_assistant.ask("沧政发〔2019〕21号是依据哪个文件精神出台的")
    assert by_number.found and "江发〔2018〕9号" in by_number.answer and "文件于" not in by_number.answer


def test_a_decision_is_asked_what_rule_it_acts_under(genre_assistant) -> None:
    # 根据《…办法》的有关规定，…决定命名…: the clause that names the rule answers, not the attachment line
    ruled = genre_assistant.ask("沧浪区命名科普示范基地是按照什么规定办的")
    assert ruled.found and "认定和管理办法" in ruled.answer
    assert "附件" not in ruled.answer
    # 依据 as the noun asked: the clause saying it, not the clause saying what was done (决定命名…)
    basis = genre_assistant.ask("沧浪区科普示范基地命名的依据是什么")
    assert basis.found and "认定和管理办法" in basis.answer


def test_a_publicity_period_within_one_month_or_by_its_length(genre_assistant) -> None:
    # 6月8-14日 is a period as much as 6月8日至6月14日; 公示期为7个工作日 answers how long when no dates are given
    days = genre_assistant.ask("沧浪区众创空间拟备案公示是哪几天")
    assert days.found and "6月8-14日" in days.answer
    length = genre_assistant.ask("青山县科普教育基地公示期几天")
    assert length.found and "7个工作日" in length.answer


def test_a_news_piece_asked_when_it_was_put_out_is_dated_by_its_page(genre_assistant) -> None:
    # 那篇稿子是哪天发的 asks the page's date, not the date of the event it reports
    put_out = genre_assistant.ask("丰水县科技下乡那篇稿子是哪天发的")
    assert put_out.found and "2023-06-02" in put_out.answer and "6月1日" not in put_out.answer
    # the same asked after a comma and with its question mark
    marked = genre_assistant.ask("丰水县科技下乡的那篇报道，是哪天发布的？")
    assert marked.found and "2023-06-02" in marked.answer


def test_points_asked_are_counted_not_the_hour(genre_assistant) -> None:
    # 几点要求 counts the points (提出四点要求); 几点 alone would ask the hour
    points = genre_assistant.ask("青山县长调研县科技局提了几点要求")
    assert points.found and "四点要求" in points.answer


def test_the_measure_typed_is_the_unit_and_this_year_is_the_year_named(genre_assistant) -> None:
    # 公开了几条: 条 is counted (公开了 holds 开了, which alone would count meetings, 次)
    items = genre_assistant.ask("青山县科技局2019年信息公开年报里主动公开了几条信息")
    assert items.found and "42条" in items.answer
    # 本年度 in a question that names 2019 is 2019, not today's year
    files = genre_assistant.ask("青山县科技局2019年年报，全年公开了几件本年度制定的规范性文件")
    assert files.found and "3件" in files.answer and "2024" not in files.answer


def test_a_full_year_is_not_answered_from_part_of_it(genre_assistant) -> None:
    # 全年 asked of a release covering 1-9月: that is no full year's figure; asked for the months, it answers
    full = genre_assistant.ask("青山县2022年全年高新技术产业增加值增长了多少")
    assert not full.found and "12.3%" not in full.answer
    months = genre_assistant.ask("青山县2022年1-9月高新技术产业增加值增长了多少")
    assert months.found and "12.3%" in months.answer


def test_a_deputy_is_not_the_post_asked(genre_assistant) -> None:
    # 谁任组长: the clause naming only the 副组长 does not say the 组长 (a deputy holds another post), so the clause
    # that names who leads is the answer; 非 before a word made it another word already.
    from jzbot.answer.terms import Term, support

    leader = Term("组长", ("组长",), 1.0, True, True)
    assert support(leader, "县科协主席为副组长") < 1.0
    assert support(leader, "由县委宣传部部长任组长，县科协主席为副组长") == 1.0
    a = genre_assistant.ask("丰水县科普工作领导小组由谁担任组长")
    assert a.found and "县委宣传部部长任组长" in a.answer


def test_a_year_asked_of_a_page_that_states_none_is_refused_naming_it(genre_assistant) -> None:
    # 哪一年: a span stating only 10月12日 gives no year; the refusal says the document does not state one.
    from jzbot.answer.features import BY_NAME, asked_features, found_in

    assert "year" in asked_features("联席会议是在哪一年召开的")
    assert "year" in asked_features("这次表彰是哪个年度的")
    assert found_in(BY_NAME["year"], "", "本方案以2021年为基准年")
    assert found_in(BY_NAME["year"], "", "二〇二一年十月")
    assert not found_in(BY_NAME["year"], "", "10月12日，联席会议召开")
    a = genre_assistant.ask("丰水县科普工作联席会议是在哪一年召开的")
    assert not a.found and "年份" in a.answer
    a = genre_assistant.ask("丰水县数字农业行动方案以哪一年为基准年")
    assert a.found and "2021年" in a.answer


def test_a_docno_beside_a_word_of_its_content_asks_the_content(genre_assistant) -> None:
    # 基地 is a noun of the knowledge that the document's title does not say: the question asks what the document
    # says, not what it is; 还管用不 asks its status, 对应哪个 names nothing of its content (a verb by its tag).
    from jzbot.answer.understand import Kind

    engine = genre_assistant.engine()
    assert engine.understand("丰政办〔2022〕9号的示范基地建在哪").kind is not Kind.DOCNO
    assert engine.understand("丰政办〔2022〕9号是啥文件，还管用不").kind is Kind.DOCNO
    assert engine.understand("丰政办〔2022〕9号对应哪个方案").kind is Kind.DOCNO
    a = genre_assistant.ask("丰政办〔2022〕9号的示范基地在哪个园区")
    assert a.found and "县现代农业产业园" in a.answer


def test_a_vague_quantity_is_no_figure(genre_assistant) -> None:
    # 培育一批…: 多少个 asks a count the page does not give; 一批, 一系列 count nothing.
    from jzbot.answer.evidence import has_unit

    assert not has_unit("全县培育一批科普示范基地", ["个", "家", "批"])
    assert not has_unit("推出一系列科普活动", ["项", "个"])
    assert has_unit("第二批认定12家", ["家"])
    assert has_unit("分两批下达", ["批"])
    a = genre_assistant.ask("丰水县今后三年要培育多少个科普示范基地")
    assert not a.found


def test_a_page_s_own_date_greeting_breadcrumb_and_opening_docno_are_its_identity(tmp_path: Path) -> None:
    # A news page: a greeting and a breadcrumb are no title; 时间:2022-06-08 under the headline dates it, while a
    # notice's 时间:6月8日 is what it announces.
    assert is_furniture("欢迎访问青禾市科学技术局网站")
    assert is_furniture("您所在的位置:首页新闻中心工作动态")
    assert fields("来源:市科技局 时间:2022-06-08 10:15") == {"来源": "市科技局", "时间": "2022-06-08 10:15"}
    assert fields("时间:6月8日上午9时") is None
    meta = _parsed(
        tmp_path,
        "动态_青禾市.txt",
        "欢迎访问青禾市科学技术局网站\n您所在的位置: 首页 新闻中心 工作动态\n青禾市举办科技成果路演活动\n"
        "来源:市科技局  时间:2022-06-08 10:15\n\n6月7日，青禾市科技成果路演活动在高新区举行，12个项目现场签约。\n",
    )
    assert meta.title == "青禾市举办科技成果路演活动" and meta.year == 2022
    # A page stored flat: its 文号 opens the text right before the title's 关于, on one line with the body.
    meta = _parsed(
        tmp_path,
        "通知_青禾市平台办法.txt",
        "《青禾市工程技术研究中心管理办法》等平台管理办法\n"
        "QHKJ-2021-00307 青科发〔2021〕14号 关于印发《青禾市工程技术研究中心管理办法》等平台管理办法的通知 "
        "各有关单位: 为规范平台建设，根据青科发〔2019〕3号文件精神，现将办法印发给你们，请遵照执行。\n",
    )
    assert meta.doc_number == "青科发〔2021〕14号" and meta.year == 2021


def test_comma_clauses_each_asked_when_one_passage_does_not_say_them_all(genre_assistant) -> None:
    # A clause without a question word is the topic of the next; each clause asking something is a question, asked
    # apart only when the whole message's quotes leave one clause's words unsaid.
    from jzbot.answer import compound

    assert compound.clauses("那个领导小组，组长由谁担任，办公室设在哪里") == [
        "那个领导小组，组长由谁担任",
        "办公室设在哪里",
    ]
    assert compound.clauses("丰水县今后三年要培育多少个科普示范基地") == [
        "丰水县今后三年要培育多少个科普示范基地"
    ]
    a = genre_assistant.ask("丰水县科普工作领导小组，组长由谁担任，办公室设在哪里")
    assert a.found and "县委宣传部部长" in a.answer and "县科协" in a.answer
    # A value asked (a phone, a day) is said by the value the quotes hold, not by the word: that clause is covered;
    # a named organization does not say who holds a post.
    from jzbot.models import Answer, Citation

    engine = genre_assistant.engine()
    quoted = Answer(
        question="",
        answer="",
        found=True,
        citations=[
            Citation(
                marker=1, doc_number=None, title="", section="", quote="联系人:周明，0391-3568123", source="x"
            )
        ],
    )
    assert engine._covers(quoted, ["找谁联系", "电话多少"])
    named = quoted.model_copy(
        update={"citations": [quoted.citations[0].model_copy(update={"quote": "成员由县科协、县科技局担任"})]}
    )
    assert not engine._covers(named, ["科普工作领导小组，组长谁当"])


def test_a_headline_that_opens_with_its_own_docno(tmp_path: Path) -> None:
    # 青科规字〔2021〕6号关于…的通知 on one line: the 文号 is the document's, the rest its title
    meta = _parsed(
        tmp_path,
        "page.txt",
        "青科规字〔2021〕6号关于开展2021年度科技计划项目绩效评价工作的通知\n来源:\n青禾市科学技术局 |\n\n"
        "各有关单位:\n为加强科技计划项目管理，现开展绩效评价工作。\n",
    )
    assert meta.doc_number == "青科规字〔2021〕6号"
    assert meta.title == "关于开展2021年度科技计划项目绩效评价工作的通知"


def test_a_relative_year_as_the_baseline_of_a_change_is_no_year_asked() -> None:
    # 比去年同期增长多少 asks a growth of the document's own year; 去年 alone still names a year.
    q = understand("青禾县12月软件产业产值比去年同期增长了多少", TODAY)
    assert q.years == [] and q.relative is None
    assert understand("青禾县软件产业产值较上年增长多少", TODAY).years == []
    assert understand("青禾县去年软件产业产值多少", TODAY).years == [2023]


def test_the_words_asking_a_docno_do_not_describe_the_document(genre_assistant) -> None:
    # 是哪个文件印发的: the frame asks the 文号; a title without 印发 is still the document described.
    a = genre_assistant.ask("沧浪市创新驱动的实施意见是哪个文件印发的，文号多少")
    assert a.found and "沧政发〔2019〕21号" in a.answer


def test_a_deadline_beside_a_docno_asks_the_content() -> None:
    # 最迟什么时候报: the day of an act the document asks of its readers, not what the 文号 is.
    assert understand("丰政办(2022)9号里实施方案最迟什么时候报", TODAY).kind is not Kind.DOCNO
    assert understand("丰政办〔2022〕9号里的方案哪天前报县农业局", TODAY).kind is not Kind.DOCNO
    assert understand("丰政办〔2022〕9号是啥文件", TODAY).kind is Kind.DOCNO


def test_a_bracketed_gloss_inside_a_word_is_read_past() -> None:
    from jzbot.answer.terms import Term, support

    term = Term("r&d经费", ("r&d经费",), 1.0, subject=True, in_corpus=True)
    assert support(term, "全市r&d(研究与发展)经费支出12.5亿元") == 1.0
    assert support(term, "全市研发投入(含r&d)经费12.5亿元") < 1.0  # a gloss of letters is no gloss


def test_an_attachment_line_is_no_answer_and_a_kind_finds_its_members(genre_assistant) -> None:
    # The 附件: line names the 决定 again (科协, 命名, 科普教育基地) but lists nothing; the 命名 sentence does.
    from jzbot.answer.evidence import _ATTACHMENT_POINTER

    assert _ATTACHMENT_POINTER.search("附件:青禾县科协关于命名青禾县气象科普馆等单位为科普教育基地的决定.doc")
    assert _ATTACHMENT_POINTER.search("附件2：申报书.xlsx")
    assert not _ATTACHMENT_POINTER.search("附件:申报书模板(请于5月20日前报送)")
    a = genre_assistant.ask("青禾县科协这次命名的科普教育基地有哪几个")
    assert a.found and "青禾湖湿地公园" in a.answer and ".doc" not in a.answer
    # 学校, 医院: a kind the vocabulary says by its members' names (中学, 医院).
    a = genre_assistant.ask("青禾这批科普教育基地里有没有学校")
    assert a.found and "第二实验中学" in a.answer


def test_a_docno_typed_after_other_words_is_found_by_its_known_code(genre_assistant) -> None:
    # 帮我看下沧政发(2019)21号: the characters before the bracket run on from the words typed before the code.
    engine = genre_assistant.engine()
    assert engine.understand("帮我看下沧政发(2019)21号这个文件讲的啥").docnos == ["沧政发〔2019〕21号"]
    a = genre_assistant.ask("麻烦查下沧政发（2019）21号是什么文件")
    assert a.found and "创新型沧浪" in a.answer


def test_a_share_more_than_last_year_is_a_growth_not_a_year(genre_assistant) -> None:
    from jzbot.answer.frame import Aspect, Slot, read

    pieces = read("比上年多了百分之多少", genre_assistant.engine().reader)
    assert not any(p.slot is Slot.YEAR for p in pieces)
    assert any(p.slot is Slot.ASPECT and p.aspect is Aspect.GROWTH for p in pieces)


def test_a_body_named_in_full_picks_its_documents_that_abbreviate_it(genre_assistant) -> None:
    # 白河市科学技术局: the place picks the documents of 白河市科技局; 科学技术局 alone is every city's (青山县's).
    a = genre_assistant.ask("白河市科学技术局那个平台申报通知，综合业务的联系人是谁")
    assert a.found and "刘洋" in a.answer


def test_a_name_before_a_phone_number_is_a_person() -> None:
    from jzbot.text import PERSON

    assert PERSON.search("规划科:刘洋5821234")
    assert PERSON.search("联系：张强 0391-1234567")
    assert not PERSON.search("截至:2023年12345678")


def test_a_two_digit_year_is_the_year_but_a_span_of_years_is_not() -> None:
    assert understand("青禾县科技局22年主动公开了多少条信息", TODAY).years == [2022]
    assert understand("青禾县18年度科技统计报表什么时候交", TODAY).years == [2018]
    assert understand("近10年来青禾县培育了多少家高企", TODAY).years == []
    assert understand("青禾县成立10年以上的企业有几家", TODAY).years == []


def test_what_is_inside_a_docno_is_its_content() -> None:
    # 丰政办〔2022〕9号里…: 里 after the 文号 asks what the document says, whatever the question word.
    assert understand("丰政办〔2022〕9号里，示范基地从啥时候开始建", TODAY).kind is not Kind.DOCNO
    assert understand("丰政办〔2022〕9号是什么", TODAY).kind is Kind.DOCNO


def test_a_long_article_asked_one_thing_shows_the_clause_that_says_it() -> None:
    from jzbot.answer.rules.content import _article_part

    lead = "第二十条 报刊、广播、电视等媒体应当开设科普栏目，" + "，".join(["加强科学普及宣传"] * 6) + "。"
    text = lead + "广播电台每月至少播出两档科普节目；" + "，".join(["开展群众性科普活动"] * 12) + "。"
    part = _article_part(text, "广播电台每月至少播出两档科普节目")
    assert part.endswith("两档科普节目；") and part.startswith("第二十条") and part in text
    far = "，".join(["开展群众性科普活动"] * 30) + "。" + "广播电台每月至少播出两档科普节目；其余略。"
    assert _article_part(far, "广播电台每月至少播出两档科普节目") == "广播电台每月至少播出两档科普节目；"


def test_a_document_named_by_its_title_is_read_whole_among_many_named() -> None:
    # 山东促进科技成果转化条例啥时候施行: 山东 names many documents; the one named by its title is read whole.
    from types import SimpleNamespace

    from jzbot.models import Chunk, DocMeta
    from jzbot.retrieve.gather import READ_WHOLE_CHUNKS, gather

    def rows(n: int, doc: str) -> list[tuple[Chunk, DocMeta]]:
        meta = DocMeta.model_construct(doc_id=doc)
        return [(Chunk.model_construct(id=f"{doc}-{i}", doc_id=doc), meta) for i in range(n)]

    by_doc = {"条例": rows(40, "条例"), "年报": rows(READ_WHOLE_CHUNKS, "年报")}

    class Knowledge:
        docs = dict.fromkeys(by_doc)

        def rows_of(self, docs: frozenset[str]) -> list[tuple[Chunk, DocMeta]]:
            return [r for d in sorted(docs) for r in by_doc[d]]

    class Search:
        knowledge = Knowledge()

        def __call__(self, *args: object, **kwargs: object) -> list:
            return []

    focus = SimpleNamespace(
        docs=frozenset(by_doc), home=frozenset(), of_year=frozenset(), groups=(), titled=frozenset({"条例"})
    )
    hits = gather(Search(), focus, "施行")  # type: ignore[arg-type]
    assert {h.meta.doc_id for h in hits} == {"条例"} and len(hits) == 40


def test_a_first_and_last_day_asked_apart_and_a_double_dash_range() -> None:
    from jzbot.answer.features import asked_features
    from jzbot.text import PERIOD

    assert "period" in asked_features("青禾县创新券名单从几号公示到几号")
    assert "period" in asked_features("青禾县创新券名单哪天开始公示至哪天")
    assert PERIOD.search("时间:2023年6月12——18日")
    assert PERIOD.search("公示期为6月12日—6月18日")


def test_a_postcode_and_mailbox_line_after_the_contacts_is_the_body_s(genre_assistant) -> None:
    # 邮政编码:… 邮箱:… right above the signature is a contact line, not the 落款: the mailbox asked is answered.
    _meta, chunks = parse_file(GENRES / "通知_白河市科技局平台申报.txt", "通知_白河市科技局平台申报.txt")
    body = "".join(c.text for c in chunks if c.section not in FRONT_SECTIONS)
    assert "bhkjjpt@163.com" in body
    a = genre_assistant.ask("白河市科技局平台申报那个通知留的邮箱是啥")
    assert a.found and "bhkjjpt@163.com" in a.answer


def test_a_year_inside_a_cited_title_is_that_document_s() -> None:
    # 按照《2022年度…的通知》要求，拟推荐…: a 2023 公示's sentence is of 2023; the title's 2022 is its own.
    from jzbot.answer.evidence import year_ok
    from jzbot.models import DocMeta

    meta = DocMeta.model_construct(
        doc_id="d", title="青禾市科技局关于拟推荐奖励单位的公示", year=2023, date="2023-03-13"
    )
    span = (
        "按照省科技厅《2022年度关于申报科技成果转化奖励的通知》要求，拟推荐青禾大学、青禾农科院申报奖励单位"
    )
    assert year_ok(understand("青禾市科技局2023年推荐了哪几家单位", TODAY), meta, span, span)
    assert year_ok(understand("2022年度申报奖励的通知是谁发的", TODAY), meta, span, span)
    assert not year_ok(understand("青禾市科技局2021年推荐了哪几家单位", TODAY), meta, span, span)
