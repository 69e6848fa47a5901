"""What a question must be before any work is done: not empty, not too long, no nonsense 文号.

Invariant: a refused question costs nothing (nothing embedded, retrieved or sent to a model), and its
``Answer`` carries the reason as a ``Refusal``, never only as words.
"""

from __future__ import annotations

import datetime as dt
import re

from jzbot.answer.prompts import Template
from jzbot.models import Answer, Refusal
from jzbot.registry.docno import _CLOSE, _OPEN
from jzbot.text import CJK

# The People's Republic's first documents: an earlier 文号 year is a typo or an attack, not a document.
MIN_DOCNO_YEAR = 1949
# Anything shaped like a 文号 (code, bracketed number, number, 号), whatever its digits, so a damaged one
# can be named and refused instead of being answered as a question about something else.
_DOCNO_SHAPE = re.compile(
    rf"[{CJK}A-Za-z]{{1,12}}\s*[{re.escape(_OPEN)}]\s*(?P<year>\d+)\s*[{re.escape(_CLOSE)}]\s*(?:字\s*)?(?:第\s*)?"
    r"(?P<num>\d+)\s*号"
)


# Refusals of the input itself: such a question was never answered, so it is no turn a follow-up refers to.
INPUT_REFUSALS = frozenset({Refusal.BAD_INPUT, Refusal.INVALID_DOCNO})
# Earlier turns a follow-up is resolved against: the last question or two is what "那去年呢" refers to.
HISTORY_TURNS = 6


def bounded_history(history: list[str] | None, limit: int) -> list[str]:
    """The earlier questions a follow-up may use: the last ``HISTORY_TURNS`` that were askable (not empty, at
    most ``limit`` characters). A longer one would have been refused when asked, so it is no turn: a client
    sending its own history (/v1) cannot smuggle a document past the question limit as an "earlier message"."""
    usable = [h.strip() for h in history or [] if h.strip() and len(h.strip()) <= limit]
    return usable[-HISTORY_TURNS:]


def nonsense_docno(text: str, today: dt.date | None = None) -> str | None:
    """The first 文号-shaped span whose year or number cannot be real (焦科〔99999〕0号), or None."""
    latest = (today or dt.date.today()).year + 1  # next year's numbers are issued in late December
    for m in _DOCNO_SHAPE.finditer(text):
        year, num = int(m["year"]), int(m["num"])
        if len(m["year"]) != 4 or not MIN_DOCNO_YEAR <= year <= latest or num < 1:
            return m.group(0)
    return None


def refuse_input(
    text: str, limit: int, templates: dict[str, Template], today: dt.date | None = None
) -> Answer | None:
    """The refusal for a question that must not be answered as given, or None when it may be."""
    question = text.strip()
    if not question:
        return Answer(
            question=text, answer=templates["question_empty"].render(), found=False, refusal=Refusal.BAD_INPUT
        )
    if len(question) > limit:
        # The question is not echoed back either: a 5 MB paste would make a 5 MB answer.
        return Answer(
            question=question[:limit] + "…",
            found=False,
            refusal=Refusal.BAD_INPUT,
            answer=templates["question_too_long"].render(length=len(question), limit=limit),
        )
    bad = nonsense_docno(question, today)
    if bad is not None:
        return Answer(
            question=question,
            answer=templates["nonsense_docno"].render(doc_number=bad),
            found=False,
            refusal=Refusal.INVALID_DOCNO,
        )
    return None
