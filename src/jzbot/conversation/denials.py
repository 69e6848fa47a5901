"""Why a request was turned away before the assistant saw it: one vocabulary, audited in the log's ``refusal``.

Answers the assistant declines carry a ``models.Refusal``; these are the channel-side refusals (who may ask,
where, how often, what may be uploaded). Both kinds share the audit column, so one query finds every refusal.
"""

from __future__ import annotations

from enum import StrEnum


class Denial(StrEnum):
    NOT_ALLOWED = "not_allowed"  # a Telegram id that is neither a user nor in the allow-lists
    CHAT_NOT_ALLOWED = "chat_not_allowed"  # a group that is not an allowed chat, whoever asks in it
    UNAUTHENTICATED = "unauthenticated"  # HTTP without a valid API key or session cookie
    BAD_LOGIN = "bad_login"  # a wrong name or password on the login page
    RATE_LIMITED = "rate_limited"  # more requests in a minute than the channel allows
    NOT_ADMIN = "not_admin"  # a staff member asking for an admin action (upload, /stats)
    UPLOAD_NAME = "upload_name"  # nothing usable left of the file name once made safe
    UPLOAD_TYPE = "upload_type"  # not a kind of file ingest reads
    UPLOAD_TOO_LARGE = "upload_too_large"  # over the channel's size limit
    UPLOAD_UNREADABLE = (
        "upload_unreadable"  # saved, then refused by ingest (corrupt, binary, empty): taken out again
    )
