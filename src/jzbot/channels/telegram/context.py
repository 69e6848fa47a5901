"""The typed ``CallbackContext`` the handlers receive: the shared services kept in ``bot_data``."""

from __future__ import annotations

from telegram.ext import CallbackContext, ExtBot

from jzbot.channels.telegram.access import Access
from jzbot.config import Settings
from jzbot.conversation.service import Conversations
from jzbot.services import Services


class Context(CallbackContext[ExtBot, dict, dict, dict]):
    """Typed access to the services kept in ``bot_data``."""

    @property
    def services(self) -> Services:
        return self.bot_data["services"]

    @property
    def conversations(self) -> Conversations:
        return self.services.conversations

    @property
    def access(self) -> Access:
        return self.bot_data["access"]

    @property
    def settings(self) -> Settings:
        return self.services.settings
