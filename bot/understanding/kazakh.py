"""Kazakh text helpers: letter folding, Latin-to-Cyrillic transliteration and a suffix stripper.

Kazakh is agglutinative and often typed without its own letters or in Latin script; these turn
all such spellings of one word into the same folded Cyrillic stem so they can be matched.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.languages import BY_CODE

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
#
# A Kazakh noun is stem + derivation + plural + possessive + case, a verb is root + voice +
# negation + tense or participle (+ the noun endings a participle takes); the suffixes are
# stripped from the end, one slot at a time. Suffixes are folded (-ның -> -нын), which is
# harmless: stems are only ever compared with stems folded the same way. The result is a key,
# not a dictionary form: a final б, г (ғ) is made voiceless, as a Kazakh stem is spelt before a
# consonant or at the end (кітабы -> китап, бөлігі -> болик), a final -ст is spelt -с, as Kazakh
# spells it before a т-suffix (экстремистер, экстремистік -> экстремис), and see _spelt. The gold
# list tests/data/kazakh_lemmas.tsv measures how often this agrees with a hand-checked stem
# (python -m tests.understanding.test_morphology prints it).

_V = frozenset("аеиоуыэюя")  # vowels after folding (и is also й, у also the consonant у)
_VOICELESS = frozenset("кпстфхцчшщ")
_VOICED = frozenset("бвгджзлмнр")
_DEVOICE = {"б": "п", "г": "к"}  # folded: ғ is г, қ is к


# Words whose ending only looks like a suffix (bot/languages/kk.py: Language.unsuffixed):
# stripping stops as soon as what is left is one of them.
WHOLE = frozenset(fold(w) for w in BY_CODE["kk"].unsuffixed)

# Noun endings, outermost first. Case (and the present and past of verbs, which look alike):
_CASE = (
    "нын", "нин", "дын", "дин", "тын", "тин",  # genitive
    "га", "ге", "ка", "ке", "на", "не",  # dative
    "ны", "ни", "ды", "ди", "ты", "ти", "н",  # accusative; -ды/-ты is also the past of a verb
    "да", "де", "та", "те", "нда", "нде",  # locative
    "дагы", "деги", "тагы", "теги", "ндагы", "ндеги",  # locative + -ғы ("in Kazakhstan" adj.)
    "дан", "ден", "тан", "тен", "нан", "нен",  # ablative
    "мен", "бен", "пен", "менен", "бенен", "пенен",  # instrumental
    "нша", "нше",  # manner, after a possessive: бағалауынша, пікірінше
    "ады", "еди", "иды", "иди",  # present tense: береді, анықтайды
    "амын", "емин", "имын", "имин",  # ... first person: беремін, білмеймін
)
_POSSESSIVE = ("ы", "и", "сы", "си", "ымыз", "имиз", "мыз", "миз", "ыныз", "иниз", "ныз", "низ",
               "гы", "ги", "кы", "ки")  # -ғы/-қы (жылғы, сыртқы) ends a word where -ы would
_PLURAL = ("лар", "лер", "дар", "дер", "тар", "тер")
_DERIVATION = ("лык", "лик", "дык", "дик", "тык", "тик", "шылык", "шилик", "шы", "ши",
               "гы", "ги", "кы", "ки",  # -ғы after a possessive (соңғысы) or a locative (-дағылар)
               "ынши", "инши", "нши",  # ordinal: бесінші, екінші
               "ырак", "ирек", "рак", "рек")  # comparative: көбірек
# Verb forms a question uses: соғысқан, соғысатын, соғысып, соғысу (-ды and -ады are in _CASE)
_VERB = ("ган", "ген", "кан", "кен", "атын", "етин", "итын", "итин", "у")
_NEGATION = ("ма", "ме", "ба", "бе", "па", "пе")
# The passive (and reflexive): қайтарылған, салынған, ұсталған, жарияланған
_VOICE = ("ыл", "ил", "ын", "ин", "л", "н")

_ABSTRACT = frozenset(("лык", "лик", "дык", "дик", "тык", "тик", "шылык", "шилик"))
_PAST = frozenset(("ды", "ди", "ты", "ти"))
_FINITE = frozenset(("ады", "еди", "иды", "иди", "амын", "емин", "имын", "имин"))


def _room(rest: str) -> bool:
    """Enough is left for a stem: three letters with a vowel, or a vowel and a consonant (ел, іс,
    үй: a folded и after a vowel is й)."""
    if len(rest) >= 3:
        return any(c in _V for c in rest)
    return len(rest) == 2 and rest[0] in _V and (rest[1] not in _V or rest[1] == "и" and rest[0] != "и")


def _devoice(word: str) -> str:
    return word[:-1] + _DEVOICE[word[-1]] if word[-1:] in _DEVOICE else word


def _after_consonant(c: str, first: str) -> bool:
    """Whether a suffix starting with `first` may follow the letter `c` (Kazakh assimilation)."""
    if first == "т" or first in "кп":
        return c in _VOICELESS or c in _DEVOICE or c == "в"  # никабқа, активтер: б, в said п, ф
    if first in "дгб":
        return c in _V or c in _VOICED or c in "уи"
    if first == "л":
        return c in _V or c in "руи"
    return True


def _case_fits(rest: str, suffix: str) -> bool:
    c, first = rest[-1], suffix[0]
    if suffix in ("тан", "тен") and c == "с":
        return False  # Қазақстан, Ауғанстан: -стан is the name, not an ablative
    if suffix in ("н", "на", "не", "нда", "нде", "ндагы", "ндеги", "нша", "нше"):
        return c in "ыи"  # only after a possessive: заңын, қаласында
    if suffix in ("нын", "нин", "ны", "ни") and len(rest) >= 4 and rest not in WHOLE and _participle(rest + "н"):
        return False  # тапқанын, істейтінін, насихаттағаны: -ған-ы(н), not a genitive or accusative
    if first == "н":
        return c in _V and c != "у" or c in "мн"  # after у: Атыраудың, not -ның
    if suffix in ("дын", "дин", "ды", "ди"):
        return c in _VOICED or c in "уи" or (suffix in ("ды", "ди") and c in _V)  # бағалады
    if suffix in ("ады", "еди") and len(rest) >= 3 and rest[-1] in "дтмбп" and rest[-2] not in _V:
        return False  # соттады, мәлімдеді, келмеді: сотта-ды (past), not сотт-ады (present)
    if suffix in ("ады", "еди", "амын", "емин"):
        return c not in _V
    if suffix in ("иды", "иди", "имын", "имин"):
        # -йды after a vowel-final verb (анықтайды, білмеймін); азайды, көбейді are азай-ды
        return c in "ае" and (len(rest) >= 4 and rest[-2] in "лдтс" or len(rest) >= 5 and rest[-2:] in _NEGATION)
    if suffix in ("мен", "менен"):
        return c in _V or c in "мнлр"
    if suffix in ("бен", "бенен"):
        return c in "зж"
    return _after_consonant(c, first)


def _participle(word: str) -> bool:
    """Whether a word ends in a participle (-ған, -йтын) after a plausible verb stem (-атын is
    left out: газетінің, комитетінің are nouns in -ет)."""
    for s in ("ган", "ген", "кан", "кен", "итын", "итин"):
        if word.endswith(s) and _room(word[: -len(s)]) and _verb_fits(word[: -len(s)], s):
            return True
    return False


def _possessive_fits(rest: str, suffix: str) -> bool:
    c = rest[-1]
    if suffix in ("ы", "и") and c == "ш" and (rest[-2] not in _V or rest[-2] == "у" and len(rest) >= 5):
        return False  # жиһадшы, бірінші, бағалаушы: the agent and ordinal -шы (but күші, көрсеткіші)
    if suffix in ("ы", "и", "ымыз", "имиз", "ыныз", "иниз"):
        # қаруы, бағалауы; қойыңыз (a folded и before -ыңыз is й)
        return c not in _V or (suffix in ("ы", "и") and c == "у") or (suffix in ("ыныз", "иниз") and c == "и")
    if suffix in ("сы", "си"):
        if len(rest) == 2 and rest[1] in _V:
            return True  # иесі
        if c not in _V or rest + "с" in WHOLE:
            return False  # үлесі is үлес-і, not үле-сі
        if c in "ыи" and rest not in WHOLE:
            # облысы is облыс-ы, not облы-сы; but жиһадшысы, соңғысы: -шы, -ғы before -сы
            return rest[-2:] in ("шы", "ши") or (rest[-2:] in ("гы", "ги", "кы", "ки") and rest[-3:-2] not in _V)
        return True
    if suffix in ("гы", "ги"):
        return c in _VOICED and c not in "бг"  # жылғы, соңғы (бөлігі is бөлік-і)
    if suffix in ("кы", "ки"):
        return c in _VOICELESS
    return c in _V  # -мыз, -ңыз after a vowel


def _derivation_fits(rest: str, suffix: str) -> bool:
    c, first = rest[-1], suffix[0]
    if suffix in ("шы", "ши", "шылык", "шилик"):
        return len(rest) >= 3
    if suffix in ("ынши", "инши", "ырак", "ирек"):
        return c not in _V
    if suffix in ("нши", "рак", "рек"):
        return c in _V and len(rest) >= 3
    if suffix in ("гы", "ги", "кы", "ки"):
        if rest[-2:] in ("да", "де", "та", "те"):
            return True  # -дағы made a noun (түрмедегілер); the locative goes next
        return (c in _VOICED and c not in "бг") if first == "г" else c in _VOICELESS
    if len(rest) < 3:
        return False  # халық, билік: -лық only after a stem of three letters
    if first == "л":
        return c in _V or c in "ри"
    if first == "д":
        return c in _VOICED
    return c in _VOICELESS or c in _DEVOICE


def _verb_fits(rest: str, suffix: str) -> bool:
    c = rest[-1]
    if suffix == "у":
        if c in _V:
            return c in "ае" and len(rest) >= 4  # бағалау, тіркеу
        return True
    if suffix in ("итын", "итин"):
        return c in "ае"  # -йтын: істейтін
    if suffix in ("ган", "ген"):
        return c in _V or c in _VOICED or c in "уи"
    if suffix in ("кан", "кен"):
        return c in _VOICELESS or c in _DEVOICE
    return c not in _V  # -атын, -ып


def _converb(word: str) -> str | None:
    """The root of a word-final converb: соғысып, дайындап (not тақырып, кітап, талап)."""
    if word.endswith(("ып", "ип")) and _room(word[:-2]) and word[-3] not in _V:
        return word[:-2]
    if word.endswith("п") and len(word) >= 5 and word[-2] in "ае" and word[-3] in "лдт" \
            and word[-4] not in _V:
        return word[:-1]
    return None


def _voice_fits(rest: str, suffix: str, strong: bool) -> bool:
    c = rest[-1]
    if suffix in ("ыл", "ил"):
        # after a consonant (й folds to и): қайтарылды, жабылған, жойылған
        return (c not in _V or c == "и") and c != "л" and _room(rest)
    if suffix in ("ын", "ин"):
        return c == "л"  # after л: салынған, алынды
    if len(rest) < 4:
        return False
    if suffix == "н":
        # after -ла/-лда: жарияланған, қабылданды (not аудан, Ауғанстан)
        return rest[-2:] in ("ла", "ле") or rest[-3:] in ("лда", "лде")
    # -л after a vowel: ұсталған, сотталды; after an ambiguous -ды only where the stem reads as a
    # verb in -ла/-да/-та (ұстал-ды, not материал-ды)
    if c not in _V or c == "у":
        return False
    if strong:
        return rest[-2] not in "нг"  # not айнал-, қозғал-, which are roots
    return c in "ае" and rest[-2] in "лдтгк" and rest[-3] not in _V


# slots where a rest that is a known whole word wins over a longer suffix (ресей-ді, not ресе-йді)
_PREFER_WHOLE = (_case_fits, _possessive_fits, _derivation_fits)


def _take(word: str, suffixes: tuple[str, ...], fits) -> tuple[str, str] | None:  # noqa: ANN001
    """The (rest, suffix) for the best suffix of a slot: one leaving a known whole word first,
    then the longest. A rest left by a vowel-initial suffix is devoiced (кітаб-ы -> кітап)."""
    best = None
    for s in suffixes:
        if not word.endswith(s) or len(word) <= len(s):
            continue
        rest = word[: -len(s)]
        if not _room(rest) or not fits(rest, s):
            continue
        if s[0] in _V:
            rest = _devoice(rest)
        rank = (rest in WHOLE and fits in _PREFER_WHOLE, len(s))
        if best is None or rank > best[0]:
            best = (rank, rest, s)
    return (best[1], best[2]) if best else None


def _nominal(word: str, chain: list[str]) -> tuple[str, str | None, str | None, str | None]:
    """Case, possessive and plural; returns (rest, the case suffix taken, the possessive, the plural)."""
    case = poss = plural = None
    for suffixes, fits in ((_CASE, _case_fits), (_POSSESSIVE, _possessive_fits), (_PLURAL, _after_plural)):
        if word in WHOLE:
            break
        taken = _take(word, suffixes, fits)
        if taken:
            word, suffix = taken
            chain.append(word)
            if suffixes is _CASE:
                case = suffix
            elif suffixes is _POSSESSIVE:
                poss = suffix
            else:
                plural = suffix
            if suffix in _FINITE:
                break  # a verb: no possessive or plural
    return word, case, poss, plural


def _after_plural(rest: str, suffix: str) -> bool:
    c = rest[-1]
    if suffix[0] == "л":
        return c in _V or c in "руи"
    if suffix[0] == "д":
        return c in _VOICED and c not in "р"
    return c in _VOICELESS or c in _DEVOICE or c == "в"



def _chain(word: str) -> list[str]:
    """The successive stems of a folded word, the word first and its stem last."""
    chain = [word]
    if word in WHOLE:
        return chain
    root = _converb(word)
    if root is None and word.endswith("итын") and len(word) >= 7 and word[-5] not in _V:
        root = word[:-4] + "ы"  # қамтитын, оқитын: a root in -ы before -йтын is spelt -итын
    if root is None and word.endswith(("атын", "етин", "итын", "итин")):
        # беретін is бер-етін, not берет-і-н; but қызметін, мемлекетін are nouns in -ет
        taken = _take(word, _VERB, _verb_fits)
        root = taken[0] if taken and taken[0][-1] not in "мкхг" else None
    if root is not None:
        chain.append(root)
        return _verbal(root, chain, strong=True, weak=False)
    word, case, poss, plural = _nominal(word, chain)
    # -лық makes adjectives (қазақстандық, мемлекеттік) and names of people (қазақстандықтар), which
    # are read as their stem; with a possessive it is an abstract noun of its own (азаматтығы,
    # citizenship, is not азамат, a citizen; министрлігі, a ministry, is not a minister)
    abstract = poss is not None and poss not in ("гы", "ги", "кы", "ки")
    strong = case in _FINITE or (case in _PAST and len(chain) > 1 and chain[-1][-1] in _V
                                 and chain[-1][-1] != "у")
    weak = case in _PAST
    for _ in range(2):  # -лық then -шы (басшылық), or -ғы then a locative (түрмедегілер)
        if word in WHOLE or case in _FINITE:
            break
        taken = _take(word, _DERIVATION, _derivation_fits)
        if taken and abstract and taken[1] in _ABSTRACT:
            break
        if taken and plural and taken[1] in ("гы", "ги", "кы", "ки") and taken[0][-2:] in ("да", "де", "та", "те"):
            break  # -дағылар names people (түрмедегілер, inmates; колониядағылар), not the place
        if not taken:
            break
        word, suffix = taken
        chain.append(word)
        if suffix in ("гы", "ги", "кы", "ки") and word[-2:] in ("да", "де", "та", "те"):
            word, case, poss, plural = _nominal(word, chain)
    if word not in WHOLE and case not in _FINITE:
        taken = _take(word, _VERB, _verb_fits)
        if taken:
            word = taken[0]
            chain.append(word)
            strong = True
    return _verbal(word, chain, strong, weak)


def _verbal(word: str, chain: list[str], strong: bool, weak: bool) -> list[str]:
    """Negation and voice, once a verb ending was taken (strong) or a -ды that may be one."""
    if strong and word not in WHOLE:
        taken = _take(word, _NEGATION, lambda rest, s: True)
        if taken:
            word = taken[0]
            chain.append(word)
    if (strong or weak) and word not in WHOLE:
        taken = _take(word, _VOICE, lambda rest, s: _voice_fits(rest, s, strong))
        if taken:
            word = taken[0]
            chain.append(word)
    return chain


def _spelt(stem: str, stripped: bool) -> str:
    """A stem spelt as a key: the final б, г voiceless, a final -ст as -с, a loan's epenthetic і
    dropped (актілер -> акт), and the high vowel of a final -лық, -рық that Kazakh drops before
    a vowel left out (халық, халқы -> халк; мүлік, мүлкі -> мулк). Not in -лын, -рын: алын-,
    салын- are passive stems, not elided nouns."""
    if stripped and len(stem) >= 4 and stem.endswith("кти") and stem[-4] in "аеоу":
        stem = stem[:-1]
    stem = _devoice(stem)
    if stem.endswith("ст") and len(stem) > 4:
        stem = stem[:-1]
    elif len(stem) >= 4 and stem[-3] in "лр" and stem[-2] in "ыи" and stem[-1] == "к":
        stem = stem[:-2] + stem[-1]
    return stem


def lemma_key(lemma: str) -> str:
    """The key of a word in its dictionary form (the stem the stripper should give its forms):
    folded and spelt as keys are (бап -> бап, экстремист -> экстремис)."""
    return _spelt(fold(lemma), False)


@lru_cache(maxsize=50000)
def strip_candidates(word: str) -> frozenset[str]:
    """The stems met on the way from a folded word to its stem, the word itself included, and
    each spelt as a key (кітабы: китабы, китаб, китап; экстремистер: экстремис, экстремист)."""
    chain = _chain(word)
    forms = set(chain)
    forms |= {_spelt(s, i > 0) for i, s in enumerate(chain)}
    for s in chain[1:]:
        if s.endswith("с") and word.startswith(s + "т") and len(s) > 4:
            forms.add(s + "т")  # экстремис-тер: the stem is экстремист
    return frozenset(forms)


@lru_cache(maxsize=50000)
def stem(word: str) -> str:
    """The stem of a folded word ('азаматтары' -> 'азамат', 'кітабы' -> 'китап')."""
    chain = _chain(word)
    return _spelt(chain[-1], len(chain) > 1)


@lru_cache(maxsize=50000)
def stem_of_length(word: str, minimum: int) -> str:
    """The stem of a folded word, or if that is shorter than `minimum`, the last stem on the way
    to it that is not ('алынды' -> 'алын' for 3, where the stem is 'ал')."""
    chain = _chain(word)
    for i in range(len(chain) - 1, -1, -1):
        spelt = _spelt(chain[i], i > 0)
        if len(spelt) >= minimum:
            return spelt
    return word
