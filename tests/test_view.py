"""A caller's view of the knowledge: nothing outside the documents they may read reaches an answer."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from jzbot.assistant import Assistant
from tests.conftest import DATA, KNOWLEDGE, make_settings
from tests.helpers.fake_embeddings import CharGramEmbeddings

DECISION = "12_焦作市人民政府_表彰奖励2013年度科技进步奖的决定_焦政〔2013〕8号.txt"


@pytest.fixture(scope="module")
def two_documents(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    kdir = tmp_path_factory.mktemp("k")
    shutil.copytree(KNOWLEDGE, kdir, dirs_exist_ok=True)
    shutil.copy(DATA / "corpus" / DECISION, kdir / DECISION)
    return Assistant.indexed(make_settings(tmp_path_factory.mktemp("d"), kdir), CharGramEmbeddings())


def test_a_view_answers_only_from_its_documents(two_documents: Assistant) -> None:
    a = two_documents
    report = frozenset(d for d in a.knowledge.docs if d != DECISION)
    question = "2013年度科技进步奖一等奖有几项"
    assert any(c.source == DECISION for c in a.ask(question).citations)
    within = a.ask(question, allowed=report)
    assert all(c.source != DECISION for c in within.citations)
    assert "焦政〔2013〕8号" not in within.answer
    # The decision's 文号 is unknown to the view; the report's own is not.
    assert not a.lookup("焦政〔2013〕8号", allowed=report).found
    assert a.lookup("焦政〔2013〕8号").found
    assert all(f.doc_id != DECISION for f in a.figures(allowed=report))
    assert a.figures(allowed=report) and len(a.figures(allowed=report)) < len(a.figures())
    draft = a.draft("科技进步奖表彰情况", allowed=report)
    assert all(c.source != DECISION for c in draft.citations)


def test_a_view_is_the_same_object_for_the_same_documents(two_documents: Assistant) -> None:
    k = two_documents.knowledge
    only = frozenset({DECISION})
    assert k.view(None) is k and k.view(frozenset(k.docs)) is k
    view = k.view(only)
    assert view is k.view(only) and view.docs.keys() == {DECISION}
    assert view.size == len(view.rows) < k.size
    assert all(m.doc_id == DECISION for _, m in view.rows)
    assert view.view(frozenset(k.docs)) is view  # a view never widens
    hidden = next(c for c, m in k.rows if m.doc_id != DECISION)
    assert view.chunk(hidden.id) is None and k.chunk(hidden.id) is not None


def test_an_empty_view_refuses(two_documents: Assistant, tmp_path: Path) -> None:
    answer = two_documents.ask("全市技术合同成交额是多少", allowed=frozenset())
    assert not answer.found and not answer.citations


@pytest.fixture(scope="module")
def sister_editions(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    from jzbot import lookalike

    kdir = tmp_path_factory.mktemp("k")
    shutil.copytree(KNOWLEDGE, kdir, dirs_exist_ok=True)
    text = (DATA / "corpus" / DECISION).read_text(encoding="utf-8")
    (kdir / DECISION).write_text(text, encoding="utf-8")
    other = lookalike.sister_city(text, "焦作", "新乡", seed=3)
    (kdir / DECISION.replace("焦作", "新乡").replace("焦政", "新政")).write_text(other.text, encoding="utf-8")
    return Assistant.indexed(make_settings(tmp_path_factory.mktemp("d"), kdir), CharGramEmbeddings())


def test_a_view_without_the_home_organisation_s_documents_still_knows_a_sister_city_s_as_foreign(
    sister_editions: Assistant,
) -> None:
    a = sister_editions
    decisions = frozenset(d for d in a.knowledge.docs if d.startswith("12_"))
    assert len(decisions) == 2  # the view holds none of 焦作市科学技术局's own documents
    from jzbot.answer import editions
    from jzbot.answer.scope import scope_of

    sister = next(d for d in decisions if d != DECISION)
    for allowed in (None, decisions):
        engine = a.engine(allowed)
        question = engine.understand("2013年度市科技进步奖一等奖授予了几项")
        choice = editions.choose(
            question, scope_of(question, engine.knowledge, engine.home_org), engine.knowledge
        )
        assert sister in choice.exclude, allowed  # the home city's edition is read, not its look-alike
        got = a.ask(question.text, allowed=allowed)
        assert got.found and got.citations[0].source == DECISION, allowed
