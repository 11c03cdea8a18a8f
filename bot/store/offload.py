"""Blocking store work off the event loop.

The bot is one asyncio loop: a digest round composing thousands of items, a feed poll parsing a
big feed, a 50,000-entry import or a database that stops answering, run on the loop, hold every
answer (and /healthz) until they end. `off_loop` runs such work in a worker thread instead
(SQLAlchemy engines are thread-safe: each thread takes its own pooled connection). The exception
is a store on ONE shared connection (in-memory SQLite, the console's and some tests'): two
threads must not use it at once, so there the work runs inline.

The workers are the store's own pool, not asyncio's default executor (min(32, cores + 4)
threads: 6 on two cores): a few calls stuck on a hanging database must not leave none for the
rest, and asyncio's own uses (DNS lookups) must not queue behind store work.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")

STORE_THREADS = int(os.environ.get("MONITORBOT_STORE_THREADS", "24") or 24)
_executor: ThreadPoolExecutor | None = None


def _workers() -> ThreadPoolExecutor:
    global _executor
    if _executor is None:  # created on first use: importing the store starts no threads
        _executor = ThreadPoolExecutor(max_workers=max(2, STORE_THREADS), thread_name_prefix="store")
    return _executor


def shares_one_connection(store: Any) -> bool:
    db = getattr(store, "db", None)  # a stand-in store has no database
    return db is None or db.shares_one_connection


async def off_loop(store: Any, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`fn(*args, **kwargs)` in a store worker thread (inline when the store shares one
    connection). Context variables (the update id on log lines) go with it."""
    if shares_one_connection(store):
        return fn(*args, **kwargs)
    call = functools.partial(contextvars.copy_context().run, fn, *args, **kwargs)
    return await asyncio.get_running_loop().run_in_executor(_workers(), call)


# Set while a call runs on the loop in the hope that memory answers it (from_memory_or_off_loop).
_MEMORY_ONLY: contextvars.ContextVar[bool] = contextvars.ContextVar("store_memory_only", default=False)


class WouldWait(BaseException):
    """Raised by database_needed() in a call that must not wait on the database here. A
    BaseException, like asyncio's CancelledError, so that the store's `except Exception` (a
    failed write logged and skipped) lets it through."""


def database_needed() -> None:
    """Store code calls this right before it would touch the database (nothing changed yet):
    in an attempt on the loop (answered_from_memory), that attempt gives way to a thread."""
    if _MEMORY_ONLY.get():
        raise WouldWait


def heavy_work() -> None:
    """Called before work that takes long without any database (building a part of the answering
    index: up to a second on 100,000 reports): in an attempt on the loop, that too gives way to a
    thread, so the loop never spends more than a question's own work on one update."""
    database_needed()


def answered_from_memory(store: Any, fn: Callable[..., T], *args: Any) -> tuple[bool, T | None]:
    """(True, `fn(*args)`) when the store's caches answer it here on the loop, else (False, None)
    and nothing done. `fn` must change nothing before it reaches database_needed()."""
    if shares_one_connection(store):
        return True, fn(*args)  # one shared connection: everything runs inline anyway
    token = _MEMORY_ONLY.set(True)
    try:
        return True, fn(*args)
    except WouldWait:
        return False, None
    finally:
        _MEMORY_ONLY.reset(token)


async def from_memory_or_off_loop(store: Any, fn: Callable[..., T], *args: Any) -> T:
    """`fn(*args)` on the loop when the store's caches answer it, else in a worker thread.

    Most updates' checks (is this person on the team, was their name written this hour) are
    answered from memory; a thread hop for each costs more than the check itself (a wake-up of
    the loop, a turn of the GIL)."""
    done, value = answered_from_memory(store, fn, *args)
    if done:
        return value  # type: ignore[return-value]
    return await off_loop(store, fn, *args)


def ping(store: Any) -> None:
    """Raise unless the store answers a trivial query (run it in a worker thread)."""
    own = getattr(store, "ping", None)
    if callable(own):
        own()
        return
    from sqlalchemy import text

    with store.db.engine.connect() as conn:
        conn.execute(text("SELECT 1")).scalar_one()


PING_TIMEOUT = 3.0  # seconds: a database slower than this to say "1" counts as not answering


async def store_answers(store: Any, timeout: float = PING_TIMEOUT) -> bool:
    """Whether the database answers within `timeout`, asked from a worker thread: the loop never
    waits longer than that, however the database fails (refused, dropped packets, frozen)."""
    try:
        await asyncio.wait_for(off_loop(store, ping, store), timeout)
    except Exception:  # noqa: BLE001 - any failure means "not now"
        return False
    return True
