"""Golden questions over the bundled report plus public laws and reports: the refusal and answer rates.

Every answerable question must be answered with its figure; every unanswerable one refused with no figure.
"""

from __future__ import annotations

import json
import re

from tests.conftest import DATA

CASES = [
    json.loads(line)
    for line in (DATA / "golden.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]


def evaluate(assistant) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"false_refusal": [], "false_answer": [], "wrong": []}
    for case in CASES:
        a = assistant.ask(case["q"])
        if case.get("found", True):
            if not a.found:
                out["false_refusal"].append(case["q"])
            elif not any(x in a.answer for x in case["any"]) or (
                case.get("doc") and case["doc"] not in {c.doc_number for c in a.citations}
            ):
                out["wrong"].append(f"{case['q']} → {a.answer[:80]}")
        elif a.found or re.search(r"\d+(?:\.\d+)?\s*(?:亿元|万元|家|项|人|件)", a.answer):
            out["false_answer"].append(f"{case['q']} → {a.answer[:80]}")
    return out


def test_golden_set(corpus_assistant) -> None:
    result = evaluate(corpus_assistant)
    assert result == {"false_refusal": [], "false_answer": [], "wrong": []}


# The questions of ../shared/eval/dev_qa.jsonl (copied: tests never reach outside the repository).
DEV_QUESTIONS = (DATA / "dev_questions.txt").read_text(encoding="utf-8").splitlines()


def test_every_number_in_an_answer_is_in_its_cited_quotes(corpus_assistant) -> None:
    """The invariant staff rely on: a figure shown is a figure quoted."""
    questions = [c["q"] for c in CASES] + [q for q in DEV_QUESTIONS if q.strip()]
    questions += [
        "这份报告的主送机关是谁？",
        "报告由哪个部门印发？",
        "焦科〔2023〕2号是什么文件？",
        "2023年新制定了哪些规范性文件？",
        "省科技企业孵化器总数多少家",
        "焦政〔2013〕8号的成文日期是什么时候？",
    ]
    for q in questions:
        a = corpus_assistant.draft(q) if q.startswith(("起草", "写一段")) else corpus_assistant.ask(q)
        if not a.found:
            assert not re.search(r"\d+(?:\.\d+)?\s*(?:亿元|万元|家|项|人|件|次)", a.answer), q
            continue
        quotes = "".join(c.quote for c in a.citations)
        for n in re.findall(r"\d+(?:\.\d+)?", re.sub(r"\[\d+\]", "", a.answer)):
            assert n in quotes, (q, n, a.answer)
