#!/usr/bin/env python3
"""Validate bank3: JSON per line, unique ids, supported fields only, and every expected
string present in the source texts (NFKC-folded, white space removed, as score.py compares).

Usage: python3 check.py [--report PATH] [--corpus DIR]
"""

import argparse
import collections
import json
import pathlib
import re
import sys
import unicodedata

HERE = pathlib.Path(__file__).resolve().parent
FIELDS = {
    "id",
    "kind",
    "knowledge",
    "question",
    "expect_all",
    "expect_any",
    "expect_found",
    "expect_none",
    "expect_doc",
    "faithful_numbers",
    "max_chars",
}
KINDS = {"figure", "fact", "list", "law", "docno", "absent", "draft"}


def fold(t):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", t or ""))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument(
        "--report", default=str(HERE.parents[1] / "knowledge/jiaozuo-kjj-2023-fazhi-zhengfu-report.txt")
    )
    ap.add_argument("--corpus", default=str(HERE.parents[2] / "shared/corpus"))
    a = ap.parse_args()
    main_txt = fold(pathlib.Path(a.report).read_text(encoding="utf-8"))
    all_txt = main_txt + "".join(
        fold(p.read_text(encoding="utf-8")) for p in sorted(pathlib.Path(a.corpus).glob("*.txt"))
    )
    errors, ids = [], set()
    for name, prefix in (("tune.jsonl", "t3-"), ("holdout.jsonl", "h3-")):
        kinds = collections.Counter()
        know = collections.Counter()
        for n, line in enumerate((HERE / name).read_text(encoding="utf-8").splitlines(), 1):
            where = f"{name}:{n}"
            try:
                c = json.loads(line)
            except json.JSONDecodeError as e:
                errors.append(f"{where}: bad JSON {e}")
                continue
            if set(c) - FIELDS:
                errors.append(f"{where}: unsupported fields {set(c) - FIELDS}")
            if not c.get("id", "").startswith(prefix) or c["id"] in ids:
                errors.append(f"{where}: bad or duplicate id {c.get('id')}")
            ids.add(c.get("id"))
            if (
                c.get("kind") not in KINDS
                or c.get("knowledge") not in ("main", "all")
                or not c.get("question")
            ):
                errors.append(f"{where}: bad kind/knowledge/question")
            src = main_txt if c.get("knowledge") == "main" else all_txt
            for f in ("expect_all", "expect_any"):
                for s in c.get(f, []):
                    if fold(s) not in src:
                        errors.append(f"{where}: {f} {s!r} not in {c['knowledge']} sources")
                    if len(fold(s)) > 15:
                        errors.append(f"{where}: {f} {s!r} longer than 15 characters")
            for s in c.get("expect_none", []):
                if fold(s) not in all_txt:
                    errors.append(f"{where}: expect_none {s!r} is not a figure from any source")
            if c.get("expect_doc") and fold(c["expect_doc"]) not in all_txt:
                errors.append(f"{where}: expect_doc {c['expect_doc']!r} not in sources")
            if c.get("kind") == "absent":
                if c.get("expect_found") is not False or c.get("expect_all") or c.get("expect_any"):
                    errors.append(f"{where}: absent case must have expect_found false and no expectations")
            elif not (c.get("expect_all") or c.get("expect_any")):
                errors.append(f"{where}: no expected strings")
            kinds[c.get("kind")] += 1
            know[c.get("knowledge")] += 1
        print(f"{name}: {sum(kinds.values())} cases, {dict(sorted(kinds.items()))}, knowledge {dict(know)}")
    for e in errors:
        print("ERROR", e)
    print("OK" if not errors else f"{len(errors)} errors")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
