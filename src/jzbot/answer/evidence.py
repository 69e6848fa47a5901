"""Choosing the exact source sentences that answer a question.

Invariant: evidence is always a verbatim span of a chunk (a sentence or a ；-clause of one), and a
question is only answered when the evidence supports its terms, its year and, for figures, its unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jzbot.answer.query import Query
from jzbot.index.keyword import STOPWORDS
from jzbot.index.knowledge import Knowledge
from jzbot.models import Chunk, DocMeta, Hit
from jzbot.registry.vocabulary import Vocabulary
from jzbot.safety import looks_like_injection
from jzbot.text import NUMBER, match_key, split_clauses, split_sentences

# Words that frame a question but name nothing to look up.
GENERIC = STOPWORDS | set(
    ["数量", "数目", "数字", "目前", "现在", "当前", "截至", "截止", "总计", "合计", "共计", "分别", "其中", "哪", "一", "起", "次数", "个数", "家数", "项数", "人数", "金额", "规模", "排名", "位次", "第几", "名次", "具体", "详细", "全部", "所有", "怎么样", "如何", "成效", "成果", "成绩", "内容", "措施", "做法", "举措", "什么样", "有关部门", "部门", "单位", "多大", "多高", "几位", "排第", "位居", "居", "全省", "多", "少", "些", "能否", "是否",
     "时候", "时间", "哪天", "何时", "每项", "每个", "每家", "每人", "每名", "是多少", "有多少", "当年", "里面"]
)
_QUESTION_WORD = re.compile(r"(?:几|多少|哪|什么|怎么|何|是否|有无).{0,2}")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


@dataclass
class Term:
    word: str
    alternatives: list[str]
    weight: float
    in_corpus: bool


@dataclass
class Evidence:
    text: str
    chunk: Chunk
    meta: DocMeta
    coverage: float
    score: float
    missing: list[str] = field(default_factory=list)


def terms_of(query: Query, knowledge: Knowledge, vocab: Vocabulary) -> list[Term]:
    text = query.folded
    for d in query.docnos:
        text = text.replace(d, " ")
    words = knowledge.tokenizer.words(text)
    terms: list[Term] = []
    for w in dict.fromkeys(words):
        if w in GENERIC or len(w) < 2 or _QUESTION_WORD.fullmatch(w) or NUMBER.fullmatch(w) or "〔" in w or re.fullmatch(r"\d+年?度?", w):
            continue
        alts = vocab.alternatives(w)
        present = any(knowledge.in_corpus(a) for a in alts)
        weight = max(knowledge.idf(a) for a in alts)
        terms.append(Term(w, alts, weight, present))
    return terms


def _bigrams(s: str) -> set[str]:
    return {s[i : i + 2] for i in range(len(s) - 1)}


def term_support(term: Term, text: str) -> float:
    best = 0.0
    for alt in term.alternatives:
        if alt in text:
            return 1.0
        grams = _bigrams(alt)
        if len(alt) >= 3 and grams:
            frac = len(grams & _bigrams(text)) / len(grams)
            if frac >= 0.6:
                best = max(best, 0.6 * frac)
    return best


def coverage(terms: list[Term], text: str, context: str = "") -> tuple[float, list[str]]:
    """Share of the question's term weight that ``text`` (or, at 0.8, its ``context``) supports."""
    if not terms:
        return 0.0, []
    total = sum(t.weight for t in terms)
    got, missing = 0.0, []
    for t in terms:
        s = term_support(t, text)
        if context and s < 1.0:
            s = max(s, 0.8 * term_support(t, context))
        got += t.weight * s
        if s < 0.5:
            missing.append(t.word)
    return got / total, missing


def units_of(chunk: Chunk, split: bool) -> list[str]:
    """Candidate spans: each sentence, and its ；-clauses when ``split``."""
    out: list[str] = []
    for sentence in split_sentences(chunk.text.replace("\n", "")):
        out.append(sentence)
        clauses = split_clauses(sentence)
        if split and len(clauses) > 1:
            out.extend(clauses)
    return out


def has_unit(text: str, units: list[str]) -> bool:
    if not units:
        return bool(NUMBER.search(text))
    if units == ["位"]:
        return bool(re.search(r"第\s*\d+", text))
    return bool(re.search(rf"\d+(?:\.\d+)?\s*(?:{'|'.join(units)})", text))


def year_ok(query: Query, meta: DocMeta, text: str) -> bool:
    if not query.years:
        return True
    mentioned = {int(y) for y in _YEAR.findall(text)}
    return bool(set(query.years) & (mentioned | ({meta.year} if meta.year else set())))


def rank_evidence(query: Query, terms: list[Term], hits: list[Hit], figure: bool) -> list[Evidence]:
    found: list[Evidence] = []
    seen: set[str] = set()
    for rank, hit in enumerate(hits):
        context = match_key(hit.chunk.section + hit.meta.title)
        for span in units_of(hit.chunk, split=True):
            if span in seen or looks_like_injection(span):
                continue
            seen.add(span)
            folded = match_key(span)
            # The title and headings name the topic of every sentence below them: a term found only
            # there counts at 0.8.
            cov, missing = coverage(terms, folded, context)
            score = 10 * cov - 0.15 * rank - len(folded) / 400
            if figure:
                score += 2.0 if has_unit(folded, query.units) else -5.0
            found.append(Evidence(span, hit.chunk, hit.meta, cov, score, missing))
    return sorted(found, key=lambda e: -e.score)
