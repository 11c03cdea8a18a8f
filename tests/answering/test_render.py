"""Rendering details: figure wording per language, Kazakh number suffixes, escaping, line
lengths, and that every message id answering uses has its ru and kk translation."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from babel.messages.extract import extract_from_dir

from bot.answering import Answer, render, render_entry
from bot.answering.figures import format_figure, kk_number_suffixes
from bot.store.records import EstimateRecord, LawRecord, Source
from tests.support.answering import ROOT, translations


def est(**kw) -> EstimateRecord:
    base = dict(id="x", topic="foreign-fighters", place="KZ", unit="people", as_of="2014-09",
                estimator={"en": "KISI"}, source=Source(publication={"en": "Tengri News"}, date="2014-09-16"))
    base.update(kw)
    return EstimateRecord(**base)


@pytest.mark.parametrize("record, en, ru, kk", [
    (est(value=250), "250 people", "250 человек", "250 адам"),
    (est(value=1), "1 person", "1 человек", "1 адам"),
    (est(value=3), "3 people", "3 человека", "3 адам"),
    (est(value=12500), "12,500 people", "12\xa0500 человек", "12\xa0500 адам"),
    (est(low=500), "more than 500 people", "более 500 человек", "500-ден астам адам"),
    (est(low=70), "more than 70 people", "более 70 человек", "70-тен астам адам"),
    (est(high=80, unit="percent"), "up to 80%", "до 80%", "80%-ға дейін"),
    (est(high=10), "up to 10 people", "до 10 человек", "10-ға дейін адам"),
    (est(low=19, high=43, unit="years"), "19–43 years", "19–43 года", "19–43 жыл"),
    (est(value=2.5, unit="percent"), "2.5%", "2,5%", "2,5%"),
    (est(value=7, unit="drones"), "7 drones", "7 drones", "7 drones"),
])
def test_figure_wording(record, en, ru, kk):
    assert format_figure(record, "en") == en
    assert format_figure(record, "ru") == ru
    assert format_figure(record, "kk") == kk


@pytest.mark.parametrize("n, abl, dat", [(500, "ден", "ге"), (80, "нен", "ге"), (10, "нан", "ға"), (43, "тен", "ке"),
                                         (19, "дан", "ға"), (1000, "нан", "ға"), (250, "ден", "ге"), (40, "тан", "қа")])
def test_kazakh_number_suffixes(n, abl, dat):
    assert kk_number_suffixes(n) == (abl, dat)


def test_render_entry_law_escapes_and_cuts_long_provisions():
    law = LawRecord(id="l1", jurisdiction="KZ", title={"en": "A <law> & co"}, signed="2014-11-03",
                    provisions=({"en": "x" * 2000},), status="signed")
    html = render_entry(law, "en", fmt="html")
    assert "A &lt;law&gt; &amp; co" in html and "<law>" not in html
    assert "x" * 599 + "…" in html and "x" * 601 not in html
    assert all(len(line) < 700 for line in html.splitlines())
    assert "<code>l1</code>" in html


def test_render_entry_estimate_in_kazakh_names_estimator_source_and_date():
    text = render_entry(est(value=250, estimator={"kk": "ҚСЗИ", "en": "KISI"}), "kk", fmt="text")
    assert "250 адам" in text and "ҚСЗИ" in text and "Tengri News" in text and "2014" in text


def test_long_answers_keep_lines_short():
    many = [est(id=f"e{i}", value=i, note={"en": "n" * 5000}) for i in range(200)]
    text = render(Answer(kind="figures", places=["KZ"], topic="foreign-fighters", estimates=many), "en", fmt="html")
    assert max(len(line) for line in text.splitlines()) <= 700


def test_bad_format_is_refused():
    with pytest.raises(ValueError):
        render(Answer(kind="help"), "en", fmt="markdown")


def test_every_answering_msgid_has_ru_and_kk_translations():
    ru, kk = translations("ru"), translations("kk")
    missing = []
    for _f, _l, msg, _c, _ctx in extract_from_dir(
            str(ROOT / "bot" / "answering"), method_map=[("**.py", "python")],
            keywords={"gettext": None, "ngettext": (1, 2), "N_": None}):
        singular = msg[0] if isinstance(msg, tuple) else msg
        if not all(ru.get(singular, ("",))) or not all(kk.get(singular, ("",))):
            missing.append(singular)
            continue
        if isinstance(msg, tuple):
            assert len(ru[singular]) == 3 and len(kk[singular]) == 2, singular
    assert missing == []


class _TagChecker(HTMLParser):
    """Telegram HTML: only b, i, a, code, pre; every tag closed, nothing left open."""

    ALLOWED = {"b", "i", "a", "code", "pre"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.ALLOWED:
            self.problems.append(f"tag <{tag}>")
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.problems.append(f"unbalanced </{tag}>")


QUESTIONS = [
    ("en", "how many kazakh fighters"), ("ru", "сравни боевиков Центральной Азии"),
    ("kk", "Қазақстан заңдары"), ("en", "who estimated the number of uzbek fighters?"),
    ("en", "what do you have on Kazakhstan?"), ("ru", "сколько боевиков из Германии"),
    ("en", "how did the number of Kazakh fighters change?"), ("en", "hello"), ("en", "🙂"),
]


@pytest.fixture
def starter_answerer(tmp_path):
    from bot.answering import Answerer
    from tests.support.answering import TEST_DOC
    from tests.support.store import make_store

    store, cleanup = make_store("sqlite", tmp_path)
    store.entries.import_document(TEST_DOC)
    yield Answerer(store)
    cleanup()


@pytest.mark.parametrize("lang, question", QUESTIONS)
def test_html_is_what_telegram_accepts(starter_answerer, lang, question):
    from bot.answering import render_why

    answer = starter_answerer.ask(question, lang=lang)
    for html in (render(answer, lang, fmt="html"), render_why(answer, lang, fmt="html")):
        checker = _TagChecker()
        checker.feed(html)
        checker.close()
        assert checker.problems == [] and checker.stack == [], html
        assert len(html) < 4096 and max(len(line) for line in html.splitlines()) <= 700
    text = render(answer, lang, fmt="text")
    assert "<b>" not in text and "&lt;" not in text


def test_hundreds_of_figures_stay_within_one_message():
    many = [est(id=f"e{i}", value=i, as_of=f"20{10 + i % 10}-0{1 + i % 9}") for i in range(300)]
    answer = Answer(kind="figures", places=["KZ"], topic="foreign-fighters", estimates=many)
    text = render(answer, "ru", fmt="html")
    assert len(text) < 4096 * 3  # the handler splits on lines; keep it a few messages at most
    assert "…и ещё 250 оценок." in text


def test_a_link_is_only_ever_http():
    bad = est(value=1, source=Source(publication={"en": "X"}, url="javascript:alert(1)"))
    html = render(Answer(kind="sources", places=["KZ"], estimates=[bad]), "en", fmt="html")
    assert "href" not in html and "javascript:alert(1)" in html


ODD = ["", "   ", "\x00\x01\x1b[31m", "<b>Kazakhstan</b> fighters", "'; DROP TABLE estimates; --",
       "а" * 4096, "KZ " * 1000, "2014 2015 2016 1999 3000 12345", "**bold** _it_ `code`", "👍🏽🇰🇿"]


@pytest.mark.parametrize("text", ODD)
def test_odd_input_never_raises_and_renders_valid_html(starter_answerer, text):
    from bot.answering import render_why

    for lang in ("en", "ru", "kk"):
        answer = starter_answerer.ask(text, lang=lang)
        for html in (render(answer, lang, fmt="html"), render_why(answer, lang, fmt="html")):
            checker = _TagChecker()
            checker.feed(html)
            assert checker.problems == [] and checker.stack == []


def test_arbitrary_text_never_raises(starter_answerer):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.text(max_size=200), st.sampled_from(["en", "ru", "kk"]))
    def run(text, lang):
        answer = starter_answerer.ask(text, lang=lang)
        render(answer, lang, fmt="html")
        render(answer, lang, fmt="text")

    run()


def test_figures_of_mixed_places_have_no_empty_heading():
    answer = Answer(kind="figures", estimates=[est(id="a", value=1), est(id="b", place="UZ", topic="other", value=2)])
    html = render(answer, "en", fmt="html")
    assert "<b></b>" not in html and "Uzbekistan" in html


def test_a_long_estimator_in_a_table_is_initialled_before_its_place_not_cut():
    from bot.answering.figures import _initialled

    assert _initialled("Ministry of Foreign Affairs of Uzbekistan", 16) == "MFA Uzbekistan"
    assert _initialled("Комитет по делам религии Таджикистана", 18) == "КДР Таджикистана"
    assert _initialled("Kazakhstan Institute for Strategic Studies", 16) is None  # a name, not a body + place
    assert _initialled("УВД Ошской области", 16) is None
