"""End to end, ingestion to digest: a curator registers feeds served on 127.0.0.1, the polling
job's round stores their items (the same story from two feeds once; a figure spotted and queued
for /review), and the delivery round sends subscribers the new reports, flagged where a figure was
spotted. Malformed feeds (broken XML, a wrong encoding, a huge body, a redirect loop) end as a
logged failure shown in /feeds, never as chat noise, and nothing from the good feeds is lost."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timedelta

import pytest

from bot.config import Settings
from handlers.digest_delivery import deliver_round
from handlers.feeds import poll_due_feeds
from tests.support.chat import team_settings
from tests.support.delivery import Clock, Sleeps, known
from tests.support.feedserver import FeedServer, rss

CURATOR = 9201
SUBSCRIBER = 9202
T0 = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)
DATE = "Mon, 02 Mar 2026 00:10:00 GMT"

CENTRAL = rss("Central Asia Monitor", [
    ("https://news.example.kz/a1", "Около 300 казахстанцев воюют в Сирии", DATE,
     "По данным КНБ, около 300 казахстанцев воюют в Сирии на стороне ИГ."),
    ("https://news.example.kz/a2", "Uzbekistan adopts a new law on countering extremism", DATE,
     "Tashkent adopted amendments to the law on countering extremism in Uzbekistan."),
], "ru")
MIRROR = rss("Mirror", [  # the same story under another address, and one of its own
    ("https://mirror.example.org/copy-of-a1?utm_source=rss", "Около 300 казахстанцев воюют в Сирии", DATE,
     "Около 300 казахстанцев воюют в Сирии."),
    ("https://mirror.example.org/b1", "Kyrgyzstan returns families of fighters from Iraq", DATE,
     "Kyrgyzstan returned women and children of foreign fighters from Iraq."),
], "en")


@pytest.fixture
def clock() -> Clock:
    return Clock(T0)


@pytest.fixture
def chat_clock(clock):
    return clock


@pytest.fixture
def chat_options() -> dict:
    return {"jobs": False}


@pytest.fixture
def chat_settings(fake_telegram, tmp_path) -> Settings:
    return team_settings(fake_telegram, tmp_path, admins=frozenset({CURATOR}), fetch_allow_private=True)


@pytest.fixture
def chat_store(chat_settings, clock):
    from bot.store import Store

    store = Store.open(chat_settings.database_url, clock=clock)
    store.entries.load_starter_if_empty()
    store.people.set_role(SUBSCRIBER, "member", "test")
    clock.advance(minutes=30)
    yield store
    store.close()


def services(chat):
    from handlers.services import SERVICES_KEY

    return chat.application.bot_data[SERVICES_KEY]


def links(text: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', text)


async def test_feed_items_reach_subscribers_once(chat, chat_store, clock, feed_server: FeedServer):  # noqa: F811
    feed_server.feeds.update(central=CENTRAL, mirror=MIRROR)
    known(chat, CURATOR, SUBSCRIBER)
    chat_store.subscriptions.add(SUBSCRIBER, "test", "daily", at="08:00", tz="Asia/Almaty", language="en")
    await chat.say(f"/addfeed {feed_server.url('f/central')}", user_id=CURATOR, lang="en")
    await chat.say(f"/addfeed {feed_server.url('f/mirror')}", user_id=CURATOR, lang="en")
    clock.advance(minutes=5)
    results = await poll_due_feeds(services(chat))
    assert sorted((r.status, r.new) for r in results) == [("ok", 1), ("ok", 2)]  # the mirror's copy: once
    # the spotted figure waits for review; nothing entered the estimates
    [cand] = chat_store.candidates.find()
    assert (cand.place, cand.topic, cand.value) == ("KZ", "foreign-fighters", 300)
    review = await chat.say("/review", user_id=CURATOR, lang="en")
    assert "300" in review.last.plain and "казахстанцев воюют" in review.last.plain
    # polled again soon after: conditional requests, nothing new
    clock.advance(hours=2)
    again = await poll_due_feeds(services(chat))
    assert all(r.status in {"not_modified", "ok"} and r.new == 0 for r in again)
    # 08:00 in Almaty: one digest with the three reports, the spotted one flagged
    clock.set(T0 + timedelta(hours=3))
    await deliver_round(chat.application.bot, chat_store, clock, sleep=Sleeps())
    [digest] = [r for r in chat.sent(SUBSCRIBER) if r.method == "sendMessage"]
    urls = links(digest.text)
    assert sorted(set(urls)) == ["https://mirror.example.org/b1", "https://news.example.kz/a1",
                                 "https://news.example.kz/a2"]
    assert len(urls) == 3
    assert "Около 300 казахстанцев воюют в Сирии" in digest.plain
    blocks = digest.plain.split("\n\n")
    [spotted] = [b for b in blocks if "news.example.kz/a1" in b]
    assert "A figure was spotted in this report; curators will review it." in spotted
    assert not any("A figure was spotted" in b for b in blocks if b is not spotted)
    # the next day: nothing new, nothing sent
    clock.set(T0 + timedelta(days=1, hours=3))
    await poll_due_feeds(services(chat))
    await deliver_round(chat.application.bot, chat_store, clock, sleep=Sleeps())
    assert len([r for r in chat.sent(SUBSCRIBER) if r.method == "sendMessage"]) == 1


async def test_malformed_feeds_fail_quietly_and_lose_nothing(chat, chat_store, clock,  # noqa: F811
                                                            feed_server: FeedServer, caplog):  # noqa: F811
    feed_server.feeds.update(central=CENTRAL)
    known(chat, CURATOR, SUBSCRIBER)
    chat_store.subscriptions.add(SUBSCRIBER, "test", "instant", language="en")
    for path in ("broken", "huge", "loop1", "wrong-encoding", "f/central"):
        added = await chat.say(f"/addfeed {feed_server.url(path)}", user_id=CURATOR, lang="en")
        if path in ("broken", "huge", "loop1"):  # issue 13: the check at /addfeed fails; added on confirmation
            assert "does not work as a feed" in added.last.plain
            await chat.press(added.last, "Add anyway")
    since = chat.api.seq
    clock.advance(minutes=5)
    with caplog.at_level(logging.WARNING, logger="monitorbot.ingest"):
        results = await poll_due_feeds(services(chat))
    by_url = {r.url.rsplit("/", 1)[-1]: r for r in results}
    assert by_url["broken"].status == "failed" and by_url["huge"].status == "failed"
    assert by_url["loop1"].status == "failed"
    assert by_url["central"].status == "ok" and by_url["wrong-encoding"].status == "ok"
    # windows-1251 under a UTF-8 label is read correctly; its story and central's a1 are one report
    assert by_url["central"].new + by_url["wrong-encoding"].new == 2
    a1 = chat_store.entries.report_by_url("https://news.example.kz/a1")
    assert "Около 300 казахстанцев" in a1.title["ru"]
    assert chat_store.entries.report_by_url("https://news.example.kz/a2") is not None
    assert any("broken" in rec.getMessage() and "failed" in rec.getMessage() for rec in caplog.records)
    # no chat noise: the bot said nothing to anyone while polling
    assert [c for c in chat.api.calls if c.seq > since and c.name == "sendmessage"] == []
    listed = await chat.say("/feeds", user_id=CURATOR, lang="en")
    assert listed.last.plain.count("Failed 1 time in a row.") == 3
    # the good items go out; the failures are retried later, with back-off
    clock.advance(minutes=1)
    await deliver_round(chat.application.bot, chat_store, clock, sleep=Sleeps())
    [digest] = [r for r in chat.sent(SUBSCRIBER) if r.method == "sendMessage"]
    assert {"https://news.example.kz/a1", "https://news.example.kz/a2"} <= set(links(digest.text))
    clock.advance(minutes=5)
    assert await poll_due_feeds(services(chat)) == []  # failing feeds wait out their back-off
