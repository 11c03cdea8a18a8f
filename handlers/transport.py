"""The bot's HTTP transport to the Bot API: PTB's httpx request with its requests let through a
few at a time, and sent as JSON.

Why a few at a time: httpcore's connection pool (1.0.x) scans every connection, and every
request waiting for one, each time a request starts or ends; each scan of an idle connection
asks the socket whether the server closed it (two system calls). With updates handled side by
side (64 by default), the pool grows to dozens of connections with dozens of requests queued,
and that bookkeeping took about a third of the event loop's time in bench/e2e_throughput.py.
Letting at most `connections` requests into the pool at once keeps both lists short; the others
wait on an asyncio semaphore, which costs nothing while it waits.

A few are enough: Telegram lets a bot send about 30 messages a second in all, and a request to
api.telegram.org takes tens of milliseconds, so 8 connections carry several hundred a second.
A long upload (a big /export, a chart) holds one connection and leaves the others free.

Why a reply can go unread: Telegram answers a sendMessage with the message it sent, entities
and buttons included, and PTB builds a Message of it (~0.1 ms for an answer). Inside
`reply_unread()` a successful reply is taken as sent and not read back (send_html: nothing
uses the messages an answer went out as). Errors are read as always.

Why JSON: PTB posts a request without files as an url-encoded form, and urllib quotes every
byte outside ASCII one at a time in Python — every byte of a Russian or Kazakh answer (0.2 ms
for a long one). The Bot API takes the same parameters as a JSON body, which the C encoder
writes. Uploads stay multipart, as PTB sends them.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import httpx
from telegram._utils.defaultvalue import DefaultValue
from telegram.error import NetworkError, TimedOut
from telegram.request import HTTPXRequest, RequestData

JSON_HEADERS = {"User-Agent": HTTPXRequest.USER_AGENT, "Content-Type": "application/json"}
SENT = b'{"ok":true,"result":true}'  # what PTB's send_* return as True, without building a Message

_REPLY_UNREAD: ContextVar[bool] = ContextVar("monitorbot_reply_unread", default=False)


@contextmanager
def reply_unread() -> Iterator[None]:
    """Requests made inside (in this task) return True on success instead of what was sent."""
    token = _REPLY_UNREAD.set(True)
    try:
        yield
    finally:
        _REPLY_UNREAD.reset(token)


class BotRequest(HTTPXRequest):
    """HTTPXRequest with at most `connections` requests in flight (and as many connections), and
    JSON bodies for requests without files."""

    def __init__(self, connections: int, **kwargs: Any) -> None:  # Settings.http_connections
        super().__init__(connection_pool_size=connections, **kwargs)
        self._in_flight = asyncio.Semaphore(connections)

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout: Any = HTTPXRequest.DEFAULT_NONE,
                         write_timeout: Any = HTTPXRequest.DEFAULT_NONE,
                         connect_timeout: Any = HTTPXRequest.DEFAULT_NONE,
                         pool_timeout: Any = HTTPXRequest.DEFAULT_NONE) -> tuple[int, bytes]:
        async with self._in_flight:
            if request_data is None or request_data.contains_files:
                status, body = await super().do_request(url, method, request_data, read_timeout, write_timeout,
                                                        connect_timeout, pool_timeout)
            else:
                status, body = await self._post_json(url, method, request_data, read_timeout, write_timeout,
                                                     connect_timeout, pool_timeout)
        if 200 <= status < 300 and _REPLY_UNREAD.get():
            return status, SENT
        return status, body

    async def _post_json(self, url: str, method: str, request_data: RequestData, read_timeout: Any,
                         write_timeout: Any, connect_timeout: Any, pool_timeout: Any) -> tuple[int, bytes]:
        """HTTPXRequest.do_request with the parameters as one JSON body (same time-outs, same errors)."""
        if self._client.is_closed:
            raise RuntimeError("This HTTPXRequest is not initialized!")
        default = self._client.timeout
        timeout = httpx.Timeout(
            connect=default.connect if isinstance(connect_timeout, DefaultValue) else connect_timeout,
            read=default.read if isinstance(read_timeout, DefaultValue) else read_timeout,
            write=default.write if isinstance(write_timeout, DefaultValue) else write_timeout,
            pool=default.pool if isinstance(pool_timeout, DefaultValue) else pool_timeout,
        )
        body = json.dumps(request_data.parameters, ensure_ascii=False, separators=(",", ":")).encode()
        try:
            res = await self._client.request(method=method, url=url, headers=JSON_HEADERS, timeout=timeout,
                                             content=body)
        except httpx.TimeoutException as err:
            if isinstance(err, httpx.PoolTimeout):
                raise TimedOut(message="Pool timeout: All connections in the connection pool are occupied. "
                                       "Request was *not* sent to Telegram.") from err
            raise TimedOut from err
        except httpx.HTTPError as err:
            raise NetworkError(f"httpx.{err.__class__.__name__}: {err}") from err
        return res.status_code, res.content
