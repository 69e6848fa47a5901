#!/usr/bin/env python3
"""Check the conversations2 bank against its documents.

Usage: python3 check.py [tune.jsonl holdout.jsonl]

For every conversation and turn:
  - ids unique (conversation ids and turn ids), turn ids are <conversation id>.<n>;
  - 2-4 turns; the first turn has needs_history false; needs_history is a bool;
  - kind is one of score.py's kinds; expect_found false goes with kind absent and vice versa;
  - group is genres or genres2; the named document (conversation `doc`, or a turn's own `doc` for a turn that
    switches topic) exists in /work/main/benchmarks/<group>/docs/<split>/ where split is tune for tune.jsonl and
    holdout for holdout.jsonl (so no holdout document is discussed in tune, nor the reverse);
  - every expect_all / expect_any / expect_none string and expect_doc occurs in that document's text after NFKC
    folding and white-space removal (score.py's fold). For a .docx/.xlsx/.pdf/.png document the text is
    /work/main/benchmarks/<group>/sources/<file name>.source.txt. The storage note on the first line
    (来源：…) is left out of the text, so nothing is expected from it;
  - expected strings are at most 15 characters after folding (warning above 15, problem above 20);
  - expect_none strings do not also appear in expect_all / expect_any of the same turn;
  - at most 2 conversations per document (first-turn documents).
Prints counts per file; exits 1 on any problem.
"""

import collections
import json
import pathlib
import re
import sys
import unicodedata

HERE = pathlib.Path(__file__).resolve().parent
BENCH = pathlib.Path(__file__).resolve().parents[1]
KINDS = {"figure", "docno", "fact", "list", "law", "absent", "draft"}
GROUPS = ("genres", "genres2")


def fold(text):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


_cache = {}


def doc_text(group, split, name):
    key = (group, split, name)
    if key not in _cache:
        path = BENCH / group / "docs" / split / name
        if not path.is_file():
            _cache[key] = None
        else:
            if path.suffix.lower() == ".txt":
                raw = path.read_text(encoding="utf-8")
            else:
                src = BENCH / group / "sources" / (name + ".source.txt")
                raw = src.read_text(encoding="utf-8") if src.is_file() else None
            if raw is not None:
                lines = raw.splitlines()
                if lines and lines[0].startswith("来源"):
                    lines = lines[1:]
                raw = "\n".join(lines)
            _cache[key] = None if raw is None else fold(raw)
    return _cache[key]


def check_file(path, split, problems, warnings, seen_ids):
    convs = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            convs.append(json.loads(line))
        except json.JSONDecodeError as e:
            problems.append(f"{path.name}:{n}: bad JSON: {e}")
    stats = collections.Counter()
    per_doc = collections.Counter()
    kinds = collections.Counter()
    genres = collections.Counter()
    prefix = "c2-t-" if split == "tune" else "c2-h-"
    for conv in convs:
        cid = conv.get("id", "?")
        where = f"{path.name} {cid}"
        if not cid.startswith(prefix):
            problems.append(f"{where}: id should start with {prefix}")
        if cid in seen_ids:
            problems.append(f"{where}: duplicate id")
        seen_ids.add(cid)
        for field in ("group", "topic", "turns", "doc", "genre"):
            if field not in conv:
                problems.append(f"{where}: missing {field}")
        group, docname = conv.get("group"), conv.get("doc")
        if group not in GROUPS:
            problems.append(f"{where}: group {group!r}")
            continue
        per_doc[(group, docname)] += 1
        genres[conv.get("genre")] += 1
        turns = conv.get("turns", [])
        if not 2 <= len(turns) <= 4:
            problems.append(f"{where}: {len(turns)} turns (want 2-4)")
        stats["conversations"] += 1
        for i, turn in enumerate(turns):
            tid = turn.get("id", "?")
            tw = f"{path.name} {tid}"
            if tid != f"{cid}.{i + 1}":
                problems.append(f"{tw}: turn id should be {cid}.{i + 1}")
            if tid in seen_ids:
                problems.append(f"{tw}: duplicate id")
            seen_ids.add(tid)
            kind = turn.get("kind")
            if kind not in KINDS:
                problems.append(f"{tw}: kind {kind!r}")
            kinds[kind] += 1
            if not turn.get("question"):
                problems.append(f"{tw}: no question")
            nh = turn.get("needs_history")
            if not isinstance(nh, bool):
                problems.append(f"{tw}: needs_history must be true or false")
            found = turn.get("expect_found", True)
            if (found is False) != (kind == "absent"):
                problems.append(f"{tw}: expect_found {found} with kind {kind}")
            if kind != "absent" and not (turn.get("expect_all") or turn.get("expect_any")):
                problems.append(f"{tw}: answerable turn without expect_all/expect_any")
            stats["turns"] += 1
            if i == 0:
                if nh is not False:
                    problems.append(f"{tw}: first turn must have needs_history false")
            else:
                stats["follow-ups"] += 1
                stats["needs_history"] += bool(nh)
                stats["self-contained follow-ups"] += not nh
            stats["absent"] += kind == "absent"
            stats["with expect_none"] += bool(turn.get("expect_none"))
            stats["with expect_doc"] += bool(turn.get("expect_doc"))
            tgroup = turn.get("group", group)
            tdoc = turn.get("doc", docname)
            if "doc" in turn:
                stats["turns on another document"] += 1
            text = doc_text(tgroup, split, tdoc)
            if text is None:
                other = "holdout" if split == "tune" else "tune"
                if (BENCH / str(tgroup) / "docs" / other / str(tdoc)).is_file():
                    problems.append(f"{tw}: {tdoc} is a {other} document, not allowed in {path.name}")
                else:
                    problems.append(
                        f"{tw}: document {tgroup}/docs/{split}/{tdoc} (or its source text) not found"
                    )
                continue
            wanted = []
            for field in ("expect_all", "expect_any", "expect_none"):
                vals = turn.get(field, [])
                if not isinstance(vals, list):
                    problems.append(f"{tw}: {field} must be a list")
                    continue
                for s in vals:
                    f = fold(s)
                    if not f:
                        problems.append(f"{tw}: empty string in {field}")
                    elif f not in text:
                        problems.append(f"{tw}: {field} {s!r} not in {tdoc}")
                    if len(f) > 20:
                        problems.append(f"{tw}: {field} {s!r} is {len(f)} characters")
                    elif len(f) > 15:
                        warnings.append(f"{tw}: {field} {s!r} is {len(f)} characters")
                    if field != "expect_none":
                        wanted.append(f)
            for s in turn.get("expect_none", []):
                if any(fold(s) in w for w in wanted):
                    problems.append(f"{tw}: expect_none {s!r} is part of an expected string")
            if turn.get("expect_doc") and fold(turn["expect_doc"]) not in text:
                problems.append(f"{tw}: expect_doc {turn['expect_doc']!r} not in {tdoc}")
    for (group, docname), n in per_doc.items():
        if n > 2:
            problems.append(f"{path.name}: {n} conversations on {group}/{docname} (at most 2)")
    return stats, per_doc, kinds, genres


def main():
    files = sys.argv[1:] or [str(HERE / "tune.jsonl"), str(HERE / "holdout.jsonl")]
    problems, warnings, seen = [], [], set()
    for f in files:
        path = pathlib.Path(f)
        split = "holdout" if "holdout" in path.name else "tune"
        stats, per_doc, kinds, genres = check_file(path, split, problems, warnings, seen)
        fu = stats["follow-ups"] or 1
        print(
            f"{path.name} ({split} documents): {stats['conversations']} conversations, {stats['turns']} turns, "
            f"{stats['follow-ups']} follow-ups, {stats['needs_history']} need history "
            f"({100 * stats['needs_history'] / fu:.0f} %), {stats['self-contained follow-ups']} self-contained "
            f"follow-ups ({stats['turns on another document']} on another document), "
            f"{stats['absent']} absent, {stats['with expect_none']} with expect_none, "
            f"{stats['with expect_doc']} with expect_doc; {len(per_doc)} documents as first topic"
        )
        print("  kinds: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
        print("  genres: " + ", ".join(f"{k} {v}" for k, v in sorted(genres.items())))
        if stats["follow-ups"] and stats["needs_history"] / fu < 0.7:
            problems.append(
                f"{path.name}: only {stats['needs_history']}/{fu} follow-ups need the history (want >= 70 %)"
            )
    for w in warnings:
        print("warning: " + w)
    for p in problems:
        print("PROBLEM: " + p)
    print(f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
