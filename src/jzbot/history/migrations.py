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
def m005_external_ids(db: sqlite3.Connection) -> None:
    # Each channel knows a person by its own id, and not every platform's id is a number (企业微信, 钉钉 use
    # text): a user's ids move to one row per channel, and the log's user and chat ids become text.
    db.execute("""CREATE TABLE user_channels (
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        channel TEXT NOT NULL,       -- telegram | wecom | dingtalk …
        external_id TEXT NOT NULL,   -- the channel's own id for the person
        PRIMARY KEY (channel, external_id)
    )""")
    db.execute(
        "INSERT INTO user_channels SELECT id, 'telegram', CAST(telegram_id AS TEXT) FROM users"
        " WHERE telegram_id IS NOT NULL"
    )
    _rebuild(
        db,
        "users",
        """id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, role TEXT NOT NULL,
        api_key_hash TEXT NOT NULL UNIQUE, password_hash TEXT, created TEXT NOT NULL""",
        "id, name, role, api_key_hash, password_hash, created",
    )
    _rebuild(
        db,
        "log",
        """id INTEGER PRIMARY KEY AUTOINCREMENT, ts TEXT NOT NULL, user_id TEXT, chat_id TEXT, kind TEXT NOT NULL,
        question TEXT NOT NULL, answer TEXT NOT NULL, found INTEGER, mode TEXT, chunk_ids TEXT NOT NULL,
        citations TEXT NOT NULL, channel TEXT NOT NULL DEFAULT 'telegram', user_name TEXT, conversation TEXT,
        refusal TEXT""",
        "id, ts, CAST(user_id AS TEXT), CAST(chat_id AS TEXT), kind, question, answer, found, mode, chunk_ids,"
        " citations, channel, user_name, conversation, refusal",
    )
    db.execute("CREATE INDEX log_ts ON log(ts)")
    _rebuild(
        db,
        "feedback",
        """log_id INTEGER NOT NULL REFERENCES log(id) ON DELETE CASCADE, user_id TEXT NOT NULL,
        value INTEGER NOT NULL, ts TEXT NOT NULL, PRIMARY KEY (log_id, user_id)""",
        "log_id, CAST(user_id AS TEXT), value, ts",
    )


@migration
def m006_repeats(db: sqlite3.Connection) -> None:
    # Repeated failures from one address in one window are one row with a count, not one row each: an
    # unauthenticated client cannot flood the log (or the disk) by failing fast.
    db.execute("ALTER TABLE log ADD COLUMN repeats INTEGER NOT NULL DEFAULT 1")


def _rebuild(db: sqlite3.Connection, table: str, columns: str, select: str) -> None:
    """Change a table's column types, keeping its rows (SQLite alters no types): copy into a new table, swap.
    Runs with foreign keys off (``migrate``), so dropping the old table cascades nothing."""
    db.execute(f"CREATE TABLE {table}__new ({columns})")
    db.execute(f"INSERT INTO {table}__new SELECT {select} FROM {table}")
    db.execute(f"DROP TABLE {table}")
    db.execute(f"ALTER TABLE {table}__new RENAME TO {table}")


def migrate(db: sqlite3.Connection) -> list[str]:
    """Apply pending migrations; returns the names applied. Foreign keys are off meanwhile (a table rebuilt
    must not cascade deletes into the tables that refer to it) and checked once all have run."""
    db.execute("PRAGMA foreign_keys=OFF")
    db.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied TEXT NOT NULL)")
    done = {row[0] for row in db.execute("SELECT name FROM _migrations")}
    applied = []
    for fn in MIGRATIONS:
        if fn.__name__ not in done:
            with db:
                fn(db)
                db.execute("INSERT INTO _migrations VALUES (?, datetime('now'))", (fn.__name__,))
            applied.append(fn.__name__)
    if broken := db.execute("PRAGMA foreign_key_check").fetchall():
        raise sqlite3.IntegrityError(f"foreign keys broken by a migration: {broken[:3]}")
    db.execute("PRAGMA foreign_keys=ON")
    return applied
