"""Extractive drafting: a report paragraph assembled from cited source sentences, in the report's own order.

Invariant: every sentence of an extractive draft is verbatim source text (list markers such as
（一） or 一是 aside), so every number in it is in its citation.
"""

from __future__ import annotations

import re

from jzbot.answer import policy
from jzbot.answer.citations import Citations
from jzbot.answer.rules.context import Context
from jzbot.answer.terms import coverage, terms_of
from jzbot.models import Answer, Chunk, DocMeta, Refusal
from jzbot.safety import looks_like_injection
from jzbot.text import BODY_SECTION, FRONT_SECTIONS, ITEM_MARK, LIST_MARK, fold, match_key, split_sentences

MAX_DRAFT = policy.DRAFT_MAX_CHARS
_FRAME = re.compile(
    r"^(?:请|帮我|帮忙)?(?:起草|撰写|草拟|写|拟)(?:一段|一份|一篇|一则|一个|一下|段|份|篇|则)?(?:关于)?|"
    r"(?:的)?(?:工作)?(?:情况|总结|段落|材料|内容|小结|成绩|成效)$"
)
# The genre, audience and purpose of a draft (一段通知，提醒各科室…; 给科室的提示：…; …，给领导讲话用) frame it;
# the rest is its topic.
_GENRE_WORDS = r"(?:政策)?(?:通知|公告|通告|讲话稿?|简报|汇报材料|提示|说明|解读|段落)"
_GENRE = re.compile(rf"^(?:给[^，,：:的]{{1,8}}的)?{_GENRE_WORDS}[，,：:]?|(?:的)?{_GENRE_WORDS}$")
_AUDIENCE = re.compile(
    r"(?:提醒|要求|督促|请|让|通知|告知)(?:各|全局|局属|相关|有关)(?:科室|单位|部门|处室|县区|同志|人员)"
)
_PURPOSE = re.compile(r"[，,](?:给|供|用于|作为|在)[^，,]{0,12}(?:用|使用|参考)?$")


def _lead_mark(sentence: str) -> bool:
    """（一）, 一、 or 一是 opens the sentence: a heading or a block lead, not a sentence of the draft."""
    return bool(LIST_MARK.match(sentence) or ITEM_MARK.match(sentence))


def _unmarked(sentence: str) -> str:
    return ITEM_MARK.sub("", LIST_MARK.sub("", sentence))


def topic_of(text: str) -> str:
    t = fold(text)
    for _ in range(2):
        t = _FRAME.sub("", _PURPOSE.sub("", t))
        t = _AUDIENCE.sub("", _GENRE.sub("", t))
    return t.strip("，,：: ") or fold(text)


def _blocks(chunk: Chunk) -> list[list[str]]:
    """Sentences grouped by 一是/二是 sub-blocks (a chunk without them is one block)."""
    blocks: list[list[str]] = [[]]
    for s in split_sentences(chunk.text.replace("\n", "")):
        if ITEM_MARK.match(s) and blocks[-1]:
            blocks.append([])
        blocks[-1].append(s)
    return [b for b in blocks if b]


def _lead_before(ctx: Context, chunk: Chunk) -> str:
    """The 一是… lead a chunk continues, when the chunk before it in the same section opened one."""
    previous = ctx.knowledge.chunk_at(chunk.doc_id, chunk.chunk_no - 1)
    if previous is None or previous.section != chunk.section:
        return ""
    leads = [s for s in split_sentences(previous.text.replace("\n", "")) if ITEM_MARK.match(s)]
    return leads[-1] if leads else ""


def extractive_draft(ctx: Context) -> Answer:
    query = ctx.question
    topic = topic_of(query.text)
    terms = terms_of(query, ctx.knowledge, ctx.vocab, text=topic)
    scored: list[tuple[float, int, Chunk, DocMeta, list[str]]] = []
    for rank, hit in enumerate(ctx.hits):
        if hit.chunk.section in FRONT_SECTIONS or looks_like_injection(hit.chunk.text):
            continue
        lead = _lead_before(ctx, hit.chunk)
        for block in _blocks(hit.chunk):
            if ITEM_MARK.match(block[0]):
                lead = block[0]
            # A block is about its heading, its 一是… lead and its document too (四是科技成果转化方面。→ the figures).
            cov, _ = coverage(
                terms, match_key("".join(block)), match_key(hit.chunk.section + lead + hit.meta.title)
            )
            scored.append((cov - policy.DRAFT_RANK_PENALTY * rank, rank, hit.chunk, hit.meta, block))
    # The bureau's own documents write its reports: a law or another bureau's report only when they are silent,
    # or when the draft is about a year or a document the bureau's own documents are not.
    own = [s for s in scored if s[3].doc_id in ctx.scope.home and s[0] >= policy.DRAFT_MIN_COVERAGE]
    best_anywhere = max((s[0] for s in scored), default=0.0)
    if own and max(s[0] for s in own) < best_anywhere - policy.DRAFT_OWN_MARGIN:
        own = []  # the bureau's documents only touch the topic; a law or another document covers it
    elsewhere = ctx.scope.docs if ctx.scope.docs is not None and not ctx.scope.docs & ctx.scope.home else None
    if query.years and not ctx.scope.home & ctx.scope.of_year and ctx.scope.of_year:
        elsewhere = ctx.scope.of_year
    if elsewhere:
        scored = [s for s in scored if s[3].doc_id in elsewhere] or scored
    elif own:
        scored = own
    scored.sort(key=lambda s: -s[0])
    if not scored or scored[0][0] < policy.DRAFT_MIN_COVERAGE:
        return Answer(
            question=query.text,
            found=False,
            refusal=Refusal.NO_EVIDENCE,
            answer=f"知识库中没有找到与“{topic}”相关的材料，无法起草。",
        )
    # Take the best block, then more blocks of the same section while they still match, up to the budget.
    best = scored[0]
    chosen = [best]
    for s in scored[1:]:
        if sum(len("".join(c[4])) for c in chosen) > MAX_DRAFT:
            break
        same_section = s[2].section.split(" > ")[0] == best[2].section.split(" > ")[0]
        if s[0] >= policy.DRAFT_SECTION_SHARE * best[0] and (
            same_section or s[0] >= policy.DRAFT_OTHER_SHARE * best[0]
        ):
            chosen.append(s)
    chosen.sort(key=lambda s: (s[3].doc_id, s[2].chunk_no, s[2].text.find(s[4][0])))
    cites = Citations()
    parts: list[str] = []
    used = 0
    for _, _, chunk, meta, block in chosen:
        body = [
            s for s in block if not (ITEM_MARK.match(s) and len(s) <= policy.BLOCK_LEAD_MAX_CHARS)
        ]  # "三是科技人才引育方面。"
        if not body:
            continue
        kept: list[str] = []
        for sentence in body:
            if used + len(sentence) > MAX_DRAFT and kept:
                break
            kept.append(sentence)
            used += len(sentence)
        quote = "".join(kept)
        shown = _unmarked(quote).lstrip("，、")
        parts.append(shown + cites.add(meta, chunk.section, quote))
        if used > MAX_DRAFT:
            break
    docs = {c[3].doc_id for c in chosen}
    if parts and len(docs) == 1 and _NEWS.search(query.text):
        # A news report ends with who took part (…共计130多人参加了会议): the source's closing line joins a draft
        # the budget cut before it.
        closing = _closing(ctx, next(iter(docs)))
        if closing is not None and closing[0] not in "".join(parts):
            sentence, chunk, meta = closing
            parts.append(_unmarked(sentence) + cites.add(meta, chunk.section, sentence))
    text = "".join(parts)
    return Answer(question=query.text, answer=text, found=bool(parts), citations=cites.items)


# 新闻稿, 报道, 简讯, 消息, 动态信息: a news report of one event.
_NEWS = re.compile(r"新闻稿?|报道|简讯|消息稿?|动态信息|信息稿")
_TOOK_PART = re.compile(r"参加|出席|参会|与会")


def _closing(ctx: Context, doc_id: str) -> tuple[str, Chunk, DocMeta] | None:
    """The last body sentence of a document when it says who took part (共计130多人参加了会议)."""
    rows = [(c, m) for c, m in ctx.knowledge.rows_of([doc_id]) if c.section not in FRONT_SECTIONS]
    for chunk, meta in reversed(rows):
        sentences = split_sentences(chunk.text.replace("\n", ""))
        for sentence in reversed(sentences):
            if len(sentence) <= policy.CLOSING_SCAN_CHARS and _TOOK_PART.search(sentence):
                return sentence, chunk, meta
        if sentences:
            return None
    return None


_OUTLINE = re.compile(r"提纲|大纲|整篇|全文|完整(?:的)?报告|全年(?:工作)?报告|年度报告")


_PARAGRAPH = re.compile(
    r"一段|段落|一则|通知"
)  # a paragraph or a notice is asked, not a whole report's outline


def wants_outline(text: str) -> bool:
    return bool(_OUTLINE.search(text)) and not _PARAGRAPH.search(text)


def extractive_outline(ctx: Context) -> Answer:
    """A whole report's outline: each first-level section of the best-matching document, with its lead sentence cited."""
    query, hits = ctx.question, ctx.hits
    if not hits:
        return Answer(
            question=query.text,
            found=False,
            refusal=Refusal.NO_EVIDENCE,
            answer="知识库中没有可供参考的报告，无法生成提纲。",
        )
    home = [h for h in hits if h.meta.doc_id in ctx.scope.home] if ctx.scope.docs is None else []
    doc_id = (home or hits)[0].meta.doc_id
    rows = ctx.knowledge.rows_of([doc_id])
    cites = Citations()
    lines: list[str] = []
    seen: set[str] = set()
    for chunk, meta in rows:
        top = chunk.section.split(" > ")[0]
        if top in seen or top in (*FRONT_SECTIONS, BODY_SECTION):
            continue
        seen.add(top)
        sentences = [
            s
            for s in split_sentences(chunk.text.replace("\n", ""))
            if not _lead_mark(s) or len(s) > policy.HEADING_MAX_CHARS
        ]
        if not sentences:
            continue
        lead = sentences[0]
        lines.append(f"{top}\n{_unmarked(lead).lstrip('，、')}{cites.add(meta, chunk.section, lead)}")
    if not lines:
        return Answer(
            question=query.text,
            found=False,
            refusal=Refusal.NO_EVIDENCE,
            answer="知识库中的文件没有可用的章节结构，无法生成提纲。",
        )
    return Answer(question=query.text, answer="\n".join(lines), found=True, citations=cites.items)


def compose(ctx: Context) -> Answer:
    """The draft a request asks for: a 转发通知, a whole report's outline, or a paragraph (one decision)."""
    from jzbot.answer.forward import forward_draft, wants_forward

    if wants_forward(ctx.question.text):
        return forward_draft(ctx)
    return extractive_outline(ctx) if wants_outline(ctx.question.text) else extractive_draft(ctx)
