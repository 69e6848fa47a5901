"""Bounds: how long a 500-character question takes, and how long after a stalled model's deadline the answer prints.

Usage:
    python benchmarks/bounds.py [--timeout 2]

Measured on the bundled knowledge (indexed into a temporary folder first):
- warm ``ask`` of a question at the 500-character limit, and of one just over it (refused, nothing embedded);
- against an OpenAI-compatible double that never answers (``--timeout`` seconds of budget): how long after
  the deadline a warm ``ask`` returns the fallback, and how long ``jzbot ask`` as a process lives after
  printing it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
QUESTION = "全市技术合同成交额是多少？"


def _cli(data: Path, **env: str) -> tuple[float, float]:
    """(seconds to the printed answer, seconds from the printed answer to exit) of one ``jzbot ask``."""
    full = {**os.environ, "JZBOT_DATA_DIR": str(data), "JZBOT_KNOWLEDGE_DIR": str(ROOT / "knowledge"), **env}
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "jzbot", "ask", QUESTION],
        env=full,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert proc.stdout is not None
    first = proc.stdout.readline()
    printed = time.perf_counter()
    rest = proc.stdout.read()
    proc.wait(timeout=300)
    exited = time.perf_counter()
    assert proc.returncode == 0 and b"53.85" in first + rest
    return printed - start, exited - printed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--timeout", type=float, default=2.0)
    args = parser.parse_args()
    from tests.helpers.openai_double import OpenAIDouble, Reply

    from jzbot.assistant import Assistant
    from jzbot.config import Settings

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        a = Assistant(Settings(_env_file=None, data_dir=data, knowledge_dir=ROOT / "knowledge"))
        at_limit = ("请问" * 250)[: 500 - len(QUESTION)] + QUESTION
        a.ask(QUESTION)  # warm
        runs = []
        for _ in range(7):
            start = time.perf_counter()
            a.ask(at_limit)
            runs.append(time.perf_counter() - start)
        over = "全" * 5 * 1024 * 1024
        start = time.perf_counter()
        refused = a.ask(over)
        refused_ms = (time.perf_counter() - start) * 1000
        assert refused.refusal is not None
        print(
            f"warm ask, 500-character question: p50 {statistics.median(runs) * 1000:.0f} ms "
            f"(max {max(runs) * 1000:.0f} ms over {len(runs)})"
        )
        print(f"warm ask, 5 MB question (refused): {refused_ms:.0f} ms")

        double = OpenAIDouble(default=Reply("迟到的回答", delay=600))
        url = double.start()
        try:
            b = Assistant(
                Settings(
                    _env_file=None,
                    data_dir=data,
                    knowledge_dir=ROOT / "knowledge",
                    llm={"base_url": url, "timeout": args.timeout, "max_retries": 2},
                )
            )
            b.ask(QUESTION)  # warm
            start = time.perf_counter()
            fallback = b.ask(QUESTION)
            late = time.perf_counter() - start - args.timeout
            assert fallback.mode == "extractive"
            to_print, to_exit = _cli(
                data,
                JZBOT_LLM__BASE_URL=url,
                JZBOT_LLM__TIMEOUT=str(args.timeout),
                JZBOT_LLM__MAX_RETRIES="2",
            )
        finally:
            double.stop()
        print(
            f"model that never answers, budget {args.timeout:g} s: warm ask returns the fallback "
            f"{late * 1000:+.0f} ms after the deadline"
        )
        print(
            f"jzbot ask (cold process) prints after {to_print:.1f} s and exits {to_exit * 1000:.0f} ms after printing"
        )


if __name__ == "__main__":
    main()
