"""When digests are due: daily and weekly slots in the subscriber's time zone, across a
daylight-saving change, instant subscriptions, and one catch-up after downtime."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.digests import schedule
from bot.store import Store
from bot.store.records import SubscriptionRecord


def sub(kind: str = "daily", at: str = "08:00", tz: str = "Asia/Almaty", weekday: int | None = None,
        **kw) -> SubscriptionRecord:
    return SubscriptionRecord(id=1, chat_id=1, kind=kind, at=at, tz=tz, weekday=weekday, **kw)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_daily_in_almaty_is_due_at_local_time_converted_to_utc() -> None:
    # Almaty is UTC+5 all year (no DST since 2024): 08:00 local is 03:00 UTC
    s = sub(at="08:00")
    assert schedule.next_due(s, utc(2026, 11, 25, 1, 0)) == utc(2026, 11, 25, 3, 0)
    # exactly at the slot: the next one is tomorrow's (strictly after)
    assert schedule.next_due(s, utc(2026, 11, 25, 3, 0)) == utc(2026, 11, 26, 3, 0)
    # a local date already past 08:00
    assert schedule.next_due(s, utc(2026, 11, 25, 20, 0)) == utc(2026, 11, 26, 3, 0)


def test_daily_across_the_date_line_of_the_zone() -> None:
    # 23:30 UTC on the 25th is already 04:30 on the 26th in Almaty: the next 08:00 is that same day
    assert schedule.next_due(sub(at="08:00"), utc(2026, 11, 25, 23, 30)) == utc(2026, 11, 26, 3, 0)
    # New York 07:00 EST = 12:00 UTC
    assert schedule.next_due(sub(at="07:00", tz="America/New_York"), utc(2026, 11, 25, 0, 0)) == utc(2026, 11, 25, 12, 0)


def test_weekly_waits_for_its_weekday() -> None:
    s = sub("weekly", at="09:30", weekday=0)  # Mondays 09:30 Almaty = 04:30 UTC
    wed = utc(2026, 11, 25, 12, 0)  # a Wednesday
    due = schedule.next_due(s, wed)
    assert due == utc(2026, 11, 30, 4, 30) and due.astimezone(schedule._zone("Asia/Almaty")).weekday() == 0
    assert schedule.next_due(s, due) == utc(2026, 12, 7, 4, 30)


def test_daily_keeps_local_time_across_the_spring_change_in_berlin() -> None:
    s = sub(at="08:00", tz="Europe/Berlin")
    # Saturday 28 March 2026 is CET (+1), Sunday 29 March CEST (+2)
    sat = schedule.next_due(s, utc(2026, 3, 27, 12, 0))
    sun = schedule.next_due(s, sat)
    assert sat == utc(2026, 3, 28, 7, 0) and sun == utc(2026, 3, 29, 6, 0)
    assert sun - sat == timedelta(hours=23)  # the short day


def test_a_skipped_local_time_comes_once_an_hour_later() -> None:
    # 29 March 2026 in Berlin: 02:00 jumps to 03:00; 02:30 does not exist that day
    s = sub(at="02:30", tz="Europe/Berlin")
    due = schedule.next_due(s, utc(2026, 3, 28, 12, 0))
    assert due == utc(2026, 3, 29, 1, 30)
    assert due.astimezone(schedule._zone("Europe/Berlin")).strftime("%H:%M") == "03:30"
    assert schedule.next_due(s, due) == utc(2026, 3, 30, 0, 30)  # back to 02:30 CEST the next day


def test_a_repeated_local_time_is_one_slot_the_first() -> None:
    # 25 October 2026 in Berlin: 03:00 falls back to 02:00; 02:30 happens twice
    s = sub(at="02:30", tz="Europe/Berlin")
    first = schedule.next_due(s, utc(2026, 10, 24, 12, 0))
    assert first == utc(2026, 10, 25, 0, 30)  # 02:30 CEST
    again = schedule.next_due(s, first)
    assert again == utc(2026, 10, 26, 1, 30)  # not 01:30 UTC on the 25th (the repeat), but tomorrow
    # asked during the repeated hour itself: still tomorrow
    assert schedule.next_due(s, utc(2026, 10, 25, 1, 15)) == utc(2026, 10, 26, 1, 30)


def test_new_york_fall_back_keeps_the_local_hour() -> None:
    s = sub(at="09:00", tz="America/New_York")
    before = schedule.next_due(s, utc(2026, 10, 31, 20, 0))  # Sunday 1 Nov: EST from 02:00
    assert before == utc(2026, 11, 1, 14, 0)
    assert schedule.next_due(s, utc(2026, 10, 30, 20, 0)) == utc(2026, 10, 31, 13, 0)  # still EDT


def test_weekly_across_a_dst_change() -> None:
    s = sub("weekly", at="08:00", weekday=6, tz="Europe/Berlin")  # Sundays
    first = schedule.next_due(s, utc(2026, 3, 25, 0, 0))
    assert first == utc(2026, 3, 29, 6, 0)  # CEST already
    assert schedule.next_due(s, utc(2026, 3, 18, 0, 0)) == utc(2026, 3, 22, 7, 0)  # CET


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError):
        schedule.next_due(sub(), datetime(2026, 1, 1, 8, 0))


def test_instant_is_due_only_when_something_arrived_since_its_last_digest() -> None:
    s = sub("instant", created_at=utc(2026, 11, 25, 0, 0), last_digest_at=utc(2026, 11, 25, 6, 0))
    now = utc(2026, 11, 25, 7, 0)
    assert not schedule.is_due(s, now, last_change=None)
    assert not schedule.is_due(s, now, last_change=utc(2026, 11, 25, 5, 0))
    assert schedule.is_due(s, now, last_change=utc(2026, 11, 25, 6, 30))
    paused = sub("instant", paused=True, created_at=utc(2026, 11, 25, 0, 0))
    assert not schedule.is_due(paused, now, last_change=utc(2026, 11, 25, 6, 30))


def test_after_downtime_over_three_slots_one_catch_up_then_the_next_slot(store: Store) -> None:
    from bot.digests import ledger

    now = [utc(2026, 11, 20, 0, 0)]
    store.db.clock = lambda: now[0]
    s = store.subscriptions.add(7, "tg:7", "daily", at="08:00", tz="Asia/Almaty")
    assert s.next_due_at == utc(2026, 11, 20, 3, 0)
    # the bot was down from the 20th to the 23rd, 10:00 UTC: three slots missed
    now[0] = utc(2026, 11, 23, 10, 0)
    due = schedule.due_subscriptions(store, now[0])
    assert [d.id for d in due] == [s.id]
    ledger.prepare_round(store, now[0])
    after = store.subscriptions.get(s.id)
    assert after.next_due_at == utc(2026, 11, 24, 3, 0) and after.last_digest_at == now[0]
    # the next tick, a minute later: nothing is due any more (not one per missed slot)
    assert schedule.due_subscriptions(store, now[0] + timedelta(minutes=1)) == []
    assert schedule.due_subscriptions(store, utc(2026, 11, 24, 3, 0))[0].id == s.id


def test_instant_subscription_due_after_an_import_and_not_before(store: Store) -> None:
    now = [utc(2026, 11, 25, 0, 0)]
    store.db.clock = lambda: now[0]
    s = store.subscriptions.add(8, None, "instant", language="en")
    now[0] += timedelta(minutes=5)
    assert schedule.due_subscriptions(store, now[0]) == []
    store.entries.import_document({"version": 1, "reports": [{"url": "https://example.org/x", "title": "X"}]})
    assert [d.id for d in schedule.due_subscriptions(store, now[0])] == [s.id]
