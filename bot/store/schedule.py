"""When a subscription's next digest is due: local HH:MM (daily) or weekday + HH:MM (weekly) in
its time zone. Pure time arithmetic with zoneinfo; time is passed in. It lives in the store, the
bottom layer, because the store computes next_due_at when it saves a subscription;
bot/digests/schedule.py builds "which are due now" on it.

Daylight saving, decided once here:
- a local time that does not exist that day (clocks jump 02:00 -> 03:00 and the digest is set for
  02:30) is taken as the same moment an hour on: the digest comes at 03:30 local, once;
- a local time that happens twice (clocks fall back 03:00 -> 02:00) is the first of the two; the
  repeat is not a second slot.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from bot.store.records import SubscriptionRecord


@lru_cache(maxsize=512)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _utc(ts: datetime) -> datetime:
    if ts.tzinfo is None:
        raise ValueError("naive datetime: pass an aware one (UTC)")
    return ts.astimezone(UTC)


def local_slot(day: date, at: str, tz: str) -> datetime:
    """The UTC instant of local `at` on `day` in `tz` (DST rules in the module docstring)."""
    hour, minute = (int(x) for x in at.split(":"))
    # fold=0: for a repeated time the first occurrence; for a skipped time the offset in force
    # before the jump, which lands the same number of minutes after the jump
    local = datetime.combine(day, time(hour, minute), tzinfo=_zone(tz))
    return local.astimezone(UTC)


def next_due(sub: SubscriptionRecord, after: datetime) -> datetime:
    """The first slot strictly after `after` (UTC). Instant subscriptions are due at `after` itself:
    whenever something new arrives (due_subscriptions checks that)."""
    after = _utc(after)
    if sub.kind == "instant":
        return after
    if sub.kind not in ("daily", "weekly"):
        raise ValueError(f"unknown subscription kind {sub.kind!r}")
    if sub.kind == "weekly" and sub.weekday is None:
        raise ValueError("a weekly subscription needs a weekday")
    local_day = after.astimezone(_zone(sub.tz)).date() - timedelta(days=1)  # start early: offsets differ
    for i in range(16):
        day = local_day + timedelta(days=i)
        if sub.kind == "weekly" and day.weekday() != sub.weekday:
            continue
        slot = local_slot(day, sub.at, sub.tz)
        if slot > after:
            return slot
    raise AssertionError("no slot within 16 days")  # pragma: no cover - a week always has one
