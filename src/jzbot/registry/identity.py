"""A document's identity, read from what it says of itself: issuing body, its place and level, genre, series.

Invariants: an attribute the document does not state stays unknown (""), and an unknown attribute never excludes
a document from anything. The place comes from the issuing body as the 版头, the 落款 or the title names it,
else from a provincial 文号 prefix (豫科 → 河南省), else from the file name; an administrator's correction
(``Corrections``) overrides any of them and survives every re-ingest, because identity is derived when the
snapshot is built, from the stored metadata and the corrections file.

Editions: documents whose titles differ only by year, place and issuer, of one genre, share a ``series`` key.
The 2022 and 2023 法治政府建设 reports of one bureau are one series; so is a sister city's report of the same kind
(the question's place, or the home organisation, then picks among them: ``answer/editions.py``).
"""

from __future__ import annotations

import re
from pathlib import Path, PurePath

from jzbot.models import DocMeta
from jzbot.text import fold

# Levels, top down. A place's level is read off its last suffix.
NATIONAL, PROVINCE, CITY, COUNTY = "国家", "省", "市", "县区"
_NATIONAL_BODY = re.compile(
    r"^(?:中共中央|国务院|全国人民代表大会|全国人大|中华人民共和国|国家|科技部|科学技术部|教育部|财政部|工业和信息化部"
    r"|工信部|人力资源和社会保障部|中央)"
)
# 河南省, 广西壮族自治区, 焦作市, 郑州市金水区, 重庆市巫山县, 宁波市鄞州区, 恩施土家族苗族自治州, 济南高新区.
# Name lengths: 黑龙江 and 新疆维吾尔 before 省/自治区, 乌鲁木齐 before 市, 黔西南布依族苗族 before 自治州.
_PLACE = re.compile(
    r"^(?:中共)?((?:[\u4e00-\u9fff]{2,5}?(?:省|自治区))?"
    r"(?:[\u4e00-\u9fff]{2,4}?(?:市|盟|地区)|[\u4e00-\u9fff]{2,9}?自治州)?(?![场长])"
    r"(?:[\u4e00-\u9fff]{1,5}?(?:县|区|旗|(?<=.市..)市|(?<=.市...)市)(?![委政长场]|域))?)"
)
# Words no place name contains: a match holding one read a body or a sentence as a place.
_BODY_WORD = re.compile(
    r"科学技术|科技|人民|政府|委员会|党组|办公|工业|经济|信息|财政|教育|发展|改革|关于|支持|的|级"
)
# A body named without its place still says its level: 省科技厅, 区科学技术局, 市人民政府.
_BODY_LEVELS = (
    (
        PROVINCE,
        re.compile(r"省(?:人民政府|科学技术厅|科技厅|委|政府)|自治区|直辖市|[京津沪渝]市科学技术委员会"),
    ),
    (COUNTY, re.compile(r"[县旗](?:人民政府|科学技术局|科技局|科技经信局)|区(?:人民政府|科学技术局|科技局)")),
    (CITY, re.compile(r"市(?:人民政府|科学技术局|科技局|科技经信局|科学技术委员会)")),
)
# Provincial 文号 prefixes: one character names one province (a city's code, 焦科, does not: 新 is 新乡 or 新疆).
_PROVINCE_CODES = {
    "京": "北京市", "津": "天津市", "沪": "上海市", "渝": "重庆市", "冀": "河北省", "晋": "山西省", "辽": "辽宁省",
    "吉": "吉林省", "黑": "黑龙江省", "苏": "江苏省", "浙": "浙江省", "皖": "安徽省", "闽": "福建省", "赣": "江西省",
    "鲁": "山东省", "豫": "河南省", "鄂": "湖北省", "湘": "湖南省", "粤": "广东省", "琼": "海南省", "川": "四川省",
    "黔": "贵州省", "滇": "云南省", "陕": "陕西省", "甘": "甘肃省", "青": "青海省", "桂": "广西壮族自治区",
    "蒙": "内蒙古自治区", "宁": "宁夏回族自治区", "藏": "西藏自治区",
}  # fmt: skip
# Genres by the type word a title ends with (``DocMeta.doc_type``); a type not listed is its own genre.
_GENRE = {
    "实施方案": "方案", "工作方案": "方案", "行动方案": "方案", "方案": "方案", "规划": "规划", "纲要": "规划",
    "管理办法": "办法", "实施细则": "办法", "办法": "办法", "细则": "办法", "规定": "办法",
    "暂行条例": "法规", "条例": "法规", "法律": "法律", "实施意见": "意见", "意见": "意见",
    "工作指引": "指引", "指引": "指引",
}  # fmt: skip
_YEARISH = re.compile(
    r"(?:19|20)\d{2}\s*年?度?|[〇○零一二三四五六七八九]{4}年度?|\d+|第[一二三四五六七八九十]+批"
)
# Punctuation and the function words titles of one series word differently (关于表彰奖励…的决定 and
# 全市…奖励决定 are one series of decisions).
_NOISE = re.compile(
    r"[\s_\-—、，,。.·()（）【】\[\]〔〕<>《》“”\"']|节选|全文|附件\d*|关于|表彰|奖励|全市|全省|的"
)
_LEADING_BODY = re.compile(r"^[_\d]*(?:人民政府|政府|办公厅|办公室)")
IDENTITY_FIELDS = ("title", "issuer", "place", "level", "genre", "year", "date", "doc_number", "recipients")


def place_of(name: str) -> str:
    """The administrative place that opens a body's name (河南省科学技术厅 → 河南省), or "" when none does."""
    m = _PLACE.match(fold(name).replace(" ", ""))
    place = m.group(1) if m else ""
    # 科学技术局 has no place; "科技" + "市" would be read as one without this check.
    return "" if not place or _BODY_WORD.search(place) else place


def level_of(place: str, body: str = "", doc_number: str | None = None) -> str:
    if _NATIONAL_BODY.match(fold(body)) or (doc_number or "").startswith(
        ("国务院令", "国发", "国办发", "国科")
    ):
        return NATIONAL
    if not place:  # no place read: the kind of body may still say its level (省科技厅, 县科技局)
        return next((level for level, pattern in _BODY_LEVELS if pattern.search(fold(body))), "")
    if place.endswith(("省", "自治区")):
        return PROVINCE
    if place.endswith(("县", "区", "旗")) or re.search(r"(?:市|州|盟).{2,4}市$", place):
        return COUNTY  # 温州市瑞安市: a county-level city inside a prefecture
    if place.endswith(("市", "州", "盟", "地区")):
        # 北京市, 天津市, 上海市, 重庆市 are provinces; a county-level city inside a province reads as a city.
        return PROVINCE if place in ("北京市", "天津市", "上海市", "重庆市") else CITY
    return PROVINCE


def genre_of(doc_type: str) -> str:
    return _GENRE.get(doc_type, doc_type)


def _province_of_docno(doc_number: str | None) -> str:
    return _PROVINCE_CODES.get((doc_number or " ")[0], "") if doc_number else ""


def series_key(meta: DocMeta, place: str, genre: str) -> str:
    """What stays of a title when its years, numbers, place and issuer go: one key for every edition."""
    title = fold(meta.title or PurePath(meta.source).stem).replace("中共", "")
    names = {place, place[:-1], meta.issuer, *(p for p in _places_in(title))}
    for name in sorted(names - {""}, key=len, reverse=True):  # 焦作市 before 焦作: no stray 市 is left
        title = title.replace(name, "")
    if not meta.issuer:  # the issuer was not read: the body the title opens with stands for it
        title = _LEADING_BODY.sub("", title)
    title = _NOISE.sub("", _YEARISH.sub("", title))
    return f"{genre}|{title}" if len(title) >= 4 else ""


def _places_in(title: str) -> list[str]:
    """Places a title opens with, or names right after 关于 (关于表彰焦作市2013年度…)."""
    out = [p for p in (place_of(title),) if p]
    out += [
        p
        for m in re.finditer(r"关于(?:表彰奖励|表彰|印发|转发)?", title)
        if (p := place_of(title[m.end() :]))
    ]
    return out


def identify(meta: DocMeta) -> DocMeta:
    """``meta`` with place, level, genre and series read from its own fields where they were unknown."""
    stem = PurePath(meta.source).stem
    body = meta.issuer or meta.printed_by or ""
    place = meta.place or next(
        (p for p in (place_of(body), place_of(meta.title), place_of(re.sub(r"^\d+_", "", stem))) if p),
        _province_of_docno(meta.doc_number),
    )
    level = meta.level or level_of(place, body or meta.title or re.sub(r"^\d+_", "", stem), meta.doc_number)
    genre = meta.genre or genre_of(meta.doc_type)
    series = meta.series or series_key(meta, place, genre)
    return meta.model_copy(update={"place": place, "level": level, "genre": genre, "series": series})


class Corrections:
    """An administrator's corrections of document identities: ``knowledge/_identity.tsv``, one
    ``doc_id<TAB>field<TAB>value`` per line (``#`` comments). Kept beside the documents, so they travel with
    them and survive re-ingest; a field left out keeps what was read from the document."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fields: dict[str, dict[str, str]] = {}
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                parts = line.split("\t")
                if len(parts) == 3 and not line.startswith("#") and parts[1] in IDENTITY_FIELDS:
                    self.fields.setdefault(parts[0], {})[parts[1]] = parts[2]

    @property
    def key(self) -> str:
        """What decides a snapshot besides the store: the corrections in a stable order."""
        return repr(sorted((d, sorted(f.items())) for d, f in self.fields.items()))

    def apply(self, meta: DocMeta) -> DocMeta:
        fixed = self.fields.get(meta.doc_id)
        if not fixed:
            return meta
        update: dict[str, object] = {
            k: (int(v) if k == "year" and v.isdigit() else v) for k, v in fixed.items()
        }
        update["corrected"] = ",".join(sorted(fixed))
        return meta.model_copy(update=update)

    def set(self, doc_id: str, field: str, value: str) -> None:
        """Record a correction (an empty value removes it) and write the file."""
        if field not in IDENTITY_FIELDS:
            raise ValueError(f"{field}: not an identity field ({', '.join(IDENTITY_FIELDS)})")
        if "\t" in doc_id or "\t" in value or "\n" in value:
            raise ValueError("tabs and line breaks cannot be stored")
        entry = self.fields.setdefault(doc_id, {})
        if value:
            entry[field] = value
        else:
            entry.pop(field, None)
        lines = ["# 文件身份更正 / identity corrections: doc_id<TAB>field<TAB>value"]
        lines += [f"{d}\t{k}\t{v}" for d, f in sorted(self.fields.items()) for k, v in sorted(f.items())]
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.tmp")
        tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
        tmp.replace(self.path)
