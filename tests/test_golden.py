"""Golden questions over the bundled report plus public laws and reports: the refusal and answer rates.

Every answerable question must be answered with its figure; every unanswerable one refused with no figure.
"""

from __future__ import annotations

import json
import re

from tests.conftest import DATA

CASES = [json.loads(line) for line in (DATA / "golden.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]


def evaluate(assistant) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"false_refusal": [], "false_answer": [], "wrong": []}
    for case in CASES:
        a = assistant.ask(case["q"])
        if case.get("found", True):
            if not a.found:
                out["false_refusal"].append(case["q"])
            elif not any(x in a.answer for x in case["any"]) or (
                case.get("doc") and case["doc"] not in {c.doc_number for c in a.citations}):
                out["wrong"].append(f"{case['q']} → {a.answer[:80]}")
        elif a.found or re.search(r"\d+(?:\.\d+)?\s*(?:亿元|万元|家|项|人|件)", a.answer):
            out["false_answer"].append(f"{case['q']} → {a.answer[:80]}")
    return out


def test_golden_set(corpus_assistant) -> None:
    result = evaluate(corpus_assistant)
    assert result == {"false_refusal": [], "false_answer": [], "wrong": []}
