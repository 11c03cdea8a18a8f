"""Kazakh text helpers: letter folding, Latin-to-Cyrillic transliteration and a suffix stripper.

Kazakh is agglutinative and often typed without its own letters or in Latin script; these turn
all such spellings of one word into the same folded Cyrillic stem so they can be matched.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Kazakh-only letters folded to the nearest Russian ones (and ё/й folded too), so that text typed
# on a Russian keyboard matches: Қазақстан -> казакстан, қандай -> кандаи.
_FOLD = str.maketrans({
    "ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х", "і": "и",
    "ё": "е", "й": "и", "ь": None, "ъ": None,
})

KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
KAZAKH_LATIN_LETTERS = frozenset("ğşıäöüūñáǵńóúýçĞŞİÄÖÜŪÑÁǴŃÓÚÝÇ")

VOWELS = frozenset("аеиоуыэюяәөұүі")


def fold(word: str) -> str:
    """Lower-case and fold Kazakh letters: 'Қазақстанның' -> 'казакстаннын'."""
    return word.lower().translate(_FOLD)


# --- Latin -> Cyrillic (2021 alphabet, the 2018 acute alphabet and informal spellings) -------

_DIGRAPHS = [
    ("shch", "щ"), ("sh", "ш"), ("zh", "ж"), ("ch", "ч"), ("kh", "х"), ("gh", "ғ"), ("ts", "ц"),
    ("ya", "я"), ("yu", "ю"), ("ia", "ия"), ("yo", "ё"),
]
_SINGLE = {
    "a": "а", "ä": "ә", "á": "ә", "b": "б", "c": "с", "ç": "ч", "d": "д", "e": "е", "f": "ф",
    "g": "г", "ğ": "ғ", "ǵ": "ғ", "h": "х", "ı": "ы", "i": "і", "j": "ж", "k": "к", "l": "л",
    "m": "м", "n": "н", "ñ": "ң", "ń": "ң", "o": "о", "ö": "ө", "ó": "ө", "p": "п", "q": "қ",
    "r": "р", "s": "с", "ş": "ш", "t": "т", "u": "у", "ū": "ұ", "ú": "ұ", "ü": "ү", "v": "в",
    "w": "у", "x": "х", "y": "ы", "ý": "у", "z": "з", "'": "", "’": "",
}
_DIGRAPH_RE = re.compile("|".join(d for d, _ in _DIGRAPHS))
_DIGRAPH_MAP = dict(_DIGRAPHS)


@lru_cache(maxsize=20000)
def latin_to_cyrillic(word: str) -> str:
    """'Qazaqstannan' -> 'қазақстаннан', 'jyly' -> 'жылы', 'Qyrgyzstanda' -> 'қыргызстанда'."""
    word = word.lower()
    if word.endswith("ng"):
        word = word[:-2] + "ñ"
    word = _DIGRAPH_RE.sub(lambda m: "\0" + _DIGRAPH_MAP[m.group(0)] + "\0", word)
    out = []
    for part in word.split("\0"):
        if part and all("а" <= c <= "я" or c in "ёәғқңөұүһі" for c in part):
            out.append(part)
            continue
        chars = []
        for i, ch in enumerate(part):
            # y after a vowel is й (qandai/qanday), elsewhere ы (jyly, Qyrgyz)
            if ch == "y" and i > 0 and part[i - 1] in "aeiouäöüūı":
                chars.append("й")
            else:
                chars.append(_SINGLE.get(ch, ch))
        out.append("".join(chars))
    return "".join(out)


# --- suffix stripping (on folded Cyrillic) --------------------------------------------------

# A Kazakh noun is stem + derivation + plural + possessive + case; the suffixes are stripped in
# the opposite order, one slot at a time. Suffixes are folded (-ның -> -нын), which is harmless:
# the stems are only ever compared with stems of the lexicon folded the same way.
_CASE = (
    "нын", "нин", "дын", "дин", "тын", "тин",  # genitive
    "га", "ге", "ка", "ке", "на", "не", "а", "е",  # dative
    "ны", "ни", "ды", "ди", "ты", "ти", "н",  # accusative
    "да", "де", "та", "те", "нда", "нде",  # locative
    "дагы", "деги", "тагы", "теги", "ндагы", "ндеги",  # locative + -ғы ("in Kazakhstan" adj.)
    "дан", "ден", "тан", "тен", "нан", "нен",  # ablative
    "мен", "бен", "пен", "менен", "бенен", "пенен",  # instrumental
)
_POSSESSIVE = ("ым", "им", "ын", "ин", "ы", "и", "сы", "си", "ымыз", "имиз", "мыз", "миз",
               "ыныз", "иниз", "ныз", "низ")
_PLURAL = ("лар", "лер", "дар", "дер", "тар", "тер")
_DERIVATION = ("лык", "лик", "дык", "дик", "тык", "тик", "шы", "ши")
# verb forms a question uses: соғысып, соғысқан, соғысатын, соғысу (-ды/-ті past is in _CASE)
_VERB = ("ып", "ип", "ган", "ген", "кан", "кен", "атын", "етин", "итын", "у")
_VOICE = ("ыл", "ил")  # the passive: қайтарылған (returned, by someone) -> қайтар, as қайтарды
SLOTS = tuple(tuple(sorted(slot, key=len, reverse=True))
              for slot in (_CASE, _POSSESSIVE, _PLURAL, _DERIVATION, _VERB, _VOICE))

_V = frozenset("аеиоуыэюя")  # vowels after folding
_VOICELESS = frozenset("кпстфхцчшщ")
_VOICED = frozenset("бвгджзлмнр")


def _can_strip(word: str, suffix: str) -> bool:
    """Whether `suffix` may end `word`: Kazakh suffix harmony, roughly, on folded letters."""
    rest = word[: -len(suffix)]
    if len(rest) < 3 or not any(c in _V for c in rest):
        return False
    c, first = rest[-1], suffix[0]
    if suffix in ("тан", "тен") and c == "с":
        return False  # Қазақстан, Ауғанстан: -стан is the name, not an ablative
    if suffix in ("н", "на", "не", "нда", "нде", "ндагы", "ндеги"):
        return c in "ыи"  # only after a possessive: заңын, қаласында
    if suffix in ("ыл", "ил"):
        return c not in _V and len(rest) >= 4  # after a verb stem of some length: not жыл, ауыл
    if suffix in ("а", "е"):
        return c in "мн" and len(rest) >= 4  # after 1st/2nd person possessive
    if suffix == "у":
        return c not in _V and len(rest) >= 4  # verbal noun: соғысу
    if first == "н":
        return c in _V or c in "мн"
    if first in "дгб":
        return c in _V or c in _VOICED
    if first in "ткп":
        return c in _VOICELESS
    if first == "л":
        return c in _V or c in "рлуи"
    if first in "ыиае":
        return c not in _V
    if first == "с":
        return c in _V
    return True  # м, ш


def _strip_slot(word: str, slot: tuple[str, ...]) -> list[str]:
    return [word[: -len(s)] for s in slot if word.endswith(s) and _can_strip(word, s)]


@lru_cache(maxsize=50000)
def strip_candidates(word: str) -> frozenset[str]:
    """Every stem reachable by removing case, possessive, plural and derivation suffixes
    (each at most once, in that order) from a folded word; the word itself included."""
    forms = {word}
    for slot in SLOTS:
        forms |= {stem for form in forms for stem in _strip_slot(form, slot)}
    return frozenset(forms)


@lru_cache(maxsize=50000)
def stem(word: str) -> str:
    """The stem of a folded word, taking the longest suffix in each slot ('азаматтары' -> 'азамат')."""
    for slot in SLOTS:
        stems = _strip_slot(word, slot)
        if stems:
            word = stems[0]
    return word
