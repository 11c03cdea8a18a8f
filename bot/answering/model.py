"""The Answer: what the bot answers, as plain data (no Telegram, no markup).

`render` (bot.answering.render) turns it into text for a locale; everything the renderer
needs (place names, topic labels) travels inside the Answer so rendering needs no store.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.store.records import (
    EstimateRecord,
    LawRecord,
    LocalText,
    PlaceRecord,
    ReportRecord,
    TopicRecord,
)
from bot.understanding.query import Query

KINDS = ("figures", "comparison", "trend", "laws", "sources", "overview", "no_data", "help",
         "not_understood")



@dataclass(frozen=True)
class Reason:
    """One step of why the answer is what it is: a message id and its (untranslated) values."""

    msgid: str
    params: tuple[tuple[str, str], ...] = ()

    def format(self, gettext=lambda m: m) -> str:
        return gettext(self.msgid).format(**dict(self.params))

    def __str__(self) -> str:
        return self.format()


def reason(msgid: str, **params: object) -> Reason:
    """reason(N_("place {place}"), place="KZ"); lists are joined with commas."""
    def text(value: object) -> str:
        if isinstance(value, (list, tuple, set, frozenset)):
            return ", ".join(text(v) for v in value)
        if isinstance(value, float):
            return f"{value:g}"
        return str(value)
    return Reason(msgid, tuple((k, text(v)) for k, v in params.items()))


@dataclass
class PlaceRow:
    """One row of a comparison: a place and its figures (newest first; empty = no data)."""

    place: str
    estimates: list[EstimateRecord] = field(default_factory=list)


@dataclass
class LawHit:
    """A law found for the question, with why it was ranked where it is."""

    law: LawRecord
    score: float = 0.0
    matched_terms: list[str] = field(default_factory=list)
    matched_tags: list[str] = field(default_factory=list)
    best_provision: int | None = None  # index into law.provisions of the provision that matched best


@dataclass
class TopicCount:
    """Overview/suggestion line: how many figures the store has for a place and a topic."""

    place: str | None
    topic: str | None
    count: int
    latest: EstimateRecord | None = None  # overview: the newest figure, shown with its citation


@dataclass
class Answer:
    kind: str  # one of KINDS
    query: Query | None = None
    lang: str = "en"
    places: list[str] = field(default_factory=list)  # the places the answer is about
    topic: str | None = None  # the topic the answer is about
    estimates: list[EstimateRecord] = field(default_factory=list)  # main figures, display order
    earlier: list[EstimateRecord] = field(default_factory=list)  # `latest`: the others, shown briefly
    rows: list[PlaceRow] = field(default_factory=list)  # comparison
    laws: list[LawHit] = field(default_factory=list)
    reports: list[ReportRecord] = field(default_factory=list)  # overview: reporting on the place; no_data: see below
    reports_mention: list[str] = field(default_factory=list)  # no_data: the reports use these words of the question
    overview: list[TopicCount] = field(default_factory=list)  # overview: counts per place/topic
    law_count: int = 0  # overview / suggestions: laws the store has for the place
    suggestions: list[TopicCount] = field(default_factory=list)  # no_data: topics the asked places have
    topic_places: list[TopicCount] = field(default_factory=list)  # no_data: places with the asked topic
    law_titles: list[LawRecord] = field(default_factory=list)  # no_data for laws: what laws exist
    about_laws: bool = False  # no_data: the question was about laws
    missing_year: tuple[int | None, int | None] | None = None  # no_data because of the year filter
    available_dates: list[str] = field(default_factory=list)  # ... and the dates the store has
    missing_entities: list[str] = field(default_factory=list)  # asked-about entity with no figures
    missing_measure: list[str] = field(default_factory=list)  # no_data: what the question counts, as written
    within_only: bool = False  # the place asked has no figure of its own: these are of places within it
    within_places: list[str] = field(default_factory=list)  # figures: places within the one asked that have figures too
    missing_places: list[str] = field(default_factory=list)  # gazetteer codes of places asked that the store lacks
    rule: str | None = None  # the rule of Answerer._dispatch_known that answered (for tests and /why)
    missing_names: list[str] = field(default_factory=list)  # no_data: names in the question the store does not know
    missing_estimator: str | None = None  # the question named who the figure is from; none shown is theirs
    missing_place_names: dict[str, dict[str, str]] = field(default_factory=dict)  # code -> {lang: name}
    unknown_terms: list[str] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)  # why these entries (for render_why)
    notes: list[Reason] = field(default_factory=list)  # said under the answer ("sorted by figure", "no total")
    entry_reasons: dict[str, list[Reason]] = field(default_factory=dict)  # "kind:id" -> reasons
    place_info: dict[str, PlaceRecord] = field(default_factory=dict)  # store places named here
    topic_info: dict[str, TopicRecord] = field(default_factory=dict)  # store topics named here
    entity_names: dict[str, dict[str, str]] = field(default_factory=dict)  # entity -> {lang: name}

    @property
    def used(self) -> list[tuple[str, str]]:
        """(kind, id) of every entry the answer drew on, in display order, no repeats."""
        out: list[tuple[str, str]] = []
        if self.kind in ("no_data", "help", "not_understood"):
            return out  # suggestions are not drawn on: nothing there is presented as the answer
        overview = [c.latest for c in self.overview if c.latest is not None]
        for est in [*self.estimates, *self.earlier, *(e for r in self.rows for e in r.estimates), *overview]:
            if ("estimate", est.id) not in out:
                out.append(("estimate", est.id))
        for hit in self.laws:
            if ("law", hit.law.id) not in out:
                out.append(("law", hit.law.id))
        for report in self.reports:
            if ("report", report.id) not in out:
                out.append(("report", report.id))
        return out

    @property
    def has_figures(self) -> bool:
        """True when the answer presents at least one figure from the store."""
        return any(kind == "estimate" for kind, _ in self.used)

    def topic_label(self, key: str | None) -> LocalText | None:
        topic = self.topic_info.get(key) if key else None
        return topic.label if topic else None
