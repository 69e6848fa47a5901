"""Attack: what oversize bodies cost a running `jzbot serve` (issue 23, item 1).

Usage:
    python benchmarks/attack.py [--mb 200]

Starts `jzbot serve` on loopback over the bundled knowledge (indexed into a temporary folder first), then
sends, one at a time, on raw sockets: an unauthenticated ``--mb`` MB JSON body to /api/ask (declared length,
then chunked without one), an unauthenticated ``--mb``×2.5 MB multipart upload to /api/documents, and a
member's ``--mb`` MB JSON body. The server's resident memory is sampled every 10 ms from /proc while each
is sent; printed per attack: the answer, the bytes the server took before answering, the time, and the peak
growth of its RSS over the idle figure before the attack. Traffic goes to 127.0.0.1 only and stops by itself.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
BLOCK = 1 << 20


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Sampler:
    """The highest RSS of ``pid`` seen while the ``with`` block runs."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._stop = pid, 0.0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, _rss_mb(self.pid))
            time.sleep(0.01)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        time.sleep(0.2)
        self._stop.set()
        self._thread.join()


def _send(
    port: int, head: str, total: int, chunked: bool = False, limit_s: float = 60.0
) -> tuple[str, int, float]:
    """(status line, body bytes the server accepted before answering, seconds) for one oversize request."""
    start, sent = time.monotonic(), 0
    with socket.create_connection(("127.0.0.1", port), timeout=limit_s) as s:
        s.sendall(head.encode() + b"\r\n")
        s.setblocking(False)
        reply = b""
        block = b"a" * BLOCK
        piece = (f"{BLOCK:x}\r\n".encode() + block + b"\r\n") if chunked else block
        while sent < total and time.monotonic() - start < limit_s:
            try:
                reply += s.recv(4096)
                if reply:
                    break
            except BlockingIOError:
                pass
            try:
                sent += s.send(piece)
            except BlockingIOError:
                time.sleep(0.001)
            except (BrokenPipeError, ConnectionResetError):
                break
        s.setblocking(True)
        s.settimeout(10)
        try:
            while b"\r\n" not in reply:
                more = s.recv(4096)
                if not more:
                    break
                reply += more
        except OSError:
            pass
    return reply.split(b"\r\n", 1)[0].decode(errors="replace"), sent, time.monotonic() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=int, default=200)
    args = parser.parse_args()
    size = args.mb << 20
    with tempfile.TemporaryDirectory(prefix="jzbot-attack-") as tmp:
        env = {k: v for k, v in os.environ.items() if not k.startswith("JZBOT_")}
        env.update(JZBOT_DATA_DIR=f"{tmp}/data", JZBOT_KNOWLEDGE_DIR=str(ROOT / "knowledge"))
        cmd = [sys.executable, "-m", "jzbot"]
        added = subprocess.run(
            [*cmd, "user", "add", "li"], env=env, capture_output=True, text=True, check=True
        )
        key = added.stdout.strip().splitlines()[-1]
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = subprocess.Popen(
            [*cmd, "serve", "--port", str(port)],
            env=env,
            cwd=tmp,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 600
            while True:
                try:
                    if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("jzbot serve did not start")
                time.sleep(0.5)
            httpx.post(
                f"http://127.0.0.1:{port}/api/ask",
                json={"question": "高企累计多少家"},
                headers={"Authorization": f"Bearer {key}"},
                timeout=120,
            )  # warm: a real answer first
            json_head = "POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            attacks = [
                (
                    "unauthenticated JSON, declared length",
                    json_head + f"Content-Length: {size}\r\n",
                    size,
                    False,
                ),
                ("unauthenticated JSON, chunked", json_head + "Transfer-Encoding: chunked\r\n", size, True),
                (
                    "unauthenticated multipart upload",
                    "POST /api/documents HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                    f"Content-Length: {size * 5 // 2}\r\n",
                    size * 5 // 2,
                    False,
                ),
                (
                    "member's JSON, chunked",
                    json_head + f"Authorization: Bearer {key}\r\nTransfer-Encoding: chunked\r\n",
                    size,
                    True,
                ),
            ]
            print(
                f"jzbot serve pid {server.pid}, idle RSS {_rss_mb(server.pid):.0f} MB; bodies of {args.mb} MB"
            )
            for name, head, total, chunked in attacks:
                idle = _rss_mb(server.pid)
                with Sampler(server.pid) as sampler:
                    status, sent, took = _send(port, head, total, chunked)
                print(
                    f"- {name}: {status!r} after {sent / BLOCK:.1f} MB sent, {took:.2f} s; "
                    f"peak RSS +{sampler.peak - idle:.1f} MB over {idle:.0f} MB"
                )
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
