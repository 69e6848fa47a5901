"""Generative answers and drafts: prompt → chat model → citation and number checks → ``Answer``.

Invariant: nothing the model writes reaches the user unchecked; a reply that fails the checks, or a
model that fails, yields the extractive answer with a note saying so.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from jzbot.answer.faithful import Checked, check, context_block
from jzbot.answer.llm import ChatModel
from jzbot.answer.prompts import Template
from jzbot.models import Answer, Hit
from jzbot.safety import looks_like_injection
from jzbot.text import split_sentences

log = logging.getLogger(__name__)
MAX_SOURCES = 6


def _sources(hits: list[Hit]) -> list[Hit]:
    """The model's context: the best hits, never a chunk that tries to instruct it."""
    return [h for h in hits if not looks_like_injection(h.chunk.text)][:MAX_SOURCES]
REFUSAL = "没有找到"


class Generator:
    def __init__(self, chat: ChatModel, prompts: dict[str, Template], answers: dict[str, Template]) -> None:
        self.chat = chat
        self.p = prompts
        self.t = answers

    def _finish(self, question: str, checked: Checked, fallback: Answer, min_chars: int = 1) -> Answer:
        notes = []
        if checked.dropped:
            notes.append(self.t["llm_numbers_dropped"].render(count=len(checked.dropped)))
        if checked.unsupported:
            notes.append(f"有{len(checked.unsupported)}句未标注出处，请核对。")
        if checked.empty or not checked.citations or len(checked.text) < min_chars or REFUSAL in checked.text[:30]:
            # Nothing verifiable survived: the extractive answer stands, and says why.
            if fallback.found:
                reason = "生成内容未通过数字核验" if checked.dropped else "生成内容缺少可核验的出处"
                return fallback.model_copy(update={"notes": [*fallback.notes, f"{reason}，已改用原文摘录。", *notes]})
            return fallback
        return Answer(question=question, answer=checked.text, found=True, mode="llm", citations=checked.citations,
                      notes=notes)

    def answer(self, question: str, hits: list[Hit], fallback: Answer) -> Answer:
        hits = _sources(hits)
        user = self.p["answer_user"].render(context=context_block(hits), question=question)
        text = self.chat.complete(self.p["answer_system"].render(), user)
        return self._finish(question, check(text, hits), fallback)

    def draft(self, topic: str, hits: list[Hit], fallback: Answer) -> Answer:
        hits = _sources(hits)
        user = self.p["draft_user"].render(context=context_block(hits), topic=topic)
        text = self.chat.complete(self.p["draft_system"].render(), user)
        return self._finish(topic, check(text, hits), fallback, min_chars=80)

    def stream_answer(self, question: str, hits: list[Hit], fallback: Answer) -> Iterator[str | Answer]:
        """Yields verified sentences as they complete, then the final ``Answer``."""
        hits = _sources(hits)
        user = self.p["answer_user"].render(context=context_block(hits), question=question)
        buffer, shown = "", ""
        for piece in self.chat.stream(self.p["answer_system"].render(), user):
            buffer += piece
            sentences = split_sentences(buffer)
            complete = sentences[:-1] if buffer and buffer.rstrip()[-1:] not in "。！？" else sentences
            verified = check("".join(complete), hits).text if complete else ""
            if len(verified) > len(shown):
                shown = verified
                yield shown
        yield self._finish(question, check(buffer, hits), fallback)

    def rewrite(self, history: list[str], question: str) -> str:
        user = self.p["rewrite_user"].render(history="\n".join(history[-6:]), question=question)
        text = self.chat.complete(self.p["rewrite_system"].render(), user).strip().splitlines()[0]
        return text if 2 <= len(text) <= 200 else question
