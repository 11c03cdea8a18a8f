"""One entry from a curator to the store: propose (fill the id, check what was typed, validate by
the import's rules, look for likely duplicates), then confirm (validate again, save).

Between the two the proposal waits for the curator's "Save" (handlers/pending.py keeps it); the
handlers only show a Proposal and say what a refusal means.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.curation.duplicates import likely_duplicates
from bot.curation.fields import finish
from bot.curation.forms import MAX_NAME, MAX_TEXT, FormError
from bot.languages import CODES
from bot.store.problems import ImportError_, Problem
from bot.store.records import SaveResult
from bot.store.validate import KEY_FIELD, SECTION_OF_KIND

if TYPE_CHECKING:
    from bot.store import Store

log = logging.getLogger(__name__)

LONG_FIELDS = {"note", "summary", "text", "provisions", "title", "reason", "line"}
_TAG = re.compile(r"<\s*/?\s*[A-Za-z!][^>]*>")


# --- what was typed --------------------------------------------------------------------------

def typed_problem(field_name: str, value: str, limit: int | None | bool = True) -> FormError | None:
    """What is wrong with a value a curator typed (too long, HTML, control characters), or None.

    limit: True for the field's usual limit, a number, or None to leave the length to the store."""
    if limit is True:
        limit = MAX_TEXT if field_name.split(".")[0] in LONG_FIELDS else MAX_NAME
    if limit and len(value) > limit:
        return FormError(field_name, "too_long", {"length": len(value), "limit": limit})
    if _TAG.search(value):
        return FormError(field_name, "html")
    if any(unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in value):
        return FormError(field_name, "bad_char")
    return None


def data_problem(data: Any, prefix: str = "") -> FormError | None:
    """typed_problem (HTML, control characters) over the strings of an entry's data; a report's
    body text (fetched or pasted whole) is left as it came."""
    if isinstance(data, dict):
        for key, value in data.items():
            if not prefix and key == "text":
                continue
            name = f"{prefix}.{key}" if prefix and key not in CODES else (prefix or key)
            problem = data_problem(value, name)
            if problem:
                return problem
    elif isinstance(data, list):
        for value in data:
            problem = data_problem(value, prefix)
            if problem:
                return problem
    elif isinstance(data, str):
        return typed_problem(prefix or "?", data, limit=None)
    return None


# --- ids and duplicates ----------------------------------------------------------------------

def taken_by(store: Store, kind: str) -> Callable[[str], bool]:
    """Is an id in use (retracted entries count: an id is never reused)?"""
    return lambda ident: store.entries.get(kind, ident, include_retracted=True) is not None


def with_id(store: Store, kind: str, data: dict) -> dict:
    """`data` with a fresh id when it is an estimate or a law that has none."""
    return finish(kind, data, taken_by(store, kind))


def duplicates_of(store: Store, kind: str, data: dict) -> list[str]:
    """Ids of stored estimates that look like this one (same place, topic, estimator and date)."""
    if kind != "estimate":
        return []
    try:
        return [d.id for d in likely_duplicates(store, data) if d.id != data.get("id")]
    except (KeyError, TypeError, ValueError) as exc:
        log.info("duplicate check skipped: %r", exc)
        return []


# --- propose and confirm ---------------------------------------------------------------------

@dataclass
class Proposal:
    """An entry checked and ready for the curator's "Save", or what stops it."""

    kind: str
    data: dict  # with its id filled
    mode: str = "add"  # add: a new entry (never overwrite another) | update: the entry with data's id
    typed: FormError | None = None  # a typed value the bot refuses (HTML, control characters)
    problems: list[Problem] = field(default_factory=list)  # the store's rules, broken
    duplicates: list[str] = field(default_factory=list)  # ids of likely duplicates (when adding)

    @property
    def ready(self) -> bool:
        return self.typed is None and not self.problems


def propose(store: Store, kind: str, data: dict, *, mode: str = "add") -> Proposal:
    """Check one entry before it is shown for confirmation; nothing is saved."""
    data = with_id(store, kind, data) if kind in {"estimate", "law"} else dict(data)
    typed = data_problem(data)
    if typed:
        return Proposal(kind, data, mode, typed=typed)
    problems = store.entries.validate(kind, data)
    if problems:
        return Proposal(kind, data, mode, problems=problems)
    return Proposal(kind, data, mode, duplicates=duplicates_of(store, kind, data) if mode == "add" else [])


def confirm(store: Store, kind: str, data: dict, actor: str, *, mode: str = "add",
            target: str | None = None) -> SaveResult:
    """Save a proposed entry (over the entry `target` when given: "Update existing"), validated
    again: the store may have changed since the proposal.

    Raises ImportError_ with the problems, or KeyError when `target` is gone. An id taken since
    the proposal is replaced by a fresh one: a new entry never overwrites another."""
    data = dict(data)
    key = KEY_FIELD[SECTION_OF_KIND[kind]]
    if target is not None:
        mode, data[key] = "update", target
    problems = store.entries.validate(kind, data)
    if problems:
        raise ImportError_(problems)
    try:
        return store.entries.save(kind, data, actor, mode=mode)
    except ImportError_ as exc:
        if mode != "add" or key != "id" or [p.code for p in exc.problems] != ["exists"]:
            raise
        data.pop("id", None)
        return store.entries.save(kind, with_id(store, kind, data), actor, mode=mode)
