"""End to end (issue 13, curators): the store holds what the curator meant, in each language.

/review takes the estimator and the "as of" date from the sentence ("по данным КНБ", "as of March
2024", "ҰҚК мәліметі бойынша") and says which field it guessed; "около 400", "about 150",
"шамамен 300", "~200" are saved as approximate (approx: true) by /est, /add, /edit, spotting and
files, and read back as "около 400 человек"; the unit step offers the units in use and refuses a
number; /report then pasted text needs no link and its figures go to /review; /addfeed checks the
feed at once; errors say what to do; field names and units are translated."""

from __future__ import annotations

import io

import pytest

from bot.config import Settings
from tests.support.chat import team_settings, team_store
from tests.support.feedserver import FeedServer, rss

ADMIN = 13001
CURATOR = 13002
MEMBER = 13003
REPORT = "edm-2014-11-17-our-people-in-an-alien-war"
KZ_ID = "kz-is-fighters-2014-kisi"


@pytest.fixture
def chat_settings(fake_telegram, tmp_path) -> Settings:
    return team_settings(fake_telegram, tmp_path, admins=frozenset({ADMIN}), fetch_allow_private=True)


@pytest.fixture
def chat_options() -> dict:
    return {"jobs": False}


@pytest.fixture
def chat_store(chat_settings):
    with team_store(chat_settings, {CURATOR: "curator", MEMBER: "member"}) as store:
        yield store


def snapshot(store) -> tuple:
    return store.generation(), store.entries.counts(), store.entries.export_yaml()


async def say(chat, text, lang="en", user=CURATOR):
    return await chat.say(text, user_id=user, lang=lang)


# --- 1. /review: estimator and date from the sentence ---------------------------------------------

REVIEW_CASES = [
    ("ru", {"place": "KZ", "value": 300, "qualifier": "about", "language": "ru",
            "sentence": "По данным КНБ, по состоянию на 1 марта 2024 года около 300 казахстанцев воюют в Сирии."},
     ["около 300 человек", "Оценка: КНБ (из предложения)", "По состоянию на: 1 марта 2024 г. (из предложения)"],
     {"ru": "КНБ"}, "2024-03-01"),
    ("en", {"place": "KG", "value": 150, "qualifier": "about", "language": "en",
            "sentence": "According to the Interior Ministry, as of March 2024 about 150 Kyrgyz citizens are in Syria."},
     ["about 150 people", "Estimator: Interior Ministry (from the sentence)", "As of: March 2024 (from the sentence)"],
     {"en": "Interior Ministry"}, "2024-03"),
    ("kk", {"place": "KZ", "value": 300, "qualifier": "about", "language": "kk",
            "sentence": "ҰҚК мәліметі бойынша, 2024 жылғы 1 наурыздағы жағдай бойынша 300-ге жуық қазақстандық "
                        "Сирияда."},
     ["шамамен 300 адам", "Бағалаған: ҰҚК (сөйлемнен алынды)", "(сөйлемнен алынды)"],
     {"kk": "ҰҚК"}, "2024-03-01"),
]


@pytest.mark.parametrize("lang,candidate,shown,estimator,as_of", REVIEW_CASES)
async def test_review_accept_takes_estimator_and_date_from_the_sentence(chat, chat_store, lang, candidate, shown,
                                                                        estimator, as_of):
    chat_store.candidates.add(REPORT, {"topic": "foreign-fighters", "unit": "people", **candidate})
    preview = await say(chat, "/review", lang)
    text = preview.last.plain.replace("\u202f", " ").replace("\u00a0", " ")
    for needle in shown:
        assert needle in text, (needle, text)
    await chat.press(preview.last, preview.last.button_texts[0])  # Accept, in any language
    [accepted] = chat_store.candidates.find(status="accepted")
    est = chat_store.entries.get("estimate", accepted.estimate_id)
    assert est.estimator == estimator and est.as_of == as_of and est.approx is True
    assert est.source.date == "2014-11-17"  # the report stays the source


@pytest.mark.parametrize("lang,expected", [
    ("en", ["Estimator: Eurasia Daily Monitor (guessed: the publication; the sentence names no one)",
            "As of: November 17, 2014 (guessed: the publication date; the sentence gives none)"]),
    ("ru", ["(предположение: издание; в предложении автор оценки не назван)",
            "(предположение: дата публикации; в предложении даты нет)"]),
    ("kk", ["(болжам: басылым; сөйлемде ешкім аталмаған)", "(болжам: жарияланған күні; сөйлемде күн жоқ)"]),
])
async def test_review_says_which_fields_it_guessed_and_the_date_can_be_corrected(chat, chat_store, lang, expected):
    chat_store.candidates.add(REPORT, {"place": "UZ", "topic": "foreign-fighters", "low": 500, "unit": "people",
                                      "qualifier": "more-than", "language": "en",
                                      "sentence": "More than 500 Uzbeks are fighting for the Islamic State."})
    preview = await say(chat, "/review", lang)
    for needle in expected:
        assert needle in preview.last.plain
    editing = await chat.press(preview.last, preview.last.button_texts[1])  # Edit first
    asked = await chat.press(editing.last, editing.last.button_texts[2])  # As of
    assert any(w in asked.last.plain for w in ("YYYY", "ГГГГ", "ЖЖЖЖ"))
    changed = await say(chat, "2014-10", lang)
    saved = await chat.press(changed.last, changed.last.button_texts[3])  # Save
    assert saved.last is not None
    [accepted] = chat_store.candidates.find(status="accepted")
    est = chat_store.entries.get("estimate", accepted.estimate_id)
    assert est.as_of == "2014-10" and est.low == 500 and est.approx is False


# --- 2. approx: /est, /edit, /history, answers, files ---------------------------------------------

APPROX_CASES = [
    ("ru", "/est KZ; foreign-fighters; около 400; 2016; КНБ; Tengri News 2016-01-10", "около 400 человек",
     "Сколько казахстанцев воюет за ИГ?"),
    ("en", "/est KZ; foreign-fighters; ~200; 2016; KNB; Tengri News 2016-01-10", "about 200 people",
     "How many Kazakhstanis are fighting for the Islamic State?"),
    ("kk", "/est KZ; foreign-fighters; шамамен 300; 2016; ҰҚК; Azattyq 2016-01-10", "шамамен 300 адам",
     "Қазақстаннан қанша адам ИМ жағында соғысып жүр?"),
]


@pytest.mark.parametrize("lang,line,figure,question", APPROX_CASES)
async def test_est_saves_an_approximate_figure_and_answers_say_about(chat, chat_store, lang, line, figure,
                                                                     question):
    confirm = await say(chat, line, lang)
    assert figure in confirm.plain
    await chat.press(confirm.last, confirm.last.button_texts[0])  # Save
    [est] = [e for e in chat_store.entries.estimates(places=["KZ"], topics=["foreign-fighters"]) if e.as_of == "2016"]
    assert est.approx is True and est.value in (200, 300, 400)
    answer = await say(chat, question, lang, user=MEMBER)
    assert figure in answer.plain


async def test_edit_approx_and_history_in_the_curators_language(chat, chat_store):
    await say(chat, f"/edit {KZ_ID} value около 260", "ru")
    assert chat_store.entries.get("estimate", KZ_ID).approx is True
    await say(chat, f"/edit {KZ_ID} value 270", "ru")
    assert chat_store.entries.get("estimate", KZ_ID).approx is False  # a figure typed anew says itself
    edited = await say(chat, f"/edit {KZ_ID} approx да", "ru")
    assert chat_store.entries.get("estimate", KZ_ID).approx is True and "около 270 человек" in edited.plain
    history = await say(chat, f"/history {KZ_ID}", "ru")
    text = history.plain
    assert "точная цифра (value): 250 → 260" in text
    assert "приблизительно (approx): — → да" in text
    assert "приблизительно (approx): да → —" in text
    kk = (await say(chat, f"/history {KZ_ID}", "kk")).plain
    assert "шамамен (approx): — → иә" in kk and "нақты сан (value): 260 → 270" in kk
    bad = await say(chat, f"/edit {KZ_ID} approx maybe", "en")
    assert "not a" in bad.plain or "true or false" in bad.plain or "yes nor no" in bad.plain


APPROX_FILE = """version: 1
estimates:
  - id: kz-approx-2017
    topic: foreign-fighters
    place: KZ
    value: 400
    approx: true
    unit: people
    as_of: 2017
    estimator: {ru: КНБ}
""".encode()


async def test_file_with_approx_imports_exports_and_refuses_a_non_boolean(chat, chat_store, tmp_path):
    from bot.store import Store

    preview = await chat.document(APPROX_FILE, "approx.yaml", user_id=CURATOR, lang="en")
    await chat.press(preview.last, "Import")
    assert chat_store.entries.get("estimate", "kz-approx-2017").approx is True
    exported = await say(chat, "/export")
    assert b"approx: true" in exported.document.content
    other = Store.open(f"sqlite:///{tmp_path / 'again.db'}")
    try:
        other.entries.import_document(exported.document.content, actor="test")
        assert other.entries.export_yaml() == chat_store.entries.export_yaml()  # the round trip keeps approx
        assert other.entries.get("estimate", "kz-approx-2017").approx is True
    finally:
        other.close()
    before = snapshot(chat_store)
    for lang, expected in (("en", "must be true or false"), ("ru", "должно быть true или false"),
                           ("kk", "true немесе false болуы керек")):
        refused = await chat.document(APPROX_FILE.replace(b"approx: true", b'approx: "yes"'), "bad.yaml",
                                      user_id=CURATOR, lang=lang)
        assert expected in refused.plain
    assert snapshot(chat_store) == before


# --- 3 and 7. the unit step; units translated ------------------------------------------------------

UNITS_FILE = b"""version: 1
estimates:
  - id: kz-blocked-sites-2023
    topic: foreign-fighters
    place: KZ
    value: 3200
    unit: websites
    as_of: 2023
    estimator: {en: Ministry of Information}
"""


@pytest.mark.parametrize("lang,button,refusal", [
    ("en", "websites", "is a number, not a unit"),
    ("ru", "сайтов", "это число, а не единица"),
    ("kk", "сайт", "бұл сан, өлшем бірлігі емес"),
])
async def test_unit_step_offers_units_in_use_and_refuses_a_number(chat, chat_store, lang, button, refusal):
    chat_store.entries.import_document(UNITS_FILE, actor="test")
    step = await say(chat, "/add estimate", lang)
    step = await say(chat, "KG", lang)
    step = await say(chat, "foreign-fighters", lang)
    step = await say(chat, {"en": "about 150", "ru": "около 150", "kk": "шамамен 150"}[lang], lang)
    assert button in step.last.button_texts  # a unit the store uses, in the curator's language
    refused = await say(chat, "150", lang)
    assert refusal in refused.plain
    step = await chat.press(step.last, button)
    step = await say(chat, "2023", lang)
    step = await say(chat, "Ministry of Information", lang)
    step = await say(chat, "Kaktus Media", lang)
    while len(step.last.button_texts) != 3:  # skip the optional fields up to Save / Edit / Cancel
        step = await chat.press(step.last, step.last.button_texts[0])
    await chat.press(step.last, step.last.button_texts[0])
    [est] = chat_store.entries.estimates(places=["KG"], topics=["foreign-fighters"])[:1]
    assert est.unit == "websites" and est.value == 150 and est.approx is True


@pytest.mark.parametrize("lang,expected", [("ru", "3 200 сайтов"), ("kk", "3 200 сайт"), ("en", "3,200 websites")])
async def test_units_are_words_of_the_reply_language(chat, chat_store, lang, expected):
    chat_store.entries.import_document(UNITS_FILE, actor="test")
    shown = await say(chat, "/edit kz-blocked-sites-2023 value 3200", lang)
    assert expected in shown.plain.replace("\u00a0", " ").replace("\u202f", " ")


# --- 4. /report then pasted text --------------------------------------------------------------------

@pytest.mark.parametrize("lang,pasted,spotted", [
    ("ru", "Казахстанцы в Сирии\nПо данным КНБ, около 300 казахстанцев воюют в Сирии.", "ждёт проверки в /review"),
    ("en", "Uzbeks abroad\nMore than 500 Uzbeks are fighting for the Islamic State.", "waits in /review"),
    ("kk", "Сириядағы қазақстандықтар\nҰҚК мәліметі бойынша, 300-ге жуық қазақстандық Сирияда соғысып жүр.",
     "/review ішінде тексеруді күтіп тұр"),
])
async def test_report_then_pasted_text_needs_no_link_and_is_spotted(chat, chat_store, lang, pasted, spotted):
    prompt = await say(chat, "/report", lang)
    assert prompt.last is not None
    step = await say(chat, pasted, lang)
    assert "http://" not in step.plain  # the flow does not ask for a link the curator does not have
    while len(step.last.button_texts) != 3:  # optional fields skipped, up to Save / Edit / Cancel
        step = await chat.press(step.last, step.last.button_texts[0])
    preview = step.plain
    assert "url:" not in preview and "title:" not in preview  # field names in the curator's language
    assert {"ru": "Ссылка:", "en": "Link:", "kk": "Сілтеме:"}[lang] in preview
    saved = await chat.press(step.last, step.last.button_texts[0])
    assert spotted in saved.last.plain
    [report] = [r for r in chat_store.entries.reports() if r.title and pasted.split("\n")[0] in r.title.values()]
    [candidate] = chat_store.candidates.find(report_id=report.id)
    assert candidate.topic == "foreign-fighters" and candidate.place in ("KZ", "UZ")
    review = await say(chat, "/review", lang)
    assert pasted.split("\n")[1][:20] in review.last.plain
    assert "pasted.monitorbot.invalid" not in review.last.text  # no link to a page that is not there
    await chat.press(review.last, review.last.button_texts[0])  # Accept
    est = chat_store.entries.get("estimate", chat_store.candidates.get(candidate.id).estimate_id)
    assert est.source.url is None and "invalid" not in str(est.source.publication)


# --- 5 and 6. /addfeed checks at once; errors say what to do -------------------------------------

FEED = rss("Central Asia Monitor", [
    ("https://news.example.kz/a1", "Около 300 казахстанцев воюют в Сирии", "Mon, 02 Mar 2026 00:10:00 GMT",
     "По данным КНБ, около 300 казахстанцев воюют в Сирии."),
    ("https://news.example.kz/a2", "Another story", "Mon, 02 Mar 2026 00:10:00 GMT", "Nothing here."),
], "ru")


@pytest.mark.parametrize("lang,found,failed,meaning", [
    ("en", "Added feed 1: “Central Asia Monitor”, 2 items now.", "does not work as a feed", "error 404 (page not found)"),
    ("ru", "Лента 1 добавлена: «Central Asia Monitor», сейчас в ней 2 материала.", "не работает как лента",
     "Сайт ответил ошибкой 404 (страница не найдена)"),
    ("kk", "1 арнасы қосылды: «Central Asia Monitor», қазір онда 2 материал бар.", "арна ретінде жұмыс істемейді",
     "Сайт 404 қатесімен жауап берді (бет табылмады)"),
])
async def test_addfeed_checks_the_feed_at_once(chat, chat_store, feed_server: FeedServer,  # noqa: F811
                                               lang, found, failed, meaning):
    feed_server.feeds["central"] = FEED
    added = await say(chat, f"/addfeed {feed_server.url('f/central')}", lang)
    assert found in added.last.plain
    assert chat_store.feeds.get(feed_server.url("f/central")).title == "Central Asia Monitor"
    missing = await say(chat, f"/addfeed {feed_server.url('f/missing')}", lang)
    assert failed in missing.last.plain and meaning in missing.last.plain
    assert chat_store.feeds.get(feed_server.url("f/missing")) is None  # not added without a confirmation
    cancelled = await chat.press(missing.last, missing.last.button_texts[1])
    assert cancelled.last is not None and chat_store.feeds.get(feed_server.url("f/missing")) is None
    page = await say(chat, f"/addfeed {feed_server.url('broken')}", lang)
    assert failed in page.last.plain
    anyway = await chat.press(page.last, page.last.button_texts[0])  # Add anyway
    feed = chat_store.feeds.get(feed_server.url("broken"))
    assert feed is not None and str(feed.id) in anyway.last.plain
    chat_store.feeds.record_failure(feed.id, "http_status: status=404", chat_store.db.clock())
    listed = await say(chat, "/feeds", lang)
    assert meaning in listed.last.plain and "status=404" not in listed.last.plain


@pytest.mark.parametrize("lang,empty,json_error,yaml_error", [
    ("en", "The file is empty", "The file is not valid JSON: look at line 2, column",
     "The file is not valid YAML: look at line 4"),
    ("ru", "Файл пуст", "Файл не является корректным JSON: посмотрите строку 2, столбец",
     "Файл не является корректным YAML: посмотрите строку 4"),
    ("kk", "Файл бос", "Файл дұрыс JSON емес: 2-жолдың", "Файл дұрыс YAML емес: 4-жолдың"),
])
async def test_file_errors_say_what_is_wrong_and_where(chat, chat_store, lang, empty, json_error, yaml_error):
    before = snapshot(chat_store)
    assert empty in (await chat.document(b"", "empty.yaml", user_id=CURATOR, lang=lang)).plain
    assert empty in (await chat.document(b"# nothing yet\n", "comments.yaml", user_id=CURATOR, lang=lang)).plain
    broken_json = b'{"version": 1,\n "estimates": [}\n'
    assert json_error in (await chat.document(broken_json, "store.json", user_id=CURATOR, lang=lang)).plain
    broken_yaml = b"version: 1\nestimates:\n  - {id: a, place: [KZ\n"
    assert yaml_error in (await chat.document(broken_yaml, "store.yaml", user_id=CURATOR, lang=lang)).plain
    assert snapshot(chat_store) == before


@pytest.mark.parametrize("lang,expected", [
    ("en", "Fields you can edit: topic, place, value (exact figure)"),
    ("ru", "Поля, которые можно изменить: topic (тема), place (место), value (точная цифра)"),
    ("kk", "Өзгертуге болатын өрістер:"),
])
async def test_unknown_edit_field_lists_the_fields(chat, chat_store, lang, expected):
    before = snapshot(chat_store)
    replies = await say(chat, f"/edit {KZ_ID} valeu 300", lang)
    assert expected in replies.plain and "approx" in replies.plain and "source.date" in replies.plain
    assert snapshot(chat_store) == before


# --- 8. the console -------------------------------------------------------------------------------

async def test_console_addfeed_polls_at_once_and_export_says_where(tmp_path, feed_server: FeedServer,  # noqa: F811
                                                                   monkeypatch):
    from app.console import Console
    from bot.store import Store

    feed_server.feeds["central"] = FEED
    monkeypatch.chdir(tmp_path)
    store = Store.open(f"sqlite:///{tmp_path / 'console.db'}")
    store.entries.load_starter_if_empty()
    out = io.StringIO()
    lines = f"/addfeed {feed_server.url('f/central')}\n/export\n/quit\n"
    try:
        console = Console(Settings(database_url=f"sqlite:///{tmp_path / 'console.db'}", fetch_allow_private=True),
                          store, stdin=io.StringIO(lines), stdout=out, language="en")
        assert await console.run() == 0
        text = out.getvalue()
        assert "Polled it now: 2 new reports, 1 figures for /review." in text
        assert "within a minute" not in text
        assert store.candidates.find(status="pending")  # the spotted figure waits in /review
        assert f"The file was written to {tmp_path}" in text
    finally:
        store.close()
