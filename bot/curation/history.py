"""What changed between two revisions of an entry, field by field, for /history."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.curation.forms import field_label
from bot.i18n import N_, tr
from bot.languages import NAMES

_MISSING = object()
# a diff tells the figure's parts apart, where a form just says "figure"
PATH_LABELS = {"value": N_("exact figure"), "low": N_("lower bound"), "high": N_("upper bound"),
               "approx": N_("approximate"), "source.publication": N_("source publication")}
_LANGUAGE_NAMES = {"en": N_("in English"), "ru": N_("in Russian"), "kk": N_("in Kazakh")}


@dataclass(frozen=True)
class FieldChange:
    """One field's change: `path` like "value", "source.date", "estimator.ru", "provisions[2].en";
    `old` is None when the field was added, `new` is None when it was removed."""

    path: str
    old: Any
    new: Any


def _walk(prev: Any, cur: Any, path: str, out: list[FieldChange]) -> None:
    if isinstance(prev, dict) and isinstance(cur, dict):
        keys = list(prev) + [k for k in cur if k not in prev]
        for key in keys:
            sub = f"{path}.{key}" if path else str(key)
            _walk(prev.get(key, _MISSING), cur.get(key, _MISSING), sub, out)
        return
    if isinstance(prev, list) and isinstance(cur, list) and all(isinstance(x, dict) for x in prev + cur) \
            and prev and cur:
        for i in range(max(len(prev), len(cur))):  # lists of texts (provisions): item by item, from 1
            _walk(prev[i] if i < len(prev) else _MISSING, cur[i] if i < len(cur) else _MISSING,
                  f"{path}[{i + 1}]", out)
        return
    if prev is _MISSING and cur is _MISSING:
        return
    if prev is _MISSING:
        out.append(FieldChange(path, None, cur))
    elif cur is _MISSING:
        out.append(FieldChange(path, prev, None))
    elif prev != cur or type(prev) is not type(cur) and not (isinstance(prev, (int, float))
                                                              and isinstance(cur, (int, float))):
        out.append(FieldChange(path, prev, cur))


def changes(prev: dict | None, cur: dict) -> list[FieldChange]:
    """Every field that differs, in the entry's field order; with prev None, every field is new."""
    out: list[FieldChange] = []
    _walk(prev if prev is not None else {}, cur, "", out)
    return out


def path_label(path: str, lang: str) -> str:
    """A changed field as a curator reads it in `lang`: "estimator.ru" -> "оценщик (на русском)",
    "provisions[2].en" -> "положения 2 (на английском)"."""
    t = tr(lang)
    m = re.match(r"^([\w.]+?)(?:\[(\d+)\])?(?:\.(en|ru|kk))?$", path)
    if not m:
        return path
    base, index, language = m.groups()
    label = t.gettext(PATH_LABELS[base]) if base in PATH_LABELS else field_label(base, lang)
    if index:
        label += f" {index}"
    if language:
        label += f" ({t.gettext(_LANGUAGE_NAMES[language])})"
    return label


def value_text(path: str, value: Any, lang: str) -> str | None:
    """A value worth translating in a diff (true/false, a unit key), or None to show it as stored."""
    t = tr(lang)
    if isinstance(value, bool):
        return t.gettext("yes") if value else t.gettext("no")
    if path == "language" and value in NAMES:
        return NAMES[value]
    if path == "unit" and isinstance(value, str):
        from bot.answering.figures import unit_word

        word = unit_word(value.lower(), 5, lang)
        return word if word is not None else None
    return None
