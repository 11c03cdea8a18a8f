"""Changes waiting for the curator's "Save" / "Import": kept per user, pressed by token.

Callback data is `cur:<verb>:<token>[:<n>]`; the token only names a pending change in the
presser's own user_data, and the presser's right to curate is checked again on every press,
so a forged or stale button changes nothing.
"""

from __future__ import annotations

import logging
import secrets
import time
from dataclasses import dataclass, field

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler

from bot.curation import workflow
from bot.i18n import error_text, tr
from bot.ids import parse_id
from bot.store.offload import off_loop
from bot.store.problems import ImportError_, ImportResult
from bot.store.records import SaveResult
from handlers.access import may_curate, not_curator_text
from handlers.entries import KEY_FIELD, kind_name, send_problems
from handlers.language import reply_language
from handlers.services import MonitorContext, Services, actor

log = logging.getLogger(__name__)

PENDING_KEY = "curation_pending"
PREFIX = "cur"
TTL = 3600.0  # seconds a confirmation keeps its buttons alive
MAX_PENDING = 20  # per user: the oldest goes first


@dataclass
class Pending:
    """One change waiting for confirmation."""

    action: str  # "save" (one entry) | "import" (a file)
    kind: str = ""
    data: dict = field(default_factory=dict)
    mode: str = "add"  # add: a new entry (never overwrite another) | update: the entry with data's id
    duplicates: list[str] = field(default_factory=list)  # ids of likely duplicates (Update existing)
    content: bytes = b""  # the file, for "import"
    file_name: str = ""
    created: float = field(default_factory=time.time)  # wall clock: any instance may read it


def pendings(user_data: dict | None) -> dict[str, Pending]:
    if user_data is None:
        return {}
    return user_data.setdefault(PENDING_KEY, {})


def put(user_data: dict | None, pending: Pending) -> str:
    """Keep `pending`; returns its token."""
    box = pendings(user_data)
    now = time.time()
    for token in [t for t, p in box.items() if now - p.created > TTL]:
        del box[token]
    while len(box) >= MAX_PENDING:
        box.pop(next(iter(box)))
    token = secrets.token_hex(4)
    box[token] = pending
    return token


def take(user_data: dict | None, token: str) -> Pending | None:
    pending = pendings(user_data).get(token)
    if pending is None or time.time() - pending.created > TTL:
        return None
    return pending


def data_for(verb: str, token: str, n: int | None = None) -> str:
    return f"{PREFIX}:{verb}:{token}" + (f":{n}" if n is not None else "")


def confirm_markup(token: str, lang: str, *, edit: bool = False, duplicates: list[str] = ()) -> InlineKeyboardMarkup:
    """Save (or Import) / Edit / Cancel, and "Update existing" for each likely duplicate."""
    t = tr(lang)
    rows = [[InlineKeyboardButton(t.gettext("Save"), callback_data=data_for("save", token))]]
    for n, ident in enumerate(list(duplicates)[:3]):
        label = t.gettext("Update existing: {id}").format(id=ident)
        rows.append([InlineKeyboardButton(label[:60], callback_data=data_for("upd", token, n))])
    last = [InlineKeyboardButton(t.gettext("Cancel"), callback_data=data_for("no", token))]
    if edit:
        last.insert(0, InlineKeyboardButton(t.gettext("Edit"), callback_data=data_for("edit", token)))
    rows.append(last)
    return InlineKeyboardMarkup(rows)


def import_markup(token: str, lang: str) -> InlineKeyboardMarkup:
    t = tr(lang)
    return InlineKeyboardMarkup([[InlineKeyboardButton(t.gettext("Import"), callback_data=data_for("imp", token)),
                                  InlineKeyboardButton(t.gettext("Cancel"), callback_data=data_for("no", token))]])


def parse(data: str | None) -> tuple[str, str, int | None] | None:
    parts = (data or "").split(":")
    if len(parts) not in (3, 4) or parts[0] != PREFIX:
        return None
    n = None
    if len(parts) == 4:
        n = parse_id(parts[3])
        if n is None:
            return None
    return parts[1], parts[2], n


def saved_text(result: SaveResult, lang: str) -> str:
    t = tr(lang)
    kind = kind_name(result.kind, lang)
    if not result.changed:
        return t.gettext("Nothing changed: {kind} {id} already holds these values.").format(kind=kind, id=result.id)
    if result.action == "create":
        return t.gettext("Saved: new {kind} {id}.").format(kind=kind, id=result.id)
    return t.gettext("Saved: {kind} {id}, revision {revision}.").format(kind=kind, id=result.id,
                                                                        revision=result.revision)


def save(services: Services, pending: Pending, user_id: int, target: str | None, lang: str) -> tuple[bool, str]:
    """Validate again and save (bot.curation.workflow.confirm). (saved, plain text to show)."""
    kind = pending.kind
    try:
        result = workflow.confirm(services.store, kind, pending.data, actor(user_id), mode=pending.mode,
                                  target=target)
    except ImportError_ as exc:
        return False, error_text(exc, lang)
    except KeyError:  # "update existing" of an entry deleted meanwhile
        return False, tr(lang).gettext("There is no entry with the id {id}.").format(
            id=target or pending.data.get(KEY_FIELD[kind], ""))
    log.info("user %s saved %s %s (%s)", user_id, kind, result.id, result.action)
    text = saved_text(result, lang)
    if kind == "report" and result.changed:
        text += _spotted_text(services, result.id, lang)
    return True, text


def _spotted_text(services: Services, report_id: str, lang: str) -> str:
    """A report added by hand goes through figure spotting as feed items do: say what it found."""
    from bot.ingest.poller import spot_report  # feedparser: loaded when a report is first saved

    try:
        spotted = spot_report(services.store, report_id)
    except Exception:  # noqa: BLE001 - the report is saved; spotting is a bonus that must not undo it
        log.exception("figure spotting failed for report %s", report_id)
        return ""
    if not spotted:
        return ""
    return "\n" + tr(lang).ngettext("{n} figure spotted in it waits in /review.",
                                    "{n} figures spotted in it wait in /review.", spotted).format(n=spotted)


def import_counts(result: ImportResult, lang: str) -> str:
    t = tr(lang)
    return t.gettext("Added: {added}, updated: {updated}, unchanged: {unchanged}.").format(
        added=result.added, updated=result.updated, unchanged=result.unchanged)


async def button(update: Update, context: MonitorContext) -> None:
    """Save / Update existing / Import / Cancel. "Edit" is claimed by the /add flow first."""
    query, services = update.callback_query, context.services
    lang = reply_language(services, query.from_user)
    t = tr(lang)
    if not may_curate(services, query.from_user):
        log.warning("user %s pressed a curator button without the right", query.from_user.id)
        await query.answer(not_curator_text(lang), show_alert=True)
        return
    parsed = parse(query.data)
    pending = take(context.user_data, parsed[1]) if parsed else None
    verb = parsed[0] if parsed else ""
    if pending is None or verb not in {"save", "upd", "no", "imp", "edit"}:
        await query.answer(t.gettext("This button has expired."), show_alert=True)
        return
    token = parsed[1]
    if verb == "no":
        pendings(context.user_data).pop(token, None)
        await query.answer()
        await _close(query, t.gettext("Cancelled. Nothing was saved."))
        return
    if verb == "imp" and pending.action == "import":
        await query.answer(t.gettext("Importing…"))
        try:  # a big file takes seconds: in a store thread, while everyone else is answered
            result = await off_loop(services.store, services.store.entries.import_document, pending.content,
                                    actor=actor(query.from_user.id))
        except ImportError_ as exc:
            pendings(context.user_data).pop(token, None)
            await _drop_buttons(query)
            await send_problems(context.bot, query.from_user.id if query.message is None else query.message.chat.id,
                                t.gettext("Nothing was imported:"), exc.problems, lang, pending.file_name or "file")
            return
        pendings(context.user_data).pop(token, None)
        log.info("user %s imported %s: %s", query.from_user.id, pending.file_name, result)
        await _close(query, t.gettext("Imported {file}.").format(file=pending.file_name) + " "
                     + import_counts(result, lang))
        return
    if pending.action != "save" or verb == "edit":  # "edit" after its flow ended, or a mixed-up token
        await query.answer(t.gettext("This button has expired."), show_alert=True)
        return
    target = None
    if verb == "upd":
        n = parsed[2] if parsed[2] is not None else -1
        if not 0 <= n < len(pending.duplicates):
            await query.answer(t.gettext("This button has expired."), show_alert=True)
            return
        target = pending.duplicates[n]
    await query.answer()
    saved, text = save(services, pending, query.from_user.id, target, lang)
    if saved:
        pendings(context.user_data).pop(token, None)
        await _close(query, text)
    else:
        # Keep the pending entry (and its buttons): the curator may Edit or Cancel.
        await query.message.reply_text(t.gettext("Not saved:") + "\n" + text)


async def _drop_buttons(query: CallbackQuery) -> None:
    try:
        await query.edit_message_reply_markup(None)
    except Exception as exc:  # an old message may not be editable: the answer still goes out
        log.info("could not remove the buttons: %r", exc)


async def _close(query: CallbackQuery, text: str) -> None:
    """Take the buttons off the confirmation and say what happened under it."""
    message = query.message
    if message is not None and hasattr(message, "reply_text"):  # an inaccessible (old) message has none
        await _drop_buttons(query)
        await message.reply_text(text)
    else:
        await query.get_bot().send_message(query.from_user.id, text)


def register(app: Application) -> None:
    app.add_handler(CallbackQueryHandler(button, pattern=rf"^{PREFIX}:"))

