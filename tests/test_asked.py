"""What a question asks about, and a 文号 half remembered: each rule over synthetic documents with wordings no bank
holds.

- The noun a question word follows (投诉多少件, 总结几号前报, 揭牌仪式在哪办) is the thing asked about: a span that never
  says it gives a figure, a day or a place of something else, and is no answer.
- A 文号 whose number is asked (汴科发(2021)几号) picks among the documents numbered with that 代字 and year.
- What one numbered document issued (…号印发了哪几个办法) is its content, not the year's record of documents made.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from jzbot.answer.understand import Kind, understand
from jzbot.ingest.pipeline import parse_file
from jzbot.models import Chunk, DocMeta
from jzbot.text import FRONT_SECTIONS

TODAY = dt.date(2024, 3, 20)

_REPORT = """东川县科学技术局2022年政府信息公开工作年度报告

一、总体情况
2022年，县科技局通过门户网站主动公开政府信息312条，其中规范性文件4件。全年收到群众来信咨询26件，均已按时答复。
二、主动公开政府信息情况
县科技局全年召开新闻发布会2场。
"""

_NOTICE = """关于举办2023年东川县科技活动周的通知

各乡镇人民政府，县直有关单位：
现将有关事项通知如下。
一、活动时间：2023年5月20日至27日。
二、活动主题：创新引领未来。
三、各单位于2023年5月15日前将活动方案报县科技局。

东川县科学技术局
2023年5月8日
"""

_DECISION = """关于表彰2019年度全市农技推广先进集体的决定
汴农发〔2020〕7号
各县区农业农村局：
经评审，决定授予兰考县农技中心等12个单位“农技推广先进集体”称号。
开封市农业农村局
2020年3月2日
"""

_OTHER_DECISION = """关于表彰2019年度全市植保工作先进个人的决定
汴农发〔2020〕9号
各县区农业农村局：
经评审，决定授予王强等20名同志“植保工作先进个人”称号。希望各单位认真总结经验。
开封市农业农村局
2020年3月9日
"""

_ISSUING = """| 《西岭市技术创新中心管理办法(试行)》等三个办法 |
点击数: 时间:2021-06-18 |
西科字〔2021〕33号 关于印发《西岭市技术创新中心管理办法(试行)》等三个办法的通知 各有关单位: 现将《西岭市技术创新中心管理办法(试行)》《西岭市科技企业孵化器管理办法(试行)》《西岭市野外科学观测站管理办法(试行)》印发给你们,请认真贯彻执行。 西岭市科学技术局 2021年6月10日
"""


_MARKET = """东岭省技术市场条例

第一章　总则
第一条 为了规范技术市场，制定本条例。
第二章　技术交易
第九条 举办科技成果对接洽谈会，主办单位应当事前向省技术市场管理机构提出书面申请。管理机构应自收到申请之日起七日内作出书面答复。
第十条 技术合同应当采用书面形式，当事人可以在三十日内申请登记。
第十一条 登记机构应当在十日内发给当事人技术合同登记证明。
第三章　法律责任
第二十条 违反本条例规定，有下列行为之一的，按下列规定处理：（一）冒用技术合同登记证明的，处以五百元以上五千元以下罚款。
"""


def _parsed(folder: Path, text: str) -> tuple[DocMeta, list[Chunk]]:
    """A synthetic page read as the ingest reads a file."""
    page = folder / "page.txt"
    page.write_text(text, encoding="utf-8")
    return parse_file(page, "page.txt")


@pytest.fixture(scope="module")
def asked_assistant(tmp_path_factory: pytest.TempPathFactory, fake_embeddings):
    from tests.conftest import indexed_with

    folder = tmp_path_factory.mktemp("asked") / "asked"
    folder.mkdir()
    for name, text in {
        "东川县年报.txt": _REPORT,
        "东川县科技活动周.txt": _NOTICE,
        "开封农技推广表彰.txt": _DECISION,
        "开封植保表彰.txt": _OTHER_DECISION,
        "西岭市三个办法.txt": _ISSUING,
        "东岭省技术市场条例.txt": _MARKET,
    }.items():
        (folder / name).write_text(text, encoding="utf-8")
    return indexed_with(tmp_path_factory, fake_embeddings, folder)


def test_a_figure_of_something_else_is_no_answer(asked_assistant) -> None:
    # 投诉 is never said: 咨询26件 is a figure of something else.
    a = asked_assistant.ask("东川县科技局2022年收到群众投诉多少件")
    assert not a.found and "26件" not in a.answer
    a = asked_assistant.ask("东川县科技局2022年收到群众来信咨询多少件")
    assert a.found and "26件" in a.answer


def test_a_day_of_something_else_is_no_answer(asked_assistant) -> None:
    a = asked_assistant.ask("东川县2023年科技活动周，活动总结几号前交县科技局")
    assert not a.found and "5月15日" not in a.answer
    a = asked_assistant.ask("东川县2023年科技活动周，活动方案几号前报县科技局")
    assert a.found and "5月15日" in a.answer


def test_the_noun_before_the_question_word_is_required() -> None:
    from jzbot.answer.terms import _asked_of
    from jzbot.index.keyword import Tagged

    def tag(*pairs: tuple[str, str]) -> list[tuple[Tagged, int]]:
        return [(Tagged(w, p), 0) for w, p in pairs]

    # 投诉多少件: the thing counted; 报哪里, 累计多少家: a verb there is the predicate.
    assert _asked_of(tag(("收到", "v"), ("投诉", "n"), ("多少", "m"), ("件", "q"))) == {1}
    assert _asked_of(tag(("材料", "n"), ("报", "v"), ("哪里", "r"))) == set()
    assert _asked_of(tag(("中心", "n"), ("累计", "v"), ("多少", "m"), ("家", "q"))) == set()
    # 群众投诉多少件: a verb counted by a measure word of events is the events counted; 新增多少件 is not.
    assert _asked_of(tag(("群众", "n"), ("投诉", "v"), ("多少", "m"), ("件", "q"))) == {1}
    assert _asked_of(tag(("专利", "n"), ("新增", "v"), ("多少", "m"), ("件", "q"))) == set()
    # 截止时间几号, 总量多少: 时间 and 总量 name the kind of answer, not the thing asked about.
    assert _asked_of(tag(("截止", "v"), ("时间", "n"), ("几号", "m"))) == set()
    assert _asked_of(tag(("总量", "n"), ("多少", "m"))) == set()
    # 揭牌仪式在哪办: a preposition between the noun and the question word.
    assert _asked_of(tag(("仪式", "n"), ("在", "p"), ("哪", "r"), ("办", "v"))) == {0}


def test_a_docno_half_remembered(asked_assistant) -> None:
    q = understand("农技推广那个表彰决定是汴农发(2020)第几号", TODAY)
    assert q.kind is Kind.TITLE_TO_DOCNO and q.docno_prefix.endswith("汴农发〔2020〕")
    a = asked_assistant.ask("农技推广那个表彰决定是汴农发(2020)第几号")
    assert "汴农发〔2020〕7号" in a.answer and "9号" not in a.answer
    a = asked_assistant.ask("开封植保先进个人的决定，文号是汴农发[2020]多少号")
    assert "汴农发〔2020〕9号" in a.answer


def test_what_a_numbered_document_issued_is_its_content(asked_assistant) -> None:
    q = understand("西科字(2021)33号一起印发了哪几个办法", TODAY)
    assert q.kind is not Kind.DOCNO_LIST and q.about_docno
    a = asked_assistant.ask("西科字(2021)33号一起印发了哪几个办法")
    assert a.found and "野外科学观测站管理办法" in a.answer and "焦科" not in a.answer


def test_a_headline_keeps_no_table_bar(tmp_path: Path) -> None:
    meta, _ = _parsed(tmp_path, _ISSUING)
    assert not meta.title.endswith("|") and not meta.title.startswith("|")
    assert meta.doc_number == "西科字〔2021〕33号"


def test_a_repository_provenance_line_is_no_title(tmp_path: Path) -> None:
    # A text kept in a public repository says where it came from as a page gives its address; the title follows.
    meta, chunks = _parsed(
        tmp_path,
        "来源：github:someone/laws:地方性法规/西岭市科学技术普及条例(2019-05-01).md （markdown 转为纯文本）\n"
        "西岭市科学技术普及条例\n第一章　总则\n第一条 为了加强科学技术普及工作，制定本条例。\n",
    )
    assert meta.title == "西岭市科学技术普及条例"
    assert not any("github" in c.text for c in chunks)


def test_a_regulations_history_is_content(tmp_path: Path) -> None:
    # The adoption and promulgation lines under a regulation's title are what 哪天通过 / 第几号公告公布 ask, not a
    # signature kept out of the answers.
    meta, chunks = _parsed(
        tmp_path,
        "西岭市技术市场条例\n\n2015年6月30日 西岭市第九届人民代表大会常务委员会第十二次会议通过\n\n"
        "2015年9月1日 西岭市人民代表大会常务委员会公告第18号公布\n\n2016年1月1日施行\n\n第一章　总则\n\n"
        "第一条 为了规范技术市场，制定本条例。\n",
    )
    assert meta.title == "西岭市技术市场条例"
    body = "".join(c.text for c in chunks if c.section not in FRONT_SECTIONS)
    assert "公告第18号公布" in body and "第九届人民代表大会常务委员会第十二次会议通过" in body
    assert meta.date == "2015-09-01" and meta.year == 2015  # the edition: its latest adoption or promulgation


def test_a_revised_regulation_is_of_its_latest_revision(tmp_path: Path) -> None:
    meta, _ = _parsed(
        tmp_path,
        "东岭省科学技术奖励条例\n（2003年5月20日东岭省第十届人民代表大会常务委员会第三次会议通过 "
        "2019年11月29日东岭省第十三届人民代表大会常务委员会第十四次会议修订）\n第一条 为了奖励科学技术进步，制定本条例。\n"
        "第三十条 本条例自2020年3月1日起施行。\n",
    )
    assert meta.year == 2019 and meta.date == "2019-11-29"


def test_the_sentence_before_sets_the_topic(asked_assistant) -> None:
    # 七日内作出书面答复 says nothing of the 对接洽谈会; the sentence before it in the article does.
    a = asked_assistant.ask("东岭要办科技成果对接洽谈会，先申请后管理机构多少天内给答复")
    assert a.found and "七日内" in a.answer and "三十日" not in a.answer


def test_a_fine_is_money(asked_assistant) -> None:
    # 罚多少 asks an amount of money: the article on the 登记证明 that states no money is no answer.
    q = understand("冒用登记证明的要罚多少", TODAY)
    assert "元" in q.units
    a = asked_assistant.ask("东岭技术市场条例，冒用技术合同登记证明的罚多少")
    assert "五百元以上五千元以下" in a.answer and "十日内" not in a.answer


def test_a_compound_said_in_its_two_halves() -> None:
    from jzbot.answer.terms import _split_in

    # 重点对象 said as 对象是全体公民，重点是…; the halves far apart, or one missing, say nothing of it.
    assert _split_in("重点对象", "科普工作的对象是全体公民重点是青少年")
    assert _split_in("经费投入", "加大投入研发经费")
    assert not _split_in("重点对象", "重点" + "是" * 20 + "对象")
    assert not _split_in("重点对象", "科普工作的对象是全体公民")
