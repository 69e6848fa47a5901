"""Load run: many concurrent API clients against a real `jzbot serve` process on loopback.

Usage:
    python benchmarks/load.py                      # 50 clients × 10 requests, at most 300 s
    python benchmarks/load.py --clients 50 --requests 10 --deadline 300

Each client is its own user with its own API key (rate limits are per user) and sends a mix of REST questions,
文号 look-ups and /v1 chat completions, one after another. Reported: latency p50/p95/max per kind and overall,
throughput, and every error (a non-200 answer, a timeout, or a 200 without the expected figure).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
# (kind, method, path, body, a string the answer must contain)
MIX = [
    ("ask", "POST", "/api/ask", {"question": "高企累计多少家"}, "474"),
    ("ask", "POST", "/api/ask", {"question": "2023年全市技术合同成交额是多少？"}, "53.85"),
    ("ask", "POST", "/api/ask", {"question": "科小备案入库了多少家？"}, "680"),
    ("lookup", "GET", "/api/lookup/焦科〔2023〕45号", None, "工程技术研究中心"),
    (
        "v1",
        "POST",
        "/v1/chat/completions",
        {"model": "jzbot", "messages": [{"role": "user", "content": "高企累计多少家"}]},
        "474",
    ),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


def make_users(data: Path, n: int) -> list[str]:
    sys.path.insert(0, str(ROOT / "src"))
    from jzbot.conversation.identity import Role
    from jzbot.conversation.users import Users
    from jzbot.history.audit import AuditLog

    users = Users(AuditLog(data / "audit.sqlite"))
    return [users.add(f"load{i:03d}", Role.STAFF)[1] for i in range(n)]


async def client(
    base: str,
    key: str,
    offset: int,
    requests: int,
    deadline: float,
    results: list[tuple[str, float, str | None]],
) -> None:
    async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=120) as c:
        for i in range(requests):
            if time.monotonic() > deadline:
                return
            kind, method, path, body, expect = MIX[(offset + i) % len(MIX)]
            start = time.perf_counter()
            error = None
            try:
                r = await c.request(method, path, json=body)
                if r.status_code != 200:
                    error = f"{kind} HTTP {r.status_code}: {r.text[:120]}"
                elif expect not in r.text:
                    error = f"{kind}: answer without {expect}"
            except httpx.HTTPError as e:
                error = f"{kind}: {type(e).__name__} {e}"
            results.append((kind, time.perf_counter() - start, error))


async def run(base: str, keys: list[str], requests: int, seconds: float) -> dict[str, object]:
    results: list[tuple[str, float, str | None]] = []
    deadline = time.monotonic() + seconds
    start = time.perf_counter()
    await asyncio.gather(*(client(base, k, i, requests, deadline, results) for i, k in enumerate(keys)))
    wall = time.perf_counter() - start
    out: dict[str, object] = {
        "clients": len(keys),
        "requests": len(results),
        "wall_s": round(wall, 1),
        "throughput_rps": round(len(results) / wall, 1),
        "errors": [e for _, _, e in results if e],
    }
    for kind in ["all", *sorted({k for k, _, _ in results})]:
        ms = [t * 1000 for k, t, _ in results if kind in ("all", k)]
        out[kind] = {
            "n": len(ms),
            "p50_ms": round(pct(ms, 0.5)),
            "p95_ms": round(pct(ms, 0.95)),
            "max_ms": round(max(ms)),
            "mean_ms": round(statistics.fmean(ms)),
        }
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--requests", type=int, default=10, help="requests per client")
    ap.add_argument("--deadline", type=float, default=300, help="seconds; clients stop sending after it")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="jzbot-load-"))
    shutil.copytree(ROOT / "knowledge", tmp / "knowledge")
    keys = make_users(tmp / "data", args.clients)
    port = free_port()
    env = {
        **os.environ,
        "JZBOT_DATA_DIR": str(tmp / "data"),
        "JZBOT_KNOWLEDGE_DIR": str(tmp / "knowledge"),
        "JZBOT_WEB__RATE_LIMIT_PER_MINUTE": "1000",
    }
    jzbot = shutil.which("jzbot", path=str(Path(sys.executable).parent)) or "jzbot"
    server = subprocess.Popen(
        [jzbot, "serve", "--port", str(port)],
        env=env,
        cwd=tmp,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        started = time.monotonic()
        while True:  # the first start indexes the bundled knowledge
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.monotonic() - started > 300:
                raise SystemExit("jzbot serve did not start")
            time.sleep(0.5)
        httpx.post(
            f"{base}/api/ask",
            json={"question": "高企累计多少家"},
            timeout=120,
            headers={"Authorization": f"Bearer {keys[0]}"},
        )  # warm: derived index built once
        result = asyncio.run(run(base, keys, args.requests, args.deadline))
        result["cpus"] = os.cpu_count()
        print(json.dumps(result, ensure_ascii=False, indent=2))
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
