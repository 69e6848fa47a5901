"""The words of a question that evidence must support, each with a weight, and how well a text supports one.

Weights come from general evidence about a word, never from a list of the questions' words: its part
of speech (nouns and names count, pronouns and question words do not), a stopword list from a kept
source (stopwords-iso), and its rarity over the corpus (IDF). A word the corpus lacks lowers the
score of every span; it vetoes nothing by itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from jzbot.answer import policy
from jzbot.answer.understand import Question
from jzbot.index.keyword import Tagged
from jzbot.index.knowledge import Knowledge
from jzbot.registry.vocabulary import Vocabulary
from jzbot.text import (
    ARTICLE_NUMBER,
    NUMBER,
    ORDINAL,
    POST,
    YEAR_MENTION,
    abbreviation_in,
    match_key,
    reordered_in,
)

_SUBJECT_POS = {"n", "nz", "nt", "ns", "nr", "nrt", "vn", "j", "eng", "l"}
_PLACE_POS = {"ns", "nt"}
# A phrase in the question's quotation marks (“六强”, 「放管服」, "双创"), short enough to be a name.
_QUESTION_QUOTED = re.compile(r"[“\"「『‘]([^“”\"「」『』‘’\s]{2,12})[”\"」』’]")
_LEVEL = re.compile(r"(?:国家|部|省|市|县|区)级")
# Tags of words that name something specific (jieba tags the bureau's term list nz).
_NAMED_POS = {"nz", "ns", "nt", "nr", "nrt", "eng"}
_QUESTION_WORD = re.compile(
    r"(?:几|多少|多长|多久|多大|哪|什么|怎么|何|是否|有无|啥|咋)"
)  # 多长时间: how long
# 能不能, 是不是, 有没有: a yes-no question, not a word of its subject.
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CJK_WORD = re.compile(r"[\u4e00-\u9fff]+")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9&+]*[A-Za-z0-9]")  # two or more characters: R&D, GDP, PCT
_PHRASE_POS = set("nvjl")  # words of a noun phrase: nouns, verbal nouns, abbreviations, set phrases
_NOUN_POS = set("njl")  # a noun, an abbreviation or a set phrase (专精 n) can start an unknown word
_FUNCTION_POS = set(
    "vqmpucr"
)  # a verb, measure word, number, preposition … after it ends the word (去年 / 出)
_BOUND_POS = set("pucrmqdyexf")  # a single character of these kinds never starts or joins a word
_A_NOT_A = re.compile(r"([\u4e00-\u9fff])[不没]\1")
# 不是累计, 而非计划数: a contrast the question draws; the words after it name what is not asked.
_EXCLUDED = re.compile(r"(?:而不是|(?<![是而])不是|而非|并非)[^，。,；;？?！!）)\s]{1,8}")
_INSTANCE_MARK = {"这种", "这类", "这样", "之类", "这一类", "此类"}
_PUNCTUATION = re.compile(r"[，。？！、,.?!；;：:\s]+")


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    import stopwordsiso

    return frozenset(stopwordsiso.stopwords("zh"))


@dataclass(frozen=True)
class Term:
    word: str
    alternatives: tuple[str, ...]  # the word and the corpus wordings the vocabulary maps it to
    weight: float
    subject: bool  # a noun or name: what the question is about
    in_corpus: bool  # the corpus has it (exactly, as a synonym or as an abbreviation)
    named: bool = False  # a domain term, a name or a staff abbreviation, not an everyday word
    required: bool = False  # an administrative level (国家级, 省级): a span of another level does not answer
    asked: bool = False  # the kind of answer wanted (哪些渠道 → 渠道, 依据是哪条 → 依据)


def _sounds_alike(typed: str, meant: str) -> bool:
    """The characters where two words of one length differ are read alike, tones aside (薪/新 xin)."""
    from pypinyin import lazy_pinyin  # a dictionary of its own: loaded only when a word needs respelling

    pairs = [(a, b) for a, b in zip(typed, meant, strict=True) if a != b]
    return bool(pairs) and all(lazy_pinyin(a) == lazy_pinyin(b) for a, b in pairs)


# 一二三等奖 (一等奖、二等奖、三等奖), 甲乙类: the characters before a shared head word are each a word with it.
_SHARED_HEAD = re.compile(r"([一二三四五六七八九十特甲乙丙丁]{2,})(等奖|类|档|级)")
# Measure words a count or an amount is asked by (累计数, 经费额, 覆盖率): what stands before one is the thing.
_MEASURE = re.compile(r"^(.{2,}?)(?:总数|总量|数量|个数|数|量|额度|额|率|值)$")


# 活动情况表, 项目汇总表: a table named by what it is a table of; its caption says that without 表.
_LOCATIVE = "里中内上"  # 年报里, 文件中: the noun and where in it
_TABLE_OF = re.compile(r"^(.{2,}?)(?:一览表|汇总表|统计表|明细表|表)$")


def _measured(word: str) -> str:
    m = _MEASURE.match(word) or _TABLE_OF.match(word)
    return m.group(1) if m else ""


@lru_cache(maxsize=4096)  # a span is checked against every term of a question: its pairs are read once
def _bigrams(s: str) -> frozenset[str]:
    return frozenset(s[i : i + 2] for i in range(len(s) - 1))


# A bracketed gloss of two to eight characters between two characters of one word: R&D(研究与发展)经费.
_GLOSS = re.compile(r"(?<=[A-Za-z&\u4e00-\u9fff])[（(][\u4e00-\u9fff]{2,8}[）)](?=[\u4e00-\u9fff])")


def support(term: Term, text: str) -> float:
    """How well ``text`` (match-keyed) says ``term``: exact, abbreviated, or by shared character pairs."""
    best = 0.0
    # R&D(研究与发展)经费 says R&D经费: a gloss in brackets inside a word is read past
    plain = _GLOSS.sub("", text) if "(" in text or "（" in text else text
    for alt in term.alternatives:
        if alt in text and _affirmed(alt, text):
            return policy.SUPPORT_EXACT
        if plain != text and alt in plain and _affirmed(alt, plain):
            return policy.SUPPORT_EXACT
        if abbreviation_in(alt, text, policy.ABBREVIATION_SPAN):
            best = max(best, policy.SUPPORT_ABBREVIATION)
        elif best < policy.SUPPORT_REORDERED and reordered_in(alt, text):
            best = policy.SUPPORT_REORDERED
        elif best < policy.SUPPORT_SPLIT and _split_in(alt, text):
            best = policy.SUPPORT_SPLIT
        grams = _bigrams(alt)
        if len(alt) >= 3 and grams:
            share = len(grams & _bigrams(text)) / len(grams)
            if share >= policy.OVERLAP_MIN:
                best = max(best, policy.SUPPORT_OVERLAP * share)
    return best


def _split_in(word: str, text: str) -> bool:
    """A four-character compound said in its two halves close together, in either order (重点对象 in 对象是全体公民，
    重点是青少年; 经费投入 in 投入研发经费)."""
    if len(word) != 4 or not _CJK_WORD.fullmatch(word):
        return False
    first, second = word[:2], word[2:]
    at = [m.start() for m in re.finditer(re.escape(first), text)]
    return any(
        abs(m.start() - a) <= policy.SPLIT_SPAN for a in at for m in re.finditer(re.escape(second), text)
    )


# 非职务, 非公有制: 非 makes the word after it another word; a passage saying only 非职务 does not say 职务.
_NEGATION = "非"
# 副组长, 副局长: a deputy holds another post; a passage naming only the 副组长 does not say who the 组长 is.
_DEPUTY = "副"
_POST_WORD = re.compile(rf"(?:{POST})")


def _affirmed(word: str, text: str) -> bool:
    """``text`` says ``word`` somewhere without 非 right before it (nor 副 before a post: 副组长 is no 组长)."""
    before = _NEGATION + (_DEPUTY if _POST_WORD.fullmatch(word) else "")
    return re.search(rf"(?<![{before}]){re.escape(word)}", text) is not None


def _negated(tagged: list[tuple[Tagged, int]]) -> list[tuple[Tagged, int]]:
    """非 / 职务 → 非职务: the tokenizer's lone 非 before a word of the same clause is part of that word."""
    out: list[tuple[Tagged, int]] = []
    for w, piece in tagged:
        if out and out[-1][0].word == _NEGATION and out[-1][1] == piece and _CJK_WORD.fullmatch(w.word):
            out[-1] = (Tagged(_NEGATION + w.word, w.pos), piece)
        else:
            out.append((w, piece))
    return out


# 标准分几档, 经费为多少: a verb of one character that jieba glued to the noun before the question word.
_GLUED_VERB = set("分为是有达占给发交报设")


def _word_bounds(text: str, knowledge: Knowledge) -> set[int]:
    """The offsets where the tokenizer's words of ``text`` begin and end."""
    bounds, at = {0, len(text)}, 0
    for w in knowledge.tokenizer.tagged(text):
        found = text.find(w.word, at)
        if found < 0:
            continue
        bounds |= {found, found + len(w.word)}
        at = found + len(w.word)
    return bounds


def _unglued(
    tagged: list[tuple[Tagged, int]], knowledge: Knowledge, vocab: Vocabulary
) -> list[tuple[Tagged, int]]:
    """标准分 / 几 / 档 → 标准 / 分 / 几 / 档: a word the corpus never uses, right before a question word, that is a
    word the corpus uses with a one-character verb after it (分, 为, 是) is that word and the verb."""
    out: list[tuple[Tagged, int]] = []
    for n, (w, piece) in enumerate(tagged):
        following = tagged[n + 1] if n + 1 < len(tagged) else None
        stem = w.word[:-1]
        if (
            following is not None
            and following[1] == piece
            and _QUESTION_WORD.match(following[0].word)
            and len(stem) >= 2
            and w.word[-1] in _GLUED_VERB
            and not any(knowledge.in_corpus(a) for a in vocab.alternatives(w.word))
            and knowledge.in_corpus(stem)
        ):
            out += [(Tagged(stem, "n"), piece), (Tagged(w.word[-1], "v"), piece)]
        else:
            out.append((w, piece))
    return out


def _unknown_words(
    tagged: list[tuple[Tagged, int]], knowledge: Knowledge, vocab: Vocabulary, stop: frozenset[str] | set[str]
) -> list[tuple[Tagged, int]]:
    """专精 / 特 / 新 → 专精特新: jieba cuts a word it does not know into a piece and single characters; a piece
    the corpus never uses, with the single characters right after it, is one unknown word (absent, named)."""
    out: list[tuple[Tagged, int]] = []
    for w, piece in tagged:
        last = out[-1][0] if out else None
        if (
            last is not None
            and out[-1][1] == piece
            and len(w.word) == 1
            and _CJK.fullmatch(w.word)
            and w.pos[:1] not in _FUNCTION_POS
            and last.pos[:1] in _NOUN_POS
            and w.word not in stop
            and not _QUESTION_WORD.search(w.word)
            and len(last.word) >= 2
            and last.word not in stop
            and not any(knowledge.in_corpus(a) for a in vocab.alternatives(last.word))
        ):
            out[-1] = (Tagged(last.word + w.word, "nz"), piece)
        else:
            out.append((w, piece))
    return _joined_singles(out, knowledge, stop)


def _single(w: Tagged, stop: frozenset[str] | set[str]) -> bool:
    return (
        len(w.word) == 1
        and _CJK.fullmatch(w.word) is not None
        and w.pos[:1] not in _BOUND_POS
        and not w.pos.startswith("nr")  # 宋 / 佳: a surname and a given name name who, not what is asked
        and w.word not in stop
        and not _QUESTION_WORD.search(w.word)
    )


def _joined_singles(
    tagged: list[tuple[Tagged, int]], knowledge: Knowledge, stop: frozenset[str] | set[str]
) -> list[tuple[Tagged, int]]:
    """减 / 权 → 减权: single characters the dictionary cut apart, which the documents write together, are the
    documents' word (the longest run the corpus holds); alone each would be dropped as too short to weigh."""
    out: list[tuple[Tagged, int]] = []
    i = 0
    while i < len(tagged):
        run = i
        while run < len(tagged) and tagged[run][1] == tagged[i][1] and _single(tagged[run][0], stop):
            run += 1
        for end in range(run, i + 1, -1):
            word = "".join(w.word for w, _ in tagged[i:end])
            if knowledge.in_corpus(word):
                out.append((Tagged(word, "nz"), tagged[i][1]))
                i = end
                break
        else:
            out.append(tagged[i])
            i += 1
    return out


def _asked_heads(tagged: list[tuple[Tagged, int]]) -> set[int]:
    """Positions of the nouns a question word asks for: the head (last word) of the noun phrase right after
    it (哪些宣传渠道 → 渠道, 哪几类科技成果转化项目 → 项目), never across punctuation (几次，普法讲座); the
    words before the head qualify it and stay the question's subject."""
    heads: set[int] = set()
    for i in range(1, len(tagged)):
        (before, piece), (_, here) = tagged[i - 1], tagged[i]
        if _QUESTION_WORD.match(before.word) is None or here != piece:
            continue
        if before.word in _WHERE and tagged[i][0].pos == "v":
            # 在哪登记过: a verb right after 哪 is the predicate, asked where it is done (after 什么, 要求 in 有什么要求
            # is tagged a verb too, yet it is the kind of answer)
            continue
        j = head = i
        while (
            j + 1 < len(tagged)
            and tagged[j + 1][1] == here
            and tagged[j + 1][0].pos[:1] in _PHRASE_POS
            and tagged[j][0].pos[:1] in _PHRASE_POS
        ):
            j += 1
            if tagged[j][0].pos[:1] in _NOUN_POS or tagged[j][0].pos == "vn":
                head = j  # 哪些文件起草的: a verb after the nouns is the predicate, not the head
        heads.add(head)
        # 哪几个县市区科技局: a word of administrative levels only (县市区, 县区, 乡镇) qualifying the head is the kind of
        # answer too, said by the answer's instances (湘阴县科技局, 汨罗市科技局), never by those words.
        heads.update(k for k in range(i, head) if _LEVELS_ONLY.fullmatch(tagged[k][0].word))
    return heads


_WHERE = {"哪", "哪里", "哪儿"}
# Words that name the kind of answer wherever they stand (截止时间几号, 总量多少, 奖金多少): not the thing asked about.
_ANSWER_KINDS = re.compile(
    r"(?:时间|日期|时限|期限|地点|地址|金额|数额|数量|总量|总额|总数|个数|人数|合计|累计|奖金|名称|名单|比例|比重|"
    r"标准|条件|要求|方式|情况|内容)$"
)


def _asked_of(tagged: list[tuple[Tagged, int]]) -> set[int]:
    """Positions of the noun a question word asks about: the noun right before it in one piece (群众投诉多少件 →
    投诉, 活动总结几号前报 → 总结), or before a preposition before it (开幕式在哪里办 → 开幕式). A span that never
    says it states a figure, a day or a place of something else. A verb there is the predicate (报哪里, 累计多少家)."""
    heads: set[int] = set()
    for i in range(1, len(tagged)):
        (after, here) = tagged[i]
        if _QUESTION_WORD.match(after.word) is None:
            continue
        k = i - 1
        if k > 0 and tagged[k][0].pos == "p" and tagged[k][1] == here:
            k -= 1  # 在哪里, 于何时
        word, piece = tagged[k]
        # 投诉多少件, 咨询几次: a verb counted by a measure word of events names the events counted (a thing); one of
        # the closed class that says how a quantity stands (累计, 新增, 达到) stays the predicate.
        counted = (
            word.pos == "v"
            and k == i - 1
            and _EVENT_COUNT.match("".join(w.word for w, p in tagged[i : i + 2] if p == here)) is not None
            and word.word not in _QUANTITY_VERBS
        )
        nominal = word.pos[:1] in _NOUN_POS or word.pos == "vn" or counted
        if piece == here and nominal and not _ANSWER_KINDS.search(word.word):
            heads.add(k)
    return heads


_EVENT_COUNT = re.compile(r"(?:多少|几)[件条次篇份起宗]")
_QUANTITY_VERBS = {
    "累计",
    "新增",
    "共计",
    "合计",
    "达到",
    "增加",
    "减少",
    "增长",
    "下降",
    "完成",
    "超过",
    "共有",
    "达",
}
_LEVELS_ONLY = re.compile(r"[省市县区乡镇街道村、()（）]{2,}")


# Numerals and grades: 特等奖 is no typo of 二等奖, nor 甲类 of 乙类, however close the spelling.
_GRADES = set("一二三四五六七八九十百千零〇两特甲乙丙丁首")


def _regraded(word: str, respelled: str) -> bool:
    return any(a != b and (a in _GRADES or b in _GRADES) for a, b in zip(word, respelled, strict=False))


def _pos_weight(pos: str) -> float:
    return policy.POS_WEIGHT.get(pos, policy.POS_WEIGHT.get(pos[:1], policy.POS_DEFAULT)) if pos else 0.0


def _inside_phrase(tagged: list[tuple[Tagged, int]], n: int) -> bool:
    """The n-th word stands between two words of a noun phrase in one piece of the question (经费 内部 支出)."""
    if n == 0 or n + 1 >= len(tagged):
        return False
    (before, p), (_, q), (after, r) = tagged[n - 1], tagged[n], tagged[n + 1]
    return p == q == r and before.pos[:1] in _PHRASE_POS and after.pos[:1] in _PHRASE_POS


def terms_of(
    question: Question,
    knowledge: Knowledge,
    vocab: Vocabulary,
    text: str | None = None,
    without: tuple[str, ...] = (),
) -> list[Term]:
    """The weighted words of ``text`` (default: the question without its 文号 and years), leaving out
    the words ``without`` (those that already picked the documents: 省科技厅, 科技进步法)."""
    raw = question.folded if text is None else text
    as_asked = raw
    for cue in sorted(without, key=len, reverse=True):
        raw = raw.replace(cue, " ")
    # 一二三等奖: grades said once for several words, each its own word.
    raw = _SHARED_HEAD.sub(lambda m: "、".join(ch + m.group(2) for ch in m.group(1)), raw)
    for d in question.docnos:
        raw = raw.replace(d, " ")
    raw = ARTICLE_NUMBER.sub(" ", YEAR_MENTION.sub(" ", raw))
    raw = _A_NOT_A.sub(" ", raw)
    raw = _EXCLUDED.sub(" ", raw)  # （当年，不是累计）: what the question rules out is no word it asks with
    stop = stopwords() | vocab.stopwords
    n_chunks = max(knowledge.passages, 1)  # distinct passages: editions of one do not dilute its words
    terms: dict[str, Term] = {}
    # A phrase the documents put in quotation marks (“最多跑一次”, “放管服”) is one named thing, whatever
    # jieba makes of it (最多 / 跑 / 一次).
    # Only where the question's own words begin and end with it: 加强科技馆 holds “强科技” across two words.
    bounds = _word_bounds(raw, knowledge) if any(p in raw for p in knowledge.quoted_phrases) else set()
    for phrase in sorted(knowledge.quoted_phrases, key=len, reverse=True):
        at = raw.find(phrase)
        if at >= 0 and (at in bounds or not bounds) and (at + len(phrase) in bounds or not bounds):
            terms[phrase] = Term(phrase, (match_key(phrase),), knowledge.idf(phrase), True, True, True)
            raw = raw.replace(phrase, " ")
    # “六强”是哪六个: a phrase the question itself puts in quotation marks, which the corpus holds as written, is
    # one named thing too (a numbered slogan: jieba reads 六 as a numeral and drops it, 强 as too short to weigh).
    for m in _QUESTION_QUOTED.finditer(raw):
        phrase = m.group(1)
        if phrase not in terms and knowledge.in_corpus(phrase):
            terms[phrase] = Term(phrase, (match_key(phrase),), knowledge.idf(phrase), True, True, True)
            raw = raw.replace(m.group(0), " ")
    # R&D, PCT, GDP: a Latin term is one word, in the case the corpus writes it (gdp typed for GDP); the
    # tokenizer would fold it to lower case and cut it at &.
    for m in _LATIN.finditer(raw):
        latin = m.group(0)
        spelled = next((c for c in (latin, latin.upper(), latin.lower()) if knowledge.in_corpus(c)), latin)
        # GDP for 地区生产总值: the staff vocabulary maps a Latin term as any other word.
        alternatives = tuple(dict.fromkeys(match_key(a) for a in [spelled, *vocab.alternatives(spelled)[1:]]))
        said = any(knowledge.in_corpus(a) for a in alternatives)
        weight = policy.POS_WEIGHT["eng"] * (max(knowledge.idf(a) for a in alternatives) if said else 1.0)
        terms.setdefault(spelled, Term(spelled, alternatives, weight, True, said, True))
    raw = _LATIN.sub(" ", raw)
    # 第二批, 第八届: an ordinal names one edition; a passage about another does not answer.
    for m in ORDINAL.finditer(raw):
        said = knowledge.in_corpus(m.group(0))
        weight = knowledge.idf(m.group(0)) if said else 1.0
        terms.setdefault(m.group(0), Term(m.group(0), (m.group(0),), weight, True, said, True, True))
    raw = ORDINAL.sub(" ", raw)
    tagged = [
        (w, i) for i, piece in enumerate(_PUNCTUATION.split(raw)) for w in knowledge.tokenizer.tagged(piece)
    ]
    tagged = _unknown_words(_negated(_unglued(tagged, knowledge, vocab)), knowledge, vocab, stop)
    # 依据是哪条: no preposition stands right before 是; 依据 there is a noun, the kind of answer wanted.
    nouned = {w.word for (w, p), (nxt, q) in pairwise(tagged) if w.pos == "p" and nxt.word == "是" and p == q}
    tagged = [(Tagged(w.word, "n") if w.word in nouned else w, p) for w, p in tagged]
    # 科技局这种政府部门, 高企这类企业: the word before 这种 is an instance; the category after it is asked about.
    instances = {
        w.word
        for (w, _), (nxt, _), (nxt2, _) in zip(tagged, tagged[1:], [*tagged[2:], (None, 0)], strict=False)
        if nxt.word in _INSTANCE_MARK or (nxt.word == "这" and nxt2 and nxt2.word in "类种样")
    }
    heads = _asked_heads(tagged)
    asked_of = _asked_of(tagged)
    # 是谁领衔的, 谁带队: the word right after 谁 says what the person did, the predicate of a who-question.
    acted = {
        n for n, ((prev, q), (_, p)) in enumerate(pairwise(tagged), start=1) if prev.word == "谁" and p == q
    }
    for n, ((word, pos), _) in enumerate(tagged):
        asked_for = n in heads or word in nouned
        if (
            word in terms
            or (word in stop and word not in nouned)
            or NUMBER.fullmatch(word)
            or _QUESTION_WORD.search(word)
        ):
            continue
        weight = _pos_weight(pos)
        if pos == "f" and len(word) == 2 and _inside_phrase(tagged, n):
            # 经费内部支出 / 经费外部支出: a localizer inside a noun phrase tells two indicators apart
            weight = policy.INNER_LOCALIZER_WEIGHT
        if asked_for:  # 哪个单位, 什么责任制: the kind of answer wanted, not what the question is about
            weight *= policy.ANSWER_TYPE_WEIGHT
        alternatives = tuple(match_key(a) for a in vocab.alternatives(word))
        synonym = len(alternatives) > 1
        if synonym:
            weight = max(
                weight, policy.SYNONYM_MIN_WEIGHT
            )  # a staff abbreviation (高企) names a subject whatever jieba tags it
        if weight <= 0 or (len(word) < 2 and not synonym):
            continue
        present = any(knowledge.in_corpus(a) for a in alternatives)
        if not present and (bare := _measured(word)) and knowledge.in_corpus(match_key(bare)):
            # 累计数, 入库量, 成交额度: the thing counted with a measure word after it, which the documents
            # state as a figure of the thing (累计达到474家): the thing itself is what a passage must say; so is
            # what a 情况表 is a table of.
            alternatives, present = (*alternatives, match_key(bare)), True
        if not present and len(word) >= 3 and word[-1] in _LOCATIVE:
            # 年报里, 通知中: a place word glued to the noun it follows (jieba keeps 年报里 whole) says that noun
            stem = match_key(word[:-1])
            if knowledge.in_corpus(stem) or knowledge.has_abbreviation(stem, policy.ABBREVIATION_SPAN):
                alternatives, present = (*alternatives, stem), knowledge.in_corpus(stem)
        if not present and n in acted and not synonym:
            # 谁领衔的 over a list saying 陈晓雷等11位同志: the documents name the person without the staff's verb
            # for the role; the question still asks who, and a word they never use is no subject of it.
            continue
        abbreviated = not present and any(
            knowledge.has_abbreviation(a, policy.ABBREVIATION_SPAN) for a in alternatives
        )
        if (
            not present
            and not abbreviated
            and len(word) >= policy.RESPELL_MIN_CHARS
            and _CJK_WORD.fullmatch(word)
        ):
            # 高薪技术 for 高新技术: one character off a word the corpus uses (a word, not any string: 增加值 is
            # no typo of 增加了), the two characters read alike, a pinyin keyboard's slip, and neither is a numeral or
            # grade: 特等奖 is no typo of 二等奖, nor 乙等 of 一等.
            respelled = next(
                (
                    r
                    for r in knowledge.corpus.respellings(word)
                    if knowledge.df(r) and _sounds_alike(word, r) and not _regraded(word, r)
                ),
                None,
            )
            if respelled is not None:
                alternatives, present = (*alternatives, respelled), True
        df_share = max(knowledge.df(a) for a in alternatives) / n_chunks
        idf = max(knowledge.idf(a) for a in alternatives)
        if present and df_share > policy.COMMON_DF_SHARE:
            idf *= policy.COMMON_IDF_SHARE  # framing words of this corpus (工作, 情况, 报告)
        subject = (
            (pos in _SUBJECT_POS or synonym or pos in _PLACE_POS) and not asked_for and word not in instances
        )
        if word in instances:
            weight *= policy.INSTANCE_WEIGHT
        named = synonym or pos in _NAMED_POS or len(word) >= 3
        terms[word] = Term(
            word,
            alternatives,
            weight * idf if present or abbreviated else weight,
            subject,
            present or abbreviated,
            named,
            # the thing a figure is asked of must be said even when the corpus never says it (no 投诉, no 投诉 figure)
            bool(_LEVEL.fullmatch(word))
            or (n in asked_of and len(word) >= 2 and not synonym and (present or question.is_figure)),
            asked_for,
        )
    if not terms and without and raw != as_asked:
        # 某某认定管理办法共有几章几条: every word named the document; its title is the subject then.
        return terms_of(question, knowledge, vocab, text)
    # 邮箱，邮箱地址是啥: a word the corpus lacks that opens with a word the question also weighs and the corpus has
    # (邮箱地址 ⊃ 邮箱) says nothing more the documents could hold: that word stands for it.
    for word in [w for w, t in terms.items() if not t.in_corpus]:
        if any(k != word and t.in_corpus and len(k) >= 2 and word.startswith(k) for k, t in terms.items()):
            del terms[word]
    known = [t.weight for t in terms.values() if t.in_corpus]
    typical = sum(known) / len(known) if known else 1.0
    absent = policy.ABSENT_WEIGHT_FIGURE if question.is_figure and text is None else policy.ABSENT_WEIGHT
    return [
        t
        if t.in_corpus
        else Term(
            t.word,
            t.alternatives,
            t.weight * absent * typical,
            t.subject,
            False,
            t.named,
            t.required,
            t.asked,
        )
        for t in terms.values()
    ]


def coverage(terms: list[Term], text: str, context: str = "") -> tuple[float, list[Term]]:
    """Share of the terms' weight that ``text`` supports (``context``, the heading path and title, at a
    discount), and the terms it leaves unsupported."""
    total = sum(t.weight for t in terms)
    if total <= 0:
        return 0.0, []
    got, missing = 0.0, []
    for t in terms:
        s = support(t, text)
        if context and s < 1.0:
            s = max(s, policy.CONTEXT_SUPPORT * support(t, context))
        got += t.weight * s
        if s < policy.SUBJECT_SUPPORT:
            missing.append(t)
    return got / total, missing
