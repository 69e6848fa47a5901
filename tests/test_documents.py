"""Reading a document from its own text whatever page it was saved from: title, 主送, 索引号, who put it on the
site, contacts, tables by year, and the names a question uses to pick it.

The documents in ``tests/data/documents`` are synthetic (written for these tests, in the shape of real pages).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jzbot.ingest.furniture import fields, is_furniture
from jzbot.ingest.pipeline import parse_file
from jzbot.text import FRONT, FRONT_SECTIONS, TAIL

DOCS = Path(__file__).resolve().parent / "data" / "documents"


def _parse(name: str):
    return parse_file(DOCS / name, name)


def test_navigation_and_bylines_are_page_furniture() -> None:
    assert is_furniture("您现在的位置：首页 > 新闻中心 > 工作动态")
    assert is_furniture("当前位置: 新闻中心 / 市县动态")
    assert is_furniture("政务公开")  # a site column's name alone
    assert fields("2022-08-15   作者:科技局 点击数:") == {"作者": "科技局"}
    assert fields("某省科学技术厅门户网站 发布时间: 2019-05-06 00:00 【字体:") == {
        "发布时间": "2019-05-06 00:00"
    }
    # Two title marks around a > are no breadcrumb.
    assert not is_furniture("关于加快发展的意见>和<通知>")
    meta, chunks = _parse("动态_技术转移.txt")
    assert meta.title == "桐城市科技局举办技术转移专员培训班"  # not the column, not the breadcrumb
    assert meta.issuer == "桐城市科技局"  # a headline opening with a body that names its place
    assert not meta.recipients
    body = "".join(c.text for c in chunks if c.section not in FRONT_SECTIONS)
    assert "56家企业" in body and "点击数" not in body and "首页" not in body


def test_a_title_over_three_lines_a_long_addressee_and_the_page_s_fields() -> None:
    meta, chunks = _parse("通知_实验室绩效评价.txt")
    assert meta.title == "江淮省科学技术厅关于开展2022年度省级重点实验室绩效评价工作的通知"
    assert meta.doc_number == "江科基〔2023〕9号" and meta.issuer == "江淮省科学技术厅"
    assert meta.recipients.startswith("各设区市科技局,") and meta.recipients.endswith("各有关高校和科研院所")
    assert meta.publisher == "基础研究与平台建设处"
    # Contact lines (a 处室 and its phone) under their heading are the body's, not the 落款.
    contacts = [c for c in chunks if "0551-62651234" in c.text]
    assert contacts and contacts[0].section == "三、联系方式"
    assert any(c.section == TAIL and "2023年3月6日" in c.text for c in chunks)


def test_a_label_opening_the_page_is_content_not_a_recipient() -> None:
    meta, chunks = _parse("访谈_知识产权.txt")
    assert not meta.recipients  # 嘉宾: names no addressee
    body = "".join(c.text for c in chunks if c.section not in FRONT_SECTIONS)
    assert "宋文涛" in body and "韩雪" in body


def test_fields_after_the_lead_are_read_and_kept_out_of_the_body() -> None:
    meta, chunks = _parse("信息_科技活动.txt")
    assert meta.index_no == "11330000MB1234567X/2023-00417"
    assert meta.publisher == "市科技局"
    assert all("索引号" not in c.text for c in chunks if c.section != FRONT)
    assert any("索引号" in c.text for c in chunks if c.section == FRONT)  # cited by a 索引号 answer


def test_a_line_broken_inside_a_title_mark_is_joined() -> None:
    _, chunks = _parse("公示_图片.txt")
    body = [c for c in chunks if c.section not in FRONT_SECTIONS]
    assert any("根据《关于加快建设区域科技创新中心的实施意见》(临发〔2023〕5号)要求" in c.text for c in body)


def test_a_year_heading_a_table_row_or_column_is_said_as_a_year() -> None:
    from jzbot.ingest.formats.tables import row_sentence

    assert row_sentence(["年份", "专利授权量(件)"], ["2021", "1890"]) == "2021年：专利授权量1890件。"
    assert row_sentence(["县区", "2022", "2023"], ["温县", "3.1", "3.3"]) == "温县：2022年3.1；2023年3.3。"


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory, fake_embeddings):
    from tests.conftest import indexed_with

    return indexed_with(tmp_path_factory, fake_embeddings, DOCS)


def test_the_page_s_own_facts_are_document_facts(assistant) -> None:
    a = assistant.ask("沧澜成果转化推进会那条信息的索引号是什么")
    assert a.found and "2023-00417" in a.answer and a.citations
    a = assistant.ask("江淮省重点实验室绩效评价的通知是科技厅哪个处发的")
    assert a.found and "基础研究与平台建设处" in a.answer
    a = assistant.ask("江淮开展重点实验室绩效评价的通知主送哪些单位")
    assert a.found and "各设区市科技局" in a.answer


def test_a_place_that_picked_another_document_is_said_by_the_answer(assistant) -> None:
    # 云岭 picks 云岭's own news too; the 丰原 解读 answers only with the passage that says 云岭.
    a = assistant.ask("丰原孵化器认定办法是根据云岭哪个文件制定的")
    assert a.found and "云科规〔2020〕6号" in a.answer


@pytest.mark.parametrize(
    ("question", "units"),
    [
        ("研发投入占GDP的比重是多少", [["%"]]),  # a share, not the amount it is a share of
        ("那部条例分几章几条", [["章"], ["条"]]),
        ("今年认定了几批", [["批"]]),
    ],
)
def test_the_unit_a_figure_question_asks(question: str, units: list[list[str]]) -> None:
    import datetime as dt

    from jzbot.answer.understand import understand

    assert understand(question, dt.date(2024, 3, 20)).unit_groups == units


@pytest.mark.parametrize(
    ("question", "kind", "fields"),
    [
        ("那份批复主送的是哪几家单位", "meta", ["recipients"]),
        ("那封答复函回复的是哪位代表", "meta", ["recipients"]),
        ("那个通知是哪个单位发的，落款日期是哪天", "meta", ["issuer", "date"]),
        ("这条信息的索引号是多少", "meta", ["index_no"]),
        ("方案提出了哪五项保障措施", "list", []),  # which ones, of a known count
        ("依据的是哪两个办法", "fact", []),  # two are said in one clause
    ],
)
def test_question_frames_of_document_facts_and_lists(question: str, kind: str, fields: list[str]) -> None:
    import datetime as dt

    from jzbot.answer.understand import understand

    q = understand(question, dt.date(2024, 3, 20))
    assert (q.kind, q.meta_fields) == (kind, fields)


def test_grades_said_once_and_a_question_naming_only_its_document(assistant) -> None:
    a = assistant.ask("丰原县2021年度科技奖一二等奖分别是几项")
    assert a.found and "3项" in a.answer and "6项" in a.answer
    a = assistant.ask("丰原孵化器认定办法共有几章几条")
    assert a.found and "四章12条" in a.answer
    a = assistant.ask("那个通知是哪个单位发的，落款日期是哪天（江淮省重点实验室绩效评价）")
    assert a.found and "江淮省科学技术厅" in a.answer and "2023年3月6日" in a.answer


def test_a_person_is_named_after_any_post_or_role() -> None:
    from jzbot.text import PERSON

    for text in ("解读人:宗明;", "我是主持人宗祺。", "省委金融办常务副主任巩海滨", "副县长梁晓艳出席并讲话"):
        assert PERSON.search(text), text
    for text in ("党组书记、局长与班子成员签订责任书。", "联系电话:0371—62869012。", "主持人"):
        assert not PERSON.search(text), text


def test_contact_lines_and_a_label_with_its_value_are_spans() -> None:
    from jzbot.answer.evidence import spans
    from jzbot.models import Chunk

    text = "联系电话：\n某市科技局机关纪委：0557-3022058\n某市科技局审批服务科：0557-3025760\n邮政编码：234000\n嘉宾:\n某局副局长宋文涛"
    found = {s.text for s in spans(Chunk(id="c", doc_id="d", chunk_no=0, section="正文", text=text))}
    assert "联系电话：某市科技局机关纪委：0557-3022058某市科技局审批服务科：0557-3025760" in found
    assert "嘉宾:某局副局长宋文涛" in found


def test_people_of_an_interview_and_a_subject_said_the_sentence_before(assistant) -> None:
    a = assistant.ask("知识产权那期在线访谈的主持人叫什么")
    assert a.found and "韩雪" in a.answer
    a = assistant.ask("知识产权在线访谈请的嘉宾是谁")
    assert a.found and "宋文涛" in a.answer
    # 青少年科技馆 is said in the sentence before the one with the area.
    a = assistant.ask("临川青少年科技馆总建筑面积有多大")
    assert a.found and "1.8万平方米" in a.answer


def test_list_items_marked_one_a_line_are_sentences_and_a_section_read_under_its_title() -> None:
    from jzbot.text import split_items, split_text

    text = "2.依托企业建设的中心:\n1)符合所列条件;\n2)建立合作机制。与高校签订协议。\n3)企业重视研发。"
    assert (
        split_text(text)[0] == "2.依托企业建设的中心:1)符合所列条件;2)建立合作机制。"
    )  # evidence reads them joined
    assert split_items(text) == [
        "2.依托企业建设的中心:",
        "1)符合所列条件;",
        "2)建立合作机制。",
        "与高校签订协议。",
        "3)企业重视研发。",
    ]


def test_the_items_of_the_sub_section_a_list_question_names(assistant) -> None:
    # The sub-heading (依托企业建设的中心) fits only under the notice's title (申报…工程技术研究中心).
    a = assistant.ask("青川报工程技术研究中心，靠企业建的中心得具备哪些条件")
    assert a.found and "产学研合作机制" in a.answer and "不低于3%" in a.answer
    assert "国家优秀青年基金" not in a.answer  # the other sub-section's items


def test_items_listed_in_the_sentence_after_the_one_that_announces_them(assistant) -> None:
    a = assistant.ask("青禾县科技创新大会提出推动创新指标任务完成要做好哪三件事")
    assert a.found
    assert all(x in a.answer for x in ("研发投入增长", "科技企业培育", "创新平台载体"))


def test_a_day_asked_is_answered_only_by_a_passage_stating_one(assistant) -> None:
    a = assistant.ask("江淮重点实验室绩效评价，自评报告最迟哪一天报")
    assert a.found and "4月10日" in a.answer
    # The 青川 notice states no deadline: its requirements are no answer to 哪天.
    a = assistant.ask("青川2023年工程技术研究中心申报材料最晚哪天交")
    assert not a.found


def test_each_value_asked_and_a_verb_jieba_glued_to_its_noun(assistant) -> None:
    # 标准分几档: 标准 and 分, not 标准分 (a word no document uses); 各多少: every grade's figure, not the first.
    a = assistant.ask("青禾科技信息采用奖励的奖励标准分几档，各多少")
    assert a.found and all(x in a.answer for x in ("300元", "150元", "60元"))


def test_what_is_done_goes_on_to_the_sentence_that_picks_it_up(assistant) -> None:
    a = assistant.ask("青川的众创空间复核没通过怎么办")
    assert a.found and "限期整改" in a.answer and "撤销众创空间称号" in a.answer


def test_a_kind_of_place_asked_is_said_by_instances_and_a_title_s_subject_keeps_its_year(assistant) -> None:
    # 县市区 qualifies the kind asked (…科技局): 东山县科技局 says it, the word 县市区 is in no answer.
    a = assistant.ask("青禾2021年度科技统计先进单位是哪几个县市区科技局")
    assert a.found and "东山县科技局" in a.answer and "南湖区科技局" in a.answer
    # The 2022 in the closing sentence binds to its goal; the 先进单位 the title names are 2021's.
    a = assistant.ask("青禾2022年度科技统计先进单位有哪些")
    assert not a.found


def test_administrative_levels_before_an_asked_kind_are_the_kind_asked(assistant) -> None:
    from jzbot.answer.terms import terms_of

    engine = assistant.engine()
    question = engine.understand("表彰了哪几个县市区科技局")
    terms = {t.word: t for t in terms_of(question, engine.knowledge, engine.vocab)}
    assert terms["县市区"].asked and not terms["县市区"].subject


def test_money_asked_without_a_word_of_money() -> None:
    import datetime as dt

    from jzbot.answer.understand import understand

    assert understand("备案以后能领多少补贴", dt.date(2024, 3, 20)).unit_groups == [["亿元", "万元", "元"]]
    assert understand("补助了多少项", dt.date(2024, 3, 20)).unit_groups == [["项"]]


def test_two_names_picking_one_document_get_its_span_once() -> None:
    from types import SimpleNamespace

    from jzbot.answer.evidence import Evidence
    from jzbot.answer.rules.spans import pick
    from jzbot.models import Chunk, DocMeta

    meta = DocMeta(doc_id="d", source="d.txt", title="关于认定某工业区为省级高新区的批复")
    chunk = Chunk(id="c", doc_id="d", chunk_no=0, section="正文", text="同意认定,名称为某高新区。")
    e = Evidence(chunk.text, chunk.text, chunk, meta, 0, 1.0, (), 1.0, True, True, 1.0, False)
    # The province and the 工业区 each picked the same document: one span, not the same one twice.
    ctx = SimpleNamespace(
        scope=SimpleNamespace(groups=(frozenset({"d"}), frozenset({"d"}))),
        terms=[],
        evidence=[e],
        question=SimpleNamespace(asks={}),
    )
    assert pick(ctx, [e]) == [e]  # type: ignore[arg-type]


def test_a_forwarding_draft_quotes_every_step_s_time_windows_too(assistant) -> None:
    a = assistant.draft("起草一个转发青川新型研发机构备案申报通知的通知，填报、审核、纸质材料的时间都要写上")
    assert a.found
    assert all(x in a.answer for x in ("11月15日", "11月20日", "11月24日"))


def test_a_news_draft_ends_with_who_took_part(assistant) -> None:
    a = assistant.draft("参照青川2024年科技活动周启动那条动态，写一段100字左右的新闻稿")
    assert a.found and "5月20日" in a.answer and "300余人" in a.answer


def test_the_chapter_asked_is_said_by_the_sentence_before(assistant) -> None:
    a = assistant.ask("青川众创空间管理办法里，解释部门和施行日期写在第几章")
    assert a.found and "第四章附则" in a.answer


def test_a_list_of_counts_is_never_cut_half_way(assistant) -> None:
    a = assistant.ask("青川2023年研发计划项目是怎么安排的")
    assert a.found and "高校院所安排3项" in a.answer and "其他单位1项" in a.answer


def test_a_quoted_phrase_is_a_term_only_where_the_question_s_words_begin_and_end_with_it(assistant) -> None:
    from jzbot.answer.terms import terms_of

    engine = assistant.engine()
    words = {
        t.word for t in terms_of(engine.understand("加强科技馆建设的提案"), engine.knowledge, engine.vocab)
    }
    assert "强科技" not in words and "科技馆" in words  # 加强 / 科技馆 hold “强科技” across two words
    words = {t.word for t in terms_of(engine.understand("推进强科技行动"), engine.knowledge, engine.vocab)}
    assert "强科技" in words


def test_a_reply_is_described_by_what_its_opening_answers(assistant) -> None:
    # The title names only the 提案's number; its opening says it was on building a 青少年科技馆.
    a = assistant.ask("临川那份关于建青少年科技馆提案的答复函，文号是多少")
    assert a.found and "临建提复字〔2023〕17号" in a.answer


def test_what_a_document_is_about_is_said_as_documents_say_it(assistant) -> None:
    a = assistant.ask("临川市政府对宋佳委员第0102号提案的答复，是关于啥事的")
    assert a.found and "青少年科技馆" in a.answer


def test_a_year_a_figure_is_compared_with_is_not_its_year(assistant) -> None:
    # 增速比2022年提高…: the 6.4% is 2023's; the span is not of 2022 for it.
    a = assistant.ask("青川县2023年规模以上工业增加值增长了多少")
    assert a.found and "6.4%" in a.answer
