"""What changed between two revisions of an entry, field by field, for /history."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_MISSING = object()


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
