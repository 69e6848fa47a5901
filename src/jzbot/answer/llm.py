"""The chat model: any OpenAI-compatible endpoint through ``langchain-openai``'s ``ChatOpenAI``.

The only module that imports a LangChain chat model. Failures of any kind surface as
``ModelUnavailable`` so callers can fall back to extractive answers.
"""

from __future__ import annotations

from collections.abc import Iterator

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from jzbot.config import LLMSettings
from jzbot.errors import ModelUnavailable


def build_chat_model(cfg: LLMSettings) -> BaseChatModel:
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        base_url=cfg.base_url,
        model=cfg.model,
        api_key=cfg.api_key,
        timeout=cfg.timeout,
        temperature=cfg.temperature,
        max_retries=cfg.max_retries,  # the openai client retries 5xx/timeouts with exponential backoff
    )


class ChatModel:
    """Two calls: ``complete`` for a whole reply, ``stream`` for pieces of one."""

    def __init__(self, model: BaseChatModel) -> None:
        self.model = model

    @staticmethod
    def _messages(system: str, user: str) -> list:
        return [SystemMessage(content=system), HumanMessage(content=user)]

    def complete(self, system: str, user: str) -> str:
        try:
            reply = self.model.invoke(self._messages(system, user))
        except Exception as e:  # timeouts, 5xx, malformed JSON, connection refused …
            raise ModelUnavailable(f"{type(e).__name__}: {e}") from e
        text = reply.content if isinstance(reply.content, str) else str(reply.content)
        if not text.strip():
            raise ModelUnavailable("empty reply")
        return text

    def stream(self, system: str, user: str) -> Iterator[str]:
        try:
            for piece in self.model.stream(self._messages(system, user)):
                if isinstance(piece.content, str) and piece.content:
                    yield piece.content
        except Exception as e:
            raise ModelUnavailable(f"{type(e).__name__}: {e}") from e
