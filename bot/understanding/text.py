"""Tokens and their normal forms: the one normalisation shared by questions and store text.

Every word gets a set of candidate keys (folded full form, Russian/English Snowball stems (the
algorithms bot/languages/ names), the Russian dictionary lemma, Kazakh suffix-stripped stems,
Kazakh Latin transliterated); two words match when their sets intersect.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from bot.languages import LANGUAGES
from bot.understanding import kazakh
from bot.understanding.language import detect_language
from bot.understanding.stopwords import ALL_STOPWORDS, STOPWORDS


def _format_chars() -> str:
    """Unicode's format characters (category Cf: soft hyphen, zero-width space, joiners, word
    joiner, BOM, tags...): the planes where Unicode puts them, scanned once (~15 ms)."""
    planes = (range(0x20000), range(0xE0000, 0xE1000))
    return "".join(chr(c) for plane in planes for c in plane if unicodedata.category(chr(c)) == "Cf")


FORMAT_CHARS = _format_chars()
_DROP_FORMAT = dict.fromkeys(map(ord, FORMAT_CHARS))
_CF = "[" + re.escape(FORMAT_CHARS) + "]"
# A word (letters) or a number (digits); format characters inside one do not split it
# ("Ka\u200bzakhs", "Қазақ\u00adстан"): they are dropped from Token.text, while start/end keep
# counting in the text as given, so slicing it with them still works.
_TOKEN = re.compile(rf"[^\W\d_]+(?:{_CF}+[^\W\d_]+)*|\d+(?:{_CF}+\d+)*")


def drop_format_chars(text: str) -> str:
    """`text` without format characters (see FORMAT_CHARS); other characters untouched."""
    return text.translate(_DROP_FORMAT)


def _snowball(algorithm: str):  # noqa: ANN202 - PyStemmer's or snowballstemmer's stemmer
    try:  # PyStemmer: the Snowball algorithms compiled (the same stems, some fifty times faster)
        import Stemmer

        return Stemmer.Stemmer(algorithm)
    except ImportError:  # pragma: no cover - a platform without a PyStemmer wheel
        import snowballstemmer

        return snowballstemmer.stemmer(algorithm)


# each language's Snowball algorithm is in its module of bot/languages/ (Kazakh has none:
# kazakh.py strips its suffixes)
_SNOWBALL = {lang.code: _snowball(lang.stemmer) for lang in LANGUAGES if lang.stemmer}
_SCRIPT = {lang.code: lang.script for lang in LANGUAGES}
_RU, _EN = _SNOWBALL["ru"], _SNOWBALL["en"]  # tests/test_morphology.py compares them with pure Python
# a word whose language has no stemmer of its script is stemmed as the first language of that
# script that has one (Latin: English, Cyrillic: Russian)
_FIRST_STEMMER: dict[str, str] = {}
for _lang in LANGUAGES:
    if _lang.stemmer:
        _FIRST_STEMMER.setdefault(_lang.script, _lang.code)

# Russian endings of short names whose stem is under four letters (Индия -> Индии, Куба -> Кубе):
# those names match only in these explicit forms, so that "мало" never becomes Mali.
_RU_SHORT_PARADIGMS = {
    "ия": ("ия", "ии", "ию", "ией", "иеи"),
    "а": ("а", "ы", "и", "е", "у", "ои"),
    "я": ("я", "и", "е", "ю", "еи"),
}
MIN_STEM_KEY = 4  # a key shorter than this matches only as a whole word
MIN_NAME_STEM_KEY = 5  # ...and for place names (Канада's Kazakh "stem" кана must not match канала)


_CYRILLIC = re.compile("[\u0400-\u04ff]")


def is_cyrillic(word: str) -> bool:
    return _CYRILLIC.search(word) is not None


@lru_cache(maxsize=50000)
def ascii_fold(word: str) -> str:
    """'Türkiye' -> 'turkiye', 'ı' -> 'i' (Latin words only)."""
    word = word.lower().replace("ı", "i")
    return "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch))


@lru_cache(maxsize=50000)
def snowball_stem(word: str, lang: str) -> str:
    """The Snowball stem of a word in `lang` (a language with a stemmer), folded: a Cyrillic
    word lower-cased, ё and Kazakh letters folded; a Latin one with its accents dropped."""
    if _SCRIPT[lang] == "Cyrillic":
        return kazakh.fold(_SNOWBALL[lang].stemWord(word.lower().replace("ё", "е")))
    return _SNOWBALL[lang].stemWord(ascii_fold(word))


def ru_stem(word: str) -> str:
    """Snowball Russian stem of a word, folded."""
    return snowball_stem(word, "ru")


@lru_cache(maxsize=1)
def _morph():  # noqa: ANN202
    """pymorphy3's Russian analyser: its dictionaries take a while to load, so once, on first use."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=50000)
def ru_lemma(word: str) -> str | None:
    """The dictionary form of a Russian word, folded ('Индии' -> 'индия', 'Омана' -> 'оман',
    'Мали' -> 'мали', where Snowball gives 'инд', 'ома', 'мал'), or None for a word pymorphy3
    does not know (its guesses for Kazakh words are no Russian lemmas)."""
    morph, low = _morph(), word.lower()
    if not morph.word_is_known(low):  # a dictionary look-up, a twentieth of a parse
        return None
    parse = morph.parse(low)[0]
    return kazakh.fold(parse.normal_form) if parse.is_known else None


@lru_cache(maxsize=20000)
def ru_name_forms(word: str) -> frozenset[str]:
    """Every inflected form of a Russian proper noun as its nominative (Оман: Омана, Оману...;
    Мали: Мали only), folded; empty if the word is not a noun in that form."""
    low = word.lower()
    parses = [p for p in _morph().parse(low) if p.normal_form == low and "NOUN" in p.tag]
    if not parses:
        return frozenset()
    best = next((p for p in parses if "Geox" in p.tag), parses[0])
    return frozenset(kazakh.fold(form.word) for form in best.lexeme)


def en_stem(word: str) -> str:
    return snowball_stem(word, "en")


@lru_cache(maxsize=50000)
def kk_latin(word: str) -> str:
    """A Latin word read as Kazakh, transliterated and folded: 'Qazaqstannan' -> 'казакстаннан'."""
    return kazakh.fold(kazakh.latin_to_cyrillic(word))


@lru_cache(maxsize=50000)
def word_keys(word: str) -> frozenset[str]:
    """All candidate keys of a word as written in a question (any language, any spelling)."""
    if word.isdigit():
        return frozenset()
    if is_cyrillic(word):
        folded = kazakh.fold(word)
        keys = set(kazakh.strip_candidates(folded))
        ru = ru_stem(word)
        keys.add(ru)
        if not any(c in kazakh.KAZAKH_LETTERS for c in word):
            lemma = ru_lemma(word)
            if lemma:
                keys.add(lemma)
        # derived Russian forms: казахстанские -> казахстанск -> казахстан, казахстанцы -> казахстан
        for suffix in ("ск", "ц", "цк"):
            if ru.endswith(suffix) and len(ru) - len(suffix) >= MIN_STEM_KEY:
                keys.add(ru[: -len(suffix)])
        return frozenset(keys)
    low = ascii_fold(word)
    keys = {low, word.lower()}
    en = en_stem(word)
    keys.add(en)
    # derived English forms: Kazakhstani -> Kazakhstan, Syrian -> Syria, fighter -> fight
    if en.endswith("i") and len(en) > 5:
        keys.add(en[:-1])
    if low.endswith("ian") or low.endswith("ans"):
        keys.add(low[:-1] if low.endswith("ian") else low[:-2])
    if en.endswith("er") and len(en) > 5:
        keys.add(en[:-2])
    keys |= kazakh.strip_candidates(kk_latin(word))
    if "ı" in word or "I" in word[1:]:
        # the 2021 alphabet's ı (ы) is often typed for i (і): "jıberıldı" is "жіберілді"
        keys |= kazakh.strip_candidates(kk_latin(word.replace("ı", "i").replace("I", "i")))
    return frozenset(keys)


_RU_CONSONANT_FORMS = ("а", "у", "е", "ом", "ы")
# Kazakh case endings written straight onto a short name (Ош -> Ошта, Оштан, Ошқа), folded
_KK_SHORT_FORMS = ("да", "де", "та", "те", "дан", "ден", "тан", "тен", "нан", "нен", "га", "ге", "ка", "ке",
                   "на", "не", "дын", "дин", "тын", "тин", "нын", "нин", "ды", "ди", "ты", "ти", "ны", "ни",
                   "дагы", "деги", "тагы", "теги", "мен", "бен", "пен", "нда", "нде", "ндагы", "ндеги")


@lru_cache(maxsize=50000)
def entry_wholes(word: str, lang: str | None) -> frozenset[str]:
    """Whole forms of a lexicon word: as written (folded) and, for a name too short to stem
    safely, its inflected forms spelt out (Индия: Индии, Индию...; Ош: Оше, Ошу, Ошта...)."""
    if word.isdigit():
        return frozenset({word})
    if not is_cyrillic(word):
        out = {ascii_fold(word), word.lower()}
        if lang in ("kk", None):
            out.add(kk_latin(word))
        return frozenset(out)
    folded = kazakh.fold(word)
    out = {folded}
    ru = ru_stem(word)
    if lang in ("ru", None) and len(ru) < MIN_NAME_STEM_KEY:
        for ending, forms in _RU_SHORT_PARADIGMS.items():
            if folded.endswith(ending) and folded[: -len(ending)] == ru:
                out |= {ru + form for form in forms}
                break
        else:
            if folded == ru and folded[-1:] not in "аеиоуыэюя":
                out |= {folded + form for form in _RU_CONSONANT_FORMS}
        if word[:1].isupper():
            out |= ru_name_forms(word)  # a name pymorphy3 declines: Омана, Баткена
    if lang in ("kk", None) and len(folded) <= MIN_NAME_STEM_KEY:
        out |= {folded + form for form in _KK_SHORT_FORMS}
    return frozenset(out)


@lru_cache(maxsize=50000)
def entry_keys(word: str, lang: str | None) -> frozenset[str]:
    """The keys of a word of a lexicon entry (a place name, topic synonym...) in language `lang`
    (None: unknown): its whole forms plus the one stem of its language (if not too short)."""
    keys = set(entry_wholes(word, lang))
    if word.isdigit():
        return frozenset(keys)
    if is_cyrillic(word):
        folded = kazakh.fold(word)
        if lang in ("ru", None):
            ru = ru_stem(word)
            if len(ru) >= MIN_STEM_KEY:
                keys.add(ru)
            if not any(c in kazakh.KAZAKH_LETTERS for c in word):
                lemma = ru_lemma(word)
                if lemma and len(lemma) >= MIN_STEM_KEY:
                    keys.add(lemma)  # посадили -> посадить, as посадят
        if lang in ("kk", None):
            # a root of two letters (ал, өл) keys nothing: its longer stem does (алынды -> алын)
            stem = kazakh.stem_of_length(folded, MIN_STEM_KEY - 1)
            if len(stem) >= MIN_STEM_KEY - 1:
                keys.add(stem)
        return frozenset(keys)
    if lang in ("en", None):
        keys.add(en_stem(word))
    if lang in ("kk", None):
        keys.add(kazakh.stem(kk_latin(word)))
    return frozenset(keys)


def primary_stem(word: str, lang: str | None) -> str:
    """One normal form of a word for indexing text (terms): the stem of the text's language
    (Kazakh typed in either script too), else of the first language of the word's script."""
    cyrillic = is_cyrillic(word)
    if lang == "kk":
        return kazakh.stem(kazakh.fold(word) if cyrillic else kk_latin(word))
    script = "Cyrillic" if cyrillic else "Latin"
    own = lang if lang in _SNOWBALL and _SCRIPT[lang] == script else _FIRST_STEMMER[script]
    return snowball_stem(word, own)


class Token(NamedTuple):
    """One word or number of a text, with where it is and its normal forms. (A named tuple, not
    a frozen dataclass: every question builds a dozen, and a tuple is several times cheaper.)"""

    text: str  # as written
    start: int
    end: int
    folded: str  # lower-case, Kazakh letters folded (Latin: accents dropped)
    keys: frozenset[str]  # candidate keys (empty for numbers)
    is_number: bool
    is_upper: bool  # written in capitals (KZ, IS, ИГ)
    is_stopword: bool


def folded_form(word: str) -> str:
    """Lower-case, Kazakh letters folded (Cyrillic) or accents dropped (Latin)."""
    return kazakh.fold(word) if is_cyrillic(word) else ascii_fold(word)


@lru_cache(maxsize=50000)
def is_stop(word: str) -> bool:
    """Whether a word as written is a stopword of en, ru or kk (Kazakh Latin too)."""
    folded = folded_form(word)
    if folded in ALL_STOPWORDS:
        return True
    # Kazakh in Latin script: "qansha", "turaly" are stopwords once transliterated
    return not is_cyrillic(word) and kk_latin(word) in STOPWORDS["kk"]


@lru_cache(maxsize=50000)
def _word_facts(word: str) -> tuple[str, frozenset[str], bool, bool, bool]:
    """(folded, keys, is_number, is_upper, is_stopword) of one word: the costly part of
    tokenising, cached because analysts' vocabulary repeats from question to question."""
    number = word.isdigit()
    return (
        word if number else folded_form(word),
        word_keys(word) if not number else frozenset(),
        number,
        word.isupper() and len(word) > 1,
        not number and is_stop(word),
    )


def tokenise(text: str) -> list[Token]:
    """Words and numbers of a text, in order."""
    return list(_tokens(text))


@lru_cache(maxsize=256)
def _tokens(text: str) -> tuple[Token, ...]:
    """tokenise(), cached for a few recent texts: answering one question reads its words more
    than once (parsing, the words behind each match for /why, the terms), and Tokens are frozen."""
    tokens = []
    for m in _TOKEN.finditer(text):
        word = m.group(0)
        if m.end() - m.start() > 1 and not word.isalnum():  # a format character inside
            word = word.translate(_DROP_FORMAT)
        folded, keys, number, upper, stop = _word_facts(word)
        tokens.append(Token(text=word, start=m.start(), end=m.end(), folded=folded, keys=keys,
                            is_number=number, is_upper=upper, is_stopword=stop))
    return tuple(tokens)


def normalise_terms(text: str, lang: str | None = None) -> list[str]:
    """Content stems of a text, in order, stopwords and numbers dropped: the normalisation used
    for question terms, so answering can index law titles, provisions and summaries the same way.
    `lang` defaults to the language detected from the text."""
    return list(_normalised_terms(text, lang or detect_language(text)))


@lru_cache(maxsize=4096)
def _normalised_terms(text: str, lang: str | None) -> tuple[str, ...]:
    """normalise_terms, cached: a law question's text is normalised four times while it is
    ranked, and law titles and provisions recur from question to question."""
    return tuple(primary_stem(t.text, lang) for t in _tokens(text)
                 if not t.is_number and not t.is_stopword and len(t.folded) > 1)
