"""Regression sets for an administrator's own knowledge: questions with what their answers must hold.

The case format is the shared question-set format (``question``, ``kind``, ``expect_all``,
``expect_any``, ``expect_found``, ``expect_none``, ``expect_doc``, ``max_chars``): a bureau keeps a set
of the questions its staff ask and runs ``jzbot eval`` after every change of documents or version.
"""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

from jzbot.errors import ConfigError
from jzbot.models import Answer

if TYPE_CHECKING:
    from jzbot.assistant import Assistant

Kind = Literal["figure", "docno", "fact", "list", "law", "absent", "draft"]
DEFAULT_MAX_CHARS = {"figure": 200, "docno": 200, "fact": 300}
DRAFT_MIN_CHARS = 80
_MARKER = re.compile(r"[\[［【](\d+)[\]］】]")


class Case(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str = ""
    kind: Kind
    question: str
    expect_all: list[str] = Field(default_factory=list)
    expect_any: list[str] = Field(default_factory=list)
    expect_found: bool = True
    expect_none: list[str] = Field(default_factory=list)
    expect_doc: str | None = None
    max_chars: int | None = None
    genre: str = ""  # the source document's genre, where a bank says it (pass counts by genre)


class Outcome(BaseModel):
    case: Case
    answer: Answer
    problems: list[str]
    lookalike: bool = False  # a citation names a generated look-alike edition (crowded runs)
    crowd_answered: bool = False  # an absent case the look-alike edition of the year it asks answers

    @property
    def passed(self) -> bool:
        return not self.problems


def _fold(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def load(path: Path) -> list[Case]:
    cases = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            cases.append(Case.model_validate_json(line))
        except ValueError as e:
            raise ConfigError(f"{path}:{n}: not a question case ({e.__class__.__name__}): {line[:80]}") from e
    return cases


def check(case: Case, answer: Answer) -> list[str]:
    """What the answer gets wrong, as the shared scorer reads it (empty when it passes)."""
    problems = []
    text = _fold(answer.answer)
    if answer.found is not case.expect_found:
        problems.append(f"found={answer.found}")
    problems += [f"missing {w!r}" for w in case.expect_all if _fold(w) not in text]
    if case.expect_any and not any(_fold(w) in text for w in case.expect_any):
        problems.append(f"none of {case.expect_any!r}")
    problems += [f"states {w!r}" for w in case.expect_none if _fold(w) in text]
    length = len(_MARKER.sub("", text))
    limit = case.max_chars or DEFAULT_MAX_CHARS.get(case.kind)
    if limit and length > limit:
        problems.append(f"answer is {length} characters, over {limit}")
    if case.kind == "draft" and length < DRAFT_MIN_CHARS:
        problems.append(f"draft is only {length} characters")
    if case.expect_doc and _fold(case.expect_doc) not in {
        _fold(c.doc_number or "") for c in answer.citations
    }:
        problems.append(f"no citation of {case.expect_doc}")
    return problems


def run(assistant: Assistant, cases: list[Case], lookalikes: frozenset[str] = frozenset()) -> list[Outcome]:
    """Every case answered and checked; ``lookalikes``: the document ids a crowded run generated."""
    out = []
    for case in cases:
        answer = assistant.draft(case.question) if case.kind == "draft" else assistant.ask(case.question)
        cited = {c.source for c in answer.citations}
        # In a crowded run last year's edition may hold what the knowledge lacked (2022年… when only the 2023
        # report was there): answering from it is right there, and the case says so instead of failing.
        answered = case.kind == "absent" and answer.found and bool(cited) and cited <= lookalikes
        crowd_answered = answered and _asks_a_year(case.question)
        out.append(
            Outcome(
                case=case,
                answer=answer,
                problems=[] if crowd_answered else check(case, answer),
                lookalike=bool(cited & lookalikes) and not crowd_answered,
                crowd_answered=crowd_answered,
            )
        )
    return out


def _asks_a_year(question: str) -> bool:
    return bool(re.search(r"(?:19|20)\d{2}|去年|前年|上年", question))


# -- crowded runs: the same questions over the knowledge plus look-alike editions ----------------------
_CITY = re.compile(r"^(?:中共)?(.{2,4}?)市")
_YEAR_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def crowd(folder: Path, out: Path, home_org: str) -> list[str]:
    """Copy the knowledge folder to ``out`` and add look-alike editions beside each document: last year's
    (every year one back, every figure and 文号 changed) for each document that states a year, and a sister
    city's (place names and 文号 prefix swapped, figures changed) for each that names the home city. Returns
    the look-alikes' document ids (paths relative to ``out``)."""
    from jzbot import lookalike

    shutil.copytree(folder, out, dirs_exist_ok=True)
    home = m.group(1) if (m := _CITY.match(home_org)) else ""
    sister = next((c for c in lookalike.CITIES if c != home), "") if home in lookalike.CITIES else ""
    made: list[str] = []
    texts = sorted(p for p in folder.rglob("*") if p.suffix in (".txt", ".md") and not _hidden(p, folder))
    # An edition the knowledge holds itself (its series, place and year) gets no look-alike: the question of
    # that year has a genuine answer there, and a look-alike beside it would make it ambiguous.
    held = {_edition_of(p.read_text(encoding="utf-8", errors="replace"), p.name) for p in texts}
    for path in texts:
        text = path.read_text(encoding="utf-8", errors="replace")
        rel = path.relative_to(folder)
        editions = []
        if _YEAR_IN_NAME.search(
            rel.stem
        ):  # a document of a year (the file says which) has last year's edition
            older = lookalike.last_year(text, seed=1)
            editions.append((older, _YEAR_IN_NAME.sub(lambda y: str(int(y.group(1)) - 1), rel.stem)))
        if sister and home in text:
            other = lookalike.sister_city(text, home, sister, seed=2)
            name = rel.stem
            for old, new, kind in other.changes:  # the file name names the same places as the text
                if kind == "place":
                    name = name.replace(old, new)
            name = name.replace(home, sister)
            editions.append((other, name if name != rel.stem else f"{rel.stem}-{sister}"))
        for edition, stem in editions:
            for old, new in edition.docnos.items():
                stem = stem.replace(old, new)
            target = out / rel.parent / f"{stem}{rel.suffix}"
            key = _edition_of(edition.text, target.name)
            if target.exists() or (key[0] and key in held):
                continue  # the knowledge holds that edition itself: a look-alike would replace or blur it
            held.add(key)
            target.write_text(edition.text, encoding="utf-8")
            made.append(target.relative_to(out).as_posix())
    return made


def _edition_of(text: str, name: str) -> tuple[str, str, int | None]:
    """(series, place, year) of a text as the snapshot would identify it; series "" when it has none."""
    import tempfile

    from jzbot.ingest.pipeline import parse_file
    from jzbot.registry.identity import identify

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_text(text, encoding="utf-8")
        meta = identify(parse_file(path, name)[0])
    return meta.series, meta.place, meta.year


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith((".", "_")) for part in path.relative_to(root).parts)


def by_kind(outcomes: list[Outcome]) -> str:
    """``absent 10/12, docno 9/9, …`` as the shared scorer prints it."""
    total, passed = Counter(o.case.kind for o in outcomes), Counter(o.case.kind for o in outcomes if o.passed)
    return ", ".join(f"{k} {passed[k]}/{total[k]}" for k in sorted(total))


def by_genre(outcomes: list[Outcome]) -> str:
    """``通知 3/4, 公示 4/4, …`` for a bank whose cases name their document's genre ("" when none does)."""
    total = Counter(o.case.genre for o in outcomes if o.case.genre)
    passed = Counter(o.case.genre for o in outcomes if o.case.genre and o.passed)
    return ", ".join(f"{g} {passed[g]}/{total[g]}" for g in sorted(total))


def to_json(outcome: Outcome) -> str:
    return json.dumps(
        {
            "id": outcome.case.id,
            "kind": outcome.case.kind,
            "question": outcome.case.question,
            "passed": outcome.passed,
            "problems": outcome.problems,
            "answer": outcome.answer.answer,
        },
        ensure_ascii=False,
    )
