"""Thin async callbacks: read the update, call the shared conversation layer in a worker thread, render, reply."""

from __future__ import annotations

import asyncio
import html
import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import BadRequest, NetworkError

from jzbot.channels.telegram.render import answer_html, sources_html, split_message
from jzbot.conversation.identity import Channel, Identity
from jzbot.conversation.service import RateLimited, Reply

if TYPE_CHECKING:
    from jzbot.channels.telegram.app import Context

log = logging.getLogger(__name__)
HELP = (
    "我是焦作市科学技术局知识库助手，回答均注明原文出处。\n\n"
    "直接发送问题即可，例如：<code>2023年全市技术合同成交额是多少？</code>\n"
    "/ask 问题 — 提问\n/draft 主题 — 起草公文段落\n/doc 文号 — 查文件，如 <code>/doc 焦科〔2023〕45号</code>\n"
    "/sources — 查看上一条回答引用的原文\n/new — 开始新的对话\n/help — 使用说明"
)
REFUSED = "抱歉，您没有使用本助手的权限。如需开通，请联系局办公室。"
RATE_LIMITED = "提问过于频繁，请稍后再试。"
APOLOGY = "抱歉，处理您的请求时出现问题，请稍后再试。"


def _feedback_keyboard(log_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton("👍 有用", callback_data=f"fb:{log_id}:1"),
                                  InlineKeyboardButton("👎 没用", callback_data=f"fb:{log_id}:-1")]])


def _message(update: Update) -> Message:
    # Every handler here is registered for message updates, which always carry one.
    assert update.effective_message is not None
    return update.effective_message


def _chat(update: Update) -> str:
    return f"chat:{update.effective_chat.id if update.effective_chat else 0}"


async def _gate(update: Update, context: Context) -> Identity | None:
    """The caller's identity; a refused user gets a polite reply and no knowledge."""
    user = update.effective_user
    chat = update.effective_chat
    uid, cid = (user.id if user else None), (chat.id if chat else None)
    identity = await asyncio.to_thread(context.access.identify, uid, cid)
    if identity is None:
        await asyncio.to_thread(context.conversations.refused, Channel.TELEGRAM, uid, cid)
        if update.effective_message:
            await update.effective_message.reply_text(REFUSED)
        return None
    try:
        context.conversations.admit(identity)
    except RateLimited:
        if update.effective_message:
            await update.effective_message.reply_text(RATE_LIMITED)
        return None
    return identity


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
        replied = bool(message.reply_to_message and message.reply_to_message.from_user
                       and message.reply_to_message.from_user.id == context.bot.id)
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
    if conversations.assistant.generator is None:
        reply = await asyncio.to_thread(conversations.ask, identity, _chat(update), question, None, message.chat_id)
        placeholder = None
    else:
        reply, placeholder = await _stream(message, context, identity, _chat(update), question)
    await _reply_answer(message, reply, placeholder)


async def _stream(message: Message, context: Context, identity: Identity, conversation: str,
                  question: str) -> tuple[Reply, Message]:
    """Edit one message as verified sentences arrive; return the final reply and that message."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[str | Reply | BaseException] = asyncio.Queue()

    def produce() -> None:
        try:
            for item in context.conversations.ask_stream(identity, conversation, question, None, message.chat_id):
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
        await _message(update).reply_text(HELP, parse_mode=ParseMode.HTML)


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
    reply = await asyncio.to_thread(context.conversations.draft, identity, _chat(update), topic, message.chat_id)
    await _reply_answer(message, reply)


async def doc(update: Update, context: Context) -> None:
    """/doc 文号."""
    if not (identity := await _gate(update, context)):
        return
    message = _message(update)
    number = " ".join(context.args or [])
    if not number:
        await message.reply_text("请在命令后输入文号，例如：/doc 焦科〔2023〕45号")
        return
    reply = await asyncio.to_thread(context.conversations.lookup, identity, _chat(update), number, message.chat_id)
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
        await _message(update).reply_text("该命令仅限管理员使用。")
        return
    s = await asyncio.to_thread(context.conversations.audit.stats)
    docs = await asyncio.to_thread(lambda: len(context.conversations.assistant.knowledge.docs))
    await _message(update).reply_text(
        f"累计提问 {s['total']} 次（近7天 {s['recent']} 次），找到答案 {s['found']} 次，用户 {s['users']} 人；"
        f"拒绝访问 {s['refused']} 次；反馈 👍 {s['up']} / 👎 {s['down']}；知识库文件 {docs} 个。")


async def upload(update: Update, context: Context) -> None:
    """An admin sends a file: it is saved to the knowledge folder, ingested, and reported back."""
    if not (identity := await _gate(update, context)):
        return
    message = _message(update)
    if not identity.is_admin:
        await message.reply_text("只有管理员可以上传文件入库。")
        return
    document = message.document
    if document is None:
        return
    name = Path(document.file_name or f"upload-{document.file_unique_id}").name
    target = context.settings.knowledge_dir / "uploads" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    tg_file = await context.bot.get_file(document.file_id)
    await tg_file.download_to_drive(target)
    report = await asyncio.to_thread(context.conversations.assistant.ingest, [target])
    await asyncio.to_thread(context.conversations.changed_documents, identity, "upload", name, report,
                            message.chat_id)
    if report.failed:
        await message.reply_text(f"文件《{name}》未能入库：{report.failed[0].error}")
    elif report.unchanged:
        await message.reply_text(f"文件《{name}》已在知识库中，内容未变。")
    else:
        await message.reply_text(f"文件《{name}》已入库，共 {report.chunks_written} 个片段，现在可以提问了。")


async def feedback(update: Update, context: Context) -> None:
    """👍/👎 under an answer."""
    query = update.callback_query
    if query is None:
        return
    identity = await asyncio.to_thread(context.access.identify, query.from_user.id,
                                       update.effective_chat.id if update.effective_chat else None)
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
