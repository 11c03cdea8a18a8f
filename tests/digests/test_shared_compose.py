"""A round composes subscriptions with the same places, topics and window once and takes each
one's delivery record off afterwards: every subscriber still gets exactly its own digest."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.digests import compose, ledger
from bot.digests.render import RoundRenderer, render_parts
from bot.store import Store

T0 = datetime(2026, 11, 25, 0, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> datetime:
        self.now += timedelta(**kw)
        return self.now


def report(n: int, places: list[str]) -> dict:
    return {"url": f"https://news.example/{n}", "title": f"Report {n}", "publication": "Vlast.kz",
            "published": "2026-11-24", "language": "en", "places": places, "tags": ["foreign-fighters"]}


def estimate(value: int) -> dict:
    return {"id": "kz-a", "topic": "foreign-fighters", "place": "KZ", "value": value, "unit": "people",
            "as_of": "2026-11", "estimator": {"en": "National Security Committee (KNB)"},
            "source": {"publication": "Tengri News", "date": "2026-11-20", "url": "https://tengrinews.example/k"}}


def one_by_one(store: Store, sub, now: datetime) -> tuple:  # noqa: ANN001
    """The per-subscription path: filter with this subscription's own delivery record, then group."""
    since = compose.window_start(sub, now)
    changes = compose.Changes(store, since, now)
    delivered = store.subscriptions.delivered_since([sub.id], since).get(sub.id, set())
    return compose.group_items(changes.for_subscription(sub, since, delivered))


@pytest.fixture
def round_two(store: Store):
    """Five subscriptions claimed in one round; some parts delivered, some dropped; then new items
    arrive inside the look-back margin, so the second round's windows overlap the first."""
    clock = Clock()
    store.db.clock = clock
    store.entries.load_starter_if_empty()
    clock.advance(hours=1)
    subs = {
        "kz-kg sent": store.subscriptions.add(1, None, "instant", places=["KZ", "KG"], language="en"),
        "kg-kz dropped": store.subscriptions.add(2, None, "instant", places=["KG", "KZ"], language="ru"),
        "all sent": store.subscriptions.add(3, None, "instant", language="en"),
        "all sent too": store.subscriptions.add(4, None, "instant", language="en"),
        "all dropped": store.subscriptions.add(5, None, "instant", language="en"),
    }
    clock.advance(minutes=1)
    store.entries.import_document({"version": 1, "estimates": [estimate(300)], "reports": [report(1, ["KZ"])]})
    clock.advance(minutes=1)
    for part in ledger.prepare_round(store, clock()):
        if part.chat_id in (2, 5):
            ledger.drop(store, part, "test", clock())
        else:
            ledger.mark_sent(store, part, 100 + part.chat_id, clock())
    clock.advance(minutes=5)
    store.entries.import_document({"version": 1, "estimates": [estimate(350)], "reports": [report(2, ["KZ"])]})
    now = clock.advance(minutes=1)
    return store, {name: store.subscriptions.get(s.id) for name, s in subs.items()}, now


def test_each_subscription_gets_its_own_digest_from_a_shared_round(round_two) -> None:
    store, subs, now = round_two
    digests = compose.compose_many(store, list(subs.values()), now)
    for name, sub in subs.items():
        assert digests[sub.id].groups == one_by_one(store, sub, now), name
    seen = {name: [(i.kind, i.record.id, i.record.revision, i.is_new) for i in digests[sub.id].items]
            for name, sub in subs.items()}
    report_2 = store.entries.report_by_url("https://news.example/2").id
    report_1 = store.entries.report_by_url("https://news.example/1").id
    # received report 1 and figure revision 1: only report 2, and the figure as revised
    assert seen["kz-kg sent"] == [("estimate", "kz-a", 2, False), ("report", report_2, 1, True)]
    # its parts were dropped: the same filter, but report 1 comes again and the figure is new to it
    assert sorted(seen["kg-kz dropped"]) == sorted([("estimate", "kz-a", 2, True), ("report", report_1, 1, True),
                                                     ("report", report_2, 1, True)])
    assert seen["all sent"] == seen["all sent too"] == seen["kz-kg sent"]
    assert digests[subs["kg-kz dropped"].id].language == "ru"


def test_the_round_renderer_reads_exactly_like_render_parts(round_two) -> None:
    store, subs, now = round_two
    digests = compose.compose_many(store, list(subs.values()), now)
    renderer = RoundRenderer(digests.values())
    for name, sub in subs.items():
        assert renderer.parts(digests[sub.id]) == render_parts(digests[sub.id]), name
    ru = render_parts(digests[subs["kg-kz dropped"].id])[0].text
    assert "Report 1" in ru and "<b>350" in ru
    en = render_parts(digests[subs["all sent"].id])[0].text
    assert "Report 1" not in en and "revised figure" in en
