"""bot/metrics.py: what each hook counts, read back from the Prometheus text."""

from __future__ import annotations

from dataclasses import dataclass

from bot import metrics


def value(name: str, **labels: str) -> float:
    return metrics.REGISTRY.get_sample_value(name, labels or None) or 0.0


@dataclass
class Poll:
    status: str


def test_update_kinds_from_webhook_bodies():
    assert metrics.update_kind({"update_id": 1, "message": {"text": "hi"}}) == "message"
    assert metrics.update_kind({"update_id": 2, "callback_query": {"id": "7"}}) == "callback"
    assert metrics.update_kind({"update_id": 3, "inline_query": {"id": "8"}}) == "inline"
    assert metrics.update_kind({"update_id": 4, "edited_message": {"text": "x"}}) == "edited"
    assert metrics.update_kind({"update_id": 5, "my_chat_member": {}}) == "other"


def test_feed_polls_are_counted_by_result():
    ok, failed = value("monitorbot_feed_polls_total", result="ok"), value("monitorbot_feed_polls_total",
                                                                         result="failed")
    metrics.count_feed_polls([Poll("ok"), Poll("ok"), Poll("failed")])
    metrics.count_feed_polls(None)  # a round with nothing due
    assert value("monitorbot_feed_polls_total", result="ok") == ok + 2
    assert value("monitorbot_feed_polls_total", result="failed") == failed + 1


def test_digest_rounds_add_sent_and_failed_parts():
    sent, failed = value("monitorbot_digest_parts_sent_total"), value("monitorbot_digest_parts_failed_total")
    metrics.count_digest_round(3, 1)
    metrics.count_digest_round(0, 0)
    assert value("monitorbot_digest_parts_sent_total") == sent + 3
    assert value("monitorbot_digest_parts_failed_total") == failed + 1


def test_errors_by_handler_and_the_exposition_text():
    before = value("monitorbot_errors_total", handler="job:poll-feeds")
    metrics.count_error("job:poll-feeds")
    text = metrics.render().decode()
    assert f'monitorbot_errors_total{{handler="job:poll-feeds"}} {before + 1}' in text.splitlines()
    assert "# TYPE monitorbot_answer_latency_seconds histogram" in text
    assert 'monitorbot_answer_latency_seconds_bucket{le="0.5"}' in text
    assert "_created" not in text  # no timestamp series cluttering the dashboard
    assert metrics.CONTENT_TYPE.startswith("text/plain")


def test_an_unknown_kind_counts_as_other():
    before = value("monitorbot_updates_total", kind="other")
    metrics.count_update("business_message")
    assert value("monitorbot_updates_total", kind="other") == before + 1
