"""What a digest contains and how it reads: new reports and new or changed figures and laws,
filtered by place (KZ covers Karagandy) and topic, minus what was delivered; split under 4,096."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.digests import compose, ledger, render
from bot.digests.render import TELEGRAM_LIMIT, render_parts, units
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


@pytest.fixture
def world(store: Store):
    clock = Clock()
    store.db.clock = clock
    store.entries.load_starter_if_empty()
    clock.advance(hours=1)
    return store, clock


def report(n: int, places: list[str], tags: list[str] | None = None, **extra) -> dict:
    return {"url": f"https://news.example/{n}", "title": f"Report {n}", "publication": "Vlast.kz",
            "published": "2026-11-24", "language": "en", "places": places, "tags": tags or [], **extra}


def estimate(id: str, place: str = "KZ", value: int = 300, topic: str = "foreign-fighters") -> dict:
    return {"id": id, "topic": topic, "place": place, "value": value, "unit": "people", "as_of": "2026-11",
            "estimator": {"en": "National Security Committee (KNB)", "ru": "Комитет национальной безопасности (КНБ)"},
            "source": {"publication": "Tengri News", "date": "2026-11-20", "url": "https://tengrinews.example/k"}}


def test_nothing_new_means_no_digest(world) -> None:
    store, clock = world
    s = store.subscriptions.add(1, None, "daily", language="en")
    assert compose.compose_digest(store, s, clock.advance(hours=5)) is None


def test_a_kz_subscription_gets_karagandy_and_kz_figures_not_kyrgyz_ones(world) -> None:
    store, clock = world
    s = store.subscriptions.add(1, None, "daily", places=["KZ"], language="en")
    clock.advance(minutes=10)
    store.entries.import_document({"version": 1, "reports": [report(1, ["KZ-KAR"], ["foreign-fighters"]),
                                                       report(2, ["KG"])],
                           "estimates": [estimate("kz-knb-2026"), estimate("kg-x-2026", place="KG")]})
    d = compose.compose_digest(store, s, clock.advance(hours=1))
    assert d is not None
    got = {(i.kind, i.record.id) for i in d.items}
    assert ("estimate", "kz-knb-2026") in got and ("estimate", "kg-x-2026") not in got
    assert any(i.kind == "report" and i.record.url.endswith("/1") for i in d.items)
    assert not any(i.kind == "report" and i.record.url.endswith("/2") for i in d.items)
    # grouped by place then topic: KZ before KZ-KAR
    assert [(g.place, g.topic) for g in d.groups] == [("KZ", "foreign-fighters"), ("KZ-KAR", "foreign-fighters")]
    text = "\n".join(render.render_digest(d, "en"))
    assert "<b>300 people</b>" in text and "National Security Committee (KNB)" in text and "Tengri News" in text
    assert "November 2026" in text and "Karagandy Region" in text and "Report 1" in text


def test_a_group_subscription_covers_its_members_and_a_country_law_reaches_a_region(world) -> None:
    store, clock = world
    region = store.subscriptions.add(1, None, "daily", places=["KZ-KAR"], language="en")
    group = store.subscriptions.add(2, None, "daily", places=["central-asia"], language="en")
    clock.advance(minutes=10)
    store.entries.import_document({"version": 1, "estimates": [estimate("tj-2026", place="TJ")],
                           "laws": [{"id": "kz-2026-law", "jurisdiction": "KZ", "title": {"en": "On countering extremism"},
                                     "signed": "2026-11-20", "status": "signed", "tags": ["extremism"]}]})
    now = clock.advance(hours=1)
    d_region = compose.compose_digest(store, region, now)
    d_group = compose.compose_digest(store, group, now)
    assert [i.record.id for i in d_region.items] == ["kz-2026-law"]
    assert {i.record.id for i in d_group.items} == {"tj-2026", "kz-2026-law"}


def test_topics_filter_and_no_topics_means_all(world) -> None:
    store, clock = world
    fighters = store.subscriptions.add(1, None, "daily", topics=["foreign-fighters"], language="en")
    everything = store.subscriptions.add(2, None, "daily", language="en")
    clock.advance(minutes=1)
    store.entries.import_document({"version": 1, "reports": [report(1, ["KZ"], ["foreign-fighters"]), report(2, ["KZ"], ["sports"]),
                                                       report(3, [])]})
    now = clock.advance(minutes=30)
    assert [i.record.title["en"] for i in compose.compose_digest(store, fighters, now).items] == ["Report 1"]
    d = compose.compose_digest(store, everything, now)
    assert sorted(i.record.title["en"] for i in d.items) == ["Report 1", "Report 2", "Report 3"]
    # a report with no place sits in a group of its own, last
    assert d.groups[-1].place is None


def test_changed_estimate_comes_again_as_revised_retracted_never(world) -> None:
    store, clock = world
    s = store.subscriptions.add(1, None, "instant", language="en")
    clock.advance(minutes=1)
    store.entries.import_document({"version": 1, "estimates": [estimate("kz-a"), estimate("kz-b", value=10)]})
    parts = ledger.prepare(store, store.subscriptions.get(s.id), clock.advance(minutes=1))
    assert len(parts) == 1
    assert ledger.mark_sent(store, parts[0], 501, clock())
    clock.advance(minutes=30)
    store.entries.import_document({"version": 1, "estimates": [estimate("kz-a", value=350), estimate("kz-b", value=10)]})
    store.entries.retract("estimate", "kz-b", "duplicate", "tg:1")
    store.entries.import_document({"version": 1, "estimates": [estimate("kz-c", value=20)]})
    store.entries.retract("estimate", "kz-c", "wrong", "tg:1")
    d = compose.compose_digest(store, store.subscriptions.get(s.id), clock.advance(minutes=1))
    assert [(i.record.id, i.record.revision, i.is_new) for i in d.items] == [("kz-a", 2, False)]
    text = render.render_digest(d, "en")[0]
    assert "<b>350 people</b>" in text and "revised figure" in text


def test_a_quick_first_digest_does_not_reach_back_before_the_subscription(world) -> None:
    """An estimate saved five minutes before someone subscribes is not news to them: a first
    digest sent two minutes after subscribing must not open the next window before then."""
    store, clock = world
    store.entries.import_document({"version": 1, "estimates": [estimate("kz-before")]})
    clock.advance(minutes=5)
    s = store.subscriptions.add(1, None, "instant", language="en")
    clock.advance(minutes=1)
    store.entries.import_document({"version": 1, "reports": [report(1, ["KZ"])]})
    parts = ledger.prepare(store, store.subscriptions.get(s.id), clock.advance(minutes=1))
    ledger.mark_sent(store, parts[0], 10, clock())
    store.entries.import_document({"version": 1, "reports": [report(2, ["KZ"])]})
    d = compose.compose_digest(store, store.subscriptions.get(s.id), clock.advance(minutes=2))
    assert [(i.kind, i.record.id if i.kind == "estimate" else i.record.url) for i in d.items] == [
        ("report", "https://news.example/2")]


def test_already_delivered_items_are_left_out_even_inside_the_lookback(world) -> None:
    store, clock = world
    s = store.subscriptions.add(1, None, "instant", language="en")
    clock.advance(minutes=1)
    store.entries.import_document({"version": 1, "reports": [report(1, ["KZ"])]})
    parts = ledger.prepare(store, store.subscriptions.get(s.id), clock.advance(minutes=1))
    # claimed but not sent yet: a compose now must not take the report again
    assert compose.compose_digest(store, store.subscriptions.get(s.id), clock.advance(minutes=1)) is None
    ledger.mark_sent(store, parts[0], 10, clock())
    store.entries.import_document({"version": 1, "reports": [report(2, ["KZ"])]})
    d = compose.compose_digest(store, store.subscriptions.get(s.id), clock.advance(minutes=2))
    assert [i.record.url for i in d.items] == ["https://news.example/2"]


def test_a_report_with_a_spotted_figure_is_flagged(world) -> None:
    store, clock = world
    s = store.subscriptions.add(1, None, "daily", language="en")
    clock.advance(minutes=1)
    store.entries.import_document({"version": 1, "reports": [report(1, ["KZ"], ["foreign-fighters"]), report(2, ["KZ"])]})
    flagged_id = store.entries.report_by_url("https://news.example/1").id
    store.candidates.add(flagged_id, {"place": "KZ", "topic": "foreign-fighters", "low": 300,
                                     "sentence": "more than 300 Kazakhstanis fight in Syria"})
    d = compose.compose_digest(store, s, clock.advance(hours=1))
    flags = {i.record.id: i.flagged for i in d.items}
    assert flags[flagged_id] is True and list(flags.values()).count(True) == 1
    text = render.render_digest(d, "en")[0]
    assert text.count("A figure was spotted in this report") == 1


def test_store_text_and_links_are_escaped(world) -> None:
    store, clock = world
    s = store.subscriptions.add(1, None, "daily", language="en")
    clock.advance(minutes=1)
    store.entries.import_document({"version": 1, "reports": [report(1, ["KZ"], title="<script>alert(1)</script> & co",
                                                            url="https://x.example/?a=1&b=<2>")]})
    text = render.render_digest(compose.compose_digest(store, s, clock.advance(hours=1)), "en")[0]
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in text
    assert 'href="https://x.example/?a=1&amp;b=&lt;2&gt;"' in text


@pytest.mark.parametrize(("lang", "words"), [
    ("ru", ["300 человек", "Оценка:", "Комитет национальной безопасности (КНБ)", "Казахстан"]),
    ("kk", ["300 адам", "Қазақстан"]),
    ("en", ["300 people", "Estimated by:", "Kazakhstan"]),
])
def test_the_digest_reads_in_the_subscribers_language(world, lang, words) -> None:
    store, clock = world
    s = store.subscriptions.add(1, None, "daily", language=lang, places=["KZ"])
    clock.advance(minutes=1)
    store.entries.import_document({"version": 1, "estimates": [estimate("kz-knb-2026")]})
    d = compose.compose_digest(store, s, clock.advance(hours=1))
    text = render.render_digest(d)[0]  # the subscription's language by default
    for word in words:
        assert word in text, (lang, word)


def test_a_long_digest_splits_between_items_under_the_limit(world) -> None:
    store, clock = world
    s = store.subscriptions.add(1, None, "daily", language="ru")
    clock.advance(minutes=1)
    reports = [report(i, ["KZ"], ["foreign-fighters"], summary={"ru": "Пример & <текст> " * 30}) for i in range(120)]
    store.entries.import_document({"version": 1, "reports": reports})
    d = compose.compose_digest(store, s, clock.advance(hours=1))
    parts = render_parts(d)
    assert len(parts) > 3
    assert all(units(p.text) <= TELEGRAM_LIMIT for p in parts)
    # every item in exactly one part, and each part's items are the reports whose links it shows
    keys = [k for p in parts for k in p.items]
    assert sorted(keys) == sorted(d.keys) and len(set(keys)) == 120
    for p in parts:
        assert p.text.count("<a href=") == len(p.items)
        assert p.text.count("<b>") == p.text.count("</b>") and p.text.count("<a ") == p.text.count("</a>")
    assert f"1 из {len(parts)}" in parts[0].text or "part 1 of" in parts[0].text
    # the group heading is repeated at the top of each part
    heading = parts[0].text.split("\n\n")[1]
    assert all(heading in p.text for p in parts)


def test_an_item_too_long_for_one_message_is_shortened_not_split(world) -> None:
    store, clock = world
    s = store.subscriptions.add(1, None, "daily", language="en")
    clock.advance(minutes=1)
    store.entries.import_document({"version": 1, "reports": [report(1, ["KZ"], url="https://x.example/" + "a" * 6000)]})
    d = compose.compose_digest(store, s, clock.advance(hours=1))
    parts = render.render_digest(d, "en")
    assert len(parts) == 1 and units(parts[0]) <= TELEGRAM_LIMIT and "Report 1" in parts[0]


def test_preview_records_nothing(world) -> None:
    store, clock = world
    s = store.subscriptions.add(1, None, "daily", language="en")
    clock.advance(minutes=1)
    store.entries.import_document({"version": 1, "reports": [report(1, ["KZ"])]})
    now = clock.advance(minutes=5)
    assert "Report 1" in ledger.preview(store, s, now)[0]
    assert ledger.pending(store) == [] and store.subscriptions.get(s.id).last_digest_at is None
    assert "Report 1" in ledger.preview(store, s, now)[0]
