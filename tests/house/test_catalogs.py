"""The gettext catalogs: complete in ru and kk, right plural forms, in step with the code."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from bot.i18n import LOCALE_DIR, tr
from tests.support.answering import catalog

ROOT = Path(__file__).resolve().parents[2]
PLURALS = {"ru": 3, "kk": 2}


def pot_ids() -> set:
    with (LOCALE_DIR / "messages.pot").open("rb") as f:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_every_message_has_a_translation(lang):
    cat = catalog(lang)
    missing = []
    for key in pot_ids():
        message = cat.get(key)
        strings = message.string if message and isinstance(message.string, (list, tuple)) else [
            message.string if message else ""]
        if not message or not all(strings) or message.fuzzy:
            missing.append(key)
    assert missing == []


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_plural_forms(lang):
    cat = catalog(lang)
    assert cat.num_plurals == PLURALS[lang]
    for message in cat:
        if message.id and message.pluralizable:
            assert len(message.string) == PLURALS[lang], message.id


def test_russian_plural_rule_picks_three_forms():
    cat = catalog("ru")
    plural = [m for m in cat if m.id and m.pluralizable]
    if not plural:
        pytest.skip("no plural messages yet")
    one, few, many = plural[0].string
    t = tr("ru")
    assert t.ngettext(plural[0].id[0], plural[0].id[1], 1) == one
    assert t.ngettext(plural[0].id[0], plural[0].id[1], 3) == few
    assert t.ngettext(plural[0].id[0], plural[0].id[1], 5) == many
    assert t.ngettext(plural[0].id[0], plural[0].id[1], 21) == one
    assert t.ngettext(plural[0].id[0], plural[0].id[1], 11) == many


def test_placeholders_survive_translation():
    """The handlers' placeholders are kept (the answering texts may add Kazakh case forms)."""
    for lang in ("ru", "kk"):
        for message in catalog(lang):
            if not message.id or message.pluralizable:
                continue
            for name in ("{example}", "{language}", "{current}"):
                assert (name in message.id) == (name in message.string), (lang, message.id)
            if "{number}" in message.id:
                assert "{number" in message.string, (lang, message.id)


def test_pot_is_in_step_with_the_code(tmp_path):
    """Every message id the code uses is in the .pot (run `python -m bot.i18n extract/update`)."""
    fresh = tmp_path / "fresh.pot"
    subprocess.check_call([sys.executable, "-m", "babel.messages.frontend", "extract", "-F",
                           str(ROOT / "babel.cfg"), "-k", "_", "-k", "gettext", "-k", "ngettext:1,2", "-k", "N_",
                           "--no-location", "-o", str(fresh), str(ROOT / "bot"), str(ROOT / "handlers"),
                           str(ROOT / "app")])
    with fresh.open("rb") as f:
        in_code = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}
    assert in_code - pot_ids() == set()


def test_check_command_passes_and_mo_files_compile():
    result = subprocess.run([sys.executable, "-m", "bot.i18n", "check"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    for lang in ("en", "ru", "kk"):
        with (LOCALE_DIR / lang / "LC_MESSAGES" / "messages.mo").open("rb") as f:
            assert len(read_mo(f)) > 0 or lang == "en"


def test_translations_are_served():
    assert tr("ru").gettext("Sources") == "Источники"
    assert tr("kk").gettext("Sources") == "Дереккөздер"
    assert tr("en").gettext("Sources") == "Sources"


# --- every template is a whole, fillable sentence (issue 13) -----------------------------------

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?:[!:][^{}]*)?\}|%\(([A-Za-z_]\w*)\)[sdrif]")
# Kazakh bounds put a case ending on the number: {number} is filled as {number_from} ("500-ден
# астам") or {number_to} ("500-ге дейін"), chosen in bot/answering/figures.py
CASE_FORMS = {"kk": {"number": {"number_from", "number_to"}}}


def _names(text: str) -> set[str]:
    return {a or b for a, b in _PLACEHOLDER.findall(text)}


def _forms(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _templates(lang: str):
    """(msgid, the placeholders it has, each translated form) of every message of a catalog."""
    for message in catalog(lang):
        if not message.id:
            continue
        ids = _forms(message.id)
        yield ids[0], set().union(*(_names(i) for i in ids)), _forms(message.string)


def placeholder_fault(wanted: set[str], form: str, lang: str) -> str | None:
    """What is wrong with a translated `form` of a msgid having the placeholders `wanted`: one
    left out (it says less than the English) or one added (it cannot be filled); a Kazakh case
    form of the number stands for the number."""
    got = _names(form)
    forms = CASE_FORMS.get(lang, {})
    missing = {w for w in wanted if not ({w} | forms.get(w, set())) & got}
    allowed = set().union(*({w} | forms.get(w, set()) for w in wanted)) if wanted else set()
    if missing:
        return f"left out {sorted(missing)}"
    if got - allowed:
        return f"added {sorted(got - allowed)}"
    return None


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_each_translation_has_the_msgid_placeholders(lang):
    wrong = [(msgid, form, fault) for msgid, wanted, forms in _templates(lang) for form in forms
             if (fault := placeholder_fault(wanted, form, lang))]
    assert wrong == []


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_every_template_renders_without_a_placeholder_left(lang):
    """Filled with dummy values, no template leaves a `{...}` (or a stray brace) behind."""
    left = []
    for msgid, wanted, forms in _templates(lang):
        for form in forms if lang != "en" else [msgid]:
            names = _names(form) | wanted
            values = {name: "X" for name in names}
            try:
                text = form % values if "%(" in msgid else form.format(**values)
            except (KeyError, IndexError, ValueError) as exc:
                left.append((msgid, form, repr(exc)))
                continue
            if "{" in text or "}" in text:
                left.append((msgid, form, text))
    assert left == []


def test_the_catalog_checks_catch_a_half_built_line():
    """The checks above fail on the faults they are for."""
    assert placeholder_fault({"place", "topic"}, "{place}: нет данных по теме «{topic}».", "ru") is None
    assert placeholder_fault({"place", "topic"}, "Нет данных: {place}.", "ru") == "left out ['topic']"
    assert placeholder_fault({"place"}, "{place}: {topci}", "ru") == "added ['topci']"
    assert placeholder_fault({"count"}, "%(count)s записей", "ru") is None
    assert placeholder_fault({"number", "unit"}, "{number_from} астам {unit}", "kk") is None
    assert placeholder_fault({"number", "unit"}, "{number_from} астам {unit}", "ru") is not None
