"""The one place where the engine decides: which rule answers, or why nothing does.

Rules run in order; the first to return an ``Answer`` (found or a refusal) decides. Registry answers
and refusals for an absent subject, year or 文号 are final: no model may fill the gap. Every other
answer may be rewritten by a configured model under the citation and number checks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from jzbot.answer.rules import content, registry
from jzbot.answer.rules.context import Context
from jzbot.models import Answer, Refusal

Rule = Callable[[Context], Answer | None]


def _absent_place(ctx: Context) -> Answer | None:
    """A place the question names that no document mentions (温县 in a 焦作 corpus) cannot be answered."""
    if ctx.scope.absent_place:
        return ctx.refuse(Refusal.NO_SUBJECT, "not_found_term", term=ctx.scope.absent_place)
    return None


REGISTRY_RULES: list[Rule] = [registry.docno, registry.docno_list, registry.title_to_docno, registry.meta]
CONTENT_RULES: list[Rule] = [
    _absent_place,
    content.article,
    content.quoted_items,
    content.figure,
    content.listing,
    content.whole_article,
    content.sentence,
]
FINAL_REFUSALS = {
    Refusal.NO_SUBJECT,
    Refusal.WRONG_YEAR,
    Refusal.UNKNOWN_DOCNO,
    Refusal.INVALID_DOCNO,
    Refusal.EMPTY_INDEX,
    Refusal.BAD_INPUT,
}


class Decision(NamedTuple):
    answer: Answer
    final: bool  # True when no generated answer may replace this one


def decide(ctx: Context) -> Decision:
    for rule in REGISTRY_RULES:
        answer = rule(ctx)
        if answer is not None:
            return Decision(answer, True)
    for rule in CONTENT_RULES:
        answer = rule(ctx)
        if answer is not None:
            return Decision(answer, answer.refusal in FINAL_REFUSALS)
    return Decision(ctx.refuse(Refusal.NO_EVIDENCE, "not_found", subject="能回答该问题"), False)
