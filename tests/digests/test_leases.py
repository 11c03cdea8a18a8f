"""Several instances, one bot: the digest round runs under a lease in the database, so two
processes never send the same part; a holder that stalls or dies hands over without loss."""

from __future__ import annotations

import asyncio
import threading
from datetime import timedelta
from types import SimpleNamespace

import pytest
from telegram.error import RetryAfter

from bot.digests import ledger
from bot.store import Store
from bot.store.leases import DIGEST_ROUND, LeaseHold
from handlers.digest_delivery import deliver_round
from tests.support.ledger import Crash, FakeTelegram, all_items, restart

TTL = 120.0


def hold(owner: str) -> LeaseHold:
    return LeaseHold(DIGEST_ROUND, owner, TTL)


def parts_of(store: Store, subs) -> list:  # noqa: ANN001
    return [p for s in subs for p in store.subscriptions.digest_parts(s.id)]


def assert_each_part_once(tg: FakeTelegram, store: Store, subs) -> None:  # noqa: ANN001
    parts = parts_of(store, subs)
    assert parts and all(p.sent_at is not None for p in parts)
    texts = [(chat, text) for chat, _, text in tg.messages]
    assert sorted(texts) == sorted((p.chat_id, p.text) for p in parts)  # none lost, none twice
    for got in all_items(store, subs).values():
        assert len(got) == 60 == len(set(got))


def test_a_lease_has_one_holder_until_it_lapses_or_is_released(store: Store) -> None:
    now = store.db.clock()
    until = now + timedelta(seconds=TTL)
    assert store.leases.acquire("job", "a", until, now)
    assert not store.leases.acquire("job", "b", until, now)
    assert store.leases.acquire("job", "a", until, now)  # ours already: renewed
    assert store.leases.holder("job", now) == "a"
    later = until + timedelta(seconds=1)
    assert not store.leases.renew("job", "a", later + timedelta(seconds=TTL), later)  # lapsed: not ours now
    assert store.leases.holder("job", later) is None
    assert store.leases.acquire("job", "b", later + timedelta(seconds=TTL), later)
    assert not store.leases.acquire("job", "a", later + timedelta(seconds=TTL), later)
    store.leases.release("job", "a")  # not the holder: changes nothing
    assert store.leases.holder("job", later) == "b"
    store.leases.release("job", "b")
    assert store.leases.acquire("job", "a", later + timedelta(seconds=TTL), later)  # no wait after a release


def test_racing_processes_take_a_lapsed_lease_exactly_once(store: Store) -> None:
    now = store.db.clock()
    assert store.leases.acquire("job", "old", now + timedelta(seconds=1), now)
    later = now + timedelta(seconds=5)
    others = [Store(store.db.engine, clock=store.db.clock) for _ in range(8)]
    start = threading.Barrier(len(others))
    won: list[str] = []

    def race(i: int, other: Store) -> None:
        start.wait()
        if other.leases.acquire("job", f"p{i}", later + timedelta(seconds=TTL), later):
            won.append(f"p{i}")

    threads = [threading.Thread(target=race, args=(i, o)) for i, o in enumerate(others)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(won) == 1 and store.leases.holder("job", later) == won[0]


async def test_two_instances_ticking_together_send_each_part_once(setup) -> None:
    store, clock, subs = setup
    tg = FakeTelegram()
    send = tg.send

    async def slow_send(part) -> int:  # noqa: ANN001 - lets the other instance's tick interleave
        await asyncio.sleep(0)
        return await send(part)

    a, b = restart(store, clock), restart(store, clock)
    reports = await asyncio.gather(ledger.run_round(a, slow_send, clock, lease=hold("a")),
                                   ledger.run_round(b, slow_send, clock, lease=hold("b")))
    assert sorted(r.skipped for r in reports) == [False, True]
    assert_each_part_once(tg, store, subs)
    assert store.leases.holder(DIGEST_ROUND, clock()) is None  # released at the end of the round


async def test_a_holder_that_stalls_past_its_lease_stops_and_the_new_holder_finishes(setup) -> None:
    store, clock, subs = setup
    tg = FakeTelegram()
    a, b = restart(store, clock), restart(store, clock)

    async def stalling_send(part) -> int:  # noqa: ANN001
        message_id = await tg.send(part)
        if tg.calls == 3:  # a's third send hangs past its lease; b's tick takes the round meanwhile
            clock.now += timedelta(seconds=TTL + 30)
            assert b.leases.acquire(DIGEST_ROUND, "b", clock() + timedelta(seconds=TTL), clock())
        return message_id

    first = await ledger.run_round(a, stalling_send, clock, lease=hold("a"))
    assert first.lease_lost and len(first.sent) == 3  # it marked what Telegram took, then stopped
    assert store.leases.holder(DIGEST_ROUND, clock()) == "b"  # a's release did not free b's lease
    b.leases.release(DIGEST_ROUND, "b")  # b's tick ended here; its next one runs the round
    second = await ledger.run_round(b, tg.send, clock, lease=hold("b"))
    assert not second.lease_lost and second.sent
    assert_each_part_once(tg, store, subs)


async def test_a_killed_holder_is_waited_out_then_the_rest_goes_once(setup) -> None:
    store, clock, subs = setup
    tg = FakeTelegram()
    tg.die_before = 4  # instance a dies as its 4th send begins (never reached Telegram)
    a = restart(store, clock)
    try:
        await ledger.run_round(a, tg.send, clock, lease=hold("a"))
    except Crash:
        pass
    else:  # pragma: no cover - the crash is the point
        raise AssertionError("instance a should have died")
    # a SIGKILL runs no `finally`: the dead holder's lease stays in the table until it lapses
    assert a.leases.acquire(DIGEST_ROUND, "a", clock() + timedelta(seconds=TTL), clock())
    b = restart(store, clock)
    tg.die_before = None
    assert (await ledger.run_round(b, tg.send, clock, lease=hold("b"))).skipped  # a's lease still runs
    clock.now += timedelta(seconds=TTL + 1)
    report = await ledger.run_round(b, tg.send, clock, lease=hold("b"))
    assert not report.skipped and len(report.resent_maybe_duplicate) == 1  # the part a had begun
    assert_each_part_once(tg, store, subs)


class ThrottledBot:
    """Answers RetryAfter to the first send, then accepts; records what it accepted."""

    def __init__(self) -> None:
        self.sent: list[tuple[int, str]] = []
        self.throttled = False

    async def send_message(self, chat_id, text, **_):  # noqa: ANN001, ANN003
        if not self.throttled:
            self.throttled = True
            raise RetryAfter(timedelta(seconds=300))
        self.sent.append((chat_id, text))
        return SimpleNamespace(message_id=len(self.sent))


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")  # RetryAfter's own __str__
async def test_a_retry_after_wait_longer_than_the_lease_hands_the_part_over(setup) -> None:
    store, clock, subs = setup
    bot = ThrottledBot()
    b = restart(store, clock)

    async def sleep(seconds: float) -> None:  # the wait outlasts the lease; b takes the round meanwhile
        clock.now += timedelta(seconds=seconds)
        assert b.leases.acquire(DIGEST_ROUND, "b", clock() + timedelta(seconds=TTL), clock())

    result = await deliver_round(bot, restart(store, clock), clock, sleep=sleep, lease=hold("a"))
    assert result.lease_lost and result.retry_waits == [300.0] and bot.sent == []  # a sent nothing after waking
    b.leases.release(DIGEST_ROUND, "b")

    async def no_sleep(seconds: float) -> None:
        raise AssertionError("no more RetryAfter expected")

    result = await deliver_round(bot, b, clock, sleep=no_sleep, lease=hold("b"))
    parts = parts_of(store, subs)
    assert sorted(bot.sent) == sorted((p.chat_id, p.text) for p in parts)  # each once, the throttled one too


def test_instances_starting_at_once_on_an_empty_database_migrate_and_seed_once(database_url: str) -> None:
    """Start-up (migrations, the starter data) runs under an advisory lock on PostgreSQL."""
    opened: list[Store] = []
    problems: list[BaseException] = []
    start = threading.Barrier(4)

    def boot() -> None:
        start.wait()
        try:
            store = Store.open(database_url)
            store.entries.load_starter_if_empty()
            opened.append(store)
        except BaseException as exc:  # noqa: BLE001 - reported below
            problems.append(exc)

    threads = [threading.Thread(target=boot) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert problems == [] and len(opened) == 4
        once = Store.open("sqlite://")
        once.entries.load_starter_if_empty()
        assert len(opened[0].entries.estimates()) == len(once.entries.estimates()) > 0  # loaded once, not four times
    finally:
        for store in opened:
            store.close()
