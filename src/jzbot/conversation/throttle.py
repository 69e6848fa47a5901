"""What a client may cost before it is authenticated, and how much model time an authenticated one may hold.

Invariants: a failing client costs at most one audit row per source address, reason and window (its
count is kept in ``repeats``); every table here forgets idle keys, so a stream of new names or addresses
cannot grow memory; and no user holds more than their share of the language model's slots.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from types import TracebackType

from jzbot.conversation.denials import Denial
from jzbot.conversation.identity import Channel, Identity
from jzbot.errors import JzbotError
from jzbot.history.audit import AuditLog

WINDOW_SECONDS = 60.0  # one audit row per address and reason per window
# Keys kept at most in each table; the oldest go first. A real office has hundreds of users and addresses;
# beyond this a flood is under way and forgetting its oldest sources costs nothing but their counts.
MAX_KEYS = 50_000


@dataclass
class _Window:
    start: float
    count: int
    row_id: int
    flushed: int  # the count the audit row holds


class Failures:
    """Failed authentication (a bad key, cookie or password) per source address.

    The first failure of a window writes an audit row; later ones only count, and the row's ``repeats`` is
    brought up to date when the window ends (``flush``, also run by the server's upkeep). ``allow`` says
    whether the address is still within ``per_minute`` unauthenticated requests: past it, it gets 429
    without a look-up.
    """

    def __init__(self, audit: AuditLog, per_minute: int) -> None:
        self.audit = audit
        self.per_minute = per_minute
        self._windows: OrderedDict[tuple[str, Denial], _Window] = OrderedDict()
        self._sources: OrderedDict[str, tuple[float, int]] = (
            OrderedDict()
        )  # source → (window start, failures)
        self._lock = threading.Lock()

    def allow(self, source: str) -> bool:
        """False while ``source`` has failed ``per_minute`` times in its current window."""
        now = time.monotonic()
        with self._lock:
            start, count = self._sources.get(source, (now, 0))
        return now - start > WINDOW_SECONDS or count < self.per_minute

    def _count(self, source: str, now: float) -> None:
        start, count = self._sources.get(source, (now, 0))
        self._sources[source] = (now, 1) if now - start > WINDOW_SECONDS else (start, count + 1)
        self._sources.move_to_end(source)
        while len(self._sources) > MAX_KEYS:
            self._sources.popitem(last=False)

    def fail(self, source: str, channel: Channel, reason: Denial, shown: str, who: str = "") -> None:
        now = time.monotonic()
        key = (source, reason)
        finished: _Window | None = None
        with self._lock:
            if reason is Denial.UNAUTHENTICATED:  # logins have limits of their own (per address and account)
                self._count(source, now)
            w = self._windows.get(key)
            if w is not None and now - w.start <= WINDOW_SECONDS:
                w.count += 1
                self._windows.move_to_end(key)
                return
            finished = self._windows.pop(key, None)
        if finished is not None and finished.count != finished.flushed:
            self.audit.set_repeats(finished.row_id, finished.count)
        row = self.audit.record(
            None,
            None,
            "refused",
            "",
            None,
            None,
            shown,
            channel=channel.value,
            user_name=who or source,
            refusal=reason.value,
        )
        with self._lock:
            self._windows[key] = _Window(now, 1, row, 1)
            while len(self._windows) > MAX_KEYS:
                self._windows.popitem(last=False)

    def flush(self) -> None:
        """Write the counts of windows that have ended (and of open ones) and forget the ended ones."""
        now = time.monotonic()
        with self._lock:
            pending = [(w.row_id, w.count) for w in self._windows.values() if w.count != w.flushed]
            for w in self._windows.values():
                w.flushed = w.count
            for key in [k for k, w in self._windows.items() if now - w.start > WINDOW_SECONDS]:
                del self._windows[key]
            for source in [s for s, (start, _) in self._sources.items() if now - start > WINDOW_SECONDS]:
                del self._sources[source]
        for row_id, count in pending:
            self.audit.set_repeats(row_id, count)

    def __len__(self) -> int:
        return len(self._windows) + len(self._sources)


class Lockout:
    """Failed logins per account, from any address: ``limit`` failures within ``minutes`` lock the account's
    password login for ``minutes`` (unknown names alike, so a locked answer says nothing about who exists)."""

    def __init__(self, limit: int, minutes: int) -> None:
        self.limit, self.seconds = limit, minutes * 60.0
        self._failures: OrderedDict[str, list[float]] = OrderedDict()
        self._lock = threading.Lock()

    def _recent(self, name: str, now: float) -> list[float]:
        times = [t for t in self._failures.get(name, []) if now - t < self.seconds]
        if times:
            self._failures[name] = times
        else:
            self._failures.pop(name, None)
        return times

    def locked(self, name: str) -> bool:
        with self._lock:
            return len(self._recent(name, time.monotonic())) >= self.limit

    def failed(self, name: str) -> None:
        now = time.monotonic()
        with self._lock:
            self._failures[name] = [*self._recent(name, now), now][-self.limit :]
            self._failures.move_to_end(name)
            while len(self._failures) > MAX_KEYS:
                self._failures.popitem(last=False)

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(name, None)

    def prune(self) -> None:
        now = time.monotonic()
        with self._lock:
            for name in list(self._failures):
                self._recent(name, now)

    def __len__(self) -> int:
        return len(self._failures)


class Busy(JzbotError):
    """No language-model slot is free."""


class UserBusy(Busy):
    """This user already holds their share of slots: 429."""

    zh = "您的其他问题仍在回答中，请稍候再问。"
    en = "Your other questions are still being answered: please wait for them."


class ServerBusy(Busy):
    """Every slot of the server is taken: 503."""

    zh = "服务器繁忙，请稍后再试。"
    en = "The server is busy: please try again shortly."


class Slot:
    """A held slot; released once, by ``release`` or by leaving its ``with`` block, whichever comes first."""

    def __init__(self, slots: Slots, user: str) -> None:
        self._slots, self._user = slots, user
        self._released = False

    def release(self) -> None:
        self._slots._release(self)

    def __enter__(self) -> Slot:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()


class Slots:
    """At most ``per_user`` language-model answers per user and ``total`` in all at once.

    A slow model holds a worker thread per answer; without a cap a few users (or abandoned streams) would
    take every thread the server has and stall everyone else.
    """

    def __init__(self, per_user: int, total: int) -> None:
        self.per_user, self.total = per_user, total
        self._held: dict[str, int] = {}
        self._lock = threading.Lock()

    def take(self, identity: Identity) -> Slot:
        user = f"{identity.channel}/{identity.user_id}/{identity.name}"
        with self._lock:
            if self._held.get(user, 0) >= self.per_user:
                raise UserBusy()
            if sum(self._held.values()) >= self.total:
                raise ServerBusy()
            self._held[user] = self._held.get(user, 0) + 1
        return Slot(self, user)

    def _release(self, slot: Slot) -> None:
        with self._lock:
            if slot._released:
                return
            slot._released = True
            left = self._held.get(slot._user, 0) - 1
            if left > 0:
                self._held[slot._user] = left
            else:
                self._held.pop(slot._user, None)

    @property
    def in_use(self) -> int:
        with self._lock:
            return sum(self._held.values())
