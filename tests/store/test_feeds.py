"""Feeds and the review queue in the store, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.store import Store
from bot.store.candidates import CandidateError
from bot.store.feeds import FeedError
from bot.store.problems import ImportError_

T0 = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)
REPORT = {"url": "https://news.example.kz/a1", "title": {"ru": "Около 300 казахстанцев воюют в Сирии"},
          "publication": {"ru": "Новости"}, "published": "2026-11-24", "language": "ru", "places": ["KZ"]}
CAND = {"place": "KZ", "topic": "foreign-fighters", "value": 300, "unit": "people", "qualifier": "about",
        "sentence": "Около 300 казахстанцев воюют в Сирии.", "language": "ru"}


@pytest.fixture
def st(store: Store) -> Store:
    store.entries.load_starter_if_empty()
    store.db.clock = lambda: T0
    return store


def test_feeds_are_added_listed_paused_resumed_removed(st: Store) -> None:
    feed = st.feeds.add("https://example.org/rss", "Example", actor="tg:1")
    assert [f.url for f in st.feeds.all()] == ["https://example.org/rss"] and feed.status == "new"
    with pytest.raises(FeedError) as exc:
        st.feeds.add("HTTPS://EXAMPLE.ORG/rss/")
    assert exc.value.code == "exists" and exc.value.feed.id == feed.id
    with pytest.raises(FeedError) as exc:
        st.feeds.add("ftp://example.org/rss")
    assert exc.value.code == "bad_url"
    assert [f.id for f in st.feeds.due(T0)] == [feed.id]
    assert st.feeds.pause(feed.id) and st.feeds.due(T0) == [] and st.feeds.get(feed.id).status == "paused"
    assert st.feeds.resume("https://example.org/rss") and [f.id for f in st.feeds.due(T0)] == [feed.id]
    assert st.feeds.remove(feed.id) and st.feeds.all() == [] and not st.feeds.remove(feed.id)


def test_failures_back_off_doubling_to_a_day_and_show_to_curators(st: Store) -> None:
    feed = st.feeds.add("https://example.org/rss")
    waits = []
    for _ in range(9):
        f = st.feeds.record_failure(feed.id, "timeout: seconds=10", now=T0)
        waits.append(f.next_poll_at - T0)
    assert waits[:3] == [timedelta(minutes=30), timedelta(hours=1), timedelta(hours=2)]
    assert waits[-1] == timedelta(hours=24)
    shown = st.feeds.all()[0]
    assert shown.consecutive_failures == 9 and shown.last_error == "timeout: seconds=10" and shown.status == "failing"
    assert st.feeds.due(T0 + timedelta(hours=23)) == [] and st.feeds.due(T0 + timedelta(hours=24))
    st.feeds.record_ok(feed.id, etag='"e1"', now=T0)
    ok = st.feeds.get(feed.id)
    assert ok.consecutive_failures == 0 and ok.last_error is None and ok.etag == '"e1"'
    assert ok.next_poll_at == T0 + timedelta(minutes=15)


def test_a_lease_lets_one_poller_at_a_time(st: Store) -> None:
    feed = st.feeds.add("https://example.org/rss")
    assert st.feeds.claim(feed.id, "a", T0 + timedelta(minutes=10), T0)
    assert not st.feeds.claim(feed.id, "b", T0 + timedelta(minutes=10), T0)
    assert st.feeds.due(T0) == []
    assert st.feeds.claim(feed.id, "b", T0 + timedelta(minutes=30), T0 + timedelta(minutes=11))  # expired
    st.feeds.release(feed.id, "b")
    assert st.feeds.claim(feed.id, "a", T0 + timedelta(minutes=10), T0)


def test_a_feed_polled_meanwhile_is_not_claimed_from_an_old_list_of_due_feeds(st: Store) -> None:
    feed = st.feeds.add("https://example.org/rss")
    assert [f.id for f in st.feeds.due(T0)] == [feed.id]  # both processes read this list
    assert st.feeds.claim(feed.id, "a", T0 + timedelta(minutes=10), T0)
    st.feeds.record_ok(feed.id, now=T0)  # "a" polled it: next poll in 15 minutes
    st.feeds.release(feed.id, "a")
    assert not st.feeds.claim(feed.id, "b", T0 + timedelta(minutes=10), T0 + timedelta(seconds=1))
    assert st.feeds.claim(feed.id, "b", T0 + timedelta(minutes=30), T0 + timedelta(minutes=15))  # due again


def test_ingested_reports_carry_their_time_and_figure_flag(st: Store) -> None:
    feed = st.feeds.add("https://example.org/rss")
    rid = "r-" + __import__("hashlib").sha1(b"https://news.example.kz/a1").hexdigest()[:12]
    res = st.feeds.ingest([REPORT], candidates={rid: [CAND]}, feed_id=feed.id, etag='"x"')
    assert res.added == [rid] and res.candidates == 1 and st.feeds.get(feed.id).etag == '"x"'
    again = st.feeds.ingest([{**REPORT, "url": "https://news.example.kz/a1/?utm_source=tg"}], feed_id=feed.id)
    assert again.added == [] and again.duplicates == [rid]
    since = st.entries.reports_since(T0 - timedelta(minutes=1))
    new = [r for r in since if r.id == rid][0]
    assert new.ingested_at == T0 and new.has_figures
    assert rid not in [r.id for r in st.entries.reports_since(T0 + timedelta(seconds=1))]
    assert st.feeds.get(feed.id).reports_added == 1
    assert st.candidates.reports_with_figures([rid, "other"]) == {rid}


def test_accepting_creates_the_estimate_with_its_source_atomically(st: Store) -> None:
    st.feeds.ingest([REPORT])
    rid = st.entries.report_by_url(REPORT["url"]).id
    cand = st.candidates.add(rid, CAND)
    assert st.candidates.add(rid, CAND) is None  # the same figure is queued once
    assert [c.value for c in st.candidates.find()] == [300]
    with pytest.raises(ImportError_) as exc:  # a bad override names the field; nothing changes
        st.candidates.accept(cand.id, "tg:7", {"as_of": "2014-13"})
    assert exc.value.problems[0].field == "as_of" and st.candidates.get(cand.id).status == "pending"
    saved = st.candidates.accept(cand.id, "tg:7", {"estimator": {"ru": "КНБ"}})
    est = st.entries.get("estimate", saved.id)
    assert (est.place, est.topic, est.value, est.unit) == ("KZ", "foreign-fighters", 300, "people")
    assert est.source.url == REPORT["url"] and est.source.date == "2026-11-24"
    assert est.source.publication == {"ru": "Новости"} and est.estimator == {"ru": "КНБ"}
    done = st.candidates.get(cand.id)
    assert done.status == "accepted" and done.estimate_id == saved.id and done.decided_by == "tg:7"
    assert st.candidates.find() == []
    with pytest.raises(CandidateError) as exc:
        st.candidates.accept(cand.id, "tg:8")
    assert exc.value.code == "decided"


def test_an_overridden_bound_replaces_the_spotted_value(st: Store) -> None:
    st.feeds.ingest([REPORT])
    cand = st.candidates.add(st.entries.report_by_url(REPORT["url"]).id, CAND)
    saved = st.candidates.accept(cand.id, "tg:7", {"low": 250, "high": 300})
    est = st.entries.get("estimate", saved.id)
    assert (est.value, est.low, est.high) == (None, 250, 300)


def test_dismissing_takes_a_candidate_off_the_queue_and_nothing_enters_the_estimates(st: Store) -> None:
    st.feeds.ingest([REPORT])
    rid = st.entries.report_by_url(REPORT["url"]).id
    before = st.entries.counts()["estimates"]
    cand = st.candidates.add(rid, CAND)
    assert st.candidates.dismiss(cand.id, "tg:7").status == "dismissed"
    assert st.candidates.find() == [] and st.entries.counts()["estimates"] == before
    assert st.candidates.reports_with_figures([rid]) == set()
    with pytest.raises(CandidateError) as exc:
        st.candidates.dismiss(999, "tg:7")
    assert exc.value.code == "not_found"
