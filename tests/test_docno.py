"""文号 normalization: every variant gives the canonical key; damaged forms give nothing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jzbot.ingest.chunking import chunk_document
from jzbot.ingest.structure import paragraphs
from jzbot.registry.docno import find_docnos, normalize_docno


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("焦科〔2023〕45号", "焦科〔2023〕45号"),
        ("焦科[2023]45号", "焦科〔2023〕45号"),
        ("焦科【2023】45号", "焦科〔2023〕45号"),
        ("焦科(2023)45号", "焦科〔2023〕45号"),
        ("焦科（２０２３）４５号", "焦科〔2023〕45号"),
        ("焦科﹝2023﹞45号", "焦科〔2023〕45号"),
        ("焦科［2023］045号", "焦科〔2023〕45号"),
        ("焦科 〔2023〕 45 号", "焦科〔2023〕45号"),
        ("焦科〔2023〕第45号", "焦科〔2023〕45号"),
        ("中共焦作市科学技术局党组焦科组〔2024〕5号", "焦科组〔2024〕5号"),
        ("根据焦作市科学技术局焦科〔2023〕45号文件", "焦科〔2023〕45号"),
        ("厅字〔2019〕28号", "厅字〔2019〕28号"),
        ("中华人民共和国国务院令第711号", "国务院令第711号"),
        ("主席令第八十二号", "主席令第82号"),
    ],
)
def test_variants_normalize(raw: str, key: str) -> None:
    assert normalize_docno(raw) == key


@pytest.mark.parametrize("damaged", ["焦科〔201122号", "国发〔〕33号", "石财教2023105号", "2023年45号"])
def test_damaged_numbers_are_rejected(damaged: str) -> None:
    assert normalize_docno(damaged) is None


def test_spans_point_at_the_original_text() -> None:
    text = "废止《焦作市工程技术研究中心管理暂行办法》(焦科〔2011〕22号)、《示范单位管理办法》（焦科［2020］6号）"
    found = find_docnos(text)
    assert [d.key for d in found] == ["焦科〔2011〕22号", "焦科〔2020〕6号"]
    assert [text[d.start : d.end] for d in found] == ["焦科〔2011〕22号", "焦科［2020］6号"]


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("焦科组〔〕[]【】()（）﹝﹞0123456789２０号第令字、。，\n 一二三四五六七八九十（一）1.")
        ),
        max_size=80,
    )
)
def test_normalizer_and_chunker_never_crash(text: str) -> None:
    for d in find_docnos(text):
        assert d.key.endswith("号")
    paras = paragraphs(text)
    chunk_document("fuzz", paras, {"title": ""})


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_unicode_is_safe(text: str) -> None:
    find_docnos(text)
    chunk_document("fuzz", paragraphs(text), {"title": ""})
