"""The question parser: kinds, years, units, article numbers and 文号, as a table."""

from __future__ import annotations

import datetime as dt

import pytest

from jzbot.answer.understand import Kind, understand

TODAY = dt.date(2024, 3, 20)


@pytest.mark.parametrize(
    ("question", "kind", "years", "units"),
    [
        ("截至去年底高企累计多少家了", Kind.FIGURE, [2023], ["家"]),
        ("2023年全市技术合同成交额是多少？", Kind.FIGURE, [2023], ["亿元", "万元", "元"]),
        ("咱焦作排第几啊？", Kind.FIGURE, [], ["位"]),
        ("去年法律顾问审改合同几次，普法讲座讲了几次", Kind.FIGURE, [2023], ["次"]),
        ("提升政务服务能力分了哪几个方面", Kind.LIST, [], []),
        ("报告里提到的短板有哪些", Kind.LIST, [], []),
        ("下一步有啥打算", Kind.LIST, [], []),
        ("科学技术进步法第十八条怎么说", Kind.ARTICLE, [], []),
        ("局里为啥调整了依法行政领导小组", Kind.FACT, [], []),
        ("焦科〔2023〕45号是什么文件？", Kind.DOCNO, [], []),
        ("焦科[2023]45号还有效吗", Kind.DOCNO, [], []),
        ("焦政〔2013〕8号一等奖授予了多少项", Kind.FIGURE, [], ["项"]),
        ("2023年新制定了哪些规范性文件？", Kind.DOCNO_LIST, [2023], []),
        ("《焦作市工程技术研究中心管理办法》的文号是多少", Kind.TITLE_TO_DOCNO, [], []),
        ("这份报告的主送机关是谁？", Kind.META, [], []),
        ("咱局法律顾问那两位律师叫什么名字", Kind.FACT, [], []),
        ("重大决策集体讨论的时候，行政首长什么时候发言", Kind.FACT, [], []),
    ],
)
def test_kind_years_units(question: str, kind: Kind, years: list[int], units: list[str]) -> None:
    q = understand(question, TODAY)
    assert (q.kind, q.years, q.units) == (kind, years, units)


@pytest.mark.parametrize(
    ("question", "article", "wants_article"),
    [
        ("科学技术进步法第十八条怎么说", 18, False),
        ("政府信息公开条例第33条", 33, False),
        ("研发费用加计扣除写在科技进步法第几条", None, True),
        ("哪一条规定了科技特派员", None, True),
        ("高企累计多少家", None, False),
    ],
)
def test_article_numbers(question: str, article: int | None, wants_article: bool) -> None:
    q = understand(question, TODAY)
    assert (q.article, q.wants_article) == (article, wants_article)


def test_relative_year_is_kept_beside_an_explicit_one() -> None:
    q = understand("2013年度市科技进步奖二等奖多少项？去年省科技进步奖二等奖咱拿了几项", TODAY)
    assert q.years == [2013, 2023] and (q.relative, q.relative_year) == ("去年", 2023)


def test_a_docno_with_a_content_question_is_about_that_document() -> None:
    q = understand("焦政〔2013〕8号一等奖授予了多少项", TODAY)
    assert q.docnos == ["焦政〔2013〕8号"] and q.about_docno


@pytest.mark.parametrize(
    ("question", "asks_name", "asks_who", "asks_when"),
    [
        ("咱局法律顾问那两位律师叫什么名字", True, False, False),
        ("咱们局党组书记是谁", True, True, False),
        ("一把手在集体讨论会上最后表态，报告里这个叫什么", False, False, False),
        ("省科技厅法治政府建设领导小组组长由谁担任", False, True, False),
        ("孟州那个科技创新行动方案是哪个单位起草的", False, True, False),
        ("部门的法治政府建设年度报告最晚啥时候得报上去", False, False, True),
    ],
)
def test_what_kind_of_answer_is_wanted(
    question: str, asks_name: bool, asks_who: bool, asks_when: bool
) -> None:
    q = understand(question, TODAY)
    assert (q.asks_name, q.asks_who, q.asks_when) == (asks_name, asks_who, asks_when)


@pytest.mark.parametrize(
    ("question", "defines"),
    [
        ("促进科技成果转化法里科技成果是怎么定义的", True),
        ("什么是职务科技成果", True),
        ("科技成果转化有哪些方式", False),
    ],
)
def test_definition_questions(question: str, defines: bool) -> None:
    assert understand(question, TODAY).asks_definition is defines


@pytest.mark.parametrize(
    ("word", "text", "found"),
    [
        ("高风险", "探索性强、风险高的项目", True),
        ("转化成果", "促进成果转化", True),
        ("高风险", "风险较高", True),
        ("高风险", "高度重视风险", False),
        ("法治", "治法", False),
    ],
)
def test_reordered_words(word: str, text: str, found: bool) -> None:
    from jzbot.text import reordered_in

    assert reordered_in(word, text) is found


@pytest.mark.parametrize(
    ("question", "change"),
    [("天津科技局审批事项从几个减到几个", True), ("办理时限缩短了多少", True), ("审批事项有几个", False)],
)
def test_change_questions(question: str, change: bool) -> None:
    assert understand(question, TODAY).asks_change is change


def test_a_documents_own_previous_year_phrase_is_no_relative_year() -> None:
    assert understand("市直部门上年度的报告最迟啥时候交", TODAY).years == []
    assert understand("上年度高企新增多少家", TODAY).years == [2023]


def test_an_abbreviation_never_spans_a_number_or_a_stop() -> None:
    from jzbot.text import abbreviation_in

    assert abbreviation_in("高企", "高新技术企业", 4)
    assert not abbreviation_in("案件", "办理答复人大代表提案8件", 4)
    assert not abbreviation_in("律所", "法律，事务所", 4)


def test_a_comparison_is_not_a_list() -> None:
    assert understand("两个年度报告交的时间有啥不一样", TODAY).kind is not Kind.LIST
    assert understand("下一步有啥打算", TODAY).kind is Kind.LIST
    assert understand("创新平台建设方面去年都弄了些啥", TODAY).kind is Kind.LIST


def test_document_and_definition_phrasings() -> None:
    today = dt.date(2024, 3, 20)
    assert understand("啥叫职务科技成果", today).asks_definition
    assert understand("金水区科技局重点学了哪些法", today).asks_documents
    assert understand("焦政〔2013〕8号是依据哪些文件定的", today).asks_documents
    assert not understand("哪些法定情形可以不公开", today).asks_documents
    assert understand("驻马店十四五科技创新规划是哪个文印发的", today).kind is Kind.TITLE_TO_DOCNO


def test_a_preposition_before_shi_is_the_noun_asked_for(corpus_assistant) -> None:
    # 依据是哪条: 依据 (tagged a preposition) is the kind of answer wanted, not a word of the passage.
    from jzbot.answer.terms import terms_of

    a = corpus_assistant
    terms = {
        t.word: t
        for t in terms_of(a.engine().understand("科研项目失败了能不能免责，依据是哪条"), a.knowledge, a.vocab)
    }
    assert "依据" in terms and not terms["依据"].subject


def test_the_head_of_the_asked_noun_phrase_is_the_answer_type(corpus_assistant) -> None:
    # 哪些宣传渠道: 渠道 is the kind of answer wanted, 宣传 qualifies it; 哪些文件起草的: 起草 is the predicate.
    from jzbot.answer.terms import terms_of

    a = corpus_assistant

    def subjects(text: str) -> set[str]:
        return {t.word for t in terms_of(a.engine().understand(text), a.knowledge, a.vocab) if t.subject}

    assert "宣传" in subjects("普法都用了哪些宣传渠道") and "渠道" not in subjects("普法都用了哪些宣传渠道")
    assert "文件" not in subjects("孟州方案是依据哪些文件起草的")
    assert understand("普法都用了哪些宣传渠道", dt.date(2024, 3, 20)).asks_means


def test_a_kind_question_names_the_thing_qualified() -> None:
    assert understand("年报工作指引里说要建设啥样的法治政府", dt.date(2024, 3, 20)).kind_of == "法治政府"
    assert understand("法治政府建设年度报告什么时候交", dt.date(2024, 3, 20)).kind_of == ""


def test_an_ordinal_asks_a_rank_not_a_count() -> None:
    # 第几名 / 第几家 ask where something ranks; 几名 / 几家 how many.
    today = dt.date(2026, 11, 25)
    assert understand("区域创新评价我们排第几名", today).units == ["位"]
    assert understand("综合考核拿了第几名", today).units == ["位"]
    assert understand("表彰了几名先进个人", today).units == ["人", "名"]


def test_who_questions_name_any_kind_of_organization() -> None:
    # 哪家事务所, 哪个公司: a kind of organization after the question word asks who (paraphrases no bank holds).
    assert understand("常年法律顾问由哪家事务所担任", TODAY).asks_who
    assert understand("负责验收的是哪个公司", TODAY).asks_who
    assert not understand("依据哪个文件", TODAY).asks_who


def test_previous_year_wording_of_a_recurring_duty_is_no_year() -> None:
    # 上一年度 in a when-question about a duty names its period; in a figure question, last year.
    assert understand("各部门上一年度的总结最晚几号前报送", TODAY).years == []
    assert understand("上一年度孵化器新增多少家", TODAY).years == [2023]


def test_home_city_comes_from_the_home_organization() -> None:
    from jzbot.answer.scope import _home

    assert _home("焦作市科学技术局").search("咱焦作排第几")
    assert _home("新乡市科学技术局").search("咱新乡排第几")
    assert not _home("新乡市科学技术局").search("咱焦作排第几")


def test_whom_a_report_went_to_is_its_recipients() -> None:
    import datetime as dt

    from jzbot.answer.understand import Kind, understand

    q = understand("去年那份工作总结最后报给了谁", dt.date(2024, 3, 20))
    assert q.kind is Kind.META and q.meta_field == "recipients"
