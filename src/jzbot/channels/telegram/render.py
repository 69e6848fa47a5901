"""Answers as Telegram HTML: escaped, split under the 4,096-character limit at sentence boundaries."""

from __future__ import annotations

import html
import re

from jzbot.models import Answer

LIMIT = 4096
_BREAK = re.compile(r"(?<=[。！？；\n])")


def split_message(text: str, limit: int = LIMIT) -> list[str]:
    """Pieces of at most ``limit`` characters, cut after a sentence (or line) end whenever one exists."""
    pieces: list[str] = []
    current = ""
    for unit in _BREAK.split(text):
        while len(unit) > limit:  # one sentence longer than a message: cut it hard
            if current:
                pieces.append(current)
                current = ""
            pieces.append(unit[:limit])
            unit = unit[limit:]
        if len(current) + len(unit) > limit:
            pieces.append(current)
            current = ""
        current += unit
    if current:
        pieces.append(current)
    return [p for p in pieces if p.strip()]


def answer_html(answer: Answer) -> str:
    body = html.escape(answer.answer)
    body = re.sub(r"\[(\d+)\]", r"<b>[\1]</b>", body)
    notes = "".join(f"\n<i>{html.escape(n)}</i>" for n in answer.notes)
    refs = ""
    if answer.citations:
        names = []
        for c in answer.citations:
            number = f"（{html.escape(c.doc_number)}）" if c.doc_number else ""
            names.append(f"[{c.marker}] 《{html.escape(c.title)}》{number}")
        refs = "\n\n<b>出处</b>\n" + "\n".join(names) + "\n<i>发送 /sources 查看原文。</i>"
    return body + notes + refs


def sources_html(answer: Answer) -> str:
    if not answer.citations:
        return "上一条回答没有引用出处。"
    parts = []
    for c in answer.citations:
        number = f"（{html.escape(c.doc_number)}）" if c.doc_number else ""
        parts.append(
            f"<b>[{c.marker}]</b> 《{html.escape(c.title)}》{number}\n"
            f"<i>{html.escape(c.section)}</i>\n“{html.escape(c.quote)}”"
        )
    return "\n\n".join(parts)
