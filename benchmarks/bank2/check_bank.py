#!/usr/bin/env python3
"""Check bank2.jsonl: every expect_all/expect_any string (and expect_doc) must occur, after NFKC
folding and white-space removal, in at least one of the documents named in the case's `source`
field (main = the bureau report; NN = /work/shared/corpus/NN_*.txt). Also checks the case shape."""
import glob, json, re, sys, unicodedata
from collections import Counter
def fold(t): return re.sub(r"\s+", "", unicodedata.normalize("NFKC", t or ""))
MAIN = "/work/main/knowledge/jiaozuo-kjj-2023-fazhi-zhengfu-report.txt"
docs = {"main": fold(open(MAIN, encoding="utf-8").read())}
for p in glob.glob("/work/shared/corpus/*.txt"):
    docs[p.split("/")[-1][:2]] = fold(open(p, encoding="utf-8").read())
path = sys.argv[1] if len(sys.argv) > 1 else "/tmp/bank2/bank2.jsonl"
cases = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
bad = 0; checked = 0
ids = Counter(c["id"] for c in cases)
for c in cases:
    errs = []
    if ids[c["id"]] > 1: errs.append("duplicate id")
    if c["kind"] not in {"figure","fact","list","law","docno","absent","draft"}: errs.append("bad kind")
    if c["kind"] == "absent":
        if c.get("expect_found", True) is not False: errs.append("absent without expect_found false")
        if c.get("expect_all") or c.get("expect_any"): errs.append("absent with expectations")
    elif not (c.get("expect_all") or c.get("expect_any")): errs.append("no expectations")
    text = "".join(docs[s] for s in c.get("source", []))
    for s in c.get("expect_all", []) + c.get("expect_any", []):
        checked += 1
        if fold(s) not in text: errs.append(f"not in source: {s!r}")
    if c.get("expect_doc") and fold(c["expect_doc"]) not in text:
        errs.append(f"expect_doc not in source: {c['expect_doc']!r}")
    if errs:
        bad += 1; print("FAIL", c["id"], c["question"], errs)
print(f"{len(cases)} cases, {checked} expected strings checked, {bad} cases failing")
sys.exit(1 if bad else 0)
