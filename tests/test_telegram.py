"""The real python-telegram-bot Application and HTTP stack against a local Telegram Bot API double."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import sqlite3
from pathlib import Path

import pytest

from jzbot.channels.telegram.app import build_application
from jzbot.channels.telegram.render import answer_html, split_message
from jzbot.config import LLMSettings, TelegramSettings
from jzbot.conversation.uploads import safe_name
from jzbot.history.audit import AuditLog
from jzbot.models import Answer, Citation
from jzbot.services import build_services
from tests.conftest import make_settings
from tests.helpers.files import NOTICE
from tests.helpers.openai_double import OpenAIDouble
from tests.helpers.telegram_double import BOT_USERNAME, TelegramDouble

ADMIN, STAFF, STRANGER = 1, 2, 999
USERS = set(range(1, 60))


@pytest.fixture()
def tg():
    double = TelegramDouble()
    urls = double.start()
    yield double, urls
    double.stop()


def _settings(tmp_path: Path, urls: tuple[str, str], assistant, **tg_kw) -> object:
    cfg = {
        "token": "123456:TEST-TOKEN",
        "base_url": urls[0],
        "base_file_url": urls[1],
        "allowed_users": USERS,
        "admins": {ADMIN},
        "rate_limit_per_minute": 100,
        "stream_edit_interval": 0.0,
        **tg_kw,
    }
    return make_settings(
        assistant.settings.data_dir, assistant.settings.knowledge_dir, telegram=TelegramSettings(**cfg)
    ).model_copy(update={"knowledge_dir": tmp_path / "k"})


@contextlib.asynccontextmanager
async def running(app):
    async with app:  # what run_polling does: initialize, post_init, start, poll
        if app.post_init:
            await app.post_init(app)
        await app.start()
        await app.updater.start_polling(poll_interval=0.0, timeout=1)
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()


def _texts(double: TelegramDouble, chat_id: int) -> list[str]:
    return [p["text"] for p in double.sent("sendMessage", chat_id)] + [
        p["text"] for p in double.sent("editMessageText", chat_id)
    ]


async def _wait(double: TelegramDouble, predicate, timeout: float = 60) -> None:
    await asyncio.to_thread(double.wait_for, predicate, timeout)


def test_staff_ask_and_get_a_cited_html_answer(tg, tmp_path, assistant) -> None:
    double, urls = tg
    audit = AuditLog(tmp_path / "audit.sqlite")

    async def scenario() -> None:
        app = build_application(
            build_services(_settings(tmp_path, urls, assistant), assistant=assistant, audit=audit)
        )
        async with running(app):
            await _wait(double, lambda: double.sent("setMyCommands"))
            double.push_message(STAFF, "/start")
            double.push_message(STAFF, "2023年全市技术合同成交额是多少？")
            await _wait(double, lambda: len(double.sent("sendMessage", STAFF)) >= 2)
            double.push_message(STAFF, "/sources")
            await _wait(double, lambda: len(double.sent("sendMessage", STAFF)) >= 3)

    asyncio.run(scenario())
    commands = json.loads(json.dumps(double.sent("setMyCommands")[0]["commands"]))
    assert {c["command"] for c in commands} >= {"ask", "draft", "doc", "sources", "new", "help"}
    help_text, answer, sources = (p for p in double.sent("sendMessage", STAFF))
    assert "/doc" in help_text["text"]
    assert "53.85亿元" in answer["text"] and answer["parse_mode"] == "HTML"
    assert "焦科组〔2024〕5号" in answer["text"]
    assert "fb:" in json.dumps(answer["reply_markup"])
    assert (
        "“" in sources["text"]
        and "53.85亿元" in sources["text"]
        and "（二）不断提升政务服务能力和水平" in sources["text"]
    )
    assert double.sent("sendChatAction", STAFF)[0]["action"] == "typing"
    rows = audit.rows()
    assert rows[-1]["user_id"] == str(STAFF) and rows[-1]["kind"] == "ask" and rows[-1]["found"] == 1
    assert json.loads(rows[-1]["chunk_ids"]) and "53.85" in rows[-1]["answer"]


def test_strangers_are_refused_politely_and_get_no_knowledge(tg, tmp_path, assistant) -> None:
    double, urls = tg
    audit = AuditLog(tmp_path / "audit.sqlite")

    async def scenario() -> None:
        async with running(
            build_application(
                build_services(_settings(tmp_path, urls, assistant), assistant=assistant, audit=audit)
            )
        ):
            double.push_message(STRANGER, "2023年全市技术合同成交额是多少？")
            double.push_message(STRANGER, "/doc 焦科〔2023〕45号")
            await _wait(double, lambda: len(double.sent("sendMessage", STRANGER)) >= 2)

    asyncio.run(scenario())
    for text in _texts(double, STRANGER):
        assert "没有使用本助手的权限" in text
        assert "53.85" not in text and "管理办法" not in text
    assert [(r["kind"], r["refusal"]) for r in audit.rows()] == [("refused", "not_allowed")] * 2


def test_escaping_groups_and_rate_limit(tg, tmp_path, assistant) -> None:
    double, urls = tg
    group = -100

    async def scenario() -> None:
        settings = _settings(tmp_path, urls, assistant, rate_limit_per_minute=3, allowed_chats={group})
        async with running(
            build_application(
                build_services(settings, assistant=assistant, audit=AuditLog(tmp_path / "a.sqlite"))
            )
        ):
            double.push_message(STAFF, "/doc <b>焦科&2023</b>")  # no 文号: echoed back, escaped
            await _wait(double, lambda: double.sent("sendMessage", STAFF))
            double.push_message(
                70, "技术合同成交额是多少", chat_id=group, chat_type="supergroup"
            )  # not addressed
            double.push_message(
                71, f"@{BOT_USERNAME} 科小备案入库了多少家？", chat_id=group, chat_type="supergroup"
            )
            double.push_message(
                72, "法律顾问参加了几次研讨会？", chat_id=group, chat_type="supergroup", reply_to_bot=True
            )
            await _wait(double, lambda: len(double.sent("sendMessage", group)) >= 2)
            for _ in range(3):
                double.push_message(STAFF, "/new")
            await _wait(double, lambda: len(double.sent("sendMessage", STAFF)) >= 4)

    asyncio.run(scenario())
    doc_reply = double.sent("sendMessage", STAFF)[0]["text"]
    assert "&lt;b&gt;" in doc_reply and "&amp;" in doc_reply and "<b>焦科" not in doc_reply
    group_texts = " ".join(_texts(double, group))
    assert "680家" in group_texts and "3次" in group_texts and "53.85" not in group_texts
    assert len(double.sent("sendMessage", group)) == 2
    assert sum("频繁" in p["text"] for p in double.sent("sendMessage", STAFF)) == 1


def test_admin_uploads_a_document_and_staff_can_ask_about_it(tg, tmp_path, assistant, embeddings) -> None:
    from jzbot.assistant import Assistant

    double, urls = tg
    own = Assistant.indexed(
        make_settings(tmp_path / "data", assistant.settings.knowledge_dir), embeddings=embeddings
    )
    settings = _settings(tmp_path, urls, own)
    settings = settings.model_copy(update={"data_dir": tmp_path / "data"})
    audit = AuditLog(tmp_path / "audit.sqlite")

    async def scenario() -> None:
        async with running(build_application(build_services(settings, assistant=own, audit=audit))):
            double.push_document(STAFF, "通知.txt", "\n".join(NOTICE).encode("gbk"))
            await _wait(double, lambda: double.sent("sendMessage", STAFF))
            double.push_document(ADMIN, "通知.txt", "\n".join(NOTICE).encode("gbk"))
            await _wait(double, lambda: double.sent("sendMessage", ADMIN))
            double.push_message(ADMIN, "科技创新券兑付了多少家企业？")
            await _wait(double, lambda: len(double.sent("sendMessage", ADMIN)) >= 2)
            double.push_message(ADMIN, "/stats")
            await _wait(double, lambda: len(double.sent("sendMessage", ADMIN)) >= 3)

    asyncio.run(scenario())
    assert "管理员" in double.sent("sendMessage", STAFF)[0]["text"]
    upload, answer, stats = (p["text"] for p in double.sent("sendMessage", ADMIN))
    assert "已入库" in upload
    assert "57家" in answer and "焦科〔2022〕9号" in answer
    assert "累计提问" in stats
    assert (tmp_path / "k" / "uploads" / "通知.txt").exists()


def test_feedback_is_recorded(tg, tmp_path, assistant) -> None:
    double, urls = tg
    audit = AuditLog(tmp_path / "audit.sqlite")

    async def scenario() -> None:
        async with running(
            build_application(
                build_services(_settings(tmp_path, urls, assistant), assistant=assistant, audit=audit)
            )
        ):
            double.push_message(STAFF, "科小备案入库了多少家？")
            await _wait(double, lambda: double.sent("sendMessage", STAFF))
            markup = double.sent("sendMessage", STAFF)[0]["reply_markup"]
            data = markup["inline_keyboard"][0][1]["callback_data"]
            double.push_callback(STAFF, data)
            await _wait(double, lambda: double.sent("answerCallbackQuery"))

    asyncio.run(scenario())
    assert audit.stats()["down"] == 1


def test_fifty_users_at_once_all_answered(tg, tmp_path, assistant) -> None:
    double, urls = tg
    users = list(range(3, 53))

    async def scenario() -> None:
        async with running(
            build_application(
                build_services(
                    _settings(tmp_path, urls, assistant),
                    assistant=assistant,
                    audit=AuditLog(tmp_path / "audit.sqlite"),
                )
            )
        ):
            for u in users:
                double.push_message(u, "科小备案入库了多少家？" if u % 2 else "焦科[2023]45号是什么文件？")
            await _wait(double, lambda: all(double.sent("sendMessage", u) for u in users), timeout=180)

    asyncio.run(scenario())
    for u in users:
        (reply,) = double.sent("sendMessage", u)
        assert ("680家" if u % 2 else "工程技术研究中心管理办法") in reply["text"]


def test_streaming_edits_one_message(tg, tmp_path, assistant, embeddings) -> None:
    from jzbot.assistant import Assistant

    double, urls = tg
    llm = OpenAIDouble()
    url = llm.start()
    try:
        gen = Assistant(
            make_settings(
                assistant.settings.data_dir, llm=LLMSettings(base_url=url, timeout=5, max_retries=0)
            ),
            embeddings=embeddings,
        )
        hits = gen.retriever.search(gen.vocab.expand("全市技术合同成交额是多少"))
        n = next(i for i, h in enumerate(hits[:6], start=1) if "53.85" in h.chunk.text)
        llm.enqueue(f"全市技术合同成交额53.85亿元[{n}]。" + "该指标居全省第5位" + f"[{n}]。")

        async def scenario() -> None:
            async with running(
                build_application(
                    build_services(
                        _settings(tmp_path, urls, gen),
                        assistant=gen,
                        audit=AuditLog(tmp_path / "audit.sqlite"),
                    )
                )
            ):
                double.push_message(STAFF, "全市技术合同成交额是多少")
                await _wait(
                    double, lambda: any("出处" in p["text"] for p in double.sent("editMessageText", STAFF))
                )

        asyncio.run(scenario())
    finally:
        llm.stop()
    (placeholder,) = double.sent("sendMessage", STAFF)
    edits = double.sent("editMessageText", STAFF)
    assert "查阅" in placeholder["text"]
    assert len(edits) >= 2 and all(int(e["message_id"]) == int(edits[0]["message_id"]) for e in edits)
    assert "第5位" in edits[-1]["text"] and edits[-1]["parse_mode"] == "HTML"


def test_token_never_logged(tg, tmp_path, assistant, caplog: pytest.LogCaptureFixture) -> None:
    double, urls = tg
    caplog.set_level(logging.DEBUG)

    async def scenario() -> None:
        async with running(
            build_application(
                build_services(
                    _settings(tmp_path, urls, assistant),
                    assistant=assistant,
                    audit=AuditLog(tmp_path / "audit.sqlite"),
                )
            )
        ):
            double.push_message(STAFF, "/help")
            await _wait(double, lambda: double.sent("sendMessage", STAFF))

    asyncio.run(scenario())
    assert "TEST-TOKEN" not in caplog.text
    assert any("getUpdates" in r.getMessage() or "getMe" in r.getMessage() for r in caplog.records)


def test_long_answers_split_at_sentences_and_escape() -> None:
    sentence = "全市技术合同成交额53.85亿元，居全省第5位。"
    pieces = split_message(sentence * 400)
    assert len(pieces) > 1 and all(len(p) <= 4096 for p in pieces)
    assert all(p.endswith("。") for p in pieces)
    assert "".join(pieces) == sentence * 400
    html = answer_html(
        Answer(
            question="q",
            answer="a<b>&c[1]",
            found=True,
            citations=[Citation(marker=1, doc_number=None, title="<t>", section="s", quote="q", source="x")],
        )
    )
    assert "a&lt;b&gt;&amp;c<b>[1]</b>" in html and "&lt;t&gt;" in html


def test_audit_schema_and_retention(tmp_path: Path) -> None:
    audit = AuditLog(tmp_path / "a.sqlite")
    db = sqlite3.connect(tmp_path / "a.sqlite")
    cols = [r[1] for r in db.execute("PRAGMA table_info(log)")]
    assert cols == [
        "id",
        "ts",
        "user_id",
        "chat_id",
        "kind",
        "question",
        "answer",
        "found",
        "mode",
        "chunk_ids",
        "citations",
        "channel",
        "user_name",
        "conversation",
        "refusal",
        "repeats",
    ]
    assert [r[0] for r in db.execute("SELECT name FROM _migrations ORDER BY name")] == [
        "m001_initial",
        "m002_feedback",
        "m003_channels",
        "m004_users",
        "m005_external_ids",
        "m006_repeats",
    ]
    audit.record("1", "1", "ask", "q", None, None, "a")
    db.execute("UPDATE log SET ts = '2000-01-01T00:00:00+00:00'")
    db.commit()
    assert audit.purge(365) == 1 and audit.rows() == []
    AuditLog(tmp_path / "a.sqlite")  # reopening applies nothing twice


# -- trust at the edges: chats that are not allowed, hostile uploads, audited refusals -------------------------


def _refusals(audit: AuditLog) -> list[tuple[str, str | None]]:
    return [(r["refusal"], r["chat_id"]) for r in audit.rows() if r["kind"] == "refused"]


def test_a_group_that_is_not_allowed_gets_nothing_whoever_asks(tg, tmp_path, assistant) -> None:
    double, urls = tg
    allowed, other = -100, -200
    audit = AuditLog(tmp_path / "audit.sqlite")

    async def scenario() -> None:
        settings = _settings(tmp_path, urls, assistant, allowed_chats={allowed})
        async with running(build_application(build_services(settings, assistant=assistant, audit=audit))):
            double.push_message(
                STAFF, f"@{BOT_USERNAME} 科小备案入库了多少家？", chat_id=other, chat_type="supergroup"
            )
            double.push_message(
                ADMIN, "法律顾问参加了几次研讨会？", chat_id=other, chat_type="group", reply_to_bot=True
            )
            double.push_message(
                STAFF, "/ask 2023年全市技术合同成交额是多少？", chat_id=other, chat_type="supergroup"
            )
            double.push_message(STRANGER, "/doc 焦科〔2023〕45号", chat_id=other, chat_type="supergroup")
            double.push_document(
                ADMIN, "通知.txt", "\n".join(NOTICE).encode(), chat_id=other, chat_type="group"
            )
            await _wait(double, lambda: len(_refusals(audit)) >= 5)
            double.push_message(
                STRANGER, f"@{BOT_USERNAME} 科小备案入库了多少家？", chat_id=allowed, chat_type="supergroup"
            )  # an allowed group: anyone in it may ask
            await _wait(double, lambda: double.sent("sendMessage", allowed))

    asyncio.run(scenario())
    assert not [p for m, p in double.calls if int(p.get("chat_id", 0) or 0) == other]  # not even "typing"
    assert not double.sent("getFile") and not double.downloads
    assert _refusals(audit) == [("chat_not_allowed", str(other))] * 5
    assert not (tmp_path / "k" / "uploads").exists()
    assert "680家" in double.sent("sendMessage", allowed)[0]["text"]


def test_hostile_uploads_are_refused_before_download_or_saved_under_a_safe_name(
    tg, tmp_path, assistant, embeddings
) -> None:
    from jzbot.assistant import Assistant
    from jzbot.channels.telegram.handlers import APOLOGY

    double, urls = tg
    own = Assistant.indexed(make_settings(tmp_path / "data", tmp_path / "k"), embeddings=embeddings)
    settings = _settings(tmp_path, urls, own).model_copy(update={"data_dir": tmp_path / "data"})
    audit = AuditLog(tmp_path / "audit.sqlite")
    notice = "\n".join(NOTICE).encode()
    long_name = (
        "焦作市科学技术局关于开展科技创新券兑付工作的通知" * 8 + "二〇二二.txt"
    )  # 200 characters, 592 bytes
    big = b"\xe9\x80\x9a" * (10 << 20)  # 30 MB of 通

    async def scenario() -> None:
        async with running(build_application(build_services(settings, assistant=own, audit=audit))):
            double.push_document(ADMIN, "大文件.txt", big)  # the Update says 30 MB
            double.push_document(ADMIN, "大文件.pdf", big, with_size=False)  # only getFile says so
            double.push_document(ADMIN, "setup.exe", b"MZ\x90\x00")
            double.push_document(ADMIN, "..", notice)
            double.push_document(ADMIN, ".", notice)
            double.push_document(ADMIN, "坏文件.docx", b"PK\x03\x04 not really a zip")
            double.push_document(ADMIN, ".hidden.txt", notice)
            double.push_document(ADMIN, long_name, notice.replace(b"9\xe5\x8f\xb7", b"10\xe5\x8f\xb7"))
            await _wait(double, lambda: len(double.sent("sendMessage", ADMIN)) >= 8, timeout=120)

    asyncio.run(scenario())
    replies = [p["text"] for p in double.sent("sendMessage", ADMIN)]
    assert not any(APOLOGY in r for r in replies)

    def reply(word: str) -> str:
        (found,) = [r for r in replies if word in r]
        return found

    assert (
        "30.0 MB" in reply("大文件.txt")
        and "未下载" in reply("大文件.txt")
        and "20 MB" in reply("大文件.txt")
    )
    assert "未下载" in reply("大文件.pdf")
    assert "不支持" in reply("setup.exe") and ".docx" in reply("setup.exe")
    assert (
        sum("文件名“..”无法使用" in r for r in replies) == 1
        and sum("文件名“.”无法使用" in r for r in replies) == 1
    )
    assert "未能入库" in reply("坏文件.docx")
    assert "《hidden.txt》已入库" in reply("hidden.txt") and "已改为" in reply("hidden.txt")
    saved_long = safe_name(long_name)
    assert "已改为" in reply(f"《{saved_long}》已入库，共")  # cut in its stem, told so
    # Nothing refused was downloaded: only the three files that passed the checks were fetched from the file URL.
    assert {p["file_id"] for p in double.sent("getFile")} == {
        "file2",
        "file6",
        "file7",
        "file8",
    }  # file2: its size
    assert sorted(double.downloads) == ["file6", "file7", "file8"]
    uploads = tmp_path / "k" / "uploads"
    assert sorted(p.name for p in uploads.iterdir()) == sorted(
        ["hidden.txt", saved_long]
    )  # no .part, no rejects
    assert len(saved_long.encode()) <= 150 and saved_long.endswith(".txt")
    # The next folder ingest keeps both: nothing indexed once and silently dropped.
    again = own.ingest()
    assert not again.removed and not again.failed
    assert {"uploads/hidden.txt", f"uploads/{saved_long}"} <= set(own.knowledge.docs)
    reasons = sorted(r for r, _ in _refusals(audit))
    assert reasons == sorted(
        [
            "upload_too_large",
            "upload_too_large",
            "upload_type",
            "upload_name",
            "upload_name",
            "upload_unreadable",
        ]
    )
    subjects = {r["question"] for r in audit.rows() if r["kind"] == "refused"}
    assert {"大文件.txt", "setup.exe", "..", ".", "坏文件.docx"} <= subjects


def test_every_refusal_is_audited_with_its_reason(tg, tmp_path, assistant) -> None:
    double, urls = tg
    audit = AuditLog(tmp_path / "audit.sqlite")

    async def scenario() -> None:
        settings = _settings(tmp_path, urls, assistant, rate_limit_per_minute=2)
        async with running(build_application(build_services(settings, assistant=assistant, audit=audit))):
            for _ in range(3):
                double.push_message(STAFF, "/new")
            await _wait(double, lambda: len(double.sent("sendMessage", STAFF)) >= 3)
            double.push_message(STRANGER, "科小备案入库了多少家？")
            double.push_message(STAFF + 1, "/stats")
            double.push_document(STAFF + 2, "通知.txt", b"x")
            await _wait(double, lambda: len(_refusals(audit)) >= 4)

    asyncio.run(scenario())
    texts = [p["text"] for p in double.sent("sendMessage", STAFF)]
    assert sum("频繁" in t for t in texts) == 1
    rows = {r["refusal"]: r for r in audit.rows() if r["kind"] == "refused"}
    assert set(rows) == {"rate_limited", "not_allowed", "not_admin"} and len(_refusals(audit)) == 4
    limited = rows["rate_limited"]
    assert (limited["user_id"], limited["chat_id"], limited["channel"]) == (
        str(STAFF),
        str(STAFF),
        "telegram",
    )
    assert "频繁" in limited["answer"] and "权限" in rows["not_allowed"]["answer"]
    assert audit.stats()["refused"] == 4
