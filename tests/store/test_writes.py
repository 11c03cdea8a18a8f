"""Upserts, revisions, retraction and the generation counter, on SQLite and PostgreSQL."""

from __future__ import annotations

import copy

import pytest

from bot.store import Store
from tests.support.store import base_doc

EST = "kz-is-fighters-2014-kisi"


def test_importing_the_same_file_twice_changes_nothing(store: Store) -> None:
    first = store.entries.import_document(base_doc(), actor="import:a.yaml")
    gen = store.generation()
    again = store.entries.import_document(base_doc(), actor="import:a.yaml")
    assert (first.added, again.added, again.updated, again.unchanged) == (5, 0, 0, 5)
    assert again.by_kind["laws"] == {"added": 0, "updated": 0, "unchanged": 1}
    assert store.generation() == gen
    assert [h.revision for h in store.entries.history("estimate", EST)] == [1]


def test_a_changed_entry_becomes_a_new_revision_and_the_old_one_stays(store: Store) -> None:
    store.entries.import_document(base_doc(), actor="import:v1.yaml")
    doc = base_doc()
    doc["estimates"][0]["value"] = 300
    doc["estimates"][0]["source"]["date"] = "2014-09-22"
    gen = store.generation()
    result = store.entries.import_document(doc, actor="import:v2.yaml")
    assert (result.added, result.updated, result.unchanged) == (0, 1, 4)
    assert store.generation() > gen
    est = store.entries.get("estimate", EST)
    assert est.value == 300 and est.revision == 2 and est.source.date == "2014-09-22"
    history = store.entries.history("estimate", EST)
    assert [(h.revision, h.action, h.data["value"], h.changed_by) for h in history] == [
        (1, "create", 250, "import:v1.yaml"), (2, "update", 300, "import:v2.yaml")]
    assert history[0].data["source"]["date"] == "2014-09-16"
    assert history[0].changed_at.endswith("Z")


def test_a_file_with_some_new_some_changed_some_same(store: Store) -> None:
    store.entries.import_document(base_doc())
    doc = base_doc()
    doc["laws"][0]["status"] = "in-force"
    doc["estimates"].append(dict(copy.deepcopy(doc["estimates"][0]), id="kg-is-fighters-2014-kisi", place="KG",
                                 value=100))
    result = store.entries.import_document(doc)
    assert (result.added, result.updated, result.unchanged) == (1, 1, 4)
    assert store.entries.get("law", "kz-2014-11-03-extremism").status == "in-force"
    assert [e.value for e in store.entries.estimates(places=["KG"])] == [100]


def test_retract_hides_an_entry_and_restore_brings_it_back(store: Store) -> None:
    store.entries.import_document(base_doc())
    gen = store.generation()
    assert store.entries.estimates(places=["KZ"], topics=["foreign-fighters"])[0].value == 250  # cache warmed
    record = store.entries.retract("estimate", EST, reason="figure disputed by KNB", actor="tg:42")
    assert record.retracted and store.generation() > gen
    assert store.entries.estimates(places=["KZ"]) == []  # the cached read sees the change at once
    assert store.entries.get("estimate", EST) is None
    assert store.entries.get("estimate", EST, include_retracted=True).retracted
    assert [e.id for e in store.entries.estimates(include_retracted=True)] == [EST]
    assert store.entries.counts()["estimates"] == 0
    assert store.entries.export_document()["estimates"] == []
    assert not store.entries.is_empty()  # a retracted entry still counts: starter data must not come back
    assert store.entries.load_starter_if_empty() is None

    store.entries.restore("estimate", EST, actor="tg:7")
    assert store.entries.get("estimate", EST).value == 250
    history = store.entries.history("estimate", EST)
    assert [(h.action, h.changed_by, h.reason) for h in history] == [
        ("create", "cli", None), ("retract", "tg:42", "figure disputed by KNB"), ("restore", "tg:7", None)]
    assert store.entries.get("estimate", EST).revision == 3


def test_retracting_twice_adds_no_revision_and_unknown_ids_fail(store: Store) -> None:
    store.entries.import_document(base_doc())
    store.entries.retract("laws", "kz-2014-11-03-extremism", "duplicate", "tg:1")
    gen = store.generation()
    store.entries.retract("law", "kz-2014-11-03-extremism", "duplicate", "tg:1")
    assert store.generation() == gen and len(store.entries.history("law", "kz-2014-11-03-extremism")) == 2
    with pytest.raises(KeyError):
        store.entries.retract("estimate", "no-such-id", "x", "tg:1")
    with pytest.raises(ValueError):
        store.entries.get("figure", EST)


def test_import_does_not_bring_back_a_retracted_entry(store: Store) -> None:
    store.entries.import_document(base_doc())
    store.entries.retract("estimate", EST, "wrong", "tg:1")
    result = store.entries.import_document(base_doc())
    assert result.kept_retracted == [f"estimate:{EST}"] and result.unchanged == 5
    assert store.entries.get("estimate", EST) is None


def test_reads_filter_and_order(store: Store) -> None:
    doc = base_doc()
    e = doc["estimates"][0]
    doc["estimates"] = [
        dict(e, id="kz-2013", as_of="2013"), dict(e, id="kz-2015", as_of="2015-01"),
        dict(e, id="uz-2014", place="UZ", value=None, low=500),
        dict(e, id="kz-none", as_of=None),
    ]
    doc["topics"].append({"key": "arrests", "label": {"en": "arrests"}})
    doc["estimates"].append(dict(e, id="kz-arrests", topic="arrests", value=10))
    store.entries.import_document(doc)
    assert [x.id for x in store.entries.estimates(places=["KZ"], topics=["foreign-fighters"])] == [
        "kz-2015", "kz-2013", "kz-none"]
    assert [x.id for x in store.entries.estimates(topics=["arrests"])] == ["kz-arrests"]
    assert {x.id for x in store.entries.estimates(places=["KZ", "UZ"])} == {"kz-2013", "kz-2015", "uz-2014", "kz-none",
                                                                    "kz-arrests"}
    assert store.entries.estimates(places=["TJ"]) == []
    assert [law.id for law in store.entries.laws(jurisdictions=["KZ"])] == ["kz-2014-11-03-extremism"]
    assert store.entries.laws(jurisdictions=["UZ"]) == []
    assert [p.code for p in store.entries.places()] == ["central-asia"]
    assert store.entries.places()[0].includes == ("KZ", "KG", "TJ", "TM", "UZ")
    assert store.entries.topics()[1].synonyms["ru"] == ["боевики"]
    assert store.entries.counts() == {"estimates": 5, "laws": 1, "reports": 1, "places": 1, "topics": 2}


def test_reports_newest_first_since_and_limit(store: Store) -> None:
    doc = {"version": 1, "reports": [
        {"url": f"https://example.org/{i}", "published": f"2014-11-{i:02d}", "language": "en"} for i in range(1, 6)]}
    store.entries.import_document(doc)
    assert [r.published for r in store.entries.reports(limit=2)] == ["2014-11-05", "2014-11-04"]
    assert [r.published for r in store.entries.reports(since="2014-11-04")] == ["2014-11-05", "2014-11-04"]


def test_a_change_by_another_process_is_seen_at_once(store: Store) -> None:
    store.entries.import_document(base_doc())
    other = Store(store.db.engine)  # another Store object, same database: its own cache
    assert other.entries.get("estimate", EST).value == 250
    assert other.entries.estimates(places=["KZ"])[0].value == 250
    doc = base_doc()
    doc["estimates"][0]["value"] = 260
    store.entries.import_document(doc)
    assert other.entries.estimates(places=["KZ"])[0].value == 260


def test_starter_is_loaded_only_into_an_empty_store(store: Store) -> None:
    result = store.entries.load_starter_if_empty()
    assert result is not None and result.by_kind["estimates"]["added"] >= 9
    kz = store.entries.get("estimate", "kz-is-fighters-2014-kisi")
    assert kz.value == 250 and kz.as_of == "2014-09" and "KISI" in kz.estimator["en"]
    assert store.entries.load_starter_if_empty() is None


def test_starter_store_fixture(starter_store: Store) -> None:
    assert starter_store.entries.counts()["laws"] == 1
    law = starter_store.entries.laws(jurisdictions=["KZ"])[0]
    assert law.signed == "2014-11-03" and len(law.provisions) == 4


def test_place_name_falls_back_to_cldr_for_an_iso_country(store: Store) -> None:
    store.entries.import_document({"version": 1, "places": [{"code": "KZ", "aliases": {"ru": ["Казахстан", "РК"]}}]})
    kz = store.entries.places()[0]
    assert kz.name["ru"] == "Казахстан" and kz.aliases == {"ru": ["Казахстан", "РК"]}


def test_two_imports_at_once_are_serialised(store: Store) -> None:
    import threading

    results, errors = [], []
    barrier = threading.Barrier(2)

    def run() -> None:
        barrier.wait()
        try:
            results.append(store.entries.import_document(base_doc(), actor="thread"))
        except Exception as exc:  # noqa: BLE001 - the assertion below shows it
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    assert sorted((r.added, r.unchanged) for r in results) == [(0, 5), (5, 0)]
    assert [h.revision for h in store.entries.history("estimate", EST)] == [1]
    assert store.entries.counts()["estimates"] == 1
