"""Kazakh (Cyrillic; the understanding layer also reads it typed in Latin or without its letters)."""

from bot.languages import Language

LANGUAGE = Language(code="kk", name="Қазақша", order=2)
