"""Subscriptions in the store, on SQLite and PostgreSQL: adding, listing, changing, pausing,
removing, and errors that name the field."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.digests.errors import describe_subscription_error
from bot.store import Store
from bot.store.subscriptions import SubscriptionError

NOW = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)


@pytest.fixture
def clocked(store: Store) -> Store:
    store.db.clock = lambda: NOW
    store.entries.load_starter_if_empty()
    return store


def test_add_and_list_a_daily_subscription(clocked: Store) -> None:
    s = clocked.subscriptions.add(-1001234567890, "tg:42", "daily", at="9:05", tz="Asia/Almaty", language="kk",
                                 places=["kz", "KZ-KAR"], topics=["foreign-fighters"])
    assert (s.chat_id, s.kind, s.at, s.tz, s.language) == (-1001234567890, "daily", "09:05", "Asia/Almaty", "kk")
    assert s.places == ("KZ", "KZ-KAR") and s.topics == ("foreign-fighters",)
    assert s.created_at == NOW and s.last_digest_at is None and not s.paused
    # 09:05 in Almaty (UTC+5) on the 25th is 04:05 UTC, already past at 06:00 UTC: tomorrow
    assert s.next_due_at == datetime(2026, 11, 26, 4, 5, tzinfo=UTC)
    assert [x.id for x in clocked.subscriptions.all(chat_id=-1001234567890)] == [s.id]
    assert clocked.subscriptions.all(chat_id=5) == []
    assert clocked.subscriptions.get(s.id) == s


def test_weekly_needs_a_weekday_and_gets_it(clocked: Store) -> None:
    with pytest.raises(SubscriptionError) as err:
        clocked.subscriptions.add(1, None, "weekly", at="08:00")
    assert err.value.field == "weekday"
    s = clocked.subscriptions.add(1, None, "weekly", at="08:00", weekday=4)  # Friday
    assert s.weekday == 4 and s.next_due_at == datetime(2026, 11, 27, 3, 0, tzinfo=UTC)
    # a weekday on a daily subscription is meaningless: not kept
    assert clocked.subscriptions.add(1, None, "daily", weekday=3).weekday is None


@pytest.mark.parametrize(("kwargs", "field", "code"), [
    ({"kind": "hourly"}, "kind", "bad_kind"),
    ({"at": "25:00"}, "at", "bad_time"),
    ({"at": "eight"}, "at", "bad_time"),
    ({"tz": "Mars/Olympus"}, "tz", "bad_timezone"),
    ({"tz": "../../etc/passwd"}, "tz", "bad_timezone"),
    ({"language": "de"}, "language", "bad_language"),
    ({"places": ["Atlantis"]}, "places", "unknown_place"),
    ({"topics": ["knitting"]}, "topics", "unknown_topic"),
    ({"kind": "weekly", "weekday": 7}, "weekday", "bad_weekday"),
])
def test_invalid_fields_are_named_and_nothing_is_stored(clocked: Store, kwargs, field, code) -> None:
    args = {"kind": "daily", **kwargs}
    with pytest.raises(SubscriptionError) as err:
        clocked.subscriptions.add(1, None, args.pop("kind"), **args)
    assert (err.value.field, err.value.code) == (field, code)
    assert clocked.subscriptions.all() == []


def test_errors_read_in_the_subscribers_language(clocked: Store) -> None:
    with pytest.raises(SubscriptionError) as err:
        clocked.subscriptions.add(1, None, "daily", tz="Mars/Olympus")
    assert "Mars/Olympus" in describe_subscription_error(err.value, "en")
    assert "Asia/Almaty" in describe_subscription_error(err.value, "en")
    with pytest.raises(SubscriptionError) as err:
        clocked.subscriptions.add(1, None, "daily", places=["Atlantis"])
    assert describe_subscription_error(err.value, "en") == "Unknown place: Atlantis."


def test_group_places_and_iso_countries_are_accepted(clocked: Store) -> None:
    s = clocked.subscriptions.add(1, None, "instant", places=["central-asia", "af"])
    assert s.places == ("central-asia", "AF")
    assert s.next_due_at == NOW  # instant: whenever something arrives


def test_update_recomputes_the_schedule_only_when_it_changes(clocked: Store) -> None:
    s = clocked.subscriptions.add(1, None, "daily", at="08:00")
    changed = clocked.subscriptions.update(s.id, language="en", topics=[])
    assert changed.language == "en" and changed.next_due_at == s.next_due_at
    moved = clocked.subscriptions.update(s.id, at="20:00")
    assert moved.at == "20:00" and moved.next_due_at == datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
    weekly = clocked.subscriptions.update(s.id, kind="weekly", weekday=0)
    assert weekly.weekday == 0 and weekly.next_due_at == datetime(2026, 11, 30, 15, 0, tzinfo=UTC)
    back = clocked.subscriptions.update(s.id, kind="daily")
    assert back.weekday is None
    with pytest.raises(SubscriptionError) as err:
        clocked.subscriptions.update(s.id, at="99:99")
    assert err.value.field == "at"
    with pytest.raises(SubscriptionError) as err:
        clocked.subscriptions.update(s.id, chat_id=5)
    assert err.value.field == "chat_id"
    with pytest.raises(KeyError):
        clocked.subscriptions.update(999, language="ru")


def test_pause_resume_and_remove(clocked: Store) -> None:
    a = clocked.subscriptions.add(1, None, "daily")
    b = clocked.subscriptions.add(1, None, "instant")
    assert clocked.subscriptions.pause(a.id, "Forbidden: bot was blocked by the user")
    paused = clocked.subscriptions.get(a.id)
    assert paused.paused and paused.paused_reason == "Forbidden: bot was blocked by the user"
    assert [s.id for s in clocked.subscriptions.all(active_only=True)] == [b.id]
    # a paused subscription is never due
    assert a.id not in [s.id for s in clocked.subscriptions.scheduled_due(NOW + timedelta(days=3))]
    assert clocked.subscriptions.resume(a.id)
    assert not clocked.subscriptions.get(a.id).paused
    assert clocked.subscriptions.remove(a.id) and not clocked.subscriptions.remove(a.id)
    assert clocked.subscriptions.get(a.id) is None and not clocked.subscriptions.pause(a.id, "x")
    assert [s.id for s in clocked.subscriptions.all()] == [b.id]


def test_big_chat_ids_survive(clocked: Store) -> None:
    s = clocked.subscriptions.add(-1009999999999, None, "daily")
    assert clocked.subscriptions.all(chat_id=-1009999999999)[0].id == s.id
