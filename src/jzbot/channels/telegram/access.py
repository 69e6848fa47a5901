"""Who may use the bot, and where: the one place a Telegram update is admitted or turned away.

Rule: answers go only to allowed chats. A private chat is allowed when its user is (a jzbot user with a
Telegram id, or an id in ``allowed_users``/``admins``); a group is allowed only when its id is in
``allowed_chats``, whoever asks in it, because everything posted there reaches every member.
"""

from __future__ import annotations

from typing import NamedTuple

from jzbot.config import TelegramSettings
from jzbot.conversation.denials import Denial
from jzbot.conversation.identity import Channel, Identity, Role
from jzbot.conversation.users import Users


class Admission(NamedTuple):
    """The gate's decision: an identity to serve, or the reason it was refused (exactly one is set)."""

    identity: Identity | None
    denial: Denial | None = None

    @property
    def may_reply(self) -> bool:
        """Whether a refusal may be posted: never into a chat that is not allowed, where all would read it."""
        return self.denial is not Denial.CHAT_NOT_ALLOWED


class Access:
    def __init__(self, cfg: TelegramSettings, users: Users | None = None) -> None:
        self.cfg = cfg
        self.users = users

    def admit(self, user_id: int | None, chat_id: int | None, private: bool) -> Admission:
        """Decide for a message from ``user_id`` in ``chat_id`` (``private``: a one-to-one chat with the bot)."""
        chat_allowed = chat_id is not None and chat_id in self.cfg.allowed_chats
        if not private and not chat_allowed:
            return Admission(None, Denial.CHAT_NOT_ALLOWED)
        if user_id is None:
            return Admission(None, Denial.NOT_ALLOWED)
        external = str(user_id)
        user = self.users.by_external_id(Channel.TELEGRAM, external) if self.users else None
        if user is not None:
            return Admission(
                Identity(
                    name=user.name,
                    role=user.role,
                    channel=Channel.TELEGRAM,
                    user_id=user.id,
                    external_id=external,
                )
            )
        if user_id in self.cfg.admins:
            role = Role.ADMIN
        elif user_id in self.cfg.allowed_users or chat_allowed:
            role = Role.STAFF
        else:
            return Admission(None, Denial.NOT_ALLOWED)
        return Admission(
            Identity(name=f"tg:{user_id}", role=role, channel=Channel.TELEGRAM, external_id=external)
        )
