"""The Telegram application: handlers, commands, error handler, services in ``bot_data``.

Usage: ``jzbot telegram`` (long polling; webhook when ``JZBOT_TELEGRAM__WEBHOOK_URL`` is set).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram import BotCommand, Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from jzbot.channels.telegram import handlers
from jzbot.channels.telegram.access import Access
from jzbot.channels.telegram.context import Context
from jzbot.config import Settings
from jzbot.errors import ConfigError
from jzbot.services import Services, build_services

log = logging.getLogger(__name__)
COMMANDS = [
    BotCommand("ask", "提问（也可直接发送问题）"),
    BotCommand("draft", "起草公文段落"),
    BotCommand("doc", "按文号查文件"),
    BotCommand("sources", "查看上一条回答的原文出处"),
    BotCommand("new", "开始新的对话"),
    BotCommand("help", "使用说明"),
]


class RedactToken(logging.Filter):
    """The bot token is part of every API URL; it must never reach a log."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        if self.token:
            msg = record.getMessage()
            if self.token in msg:
                record.msg, record.args = msg.replace(self.token, "<token>"), None
        return True


def build_application(services: Services) -> Application:
    """The bot over ``services`` (from ``build_services``): handlers, commands, error handler, daily purge."""
    settings = services.settings
    cfg = settings.telegram
    if cfg.token is None or not cfg.token.get_secret_value():
        raise ConfigError("缺少 JZBOT_TELEGRAM__TOKEN / JZBOT_TELEGRAM__TOKEN is not set")
    token = cfg.token.get_secret_value()
    redact = RedactToken(token)
    for handler in logging.getLogger().handlers:
        handler.addFilter(redact)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    audit = services.audit
    audit.purge(cfg.audit_retention_days)

    async def post_init(app: Application) -> None:
        await app.bot.set_my_commands(COMMANDS)

    app = (
        ApplicationBuilder()
        .token(token)
        .base_url(cfg.base_url)
        .base_file_url(cfg.base_file_url)
        .context_types(ContextTypes(context=Context))
        .concurrent_updates(True)
        .post_init(post_init)
        .build()
    )
    app.bot_data.update(services=services, access=Access(cfg, services.users))
    app.add_handler(CommandHandler(["start", "help"], handlers.start))
    app.add_handler(CommandHandler("ask", handlers.ask))
    app.add_handler(CommandHandler("draft", handlers.draft))
    app.add_handler(CommandHandler("doc", handlers.doc))
    app.add_handler(CommandHandler("sources", handlers.sources))
    app.add_handler(CommandHandler("new", handlers.new))
    app.add_handler(CommandHandler("stats", handlers.stats))
    app.add_handler(MessageHandler(filters.Document.ALL, handlers.upload))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, handlers.text_message))
    app.add_handler(CallbackQueryHandler(handlers.feedback, pattern=r"^fb:"))
    app.add_error_handler(handlers.error_handler)
    if cfg.audit_retention_days and app.job_queue is not None:

        async def purge(_: Context) -> None:  # PTB awaits job callbacks: a plain lambda failed once a day
            await asyncio.to_thread(audit.purge, cfg.audit_retention_days)

        app.job_queue.run_repeating(purge, interval=86400)
    return app


def run(settings: Settings) -> None:
    services = build_services(settings)
    services.prepare()
    app = build_application(services)
    cfg = settings.telegram
    kwargs: dict[str, Any] = {"allowed_updates": Update.ALL_TYPES}
    if cfg.webhook_url:
        app.run_webhook(listen="0.0.0.0", port=cfg.webhook_port, webhook_url=cfg.webhook_url, **kwargs)
    else:
        app.run_polling(**kwargs)
