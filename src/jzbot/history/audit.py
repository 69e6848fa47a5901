"""The audit log: who asked what, when, which chunks were used, what was answered, and feedback.

Invariant: every answer a channel sends is logged before it is sent; rows older than the retention
period are deleted by ``purge`` (run at start and daily by the bot).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from pathlib import Path
from typing import NamedTuple

from jzbot.history.migrations import migrate
from jzbot.models import Answer


class Owner(NamedTuple):
    """Whom a logged answer was given to: the channel's user id, the name then, and the channel."""

    user_id: str | None
    user_name: str | None
    channel: str


class AuditLog:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._lock = threading.Lock()
        migrate(self._db)  # and turns foreign keys on

    @property
    def db(self) -> sqlite3.Connection:
        """The connection, for stores that share this file (users, sessions); hold ``lock`` around writes."""
        return self._db

    @property
    def lock(self) -> threading.Lock:
        return self._lock

    def record(
        self,
        user_id: str | None,
        chat_id: str | None,
        kind: str,
        question: str,
        answer: Answer | None,
        chunk_ids: list[str] | None = None,
        text: str = "",
        *,
        channel: str = "telegram",
        user_name: str | None = None,
        conversation: str | None = None,
        refusal: str | None = None,
    ) -> int:
        """One row; ``refusal`` names why a request was turned away when there is no ``answer`` to say it."""
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        if answer is not None and answer.refusal is not None:
            refusal = answer.refusal.value
        with self._lock, self._db:
            cur = self._db.execute(
                "INSERT INTO log (ts, user_id, chat_id, kind, question, answer, found, mode, chunk_ids, citations,"
                " channel, user_name, conversation, refusal) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    now,
                    user_id,
                    chat_id,
                    kind,
                    question,
                    answer.answer if answer else text,
                    None if answer is None else int(answer.found),
                    answer.mode if answer else None,
                    json.dumps(chunk_ids or [], ensure_ascii=False),
                    json.dumps(
                        [c.model_dump() for c in answer.citations] if answer else [], ensure_ascii=False
                    ),
                    channel,
                    user_name,
                    conversation,
                    refusal,
                ),
            )
            return int(cur.lastrowid or 0)

    def set_repeats(self, log_id: int, repeats: int) -> None:
        """How many times the refusal logged as ``log_id`` happened in its window (see ``conversation.throttle``)."""
        with self._lock, self._db:
            self._db.execute("UPDATE log SET repeats = ? WHERE id = ?", (repeats, log_id))

    def owner(self, log_id: int) -> Owner | None:
        """Who a logged answer was given to (feedback is accepted from that user only)."""
        with self._lock:
            row = self._db.execute(
                "SELECT user_id, user_name, channel FROM log WHERE id = ?", (log_id,)
            ).fetchone()
        return Owner(*row) if row else None

    def feedback(self, log_id: int, user_id: str, value: int) -> None:
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self._lock, self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO feedback VALUES (?, ?, ?, ?)", (log_id, user_id, value, now)
            )

    def purge(self, retention_days: int) -> int:
        cutoff = (dt.datetime.now(dt.UTC) - dt.timedelta(days=retention_days)).isoformat(timespec="seconds")
        with self._lock, self._db:
            return self._db.execute("DELETE FROM log WHERE ts < ?", (cutoff,)).rowcount

    def stats(self, days: int = 7) -> dict[str, int]:
        since = (dt.datetime.now(dt.UTC) - dt.timedelta(days=days)).isoformat(timespec="seconds")
        q = self._db.execute
        with self._lock:
            return {
                "total": q("SELECT count(*) FROM log WHERE kind IN ('ask','draft','doc')").fetchone()[0],
                "recent": q(
                    "SELECT count(*) FROM log WHERE kind IN ('ask','draft','doc') AND ts >= ?", (since,)
                ).fetchone()[0],
                "found": q("SELECT count(*) FROM log WHERE found = 1").fetchone()[0],
                "users": q("SELECT count(DISTINCT user_id) FROM log").fetchone()[0],
                "refused": q("SELECT count(*) FROM log WHERE kind = 'refused'").fetchone()[0],
                "up": q("SELECT count(*) FROM feedback WHERE value > 0").fetchone()[0],
                "down": q("SELECT count(*) FROM feedback WHERE value < 0").fetchone()[0],
            }

    def rows(self) -> list[dict[str, object]]:
        with self._lock:
            cur = self._db.execute("SELECT * FROM log ORDER BY id")
            names = [d[0] for d in cur.description]
            return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    def close(self) -> None:
        self._db.close()
