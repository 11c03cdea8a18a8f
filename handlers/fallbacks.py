"""What nobody else claimed: unknown commands, and stickers/photos/files in a private chat.

Registered last, so they only see what the feature handlers let through. Channel posts,
edited messages and ordinary group chatter match nothing at all and are ignored.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, MessageHandler, filters

from bot.i18n import tr
from handlers.language import reply_language
from handlers.services import MonitorContext


async def unknown_command(update: Update, context: MonitorContext) -> None:
    """A command we do not have. In a group, only when it is addressed to us (/cmd@ourbot)."""
    message = update.effective_message
    if message.chat.type != "private":
        command = (message.text or "").split()[0]
        target = command.partition("@")[2].lower()
        if not target or target != (context.bot.username or "").lower():
            return  # /cmd or /cmd@otherbot: meant for someone else
    t = tr(reply_language(context.services, update.effective_user))
    await message.reply_text(t.gettext("I don't know that command, see /help"))


async def not_text(update: Update, context: MonitorContext) -> None:
    """A sticker, photo, voice note, file... in a private chat."""
    t = tr(reply_language(context.services, update.effective_user))
    await update.effective_message.reply_text(
        t.gettext("I only understand text questions. Please type your question.")
    )


def register(app: Application) -> None:
    only_new = filters.UpdateType.MESSAGE
    app.add_handler(MessageHandler(only_new & filters.COMMAND, unknown_command))
    app.add_handler(
        MessageHandler(only_new & filters.ChatType.PRIVATE & ~filters.TEXT & ~filters.StatusUpdate.ALL, not_text)
    )
