"""Who is asking: a user with a role, reaching the assistant through one channel."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class Role(StrEnum):
    STAFF = "staff"  # asks, drafts, looks up, gives feedback
    ADMIN = "admin"  # also adds, replaces and removes documents


class Channel(StrEnum):
    TELEGRAM = "telegram"
    WEB = "web"  # the page at / and the REST API
    OPENAI = "openai"  # /v1, for chat clients that speak the OpenAI API


class Identity(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str  # the user's name, or "tg:<id>" for a Telegram id admitted by the environment allow-list
    role: Role
    channel: Channel
    user_id: int | None = None  # the jzbot user's id (users.id); None for an id only an allow-list admits
    external_id: str | None = None  # the channel's own id for the person (a Telegram id, a 企业微信 userid)

    @property
    def audit_id(self) -> str | None:
        """Who, as the audit log records it: the channel's id for the person, else the jzbot user's id."""
        return self.external_id or (None if self.user_id is None else str(self.user_id))

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN
