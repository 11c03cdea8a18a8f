"""Measures: what a figure counts (convicted, inmates, deaths, attacks...), found in questions and
in topic labels by the same phrase index, from data/measures.yaml.

A question's measures are hard evidence: "how many died" is answered from a topic that counts
deaths, never from one that counts attacks. A topic's measures are weighted by how much of its
label and synonyms name each one, so "people convicted ... for offences" is about convictions
(weight 1) and only in passing about offences (a small weight).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ruamel.yaml import YAML

from bot.understanding.text import tokenise

MEASURES_FILE = Path(__file__).resolve().parent / "data" / "measures.yaml"


@dataclass(frozen=True)
class MeasureSpan:
    measure: str
    start: int  # character offsets in the text
    end: int
    words: str  # as written


@lru_cache(maxsize=1)
def _load() -> tuple[dict[str, dict[str, list[str]]], frozenset[str]]:
    with MEASURES_FILE.open(encoding="utf-8") as f:
        raw = (YAML(typ="safe").load(f) or {}).get("measures", {}) or {}
    context = frozenset(k for k, v in raw.items() if v.pop("context", False))
    return raw, context


def _data() -> dict[str, dict[str, list[str]]]:
    return _load()[0]


CONTEXT: frozenset[str] = _load()[1]  # measures that beside another only say what it is about


def measure_keys() -> tuple[str, ...]:
    return tuple(_data())


def primary_measures(asked: frozenset[str]) -> frozenset[str]:
    """The measures a figure must count: "died in attacks" asks for deaths (attacks is context);
    "how many attacks" asks for attacks."""
    context = _load()[1]
    return asked - context if asked - context else asked


@lru_cache(maxsize=1)
def _index():
    from bot.understanding.lexicon import PhraseIndex  # the lexicon's own phrase matcher

    index = PhraseIndex()
    for measure, by_lang in _data().items():
        for lang, phrases in by_lang.items():
            for phrase in phrases or ():
                index.add(str(phrase), lang, ("measure", measure), allow_stop_single=True)
    return index


@lru_cache(maxsize=512)
def measure_spans(text: str) -> tuple[MeasureSpan, ...]:
    """Every measure phrase in a text, left to right, the longest at each place."""
    tokens = tokenise(text or "")
    out = []
    for m in _index().scan(tokens):
        start, end = tokens[m.start].start, tokens[m.end - 1].end
        out.append(MeasureSpan(m.payload[1], start, end, text[start:end]))
    return tuple(out)


def measures_in(text: str) -> frozenset[str]:
    """The measures a text names: 'сколько человек посадили' -> {'convicted'}."""
    return frozenset(s.measure for s in measure_spans(text))


LABEL_SHARE = 0.7  # a topic's label says what it counts; its synonyms add the rest


def topic_measure_weights(labels: Iterable[str], synonyms: Iterable[str] = ()) -> dict[str, float]:
    """A topic's measures: 0.7 × the share of its labels (one per language) that name each one
    + 0.3 × the share of its synonyms that do. 1.0: every label and synonym names it; a measure
    only its synonyms name, or only some of its labels, weighs less."""
    labels, synonyms = [t for t in labels if t], [t for t in synonyms if t]
    out: dict[str, float] = {}
    for texts, share in ((labels, LABEL_SHARE if synonyms else 1.0), (synonyms, 1.0 - LABEL_SHARE if labels else 1.0)):
        if not texts:
            continue
        counts: Counter[str] = Counter(m for text in texts for m in measures_in(text))
        for measure, n in counts.items():
            out[measure] = out.get(measure, 0.0) + share * n / len(texts)
    return out


def asked_measures(q) -> frozenset[str]:  # noqa: ANN001 - a Query
    """The measures a question asks about; a follow-up that names none ("кто это сказал?", "а в
    2022?") asks about those of the question it follows."""
    own = measures_in(q.text or "")
    if own or not getattr(q, "follow_up_of", None):
        return own
    return measures_in(q.follow_up_of)
