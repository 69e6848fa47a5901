"""Chunk a document along its 公文 structure.

Invariants: every chunk carries its section path (``三、依法全面履行政府职能 > （二）不断提升…``);
sentences are never cut (unless one alone exceeds the limit); chunk ids are a stable hash of
``(doc_id, chunk_no, text)``, so re-ingesting unchanged text writes nothing new.
"""

from __future__ import annotations

import hashlib
import re

from jzbot.ingest.furniture import is_furniture, is_provenance
from jzbot.ingest.metadata import ENACTED, is_front_matter
from jzbot.ingest.structure import ARTICLE_LEVEL, Paragraph, provenance
from jzbot.models import Chunk
from jzbot.text import (
    BODY_SECTION,
    CONTACT_LINE,
    FRONT,
    PHONE,
    TABLE_SECTION,
    TAIL,
    fold,
    split_clauses,
    split_sentences,
)

MAX_CHARS = 500
OPENING = BODY_SECTION
CLOSING = "结尾（存在问题和下一步工作）"
# How a 公文 report's closing part opens: its shortcomings (虽然…但是…差距/不足) or its plans (下一步, 今后).
_CLOSING = re.compile(
    r"^(?:下一步|下步|今后|下阶段|总之|总的来看|总体来看)|虽然.{0,40}但|存在.{0,8}(?:问题|不足)|差距"
)
_CLOSING_WINDOW = 60
_LABEL_MAX_CHARS = 8  # 嘉宾:, 主要内容:: a label, not a 主送 line
LAST_PART_LEVEL = 3  # 编, 章, 节: the parts of a law an article sits in


def chunk_id(doc_id: str, chunk_no: int, text: str) -> str:
    return hashlib.sha1(f"{doc_id}\x1f{chunk_no}\x1f{text}".encode()).hexdigest()[:20]


def _pieces(text: str, limit: int) -> list[str]:
    """Split a long paragraph at sentence (then clause) boundaries into pieces of at most ``limit``."""
    if len(text) <= limit:
        return [text]
    units: list[str] = []
    for sentence in split_sentences(text):
        units.extend(split_clauses(sentence) if len(sentence) > limit else [sentence])
    pieces, current = [], ""
    for unit in units:
        while len(unit) > limit:  # a single clause longer than the limit: last resort, hard cut
            unit, rest = unit[limit:], unit[:limit]
            if current:
                pieces.append(current)
                current = ""
            pieces.append(rest)
        if current and len(current) + len(unit) > limit:
            pieces.append(current)
            current = ""
        current += unit
    if current:
        pieces.append(current)
    return pieces


# A regulation's history under its title (…会议通过, …公告第56号公布, 2012年3月1日施行) is content (when it was adopted,
# promulgated, revised), not a signature.
_ENACTED_OR_IN_FORCE = re.compile(f"{ENACTED.pattern}|(?:19|20)\\d{{2}}\\s*年.{{0,20}}施行")
_EMAIL = re.compile(r"[\w.-]+@[\w-]+\.[\w.]+")
_POSTCODE = re.compile(r"^(?:邮\s*政\s*编\s*码|邮\s*编)\s*[:：]")


def _is_tail(p: Paragraph) -> bool:
    """A line of the 落款 or 版记: short and comma-free; a contact (联系人:…, 电话:…, 高新科 5820679) is the body's,
    not the tail's."""
    if CONTACT_LINE.match(p.text) or PHONE.search(p.text) or _EMAIL.search(p.text) or _POSTCODE.match(p.text):
        return False  # 邮政编码:226019 邮箱:x@163.com after the body's contacts is one of them
    return p.level is None and not re.search(r"[，。；,;]", p.text) and len(p.text) <= 40


def _labels_what_follows(p: Paragraph, meta: dict[str, object]) -> bool:
    """A short label ending with a colon that is not the 主送 (嘉宾:, 摘要:): the value it labels is content."""
    text = p.text.strip()
    return (
        p.level is None
        and text.endswith(("：", ":"))
        and len(text) <= _LABEL_MAX_CHARS
        and fold(text).rstrip("：:") != fold(str(meta.get("recipients") or ""))
    )


def sectioned(paras: list[Paragraph], meta: dict[str, object]) -> list[tuple[str, str]]:
    """(section path, paragraph text) for every text paragraph, in order; the path ends with the page
    (and 'OCR识别') for formats that have pages."""
    return [(path + provenance(p), p.text) for path, p in _sectioned(paras, meta)]


def _sectioned(paras: list[Paragraph], meta: dict[str, object]) -> list[tuple[str, Paragraph]]:
    title = fold(str(meta.get("title") or ""))
    body = [p for p in paras if not is_provenance(p.text)]
    # The 落款/版记 is the run of short comma-free lines at the very end.
    end = len(body)
    while end > 0 and _is_tail(body[end - 1]):
        end -= 1
    if 0 < end < len(body) and body[end - 1].level is not None and _is_tail(Paragraph(body[end - 1].text)):
        # （二）财务咨询 / 计划财务科:李某 3005678: the line after a heading alone on its line is its content
        end += 1
    out: list[tuple[str, Paragraph]] = []
    stack: list[tuple[int, str]] = []
    in_front = True
    last_heading = max((i for i, p in enumerate(body[:end]) if p.level is not None), default=len(body))
    closing = False
    for i, p in enumerate(body):
        if i >= end:
            out.append((TAIL, p))
            continue
        # A report's closing part (成绩与差距, 下一步) follows its last section without a heading of its own.
        closing = closing or (
            i > last_heading
            and bool(stack)
            and stack[0][0] > LAST_PART_LEVEL
            and bool(_CLOSING.search(p.text[:_CLOSING_WINDOW]))
        )
        if closing:
            out.append((CLOSING, p))
            continue
        if in_front and _labels_what_follows(p, meta):
            in_front = False  # 嘉宾: / 摘要:: the body opens with a label whose value is the next line
        if in_front and (
            is_front_matter(p, meta)
            or (p.level is None and _is_tail(p) and i < 4 and not _ENACTED_OR_IN_FORCE.search(p.text))
        ):
            out.append((FRONT, p))
            continue
        if p.level is None and is_furniture(p.text):
            # 发布时间:… 索引号:… below the title or under the lead: the page's, not the document's; kept with the
            # front matter, where a document fact (索引号) is cited from and no answer about the content looks.
            out.append((FRONT, p))
            continue
        in_front = False
        if (
            p.level is not None
            and LAST_PART_LEVEL < p.level < ARTICLE_LEVEL
            and stack
            and stack[-1][0] == ARTICLE_LEVEL
        ):
            # （一）… inside a law article is one of its items, not a section: it stays with the article.
            p = Paragraph(p.text, page=p.page, ocr=p.ocr)
        if p.level == ARTICLE_LEVEL:
            while stack and stack[-1][0] > LAST_PART_LEVEL:
                stack.pop()
        if p.level is not None:
            if fold(p.label) == title or fold(p.text) == title:
                continue
            while stack and stack[-1][0] >= p.level:
                stack.pop()
            stack.append((p.level, p.label))
            if fold(p.text) == fold(p.label) or (p.level <= 3 and len(p.text) <= 40):
                continue  # a heading line on its own: the path carries it
        labels = [label for _, label in stack] + ([TABLE_SECTION + p.table] if p.table else [])
        out.append((" > ".join(labels) or OPENING, p))
    return out


def chunk_document(
    doc_id: str, paras: list[Paragraph], meta: dict[str, object], limit: int = MAX_CHARS
) -> list[Chunk]:
    chunks: list[Chunk] = []
    buffer: list[str] = []
    current: str | None = None

    def flush() -> None:
        if buffer and current is not None:
            text = "\n".join(buffer)
            for piece in _pieces(text, limit) if len(text) > limit else [text]:
                n = len(chunks)
                chunks.append(
                    Chunk(
                        id=chunk_id(doc_id, n, piece), doc_id=doc_id, chunk_no=n, section=current, text=piece
                    )
                )
        buffer.clear()

    for section, text in sectioned(paras, meta):
        if section != current or sum(len(b) for b in buffer) + len(text) > limit:
            flush()
            current = section
        buffer.append(text)
    flush()
    return chunks
