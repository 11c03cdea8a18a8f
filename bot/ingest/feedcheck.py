"""A feed checked once as /addfeed adds it: fetched through the guarded fetcher and parsed, so the
curator hears at once what it is (its title, how many items) or why it fails (404, not a feed,
timeout...) — instead of a feed that silently fails in /feeds for days.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import feedparser

from bot.ingest.fetch import FetchedFeed, FetchError, fetch_feed
from bot.ingest.poller import describe_feed_error


@dataclass(frozen=True)
class FeedCheck:
    """ok: the address serves a readable feed (`title`, `items`); else `error` ("code: detail", as
    the poller records failures) says why. `fetched` is the body, for a first poll without a second GET."""

    url: str
    ok: bool
    title: str | None = None
    items: int = 0
    error: str | None = None
    fetched: FetchedFeed | None = None

    def describe_error(self, lang: str) -> str:
        return describe_feed_error(self.error, lang) or ""


def _parse(fetched: FetchedFeed) -> Any:
    headers = {"content-type": fetched.content_type + (f"; charset={fetched.encoding}" if fetched.encoding else ""),
               "content-location": fetched.url}
    return feedparser.parse(fetched.body, response_headers=headers, sanitize_html=False, resolve_relative_uris=False)


async def check_feed(url: str, *, allow_private: bool = False,
                     fetch: Callable[..., Awaitable[FetchedFeed]] | None = None) -> FeedCheck:
    """Fetch and parse `url` once; never raises for a bad feed."""
    fetch = fetch or fetch_feed
    try:
        fetched = await fetch(url, allow_private=allow_private) if allow_private else await fetch(url)
    except FetchError as exc:
        detail = ", ".join(f"{k}={v}" for k, v in exc.params.items())
        return FeedCheck(url, False, error=f"{exc.code}: {detail}")
    try:
        parsed = await asyncio.to_thread(_parse, fetched)
    except Exception as exc:  # noqa: BLE001 - a parser crash is a bad feed
        return FeedCheck(url, False, error=f"bad_feed: {type(exc).__name__}")
    if parsed.get("bozo") and not parsed.entries and parsed.get("version"):
        return FeedCheck(url, False, error=f"bad_feed: {type(parsed.get('bozo_exception')).__name__}")
    if not parsed.entries and not parsed.get("version"):
        return FeedCheck(url, False, error=f"not_a_feed: {fetched.content_type or 'unknown'}")
    title = " ".join(str(parsed.feed.get("title") or "").split())[:300] or None
    return FeedCheck(url, True, title=title, items=len(parsed.entries), fetched=fetched)


__all__ = ["FeedCheck", "check_feed"]
