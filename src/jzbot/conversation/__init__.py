"""Who is asking, their recent turns, follow-ups, rate limits and the audit record: shared by every channel."""

from jzbot.conversation.identity import Channel, Identity, Role

__all__ = ["Channel", "Identity", "Role"]
