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
