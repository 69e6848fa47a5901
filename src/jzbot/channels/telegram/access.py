"""Who may use the bot, and how often."""

from __future__ import annotations

import time
from collections import defaultdict, deque

from jzbot.config import TelegramSettings


class Access:
    """Allowed users or chats (an empty allow-list admits nobody but admins) and admins."""

    def __init__(self, cfg: TelegramSettings) -> None:
        self.cfg = cfg

    def is_admin(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.cfg.admins

    def allows(self, user_id: int | None, chat_id: int | None) -> bool:
        return (self.is_admin(user_id) or (user_id is not None and user_id in self.cfg.allowed_users)
                or (chat_id is not None and chat_id in self.cfg.allowed_chats))


class RateLimiter:
    """At most ``per_minute`` requests per user in any sliding 60 seconds."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._seen: dict[int, deque[float]] = defaultdict(deque)

    def allow(self, user_id: int) -> bool:
        now = time.monotonic()
        q = self._seen[user_id]
        while q and now - q[0] > 60:
            q.popleft()
        if len(q) >= self.per_minute:
            return False
        q.append(now)
        return True
