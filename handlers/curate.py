"""Curator commands on single entries: the one-line /est form, /edit, /retract, /restore, /history.

Every command checks the curator's right when it is typed; nothing is saved before the
curator presses "Save" (handlers/pending.py) except /edit, /retract and /restore, which are
one deliberate step each and are recorded as revisions.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from gettext import NullTranslations
from typing import Any

from telegram import Message, Update
from telegram.ext import Application, CommandHandler, filters

from bot.answering import render_entry
from bot.curation import workflow
from bot.curation.forms import ESTIMATE_LINE_SYNTAX, FormError, parse_estimate_line
from bot.curation.history import changes, path_label, value_text
from bot.i18n import error_text, tr
from bot.store.problems import ImportError_
from bot.store.rows import Record
from bot.store.validate import FIELDS, SECTION_OF_KIND, SOURCE_FIELDS
from bot.store.validate import KEY_FIELD as SECTION_KEY
from bot.understanding import Lexicon
from handlers.access import may_curate, not_curator_text
from handlers.entries import (
    KEY_FIELD,
    check_typed,
    find_entry,
    fmt_value,
    kind_name,
    problems_text,
    summary_html,
)
from handlers.language import reply_language
from handlers.pending import Pending, confirm_markup, pendings, put, saved_text
from handlers.replies import send_html
from handlers.services import MonitorContext, Services, actor

log = logging.getLogger(__name__)


def command_rest(message: Message) -> str:
    """The text after the command, as typed (line breaks and ';' kept)."""
    text = message.text or ""
    return text.split(maxsplit=1)[1].strip() if len(text.split(maxsplit=1)) > 1 else ""


async def curator_language(update: Update, context: MonitorContext) -> str | None:
    """The curator's language, or None after telling someone without the right no."""
    services, user = context.services, update.effective_user
    lang = reply_language(services, user)
    if not may_curate(services, user):
        await update.effective_message.reply_text(not_curator_text(lang))
        return None
    return lang


def lexicon_of(services: Services) -> Lexicon:
    return Lexicon.build(services.store.entries.places(), services.store.entries.topics())


async def propose(message: Message, services: Services, user_data: dict | None, kind: str, data: dict,
                  lang: str, *, mode: str = "add", edit: bool = False, token: str | None = None) -> str | None:
    """Check `data` (bot.curation.workflow.propose), then show the whole entry with Save /
    (Update existing) / (Edit) / Cancel.

    Returns the pending token, or None when a problem was shown instead (nothing saved)."""
    t = tr(lang)
    proposal = workflow.propose(services.store, kind, data, mode=mode)
    if proposal.typed:
        await message.reply_text(error_text(proposal.typed, lang))
        return None
    if proposal.problems:
        await message.reply_text(t.gettext("Not saved:") + "\n" + problems_text(proposal.problems, lang))
        return None
    data, duplicates = proposal.data, proposal.duplicates
    pending = Pending("save", kind=kind, data=data, mode=mode, duplicates=duplicates)
    if token is not None:
        pendings(user_data)[token] = pending
    else:
        token = put(user_data, pending)
    parts = [summary_html(services.store, kind, data, lang), ""]
    if duplicates:
        parts.append("⚠️ " + html.escape(t.ngettext(
            "A likely duplicate (same place, topic, estimator and date): {ids}. Update it instead?",
            "Likely duplicates (same place, topic, estimator and date): {ids}. Update one instead?",
            len(duplicates)).format(ids=", ".join(duplicates))))
    parts.append(html.escape(t.gettext("Save this {kind}?").format(kind=kind_name(kind, lang))))
    await send_html(message, "\n".join(parts), confirm_markup(token, lang, edit=edit, duplicates=duplicates))
    return token


# --- /est: the one-line form ---------------------------------------------------------------------

def est_syntax(lang: str) -> str:
    """The one-line form as /help shows it to curators."""
    return "/est " + tr(lang).gettext(ESTIMATE_LINE_SYNTAX)


async def est_command(update: Update, context: MonitorContext) -> None:
    """/est place; topic; figure; date; estimator; source [; url] -> confirm -> save."""
    lang = await curator_language(update, context)
    if lang is None:
        return
    services, message, t = context.services, update.effective_message, tr(lang)
    line = command_rest(message)
    if not line:
        await message.reply_text(t.gettext("Usage:") + "\n" + est_syntax(lang))
        return
    try:  # the parts are checked one by one (each error names its field), HTML after parsing
        data = parse_estimate_line(line, lexicon_of(services), taken=workflow.taken_by(services.store, "estimate"))
    except FormError as exc:
        await message.reply_text(error_text(exc, lang) + "\n\n" + t.gettext("Usage:") + "\n"
                                 + est_syntax(lang))
        return
    await propose(message, services, context.user_data, "estimate", data, lang)


# --- corrections ---------------------------------------------------------------------------------

async def _entry(message: Message, services: Services, ref: str, lang: str) -> tuple[str, Record] | None:
    found = find_entry(services.store, ref) if ref else None
    if found is None:
        await message.reply_text(tr(lang).gettext("There is no entry with the id {id}.").format(id=ref))
    return found


def _record_html(services: Services, kind: str, record: Record, lang: str) -> str:
    if kind in {"estimate", "law"}:
        places = {p.code: p for p in services.store.entries.places()}
        topics = {t.key: t for t in services.store.entries.topics()}
        return render_entry(record, lang, "html", places=places, topics=topics)
    return ""


async def _curator_args(update: Update, context: MonitorContext, count: int,
                        usage: Callable[[NullTranslations], str]) -> tuple[str, list[str]] | None:
    """The curator's language and the command's first `count` words (the last one takes the rest
    of the line); None, after saying why, for a non-curator or too few words (`usage(t)`)."""
    lang = await curator_language(update, context)
    if lang is None:
        return None
    parts = command_rest(update.effective_message).split(maxsplit=count - 1)
    if len(parts) < count:
        await update.effective_message.reply_text(usage(tr(lang)))
        return None
    return lang, parts


def editable_fields_text(kind: str, lang: str) -> str:
    """The fields /edit takes for a kind, as typed, each with its name in the curator's language."""
    section = SECTION_OF_KIND[kind]
    names = [f for f in FIELDS[section] if f != SECTION_KEY[section]]
    if "source" in names:
        at = names.index("source")
        names[at:at + 1] = [f"source.{sub}" for sub in SOURCE_FIELDS]
    shown = [name if path_label(name, lang) == name else f"{name} ({path_label(name, lang)})" for name in names]
    return tr(lang).gettext("Fields you can edit: {fields}.").format(fields=", ".join(shown))


async def edit_command(update: Update, context: MonitorContext) -> None:
    """/edit ID field value — one field, saved at once as a new revision."""
    args = await _curator_args(update, context, 3, lambda t: t.gettext(
        "Usage: /edit ID field value, for example: /edit kz-is-fighters-2014-kisi value 300"))
    if args is None:
        return
    lang, (ref, field, value) = args
    services, message, t = context.services, update.effective_message, tr(lang)
    found = await _entry(message, services, ref, lang)
    if found is None:
        return
    kind, record = found
    typed = check_typed(field, value, lang)
    if typed:
        await message.reply_text(typed)
        return
    ident = getattr(record, KEY_FIELD[kind])  # id, code or key, by kind
    try:
        result = services.store.entries.update_field(kind, ident, field, value, actor(update.effective_user.id))
    except ImportError_ as exc:
        text = t.gettext("Not saved:") + "\n" + problems_text(exc.problems, lang)
        if any(p.code == "unknown_key" for p in exc.problems):
            text += "\n" + editable_fields_text(kind, lang)
        await message.reply_text(text)
        return
    except (KeyError, ValueError) as exc:
        log.info("edit %s %s refused: %r", ident, field, exc)
        await message.reply_text(t.gettext("Not saved: {kind} has no field '{field}' that can be set like this.")
                                 .format(kind=kind_name(kind, lang), field=field)
                                 + "\n" + editable_fields_text(kind, lang))
        return
    body = _record_html(services, kind, result.record, lang)
    text = html.escape(saved_text(result, lang))
    await send_html(message, text + ("\n\n" + body if body else ""))


async def retract_command(update: Update, context: MonitorContext) -> None:
    """/retract ID reason — it stops appearing in answers, stays in history, can be restored."""
    args = await _curator_args(update, context, 2, lambda t: t.gettext(
        "Usage: /retract ID reason, for example: /retract kz-old-2013 superseded"))
    if args is None:
        return
    lang, (ref, reason) = args
    services, message, t = context.services, update.effective_message, tr(lang)
    typed = check_typed("reason", reason, lang)
    if typed:
        await message.reply_text(typed)
        return
    found = await _entry(message, services, ref, lang)
    if found is None:
        return
    kind, record = found
    ident = getattr(record, KEY_FIELD[kind])
    if getattr(record, "retracted", False):  # places and topics have no retraction
        await message.reply_text(t.gettext("{kind} {id} is retracted already.").format(
            kind=kind_name(kind, lang), id=ident))
        return
    services.store.entries.retract(kind, ident, reason, actor(update.effective_user.id))
    await message.reply_text(t.gettext(
        "Retracted {kind} {id}: it no longer appears in answers. /restore {id} brings it back."
    ).format(kind=kind_name(kind, lang), id=ident))


async def restore_command(update: Update, context: MonitorContext) -> None:
    """/restore ID — a retracted entry comes back as it was."""
    args = await _curator_args(update, context, 1, lambda t: t.gettext("Usage: /restore ID"))
    if args is None:
        return
    lang, ref = args[0], args[1][0].split()[0]
    services, message, t = context.services, update.effective_message, tr(lang)
    found = await _entry(message, services, ref, lang)
    if found is None:
        return
    kind, record = found
    ident = getattr(record, KEY_FIELD[kind])
    if not getattr(record, "retracted", False):  # places and topics have no retraction
        await message.reply_text(t.gettext("{kind} {id} is not retracted.").format(
            kind=kind_name(kind, lang), id=ident))
        return
    services.store.entries.restore(kind, ident, actor(update.effective_user.id))
    await message.reply_text(t.gettext("Restored {kind} {id}: answers use it again.").format(
        kind=kind_name(kind, lang), id=ident))


def who(services: Services, changed_by: str | None) -> str:
    """'tg:1001' -> '@anna' when the bot has seen them; other actors as written."""
    if not changed_by:
        return "?"
    if changed_by.startswith("tg:") and changed_by[3:].lstrip("-").isdigit():
        person = services.store.people.get(int(changed_by[3:]))
        if person is not None:
            return f"@{person.username}" if person.username else (person.display_name or changed_by)
    return changed_by


def _short(value: Any) -> str:
    text = "—" if value is None else fmt_value(value)
    return text if len(text) <= 120 else text[:119] + "…"


def _diff_value(path: str, value: Any, lang: str) -> str:
    return value_text(path, value, lang) or _short(value)


def history_html(services: Services, kind: str, ident: str, lang: str) -> str:
    t = tr(lang)
    revisions = services.store.entries.history(kind, ident)
    title = t.gettext("History of {kind} {id}").format(kind=kind_name(kind, lang), id=ident)
    lines = [f"<b>{html.escape(title)}</b>"]
    previous: dict | None = None
    action_names = {"create": t.gettext("created"), "update": t.gettext("updated"),
                    "retract": t.gettext("retracted"), "restore": t.gettext("restored")}
    for rev in revisions:
        when = rev.changed_at.replace("T", " ").rstrip("Z")[:16]
        head = f"{rev.revision} · {when} · {who(services, rev.changed_by)} · {action_names.get(rev.action, rev.action)}"
        lines.append("")
        lines.append(f"<b>{html.escape(head)}</b>")
        if rev.reason:
            lines.append(html.escape(t.gettext("reason: {reason}").format(reason=rev.reason)))
        if rev.action in {"create", "update"}:
            for change in changes(previous, rev.data):
                label = path_label(change.path, lang)  # the key too: it is what /edit takes
                field = label if label == change.path else f"{label} ({change.path})"
                old, new = (_diff_value(change.path, v, lang) for v in (change.old, change.new))
                if previous is None:
                    lines.append(html.escape(f"  {field}: {new}"))
                else:
                    lines.append(html.escape(f"  {field}: {old} → {new}"))
        previous = rev.data
    return "\n".join(lines)


async def history_command(update: Update, context: MonitorContext) -> None:
    """/history ID — every revision: who, when, what changed."""
    args = await _curator_args(update, context, 1, lambda t: t.gettext("Usage: /history ID"))
    if args is None:
        return
    lang, ref = args[0], args[1][0].split()[0]
    services, message = context.services, update.effective_message
    found = await _entry(message, services, ref, lang)
    if found is None:
        return
    kind, record = found
    await send_html(message, history_html(services, kind, getattr(record, KEY_FIELD[kind]), lang))


def register(app: Application) -> None:
    only_new = filters.UpdateType.MESSAGE
    app.add_handler(CommandHandler("est", est_command, filters=only_new))
    app.add_handler(CommandHandler("edit", edit_command, filters=only_new))
    app.add_handler(CommandHandler("retract", retract_command, filters=only_new))
    app.add_handler(CommandHandler("restore", restore_command, filters=only_new))
    app.add_handler(CommandHandler("history", history_command, filters=only_new))

