"""Years and year ranges in a question: "в 2014 году", "2014 жылы", "2014-2016", "since 2015",
"с 2014 по 2016", "2015 жылдан бері". Only 1900..2100, never counts ("2000 fighters") or parts
of longer numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.languages import LANGUAGES, any_of, words

_YEAR = re.compile(r"(?<![\d,:])(?<!\d,)(19\d\d|20\d\d|2100)(?![\d]|[.,]\d|:\d)")


def _before(*names: str) -> re.Pattern[str]:
    """Words that stand just before a year (searched in the text before it)."""
    return re.compile(any_of(w for n in names for w in words(f"years.{n}")) + r"\s*$", re.IGNORECASE)


def _after(*names: str, whole_word: bool = True) -> re.Pattern[str]:
    """Words that follow a year, its year word and a case ending (matched on the text after it)."""
    after = any_of(w for n in names for w in words(f"years.{n}"))
    return re.compile(rf"^\s*{_YEAR_WORD}?\s*(?:{_CASE_ENDING}\s*)?{after}" + (r"\b" if whole_word else ""),
                      re.IGNORECASE)


# each language's words are in its module of bot/languages/ (YearWords)
# after a number: what it counts, so it is not a year
_COUNTED = re.compile(r"^\s*" + any_of((*words("years.counted"), r"\+", "%")), re.IGNORECASE)
_WHAT_ABOUT = _before("asking_before")  # "what about 2023?" asks a year
_BEFORE_COUNT = _before("approximately")
# "the figure 1938", "цифра 1938": a number named as a figure is never a year
FIGURE_WORD_BEFORE = re.compile(r"(?<!\w)" + any_of(words("years.figure_before")) + r"\s*$", re.IGNORECASE)
# "1800 деген санды кім айтты?": a number followed by "so-called"/"the figure"
FIGURE_WORD_AFTER = re.compile(r"^\s*" + any_of(words("years.figure_after")), re.IGNORECASE)
_YEAR_WORD = any_of((*words("years.after"), "-?" + any_of(words("years.endings"))))
_RANGE_START = "-?" + any_of(words("years.range_start"))
_CASE_ENDING = any_of(tuple(lang.years.case_ending for lang in LANGUAGES if lang.years.case_ending))
_JOINER = any_of(("-", "–", "—", r"\.\.", ",", *words("years.range_joiners"),
                   *words("conjunctions")))
_RANGE_GAP = re.compile(rf"^\s*(?:{_RANGE_START}|{_YEAR_WORD})?\s*{_JOINER}?\s*(?:{_YEAR_WORD}\s*)?$", re.IGNORECASE)
# "from 2016" / "от 2015 года" date a thing rather than open a range, so they are not here
_SINCE_BEFORE = _before("since_before", "later_before")
_SINCE_AFTER = _after("since_after", "later_after")
_UNTIL_BEFORE = _before("until_before", "earlier_before")
_UNTIL_AFTER = _after("until_after", "earlier_after")
_LATER_BEFORE = _before("later_before")
_LATER_AFTER = _after("later_after", whole_word=False)
_EARLIER_BEFORE = _before("earlier_before")
_EARLIER_AFTER = re.compile(r"^\s*\S*\s*" + any_of(words("years.earlier_after")), re.IGNORECASE)
_TRAILING_YEAR_WORD = re.compile(rf"^\s*{_YEAR_WORD}", re.IGNORECASE)


@dataclass
class Years:
    year_from: int | None = None
    year_to: int | None = None
    spans: list[tuple[int, int]] | None = None  # character spans the years took up

    @property
    def found(self) -> bool:
        return self.year_from is not None or self.year_to is not None


def find_years(text: str) -> Years:
    """The year or range a question asks about (inclusive bounds; an open end is None)."""
    mentions: list[tuple[int, int, int]] = []  # (year, start, end)
    for m in _YEAR.finditer(text):
        before, after = text[max(0, m.start() - 20): m.start()], text[m.end(): m.end() + 25]
        approximate = _BEFORE_COUNT.search(before) and not _WHAT_ABOUT.search(before)
        if (_COUNTED.match(after) or approximate or FIGURE_WORD_BEFORE.search(before)
                or FIGURE_WORD_AFTER.match(after)):
            continue
        end = m.end()
        trailing = _TRAILING_YEAR_WORD.match(after)
        if trailing:
            end += trailing.end()
        mentions.append((int(m.group(1)), m.start(), end))
    if not mentions:
        return Years(spans=[])
    spans = [(s, e) for _, s, e in mentions]
    # ranges and lists: 2014-2016, between 2014 and 2016, с 2014 по 2016, 2014, 2015 и 2016
    groups: list[list[tuple[int, int, int]]] = [[mentions[0]]]
    for prev, cur in zip(mentions, mentions[1:], strict=False):
        if _RANGE_GAP.match(text[prev[1] + 4: cur[1]]):
            groups[-1].append(cur)
        else:
            groups.append([cur])
    lows: list[int | None] = []
    highs: list[int | None] = []
    for group in groups:
        years = [y for y, _, _ in group]
        start, end = group[0][1], group[-1][1] + 4
        before, after = text[max(0, start - 20): start], text[end: end + 30]
        low: int | None = min(years)
        high: int | None = max(years)
        if len(group) == 1:
            if _SINCE_BEFORE.search(before) or _SINCE_AFTER.match(after):
                high = None
                if _LATER_BEFORE.search(before) or _LATER_AFTER.match(after):
                    low = years[0] + 1
            elif _UNTIL_BEFORE.search(before) or _UNTIL_AFTER.match(after):
                low = None
                if _EARLIER_BEFORE.search(before) or _EARLIER_AFTER.match(after):
                    high = years[0] - 1
        lows.append(low)
        highs.append(high)
    year_from = None if any(v is None for v in lows) else min(v for v in lows if v is not None)
    year_to = None if any(v is None for v in highs) else max(v for v in highs if v is not None)
    return Years(year_from, year_to, spans)


# months by the beginnings people write them with, in every language of the registry
_MONTH_STEMS = [(number, tuple(stem for lang in LANGUAGES if lang.months for stem in lang.months[number - 1]))
                for number in range(1, 13)]
_WORD_RE = re.compile(r"[^\W\d_]+|\d{4}")


def find_month(text: str) -> int | None:
    """The month a question names beside a year ("June 2016", "в мае 2019", "2016 жылғы
    маусымда"): 1-12, or None. A month word with no year within three words is not taken
    (қазан is also Kazan and a cauldron; may is a verb)."""
    words = _WORD_RE.findall(text.lower())
    for i, word in enumerate(words):
        if word.isdigit():
            continue
        for month, stems in _MONTH_STEMS:
            if any(word.startswith(s) and (len(s) >= 4 or len(word) <= len(s) + 6) for s in stems):
                if _year_near(words, i):
                    return month
                break
    return None


def _year_near(words: list[str], i: int) -> bool:
    return any(w.isdigit() and 1900 <= int(w) <= 2100 for w in words[max(0, i - 3): i + 4])
