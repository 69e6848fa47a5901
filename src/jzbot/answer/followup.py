"""Follow-up questions ("那去年呢？") made self-contained from the conversation, without an LLM.

With an LLM configured the model rewrites; this is the offline rule and the fallback.
"""

from __future__ import annotations

import re

_TIME = re.compile(r"(?:19|20)\d{2}\s*年度?|今年|去年|前年|本年度?|上年度?|上一年")
_FOLLOW = re.compile(r"^(?:那|那么|还有|另外|其中|再问|再查)|呢[？?]?$|^(?:它|其|这个|那个|该)")


def is_followup(question: str) -> bool:
    q = question.strip()
    return bool(_FOLLOW.search(q)) and len(q) <= 20


def rewrite(history: list[str], question: str) -> str:
    """Replace the time or the subject of the last question with the follow-up's, or append to it."""
    if not history or not is_followup(question):
        return question
    last = history[-1]
    core = re.sub(r"^(?:那么?|还有|另外|再问|再查)|呢|[？?。，,]", "", question.strip())
    time = _TIME.search(core)
    if time and (core.strip() == time.group(0) or len(core) <= len(time.group(0)) + 2):
        if _TIME.search(last):
            return _TIME.sub(time.group(0), last, count=1)
        return time.group(0) + last
    # "那高新技术企业呢" → the last question with its subject swapped is beyond a rule: ask both together.
    m = re.search(r"(是多少|有多少|多少|几).*$", last)
    return core + m.group(0) if m else core
