"""Morphology measured: the Kazakh suffix stripper against a hand-checked gold list, and the
Russian keys (Snowball stems from PyStemmer, pymorphy3 lemmas as extra keys).

    python -m tests.understanding.test_morphology     prints the agreement on tests/data/kazakh_lemmas.tsv
                                        (and on the held-out kazakh_lemmas.heldout.tsv), by
                                        group, with every miss
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import NamedTuple

import pytest

from bot.understanding import Lexicon, kazakh, parse
from bot.understanding import text as T

GOLD = Path(__file__).resolve().parents[1] / "data" / "kazakh_lemmas.tsv"
HELD_OUT = Path(__file__).resolve().parents[1] / "data" / "kazakh_lemmas.heldout.tsv"
MIN_AGREEMENT = 0.95


class Gold(NamedTuple):
    form: str
    lemma: str
    group: str


def load_gold(path: Path = GOLD) -> list[Gold]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        form, lemma, group = line.split("\t")
        rows.append(Gold(form, lemma, group))
    return rows


def lemma_key(lemma: str) -> str:
    """The key a lemma is expected to have (the stripper's own spelling of it; a stripper without
    lemma_key, such as the one before it, is measured against the folded lemma)."""
    return getattr(kazakh, "lemma_key", kazakh.fold)(lemma)


def stripped(form: str) -> str:
    return kazakh.stem(kazakh.fold(form))


def agreement(rows: list[Gold]) -> tuple[float, list[tuple[Gold, str]]]:
    misses = [(row, got) for row in rows if (got := stripped(row.form)) != lemma_key(row.lemma)]
    return 1 - len(misses) / len(rows), misses


def report(rows: list[Gold], name: str = "the gold list") -> str:
    share, misses = agreement(rows)
    total = Counter(r.group for r in rows)
    missed = Counter(r.group for r, _ in misses)
    lines = [f"Kazakh stripper agrees with {name} on {share:.1%} of {len(rows)} forms "
             f"({len(rows) - len(misses)} agree, {len(misses)} miss)"]
    for group in sorted(total):
        lines.append(f"  {group:6} {1 - missed[group] / total[group]:6.1%} of {total[group]}")
    for row, got in misses:
        lines.append(f"  miss [{row.group}] {row.form}: {got} (gold {row.lemma} -> {lemma_key(row.lemma)})")
    return "\n".join(lines)


# --- the gold list ------------------------------------------------------------------------


def test_gold_list_is_large_and_clean():
    rows = load_gold()
    assert len(rows) >= 450
    forms = [r.form for r in rows]
    assert len(forms) == len(set(forms)), "a form is listed twice"
    held_out = load_gold(HELD_OUT)
    assert not {r.form for r in held_out} & set(forms), "a held-out form is in the gold list"
    for r in rows + held_out:
        assert r.form == r.form.lower() and r.lemma == r.lemma.lower(), r
        assert r.group in {"name", "noun", "alt", "sy", "verb", "deriv", "bare"}, r


def test_stripper_agrees_with_gold_list():
    rows = load_gold()
    share, _ = agreement(rows)
    print("\n" + report(rows) + "\n" + report(load_gold(HELD_OUT), "the held-out list"))
    assert share >= MIN_AGREEMENT, report(rows)


def test_different_lemmas_have_different_keys():
    """Two lemmas of the gold list never share a key (else their forms would be confused),
    unless folding alone makes them one (түр, тұр: typed alike on a Russian keyboard)."""
    by_key: dict[str, set[str]] = defaultdict(set)
    for r in load_gold():
        by_key[lemma_key(r.lemma)].add(kazakh.fold(r.lemma))
    shared = {k: v for k, v in by_key.items() if len(v) > 1}
    assert not shared, shared


def test_forms_of_other_lemmas_do_not_collide():
    """A form never strips to the key of another lemma of the list (a wrong stem is tolerated
    within the agreement margin, a wrong stem that is someone else's is a false match)."""
    rows = load_gold()
    owner = {lemma_key(r.lemma): r.lemma for r in rows}
    collisions = [(r.form, r.lemma, owner[got]) for r in rows
                  if (got := stripped(r.form)) != lemma_key(r.lemma) and got in owner
                  and len(got) >= 4]
    assert len(collisions) <= 3, collisions


def test_alternation_and_possessive_after_s_meet():
    """The issue's groups: forms of one word give one key, and keys of other words differ."""
    same = [("кітап", "кітабы"), ("көп", "көбі"), ("бөлік", "бөлігі"), ("жүрек", "жүрегі"),
            ("бап", "бабы"), ("облыс", "облысы"), ("үлес", "үлесі"), ("тәжірибе", "тәжірибесі"),
            ("қайтарды", "қайтарылғандардың"), ("сотталды", "сотталғандар"), ("жүрген", "жүр"),
            ("актілер", "акт"), ("экстремист", "экстремистер"), ("халық", "халқы"), ("мүлік", "мүлкін")]
    for a, b in same:
        assert kazakh.stem(kazakh.fold(a)) == kazakh.stem(kazakh.fold(b)), (a, b)
    apart = [("облыс", "облы"), ("сот", "сотталды"), ("азамат", "азаматтығы"), ("министр", "министрлігі")]
    for a, b in apart:
        assert kazakh.stem(kazakh.fold(a)) != kazakh.stem(kazakh.fold(b)), (a, b)


def test_two_letter_roots_still_key_a_lexicon_entry():
    """алынды strips to ал, too short to key anything: the entry keeps алын, which алынған has."""
    assert "алын" in T.entry_keys("алынды", "kk") & T.word_keys("алынған")


# --- Russian ---------------------------------------------------------------------------------

def _russian_words() -> list[str]:
    """Russian words of the project's question sets, store data and cue phrases."""
    root = Path(__file__).resolve().parents[2]
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


if __name__ == "__main__":
    print(report(load_gold()))
    print(report(load_gold(HELD_OUT), "the held-out list"))
    sys.exit(0)
