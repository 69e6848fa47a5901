"""Web-page furniture around a document's text: the stored copy's source line and the labelled fields of a
government site's 信息公开 table (索引号, 发布机构, 发文字号, 成文日期, 浏览次数 …).

Invariant: furniture is never body text (no answer quotes it and no sentence is joined to it), yet the facts it
labels (文号, 标题, 发文机关, 成文日期) are read into the document's metadata.
"""

from __future__ import annotations

import re

from jzbot import data

# The first line of a stored copy names where it came from (来源：http://…, source: …): provenance, not text.
# A provenance line: a web address, or a text kept in a public repository (来源：github:owner/repo:path).
_PROVENANCE = re.compile(r"^(?:source|note)\s*:|^<!--|^来源\s*[:：]\s*(?:https?://|github:)", re.IGNORECASE)

# Labels of the 信息公开 fields government sites print above a document, longest first so 信息来源 is not 来源.
LABELS = (
    "索引号",
    "组配分类",
    "主题分类",
    "体裁分类",
    "公开方式",
    "公开形式",
    "公开范围",
    "公开目录",
    "公开日期",
    "公开责任部门",
    "信息有效性",
    "有效性",
    "发布机构",
    "发布单位",
    "所属机构",
    "信息分类",
    "内容分类",
    "所属主题",
    "体裁",
    "时效",
    "公文时效",
    "统一编号",
    "文件编号",
    "成文时间",
    "访问量",
    "阅读量",
    "点击量",
    "发布机关",
    "发文机关",
    "发布时间",
    "发布日期",
    "发文日期",
    "生成日期",
    "成文日期",
    "信息来源",
    "来源",
    "浏览次数",
    "阅读次数",
    "浏览量",
    "点击数",
    "字体",
    "文本下载",
    "作者",
    "文件标题",
    "文件名称",
    "文件类型",
    "发文单位",
    "发文机构",
    "发文文号",
    "信息名称",
    "存放位置",
    "网络编辑",
    "责任编辑",
    "信息审核",
    "终审",
    "点击",
    "效力状态",
    "标题",
    "名称",
    "发文字号",
    "文号",
    "咨询电话",
    "主题词",
    "分类",
    "日期",
)
_SPACED = {label: r"\s*".join(label) for label in LABELS}  # 索 引 号, 标 题: labels spaced out for layout
# Text extraction drops the spaces between labels and values (发布机构区科技局成文日期2022-11-21), so a label is
# found anywhere; a line is furniture only when it opens with one and has no sentence punctuation.
# 时间 alone is a label only before the date a page was put online (时间:2021-04-12 08:58): 时间:5月23日 in a notice
# is what it announces.
_PAGE_TIME = r"时\s*间(?=\s*[:：]\s*(?:19|20)\d{2}\s*-\s*\d)"
_LABEL = re.compile(
    "(" + "|".join(_SPACED[label] for label in sorted(LABELS, key=len, reverse=True)) + "|" + _PAGE_TIME + ")"
)
_SENTENCE = re.compile(r"[，。；,;]")
_DECOR = " \t\u3000|•·●:：[]【】"
_VALUE_MAX_CHARS = 80  # a field's value is a name, a number or a date, never a passage
# Bare values some sites print without labels: an index number, a date, a disclosure mode.
_BARE = re.compile(
    r"^(?:[0-9A-Z]{6,}/\d{4}-\d+|\d{4}-\d{2}-\d{2}(?:\s+\d{2}:\d{2}(?::\d{2})?)?|主动公开|依申请公开|面向社会|"
    r"面向全社会|分享到|扫一扫[\u4e00-\u9fff]{0,12}|[\u4e00-\u9fff、]+/[\u4e00-\u9fff、]+|\(此件(?:主动)?公开发布\)|（此件(?:主动)?公开发布）|\(此件主动公开\)|（此件主动公开）)$"
)


# What may stand before a page's first label: the date or the site it was published on (2022-04-19 作者:…,
# 某省科学技术厅门户网站 发布时间:…).
_LEAD = re.compile(
    r"^(?:(?:19|20)\d{2}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?|[\u4e00-\u9fff]{2,24}(?:网站|网|客户端))$"
)
# A site's navigation: 当前位置: 首页 > …, 您现在的位置：新闻中心 / 要闻, or short names joined by two › or more.
_BREADCRUMB = re.compile(
    r"^(?:您?(?:当前|现在)(?:所在)?的?位置|您(?:所在)?的位置|首页|网站首页)\s*[:：>»›/]|^(?:首页|网站首页|政府信息公开|政务公开)[^。，]*[>»›]|"
    r"^(?:[^。，,；;<>]{1,12}[>»›]){2,}[^。，,；;<>]{0,12}$"
)
# A site's greeting over every page (欢迎访问南京市科学技术局网站, 欢迎来到…门户网站): no title of the document.
_GREETING = re.compile(r"^欢迎(?:您)?(?:访问|来到|光临|登录)[^。，,]{0,30}(?:网站|网|门户|平台)$")
# The names of a site's columns (政府信息公开, 通知公告 …) alone on a line: where the page sits, not what it says.
_COLUMNS = re.compile("^(?:" + "|".join(data.lines("site_columns.txt")) + ")+$")


def is_provenance(text: str) -> bool:
    return bool(_PROVENANCE.match(text.strip()))


def fields(text: str) -> dict[str, str] | None:
    """The labelled fields of a furniture line (``发文字号 黔江科局发〔2022〕30号 主题分类 科技``), by label, or
    None when the line is text: it must open with a label, and every value must be short, with no sentence
    punctuation on the line."""
    line = text.strip().strip(_DECOR)
    parts = _LABEL.split(line)
    lead = parts[0].strip(_DECOR)
    if len(parts) < 3 or (lead and not _LEAD.match(lead)) or _SENTENCE.search(line):
        return None
    out: dict[str, str] = {}
    for label, value in zip(parts[1::2], parts[2::2], strict=False):
        value = value.strip(_DECOR)
        if len(value) > _VALUE_MAX_CHARS or "。" in value:
            return None
        key = re.sub(r"\s+", "", label)
        if value and key not in out:
            out[key] = value
    return out


def is_navigation(text: str) -> bool:
    """A breadcrumb or a site column's name: where the page sits on its site."""
    t = text.strip().strip(_DECOR)
    return bool(_BREADCRUMB.match(t) or _GREETING.match(t) or _COLUMNS.match(re.sub(r"\s+", "", t)))


def is_furniture(text: str) -> bool:
    """Provenance, navigation, a labelled field line or a bare field value: page furniture, not the document's
    text."""
    t = text.strip()
    return is_provenance(t) or is_navigation(t) or fields(t) is not None or bool(_BARE.match(t.strip(_DECOR)))
