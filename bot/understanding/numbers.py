"""Numbers as people write them in questions: "two thousand", "две тысячи", "екі мың", "2k",
"18 тыс.", "1,5 тысячи", "181 000" — each as a value, for "who said 2000?" questions.

Digits alone ("250", "1,938") stay with the answerer's own reading (figures_in_text), which also
tells years from figures; this adds what digits alone miss: a multiplier after digits, numbers
written in words, and thousands grouped with a plain space.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.languages import LANGUAGES, words

# each language's number words and multipliers are in its module of bot/languages/
_UNITS: dict[str, float | None] = {w: v for lang in LANGUAGES for w, v in lang.number_words.items()}
_MULTIPLIERS: dict[str, int] = {w: v for lang in LANGUAGES for w, v in lang.number_multipliers.items()}
_FACTORS = [(re.compile(pattern, re.IGNORECASE), factor)
            for lang in LANGUAGES for pattern, factor in lang.digit_multipliers.items()]
_AFTER_DIGITS = "|".join(pattern.pattern for pattern, _ in _FACTORS) or "(?!)"
_RANGE_MULT = re.compile(rf"(?<![\w.,])(\d+)\s*[-–—]\s*(\d+)\s?((?:{_AFTER_DIGITS}))", re.IGNORECASE)
_HUNDREDS = {w: 100 for lang in LANGUAGES for w in lang.hundreds}
_JOINERS = frozenset(words("number_joiners"))
_WORD = re.compile(r"\d+(?:[.,]\d+)?|[^\W\d_]+", re.UNICODE)
_SPACE_GROUPED = re.compile(r"(?<![\d.,])(\d{1,3}(?: \d{3})+)(?![\d])")
_DIGITS_MULT = re.compile(rf"(?<![\w.,])(\d+(?:[.,]\d+)?)\s?((?:{_AFTER_DIGITS}))(?![\w])", re.IGNORECASE)


def _factor(multiplier: str) -> int:
    """What a multiplier after digits multiplies by ("тыс." -> 1000)."""
    return next(factor for pattern, factor in _FACTORS if pattern.fullmatch(multiplier))


@lru_cache(maxsize=512)
def written_numbers(text: str) -> tuple[float, ...]:
    """Values written with a multiplier, in words, or grouped with spaces; in order, no repeats."""
    out: list[float] = []

    def add(value: float | None) -> None:
        if value is not None and value not in out:
            out.append(value)

    for m in _RANGE_MULT.finditer(text):  # "3–5 тысяч": both ends
        add(float(m.group(1)) * _factor(m.group(3)))
    for m in _DIGITS_MULT.finditer(text):
        add(float(m.group(1).replace(",", ".")) * _factor(m.group(2)))
    for m in _SPACE_GROUPED.finditer(text):
        add(float(m.group(1).replace(" ", "")))
    words = [w.lower() for w in _WORD.findall(text)]
    i = 0
    while i < len(words):
        value, used = _word_number(words, i)
        if used:
            add(value)
            i += used
        else:
            i += 1
    return tuple(out)


def _word_number(words: list[str], i: int) -> tuple[float | None, int]:
    """A number written in words starting at words[i]: (value, words used); (None, 0) if none."""
    total, current, used, seen = 0.0, 0.0, 0, False
    while i + used < len(words):
        word = words[i + used]
        unit = _UNITS.get(word)
        if word in _HUNDREDS and seen:
            current = (current or 1) * 100
        elif unit is not None and word not in ("a",):
            current += unit
            seen = True
        elif word in _MULTIPLIERS and seen:
            total += (current or 1) * _MULTIPLIERS[word]
            current = 0
        elif word in _JOINERS and seen:
            pass
        else:
            break
        used += 1
    if not seen:
        return None, 0
    value = total + current
    # a lone small word ("one of", "он" = ten/he, "бес") is rarely a figure asked about
    if value < 20 and total == 0:
        return None, 0
    return value, used
