"""Polling feeds: a conditional GET through the guarded fetcher, feedparser on the bytes, each new
item a report (places and topics from the same gazetteer that answers questions), the same story
stored once, figures spotted and queued for review — one poll written atomically, or not at all.
"""

from __future__ import annotations

import html
import logging
import os
import re
import socket
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import feedparser

from bot.i18n import N_
from bot.ingest.dedupe import Deduper
from bot.ingest.fetch import FetchedFeed, FetchError, _decode, fetch_feed
from bot.ingest.spotting import spot_figures
from bot.languages import CODES
from bot.store.offload import off_loop
from bot.store.problems import ImportError_
from bot.store.records import FeedRecord
from bot.store.validate import report_id_for
from bot.understanding import Lexicon, detect_language, parse

log = logging.getLogger("monitorbot.ingest")

MAX_ITEMS = 200  # per poll: a feed dumping its archive is read in the next polls' worth
MAX_SUMMARY = 2000
MAX_TEXT = 100_000
LEASE = timedelta(minutes=10)
Fetch = Callable[..., Awaitable[FetchedFeed]]
_TAG = re.compile(r"<[^>]+>")
_ENCODING_TROUBLE = (feedparser.CharacterEncodingOverride, feedparser.CharacterEncodingUnknown)



# how a failing feed's last error reads to curators (codes of FetchError plus the parser's own)
FEED_ERRORS = {
    "bad_feed": N_("The feed is not valid RSS or Atom."),
    "not_a_feed": N_("The address does not serve a feed."),
    "invalid_items": N_("The feed's items could not be stored."),
}


@dataclass
class PollResult:
    """What one poll did: `status` is "ok" | "not_modified" | "failed" (then `error` says why)."""

    feed_id: int
    url: str
    status: str
    new: int = 0
    duplicates: int = 0
    candidates: int = 0
    error: str | None = None
    report_ids: list[str] = field(default_factory=list)


def _plain(text: str | None, limit: int) -> str | None:
    """Feed HTML -> plain text: tags out, entities decoded, spaces collapsed."""
    if not text:
        return None
    out = " ".join(html.unescape(_TAG.sub(" ", text)).split())
    return out[:limit] or None


def _date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return time.strftime("%Y-%m-%d", value)
            except (TypeError, ValueError):
                continue
    return None


def _item_url(entry: Any) -> str | None:
    for candidate in (entry.get("link"), entry.get("id")):
        if isinstance(candidate, str) and candidate.strip().lower().startswith(("http://", "https://")):
            return candidate.strip()
    return None


def item_report(entry: Any, publication: str | None, lexicon: Lexicon, feed_language: str | None = None
                ) -> dict | None:
    """One feed item as report data (interchange format); None for an item with no link."""
    url = _item_url(entry)
    if not url:
        return None
    title = _plain(entry.get("title"), 300)
    summary = _plain(entry.get("summary"), MAX_SUMMARY)
    content = entry.get("content") or []
    text = _plain(content[0].get("value") if content else None, MAX_TEXT)
    if text and summary and text.startswith(summary[:200]):
        summary = summary if len(summary) < len(text) else None
    probe = " ".join(t for t in (title, summary, text and text[:2000]) if t)
    lang = detect_language(probe) if probe else None
    if lang is None and feed_language:
        lang = feed_language
    key = lang or "en"
    data: dict[str, Any] = {"id": report_id_for(url), "url": url}
    if title:
        data["title"] = {key: title}
    if publication:
        data["publication"] = {detect_language(publication) or key: publication}
    published = _date(entry)
    if published:
        data["published"] = published
    if lang:
        data["language"] = lang
    if summary:
        data["summary"] = {key: summary}
    if text:
        data["text"] = {key: text}
    headline = " . ".join(t for t in (title, summary and summary[:1000]) if t)
    q = parse(headline, lexicon)
    # a story about Shymkent is a Kazakhstan story: the gazetteer's cities and regions count as
    # their country for the subscription filters
    places = [*q.places, *(c for c in gazetteer_countries(headline) if c not in q.places)]
    if places:
        data["places"] = places
    tags = [*q.topics, *q.entities]
    if tags:
        data["tags"] = list(dict.fromkeys(tags))
    return data


def gazetteer_countries(text: str) -> list[str]:
    """The countries of the regions and cities a text names (bot.understanding.gazetteer)."""
    from bot.understanding.gazetteer import gazetteer

    gaz = gazetteer()
    return list(dict.fromkeys(c for m in gaz.lookup(text) if (c := gaz.country_of(m.code))))


def _feed_language(parsed: Any) -> str | None:
    lang = (parsed.feed.get("language") or "")[:2].lower()
    return lang if lang in CODES else None


def _units(store: Any) -> dict[str, str]:
    units: dict[str, str] = {}
    for estimate in store.entries.estimates():
        units.setdefault(estimate.topic, estimate.unit)
    return units


def _report_text(data: dict) -> str:
    parts = []
    for key in ("title", "summary", "text"):
        value = data.get(key)
        if value:
            parts.append(next(iter(value.values())))
    return "\n\n".join(p if p.rstrip().endswith((".", "!", "?")) else p + "." for p in parts)


async def poll_feed(store: Any, feed: FeedRecord, *, fetch: Fetch | None = None,
                    clock: Callable[[], datetime] | None = None, lexicon: Lexicon | None = None,
                    units: dict[str, str] | None = None, allow_private: bool = False) -> PollResult:
    """Poll one feed and store what is new (see the module docstring). Never raises for a bad
    feed: the failure is logged, counted on the feed (back-off) and returned."""
    clock = clock or store.db.clock
    fetch = fetch or fetch_feed
    now = clock()
    result = PollResult(feed_id=feed.id, url=feed.url, status="failed")

    def fail(code: str, detail: str) -> PollResult:
        result.error = f"{code}: {detail}"[:500]
        updated = store.feeds.record_failure(feed.id, result.error, now=now)
        log.warning("feed %s (%s) failed: %s; failures in a row: %s; next poll %s", feed.id, feed.url, result.error,
                    updated.consecutive_failures if updated else "?", updated.next_poll_at if updated else "?")
        return result

    try:
        kwargs: dict[str, Any] = {"etag": feed.etag, "last_modified": feed.last_modified}
        if allow_private:
            kwargs["allow_private"] = True
        fetched = await fetch(feed.url, **kwargs)
    except FetchError as exc:
        return await off_loop(store, fail, exc.code, ", ".join(f"{k}={v}" for k, v in exc.params.items()))
    if fetched.not_modified:
        await off_loop(store, store.feeds.record_ok, feed.id, etag=fetched.etag, last_modified=fetched.last_modified,
                       now=now)
        result.status = "not_modified"
        return result
    # parsing, spotting and the ingest transaction are blocking work: off the event loop, so
    # the bot keeps answering while a big feed is read
    return await off_loop(store, _store_items, store, feed, fetched, now, result, fail, lexicon, units)


def _store_items(store: Any, feed: FeedRecord, fetched: Any, now: datetime, result: PollResult,
                 fail: Callable[[str, str], PollResult], lexicon: Lexicon | None,
                 units: dict[str, str] | None) -> PollResult:
    """Parse a fetched feed body and store its new items (with their spotted figures) at once."""
    headers = {"content-type": fetched.content_type + (f"; charset={fetched.encoding}" if fetched.encoding else ""),
               "content-location": fetched.url}
    try:
        parsed = feedparser.parse(fetched.body, response_headers=headers, sanitize_html=False,
                                  resolve_relative_uris=False)
    except Exception as exc:  # noqa: BLE001 - a parser crash is one bad feed, not a dead poller
        return fail("bad_feed", f"{type(exc).__name__}: {exc}")
    if parsed.get("bozo") and isinstance(parsed.get("bozo_exception"), _ENCODING_TROUBLE):
        # declared one encoding, sent another: feedparser falls back to windows-1252 and turns
        # Cyrillic into mojibake; our decoder tries UTF-8, then windows-1251 (the region's usual)
        try:
            text = re.sub(r"^<\?xml[^>]*\?>", "", _decode(fetched.body, None).lstrip("\ufeff"))
            parsed = feedparser.parse(text, sanitize_html=False, resolve_relative_uris=False)
        except Exception as exc:  # noqa: BLE001
            return fail("bad_feed", f"{type(exc).__name__}: {exc}")
    if parsed.get("bozo") and not parsed.entries:
        return fail("bad_feed", f"{type(parsed.get('bozo_exception')).__name__}: {parsed.get('bozo_exception')}")
    if not parsed.entries and not parsed.get("version"):
        return fail("not_a_feed", fetched.content_type or "unknown")
    if parsed.get("bozo"):
        log.info("feed %s (%s) is not well-formed but readable: %s", feed.id, feed.url, parsed.get("bozo_exception"))

    lexicon = lexicon or Lexicon.build(store.entries.places(), store.entries.topics())
    units = units if units is not None else _units(store)
    feed_title = _plain(parsed.feed.get("title"), 300)
    publication = feed_title or feed.title
    feed_lang = _feed_language(parsed)
    dedupe = Deduper.from_store(store, now)
    reports: list[dict] = []
    candidates: dict[str, list[dict]] = {}
    for entry in parsed.entries[:MAX_ITEMS]:
        data = item_report(entry, publication, lexicon, feed_lang)
        if data is None:
            continue
        title = next(iter(data.get("title", {}).values()), None)
        if dedupe.duplicate_of(data["url"], title, data.get("published")):
            result.duplicates += 1
            continue
        dedupe.add(data["id"], data["url"], title, data.get("published"))
        reports.append(data)
        spotted = spot_figures(_report_text(data), lexicon, data.get("language"), units=units)
        if spotted:
            candidates[data["id"]] = [c.as_dict() for c in spotted]
    try:
        stored = store.feeds.ingest(reports, actor=f"feed:{feed.id}", candidates=candidates, feed_id=feed.id,
                                      etag=fetched.etag, last_modified=fetched.last_modified, feed_title=feed_title)
    except ImportError_ as exc:
        return fail("invalid_items", "; ".join(str(p) for p in exc.problems)[:400])
    result.status = "ok"
    result.new = len(stored.added)
    result.duplicates += len(stored.duplicates)
    result.candidates = stored.candidates
    result.report_ids = list(stored.added)
    if stored.added:
        log.info("feed %s (%s): %d new reports, %d duplicates, %d figures spotted", feed.id, feed.url,
                 result.new, result.duplicates, result.candidates)
    return result


def spot_report(store: Any, report_id: str, lexicon: Lexicon | None = None) -> int:
    """Spot figures in a stored report added by hand (/report, /add report) and queue them for
    /review exactly as a feed item's are; returns how many new candidates were queued."""
    record = store.entries.get("report", report_id)
    if record is None:
        return 0
    data = {k: getattr(record, k) for k in ("title", "summary", "text") if getattr(record, k)}
    data = {k: (v if isinstance(v, dict) else {"en": v}) for k, v in data.items()}
    lexicon = lexicon or Lexicon.build(store.entries.places(), store.entries.topics())
    spotted = spot_figures(_report_text(data), lexicon, record.language, units=_units(store))
    return store.candidates.add_many(report_id, [c.as_dict() for c in spotted]) if spotted else 0


def default_owner() -> str:
    """Who holds a lease: this host and process."""
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


async def poll_due(store: Any, now: datetime | None = None, *, fetch: Fetch | None = None,
                   clock: Callable[[], datetime] | None = None, lexicon: Lexicon | None = None,
                   owner: str | None = None, lease: timedelta = LEASE, allow_private: bool = False
                   ) -> list[PollResult]:
    """Poll every feed that is due (the JobQueue job): each under a lease, so that two processes
    never poll the same feed at once; one failing feed does not stop the others."""
    clock = clock or store.db.clock
    now = now or clock()
    owner = owner or default_owner()
    # every store call in a store thread: a database that is locked or slow never holds the loop
    due = await off_loop(store, store.feeds.due, now)
    if not due:
        return []
    if lexicon is None:
        lexicon = await off_loop(store, lambda: Lexicon.build(store.entries.places(), store.entries.topics()))
    units = await off_loop(store, _units, store)
    results = []
    for feed in due:
        if not await off_loop(store, store.feeds.claim, feed.id, owner, now + lease, now):
            continue  # another process has it
        try:
            results.append(await poll_feed(store, feed, fetch=fetch, clock=clock, lexicon=lexicon, units=units,
                                           allow_private=allow_private))
        except Exception:  # noqa: BLE001 - logged; the feed is tried again at its next time
            log.exception("polling feed %s (%s) crashed", feed.id, feed.url)
            await off_loop(store, store.feeds.record_failure, feed.id, "crash: see the log", now=now)
        finally:
            await off_loop(store, store.feeds.release, feed.id, owner)
    return results


def describe_feed_error(error: str | None, lang: str) -> str | None:
    """A feed's last_error ("code: detail") as a sentence for curators, in their language."""
    if not error:
        return None
    from bot.i18n import tr
    from bot.ingest.fetch import MESSAGES, describe_fetch_error

    code, _, detail = error.partition(":")
    if code in FEED_ERRORS:
        return tr(lang).gettext(FEED_ERRORS[code])
    if code not in MESSAGES:
        return None  # not ours to word: the caller shows it as recorded
    # the detail was logged as "key=value, key=value" (poll_feed's fail()): its values fill the sentence
    params = dict(p.strip().split("=", 1) for p in detail.split(",") if "=" in p)
    return describe_fetch_error(FetchError(code, params), lang)


__all__ = ["PollResult", "poll_feed", "poll_due", "spot_report", "item_report", "describe_feed_error", "FEED_ERRORS",
           "default_owner"]
