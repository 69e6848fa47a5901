"""jieba's dictionary kept in SQLite and read entry by entry, so a question does not wait for all of it.

Why: jieba reads its whole dictionary into Python dicts before cutting a word (prefix frequencies ~0.5 s,
part-of-speech tags another ~0.4 s, ~130 MB), yet a question looks up a few hundred entries. The table is
written once from jieba's own dictionaries (frequencies, total, tags), so words, frequencies and tags are
exactly jieba's and every token is the same as with the dicts in memory. Bulk tokenizing (ingest) still
uses jieba's dicts: a Python-level lookup per character would cost more there than the load saves.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)
_MISSING = object()


class Lexicon:
    """One SQLite table (word, freq, tag) with a memo: jieba's ``FREQ`` and posseg's ``word_tag_tab``
    read through ``freq`` and ``tags``. Entries added at run time (the bureau's terms) stay in memory.

    Not thread-safe on its own: the ``Tokenizer`` that uses it holds its lock around every jieba call."""

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self.total = int(self._db.execute("SELECT value FROM meta WHERE key = 'total'").fetchone()[0])
        self.freq = _Column(self._db, "freq")
        self.tags = self.fresh_tags()

    def fresh_tags(self) -> _Column:
        """Tags read through a memo of their own (words added to one tagger stay out of another)."""
        return _Column(self._db, "tag")

    @staticmethod
    def path_for(folder: Path) -> Path:
        import jieba

        dict_file = Path(jieba.__file__).with_name("dict.txt")
        stamp = f"{jieba.__version__}-{dict_file.stat().st_size}"
        return folder / f"jieba-{stamp}.sqlite"

    @classmethod
    def open(cls, folder: Path) -> Lexicon | None:
        """The lexicon of the installed jieba in ``folder``, written first if missing; ``None`` when it cannot
        be written (a read-only data folder: jieba then loads its dicts as usual)."""
        try:
            path = cls.path_for(folder)
            if not path.exists():
                _write(path)
            return cls(path)
        except (OSError, sqlite3.Error) as e:
            log.warning("jieba lexicon unavailable, loading jieba's dictionary whole: %s", e)
            return None


class _Column:
    """A read-through mapping over one column, with the few dict methods jieba calls."""

    def __init__(self, db: sqlite3.Connection, column: str) -> None:
        self._db = db
        self._sql = f"SELECT {column} FROM lexicon WHERE word = ?"
        self._memo: dict[str, Any] = {}

    def _lookup(self, word: str) -> Any:
        got = self._memo.get(word, _MISSING)
        if got is _MISSING:
            row = self._db.execute(self._sql, (word,)).fetchone()
            got = self._memo[word] = row[0] if row is not None and row[0] is not None else None
        return got

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._lookup(word) is not None

    def __getitem__(self, word: str) -> Any:
        got = self._lookup(word)
        if got is None:
            raise KeyError(word)
        return got

    def get(self, word: str, default: Any = None) -> Any:
        got = self._lookup(word)
        return default if got is None else got

    def __setitem__(self, word: str, value: Any) -> None:
        self._memo[word] = value

    def update(self, items: dict[str, Any]) -> None:
        self._memo.update(items)


def _write(path: Path) -> None:
    """Copy jieba's prefix dictionary and tags into ``path`` (written aside, then renamed)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    whole = jieba.Tokenizer()
    whole.initialize()
    tags: dict[str, str] = {}
    with whole.get_dict_file() as f:
        for line in f:
            parts = line.decode("utf-8").split()
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
    rows: Iterable[tuple[str, int, str | None]] = ((w, n, tags.get(w)) for w, n in whole.FREQ.items())
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with contextlib.closing(sqlite3.connect(tmp)) as db, db:
        db.execute(
            "CREATE TABLE lexicon (word TEXT PRIMARY KEY, freq INTEGER NOT NULL, tag TEXT) WITHOUT ROWID"
        )
        db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.executemany("INSERT INTO lexicon VALUES (?, ?, ?)", rows)
        db.execute("INSERT INTO meta VALUES ('total', ?)", (str(whole.total),))
    tmp.replace(path)
