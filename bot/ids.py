"""Numbers typed or sent by outsiders that name something: user, chat, feed, subscription and
candidate ids, update ids, button indexes. One rule for all of them, so that no handler meets an
id the store cannot hold:

- ASCII digits only (str.isdigit() also says yes to "²" and "٣", which int() refuses or reads
  as another number), with one leading "-" only where negative ids exist (chats);
- within a signed 64-bit integer, what SQLite and PostgreSQL keep (a 20-digit id raises
  OverflowError in SQLite's driver).

parse_id returns the int, or None for anything else; looks_numeric tells "not an id at all"
(a @username, a url) from "a number that cannot be an id" (so a handler can say which).
"""

from __future__ import annotations

import re

INT64_MAX = 2**63 - 1
INT64_MIN = -(2**63)
_UNSIGNED = re.compile(r"[0-9]{1,19}", re.ASCII)
_SIGNED = re.compile(r"-?[0-9]{1,19}", re.ASCII)


def parse_id(text: object, *, signed: bool = False) -> int | None:
    """'123' -> 123; '-100123' -> -100123 when `signed`; None for '²', '１２', '1e3', ' 1', '',
    '99999999999999999999' (beyond int64) and anything that is not a str or an int."""
    if isinstance(text, bool):
        return None
    if isinstance(text, int):
        value = text
    elif isinstance(text, str) and (_SIGNED if signed else _UNSIGNED).fullmatch(text):
        value = int(text)
    else:
        return None
    if not (INT64_MIN if signed else 0) <= value <= INT64_MAX:
        return None
    return value


def looks_numeric(text: object) -> bool:
    """Written as a number (any script's digits, a sign): what a person meant as an id even when
    parse_id refuses it ('²', '99999999999999999999', '-5' for a feed)."""
    if not isinstance(text, str):
        return False
    body = text.strip().lstrip("+-")
    return bool(body) and all(ch.isdigit() or ch.isdecimal() or ch.isnumeric() for ch in body)
