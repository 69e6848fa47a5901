"""One time budget per answer: every model call of one answer, retries included, ends inside it.

Invariant: the caller never waits past the deadline. Work still running then is on a daemon thread,
which is told to stop and can never keep the process (``jzbot ask``) alive after it has answered.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

from jzbot.errors import ModelUnavailable

T = TypeVar("T")
# How often a waiting caller looks whether its deadline was cancelled: a client that left frees its
# worker thread within this.
POLL_SECONDS = 0.1


class DeadlineExceeded(ModelUnavailable):
    zh = "大模型未在时限内答复，已改用原文摘录回答。"
    en = "The language model did not answer in time; answered extractively instead."


class _Outcome(Generic[T]):
    """What a worker thread hands back: a value, an error, or (for streams) the end."""

    def __init__(
        self, value: T | None = None, error: BaseException | None = None, done: bool = False
    ) -> None:
        self.value, self.error, self.done = value, error, done


class Deadline:
    """A point in time; ``call`` and ``iterate`` run work on daemon threads and stop waiting at it."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds
        self.cancelled = threading.Event()  # set when the caller gave up; workers check it between attempts

    def remaining(self) -> float:
        return max(0.0, self.at - time.monotonic())

    @property
    def expired(self) -> bool:
        return self.remaining() <= 0.0

    def _give_up(self) -> DeadlineExceeded:
        self.cancelled.set()
        return DeadlineExceeded(f"{self.seconds:g} s")

    def cancel(self) -> None:
        """End the answer's model work now (its client left): waiting callers get ``DeadlineExceeded`` within
        ``POLL_SECONDS``, and a streaming worker stops reading (closing the model's connection) at its next piece."""
        self.cancelled.set()

    def _wait(self, box: queue.Queue[_Outcome[T]]) -> _Outcome[T]:
        """The worker's next outcome, its error raised, or ``DeadlineExceeded`` when time is up (or the
        deadline was cancelled) first."""
        while True:
            if self.cancelled.is_set():
                raise self._give_up()
            try:
                outcome = box.get(timeout=min(POLL_SECONDS, self.remaining()))
                break
            except queue.Empty:
                if self.expired:
                    raise self._give_up() from None
        if outcome.error is not None:
            raise outcome.error
        return outcome

    def call(self, fn: Callable[..., T], *args: object) -> T:
        """``fn(*args)`` if it returns before the deadline; else ``DeadlineExceeded``."""
        box: queue.Queue[_Outcome[T]] = queue.Queue(maxsize=1)

        def work() -> None:
            try:
                box.put(_Outcome(value=fn(*args)))
            except BaseException as e:  # handed to the caller, who decides
                box.put(_Outcome(error=e))

        threading.Thread(target=work, daemon=True, name="jzbot-deadline").start()
        return self._wait(box).value  # type: ignore[return-value]

    def iterate(self, make: Callable[[], Iterator[T]]) -> Iterator[T]:
        """Items of ``make()`` as they come, until it ends or the deadline passes (``DeadlineExceeded``)."""
        box: queue.Queue[_Outcome[T]] = queue.Queue()

        def work() -> None:
            source = make()
            try:
                for item in source:
                    if self.cancelled.is_set():
                        break
                    box.put(_Outcome(value=item))
                box.put(_Outcome(done=True))
            except BaseException as e:
                box.put(_Outcome(error=e))
            finally:
                close = getattr(source, "close", None)
                if close is not None:
                    close()  # a generator over an HTTP stream closes the connection

        threading.Thread(target=work, daemon=True, name="jzbot-deadline-stream").start()
        finished = False
        try:
            while True:
                outcome = self._wait(box)
                if outcome.done:
                    finished = True
                    return
                yield outcome.value  # type: ignore[misc]
        finally:
            if not finished:  # the caller stopped early or gave up: the worker stops reading too
                self.cancelled.set()
