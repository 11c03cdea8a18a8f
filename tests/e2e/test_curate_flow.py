"""End to end: the guided /add flows — one field at a time, buttons for short lists, Skip,
validation that stays at the field, Edit before saving, /cancel, and a clean time-out."""

from __future__ import annotations

import pytest

from bot.config import Settings
from tests.support.chat import team_settings, team_store

ADMIN = 9001
CURATOR = 9002
MEMBER = 9003


@pytest.fixture
def chat_settings(fake_telegram, tmp_path) -> Settings:
    return team_settings(fake_telegram, tmp_path, admins=frozenset({ADMIN}))


@pytest.fixture
def chat_store(chat_settings):
    with team_store(chat_settings, {CURATOR: "curator", MEMBER: "member"}) as store:
        yield store


@pytest.fixture
def chat_options():
    # long enough that a slow step on a loaded machine is not taken for an abandoned flow
    return {"conversation_timeout": 3.0}


def snapshot(store) -> tuple:
    return store.generation(), store.entries.counts(), store.entries.export_yaml()


async def say(chat, text, user=CURATOR, lang="en"):
    return await chat.say(text, user_id=user, lang=lang)


async def add_kg_estimate(chat):
    """/add estimate, answered field by field; returns the confirmation."""
    step = await say(chat, "/add estimate")
    assert "Which place?" in step.plain and "Kyrgyzstan" in step.button_texts and "Skip" not in step.button_texts
    step = await chat.press(step.last, "Kyrgyzstan")
    assert "Which topic" in step.plain
    topic_button = next(b for b in step.last.button_texts if "Islamic State" in b)
    step = await chat.press(step.last, topic_button)
    assert "The figure" in step.plain
    step = await say(chat, "up to 80")
    assert "What does it count?" in step.plain and "Skip" in step.last.button_texts
    step = await chat.press(step.last, "people")
    assert "As of when?" in step.plain
    step = await say(chat, "2015-03")
    assert "estimator" in step.plain
    step = await say(chat, "Soufan Group")
    assert "publication" in step.plain
    step = await say(chat, "The Soufan Group report")
    step = await chat.press(step.last, "Skip")  # source date
    step = await chat.press(step.last, "Skip")  # source link
    step = await chat.press(step.last, "Skip")  # note
    return step


async def test_guided_estimate_with_buttons_confirm_and_save(chat, chat_store):
    before = snapshot(chat_store)
    confirm = await add_kg_estimate(chat)
    assert "80" in confirm.plain and "Soufan Group" in confirm.plain
    assert confirm.last.button_texts == ["Save", "Edit", "Cancel"]
    assert snapshot(chat_store) == before
    saved = await chat.press(confirm.last, "Save")
    assert "Saved: new estimate" in saved.last.plain
    answer = await say(chat, "How many Kyrgyzstanis are fighting for the Islamic State?", user=MEMBER)
    assert "80" in answer.plain and "Soufan" in answer.plain
    # the flow is over: text is a question again
    assert "Soufan" in (await say(chat, "Who estimated the number of fighters from Kyrgyzstan?")).plain


async def test_bad_values_keep_the_flow_at_the_field(chat, chat_store):
    before = snapshot(chat_store)
    step = await say(chat, "/add estimate")
    step = await say(chat, "Atlantis")
    assert "Atlantis" in step.plain and "again" in step.plain
    step = await say(chat, "KG")
    step = await say(chat, "foreign-fighters")
    for bad, expected in (("-5", "negative"), ("300-100", "above"), ("lots", "not a figure"),
                          ("<b>5</b>", "HTML")):
        replies = await say(chat, bad)
        assert expected in replies.plain, bad
    step = await say(chat, "120")
    assert "What does it count?" in step.plain
    step = await chat.press(step.last, "Skip")
    bad_date = await say(chat, "2015-13")
    assert "not a date" in bad_date.plain
    asked = await say(chat, "2015")
    assert "estimator" in asked.plain  # the date was taken; now the estimator
    long_name = await say(chat, "ж" * 4000)
    assert "too long" in long_name.plain
    assert snapshot(chat_store) == before
    cancelled = await say(chat, "/cancel")
    assert cancelled.plain == "Cancelled. Nothing was saved."
    assert snapshot(chat_store) == before


async def test_edit_a_field_from_the_confirmation(chat, chat_store):
    confirm = await add_kg_estimate(chat)
    fields = await chat.press(confirm.last, "Edit")
    assert "Which field" in fields.last.plain
    ask = await chat.press(fields.last, "Figure")
    assert "The figure" in ask.plain and "high: 80" in ask.plain
    confirm = await say(chat, "95")
    assert "95" in confirm.plain and confirm.last.button_texts == ["Save", "Edit", "Cancel"]
    saved = await chat.press(confirm.last, "Save")
    assert "Saved" in saved.last.plain
    assert any(e.value == 95 for e in chat_store.entries.estimates(places=["KG"]))


async def test_cancel_button_and_command_at_any_step(chat, chat_store):
    before = snapshot(chat_store)
    step = await say(chat, "/add")
    assert "What would you like to add?" in step.plain
    step = await chat.press(step.last, "Law")
    assert "jurisdiction" in step.plain
    cancelled = await chat.press(step.last, "Cancel")
    assert cancelled.last.plain == "Cancelled. Nothing was saved."
    assert "Kazakhstan" in (await say(chat, "Which law lets the state take an extremist group's assets?")).plain
    confirm = await add_kg_estimate(chat)
    assert (await say(chat, "/cancel")).plain == "Cancelled. Nothing was saved."
    stale = await chat.press(confirm.last, "Save")
    assert stale.answer["show_alert"] is True
    assert snapshot(chat_store) == before
    assert (await say(chat, "/cancel")).plain == "There is nothing to cancel."


async def test_abandoned_flow_times_out_with_a_message(chat, chat_store):
    before = snapshot(chat_store)
    await say(chat, "/add estimate")
    await say(chat, "KZ")
    ok = await chat.api.wait_until(lambda: any("dropped" in (c.params.get("text") or "")
                                                for c in chat.api.calls_to("sendMessage")), 10)
    assert ok, "no time-out message"
    timeout_message = [c for c in chat.api.calls_to("sendMessage") if "dropped" in (c.params.get("text") or "")]
    assert timeout_message[0].params["chat_id"] == CURATOR
    assert "The unsaved estimate was dropped" in timeout_message[0].params["text"]
    # the next text is a question again, not the topic
    answer = await say(chat, "How many Kazakhstanis are fighting for the Islamic State?")
    assert "250" in answer.plain
    assert snapshot(chat_store) == before


async def test_guided_place_and_topic_then_an_estimate_uses_them(chat, chat_store):
    step = await say(chat, "/add place")
    step = await say(chat, "KZ-AKM")
    step = await say(chat, "en: Akmola Region")
    step = await say(chat, "ru: Акмолинская область")  # adds Russian to the name? it moves on
    confirm = step
    while "Save" not in confirm.last.button_texts:
        confirm = await chat.press(confirm.last, "Skip")
    saved = await chat.press(confirm.last, "Save")
    assert "Saved: new place KZ-AKM" in saved.last.plain
    assert chat_store.entries.get("place", "KZ-AKM") is not None


async def test_add_in_a_group_points_to_private_chat(chat):
    replies = await chat.group_message("/add", user_id=CURATOR, lang="en")
    assert "private chat" in replies.plain


async def test_flow_from_a_revoked_curator_stops(chat, chat_store):
    await say(chat, "/add estimate")
    chat_store.people.revoke_role(CURATOR, "test")
    chat_store.people.set_role(CURATOR, "member", "test")
    replies = await say(chat, "KZ")
    assert replies.plain == "Only curators can change the store. Ask an admin if you need to."

