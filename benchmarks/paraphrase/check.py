"""Check the paraphrase bank: python3 check.py  (exit 1 on an error)

For every case of tune.jsonl and holdout.jsonl:
  * valid JSON, unique id p-<original>, `original` names a non-draft case of the original bank's tune.jsonl;
  * every field of the original case is kept unchanged except id and question (knowledge included);
  * the question differs from the original's (and a warning when the two are still very alike);
  * the original's checks still hold against its document, using benchmarks/bankcheck.py itself (expected strings and
    expect_doc occur in the document, some sentence holds one, expect_none strings are in no answering sentence,
    absent cases have no expected strings);
  * the question does not give away an expected string the original question did not already contain;
  * the split follows the rule: per original bank, non-draft cases alternate in file order, 1st -> tune, 2nd -> holdout.
Prints counts per bank and split.
"""

from __future__ import annotations

import difflib
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
for cand in (Path(__file__).absolute().parent.parent, HERE.parent, Path("/work/main/benchmarks")):
    if (cand / "bankcheck.py").is_file():
        sys.path.insert(0, str(cand))
        break
import bankcheck  # noqa: E402

BENCH = bankcheck.BENCHMARKS
ORIGINAL_BANKS = ["genres", "genres2", "genres3", "genres4", "genres5", "genres6", "genres7"]


def main() -> int:
    originals, order = {}, {}
    for bank in ORIGINAL_BANKS:
        n = 0
        for line in (BENCH / bank / "tune.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                c = json.loads(line)
                if c.get("kind") != "draft":
                    originals[c["id"]] = c
                    order[c["id"]] = n
                    n += 1
    cache = {}

    def context(bank):
        if bank not in cache:
            b = bankcheck.BANKS[bank]
            files = bankcheck.knowledge(b)
            texts = {p: bankcheck.fold(bankcheck.read(p)) for p in files}
            cache[bank] = (b, texts, "".join(texts.values()))
        return cache[bank]

    errors, warnings, seen = [], [], set()
    counts: dict[str, dict[str, int]] = {}
    for split in ("tune", "holdout"):
        for case in bankcheck.cases(HERE / f"{split}.jsonl", errors):
            cid, oid = case.get("id"), case.get("original")
            if cid in seen:
                errors.append(f"{cid}: duplicate id")
            seen.add(cid)
            orig = originals.get(oid)
            if orig is None:
                errors.append(f"{cid}: original {oid!r} is not a non-draft tune case")
                continue
            if cid != f"p-{oid}":
                errors.append(f"{cid}: id should be p-{oid}")
            for k, v in orig.items():
                if k in ("id", "question"):
                    continue
                if case.get(k) != v:
                    errors.append(f"{cid}: field {k!r} changed")
            extra = set(case) - set(orig) - {"original"}
            if extra:
                errors.append(f"{cid}: fields not in the original: {sorted(extra)}")
            q, oq = case.get("question", ""), orig["question"]
            if not q.strip():
                errors.append(f"{cid}: empty question")
            if bankcheck.fold(q) == bankcheck.fold(oq):
                errors.append(f"{cid}: question is the original's")
            elif difflib.SequenceMatcher(None, bankcheck.fold(q), bankcheck.fold(oq)).ratio() > 0.85:
                warnings.append(f"{cid}: question very like the original's")
            fq, foq = bankcheck.fold(q), bankcheck.fold(oq)
            for w in list(case.get("expect_all", [])) + list(case.get("expect_any", [])):
                if bankcheck.fold(w) in fq and bankcheck.fold(w) not in foq:
                    errors.append(f"{cid}: the question gives away the expected {w!r}")
                prefix = re.match(r"(\w{2,}?)[〔\[(【]\d{4}", bankcheck.fold(w))
                if prefix and prefix.group(1) in fq and prefix.group(1) not in foq:
                    warnings.append(
                        f"{cid}: the question names the 文号 prefix {prefix.group(1)!r} of the answer"
                    )
            for w in case.get("expect_none", []):
                if bankcheck.fold(w) in fq and bankcheck.fold(w) not in foq:
                    warnings.append(f"{cid}: the question names the expect_none {w!r}")
            want = "tune" if order[oid] % 2 == 0 else "holdout"
            if split != want:
                errors.append(f"{cid}: belongs in {want}.jsonl")
            b, texts, everything = context(orig["knowledge"])
            probe = dict(case, id=oid)  # the bank's own checks, on the original's document
            found, doubts = bankcheck.check_case(b, "tune", probe, texts, everything)
            errors += [f"{cid}: {e}" for e in found]
            warnings += [f"{cid}: {w}" for w in doubts]
            per = counts.setdefault(orig["knowledge"], {})
            per[split] = per.get(split, 0) + 1
    missing = sorted(set(originals) - {c[2:] for c in seen})
    twins = [w for w in warnings if "also occur together" in w]
    for w in warnings:
        if w not in twins:
            print("warn ", w)
    print(
        f"({len(twins)} warnings inherited from the original banks, not shown: expect_all strings also"
        " together in another knowledge file)"
    )
    for e in errors:
        print("ERROR", e)
    print(f"{'bank':10} {'tune':>5} {'holdout':>8} {'total':>6}")
    for bank in ORIGINAL_BANKS:
        per = counts.get(bank, {})
        print(f"{bank:10} {per.get('tune', 0):5} {per.get('holdout', 0):8} {sum(per.values()):6}")
    tot_t = sum(p.get("tune", 0) for p in counts.values())
    tot_h = sum(p.get("holdout", 0) for p in counts.values())
    print(f"{'all':10} {tot_t:5} {tot_h:8} {tot_t + tot_h:6}")
    print(
        f"{len(missing)} non-draft originals without a paraphrase" + (f": {missing[:10]}" if missing else "")
    )
    print(f"{len(errors)} errors, {len(warnings)} warnings")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
