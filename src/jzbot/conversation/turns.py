"""Recent turns per conversation, in memory: the questions follow-ups are resolved against, and the last answer.

Bounded both ways (turns per conversation, conversations per process) so a long-running server cannot grow.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from jzbot.answer.intake import HISTORY_TURNS
from jzbot.models import Answer

MAX_CONVERSATIONS = 10_000  # the oldest idle conversation is forgotten beyond this


@dataclass
class Conversation:
    questions: list[str] = field(default_factory=list)  # resolved questions, oldest first
    last_answer: Answer | None = None


class Turns:
    def __init__(self, max_conversations: int = MAX_CONVERSATIONS) -> None:
        self._items: OrderedDict[str, Conversation] = OrderedDict()
        self._max = max_conversations
        self._lock = threading.Lock()

    def history(self, key: str) -> list[str]:
        with self._lock:
            conv = self._items.get(key)
            return list(conv.questions) if conv else []

    def last_answer(self, key: str) -> Answer | None:
        with self._lock:
            conv = self._items.get(key)
            return conv.last_answer if conv else None

    def add(self, key: str, question: str, answer: Answer) -> None:
        with self._lock:
            conv = self._items.setdefault(key, Conversation())
            self._items.move_to_end(key)
            conv.questions = [*conv.questions, question][-HISTORY_TURNS:]
            conv.last_answer = answer
            while len(self._items) > self._max:
                self._items.popitem(last=False)

    def forget(self, key: str) -> None:
        with self._lock:
            self._items.pop(key, None)
