"""Answers from the documents' text: law articles, lists, figures and single facts.

Each rule takes the context and returns an answer, a refusal, or None to let the next rule try.
"""

from __future__ import annotations

import re
from itertools import pairwise

from jzbot.answer import policy
from jzbot.answer.citations import Citations
from jzbot.answer.evidence import Evidence, carried_lead, figure_text, is_heading, spans, unit_fits
from jzbot.answer.rules.context import Context
from jzbot.answer.rules.spans import answer_with, article_of, in_order, pick, refusal, shown
from jzbot.answer.terms import coverage
from jzbot.answer.understand import Kind
from jzbot.models import Answer, Chunk, DocMeta
from jzbot.text import (
    BODY_SECTION,
    FRONT_SECTIONS,
    INLINE_ITEM,
    ITEM_LINE,
    ITEM_MARK,
    PERSON,
    TABLE_SECTION,
    cn_to_int,
    fold,
    match_key,
    split_items,
    split_sentences,
    split_text,
)

_SCOPE_LABELS = ("新增", "总数", "累计", "净增")
# Short items in a row, 、-separated: 职能科学、权责法定、执法严明 (not 、 scattered over a long sentence).
_ENUMERATION = re.compile(
    rf"(?:[^、，。；：,;:]{{1,12}}、){{{policy.ENUMERATION_MIN_ITEMS - 1},}}[^、，。；：,;:]{{1,12}}"
)
# Titles in a row (《统计法》《网络安全法》) enumerate the documents a question for documents asks.
_TITLES = re.compile(rf"(?:《[^《》]{{2,40}}》[、和及与]?){{{policy.ENUMERATION_MIN_ITEMS},}}")


def _usable(ctx: Context, threshold: float) -> list[Evidence]:
    named = ctx.question.asks_name  # a name-question is answered only by a passage that names someone
    return [
        e
        for e in ctx.evidence
        if e.coverage >= threshold and e.in_year and e.complete and (not named or PERSON.search(e.text))
    ]


# -- law articles -----------------------------------------------------------------------------------
def _article_chunks(ctx: Context) -> list[tuple[Chunk, DocMeta]]:
    docs = ctx.scope.docs
    rows = ctx.knowledge.rows if docs is None else ctx.knowledge.rows_of(docs)
    return [(c, m) for c, m in rows if article_of(c)]


def _article_text(chunk: Chunk, span: str = "", one_thing: bool = False) -> str:
    """The article, or the paragraph (款) holding ``span`` when it is long; asked ``one_thing`` (not a list),
    a long one only through the clause that says it."""
    text = chunk.text.replace("\n", "")
    if not span:
        return text
    if len(text) > policy.ARTICLE_MAX_CHARS:
        text = next((p for p in chunk.text.split("\n") if span[: policy.LOCATE_CHARS] in p), span)
    if not one_thing or len(text) <= policy.ARTICLE_PART_CHARS or _ARTICLE_ITEMS.search(text):
        return text  # 符合下列条件…：（一）…（二）…: items are read together (what 满足啥条件 asks)
    return _article_part(text, span)


_ARTICLE_ITEMS = re.compile(r"[（(][一二三四五六七八九十]{1,2}[）)]")


_PART_END = re.compile(r"[；;。]")
_PART_START = re.compile(r"[；;。：:]")


def _article_part(text: str, span: str) -> str:
    """A long article asked one thing (骗取奖励的罚款, 每周播几档): its opening through the ；-clause or sentence
    that says it when that is short enough (违反本条例…予以处罚：（一）…罚款；), else that clause alone. One
    stretch of the text, so the quote stays the article's own words."""
    at = text.find(span[: policy.LOCATE_CHARS])
    if at < 0:
        return text
    end_at = _PART_END.search(text, at + max(len(span) - 1, 0))
    end = end_at.end() if end_at else len(text)
    if end <= policy.ARTICLE_PART_CHARS:
        return text[:end]
    starts = [m.end() for m in _PART_START.finditer(text, 0, at)]
    return text[starts[-1] if starts else 0 : end]


def _cite_article(ctx: Context, chunk: Chunk, meta: DocMeta, quote: str, verb: str = "") -> Answer:
    """《法》第十八条：text — the quote keeps the article's own 第十八条, the display names it once."""
    label = article_of(chunk) or ""
    body = quote[len(label) :].lstrip() if quote.startswith(label) else quote
    cites = Citations()
    return ctx.answer(
        f"《{meta.title}》{label}{verb}：{shown(body)}{cites.add(meta, chunk.section, quote)}", cites.items
    )


def article(ctx: Context) -> Answer | None:
    """第十八条怎么说 (by number, in the law the question names), or 第几条规定了… (by content)."""
    q = ctx.question
    if q.article is not None and q.kind is Kind.ARTICLE:
        rows = [
            (c, m) for c, m in _article_chunks(ctx) if cn_to_int((article_of(c) or "")[1:-1]) == q.article
        ]
        if not rows:
            return None
        # Several laws have a 第十八条: the one whose text or title the question's words fit best.
        chunk, meta = max(
            rows, key=lambda r: coverage(ctx.terms, match_key(r[0].text), match_key(r[1].title))[0]
        )
        return _cite_article(ctx, chunk, meta, _article_text(chunk))
    if not q.wants_article:
        return None
    usable = [
        e
        for e in ctx.evidence
        if article_of(e.chunk) and e.coverage >= policy.ARTICLE_COVERAGE and e.complete
    ]
    if not usable:
        return None
    best = usable[0]  # the article shown whole (or the paragraph that says it): 哪条规定的 wants what it says
    one_thing = ctx.question.kind is not Kind.LIST
    return _cite_article(
        ctx, best.chunk, best.meta, _article_text(best.chunk, best.text, one_thing), verb="规定"
    )


def whole_article(ctx: Context) -> Answer | None:
    """A question answered by a law article gets the article, named, not one line of it."""
    if ctx.question.kind is Kind.FIGURE:
        return None
    usable = _usable(ctx, policy.ANSWER_COVERAGE)
    if not usable or not article_of(usable[0].chunk):
        return None
    best = usable[0]
    one_thing = ctx.question.kind is not Kind.LIST
    return _cite_article(ctx, best.chunk, best.meta, _article_text(best.chunk, best.text, one_thing))


# -- lists ------------------------------------------------------------------------------------------
def _section_items(ctx: Context, doc_id: str, path: str) -> list[tuple[str, Chunk, DocMeta, str]]:
    """(item label, chunk, meta, quote) for the sub-sections of ``path``, or its 一是/二是 items."""
    rows = [
        (c, m)
        for c, m in ctx.knowledge.rows_of([doc_id])
        if (not path or (c.section + " > ").startswith(path + " > "))
        and c.section not in (*FRONT_SECTIONS, BODY_SECTION)
    ]
    items: list[tuple[str, Chunk, DocMeta, str]] = []
    seen: set[str] = set()
    depth = path.count(" > ") + 1 if path else 0
    for chunk, meta in rows:
        parts = chunk.section.split(" > ")
        if len(parts) > depth and parts[depth] not in seen:
            seen.add(parts[depth])
            sentences = split_items(chunk.text)
            quote = sentences[0] if sentences else parts[depth]
            label = (
                quote if parts[depth].endswith("…") else parts[depth]
            )  # a heading cut for the path: in full
            items.append(
                (re.sub(r"^[（(][一二三四五六七八九十\d]+[）)]|^\d+[.、]", "", label), chunk, meta, quote)
            )
    if items:
        return items
    for chunk, meta in rows:
        for s in split_items(chunk.text):
            if ITEM_MARK.match(s):
                items.append((s, chunk, meta, s))
    if items or not path:
        return items
    # A section with neither sub-sections nor 一是 items (七、深入推进法治宣传教育): its sentences are the items.
    for chunk, meta in rows:
        for s in split_items(chunk.text):
            if not is_heading(s) and len(s) <= policy.LIST_ITEM_MAX_CHARS * 2:
                items.append((s, chunk, meta, s))
    return items


def _enumerates(ctx: Context, span: str) -> bool:
    """职能科学、权责法定、执法严明…的法治政府: a sentence that lists its items itself."""
    return _ENUMERATION.search(span) is not None or (
        ctx.question.asks_documents and _TITLES.search(span) is not None
    )


def _block_items(ctx: Context, e: Evidence) -> list[tuple[str, Chunk]]:
    """The sentences of the 一是… block ``e`` sits in, in order, from the chunk before too when it opens there."""
    previous = ctx.previous_chunk(e.chunk)
    carried = carried_lead(previous, e.chunk)
    before = (
        [
            (s.sentence, previous)
            for s in spans(previous, carried_lead(ctx.previous_chunk(previous), previous))
            if s.lead == e.lead and s.text == s.sentence
        ]
        if previous is not None and carried == e.lead
        else []
    )
    return before + [
        (s.sentence, e.chunk) for s in spans(e.chunk, carried) if s.lead == e.lead and s.text == s.sentence
    ]


_SHORT_QUOTED = re.compile(r"[“\"‘']([^”\"’']{1,3})[”\"’']")
_CLAUSE_SPLIT = re.compile(r"[、，,；;。：:]")
_SENTENCE_PUNCT = re.compile(r"[，,；;。…]")


def quoted_items(ctx: Context) -> Answer | None:
    """那几个“抓”是啥, 哪几个“无”: the parallel phrases of one sentence that begin with the quoted word
    (抓精神鼓士气、抓学习提能力…), from the best-fitting passage that has at least two of them; a list
    however it is asked."""
    quoted = _SHORT_QUOTED.search(ctx.question.text)
    if quoted is None or ctx.question.kind in (Kind.ARTICLE, Kind.DOCNO, Kind.META):
        return None
    word = fold(quoted.group(1))
    seen: set[str] = set()
    for e in ctx.evidence:
        if e.sentence in seen or not e.in_year:
            continue
        seen.add(e.sentence)
        # 通过抓精神鼓士气: the first phrase may follow a short lead-in word.
        items = [
            c[c.find(word) :]
            for c in _CLAUSE_SPLIT.split(e.sentence)
            if 0 <= c.find(word) <= policy.ITEM_LEAD_IN_CHARS and len(c) > c.find(word) + len(word)
        ]
        if len(items) >= 2:
            cites = Citations()
            marker = cites.add(e.meta, e.chunk.section, e.sentence)
            lines = [f"{n}. {item}" for n, item in enumerate(items[: policy.MAX_LIST_ITEMS], 1)]
            return ctx.answer("\n".join(lines) + marker, cites.items)
    return None


def _announced_items(e: Evidence) -> tuple[str, list[tuple[str, str]]]:
    """The sentence that announces a list (``e``'s, or its colon-ended opening) and (item, quote) for the items that follow the sentence ``e`` in its chunk: a next sentence marking its
    own parallel items (一要…；二要…；三要…), or, after a sentence ending with a colon, the item lines that
    follow it (1)… 2)…); no items when the next sentence lists nothing."""
    sentences = split_items(e.chunk.text)
    at = next((i for i, s in enumerate(sentences) if s and e.sentence.startswith(s)), None)
    if at is None or at + 1 >= len(sentences):
        return "", []
    following = sentences[at + 1]
    marks = list(INLINE_ITEM.finditer(following))
    numbers = [cn_to_int(m.group(1)) for m in marks]
    if len(marks) >= 2 and marks[0].start() == 0 and numbers == list(range(1, len(marks) + 1)):
        cuts = [m.start() + (m.group(0)[0] in "；;。，,") for m in marks] + [len(following)]
        return e.sentence, [(following[a:b].strip(), following) for a, b in pairwise(cuts)]
    if not sentences[at].rstrip().endswith((":", "：")) or not ITEM_LINE.match(following):
        return "", []
    items: list[tuple[str, str]] = []
    for s in sentences[at + 1 :]:
        if is_heading(s) and not ITEM_LINE.match(s):
            break
        items.append((s, s))
    return (sentences[at], items) if len(items) >= 2 else ("", [])


def listing(ctx: Context) -> Answer | None:
    """做了哪些工作, 分哪几个方面: the items of the section whose heading the question names, each cited."""
    if ctx.question.kind is not Kind.LIST:
        return None
    # A heading that says what the question asks at least as well as any sentence names the list.
    in_year = [e for e in ctx.evidence if e.in_year]
    # The 版头's lines (the title again, 信息名称…) say what the document is, not an item of it.
    body = [e for e in in_year if e.chunk.section not in FRONT_SECTIONS]
    sentence_best = max((e.own_coverage for e in body), default=0.0)
    enumeration_best = max((e.own_coverage for e in in_year if _enumerates(ctx, e.text)), default=0.0)
    headings: dict[tuple[str, str], float] = {}
    # A sub-heading read under its document and the headings above it (依托企业建设的实验室 under a notice on
    # 申报…重点实验室): the words those supply count for it too, so the more specific section outranks the title
    # when it adds a word of the question's.
    within: dict[tuple[str, str], float] = {}
    for hit in ctx.hits:
        parts = hit.chunk.section.split(" > ")
        for i in range(len(parts)):
            key = (hit.chunk.doc_id, " > ".join(parts[: i + 1]))
            headings[key] = coverage(ctx.terms, match_key(parts[i]))[0]
            above = " ".join([hit.meta.title, *parts[:i]])
            within[key] = coverage(ctx.terms, match_key(parts[i]), match_key(above))[0]
    # The question names a whole document (咱局去年法治政府建设做了哪些工作): its first-level sections.
    for doc_id in ctx.scope.docs or ():
        headings[(doc_id, "")] = coverage(ctx.terms, match_key(ctx.knowledge.docs[doc_id].title))[0]
    # A whole document's title that fits as well as the best sentence still wins (its sections are the
    # list), unless that sentence enumerates items itself.
    # A heading that is a sentence (2.申报时可对…,集中…) is an item of a list, not the list: it names none.
    read = {
        key: max(cov, within.get(key, 0.0))
        for key, cov in headings.items()
        if not _SENTENCE_PUNCT.search(key[1].rsplit(" > ", 1)[-1])
    }
    best_read = max(read.values(), default=0.0)

    def fits(key: tuple[str, str], cov: float) -> bool:
        if cov >= policy.LIST_HEADING_COVERAGE and cov > sentence_best:
            return True
        if not key[1]:
            return cov >= policy.LIST_HEADING_COVERAGE and cov >= sentence_best - 1e-9 > enumeration_best
        # A sub-heading the question fits best of all headings, read under the ones above it, and better
        # than any one sentence fits by its own words: its section is the list.
        if key not in read or sum(1 for r in read.values() if r >= best_read - 1e-9) > 1:
            return False
        return cov > 0 and read[key] >= max(policy.LIST_HEADING_COVERAGE, sentence_best, best_read)

    fitting = sorted(
        (read.get(key, cov), key[1].count(" > ") + bool(key[1]), key)
        for key, cov in headings.items()
        if fits(key, cov)
    )
    # A block lead (二是创新平台建设方面。) that fits better than any heading and sentence: its sentences.
    leads = {(e.chunk.id, e.lead): e for e in in_year if e.lead}
    lead_fit = sorted(
        ((coverage(ctx.terms, match_key(lead))[0], key) for key, e in leads.items() for lead in [e.lead]),
        reverse=True,
    )
    if (
        lead_fit
        and lead_fit[0][0] >= policy.LIST_HEADING_COVERAGE
        and lead_fit[0][0] >= sentence_best
        and lead_fit[0][0] > max((c for c, _, _ in fitting), default=0.0)
    ):
        chosen = leads[lead_fit[0][1]]
        block = _block_items(ctx, chosen)
        if len(block) >= 2:
            cites = Citations()
            lines = [
                f"{n}. {shown(s)}{cites.add(chosen.meta, chunk.section, s)}"
                for n, (s, chunk) in enumerate(block[: policy.MAX_LIST_ITEMS], 1)
            ]
            head = ITEM_MARK.sub("", shown(lead_fit[0][1][1]).rstrip("。"))
            return ctx.answer(f"{head}，主要包括：\n" + "\n".join(lines), cites.items)
    for _, _, (doc_id, path) in reversed(fitting):  # the best fitting heading that has items
        items = _section_items(ctx, doc_id, path)[: policy.MAX_LIST_ITEMS]
        if len(items) >= 2:
            cites = Citations()
            lines = [
                f"{n}. {shown(label).rstrip('。')}{cites.add(meta, chunk.section, quote)}"
                for n, (label, chunk, meta, quote) in enumerate(items, 1)
            ]
            head = path.split(" > ")[-1] if path else f"《{ctx.knowledge.docs[doc_id].title}》"
            return ctx.answer(f"{head}，主要包括：\n" + "\n".join(lines), cites.items)
    usable = _usable(ctx, policy.ANSWER_COVERAGE)
    if not usable or article_of(usable[0].chunk):
        return None  # a law article answers as a whole article (its items included)
    announcing, following = _announced_items(usable[0])
    if following:
        # 要抓好四个方面。一要…；二要…: the sentence that fits announces the items the next one lists.
        e = usable[0]
        cites = Citations()
        lead = shown(announcing).rstrip("。：:") + cites.add(e.meta, e.chunk.section, announcing)
        lines = [
            f"{n}. {shown(item).rstrip('；;。')}{cites.add(e.meta, e.chunk.section, quote)}"
            for n, (item, quote) in enumerate(following[: policy.MAX_LIST_ITEMS], 1)
        ]
        return ctx.answer(f"{lead}：\n" + "\n".join(lines), cites.items)
    # No section fits. Among the sentences that fit best: one that enumerates, shown whole; else
    # parallel sentences of one document (在减事项方面…；在减材料方面…), each an item.
    # Items tie by what each says itself: the first of them has the sentence before as its topic, the rest do not.
    tied = [
        e
        for e in usable
        if e.coverage - e.topical >= usable[0].coverage - usable[0].topical - policy.LIST_SENTENCE_TIE
    ]
    enumerating = [e for e in tied if _enumerates(ctx, e.text)]
    if enumerating and article_of(enumerating[0].chunk):
        return None
    if enumerating:
        e = enumerating[0]
        cites = Citations()
        return ctx.answer(shown(e.sentence) + cites.add(e.meta, e.chunk.section, e.sentence), cites.items)
    parallel: dict[str, Evidence] = {}
    for e in tied:
        if (
            e.meta.doc_id == tied[0].meta.doc_id
            and e.sentence not in parallel
            and len(e.sentence) <= policy.LIST_ITEM_MAX_CHARS
        ):
            parallel[e.sentence] = e
    if len(parallel) >= 2:
        cites = Citations()
        ordered = in_order(list(parallel.values()))[: policy.MAX_LIST_ITEMS]
        lines = [
            f"{n}. {shown(e.sentence)}{cites.add(e.meta, e.chunk.section, e.sentence)}"
            for n, e in enumerate(ordered, 1)
        ]
        return ctx.answer("\n".join(lines), cites.items)
    e = usable[0]
    cites = Citations()
    if len(after := _items_after(ctx, e)) >= 2:
        lines = [f"{n}. {shown(s)}{cites.add(e.meta, e.chunk.section, s)}" for n, s in enumerate(after, 1)]
        return ctx.answer(f"{shown(e.sentence).rstrip('。')}，主要包括：\n" + "\n".join(lines), cites.items)
    if e.text == e.sentence and (said := _item_goes_on(ctx, e)):
        return answer_with(ctx, [e, said])
    return ctx.answer(shown(e.sentence) + cites.add(e.meta, e.chunk.section, e.sentence), cites.items)


def _items_after(ctx: Context, e: Evidence) -> list[str]:
    """加大减权力度。在减事项方面…。在减材料方面…: a sentence naming the topic, followed by sentences that each
    say the kind of item asked (哪几方面 → 方面), has those sentences as its items."""
    kinds = [t.alternatives for t in ctx.terms if t.asked]
    if not kinds:
        return []
    sentences = split_sentences(e.chunk.text)
    start = next((i for i, s in enumerate(sentences) if e.sentence in s or s in e.sentence), None)
    if start is None:
        return []
    items: list[str] = []
    for s in sentences[start + 1 :]:
        if not any(k in match_key(s) for alts in kinds for k in alts) or len(items) >= policy.MAX_LIST_ITEMS:
            break
        items.append(s)
    return items


# -- figures and facts ------------------------------------------------------------------------------
def figure(ctx: Context) -> Answer | None:
    q = ctx.question
    if q.kind is not Kind.FIGURE:
        return None
    candidates = [
        e for e in ctx.evidence if unit_fits(figure_text(e.text), q.units, TABLE_SECTION in e.chunk.section)
    ]
    usable = [e for e in candidates if e.coverage >= policy.FIGURE_COVERAGE and e.in_year and e.complete]
    # A figure asked with no place or organization is the bureau's own (or its city's); another
    # place's report answers only when it alone holds the figure, clearly, and the answer says whose it is.
    own = [e for e in usable if not e.foreign]
    other = [e for e in usable if e.foreign and e.coverage >= policy.FOREIGN_FIGURE_COVERAGE]
    if not own and not other:
        return refusal(ctx, [e for e in candidates if not e.foreign], policy.FIGURE_COVERAGE)
    near = [e for e in candidates if e.coverage >= policy.FIGURE_COVERAGE and e.in_year]
    spans = pick(ctx, own or other, near)
    lead = _figure_lead(ctx, spans[0])
    if not own:
        ctx.notes.append(f"本局文件中没有该数据，以上出自《{spans[0].meta.title}》。")
    return answer_with(ctx, spans, lead=lead)


def _figure_lead(ctx: Context, best: Evidence) -> str:
    """For a span listing many figures (…分别达到13家、9家…), first the ones asked about."""
    inside = [
        f
        for f in ctx.knowledge.figures_of(best.chunk.id)
        if f.sentence in best.text or best.text in f.sentence
    ]
    if len(inside) < policy.ENUMERATION_MIN_ITEMS or "分别" not in best.text:
        return ""
    scored = [(coverage(ctx.terms, match_key(f.indicator))[0], f) for f in inside]
    top = max(c for c, _ in scored)
    mine = [f for c, f in scored if c == top and c > 0]
    if not mine or len({f.indicator for f in mine}) > 1:
        return ""
    bits = [
        f"居{f.scope if f.scope != '排名' else ''}第{f.value}位"
        if f.unit == "位"
        else f"{f.scope if f.scope in _SCOPE_LABELS else ''}{f.value}{f.unit}"
        for f in mine
    ]
    return f"{mine[0].indicator}：{'，'.join(bits)}。原文："


def _picked_up(ctx: Context, e: Evidence) -> Evidence | None:
    """The sentence after ``e`` in its paragraph when it opens with words ``e``'s last clause ends on (…限期整改。
    整改后仍达不到要求的，取消…): what happens next, for a question of what is done."""
    sentences = split_text(e.chunk.text)
    at = next((i for i, s in enumerate(sentences) if s == e.sentence), None)
    if at is None or at + 1 >= len(sentences):
        return None
    following = sentences[at + 1]
    last = re.split(r"[，,；;：:]", e.text.rstrip("。；;，, "))[-1]
    opening = following[: policy.PICKED_UP_CHARS]
    if not any(
        opening[i : i + 2] in last for i in range(len(opening) - 1) if _CJK_PAIR.fullmatch(opening[i : i + 2])
    ):
        return None
    return next((x for x in ctx.evidence if x.chunk.id == e.chunk.id and x.text == following), None)


_CJK_PAIR = re.compile(r"[\u4e00-\u9fff]{2}")


def sentence(ctx: Context) -> Answer | None:
    usable = _usable(ctx, policy.ANSWER_COVERAGE)
    if not usable:
        return refusal(ctx, ctx.evidence, policy.ANSWER_COVERAGE)
    picked = pick(ctx, usable)
    if "handling" in ctx.question.asks and (then := _picked_up(ctx, picked[0])) and then not in picked:
        picked = [*picked, then]
    elif (said := _item_goes_on(ctx, picked[0])) and said not in picked:
        picked = [*picked, said]
    return answer_with(ctx, picked)


def _item_goes_on(ctx: Context, e: Evidence) -> Evidence | None:
    """2)拥有高层次人才及研究团队。应有“长江学者”…: a span ending on the short first sentence of a list item whose line
    goes on: that sentence only names the point, the next one on the item's line says what it is."""
    for line in e.chunk.text.split("\n"):
        if not ITEM_LINE.match(line):
            continue
        sentences = split_sentences(line)
        if len(sentences) < 2 or len(sentences[0]) > policy.HEADING_MAX_CHARS:
            continue
        if (
            not e.text.endswith(sentences[0])
            or len(e.text) + len(sentences[1]) > policy.ITEM_WITH_BODY_MAX_CHARS
        ):
            continue
        return next((x for x in ctx.evidence if x.chunk.id == e.chunk.id and x.text == sentences[1]), None)
    return None
