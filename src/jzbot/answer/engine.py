"""The extractive answer path over one knowledge view: understand → scope → gather → decide.

Invariant: everything here reads the view it was given (``Knowledge.view``), never the whole snapshot, so a
caller's answers, drafts, look-ups and refusals come only from documents that caller may read. An ``Engine`` is
made per request; it holds no state between questions.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from jzbot.answer import across, compound, editions
from jzbot.answer.draft import compose
from jzbot.answer.prompts import Template
from jzbot.answer.router import Decision, decide
from jzbot.answer.rules.context import Context
from jzbot.answer.scope import Scope, scope_of
from jzbot.answer.terms import terms_of
from jzbot.answer.understand import Kind, Question, understand
from jzbot.index.knowledge import Knowledge
from jzbot.models import Answer, Hit, Refusal
from jzbot.registry.vocabulary import Vocabulary
from jzbot.retrieve.gather import Search, gather, own_first

# Questions answered from the registries alone need no retrieval.
_REGISTRY_ONLY = {Kind.DOCNO, Kind.DOCNO_LIST}
_PER_GROUP = {Kind.LIST, Kind.FACT, Kind.FIGURE}  # asked of two organizations: answered for each


@dataclasses.dataclass(frozen=True)
class Engine:
    """Answers from ``knowledge`` (a view) with ``search`` bounded to it."""

    knowledge: Knowledge
    search: Search
    vocab: Vocabulary
    templates: dict[str, Template]
    today: dt.date
    home_org: str

    def understand(self, text: str) -> Question:
        return understand(text, self.today)

    def _empty(self, text: str) -> Answer | None:
        if self.knowledge.size:
            return None
        return Answer(
            question=text,
            answer=self.templates["empty_index"].render(),
            found=False,
            refusal=Refusal.EMPTY_INDEX,
        )

    def context(self, question: Question, scope: Scope | None = None) -> Context:
        scope = scope or scope_of(question, self.knowledge, self.home_org)
        query = self.vocab.expand(question.text)
        hits = gather(self.search, scope, query) if question.kind not in _REGISTRY_ONLY else []
        terms = terms_of(question, self.knowledge, self.vocab, without=scope.cues)
        return Context(
            question=question,
            knowledge=self.knowledge,
            vocab=self.vocab,
            templates=self.templates,
            hits=hits,
            scope=scope,
            terms=terms,
        )

    def without(self, docs: frozenset[str]) -> Engine:
        """The same engine over a view that leaves ``docs`` out (other editions of a document)."""
        if not docs:
            return self
        view = self.knowledge.view(frozenset(self.knowledge.docs) - docs)
        return dataclasses.replace(self, knowledge=view, search=self.search.over(view))

    def names_something(self, text: str) -> bool:
        """The text names a subject of its own (a noun, a name, a staff term), not only a question word."""
        return any(t.subject for t in terms_of(self.understand(text), self.knowledge, self.vocab))

    def extractive(self, question: Question) -> tuple[Decision, list[Hit]]:
        """The rules' answer (or refusal) and the evidence they read."""
        if (empty := self._empty(question.text)) is not None:
            return Decision(empty, True), []
        tagged = self.knowledge.tokenizer.tagged
        pieces = compound.parts(question.text, self.names_something, tagged)
        if len(pieces) > 1:
            decided = [self.extractive(self.understand(p)) for p in pieces]
            answer = compound.join(question.text, [d.answer for d, _ in decided])
            hits = [h for _, part in decided for h in part]
            return Decision(answer, all(d.final for d, _ in decided)), hits
        scope = scope_of(question, self.knowledge, self.home_org)
        if across.asks_across(question):
            found = gather(self.search, scope, self.vocab.expand(question.text))
            relevant = list(dict.fromkeys(h.meta.doc_id for h in found))
            if cuts := across.slices(question, scope, self.knowledge, self.today.year, relevant):
                return self._across(question, cuts)
        choice = editions.choose(question, scope, self.knowledge)
        decision, hits = self.without(choice.exclude | choice.fallback)._decide(question, scope)
        if (
            not decision.answer.found and choice.fallback
        ):  # the newest edition holds no answer: older ones may
            decision, hits = self.without(choice.exclude)._decide(question, scope)
        notes = [
            n
            for n in (
                editions.edition_note(decision.answer, choice, self.knowledge),
                editions.body_note(decision.answer, scope, self.knowledge),
            )
            if n
        ]
        if notes:
            answer = decision.answer.model_copy(update={"notes": [*decision.answer.notes, *notes]})
            decision = Decision(answer, decision.final)
        return decision, hits

    def _across(self, question: Question, cuts: list[across.Slice]) -> tuple[Decision, list[Hit]]:
        """One answer per edition, each cited to its own; a missing edition said; a difference computed."""
        found: list[Answer] = []
        missing: list[str] = []
        values: list[across.Value] = []
        hits: list[Hit] = []
        for cut in cuts:
            engine = self.without(cut.exclude)
            part = engine.understand(cut.question)
            decision, part_hits = engine.extractive(part)
            answer = decision.answer
            hits += part_hits
            if not answer.found:
                missing.append(f"{cut.label}：{self.templates['no_edition'].render(label=cut.label)}")
                continue
            found.append(answer.model_copy(update={"answer": f"{cut.label}：{answer.answer}"}))
            cited = [
                f
                for c in answer.citations
                for f in self.knowledge.figures
                if f.doc_id == c.source and (f.sentence in c.quote or c.quote in f.sentence)
            ]
            if value := across.pick_value(cut.label, answer, part, cited):
                values.append(value)
        if not found:
            refusal = self.templates["no_edition"].render(label="、".join(c.label for c in cuts))
            return Decision(
                Answer(question=question.text, answer=refusal, found=False, refusal=Refusal.WRONG_YEAR), True
            ), hits
        joined = compound.join(question.text, found)
        extra = list(missing)
        if across.asks_difference(question) and len(values) == 2 and (line := across.difference(*values)):
            extra.append(line)
        text = "\n".join([joined.answer, *extra])
        return Decision(joined.model_copy(update={"answer": text}), True), hits

    def _decide(self, question: Question, scope: Scope) -> tuple[Decision, list[Hit]]:
        ctx = self.context(question, scope.within(self.knowledge.docs))
        if len(ctx.scope.groups) > 1 and question.kind in _PER_GROUP:
            # Asked of two organizations at once: each organization's documents answer for it, joined.
            each = [
                decide(
                    dataclasses.replace(
                        ctx,
                        scope=dataclasses.replace(ctx.scope, docs=group),
                        hits=[h for h in ctx.hits if h.meta.doc_id in group],
                    )
                )
                for group in ctx.scope.groups
            ]
            if sum(d.answer.found for d in each) > 1:
                answer = compound.join(question.text, [d.answer for d in each if d.answer.found])
                return Decision(answer, all(d.final for d in each)), ctx.hits
        return decide(ctx), ctx.hits

    def draft(self, topic: str) -> tuple[Answer, list[Hit]]:
        """An extractive paragraph (or outline) and the evidence it was assembled from."""
        if (empty := self._empty(topic)) is not None:
            return empty, []
        question = self.understand(topic)
        scope = scope_of(question, self.knowledge, self.home_org)
        choice = editions.choose(question, scope, self.knowledge)
        engine = self.without(choice.exclude | choice.fallback)  # a draft is written from one edition
        ctx = engine.context(question, scope.within(engine.knowledge.docs))
        if ctx.scope.home and (ctx.scope.docs is None or ctx.scope.docs & ctx.scope.home):
            ctx.hits = own_first(engine.search, ctx.hits, ctx.scope.home, self.vocab.expand(topic))
        answer = compose(ctx)  # a 转发通知, an outline or a paragraph
        return answer, ctx.hits

    def lookup(self, key: str) -> Answer:
        """What a normalised 文号 is, from the registry (no retrieval, no model)."""
        question = self.understand(key)
        if question.kind is Kind.DOCNO and self.knowledge.size:
            # The registry rule decides a bare 文号 before anything reads scope or terms: skip the tokenizer
            # and the embedding model they would load.
            ctx = Context(
                question=question,
                knowledge=self.knowledge,
                vocab=self.vocab,
                templates=self.templates,
                hits=[],
                scope=Scope(docs=None, home=frozenset()),
                terms=[],
            )
            return decide(ctx).answer
        (answer, _), _ = self.extractive(question)
        return answer
