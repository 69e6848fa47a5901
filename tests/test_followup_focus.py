"""Follow-ups that stay with the conversation's document: a message naming no place, body, document or year of
its own is asked of the documents the last answer cited (never answered from another place's document that
happens to say it); a scope word the document says itself (全县) or its own body (县科技局) keeps it; a contact
block (解读人 / 联系电话 on lines of their own) answers a contact; questions asked in A-not-A form (签不签) or of
when a document was answered (哪天答复的) are read as questions.

The questions here are paraphrases written for these tests (no question bank holds them); the knowledge is the
bundled report, the test corpus and three synthetic documents (tests/data/conversation: a county's notice and its
work summary, and another city's notice on the same kind of work that does state a deadline).
"""

from __future__ import annotations

import shutil

import pytest

from jzbot.answer.frame import Aspect, Slot, read
from jzbot.answer.thread import Said, Source, Thread, Turn
from jzbot.assistant import Assistant
from tests.conftest import DATA, KNOWLEDGE, make_settings
from tests.test_followup import talk

DOCS = (
    "baishui-notice.txt",
    "baishui-report.txt",
    "dongpo-notice.txt",
    "shiquan-page.txt",
    "gansu-bulletin.txt",
    "07_青河市科学技术局_征集全市科技需求的通知.txt",
    "xiyun-publicity.txt",
    "qinghe-proposals.txt",
    "linshui-contacts.txt",
    "xiyun-meeting.txt",
)


@pytest.fixture(scope="module")
def chat(tmp_path_factory: pytest.TempPathFactory, fake_embeddings) -> Assistant:
    kdir = tmp_path_factory.mktemp("knowledge")
    shutil.copytree(KNOWLEDGE, kdir, dirs_exist_ok=True)
    shutil.copytree(DATA / "corpus", kdir / "corpus")
    for name in DOCS:
        shutil.copy(DATA / "conversation" / name, kdir / name)
    return Assistant.indexed(make_settings(tmp_path_factory.mktemp("data"), kdir), embeddings=fake_embeddings)


def test_a_question_naming_no_place_is_not_answered_from_another_places_document(chat) -> None:
    first, proof = talk(chat, "白水县选派的科技特派员要有什么职称", "科技特派员报名要提交哪些证明材料")
    assert first.found and "中级以上" in first.answer
    # 东坡市's notice says what proof to hand in; 白水县's does not: refused for the conversation's notice
    assert not proof.found and "服务业绩" not in proof.answer


def test_a_question_naming_another_place_still_leaves_the_document(chat) -> None:
    _, other = talk(chat, "白水县选派的科技特派员要有什么职称", "东坡市科技特派员报名要提交哪些证明材料")
    assert other.found and "服务业绩" in other.answer


def test_a_scope_word_the_document_says_keeps_it(chat) -> None:
    new, total = talk(chat, "白水县去年新增高新技术企业几家", "全县总数到多少了")
    assert new.found and "6家" in new.answer
    assert total.found and "29家" in total.answer


def test_another_topic_is_asked_of_the_cited_document_first(chat) -> None:
    _, _, sent = talk(chat, "白水县去年新增高新技术企业几家", "全县总数到多少了", "科技特派员呢")
    assert sent.found and "35名" in sent.answer and "120名" not in sent.answer


def test_a_contact_block_answers_each_contact_asked(chat) -> None:
    _, contact = talk(chat, "白水县科技特派员每年要在服务村镇工作多少天", "解读人是谁，电话多少")
    assert contact.found and "冯悦" in contact.answer and "0913-6120455" in contact.answer


def test_questions_in_a_not_a_form_and_when_a_document_was_answered(chat) -> None:
    reader = chat.engine().reader
    assert any(p.slot is Slot.ASK for p in read("服务协议签不签", reader))
    assert any(p.slot is Slot.ASK for p in read("服务记录报送了没有", reader))
    assert Aspect.DATE in [p.aspect for p in read("是哪天答复的", reader)]
    assert Aspect.DATE in [p.aspect for p in read("哪天批的", reader)]
    assert Aspect.PERSON in [p.aspect for p in read("解读人是哪位", reader)]
    # a question of its own, not the last one's 多少天 with words added
    engine, thread = chat.engine(), Thread()
    asked = chat.converse("白水县科技特派员每年要在服务村镇工作多少天", thread)
    frame = engine.frame_of(asked.thread, "服务协议签不签")
    assert "多少" not in frame.text


def test_a_generic_body_word_of_the_documents_level_names_their_issuer(chat) -> None:
    _, checked = talk(chat, "白水县科技特派员个人报名时间是什么时候", "县科技局审核呢")
    assert checked.found and "3月27日" in checked.answer
    from jzbot.answer.frame import body_level

    assert body_level("市科技局") == "市" and body_level("省厅") == "省" and body_level("局") == ""
    assert body_level("白水县科技局") is None


def test_a_distributive_word_asks_of_each_item_the_last_answer_counted(chat) -> None:
    # the last answer quoted the clause that counts the items; 每项 asks of each of them: the clause after it
    # saying the message's word (各奖励2万元), not an earlier one that says it too (奖励委员会)
    first = chat.converse("白水县科学技术奖一等奖授予了几项成果", Thread())
    title = first.answer.citations[0].title
    quote = "决定授予“旱塬苹果水肥一体化技术”等3项成果县科学技术奖一等奖"
    said = Said(text=quote + "[1]", sources=(Source(doc_number=None, title=title, quote=quote),))
    thread = Thread().then(
        Turn(question="白水县科学技术奖一等奖授予了几项成果", frame=first.thread.last.frame, said=said)
    )
    each = chat.converse("每项能拿多少奖励", thread).answer
    assert each.found and "2万元" in each.answer and "委员会" not in each.answer


def test_what_a_decision_says_it_acts_under_is_its_basis(chat) -> None:
    from jzbot.text.patterns import ENACTING_BASIS

    assert ENACTING_BASIS.search(
        "依照《某某市科学技术奖励办法》有关规定，经评审委员会审定，现决定授予下列成果"
    )
    _, basis = talk(chat, "白水县科学技术奖一等奖授予了几项成果", "这是依据什么")
    assert basis.found and "白水县科学技术奖励办法" in basis.answer


def test_a_contacts_section_answers_who_to_call_and_states_each_person(chat) -> None:
    # 四、联系人及联系方式 lists two lines without a 联系人: label; a mailbox in item 二 is not the contact asked
    _, contact = talk(chat, "石泉县农业科技示范项目申报材料哪天前报送", "该找谁联系，号码是多少")
    assert contact.found and "覃明远" in contact.answer and "6623418" in contact.answer
    assert "6623400" in contact.answer  # the second line of the block is a contact too


def test_a_spaced_iso_date_on_a_page_is_shown_as_the_page_writes_it(chat) -> None:
    _, when = talk(chat, "石泉县农业科技示范项目申报单位有什么条件", "这个通知哪天发布的")
    assert when.found and "2026-03-09" in when.answer.replace(" ", "")


def test_a_provinces_own_figure_needs_no_quanshen_in_its_sentence(chat) -> None:
    # 全省 carried from 年末全省常住人口 is said by the province's own 公报; its sentence need not repeat it
    people, rate = talk(chat, "甘肃2025年统计公报里，年末全省常住人口有多少", "那城镇化率呢")
    assert people.found and "2458万人" in people.answer
    assert rate.found and "56.8%" in rate.answer


def test_a_form_handed_in_goes_where_the_text_says_not_to_the_documents_recipients(chat) -> None:
    # 申报材料是报给谁的: item 二 says where the materials go; the notice itself is addressed to 各乡镇人民政府
    _, materials = talk(chat, "石泉县农业科技示范项目申报单位有什么条件", "申报材料是报给谁的")
    assert materials.found and "县科技局" in materials.answer and "各乡镇" not in materials.answer
    _, notice = talk(chat, "石泉县农业科技示范项目申报单位有什么条件", "这个通知是发给谁的")
    assert notice.found and "各乡镇人民政府" in notice.answer


def test_the_bureau_in_a_follow_up_about_another_bureaus_notice_is_that_bureau(chat) -> None:
    # 局里 after a question about 青河市科技局's notice is that bureau, not the asker's own; the notice prints no title
    # line, so it goes by its file name without the archive's running number
    _, office, number = talk(
        chat, "青河市科技局征集科技需求那个通知，纸质材料几号前报送？", "材料报到局里哪个科", "文号呢"
    )
    assert office.found and "规划发展科" in office.answer
    assert number.found and "青科发〔2022〕3号" in number.answer and "07_" not in number.answer


def test_an_extent_word_that_starts_a_name_the_document_writes_is_no_extent(chat) -> None:
    # 全国科技助力乡村振兴先进集体 is an award a city's notice names: 全国 does not ask for a national document
    (until,) = talk(chat, "溪云市全国科技助力乡村振兴先进集体拟推荐对象公示到哪天")
    assert until.found and "6月9日" in until.answer
    # 全国 before words the county's notice does not write after it: still the country, which a county's notice
    # does not answer for
    (national,) = talk(chat, "全国农业科技示范项目申报材料几号前报送")
    assert not national.found and "4月15日" not in national.answer


def test_a_level_glued_to_an_item_is_that_level_s_item(chat) -> None:
    # 市政协提案 is the city's: the clause saying 省政协提案 speaks of the province's, though it says 政协提案
    (city,) = talk(chat, "青禾市科技局2026年市政协提案办了多少件")
    assert city.found and "52件" in city.answer
    _, proposals, province = talk(
        chat, "青禾市科技局2026年市政协提案办了多少件", "市人大代表建议主办几件", "省政协提案呢"
    )
    assert proposals.found and "主办6件" in proposals.answer
    assert province.found and "会办6件" in province.answer


def test_another_row_of_a_table_said_row_by_row(chat) -> None:
    # 溪口镇呢 after a row of the notice's contacts table: that row, named without the ending every row shares (科协)
    first, other = talk(chat, "临水县科普示范基地申报通知里，石桥乡科协电话多少", "溪口镇呢")
    assert first.found and "64119083" in first.answer
    assert other.found and "64115236" in other.answer and "64119083" not in other.answer


def test_another_year_asked_of_the_conversation_s_place_only(chat) -> None:
    # 那2026年办了多少件 in a conversation about 临水县's 2027 notice: not 青禾市's 2026 count, which is another place's
    _, other_year = talk(
        chat, "临水县科普示范基地申报通知里，石桥乡科协电话多少", "那2026年市政协提案办了多少件"
    )
    assert not other_year.found and "52件" not in other_year.answer
    _, predicate = talk(chat, "临水县科普示范基地申报通知里，石桥乡科协电话多少", "那2026年办复率多少")
    assert not predicate.found and "100%" not in predicate.answer


def test_the_character_ending_a_place_name_is_no_level(chat) -> None:
    # 青禾市科技信息: 市 ends the place; the clause saying 省科技厅 still answers what 省级媒体 pays
    (paid,) = talk(chat, "青禾市科技信息被省级媒体采用一条奖多少")
    assert paid.found and "300元" in paid.answer


def test_levels_listed_together_name_none_in_particular(chat) -> None:
    # 各县市区科技…: 区 is the last of three levels listed, not the district's 科技 (the sentence says 市科技局 too)
    (who,) = talk(chat, "溪云那个推进会上谁通报了各县市区科技助力乡村振兴指标完成情况")
    assert who.found and "林海" in who.answer
