"""The guided flows' fields: order, required/optional, buttons, and one answer at a time."""

from __future__ import annotations

import pytest

from bot.curation import fields as F
from bot.curation.forms import FormError, describe_form_error
from bot.store import Store
from bot.understanding import Lexicon


@pytest.fixture
def starter(sqlite_store: Store) -> Store:
    sqlite_store.entries.load_starter_if_empty()
    return sqlite_store


@pytest.fixture
def lexicon(starter: Store) -> Lexicon:
    return Lexicon.build(starter.entries.places(), starter.entries.topics())


def _answer(lexicon: Lexicon, kind: str, answers: list[tuple[str, str]]) -> dict:
    data: dict = {}
    for name, raw in answers:
        data = F.apply(data, name, raw, lexicon, kind=kind)
    return data


def test_each_kind_has_an_ordered_flow_with_required_fields() -> None:
    assert [f.name for f in F.flow("estimate")][:5] == ["place", "topic", "figure", "unit", "as_of"]
    required = {k: [f.name for f in F.flow(k) if f.required] for k in F.FLOWS}
    assert required == {"estimate": ["place", "topic", "figure", "as_of", "estimator", "source.publication"],
                        "law": ["jurisdiction", "title"], "report": ["url"], "place": ["code", "name"],
                        "topic": ["key", "label"]}
    assert all(f.question for k in F.FLOWS for f in F.flow(k))


def test_a_guided_estimate_in_russian_is_saved_whole(starter: Store, lexicon: Lexicon) -> None:
    data = _answer(lexicon, "estimate", [
        ("place", "Казахстан"), ("topic", "боевики"), ("figure", "более 500"), ("unit", "пропустить"),
        ("as_of", "2014-09"), ("estimator", "КИСИ"), ("source.publication", "Тенгри Ньюс"),
        ("source.date", "16.09.2014"), ("source.url", "-"), ("note", "<i>по данным</i> КИСИ")])
    assert F.missing("estimate", data) == []
    entry = F.finish("estimate", data, taken=lambda i: starter.entries.get("estimate", i, include_retracted=True) is not None)
    assert entry["id"] == "kz-foreign-fighters-2014-kisi" and entry["low"] == 500
    assert entry["note"] == {"ru": "<i>по данным</i> КИСИ"}  # HTML kept verbatim
    saved = starter.entries.save("estimate", entry, "tg:5")
    assert saved.action == "create" and saved.record.source.date == "2014-09-16"


def test_answers_that_the_flow_refuses_name_the_field(lexicon: Lexicon) -> None:
    data = _answer(lexicon, "estimate", [("place", "KZ"), ("topic", "foreign-fighters")])
    cases = [("figure", "100-80", "low_above_high"), ("figure", "-3", "negative"), ("as_of", "2014-13", "bad_date"),
             ("place", "Atlantis", "unknown_place"), ("estimator", "x" * 8192, "too_long"),
             ("note", "x" * 8192, "too_long"), ("estimator", "skip", "required"),
             ("source.url", "javascript:alert(1)", "bad_url"), ("topic", "weather", "unknown_topic")]
    for name, raw, code in cases:
        with pytest.raises(FormError) as err:
            F.apply(data, name, raw, lexicon, kind="estimate")
        assert (err.value.field, err.value.code) == (name, code), raw
        assert describe_form_error(err.value, "en")


def test_the_figure_replaces_earlier_figures_and_percent_sets_the_unit(lexicon: Lexicon) -> None:
    data = F.apply({"value": 5}, "figure", "80-100", lexicon, kind="estimate")
    assert (data.get("value"), data["low"], data["high"]) == (None, 80, 100)
    data = F.apply(data, "figure", "12,5%", lexicon, kind="estimate")
    assert data == {"value": 12.5, "unit": "percent"}


def test_multilingual_answers_merge_with_a_language_prefix(lexicon: Lexicon) -> None:
    data = F.apply({}, "name", "Zhetysu Region", lexicon, kind="place")
    data = F.apply(data, "name", "ru: Жетысуская область", lexicon, kind="place")
    data = F.apply(data, "name", "kk: Жетісу облысы", lexicon, kind="place")
    assert data["name"] == {"en": "Zhetysu Region", "ru": "Жетысуская область", "kk": "Жетісу облысы"}
    data = F.apply(data, "aliases", "Zhetysu, Жетысу, Жетісу", lexicon, kind="place")
    assert data["aliases"] == {"en": ["Zhetysu"], "ru": ["Жетысу"], "kk": ["Жетісу"]}


def test_choices_for_buttons(starter: Store, lexicon: Lexicon) -> None:
    topics = F.choices("estimate", "topic", starter, lexicon, "ru")
    assert "foreign-fighters" in [c.value for c in topics] and all(c.label for c in topics)
    places = F.choices("estimate", "place", starter, lexicon, "kk")
    assert places[0].value == "KZ" and places[0].label == "Қазақстан" and "KZ-KAR" in [c.value for c in places]
    assert [c.value for c in F.choices("estimate", "unit")] == ["people", "percent", "years", "events"]
    assert [c.value for c in F.choices("law", "status")] == ["draft", "adopted", "signed", "in-force", "repealed"]
    assert F.choices("estimate", "estimator") == []


def test_law_status_and_report_answers(lexicon: Lexicon) -> None:
    law = _answer(lexicon, "law", [("jurisdiction", "Қазақстан"), ("title", "Экстремизмге қарсы іс-қимыл туралы"),
                                   ("status", "подписан"), ("provisions", "Ban A\nЗапрет Б")])
    assert law["status"] == "signed" and law["provisions"] == [{"en": "Ban A"}, {"ru": "Запрет Б"}]
    with pytest.raises(FormError) as err:
        F.apply(law, "status", "maybe", lexicon, kind="law")
    assert err.value.code == "bad_choice"
    report = _answer(lexicon, "report", [("url", "https://jamestown.org/x"), ("places", "Kazakhstan, KG"),
                                         ("language", "ru"), ("tags", "isis, recruitment")])
    assert report["places"] == ["KZ", "KG"] and report["tags"] == ["isis", "recruitment"]
    with pytest.raises(FormError) as err:
        F.apply(report, "language", "de", lexicon, kind="report")
    assert err.value.code == "bad_choice"


def test_place_and_topic_codes_follow_the_file_rules(lexicon: Lexicon) -> None:
    with pytest.raises(FormError) as err:
        F.apply({}, "code", "central asia!", lexicon, kind="place")
    assert err.value.code == "bad_code" and "not a valid code" in describe_form_error(err.value, "en")
    assert F.apply({}, "key", "drug-trafficking", lexicon, kind="topic") == {"key": "drug-trafficking"}
