#!/usr/bin/env python3
"""Verify the genres5 question bank.

Usage: python3 check.py            (prints problems, then "N errors, M warnings")

Checks, for tune.jsonl and holdout.jsonl:
  * ids unique, with the prefix of their set (g5-t-, g5-h-); required fields present;
    kind, genre and knowledge values allowed;
  * `doc` exists in docs/<split>/ (a tune case never names a holdout document and vice versa);
  * every expect_all / expect_any string occurs in the named document (NFKC-folded, white space
    removed); the text of a .docx/.xlsx/.pdf/.png document is read from sources/<doc>.source.txt;
  * expect_doc occurs in the named document;
  * every expect_none string occurs somewhere in the knowledge, but not in an answering sentence
    of the named document (a sentence, split at 。；;！？!? and line ends, that holds one of the
    case's expected strings);
  * absent cases: expect_found false and no expect_all / expect_any;
  * warnings: expected strings longer than 20 characters; non-absent cases whose expect_all strings
    all occur together in another knowledge file (possible ambiguity).

Knowledge searched (no holdout document of another bank is read):
  /work/main/knowledge/*.txt, /work/shared/corpus/*.txt, /work/shared/corpus3/*.txt,
  /work/main/benchmarks/genres/docs/tune/*.txt and the sources/*.source.txt of that bank's non-.txt
  tune documents, /work/main/benchmarks/genres2/docs/tune/*.txt and the sources/*.source.txt of
  that bank's non-.txt tune documents, and this bank's docs/tune, docs/holdout (text of non-.txt
  documents from sources/, if any).
"""

import glob
import json
import os
import pathlib
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
MAIN = os.environ.get("JZBOT_MAIN", str(pathlib.Path(__file__).resolve().parents[2]))  # the repository
SHARED = os.environ.get("JZBOT_SHARED", str(pathlib.Path(MAIN).parent / "shared"))
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
    "报告/总结",
    "答复",
}
REQUIRED = ("id", "kind", "knowledge", "question", "genre", "doc")


def fold(text):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def read(path):
    with open(path, encoding="utf-8", errors="ignore") as f:
        return f.read()


def doc_text(split, name):
    path = os.path.join(HERE, "docs", split, name)
    if not os.path.exists(path):
        return None
    if name.endswith(".txt"):
        return read(path)
    src = os.path.join(HERE, "sources", name + ".source.txt")
    return read(src) if os.path.exists(src) else None


def knowledge_files():
    files = []
    files += sorted(glob.glob(os.path.join(MAIN, "knowledge", "*.txt")))
    files += sorted(glob.glob(os.path.join(SHARED, "corpus", "*.txt")))
    files += sorted(glob.glob(os.path.join(SHARED, "corpus3", "*.txt")))
    for bank in ("genres", "genres2"):
        gen = os.path.join(MAIN, "benchmarks", bank)
        for p in sorted(glob.glob(os.path.join(gen, "docs", "tune", "*"))):
            if p.endswith(".txt"):
                files.append(p)
            else:
                s = os.path.join(gen, "sources", os.path.basename(p) + ".source.txt")
                if os.path.exists(s):
                    files.append(s)
    for split in ("tune", "holdout"):
        for p in sorted(glob.glob(os.path.join(HERE, "docs", split, "*"))):
            name = os.path.basename(p)
            files.append(p if name.endswith(".txt") else os.path.join(HERE, "sources", name + ".source.txt"))
    return files


def sentences(text):
    return [fold(s) for s in re.split(r"[。；;！？!?\n]", unicodedata.normalize("NFKC", text)) if s.strip()]


def main():
    errors, warnings = [], []
    kfiles = knowledge_files()
    ktexts = {p: fold(read(p)) for p in kfiles if os.path.exists(p)}
    kall = "".join(ktexts.values())
    seen = set()
    counts = {}
    for split, prefix in (("tune", "g5-t-"), ("holdout", "g5-h-")):
        path = os.path.join(HERE, split + ".jsonl")
        for ln, line in enumerate(read(path).splitlines(), 1):
            if not line.strip():
                continue
            try:
                c = json.loads(line)
            except json.JSONDecodeError as e:
                errors.append(f"{split}.jsonl:{ln}: bad JSON ({e})")
                continue
            cid = c.get("id", f"{split}:{ln}")
            for k in REQUIRED:
                if k not in c:
                    errors.append(f"{cid}: missing {k}")
            if cid in seen:
                errors.append(f"{cid}: duplicate id")
            seen.add(cid)
            if not str(cid).startswith(prefix):
                errors.append(f"{cid}: id should start with {prefix}")
            if c.get("kind") not in KINDS:
                errors.append(f"{cid}: kind {c.get('kind')!r}")
            if c.get("genre") not in GENRES:
                errors.append(f"{cid}: genre {c.get('genre')!r}")
            if c.get("knowledge") != "genres5":
                errors.append(f"{cid}: knowledge should be 'genres5'")
            counts.setdefault(split, 0)
            counts[split] += 1
            text = doc_text(split, c.get("doc", ""))
            if text is None:
                errors.append(
                    f"{cid}: document {c.get('doc')!r} not in docs/{split}/ (or its source text is missing)"
                )
                continue
            ft = fold(text)
            wants = list(c.get("expect_all", [])) + list(c.get("expect_any", []))
            for w in c.get("expect_all", []):
                if fold(w) not in ft:
                    errors.append(f"{cid}: expect_all {w!r} not in {c['doc']}")
            anys = c.get("expect_any", [])
            if anys and not any(fold(w) in ft for w in anys):
                errors.append(f"{cid}: no expect_any string in {c['doc']}")
            for w in anys:
                if fold(w) not in ft:
                    errors.append(f"{cid}: expect_any {w!r} not in {c['doc']}")
            for w in wants:
                if len(fold(w)) > 20:
                    warnings.append(f"{cid}: long expected string {w!r} ({len(fold(w))} chars)")
            if c.get("expect_doc") and fold(c["expect_doc"]) not in ft:
                errors.append(f"{cid}: expect_doc {c['expect_doc']!r} not in {c['doc']}")
            answering = [s for s in sentences(text) if any(fold(w) in s for w in wants)]
            for bad in c.get("expect_none", []):
                if fold(bad) not in kall:
                    errors.append(f"{cid}: expect_none {bad!r} occurs nowhere in the knowledge")
                for s in answering:
                    if fold(bad) in s:
                        errors.append(f"{cid}: expect_none {bad!r} is in an answering sentence: {s[:60]}")
                        break
            if c.get("kind") == "absent":
                if c.get("expect_found", True) is not False:
                    errors.append(f"{cid}: absent case needs expect_found false")
                if c.get("expect_all") or c.get("expect_any"):
                    errors.append(f"{cid}: absent case must not have expect_all/expect_any")
            else:
                if c.get("expect_found") is False:
                    errors.append(f"{cid}: expect_found false on a non-absent case")
                if not wants:
                    errors.append(f"{cid}: no expected strings")
                alls = [fold(w) for w in c.get("expect_all", [])]
                own = os.path.join(HERE, "docs", split, c["doc"])
                own_src = os.path.join(HERE, "sources", c["doc"] + ".source.txt")
                if alls:
                    for p, t in ktexts.items():
                        if p in (own, own_src):
                            continue
                        if all(a in t for a in alls):
                            warnings.append(
                                f"{cid}: all expect_all strings also occur together in {os.path.basename(p)}"
                            )
    for e in errors:
        print("ERROR", e)
    for w in warnings:
        print("warn ", w)
    print(
        f"# {counts.get('tune', 0)} tune cases, {counts.get('holdout', 0)} holdout cases, "
        f"{len(kfiles)} knowledge files"
    )
    print(f"{len(errors)} errors, {len(warnings)} warnings")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
