"""Who gives a spotted figure and as of when, when the sentence says so: "по данным КНБ …",
"according to the Interior Ministry", "ІІМ мәліметі бойынша"; "по состоянию на 1 марта 2024",
"as of March 2024", "2024 жылғы 1 наурыздағы жағдай бойынша". /review takes these over the
feed's name and the publication date, which are only guesses.
"""

from __future__ import annotations

import re

from bot.understanding.attribution import attributed_names

# month stems in en, ru and kk (lower case) -> month number; a stem matches a word's beginning
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
    "nov": 11, "dec": 12,
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "мая": 5, "май": 5, "июн": 6, "июл": 7, "август": 8,
    "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
    "қаңтар": 1, "ақпан": 2, "наурыз": 3, "сәуір": 4, "мамыр": 5, "маусым": 6, "шілде": 7, "тамыз": 8,
    "қыркүйек": 9, "қазан": 10, "қараша": 11, "желтоқсан": 12,
}
_MONTH_WORD = re.compile(r"[^\W\d_]+")
# "as of", "по состоянию на" come before the date; Kazakh "… жағдай бойынша" after it
_AS_OF_BEFORE = re.compile(r"(?i)(?<!\w)(?:as\s+(?:of|at)|по\s+состоянию\s+на|на\s+начало|на\s+конец)\s+")
_AS_OF_AFTER = re.compile(r"(?i)\s*(?:жағдай|ахуал)\s+бойынша")
_WINDOW = 40  # characters of date text beside the cue
_YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")
_DMY = re.compile(r"(?<!\d)(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)")
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})(?:-(\d{2}))?(?!\d)")
_KK_GENITIVE = re.compile(r"(?<=\w{4})(?:ның|нің|дың|дің|тың|тің)$")


def _month_at(text: str) -> tuple[int, int, int] | None:
    """(month, start, end) of the first month word in `text`."""
    for m in _MONTH_WORD.finditer(text):
        word = m.group(0).lower()
        for stem, number in _MONTHS.items():
            if word.startswith(stem) and (len(stem) > 3 or len(word) <= 9):
                return number, m.start(), m.end()
    return None


def _date_in(window: str) -> str | None:
    """The first date in a few words of text: '1 марта 2024', 'March 1, 2024', 'March 2024', '2024',
    '01.03.2024', '2024-03'; None without a year."""
    for pattern, order in ((_ISO, "ymd"), (_DMY, "dmy")):
        m = pattern.search(window)
        if m:
            parts = dict(zip(order, m.groups(), strict=True))
            out = parts["y"] + (f"-{int(parts['m']):02d}" if parts.get("m") else "")
            return out + (f"-{int(parts['d']):02d}" if parts.get("d") and parts.get("m") else "")
    year = _YEAR.search(window)
    if year is None:
        return None
    month = _month_at(window)
    if month is None or abs(month[1] - year.start()) > 25:
        return year.group(1)
    number, start, end = month
    day = re.search(r"(?<!\d)(\d{1,2})(?:-?(?:st|nd|rd|th|го|е|ші|шы|сі|сы))?\s*$", window[:start])
    if day is None:  # "March 1, 2024"
        day = re.match(r"\s*(\d{1,2})(?!\d)(?:st|nd|rd|th)?,?", window[end:])
    out = f"{year.group(1)}-{number:02d}"
    if day is not None and 1 <= int(day.group(1)) <= 31 and not _YEAR.fullmatch(day.group(1)):
        out += f"-{int(day.group(1)):02d}"
    return out


def as_of_in(sentence: str) -> str | None:
    """The date the sentence gives its figure as of, as YYYY[-MM[-DD]], or None."""
    text = sentence or ""
    for m in _AS_OF_BEFORE.finditer(text):
        found = _date_in(text[m.end():m.end() + _WINDOW])
        if found:
            return found
    for m in _AS_OF_AFTER.finditer(text):
        found = _date_in(text[max(0, m.start() - _WINDOW):m.start()])
        if found:
            return found
    return None


def _institution_extent(sentence: str, name: str) -> str:
    """'Комитета' of 'по данным Комитета национальной безопасности' -> the institution's whole name."""
    from bot.answering.estimators import _institution_patterns
    from bot.understanding.kazakh import fold

    folded, where = "", []  # folding drops ь and ъ: keep each folded letter's place in the sentence
    for i, ch in enumerate(sentence):
        f = fold(ch)
        folded += f
        where.extend([i] * len(f))
    where.append(len(sentence))
    at = sentence.find(name)
    for _group, phrases, _abbrev in _institution_patterns():
        if phrases is None:
            continue
        for m in phrases.finditer(folded):
            start, end = where[m.start()], where[m.end() - 1] + 1
            if start == at and end - start > len(name):
                return sentence[start:end]
    return name


def estimator_in(sentence: str) -> str | None:
    """Who the sentence credits with the figure, as written ('КНБ', 'Interior Ministry'), or None."""
    names = attributed_names(sentence or "")
    if not names:
        return None
    name = _institution_extent(sentence, names[0])
    words = name.split()
    if words and re.search(r"[әғқңөұүһі]", name.lower()):  # Kazakh genitive before "мәліметі": the body itself
        words[-1] = _KK_GENITIVE.sub("", words[-1])
    return " ".join(words) or None


__all__ = ["as_of_in", "estimator_in"]


def read_sentence(sentence: str) -> tuple[str | None, str | None]:
    """(the "as of" date, the estimator) the sentence states — the store's SentenceReader."""
    return as_of_in(sentence), estimator_in(sentence)
