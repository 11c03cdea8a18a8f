"""The one error handler: log the update id and traceback, apologise in the user's language.

A UserFacingError that reaches it is no failure: the person is told what it says (bot.i18n.error_text),
in their language; a handler may let one through instead of wording it itself.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import Application

import bot.curation.problem_text  # noqa: F401 - registers the wording of the store's ImportError_
import bot.digests.errors  # noqa: F401 - registers the wording of the store's SubscriptionError
from bot import metrics
from bot.errors import UserFacingError
from bot.i18n import choose_language, error_text, tr
from handlers.language import reply_language
from handlers.services import MonitorContext

log = logging.getLogger("handlers.errors")


async def on_error(update: object, context: MonitorContext) -> None:
    update_id = update.update_id if isinstance(update, Update) else None
    told = isinstance(context.error, UserFacingError) and isinstance(update, Update)
    if told:
        log.info("update %s: %r", update_id, context.error)
    else:
        metrics.count_error(_where(update, context))
        log.error("update %s failed: %r", update_id, context.error, exc_info=context.error)
    if not isinstance(update, Update):
        return
    lang = _language(update, context)
    apology = error_text(context.error, lang) if told else tr(lang).gettext(
        "Sorry, something went wrong and I could not answer. Nothing was changed; please try again."
    )
    try:
        if update.callback_query:
            await update.callback_query.answer(apology, show_alert=True)
        elif update.effective_message and update.effective_chat and update.effective_chat.type != "channel":
            await update.effective_message.reply_text(apology)
    except Exception as exc:  # the apology itself failed: logging is all that is left
        log.error("update %s: could not send the apology: %r", update_id, exc)


def _where(update: object, context: MonitorContext) -> str:
    """The metrics label: the job's name, or the kind of update whose handler failed."""
    job = getattr(context, "job", None)  # PTB sets it on a job's context only
    if job is not None:
        return f"job:{job.name}"
    return f"update:{metrics.update_kind(update)}" if isinstance(update, Update) else "other"


def _language(update: Update, context: MonitorContext) -> str:
    """The user's language, even when the failure was in deciding it."""
    user = update.effective_user
    text = update.effective_message.text if update.effective_message else None
    try:
        return reply_language(context.services, user, text)
    except Exception:
        return choose_language(None, None, user.language_code if user else None)


def register(app: Application) -> None:
    app.add_error_handler(on_error)
