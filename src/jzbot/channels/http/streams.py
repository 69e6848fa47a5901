"""Server-sent answers that end when their client leaves.

Invariant: a stream holds a worker thread only while it is producing the next piece, on a pool of its own
(a slow model cannot take the threads every other route uses), and the moment its client disconnects the
answer's ``Deadline`` is cancelled: the waiting thread is freed within ``deadline.POLL_SECONDS`` and the
model's connection is closed at its next piece. Its slot and thread are released whatever happens.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator

import anyio
from starlette.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

from jzbot.deadline import Deadline

# Threads for streamed answers; the answer slots (Slots.total) bound model streams below this.
STREAM_THREADS = anyio.CapacityLimiter(16)
_END = object()


async def _pieces(items: Iterator[str]) -> AsyncIterator[str]:
    def step() -> object:
        return next(items, _END)

    while (item := await anyio.to_thread.run_sync(step, limiter=STREAM_THREADS)) is not _END:
        yield item  # type: ignore[misc]


class WatchedStream(StreamingResponse):
    """An SSE response over a sync iterator, cancelling ``deadline`` when the client disconnects and calling
    ``on_close`` once when the response ends for any reason."""

    def __init__(self, items: Iterator[str], deadline: Deadline, on_close: Callable[[], None]) -> None:
        super().__init__(
            _pieces(items), media_type="text/event-stream", headers={"Cache-Control": "no-cache"}
        )
        self.deadline, self.on_close = deadline, on_close

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            # Listen for the disconnect ourselves: newer ASGI servers leave it to the sender's next write,
            # which a slow model may not make for many seconds.
            async with anyio.create_task_group() as group:

                async def stream() -> None:
                    try:
                        await self.stream_response(send)
                    except OSError:  # the client went away mid-write
                        self.deadline.cancel()
                    group.cancel_scope.cancel()

                async def watch() -> None:
                    await self.listen_for_disconnect(receive)
                    self.deadline.cancel()
                    group.cancel_scope.cancel()

                group.start_soon(stream)
                group.start_soon(watch)
        finally:
            self.on_close()
