"""Digest send rate: the delivery round (handlers/digest_delivery.py) sending one digest to each of
N subscribers through PTB's AIORateLimiter (30 messages a second overall), against the fake Bot
API on 127.0.0.1 made to enforce that limit (a leaky bucket of 30 a second, one message of slack
for timing jitter: a send over the limit gets 429 RetryAfter). Also measured: the same round
without the limiter, for what the bot alone could do.

    python bench/digest_send.py [--quick] [-n N] [--no-write]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.figures import update_results, verdict  # noqa: E402
from tests.fakebotapi import ApiError, Call, FakeBotAPI, FakeTelegram  # noqa: E402

LIMIT = 30.0  # Telegram: about 30 messages a second overall
TARGET = 29.0  # messages a second the round should reach under the limiter
T0 = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)
FIRST_CHAT = 50_000


class LimitedBotAPI(FakeBotAPI):
    """The fake Bot API refusing sendMessage beyond `rate` a second (leaky bucket, `rate` deep)."""

    def __init__(self, *args: Any, rate: float = LIMIT, slack: float = 1.0, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.rate, self.slack = rate, slack
        self.level, self.last = 0.0, None
        self.refused_429 = 0

    def _apply_faults(self, call: Call) -> None:
        super()._apply_faults(call)
        if call.name != "sendmessage":
            return
        now = time.monotonic()
        if self.last is not None:
            self.level = max(0.0, self.level - (now - self.last) * self.rate)
        self.last = now
        if self.level + 1 > self.rate + self.slack:
            self.refused_429 += 1
            raise ApiError(429, "Too Many Requests: retry after 1", {"retry_after": 1})
        self.level += 1


class Clock:
    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def max_in_window(times: list[float], window: float = 1.0) -> int:
    """The most sends in any `window` seconds."""
    best, start = 0, 0
    for end, t in enumerate(times):
        while t - times[start] > window:
            start += 1
        best = max(best, end - start + 1)
    return best


async def measure(n: int, *, rate_limit: bool, workdir: Path) -> dict[str, Any]:
    """One round delivering a one-part digest to each of n subscribers."""
    from bot.config import Settings
    from bot.store import Store
    from handlers.app import build_application
    from handlers.digest_delivery import deliver_round

    api = LimitedBotAPI(rate=LIMIT if rate_limit else 1e9)
    await api.start()
    tg = FakeTelegram(api)
    clock = Clock(T0)
    url = f"sqlite:///{workdir / ('limited' if rate_limit else 'raw')}.db"
    store = Store.open(url, clock=clock)
    store.entries.load_starter_if_empty()
    clock.now += timedelta(minutes=30)
    for i in range(n):
        chat_id = FIRST_CHAT + i
        tg.chat(chat_id, "private", user=tg.user(chat_id))
        store.subscriptions.add(chat_id, "bench", "instant", language=("ru", "kk", "en")[i % 3])
    clock.now += timedelta(minutes=1)
    store.feeds.ingest([{"url": "https://news.example/bench-1", "title": {"en": "Kazakhstan returns 30 fighters"},
                           "publication": {"en": "News Example"}, "published": "2026-03-02", "language": "en",
                           "places": ["KZ"], "tags": ["foreign-fighters"]}])
    clock.now += timedelta(minutes=1)
    settings = Settings(token=api.token, api_url=api.api_url, database_url=url)
    app = build_application(settings, store, clock=clock, rate_limit=rate_limit, jobs=False)
    await app.initialize()
    try:
        started = time.perf_counter()
        result = await deliver_round(app.bot, store, clock, sleep=asyncio.sleep)
        seconds = time.perf_counter() - started
    finally:
        await app.shutdown()
        await api.stop()
        store.close()
    sends = sorted(c.time for c in api.calls_to("sendMessage", ok=True))
    span = sends[-1] - sends[0] if len(sends) > 1 else 0.0
    return {
        "n": n, "sent": len(result.sent), "seconds": seconds,
        "per_second": len(sends) / seconds if seconds else 0.0,
        "send_rate": (len(sends) - 1) / span if span else float("inf"),
        "max_1s": max_in_window(sends), "refused_429": api.refused_429, "retry_waits": len(result.retry_waits),
        "delivered_once": len(result.sent) == n,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a few subscribers, for CI (about 2 s)")
    parser.add_argument("-n", type=int, default=None, help="subscribers (default 600; quick: 60)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/results.md alone")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("handlers").setLevel(logging.ERROR)
    n = args.n or (60 if args.quick else 600)
    with tempfile.TemporaryDirectory() as tmp:
        raw = asyncio.run(measure(n, rate_limit=False, workdir=Path(tmp)))
        limited = asyncio.run(measure(n, rate_limit=True, workdir=Path(tmp)))
    ok = limited["send_rate"] >= TARGET and limited["refused_429"] == 0 and limited["delivered_once"]
    for name, r in (("no limiter", raw), ("AIORateLimiter", limited)):
        print(f"{name:15s} {r['sent']:5d}/{r['n']} digests in {r['seconds']:6.2f} s: {r['per_second']:7.1f} msg/s "
              f"overall, {r['send_rate']:7.1f} msg/s first to last send, at most {r['max_1s']} in any second, "
              f"{r['refused_429']} refused with 429")
    print(f"target >= {TARGET:.0f} msg/s under the limiter with no 429s: {verdict(ok)}")
    if not args.quick and not args.no_write:
        body = (
            f"One delivery round (`handlers/digest_delivery.deliver_round`: claim, send, mark) sending a one-part "
            f"digest to each of {n} subscribers, through python-telegram-bot's AIORateLimiter (30 msg/s overall) "
            "to the fake Bot API on 127.0.0.1, which here refuses sendMessage over 30 a second (a leaky bucket "
            "30 deep, one message of slack) with 429 RetryAfter. The rate counts from the first send to the "
            "last (the limiter lets a first burst of 30 through at once, then paces).\n\n"
            "| run | digests sent | msg/s (whole round) | msg/s (first to last send) | most in any 1 s "
            "| 429s |\n|---|---|---|---|---|---|\n"
            f"| no limiter | {raw['sent']} | {raw['per_second']:.1f} | {raw['send_rate']:.1f} | {raw['max_1s']} "
            f"| {raw['refused_429']} |\n"
            f"| AIORateLimiter | {limited['sent']} | {limited['per_second']:.1f} | {limited['send_rate']:.1f} "
            f"| {limited['max_1s']} | {limited['refused_429']} |\n\n"
            f"Target: at least {TARGET:.0f} msg/s under the limiter, no 429s: **{verdict(ok)}**."
        )
        update_results("digest_send", "Digest send rate", body)
        print("wrote bench/results.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
