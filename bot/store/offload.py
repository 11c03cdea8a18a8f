"""Blocking store work off the event loop.

The bot is one asyncio loop: a digest round composing thousands of items or a feed poll
parsing a big feed, run on the loop, holds every answer until it ends. `off_loop` runs such
work in a worker thread instead (SQLAlchemy engines are thread-safe: each thread takes its own
pooled connection). The exception is a store on ONE shared connection (in-memory SQLite, the
console's and some tests'): two threads must not use it at once, so there the work runs inline.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.pool import StaticPool

T = TypeVar("T")


def shares_one_connection(store: Any) -> bool:
    engine = getattr(store, "engine", None)
    return engine is None or isinstance(engine.pool, StaticPool)


async def off_loop(store: Any, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`fn(*args, **kwargs)` in a worker thread (inline when the store shares one connection)."""
    if shares_one_connection(store):
        return fn(*args, **kwargs)
    return await asyncio.to_thread(fn, *args, **kwargs)
