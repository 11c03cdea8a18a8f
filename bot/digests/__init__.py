"""Digests: subscriptions, when each is due, what a digest contains, and exactly-once delivery.
Knows nothing of Telegram: handlers/ sends what this package composes.

CONTRACT (issue 5; handlers/ and bench/ are written against it):

    from bot.digests import schedule, compose, render, ledger
    # subscriptions (the store's subscriptions repository, tables in migration 0004)
    store.subscriptions.add(chat_id, created_by, kind, *, at="08:00", weekday=None, tz="Asia/Almaty",
                           language="ru", places=(), topics=()) -> SubscriptionRecord
        # kind: "daily" | "weekly" | "instant"; at "HH:MM" local; weekday 0=Mon..6=Sun (weekly)
    store.subscriptions.all(chat_id=None, active_only=False) -> list[SubscriptionRecord]
    store.subscriptions.update(id, **changes) / store.subscriptions.remove(id) / store.subscriptions.pause(id, reason)
    schedule.next_due(sub, after: datetime) -> datetime (UTC; DST-correct via zoneinfo)
    schedule.due_subscriptions(store, now) -> list[SubscriptionRecord]   # at most one catch-up each
    compose.compose_digest(store, sub, now) -> Digest | None   # items since the last delivery:
        # reports ingested + estimates/laws added or changed, filtered by places/topics,
        # grouped by place and topic; None when nothing is new
    render.render_digest(digest, lang, fmt="html") -> list[str]    # parts under 4,096 chars
    ledger.claim(store, sub_id, items) / ledger.mark_sent(...)      # exactly-once bookkeeping:
        # what each subscription received is recorded as it is sent; a restart mid-round
        # sends each item once (none lost, none doubled)
"""

# ADDITIONS (beyond the contract):
#   store.subscriptions.get(id), store.subscriptions.resume(id); SubscriptionError(field, code, params)
#     (bot.digests.errors.describe_subscription_error(err, lang) words it)
#   compose.compose_many(store, subs, now) -> {sub_id: Digest}   # one read for a whole round
#   render.render_parts(digest, lang=None, fmt="html") -> [RenderedPart(text, items)]
#   render.RoundRenderer(digests).parts(digest)   # = render_parts; digests composed alike rendered once
#   ledger.prepare(store, sub, now) / ledger.prepare_round(store, now)  # compose + render + claim
#   ledger.pending(store, sub_id=None), begin_send, mark_sent, drop, preview(store, sub, now)
#   await ledger.send_pending(store, send, clock, on_error) / await ledger.run_round(...)
#     on_error(part, exc) -> "retry" | "pause" | "drop"; protocol in ledger.py's docstring
