#!/usr/bin/env python3
"""Check the genres question bank (tune.jsonl, holdout.jsonl) against its documents.

Usage: python3 check.py            (from anywhere; paths are relative to this file)

For every case it verifies:
  - id unique, id prefix matches the split (g-t-… tune, g-h-… holdout), required fields present,
    kind / genre in the allowed sets, knowledge == "genres";
  - the named `doc` exists: tune cases in docs/tune/ or /work/shared/corpus3/, holdout cases in docs/holdout/
    (so no tune question touches a holdout document and vice versa);
  - every expect_all / expect_any string occurs in the doc (after NFKC folding and white-space removal);
    for .docx/.xlsx/.pdf/.png documents the text checked is sources/<doc>.source.txt;
  - expect_doc occurs in the doc;
  - expect_none strings occur somewhere in the knowledge (main knowledge, shared corpus, corpus3, docs/, sources/)
    but not in the doc's answer sentence (a sentence, split at 。；;！？ and line ends, that holds an expected string);
  - absent cases have expect_found false and no expect_all; drafts carry expected strings;
  - expected strings are short (warning above 20 characters).
Exit status 1 when anything fails.
"""

import json
import pathlib
import re
import sys
import unicodedata

HERE = pathlib.Path(__file__).resolve().parent
HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SHARED = ROOT.parent / "shared"
CORPUS3 = SHARED / "corpus3"
KNOWLEDGE_DIRS = [
    ROOT / "knowledge",
    SHARED / "corpus",
    CORPUS3,
    HERE / "docs" / "tune",
    HERE / "docs" / "holdout",
    HERE / "sources",
]
KINDS = {"figure", "docno", "fact", "list", "law", "absent", "draft"}
GENRES = {
    "通知",
    "转发通知",
    "通报",
    "公示",
    "批复/函",
    "决定",
    "办法/细则",
    "解读/问答",
    "计划/方案",
    "统计",
    "新闻/动态",
    "报告",
    "答复",
}


def fold(text):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def doc_text(split, name):
    dirs = [HERE / "docs" / split] + ([CORPUS3] if split == "tune" else [])
    for d in dirs:
        p = d / name
        if p.is_file():
            if p.suffix == ".txt":
                return p.read_text(encoding="utf-8")
            src = HERE / "sources" / (name + ".source.txt")
            if not src.is_file():
                raise FileNotFoundError(f"no {src.name} for {name}")
            return src.read_text(encoding="utf-8")
    raise FileNotFoundError(f"{name} not in docs/{split}" + (" or corpus3" if split == "tune" else ""))


def sentences(text):
    return [fold(s) for s in re.split(r"[。；;！？!?\n]", unicodedata.normalize("NFKC", text)) if fold(s)]


def knowledge():
    parts = []
    for d in KNOWLEDGE_DIRS:
        for p in sorted(d.glob("*.txt")):
            parts.append(p.read_text(encoding="utf-8", errors="ignore"))
    return fold("\n".join(parts))


def main():
    kb = knowledge()
    errors, warnings, seen = [], [], set()
    counts = {}
    for split, fname, prefix in (("tune", "tune.jsonl", "g-t-"), ("holdout", "holdout.jsonl", "g-h-")):
        path = HERE / fname
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            c = json.loads(line)
            cid = c.get("id", f"{fname}:{n}")

            def err(msg, cid=cid):
                errors.append(f"{cid}: {msg}")

            if cid in seen:
                err("duplicate id")
            seen.add(cid)
            if not cid.startswith(prefix):
                err(f"id should start with {prefix}")
            for k in ("kind", "question", "knowledge", "genre", "doc"):
                if not c.get(k):
                    err(f"missing {k}")
            if c.get("kind") not in KINDS:
                err(f"bad kind {c.get('kind')}")
            if c.get("genre") not in GENRES:
                err(f"bad genre {c.get('genre')}")
            if c.get("knowledge") != "genres":
                err('knowledge must be "genres"')
            counts.setdefault(split, {}).setdefault(c.get("kind"), 0)
            counts[split][c.get("kind")] += 1
            try:
                text = doc_text(split, c["doc"])
            except Exception as e:
                err(str(e))
                continue
            ftext = fold(text)
            wants = list(c.get("expect_all", [])) + list(c.get("expect_any", []))
            for w in wants:
                if fold(w) not in ftext:
                    err(f"expected {w!r} not in {c['doc']}")
                if len(fold(w)) > 20:
                    warnings.append(f"{cid}: long expected string {w!r}")
            if c.get("expect_doc") and fold(c["expect_doc"]) not in ftext:
                err(f"expect_doc {c['expect_doc']!r} not in doc")
            if c.get("kind") == "absent":
                if c.get("expect_found", True) is not False:
                    err("absent case needs expect_found false")
                if c.get("expect_all"):
                    err("absent case with expect_all")
            elif c.get("expect_found", True) is False:
                err("expect_found false on a non-absent case")
            if c.get("kind") == "draft" and not wants:
                err("draft without expected strings")
            if c.get("kind") != "absent" and not wants:
                err("no expected strings")
            answer_sents = [s for s in sentences(text) if any(fold(w) in s for w in wants)]
            if wants and not answer_sents:
                err("no answer sentence found")
            for bad in c.get("expect_none", []):
                fb = fold(bad)
                if fb not in kb:
                    err(f"expect_none {bad!r} occurs nowhere in the knowledge")
                for s in answer_sents:
                    if fb in s:
                        err(f"expect_none {bad!r} occurs in the answer sentence: {s[:60]}")
                        break
            q = c.get("question", "")
            if "《" in q and len(q) > 40:
                warnings.append(f"{cid}: question quotes a title")
    for w in warnings:
        print("WARN", w)
    for e in errors:
        print("FAIL", e)
    for split, kc in counts.items():
        print(f"{split}: {sum(kc.values())} cases, " + ", ".join(f"{k} {v}" for k, v in sorted(kc.items())))
    print(f"{len(errors)} errors, {len(warnings)} warnings")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
