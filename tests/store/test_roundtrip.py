"""Export -> import into an empty store -> export gives the identical document (and YAML text)."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.store import Store, yamlio
from tests.support.store import BACKENDS, make_store


def _round_trip(first: Store, second: Store) -> None:
    exported = first.entries.export_document()
    text = first.entries.export_yaml()
    assert yamlio.load(text) == exported  # the YAML says exactly what the document says
    second.entries.import_document(text.encode("utf-8"), actor="roundtrip")
    assert second.entries.export_document() == exported
    assert second.entries.export_yaml() == text


def test_starter_data_round_trip(starter_store: Store, store: Store) -> None:
    _round_trip(starter_store, store)
    assert store.entries.counts() == starter_store.entries.counts()
    # and importing the export back into its source changes nothing
    result = starter_store.entries.import_document(starter_store.entries.export_yaml())
    assert result.added == result.updated == 0


def test_export_shape(starter_store: Store) -> None:
    doc = starter_store.entries.export_document()
    assert list(doc) == ["version", "places", "topics", "estimates", "laws", "reports"] and doc["version"] == 1
    ids = [e["id"] for e in doc["estimates"]]
    assert ids == sorted(ids)
    est = next(e for e in doc["estimates"] if e["id"] == "kz-is-fighters-2014-kisi")
    assert list(est)[:4] == ["id", "topic", "place", "value"]
    assert isinstance(est["estimator"], dict) and est["as_of"] == "2014-09"
    text = starter_store.entries.export_yaml()
    assert "as_of: 2014-09\n" in text and "Қазақстан" in text  # unicode kept readable
    assert text.startswith("version: 1\n")


# --- generated documents -------------------------------------------------------------------

_words = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1,
                 max_size=30).filter(lambda s: s.strip() != "")
_local = st.dictionaries(st.sampled_from(["en", "ru", "kk"]), _words, min_size=1)
_text = st.one_of(_words, _local)
_key = st.text(string.ascii_lowercase + string.digits + "-", min_size=1, max_size=12).filter(
    lambda s: s[0].isalnum())
_iso = st.sampled_from(["KZ", "KG", "TJ", "TM", "UZ", "RU", "AF", "SY", "IQ", "TR"])
_num = st.one_of(st.integers(0, 10**9), st.floats(0, 1e6, allow_nan=False, allow_infinity=False))


@st.composite
def _date(draw) -> str | int:
    y = draw(st.integers(1900, 2100))
    form = draw(st.sampled_from(["y", "yi", "ym", "ymd"]))
    if form == "yi":
        return y
    if form == "y":
        return str(y)
    m = draw(st.integers(1, 12))
    if form == "ym":
        return f"{y}-{m:02d}"
    return f"{y}-{m:02d}-{draw(st.integers(1, 28)):02d}"


@st.composite
def documents(draw) -> dict:
    groups = draw(st.lists(_key.map(lambda k: "g-" + k), unique=True, max_size=3))
    topics = draw(st.lists(_key, unique=True, min_size=1, max_size=4))
    place_codes = ["KZ", "KG", "UZ", *groups]
    opt = draw  # short alias

    def maybe(strategy):
        return opt(st.one_of(st.none(), strategy))

    places = [{"code": g, "name": draw(_text), "aliases": maybe(st.dictionaries(
        st.sampled_from(["en", "ru", "kk"]), st.lists(_words, min_size=1, max_size=3), min_size=1)),
        "includes": maybe(st.lists(_iso, min_size=1, max_size=5))} for g in groups]
    topic_entries = [{"key": t, "label": draw(_text), "synonyms": maybe(st.dictionaries(
        st.sampled_from(["en", "ru", "kk"]), st.lists(_words, min_size=1, max_size=3), min_size=1))}
        for t in topics]
    estimates = []
    for eid in draw(st.lists(_key, unique=True, max_size=6)):
        figure = draw(st.sampled_from(["value", "low", "high", "range"]))
        e = {"id": eid, "topic": draw(st.sampled_from(topics)), "place": draw(st.sampled_from(place_codes)),
             "unit": maybe(st.sampled_from(["people", "percent", "years"])), "as_of": maybe(_date()),
             "estimator": maybe(_text), "note": maybe(_text), "tags": maybe(st.lists(_key, max_size=3)),
             "source": maybe(st.fixed_dictionaries({}, optional={
                 "publication": _text, "date": _date(), "title": _text, "url": _words}))}
        if figure == "range":
            lo, hi = sorted([draw(_num), draw(_num)])
            e.update(low=lo, high=hi)
        else:
            e[figure] = draw(_num)
        estimates.append(e)
    laws = [{"id": lid, "jurisdiction": draw(st.sampled_from(place_codes)), "title": draw(_text),
             "number": maybe(st.one_of(_words, st.integers(1, 999))), "signed": maybe(_date()),
             "in_force": maybe(_date()), "status": maybe(st.sampled_from(["draft", "signed", "in-force"])),
             "provisions": maybe(st.lists(_text, max_size=4)), "signed_by": maybe(_text)}
            for lid in draw(st.lists(_key, unique=True, max_size=3))]
    reports = [{"id": maybe(st.just(f"rep-{i}")), "url": f"https://example.org/{path}", "title": maybe(_text),
                "published": maybe(_date()), "language": maybe(st.sampled_from(["en", "ru", "kk"])),
                "text": maybe(_text), "places": maybe(st.lists(st.sampled_from(place_codes), max_size=3))}
               for i, path in enumerate(draw(st.lists(_key, unique=True, max_size=3)))]
    doc = {"version": 1, "places": places, "topics": topic_entries, "estimates": estimates, "laws": laws,
           "reports": reports}
    # drop the None placeholders: absent is how the file says "not given"
    for section in ("places", "topics", "estimates", "laws", "reports"):
        doc[section] = [{k: v for k, v in entry.items() if v is not None} for entry in doc[section]]
    return doc


@pytest.mark.parametrize("backend", BACKENDS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=documents())
def test_generated_document_round_trip(backend: str, doc: dict, tmp_path: Path) -> None:
    first, close_first = make_store("sqlite", tmp_path)
    second, close_second = make_store(backend, tmp_path)
    try:
        first.entries.import_document(doc)
        assert first.entries.import_document(doc).unchanged == sum(len(doc[s]) for s in doc if s != "version")
        _round_trip(first, second)
    finally:
        close_first()
        close_second()
