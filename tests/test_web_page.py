"""The web page in a real headless Chromium (Debian's, driven by Playwright): log in, ask, open a citation,
see a refusal, draft and copy, look up a 文号, upload a .docx as admin and ask about it; strangers get nothing.

Screenshots of each step are saved under the test's tmp dir.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from jzbot.channels.http.app import create_app
from jzbot.conversation.identity import Role
from jzbot.history.audit import AuditLog
from jzbot.services import build_services
from tests.conftest import KNOWLEDGE, make_settings
from tests.helpers.files import NOTICE, make_docx
from tests.helpers.web import WebServer

pytestmark = pytest.mark.slow
sync_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
OFFICE, PHONE = {"width": 1366, "height": 768}, {"width": 390, "height": 844}
TIMEOUT = 180_000  # ms: an upload is embedded by the real model; a loaded 2-core machine is slow


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, embeddings):
    """Its own knowledge folder and index, since the admin adds and removes documents."""
    from jzbot.assistant import Assistant

    root = tmp_path_factory.mktemp("site")
    shutil.copytree(KNOWLEDGE, root / "knowledge")
    settings = make_settings(root / "data", root / "knowledge")
    app = create_app(
        build_services(
            settings,
            assistant=Assistant.indexed(settings, embeddings=embeddings),
            audit=AuditLog(root / "data" / "audit.sqlite"),
        )
    )
    app.state.web.users.add("li", Role.STAFF, password="li-pw")
    app.state.web.users.add("boss", Role.ADMIN, password="boss-pw")
    with WebServer(app) as server:
        yield server


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: apt-get install -y chromium (.ci/run does it)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _page(browser, site, viewport=OFFICE):
    context = browser.new_context(viewport=viewport, locale="zh-CN", base_url=site.url)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.url)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    return page


def _login(page, name: str, password: str) -> None:
    page.goto("/")
    page.fill("#login-name", name)
    page.fill("#login-password", password)
    page.click("#login-submit")
    page.wait_for_selector("#chat:not([hidden])")


def _ask(page, question: str, mode: str = "ask"):
    page.check(f"#mode-{mode}")
    before = page.locator(".msg.bot").count()
    page.fill("#question", question)
    page.press("#question", "Enter")
    answer = page.locator(".msg.bot").nth(before)
    answer.locator(".actions").wait_for()
    return answer


def test_staff_ask_open_citation_refusal_draft_lookup(browser, site, tmp_path: Path) -> None:
    page = _page(browser, site)
    _login(page, "li", "li-pw")
    assert page.locator("#who").inner_text().startswith("li") and page.locator("#tab-admin").is_hidden()
    answer = _ask(page, "高企累计多少家")
    assert "474" in answer.locator(".answer-text").inner_text()
    marker = answer.locator(".answer-text a.cite").first
    marker.click()
    panel = page.locator("#cite-panel")
    assert panel.is_visible()
    assert "474" in panel.locator(".cite-quote").inner_text()
    assert "焦科组〔2024〕5号" in panel.locator(".cite-docno").inner_text()
    assert "法治政府建设" in panel.locator(".cite-title").inner_text()
    assert "（二）" in panel.locator(".cite-section").inner_text()
    page.screenshot(path=str(tmp_path / "1-answer-citation.png"))

    answer.locator(".fb-up").click()
    page.wait_for_selector(".fb-up.chosen")

    refusal = _ask(page, "2023年全市工业增加值是多少？")
    assert refusal.get_attribute("data-found") == "false" and "refusal" in (
        refusal.get_attribute("class") or ""
    )
    assert refusal.get_attribute("data-refusal")  # the typed reason reaches the page
    assert "没有找到" in refusal.inner_text() and refusal.locator("a.cite").count() == 0
    page.screenshot(path=str(tmp_path / "2-refusal.png"))

    draft = _ask(page, "起草一段关于科技人才引育工作的总结", mode="draft")
    draft.locator(".copy").click()
    page.wait_for_selector(".copy:has-text('已复制')")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied and copied == draft.locator(".answer-text").inner_text()

    page.fill("#lookup-input", "焦科[2023]45号")
    page.click("#lookup-btn")
    page.wait_for_selector("#lookup-result .tag")
    assert "工程技术研究中心管理办法" in page.locator("#lookup-result").inner_text()
    page.screenshot(path=str(tmp_path / "3-draft-lookup.png"), full_page=True)

    page.click("#new-conv")
    page.wait_for_selector("text=已开始新的对话")
    assert page.locator(".msg").count() == 0
    page.context.close()


def test_phone_width(browser, site, tmp_path: Path) -> None:
    page = _page(browser, site, PHONE)
    _login(page, "li", "li-pw")
    answer = _ask(page, "科小备案入库了多少家？")
    answer.locator("a.cite").first.click()
    assert page.locator("#cite-panel").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]  # nothing forces sideways scrolling
    page.screenshot(path=str(tmp_path / "4-phone.png"), full_page=True)
    page.context.close()


def test_admin_uploads_a_docx_then_staff_ask_about_it_then_it_is_deleted(
    browser, site, tmp_path: Path
) -> None:
    docx = make_docx(tmp_path / "创新券通知.docx", NOTICE)
    page = _page(browser, site)
    _login(page, "boss", "boss-pw")
    page.click("#tab-admin")
    page.wait_for_selector("#doc-table tbody tr")
    page.set_input_files("#upload-input", str(docx))
    page.click("#upload-btn")
    page.wait_for_selector("#upload-status[data-state=done]")
    row = page.locator("#doc-table tr", has_text="科技创新券兑付")
    assert "焦科〔2022〕9号" in row.inner_text() and "2022-05-10" in row.inner_text()
    page.screenshot(path=str(tmp_path / "5-admin.png"), full_page=True)
    page.click(".tab[data-view=chat]")
    answer = _ask(page, "科技创新券兑付了多少家企业？")
    assert "57家" in answer.inner_text()

    page.click("#tab-admin")
    page.once("dialog", lambda d: d.accept())
    row.locator(".del").click()
    page.wait_for_selector("#upload-status[data-state=done]:has-text('移除 1')")
    assert page.locator("#doc-table tr", has_text="科技创新券兑付").count() == 0
    page.click(".tab[data-view=chat]")
    gone = _ask(page, "科技创新券兑付了多少家企业？")
    assert "57家" not in gone.inner_text()
    page.context.close()


def test_a_stranger_gets_nothing(browser, site, tmp_path: Path) -> None:
    page = _page(browser, site)
    page.goto("/")
    page.wait_for_selector("#login:not([hidden])")
    assert page.locator("#chat").is_hidden()
    status = page.evaluate("""async () => (await fetch('/api/ask', {method: 'POST',
        headers: {'Content-Type': 'application/json'}, body: JSON.stringify({question: '高企累计多少家'})})).status""")
    assert status == 401
    page.fill("#login-name", "li")
    page.fill("#login-password", "guess")
    page.click("#login-submit")
    page.wait_for_selector("#login-error:has-text('错误')")
    assert "474" not in page.content()
    page.screenshot(path=str(tmp_path / "6-stranger.png"))
    page.context.close()


def test_admin_api_upload_replace_delete_reingest_with_pollable_jobs(site, tmp_path: Path) -> None:
    import time

    import httpx

    def wait(c: httpx.Client, job: dict) -> dict:
        deadline = time.monotonic() + 120
        while job["state"] not in ("done", "failed"):
            assert time.monotonic() < deadline
            time.sleep(0.2)
            job = c.get(f"/api/jobs/{job['id']}").json()
        return job

    # The header app.js sends: the cookie alone changes nothing (another page could send it).
    with httpx.Client(base_url=site.url, timeout=60, headers={"X-Requested-With": "jzbot"}) as c:
        assert c.post("/login", json={"name": "boss", "password": "boss-pw"}).status_code == 200
        text = "\n".join(NOTICE)
        up = c.post("/api/documents", files={"files": ("券.txt", text.encode("gbk"), "text/plain")})
        assert up.status_code == 202 and up.json()["kind"] == "upload"
        done = wait(c, up.json())
        assert done["state"] == "done" and done["report"]["added"] == ["uploads/券.txt"] and done["done"] == 1
        changed = text.replace("57家", "58家").encode("gbk")
        done = wait(c, c.post("/api/documents", files={"files": ("券.txt", changed, "text/plain")}).json())
        assert done["report"]["updated"] == ["uploads/券.txt"]
        docs = c.get("/api/documents").json()
        assert any(
            d["doc_id"] == "uploads/券.txt" and d["doc_number"] == "焦科〔2022〕9号"
            for d in docs["documents"]
        )
        assert [j["kind"] for j in docs["jobs"]][:2] == ["upload", "upload"]
        assert (
            "58家"
            in c.post("/api/ask", json={"question": "科技创新券兑付了多少家企业？"}).json()["answer"][
                "answer"
            ]
        )
        assert c.delete("/api/documents/../../etc/passwd").status_code == 404
        done = wait(c, c.delete("/api/documents/uploads/券.txt").json())
        assert done["report"]["removed"] == ["uploads/券.txt"]
        done = wait(c, c.post("/api/documents/reingest").json())
        assert done["state"] == "done" and done["report"]["unchanged"] and not done["report"]["added"]


def test_the_page_names_every_refusal_reason() -> None:
    from jzbot.channels.http.pages import STATIC
    from jzbot.models import Refusal

    script = (STATIC / "app.js").read_text(encoding="utf-8")
    missing = [r.value for r in Refusal if f"{r.value}:" not in script]
    assert missing == []
