"""The fast YAML path (libyaml) reads every file exactly as the reference reader (ruamel, YAML 1.2)
does, or hands it over; errors are always worded by the reference reader."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from bot.store import fastyaml, yamlio

ROOT = Path(__file__).resolve().parents[2]


def reference(text: str):
    return yamlio._loader().load(text)


def same(a, b) -> bool:
    """Equal, with the same types all the way down (1 == 1.0 == True is not good enough)."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return len(a) == len(b) and all(same(ka, kb) and same(a[ka], b[kb]) for ka, kb in zip(a, b, strict=True))
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


# Plain scalars whose type differs between YAML 1.1 and 1.2, or between readers, and the odd ones.
SCALARS = [
    "yes", "no", "on", "off", "y", "n", "Yes", "NO", "true", "True", "TRUE", "tRue", "false", "False",
    "null", "Null", "NULL", "~", "", "nul", "0", "-0", "+0", "017", "0o17", "0x1F", "0x1f", "0b101",
    "-0b101", "1_000", "1__0", "12", "+12", "-12", "007", "08", "09", "1:20", "1:20:30", "1:20.5",
    "1e3", "1E3", "1.0e3", "1.e3", "1.5", ".5", "-.5", "+.5", "12.", "1.2.3", ".inf", "-.inf", "+.INF",
    ".Inf", ".nan", ".NaN", ".NAN", "nan", "inf", "2014-09-16", "2014-9-6", "2014-09-16 10:00:00",
    "2014-09-16T10:00:00Z", "2014-09", "2014", "=", "<<x", "1 000", "٣", "¹", "12abc", "0.", "-.",
    "999999999999999999999999999999", "1e309", "-1e309", "4e-400", "0x", "0o", "0b", "+", "-",
    "Kazakhstan", "Қазақстан", "КНБ", "a: b", "#", "@x", "`x",
]


@pytest.mark.parametrize("scalar", SCALARS)
def test_plain_scalars_typed_as_the_reference_reader_types_them(scalar):
    for text in (f"value: {scalar}\n", f"- {scalar}\n", f"{{k: {scalar}}}\n", f"[{scalar}]\n"):
        try:
            expected = reference(text)
        except Exception:  # noqa: BLE001 - the reference refuses it: the fast path must hand over
            with pytest.raises(fastyaml.NotFast):
                fastyaml.load(text)
            continue
        try:
            got = fastyaml.load(text)
        except fastyaml.NotFast:
            continue  # handed over: the reference reads it
        assert same(got, expected), (text, got, expected)


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n",  # aliases: refused by the reference (no billion laughs)
    "a: !!binary aGVsbG8=\n",  # tags beyond the core ones
    "a: !custom 1\n",
    "base: {x: 1}\nmerged:\n  <<: {x: 1}\n",  # merge keys
    "a: 1\na: 2\n",  # duplicate keys
    "? [1, 2]\n: x\n",  # a key that cannot be a dict key
    "%YAML 1.1\n---\nflag: yes\n",  # a directive changes the rules
    "--- 1\n--- 2\n",  # several documents
    "text: a\x85b\n",  # NEL: a line break in YAML 1.1, not in 1.2
    "a: [1, 2\n",  # a syntax error: worded by the reference reader
    "a:\n\t- 1\n",
    "[" * 2000 + "]" * 2000,  # nesting libyaml refuses; the reference says "too deep"
])
def test_what_the_fast_path_does_not_read_exactly_is_handed_over(text):
    with pytest.raises(fastyaml.NotFast):
        fastyaml.load(text)


def test_errors_are_still_worded_with_line_numbers():
    with pytest.raises(yamlio.FileProblem) as caught:
        yamlio.load("estimates:\n  - id: a\n    value: [1, 2\n")
    assert caught.value.code == "yaml_syntax" and "line" in str(caught.value)
    with pytest.raises(yamlio.FileProblem) as caught:
        yamlio.load("a: &x 1\nb: *x\n")
    assert caught.value.code == "yaml_alias"


STRUCTURES = [
    "version: 1\nestimates:\n  - id: a\n    value: 250\n    as_of: 2014-09\n    estimator: {en: KISI, ru: КИСИ}\n",
    "text: |\n  line one\n  line two\n",
    "text: >\n  folded\n  text\n\n  para\n",
    'q: "tab\\there \\u2028 \\N \\x41 \\U0001F600"\n',
    "q: 'it''s'\n",
    "empty_map: {}\nempty_list: []\nnone:\n",
    "1: one\n2.5: two\nfalse: three\n~: four\n",
    "1: one\ntrue: same key in Python\n",
    "nested:\n  - - a\n    - b\n  - {c: [d, {e: f}]}\n",
    "# comment only\n",
    "",
    "emoji: 😀\nkazakh: Қазақстан ұлттық қауіпсіздік комитеті\n",
    "plain: multi\n  line plain\n",
    "key with spaces: value with: colon\n",
    "x: !!str 12\ny: !!int '12'\nz: !!float '1'\nw: !!null ''\nv: !!bool 'true'\n",
    "x: ! 12\n",
    "long: " + "a" * 10000 + "\n",
]


@pytest.mark.parametrize("text", STRUCTURES)
def test_documents_read_as_the_reference_reads_them(text):
    try:
        expected = reference(text)
    except Exception:  # noqa: BLE001 - the reference refuses it: the fast path must hand over
        with pytest.raises(fastyaml.NotFast):
            fastyaml.load(text)
        return
    try:
        got = fastyaml.load(text)
    except fastyaml.NotFast:
        return
    assert same(got, expected)


def _project_yaml_files():
    files = [p for p in ROOT.rglob("*.yaml") if ".venv" not in p.parts and "node_modules" not in p.parts]
    shared = ROOT.parent / "shared"
    if shared.is_dir():
        files += [p for p in shared.rglob("*.yaml") if "node_modules" not in p.parts]
    return sorted(files)


def test_every_yaml_file_of_the_project_reads_the_same():
    compared = 0
    for path in _project_yaml_files():
        text = path.read_text(encoding="utf-8")
        try:
            expected = reference(text)
        except Exception:  # noqa: BLE001
            continue
        try:
            got = fastyaml.load(text)
        except fastyaml.NotFast:
            continue  # compose files use anchors, for instance
        assert same(got, expected), path
        compared += 1
    assert compared >= 15  # the starter set, the question tables, the test stores


def test_an_export_reads_back_identically_on_the_fast_path():
    from bot.store.api import Store

    store = Store.open("sqlite://")
    store.entries.load_starter_if_empty()  # every kind of entry, multilingual text, dates, ranges
    text = store.entries.export_yaml()
    assert "estimates:" in text and "laws:" in text
    assert same(fastyaml.load(text), reference(text))


def test_a_big_file_is_read_on_the_fast_path():
    """50,000 entries (the speed is measured in bench/import_load.py, not here)."""
    lines = ["version: 1", "reports:"]
    lines += [f"  - url: https://ex.org/r/{i}\n    title: Report {i}\n    published: 2020-01-02" for i in range(50_000)]
    text = "\n".join(lines) + "\n"
    data = fastyaml.load(text)
    assert len(data["reports"]) == 50_000 and data["reports"][7]["published"] == "2020-01-02"


def test_random_documents_read_as_the_reference_reads_them():
    """Seeded random documents: the odd scalars as keys and values, plain and quoted, nested."""
    import random

    rng = random.Random(11)

    def scalar() -> str:
        s = rng.choice(SCALARS)
        style = rng.random()
        if style < 0.15:
            return "'" + s.replace("'", "''") + "'"
        if style < 0.3:
            return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return s

    def block(depth: int, indent: str) -> list[str]:
        lines = []
        for _ in range(rng.randint(1, 4)):
            key = scalar() if rng.random() < 0.5 else f"k{rng.randint(0, 99)}"
            if depth < 3 and rng.random() < 0.3:
                lines.append(f"{indent}{key}:")
                lines += block(depth + 1, indent + "  ")
            elif rng.random() < 0.3:
                lines.append(f"{indent}{key}: [{', '.join(scalar() for _ in range(rng.randint(0, 3)))}]")
            else:
                lines.append(f"{indent}{key}: {scalar()}")
        return lines

    checked = 0
    for _ in range(400):
        text = "\n".join(block(0, "")) + "\n"
        try:
            expected = reference(text)
        except Exception:  # noqa: BLE001
            with pytest.raises(fastyaml.NotFast):
                fastyaml.load(text)
            continue
        try:
            got = fastyaml.load(text)
        except fastyaml.NotFast:
            continue
        assert same(got, expected), text
        checked += 1
    assert checked > 100
