"""When each subscription is due: local HH:MM (daily) or weekday + HH:MM (weekly) in its time zone,
or as soon as something new arrives (instant). Pure time arithmetic with zoneinfo; time is passed in.
The slot arithmetic (local_slot, next_due) and its daylight-saving rules live in
bot/store/schedule.py, where the store uses them; this module decides what is due now.
"""

from __future__ import annotations

from datetime import datetime

from bot.store.records import SubscriptionRecord
from bot.store.schedule import _utc, _zone, local_slot, next_due

# local_slot and next_due stay importable from here: the digests and their tests use them
__all__ = ["local_slot", "next_due", "is_due", "due_subscriptions", "_zone"]


def is_due(sub: SubscriptionRecord, now: datetime, last_change: datetime | None = None) -> bool:
    """Due now? Scheduled kinds when next_due_at has come; instant ones when anything arrived since
    their last digest (or since they were created)."""
    if sub.paused:
        return False
    now = _utc(now)
    if sub.kind == "instant":
        cursor = sub.last_digest_at or sub.created_at
        return last_change is not None and (cursor is None or last_change > cursor)
    due = sub.next_due_at if sub.next_due_at is not None else next_due(sub, sub.created_at or now)
    return due <= now


def due_subscriptions(store, now: datetime) -> list[SubscriptionRecord]:  # noqa: ANN001
    """Subscriptions to compose a digest for now. After downtime over several slots a subscription
    is listed once: claiming its digest moves next_due_at past `now` (ledger.prepare), so there is
    one catch-up digest, not one per missed slot."""
    now = _utc(now)
    candidates = store.subscriptions.scheduled_due(now)
    last_change = store.subscriptions.last_change_at() if any(s.kind == "instant" for s in candidates) else None
    return [s for s in candidates if is_due(s, now, last_change)]

