"""End to end: /subscribe step by step (daily / weekly / as it arrives; time by button or typed;
time zone by button or a typed IANA name, checked; language; places and topics), in en, ru and kk;
a group or a channel subscribed by its admins only; /subscriptions with Change / Remove; /cancel."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.config import Settings
from tests.fakebotapi.harness import DEFAULT_CHANNEL_ID, DEFAULT_GROUP_ID

USER = 9001
GROUP_ADMIN = 9002
NOW = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # Monday 06:00 in Almaty


@pytest.fixture
def chat_settings(fake_telegram, tmp_path) -> Settings:
    return Settings(token=fake_telegram.token, api_url=fake_telegram.api_url,
                    database_url=f"sqlite:///{tmp_path / 'subscribe.db'}", access="open")


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
    yield store
    store.close()


async def test_daily_subscription_by_buttons_in_english(chat, chat_store):
    step = await chat.say("/subscribe", user_id=USER, lang="en")
    assert "How often" in step.last.plain
    assert step.last.button_texts[:3] == ["Daily", "Weekly", "As soon as something arrives"]
    step = await chat.press(step.last, "Daily")
    assert "At what time" in step.last.plain and "09:00" in step.last.button_texts
    step = await chat.press(step.last, "09:00")
    assert "time zone" in step.last.plain and "Asia/Almaty" in step.last.button_texts
    step = await chat.press(step.last, "Asia/Almaty")
    assert "language" in step.last.plain
    step = await chat.press(step.last, data="sub:l:en")
    assert "Which places" in step.last.plain and "Kazakhstan" in step.last.button_texts
    step = await chat.press(step.last, "Kazakhstan")
    assert "✓ Kazakhstan" in step.last.button_texts
    step = await chat.press(step.last, "Next")
    assert "Which topics" in step.last.plain
    step = await chat.press(step.last, "Next")
    assert "Daily at 09:00 (Asia/Almaty), in English." in step.last.plain
    assert "Places: Kazakhstan. Topics: all." in step.last.plain
    done = await chat.press(step.last, "Save")
    assert "Subscribed." in done.last.plain
    assert "The first digest: 2026-03-02 09:00 (Asia/Almaty)." in done.last.plain
    [sub] = chat_store.subscriptions.all(chat_id=USER)
    assert (sub.kind, sub.at, sub.tz, sub.language, sub.places, sub.topics) == (
        "daily", "09:00", "Asia/Almaty", "en", ("KZ",), ())
    assert sub.created_by == f"tg:{USER}"


async def test_weekly_typed_time_and_zone_in_russian(chat, chat_store):
    step = await chat.say("/subscribe", user_id=USER, lang="ru")
    assert "Как часто присылать дайджест?" in step.last.plain
    assert step.last.button_texts[:3] == ["Ежедневно", "Еженедельно", "Сразу, как появится новое"]
    step = await chat.press(step.last, data="sub:k:weekly")
    assert "пятница" in step.last.button_texts
    step = await chat.press(step.last, data="sub:d:4")  # Friday
    bad = await chat.say("25:99", user_id=USER, lang="ru")
    assert bad.last.plain and "HH:MM" in bad.last.plain
    step = await chat.say("7.30", user_id=USER, lang="ru")
    wrong = await chat.say("Mars/Olympus", user_id=USER, lang="ru")
    assert "Mars/Olympus" in wrong.last.plain
    step = await chat.say("europe/berlin", user_id=USER, lang="ru")
    step = await chat.press(step.last, data="sub:l:ru")
    step = await chat.press(step.last, data="sub:p:all")
    step = await chat.press(step.last, data="sub:o:0")
    step = await chat.press(step.last, data="sub:o:next")
    assert "пятница" in step.last.plain.lower() and "07:30" in step.last.plain and "Europe/Berlin" in step.last.plain
    done = await chat.press(step.last, data="sub:save")
    assert "Подписка оформлена." in done.last.plain
    [sub] = chat_store.subscriptions.all(chat_id=USER)
    assert (sub.kind, sub.weekday, sub.at, sub.tz, sub.language) == ("weekly", 4, "07:30", "Europe/Berlin", "ru")
    assert sub.topics == (chat_store.entries.topics()[0].key,) and sub.places == ()
    assert "2026-03-06 07:30 (Europe/Berlin)" in done.last.plain


async def test_instant_in_kazakh_skips_time_and_zone(chat, chat_store):
    step = await chat.say("/subscribe", user_id=USER, lang="kk")
    assert "Дайджест қаншалықты жиі келсін?" in step.last.plain and "Күн сайын" in step.last.button_texts
    step = await chat.press(step.last, data="sub:k:instant")
    assert "Қай тілде?" in step.last.plain
    assert [b.callback_data for b in step.last.buttons[0]] == ["sub:l:en", "sub:l:ru", "sub:l:kk"]
    assert "✓ " in step.last.buttons[0][2].text  # the user's language is the default
    step = await chat.press(step.last, data="sub:l:kk")
    step = await chat.press(step.last, data="sub:p:next")
    step = await chat.press(step.last, data="sub:o:all")
    await chat.press(step.last, data="sub:save")
    [sub] = chat_store.subscriptions.all(chat_id=USER)
    assert (sub.kind, sub.language, sub.places, sub.topics) == ("instant", "kk", (), ())


async def test_cancel_saves_nothing(chat, chat_store):
    step = await chat.say("/subscribe", user_id=USER, lang="en")
    step = await chat.press(step.last, "Daily")
    cancelled = await chat.say("/cancel", user_id=USER, lang="en")
    assert "Cancelled. Nothing was saved." in cancelled.last.plain
    assert chat_store.subscriptions.all() == []
    step = await chat.say("/subscribe", user_id=USER, lang="en")
    cancelled = await chat.press(step.last, "Cancel")
    assert "Nothing was saved" in cancelled.last.plain and chat_store.subscriptions.all() == []


async def test_group_subscribed_by_admin_only(chat, chat_store):
    refused = await chat.group_message("/subscribe", user_id=USER, lang="en")
    assert "Only the chat's admins can subscribe it." in refused.last.plain
    chat.user(GROUP_ADMIN, lang="en")
    chat.chat(DEFAULT_GROUP_ID, "supergroup", user=chat.user(GROUP_ADMIN))
    chat.set_member_status(DEFAULT_GROUP_ID, GROUP_ADMIN, "administrator")
    step = await chat.group_message("/subscribe", user_id=GROUP_ADMIN, lang="en")
    step = await chat.press(step.last, "As soon as something arrives")
    step = await chat.press(step.last, data="sub:l:ru")
    step = await chat.press(step.last, "All places")
    step = await chat.press(step.last, "All topics")
    # a member pressing the admin's Save changes nothing (the flow is the admin's)
    await chat.press(step.last, "Save", user_id=USER)
    assert chat_store.subscriptions.all() == []
    # demoted before saving: refused
    chat.set_member_status(DEFAULT_GROUP_ID, GROUP_ADMIN, "member")
    demoted = await chat.press(step.last, "Save")
    assert demoted.answer and "admins" in demoted.answer["text"]
    assert chat_store.subscriptions.all() == []
    chat.set_member_status(DEFAULT_GROUP_ID, GROUP_ADMIN, "creator")
    step = await chat.group_message("/subscribe", user_id=GROUP_ADMIN, lang="en")
    for data in ("sub:k:instant", "sub:l:ru", "sub:p:all", "sub:o:all", "sub:save"):
        step = await chat.press(step.last, data=data)
    [sub] = chat_store.subscriptions.all()
    assert sub.chat_id == DEFAULT_GROUP_ID and sub.language == "ru"
    listed = await chat.group_message("/subscriptions", user_id=USER, lang="en")
    removed = await chat.press(listed.last, "Remove", user_id=USER)
    assert removed.answer and "admins" in removed.answer["text"]
    assert len(chat_store.subscriptions.all()) == 1


async def test_channel_subscribed_from_private_chat_by_its_admin(chat, chat_store):
    chat.chat(DEFAULT_CHANNEL_ID, "channel")
    refused = await chat.say(f"/subscribe {DEFAULT_CHANNEL_ID}", user_id=USER, lang="en")
    assert "Only the chat's admins" in refused.last.plain
    chat.set_member_status(DEFAULT_CHANNEL_ID, USER, "administrator")
    step = await chat.say(f"/subscribe {DEFAULT_CHANNEL_ID}", user_id=USER, lang="en")
    for data in ("sub:k:daily", "sub:t:0800", "sub:z:0", "sub:l:en", "sub:p:all", "sub:o:all", "sub:save"):
        step = await chat.press(step.last, data=data)
    [sub] = chat_store.subscriptions.all()
    assert sub.chat_id == DEFAULT_CHANNEL_ID and sub.at == "08:00"
    chat.api_errors_expected = True  # getChat of an unknown channel: 400, as Telegram answers
    unknown = await chat.say("/subscribe @nosuchchannel", user_id=USER, lang="en")
    assert "I cannot see the chat @nosuchchannel" in unknown.last.plain


async def test_subscriptions_change_and_remove(chat, chat_store):
    chat_store.subscriptions.add(USER, "test", "daily", at="08:00", language="en", places=["KZ"])
    listed = await chat.say("/subscriptions", user_id=USER, lang="en")
    assert "1. Daily at 08:00 (Asia/Almaty), in English. Places: Kazakhstan." in listed.last.plain
    assert listed.last.button_texts == ["Change", "Remove"]
    step = await chat.press(listed.last, "Change")
    step = await chat.press(step.last, "Weekly")
    step = await chat.press(step.last, data="sub:d:0")
    step = await chat.press(step.last, "18:00")
    step = await chat.press(step.last, "UTC")
    step = await chat.press(step.last, data="sub:l:en")
    assert "✓ Kazakhstan" in step.last.button_texts  # the subscription's own choices are kept
    step = await chat.press(step.last, "Next")
    step = await chat.press(step.last, "Next")
    done = await chat.press(step.last, "Save")
    assert "Subscription changed." in done.last.plain
    [sub] = chat_store.subscriptions.all(chat_id=USER)
    assert (sub.kind, sub.weekday, sub.at, sub.tz, sub.places) == ("weekly", 0, "18:00", "UTC", ("KZ",))
    listed = await chat.say("/subscriptions", user_id=USER, lang="en")
    removed = await chat.press(listed.last, "Remove")
    assert "Subscription removed." in removed.last.plain
    assert chat_store.subscriptions.all() == []
    none = await chat.say("/subscriptions", user_id=USER, lang="en")
    assert "No subscriptions here yet" in none.last.plain


async def test_paused_subscription_can_be_resumed(chat, chat_store):
    sub = chat_store.subscriptions.add(USER, "test", "daily", language="en")
    chat_store.subscriptions.pause(sub.id, reason="blocked")
    listed = await chat.say("/subscriptions", user_id=USER, lang="en")
    assert "Paused: the bot was blocked in this chat." in listed.last.plain
    resumed = await chat.press(listed.last, "Resume")
    assert "Subscription resumed." in resumed.last.plain
    assert not chat_store.subscriptions.get(sub.id).paused


def test_time_and_zone_parsing():
    from handlers.subscribe import parse_time, parse_zone

    assert [parse_time(x) for x in ("8:30", "08.30", "0830", "20h15", "23:59")] == [
        "08:30", "08:30", "08:30", "20:15", "23:59"]
    assert [parse_time(x) for x in ("24:00", "8", "noon", "12:60")] == [None, None, None, None]
    assert parse_zone("asia/tashkent") == "Asia/Tashkent" and parse_zone("UTC") == "UTC"
    assert parse_zone("Mars/Olympus") is None and parse_zone("../etc/passwd") is None
