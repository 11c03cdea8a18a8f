"""Which language a text is in (en, ru or kk), from its script, letters and function words.

Kazakh is recognised even when typed without its own letters (on a Russian keyboard) or in
Latin script (2021 alphabet or informal), by its function words and case endings.
"""

from __future__ import annotations

import re

from bot.understanding.kazakh import KAZAKH_LATIN_LETTERS, KAZAKH_LETTERS, fold, stem
from bot.understanding.stopwords import STOPWORDS

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")

# Folded Kazakh words that Russian text practically never contains.
_KK_CYRILLIC_WORDS = frozenset(fold(w) for w in """
қанша неше жылы жылдан жылға жылғы қандай туралы бойынша заң заңы заңдар заңнама адам адамдар бар ма
ме ба бе па пе жоқ қалай қайда қайдан қашан кім кімдер неге үшін және бұл осы қазір соңғы биыл былтыр
өткен деген болды болған кетті кеткен қабылдады қабылданған қол қойды салыстыр салыстыру өзгерді
дереккөз сәлем сәлеметсіз көмек істей аласың жиһадшы жиһадшылар елде елдер елдерде елден азамат азаматтар содыр
содырлар соғыс соғысып шетелдік мемлекет мемлекеті облысы облыстан жағында сан саны үлесі
""".split())

_KK_LATIN_WORDS = frozenset("""
qansha kansha neshe jyly zhyly jyldan jylgy qandai qanday kandai kanday zan zañ zany zandar turaly
boyynsha boiynsha boyinsha adam adamdar bar ma me jok joq qalai qaida qaidan qashan kim kimder nege
ushin jane bul osy qazir kazir songy soñğy biyl byltyr otken degen boldy bolgan ketti ketken
qabyldady kabyldady salystyr salystyru ozgerdi derekkoz salem salemetsiz komek elde elder elderde
elden azamat azamattar sodyr sodyrlar sogys sheteldik memleket memleketi oblysy jaginda zhaginda
qazaqstan qazaqstannan qazaqstanda kazakstannan qyrgyzstan qyrgyzstanda ozbekstan tajikstan
tazhikstan turkimenstan turikmenstan sany ulesi
""".split())

_KK_ENDINGS = ("дан", "ден", "нан", "нен", "дар", "дер", "лар", "лер", "тар", "тер", "нын", "нин",
               "дын", "дин", "тын", "тин", "дагы", "деги", "ндагы", "лык", "лик", "дык", "дик", "тык", "тик",
               "лары", "лери", "дары", "дери", "тары", "тери", "ларын", "дарын", "тарын", "ларды", "дарды",
               "тарды", "дагы", "ндеги", "ганы", "генде", "ганда")
_RU_ENDINGS = ("ого", "его", "ому", "ему", "ых", "их", "ов", "ев", "ая", "яя", "ое", "ые", "ий", "ый",
               "ами", "ями", "ость", "ции", "ция", "ться", "ется", "ют", "ут", "ешь")
_NOT_KAZAKH_Q = frozenset({"iraq", "iraqi", "iraqis", "qatar", "qaeda", "qaida", "al", "qatari"})


def _latin_is_kazakh(words: list[str]) -> bool:
    kk = en = 0.0
    for w in words:
        if w in _KK_LATIN_WORDS:
            kk += 1
        elif any(ch in KAZAKH_LATIN_LETTERS for ch in w):
            kk += 1
        elif "q" in w and "qu" not in w and w not in _NOT_KAZAKH_Q:
            kk += 0.5
        if w in STOPWORDS["en"]:
            en += 1
    return kk > en


def _cyrillic_is_kazakh(words: list[str]) -> bool:
    kk = ru = 0.0
    for w in words:
        f = fold(w)
        if f in _KK_CYRILLIC_WORDS or stem(f) in _KK_CYRILLIC_WORDS:
            kk += 1
        elif len(f) > 5 and f.endswith(_KK_ENDINGS) and not f.endswith(("стан", "стана")):
            kk += 0.5
        if f in STOPWORDS["ru"] and f not in _KK_CYRILLIC_WORDS:
            ru += 1
        elif len(f) > 4 and f.endswith(_RU_ENDINGS):
            ru += 0.3
    return kk > ru


def detect_language(text: str) -> str | None:
    """'en', 'ru' or 'kk' for the text; None when it has no letters (emoji, digits, punctuation)."""
    cyrillic = latin = 0
    kazakh_letters = False
    for ch in text:
        if ch.isalpha():
            if "\u0400" <= ch <= "\u04ff":
                cyrillic += 1
                if ch in KAZAKH_LETTERS:
                    kazakh_letters = True
            elif ch.isascii() or "\u00c0" <= ch <= "\u024f":
                latin += 1
    if not cyrillic and not latin:
        return None
    raw = _WORD.findall(text)
    words = [w.lower() for w in raw]
    # codes in capitals (KZ, UZ, ISIS) and borrowed words belong to no language: on mixed input
    # ("сколько fighters из KZ") the language is the one of the grammar words
    latin -= sum(len(w) for w in raw if w.isupper() and len(w) <= 4 and w.isascii())
    cyr_grammar = sum(1 for w in words if any("\u0400" <= ch <= "\u04ff" for ch in w)
                      and (fold(w) in STOPWORDS["ru"] or fold(w) in STOPWORDS["kk"] or fold(w) in _KK_CYRILLIC_WORDS))
    lat_grammar = sum(1 for w in words if w.isascii() and w in STOPWORDS["en"])
    if cyrillic and cyr_grammar > lat_grammar:
        latin = min(latin, cyrillic)
    if cyrillic >= latin:
        if kazakh_letters:
            return "kk"
        cyr_words = [w for w in words if any("\u0400" <= ch <= "\u04ff" for ch in w)]
        return "kk" if _cyrillic_is_kazakh(cyr_words) else "ru"
    lat_words = [w for w in words if not any("\u0400" <= ch <= "\u04ff" for ch in w)]
    return "kk" if _latin_is_kazakh(lat_words) else "en"
