"""Digest delivery: the JobQueue job that sends every due subscription its digest, exactly once.

A round is bot.digests.ledger.run_round: parts an interrupted round left unsent go first, then
the due digests are claimed (which items go in which part) and sent, each part marked delivered
as soon as Telegram accepted it (the protocol and its one window are in ledger's docstring).
This module is the Telegram side of it: the send and the error classification.

Telegram's limits are kept by PTB's AIORateLimiter (the production Application is built with
rate_limit=True: ~30 messages a second overall, 20 a minute per group). A RetryAfter that still
comes is waited out (services.sleep) and the same part sent again; after MAX_RETRY_AFTER waits
the part is left for the next round. Forbidden (the user blocked the bot, or it was removed from
the group) pauses the subscription with reason "blocked": no retrying for ever; its parts wait
for /subscriptions -> Resume. A permanent BadRequest drops the part (logged); any other error is
logged and the part is tried again next round.

Several instances on one database: the round runs under the "digest-round" lease (bot.store.leases),
so one process sends at a time; the others skip the tick. A RetryAfter wait renews the lease
before the same part is sent again.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from telegram import Bot, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError
from telegram.ext import Application

from bot import metrics
from bot.config import Settings
from bot.digests import ledger
from bot.store import Store
from bot.store.leases import DIGEST_ROUND, LeaseHold, LeaseLost
from bot.store.offload import off_loop, store_answers
from bot.store.records import DigestPartRecord
from handlers.services import MonitorContext, Services

log = logging.getLogger(__name__)

INTERVAL = 60.0  # seconds between rounds
FIRST = 5.0  # the first round soon after start: a catch-up after downtime goes out at once
MAX_RETRY_AFTER = 5  # RetryAfter waits for one part within a round; then the next round goes on
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
BLOCKED = "blocked"
Sleep = Callable[[float], Awaitable[None]]


@dataclass
class RoundResult:
    """What one round did (logged; tests and the bench read it)."""

    sent: list[int] = field(default_factory=list)  # part ids
    waiting: list[int] = field(default_factory=list)  # part ids left for the next round
    dropped: list[int] = field(default_factory=list)
    paused: list[int] = field(default_factory=list)  # subscription ids paused as blocked
    maybe_duplicate: list[int] = field(default_factory=list)  # re-sent after a crash in the window
    retry_waits: list[float] = field(default_factory=list)  # RetryAfter seconds waited
    skipped: bool = False  # another instance held the round
    lease_lost: bool = False  # stopped mid-round: the lease lapsed


class StillThrottled(TelegramError):
    """RetryAfter kept coming for one part: leave it for the next round."""


def _seconds(value: Any) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


async def send_part(bot: Bot, part: DigestPartRecord, *, sleep: Sleep, result: RoundResult) -> int:
    """Send one claimed part to its chat; RetryAfter is waited out and the same part sent again."""
    for _ in range(MAX_RETRY_AFTER + 1):
        try:
            message = await bot.send_message(part.chat_id, part.text, parse_mode=ParseMode.HTML,
                                             link_preview_options=NO_PREVIEW)
            return message.message_id
        except RetryAfter as exc:
            # the private timedelta: PTB 22 warns on the public attribute while it changes type
            wait = _seconds(getattr(exc, "_retry_after", None) or exc.retry_after)
            log.info("digest part %s to chat %s: RetryAfter %.1fs", part.id, part.chat_id, wait)
            result.retry_waits.append(wait)
            await sleep(wait)
    raise StillThrottled(f"still rate limited after {MAX_RETRY_AFTER} waits")


def classify(store: Store, part: DigestPartRecord, exc: BaseException, result: RoundResult) -> str:
    """ledger's on_error: "retry" | "pause" | "drop". Blocked chats are paused here with the
    reason "blocked" (what /subscriptions shows), then left waiting."""
    if isinstance(exc, Forbidden) or (isinstance(exc, BadRequest) and "chat not found" in str(exc).lower()):
        log.info("subscription %s: chat %s refuses the bot (%s): paused", part.subscription_id, part.chat_id, exc)
        store.subscriptions.pause(part.subscription_id, reason=BLOCKED)
        if part.subscription_id not in result.paused:
            result.paused.append(part.subscription_id)
        return "retry"  # its parts wait (paused subscriptions' parts are not pending) for Resume
    if isinstance(exc, BadRequest):  # the part itself is wrong (a bug): never send it again
        log.error("digest part %s to chat %s refused for good: %s", part.id, part.chat_id, exc)
        return "drop"
    if isinstance(exc, TelegramError):  # network, timeouts, 5xx, still throttled
        log.warning("digest part %s to chat %s not sent (%s): next round", part.id, part.chat_id, exc)
        return "retry"
    log.error("digest part %s: unexpected %r: next round", part.id, exc)
    return "retry"


async def deliver_round(bot: Bot, store: Store, clock: Callable[[], datetime], *,
                        sleep: Sleep, lease: LeaseHold | None = None) -> RoundResult:
    """One round (see the module docstring): leftovers, then every due subscription's digest.
    With `lease`, only the instance holding it sends (the others skip this tick)."""
    result = RoundResult()

    async def keep_lease_sleep(seconds: float) -> None:
        # a RetryAfter wait can outlast the lease: after it, send again only if the round is still ours
        await sleep(seconds)
        if lease is not None and not await off_loop(store, store.leases.renew, lease.name, lease.owner,
                                                    lease.until(clock()), clock()):
            raise LeaseLost(f"lease {lease.name!r} lapsed during a RetryAfter wait")

    async def send(part: DigestPartRecord) -> int:
        return await send_part(bot, part, sleep=keep_lease_sleep, result=result)

    report = await ledger.run_round(store, send, clock, lambda part, exc: classify(store, part, exc, result),
                                    lease=lease)
    result.skipped, result.lease_lost = report.skipped, report.lease_lost
    result.sent, result.waiting, result.dropped = list(report.sent), list(report.waiting), list(report.dropped)
    result.maybe_duplicate = list(report.resent_maybe_duplicate)
    metrics.count_digest_round(len(result.sent), len(result.waiting) + len(result.dropped))
    if result.sent or result.waiting or result.dropped:
        log.info("digest round: %d parts sent, %d waiting, %d dropped, paused %s", len(result.sent),
                 len(result.waiting), len(result.dropped), result.paused)
    return result


def round_lease(settings: Settings) -> LeaseHold:
    """The round's lease for this instance (MONITORBOT_INSTANCE, MONITORBOT_LEASE_SECONDS)."""
    return LeaseHold(DIGEST_ROUND, settings.instance, settings.lease_seconds)


async def run_round(services: Services, bot: Bot) -> RoundResult:
    return await deliver_round(bot, services.store, services.clock, sleep=services.sleep,
                               lease=round_lease(services.settings))


async def delivery_job(context: MonitorContext) -> None:
    """JobQueue callback: a failed round is logged; the next one picks up what is left."""
    if not await store_answers(context.services.store):  # the round's store calls would hang the loop
        log.warning("digest round skipped: the database is not answering")
        return
    try:
        await run_round(context.services, context.bot)
    except Exception:
        metrics.count_error("job:deliver-digests")
        log.exception("digest round failed")


def schedule(app: Application, *, interval: float = INTERVAL, first: float | None = None) -> None:
    """Every `interval` seconds (MONITORBOT_DIGEST_INTERVAL); never two rounds at once in one
    process (a long round makes the next one wait), nor across processes (the round's lease)."""
    if app.job_queue is not None:
        first = min(FIRST, interval) if first is None else first
        app.job_queue.run_repeating(delivery_job, interval=interval, first=first, name="deliver-digests",
                                    job_kwargs={"max_instances": 1, "coalesce": True})
