"""What staff notice: exact cited answers, honest refusals, abbreviations, relative years, 文号 look-ups."""

from __future__ import annotations

import re

import pytest

NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _numbers_are_quoted(answer) -> bool:
    quotes = "".join(c.quote for c in answer.citations)
    text = re.sub(r"\[\d+\]", "", answer.answer)
    return all(n in quotes for n in NUMBER.findall(text))


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("全市技术合同成交额是多少", "53.85亿元"),
        ("科小有多少家", "680家"),
        ("高企累计多少家", "474家"),
        ("瞪羚企业总数", "40家"),
        ("认定了多少家种子企业", "104家"),
        ("开发了多少个科研助理岗位", "373名"),
        ("市派产业科技特派员评选了多少人", "106人"),
        ("办理答复人大代表提案多少件", "8件"),
        ("市财政预算科技经费有多少", "3595.46万元"),
        ("聘请了几名律师当法律顾问", "2名"),
        ("省级技术转移示范机构总数达到多少家", "15家"),
    ],
)
def test_figures_are_exact_and_cited(assistant, question: str, expected: str) -> None:
    a = assistant.ask(question)
    assert a.found, a.answer
    assert expected in a.answer
    assert a.citations and a.citations[0].doc_number == "焦科组〔2024〕5号"
    assert all(
        c.quote in "".join(ch.text for ch, _ in assistant.knowledge.rows).replace("\n", "")
        for c in a.citations
    )
    assert _numbers_are_quoted(a)
    assert len(re.sub(r"\[\d+\]", "", a.answer)) <= 200


@pytest.mark.parametrize(
    "question",
    [
        "2023年全市高新技术产业增加值是多少？",
        "全市研发经费投入强度是多少？",
        "2021年全市技术合同成交额是多少？",
        "焦科〔2019〕1号是什么文件？",
        "全市有多少家新型研发机构？",
        "去年技术合同成交额多少",
    ],
)
def test_unsupported_questions_are_refused_without_figures(assistant, question: str) -> None:
    a = assistant.ask(question)
    assert a.found is False, a.answer
    assert a.answer.startswith(("知识库中没有", "（")), a.answer
    assert not re.search(r"\d+(?:\.\d+)?\s*(?:亿元|万元|家|项|人)", a.answer)


def test_relative_year_says_which_year_it_used(assistant) -> None:
    a = assistant.ask("去年技术合同成交额多少")  # today is pinned to 2026-11-25 → 2025
    assert "2025年" in a.answer and "去年" in a.answer


def test_docno_lookup_any_bracket(assistant) -> None:
    for raw in ("焦科[2023]45号", "焦科（2023）45号", "焦科【2023】45号", "焦科〔2023〕第45号"):
        a = assistant.lookup(raw)
        assert a.found and "焦科〔2023〕45号" in a.answer and "工程技术研究中心管理办法" in a.answer


def test_repealed_document_status(assistant) -> None:
    a = assistant.ask("焦科〔2011〕22号还有效吗？")
    assert a.found and "废止" in a.answer and "2023" in a.answer
    assert "焦作市工程技术研究中心管理暂行办法" in a.answer
    assert "废止" in a.citations[0].quote


def test_registry_covers_every_docno_in_the_report(assistant) -> None:
    report = next(iter(assistant.knowledge.docs.values()))
    expected = {
        "焦科组〔2024〕5号": "有效",
        "焦科〔2023〕2号": "有效",
        "焦科〔2023〕11号": "有效",
        "焦科〔2023〕45号": "有效",
        "焦科〔2011〕22号": "已废止",
        "焦科〔2020〕6号": "已废止",
    }
    reg = assistant.knowledge.docnos
    assert set(expected) <= set(reg)
    for key, status in expected.items():
        assert reg[key].status == status, key
        assert assistant.lookup(key).found
    assert reg["焦科组〔2024〕5号"].own_doc_id == report.doc_id
    assert "工程技术研究中心管理办法" in reg["焦科〔2023〕45号"].title


def test_title_to_number(assistant) -> None:
    a = assistant.ask("焦作市科技类校外培训机构审批流程的文号是多少")
    assert a.found and "焦科〔2023〕2号" in a.answer


def test_list_of_new_documents(assistant) -> None:
    a = assistant.ask("2023年新制定了哪些规范性文件？")
    assert a.found
    for key in ("焦科〔2023〕2号", "焦科〔2023〕11号", "焦科〔2023〕45号"):
        assert key in a.answer
    assert "焦科〔2011〕22号" not in a.answer


def test_documents_are_named_as_the_source_names_them(assistant) -> None:
    # Whatever the question calls them, the list says what the quoted sentence says (行政规范性文件).
    a = assistant.ask("2023年局里出台了哪些文件")
    assert a.found and "行政规范性文件" in a.answer and "焦科〔2023〕45号" in a.answer


def test_document_facts(assistant) -> None:
    assert "市委、市政府" in assistant.ask("这份报告报送给谁？").answer
    a = assistant.ask("报告是什么时候印发的？")
    assert "2024年3月18日" in a.answer and a.citations


def test_extractive_draft_is_cited_and_faithful(assistant) -> None:
    d = assistant.draft("起草一段关于创新平台建设成效的年度总结")
    assert d.found and d.mode == "extractive"
    assert len(re.sub(r"\[\d+\]", "", d.answer)) >= 80
    assert "中试基地" in d.answer or "众创空间" in d.answer
    assert _numbers_are_quoted(d)


def test_laws_and_other_documents(corpus_assistant) -> None:
    a = corpus_assistant.ask("全国科技工作者日是哪一天？")
    assert a.found and "5月30日" in a.answer
    assert "科学技术进步法" in a.citations[0].title
    b = corpus_assistant.ask("焦政〔2013〕8号是什么文件？")
    assert b.found and "科技进步奖" in b.answer
    c = corpus_assistant.ask("2023年全市技术合同成交额是多少？")
    assert c.found and "53.85" in c.answer
    d = corpus_assistant.ask("2008年度全市科技进步奖共奖励多少项？")
    assert d.found and "81项" in d.answer


def test_outline_of_a_whole_report_follows_its_sections(assistant) -> None:
    d = assistant.draft("起草2023年法治政府建设年度报告提纲")
    assert d.found
    headings = [line for line in d.answer.splitlines() if line[:2] in ("一、", "二、", "三、", "七、")]
    assert headings[0] == "一、加强党对法治政府建设的领导" and len(headings) == 4
    assert _numbers_are_quoted(d)


def test_wording_the_documents_put_otherwise(corpus_assistant) -> None:
    # 高风险 … 没做成 … 能不能免责: reordered words and a yes-no form still find the article.
    a = corpus_assistant.ask("高风险科研项目没做成，科研人员能不能免责，哪一条")
    assert a.found and "第六十八条" in a.answer and "予以免责" in a.answer
    # 科技局这种政府部门: the instance is an example; the category (人民政府部门) is asked about.
    b = corpus_assistant.ask("科技局这种政府部门做重大决策，也要按重大行政决策程序条例来吗")
    assert b.found and "第四十二条" in b.answer
    # A change question prefers the passage stating 由X减至Y.
    c = corpus_assistant.ask("天津科技局审批事项从几个减到几个")
    assert c.found and "16个" in c.answer and "14个" in c.answer
    # A phrase the documents quote (“最多跑一次”) is one term.
    d = corpus_assistant.ask("天津市科技局2018年有几个事项实现最多跑一次")
    assert d.found and "11个" in d.answer


def test_lists_inside_a_section(assistant, corpus_assistant) -> None:
    # A block lead (三是科技人才引育方面) names the list: its sentences, each cited.
    a = assistant.ask("科技人才引育这块做了哪些工作")
    assert a.found and "科研助理" in a.answer and "中原英才计划" in a.answer and len(a.citations) >= 3
    # A whole document named as well as any sentence: its first-level sections.
    b = corpus_assistant.ask("咱局2023年法治政府建设主要做了哪些工作，分几个方面说说")
    assert "加强党对法治政府建设的领导" in b.answer and "深入推进法治宣传教育" in b.answer


def test_a_docno_a_document_cites(corpus_assistant) -> None:
    a = corpus_assistant.ask("2013年度市科技进步奖决定里引用的省委省政府文件文号是多少")
    assert a.found and "豫发〔2013〕7号" in a.answer
    assert a.citations[0].doc_number == "焦政〔2013〕8号"


def test_a_quoted_word_lists_its_parallel_phrases(assistant) -> None:
    a = assistant.ask("作风建设提的那几个“抓”是啥")
    assert a.found and all(
        p in a.answer for p in ("抓精神鼓士气", "抓学习提能力", "抓效能优环境", "抓作风严纪律")
    )
    b = assistant.ask("规范行政权力运行方面，报告里说了哪几个“无”")
    assert b.found and "无行政审批事项" in b.answer and "无行政执法活动" in b.answer


def test_a_genre_cue_picks_the_laws(corpus_assistant) -> None:
    a = corpus_assistant.ask("法律里对科技特派员有啥说法")
    assert a.found and "第三十六条" in a.answer and "科学技术进步法" in a.citations[0].title


def test_two_subjects_compared_in_one_question(assistant) -> None:
    from jzbot.answer import compound

    def split(q: str) -> list[str]:
        return compound.parts(q, assistant.engine().names_something, assistant.knowledge.tokenizer.tagged)

    # B mirrors A's shape: two years, then the shared rest.
    assert split("2013年度和2008年度市科技进步奖一等奖奖金分别多少") == [
        "2013年度市科技进步奖一等奖奖金分别多少",
        "2008年度市科技进步奖一等奖奖金分别多少",
    ]
    assert split("焦作和全省的技术合同成交额分别是多少") == [
        "焦作的技术合同成交额分别是多少",
        "全省的技术合同成交额分别是多少",
    ]


def test_a_section_without_items_lists_its_sentences(assistant) -> None:
    a = assistant.ask("咱局在法治宣传教育方面做了哪些工作")
    assert a.found and "七、深入推进法治宣传教育" in a.answer and "展板" in a.answer and len(a.citations) >= 2


def test_words_side_by_side_as_the_question_wrote_them(corpus_assistant) -> None:
    # 统计报告制度 as one phrase (here in the section heading) beats 落实…制度 elsewhere; no second span for a verb.
    a = corpus_assistant.ask("统计报告制度落实得怎么样")
    assert a.found and "统计资料" in a.answer and len(a.citations) == 1


def test_draft_requests_keep_only_their_topic() -> None:
    from jzbot.answer.draft import topic_of, wants_outline

    # Genre, audience and purpose frame a request in any wording (paraphrases no bank holds).
    assert topic_of("拟一段简报，督促各县区做好科技统计") == "做好科技统计"
    assert topic_of("写一份关于科技特派员工作的材料，供局长汇报参考") == "科技特派员工作"
    assert topic_of("给各县区的提示：孵化器年度评价要准备什么") == "孵化器年度评价要准备什么"
    assert topic_of("起草一段科技人才引育的成绩，给领导讲话用") == "科技人才引育"
    assert (
        topic_of("起草一段给科室的提示：重大决策送合法性审查有哪些要求") == "重大决策送合法性审查有哪些要求"
    )
    assert topic_of("起草一段职务科技成果转化奖励标准的政策说明") == "职务科技成果转化奖励标准"
    assert (
        topic_of("帮我写段通知，让各科室按年报工作指引准备上一年度法治政府建设报告")
        == "按年报工作指引准备上一年度法治政府建设报告"
    )
    assert topic_of("帮我起草一段重大行政决策草案公开征求意见的公告") == "重大行政决策草案公开征求意见"
    assert wants_outline("起草2023年法治政府建设年度报告提纲")
    assert not wants_outline("起草一段通知，提醒各科室按时报送信息公开年度报告")


def test_names_and_parallel_items_in_the_text(assistant, corpus_assistant) -> None:
    # A name-question about a document the report mentions answers with that 《name》, not the report's title.
    a = assistant.ask("省厅发布的那个区域科技创新评价报告叫什么名字")
    assert a.found and "河南省区域科技创新评价报告2023" in a.answer
    # Parallel sentences (在减事项方面…；在减材料方面…) are the items of a list.
    b = corpus_assistant.ask("天津市科技局2018年在简政放权上减了哪几方面")
    assert b.found and "减事项" in b.answer and "减材料" in b.answer and "减时限" in b.answer


def test_a_definition_question_gets_the_defining_article(corpus_assistant) -> None:
    a = corpus_assistant.ask("什么是重大行政决策事项")
    assert a.found and "第三条" in a.answer and "所称重大行政决策事项" in a.answer


def test_what_the_question_asks_for(assistant, corpus_assistant) -> None:
    # 啥叫 asks for a definition; 不适用 is said as the question says it (第二条's 适用本条例 is the opposite).
    a = corpus_assistant.ask("啥叫重大行政决策事项")
    assert a.found and "所称重大行政决策事项" in a.answer
    b = corpus_assistant.ask("哪些决策不适用重大行政决策程序暂行条例")
    assert b.found and "第三条" in b.answer and "宏观调控决策" in b.answer
    # A question for documents (依据哪些文件) is answered by the 《》 titles the document names.
    c = corpus_assistant.ask("焦政〔2013〕8号是依据哪些文件定的")
    assert c.found and "河南省科学技术奖励办法" in c.answer
    # 专精 / 特 / 新 is one word the documents never use: no other kind of enterprise's figure answers it.
    d = assistant.ask("2023年咱市新增专精特新企业多少家")
    assert not d.found and "35家" not in d.answer


def test_a_means_question_gets_the_means(assistant) -> None:
    a = assistant.ask("普法都用了哪些宣传渠道")
    assert a.found and "展板" in a.answer and "公众号" in a.answer


def test_a_who_question_gets_the_organization_that_acted(corpus_assistant) -> None:
    # 哪个单位起草的: the organization opening the clause (孟州市科工局…制定了), not 征求有关单位的意见, where the
    # word 单位 names no one.
    a = corpus_assistant.ask("孟州那个科技创新行动方案是哪个单位起草的")
    assert a.found and "孟州市科工局" in a.answer


def test_a_list_of_the_kind_asked() -> None:
    # 哪几类…项目 prefers the article announcing 下列…项目; (以下简称…) announces no list.
    from jzbot.answer.evidence import _ITEMS_FOLLOW

    assert not _ITEMS_FOLLOW.search("县级以上地方人民政府(以下称决策机关)重大行政决策的作出")
    assert not _ITEMS_FOLLOW.search("重大行政决策事项(以下简称决策事项)")
    assert _ITEMS_FOLLOW.search("对下列科技成果转化项目，国家通过政府采购")


def test_a_typo_is_a_homophone_not_any_character_off(corpus_assistant) -> None:
    # A pinyin keyboard's slip (型 for 形, 新 for 薪) is read as the word meant; a word one character off that
    # reads otherwise is another word, and what it names is absent (特等奖 is no 二等奖).
    assert "680家" in corpus_assistant.ask("科技形中小企业备案入库了多少家").answer
    absent = corpus_assistant.ask("2013年度科技进步奖特等奖一共几项")
    assert not absent.found and "特等奖" in absent.answer
