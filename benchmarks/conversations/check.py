#!/usr/bin/env python3
"""Check the conversation bank against the documents it was written from.

Usage: check.py [BANK.jsonl ...] [--report-dir DIR] [--corpus DIR] [--corpus3 DIR]
(default: tune.jsonl and holdout.jsonl beside this file; the report from this repository's knowledge/*.txt,
 which globs only the top-level .txt files, and /work/shared/corpus/*.txt, /work/shared/corpus3/*.txt)

Checks
  - every expect_all / expect_any / expect_none string and every expect_doc occurs in the union of the
    documents, after NFKC folding with all white space removed (the scorer's `fold`);
  - conversation ids and turn ids are unique across all files given;
  - every conversation has 2-4 turns; the first turn has needs_history false; needs_history is a bool;
  - kinds are the scorer's; expect_found false exactly on kind absent; a non-absent turn expects something;
  - at least half of all follow-up turns need the history;
  - the group mix of the two halves (printed).
Exit status 1 when a check fails.
"""

import argparse
import collections
import json
import pathlib
import re
import sys
import unicodedata

KINDS = {"figure", "docno", "fact", "list", "law", "absent", "draft"}


def fold(text):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def main():
    here = pathlib.Path(__file__).resolve().parent
    ap = argparse.ArgumentParser()
    ap.add_argument("banks", nargs="*", default=[str(here / "tune.jsonl"), str(here / "holdout.jsonl")])
    ap.add_argument("--report-dir", default=str(here.parents[1] / "knowledge"))
    ap.add_argument("--corpus", default="/work/shared/corpus")
    ap.add_argument("--corpus3", default="/work/shared/corpus3")
    args = ap.parse_args()

    files = (
        sorted(pathlib.Path(args.report_dir).glob("*.txt"))
        + sorted(pathlib.Path(args.corpus).glob("*.txt"))
        + sorted(pathlib.Path(args.corpus3).glob("*.txt"))
    )
    docs = {p.name: fold(p.read_text(encoding="utf-8", errors="ignore")) for p in files}
    union = "\n".join(docs.values())
    print(f"# {len(docs)} documents")

    errors = []
    seen_ids = set()
    totals = collections.Counter()
    for bank in args.banks:
        convs = [
            json.loads(line)
            for line in pathlib.Path(bank).read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
        tally = collections.Counter()
        groups = collections.Counter()
        kinds = collections.Counter()
        for conv in convs:
            cid = conv.get("id")
            if cid in seen_ids:
                errors.append(f"{bank}: duplicate id {cid}")
            seen_ids.add(cid)
            groups[conv.get("group")] += 1
            turns = conv.get("turns", [])
            if not 2 <= len(turns) <= 4:
                errors.append(f"{cid}: {len(turns)} turns")
            for i, turn in enumerate(turns):
                tid = turn.get("id", f"{cid}#{i + 1}")
                if tid in seen_ids:
                    errors.append(f"{bank}: duplicate id {tid}")
                seen_ids.add(tid)
                kinds[turn.get("kind")] += 1
                if turn.get("kind") not in KINDS:
                    errors.append(f"{tid}: kind {turn.get('kind')!r}")
                if not (turn.get("question") or "").strip():
                    errors.append(f"{tid}: empty question")
                nh = turn.get("needs_history")
                if not isinstance(nh, bool):
                    errors.append(f"{tid}: needs_history must be true or false")
                if i == 0 and nh:
                    errors.append(f"{tid}: the first turn must be self-contained")
                absent = turn.get("expect_found", True) is False
                if absent != (turn.get("kind") == "absent"):
                    errors.append(f"{tid}: expect_found false goes with kind absent and only with it")
                if not absent and not (turn.get("expect_all") or turn.get("expect_any")):
                    errors.append(f"{tid}: expects nothing")
                for field in ("expect_all", "expect_any", "expect_none"):
                    for s in turn.get(field, []):
                        if not fold(s):
                            errors.append(f"{tid}: empty string in {field}")
                        elif fold(s) not in union:
                            errors.append(f"{tid}: {field} {s!r} is in no document")
                        if len(fold(s)) > 25:
                            errors.append(f"{tid}: {field} {s!r} is longer than 25 characters")
                if turn.get("expect_doc") and fold(turn["expect_doc"]) not in union:
                    errors.append(f"{tid}: expect_doc {turn['expect_doc']!r} is in no document")
                tally["turns"] += 1
                if i:
                    tally["follow-ups"] += 1
                    tally["needs_history"] += bool(nh)
                    tally["absent follow-ups"] += absent
                else:
                    tally["first turns"] += 1
        print(
            f"{pathlib.Path(bank).name}: {len(convs)} conversations, {tally['turns']} turns, "
            f"{tally['follow-ups']} follow-ups of which {tally['needs_history']} need the history "
            f"and {tally['absent follow-ups']} must be refused; groups {dict(sorted(groups.items()))}; "
            f"kinds {dict(sorted(kinds.items()))}"
        )
        totals.update(tally)
        totals["conversations"] += len(convs)
    share = totals["needs_history"] / max(1, totals["follow-ups"])
    print(
        f"all: {totals['conversations']} conversations, {totals['turns']} turns, {totals['follow-ups']} follow-ups, "
        f"{totals['needs_history']} need the history ({share:.0%})"
    )
    if share < 0.5:
        errors.append(f"only {share:.0%} of follow-ups need the history (at least half must)")
    for e in errors:
        print("ERROR " + e)
    print("OK" if not errors else f"{len(errors)} problems")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
