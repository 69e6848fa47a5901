"""The conversation layer every channel shares: users and roles, sessions, follow-ups, rate limits, audit."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from jzbot.channels.cli import cli
from jzbot.channels.telegram.access import Access, Admission
from jzbot.config import TelegramSettings
from jzbot.conversation.denials import Denial
from jzbot.conversation.identity import Channel, Identity, Role
from jzbot.conversation.limits import RateLimiter
from jzbot.conversation.service import Conversations
from jzbot.conversation.turns import Turns
from jzbot.conversation.uploads import NAME_BYTES, check_upload, safe_name
from jzbot.conversation.users import KEY_PREFIX, Users
from jzbot.errors import RateLimited
from jzbot.history.audit import AuditLog
from jzbot.ingest.library import Staging
from jzbot.models import Answer, Refusal

STAFF = Identity(name="li", role=Role.STAFF, channel=Channel.WEB, user_id=7)


def test_users_keys_passwords_sessions(tmp_path: Path) -> None:
    users = Users(AuditLog(tmp_path / "a.sqlite"))
    user, key = users.add("wang", Role.ADMIN, password="s3cret-pw", external_ids={"telegram": "42"})
    assert key.startswith(KEY_PREFIX) and users.by_api_key(key) == user
    assert users.by_api_key(key + "x") is None and users.by_external_id("telegram", "42") == user
    assert users.check_password("wang", "s3cret-pw") == user and users.check_password("wang", key) == user
    assert users.check_password("wang", "wrong") is None and users.check_password("nobody", key) is None
    token = users.start_session(user, hours=1)
    assert users.by_session(token) == user and users.by_session(token[:-1]) is None
    db = sqlite3.connect(tmp_path / "a.sqlite")
    stored = " ".join(str(v) for row in db.execute("SELECT * FROM users") for v in row)
    stored += " ".join(str(v) for row in db.execute("SELECT * FROM sessions") for v in row)
    assert key not in stored and "s3cret-pw" not in stored and token not in stored and "$argon2" in stored
    assert users.remove("wang") and users.by_api_key(key) is None and users.by_session(token) is None


def test_first_admin_from_configuration_is_created_then_reset(tmp_path: Path) -> None:
    users = Users(AuditLog(tmp_path / "a.sqlite"))
    admin = users.ensure_admin("first")
    assert admin.role is Role.ADMIN and users.check_password("admin", "first")
    users.ensure_admin("second")
    assert users.check_password("admin", "second") and not users.check_password("admin", "first")
    assert len(users.list()) == 1


def test_cli_user_add_list_remove(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from jzbot.config import get_settings

    monkeypatch.setenv("JZBOT_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    runner = CliRunner()
    added = runner.invoke(cli, ["user", "add", "zhao", "--role", "admin"])
    assert added.exit_code == 0, added.output
    key = added.output.strip().splitlines()[-1]
    assert key.startswith(KEY_PREFIX)
    listed = runner.invoke(cli, ["user", "list"]).output
    assert "zhao\tadmin" in listed and key not in listed
    assert runner.invoke(cli, ["user", "add", "zhao"]).exit_code != 0  # names are unique
    assert runner.invoke(cli, ["user", "remove", "zhao"]).exit_code == 0
    assert runner.invoke(cli, ["user", "remove", "zhao"]).exit_code == 1
    assert Users(AuditLog(tmp_path / "audit.sqlite")).list() == []
    get_settings.cache_clear()


def test_telegram_ids_map_onto_users_and_the_env_allow_list_still_works(tmp_path: Path) -> None:
    users = Users(AuditLog(tmp_path / "a.sqlite"))
    users.add("zhou", Role.ADMIN, external_ids={"telegram": "5"})
    access = Access(TelegramSettings(allowed_users={6}, admins={8}, allowed_chats={-100}), users)
    assert access.admit(5, 5, private=True) == Admission(
        Identity(
            name="zhou",
            role=Role.ADMIN,
            channel=Channel.TELEGRAM,
            user_id=users.get("zhou").id,  # type: ignore[union-attr]
            external_id="5",
        )
    )
    assert access.admit(6, 6, True).identity.role is Role.STAFF and access.admit(8, 8, True).identity.is_admin
    assert access.admit(9, -100, False).identity.role is Role.STAFF  # an allowed group admits its members
    assert access.admit(9, 9, True) == (None, Denial.NOT_ALLOWED) and access.admit(9, 9, True).may_reply
    assert access.admit(None, -100, False) == (None, Denial.NOT_ALLOWED)


def test_a_group_must_be_allowed_whoever_asks(tmp_path: Path) -> None:
    users = Users(AuditLog(tmp_path / "a.sqlite"))
    users.add("zhou", Role.ADMIN, external_ids={"telegram": "5"})
    access = Access(TelegramSettings(allowed_users={6}, admins={8}, allowed_chats={-100}), users)
    for user in (5, 6, 8, 9):  # a jzbot admin, an allowed user, an env admin, a stranger
        decision = access.admit(user, -200, private=False)
        assert decision == (None, Denial.CHAT_NOT_ALLOWED) and not decision.may_reply
    no_groups = Access(TelegramSettings(allowed_users={6}, admins={8}), users)
    assert (
        no_groups.admit(6, -100, False).denial is Denial.CHAT_NOT_ALLOWED
    )  # no allowed chats: no group at all
    assert no_groups.admit(6, 6, True).identity is not None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("通知.docx", "通知.docx"),
        (".hidden.txt", "hidden.txt"),  # ingest skips dotfiles: it would be dropped by the next run
        ("_vocab.txt", "vocab.txt"),  # and names starting with _
        ("..", ""),
        (".", ""),
        ("...", ""),
        ("", ""),
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\boot.ini.txt", "boot.ini.txt"),
        ("a\x00b\x1f\u200bc\u202etxt.exe", "abctxt.exe"),  # control, zero-width and bidi characters go
        ('报告<1>:"草稿"?.md', "报告_1___草稿__.md"),
        ("report.txt. ", "report.txt"),
    ],
)
def test_upload_names_are_made_safe(raw: str, expected: str) -> None:
    assert safe_name(raw) == expected


def test_long_upload_names_keep_their_type_and_fit_the_file_system() -> None:
    for raw in ("a" * 196 + ".txt", "通" * 196 + ".docx"):
        name = safe_name(raw)
        assert len(name.encode()) <= NAME_BYTES and name.endswith(Path(raw).suffix) and name[0] == raw[0]
    assert check_upload("a" * 200, 10, 100) == (safe_name("a" * 200), Denial.UPLOAD_TYPE)


def test_upload_checks_name_then_type_then_size() -> None:
    assert check_upload("..", 10, 100) == ("", Denial.UPLOAD_NAME)
    assert check_upload("setup.exe", 10, 100) == ("setup.exe", Denial.UPLOAD_TYPE)
    assert check_upload("通知.PDF", 101, 100) == ("通知.PDF", Denial.UPLOAD_TOO_LARGE)
    assert check_upload("通知.pdf", None, 100) == (
        "通知.pdf",
        None,
    )  # size unknown yet: asked again before download


def test_staged_upload_leaves_nothing_on_failure_and_restores_the_old_version(tmp_path: Path) -> None:
    with Staging(tmp_path, "a.txt") as s:  # a download that never finished
        s.temp.write_text("half")
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "a.txt").write_text("old")
    with pytest.raises(RuntimeError), Staging(tmp_path, "a.txt") as s:
        s.temp.write_text("new")
        s.place()
        assert (tmp_path / "a.txt").read_text() == "new"
        raise RuntimeError("ingest blew up")
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"] and (tmp_path / "a.txt").read_text() == "old"
    with Staging(tmp_path, "a.txt") as s:
        s.temp.write_text("new")
        s.place()
        s.keep()
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"] and (tmp_path / "a.txt").read_text() == "new"


def test_turns_are_bounded() -> None:
    from jzbot.answer.frame import Frame
    from jzbot.answer.thread import MAX_TURNS, Said, Thread, Turn

    turns = Turns(max_conversations=2)
    answer = Answer(question="q", answer="a", found=True)
    thread = Thread()
    for i in range(MAX_TURNS + 3):
        thread = thread.then(Turn(question=f"q{i}", frame=Frame(pieces=()), said=Said(text="a")))
        turns.keep("a", thread, answer)
    assert turns.history("a") == [f"q{i}" for i in range(3, MAX_TURNS + 3)]
    turns.keep("b", Thread(), answer)
    turns.keep("c", thread, answer)
    assert turns.history("a") == [] and turns.history("c")[-1] == f"q{MAX_TURNS + 2}"


def test_ask_remembers_audits_and_rate_limits(tmp_path: Path, assistant) -> None:
    audit = AuditLog(tmp_path / "a.sqlite")
    conversations = Conversations(assistant, audit, {Channel.WEB: RateLimiter(3)})
    reply = conversations.ask(STAFF, "c1", "2023年全市技术合同成交额是多少？")
    assert reply.answer.found and "53.85" in reply.answer.answer
    absent = conversations.ask(STAFF, "c1", "2023年全市工业增加值是多少？")
    assert not absent.answer.found and absent.answer.refusal is not None
    assert conversations.history(STAFF, "c1") == [
        "2023年全市技术合同成交额是多少？",
        "2023年全市工业增加值是多少？",
    ]
    assert conversations.last_answer(STAFF, "c1") == absent.answer
    other = Identity(name="zhang", role=Role.STAFF, channel=Channel.WEB, user_id=8)
    assert not conversations.feedback(other, reply.log_id, 1)  # feedback only on one's own answers
    assert conversations.feedback(STAFF, reply.log_id, -1)
    rows = audit.rows()
    assert [(r["channel"], r["user_name"], r["conversation"]) for r in rows][:2] == [("web", "li", "c1")] * 2
    assert json.loads(rows[0]["chunk_ids"]) and "53.85" in json.loads(rows[0]["citations"])[0]["quote"]
    assert rows[0]["refusal"] is None and rows[1]["found"] == 0
    assert Refusal(rows[1]["refusal"]) is absent.answer.refusal  # the typed reason, stored as its value
    refused = Answer(question="q", answer="…", found=False, refusal=Refusal.NO_SUBJECT)
    audit.record("7", None, "ask", "q", refused, [], channel="web", user_name="li")
    assert audit.rows()[-1]["refusal"] == "no_subject"
    assert audit.stats()["down"] == 1
    # A follow-up is remembered as it was understood, so the next follow-up builds on the full question.
    follow = conversations.ask(STAFF, "c2", "2023年全市技术合同成交额是多少？")
    follow = conversations.ask(STAFF, "c2", "那去年呢？")
    assert follow.answer.resolved_question and "技术合同成交额" in follow.answer.resolved_question
    assert conversations.history(STAFF, "c2")[-1] == follow.answer.resolved_question
    conversations.new(STAFF, "c1")
    assert conversations.history(STAFF, "c1") == []
    for _ in range(3):
        conversations.admit(STAFF)
    with pytest.raises(RateLimited) as err:
        conversations.admit(STAFF, chat_id="3")
    assert "频繁" in str(err.value)
    last = audit.rows()[-1]  # the refusal is audited with its typed reason
    assert (last["kind"], last["refusal"], last["user_name"], last["chat_id"]) == (
        "refused",
        "rate_limited",
        "li",
        "3",
    )
    assert "频繁" in last["answer"] and Denial(last["refusal"]) is Denial.RATE_LIMITED
    conversations.admit(other)  # limits are per user
