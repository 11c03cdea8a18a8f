"""Answer charts (bot/charts): which answers get one, and that the picture shows exactly the
figures — one series per estimator, bounds as open triangles, ranges as bars — with every label
in the asker's language and no letter missing from the font."""

from __future__ import annotations

import dataclasses
import sys
import warnings

import pytest

from bot.answering import Answer, PlaceRow
from bot.charts import (
    chart_answer,
    chart_spec,
    draw,
    is_chartable,
    png_size,
    render_png,
    x_position,
)
from bot.charts.spec import MARK_LABELS
from bot.i18n import tr
from bot.store.records import EstimateRecord, Source, TopicRecord

LANGS = ("en", "ru", "kk")
KAZAKH_LETTERS = "әғқңөұүһі"

KISI = {"en": "Kazakhstan Institute for Strategic Studies (KISI)",
        "ru": "Казахстанский институт стратегических исследований (КИСИ)",
        "kk": "Қазақстан стратегиялық зерттеулер институты (ҚСЗИ)"}
ICSR = {"en": "International Centre for the Study of Radicalisation (ICSR)",
        "ru": "Международный центр изучения радикализации (ICSR)",
        "kk": "Радикалдануды зерттеу халықаралық орталығы (ICSR)"}
KNB = {"en": "National Security Committee", "ru": "Комитет национальной безопасности",
       "kk": "Ұлттық қауіпсіздік комитеті"}
TOPIC = TopicRecord(key="foreign-fighters", label={
    "en": "nationals fighting for the Islamic State",
    "ru": "граждане, воюющие за «Исламское государство»",
    "kk": "«Ислам мемлекеті» жағында соғысып жүрген азаматтар"})


def est(id: str, place: str = "KZ", estimator=KISI, as_of: str | None = "2014-09", **figure) -> EstimateRecord:
    return EstimateRecord(id=id, topic="foreign-fighters", place=place, unit="people", as_of=as_of,
                          estimator=estimator, source=Source(publication={"en": "Eurasia Daily Monitor"},
                                                             date="2014-11-17"), **figure)


def answer(kind: str, estimates=(), rows=(), places=("KZ",)) -> Answer:
    return Answer(kind=kind, estimates=list(estimates), rows=list(rows), places=list(places),
                  topic="foreign-fighters", topic_info={"foreign-fighters": TOPIC})


# oldest to newest, as a trend answer holds them: two estimators, a lower bound and a range
TREND = answer("trend", [
    est("kz-2013", as_of="2013", value=150),
    est("kz-2014", as_of="2014-09", value=250),
    est("kz-2014-knb", estimator=KNB, as_of="2014-10-01", value=300),
    est("kz-2015", as_of="2015-03", low=400),
    est("kz-2016-knb", estimator=KNB, as_of="2016", low=300, high=500),
])
# competing figures for one place, newest first: three estimators, an upper bound, a range
COMPETING = answer("figures", [
    est("kz-icsr", estimator=ICSR, as_of="2015", low=250, high=400),
    est("kz-knb", estimator=KNB, as_of="2015-06", high=300),
    est("kz-kisi", as_of="2014-09", value=250),
])
# a comparison between places: a place with two estimators, one with none
COMPARISON = answer("comparison", rows=[
    PlaceRow("KZ", [est("kz", value=250)]),
    PlaceRow("UZ", [est("uz", place="UZ", low=500), est("uz-icsr", place="UZ", estimator=ICSR, as_of="2015", value=1500)]),
    PlaceRow("KG", [est("kg-icsr", place="KG", estimator=ICSR, as_of="2015", low=300, high=500)]),
    PlaceRow("TJ", []),
], places=("KZ", "UZ", "KG", "TJ"))
KINDS = {"trend": TREND, "competing": COMPETING, "comparison": COMPARISON}


def figures_of(a: Answer) -> list[EstimateRecord]:
    return [*a.estimates, *(e for r in a.rows for e in r.estimates)]


def series_key(e: EstimateRecord, a: Answer) -> tuple[str, str]:
    several = len({x.place for x in figures_of(a)}) > 1
    return (e.place if several else "", e.estimator["en"])


# --- which answers get a chart -------------------------------------------------------------

def test_answers_with_one_figure_or_of_other_kinds_are_not_chartable():
    assert all(is_chartable(a) for a in KINDS.values())
    assert not is_chartable(answer("figures", [est("one", value=250)]))
    assert not is_chartable(answer("trend", [est("one", value=250)]))
    assert not is_chartable(answer("laws"))
    assert not is_chartable(answer("sources", [est("a", value=1), est("b", value=2)]))  # citations, not figures
    undated = answer("figures", [est("a", value=1), est("b", as_of=None, value=2)])
    assert not is_chartable(undated) and chart_spec(undated) is None


def test_undated_figures_and_other_units_are_left_out_and_said_so():
    percent = EstimateRecord(id="p", topic="foreign-fighters", place="KZ", unit="percent", as_of="2015", high=80,
                             estimator=KISI)
    a = answer("figures", [*COMPETING.estimates, est("undated", as_of=None, value=9), percent])
    spec = chart_spec(a, "ru")
    assert {p.estimate_id for p in spec.points} == {"kz-icsr", "kz-knb", "kz-kisi"}
    assert spec.notes == ("1 оценка без даты не показана.", "1 оценка в другой единице измерения не показана.")


@pytest.mark.parametrize("as_of, x", [("2014", 2014.5), ("2014-09", 2014 + 8.5 / 12), ("2016-01-01", 2016 + 0.5 / 366),
                                      (None, None), ("2014-13", None), ("soon", None)])
def test_time_axis_places_a_figure_in_the_middle_of_its_period(as_of, x):
    assert x_position(as_of) == pytest.approx(x) if x is not None else x_position(as_of) is None


# --- the plotted data equals the figures ---------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", KINDS)
def test_one_series_per_estimator_with_exactly_the_figures(kind, lang):
    a = KINDS[kind]
    spec = chart_spec(a, lang)
    figures = figures_of(a)
    assert len(spec.series) == len({series_key(e, a) for e in figures})
    by_id = {e.id: e for e in figures}
    for series in spec.series:
        members = [by_id[p.estimate_id] for p in series.points]
        assert len({series_key(e, a) for e in members}) == 1  # one estimator (and place) per series
        assert [p.x for p in series.points] == sorted(p.x for p in series.points)  # oldest first
        for p, e in zip(series.points, members, strict=True):
            assert (p.value, p.low, p.high, p.as_of) == (e.value, e.low, e.high, e.as_of)
            assert p.x == x_position(e.as_of)
    assert sorted(p.estimate_id for p in spec.points) == sorted(by_id)


@pytest.mark.parametrize("kind", KINDS)
def test_the_figure_artists_plot_the_values_bounds_and_ranges(kind):
    spec = chart_spec(KINDS[kind], "en")
    figure = draw(spec)
    ax = figure.axes[0]
    lines = {line.get_gid(): line for line in ax.get_lines() if line.get_gid()}
    ranges = {c.get_gid(): c for c in ax.collections if c.get_gid()}
    for i, series in enumerate(spec.series):
        line = lines[f"series-{i}"]
        assert list(line.get_xdata()) == [p.x for p in series.points]
        assert list(line.get_ydata()) == [p.y for p in series.points]
        values = [p for p in series.points if p.mark == "value"]
        lower = [p for p in series.points if p.mark == "lower"]
        upper = [p for p in series.points if p.mark == "upper"]
        spans = [p for p in series.points if p.mark == "range"]
        for gid, points, attr in ((f"series-{i}-value", values, "value"), (f"series-{i}-lower", lower, "low"),
                                  (f"series-{i}-upper", upper, "high")):
            if points:
                assert list(lines[gid].get_ydata()) == [getattr(p, attr) for p in points]
            else:
                assert gid not in lines
        for gid in (f"series-{i}-lower", f"series-{i}-upper"):
            if gid in lines:  # a bound is an open triangle: pointing up for "more than"
                assert lines[gid].get_marker() == ("^" if gid.endswith("lower") else "v")
                assert lines[gid].get_markerfacecolor() in ("white", "w", (1.0, 1.0, 1.0, 1.0))
        if spans:
            segments = ranges[f"series-{i}-range"].get_segments()
            assert [(s[0][1], s[1][1]) for s in segments] == [(p.low, p.high) for p in spans]
            assert [s[0][0] for s in segments] == [p.x for p in spans]
    marks = {m for s in spec.series for p in s.points for m in [p.mark]}
    assert {m for m, _ in spec.marks} == marks - {"value"}  # the legend explains each mark used


def test_a_trend_keeps_its_lower_bound_and_range():
    spec = chart_spec(TREND, "en")
    marks = {p.estimate_id: p.mark for p in spec.points}
    assert marks == {"kz-2013": "value", "kz-2014": "value", "kz-2014-knb": "value", "kz-2015": "lower",
                     "kz-2016-knb": "range"}
    shorts = {p.estimate_id: p.short("en", spec.percent) for p in spec.points}
    assert shorts["kz-2015"] == ">400" and shorts["kz-2016-knb"] == "300–500"


# --- labels in the asker's language, every letter drawn ------------------------------------

@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", KINDS)
def test_labels_are_in_the_askers_language(kind, lang):
    t = tr(lang)
    spec = chart_spec(KINDS[kind], lang)
    assert spec.title.startswith(TOPIC.label[lang])
    assert spec.x_label.lower() == t.gettext("date of the figure")
    assert spec.y_label == {"en": "People", "ru": "Человек", "kk": "Адам"}[lang]
    assert spec.sources.startswith({"en": "Source:", "ru": "Источник:", "kk": "Дереккөз:"}[lang])
    assert spec.caption.startswith({"en": "Chart: ", "ru": "График: ", "kk": "График: "}[lang])
    assert spec.marks and all(label == t.gettext(MARK_LABELS[mark]) for mark, label in spec.marks)
    legend = [text.get_text().replace("\n", " ") for text in draw(spec).axes[0].get_legend().get_texts()]
    assert legend == [s.label for s in spec.series] + [label for _, label in spec.marks]
    if lang != "en":
        english = chart_spec(KINDS[kind], "en")
        assert spec.x_label != english.x_label and spec.title != english.title
        assert [label for _, label in spec.marks] != [label for _, label in english.marks] or not spec.marks
    if lang == "kk" and kind == "comparison":
        assert "Өзбекстан" in {s.label.split(" — ")[0] for s in spec.series}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", KINDS)
def test_png_is_valid_small_and_every_letter_has_a_glyph(kind, lang):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        chart = chart_answer(KINDS[kind], lang)
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message) or "Glyph" in str(w.message)]
    assert missing == []
    assert chart.png.startswith(b"\x89PNG\r\n\x1a\n") and chart.png.rstrip(b"\x00").endswith(b"IEND\xaeB`\x82")
    assert png_size(chart.png) == (chart.width, chart.height) == (1080, 648)
    assert 10_000 < len(chart.png) < 150_000


def test_every_kazakh_letter_is_drawn_from_the_font():
    spec = chart_spec(TREND, "kk")
    letters = KAZAKH_LETTERS + KAZAKH_LETTERS.upper()
    spec = dataclasses.replace(spec, title=f"{spec.title} {letters}", series=tuple(
        dataclasses.replace(s, label=f"{s.label} {letters}") for s in spec.series))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        render_png(spec)
    assert [str(w.message) for w in caught if "missing from font" in str(w.message)] == []


def test_the_font_carries_every_kazakh_letter():
    draw(chart_spec(TREND, "kk"))  # imports matplotlib, pinned to DejaVu Sans
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    path = font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans"), fallback_to_default=False)
    charmap = FT2Font(path).get_charmap()
    assert all(ord(ch) in charmap and ord(ch.upper()) in charmap for ch in KAZAKH_LETTERS)


def test_matplotlib_is_imported_only_when_a_chart_is_drawn():
    import subprocess

    code = ("import sys; from bot.answering import Answerer; import handlers.app; import bot.charts; "
            "assert 'matplotlib' not in sys.modules, 'imported at start-up'")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_render_png_draws_one_chart_after_another():
    first, second = render_png(chart_spec(TREND, "en")), render_png(chart_spec(COMPARISON, "kk"))
    assert first.png != second.png and first.spec.series != second.spec.series


# --- the command line ----------------------------------------------------------------------

def test_ask_chart_writes_the_png_and_says_when_there_is_none(tmp_path, monkeypatch, capsys):
    from app.cli import main

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    out = tmp_path / "chart.png"
    assert main(["ask", "--lang", "kk", "--chart", str(out), "Compare fighters from all five republics"]) == 0
    assert png_size(out.read_bytes()) == (1080, 648)
    printed = capsys.readouterr()
    assert "Өзбекстан" in printed.out and f"chart written to {out}" in printed.err
    single = tmp_path / "single.png"
    assert main(["ask", "--chart", str(single), "How many Kyrgyzstanis fight for the Islamic State?"]) == 1
    assert not single.exists() and "no chart" in capsys.readouterr().err


def test_more_series_than_colours_keeps_the_first_ten_and_says_so():
    places = [f"KZ-{i:02d}" for i in range(14)]
    many = answer("comparison", rows=[PlaceRow(p, [est(p, place=p, value=10 + i)]) for i, p in enumerate(places)],
                  places=places)
    spec = chart_spec(many, "ru")
    assert [s.place for s in spec.series] == places[:10]
    assert spec.notes == ("Ещё 4 оценки не показаны — они есть в ответе.",)
