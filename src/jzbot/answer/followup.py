"""A message read against the conversation: which slots it fills, which it inherits, what it points back at.

Whether a message is a follow-up is decided by what it lacks, never by its length or first character:
- it asks for more of the last answer (详细说说, 第二条 of a listed answer, 还有呢) → the answer's evidence widened;
- it points at a document (它, 这个文件, 那份通知, 上面说的第一部法律, 他们) → a question about that document;
- it names a topic and asks something of it → a question of its own, answered within the conversation's
  documents when they hold complete evidence for it, else afresh;
- otherwise it lacks a topic or a question, and the last frame completes it: slots it names replace the
  last frame's (a year, a place, a document, a topic word sharing its head, an aspect such as the rank),
  slots it omits are inherited, and the documents the last answer cited are searched first.

``holds`` is the honest end of the thread: a follow-up whose inherited frame the answer does not state (the
indicator, the year, the rank asked) is refused for that frame, never answered with a nearby sentence.
"""

from __future__ import annotations

import re

from jzbot.answer import policy
from jzbot.answer.editions import edition_year, families
from jzbot.answer.evidence import year_ok
from jzbot.answer.frame import (
    AMOUNT,
    ASKS_ITSELF,
    CONTACT_ASPECTS,
    DOCUMENT_ASPECTS,
    DOCUMENT_NOUNS,
    EDITION_CUE,
    FIGURE_ASPECTS,
    JOINS,
    REGISTRY_ASPECTS,
    STATED_BY,
    Aspect,
    Frame,
    Piece,
    Reader,
    Refer,
    Relation,
    Slot,
    amount_like,
    asks,
    aspect_row,
    body_level,
    complete,
    frame_relative,
    has,
    has_topic,
    level_swapped,
    noun_phrases,
    read,
    year_of,
)
from jzbot.answer.terms import coverage, terms_of
from jzbot.answer.thread import Said, Thread, Turn
from jzbot.models import Answer, Citation, Refusal
from jzbot.registry.docno import find_docnos
from jzbot.text import fold, match_key, split_clauses, split_sentences
from jzbot.text.patterns import ASKS_BASIS, GRADE

QUOTE_KEY_CHARS = 24  # a quote's opening is enough to find its chunk again (quotes may span lines)
HOLD_COVERAGE = 0.5  # share of an inherited indicator's weight the answer must state (as for any answer span)
# 二等奖/三等奖, 先进集体/先进工作者: a follow-up's topic word replaces the last one's sharing this many characters
MIN_SHARED_AFFIX = 2
# A phone number or a mailbox is stated by its digits or its @ (a person may be named with no 联系人 label).
STATED_CONTACTS = frozenset({Aspect.PHONE, Aspect.EMAIL})
_COMPARED_WITH = re.compile(r"(?:比|较)(?:上一?年度?|去年|前一年)")
_TITLES = re.compile(r"《([^《》]+)》")
_MARKER = re.compile(r"\[\d+\]")
_LIST_ITEM = re.compile(r"^\s*(\d+)[.．、]\s*(.+)$", re.MULTILINE)
_DOC_NOUN_AT_END = re.compile(rf"(?:{DOCUMENT_NOUNS})$")
_DOC_NOUN = re.compile(rf"(?:{DOCUMENT_NOUNS})")
_COUNT_ASK = re.compile(r"^(?:是|有|为)?(?:多少|几)")
# Words naming what a figure measures of its subject (入库数量, 经费规模): no part of who did it or how.
MEASURES = frozenset(
    {"数量", "数目", "个数", "总数", "总量", "金额", "数额", "规模", "比例", "比重", "增速", "增幅"}
)


# -- what the conversation is about ---------------------------------------------------------------
def cited(said: Said, reader: Reader) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The documents and chunks an answer cited, in citation order, within the reader's view. A source is known
    by its title and 文号, and among documents of one title by the chunk that holds its quote."""
    docs: list[str] = []
    chunks: list[str] = []
    for s in said.sources:
        key = fold(s.quote)[:QUOTE_KEY_CHARS]
        candidates = [
            d
            for d, m in reader.knowledge.docs.items()
            if m.title == s.title and (not s.doc_number or m.doc_number in (None, s.doc_number))
        ]
        found = next(
            (
                (d, c.id)
                for d in candidates
                for c, _ in reader.knowledge.rows_of([d])
                if key and key in fold(c.text)
            ),
            None,
        )
        doc, chunk = found if found else ((candidates[0], None) if candidates else (None, None))
        if doc is not None and doc not in docs:
            docs.append(doc)
        if chunk is not None and chunk not in chunks:
            chunks.append(chunk)
    return tuple(docs), tuple(chunks)


def _focus(last: Turn, reader: Reader) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The documents the conversation is about: those the last answer cited, else those its question was about
    (searched within, or the one document its place or title picked: 北京市…公示 refused still names its notice)."""
    docs, chunks = cited(last.said, reader)
    if docs:
        return docs, chunks
    if last.frame.docs:
        return last.frame.docs, ()
    picked = _picked(last.frame.pieces, reader)
    return (tuple(picked), ()) if len(picked) == 1 else ((), ())


def items(said: Said) -> list[str]:
    """The numbered items of a listed answer (1. …[1]), in order."""
    return [m.group(2) for m in _LIST_ITEM.finditer(said.text)]


def _listed(thread: Thread) -> Turn | None:
    """The turn whose listed answer an ordinal points into: the last one, or the one a widening widened."""
    for turn in reversed(thread.turns):
        if len(items(turn.said)) >= 2:
            return turn
        if turn.frame.relation is not Relation.WIDEN:
            return None
    return None


# -- resolving --------------------------------------------------------------------------------------
def resolve(thread: Thread, message: str, reader: Reader) -> Frame:
    """The message as a frame, completed from the conversation where it lacks what a question needs."""
    frame = _resolve(thread, message, reader)
    pieces = read(message, reader)
    if frame.relation is Relation.FRESH and thread.last is not None and not frame.docs:
        # 新版里自然科学基金由谁设立: a question of its own, but asked of an edition of the conversation's document
        docs = _focus(thread.last, reader)[0]
        cued = any(p.slot is Slot.FILLER and EDITION_CUE.search(p.text) for p in pieces)
        if (
            cued
            and not _picked(pieces, reader)
            and any(d in f for d in docs for f in families(reader.knowledge))
        ):
            frame = Frame(pieces=pieces, relation=Relation.FOCUSED, docs=docs, year=frame.year)
    return _in_edition(frame, pieces, reader) if frame.relation is not Relation.FRESH else frame


def _resolve(thread: Thread, message: str, reader: Reader) -> Frame:
    pieces = read(message, reader)
    year = year_of(pieces, reader.today, None)
    last = thread.last
    if last is None:
        return Frame(pieces=pieces, year=year)
    docs, chunks = _focus(last, reader)
    # the conversation's documents are those its last answer cited, not a guess from a refused question's words
    sure = bool(last.said.sources) and bool(docs)
    # ... and the staff named whose they are (临沂那个通知): a question naming no place of its own stays with them
    named = sure and any(p.slot in (Slot.PLACE, Slot.DOC) for t in thread.turns for p in t.frame.pieces)
    ordinal = next((p.ordinal for p in pieces if p.slot is Slot.ORDINAL), None)
    listed = _listed(thread)
    if (nth := _nth_document(pieces, thread)) is not None:
        return _reference(thread, nth, reader, docs)
    # 第二条是怎么规定的: an article of the conversation's document, the word 规定 naming no topic of its own
    article = any(p.slot is Slot.ORDINAL and p.text.endswith(("条", "款")) for p in pieces) and bool(docs)
    untopical = not has_topic(
        [p for p in pieces if not (p.slot is Slot.TOPIC and _DOC_NOUN.fullmatch(p.text))]
    )
    # 第一个呢 after 第三个问题具体是什么: stepping through the points an ordinal widened into
    stepping = last.frame.relation is Relation.WIDEN and has(last.frame.pieces, Slot.ORDINAL)
    if has(pieces, Slot.WIDEN) or (ordinal and untopical and (listed is not None or article or stepping)):
        return Frame(pieces=pieces, relation=Relation.WIDEN, docs=docs, chunks=chunks, year=last.frame.year)
    if any(p.refer is Refer.DOCUMENT for p in pieces):
        return _reference(thread, pieces, reader, docs)
    if docs and ASKS_BASIS.match(fold(message).strip()):
        # 依据的认定管理办法文号是多少: what the conversation's document was based on, though it names a kind of
        # document (a 办法) of its own: asked of that document, never of another that shares the kind's name
        ref = Piece(slot=Slot.REFER, text="", refer=Refer.DOCUMENT)
        return _reference(thread, (ref, *pieces), reader, docs)
    if _of_the_document(pieces, ITSELF) and not has(last.frame.pieces, Slot.DOC):
        # 还作数吗, 签发日期呢 with no document named so far: asked of the document the answers cited
        return _reference(
            thread, (Piece(slot=Slot.REFER, text="", refer=Refer.DOCUMENT), *pieces), reader, docs
        )
    if (another := _another_listed(pieces, last.frame)) is not None:
        return another
    predicate = (
        asks(pieces)
        and _content(list(pieces))
        and not any(p.aspect for p in pieces)
        and not has(last.frame.pieces, Slot.DOC)  # a document the conversation named is inherited instead
    )
    if (complete(pieces) or predicate) and not any(p.refer is Refer.CONTENT for p in pieces):
        # A question of its own, or a predicate asked of the conversation's documents (第二批拨了多少): as typed,
        # within those documents when they hold complete evidence for it.
        # 局里, 市科技局 after a question about a city bureau's notice: that notice's own body, as a pronoun would be
        generic = bool(docs) and _own_body(pieces, docs, reader)
        own = set() if generic else _picked(pieces, reader)
        if (
            docs
            and not (own and not own & set(docs))
            and not names_another(pieces, last.frame)
            and reader.holds
        ):
            text = Frame(pieces=pieces).text
            if reader.holds(text, frozenset(docs)):
                if (attribute := _attribute(last.frame, pieces, reader, docs, chunks)) is not None:
                    return attribute
                return Frame(pieces=pieces, relation=Relation.FOCUSED, docs=docs, chunks=chunks, year=year)
        if complete(pieces) and named and (_unplaced(pieces, years=False) or generic):
            # 申报截止到哪天 after a question about one notice: asked of that notice (which may not say it),
            # never answered from another body's notice that happens to
            return Frame(
                pieces=pieces, relation=Relation.FOCUSED, docs=docs, chunks=chunks, year=year, confined=True
            )
        if complete(pieces):
            return Frame(pieces=pieces, year=year)
    return _follow_up(last.frame, pieces, reader, docs, chunks, sure, named)


_OLDER_EDITION = re.compile(r"老|旧|原|前")  # 老版, 修订前: the edition before the conversation's


def _in_edition(frame: Frame, pieces: tuple[Piece, ...], reader: Reader) -> Frame:
    """2010年那版呢, 老版呢, 新版里…, 2024年修订后的呢: the conversation's document in another edition of its series
    (the same regulation as amended, of the same place), named with an edition word: the edition of the year the
    message names, else the one before (老版, 修订前) or the newest (新版, 修订后).
    The year then said which edition, not when: it leaves the frame, so the year checks do not refuse the older
    edition's own dates."""
    if not frame.docs:
        return frame
    cue = "".join(p.text for p in pieces if p.slot is Slot.FILLER and EDITION_CUE.search(p.text))
    said = frame.year if has(pieces, Slot.YEAR) else None
    if not cue:
        # 那2021年呢 with no edition word asks another year of the same document (refused when it does not say
        # it), never another body's report of that year that shares the series
        return frame
    known = reader.knowledge.docs
    out: list[str] = []
    for doc in frame.docs:
        family = next((f for f in families(reader.knowledge) if doc in f), None)
        # an edition is the same place's document (上海's and 北京's 技术市场条例 share a series, not an edition)
        place = known[doc].place if doc in known else ""
        years = {d: edition_year(known[d]) for d in family or () if d in known and known[d].place == place}
        here = years.get(doc, 0)
        if said is not None:
            picked = [d for d, y in years.items() if y == said]
        elif cue and _OLDER_EDITION.search(cue):
            picked = sorted((d for d, y in years.items() if y < here), key=years.__getitem__)[-1:]
        elif cue:
            newest = max(years, key=years.__getitem__, default=doc)
            picked = [newest] if years.get(newest, 0) > here else []
        else:
            picked = []
        out += picked or [doc]
    if tuple(out) == frame.docs:
        return frame
    edition_years = {
        edition_year(reader.knowledge.docs[d]) for d in (*frame.docs, *out) if d in reader.knowledge.docs
    }
    kept = tuple(
        p
        for p in frame.pieces
        if not (p.slot is Slot.YEAR and year_of((p,), reader.today, None) in edition_years)
    )
    return frame.model_copy(
        update={
            "docs": tuple(dict.fromkeys(out)),
            "chunks": (),
            "pieces": kept,
            "year": None,
            "confined": False,
        }
    )


def _unplaced(pieces: tuple[Piece, ...], years: bool = True) -> bool:
    """The message names no place, body, document (or, with ``years``, year) of its own: whose it is, the
    conversation says. A year alone (那2022年度认定了多少家) changes when, not whose."""
    slots = (Slot.PLACE, Slot.DOC, Slot.YEAR) if years else (Slot.PLACE, Slot.DOC)
    return not any(p.slot in slots for p in pieces)


def same_places(cited: set[str], focus: tuple[str, ...], reader: Reader) -> bool:
    """The cited documents are of the place the conversation's documents are of (a place unknown on either
    side never excludes; 郑州市金水区 is of 郑州市)."""
    known = reader.knowledge.docs
    places = {known[d].place for d in focus if d in known}
    if not places or "" in places:
        return True
    for d in cited:
        place = known[d].place if d in known else ""
        if place and not any(place in p or p in place for p in places):
            return False
    return True


def _nth_document(pieces: tuple[Piece, ...], thread: Thread) -> tuple[Piece, ...] | None:
    """第二个还有效吗, 第一个文件的文号: an ordinal asking of a document, when an answer of the conversation
    named that many documents, points at the n-th of them (the ordinal becomes the reference)."""
    ordinal = next((p for p in pieces if p.slot is Slot.ORDINAL and p.ordinal), None)
    if ordinal is None or any(p.refer is not None for p in pieces):
        return None
    rest = tuple(
        p for p in pieces if p is not ordinal and not (p.slot is Slot.TOPIC and _DOC_NOUN.fullmatch(p.text))
    )
    listing = max((len(named_documents(t.said.text)) for t in thread.turns), default=0)
    if not _of_the_document(rest, ITSELF) or listing < (ordinal.ordinal or 0):
        return None
    noun = "".join(p.text for p in pieces if p.slot is Slot.TOPIC and _DOC_NOUN.fullmatch(p.text))
    ref = Piece(slot=Slot.REFER, text=ordinal.text + noun, refer=Refer.DOCUMENT, ordinal=ordinal.ordinal)
    return (ref, *rest)


def _attribute(
    prev: Frame, pieces: tuple[Piece, ...], reader: Reader, docs: tuple[str, ...], chunks: tuple[str, ...]
) -> Frame | None:
    """奖金多少 after 一等奖有几项: a noun the last question lacked, asked alone, is asked of the last topic when
    the conversation's documents answer the two together (else it is a question of its own there)."""
    if any(p.slot in (Slot.YEAR, Slot.PLACE, Slot.DOC, Slot.ORDINAL) for p in pieces) or not prev.indicator:
        return None
    named = [p for p in pieces if p.slot is Slot.TOPIC and p.subject]
    if len(named) != 1 or named[0].text in prev.text or prev.relation is Relation.WIDEN:
        return None
    if _own_object(pieces) or any(p.slot is Slot.TOPIC and p.pos[:1] == "v" for p in pieces):
        return None  # 编制印发了什么指南: a predicate of its own, not a noun asked of the last topic
    if any(p.slot is Slot.ASPECT for p in pieces):
        return None  # 研发经费增速多少: an indicator with its own aspect, not an attribute of the last one
    if _clauses_saying(named[0].text, docs, reader) < policy.FOLLOWUP_AMBIGUOUS_CLAUSES:
        return None  # said once in the documents: the message alone is not ambiguous there
    kept = [p for p in prev.pieces if p.slot not in (Slot.ASK, Slot.ASPECT, Slot.FILLER, Slot.REFER)]
    while kept and kept[-1].slot is Slot.TOPIC and not (kept[-1].subject or kept[-1].level):
        kept.pop()  # 有 of 一等奖有几项: the last question's predicate goes with its question words
    asked = [p for p in pieces if p.slot is not Slot.FILLER]
    out = (*kept, *asked)
    if reader.holds is None or not reader.holds(Frame(pieces=out).text, frozenset(docs)):
        return None
    return Frame(
        pieces=out,
        relation=Relation.FOLLOW_UP,
        docs=docs,
        chunks=chunks,
        year=prev.year,
        changed=(Slot.TOPIC, Slot.ASK),
        own=named[0].text,
    )


def _clauses_saying(word: str, docs: tuple[str, ...], reader: Reader) -> int:
    """How many clauses of ``docs`` say ``word`` (奖金: once for each grade of an award)."""
    key = fold(word)
    return sum(
        key in fold(clause)
        for chunk, _ in reader.knowledge.rows_of(list(docs))
        for sentence in split_sentences(chunk.text)
        for clause in split_clauses(sentence)
    )


# What the 文号 registry lists documents by (废止了哪些文件): a follow-up asking which else was so done asks it.
LIST_ACTIONS = frozenset({"废止", "废除", "制定", "出台", "修订"})
_WHICH_ASK = re.compile(r"哪|什么|啥")


def _another_listed(pieces: tuple[Piece, ...], prev: Frame) -> Frame | None:
    """还废除了哪一个 after a document's status: which documents were so done, of the conversation's year and
    place, as the 文号 registry lists them (the one already said among them)."""
    verbs = [p for p in pieces if p.slot is Slot.TOPIC and p.text in LIST_ACTIONS]
    which = [p for p in pieces if p.slot is Slot.ASK and _WHICH_ASK.search(p.text)]
    if not verbs or not which or has_topic(pieces) or has(pieces, Slot.DOC):
        return None
    kept = [p for p in prev.pieces if p.slot in (Slot.YEAR, Slot.PLACE)]
    asked = [*verbs, Piece(slot=Slot.TOPIC, text="了"), Piece(slot=Slot.ASK, text="哪些文件")]
    return Frame(pieces=(*kept, *asked), relation=Relation.FOLLOW_UP, year=prev.year, changed=(Slot.ASK,))


def names_another(pieces: tuple[Piece, ...], prev: Frame) -> bool:
    """The message names a place, body or document the last question did not (全市 after 全省): its own subject."""
    said = {p.text for p in prev.pieces if p.slot in (Slot.PLACE, Slot.DOC)}
    return any(p.slot in (Slot.PLACE, Slot.DOC) and p.text not in said for p in pieces)


def _reference(thread: Thread, pieces: tuple[Piece, ...], reader: Reader, focus: tuple[str, ...]) -> Frame:
    """它 / 这个文件 / 上面说的第一部法律: the question asked of the document the conversation points at. The
    document is searched within; its 文号 is written into the question only when the question is about the
    document itself (is it in force), where the 文号 registry answers."""
    last = thread.last
    assert last is not None
    ref = next(p for p in pieces if p.refer is Refer.DOCUMENT)
    noun = m.group(0) if (m := _DOC_NOUN_AT_END.search(ref.text)) else ""
    name, number, docs = _referent(thread, ref, noun, reader, focus)
    aspect = next((p.aspect for p in pieces if p.aspect is not None), None)
    own = [p for p in pieces if p.refer is None and p.slot not in (Slot.FILLER, Slot.ASPECT, Slot.ASK)]
    # Asked about itself (in force? who issued it, when the corpus only mentions it): the 文号 registry answers.
    about_itself = (
        aspect in (Aspect.STATUS, Aspect.TITLE)
        or (aspect in REGISTRY_ASPECTS and not docs)
        or (not has_topic(own) and not asks(pieces))
    )
    out: list[Piece] = []
    if any(p.refer is Refer.CONTENT for p in pieces):
        # 这是它第几条: the last question's topic, asked of that document
        out += [p for p in last.frame.pieces if p.slot is Slot.TOPIC and (p.subject or p.level or p.amount)]
    shown: list[str] = []
    for p in pieces:
        if p.refer is Refer.DOCUMENT:
            if number and about_itself:
                out.append(Piece(slot=Slot.DOC, text=number))
            elif aspect is Aspect.TITLE and (
                titled := _title_of(docs, reader)
            ):  # no 文号: named by its title
                out.append(Piece(slot=Slot.DOC, text=f"《{titled}》"))
                shown.append(f"《{titled}》")
                continue
            elif aspect is Aspect.DOCNO:  # its 文号 is found by its title, as the 文号 registry knows it
                titled = _title_of(docs, reader) or (name[1:-1] if name.startswith("《") else "")
                out.append(Piece(slot=Slot.DOC, text=f"《{titled}》") if titled else p)
                shown.append(f"《{titled}》" if titled else p.text)
                continue
            elif noun and aspect is None and not has_topic(own) and _in_titles(noun, docs, reader):
                # 这个公示哪天截止: the kind its own title gives it (…拟立项项目公示) is kept as a word
                out.append(Piece(slot=Slot.TOPIC, text=noun, pos="n"))
            shown.append(name or p.text)
            continue
        if p.refer is Refer.CONTENT:
            continue
        if p.slot is Slot.ASPECT and p.aspect is not None:
            said = [p] if _asks_itself(p, pieces) and not aspect_row(p.aspect).canonical else _said(p, reader)
            shown.append("".join(x.text for x in said))
            if not (number and about_itself and p.aspect is Aspect.ISSUER):  # the registry names the issuer
                out += said
            continue
        canonical = any(x.aspect and aspect_row(x.aspect).canonical for x in pieces)
        if canonical and (p.slot in (Slot.ASK, Slot.FILLER) or p.text == "是"):
            continue  # 还有效吗, 是发给谁的: the canonical wording (主送机关是什么) asks by itself
        out.append(p)
        shown.append(p.text)
    while out and out[0].slot is Slot.TOPIC and out[0].text in ("的", "对", "里", "中", "是"):
        out = out[1:]  # 他们的普法宣讲 → 普法宣讲 once 他们 is the document searched within
    return Frame(
        pieces=tuple(out),
        relation=Relation.REFERENCE,
        docs=tuple(sorted(docs)) if docs else focus,
        year=year_of(pieces, reader.today, None),
        shown_as="".join(shown),
    )


def _asks_itself(aspect: Piece, pieces: tuple[Piece, ...] | list[Piece]) -> bool:
    """An aspect followed by its own question words (电话号码是多少), or itself a question (排第几, 还作数吗)."""
    after = pieces[pieces.index(aspect) + 1 :]
    return any(p.slot is Slot.ASK for p in after) or bool(ASKS_ITSELF.search(aspect.text))


def _said(aspect: Piece, reader: Reader) -> list[Piece]:
    """An aspect as the rules know it: its canonical wording, or its name with question words when it has none
    (its plain wording when the documents never use the message's word)."""
    row = aspect_row(aspect.aspect) if aspect.aspect else None
    if row is None:
        return [aspect]
    if row.canonical:
        return [aspect.model_copy(update={"text": row.canonical})]
    if row.plain is not None and not reader.knowledge.in_corpus(aspect.text):
        aspect = aspect.model_copy(update={"text": row.plain})
    return [aspect, Piece(slot=Slot.ASK, text=row.ask)] if row.ask else [aspect]


def _title_of(docs: frozenset[str], reader: Reader) -> str:
    """The title of the one document ``docs`` hold, when the metadata read a title for it."""
    titles = {reader.knowledge.docs[d].title for d in docs if d in reader.knowledge.docs}
    title = titles.pop() if len(titles) == 1 else ""
    return title if len(title) >= MIN_TITLE_CHARS else ""


def _in_titles(word: str, docs: frozenset[str], reader: Reader) -> bool:
    known = reader.knowledge.docs
    return any(word in known[d].title + known[d].source for d in docs if d in known)


# How titles of a kind end: a 法律 is titled …法, a 法规 …条例 or …规定.
_TITLE_ENDINGS = {"法律": ("法",), "法规": ("法", "条例", "规定", "办法", "细则"), "文件": (), "文": ()}


def _titled(title: str, noun: str) -> bool:
    """The title names a document of the kind ``noun`` says (第一部法律 → a title ending in 法)."""
    if not noun:
        return True
    endings = _TITLE_ENDINGS.get(noun, (noun,))
    return not endings or title.endswith(endings) or (noun not in _TITLE_ENDINGS and noun in title)


def _display(meta_title: str, source: str) -> str:
    """A document as a question names it: 《its title》, or its file's name when no title was read."""
    title = meta_title if len(meta_title) >= MIN_TITLE_CHARS else source.rsplit(".", 1)[0]
    return f"《{title}》"


MIN_TITLE_CHARS = 4  # a shorter "title" is a stray line the metadata reader took (、)
_OPENING = re.compile(
    r"\s*(?:[(（]|[，,]?的?(?:文号|发文字号)(?:是|为)?[:：]?)\s*"
)  # 《title》(焦科〔2020〕6号): a 文号 in brackets right after a title is its


def named_documents(text: str) -> list[tuple[str, str]]:
    """The documents an answer names, in order, as (title or "", 文号 or ""): each 《title》 with the 文号
    written right after it, and each 文号 named alone."""
    text = _MARKER.sub("", text)
    numbers = find_docnos(text)
    out: list[tuple[str, str]] = []
    used: set[int] = set()
    events = sorted(
        [(m.start(), m.end(), m.group(1)) for m in _TITLES.finditer(text)]
        + [(d.start, d.end, "") for d in numbers]
    )
    for start, end, title in events:
        if title:
            number = next(
                (d for d in numbers if _OPENING.fullmatch(text[end : d.start]) and d.start not in used),
                None,
            )
            if number is not None:
                used.add(number.start)
            out.append((title, number.key if number is not None else ""))
        elif start not in used and not any(s < start < e for s, e, t in events if t):
            used.add(start)
            out.append(("", next(d.key for d in numbers if d.start == start)))
    return out


def _referent(
    thread: Thread, ref: Piece, noun: str, reader: Reader, focus: tuple[str, ...]
) -> tuple[str, str, frozenset[str]]:
    """(how the question names the document, its 文号 or "", its documents in the view)."""
    last = thread.last
    assert last is not None
    if ref.ordinal:  # 上面说的第一部法律: the n-th such title the last answers name, most recent first
        for turn in reversed(thread.turns):
            fitting = [(t, n) for t, n in named_documents(turn.said.text) if _titled(t, noun)]
            if len(fitting) >= ref.ordinal:
                title, number = fitting[ref.ordinal - 1]
                docs = reader.docs_named(number or title)
                number = number or next((reader.knowledge.docs[d].doc_number or "" for d in docs), "")
                return (f"《{title}》" if title else number), number, docs
    candidates: list[tuple[str, str, frozenset[str]]] = []
    # A 文号 a question named that has no file of its own was answered from a document mentioning it: while the
    # conversation keeps citing that document, the number is what it talks about (焦科〔2023〕2号, via the report).
    stands_for: dict[str, str] = {}
    for turn in thread.turns:
        numbers = [p.text for p in turn.frame.pieces if p.slot is Slot.DOC and find_docnos(p.text)]
        unfiled = [n for n in numbers if not reader.docs_named(n)]
        for d in cited(turn.said, reader)[0] if len(unfiled) == 1 else ():
            stands_for[d] = unfiled[0]
    for turn in reversed(thread.turns):  # the documents named or cited, most recent first
        for p in turn.frame.pieces:  # a document a question named (某某〔2023〕9号讲的什么 → 它)
            if p.slot is Slot.DOC:
                number = p.text if find_docnos(p.text) else ""
                candidates.append((p.text, number, reader.docs_named(p.text.strip("《》"))))
        named = focus if turn is last else cited(turn.said, reader)[0]
        if not named and len(picked := _picked(turn.frame.pieces, reader)) == 1:
            named = tuple(picked)  # nothing cited (the question was refused): the one document it named
        for d in named:
            meta = reader.knowledge.docs.get(d)
            if d in stands_for and turn.frame.relation is not Relation.FRESH:
                candidates.append((stands_for[d], stands_for[d], frozenset()))
            if meta is not None:
                name = meta.doc_number or _display(meta.title, meta.source)
                candidates.append((name, meta.doc_number or "", frozenset({d})))
    for name, number, docs in candidates:
        titles = [reader.knowledge.docs[d].title + reader.knowledge.docs[d].source for d in docs] or [name]
        if not noun or noun in ("文件", "文") or any(noun in t for t in titles):
            return name, number, docs
    return candidates[0] if candidates else ("", "", frozenset(focus))


# Asked of a document as a whole; a basis may also be an answer's own (the law its item's lead invokes).
ITSELF = DOCUMENT_ASPECTS - {Aspect.BASIS}


def _of_the_document(pieces: tuple[Piece, ...], aspects: frozenset[Aspect] = DOCUMENT_ASPECTS) -> bool:
    """The message asks only of a document (its 文号, date, status, basis), naming none and no topic."""
    aspect = next((p.aspect for p in pieces if p.aspect is not None), None)
    return aspect in aspects and not has_topic(pieces) and not has(pieces, Slot.DOC)


def _follow_up(
    prev: Frame,
    pieces: tuple[Piece, ...],
    reader: Reader,
    docs: tuple[str, ...],
    chunks: tuple[str, ...],
    sure: bool = False,
    named: bool = False,
) -> Frame:
    """Slots the message names replace the last frame's; slots it omits are inherited. A message asking only
    of the document (its 文号, date, status, basis) keeps the document and leaves the topic behind."""
    # an inherited aspect in its canonical wording (是哪天发布 → 发布日期是哪一天), as every rule knows it
    out = [_canonical(p) for p in prev.pieces if p.slot not in (Slot.FILLER, Slot.REFER)]
    of_document = _of_the_document(pieces) or (
        any(p.aspect in DOCUMENT_ASPECTS for p in pieces) and not has_topic(pieces)
    )
    if of_document:
        out = [p for p in out if p.slot in (Slot.DOC, Slot.PLACE)]
        if any(p.aspect in (Aspect.STATUS, Aspect.TITLE) for p in pieces):
            out = [_by_number(p, reader) for p in out]  # whether it is in force: the 文号 registry's key
        if _only_mentioned(out, reader) and any(p.aspect in REGISTRY_ASPECTS for p in pieces):
            # 焦科〔2023〕2号 is no indexed file: the 文号 registry says who issued it and whether it is in force
            return Frame(pieces=tuple(out), relation=Relation.FOLLOW_UP, docs=docs, changed=(Slot.ASK,))
    changed: list[Slot] = []
    for slot in (Slot.YEAR, Slot.PLACE, Slot.DOC, Slot.ORDINAL):
        new = [p for p in pieces if p.slot is slot]
        if new:
            out = _replace_slot(out, slot, new)
            changed.append(slot)
    counterpart = _counterpart(prev, pieces, reader) if Slot.PLACE in changed else None
    if counterpart is not None:
        # the new place is said within the document's name (北京市技术市场条例), not as a scope of its own
        out = [counterpart[0] if p.slot is Slot.DOC else p for p in out]
        if prev.of(Slot.PLACE) == []:
            out = [p for p in out if p.slot is not Slot.PLACE]
    topic = [p for p in pieces if p.slot is Slot.TOPIC]
    wholesale = False
    own = ""
    if has_topic(pieces):
        out, wholesale = _substitute(out, topic)
        changed.append(Slot.TOPIC)
        # the words the message brought that the last question did not have: what sets the new topic apart
        own = "".join(p.text for p in topic if (p.subject or p.level or p.amount) and p.text not in prev.text)
        if wholesale and not asks(pieces):
            # 科特派呢 after 全县高企总数到多少了: the total was the old indicator's (a document rarely states one
            # for each); the new one is asked its figure, as the honest check asks of a changed topic
            out = [p for p in out if p.aspect is not Aspect.TOTAL]
            out += [] if has(out, Slot.ASK) else [Piece(slot=Slot.ASK, text="多少")]
    elif _content(topic) and not asks(pieces):  # 改成委托实施的呢: a predicate in place of the last one's
        out, wholesale = _topic_replaced(out, _trimmed(topic)), True
        changed.append(Slot.TOPIC)
    if asks(pieces):
        out = _ask_replaced(out, pieces, reader)
        changed.append(Slot.ASK)
        if not _counts(pieces):  # 这件事由哪个科室牵头, after a count and its growth: the work, not the count
            out = [p for p in out if not (p.slot is Slot.TOPIC and p.text in MEASURES)]
    elif wholesale:
        out = [_countless(p) if p.slot is Slot.ASK else p for p in out]
    year = year_of(pieces, reader.today, prev.year) if Slot.YEAR in changed else prev.year
    if Slot.YEAR in changed:
        # 前一年 means a year before the frame's: written as that year (去年 stays, the engine reads it)
        said = f"{year}年"
        out = [p.model_copy(update={"text": said}) if frame_relative(p) and year else p for p in out]
    focus, read_first, confined = docs, chunks, False
    if Slot.PLACE in changed or Slot.DOC in changed or Slot.YEAR in changed:
        read_first = ()
        picked = _picked(pieces, reader)
        if sure and picked and set(focus) <= picked and Slot.YEAR not in changed:
            pass  # 市科技局 after a question about a 市科技局's notice: that notice is still the one asked of
        elif sure and not picked and Slot.YEAR not in changed and _said_in(pieces, focus, reader):
            pass  # 全县 after a question about a county's report that says 全县 itself
        elif sure and Slot.YEAR not in changed and _own_body(pieces, focus, reader):
            pass  # 市科技局, 省厅 after a question about a city's or a province's notice: its own issuer
        elif picked:
            focus = tuple(sorted(picked))
        elif (
            not of_document
            and (Slot.DOC in changed or Slot.PLACE in changed)
            and not _still_holds(out, focus, reader)
        ):
            focus = ()  # 全省的呢: another place, which the conversation's documents do not answer for
        if Slot.YEAR in changed and focus and year and not _covers(focus, year, reader):
            if named and _unplaced(pieces, years=False):
                # 那2022年度认定了多少家 in a conversation about 青浦区's 2023 notice: another year of the same
                # place's documents, never another place's that happens to count something in that year
                confined = True
            else:
                focus = ()
        if counterpart is not None:
            focus, confined = counterpart[1], False
    elif Slot.TOPIC in changed and focus and not _still_holds(out, focus, reader):
        # 科小呢 after 高企, in a conversation about a document the staff named: asked of the documents the last
        # answer cited first, another document of their place answering when they do not; otherwise (法治政府建设
        # 的年度报告呢 after the 信息公开 one) another document's topic, asked of all
        confined = named
        focus, read_first = (focus if named else ()), ()
    return Frame(
        pieces=tuple(out),
        relation=Relation.FOLLOW_UP,
        docs=focus,
        chunks=read_first,
        year=year,
        changed=tuple(changed),
        own=own,
        confined=confined,
    )


# 上海市技术市场条例: a document named with its place first (the place, then what it is)
_PLACED_NAME = re.compile(
    r"^(?P<place>[\u4e00-\u9fff]{2,4}?(?:省|市|自治区|区|县))(?P<rest>[\u4e00-\u9fff]{4,})$"
)


def _counterpart(
    prev: Frame, pieces: tuple[Piece, ...], reader: Reader
) -> tuple[Piece, tuple[str, ...]] | None:
    """那北京的呢 after a question about 上海市技术市场条例: the document of the same name for the place the message
    names (北京市技术市场条例; 北京市专利保护和促进条例 for 北京的专利条例呢 after 上海市专利保护条例), when exactly
    one document of that place shares at least ``policy.COUNTERPART_SHARE`` of the name's characters, more than any
    other: another place's regulation on the same subject. None otherwise (the frame's place is replaced as usual)."""
    place = next((p.text for p in pieces if p.slot is Slot.PLACE), None)
    old = next((p for p in prev.pieces if p.slot is Slot.DOC), None)
    m = _PLACED_NAME.match(old.text.strip("《》")) if old is not None else None
    if place is None or m is None or m["place"].startswith(place) or place.startswith(m["place"]):
        return None
    rest = m["rest"]
    named = [p.text.strip("《》") for p in pieces if p.slot is Slot.DOC]
    if any(not set(n) <= set(rest) for n in named):
        return None  # 北京的科普条例呢: another subject named, not this one's counterpart
    scored: dict[float, set[str]] = {}
    for doc in reader.place_docs(place):
        meta = reader.knowledge.docs.get(doc)
        if meta is None or rest[-2:] not in meta.title:
            continue  # another kind of document (a notice about the 条例)
        share = len(set(rest) & set(meta.title)) / len(set(rest))
        scored.setdefault(share, set()).add(doc)
    best = max(scored, default=0.0)
    found = scored.get(best, set())
    series = {reader.knowledge.docs[d].series for d in found}
    if best < policy.COUNTERPART_SHARE or len(series) != 1:
        return None
    said = place + m["place"][-1] if not place.endswith(m["place"][-1]) else place
    return old.model_copy(update={"text": said + rest}), tuple(sorted(found))  # type: ignore[union-attr]


def _own_body(pieces: tuple[Piece, ...], docs: tuple[str, ...], reader: Reader) -> bool:
    """Every place word of the message is a generic body word (市科技局, 省厅) of the level ``docs`` are of: it
    names their issuer, as a pronoun would (省厅 after a city's notice names another body)."""
    known = reader.knowledge.docs
    levels = {known[d].level for d in docs if d in known}
    words = [body_level(p.text) for p in pieces if p.slot is Slot.PLACE]
    return bool(words) and all(w is not None and (not w or "" in levels or w in levels) for w in words)


def _said_in(pieces: tuple[Piece, ...], docs: tuple[str, ...], reader: Reader) -> bool:
    """Every place word of the message is said in ``docs`` (全县 in a county's report)."""
    words = [fold(p.text) for p in pieces if p.slot is Slot.PLACE]
    return bool(words) and all(
        any(w in fold(c.text) for c, _ in reader.knowledge.rows_of(list(docs))) for w in words
    )


def _by_number(piece: Piece, reader: Reader) -> Piece:
    """A document named by its 《title》 as its 文号, when the one document so titled has one."""
    if piece.slot is not Slot.DOC or find_docnos(piece.text):
        return piece
    numbers = {reader.knowledge.docs[d].doc_number for d in reader.docs_named(piece.text.strip("《》"))}
    number = numbers.pop() if len(numbers) == 1 else None
    return piece.model_copy(update={"text": number}) if number else piece


def _canonical(piece: Piece) -> Piece:
    row = aspect_row(piece.aspect) if piece.aspect is not None else None
    return piece.model_copy(update={"text": row.canonical}) if row is not None and row.canonical else piece


def _still_holds(out: list[Piece], focus: tuple[str, ...], reader: Reader) -> bool:
    """The conversation's documents answer the completed question for the new place too (县级以上地方人民政府
    in the same law), so they stay searched first."""
    text = "".join(p.text for p in out if p.slot is not Slot.FILLER)
    return bool(focus) and reader.holds is not None and reader.holds(text, frozenset(focus))


def _only_mentioned(out: list[Piece], reader: Reader) -> bool:
    """The frame's document is a 文号 the knowledge mentions but holds no file of."""
    numbers = [p.text for p in out if p.slot is Slot.DOC and find_docnos(p.text)]
    return bool(numbers) and not any(reader.docs_named(n) for n in numbers)


def _content(topic: list[Piece]) -> bool:
    """Topic words that say something (a verb or a noun of two characters or more), not only particles."""
    return any(p.pos[:1] in "vna" and len(p.text) >= 2 for p in topic)


def _topic_replaced(out: list[Piece], topic: list[Piece]) -> list[Piece]:
    """Every topic word of the last frame replaced by the message's, where the first one stood."""
    at = next((i for i, p in enumerate(out) if p.slot is Slot.TOPIC), None)
    kept = [p for p in out if p.slot is not Slot.TOPIC]
    if at is None:
        at = next((i for i, p in enumerate(kept) if p.slot in (Slot.ASPECT, Slot.ASK)), len(kept))
    else:
        at = sum(1 for p in out[:at] if p.slot is not Slot.TOPIC)
    return [*kept[:at], *topic, *kept[at:]]


def _picked(pieces: tuple[Piece, ...], reader: Reader) -> frozenset[str]:
    """The documents the message's places, bodies and documents pick together (金水区 + 科技局 → 金水区科技局's)."""
    picks = [
        reader.place_docs(p.text) if p.slot is Slot.PLACE else reader.docs_named(p.text.strip("《》"))
        for p in pieces
        if p.slot in (Slot.PLACE, Slot.DOC)
    ]
    picks = [x for x in picks if x]
    if not picks:
        return frozenset()
    common = frozenset.intersection(*picks)
    return common or min(picks, key=len)


def _covers(docs: tuple[str, ...], year: int, reader: Reader) -> bool:
    """Some of ``docs`` speaks of ``year`` (a plan's target year, a report's previous year)."""
    said = f"{year}年"
    return any(
        reader.knowledge.docs[d].year == year
        or any(said in fold(c.text) for c, _ in reader.knowledge.rows_of([d]))
        for d in docs
        if d in reader.knowledge.docs
    )


def _replace_slot(out: list[Piece], slot: Slot, new: list[Piece]) -> list[Piece]:
    at = next((i for i, p in enumerate(out) if p.slot is slot), None)
    kept = [p for p in out if p.slot is not slot]
    if at is None:  # a year leads; a place or a document follows the year
        order = [Slot.YEAR, Slot.PLACE, Slot.DOC]
        at = sum(1 for p in kept if p.slot in order[: order.index(slot)]) if slot in order else len(kept)
    else:
        at = sum(1 for p in out[:at] if p.slot is not slot)
    return [*kept[:at], *new, *kept[at:]]


def _shared_affix(a: str, b: str) -> int:
    prefix = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    suffix = next(
        (i for i, (x, y) in enumerate(zip(reversed(a), reversed(b), strict=False)) if x != y),
        min(len(a), len(b)),
    )
    # both ends count when each shares a word (国家科学技术进步奖特等奖 for 国家技术发明奖二等奖: 国家…等奖), never
    # past the shorter; one character at each end (科…奖) is no shared word
    if min(prefix, suffix) < MIN_SHARED_AFFIX:
        return max(prefix, suffix)
    return min(prefix + suffix, min(len(a), len(b)))


def _same_head(word: str, other: str) -> bool:
    """Two compound words of one kind: the same last character (their head), each long enough to have one."""
    return (
        min(len(word), len(other)) >= policy.FOLLOWUP_HEADED_CHARS
        and word[-1] == other[-1]
        and word[:-1] != other[:-1]
    )


def _substitute(out: list[Piece], topic: list[Piece]) -> tuple[list[Piece], bool]:
    """The message's topic words take the place of the last frame's: a level (市级) the level, an amount
    (1亿元) the amount, a word sharing its head or its modifier (三等奖 for 二等奖) that word, otherwise the
    last noun phrase. True when the whole phrase was replaced (its unit no longer applies)."""
    named = [p for p in topic if p.subject or p.level or p.amount]
    levels = [p for p in named if p.level]
    amounts = [p for p in named if p.amount]
    if levels and len(named) == len(levels):
        for i, p in enumerate(out):
            if p.slot is Slot.TOPIC and (swapped := level_swapped(p.text, levels[0].text)) is not None:
                return [*out[:i], p.model_copy(update={"text": swapped}), *out[i + 1 :]], False
            if p.slot is Slot.TOPIC and p.level:
                return [*out[:i], levels[0], *out[i + 1 :]], False
    if amounts:
        for i, p in enumerate(out):
            if p.amount and amount_like(p.text, amounts[0].text):
                return [*out[:i], amounts[0], *out[i + 1 :]], False
    text = "".join(p.text for p in _trimmed(topic))
    new = Piece(slot=Slot.TOPIC, text=text, pos="n", subject=True)
    phrases = _word_runs(out)
    indicator = next((r for r in reversed(noun_phrases(out)) if any(out[i].subject for i in r)), [])
    graded = any(p.slot is Slot.TOPIC and GRADE.search(p.text) for p in out)
    if GRADE.fullmatch(text) and indicator and not graded:
        # 特等奖呢 after 国家科学技术进步奖 (no grade said): the grade qualifies the award, it replaces nothing
        return [*out[: indicator[-1] + 1], new, *out[indicator[-1] + 1 :]], False
    best: tuple[int, int, int, int] | None = None  # (shared, -length gap, start, end)
    for run in phrases:
        for s in range(len(run)):
            if any(out[i].text in JOINS for i in run[: s + 1]):
                continue  # 现代农业与社会发展领域 is one name: never its second half alone
            for e in range(s, len(run)):
                if any(out[i].text in JOINS for i in run[e:]):
                    continue  # nor its first half
                span = "".join(out[i].text for i in run[s : e + 1])
                shared = _shared_affix(span, text)
                # 科技进步奖 for 自然科学奖 (of 自然科学奖二等奖): one word for another of its kind
                kind = shared < MIN_SHARED_AFFIX and s == e and run[s] in indicator and _same_head(span, text)
                if (shared < MIN_SHARED_AFFIX and not kind) or span == text:
                    continue
                shared = max(shared, 1)
                key = (shared, -abs(len(span) - len(text)), run[s], run[e])
                if best is None or key[:2] > best[:2] or (key[:2] == best[:2] and key[2] > best[2]):
                    best = key
    if best is not None:
        _, _, start, end = best
        run = next(r for r in phrases if start in r)
        while start > run[0] and len(out[start - 1].text) >= MIN_SHARED_AFFIX and out[start - 1].text in text:
            start -= 1  # 政府 of 政府信息公开工作年度报告 is said again in 法治政府建设年度报告: it goes too
        return [*out[:start], new, *out[end + 1 :]], False
    nouns = noun_phrases(out)
    if not nouns:
        at = next((i for i, p in enumerate(out) if p.slot in (Slot.ASPECT, Slot.ASK)), len(out))
        return [*out[:at], new, *out[at:]], True
    last = nouns[-1]
    # The whole phrase the last noun phrase ends (中原英才计划科技创新人才, cut by a verb inside it), not only its
    # last noun: nothing of the old indicator qualifies a new one that shares no word with it.
    start = next((run[0] for run in phrases if run[0] <= last[0] <= run[-1]), last[0])
    start = min(start, last[0])
    return [*out[:start], new, *out[last[-1] + 1 :]], True


_BREAKS = set("pucrydfe")  # prepositions, particles, conjunctions, pronouns, modals, adverbs, locatives


def _word_runs(out: list[Piece]) -> list[list[int]]:
    """Runs of topic words a phrase may span (农业科技示范类项目: nouns, verbs and measure words alike),
    broken by particles, prepositions, pronouns and every other slot."""
    runs: list[list[int]] = []
    current: list[int] = []
    for i, p in enumerate(out):
        if p.slot is Slot.TOPIC and (p.text in JOINS or p.pos[:1] not in _BREAKS or p.subject or p.amount):
            current.append(i)
            continue
        if current:
            runs.append(current)
        current = []
    if current:
        runs.append(current)
    return runs


def _trimmed(topic: list[Piece]) -> list[Piece]:
    """A message's topic words without the particles around them (不合格的 → 不合格)."""
    words = list(topic)
    while (
        words
        and not (words[-1].subject or words[-1].level or words[-1].amount)
        and words[-1].pos[:1] in "ufy"
    ):
        words.pop()
    return words


def _ask_replaced(out: list[Piece], pieces: tuple[Piece, ...], reader: Reader) -> list[Piece]:
    """The message's question (its aspect, its question words, its own verbs) replaces the last one's."""
    own_verbs = [p for p in pieces if p.slot is Slot.TOPIC and not (p.subject or p.level or p.amount)]
    if _own_object(pieces):
        # 编制印发了什么指南 after 向多少家企业宣讲了税收优惠政策: a predicate with its own object replaces the
        # last one's verb and what it governed; who and when (辽宁省科技厅2023年) stay
        verb = next((i for i, p in enumerate(out) if p.slot is Slot.TOPIC and p.pos[:1] in "vp"), len(out))
        out = [p for i, p in enumerate(out) if i < verb or p.slot is not Slot.TOPIC]
    kept = [
        p
        for p in out
        if p.slot not in (Slot.ASK, Slot.ASPECT)
        and not (p.slot is Slot.TOPIC and not p.subject and own_verbs and p.pos[:1] in "vp")
        and not (
            p.slot is Slot.TOPIC and not p.subject and p.pos[:1] == "n"
        )  # a type word after 哪个 (科, 部门)
    ]
    if any(p.aspect in CONTACT_ASPECTS for p in pieces):
        # 联系人呢 after 由哪个科负责 / 是谁签发的: a contact is the item's, not its predicate's
        subjects = [i for i, p in enumerate(kept) if p.slot is Slot.TOPIC and (p.subject or p.amount)]
        if subjects:
            kept = [p for i, p in enumerate(kept) if i <= subjects[-1] or p.slot is not Slot.TOPIC]
    asked: list[Piece] = []
    canonical = any(p.aspect is not None and aspect_row(p.aspect).canonical for p in pieces)
    for p in pieces:
        if p.slot is Slot.ASPECT and p.aspect is not None:
            own_words = _asks_itself(p, pieces) and not aspect_row(p.aspect).canonical
            if (
                p.aspect is Aspect.GROWTH
            ):  # 比上年增长多少: the year before the frame's, no year asked of today
                p = p.model_copy(update={"text": _COMPARED_WITH.sub("", p.text)})
            asked += [p] if own_words else _said(p, reader)
        elif (p.slot is Slot.ASK and not canonical) or (p.slot is Slot.TOPIC and p in own_verbs):
            asked.append(p)  # a canonical wording (发文机关是什么) asks by itself
    return [*kept, *asked]


def _own_object(pieces: tuple[Piece, ...]) -> bool:
    """The message says a verb of its own and a noun after it (编制印发了什么指南): a whole predicate."""
    verb = next(
        (i for i, p in enumerate(pieces) if p.slot is Slot.TOPIC and p.pos[:1] == "v" and len(p.text) >= 2),
        None,
    )
    return verb is not None and any(
        p.slot is Slot.TOPIC and p.pos[:1] == "n" and len(p.text) >= 2 for p in pieces[verb + 1 :]
    )


def own_words(pieces: tuple[Piece, ...]) -> list[str]:
    """The words a message says of its own beside its question words (首次, 拨 of 首次拨了多少)."""
    return [
        p.text
        for p in pieces
        if p.slot is Slot.TOPIC and (p.subject or (p.pos and p.pos[:1] not in _BREAKS | {"x"}))
    ]


def _counts(pieces: tuple[Piece, ...]) -> bool:
    """The message asks a figure: a count (多少, 几家) or a figure aspect (位次, 增速)."""
    return any(
        (p.slot is Slot.ASK and _COUNT_ASK.match(p.text)) or p.aspect in FIGURE_ASPECTS for p in pieces
    )


def _countless(p: Piece) -> Piece:
    """几份 → 多少 once the topic changed (法律意见书 were 份, 讲座 are 次)."""
    return p.model_copy(update={"text": "多少"}) if _COUNT_ASK.match(p.text) else p


# -- the honest end of the thread -------------------------------------------------------------------
def holds(frame: Frame, answer: Answer, reader: Reader) -> bool:
    """The answer states what the follow-up inherited: its indicator, the year asked, the aspect asked (a rank
    needs a rank of that indicator). Checked only for follow-ups completed from the conversation."""
    if frame.relation is not Relation.FOLLOW_UP or not answer.found or not answer.citations:
        return True
    quotes = [c.quote for c in answer.citations]
    indicator = frame.indicator
    # an item may be named by the heading its quote sits under (（二）财务咨询 / 计划财务科:李某 3005678)
    headings = "".join(c.section for c in answer.citations)
    if indicator and not _supported(indicator, quotes, reader, headings):
        return False
    if frame.own and not _supported(frame.own, quotes, reader, headings, every=True):
        return False  # the topic the message named itself, not only the phrase it was put into
    said = fold("".join(quotes))
    if any(fold(m.group(0)) not in said for m in AMOUNT.finditer(frame.own)):
        return False  # 5亿元的呢: a threshold the answer does not state is not the one asked
    aspect = frame.aspect
    stated = STATED_BY.get(aspect) if aspect in STATED_CONTACTS and aspect is not None else None
    if stated and not any(stated.search(q) for q in quotes):
        return False  # 邮箱呢 of an item that states only a phone: no other line stands in for the address
    if aspect in FIGURE_ASPECTS and aspect is not None and Slot.TOPIC not in frame.changed:
        evidence = re.compile(aspect_row(aspect).evidence)
        clauses = [c for q in quotes for s in split_sentences(q) for c in split_clauses(s)]
        if not any(
            evidence.search(c) and (not indicator or _supported(indicator, [c], reader)) for c in clauses
        ):
            return False
    if frame.year and Slot.YEAR in frame.changed:
        question = reader.understand(frame.text)
        return any(_in_year(question, c, reader) for c in answer.citations)
    return True


def _supported(
    indicator: str, quotes: list[str], reader: Reader, headings: str = "", every: bool = False
) -> bool:
    """The quotes (or their headings) state ``indicator``: most of its weight, or ``every`` subject word of it."""
    question = reader.understand(indicator)
    terms = [
        t
        for t in terms_of(question, reader.knowledge, reader.vocab, text=fold(indicator))
        if t.subject and t.in_corpus
    ]
    said, missing = coverage(terms, match_key("".join(quotes)), match_key(headings))
    return not terms or (said >= HOLD_COVERAGE and not (every and missing))


def _in_year(question: object, c: Citation, reader: Reader) -> bool:
    meta = next((m for m in reader.knowledge.docs.values() if m.source == c.source), None)
    return meta is not None and year_ok(question, meta, c.quote)  # type: ignore[arg-type]


def refusal(frame: Frame) -> Refusal:
    if Slot.YEAR in frame.changed:
        return Refusal.WRONG_YEAR
    if Slot.PLACE in frame.changed:
        return Refusal.NO_SUBJECT
    return Refusal.NO_EVIDENCE


def absent(frame: Frame) -> str:
    """How a refusal names the inherited frame: 2022年的咱市科技型中小企业排名."""
    year = f"{frame.year}年的" if frame.year else ""
    place = "".join(p.text for p in frame.of(Slot.PLACE))
    aspect = aspect_row(frame.aspect).noun if frame.aspect in FIGURE_ASPECTS and frame.aspect else ""
    return f"{year}{place}{frame.indicator or frame.text}{aspect}"
