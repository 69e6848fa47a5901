"""Who may use the bot: Telegram ids mapped onto jzbot users, plus the environment's allow-lists."""

from __future__ import annotations

from jzbot.config import TelegramSettings
from jzbot.conversation.identity import Channel, Identity, Role
from jzbot.conversation.users import Users


class Access:
    """A user whose ``telegram_id`` is set, or an id in the allow-lists (an empty list admits nobody but admins)."""

    def __init__(self, cfg: TelegramSettings, users: Users | None = None) -> None:
        self.cfg = cfg
        self.users = users

    def identify(self, user_id: int | None, chat_id: int | None) -> Identity | None:
        """The caller as a jzbot identity, or None when they may not use the bot."""
        if user_id is None:
            return None
        user = self.users.by_telegram_id(user_id) if self.users else None
        if user is not None:
            return Identity(name=user.name, role=user.role, channel=Channel.TELEGRAM, user_id=user_id)
        if user_id in self.cfg.admins:
            role = Role.ADMIN
        elif user_id in self.cfg.allowed_users or (chat_id is not None and chat_id in self.cfg.allowed_chats):
            role = Role.STAFF
        else:
            return None
        return Identity(name=f"tg:{user_id}", role=role, channel=Channel.TELEGRAM, user_id=user_id)
