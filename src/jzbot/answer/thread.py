"""What a conversation keeps of its turns: each question's frame, and what its answer said and cited.

Invariant: a thread is the same whether it was kept from the ``Answer`` objects (the web page, the REST API and
Telegram keep it per conversation) or rebuilt from the text jzbot wrote for them (an OpenAI client sends the
whole history back to /v1): ``said_of(answer) == parse_reply(reply_text(answer))``. The 出处 block under an
answer is written here and read back here. An assistant message jzbot did not write (another model's reply in
the history) has no 出处 block: it is kept as text that cites nothing.
"""

from __future__ import annotations

import re
from itertools import pairwise

from pydantic import BaseModel, ConfigDict

from jzbot.answer.frame import Frame
from jzbot.models import Answer
from jzbot.registry.docno import find_docnos

MAX_TURNS = 6  # turns a conversation keeps and /v1 replays: follow-ups refer to the last turn or two
MAX_REPLAYED_CHARS = 6000  # of one /v1 history message read back; a longer one is cut (it is not our reply)
SOURCES_HEADING = "**出处**"


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Frozen):
    """One cited source as the reply shows it."""

    doc_number: str | None
    title: str
    quote: str


class Said(_Frozen):
    """What an answer said: its text (markers kept, sources block off) and its sources in marker order."""

    text: str
    sources: tuple[Source, ...] = ()

    @property
    def found(self) -> bool:
        # Every answer jzbot finds cites a source; a refusal cites none. Read the same from an Answer and a reply.
        return bool(self.sources)


class Turn(_Frozen):
    question: str  # as the user typed it
    frame: Frame  # as it was understood
    said: Said


class Thread(_Frozen):
    """The last ``MAX_TURNS`` turns of one conversation, oldest first."""

    turns: tuple[Turn, ...] = ()

    @property
    def last(self) -> Turn | None:
        return self.turns[-1] if self.turns else None

    def then(self, turn: Turn) -> Thread:
        return Thread(turns=(*self.turns, turn)[-MAX_TURNS:])


def said_of(answer: Answer) -> Said:
    sources = tuple(Source(doc_number=c.doc_number, title=c.title, quote=c.quote) for c in answer.citations)
    return Said(text=answer.answer, sources=sources)


def sources_block(answer: Answer) -> str:
    """The citations as Markdown under the answer: what any chat client shows (``parse_reply`` reads it back)."""
    if not answer.citations:
        return ""
    lines = ["", "", SOURCES_HEADING]
    for c in answer.citations:
        number = f"（{c.doc_number}）" if c.doc_number else ""
        section = f" {c.section}" if c.section else ""
        lines.append(f"[{c.marker}] 《{c.title}》{number}{section}：“{c.quote}”")
    return "\n".join(lines)


def reply_text(answer: Answer) -> str:
    return answer.answer + sources_block(answer)


_ENTRY = re.compile(r"^\[(\d+)\] 《", re.MULTILINE)


def _title_end(text: str) -> int:
    """Where the 《title》 opening ``text`` closes (titles may hold 《》 of their own); -1 when it does not."""
    depth = 0
    for i, ch in enumerate(text):
        if ch == "《":
            depth += 1
        elif ch == "》":
            depth -= 1
            if depth == 0:
                return i
    return -1


def _source(entry: str) -> Source | None:
    """``《title》（文号） section：“quote”`` → its parts; None when the entry is not of that shape."""
    end = _title_end(entry)
    quote_at = entry.find("：“", end)
    if end < 0 or quote_at < 0 or not entry.rstrip().endswith("”"):
        return None
    title, rest = entry[1:end], entry[end + 1 : quote_at]
    number = None
    if rest.startswith("（") and (close := rest.find("）")) > 0:
        inner = rest[1:close]
        found = find_docnos(inner)
        number = inner if found and found[0].start == 0 and found[0].end == len(inner) else None
    return Source(doc_number=number, title=title, quote=entry[quote_at + 2 : entry.rstrip().rfind("”")])


def parse_reply(content: str) -> Said:
    """A reply from the history of a /v1 request, read back into what it said and cited."""
    content = content[:MAX_REPLAYED_CHARS]
    at = content.rfind("\n\n" + SOURCES_HEADING + "\n")
    if at < 0:
        return Said(text=content.strip())
    block = content[at + len(SOURCES_HEADING) + 3 :]
    starts = [m.start() for m in _ENTRY.finditer(block)]
    sources = []
    for start, end in pairwise([*starts, len(block)] if starts else []):
        entry = block[start:end].rstrip("\n")
        source = _source(entry[entry.index("《") :])
        if source is not None:
            sources.append(source)
    return Said(text=content[:at], sources=tuple(sources))
