"""The corpus's own wording (match-keyed chunk texts, titles and headings), asked whether it says a string or
spells out an abbreviation, without reading all of it.

Why: the answer engine asks this of every question word (is 交易额 a word of these documents? does 高企 stand
for something in them?). A scan of the whole text costs milliseconds per word at 50k chunks; postings of each
character and each pair of adjacent characters (which units hold them) narrow a question to a few units that
are then read. Built by ``jzbot ingest`` with the snapshot, in numpy, and memory-mapped on load.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from functools import cached_property
from itertools import pairwise
from pathlib import Path

import numpy as np

from jzbot.text import abbreviation_in

_NEWLINE = ord("\n")


class _Postings:
    """Sorted keys, and for each the units holding it: ``units[start[i]:start[i + 1]]``."""

    def __init__(self, keys: np.ndarray, start: np.ndarray, units: np.ndarray) -> None:
        self.keys, self.start, self.units = keys, start, units

    @classmethod
    def of(cls, keys: np.ndarray) -> _Postings:
        """From one array of ``key << 32 | unit`` codes (repeats allowed)."""
        both = np.unique(keys)
        key, unit = both >> np.uint64(32), (both & np.uint64(0xFFFFFFFF)).astype(np.uint32)
        first = np.flatnonzero(np.r_[True, key[1:] != key[:-1]]) if len(key) else np.empty(0, dtype=np.int64)
        return cls(key[first], np.r_[first, len(key)].astype(np.int64), unit)

    def save(self, folder: Path, name: str) -> None:
        for part in ("keys", "start", "units"):
            np.save(folder / f"{name}.{part}.npy", getattr(self, part))

    @classmethod
    def load(cls, folder: Path, name: str) -> _Postings:
        return cls(
            *(np.load(folder / f"{name}.{part}.npy", mmap_mode="r") for part in ("keys", "start", "units"))
        )

    def get(self, key: int) -> np.ndarray:
        i = int(np.searchsorted(self.keys, key))
        if i == len(self.keys) or int(self.keys[i]) != key:
            return np.empty(0, dtype=np.uint32)
        return np.asarray(self.units[self.start[i] : self.start[i + 1]])


class CorpusText:
    """``contains`` and ``abbreviates`` over the units of a snapshot (``build`` writes them to a folder)."""

    def __init__(self, folder: Path, text: Callable[[], str]) -> None:
        """``text``: the units joined by newlines, read on first need (a hit is confirmed in its unit's text)."""
        self._folder = folder
        self._text = text
        self._alphabet = np.load(folder / "alphabet.npy")  # the corpus's characters, sorted
        self._offsets = np.load(folder / "offsets.npy", mmap_mode="r")
        self._chars = _Postings.load(folder, "chars")
        self._pairs = _Postings.load(folder, "pairs")

    @staticmethod
    def build(units: list[str], folder: Path) -> str:
        """Write the postings of ``units`` to ``folder``; returns their joined text (to be stored with them)."""
        text = "\n".join(units)
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        lengths = np.fromiter((len(u) + 1 for u in units), dtype=np.int64, count=len(units))
        offsets = np.r_[0, np.cumsum(lengths)].astype(
            np.int64
        )  # unit i is text[offsets[i]:offsets[i + 1] - 1]
        unit = np.repeat(np.arange(len(units), dtype=np.uint64), lengths)[: len(codes)]
        alphabet, ids = np.unique(codes, return_inverse=True)
        ids = ids.astype(np.uint64)
        n = np.uint64(len(alphabet))
        keep = codes != _NEWLINE
        chars = _Postings.of((ids[keep] << np.uint64(32)) | unit[keep])
        both = keep[:-1] & keep[1:]  # a pair never spans two units
        pairs = _Postings.of(((ids[:-1][both] * n + ids[1:][both]) << np.uint64(32)) | unit[:-1][both])
        np.save(folder / "alphabet.npy", alphabet)
        np.save(folder / "offsets.npy", offsets)
        chars.save(folder, "chars")
        pairs.save(folder, "pairs")
        return text

    @cached_property
    def text(self) -> str:
        return self._text()

    def _ids(self, s: str) -> list[int] | None:
        """The alphabet positions of ``s``'s characters; ``None`` when one is not in the corpus at all."""
        codes = np.frombuffer(s.encode("utf-32-le"), dtype=np.uint32)
        at = np.searchsorted(self._alphabet, codes)
        if (at >= len(self._alphabet)).any() or (
            self._alphabet[np.minimum(at, len(self._alphabet) - 1)] != codes
        ).any():
            return None
        return [int(i) for i in at]

    def _candidates(self, postings: list[np.ndarray]) -> np.ndarray:
        postings.sort(key=len)
        found = postings[0]
        for p in postings[1:]:
            if not len(found):
                break
            found = np.intersect1d(found, p, assume_unique=True)
        return found

    def _units(self, which: np.ndarray) -> Iterator[str]:
        for i in which:
            yield self.text[int(self._offsets[i]) : int(self._offsets[i + 1]) - 1]

    def contains(self, s: str) -> bool:
        """The corpus holds ``s`` as written (``s`` match-keyed like the corpus)."""
        if not s:
            return True
        ids = self._ids(s)
        if ids is None:
            return False
        if len(ids) == 1:
            return True
        n = len(self._alphabet)
        postings = [self._pairs.get(a * n + b) for a, b in dict.fromkeys(pairwise(ids))]
        return any(s in unit for unit in self._units(self._candidates(postings)))

    def respellings(self, word: str) -> list[str]:
        """The strings the corpus holds that are ``word`` with one Chinese character replaced (高薪技术 → 高新技术),
        commonest first. For a question word the corpus lacks: a typo of one it has."""
        counts: Counter[str] = Counter()
        n = len(self._alphabet)
        for i in range(len(word)):
            left, right = word[:i], word[i + 1 :]
            piece = max(left, right, key=len)  # the intact part narrows the units to read
            ids = self._ids(piece) if len(piece) >= 2 else None
            if ids is None:
                continue
            postings = [self._pairs.get(a * n + b) for a, b in dict.fromkeys(pairwise(ids))]
            pattern = re.compile(re.escape(left) + r"[\u4e00-\u9fff]" + re.escape(right))
            for unit in self._units(self._candidates(postings)):
                counts.update(m.group(0) for m in pattern.finditer(unit) if m.group(0) != word)
        return [s for s, _ in counts.most_common()]

    def abbreviates(self, word: str, span: int) -> bool:
        """Some unit holds ``word``'s characters in order, close together (``abbreviation_in``)."""
        if len(word) < 2:
            return False
        ids = self._ids(word)
        if ids is None:
            return False
        postings = [self._chars.get(i) for i in dict.fromkeys(ids)]
        return any(abbreviation_in(word, unit, span) for unit in self._units(self._candidates(postings)))
