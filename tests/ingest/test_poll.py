"""Polling feeds from a local feed server (127.0.0.1): new items become reports once, conditional
requests, dedupe across feeds, figures queued for review, malformed feeds logged and counted."""

from __future__ import annotations

import functools
import logging
from datetime import UTC, datetime, timedelta

import pytest

from bot.ingest import fetch as fetch_module
from bot.ingest.fetch import fetch_feed
from bot.ingest.opml import OpmlError, export_opml, import_opml
from bot.ingest.poller import describe_feed_error, poll_due, poll_feed
from bot.store import Store
from tests.support.feedserver import FeedServer, rss

T0 = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)
ITEM_KZ = ("https://news.example.kz/a1?utm_source=rss", "Около 300 казахстанцев воюют в Сирии",
           "Tue, 24 Nov 2026 09:00:00 GMT", "<p>По данным КНБ, около 300 казахстанцев воюют в Сирии.</p>")
ITEM_UZ = ("https://example.com/uz", "More than 500 Uzbeks fight for the Islamic State",
           "Tue, 24 Nov 2026 10:00:00 GMT", "More than 500 Uzbeks are fighting in Syria and Iraq, officials say.")
ITEM_PLAIN = ("https://example.com/law", "Kazakhstan adopts a law on extremism",
              "Tue, 24 Nov 2026 11:00:00 GMT", "Article 255 was amended on 3 November 2014.")
fetch = functools.partial(fetch_feed, allow_private=True, timeout=2.0)


class Clock:
    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def st(sqlite_store: Store) -> Store:
    sqlite_store.entries.load_starter_if_empty()
    sqlite_store.db.clock = Clock(T0)
    return sqlite_store


async def test_new_items_become_reports_with_places_topics_and_queued_figures(st: Store, feed_server: FeedServer) -> None:
    feed_server.feeds["news"] = rss("Новости Казахстана", [ITEM_KZ, ITEM_UZ, ITEM_PLAIN])
    feed = st.feeds.add(feed_server.url("f/news"))
    result = await poll_feed(st, feed, fetch=fetch, clock=st.db.clock)
    assert (result.status, result.new, result.duplicates) == ("ok", 3, 0)
    kz = st.entries.report_by_url("https://news.example.kz/a1")
    assert kz.url == "https://news.example.kz/a1?utm_source=rss" or kz.url.startswith("https://news.example.kz/a1")
    assert kz.title == {"ru": "Около 300 казахстанцев воюют в Сирии"} and kz.language == "ru"
    assert kz.published == "2026-11-24" and kz.publication == {"ru": "Новости Казахстана"}
    assert "KZ" in kz.places and "foreign-fighters" in kz.tags
    queue = {(c.place, c.value, c.low) for c in st.candidates.find()}
    assert queue == {("KZ", 300, None), ("UZ", None, 500)}  # the law item's numbers are no figures
    flagged = {r.id: r.has_figures for r in st.entries.reports_since(T0)}
    assert flagged[kz.id] and not flagged[st.entries.report_by_url(ITEM_PLAIN[0]).id]
    before = st.entries.counts()["estimates"]
    assert st.entries.counts()["estimates"] == before  # nothing entered the estimates unreviewed
    assert st.feeds.get(feed.id).title is None or st.feeds.get(feed.id).title == "Новости Казахстана"


async def test_a_second_poll_sends_the_etag_and_304_means_nothing_new(st: Store, feed_server: FeedServer) -> None:
    feed_server.feeds["news"] = rss("News", [ITEM_UZ])
    feed = st.feeds.add(feed_server.url("f/news"))
    await poll_feed(st, feed, fetch=fetch, clock=st.db.clock)
    again = await poll_feed(st, st.feeds.get(feed.id), fetch=fetch, clock=st.db.clock)
    assert again.status == "not_modified" and again.new == 0
    assert feed_server.conditional_hits == {"news": 1} and st.entries.counts()["reports"] == 2


async def test_the_same_story_from_two_feeds_is_stored_once(st: Store, feed_server: FeedServer) -> None:
    feed_server.feeds["a"] = rss("A", [ITEM_UZ])
    copy = ("https://mirror.example.net/story/77", "More than 500 Uzbeks fight for the Islamic State!",
            "Wed, 25 Nov 2026 08:00:00 GMT", "Reposted.")
    feed_server.feeds["b"] = rss("B", [copy, ITEM_UZ])
    a, b = st.feeds.add(feed_server.url("f/a")), st.feeds.add(feed_server.url("f/b"))
    first = await poll_feed(st, a, fetch=fetch, clock=st.db.clock)
    second = await poll_feed(st, b, fetch=fetch, clock=st.db.clock)
    assert (first.new, second.new, second.duplicates) == (1, 0, 2)
    assert st.entries.counts()["reports"] == 2  # the starter report and this story


@pytest.mark.parametrize("path, code", [("broken", "bad_feed"), ("huge", "too_large"), ("loop1", "too_many_redirects"),
                                        ("slow", "timeout"), ("f/missing", "http_status")])
async def test_a_malformed_feed_is_a_logged_failure_and_nothing_is_half_written(
        st: Store, feed_server: FeedServer, path: str, code: str, caplog: pytest.LogCaptureFixture) -> None:
    feed = st.feeds.add(feed_server.url(path))
    before = st.entries.counts()
    with caplog.at_level(logging.WARNING, logger="monitorbot.ingest"):
        result = await poll_feed(st, feed, fetch=functools.partial(fetch_feed, allow_private=True, timeout=1.0),
                                 clock=st.db.clock)
    assert result.status == "failed" and result.error.startswith(code)
    assert st.entries.counts() == before and st.candidates.find() == []
    shown = st.feeds.get(feed.id)
    assert shown.consecutive_failures == 1 and shown.last_error.startswith(code)
    assert shown.next_poll_at == T0 + timedelta(minutes=30)
    assert any(feed.url in r.getMessage() for r in caplog.records)
    assert describe_feed_error(shown.last_error, "ru")  # a sentence for curators


async def test_a_wrongly_declared_encoding_still_reads_or_fails_cleanly(st: Store, feed_server: FeedServer) -> None:
    feed = st.feeds.add(feed_server.url("wrong-encoding"))
    result = await poll_feed(st, feed, fetch=fetch, clock=st.db.clock)
    if result.status == "ok":  # feedparser recovered the items: the title is readable Russian
        report = st.entries.report_by_url("https://news.example.kz/a1")
        assert report is not None and "казахстанцев" in next(iter(report.title.values()))
    else:
        assert st.feeds.get(feed.id).consecutive_failures == 1 and st.entries.counts()["reports"] == 1


async def test_poll_due_polls_only_due_feeds_and_backs_off_failures(st: Store, feed_server: FeedServer) -> None:
    feed_server.feeds["news"] = rss("News", [ITEM_UZ])
    good = st.feeds.add(feed_server.url("f/news"))
    bad = st.feeds.add(feed_server.url("broken"))
    paused = st.feeds.add(feed_server.url("f/other"))
    st.feeds.pause(paused.id)
    results = await poll_due(st, T0, fetch=fetch, owner="test")
    assert {(r.feed_id, r.status) for r in results} == {(good.id, "ok"), (bad.id, "failed")}
    assert await poll_due(st, T0 + timedelta(minutes=14), fetch=fetch, owner="test") == []
    later = await poll_due(st, T0 + timedelta(minutes=20), fetch=fetch, owner="test")
    assert [r.feed_id for r in later] == [good.id]  # the broken one waits 30 minutes
    assert st.feeds.get(good.id).reports_added == 1 and st.feeds.get(bad.id).last_error.startswith("bad_feed")


async def test_private_addresses_are_refused_by_default(st: Store, feed_server: FeedServer) -> None:
    feed = st.feeds.add(feed_server.url("f/news"))
    result = await poll_feed(st, feed, clock=st.db.clock)  # the default fetcher: no private addresses
    assert result.status == "failed" and result.error.startswith("private_address")


def test_opml_round_trip_and_refusals(st: Store) -> None:
    st.feeds.add("https://example.org/rss", "Example & Co")
    st.feeds.add("https://example.kz/feed")
    data = export_opml(st.feeds.all())
    assert import_opml(data)[0] == ("https://example.org/rss", "Example & Co")
    assert [u for u, _ in import_opml(data)] == ["https://example.org/rss", "https://example.kz/feed"]
    nested = b'<opml version="2.0"><body><outline text="KZ"><outline xmlUrl="https://a.kz/rss" text="A"/>' \
             b'<outline xmlUrl="javascript:alert(1)"/></outline></body></opml>'
    assert import_opml(nested) == [("https://a.kz/rss", "A")]
    for bad, code in [(b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><opml><body/></opml>', "dtd"),
                      (b"<opml><body>", "not_xml"), (b"<rss/>", "not_opml"), (b" " * (2 * 1024 * 1024), "too_large")]:
        with pytest.raises(OpmlError) as exc:
            import_opml(bad)
        assert exc.value.code == code


_ = fetch_module


def test_a_story_about_a_city_the_store_does_not_list_is_tagged_with_its_country() -> None:
    """The gazetteer names regions and cities: a Shymkent or Karaganda story is a Kazakhstan story
    for subscription filters (it used to land in "Other news")."""
    from bot.ingest.poller import item_report
    from bot.understanding import Lexicon

    lexicon = Lexicon.build([], [])
    for title, country in [("Police detain recruiters in Shymkent", "KZ"),
                           ("В Караганде задержали вербовщиков", "KZ"),
                           ("Ошта экстремисттер ұсталды", "KG"),
                           ("Attack in Kunduz province kills five", "AF")]:
        data = item_report({"title": title, "link": "https://example.org/a"}, "Test Wire", lexicon)
        assert country in data["places"], title
    data = item_report({"title": "Mary had a little lamb", "link": "https://example.org/b"}, "Test Wire", lexicon)
    assert "TM" not in data.get("places", [])
