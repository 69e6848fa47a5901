"""The state of each server-kept conversation, in memory: its thread (what was asked, as understood, and what
each answer said and cited) and its last answer.

Bounded both ways (``answer.thread.MAX_TURNS`` per conversation; ``MAX_CONVERSATIONS`` per process) so a
long-running server cannot grow. The web page and the REST API key a conversation by its id, Telegram by its
chat; an OpenAI client sends its history with every request, which is replayed into a thread instead.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from jzbot.answer.frame import Relation
from jzbot.answer.thread import Thread
from jzbot.models import Answer

MAX_CONVERSATIONS = 10_000  # the oldest idle conversation is forgotten beyond this


@dataclass(frozen=True)
class Conversation:
    thread: Thread
    last_answer: Answer


class Turns:
    def __init__(self, max_conversations: int = MAX_CONVERSATIONS) -> None:
        self._items: OrderedDict[str, Conversation] = OrderedDict()
        self._max = max_conversations
        self._lock = threading.Lock()

    def thread(self, key: str) -> Thread:
        with self._lock:
            conv = self._items.get(key)
            return conv.thread if conv else Thread()

    def history(self, key: str) -> list[str]:
        """The conversation's questions as understood, oldest first."""
        turns = self.thread(key).turns
        return [t.question if t.frame.relation is Relation.FRESH else t.frame.shown for t in turns]

    def last_answer(self, key: str) -> Answer | None:
        with self._lock:
            conv = self._items.get(key)
            return conv.last_answer if conv else None

    def keep(self, key: str, thread: Thread, answer: Answer) -> None:
        with self._lock:
            self._items[key] = Conversation(thread, answer)
            self._items.move_to_end(key)
            while len(self._items) > self._max:
                self._items.popitem(last=False)

    def forget(self, key: str) -> None:
        with self._lock:
            self._items.pop(key, None)
