"""UserFacingError: the base of every error a person is told about in words.

It carries a msgid (marked with N_ where it is written, so extraction sees it) and its named
arguments; `bot.i18n.error_text(error, lang)` says it in a language. Errors that name what is
wrong by a code (a form's field, a fetch, the store's problems) give their msgid from their own
table, and register their wording with `bot.i18n.wording_of` when one sentence needs more than a
msgid and arguments. A leaf: it imports nothing of bot/, so the store's errors build on it too.

An error class with its own __init__ (a code and an English message for logs) lists it after its
builtin base, `class SubscriptionError(ValueError, UserFacingError)`, so that its
`super().__init__(message)` stays the builtin's.
"""

from __future__ import annotations

from typing import Any


class UserFacingError(Exception):
    """An error to be told to a person: `msgid` (English, translated when said) and `params`."""

    msgid: str = ""  # subclasses that name their error by a code look it up in their table
    params: dict[str, Any]

    def __init__(self, msgid: str, /, **params: Any) -> None:
        super().__init__(msgid)
        self.msgid = msgid
        self.params = params
