"""Years and year ranges in a question: "в 2014 году", "2014 жылы", "2014-2016", "since 2015",
"с 2014 по 2016", "2015 жылдан бері". Only 1900..2100, never counts ("2000 fighters") or parts
of longer numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_KK = "а-яёәғқңөұүһі"
_YEAR = re.compile(r"(?<![\d,:])(?<!\d,)(19\d\d|20\d\d|2100)(?![\d]|[.,]\d|:\d)")
# after a number: what it counts, so it is not a year
_COUNTED = re.compile(
    rf"^\s*(?:-?[{_KK}]{{0,4}}\s*астам|\+|%|percent|per cent|people|persons|individuals|fighters|militants|"
    rf"jihadists|members|men|women|children|citizens|nationals|foreigners|recruits|troops|cases|years old|"
    rf"year-old|человек|чел\b|людей|боевик|джихадист|граждан|иностран|лет\b|процент|адам|кісі|кiсi|"
    rf"содыр|пайыз|жаста|жастағы|шетелдік|азамат)",
    re.IGNORECASE,
)
_WHAT_ABOUT = re.compile(r"(?:what|how)\s+about\s*$", re.IGNORECASE)  # "what about 2023?" asks a year
_BEFORE_COUNT = re.compile(
    r"(?:more than|less than|fewer than|over|about|around|approximately|nearly|almost|some|более|менее|"
    r"свыше|около|примерно|почти|порядка|шамамен|жуық)\s*$",
    re.IGNORECASE,
)
# "the figure 1938", "цифра 1938": a number named as a figure is never a year
FIGURE_WORD_BEFORE = re.compile(r"(?<!\w)(?:figure|number|цифра|цифру|цифры|цифре|число|сан|санды|саны)\s*$", re.IGNORECASE)
# "1800 деген санды кім айтты?": a number followed by "so-called"/"the figure" in Kazakh ("the 2014
# figure" in English is a year's figure, so English is not here)
FIGURE_WORD_AFTER = re.compile(r"^\s*(?:деген|санды|саны|адам деген)", re.IGNORECASE)
_YEAR_WORD = rf"(?:г\.?|гг\.?|год[{_KK}]*|-?[{_KK}]{{0,3}}\s*жыл[{_KK}]*|years?|-?(?:м|й|го|ым|ші|шы|ыншы|інші))"
# "2015-тен 2018-ге дейін", "2021-den 2022-ge": the Kazakh ablative ends the first year of a range
_KK_FROM = r"-?(?:тен|тан|нан|нен|дан|ден|ten|tan|nan|nen|dan|den)"
_RANGE_GAP = re.compile(
    rf"^\s*(?:{_KK_FROM}|{_YEAR_WORD})?\s*(?:-|–|—|\.\.|to|till|until|through|thru|and|or|по|до|и|или|бен|мен|және|немесе|,)?\s*"
    rf"(?:{_YEAR_WORD}\s*)?$",
    re.IGNORECASE,
)
# "from 2016" / "от 2015 года" date a thing rather than open a range, so they are not here
_SINCE_BEFORE = re.compile(r"(?:since|starting|starting in|начиная с|\bс|\bсо|after|после)\s*$", re.IGNORECASE)
_SINCE_AFTER = re.compile(rf"^\s*{_YEAR_WORD}?\s*(?:-?[{_KK}]{{0,3}}\s*)?(?:бері|бастап|кейін|since|onwards|onward|and later|and after)\b",
                          re.IGNORECASE)
_UNTIL_BEFORE = re.compile(r"(?:before|until|till|up to|prior to|by|до|по|вплоть до|ранее)\s*$", re.IGNORECASE)
_UNTIL_AFTER = re.compile(rf"^\s*{_YEAR_WORD}?\s*(?:-?[{_KK}]{{0,3}}\s*)?(?:дейін|бұрын|and earlier|and before)\b",
                          re.IGNORECASE)
_AFTER_WORD = re.compile(r"(?:after|после)\s*$", re.IGNORECASE)
_KK_AFTER_WORD = re.compile(rf"^\s*{_YEAR_WORD}?\s*-?[{_KK}]{{0,3}}\s*кейін", re.IGNORECASE)
_BEFORE_WORD = re.compile(r"(?:before|prior to|ранее)\s*$", re.IGNORECASE)
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
                if _AFTER_WORD.search(before) or _KK_AFTER_WORD.match(after):
                    low = years[0] + 1
            elif _UNTIL_BEFORE.search(before) or _UNTIL_AFTER.match(after):
                low = None
                if _BEFORE_WORD.search(before) or re.match(r"^\s*\S*\s*бұрын", after):
                    high = years[0] - 1
        lows.append(low)
        highs.append(high)
    year_from = None if any(v is None for v in lows) else min(v for v in lows if v is not None)
    year_to = None if any(v is None for v in highs) else max(v for v in highs if v is not None)
    return Years(year_from, year_to, spans)


# months by the stem people write them with, in en / ru / kk (folded Kazakh too)
_MONTH_STEMS = [
    (1, ("jan", "январ", "қаңтар", "кантар", "qantar", "qañtar")),
    (2, ("feb", "феврал", "ақпан", "акпан", "aqpan")),
    (3, ("mar", "март", "наурыз", "nauryz")),
    (4, ("apr", "апрел", "сәуір", "сауир", "sáuir", "sauir")),
    (5, ("may", "мая", "мае", "май", "мамыр", "mamyr")),
    (6, ("jun", "июн", "маусым", "mausym")),
    (7, ("jul", "июл", "шілде", "шилде", "shilde")),
    (8, ("aug", "август", "тамыз", "tamyz")),
    (9, ("sep", "сентябр", "қыркүйек", "кыркуиек", "qyrkúiek", "qyrkuiek")),
    (10, ("oct", "октябр", "қазан", "казан", "qazan")),
    (11, ("nov", "ноябр", "қараша", "караша", "qarasha")),
    (12, ("dec", "декабр", "желтоқсан", "желтоксан", "jeltoqsan")),
]
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
                if word in ("may", "march", "mar") and not _year_near(words, i):
                    break
                if _year_near(words, i):
                    return month
                break
    return None


def _year_near(words: list[str], i: int) -> bool:
    return any(w.isdigit() and 1900 <= int(w) <= 2100 for w in words[max(0, i - 3): i + 4])
