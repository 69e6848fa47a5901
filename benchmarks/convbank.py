"""Build and check a conversation bank (conversations3 and later): the code their build.py and check.py share.

Usage: python3 build.py (writes tune.jsonl and holdout.jsonl); python3 check.py [tune.jsonl holdout.jsonl]

Documents: docs/tune/ and docs/holdout/ beside this file, NN_<body>_<short title>.txt with NN in the bank's range, the first
line `来源：<URL> （<note>）` (the URL on a government domain); the two folders share no number. The 来源 line is not
part of the document's text for the checks below.

For every conversation and turn:
  - ids unique and well formed (c4-t-NNN in tune.jsonl, c4-h-NNN in holdout.jsonl for conversations4; turn ids <conversation id>.<n>);
  - group is the bank's name; doc/genre/topic present; 2-4 turns; the first turn has needs_history false;
    needs_history is a bool; kind is one of score.py's kinds; expect_found false if and only if kind absent;
    an answerable turn has expect_all or expect_any;
  - the named document (the conversation's doc, or a turn's own doc for a turn that switches topic) exists in
    docs/<split>/ of the file's split (a document of the other split is reported as such);
  - every expect_all / expect_any string and expect_doc occurs in that document's text after NFKC folding and
    white-space removal (score.py's fold); strings over 15 folded characters warn, over 20 fail;
  - expect_none: occurs in the knowledge (the turn's document or another document of the same split of this
    bank), is not part of an expected string of the same turn, and does not occur in an *answering sentence* of the
    turn's document (a sentence, split at 。！？ and line ends, that holds one of the turn's expected strings): a
    faithful answer quoting its sentence must not be marked wrong;
  - no question of tune.jsonl names a holdout document (by the place/body names its check.py lists), and the reverse
    is reported as a warning;
  - at most `per_document` conversations per first-turn document; at least 50 % of follow-ups need the history.
Prints counts per file; exits 1 on any problem.
"""

import collections
import json
import re
import sys
import unicodedata
from pathlib import Path
from typing import NamedTuple

import bankcheck  # the shared reader of JSON Lines banks (benchmarks/ is on the path of every bank script)

KINDS = {"figure", "docno", "fact", "list", "law", "absent", "draft"}


class Bank(NamedTuple):
    home: Path  # the bank's folder: tune.jsonl, holdout.jsonl, docs/tune/, docs/holdout/
    prefix: str  # "c4": conversations c4-t-NNN and c4-h-NNN
    numbers: range  # document numbers NN of docs/*/NN_<body>_<title>.txt
    # words by which a question names document NN (a split's questions must not name the other's documents)
    names: dict[str, list[str]]
    per_document: int = 2  # conversations opening on one document

    @property
    def group(self) -> str:
        return self.home.name


def T(kind, question, all=(), any=(), none=(), nh=True, doc=None, edoc=None):
    """One turn: nh needs_history; doc the file-name prefix of another document of the same split (a turn that
    switches topic); edoc expect_doc (only for documents that print their own 文号)."""
    t = {"kind": kind, "question": question}
    if all:
        t["expect_all"] = list(all)
    if any:
        t["expect_any"] = list(any)
    if none:
        t["expect_none"] = list(none)
    if kind == "absent":
        t["expect_found"] = False
    if edoc:
        t["expect_doc"] = edoc
    t["needs_history"] = nh
    if doc:
        t["_doc"] = doc
    return t


class Builder:
    """Collects the conversations of a bank's build.py (C(split, doc-prefix, genre, topic, turns...)) and writes them."""

    def __init__(self, bank: Bank):
        self.bank = bank
        self.convs: dict[str, list] = {"tune": [], "holdout": []}

    def C(self, split, prefix, genre, topic, *turns):
        self.convs[split].append((prefix, genre, topic, list(turns)))

    def docname(self, split, prefix):
        hits = [
            p.name for p in (self.bank.home / "docs" / split).iterdir() if p.name.startswith(prefix + "_")
        ]
        assert len(hits) == 1, (split, prefix, hits)
        return hits[0]

    def build(self):
        for split, convs in self.convs.items():
            lines = []
            for n, (dprefix, genre, topic, turns) in enumerate(convs, 1):
                cid = f"{self.bank.prefix}-{split[0]}-{n:03d}"
                conv = {
                    "id": cid,
                    "group": self.bank.group,
                    "doc": self.docname(split, dprefix),
                    "genre": genre,
                    "topic": topic,
                    "turns": [],
                }
                for k, t in enumerate(turns, 1):
                    t = dict(t)
                    other = t.pop("_doc", None)
                    out = {"id": f"{cid}.{k}"}
                    out.update(t)
                    if other:
                        out["doc"] = self.docname(split, other)
                        out["group"] = self.bank.group
                    conv["turns"].append(out)
                lines.append(json.dumps(conv, ensure_ascii=False))
            (self.bank.home / f"{split}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
            print(split, len(lines))


def fold(text):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def number(name):
    """The document number NN of NN_<body>_<title>.txt."""
    return name.split("_", 1)[0]


def load_docs(bank, problems):
    docs = {}
    for split in ("tune", "holdout"):
        for p in sorted((bank.home / "docs" / split).glob("*")):
            m = re.match(r"(\d{3,4})_[^_]+_.+\.txt$", p.name)
            if not m or int(m.group(1)) not in bank.numbers:
                problems.append(
                    f"docs/{split}/{p.name}: name should be NN_<body>_<title>.txt with NN in {bank.numbers}"
                )
                continue
            lines = p.read_text(encoding="utf-8").splitlines()
            if not lines or not lines[0].startswith("来源："):
                problems.append(f"docs/{split}/{p.name}: first line must be 来源：<URL> （<note>）")
                continue
            url = lines[0][3:].split()[0]
            host = re.sub(r"^https?://", "", url).split("/")[0]
            # an official text kept in a public dataset names it (github:<owner>/<repo>:<path>)
            if not host.endswith(".gov.cn") and not url.startswith("github:"):
                problems.append(f"docs/{split}/{p.name}: {host} is not a government domain")
            body = "\n".join(lines[1:])
            sentences = [fold(s) for s in re.split(r"[。！？\n]", body)]
            docs[(split, p.name)] = {"text": fold(body), "sentences": [s for s in sentences if s]}
    nums = collections.Counter(number(name) for (_, name) in docs)
    for n, c in nums.items():
        if c > 1:
            problems.append(f"document number {n} used {c} times")
    return docs


def check_file(bank, path, split, docs, problems, warnings, seen_ids):
    convs = bankcheck.cases(path, problems)
    stats = collections.Counter()
    per_doc = collections.Counter()
    kinds = collections.Counter()
    genres = collections.Counter()
    prefix = f"{bank.prefix}-{split[0]}-"
    other = "holdout" if split == "tune" else "tune"
    split_text = "".join(d["text"] for (s, _), d in docs.items() if s == split)
    other_names = {number(name): bank.names.get(number(name), []) for (s, name) in docs if s == other}
    touched = set()
    for conv in convs:
        cid = conv.get("id", "?")
        where = f"{path.name} {cid}"
        if not re.fullmatch(re.escape(prefix) + r"\d{3}", cid):
            problems.append(f"{where}: id should be {prefix}NNN")
        if cid in seen_ids:
            problems.append(f"{where}: duplicate id")
        seen_ids.add(cid)
        for field in ("group", "topic", "turns", "doc", "genre"):
            if field not in conv:
                problems.append(f"{where}: missing {field}")
        if conv.get("group") != bank.group:
            problems.append(f"{where}: group {conv.get('group')!r} (want {bank.group})")
        docname = conv.get("doc")
        per_doc[docname] += 1
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
            q = turn.get("question") or ""
            if not q:
                problems.append(f"{tw}: no question")
            for num, names in other_names.items():
                for nm in names:
                    if nm in q:
                        msg = f"{tw}: question names {other} document {num} ({nm})"
                        (problems if split == "tune" else warnings).append(msg)
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
            if turn.get("group", bank.group) != bank.group:
                problems.append(f"{tw}: group {turn.get('group')!r}")
            tdoc = turn.get("doc", docname)
            if "doc" in turn:
                stats["turns on another document"] += 1
            touched.add(tdoc)
            d = docs.get((split, tdoc))
            if d is None:
                if (other, tdoc) in docs:
                    problems.append(f"{tw}: {tdoc} is a {other} document, not allowed in {path.name}")
                else:
                    problems.append(f"{tw}: document docs/{split}/{tdoc} not found")
                continue
            text = d["text"]
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
                        continue
                    if len(f) > 20:
                        problems.append(f"{tw}: {field} {s!r} is {len(f)} characters")
                    elif len(f) > 15:
                        warnings.append(f"{tw}: {field} {s!r} is {len(f)} characters")
                    if field == "expect_none":
                        if f not in text and f not in split_text:
                            problems.append(f"{tw}: expect_none {s!r} occurs in no {split} document")
                    else:
                        if f not in text:
                            problems.append(f"{tw}: {field} {s!r} not in {tdoc}")
                        wanted.append(f)
            answering = [sent for sent in d["sentences"] if any(w in sent for w in wanted)]
            for s in turn.get("expect_none", []):
                f = fold(s)
                if any(f in w for w in wanted):
                    problems.append(f"{tw}: expect_none {s!r} is part of an expected string")
                for sent in answering:
                    if f in sent:
                        problems.append(
                            f"{tw}: expect_none {s!r} stands in an answering sentence: {sent[:40]}…"
                        )
                        break
            if turn.get("expect_doc") and fold(turn["expect_doc"]) not in text:
                problems.append(f"{tw}: expect_doc {turn['expect_doc']!r} not in {tdoc}")
    for docname, n in per_doc.items():
        if n > bank.per_document:
            problems.append(f"{path.name}: {n} conversations on {docname} (at most {bank.per_document})")
    stats["documents touched"] = len(touched)
    return stats, per_doc, kinds, genres


def check(bank):
    files = sys.argv[1:] or [str(bank.home / "tune.jsonl"), str(bank.home / "holdout.jsonl")]
    problems, warnings, seen = [], [], set()
    docs = load_docs(bank, problems)
    for split in ("tune", "holdout"):
        print(f"docs/{split}: {sum(1 for (s, _) in docs if s == split)} documents")
    for f in files:
        path = Path(f)
        split = "holdout" if "holdout" in path.name else "tune"
        stats, per_doc, kinds, genres = check_file(bank, path, split, docs, problems, warnings, seen)
        fu = stats["follow-ups"] or 1
        print(
            f"{path.name} ({split} documents): {stats['conversations']} conversations, {stats['turns']} turns, "
            f"{stats['follow-ups']} follow-ups, {stats['needs_history']} need history "
            f"({100 * stats['needs_history'] / fu:.0f} %), {stats['self-contained follow-ups']} self-contained "
            f"follow-ups ({stats['turns on another document']} on another document), "
            f"{stats['absent']} absent, {stats['with expect_none']} with expect_none, "
            f"{stats['with expect_doc']} with expect_doc; {len(per_doc)} documents as first topic, "
            f"{stats['documents touched']} touched"
        )
        print("  kinds: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
        print("  genres: " + ", ".join(f"{k} {v}" for k, v in sorted(genres.items())))
        if stats["follow-ups"] and stats["needs_history"] / fu < 0.5:
            problems.append(
                f"{path.name}: only {stats['needs_history']}/{fu} follow-ups need the history (want >= 50 %)"
            )
    for w in warnings:
        print("warning: " + w)
    for p in problems:
        print("PROBLEM: " + p)
    print(f"{len(problems)} problems")
    return 1 if problems else 0
