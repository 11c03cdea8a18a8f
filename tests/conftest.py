"""Fixtures shared by several test directories; each directory's conftest.py holds its own, and
the helpers behind them live in tests/support/.

    store           a fresh, empty Store; parametrised: SQLite file, and PostgreSQL in a
                    schema of its own (skipped when PostgreSQL is unreachable, unless
                    MONITORBOT_REQUIRE_POSTGRES=1, then the test fails)
    sqlite_store    the same, SQLite only
    starter_store   SQLite, starter data loaded (for understanding/answering/handler tests)
    database_url    a URL (SQLite file / PostgreSQL with its own schema in the URL) for tests
                    that go through DATABASE_URL, such as the CLI's; parametrised like `store`
    fake_telegram   the fake Bot API (tests/fakebotapi/) on 127.0.0.1 and the chat harness
    running_bot     runs any PTB Application against it
    chat            the real monitorbot Application over a starter store, ready to talk to;
                    a test module overrides chat_settings / chat_store / chat_clock /
                    chat_options for another setup
    webhook_settings  chat_settings for webhook mode, with a secret
    feed_server     RSS feeds on 127.0.0.1 (tests/support/feedserver.py)

`chat` fails at teardown if the Bot API refused any of the bot's calls (bad HTML, a message over
4096 characters, callback data over 64 bytes...). A test that provokes such errors on purpose
sets `chat.api_errors_expected = True`.

    async def test_ru_question(chat):
        reply = await chat.say("Сколько казахстанцев воюет за ИГ?", lang="ru")
        assert "250" in reply.text
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from bot.store import Store
from tests.fakebotapi import DEFAULT_TOKEN, FakeBotAPI, FakeTelegram, run_application
from tests.support.feedserver import FeedServer, serving_feeds
from tests.support.store import BACKENDS, _new_schema, make_store, postgres_url
from tests.support.webhook import SECRET

# --- stores ------------------------------------------------------------------------------------


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database URL of its own, once for SQLite and once for PostgreSQL (schema in the URL)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'cli.db'}"
        return
    schema, drop = _new_schema()
    try:
        yield f"{postgres_url()}?options=-csearch_path%3D{schema}"
    finally:
        drop()


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store, once on SQLite and once on PostgreSQL."""
    s, cleanup = make_store(request.param, tmp_path)
    try:
        yield s
    finally:
        cleanup()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    """An empty store on SQLite only (for tests that need no second backend)."""
    s, cleanup = make_store("sqlite", tmp_path)
    yield s
    cleanup()


@pytest.fixture
def starter_store(tmp_path: Path) -> Iterator[Store]:
    """SQLite with the starter data set loaded."""
    s, cleanup = make_store("sqlite", tmp_path)
    s.entries.load_starter_if_empty()
    yield s
    cleanup()


# --- chat: the fake Bot API and the real Application --------------------------------------------

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
    store = Store.open(chat_settings.database_url)
    store.entries.load_starter_if_empty()
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


@pytest.fixture
def webhook_settings(chat_settings: Settings) -> Settings:
    return replace(chat_settings, webhook_url="https://bot.example.org/telegram", webhook_secret=SECRET,
                   webhook_drop_pending=True, listen_host="127.0.0.1", listen_port=0)


# --- feeds -------------------------------------------------------------------------------------

@pytest.fixture
async def feed_server() -> AsyncIterator[FeedServer]:
    async with serving_feeds() as state:
        yield state
