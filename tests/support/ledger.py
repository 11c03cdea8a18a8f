"""The digest ledger in tests: a moved clock, a Telegram that fails on cue, a crash, a restart."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.store import Store

T0 = datetime(2026, 11, 25, 0, 0, tzinfo=UTC)


class Crash(BaseException):
    """The process dies here (BaseException: nothing in the send loop may swallow it)."""


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


class FakeTelegram:
    """Records what reached each chat; can die before or after a given call succeeds."""

    def __init__(self) -> None:
        self.messages: list[tuple[int, int, str]] = []  # (chat, message id, text)
        self.die_before: int | None = None  # the n-th call (1-based) dies before sending
        self.die_after: int | None = None  # ... dies after Telegram accepted it
        self.errors: dict[int, Exception] = {}  # chat -> raise this
        self.calls = 0

    async def send(self, part) -> int:  # noqa: ANN001
        self.calls += 1
        if self.die_before == self.calls:
            raise Crash()
        if part.chat_id in self.errors:
            raise self.errors[part.chat_id]
        message_id = 1000 + len(self.messages)
        self.messages.append((part.chat_id, message_id, part.text))
        if self.die_after == self.calls:
            raise Crash()
        return message_id

    def items_received(self, parts_by_text: dict[str, tuple]) -> list[tuple]:
        return [k for _, _, text in self.messages for k in parts_by_text[text]]


def restart(store: Store, clock: Clock) -> Store:
    """A new process: a fresh Store over the same database, no state carried in memory."""
    return Store(store.db.engine, clock=clock)


def seeded(store: Store):
    """The starter store, three daily subscriptions due at 08:00 Almaty and 60 new reports;
    (store, clock, subscriptions): the `setup` fixture of tests/digests/conftest.py."""
    clock = Clock()
    store.db.clock = clock
    store.entries.load_starter_if_empty()
    subs = [store.subscriptions.add(100 + i, None, "daily", at="08:00", language="ru") for i in range(3)]
    clock.now = T0 + timedelta(minutes=10)
    reports = [{"url": f"https://news.example/{i}", "title": f"Материал {i}", "places": ["KZ"],
                "summary": {"ru": "Длинный текст. " * 40}} for i in range(60)]
    store.entries.import_document({"version": 1, "reports": reports})
    clock.now = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)  # 08:00 Almaty: all three are due
    return store, clock, subs


def all_items(store: Store, subs) -> dict[int, list]:
    return {s.id: [k for k, _ in store.subscriptions.deliveries(s.id)] for s in subs}
