"""The one-line forms for experts: an estimate or a law in one message, parsed into entry data.

    KZ; foreign-fighters; >500; 2014-09; KISI; Tengri News 2014-09-16 [; https://...]
    KZ; 2014-11-03; On countering extremism; Nursultan Nazarbayev; signed [; Akorda 2014-11-03]

Parts are separated by ";" (or "|"). Places by code or by name in any language, topics by key,
label or synonym (through bot.understanding's Lexicon). Errors are FormError (field + code +
params), said in the curator's language by describe_form_error().
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from bot.curation.problem_text import describe
from bot.errors import UserFacingError
from bot.i18n import N_, tr, wording_of
from bot.languages import LANGUAGES
from bot.store.problems import Problem
from bot.store.textlang import guess_language
from bot.store.typed import TypedValueError, parse_date_text, parse_figure
from bot.store.validate import LAW_STATUSES, iso_countries

MAX_TEXT = 2000  # a free-text field (title, note, summary, a provision)
MAX_NAME = 300  # a name (estimator, publication, signer, place or topic name)
MAX_LINE = 4096  # a Telegram message
MAX_ID_SLUG = 30



ESTIMATE_LINE_SYNTAX = N_("place; topic; figure; date; estimator; source [; url]\n"
                          "For example: KZ; foreign-fighters; >500; 2014-09; KISI; Tengri News 2014-09-16\n"
                          "Figures: 250, >500, up to 80, 80-100, 12%. Dates: YYYY, YYYY-MM or YYYY-MM-DD.")
LAW_LINE_SYNTAX = N_("jurisdiction; date; title; signed by; status [; source]\n"
                     "For example: KZ; 2014-11-03; On countering extremism; Nursultan Nazarbayev; signed\n"
                     "Status: draft, adopted, signed, in-force or repealed.")

# field names as a curator reads them
FIELD_LABELS: dict[str, str] = {
    "place": N_("place"), "jurisdiction": N_("jurisdiction"), "topic": N_("topic"), "figure": N_("figure"),
    "value": N_("figure"), "low": N_("figure"), "high": N_("figure"), "unit": N_("unit"),
    "approx": N_("approximate"),
    "as_of": N_("date"), "estimator": N_("estimator"), "source": N_("source"),
    "source.publication": N_("source"), "source.date": N_("source date"), "source.url": N_("source link"),
    "source.title": N_("source title"), "note": N_("note"), "tags": N_("tags"), "id": N_("id"),
    "title": N_("title"), "number": N_("number"), "signed": N_("date signed"), "adopted": N_("date adopted"),
    "in_force": N_("date in force"), "signed_by": N_("signed by"), "status": N_("status"),
    "summary": N_("summary"), "provisions": N_("provisions"), "url": N_("link"), "publication": N_("publication"),
    "published": N_("date published"), "language": N_("language"), "text": N_("text"), "places": N_("places"),
    "code": N_("code"), "name": N_("name"), "aliases": N_("other names"), "within": N_("within"),
    "includes": N_("includes"), "key": N_("key"), "label": N_("label"), "synonyms": N_("synonyms"),
    "line": N_("line"), "reason": N_("reason"),
}

MESSAGES: dict[str, str] = {
    "empty": N_("The line is empty."),
    "too_few_parts": N_("Expected {expected} parts separated by ';', got {got}."),
    "too_many_parts": N_("Expected at most {expected} parts separated by ';', got {got}."),
    "missing": N_("{field}: this field is required."),
    "required": N_("{field} is required and cannot be skipped."),
    "unknown_place": N_("{field}: unknown place \"{value}\"."),
    "ambiguous_place": N_("{field}: \"{value}\" names several places ({places}); give one code."),
    "unknown_topic": N_("{field}: unknown topic \"{value}\"."),
    "bad_figure": N_("{field}: \"{value}\" is not a figure (e.g. 250, >500, up to 80, 80-100)."),
    "bad_number": N_("{field}: \"{value}\" is not a figure (e.g. 250, >500, up to 80, 80-100)."),
    "negative": N_("{field}: a count cannot be negative."),
    "low_above_high": N_("{field}: the lower bound ({low}) is above the upper bound ({high})."),
    "bad_date": N_("{field}: \"{value}\" is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)."),
    "bad_url": N_("{field}: \"{value}\" is not a web address (http:// or https://)."),
    "too_long": N_("{field}: too long ({length} characters; the limit is {limit})."),
    "bad_choice": N_("{field}: \"{value}\" is not one of: {choices}."),
    "bad_code": N_("{field}: \"{value}\" is not a valid code (letters, digits, '-', '_' or '.')."),
    "bad_char": N_("{field}: the text holds a character that is not allowed."),
    "html": N_("{field}: HTML tags are not allowed; please write plain text."),
    "unit_is_number": N_("{field}: \"{value}\" is a number, not a unit. Say what the figure counts "
                         "(people, cases, websites…) or press one of the buttons."),
    "bad_bool": N_("{field}: \"{value}\" is neither yes nor no."),
}
FALLBACK = N_("{field}: invalid value.")


@dataclass
class FormError(UserFacingError, ValueError):
    """A form (one line or one field of a guided flow) is wrong: which field, what, and details.

    `problem`: set when the error comes from the store's validator (said with its own messages).
    """

    field: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)
    problem: Problem | None = None

    def __str__(self) -> str:
        return f"{self.field}: {self.code} {self.params}"

    @property
    def msgid(self) -> str:  # type: ignore[override]
        return MESSAGES.get(self.code, FALLBACK)


def field_label(name: str, lang: str) -> str:
    """A field's name in `lang` ("as_of" -> "date", "дата", "күні")."""
    label = FIELD_LABELS.get(name) or FIELD_LABELS.get(name.split(".")[0]) or name
    return tr(lang).gettext(label)


@wording_of(FormError)
def describe_form_error(err: FormError, lang: str) -> str:
    """The error as one sentence in `lang`, naming the field and what is expected."""
    if err.problem is not None:
        return describe(err.problem, lang)
    t = tr(lang)
    params = {"value": "", "places": "", "choices": "", "low": "", "high": "", "length": "", "limit": "",
              "expected": "", "got": "", **{k: str(v) for k, v in err.params.items()}}
    label = field_label(err.field, lang)
    params["field"] = label[:1].upper() + label[1:]
    try:
        return t.gettext(err.msgid).format(**params)
    except (KeyError, IndexError, ValueError):  # a catalog typo must not hide the error itself
        return f"{params['field']}: {err.code}"


# --- parts ---------------------------------------------------------------------------------

def split_line(text: str) -> list[str]:
    """'a; b | c' -> ['a', 'b', 'c']: ';' separates when present, else '|'."""
    sep = ";" if ";" in text else "|"
    return [part.strip() for part in text.split(sep)]


def check_text(fld: str, value: str, limit: int = MAX_TEXT, *, required: bool = True) -> str | None:
    """A free text as typed (HTML kept verbatim): length and NUL checked; None when empty."""
    value = value.strip()
    if not value:
        if required:
            raise FormError(fld, "missing")
        return None
    if "\x00" in value:
        raise FormError(fld, "bad_char")
    if len(value) > limit:
        raise FormError(fld, "too_long", {"length": len(value), "limit": limit})
    return value


def local_text(value: str) -> dict[str, str]:
    """A plain text as the format's multilingual mapping, in the language of its letters."""
    return {guess_language(value): value}


def resolve_place(text: str, lexicon: Any, fld: str = "place", known: Container[str] | None = None) -> str:
    """A place code from a code ("KZ", "kz", "KZ-KAR", "central-asia") or a name in any language."""
    from bot.understanding import parse

    value = check_text(fld, text, MAX_NAME) or ""
    names = lexicon.place_names
    code = None
    if value in names:
        code = value
    elif len(value) == 2 and value.isalpha() and value.upper() in names:
        code = value.upper()
    else:
        places = parse(value, lexicon).places
        if len(places) > 1:
            raise FormError(fld, "ambiguous_place", {"value": value, "places": ", ".join(places)})
        if places:
            code = places[0]
    if code is None or (known is not None and code not in known and code not in iso_countries()):
        raise FormError(fld, "unknown_place", {"value": value})
    return code


def resolve_topic(text: str, lexicon: Any, fld: str = "topic", known: Container[str] | None = None) -> str:
    """A topic key from its key ("foreign-fighters"), its label or a synonym, in any language."""
    from bot.understanding import parse

    value = check_text(fld, text, MAX_NAME) or ""
    labels = lexicon.topic_labels
    key = None
    candidate = value.lower().replace(" ", "-")
    if value in labels:
        key = value
    elif candidate in labels:
        key = candidate
    else:
        topics = parse(value, lexicon).topics
        if topics:
            key = topics[0]
    if key is None or (known is not None and key not in known):
        raise FormError(fld, "unknown_topic", {"value": value})
    return key


def figure(text: str, fld: str = "figure") -> dict[str, Any]:
    """'>500' -> {'low': 500} (see bot.store.typed.parse_figure), as FormError on bad input."""
    value = check_text(fld, text, 100) or ""
    try:
        return parse_figure(value)
    except TypedValueError as exc:
        raise FormError(fld, exc.code, {"value": value, **exc.params}) from None


def date(text: str, fld: str) -> str:
    value = check_text(fld, text, 40) or ""
    try:
        return parse_date_text(value)
    except TypedValueError:
        raise FormError(fld, "bad_date", {"value": value}) from None


def url(text: str, fld: str = "url") -> str:
    value = check_text(fld, text, MAX_TEXT) or ""
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c.isspace() for c in value):
        raise FormError(fld, "bad_url", {"value": value})
    return value


_SOURCE_DATE = re.compile(r"^(.*?)[\s,]+(\d{4}(?:[-./]\d{1,2}(?:[-./]\d{1,2})?)?|\d{1,2}[./]\d{1,2}[./]\d{4})$")


def source(text: str, fld: str = "source") -> dict[str, Any]:
    """'Tengri News 2014-09-16' -> {publication: {en: Tengri News}, date: 2014-09-16};
    a bare web address -> {publication: its host, url: ...}."""
    value = check_text(fld, text, MAX_NAME + 40) or ""
    if value.lower().startswith(("http://", "https://")):
        address = url(value, f"{fld}.url")
        return {"publication": local_text(urlsplit(address).hostname or address), "url": address}
    m = _SOURCE_DATE.match(value)
    if m and m.group(1).strip(" ,"):
        publication = check_text(f"{fld}.publication", m.group(1).strip(" ,"), MAX_NAME) or ""
        return {"publication": local_text(publication), "date": date(m.group(2), f"{fld}.date")}
    if len(value) > MAX_NAME:
        raise FormError(fld, "too_long", {"length": len(value), "limit": MAX_NAME})
    return {"publication": local_text(value)}


# --- ids -----------------------------------------------------------------------------------

_TRANSLIT = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r", "s", "t",
     "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya", "a", "g", "q", "ng", "o", "u",
     "u", "h", "i"], strict=True))
_PAREN = re.compile(r"\(([^)]*)\)")


def slug(text: str, limit: int = MAX_ID_SLUG) -> str:
    """'Kazakhstan Institute (KISI)' -> 'kisi'; 'КНБ' -> 'knb'; Latin letters and digits joined by '-'."""
    acronym = _PAREN.findall(text)
    base = acronym[-1] if acronym and acronym[-1].strip() else text
    latin = "".join(_TRANSLIT.get(ch, ch) for ch in base.lower())
    words = re.findall(r"[a-z0-9]+", latin)
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > limit:
            break
        out = f"{out}-{word}" if out else word
    return out or (words[0][:limit] if words else "x")


def unique_id(base: str, taken: Callable[[str], bool] | Container[str] | None) -> str:
    """`base`, or `base-2`, `base-3`... the first not taken."""
    base = base[:190]
    if taken is None:
        return base
    is_taken = taken if callable(taken) else taken.__contains__
    candidate, n = base, 1
    while is_taken(candidate):
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def estimate_id(data: dict, taken: Callable[[str], bool] | Container[str] | None = None) -> str:
    """place-topic-year-estimatorslug, unique: 'kz-foreign-fighters-2014-kisi'."""
    estimator = data.get("estimator") or {}
    name = next(iter(estimator.values()), "") if isinstance(estimator, dict) else str(estimator)
    year = str(data.get("as_of") or "")[:4] or "undated"
    base = "-".join(p for p in (slug(str(data.get("place", "")), 20), str(data.get("topic", "")), year,
                                slug(name)) if p)
    return unique_id(base.lower(), taken)


def law_id(data: dict, taken: Callable[[str], bool] | Container[str] | None = None) -> str:
    """jurisdiction-date-titleslug, unique: 'kz-2014-11-03-on-countering-extremism'."""
    title = data.get("title") or {}
    text = title.get("en") or next(iter(title.values()), "") if isinstance(title, dict) else str(title)
    when = data.get("signed") or data.get("adopted") or data.get("in_force") or "undated"
    base = "-".join(p for p in (slug(str(data.get("jurisdiction", "")), 20), when, slug(text, 40)) if p)
    return unique_id(base.lower(), taken)


# --- the forms -----------------------------------------------------------------------------

def _parts(text: Any, least: int, most: int) -> list[str]:
    if not isinstance(text, str) or not text.strip():
        raise FormError("line", "empty")
    if len(text) > MAX_LINE:
        raise FormError("line", "too_long", {"length": len(text), "limit": MAX_LINE})
    parts = split_line(text)
    while len(parts) > least and not parts[-1]:
        parts.pop()  # a trailing ";"
    if len(parts) < least:
        raise FormError("line", "too_few_parts", {"expected": least, "got": len(parts)})
    if len(parts) > most:
        raise FormError("line", "too_many_parts", {"expected": most, "got": len(parts)})
    return parts


def parse_estimate_line(text: str, lexicon: Any, *, taken: Callable[[str], bool] | Container[str] | None = None,
                        known_places: Container[str] | None = None,
                        known_topics: Container[str] | None = None) -> dict:
    """'KZ; foreign-fighters; >500; 2014-09; KISI; Tengri News 2014-09-16 [; url]' -> estimate data
    (with a generated, unique id). Raises FormError only."""
    parts = _parts(text, 6, 7)
    place = resolve_place(parts[0], lexicon, "place", known_places)
    topic = resolve_topic(parts[1], lexicon, "topic", known_topics)
    fig = figure(parts[2], "figure")
    as_of = date(parts[3], "as_of")
    estimator = check_text("estimator", parts[4], MAX_NAME) or ""
    src = source(parts[5], "source")
    if len(parts) == 7 and parts[6]:
        src["url"] = url(parts[6], "source.url")
    data: dict[str, Any] = {"topic": topic, "place": place}
    unit = fig.pop("unit", "people")
    data.update(fig)
    data.update({"unit": unit, "as_of": as_of, "estimator": local_text(estimator), "source": src})
    return {"id": estimate_id(data, taken), **data}


# status words people type, in each language -> the format's status
# what a curator may write in a law's status field, in any language (the registry's status_names)
STATUS_WORDS = {word: status for language in LANGUAGES for status, words in language.status_names.items()
                for word in words}


def law_status(text: str, fld: str = "status") -> str | None:
    value = (check_text(fld, text, 60, required=False) or "").lower()
    if not value:
        return None
    status = STATUS_WORDS.get(value)
    if status not in LAW_STATUSES:
        raise FormError(fld, "bad_choice", {"value": text.strip(), "choices": ", ".join(LAW_STATUSES)})
    return status


_DATE_FIELD_OF_STATUS = {"adopted": "adopted", "in-force": "in_force"}


def parse_law_line(text: str, lexicon: Any, *, taken: Callable[[str], bool] | Container[str] | None = None,
                   known_places: Container[str] | None = None) -> dict:
    """'KZ; 2014-11-03; title; signed_by; status [; source]' -> law data (the date is the date of
    the status: adopted, in force, else signed). signed_by and status may be left empty."""
    parts = _parts(text, 3, 6)
    parts += [""] * (6 - len(parts))
    jurisdiction = resolve_place(parts[0], lexicon, "jurisdiction", known_places)
    when = date(parts[1], "signed")
    title = check_text("title", parts[2], MAX_TEXT) or ""
    signed_by = check_text("signed_by", parts[3], MAX_NAME, required=False)
    status = law_status(parts[4])
    date_field = _DATE_FIELD_OF_STATUS.get(status or "", "signed")
    data: dict[str, Any] = {"jurisdiction": jurisdiction, "title": local_text(title), date_field: when}
    if signed_by:
        data["signed_by"] = local_text(signed_by)
    if status:
        data["status"] = status
    if parts[5]:
        data["source"] = source(parts[5], "source")
    return {"id": law_id(data, taken), **data}
