"""Chinese text primitives shared by every stage: folding, spacing repair, sentences, numerals.

Invariant: nothing here changes the wording of a source text; ``fold`` is for matching only,
and stored text keeps its own punctuation (全角 stays 全角).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from jzbot import data
from jzbot.text.patterns import (
    ARTICLE_AT_END,
    ARTICLE_AT_START,
    ARTICLE_NUMBER,
    BASELINE_YEAR,
    BODY_SECTION,
    CJK,
    CN_NUMERAL,
    CN_YEAR,
    CONTACT_LINE,
    DATE,
    DEADLINE,
    FIELD_LINE,
    FRONT,
    FRONT_SECTIONS,
    INLINE_ITEM,
    ITEM_LINE,
    ITEM_MARK,
    LIST_MARK,
    NUMBER,
    ORDINAL,
    ORGANIZATION_LINE,
    PERIOD,
    PERIOD_LENGTH,
    PERIOD_TEXT,
    PHONE,
    RELATIVE_YEARS,
    TABLE_ROW,
    TABLE_SECTION,
    TAIL,
    WINDOW,
    YEAR,
    YEAR_MENTION,
)

__all__ = [
    "ARTICLE_AT_END",
    "ARTICLE_AT_START",
    "ARTICLE_NUMBER",
    "BASELINE_YEAR",
    "BODY_SECTION",
    "CJK",
    "CN_NUMERAL",
    "CN_YEAR",
    "CONTACT_LINE",
    "DATE",
    "DEADLINE",
    "FIELD_LINE",
    "FRONT",
    "FRONT_SECTIONS",
    "INLINE_ITEM",
    "ITEM_LINE",
    "ITEM_MARK",
    "LIST_MARK",
    "NUMBER",
    "ORDINAL",
    "ORGANIZATION_LINE",
    "PERIOD",
    "PERIOD_LENGTH",
    "PERIOD_TEXT",
    "PHONE",
    "RELATIVE_YEARS",
    "TABLE_ROW",
    "TABLE_SECTION",
    "TAIL",
    "WINDOW",
    "YEAR",
    "YEAR_MENTION",
]

CJK_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】〔〕…—·"
_CJK_OR_PUNCT = rf"[{CJK}{CJK_PUNCT}]"

# Spaces that PDF extraction puts between Chinese and digits ("共召开 4 次") are artifacts.
_SPACE_AROUND_CJK = re.compile(rf"(?<={_CJK_OR_PUNCT})[ \t\u3000]+|[ \t\u3000]+(?={_CJK_OR_PUNCT})")
_TERMINAL = "。！？；：:;!?”」』"
SENTENCE_END = re.compile(r"(?<=[。！？!?])(?![”」』）)])|(?<=[。！？!?][”」』])")
CLAUSE_END = re.compile(r"(?<=[；;])")


# Single-character surnames (data/surnames.txt): a person's name in an official text is one of them and one or
# two characters, after a post or a role (局长张某某, 解读人：张某某, 主持人某某).
SURNAMES = "".join(dict.fromkeys("".join(data.lines("surnames.txt"))))
# Posts and roles a name stands beside: a 局长 or a 县长, a 主任, a 委员 or 代表, the one who 主持 or 解读 a text.
POST = (
    r"联系人|解读人|主持人|负责人|发言人|提案人|申报人|经办人|嘉宾|书记|主席|主任|组长|律师|同志|委员|代表|"
    r"[局厅处科县市区省州镇乡院校部司社馆]长"
)
# Before a post only the commonest surnames: 党组书记 and 国家主席 name no one.
COMMON_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
# A group led by its first name: 陈某某等11位同志, 王某等5名专家 (the person first named, then 等 and a count).
PERSON = re.compile(
    rf"(?:{POST})[:：]?[{SURNAMES}](?!{POST})[{CJK}]{{1,2}}|[{COMMON_SURNAMES}][{CJK}]{{1,2}}(?:{POST})|"
    rf"(?<![{CJK}])[{COMMON_SURNAMES}][{CJK}]{{1,2}}等\s*(?:\d+|[{CN_NUMERAL}]+)\s*(?:位|名|人)|"
    # 综合科:王玮5820696, 联系：张强 0391-1234567: a name right after a label's colon and before a phone number
    rf"[:：]\s*[{COMMON_SURNAMES}][{CJK}]{{1,2}}[\s,，]*(?:电话[:：]?)?(?:0\d{{2,3}}\s*[-—－]\s*)?\d{{7,8}}(?!\d)"
)


_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=8192)  # an answer folds the same passages many times over
def fold(text: str) -> str:
    """NFKC + no white space: the key used for every comparison (matches the scorer's folding)."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text or ""))


_QUOTES = re.compile(r"[“”‘’\"'「」『』]")


def match_key(text: str) -> str:
    """``fold`` without quotation marks: “瞪羚”企业 and 瞪羚企业 are the same words to a reader."""
    return _QUOTES.sub("", fold(text))


_BREAK = re.compile(r"[\d，。、；：,;:！？!?\s]")


def abbreviation_in(word: str, text: str, span: int) -> bool:
    """``word``'s characters occur in ``text`` in order within ``span`` × its length: how Chinese
    abbreviates (高企 in 高新技术企业, 律所 in 法律事务所, 科技进步法 in 科学技术进步法)."""
    if len(word) < 2:
        return False
    window = span * len(word)
    start = text.find(word[0])
    while start != -1:
        pos = start
        for ch in word[1:]:
            pos = text.find(ch, pos + 1, start + window)
            if pos == -1:
                break
        else:
            if not _BREAK.search(text, start, pos):  # 提案8件 is no 案件: a number or a stop splits words
                return True
        start = text.find(word[0], start + 1)
    return False


def reordered_in(word: str, text: str) -> bool:
    """``word``'s characters occur together in ``text`` in another order (高风险 in 风险高的, 转化成果 in
    成果转化): a paraphrase of three or more characters, at most one character between them."""
    if len(word) < 3 or not all(ch in text for ch in word):
        return False
    width = len(word) + 1
    return any(
        text[start] in word and all(ch in text[start : start + width] for ch in word)
        for start in range(len(text) - len(word) + 1)
    )


def squeeze_spaces(text: str) -> str:
    """Drop extraction spaces next to Chinese characters; keep spaces between Latin words."""
    return _SPACE_AROUND_CJK.sub("", text)


def split_sentences(text: str) -> list[str]:
    """Split at 。！？ keeping the closing quote with its sentence; never returns empty strings."""
    return [s.strip() for s in SENTENCE_END.split(text) if s.strip()]


_TITLE_LINE_MAX = 40  # longer lines are prose, even without punctuation
_SENTENCE_PUNCT = re.compile(r"[，。；：！？,;:!?、]")


def standalone(line: str) -> bool:
    """A date, an organization, a field (联系人:…), a contact or a title alone on its line: a unit of its own, never
    the start of the sentence on the next line."""
    line = line.strip()
    if DATE.fullmatch(line) or ORGANIZATION_LINE.match(line) or FIELD_LINE.match(line):
        return True
    if len(line) <= _TITLE_LINE_MAX and PHONE.search(line):  # 某局某科：0557-3022058: a contact of its own
        return True
    # A title or a name on its own line (驻马店市“十四五”科技创新和): short and without sentence punctuation.
    return 0 < len(line) <= _TITLE_LINE_MAX and not _SENTENCE_PUNCT.search(line)


def split_text(text: str) -> list[str]:
    """The sentences of a chunk's text: its lines joined (a chunk's lines are paragraphs cut by the chunker),
    except that a standalone line (a date, a signature, a contact field) is a sentence by itself."""
    return _split(text, items=False)


def split_items(text: str) -> list[str]:
    """The sentences of a chunk's text as a list reads them: as ``split_text``, except that a line opening a
    list item (1)…, ①…, 一要…) starts a sentence and a line ending with a colon (…条件:) ends one. Evidence
    keeps such lines joined (a law's lead and its items weigh together); a list shows them apart."""
    return _split(text, items=True)


def _split(text: str, items: bool) -> list[str]:
    out: list[str] = []
    run: list[str] = []
    for line in text.split("\n"):
        if standalone(line):
            out += split_sentences("".join(run))
            out += split_sentences(line)
            run = []
            continue
        if items and run and ITEM_LINE.match(line):
            out += split_sentences("".join(run))
            run = []
        run.append(line)
        if items and line.rstrip().endswith((":", "：")):
            out += split_sentences("".join(run))
            run = []
    return out + split_sentences("".join(run))


def split_clauses(sentence: str) -> list[str]:
    """Split a sentence at ；, the boundary between parallel facts in 公文 prose."""
    return [s.strip() for s in CLAUSE_END.split(sentence) if s.strip()]


def ends_sentence(line: str) -> bool:
    return bool(line) and line[-1] in _TERMINAL


# Chinese digits and the units below 万: the one table every numeral reader here shares.
CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
# a year typed with the Latin letter O for 〇 (二O二二) still reads as a year
_CN_DIGITS = {**CN_DIGITS, "O": 0}


def cn_to_int(text: str) -> int | None:
    """Chinese numerals (一百一十七, 二○○八) or Arabic digits to int; None if not a number."""
    text = unicodedata.normalize("NFKC", text.strip())
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if all(ch in _CN_DIGITS for ch in text):  # digit-by-digit years: 二○○八
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch in CN_SMALL_UNITS:
            total += (current or 1) * CN_SMALL_UNITS[ch]
            current = 0
        else:
            return None
    return total + current


def arabic_years(text: str) -> str:
    """二〇二二年 → 2022年: a year in Chinese digits as the Arabic year it is (the text's length may change)."""
    return CN_YEAR.sub(lambda m: str(cn_to_int(m.group(1))), text)


# 22年, 18年度: a year typed by its last two digits (as staff type it), not a span of years (近10年, 满20年, 10年以上).
_SHORT_YEAR = re.compile(
    r"(?<![\d.])(?<!近)(?<!满)(?<!前)(?<!后)(?<!第)(?<!每)(?<!约)(?<!达)(?<!逾)(?<!过)(?<!超过)(?<!连续)(?<!历时)"
    r"(?P<yy>[0-3]\d)(?=年(?!以上|以下|以内|之内|内|来|间|左右|多|后|前|期|制))"
)


def short_years(text: str) -> str:
    """22年 → 2022年: a question's two-digit year as the year it means (00–39 → 2000–2039)."""
    return _SHORT_YEAR.sub(lambda m: "20" + m["yy"], text)


def years_in(text: str) -> list[int]:
    """Every calendar year ``text`` states (2023年, 2023 年, 二〇二三年), in order."""
    return [int(y) for y in YEAR.findall(arabic_years(text))]


def parse_date(text: str) -> str | None:
    """First full date in ``text`` as ISO ``YYYY-MM-DD`` (Arabic or Chinese numerals)."""
    m = DATE.search(text)
    if not m:
        return None
    y, mo, d = (cn_to_int(g) for g in m.groups())
    if not (y and mo and d) or not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"
