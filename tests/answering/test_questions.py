"""The question sets (tests/questions/{en,ru,kk}.yaml) asked of the real core over the starter
data (and tests/data/extra.yaml): the kind of answer, the entries it draws on, the facts it shows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.support.store import make_store

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS_DIR = ROOT / "tests" / "questions"
STARTER = ROOT / "bot" / "data" / "starter.yaml"
EXTRA = ROOT / "tests" / "data" / "extra.yaml"
LANGUAGES = ("en", "ru", "kk")
KINDS = {"figures", "comparison", "trend", "laws", "sources", "overview", "no_data"}
ITEM_KEYS = {"q", "store", "kind", "uses", "says", "not_used", "no_figures"}
MIN_QUESTIONS = 45


def _load_yaml(path: Path) -> Any:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def _load_questions() -> list[tuple[str, str, dict]]:
    """(test id, language, item) for every question in every language file."""
    out = []
    for lang in LANGUAGES:
        for n, item in enumerate(_load_yaml(QUESTIONS_DIR / f"{lang}.yaml"), start=1):
            out.append((f"{lang}-{n:02d}", lang, item))
    return out


QUESTIONS = _load_questions()


def _kinds(item: dict) -> set[str]:
    kind = item["kind"]
    return set(kind) if isinstance(kind, list) else {kind}


def _plain(text: str) -> str:
    """Case- and space-insensitive form: Babel puts no-break spaces into numbers and dates."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).casefold()


# --- the question files themselves (pass without any answering code) ----------------------

@pytest.mark.parametrize("lang", LANGUAGES)
def test_question_file_is_well_formed(lang: str) -> None:
    items = _load_yaml(QUESTIONS_DIR / f"{lang}.yaml")
    assert len(items) >= MIN_QUESTIONS, f"{lang}: only {len(items)} questions"
    seen = set()
    for n, item in enumerate(items, start=1):
        where = f"{lang}-{n:02d} {item.get('q')!r}"
        assert set(item) <= ITEM_KEYS, f"{where}: unknown keys {set(item) - ITEM_KEYS}"
        assert item.get("q", "").strip(), f"{where}: empty q"
        assert item["q"] not in seen, f"{where}: duplicate question"
        seen.add(item["q"])
        assert item.get("store") in ("starter", "extra"), f"{where}: store"
        assert _kinds(item) <= KINDS, f"{where}: kind {item['kind']}"
        if item.get("no_figures"):
            assert _kinds(item) == {"no_data"}, f"{where}: no_figures goes with kind no_data"
            assert not item.get("uses"), f"{where}: an unanswerable question uses no entry"
        else:
            assert item.get("uses"), f"{where}: an answerable question names the entries it needs"
    kinds_covered = set().union(*(_kinds(i) for i in items))
    assert kinds_covered == KINDS, f"{lang}: no questions of kind {KINDS - kinds_covered}"


# --- the stores -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Two SQLite stores built once for the module: the starter data, and starter + extra."""
    built: dict[str, Any] = {}
    cleanups = []
    for name, files in (("starter", [STARTER]), ("extra", [STARTER, EXTRA])):
        store, cleanup = make_store("sqlite", tmp_path_factory.mktemp(f"q-{name}"))
        cleanups.append(cleanup)
        for path in files:
            store.entries.import_document(path.read_bytes(), actor="test")
        built[name] = store
    yield built
    for cleanup in cleanups:
        cleanup()


@pytest.fixture(scope="module")
def answerers(stores: dict[str, Any]) -> dict[str, Any]:
    from bot.answering import Answerer

    return {name: Answerer(store) for name, store in stores.items()}


def _entry_ids(store: Any) -> set[str]:
    ids = {e.id for e in store.entries.estimates()} | {law.id for law in store.entries.laws()}
    return ids | {r.id for r in store.entries.reports()}


def test_every_id_in_the_questions_exists(stores: dict[str, Any]) -> None:
    missing = []
    for test_id, _, item in QUESTIONS:
        known = _entry_ids(stores[item["store"]])
        for entry_id in list(item.get("uses") or []) + list(item.get("not_used") or []):
            if entry_id not in known:
                missing.append(f"{test_id}: {entry_id} (store {item['store']})")
    assert not missing, "ids not in the store:\n" + "\n".join(missing)


def test_starter_has_every_figure_of_the_article(stores: dict[str, Any]) -> None:
    """The seed article's figures, exactly as the article gives them (bounds kept as bounds)."""
    store = stores["starter"]
    by_id = {e.id: e for e in store.entries.estimates()}
    expected = {
        "kz-is-fighters-2014-kisi": (250, None, None, "people"),
        "kg-is-fighters-2014-kisi": (100, None, None, "people"),
        "tj-is-fighters-2014-kisi": (190, None, None, "people"),
        "tm-is-fighters-2014-kisi": (360, None, None, "people"),
        "uz-is-fighters-2014-kisi": (None, 500, None, "people"),
        "kz-is-fighters-dead-share-2014-local-experts": (None, None, 80, "percent"),
        "kz-foreigners-terror-links-2014-law-enforcement": (70, None, None, "people"),
        "kg-osh-terror-plot-arrests-2014-09": (10, None, None, "people"),
        "kz-is-fighters-age-2014-kisi": (None, 19, 43, "years"),
    }
    for entry_id, (value, low, high, unit) in expected.items():
        e = by_id[entry_id]
        assert (e.value, e.low, e.high, e.unit) == (value, low, high, unit), entry_id
        for field in ("estimator", "note"):
            assert set(getattr(e, field)) == set(LANGUAGES), f"{entry_id}.{field} lacks a language"
        assert e.source and e.source.publication and e.source.date, f"{entry_id}: no source"
    law = store.entries.get("law", "kz-2014-11-03-extremism")
    assert law.signed == "2014-11-03" and law.status == "signed"
    assert len(law.provisions) == 4 and all(set(p) == set(LANGUAGES) for p in law.provisions)
    assert law.title["ru"].startswith("О внесении изменений и дополнений")
    report = store.entries.get("report", "edm-2014-11-17-our-people-in-an-alien-war")
    assert report.published == "2014-11-17" and {"KZ-KAR", "KZ-AKT", "KZ-ZAP"} <= set(report.places)


# --- every question asked of the core ---------------------------------------------------------

@pytest.mark.parametrize("lang,item", [(lang, item) for _, lang, item in QUESTIONS],
                         ids=[test_id for test_id, _, _ in QUESTIONS])
def test_question(lang: str, item: dict, answerers: dict[str, Any]) -> None:
    from bot.answering import render

    answer = answerers[item["store"]].ask(item["q"], lang=lang)
    text = render(answer, lang, fmt="text")
    used = [entry_id for _, entry_id in answer.used]
    context = f"\nQ: {item['q']}\nkind: {answer.kind}\nused: {answer.used}\n--- answer ---\n{text}"

    assert answer.kind in _kinds(item), f"kind {answer.kind!r}, expected {item['kind']}{context}"
    for entry_id in item.get("uses") or []:
        assert entry_id in used, f"{entry_id} not drawn on{context}"
    for entry_id in item.get("not_used") or []:
        assert entry_id not in used, f"{entry_id} drawn on but must not be{context}"
    plain = _plain(text)
    for fact in item.get("says") or []:
        assert _plain(fact) in plain, f"{fact!r} not in the answer{context}"
    if item.get("no_figures"):
        assert not answer.has_figures, f"an unanswerable question got a figure{context}"
        estimates = [entry_id for kind, entry_id in answer.used if kind == "estimate"]
        assert not estimates, f"estimates drawn on for an unanswerable question{context}"
