"""Which documents a caller may read: the one seam per-document access levels plug into.

Invariant: every answer, draft, look-up and registry listing a channel shows is computed over
``Knowledge.view(allowed_documents(identity))``; nothing on an answer path reads the whole knowledge.
Today every admitted user may read every document (``None``); an access policy returns the ids it allows.
"""

from __future__ import annotations

from typing import Protocol

from jzbot.conversation.identity import Identity


class AccessPolicy(Protocol):
    def allowed_documents(self, identity: Identity) -> frozenset[str] | None: ...


class OpenAccess:
    """Every admitted user reads every document: the bureau has no access levels yet."""

    def allowed_documents(self, identity: Identity) -> frozenset[str] | None:
        return None
