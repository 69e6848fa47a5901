"""Every weight and threshold of the answer engine, in one place.

Calibration: values were set on the tune half of ``benchmarks/bank`` and on ``../shared/eval`` (dev
sets), then checked once on the holdout half, which is never used to choose a value. A comment says
what each one trades off; change one only with the scores of all three sets before and after.
"""

from __future__ import annotations

# -- question terms ------------------------------------------------------------------------------
# Part-of-speech weight of a question word (jieba tags). Nouns and names say what is asked about;
# verbs say less (审改, 提到, 做); pronouns, numerals, particles and question words say nothing.
POS_WEIGHT = {
    "n": 1.0,
    "nz": 1.0,
    "nt": 1.2,
    "ns": 1.2,
    "nr": 1.0,
    "nrt": 1.0,
    "vn": 0.9,
    "j": 1.0,
    "l": 0.8,
    "eng": 1.0,
    "an": 0.8,
    "v": 0.5,
    "vd": 0.4,
    "a": 0.5,
    "ad": 0.3,
    "i": 0.6,
    "b": 0.7,
    "s": 0.3,
    "g": 0.5,
    "p": 0.3,
}  # 依据/根据 are tagged prepositions, yet in 依据哪些文件 they are asked about
POS_DEFAULT = 0.0
# A two-character localizer between two words of a noun phrase (经费内部支出, 园区周边企业) qualifies it: a term,
# lighter than a noun. Elsewhere (三天以内, 会议期间) a localizer stays no term.
INNER_LOCALIZER_WEIGHT = 0.5
# A noun right after a question word names the kind of answer (哪个单位, 什么责任制), not its subject.
ANSWER_TYPE_WEIGHT = 0.3  # r, m, q, u*, y, e, c, p, d, f, t, x: never a term
INSTANCE_WEIGHT = 0.3  # 科技局这种政府部门: the instance named before 这种 is an example, not the subject
# Words shared by more than this share of the corpus's chunks are framing (工作, 情况), kept at low weight.
COMMON_DF_SHARE = 0.25
# A word the corpus never uses still counts against coverage, but less than a word it does use:
# a staff word the documents put differently (短板 for 不足) should lower confidence, not veto.
# (It is weighed against the question's typical known word, not as the rarest word there is.)
ABSENT_WEIGHT = 0.5
ABSENT_WEIGHT_FIGURE = 1.0  # but a figure needs its indicator: 增加值 absent means no 增加值 figure

# -- soft matching (how much a wording counts as another) ----------------------------------------
SUPPORT_EXACT = 1.0  # the word or a vocabulary synonym is in the span
SUPPORT_ABBREVIATION = (
    0.85  # 高企 in 高新技术企业, 律所 in 法律事务所: the characters in order, close together
)
SUPPORT_REORDERED = 0.8  # 风险高 for 高风险: the same characters side by side in another order
ABBREVIATION_SPAN = 4  # the characters may spread over at most this many times the word's length
SUPPORT_SPLIT = 0.7  # 重点对象 in 对象是全体公民，重点是…: a four-character compound said in its two halves, close together
SPLIT_SPAN = 12  # characters between the starts of the two halves
SUPPORT_OVERLAP = 0.6  # scaled by the share of the word's character pairs found (经费/资金 are not)
OVERLAP_MIN = 0.5
CONTEXT_SUPPORT = 0.8  # a term found only in the heading path or the document title

# -- evidence ranking ----------------------------------------------------------------------------
W_COVERAGE = 10.0  # coverage is the main signal: ten points from none to all
W_RETRIEVAL_RANK = 0.08  # per place down the fused retrieval list
W_LENGTH = 1 / 200  # per character: prefer the short clause that says it
W_FIGURE_UNIT = 2.0  # a figure question's span holds a number in the unit asked
W_FIGURE_NO_UNIT = -5.0
W_STATED = 2.0  # the span states the figure the question itself quotes
W_WHEN = 2.5  # a when-question's span states a date or a time limit
W_WHO = 2.5  # a who-question's span names an organization or a post
WHO_NOT_ACTOR = 0.5  # share of W_WHO when the organization is not the clause's subject
ACTOR_AT = 2  # an organization within this many characters of a clause's start is its subject (由…, 经…)
W_ITEMS = 0.8  # a list question's span announces or holds items (下列事项：（一）…)
W_ITEMS_ASKED = 2.0  # … and the items announced are of the kind asked (哪几类项目 → 下列…项目)
W_PHRASE = 1.5  # the span has several question words side by side, as the question wrote them
PHRASE_MIN_CHARS = 4
W_CHANGE = 2.5  # a change-question's span states 由X…减至Y
W_DEFINITION = 2.5  # a definition-question's span defines (本法所称…是指)
W_HOLDER = 2.5  # a holder-question (哪位副厅长): the span names the post's holder (副厅长杨松)
W_PLACE = 2.5  # a place-question (哪个村): the span names one (拉直村)
W_KIND = 2.5  # a kind-question (啥样的法治政府): the span lists qualities before 的法治政府
W_MEANS = 2.5  # a means-question (哪些渠道, 什么方式): the span says 通过… / 利用…
W_CONTACT = (
    5.0  # a contact-question (找谁, 电话多少): the span names a person, a phone, an e-mail (all three: full)
)
COUNTED_MAX = 3  # a counted feature's evidence counts up to this many times (联系人, 电话, the number)
W_PERIOD = 3.0  # a period-question (公示期是哪几天): the span states a date range, more than any one date
W_NAMED = 2.5  # a name-question (叫啥名): the span gives the name (名称为…)
W_HANDLING = 1.0  # a handling-question (不合格咋办): the span says what is done (限期整改, 取消…)
W_PART = 2.5  # a part-question (放在哪一章): the span names a chapter or section (第五章, 附则)
W_ABOUT = 2.5  # an about-question (是关于啥事的): the span names its subject as 关于…的建议
W_EACH = 2.0  # an each-question (各多少, 分别是多少): per figure the span states, up to COUNTED_MAX
W_DOCUMENTS = 2.5  # a question for documents (哪几部法, 依据哪些文件): the span names some in 《》
W_BASIS = (
    3.0  # a basis-question (依据啥规定, 贯彻哪个文件): the span says what it acts under (根据《…》的规定)
)
# 附件:…的决定.doc: a line pointing to an attached file names it and says nothing of its content; it answers only a
# question about the attachments themselves.
W_ATTACHMENT_POINTER = 3.0
W_HOME = 1.0  # the bureau's own documents first when the question names no organization
W_YEAR = 1.5  # the span or its document is of the year asked
# A figure asked of a place's document (浙江…增长多少) with no extent word: the span on the whole place (全省…增长10.0%)
# beats one on a part of it (台州…增长14.1%).
W_OWN_EXTENT = 1.0
W_UNASKED_PART = 1.0  # a table row of one part of an indicator (其中应用研究) the question does not name
# A table cell whose own column name the question says, in proportion to how much of it (its character pairs).
W_CELL_NAMED = 1.0
# A target asked (全年目标是多少): a span stating the target figure over one stating what was done, and the other way
# for 完成了多少.
W_TARGET_SIDE = 1.0
W_UNASKED_ROW = (
    0.5  # a table cell of a row (集体企业：…) the question does not name: the whole row answers it
)
# A table cell stating the year asked itself beats one that has it from its document (a table's 2015年 column over
# its 总累计 column, in a 2015 report): small, a tie-breaker between cells that both fit. Running text is left
# alone: a sentence repeating the year is no better an answer.
W_YEAR_STATED = 0.5

# -- decisions -----------------------------------------------------------------------------------
ANSWER_COVERAGE = 0.5  # below this share of the question's term weight, no span answers it
FOREIGN_FIGURE_COVERAGE = 0.7  # another place's figure, for a question naming no place, must fit this well
FIGURE_COVERAGE = 0.5  # a figure span also needs the unit; slightly lower bar
LIST_HEADING_COVERAGE = 0.5  # a section heading that matches a list question this well is its answer
TITLE_COVERAGE = 0.5  # a document whose title and issuer carry this share of a description is the one meant
W_OWN_DOCUMENT = 0.05  # between equal descriptions, a document held in full beats one only mentioned
OPENING_MAX_CHARS = 80  # a document's opening sentence describes it (关于…的提案收悉) this far
ARTICLE_COVERAGE = 0.45  # a law article whose text covers this share of the question answers it
# A subject (noun or name the corpus has) weighing at least this share of the question's heaviest
# word must be supported by the span: 国家级 in 国家级孵化器 may not be dropped for a 省级 figure.
STRONG_SUBJECT_SHARE = 0.8
SUBJECT_SUPPORT = 0.5  # a subject (place, organization, indicator noun) supported less than this is missing
# A message of several comma clauses (组长谁当，办公室设在哪) is answered as a whole when its quotes say at least this
# share of each clause's words; else clause by clause.
CLAUSE_COVERED = 0.7
SECOND_SPAN_GAIN = 0.15  # add another span only when it covers this much more of the question
MAX_SPANS = 3  # at most this many spans in one answer (众创空间和孵化器分别多少)
MAX_LIST_ITEMS = 8
ENUMERATION_MIN_ITEMS = 3  # a sentence with this many 、-separated items lists them itself
ITEM_WITH_BODY_MAX_CHARS = (
    200  # a span and the rest of the list item it ends on are shown together up to this
)
PICKED_UP_CHARS = 4  # a next sentence continues a span when its first characters repeat the span's last words
LIST_SENTENCE_TIE = 0.02  # sentences this close to the best fit are equally good items of a list
LIST_ITEM_MAX_CHARS = 100  # a longer sentence is a passage, not an item of a list
ITEM_LEAD_IN_CHARS = 2  # a quoted word's phrase may start this many characters into its clause (通过抓…)
CLAUSE_MIN_CHARS = 12  # a clause shorter than this is shown with its sentence
DRAFT_MIN_COVERAGE = 0.34
DRAFT_MAX_CHARS = 520
CLOSING_SCAN_CHARS = 200  # a news item's closing line (who took part) is a short sentence
DRAFT_OWN_MARGIN = (
    0.2  # the bureau's own blocks write the draft unless another document fits this much better
)
DRAFT_RANK_PENALTY = (
    0.01  # per place down the hits: retrieval order breaks ties between equally fitting blocks
)

# -- text shapes (lengths read off the corpus's 公文, not tuned on questions) ------------------------
HEADING_MAX_CHARS = 30  # 三是科技人才引育方面。: a numbered line this short with no figure is a heading
BLOCK_LEAD_MAX_CHARS = (
    20  # 三是科技人才引育方面。: a block lead this short only names its block (left out of drafts)
)
HEADING_MARK_CHARS = 3  # the mark of such a heading (（二）, 三是) is at most this long
LONG_SENTENCE = 80  # longer sentences are also offered as runs of their ，-clauses
MAX_CLAUSE_RUN = 3  # … of at most this many clauses
LOCATE_CHARS = 20  # a span is found again in its sentence or chunk by this many of its first characters
BINDING_GAP = 6  # characters allowed between a modifier and its noun in a span (全省技术合同成交额)
ARTICLE_MAX_CHARS = 600  # a longer article is shown as the paragraph (款) that matches
# A longer article (or 款) asked one thing (not a list) is shown through the clause that answers it (or that clause
# alone): past this it would be longer than a short answer may be.
ARTICLE_PART_CHARS = 260
EVIDENCE_READ = 40  # the best spans a rule looks through for a second span or a named title
OTHER_DOCUMENT_MARGIN = 0.05  # another document this close in coverage is named in a note
CONTACT_BLOCK_MAX_LINES = (
    4  # contacts of several people under one contacts heading, all stated; more is a directory, not an answer
)
CONTACT_LINE_MAX_CHARS = (
    40  # 宿州市科技局行政审批服务科:0557-3025760: a contact line names a body and its number
)
ORG_MIN_CHARS = 4  # 科技局 alone names every city's bureau; 省科技厅 names one
NAME_ABBREVIATION_SPAN = 2  # an organization or title named in short: its characters within twice its length
TITLE_NAME_MIN_CHARS = 3  # a title named in a question: at least this many characters before its type word
TITLE_NAME_MAX_CHARS = 24  # … and at most this many
RESPELL_MIN_CHARS = 3  # a shorter word one character off is another word (高薪/高校), not a typo
SYNONYM_MIN_WEIGHT = 1.0  # a staff abbreviation (高企) names a subject whatever jieba tags it
COMMON_IDF_SHARE = (
    0.3  # the IDF kept by a framing word of this corpus (工作, 情况, 报告; see COMMON_DF_SHARE)
)
DRAFT_SECTION_SHARE = 0.5  # a draft adds a block of the best block's section fitting this share as well
DRAFT_OTHER_SHARE = 0.8  # … or a block of another section fitting this share as well

# -- forwarding notices (转发通知) ------------------------------------------------------------------------
FORWARD_LEAD_DAYS = 5  # a forwarding bureau collects and reviews before the source's deadline: a working week
FORWARD_MAX_ITEMS = 5  # the source's opening, deadlines and requirements quoted, at most
FORWARD_OPENING_SENTENCES = 3  # the forwarded notice is named in the first sentences of a relaying notice
FORWARD_NOTICE_BONUS = 0.1  # between documents that fit a request alike, a 通知 is the one to forward

# -- conversations (follow-ups) --------------------------------------------------------------------------
# 奖金多少 after 一等奖有几项: a noun said in this many clauses of the conversation's documents needs the last
# topic to say whose it is
FOLLOWUP_AMBIGUOUS_CLAUSES = 2
# 科技进步奖 for 自然科学奖: words this long sharing their last character (their head) are of one kind (a grade,
# 特等奖, is shorter and no kind of award)
FOLLOWUP_HEADED_CHARS = 4

# Retrieval depth (how many chunks, from which documents) is retrieval policy: ``retrieve/gather.py``.

# A place name this long (without its 盟 / 市) is also said by its first character and its kind: 锡林郭勒盟 → 锡盟.
ABBREVIATED_PLACE_MIN_CHARS = 4

# -- table follow-ups (answer/cells.py) ---------------------------------------------------------------
# A row or column label a follow-up must name to be read as one: two characters (北京, 职务, 合计); a single
# character (省, 年) is too common a piece of any message to stand for a label.
CELL_LABEL_MIN_CHARS = 2
# An extent word (全国) followed in a question by this many characters the document writes after it too
# (全国科普工作…) is a word of a name there (an award, a campaign), not the extent a non-figure question asks; four
# characters are a name's stem, fewer (全国的) would catch the extent itself.
EXTENT_NAME_CHARS = 4
# A term a level character (省/市/县/区) is glued to must be this long for the pair to name one level's body or
# item (市政协提案): a one-character term after 市 is a place name's ending, not a level.
LEVELED_TERM_MIN_CHARS = 2
# Sentences of one document that say a row whole with the same field labels (电话…；地址为…) are a table's rows
# when there are at least this many: two could be any two sentences that happen to share a shape.
ROW_TABLE_MIN_ROWS = 3
# A column path's ending this long names it (研发费用 of 规上工业研发费用): a table's head nouns are at least four
# characters in the yearbooks read so far; shorter endings (费用, 数) are shared by every column.
CELL_HEAD_MIN_CHARS = 4

# A follow-up naming another place (那北京的呢) after a question about a document named with its place
# (上海市技术市场条例): that place's document of the same name answers when its title holds at least this share of
# the name's characters (北京市专利保护和促进条例 holds all of 专利保护条例; 北京市科学技术普及条例 only 4 of 技术市场条例's 6).
COUNTERPART_SHARE = 0.8
