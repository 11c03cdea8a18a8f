"""/why and the "Sources" button under answers.

The button gives everyone what typing "source?" gives: each figure's estimator, publication,
date, title and link (the answer rebuilt from its entries, rendered as a "sources" answer).
/why is for curators: the entry ids, revisions, topic keys and how the question was read; anyone
else typing /why gets the same sources as the button.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    filters,
)

from bot.i18n import normalise_language, tr
from handlers.access import may_curate
from handlers.language import reply_language
from handlers.replies import LAST_ANSWER, send_html
from handlers.services import MonitorContext, Services
from handlers.tokens import Ref

log = logging.getLogger(__name__)


def _still_there(services: Services, refs: list[Ref]) -> bool:
    """Every ref names an entry the store still has (a forged or retracted one does not)."""
    return all(services.store.entries.get(kind, ident) is not None for kind, ident in refs)


def rebuild(services: Services, refs: list[Ref]):
    """The answer for `refs`, or None when they no longer (or never did) make one."""
    if not refs or not _still_there(services, refs):
        return None
    try:
        return services.answerer.answer_by_ids([f"{kind}:{ident}" for kind, ident in refs])
    except (KeyError, LookupError, ValueError) as exc:
        log.info("why: refs %s not answerable: %s", refs, exc)
        return None


def sources_of(services: Services, answer, lang: str, fmt: str = "html") -> str | None:
    """What "source?" would give for `answer`: its entries in full, or None when it drew on none."""
    used = list(answer.used)
    rebuilt = rebuild(services, used)
    return services.render(rebuilt, lang, fmt=fmt) if rebuilt is not None else None


async def why_command(update: Update, context: MonitorContext) -> None:
    """/why: how the last answer was made (curators), or its sources (everyone else)."""
    message, services = update.effective_message, context.services
    last = (context.user_data or {}).get(LAST_ANSWER)
    if not last:
        t = tr(reply_language(services, update.effective_user))
        await message.reply_text(t.gettext("Ask me a question first; then /why shows where the answer came from."))
        return
    answer, lang = last
    if not may_curate(services, update.effective_user):
        sources = sources_of(services, answer, lang)
        if sources:
            await send_html(message, sources)
            return
    await send_html(message, services.render_why(answer, lang, fmt="html"))


async def why_button(update: Update, context: MonitorContext) -> None:
    """A press on "Sources": the data is decoded and re-checked, never trusted; the reply is the
    answer's sources in full, as "source?" would give them (never ids: those are /why's)."""
    query, services = update.callback_query, context.services
    decoded = services.why_tokens.decode(query.data)
    answer = rebuild(services, decoded[1]) if decoded else None
    if answer is None:
        t = tr(reply_language(services, query.from_user))
        await query.answer(t.gettext("This answer has expired. Please ask again."), show_alert=True)
        return
    lang = normalise_language(decoded[0]) or reply_language(services, query.from_user)
    if query.message is None or not hasattr(query.message, "reply_text"):
        # Sent inline (or too old to reply to): an alert holds up to 200 characters of plain text.
        text = services.render(answer, lang, fmt="text")
        await query.answer(text if len(text) <= 200 else text[:199] + "…", show_alert=True)
        return
    await query.answer()
    await send_html(query.message, services.render(answer, lang, fmt="html"))


async def stale_button(update: Update, context: MonitorContext) -> None:
    """Any other callback data (an old keyboard, a forged press): a polite alert."""
    t = tr(reply_language(context.services, update.callback_query.from_user))
    await update.callback_query.answer(t.gettext("This button has expired."), show_alert=True)


async def detached_button(update: Update, context: MonitorContext) -> None:
    """Group DETACHED_GROUP, after the access gate: a press that comes with no message (only an
    inline_message_id) can only be a "Sources" button under an inline answer; every other
    button lives under a message of a chat, so without one it is forged: a polite alert, and no
    handler below meets a callback without its message."""
    query = update.callback_query
    if query is None or query.message is not None or (query.data or "").startswith("why:"):
        return
    log.info("update %s: a button press without a message (%r): refused", update.update_id, (query.data or "")[:64])
    t = tr(reply_language(context.services, query.from_user))
    await query.answer(t.gettext("This button has expired."), show_alert=True)
    raise ApplicationHandlerStop


DETACHED_GROUP = -9  # right after the access gate (-10)


def register_guard(app: Application) -> None:
    app.add_handler(CallbackQueryHandler(detached_button), group=DETACHED_GROUP)


def register(app: Application) -> None:
    app.add_handler(CommandHandler("why", why_command, filters=filters.UpdateType.MESSAGE))
    app.add_handler(CallbackQueryHandler(why_button, pattern=r"^why:"))


def register_fallback(app: Application) -> None:
    """Registered last among callback handlers: catches whatever data nobody else claimed."""
    app.add_handler(CallbackQueryHandler(stale_button))
