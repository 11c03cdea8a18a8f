"""Numbers as people write them in questions: "two thousand", "две тысячи", "екі мың", "2k",
"18 тыс.", "1,5 тысячи", "181 000" — each as a value, for "who said 2000?" questions.

Digits alone ("250", "1,938") stay with the answerer's own reading (figures_in_text), which also
tells years from figures; this adds what digits alone miss: a multiplier after digits, numbers
written in words, and thousands grouped with a plain space.
"""

from __future__ import annotations

import re
from functools import lru_cache

_UNITS = {
    # en
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "a": None,
    # ru
    "один": 1, "одна": 1, "одно": 1, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6,
    "семь": 7, "восемь": 8, "девять": 9, "десять": 10, "одиннадцать": 11, "двенадцать": 12,
    "тринадцать": 13, "четырнадцать": 14, "пятнадцать": 15, "шестнадцать": 16, "семнадцать": 17,
    "восемнадцать": 18, "девятнадцать": 19, "двадцать": 20, "тридцать": 30, "сорок": 40,
    "пятьдесят": 50, "шестьдесят": 60, "семьдесят": 70, "восемьдесят": 80, "девяносто": 90,
    "сто": 100, "двести": 200, "триста": 300, "четыреста": 400, "пятьсот": 500, "шестьсот": 600,
    "семьсот": 700, "восемьсот": 800, "девятьсот": 900, "полторы": 1.5, "полтора": 1.5,
    # kk (folded spellings too: typed without Kazakh letters)
    "бір": 1, "бир": 1, "екі": 2, "еки": 2, "үш": 3, "уш": 3, "төрт": 4, "торт": 4, "бес": 5, "алты": 6,
    "жеті": 7, "жети": 7, "сегіз": 8, "сегиз": 8, "тоғыз": 9, "тогыз": 9, "он": 10, "жиырма": 20,
    "отыз": 30, "қырық": 40, "кырык": 40, "елу": 50, "алпыс": 60, "жетпіс": 70, "жетпис": 70,
    "сексен": 80, "тоқсан": 90, "токсан": 90, "жүз": 100, "жуз": 100,
}
_MULTIPLIERS = {
    "thousand": 1_000, "thousands": 1_000, "k": 1_000, "million": 1_000_000, "millions": 1_000_000, "m": 1_000_000,
    "тысяча": 1_000, "тысячи": 1_000, "тысяч": 1_000, "тыс": 1_000, "миллион": 1_000_000, "миллиона": 1_000_000,
    "миллионов": 1_000_000, "млн": 1_000_000,
    "мың": 1_000, "мын": 1_000, "миллион ": 1_000_000,
}
_RANGE_MULT = re.compile(r"(?<![\w.,])(\d+)\s*[-–—]\s*(\d+)\s?(k|тыс|тысяч|мың|thousand|млн|million|миллион)",
                         re.IGNORECASE)
_HUNDREDS = {"hundred": 100, "жүз": 100, "жуз": 100}
_WORD = re.compile(r"\d+(?:[.,]\d+)?|[^\W\d_]+", re.UNICODE)
_SPACE_GROUPED = re.compile(r"(?<![\d.,])(\d{1,3}(?: \d{3})+)(?![\d])")
_DIGITS_MULT = re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)?)\s?(k|тыс\.?|тысяч[аи]?|мың|thousand|млн\.?|million|миллион[аов]*)(?![\w])",
                          re.IGNORECASE)


@lru_cache(maxsize=512)
def written_numbers(text: str) -> tuple[float, ...]:
    """Values written with a multiplier, in words, or grouped with spaces; in order, no repeats."""
    out: list[float] = []

    def add(value: float | None) -> None:
        if value is not None and value not in out:
            out.append(value)

    for m in _RANGE_MULT.finditer(text):  # "3–5 тысяч": both ends
        factor = 1_000_000 if m.group(3).lower().startswith(("млн", "million", "миллион")) else 1_000
        add(float(m.group(1)) * factor)
    for m in _DIGITS_MULT.finditer(text):
        mult = m.group(2).lower().rstrip(".")
        factor = 1_000_000 if mult.startswith(("млн", "million", "миллион")) else 1_000
        add(float(m.group(1).replace(",", ".")) * factor)
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
        elif word in ("and", "и") and seen:
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
