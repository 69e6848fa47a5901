"""发文字号 (document numbers): find them in any text and normalize them to ``代字〔YYYY〕N号``.

Invariant: a damaged number (year lost, brackets dropped) yields nothing rather than a guess,
and every form that GB/T 9704 or real extraction produces yields the same canonical key.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from jzbot import data
from jzbot.text import CJK, cn_to_int

_OPEN, _CLOSE = "〔[【(〖〘{〈《", "〕]】)〗〙}〉》"
_DOCNO = re.compile(
    rf"(?P<org>[{CJK}A-Za-z]{{1,12}})\s*[{re.escape(_OPEN)}]\s*(?P<year>(?:19|20)\d{{2}})\s*"
    rf"[{re.escape(_CLOSE)}]\s*(?:字\s*)?(?:第\s*)?(?P<num>\d{{1,5}})\s*号"
)
# 新科 2019 3号: the brackets lost, the year set off by a space (a form typed, or left by extraction).
_SPACED = re.compile(
    rf"(?P<org>[{CJK}A-Za-z]{{1,12}})[ \t\u3000]*(?P<year>(?:19|20)\d{{2}})[ \t\u3000]+(?P<num>\d{{1,5}})\s*号"
)
_LING = re.compile(
    rf"(?P<org>(?:(?![令第号])[{CJK}]){{1,12}}令)\s*第\s*(?P<num>[0-9零〇一二三四五六七八九十百千]+)\s*号"
)
# Words that glue a number to the text before it: the agency code is what follows the last of them.
_SPLIT = re.compile(
    rf"根据|依据|按照|参照|执行|落实|贯彻|印发|转发|关于|文件|通知|精神|要求|以及|是|的|和|跟|或|及|与|、|号|即|为|见|"
    # 委 ends an organization's name (市科委), but 委办 is itself a code (揭东委办发: a 党委办公室's).
    rf"(?:局|厅|委员会|政府|办公室|党组|委(?!办)|办)(?=[{CJK}A-Za-z]{{2}})"
)
_LEAD = re.compile(r"^.*(?:根据|依据|按照|参照|执行|落实|贯彻|印发|转发|关于|以及|和|跟|或|及|与|、|见|是)")
# Known agency codes, longest first, so 焦科组 is not cut to 组 nor 焦科.
KNOWN_CODES = sorted(data.lines("agency_codes.txt"), key=len, reverse=True)


@dataclass(frozen=True)
class DocNo:
    """One document number as found: canonical key, the raw span and where it sits in the text."""

    key: str
    raw: str
    start: int
    end: int


def _nfkc_keep_length(text: str) -> str:
    # NFKC per character where it keeps one character, so spans map back onto the original text.
    out = []
    for ch in text:
        n = unicodedata.normalize("NFKC", ch)
        out.append(n if len(n) == 1 else ch)
    return "".join(out)


def _agency(org: str) -> str:
    for code in KNOWN_CODES:
        if org.endswith(code):
            return code
    tail = _SPLIT.split(org)[-1]
    return tail or org


def find_docnos(text: str) -> list[DocNo]:
    """Every well-formed 文号 and 令 number in ``text``, canonical, in order of appearance."""
    t = _nfkc_keep_length(text)
    found: list[DocNo] = []
    for m in [*_DOCNO.finditer(t), *_SPACED.finditer(t)]:
        org = _agency(m["org"])
        start = m.end("org") - len(org)
        found.append(DocNo(f"{org}〔{m['year']}〕{int(m['num'])}号", text[start : m.end()], start, m.end()))
    for m in _LING.finditer(t):
        org = _LEAD.sub("", m["org"].split("中华人民共和国")[-1]) or m["org"]
        num = cn_to_int(m["num"])
        if num is None:
            continue
        start = m.end("org") - len(org)
        found.append(DocNo(f"{org}第{num}号", text[start : m.end()], start, m.end()))
    return sorted(found, key=lambda d: d.start)


def normalize_docno(text: str) -> str | None:
    """The canonical form of the first 文号 in ``text``, or None when there is none (or it is damaged)."""
    hits = find_docnos(text)
    return hits[0].key if hits else None


def docno_year(key: str) -> int | None:
    m = re.search(r"〔(\d{4})〕", key)
    return int(m.group(1)) if m else None
