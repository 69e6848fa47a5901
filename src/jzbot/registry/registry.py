"""Registries built from the indexed chunks: every 文号 (with title, issuer, status), every figure, and the
phrases the texts put in quotation marks.

Invariant: every entry points at the exact sentence it was read from, so an answer built from the
registry can always quote and cite its source.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from jzbot.models import Chunk, DocMeta, DocNoEntry, Figure, Mention, Status
from jzbot.registry.docno import docno_year, find_docnos
from jzbot.text import NUMBER, TABLE_ROW, TABLE_SECTION, YEAR, fold, split_clauses, split_sentences

# The verbs that say what happened to a cited document, nearest before it wins.
_ACTIONS = [
    ("废止", "废止"),
    ("宣布失效", "废止"),
    ("失效", "废止"),
    ("废除", "废止"),
    ("修订", "修订"),
    ("修改", "修订"),
    ("修正", "修订"),
    ("新制定", "制定"),
    ("制定", "制定"),
    ("出台", "制定"),
    ("印发", "印发"),
    ("发布", "印发"),
]
_STATUS: dict[str, Status] = {"废止": "已废止", "修订": "已修订", "制定": "有效", "印发": "有效"}
_TITLE_BEFORE = re.compile(r"《([^《》]{2,120})》\s*[(（]?\s*$")
_BRACKETED = re.compile(r"《[^《》]*》|〈[^〈〉]*〉|<[^<>]*>")

UNITS = "亿元|万元|元|家|项|人次|人|名|次|件|份|个|篇|场|所|台|套|条|期|批|位|倍|%|％"
_SCOPES = ("净增", "新增", "累计", "总数", "全市", "全省", "全年", "共")


_QUOTED = re.compile(r"“([^”“]{3,12})”")


def build_quoted(rows: Iterable[tuple[Chunk, DocMeta]]) -> set[str]:
    """The phrases the corpus puts in “”: named slogans, campaigns and programmes (最多跑一次, 放管服)."""
    return {p for c, _ in rows for p in _QUOTED.findall(fold(c.text)) if not NUMBER.search(p)}


def _action_before(text: str) -> str:
    """The last action verb in ``text`` outside 《》 (关于印发〈…〉 inside a title is not an action)."""
    bare = _BRACKETED.sub(lambda m: " " * len(m.group(0)), text)
    best, pos = "", -1
    for word, action in _ACTIONS:
        i = bare.rfind(word)
        if i > pos:
            best, pos = action, i
    return best


def build_docnos(rows: Iterable[tuple[Chunk, DocMeta]]) -> dict[str, DocNoEntry]:
    entries: dict[str, DocNoEntry] = {}
    for chunk, meta in rows:
        if meta.doc_number:
            e = entries.setdefault(meta.doc_number, DocNoEntry(doc_number=meta.doc_number))
            e.own_doc_id = meta.doc_id
            e.title = e.title or meta.title
            e.issuer = e.issuer or meta.issuer
            e.year = docno_year(meta.doc_number)
            if e.status == "未知":
                e.status = "有效"
        for sentence in split_sentences(chunk.text):
            found = find_docnos(sentence)
            prev_end = 0
            for d in found:
                e = entries.setdefault(d.key, DocNoEntry(doc_number=d.key, year=docno_year(d.key)))
                before = sentence[: d.start]
                m = _TITLE_BEFORE.search(before)
                if m and not e.title:
                    e.title = m.group(1)
                action = (
                    _action_before(sentence[: d.start])
                    if not prev_end
                    else (_action_before(sentence[prev_end : d.start]) or _action_before(sentence[: d.start]))
                )
                prev_end = d.end
                if not e.issuer and m:
                    im = re.match(r"^(.{2,40}?(?:局|厅|政府|委员会|办公室|党组))(?:关于|印发)", m.group(1))
                    e.issuer = im.group(1) if im else ""
                years = YEAR.findall(sentence[: d.start])
                when = int(years[-1]) if years else meta.year
                if action in ("废止", "修订"):
                    # Only a document that is itself on record (its own 文号 and date) can repeal another: an
                    # uploaded note saying "焦科〔2023〕45号已废止" is a mention, not a change of status.
                    if meta.doc_number and meta.date and d.key != meta.doc_number:
                        e.status, e.status_year, e.status_chunk = _STATUS[action], when, chunk.id
                elif e.status == "未知" and action:
                    e.status, e.status_year = _STATUS[action], when
                e.mentions.append(
                    Mention(doc_id=meta.doc_id, chunk_id=chunk.id, sentence=sentence, action=action)
                )
    return entries


_VERBS = re.compile(
    r"^(?:[一二三四五六七八九十]是|其中)|(?:19|20)\d{2}\s*年度?|达到|共计?|累计|新增|净增|总数|全年|全市|全省|完成|开发|聘请|召开|获得|办理答复|"
    r"认定|评选|出具|进行|参加|新入选|备案入库|分别|位居|居|先后|严格|[，、。；：:（()）\s]"
)
_ANY_FIGURE = re.compile(
    rf"(?P<value>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<unit>{UNITS})|(?P<rankword>居|位居|排名|列)(?P<rscope>全省|全国|全市)?第\s*"
    rf"(?P<rvalue>\d+(?:\s*[、,，]\s*\d+)*)\s*位?"
)


def _name(text: str) -> str:
    return _VERBS.sub("", text).strip('的“”"')


def build_figures(rows: Iterable[tuple[Chunk, DocMeta]]) -> list[Figure]:
    """Figures with indicator and scope; a bare 累计/总数/排名 figure takes the subject before it,
    and a 分别 list is matched to the enumeration it follows. A table cell's indicator is its row
    header plus its column header (温县 + 技术合同成交额)."""
    figures: list[Figure] = []
    for chunk, meta in rows:
        table = TABLE_SECTION in chunk.section
        for sentence in split_sentences(chunk.text.replace("\n", "")):
            row = TABLE_ROW.match(sentence) if table else None
            row_header = row["row"].strip() if row else ""
            years = [int(y) for y in YEAR.findall(sentence)]
            year = years[0] if years else meta.year
            last = ""
            enumeration: list[str] = []
            pending: list[str] = []  # names of the current 、-list
            list_scope = last_scope = ""

            for clause in split_clauses(sentence):
                prev_end, respectively = 0, 0
                for m in _ANY_FIGURE.finditer(clause):
                    before = clause[prev_end : m.start()]
                    prev_end = m.end()
                    seg = re.split(r"[，；：,;:（(]", before)[-1]
                    scope = next((w for w in _SCOPES if w in seg), "")
                    if "分别" in before:
                        enumeration, pending, respectively = pending or enumeration, [], 0
                        list_scope = scope
                    if m.group("rvalue"):
                        values = re.split(r"\s*[、,，]\s*", m.group("rvalue"))
                        names = enumeration if len(values) > 1 and len(enumeration) == len(values) else [last]
                        for name, value in zip(names, values, strict=False):
                            figures.append(
                                Figure(
                                    indicator=name,
                                    value=value,
                                    unit="位",
                                    scope=m.group("rscope") or "排名",
                                    sentence=clause,
                                    year=year,
                                    doc_id=meta.doc_id,
                                    chunk_id=chunk.id,
                                )
                            )
                        continue
                    if clause[m.end() : m.end() + 1] == "年":
                        continue
                    if "分别" in clause[: m.start()] and enumeration and respectively < len(enumeration):
                        name = enumeration[respectively]
                        respectively += 1
                        scope = scope or list_scope
                    else:
                        name = _name(seg)
                        if not name:  # 新增65家市工程技术研究中心: the indicator follows the number
                            after = re.match(r"[^，。；、,;]{2,20}", clause[m.end() :])
                            name = _name(after.group(0)) if after else ""
                        name = name or last
                        if before.lstrip().startswith("、") and pending:
                            pending.append(name)
                            scope = scope or last_scope
                        elif not pending:
                            pending.append(name)
                        else:
                            pending = [name]
                        last, last_scope = name, scope
                    value = m.group("value")
                    if row_header:
                        if name.endswith(
                            ("-", "－")
                        ):  # a table cell's sign (同比增长 -3.2%), never a range in a row
                            name, value = name[:-1], "-" + value
                        name = name if name.startswith(row_header) else row_header + name
                    figures.append(
                        Figure(
                            indicator=name,
                            value=value,
                            unit=m.group("unit"),
                            scope=scope,
                            sentence=clause,
                            year=year,
                            doc_id=meta.doc_id,
                            chunk_id=chunk.id,
                        )
                    )
    return figures


def match_title(entries: dict[str, DocNoEntry], title: str) -> list[DocNoEntry]:
    """Entries whose title contains ``title`` (or the reverse), compared folded; best first: a title that is
    the asked one itself (or inside the question's words) before one that only quotes it in 〈〉, then the closest
    in length."""
    t = fold(title).strip("《》〈〉")
    if len(t) < 4:
        return []
    hits: list[tuple[int, int, DocNoEntry]] = []
    for e in entries.values():
        et = fold(e.title)
        inner = [fold(x) for x in re.findall(r"[〈<《]([^〉>》]+)[〉>》]", e.title)]
        if t == et or (len(t) >= 6 and t in et) or (len(et) >= 6 and et in t):
            hits.append((0, abs(len(et) - len(t)), e))
        elif t in inner or (len(t) >= 6 and any(t in i or i in t for i in inner if len(i) >= 6)):
            hits.append((1, abs(len(et) - len(t)), e))
    return [e for _, _, e in sorted(hits, key=lambda h: h[:2])]
