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
    user_id: int | None = None  # the channel's own number for the user (Telegram id, users.id on the web)

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN
