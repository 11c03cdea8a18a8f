"""Guided entry: /add (estimate, law, report, place, topic) asks one field at a time, with buttons
for short lists and "Skip" for optional fields, then shows the whole entry to confirm; /report
takes a link (fetched and extracted) or the text that follows. /cancel at any step; an abandoned
flow times out with a message."""

from __future__ import annotations

import asyncio
import html
import logging
import warnings
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.curation import fields
from bot.curation.fields import FieldSpec
from bot.curation.forms import FormError, field_label
from bot.i18n import error_text, tr
from bot.ids import parse_id
from bot.ingest.extract import Article, extract_article, pasted_url, report_from_text
from bot.ingest.fetch import FetchError, fetch_url
from bot.store.validate import is_web_address
from handlers import pending as pending_mod
from handlers.access import may_curate, not_curator_text
from handlers.curate import command_rest, curator_language, lexicon_of, propose
from handlers.entries import KINDS, check_typed, fmt_value, kind_name
from handlers.language import reply_language
from handlers.services import SERVICES_KEY, MonitorContext, Services

log = logging.getLogger(__name__)

FLOW_KEY = "add_flow"  # user_data: the entry being built
KIND, FIELD, CONFIRM, PICK, REPORT_TEXT = range(5)
MAX_BUTTONS = 12  # a longer list is typed, not pressed
PREFIX = "add"


# --- field specs (bot.curation.fields) -----------------------------------------------------------

def specs(kind: str) -> tuple[FieldSpec, ...]:
    return fields.flow(kind)


def spec_label(spec: FieldSpec, lang: str) -> str:
    label = field_label(spec.name, lang)
    return label[:1].upper() + label[1:]


def spec_choices(kind: str, spec: FieldSpec, services: Services, lang: str) -> list[tuple[str, str]]:
    """(value, button text) for a short list; [] when the field is typed."""
    if not spec.choices:
        return []
    t = tr(lang)
    found = fields.choices(kind, spec.name, services.store, lexicon_of(services), lang)
    out = [(c.value, t.gettext(c.label) if c.translate else c.label) for c in found]
    return out[:MAX_BUTTONS]


# --- state ---------------------------------------------------------------------------------------

def _flow(context: MonitorContext) -> dict:
    return context.user_data.setdefault(FLOW_KEY, {})


def _lang(update: Update, context: MonitorContext) -> str:
    return reply_language(context.services, update.effective_user)


async def _ack(update: Update) -> None:
    """Answer a button press once (Telegram refuses a second answer to the same press)."""
    query = update.callback_query
    if query is not None and query.id not in _ACKED:
        _ACKED[query.id] = None
        while len(_ACKED) > 256:  # only the presses being handled right now matter
            _ACKED.pop(next(iter(_ACKED)))
        await query.answer()


_ACKED: dict[str, None] = {}  # press ids answered already, oldest first


async def _say(update: Update, text: str, markup: InlineKeyboardMarkup | None = None, *, html_text: bool = False) -> None:
    message = update.effective_message
    await _ack(update)
    if message is None or not hasattr(message, "reply_text"):
        return
    await message.reply_text(text, reply_markup=markup, parse_mode=ParseMode.HTML if html_text else None)


def _next_index(flow: dict, start: int) -> int | None:
    """The next field to ask from `start` on, skipping those already filled (a pasted report)."""
    fields = specs(flow["kind"])
    for i in range(start, len(fields)):
        if fields[i].name not in flow.get("prefilled", ()):
            return i
    return None


async def _ask(update: Update, context: MonitorContext, lang: str) -> int:
    """Ask the current field (with its buttons); returns the FIELD state."""
    flow, services, t = _flow(context), context.services, tr(lang)
    fields = specs(flow["kind"])
    spec = fields[flow["index"]]
    step = t.gettext("{kind}, step {n} of {total}").format(
        kind=kind_name(flow["kind"], lang).capitalize(), n=flow["index"] + 1, total=len(fields))
    lines = [f"<i>{html.escape(step)}</i>", f"<b>{html.escape(t.gettext(spec.question))}</b>"]
    current = _current_value(flow["data"], spec.name)
    if current:
        lines.append(html.escape(t.gettext("Now: {value}").format(value=current)))
    choices = spec_choices(flow["kind"], spec, services, lang)
    flow["choices"] = [value for value, _ in choices]
    rows = [[InlineKeyboardButton(label[:40], callback_data=f"{PREFIX}:c:{i}")] for i, (_, label) in enumerate(choices)]
    rows = [sum(rows[i:i + 3], []) for i in range(0, len(rows), 3)]
    tail = []
    if not spec.required:
        tail.append(InlineKeyboardButton(t.gettext("Skip"), callback_data=f"{PREFIX}:skip"))
    tail.append(InlineKeyboardButton(t.gettext("Cancel"), callback_data=f"{PREFIX}:cancel"))
    rows.append(tail)
    await _say(update, "\n".join(lines), InlineKeyboardMarkup(rows), html_text=True)
    return FIELD


def _current_value(data: dict, name: str) -> str:
    if name == "figure":
        parts = [f"{k}: {data[k]}" for k in ("value", "low", "high", "approx") if k in data]
        return ", ".join(parts)
    value: Any = data
    for part in name.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return fmt_value(value) if value not in (None, "", [], {}) else ""


# --- entry ---------------------------------------------------------------------------------------

async def add_command(update: Update, context: MonitorContext) -> int:
    """/add or /add estimate|law|report|place|topic."""
    lang = await curator_language(update, context)
    if lang is None:
        return ConversationHandler.END
    args = [a.lower() for a in (context.args or [])]
    context.user_data[FLOW_KEY] = {}
    if args and args[0] in KINDS:
        return await _start(update, context, args[0], lang)
    t = tr(lang)
    rows = [[InlineKeyboardButton(kind_name(k, lang).capitalize(), callback_data=f"{PREFIX}:k:{k}")] for k in KINDS]
    rows.append([InlineKeyboardButton(t.gettext("Cancel"), callback_data=f"{PREFIX}:cancel")])
    await _say(update, t.gettext("What would you like to add?"), InlineKeyboardMarkup(rows))
    return KIND


async def _start(update: Update, context: MonitorContext, kind: str, lang: str, prefilled: dict | None = None) -> int:
    flow = context.user_data.setdefault(FLOW_KEY, {})
    flow.update(kind=kind, data=dict(prefilled or {}), prefilled=set(prefilled or ()), back=False, token=None)
    index = _next_index(flow, 0)
    if index is None:
        return await _confirm(update, context, lang)
    flow["index"] = index
    return await _ask(update, context, lang)


async def kind_button(update: Update, context: MonitorContext) -> int:
    lang = _lang(update, context)
    if not await _still_curator(update, context, lang):
        return ConversationHandler.END
    kind = (update.callback_query.data or "").rsplit(":", 1)[-1]
    if kind not in KINDS:
        await update.callback_query.answer(tr(lang).gettext("This button has expired."), show_alert=True)
        return KIND
    return await _start(update, context, kind, lang)


async def _still_curator(update: Update, context: MonitorContext, lang: str) -> bool:
    """Every step re-checks the right to curate (a role revoked mid-flow ends the flow)."""
    user = update.effective_user
    if may_curate(context.services, user):
        return True
    context.user_data.pop(FLOW_KEY, None)
    if update.callback_query is not None:
        await update.callback_query.answer(not_curator_text(lang), show_alert=True)
    elif update.effective_message is not None:
        await update.effective_message.reply_text(not_curator_text(lang))
    return False


# --- one field -----------------------------------------------------------------------------------

async def _accept(update: Update, context: MonitorContext, value: str | None, lang: str) -> int:
    """Set the current field to `value` (None: skip) after checking it by the file's rules;
    on any problem the flow says which field and what is expected, and stays at the field."""
    flow, services, t = _flow(context), context.services, tr(lang)
    if "kind" not in flow or "index" not in flow:
        return ConversationHandler.END
    spec = specs(flow["kind"])[flow["index"]]
    again = t.gettext("Please send it again, or /cancel.")
    raw = "skip" if value is None else value.strip()
    problem = check_typed(spec.name, raw, lang, limit=None)
    if problem:
        await _say(update, problem + "\n" + again)
        return FIELD
    try:
        data = fields.apply(flow["data"], spec.name, raw, lexicon_of(services), kind=flow["kind"])
    except FormError as exc:
        await _say(update, error_text(exc, lang) + "\n" + again)
        return FIELD
    flow["data"] = data
    if flow.get("back"):
        return await _confirm(update, context, lang)
    index = _next_index(flow, flow["index"] + 1)
    if index is None:
        return await _confirm(update, context, lang)
    flow["index"] = index
    return await _ask(update, context, lang)


async def value_message(update: Update, context: MonitorContext) -> int:
    lang = _lang(update, context)
    if not await _still_curator(update, context, lang):
        return ConversationHandler.END
    return await _accept(update, context, update.effective_message.text or "", lang)


async def field_button(update: Update, context: MonitorContext) -> int:
    """A choice ("add:c:<n>", an index into the choices shown) or "add:skip"."""
    lang = _lang(update, context)
    if not await _still_curator(update, context, lang):
        return ConversationHandler.END
    data = update.callback_query.data or ""
    flow = _flow(context)
    if data == f"{PREFIX}:skip":
        return await _accept(update, context, None, lang)
    index = data.rsplit(":", 1)[-1]
    choices = flow.get("choices") or []
    n = parse_id(index)
    if n is None or n >= len(choices):
        await update.callback_query.answer(tr(lang).gettext("This button has expired."), show_alert=True)
        return FIELD
    return await _accept(update, context, choices[n], lang)


# --- confirmation --------------------------------------------------------------------------------

async def _confirm(update: Update, context: MonitorContext, lang: str) -> int:
    """The whole entry with Save / (Update existing) / Edit / Cancel."""
    flow = _flow(context)
    await _ack(update)
    token = await propose(update.effective_message, context.services, context.user_data, flow["kind"],
                          flow["data"], lang, edit=True, token=flow.get("token"))
    if token is None:
        # The whole entry has a problem (shown): let the curator pick the field to fix.
        return await _pick(update, context, lang)
    flow["token"] = token
    flow["back"] = False
    return CONFIRM


async def confirm_button(update: Update, context: MonitorContext) -> int:
    """Save / Update existing / Cancel are the shared buttons; Edit goes back to a field."""
    query = update.callback_query
    verb = (query.data or "").split(":")[1] if (query.data or "").count(":") >= 2 else ""
    flow = _flow(context)
    if verb == "edit" and (query.data or "").split(":")[2] == flow.get("token"):
        lang = _lang(update, context)
        if not await _still_curator(update, context, lang):
            return ConversationHandler.END
        return await _pick(update, context, lang)
    await pending_mod.button(update, context)
    token = (query.data or "").split(":")[2] if (query.data or "").count(":") >= 2 else None
    if token == flow.get("token") and pending_mod.take(context.user_data, token) is None:
        context.user_data.pop(FLOW_KEY, None)  # saved or cancelled: the flow is over
        return ConversationHandler.END
    return CONFIRM


async def _pick(update: Update, context: MonitorContext, lang: str) -> int:
    flow, t = _flow(context), tr(lang)
    rows = [[InlineKeyboardButton(spec_label(spec, lang)[:40], callback_data=f"{PREFIX}:f:{i}")]
            for i, spec in enumerate(specs(flow["kind"]))]
    rows = [sum(rows[i:i + 2], []) for i in range(0, len(rows), 2)]
    rows.append([InlineKeyboardButton(t.gettext("Cancel"), callback_data=f"{PREFIX}:cancel")])
    await _say(update, t.gettext("Which field do you want to change?"), InlineKeyboardMarkup(rows))
    return PICK


async def pick_button(update: Update, context: MonitorContext) -> int:
    lang = _lang(update, context)
    if not await _still_curator(update, context, lang):
        return ConversationHandler.END
    flow = _flow(context)
    index = (update.callback_query.data or "").rsplit(":", 1)[-1]
    n = parse_id(index)
    if "kind" not in flow or n is None or n >= len(specs(flow["kind"])):
        await update.callback_query.answer(tr(lang).gettext("This button has expired."), show_alert=True)
        return PICK
    flow["index"], flow["back"] = n, True
    return await _ask(update, context, lang)


# --- ending --------------------------------------------------------------------------------------

def _drop(context: MonitorContext) -> None:
    flow = context.user_data.pop(FLOW_KEY, None) or {}
    if flow.get("token"):
        pending_mod.pendings(context.user_data).pop(flow["token"], None)


async def cancel(update: Update, context: MonitorContext) -> int:
    """/cancel or the Cancel button, at any step."""
    _drop(context)
    await _say(update, tr(_lang(update, context)).gettext("Cancelled. Nothing was saved."))
    return ConversationHandler.END


async def timed_out(update: Update, context: MonitorContext) -> None:
    """The flow was abandoned: drop it and say so (once)."""
    flow = context.user_data.get(FLOW_KEY) or {}
    kind = flow.get("kind")
    _drop(context)
    lang = _lang(update, context)
    t = tr(lang)
    text = (t.gettext("The unsaved {kind} was dropped: no answer for a while. Start again with /add.").format(
        kind=kind_name(kind, lang)) if kind else t.gettext("Stopped waiting: nothing was saved."))
    chat = update.effective_chat
    if chat is not None:
        await context.bot.send_message(chat.id, text)


async def groups_only_private(update: Update, context: MonitorContext) -> None:
    lang = _lang(update, context)
    await update.effective_message.reply_text(tr(lang).gettext(
        "Adding and correcting entries works in a private chat with me."))


# --- /report -------------------------------------------------------------------------------------

def _looks_like_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://")) and len(text.split()) == 1


async def report_command(update: Update, context: MonitorContext) -> int:
    """/report URL (fetched), /report <pasted text>, or /report then the text or a forward."""
    lang = await curator_language(update, context)
    if lang is None:
        return ConversationHandler.END

    rest = command_rest(update.effective_message)
    context.user_data[FLOW_KEY] = {}
    if _looks_like_url(rest):
        return await _report_from_url(update, context, rest, lang)
    if rest:
        return await _report_from_text(update, context, rest, lang)
    await _say(update, tr(lang).gettext(
        "Send the report's link, paste its text, or forward the message. /cancel to stop."))
    return REPORT_TEXT


async def report_text(update: Update, context: MonitorContext) -> int:
    lang = _lang(update, context)
    if not await _still_curator(update, context, lang):
        return ConversationHandler.END
    message = update.effective_message
    text = (message.text or message.caption or "").strip()
    if _looks_like_url(text):
        return await _report_from_url(update, context, text, lang)
    if not text:
        await _say(update, tr(lang).gettext("Please send text or a link."))
        return REPORT_TEXT
    return await _report_from_text(update, context, text, lang, forwarded=message)


def _forward_link(message: Message | None) -> str | None:
    """https://t.me/<channel>/<id> for a post forwarded from a public channel."""
    origin = getattr(message, "forward_origin", None) if message else None
    chat = getattr(origin, "chat", None)
    username = getattr(chat, "username", None)
    message_id = getattr(origin, "message_id", None)
    if username and message_id:
        return f"https://t.me/{username}/{message_id}"
    return None


async def _report_from_text(update: Update, context: MonitorContext, text: str, lang: str,
                            forwarded: Message | None = None) -> int:
    """Pasted or forwarded text: title from its first line, language detected, its link (or the
    public channel post's) as the url; the flow then asks what is still missing."""
    problem = check_typed("text", text, lang, limit=4096)
    if problem:
        await _say(update, problem)
        return ConversationHandler.END
    origin = getattr(forwarded, "forward_origin", None) if forwarded is not None else None
    published = origin.date.date().isoformat() if getattr(origin, "date", None) else None
    article = report_from_text(text, url=_forward_link(forwarded), published=published)
    prefilled = _article_data(article)
    if "url" not in prefilled:  # pasted text with no link in it: the format needs one, the curator has none
        prefilled["url"] = pasted_url(text)
    return await _start(update, context, "report", lang, prefilled=prefilled)


def _article_data(article: Article, url: str | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if url or article.url:
        data["url"] = url or article.url
    for key in ("title", "publication", "published", "language", "text"):
        value = getattr(article, key, None)
        if value:
            data[key] = value
    return data


async def _report_from_url(update: Update, context: MonitorContext, url: str, lang: str) -> int:
    """Fetch (guarded: http/https only, size and time bounded, no private addresses unless the
    settings allow them), extract, and confirm."""
    services, t = context.services, tr(lang)
    if not is_web_address(url):  # "http://[::1", port 99999: urllib cannot take it apart
        await _say(update, error_text(FetchError("bad_url", {"url": url[:200]}), lang))
        return ConversationHandler.END
    existing = services.store.entries.report_by_url(url)
    if existing is not None:
        await _say(update, t.gettext("That report is in the store already: {id}.").format(id=existing.id))
        return ConversationHandler.END
    allow = services.settings.fetch_allow_private
    try:
        page = await fetch_url(url, allow_private=allow)
    except FetchError as exc:
        log.info("fetch %s failed: %r", url, exc)
        await _say(update, error_text(exc, lang))
        return ConversationHandler.END
    # parsing a page (up to 2 MiB of HTML) is CPU work: in a thread, so other chats are answered meanwhile
    article = await asyncio.to_thread(extract_article, page.text, page.url)
    return await _start(update, context, "report", lang, prefilled=_article_data(article, url))


# --- wiring --------------------------------------------------------------------------------------

def conversation(timeout: float | None) -> ConversationHandler:
    text = filters.TEXT & ~filters.COMMAND
    cancel_button = CallbackQueryHandler(cancel, pattern=rf"^{PREFIX}:cancel$")
    with warnings.catch_warnings():
        # per_message=False on purpose: the flow follows the user, whichever message they press under.
        warnings.simplefilter("ignore", PTBUserWarning)
        return ConversationHandler(
            entry_points=[
                CommandHandler("add", add_command, filters=filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE),
                CommandHandler("report", report_command,
                               filters=filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE),
            ],
            states={
                KIND: [CallbackQueryHandler(kind_button, pattern=rf"^{PREFIX}:k:"), cancel_button],
                FIELD: [MessageHandler(text & filters.UpdateType.MESSAGE, value_message),
                        CallbackQueryHandler(field_button, pattern=rf"^{PREFIX}:(c:\d+|skip)$"), cancel_button],
                CONFIRM: [CallbackQueryHandler(confirm_button, pattern=rf"^{pending_mod.PREFIX}:"), cancel_button],
                PICK: [CallbackQueryHandler(pick_button, pattern=rf"^{PREFIX}:f:\d+$"), cancel_button],
                REPORT_TEXT: [MessageHandler((filters.TEXT | filters.CAPTION) & ~filters.COMMAND
                                             & filters.UpdateType.MESSAGE, report_text)],
                ConversationHandler.TIMEOUT: [TypeHandler(Update, timed_out)],
            },
            fallbacks=[CommandHandler("cancel", cancel), cancel_button],
            allow_reentry=True,
            per_user=True,
            per_chat=True,
            conversation_timeout=timeout,
            name="curation",
        )


async def cancel_outside(update: Update, context: MonitorContext) -> None:
    """/cancel with nothing going on."""
    await update.effective_message.reply_text(tr(_lang(update, context)).gettext("There is nothing to cancel."))


def register(app: Application) -> None:
    services: Services = app.bot_data[SERVICES_KEY]
    app.add_handler(conversation(services.conversation_timeout or None))
    app.add_handler(CommandHandler(["add", "report"], groups_only_private,
                                   filters=filters.ChatType.GROUPS & filters.UpdateType.MESSAGE))
    app.add_handler(CommandHandler("cancel", cancel_outside, filters=filters.UpdateType.MESSAGE))
