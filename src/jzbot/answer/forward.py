"""A 转发通知 drafted from the notice it forwards: the standard frame, the source's own requirements cited.

Invariant: every fact of the draft (the forwarded title, its 文号, each requirement and deadline) is a cited
sentence of the source notice; the frame around them comes from ``prompts/answers.yaml``; the forwarding
bureau's own deadline is the source's moved earlier by ``policy.FORWARD_LEAD_DAYS`` and says so; the contact
is left for the user to fill in.
"""

from __future__ import annotations

import datetime as dt
import re

from jzbot.answer import policy
from jzbot.answer.citations import Citations
from jzbot.answer.rules.context import Context
from jzbot.answer.terms import coverage, terms_of
from jzbot.models import Answer, Chunk, DocMeta, Refusal
from jzbot.registry.docno import find_docnos
from jzbot.text import DEADLINE, FRONT_SECTIONS, WINDOW, fold, match_key, split_text

_FORWARD = re.compile(r"转发")
_INNER_TITLE = re.compile(r"《([^《》]{6,120}(?:通知|指南|办法|意见|方案))》")
_FORWARDED = re.compile(r"^关于转发《(.+)》的通知$")
_REQUIREMENT = re.compile(r"请|须|应当|务必|不再|统一|逾期")


def wants_forward(text: str) -> bool:
    """起草一个转发通知, 转发省厅那个通知: the draft forwards a notice."""
    return bool(_FORWARD.search(fold(text)))


def _source(ctx: Context) -> DocMeta | None:
    """The notice to forward: the document whose 文号 the request names, else the retrieved notice whose title
    and text fit the request best."""
    for key in ctx.question.docnos:
        entry = ctx.knowledge.docnos.get(key)
        own = ctx.knowledge.docs.get(entry.own_doc_id or "") if entry else None
        if own is not None:
            return own
        if entry is not None and entry.mentions:  # cited only: the document that cites it carries its terms
            return ctx.knowledge.docs.get(entry.mentions[0].doc_id)
    terms = terms_of(ctx.question, ctx.knowledge, ctx.vocab, text=fold(ctx.question.text).replace("转发", ""))
    best: tuple[float, DocMeta] | None = None
    for hit in ctx.hits:
        fit = coverage(terms, match_key(hit.chunk.text), match_key(hit.meta.title + hit.meta.source))[0]
        fit += policy.FORWARD_NOTICE_BONUS if hit.meta.doc_type == "通知" else 0.0
        if best is None or fit > best[0]:
            best = (fit, hit.meta)
    return best[1] if best is not None and best[0] >= policy.DRAFT_MIN_COVERAGE else None


def _sentences(ctx: Context, meta: DocMeta) -> list[tuple[str, Chunk]]:
    return [
        (s, chunk)
        for chunk, _ in ctx.knowledge.rows_of([meta.doc_id])
        if chunk.section not in FRONT_SECTIONS
        for s in split_text(chunk.text)
    ]


def _forwarded_title(meta: DocMeta, sentences: list[tuple[str, Chunk]]) -> str:
    """What is forwarded: 关于转发《X》的通知 forwards X; a notice that relays another (现将《X》转发给你们) too."""
    if m := _FORWARDED.match(meta.title):
        return m.group(1)
    for s, _ in sentences[: policy.FORWARD_OPENING_SENTENCES]:
        if "转发" in s and (m := _INNER_TITLE.search(s)):
            return m.group(1)
    return meta.title


def _earlier(month: int, day: int, year: int) -> str:
    try:
        moved = dt.date(year, month, day) - dt.timedelta(days=policy.FORWARD_LEAD_DAYS)
    except ValueError:
        return ""
    return f"{moved.month}月{moved.day}日"


def forward_draft(ctx: Context) -> Answer:
    question = ctx.question
    meta = _source(ctx)
    if meta is None:
        return Answer(
            question=question.text,
            found=False,
            refusal=Refusal.NO_EVIDENCE,
            answer=ctx.templates["forward_no_source"].render(),
        )
    sentences = _sentences(ctx, meta)
    title = _forwarded_title(meta, sentences)
    number = meta.doc_number or ""
    cites = Citations()
    # The source's opening sentence when it names the documents forwarded by 文号 (国科发资〔2022〕191号 …).
    opening = next(((s, c) for s, c in sentences[: policy.FORWARD_OPENING_SENTENCES] if find_docnos(s)), None)
    items: list[tuple[str, Chunk]] = [opening] if opening else []
    deadlines = [(s, c) for s, c in sentences if DEADLINE.search(s)]
    # Every step's time, in the source's order: a window (网上申报 11月18日—11月27日) as much as a deadline.
    timed = [(s, c) for s, c in sentences if (s, c) in deadlines or WINDOW.search(s)]
    requirements = [(s, c) for s, c in sentences if _REQUIREMENT.search(s) and (s, c) not in timed]
    for pick in [*timed, *requirements]:
        if len(items) >= policy.FORWARD_MAX_ITEMS:
            break
        if pick not in items:
            items.append(pick)
    lines = [ctx.templates["forward_head"].render(title=title, number=f"（{number}）" if number else "")]
    for n, (s, chunk) in enumerate(items, 1):
        lines.append(f"{n}. {s.rstrip('；;，,')}{cites.add(meta, chunk.section, s)}")
    if deadlines and (m := DEADLINE.search(deadlines[0][0])):
        g = m.groups()
        month, day = (int(g[0]), int(g[1])) if g[0] else (int(g[2]), int(g[3]))
        year = meta.year or int((meta.date or "0000")[:4]) or dt.date.today().year
        moved = _earlier(month, day, year)
        if moved:
            lines.append(
                ctx.templates["forward_deadline"].render(
                    date=moved, original=f"{month}月{day}日", days=policy.FORWARD_LEAD_DAYS
                )
            )
    lines.append(ctx.templates["forward_contact"].render())
    return Answer(question=question.text, answer="\n".join(lines), found=True, citations=cites.items)
