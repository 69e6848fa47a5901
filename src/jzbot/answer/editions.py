"""Which edition answers: a knowledge base holds every year's report and the sister bodies' versions of it.

Editions are the documents of one ``series`` (``registry/identity.py``): the same document for another year,
place or body. For each series with several editions the question picks, before anything is searched:
- a place it names → that place's editions; none named → the home organisation's editions, else its city's
  (another body's edition is a look-alike, not an answer);
- a year it asks → the editions of that year; the others only when those hold no answer, since a later edition
  may state an earlier year's figure (and the year checks still apply);
- no year, or no edition of it → the newest edition; older ones are read only when the newest holds no answer.
Documents without other editions are never touched: a choice narrows a series, it never drops a singleton.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import PurePath
from typing import NamedTuple
from weakref import WeakKeyDictionary

from jzbot.answer.scope import Scope
from jzbot.answer.understand import Question
from jzbot.index.knowledge import Knowledge
from jzbot.models import Answer, DocMeta


class Choice(NamedTuple):
    exclude: frozenset[str]  # other editions: not read for this question
    fallback: frozenset[str]  # older editions: read only when the chosen ones hold no answer
    multiple: frozenset[str]  # chosen documents that had other editions (an answer from one says which)


NO_CHOICE = Choice(frozenset(), frozenset(), frozenset())
_FAMILIES: WeakKeyDictionary[Knowledge, list[frozenset[str]]] = WeakKeyDictionary()


def families(knowledge: Knowledge) -> list[frozenset[str]]:
    """The series with more than one edition (once per loaded knowledge)."""
    if knowledge not in _FAMILIES:
        by_series: dict[str, set[str]] = defaultdict(set)
        for doc_id, meta in knowledge.docs.items():
            if meta.series:
                by_series[meta.series].add(doc_id)
        _FAMILIES[knowledge] = [frozenset(d) for d in by_series.values() if len(d) > 1]
    return _FAMILIES[knowledge]


def _names_place(question: Question, place: str) -> bool:
    """The question names the document's place, in full or without its suffix (焦作市 or 焦作)."""
    short = place[:-1] if len(place) > 2 else place
    return bool(place) and short in question.folded


def edition_year(meta: DocMeta) -> int:
    """The year an edition is of: the period it covers, else its date, its 文号's year, or its file name's
    latest year (科学技术进步法_2021修订)."""
    if meta.year or meta.date:
        return meta.year or int((meta.date or "0")[:4])
    if m := re.search(r"[〔\[(（【]((?:19|20)\d{2})[〕\])）】]", meta.doc_number or ""):
        return int(m.group(1))
    return max(
        (int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", PurePath(meta.source).stem)), default=0
    )


def choose(question: Question, scope: Scope, knowledge: Knowledge) -> Choice:
    docs = knowledge.docs
    exclude: set[str] = set()
    fallback: set[str] = set()
    multiple: set[str] = set()
    for members in families(knowledge):
        candidates = set(members)
        if scope.docs is not None:
            named = candidates & scope.docs
            if not named:
                continue  # the question names other documents: the scope already leaves these out
            candidates = named
        if placed := {d for d in candidates if _names_place(question, docs[d].place)}:
            candidates = placed  # 焦作的…: the edition of the place the question names (the home city too)
        else:
            # No place named: the home organisation's editions, else those of its city or of no place in
            # particular, before another body's look-alike (a title the question names fits both).
            candidates = (candidates & scope.home) or (candidates - scope.foreign) or candidates
        # A later edition may state an earlier year's figure (a 2023 report gives 2022's R&D spending): the
        # other editions are read when that year's own holds no answer, and the year checks still apply.
        of_year = {d for d in candidates if docs[d].year in question.years}
        if of_year:
            fallback |= candidates - of_year
            candidates = of_year
        elif len(candidates) > 1:  # no year, or none of its editions is of that year (a law's revisions)
            newest = max(edition_year(docs[d]) for d in candidates)
            chosen = {d for d in candidates if edition_year(docs[d]) == newest}
            fallback |= candidates - chosen
            candidates = chosen
        exclude |= members - candidates - fallback
        if len(members) > 1:
            multiple |= candidates | (members & fallback)
    return Choice(frozenset(exclude), frozenset(fallback), frozenset(multiple))


def edition_note(answer: Answer, choice: Choice, knowledge: Knowledge) -> str | None:
    """Which edition an answer came from, when its document has others: 「据2023年度《…》」."""
    cited = [c.source for c in answer.citations if c.source in choice.multiple]
    if not cited or not answer.found:
        return None
    meta = knowledge.docs.get(cited[0])
    if meta is None:
        return None
    year = f"{meta.year}年度" if meta.year else ""
    return f"据{year}《{meta.title}》（知识库中另有该文件的其他年度或其他单位版本）"


def body_note(answer: Answer, scope: Scope, knowledge: Knowledge) -> str | None:
    """An answer no cue asked of another body says whose it is (the home organisation's own need no note)."""
    if scope.docs is not None or not answer.found or not answer.citations or not scope.home:
        return None
    meta = knowledge.docs.get(answer.citations[0].source)
    if meta is None or meta.doc_id in scope.home or meta.doc_id not in scope.foreign:
        return None
    whose = meta.issuer or meta.place
    return f"以上内容出自{whose}的《{meta.title}》，并非本单位文件。" if whose else None
