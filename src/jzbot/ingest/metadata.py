"""Document metadata read from the text itself: 发文机关, 文号, 标题, 主送机关, 成文/印发日期, 文种, 年度.

Works on the paragraph list of ``structure.paragraphs``: the 版头 is the run of short, comma-free
paragraphs before the body; the 版记 is the same at the end.
"""

from __future__ import annotations

import re

from jzbot import data
from jzbot.ingest.furniture import fields, is_furniture
from jzbot.ingest.structure import Paragraph
from jzbot.registry.docno import docno_year, find_docnos
from jzbot.registry.identity import place_of
from jzbot.text import DATE, FIELD_LINE, ORGANIZATION_LINE, YEAR, fold, parse_date

DOC_TYPES = list(data.lines("doc_types.txt"))
_REPORT_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?=[^\d，。；]{0,8}?年报)")
_TYPE_SUFFIX = re.compile(rf"({'|'.join(DOC_TYPES)})(?:[(（][^)）]*[)）])?$")
_PRINTED = re.compile(r"^(?P<org>.*?)\s*(?P<date>(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*印发$")
HEADER_SCAN = 20
_TITLE_ISSUER = re.compile(
    r"^(.{2,30}?(?:人民政府|科学技术局|科技局|科学技术厅|科技厅|科技经信局|党组|委员会|办公室|办公厅|科学技术协会|科协))"
    r"(关于|通报|出台|印发|发布|召开|举办|开展|组织|公布|公示|表彰|部署|完成)"
)
_RECIPIENTS_MAX_CHARS = 160  # a 主送 of many bodies runs to two printed lines, never to a paragraph
_TITLE_MAX_LINES = 4  # a printed title wraps onto at most this many lines
_TITLE_PIECE_MIN_CHARS = 6  # … each a run of words, not a character or two that any title holds
# What a 主送 names last: a kind of body or person (各有关单位, 市财政局, 郭娜委员, 洪立国代表).
_ADDRESSEE = re.compile(
    r"(?:局|厅|委|委员会|政府|办公室|办公厅|部门|单位|机关|机构|管委会|代表|委员|同志|企业|学校|高校|医院|中心|公司|"
    r"园区|人员|负责人|协会|学会|处|科|室|站|所)[)）]?$"
)
_HEADLINE_MIN_CHARS = 6
_HEADLINE_MAX_CHARS = 40  # longer lines are prose, even without punctuation
_HEADLINE_RETOLD = 0.6  # share of a late headline's character pairs its lead or next paragraph repeats  # shorter lines are labels (附件), not a headline  # a 版头 with a site's 信息公开 table above it fits in this many paragraphs


def _plain(p: Paragraph) -> bool:
    """A line of the 版头 (a title, a 机关标志, a 文号): short and without sentence punctuation, the title it quotes
    aside (关于转发《…(专项、基金等)…的通知》的函 is one title line however long the quoted title)."""
    text = _QUOTED_TITLE.sub("《》", p.text)
    return p.level is None and not re.search(r"[，。；,;]", text) and len(text) <= 60


_QUOTED_TITLE = re.compile(r"《[^《》]*》")


_SITE_COLUMN = re.compile(
    r"(?:行政)?规范性$"
)  # 丰都县科学技术局行政规范性文件: a site's column, not a 机关标志
_ISSUER_FIELDS = ("发文机关", "发布机关", "发文单位", "发文机构")
_TITLE_DECOR = " |｜•·●\u3000"
_DOCNO_FIELDS = ("发文字号", "文号", "文件编号", "发文文号")
_SITE_FIELDS = (
    "发布机构",
    "发布单位",
    "所属机构",
    "来源",
    "信息来源",
    "公开责任部门",
)  # who put it on the site: the issuer's short name at best
_TITLE_FIELDS = ("标题", "文件标题", "文件名称", "名称", "信息名称")
_INDEX_FIELDS = ("索引号",)
_NOT_A_PUBLISHER = re.compile(r"^(?:本站|本网|网站|原创)$|https?://|www\.")
_DATE_FIELDS = ("成文日期", "成文时间", "日期")
_PUBLISHED_FIELDS = ("发布日期", "发布时间", "发文日期", "生成日期", "公开日期", "时间")
# A page stored flat opens with its 文号 right before its title (YYCR-2020-05001 益科字〔2020〕59号 关于印发…): that 文号
# is the document's own, though the line runs on into the body.
_OPENING_DOCNO_CHARS = 24


def _read_fields(found: dict[str, str], meta: dict[str, object], site: dict[str, str]) -> None:
    """A furniture line's labelled fields into the metadata (what the document says of itself wins later)."""
    for label, value in found.items():
        if label in _DOCNO_FIELDS:
            nos = find_docnos(value)
            meta["doc_number"] = meta["doc_number"] or (nos[0].key if nos else None)
        elif label in _TITLE_FIELDS:
            meta["title"] = meta["title"] or re.sub(r"\s+", "", value)
        elif label in _ISSUER_FIELDS:
            meta["issuer"] = meta["issuer"] or value
        elif label in _DATE_FIELDS:
            meta["date"] = meta["date"] or parse_date(value) or _iso(value)
        elif label in _PUBLISHED_FIELDS:
            site.setdefault("published", _iso(value) or parse_date(value) or "")
        elif label in _INDEX_FIELDS:
            meta["index_no"] = meta["index_no"] or value.replace(" ", "")
        elif label in _SITE_FIELDS:
            if not _NOT_A_PUBLISHER.search(value):  # 科技人才与科普处, 市科技局: who put it on the site
                meta["publisher"] = meta["publisher"] or value
            if ORGANIZATION_LINE.match(value):  # 区科技局, not 本站 or a 处: the issuer's short name at best
                site.setdefault("issuer", value)


# 2001年10月28日…会议通过 / 2017年12月1日…会议修订: a regulation's history under its title, on lines of their own or
# in one bracket (（1993年7月2日…通过 2007年12月29日…修订）); 施行 is when it takes effect, not an edition.
ENACTED = re.compile(
    r"((?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)[^年。]{0,60}?(?:通过|批准|公布|修订|修正)"
)


def _latest_enactment(paras: list[Paragraph]) -> str | None:
    """The date of a regulation's latest adoption or revision: the edition the text is, and so its date."""
    dates = [d for p in paras for m in ENACTED.finditer(p.text) if (d := parse_date(m.group(1)))]
    return max(dates) if dates else None


def _iso(value: str) -> str | None:
    # 2024-01-25, and as some pages space it out (2024- 01- 25 15: 27)
    m = re.match(r"((?:19|20)\d{2})\s*-\s*(\d{1,2})\s*-\s*(\d{1,2})", value.strip())
    return f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}" if m else None


def _signature(paras: list[Paragraph]) -> tuple[str, str | None]:
    """(signing organization, date) of the 落款: a date alone on its line with an organization line next to it.
    The first such pair: a cover notice signs before the 办法 it issues, a 通知 before its 附件."""
    for i, p in enumerate(paras):
        if p.level is not None or not DATE.fullmatch(p.text.strip()):
            continue
        for j in (i - 1, i + 1):
            if 0 <= j < len(paras) and _plain(paras[j]) and ORGANIZATION_LINE.match(paras[j].text.strip()):
                return re.sub(r"\s+", " ", paras[j].text.strip()), parse_date(p.text)
    return "", None


def doc_type_of(title: str) -> str:
    bare = re.sub(r"《[^》]*》|〈[^〉]*〉|<[^>]*>", "", title)  # the type of 关于印发《X办法》的通知 is 通知
    m = _TYPE_SUFFIX.search(bare.strip())
    if m:
        return "法律" if m.group(1) == "法" else m.group(1)
    return ""


def _recipients(text: str) -> str:
    """The 主送 a line names (各省辖市科技局,…,各有关单位: / 郭娜委员:), or "" when the line is another label
    (嘉宾:, 摘要:) or a sentence that announces what follows (现将有关事项通知如下:)."""
    t = text.strip()
    if not t.endswith(("：", ":")) or len(t) > _RECIPIENTS_MAX_CHARS or re.search(r"[。；;]", t):
        return ""
    named = t.rstrip("：:").strip()
    last = re.split(r"[,，、]", named)[-1].strip()
    return named if _ADDRESSEE.search(last) else ""


def _wrapped_title(head: list[Paragraph], start: int) -> str:
    """A 公文 title printed over several lines (…关于同意 / 将…更名为 / …的批复): the lines from ``start`` up to
    the one that ends with a document type, joined; "" when no line within reach does."""
    joined = head[start].text.replace(" ", "")
    for p in head[start + 1 : start + _TITLE_MAX_LINES]:
        if _TYPE_SUFFIX.search(joined) or find_docnos(p.text) or ORGANIZATION_LINE.match(p.text.strip()):
            break
        joined += p.text.replace(" ", "")
    return joined if _TYPE_SUFFIX.search(joined) else ""


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _late_headline(paras: list[Paragraph]) -> str:
    """A headline printed below the page's lead or its fields (导语 / 信息公开表 / 标题 / 正文): a short line
    alone that the paragraph beside it retells (most of its character pairs there), never the value of a label
    (嘉宾: / 省委金融办常务副主任 某某)."""
    for i, p in enumerate(paras):
        text = p.text.strip()
        if p.level is not None:
            break  # a headline comes before the body's first heading
        if (
            not _plain(p)
            or text.endswith(("：", ":"))
            or not _HEADLINE_MIN_CHARS <= len(text) <= _HEADLINE_MAX_CHARS
            or is_furniture(text)
            or FIELD_LINE.match(text)
            or find_docnos(text)
            or ORGANIZATION_LINE.match(text)
            or DATE.fullmatch(text)
            or (i and paras[i - 1].text.rstrip().endswith(("：", ":")))
        ):
            continue
        grams = _bigrams(re.sub(r"\s+", "", text))
        beside = [q.text for q in paras[max(0, i - 1) : i + 2] if q is not p]
        if grams and any(len(grams & _bigrams(b)) >= _HEADLINE_RETOLD * len(grams) for b in beside):
            return re.sub(r"\s+", "", text)
    return ""


# An archive's file name: a running number before it (1014_…, 03-…) and _ between its parts (乌海市科学技术局_征集…通知)
# are the filing's, not the title's; a year opening it (2021_…) is kept.
_FILE_NUMBER = re.compile(r"^(?!(?:19|20)\d{2}\D)\d{1,4}\s*[_\-.、]\s*")


def _file_title(stem: str) -> str:
    """The title a document printing none goes by: its file name, read as one."""
    if not re.search(r"[\u4e00-\u9fff]", stem):
        return stem
    return _FILE_NUMBER.sub("", stem).replace("_", "")


def _opening_docno(paras: list[Paragraph]) -> str | None:
    """The 文号 a page stored flat opens its text with, right before the title's 关于 (see ``_OPENING_DOCNO_CHARS``)."""
    for p in paras:
        if is_furniture(p.text) or _plain(p):  # the page's fields, its headline, its 版头 lines
            continue
        nos = find_docnos(p.text[: _OPENING_DOCNO_CHARS + 20])
        if nos and nos[0].start <= _OPENING_DOCNO_CHARS and p.text[nos[0].end :].lstrip().startswith("关于"):
            return nos[0].key
        return None  # the first paragraph of text: a 文号 later on is one it cites
    return None


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
        "index_no": "",
        "publisher": "",
    }
    head: list[Paragraph] = []
    site: dict[str, str] = {}
    # A page's labelled fields, wherever the page put them (above the title, under the lead, at the foot).
    for p in paras:
        if (labelled := fields(p.text)) is not None:
            _read_fields(labelled, meta, site)
    for p in paras[:HEADER_SCAN]:
        if is_furniture(p.text):  # provenance, navigation, a site's fields
            continue
        if p.level is not None:
            if p.level == 1 and not meta["title"] and doc_type_of(p.text) and not head:
                meta["title"] = p.text  # a Markdown "# 中华人民共和国…法" title
                continue
            break
        if p.text.rstrip().endswith(("：", ":")):  # the 主送, or a label whose value follows: the body starts
            meta["recipients"] = meta["recipients"] or _recipients(p.text)
            break
        if not _plain(p):
            break
        head.append(p)
    marks: list[str] = []  # 机关标志 lines before the title: one per issuing organization of a joint document
    for p in head:
        if p.text.endswith("文件") and not meta["issuer"] and len(p.text) <= 30:
            issuer = p.text.removesuffix("文件")
            if not _SITE_COLUMN.search(issuer):
                meta["issuer"] = issuer
            continue
        nos = find_docnos(p.text)
        if nos and not meta["doc_number"] and len(p.text) <= len(nos[0].raw) + 12:
            meta["doc_number"] = nos[0].key
            continue
        rest = p.text[nos[0].end :].strip() if nos and nos[0].start == 0 else ""
        if not meta["title"] and rest.startswith("关于") and doc_type_of(rest):
            # 柳科计字〔2022〕78号关于…的整改通知: a headline that opens with its own 文号
            meta["doc_number"] = meta["doc_number"] or nos[0].key
            meta["title"] = rest.replace(" ", "")
            continue
        if not meta["title"] and ("关于" in p.text or doc_type_of(p.text)) and len(p.text) >= 6 and not nos:
            meta["title"] = _wrapped_title(head, head.index(p)) or p.text.replace(" ", "")
        elif not meta["title"] and ORGANIZATION_LINE.match(p.text.strip()):
            marks.append(p.text.strip())
    if not meta["issuer"] and marks:
        meta["issuer"] = "、".join(marks)
    if not meta["title"]:
        # A page without a 公文 title (a news item, a statistics release): its first short line is its headline.
        meta["title"] = next(
            (
                p.text.replace(" ", "")
                for p in head
                if len(p.text) >= _HEADLINE_MIN_CHARS
                and not find_docnos(p.text)
                and not ORGANIZATION_LINE.match(p.text.strip())
                and not DATE.fullmatch(p.text.strip())
            ),
            "",
        ) or _late_headline(paras[:HEADER_SCAN])
    if not meta["doc_number"]:
        meta["doc_number"] = _opening_docno(paras[:HEADER_SCAN])
    if not meta["doc_number"]:
        # Laws and regulations: the latest 令 number in the header (公布 → 修订) is the one in force.
        orders = [d.key for p in head for d in find_docnos(p.text) if "令第" in d.key]
        meta["doc_number"] = orders[-1] if orders else None
    # 《…》等管理办法 |: a page's headline cell keeps the table bar it stood in; no title ends or starts with one.
    meta["title"] = str(meta["title"]).strip(_TITLE_DECOR)
    titled = bool(meta["title"])
    if not meta["title"]:
        meta["title"] = _file_title(fallback_title)
    meta["doc_type"] = doc_type_of(str(meta["title"]))
    if not meta["issuer"] and titled:  # a file name is no title to read an issuer from
        # …关于 in a 公文 title; a news headline's opening body when it names its place (岳阳市科技局通报表彰…,
        # not 市科技局承担的…, whose body could be any city's).
        m = _TITLE_ISSUER.match(str(meta["title"]))
        if m and (m.group(2) == "关于" or place_of(m.group(1))):
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
    signer, signed = _signature(paras)
    if not meta["date"]:
        meta["date"] = signed or meta["printed_date"] or _latest_enactment(paras[:HEADER_SCAN])
    if not meta["issuer"]:
        meta["issuer"] = signer or site.get("issuer", "")
    # 2015专利统计年报: an annual report's year said without 年 is still the year of its figures.
    years = YEAR.findall(str(meta["title"])) or _REPORT_YEAR.findall(str(meta["title"]))
    if years:
        meta["year"] = int(years[0])
    elif meta["date"]:
        meta["year"] = int(str(meta["date"])[:4])
    elif meta["doc_number"]:
        meta["year"] = docno_year(str(meta["doc_number"]))
    elif named := YEAR.findall(fallback_title):
        # The file's name (表彰2008年度科技宣传工作先进) says the year the document is about; a page put online
        # in March 2009 reports on 2008.
        meta["year"] = int(named[0])
    elif site.get("published"):
        meta["year"] = int(site["published"][:4])
    else:
        # Last, a 版头 line's year: a spreadsheet's title row (2023年各县区技术合同成交额) is all it says of itself.
        y = [found for p in head for found in YEAR.findall(p.text)]
        meta["year"] = int(y[0]) if y else None
    return meta


def is_front_matter(p: Paragraph, meta: dict[str, object]) -> bool:
    """版头 lines (机关标志, 文号, 标题) and the 主送 line: kept as a chunk, not as body sections."""
    if p.level is not None:
        return False
    if is_furniture(p.text):  # 索引号…发布机构…成文日期…: a web page's 信息公开 table
        return True
    t = fold(p.text)
    if meta.get("recipients") and t.rstrip("：:") == fold(str(meta["recipients"])):
        return True  # the 主送 line, commas and all (各县(市)区人民政府,…,各有关单位:)
    title = fold(str(meta.get("title") or ""))
    return _plain(p) and bool(
        t == title
        or (len(t) >= _TITLE_PIECE_MIN_CHARS and t in title)  # a line of a title printed over several
        or (
            meta.get("doc_number")
            and fold(str(meta["doc_number"])) in fold(t.replace("[", "〔").replace("]", "〕"))
        )
        or t.endswith("文件")
    )
