"""Follow-ups over a statistics table the last answer quoted a cell of: 江苏呢 (another row, the same column),
非职务的呢 / 其中大专院校占比多少 (another column of the same row, the rest of its column path kept: 2015年职务 after
2015年合计, not 总累计职务), 江苏的全时当量呢 (both), 哪个省最多 (the row with the largest value in the column).

Tables are stored one cell a sentence (``ingest.formats.layout``): ``row：column path value[unit][，占x%]``. A
follow-up's words are matched against the row and column labels of the quoted cell's document only; the rule answers
only when every word the message names of its own is a label of that table (a row, or the part that sets a column
path apart), so anything else (another document, a year the table has no column for, 授权量 said in other words)
is left to the engine, which refuses a row the table lacks.

Invariant: the answer is one or two whole cell sentences of that document, each cited verbatim.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from jzbot.answer import policy
from jzbot.answer.citations import Citations
from jzbot.answer.frame import Aspect, Reader, Slot, has_topic, read
from jzbot.answer.thread import Source
from jzbot.models import Answer, Chunk, DocMeta
from jzbot.text import fold, split_sentences

# 北京：总累计非职务118709，占23.2%  /  全国：R&D经费40153965万元  /  天津：2018年大专院校7307，占29.5%  /
# 2019年：专利申请数发明30083 (a yearbook table with one row per year: the year is the row; no other digits are)
_CELL = re.compile(
    r"^(?P<row>[^：:。，,；;\d]{1,16}|(?:19|20)\d{2}年)[：:](?P<path>[^：:。，,；;]+?)(?P<value>-?\d+(?:\.\d+)?)"
    r"(?P<unit>[^\d：:。，,；;]{0,4})(?P<share>[，,]占-?\d+(?:\.\d+)?%)?[。.]?$"
)
_LABEL = re.compile(r"[\u4e00-\u9fffA-Za-z]")
# a row that sums the others (全国总计, 合计): never the answer to 哪个省最多
_TOTAL_ROW = re.compile(r"全国|全省|全市|总计|合计|小计|总数|total", re.IGNORECASE)
# a column path's own part that is its group's whole: the base a share is of (2015年合计 for 2015年职务)
_TOTAL_LEAF = re.compile(r"合计|总计|小计|总数|总量")
# 哪个省最多 / 哪里最高 / 哪一个最少: the row holding the extreme value of the column
_EXTREME = re.compile(
    r"哪(?:个|一个|里|些|家)?(?:省|市|县|区|地区|州|单位)?(?P<mid>[^，,。？?]{0,6}?)(?P<word>最多|最高|最大|最少|最低|最小)"
)
_MOST = ("最多", "最高", "最大")
# The column an aspect asks when the message names none: 同比增长多少 of a table with a 增速 column
_ASPECT_COLUMN = {Aspect.GROWTH: ("增速", "增长", "增幅"), Aspect.SHARE: ("比重", "占比", "构成")}


class Cell(NamedTuple):
    row: str  # folded
    path: str  # folded column path (2015年职务)
    value: float
    share: bool  # the cell states its share of the row's whole (占73.6%)
    sentence: str  # as stored, quoted verbatim
    chunk: Chunk
    meta: DocMeta


def parse(sentence: str) -> tuple[str, str, float, bool] | None:
    """A cell sentence's row, column path, value and whether it states a share; None for any other sentence."""
    m = _CELL.match(fold(sentence).strip())
    path = m.group("path").strip() if m else ""
    if m is None or not _LABEL.search(path) or path[-1].isdigit():
        return None  # a column path says what is counted (联系电话：0871-5551234 has none)
    return m.group("row"), m.group("path"), float(m.group("value")), bool(m.group("share"))


def _cells(title: str, reader: Reader) -> list[Cell]:
    out: list[Cell] = []
    for meta in reader.knowledge.docs.values():
        if meta.title != title:
            continue
        for chunk, m in reader.knowledge.rows_of([meta.doc_id]):
            for line in chunk.text.split("\n"):
                for sentence in split_sentences(line.strip()):
                    if (parsed := parse(sentence)) is not None:
                        out.append(Cell(*parsed, sentence=sentence.strip(), chunk=chunk, meta=m))
    return out


def _table(cells: list[Cell]) -> list[Cell]:
    """The cells that form a table: column paths that at least two rows share (a lone 联系电话：83325374 is none)."""
    rows_of: dict[str, set[str]] = {}
    for c in cells:
        rows_of.setdefault(c.path, set()).add(c.row)
    return [c for c in cells if len(rows_of[c.path]) >= 2]


def _prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _own_part(path: str, last: str) -> str:
    """What sets ``path`` apart from the last answer's column path: its text without their common prefix and suffix
    (2015年职务 against 2015年合计: 职务; 总累计非职务 against 总累计合计: 非职务)."""
    head = _prefix(path, last)
    tail = _prefix(path[::-1], last[::-1])
    return path[head : max(head, len(path) - tail)]


def _named(part: str, message: str) -> int:
    """Where the message names ``part`` as a word of its own (职务 inside 非职务 is another word), or -1."""
    start = message.find(part)
    while start >= 0:
        if part.startswith("非") or start == 0 or message[start - 1] != "非":
            return start
        start = message.find(part, start + 1)
    return -1


class _Ask(NamedTuple):
    row: str
    path: str
    extreme: str  # 最多 / 最少 …, or "" for one cell


def _asked(last: Cell, table: list[Cell], message: str, reader: Reader) -> _Ask | None:
    """The row and column the message asks, when every word of its own is a label of the table."""
    rows = sorted({c.row for c in table}, key=len, reverse=True)
    row = next((r for r in rows if len(r) >= policy.CELL_LABEL_MIN_CHARS and r in message), "")
    rest = message.replace(row, " ") if row else message
    extreme = _EXTREME.search(rest)
    if extreme:
        rest = rest[: extreme.start()] + " " + extreme.group("mid") + " " + rest[extreme.end() :]
    # the column: a path of the table whose own part (against the last cell's), or its head noun (研发费用 of
    # 规上工业研发费用), the message names, the longest
    best: tuple[int, str, str] | None = None
    for path in {c.path for c in table}:
        if path == last.path:
            continue
        heads = [path[-n:] for n in range(len(path) - 1, policy.CELL_HEAD_MIN_CHARS - 1, -1)]
        for part in (_own_part(path, last.path), path, *heads):
            if len(part) >= policy.CELL_LABEL_MIN_CHARS and _named(part, rest) >= 0:
                if best is None or len(part) > best[0]:
                    best = (len(part), path, part)
                break
    if best:
        rest = rest.replace(best[2], " ")
    pieces = read(rest, reader)
    if best is None:
        # 同比增长多少 / 占比呢 naming no column: the table's column of that aspect (增速, 比重), when it has one
        said = [c for p in pieces if p.aspect in _ASPECT_COLUMN for c in _ASPECT_COLUMN[p.aspect]]
        columns = sorted({c.path for c in table if any(w in c.path for w in said)} - {last.path})
        if said and len(columns) == 1:
            best = (0, columns[0], "")
    path = best[1] if best else last.path
    if not row and not best and not extreme:
        return None
    if has_topic(pieces) or any(p.slot in (Slot.PLACE, Slot.DOC) for p in pieces):
        return None  # a word the table has no label for (授权量, another place, another document)
    if any(p.slot is Slot.YEAR and re.sub(r"\D", "", p.text) not in path for p in pieces):
        return None  # a year the column does not say
    return _Ask(row or last.row, path, extreme.group("word") if extreme else "")


def cell_followup(sources: tuple[Source, ...], message: str, reader: Reader, question: str) -> Answer | None:
    """The cell a follow-up asks of the table whose cell the last answer quoted; None when the last answer quoted
    no table cell or the message says more than the table's labels."""
    if not sources:
        return None
    quoted = [s for s in split_sentences(sources[-1].quote) if s.strip()]
    parsed = parse(quoted[-1]) if quoted else None
    if parsed is None:
        return _row_followup(sources[-1], quoted[-1], fold(message), reader, question) if quoted else None
    cells = _cells(sources[-1].title, reader)
    table = _table(cells)
    last = next((c for c in table if (c.row, c.path) == parsed[:2]), None)
    if last is None:
        return None
    ask = _asked(last, table, fold(message), reader)
    if ask is None:
        return None
    column = [c for c in table if c.path == ask.path]
    if ask.extreme:
        parts = [c for c in column if not _TOTAL_ROW.search(c.row)]
        if not parts:
            return None
        pick = max if ask.extreme in _MOST else min
        cell = pick(parts, key=lambda c: c.value)
    else:
        found = next((c for c in column if c.row == ask.row), None)
        if found is None:
            return None  # a row the table lacks: the engine refuses it
        cell = found
    said = [cell]
    if cell.share and (base := _base(cell, table)) is not None:
        said.insert(0, base)  # a share is of a whole: the row's whole in the same column group first
    cites = Citations()
    text = "".join(
        c.sentence.rstrip("。.") + "。" + cites.add(c.meta, c.chunk.section, c.sentence) for c in said
    )
    return Answer(question=question, answer=text, found=True, citations=cites.items)


def _base(cell: Cell, table: list[Cell]) -> Cell | None:
    """The row's whole in the cell's column group (江苏：2015年合计 for 江苏：2015年职务，占76.3%)."""
    wholes = [
        c
        for c in table
        if c.row == cell.row
        and not c.share
        and c.path != cell.path
        and _TOTAL_LEAF.search(_own_part(c.path, cell.path))
    ]
    return max(wholes, key=lambda c: _prefix(c.path, cell.path), default=None)


# 新村乡科协：电话59650816；地址为新村乡星村公路2105号 — a table row said whole (``tables.row_sentence``)
_ROW_SENTENCE = re.compile(r"^(?P<row>[^：:。，,；;]{2,24})[：:](?P<rest>[^：:]+[；;][^：:]+?)[。.]?$")
_ROW_LABEL = re.compile(r"^[^：:。，,；;]{2,24}[：:]")
_FIELD_LABEL = re.compile(r"^(?P<label>[^\d；;]*?)(?:为|-?\d)")


def _fields(sentence: str) -> tuple[str, tuple[str, ...]] | None:
    """A row sentence's row label and the labels of its fields (电话, 地址); None for any other sentence."""
    m = _ROW_SENTENCE.match(fold(sentence).strip())
    if m is None:
        return None
    labels = []
    for part in re.split(r"[；;]", m.group("rest")):
        if (f := _FIELD_LABEL.match(part)) is None:
            return None
        labels.append(f.group("label"))
    return m.group("row"), tuple(labels)


def _suffix(words: list[str]) -> str:
    """The ending every row label shares (科协 of 长兴镇科协, 庙镇科协): a row is named without it too."""
    if not words:
        return ""
    n = min(len(w) for w in words)
    k = 0
    while k < n and len({w[len(w) - 1 - k] for w in words}) == 1:
        k += 1
    return words[0][len(words[0]) - k :] if k else ""


def _row_followup(source: Source, quote: str, message: str, reader: Reader, question: str) -> Answer | None:
    """庙镇呢 after an answer that quoted a table row said whole (新村乡科协：电话…；地址为…): the row of the same
    table the message names, quoted whole; None when it names no row of it or says more than a row's name."""
    said = [
        (f, sentence.strip(), chunk, m)
        for meta in reader.knowledge.docs.values()
        if meta.title == source.title
        for chunk, m in reader.knowledge.rows_of([meta.doc_id])
        for line in chunk.text.split("\n")
        for sentence in split_sentences(line.strip())
        if (f := _fields(sentence)) is not None
    ]
    # the quote may be the row's opening clause only (石桥乡科协：电话64119083；): the row sentence it opens
    opening = fold(quote).rstrip("；;。.，, ")
    last = next((f for f, sentence, _, _ in said if fold(sentence).startswith(opening)), None)
    if last is None or not _ROW_LABEL.match(opening):
        return None
    rows: dict[str, tuple[str, Chunk, DocMeta]] = {}
    for f, sentence, chunk, m in said:
        if f[1] == last[1]:
            rows.setdefault(f[0], (sentence, chunk, m))
    if len(rows) < policy.ROW_TABLE_MIN_ROWS:
        return None
    ending = _suffix(list(rows))
    named = [
        (len(stem), row)
        for row in rows
        for stem in {row, row.removesuffix(ending) if ending else row}
        if row != last[0] and len(stem) >= policy.CELL_LABEL_MIN_CHARS and stem in message
    ]
    if not named:
        return None
    _, row = max(named)
    rest = message.replace(row, " ").replace(row.removesuffix(ending) if ending else row, " ")
    pieces = read(rest, reader)
    if has_topic(pieces) or any(p.slot in (Slot.PLACE, Slot.DOC, Slot.YEAR) for p in pieces):
        return None
    sentence, chunk, meta = rows[row]
    cites = Citations()
    text = sentence.rstrip("。.") + "。" + cites.add(meta, chunk.section, sentence)
    return Answer(question=question, answer=text, found=True, citations=cites.items)
