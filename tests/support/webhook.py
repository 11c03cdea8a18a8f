"""Webhook mode in tests: settings with a secret, serve() in a task, requests as Telegram sends them.

The `webhook_settings` fixture (tests/conftest.py) uses SECRET.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import aiohttp

from bot.config import Settings
from handlers.webhook import SECRET_HEADER, serve

SECRET = "s3cret-Token_for-tests"
QUESTION = "Сколько казахстанцев воюет за ИГ?"


@contextlib.asynccontextmanager
async def webhook_bot(settings: Settings, store: Any, application: Any = None) -> AsyncIterator[Any]:
    """serve() in a task until the block ends; yields the server (its real port on .port)."""
    from handlers.app import build_application

    application = application or build_application(settings, store, updater=False, jobs=False)
    stop, started = asyncio.Event(), asyncio.get_running_loop().create_future()
    task = asyncio.create_task(serve(settings, store, application=application, stop=stop,
                                     on_ready=started.set_result, drain_timeout=10))
    done, _ = await asyncio.wait({task, started}, timeout=15, return_when=asyncio.FIRST_COMPLETED)
    if task in done:
        task.result()  # raises what went wrong
    server = started.result()
    server.stop_event, server.task = stop, task
    try:
        yield server
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)


def url(server: Any, path: str) -> str:
    return f"http://127.0.0.1:{server.port}{path}"


async def post(server: Any, update: dict, secret: str | None = SECRET) -> aiohttp.ClientResponse:
    headers = {SECRET_HEADER: secret} if secret is not None else {}
    async with aiohttp.ClientSession() as session:
        async with session.post(url(server, "/telegram"), json=update, headers=headers) as response:
            await response.read()
            return response


async def get(server: Any, path: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session:
        async with session.get(url(server, path)) as response:
            return response.status, await response.text()


def question(fake_telegram: Any, update_id: int, text: str = QUESTION) -> dict:
    return {"update_id": update_id, **fake_telegram.message_update(text, lang="ru")}


async def processed(server: Any) -> None:
    await asyncio.wait_for(server.application.update_queue.join(), 15)


def sent_texts(fake_telegram: Any) -> list[str]:
    return [c.params.get("text", "") for c in fake_telegram.api.calls_to("sendMessage", ok=True)]
