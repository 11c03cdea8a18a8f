"""The last step before an answer leaves: every figure it shows must agree with what the question
named. The one place that guarantees "never a wrong figure"; the rules that chose the figures may
err, this check does not trust them.

A figure agrees when
  * measure: its topic counts every primary measure the question names (evidence.topic_counts),
    or its own note names them ("Detained and jailed in 2019 ..." answers "how many detained");
  * place: it is for a place the question named, or a place within one (never a neighbour, never
    the country for a region asked about) — when the question named places;
  * years: its date falls in the years asked, when the question named years.
Figures that disagree are dropped; an answer left with none becomes "no data", naming what was
asked, plus what the store has.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.answering.estimators import estimator_keys, name_keys
from bot.answering.evidence import topic_counts
from bot.answering.figures import year_of
from bot.answering.index import StoreIndex, is_share
from bot.answering.model import Answer, PlaceRow
from bot.store.records import EstimateRecord
from bot.understanding.measures import asked_measures, primary_measures
from bot.understanding.query import Query

FIGURE_KINDS = ("figures", "comparison", "trend", "sources")


@dataclass(frozen=True)
class Named:
    """What a question named that every figure shown must agree with."""

    measures: frozenset[str]
    places: frozenset[str]  # the places asked and every place within them; empty: any place
    year_from: int | None
    year_to: int | None
    years_checked: bool  # a trend may show one figure before the years asked, as its baseline

    @classmethod
    def of(cls, q: Query, index: StoreIndex, places: list[str], kind: str) -> Named:
        within = frozenset(code for p in places for code in index.descendants(p))
        years = (q.year_from is not None or q.year_to is not None) and kind != "trend"
        return cls(primary_measures(asked_measures(q)), within, q.year_from, q.year_to, years)


def counts_measures(est: EstimateRecord, measures: frozenset[str], index: StoreIndex) -> bool:
    if not measures:
        return True
    if "share" in measures and not is_share(est):
        return False  # "what share" / "в процентах": a count of people is no answer
    return topic_counts(index.topic_measures.get(est.topic, {}), measures) or measures <= index.note_measures(est)


def agrees(est: EstimateRecord, named: Named, index: StoreIndex) -> bool:
    if not counts_measures(est, named.measures, index):
        return False
    if named.places and est.place not in named.places:
        return False
    if named.years_checked:
        year = year_of(est.as_of or (est.source.date if est.source else None))
        if year is None:
            return False
        if (named.year_from is not None and year < named.year_from) or (
                named.year_to is not None and year > named.year_to):
            return False
    return True


def verify(answer: Answer, q: Query, index: StoreIndex, places: list[str]) -> tuple[Answer, int]:
    """(the answer with disagreeing figures dropped, how many were dropped). The caller turns an
    answer left without figures into no_data."""
    if answer.kind not in FIGURE_KINDS:
        return answer, 0
    named = Named.of(q, index, places, answer.kind)
    if not named.measures and not named.places and not named.years_checked:
        return answer, 0
    dropped = 0

    def keep(ests: list[EstimateRecord]) -> list[EstimateRecord]:
        nonlocal dropped
        kept = [e for e in ests if agrees(e, named, index)]
        dropped += len(ests) - len(kept)
        return kept

    answer.estimates = keep(answer.estimates)
    answer.earlier = keep(answer.earlier)
    answer.rows = [PlaceRow(r.place, keep(r.estimates)) for r in answer.rows]
    return answer, dropped


def check_attribution(answer: Answer, names: tuple[str, ...]) -> tuple[Answer, int]:
    """A question naming who the figure should come from ("according to the KNB"): the figures of
    that estimator or outlet when some are shown; else none of them is its, and the answer says
    "no figure from the KNB" above what the store has (answer.missing_estimator)."""
    if not names or answer.kind not in FIGURE_KINDS:
        return answer, 0
    keys = frozenset().union(*(name_keys(n) for n in names))
    if not keys:
        return answer, 0
    shown = [*answer.estimates, *answer.earlier, *(e for r in answer.rows for e in r.estimates)]
    theirs = {e.id for e in shown if keys & estimator_keys(e)}
    if not shown:
        return answer, 0
    if not theirs:
        answer.missing_estimator = ", ".join(names)
        return answer, 0
    before = len(shown)
    answer.estimates = [e for e in answer.estimates if e.id in theirs]
    answer.earlier = [e for e in answer.earlier if e.id in theirs]
    answer.rows = [PlaceRow(r.place, [e for e in r.estimates if e.id in theirs]) for r in answer.rows]
    return answer, before - len(theirs)
