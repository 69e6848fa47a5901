"""Everything derived from the store's chunks: BM25 index, 文号 and figure registries, term statistics.

Invariant: derived from Chroma alone and rebuilt whenever the store's fingerprint changes, so it can
never disagree with what is indexed.
"""

from __future__ import annotations

import math
import pickle
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from jzbot.index.keyword import KeywordIndex, Tokenizer
from jzbot.models import Chunk, DocMeta, DocNoEntry, Figure
from jzbot.registry.registry import build_docnos, build_figures
from jzbot.text import abbreviation_in, match_key


@dataclass
class Knowledge:
    rows: list[tuple[Chunk, DocMeta]]
    tokenizer: Tokenizer
    fingerprint: str = ""
    keyword: KeywordIndex = field(init=False)
    docnos: dict[str, DocNoEntry] = field(init=False)
    figures: list[Figure] = field(init=False)
    docs: dict[str, DocMeta] = field(init=False)
    by_id: dict[str, int] = field(init=False)
    folded: list[str] = field(init=False)
    _df: Counter[str] = field(init=False)

    def __post_init__(self) -> None:
        self.by_id = {c.id: i for i, (c, _) in enumerate(self.rows)}
        self.docs = {m.doc_id: m for _, m in self.rows}
        texts = [f"{m.title} {c.section} {c.text}" for c, m in self.rows]
        words = [self.tokenizer.words(t) for t in texts]  # tokenized once, used twice
        self.keyword = KeywordIndex(self.tokenizer, [self.tokenizer.search_tokens(t, w) for t, w in zip(texts, words,
                                                                                                       strict=True)])
        self.docnos = build_docnos(self.rows)
        self.figures = build_figures(self.rows)
        self.folded = [match_key(c.text) for c, _ in self.rows]
        # Titles and section headings are words of the corpus too (a law's name is only in its title).
        self.corpus_text = "\n".join(self.folded + [match_key(m.title + c.section) for c, m in self.rows])
        self._df = Counter()
        for w in words:
            self._df.update(set(w))

    # -- a cache on disk, so a cold start over a large corpus does not re-tokenize it ---------------
    def __getstate__(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if k != "tokenizer"}

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("knowledge-*.pkl"):
            old.unlink(missing_ok=True)
        tmp = folder / f".knowledge-{self.fingerprint}.tmp"
        with tmp.open("wb") as f:
            pickle.dump(self, f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(folder / f"knowledge-{self.fingerprint}.pkl")  # atomic: a reader never sees half a file

    @classmethod
    def load(cls, folder: Path, fingerprint: str, tokenizer: Tokenizer) -> Knowledge | None:
        path = folder / f"knowledge-{fingerprint}.pkl"
        if not path.exists():
            return None
        try:
            with path.open("rb") as f:
                knowledge = pickle.load(f)
        except Exception:  # a damaged or foreign cache is rebuilt, never trusted
            return None
        if not isinstance(knowledge, cls):
            return None
        knowledge.tokenizer = tokenizer
        knowledge.keyword.tokenizer = tokenizer
        return knowledge

    def idf(self, term: str) -> float:
        """Rarity of a term over chunks; a term the corpus never uses gets the highest weight."""
        n = max(len(self.rows), 1)
        df = self._df.get(term, 0) or (1 if term in self.corpus_text else 0)
        return math.log((n + 1) / (df + 0.5)) + 1.0

    def in_corpus(self, term: str) -> bool:
        return match_key(term) in self.corpus_text

    def figures_of(self, chunk_id: str) -> list[Figure]:
        """The figures read from one chunk (indexed on first use, so no question scans them all)."""
        index = self.__dict__.get("_figures_by_chunk")
        if index is None:
            index = {}
            for f in self.figures:
                index.setdefault(f.chunk_id, []).append(f)
            self.__dict__["_figures_by_chunk"] = index
        return index.get(chunk_id, [])

    def chunk_at(self, doc_id: str, chunk_no: int) -> Chunk | None:
        """A document's chunk by its number (the one before a hit, for context)."""
        index = self.__dict__.get("_by_position")
        if index is None:
            index = {(c.doc_id, c.chunk_no): c for c, _ in self.rows}
            self.__dict__["_by_position"] = index
        return index.get((doc_id, chunk_no))

    def df(self, term: str) -> int:
        """How many chunks use ``term`` as a word."""
        return self._df.get(term, 0)

    def has_abbreviation(self, term: str, span: int) -> bool:
        """The corpus spells ``term`` out: its characters in order, close together (高企 → 高新技术企业)."""
        return abbreviation_in(match_key(term), self.corpus_text, span)

    def chunk(self, chunk_id: str) -> tuple[Chunk, DocMeta] | None:
        i = self.by_id.get(chunk_id)
        return self.rows[i] if i is not None else None
