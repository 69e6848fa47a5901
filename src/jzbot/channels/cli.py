"""The ``jzbot`` command line: ingest, ask, draft, lookup, docnos, figures, eval, telegram, serve, user.

``ask -`` and ``draft -`` read one question per line from standard input and print one JSON object
per line (with ``--json``), loading the models once.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click

from jzbot.errors import JzbotError, StoreUnavailable
from jzbot.models import Answer, DocMeta, Refusal


def _services():  # imported late so `jzbot --help` is instant
    from jzbot.config import get_settings
    from jzbot.services import build_services

    return build_services(get_settings())


def _assistant():
    """The assistant over an index that holds the knowledge folder (built on a fresh install's first ask)."""
    assistant = _services().assistant
    assistant.ensure_index()
    return assistant


def _render(answer: Answer) -> str:
    lines = [answer.answer]
    if answer.notes:
        lines += [f"（{n}）" for n in answer.notes]
    if answer.citations:
        lines.append("")
        lines.append("出处 / Sources:")
        for c in answer.citations:
            number = f"（{c.doc_number}）" if c.doc_number else ""
            lines.append(f"[{c.marker}] 《{c.title}》{number} {c.section}")
            lines.append(f"    “{c.quote}”")
    return "\n".join(lines)


def _emit(answer: Answer, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(answer.model_dump(), ensure_ascii=False))
    else:
        click.echo(_render(answer))
        click.echo()


class _BadLine(str):
    """A line of standard input that is not UTF-8: answered with an error object in its place."""


def _questions(text: str) -> list[str]:
    if text != "-":
        return [text]
    out: list[str] = []
    for n, raw in enumerate(sys.stdin.buffer.read().splitlines(), start=1):
        try:
            line = raw.decode("utf-8").strip()
        except UnicodeDecodeError:
            out.append(_BadLine(f"第{n}行不是有效的 UTF-8 文本，已跳过 / line {n} is not valid UTF-8"))
            continue
        if line:
            out.append(line)
    return out


@click.group()
@click.option("-v", "--verbose", is_flag=True, help="Log progress to stderr.")
@click.version_option(package_name="jzbot")
def cli(verbose: bool) -> None:
    """jzbot: 政府机关知识库助手 / a cited knowledge assistant for government documents."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    for noisy in ("httpx", "chromadb", "jieba", "bm25s"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def ingest(paths: tuple[Path, ...], as_json: bool) -> None:
    """Index files or folders (default: the knowledge folder). 导入文件。"""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    library = _services().library
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
        TextColumn("{task.fields[name]}"),
        transient=True,
        disable=as_json,
    ) as bar:
        files = bar.add_task("读取 read", total=None, name="", rate="")
        chunks = bar.add_task("嵌入 embed", total=None, name="", rate="", visible=False)

        def tick(name: str, total: int) -> None:
            bar.update(files, total=total, advance=1, name=name)

        def tick_chunks(done: int, total: int) -> None:
            speed = bar.tasks[chunks].speed
            bar.update(
                chunks,
                total=total,
                completed=done,
                visible=True,
                rate=f"{speed:.1f} chunks/s" if speed else "",
            )

        report = library.ingest(list(paths) or None, progress=tick, chunk_progress=tick_chunks)
    if as_json:
        click.echo(report.model_dump_json())
    else:
        click.echo(
            f"新增 added {len(report.added)}, 更新 updated {len(report.updated)}, "
            f"未变 unchanged {len(report.unchanged)}, 移除 removed {len(report.removed)}, "
            f"失败 failed {len(report.failed)}; {report.chunks_written} chunks written"
        )
        for p in report.failed:
            click.echo(f"  跳过 skipped {p.source}: {p.error}", err=True)
        for p in report.warnings:
            click.echo(f"  注意 warning {p.source}: {p.error}", err=True)
    if report.failed and not (report.added or report.updated or report.unchanged):
        sys.exit(1)


def _batch(verb: str, text: str, as_json: bool) -> None:
    assistant = _assistant()
    fn = assistant.ask if verb == "ask" else assistant.draft
    for q in _questions(text):
        if isinstance(q, _BadLine):
            answer = Answer(question="", answer=str(q), found=False, refusal=Refusal.BAD_INPUT)
        else:
            try:
                answer = fn(q)
            except StoreUnavailable:
                raise  # not this question's fault: no later question would fare better (exit 2)
            except JzbotError as e:
                answer = Answer(question=q, answer=str(e), found=False)
        _emit(answer, as_json)
        sys.stdout.flush()


@cli.command()
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (JSON Lines with '-').")
def ask(question: str, as_json: bool) -> None:
    """Ask a question; '-' reads one question per line from stdin. 提问。"""
    _batch("ask", question, as_json)


@cli.command()
@click.argument("topic")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (JSON Lines with '-').")
def draft(topic: str, as_json: bool) -> None:
    """Draft a report paragraph on a topic; '-' reads topics from stdin. 起草。"""
    _batch("draft", topic, as_json)


@cli.command()
@click.argument("doc_number")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def lookup(doc_number: str, as_json: bool) -> None:
    """Look up a 文号 such as 豫科〔2023〕45号. 查文号。"""
    _emit(_assistant().lookup(doc_number), as_json)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON Lines.")
def docnos(as_json: bool) -> None:
    """List every 文号 the knowledge mentions, with title and status. 文号登记簿。"""
    for e in _assistant().docnos():
        if as_json:
            click.echo(e.model_dump_json())
        else:
            click.echo(f"{e.doc_number}\t{e.status}\t{e.title}")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON Lines.")
def figures(as_json: bool) -> None:
    """List every figure found in the knowledge. 数据登记簿。"""
    for f in _assistant().figures():
        if as_json:
            click.echo(f.model_dump_json())
        else:
            click.echo(f"{f.year or ''}\t{f.scope}\t{f.indicator}\t{f.value}{f.unit}")


@cli.command(name="eval")
@click.argument("questions", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-v", "--verbose", "verbose", is_flag=True, help="Print every case, not only failures.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per case.")
@click.option(
    "--crowded",
    is_flag=True,
    help="Ask over a copy of the knowledge with look-alike editions added (last year's, a sister city's): "
    "the answers must not move. Indexes the copy in a temporary folder.",
)
def evaluate(questions: Path, verbose: bool, as_json: bool, crowded: bool) -> None:
    """Run a question set (JSON Lines, the shared format); exit 1 when a case fails. 回归测试。"""
    import tempfile

    from jzbot import evaluate as ev

    cases = ev.load(questions)
    if not crowded:
        outcomes = ev.run(_assistant(), cases)
    else:
        from jzbot.assistant import Assistant
        from jzbot.config import get_settings

        settings = get_settings()
        with tempfile.TemporaryDirectory(prefix="jzbot-crowded-") as work:
            folder = Path(work) / "knowledge"
            lookalikes = frozenset(ev.crowd(settings.knowledge_dir, folder, settings.home_org))
            copy = settings.model_copy(update={"knowledge_dir": folder, "data_dir": Path(work) / "data"})
            outcomes = ev.run(Assistant.indexed(copy), cases, lookalikes)
        click.echo(
            f"# crowded: {len(lookalikes)} look-alike editions added; "
            f"{sum(o.lookalike for o in outcomes)} answers cite one; "
            f"{sum(o.crowd_answered for o in outcomes)} absent cases answered by the look-alike of the year they ask"
        )
    for o in outcomes:
        if as_json:
            click.echo(ev.to_json(o))
        elif verbose or not o.passed:
            click.echo(
                f"{'PASS' if o.passed else 'FAIL'} {o.case.id} {o.case.question}"
                + (f" :: {'; '.join(o.problems)}" if o.problems else "")
            )
            if o.problems:
                click.echo(f"     answer: {o.answer.answer[:200]}")
    failed = sum(not o.passed for o in outcomes)
    click.echo(f"# by kind: {ev.by_kind(outcomes)}")
    click.echo(f"{len(outcomes) - failed} passed, {failed} failed")
    if failed:
        sys.exit(1)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON Lines.")
@click.option(
    "--set",
    "corrections",
    nargs=2,
    multiple=True,
    metavar="DOC_ID FIELD=VALUE",
    help="Correct a document's identity (title, issuer, place, level, genre, year, date, doc_number, "
    "recipients); kept in knowledge/_identity.tsv, so it survives re-ingest. An empty value removes it.",
)
def docs(as_json: bool, corrections: tuple[tuple[str, str], ...]) -> None:
    """List documents: identity, chunk counts, quarantined passages; --set corrects. 文件清单、身份与更正。"""
    from jzbot.inventory import inventory

    assistant = _assistant()
    snapshots = assistant.indexer.snapshots
    for doc_id, assignment in corrections:
        field, _, value = assignment.partition("=")
        if doc_id not in assistant.knowledge.docs:
            raise click.BadParameter(f"没有该文件 / no indexed document {doc_id}", param_hint="--set")
        try:
            snapshots.correct(doc_id, field.strip(), value.strip())
        except ValueError as e:
            raise click.BadParameter(str(e), param_hint="--set") from e
    known = assistant.knowledge.docs
    for doc in inventory(assistant.store.all_chunks()):
        meta = known.get(doc.doc_id)  # the identity read at the snapshot (None: quarantined)
        if as_json:
            identity = meta.model_dump(exclude={"content_hash"}) if meta else None
            facts = [f._asdict() for f in assistant.knowledge.facts_of(doc.doc_id)] if meta else []
            click.echo(
                json.dumps({**doc.model_dump(), "identity": identity, "facts": facts}, ensure_ascii=False)
            )
            continue
        number = f"（{doc.doc_number}）" if doc.doc_number else ""
        click.echo(f"{doc.doc_id}\t{doc.chunks} chunks\t《{doc.title}》{number}")
        if meta is not None:
            click.echo(f"    {_identity_line(meta)}")
            for fact in assistant.knowledge.facts_of(doc.doc_id):
                if fact.kind != "article":  # articles are listed by the law itself
                    click.echo(
                        f"    {_FACT_LABEL[fact.kind]}：{fact.label + ' ' if fact.label else ''}{fact.value}"
                    )
        for p in doc.flagged:
            click.echo(f"    隔离 quarantined [{p.shape}] {p.section}: {p.matched}")


_FACT_LABEL = {"deadline": "截止", "contact": "联系", "period": "期限", "article": "条款"}


def _identity_line(meta: DocMeta) -> str:
    """发文机关 · 地方/层级 · 文种 · 年度 · 成文日期 · 主送; 未知 for what the document does not say."""
    fields = [
        ("发文机关", meta.issuer or meta.printed_by),
        ("地方", "/".join(x for x in (meta.place, meta.level) if x)),
        ("文种", meta.genre),
        ("年度", str(meta.year) if meta.year else ""),
        ("成文日期", meta.date or ""),
        ("主送", meta.recipients[:40]),
    ]
    line = " · ".join(f"{k}：{v or '未知'}" for k, v in fields)
    return line + (f" · 已更正：{meta.corrected}" if meta.corrected else "")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def status(as_json: bool) -> None:
    """Documents and chunks indexed, and chunks still awaiting embedding. 索引状态。"""
    st = _services().assistant.status()
    if as_json:
        click.echo(st.model_dump_json())
    else:
        click.echo(
            f"文件 documents {st.documents}, 段落 chunks {st.chunks}, "
            f"待嵌入 awaiting embedding {st.awaiting_embedding}"
        )


@cli.command()
def telegram() -> None:
    """Run the Telegram bot (long polling, or a webhook when configured). 运行 Telegram 机器人。"""
    from jzbot.channels.telegram.app import run
    from jzbot.config import get_settings
    from jzbot.filemodes import make_private

    make_private(get_settings().data_dir)
    run(get_settings())


@cli.group()
def user() -> None:
    """Manage users of the web page, the API and /v1 (roles: staff, admin). 用户管理。"""


def _users():  # the users live in the audit log's SQLite file under JZBOT_DATA_DIR
    from jzbot.config import get_settings
    from jzbot.filemodes import make_private

    make_private(get_settings().data_dir)  # the keys' digests and password hashes are nobody else's
    return _services().users


@user.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["staff", "admin"]), default="staff", show_default=True)
@click.option("--password", is_flag=True, help="Also set a password for the login page (asked for twice).")
@click.option("--telegram-id", type=int, default=None, help="The user's Telegram id, for the bot.")
def user_add(name: str, role: str, password: bool, telegram_id: int | None) -> None:
    """Add a user and print their API key (shown only this once). 添加用户。"""
    from jzbot.conversation.identity import Role

    secret = click.prompt("Password", hide_input=True, confirmation_prompt=True) if password else None
    ids = {"telegram": str(telegram_id)} if telegram_id is not None else None
    created, key = _users().add(name, Role(role), secret, ids)
    click.echo(f"用户 user {created.name} ({created.role}) 已添加 added. API key（仅显示一次 / shown once）:")
    click.echo(key)


@user.command("list")
def user_list() -> None:
    """List users: name, role, Telegram id, whether a password is set. 用户列表。"""
    for u in _users().list():
        click.echo(
            f"{u.name}\t{u.role}\t{u.external_ids.get('telegram', '-')}\t{'password' if u.has_password else 'key only'}"
            f"\t{u.created}"
        )


@user.command("remove")
@click.argument("name")
def user_remove(name: str) -> None:
    """Remove a user: their API key and sessions stop working at once. 删除用户。"""
    if not _users().remove(name):
        click.echo(f"没有用户 no user named {name}", err=True)
        sys.exit(1)
    click.echo(f"已删除 removed {name}")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
def serve(host: str, port: int) -> None:
    """Serve the web page, the REST API and the OpenAI-compatible /v1. 运行网页和接口服务。"""
    from jzbot.channels.http.server import run
    from jzbot.config import get_settings

    run(get_settings(), host, port)


def main() -> None:
    try:
        cli(standalone_mode=True)
    except JzbotError as e:
        click.echo(f"错误 / error: {e}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
