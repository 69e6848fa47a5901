"""Assemble the paraphrase bank from src/<bank>.tsv (id<TAB>paraphrased question) and the original tune.jsonl files.

Usage: python3 build.py   (writes tune.jsonl and holdout.jsonl beside this file)
For each original tune.jsonl, non-draft cases are taken in file order and alternate: 1st, 3rd, ... -> tune.jsonl,
2nd, 4th, ... -> holdout.jsonl. A case is copied unchanged except id (p-<original id>), question, and an added
`original` field; `knowledge` is the original's.
"""

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCH = next(
    p
    for p in (Path(__file__).absolute().parent.parent, HERE.parent, Path("/work/main/benchmarks"))
    if (p / "bankcheck.py").is_file()
)
BANKS = ["genres", "genres2", "genres3", "genres4", "genres5", "genres6", "genres7"]


def main():
    out = {"tune": [], "holdout": []}
    for bank in BANKS:
        src = HERE / "src" / f"{bank}.tsv"
        para = {}
        for line in src.read_text(encoding="utf-8").splitlines():
            if line.strip():
                cid, q = line.split("\t")
                para[cid] = q.strip()
        n = 0
        for line in (BENCH / bank / "tune.jsonl").read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            case = json.loads(line)
            if case.get("kind") == "draft" or case["id"] not in para:
                continue
            new = dict(case)
            new["id"] = "p-" + case["id"]
            new["question"] = para[case["id"]]
            new["original"] = case["id"]
            new["knowledge"] = case["knowledge"]
            out["tune" if n % 2 == 0 else "holdout"].append(new)
            n += 1
    for split, cases in out.items():
        with open(HERE / f"{split}.jsonl", "w", encoding="utf-8") as f:
            for c in cases:
                f.write(json.dumps(c, ensure_ascii=False) + "\n")
        print(split, len(cases))


if __name__ == "__main__":
    main()
