"""Generative answers and drafts: prompt → chat model → sentence-by-sentence checks → ``Answer``.

Invariants: sources reach the model only as delimited quotations, never a passage flagged as an
instruction; nothing the model writes reaches the user unchecked; when a sentence is dropped the answer
says it was shortened and the notes say why; a reply with nothing verifiable left, or a model that
fails, yields the extractive answer, which says so.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator

from jzbot.answer.faithful import Checked, DropReason, check
from jzbot.answer.llm import ChatModel
from jzbot.answer.prompts import Template
from jzbot.deadline import Deadline
from jzbot.models import Answer, Hit
from jzbot.safety import trusted
from jzbot.text import split_sentences

log = logging.getLogger(__name__)
MAX_SOURCES = 6
# The template key of the note for each kind of dropped sentence.
_DROP_NOTES = {
    DropReason.NO_CITATION: "llm_dropped_uncited",
    DropReason.UNKNOWN_SOURCE: "llm_dropped_unknown_source",
    DropReason.UNSUPPORTED_QUANTITY: "llm_numbers_dropped",
    DropReason.UNSUPPORTED_DOCNO: "llm_dropped_docno",
    DropReason.UNSUPPORTED_WORDING: "llm_dropped_wording",
    DropReason.UNSUPPORTED_LINK: "llm_dropped_link",
    DropReason.FLAGGED_SOURCE: "llm_dropped_flagged",
}


def _sources(hits: list[Hit]) -> list[Hit]:
    """The model's context: the best hits, never a passage that tries to instruct it."""
    return trusted(hits)[:MAX_SOURCES]


def _quoted(text: str) -> str:
    # Source text cannot close its own delimiter: angle brackets become their full-width look-alikes.
    return text.replace("<", "＜").replace(">", "＞")


def context_block(hits: list[Hit]) -> str:
    """Numbered sources for the prompt, each inside <资料 编号="n"> … </资料> as data, never as instructions."""
    blocks = []
    for i, h in enumerate(hits, start=1):
        number = f"（{h.meta.doc_number}）" if h.meta.doc_number else ""
        head = _quoted(f"《{h.meta.title}》{number} {h.chunk.section}")
        blocks.append(f'<资料 编号="{i}">\n{head}\n{_quoted(h.chunk.text)}\n</资料>')
    return "\n".join(blocks)


class Generator:
    def __init__(self, chat: ChatModel, prompts: dict[str, Template], answers: dict[str, Template]) -> None:
        self.chat = chat
        self.p = prompts
        self.t = answers

    def notes_for(self, checked: Checked) -> list[str]:
        """One note per kind of dropped sentence, with how many went."""
        counts = Counter(d.reason for d in checked.dropped)
        return [self.t[_DROP_NOTES[reason]].render(count=n) for reason, n in counts.items()]

    def _finish(self, question: str, checked: Checked, fallback: Answer, min_chars: int = 1) -> Answer:
        notes = self.notes_for(checked)
        for d in checked.dropped:
            log.info("dropped a generated sentence: %s (%s)", d.reason.value, d.detail)
        if checked.empty or not checked.citations or len(checked.text) < min_chars:
            # Nothing verifiable survived: the extractive answer stands, and says why.
            if fallback.found:
                lead = self.t["llm_unverified"].render()
                return fallback.model_copy(
                    update={"answer": lead + fallback.answer, "notes": [*fallback.notes, lead, *notes]}
                )
            return fallback.model_copy(update={"notes": [*fallback.notes, *notes]})
        text = checked.text
        if checked.dropped:
            text += "\n" + self.t["llm_shortened"].render(count=len(checked.dropped))
        return Answer(
            question=question, answer=text, found=True, mode="llm", citations=checked.citations, notes=notes
        )

    def answer(
        self, question: str, hits: list[Hit], fallback: Answer, deadline: Deadline | None = None
    ) -> Answer:
        hits = _sources(hits)
        user = self.p["answer_user"].render(context=context_block(hits), question=question)
        text = self.chat.complete(self.p["answer_system"].render(), user, deadline)
        return self._finish(question, check(text, hits), fallback)

    def draft(
        self, topic: str, hits: list[Hit], fallback: Answer, deadline: Deadline | None = None
    ) -> Answer:
        hits = _sources(hits)
        system = self.p["draft_system"].render()
        user = self.p["draft_user"].render(context=context_block(hits), topic=topic)
        text = self.chat.complete(system, user, deadline)
        return self._finish(topic, check(text, hits, outline=system + topic), fallback, min_chars=80)

    def stream_answer(
        self, question: str, hits: list[Hit], fallback: Answer, deadline: Deadline | None = None
    ) -> Iterator[str | Answer]:
        """Yields verified sentences as they complete, then the final ``Answer``."""
        hits = _sources(hits)
        user = self.p["answer_user"].render(context=context_block(hits), question=question)
        buffer, shown = "", ""
        for piece in self.chat.stream(self.p["answer_system"].render(), user, deadline):
            buffer += piece
            sentences = split_sentences(buffer)
            complete = sentences[:-1] if buffer and buffer.rstrip()[-1:] not in "。！？" else sentences
            verified = check("".join(complete), hits).text if complete else ""
            if len(verified) > len(shown):
                shown = verified
                yield shown
        yield self._finish(question, check(buffer, hits), fallback)

    def rewrite(self, history: list[str], question: str, deadline: Deadline | None = None) -> str:
        user = self.p["rewrite_user"].render(history="\n".join(history[-6:]), question=question)
        text = self.chat.complete(self.p["rewrite_system"].render(), user, deadline).strip().splitlines()[0]
        return text if 2 <= len(text) <= 200 else question
