"""Users, their roles, API keys, passwords and login sessions, in the audit log's SQLite file.

Invariants: no secret is stored in clear. API keys and session tokens are random 256-bit strings, stored as
SHA-256 digests (a fast hash suffices for high-entropy tokens and lets a request find its user in one query);
passwords, which people choose, are hashed with Argon2.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import NamedTuple

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pydantic import BaseModel, ConfigDict

from jzbot.conversation.identity import Role
from jzbot.errors import JzbotError
from jzbot.history.audit import AuditLog

KEY_PREFIX = "jzb_"  # recognisable in a leaked log or config file
FIRST_ADMIN = "admin"  # the user JZBOT_WEB__ADMIN_PASSWORD creates


class User(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: int
    name: str
    role: Role
    has_password: bool = False
    created: str
    external_ids: dict[str, str] = {}  # channel → the channel's own id for this user (telegram → "12345")


class UserError(JzbotError):
    zh = "用户操作失败。"
    en = "User operation failed."


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


_COLUMNS = "id, name, role, password_hash IS NOT NULL, created"
_WIDTH = 5  # columns in _COLUMNS


class _Row(NamedTuple):
    id: int
    name: str
    role: str
    has_password: int
    created: str


class Users:
    def __init__(self, audit: AuditLog) -> None:
        self._db, self._lock = audit.db, audit.lock
        self._hasher = PasswordHasher()
        self._decoy = self._hasher.hash(
            secrets.token_urlsafe(16)
        )  # verified when there is no password to check

    def _user(self, row: tuple) -> User:
        r = _Row(*row[:_WIDTH])
        ids = self._db.execute("SELECT channel, external_id FROM user_channels WHERE user_id = ?", (r.id,))
        return User(
            id=r.id,
            name=r.name,
            role=Role(r.role),
            has_password=bool(r.has_password),
            created=r.created,
            external_ids=dict(ids.fetchall()),
        )

    # -- managing ----------------------------------------------------------------------------------
    def add(
        self,
        name: str,
        role: Role = Role.STAFF,
        password: str | None = None,
        external_ids: dict[str, str] | None = None,
    ) -> tuple[User, str]:
        """A new user and their API key (shown once: only its digest is kept); ``external_ids`` maps a channel
        to the channel's own id for them (``{"telegram": "12345"}``)."""
        name = name.strip()
        if not name or len(name) > 64:
            raise UserError("用户名须为 1–64 个字符 / a name of 1-64 characters")
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        pw = self._hasher.hash(password) if password else None
        with self._lock, self._db:
            if self._db.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone():
                raise UserError(f"用户 {name} 已存在 / user {name} exists")
            for channel, external in (external_ids or {}).items():
                if self._db.execute(
                    "SELECT 1 FROM user_channels WHERE channel = ? AND external_id = ?", (channel, external)
                ).fetchone():
                    raise UserError(f"{channel} id {external} 已属于其他用户 / belongs to another user")
            cur = self._db.execute(
                "INSERT INTO users (name, role, api_key_hash, password_hash, created) VALUES (?, ?, ?, ?, ?)",
                (name, role.value, _digest(key), pw, _now().isoformat(timespec="seconds")),
            )
            self._db.executemany(
                "INSERT INTO user_channels VALUES (?, ?, ?)",
                [(cur.lastrowid, c, e) for c, e in (external_ids or {}).items()],
            )
        user = self.get(name)
        assert user is not None
        return user, key

    def remove(self, name: str) -> bool:
        with self._lock, self._db:
            return self._db.execute("DELETE FROM users WHERE name = ?", (name,)).rowcount > 0

    def list(self) -> list[User]:
        with self._lock:
            rows = self._db.execute(f"SELECT {_COLUMNS} FROM users ORDER BY name").fetchall()
            return [self._user(r) for r in rows]

    def get(self, name: str) -> User | None:
        with self._lock:
            row = self._db.execute(f"SELECT {_COLUMNS} FROM users WHERE name = ?", (name,)).fetchone()
            return self._user(row) if row else None

    def set_password(self, name: str, password: str) -> None:
        """A new password; every session of the user ends (whoever knew the old one is signed out)."""
        with self._lock, self._db:
            self._db.execute(
                "UPDATE users SET password_hash = ? WHERE name = ?", (self._hasher.hash(password), name)
            )
            self._db.execute(
                "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = ?)", (name,)
            )

    def ensure_admin(self, password: str) -> User:
        """The first admin from configuration: created, or its password reset, at every start."""
        user = self.get(FIRST_ADMIN)
        if user is None:
            user, _ = self.add(FIRST_ADMIN, Role.ADMIN, password)
        elif not self.check_password(FIRST_ADMIN, password):
            self.set_password(FIRST_ADMIN, password)
        return user

    # -- authenticating ----------------------------------------------------------------------------
    def by_api_key(self, key: str) -> User | None:
        with self._lock:
            row = self._db.execute(
                f"SELECT {_COLUMNS} FROM users WHERE api_key_hash = ?", (_digest(key),)
            ).fetchone()
            return self._user(row) if row else None

    def by_external_id(self, channel: str, external_id: str) -> User | None:
        """The user a channel knows by ``external_id`` (a Telegram id, a 企业微信 userid)."""
        with self._lock:
            row = self._db.execute(
                f"SELECT {_COLUMNS} FROM users u JOIN user_channels c ON c.user_id = u.id"
                " WHERE c.channel = ? AND c.external_id = ?",
                (channel, external_id),
            ).fetchone()
            return self._user(row) if row else None

    def check_password(self, name: str, secret: str) -> User | None:
        """The user when ``secret`` is their password or their API key (the login page takes either)."""
        with self._lock:
            row = self._db.execute(
                f"SELECT {_COLUMNS}, password_hash FROM users WHERE name = ?", (name,)
            ).fetchone()
            user, pw_hash = (self._user(row), row[_WIDTH]) if row else (None, None)
        # Every attempt costs one Argon2 verification, so the time taken says nothing about whether the name
        # exists or has a password (an unknown name and a key-only user are checked against a decoy hash).
        try:
            if self._hasher.verify(pw_hash or self._decoy, secret) and user is not None and pw_hash:
                return user
        except (VerificationError, InvalidHashError):
            pass
        if user is None:
            return None
        by_key = self.by_api_key(secret)
        return user if by_key is not None and by_key.id == user.id else None

    def start_session(self, user: User, hours: int) -> str:
        token = secrets.token_urlsafe(32)
        expires = (_now() + dt.timedelta(hours=hours)).isoformat(timespec="seconds")
        with self._lock, self._db:
            self._db.execute(
                "DELETE FROM sessions WHERE expires < ?", (_now().isoformat(timespec="seconds"),)
            )
            self._db.execute("INSERT INTO sessions VALUES (?, ?, ?)", (_digest(token), user.id, expires))
        return token

    def by_session(self, token: str) -> User | None:
        with self._lock:
            row = self._db.execute(
                f"SELECT {_COLUMNS} FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires > ?",
                (_digest(token), _now().isoformat(timespec="seconds")),
            ).fetchone()
            return self._user(row) if row else None

    def purge_sessions(self) -> int:
        """Delete expired sessions (the server's upkeep); returns how many."""
        with self._lock, self._db:
            now = _now().isoformat(timespec="seconds")
            return self._db.execute("DELETE FROM sessions WHERE expires < ?", (now,)).rowcount

    def end_session(self, token: str) -> None:
        with self._lock, self._db:
            self._db.execute("DELETE FROM sessions WHERE token_hash = ?", (_digest(token),))
