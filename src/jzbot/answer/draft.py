"""Extractive drafting: a report paragraph assembled from cited source sentences, in the report's own order.

Invariant: every sentence of an extractive draft is verbatim source text (list markers such as
（一） or 一是 aside), so every number in it is in its citation.
"""

from __future__ import annotations

import re

from jzbot.answer import evidence as ev
from jzbot.answer.qa import Citations
from jzbot.answer.query import Query
from jzbot.index.knowledge import Knowledge
from jzbot.models import Answer, Chunk, DocMeta, Hit
from jzbot.registry.vocabulary import Vocabulary
from jzbot.text import fold, split_sentences

MAX_DRAFT = 520
_FRAME = re.compile(r"^(?:请|帮我|帮忙)?(?:起草|撰写|草拟|写|拟)(?:一段|一份|一篇|一下)?(?:关于)?|(?:的)?(?:工作)?(?:情况|总结|段落|材料|内容|小结)$")
_BLOCK = re.compile(r"^[一二三四五六七八九十]是")
_LEAD = re.compile(r"^(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|[一二三四五六七八九十]是)")


def topic_of(text: str) -> str:
    t = fold(text)
    for _ in range(2):
        t = _FRAME.sub("", t)
    return t or fold(text)


def _blocks(chunk: Chunk) -> list[list[str]]:
    """Sentences grouped by 一是/二是 sub-blocks (a chunk without them is one block)."""
    blocks: list[list[str]] = [[]]
    for s in split_sentences(chunk.text.replace("\n", "")):
        if _BLOCK.match(s) and blocks[-1]:
            blocks.append([])
        blocks[-1].append(s)
    return [b for b in blocks if b]


def extractive_draft(query: Query, hits: list[Hit], knowledge: Knowledge, vocab: Vocabulary) -> Answer:
    topic = Query(text=topic_of(query.text), folded=topic_of(query.text), intent="fact")
    terms = ev.terms_of(topic, knowledge, vocab)
    scored: list[tuple[float, int, Chunk, DocMeta, list[str]]] = []
    for rank, hit in enumerate(hits):
        for block in _blocks(hit.chunk):
            text = fold("".join(block))
            cov, _ = ev.coverage(terms, text)
            head_cov, _ = ev.coverage(terms, fold(hit.chunk.section))
            scored.append((max(cov, head_cov) - 0.03 * rank, rank, hit.chunk, hit.meta, block))
    scored.sort(key=lambda s: -s[0])
    if not scored or scored[0][0] < 0.34:
        return Answer(question=query.text, found=False,
                      answer=f"知识库中没有找到与“{topic.text}”相关的材料，无法起草。")
    # Take the best block, then more blocks of the same section while they still match, up to the budget.
    best = scored[0]
    chosen = [best]
    for s in scored[1:]:
        if sum(len("".join(c[4])) for c in chosen) > MAX_DRAFT:
            break
        same_section = s[2].section.split(" > ")[0] == best[2].section.split(" > ")[0]
        if s[0] >= 0.5 * best[0] and (same_section or s[0] >= 0.8 * best[0]):
            chosen.append(s)
    chosen.sort(key=lambda s: (s[3].doc_id, s[2].chunk_no, s[2].text.find(s[4][0])))
    cites = Citations()
    parts: list[str] = []
    used = 0
    for _, _, chunk, meta, block in chosen:
        body = [s for s in block if not (_BLOCK.match(s) and len(s) <= 20)]  # "三是科技人才引育方面。"
        if not body:
            continue
        kept: list[str] = []
        for s in body:
            if used + len(s) > MAX_DRAFT and kept:
                break
            kept.append(s)
            used += len(s)
        quote = "".join(kept)
        shown = _LEAD.sub("", quote).lstrip("，、")
        parts.append(shown + cites.add(meta, chunk.section, quote))
        if used > MAX_DRAFT:
            break
    text = "".join(parts)
    return Answer(question=query.text, answer=text, found=bool(parts), citations=cites.items)


_OUTLINE = re.compile(r"提纲|大纲|整篇|全文|完整(?:的)?报告|全年(?:工作)?报告|年度报告")


def wants_outline(text: str) -> bool:
    return bool(_OUTLINE.search(text))


def extractive_outline(query: Query, hits: list[Hit], knowledge: Knowledge) -> Answer:
    """A whole report's outline: each first-level section of the best-matching document, with its lead sentence cited."""
    if not hits:
        return Answer(question=query.text, found=False, answer="知识库中没有可供参考的报告，无法生成提纲。")
    doc_id = hits[0].meta.doc_id
    rows = [(c, m) for c, m in knowledge.rows if m.doc_id == doc_id]
    cites = Citations()
    lines: list[str] = []
    seen: set[str] = set()
    for chunk, meta in rows:
        top = chunk.section.split(" > ")[0]
        if top in seen or top in ("版头", "落款", "正文"):
            continue
        seen.add(top)
        sentences = [s for s in split_sentences(chunk.text.replace("\n", "")) if not _LEAD.match(s) or len(s) > 30]
        if not sentences:
            continue
        lead = sentences[0]
        lines.append(f"{top}\n{_LEAD.sub('', lead).lstrip('，、')}{cites.add(meta, chunk.section, lead)}")
    if not lines:
        return Answer(question=query.text, found=False, answer="知识库中的文件没有可用的章节结构，无法生成提纲。")
    return Answer(question=query.text, answer="\n".join(lines), found=True, citations=cites.items)
