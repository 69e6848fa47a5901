"""What every answer rule receives: the understood question, its evidence and the knowledge."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from jzbot.answer.evidence import Evidence, grade
from jzbot.answer.prompts import Template
from jzbot.answer.scope import Scope
from jzbot.answer.terms import Term
from jzbot.answer.understand import Question
from jzbot.index.knowledge import Knowledge
from jzbot.models import Answer, Chunk, Hit, Refusal
from jzbot.registry.vocabulary import Vocabulary


@dataclass
class Context:
    question: Question
    knowledge: Knowledge
    vocab: Vocabulary
    templates: dict[str, Template]
    hits: list[Hit]
    scope: Scope
    terms: list[Term]
    notes: list[str] = field(default_factory=list)

    @cached_property
    def evidence(self) -> list[Evidence]:
        """Every span of the retrieved chunks, best first (graded once, shared by the rules)."""
        return grade(self.question, self.terms, self.hits, self.scope, self.previous_chunk)

    def previous_chunk(self, chunk: Chunk) -> Chunk | None:
        return self.knowledge.chunk_at(chunk.doc_id, chunk.chunk_no - 1)

    def refuse(self, reason: Refusal, key: str, **values: object) -> Answer:
        return Answer(
            question=self.question.text,
            answer=self.year_note() + self.templates[key].render(**values),
            found=False,
            refusal=reason,
        )

    def answer(self, text: str, citations: list, notes: list[str] | None = None) -> Answer:
        return Answer(
            question=self.question.text,
            answer=self.year_note() + text,
            found=True,
            citations=citations,
            notes=[*self.notes, *(notes or [])],
        )

    def year_note(self) -> str:
        q = self.question
        if q.relative and q.relative_year:
            return self.templates["relative_year"].render(word=q.relative, year=q.relative_year)
        return ""
