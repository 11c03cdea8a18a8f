"""The one-line forms: estimates and laws typed in one message, in any language; FormError only."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.curation.forms import (
    FormError,
    describe_form_error,
    parse_estimate_line,
    parse_law_line,
)
from bot.store import Store
from bot.understanding import Lexicon


@pytest.fixture(scope="module")
def lexicon(tmp_path_factory) -> Lexicon:
    store = Store.open(f"sqlite:///{tmp_path_factory.mktemp('forms') / 's.db'}")
    store.entries.load_starter_if_empty()
    lex = Lexicon.build(store.entries.places(), store.entries.topics())
    store.close()
    return lex


@pytest.mark.parametrize(("line", "expected"), [
    ("KZ; foreign-fighters; >500; 2014-09; KISI; Tengri News 2014-09-16",
     {"id": "kz-foreign-fighters-2014-kisi", "place": "KZ", "topic": "foreign-fighters", "low": 500,
      "unit": "people", "as_of": "2014-09", "estimator": {"en": "KISI"},
      "source": {"publication": {"en": "Tengri News"}, "date": "2014-09-16"}}),
    ("Казахстан | боевики | более 500 | 2014-09 | КИСИ | Тенгри Ньюс 16.09.2014 | https://tengrinews.kz/a",
     {"id": "kz-foreign-fighters-2014-kisi", "place": "KZ", "topic": "foreign-fighters", "low": 500,
      "unit": "people", "as_of": "2014-09", "estimator": {"ru": "КИСИ"},
      "source": {"publication": {"ru": "Тенгри Ньюс"}, "date": "2014-09-16", "url": "https://tengrinews.kz/a"}}),
    ("Қазақстан; содырлар; 80-ге дейін; 2015; ҰҚК; Azattyq",
     {"id": "kz-foreign-fighters-2015-uqk", "place": "KZ", "topic": "foreign-fighters", "high": 80,
      "unit": "people", "as_of": "2015", "estimator": {"kk": "ҰҚК"}, "source": {"publication": {"en": "Azattyq"}}}),
    ("Karaganda; foreign-fighters; 80–100; 2014; KNB; Vlast.kz 2014-10",
     {"id": "kz-kar-foreign-fighters-2014-knb", "place": "KZ-KAR", "topic": "foreign-fighters", "low": 80,
      "high": 100, "unit": "people", "as_of": "2014", "estimator": {"en": "KNB"},
      "source": {"publication": {"en": "Vlast.kz"}, "date": "2014-10"}}),
    ("kg; foreign-fighters; 12%; 2016-01-31; ICG; https://crisisgroup.org/r",
     {"id": "kg-foreign-fighters-2016-icg", "place": "KG", "topic": "foreign-fighters", "value": 12,
      "unit": "percent", "as_of": "2016-01-31", "estimator": {"en": "ICG"},
      "source": {"publication": {"en": "crisisgroup.org"}, "url": "https://crisisgroup.org/r"}}),
])
def test_an_estimate_line_in_each_language(lexicon: Lexicon, line: str, expected: dict) -> None:
    assert parse_estimate_line(line, lexicon) == expected


def test_the_generated_id_is_unique(lexicon: Lexicon) -> None:
    taken = {"kz-foreign-fighters-2014-kisi", "kz-foreign-fighters-2014-kisi-2"}
    data = parse_estimate_line("KZ; foreign-fighters; 250; 2014; KISI; EDM", lexicon, taken=taken)
    assert data["id"] == "kz-foreign-fighters-2014-kisi-3"


@pytest.mark.parametrize(("line", "field", "code", "says"), [
    ("", "line", "empty", "The line is empty."),
    ("KZ; foreign-fighters; 250", "line", "too_few_parts", "Expected 6 parts separated by ';', got 3."),
    ("Narnia; foreign-fighters; 250; 2014; KISI; EDM", "place", "unknown_place", 'Place: unknown place "Narnia".'),
    ("KZ; weather; 250; 2014; KISI; EDM", "topic", "unknown_topic", 'Topic: unknown topic "weather".'),
    ("KZ; foreign-fighters; lots; 2014; KISI; EDM", "figure", "bad_figure", '"lots" is not a figure'),
    ("KZ; foreign-fighters; -5; 2014; KISI; EDM", "figure", "negative", "cannot be negative"),
    ("KZ; foreign-fighters; 100-80; 2014; KISI; EDM", "figure", "low_above_high", "(100) is above"),
    ("KZ; foreign-fighters; 250; 2014-13; KISI; EDM", "as_of", "bad_date", 'Date: "2014-13" is not a date'),
    ("KZ; foreign-fighters; 250; 2014; ; EDM", "estimator", "missing", "Estimator: this field is required."),
    ("KZ; foreign-fighters; 250; 2014; " + "K" * 8192 + "; EDM", "line", "too_long", "limit is 4096"),
    ("KZ; foreign-fighters; 250; 2014; " + "K" * 400 + "; EDM", "estimator", "too_long", "limit is 300"),
    ("KZ; foreign-fighters; 250; 2014; KISI; EDM; ftp://x", "source.url", "bad_url", "not a web address"),
])
def test_a_bad_line_names_the_field(lexicon: Lexicon, line: str, field: str, code: str, says: str) -> None:
    with pytest.raises(FormError) as err:
        parse_estimate_line(line, lexicon)
    assert (err.value.field, err.value.code) == (field, code)
    assert says in describe_form_error(err.value, "en")


def test_html_is_kept_verbatim(lexicon: Lexicon) -> None:
    data = parse_estimate_line("KZ; foreign-fighters; 250; 2014; <b>KISI</b> & co; EDM", lexicon)
    assert data["estimator"] == {"en": "<b>KISI</b> & co"}


def test_a_law_line(lexicon: Lexicon) -> None:
    assert parse_law_line("KZ; 2014-11-03; On countering extremism; Nursultan Nazarbayev; signed; "
                          "Akorda 2014-11-03", lexicon) == {
        "id": "kz-2014-11-03-on-countering-extremism", "jurisdiction": "KZ",
        "title": {"en": "On countering extremism"}, "signed": "2014-11-03",
        "signed_by": {"en": "Nursultan Nazarbayev"}, "status": "signed",
        "source": {"publication": {"en": "Akorda"}, "date": "2014-11-03"}}
    law = parse_law_line("Кыргызстан | 2016-05 | О противодействии экстремизму | | вступил в силу", lexicon)
    assert law["jurisdiction"] == "KG" and law["in_force"] == "2016-05" and law["status"] == "in-force"
    assert law["title"] == {"ru": "О противодействии экстремизму"} and "signed_by" not in law
    with pytest.raises(FormError) as err:
        parse_law_line("KZ; 2014-11-03; Title; Someone; perhaps", lexicon)
    assert (err.value.field, err.value.code) == ("status", "bad_choice")


def test_a_parsed_line_passes_the_store_validator(lexicon: Lexicon, sqlite_store: Store) -> None:
    sqlite_store.entries.load_starter_if_empty()
    data = parse_estimate_line("Караганда; боевики; 80-100; 2014; КНБ; Vlast.kz 2014-10", lexicon)
    assert sqlite_store.entries.validate("estimate", data) == []
    assert sqlite_store.entries.save("estimate", data, "tg:1").record.place == "KZ-KAR"


_PART = st.one_of(st.text(max_size=30), st.sampled_from(
    ["KZ", "Казахстан", "foreign-fighters", "боевики", ">500", "80-100", "до 80", "2014-09", "2014-13",
     "KISI", "Tengri News 2014-09-16", "https://x.kz", "", " ", "-1", "1e9", "\x00", "|", ";"]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(_PART, max_size=9), sep=st.sampled_from(["; ", "|", ";"]))
def test_the_line_parser_raises_nothing_but_form_error(lexicon: Lexicon, parts: list[str], sep: str) -> None:
    line = sep.join(parts)
    for parser in (parse_estimate_line, parse_law_line):
        try:
            data = parser(line, lexicon)
        except FormError as err:
            assert err.field and err.code
            assert describe_form_error(err, "ru") and describe_form_error(err, "kk")
        else:
            assert data["id"]


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=200))
def test_any_text_at_all_raises_nothing_but_form_error(lexicon: Lexicon, text: str) -> None:
    try:
        parse_estimate_line(text, lexicon)
    except FormError:
        pass
