"""bot.store.offload's memory-first calls: a check the store's caches answer runs on the loop,
with no statement and no thread; one that needs the database runs in a store thread, having
changed nothing on the way. And handlers/transport.py: the Bot API sees at most N requests at once.
"""

from __future__ import annotations

import asyncio
import threading
import time

import pytest
from aiohttp import web
from sqlalchemy import event

from bot.config import ConfigError, Settings
from bot.store import Store
from bot.store.offload import answered_from_memory, from_memory_or_off_loop
from handlers.transport import BotRequest


@pytest.fixture
def file_store(tmp_path):
    # a file database: a store on one shared connection (in-memory SQLite) runs everything inline
    store = Store.open(f"sqlite:///{tmp_path / 'offload.db'}")
    yield store
    store.updates.end()
    store.close()


class Statements:
    def __init__(self, engine):
        self.n = 0
        self.engine = engine
        event.listen(engine, "before_cursor_execute", self._count)

    def _count(self, *args):
        self.n += 1

    def close(self):
        event.remove(self.engine, "before_cursor_execute", self._count)


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


async def _counting_server(delay: float):
    state = {"now": 0, "most": 0, "served": 0}

    async def handle(request: web.Request) -> web.Response:
        state["now"] += 1
        state["most"] = max(state["most"], state["now"])
        await asyncio.sleep(delay)
        state["now"] -= 1
        state["served"] += 1
        return web.json_response({"ok": True, "result": True})

    app = web.Application()
    app.router.add_post("/{method}", handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    return runner, f"http://127.0.0.1:{port}", state


def test_the_bot_api_sees_at_most_the_configured_requests_at_once_and_every_one_is_served():
    async def main():
        runner, url, state = await _counting_server(0.05)
        request = BotRequest(connections=3)
        await request.initialize()
        try:
            started = time.monotonic()
            results = await asyncio.gather(*(request.post(f"{url}/sendMessage") for _ in range(24)))
            elapsed = time.monotonic() - started
        finally:
            await request.shutdown()
            await runner.cleanup()
        return results, state, elapsed

    results, state, elapsed = asyncio.run(main())
    assert results == [True] * 24 and state["served"] == 24
    assert state["most"] == 3  # never more in flight, and the limit was used
    assert elapsed >= 8 * 0.05  # 24 requests, 3 at a time


def test_http_connections_setting_names_the_variable_when_wrong():
    assert Settings.from_env({"MONITORBOT_HTTP_CONNECTIONS": "4"}).http_connections == 4
    assert Settings.from_env({}).http_connections == 8
    with pytest.raises(ConfigError, match="MONITORBOT_HTTP_CONNECTIONS"):
        Settings.from_env({"MONITORBOT_HTTP_CONNECTIONS": "0"})
