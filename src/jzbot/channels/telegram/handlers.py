"""Thin async callbacks: read the update, call the shared conversation layer in a worker thread, render, reply."""

from __future__ import annotations

import asyncio
import html
import logging
import time

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import BadRequest, NetworkError

from jzbot.channels.telegram.context import Context
from jzbot.channels.telegram.render import answer_html, sources_html, split_message
from jzbot.conversation.denials import Denial
from jzbot.conversation.identity import Channel, Identity
from jzbot.conversation.service import Reply
from jzbot.conversation.uploads import SUPPORTED_LIST, check_upload
from jzbot.errors import RateLimited

log = logging.getLogger(__name__)
HELP = (
    "我是{home_org}知识库助手，回答均注明原文出处。\n\n"
    "直接发送问题即可，例如：<code>2023年全市技术合同成交额是多少？</code>\n"
    "/ask 问题 — 提问\n/draft 主题 — 起草公文段落\n/doc 文号 — 查文件，如 <code>/doc {docno_example}</code>\n"
    "/sources — 查看上一条回答引用的原文\n/new — 开始新的对话\n/help — 使用说明"
)
REFUSED = "抱歉，您没有使用本助手的权限。如需开通，请联系局办公室。"
APOLOGY = "抱歉，处理您的请求时出现问题，请稍后再试。"


def _feedback_keyboard(log_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("👍 有用", callback_data=f"fb:{log_id}:1"),
                InlineKeyboardButton("👎 没用", callback_data=f"fb:{log_id}:-1"),
            ]
        ]
    )


def _message(update: Update) -> Message:
    # Every handler here is registered for message updates, which always carry one.
    assert update.effective_message is not None
    return update.effective_message


def _private(update: Update) -> bool:
    return update.effective_chat is not None and update.effective_chat.type == ChatType.PRIVATE


def _id(number: int | None) -> str | None:
    """A Telegram id as the audit log keeps every channel's ids: text."""
    return None if number is None else str(number)


def _chat(update: Update) -> str:
    return f"chat:{update.effective_chat.id if update.effective_chat else 0}"


async def _gate(update: Update, context: Context) -> Identity | None:
    """The caller's identity; otherwise the refusal is audited and, where the chat may read it, explained."""
    user, chat, message = update.effective_user, update.effective_chat, update.effective_message
    uid, cid = (user.id if user else None), (chat.id if chat else None)
    admission = await asyncio.to_thread(context.access.admit, uid, cid, _private(update))
    if admission.identity is None:
        assert admission.denial is not None  # an Admission without an identity always says why
        shown = REFUSED if admission.may_reply and message else ""
        await asyncio.to_thread(
            context.conversations.refused, Channel.TELEGRAM, admission.denial, _id(uid), _id(cid), shown=shown
        )
        if shown and message:
            await message.reply_text(shown)
        return None
    try:
        await asyncio.to_thread(
            context.conversations.admit, admission.identity, _id(cid)
        )  # audits a refusal itself
    except RateLimited:
        if message:
            await message.reply_text(RateLimited.zh)
        return None
    return admission.identity


async def _refuse(
    update: Update, context: Context, identity: Identity, reason: Denial, text: str, subject: str = ""
) -> None:
    """Turn an admitted caller away from one action (admin-only, a bad upload): audit it, then say why."""
    message = _message(update)
    await asyncio.to_thread(
        context.conversations.refused,
        Channel.TELEGRAM,
        reason,
        identity.audit_id,
        _id(message.chat_id),
        identity.name,
        subject,
        text,
    )
    await message.reply_text(text)


async def _reply_answer(message: Message, reply: Reply, placeholder: Message | None = None) -> None:
    pieces = split_message(answer_html(reply.answer))
    for i, piece in enumerate(pieces):
        markup = _feedback_keyboard(reply.log_id) if i == len(pieces) - 1 else None
        if i == 0 and placeholder is not None:
            try:
                await placeholder.edit_text(piece, parse_mode=ParseMode.HTML, reply_markup=markup)
                continue
            except BadRequest:  # "message is not modified" and the like: send it fresh
                pass
        await message.reply_text(piece, parse_mode=ParseMode.HTML, reply_markup=markup)


async def _typing(context: Context, chat_id: int) -> None:
    """The typing indicator is a courtesy: a network hiccup here must not cost the answer."""
    try:
        await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
    except NetworkError as e:
        log.warning("typing action failed: %s", e)


def _question_text(update: Update, context: Context) -> str | None:
    """The question in a message; in groups only when the bot is mentioned or replied to."""
    message = update.effective_message
    if message is None or not message.text:
        return None
    text = message.text
    if message.chat.type != ChatType.PRIVATE:
        me = context.bot.username or ""
        mentioned = bool(me) and f"@{me}".lower() in text.lower()
        replied = bool(
            message.reply_to_message
            and message.reply_to_message.from_user
            and message.reply_to_message.from_user.id == context.bot.id
        )
        if not (mentioned or replied):
            return None
        text = text.replace(f"@{me}", "").strip()
    return text.strip()


async def _answer_question(update: Update, context: Context, identity: Identity, question: str) -> None:
    message = update.effective_message
    assert message is not None
    if not question:
        await message.reply_text("请在命令后输入问题，例如：/ask 科小备案入库了多少家？")
        return
    await _typing(context, message.chat_id)
    conversations = context.conversations
    if context.services.assistant.generator is None:
        reply = await asyncio.to_thread(
            conversations.ask, identity, _chat(update), question, None, _id(message.chat_id)
        )
        placeholder = None
    else:
        reply, placeholder = await _stream(message, context, identity, _chat(update), question)
    await _reply_answer(message, reply, placeholder)


async def _stream(
    message: Message, context: Context, identity: Identity, conversation: str, question: str
) -> tuple[Reply, Message]:
    """Edit one message as verified sentences arrive; return the final reply and that message."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[str | Reply | BaseException] = asyncio.Queue()

    def produce() -> None:
        try:
            for item in context.conversations.ask_stream(
                identity, conversation, question, None, _id(message.chat_id)
            ):
                loop.call_soon_threadsafe(queue.put_nowait, item)
        except BaseException as e:
            loop.call_soon_threadsafe(queue.put_nowait, e)

    placeholder = await message.reply_text("正在查阅资料……")
    worker = asyncio.create_task(asyncio.to_thread(produce))
    last_edit, shown = 0.0, ""
    while True:
        item = await queue.get()
        if isinstance(item, BaseException):
            await worker
            raise item
        if isinstance(item, Reply):
            await worker
            return item, placeholder
        if time.monotonic() - last_edit >= context.settings.telegram.stream_edit_interval and item != shown:
            try:
                await placeholder.edit_text(html.escape(item[:4000]) + " …")
                shown, last_edit = item, time.monotonic()
            except BadRequest:
                pass


async def start(update: Update, context: Context) -> None:
    """Greet and explain."""
    if await _gate(update, context):
        s = context.settings
        text = HELP.format(home_org=html.escape(s.home_org), docno_example=html.escape(s.docno_example))
        await _message(update).reply_text(text, parse_mode=ParseMode.HTML)


async def ask(update: Update, context: Context) -> None:
    """/ask 问题."""
    if identity := await _gate(update, context):
        await _answer_question(update, context, identity, " ".join(context.args or []))


async def text_message(update: Update, context: Context) -> None:
    """A plain message is a question (in groups: when the bot is addressed)."""
    question = _question_text(update, context)
    if question is None:
        return
    if identity := await _gate(update, context):
        await _answer_question(update, context, identity, question)


async def draft(update: Update, context: Context) -> None:
    """/draft 主题."""
    if not (identity := await _gate(update, context)):
        return
    message = _message(update)
    topic = " ".join(context.args or [])
    if not topic:
        await message.reply_text("请在命令后输入起草主题，例如：/draft 科技人才引育工作总结")
        return
    await _typing(context, message.chat_id)
    reply = await asyncio.to_thread(
        context.conversations.draft, identity, _chat(update), topic, _id(message.chat_id)
    )
    await _reply_answer(message, reply)


async def doc(update: Update, context: Context) -> None:
    """/doc 文号."""
    if not (identity := await _gate(update, context)):
        return
    message = _message(update)
    number = " ".join(context.args or [])
    if not number:
        await message.reply_text(f"请在命令后输入文号，例如：/doc {context.settings.docno_example}")
        return
    reply = await asyncio.to_thread(
        context.conversations.lookup, identity, _chat(update), number, _id(message.chat_id)
    )
    await _reply_answer(message, reply)


async def sources(update: Update, context: Context) -> None:
    """/sources: the full citations of the last answer."""
    if not (identity := await _gate(update, context)):
        return
    last = context.conversations.last_answer(identity, _chat(update))
    text = sources_html(last) if last else "还没有可查看出处的回答。"
    for piece in split_message(text):
        await _message(update).reply_text(piece, parse_mode=ParseMode.HTML)


async def new(update: Update, context: Context) -> None:
    """/new: forget the conversation."""
    if identity := await _gate(update, context):
        context.conversations.new(identity, _chat(update))
        await _message(update).reply_text("已开始新的对话。")


async def stats(update: Update, context: Context) -> None:
    """/stats (admins): usage and feedback."""
    if not (identity := await _gate(update, context)):
        return
    if not identity.is_admin:
        await _refuse(update, context, identity, Denial.NOT_ADMIN, "该命令仅限管理员使用。", "/stats")
        return
    s = await asyncio.to_thread(context.conversations.audit.stats)
    docs = await asyncio.to_thread(lambda: len(context.conversations.knowledge(identity).docs))
    await _message(update).reply_text(
        f"累计提问 {s['total']} 次（近7天 {s['recent']} 次），找到答案 {s['found']} 次，用户 {s['users']} 人；"
        f"拒绝访问 {s['refused']} 次；反馈 👍 {s['up']} / 👎 {s['down']}；知识库文件 {docs} 个。"
    )


async def upload(update: Update, context: Context) -> None:
    """An admin sends a file: checked by name, type and size before it is downloaded, then saved, ingested and
    reported; whatever is refused or fails to ingest leaves nothing in the knowledge folder."""
    if not (identity := await _gate(update, context)):
        return
    message = _message(update)
    document = message.document
    if document is None:
        return
    raw = document.file_name or f"upload-{document.file_unique_id}"
    if not identity.is_admin:
        await _refuse(update, context, identity, Denial.NOT_ADMIN, "只有管理员可以上传文件入库。", raw)
        return
    limit = context.settings.telegram.max_upload_mb << 20
    check = check_upload(raw, document.file_size, limit)
    tg_file = None
    if (
        check.denial is None and document.file_size is None
    ):  # the Update did not say: ask, still not downloading
        tg_file = await context.bot.get_file(document.file_id)
        check = check_upload(raw, tg_file.file_size, limit)
    if check.denial is not None:
        size = document.file_size or (tg_file.file_size if tg_file else None) or 0
        await _refuse(
            update, context, identity, check.denial, _upload_refusal(check.denial, raw, size, limit), raw
        )
        return
    name = check.name
    with context.services.library.stage(name) as staging:
        tg_file = tg_file or await context.bot.get_file(document.file_id)
        await tg_file.download_to_drive(staging.temp)
        size = staging.temp.stat().st_size
        if (
            size > limit
        ):  # the metadata understated it: still refused, and the partial copy goes with the block
            await _refuse(
                update,
                context,
                identity,
                Denial.UPLOAD_TOO_LARGE,
                _upload_refusal(Denial.UPLOAD_TOO_LARGE, raw, size, limit),
                raw,
            )
            return
        report = await asyncio.to_thread(context.services.library.add, staging)
    if report.failed:
        await _refuse(
            update,
            context,
            identity,
            Denial.UPLOAD_UNREADABLE,
            f"文件《{name}》未能入库，也未保存（同名旧文件不变）：{report.failed[0].error}",
            raw,
        )
        return
    await asyncio.to_thread(
        context.conversations.changed_documents, identity, "upload", name, report, _id(message.chat_id)
    )
    renamed = "" if name == raw else f"（原文件名“{_shown(raw)}”已改为安全的文件名）"
    if report.unchanged:
        await message.reply_text(f"文件《{name}》已在知识库中，内容未变。{renamed}")
    else:
        await message.reply_text(
            f"文件《{name}》已入库，共 {report.chunks_written} 个片段，现在可以提问了。{renamed}"
        )


def _shown(raw: str, limit: int = 60) -> str:
    """A file name as it may appear in a reply: printable, and short."""
    text = "".join(c if c.isprintable() else "?" for c in raw)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _upload_refusal(denial: Denial, raw: str, size: int, limit: int) -> str:
    if denial is Denial.UPLOAD_NAME:
        return (
            f"文件名“{_shown(raw)}”无法使用（只有点、路径符号或控制字符），未入库。"
            "请改为普通文件名（如 通知.docx）后重新发送。"
        )
    if denial is Denial.UPLOAD_TYPE:
        return f"不支持文件《{_shown(raw)}》的类型，未入库。请发送 {SUPPORTED_LIST} 文件。"
    return (
        f"文件《{_shown(raw)}》大小 {size / (1 << 20):.1f} MB，超过 {limit >> 20} MB 的上限，"
        "未下载，也未入库。请压缩或拆分后再发送。"
    )


async def feedback(update: Update, context: Context) -> None:
    """👍/👎 under an answer."""
    query = update.callback_query
    if query is None:
        return
    chat_id = update.effective_chat.id if update.effective_chat else None
    admission = await asyncio.to_thread(context.access.admit, query.from_user.id, chat_id, _private(update))
    identity = admission.identity
    if admission.denial is not None:
        await asyncio.to_thread(
            context.conversations.refused,
            Channel.TELEGRAM,
            admission.denial,
            _id(query.from_user.id),
            _id(chat_id),
            subject="feedback",
        )
    try:
        _, log_id, value = (query.data or "").split(":")
        if identity is not None:
            await asyncio.to_thread(context.conversations.feedback, identity, int(log_id), int(value))
        await query.answer("感谢反馈！")
    except ValueError:
        await query.answer()


async def error_handler(update: object, context: Context) -> None:
    """Log the error with its trace; the user gets a short apology."""
    log.error("Exception while handling an update:", exc_info=context.error)
    if isinstance(update, Update) and update.effective_message:
        try:
            await update.effective_message.reply_text(APOLOGY)
        except Exception:  # the apology itself failed: nothing more to do
            log.exception("could not send the apology")
