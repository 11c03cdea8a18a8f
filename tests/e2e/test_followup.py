"""End to end: follow-up questions through the real Application and the fake Bot API — the second
reply answers for the new place, the context lapses after its window, two people in one group keep
their own threads, and a follow-up answered by another instance on the same database still works.

"а казахстанцев?" on its own gets Kazakhstan's overview (every topic, the "up to 80%" line too);
read as a follow-up of a question about fighters it gets the fighters' figure alone.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.store.context import CONTEXT_WINDOW
from tests.fakebotapi.harness import DEFAULT_USER_ID
from tests.support.webhook import post, processed, question, sent_texts, webhook_bot

KG_QUESTION = "Сколько киргизов воюет за ИГ?"
KZ_FIGHTERS = "граждане, воюющие за «Исламское государство» — Казахстан"
T0 = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


class Clock:
    """'Now' for the bot; tests move it."""

    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(T0)


@pytest.fixture
def chat_clock(clock):
    return clock


def first_line(replies) -> str:
    return replies.plain.strip().splitlines()[0]


async def test_a_follow_up_answers_for_the_new_place_and_why_says_so(chat, chat_store):
    chat_store.people.set_role(DEFAULT_USER_ID, "curator", "tg:1")  # /why's reading and ids are for curators
    first = await chat.say(KG_QUESTION, lang="ru")
    assert "100" in first.plain
    second = await chat.say("а казахстанцев?", lang="ru")
    assert first_line(second) == KZ_FIGHTERS
    assert "250" in second.plain and "КИСИ" in second.plain
    assert "80%" not in second.plain and "100 человек" not in second.plain
    why = await chat.say("/why", lang="ru")
    assert KG_QUESTION in why.plain and "kz-is-fighters-2014-kisi" in why.plain


async def test_kazakh_and_english_follow_ups(chat):
    await chat.say("Қырғызстаннан қанша адам ИМ жағында соғысып жүр?", lang="kk")
    kk = await chat.say("ал қазақстандықтар ше?", lang="kk")
    assert "250" in kk.plain and "ҚСЗИ" in kk.plain and "80%" not in kk.plain
    en = await chat.say("and in 2015?", lang="en")
    assert "250" not in en.plain and "2015" in en.plain and "Kazakhstan" in en.plain


async def test_the_context_lapses_after_the_window(chat, clock):
    await chat.say(KG_QUESTION, lang="ru")
    clock.now += CONTEXT_WINDOW - timedelta(minutes=1)
    within = await chat.say("а казахстанцев?", lang="ru")
    assert first_line(within) == KZ_FIGHTERS
    clock.now += CONTEXT_WINDOW + timedelta(minutes=1)
    later = await chat.say("а в 2015?", lang="ru")
    assert "Казахстан" not in later.plain  # a year alone, with nothing to follow: not understood
    fresh = await chat.say("а казахстанцев?", lang="ru")
    assert "80%" in fresh.plain  # on its own: the overview of Kazakhstan


async def test_two_people_in_one_group_keep_their_own_threads(chat):
    alice, bob = 3001, 3002
    await chat.group_message("сколько казахстанцев воюет за ИГ?", user_id=alice, mention=True)
    await chat.group_message("How many Tajiks fight for IS?", user_id=bob, mention=True, lang="en")
    alice_next = await chat.group_message("а в 2015?", user_id=alice, mention=True)
    bob_next = await chat.group_message("and in 2015?", user_id=bob, mention=True, lang="en")
    assert first_line(alice_next).startswith("Казахстан: ") and "2015" in first_line(alice_next)
    assert "for Tajikistan (2015)" in first_line(bob_next)


async def ask(server, fake_telegram, update_id: int, text: str) -> None:
    """`text` posted to one instance's webhook as update `update_id`, and handled."""
    assert (await post(server, question(fake_telegram, update_id, text))).status == 200
    await processed(server)


async def test_a_follow_up_taken_by_another_instance_uses_the_shared_context(fake_telegram, webhook_settings,
                                                                           chat_store):
    from bot.store import Store

    second_store = Store.open(webhook_settings.database_url)  # the other process's own connection
    try:
        async with webhook_bot(webhook_settings, chat_store) as one, \
                webhook_bot(replace(webhook_settings), second_store) as two:
            await ask(one, fake_telegram, 7001, KG_QUESTION)
            await ask(two, fake_telegram, 7002, "а казахстанцев?")
            await asyncio.sleep(0.2)
    finally:
        second_store.close()
    texts = sent_texts(fake_telegram)
    assert len(texts) == 2 and "100" in texts[0]
    assert KZ_FIGHTERS in texts[1] and "250" in texts[1] and "80%" not in texts[1]


async def test_a_restart_keeps_the_context_of_the_question_just_answered(fake_telegram, webhook_settings,
                                                                        chat_store, monkeypatch):
    """Contexts are written at most once per ContextWriter.GATHER; the instance writes the waiting
    ones when it stops, so the instance after a restart (its own connection) reads them."""
    from bot.answering.conversation import ContextWriter
    from bot.store import Store

    monkeypatch.setattr(ContextWriter, "GATHER", 60.0)  # the second context would wait a minute

    async with webhook_bot(webhook_settings, chat_store) as one:
        await ask(one, fake_telegram, 7101, "What laws has Uzbekistan adopted?")
        await asyncio.sleep(0.3)  # its context written at once; the writer pauses now
        await ask(one, fake_telegram, 7102, KG_QUESTION)  # its context waits: stop now
    second_store = Store.open(webhook_settings.database_url)  # the restarted process's own connection
    try:
        async with webhook_bot(replace(webhook_settings), second_store) as two:
            await ask(two, fake_telegram, 7103, "а казахстанцев?")
            await asyncio.sleep(0.2)
    finally:
        second_store.close()
    texts = sent_texts(fake_telegram)
    assert len(texts) == 3 and "100" in texts[1]
    assert KZ_FIGHTERS in texts[2] and "250" in texts[2] and "80%" not in texts[2]


async def test_who_said_that_follows_up_in_three_languages(chat):
    await chat.say("Сколько казахстанцев воюет за ИГ?", lang="ru")
    ru = await chat.say("кто это сказал?", lang="ru")
    assert "250" in ru.plain and "КИСИ" in ru.plain and "Eurasia Daily Monitor" in ru.plain
    await chat.say("Қазақстаннан қанша адам ИМ жағында соғысып жүр?", lang="kk")
    kk = await chat.say("бұл деректі кім айтты?", lang="kk")
    assert "250" in kk.plain and "ҚСЗИ" in kk.plain
    await chat.say("how many Kazakhs fight for IS?", lang="en")
    en = await chat.say("who said that?", lang="en")
    assert "250" in en.plain and "KISI" in en.plain


async def test_an_old_year_never_hides_what_a_full_follow_up_gets_on_its_own(chat):
    first = await chat.say("how many Kazakhs fought for IS in 2013?", lang="en")
    assert "250" not in first.plain  # no 2013 figure
    second = await chat.say("KZ vs KG?", lang="en")
    assert "250" in second.plain and "100" in second.plain, second.plain


async def test_what_about_a_year_is_a_year(chat):
    await chat.say("how many Kazakhs fight for IS?", lang="en")
    later = await chat.say("what about 2015?", lang="en")
    assert "2015" in later.plain and "250 people" not in later.plain
