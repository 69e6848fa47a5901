"""A small Telegram Bot API server on loopback, enough for python-telegram-bot's real HTTP stack.

Updates go in through ``push_*`` and come out of ``getUpdates``; every bot call is recorded in
``calls`` so tests check what the bot sent where Telegram would have received it.
"""

from __future__ import annotations

import email.parser
import email.policy
import itertools
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

BOT_ID = 777000
BOT_USERNAME = "jzbot_test_bot"


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # many bot connections at once, as Telegram's servers would accept

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hangs up mid-poll at shutdown is normal here


class TelegramDouble:
    def __init__(self, token: str = "123456:TEST-TOKEN") -> None:
        self.token = token
        self.updates: list[dict[str, Any]] = []
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.files: dict[str, bytes] = {}
        self.downloads: list[str] = []  # file ids the bot fetched from the file URL
        self._cond = threading.Condition()
        self._ids = itertools.count(1)
        self._msg_ids = itertools.count(1000)

    # -- what users do ------------------------------------------------------------------------
    def push_message(
        self,
        user_id: int,
        text: str,
        chat_id: int | None = None,
        chat_type: str = "private",
        reply_to_bot: bool = False,
    ) -> int:
        message: dict[str, Any] = {
            "message_id": next(self._msg_ids),
            "date": int(time.time()),
            "text": text,
            "chat": {
                "id": chat_id or user_id,
                "type": chat_type,
                **({"title": "科技局"} if chat_type != "private" else {}),
            },
            "from": {"id": user_id, "is_bot": False, "first_name": f"user{user_id}"},
        }
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        if reply_to_bot:
            message["reply_to_message"] = {
                "message_id": 1,
                "date": int(time.time()),
                "text": "上一条回答",
                "chat": message["chat"],
                "from": {"id": BOT_ID, "is_bot": True, "first_name": "jzbot"},
            }
        return self._push({"message": message})

    def push_document(
        self,
        user_id: int,
        name: str,
        data: bytes,
        chat_id: int | None = None,
        chat_type: str = "private",
        with_size: bool = True,
    ) -> int:
        """``with_size=False``: the Update carries no file_size, as Telegram allows; only getFile says it."""
        file_id = f"file{len(self.files) + 1}"
        self.files[file_id] = data
        document: dict[str, Any] = {"file_id": file_id, "file_unique_id": file_id, "file_name": name}
        if with_size:
            document["file_size"] = len(data)
        message = {
            "message_id": next(self._msg_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id or user_id, "type": chat_type},
            "from": {"id": user_id, "is_bot": False, "first_name": "admin"},
            "document": document,
        }
        return self._push({"message": message})

    def push_callback(self, user_id: int, data: str) -> int:
        return self._push(
            {
                "callback_query": {
                    "id": str(next(self._ids)),
                    "chat_instance": "ci",
                    "data": data,
                    "from": {"id": user_id, "is_bot": False, "first_name": "u"},
                    "message": {
                        "message_id": 1,
                        "date": int(time.time()),
                        "chat": {"id": user_id, "type": "private"},
                        "text": "answer",
                    },
                }
            }
        )

    def _push(self, update: dict[str, Any]) -> int:
        with self._cond:
            update["update_id"] = next(self._ids)
            self.updates.append(update)
            self._cond.notify_all()
            return update["update_id"]

    # -- what the bot did ---------------------------------------------------------------------
    def sent(self, method: str = "sendMessage", chat_id: int | None = None) -> list[dict[str, Any]]:
        with self._cond:
            return [
                p
                for m, p in self.calls
                if m == method and (chat_id is None or int(p.get("chat_id", 0)) == chat_id)
            ]

    def wait_for(self, predicate: Any, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        with self._cond:
            while not predicate():
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"condition not met; calls: {[m for m, _ in self.calls][-20:]}")
                self._cond.wait(min(left, 0.2))

    # -- the server ---------------------------------------------------------------------------
    def _result(self, method: str, params: dict[str, Any]) -> Any:
        chat = {"id": int(params.get("chat_id", 0) or 0), "type": "private"}
        if method == "getMe":
            return {
                "id": BOT_ID,
                "is_bot": True,
                "first_name": "jzbot",
                "username": BOT_USERNAME,
                "can_join_groups": True,
                "can_read_all_group_messages": False,
                "supports_inline_queries": False,
            }
        if method == "getUpdates":
            offset = int(params.get("offset", 0) or 0)
            deadline = time.monotonic() + min(float(params.get("timeout", 0) or 0), 1.0)
            with self._cond:
                while True:
                    pending = [u for u in self.updates if u["update_id"] >= offset]
                    if pending or time.monotonic() >= deadline:
                        return pending[:100]
                    self._cond.wait(0.05)
        if method in ("sendMessage", "editMessageText"):
            return {
                "message_id": int(params.get("message_id") or next(self._msg_ids)),
                "date": int(time.time()),
                "chat": chat,
                "text": params.get("text", ""),
                "from": {"id": BOT_ID, "is_bot": True, "first_name": "jzbot"},
            }
        if method == "getFile":
            fid = params["file_id"]
            return {
                "file_id": fid,
                "file_unique_id": fid,
                "file_size": len(self.files[fid]),
                "file_path": f"docs/{fid}",
            }
        return True  # setMyCommands, sendChatAction, answerCallbackQuery, deleteWebhook …

    def start(self) -> tuple[str, str]:
        double = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                fid = self.path.rsplit("/", 1)[-1]
                data = double.files.get(fid)
                with double._cond:
                    double.downloads.append(fid)
                self.send_response(200 if data is not None else 404)
                self.send_header("Content-Length", str(len(data or b"")))
                self.end_headers()
                self.wfile.write(data or b"")

            def do_POST(self) -> None:
                method = self.path.rsplit("/", 1)[-1]
                if f"/bot{double.token}/" not in self.path:
                    return self._send(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
                params = self._params()
                if method != "getUpdates":
                    with double._cond:
                        double.calls.append((method, params))
                        double._cond.notify_all()
                self._send(200, {"ok": True, "result": double._result(method, params)})

            def _params(self) -> dict[str, Any]:
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0) or 0))
                ctype = self.headers.get("Content-Type", "")
                if ctype.startswith("application/json"):
                    return json.loads(raw or b"{}")
                if ctype.startswith("multipart/form-data"):
                    msg = email.parser.BytesParser(policy=email.policy.default).parsebytes(
                        f"Content-Type: {ctype}\r\n\r\n".encode() + raw
                    )
                    return {
                        part.get_param("name", header="content-disposition"): part.get_content()
                        for part in msg.iter_parts()
                    }
                out: dict[str, Any] = {}
                for key, values in parse_qs(raw.decode()).items():
                    value = values[0]
                    try:
                        out[key] = json.loads(value) if value[:1] in "[{" else value
                    except json.JSONDecodeError:
                        out[key] = value
                return out

            def _send(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = _QuietServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        return f"{base}/bot", f"{base}/file/bot"

    def stop(self) -> None:
        with self._cond:
            self._cond.notify_all()
        self.server.shutdown()
        self.server.server_close()
