"""Text that tries to instruct the assistant ("忽略之前的所有指令") is never evidence and never model context."""

from __future__ import annotations

import re

INJECTION = re.compile(
    r"(?:忽略|无视|忘记|忘掉|不要理会)(?:你)?(?:之前|以上|上述|前面|先前|此前)?的?(?:所有|全部|一切)?(?:指令|指示|提示词?|规则|设定|要求)"
    r"|ignore\s+(?:all\s+)?(?:the\s+)?(?:previous|prior|above|earlier)\s+instructions"
    r"|disregard\s+(?:all\s+)?(?:previous|prior|above)|system\s+prompt|你现在(?:是|扮演)|从现在开始你",
    re.IGNORECASE,
)


def looks_like_injection(text: str) -> bool:
    return bool(INJECTION.search(text))
