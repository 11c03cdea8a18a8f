"""Russian."""

from bot.languages import Language

LANGUAGE = Language(code="ru", name="Русский", order=1)
