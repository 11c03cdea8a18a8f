"""Who a question names as the estimator ("what does ICSR say", "по данным МВД Киргизии"): the
figures of that estimator (or outlet) are the answer, matched on script-neutral word keys."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.store.records import EstimateRecord
from bot.understanding.query import Query
from bot.understanding.text import tokenise

KEY_LENGTH = 5  # words are compared on their first letters: stems and inflections agree there
MIN_WORD = 3

_TRANSLIT = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya", "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u",
    "һ": "h", "і": "i",
})

# words of institutions' names that say what kind of body it is, not which one: a question
# saying "ministry" or "group" names no estimator
_GENERIC = frozenset(w[:KEY_LENGTH] for w in (
    "ministry", "ministerstvo", "committee", "komitet", "national", "natsionalnyi", "state", "gosudarstvennyi",
    "foreign", "internal", "international", "affairs", "office", "service", "group", "republic", "respublika",
    "center", "centre", "tsentr", "institute", "institut", "studies", "study", "research", "agency", "department",
    "government", "regional", "oblast", "region", "test", "general", "council", "security", "data", "news",
    # the domain's own vocabulary: a question about "terrorist crimes" or "the list" names no
    # "Anti-Terrorist Centre" and no "count of the list of terrorists"
    "terrorist", "terrorism", "terror", "terrorizm", "extremist", "extremism", "ekstremizm", "anti", "counter",
    "reported", "report", "according", "authorities", "officials", "official", "figure", "estimate", "count",
    "list", "spisok", "perechen", "crimes", "prestuplenie", "people", "lyudi", "person", "citizens", "police",
    "court", "sud", "prosecutor", "prokuratura", "legal", "statistics", "statistika", "religious", "religion",
    "affairs", "public", "monitoring", "ranking", "world", "country", "countries",
))


def word_key(word: str) -> str:
    """A script-neutral key: lower case, Cyrillic transliterated, the first letters."""
    return word.casefold().translate(_TRANSLIT)[:KEY_LENGTH]


def _keys(texts: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for text in texts:
        words = [tok for tok in tokenise(text) if not tok.is_number and not tok.is_stopword]
        for tok in words:
            if len(tok.folded) < MIN_WORD and not tok.is_upper:
                continue  # "UN", "US", "ҰҚК" count: short names are written in capitals
            key = word_key(tok.text)
            if key not in _GENERIC:
                out.add(key)
        out |= _initials(words)
    return out


def _initials(words: list) -> set[str]:  # noqa: ANN001 - understanding's tokens
    """What a name is shortened to: "Human Rights Watch" -> "hrw", "Ministry of Foreign Affairs of
    Kazakhstan" -> "mfa" and "mfak" (the initials of its first three words or more)."""
    letters = "".join(tok.text[0] for tok in words if tok.text[:1].isalpha())
    if len(words) < 3 or len(letters) != len(words):
        return set()
    return {word_key(letters[:n]) for n in range(3, len(letters) + 1)} - _GENERIC


def _strings(value: object) -> list[str]:
    """A text field's strings: a plain string, or every language of a mapping."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [v for v in value.values() if isinstance(v, str)]
    return []


def estimator_keys(est: EstimateRecord) -> frozenset[str]:
    """Keys of the estimator's name in every language and of the source's outlet."""
    texts = _strings(est.estimator) + (_strings(est.source.publication) if est.source else [])
    return _cached_keys(tuple(t for t in texts if t))


@lru_cache(maxsize=20_000)
def _cached_keys(texts: tuple[str, ...]) -> frozenset[str]:
    # many figures share an estimator: its keys are worked out once; the institution it is (in
    # any language) is a key too
    return frozenset(_keys(texts)) | frozenset().union(*(institution_keys(t) for t in texts))


def question_keys(q: Query) -> set[str]:
    """Keys of the words nothing else in the question explained (and of named organisations)."""
    words = [*q.terms, *q.unknown_terms, *(part for e in q.entities for part in e.split("-"))]
    return ({word_key(w) for w in words if len(w) >= MIN_WORD} - _GENERIC) | institution_keys(q.text or "")


def by_named_estimator(q: Query, estimates: list[EstimateRecord]) -> list[EstimateRecord]:
    """The estimates whose estimator the question names best, when it names some but not all;
    otherwise all of them unchanged."""
    asked = question_keys(q)
    if not asked or len(estimates) < 2:
        return estimates
    matched = [asked & estimator_keys(e) for e in estimates]
    if not any(matched) or all(m == matched[0] for m in matched):
        return estimates
    return _most_named(estimates, matched)


def named_estimators_figures(q: Query, estimates: list[EstimateRecord]) -> list[EstimateRecord]:
    """Of some figures, those whose estimator the question names best ("what does UNICEF say
    about Tajikistan", no topic named); none when it names none of them."""
    asked = question_keys(q)
    if not asked:
        return []
    matched = [asked & estimator_keys(e) for e in estimates]
    return _most_named(estimates, matched) if any(matched) else []


def _most_named(estimates: list[EstimateRecord], matched: list[set[str]]) -> list[EstimateRecord]:
    """The estimates whose matched name words no other estimate's include and exceed: "GSIN and
    Penal Reform International" keeps both; "МВД Киргизии" drops a figure of "МВД Казахстана"
    (its 'мвд' is within the other's 'мвд' + 'киргиз')."""
    distinct = {frozenset(m) for m in matched if m}
    maximal = {m for m in distinct if not any(m < other for other in distinct)}
    return [e for e, m in zip(estimates, matched, strict=True) if m and frozenset(m) in maximal]


def name_keys(name: str) -> frozenset[str]:
    """Keys of a name the question gives ("the KNB", "МВД Казахстана", "UN") as estimator_keys
    makes them, to compare the two."""
    keys = _cached_keys((name,))
    # a name made only of words too general to key on ("Interpol" ~ "international"): itself, so
    # it meets no estimator rather than every one
    return keys or frozenset({"=" + name.casefold()})


# --- institutions named in any language ---------------------------------------------------------

INSTITUTIONS_FILE = Path(__file__).resolve().parents[1] / "understanding" / "data" / "institutions.yaml"


_WORD_RUN = re.compile(r"\w+")


@dataclass(frozen=True)
class _Institutions:
    """data/institutions.yaml, read once: the patterns, and what a text must hold for any of them
    to match (_may_name_institution)."""

    patterns: tuple[tuple[str, re.Pattern | None, re.Pattern | None], ...]  # (group, phrases, abbreviations)
    openings: frozenset[str]  # the literal start of each phrase pattern (its first word, as matched)
    opening_lengths: tuple[int, ...]
    word_abbreviations: frozenset[str]  # abbreviations that are one run of word characters
    other_abbreviations: bool  # some abbreviation is not ("U.N."): then every text goes to the patterns


def _matched_start(word: str) -> str:
    """What of a folded name word its pattern requires: a word of five letters or more is matched
    on its beginning (Russian and Kazakh endings)."""
    return word[: max(4, len(word) - 2)] if len(word) >= 5 else word


@lru_cache(maxsize=1)
def _institutions() -> _Institutions:
    from ruamel.yaml import YAML

    from bot.understanding.kazakh import fold

    data = (YAML(typ="safe").load(INSTITUTIONS_FILE.read_text(encoding="utf-8")) or {}).get("institutions", {})
    patterns, openings, all_abbreviations = [], set(), set()
    for group, by_lang in data.items():
        names = [str(n) for names in by_lang.values() for n in names or ()]
        abbreviations = sorted({n for n in names if n.isupper() and len(n) <= 6 and " " not in n})
        all_abbreviations.update(abbreviations)
        words = []
        for name in names:
            if name in abbreviations:
                continue
            parts = [fold(w) for w in re.findall(r"[^\W\d_]+", name)]
            openings.add(_matched_start(parts[0]) if parts else "")
            words.append(r"[\s'’-]+".join(re.escape(_matched_start(w)) + r"\w*" if len(w) >= 5 else re.escape(w)
                                          for w in parts))
        phrases = re.compile(r"(?<!\w)(?:" + "|".join(sorted(words, key=len, reverse=True)) + r")(?!\w)") if words else None
        abbrev = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, abbreviations)) + r")(?!\w)") if abbreviations else None
        patterns.append((group, phrases, abbrev))
    word_abbreviations = frozenset(a for a in all_abbreviations if _WORD_RUN.fullmatch(a))
    return _Institutions(tuple(patterns), frozenset(openings), tuple(sorted({len(o) for o in openings})),
                         word_abbreviations, other_abbreviations=len(word_abbreviations) < len(all_abbreviations))


def _institution_patterns() -> tuple[tuple[str, re.Pattern | None, re.Pattern | None], ...]:
    """(group, pattern over folded lower-case text, pattern over the text as written for its
    abbreviations) per institution group of data/institutions.yaml."""
    return _institutions().patterns


def _may_name_institution(text: str, folded: str) -> bool:
    r"""Whether any institution pattern can match, by set look-ups (most questions name none, and
    twenty regular expressions cost ~40 µs a question): every phrase alternative opens, after
    (?<!\w), with its first word's letters, so at the start of a run of word characters of the
    folded text; a one-word abbreviation is a whole run of the text as written."""
    known = _institutions()
    if known.other_abbreviations or any(run in known.word_abbreviations for run in _WORD_RUN.findall(text)):
        return True
    return any(run[:n] in known.openings for run in _WORD_RUN.findall(folded)
               for n in known.opening_lengths if n <= len(run))


@lru_cache(maxsize=20_000)
def institution_keys(text: str) -> frozenset[str]:
    """"@group" keys of the institutions a text names ("МВД Таджикистана", "the Interior Ministry",
    "ІІМ" -> "@interior")."""
    from bot.understanding.kazakh import fold

    folded = fold(text)
    if not _may_name_institution(text, folded):
        return frozenset()
    found = set()
    for group, phrases, abbrev in _institution_patterns():
        if (phrases is not None and phrases.search(folded)) or (abbrev is not None and abbrev.search(text)):
            found.add("@" + group)
    return frozenset(found)
