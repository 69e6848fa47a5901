"""The textual shapes every stage recognises, each defined once: years, dates, 第X条, 一是, list marks, sections.

Ingest (structure, metadata, chunking, registries) and the answer engine read documents with the same
patterns, so a change here changes both sides of a comparison at once.
"""

from __future__ import annotations

import re

CJK = r"\u4e00-\u9fff\u3400-\u4dbf"
CN_NUMERAL = "一二三四五六七八九十百千零〇两"
CN_DIGIT = "零〇○O一二三四五六七八九"  # digit-by-digit numerals of a year: 二〇二三

NUMBER = re.compile(r"\d+(?:\.\d+)?")  # 53.85, 2023, 163 — what the faithfulness checks compare
YEAR = re.compile(r"((?:19|20)\d{2})\s*年")  # 2023年, 2023 年: a calendar year as documents write it
# A year as questions and titles mention it, 年 and 度 optional (2023年度, 2023): stripped before weighing words.
YEAR_MENTION = re.compile(r"((?:19|20)\d{2})\s*年?度?")
# A year in Chinese digits (二〇二二年): read as the Arabic year it is.
CN_YEAR = re.compile(rf"([{CN_DIGIT}]{{4}})\s*(?=年)")
DATE = re.compile(
    r"((?:19|20)\d{2}|[一二三四五六七八九○〇零O]{4})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
    r"\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日"
)

# A deadline: a date closely followed by 前/之前/截止/止, or 截止 closely followed by a date.
MONTH_DAY = r"(\d{1,2})\s*月\s*(\d{1,2})\s*日"
DEADLINE = re.compile(rf"{MONTH_DAY}[^。；;]{{0,16}}?(?:前|之前|截止|止)|截止[^。；;]{{0,16}}?{MONTH_DAY}")
# A time window (网上申报时间:11月18日(星期四)8:00—11月27日(星期六)17:30): its end is a deadline too.
WINDOW = re.compile(rf"{MONTH_DAY}[^。；;]{{0,16}}?(?:至|到|—|－|-|~)[^。；;\d]{{0,4}}?{MONTH_DAY}")
# A period: a date range (5月13日至5月19日, 2024年1月20日-2024年1月26日, within one month 3月3-9日).
PERIOD_TEXT = (
    r"\d{1,2}\s*月\s*\d{1,2}\s*日?\s*起?\s*(?:至|到|—{1,2}|－|-|~)\s*(?:(?:19|20)\d{2}\s*年)?\s*(?:\d{1,2}\s*月\s*)?"
    r"\d{1,2}\s*日"
)
PERIOD = re.compile(PERIOD_TEXT)
# A period by its length (公示期为7个工作日, 为期5天): what a period-question is answered by when no dates are given.
PERIOD_LENGTH = (
    rf"(?:期|为期|期限)\s*(?:为|是)?\s*(?:\d{{1,3}}|[{CN_NUMERAL}]{{1,3}})\s*个?\s*(?:工作日|自然日|天|日)"
)

# 今年, 去年, 前年 … and the year each means relative to the current one.
RELATIVE_YEARS = {
    "今年": 0,
    "本年": 0,
    "本年度": 0,
    "去年": -1,
    "上年": -1,
    "上一年": -1,
    "上年度": -1,
    "前年": -2,
    "明年": 1,
}
# 比去年同期, 较上年, 与去年相比, 去年同期: a relative year as the baseline of a change, not the year asked
# (常州11月产值比去年同期增长多少 asks of the document's own year).
BASELINE_YEAR = re.compile(
    r"(?:比|较|与|同|跟|和)(?:去年|上一?年度?|前一年)(?:同期)?(?:相?比较?)?|(?:去年|上一?年)同期"
)

# 第十八条, 第 5 条: a law article's number (the label that opens its text, or ends a section path).
ARTICLE = rf"第\s*[{CN_NUMERAL}\d]+\s*条"
ARTICLE_NUMBER = re.compile(rf"第\s*([{CN_NUMERAL}\d]+)\s*条")
ARTICLE_AT_START = re.compile(rf"^{ARTICLE}")
ARTICLE_AT_END = re.compile(rf"{ARTICLE}$")

# 第二批, 第八届, 第三次: an ordinal naming one edition of something recurring; 第三章, 第二部分: one part of a
# document.
ORDINAL = re.compile(rf"第[{CN_NUMERAL}\d]+(?:批|届|次|期|轮|季度|章|节|编|部分)")

# 特等奖, 一等奖, 甲类, 三档: a grade, which qualifies a kind of award or category (国家科学技术进步奖特等奖).
GRADE = re.compile(r"[一二三四五六七八九十特甲乙丙丁](?:等奖?|类|档|级)")

# 根据《…》(…号)…，制定本办法 / 为推动《…》落地见效，特制定如下实施细则: the clause a document states its own
# basis in (the documents it was made under, and the verb that makes it).
ENACTING_BASIS = re.compile(
    r"(?:根据|依据|依照|按照|为[^。；;]{0,30}?(?:推动|贯彻|落实|实施))[^。；;]{0,300}?《[^《》]+》[^。；;]{0,300}?"
    r"(?:制定|制订|出台)(?:本|如下|以下|此)"
    # a decision or a 通报 states what it acts under: 根据《…奖励办法》有关规定，经…审定，现决定授予…
    r"|(?:根据|依据|依照|按照)《[^《》]+》[^。；;]{0,200}?(?:现|特)?决定"
)

# 一是…二是…: the lead of a block of parallel sentences in 公文 prose.
ITEM_MARK = re.compile(r"^[一二三四五六七八九十]是")
# （一） 一、 1. 2、: the mark that opens a heading or a list item.
LIST_MARK = re.compile(r"^(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+[.．、])")
# A paragraph that opens a list item in any of the forms documents use (1) 2), ①, （一）, 1., 一要, 一是): it starts
# a sentence of its own, whatever the paragraph before it ends with (申报要求: / 1)…; / 2)…).
ITEM_LINE = re.compile(
    r"^\s*(?:[（(]?\d{1,2}[)）]|[①-⑳]|[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d{1,2}[.．、](?!\d)"
    r"|[一二三四五六七八九十][是要])"
)
# 一要…；二要…；三要…: parallel items marked inside one sentence (two at least, in order).
INLINE_ITEM = re.compile(r"(?:^|[；;。，,])\s*([一二三四五六七八九十])([是要])")

# An organization alone on its line: a 机关标志 in the 版头, or the signature of the 落款.
ORGANIZATION_LINE = re.compile(
    r"^[\u4e00-\u9fff（）()、\s]{2,60}?(?:局|厅|委|委员会|政府|办公室|办公厅|中心|党组|部|院|管委会|协会|科协)$"
)
# 联系人:, 电话:, 附件:, 地址:: a line opening with a short label states one field (a contact, an attachment).
FIELD_LINE = re.compile(r"^[\u4e00-\u9fff ]{1,6}\s*[:：]")

# 联系人:, 联系电话:, 邮箱:, 地址:: a contact field (part of a notice's body, even when it stands last).
CONTACT_LINE = re.compile(
    r"^(?:联\s*系\s*人|联系电话|咨询电话|电\s*话|手\s*机|传\s*真|邮\s*箱|电子邮箱|电子邮件|地\s*址|联系方式|联系地址)"
    r"\s*[:：]"
)

# A phone number: 0371-62869012, 0477—8588986, 5820679 (seven or eight digits, an area code before them).
PHONE = re.compile(r"(?<![\d.])(?:0\d{2,3}\s*[-—－–]\s*)?\d{7,8}(?![\d.])")

# Section names the chunker gives the parts of a document outside its numbered sections.
FRONT = "版头"  # 发文机关标志, 文号, 标题, 主送
TAIL = "落款"  # signature, date, 版记
BODY_SECTION = "正文"  # body text before the first heading
FRONT_SECTIONS = (FRONT, TAIL)  # never evidence for the body's content

# A table's rows are cited under their caption (二、… > 表：2023年各县区技术合同成交额) and each row is one
# sentence that opens with its row header (温县：技术合同成交额3.26亿元；同比增长15.6%。).
TABLE_SECTION = "表："
TABLE_ROW = re.compile(r"^(?P<row>[^：:，。；]{1,30})[：:]")

# 依据 / 根据 / 参照 / 按照: a document cites what it was made or done under in a clause one of these opens.
BASIS_WORD = re.compile(r"依据|根据|参照|按照|依照|遵照")
# 为贯彻落实《…》精神: what a document was made to carry out is its basis as much (in its text; in a question, 落实
# asks what was done more often than what was carried out, and titles say 贯彻落实 of themselves).
CARRIES_OUT = re.compile(r"贯彻|落实")
# 依据的认定管理办法文号是多少, 参照了哪个办法: a message that opens with one asks what the document it is about
# was based on (its subject, that document, left out).
ASKS_BASIS = re.compile(r"^(?:它|这个文件|该文件)?(?:所|是)?(?:依据|根据|参照|按照|依照|遵照)(?:的|了|是)")
