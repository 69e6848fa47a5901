"""Metamorphic tests: an answer (its figures and its cited document) does not move when the knowledge is crowded.

Crowding: (a) unrelated official documents added, (b) look-alike editions added (last year's, with every year one
back and every figure and 文号 changed, and a sister city's, with its places and 文号 prefix swapped), (c) the
question names the home city or leaves it out. The look-alikes come from ``jzbot.lookalike``, so they are made from
whatever the knowledge holds; the questions are the golden set's plus a few more, none of them tuned here.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import NamedTuple

import pytest

from jzbot import evaluate as ev
from jzbot.assistant import Assistant
from jzbot.models import Answer
from tests.conftest import DATA, KNOWLEDGE, make_settings
from tests.helpers.fake_embeddings import CharGramEmbeddings

HOME_ORG = "焦作市科学技术局"
GOLDEN = [
    json.loads(x) for x in (DATA / "golden.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()
]
MORE = [
    "全市技术合同成交额排全省第几",
    "全市科研助理岗位开发了多少个",
    "局里法律顾问参加了几次研讨会",
    "2013年科技进步奖三等奖多少项",
    "这份报告的主送机关是谁？",
    "焦科〔2011〕22号还有效吗",
]
QUESTIONS = [c["q"] for c in GOLDEN] + MORE
pytestmark = pytest.mark.slow  # three indexes of 40-odd documents: a minute; CI runs them


class Seen(NamedTuple):
    found: bool
    figures: frozenset[str]
    documents: frozenset[str]


def _seen(answer: Answer) -> Seen:
    text = re.sub(r"\[\d+\]|（[^）]*按当前日期理解[^）]*）", "", answer.answer)
    figures = frozenset(re.findall(r"\d+(?:\.\d+)?", text))
    return Seen(answer.found, figures, frozenset(c.source for c in answer.citations))


def _index(folder: Path, data: Path) -> Assistant:
    return Assistant.indexed(make_settings(data, folder, home_org=HOME_ORG), CharGramEmbeddings())


@pytest.fixture(scope="module")
def worlds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Assistant, frozenset[str]]]:
    """plain: the report and the test corpus; unrelated: plus 30-odd official texts of other bodies and
    genres; crowded: plain plus the look-alike editions of each of its documents."""
    root = tmp_path_factory.mktemp("editions")
    plain = root / "plain"
    shutil.copytree(KNOWLEDGE, plain)
    shutil.copytree(DATA / "corpus", plain / "corpus")
    unrelated = root / "unrelated"
    shutil.copytree(plain, unrelated)
    shutil.copytree(DATA / "official", unrelated / "official")
    crowded = root / "crowded"
    lookalikes = frozenset(ev.crowd(plain, crowded, HOME_ORG))
    assert (
        len(lookalikes) >= 8
    )  # last year's edition of each dated document, 焦作's documents a sister city's too
    return {
        "plain": (_index(plain, root / "d1"), frozenset()),
        "unrelated": (_index(unrelated, root / "d2"), frozenset()),
        "crowded": (_index(crowded, root / "d3"), lookalikes),
    }


@pytest.fixture(scope="module")
def baseline(worlds) -> dict[str, Seen]:
    plain, _ = worlds["plain"]
    return {q: _seen(plain.ask(q)) for q in QUESTIONS}


@pytest.mark.parametrize("world", ["unrelated", "crowded"])
def test_answers_do_not_move_when_the_knowledge_is_crowded(worlds, baseline, world: str) -> None:
    assistant, lookalikes = worlds[world]
    moved = []
    for q in QUESTIONS:
        now = _seen(assistant.ask(q))
        if now.documents & lookalikes:
            moved.append(f"{q}: cites a look-alike {sorted(now.documents & lookalikes)}")
        elif now.found != baseline[q].found or (now.found and now.figures != baseline[q].figures):
            moved.append(f"{q}: {baseline[q]} → {now}")
    assert moved == []


def test_naming_the_home_city_or_not_gives_the_same_answer(worlds, baseline) -> None:
    assistant, lookalikes = worlds["crowded"]
    for q in ("全市技术合同成交额是多少", "高企净增多少家？", "科技型中小企业备案入库多少家"):
        for variant in (q, "焦作" + q, "咱市" + q, "我们焦作" + q):
            now = _seen(assistant.ask(variant))
            assert now.found and not now.documents & lookalikes, variant
            assert now.figures == _seen(assistant.ask(q)).figures, variant


def test_the_year_asked_picks_its_edition_and_the_place_named_its_body(worlds) -> None:
    assistant, lookalikes = worlds["crowded"]
    last_year = next(d for d in lookalikes if "2022" in d and "report" in d)
    sister = next(d for d in lookalikes if d.endswith("新乡.txt") and "report" in d)
    for question, document in (
        ("2023年全市技术合同成交额是多少", "jiaozuo-kjj-2023-fazhi-zhengfu-report.txt"),
        ("2022年全市技术合同成交额是多少", last_year),
        ("前年高企净增多少家", None),  # today is 2026-11-25: 2024, a year no edition covers
        ("新乡的技术合同成交额是多少", sister),
    ):
        answer = assistant.ask(question)
        if document is None:
            assert not answer.found, question
        else:
            assert answer.found and {c.source for c in answer.citations} == {document}, question
            assert any("据" in n for n in answer.notes), answer.notes  # says which edition answered
