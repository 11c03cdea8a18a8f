"""handlers/transport.py: the Bot API sees at most MONITORBOT_HTTP_CONNECTIONS requests at once,
and every request is served."""

from __future__ import annotations

import asyncio
import time

import pytest
from aiohttp import web

from bot.config import ConfigError, Settings
from handlers.transport import BotRequest


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
        app = web.Application()
        app.router.add_post("/{method}", handle)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        url = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"
        request = BotRequest(connections=2)
        await request.initialize()
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("Почему?", callback_data="why:1")]])
        try:
            await request.post(f"{url}/sendMessage", RequestData([
                RequestParameter.from_input("chat_id", 5),
                RequestParameter.from_input("text", "Казахстан: <b>150</b> человек"),
                RequestParameter.from_input("reply_markup", markup),
            ]))
            await request.post(f"{url}/sendDocument", RequestData([
                RequestParameter.from_input("chat_id", 5),
                RequestParameter.from_input("document", InputFile(b"a,b\n1,2\n", filename="x.csv")),
            ]))
        finally:
            await request.shutdown()
            await runner.cleanup()

    asyncio.run(main())
    (json_type, body), (upload_type, _) = seen
    assert json_type == "application/json"
    assert "Казахстан: <b>150</b> человек".encode() in body  # UTF-8 as written, not %D0%9A...
    import json
    sent = json.loads(body)
    assert sent == {"chat_id": 5, "text": "Казахстан: <b>150</b> человек",
                    "reply_markup": {"inline_keyboard": [[{"text": "Почему?", "callback_data": "why:1"}]]}}
    assert upload_type == "multipart/form-data"
