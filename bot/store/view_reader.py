"""The update view's read on PostgreSQL, awaited on the event loop (bot.store.database).

Every update reads its view first (one indexed statement). In a worker thread that read cost
more than the statement: a thread hop each way, the GIL handed back and forth, the loop woken
through its self-pipe. Here it is awaited on an asyncio connection of psycopg (the driver the
engine already uses), so the loop goes on with other updates while the server answers, and a
server that stops answering holds only the updates waiting for it — not the loop, not a thread.

One connection per event loop, in autocommit (each read sees the latest commit), made from the
engine's own connection parameters (search_path, statement_timeout, connect/keepalive/TCP
timeouts), so it behaves as the pool's connections do; psycopg prepares the statement on the
server after a few runs. Concurrent reads share it one after another (psycopg serialises them):
a read is a fraction of a millisecond on a local network. A connection that breaks is replaced
once, as the thread version does.
"""

from __future__ import annotations

import asyncio
import logging

import psycopg
from sqlalchemy import Engine

log = logging.getLogger(__name__)


class AsyncViewReader:
    """Runs the view's statement on an asyncio connection (see the module docstring)."""

    def __init__(self, engine: Engine):
        self._engine = engine
        self._conn: psycopg.AsyncConnection | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._connecting: asyncio.Lock | None = None
        self._dsn: str | None = None

    async def rows(self, sql: str, params: dict) -> list[tuple]:
        for attempt in (1, 2):
            conn = await self._connection()
            try:
                cursor = await conn.execute(sql, params)
                return await cursor.fetchall()
            except psycopg.OperationalError:
                self._forget()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    async def _connection(self) -> psycopg.AsyncConnection:
        loop = asyncio.get_running_loop()
        if self._loop is not loop:  # a connection belongs to the loop it was made on
            self._forget()
            self._loop, self._connecting = loop, asyncio.Lock()
        conn = self._conn
        if conn is not None and not conn.closed:
            return conn
        assert self._connecting is not None
        async with self._connecting:  # many updates at start: one connection, not one each
            if self._conn is None or self._conn.closed:
                if self._dsn is None:  # the pool's parameters, read once (a blocking check-out: in a thread)
                    self._dsn = await asyncio.to_thread(self._engine_dsn)
                self._conn = await psycopg.AsyncConnection.connect(
                    self._dsn, password=self._engine.url.password, autocommit=True)
            return self._conn

    def _engine_dsn(self) -> str:
        raw = self._engine.raw_connection()
        try:
            return raw.driver_connection.info.dsn  # every parameter the engine connects with, no password
        finally:
            raw.close()

    def _forget(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None and not conn.closed:
            try:
                conn.pgconn.finish()  # from any thread or loop: no await needed to let it go
            except Exception:  # noqa: BLE001 - a broken connection is gone either way
                log.debug("closing the view connection failed", exc_info=True)

    def close(self) -> None:
        self._forget()
