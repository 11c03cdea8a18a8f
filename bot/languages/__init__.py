"""The languages the bot speaks: one registry every other module reads.

Each language is one module beside this file that defines `LANGUAGE = Language(...)`; the
registry finds them by listing this package, so adding a language is that module plus its
catalog (locales/<code>/LC_MESSAGES/messages.po) and nothing else. A module also holds every
word the understanding and answering layers read in that language (stopwords, cues, numbers in
words, years and months, law statuses, ...) and its stemmer; bot/understanding/ and
bot/answering/ build their tables and patterns from the registry (`words`, `any_of`) at import.

A leaf: it imports nothing of bot/, so that even the store (the bottom layer) may read it.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class YearWords:
    """The words around a year in a question (bot/understanding/years.py). Each is a regular
    expression matched without regard to case (a plain word is one); "before"/"after" say on
    which side of the year it stands."""

    after: tuple[str, ...] = ()  # after a year, naming it one: "years?", "г.", "жылы"
    endings: tuple[str, ...] = ()  # written onto a year: "2014-го", "2015-ші" (a hyphen optional)
    range_start: tuple[str, ...] = ()  # ends the first year of a range: "2015-тен 2018-ге дейін"
    # between the years of a range or list, besides the conjunctions: "to", "по"
    range_joiners: tuple[str, ...] = ()
    case_ending: str | None = None  # written onto a year before a word after it: "2015-тен бері"
    since_before: tuple[str, ...] = ()  # from that year on: "since 2015", "начиная с 2015"
    since_after: tuple[str, ...] = ()  # "2015 onwards", "2015 жылдан бері"
    later_before: tuple[str, ...] = ()  # from the year after it on: "after 2015", "после 2015"
    later_after: tuple[str, ...] = ()  # "2015 жылдан кейін"
    until_before: tuple[str, ...] = ()  # up to that year: "until 2015", "до 2015"
    until_after: tuple[str, ...] = ()  # "2015 and earlier", "2015 жылға дейін"
    earlier_before: tuple[str, ...] = ()  # up to the year before it: "before 2015", "ранее 2015"
    earlier_after: tuple[str, ...] = ()  # "2015 жылға бұрын"
    # a number near them is no year: what it counts ("2000 fighters"), an approximation before it
    # ("about 2000", but not "what about 2023?": asking_before), its name as a figure ("the
    # figure 1938"; after it, "1800 деген санды")
    counted: tuple[str, ...] = ()
    approximately: tuple[str, ...] = ()
    asking_before: tuple[str, ...] = ()
    figure_before: tuple[str, ...] = ()
    figure_after: tuple[str, ...] = ()


@dataclass(frozen=True)
class AttributionWords:
    """How a question names who a figure should come from (bot/understanding/attribution.py):
    "according to the KNB", "ҰҚК деректері бойынша", "what does HRW say". Cues and verbs are
    regular expressions; each kind's triggers are lower-case substrings one of which any match
    holds (looked for first, as plain substring tests are cheap)."""

    cues_before_name: tuple[str, ...] = ()  # "according to", "по данным" (+ the name)
    before_triggers: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()  # between such a cue and the name: "the"
    cues_after_name: tuple[str, ...] = ()  # (the name +) "деректері бойынша"
    after_triggers: tuple[str, ...] = ()
    name_ending: str | None = None  # written onto the name before such a cue: "ІІМ-нің айтуынша"
    says: tuple[str, ...] = ()  # (the name +) "says", "говорит"
    says_triggers: tuple[str, ...] = ()
    name_joiners: tuple[str, ...] = ()  # between the capitalised words of a name: "of", "по"
    not_names: tuple[str, ...] = ()  # words that start a name-like span but name nobody


@dataclass(frozen=True, eq=False)
class Language:
    code: str  # ISO 639-1: Telegram's language_code, the catalog folder under locales/
    name: str  # its own name, as a chooser lists it ("Қазақша")
    order: int  # where it stands in every list and fallback (the source language first)
    # What the understanding layer reads (bot/understanding/): a language without them is still
    # spoken (replies, labels, menus), its questions read with the words of the others.
    stopwords: tuple[str, ...] = ()  # words that carry no content, as written (folded on load)
    # what tells its text from another language of its script (bot/understanding/language.py):
    # words the other practically never contains, as written, and word endings (folded)
    markers: tuple[str, ...] = ()
    marker_endings: tuple[str, ...] = ()
    # words whose ending only looks like a suffix, which a suffix stripper without a dictionary
    # would cut (Kazakh's, bot/understanding/kazakh.py), as written (folded on load)
    unsuffixed: tuple[str, ...] = ()
    conjunctions: tuple[str, ...] = ()  # "and", "or": joining places ("in KZ and KG") or years
    locatives: tuple[str, ...] = ()  # "in" before a place where something happens ("in Syria")
    modals: tuple[str, ...] = ()  # "can", "may": a question about what a law allows, not its act
    counting: tuple[str, ...] = ()  # "how many": a question that asks a count (bot/answering/answerer.py)
    # small words in a body's name left out of its initials ("Ministry of Foreign Affairs" -> "MFA")
    name_links: tuple[str, ...] = ()
    # cue -> phrases (cues.py; "follow-up", "follow-up-end": what opens or ends a follow-up
    # question, bot/understanding/followup.py)
    cues: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    number_words: Mapping[str, float | None] = field(default_factory=dict)  # "two" -> 2
    number_multipliers: Mapping[str, int] = field(default_factory=dict)  # "thousand" -> 1000
    hundreds: tuple[str, ...] = ()  # "hundred" after a number multiplies it ("two hundred")
    number_joiners: tuple[str, ...] = ()  # "and" inside a number ("two hundred and fifty")
    # multipliers written after digits ("2k", "18 тыс.", "1,5 тысячи"), as regular expressions
    digit_multipliers: Mapping[str, int] = field(default_factory=dict)
    years: YearWords = YearWords()
    attribution: AttributionWords = AttributionWords()
    # the twelve months, January first, each as the beginnings people write it with ("jun",
    # "июн", "маусым"): bot/understanding/years.py reads a month beside a year
    months: tuple[tuple[str, ...], ...] = ()
    # its Snowball algorithm (PyStemmer's name: "english", "russian"); None: no Snowball stemmer
    # (Kazakh has its own suffix stripper, bot/understanding/kazakh.py)
    stemmer: str | None = None
    script: str = "Latin"  # the script its words are written in: "Latin" or "Cyrillic"
    # a law's status as people name it ("repealed", "draft", "in-force"), and the words asking for
    # the law now in force ("current") or the one before it ("previous"): bot/answering/laws.py
    law_words: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # what curators write in a law's status field, per status (bot/curation/forms.py)
    status_names: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # the gazetteer (bot/understanding/gazetteer.py): names of other things that contain a place's
    # name ("Fergana Valley"), and the words beside which a name that is also a person's or a
    # word is a place ("in Mary", "Мары қаласында"): folded whole forms, and stems
    not_places: tuple[str, ...] = ()
    place_cues_before: tuple[str, ...] = ()
    place_cues_after: tuple[str, ...] = ()
    place_cue_stems: tuple[str, ...] = ()
    # words that narrow who is counted, by group ("women": "women", "әйелдер"): bot/answering/qualifiers.py
    qualifiers: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def _discover() -> tuple[Language, ...]:
    found = []
    for module in pkgutil.iter_modules(__path__):
        language = getattr(importlib.import_module(f"{__name__}.{module.name}"), "LANGUAGE", None)
        if isinstance(language, Language):
            found.append(language)
    return tuple(sorted(found, key=lambda lang: (lang.order, lang.code)))


LANGUAGES: tuple[Language, ...] = _discover()
BY_CODE: dict[str, Language] = {lang.code: lang for lang in LANGUAGES}
# the codes in registry order: ("en", "ru", "kk")
CODES: tuple[str, ...] = tuple(BY_CODE)
# message ids are written in English: the one language with no catalog to translate into
SOURCE_LANGUAGE = "en"
DEFAULT_LANGUAGE = SOURCE_LANGUAGE
TRANSLATED: tuple[str, ...] = tuple(code for code in CODES if code != SOURCE_LANGUAGE)
NAMES: dict[str, str] = {lang.code: lang.name for lang in LANGUAGES}

def words(kind: str) -> tuple[str, ...]:
    """One kind of word of every language, in registry order: a field ("conjunctions") or a
    field of a group of them ("years.after", "attribution.says")."""
    out: list[str] = []
    for lang in LANGUAGES:
        value = lang
        for part in kind.split("."):
            value = getattr(value, part)
        out.extend(value)
    return tuple(out)


def any_of(patterns: Iterable[str]) -> str:
    """A regular expression group matching any of the patterns; one matching nothing if none."""
    patterns = tuple(patterns)
    return f"(?:{'|'.join(patterns)})" if patterns else "(?!)"


__all__ = ["Language", "YearWords", "AttributionWords", "LANGUAGES", "BY_CODE", "CODES", "SOURCE_LANGUAGE", "DEFAULT_LANGUAGE",
           "TRANSLATED", "NAMES", "words", "any_of"]
