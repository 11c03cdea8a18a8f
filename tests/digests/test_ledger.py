"""Exactly once: a round killed between parts, or between Telegram accepting a part and the
ledger marking it, and started again, sends every item once (the one stated window aside)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.digests import ledger
from bot.digests.render import render_parts
from tests.support.ledger import Crash, FakeTelegram, all_items, restart


async def test_a_round_sends_every_part_once_and_records_it(setup) -> None:
    store, clock, subs = setup
    tg = FakeTelegram()
    report = await ledger.run_round(store, tg.send, clock)
    parts = [p for s in subs for p in store.subscriptions.digest_parts(s.id)]
    assert len(parts) >= 6 and all(p.sent_at is not None for p in parts)  # long digests: several parts each
    assert len(tg.messages) == len(parts) == len(report.sent)
    for s in subs:
        got = all_items(store, subs)[s.id]
        assert len(got) == 60 and len(set(got)) == 60
        # message ids recorded per item
        assert {m for _, m in store.subscriptions.deliveries(s.id)} == {p.message_id for p in store.subscriptions.digest_parts(s.id)}
    # the next tick sends nothing
    clock.now += timedelta(minutes=1)
    assert (await ledger.run_round(store, tg.send, clock)).sent == [] and len(tg.messages) == len(parts)


async def test_killed_between_parts_the_restart_sends_the_rest_once(setup) -> None:
    store, clock, subs = setup
    tg = FakeTelegram()
    tg.die_before = 4  # parts 1-3 go out, the 4th call never reaches Telegram
    with pytest.raises(Crash):
        await ledger.run_round(store, tg.send, clock)
    sent_before = len(tg.messages)
    assert sent_before == 3
    store2 = restart(store, clock)
    clock.now += timedelta(minutes=1)
    tg.die_before = None
    fourth = ledger.pending(store2)[0]
    # the 4th call had begun (begin_send) when the process died: the ledger cannot tell whether
    # Telegram got it, so it says "maybe sent"; here it had not, and it goes out exactly once
    assert fourth.maybe_sent
    report = await ledger.run_round(store2, tg.send, clock)
    assert report.resent_maybe_duplicate == [fourth.id]
    texts = [(chat, t) for chat, _, t in tg.messages]
    assert len(texts) == len(set(texts))  # no message twice to the same chat
    for s in subs:
        got = [k for k, _ in store2.subscriptions.deliveries(s.id)]
        assert len(got) == 60 == len(set(got))
    # exactly one digest per subscription: no second round was claimed on restart
    assert all(len({p.round_at for p in store2.subscriptions.digest_parts(s.id)}) == 1 for s in subs)


async def test_killed_after_telegram_accepted_before_marking_is_the_one_duplicate(setup) -> None:
    store, clock, subs = setup
    tg = FakeTelegram()
    tg.die_after = 2  # Telegram accepted the 2nd part; the process died before mark_sent
    with pytest.raises(Crash):
        await ledger.run_round(store, tg.send, clock)
    store2 = restart(store, clock)
    waiting = ledger.pending(store2)
    assert waiting[0].maybe_sent and not any(p.maybe_sent for p in waiting[1:])  # the window is explicit
    window_part = waiting[0].id
    report = await ledger.run_round(store2, tg.send, clock)
    assert report.resent_maybe_duplicate == [window_part]
    texts = [(chat, t) for chat, _, t in tg.messages]
    duplicated = {t for t in texts if texts.count(t) > 1}
    assert len(duplicated) == 1 and texts.count(duplicated.pop()) == 2  # that part only, once more
    for s in subs:
        got = [k for k, _ in store2.subscriptions.deliveries(s.id)]
        assert len(got) == 60 == len(set(got))  # the record itself has each item once


async def test_killed_between_claims_the_restart_claims_only_the_rest(setup) -> None:
    store, clock, subs = setup
    # the first subscription's digest was claimed, then the process died before the others
    first = ledger.prepare(store, store.subscriptions.get(subs[0].id), clock())
    assert first
    store2 = restart(store, clock)
    tg = FakeTelegram()
    await ledger.run_round(store2, tg.send, clock)
    for s in subs:
        assert len({p.round_at for p in store2.subscriptions.digest_parts(s.id)}) == 1
        got = [k for k, _ in store2.subscriptions.deliveries(s.id)]
        assert len(got) == 60 == len(set(got))


async def test_marking_twice_changes_nothing(setup) -> None:
    store, clock, subs = setup
    parts = ledger.prepare(store, store.subscriptions.get(subs[0].id), clock())
    assert ledger.begin_send(store, parts[0], clock())
    assert ledger.mark_sent(store, parts[0], 77, clock())
    assert not ledger.mark_sent(store, parts[0], 78, clock())
    assert not ledger.begin_send(store, parts[0], clock())
    assert {m for _, m in store.subscriptions.deliveries(subs[0].id)} == {77}
    assert len(store.subscriptions.deliveries(subs[0].id)) == len(parts[0].items)


async def test_two_workers_cannot_claim_the_same_round(setup) -> None:
    store, clock, subs = setup
    stale = store.subscriptions.get(subs[0].id)
    assert ledger.prepare(store, stale, clock())
    # a second worker still holding the old record: its claim is refused
    assert ledger.claim(store, stale, [], clock()) is None
    assert len({p.round_at for p in store.subscriptions.digest_parts(subs[0].id)}) == 1


async def test_retry_keeps_order_and_forbidden_pauses(setup) -> None:
    store, clock, subs = setup

    class RetryAfter(Exception):
        pass

    class Forbidden(Exception):
        pass

    tg = FakeTelegram()
    tg.errors = {subs[0].chat_id: RetryAfter("retry in 5"), subs[1].chat_id: Forbidden("bot was blocked by the user")}

    def classify(part, exc) -> str:  # noqa: ANN001
        return "pause" if isinstance(exc, Forbidden) else "retry"

    report = await ledger.run_round(store, tg.send, clock, classify)
    assert subs[1].id in report.paused
    paused = store.subscriptions.get(subs[1].id)
    assert paused.paused and "blocked" in paused.paused_reason
    assert all(chat == subs[2].chat_id for chat, _, _ in tg.messages)
    # the first subscription's parts all wait, none was skipped ahead of its first part
    waiting = ledger.pending(store, subs[0].id)
    assert [p.seq for p in waiting] == list(range(1, len(waiting) + 1)) and waiting
    assert ledger.pending(store, subs[1].id) == []  # paused: not offered for sending
    # Telegram lets the first through again: its parts go in order, once
    tg.errors = {}
    clock.now += timedelta(minutes=1)
    await ledger.run_round(store, tg.send, clock, classify)
    first_chat = [text for chat, _, text in tg.messages if chat == subs[0].chat_id]
    assert first_chat == [p.text for p in store.subscriptions.digest_parts(subs[0].id)]
    # resumed: the waiting parts are sent, nothing lost
    store.subscriptions.resume(subs[1].id)
    await ledger.run_round(store, tg.send, clock, classify)
    assert len([k for k, _ in store.subscriptions.deliveries(subs[1].id)]) == 60


async def test_a_dropped_part_is_never_sent_again(setup) -> None:
    store, clock, subs = setup
    tg = FakeTelegram()
    tg.errors = {subs[0].chat_id: ValueError("Bad Request: can't parse entities")}
    report = await ledger.run_round(store, tg.send, clock, lambda part, exc: "drop")
    assert report.dropped and ledger.pending(store, subs[0].id) == []
    tg.errors = {}
    await ledger.run_round(store, tg.send, clock)
    assert not any(chat == subs[0].chat_id for chat, _, _ in tg.messages)


def test_parts_are_rendered_in_the_subscription_language(setup) -> None:
    store, clock, subs = setup
    parts = ledger.prepare(store, store.subscriptions.get(subs[0].id), clock())
    assert parts[0].language == "ru" and "Материал" in parts[0].text
    assert parts[0].total == len(parts) and [p.seq for p in parts] == list(range(1, len(parts) + 1))
    assert render_parts  # the same renderer the claim used
