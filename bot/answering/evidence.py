"""Evidence for a topic: what the question counts (its measures) against what each topic counts.

The parser finds topics by the words of their labels; people paraphrase ("locked up",
"посадили", "мерт болды"), so a topic is also chosen, or refused, by the measures the question
names (bot/understanding/measures.py). Rules, in order:

  1. the question names no measure: the parser's topic stands;
  2. a topic answers only if it counts every primary measure of the question (weight at least
     MIN_WEIGHT: "died in attacks" needs deaths; "how many attacks" needs attacks);
  3. none does: None — the store has no figure of that kind (the answerer says so);
  4. the parser's topic stands if it is among them and mainly counts what the best of them
     mainly counts of the question's measures, and no other measure the best does not;
  5. else the best by score = weight of the question's measures the topic counts − half the
     weight of the measures it counts that the question does not ("how many attacks":
     incidents, not the dead of attacks); within TIE of the best, the one sharing most of the
     question's words, then the one with most figures, then the key.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.answering.index import StoreIndex
from bot.understanding.measures import CONTEXT, measure_spans, primary_measures

MIN_WEIGHT = 0.3  # a topic whose labels name a measure only in passing (below this) does not count it
TIE = 0.1


MAIN_WEIGHT = 0.5  # what a topic mainly counts


def topic_counts(weights: dict[str, float], primary: frozenset[str]) -> bool:
    """Whether a topic with these measure weights counts what the question asks: every primary
    measure; a question naming only context measures ("сколько боевиков вернулось"), one of
    them as what the topic mainly counts (the dead of attacks are no count of attacks)."""
    if not primary:
        return True
    if primary <= CONTEXT:
        return any(weights.get(m, 0.0) >= MAIN_WEIGHT for m in primary)
    return all(weights.get(m, 0.0) >= MIN_WEIGHT for m in primary)


def measure_score(weights: dict[str, float], asked: frozenset[str]) -> float:
    covered = sum(w for m, w in weights.items() if m in asked)
    extra = sum(w for m, w in weights.items() if m not in asked)
    return covered - 0.5 * extra


def topic_by_measures(asked: frozenset[str], index: StoreIndex, current: str | None,
                      word_coverage: Callable[[str], float], places: list[str] = ()) -> str | None:
    """The topic counting what the question asks; `current` (the parser's) when it is among the
    best; None when no topic of the store counts it. When no topic's label names the measure,
    the topic of the figures (of the places asked) whose own notes name it ("Detained and jailed
    in 2019 ..." for "how many detained"); the verifier then keeps only those figures."""
    primary = primary_measures(asked)
    able = {t: measure_score(w, asked) for t, w in index.topic_measures.items()
            if t in index.topics and topic_counts(w, primary)}
    if not able:
        return _topic_by_notes(primary, index, places)
    best = max(able.values())
    tied = [t for t, score in able.items() if score >= best - TIE]
    if current in tied:
        return current
    if current in able:
        # the parser's topic (found by more of the question's words) stands when it mainly counts
        # what the best topic mainly counts of the question, and nothing else the best does not
        def main(t: str) -> set[str]:
            return {m for m, w in index.topic_measures[t].items() if w >= MAIN_WEIGHT}
        top = max(tied, key=lambda t: able[t])
        if main(top) & asked <= main(current) and main(current) - asked <= main(top):
            return current
    return max(tied, key=lambda t: (able[t], word_coverage(t), index.topic_total(t), t))


def measure_words(text: str, measures: frozenset[str]) -> list[str]:
    """The question's own words for some measures ("сидит в тюрьмах" -> ["сидит"]), in order."""
    out = []
    for span in measure_spans(text):
        if span.measure in measures and span.words not in out:
            out.append(span.words)
    return out


def _topic_by_notes(primary: frozenset[str], index: StoreIndex, places: list[str]) -> str | None:
    wanted = {code for p in places for code in index.descendants(p)}
    counts: dict[str, int] = {}
    for (place, topic), ests in index.estimates.items():
        if wanted and place not in wanted:
            continue
        n = sum(1 for e in ests if primary <= index.note_measures(e))
        if n:
            counts[topic] = counts.get(topic, 0) + n
    return min(counts, key=lambda t: (-counts[t], t)) if counts else None
