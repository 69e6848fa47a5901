"""One turn of a conversation, answered: the question bounded or refused, a draft recognised, the extractive
engine run against the thread, and a configured model's rewrite under the checks of ``answer.generate``.

The engine is built per request over the caller's view (``engine_for(allowed)``); nothing here reads the index.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple

from jzbot.answer.engine import Conversed, Engine, Rewrite
from jzbot.answer.frame import Frame
from jzbot.answer.intake import bounded_history, refuse_input
from jzbot.answer.intent import Intent, intent_of
from jzbot.answer.thread import MAX_TURNS, Said, Thread, Turn, parse_reply, said_of
from jzbot.deadline import Deadline
from jzbot.errors import ModelUnavailable
from jzbot.models import Answer, Refusal
from jzbot.registry.docno import normalize_docno

if TYPE_CHECKING:
    import datetime as dt

    from jzbot.answer.generate import Generator
    from jzbot.answer.prompts import Template

log = logging.getLogger(__name__)
Allowed = frozenset[str] | None  # the documents a caller may read; None: all of them
History = Thread | Sequence[str] | None  # a conversation's thread, or only its earlier questions


class Asked(NamedTuple):
    """An answer and the conversation's thread with this turn added."""

    answer: Answer
    thread: Thread


class Limits(NamedTuple):
    """What bounds a turn: the longest question read, the model's time budget, the date 今年 means."""

    max_question_chars: int
    model_seconds: float
    today: Callable[[], dt.date]


class Responder:
    """Answers, drafts and looks up, one turn at a time, with or without a model."""

    def __init__(
        self,
        engine_for: Callable[[Allowed], Engine],
        templates: dict[str, Template],
        limits: Limits,
        generator: Generator | None = None,
    ) -> None:
        self.engine_for = engine_for
        self.templates = templates
        self.limits = limits
        self.generator = generator

    # -- the thread ---------------------------------------------------------------------------------
    def replay(self, transcript: Sequence[tuple[str, str | None]], allowed: Allowed = None) -> Thread:
        """A thread rebuilt from a transcript: each user message with jzbot's reply to it (None: none, or
        not one jzbot wrote). The last ``MAX_TURNS`` turns are read, as a kept conversation keeps them."""
        engine = self.engine_for(allowed)
        thread = Thread()
        for question, reply in transcript[-MAX_TURNS:]:
            said = parse_reply(reply) if reply else Said(text="")
            frame = Frame(pieces=()) if self._refuse(question) else engine.frame_of(thread, question)
            thread = thread.then(Turn(question=question, frame=frame, said=said))
        return thread

    def _thread(self, history: History, allowed: Allowed) -> Thread:
        if history is None or isinstance(history, Thread):
            return history or Thread()
        # Earlier questions are bounded as questions are: a refused one is no turn to follow.
        earlier = bounded_history(list(history), self.limits.max_question_chars)
        return self.replay([(q, None) for q in earlier], allowed)

    # -- a turn ---------------------------------------------------------------------------------------
    def converse(
        self,
        question: str,
        history: History = None,
        allowed: Allowed = None,
        deadline: Deadline | None = None,
    ) -> Asked:
        """A short answer citing its sources, read against the conversation so far; and the thread with it."""
        *_, last = self.converse_stream(question, history, allowed, deadline, stream=False)
        assert isinstance(last, Asked)
        return last

    def converse_stream(
        self,
        question: str,
        history: History = None,
        allowed: Allowed = None,
        deadline: Deadline | None = None,
        stream: bool = True,
    ) -> Iterator[str | Asked]:
        """Like ``converse``, yielding verified partial text while a model writes; the last item is ``Asked``."""
        thread = self._thread(history, allowed)
        if (refused := self._refuse(question)) is not None:
            yield self._said(refused, question, thread)
            return
        if intent_of(question) is Intent.DRAFT:  # 帮我写一段…: drafted, not answered
            yield self._said(self.draft(question, allowed), question, thread)
            return
        deadline = deadline or self._deadline()
        done = self.engine_for(allowed).converse(thread, question, self._rewrite(deadline))
        answer, final = done.decision
        generator = self.generator
        if generator is not None and not final and done.hits:
            try:
                if stream:
                    for item in generator.stream_answer(done.searched, done.hits, answer, deadline):
                        if isinstance(item, Answer):
                            answer = item
                        else:
                            yield item
                else:
                    answer = deadline.call(generator.answer, done.searched, done.hits, answer, deadline)
            except ModelUnavailable as e:
                answer = self._fallback(answer, e)
        yield self._finish(answer, question, done, thread)

    def draft(self, topic: str, allowed: Allowed = None) -> Answer:
        """A report paragraph in 公文 register, every sentence cited (generated when a model is configured)."""
        if (refused := self._refuse(topic)) is not None:
            return refused
        deadline = self._deadline()
        answer, hits = self.engine_for(allowed).draft(topic)
        if self.generator is not None and hits:
            try:
                answer = deadline.call(self.generator.draft, topic, hits, answer, deadline)
            except ModelUnavailable as e:
                answer = self._fallback(answer, e)
        return answer.model_copy(update={"retrieved": [h.chunk.id for h in hits]})

    def lookup(self, doc_number: str, allowed: Allowed = None) -> Answer:
        """What a 文号 is, who issued it, whether it is in force, citing the sentence that says so."""
        if (refused := self._refuse(doc_number)) is not None:
            return refused
        key = normalize_docno(doc_number)
        if key is None:
            text = self.templates["invalid_docno"].render(doc_number=doc_number)
            return Answer(question=doc_number, found=False, refusal=Refusal.INVALID_DOCNO, answer=text)
        return self.engine_for(allowed).lookup(key)

    # -- parts ----------------------------------------------------------------------------------------
    def _refuse(self, text: str) -> Answer | None:
        return refuse_input(text, self.limits.max_question_chars, self.templates, self.limits.today())

    def _deadline(self) -> Deadline:
        # One budget per answer for every model call in it (rewrite, generation, retries), blocking or streamed.
        return Deadline(self.limits.model_seconds)

    def _rewrite(self, deadline: Deadline) -> Rewrite | None:
        """With a model: a follow-up rewritten by it (the frame's own reading when it fails)."""
        generator = self.generator
        if generator is None:
            return None

        def rewrite(history: list[str], question: str) -> str:
            with contextlib.suppress(ModelUnavailable):
                return str(deadline.call(generator.rewrite, history, question, deadline))
            return ""

        return rewrite

    def _fallback(self, answer: Answer, error: Exception) -> Answer:
        log.warning("LLM failed, answering extractively: %s", error)
        note = self.templates["llm_fallback"].render()
        return answer.model_copy(update={"answer": note + answer.answer, "notes": [*answer.notes, note]})

    def _finish(self, answer: Answer, question: str, done: Conversed, thread: Thread) -> Asked:
        followed = done.shown if done.shown and done.shown != question else None
        notes = [self.templates["followup"].render(question=followed)] if followed else []
        answer = answer.model_copy(
            update={
                "question": question,
                "resolved_question": followed,
                "notes": [*notes, *answer.notes],
                "retrieved": [h.chunk.id for h in done.hits],
            }
        )
        return Asked(answer, thread.then(Turn(question=question, frame=done.frame, said=said_of(answer))))

    def _said(self, answer: Answer, question: str, thread: Thread) -> Asked:
        """A turn with nothing to follow up (a refused question, a draft): the thread keeps only what was said."""
        return Asked(
            answer, thread.then(Turn(question=question, frame=Frame(pieces=()), said=said_of(answer)))
        )
