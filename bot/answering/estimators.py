"""Who a question names as the estimator ("what does ICSR say", "по данным МВД Киргизии"): the
figures of that estimator (or outlet) are the answer, matched on script-neutral word keys."""

from __future__ import annotations

import re
from collections.abc import Iterable
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


@lru_cache(maxsize=1)
def _institution_patterns() -> tuple[tuple[str, re.Pattern, re.Pattern | None], ...]:
    """(group, pattern over folded lower-case text, pattern over the text as written for its
    abbreviations) per institution group of data/institutions.yaml."""
    from ruamel.yaml import YAML

    from bot.understanding.kazakh import fold

    data = (YAML(typ="safe").load(INSTITUTIONS_FILE.read_text(encoding="utf-8")) or {}).get("institutions", {})
    out = []
    for group, by_lang in data.items():
        names = [str(n) for names in by_lang.values() for n in names or ()]
        abbreviations = sorted({n for n in names if n.isupper() and len(n) <= 6 and " " not in n})
        words = []
        for name in names:
            if name in abbreviations:
                continue
            parts = [fold(w) for w in re.findall(r"[^\W\d_]+", name)]
            # a word of five letters or more is matched on its beginning: Russian and Kazakh endings
            words.append(r"[\s'’-]+".join(re.escape(w[: max(4, len(w) - 2)]) + r"\w*" if len(w) >= 5 else re.escape(w)
                                          for w in parts))
        phrases = re.compile(r"(?<!\w)(?:" + "|".join(sorted(words, key=len, reverse=True)) + r")(?!\w)") if words else None
        abbrev = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, abbreviations)) + r")(?!\w)") if abbreviations else None
        out.append((group, phrases, abbrev))
    return tuple(out)


_WORD_RUN = re.compile(r"\w+")


@lru_cache(maxsize=1)
def _institution_openings() -> tuple[frozenset[str], tuple[int, ...], frozenset[str], bool]:
    r"""What a text must contain for any institution pattern to match, as cheap set look-ups
    (most questions name no institution; twenty regular expressions cost ~40 µs a question):
    (the literal openings of the phrase patterns, their lengths, the abbreviations that are
    whole words, whether some abbreviation is not — such a text always goes to the patterns).
    Every phrase alternative opens, after (?<!\w), with letters: so at the start of a run of
    word characters of the folded text."""
    openings, whole_abbreviations, other_abbreviations = set(), set(), False
    for _group, phrases, abbrev in _institution_patterns():
        for alternative in _alternatives(phrases):
            openings.add(_literal_opening(alternative))
        for alternative in _alternatives(abbrev):
            word = re.sub(r"\\(.)", r"\1", alternative)
            if _WORD_RUN.fullmatch(word):
                whole_abbreviations.add(word)
            else:
                other_abbreviations = True
    return (frozenset(openings), tuple(sorted({len(o) for o in openings})), frozenset(whole_abbreviations),
            other_abbreviations)


def _alternatives(pattern: re.Pattern | None) -> list[str]:
    r"""The alternatives of a pattern built as (?<!\w)(?:a|b|...)(?!\w) above."""
    if pattern is None:
        return []
    body = pattern.pattern[len("(?<!\\w)(?:"):-len(")(?!\\w)")]
    return re.split(r"(?<!\\)\|", body)


def _literal_opening(alternative: str) -> str:
    """The letters an alternative starts with, unescaped: up to its first \\w* or separator."""
    out = []
    i = 0
    while i < len(alternative):
        ch = alternative[i]
        if ch == "\\":
            if alternative[i + 1] in "ws":  # \w* or a separator class: the literal part ended
                break
            out.append(alternative[i + 1])
            i += 2
            continue
        if ch in "[(*+?|":
            break
        out.append(ch)
        i += 1
    return "".join(out)


def _may_name_institution(text: str, folded: str) -> bool:
    openings, lengths, whole_abbreviations, other_abbreviations = _institution_openings()
    if other_abbreviations:
        return True
    if any(run in whole_abbreviations for run in _WORD_RUN.findall(text)):
        return True
    return any(run[:n] in openings for run in _WORD_RUN.findall(folded) for n in lengths if n <= len(run))


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
