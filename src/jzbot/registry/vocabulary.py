"""Staff vocabulary: abbreviations and synonyms (科小 → 科技型中小企业) and domain terms kept whole by jieba.

Both lists are data in ``knowledge/_vocab/`` so the bureau can extend them without code.
"""

from __future__ import annotations

import logging
from pathlib import Path

from jzbot.text import fold

log = logging.getLogger(__name__)


class Vocabulary:
    def __init__(
        self, synonyms: dict[str, list[str]], terms: list[str], stopwords: frozenset[str] = frozenset()
    ) -> None:
        self.synonyms = synonyms
        self.terms = terms
        self.stopwords = stopwords  # question framing words (一共, 目前) that name nothing
        # Longest abbreviation first so 市工程中心 wins over 工程中心.
        self._order = sorted(synonyms, key=len, reverse=True)

    @classmethod
    def load(cls, folder: Path) -> Vocabulary:
        synonyms: dict[str, list[str]] = {}
        terms: list[str] = []
        syn_file, dict_file = folder / "synonyms.tsv", folder / "terms.dict"
        if syn_file.exists():
            for line in syn_file.read_text(encoding="utf-8").splitlines():
                if not line.strip() or line.startswith("#") or "\t" not in line:
                    continue
                short, full = line.split("\t", 1)
                synonyms[fold(short)] = [fold(f) for f in full.split("|") if f.strip()]
        if dict_file.exists():
            terms = [ln.split()[0] for ln in dict_file.read_text(encoding="utf-8").splitlines() if ln.strip()]
        terms.extend(
            f for fulls in synonyms.values() for f in fulls if len(f) >= 2
        )  # 市 alone would re-cut 市场
        stop_file = folder / "stopwords.txt"
        stopwords = frozenset(
            fold(ln)
            for ln in (stop_file.read_text(encoding="utf-8").splitlines() if stop_file.exists() else [])
            if ln.strip() and not ln.startswith("#")
        )
        return cls(synonyms, terms, stopwords)

    def alternatives(self, term: str) -> list[str]:
        """The term and every corpus wording it may stand for."""
        t = fold(term)
        out = [t]
        for short in self._order:
            if short in t:
                out.extend(t.replace(short, full) for full in self.synonyms[short])
        return list(dict.fromkeys(out))

    def expand(self, text: str) -> str:
        """Text with the corpus wording of every abbreviation appended (for retrieval)."""
        t = fold(text)
        extra: list[str] = []
        masked = t
        for short in self._order:
            if short in masked:
                extra.extend(self.synonyms[short])
                masked = masked.replace(short, "\x00")
        return t + (" " + " ".join(extra) if extra else "")
