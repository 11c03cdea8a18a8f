"""Single-entry writes from chat: same rules as import, atomic, a revision per change, history."""

from __future__ import annotations

import pytest

from bot.curation.duplicates import likely_duplicates
from bot.curation.history import FieldChange, changes
from bot.curation.problem_text import describe
from bot.store import ImportError_, Store
from bot.store.entries import Entries

EST = "kz-is-fighters-2014-kisi"


def _doc() -> dict:
    return {
        "version": 1,
        "topics": [{"key": "foreign-fighters", "label": {"en": "nationals fighting for the Islamic State",
                                                         "ru": "граждане, воюющие за ИГ"}}],
        "estimates": [{
            "id": EST, "topic": "foreign-fighters", "place": "KZ", "value": 250, "unit": "people",
            "as_of": "2014-09", "estimator": {"en": "Kazakhstan Institute for Strategic Studies (KISI)",
                                              "ru": "Казахстанский институт стратегических исследований (КИСИ)"},
            "source": {"publication": "Tengri News", "date": "2014-09-16"},
        }],
        "laws": [{"id": "kz-2014-11-03-extremism", "jurisdiction": "KZ",
                  "title": {"en": "On countering extremism"}, "signed": "2014-11-03", "status": "signed"}],
    }


def _new(**over) -> dict:
    data = {"id": "kz-ff-2015-knb", "topic": "foreign-fighters", "place": "KZ", "low": 300, "unit": "people",
            "as_of": "2015", "estimator": {"en": "KNB"}, "source": {"publication": {"en": "Azattyq"}}}
    data.update(over)
    return data


def _snapshot(store: Store) -> tuple:
    return store.generation(), store.entries.export_document(), len(store.entries.history("estimate", EST))


@pytest.fixture
def filled(store: Store) -> Store:
    store.entries.import_document(_doc())
    return store


def test_validate_entry_uses_the_import_rules_and_names_the_field(filled: Store) -> None:
    assert filled.entries.validate("estimate", _new()) == []
    problems = filled.entries.validate("estimate", _new(as_of="2014-13", place="XX", low=500, high=80, colour="red"))
    found = {(p.entry, p.field, p.code) for p in problems}
    assert ("", "as_of", "bad_date") in found and ("", "place", "unknown_place") in found
    assert ("", "low", "low_above_high") in found and ("", "colour", "unknown_key") in found
    bad = next(p for p in problems if p.code == "bad_date")
    assert describe(bad, "en") == "'as_of': 2014-13 is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)."
    assert [p.code for p in filled.entries.validate("estimate", _new(low=-5))] == ["negative"]
    assert [p.field for p in filled.entries.validate("estimate", _new(value=5))] == ["value"]  # value with low


def test_save_entry_adds_then_updates_with_revisions(filled: Store) -> None:
    gen = filled.generation()
    first = filled.entries.save("estimate", _new(), actor="tg:5")
    assert (first.action, first.revision, first.record.low) == ("create", 1, 300)
    assert filled.generation() > gen
    assert [e.id for e in filled.entries.estimates(places=["KZ"], topics=["foreign-fighters"])] == ["kz-ff-2015-knb", EST]
    same = filled.entries.save("estimate", _new(), actor="tg:5")
    assert same.action == "unchanged" and not same.changed and len(filled.entries.history("estimate", "kz-ff-2015-knb")) == 1
    second = filled.entries.save("estimate", _new(low=350), actor="tg:6")
    assert (second.action, second.revision) == ("update", 2)
    history = filled.entries.history("estimate", "kz-ff-2015-knb")
    assert [(h.action, h.changed_by, h.data.get("low")) for h in history] == [("create", "tg:5", 300),
                                                                               ("update", "tg:6", 350)]
    assert changes(history[0].data, history[1].data) == [FieldChange("low", 300, 350)]


def test_save_entry_modes_and_refusals_change_nothing(filled: Store) -> None:
    before = _snapshot(filled)
    with pytest.raises(ImportError_) as err:
        filled.entries.save("estimate", {**_new(), "id": EST}, actor="tg:5", mode="add")
    assert [(p.field, p.code) for p in err.value.problems] == [("id", "exists")]
    assert "already exists" in describe(err.value.problems[0], "en")
    with pytest.raises(KeyError):
        filled.entries.save("estimate", _new(), actor="tg:5", mode="update")
    with pytest.raises(ImportError_) as err:
        filled.entries.save("estimate", _new(topic="nope", as_of="someday"), actor="tg:5")
    assert {p.field for p in err.value.problems} == {"topic", "as_of"}
    assert _snapshot(filled) == before
    assert filled.entries.get("estimate", "kz-ff-2015-knb") is None


@pytest.mark.parametrize(("typed", "figure"), [
    ("260", (260, None, None)), (">500", (None, 500, None)), ("more than 500", (None, 500, None)),
    ("более 500", (None, 500, None)), ("500-ден астам", (None, 500, None)), ("up to 80", (None, None, 80)),
    ("до 80", (None, None, 80)), ("80-100", (None, 80, 100)), ("80–100", (None, 80, 100)),
])
def test_update_field_converts_a_typed_figure(filled: Store, typed: str, figure: tuple) -> None:
    result = filled.entries.update_field("estimate", EST, "value", typed, actor="tg:5")
    e = filled.entries.get("estimate", EST)
    assert (e.value, e.low, e.high) == figure and result.action == "update" and e.revision == 2
    assert filled.entries.estimates(places=["KZ"])[0].value == figure[0]  # no stale cache


def test_update_field_dotted_paths_and_dates(filled: Store) -> None:
    filled.entries.update_field("estimate", EST, "source.date", "2014-9-17", actor="tg:5")
    filled.entries.update_field("estimate", EST, "estimator.kk", "Қазақстан стратегиялық зерттеулер институты", actor="tg:5")
    filled.entries.update_field("estimate", EST, "low", "200", actor="tg:5")  # a bound replaces the exact value
    filled.entries.update_field("law", "kz-2014-11-03-extremism", "title.kk", "Экстремизмге қарсы іс-қимыл туралы", "tg:5")
    filled.entries.update_field("law", "kz-2014-11-03-extremism", "provisions", "Ban on propaganda\nLonger sentences", "tg:5")
    e = filled.entries.get("estimate", EST)
    assert e.source.date == "2014-09-17" and e.estimator["kk"].startswith("Қазақстан")
    assert e.estimator["en"].startswith("Kazakhstan")  # the other languages stay
    assert (e.value, e.low) == (None, 200)
    law = filled.entries.get("law", "kz-2014-11-03-extremism")
    assert law.title == {"en": "On countering extremism", "kk": "Экстремизмге қарсы іс-қимыл туралы"}
    assert [p["en"] for p in law.provisions] == ["Ban on propaganda", "Longer sentences"]
    last = filled.entries.history("estimate", EST)
    assert changes(last[-2].data, last[-1].data) == [FieldChange("value", 250, None), FieldChange("low", None, 200)]


@pytest.mark.parametrize(("field", "typed", "code"), [
    ("as_of", "2014-13", "bad_date"), ("value", "-5", "negative"), ("value", "100-80", "low_above_high"),
    ("value", "lots", "bad_figure"), ("place", "Narnia", "unknown_place"), ("high", "100", "low_above_high"),
    ("id", "other-id", "read_only"), ("topic", "", "missing"), ("colour", "red", "unknown_key"),
    ("status", "maybe", "unknown_key"),
])
def test_a_bad_correction_names_the_field_and_changes_nothing(filled: Store, field: str, typed: str,
                                                              code: str) -> None:
    if field == "high":
        filled.entries.update_field("estimate", EST, "value", ">150", actor="tg:5")
    before = _snapshot(filled)
    with pytest.raises(ImportError_) as err:
        filled.entries.update_field("estimate", EST, field, typed, actor="tg:5")
    assert code in [p.code for p in err.value.problems]
    assert all(p.entry == "" for p in err.value.problems)
    assert _snapshot(filled) == before


def test_update_field_on_a_missing_entry(filled: Store) -> None:
    with pytest.raises(KeyError):
        filled.entries.update_field("estimate", "no-such", "value", "5", "tg:5")


def test_retract_needs_a_reason_and_history_shows_who_when_why(filled: Store) -> None:
    before = _snapshot(filled)
    for reason in (None, "", "   "):
        with pytest.raises(ImportError_) as err:
            filled.entries.retract("estimate", EST, reason, "tg:5")
        assert [(p.field, p.code) for p in err.value.problems] == [("reason", "missing")]
    assert _snapshot(filled) == before
    filled.entries.retract("estimate", EST, "KISI withdrew the figure", "tg:5")
    assert filled.entries.estimates(places=["KZ"]) == []  # a retracted figure never appears
    filled.entries.restore("estimate", EST, "tg:6")
    history = filled.entries.history("estimate", EST)
    assert [(h.action, h.changed_by, h.reason) for h in history] == [
        ("create", "cli", None), ("retract", "tg:5", "KISI withdrew the figure"), ("restore", "tg:6", None)]
    assert all(h.changed_at.endswith("Z") for h in history)


def test_likely_duplicates_compare_the_estimator_in_any_language(filled: Store) -> None:
    same = _new(id="new-one", value=260, as_of="2014-09", estimator={"ru": "КИСИ"})
    same.pop("low")
    assert [e.id for e in likely_duplicates(filled, same)] == [EST]
    assert [e.id for e in likely_duplicates(filled, {**same, "estimator": {"en": "kisi"}})] == [EST]
    assert likely_duplicates(filled, {**same, "as_of": "2014-10"}) == []
    assert likely_duplicates(filled, {**same, "estimator": {"en": "KNB"}}) == []
    assert likely_duplicates(filled, {**same, "id": EST}) == []  # the entry itself is no duplicate
    filled.entries.retract("estimate", EST, "gone", "tg:1")
    assert likely_duplicates(filled, same) == []


def test_history_changes_of_a_new_entry_list_every_field() -> None:
    assert changes(None, {"id": "x", "value": 1}) == [FieldChange("id", None, "x"), FieldChange("value", None, 1)]
    assert changes({"provisions": [{"en": "a"}]}, {"provisions": [{"en": "a", "ru": "б"}, {"en": "c"}]}) == [
        FieldChange("provisions[1].ru", None, "б"), FieldChange("provisions[2]", None, {"en": "c"})]


def test_a_failure_after_the_row_is_written_leaves_nothing_behind(filled: Store, monkeypatch) -> None:
    before = _snapshot(filled)
    original = Entries.upsert_in

    def upsert_then_fail(self, *args, **kwargs):  # noqa: ANN001
        original(self, *args, **kwargs)  # the row and its revision are written...
        raise RuntimeError("disk full")  # ...and then something breaks

    monkeypatch.setattr(Entries, "upsert_in", upsert_then_fail)
    with pytest.raises(RuntimeError):
        filled.entries.save("estimate", _new(), actor="tg:5")
    with pytest.raises(RuntimeError):
        filled.entries.update_field("estimate", EST, "value", "300", actor="tg:5")
    monkeypatch.undo()
    assert _snapshot(filled) == before
    assert filled.entries.get("estimate", "kz-ff-2015-knb", include_retracted=True) is None
    assert filled.entries.get("estimate", EST).value == 250
