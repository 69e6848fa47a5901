"""The CLI contract other tools depend on: JSON Lines in order, one model load, stable field names."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import KNOWLEDGE

pytestmark = pytest.mark.slow  # each test runs the jzbot command, loading the real model
JZBOT = [sys.executable, "-m", "jzbot"]
FIELDS = {"question", "answer", "found", "mode", "citations"}
CITATION_FIELDS = {"marker", "doc_number", "title", "section", "quote", "source"}


def _run(args: list[str], data_dir: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "JZBOT_DATA_DIR": str(data_dir), "JZBOT_KNOWLEDGE_DIR": str(KNOWLEDGE)}
    return subprocess.run(JZBOT + args, input=stdin, capture_output=True, text=True, env=env, timeout=300)


def test_ask_works_right_after_install_and_batches_jsonl(tmp_path: Path) -> None:
    questions = [
        "2023年全市技术合同成交额是多少？",
        "焦科[2023]45号是什么文件？",
        "全市有多少家新型研发机构？",
    ]
    proc = _run(["ask", "--json", "-"], tmp_path / "fresh", "\n".join(questions) + "\n")
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["question"] for r in rows] == questions
    for r in rows:
        assert set(r) >= FIELDS
        assert r["mode"] == "extractive"
        for c in r["citations"]:
            assert set(c) == CITATION_FIELDS
    assert rows[0]["found"] is True and "53.85" in rows[0]["answer"]
    assert rows[0]["citations"][0]["doc_number"] == "焦科组〔2024〕5号"
    assert rows[1]["found"] is True and "焦科〔2023〕45号" in rows[1]["answer"]
    assert rows[2]["found"] is False and rows[2]["citations"] == []


def test_draft_and_lookup_json(tmp_path: Path) -> None:
    d = _run(["draft", "--json", "起草一段关于科技人才引育工作的总结"], tmp_path / "d")
    row = json.loads(d.stdout)
    assert row["found"] and len(row["answer"]) >= 80 and row["citations"]
    lk = _run(["lookup", "--json", "焦科（2020）6号"], tmp_path / "d")
    row = json.loads(lk.stdout)
    assert row["found"] and "已于2023年废止" in row["answer"]


def test_ingest_reports_and_plain_output(tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    proc = _run(["ingest", str(bad)], tmp_path / "i")
    assert "bad.docx" in proc.stderr and "corrupt docx" in proc.stderr
    plain = _run(["ask", "科小备案入库了多少家？"], tmp_path / "i")
    assert "680家" in plain.stdout and "出处 / Sources:" in plain.stdout


def test_eval_counts_by_kind_and_fails_on_a_failing_case(tmp_path: Path) -> None:
    cases = [
        {
            "id": "ok-1",
            "kind": "figure",
            "question": "2023年全市技术合同交易额是多少",
            "expect_all": ["53.85亿元"],
            "expect_doc": "焦科组〔2024〕5号",
        },
        {"id": "ok-2", "kind": "absent", "question": "全市有多少家新型研发机构？", "expect_found": False},
        {"id": "bad-1", "kind": "figure", "question": "高企累计多少家", "expect_all": ["999家"]},
    ]
    qa = tmp_path / "qa.jsonl"
    qa.write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in cases[:2]) + "\n", encoding="utf-8")
    ok = _run(["eval", str(qa)], tmp_path / "e")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert ok.stdout.splitlines()[-2:] == ["# by kind: absent 1/1, figure 1/1", "2 passed, 0 failed"]
    qa.write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in cases) + "\n", encoding="utf-8")
    failing = _run(["eval", str(qa)], tmp_path / "e")
    assert failing.returncode == 1
    assert "FAIL bad-1" in failing.stdout and "missing '999家'" in failing.stdout
    assert failing.stdout.splitlines()[-1] == "2 passed, 1 failed"
    qa.write_text("not json\n", encoding="utf-8")
    broken = _run(["eval", str(qa)], tmp_path / "e")
    assert broken.returncode == 2 and "qa.jsonl:1" in broken.stderr
