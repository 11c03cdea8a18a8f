"""Follow-up questions: when a short message is read as a follow-up of the previous question, what
the merge keeps and replaces (en/ru/kk), what is never a follow-up, the JSON round trip, and the
chat-context table on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from bot.answering import Answerer, render
from bot.understanding.followup import follow_up, from_dict, to_dict
from bot.understanding.query import Intent

KZ_QUESTION = "сколько казахстанцев воюет за ИГ?"


@pytest.fixture
def answerer(starter_store):
    return Answerer(starter_store)


def effective(answerer, *texts):
    """The question as read after a chat of `texts` (each message read against the one before)."""
    previous = None
    for text in texts:
        query = answerer.parse(text)
        previous = follow_up(previous, query) or query
    return previous


def answer_text(answerer, *texts, lang="en"):
    query = effective(answerer, *texts)
    return query, render(answerer.answer_query(query, lang), lang, fmt="text")


# --- merge rules ------------------------------------------------------------------------------

@pytest.mark.parametrize("follow,lang,place", [
    ("а киргизов?", "ru", "KG"),
    ("А из Кыргызстана?", "ru", "KG"),
    ("and Uzbekistan?", "en", "UZ"),
    ("what about Tajikistan?", "en", "TJ"),
    ("ал қырғыздар ше?", "kk", "KG"),
    ("және Тәжікстан?", "kk", "TJ"),
    ("Uzbekistan?", "en", "UZ"),
])
def test_a_place_swap_keeps_the_topic_and_answers_for_the_new_place(answerer, follow, lang, place):
    query = effective(answerer, KZ_QUESTION, follow)
    assert query.places == [place] and query.topics == ["foreign-fighters"]
    assert query.intent == Intent.FIGURE and query.follow_up_of == KZ_QUESTION and query.text == follow
    figure = {"KG": "100", "UZ": "500", "TJ": "190"}[place]
    text = render(answerer.answer_query(query, lang), lang, fmt="text")
    assert figure in text and "250" not in text


def test_a_year_change_with_no_figure_for_that_year_says_no_data_not_the_old_figure(answerer):
    query, text = answer_text(answerer, KZ_QUESTION, "а в 2015?", lang="ru")
    assert query.places == ["KZ"] and (query.year_from, query.year_to) == (2015, 2015)
    assert "250" not in text and "2015" in text


@pytest.mark.parametrize("follow", ["2015?", "в 2015 году?", "and in 2015?", "ал 2015 жылы ше?"])
def test_a_year_alone_replaces_the_years(answerer, follow):
    query = effective(answerer, "How many Kazakhstanis fought for IS in 2014?", follow)
    assert (query.year_from, query.year_to) == (2015, 2015) and query.places == ["KZ"]


@pytest.mark.parametrize("follow", ["what about the latest?", "а последние?", "соңғы?"])
def test_latest_replaces_a_year(answerer, follow):
    query, text = answer_text(answerer, KZ_QUESTION, "а в 2015?", follow)
    assert query.latest and query.year_from is None and query.year_to is None
    assert query.places == ["KZ"] and "250" in text


def test_a_place_swap_keeps_the_year(answerer):
    query = effective(answerer, KZ_QUESTION, "а в 2015?", "а киргизов?")
    assert query.places == ["KG"] and query.year_from == 2015


def test_a_topic_swap_keeps_the_place_and_drops_the_old_organisation(answerer):
    query, text = answer_text(answerer, KZ_QUESTION, "а сколько погибло?", lang="ru")
    assert query.places == ["KZ"] and query.topics[0] == "fighters-possibly-dead"
    assert query.entities == []  # "за ИГ" belonged to the old topic
    assert "80" in text and "250" not in text


def test_a_topic_alone_after_a_place_question_keeps_the_place(answerer):
    query = effective(answerer, "What do you have on Kyrgyzstan?", "fighters?")
    assert query.places == ["KG"] and query.topics == ["foreign-fighters"]


def test_and_uzbekistan_after_a_comparison_is_uzbekistans_figure(answerer):
    query, text = answer_text(answerer, "Compare fighters from all five republics", "and Uzbekistan?")
    assert query.places == ["UZ"] and query.intent == Intent.FIGURE and not query.place_members
    assert "more than 500" in text and "250" not in text and "Tajikistan" not in text


def test_a_group_after_one_place_becomes_a_comparison(answerer):
    query = effective(answerer, KZ_QUESTION, "а по всей Центральной Азии?")
    assert query.intent == Intent.COMPARE and query.place_members


def test_which_has_the_most_after_one_place_compares_every_place(answerer):
    query, text = answer_text(answerer, KZ_QUESTION, "а где больше всего?", lang="ru")
    assert query.intent == Intent.COMPARE and query.most and query.places == []
    assert text.index("500") < text.index("250")  # sorted by figure, Uzbekistan first


@pytest.mark.parametrize("follow,intent", [("trend?", Intent.TREND), ("а законы?", Intent.LAWS)])
def test_a_clear_intent_of_its_own_replaces_the_old_one(answerer, follow, intent):
    query = effective(answerer, KZ_QUESTION, follow)
    assert query.intent == intent and query.places == ["KZ"]


def test_a_law_question_follows_up_with_another_jurisdiction(answerer):
    query, text = answer_text(answerer, "Қазақстан 2014 жылы қандай заң қабылдады?", "ал Өзбекстан ше?", lang="kk")
    assert query.intent == Intent.LAWS and query.places == ["UZ"] and query.year_from == 2014
    assert "Назарбаев" not in text  # not Kazakhstan's law


def test_a_follow_up_for_a_place_without_data_says_no_data(answerer):
    query, text = answer_text(answerer, KZ_QUESTION, "а из Монголии?", lang="ru")
    assert query.places == ["MN"]
    assert "250" not in text and "КИСИ" not in text


# --- not follow-ups ---------------------------------------------------------------------------

@pytest.mark.parametrize("second", [
    "how many Tajiks fight for IS?",  # a full question: place and topic
    "а сколько таджиков воюет за ИГ?",  # a full question after a cue
    "and what do analysts in Almaty and Bishkek think about the recruitment of young people online?",  # long
    "привет",  # a greeting
    "спасибо",
    "а женщин?",  # a word no topic or place knows: never everyone's figure for "women"
    "?!",
])
def test_not_a_follow_up(answerer, second):
    previous = answerer.parse(KZ_QUESTION)
    assert follow_up(previous, answerer.parse(second)) is None


def test_nothing_follows_up_a_greeting_or_nothing(answerer):
    assert follow_up(None, answerer.parse("а киргизов?")) is None
    assert follow_up(answerer.parse("привет"), answerer.parse("а киргизов?")) is None


# --- keeping a query between messages ---------------------------------------------------------

def test_a_query_survives_the_json_round_trip(answerer):
    query = effective(answerer, "Compare fighters from all five republics", "in 2014?")
    data = json.loads(json.dumps(to_dict(query)))
    assert from_dict(data) == query
    assert from_dict(data).place_members == query.place_members  # tuples come back as tuples


@pytest.mark.parametrize("data", [None, [], {}, {"text": 5}, {"text": "x", "intent": "nonsense"},
                                  {"text": "x", "year_from": "soon"}])
def test_a_damaged_context_reads_as_none(data):
    assert from_dict(data) is None


def test_an_unknown_field_from_another_version_is_ignored():
    query = from_dict({"text": "а киргизов?", "places": ["KG"], "intent": "figure", "mood": "curious"})
    assert query is not None and query.places == ["KG"] and query.intent == Intent.FIGURE


# --- the chat_context table (SQLite and PostgreSQL) -------------------------------------------

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def test_the_last_query_per_person_per_chat_within_the_window(store):
    store.context.remember(-100, 1, {"text": "one"}, NOW)
    store.context.remember(-100, 2, {"text": "two"}, NOW)
    store.context.remember(1, 1, {"text": "private"}, NOW)
    assert store.context.last(-100, 1, since=NOW - timedelta(minutes=30)) == {"text": "one"}
    assert store.context.last(-100, 2, since=NOW - timedelta(minutes=30)) == {"text": "two"}
    assert store.context.last(1, 1, since=NOW - timedelta(minutes=30)) == {"text": "private"}
    assert store.context.last(-100, 3, since=NOW - timedelta(minutes=30)) is None
    assert store.context.last(-100, 1, since=NOW + timedelta(seconds=1)) is None  # older than the window


def test_remember_replaces_and_an_older_write_never_wins(store):
    store.context.remember(5, 1, {"text": "first"}, NOW)
    store.context.remember(5, 1, {"text": "second", "places": ["KG"]}, NOW + timedelta(minutes=1))
    store.context.remember(5, 1, {"text": "late arrival"}, NOW + timedelta(seconds=30))  # out of order
    assert store.context.last(5, 1, since=NOW) == {"text": "second", "places": ["KG"]}


def test_rows_a_day_old_are_pruned_by_every_200th_write(store):
    from sqlalchemy import select

    from bot.store.context import PRUNE_EVERY, TABLE

    def rows() -> list[tuple[int, int]]:
        with store.db.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(
                select(TABLE.c.chat_id, TABLE.c.user_id).order_by(TABLE.c.chat_id, TABLE.c.user_id))]

    store.context.remember(7, 1, {"text": "two days ago"}, NOW - timedelta(days=2))  # the first write: prunes
    store.context.remember(8, 1, {"text": "other chat, two days ago"}, NOW - timedelta(days=2))
    store.context.remember(7, 2, {"text": "now"}, NOW)  # an ordinary write: nothing deleted
    assert rows() == [(7, 1), (7, 2), (8, 1)]
    store.context.writes = PRUNE_EVERY  # the next write is a pruning one
    store.context.remember(9, 1, {"text": "now too"}, NOW)
    assert rows() == [(7, 2), (9, 1)]  # every chat's old rows, the recent ones kept
