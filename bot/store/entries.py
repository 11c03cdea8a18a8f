"""Single-entry writes from chat: validate, save (add or update by id) and correct one field,
with exactly the import's rules, atomically, a revision per change. Mixed into Store.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, Table, select

from bot.store import records as r
from bot.store.problems import ImportError_, ImportResult, Problem
from bot.store.rows import KEY_COLUMN, entry_kind, to_record
from bot.store.typed import TypedValueError, parse_bool, parse_date_text, parse_figure, parse_number
from bot.store.validate import (
    FIELDS,
    KEY_FIELD,
    LANGS,
    SECTION_OF_KIND,
    SOURCE_FIELDS,
    validate_document,
)

FIGURE_FIELDS = ("value", "low", "high")
_LIST_SPLIT = re.compile(r"[,;\s]+")
SAVE_MODES = ("upsert", "add", "update")


def _problem(fld: str, code: str, message: str, **params: Any) -> Problem:
    return Problem(entry="", field=fld, message=message, code=code, params={"entry": "", "field": fld, **params})


def _typed_problem(fld: str, exc: TypedValueError) -> Problem:
    messages = {
        "bad_figure": "not a figure: expected e.g. 250, >500, up to 80 or 80-100",
        "bad_number": "not a number",
        "negative": "a count cannot be below zero",
        "low_above_high": "low is above high",
        "bad_date": "not a date: expected YYYY, YYYY-MM or YYYY-MM-DD",
        "bad_bool": "expected true or false",
    }
    code = "bad_figure" if exc.code == "bad_number" else exc.code
    return _problem(fld, code, messages.get(exc.code, exc.code), **{k: str(v) for k, v in exc.params.items()})


def relabel(problems: list[Problem]) -> list[Problem]:
    """Problems of a one-entry document, said of "the entry" (entry "") rather than a file position."""
    return [Problem(entry="", field=p.field, message=p.message, code=p.code, params={**p.params, "entry": ""})
            for p in problems]


def set_field(kind: str, data: dict, field: str, value: Any) -> dict:
    """`data` with one field set from typed text (or a typed value); raises ImportError_.

    Dotted paths: "source.date", "estimator.ru", "title.kk". An empty value removes the field.
    Setting a figure ("value", or the pseudo-field "figure") replaces value/low/high with the
    figure typed (">500" -> low); setting "low" or "high" drops an exact value.
    """
    section = SECTION_OF_KIND[kind]
    spec = FIELDS[section]
    path = [p for p in field.strip().split(".") if p]
    if not path:
        raise ImportError_([_problem(field, "unknown_key", "no field named", key=field)])
    top = path[0]
    if top == KEY_FIELD[section]:
        raise ImportError_([_problem(top, "read_only", "the id cannot be changed", id=data.get(top, ""))])
    if isinstance(value, str):
        value = value.strip()
    empty = value is None or value == "" or value == []
    out = copy.deepcopy(data)
    try:
        if kind == "estimate" and top in ("figure", *FIGURE_FIELDS) and len(path) == 1:
            _set_figure(out, top, value, empty)
            return out
        ftype = spec.get(top)
        if ftype == "source" and len(path) >= 2:
            sub = path[1]
            source = dict(out.get("source") or {})
            stype = SOURCE_FIELDS.get(sub, "str")
            _assign(source, path[1:], stype, value, empty, f"source.{sub}")
            if source:
                out["source"] = source
            else:
                out.pop("source", None)
            return out
        _assign(out, path, ftype or "str", value, empty, top)
    except TypedValueError as exc:
        raise ImportError_([_typed_problem(field, exc)]) from None
    return out


def _set_figure(out: dict, top: str, value: Any, empty: bool) -> None:
    if empty:
        if top in ("figure", "value"):
            for k in FIGURE_FIELDS:
                out.pop(k, None)
        else:
            out.pop(top, None)
        return
    if top in ("figure", "value"):
        figure = parse_figure(value) if isinstance(value, str) else {"value": value}
        for k in (*FIGURE_FIELDS, "approx"):  # a figure typed anew says itself whether it is approximate
            out.pop(k, None)
        if "unit" in figure:
            out["unit"] = figure.pop("unit")
        out.update(figure)
        return
    number = parse_number(value) if isinstance(value, str) else value
    out.pop("value", None)
    out[top] = number


def _assign(target: dict, path: list[str], ftype: str, value: Any, empty: bool, label: str) -> None:
    key = path[0]
    if ftype == "text" and len(path) >= 2:  # one language of a multilingual text
        lang = path[1]
        current = target.get(key)
        text = dict(current) if isinstance(current, dict) else ({} if current is None else {"en": current})
        if empty:
            text.pop(lang, None)
        else:
            text[lang] = value
        if text:
            target[key] = text
        else:
            target.pop(key, None)
        return
    if len(path) >= 2:
        target[".".join(path)] = value  # an unknown sub-field: the validator names it
        return
    if empty:
        target.pop(key, None)
        return
    if isinstance(value, str):
        if ftype == "date":
            value = parse_date_text(value)
        elif ftype == "number":
            value = parse_number(value)
        elif ftype in ("tags",):
            value = [v for v in _LIST_SPLIT.split(value) if v]
        elif ftype == "places":
            value = [_code(v) for v in _LIST_SPLIT.split(value) if v]
        elif ftype == "place":
            value = _code(value)
        elif ftype == "textlist":
            value = [line.strip() for line in value.splitlines() if line.strip()]
        elif ftype in ("status", "language"):
            value = value.lower()
        elif ftype == "bool":
            value = parse_bool(value)
    target[key] = value


def _code(text: str) -> str:
    """'kz' -> 'KZ' (ISO codes are capitals); other codes as typed."""
    t = text.strip()
    return t.upper() if len(t) == 2 and t.isalpha() else t


class EntryWrites:
    """validate_entry / save_entry / update_field for the Store (uses its private helpers)."""

    engine: Engine
    clock: Callable[[], datetime]

    # provided by Store
    _table: Callable[[str], Table]
    _keys: Callable[..., set[str]]
    _bump: Callable[..., None]
    _upsert: Callable[..., dict[str, int]]

    def _validate_one(self, conn, kind: str, data: Any) -> tuple[dict | None, list[Problem]]:  # noqa: ANN001
        section = SECTION_OF_KIND[kind]
        validated, problems = validate_document({"version": 1, section: [data]}, self._keys(conn, "place"),
                                                self._keys(conn, "topic"))
        if problems:
            return None, relabel(problems)
        return validated.entries[section][0], []

    def validate_entry(self, kind: str, data: Any) -> list[Problem]:
        """Every problem with one entry, by the import's rules (entry "" and the field path)."""

        kind = entry_kind(kind)
        with self.engine.connect() as conn:
            return self._validate_one(conn, kind, data)[1]

    def save_entry(self, kind: str, data: Any, actor: str | None, *, mode: str = "upsert") -> r.SaveResult:
        """Add or update one entry by id, atomically, with a revision; raises ImportError_.

        mode "add" refuses an id already in the store (problem "exists"); "update" raises KeyError
        for an id not in the store; "upsert" (the default) does either. A retracted entry stays
        retracted (its data is updated; restore brings it back)."""

        if mode not in SAVE_MODES:
            raise ValueError(f"unknown mode {mode!r}")
        kind = entry_kind(kind)
        key_col = KEY_COLUMN[kind]
        now = self.clock()
        with self.engine.begin() as conn:
            self._bump(conn)  # the write lock first: two curators saving at once queue up
            entry, problems = self._validate_one(conn, kind, data)
            if problems or entry is None:
                raise ImportError_(problems)
            key = entry[key_col]
            table = self._table(kind)
            exists = conn.execute(select(table.c[key_col]).where(table.c[key_col] == key)).first() is not None
            if mode == "add" and exists:
                raise ImportError_([_problem(key_col, "exists", f"an entry with the id {key!r} exists", id=key)])
            if mode == "update" and not exists:
                raise KeyError(f"no {kind} with id {key!r}")
            return self._write_one(conn, kind, entry, actor, now)

    def _write_one(self, conn, kind: str, entry: dict, actor: str | None, now: datetime) -> r.SaveResult:  # noqa: ANN001

        key_col = KEY_COLUMN[kind]
        result = ImportResult()
        counts = self._upsert(conn, kind, [entry], actor, now, False, result)
        action = "create" if counts["added"] else "update" if counts["updated"] else "unchanged"
        table = self._table(kind)
        row = conn.execute(select(table.c.data, table.c.revision, table.c.retracted)
                           .where(table.c[key_col] == entry[key_col])).first()
        if action == "unchanged":
            conn.rollback()  # nothing changed: not even the generation moves
        record = to_record(kind, row[0], row[1], bool(row[2]))
        return r.SaveResult(kind=kind, id=entry[key_col], action=action, revision=row[1], record=record,  # type: ignore[arg-type]
                            retracted=bool(row[2]))

    def update_field(self, kind: str, id: str, field: str, value: Any, actor: str | None) -> r.SaveResult:
        """Correct one field of an entry (typed text converted: "250", ">500", "2014-09", ...), then
        re-validate the whole entry; atomic. Raises KeyError (no such entry) or ImportError_."""

        kind = entry_kind(kind)
        key_col = KEY_COLUMN[kind]
        table = self._table(kind)
        now = self.clock()
        with self.engine.begin() as conn:
            self._bump(conn)  # lock, then read: no lost update between two curators
            row = conn.execute(select(table.c.data).where(table.c[key_col] == id)).first()
            if row is None:
                raise KeyError(f"no {kind} with id {id!r}")
            changed = set_field(kind, row[0], field, value)
            entry, problems = self._validate_one(conn, kind, changed)
            if problems or entry is None:
                raise ImportError_(problems)
            return self._write_one(conn, kind, entry, actor, now)


__all__ = ["EntryWrites", "set_field", "relabel", "LANGS"]
