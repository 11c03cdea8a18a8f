"""The benchmark question set: figures, comparisons, trends, laws, sources and no-data questions
in Russian, Kazakh and English, drawn deterministically from what a store holds."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

LANGS = ("ru", "kk", "en")
KINDS = ("figures", "comparison", "trend", "laws", "sources", "no_data")

# Country names go in as CLDR gives them (nominative); the templates are built so that the
# nominative is grammatical ("в стране Казахстан", "Қазақстан елінде").
TEMPLATES: dict[str, dict[str, str]] = {
    "en": {
        "figures": "How many {topic} in {place}?",
        "comparison": "Compare {topic} in {a} and {b}",
        "trend": "How did {topic} in {place} change over the years?",
        "laws": "What laws on {topic} does {place} have?",
        "sources": "Who estimated {topic} in {place} and where is it from?",
        "no_data": "How many {topic} in {place}?",
    },
    "ru": {
        "figures": "Сколько {topic} в стране {place}?",
        "comparison": "Сравните {topic}: {a} и {b}",
        "trend": "Как менялись {topic} в стране {place} по годам?",
        "laws": "Какие законы есть в стране {place} про {topic}?",
        "sources": "Кто оценивал {topic} в стране {place} и откуда данные?",
        "no_data": "Сколько {topic} в стране {place}?",
    },
    "kk": {
        "figures": "{place} елінде {topic} саны қанша?",
        "comparison": "{a} мен {b}: {topic} салыстыру",
        "trend": "{place} елінде {topic} жылдар бойы қалай өзгерді?",
        "laws": "{place} елінде {topic} туралы қандай заңдар бар?",
        "sources": "{place} елінде {topic} туралы кім бағалады, дереккөзі қандай?",
        "no_data": "{place} елінде {topic} саны қанша?",
    },
}


@dataclass(frozen=True)
class Question:
    text: str
    lang: str
    kind: str  # what the question asks for (the answer's kind may legitimately differ)


@lru_cache(maxsize=3)
def _country_names(lang: str) -> dict[str, str]:
    from babel import Locale

    return dict(Locale.parse(lang).territories)


def country_codes() -> list[str]:
    from bench.synthetic import countries

    return countries()


def _label(topic, lang: str) -> str:  # noqa: ANN001
    label = topic.label or {}
    return label.get(lang) or label.get("en") or topic.key


def build_questions(store, count: int, seed: int = 7) -> list[Question]:  # noqa: ANN001
    """`count` questions (at least one per kind and language), spread evenly over kinds and
    languages, about places and topics the store has (and pairs it lacks, for no_data)."""
    rng = random.Random(seed)
    topics = {t.key: t for t in store.entries.topics()}
    pairs: dict[tuple[str, str], int] = defaultdict(int)
    for estimate in store.entries.estimates():
        pairs[(estimate.place, estimate.topic)] += 1
    with_data = sorted(p for p in pairs if len(p[0]) == 2 and p[1] in topics)
    multi = sorted(p for p in with_data if pairs[p] > 1) or with_data
    law_places = sorted({law.jurisdiction for law in store.entries.laws() if len(law.jurisdiction) == 2})
    countries = sorted({p for p, _ in with_data})
    names = {lang: _country_names(lang) for lang in LANGS}
    # A no-data pair: a named country and a topic it has no estimate for.
    empty = [(c, t) for c in country_codes() for t in sorted(topics) if (c, t) not in pairs]

    out: list[Question] = []
    slots = [(lang, kind) for kind in KINDS for lang in LANGS]
    for i in range(max(count, len(slots))):
        lang, kind = slots[i % len(slots)]
        if kind in ("figures", "sources"):
            place, topic = rng.choice(with_data)
        elif kind == "trend":
            place, topic = rng.choice(multi)
        elif kind == "no_data":
            place, topic = rng.choice(empty) if empty else rng.choice(with_data)
        elif kind == "laws":
            place, topic = rng.choice(law_places or countries), rng.choice(sorted(topics))
        else:  # comparison
            place, topic = rng.choice(with_data)
        fields = {
            "topic": _label(topics[topic], lang),
            "place": names[lang].get(place, place),
        }
        if kind == "comparison":
            # compare with another country that has the same topic, so both rows have figures
            others = [c for c, t in with_data if t == topic and c != place]
            other = rng.choice(others or [c for c in countries if c != place] or [place])
            fields.update(a=fields["place"], b=names[lang].get(other, other))
        out.append(Question(TEMPLATES[lang][kind].format(**fields), lang, kind))
    return out
