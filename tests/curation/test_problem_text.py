"""Import problems can be told to a curator in their language: every code has a message and ru/kk text."""

from __future__ import annotations

import re
import string
from pathlib import Path

from bot.curation.problem_text import FALLBACK, MESSAGES, describe
from bot.store.problems import Problem
from tests.support.answering import translations

ROOT = Path(__file__).resolve().parents[2]


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_problem_code_the_store_emits_has_a_message() -> None:
    source = (ROOT / "bot/store/validate.py").read_text() + (ROOT / "bot/store/yamlio.py").read_text()
    emitted = set(re.findall(r'problem\(\s*[^,()]+,\s*[^,()]+,\s*"([a-z_0-9]+)"', source))
    emitted |= set(re.findall(r'FileProblem\(\s*"([a-z_0-9]+)"', source)) | {"wrong_type"}
    assert {"missing", "bad_date", "unknown_place", "yaml_alias", "too_large"} <= emitted
    assert emitted and emitted <= set(MESSAGES), emitted - set(MESSAGES)


def test_catalogs_have_ru_and_kk_for_every_message_with_the_same_placeholders() -> None:
    for lang in ("ru", "kk"):
        shipped = translations(lang)
        for msgid in [*MESSAGES.values(), FALLBACK, "the file"]:
            text = shipped[msgid][0]
            assert text.strip() and _placeholders(text) == _placeholders(msgid), (msgid, lang)


def test_describe_names_entry_field_and_value() -> None:
    problem = Problem("estimates[3] (id kz-x)", "as_of", "'2014-13' is not a date", "bad_date",
                      {"entry": "estimates[3] (id kz-x)", "field": "as_of", "value": "2014-13"})
    text = describe(problem, "en")
    assert text == "estimates[3] (id kz-x): 'as_of': 2014-13 is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)."
    assert describe(Problem("file", "", "too big", "too_large", {}), "en") == "The file is too large: the limit is 5 MiB."
    assert "kz-x" in describe(problem, "ru") and "as_of" in describe(problem, "kk")
