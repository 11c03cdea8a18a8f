"""bot.store.offload's memory-first calls: a check the store's caches answer runs on the loop,
with no statement and no thread; one that needs the database runs in a store thread, having
changed nothing on the way.
"""

from __future__ import annotations

import asyncio
import threading

import pytest

from bot.store import Store
from bot.store.offload import answered_from_memory, from_memory_or_off_loop
from tests.support.store import Statements


@pytest.fixture
def file_store(tmp_path):
    # a file database: a store on one shared connection (in-memory SQLite) runs everything inline
    store = Store.open(f"sqlite:///{tmp_path / 'offload.db'}")
    yield store
    store.updates.end()
    store.close()


def test_a_cached_role_is_answered_from_memory_and_a_new_version_goes_to_the_database(file_store: Store):
    file_store.people.set_role(7, "member", "test")
    file_store.updates.begin(7, 7)
    statements = Statements(file_store.db.engine)
    try:
        assert answered_from_memory(file_store, file_store.people.role, 7) == (False, None)  # not read yet
        assert statements.n == 0  # it gave way before any statement
        assert file_store.people.role(7) == "member"  # read (as a worker thread would)
        statements.n = 0
        assert answered_from_memory(file_store, file_store.people.role, 7) == (True, "member")
        assert statements.n == 0
        other = Store(file_store.db.engine)  # another instance revokes: the people version moves
        other.people.revoke_role(7, "test")
        file_store.updates.begin(7, 7)  # the next update reads the new version
        assert answered_from_memory(file_store, file_store.people.role, 7) == (False, None)
        assert file_store.people.role(7) is None
    finally:
        statements.close()


def test_seen_is_written_once_then_answered_from_memory_until_the_name_changes(file_store: Store):
    def seen(name: str) -> bool:
        return answered_from_memory(file_store, file_store.people.record_seen, 9, "ann", name, "kk")[0]

    assert not seen("Ann")  # first sight: a write is needed, none was made
    assert file_store.people.get(9) is None
    file_store.people.record_seen(9, "ann", "Ann", "kk")
    assert seen("Ann")
    assert not seen("Ann B.")  # a new name must be written
    assert file_store.people.get(9).display_name == "Ann"


def test_the_database_part_runs_in_a_store_thread_and_swallowing_handlers_do_not_hide_it(file_store: Store):
    threads = []

    def check() -> str | None:
        threads.append(threading.current_thread().name)
        try:
            return file_store.people.role(5)
        except Exception:  # noqa: BLE001 - as store code that logs a failure and goes on
            return "swallowed"

    file_store.updates.begin(5, 5)
    assert asyncio.run(from_memory_or_off_loop(file_store, check)) is None
    assert threads[0] == threading.current_thread().name  # tried on the loop first
    assert threads[1].startswith("store")  # then read in a store thread, not swallowed on the way


async def test_on_sqlite_the_update_view_is_read_on_the_loop_and_never_waits_for_the_pool(file_store: Store):
    import time

    await file_store.updates.begin_on_loop(5, 5)  # the loop's own connection is taken here, once
    engine = file_store.db.engine
    free = engine.pool.size() + engine.pool._max_overflow - engine.pool.checkedout()
    held = [engine.connect() for _ in range(free)]  # busy workers hold every other connection
    try:
        started = time.monotonic()
        view = await file_store.updates.begin_on_loop(5, 5)
        took = time.monotonic() - started
    finally:
        for conn in held:
            conn.close()
    assert view.chat_id == 5 and took < 1.0  # not the pool's 30 s wait
