"""What a client is told about a request that failed validation: where and why, never what it sent.

Invariants: the answer never echoes the input (a password that was too long, a pasted document), every
string in it can be encoded (lone surrogates and bytes are replaced), and building it never raises, so a
malformed request gets 422 (400 on /v1), never 500.
"""

from __future__ import annotations

from collections.abc import Sequence

MAX_ERRORS = 5  # the first few say what to fix; a thousand-field body gets no thousand-line answer
MAX_PART = 64  # characters of a location part (a field name the client made up)


def _clean(value: object) -> str:
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    return text[:MAX_PART].encode("utf-8", "replace").decode("utf-8")


def safe_errors(errors: Sequence[object]) -> list[dict[str, object]]:
    """``loc``, ``msg`` and ``type`` of the first errors; ``input`` and ``ctx`` (which repeat the input) dropped."""
    out: list[dict[str, object]] = []
    for error in list(errors)[:MAX_ERRORS]:
        if not isinstance(error, dict):
            continue
        loc = error.get("loc", ())
        out.append(
            {
                "loc": [
                    p if isinstance(p, int) else _clean(p)
                    for p in (loc if isinstance(loc, (list, tuple)) else [loc])
                ],
                "msg": _clean(error.get("msg", ""))[:200],
                "type": _clean(error.get("type", "")),
            }
        )
    return out
