"""A conversation about a regulation moves with the staff member: to another edition of it (2012年那版呢, 老版呢,
新版里…; the year names the edition, not the time asked), to another city's regulation on the same subject (那澄江的
呢: the document of the same name for that place), and to its effective date (哪天施行, a fact of the document).

The questions are paraphrases written for these tests (no question bank holds them); the knowledge is the bundled
report, the test corpus and four synthetic regulations (tests/data/editions7: two editions of 岚州市科学技术普及条例,
澄江市科学技术普及促进条例, and an 澄江 regulation on another subject).
"""

from __future__ import annotations

import pytest

from jzbot.answer.frame import EDITION_CUE, Aspect, read
from jzbot.assistant import Assistant
from tests.conftest import DATA
from tests.test_followup import knowing, talk


@pytest.fixture(scope="module")
def chat(tmp_path_factory: pytest.TempPathFactory, fake_embeddings) -> Assistant:
    return knowing(tmp_path_factory, fake_embeddings, DATA / "editions7")


def test_an_older_edition_by_its_year(chat) -> None:
    new, old = talk(chat, "岚州2023年修订的科学技术普及条例自哪天起施行", "2012年那版呢")
    assert new.found and "2023年7月1日" in new.answer
    assert old.found and "2012年10月1日" in old.answer and "2023年7月1日" not in old.answer


def test_the_old_and_the_new_edition_by_word(chat) -> None:
    *_, old, new = talk(
        chat, "岚州2023年修订的科学技术普及条例自哪天起施行", "骗取科普专项资金的罚多少", "老版呢", "新版呢"
    )
    assert old.found and "二千元以上一万元以下" in old.answer and "五千元" not in old.answer
    assert new.found and "五千元以上五万元以下" in new.answer


def test_a_question_of_its_own_about_the_new_edition(chat) -> None:
    *_, month = talk(chat, "岚州2012年修订的科学技术普及条例自哪天起施行", "新版里每年几月举办岚州科技周")
    assert month.found and "五月" in month.answer and "九月" not in month.answer


def test_another_citys_regulation_on_the_same_subject(chat) -> None:
    _, other, when = talk(
        chat, "岚州市科学技术普及条例里，骗取科普专项资金的罚多少", "那澄江的呢", "澄江的哪天施行"
    )
    assert other.found and "一万元以上三万元以下" in other.answer
    assert when.found and "2019年3月1日" in when.answer


def test_edition_words_and_the_effective_date_are_read(chat) -> None:
    reader = chat.engine().reader
    assert [m.group() for m in EDITION_CUE.finditer("2012年那版呢")] == ["那版"]
    assert EDITION_CUE.search("修订前是怎么规定的") and not EDITION_CUE.search("出版物怎么管理")
    assert Aspect.EFFECTIVE in [p.aspect for p in read("北京的条例什么时候开始施行", reader)]
