"""Document metadata read from the text itself: 发文机关, 文号, 标题, 主送机关, 成文/印发日期, 文种, 年度.

Works on the paragraph list of ``structure.paragraphs``: the 版头 is the run of short, comma-free
paragraphs before the body; the 版记 is the same at the end.
"""

from __future__ import annotations

import re

from jzbot import data
from jzbot.ingest.structure import Paragraph
from jzbot.registry.docno import docno_year, find_docnos
from jzbot.text import DATE, YEAR, fold, parse_date

DOC_TYPES = list(data.lines("doc_types.txt"))
_TYPE_SUFFIX = re.compile(rf"({'|'.join(DOC_TYPES)})(?:[(（][^)）]*[)）])?$")
_PRINTED = re.compile(r"^(?P<org>.*?)\s*(?P<date>(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*印发$")
_HEADER_NOISE = re.compile(
    r"^(?:source|note)\s*:|^<!--|^(?:首页|网站首页|政府信息公开|政务公开)\s*>|^发布(?:日期|时间)"
)


def _plain(p: Paragraph) -> bool:
    return p.level is None and not re.search(r"[，。；,;]", p.text) and len(p.text) <= 60


_LABEL_RE = re.compile(
    r"(发文字号|文\s*号|标\s*题|发布机关|发文机关|成文日期|发布时间|发布日期|索\s*引\s*号|主题分类)\s*[:：]?\s*"
)


_LABELS_IN_HEADER = 3


def _labelled(text: str, meta: dict[str, object]) -> bool:
    """Government web pages carry labelled fields: ``发文字号 焦政〔2013〕8号 …``; read them."""
    parts = _LABEL_RE.split(text)
    if len(parts) < 5:
        return False
    for label, value in zip(parts[1::2], parts[2::2], strict=False):
        label, value = re.sub(r"\s+", "", label), value.strip()
        if not value:
            continue
        if label in ("发文字号", "文号"):
            nos = find_docnos(value)
            meta["doc_number"] = meta["doc_number"] or (nos[0].key if nos else None)
        elif label == "标题":
            meta["title"] = meta["title"] or value.replace(" ", "")
        elif label in ("发布机关", "发文机关"):
            meta["issuer"] = meta["issuer"] or value
        elif label == "成文日期":
            meta["date"] = meta["date"] or parse_date(value)
    return True


def doc_type_of(title: str) -> str:
    bare = re.sub(r"《[^》]*》|〈[^〉]*〉|<[^>]*>", "", title)  # the type of 关于印发《X办法》的通知 is 通知
    m = _TYPE_SUFFIX.search(bare.strip())
    if m:
        return "法律" if m.group(1) == "法" else m.group(1)
    return ""


def extract(paras: list[Paragraph], fallback_title: str) -> dict[str, object]:
    """Metadata fields for ``DocMeta`` (without ids/hashes)."""
    meta: dict[str, object] = {
        "title": "",
        "doc_number": None,
        "issuer": "",
        "recipients": "",
        "doc_type": "",
        "date": None,
        "printed_by": "",
        "printed_date": None,
        "year": None,
    }
    head: list[Paragraph] = []
    for p in paras[:12]:
        if _HEADER_NOISE.search(p.text):
            continue
        if _labelled(p.text, meta):
            continue
        if p.level is not None:
            if p.level == 1 and not meta["title"] and doc_type_of(p.text) and not head:
                meta["title"] = p.text  # a Markdown "# 中华人民共和国…法" title
                continue
            break
        if p.text.endswith(("：", ":")) and len(p.text) <= 40 and not meta["recipients"]:
            meta["recipients"] = p.text.rstrip("：:").strip()
            break
        if not _plain(p):
            break
        head.append(p)
    for p in head:
        if p.text.endswith("文件") and not meta["issuer"] and len(p.text) <= 30:
            meta["issuer"] = p.text.removesuffix("文件")
            continue
        nos = find_docnos(p.text)
        if nos and not meta["doc_number"] and len(p.text) <= len(nos[0].raw) + 12:
            meta["doc_number"] = nos[0].key
            continue
        if not meta["title"] and (("关于" in p.text) or doc_type_of(p.text)) and len(p.text) >= 6:
            meta["title"] = p.text.replace(" ", "")
    if not meta["doc_number"]:
        # Laws and regulations: the latest 令 number in the header (公布 → 修订) is the one in force.
        orders = [d.key for p in head for d in find_docnos(p.text) if "令第" in d.key]
        meta["doc_number"] = orders[-1] if orders else None
    if not meta["title"]:
        meta["title"] = fallback_title
    meta["doc_type"] = doc_type_of(str(meta["title"]))
    if not meta["issuer"]:
        m = re.match(
            r"^(.{2,30}?(?:人民政府|科学技术局|科技局|科学技术厅|科技厅|党组|委员会|办公室|办公厅))关于",
            str(meta["title"]),
        )
        if m:
            meta["issuer"] = m.group(1)
    # 版记 and 落款: scan the tail, where the signature, date and 印发 line stand alone.
    tail = [p.text for p in paras[-8:]]
    for i, line in enumerate(tail):
        m = _PRINTED.match(line)
        if m:
            org = m["org"].strip() or (
                tail[i - 1] if i and _plain(paras[len(paras) - len(tail) + i - 1]) else ""
            )
            meta["printed_by"] = org.strip()
            meta["printed_date"] = parse_date(m["date"])
        elif DATE.fullmatch(line.strip()) and not meta["date"]:
            meta["date"] = parse_date(line)
    if not meta["date"]:
        meta["date"] = meta["printed_date"]
    years = YEAR.findall(str(meta["title"]))
    if years:
        meta["year"] = int(years[0])
    elif meta["date"]:
        meta["year"] = int(str(meta["date"])[:4])
    elif meta["doc_number"]:
        meta["year"] = docno_year(str(meta["doc_number"]))
    else:
        y = YEAR.findall(fallback_title)
        # Last, a 版头 line's year: a spreadsheet's title row (2023年各县区技术合同成交额) is all it says of itself.
        y = y or [found for p in head for found in YEAR.findall(p.text)]
        meta["year"] = int(y[0]) if y else None
    return meta


def is_front_matter(p: Paragraph, meta: dict[str, object]) -> bool:
    """版头 lines (机关标志, 文号, 标题) and the 主送 line: kept as a chunk, not as body sections."""
    if p.level is not None:
        return False
    if (
        len(_LABEL_RE.findall(p.text)) >= _LABELS_IN_HEADER
    ):  # 发布机关…成文日期…发文字号…: a web page's header
        return True
    t = fold(p.text)
    if meta.get("recipients") and t.rstrip("：:") == fold(str(meta["recipients"])):
        return True  # the 主送 line, commas and all (各县(市)区人民政府,…,各有关单位:)
    return _plain(p) and bool(
        t == fold(str(meta.get("title") or ""))
        or (
            meta.get("doc_number")
            and fold(str(meta["doc_number"])) in fold(t.replace("[", "〔").replace("]", "〕"))
        )
        or t.endswith("文件")
    )
