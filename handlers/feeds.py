"""Feeds for curators: /feeds (status), /addfeed, /pausefeed, /resumefeed, /removefeed, OPML files
in (preview -> Import) and out (/exportfeeds), and the JobQueue job that polls due feeds."""

from __future__ import annotations

import html
import inspect
import io
import logging
import secrets
import time
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot import metrics
from bot.i18n import tr
from bot.ids import looks_numeric, parse_id
from bot.ingest.opml import export_opml, import_opml
from bot.store import Store
from bot.store.offload import store_answers
from bot.store.records import FeedRecord
from bot.store.validate import is_web_address
from handlers.access import may_curate, not_curator_text
from handlers.curate import curator_language
from handlers.language import reply_language
from handlers.replies import not_an_id_text, send_html
from handlers.services import MonitorContext, Services, actor

if TYPE_CHECKING:  # feedparser: loaded by the first poll (see below)
    from bot.ingest.feedcheck import FeedCheck
    from bot.ingest.poller import PollResult

log = logging.getLogger(__name__)

PREFIX = "feed"
OPML_KEY = "feeds_opml_pending"  # user_data: token -> (created, [(url, title)])
OPML_TTL = 3600.0
MAX_OPML_BYTES = 1024 * 1024
POLL_INTERVAL = 60.0  # seconds between looks for due feeds (each feed has its own next_poll_at)


def _when(ts: Any) -> str:
    """A stored timestamp as 'YYYY-MM-DD HH:MM UTC' (SQLite returns naive UTC datetimes)."""
    if ts is None:
        return "—"
    if isinstance(ts, str):
        try:
            ts = datetime.fromisoformat(ts.replace("Z", "+00:00"))
        except ValueError:
            return ts
    if ts.tzinfo is None:
        ts = ts.replace(tzinfo=UTC)
    return ts.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def feed_status_lines(feed: FeedRecord, lang: str) -> list[str]:
    """One feed for /feeds, as HTML lines: id, title and url, then its status."""
    t = tr(lang)
    head = f"<b>{feed.id}</b>. {html.escape(feed.title or feed.url)}"
    lines = [head, html.escape(feed.url)]
    if feed.paused:
        lines.append(html.escape(t.gettext("Paused.")))
    failures = feed.consecutive_failures
    status = t.gettext("Last success: {when}.").format(when=_when(feed.last_ok_at))
    if not feed.paused:
        status += " " + t.gettext("Next poll: {when}.").format(when=_when(feed.next_poll_at))
    lines.append(html.escape(status))
    if failures:
        failed = t.ngettext("Failed {n} time in a row.", "Failed {n} times in a row.", failures).format(n=failures)
        lines.append("⚠ " + html.escape(failed))
        error = feed.last_error
        if error:
            # feedparser (~60 ms): not at start-up
            from bot.ingest.poller import describe_feed_error

            said = describe_feed_error(error, lang) or error[:200]
            # the sentence in the curator's language (the technical detail is in the log)
            lines.append(html.escape(t.gettext("Last error: {error}").format(error=said)).rstrip())
    return lines


async def feeds_command(update: Update, context: MonitorContext) -> None:
    """/feeds: every registered feed with its status (back-off shows here, never as chat noise)."""
    lang = await curator_language(update, context)
    if lang is None:
        return
    t = tr(lang)
    feeds = list(context.services.store.feeds.all())
    if not feeds:
        await update.effective_message.reply_text(t.gettext(
            "No feeds yet. Add one with /addfeed URL, or send me an .opml file."))
        return
    lines = [f"<b>{html.escape(t.ngettext('{n} feed', '{n} feeds', len(feeds)).format(n=len(feeds)))}</b>"]
    for feed in feeds:
        lines += [""] + feed_status_lines(feed, lang)
    lines += ["", html.escape(t.gettext("/pausefeed ID · /resumefeed ID · /removefeed ID · /exportfeeds"))]
    await send_html(update.effective_message, "\n".join(lines))


def _looks_like_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://")) and " " not in text


async def addfeed_command(update: Update, context: MonitorContext) -> None:
    """/addfeed URL [title]."""
    lang = await curator_language(update, context)
    if lang is None:
        return
    t, message = tr(lang), update.effective_message
    args = list(context.args or [])
    if not args or not _looks_like_url(args[0]):
        await message.reply_text(t.gettext("Usage: /addfeed URL (an RSS or Atom feed, http or https)"))
        return
    if not is_web_address(args[0]):  # "http://[::1", port 99999: never stored, never polled
        await message.reply_text(t.gettext("{url} is not a web address I can poll: check the brackets, "
                                           "the host and the port.").format(url=args[0][:200]))
        return
    url, title = args[0], " ".join(args[1:]) or None
    store = context.services.store
    existing = _find(store, url)
    if existing is not None:
        await message.reply_text(t.gettext("That feed is registered already: {id}.").format(id=existing.id))
        return
    # feedparser (~60 ms): not at start-up
    from bot.ingest.feedcheck import check_feed

    services = context.services
    await message.reply_text(t.gettext("Checking {url}…").format(url=url))
    checked = await check_feed(url, allow_private=bool(services.settings.fetch_allow_private))
    if not checked.ok:  # added only if the curator says so: a site may be down for a day
        log.info("addfeed %s: the check failed: %s", url, checked.error)
        token = secrets.token_hex(4)
        _pending_feeds(context.user_data)[token] = (time.monotonic(), url, title)
        markup = InlineKeyboardMarkup([[
            InlineKeyboardButton(t.gettext("Add anyway"), callback_data=f"{ADD_PREFIX}:yes:{token}"),
            InlineKeyboardButton(t.gettext("Cancel"), callback_data=f"{ADD_PREFIX}:no:{token}")]])
        await message.reply_text(t.gettext("{url} does not work as a feed: {error} The feed was not added. "
                                           "Check the address; or add it anyway if the site is down for a "
                                           "while.").format(url=url, error=checked.describe_error(lang)),
                                 reply_markup=markup)
        return
    await _add_checked(message, services, context, url, title or checked.title, update.effective_user.id, lang,
                       checked)


ADD_PREFIX = "feedadd"
ADD_TTL = 3600.0


def _pending_feeds(user_data: dict) -> dict[str, tuple[float, str, str | None]]:
    box = user_data.setdefault("feeds_add_pending", {})
    now = time.monotonic()
    for token in [k for k, (created, *_rest) in box.items() if now - created > ADD_TTL]:
        del box[token]
    return box


async def _add_checked(message: Message, services: Services, context: MonitorContext, url: str, title: str | None,
                       user_id: int, lang: str, checked: FeedCheck | None = None) -> None:
    """Register the feed, say what the check found; in the console (no polling job) poll it now."""
    t, store = tr(lang), services.store
    try:
        feed = store.feeds.add(url, title=title, actor=actor(user_id))
    except ValueError as exc:  # FeedError: bad_url, or added meanwhile
        log.info("addfeed %s refused: %r", url, exc)
        existing = _find(store, url)
        await message.reply_text(t.gettext("That feed is registered already: {id}.").format(id=existing.id)
                                 if existing is not None else
                                 t.gettext("Usage: /addfeed URL (an RSS or Atom feed, http or https)"))
        return
    log.info("user %s added feed %s (%s)", user_id, feed.id, url)
    lines = []
    if checked is not None and checked.ok:
        lines.append(t.ngettext("Added feed {id}: “{title}”, {n} item now.",
                                "Added feed {id}: “{title}”, {n} items now.", checked.items)
                     .format(id=feed.id, title=feed.title or checked.title or url, n=checked.items))
    else:
        lines.append(t.gettext("Added feed {id}: {url}, although it does not work yet.").format(id=feed.id, url=url))
    if context.application.bot_data.get("console"):
        lines.append(await _poll_now(services, feed, checked, lang))
    else:
        lines.append(t.gettext("I will poll it within a minute; /feeds shows how it goes."))
    await message.reply_text("\n".join(lines))


async def _poll_now(services: Services, feed: FeedRecord, checked: FeedCheck | None, lang: str) -> str:
    """The console has no polling job: poll the new feed once now (reusing the check's download)."""
    # feedparser (~60 ms): loaded by the first poll, not at start-up
    from bot.ingest import poller

    t = tr(lang)
    fetch = None
    if checked is not None and checked.fetched is not None:
        async def fetch(url: str, **_kw: Any) -> Any:  # noqa: ARG001 - the body fetched by the check
            return checked.fetched
    result = await poller.poll_feed(services.store, feed, fetch=fetch,
                                    allow_private=bool(services.settings.fetch_allow_private))
    if result.status == "failed":
        said = poller.describe_feed_error(result.error, lang) or ""
        return t.gettext("Polled it now: {error} The console polls a feed only when it is added; the bot "
                         "running with a token polls every feed on its schedule.").format(error=said)
    return t.gettext("Polled it now: {new} new reports, {candidates} figures for /review. The console polls "
                     "a feed only when it is added; the bot running with a token polls every feed on its "
                     "schedule.").format(new=result.new, candidates=result.candidates)


async def _take_pressed(update: Update, context: MonitorContext, box: dict, go: str) -> tuple[Any, str] | None:
    """A "<prefix>:<verb>:<token>" press under a preview kept in `box`: the right to curate is
    checked again, the preview taken (once) and its buttons removed. Returns (what was kept, the
    language) when the verb is `go`; None when the press was refused, expired or cancelled (the
    person has been told)."""
    query, services = update.callback_query, context.services
    lang = reply_language(services, query.from_user)
    t = tr(lang)
    if not may_curate(services, query.from_user):
        await query.answer(not_curator_text(lang), show_alert=True)
        return None
    parts = (query.data or "").split(":")
    if len(parts) != 3 or parts[2] not in box:
        await query.answer(t.gettext("This button has expired."), show_alert=True)
        return None
    kept = box.pop(parts[2])
    await query.answer()
    try:
        await query.edit_message_reply_markup(None)
    except TelegramError as exc:
        log.info("could not remove the buttons: %r", exc)
    if parts[1] != go:
        await query.message.reply_text(t.gettext("Cancelled. Nothing was saved."))
        return None
    return kept, lang


async def addfeed_button(update: Update, context: MonitorContext) -> None:
    """Add anyway / Cancel under a failed /addfeed check; the right to curate is checked again."""
    pressed = await _take_pressed(update, context, _pending_feeds(context.user_data), "yes")
    if pressed is None:
        return
    (_, url, title), lang = pressed
    query, services = update.callback_query, context.services
    await _add_checked(query.message, services, context, url, title, query.from_user.id, lang)


def _find(store: Store, key: str) -> FeedRecord | None:
    """A feed by its id or its url (a number that cannot be an id names no feed)."""
    ident = parse_id(key)
    if ident is not None:
        return store.feeds.get(ident)
    return None if looks_numeric(key) or not is_web_address(key) else store.feeds.get(key)


async def _feed_change(update: Update, context: MonitorContext, verb: str) -> None:
    lang = await curator_language(update, context)
    if lang is None:
        return
    t, message, store = tr(lang), update.effective_message, context.services.store
    args = list(context.args or [])
    usage = {"pause": t.gettext("Usage: /pausefeed ID (the number /feeds shows)"),
             "resume": t.gettext("Usage: /resumefeed ID (the number /feeds shows)"),
             "remove": t.gettext("Usage: /removefeed ID (the number /feeds shows)")}[verb]
    if len(args) != 1:
        await message.reply_text(usage)
        return
    feed = _find(store, args[0])
    if feed is None and looks_numeric(args[0]) and parse_id(args[0]) is None:
        await message.reply_text(not_an_id_text(args[0], lang))
        return
    if feed is None:
        await message.reply_text(t.gettext("There is no feed {id}. /feeds lists them.").format(id=args[0][:200]))
        return
    if verb == "pause":
        store.feeds.pause(feed.id)
        text = t.gettext("Feed {id} is paused: I will not poll it until /resumefeed {id}.")
    elif verb == "resume":
        store.feeds.resume(feed.id)
        text = t.gettext("Feed {id} is active again.")
    else:
        store.feeds.remove(feed.id)
        text = t.gettext("Feed {id} is removed. The reports it brought stay in the store.")
    log.info("user %s: %s feed %s", update.effective_user.id, verb, feed.id)
    await message.reply_text(text.format(id=feed.id))


async def pausefeed_command(update: Update, context: MonitorContext) -> None:
    await _feed_change(update, context, "pause")


async def resumefeed_command(update: Update, context: MonitorContext) -> None:
    await _feed_change(update, context, "resume")


async def removefeed_command(update: Update, context: MonitorContext) -> None:
    await _feed_change(update, context, "remove")


# --- OPML ----------------------------------------------------------------------------------------

async def exportfeeds_command(update: Update, context: MonitorContext) -> None:
    """/exportfeeds: every feed as an OPML file (re-importable here or in any feed reader)."""
    lang = await curator_language(update, context)
    if lang is None:
        return
    services, t = context.services, tr(lang)
    feeds = list(services.store.feeds.all())
    today = services.clock().date().isoformat()
    content = export_opml(feeds)
    caption = t.ngettext("{n} feed", "{n} feeds", len(feeds)).format(n=len(feeds))
    await update.effective_message.reply_document(io.BytesIO(content), filename=f"monitorbot-feeds-{today}.opml",
                                                  caption=caption)


def _opml_box(user_data: dict) -> dict[str, tuple[float, list[tuple[str, str | None]]]]:
    box = user_data.setdefault(OPML_KEY, {})
    now = time.monotonic()
    for token in [k for k, (created, _) in box.items() if now - created > OPML_TTL]:
        del box[token]
    return box


async def opml_received(update: Update, context: MonitorContext) -> None:
    """A curator sends an .opml file: preview (new and already registered feeds) -> Import / Cancel."""
    services, message, user = context.services, update.effective_message, update.effective_user
    lang = reply_language(services, user)
    t = tr(lang)
    if not may_curate(services, user):
        await message.reply_text(not_curator_text(lang))
        return
    document = message.document
    name = document.file_name or "feeds.opml"
    if document.file_size is None or document.file_size > MAX_OPML_BYTES:
        await message.reply_text(t.gettext("{file} is too large: the limit is 1 MiB. Nothing was imported.")
                                 .format(file=name))
        return
    try:
        file = await context.bot.get_file(document.file_id)
        content = bytes(await file.download_as_bytearray())
        outlines = import_opml(content)
    except TelegramError as exc:
        log.warning("could not download %s: %s", name, exc)
        await message.reply_text(t.gettext("I could not download {file}. Please send it again.").format(file=name))
        return
    except Exception as exc:  # malformed XML, a DTD, an entity: refused whole
        log.info("OPML %s refused: %r", name, exc)
        await message.reply_text(t.gettext("{file} is not an OPML feed list I can read. Nothing was imported.")
                                 .format(file=name))
        return
    known = {f.url for f in services.store.feeds.all()}
    fresh = [(url, title) for url, title in outlines if url not in known]
    if not fresh:
        await message.reply_text(t.gettext("{file}: every feed in it is registered already.").format(file=name))
        return
    token = secrets.token_hex(4)
    _opml_box(context.user_data)[token] = (time.monotonic(), fresh)
    lines = [html.escape(t.ngettext("{file}: {n} new feed.", "{file}: {n} new feeds.", len(fresh))
                         .format(file=name, n=len(fresh)))]
    lines += [f"• {html.escape(title or url)}" + (f" — {html.escape(url)}" if title else "")
              for url, title in fresh[:30]]
    if len(fresh) > 30:
        lines.append(html.escape(t.gettext("…and {n} more.").format(n=len(fresh) - 30)))
    skipped = len(outlines) - len(fresh)
    if skipped:
        lines.append(html.escape(t.ngettext("{n} is registered already.", "{n} are registered already.", skipped)
                                 .format(n=skipped)))
    lines.append(html.escape(t.gettext("Import them?")))
    markup = InlineKeyboardMarkup([[
        InlineKeyboardButton(t.gettext("Import"), callback_data=f"{PREFIX}:imp:{token}"),
        InlineKeyboardButton(t.gettext("Cancel"), callback_data=f"{PREFIX}:no:{token}")]])
    await send_html(message, "\n".join(lines), markup)


async def opml_button(update: Update, context: MonitorContext) -> None:
    """Import / Cancel under an OPML preview; the right to curate is checked again."""
    pressed = await _take_pressed(update, context, _opml_box(context.user_data), "imp")
    if pressed is None:
        return
    (_, fresh), lang = pressed
    query, services, t = update.callback_query, context.services, tr(lang)
    added = 0
    known = {f.url for f in services.store.feeds.all()}
    for url, title in fresh:
        if url in known:
            continue  # added meanwhile (another curator, or the same file twice)
        try:
            services.store.feeds.add(url, title=title, actor=actor(query.from_user.id))
            added += 1
        except ValueError as exc:
            log.info("OPML feed %s refused: %r", url, exc)
    log.info("user %s imported %d feeds from OPML", query.from_user.id, added)
    await query.message.reply_text(t.ngettext("Added {n} feed.", "Added {n} feeds.", added).format(n=added))


# --- polling -------------------------------------------------------------------------------------

async def poll_due_feeds(services: Services) -> list[PollResult]:
    """One polling round: every due feed (the poller records failures and back-off per feed)."""
    # feedparser (~60 ms): loaded by the first poll, not at start-up
    from bot.ingest import poller

    settings = services.settings
    result = poller.poll_due(services.store, now=services.clock(), owner=settings.instance,
                             lease=timedelta(seconds=settings.lease_seconds),
                             allow_private=bool(settings.fetch_allow_private))
    if inspect.isawaitable(result):
        result = await result
    metrics.count_feed_polls(result)
    return result


async def poll_job(context: MonitorContext) -> None:
    """JobQueue callback: a failing round is logged, never raised (the next round tries again)."""
    if not await store_answers(context.services.store):  # the round's store calls would hang the loop
        log.warning("feed polling round skipped: the database is not answering")
        return
    try:
        await poll_due_feeds(context.services)
    except Exception:
        metrics.count_error("job:poll-feeds")
        log.exception("feed polling round failed")


def schedule(app: Application, *, interval: float = POLL_INTERVAL, first: float | None = None) -> None:
    """Look for due feeds every `interval` seconds (MONITORBOT_FEED_CHECK_INTERVAL); each feed keeps
    its own interval and back-off in the store, and a per-feed lease across processes."""
    if app.job_queue is not None:
        first = min(10.0, interval) if first is None else first
        app.job_queue.run_repeating(poll_job, interval=interval, first=first, name="poll-feeds",
                                    job_kwargs={"max_instances": 1, "coalesce": True})


def register(app: Application) -> None:
    only_new = filters.UpdateType.MESSAGE
    app.add_handler(CommandHandler("feeds", feeds_command, filters=only_new))
    app.add_handler(CommandHandler("addfeed", addfeed_command, filters=only_new))
    app.add_handler(CommandHandler("pausefeed", pausefeed_command, filters=only_new))
    app.add_handler(CommandHandler("resumefeed", resumefeed_command, filters=only_new))
    app.add_handler(CommandHandler("removefeed", removefeed_command, filters=only_new))
    app.add_handler(CommandHandler("exportfeeds", exportfeeds_command, filters=only_new))
    # Before upload.py's catch-all for files: an .opml file is a feed list, not a store file.
    app.add_handler(MessageHandler(only_new & filters.ChatType.PRIVATE & filters.Document.FileExtension("opml"),
                                   opml_received))
    app.add_handler(CallbackQueryHandler(opml_button, pattern=rf"^{PREFIX}:(imp|no):"))
    app.add_handler(CallbackQueryHandler(addfeed_button, pattern=rf"^{ADD_PREFIX}:(yes|no):"))
