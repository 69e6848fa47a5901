"""Verify a genre question bank against its documents: one checker for every benchmarks/genres* bank.

Usage: python3 benchmarks/bankcheck.py genres5   (or the bank's own check.py; exit 1 on an error)

A bank is a folder with tune.jsonl, holdout.jsonl, docs/tune/, docs/holdout/ and, for documents that are not plain
text (.docx, .xlsx, .pdf, .png), sources/<file>.source.txt with the text a reader sees. For each case it checks:
  * the id is unique and carries its split's prefix (g5-t-, g5-h-); required fields are present; kind, genre and
    `knowledge` are allowed values;
  * the named `doc` is in docs/<split>/ (a tune case never names a holdout document, nor the reverse);
  * every expect_all / expect_any string and expect_doc occur in that document (NFKC-folded, white space removed),
    and some sentence of it holds one of them (split at 。；;！？!? and line ends: the answering sentences);
  * every expect_none string occurs somewhere in the knowledge, but in no answering sentence;
  * absent cases have expect_found false, no expected strings and no expect_doc; others have expected strings;
  * every document's first line carries its 来源 (a URL, or github:<owner>/<repo>:<path> for a text kept in a public
    dataset), found in no other bank or shared corpus.
Warnings: expected strings longer than 15 characters; a case whose expect_all strings all occur together in
another knowledge file (it may be ambiguous).

The knowledge searched is the repository's knowledge/, ../shared/corpus and corpus3, the tune documents of every
other genre bank (their holdout documents are never read as knowledge), and this bank's documents.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path
from typing import NamedTuple

BENCHMARKS = Path(__file__).resolve().parent
MAIN = BENCHMARKS.parent
SHARED = MAIN.parent / "shared"
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
    "报告/总结",
    "答复",
}
REQUIRED = ("id", "kind", "knowledge", "question", "genre", "doc")
LONG_EXPECTED = 15  # characters after folding: the banks' rule for an expected string
URL = re.compile(r"(?:https?://|github:)[^\s\uff08(（]+")  # a page, or the public dataset that kept the text


class Bank(NamedTuple):
    name: str  # the folder under benchmarks/ and each case's `knowledge`
    prefix: str  # "g5": tune ids g5-t-NNN, holdout ids g5-h-NNN
    tune_also_in: tuple[
        Path, ...
    ] = ()  # other folders a tune case's doc may live in (the first bank used corpus3)

    @property
    def home(self) -> Path:
        return BENCHMARKS / self.name


def fold(text: str | None) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="ignore")


def text_of(path: Path) -> Path | None:
    """The file whose text a reader sees for the document at `path`: itself, or its sources/ transcript."""
    if path.suffix == ".txt":
        return path
    source = path.parent.parent.parent / "sources" / (path.name + ".source.txt")
    return source if source.is_file() else None


def doc_path(bank: Bank, split: str, name: str) -> Path | None:
    folders = [bank.home / "docs" / split] + (list(bank.tune_also_in) if split == "tune" else [])
    for folder in folders:
        if (folder / name).is_file():
            return text_of(folder / name) if folder.parent.name == "docs" else folder / name
    return None


def genre_banks() -> list[Path]:
    return sorted(p.parent for p in BENCHMARKS.glob("genres*/tune.jsonl"))


def knowledge(bank: Bank) -> list[Path]:
    files = sorted((MAIN / "knowledge").glob("*.txt"))
    files += sorted((SHARED / "corpus").glob("*.txt")) + sorted((SHARED / "corpus3").glob("*.txt"))
    for other in genre_banks():
        splits = ("tune", "holdout") if other == bank.home else ("tune",)
        for split in splits:
            files += [t for p in sorted((other / "docs" / split).glob("*")) if (t := text_of(p))]
    return files


def sentences(text: str) -> list[str]:
    return [fold(s) for s in re.split(r"[。；;！？!?\n]", unicodedata.normalize("NFKC", text)) if fold(s)]


def check_case(
    bank: Bank, split: str, case: dict, texts: dict[Path, str], everything: str
) -> tuple[list, list]:
    errors: list[str] = []
    warnings: list[str] = []
    cid = case.get("id", "?")
    errors += [f"missing {k}" for k in REQUIRED if not case.get(k)]
    if not str(cid).startswith(f"{bank.prefix}-{split[0]}-"):
        errors.append(f"id should start with {bank.prefix}-{split[0]}-")
    if case.get("kind") not in KINDS:
        errors.append(f"kind {case.get('kind')!r}")
    if case.get("genre") not in GENRES:
        errors.append(f"genre {case.get('genre')!r}")
    if case.get("knowledge") != bank.name:
        errors.append(f"knowledge should be {bank.name!r}")
    path = doc_path(bank, split, case.get("doc", ""))
    if path is None:
        return [
            *errors,
            f"document {case.get('doc')!r} not in docs/{split}/ (or its source text is missing)",
        ], []
    text = fold(read(path))
    wants = list(case.get("expect_all", [])) + list(case.get("expect_any", []))
    errors += [f"expected {w!r} not in {case['doc']}" for w in wants if fold(w) not in text]
    warnings += [f"long expected string {w!r}" for w in wants if len(fold(w)) > LONG_EXPECTED]
    if case.get("expect_doc") and fold(case["expect_doc"]) not in text:
        errors.append(f"expect_doc {case['expect_doc']!r} not in {case['doc']}")
    answering = [s for s in sentences(read(path)) if any(fold(w) in s for w in wants)]
    if wants and not answering:
        errors.append("no sentence of the document holds an expected string")
    for bad in map(fold, case.get("expect_none", [])):
        if bad not in everything:
            errors.append(f"expect_none {bad!r} occurs nowhere in the knowledge")
        errors += [
            f"expect_none {bad!r} is in an answering sentence: {s[:60]}" for s in answering if bad in s
        ][:1]
    if case.get("kind") == "absent":
        if case.get("expect_found", True) is not False:
            errors.append("absent case needs expect_found false")
        if wants or case.get("expect_doc"):
            errors.append("absent case with expected strings or expect_doc")
    else:
        if case.get("expect_found") is False:
            errors.append("expect_found false on a non-absent case")
        if not wants:
            errors.append("no expected strings")
        alls = [fold(w) for w in case.get("expect_all", [])]
        twins = [p for p, t in texts.items() if p != path and alls and all(a in t for a in alls)]
        warnings += [f"all expect_all strings also occur together in {p.name}" for p in twins]
    return [f"{cid}: {e}" for e in errors], [f"{cid}: {w}" for w in warnings]


def check_sources(bank: Bank) -> list[str]:
    """Each document names its 来源 URL on its first line, and no other bank or shared corpus holds that URL."""
    elsewhere = ""
    for path in sorted((SHARED / "corpus").glob("*.txt")) + sorted((SHARED / "corpus3").glob("*.txt")):
        elsewhere += read(path)[:600]
    for other in genre_banks():
        if other != bank.home:
            elsewhere += "".join(read(t)[:600] for p in sorted(other.glob("docs/*/*")) if (t := text_of(p)))
            elsewhere += read(other / "README.md") if (other / "README.md").is_file() else ""
    errors = []
    for path in sorted(bank.home.glob("docs/*/*")):
        transcript = text_of(path)
        first = read(transcript).splitlines()[:1] if transcript else []
        url = URL.search(first[0]) if first else None
        if url is None:
            errors.append(f"{path.name}: no 来源 URL on the first line")
        elif url.group(0).rstrip("/") in elsewhere:
            errors.append(f"{path.name}: its URL already occurs in another bank or corpus")
    return errors


def cases(path: Path, errors: list[str]) -> list[dict]:
    """The cases of a JSON Lines file, in order; a line that is not JSON is an error (``path.name:line``)."""
    out = []
    for n, line in enumerate(read(path).splitlines(), 1):
        if not line.strip():
            continue
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError as e:
            errors.append(f"{path.name}:{n}: bad JSON ({e})")
    return out


def main(bank: Bank) -> int:
    files = knowledge(bank)
    texts = {p: fold(read(p)) for p in files}
    everything = "".join(texts.values())
    errors, warnings, seen = check_sources(bank), [], set()
    counts: dict[str, dict[str, int]] = {}
    for split in ("tune", "holdout"):
        for case in cases(bank.home / f"{split}.jsonl", errors):
            if case.get("id") in seen:
                errors.append(f"{case.get('id')}: duplicate id")
            seen.add(case.get("id"))
            kinds = counts.setdefault(split, {})
            kinds[case.get("kind", "?")] = kinds.get(case.get("kind", "?"), 0) + 1
            found, doubts = check_case(bank, split, case, texts, everything)
            errors += found
            warnings += doubts
    for w in warnings:
        print("warn ", w)
    for e in errors:
        print("ERROR", e)
    for split, kinds in counts.items():
        print(
            f"# {split}: {sum(kinds.values())} cases, "
            + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
        )
    print(f"# {len(files)} knowledge files")
    print(f"{len(errors)} errors, {len(warnings)} warnings")
    return 1 if errors else 0


BANKS = {
    "genres": Bank("genres", "g", tune_also_in=(SHARED / "corpus3",)),
    **{f"genres{n}": Bank(f"genres{n}", f"g{n}") for n in range(2, 10)},
}

if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in BANKS:
        sys.exit(f"usage: python3 {Path(__file__).name} <bank>  (one of: {', '.join(sorted(BANKS))})")
    sys.exit(main(BANKS[sys.argv[1]]))
