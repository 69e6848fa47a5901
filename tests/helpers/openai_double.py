"""A small OpenAI-compatible server on loopback: scripted replies, plain or streamed (SSE), errors and delays.

The real ``ChatOpenAI`` client talks to it over HTTP, so retries, timeouts and parsing are the real ones.
Adversarial scripts cite by content: ``{cite:53.85亿元}`` becomes the ``[n]`` under which the request's
prompt listed the source holding that text (``{cite:nowhere}`` an ``[n]`` it never listed), so a script
can attach a wrong figure to the right source whatever order retrieval chose.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # many bot connections at once, as Telegram's servers would accept

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hangs up mid-poll at shutdown is normal here


@dataclass
class Reply:
    content: str = ""
    status: int = 200
    delay: float = 0.0
    raw: str | None = None  # sent as is (e.g. broken JSON)
    piece_delay: float = 0.0  # seconds between streamed pieces: a model that trickles
    piece_chars: int = 7
    gate: threading.Event | None = None  # held until the test sets it: a model busy as long as a test needs


_CITE = re.compile(r"\{cite:([^}]*)\}")
_SOURCE = re.compile(r'<资料 编号="(\d+)">\n(.*?)\n</资料>', re.S)


def sources_in(prompt: str) -> dict[int, str]:
    """The numbered source blocks of a prompt, n → text."""
    return {int(n): text for n, text in _SOURCE.findall(prompt)}


def resolve_citations(content: str, prompt: str) -> str:
    """``{cite:TEXT}`` → ``[n]`` of the source holding TEXT (spacing ignored); ``[99]`` when none does."""
    blocks = {n: re.sub(r"\s+", "", text) for n, text in sources_in(prompt).items()}

    def marker(m: re.Match[str]) -> str:
        want = re.sub(r"\s+", "", m.group(1))
        n = next((n for n, text in blocks.items() if want and want in text), 99)
        return f"[{n}]"

    return _CITE.sub(marker, content)


@dataclass
class OpenAIDouble:
    replies: deque[Reply] = field(default_factory=deque)
    requests: list[dict[str, Any]] = field(default_factory=list)
    default: Reply = field(default_factory=lambda: Reply("知识库中没有找到相关内容。"))

    def enqueue(self, *replies: Reply | str) -> None:
        for r in replies:
            self.replies.append(Reply(r) if isinstance(r, str) else r)

    def start(self) -> str:
        double = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                double.requests.append(body)
                reply = double.replies.popleft() if double.replies else double.default
                prompt = "\n".join(str(m.get("content", "")) for m in body.get("messages", []))
                content = resolve_citations(reply.content, prompt)
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.gate is not None:
                    reply.gate.wait(120)
                if reply.status != 200:
                    self._send(
                        reply.status,
                        json.dumps({"error": {"message": "scripted failure", "type": "server_error"}}),
                    )
                    return
                if reply.raw is not None:
                    self._send(200, reply.raw)
                    return
                if body.get("stream"):
                    self._stream(content, body.get("model", "m"), reply)
                    return
                self._send(
                    200,
                    json.dumps(
                        {
                            "id": "chatcmpl-1",
                            "object": "chat.completion",
                            "created": 0,
                            "model": body.get("model", "m"),
                            "choices": [
                                {
                                    "index": 0,
                                    "message": {"role": "assistant", "content": content},
                                    "finish_reason": "stop",
                                }
                            ],
                            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                        },
                        ensure_ascii=False,
                    ),
                )

            def _send(self, status: int, text: str) -> None:
                data = text.encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _stream(self, content: str, model: str, reply: Reply) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                size = reply.piece_chars
                pieces = [content[i : i + size] for i in range(0, len(content), size)]
                for i, piece in enumerate([*pieces, None]):
                    if reply.piece_delay and i:
                        time.sleep(reply.piece_delay)
                    delta = {"content": piece} if piece is not None else {}
                    if i == 0:
                        delta["role"] = "assistant"
                    chunk = {
                        "id": "chatcmpl-1",
                        "object": "chat.completion.chunk",
                        "created": 0,
                        "model": model,
                        "choices": [{"index": 0, "delta": delta, "finish_reason": None if piece else "stop"}],
                    }
                    try:
                        self.wfile.write(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode())
                        self.wfile.flush()
                    except OSError:  # the client gave up (its deadline passed): stop trickling
                        return
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()

        self.server = _QuietServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def prompts(self) -> list[str]:
        """Every message the double has been sent, system and user alike."""
        return [str(m.get("content", "")) for r in self.requests for m in r.get("messages", [])]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
