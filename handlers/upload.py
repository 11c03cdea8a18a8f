"""Bulk files: a curator sends a .yaml/.yml/.json file -> a dry-run preview with Import / Cancel;
/export sends the whole store back as a file that re-imports identically."""

from __future__ import annotations

import html
import io
import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application, CommandHandler, MessageHandler, filters

from bot.i18n import tr
from bot.store.offload import off_loop
from bot.store.problems import ImportError_
from handlers.access import may_curate
from handlers.curate import curator_language
from handlers.entries import send_problems
from handlers.fallbacks import not_text
from handlers.language import reply_language
from handlers.pending import Pending, import_counts, import_markup, put
from handlers.replies import send_html
from handlers.services import MonitorContext, actor

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 5 * 1024 * 1024  # the store's import limit; refused before downloading
SUFFIXES = (".yaml", ".yml", ".json")


async def document_received(update: Update, context: MonitorContext) -> None:
    services, message, user = context.services, update.effective_message, update.effective_user
    lang = reply_language(services, user)
    t = tr(lang)
    if not may_curate(services, user):
        await not_text(update, context)  # to a member a file is just not a question
        return
    document = message.document
    name = document.file_name or "file"
    if not name.lower().endswith(SUFFIXES):
        await message.reply_text(t.gettext(
            "I import .yaml, .yml or .json files in the store's format; {file} is neither.").format(file=name))
        return
    if document.file_size is None or document.file_size > MAX_FILE_BYTES:
        await message.reply_text(t.gettext("{file} is too large: the limit is 5 MiB. Nothing was imported.")
                                 .format(file=name))
        return
    try:
        file = await context.bot.get_file(document.file_id)
        content = bytes(await file.download_as_bytearray())
    except TelegramError as exc:
        log.warning("could not download %s: %s", name, exc)
        await message.reply_text(t.gettext("I could not download {file}. Please send it again.").format(file=name))
        return
    if len(content) > MAX_FILE_BYTES:  # the declared size lied
        await message.reply_text(t.gettext("{file} is too large: the limit is 5 MiB. Nothing was imported.")
                                 .format(file=name))
        return
    await preview(update, context, content, name, lang)


async def preview(update: Update, context: MonitorContext, content: bytes, name: str, lang: str) -> None:
    """Dry run: the counts with Import / Cancel, or every problem (and no buttons)."""
    services, message, t = context.services, update.effective_message, tr(lang)
    try:
        # the dry run reads and checks the whole file: in a store thread, so nobody waits for it
        result = await off_loop(services.store, services.store.entries.import_document, content,
                                actor=actor(update.effective_user.id), dry_run=True)
    except ImportError_ as exc:
        head = t.ngettext("{file}: {n} problem, nothing was imported:", "{file}: {n} problems, nothing was imported:",
                          len(exc.problems)).format(file=name, n=len(exc.problems))
        await send_problems(context.bot, message.chat_id, head, exc.problems, lang, name)
        return
    if not result.changed:
        await message.reply_text(t.gettext("{file}: nothing to change, the store already holds all of it.")
                                 .format(file=name) + " " + import_counts(result, lang))
        return
    token = put(context.user_data, Pending("import", content=content, file_name=name))
    lines = [t.gettext("{file} is valid.").format(file=name), import_counts(result, lang)]
    kept = result.kept_retracted
    if kept:
        lines.append(t.gettext("Retracted entries stay retracted: {ids}.").format(ids=", ".join(kept[:20])))
    lines.append(t.gettext("Import it?"))
    await send_html(message, html.escape("\n".join(lines)), import_markup(token, lang))


async def export_command(update: Update, context: MonitorContext) -> None:
    """/export: the whole store as YAML (current entries; history stays in the store)."""
    lang = await curator_language(update, context)
    if lang is None:
        return
    services, t = context.services, tr(lang)
    store = services.store
    content = (await off_loop(store, store.entries.export_yaml)).encode("utf-8")  # the whole store: seconds
    today = services.clock().date().isoformat()
    counts = await off_loop(store, store.entries.counts)
    caption = t.gettext("The store on {date}: {estimates} estimates, {laws} laws, {reports} reports.").format(
        date=today, estimates=counts.get("estimates", 0), laws=counts.get("laws", 0), reports=counts.get("reports", 0))
    await update.effective_message.reply_document(
        io.BytesIO(content), filename=f"monitorbot-{today}.yaml", caption=caption)


def register(app: Application) -> None:
    only_new = filters.UpdateType.MESSAGE
    app.add_handler(CommandHandler("export", export_command, filters=only_new))
    # Any file in a private chat: a curator's is checked and previewed, anyone else's is not a question.
    app.add_handler(MessageHandler(only_new & filters.ChatType.PRIVATE & filters.Document.ALL, document_received))

