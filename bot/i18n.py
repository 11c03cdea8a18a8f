"""Languages: gettext catalogs per language, the reply-language rule, Babel formatting.

User-facing text lives only in locales/{en,ru,kk}/LC_MESSAGES/messages.po; code holds
English message ids and calls `tr(lang)` to get a translator. Catalogs are compiled
(.po -> .mo) at install or start: `python -m bot.i18n compile` (dev.py runs it), and
`translator()` compiles a stale or missing .mo itself as a last resort.

    python -m bot.i18n extract   # scan bot/, handlers/ and app/ into locales/messages.pot
    python -m bot.i18n update    # merge the .pot into each .po
    python -m bot.i18n compile   # .po -> .mo
    python -m bot.i18n check     # fail on a catalog that does not compile or lacks ru/kk strings

After changing message ids: extract, update, translate the new (empty) entries in each .po,
then check. The .po files are the only place translations live.
"""

from __future__ import annotations

import datetime as dt
import gettext as _gettext
import os
import subprocess
import sys
from collections.abc import Callable
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, TypeVar

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent  # noqa: F401  (re-exported)

from bot.errors import UserFacingError
from bot.languages import CODES as LANGUAGES  # noqa: E402 - the registry: bot/languages/
from bot.languages import DEFAULT_LANGUAGE  # noqa: E402

DOMAIN = "messages"
LOCALE_DIR = Path(os.environ.get("MONITORBOT_LOCALE_DIR") or Path(__file__).resolve().parent.parent / "locales")


def N_(message: str) -> str:
    """Marks a message id for extraction (`pybabel extract -k N_`); translated where it is shown.
    The one definition: every module imports it from here."""
    return message


def normalise_language(code: str | None) -> str | None:
    """'ru-RU' -> 'ru', 'kk_KZ' -> 'kk'; None for a language we do not speak."""
    if not code:
        return None
    base = code.replace("_", "-").split("-")[0].lower()
    return base if base in LANGUAGES else None


def choose_language(saved: str | None, detected: str | None, client: str | None) -> str:
    """The reply language: the user's /language choice, else the question's own language,
    else Telegram's language_code, else English. Decided once per update, here."""
    for candidate in (saved, detected, client):
        lang = normalise_language(candidate)
        if lang:
            return lang
    return DEFAULT_LANGUAGE


def _compile_one(po_path: Path, mo_path: Path) -> None:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path.open("rb") as f:
        catalog = read_po(f, locale=po_path.parent.parent.name, domain=DOMAIN)
    with mo_path.open("wb") as f:
        write_mo(f, catalog, use_fuzzy=False)


def compile_catalogs(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Compile every stale or missing .mo; returns the .mo files written."""
    written = []
    for lang in LANGUAGES:
        po = locale_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        mo = po.with_suffix(".mo")
        if po.exists() and (not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime):
            _compile_one(po, mo)
            written.append(mo)
    return written


@cache
def translator(lang: str) -> _gettext.NullTranslations:
    """The gettext translator for a language (English falls back to the message ids)."""
    lang = normalise_language(lang) or DEFAULT_LANGUAGE
    try:
        compile_catalogs()
    except OSError:  # read-only install: the .mo files were built at install time
        pass
    return _gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[lang], fallback=True)


def tr(lang: str) -> _gettext.NullTranslations:
    """Short alias: `t = tr(lang); t.gettext("...")`, `t.ngettext(s, p, n)`."""
    return translator(lang)


# error class -> how its errors are said, for errors whose sentence takes more than msgid and params
_WORDINGS: dict[type[UserFacingError], Callable[[Any, str], str]] = {}
E = TypeVar("E", bound=UserFacingError)


def wording_of(error_class: type[E]) -> Callable[[Callable[[E, str], str]], Callable[[E, str], str]]:
    """Registers `describe(error, lang) -> str` as how errors of `error_class` (and its subclasses)
    are said. The store's errors are worded by the layer above it, which knows the messages."""
    def register(describe: Callable[[E, str], str]) -> Callable[[E, str], str]:
        _WORDINGS[error_class] = describe
        return describe
    return register


def error_text(error: UserFacingError, lang: str) -> str:
    """What a person is told about `error`, in `lang`."""
    for cls in type(error).__mro__:
        if cls in _WORDINGS:
            return _WORDINGS[cls](error, lang)
    if not error.msgid:
        return str(error)
    try:
        return tr(lang).gettext(error.msgid).format(**error.params)
    except (KeyError, IndexError, ValueError):  # a catalog typo must not hide the error itself
        return str(error)


@cache
def babel_locale(lang: str) -> Locale:
    return Locale.parse(normalise_language(lang) or DEFAULT_LANGUAGE)


@lru_cache(maxsize=4096)
def format_number(value: float | int, lang: str) -> str:
    """250 -> '250'; 12500 -> '12,500' (en) / '12 500' (ru, kk); 2.5 -> '2.5' / '2,5'."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return format_decimal(value, locale=babel_locale(lang))


@lru_cache(maxsize=4096)
def format_partial_date(value: str | None, lang: str) -> str:
    """'2014' -> '2014'; '2014-09' -> 'September 2014' / 'сентябрь 2014 г.'; a full date
    in the locale's medium form. Anything unparseable is returned as it is."""
    if not value:
        return ""
    parts = value.split("-")
    loc = babel_locale(lang)
    try:
        if len(parts) == 1:
            return str(int(parts[0]))
        if len(parts) == 2:
            return format_date(dt.date(int(parts[0]), int(parts[1]), 1), "LLLL y", locale=loc)
        return format_date(dt.date(int(parts[0]), int(parts[1]), int(parts[2])), "long", locale=loc)
    except ValueError:
        return value


def language_name(lang: str, in_lang: str) -> str:
    """'ru' as named in `in_lang`: 'Russian', 'русский', 'орыс тілі'."""
    return babel_locale(in_lang).languages.get(lang, lang)


# --- maintenance commands -------------------------------------------------------------

def _pybabel(*args: str) -> None:
    subprocess.check_call([sys.executable, "-m", "babel.messages.frontend", *args])


def _check(locale_dir: Path = LOCALE_DIR) -> int:
    """Fail on a catalog that does not parse/compile, or a message without ru/kk text."""
    from babel.messages.pofile import read_po

    problems = []
    for lang in LANGUAGES:
        po = locale_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        if not po.exists():
            problems.append(f"{po}: missing")
            continue
        with po.open("rb") as f:
            catalog = read_po(f, locale=lang)
        for message in catalog:
            if not message.id:
                continue
            for error in message.check(catalog) if hasattr(message, "check") else []:
                problems.append(f"{po}: {message.id!r}: {error}")
            if lang != "en":
                strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
                if not all(strings) or message.fuzzy:
                    problems.append(f"{po}: {message.id!r} has no {lang} translation")
        _compile_one(po, po.with_suffix(".mo"))
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "compile"
    pot = LOCALE_DIR / f"{DOMAIN}.pot"
    if command == "extract":
        root = LOCALE_DIR.parent
        _pybabel("extract", "-F", str(root / "babel.cfg"), "-k", "_", "-k", "gettext", "-k", "ngettext:1,2",
                 "-k", "N_", "--no-location", "--sort-output", "-o", str(pot), str(root / "bot"), str(root / "handlers"),
                 str(root / "app"))
        return 0
    if command == "update":
        for lang in LANGUAGES:
            po = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
            if po.exists():
                _pybabel("update", "-i", str(pot), "-d", str(LOCALE_DIR), "-l", lang, "-D", DOMAIN, "--no-fuzzy-matching")
            else:
                _pybabel("init", "-i", str(pot), "-d", str(LOCALE_DIR), "-l", lang, "-D", DOMAIN)
        return 0
    if command == "compile":
        for mo in compile_catalogs():
            print(f"compiled {mo.relative_to(LOCALE_DIR.parent)}")
        return 0
    if command == "check":
        return _check()
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
