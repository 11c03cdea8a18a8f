"""Composing digests: 10,000 subscriptions over 1,000 newly ingested reports (target under 10 s),
composed from one read of what is new, then rendered into Telegram-sized parts.

    python bench/digest_compose.py [--quick] [--subs N] [--reports N] [--no-write]

Subscriptions follow one to three places (a quarter of them a region or a group), some also a
topic, one in ten everything; languages en/ru/kk. A fresh SQLite store with the starter data is
built in the temp directory. --quick: 500 subscriptions over 100 reports.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.figures import update_results, verdict  # noqa: E402

TARGET_S = 10.0
TARGET_MB = 300
SEED = 20141117
COUNTRIES = ["KZ", "KG", "TJ", "TM", "UZ", "AF", "RU", "TR", "SY", "IQ"]


def build(store, n_subs: int, n_reports: int, clock) -> None:  # noqa: ANN001
    rng = random.Random(SEED)
    places = [p.code for p in store.entries.places()] + COUNTRIES
    topics = [t.key for t in store.entries.topics()]
    with store.db.engine.begin() as conn:  # bulk: one transaction (add_subscription validates one by one)
        from sqlalchemy import insert

        from bot.store.models import SubscriptionRow

        rows = []
        for i in range(n_subs):
            follow_all = rng.random() < 0.1
            rows.append({
                "chat_id": 10_000 + i, "created_by": "bench", "kind": rng.choice(["daily", "weekly", "instant"]),
                "at": "08:00", "weekday": 0, "tz": "Asia/Almaty", "language": rng.choice(["en", "ru", "kk"]),
                "places": [] if follow_all else rng.sample(places, rng.randint(1, 3)),
                "topics": [] if follow_all or rng.random() < 0.7 else [rng.choice(topics)],
                "paused": False, "created_at": clock(), "next_due_at": clock(), "claims": 0})
        conn.execute(insert(SubscriptionRow.__table__), rows)  # type: ignore[attr-defined]
    clock.now += timedelta(minutes=5)
    reports = []
    for i in range(n_reports):
        reports.append({"url": f"https://news.example/bench/{i}", "title": {"ru": f"Сообщение {i} о безопасности"},
                        "publication": "Bench News", "published": "2026-11-24", "language": "ru",
                        "summary": {"ru": "Краткое изложение материала. " * 4},
                        "places": rng.sample(places, rng.randint(1, 2)), "tags": rng.sample(topics, 1)})
    store.entries.import_document({"version": 1, "reports": reports}, actor="bench")
    clock.now += timedelta(minutes=5)


class _Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 25, 0, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="500 subscriptions, 100 reports, for CI")
    parser.add_argument("--subs", type=int)
    parser.add_argument("--reports", type=int)
    parser.add_argument("--no-write", action="store_true", help="print only; leave results.md")
    args = parser.parse_args(argv)
    n_subs = args.subs or (500 if args.quick else 10_000)
    n_reports = args.reports or (100 if args.quick else 1_000)

    from bot.digests.compose import compose_chunks
    from bot.digests.render import RoundRenderer
    from bot.store import Store

    clock = _Clock()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(f"sqlite:///{Path(tmp) / 'digest-bench.db'}", clock=clock)
        store.entries.load_starter_if_empty()
        build(store, n_subs, n_reports, clock)
        subs = store.subscriptions.all()
        now = clock()
        composed = rendered = 0.0
        n_digests = items = parts = 0
        started = time.perf_counter()
        # as ledger.prepare_round does a round: a chunk of subscriptions at a time, one read of what is new
        for _chunk, digests in compose_chunks(store, subs, now):
            composed += time.perf_counter() - started
            started = time.perf_counter()
            renderer = RoundRenderer(digests.values())
            parts += sum(len(renderer.parts(d)) for d in digests.values())
            rendered += time.perf_counter() - started
            n_digests += len(digests)
            items += sum(len(d) for d in digests.values())
            del digests, renderer
            started = time.perf_counter()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        store.close()

    total = composed + rendered
    lines = [
        f"- {n_subs:,} subscriptions over {n_reports:,} new reports: {n_digests:,} digests, "
        f"{items:,} items, {parts:,} messages",
        f"- compose: **{composed:.2f} s**; render (HTML parts under 4,096): {rendered:.2f} s; "
        f"together **{total:.2f} s** (target under {TARGET_S:.0f} s: {verdict(total < TARGET_S)})",
        f"- peak resident memory of the whole run (store built, composed, rendered): **{peak:.0f} MB** "
        f"(target under {TARGET_MB} MB: {verdict(peak < TARGET_MB)})",
    ]
    print("\n".join(lines))
    if not args.quick and not args.no_write:
        update_results("digest_compose", "Digest composition", "\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
