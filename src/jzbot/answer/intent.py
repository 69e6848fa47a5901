"""What a message asks for: an answer, or a draft (帮我写一段…, 起草…, 拟一个通知…). Channels act on the value.

Invariant: a drafting request is recognised by its opening (a request verb, then what to write), never by
its topic; a question that merely mentions writing (报告里写了什么, 起草单位是谁) stays a question.
"""

from __future__ import annotations

import re
from enum import StrEnum

from jzbot.text import fold


class Intent(StrEnum):
    ASK = "ask"  # answer from the documents, citing them
    DRAFT = "draft"  # write a paragraph, a notice or an outline from them


_POLITE = r"^(?:请|麻烦|能不能|能否|可以|可否)?(?:你)?(?:帮我|帮忙|给我|替我|帮)?"
# 起草, 草拟, 撰写 are requests by themselves; 写 and 拟 need what to write after them (写一段, 拟个通知).
_DRAFT = re.compile(
    _POLITE + r"(?:起草|草拟|拟写|撰写|代拟|拟定一[段份篇则个])"
    r"|" + _POLITE + r"(?:写|拟|出)(?:一下|一)?(?:个|段|份|篇|则|稿)"
)
_QUESTION = re.compile(r"谁|哪|什么时候|多少|几[个家项次]|是否|吗[？?]?$|[？?]$")


def intent_of(text: str) -> Intent:
    t = fold(text)
    if _DRAFT.search(t) and not _QUESTION.search(t):
        return Intent.DRAFT
    return Intent.ASK
