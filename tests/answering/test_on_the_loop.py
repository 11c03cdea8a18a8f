"""Questions answered from memory on the event loop, and in a store thread only when they must be:
when the update's view and the built index hold everything, no thread hop and no statement; when
the store changed (the index must be rebuilt) or the answer needs a read, the work gives way
before it changes anything and runs in a worker thread, and the answer is the same either way.
"""

from __future__ import annotations

import threading

import pytest

from bot.answering import Answerer
from bot.answering.conversation import ContextWriter, Conversation
from bot.store import Store
from bot.store.offload import answered_from_memory
from tests.support.store import Statements

CHAT, USER = -200, 4001
QUESTION = "Сколько казахстанцев воюет за ИГ?"


@pytest.fixture
def file_store(tmp_path):
    # a file database: on one shared connection (in-memory SQLite) everything runs inline anyway
    store = Store.open(f"sqlite:///{tmp_path / 'loop.db'}")
    store.entries.load_starter_if_empty()
    yield store
    store.updates.end()
    store.close()


@pytest.fixture
def answered_on(monkeypatch) -> list[bool]:
    """For each question answered to the end: True when on the calling (loop) thread."""
    loop_thread = threading.get_ident()
    seen: list[bool] = []
    original = Conversation.answer

    def recording(self, *args, **kwargs):
        result = original(self, *args, **kwargs)  # an attempt that gave way raised: not counted
        seen.append(threading.get_ident() == loop_thread)
        return result

    monkeypatch.setattr(Conversation, "answer", recording)
    return seen


async def test_a_question_the_index_answers_runs_on_the_loop_without_a_statement(file_store, answered_on):
    conversation = Conversation(Answerer(file_store), file_store, file_store.db.clock)
    conversation.answerer.warm_up()
    file_store.updates.begin(CHAT, USER)  # the update's one read: generation, context
    statements = Statements(file_store.db.engine)
    try:
        answer = await conversation.ask(CHAT, USER, QUESTION, "ru")
        assert statements.n == 0
    finally:
        statements.close()
    assert answer.has_figures and "KZ" in answer.query.places
    assert answered_on == [True]
    await written(file_store)


async def written(store: Store) -> None:
    """Let the follow-up context's write (behind the reply) finish before the store closes."""
    task = ContextWriter.of(store).task
    if task is not None:
        await task


async def test_after_a_change_the_rebuild_runs_in_a_thread_then_answers_come_from_memory_again(
        file_store, answered_on):
    conversation = Conversation(Answerer(file_store), file_store, file_store.db.clock)
    conversation.answerer.warm_up()
    file_store.updates.begin(CHAT, USER)
    before = await conversation.ask(CHAT, USER, QUESTION, "ru")
    shown = [e for e in before.used if e[0] == "estimate"]
    assert shown
    file_store.entries.retract("estimate", shown[0][1], reason="test", actor="test")  # the generation moves

    file_store.updates.begin(CHAT, USER)  # the next update sees the new generation
    after = await conversation.ask(CHAT, USER, QUESTION, "ru")
    assert shown[0] not in after.used  # the rebuilt index, not the old one
    file_store.updates.begin(CHAT, USER)
    again = await conversation.ask(CHAT, USER, QUESTION, "ru")
    assert list(again.used) == list(after.used)
    # first from memory; the rebuild in a worker thread (the loop never builds an index); then
    # from memory again
    assert answered_on == [True, False, True]
    await written(file_store)


def test_any_statement_or_index_build_gives_way_before_doing_anything(file_store):
    answerer = Answerer(file_store)
    # no index yet: building it is heavy work, never done on the loop
    assert answered_from_memory(file_store, answerer.ask, QUESTION, "ru") == (False, None)
    assert answerer._index is None
    # a repository's read (here the estimates) reaches Database.engine/reads: it gives way too
    assert answered_from_memory(file_store, file_store.entries.estimates) == (False, None)
    # outside such an attempt the guards are silent: the same calls simply run
    assert answerer.ask(QUESTION, "ru").has_figures
    assert file_store.entries.estimates()
