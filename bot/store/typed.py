"""Text typed by a curator -> the interchange format's values: figures, numbers and dates.

"250" -> {value: 250}; ">500", "more than 500", "более 500", "500-ден астам" -> {low: 500};
"up to 80", "до 80", "80-ге дейін" -> {high: 80}; "80-100", "80–100", "от 80 до 100" -> both.
A trailing "%" makes the unit "percent". Errors carry a code for translation (TypedValueError).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

MAX_FIGURE_TEXT = 100  # a figure is short; longer text is not a figure


@dataclass
class TypedValueError(ValueError):
    """Typed text is not what the field expects. `code`: bad_figure | negative | low_above_high |
    bad_date | bad_number."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.code}: {self.params}"


_NUM = r"(\d[\d\s\u00a0\u202f,.']*)"
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"
# lower bound words, before or after the number (ru, en, kk)
_LOW_BEFORE = (
    "more than", "over", "above", "at least", "not less than", "no fewer than", "no less than", "upwards of",
    "более", "больше", "свыше", "не менее", "минимум", "как минимум", "по меньшей мере", "по крайней мере",
    "кемінде", "кем дегенде", "астам", "артық", ">", ">=", "≥", "min",
)
_LOW_AFTER = ("+", "or more", "and more", "и более", "и больше", "астам", "артық", "көп", "ден астам",
              "ден артық", "ден көп", "тен астам", "тен артық", "нан астам", "нен астам", "дан астам", "ден аса")
_HIGH_BEFORE = (
    "up to", "under", "below", "at most", "less than", "no more than", "not more than", "fewer than",
    "до", "менее", "меньше", "не более", "не больше", "максимум", "<", "<=", "≤", "max", "ең көбі",
)
_HIGH_AFTER = ("дейін", "ге дейін", "ке дейін", "қа дейін", "ға дейін", "or fewer", "or less", "and less",
               "и менее", "и меньше", "кем", "ден кем", "тен кем", "нан кем")
_RANGE = re.compile(
    rf"^(?:from|от|between)?\s*{_NUM}\s*(?:[{_DASHES}]|\.\.|to|до|and|и|—)\s*{_NUM}$", re.IGNORECASE)
_APPROX = ("about", "around", "approximately", "roughly", "some", "около", "примерно", "приблизительно",
           "порядка", "почти", "шамамен", "~", "≈", "c.", "ca.")
# Kazakh says "about" after the number: "300-ге жуық", "мыңға жуық", "300-дей", "300 шақты"
_APPROX_AFTER = re.compile(r"(?:-?(?:ге|ға|ке|қа|не|на))?\s*жуық$|-(?:дей|дай|тей|тай)$|\s+шақты$")
# number words a curator may type instead of digits, where easy: "мыңға жуық" (about a thousand)
_NUMBER_WORDS = {"мың": "1000", "мыңға": "1000", "жүз": "100", "жүзге": "100", "тысяча": "1000",
                 "тысячи": "1000", "сотни": "100", "сто": "100", "thousand": "1000", "a thousand": "1000",
                 "hundred": "100", "a hundred": "100"}


def parse_number(text: str) -> int | float:
    """'1 500' / '1,500' -> 1500; '12.5' / '12,5' -> 12.5; raises TypedValueError(bad_number).
    Whole numbers stay ints (exact at any size; the validator bounds them); only ASCII digits."""
    raw = str(text).strip()
    s = raw.replace("\u00a0", " ").replace("\u202f", " ").replace("'", "").replace(" ", "")
    if s.startswith(("-", "\u2212")) and re.fullmatch(r"[-\u2212][0-9]+(?:[.,][0-9]+)?", s):
        value = parse_number(s[1:])
        raise TypedValueError("negative", {"value": f"-{value}"})
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", s):  # 1,500 or 1,500.5: commas group thousands
        s = s.replace(",", "")
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3})+", s) and s.count(".") > 1:  # 1.500.000
        s = s.replace(".", "")
    elif re.fullmatch(r"\d+,\d+", s):  # 12,5: the Russian decimal comma
        s = s.replace(",", ".")
    if not re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", s) or len(s) > MAX_FIGURE_TEXT:
        raise TypedValueError("bad_number", {"value": raw[:MAX_FIGURE_TEXT]})
    if "." not in s:
        return int(s)  # exactly: a float would round 2**53 + 1 (and everything above it)
    return float(s)


def _strip_kk_suffix(text: str) -> str:
    # "500-ден астам": the number keeps its case ending after a hyphen
    return re.sub(rf"^{_NUM}[{_DASHES}]?(?:ден|ten|тен|нан|нен|дан|тан|ге|ке|қа|ға|не|на)\b", r"\1", text)


def parse_figure(text: str) -> dict[str, Any]:
    """A figure as typed -> {"value": n} | {"low": n} | {"high": n} | {"low": a, "high": b},
    plus {"unit": "percent"} when written with "%" and {"approx": True} when the figure is said to
    be approximate ("about 150", "около 400", "~200", "300-ге жуық"). Raises TypedValueError."""
    raw = str(text).strip()
    if not raw or len(raw) > MAX_FIGURE_TEXT:
        raise TypedValueError("bad_figure", {"value": raw[:MAX_FIGURE_TEXT]})
    s = " ".join(raw.lower().split())
    out: dict[str, Any] = {}
    if "%" in s:
        out["unit"] = "percent"
        s = s.replace("%", " ").strip()
        s = " ".join(s.split())
    for word in sorted(_APPROX, key=len, reverse=True):  # "about 250": the figure 250, approximate
        if s.startswith(word + " ") or (not word[-1].isalpha() and s.startswith(word)):
            s = s[len(word):].strip()
            out["approx"] = True
            break
    else:
        after = _APPROX_AFTER.search(s)
        if after and after.start() > 0:
            s = s[:after.start()].strip()
            out["approx"] = True
    s = _NUMBER_WORDS.get(s, s)
    s = s.replace("–", "-").replace("—", "-").replace("\u2212", "-")
    m = _RANGE.match(s)
    if m and not s.startswith("-"):
        low, high = parse_number(m.group(1)), parse_number(m.group(2))
        if low > high:
            raise TypedValueError("low_above_high", {"low": low, "high": high})
        return {**out, "low": low, "high": high}
    bound = _bound(s)
    if bound:
        which, number = bound
        return {**out, which: parse_number(number)}
    try:
        return {**out, "value": parse_number(s)}
    except TypedValueError as exc:
        if exc.code == "negative":
            raise
        raise TypedValueError("bad_figure", {"value": raw}) from None


def _bound(s: str) -> tuple[str, str] | None:
    for which, before, after in (("low", _LOW_BEFORE, _LOW_AFTER), ("high", _HIGH_BEFORE, _HIGH_AFTER)):
        for word in sorted(before, key=len, reverse=True):
            if s.startswith(word):
                rest = s[len(word):].strip()
                if word[-1].isalpha() and rest == s[len(word):]:
                    continue  # "доля" is not "до ля"
                rest = _strip_kk_suffix(rest).strip()
                if re.fullmatch(_NUM, rest):
                    return which, rest
        for word in sorted(after, key=len, reverse=True):
            if s.endswith(word):
                rest = s[: -len(word)].strip().rstrip("-").strip()
                rest = _strip_kk_suffix(rest).strip()
                if re.fullmatch(_NUM, rest):
                    return which, rest
    return None


_TRUE = frozenset({"true", "yes", "y", "1", "да", "иә", "ия", "approx", "about", "около", "шамамен"})
_FALSE = frozenset({"false", "no", "n", "0", "нет", "жоқ", "exact", "точно", "нақты"})


def parse_bool(text: str) -> bool:
    """'true' / 'да' / 'иә' -> True, 'false' / 'нет' / 'жоқ' -> False; raises TypedValueError(bad_bool)."""
    word = str(text).strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise TypedValueError("bad_bool", {"value": str(text).strip()[:MAX_FIGURE_TEXT]})


_DATE_RE = re.compile(r"^(\d{4})(?:[-./](\d{1,2})(?:[-./](\d{1,2}))?)?$")
_DMY_RE = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")


def parse_date_text(text: str) -> str:
    """'2014', '2014-09', '2014-9-16', '16.09.2014' -> ISO 'YYYY[-MM[-DD]]'; raises TypedValueError(bad_date).

    The result is checked again by the validator (real month and day)."""
    import calendar

    raw = str(text).strip()
    m = _DATE_RE.match(raw)
    if m:
        year, month, day = m.groups()
    else:
        d = _DMY_RE.match(raw)
        if not d:
            raise TypedValueError("bad_date", {"value": raw})
        day, month, year = d.groups()
    y = int(year)
    out = f"{y:04d}"
    if month is not None:
        mo = int(month)
        if not 1 <= mo <= 12:
            raise TypedValueError("bad_date", {"value": raw})
        out += f"-{mo:02d}"
        if day is not None:
            dd = int(day)
            if not 1 <= dd <= calendar.monthrange(y, mo)[1]:
                raise TypedValueError("bad_date", {"value": raw})
            out += f"-{dd:02d}"
    if y < 1:
        raise TypedValueError("bad_date", {"value": raw})
    return out
