"""What a chart of an answer shows, as plain data: no matplotlib here (see draw.py).

An answer's figures become points on a time axis (the figure's "as of" date), one series per
estimator — per place and estimator when the figures are of several places (a comparison).
Exact values, lower bounds ("more than"), upper bounds ("up to") and ranges stay what they
are; every label is in the asker's language.
"""

from __future__ import annotations

import calendar
import textwrap
from collections import Counter
from dataclasses import dataclass
from datetime import date

from bot.answering.figures import (
    PERCENT_UNITS,
    estimator_short,
    format_date,
    place_name,
    text_of,
    unit_word,
)
from bot.answering.model import Answer
from bot.i18n import N_, format_number, tr
from bot.store.records import EstimateRecord, pick_text

# Answers whose figures make a picture: competing figures for a place (and its earlier ones),
# a comparison between places, a trend. A "sources" answer is a list of citations, not a
# question about figures; the Chart button rebuilds its figures with answer_by_ids (a "sources"
# answer) and calls figures_spec directly.
CHART_KINDS = ("figures", "comparison", "trend")
MIN_POINTS = 2  # one figure is a sentence, not a chart
MAX_SERIES = 10  # as many as the palette has colours (draw.py)

VALUE, LOWER, UPPER, RANGE = "value", "lower", "upper", "range"

MARK_LABELS = {
    LOWER: N_("more than (a lower bound)"),
    UPPER: N_("up to (an upper bound)"),
    RANGE: N_("a range, low to high"),
}


@dataclass(frozen=True)
class Point:
    """One figure on the chart: where on the time axis, and what it says."""

    estimate_id: str
    as_of: str
    x: float  # years: the middle of the period "as of" names (2014 -> 2014.5)
    value: float | int | None
    low: float | int | None
    high: float | int | None

    @property
    def mark(self) -> str:
        if self.value is not None:
            return VALUE
        if self.low is not None and self.high is not None:
            return VALUE if self.low == self.high else RANGE
        return LOWER if self.low is not None else UPPER

    @property
    def y(self) -> float:
        """Where the series line passes: the value, a range's middle, or the bound."""
        if self.value is not None:
            return float(self.value)
        if self.low is not None and self.high is not None:
            return (self.low + self.high) / 2
        return float(self.low if self.low is not None else self.high)

    def short(self, lang: str, percent: bool) -> str:
        """The figure beside its mark: '250', '>500', '≤80%', '19–43'."""
        def num(v: float | int) -> str:
            return format_number(v, lang) + ("%" if percent else "")

        mark = self.mark
        if mark == VALUE:
            return num(self.value if self.value is not None else self.low)
        if mark == RANGE:
            return f"{num(self.low)}–{num(self.high)}"
        return f">{num(self.low)}" if mark == LOWER else f"≤{num(self.high)}"


@dataclass(frozen=True)
class Series:
    label: str  # the estimator (and the place, in a comparison), in the asker's language
    place: str
    estimator: str
    points: tuple[Point, ...]  # oldest first


@dataclass(frozen=True)
class ChartSpec:
    lang: str
    title: str
    x_label: str
    y_label: str
    percent: bool
    series: tuple[Series, ...]
    marks: tuple[tuple[str, str], ...]  # (mark, its legend text) for the bound/range marks used
    notes: tuple[str, ...]  # figures left out, and why
    sources: str  # the source line under the chart

    @property
    def points(self) -> list[Point]:
        return [p for s in self.series for p in s.points]

    @property
    def caption(self) -> str:
        return tr(self.lang).gettext("Chart: {title}").format(title=self.title)


def x_position(as_of: str | None) -> float | None:
    """'2014' -> 2014.5, '2014-09' -> 2014.708, '2014-09-17': the middle of that day; None when
    the figure is undated or its date does not parse."""
    if not as_of:
        return None
    parts = as_of.split("-")
    try:
        year = int(parts[0])
        if len(parts) == 1:
            return year + 0.5
        month = int(parts[1])
        if len(parts) == 2:
            return year + (month - 0.5) / 12 if 1 <= month <= 12 else None
        day_of_year = date(year, month, int(parts[2])).timetuple().tm_yday
    except ValueError:
        return None
    return year + (day_of_year - 0.5) / (366 if calendar.isleap(year) else 365)


def chart_figures(answer: Answer) -> list[EstimateRecord]:
    """The figures an answer presents, in its order, once each; [] for answers of other kinds
    (and for stand-ins without figures, such as the handlers' tests use)."""
    kind = getattr(answer, "kind", None)
    if kind == "comparison":
        figures = [e for row in getattr(answer, "rows", ()) for e in row.estimates]
    elif kind in CHART_KINDS:
        figures = [*getattr(answer, "estimates", ()), *getattr(answer, "earlier", ())]
    else:
        return []
    seen: set[str] = set()
    return [e for e in figures if not (e.id in seen or seen.add(e.id))]


def _unit_key(est: EstimateRecord) -> str:
    unit = (est.unit or "").strip().lower()
    return "%" if unit in PERCENT_UNITS else unit


def _numeric(est: EstimateRecord) -> bool:
    return est.value is not None or est.low is not None or est.high is not None


def plottable(figures: list[EstimateRecord]) -> tuple[list[EstimateRecord], int, int]:
    """(the figures to plot, how many are undated, how many count in another unit).

    Only one unit goes on the y axis: the one most of the dated figures use."""
    dated = [e for e in figures if _numeric(e) and x_position(e.as_of) is not None]
    undated = sum(1 for e in figures if _numeric(e)) - len(dated)
    if not dated:
        return [], undated, 0
    unit = Counter(_unit_key(e) for e in dated).most_common(1)[0][0]
    kept = [e for e in dated if _unit_key(e) == unit]
    return kept, undated, len(dated) - len(kept)


def is_chartable(answer: Answer) -> bool:
    """True when the answer has at least two figures to plot (cheap: no labels are made)."""
    return len(plottable(chart_figures(answer))[0]) >= MIN_POINTS


def chart_spec(answer: Answer, lang: str | None = None) -> ChartSpec | None:
    """The chart of an answer in `lang` (default: the answer's), or None when it is not chartable."""
    if answer.kind not in CHART_KINDS:
        return None
    return figures_spec(chart_figures(answer), answer, lang or answer.lang)


def figures_spec(figures: list[EstimateRecord], names: Answer, lang: str) -> ChartSpec | None:
    """The chart of `figures`; `names` gives the place and topic names (an Answer's place_info,
    topic_info and topic). None when fewer than two figures can be plotted."""
    kept, undated, other_units = plottable(figures)
    if len(kept) < MIN_POINTS:
        return None
    t = tr(lang)
    percent = _unit_key(kept[0]) == "%"
    places = list(dict.fromkeys(e.place for e in kept))
    several_places = len(places) > 1
    estimators = {_estimator_key(e, lang) for e in kept}

    grouped: dict[tuple[str, str], list[EstimateRecord]] = {}
    for est in kept:
        grouped.setdefault((est.place if several_places else "", _estimator_key(est, lang)), []).append(est)
    series = []
    for (place, _), members in grouped.items():
        who = estimator_short(members[0], lang, 40) if members[0].estimator else t.gettext("estimator not stated")
        if several_places:
            where = place_name(place, lang, names.place_info)
            label = f"{where} — {who}" if len(estimators) > 1 else where
        else:
            label = who
        points = sorted((_point(e) for e in members), key=lambda p: (p.x, p.estimate_id))
        series.append(Series(label=label, place=place or members[0].place, estimator=who, points=tuple(points)))

    if not several_places:  # the legend reads like the time axis: whoever estimated first, first
        series.sort(key=lambda s: (s.points[0].x, s.label))
    # more series than colours (and than a legend can hold) would be a puzzle: the answer's first ones
    left_out = sum(len(s.points) for s in series[MAX_SERIES:])
    series = series[:MAX_SERIES]
    used_marks = {p.mark for s in series for p in s.points}
    marks = tuple((m, t.gettext(MARK_LABELS[m])) for m in (LOWER, UPPER, RANGE) if m in used_marks)
    notes = []
    if undated:
        notes.append(t.ngettext("{n} figure without a date is not shown.",
                                "{n} figures without a date are not shown.", undated).format(n=undated))
    if left_out:
        notes.append(t.ngettext("{n} more figure is not shown: the answer lists it.",
                                "{n} more figures are not shown: the answer lists them.", left_out).format(n=left_out))
    if other_units:
        notes.append(t.ngettext("{n} figure counted in another unit is not shown.",
                                "{n} figures counted in other units are not shown.", other_units).format(n=other_units))
    return ChartSpec(
        lang=lang,
        title=_title(names, None if several_places else places[0], lang),
        x_label=_capital(t.gettext("date of the figure")),
        y_label="%" if percent else _capital(_unit_label(kept[0], lang)),
        percent=percent,
        series=tuple(series),
        marks=marks,
        notes=tuple(notes),
        sources=_source_line(kept, lang),
    )


def _point(est: EstimateRecord) -> Point:
    return Point(estimate_id=est.id, as_of=est.as_of or "", x=x_position(est.as_of) or 0.0,
                 value=est.value, low=est.low, high=est.high)


def _estimator_key(est: EstimateRecord, lang: str) -> str:
    picked = pick_text(est.estimator, lang)
    return picked[0].strip().casefold() if picked else ""


def _title(names: Answer, place: str | None, lang: str) -> str:
    topic = names.topic_info.get(names.topic) if names.topic else None
    parts = [text_of(topic.label, lang) if topic else (names.topic or ""),
             place_name(place, lang, names.place_info) if place else ""]
    return " — ".join(p for p in parts if p) or tr(lang).gettext("Figures over time")


def _unit_label(est: EstimateRecord, lang: str) -> str:
    unit = (est.unit or "").strip()
    return unit_word(unit.lower(), 5, lang) or unit  # 5: the plural a count of many takes


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


MAX_SOURCE_CHARS = 400


def _source_line(figures: list[EstimateRecord], lang: str) -> str:
    """'Sources: Eurasia Daily Monitor, November 17, 2014; Tengri News, ...' — each once."""
    t = tr(lang)
    cited: list[str] = []
    for est in figures:
        source = est.source
        if source is None or not source.publication:
            text = t.gettext("source not stated")
        else:
            outlet = pick_text(source.publication, lang)
            text = ", ".join(p for p in ((outlet[0] if outlet else ""), format_date(source.date, lang)) if p)
        if text not in cited:
            cited.append(text)
    line = t.ngettext("Source: {sources}", "Sources: {sources}", len(cited)).format(sources="; ".join(cited))
    return textwrap.shorten(line, MAX_SOURCE_CHARS, placeholder=" …")
