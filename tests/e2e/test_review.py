"""End to end: /review shows spotted figures one at a time with the sentence and the report link;
Accept creates the estimate with its source from the report, Edit first changes the figure and the
estimator before saving, Dismiss takes it off the queue, Next moves on; members are refused, and a
forged or stale button changes nothing."""

from __future__ import annotations

import pytest

from bot.config import Settings
from tests.support.chat import team_settings, team_store

ADMIN = 7001
CURATOR = 7002
MEMBER = 7003
REPORT = "edm-2014-11-17-our-people-in-an-alien-war"
SENTENCE_RU = "По данным КНБ, около 300 казахстанцев воюют в Сирии."
SENTENCE_EN = "More than 500 Uzbeks are fighting for the Islamic State."


@pytest.fixture
def chat_settings(fake_telegram, tmp_path) -> Settings:
    return team_settings(fake_telegram, tmp_path, admins=frozenset({ADMIN}))


@pytest.fixture
def chat_options() -> dict:
    return {"jobs": False}


@pytest.fixture
def chat_store(chat_settings):
    with team_store(chat_settings, {CURATOR: "curator", MEMBER: "member"}) as store:
        store.candidates.add(REPORT, {"place": "KZ", "topic": "foreign-fighters", "value": 300, "unit": "people",
                                     "qualifier": "about", "sentence": SENTENCE_RU, "language": "ru"})
        store.candidates.add(REPORT, {"place": "UZ", "topic": "foreign-fighters", "low": 500, "unit": "people",
                                     "qualifier": "more-than", "sentence": SENTENCE_EN, "language": "en"})
        yield store


def pending(store) -> list:
    return store.candidates.find(status="pending")


async def test_review_shows_figure_sentence_and_report_link(chat, chat_store):
    shown = await chat.say("/review", user_id=CURATOR, lang="en")
    text = shown.last.plain
    assert "Spotted figure 1 of 2" in text
    assert "Kazakhstan" in text and "about 300 people" in text
    assert SENTENCE_RU in text
    assert "Our People in an Alien War" in text
    assert 'href="https://jamestown.org/program/our-people-in-an-alien-war' in shown.last.text
    # issue 13: the sentence names the estimator ("По данным КНБ"); the date is a guess, and says so
    assert "Estimator: КНБ (from the sentence)" in text
    assert "As of: November 17, 2014 (guessed: the publication date; the sentence gives none)" in text
    assert shown.last.button_texts == ["Accept", "Edit first", "Dismiss", "Next"]


async def test_review_in_russian(chat, chat_store):
    shown = await chat.say("/review", user_id=CURATOR, lang="ru")
    text = shown.last.plain
    assert "Казахстан" in text and "300 человек" in text
    assert "Принять" in shown.last.button_texts and "Отклонить" in shown.last.button_texts


async def test_accept_creates_estimate_with_source(chat, chat_store):
    shown = await chat.say("/review", user_id=CURATOR, lang="en")
    accepted = await chat.press(shown.last, "Accept")
    assert any("Saved: new estimate" in r.plain for r in accepted)
    cand = chat_store.candidates.find(status="accepted")[0]
    est = chat_store.entries.get("estimate", cand.estimate_id)
    assert est.place == "KZ" and est.value == 300
    assert est.source.url.startswith("https://jamestown.org/") and est.source.date == "2014-11-17"
    assert est.estimator == {"ru": "КНБ"} and est.approx is True  # issue 13: from the sentence, "около"
    assert est.as_of == "2014-11-17"
    # the next one comes straight after
    assert "Spotted figure 1 of 1" in accepted.last.plain and "more than 500" in accepted.last.plain
    assert [c.place for c in pending(chat_store)] == ["UZ"]


async def test_edit_first_changes_figure_and_estimator(chat, chat_store):
    shown = await chat.say("/review", user_id=CURATOR, lang="en")
    editing = await chat.press(shown.last, "Edit first")
    assert editing.last.button_texts == ["Figure", "Estimator", "As of", "Save", "Cancel"]
    asked = await chat.press(editing.last, "Figure")
    assert "250, >500" in asked.last.plain
    bad = await chat.say("lots", user_id=CURATOR, lang="en")
    assert "send it again" in bad.last.plain
    changed = await chat.say("320", user_id=CURATOR, lang="en")
    assert "320 people" in changed.last.plain
    await chat.press(changed.last, "Estimator")
    named = await chat.say("KNB (National Security Committee)", user_id=CURATOR, lang="en")
    assert "Estimator: KNB (National Security Committee)" in named.last.plain
    saved = await chat.press(named.last, "Save")
    assert any("Saved: new estimate" in r.plain for r in saved)
    cand = chat_store.candidates.find(status="accepted")[0]
    est = chat_store.entries.get("estimate", cand.estimate_id)
    assert est.value == 320 and "KNB" in est.estimator["en"] and est.approx is False
    assert est.source.url.startswith("https://jamestown.org/")


async def test_edit_cancel_keeps_candidate(chat, chat_store):
    shown = await chat.say("/review", user_id=CURATOR, lang="en")
    editing = await chat.press(shown.last, "Edit first")
    cancelled = await chat.press(editing.last, "Cancel")
    assert "stays in /review" in cancelled.last.plain
    assert len(pending(chat_store)) == 2


async def test_dismiss_and_next(chat, chat_store):
    shown = await chat.say("/review", user_id=CURATOR, lang="en")
    moved = await chat.press(shown.last, "Next")
    assert "Spotted figure 2 of 2" in moved.last.plain and "Uzbekistan" in moved.last.plain
    dismissed = await chat.press(moved.last, "Dismiss")
    assert "Dismissed." in dismissed.plain
    assert [c.place for c in pending(chat_store)] == ["KZ"]
    assert chat_store.candidates.find(status="dismissed")[0].place == "UZ"
    assert chat_store.entries.estimates(places=["UZ"], topics=["foreign-fighters"])  # starter ones only...
    assert not any(e.value == 500 and e.low is None for e in chat_store.entries.estimates(places=["UZ"]))


async def test_member_cannot_review_or_press(chat, chat_store):
    refused = await chat.say("/review", user_id=MEMBER, lang="en")
    assert "Only curators" in refused.last.plain
    shown = await chat.say("/review", user_id=CURATOR, lang="en")
    cid = pending(chat_store)[0].id
    pressed = await chat.press(shown.last, data=f"rev:ok:{cid}", user_id=MEMBER)
    assert pressed.answer and "Only curators" in pressed.answer["text"]
    assert len(pending(chat_store)) == 2


async def test_already_decided_button(chat, chat_store):
    shown = await chat.say("/review", user_id=CURATOR, lang="en")
    cid = pending(chat_store)[0].id
    chat_store.candidates.dismiss(cid, "tg:other")
    pressed = await chat.press(shown.last, "Accept")
    assert pressed.answer and "already reviewed" in pressed.answer["text"]
    assert not chat_store.candidates.find(status="accepted")


async def test_empty_queue(chat, chat_store):
    for c in pending(chat_store):
        chat_store.candidates.dismiss(c.id, "test")
    shown = await chat.say("/review", user_id=CURATOR, lang="kk")
    assert shown.last.plain and "/review" not in shown.last.plain
