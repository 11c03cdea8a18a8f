"""Prometheus metrics for the operator: updates, answer latency, digests, feed polls, errors.

One CollectorRegistry of our own (not the process-global one), so tests and several Applications
in one process never clash; `render()` is the /metrics body. No telegram import here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.exposition import CONTENT_TYPE_LATEST

disable_created_metrics()  # the *_created series are noise on a dashboard
REGISTRY = CollectorRegistry(auto_describe=True)
CONTENT_TYPE = CONTENT_TYPE_LATEST

UPDATE_KINDS = ("message", "callback", "inline", "edited", "other")

UPDATES = Counter("monitorbot_updates", "Telegram updates received, by kind", ["kind"], registry=REGISTRY)
ANSWER_LATENCY = Histogram(
    "monitorbot_answer_latency_seconds",
    "Time from a question to its answer being sent",
    buckets=(0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0),
    registry=REGISTRY,
)
DIGESTS_SENT = Counter("monitorbot_digest_parts_sent", "Digest messages sent", registry=REGISTRY)
DIGESTS_FAILED = Counter("monitorbot_digest_parts_failed",
                         "Digest messages not sent in a round (left waiting or dropped)", registry=REGISTRY)
FEED_POLLS = Counter("monitorbot_feed_polls", "Feed polls, by result (ok, not_modified, failed)", ["result"],
                     registry=REGISTRY)
ERRORS = Counter("monitorbot_errors", "Errors, by the handler or job that failed", ["handler"], registry=REGISTRY)
WEBHOOK_REJECTED = Counter("monitorbot_webhook_rejected", "Webhook requests refused, by reason", ["reason"],
                           registry=REGISTRY)
DUPLICATE_UPDATES = Counter("monitorbot_duplicate_updates", "Repeated update ids skipped", registry=REGISTRY)

for _kind in UPDATE_KINDS:  # every kind shows (as 0) before the first update of that kind
    UPDATES.labels(kind=_kind)


def update_kind(data: Any) -> str:
    """The kind of an update, from its dict (webhook body) or any object with the same attributes."""
    def has(name: str) -> bool:
        return bool(data.get(name)) if isinstance(data, dict) else bool(getattr(data, name, None))

    if has("message"):
        return "message"
    if has("callback_query"):
        return "callback"
    if has("inline_query") or has("chosen_inline_result"):
        return "inline"
    if has("edited_message") or has("edited_channel_post"):
        return "edited"
    return "other"


def count_update(kind: str) -> None:
    UPDATES.labels(kind=kind if kind in UPDATE_KINDS else "other").inc()


def count_digest_round(sent: int, failed: int) -> None:
    if sent:
        DIGESTS_SENT.inc(sent)
    if failed:
        DIGESTS_FAILED.inc(failed)


def count_feed_polls(results: Iterable[Any] | None) -> None:
    """One increment per PollResult, labelled by its status."""
    for result in results or ():
        FEED_POLLS.labels(result=str(getattr(result, "status", "unknown"))).inc()


def count_error(handler: str) -> None:
    ERRORS.labels(handler=handler or "unknown").inc()


def render() -> bytes:
    """The Prometheus text exposition of every metric above."""
    return generate_latest(REGISTRY)
