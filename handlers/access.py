"""Who may talk to the bot: records every user seen and, under MONITORBOT_ACCESS=team, stops
strangers with one polite sentence (their user id included) before any other handler runs.

A group message sent on behalf of a chat (an anonymous admin writes as the group, "send as" a
channel) names no person: it is decided by that chat alone. Updates with no sender at all
(channel posts, a message without `from`) and a linked channel's automatic forwards are never
answered. A bot is never trusted for being a bot."""

from __future__ import annotations

import asyncio
import logging

from telegram import InlineQueryResultArticle, InputTextMessageContent, Message, Update, User
from telegram.ext import Application, ApplicationHandlerStop, TypeHandler

from bot.access import SERVICE_ACCOUNTS
from bot.i18n import tr
from bot.store.offload import answered_from_memory, from_memory_or_off_loop, off_loop
from handlers.addressing import AddressedToBot
from handlers.language import reply_language
from handlers.services import MonitorContext, Services

log = logging.getLogger(__name__)

GATE_GROUP = -10  # before every feature handler (group 0) and the menus


def stranger_text(lang: str, user_id: int) -> str:
    return tr(lang).gettext(
        "Sorry, this bot answers only its team. Your user id is {user_id}: pass it to an admin to be let in."
    ).format(user_id=user_id)


def chat_sender_text(lang: str, chat_id: int) -> str:
    return tr(lang).gettext(
        "Sorry, this bot answers only its team. Anonymous admins and channels can't be identified: write as yourself, or ask an admin to /allow {chat_id}."
    ).format(chat_id=chat_id)


def not_curator_text(lang: str) -> str:
    return tr(lang).gettext("Only curators can change the store. Ask an admin if you need to.")


def not_admin_text(lang: str) -> str:
    return tr(lang).gettext("Only an admin can do that.")


def is_person(user: User | None) -> bool:
    """One person: not a bot, nor Telegram's stand-in for an anonymous admin or a channel."""
    return user is not None and not user.is_bot and user.id not in SERVICE_ACCOUNTS


def may_curate(services: Services, user: User | None) -> bool:
    """Asked at the moment of every curator action (commands, messages and button presses)."""
    return is_person(user) and bool(services.policy.may_curate(user.id))


def is_admin(services: Services, user: User | None) -> bool:
    return is_person(user) and bool(services.policy.is_admin(user.id))


SEEN_WAIT = 1.0  # seconds the gate waits for "seen" to be written before answering anyway


def _record_seen(services: Services, user: User) -> None:
    try:
        services.store.people.record_seen(user.id, username=user.username, name=user.full_name,
                                   language=user.language_code)
    except Exception as exc:  # remembering a name is a nicety: never stop an answer for it
        log.warning("could not record user %s: %r", user.id, exc)


async def _note_seen(services: Services, user: User) -> None:
    """Usually nothing to write (see record_seen), which memory tells at once; a write goes to a
    store thread. If the database is slow — another process holding SQLite's write lock, a
    hanging server — the answer does not wait for it beyond SEEN_WAIT: the write finishes (or
    logs its failure) on its own."""
    if answered_from_memory(services.store, _record_seen, services, user)[0]:
        return
    write = asyncio.ensure_future(off_loop(services.store, _record_seen, services, user))
    try:
        await asyncio.wait_for(asyncio.shield(write), SEEN_WAIT)
    except TimeoutError:
        log.info("recording user %s is slow; answering first", user.id)


def _addressed(message: Message, bot_username: str | None) -> bool:
    """A group message meant for the bot: a mention, a reply to it, or a command for it."""
    if AddressedToBot().filter(message):
        return True
    text = message.text or ""
    if not text.startswith("/"):
        return False
    target = text.split()[0].partition("@")[2].lower()
    return not target or target == (bot_username or "").lower()


async def gate(update: Update, context: MonitorContext) -> None:
    """Runs first for every update."""
    services = context.services
    sent = update.message or update.edited_message
    if sent is not None and sent.sender_chat is not None:
        await _gate_chat_sender(update, context, sent)
        return
    user = update.effective_user
    if user is None:
        # Channel posts, a message without a sender, polls: nobody to answer, nor to check.
        raise ApplicationHandlerStop
    if is_person(user):
        await _note_seen(services, user)
    if services.settings.access != "team":
        return
    chat = update.effective_chat
    if is_person(user) and await from_memory_or_off_loop(services.store, services.policy.may_ask, user.id,
                                                         chat.id if chat else None, chat.type if chat else None):
        return
    lang = reply_language(services, user)
    text = stranger_text(lang, user.id)
    log.info("update %s: user %s is not on the team", update.update_id, user.id)
    if update.inline_query:
        article = InlineQueryResultArticle(id="not-allowed", title=text[:120],
                                           input_message_content=InputTextMessageContent(text))
        await update.inline_query.answer([article], cache_time=0, is_personal=True)
    elif update.callback_query:
        await update.callback_query.answer(text[:200], show_alert=True)
    elif update.message and chat is not None:
        if chat.type == "private" or _addressed(update.message, context.bot.username):
            await update.message.reply_text(text)
    raise ApplicationHandlerStop


async def _gate_chat_sender(update: Update, context: MonitorContext, message: Message) -> None:
    """A message sent on behalf of a chat: its `from` is a stand-in shared by everyone who writes
    so, so only the chat it is sent as decides (policy.may_ask_as_chat)."""
    sender = message.sender_chat
    if message.is_automatic_forward:
        raise ApplicationHandlerStop  # a linked channel's post copied into its discussion group
    if await from_memory_or_off_loop(context.services.store, context.services.policy.may_ask_as_chat, sender.id):
        return
    log.info("update %s: sent as chat %s, which is not allowed", update.update_id, sender.id)
    if update.message is not None and _addressed(message, context.bot.username):
        # No person, so no saved or client language: the message's own language, else English.
        lang = reply_language(context.services, None, message.text or message.caption)
        await message.reply_text(chat_sender_text(lang, sender.id))
    raise ApplicationHandlerStop


def register(app: Application) -> None:
    app.add_handler(TypeHandler(Update, gate), group=GATE_GROUP)
