"""Questions: free text in a private chat; in a group, a mention of the bot, a reply to it, or /ask.

A short message that only changes part of the person's previous question in this chat ("а
киргизов?", "and in 2015?") is read as a follow-up of it (bot.understanding.followup; the context
is kept in the store for CONTEXT_WINDOW, per person per chat). Inline queries have no context.
"""

from __future__ import annotations

import asyncio
import logging
import re
import unicodedata
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from telegram import Update
from telegram.ext import Application, CommandHandler, MessageHandler, filters

from bot import metrics
from bot.answering.model import reason
from bot.i18n import N_, tr
from bot.store.context import CONTEXT_WINDOW
from bot.store.offload import off_loop
from bot.understanding import Query, followup
from bot.understanding.text import drop_format_chars
from handlers.addressing import AddressedToBot, strip_mention
from handlers.language import reply_language
from handlers.replies import send_answer
from handlers.services import MonitorContext, Services
from handlers.start import examples

log = logging.getLogger(__name__)

MAX_QUESTION = 1000  # characters; a longer message is not a question but a paste


def clean_text(text: str) -> str:
    """Drop format characters (soft hyphens, zero-width spaces and joiners, BOMs: pasted text is
    full of them, inside words), turn other control characters into spaces, collapse blank space."""
    text = drop_format_chars(text)
    kept = "".join(ch if ch in "\n\t" or unicodedata.category(ch)[0] != "C" else " " for ch in text)
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
    # The core is quick (in-memory indexes), but it reads the store (the generation, the chat's
    # context): in a store thread, so a database that stops answering never freezes the loop
    # (inline on a one-connection store: off_loop).
    with metrics.ANSWER_LATENCY.time():  # the question to the answer sent
        answer, keep = await off_loop(services.store, answer_in_context, services, message.chat_id,
                                      user.id if user else None, text, lang)
        log.info("update %s: %s answer in %s, %d entries", update.update_id, getattr(answer, "kind", "?"), lang,
                 len(getattr(answer, "used", None) or []))
        # the context is written off the reply path (a worker thread; inline on a one-connection
        # store): the next update need not wait for it, and this process already knows it (note_query)
        if keep:
            ContextWriter.of(services.store).add(keep)
        await send_answer(message, services, context.user_data, answer, lang)


class ContextWriter:
    """Writes the follow-up contexts behind the replies: what updates asked while one write was
    under way goes in the next, as one statement (store.context.remember_many) in a worker thread —
    one round trip and one thread hop for many questions, none on any reply's path."""

    _writers: dict[int, ContextWriter] = {}

    def __init__(self, store: Any):
        self.store = store
        self.waiting: list[tuple[int, int, dict, Any]] = []
        self.task: asyncio.Task | None = None

    @classmethod
    def of(cls, store: Any) -> ContextWriter:
        writer = cls._writers.get(id(store))
        if writer is None or writer.store is not store:
            writer = cls._writers[id(store)] = cls(store)
        return writer

    def add(self, row: tuple[int, int, dict, Any]) -> None:
        self.waiting.append(row)
        if self.task is None or self.task.done():
            self.task = asyncio.ensure_future(self._write())

    async def _write(self) -> None:
        while self.waiting:
            rows, self.waiting = self.waiting, []
            try:
                await off_loop(self.store, self.store.context.remember_many, rows)
            except SQLAlchemyError:
                log.warning("chat context of %d questions could not be kept", len(rows), exc_info=True)


def answer_in_context(services: Services, chat_id: int, user_id: int | None, text: str,
                      lang: str) -> tuple[Any, tuple[int, int, dict, Any] | None]:
    """Answer `text`, read as a follow-up of this person's previous question in this chat when it
    is one (bot.understanding.followup), and keep the question as read for their next message.
    Anything that is not a follow-up is answered exactly as `answerer.ask` would. The context
    lives in the store, so any instance answers the follow-up; if it cannot be read or kept, the
    question is answered on its own."""
    answerer, store = services.answerer, services.store
    if not hasattr(answerer, "answer_query") or not hasattr(store, "context") or user_id is None:
        return answerer.ask(text, lang=lang), None  # a core or store without context support
    now = services.clock()
    merged = parsed = None
    if followup.may_be_follow_up(text):  # a long message is never one: no parse, no read
        index = answerer.index()
        parsed = answerer.parse(text, index)
        if followup.could_follow(parsed):
            try:
                previous = followup.from_dict(store.context.last(chat_id, user_id, since=now - CONTEXT_WINDOW))
            except SQLAlchemyError:
                log.warning("chat context of %s in %s could not be read; answering on its own", user_id, chat_id,
                            exc_info=True)
                previous = None
            merged = followup.follow_up(previous, parsed)
    if merged is not None:
        answer = answerer.answer_query(merged, lang, index)
        answer.reasons.insert(0, reason(N_("read as a follow-up to: {question}"), question=merged.follow_up_of))
        if answer.kind == "no_data" and (parsed.places or parsed.topics):
            # "KZ vs UZ" after a 2013 question: the old year must not hide what it gets on its own
            alone = answerer.answer_query(parsed, lang, index)
            if getattr(alone, "has_figures", False):
                answer, merged = alone, None
    elif parsed is not None:
        answer = answerer.answer_query(parsed, lang, index)  # parsed once: the same as ask()
    else:
        answer = answerer.ask(text, lang=lang)
    effective = merged or getattr(answer, "query", None)
    if not (isinstance(effective, Query) and followup.worth_remembering(effective)):
        return answer, None
    remembered = followup.to_dict(effective)
    if hasattr(store, "context"):
        store.context.note(chat_id, user_id, remembered, now)
    return answer, (chat_id, user_id, remembered, now)


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


def register(app: Application) -> None:
    only_new = filters.UpdateType.MESSAGE  # edited messages are ignored (see handlers/app.py)
    app.add_handler(CommandHandler("ask", ask_command, filters=only_new))
    app.add_handler(MessageHandler(only_new & filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND, private_text))
    app.add_handler(
        MessageHandler(only_new & filters.ChatType.GROUPS & filters.TEXT & ~filters.COMMAND & AddressedToBot(), group_text)
    )
