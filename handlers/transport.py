"""The bot's HTTP transport to the Bot API: PTB's httpx request with its requests let through a
few at a time.

Why: httpcore's connection pool (1.0.x) scans every connection, and every request waiting for
one, each time a request starts or ends; each scan of an idle connection asks the socket
whether the server closed it (two system calls). With updates handled side by side (64 by
default), the pool grows to dozens of connections with dozens of requests queued, and that
bookkeeping took about a third of the event loop's time in bench/e2e_throughput.py. Letting at
most `connections` requests into the pool at once keeps both lists short; the others wait on
an asyncio semaphore, which costs nothing while it waits.

A few are enough: Telegram lets a bot send about 30 messages a second in all, and a request to
api.telegram.org takes tens of milliseconds, so 8 connections carry several hundred a second.
A long upload (a big /export, a chart) holds one connection and leaves the others free.
"""

from __future__ import annotations

import asyncio
from typing import Any

from telegram.request import HTTPXRequest


class BotRequest(HTTPXRequest):
    """HTTPXRequest with at most `connections` requests in flight (and as many connections)."""

    def __init__(self, connections: int, **kwargs: Any) -> None:  # Settings.http_connections
        super().__init__(connection_pool_size=connections, **kwargs)
        self._in_flight = asyncio.Semaphore(connections)

    async def do_request(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        async with self._in_flight:
            return await super().do_request(*args, **kwargs)
