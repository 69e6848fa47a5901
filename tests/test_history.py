"""The audit log's migrations keep what an older version stored."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from jzbot.conversation.users import Users
from jzbot.history.audit import AuditLog
from jzbot.history.migrations import MIGRATIONS


def _version4(path: Path) -> None:
    """A log as version 4 of the schema left it: integer Telegram ids on users, integer ids in the log."""
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied TEXT NOT NULL)")
    for fn in MIGRATIONS[:4]:
        fn(db)
        db.execute("INSERT INTO _migrations VALUES (?, datetime('now'))", (fn.__name__,))
    db.execute(
        "INSERT INTO users (name, role, api_key_hash, password_hash, telegram_id, created)"
        " VALUES ('zhou', 'admin', 'h1', NULL, 5, '2026-01-01'), ('li', 'staff', 'h2', NULL, NULL, '2026-01-01')"
    )
    db.execute(
        "INSERT INTO log (ts, user_id, chat_id, kind, question, answer, found, mode, chunk_ids, citations,"
        " channel, user_name) VALUES ('2026-01-01', 5, -100, 'ask', '高企多少家', '474家', 1, 'extractive',"
        " '[]', '[]', 'telegram', 'zhou')"
    )
    db.execute("INSERT INTO feedback VALUES (1, 5, 1, '2026-01-01')")
    db.commit()
    db.close()


def test_external_ids_become_text_and_nothing_is_lost(tmp_path: Path) -> None:
    path = tmp_path / "audit.sqlite"
    _version4(path)
    audit = AuditLog(path)
    users = Users(audit)
    zhou = users.by_external_id("telegram", "5")
    assert zhou is not None and zhou.name == "zhou" and zhou.external_ids == {"telegram": "5"}
    assert users.get("li") is not None and users.get("li").external_ids == {}  # type: ignore[union-attr]
    [row] = audit.rows()
    assert (row["user_id"], row["chat_id"], row["answer"]) == ("5", "-100", "474家")
    assert audit.stats()["up"] == 1  # the feedback row survived the log's rebuild
    # Text ids of other platforms now fit, and foreign keys hold again after the migration.
    _, _ = users.add("wang", external_ids={"wecom": "WangXiaoMing"})
    assert users.by_external_id("wecom", "WangXiaoMing") is not None
    assert audit.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    users.remove("zhou")
    assert users.by_external_id("telegram", "5") is None  # the user's channel ids go with the user
