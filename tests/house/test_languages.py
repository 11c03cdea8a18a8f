"""One registry of languages (bot/languages/): adding a language is one module there plus its
catalog, and nothing else.

The proof: a copy of the code with exactly two new files — bot/languages/uz.py (with a few
stopwords, a cue, number words, year words, month names and a Snowball stemmer) and
locales/uz/LC_MESSAGES/messages.po (every message marked "[uz]") — and nothing else changed. In
that copy the catalogs check, every list of languages has Uzbek, the store takes an Uzbek label,
the understanding layer reads the module's words (a year range asked in Uzbek reads as that
range), and a person who picks Uzbek in the console chat is answered from the Uzbek catalog.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from bot import languages

ROOT = Path(__file__).resolve().parents[2]
MARK = "[uz] "


def test_registry_holds_the_three_languages_in_order() -> None:
    assert languages.CODES == ("en", "ru", "kk")
    assert languages.TRANSLATED == ("ru", "kk") and languages.DEFAULT_LANGUAGE == "en"
    assert languages.NAMES == {"en": "English", "ru": "Русский", "kk": "Қазақша"}
    assert all(lang.code in languages.BY_CODE for lang in languages.LANGUAGES)


def _uzbek_catalog(pot: Path, target: Path) -> None:
    """Every message of the template, 'translated' as itself with a mark (placeholders kept)."""
    with pot.open("rb") as f:
        catalog = read_po(f, locale="uz")
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple | list):
            message.string = tuple(MARK + part for part in (message.id[0], message.id[1]))
        else:
            message.string = MARK + message.id
    target.parent.mkdir(parents=True)
    with target.open("wb") as f:
        write_po(f, catalog, width=0)


@pytest.fixture(scope="module")
def with_uzbek(tmp_path_factory) -> Path:
    copy = tmp_path_factory.mktemp("with-uzbek")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo")
    for name in ("bot", "handlers", "app", "locales"):
        shutil.copytree(ROOT / name, copy / name, ignore=ignore)
    shutil.copy(ROOT / "babel.cfg", copy / "babel.cfg")
    # the two files a new language is
    (copy / "bot" / "languages" / "uz.py").write_text(textwrap.dedent('''\
        """Uzbek (Latin script)."""

        from bot.languages import Language, YearWords

        LANGUAGE = Language(
            code="uz", name="Oʻzbekcha", order=3,
            stopwords=("qancha", "nechta"),
            cues={"help": ("assalomu alaykum", "yordam")},
            number_words={"ikki": 2, "uch": 3},
            number_multipliers={"ming": 1000},
            years=YearWords(after=("yil[a-z]*",), since_after=("dan beri",), until_after=("gacha",)),
            months=(("yanvar",), ("fevral",), ("mart",), ("aprel",), ("may",), ("iyun",), ("iyul",),
                    ("avgust",), ("sentabr",), ("oktabr",), ("noyabr",), ("dekabr",)),
            stemmer="turkish",
        )
        '''), encoding="utf-8")
    _uzbek_catalog(copy / "locales" / "messages.pot", copy / "locales" / "uz" / "LC_MESSAGES" / "messages.po")
    return copy


def run_in(copy: Path, args: list[str], stdin: str = "", lang_env: str = "C.UTF-8") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "MONITORBOT_", "LC_"))}
    env.update(PYTHONPATH=str(copy), MONITORBOT_LOCALE_DIR=str(copy / "locales"), LANG=lang_env,
               DATABASE_URL=f"sqlite:///{copy / 'uz.db'}")
    return subprocess.run([sys.executable, *args], input=stdin, capture_output=True, text=True, env=env,
                          cwd=copy, timeout=180)


def test_the_copy_differs_only_by_the_module_and_the_catalog(with_uzbek: Path) -> None:
    ours = {p.relative_to(ROOT).as_posix() for name in ("bot", "handlers", "app", "locales")
            for p in (ROOT / name).rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix not in {".pyc", ".mo"}}
    theirs = {p.relative_to(with_uzbek).as_posix() for name in ("bot", "handlers", "app", "locales")
              for p in (with_uzbek / name).rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix not in {".pyc", ".mo"}}
    assert theirs - ours == {"bot/languages/uz.py", "locales/uz/LC_MESSAGES/messages.po"}
    for rel in ours:
        assert (ROOT / rel).read_bytes() == (with_uzbek / rel).read_bytes(), rel


def test_every_list_of_languages_has_the_new_one(with_uzbek: Path) -> None:
    script = textwrap.dedent('''
        from bot import config, i18n
        from bot.curation.fields import LANGUAGE_LABELS
        from bot.languages import CODES
        from bot.store import Store, people, subscriptions, validate
        from handlers.menus import MENU_LANGUAGES
        from app.cli import build_parser

        assert CODES == ("en", "ru", "kk", "uz"), CODES
        for codes in (config.LANGUAGES, i18n.LANGUAGES, validate.LANGS, validate.REPORT_LANGUAGES,
                      subscriptions.LANGUAGES, people.LANGUAGES, MENU_LANGUAGES):
            assert "uz" in codes, codes
        assert LANGUAGE_LABELS["uz"] == "Oʻzbekcha"
        assert i18n.normalise_language("uz-UZ") == "uz"
        assert i18n.tr("uz").gettext("draft") == "[uz] draft"
        assert build_parser().parse_args(["ask", "--lang", "uz", "x"]).lang == "uz"
        store = Store.open("sqlite://")
        store.entries.import_document({"version": 1, "topics": [
            {"key": "foreign-fighters", "label": {"en": "foreign fighters", "uz": "xorijiy jangchilar"}}]})
        assert store.entries.topics()[0].label["uz"] == "xorijiy jangchilar"
        # the understanding layer reads the new module's words too
        from bot.understanding import Lexicon, parse
        from bot.understanding.numbers import written_numbers
        from bot.understanding.query import Intent
        from bot.understanding.stopwords import STOPWORDS, is_stopword
        assert STOPWORDS["uz"] == {"qancha", "nechta"} and is_stopword("nechta")
        assert parse("yordam", Lexicon.build()).intent == Intent.HELP
        assert written_numbers("ikki ming") == (2000.0,)
        # its year words: a range, "since" and "until" (read as plain years without them)
        from bot.understanding.years import find_month, find_years
        query = parse("2015 yildan 2018 yilgacha nechta", Lexicon.build())
        assert (query.year_from, query.year_to) == (2015, 2018), query
        since, until = find_years("2016 yildan beri"), find_years("2018 yilgacha")
        assert (since.year_from, since.year_to, until.year_from, until.year_to) == (2016, None, None, 2018)
        assert find_month("iyun 2016") == 6  # its month names
        # its stemmer (Snowball's Turkish) for its text; English's for English text
        from bot.understanding.text import normalise_terms
        assert normalise_terms("kitoblar qonunlar", "uz") == ["kitob", "qonun"]
        assert normalise_terms("kitoblar", "en") == ["kitoblar"]
        print("ok")
        ''')
    result = run_in(with_uzbek, ["-c", script])
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr[-3000:]


def test_the_catalogs_check_with_the_new_one(with_uzbek: Path) -> None:
    result = run_in(with_uzbek, ["-m", "bot.i18n", "check"])
    assert result.returncode == 0, result.stderr[-3000:]
    assert (with_uzbek / "locales" / "uz" / "LC_MESSAGES" / "messages.mo").exists()


def test_a_person_who_picks_uzbek_is_answered_in_uzbek(with_uzbek: Path) -> None:
    question = "How many Kazakhstanis are fighting for IS?"
    result = run_in(with_uzbek, ["-m", "app.cli"], f"/language uz\n{question}\n/language\n/language xx\n/quit\n")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    chose, _, rest = result.stdout.partition(f"> {question}\n")
    assert "[uz] From now on I will answer in" in chose
    answer, _, menu = rest.partition("> /language\n")
    assert "250" in answer and f"{MARK}Source:" in answer  # the store's figure, in the Uzbek catalog's words
    chooser, _, usage = menu.partition("> /language xx\n")
    assert "[4] o‘zbek" in chooser  # the chooser offers it (named by CLDR)
    assert "[uz] Usage: /language en, /language ru, /language kk, /language uz or /language auto" in usage
