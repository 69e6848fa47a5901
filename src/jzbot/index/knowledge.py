"""Everything derived from the store's chunks: BM25 index, 文号 and figure registries, term statistics.

Invariant: derived from the store's complete documents alone, saved as a snapshot named after the
store's state, so it can never disagree with what is indexed. ``jzbot ingest`` builds it; a cold start
loads it without rebuilding anything: the BM25 matrices are memory-mapped (bm25s), and rows, figures,
document frequencies and the 文号 registry sit in one SQLite file, figures and frequencies read on use.
Tokens are cached by text, so a rebuild after an ingest tokenizes only the new chunks.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import shutil
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import closing
from functools import cached_property
from pathlib import Path

import numpy as np

from jzbot.index.corpus import CorpusText
from jzbot.index.keyword import KeywordIndex, Tokenizer
from jzbot.index.vectors import Vectors
from jzbot.models import Chunk, DocMeta, DocNoEntry, Figure
from jzbot.registry.facts import Fact, build_facts
from jzbot.registry.registry import build_docnos, build_figures, build_quoted
from jzbot.text import match_key

FORMAT = "7"  # bumped whenever the snapshot's layout changes
_ROW = "pos, id, doc_id, chunk_no, section, text"
_BULK_TEXTS = 200  # more new texts than this are tokenized with jieba's whole dictionary in memory
_FIGURES = re.compile(r"\d+(?:[.,]\d+)*")  # figures and years: what tells editions of one passage apart
_SEP = "\x1f"  # joins a text's tokens in the token cache (no token holds it: tokens hold word characters)
_SCHEMA = """
CREATE TABLE docs (doc_id TEXT PRIMARY KEY, meta TEXT NOT NULL);
CREATE TABLE chunks (pos INTEGER PRIMARY KEY, id TEXT NOT NULL, doc_id TEXT NOT NULL, chunk_no INTEGER NOT NULL,
                     section TEXT NOT NULL, text TEXT NOT NULL);
CREATE INDEX chunks_by_id ON chunks (id);
CREATE INDEX chunks_by_doc ON chunks (doc_id, chunk_no);
CREATE TABLE figures (pos INTEGER PRIMARY KEY, chunk_id TEXT NOT NULL, figure TEXT NOT NULL);
CREATE INDEX figures_by_chunk ON figures (chunk_id);
CREATE TABLE df (term TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE docnos (seq INTEGER PRIMARY KEY, entry TEXT NOT NULL);
CREATE TABLE corpus (text TEXT NOT NULL);
CREATE TABLE quoted (phrase TEXT NOT NULL);
CREATE TABLE stats (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
"""


class TokenCache:
    """(words, search tokens) of a text, kept in SQLite by a hash of the vocabulary and the text."""

    def __init__(self, path: Path, vocab_key: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._path = path
        self._vocab = vocab_key

    def tokens(self, texts: list[str], tokenizer: Tokenizer) -> tuple[list[list[str]], list[list[str]]]:
        keys = [hashlib.sha1(f"{self._vocab}\n{t}".encode()).hexdigest()[:24] for t in texts]
        with closing(sqlite3.connect(self._path)) as db, db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS tokens (key TEXT PRIMARY KEY, words TEXT, search TEXT) WITHOUT ROWID"
            )
            known: dict[str, tuple[str, str]] = {}
            for i in range(0, len(keys), 900):  # SQLite's limit on variables per statement
                part = keys[i : i + 900]
                known.update(
                    (k, (w, s))
                    for k, w, s in db.execute(
                        f"SELECT key, words, search FROM tokens WHERE key IN ({','.join('?' * len(part))})",
                        part,
                    )
                )
            words, search, new = [], [], []
            if sum(k not in known for k in keys) > _BULK_TEXTS:
                tokenizer.load(whole=True)
            for key, text in zip(keys, texts, strict=True):
                if key in known:
                    w, s = (x.split(_SEP) if x else [] for x in known[key])
                else:
                    w = tokenizer.words(text)
                    s = tokenizer.search_tokens(text, w)
                    new.append((key, _SEP.join(w), _SEP.join(s)))
                    known[key] = (new[-1][1], new[-1][2])
                words.append(w)
                search.append(s)
            db.executemany("INSERT OR REPLACE INTO tokens VALUES (?, ?, ?)", new)
        return words, search


class Knowledge:
    """A loaded snapshot: ``rows`` (chunk, document) in document order with one ``DocMeta`` per document."""

    def __init__(self, folder: Path, tokenizer: Tokenizer, fingerprint: str) -> None:
        self.fingerprint = fingerprint
        self._folder = folder
        self.tokenizer = tokenizer
        self._lock = threading.Lock()
        self._db = sqlite3.connect(
            f"file:{folder / 'index.sqlite'}?mode=ro", uri=True, check_same_thread=False
        )
        self.docs: dict[str, DocMeta] = {
            d: DocMeta.model_validate_json(m)
            for d, m in self._db.execute("SELECT doc_id, meta FROM docs ORDER BY doc_id")
        }
        self.size = int(self._db.execute("SELECT count(*) FROM chunks").fetchone()[0])
        self._memo: dict[int, tuple[Chunk, DocMeta]] = {}  # rows read so far, by position
        self._at: dict[str | tuple[str, int], int] = {}  # their positions by id and by (document, number)
        self._views: dict[frozenset[str], KnowledgeView] = {}

    allowed: frozenset[str] | None = None  # the documents a view may read; None: all of them

    @property
    def base(self) -> Knowledge:
        """The whole snapshot a view is of (the snapshot itself)."""
        return self

    def view(self, allowed: frozenset[str] | None) -> Knowledge:
        """The same snapshot seen by a caller who may read only the documents ``allowed`` (None: all).

        Every answer path receives a view: rows, documents, registries and searches outside it do not exist
        for it. Term statistics (document frequencies, whether a word occurs in the corpus) stay those of the
        whole snapshot: they weigh a question's words and say nothing of a restricted document's text."""
        if allowed is None or self.docs.keys() <= allowed:
            return self
        allowed = frozenset(allowed & self.docs.keys())
        view = self._views.get(allowed)
        if view is None:  # built outside any lock (it reads the snapshot); two racing builds are equal
            view = KnowledgeView(self, allowed)
            if len(self._views) >= _VIEWS_KEPT:
                self._views.pop(next(iter(self._views)), None)
            view = self._views.setdefault(allowed, view)
        return view

    # Rows are read on use, by position, by id or by document: a question reads the few dozen it retrieves,
    # so a cold start does not build 50k chunk objects (0.24 s); ``rows`` (all of them) is for the rare full pass.
    @cached_property
    def rows(self) -> list[tuple[Chunk, DocMeta]]:
        return [self._row(r) for r in self._query(f"SELECT {_ROW} FROM chunks ORDER BY pos")]

    def _row(self, got: tuple) -> tuple[Chunk, DocMeta]:
        pos, i, d, n, s, t = got
        row = self._memo.get(pos)
        if row is None:
            row = self._memo[pos] = (Chunk(id=i, doc_id=d, chunk_no=n, section=s, text=t), self.docs[d])
            self._at[i] = self._at[(d, n)] = pos
        return row

    def row(self, pos: int) -> tuple[Chunk, DocMeta]:
        """The chunk at ``pos`` (a position in the keyword index and the vectors) with its document."""
        row = self._memo.get(pos)
        if row is None:
            row = self._row(next(self._query(f"SELECT {_ROW} FROM chunks WHERE pos = ?", pos)))
        return row

    @cached_property
    def spans(self) -> dict[str, tuple[int, int]]:
        """Each document's slice of positions (rows are in document order)."""
        return {
            d: (a, b)
            for d, a, b in self._query("SELECT doc_id, min(pos), max(pos) + 1 FROM chunks GROUP BY doc_id")
        }

    @cached_property
    def keyword(self) -> KeywordIndex:
        return KeywordIndex.load(self._folder / "bm25", self.tokenizer)

    @cached_property
    def vectors(self) -> Vectors:
        return Vectors.load(self._folder / "vectors.npy", self.size, self.spans)

    # -- building a snapshot ------------------------------------------------------------------------
    @classmethod
    def build(
        cls,
        rows: list[tuple[Chunk, DocMeta]],
        vectors: np.ndarray,
        tokenizer: Tokenizer,
        folder: Path,
        fingerprint: str,
        tokens: TokenCache,
    ) -> Knowledge:
        """Derive everything from ``rows`` (and their stored embeddings, row by row) and save it as ``folder``
        (written aside, then renamed into place)."""
        tmp = folder.with_name(f".{folder.name}.{os.getpid()}.tmp")  # two processes may build at once
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        Vectors.save(tmp / "vectors.npy", vectors)
        texts = [f"{m.title} {c.section} {c.text}" for c, m in rows]
        words, search = tokens.tokens(texts, tokenizer)  # tokenized once, used twice
        KeywordIndex(tokenizer, search).save(tmp / "bm25")
        # Document frequencies count distinct passages, their figures aside: the same sentence in last year's
        # edition of a report (other numbers, same words) must not make its words look common, or adding
        # editions would change how every question is weighed.
        df: Counter[str] = Counter()
        seen: set[str] = set()
        for text, w in zip(texts, words, strict=True):
            key = _FIGURES.sub("#", text)
            if key not in seen:
                seen.add(key)
                df.update(set(w))
        docs = {m.doc_id: m for _, m in rows}
        # Titles and section headings are words of the corpus too (a law's name is only in its title).
        units = [match_key(c.text) for c, _ in rows] + list(
            dict.fromkeys(match_key(m.title + c.section) for c, m in rows)
        )
        corpus = CorpusText.build(units, tmp)
        with closing(sqlite3.connect(tmp / "index.sqlite")) as db, db:
            db.executescript(_SCHEMA)
            db.executemany(
                "INSERT INTO docs VALUES (?, ?)", ((d, m.model_dump_json()) for d, m in docs.items())
            )
            db.executemany(
                "INSERT INTO chunks VALUES (?, ?, ?, ?, ?, ?)",
                ((i, c.id, c.doc_id, c.chunk_no, c.section, c.text) for i, (c, _) in enumerate(rows)),
            )
            db.executemany(
                "INSERT INTO figures (chunk_id, figure) VALUES (?, ?)",
                ((f.chunk_id, f.model_dump_json()) for f in build_figures(rows)),
            )
            db.executemany("INSERT INTO df VALUES (?, ?)", df.items())
            db.executemany(
                "INSERT INTO docnos (entry) VALUES (?)",
                ((e.model_dump_json(),) for e in build_docnos(rows).values()),
            )
            db.execute("INSERT INTO corpus VALUES (?)", (corpus,))
            db.executemany("INSERT INTO quoted VALUES (?)", ((p,) for p in sorted(build_quoted(rows))))
            db.execute("INSERT INTO stats VALUES ('passages', ?)", (len(seen),))
        shutil.rmtree(folder, ignore_errors=True)
        tmp.replace(folder)
        return cls(folder, tokenizer, fingerprint)

    # -- read on use ---------------------------------------------------------------------------------
    def _query(self, sql: str, *args: object) -> Iterator[tuple]:
        with self._lock:
            got = self._db.execute(sql, args).fetchall()
        yield from got

    @cached_property
    def passages(self) -> int:
        """Distinct passages (figures aside): what document frequencies are counted over."""
        got = next(self._query("SELECT value FROM stats WHERE name = 'passages'"), None)
        return int(got[0]) if got else self.size

    @cached_property
    def docnos(self) -> dict[str, DocNoEntry]:
        entries = (
            DocNoEntry.model_validate_json(e) for (e,) in self._query("SELECT entry FROM docnos ORDER BY seq")
        )
        return {e.doc_number: e for e in entries}

    @cached_property
    def figures(self) -> list[Figure]:
        return [
            Figure.model_validate_json(f) for (f,) in self._query("SELECT figure FROM figures ORDER BY pos")
        ]

    @cached_property
    def quoted_phrases(self) -> frozenset[str]:
        """The phrases the corpus puts in “” (``build_quoted``)."""
        return frozenset(p for (p,) in self._query("SELECT phrase FROM quoted"))

    @cached_property
    def corpus(self) -> CorpusText:
        return CorpusText(self._folder, lambda: next(self._query("SELECT text FROM corpus"))[0])

    def figures_of(self, chunk_id: str) -> list[Figure]:
        """The figures read from one chunk (looked up by its id: no question scans them all)."""
        return [
            Figure.model_validate_json(f)
            for (f,) in self._query("SELECT figure FROM figures WHERE chunk_id = ? ORDER BY pos", chunk_id)
        ]

    def facts_of(self, doc_id: str) -> list[Fact]:
        """A document's typed facts (deadlines with what they are for, contacts, 公示期, articles), each with
        its sentence; read from its rows on demand (``registry/facts.py``)."""
        return build_facts(self.rows_of([doc_id]))

    def df(self, term: str) -> int:
        """How many chunks use ``term`` as a word."""
        return next((n for (n,) in self._query("SELECT n FROM df WHERE term = ?", term)), 0)

    def idf(self, term: str) -> float:
        """Rarity of a term over chunks; a term the corpus never uses gets the highest weight."""
        n = max(self.passages, 1)
        df = self.df(term) or (1 if self.corpus.contains(term) else 0)
        return math.log((n + 1) / (df + 0.5)) + 1.0

    def in_corpus(self, term: str) -> bool:
        return self.corpus.contains(match_key(term))

    def has_abbreviation(self, term: str, span: int) -> bool:
        """The corpus spells ``term`` out: its characters in order, close together (高企 → 高新技术企业)."""
        return self.corpus.abbreviates(match_key(term), span)

    def chunk_at(self, doc_id: str, chunk_no: int) -> Chunk | None:
        """A document's chunk by its number (the one before a hit, for context)."""
        if chunk_no < 0:
            return None
        if (pos := self._at.get((doc_id, chunk_no))) is not None:
            return self._memo[pos][0]
        got = next(
            self._query(f"SELECT {_ROW} FROM chunks WHERE doc_id = ? AND chunk_no = ?", doc_id, chunk_no),
            None,
        )
        return None if got is None else self._row(got)[0]

    def rows_of(self, doc_ids: Iterable[str]) -> list[tuple[Chunk, DocMeta]]:
        """The rows of some documents, in corpus order, without a pass over the whole corpus."""
        out: list[tuple[Chunk, DocMeta]] = []
        for a, b in sorted(self.spans[d] for d in doc_ids if d in self.spans):
            if all(p in self._memo for p in range(a, b)):
                out += [self._memo[p] for p in range(a, b)]
            else:
                out += [
                    self._row(r)
                    for r in self._query(
                        f"SELECT {_ROW} FROM chunks WHERE pos >= ? AND pos < ? ORDER BY pos", a, b
                    )
                ]
        return out

    def chunk(self, chunk_id: str) -> tuple[Chunk, DocMeta] | None:
        if (pos := self._at.get(chunk_id)) is not None:
            return self._memo[pos]
        got = next(self._query(f"SELECT {_ROW} FROM chunks WHERE id = ?", chunk_id), None)
        return None if got is None else self._row(got)


_VIEWS_KEPT = 64  # views per snapshot, by allowed set: a handful of access levels, each built once


class KnowledgeView(Knowledge):
    """``Knowledge`` limited to some documents: shares the snapshot's connection, indexes and memo."""

    def __init__(self, base: Knowledge, allowed: frozenset[str]) -> None:
        # No super().__init__: a view shares its base's connection instead of opening the snapshot again.
        self._base = base
        self._allowed = self.allowed = allowed
        self.fingerprint = f"{base.fingerprint}/{hash(allowed) & 0xFFFFFFFF:08x}"
        self.tokenizer = base.tokenizer
        self._folder, self._lock, self._db = base._folder, base._lock, base._db
        self._memo, self._at, self._views = base._memo, base._at, {}
        self.docs = {d: m for d, m in base.docs.items() if d in allowed}
        self.size = sum(b - a for a, b in self.spans.values())

    @property
    def base(self) -> Knowledge:
        return self._base

    def view(self, allowed: frozenset[str] | None) -> Knowledge:
        return self if allowed is None else self._base.view(self._allowed & allowed)

    @cached_property
    def spans(self) -> dict[str, tuple[int, int]]:
        return {d: s for d, s in self._base.spans.items() if d in self._allowed}

    @cached_property
    def rows(self) -> list[tuple[Chunk, DocMeta]]:
        return self.rows_of(self.docs)

    def row(self, pos: int) -> tuple[Chunk, DocMeta]:
        row = self._base.row(pos)
        if row[0].doc_id not in self._allowed:
            raise KeyError(pos)  # searches are bounded by ``allowed``: no position outside it reaches here
        return row

    def chunk(self, chunk_id: str) -> tuple[Chunk, DocMeta] | None:
        row = self._base.chunk(chunk_id)
        return row if row is not None and row[0].doc_id in self._allowed else None

    def chunk_at(self, doc_id: str, chunk_no: int) -> Chunk | None:
        return self._base.chunk_at(doc_id, chunk_no) if doc_id in self._allowed else None

    def rows_of(self, doc_ids: Iterable[str]) -> list[tuple[Chunk, DocMeta]]:
        return self._base.rows_of(d for d in doc_ids if d in self._allowed)

    def figures_of(self, chunk_id: str) -> list[Figure]:
        return [f for f in self._base.figures_of(chunk_id) if f.doc_id in self._allowed]

    @cached_property
    def figures(self) -> list[Figure]:
        return [f for f in self._base.figures if f.doc_id in self._allowed]

    @cached_property
    def docnos(self) -> dict[str, DocNoEntry]:
        """The 文号 registry of the allowed documents alone: a title, issuer or status another document gives a
        文号 must not reach a view without it (once per view). Only the entries a hidden document touches are
        built again, from the allowed documents that mention them."""
        base = self._base.docnos
        hidden = self._base.docs.keys() - self._allowed
        touched = {
            n
            for n, e in base.items()
            if e.own_doc_id in hidden or any(m.doc_id in hidden for m in e.mentions)
        }
        out = {n: e for n, e in base.items() if n not in touched}
        sources = {m.doc_id for n in touched for m in base[n].mentions} | {
            base[n].own_doc_id or "" for n in touched
        }
        if touched and (sources := sources & self._allowed):
            out.update((n, e) for n, e in build_docnos(self.rows_of(sources)).items() if n in touched)
        return out

    keyword = property(lambda self: self._base.keyword)
    vectors = property(lambda self: self._base.vectors)
    corpus = property(lambda self: self._base.corpus)
    quoted_phrases = property(lambda self: self._base.quoted_phrases)


def snapshot_key(*parts: str) -> str:
    return hashlib.sha1("|".join([FORMAT, *parts]).encode()).hexdigest()[:16]


def current(cache: Path) -> str | None:
    """The name of the snapshot the last build left in ``cache`` (``None`` when none or one is being made)."""
    try:
        return json.loads((cache / "CURRENT").read_text())["snapshot"]
    except (OSError, ValueError, KeyError):
        return None


def set_current(cache: Path, name: str | None) -> None:
    """Point at snapshot ``name`` (atomically), removing the others; ``None`` marks the store as changing."""
    cache.mkdir(parents=True, exist_ok=True)
    if name is None:
        (cache / "CURRENT").unlink(missing_ok=True)
        return
    tmp = cache / ".CURRENT.tmp"
    tmp.write_text(json.dumps({"snapshot": name}))
    tmp.replace(cache / "CURRENT")
    for old in cache.glob("knowledge-*"):
        if old.name != name:
            if old.is_dir():
                shutil.rmtree(old, ignore_errors=True)
            else:
                old.unlink(missing_ok=True)
