"""How often one user may ask: a sliding window per user, shared by every channel of a process."""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque

WINDOW_SECONDS = 60.0


class RateLimiter:
    """At most ``per_minute`` requests per key in any sliding 60 seconds."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._seen: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        now = time.monotonic()
        with self._lock:
            q = self._seen[key]
            while q and now - q[0] > WINDOW_SECONDS:
                q.popleft()
            if len(q) >= self.per_minute:
                return False
            q.append(now)
            return True
