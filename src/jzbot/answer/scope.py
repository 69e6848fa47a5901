"""Which documents a question is about: named places, organizations, laws and 文号 pick documents.

A document is known by its identity: file name, title, issuer and 文号, so a report whose title lacks
the issuer (关于2023年法治政府建设情况的报告) is still found by 辽宁 through its file name. Without a cue the
home organization's documents are preferred, not required: a law question has no home document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import PurePath
from typing import NamedTuple
from weakref import WeakKeyDictionary

from jzbot import data
from jzbot.answer import policy
from jzbot.answer.understand import Question
from jzbot.index.keyword import Tagged
from jzbot.index.knowledge import Knowledge
from jzbot.models import DocMeta
from jzbot.registry.identity import CITY, COUNTY, NATIONAL, PROVINCE
from jzbot.text import TABLE_ROW, TABLE_SECTION, YEAR_MENTION, abbreviation_in, match_key, split_sentences

_PLACE_POS = {"ns"}
_CITY = re.compile(r"^(?:中共)?(.{2,6}?)(?:市|省|县|区)")
_ORG = re.compile(r"(?:厅|局|委|委员会|办公室|政府)$")
_PLACE_SUFFIX = re.compile(r"(?:省|市|区|县|自治区)$")
# 咱局, 我们局, 局里, 本市, 咱+the home city's name: the asker's own organization or city.
_HOME = r"(?:咱们?|我们?|本|俺们?)(?:局|单位|市{city})|局里|局班子|局党组"
# A law, regulation or plan named by its (possibly shortened) title: 科技进步法, 信息公开条例.
# Documents that bind everyone (laws, regulations, guidelines) are nobody's "other organization".
GENERAL_TYPES = {"法律", "条例", "暂行条例", "办法", "规定", "细则", "指引", "实施细则"}
_LAW_CUE = re.compile(r"法律里|法律上|法律中|法律规定|法规里|法规中|法条|按法律|依法律")
_TITLED = re.compile(r"(?:法|条例|办法|规定|细则|规划|方案|决定|指引)")


@dataclass(frozen=True)
class Scope:
    """The documents a question names (``docs``; None when it names none) and the home documents."""

    docs: frozenset[str] | None
    home: frozenset[str]
    absent_place: str | None = None  # a place the question names that no document mentions
    places: tuple[str, ...] = ()  # places named that pick no document: a span must mention them
    foreign: frozenset[str] = frozenset()  # other places' own documents (reports, plans, decisions)
    of_year: frozenset[str] = frozenset()  # documents about a year the question asks (searched too)
    groups: tuple[frozenset[str], ...] = ()  # the documents of each cue apart: 咱局和省科技厅 → two groups
    cues: tuple[str, ...] = ()  # the words that picked documents: they need no support from a passage
    # Each naming cue (a place, a body, a title) with the documents it picked: a passage of a document the cue
    # did not pick must say the cue itself (郑州哪个文件 asked of 登封's 解读: its passage must say 郑州).
    picked: tuple[tuple[str, frozenset[str]], ...] = ()
    titled: frozenset[str] = frozenset()  # the documents the question names by their title (山东…转化条例)

    def within(self, docs: Iterable[str]) -> Scope:
        """The same scope limited to ``docs`` (a view that leaves other editions out)."""
        keep = frozenset(docs)
        if self.docs is None and keep >= self.home | self.foreign | self.of_year:
            return self
        return replace(
            self,
            docs=None if self.docs is None else self.docs & keep,
            home=self.home & keep,
            foreign=self.foreign & keep,
            of_year=self.of_year & keep,
            groups=tuple(g & keep for g in self.groups if g & keep),
            titled=self.titled & keep,
        )


# The extent a question's word names (全省的成交额) and the level of a document's issuer (its identity,
# ``registry/identity.py``): a figure of the whole province is not in a city's document unless the passage says
# 全省 itself.
EXTENTS = {"全国": NATIONAL, "全省": PROVINCE, "全市": CITY, "全县": COUNTY}


def level_of(meta: DocMeta) -> str | None:
    """国家, 省, 市 or 县区, as the document's identity says; None when it does not."""
    return meta.level or None


def identity(meta: DocMeta) -> str:
    stem = PurePath(meta.source).stem
    return match_key(f"{stem} {meta.title} {meta.issuer} {meta.doc_number or ''}")


class _Sides(NamedTuple):
    home: frozenset[str]  # the home organization's documents
    foreign: frozenset[str]  # other places' own documents (not the home city's)


_KEYS: WeakKeyDictionary[Knowledge, tuple[dict[str, str], dict[str, str]]] = WeakKeyDictionary()
_SIDES: WeakKeyDictionary[Knowledge, dict[str, _Sides]] = WeakKeyDictionary()


def _doc_keys(knowledge: Knowledge) -> tuple[dict[str, str], dict[str, str]]:
    """(identity, title key) of every document: once per loaded knowledge, not on every question."""
    if knowledge not in _KEYS:
        _KEYS[knowledge] = (
            {d: identity(m) for d, m in knowledge.docs.items()},
            {d: match_key(m.title + PurePath(m.source).stem) for d, m in knowledge.docs.items()},
        )
    return _KEYS[knowledge]


def _sides(knowledge: Knowledge, home_key: str) -> _Sides:
    """Home and foreign documents: once per loaded knowledge and home organization. A view (a caller's, or one
    edition's: 历年 asks each year of a view without the others) keeps the whole snapshot's sides: a sister
    city's edition stays foreign in a view that happens to hold none of the home organization's documents."""
    whole = knowledge.base
    sides = _whole_sides(whole, home_key)
    if whole is knowledge:
        return sides
    kept = knowledge.docs.keys()
    return _Sides(sides.home & kept, sides.foreign & kept)


def _whole_sides(knowledge: Knowledge, home_key: str) -> _Sides:
    known = _SIDES.setdefault(knowledge, {})
    if home_key not in known:
        ids, _ = _doc_keys(knowledge)
        home = frozenset(
            d
            for d, i in ids.items()
            if home_key in i or abbreviation_in(home_key, i, policy.NAME_ABBREVIATION_SPAN)
        )
        # The home organization's city (焦作 of 焦作市科学技术局): its government's documents are local, not foreign.
        city = _CITY.match(home_key)
        local = {d for d, i in ids.items() if city and city.group(1) in i}
        foreign = frozenset(
            d for d, m in knowledge.docs.items() if d not in home | local and m.doc_type not in GENERAL_TYPES
        )
        known[home_key] = _Sides(home, foreign if home else frozenset())
    return known[home_key]


# Words a title is made of that name no document on their own: its type (管理办法, 实施细则, 通知) and framing.
_GENERIC_TITLE = re.compile(
    r"(?:管理|暂行|试行|实施|工作|有关|关于|印发|转发|新的?|这个|那个|该|的)|"
    + "|".join(sorted(data.lines("doc_types.txt"), key=len, reverse=True))
)


def _titled_docs(
    question: Question, docs: dict[str, DocMeta], titles: dict[str, str], ids: dict[str, str]
) -> list[tuple[str, frozenset[str]]]:
    """Documents whose title the question names, however shortened (科技进步法 → 科学技术进步法), each name as
    the question wrote it with the documents it names. A place the question writes in front of the name
    (焦作市科学技术奖励办法) is the document's: the shortened 奖励办法 does not name another place's."""
    text = match_key(question.quoted_title or question.folded)
    found: list[tuple[str, frozenset[str]]] = []
    for end in (m.end() for m in _TITLED.finditer(text)):
        first = max(0, end - policy.TITLE_NAME_MAX_CHARS)
        for start in range(first, end - policy.TITLE_NAME_MIN_CHARS):
            if start and text[start - 1].isdigit() and text[start].isdigit():
                continue  # a name does not begin inside a number (022年度… of 2022年度…)
            name = text[start:end]
            # 2013年度市科技进步奖决定: the year must be the title's, the rest may be abbreviated.
            years = YEAR_MENTION.findall(name)
            core = YEAR_MENTION.sub("", name)
            if len(core) < 3 or len(_GENERIC_TITLE.sub("", core)) < 2:
                continue  # 管理办法, 实施方案 alone name a kind of document, not one document
            hits = {
                d
                for d, t in titles.items()
                if (
                    core in t or abbreviation_in(core, YEAR_MENTION.sub("", t), policy.NAME_ABBREVIATION_SPAN)
                )
                and all(y in t for y in years)
            }
            for place in _PLACE_PART.findall(text[first:end]):
                if place not in name:  # 焦作|市科技创新券管理办法: the place cut off is still the document's
                    hits = {d for d in hits if place in ids[d]}
            if hits and len(hits) < len(docs):
                found.append((name, frozenset(hits)))
                break
    return found


_PLACES: WeakKeyDictionary[Knowledge, dict[str, frozenset[str]]] = WeakKeyDictionary()
_ABBREVIATED_SUFFIXES = ("盟", "市")
_PLACE_PART = re.compile(r"([\u4e00-\u9fff]{2,}?)(?:自治区|省|市|自治州|州|盟|地区|县|区|旗)")


def _places(knowledge: Knowledge) -> dict[str, frozenset[str]]:
    """Each place name of the documents' identities without its suffix (郑州市金水区 → 郑州, 金水), with the
    documents of that place: once per loaded knowledge."""
    if knowledge not in _PLACES:
        found: dict[str, set[str]] = {}
        short: dict[str, dict[str, set[str]]] = {}  # 锡盟 → {锡林郭勒: its documents}
        for d, m in knowledge.docs.items():
            for part in _PLACE_PART.finditer(m.place):
                bare, suffix = part.group(1), part.group(0)[len(part.group(1)) :]
                if len(bare) >= 2:
                    found.setdefault(bare, set()).add(d)
                if len(bare) >= policy.ABBREVIATED_PLACE_MIN_CHARS and suffix in _ABBREVIATED_SUFFIXES:
                    # 锡林郭勒盟 → 锡盟, 呼和浩特市 → 呼市: a long name is said by its first character and its kind.
                    short.setdefault(bare[0] + suffix, {}).setdefault(bare, set()).add(d)
        for abbreviation, of in short.items():
            if len(of) == 1 and abbreviation not in found:  # 乌市 for two places names neither
                found[abbreviation] = next(iter(of.values()))
        _PLACES[knowledge] = {b: frozenset(ds) for b, ds in found.items()}
    return _PLACES[knowledge]


_TABLE_ROWS: WeakKeyDictionary[Knowledge, dict[str, frozenset[str]]] = WeakKeyDictionary()


def _table_rows(knowledge: Knowledge) -> dict[str, frozenset[str]]:
    """Each row label of the documents' tables without its place suffix (江苏, 雾岭州 → 雾岭), with the documents
    whose tables have that row: a table of provinces answers for each province as much as the province's own
    documents do. Once per loaded knowledge."""
    if knowledge not in _TABLE_ROWS:
        found: dict[str, set[str]] = {}
        for chunk, meta in knowledge.rows:
            if TABLE_SECTION not in chunk.section:
                continue
            for line in split_sentences(chunk.text.replace("\n", "")):
                if (row := TABLE_ROW.match(line)) and 2 <= len(label := row["row"].strip()) <= _ROW_PLACE_MAX:
                    found.setdefault(_PLACE_SUFFIX.sub("", label) or label, set()).add(meta.doc_id)
        _TABLE_ROWS[knowledge] = {b: frozenset(ds) for b, ds in found.items()}
    return _TABLE_ROWS[knowledge]


_ROW_PLACE_MAX = 8  # a place's name as a row label: 内蒙古, 雾岭州; longer labels are indicators
_KIND_POS = {"n", "nz", "vn", "j", "l"}


def _names_a_kind(following: list[Tagged]) -> bool:
    """A place right before a noun that is no organization (河南省 + 瞪羚企业): a designation's name."""
    return bool(following) and following[0].pos in _KIND_POS and not _ORG.search(following[0].word)


@lru_cache(maxsize=8)
def _home(home_key: str) -> re.Pattern[str]:
    city = _CITY.match(home_key)
    return re.compile(_HOME.format(city="|" + re.escape(city.group(1)) if city else ""))


def _qualifying(text: str, picked: list[tuple[str, frozenset[str]]], docs: dict[str, DocMeta]) -> set[str]:
    """Cues of a province written right before a city's or county's that picked documents of their own
    (四川大竹县…, 河南省新乡市…): they locate that place and name no document of theirs."""
    out: set[str] = set()
    for cue, of in picked:
        at = text.find(cue)
        if at < 0 or not of or any(level_of(docs[d]) != PROVINCE for d in of):
            continue
        after = text[at + len(cue) :].removeprefix("省")
        if any(
            other != cue
            and after.startswith(other)
            and its
            and all(level_of(docs[d]) in (CITY, COUNTY) for d in its)
            for other, its in picked
        ):
            out.add(cue)
    return out


def _after_place(tagged: list[Tagged], n: int) -> bool:
    """The word at ``n`` follows a place, with or without its level (吉林 + 市 + 科学技术局)."""
    at = n - 1
    if at >= 1 and _PLACE_SUFFIX.fullmatch(tagged[at].word):
        at -= 1
    return at >= 0 and at < n and tagged[at].pos in _PLACE_POS


def scope_of(question: Question, knowledge: Knowledge, home_org: str) -> Scope:
    docs = knowledge.docs
    ids, titles = _doc_keys(knowledge)
    home_key = match_key(home_org)
    home, foreign = _sides(knowledge, home_key)
    named: set[str] = set()
    groups: list[frozenset[str]] = []
    cues: list[str] = []
    picked: list[tuple[str, frozenset[str]]] = []
    absent, places = None, []
    tabled = False  # a place picked tables by their rows as well as its own documents

    def pick(cue: str, own: frozenset[str], rows: frozenset[str] = frozenset(), key: str = "") -> None:
        """A word of the question names documents: its own (and tables with a row for it, by that row)."""
        named.update(own | rows)
        groups.append(own | rows)
        cues.append(cue)
        picked.append((key or cue, own))

    if question.docnos:
        named |= {d for d, m in docs.items() if m.doc_number in question.docnos}
    titles_named = _titled_docs(question, docs, titles, ids)
    titled = {d for _, hits in titles_named for d in hits}
    named |= titled
    cues += [name for name, _ in titles_named]
    picked += titles_named
    text = question.folded
    if not titled and (law_cue := _LAW_CUE.search(text)):
        # 法律里对…有啥说法: the genre picks the laws and regulations.
        laws = {d for d, m in docs.items() if m.doc_type in GENERAL_TYPES}
        if laws and len(laws) < len(docs):
            named |= laws
            groups.append(frozenset(laws))
            cues.append(law_cue.group(0))
    if home_cue := _home(home_key).search(text):
        named |= home
        groups.append(home)
        cues.append(home_cue.group(0))
    tagged = knowledge.tokenizer.tagged(text)
    city = _CITY.match(home_key)
    home_named = bool(home_cue) or (city is not None and city.group(1) in text)
    kinds: list[str] = []  # places that name a kind of enterprise or award, not whose document
    for n, (word, pos) in enumerate(tagged):
        following = tagged[n + 1].word if n + 1 < len(tagged) else ""
        if home_named and pos in _PLACE_POS and _names_a_kind(tagged[n + 1 :]):
            kinds.append(word)
            continue  # 焦作…新增多少家河南省瞪羚企业: the province names the kind of enterprise, not whose document
        if pos in _PLACE_POS and _ORG.search(following):
            # 辽宁 + 省科技厅: the place says which 省科技厅; together they pick its documents.
            word = word + following
            hits = {d for d, i in ids.items() if match_key(word) in i}
            # 广东 + 省科技厅 where the document says 广东省科学技术厅 in one place and 省科技厅 in another: both.
            if not hits and len(following) >= policy.ORG_MIN_CHARS:  # 省科技厅 names one; 科技局 every city's
                hits = {
                    d for d, i in ids.items() if match_key(tagged[n].word) in i and match_key(following) in i
                }
            elif hits:
                # 甘肃省科技厅 picks a document that says so; the body's documents that name it in full (甘肃省科学技术厅)
                # are its documents too. The place itself must be in their identity: 科技厅 alone is every province's.
                org = match_key(following)
                hits |= {
                    d
                    for d, i in ids.items()
                    if match_key(tagged[n].word) in i
                    and abbreviation_in(org, i, policy.NAME_ABBREVIATION_SPAN)
                }
            if hits:
                pick(word, frozenset(hits))
                continue
            word = tagged[n].word
        if _ORG.search(word) and _after_place(tagged, n):
            continue  # 吉林 + 市 + 科学技术局: the place picked says whose 局; the 局 alone is every city's
        if _ORG.search(word) and len(word) >= policy.ORG_MIN_CHARS and not any(word in c for c in cues):
            # 省科技厅, 金水区科技局: an organization named in full enough to pick its documents.
            hits = {d for d, i in ids.items() if match_key(word) in i}
            if hits and len(hits) < len(docs):
                pick(word, frozenset(hits))
            continue
        if pos not in _PLACE_POS:
            # 金水区 tagged a plain noun: a place-like word a document's identity names still picks it.
            own_city = (city := _CITY.match(home_key)) is not None and word.startswith(city.group(1))
            hits = (
                {d for d, i in ids.items() if match_key(word) in i}
                if len(word) >= 3 and _PLACE_SUFFIX.search(word) and not own_city
                else set()
            )
            if hits and len(hits) < len(docs):
                rows = _table_rows(knowledge).get(_PLACE_SUFFIX.sub("", word), frozenset()) - hits
                tabled = tabled or bool(rows)
                pick(word, frozenset(hits), rows)
            continue
        if len(word) < 2:
            continue
        place = _PLACE_SUFFIX.sub("", word)
        if len(place) < 2:  # 温县 stays 温县: one character names no place
            place = word
        # 锡盟: a place said by its short form names the documents of its full name
        hits = {d for d, i in ids.items() if place in i} or set(_places(knowledge).get(word, ()))
        if hits:
            # A table with a row for the place answers too, by that row only: its passages must say the place.
            rows = _table_rows(knowledge).get(place, frozenset()) - hits
            tabled = tabled or bool(rows)
            pick(word, frozenset(hits), rows, key=place)
        elif knowledge.in_corpus(place):
            places.append(place)
        else:
            absent = word
    # 连云港, 开封, 沧澜: a place jieba tags as a name, a verb or an idiom still names the documents whose identity
    # is of that place.
    own = _CITY.match(home_key)
    for bare, of_place in _places(knowledge).items():
        if bare not in text or any(bare in c for c in (*cues, *kinds)) or (own and bare == own.group(1)):
            continue
        if len(of_place) < len(docs):
            rows = _table_rows(knowledge).get(bare, frozenset()) - of_place
            tabled = tabled or bool(rows)
            pick(bare, of_place, rows)
    if qualifying := _qualifying(text, picked, docs):
        # 四川大竹县科学技术局: the province says where the county is; its own documents are not asked.
        dropped = [d for c, d in picked if c in qualifying]
        picked = [(c, d) for c, d in picked if c not in qualifying]
        groups = [g for g in groups if g not in dropped]
        # it stays a cue: said by the question's place, it is no word the answer must say
        kept = set().union(*(d for _, d in picked), *groups)
        named = (named - set().union(*dropped)) | (named & kept)
    if len(named) == len(docs):  # a cue that fits every document picks none
        named = set()
    of_year = (
        frozenset(d for d, m in docs.items() if m.year in question.years) if question.years else frozenset()
    )
    distinct = tuple(dict.fromkeys(g for g in groups if g))
    return Scope(
        frozenset(named) if named else None,
        home,
        absent,
        tuple(places),
        foreign,
        of_year,
        distinct if named else (),
        tuple(cues) if named else (),
        tuple(picked) if named and (len({d for _, d in picked}) > 1 or tabled) else (),
        frozenset(titled & named),
    )
