"""handlers/transport.py: the Bot API sees at most MONITORBOT_HTTP_CONNECTIONS requests at once,
and every request is served; a message goes as JSON; a reply sent inside reply_unread is not
read back."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from bot.config import ConfigError, Settings
from handlers.transport import BotRequest
from tests.support.loopback import serving


@contextlib.asynccontextmanager
async def bot_api(handle, connections: int = 2) -> AsyncIterator[tuple[str, BotRequest]]:
    """A Bot API stand-in on 127.0.0.1 answering every method with `handle`, and a BotRequest
    started for it: (base url, request)."""
    app = web.Application()
    app.router.add_post("/{method}", handle)
    async with serving(app) as url:
        request = BotRequest(connections=connections)
        await request.initialize()
        try:
            yield url, request
        finally:
            await request.shutdown()


def test_the_bot_api_sees_at_most_the_configured_requests_at_once_and_every_one_is_served():
    state = {"now": 0, "most": 0, "served": 0}

    async def handle(request: web.Request) -> web.Response:
        state["now"] += 1
        state["most"] = max(state["most"], state["now"])
        await asyncio.sleep(0.05)
        state["now"] -= 1
        state["served"] += 1
        return web.json_response({"ok": True, "result": True})

    async def main():
        async with bot_api(handle, connections=3) as (url, request):
            started = time.monotonic()
            results = await asyncio.gather(*(request.post(f"{url}/sendMessage") for _ in range(24)))
            return results, time.monotonic() - started

    results, elapsed = asyncio.run(main())
    assert results == [True] * 24 and state["served"] == 24
    assert state["most"] == 3  # never more in flight, and the limit was used
    assert elapsed >= 8 * 0.05  # 24 requests, 3 at a time


def test_http_connections_setting_names_the_variable_when_wrong():
    assert Settings.from_env({"MONITORBOT_HTTP_CONNECTIONS": "4"}).http_connections == 4
    assert Settings.from_env({}).http_connections == 8
    with pytest.raises(ConfigError, match="MONITORBOT_HTTP_CONNECTIONS"):
        Settings.from_env({"MONITORBOT_HTTP_CONNECTIONS": "0"})


def test_a_message_goes_as_one_utf8_json_body_and_an_upload_stays_multipart():
    """What a Bot API server receives: the text as written (no %-quoting), the keyboard as an object."""
    from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile
    from telegram.request import RequestData
    from telegram.request._requestparameter import RequestParameter

    seen: list[tuple[str, bytes]] = []

    async def handle(request: web.Request) -> web.Response:
        seen.append((request.content_type, await request.read()))
        return web.json_response({"ok": True, "result": True})

    async def main():
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("Почему?", callback_data="why:1")]])
        async with bot_api(handle) as (url, request):
            await request.post(f"{url}/sendMessage", RequestData([
                RequestParameter.from_input("chat_id", 5),
                RequestParameter.from_input("text", "Казахстан: <b>150</b> человек"),
                RequestParameter.from_input("reply_markup", markup),
            ]))
            await request.post(f"{url}/sendDocument", RequestData([
                RequestParameter.from_input("chat_id", 5),
                RequestParameter.from_input("document", InputFile(b"a,b\n1,2\n", filename="x.csv")),
            ]))

    asyncio.run(main())
    (json_type, body), (upload_type, _) = seen
    assert json_type == "application/json"
    assert "Казахстан: <b>150</b> человек".encode() in body  # UTF-8 as written, not %D0%9A...
    import json
    sent = json.loads(body)
    assert sent == {"chat_id": 5, "text": "Казахстан: <b>150</b> человек",
                    "reply_markup": {"inline_keyboard": [[{"text": "Почему?", "callback_data": "why:1"}]]}}
    assert upload_type == "multipart/form-data"


def test_inside_reply_unread_a_sent_message_is_not_read_back_and_an_error_still_is():
    """handlers/replies.send_html sends inside reply_unread: success is PTB's True (no Message to
    build), a refusal is read and raised as always; outside it the result comes back whole."""
    from telegram.error import BadRequest
    from telegram.request import RequestData
    from telegram.request._requestparameter import RequestParameter

    from handlers.transport import reply_unread

    sent = {"message_id": 7, "date": 0, "chat": {"id": 5, "type": "private"}, "text": "ok"}

    async def handle(request: web.Request) -> web.Response:
        if request.match_info["method"] == "sendMessage":
            return web.json_response({"ok": True, "result": sent})
        return web.json_response({"ok": False, "error_code": 400, "description": "Bad Request: chat not found"},
                                 status=400)

    async def main():
        data = RequestData([RequestParameter.from_input("chat_id", 5), RequestParameter.from_input("text", "ok")])
        async with bot_api(handle) as (url, request):
            with reply_unread():
                unread = await request.post(f"{url}/sendMessage", data)
                with pytest.raises(BadRequest, match="(?i)chat not found"):
                    await request.post(f"{url}/sendPhoto", data)
            whole = await request.post(f"{url}/sendMessage", data)
        return unread, whole

    unread, whole = asyncio.run(main())
    assert unread is True
    assert whole == sent
