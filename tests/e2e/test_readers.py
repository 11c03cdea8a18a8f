"""End to end (issue 13, "replies read as finished text"), in English, Russian and Kazakh, over the
fake Bot API: the Sources button gives what "source?" gives (never ids: /why has those, for
curators); replies echo the words as the person typed them; no-data replies end in sentences, not
a bare "1 закон"; no reply leaves a `{placeholder}` behind; inline mode offers the best few cited
answers, ranked.
"""

from __future__ import annotations

import re

import pytest

from bot.i18n import tr
from tests.fakebotapi.harness import DEFAULT_USER_ID

KZ_ID = "kz-is-fighters-2014-kisi"
QUESTIONS = {
    "en": "How many Kazakhstanis are fighting for the Islamic State?",
    "ru": "Сколько казахстанцев воюет за ИГ?",
    "kk": "Қазақстаннан қанша адам ИМ жағында соғысып жүр?",
}
SOURCE_FOLLOW_UP = {"en": "source?", "ru": "источник?", "kk": "дереккөзі?"}
ESTIMATOR = {"en": "KISI", "ru": "КИСИ", "kk": "ҚСЗИ"}
LEFTOVER = re.compile(r"\{[A-Za-z_]*\}|%\([A-Za-z_]+\)")


def body(replies) -> str:
    return replies.plain.strip()


# --- 1. the Sources button ---------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
async def test_sources_button_gives_what_typing_source_gives(chat, lang):
    answer = await chat.say(QUESTIONS[lang], lang=lang)
    assert answer.last.button_texts == [tr(lang).gettext("Sources")]
    pressed = await chat.press(answer.last, tr(lang).gettext("Sources"))
    typed = await chat.say(SOURCE_FOLLOW_UP[lang], lang=lang)
    assert body(pressed) == body(typed)  # the same reply, whichever way it is asked for
    text = body(pressed)
    for shown in (ESTIMATOR[lang], "Eurasia Daily Monitor", "2014", "jamestown.org/program/our-people"):
        assert shown in text, shown
    assert tr(lang).gettext("Title: {title}").split(":")[0] in text
    for internal in (KZ_ID, "revision", tr(lang).gettext("Entries used:"), "foreign-fighters"):
        assert internal not in text, internal


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
async def test_why_names_entries_for_curators_and_sources_for_everyone_else(chat, chat_store, lang):
    await chat.say(QUESTIONS[lang], lang=lang)
    member = await chat.say("/why", lang=lang)
    assert KZ_ID not in member.plain and "Eurasia Daily Monitor" in member.plain
    chat_store.people.set_role(DEFAULT_USER_ID, "curator", "tg:1")
    curator = await chat.say("/why", lang=lang)
    assert KZ_ID in curator.plain and tr(lang).gettext("Why this answer") in curator.plain


# --- 2. the user's own words -------------------------------------------------------------------

@pytest.mark.parametrize("lang,question,typed,folded", [
    ("ru", "Сколько детей в Таджикистане?", "детей", "детеи"),
    ("ru", "Сколько детей вернули в Казахстан?", "детей", "детеи"),
    ("kk", "Қанша әйелдер қайтарылды Қазақстанға?", "әйелдер", "аиелдер"),
    ("kk", "Қанша әйелдер қайтарылды Қазақстанға?", "қайтарылды", "каитарылды"),
    ("en", "How many Chechens fight for ISIS?", "Chechens", "chechens"),
])
async def test_no_data_replies_echo_the_words_as_typed(chat, lang, question, typed, folded):
    replies = await chat.say(question, lang=lang)
    assert typed in replies.plain
    assert folded not in replies.plain


# --- 3. whole sentences ------------------------------------------------------------------------

@pytest.mark.parametrize("lang,question,law_line", [
    ("en", "How many children returned to Kazakhstan?", "There is also 1 law for Kazakhstan in the store."),
    ("ru", "Сколько детей вернули в Казахстан?", "Казахстан: в базе есть также 1 закон."),
    ("kk", "Қанша әйелдер қайтарылды Қазақстанға?", "Қазақстан: базада тағы 1 заң бар."),
])
async def test_no_data_reply_ends_in_a_sentence_not_a_bare_count(chat, lang, question, law_line):
    replies = await chat.say(question, lang=lang)
    lines = [line.strip() for line in replies.plain.splitlines() if line.strip()]
    assert law_line in lines
    bare = re.compile(r"^\d+ (law|laws|закон|закона|законов|заң)$")
    assert not [line for line in lines if bare.match(line)]


async def test_kazakh_reporting_line_is_not_spliced_onto_a_place(chat):
    replies = await chat.say("Украинада соғысып жүрген қазақстандықтар қанша?", lang="kk")
    assert "Украинада, соғысып аталатын" not in replies.plain
    assert "«Украинада, соғысып» кездесетін материалдар:" in replies.plain
    # the topic is quoted once; its own quotes become „…“ inside
    assert "««" not in replies.plain and "«„Ислам мемлекеті“ жағында" in replies.plain


@pytest.mark.parametrize("lang,question,first", [
    ("ru", "Сколько погибло в Украине?", "Украина: нет данных по теме «доля боевиков, которые, возможно, уже погибли»."),
    ("ru", "Сколько детей в Таджикистане?", "Таджикистан: нет данных по запросу «детей»."),
    ("kk", "Қанша әйелдер қайтарылды Қазақстанға?", "Қазақстан бойынша «қайтарылды» туралы дерек жоқ."),
    ("en", "How many children in Kyrgyzstan prisons", "No figures on “prisons” for Kyrgyzstan."),
])
async def test_no_data_first_line_is_one_sentence(chat, lang, question, first):
    replies = await chat.say(question, lang=lang)
    assert replies.plain.strip().splitlines()[0] == first


# --- 4. no placeholder left in any reply ----------------------------------------------------------

REPLY_KINDS = {  # a question for each kind of reply and each branch of "no data"
    "ru": ["Сколько казахстанцев воюет за ИГ?", "Сравните число боевиков из республик Центральной Азии",
           "Какой закон позволяет передать государству имущество экстремистской группы?",
           "Как менялось число боевиков из Казахстана?", "Казахстан", "Сколько детей в Таджикистане?",
           "Сколько погибло в Украине?", "Сколько боевиков из Дагестана?", "Сколько казахстанцев воюет за ИГ в 2019?",
           "Сколько чеченцев воюет за ИГ по данным ООН?", "законы Туркменистана о вербовке", "привет",
           "фыва олдж"],
    "kk": ["Қазақстаннан қанша адам ИМ жағында соғысып жүр?", "Орталық Азия республикаларынан шыққан содырлар санын салыстырыңыз",
           "Қай заң экстремистік топтың мүлкін мемлекетке беруге мүмкіндік береді?", "Қазақстан",
           "Қанша әйелдер қайтарылды Қазақстанға?", "Украинада соғысып жүрген қазақстандықтар қанша?",
           "2019 жылы Қазақстаннан қанша адам ИМ жағында соғысты?", "сәлем", "қщзх жлдэ"],
}


@pytest.mark.parametrize("lang", ["ru", "kk"])
async def test_no_reply_leaves_a_placeholder(chat, lang):
    for question in REPLY_KINDS[lang]:
        replies = await chat.say(question, lang=lang)
        assert not LEFTOVER.search(replies.plain), (question, replies.plain)
        if replies.last.button_texts:
            pressed = await chat.press(replies.last, tr(lang).gettext("Sources"))
            assert not LEFTOVER.search(pressed.plain), (question, pressed.plain)


# --- 5. inline mode: the best few, ranked ----------------------------------------------------------

@pytest.mark.parametrize("lang,query,first", [
    ("en", "KZ fighters", "Kazakhstan: 250 people"),
    ("ru", "Сколько казахстанцев воюет за ИГ?", "Казахстан: 250 человек"),
    ("kk", "Қазақстаннан қанша адам ИМ жағында соғысып жүр?", "Қазақстан: 250 адам"),
])
async def test_inline_offers_the_best_few_cited_answers_ranked(chat, lang, query, first):
    results = await chat.inline(query, lang=lang)
    assert 2 <= len(results) <= 5
    assert results[0].title == first  # the answer to the question comes first
    titles = [r.title for r in results]
    assert len(set(titles)) == len(titles)
    for result in results:  # each one a cited answer: the figure, who estimated it, where it was published
        assert result.parse_mode == "HTML"
        assert ESTIMATOR[lang] in result.plain and "Eurasia Daily Monitor" in result.plain
        assert not LEFTOVER.search(result.plain)
    assert any("100" in t for t in titles[1:])  # Kyrgyzstan's figure on the same topic, titled with its place


async def test_inline_comparison_offers_each_place_after_the_table(chat):
    results = await chat.inline("Compare fighters from all five republics", lang="en")
    assert len(results) == 5
    assert "Kazakhstan" in results[0].plain and "Uzbekistan" in results[0].plain  # the table first
    assert [r.title.split(":")[0] for r in results[1:]] == ["Kazakhstan", "Kyrgyzstan", "Tajikistan", "Turkmenistan"]


async def test_inline_without_data_offers_what_the_store_has(chat):
    results = await chat.inline("Сколько детей в Таджикистане?", lang="ru")
    assert "«детей»" in results[0].plain  # the honest answer first
    assert [r.title for r in results[1:]] == ["Таджикистан: 190 человек"]
    assert "КИСИ" in results[1].plain
