"""The follow-up protocol as a core service (bot.answering.conversation), without Telegram: a short
question after another is read in its context, per person per chat, and only within the window."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot.answering import Answerer
from bot.answering.conversation import ContextWriter, Conversation
from bot.store.context import CONTEXT_WINDOW

T0 = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
KG_QUESTION = "Сколько киргизов воюет за ИГ?"
CHAT, ALICE, BOB = -100, 3001, 3002


@pytest.fixture
def now() -> list[datetime]:
    return [T0]


@pytest.fixture
def conversation(starter_store, now) -> Conversation:
    def clock() -> datetime:
        return now[0]
    return Conversation(Answerer(starter_store, clock=clock), starter_store, clock)


def places(answer) -> set[str]:
    return set(answer.query.places) if answer.query else set()


async def test_a_follow_up_is_answered_for_the_new_place_and_says_what_it_followed(conversation):
    first = await conversation.ask(CHAT, ALICE, KG_QUESTION, "ru")
    assert first.has_figures and places(first) == {"KG"}
    second = await conversation.ask(CHAT, ALICE, "а казахстанцев?", "ru")
    assert second.has_figures and places(second) == {"KZ"}
    assert second.query.topics[:1] == first.query.topics[:1]
    assert dict(second.reasons[0].params) == {"question": KG_QUESTION}


async def test_the_context_is_per_person_and_per_chat(conversation):
    await conversation.ask(CHAT, ALICE, KG_QUESTION, "ru")
    for chat, user in ((CHAT, BOB), (CHAT + 1, ALICE)):
        alone = await conversation.ask(chat, user, "а казахстанцев?", "ru")
        assert alone.query.follow_up_of is None and "foreign-fighters" not in alone.query.topics


async def test_the_context_lapses_after_the_window_and_is_kept_in_the_store(conversation, starter_store, now):
    await conversation.ask(CHAT, ALICE, KG_QUESTION, "ru")
    await asyncio.sleep(0)  # the writer runs off the reply path
    await ContextWriter.of(starter_store).task
    assert starter_store.context.last(CHAT, ALICE, since=T0)["text"] == KG_QUESTION
    now[0] = T0 + CONTEXT_WINDOW + timedelta(minutes=1)
    later = await conversation.ask(CHAT, ALICE, "а казахстанцев?", "ru")
    assert later.query.follow_up_of is None


def test_anything_else_is_answered_as_ask_would(conversation):
    answer, keep = conversation.answer(CHAT, ALICE, "hello", "en")
    assert answer.kind == conversation.answerer.ask("hello", lang="en").kind
    assert keep is None  # nothing worth remembering
    without_user, keep = conversation.answer(CHAT, None, KG_QUESTION, "ru")
    assert without_user.has_figures and keep is None


def counted_writes(store, monkeypatch) -> list[int]:
    """The rows of each context write (store.context.remember_many), in order."""
    writes: list[int] = []
    remember_many = store.context.remember_many

    def counted(rows):
        writes.append(len(rows))
        return remember_many(rows)

    monkeypatch.setattr(store.context, "remember_many", counted)
    return writes


async def test_a_burst_of_questions_keeps_every_context_in_a_few_statements(starter_store, monkeypatch):
    """Under load the contexts gather into few writes (each costs about the same whatever its
    size); a question on a quiet bot is written at once; none is lost either way."""
    store = starter_store
    writes = counted_writes(store, monkeypatch)
    writer = ContextWriter(store)
    writer.add((CHAT, ALICE, {"places": ["KG"]}, T0))  # quiet: written at once
    await writer.task
    assert writes == [1]
    for i in range(50):  # a burst: a question every 2 ms for 0.1 s
        writer.add((CHAT, 5000 + i, {"places": ["KZ"]}, T0))
        await asyncio.sleep(0.002)
    while not writer.task.done():
        await writer.task
    assert sum(writes) == 51 and len(writes) <= 10, writes
    assert all(store.context.last(CHAT, 5000 + i, since=T0) == {"places": ["KZ"]} for i in range(50))


async def test_flush_writes_what_waits_at_once(starter_store, monkeypatch):
    """At shutdown (handlers/app.py) the contexts waiting for the next write go at once."""
    store = starter_store
    writes = counted_writes(store, monkeypatch)
    writer = ContextWriter(store)
    writer.add((CHAT, ALICE, {"places": ["KG"]}, T0))  # written at once; then the writer pauses
    await asyncio.sleep(0.01)
    writer.add((CHAT, BOB, {"places": ["UZ"]}, T0))  # waits for the pause to end
    started = asyncio.get_running_loop().time()
    await writer.flush()
    assert asyncio.get_running_loop().time() - started < ContextWriter.GATHER / 2
    assert writes == [1, 1]
    assert store.context.last(CHAT, BOB, since=T0) == {"places": ["UZ"]}
    await writer.flush()  # nothing waits: nothing written
    assert writes == [1, 1]
