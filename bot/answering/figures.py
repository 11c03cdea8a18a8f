"""Formatting of figures, names and store text for one reply language.

Exact values, bounds and ranges are kept as they are: low only -> "more than 500 people",
high only -> "up to 80%", both -> "19–43 years". Numbers go through Babel
(bot.i18n.format_number), unit words through ngettext, dates through format_partial_date.
"""

from __future__ import annotations

from bot.i18n import N_, babel_locale, format_number, format_partial_date, tr
from bot.languages import CODES, words
from bot.store.records import EstimateRecord, LocalText, PlaceRecord, pick_text

PERCENT_UNITS = {"percent", "%", "pct"}

STATUS_WORDS = {
    "draft": N_("draft"),
    "adopted": N_("adopted"),
    "signed": N_("signed"),
    "in-force": N_("in force"),
    "repealed": N_("repealed"),
}

# Kazakh case suffixes after a number, decided by how the number's last word is read
# (бір, екі, үш ... он, жиырма ... жүз, мың): (ablative, dative).
_KK_DIGIT = {0: ("ден", "ге"), 1: ("ден", "ге"), 2: ("ден", "ге"), 3: ("тен", "ке"), 4: ("тен", "ке"),
             5: ("тен", "ке"), 6: ("дан", "ға"), 7: ("ден", "ге"), 8: ("ден", "ге"), 9: ("дан", "ға")}
_KK_TENS = {1: ("нан", "ға"), 2: ("дан", "ға"), 3: ("дан", "ға"), 4: ("тан", "қа"), 5: ("ден", "ге"),
            6: ("тан", "қа"), 7: ("тен", "ке"), 8: ("нен", "ге"), 9: ("нан", "ға")}
_KK_PERCENT = ("дан", "ға")  # пайыз


def kk_number_suffixes(value: float | int, percent: bool = False) -> tuple[str, str]:
    """The Kazakh ablative and dative suffixes for a number ('500' -> ден/ге, '80%' -> дан/ға)."""
    if percent:
        return _KK_PERCENT
    if isinstance(value, float) and not value.is_integer():
        return _KK_DIGIT[int(str(value)[-1])]
    n = abs(int(value))
    if n == 0:
        return _KK_DIGIT[0]
    if n % 10:
        return _KK_DIGIT[n % 10]
    if n % 100:
        return _KK_TENS[(n % 100) // 10]
    if n % 1000:
        return ("ден", "ге")  # жүз
    return ("нан", "ға")  # мың, миллион


def mark(picked: tuple[str, str] | None, lang: str) -> str:
    """Store text in the reply language, or in another one marked '(en)'; '' when absent."""
    if not picked:
        return ""
    text, its_lang = picked
    text = " ".join(text.split()) if "\n" not in text else text.strip()
    return text if its_lang == lang else f"{text} ({its_lang})"


def text_of(value: LocalText | str | None, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return mark(pick_text(value, lang), lang)


def place_name(code: str, lang: str, places: dict[str, PlaceRecord] | None = None) -> str:
    """A place in the reply language: the store's name, else CLDR's country name, else the code."""
    record = (places or {}).get(code)
    if record and record.name:
        picked = pick_text(record.name, lang)
        if picked and picked[1] == lang:
            return picked[0]
    cldr = babel_locale(lang).territories.get(code) if len(code) == 2 and code.isupper() else None
    if cldr:
        return cldr
    if record and record.name:
        return mark(pick_text(record.name, lang), lang)
    return code


def estimator_short(est: EstimateRecord, lang: str, width: int = 24) -> str:
    """The estimator for a table cell: the abbreviation in parentheses if there is one."""
    full = text_of(est.estimator, lang)
    if not full:
        return "—"
    core = full
    suffix = ""
    if full.endswith(")") and full.rfind(" (") > 0:
        # keep a language mark "(en)" but use an abbreviation "(KISI)" as the short name
        inner = full[full.rfind(" (") + 2:-1]
        if inner in CODES:
            core, suffix = full[: full.rfind(" (")], f" ({inner})"
    if core.endswith(")") and "(" in core:
        abbr = core[core.rfind("(") + 1:-1].strip()
        if 0 < len(abbr) <= 12:
            return abbr + suffix
    if len(core) <= width:
        return core
    return _initialled(core, width) or core[: width - 1].rstrip() + "…"


_LINK_WORDS = frozenset(words("name_links"))


def _initialled(name: str, width: int) -> str | None:
    """"Ministry of Foreign Affairs of Uzbekistan" -> "MFA Uzbekistan": the initials of a body's
    name before the place it belongs to (a capitalised last word), when that fits."""
    words = [w for w in name.split() if w.lower() not in _LINK_WORDS]
    if len(words) < 3 or not words[-1][:1].isupper() or not all(w[:1].isalpha() for w in words):
        return None
    # the last word must be where the body belongs: "... of Uzbekistan", or a capitalised
    # genitive after lower-case words ("Комитет по делам религии Таджикистана"), not a name's
    # own last word ("... for Strategic Studies")
    of_place = name.split()[-2].lower() == "of"
    genitive = not words[-1].isascii() and any(w[:1].islower() for w in words[1:-1])
    if not (of_place or genitive):
        return None
    short = "".join(w[0].upper() for w in words[:-1]) + " " + words[-1]
    return short if len(short) <= width else None


def _unit_parts(est: EstimateRecord, n: float | int, lang: str) -> tuple[str, bool]:
    """(unit word for n, percent?)"""
    unit = (est.unit or "").strip()
    if unit.lower() in PERCENT_UNITS:
        return "", True
    count = int(n) if float(n).is_integer() else 2  # fractional figures take the plural
    word = unit_word(unit.lower(), count, lang)
    return (unit if word is None else word), False


def unit_word(unit: str, n: int, lang: str) -> str | None:
    """The word for a unit key, in the plural form for n; None for a unit we have no word for.

    Literal ngettext calls so that extraction records each singular/plural pair."""
    t = tr(lang)
    if unit in ("people", "persons", "person", "individuals"):
        return t.ngettext("person", "people", n)
    if unit in ("years", "year"):
        return t.ngettext("year", "years", n)
    if unit in ("events", "event", "incidents"):
        return t.ngettext("event", "events", n)
    if unit in ("cases", "case"):
        return t.ngettext("case", "cases", n)
    if unit in ("arrests", "arrest"):
        return t.ngettext("arrest", "arrests", n)
    if unit in ("organisations", "organizations", "organisation", "organization"):
        return t.ngettext("organisation", "organisations", n)
    if unit in ("groups", "group"):
        return t.ngettext("group", "groups", n)
    return _more_unit_word(t, unit, n)


def _more_unit_word(t, unit: str, n: int) -> str | None:  # noqa: ANN001
    """Units curators use beyond the first few (websites, cells, mosques...): literal ngettext too."""
    if unit in ("websites", "website", "sites", "site"):
        return t.ngettext("website", "websites", n)
    if unit in ("resources", "resource"):
        return t.ngettext("resource", "resources", n)
    if unit in ("cells", "cell"):
        return t.ngettext("cell", "cells", n)
    if unit in ("firearms", "firearm", "weapons"):
        return t.ngettext("firearm", "firearms", n)
    if unit in ("mosques", "mosque"):
        return t.ngettext("mosque", "mosques", n)
    if unit in ("materials", "material"):
        return t.ngettext("material", "materials", n)
    if unit in ("accounts", "account"):
        return t.ngettext("account", "accounts", n)
    if unit in ("channels", "channel"):
        return t.ngettext("channel", "channels", n)
    if unit in ("attacks", "attack"):
        return t.ngettext("attack", "attacks", n)
    if unit in ("convictions", "conviction"):
        return t.ngettext("conviction", "convictions", n)
    if unit in ("families", "family"):
        return t.ngettext("family", "families", n)
    if unit in ("children", "child"):
        return t.ngettext("child", "children", n)
    if unit in ("women", "woman"):
        return t.ngettext("woman", "women", n)
    return None


def format_figure(est: EstimateRecord, lang: str) -> str:
    """'250 people' / 'more than 500 people' / 'up to 80%' / '19–43 years', in the reply language."""
    t = tr(lang)

    def num(v: float | int, percent: bool) -> str:
        return format_number(v, lang) + ("%" if percent else "")

    if est.value is not None:
        unit, pct = _unit_parts(est, est.value, lang)
        if getattr(est, "approx", False):
            return " ".join(t.gettext("about {number} {unit}").format(number=num(est.value, pct), unit=unit).split())
        return f"{num(est.value, pct)} {unit}".strip()
    if est.low is not None and est.high is not None:
        unit, pct = _unit_parts(est, est.high, lang)
        if est.low == est.high:
            return f"{num(est.low, pct)} {unit}".strip()
        text = f"{num(est.low, pct)}–{num(est.high, pct)} {unit}".strip()
        if getattr(est, "approx", False):
            return " ".join(t.gettext("about {number} {unit}").format(
                number=f"{num(est.low, pct)}–{num(est.high, pct)}", unit=unit).split())
        return text
    bound = est.low if est.low is not None else est.high
    if bound is None:
        return "—"
    unit, pct = _unit_parts(est, bound, lang)
    abl, dat = kk_number_suffixes(bound, pct)
    number = num(bound, pct)
    if est.low is not None:
        text = t.gettext("more than {number} {unit}")
    else:
        text = t.gettext("up to {number} {unit}")
    return " ".join(text.format(number=number, unit=unit, number_from=f"{number}-{abl}",
                                number_to=f"{number}-{dat}").split())


def format_date(value: str | None, lang: str) -> str:
    if not value:
        return ""
    text = format_partial_date(value, lang)
    if lang == "kk" and len(value) == 7 and text[:1].isupper():
        text = text[0].lower() + text[1:]  # CLDR's stand-alone month is capitalised; mid-sentence it is not
    return text


def year_of(value: str | None) -> int | None:
    if not value:
        return None
    try:
        return int(value[:4])
    except ValueError:
        return None


def truncate(text: str, limit: int = 600) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
