"""The extractive answer path over one knowledge view: understand → scope → gather → decide.

Invariant: everything here reads the view it was given (``Knowledge.view``), never the whole snapshot, so a
caller's answers, drafts, look-ups and refusals come only from documents that caller may read. An ``Engine`` is
made per request; it holds no state between questions: a conversation's state comes in as a ``Thread``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from functools import cached_property
from itertools import pairwise
from typing import NamedTuple

from jzbot.answer import across, compound, editions, followup, policy
from jzbot.answer.cells import cell_followup
from jzbot.answer.draft import compose
from jzbot.answer.features import BY_NAME, DOCUMENT_NOUNS, found_in
from jzbot.answer.frame import (
    CONTACT_ASPECTS,
    EDITION_CUE,
    STATED_BY,
    Aspect,
    Frame,
    Piece,
    Reader,
    Relation,
    Slot,
    complete,
    has_topic,
    read,
)
from jzbot.answer.prompts import Template
from jzbot.answer.router import Decision, decide
from jzbot.answer.rules.context import Context
from jzbot.answer.scope import Scope, scope_of
from jzbot.answer.terms import coverage, support, terms_of
from jzbot.answer.thread import Said, Thread, Turn, said_of
from jzbot.answer.understand import Kind, Question, understand
from jzbot.answer.widen import (
    article_said,
    asked_measure,
    beside,
    counted,
    document_basis,
    document_contact,
    nearby,
    page_field,
    requoted,
    title_line,
    widen,
)
from jzbot.index.knowledge import Knowledge
from jzbot.models import Answer, Hit, Refusal
from jzbot.registry.docno import find_docnos
from jzbot.registry.vocabulary import Vocabulary
from jzbot.retrieve.gather import Search, gather, own_first
from jzbot.text import fold, match_key

# Questions answered from the registries alone need no retrieval.
_REGISTRY_ONLY = {Kind.DOCNO, Kind.DOCNO_LIST}
# A clause asking a fact of a document (its 文号, issuer, date) is answered by the value, not by its words.
_DOCUMENT_FACTS = {Kind.DOCNO, Kind.DOCNO_LIST, Kind.TITLE_TO_DOCNO, Kind.META}
_PER_GROUP = {Kind.LIST, Kind.FACT, Kind.FIGURE}  # asked of two organizations: answered for each
NEIGHBOUR_ASPECTS = CONTACT_ASPECTS | {Aspect.BASIS}  # stated beside the evidence they are asked of


# 每项, 每家, 各: a message opening with one asks of each item the last answer counted
DISTRIBUTIVE = re.compile(
    r"^(?:那|那么)?(?:每一?[项家个人条名件所篇位]|各(?=[项家个人条名件所篇位]?[\u4e00-\u9fff]))"
)


def _contacts(frame: Frame) -> tuple[Aspect, ...]:
    """The contacts a frame asks, in the order asked (解读人是谁，电话多少: the person, then the phone)."""
    asked = [p.aspect for p in frame.pieces if p.aspect in CONTACT_ASPECTS and p.aspect in STATED_BY]
    return tuple(dict.fromkeys(a for a in asked if a is not None))


class Within(NamedTuple):
    """Where a follow-up is searched: the conversation's documents, and the evidence its last answer cited."""

    docs: frozenset[str]
    chunks: tuple[str, ...] = ()


class Conversed(NamedTuple):
    """A message answered in its conversation: how it was understood, the decision, the evidence read."""

    frame: Frame  # what the conversation keeps (``Engine.frame_of``: the same when rebuilt from a transcript)
    decision: Decision
    hits: list[Hit]
    searched: str  # the question the rules answered (the frame's text, or a model's rewrite of a follow-up)
    shown: str | None = None  # the message as understood, when the conversation completed it


Rewrite = Callable[[list[str], str], str]  # (earlier questions as understood, the follow-up) → one question


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
        return understand(self._known_code(text), self.today, self._names_content)

    def _known_code(self, text: str) -> str:
        """帮我看下川科计〔2017〕7号, 审议了铜政发(2015)12号: the characters typed before a 文号's code run on into
        it; a 文号 the knowledge lacks whose code's tail (two characters or more) makes one it has is that one,
        set off by a space so every later reading finds the code alone."""
        known = self.knowledge.docnos
        for d in reversed(find_docnos(text)):
            if d.key in known or "〔" not in d.key:
                continue
            code, rest = d.key.split("〔", 1)
            cut = next((i for i in range(1, len(code) - 1) if f"{code[i:]}〔{rest}" in known), None)
            if cut is not None:
                text = text[: d.start + cut] + " " + text[d.start + cut :]
        return text

    def _names_content(self, rest: str, docnos: list[str]) -> bool:
        """Beside a 文号, a question word and a word of the knowledge that the document's title does not say
        and that names no kind of document (基期 beside 闽政办〔2021〕58号这个规划): what the document says is
        asked, not what the document is."""
        titles = "".join(
            match_key(e.title) for d in docnos if (e := self.knowledge.docnos.get(d)) is not None
        )
        if not titles or not compound.asks(rest):  # an unknown 文号 is refused as such
            return False
        # a noun by its part of speech: 对应 (对应哪个纲要) and 管用 (还管用不) are verbs used as nouns, no content
        nouns = {w.word for w in self.knowledge.tokenizer.tagged(rest) if w.pos.startswith("n")}
        return any(
            t.subject
            and t.word in nouns
            and t.in_corpus
            and not t.asked
            and t.word not in DOCUMENT_NOUNS
            and support(t, titles) < policy.SUBJECT_SUPPORT
            for t in terms_of(understand(rest, self.today), self.knowledge, self.vocab)
        )

    def _empty(self, text: str) -> Answer | None:
        if self.knowledge.size:
            return None
        return Answer(
            question=text,
            answer=self.templates["empty_index"].render(),
            found=False,
            refusal=Refusal.EMPTY_INDEX,
        )

    @cached_property
    def reader(self) -> Reader:
        """Reads messages into frames over this view (``answer.frame``)."""
        return Reader(self.knowledge, self.vocab, self.today, self.home_org, holds=self.holds)

    def context(
        self, question: Question, within: Within | None = None, scope: Scope | None = None
    ) -> Context:
        scope = scope or scope_of(question, self.knowledge, self.home_org)
        docs = within.docs & self.knowledge.docs.keys() if within else frozenset()
        if docs:  # a follow-up: the conversation's documents, whatever else the completed question names
            scope = dataclasses.replace(scope, docs=frozenset(docs), groups=())
        query = self.vocab.expand(question.text)
        hits = gather(self.search, scope, query) if question.kind not in _REGISTRY_ONLY else []
        if within and within.chunks and hits:
            first = [h for c in within.chunks for h in hits if h.chunk.id == c]
            hits = [*first, *(h for h in hits if h not in first)]
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

    def holds(self, text: str, docs: frozenset[str]) -> bool:
        """``docs`` hold complete evidence for the question ``text`` (a span covering it, of its year)."""
        question = self.understand(text)
        if question.kind in _REGISTRY_ONLY:
            return False
        ctx = self.context(question, Within(docs))
        return any(
            e.coverage >= policy.ANSWER_COVERAGE and e.in_year and e.complete
            for e in ctx.evidence[: policy.EVIDENCE_READ]
        )

    def elliptical(self, text: str) -> bool:
        """The text lacks a topic or a question of its own (位次呢, 特等奖的呢): it continues what came before."""
        return not complete(read(text, self.reader))

    def _parts(self, text: str) -> tuple[list[str], bool]:
        """The questions in one message, and whether they are compared subjects (answered apart)."""
        if both := compound.compared(text, self.names_something, self.knowledge.tokenizer.tagged):
            return both, True
        return compound.questions(text, self.names_something, self.elliptical), False

    def frame_of(self, thread: Thread, text: str) -> Frame:
        """How a message is kept in its conversation: its frame (a message of several questions: its last
        one's, each read against the one before). The same whether the answers are at hand or not."""
        parts, apart = self._parts(text)
        if len(parts) == 1:
            return followup.resolve(thread, text, self.reader)
        local = Thread() if apart else thread
        frame = followup.resolve(local, parts[0], self.reader)
        for before, part in pairwise(parts):
            local = Thread() if apart else local.then(Turn(question=before, frame=frame, said=Said(text="")))
            frame = followup.resolve(local, part, self.reader)
        return frame

    def converse(self, thread: Thread, text: str, rewrite: Rewrite | None = None) -> Conversed:
        """A message read against its conversation (``answer.followup``) and answered; several questions in
        one message are read one after another the same way, each answered (or refused) for itself."""
        if (empty := self._empty(text)) is not None:
            return Conversed(followup.resolve(Thread(), text, self.reader), Decision(empty, True), [], text)
        parts, apart = self._parts(text)
        if len(parts) == 1:
            whole = self._turn(thread, text, rewrite)
            # a first message only: a follow-up's clauses (找谁联系，电话多少) are read by the conversation's frames
            clauses = compound.clauses(text) if thread.last is None else [text]
            if len(clauses) == 1 or (
                whole.decision.answer.found and self._covers(whole.decision.answer, clauses)
            ):
                return whole
            # 组长谁当，办公室设在哪 answered by a passage that says the 办公室 only: each clause asked in turn, the later
            # read against the earlier; kept when every clause is answered (or the whole message was not).
            by_clause, every = self._each_part(thread, text, clauses, False, rewrite)
            if every or (by_clause.decision.answer.found and not whole.decision.answer.found):
                return by_clause
            return whole
        return self._each_part(thread, text, parts, apart, rewrite)[0]

    def _covers(self, answer: Answer, clauses: list[str]) -> bool:
        """The answer's quotes say the words of every clause (its topic and what it asks of it, not the question
        words): a clause whose words they leave out was not answered."""
        quoted = match_key("".join(c.quote for c in answer.citations))
        for clause in clauses:
            question = self.understand(clause)
            # 文号是多少 after 按照哪个文件: the quoted 文号 says it, not the word; 电话多少 is said by a number, 哪天 by a
            # date: a value the clause asks (a required or counted feature) is in the quotes. A named 局 does not say
            # who the 组长 is.
            values = [BY_NAME[n] for n in question.asks if BY_NAME[n].required or BY_NAME[n].counted]
            if question.kind in _DOCUMENT_FACTS or (
                values and all(found_in(f, question.asks[f.name], quoted) for f in values)
            ):
                continue
            # 铜川, a title: what names the document is no word to quote
            cues = scope_of(question, self.knowledge, self.home_org).cues
            own = [
                t
                for t in terms_of(question, self.knowledge, self.vocab, without=cues)
                if t.in_corpus and not t.asked
            ]
            if own and coverage(own, quoted)[0] < policy.CLAUSE_COVERED:
                return False
        return True

    def _each_part(
        self, thread: Thread, text: str, parts: list[str], apart: bool, rewrite: Rewrite | None
    ) -> tuple[Conversed, bool]:
        """Each question of one message answered in turn (``apart``: compared subjects, each on its own), joined;
        and whether every one of them was answered."""
        each: list[Conversed] = []
        local = thread
        for part in parts:
            done = self._turn(Thread() if apart else local, part, rewrite)
            local = local.then(Turn(question=part, frame=done.frame, said=said_of(done.decision.answer)))
            each.append(done)
        answer = compound.join(text, [c.decision.answer for c in each])
        decision = Decision(answer, all(c.decision.final for c in each))
        hits = [h for c in each for h in c.hits]
        shown = "；".join(c.shown or c.searched for c in each) if any(c.shown for c in each) else None
        joined = Conversed(
            self.frame_of(thread, text), decision, hits, "；".join(c.searched for c in each), shown
        )
        return joined, all(c.decision.answer.found for c in each)

    def _turn(self, thread: Thread, text: str, rewrite: Rewrite | None) -> Conversed:
        frame = followup.resolve(thread, text, self.reader)
        if frame.relation is Relation.WIDEN and (widened := widen(thread, frame, self.reader, text)):
            return Conversed(frame, Decision(widened, True), [], text)
        if (cell := self._cell(thread, text)) is not None:
            return Conversed(frame, Decision(cell, True), [], text, frame.shown)
        if (near := self._nearby(thread, frame, text)) is not None:
            # a sentence beside the last answer that states not every contact asked (找谁联系，电话多少 beside a
            # mailbox): the document's own contacts section answers, when it has one
            if self._contact_missed(frame, near) and (contact := self._document_contact(thread, frame, text)):
                return Conversed(frame, Decision(contact, True), [], frame.text, frame.shown)
            return Conversed(frame, Decision(near, True), [], frame.text, frame.shown)
        if (
            frame.aspect is Aspect.TITLE
            and frame.relation is not Relation.FRESH
            and (titled := title_line(frame.docs, self.reader, text)) is not None
        ):
            return Conversed(frame, Decision(titled, True), [], frame.text, frame.shown)
        if (based := self._document_basis(frame, text)) is not None:
            return Conversed(frame, Decision(based, True), [], frame.text, frame.shown)
        if (field := self._page_field(frame, text)) is not None:
            return Conversed(frame, Decision(field, True), [], frame.text, frame.shown)
        if (article := self._article(thread, frame, text)) is not None:
            return Conversed(frame, Decision(article, True), [], frame.text, frame.shown)
        if (again := self._requoted(thread, frame, text)) is not None:
            return Conversed(frame, Decision(again, True), [], text, frame.shown)
        if (each := self._each(thread, frame, text)) is not None:
            return Conversed(frame, Decision(each, True), [], text, frame.shown)
        own = frame.relation in (Relation.FRESH, Relation.FOCUSED)
        # 2024年修订版里…, 新版对…: which edition is no content word to find (the year, if any, picks the edition)
        searched = EDITION_CUE.sub("", text) if own else frame.text
        if rewrite is not None and frame.relation is Relation.FOLLOW_UP:
            searched = rewrite([t.frame.shown for t in thread.turns], text) or searched
        shown = (
            None
            if frame.relation is Relation.FRESH
            else (searched if frame.relation is Relation.FOLLOW_UP else frame.shown)
        )
        question = self.understand(searched)
        within = Within(frozenset(frame.docs), frame.chunks) if frame.docs else None
        decision, hits = self.extractive(question, within)
        if (again := self._beside(thread, frame, text, decision.answer)) is not None:
            # a clause of the sentence that stated the inherited indicator: the thread holds
            return Conversed(frame, Decision(again, True), hits, searched, shown)
        held = followup.holds(frame, decision.answer, self.reader)
        # the topic the message named is not the conversation's documents' (held), or they do not say it at all
        # (confined): asked of all documents; for a message naming no place of its own, another document
        # answers only for the place the conversation's documents are of
        if within and ((not held and frame.own) or (frame.confined and not (decision.answer.found and held))):
            wider, wider_hits = self.extractive(question)
            cited = {c.source for c in wider.answer.citations}
            if (
                not frame.confined
                or not wider.answer.found
                or followup.same_places(cited, frame.docs, self.reader)
            ):
                decision, hits = wider, wider_hits
            else:
                refused = Answer(
                    question=question.text,
                    answer=self.templates["followup_absent"].render(what=followup.absent(frame)),
                    found=False,
                    refusal=Refusal.NO_EVIDENCE,
                )
                decision = Decision(refused, True)
        followed = followup.holds(frame, decision.answer, self.reader)
        if (not (decision.answer.found and followed) or self._contact_missed(frame, decision.answer)) and (
            contact := self._document_contact(thread, frame, text)
        ):
            return Conversed(frame, Decision(contact, True), hits, searched, shown)
        if (
            not (decision.answer.found and followed)
            and (plain := self._aspect_dropped(frame, text)) is not None
        ):
            return Conversed(frame, Decision(plain, True), hits, searched, shown)
        if (
            not (decision.answer.found and followed)
            and (count := self._counted(thread, frame, text)) is not None
        ):
            return Conversed(frame, Decision(count, True), hits, searched, shown)
        if not followed:
            refused = Answer(
                question=question.text,
                answer=self.templates["followup_absent"].render(what=followup.absent(frame)),
                found=False,
                refusal=followup.refusal(frame),
            )
            decision = Decision(refused, True)
        return Conversed(frame, decision, hits, searched, shown)

    def _cell(self, thread: Thread, text: str) -> Answer | None:
        """江苏呢, 非职务的呢, 哪个省最多 after an answer that quoted a table's cell: the cell of the same table the
        message's labels pick, the rest of the last cell's row and column kept (``answer.cells``)."""
        last = thread.last
        if last is None or not last.said.sources:
            return None
        return cell_followup(last.said.sources, text, self.reader, text)

    def _aspect_dropped(self, frame: Frame, text: str) -> Answer | None:
        """高新技术产业增加值呢 after 在全国排第几: a new topic said alone inherits the aspect the last question asked,
        but when the documents do not state that aspect of the new topic, the staff asked for the topic's own
        figure; the frame without the inherited aspect is asked (and must hold) within the same documents. An
        aspect the message says itself (增加值呢，排第几) is never dropped: that frame is answered or refused."""
        if frame.relation is not Relation.FOLLOW_UP or Slot.TOPIC not in frame.changed or not frame.docs:
            return None
        if frame.aspect is None or any(p.aspect is not None for p in read(text, self.reader)):
            return None
        pieces = [p for p in frame.pieces if p.aspect is None]
        if not any(p.slot is Slot.ASK for p in pieces):
            pieces.append(Piece(slot=Slot.ASK, text="是多少"))  # the figure of the topic
        plain = frame.model_copy(update={"pieces": tuple(pieces)})
        within = Within(frozenset(frame.docs), frame.chunks)
        decision, _ = self.extractive(self.understand(plain.text), within)
        if decision.answer.found and followup.holds(plain, decision.answer, self.reader):
            return decision.answer
        return None

    def _counted(self, thread: Thread, frame: Frame, text: str) -> Answer | None:
        """实际有多少人, 多少人次参加 with no answer in the documents' wording: the count the last answer's own
        quote states in the measure asked (``widen.counted``). Not for a message naming another year, place or
        document: that frame is answered, or refused, as typed."""
        last = thread.last
        if frame.relation is Relation.FRESH or last is None or not last.said.sources:
            return None
        pieces = read(text, self.reader)
        if any(p.slot in (Slot.YEAR, Slot.PLACE, Slot.DOC) for p in pieces):
            return None
        words = [p.text for p in pieces if p.slot is Slot.TOPIC and p.subject]
        return counted(last.said.sources, asked_measure(text), words, self.reader, text)

    def _nearby(self, thread: Thread, frame: Frame, text: str) -> Answer | None:
        """A contact or a basis asked of what an answer said: the sentence beside that answer's evidence (the
        last answer's, or, for another item, the evidence the follow-up's topic finds)."""
        aspect, last = frame.aspect, thread.last
        if frame.relation is not Relation.FOLLOW_UP or aspect not in NEIGHBOUR_ASPECTS or last is None:
            return None
        if Slot.TOPIC not in frame.changed:
            return nearby(last.said.sources, aspect, self.reader, text) if last.said.sources else None
        plain = "".join(p.text for p in frame.pieces if p.slot not in (Slot.ASPECT, Slot.ASK, Slot.FILLER))
        within = Within(frozenset(frame.docs), frame.chunks) if frame.docs else None
        (found, _), _ = self.extractive(self.understand(plain), within)
        if not found.found:
            return None
        sources = said_of(found).sources
        return nearby(sources, aspect, self.reader, text)

    def _beside(self, thread: Thread, frame: Frame, text: str, answer: Answer) -> Answer | None:
        """A follow-up answered with the very quotes the last answer gave, though it says words of its own (首次拨
        了多少 after the 经费 was answered): the clause beside them that says those words, if one does."""
        last = thread.last
        if frame.relation is not Relation.FOLLOW_UP or last is None or not answer.found:
            return None
        if {c.quote for c in answer.citations} != {s.quote for s in last.said.sources}:
            return None
        words = followup.own_words(read(text, self.reader))
        return beside(last.said.sources, words, self.reader, text) if words else None

    def _each(self, thread: Thread, frame: Frame, text: str) -> Answer | None:
        """每项奖励多少 after 一等奖授予了几项: a distributive word (每项, 各) points at the items the last answer
        counted; the clause beside its quote that says the message's own words (各奖励5万元) answers."""
        last = thread.last
        if frame.relation is Relation.FRESH or last is None or not last.said.sources:
            return None
        if not DISTRIBUTIVE.match(fold(text)):
            return None
        words = followup.own_words(read(text, self.reader))
        return beside(last.said.sources, words, self.reader, text) if words else None

    def _article(self, thread: Thread, frame: Frame, text: str) -> Answer | None:
        """这是第几条, asked of what the last answer quoted (naming nothing of its own): the article it is."""
        last = thread.last
        if frame.relation in (Relation.FRESH, Relation.WIDEN) or last is None or not last.said.sources:
            return None
        if not self.understand(text).wants_article or has_topic(read(text, self.reader)):
            return None
        return article_said(last.said.sources, self.reader, text)

    @staticmethod
    def _contact_missed(frame: Frame, answer: Answer) -> bool:
        """Contacts asked (解读人是谁，电话多少; 电子版发到哪个邮箱) and the answer states not every one of them: a
        sentence that only names the mailbox (发送到指定邮箱) is no mailbox."""
        asked = _contacts(frame)
        quotes = "".join(c.quote for c in answer.citations)
        return bool(asked) and not all(STATED_BY[a].search(quotes) for a in asked)

    def _document_contact(self, thread: Thread, frame: Frame, text: str) -> Answer | None:
        """A contact no passage answered, asked in a conversation about a document that states only one."""
        last = thread.last
        if frame.aspect not in CONTACT_ASPECTS or frame.aspect is None or last is None:
            return None
        if frame.relation is Relation.FRESH and followup.names_another(read(text, self.reader), last.frame):
            return None
        docs = frame.docs or followup.cited(last.said, self.reader)[0]
        return document_contact(docs, _contacts(frame), self.reader, text)

    def _requoted(self, thread: Thread, frame: Frame, text: str) -> Answer | None:
        """谁组织的, asked of the conversation's documents with no subject of its own: the last answer's quote
        when it says the message's own words (the predicate was asked of what was just said)."""
        last = thread.last
        if frame.relation is not Relation.FOCUSED or last is None or not last.said.sources:
            return None
        pieces = read(text, self.reader)
        if has_topic(pieces):
            return None
        return requoted(last.said.sources, followup.own_words(pieces), self.reader, text)

    def _document_basis(self, frame: Frame, text: str) -> Answer | None:
        """依据是什么 asked of the conversation's document itself (naming no topic of its own): what it says it
        was made under (根据《…》…制定本办法)."""
        if frame.relation is Relation.FRESH or not frame.docs:
            return None
        if not any(p.aspect is Aspect.BASIS for p in frame.pieces):
            return None
        if has_topic([p for p in read(text, self.reader) if p.slot is not Slot.DOC]):
            return None  # 这笔钱下拨的法律依据: a basis of what an answer said, not of the document
        return document_basis(frame.docs, self.reader, text)

    def _page_field(self, frame: Frame, text: str) -> Answer | None:
        """A page field (its 来源, its 浏览量) asked of the document the conversation is about: its page's field line."""
        if frame.relation is Relation.FRESH or frame.aspect is not Aspect.PAGE or has_topic(frame.pieces):
            return None
        label = next(p.text for p in reversed(frame.pieces) if p.aspect is Aspect.PAGE)
        return page_field(frame.docs, label, self.reader, text)

    def extractive(self, question: Question, within: Within | None = None) -> tuple[Decision, list[Hit]]:
        """The rules' answer (or refusal) to one question and the evidence they read (``within``: the
        documents a follow-up is about). One edition of each document answers (``answer/editions.py``);
        a question across editions is asked of each (``answer/across.py``)."""
        if (empty := self._empty(question.text)) is not None:
            return Decision(empty, True), []
        scope = scope_of(question, self.knowledge, self.home_org)
        if within is None and across.asks_across(question):
            found = gather(self.search, scope, self.vocab.expand(question.text))
            relevant = list(dict.fromkeys(h.meta.doc_id for h in found))
            if cuts := across.slices(question, scope, self.knowledge, self.today.year, relevant):
                return self._across(question, cuts)
        # A follow-up is asked within the documents its conversation cited: they are its editions already.
        choice = editions.choose(question, scope, self.knowledge) if within is None else editions.NO_CHOICE
        decision, hits = self.without(choice.exclude | choice.fallback)._decide(question, scope, within)
        if (
            not decision.answer.found and choice.fallback
        ):  # the newest edition holds no answer: older ones may
            decision, hits = self.without(choice.exclude)._decide(question, scope, within)
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

    def _decide(self, question: Question, scope: Scope, within: Within | None) -> tuple[Decision, list[Hit]]:
        ctx = self.context(question, within, scope.within(self.knowledge.docs))
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
        ctx = engine.context(question, scope=scope.within(engine.knowledge.docs))
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
