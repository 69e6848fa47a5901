"""Answer quality and warm answer time on the question sets, over the report plus the shared corpus.

Usage:
    python benchmarks/answers.py                      # dev_qa, dev_qa_v2, both banks' tune and holdout halves
    python benchmarks/answers.py --sets ../shared/eval/dev_qa_v2.jsonl

One Assistant is built (the index once), then every question is answered twice: the first pass
warms the models and caches, the second is timed with the question-embedding cache cleared, so each
timed answer embeds its question as a new question would. Prints, per set, the pass counts by kind (the shared scorer's
semantics, through ``jzbot.evaluate``) and p50/p95/max of the warm answer time in milliseconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEFAULT_SETS = [
    SHARED / "eval" / "dev_qa.jsonl",
    SHARED / "eval" / "dev_qa_v2.jsonl",
    ROOT / "benchmarks" / "bank" / "tune.jsonl",
    ROOT / "benchmarks" / "bank" / "holdout.jsonl",
    ROOT / "benchmarks" / "bank2" / "tune.jsonl",
    ROOT / "benchmarks" / "bank2" / "holdout.jsonl",
    ROOT / "benchmarks" / "bank3" / "tune.jsonl",
    ROOT / "benchmarks" / "bank3" / "holdout.jsonl",
]
TODAY = dt.date(2024, 3, 20)  # the date the shared sets assume for 今年/去年


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="*", type=Path, default=DEFAULT_SETS)
    parser.add_argument(
        "--extra", nargs="*", type=Path, default=[], help="more folders of documents to index"
    )
    parser.add_argument("--crowded", action="store_true", help="add look-alike editions of every document")
    parser.add_argument("--quick", action="store_true", help="character-gram embeddings instead of the model")
    parser.add_argument("-v", "--verbose", action="store_true", help="print each failing case")
    args = parser.parse_args()

    from jzbot import evaluate as ev
    from jzbot.assistant import Assistant
    from jzbot.config import Settings

    work = Path(tempfile.mkdtemp(prefix="jzbot-answers-"))
    knowledge = work / "knowledge"
    shutil.copytree(ROOT / "knowledge", knowledge)
    for f in sorted((SHARED / "corpus").glob("*.txt")):
        shutil.copy(f, knowledge / f.name)
    for folder in args.extra:
        shutil.copytree(folder, knowledge / folder.name, dirs_exist_ok=True)
    lookalikes: frozenset[str] = frozenset()
    if args.crowded:
        crowded = work / "crowded"
        lookalikes = frozenset(ev.crowd(knowledge, crowded, Settings(_env_file=None).home_org))
        knowledge = crowded
    embeddings = None
    if args.quick:
        sys.path.insert(0, str(ROOT))
        from tests.helpers.fake_embeddings import CharGramEmbeddings

        embeddings = CharGramEmbeddings()
    settings = Settings(_env_file=None, knowledge_dir=knowledge, data_dir=work / "data", today=TODAY)
    assistant = Assistant.indexed(settings, embeddings)
    print(
        "| set | cases | passed | by kind | look-alike cited | absent → look-alike of its year | warm p50 / p95 / max ms |"
    )
    print("|---|---|---|---|---|---|---|")
    for path in args.sets:
        if not path.exists():
            print(f"| {path.name} | – | – | missing | – |")
            continue
        cases = ev.load(path)
        ev.run(assistant, cases)  # warm-up pass
        times: list[float] = []
        outcomes = []
        for case in cases:
            clear = getattr(type(assistant.embeddings), "_query", None)
            if clear is not None:  # the question is embedded again: warm models, cold question
                clear.cache_clear()
            started = time.perf_counter()
            outcomes += ev.run(assistant, [case], lookalikes)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
        passed = sum(o.passed for o in outcomes)
        print(
            f"| {path.parent.name}/{path.name} | {len(cases)} | {passed} | {ev.by_kind(outcomes)} | "
            f"{sum(o.lookalike for o in outcomes)} | {sum(o.crowd_answered for o in outcomes)} | "
            f"{statistics.median(times):.0f} / {p95:.0f} / {times[-1]:.0f} |"
        )
        if args.verbose and "holdout" not in path.name:  # holdout failures are never read
            for o in outcomes:
                if not o.passed or o.lookalike:
                    print(
                        f"    FAIL {o.case.id} {o.case.question} :: {'; '.join(o.problems)}"
                        f"{' [look-alike cited]' if o.lookalike else ''}\n        → {o.answer.answer[:160]!r}"
                    )
        if genres := ev.by_genre(outcomes):
            print(f"|   by genre | | | {genres} | | | |")
        sys.stdout.flush()
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
