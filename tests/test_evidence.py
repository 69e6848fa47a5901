"""Evidence details that decide between close spans: a modifier bound to its noun."""

from __future__ import annotations

from jzbot.answer.evidence import _binds
from jzbot.answer.terms import Term


def _term(word: str) -> Term:
    return Term(word, (word,), 1.0, True, True, True)


def test_a_modifier_must_qualify_its_noun_in_the_span() -> None:
    mod, head = _term("全省"), _term("技术合同成交额")
    assert _binds("截至2023年底,全省技术合同成交额达到1367亿元", mod, head)
    assert not _binds("全市技术合同成交额53.85亿元，居全省第5位", mod, head)
    assert _binds("居全省第5位", mod, head)  # no noun: nothing to bind, coverage decides
    level = _term("国家级")
    assert not _binds("省级科技企业孵化器9家，国家级众创空间2家", level, _term("孵化器"))


def test_a_figures_year_is_not_the_year_it_is_compared_with() -> None:
    from jzbot.answer.evidence import _figure_year, _year_before

    assert _figure_year("到2030年,全县规上企业研发投入在2025年的基础上翻一番,达到4.2亿元") == {2030}
    assert _figure_year("2024年专利授权量比2023年增长12%,达到860件") == {2024}
    sentence = "到2030年,企业数量较2025年底翻番;其中省级以上研发平台超过40个"
    assert _year_before("其中省级以上研发平台超过40个", sentence) == {2030}
