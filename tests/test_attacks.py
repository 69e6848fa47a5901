"""Attacks from inside the network on `jzbot serve` (issue 23): each test performs one and asserts it fails.

A real uvicorn on loopback, real sockets and httpx; the language model is the scripted OpenAI double.
"""

from __future__ import annotations

import datetime as dt
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from jzbot.channels.http.app import create_app
from jzbot.channels.http.server import uvicorn_options
from jzbot.channels.http.upkeep import run_once
from jzbot.config import LLMSettings, WebSettings
from jzbot.conversation.identity import Role
from jzbot.conversation.limits import PRUNE_AT, RateLimiter
from jzbot.filemodes import make_private
from jzbot.history.audit import AuditLog
from jzbot.services import build_services
from tests.conftest import make_settings
from tests.helpers.openai_double import OpenAIDouble, Reply
from tests.helpers.web import WebServer

pytestmark = pytest.mark.slow
PAGE = {"X-Requested-With": "jzbot"}


class Site:
    def __init__(self, server: WebServer, audit: AuditLog, staff_key: str, admin_key: str) -> None:
        self.server, self.audit, self.staff_key, self.admin_key = server, audit, staff_key, admin_key
        self.url = server.url

    def client(self, key: str | None = None, **kw: object) -> httpx.Client:
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=60, **kw)  # type: ignore[arg-type]

    @contextmanager
    def page(self, name: str, password: str) -> Iterator[httpx.Client]:
        """A logged-in browser session, as the page makes it."""
        with httpx.Client(base_url=self.url, headers=PAGE, timeout=60) as c:
            assert c.post("/login", json={"name": name, "password": password}).status_code == 200
            yield c

    def refused(self, reason: str) -> list[dict[str, object]]:
        self.server.app.state.defences.failures.flush()
        return [r for r in self.audit.rows() if r["refusal"] == reason]


def _site(data: Path, assistant, **web: object) -> tuple[WebServer, AuditLog, str, str]:
    settings = make_settings(data, assistant.settings.knowledge_dir, web=WebSettings(**web))  # type: ignore[arg-type]
    audit = AuditLog(data / "audit.sqlite")
    app = create_app(build_services(settings, assistant=assistant, audit=audit))
    users = app.state.web.users
    _, staff_key = users.add("li", Role.STAFF, password="li-pw")
    _, admin_key = users.add("boss", Role.ADMIN, password="boss-pw")
    return WebServer(app, **uvicorn_options(settings)), audit, staff_key, admin_key


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, assistant):
    server, audit, staff, admin = _site(tmp_path_factory.mktemp("attacks"), assistant)
    with server:
        yield Site(server, audit, staff, admin)


@pytest.fixture(scope="module")
def llm_site(tmp_path_factory: pytest.TempPathFactory, assistant, embeddings):
    """The same knowledge with a model that can be made slow: (site, double)."""
    from jzbot.assistant import Assistant

    data = tmp_path_factory.mktemp("llm") / "index"
    shutil.copytree(assistant.settings.data_dir, data)
    double = OpenAIDouble()
    url = double.start()
    settings = make_settings(
        data,
        assistant.settings.knowledge_dir,
        # A budget long enough that the held slots outlast a third request's retrieval on a loaded machine.
        llm=LLMSettings(base_url=url, model="m", timeout=90, max_retries=0),
    )
    llm = Assistant(settings, embeddings=embeddings)
    server, audit, staff, admin = _site(
        tmp_path_factory.mktemp("llm-web"), llm, llm_calls_per_user=1, llm_calls_total=2
    )
    with server:
        yield Site(server, audit, staff, admin), double
    double.stop()


def _raw(url: str, head: str, body: bytes = b"", wait: float = 10.0) -> tuple[int, float]:
    """Send a request head (and maybe part of a body) on a raw socket; the status and how long it took."""
    host, port = url.removeprefix("http://").split(":")
    start = time.monotonic()
    with socket.create_connection((host, int(port)), timeout=wait) as s:
        s.sendall(head.encode() + b"\r\n" + body)
        reply = s.recv(4096)
    return int(reply.split()[1]), time.monotonic() - start


# -- 1. bodies ---------------------------------------------------------------------------------------------
def test_an_unauthenticated_200_mb_body_is_refused_before_a_byte_is_read(site: Site) -> None:
    for path in ("/api/ask", "/api/documents", "/v1/chat/completions"):
        head = (
            f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Content-Length: {200 << 20}\r\n"
        )
        status, took = _raw(site.url, head)  # no body sent at all: the answer cannot have waited for it
        assert status == 401 and took < 8, path


def test_a_member_s_oversize_body_is_refused_by_its_length_or_cut_off_while_it_streams(site: Site) -> None:
    auth = f"Authorization: Bearer {site.staff_key}\r\n"
    head = f"POST /api/ask HTTP/1.1\r\nHost: x\r\n{auth}Content-Type: application/json\r\nContent-Length: {1 << 30}\r\n"
    assert _raw(site.url, head)[0] == 413  # declared: refused at once
    # Chunked, no length: counted as it arrives and cut off at the route's cap (64 kB for a question).
    head = f"POST /api/ask HTTP/1.1\r\nHost: x\r\n{auth}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n"

    def chunk(data: bytes) -> bytes:
        return f"{len(data):x}\r\n".encode() + data + b"\r\n"

    assert _raw(site.url, head, chunk(b'{"question": "') + chunk(b"a" * 32768) * 4)[0] == 413
    # A staff member's upload gets the question cap, not the upload cap: refused before it is spooled.
    head = (
        f"POST /api/documents HTTP/1.1\r\nHost: x\r\n{auth}Content-Type: multipart/form-data; boundary=b\r\n"
        f"Content-Length: {10 << 20}\r\n"
    )
    assert _raw(site.url, head)[0] == 413


# -- 2. follow-ups cannot smuggle text past the question limit ---------------------------------------------
def test_a_huge_earlier_message_is_no_turn_on_v1(site: Site) -> None:
    messages = [
        {"role": "user", "content": "2022年全市技术合同成交额是多少？" + "科技" * 50_000},
        {"role": "assistant", "content": "……"},
        {"role": "user", "content": "那2023年呢？"},
    ]
    with site.client(site.staff_key) as c:
        start = time.monotonic()
        r = c.post("/v1/chat/completions", json={"model": "jzbot", "messages": messages})
        took = time.monotonic() - start
    assert r.status_code == 200 and took < 30, took
    assert r.json()["jzbot"]["found"] is not None
    rows = [row for row in site.audit.rows() if row["conversation"] and row["conversation"].endswith(":v1")]
    assert len(rows[-1]["question"]) < 50 and "科技科技" not in rows[-1]["answer"]


def test_a_refused_question_is_never_a_turn_on_api(site: Site) -> None:
    with site.client(site.staff_key) as c:
        long = c.post(
            "/api/ask", json={"question": "2022年全市技术合同成交额" + "是多少" * 600, "conversation_id": "t"}
        )
        assert long.json()["answer"]["refusal"] == "bad_input"
        follow = c.post("/api/ask", json={"question": "那2023年呢？", "conversation_id": "t"}).json()[
            "answer"
        ]
    assert follow["resolved_question"] is None  # nothing to follow: the refused question was not stored


def test_the_rewrite_prompt_and_the_resolved_question_are_bounded(llm_site) -> None:
    site, double = llm_site
    double.enqueue("2023年全市技术合同成交额是多少？")  # the model's rewrite
    history = ["x" * 100_000, *[f"2022年第{i}个问题技术合同成交额是多少？" for i in range(20)]]
    llm = site.server.app.state.web.assistant
    before = len(double.requests)
    llm.ask("那2023年呢？", history)
    prompt = double.requests[before]["messages"][-1]["content"]
    assert "xxxx" not in prompt and prompt.count("第") <= 6 and len(prompt) < 2000


# -- 3. slow and abandoned model streams ---------------------------------------------------------------------
def test_an_abandoned_stream_stops_the_model_and_frees_its_slot(llm_site) -> None:
    site, double = llm_site
    slow = "全市技术合同成交额53.85亿元{cite:53.85}。" * 40
    double.enqueue(Reply("2023年全市技术合同成交额是多少？"), Reply(slow, piece_chars=2, piece_delay=0.2))
    body = {"question": "2023年全市技术合同成交额是多少？", "stream": True}
    with site.client(site.staff_key) as c, c.stream("POST", "/api/ask", json=body) as r:
        assert r.status_code == 200
        next(r.iter_lines())  # the answer has started; the client leaves
    slots = site.server.app.state.defences.slots
    deadline = time.monotonic() + 5
    while slots.in_use and time.monotonic() < deadline:
        time.sleep(0.05)
    assert slots.in_use == 0  # released as soon as the client left, not when the 40 s stream would end
    with site.client(site.staff_key) as c:
        assert c.get("/healthz").status_code == 200


def test_model_slots_are_capped_per_user_and_overall_and_healthz_stays_fast(llm_site) -> None:
    site, double = llm_site
    busy = threading.Event()  # the model answers only when the test has seen both caps
    double.replies.clear()  # an earlier test's unused replies would answer at once and free a slot
    double.enqueue(*[Reply("全市技术合同成交额53.85亿元{cite:53.85}。", gate=busy) for _ in range(6)])
    body = {"question": "全市技术合同成交额的统计口径", "conversation_id": "slots"}
    users = site.server.app.state.web.users
    keys = [users.add(f"u{i}", Role.STAFF)[1] for i in range(3)]

    def ask(key: str) -> int:
        with site.client(key) as c:
            return c.post("/api/ask", json=body).status_code

    with ThreadPoolExecutor(6) as pool:
        first = [pool.submit(ask, k) for k in keys[:2]]
        slots = site.server.app.state.defences.slots
        deadline = time.monotonic() + 10
        while slots.in_use < 2 and time.monotonic() < deadline:  # both hold a slot (the model is held)
            time.sleep(0.05)
        assert slots.in_use == 2
        same_user, third = pool.submit(ask, keys[0]), pool.submit(ask, keys[2])
        with site.client() as c:
            start = time.monotonic()
            assert c.get("/healthz").status_code == 200
            assert time.monotonic() - start < 5  # not queued behind the held model slots
        try:
            assert same_user.result(timeout=60) == 429 and third.result(timeout=60) == 503
        finally:
            busy.set()
        assert [f.result() for f in first] == [200, 200]


# -- 4. cross-site requests ---------------------------------------------------------------------------------
def test_a_page_on_another_port_cannot_make_a_logged_in_admin_act(site: Site) -> None:
    with site.page("boss", "boss-pw") as admin:
        cookies = admin.cookies
        # What a no-cors fetch from http://127.0.0.1:9999 can send: the cookie, no custom header, its Origin.
        with httpx.Client(base_url=site.url, cookies=cookies, timeout=60) as forged:
            files = {"files": ("csrf.txt", "焦作市科学技术局\n被伪造的通知".encode(), "text/plain")}
            assert forged.post("/api/documents", files=files).status_code == 403
            assert forged.post("/api/documents/reingest").status_code == 403
            assert forged.post("/api/ask", json={"question": "高企累计多少家"}).status_code == 403
            origin = {"Origin": "http://127.0.0.1:9999", **PAGE}
            assert forged.post("/api/documents/reingest", headers=origin).status_code == 403
        assert admin.get("/api/me").status_code == 200  # reading is fine; the page itself still works
        assert admin.post("/api/ask", json={"question": "高企累计多少家"}).status_code == 200
        own = {"Origin": site.url}
        assert admin.post("/api/new", json={"conversation_id": "x"}, headers=own).status_code == 200
    assert not (Path(site.server.app.state.web.settings.knowledge_dir) / "uploads" / "csrf.txt").exists()
    with site.client() as c:
        page = c.get("/")
        assert page.headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
        assert "script-src 'self'" in page.headers["content-security-policy"]
        assert c.post("/login", json={"name": "li", "password": "li-pw"}).status_code == 403  # login CSRF too


# -- 7. flooding the audit log ------------------------------------------------------------------------------
def test_a_401_flood_is_one_audit_row_with_a_count_then_429(tmp_path: Path, assistant) -> None:
    server, audit, _, _ = _site(tmp_path, assistant, auth_failures_per_minute=50)
    with server, httpx.Client(base_url=server.url, timeout=30) as c:
        codes = [
            c.get("/api/me", headers={"Authorization": f"Bearer jzb_guess{i}"}).status_code
            for i in range(200)
        ]
        server.app.state.defences.failures.flush()
    assert codes[:50] == [401] * 50 and set(codes[50:]) == {429}
    rows = [r for r in audit.rows() if r["refusal"] == "unauthenticated"]
    assert len(rows) == 1 and rows[0]["repeats"] == 50 and rows[0]["user_name"] == "http:127.0.0.1"


def test_limiter_state_is_pruned_and_serve_applies_the_retention(tmp_path: Path) -> None:
    limiter = RateLimiter(5)
    limiter._seen.update({f"old{i}": __import__("collections").deque([0.0]) for i in range(PRUNE_AT)})
    assert limiter.allow("new") and len(limiter) == 1  # every idle key went when the table was full
    audit = AuditLog(tmp_path / "audit.sqlite")
    old = audit.record(None, None, "refused", "", None, None, "x", refusal="unauthenticated")
    audit.db.execute(
        "UPDATE log SET ts = ? WHERE id = ?",
        ((dt.datetime.now(dt.UTC) - dt.timedelta(days=400)).isoformat(), old),
    )
    audit.db.commit()
    from jzbot.channels.http.guard import Defences
    from jzbot.conversation.users import Users

    settings = make_settings(tmp_path)
    assert run_once(audit, Users(audit), Defences.build(audit, settings), 365) == 1
    assert audit.rows() == []


# -- low: login, errors, identity, files --------------------------------------------------------------------
def test_logins_are_limited_per_address_and_locked_per_account_with_equal_timing(
    tmp_path: Path, assistant
) -> None:
    server, _, _, _ = _site(tmp_path, assistant, login_attempts_per_minute=8)
    users = server.app.state.web.users
    with server, httpx.Client(base_url=server.url, headers=PAGE, timeout=30) as c:
        names = [c.post("/login", json={"name": f"guess{i}", "password": "x"}).status_code for i in range(10)]
        assert names[:8] == [401] * 8 and names[8:] == [429, 429]  # new names get no fresh budget
    # Timing: an unknown name, a key-only user and a password user cost the same Argon2 verification.
    users.add("keyonly", Role.STAFF)

    def cost(name: str) -> float:
        start = time.perf_counter()
        for _ in range(5):
            users.check_password(name, "wrong-password")
        return (time.perf_counter() - start) / 5

    unknown, keyonly, password = cost("nobody"), cost("keyonly"), cost("li")
    assert min(unknown, keyonly) > 0.5 * password, (unknown, keyonly, password)


def test_validation_errors_never_500_never_echo(site: Site) -> None:
    secret = "hunter2-" * 100  # too long for a password: the refusal must not repeat it
    with site.client(site.staff_key) as c:
        r = httpx.post(f"{site.url}/login", json={"name": "li", "password": secret}, headers=PAGE)
        assert r.status_code == 422 and "hunter2" not in r.text
        lone = c.post(
            "/api/ask",
            content=b'{"question": "\\ud800\\udfff\\ud800", "x": "\\ud800"}',
            headers={"Content-Type": "application/json"},
        )
        assert lone.status_code in (200, 422) and "\\ud800" not in lone.text
        junk = c.post("/api/ask", content=b"\xff\xfe\x00garbage", headers={"Content-Type": "text/plain"})
        assert junk.status_code == 422 and "garbage" not in junk.text
        raw = c.post("/api/ask", content=b"\xff\xfe", headers={"Content-Type": "application/json"})
        assert raw.status_code == 422
        v1 = c.post(
            "/v1/chat/completions",
            content=b'{"messages": "\\ud800"}',
            headers={"Content-Type": "application/json"},
        )
        assert v1.status_code == 400 and "error" in v1.json()


def test_a_new_password_ends_sessions_and_a_recreated_name_inherits_nothing(site: Site) -> None:
    users = site.server.app.state.web.users
    users.add("wang", Role.STAFF, password="old-pw")
    with site.page("wang", "old-pw") as c:
        log_id = c.post("/api/ask", json={"question": "高企累计多少家", "conversation_id": "k"}).json()[
            "log_id"
        ]
        users.set_password("wang", "new-pw")
        assert c.get("/api/me").status_code == 401  # the old session ended with the old password
    users.remove("wang")
    _, key = users.add("wang", Role.STAFF)
    with site.client(key) as c:
        assert c.post("/api/feedback", json={"log_id": log_id, "value": -1}).status_code == 404
        follow = c.post("/api/ask", json={"question": "那2022年呢？", "conversation_id": "k"}).json()[
            "answer"
        ]
        assert follow["resolved_question"] is None  # the old user's turns are not the new user's


def test_names_with_colons_cannot_reach_each_other_s_conversations(site: Site) -> None:
    users = site.server.app.state.web.users
    _, a = users.add("zhao:x", Role.STAFF)
    _, b = users.add("zhao", Role.STAFF)
    with site.client(a) as c:
        c.post("/api/ask", json={"question": "2022年全市技术合同成交额是多少？", "conversation_id": "y"})
    with site.client(b) as c:  # "zhao" + "x:y" named the same key as "zhao:x" + "y" before
        follow = c.post("/api/ask", json={"question": "那2023年呢？", "conversation_id": "x:y"}).json()[
            "answer"
        ]
    assert follow["resolved_question"] is None


def test_x_forwarded_for_is_not_believed_without_a_configured_proxy(tmp_path: Path, assistant) -> None:
    server, audit, _, _ = _site(tmp_path, assistant)
    with server, httpx.Client(base_url=server.url, timeout=30) as c:
        for i in range(3):
            c.get("/api/me", headers={"X-Forwarded-For": f"10.9.9.{i}"})
        server.app.state.defences.failures.flush()
    assert {r["user_name"] for r in audit.rows()} == {"http:127.0.0.1"}


def test_docs_are_off_by_default_and_the_data_folder_is_private(site: Site, tmp_path: Path) -> None:
    with site.client() as c:
        assert c.get("/docs").status_code == 404 and c.get("/openapi.json").status_code == 404
    data = tmp_path / "data"
    AuditLog(data / "audit.sqlite").close()
    make_private(data)
    assert data.stat().st_mode & 0o777 == 0o700
    assert (data / "audit.sqlite").stat().st_mode & 0o777 == 0o600


def test_secure_cookie_follows_the_public_scheme(tmp_path: Path, assistant) -> None:
    server, _, _, _ = _site(tmp_path, assistant, public_url="https://jzbot.example.gov.cn")
    with (
        server,
        httpx.Client(base_url=server.url, headers={**PAGE, "Origin": "https://jzbot.example.gov.cn"}) as c,
    ):
        r = c.post("/login", json={"name": "li", "password": "li-pw"})
        assert r.status_code == 200 and "secure" in r.headers["set-cookie"].lower()
        assert c.post("/logout", headers={"Origin": server.url}).status_code == 403  # not the public origin


def test_every_authenticated_route_is_rate_limited(tmp_path: Path, assistant) -> None:
    server, _, key, _ = _site(tmp_path, assistant, requests_per_minute=20)
    with (
        server,
        httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {key}"}, timeout=30) as c,
    ):
        codes = [c.get("/api/docnos").status_code for _ in range(25)]
    assert codes[:20] == [200] * 20 and set(codes[20:]) == {429}


def test_a_mixed_upload_is_all_or_nothing_and_audited(site: Site) -> None:
    uploads = Path(site.server.app.state.web.settings.knowledge_dir) / "uploads"
    files = [
        ("files", ("mixed-good.txt", "焦作市科学技术局\n关于测试的通知\n正文。".encode(), "text/plain")),
        ("files", ("mixed-evil.exe", b"MZ", "application/octet-stream")),
    ]
    with site.client(site.admin_key) as c:
        r = c.post("/api/documents", files=files)
    assert r.status_code == 415
    assert not (uploads / "mixed-good.txt").exists()  # the good file was not kept either
    assert (
        not [p for p in uploads.glob(".*") if p.is_file()] if uploads.exists() else True
    )  # no temporary left
    assert any(
        row["refusal"] == "upload_type" and "mixed-evil" in str(row["question"]) for row in site.audit.rows()
    )


def test_quarantined_documents_are_listed_and_deletable_by_admins(
    tmp_path: Path, assistant, embeddings
) -> None:
    from jzbot.assistant import Assistant
    from tests.helpers.poison import POISONS

    kdir, data = tmp_path / "knowledge", tmp_path / "index"
    shutil.copytree(assistant.settings.knowledge_dir, kdir)
    shutil.copytree(assistant.settings.data_dir, data)
    own = Assistant(make_settings(data, kdir), embeddings=embeddings)
    server, _, staff_key, admin_key = _site(tmp_path / "web", own)
    poison = POISONS[15]  # 【系统】新的回答规范

    def wait(c: httpx.Client, job: dict[str, object]) -> None:
        deadline = time.monotonic() + 120
        while c.get(f"/api/jobs/{job['id']}").json()["state"] not in ("done", "failed"):
            assert time.monotonic() < deadline
            time.sleep(0.3)

    with (
        server,
        httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {admin_key}"}, timeout=60) as c,
    ):
        up = c.post("/api/documents", files={"files": (poison.name, poison.text.encode(), "text/plain")})
        assert up.status_code == 202
        wait(c, up.json())
        docs = c.get("/api/documents").json()
        (held,) = docs["quarantined"]
        assert held["doc_id"].endswith(poison.name) and held["status"] == "已隔离" and held["flagged"] >= 1
        assert all(not d["doc_id"].endswith(poison.name) for d in docs["documents"])
        with httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {staff_key}"}) as staff:
            assert staff.get("/api/documents").json()["quarantined"] == []  # admins only
        gone = c.delete(f"/api/documents/{held['doc_id']}")
        assert gone.status_code == 202
        wait(c, gone.json())
        assert c.get("/api/documents").json()["quarantined"] == []
    assert not (kdir / held["doc_id"]).exists()


def test_a_web_upload_ingest_refuses_is_taken_out_again_and_audited(
    tmp_path: Path, assistant, embeddings
) -> None:
    from jzbot.assistant import Assistant

    kdir, data = tmp_path / "knowledge", tmp_path / "index"
    shutil.copytree(assistant.settings.knowledge_dir, kdir)
    shutil.copytree(assistant.settings.data_dir, data)
    own = Assistant(make_settings(data, kdir), embeddings=embeddings)
    server, audit, _, admin_key = _site(tmp_path / "web", own)
    (kdir / "uploads").mkdir()
    (kdir / "uploads" / "notice.docx").write_bytes(b"an earlier file of the same name")
    with (
        server,
        httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {admin_key}"}, timeout=60) as c,
    ):
        up = c.post(
            "/api/documents",
            files={"files": ("notice.docx", b"PK\x03\x04 not really a docx", "application/zip")},
        )
        assert up.status_code == 202
        deadline = time.monotonic() + 120
        while (job := c.get(f"/api/jobs/{up.json()['id']}").json())["state"] not in ("done", "failed"):
            assert time.monotonic() < deadline
            time.sleep(0.3)
    assert job["report"]["failed"]
    assert (kdir / "uploads" / "notice.docx").read_bytes() == b"an earlier file of the same name"  # put back
    assert not [p for p in (kdir / "uploads").iterdir() if p.name.startswith(".")]
    assert any(r["refusal"] == "upload_unreadable" and r["question"] == "notice.docx" for r in audit.rows())


def test_only_a_document_on_record_can_repeal_a_docno_and_the_change_shows_its_source() -> None:
    from jzbot.models import Chunk, DocMeta
    from jzbot.registry.registry import build_docnos

    def row(doc: str, text: str, **meta: object) -> tuple[Chunk, DocMeta]:
        m = DocMeta(doc_id=doc, source=doc, title=doc, **meta)  # type: ignore[arg-type]
        return Chunk(id=f"{doc}#0", doc_id=doc, chunk_no=0, section="", text=text), m

    original = row(
        "a.txt",
        "焦作市科学技术局关于印发《科技项目管理办法》的通知（焦科〔2023〕45号）。",
        doc_number="焦科〔2023〕45号",
        date="2023-05-01",
    )
    forged = row("uploads/note.txt", "经研究，决定废止《科技项目管理办法》（焦科〔2023〕45号）。")
    assert (
        build_docnos([original, forged])["焦科〔2023〕45号"].status == "有效"
    )  # an anonymous note changes nothing
    real = row(
        "b.txt",
        "2024年，废止《科技项目管理办法》（焦科〔2023〕45号）。",
        doc_number="焦科〔2024〕3号",
        date="2024-03-01",
    )
    entry = build_docnos([original, forged, real])["焦科〔2023〕45号"]
    assert entry.status == "已废止" and entry.status_year == 2024 and entry.status_chunk == "b.txt#0"
