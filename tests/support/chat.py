"""For test modules that override the `chat` fixtures (tests/conftest.py) under access "team":
their `chat_settings` and `chat_store`."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from bot.config import Settings
from tests.fakebotapi import FakeTelegram


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
    store.entries.load_starter_if_empty()
    for user_id, role in roles.items():
        store.people.set_role(user_id, role, "test")
    try:
        yield store
    finally:
        store.close()
