"""The snapshot's lookup structures agree with the plain computation they replace, on the bundled texts."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

from jzbot.index.corpus import CorpusText
from jzbot.index.keyword import Tokenizer
from jzbot.registry.vocabulary import Vocabulary
from jzbot.text import abbreviation_in, match_key

from .conftest import DATA, KNOWLEDGE


def _lines() -> list[str]:
    files = sorted(KNOWLEDGE.glob("*.txt")) + sorted((DATA / "corpus").glob("*.txt"))
    return [ln for f in files for ln in f.read_text(encoding="utf-8").splitlines() if ln.strip()]


@pytest.mark.slow
def test_lexicon_tokens_are_jiebas_own(tmp_path: Path) -> None:
    # Words, search tokens and tags read entry by entry from the SQLite lexicon are those of jieba's
    # dictionary read whole, for every line of the corpus and for chat-style questions.
    vocab = Vocabulary.load(KNOWLEDGE / "_vocab")
    terms = vocab.terms + list(vocab.synonyms)
    lexicon, whole = Tokenizer(terms, tmp_path), Tokenizer(terms, None)
    texts = [*_lines(), "咱局去年高企有多少家", "报告里提到的短板有哪些", "科小和专精特新企业分别多少"]
    assert [lexicon.words(t) for t in texts] == [whole.words(t) for t in texts]
    assert [lexicon.search_tokens(t) for t in texts] == [whole.search_tokens(t) for t in texts]
    assert [lexicon.tagged(t) for t in texts] == [whole.tagged(t) for t in texts]
    assert list(tmp_path.glob("jieba-*.sqlite"))


@pytest.mark.slow
def test_lexicon_keeps_jiebas_global_tagger_working(tmp_path: Path) -> None:
    # jieba.posseg is imported without reading every tag; its own module-level tagger still tags.
    code = (
        "from pathlib import Path; from jzbot.index.keyword import Tokenizer; "
        f"Tokenizer([], Path({str(tmp_path)!r})).tagged('企业'); "
        "import jieba.posseg; print([p.flag for p in jieba.posseg.lcut('高新技术企业累计达到多少家')])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['n', 'n', 'v', 'v', 'm', 'q']"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[CorpusText, list[str]]:
    units = [match_key(ln) for ln in _lines()]
    folder = tmp_path_factory.mktemp("corpus")
    text = CorpusText.build(units, folder)
    return CorpusText(folder, lambda: text), units


def test_corpus_text_agrees_with_a_scan(corpus: tuple[CorpusText, list[str]]) -> None:
    index, units = corpus
    whole = "\n".join(units)
    rng = random.Random(7)
    probes = [
        "交易额",
        "成交额",
        "高企",
        "科小",
        "技术合同",
        "专精特新",
        "区块链",
        "最多跑一次",
        "焦作",
        "温县",
        "x",
        "高新技术企业",
        "科技进步法",
        "律所",
        "提案8件",
        "",
    ]
    for unit in rng.sample(units, 200):  # pieces that are there, and the same pieces reversed (mostly not)
        if len(unit) >= 6:
            i = rng.randrange(len(unit) - 4)
            piece = unit[i : i + rng.randint(2, 4)]
            probes += [piece, piece[::-1]]
    for p in probes:
        assert index.contains(p) == (p in whole), p
        assert index.abbreviates(p, 3) == any(abbreviation_in(p, u, 3) for u in units), p


def test_corpus_text_of_nothing(tmp_path: Path) -> None:
    # An empty index (no documents yet, or only empty ones) answers "not there", never fails.
    for units in ([], [""], ["甲"]):
        text = CorpusText.build(units, tmp_path)
        index = CorpusText(tmp_path, lambda t=text: t)
        assert not index.contains("甲乙") and not index.abbreviates("甲乙", 3)
        assert index.contains("甲") == (units == ["甲"])
