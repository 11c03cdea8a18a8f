"""Digest delivery in end-to-end tests: a clock the test moves, recorded sleeps, known users."""

from __future__ import annotations

from datetime import datetime, timedelta


class Clock:
    """'Now' for the bot and the store; tests move it."""

    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def set(self, when: datetime) -> None:
        self.now = when

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


class Sleeps:
    """services.sleep for tests: records the waits instead of sleeping."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def known(tg, *user_ids: int) -> None:
    """Users who have a private chat with the bot (the fake answers "chat not found" otherwise)."""
    for uid in user_ids:
        tg.chat(uid, "private", user=tg.user(uid))
