"""How often one user may ask: a sliding window per user, shared by every channel of a process.

Invariant: the table holds only keys seen in the last window (once it passes ``PRUNE_AT`` keys, idle ones
are dropped), so a client inventing a new key per request cannot grow it without bound.
"""

from __future__ import annotations

import threading
import time
from collections import deque

WINDOW_SECONDS = 60.0
PRUNE_AT = 10_000  # keys before idle ones are dropped; an office has hundreds of users


class RateLimiter:
    """At most ``per_minute`` requests per key in any sliding 60 seconds."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        now = time.monotonic()
        with self._lock:
            if len(self._seen) >= PRUNE_AT and key not in self._seen:
                self._prune(now)
            q = self._seen.setdefault(key, deque())
            while q and now - q[0] > WINDOW_SECONDS:
                q.popleft()
            if len(q) >= self.per_minute:
                return False
            q.append(now)
            return True

    def _prune(self, now: float) -> None:
        for key in [k for k, q in self._seen.items() if not q or now - q[-1] > WINDOW_SECONDS]:
            del self._seen[key]

    def prune(self) -> None:
        """Forget keys with no request in the last window (the server's upkeep calls it)."""
        with self._lock:
            self._prune(time.monotonic())

    def __len__(self) -> int:
        return len(self._seen)
