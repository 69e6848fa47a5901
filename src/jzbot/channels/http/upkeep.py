"""What a long-running server does on a schedule: apply the audit retention, end expired sessions, flush the
counts of aggregated refusals, and forget idle rate-limit keys.

Invariant: ``jzbot serve`` keeps no audit row past ``JZBOT_TELEGRAM__AUDIT_RETENTION_DAYS`` for longer than
``UPKEEP_SECONDS`` after it is due, and its in-memory tables hold only keys seen recently.
"""

from __future__ import annotations

import asyncio
import logging

import anyio

from jzbot.channels.http.guard import Defences
from jzbot.conversation.users import Users
from jzbot.history.audit import AuditLog

log = logging.getLogger(__name__)
UPKEEP_SECONDS = 3600.0  # hourly: retention is counted in days, limiter windows in minutes


def run_once(audit: AuditLog, users: Users, defences: Defences, retention_days: int) -> int:
    """One round of upkeep; returns the audit rows purged."""
    defences.prune()
    users.purge_sessions()
    purged = audit.purge(retention_days)
    if purged:
        log.info("audit retention: purged %d rows older than %d days", purged, retention_days)
    return purged


async def keep_up(
    audit: AuditLog, users: Users, defences: Defences, retention_days: int, every: float = UPKEEP_SECONDS
) -> None:
    """``run_once`` now and every ``every`` seconds until cancelled (at server shutdown)."""
    while True:
        try:
            await anyio.to_thread.run_sync(run_once, audit, users, defences, retention_days)
        except Exception:  # upkeep must never take the server down; the next round tries again
            log.exception("upkeep failed")
        await asyncio.sleep(every)
