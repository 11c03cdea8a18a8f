"""Figure spotting: sentences of a report that state a figure for a known place and topic
("около 300 казахстанцев воюют в Сирии", "more than 500 Uzbeks") become candidate estimates.

Deliberately cautious: dates, years, ages, durations, article/law/page/volume numbers, money,
phone numbers, times and ordinals are never taken; a figure needs a place (the gazetteer, demonyms
count) and a topic (its synonyms, in the sentence or a neighbour). Curators review every candidate.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from bot.languages import CODES
from bot.understanding import Lexicon, detect_language, parse
from bot.understanding.lexicon import Match
from bot.understanding.text import tokenise

MAX_SENTENCES = 400  # a long report: the figures that matter come early
MAX_SENTENCE_CHARS = 600


@dataclass(frozen=True)
class Candidate:
    """A figure as a sentence states it: exact `value`, or bounds `low` / `high` (both: a range)."""

    place: str
    topic: str
    value: float | int | None = None
    low: float | int | None = None
    high: float | int | None = None
    unit: str = "people"
    sentence: str = ""
    qualifier: str | None = None  # about | more-than | at-least | up-to | fewer-than | range
    language: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)


# --- the words around a number ------------------------------------------------------------

_NUM = r"\d{1,3}(?:(?:,|[ \u00a0\u202f])\d{3})+(?![\d])|\d+(?:[.,]\d+)?"
_NUMBER = re.compile(rf"(?<![\w.,:/+\-#№])({_NUM})")
_RANGE = re.compile(
    rf"(?<![\w.,:/+\-#№])(?:(?:from|between|от|с)\s+)?({_NUM})\s*(?:%|percent|процент\w*)?\s*"
    rf"(?:[-–—]|\s(?:to|and|до|по)\s|-?(?:ден|дан|нан|нен|тан|тен)\s)\s*({_NUM})(?![\w.,]\d)")
# masked before numbers are read: they hold digits that are never figures
_MASKS = [
    re.compile(r"https?://\S+|www\.\S+"),
    re.compile(r"\+\d[\d\s\-()]{7,}\d"),  # +7 701 123 45 67
    re.compile(r"\(?\b\d{3}\)?[\s-]\d{3}[\s-]\d{2}[\s-]?\d{2}\b"),  # (727) 123-45-67
    re.compile(r"\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b"),  # 03.11.2014
    re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),  # 2014-11-03
    re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\b"),  # 10:30
    re.compile(r"\b\d+(?:st|nd|rd|th)\b", re.I),  # 10th
    re.compile(r"\b\d+-(?:й|го|му|м|ом|ым|я|е|ая|ое|ий|ый|ой|ші|шы|інші|ынші)\b", re.I),  # 10-й, 10-шы
    re.compile(r"\b\d+-[A-ZА-Я]{1,4}\b"),  # No. 229-V (law numbers with a convocation)
]

_MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "январ", "феврал", "март", "апрел", "мая", "май", "июн", "июл", "август", "сентябр", "октябр", "ноябр",
    "декабр", "қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек", "қазан",
    "қараша", "желтоқсан",
)
# a word right after the number that makes it something other than a count
_AFTER_NOT = (
    # years, ages and durations
    "year", "yr", "-year", "years", "год", "года", "году", "лет", "г.", "гг", "жыл", "жас", "жаст", "жасар",
    "жасын", "жасқа", "month", "week", "day", "hour", "minute", "месяц", "недел", "дн", "день", "час", "минут",
    "ай", "апта", "күн", "сағат", "минут", "decade",
    # pages, money, time of day
    "page", "pp", "страниц", "стр", "бет", "листов",
    "dollar", "usd", "euro", "eur", "tenge", "kzt", "ruble", "rouble", "som", "доллар", "евро", "тенге", "теңге",
    "руб", "сом", "манат", "сум", "$", "€", "₸", "£",
    "a.m", "p.m", "am", "pm", "o'clock", "утра", "вечера",
    # volumes and ordinal-like counters
    "том", "шығарылым", "бап", "баб", "тармақ", "th", "st", "nd", "rd",
)
# a word right before the number that makes it an article, a page, a sum, an age...
_BEFORE_NOT = (
    "article", "articles", "art", "статья", "статьи", "статье", "статью", "статей", "ст", "пункт", "пункта",
    "п", "part", "часть", "части", "ч", "chapter", "глава", "главы", "section", "раздел", "paragraph", "clause",
    "no", "nos", "№", "#", "number", "номер", "нөмір", "нөмірлі", "law", "закон", "закона", "decree", "указ",
    "указа", "resolution", "постановление", "приказ", "бап", "бабы", "бабына",
    "page", "pages", "p", "pp", "стр", "страница", "страницы", "с", "бет",
    "vol", "volume", "issue", "т", "вып", "выпуск", "том",
    "aged", "age", "ages", "возрасте", "возраст", "жасы", "жаста",
    "$", "€", "£", "₸", "usd", "eur", "kzt", "rub",
    "at", "в",  # "at 10", "в 10" (a time, when nothing else follows) — checked with _time_like
    "over",  # placeholder: removed below (a qualifier, not an exclusion)
)
_BEFORE_NOT = tuple(w for w in _BEFORE_NOT if w not in ("at", "в", "over"))

_MULTIPLIERS = (("thousand", 1000), ("тысяч", 1000), ("тыс", 1000), ("мың", 1000),
                ("million", 1_000_000), ("миллион", 1_000_000), ("млн", 1_000_000))
_PERCENT = re.compile(r"^\s*(?:%|percent\b|per\s+cent\b|процент\w*|пайыз\w*)", re.I)

# qualifiers that come before the number, longest first
_BEFORE_QUALIFIERS = [
    ("more than", "more-than"), ("over", "more-than"), ("above", "more-than"), ("in excess of", "more-than"),
    ("upwards of", "more-than"), ("at least", "at-least"), ("no fewer than", "at-least"), ("no less than", "at-least"),
    ("up to", "up-to"), ("as many as", "up-to"), ("fewer than", "fewer-than"), ("less than", "fewer-than"),
    ("under", "fewer-than"), ("at most", "up-to"), ("no more than", "up-to"),
    ("about", "about"), ("around", "about"), ("some", "about"), ("approximately", "about"), ("roughly", "about"),
    ("nearly", "about"), ("almost", "about"), ("an estimated", "about"), ("estimated", "about"), ("~", "about"),
    ("более чем", "more-than"), ("более", "more-than"), ("свыше", "more-than"), ("больше", "more-than"),
    ("не менее чем", "at-least"), ("не менее", "at-least"), ("как минимум", "at-least"), ("минимум", "at-least"),
    ("не более чем", "up-to"), ("не более", "up-to"), ("до", "up-to"), ("максимум", "up-to"),
    ("менее чем", "fewer-than"), ("менее", "fewer-than"), ("меньше", "fewer-than"),
    ("около", "about"), ("примерно", "about"), ("приблизительно", "about"), ("порядка", "about"),
    ("почти", "about"), ("около", "about"), ("шамамен", "about"), ("кем дегенде", "at-least"),
    ("кемінде", "at-least"),
]
# Kazakh puts them after the number, with a case ending: "300-ге жуық", "500-ден астам", "80%-ға дейін"
_AFTER_QUALIFIERS = [
    (re.compile(r"^%?-?(?:ге|ға|ке|қа|не|на)?\s+жуық\b"), "about"),
    (re.compile(r"^%?-?(?:дей|дай|тей|тай)\b"), "about"),
    (re.compile(r"^\s*шақты\b"), "about"),
    (re.compile(r"^%?-?(?:ден|дан|нан|нен|тан|тен)\s+(?:астам|артық|көп|аса)\b"), "more-than"),
    (re.compile(r"^%?-?(?:ден|дан|нан|нен|тан|тен)\s+(?:кем|аз)\b"), "fewer-than"),
    (re.compile(r"^%?-?(?:ге|ға|ке|қа|не|на)\s+дейін"), "up-to"),
    (re.compile(r"^\s*(?:or more|and more|plus|\+)\b"), "more-than"),
    (re.compile(r"^\s*(?:и более|или более)\b"), "more-than"),
]
_KK_CASE = re.compile(r"^-?(?:ге|ға|ке|қа|не|на|ден|дан|нан|нен|тан|тен|дей|дай|тей|тай|ы|і|сы|сі|ның|нің|дың|"
                      r"дің|тың|тің|да|де|та|те|ында|інде|ға|ти|и|х|ми|ью|ти)\b")
_KK_ABLATIVE = ("нан", "нен", "дан", "ден", "тан", "тен")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[«\"“(]?[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ0-9])|\n\s*\n|\n(?=\s*[-•*])")
_ABBREVIATION = re.compile(r"(?:\b(?:No|no|vol|Vol|art|Art|p|pp|ст|т|вып|г|гг|им|ул|стр|п|ч|Mr|Dr|St)\.)$")


def split_sentences(text: str) -> list[str]:
    """Sentences of a text, keeping "No. 229" and "ст. 255" whole."""
    parts: list[str] = []
    for piece in _SENTENCE_END.split(text or ""):
        piece = " ".join(piece.split())
        if not piece:
            continue
        if parts and _ABBREVIATION.search(parts[-1]):
            parts[-1] = f"{parts[-1]} {piece}"
        else:
            parts.append(piece)
    return parts


def _mask(sentence: str) -> str:
    for pattern in _MASKS:
        sentence = pattern.sub(lambda m: " " * len(m.group(0)), sentence)
    return sentence


def _to_number(text: str) -> float | int:
    t = text.replace("\u00a0", " ").replace("\u202f", " ")
    if re.fullmatch(r"\d{1,3}(?:[, ]\d{3})+", t):
        return int(re.sub(r"[, ]", "", t))
    f = float(t.replace(",", "."))
    return int(f) if f.is_integer() else f


def _whole(x: float | int) -> float | int:
    return int(x) if float(x).is_integer() else x


def _first_word(after: str) -> str:
    m = re.match(r"\s*-?\s*([^\s,;:()«»\"]+)", after)
    return m.group(1).lower().rstrip(".") if m else ""


def _last_word(before: str) -> str:
    m = re.search(r"([^\s,;:()«»\"]+)\s*$", before)
    return m.group(1).lower().rstrip(".") if m else ""


def _is_year(text: str, value: float | int) -> bool:
    return isinstance(value, int) and re.fullmatch(r"\d{4}", text) is not None and 1900 <= value <= 2100


def _excluded(before: str, after: str) -> bool:
    """Is the number a date, an age, a duration, an article/page/volume number, money, a time?"""
    head = _first_word(after)
    prev = _last_word(before)
    if after[:1] == "-" and not _KK_CASE.match(after) and not _PERCENT.match(after[1:]):
        return True  # 255-бап, 229-V, 19-year-old: a suffix that is no case ending
    if any(head.startswith(w) for w in _MONTHS) or any(prev.startswith(w) for w in _MONTHS if len(w) > 3):
        return True
    if head.startswith(_AFTER_NOT) or head.lstrip("-").startswith(_AFTER_NOT):
        return True
    if prev in _BEFORE_NOT or prev.rstrip(".") in _BEFORE_NOT or before.rstrip().endswith(("$", "€", "£", "₸", "№", "#")):
        return True
    for word, _ in _MULTIPLIERS:  # "2 million dollars", "5 млн тенге"
        if head.startswith(word):
            rest = after.lower().split(None, 2)
            if len(rest) > 1 and rest[1].startswith(_AFTER_NOT):
                return True
    if re.match(r"\s*(?:years?|лет|жас)\b", after, re.I):
        return True
    return False


def _qualifier(before: str, after: str) -> str | None:
    tail = before.lower().rstrip()
    for phrase, kind in _BEFORE_QUALIFIERS:
        if tail.endswith(phrase) and (len(tail) == len(phrase) or not tail[-len(phrase) - 1].isalnum()):
            return kind
    low_after = after.lower()
    for pattern, kind in _AFTER_QUALIFIERS:
        if pattern.match(low_after):
            return kind
    return None


def _multiplier(after: str) -> int:
    head = _first_word(after)
    for word, factor in _MULTIPLIERS:
        if head.startswith(word):
            return factor
    return 1


@dataclass
class _Figure:
    start: int
    end: int
    value: float | int | None = None
    low: float | int | None = None
    high: float | int | None = None
    percent: bool = False
    qualifier: str | None = None


def _figures(sentence: str) -> list[_Figure]:
    masked = _mask(sentence)
    out: list[_Figure] = []
    taken: list[tuple[int, int]] = []
    for m in _RANGE.finditer(masked):
        a, b = _to_number(m.group(1)), _to_number(m.group(2))
        before, after = masked[:m.start()], masked[m.end():]
        if _is_year(m.group(1), a) or _is_year(m.group(2), b) or _excluded(before, after):
            taken.append(m.span())
            continue
        if a >= b:
            continue
        factor = _multiplier(after)
        out.append(_Figure(m.start(), m.end(), low=_whole(a * factor), high=_whole(b * factor),
                           percent=bool(_PERCENT.match(after)) or "%" in m.group(0), qualifier="range"))
        taken.append(m.span())
    for m in _NUMBER.finditer(masked):
        if any(s <= m.start() < e for s, e in taken):
            continue
        text = m.group(1)
        value = _to_number(text)
        before, after = masked[:m.start()], masked[m.end():]
        if _is_year(text, value) or _excluded(before, after):
            continue
        percent = bool(_PERCENT.match(after)) or bool(re.match(r"^-?(?:ти|и)?\s*(?:%|процент|пайыз)", after))
        qualifier = _qualifier(before, after)
        value = _whole(value * _multiplier(after))
        fig = _Figure(m.start(), m.end(), percent=percent, qualifier=qualifier)
        if qualifier in ("more-than", "at-least"):
            fig.low = value
        elif qualifier in ("up-to", "fewer-than"):
            fig.high = value
        else:
            fig.value = value
        out.append(fig)
    return sorted(out, key=lambda f: f.start)


# --- places and topics around a figure ----------------------------------------------------

def _place_spans(sentence: str, lexicon: Lexicon) -> list[tuple[int, int, str, str]]:
    """(start, end, code, the words) of each place named in the sentence, by character."""
    tokens = tokenise(sentence)
    out = []
    m: Match
    for m in lexicon.names.scan(tokens):
        if m.payload[0] == "place":
            start, end = tokens[m.start].start, tokens[m.end - 1].end
            out.append((start, end, m.payload[1], sentence[start:end]))
    return out


def _topic_spans(sentence: str, lexicon: Lexicon) -> list[tuple[int, str]]:
    tokens = tokenise(sentence)
    return [(tokens[m.start].start, m.payload[1]) for m in lexicon.topics.scan(tokens) if m.payload[0] == "topic"]


def _place_for(fig: _Figure, sentence: str, places: list[tuple[int, int, str, str]], theatres: set[str]) -> str | None:
    origins = [p for p in places if p[2] not in theatres]
    # Kazakh ablative right before: "Қазақстаннан 250"
    for _start, end, code, words in origins:
        if 0 <= fig.start - end <= 3 and words.lower().endswith(_KK_ABLATIVE):
            return code
    # right after, nothing numeric between: "300 Kazakhstanis", "500-ден астам өзбекстандық", "10 from Osh"
    following = [p for p in origins if p[0] >= fig.end and p[0] - fig.end <= 40
                 and not re.search(r"\d", sentence[fig.end:p[0]])]
    if following:
        return min(following, key=lambda p: p[0])[2]
    # before it, nothing numeric between: "Kazakhstan has about 300 citizens fighting"
    preceding = [p for p in origins if p[1] <= fig.start and not re.search(r"\d", sentence[p[1]:fig.start])]
    if preceding:
        return max(preceding, key=lambda p: p[1])[2]
    return None


def _topic_for(fig: _Figure, topics: list[tuple[int, str]], fallback: list[str], units: dict[str, str]) -> str | None:
    keys = [k for _, k in sorted(topics, key=lambda t: abs(t[0] - fig.start))] + list(fallback)
    if not keys:
        return None
    if fig.percent:  # a share goes to a topic counted in percent, when the sentence names one
        for k in keys:
            if units.get(k) == "percent":
                return k
    else:
        for k in keys:
            if units.get(k) not in ("percent", "years"):
                return k
    return keys[0]


def _unit(fig: _Figure, topic: str, units: dict[str, str]) -> str:
    if fig.percent:
        return "percent"
    unit = units.get(topic, "people")
    return "people" if unit in ("percent", "years") else unit


def _sentence_topics(sentence: str, lexicon: Lexicon) -> tuple[tuple[str, ...], tuple[str, ...]]:
    q = parse(sentence, lexicon)
    return tuple(q.topics), tuple(q.theatres)


def spot_figures(report_text: str, lexicon: Lexicon, lang: str | None = None, *,
                 units: dict[str, str] | None = None) -> list[Candidate]:
    """Candidate estimates in a report's text (title + summary + text). `units`: topic -> the unit
    its estimates use (from the store), so a bare count of a topic in "events" stays in events."""
    units = units or {}
    sentences = split_sentences(report_text)[:MAX_SENTENCES]
    parsed = [_sentence_topics(s[:MAX_SENTENCE_CHARS], lexicon) for s in sentences]
    out: list[Candidate] = []
    seen: set[tuple] = set()
    for i, sentence in enumerate(sentences):
        sentence = sentence[:MAX_SENTENCE_CHARS]
        if not re.search(r"\d", sentence):
            continue
        figures = _figures(sentence)
        if not figures:
            continue
        places = _place_spans(sentence, lexicon)
        if not places:
            continue
        topics_here, theatres = parsed[i]
        topic_spans = _topic_spans(sentence, lexicon)
        # a topic named in a neighbouring sentence counts when this one names none
        fallback = list(topics_here)
        if not fallback and not topic_spans:
            for j in (i - 1, i + 1):
                if 0 <= j < len(parsed):
                    fallback.extend(t for t in parsed[j][0] if t not in fallback)
        language = lang if lang in CODES else detect_language(sentence)
        for fig in figures:
            place = _place_for(fig, sentence, places, set(theatres))
            topic = _topic_for(fig, topic_spans, fallback, units) if place else None
            if not place or not topic:
                continue
            cand = Candidate(place=place, topic=topic, value=fig.value, low=fig.low, high=fig.high,
                             unit=_unit(fig, topic, units), sentence=sentence, qualifier=fig.qualifier,
                             language=language)
            key = (cand.place, cand.topic, cand.value, cand.low, cand.high, cand.unit)
            if key not in seen:
                seen.add(key)
                out.append(cand)
    return out


__all__ = ["Candidate", "spot_figures", "split_sentences"]
