"""Keyword side of hybrid search: jieba tokens (domain terms and 文号 kept whole) scored by BM25 (bm25s).

Invariant: the same ``Tokenizer`` tokenizes chunks and queries, so a 文号 written 焦科[2023]45号 in a
question meets 焦科〔2023〕45号 in a chunk as one identical token.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import threading
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from jzbot.registry.docno import find_docnos
from jzbot.text import fold

if TYPE_CHECKING:
    from jzbot.index.lexicon import Lexicon

log = logging.getLogger(__name__)
_WORD = re.compile(r"[\w\u4e00-\u9fff]")
STOPWORDS = set(
    [
        "的",
        "了",
        "是",
        "在",
        "和",
        "与",
        "及",
        "或",
        "等",
        "有",
        "为",
        "对",
        "中",
        "上",
        "下",
        "把",
        "被",
        "也",
        "都",
        "就",
        "又",
        "并",
        "而",
        "之",
        "其",
        "这",
        "那",
        "个",
        "们",
        "吗",
        "呢",
        "吧",
        "啊",
        "呀",
        "么",
        "什么",
        "多少",
        "几",
        "几个",
        "几家",
        "几项",
        "几次",
        "哪些",
        "哪个",
        "哪里",
        "怎么",
        "怎样",
        "如何",
        "是否",
        "是不是",
        "有没有",
        "谁",
        "请问",
        "请",
        "一下",
        "一共",
        "共",
        "总共",
        "一下子",
        "我们",
        "我",
        "你",
        "他",
        "她",
        "它",
        "这份",
        "这个",
        "那个",
        "该",
        "本",
        "此",
        "报告",
        "文件",
        "情况",
        "方面",
        "工作",
        "相关",
        "有关",
        "获得",
        "达到",
        "开",
        "了",
        "过",
        "给",
        "到",
        "从",
        "由",
        "向",
        "以",
        "所",
        "年",
        "月",
        "日",
        "今年",
        "去年",
        "前年",
        "明年",
        "全年",
        "年度",
        "告诉",
        "知道",
        "想",
        "问",
        "查",
        "查询",
        "帮",
        "帮我",
        "能",
        "可以",
        "要",
        "需要",
        "呢",
        "嘛",
        "啥",
        "具体",
        "主要",
        "一些",
        "那么",
        "还",
        "吗",
        "得",
        "着",
        "取得",
        "开展",
        "进行",
    ]
)


class Tagged(NamedTuple):
    word: str
    pos: str  # jieba's part-of-speech tag: n, v, r, m …


class Tokenizer:
    """jieba with the bureau's term list; thread-safe (jieba's lazy init is not).

    A question's words are looked up in jieba's dictionary kept in SQLite (``Lexicon``), so answering never
    reads the whole dictionary; tokenizing many texts (ingest) reads it whole once (~1 s, ~100 MB), since
    memory lookups are faster there. Both read the same entries, so the tokens are the same."""

    def __init__(self, terms: list[str], lexicon_dir: Path | None = None) -> None:
        self._terms = terms
        self._lexicon_dir = lexicon_dir
        self._lock = threading.Lock()
        self._ready = False
        self._whole = False

    def _load(self, whole: bool) -> None:
        # Called with the lock held.
        import jieba

        from jzbot.index.lexicon import Lexicon

        jieba.setLogLevel(logging.WARNING)
        lexicon = Lexicon.open(self._lexicon_dir) if self._lexicon_dir else None
        self._jieba = jieba.Tokenizer()
        if lexicon is not None and not whole:
            self._jieba.FREQ, self._jieba.total, self._jieba.initialized = lexicon.freq, lexicon.total, True
        else:
            self._jieba.initialize()
        for term in self._terms:
            self._jieba.add_word(term, freq=200000, tag="nz")
        posseg = _posseg(lexicon)
        if lexicon is not None:  # its tags are read on use, like the frequencies (our terms are added on use)
            self._pos = posseg.POSTokenizer.__new__(posseg.POSTokenizer)
            self._pos.tokenizer = self._jieba
            self._pos.word_tag_tab = lexicon.tags
        else:
            self._pos = posseg.POSTokenizer(self._jieba)
        self._ready, self._whole = True, whole or lexicon is None

    def load(self, whole: bool = False) -> None:
        """Make the dictionary ready now rather than on first use; ``whole``: in memory, for many texts."""
        with self._lock:
            if not self._ready or (whole and not self._whole):
                self._load(whole)

    def _locked(self) -> threading.Lock:
        with self._lock:
            if not self._ready:
                self._load(False)
        return self._lock

    def tagged(self, text: str) -> list[Tagged]:
        """Words of folded text with their part of speech (for weighing a question's words).

        Dictionary words only (no HMM): chat phrasing makes the HMM coin non-words such as 法里 or 了市
        from a word and a particle, which would then count as rare terms."""
        with self._locked():
            return [
                Tagged(p.word, p.flag)
                for p in self._pos.lcut(fold(text).lower(), HMM=False)
                if _WORD.search(p.word)
            ]

    def words(self, text: str) -> list[str]:
        """Precise-mode words of folded text, 文号 as single tokens; punctuation dropped."""
        t = fold(text).lower()
        out: list[str] = []
        pos = 0
        for d in find_docnos(t):
            out.extend(self._cut(t[pos : d.start]))
            out.append(d.key)
            pos = d.end
        out.extend(self._cut(t[pos:]))
        return out

    def _cut(self, text: str) -> list[str]:
        if not text:
            return []
        with self._locked():
            return [w for w in self._jieba.lcut(text) if _WORD.search(w)]

    def search_tokens(self, text: str, words: list[str] | None = None) -> list[str]:
        """Index/query tokens: words plus their sub-words (search mode), stopwords removed."""
        words = self.words(text) if words is None else words
        out: list[str] = []
        for w in words:
            if w in STOPWORDS:
                continue
            out.append(w)
            if len(w) > 2 and "〔" not in w:
                with self._locked():
                    out.extend(s for s in self._jieba.lcut_for_search(w) if s != w and len(s) > 1)
        return out


def _posseg(lexicon: Lexicon | None) -> ModuleType:
    """jieba.posseg, imported without its module-level tagger reading the whole dictionary's tags when a
    lexicon serves them (that tagger then reads them from the lexicon too, so it still tags correctly)."""
    import jieba

    if "jieba.posseg" in sys.modules or lexicon is None:
        import jieba.posseg

        return jieba.posseg
    saved, jieba.dt.dictionary = jieba.dt.dictionary, os.devnull  # its tags come from this file
    try:
        import jieba.posseg
    finally:
        jieba.dt.dictionary = saved
    jieba.posseg.dt.word_tag_tab = lexicon.fresh_tags()
    return jieba.posseg


class KeywordIndex:
    def __init__(self, tokenizer: Tokenizer, corpus: list[list[str]]) -> None:
        """``corpus``: the search tokens of each text (``Tokenizer.search_tokens``)."""
        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index build at DEBUG
        self.tokenizer = tokenizer
        self._bm25 = bm25s.BM25()
        corpus = [tokens or ["\x00"] for tokens in corpus]
        self._n = len(corpus)
        self._last: tuple[tuple[str, ...], np.ndarray] | None = None
        if self._n:
            self._bm25.index(corpus, show_progress=False)

    def save(self, folder: Path) -> None:
        if self._n:
            self._bm25.save(str(folder))

    @classmethod
    def load(cls, folder: Path, tokenizer: Tokenizer) -> KeywordIndex:
        """The index ``save`` wrote, its score matrix memory-mapped (nothing rebuilt, pages read on use)."""
        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)
        index = cls.__new__(cls)
        index.tokenizer = tokenizer
        index._n = 0
        index._last = None
        if folder.exists():
            index._bm25 = bm25s.BM25.load(str(folder), mmap=True)
            index._n = int(index._bm25.scores["num_docs"])
        return index

    def _scores(self, tokens: tuple[str, ...]) -> np.ndarray:
        """Every text's BM25 score; the last question's are kept for its further, filtered searches."""
        last = self._last
        if last is not None and last[0] == tokens:
            return last[1]
        scores = self._bm25.get_scores(list(tokens))
        self._last = (tokens, scores)
        return scores

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        """(position in the indexed texts, BM25 score) of the best ``k`` with a positive score."""
        if not self._n:
            return []
        vocab = self._bm25.vocab_dict
        tokens = [t for t in self.tokenizer.search_tokens(query) if t in vocab]
        if not tokens:
            return []
        scores = self._scores(tuple(tokens))
        if k < len(scores):  # the best k without sorting every score
            part = np.argpartition(-scores, k)[:k]
            top = part[np.argsort(-scores[part], kind="stable")]
        else:
            top = np.argsort(-scores, kind="stable")
        return [(int(i), float(scores[i])) for i in top if scores[i] > 0]
