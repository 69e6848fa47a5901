"""The REST API through a real uvicorn on loopback, driven by httpx: authentication, answers, streaming."""

from __future__ import annotations

import json

import httpx
import pytest

from jzbot.channels.http.app import create_app
from jzbot.config import WebSettings
from jzbot.conversation.identity import Role
from jzbot.history.audit import AuditLog
from jzbot.services import build_services
from tests.conftest import make_settings
from tests.helpers.web import WebServer

pytestmark = pytest.mark.slow
KNOWLEDGE_ROUTES = [
    ("POST", "/api/ask", {"question": "高企累计多少家"}),
    ("POST", "/api/draft", {"topic": "科技人才"}),
    ("GET", "/api/lookup/焦科〔2023〕45号", None),
    ("GET", "/api/figures", None),
    ("GET", "/api/docnos", None),
    ("GET", "/api/documents", None),
    ("POST", "/api/feedback", {"log_id": 1, "value": 1}),
    ("GET", "/api/me", None),
]


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory, assistant):
    """One server for the module over the session's indexed assistant; an admin and a staff member."""
    data = tmp_path_factory.mktemp("web")
    settings = make_settings(
        data, assistant.settings.knowledge_dir, web=WebSettings(admin_password="admin-pw")
    )
    audit = AuditLog(data / "audit.sqlite")
    app = create_app(build_services(settings, assistant=assistant, audit=audit))
    users = app.state.web.users
    _, staff_key = users.add("li", Role.STAFF, password="li-pw")
    with WebServer(app) as server:
        yield server, staff_key, audit


def _client(server: WebServer, key: str | None = None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return httpx.Client(base_url=server.url, headers=headers, timeout=60)


def test_strangers_get_401_and_nothing_of_the_knowledge(web) -> None:
    server, _, audit = web
    for key in (None, "jzb_not-a-key"):
        with _client(server, key) as c:
            for method, path, body in KNOWLEDGE_ROUTES:
                r = c.request(method, path, json=body)
                assert r.status_code == 401, path
                assert "未登录" in r.json()["detail"] and "Bearer" in r.json()["detail"]
                assert "474" not in r.text and "焦科" not in r.text
            r = c.post(
                "/v1/chat/completions",
                json={"model": "jzbot", "messages": [{"role": "user", "content": "高企"}]},
            )
            assert r.status_code == 401 and r.json()["error"]["code"] == "invalid_api_key"
            assert c.get("/v1/models").status_code == 401
    with _client(server) as c:
        assert c.get("/healthz").json()["status"] == "ok"
        page = c.get("/")
        assert page.status_code == 200 and "登录" in page.text and "474" not in page.text
        assert c.get("/static/app.js").status_code == 200
        # The route list is off unless an operator turns it on (JZBOT_WEB__API_DOCS).
        assert c.get("/openapi.json").status_code == 404 and c.get("/docs").status_code == 404
    assert {r["kind"] for r in audit.rows()} == {"refused"}


def test_ask_is_cited_and_audited_and_feedback_is_recorded(web) -> None:
    server, key, audit = web
    with _client(server, key) as c:
        r = c.post("/api/ask", json={"question": "高企累计多少家"})
        assert r.status_code == 200
        reply = r.json()
        answer = reply["answer"]
        assert answer["found"] and "474" in answer["answer"] and "[1]" in answer["answer"]
        (cite,) = [x for x in answer["citations"] if "474" in x["quote"]]
        assert cite["doc_number"] == "焦科组〔2024〕5号" and cite["section"] and cite["title"]
        assert c.post("/api/feedback", json={"log_id": reply["log_id"], "value": 1}).json() == {"ok": True}
        assert c.post("/api/feedback", json={"log_id": reply["log_id"], "value": 5}).status_code == 422
        absent = c.post("/api/ask", json={"question": "2023年全市工业增加值是多少？"}).json()["answer"]
        assert not absent["found"] and absent["refusal"] and not absent["citations"]
    row = next(r for r in audit.rows() if r["id"] == reply["log_id"])
    assert row["channel"] == "web" and row["user_name"] == "li" and row["kind"] == "ask"
    assert json.loads(row["chunk_ids"]) and "474" in row["citations"]
    assert audit.stats()["up"] == 1


def test_streamed_answer_ends_with_the_reply(web) -> None:
    server, key, _ = web
    with (
        _client(server, key) as c,
        c.stream("POST", "/api/ask", json={"question": "科小备案入库了多少家？", "stream": True}) as r,
    ):
        assert r.headers["content-type"].startswith("text/event-stream")
        events = [block for block in r.read().decode().split("\n\n") if block.strip()]
    last = events[-1].splitlines()
    assert last[0] == "event: reply"
    reply = json.loads(last[1].removeprefix("data: "))
    assert "680家" in reply["answer"]["answer"] and reply["log_id"] > 0


def test_follow_ups_use_the_conversation_and_new_forgets_it(web) -> None:
    server, key, _ = web
    with _client(server, key) as c:
        c.post("/api/ask", json={"question": "2023年全市技术合同成交额是多少？", "conversation_id": "a"})
        followed = c.post("/api/ask", json={"question": "那去年呢？", "conversation_id": "a"}).json()[
            "answer"
        ]
        alone = c.post("/api/ask", json={"question": "那去年呢？", "conversation_id": "b"}).json()["answer"]
        assert followed["notes"] and followed != alone
        c.post("/api/new", json={"conversation_id": "a"})
        after = c.post("/api/ask", json={"question": "那去年呢？", "conversation_id": "a"}).json()["answer"]
        assert after["answer"] == alone["answer"]


def test_draft_lookup_figures_documents(web) -> None:
    server, key, _ = web
    with _client(server, key) as c:
        draft = c.post("/api/draft", json={"topic": "起草一段关于科技人才引育工作的总结"}).json()["answer"]
        assert draft["found"] and draft["citations"]
        doc = c.get("/api/lookup/焦科[2023]45号").json()["answer"]
        assert doc["found"] and "工程技术研究中心管理办法" in doc["answer"]
        assert not c.get("/api/lookup/不是文号").json()["answer"]["found"]
        assert any(f["value"] == "53.85" for f in c.get("/api/figures").json())
        assert any(e["doc_number"] == "焦科〔2023〕45号" for e in c.get("/api/docnos").json())
        docs = c.get("/api/documents").json()
        (report,) = docs["documents"]
        assert report["doc_number"] == "焦科组〔2024〕5号" and report["chunks"] > 10 and docs["jobs"] == []
        assert docs["awaiting_embedding"] == 0


def _page_client(server: WebServer) -> httpx.Client:
    """A client that behaves as the page does: cookies, and the header app.js sends with every request."""
    return httpx.Client(base_url=server.url, headers={"X-Requested-With": "jzbot"}, timeout=60)


def test_login_cookie_logout_and_roles(web) -> None:
    server, _, audit = web
    with _page_client(server) as c:
        assert c.post("/login", json={"name": "li", "password": "wrong"}).status_code == 401
        me = c.post("/login", json={"name": "li", "password": "li-pw"})
        assert me.json() == {"name": "li", "role": "staff"}
        assert (
            "httponly" in me.headers["set-cookie"].lower()
            and "samesite=strict" in me.headers["set-cookie"].lower()
        )
        assert c.get("/api/me").json()["name"] == "li"
        files = {"files": ("a.txt", "焦作市科学技术局\n通知".encode(), "text/plain")}
        assert c.post("/api/documents", files=files).status_code == 403  # staff may not upload
        assert c.delete("/api/documents/jiaozuo-kjj-2023-fazhi-zhengfu-report.txt").status_code == 403
        assert c.post("/api/documents/reingest").status_code == 403
        c.post("/logout")
        assert c.get("/api/me").status_code == 401
    with _page_client(server) as c:  # the first admin came from JZBOT_WEB__ADMIN_PASSWORD
        assert c.post("/login", json={"name": "admin", "password": "admin-pw"}).json()["role"] == "admin"
        bad = {"files": ("evil.exe", b"MZ", "application/octet-stream")}
        assert c.post("/api/documents", files=bad).status_code == 415
        codes = [
            c.post("/login", json={"name": "ghost", "password": f"guess{i}"}).status_code for i in range(40)
        ]
        # Guessing is slowed down: five failures lock the name (from any address) for a while.
        assert set(codes[:5]) == {401} and set(codes[5:]) == {429}
        dots = c.post("/api/documents", files={"files": ("..", b"x", "text/plain")})
        assert dots.status_code == 400 and "文件名" in dots.json()["detail"]
    server.app.state.defences.failures.flush()
    refused = [r for r in audit.rows() if r["kind"] == "refused"]
    repeats = {
        reason: sum(r["repeats"] for r in refused if r["refusal"] == reason)
        for reason in ("bad_login", "rate_limited")
    }
    assert repeats == {"bad_login": 6, "rate_limited": 35}
    # One row per address and reason a minute, with the count: a guesser cannot flood the log.
    assert sum(r["refusal"] in ("bad_login", "rate_limited") for r in refused) == 2
    refusals = [r["refusal"] for r in refused]
    assert refusals.count("not_admin") == 3 and {"upload_type", "upload_name"} <= set(refusals)


def test_readme_path_user_add_then_serve_with_no_settings(tmp_path) -> None:
    """`jzbot user add admin --role admin && jzbot serve` in a fresh folder: log in with the key, get a cited answer."""
    import os
    import shutil
    import subprocess
    import sys
    import time

    from tests.conftest import KNOWLEDGE
    from tests.helpers.web import free_port

    shutil.copytree(KNOWLEDGE, tmp_path / "knowledge")
    env = {k: v for k, v in os.environ.items() if not k.startswith("JZBOT_")}
    cmd = [sys.executable, "-m", "jzbot"]
    added = subprocess.run(
        [*cmd, "user", "add", "admin", "--role", "admin"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    key = added.stdout.strip().splitlines()[-1]
    port = free_port()
    server = subprocess.Popen(
        [*cmd, "serve", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:  # the first start indexes the bundled knowledge
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, "jzbot serve did not start"
            time.sleep(0.3)
        with httpx.Client(base_url=base, timeout=60, headers={"X-Requested-With": "jzbot"}) as c:
            assert "登录" in c.get("/").text
            assert c.post("/login", json={"name": "admin", "password": key}).json()["role"] == "admin"
            answer = c.post("/api/ask", json={"question": "高企累计多少家"}).json()["answer"]
        assert "474" in answer["answer"] and answer["citations"][0]["doc_number"] == "焦科组〔2024〕5号"
        assert (tmp_path / "data" / "audit.sqlite").exists()
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_an_admin_corrects_a_documents_identity_and_staff_may_not(tmp_path) -> None:
    import shutil

    from jzbot.assistant import Assistant
    from tests.conftest import KNOWLEDGE
    from tests.helpers.fake_embeddings import CharGramEmbeddings

    shutil.copytree(KNOWLEDGE, tmp_path / "k")
    settings = make_settings(tmp_path / "d", tmp_path / "k", web=WebSettings(admin_password="admin-pw"))
    own = Assistant.indexed(settings, CharGramEmbeddings())
    app = create_app(build_services(settings, assistant=own))
    _, staff_key = app.state.web.users.add("li", Role.STAFF)
    doc = "jiaozuo-kjj-2023-fazhi-zhengfu-report.txt"
    with WebServer(app) as server:
        with _client(server, staff_key) as c:
            (report,) = c.get("/api/documents").json()["documents"]
            assert (report["place"], report["level"], report["genre"], report["year"]) == (
                "焦作市",
                "市",
                "报告",
                2023,
            )
            fix = {"field": "issuer", "value": "焦作市科学技术局办公室"}
            assert c.put(f"/api/documents/{doc}/identity", json=fix).status_code == 403
        with _page_client(server) as c:
            c.post("/login", json={"name": "admin", "password": "admin-pw"})
            assert c.put(f"/api/documents/{doc}/identity", json=fix).status_code == 200
            assert c.put(f"/api/documents/{doc}/identity", json={"field": "content_hash"}).status_code == 422
            assert c.put("/api/documents/nothing.txt/identity", json=fix).status_code == 404
            (report,) = c.get("/api/documents").json()["documents"]
            assert report["issuer"] == "焦作市科学技术局办公室" and report["corrected"] == "issuer"
    assert "焦作市科学技术局办公室" in (tmp_path / "k" / "_identity.tsv").read_text(encoding="utf-8")
