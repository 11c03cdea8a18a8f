"""Who may talk to the bot: records every user seen and, under MONITORBOT_ACCESS=team, stops
strangers with one polite sentence (their user id included) before any other handler runs."""

from __future__ import annotations

import logging

from telegram import InlineQueryResultArticle, InputTextMessageContent, Message, Update, User
from telegram.ext import Application, ApplicationHandlerStop, TypeHandler

from bot.i18n import tr
from handlers.language import reply_language
from handlers.services import MonitorContext, Services

log = logging.getLogger(__name__)

GATE_GROUP = -10  # before every feature handler (group 0) and the menus


def stranger_text(lang: str, user_id: int) -> str:
    return tr(lang).gettext(
        "Sorry, this bot answers only its team. Your user id is {user_id}: pass it to an admin to be let in."
    ).format(user_id=user_id)


def not_curator_text(lang: str) -> str:
    return tr(lang).gettext("Only curators can change the store. Ask an admin if you need to.")


def not_admin_text(lang: str) -> str:
    return tr(lang).gettext("Only an admin can do that.")


def may_curate(services: Services, user: User | None) -> bool:
    """Asked at the moment of every curator action (commands, messages and button presses)."""
    return user is not None and not user.is_bot and bool(services.policy.may_curate(user.id))


def is_admin(services: Services, user: User | None) -> bool:
    return user is not None and not user.is_bot and bool(services.policy.is_admin(user.id))


def _record_seen(services: Services, user: User) -> None:
    try:
        services.store.record_seen(user.id, username=user.username, name=user.full_name,
                                   language=user.language_code)
    except Exception as exc:  # remembering a name is a nicety: never stop an answer for it
        log.warning("could not record user %s: %r", user.id, exc)


def _addressed(message: Message, bot_username: str | None) -> bool:
    """A group message meant for the bot: a mention, a reply to it, or a command for it."""
    from handlers.ask import AddressedToBot

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
    user = update.effective_user
    if user is None or user.is_bot:
        return  # channel posts and service updates: the feature handlers ignore them anyway
    _record_seen(services, user)
    if services.settings.access != "team":
        return
    chat = update.effective_chat
    if services.policy.may_ask(user.id, chat.id if chat else None, chat.type if chat else None):
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


def register(app: Application) -> None:
    app.add_handler(TypeHandler(Update, gate), group=GATE_GROUP)
