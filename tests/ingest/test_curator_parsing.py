"""Issue 13, curators: who and as of when a sentence gives a figure; approximate figures typed."""

from __future__ import annotations

import pytest

from bot.ingest.sentence_facts import as_of_in, estimator_in
from bot.store.typed import TypedValueError, parse_bool, parse_figure


@pytest.mark.parametrize("sentence,who,when", [
    ("По данным КНБ, по состоянию на 1 марта 2024 года около 300 казахстанцев в Сирии.", "КНБ", "2024-03-01"),
    ("According to the Interior Ministry, as of March 2024 about 150 Kyrgyz citizens are in Syria.",
     "Interior Ministry", "2024-03"),
    ("As of March 1, 2024, some 200 people, the KNB says.", "KNB", "2024-03-01"),
    ("ІІМ мәліметі бойынша, 2024 жылғы 1 наурыздағы жағдай бойынша 300-ге жуық адам.", "ІІМ", "2024-03-01"),
    ("Бас прокуратураның мәліметінше, 2023 жылғы жағдай бойынша 200 адам сотталды.", "Бас прокуратура", "2023"),
    ("по данным Комитета национальной безопасности, по состоянию на 01.03.2024 около 40 человек",
     "Комитета национальной безопасности", "2024-03-01"),
    ("About 300 Kazakhstanis fight in Syria.", None, None),
    ("В 2015 году около 300 казахстанцев уехали в Сирию.", None, None),  # a year, but no "as of"
])
def test_estimator_and_date_from_the_sentence(sentence, who, when):
    assert estimator_in(sentence) == who
    assert as_of_in(sentence) == when


@pytest.mark.parametrize("typed,expected", [
    ("около 400", {"value": 400, "approx": True}),
    ("about 150", {"value": 150, "approx": True}),
    ("шамамен 300", {"value": 300, "approx": True}),
    ("~200", {"value": 200, "approx": True}),
    ("примерно 1 500", {"value": 1500, "approx": True}),
    ("300-ге жуық", {"value": 300, "approx": True}),
    ("мыңға жуық", {"value": 1000, "approx": True}),
    ("about 80-100", {"low": 80, "high": 100, "approx": True}),
    ("250", {"value": 250}),
    (">500", {"low": 500}),
    ("80-ге дейін", {"high": 80}),
])
def test_approximate_figures_typed(typed, expected):
    assert parse_figure(typed) == expected


def test_yes_and_no_in_three_languages():
    assert parse_bool("да") and parse_bool("иә") and parse_bool("true")
    assert not parse_bool("нет") and not parse_bool("жоқ") and not parse_bool("false")
    with pytest.raises(TypedValueError):
        parse_bool("maybe")
