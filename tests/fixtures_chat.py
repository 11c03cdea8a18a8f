"""Chat fixtures: the fake Bot API (`fake_telegram`), a runner for any PTB Application
(`running_bot`), and `chat`: the real monitorbot Application over a starter store, ready to talk to.

    async def test_ru_question(chat):
        reply = await chat.say("Сколько казахстанцев воюет за ИГ?", lang="ru")
        assert "250" in reply.text

`chat` fails at teardown if the Bot API refused any of the bot's calls (bad HTML, a message over
4096 characters, callback data over 64 bytes...). A test that provokes such errors on purpose
sets `chat.api_errors_expected = True`.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

import pytest

from bot.config import Settings
from tests.fakebotapi import DEFAULT_TOKEN, FakeBotAPI, FakeTelegram, run_application


@pytest.fixture
async def fake_telegram() -> AsyncIterator[FakeTelegram]:
    """A fake Bot API on 127.0.0.1 (a free port) and the harness speaking through it."""
    api = FakeBotAPI(DEFAULT_TOKEN)
    await api.start()
    try:
        yield FakeTelegram(api)
    finally:
        await api.stop()


@pytest.fixture
async def running_bot(
    fake_telegram: FakeTelegram,
) -> AsyncIterator[Callable[..., Awaitable[FakeTelegram]]]:
    """`tg = await running_bot(application)`: runs it with polling against the fake until the
    test ends (then stops and shuts it down as run_polling would)."""
    async with contextlib.AsyncExitStack() as stack:

        async def start(application: Any, *, allowed_updates: list[str] | None = None) -> FakeTelegram:
            await stack.enter_async_context(
                run_application(application, fake_telegram, allowed_updates=allowed_updates)
            )
            return fake_telegram

        yield start


@pytest.fixture
def chat_settings(fake_telegram: FakeTelegram, tmp_path: Any) -> Settings:
    """Settings pointing the bot at the fake server, with a fresh SQLite file. Access is "open"
    (anyone may ask); the access tests override this fixture with "team" and admins."""
    return Settings(
        token=fake_telegram.token,
        api_url=fake_telegram.api_url,
        database_url=f"sqlite:///{tmp_path / 'chat.db'}",
        access="open",
    )


@pytest.fixture
def chat_store(chat_settings: Settings) -> Iterator[Any]:
    """The store behind `chat`: starter data loaded. Override it in a test module for another."""
    from bot.store import Store

    store = Store.open(chat_settings.database_url)
    store.load_starter_if_empty()
    yield store
    close = getattr(store, "close", None)
    if callable(close):
        close()


@pytest.fixture
def chat_clock() -> Callable[[], Any] | None:
    """The clock handed to build_application; override to pin 'now' (None: the real clock)."""
    return None


@pytest.fixture
def chat_options() -> dict[str, Any]:
    """Extra keyword arguments for build_application (e.g. conversation_timeout=0.5)."""
    return {}


@pytest.fixture
async def chat(
    fake_telegram: FakeTelegram,
    running_bot: Callable[..., Awaitable[FakeTelegram]],
    chat_settings: Settings,
    chat_store: Any,
    chat_clock: Callable[[], Any] | None,
    chat_options: dict[str, Any],
) -> AsyncIterator[FakeTelegram]:
    """The real monitorbot Application, polling the fake Bot API; yields the chat harness."""
    from handlers.app import build_application

    application = build_application(chat_settings, chat_store, clock=chat_clock, **chat_options)
    tg = await running_bot(application)
    yield tg
    if not tg.api_errors_expected:
        tg.assert_no_api_errors()


def team_settings(fake_telegram: FakeTelegram, tmp_path: Any, **overrides: Any) -> Settings:
    """Settings for a test module's `chat_settings` under access "team": the fake server, a fresh
    SQLite file; `overrides` (admins, fetch_allow_private...) as the module needs."""
    return Settings(token=fake_telegram.token, api_url=fake_telegram.api_url,
                    database_url=f"sqlite:///{tmp_path / 'team.db'}", access="team", **overrides)


@contextlib.contextmanager
def team_store(settings: Settings, roles: dict[int, str]) -> Iterator[Any]:
    """A test module's `chat_store`: starter data loaded, `roles` ({user id: "curator" | "member"})
    granted; closed afterwards."""
    from bot.store import Store

    store = Store.open(settings.database_url)
    store.load_starter_if_empty()
    for user_id, role in roles.items():
        store.set_role(user_id, role, "test")
    try:
        yield store
    finally:
        store.close()
