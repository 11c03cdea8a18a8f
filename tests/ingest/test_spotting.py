"""Figure spotting in en / ru / kk: what a curator is offered, and what must never be offered."""

from __future__ import annotations

import pytest

from bot.ingest.spotting import split_sentences, spot_figures
from bot.store import Store
from bot.understanding import Lexicon


@pytest.fixture(scope="module")
def lex_units(tmp_path_factory) -> tuple[Lexicon, dict[str, str]]:
    store = Store.open(f"sqlite:///{tmp_path_factory.mktemp('spot') / 's.db'}")
    store.entries.load_starter_if_empty()
    units: dict[str, str] = {}
    for e in store.entries.estimates():
        units.setdefault(e.topic, e.unit)
    lex = Lexicon.build(store.entries.places(), store.entries.topics())
    store.close()
    return lex, units


def spot(text: str, lex_units, lang: str | None = None) -> list[tuple]:
    lex, units = lex_units
    return [(c.place, c.topic, c.value, c.low, c.high, c.unit, c.qualifier)
            for c in spot_figures(text, lex, lang, units=units)]


FF = "foreign-fighters"
FOUND = [
    # English
    ("More than 500 Uzbeks are fighting in Syria and Iraq.", ("UZ", FF, None, 500, None, "people", "more-than")),
    ("Some 1,500 Tajiks have joined the fighting.", ("TJ", FF, 1500, None, None, "people", "about")),
    ("Between 250 and 300 Kazakhstanis are fighting in Syria.", ("KZ", FF, None, 250, 300, "people", "range")),
    ("Local experts think up to 80% of Kazakhstani jihadists may be dead.",
     ("KZ", "fighters-possibly-dead", None, None, 80, "percent", "up-to")),
    # Russian
    ("Около 300 казахстанцев воюют в Сирии.", ("KZ", FF, 300, None, None, "people", "about")),
    ("До 80 процентов казахстанских боевиков, возможно, погибли.",
     ("KZ", "fighters-possibly-dead", None, None, 80, "percent", "up-to")),
    ("В Оше задержаны 10 граждан Кыргызстана по подозрению в подготовке терактов.",
     ("KG", "terror-plot-arrests", 10, None, None, "people", None)),
    ("Около 1,5 тыс. таджиков воюют в Сирии.", ("TJ", FF, 1500, None, None, "people", "about")),
    # Kazakh
    ("300-ге жуық қазақстандық Сирияда соғысып жүр.", ("KZ", FF, 300, None, None, "people", "about")),
    ("Өзбекстаннан 500-ден астам содыр бар.", ("UZ", FF, None, 500, None, "people", "more-than")),
    ("қазақстандық жиһадшылардың 80%-ға дейіні қаза тапқан болуы мүмкін.",
     ("KZ", "fighters-possibly-dead", None, None, 80, "percent", "up-to")),
]


@pytest.mark.parametrize("sentence, expected", FOUND)
def test_a_stated_figure_is_proposed_with_place_topic_and_bound(sentence, expected, lex_units) -> None:
    assert spot(sentence, lex_units) == [expected]


def test_a_list_of_countries_gives_each_its_own_figure(lex_units) -> None:
    en = spot("The KISI report counts 250 fighters from Kazakhstan, 100 from Kyrgyzstan, 190 from Tajikistan, "
              "360 from Turkmenistan and more than 500 from Uzbekistan.", lex_units)
    kk = spot("Қазақстаннан 250, Қырғызстаннан 100, Тәжікстаннан 190 содыр соғысып жүр.", lex_units)
    assert [(p, v, lo) for p, _, v, lo, *_ in en] == [("KZ", 250, None), ("KG", 100, None), ("TJ", 190, None),
                                                        ("TM", 360, None), ("UZ", None, 500)]
    assert [(p, v) for p, _, v, *_ in kk] == [("KZ", 250), ("KG", 100), ("TJ", 190)]


def test_the_topic_may_come_from_the_neighbouring_sentence(lex_units) -> None:
    found = spot("Kazakh jihadists keep leaving for Syria. Around 400 Kazakhstanis are there now.", lex_units)
    assert found == [("KZ", FF, 400, None, None, "people", "about")]


NOT_FIGURES = [
    "In 2014 Kazakhstan fighters went to Syria.",
    "On 3 November 2014 Kazakhstan signed a law against fighters.",
    "3 ноября 2014 года Казахстан принял закон о боевиках.",
    "2014 жылғы 3 қарашада Қазақстан содырлар туралы заң қабылдады.",
    "Kazakh fighters aged 19 to 43 joined IS.",
    "A 19-year-old Kazakh fighter died in Syria.",
    "Казахстанскому боевику было 19 лет.",
    "19 жастағы қазақстандық содыр Сирияда қаза тапты.",
    "По статье 255 УК Казахстана осуждены боевики.",
    "Article 3 of the Kazakhstan law on fighters.",
    "Law No. 229-V of Kazakhstan bans fighters.",
    "Қазақстан ҚК-нің 255-бабы бойынша содырлар сотталды.",
    "The 120-page report on Kazakhstan fighters.",
    "Доклад о казахстанских боевиках на 120 страницах.",
    "Kazakhstan paid $500 to fighters.",
    "Kazakhstan spent 5 million tenge on fighters.",
    "Call +7 701 123 45 67 about Kazakhstan fighters.",
    "At 10:30 Kazakhstan fighters left.",
    "The 10th Kazakhstan fighter left.",
    "80% of people agree.",
    "80 процентов опрошенных согласны.",
]


@pytest.mark.parametrize("sentence", NOT_FIGURES)
def test_dates_ages_numbers_money_times_are_never_figures(sentence, lex_units) -> None:
    assert spot(sentence, lex_units) == []


def test_the_starter_report_summary_yields_the_kisi_figures_in_every_language(lex_units) -> None:
    from bot.store import Store as S

    store = S.open("sqlite://")
    store.entries.load_starter_if_empty()
    report = store.entries.reports()[0]
    for lang, text in report.summary.items():
        found = spot(text, lex_units, lang)
        assert ("KZ", FF, 250, None, None, "people", None) in found, lang
        assert ("UZ", FF, None, 500, None, "people", "more-than") in found, lang
        assert not any(f[2] in (19, 43, 2014, 3, 11, 206) for f in found), (lang, found)
    store.close()


def test_sentences_keep_abbreviations_whole() -> None:
    assert split_sentences("Law No. 229-V was signed. It bans entry.") == ["Law No. 229-V was signed.", "It bans entry."]
