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


@migration
def m003_channels(db: sqlite3.Connection) -> None:
    # One log for every channel: who asked through which front end, and why an answer was refused.
    db.execute("ALTER TABLE log ADD COLUMN channel TEXT NOT NULL DEFAULT 'telegram'")
    db.execute("ALTER TABLE log ADD COLUMN user_name TEXT")
    db.execute("ALTER TABLE log ADD COLUMN conversation TEXT")
    db.execute("ALTER TABLE log ADD COLUMN refusal TEXT")  # a Refusal value, NULL when answered


@migration
def m004_users(db: sqlite3.Connection) -> None:
    db.execute("""CREATE TABLE users (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL,          -- staff | admin
        api_key_hash TEXT NOT NULL UNIQUE,
        password_hash TEXT,          -- argon2; NULL: signs in with the API key only
        telegram_id INTEGER UNIQUE,
        created TEXT NOT NULL
    )""")
    db.execute("""CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        expires TEXT NOT NULL
    )""")


@migration
def m005_repeats(db: sqlite3.Connection) -> None:
    # Repeated failures from one address in one window are one row with a count, not one row each: an
    # unauthenticated client cannot flood the log (or the disk) by failing fast.
    db.execute("ALTER TABLE log ADD COLUMN repeats INTEGER NOT NULL DEFAULT 1")


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
