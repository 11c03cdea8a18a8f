"""A bare echo bot on python-telegram-bot: the baseline for benchmarks and the harness's own tests."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the text back, unchanged, as plain text."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(update.effective_message.text or "")


def build_echo_application(token: str, api_url: str, update_processor: Any = None, request: Any = None) -> Application:
    """An Application that echoes every text message, pointed at a (fake) Bot API server;
    `update_processor` (PTB's concurrent_updates) handles updates side by side; `request`
    replaces PTB's default HTTP transport for the bot's calls."""
    builder = ApplicationBuilder().token(token).base_url(f"{api_url}/bot").base_file_url(f"{api_url}/file/bot")
    if update_processor is not None:
        builder = builder.concurrent_updates(update_processor)
    if request is not None:
        builder = builder.request(request)
    application = builder.build()
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, _echo))
    return application
