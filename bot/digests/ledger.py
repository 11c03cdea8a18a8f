"""Exactly-once digests: what each subscription is sent is recorded around the Bot API call, so a
bot killed mid-round and started again sends every item once.

The protocol (store tables in bot/store/subscriptions.py, migration 0004):

1. CLAIM (`prepare` / `prepare_round`). For a due subscription, compose the digest, render it into
   parts, and in ONE transaction record the parts (text + the (kind, id, revision) of every item
   in each) and move the subscription's cursor (`last_digest_at` = now, `next_due_at` = the next
   slot after now). From here the items are the ledger's: a later compose leaves out items in
   unsent parts, and the catch-up after downtime is this one digest. The update is conditional on
   the subscription's claim counter, so two workers cannot both claim one round.
2. SEND (`send_pending`, or the handler's own loop over `pending`). For each unsent part, in
   order: `begin_send` (attempts += 1, committed), the Bot API call, then at once `mark_sent`:
   in ONE transaction the part gets sent_at + message_id and each of its items a delivery row.
3. RESTART. Whatever `pending()` returns is sent first: parts claimed but never sent (a crash
   between parts, or between claim and send) go out once; parts marked sent never go again.

The one window, stated: Telegram's sendMessage has no idempotency key, so either the record is
written before the call (mark-then-send: a crash after marking loses the message) or after it
(send-then-mark: a crash after Telegram accepted it but before `mark_sent` committed sends that
part again). Digests choose send-then-mark: nothing is ever lost, and a duplicate needs a crash in
the few milliseconds between the HTTP response and one small commit, for that one part only.
Such a part comes back from `pending()` with `maybe_sent` True (its attempts > 0), so the
restart can log it; it is re-sent once and then marked like any other.

Errors while sending are the caller's to classify (Telegram's exceptions live in handlers/):
"retry" leaves the part waiting (RetryAfter; the rest of that chat's parts wait behind it, to
keep their order), "pause" pauses the subscription (Forbidden: the user blocked the bot; its
parts wait for resume_subscription), "drop" gives the part up for good (a permanent error).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from bot.digests import schedule
from bot.digests.compose import compose_chunks, compose_digest
from bot.digests.render import RenderedPart, RoundRenderer, render_parts
from bot.store.leases import LeaseHold, LeaseLost
from bot.store.offload import off_loop
from bot.store.records import DigestPartRecord, SubscriptionRecord
from bot.store.subscriptions import PartDraft

log = logging.getLogger(__name__)

ERROR_ACTIONS = ("retry", "pause", "drop")


def _utc(ts: datetime) -> datetime:
    return ts.astimezone(UTC)


def claim(store, sub: SubscriptionRecord | int, parts: Sequence[RenderedPart | PartDraft],  # noqa: ANN001
          now: datetime) -> list[DigestPartRecord] | None:
    """Record `parts` (text + items) for sending and move the cursor, in one transaction.

    With no parts it only moves the cursor (nothing new: the next window starts now). Returns the
    claimed parts, or None when the subscription is gone or another worker claimed it first."""
    if isinstance(sub, int):
        found = store.subscriptions.get(sub)
        if found is None:
            return None
        sub = found
    now = _utc(now)
    drafts = [PartDraft(p.text, tuple(p.items)) for p in parts]
    next_at = schedule.next_due(sub, now)
    return store.subscriptions.claim_digest(sub.id, sub.claims, now, next_at, drafts)


def prepare(store, sub: SubscriptionRecord, now: datetime) -> list[DigestPartRecord]:  # noqa: ANN001
    """Compose, render and claim one subscription's digest now (also what /digest "send now" does).
    Empty when nothing is new (the cursor still moves) or another worker claimed it."""
    digest = compose_digest(store, sub, now)
    parts = render_parts(digest) if digest is not None else []
    return claim(store, sub, parts, now) or []


def prepare_round(store, now: datetime) -> list[DigestPartRecord]:  # noqa: ANN001
    """Claim a digest for every due subscription (one catch-up each); returns the parts claimed.
    Send them (and any left from before) with `send_pending` or a loop over `pending`."""
    now = _utc(now)
    due = schedule.due_subscriptions(store, now)
    claimed: list[DigestPartRecord] = []
    for chunk, digests in compose_chunks(store, due, now):  # memory bounded by a chunk, not the round
        renderer = RoundRenderer(digests.values())  # digests composed alike are rendered once
        for sub in chunk:
            digest = digests.get(sub.id)
            try:
                parts = renderer.parts(digest) if digest is not None else []
            except Exception:  # noqa: BLE001 - one subscription's digest must not stop everyone else's
                log.exception("subscription %s: its digest could not be rendered; tried again next round", sub.id)
                continue
            claimed.extend(claim(store, sub, parts, now) or [])
        del digests, renderer  # let the chunk go before the next is composed
    return claimed


def preview(store, sub: SubscriptionRecord, now: datetime, lang: str | None = None,  # noqa: ANN001
            fmt: str = "html") -> list[str]:
    """The subscription's next digest as it stands now, recording nothing ([] when nothing is new)."""
    digest = compose_digest(store, sub, now)
    return [p.text for p in render_parts(digest, lang, fmt)] if digest is not None else []


def pending(store, subscription_id: int | None = None) -> list[DigestPartRecord]:  # noqa: ANN001
    """Parts claimed and not yet sent (active subscriptions), oldest round first, in part order."""
    return store.subscriptions.pending_parts(subscription_id)


def begin_send(store, part: DigestPartRecord | int, now: datetime,  # noqa: ANN001
               lease: LeaseHold | None = None) -> bool:
    """Call right before the Bot API call; False: the part is sent or dropped already, skip it.
    With `lease`, renews it in the same commit; raises LeaseLost when it lapsed."""
    return store.subscriptions.begin_part_send(part if isinstance(part, int) else part.id, _utc(now), lease)


def mark_sent(store, part: DigestPartRecord | int, message_id: int | None, now: datetime) -> bool:  # noqa: ANN001
    """Call right after the Bot API call succeeded: the part and its items are recorded as
    delivered in one transaction. False when it was marked already (nothing changes)."""
    return store.subscriptions.mark_part_sent(part if isinstance(part, int) else part.id, message_id, _utc(now))


def drop(store, part: DigestPartRecord | int, reason: str, now: datetime) -> bool:  # noqa: ANN001
    """Give a part up for good (a permanent error); its items are not recorded as delivered."""
    return store.subscriptions.drop_part(part if isinstance(part, int) else part.id, reason, _utc(now))


@dataclass
class SendReport:
    """What one pass over the pending parts did."""

    sent: list[int] = field(default_factory=list)  # part ids
    resent_maybe_duplicate: list[int] = field(default_factory=list)  # were in the send-then-mark window
    waiting: list[int] = field(default_factory=list)  # left for later ("retry")
    dropped: list[int] = field(default_factory=list)
    paused: list[int] = field(default_factory=list)  # subscription ids
    skipped: bool = False  # another instance holds the round's lease: this one did nothing
    lease_lost: bool = False  # the lease lapsed mid-round: stopped, the new holder goes on


Sender = Callable[[DigestPartRecord], Awaitable[int | None]]
OnError = Callable[[DigestPartRecord, BaseException], str]


async def send_pending(store, send: Sender, clock: Callable[[], datetime],  # noqa: ANN001
                       on_error: OnError | None = None, subscription_id: int | None = None,
                       stalled: set[int] | None = None, lease: LeaseHold | None = None) -> SendReport:
    """Send every pending part by the protocol: begin_send, `await send(part)` -> message id,
    mark_sent. `on_error(part, exc)` returns "retry" | "pause" | "drop" (default "retry").
    A chat's later parts wait while an earlier one is waiting, so parts arrive in order;
    `stalled` (subscription ids, filled in as parts wait) carries that across passes.
    With `lease`, every part's begin_send renews it; when it lapsed the pass ends (`lease_lost`)."""
    report = SendReport()
    stalled = set() if stalled is None else stalled
    for part in await off_loop(store, pending, store, subscription_id):
        if part.subscription_id in stalled:
            report.waiting.append(part.id)
            continue
        if part.maybe_sent:
            log.warning("digest part %s (subscription %s) may have been sent before a restart; sending it again",
                        part.id, part.subscription_id)
        try:
            if not await off_loop(store, begin_send, store, part, clock(), lease):
                continue
            message_id = await send(part)
        except LeaseLost as exc:  # another instance may hold the round now: start no more sends
            log.warning("digest sending stopped: %s; the instance holding it now goes on", exc)
            report.lease_lost = True
            break
        except Exception as exc:  # noqa: BLE001 - classified by the caller
            action = await off_loop(store, on_error, part, exc) if on_error else "retry"
            if action not in ERROR_ACTIONS:
                raise ValueError(f"on_error must return one of {ERROR_ACTIONS}, not {action!r}") from exc
            stalled.add(part.subscription_id)
            if action == "pause":
                await off_loop(store, store.subscriptions.pause, part.subscription_id,
                               f"{type(exc).__name__}: {exc}"[:300])
                report.paused.append(part.subscription_id)
                report.waiting.append(part.id)
            elif action == "drop":
                await off_loop(store, drop, store, part, f"{type(exc).__name__}: {exc}", clock())
                report.dropped.append(part.id)
                stalled.discard(part.subscription_id)  # the next part may go
            else:
                report.waiting.append(part.id)
            continue
        await off_loop(store, mark_sent, store, part, message_id, clock())
        report.sent.append(part.id)
        if part.maybe_sent:
            report.resent_maybe_duplicate.append(part.id)
    return report


async def run_round(store, send: Sender, clock: Callable[[], datetime],  # noqa: ANN001
                    on_error: OnError | None = None, lease: LeaseHold | None = None) -> SendReport:
    """One scheduler tick: send what is left from before, claim the due digests, send them.
    A part that waits ("retry") is not tried again in the same tick.

    With `lease` (several instances on one database) the round runs only in the process that
    takes the lease; the others skip the tick (`skipped`). The holder renews it with every part
    and releases it at the end; if it lapses mid-round (a stall longer than the lease), the round
    stops at once (`lease_lost`) without starting another send, and the new holder goes on from
    the ledger. A holder killed mid-round leaves its lease to lapse; its begun-but-unmarked part
    comes back as `maybe_sent`."""
    # every store call in a store thread: a database that is locked or slow never holds the loop
    if lease is not None and not await off_loop(store, store.leases.acquire, lease.name, lease.owner,
                                                lease.until(clock()), clock()):
        return SendReport(skipped=True)
    stalled: set[int] = set()
    try:
        report = await send_pending(store, send, clock, on_error, stalled=stalled, lease=lease)
        if report.lease_lost:
            return report
        if lease is not None and not await off_loop(store, store.leases.renew, lease.name, lease.owner,
                                                    lease.until(clock()), clock()):
            log.warning("digest round stopped: lease %r lapsed before the claim", lease.name)
            report.lease_lost = True
            return report
        await off_loop(store, prepare_round, store, clock())  # composing is the heavy part: off the loop
        more = await send_pending(store, send, clock, on_error, stalled=stalled, lease=lease)
        for name in ("sent", "resent_maybe_duplicate", "dropped", "paused"):
            getattr(report, name).extend(getattr(more, name))
        report.waiting = sorted(set(report.waiting) | set(more.waiting))
        report.lease_lost = more.lease_lost
        return report
    finally:
        if lease is not None:
            await off_loop(store, store.leases.release, lease.name, lease.owner)
