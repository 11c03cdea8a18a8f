"""Import validation: every kind of bad input is refused, named by entry and field, and changes nothing."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.store import ImportError_, Store
from bot.store.api import MAX_IMPORT_BYTES
from tests.support.store import base_doc


def assert_refused(store: Store, doc, entry: str, field: str, code: str | None = None) -> ImportError_:
    """Import must fail naming `entry` and `field`, and the store must be exactly as before."""
    counts, gen, exported = store.entries.counts(), store.generation(), store.entries.export_document()
    with pytest.raises(ImportError_) as info:
        store.entries.import_document(doc, actor="test")
    problems = info.value.problems
    matching = [p for p in problems if entry in p.entry and p.field == field]
    assert matching, f"no problem for {entry} / {field}: {[str(p) for p in problems]}"
    if code:
        assert matching[0].code == code, str(matching[0])
    assert field in str(matching[0]) and entry in str(matching[0])
    assert store.entries.counts() == counts and store.generation() == gen and store.entries.export_document() == exported
    return info.value


def with_estimate(**changes) -> dict:
    doc = base_doc()
    est = doc["estimates"][0]
    for key, value in changes.items():
        if value is ...:
            est.pop(key, None)
        else:
            est[key] = value
    return doc


def test_valid_document_is_imported(store: Store) -> None:
    result = store.entries.import_document(base_doc(), actor="test")
    assert (result.added, result.updated, result.unchanged) == (5, 0, 0)
    assert result.by_kind["estimates"] == {"added": 1, "updated": 0, "unchanged": 0}
    est = store.entries.get("estimate", "kz-is-fighters-2014-kisi")
    assert est.value == 250 and est.as_of == "2014-09" and est.source.date == "2014-09-16"
    assert est.estimator == {"en": "Kazakhstan Institute for Strategic Studies (KISI)"}
    assert est.source.publication == {"en": "Tengri News"}


@pytest.mark.parametrize("field", ["id", "topic", "place"])
def test_estimate_missing_required_field(store: Store, field: str) -> None:
    doc = with_estimate(**{field: ...})
    assert_refused(store, doc, "estimates[1]", field, "missing")


def test_estimate_without_a_figure(store: Store) -> None:
    err = assert_refused(store, with_estimate(value=...), "estimates[1] (id kz-is-fighters-2014-kisi)", "value", "missing")
    assert "figure" in str(err)


@pytest.mark.parametrize("field", ["id", "jurisdiction", "title"])
def test_law_missing_required_field(store: Store, field: str) -> None:
    doc = base_doc()
    del doc["laws"][0][field]
    assert_refused(store, doc, "laws[1]", field, "missing")


def test_report_missing_url(store: Store) -> None:
    doc = base_doc()
    del doc["reports"][0]["url"]
    assert_refused(store, doc, "reports[1]", "url", "missing")


def test_unknown_place_is_refused_with_a_hint(store: Store) -> None:
    err = assert_refused(store, with_estimate(place="kz"), "estimates[1] (id kz-is-fighters-2014-kisi)", "place",
                         "unknown_place")
    assert "did you mean KZ" in str(err)
    assert_refused(store, with_estimate(place="XX-NOWHERE"), "estimates[1]", "place", "unknown_place")


def test_place_from_the_same_file_or_the_store_is_known(store: Store) -> None:
    doc = with_estimate(place="central-asia")
    store.entries.import_document(doc)
    # now in the store: a later file may name it without listing it
    later = {"version": 1, "estimates": [dict(doc["estimates"][0], id="ca-2", value=1400)]}
    assert store.entries.import_document(later).added == 1
    assert store.entries.get("estimate", "ca-2").place == "central-asia"


def test_unknown_topic(store: Store) -> None:
    assert_refused(store, with_estimate(topic="fighters"), "estimates[1]", "topic", "unknown_topic")


@pytest.mark.parametrize("bad", ["2014-13", "2014-02-30", "Sept 2014", "14-09", "2014-9", "", "2014-09-16T10:00"])
def test_a_date_that_is_not_a_date(store: Store, bad: str) -> None:
    if bad == "":
        doc = with_estimate(as_of="")  # empty means absent: that is allowed
        store.entries.import_document(doc)
        assert store.entries.get("estimate", "kz-is-fighters-2014-kisi").as_of is None
        return
    err = assert_refused(store, with_estimate(as_of=bad), "estimates[1]", "as_of", "bad_date")
    assert "YYYY-MM-DD" in str(err)


def test_bad_date_in_nested_source_and_law(store: Store) -> None:
    doc = base_doc()
    doc["estimates"][0]["source"]["date"] = "2014-00"
    doc["laws"][0]["signed"] = "2014-11-31"
    err = assert_refused(store, doc, "estimates[1]", "source.date", "bad_date")
    assert any(p.entry.startswith("laws[1]") and p.field == "signed" for p in err.problems)


def test_dates_in_yaml_stay_strings_and_years_are_accepted(store: Store) -> None:
    text = """version: 1
topics: [{key: t, label: {en: t}}]
estimates:
  - {id: a, topic: t, place: KZ, value: 1, as_of: 2014-09-16, source: {date: 2014}}
  - {id: b, topic: t, place: KZ, value: 2, as_of: 2014-09}
  - {id: c, topic: t, place: KZ, value: 3, as_of: 2014}
"""
    store.entries.import_document(text)
    assert store.entries.get("estimate", "a").as_of == "2014-09-16"
    assert store.entries.get("estimate", "a").source.date == "2014"
    assert store.entries.get("estimate", "b").as_of == "2014-09"
    assert store.entries.get("estimate", "c").as_of == "2014"


def test_low_above_high(store: Store) -> None:
    err = assert_refused(store, with_estimate(value=..., low=500, high=80), "estimates[1]", "low", "low_above_high")
    assert "500" in str(err) and "80" in str(err)


@pytest.mark.parametrize("field", ["value", "low", "high"])
def test_negative_count(store: Store, field: str) -> None:
    doc = with_estimate(**{"value": ..., field: -5})
    assert_refused(store, doc, "estimates[1]", field, "negative")


def test_value_together_with_bounds(store: Store) -> None:
    assert_refused(store, with_estimate(low=200), "estimates[1]", "value", "value_with_bounds")


def test_bounds_and_ranges_are_kept(store: Store) -> None:
    doc = base_doc()
    doc["estimates"] = [
        dict(doc["estimates"][0], id="more-than", value=None, low=500),
        dict(doc["estimates"][0], id="up-to", value=None, high=80, unit="percent"),
        dict(doc["estimates"][0], id="range", value=None, low=19, high=43, unit="years"),
    ]
    store.entries.import_document(doc)
    assert (store.entries.get("estimate", "more-than").low, store.entries.get("estimate", "more-than").high) == (500, None)
    assert store.entries.get("estimate", "up-to").high == 80 and store.entries.get("estimate", "up-to").unit == "percent"
    r = store.entries.get("estimate", "range")
    assert (r.value, r.low, r.high) == (None, 19, 43)


@pytest.mark.parametrize("where,key", [
    ("top", "extra"), ("estimate", "valeu"), ("source", "pages"), ("place", "parent"), ("law", "signed_on"),
])
def test_unknown_keys_anywhere(store: Store, where: str, key: str) -> None:
    doc = base_doc()
    if where == "top":
        doc[key] = 1
        assert_refused(store, doc, "file", key, "unknown_key")
    elif where == "estimate":
        doc["estimates"][0][key] = 1
        assert_refused(store, doc, "estimates[1]", key, "unknown_key")
    elif where == "source":
        doc["estimates"][0]["source"][key] = 1
        assert_refused(store, doc, "estimates[1]", f"source.{key}", "unknown_key")
    elif where == "place":
        doc["places"][0][key] = "KZ"
        assert_refused(store, doc, "places[1] (code central-asia)", key, "unknown_key")
    else:
        doc["laws"][0][key] = "2014-11-03"
        assert_refused(store, doc, "laws[1]", key, "unknown_key")


def test_unknown_language_in_a_text_mapping(store: Store) -> None:
    doc = base_doc()
    doc["estimates"][0]["estimator"] = {"en": "KISI", "de": "KISI"}
    assert_refused(store, doc, "estimates[1]", "estimator.de", "unknown_language")
    doc = base_doc()
    doc["topics"][0]["synonyms"] = {"fr": ["combattants"]}
    assert_refused(store, doc, "topics[1] (key foreign-fighters)", "synonyms.fr", "unknown_language")


def test_wrong_types(store: Store) -> None:
    err = assert_refused(store, with_estimate(value="250"), "estimates[1]", "value", "wrong_type")
    assert "number" in str(err)
    assert_refused(store, with_estimate(value=True), "estimates[1]", "value", "wrong_type")
    assert_refused(store, with_estimate(estimator=["KISI", "KNB"]), "estimates[1]", "estimator", "wrong_type")
    assert_refused(store, with_estimate(tags="islamic-state"), "estimates[1]", "tags", "wrong_type")
    assert_refused(store, with_estimate(source="Tengri News"), "estimates[1]", "source", "wrong_type")
    doc = base_doc()
    doc["estimates"] = {"id": "x"}
    assert_refused(store, doc, "file", "estimates", "wrong_type")
    doc = base_doc()
    doc["estimates"].append("not an entry")
    assert_refused(store, doc, "estimates[2]", "", "wrong_type")


def test_duplicate_ids_in_one_file(store: Store) -> None:
    doc = base_doc()
    doc["estimates"].append(copy.deepcopy(doc["estimates"][0]))
    err = assert_refused(store, doc, "estimates[2] (id kz-is-fighters-2014-kisi)", "id", "duplicate_id")
    assert "estimates[1]" in str(err)


def test_duplicate_report_by_derived_id(store: Store) -> None:
    doc = base_doc()
    # the same article twice, once with tracking parameters: one canonical url, one id
    doc["reports"].append({"url": "HTTPS://Jamestown.org/program/our-people?utm_source=x#top"})
    assert_refused(store, doc, "reports[2]", "id", "duplicate_id")


def test_law_status_and_report_language(store: Store) -> None:
    doc = base_doc()
    doc["laws"][0]["status"] = "passed"
    err = assert_refused(store, doc, "laws[1]", "status", "bad_status")
    assert "in-force" in str(err)
    doc = base_doc()
    doc["reports"][0]["language"] = "de"
    assert_refused(store, doc, "reports[1]", "language", "bad_language")


def test_places_within_and_includes_must_be_known(store: Store) -> None:
    doc = base_doc()
    doc["places"][0]["includes"] = ["KZ", "Kyrgyzstan"]
    assert_refused(store, doc, "places[1]", "includes[2]", "unknown_place")
    doc = base_doc()
    doc["places"].append({"code": "KZ-KAR", "name": {"en": "Karagandy Region"}, "within": "KAZ"})
    assert_refused(store, doc, "places[2] (code KZ-KAR)", "within", "unknown_place")


def test_version_is_required_and_must_be_1(store: Store) -> None:
    doc = base_doc()
    del doc["version"]
    assert_refused(store, doc, "file", "version", "missing")
    doc["version"] = 2
    assert_refused(store, doc, "file", "version", "bad_version")
    doc["version"] = "1"
    assert_refused(store, doc, "file", "version", "bad_version")


def test_top_level_must_be_a_mapping(store: Store) -> None:
    assert_refused(store, "- version: 1\n", "file", "", "wrong_type")
    assert_refused(store, b"just words", "file", "", "wrong_type")


def test_every_problem_is_reported_at_once(store: Store) -> None:
    doc = base_doc()
    doc["estimates"][0].update(as_of="2014-13", value=-1, topic="nope")
    doc["laws"][0]["status"] = "maybe"
    with pytest.raises(ImportError_) as info:
        store.entries.import_document(doc)
    codes = sorted(p.code for p in info.value.problems)
    assert codes == ["bad_date", "bad_status", "negative", "unknown_topic"]
    assert all(p.params["entry"] == p.entry for p in info.value.problems)


def test_one_bad_entry_among_fifty_good_writes_nothing(store: Store) -> None:
    doc = base_doc()
    good = doc["estimates"][0]
    doc["estimates"] = [dict(good, id=f"e-{i:02d}", value=i) for i in range(50)]
    doc["estimates"].insert(37, dict(good, id="bad", as_of="2014-02-30"))
    assert_refused(store, doc, "estimates[38] (id bad)", "as_of", "bad_date")
    assert store.entries.counts() == {"estimates": 0, "laws": 0, "reports": 0, "places": 0, "topics": 0}
    assert store.entries.is_empty()


def test_refused_file_leaves_a_full_store_unchanged(store: Store) -> None:
    store.entries.import_document(base_doc())
    doc = base_doc()
    doc["estimates"][0]["value"] = 300  # would be an update...
    doc["laws"][0]["jurisdiction"] = "Kazakhstan"  # ...but this is invalid
    assert_refused(store, doc, "laws[1]", "jurisdiction", "unknown_place")
    assert store.entries.get("estimate", "kz-is-fighters-2014-kisi").value == 250
    assert len(store.entries.history("estimate", "kz-is-fighters-2014-kisi")) == 1


def test_yaml_bomb_is_refused(store: Store) -> None:
    bomb = "version: 1\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9))
    err = assert_refused(store, bomb.encode(), "file", "", "yaml_alias")
    assert "alias" in str(err)


def test_deep_nesting_is_refused(store: Store) -> None:
    assert_refused(store, "version: 1\nx: " + "[" * 5000 + "]" * 5000, "file", "")


def test_file_over_the_size_limit(store: Store) -> None:
    filler = "# " + "x" * 1000 + "\n"
    data = ("version: 1\n" + filler * (6 * 1024)).encode()
    assert len(data) > MAX_IMPORT_BYTES
    err = assert_refused(store, data, "file", "", "too_large")
    assert "5 MiB" in str(err)


def test_non_utf8_bytes(store: Store) -> None:
    data = "version: 1\ntopics: [{key: t, label: {ru: боевики}}]\n".encode("cp1251")
    err = assert_refused(store, data, "file", "", "not_utf8")
    assert "UTF-8" in str(err)


def test_yaml_syntax_error_names_the_line(store: Store) -> None:
    err = assert_refused(store, "version: 1\nestimates:\n  - {id: a, place: [KZ\n", "file", "", "yaml_syntax")
    assert "line" in str(err)


def test_json_input(store: Store) -> None:
    text = json.dumps(base_doc(), ensure_ascii=False, indent="\t")  # tabs: valid JSON, awkward YAML
    assert store.entries.import_document(text.encode()).added == 5
    assert store.entries.get("law", "kz-2014-11-03-extremism").signed == "2014-11-03"


def test_html_in_a_title_is_stored_verbatim(store: Store) -> None:
    doc = base_doc()
    doc["laws"][0]["title"] = {"en": "<b>On extremism</b> & <script>alert(1)</script>"}
    store.entries.import_document(doc)
    assert store.entries.get("law", "kz-2014-11-03-extremism").title["en"] == "<b>On extremism</b> & <script>alert(1)</script>"


def test_plain_strings_get_their_language_from_their_letters(store: Store) -> None:
    doc = base_doc()
    doc["estimates"][0]["estimator"] = "Қазақстан стратегиялық зерттеулер институты"
    doc["estimates"][0]["note"] = "Официальные данные меньше"
    doc["laws"][0]["summary"] = "Bans entry"
    store.entries.import_document(doc)
    est = store.entries.get("estimate", "kz-is-fighters-2014-kisi")
    assert est.estimator == {"kk": "Қазақстан стратегиялық зерттеулер институты"}
    assert est.note == {"ru": "Официальные данные меньше"}
    assert store.entries.get("law", "kz-2014-11-03-extremism").summary == {"en": "Bans entry"}


def test_report_id_derived_from_canonical_url(store: Store) -> None:
    from bot.store.validate import canonical_url, report_id_for

    assert canonical_url("HTTPS://Example.COM/a/b/?utm_source=tg&x=1#frag") == "https://example.com/a/b?x=1"
    store.entries.import_document(base_doc())
    rid = report_id_for("https://jamestown.org/program/our-people/")
    assert rid.startswith("r-") and len(rid) == 14
    report = store.entries.get("report", rid)
    assert report.title == {"en": "Our People in an Alien War"} and report.places == ("KZ", "KG")
    assert store.entries.report_by_url("https://JAMESTOWN.org/program/our-people?utm_medium=x").id == rid


def test_dry_run_counts_and_changes_nothing(store: Store) -> None:
    result = store.entries.import_document(base_doc(), dry_run=True)
    assert result.added == 5
    assert store.entries.is_empty() and store.generation() == 0


def test_nul_in_text_is_refused_and_python_dates_are_accepted(store: Store) -> None:
    import datetime

    doc = base_doc()
    doc["laws"][0]["title"] = {"en": "On\x00extremism"}
    assert_refused(store, doc, "laws[1]", "title.en", "bad_char")
    doc = with_estimate(as_of=datetime.date(2014, 9, 16))  # a dict from a YAML 1.1 reader
    store.entries.import_document(doc)
    assert store.entries.get("estimate", "kz-is-fighters-2014-kisi").as_of == "2014-09-16"


# --- fuzzing: whatever a file holds, the import either succeeds or names its problems -------

_scalar = st.one_of(st.none(), st.booleans(), st.integers(-10, 10**6), st.floats(allow_nan=True),
                    st.text(max_size=12), st.sampled_from(["KZ", "kz", "2014-09", "2014-13", "en", "foreign-fighters"]))
_value = st.recursive(_scalar, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(
        ["id", "topic", "place", "value", "low", "high", "as_of", "en", "ru", "xx", "source", "date", "title"]),
        inner, max_size=4)), max_leaves=8)
_entry = st.dictionaries(st.sampled_from(["id", "topic", "place", "value", "low", "high", "as_of", "estimator",
                                          "source", "tags", "url", "jurisdiction", "status", "code", "key",
                                          "name", "includes", "bogus"]), _value, max_size=6)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(section=st.sampled_from(["places", "topics", "estimates", "laws", "reports"]),
       entries=st.lists(_entry, max_size=3))
def test_fuzzed_entries_never_crash_the_import(store: Store, section: str, entries: list) -> None:
    doc = base_doc()
    doc[section] = doc[section] + entries
    before = (store.entries.counts(), store.generation())
    try:
        store.entries.import_document(doc)
    except ImportError_ as exc:
        assert exc.problems and all(p.entry and p.message and p.code for p in exc.problems)
        assert (store.entries.counts(), store.generation()) == before
