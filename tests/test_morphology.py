"""Morphology measured: the Russian keys (Snowball stems from PyStemmer, pymorphy3 lemmas as
extra keys).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.understanding import Lexicon, parse
from bot.understanding import text as T

# --- Russian ---------------------------------------------------------------------------------

def _russian_words() -> list[str]:
    """Russian words of the project's question sets, store data and cue phrases."""
    root = Path(__file__).resolve().parent.parent
    files = [root / "tests" / "questions" / "ru.yaml", root / "bot" / "data" / "starter.yaml",
             root / "bot" / "understanding" / "cues.py", root / "bot" / "understanding" / "data" / "aliases.yaml"]
    words: set[str] = set()
    for path in files:
        for w in re.findall(r"[А-Яа-яЁё]+", path.read_text(encoding="utf-8")):
            words.add(w.lower())
    return sorted(words)


def test_pystemmer_gives_the_snowball_stems():
    """PyStemmer (C) and snowballstemmer's pure Python give the same stems: the switch changes
    speed only."""
    from snowballstemmer.english_stemmer import EnglishStemmer
    from snowballstemmer.russian_stemmer import RussianStemmer

    words = _russian_words()
    assert len(words) > 500
    pure = RussianStemmer()
    assert [T._RU.stemWord(w) for w in words] == [pure.stemWord(w) for w in words]
    english = ["fighters", "arrested", "convictions", "extremism", "organisations", "blocked",
               "kazakhstani", "prisons", "recruited", "returnees", "according", "estimates"]
    assert [T._EN.stemWord(w) for w in english] == [EnglishStemmer().stemWord(w) for w in english]


@pytest.mark.parametrize("word,lemma", [
    ("Индии", "индия"), ("Омана", "оман"), ("Мали", "мали"), ("боевиков", "боевик"),
    ("мечетей", "мечет"), ("посадили", "посадит"), ("Казахстане", "казахстан"),
])  # folded as every key is: й -> и, ь dropped (мечеть, посадить)
def test_russian_lemmas_are_extra_keys(word, lemma):
    keys = T.word_keys(word)
    assert lemma in keys
    assert T.ru_stem(word) in keys  # beside the stem, not instead of it


def test_lemmas_only_for_words_pymorphy_knows():
    """pymorphy3's guesses for Kazakh words typed without Kazakh letters are not lemmas."""
    assert T.ru_lemma("сотталды") is None and T.ru_lemma("содырлар") is None
    assert T.ru_lemma("қазақстан") is None or "қазақстан" not in T.word_keys("қазақстан")


def test_short_russian_names_are_declined_by_pymorphy():
    assert {"омана", "оману", "оманом", "омане"} <= T.entry_wholes("Оман", "ru")
    assert T.entry_wholes("Мали", "ru") == {"мали"}  # indeclinable: never "мало"
    assert "то" not in T.entry_wholes("Того", "ru")  # the country, not the pronoun


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.build()


@pytest.mark.parametrize("text,places", [
    ("боевики из Омана", ["OM"]),
    ("сколько боевиков из Индии", ["IN"]),
    ("боевики в Мали", ["ML"]),
    ("мало ли что", []),
    ("того не было", []),
    ("Оманда қанша содыр бар", ["OM"]),
])
def test_places_found_through_lemmas(lexicon, text, places):
    assert parse(text, lexicon).places == places
