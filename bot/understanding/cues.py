"""Cue words and phrases that tell what a question asks (intent), and "latest"/relative years.

Phrases are matched on normalised keys, so inflected forms match too (принял/приняли,
заңы/заңдар). Kazakh entries also match text typed without Kazakh letters or in Latin script.
"""

from __future__ import annotations

from bot.languages import LANGUAGES
from bot.understanding.query import Intent

LATEST = "latest"
LAST_YEAR = "last_year"
THIS_YEAR = "this_year"
# what a law does rather than a law ("banned", "запрещено", "тыйым"): a law question only when
# nothing else asks for a figure ("how many organisations are banned" wants a count)
LAW_PART = "law-part"
LAW_ACT = "law_act"
TOTAL = "total"  # "total for Central Asia": a sum the store may not have
MOST = "most"  # "which country has the most ...": the comparison sorted by value
LEAST = "least"  # "... the fewest ...": sorted the other way

# the cues in the order they are indexed; each language's phrases are in its module of
# bot/languages/, keyed by the cue's name
_ORDER = (Intent.HELP, Intent.SOURCES, Intent.TREND, Intent.COMPARE, Intent.LAWS, LAW_PART, LAW_ACT,
          Intent.FIGURE, Intent.OVERVIEW, TOTAL, MOST, LEAST, LATEST, LAST_YEAR, THIS_YEAR)

# cue -> {language: [phrases]}
CUES: dict[str, dict[str, list[str]]] = {
    cue: {lang.code: list(lang.cues[cue]) for lang in LANGUAGES if cue in lang.cues} for cue in _ORDER
}
