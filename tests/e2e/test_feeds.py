"""End to end: curators manage feeds from chat (/addfeed, /feeds with status and back-off,
/pausefeed, /resumefeed, /removefeed), OPML in (preview -> Import) and out (/exportfeeds);
members are refused; a failing feed shows in /feeds and is never announced in chat."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.config import Settings
from tests.support.chat import team_settings

ADMIN = 8001
CURATOR = 8002
MEMBER = 8003
NOW = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)

OPML = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>Central Asia</title></head><body>
<outline text="Fergana News" type="rss" xmlUrl="https://fergana.example/rss"/>
<outline text="Asia-Plus" type="rss" xmlUrl="https://asiaplus.example/feed.xml"/>
</body></opml>"""


@pytest.fixture
def chat_settings(fake_telegram, tmp_path) -> Settings:
    return team_settings(fake_telegram, tmp_path, admins=frozenset({ADMIN}))


@pytest.fixture
def chat_options() -> dict:
    return {"jobs": False}


@pytest.fixture
def chat_clock():
    return lambda: NOW


@pytest.fixture
def chat_store(chat_settings):
    from bot.store import Store

    store = Store.open(chat_settings.database_url, clock=lambda: NOW)
    store.entries.load_starter_if_empty()
    store.people.set_role(CURATOR, "curator", "test")
    store.people.set_role(MEMBER, "member", "test")
    yield store
    store.close()


async def test_add_list_pause_resume_remove(chat, chat_store):
    empty = await chat.say("/feeds", user_id=CURATOR, lang="en")
    assert "No feeds yet" in empty.last.plain
    checked = await chat.say("/addfeed https://fergana.example/rss Fergana News", user_id=CURATOR, lang="en")
    # issue 13: checked at once; this one cannot be fetched, so it is added only when the curator says so
    assert "does not work as a feed" in checked.last.plain and chat_store.feeds.all() == []
    added = await chat.press(checked.last, "Add anyway")
    feed = chat_store.feeds.get("https://fergana.example/rss")
    assert feed is not None and feed.title == "Fergana News" and feed.added_by == f"tg:{CURATOR}"
    assert f"Added feed {feed.id}" in added.last.plain
    again = await chat.say("/addfeed https://fergana.example/rss", user_id=CURATOR, lang="en")
    assert "registered already" in again.last.plain
    bad = await chat.say("/addfeed ftp://example.org/x", user_id=CURATOR, lang="en")
    assert "Usage: /addfeed" in bad.last.plain
    listed = await chat.say("/feeds", user_id=CURATOR, lang="en")
    assert "1 feed" in listed.last.plain and "Fergana News" in listed.last.plain
    assert "https://fergana.example/rss" in listed.last.plain
    paused = await chat.say(f"/pausefeed {feed.id}", user_id=CURATOR, lang="en")
    assert "is paused" in paused.last.plain and chat_store.feeds.get(feed.id).paused
    assert "Paused." in (await chat.say("/feeds", user_id=CURATOR, lang="en")).last.plain
    resumed = await chat.say(f"/resumefeed {feed.id}", user_id=CURATOR, lang="en")
    assert "active again" in resumed.last.plain and not chat_store.feeds.get(feed.id).paused
    removed = await chat.say(f"/removefeed {feed.id}", user_id=CURATOR, lang="en")
    assert "removed" in removed.last.plain and chat_store.feeds.get(feed.id) is None
    missing = await chat.say("/removefeed 999", user_id=CURATOR, lang="en")
    assert "There is no feed 999" in missing.last.plain


async def test_failing_feed_status_shows_backoff(chat, chat_store):
    feed = chat_store.feeds.add("https://broken.example/rss", "Broken", "test")
    chat_store.feeds.record_failure(feed.id, "parse: not well-formed (invalid token)", NOW)
    chat_store.feeds.record_failure(feed.id, "parse: not well-formed (invalid token)", NOW)
    status = chat_store.feeds.get(feed.id)
    listed = await chat.say("/feeds", user_id=CURATOR, lang="en")
    text = listed.last.plain
    assert "Failed 2 times in a row." in text and "not well-formed" in text
    assert status.next_poll_at.strftime("%Y-%m-%d %H:%M UTC") in text
    assert "Last success: —" in text


async def test_members_cannot_touch_feeds(chat, chat_store):
    for command in ("/feeds", "/addfeed https://x.example/rss", "/pausefeed 1", "/exportfeeds"):
        refused = await chat.say(command, user_id=MEMBER, lang="en")
        assert "Only curators" in refused.last.plain
    assert chat_store.feeds.all() == []


async def test_opml_import_preview_then_import(chat, chat_store):
    chat_store.feeds.add("https://asiaplus.example/feed.xml", "Asia-Plus", "test")
    preview = await chat.document(OPML, "central-asia.opml", user_id=CURATOR, lang="en")
    text = preview.last.plain
    assert "1 new feed" in text and "Fergana News" in text and "1 is registered already" in text
    assert preview.last.button_texts == ["Import", "Cancel"]
    assert len(chat_store.feeds.all()) == 1  # a preview changes nothing
    done = await chat.press(preview.last, "Import")
    assert "Added 1 feed." in done.last.plain
    assert {f.url for f in chat_store.feeds.all()} == {"https://fergana.example/rss", "https://asiaplus.example/feed.xml"}
    again = await chat.press(preview.last, data=preview.last.buttons[0][0].callback_data)
    assert again.answer and "expired" in again.answer["text"]


async def test_opml_broken_or_from_member(chat, chat_store):
    broken = await chat.document(b"<opml><body><outline", "x.opml", user_id=CURATOR, lang="en")
    assert "not an OPML feed list" in broken.last.plain
    bomb = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><opml><body>'
            b'<outline xmlUrl="https://a.example/&a;"/></body></opml>')
    refused = await chat.document(bomb, "bomb.opml", user_id=CURATOR, lang="en")
    assert "not an OPML feed list" in refused.last.plain
    member = await chat.document(OPML, "central-asia.opml", user_id=MEMBER, lang="en")
    assert "Only curators" in member.last.plain
    assert chat_store.feeds.all() == []


async def test_export_feeds_round_trip(chat, chat_store):
    from bot.ingest.opml import import_opml

    chat_store.feeds.add("https://fergana.example/rss", "Fergana News", "test")
    chat_store.feeds.add("https://asiaplus.example/feed.xml", "Asia-Plus & Co", "test")
    exported = await chat.say("/exportfeeds", user_id=CURATOR, lang="en")
    document = exported.last.document
    assert document.file_name == "monitorbot-feeds-2026-03-02.opml"
    urls = [url for url, _ in import_opml(document.content)]
    assert urls == ["https://fergana.example/rss", "https://asiaplus.example/feed.xml"]
    assert "2 feeds" in exported.last.plain
