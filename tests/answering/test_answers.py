"""Answering over a store with competing figures, bounds, ranges, several dates and laws:
Query -> Answer -> text, in en/ru/kk, asserting the figure, the estimator and the date."""

from __future__ import annotations

import pytest

from bot.answering import Answerer, render, render_why
from bot.understanding.query import Intent, Query
from tests.support.answering import TEST_DOC
from tests.support.store import make_store

CA = ("KZ", "KG", "TJ", "TM", "UZ")


@pytest.fixture(params=["sqlite", "postgresql"])
def test_store(request, tmp_path):
    store, cleanup = make_store(request.param, tmp_path)
    store.entries.import_document(TEST_DOC)
    yield store
    cleanup()


@pytest.fixture
def answerer(test_store):
    return Answerer(test_store)


def q(intent=Intent.FIGURE, places=(), topics=(), **kw) -> Query:
    members = {"central-asia": CA} if "central-asia" in places else {}
    return Query(text="(test)", language=None, intent=intent, places=list(places),
                 place_members=members, topics=list(topics), **kw)


def ids(answer):
    return [i for _, i in answer.used]


# --- figures: all competing figures, newest first ----------------------------------------

def test_competing_figures_newest_first_with_estimator_source_and_date(answerer):
    answer = answerer.answer_query(q(places=["KZ"], topics=["foreign-fighters"]), "en")
    assert answer.kind == "figures" and answer.has_figures
    # the Karagandy figure lies within KZ: it is no figure for Kazakhstan, so it is named, not shown
    assert ids(answer) == ["kz-ff-2016-beta", "kz-ff-2015-alpha", "kz-ff-2014-kisi"]
    assert answer.within_places == ["KZ-KAR"]
    assert "Places within Kazakhstan have figures of their own: Karagandy Region" in render(answer, "en", fmt="text")
    text = render(answer, "en", fmt="text")
    assert "400 people" in text and "Beta Watch" in text and "January 2016" in text
    assert "150–300 people" in text and "Alpha Monitoring Group" in text and "June 2015" in text
    assert "250 people" in text and "Kazakhstan Institute for Strategic Studies (KISI)" in text
    assert "Tengri News, September 16, 2014" in text
    assert "21 people" not in text  # Karagandy's figure is Karagandy's, not Kazakhstan's
    assert text.index("400 people") < text.index("150–300") < text.index("250 people")


@pytest.mark.parametrize("lang, figure, estimator, date", [
    ("en", "250 people", "(KISI)", "September 2014"),
    ("ru", "250 человек", "(КИСИ)", "сентябрь 2014"),
    ("kk", "250 адам", "(ҚСЗИ)", "2014"),
])
def test_figure_in_each_language(answerer, lang, figure, estimator, date):
    answer = answerer.answer_query(q(places=["KZ"], topics=["foreign-fighters"], year_from=2014, year_to=2014), lang)
    assert ids(answer) == ["kz-ff-2014-kisi"]
    text = render(answer, lang, fmt="text")
    assert figure in text and estimator in text and date in text
    assert "Tengri News" in text


@pytest.mark.parametrize("lang, expected", [
    ("en", "more than 500 people"), ("ru", "более 500 человек"), ("kk", "500-ден астам адам")])
def test_lower_bound_kept_as_a_bound(answerer, lang, expected):
    answer = answerer.answer_query(q(places=["UZ"], topics=["foreign-fighters"]), lang)
    assert expected in render(answer, lang, fmt="text")


@pytest.mark.parametrize("lang, expected", [("en", "up to 80%"), ("ru", "до 80%"), ("kk", "80%-ға дейін")])
def test_upper_bound_percent(answerer, lang, expected):
    answer = answerer.answer_query(q(places=["KZ"], topics=["fighters-dead"]), lang)
    text = render(answer, lang, fmt="text")
    assert expected in text
    assert {"en": "local experts", "ru": "местные эксперты", "kk": "жергілікті сарапшылар"}[lang] in text


@pytest.mark.parametrize("lang, expected", [("en", "19–43 years"), ("ru", "19–43 года"), ("kk", "19–43 жыл")])
def test_range_with_unit_plural(answerer, lang, expected):
    answer = answerer.answer_query(q(places=["KZ"], topics=["fighter-age"]), lang)
    assert expected in render(answer, lang, fmt="text")


def test_store_text_in_another_language_is_marked_not_dropped(answerer):
    answer = answerer.answer_query(q(places=["KZ"], topics=["foreign-fighters"]), "ru")
    text = render(answer, "ru", fmt="text")
    assert "Alpha Monitoring Group (en)" in text  # no Russian name: English, marked
    assert "Бета-наблюдение" in text and "Бета-наблюдение (" not in text


def test_latest_puts_newest_first_and_lists_the_others_briefly(answerer):
    answer = answerer.answer_query(q(places=["KZ"], topics=["foreign-fighters"], latest=True), "en")
    assert [e.id for e in answer.estimates] == ["kz-ff-2016-beta"]
    assert "kz-ff-2014-kisi" in ids(answer)
    text = render(answer, "en", fmt="text")
    assert text.index("Latest figure") < text.index("400 people") < text.index("Earlier figures") < text.index("250 people")


# --- year filter ---------------------------------------------------------------------------

def test_year_filter_keeps_only_that_year(answerer):
    answer = answerer.answer_query(q(places=["KZ"], topics=["foreign-fighters"], year_from=2015, year_to=2015), "en")
    assert ids(answer) == ["kz-ff-2015-alpha"] and answer.within_places == ["KZ-KAR"]


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_year_without_figures_says_so_and_lists_dates(answerer, lang):
    answer = answerer.answer_query(q(places=["KZ"], topics=["foreign-fighters"], year_from=2020, year_to=2020), lang)
    assert answer.kind == "no_data" and not answer.has_figures and answer.used == []
    text = render(answer, lang, fmt="text")
    assert "2020" in text
    assert {"en": "January 2016", "ru": "январь 2016", "kk": "2016"}[lang] in text  # the dates it has
    for figure in ("250", "400", "150–300"):
        assert figure not in text


# --- comparison ------------------------------------------------------------------------------

def test_group_comparison_one_row_per_place_and_no_data_rows(answerer):
    query = q(Intent.COMPARE, places=["central-asia"], topics=["foreign-fighters"], year_from=2014, year_to=2014)
    answer = answerer.answer_query(query, "en")
    assert answer.kind == "comparison" and answer.has_figures
    assert [r.place for r in answer.rows] == list(CA)
    text = render(answer, "en", fmt="text")
    lines = text.splitlines()
    assert any(line.startswith("Kazakhstan") and "250 people" in line and "KISI" in line for line in lines)
    assert any(line.startswith("Uzbekistan") and "more than 500 people" in line for line in lines)
    assert any(line.startswith("Turkmenistan") and "no data" in line for line in lines)
    assert "Tengri News" in text  # sources under the table
    html = render(answer, "en", fmt="html")
    assert "<pre>" in html and "</pre>" in html


def test_comparison_in_russian_uses_cldr_names(answerer):
    query = q(Intent.COMPARE, places=["KZ", "UZ"], topics=["foreign-fighters"], latest=True)
    text = render(answerer.answer_query(query, "ru"), "ru", fmt="text")
    assert "Казахстан" in text and "Узбекистан" in text and "более 500 человек" in text


def test_a_compared_place_without_figures_gets_a_no_data_row_beside_the_other(answerer):
    query = q(Intent.COMPARE, places=["KZ", "UA"], topics=["foreign-fighters"])
    answer = answerer.answer_query(query, "en")
    assert answer.kind == "comparison"
    assert {r.place: bool(r.estimates) for r in answer.rows} == {"KZ": True, "UA": False}
    lines = render(answer, "en", fmt="text").splitlines()
    ukraine = next(line for line in lines if line.startswith("Ukraine"))
    assert "no data" in ukraine and not any(ch.isdigit() for ch in ukraine)  # never another place's figure
    kazakhstan = next(r for r in answer.rows if r.place == "KZ").estimates
    assert kazakhstan and all(e.place.startswith("KZ") for e in kazakhstan)  # Kazakhstan and places in it
    assert any(line.startswith("Kazakhstan") and any(ch.isdigit() for ch in line) for line in lines)


def test_no_compared_place_with_figures_is_no_data(answerer):
    answer = answerer.answer_query(q(Intent.COMPARE, places=["UA", "RU"], topics=["foreign-fighters"]), "en")
    assert answer.kind == "no_data" and not answer.has_figures
    assert "Kazakhstan" in render(answer, "en", fmt="text")  # suggested: where the store does have figures


@pytest.mark.parametrize("text, lang", [
    ("how many Tajiks in Syria", "en"), ("сколько таджиков в Сирии", "ru"), ("тәжіктер Сирияда қанша", "kk"),
    ("Сириядағы тәжіктер саны", "kk"),
])
def test_a_demonym_with_a_theatre_counts_the_origin_on_figures_about_the_theatre(starter_answerer, text, lang):
    answer = starter_answerer.ask(text, lang)
    assert answer.kind == "figures" and {e.place for e in answer.estimates} == {"TJ"}
    assert all("syria" in e.tags for e in answer.estimates)


@pytest.mark.parametrize("text, lang", [
    ("how many Tajiks in Afghanistan", "en"), ("сколько таджиков воюет на Украине", "ru"),
    ("Ауғанстандағы қырғыз содырлары", "kk"),
])
def test_a_theatre_no_figure_is_about_is_no_data_not_the_other_figures(starter_answerer, text, lang):
    answer = starter_answerer.ask(text, lang)
    assert answer.kind == "no_data" and not answer.has_figures
    text_out = render(answer, lang, fmt="text")
    assert any(name in text_out for name in ("Afghanistan", "Украин", "Ауғанстан"))  # says about what
    assert answer.suggestions  # and shows what the store has for the place


@pytest.fixture
def starter_answerer(tmp_path):
    store, cleanup = make_store("sqlite", tmp_path)
    store.entries.load_starter_if_empty()
    yield Answerer(store)
    cleanup()


# --- trend and sources ---------------------------------------------------------------------

def test_trend_oldest_to_newest_with_estimators(answerer):
    answer = answerer.answer_query(q(Intent.TREND, places=["KZ"], topics=["foreign-fighters"]), "en")
    assert answer.kind == "trend"
    text = render(answer, "en", fmt="text")
    assert text.index("250 people") < text.index("150–300") < text.index("400 people")
    assert "Beta Watch" in text and "Alpha Monitoring Group" in text


def test_sources_list_publication_date_title_url(answerer):
    answer = answerer.answer_query(q(Intent.SOURCES, places=["KZ"], topics=["foreign-fighters"], year_from=2014,
                                     year_to=2014), "en")
    assert answer.kind == "sources" and ids(answer) == ["kz-ff-2014-kisi"]
    text = render(answer, "en", fmt="text")
    assert "Tengri News, September 16, 2014" in text and "https://example.org/a?x=1&y=2" in text
    assert "Report <script>alert(1)</script> & more" in text  # plain text: verbatim


def test_html_escapes_store_text(answerer):
    answer = answerer.answer_query(q(Intent.SOURCES, places=["KZ"], topics=["foreign-fighters"]), "en")
    html = render(answer, "en", fmt="html")
    assert "<script>" not in html
    assert "Report &lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html
    assert '<a href="https://example.org/a?x=1&amp;y=2">' in html
    assert "<b>250 people</b>" in html


# --- entities --------------------------------------------------------------------------------

def test_entity_filter_does_not_present_an_is_figure_for_the_taliban(answerer):
    answer = answerer.answer_query(q(places=["KZ"], topics=["foreign-fighters"], entities=["taliban"]), "en")
    assert answer.kind == "no_data" and not answer.has_figures
    answer = answerer.answer_query(q(places=["TJ"], topics=["foreign-fighters"], entities=["taliban"]), "en")
    assert ids(answer) == ["tj-taliban-2015"]


# --- no data, overview, help -------------------------------------------------------------

@pytest.mark.parametrize("lang, place, suggestion", [
    ("en", "Germany", "Kazakhstan"), ("ru", "Германия", "Казахстан"), ("kk", "Германия", "Қазақстан")])
def test_no_data_names_what_was_asked_and_suggests(answerer, lang, place, suggestion):
    answer = answerer.answer_query(q(places=["DE"], topics=["foreign-fighters"]), lang)
    assert answer.kind == "no_data" and answer.used == [] and not answer.has_figures
    text = render(answer, lang, fmt="text")
    topic = {"en": "nationals fighting for the Islamic State", "ru": "граждане, воюющие за ИГ",
             "kk": "ИМ жағында соғысатын азаматтар"}[lang]
    assert place in text and topic in text and suggestion in text
    assert "250" not in text and "500" not in text


def test_place_with_other_topics_suggests_them(answerer):
    answer = answerer.answer_query(q(places=["KZ"], topics=["drones"]), "en")
    assert answer.kind == "no_data"
    text = render(answer, "en", fmt="text")
    assert "For Kazakhstan I have:" in text and "share of fighters possibly dead: 1 figure" in text
    assert "nationals fighting for the Islamic State: 4 figures" in text


def test_place_with_unknown_words_and_no_topic_is_no_data(answerer):
    answer = answerer.answer_query(q(places=["KZ"], unknown_terms=["submarine"]), "en")
    assert answer.kind == "no_data" and not answer.has_figures


def test_place_alone_gives_an_overview(answerer):
    answer = answerer.answer_query(q(Intent.OVERVIEW, places=["KZ"]), "ru")
    assert answer.kind == "overview"
    # the newest figure of each topic is shown with its citation, and the laws are listed
    assert ("estimate", "kz-ff-2016-beta") in answer.used and ("law", "kz-2014-extremism") in answer.used
    text = render(answer, "ru", fmt="text")
    assert "граждане, воюющие за ИГ: 4 оценки" in text
    assert "400 человек — Бета-наблюдение, январь 2016" in text
    assert "1 закон:" in text and "О внесении изменений" in text


def test_topic_alone_with_a_figure_question_compares_places_with_figures(answerer):
    answer = answerer.answer_query(q(Intent.FIGURE, topics=["fighters-dead"]), "en")
    assert answer.kind == "figures" and ids(answer) == ["kz-dead-2014"]
    answer = answerer.answer_query(q(Intent.FIGURE, topics=["foreign-fighters"]), "en")
    assert answer.kind == "comparison"
    # Karagandy lies within Kazakhstan: a row of its own after Kazakhstan's, never in its row
    assert [r.place for r in answer.rows] == ["KG", "KZ", "KZ-KAR", "TJ", "UZ"]  # by code
    assert [e.id for r in answer.rows if r.place == "KZ" for e in r.estimates] == [
        "kz-ff-2016-beta", "kz-ff-2015-alpha", "kz-ff-2014-kisi"]


@pytest.mark.parametrize("lang, example", [
    ("en", "How many Kazakhstanis"), ("ru", "Сколько казахстанцев"), ("kk", "қанша қазақстандық")])
def test_help_has_examples_in_the_reply_language(answerer, lang, example):
    text = render(answerer.answer_query(q(Intent.HELP), lang), lang, fmt="text")
    assert example in text
    assert text.count("• ") == 3


def test_not_understood(answerer):
    answer = answerer.answer_query(q(Intent.UNKNOWN), "en")
    assert answer.kind == "not_understood" and not answer.has_figures
    assert "did not understand" in render(answer, "en", fmt="text")


# --- laws ------------------------------------------------------------------------------------

def test_law_by_what_it_does_shows_the_matching_provision_first(answerer):
    answer = answerer.answer_query(q(Intent.LAWS, terms=["let", "state", "take", "extremist", "group", "asset"]), "en")
    assert answer.kind == "laws" and ids(answer)[0] == "kz-2014-extremism"
    assert not answer.has_figures
    text = render(answer, "en", fmt="text")
    provisions = text[text.index("Provisions:"):]
    assert provisions.splitlines()[1].startswith("→ If a court recognises a group as extremist")
    assert "Nursultan Nazarbayev" in text and "November 3, 2014" in text and "Status: signed" in text
    assert "Source: Akorda, November 3, 2014" in text


@pytest.mark.parametrize("lang, title, signer, status", [
    ("ru", "О внесении изменений", "Нурсултан Назарбаев", "Статус: подписан"),
    ("kk", "өзгерістер мен толықтырулар енгізу туралы", "Нұрсұлтан Назарбаев", "Мәртебесі: қол қойылған"),
])
def test_law_by_jurisdiction_in_each_language(answerer, lang, title, signer, status):
    answer = answerer.answer_query(q(Intent.LAWS, places=["KZ"]), lang)
    assert ids(answer) == ["kz-2014-extremism"]
    text = render(answer, lang, fmt="text")
    assert title in text and signer in text and status in text


def test_laws_by_year_and_html_escaped_title(answerer):
    answer = answerer.answer_query(q(Intent.LAWS, year_from=2016, year_to=2016), "en")
    assert ids(answer) == ["kg-2016-religion"]
    html = render(answer, "en", fmt="html")
    assert "On freedom of religion &lt;b&gt;and&lt;/b&gt; religious organisations" in html


def test_law_for_a_place_without_laws_is_no_data(answerer):
    answer = answerer.answer_query(q(Intent.LAWS, places=["TM"]), "en")
    assert answer.kind == "no_data" and answer.used == []
    assert "No law found for Turkmenistan." in render(answer, "en", fmt="text")


# --- why, ids, freshness -----------------------------------------------------------------

def test_why_lists_entries_with_ids_revisions_and_reasons(answerer):
    answer = answerer.answer_query(q(Intent.LAWS, terms=["asset", "state"]), "en")
    why = render_why(answer, "en", fmt="text")
    assert "law kz-2014-extremism (revision 1)" in why and "terms: asset, state" in why
    answer = answerer.answer_query(q(places=["UZ"], topics=["foreign-fighters"]), "en")
    why = render_why(answer, "en", fmt="html")
    assert "<code>uz-ff-2014-kisi</code>" in why and "place UZ" in why and "topic foreign-fighters" in why


def test_answer_by_ids_skips_stale_refs(answerer, test_store):
    answer = answerer.answer_by_ids(["estimate:kz-ff-2014-kisi", "law:kz-2014-extremism", "estimate:gone"])
    assert answer.used == [("estimate", "kz-ff-2014-kisi"), ("law", "kz-2014-extremism")]
    assert "250 people" in render(answer, "en", fmt="text")
    test_store.entries.retract("estimate", "kz-ff-2014-kisi", reason="test", actor="test")
    assert answerer.answer_by_ids(["estimate:kz-ff-2014-kisi"]).used == []


def test_a_change_is_seen_by_the_next_question(answerer, test_store):
    first = answerer.answer_query(q(places=["TM"], topics=["foreign-fighters"]), "en")
    assert first.kind == "no_data"
    test_store.entries.import_document({"version": 1, "estimates": [{
        "id": "tm-ff-2014", "topic": "foreign-fighters", "place": "TM", "value": 360, "unit": "people",
        "as_of": "2014-09", "estimator": {"en": "KISI"}, "source": {"publication": "Tengri News"}}]})
    second = answerer.answer_query(q(places=["TM"], topics=["foreign-fighters"]), "en")
    assert ids(second) == ["tm-ff-2014"] and "360 people" in render(second, "en", fmt="text")


# --- the whole path: free text -> parse -> answer -> render --------------------------------

@pytest.mark.parametrize("lang, question", [
    ("en", "which law lets the state take an extremist group's assets?"),
    ("ru", "какой закон позволяет конфисковать имущество экстремистских групп"),
    ("kk", "экстремистік топтың мүлкін мемлекетке беретін заң"),
])
def test_law_found_by_what_it_does_in_each_language(answerer, lang, question):
    answer = answerer.ask(question, lang=lang)
    assert answer.kind == "laws" and ids(answer)[0] == "kz-2014-extremism"
    assert answer.laws[0].best_provision == 2  # the assets provision, shown first
    text = render(answer, lang, fmt="text")
    first_provision = text.split("\n→ ", 1)[1]
    expected = {"en": "If a court recognises a group as extremist", "ru": "Если суд признаёт группу экстремистской",
                "kk": "Егер сот топты экстремистік деп танса"}[lang]
    assert first_provision.startswith(expected)


@pytest.mark.parametrize("lang, question, figure, estimator", [
    ("ru", "Сколько казахстанцев воюет за ИГ в 2014 году?", "250 человек", "КИСИ"),
    ("kk", "2014 жылы Қазақстаннан қанша содыр ИМ жағында соғысты?", "250 адам", "ҚСЗИ"),
    ("en", "how many Kazakhstani fighters in 2014", "250 people", "KISI"),
])
def test_question_to_cited_figure(answerer, lang, question, figure, estimator):
    answer = answerer.ask(question, lang=lang)
    assert answer.kind == "figures" and ids(answer) == ["kz-ff-2014-kisi"]
    text = render(answer, lang, fmt="text")
    assert figure in text and estimator in text and "Tengri News" in text


def test_unknown_place_question_carries_no_figure(answerer):
    for question, lang in [("how many Kazakhs fight in Ukraine?", "en"), ("боевики из Германии", "ru")]:
        answer = answerer.ask(question, lang=lang)
        assert answer.kind == "no_data" and not answer.has_figures, question
        assert "250" not in render(answer, lang, fmt="text")


def test_destination_named_with_the_origin_is_context_not_a_place(answerer):
    answer = answerer.ask("how many Uzbek fighters are there in Syria?", lang="en")
    assert answer.kind == "figures" and ids(answer) == ["uz-ff-2014-kisi"]
    assert "SY read as where the figures are about" in render_why(answer, "en", fmt="text")


def test_number_in_question_finds_its_source(answerer):
    answer = answerer.ask("where does the 400 figure come from?", lang="en")
    assert answer.kind == "sources" and ids(answer) == ["kz-ff-2016-beta"]
    assert "Beta Herald" in render(answer, "en", fmt="text")


def test_emoji_only_is_not_understood(answerer):
    answer = answerer.ask("🙂🙂", lang="en")
    assert answer.kind == "not_understood" and answer.used == []


@pytest.mark.parametrize("lang, question", [
    ("en", "how many women from Kazakhstan joined IS?"),
    ("ru", "сколько женщин из Казахстана воюет в ИГ"),
    ("kk", "Қазақстаннан ИМ-ге қанша әйел кетті"),
])
def test_a_narrower_group_than_the_store_counts_gets_no_figure(answerer, lang, question):
    answer = answerer.ask(question, lang=lang)
    assert answer.kind == "no_data" and not answer.has_figures
    text = render(answer, lang, fmt="text")
    assert "250" not in text and "400" not in text
    assert {"en": "Kazakhstan", "ru": "Казахстан", "kk": "Қазақстан"}[lang] in text


def test_a_typo_in_the_topic_word_still_finds_the_topic(answerer):
    answer = answerer.ask("сколько казахстанцев ваюет в 2014 году", lang="ru")
    assert answer.kind == "figures" and ids(answer) == ["kz-ff-2014-kisi"]


def test_an_entity_alone_is_no_data_not_a_guess(answerer):
    answer = answerer.ask("численность талибана", lang="ru")
    assert answer.kind == "no_data" and answer.used == []


def test_only_laws_that_match_well_are_shown(answerer):
    answer = answerer.ask("which law lets the state confiscate an extremist group's property?", lang="en")
    assert ids(answer) == ["kz-2014-extremism"]


def test_a_group_figure_of_its_own_heads_the_comparison(answerer, test_store):
    test_store.entries.import_document({"version": 1, "estimates": [{
        "id": "ca-ff-2015", "topic": "foreign-fighters", "place": "central-asia", "low": 2000, "high": 4000,
        "unit": "people", "as_of": "2015-10", "estimator": {"en": "Delta Center"},
        "source": {"publication": "Delta Review", "date": "2015-10-02"}}]})
    answer = answerer.answer_query(q(Intent.COMPARE, places=["central-asia"], topics=["foreign-fighters"]), "en")
    assert answer.rows[0].place == "central-asia" and ids(answer)[0] == "ca-ff-2015"
    text = render(answer, "en", fmt="text")
    assert text.splitlines()[1].startswith("Central Asia") and "2,000–4,000 people" in text


def test_overview_cites_reports_on_the_place_even_without_a_publication(answerer, test_store):
    test_store.entries.import_document({"version": 1, "reports": [
        {"url": "https://example.org/r1", "title": "Karagandy recruiters <b>jailed</b>", "places": ["KZ-KAR"],
         "published": "2016-03-01"},
        {"url": "https://example.org/r2", "places": ["KZ-KAR"]}]})
    answer = answerer.answer_query(q(Intent.OVERVIEW, places=["KZ-KAR"]), "en")
    assert answer.kind == "overview"
    assert {i for k, i in answer.used if k == "report"} == {r.id for r in test_store.entries.reports()}
    html = render(answer, "en", fmt="html")
    assert "Karagandy recruiters &lt;b&gt;jailed&lt;/b&gt;" in html and "https://example.org/r2" in html


@pytest.mark.parametrize("text, lang, word", [
    ("откуда вербуют в Казахстане", "ru", "вербуют"), ("вербовка в Караганде", "ru", "вербовка"),
    ("Karaganda recruitment", "en", "recruitment"), ("Қарағандыда адам тарту", "kk", "тарту"),
])
def test_no_figure_but_reporting_that_uses_the_words_is_offered_as_reading(starter_answerer, text, lang, word):
    answer = starter_answerer.ask(text, lang)
    assert answer.kind == "no_data" and not answer.has_figures  # reading, never a figure from a report
    assert [r.id for r in answer.reports] and word in answer.reports_mention
    out = render(answer, lang, fmt="text")
    assert "jamestown.org" in out and word in out


def test_reporting_is_offered_only_when_it_uses_the_words(starter_answerer):
    answer = starter_answerer.ask("откуда вербуют в Афганистане", "ru")  # the report is not about Afghanistan
    assert answer.kind == "no_data" and answer.reports == []
    assert starter_answerer.ask("какие санкции против Казахстана", "ru").reports == []


@pytest.fixture
def other_answerer(tmp_path):
    from pathlib import Path

    store, cleanup = make_store("sqlite", tmp_path)
    store.entries.import_document((Path(__file__).parents[1] / "data" / "other_store.yaml").read_bytes())
    yield Answerer(store)
    cleanup()


@pytest.mark.parametrize("text, lang", [
    ("what did HRW say about returnees", "en"),  # initials, and no place: wherever its figures are
    ("Kazakhstan returnees according to HRW", "en"),
])
def test_an_estimator_named_by_its_initials_narrows_to_its_figures(other_answerer, text, lang):
    answer = other_answerer.ask(text, lang)
    assert answer.kind == "figures" and answer.estimates
    assert {e.id for e in answer.estimates} == {"kz-returnees-2021-02-hrw"}


@pytest.mark.parametrize("text, lang, shown", [
    ("fighters since 2016", "en", "since 2016"), ("Kazakhstan in 2020", "en", "2020"),
    ("Казахстан в 2020 году", "ru", "2020"), ("Қазақстан 2020 жылы", "kk", "2020"),
])
def test_an_overview_for_years_without_figures_is_no_data_with_the_dates_there_are(starter_answerer, text, lang,
                                                                                   shown):
    answer = starter_answerer.ask(text, lang)
    assert answer.kind == "no_data" and not answer.has_figures
    out = render(answer, lang, fmt="text")
    assert shown in out and "2014" in out  # the years asked, and the dates the store has
    assert "  " not in out.splitlines()[0]  # no empty slot in the sentence


def test_an_overview_for_years_counts_only_those_years(starter_answerer):
    answer = starter_answerer.ask("fighters since 2014", "en")
    assert answer.kind == "overview" and answer.overview
    assert all(c.latest is not None and c.latest.as_of.startswith("2014") for c in answer.overview)
