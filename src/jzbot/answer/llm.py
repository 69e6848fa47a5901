"""The chat model: any OpenAI-compatible endpoint through ``langchain-openai``'s ``ChatOpenAI``.

The only module that imports a LangChain chat model. Failures of any kind surface as
``ModelUnavailable`` so callers can fall back to extractive answers. Retries are made here, not by the
HTTP client, so that every attempt gets only the time left before the answer's ``Deadline``.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import BaseMessage, BaseMessageChunk, HumanMessage, SystemMessage

from jzbot.config import LLMSettings
from jzbot.deadline import Deadline, DeadlineExceeded
from jzbot.errors import ModelUnavailable

# An attempt with less time than this left would only fail: the answer falls back instead.
MIN_ATTEMPT_SECONDS = 0.2
# Pause before retry n is BACKOFF_SECONDS * 2**n (0.25 s, 0.5 s, …), never past the deadline.
BACKOFF_SECONDS = 0.25


def build_chat_model(cfg: LLMSettings) -> BaseChatModel:
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        base_url=cfg.base_url,
        model=cfg.model,
        api_key=cfg.api_key,
        timeout=cfg.timeout,
        temperature=cfg.temperature,
        max_retries=0,  # ChatModel retries, inside the deadline; the client's own retries would outlive it
    )


def _retryable(error: Exception) -> bool:
    import openai

    return isinstance(
        error,
        openai.APITimeoutError
        | openai.APIConnectionError
        | openai.InternalServerError
        | openai.RateLimitError,
    )


class ChatModel:
    """Two calls: ``complete`` for a whole reply, ``stream`` for pieces of one; both end by the deadline."""

    def __init__(self, model: BaseChatModel, max_retries: int = 0, timeout: float = 30.0) -> None:
        self.model = model
        self.max_retries = max_retries
        self.timeout = timeout

    @staticmethod
    def _messages(system: str, user: str) -> list[BaseMessage]:
        return [SystemMessage(content=system), HumanMessage(content=user)]

    def _attempts(self, deadline: Deadline) -> Iterator[float]:
        """The time each attempt may take: what is left of the deadline, while attempts and time remain."""
        for n in range(self.max_retries + 1):
            if n:
                time.sleep(min(BACKOFF_SECONDS * 2 ** (n - 1), deadline.remaining()))
            left = deadline.remaining()
            if left < MIN_ATTEMPT_SECONDS or deadline.cancelled.is_set():
                raise DeadlineExceeded(f"{deadline.seconds:g} s")
            yield left

    def complete(self, system: str, user: str, deadline: Deadline | None = None) -> str:
        deadline = deadline or Deadline(self.timeout)
        error: Exception | None = None
        for left in self._attempts(deadline):
            try:
                reply = self.model.invoke(self._messages(system, user), timeout=left)
            except Exception as e:  # timeouts, 5xx, malformed JSON, connection refused …
                error = e
                if _retryable(e):
                    continue
                break
            text = reply.content if isinstance(reply.content, str) else str(reply.content)
            if not text.strip():
                raise ModelUnavailable("empty reply")
            return text
        raise ModelUnavailable(f"{type(error).__name__}: {error}") from error

    def stream(self, system: str, user: str, deadline: Deadline | None = None) -> Iterator[str]:
        """Pieces of the reply; an attempt that fails before its first piece is retried inside the deadline."""
        deadline = deadline or Deadline(self.timeout)
        error: Exception | None = None
        for left in self._attempts(deadline):
            started = False
            try:

                def pieces(left: float = left) -> Iterator[BaseMessageChunk]:
                    return self.model.stream(self._messages(system, user), timeout=left)

                for piece in deadline.iterate(pieces):
                    if isinstance(piece.content, str) and piece.content:
                        started = True
                        yield piece.content
                return
            except ModelUnavailable:
                raise
            except Exception as e:
                error = e
                if _retryable(e) and not started:
                    continue
                break
        raise ModelUnavailable(f"{type(error).__name__}: {error}") from error
