"""Likely duplicates of a new estimate: same place, topic, estimator (in any language) and as_of."""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Protocol

from bot.store.records import EstimateRecord

_PAREN = re.compile(r"\(([^)]*)\)")
_NON_WORD = re.compile(r"[\W_]+")


class _Estimates(Protocol):
    def estimates(self, places: Any = None, topics: Any = None, include_retracted: bool = False
                  ) -> list[EstimateRecord]: ...


def fold(text: str) -> str:
    """Lower case, no accents, no punctuation, single spaces; ё -> е."""
    text = unicodedata.normalize("NFKD", text.casefold().replace("ё", "е"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch) or ch == "\u0306")
    text = unicodedata.normalize("NFC", text)
    return " ".join(_NON_WORD.sub(" ", text).split())


def estimator_names(estimator: Any) -> set[str]:
    """The folded names an estimator goes by: each language's text, with and without a bracketed
    acronym, and the acronym alone ("... Studies (KISI)" -> also "kisi")."""
    if not estimator:
        return set()
    texts = [estimator] if isinstance(estimator, str) else [t for t in estimator.values() if isinstance(t, str)]
    names: set[str] = set()
    for text in texts:
        for name in (text, _PAREN.sub(" ", text), *_PAREN.findall(text)):
            folded = fold(name)
            if folded:
                names.add(folded)
    return names


def likely_duplicates(store: _Estimates, data: dict) -> list[EstimateRecord]:
    """Estimates in the store (not retracted) with the same place, topic, as_of and estimator as
    `data` (estimator compared folded, in any of its languages), other than `data`'s own id."""
    place, topic = data.get("place"), data.get("topic")
    if not place or not topic:
        return []
    mine = estimator_names(data.get("estimator"))
    as_of = str(data["as_of"]) if data.get("as_of") is not None else None
    out = []
    for est in store.entries.estimates(places=[place], topics=[topic]):
        if est.id == data.get("id") or est.as_of != as_of:
            continue
        if mine and mine & estimator_names(est.estimator) or (not mine and not est.estimator):
            out.append(est)
    return out
