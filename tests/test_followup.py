"""Conversations that follow the thread: a message is read into slots and completed from the last frame by
what it lacks; references, widening, neighbouring evidence, honest refusals; the thread read back from /v1.

The questions here are paraphrases written for these tests (no question bank holds them); the knowledge is
the bundled report, the test corpus and three synthetic documents (tests/data/conversation).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from jzbot.answer.frame import Aspect, Relation, Slot, read
from jzbot.answer.thread import (
    MAX_TURNS,
    Said,
    Source,
    Thread,
    Turn,
    parse_reply,
    reply_text,
    said_of,
)
from jzbot.assistant import Assistant
from jzbot.models import Answer, Citation, Refusal
from tests.conftest import DATA, KNOWLEDGE, make_settings


@pytest.fixture(scope="module")
def chat(tmp_path_factory: pytest.TempPathFactory, fake_embeddings) -> Assistant:
    kdir = tmp_path_factory.mktemp("knowledge")
    shutil.copytree(KNOWLEDGE, kdir, dirs_exist_ok=True)
    shutil.copytree(DATA / "corpus", kdir / "corpus")
    for name in ("linhe-notice.txt", "qingshan-page.txt", "henan-notice.txt", "yunxi-measures.txt"):
        shutil.copy(DATA / "conversation" / name, kdir / name)
    return Assistant.indexed(make_settings(tmp_path_factory.mktemp("data"), kdir), embeddings=fake_embeddings)


def knowing(tmp_path_factory: pytest.TempPathFactory, embeddings, *extra: Path) -> Assistant:
    """An assistant over the bundled knowledge, the test corpus and ``extra`` files or folders (tests/data)."""
    kdir = tmp_path_factory.mktemp("knowledge")
    shutil.copytree(KNOWLEDGE, kdir, dirs_exist_ok=True)
    shutil.copytree(DATA / "corpus", kdir / "corpus")
    for path in extra:
        if path.is_dir():
            shutil.copytree(path, kdir / path.name)
        else:
            shutil.copy(path, kdir / path.name)
    return Assistant.indexed(make_settings(tmp_path_factory.mktemp("data"), kdir), embeddings=embeddings)


def talk(assistant: Assistant, *messages: str) -> list[Answer]:
    thread, out = Thread(), []
    for message in messages:
        asked = assistant.converse(message, thread)
        thread = asked.thread
        out.append(asked.answer)
    return out


def resolved(assistant: Assistant, *messages: str) -> str:
    """The last message's frame text, each message read against the ones before (no answers)."""
    engine, thread = assistant.engine(), Thread()
    for message in messages:
        frame = engine.frame_of(thread, message)
        thread = thread.then(Turn(question=message, frame=frame, said=Said(text="")))
    assert thread.last is not None
    return thread.last.frame.text


# -- reading a message ------------------------------------------------------------------------------
def test_a_message_is_read_into_typed_slots(chat) -> None:
    pieces = read("2023年全市技术合同成交额居全省第几", chat.engine().reader)
    slots = {p.slot: p for p in pieces}
    assert slots[Slot.YEAR].text == "2023年" and slots[Slot.PLACE].text == "全市"
    assert slots[Slot.ASPECT].aspect is Aspect.RANK
    assert any(p.slot is Slot.TOPIC and p.subject and "技术合同成交额" in p.text for p in pieces)
    pieces = read("那前一年的呢", chat.engine().reader)
    assert [p.slot for p in pieces if p.slot is not Slot.FILLER] == [Slot.YEAR]
    doc = read("该文件目前还适用吗", chat.engine().reader)
    assert doc[0].slot is Slot.REFER and any(p.aspect is Aspect.STATUS for p in doc)


def test_a_share_asked_of_something_and_a_qualified_body_are_one_slot_each(chat) -> None:
    reader = chat.engine().reader
    share = [p for p in read("占全部财政支出的比例呢", reader) if p.slot is not Slot.FILLER]
    assert [(p.slot, p.aspect) for p in share] == [(Slot.ASPECT, Aspect.SHARE)]
    body = [p for p in read("县级以上地方人民政府的呢", reader) if p.slot is not Slot.FILLER]
    assert [(p.slot, p.text) for p in body] == [(Slot.PLACE, "县级以上地方人民政府")]


def test_another_body_in_the_same_document_keeps_it_searched(chat) -> None:
    first, other = talk(chat, "部门每年什么时候前要交政府信息公开工作年度报告", "县级以上地方人民政府的呢")
    assert "1月31日" in first.answer
    assert other.found and "3月31日" in other.answer


def test_slots_a_follow_up_names_replace_the_last_frames(chat) -> None:
    # a level, an amount, a word sharing its head, a whole predicate, an aspect
    assert "国家级工程技术研究中心" in resolved(chat, "2023年新增省工程技术研究中心多少家", "国家级的呢")
    text = resolved(chat, "企业年收入首次突破5亿元奖励多少", "突破20亿元的呢")
    assert "20亿元" in text and "5亿元" not in text.replace("20亿元", "")
    text = resolved(chat, "2013年度科技进步奖三等奖多少项", "特等奖的呢")
    assert "特等奖" in text and "三等奖" not in text and "2013年度" in text
    text = resolved(chat, "2023年法律顾问出具了几份法律意见书", "研讨会呢")
    assert "研讨会" in text and "法律意见书" not in text and "几份" not in text  # 份 was the old topic's unit
    text = resolved(chat, "2023年全市技术合同成交额多少", "增幅呢")
    assert "技术合同成交额" in text and ("增幅" in text or "增长" in text) and "2023年" in text
    # a year relative to the frame's, not to today
    assert resolved(chat, "2019年度省科技奖多少项", "前一年的呢").startswith("2018年")


def test_a_question_naming_another_place_is_not_kept_within_the_conversations_documents(chat) -> None:
    import dataclasses

    from jzbot.answer import followup

    engine = chat.engine()
    always = dataclasses.replace(engine.reader, holds=lambda text, docs: True)
    tianjin = next(d for d in engine.knowledge.docs if "天津" in d)
    first = engine.frame_of(Thread(), "天津市科技局2018年代理窗口办结了多少件事项")
    thread = Thread().then(
        Turn(question="…", frame=first.model_copy(update={"docs": (tianjin,)}), said=Said(text="…"))
    )
    assert followup.resolve(thread, "咱局2023年办理人大代表提案多少件", always).relation is Relation.FRESH
    assert followup.resolve(thread, "实验动物合格证核发办了多少件", always).relation is Relation.FOCUSED


def test_a_question_of_its_own_starts_a_fresh_frame(chat) -> None:
    first, second = talk(chat, "2023年全市技术合同成交额多少", "重大行政决策程序暂行条例哪天起施行")
    assert "53.85亿元" in first.answer
    assert second.found and "2019年9月1日" in second.answer and second.resolved_question is None


# -- answers in a conversation -------------------------------------------------------------------------
def test_a_rank_follow_up_keeps_the_indicator(chat) -> None:
    first, rank = talk(chat, "2023年全市技术合同成交额多少", "在全省位次如何")
    assert "53.85亿元" in first.answer
    assert rank.found and "第5位" in rank.answer
    assert rank.resolved_question and "技术合同成交额" in rank.resolved_question


def test_a_rank_the_documents_do_not_state_is_refused_not_filled(chat) -> None:
    first, rank = talk(chat, "2023年新入选中原英才计划科技创新人才多少人", "全省排名怎么样")
    assert first.found and "8人" in first.answer
    assert not rank.found and rank.refusal is not None
    assert not any(f in rank.answer for f in ("第2位", "第5位", "第8", "第4"))


def test_an_inherited_year_without_figures_is_refused(chat) -> None:
    _, before = talk(chat, "2023年全市技术合同成交额多少", "前一年的呢")
    assert not before.found and "53.85" not in before.answer
    assert before.resolved_question and "2022年" in before.resolved_question


def test_a_place_without_documents_is_refused_for_that_place(chat) -> None:
    _, there = talk(chat, "2023年全市技术合同成交额多少", "温县的呢")
    assert not there.found and there.refusal is Refusal.NO_SUBJECT and "53.85" not in there.answer
    assert there.resolved_question and "温县" in there.resolved_question


def test_a_topic_word_sharing_its_head_swaps_the_indicator(chat) -> None:
    first, other = talk(chat, "2013年度焦作市科技进步奖三等奖奖金是多少", "一等奖的呢")
    assert "1万元" in first.answer
    assert other.found and "10万元" in other.answer


def test_it_and_this_document_point_at_the_conversations_document(chat) -> None:
    first, status = talk(chat, "焦科〔2023〕11号是什么文件", "该文件目前还适用吗")
    assert first.found
    assert status.found and "焦科〔2023〕11号" in status.answer
    assert status.resolved_question and status.resolved_question.startswith("焦科〔2023〕11号")


def test_who_issued_a_document_the_corpus_only_mentions(chat) -> None:
    _, issuer = talk(chat, "焦科〔2023〕11号是什么文件", "是哪个单位发的")
    assert issuer.found and "发文机关为" in issuer.answer
    # 印发 alone asks for the printing office (版记), which is not who issued it
    assert not any(p.aspect is Aspect.ISSUER for p in read("由哪个科室印发", chat.engine().reader))


def test_the_nth_title_an_answer_named(chat) -> None:
    first, when = talk(chat, "咱局重大事项决策依照哪些法律法规", "上述第一部法律自何时起施行")
    assert "《中华人民共和国科学技术进步法》" in first.answer
    assert when.found and "2022年1月1日" in when.answer


def test_more_of_a_listed_item(chat) -> None:
    first, item = talk(chat, "临河市申报2026年度市级科技计划项目有哪些要求", "具体说说第二个")
    assert first.found and len(first.citations) >= 2
    assert (
        item.found and "独立法人" in item.answer and "推荐函" in item.answer and "5月20日" not in item.answer
    )


def test_a_contact_is_read_beside_its_item(chat) -> None:
    office, phone, other, mail = talk(
        chat,
        "临河市申报农业科技示范类项目由哪个科受理",
        "打什么号码",
        "科普基地建设类项目的呢",
        "邮箱呢",
    )
    assert "农村科技科" in office.answer
    assert phone.found and "3987002" in phone.answer and "3987001" not in phone.answer
    assert other.found and "3987003" in other.answer
    # that item states no e-mail: refused for it, not answered with the other item's
    assert not mail.found and "nkk3987002" not in mail.answer


def test_a_documents_date_is_answered_as_it_prints_it(chat) -> None:
    _, signed = talk(chat, "焦作市2008年度科技进步奖奖金标准是多少", "该决定是什么时候签发的")
    assert signed.found and "二○○八年七月三十一日" in signed.answer
    aspects = [p.aspect for p in read("那篇是几号挂网的", chat.engine().reader)]
    assert Aspect.PUBLISHED in aspects and Aspect.DATE not in aspects


def test_when_a_page_was_put_online_and_what_else_it_prints(chat) -> None:
    first, online, office = talk(
        chat, "青山市科技局上半年技术合同成交额达到多少", "它什么时候公布的", "它的来源呢"
    )
    assert "12.4亿元" in first.answer
    assert online.found and "2025年07月09日" in online.answer
    assert office.found and "发展规划科" in office.answer


def test_who_did_the_work_a_figure_measured(chat) -> None:
    first, who = talk(chat, "青山市上半年登记技术合同数量比上年同期增长多少", "这项工作由哪个科牵头")
    assert "18.5%" in first.answer
    assert who.found and "成果转化科" in who.answer
    assert who.resolved_question and "数量" not in who.resolved_question


def test_an_ordinal_into_the_items_one_sentence_named(chat) -> None:
    first, second = talk(chat, "青山市重点支持哪三个方向", "详细讲讲第二个")
    assert "合成生物" in first.answer
    assert second.found and "工业菌种" in second.answer and "固态电池" not in second.answer


def test_a_target_years_figure_is_not_its_baselines(chat) -> None:
    target = chat.ask("青山市到2027年科技型中小企业要超过多少家")
    assert target.found and "640家" in target.answer


def test_a_follow_up_never_repeats_the_last_quote_when_the_clause_beside_it_answers(chat) -> None:
    first, part = talk(chat, "青山市2025年市级科技计划安排经费多少", "那首期拨了多少")
    assert "1860万元" in first.answer
    assert part.found and "1200万元" in part.answer and "1860万元" not in part.answer


def test_an_aspect_in_words_the_documents_never_use_is_asked_plainly(chat) -> None:
    _, growth = talk(chat, "青山市技术交易额多少", "增长速度呢")
    assert growth.found and "21.4%" in growth.answer
    _, new = talk(chat, "青山市上半年市级研发平台有多少家", "新认定的呢")  # 认定23家 states the new ones
    assert new.found and "23家" in new.answer
    _, where = talk(chat, "青山市科技局工作进展找哪个联系人", "通讯地址呢")
    assert where.found and "文化路88号" in where.answer


def test_a_topic_the_conversations_documents_lack_is_asked_of_all(chat) -> None:
    first, other = talk(chat, "市级科技计划项目网上申报截止时间是哪天", "研发平台绩效评价材料呢")
    assert "2026年5月20日" in first.answer
    assert other.found and "2025年9月30日" in other.answer and "5月20日" not in other.answer


def test_which_other_document_was_so_done(chat) -> None:
    first, other = talk(chat, "焦科〔2020〕6号是否已经失效", "还废除过哪一个")
    assert first.answer.startswith("已废止。")
    assert other.found and "焦科〔2011〕22号" in other.answer


def test_which_article_the_last_answer_quoted(chat) -> None:
    _, article = talk(chat, "科学技术进步法里国家要完善怎样的国家创新体系", "这出自第几条")
    assert article.found and "第四条" in article.answer and len(article.answer) < 60


def test_a_contact_no_passage_answers_is_the_documents_only_one(chat) -> None:
    _, phone = talk(chat, "青山市上半年技术交易额多少", "对接电话是多少")
    assert phone.found and "6123456" in phone.answer
    # 注明联系电话 names a phone and states none; a growth compared with the year before is a growth
    _, more = talk(chat, "临河市网上申报截止时间是哪天", "比上一年多了多少")
    assert any(p.aspect is Aspect.GROWTH for p in read("比上一年多了多少", chat.engine().reader))
    assert not more.found or "%" in more.answer


def test_how_a_documents_facts_may_be_asked(chat) -> None:
    reader = chat.engine().reader
    assert Aspect.DATE in [p.aspect for p in read("落款是什么时候", reader)]
    assert Aspect.ISSUER in [p.aspect for p in read("由哪两家单位联合发的", reader)]
    assert Aspect.ISSUER not in [p.aspect for p in read("什么发展方向", reader)]
    assert Aspect.DOCNO in [p.aspect for p in read("它的令号是多少", reader)]
    # a growth compared with the year before is no year asked of today
    assert "上年" not in resolved(chat, "2023年全市技术合同成交额多少", "比上年增长了多少")


def test_whom_a_document_was_sent_to_and_its_date_as_it_signs_it(chat) -> None:
    _, sent = talk(chat, "临河市科技计划项目网上申报截止时间是哪天", "这个通知下发给了哪些单位")
    assert sent.found and "各县（市、区）科技主管部门" in sent.answer
    _, signed = talk(chat, "豫科奖〔2026〕3号是什么文件", "落款是哪天")
    assert signed.found and "2026年5月8日" in signed.answer and "2026-05-08" not in signed.answer


def test_a_province_naming_a_kind_of_award_picks_no_document(chat) -> None:
    # the province's own notice is in the knowledge; the city's figure of its award is the city's report's
    kind = chat.ask("焦作2023年又有几家企业成为河南省瞪羚企业")
    assert kind.found and "35家" in kind.answer
    assert kind.citations[0].doc_number == "焦科组〔2024〕5号"


def test_two_questions_in_one_message_are_read_as_a_thread(chat) -> None:
    both = chat.ask("2023年全市技术合同成交额多少？全省排名呢？")
    assert "53.85亿元" in both.answer and "第5位" in both.answer
    partly = chat.ask("2023年新入选中原英才计划科技创新人才多少人？全省排名呢？")
    assert partly.found and "8人" in partly.answer and "没有" in partly.answer
    assert not any(f in partly.answer for f in ("第2位", "第5位", "第8"))


# -- the thread, kept or read back ---------------------------------------------------------------------
def test_a_reply_reads_back_as_what_it_said() -> None:
    answer = Answer(
        question="q",
        answer="甲[1]。乙[2]。",
        found=True,
        citations=[
            Citation(
                marker=1,
                doc_number="焦科〔2023〕45号",
                title="关于印发《某某办法》的通知",
                section="二、… > 表：2023年各县区",
                quote="温县：技术合同成交额3.26亿元；同比增长15.6%。",
                source="a.txt",
            ),
            Citation(
                marker=2, doc_number=None, title="某某报告", section="", quote="第一行\n第二行", source="b"
            ),
        ],
    )
    assert parse_reply(reply_text(answer)) == said_of(answer)
    assert parse_reply("另一个模型的回答：大约五十亿。") == Said(text="另一个模型的回答：大约五十亿。")
    assert not parse_reply("别的模型写的\n\n**出处**\n随便写的").sources


def test_another_models_reply_is_text_and_the_question_still_frames(chat) -> None:
    thread = chat.replay([("2023年全市技术合同成交额多少", "大约五十多亿吧。")])
    assert thread.last is not None and thread.last.said.sources == ()
    rank = chat.ask("在全省位次如何", thread)
    assert rank.found and "第5位" in rank.answer


def test_a_kept_thread_and_a_replayed_one_are_the_same(chat) -> None:
    messages = ["2023年全市技术合同成交额多少", "在全省位次如何", "前一年的呢"]
    thread, transcript = Thread(), []
    for m in messages:
        asked = chat.converse(m, thread)
        thread = asked.thread
        transcript.append((m, reply_text(asked.answer)))
    assert chat.replay(transcript) == thread


def test_history_is_bounded(chat) -> None:
    long = "很长的问题" * 400  # over the question limit: kept as a turn, never read
    transcript = [(f"2023年全市技术合同成交额多少{i}", None) for i in range(MAX_TURNS + 4)] + [(long, None)]
    thread = chat.replay(transcript)
    assert len(thread.turns) == MAX_TURNS
    assert (
        thread.last is not None
        and thread.last.frame.pieces == ()
        and thread.last.frame.relation is Relation.FRESH
    )
    assert Source(doc_number=None, title="t", quote="q") == Source(doc_number=None, title="t", quote="q")


# -- round 3 ------------------------------------------------------------------------------------------
def test_a_new_indicator_sharing_no_word_replaces_the_whole_phrase(chat) -> None:
    # a verb inside the old phrase (科技创新) does not leave its first half behind
    text = resolved(chat, "2023年新入选中原英才计划科技创新人才多少人", "那产业科技特派员呢")
    assert "产业科技特派员" in text and "中原英才" not in text and "人才" not in text
    assert text.startswith("2023年")


def test_an_ordinal_asking_of_a_document_points_at_the_nth_the_answer_named(chat) -> None:
    from jzbot.answer.followup import named_documents

    listed = "共2个：《甲市某某管理暂行办法》(甲科〔2011〕3号)、《乙办法》[2]、丙科〔2020〕9号。"
    assert named_documents(listed) == [
        ("甲市某某管理暂行办法", "甲科〔2011〕3号"),
        ("乙办法", ""),
        ("", "丙科〔2020〕9号"),
    ]
    first, status = talk(chat, "2023年咱局废止了哪几个行政规范性文件", "第一个文件现在还执行吗")
    assert "焦科〔2011〕22号" in first.answer and "焦科〔2020〕6号" in first.answer
    assert status.resolved_question and "工程技术研究中心管理暂行办法" in status.resolved_question
    assert status.found and status.answer.startswith("已废止") and "焦科〔2011〕22号" in status.answer


def test_a_document_reference_after_a_question_nothing_answered(chat) -> None:
    # nothing cited: 这个通知 is the one document the question's place and words picked
    text = resolved(chat, "临河市2026年度市级科技计划项目申报的截止时间", "那这个通知的文号呢")
    assert "临河" in text


def test_a_contact_is_asked_of_the_item_not_of_its_predicate(chat) -> None:
    text = resolved(chat, "临河市申报科普基地建设类项目由哪个科受理", "联系人呢")
    assert "科普基地建设类项目" in text and "受理" not in text
    from jzbot.answer.frame import STATED_BY

    assert not STATED_BY[Aspect.PHONE].search("索引号: 11350000 | 文号: 无")
    assert STATED_BY[Aspect.PHONE].search("联系人：孙强，电话：3987003。")


def test_an_item_a_clause_enumerated_widens_to_its_own_article(chat) -> None:
    first, second = talk(chat, "云溪县科技创新券分为哪几种", "展开讲讲第二类")
    assert first.found and "检验检测服务券" in first.answer
    assert second.found and "计量校准" in second.answer and "技术经纪" not in second.answer
    # an article of the conversation's document, asked with 规定 (a document noun, no topic of its own)
    _, article = talk(chat, "云溪县科技创新券是指什么", "第六条怎么规定的")
    assert article.found and "技术评估" in article.answer


def test_a_contact_quote_joining_short_lines_is_read_beside(chat) -> None:
    person, where = talk(chat, "云溪县科技创新券找哪位联系", "办公地址呢")
    assert "周航" in person.answer
    assert where.found and "文昌路18号" in where.answer


def test_how_a_status_and_a_date_may_be_asked_alone(chat) -> None:
    reader = chat.engine().reader
    assert Aspect.STATUS in [p.aspect for p in read("还有效吗", reader)]
    assert Aspect.DATE in [p.aspect for p in read("是哪天批复的", reader)]
    # a status asked after its title was named is asked of its 文号
    _, number, status = talk(chat, "云溪县科技创新券每家企业每年最多申领多少", "这个通知的文号呢", "还有效吗")
    assert "云科发〔2026〕12号" in number.answer
    assert status.resolved_question and status.resolved_question.startswith("云科发〔2026〕12号")


def test_a_topic_sharing_both_ends_replaces_the_whole_phrase(chat) -> None:
    text = resolved(
        chat, "2019年度国家科学技术奖授予国家技术发明奖二等奖多少项", "国家科学技术进步奖特等奖呢"
    )
    assert "国家科学技术进步奖特等奖" in text and "技术发明奖" not in text and "二等奖" not in text


def test_a_question_nothing_answered_still_names_its_document(chat) -> None:
    engine = chat.engine()
    first = engine.frame_of(Thread(), "云溪县今年的创新券发放总额是多少")
    thread = Thread().then(Turn(question="…", frame=first, said=Said(text="")))
    frame = engine.frame_of(thread, "申领额度上限呢")
    assert frame.docs and all("yunxi" in d for d in frame.docs)


def test_a_number_with_no_file_stays_what_the_conversation_is_about(chat) -> None:
    # answered from the report that mentions it; a question within the report keeps it the referent
    _, within, status = talk(
        chat, "焦科〔2023〕11号讲的是什么", "这些规范性文件从立项到归档是怎么把关的", "该文件目前还适用吗"
    )
    assert within.found
    assert status.resolved_question and status.resolved_question.startswith("焦科〔2023〕11号")


def test_what_a_document_is_called(chat) -> None:
    reader = chat.engine().reader
    assert Aspect.TITLE in [p.aspect for p in read("全称是什么", reader)]
    assert Aspect.TITLE not in [p.aspect for p in read("新园区的名称是什么", reader)]
    _, title = talk(chat, "云溪县科技创新券每家企业每年最多申领多少", "这个办法的标题是什么")
    assert title.found and "云溪县科技创新券管理办法" in title.answer


def test_a_cue_ends_at_a_word_and_before_a_year(chat) -> None:
    # the body picked the report; 2018年 is the year and 法治 no 《…法》's end
    pieces = read("天津市科技局2018年法治政府建设干了些什么", chat.engine().reader)
    assert [p.text for p in pieces if p.slot is Slot.PLACE] == ["天津市科技局"]
    assert [p.text for p in pieces if p.slot is Slot.YEAR] == ["2018年"]
    assert not any(p.slot is Slot.DOC for p in pieces)
    assert "天津" not in resolved(chat, "天津市科技局2018年法治政府建设干了些什么", "那河南省科技厅呢")


def test_a_word_of_the_same_kind_replaces_only_that_word(chat) -> None:
    # 科技进步奖 and 自然科学奖 share their head (奖): the grade after it stays
    text = resolved(chat, "2023年度全市获得自然科学奖二等奖几项", "那科技进步奖呢")
    assert "科技进步奖二等奖" in text and "自然科学奖" not in text


def test_a_noun_asked_alone_is_asked_of_the_last_topic_when_the_documents_answer_both(chat) -> None:
    first, prize = talk(chat, "2013年度焦作市科技进步奖一等奖授予了几项成果", "奖金为多少")
    assert "3项" in first.answer
    assert prize.found and "10万元" in prize.answer and "2万元" not in prize.answer
    # a noun the documents say once is no attribute: asked within them as typed
    text = resolved(chat, "2023年全市技术合同成交额多少", "律师有几名")
    assert "技术合同" not in text


def test_a_predicate_with_its_own_object_replaces_the_last_one(chat) -> None:
    # 讲授 and what it governed go; who and when stay; a noun asked alone never glues onto a predicate
    from jzbot.answer import followup

    engine = chat.engine()
    prev = engine.frame_of(Thread(), "2023年咱局法律顾问为干部讲授了哪些法律法规")
    text = followup._follow_up(prev, read("参加了什么培训班", engine.reader), engine.reader, (), ()).text
    assert "讲授" not in text and "法律法规" not in text and "培训班" in text and "2023年" in text
    reader = chat.engine().reader
    assert Aspect.GROWTH in [p.aspect for p in read("较上年前进了几位", reader)]
    assert Aspect.ISSUER in [p.aspect for p in read("这个办法是谁制定的", reader)]


def test_what_a_document_says_it_was_made_under(chat) -> None:
    _, basis = talk(chat, "云溪县科技创新券每家企业每年最多申领多少", "这个办法是根据什么制定的")
    assert basis.found and "云财发〔2025〕3号" in basis.answer
    # 政策 beside 文号 says what kind of document is asked, not a topic of its own
    pieces = read("依据的政策文号是什么", chat.engine().reader)
    assert not any(p.slot is Slot.TOPIC and p.subject for p in pieces)
    _, number = talk(chat, "云溪县科技创新券每家企业每年最多申领多少", "所依据的文件文号是什么")
    assert number.found and "云财发〔2025〕3号" in number.answer


def test_a_predicate_asked_of_what_was_just_said_is_answered_by_that_sentence(chat) -> None:
    first, who = talk(chat, "2023年咱局积极参加了哪些行政执法骨干培训班", "是由谁组织的")
    assert "培训班" in first.answer
    assert who.found and "市司法局" in who.answer


def test_a_coordinated_name_is_replaced_whole(chat) -> None:
    # 现代农业与社会发展领域 is one field: 社会发展领域 alone is never swapped out of it
    text = resolved(chat, "临河市申报现代农业与社会发展领域项目找哪个科", "那高新技术领域呢")
    assert "高新技术领域" in text and "现代农业" not in text and "社会发展" not in text


def test_a_target_year_keeps_its_to(chat) -> None:
    from jzbot.answer.frame import year_of

    pieces = read("那到2030年的目标呢", chat.engine().reader)
    assert [p.text for p in pieces if p.slot is Slot.YEAR] == ["到2030年"]
    assert year_of(pieces, chat.engine().reader.today, None) == 2030
    assert not any(p.slot is Slot.TOPIC and p.text == "到" for p in pieces)


def test_more_of_an_answer_asked_in_other_words_and_after_a_refusal(chat) -> None:
    reader = chat.engine().reader
    for message in ("说得再具体一点", "再详细些", "展开一下"):
        assert any(p.slot is Slot.WIDEN for p in read(message, reader)), message
    # 还有呢 after a refused turn widens the last answer that cited something
    first, refused, more = talk(chat, "2023年咱局规范行政权力运行有哪些做法", "2019年的呢", "还有呢")
    assert first.found and not refused.found
    assert more.found and more.citations


def test_an_inherited_aspect_is_asked_in_its_canonical_wording(chat) -> None:
    text = resolved(chat, "临科〔2026〕7号是哪天印发的", "那豫科奖〔2026〕3号呢")
    assert "豫科奖〔2026〕3号" in text and "成文日期是哪一天" in text and "临科" not in text


def test_a_demonstrative_points_back_only_at_a_whole_word(chat) -> None:
    # 那 + 法治… is 那 (framing) and a topic, not 那部法
    pieces = read("那法治政府建设年度报告呢", chat.engine().reader)
    assert not any(p.slot is Slot.REFER for p in pieces)
    text = resolved(chat, "政府信息公开工作年度报告应当在每年什么时候前公布", "那法治政府建设年度报告呢")
    # the word the new name says again (政府) goes with the old name
    assert text.startswith("法治政府建设年度报告") and "信息公开" not in text


def test_a_title_and_the_number_said_as_its_own_are_one_document(chat) -> None:
    from jzbot.answer.followup import named_documents

    assert named_documents("《乙市某某办法》的文号是乙科〔2020〕9号。[1]") == [
        ("乙市某某办法", "乙科〔2020〕9号")
    ]
    # an earlier answer that listed two documents still answers 第二个 after one of them was asked about
    _, _, second = talk(
        chat, "2023年咱局废止了哪几个行政规范性文件", "第一个文件的文号是多少", "第二个现在还执行吗"
    )
    assert second.found and "焦科〔2020〕6号" in second.answer


def test_a_word_of_one_kind_replaces_the_indicators_word_not_an_earlier_one(chat) -> None:
    # 科学技术奖 shares only 科…奖 with 科技进步奖: no shared word; 自然科学奖 is the indicator's word of that kind
    text = resolved(chat, "2023年咱市获得的省科学技术奖当中自然科学奖有几项", "那科技进步奖呢")
    assert "省科学技术奖" in text and "科技进步奖" in text and "自然科学奖" not in text


def test_a_generic_noun_closing_a_follow_up_is_the_last_figure(chat) -> None:
    text = resolved(chat, "2023年全市技术合同成交额多少", "那前一年的数据呢")
    assert text.startswith("2022年") and "技术合同成交额" in text and "数据" not in text


def test_a_grade_is_no_kind_of_award(chat) -> None:
    # 特等奖 ends in 奖 as 进步奖 does, but a grade is not a kind: the award stays
    text = resolved(chat, "2019年度国家科学技术进步奖授予了多少项", "那特等奖呢")
    assert "科学技术进步奖特等奖" in text
    # a grade said anywhere in the frame is replaced, even when the last noun is another (每项奖金)
    text = resolved(chat, "2013年度焦作市科技进步奖一等奖的每项奖金为多少", "那二等奖呢")
    assert "科技进步奖二等奖" in text and "一等奖" not in text
