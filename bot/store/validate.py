"""Validation of interchange documents: raw parsed YAML/JSON -> canonical entry dicts + problems.

The canonical form is what the store keeps in each row's `data` and what export writes:
text always as {en, ru, kk} mappings (in that order), keys in the spec's order, absent or
empty optional fields left out, dates as strings. Every problem is collected, none is fatal
on its own, so a curator sees all of them at once. Positions count from 1, as people count.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import hashlib
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from bot.languages import CODES
from bot.store.problems import Problem
from bot.store.textlang import guess_language

LANGS = CODES
KINDS = ("places", "topics", "estimates", "laws", "reports")  # file sections, in file order
LAW_STATUSES = ("draft", "adopted", "signed", "in-force", "repealed")
REPORT_LANGUAGES = LANGS
DATE_EXPECTED = "a date written YYYY, YYYY-MM or YYYY-MM-DD"
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
MAX_ID_LENGTH = 200
MAX_FIGURE = 10**15  # a count of people, cases or money beyond this is a typo (and breaks float formatting)
MAX_URL_LENGTH = 2000

# field -> type, in the order the spec lists them (export keeps this order)
SOURCE_FIELDS = {"publication": "text", "date": "date", "title": "text", "url": "str"}
FIELDS: dict[str, dict[str, str]] = {
    "places": {"code": "code", "name": "text", "aliases": "names", "within": "place", "includes": "places"},
    "topics": {"key": "code", "label": "text", "synonyms": "names"},
    "estimates": {
        "id": "id", "topic": "topic", "place": "place", "value": "number", "low": "number",
        "high": "number", "approx": "bool", "unit": "str", "as_of": "date", "estimator": "text", "source": "source",
        "note": "text", "tags": "tags",
    },
    "laws": {
        "id": "id", "jurisdiction": "place", "title": "text", "number": "str", "signed": "date",
        "adopted": "date", "in_force": "date", "signed_by": "text", "status": "status",
        "summary": "text", "provisions": "textlist", "source": "source", "tags": "tags",
    },
    "reports": {
        "id": "id", "url": "url", "title": "text", "publication": "text", "published": "date",
        "language": "language", "summary": "text", "text": "text", "places": "places", "tags": "tags",
    },
}
REQUIRED = {
    "places": ("code",),
    "topics": ("key",),
    "estimates": ("id", "topic", "place"),
    "laws": ("id", "jurisdiction", "title"),
    "reports": ("url",),
}
KEY_FIELD = {"places": "code", "topics": "key", "estimates": "id", "laws": "id", "reports": "id"}
KIND_OF_SECTION = {"places": "place", "topics": "topic", "estimates": "estimate", "laws": "law", "reports": "report"}
SECTION_OF_KIND = {v: k for k, v in KIND_OF_SECTION.items()}


PASTED_HOST = "pasted.monitorbot.invalid"  # ".invalid" never resolves (RFC 2606): clearly no real page


def is_pasted_url(url: str | None) -> bool:
    """A pasted report's stand-in address (bot.ingest.extract.pasted_url): there is no page to link to."""
    return bool(url) and f"//{PASTED_HOST}/" in url



@lru_cache(maxsize=1)
def iso_countries() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes as CLDR knows them (Babel's territories with 2-letter keys)."""
    from babel import Locale

    return frozenset(k for k in Locale("en").territories if len(k) == 2 and k.isalpha())


def is_web_address(url: object, max_length: int | None = None) -> bool:
    """An http(s) address urllib can take apart: a host, a port within 1-65535 if one is given, no
    control characters, at most `max_length` characters if given. False for what `urlsplit`
    refuses ("http://[::1", a netloc that NFKC-normalises to another one) instead of raising."""
    if not isinstance(url, str):
        return False
    url = url.strip()
    if not url or (max_length is not None and len(url) > max_length) or any(ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return False
    try:
        parts = urlsplit(url)
        port = parts.port  # raises ValueError out of range
        host = parts.hostname
    except ValueError:
        return False
    if parts.scheme.lower() not in ("http", "https") or not host:
        return False
    return port is None or port > 0


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no fragment, no utm_* parameters, no trailing slash.
    An address urllib cannot take apart is returned stripped, as it is (it matches only itself)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not k.lower().startswith("utm_")]
    path = parts.path.rstrip("/")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, urlencode(query), ""))


def report_id_for(url: str) -> str:
    """The id of a report that has none in the file: derived from its canonical url."""
    return "r-" + hashlib.sha1(canonical_url(url).encode("utf-8")).hexdigest()[:12]


@dataclass
class Validated:
    """A document's entries in canonical form, per section, in file order."""

    entries: dict[str, list[dict]] = field(default_factory=lambda: {k: [] for k in KINDS})


def _shown(value: int | float) -> str:
    """A huge number, short: 1e+20, 123456789012345678901, ~10^400 (str() of 10**5000 raises)."""
    if isinstance(value, float):
        return f"{value:.3g}"
    if abs(value) < 10**30:
        return str(value)
    return ("-" if value < 0 else "") + f"~10^{int(value.bit_length() * 0.30103)}"


class _Checker:
    def __init__(self, known_places: set[str], known_topics: set[str]):
        self.known_places = known_places
        self.known_topics = known_topics
        self.problems: list[Problem] = []

    def problem(self, entry: str, fld: str, code: str, message: str, **params: Any) -> None:
        self.problems.append(Problem(entry=entry, field=fld, message=message, code=code,
                                     params={"entry": entry, "field": fld, **params}))

    # --- value checkers: return the canonical value, or None (absent or reported) ----------

    def text(self, entry: str, fld: str, value: Any) -> dict | None:
        if isinstance(value, str):
            if "\x00" in value:
                self.nul(entry, fld)
                return None
            return {guess_language(value): value} if value.strip() else None
        if isinstance(value, dict):
            out = {}
            for lang, text in value.items():
                if lang not in LANGS:
                    self.problem(entry, f"{fld}.{lang}", "unknown_language",
                                 f"unknown language key {lang!r}: expected en, ru or kk", language=str(lang))
                elif text is None or (isinstance(text, str) and not text.strip()):
                    continue
                elif not isinstance(text, str):
                    self.wrong_type(entry, f"{fld}.{lang}", "text", text)
                elif "\x00" in text:
                    self.nul(entry, f"{fld}.{lang}")
            for lang in LANGS:
                text = value.get(lang)
                if isinstance(text, str) and text.strip() and "\x00" not in text:
                    out[lang] = text
            return out or None
        self.wrong_type(entry, fld, "text (a string or a mapping of en/ru/kk)", value)
        return None

    def names(self, entry: str, fld: str, value: Any) -> dict | None:
        groups: dict[str, list[str]] = {}

        def add(lang: str, word: Any, where: str) -> None:
            if not isinstance(word, str):
                self.wrong_type(entry, where, "text", word)
            elif word.strip() and word not in groups.setdefault(lang, []):
                groups[lang].append(word)

        if isinstance(value, list):  # a bare list: each word in the language of its letters
            for word in value:
                add(guess_language(word) if isinstance(word, str) else "en", word, fld)
        elif isinstance(value, dict):
            for lang, words in value.items():
                if lang not in LANGS:
                    self.problem(entry, f"{fld}.{lang}", "unknown_language",
                                 f"unknown language key {lang!r}: expected en, ru or kk", language=str(lang))
                    continue
                for word in [words] if isinstance(words, str) else (words or []) if isinstance(words, list) else [words]:
                    add(lang, word, f"{fld}.{lang}")
        else:
            self.wrong_type(entry, fld, "a mapping of en/ru/kk to lists of words", value)
            return None
        out = {lang: groups[lang] for lang in LANGS if groups.get(lang)}
        return out or None

    def wrong_type(self, entry: str, fld: str, expected: str, value: Any) -> None:
        got = type(value).__name__
        got = {"str": "text", "list": "a list", "dict": "a mapping", "int": "a number",
               "float": "a number", "bool": "true/false", "NoneType": "nothing"}.get(got, got)
        self.problem(entry, fld, "wrong_type", f"expected {expected}, got {got}", expected=expected, got=got)

    def date(self, entry: str, fld: str, value: Any) -> str | None:
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        elif isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
            value = value.isoformat()  # a dict built by a YAML 1.1 reader (PyYAML) holds dates
        if isinstance(value, str):
            m = _DATE_RE.match(value.strip())
            if m:
                year, month, day = (int(g) if g else None for g in m.groups())
                if year and year >= 1 and (month is None or 1 <= month <= 12) and (
                    day is None or 1 <= day <= calendar.monthrange(year, month)[1]
                ):
                    return value.strip()
        self.problem(entry, fld, "bad_date", f"{value!r} is not a date: expected {DATE_EXPECTED}",
                     value=str(value), expected=DATE_EXPECTED)
        return None

    def number(self, entry: str, fld: str, value: Any) -> int | float | None:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.wrong_type(entry, fld, "a number (written without quotes)", value)
            return None
        if isinstance(value, float) and not math.isfinite(value):
            self.problem(entry, fld, "bad_number", f"expected a finite number, got {value}", value=str(value))
            return None
        if value < 0:
            self.problem(entry, fld, "negative", f"{_shown(value)} is negative: a count cannot be below zero",
                         value=_shown(value))
            return None
        if value > MAX_FIGURE:  # before anything formats it: 10**400 cannot even become a float
            self.problem(entry, fld, "too_big", f"{_shown(value)} is too large: a figure is at most 10^15",
                         value=_shown(value), limit="10^15")
            return None
        return value

    def boolean(self, entry: str, fld: str, value: Any) -> bool | None:
        """true, or None for false (the default, left out of canonical data so old entries compare equal)."""
        if not isinstance(value, bool):
            self.problem(entry, fld, "bad_bool", f"{value!r} is not true or false", value=str(value)[:100])
            return None
        return True if value else None

    def string(self, entry: str, fld: str, value: Any, *, numbers_ok: bool = False) -> str | None:
        if numbers_ok and isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str):
            self.wrong_type(entry, fld, "text", value)
            return None
        if "\x00" in value:
            self.nul(entry, fld)
            return None
        return value if value.strip() else None

    def nul(self, entry: str, fld: str) -> None:
        self.problem(entry, fld, "bad_char", "the text holds a NUL character (\\u0000)")

    def place(self, entry: str, fld: str, value: Any) -> str | None:
        code = self.string(entry, fld, value)
        if code is None:
            return None
        if code not in self.known_places:
            hint = ""
            if code.upper() in self.known_places:
                hint = f" (did you mean {code.upper()}?)"
            self.problem(entry, fld, "unknown_place",
                         f"unknown place {code!r}{hint}: expected an ISO 3166-1 alpha-2 country code "
                         "or a code listed under places", place=code)
            return None
        return code

    def places(self, entry: str, fld: str, value: Any) -> list[str] | None:
        if not isinstance(value, list):
            self.wrong_type(entry, fld, "a list of place codes", value)
            return None
        out = []
        for i, item in enumerate(value, 1):
            code = self.place(entry, f"{fld}[{i}]", item)
            if code and code not in out:
                out.append(code)
        return out or None

    def topic(self, entry: str, fld: str, value: Any) -> str | None:
        key = self.string(entry, fld, value)
        if key is not None and key not in self.known_topics:
            self.problem(entry, fld, "unknown_topic",
                         f"unknown topic {key!r}: expected a key listed under topics", topic=key)
            return None
        return key

    def tags(self, entry: str, fld: str, value: Any) -> list[str] | None:
        if not isinstance(value, list):
            self.wrong_type(entry, fld, "a list of tags", value)
            return None
        out = []
        for i, tag in enumerate(value, 1):
            t = self.string(entry, f"{fld}[{i}]", tag)
            if t and t not in out:
                out.append(t)
        return out or None

    def textlist(self, entry: str, fld: str, value: Any) -> list[dict] | None:
        if not isinstance(value, list):
            self.wrong_type(entry, fld, "a list of texts", value)
            return None
        out = [t for i, item in enumerate(value, 1) if (t := self.text(entry, f"{fld}[{i}]", item))]
        return out or None

    def choice(self, entry: str, fld: str, value: Any, allowed: tuple[str, ...], code: str) -> str | None:
        v = self.string(entry, fld, value)
        if v is not None and v not in allowed:
            self.problem(entry, fld, code, f"{v!r} is not one of: {', '.join(allowed)}",
                         value=v, allowed=", ".join(allowed))
            return None
        return v

    def url(self, entry: str, fld: str, value: Any) -> str | None:
        v = self.string(entry, fld, value)
        if v is None:
            return None
        if not is_web_address(v):
            self.problem(entry, fld, "bad_url", f"{v[:200]!r} is not a web address: expected http(s)://...",
                         value=v[:200])
            return None
        return v.strip()

    def source(self, entry: str, fld: str, value: Any) -> dict | None:
        if not isinstance(value, dict):
            self.wrong_type(entry, fld, "a mapping with publication, date, title, url", value)
            return None
        return self.fields(entry, value, SOURCE_FIELDS, prefix=f"{fld}.") or None

    def code(self, entry: str, fld: str, value: Any) -> str | None:
        v = self.string(entry, fld, value)
        if v is not None and not _CODE_RE.match(v):
            self.problem(entry, fld, "bad_code", f"{v!r} is not a code: expected letters, digits, '-', '_' or '.'",
                         value=v)
            return None
        return v

    def ident(self, entry: str, fld: str, value: Any) -> str | None:
        v = self.string(entry, fld, value, numbers_ok=True)
        if v is not None and (len(v) > MAX_ID_LENGTH or any(c.isspace() or ord(c) < 32 for c in v)):
            self.problem(entry, fld, "bad_id", f"{v!r} is not an id: expected at most {MAX_ID_LENGTH} "
                         "characters without spaces", value=v)
            return None
        return v

    def check(self, kind: str, entry: str, fld: str, value: Any) -> Any:
        if kind == "text":
            return self.text(entry, fld, value)
        if kind == "names":
            return self.names(entry, fld, value)
        if kind == "date":
            return self.date(entry, fld, value)
        if kind == "number":
            return self.number(entry, fld, value)
        if kind == "str":
            return self.string(entry, fld, value, numbers_ok=(fld in ("number", "unit")))
        if kind == "place":
            return self.place(entry, fld, value)
        if kind == "places":
            return self.places(entry, fld, value)
        if kind == "topic":
            return self.topic(entry, fld, value)
        if kind == "tags":
            return self.tags(entry, fld, value)
        if kind == "textlist":
            return self.textlist(entry, fld, value)
        if kind == "status":
            return self.choice(entry, fld, value, LAW_STATUSES, "bad_status")
        if kind == "bool":
            return self.boolean(entry, fld, value)
        if kind == "language":
            return self.choice(entry, fld, value, REPORT_LANGUAGES, "bad_language")
        if kind == "url":
            return self.url(entry, fld, value)
        if kind == "source":
            return self.source(entry, fld, value)
        if kind == "code":
            return self.code(entry, fld, value)
        if kind == "id":
            return self.ident(entry, fld, value)
        raise AssertionError(kind)

    def fields(self, entry: str, raw: dict, spec: dict[str, str], prefix: str = "") -> dict:
        for key in raw:
            if key not in spec:
                self.problem(entry, f"{prefix}{key}", "unknown_key",
                             f"unknown key {key!r}: expected one of {', '.join(spec)}",
                             key=str(key), allowed=", ".join(spec))
        out = {}
        for key, kind in spec.items():
            value = raw.get(key)
            if value is None or (isinstance(value, str) and not value.strip()):
                continue  # `note:` or `note: ""` means no note (required ones are reported as missing)
            value = self.check(kind, entry, f"{prefix}{key}", raw[key])
            if value is not None:
                out[key] = value
        return out


def _label(section: str, position: int, raw: Any) -> str:
    key = KEY_FIELD[section]
    if isinstance(raw, dict) and isinstance(raw.get(key), (str, int)) and not isinstance(raw.get(key), bool):
        return f"{section}[{position}] ({key} {raw[key]})"
    if section == "reports" and isinstance(raw, dict) and isinstance(raw.get("url"), str):
        return f"{section}[{position}] (url {raw['url']})"
    return f"{section}[{position}]"


def validate_document(doc: Any, store_places: set[str], store_topics: set[str]) -> tuple[Validated, list[Problem]]:
    """Check a parsed document against the spec; returns canonical entries and every problem."""
    out = Validated()
    checker = _Checker(set(), set())
    if doc is None:  # only comments, or nothing at all
        checker.problem("file", "", "empty_file", "the file is empty")
        return out, checker.problems
    if not isinstance(doc, dict):
        checker.wrong_type("file", "", "a mapping at the top level (version, places, topics, ...)", doc)
        return out, checker.problems
    allowed_top = ("version", *KINDS)
    for key in doc:
        if key not in allowed_top:
            checker.problem("file", str(key), "unknown_key",
                            f"unknown top-level key {key!r}: expected one of {', '.join(allowed_top)}",
                            key=str(key), allowed=", ".join(allowed_top))
    version = doc.get("version")
    if "version" not in doc:
        checker.problem("file", "version", "missing", "missing: the file must start with 'version: 1'")
    elif isinstance(version, bool) or version != 1 or not isinstance(version, int):
        checker.problem("file", "version", "bad_version", f"unsupported version {version!r}: expected 1",
                        value=str(version))
    sections: dict[str, list] = {}
    for section in KINDS:
        value = doc.get(section)
        if value is None:
            sections[section] = []
        elif not isinstance(value, list):
            checker.wrong_type("file", section, f"a list of {section}", value)
            sections[section] = []
        else:
            sections[section] = value

    # Places and topics named in this file count as known for every entry of the file.
    file_places = {r["code"] for r in sections["places"] if isinstance(r, dict) and isinstance(r.get("code"), str)}
    file_topics = {r["key"] for r in sections["topics"] if isinstance(r, dict) and isinstance(r.get("key"), str)}
    checker.known_places = set(iso_countries()) | set(store_places) | file_places
    checker.known_topics = set(store_topics) | file_topics

    for section in KINDS:
        seen: dict[str, str] = {}
        key_field = KEY_FIELD[section]
        for position, raw in enumerate(sections[section], 1):
            label = _label(section, position, raw)
            if not isinstance(raw, dict):
                checker.wrong_type(label, "", f"an entry (a mapping of {', '.join(FIELDS[section])})", raw)
                continue
            before = len(checker.problems)
            for req in REQUIRED[section]:
                if raw.get(req) is None or (isinstance(raw.get(req), str) and not raw[req].strip()):
                    checker.problem(label, req, "missing", f"missing: {section[:-1]} entries need '{req}'")
            entry = checker.fields(label, raw, FIELDS[section])
            if section == "estimates":
                _check_figure(checker, label, raw, entry)
            if section == "places" and "name" not in entry and entry.get("code") not in iso_countries() \
                    and raw.get("code") is not None:
                checker.problem(label, "name", "missing", "missing: a place that is not an ISO country needs a name")
            if section == "reports" and "url" in entry and "id" not in entry and raw.get("id") is None:
                entry = {"id": report_id_for(entry["url"]), **entry}
            key = entry.get(key_field)
            if key is not None:
                if key in seen:
                    checker.problem(label, key_field, "duplicate_id",
                                    f"{key_field} {key!r} is used twice in this file (also {seen[key]})",
                                    id=key, other=seen[key])
                else:
                    seen[key] = label
            if len(checker.problems) == before:
                out.entries[section].append(entry)
    return out, checker.problems


def _check_figure(checker: _Checker, label: str, raw: dict, entry: dict) -> None:
    has = [k for k in ("value", "low", "high") if raw.get(k) is not None]
    if not has:
        checker.problem(label, "value", "missing",
                        "missing: an estimate needs a figure: value, or low and/or high")
    elif "value" in has and len(has) > 1:
        checker.problem(label, "value", "value_with_bounds",
                        "give either an exact value or low/high bounds, not both")
    low, high = entry.get("low"), entry.get("high")
    if low is not None and high is not None and low > high:
        checker.problem(label, "low", "low_above_high", f"low ({low}) is above high ({high})", low=low, high=high)
