"""The guided flows' fields: per kind, the ordered questions (required or skippable), the kind of
answer, the buttons to offer, and apply() — one answer checked by the file's rules, or FormError.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Container
from dataclasses import dataclass
from typing import Any

from bot.curation import forms
from bot.curation.forms import MAX_NAME, MAX_TEXT, FormError
from bot.i18n import N_
from bot.languages import CODES, NAMES
from bot.store.records import pick_text
from bot.store.textlang import guess_language
from bot.store.validate import LAW_STATUSES, REPORT_LANGUAGES, iso_countries, validate_document

# answers meaning "leave this optional field empty", in each language (buttons send "skip")
SKIP_WORDS = frozenset({"skip", "-", "—", "пропустить", "пропуск", "нет", "өткізу", "өткізіп жіберу", "жоқ", "/skip"})
COMMON_COUNTRIES = ("KZ", "KG", "TJ", "TM", "UZ", "RU", "AF", "SY", "IQ", "TR", "CN")
UNITS = ("people", "percent", "years", "events")
# unit keys the answers have words for in every language (bot.answering.figures.unit_word)
KNOWN_UNITS = ("cases", "arrests", "organisations", "groups", "websites", "resources", "cells", "firearms",
               "mosques", "materials", "accounts", "channels", "attacks", "convictions", "families", "children",
               "women")
UNIT_LABELS = {"people": N_("people"), "percent": N_("percent"), "years": N_("years"), "events": N_("events")}
STATUS_LABELS = {"draft": N_("draft"), "adopted": N_("adopted"), "signed": N_("signed"),
                 "in-force": N_("in force"), "repealed": N_("repealed")}
LANGUAGE_LABELS = NAMES


@dataclass(frozen=True)
class Choice:
    """A button: the value stored, and its label (a msgid when `translate`, else shown as is)."""

    value: str
    label: str
    translate: bool = False


@dataclass(frozen=True)
class FieldSpec:
    """One question of a guided flow.

    answer: "place" | "topic" | "figure" | "date" | "choice" | "text" | "mtext" (multilingual
    text) | "url" | "code" | "places" | "tags" | "names" | "textlist".
    """

    name: str  # the entry's field, dotted for sub-fields ("source.date")
    answer: str
    required: bool
    question: str  # msgid of the question
    limit: int = MAX_TEXT
    choices: str | None = None  # provider: "places" | "topics" | "units" | "statuses" | "languages"


def _f(name: str, answer: str, required: bool, question: str, limit: int = MAX_TEXT,
       choices: str | None = None) -> FieldSpec:
    return FieldSpec(name, answer, required, question, limit, choices)


Q_PLACE = N_("Which place? A country code (KZ) or a name in any language.")
Q_SOURCE = N_("Which publication is the source?")
Q_SOURCE_DATE = N_("When was the source published? YYYY, YYYY-MM or YYYY-MM-DD.")
Q_SOURCE_URL = N_("A link to the source (http:// or https://)?")

FLOWS: dict[str, tuple[FieldSpec, ...]] = {
    "estimate": (
        _f("place", "place", True, Q_PLACE, MAX_NAME, "places"),
        _f("topic", "topic", True, N_("Which topic does the figure count?"), MAX_NAME, "topics"),
        _f("figure", "figure", True, N_("The figure: 250, >500, up to 80, 80-100 or 12%.")),
        _f("unit", "choice", False, N_("What does it count?"), 40, "units"),
        _f("as_of", "date", True, N_("As of when? YYYY, YYYY-MM or YYYY-MM-DD.")),
        _f("estimator", "mtext", True, N_("Who gives the figure (the estimator)?"), MAX_NAME),
        _f("source.publication", "mtext", True, Q_SOURCE, MAX_NAME),
        _f("source.date", "date", False, Q_SOURCE_DATE),
        _f("source.url", "url", False, Q_SOURCE_URL),
        _f("note", "mtext", False, N_("A note?")),
    ),
    "law": (
        _f("jurisdiction", "place", True, N_("Which jurisdiction? A country code (KZ) or a name."), MAX_NAME,
           "places"),
        _f("title", "mtext", True, N_("The law's title?")),
        _f("number", "text", False, N_("The law's number?"), MAX_NAME),
        _f("signed", "date", False, N_("When was it signed? YYYY, YYYY-MM or YYYY-MM-DD.")),
        _f("signed_by", "mtext", False, N_("Who signed it?"), MAX_NAME),
        _f("status", "choice", False, N_("Its status?"), 40, "statuses"),
        _f("summary", "mtext", False, N_("A short summary?")),
        _f("provisions", "textlist", False, N_("Its main provisions, one per line?")),
        _f("source.publication", "mtext", False, Q_SOURCE, MAX_NAME),
        _f("source.date", "date", False, Q_SOURCE_DATE),
        _f("source.url", "url", False, Q_SOURCE_URL),
    ),
    "report": (
        _f("url", "url", True, N_("The report's link (http:// or https://)?")),
        _f("title", "mtext", False, N_("Its title?")),
        _f("publication", "mtext", False, N_("Which publication?"), MAX_NAME),
        _f("published", "date", False, N_("When was it published? YYYY, YYYY-MM or YYYY-MM-DD.")),
        _f("language", "choice", False, N_("Its language?"), 10, "languages"),
        _f("summary", "mtext", False, N_("A short summary?")),
        _f("places", "places", False, N_("Which places does it cover? Codes or names, separated by commas."),
           MAX_NAME, "places"),
        _f("tags", "tags", False, N_("Tags, separated by commas?"), MAX_NAME),
    ),
    "place": (
        _f("code", "code", True, N_("The place's code: ISO 3166-2 (KZ-KAR) or a lower-case key (central-asia)."),
           200),
        _f("name", "mtext", True, N_("Its name? Start with en:, ru: or kk: to give the language."), MAX_NAME),
        _f("aliases", "names", False, N_("Other names it goes by, separated by commas?"), MAX_TEXT),
        _f("within", "place", False, N_("Which country or region is it within?"), MAX_NAME, "places"),
    ),
    "topic": (
        _f("key", "code", True, N_("The topic's key, e.g. foreign-fighters?"), 200),
        _f("label", "mtext", True, N_("What does it count? Start with en:, ru: or kk: to give the language."),
           MAX_NAME),
        _f("synonyms", "names", False, N_("Words people use for it, separated by commas?"), MAX_TEXT),
    ),
}


def flow(kind: str) -> tuple[FieldSpec, ...]:
    """The ordered fields a guided flow asks for `kind` (estimate, law, report, place, topic)."""
    return FLOWS[kind]


def spec(kind: str, name: str) -> FieldSpec:
    for f in FLOWS[kind]:
        if f.name == name:
            return f
    raise KeyError(f"{kind} has no field {name!r}")


# --- buttons -------------------------------------------------------------------------------

def choices(kind: str, name: str, store: Any = None, lexicon: Any = None, lang: str = "en") -> list[Choice]:
    """The buttons for a field: topics and places known to the store (plus common countries),
    units, law statuses, report languages; [] for a field answered by typing."""
    provider = spec(kind, name).choices
    if provider == "units":  # the units the store already uses, the usual ones first
        return [Choice(u, unit_label(u, lang)) for u in units_in_use(store)]
    if provider == "statuses":
        return [Choice(s, STATUS_LABELS[s], True) for s in LAW_STATUSES]
    if provider == "languages":
        return [Choice(code, LANGUAGE_LABELS[code]) for code in REPORT_LANGUAGES]
    if provider == "topics":
        topics = store.entries.topics() if store is not None else []
        return [Choice(t.key, (pick_text(t.label, lang) or (t.key, ""))[0]) for t in topics]
    if provider == "places":
        codes = list(COMMON_COUNTRIES)
        if store is not None:
            codes += [p.code for p in store.entries.places() if p.code not in codes]
        out = []
        for code in codes:
            label = lexicon.place_name(code, lang) if lexicon is not None else code
            out.append(Choice(code, label))
        return out
    return []


def units_in_use(store: Any = None) -> list[str]:
    """The usual units, then every other unit the store's estimates use, most used first."""
    from collections import Counter

    counts = Counter(e.unit for e in store.entries.estimates() if e.unit) if store is not None else Counter()
    return list(UNITS) + [u for u, _ in counts.most_common() if u not in UNITS]


def unit_label(unit: str, lang: str) -> str:
    """A unit key as a button reads it in `lang` ("websites" -> "сайтов"); an unknown key as it is."""
    from bot.answering.figures import unit_word
    from bot.i18n import tr

    if unit in UNIT_LABELS:
        return tr(lang).gettext(UNIT_LABELS[unit])
    return unit_word(unit.lower(), 5, lang) or unit


def _typed_unit(raw: str, fs: FieldSpec, store: Any = None) -> str:
    """A unit typed: a known one by its key or its word in any language and number, else the text
    itself (units are free keys) — but never a number ("150" is the figure typed again)."""
    from bot.answering.figures import unit_word

    value = " ".join(raw.strip().split())
    if value == "%":
        return "percent"
    if _NUMBER_LIKE.match(value):
        raise FormError(fs.name, "unit_is_number", {"value": value[:40]})
    low = value.lower()
    for unit in [*units_in_use(store), *(u for u in KNOWN_UNITS if u not in UNITS)]:
        if low == unit.lower():
            return unit
        words = {unit_label(unit, lang).lower() for lang in CODES}
        words |= {(unit_word(unit.lower(), n, lang) or "").lower() for lang in CODES for n in (1, 2, 5)}
        if low in words:
            return unit
    return forms.check_text(fs.name, value, fs.limit) or value


_NUMBER_LIKE = re.compile(r"^[\d\s.,%+~<>≈–—-]+$")


# --- answers -------------------------------------------------------------------------------

_LANG_PREFIX = re.compile(r"^\s*(en|ru|kk)\s*:\s*", re.IGNORECASE)
_SPLIT = re.compile(r"\s*[,;\n]\s*")


def is_skip(raw: str) -> bool:
    return raw.strip().lower() in SKIP_WORDS


def _get(data: dict, name: str) -> Any:
    cur: Any = data
    for part in name.split("."):
        if not isinstance(cur, dict):
            return None
        cur = cur.get(part)
    return cur


def _set(data: dict, name: str, value: Any) -> None:
    parts = name.split(".")
    target = data
    for part in parts[:-1]:
        target = target.setdefault(part, {})
    if value is None:
        target.pop(parts[-1], None)
        if len(parts) > 1 and not target:
            data.pop(parts[0], None)
    else:
        target[parts[-1]] = value


def _mtext(raw: str, current: Any, fs: FieldSpec) -> dict[str, str]:
    """'ru: Текст' adds the Russian text to what is there; plain text replaces it (language guessed)."""
    m = _LANG_PREFIX.match(raw)
    if m:
        text = forms.check_text(fs.name, raw[m.end():], fs.limit) or ""
        merged = dict(current) if isinstance(current, dict) else {}
        merged[m.group(1).lower()] = text
        return merged
    text = forms.check_text(fs.name, raw, fs.limit) or ""
    return {guess_language(text): text}


def _choice(raw: str, fs: FieldSpec) -> str:
    value = raw.strip().lower()
    if fs.choices == "units":
        return _typed_unit(raw, fs)
    if fs.choices == "statuses":
        found = forms.STATUS_WORDS.get(value)
        if found:
            return found
        options, labels = LAW_STATUSES, STATUS_LABELS
    else:
        options, labels = REPORT_LANGUAGES, {k: v for k, v in LANGUAGE_LABELS.items()}
    if value in options:
        return value
    from bot.i18n import tr

    for option in options:  # a label typed in any language
        if any(tr(lang).gettext(labels[option]).lower() == value for lang in CODES):
            return option
    raise FormError(fs.name, "bad_choice", {"value": raw.strip(), "choices": ", ".join(options)})


def _value(fs: FieldSpec, raw: str, data: dict, lexicon: Any, known_places: Container[str] | None,
           known_topics: Container[str] | None) -> Any:
    a = fs.answer
    if a == "place":
        return forms.resolve_place(raw, lexicon, fs.name, known_places)
    if a == "topic":
        return forms.resolve_topic(raw, lexicon, fs.name, known_topics)
    if a == "date":
        return forms.date(raw, fs.name)
    if a == "url":
        if len(raw.strip()) > fs.limit:
            raise FormError(fs.name, "too_long", {"length": len(raw.strip()), "limit": fs.limit})
        return forms.url(raw, fs.name)
    if a == "mtext":
        return _mtext(raw, _get(data, fs.name), fs)
    if a == "choice":
        return _choice(raw, fs)
    if a == "code":
        value = forms.check_text(fs.name, raw, fs.limit) or ""
        return value.upper() if len(value) == 2 and value.isalpha() else value
    if a == "places":
        forms.check_text(fs.name, raw, fs.limit)
        out: list[str] = []
        for part in (p for p in _SPLIT.split(raw) if p.strip()):
            code = forms.resolve_place(part, lexicon, fs.name, known_places)
            if code not in out:
                out.append(code)
        return out
    if a == "tags":
        forms.check_text(fs.name, raw, fs.limit)
        return [t for t in (p.strip() for p in _SPLIT.split(raw)) if t]
    if a == "names":
        forms.check_text(fs.name, raw, fs.limit)
        groups: dict[str, list[str]] = {}
        for word in (p.strip() for p in _SPLIT.split(raw)):
            if word:
                forms.check_text(fs.name, word, MAX_NAME)
                groups.setdefault(guess_language(word), []).append(word)
        return groups
    if a == "textlist":
        forms.check_text(fs.name, raw, fs.limit * 5)
        return [{guess_language(line): forms.check_text(fs.name, line, fs.limit)}
                for line in raw.splitlines() if line.strip()]
    return forms.check_text(fs.name, raw, fs.limit)


_CHECKED_SECTION = {"estimate": "estimates", "law": "laws", "report": "reports", "place": "places",
                    "topic": "topics"}


def apply(data: dict, field: str, raw_text: str, lexicon: Any, *, kind: str | None = None,
          known_places: Container[str] | None = None, known_topics: Container[str] | None = None) -> dict:
    """`data` with the answer to `field` applied (a new dict), or FormError naming the field.

    `kind` defaults to the flow that has `field` (estimate first). "skip" (any language) clears an
    optional field; the figure replaces value/low/high (a "%" sets the unit to percent). The
    result is checked with the file's rules for this field (known places/topics when given).
    """
    kind = kind or next(k for k, fl in FLOWS.items() if any(f.name == field for f in fl))
    fs = spec(kind, field)
    raw = raw_text if isinstance(raw_text, str) else ""
    out = copy.deepcopy(data)
    if not raw.strip() or is_skip(raw):
        if fs.required:
            raise FormError(field, "required")
        if field == "unit":
            out.pop("unit", None)
        else:
            _set(out, field, None)
        return out
    if fs.answer == "figure":
        fig = forms.figure(raw, field)
        for k in ("value", "low", "high", "approx"):
            out.pop(k, None)
        if "unit" in fig:
            out["unit"] = fig.pop("unit")
        out.update(fig)
    else:
        _set(out, field, _value(fs, raw, out, lexicon, known_places, known_topics))
    _check_with_file_rules(kind, out, field, lexicon, known_places, known_topics)
    return out


def _check_with_file_rules(kind: str, data: dict, field: str, lexicon: Any,
                           known_places: Container[str] | None, known_topics: Container[str] | None) -> None:
    places = set(known_places) if known_places is not None and not isinstance(known_places, Callable) else \
        set(getattr(lexicon, "place_names", {})) | set(iso_countries())
    topics = set(known_topics) if known_topics is not None else set(getattr(lexicon, "topic_labels", {}))
    section = _CHECKED_SECTION[kind]
    _, problems = validate_document({"version": 1, section: [data]}, places, topics)
    watched = ("value", "low", "high") if field == "figure" else (field,)
    for p in problems:
        if p.code == "missing":
            continue  # the flow has not asked for the other fields yet
        if any(p.field == w or p.field.startswith(w + ".") or p.field.startswith(w + "[") for w in watched):
            from bot.store.entries import relabel

            problem = relabel([p])[0]
            raise FormError(field, p.code, {k: v for k, v in p.params.items() if k not in ("entry", "field")},
                            problem=problem)


def finish(kind: str, data: dict, taken: Callable[[str], bool] | Container[str] | None = None) -> dict:
    """The entry ready to save: an id generated for an estimate or a law that has none."""
    out = copy.deepcopy(data)
    if kind == "estimate" and not out.get("id"):
        out = {"id": forms.estimate_id(out, taken), **out}
    elif kind == "law" and not out.get("id"):
        out = {"id": forms.law_id(out, taken), **out}
    return out


def missing(kind: str, data: dict) -> list[str]:
    """Required fields of the flow still unanswered (the figure counts when any of value/low/high is set)."""
    out = []
    for fs in FLOWS[kind]:
        if not fs.required:
            continue
        if fs.answer == "figure":
            if not any(data.get(k) is not None for k in ("value", "low", "high")):
                out.append(fs.name)
        elif _get(data, fs.name) in (None, "", [], {}):
            out.append(fs.name)
    return out
