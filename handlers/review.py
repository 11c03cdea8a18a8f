"""/review: figures spotted in new reporting, one at a time with the sentence and the report link:
Accept (creates the estimate, its source filled from the report), Edit first (change the figure or
the estimator, then save), Dismiss, Next. Curators only; every press is checked again."""

from __future__ import annotations

import html
import logging
import warnings

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.answering.figures import format_date, format_figure, place_name, text_of
from bot.curation import fields
from bot.curation.forms import FormError
from bot.i18n import error_text, tr
from bot.ids import parse_id
from bot.ingest.extract import is_pasted_url
from bot.ingest.sentence_facts import read_sentence
from bot.store import Store
from bot.store.problems import ImportError_
from bot.store.records import CandidateRecord, EstimateRecord, pick_text
from handlers.access import may_curate, not_curator_text
from handlers.curate import curator_language, lexicon_of
from handlers.language import reply_language
from handlers.services import SERVICES_KEY, MonitorContext, Services, actor

log = logging.getLogger(__name__)

PREFIX = "rev"
EDIT_KEY = "review_edit"  # user_data: {"id": candidate id, "overrides": {...}, "field": ...}
EDITING, TYPING = range(2)
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def _pending(store: Store) -> list[CandidateRecord]:
    return list(store.candidates.find(status="pending"))


def _candidate(store: Store, cid: int) -> CandidateRecord | None:
    """The candidate if it is still pending (another curator may have decided it meanwhile)."""
    found = store.candidates.get(cid)
    return found if found is not None and found.status == "pending" else None


def figure_text(candidate: CandidateRecord, lang: str, overrides: dict | None = None) -> str:
    """The candidate's figure worded as answers word figures ('about 300 people', 'more than 500')."""
    data = {"value": candidate.value, "low": candidate.low, "high": candidate.high}
    unit = candidate.unit or "people"
    approx = candidate.qualifier == "about"
    if overrides and any(k in overrides for k in ("value", "low", "high")):
        data = {k: overrides.get(k) for k in ("value", "low", "high")}
        unit = overrides.get("unit", unit)
        approx = bool(overrides.get("approx"))
    data = {k: (int(v) if isinstance(v, float) and v.is_integer() else v) for k, v in data.items()}
    est = EstimateRecord(id="", topic=candidate.topic, place=candidate.place, unit=unit, approx=approx, **data)
    return format_figure(est, lang)


def candidate_html(services: Services, candidate: CandidateRecord, lang: str, *, position: int, total: int,
                   overrides: dict | None = None) -> str:
    """One spotted figure: where, what, the figure, the sentence, the report as a link."""
    t, store = tr(lang), services.store
    places = {p.code: p for p in store.entries.places()}
    topics = {tp.key: tp for tp in store.entries.topics()}
    topic = text_of(topics[candidate.topic].label, lang) if candidate.topic in topics else candidate.topic
    head = t.gettext("Spotted figure {n} of {total}").format(n=position, total=total)
    lines = [f"<i>{html.escape(head)}</i>",
             f"<b>{html.escape(place_name(candidate.place, lang, places))} · {html.escape(topic)}</b>: "
             f"{html.escape(figure_text(candidate, lang, overrides))}"]
    try:  # the estimate accepting would create, and where its estimator and date were taken from
        estimate = store.candidates.estimate(candidate.id, overrides, read_sentence=read_sentence)
        origins = store.candidates.origins(candidate.id, overrides, read_sentence=read_sentence)
    except ValueError:
        estimate, origins = {}, {}
    lines.extend(html.escape(line) for line in guessed_lines(estimate, origins, lang))
    lines.append(f"«{html.escape(candidate.sentence)}»")
    report = store.entries.get("report", candidate.report_id)
    if report is not None:
        title = text_of(report.title, lang) or report.url
        published = f" ({html.escape(report.published)})" if report.published else ""
        if is_pasted_url(report.url):  # pasted text: there is no page to link to
            lines.append(html.escape(t.gettext("Report:")) + f" {html.escape(title)}{published} "
                         + html.escape(t.gettext("(pasted text)")))
        else:
            lines.append(html.escape(t.gettext("Report:")) + f' <a href="{html.escape(report.url, quote=True)}">'
                         f"{html.escape(title)}</a>{published}")
    return "\n".join(lines)


def guessed_lines(estimate: dict, origins: dict[str, str], lang: str) -> list[str]:
    """The estimator and the "as of" date accepting would save, each saying where it came from:
    the sentence, or a guess (the publication, its date) the curator may want to correct."""
    t = tr(lang)
    out = []
    if estimate.get("estimator"):
        picked = pick_text(estimate["estimator"], lang) if isinstance(estimate["estimator"], dict) else None
        name = picked[0] if picked else text_of(estimate["estimator"], lang)  # a name, shown as written
        origin = origins.get("estimator")
        if origin == "sentence":
            out.append(t.gettext("Estimator: {name} (from the sentence)").format(name=name))
        elif origin == "publication":
            out.append(t.gettext("Estimator: {name} (guessed: the publication; the sentence names no one)")
                       .format(name=name))
        else:
            out.append(t.gettext("Estimator: {name}").format(name=name))
    if estimate.get("as_of"):
        when = format_date(estimate["as_of"], lang)
        origin = origins.get("as_of")
        if origin == "sentence":
            out.append(t.gettext("As of: {date} (from the sentence)").format(date=when))
        elif origin == "published":
            out.append(t.gettext("As of: {date} (guessed: the publication date; the sentence gives none)")
                       .format(date=when))
        elif origin == "today":
            out.append(t.gettext("As of: {date} (guessed: today; neither the sentence nor the report gives a date)")
                       .format(date=when))
        else:
            out.append(t.gettext("As of: {date}").format(date=when))
    return out


def review_markup(cid: int, lang: str) -> InlineKeyboardMarkup:
    t = tr(lang)
    return InlineKeyboardMarkup([
        [InlineKeyboardButton(t.gettext("Accept"), callback_data=f"{PREFIX}:ok:{cid}"),
         InlineKeyboardButton(t.gettext("Edit first"), callback_data=f"{PREFIX}:edit:{cid}")],
        [InlineKeyboardButton(t.gettext("Dismiss"), callback_data=f"{PREFIX}:no:{cid}"),
         InlineKeyboardButton(t.gettext("Next"), callback_data=f"{PREFIX}:next:{cid}")],
    ])


async def _show(message: Message, services: Services, lang: str, *, after: int | None = None) -> None:
    """Send the next pending candidate (the one after `after` in the queue, wrapping), or say none is left."""
    t = tr(lang)
    pending = _pending(services.store)
    if not pending:
        await message.reply_text(t.gettext("No spotted figures are waiting for review."))
        return
    index = 0
    if after is not None:
        ids = [c.id for c in pending]
        later = [i for i, cid in enumerate(ids) if cid > after]
        index = later[0] if later else 0
    candidate = pending[index]
    text = candidate_html(services, candidate, lang, position=index + 1, total=len(pending))
    await message.reply_text(text, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW,
                             reply_markup=review_markup(candidate.id, lang))


async def review_command(update: Update, context: MonitorContext) -> None:
    lang = await curator_language(update, context)
    if lang is None:
        return
    await _show(update.effective_message, context.services, lang)


def _parse(data: str | None) -> tuple[str, int] | None:
    parts = (data or "").split(":")
    ident = parse_id(parts[2]) if len(parts) == 3 else None
    if ident is None or parts[0] != PREFIX:
        return None
    return parts[1], ident


async def _drop_buttons(query: CallbackQuery) -> None:
    try:
        await query.edit_message_reply_markup(None)
    except TelegramError as exc:  # an old message may not be editable
        log.info("could not remove the buttons: %r", exc)


def accept(services: Services, cid: int, user_id: int, overrides: dict | None, lang: str) -> tuple[bool, str]:
    """Accept a candidate (with the curator's changes): (accepted, what to say)."""
    t = tr(lang)
    try:
        result = services.store.candidates.accept(cid, actor(user_id), overrides=dict(overrides or {}),
                                                 read_sentence=read_sentence)
    except ImportError_ as exc:
        return False, t.gettext("Not saved:") + "\n" + error_text(exc, lang)
    except (KeyError, ValueError) as exc:  # decided meanwhile, or gone
        log.info("accept candidate %s refused: %r", cid, exc)
        return False, t.gettext("This figure was already reviewed.")
    ident = result.id
    log.info("user %s accepted candidate %s -> estimate %s", user_id, cid, ident)
    return True, t.gettext("Saved: new estimate {id}.").format(id=ident)


async def review_button(update: Update, context: MonitorContext) -> int | None:
    """Accept / Dismiss / Next (Edit first is the conversation's entry point)."""
    query, services = update.callback_query, context.services
    lang = reply_language(services, query.from_user)
    t = tr(lang)
    if not may_curate(services, query.from_user):
        log.warning("user %s pressed a review button without the right", query.from_user.id)
        await query.answer(not_curator_text(lang), show_alert=True)
        return ConversationHandler.END
    parsed = _parse(query.data)
    if parsed is None or parsed[0] not in {"ok", "no", "next", "save"}:
        await query.answer(t.gettext("This button has expired."), show_alert=True)
        return None
    verb, cid = parsed
    if verb == "next":
        await query.answer()
        await _drop_buttons(query)
        await _show(query.message, services, lang, after=cid)
        return None
    if _candidate(services.store, cid) is None:
        await query.answer(t.gettext("This figure was already reviewed."), show_alert=True)
        await _drop_buttons(query)
        return ConversationHandler.END
    await query.answer()
    if verb == "no":
        services.store.candidates.dismiss(cid, actor(query.from_user.id))
        log.info("user %s dismissed candidate %s", query.from_user.id, cid)
        await _drop_buttons(query)
        await query.message.reply_text(t.gettext("Dismissed."))
        await _show(query.message, services, lang)
        return ConversationHandler.END
    overrides = None
    edit = context.user_data.get(EDIT_KEY) or {}
    if verb == "save" and edit.get("id") == cid:
        overrides = edit.get("overrides")
    ok, text = accept(services, cid, query.from_user.id, overrides, lang)
    await _drop_buttons(query)
    await query.message.reply_text(text)
    if ok:
        context.user_data.pop(EDIT_KEY, None)
        await _show(query.message, services, lang)
        return ConversationHandler.END
    return EDITING if verb == "save" else ConversationHandler.END


# --- Edit first ----------------------------------------------------------------------------------

def edit_markup(cid: int, lang: str) -> InlineKeyboardMarkup:
    t = tr(lang)
    return InlineKeyboardMarkup([
        [InlineKeyboardButton(t.gettext("Figure"), callback_data=f"{PREFIX}:fig:{cid}"),
         InlineKeyboardButton(t.gettext("Estimator"), callback_data=f"{PREFIX}:who:{cid}"),
         InlineKeyboardButton(t.gettext("As of"), callback_data=f"{PREFIX}:when:{cid}")],
        [InlineKeyboardButton(t.gettext("Save"), callback_data=f"{PREFIX}:save:{cid}"),
         InlineKeyboardButton(t.gettext("Cancel"), callback_data=f"{PREFIX}:stop:{cid}")],
    ])


async def _show_edit(message: Message, services: Services, edit: dict, lang: str) -> None:
    candidate = _candidate(services.store, edit["id"])
    if candidate is None:
        await message.reply_text(tr(lang).gettext("This figure was already reviewed."))
        return
    pending = _pending(services.store)
    position = next((i for i, c in enumerate(pending) if c.id == candidate.id), 0) + 1
    text = candidate_html(services, candidate, lang, position=position, total=len(pending),
                          overrides=edit.get("overrides"))
    text += "\n\n" + html.escape(tr(lang).gettext("Change the figure, the estimator or the date, then Save."))
    await message.reply_text(text, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW,
                             reply_markup=edit_markup(candidate.id, lang))


async def edit_start(update: Update, context: MonitorContext) -> int:
    query, services = update.callback_query, context.services
    lang = reply_language(services, query.from_user)
    if not may_curate(services, query.from_user):
        await query.answer(not_curator_text(lang), show_alert=True)
        return ConversationHandler.END
    parsed = _parse(query.data)
    if parsed is None or _candidate(services.store, parsed[1]) is None:
        await query.answer(tr(lang).gettext("This figure was already reviewed."), show_alert=True)
        return ConversationHandler.END
    await query.answer()
    await _drop_buttons(query)
    edit = {"id": parsed[1], "overrides": {}, "field": None}
    context.user_data[EDIT_KEY] = edit
    await _show_edit(query.message, services, edit, lang)
    return EDITING


async def edit_field(update: Update, context: MonitorContext) -> int:
    """Figure / Estimator: ask for the new value (typed)."""
    query, services = update.callback_query, context.services
    lang = reply_language(services, query.from_user)
    t = tr(lang)
    if not may_curate(services, query.from_user):
        await query.answer(not_curator_text(lang), show_alert=True)
        return ConversationHandler.END
    parsed = _parse(query.data)
    edit = context.user_data.get(EDIT_KEY) or {}
    if parsed is None or edit.get("id") != parsed[1]:
        await query.answer(t.gettext("This button has expired."), show_alert=True)
        return EDITING
    await query.answer()
    edit["field"] = {"fig": "figure", "when": "as_of"}.get(parsed[0], "estimator")
    question = {"figure": t.gettext("The figure: 250, >500, up to 80, 80-100 or 12%."),
                "as_of": t.gettext("As of when? YYYY, YYYY-MM or YYYY-MM-DD."),
                }.get(edit["field"]) or t.gettext("Who gives the figure (the estimator)?")
    await query.message.reply_text(question)
    return TYPING


async def edit_value(update: Update, context: MonitorContext) -> int:
    """The typed figure or estimator, checked by the same rules as /add."""
    services, message = context.services, update.effective_message
    lang = reply_language(services, update.effective_user)
    t = tr(lang)
    if not may_curate(services, update.effective_user):
        context.user_data.pop(EDIT_KEY, None)
        await message.reply_text(not_curator_text(lang))
        return ConversationHandler.END
    edit = context.user_data.get(EDIT_KEY) or {}
    field = edit.get("field")
    if not field:
        return EDITING
    candidate = _candidate(services.store, edit["id"])
    if candidate is None:
        context.user_data.pop(EDIT_KEY, None)
        await message.reply_text(t.gettext("This figure was already reviewed."))
        return ConversationHandler.END
    base = {"topic": candidate.topic, "place": candidate.place}
    try:
        data = fields.apply(base, field, message.text or "", lexicon_of(services), kind="estimate")
    except FormError as exc:
        await message.reply_text(error_text(exc, lang) + "\n" + t.gettext("Please send it again, or /cancel."))
        return TYPING
    overrides = edit.setdefault("overrides", {})
    if field == "figure":
        for k in ("value", "low", "high", "unit", "approx"):
            overrides.pop(k, None)
        overrides.update({k: data[k] for k in ("value", "low", "high", "unit", "approx") if data.get(k) is not None})
    else:
        overrides[field] = data.get(field)
    edit["field"] = None
    await _show_edit(message, services, edit, lang)
    return EDITING


async def edit_stop(update: Update, context: MonitorContext) -> int:
    """Cancel (button or /cancel): nothing saved, the candidate stays pending."""
    context.user_data.pop(EDIT_KEY, None)
    lang = reply_language(context.services, update.effective_user)
    t = tr(lang)
    if update.callback_query is not None:
        await update.callback_query.answer()
        await _drop_buttons(update.callback_query)
    await update.effective_message.reply_text(t.gettext("Cancelled. The figure stays in /review."))
    return ConversationHandler.END


def conversation(timeout: float | None) -> ConversationHandler:
    with warnings.catch_warnings():
        # per_message=False on purpose: the edit follows the curator, as the /add flow does.
        warnings.simplefilter("ignore", PTBUserWarning)
        return ConversationHandler(
            entry_points=[CallbackQueryHandler(edit_start, pattern=rf"^{PREFIX}:edit:\d+$")],
            states={
                EDITING: [CallbackQueryHandler(edit_field, pattern=rf"^{PREFIX}:(fig|who|when):\d+$"),
                          CallbackQueryHandler(review_button, pattern=rf"^{PREFIX}:(save|ok|no|next):\d+$"),
                          CallbackQueryHandler(edit_stop, pattern=rf"^{PREFIX}:stop:\d+$")],
                TYPING: [MessageHandler(filters.TEXT & ~filters.COMMAND & filters.UpdateType.MESSAGE, edit_value),
                         CallbackQueryHandler(edit_stop, pattern=rf"^{PREFIX}:stop:\d+$")],
            },
            fallbacks=[CommandHandler("cancel", edit_stop)],
            allow_reentry=True,
            per_user=True,
            per_chat=True,
            conversation_timeout=timeout,
            name="review-edit",
        )


def register(app: Application) -> None:
    services: Services = app.bot_data[SERVICES_KEY]
    app.add_handler(conversation(services.conversation_timeout or None))
    app.add_handler(CommandHandler("review", review_command,
                                   filters=filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE))
    app.add_handler(CallbackQueryHandler(review_button, pattern=rf"^{PREFIX}:(ok|no|next|save):\d+$"))
