"""Updates per second through the whole bot: the real monitorbot Application (python-telegram-bot,
long polling, HTTP) against the fake Bot API on 127.0.0.1, versus a bare echo bot on the same
stack in the same run. N questions are queued at once; the clock stops when the bot has handled
them all (every reply recorded by the fake server).

    python bench/e2e_throughput.py [--quick] [-n N] [--store synthetic|starter] [--no-write]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.figures import update_results, verdict  # noqa: E402
from bench.questions import build_questions  # noqa: E402
from bench.synthetic import ensure_store  # noqa: E402
from tests.fakebotapi import FakeBotAPI, FakeTelegram, run_application  # noqa: E402
from tests.fakebotapi.echo import build_echo_application  # noqa: E402

RATIO_TARGET = 0.5
USERS = 50  # questions come from this many users, round robin


async def measure(
    build: Callable[[FakeBotAPI], Any],
    texts: list[tuple[str, str]],
    timeout: float,
    warmup: list[tuple[str, str]],
) -> dict:
    """Run one Application against a fresh fake server; queue every text; time until handled.
    The warm-up questions (one of each kind) build the lazy indexes before the clock starts."""
    api = await FakeBotAPI().start()
    tg = FakeTelegram(api, timeout=timeout)
    try:
        async with run_application(build(api), tg):
            for text, lang in warmup:
                await tg.user_says(text, lang=lang, timeout=timeout)
            since = api.seq
            last = 0
            started = time.perf_counter()
            for i, (text, lang) in enumerate(texts):
                user = 10_000 + i % USERS
                last = tg.queue(tg.message_update(text, user_id=user, lang=lang))
            await tg.wait_processed(last, timeout)
            elapsed = time.perf_counter() - started
        sent = [c for c in api.calls if c.seq > since and c.name == "sendmessage" and c.ok]
        refused = [c for c in api.calls if c.seq > since and not c.ok and c.name != "getupdates"]
        answered = {c.params.get("chat_id") for c in sent}
        return {
            "seconds": elapsed,
            "per_second": len(texts) / elapsed,
            "messages": len(sent),
            "refused": len(refused),
            "chats": len(answered),
            "first_error": refused[0].error if refused else None,
        }
    finally:
        await api.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few updates, small store, for CI")
    parser.add_argument("-n", type=int, help="updates per run (default 1000, quick 60)")
    parser.add_argument("--store", choices=("synthetic", "starter"), default="synthetic")
    parser.add_argument("--no-write", action="store_true", help="print only; leave results.md")
    args = parser.parse_args(argv)
    n = args.n or (60 if args.quick else 1000)
    logging.basicConfig(level=logging.WARNING)

    from bot.config import Settings
    from bot.store import Store
    from handlers.app import build_application

    if args.store == "synthetic":
        store, _ = ensure_store(args.quick)
    else:
        store = Store.open(f"sqlite:///{tempfile.mkdtemp()}/starter.db")
        store.load_starter_if_empty()
    questions = build_questions(store, n)
    texts = [(q.text, q.lang) for q in questions[:n]]
    warmup = [(q.text, q.lang) for q in {q.kind: q for q in questions}.values()]

    def echo(api: FakeBotAPI) -> Any:
        return build_echo_application(api.token, api.api_url)

    def monitorbot(api: FakeBotAPI) -> Any:
        settings = Settings(token=api.token, api_url=api.api_url, database_url="sqlite://")
        return build_application(settings, store)

    timeout = max(60.0, n * 0.5)
    base = asyncio.run(measure(echo, texts, timeout, warmup))
    real = asyncio.run(measure(monitorbot, texts, timeout, warmup))
    ratio = real["per_second"] / base["per_second"]
    counts = store.counts()
    print(f"{n} questions from {USERS} users (ru/kk/en); store: {counts['estimates']:,} estimates, "
          f"{counts['laws']:,} laws, {counts['reports']:,} reports ({args.store})")
    for name, r in (("echo bot", base), ("monitorbot", real)):
        print(f"{name:11s} {r['per_second']:8.1f} updates/s  ({r['seconds']:.2f} s; "
              f"{r['messages']} messages sent to {r['chats']} chats; {r['refused']} refused)")
    print(f"ratio       {ratio:8.2f} x echo   target >= {RATIO_TARGET}x: {verdict(ratio >= RATIO_TARGET)}")
    if real["refused"]:
        print(f"first refused call: {real['first_error']}")

    if not args.quick and not args.no_write:
        body = (
            f"{n} questions queued at once from {USERS} users (a third each ru/kk/en), polled by "
            "python-telegram-bot over HTTP from the fake Bot API on 127.0.0.1; timed until every "
            f"update was handled (after one warm-up question of each kind). Store: {counts['estimates']:,} estimates ({args.store}). No rate "
            "limiter (it would measure Telegram's limits, not the bot).\n\n"
            "| bot | updates/s | messages sent | refused by the API |\n|---|---|---|---|\n"
            f"| bare echo bot | {base['per_second']:.1f} | {base['messages']} | {base['refused']} |\n"
            f"| monitorbot | {real['per_second']:.1f} | {real['messages']} | {real['refused']} |\n\n"
            f"Ratio: **{ratio:.2f}x** echo (target >= {RATIO_TARGET}x: {verdict(ratio >= RATIO_TARGET)})."
        )
        update_results("e2e_throughput", "End-to-end throughput", body)
        print("wrote bench/results.md")
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
