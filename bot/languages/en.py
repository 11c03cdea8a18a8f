"""English: the language the message ids are written in."""

from bot.languages import Language

LANGUAGE = Language(code="en", name="English", order=0)
