"""More of what the last answer cited: 详细说说 (its block), 第二条 (the block of a listed answer's second item),
还有呢 (what follows it), and what sits next to it: the contact stated after an item (联系人是哪位, 号码呢), the
law an item's lead invokes (依据哪部法); and what the document's web page prints about it (its 来源, 浏览量).

Invariant: a widened answer is a verbatim run of whole sentences of the chunk the last answer cited, starting at
(or right after) the cited sentence and ending before the next item or heading of the same list, cited once; a
neighbouring answer is one whole sentence of that block; a page field is quoted from the field line that prints it.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from jzbot.answer import policy
from jzbot.answer.citations import Citations
from jzbot.answer.evidence import is_heading
from jzbot.answer.followup import QUOTE_KEY_CHARS, items
from jzbot.answer.frame import STATED_BY, Aspect, Frame, Reader, Slot, aspect_row
from jzbot.answer.rules.spans import article_of, shown
from jzbot.answer.thread import Said, Source, Thread
from jzbot.ingest.furniture import fields
from jzbot.models import Answer, Chunk, DocMeta
from jzbot.text import ARTICLE_AT_START, ITEM_MARK, LIST_MARK, fold, split_sentences
from jzbot.text.patterns import ENACTING_BASIS

MIN_ITEM_CHARS = 4  # an item's opening words an answer must name for it to be that item (合成生物)
NEARBY_SENTENCES = 4  # a contact follows its item within a few lines; further on it is another item's
WIDEN_MAX_CHARS = 280  # a widened answer stays a passage one reads at a glance (score.py caps a fact at 300)
_MORE = re.compile(r"还有|其他")
_CLAUSE_STOP = re.compile(r"[，,；;。]")
_MARKERS = re.compile(r"\[(\d+)\]")


class _Target(NamedTuple):
    source: Source
    beyond: bool  # 还有呢: what follows the cited sentence, not the sentence itself
    opener: str  # the listed item's own words (二、申报要求): the block runs to the next such heading
    whole: bool = False  # the quote is the item itself (三是…, a clause the passage numbers): said as it is


def _target(thread: Thread, frame: Frame, reader: Reader) -> _Target | None:
    """The source to widen: a listed answer's n-th item's, or the last answer's."""
    ordinal = next((p.ordinal for p in frame.pieces if p.slot is Slot.ORDINAL), None)
    beyond = any(p.slot is Slot.WIDEN and _MORE.search(p.text) for p in frame.pieces)
    for turn in reversed(thread.turns):
        listed = items(turn.said)
        if ordinal and len(listed) >= ordinal:
            marker = _MARKERS.search(listed[ordinal - 1])
            n = int(marker.group(1)) if marker else ordinal
            if 1 <= n <= len(turn.said.sources):
                return _Target(turn.said.sources[n - 1], False, _MARKERS.sub("", listed[ordinal - 1]))
            return None
        if ordinal and turn.said.sources and (named := _said_item(turn.said, ordinal, reader)):
            return named
        if ordinal and turn.said.sources and (named := _named_item(turn.said, ordinal, reader)):
            return named
        if ordinal and turn.said.sources and (named := _enumerated_item(turn.said, ordinal, reader)):
            return named
        if not ordinal and turn.said.sources:
            return _Target(turn.said.sources[-1 if beyond else 0], beyond, "")
        if ordinal is None and not turn.said.sources and turn.said.text and turn is not thread.turns[0]:
            continue  # 还有呢 after a refusal: more of the last answer that cited something
    return None


_CN_ORDINALS = "一二三四五六七八九十"


def _said_item(said: Said, ordinal: int, reader: Reader) -> _Target | None:
    """第三个问题 after an answer quoting a passage that numbers its points in the text (一是…;二是…;三是…): the
    clause the passage itself numbers so, whatever the quote cut off before it (counting the quote's clauses
    would miss the first point when the quote starts after 一是)."""
    if not 1 <= ordinal <= len(_CN_ORDINALS):
        return None
    points = re.compile(rf"(?:^|(?<=[。；;，,:：]))\s*[{_CN_ORDINALS}]是")
    # the point runs to the next point (二是 …) or the end of its paragraph: its own sentences with it
    wanted = re.compile(
        rf"(?:^|(?<=[。；;，,:：]))\s*{_CN_ORDINALS[ordinal - 1]}是.*?(?=[。；;，,]\s*[{_CN_ORDINALS}]是|$)"
    )
    for source in said.sources:
        key = fold(source.quote)[:8]
        for line in _document_lines(source, reader):
            if not key or key not in fold(line) or len(points.findall(line)) < 2:
                continue
            if (m := wanted.search(line)) is not None:
                clause = m.group().strip()
                while len(clause) > WIDEN_MAX_CHARS and (cut := clause.rfind("。", 0, WIDEN_MAX_CHARS)) > 0:
                    clause = clause[: cut + 1]
                return _Target(source.model_copy(update={"quote": clause}), False, clause, whole=True)
    return None


def _named_item(said: Said, ordinal: int, reader: Reader) -> _Target | None:
    """第二个 after an answer that names a list's items in one sentence (重点支持新型储能、合成生物…):
    the n-th item the answer names, among the numbered items of the cited passage (2.合成生物 支持内容…)."""
    answer = fold(_MARKERS.sub("", said.text))
    for source in said.sources:
        found = _located(source, reader)
        if found is None:
            continue
        _, _, sentences, _ = found
        named: list[tuple[int, str]] = []
        for sentence in sentences:
            if not (mark := LIST_MARK.match(sentence)):
                continue
            item = fold(sentence[mark.end() :])
            size = next((n for n in range(len(item), MIN_ITEM_CHARS - 1, -1) if item[:n] in answer), 0)
            if size:
                named.append((answer.index(item[:size]), sentence))
        named.sort()
        if len(named) >= ordinal:
            sentence = named[ordinal - 1][1]
            return _Target(source.model_copy(update={"quote": sentence}), False, sentence)
    return None


def _enumerated_item(said: Said, ordinal: int, reader: Reader) -> _Target | None:
    """第一类 after an answer whose clause enumerates items with 、 (分为甲项目、乙项目、丙项目三大类): the n-th
    one, where the cited document opens a passage with it (第五条 甲项目,主要…). The first item is matched by its
    clause's end, the last by its start, the others whole."""
    for source in said.sources:
        for clause in _CLAUSE_STOP.split(fold(source.quote)):
            parts = clause.split("、")
            if len(parts) < max(ordinal, 2):
                continue
            part = parts[ordinal - 1]
            best: tuple[int, str] | None = None
            for line in _document_lines(source, reader):
                opening = fold(ARTICLE_AT_START.sub("", LIST_MARK.sub("", line, count=1)))
                size = _shared_opening(part, opening, first=ordinal == 1, last=ordinal == len(parts))
                if size >= MIN_ITEM_CHARS and len(opening) > size and (best is None or size > best[0]):
                    best = (size, split_sentences(line)[0])
            if best is not None:
                return _Target(source.model_copy(update={"quote": best[1]}), False, best[1])
    return None


def _shared_opening(part: str, opening: str, first: bool, last: bool) -> int:
    """How much of an enumerated ``part`` a passage's ``opening`` starts with (0 when it is not that item)."""
    if first:  # 分为甲项目: the item is the clause's end
        return next((k for k in range(len(part), 0, -1) if opening.startswith(part[-k:])), 0)
    if last:  # 丙项目三大类: the item is the clause's start
        return next((k for k in range(len(part), 0, -1) if opening.startswith(part[:k])), 0)
    return len(part) if opening.startswith(part) else 0


def _document_lines(source: Source, reader: Reader) -> list[str]:
    return [
        line.strip()
        for meta in reader.knowledge.docs.values()
        if meta.title == source.title
        for chunk, _ in reader.knowledge.rows_of([meta.doc_id])
        for line in chunk.text.split("\n")
        if line.strip()
    ]


def _located(source: Source, reader: Reader) -> tuple[Chunk, DocMeta, list[str], int] | None:
    """The chunk holding the quote, its sentences (paragraph breaks kept as stops) and the quote's first one."""
    key = fold(source.quote)[:QUOTE_KEY_CHARS]
    for meta in reader.knowledge.docs.values():
        if meta.title != source.title:
            continue
        for chunk, m in reader.knowledge.rows_of([meta.doc_id]):
            if key and key in fold(chunk.text):
                sentences = [s for para in chunk.text.split("\n") for s in split_sentences(para.strip()) if s]
                at = next((i for i, s in enumerate(sentences) if key[:8] in fold(s)), None)
                if (
                    at is None
                ):  # a quote joining short lines (联系人:张波 / 联系电话:…): the line it starts in
                    at = _starting(sentences, key)
                if at is not None:
                    return chunk, m, sentences, at
    return None


def _starting(sentences: list[str], key: str) -> int | None:
    """The sentence where ``key`` (folded) starts, when it runs on into the next ones."""
    ends, joined = [], ""
    for sentence in sentences:
        joined += fold(sentence)
        ends.append(len(joined))
    start = joined.find(key)
    return None if start < 0 else next(i for i, end in enumerate(ends) if start < end)


def _opens_item(sentence: str, within: str = "") -> bool:
    """The sentence opens another item: a numbered heading; or, inside a block that a heading opened
    (``within``), only another heading, since its 一是…二是… are the block's own."""
    if within and LIST_MARK.match(within):
        return bool(LIST_MARK.match(sentence))
    return bool(ITEM_MARK.match(sentence) or LIST_MARK.match(sentence)) or is_heading(sentence)


def widen(thread: Thread, frame: Frame, reader: Reader, question: str) -> Answer | None:
    """The widened evidence as a cited answer; None when there is nothing to widen."""
    target = _target(thread, frame, reader)
    if target is None:
        return None
    source, beyond, opener, whole = target
    found = _located(source, reader)
    if found is None:
        return None
    chunk, meta, sentences, at = found
    if whole:
        return _cited(meta, chunk, shown(source.quote), question, quote=source.quote)
    if beyond:
        quoted = fold(source.quote)
        while at < len(sentences) and fold(sentences[at]) in quoted:
            at += 1
    picked: list[str] = []
    for i in range(at, len(sentences)):
        s = sentences[i]
        if picked and (
            _opens_item(s, opener or picked[0]) or len(fold("".join(picked) + s)) > WIDEN_MAX_CHARS
        ):
            break
        picked.append(s)
    if not picked or (beyond and not picked):
        return None
    return _cited(meta, chunk, "".join(picked), question)


def _cited(meta: DocMeta, chunk: Chunk, text: str, question: str, quote: str = "") -> Answer:
    cites = Citations()
    return Answer(
        question=question,
        answer=text + cites.add(meta, chunk.section, quote or text),
        found=True,
        citations=cites.items,
    )


def nearby(sources: tuple[Source, ...], aspect: Aspect, reader: Reader, question: str) -> Answer | None:
    """The sentence next to a cited one that states ``aspect``: a contact after it (before the next item), a
    law before it (back to its block's lead)."""
    evidence = STATED_BY.get(aspect) or re.compile(aspect_row(aspect).evidence)
    for source in sources:
        found = _located(source, reader)
        if found is None:
            continue
        chunk, meta, sentences, at = found
        if aspect is Aspect.BASIS:
            for i in range(at, -1, -1):
                if evidence.search(sentences[i]):
                    return _cited(meta, chunk, sentences[i], question)
                if i < at and _opens_item(sentences[i]):
                    break
            continue
        for i in range(at, min(at + NEARBY_SENTENCES, len(sentences))):
            if i > at and _opens_item(sentences[i]) and not _opens_item(sentences[at]):
                break
            if evidence.search(sentences[i]):
                return _cited(meta, chunk, sentences[i], question)
    return None


def requoted(sources: tuple[Source, ...], words: list[str], reader: Reader, question: str) -> Answer | None:
    """The last answer's own quote, when it says every one of ``words`` (谁组织的 after …参加市司法局组织的培训班):
    a predicate asked of what was just said is answered by the sentence that said it."""
    keys = [fold(w) for w in words]
    for source in sources:
        if not keys or not all(k in fold(source.quote) for k in keys):
            continue
        found = _located(source, reader)
        if found is not None:
            chunk, meta, _, _ = found
            return _cited(meta, chunk, shown(source.quote), question, quote=source.quote)
    return None


def document_basis(docs: tuple[str, ...], reader: Reader, question: str) -> Answer | None:
    """What a document says it was made under (根据《…》…制定本办法): the sentence stating it, from the first of
    ``docs`` that states one; None when none does."""
    for doc in docs:
        for chunk, meta in reader.knowledge.rows_of([doc]):
            for line in chunk.text.splitlines():
                for sentence in split_sentences(line.strip()):
                    if ENACTING_BASIS.search(sentence):
                        return _cited(meta, chunk, shown(sentence), question, quote=sentence)
    return None


def title_line(docs: tuple[str, ...], reader: Reader, question: str) -> Answer | None:
    """What the one document of ``docs`` is called: its title, cited where its text prints it."""
    metas = [reader.knowledge.docs[d] for d in docs if d in reader.knowledge.docs]
    if len(metas) != 1 or not metas[0].title:
        return None
    meta = metas[0]
    key = fold(meta.title)
    for chunk, m in reader.knowledge.rows_of([meta.doc_id]):
        line = next((x.strip() for x in chunk.text.splitlines() if key in fold(x)), None)
        if line is not None:
            number = f"（{meta.doc_number}）" if meta.doc_number else ""
            return _cited(m, chunk, f"《{meta.title}》{number}", question, quote=line)
    return None


def page_field(docs: tuple[str, ...], label: str, reader: Reader, question: str) -> Answer | None:
    """A page's 来源: the value of a field the document's page prints (发布时间:…来源:发展规划科), from
    the first of ``docs`` that prints it; None when none does."""
    for doc in docs:
        for chunk, meta in reader.knowledge.rows_of([doc]):
            for line in chunk.text.splitlines():
                value = (fields(line) or {}).get(label)
                if value:
                    return _cited(meta, chunk, f"{label}：{value}。", question, quote=line)
    return None


_COMMA = re.compile(r"(?<=[，,；;])")


def beside(sources: tuple[Source, ...], words: list[str], reader: Reader, question: str) -> Answer | None:
    """The clause of a cited sentence, beside the one quoted, that says most of the ``words`` the quote does not
    (安排经费1860万元，首期下达1200万元: 首期呢 after the 经费 was answered); None when no clause says one."""
    best: tuple[tuple[int, int], Answer] | None = None
    for source in sources:
        found = _located(source, reader)
        if found is None:
            continue
        chunk, meta, sentences, at = found
        quoted = fold(source.quote)
        new = [fold(w) for w in words if fold(w) not in quoted]
        clauses = [c for s in sentences[at : at + 1] for c in _COMMA.split(s) if c.strip()]
        last = max((i for i, c in enumerate(clauses) if fold(c).rstrip("，,；;。") in quoted), default=0)
        for i, clause in enumerate(clauses):
            plain = fold(clause)
            said = sum(w in plain for w in new)
            # among clauses saying as many of the words, the nearest after the quote (各奖励5万元 after the grade
            # it rewards, not 奖励委员会 before it)
            near = i - last if i > last else len(clauses) + last - i
            if plain not in quoted and said and (best is None or (said, -near) > best[0]):
                cited = _cited(meta, chunk, shown(clause), question, quote=clause.rstrip("，,；;"))
                best = ((said, -near), cited)
    return best[1] if best else None


# A heading that names the contacts: 联系人与联系方式, 联系方式, 联系电话, 咨询电话.
_CONTACT_SECTION = re.compile(r"联系(?:人|方式|电话)|联络人|咨询(?:电话|方式)")
# A name or a body followed by its number: 资财处:林俊斌,83325374, 行政中心:87833032.
_NAMED_NUMBER = re.compile(
    r"[\u4e00-\u9fff]{2,}\s*[:：,，]?\s*\d{3,4}-?\d{7,8}|[\u4e00-\u9fff]{2,}\s*[:：,，]?\s*\d{7,8}"
)


def _heading(section: str) -> str:
    """The innermost heading of a section path."""
    return section.split(" > ")[-1]


def document_contact(
    docs: tuple[str, ...], aspects: tuple[Aspect, ...], reader: Reader, question: str
) -> Answer | None:
    """Contacts asked of a document that states only one (联系人:钟某,电话:020-…), or one block of contact lines
    (解读人:某某; / 联系电话:…, on lines of their own, one after another): the line stating each aspect asked,
    wherever it is in the document; None when the documents state none, or contacts of several items (each
    item's is its own)."""
    if not aspects or any(a not in STATED_BY for a in aspects):
        return None
    found: dict[str, tuple[DocMeta, Chunk, int]] = {}
    for doc in docs:
        for chunk, meta in reader.knowledge.rows_of([doc]):
            for n, line in enumerate(chunk.text.splitlines()):
                for sentence in split_sentences(line.strip()):
                    if any(stated.search(sentence) for stated in STATED_BY.values()):
                        found.setdefault(sentence, (meta, chunk, n))
    # A section headed as the contacts (四、联系人与联系方式) is where the document states them: a mailbox or an
    # address written elsewhere in its text (发…邮箱, 送至…路69号) is an item's, not the contact asked.
    headed = {s: at for s, at in found.items() if _CONTACT_SECTION.search(_heading(at[1].section))}
    found = headed or found
    if not found:
        return None
    lines = sorted({(chunk.id, n) for _, chunk, n in found.values()})
    one_block = len({chunk for chunk, _ in lines}) == 1 and lines[-1][1] - lines[0][1] < len(lines)
    if len(found) > 1 and not one_block:
        return None
    said: list[str] = []
    for aspect in aspects:
        stating = [s for s in found if STATED_BY[aspect].search(s)]
        if not stating and aspect is Aspect.PERSON and headed:
            # under a contacts heading a line is a contact without its label (资财处:林俊斌,83325374)
            stating = [s for s in headed if _NAMED_NUMBER.search(s)]
        # several people in one block (资财处:… / 行政中心:…): each is a contact the staff may call
        if not stating or len(stating) > (policy.CONTACT_BLOCK_MAX_LINES if headed else 1):
            return None
        said += [s for s in stating if s not in said]
    cites = Citations()
    text = "".join(s.rstrip("。；;，,") + cites.add(found[s][0], found[s][1].section, s) + "。" for s in said)
    return Answer(question=question, answer=text, found=True, citations=cites.items)


def article_said(sources: tuple[Source, ...], reader: Reader, question: str) -> Answer | None:
    """第几条 of what the last answer quoted: the article its chunk is, from the section path."""
    for source in sources:
        found = _located(source, reader)
        if found is None:
            continue
        chunk, meta, _, _ = found
        if article := article_of(chunk):
            return _cited(meta, chunk, f"出自《{meta.title}》{article}。", question, quote=source.quote)
    return None


# 多少人次参加, 实际有多少人, 办了几场: a count asked with its measure word (人次 before 人: the longer first)
_MEASURED = re.compile(
    r"(?:多少|几)(?P<measure>人次|家次|个|家|项|次|人|名|件|份|位|篇|批|条|场|所|台|套|户|期|天)"
)
_CJK = re.compile(r"[\u4e00-\u9fff]")


def asked_measure(message: str) -> str:
    """The measure word a count question asks in (多少人次参加 → 人次); "" when it asks no count."""
    m = _MEASURED.search(fold(message))
    return m.group("measure") if m else ""


def counted(
    sources: tuple[Source, ...], measure: str, words: list[str], reader: Reader, question: str
) -> Answer | None:
    """The clause of the last answer's quote that states a count in ``measure`` (实有26人 for 实际有多少人; 40人(次)
    for 多少人次参加, a page writing the measure bracketed): what was just said holds the count the follow-up asks.
    Each word of ``words`` (the message's own subject words) must share a character with the clause (实际 with
    实有); among several such clauses the one sharing most; None when none does, or several tie."""
    if not measure:
        return None
    # 人次 written 人(次) / 人（次）: the bracket a table-like report puts around the second character
    unit = r"[(（]?".join(re.escape(c) for c in measure) + (r"[)）]?" if len(measure) > 1 else "")
    figure = re.compile(rf"\d+(?:\.\d+)?\s*(?:万|亿)?{unit}(?![\u4e00-\u9fff])")
    chars = [set(_CJK.findall(fold(w))) for w in words]
    scored: list[tuple[int, str, Source]] = []
    for source in sources:
        spans = [m.span() for m in re.finditer(r"[^，,；;。]+", source.quote) if m.group().strip()]
        for i, (start, end) in enumerate(spans):
            clause = source.quote[start:end]
            if not figure.search(fold(clause)):
                continue
            plain = set(_CJK.findall(fold(clause)))
            if any(not (c & plain) for c in chars):
                continue
            if len(plain - set(measure)) < 2 and i > 0:
                start = spans[i - 1][0]  # 40人(次) says whose with the clause before it
            scored.append((sum(len(c & plain) for c in chars), source.quote[start:end].strip(), source))
    if not scored:
        return None
    scored.sort(key=lambda s: -s[0])
    if len(scored) > 1 and scored[0][0] == scored[1][0]:
        return None
    _, quote, source = scored[0]
    located = _located(source, reader)
    if located is None:
        return None
    chunk, meta, _, _ = located
    return _cited(meta, chunk, shown(quote), question, quote=quote)
