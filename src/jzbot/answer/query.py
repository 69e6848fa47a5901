"""Understanding a staff question: what kind it is, which 文号/years/units it names, which terms must be supported.

Relative years (今年, 去年, 前年) resolve against the current date; the resolution is reported so
the answer can say which year it used.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Literal

from jzbot.registry.docno import find_docnos
from jzbot.text import fold

Intent = Literal["docno", "title_to_docno", "docno_list", "meta", "figure", "fact"]

_RELATIVE = {"今年": 0, "本年": 0, "本年度": 0, "去年": -1, "上年": -1, "上一年": -1, "上年度": -1,
             "前年": -2, "明年": 1}
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_FIGURE = re.compile(r"多少|几[家项次人名件个份位篇场所批条]?|数量|总数|金额|规模|排名|排第|第几|位居|居全省|占比|比例|增长了?多少")
_UNIT_WANTED = [
    (re.compile(r"(?:多少|几)\s*家|企业数|机构数"), "家"),
    (re.compile(r"(?:多少|几)\s*项"), "项"),
    (re.compile(r"(?:多少|几)\s*(?:次|回)|开了几|召开.*几"), "次"),
    (re.compile(r"(?:多少|几)\s*(?:人|名|位(?!居))"), "人|名"),
    (re.compile(r"(?:多少|几)\s*件"), "件"),
    (re.compile(r"(?:多少|几)\s*份"), "份"),
    (re.compile(r"成交额|金额|经费|资金|多少钱|(?:多少|几)\s*(?:亿|万)"), "亿元|万元|元"),
    (re.compile(r"排名|排第几|第几|位居|居全省|排多少"), "位"),
]
_META = {
    "recipients": re.compile(r"主送|报送给|报给谁|呈报|送给谁"),
    "printed_by": re.compile(r"印发机关|哪个部门印发|谁印发|由.{0,6}印发|印发单位|哪个单位印发"),
    "date": re.compile(r"成文日期|印发日期|什么时候印发|何时印发|哪天印发|什么时候发|发文日期|落款日期|日期是"),
    "issuer": re.compile(r"发文机关|谁发的|哪个单位发|哪个部门发|发文单位|由谁发"),
    "doc_number": re.compile(r"(?:这份|该|本|这个)(?:报告|文件|通知)?的?(?:文号|发文字号)|报告的(?:文号|发文字号)"),
    "title": re.compile(r"(?:这份|该|本)(?:报告|文件)?的?(?:标题|题目)|叫什么名"),
}
_TITLE_TO_NO = re.compile(r"文号|发文字号|几号文|什么号")
_LIST = re.compile(r"(废止|废除|制定|出台|印发|修订|新制定)了?(?:哪些|哪几个|几个|什么|多少)")
_LIST2 = re.compile(r"(?:哪些|哪几个|什么).{0,12}(?:被|已)?(废止|废除|制定|出台|印发|修订)")
_STATUS = re.compile(r"有效|失效|废止|现行|还能用|还在用|作废")
_QUOTED = re.compile(r"《([^》]+)》|<([^>]+)>|〈([^〉]+)〉")


@dataclass
class Query:
    text: str
    folded: str
    intent: Intent
    docnos: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    relative: str | None = None  # the relative word used, e.g. 去年
    units: list[str] = field(default_factory=list)
    meta_field: str | None = None
    action: str | None = None
    asks_status: bool = False
    quoted_title: str | None = None


def parse(question: str, today: dt.date) -> Query:
    q = question.strip()
    f = fold(q)
    docnos = [d.key for d in find_docnos(q)]
    stripped = f
    for d in find_docnos(f):
        stripped = stripped.replace(f[d.start : d.end], " ")
    years = [int(y) for y in _YEAR.findall(stripped)]
    relative = None
    for word, delta in _RELATIVE.items():
        if word in f:
            relative = word
            years.append(today.year + delta)
            break
    qt = _QUOTED.search(q)
    quoted = next((g for g in qt.groups() if g), None) if qt else None
    query = Query(text=q, folded=f, intent="fact", docnos=docnos, years=sorted(set(years)), relative=relative,
                  quoted_title=quoted)
    query.asks_status = bool(_STATUS.search(f))
    if docnos:
        query.intent = "docno"
    elif (m := _LIST.search(f) or _LIST2.search(f)) and re.search(r"文件|办法|规定|制度|通知", f):
        query.intent, query.action = "docno_list", m.group(1).replace("新", "").replace("废除", "废止").replace("出台", "制定")
    elif _TITLE_TO_NO.search(f) and (quoted or not _META["doc_number"].search(f)):
        query.intent = "title_to_docno"
    else:
        for name, pattern in _META.items():
            if pattern.search(f):
                query.intent, query.meta_field = "meta", name
                break
    if query.intent == "fact" and _FIGURE.search(f):
        query.intent = "figure"
    for pattern, unit in _UNIT_WANTED:
        if pattern.search(f):
            query.units = unit.split("|")
            break
    return query
