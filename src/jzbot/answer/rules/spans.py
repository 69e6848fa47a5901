"""Choosing and showing evidence spans: shared by the figure, sentence and article rules.

A second or third span joins the first only when it supports question terms the first lacks
(众创空间和孵化器分别多少; 审改合同几次，普法讲座几次), so one answer can hold several facts.
"""

from __future__ import annotations

from jzbot.answer import policy
from jzbot.answer.citations import Citations
from jzbot.answer.evidence import Evidence, years_of
from jzbot.answer.features import BY_NAME, Feature, found_in
from jzbot.answer.rules.context import Context
from jzbot.models import Answer, Chunk, Refusal
from jzbot.text import ARTICLE_AT_END, match_key, split_text


def article_of(chunk: Chunk) -> str | None:
    """第十八条 when the chunk is a law article (its section path ends with the article)."""
    last = chunk.section.split(" > ")[-1]
    return last if ARTICLE_AT_END.search(last) else None


def shown(span: str) -> str:
    """A clause shown as a sentence: a trailing ；/， becomes 。 (the quote keeps the exact span)."""
    span = span.strip()
    if span and span[-1] in "；;，,：:":
        return span[:-1] + "。"
    if span and span[-1] not in "。！？!?”":
        return span + "。"
    return span


def pick(ctx: Context, usable: list[Evidence], near: list[Evidence] | None = None) -> list[Evidence]:
    """The best span, and more only for the question terms it leaves unsupported; when the question
    names several organizations or places (咱局和省科技厅), the best span of each, taken from ``near``
    (spans that fit well enough but lack a word the other organization's span has) when needed."""
    pool = usable + [e for e in near or [] if e not in usable]
    groups = [g for g in ctx.scope.groups if any(e.meta.doc_id in g for e in pool)]
    if len(groups) > 1 and any(e.meta.doc_id in groups[0] for e in usable):
        each: list[Evidence] = []
        for g in groups:  # two names may pick one document (四川 and its 工业区): its span once
            e = next(e for e in pool if e.meta.doc_id in g)
            if all(e.text != x.text for x in each):
                each.append(e)
        return _completed(ctx, each)  # each organization's span, and what the answer must hold (副厅长杨松)
    best = usable[0]
    picked = [best]
    missing = {t.word for t in best.missing}
    for e in usable[1 : policy.EVIDENCE_READ]:
        if len(picked) >= policy.MAX_SPANS or not missing:
            break
        covers = missing - {t.word for t in e.missing}
        gain = sum(t.weight for t in ctx.terms if t.word in covers) / max(
            sum(t.weight for t in ctx.terms), 1e-9
        )
        # Only a subject the best span lacks (普法讲座) earns another span, not a verb (落实).
        names_more = any(t.subject for t in ctx.terms if t.word in covers)
        if (
            gain >= policy.SECOND_SPAN_GAIN
            and names_more
            and e.sentence not in {p.sentence for p in picked}
            and not any(e.text in p.text or p.text in e.text for p in picked)
        ):
            picked.append(e)
            missing -= covers
    return _completed(ctx, picked)


def _completed(ctx: Context, picked: list[Evidence]) -> list[Evidence]:
    """A feature the answer must hold (a contact, a period) that no picked span says: the best span of the
    first picked document that says it joins the answer."""
    for name, asked in ctx.question.asks.items():
        feature = BY_NAME[name]
        if not feature.completes or len(picked) >= policy.MAX_SPANS:
            continue
        if any(found_in(feature, asked, match_key(p.text)) for p in picked):
            continue
        doc = picked[0].meta.doc_id
        extra = _before(ctx, picked[0], feature, asked) if feature.before_first else None
        extra = extra or next(
            (
                e
                for e in ctx.evidence
                if e.meta.doc_id == doc
                and e.in_year
                and e not in picked
                and found_in(feature, asked, match_key(e.text))
            ),
            None,
        )
        if extra is not None:
            picked.append(extra)
    return picked


def _before(ctx: Context, e: Evidence, feature: Feature, asked: str) -> Evidence | None:
    """The sentence right before ``e``'s in its chunk, when it says what ``feature`` asks."""
    sentences = split_text(e.chunk.text)
    at = next((i for i, s in enumerate(sentences) if s == e.sentence), 0)
    if at == 0 or not found_in(feature, asked, match_key(sentences[at - 1])):
        return None
    return next((x for x in ctx.evidence if x.chunk.id == e.chunk.id and x.text == sentences[at - 1]), None)


def in_order(spans: list[Evidence]) -> list[Evidence]:
    """Document order within a document; documents in the order they were picked (the best first)."""
    docs = list(dict.fromkeys(e.chunk.doc_id for e in spans))
    return sorted(
        spans,
        key=lambda e: (
            docs.index(e.chunk.doc_id),
            e.chunk.chunk_no,
            e.chunk.text.find(e.text[: policy.LOCATE_CHARS]),
        ),
    )


def answer_with(ctx: Context, spans: list[Evidence], lead: str = "") -> Answer:
    cites = Citations()
    parts = [lead] if lead else []
    for e in in_order(spans):
        label = article_of(e.chunk)
        prefix = f"《{e.meta.title}》{label}：" if label else ""
        body = e.text[len(label) :].lstrip() if label and e.text.startswith(label) else e.text
        parts.append(prefix + shown(body) + cites.add(e.meta, e.chunk.section, e.text))
    return ctx.answer("".join(parts), cites.items, notes=_others(ctx, spans))


def _others(ctx: Context, spans: list[Evidence]) -> list[str]:
    """Say when another document holds a close match, so staff know the answer chose among several."""
    if ctx.scope.docs is not None:
        return []
    used = {e.meta.doc_id for e in spans}
    best = spans[0]
    others = [
        e
        for e in ctx.evidence
        if e.meta.doc_id not in used
        and e.coverage >= best.coverage - policy.OTHER_DOCUMENT_MARGIN
        and e.coverage >= policy.ANSWER_COVERAGE
    ]
    titles = list(dict.fromkeys(e.meta.title for e in others))[:2]
    return (
        [f"另有文件涉及相近内容：{'、'.join(f'《{t}》' for t in titles)}，可在问题中注明单位或文件查询。"]
        if titles
        else []
    )


def _unstated(ctx: Context, strong: list[Evidence]) -> Answer | None:
    """哪一年开的 of a page that says only 7月9日: the passage the question is about is found, of its year, and
    none of those passages states what the question requires of its answer (a year, a day). The refusal says what
    the document leaves out, not that nothing was found."""
    required = [BY_NAME[n] for n in ctx.question.asks if BY_NAME[n].required]
    about = [e for e in strong if e.in_year]
    if not required or not about:
        return None
    unmet = [
        f
        for f in required
        if not any(found_in(f, ctx.question.asks[f.name], match_key(e.text)) for e in about)
    ]
    if not unmet:
        return None
    title = about[0].meta.title or about[0].meta.doc_id
    return ctx.refuse(Refusal.NO_EVIDENCE, "not_found_field", title=title, field=unmet[0].label)


def refusal(ctx: Context, candidates: list[Evidence], threshold: float) -> Answer:
    """Why no span answers: the subject is absent, the year is wrong, or the evidence is too weak."""
    q = ctx.question
    if ctx.scope.absent_place:
        return ctx.refuse(Refusal.NO_SUBJECT, "not_found_term", term=ctx.scope.absent_place)
    strong = [e for e in candidates if e.coverage >= threshold]
    if q.years and strong and not any(e.in_year for e in strong):
        stated = {
            y
            for e in strong
            for y in (years_of(e.text) or years_of(e.sentence) or {e.meta.year or 0})
            if y and y not in q.years
        }
        have = "、".join(f"{y}年" for y in sorted(stated)) or "其他年份"
        return ctx.refuse(Refusal.WRONG_YEAR, "not_found_year", year=q.years[0], have=have)
    absent = sorted((t for t in ctx.terms if t.subject and not t.in_corpus), key=lambda t: -t.weight)
    if absent:
        return ctx.refuse(Refusal.NO_SUBJECT, "not_found_term", term=absent[0].word)
    if unstated := _unstated(ctx, strong):
        return unstated
    return ctx.refuse(Refusal.NO_EVIDENCE, "not_found", subject="能回答该问题")
