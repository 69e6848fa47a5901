"""Numbered schema migrations for the audit log; each runs once and is recorded in ``_migrations``."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = []
migration = MIGRATIONS.append


@migration
def m001_initial(db: sqlite3.Connection) -> None:
    db.execute("""CREATE TABLE log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        ts TEXT NOT NULL,
        user_id INTEGER,
        chat_id INTEGER,
        kind TEXT NOT NULL,          -- ask | draft | doc | upload | refused
        question TEXT NOT NULL,
        answer TEXT NOT NULL,
        found INTEGER,
        mode TEXT,
        chunk_ids TEXT NOT NULL,     -- JSON list: what was retrieved and cited
        citations TEXT NOT NULL      -- JSON list of Citation
    )""")
    db.execute("CREATE INDEX log_ts ON log(ts)")


@migration
def m002_feedback(db: sqlite3.Connection) -> None:
    db.execute("""CREATE TABLE feedback (
        log_id INTEGER NOT NULL REFERENCES log(id) ON DELETE CASCADE,
        user_id INTEGER NOT NULL,
        value INTEGER NOT NULL,      -- 1 helpful, -1 not helpful
        ts TEXT NOT NULL,
        PRIMARY KEY (log_id, user_id)
    )""")


def migrate(db: sqlite3.Connection) -> list[str]:
    """Apply pending migrations; returns the names applied."""
    db.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied TEXT NOT NULL)")
    done = {row[0] for row in db.execute("SELECT name FROM _migrations")}
    applied = []
    for fn in MIGRATIONS:
        if fn.__name__ not in done:
            with db:
                fn(db)
                db.execute("INSERT INTO _migrations VALUES (?, datetime('now'))", (fn.__name__,))
            applied.append(fn.__name__)
    return applied
