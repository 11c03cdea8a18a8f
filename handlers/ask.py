"""Questions: free text in a private chat; in a group, a mention of the bot, a reply to it, or /ask.

A short message that only changes part of the person's previous question in this chat is read as
a follow-up of it (bot.answering.conversation). Inline queries have no context.
"""

from __future__ import annotations

import logging
import re
import unicodedata

from telegram import Update
from telegram.ext import Application, CommandHandler, MessageHandler, filters

from bot import metrics
from bot.i18n import tr
from bot.understanding.text import drop_format_chars
from handlers.addressing import AddressedToBot, strip_mention
from handlers.language import reply_language
from handlers.replies import send_answer
from handlers.services import MonitorContext
from handlers.start import examples

log = logging.getLogger(__name__)

MAX_QUESTION = 1000  # characters; a longer message is not a question but a paste


def clean_text(text: str) -> str:
    """Drop format characters (soft hyphens, zero-width spaces and joiners, BOMs: pasted text is
    full of them, inside words), turn other control characters into spaces, collapse blank space."""
    text = drop_format_chars(text)
    # isprintable(): no character of category C (nor a line or paragraph separator): nothing to replace
    kept = text if text.isprintable() else "".join(
        ch if ch in "\n\t" or unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return re.sub(r"\s+", " ", kept).strip()


def has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


async def answer_text(update: Update, context: MonitorContext, raw: str) -> None:
    """Answer `raw` as a question, in the language decided once here."""
    services, message, user = context.services, update.effective_message, update.effective_user
    text = clean_text(strip_mention(raw, context.bot.username))
    lang = reply_language(services, user, text)
    t = tr(lang)
    if not has_words(text):
        hint = t.gettext("Please ask in words, for example: {example}").format(example=examples(lang)[0])
        await message.reply_text(hint)
        return
    if len(text) > MAX_QUESTION:
        await message.reply_text(
            t.gettext("That message is too long to be a question. Please ask in a sentence or two.")
        )
        return
    with metrics.ANSWER_LATENCY.time():  # the question to the answer sent
        answer = await services.conversation.ask(message.chat_id, user.id if user else None, text, lang)
        log.info("update %s: %s answer in %s, %d entries", update.update_id, answer.kind, lang, len(answer.used))
        await send_answer(message, services, context.user_data, answer, lang)


async def private_text(update: Update, context: MonitorContext) -> None:
    """Any text in a private chat is a question."""
    await answer_text(update, context, update.effective_message.text or "")


async def group_text(update: Update, context: MonitorContext) -> None:
    """A group message addressed to the bot."""
    await answer_text(update, context, update.effective_message.text or "")


async def ask_command(update: Update, context: MonitorContext) -> None:
    """/ask <question>, in any chat."""
    question = " ".join(context.args or [])
    if not question.strip():
        lang = reply_language(context.services, update.effective_user)
        t = tr(lang)
        await update.effective_message.reply_text(
            t.gettext("Usage: /ask followed by your question, for example: /ask {example}").format(
                example=examples(lang)[0]
            )
        )
        return
    # Keep the user's own line breaks and spacing out of it: args were split on whitespace.
    await answer_text(update, context, question)


ONLY_NEW = filters.UpdateType.MESSAGE  # edited messages are ignored (see handlers/app.py)


def register_questions(app: Application) -> None:
    """Free text: a question (in a group, when addressed to the bot). Never a command."""
    app.add_handler(MessageHandler(ONLY_NEW & filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND, private_text))
    app.add_handler(
        MessageHandler(ONLY_NEW & filters.ChatType.GROUPS & filters.TEXT & ~filters.COMMAND & AddressedToBot(), group_text)
    )


def register(app: Application) -> None:
    app.add_handler(CommandHandler("ask", ask_command, filters=ONLY_NEW))
