"""Shared machinery for table-driven question tests over a store file: the row builder, a module
fixture's store, and the one check every row gets (kind, entries drawn on, facts, no figure)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tests.support.store import make_store

NONE = dict(kind="no_data", no_figures=True)  # an unanswerable question: no data, no figure


def Q(q: str, kind: str | list[str], uses: list[str] | None = None, says: list[str] | None = None,
      not_used: list[str] | None = None, no_figures: bool = False) -> dict[str, Any]:
    return {"q": q, "kind": kind, "uses": uses or [], "says": says or [], "not_used": not_used or [],
            "no_figures": no_figures}


def table(en: list[dict], ru: list[dict], kk: list[dict]) -> tuple[list[tuple[str, dict]], list[str]]:
    """The parametrize rows and their ids ("ru-07")."""
    by_lang = (("en", en), ("ru", ru), ("kk", kk))
    rows = [(lang, item) for lang, items in by_lang for item in items]
    ids = [f"{lang}-{n:02d}" for lang, items in by_lang for n in range(1, len(items) + 1)]
    return rows, ids


def plain(text: str) -> str:
    """Case- and space-insensitive form: Babel puts no-break spaces into numbers and dates."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).casefold()


def answerer_over(store_file: Path, tmp_dir: Path) -> Iterator[Any]:
    """An Answerer over a SQLite store holding `store_file` (for a module-scoped fixture)."""
    from bot.answering import Answerer

    store, cleanup = make_store("sqlite", tmp_dir)
    store.entries.import_document(store_file.read_bytes(), actor="test")
    yield Answerer(store)
    cleanup()


def table_answerer(store_file: Path, name: str) -> Any:
    """A module-scoped `answerer` fixture over `store_file` (assign it to `answerer` in the module)."""
    import pytest

    @pytest.fixture(scope="module")
    def answerer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
        yield from answerer_over(store_file, tmp_path_factory.mktemp(name))

    return answerer


def assert_sound_table(answerer: Any, by_language: tuple[list[dict], ...], rows: list[tuple[str, dict]],
                       minimum: int) -> None:
    """Enough questions per language, none twice, and every entry id a row names is in the store."""
    for items in by_language:
        assert len(items) >= minimum
        assert len({i["q"] for i in items}) == len(items), "duplicate question"
    assert not missing_ids(answerer, rows)


def missing_ids(answerer: Any, rows: list[tuple[str, dict]]) -> set[str]:
    store = answerer.store
    known = {e.id for e in store.entries.estimates()} | {law.id for law in store.entries.laws()}
    return {i for _, item in rows for i in item["uses"] + item["not_used"]} - known


def check_question(answerer: Any, lang: str, item: dict[str, Any]) -> None:
    from bot.answering import render

    answer = answerer.ask(item["q"], lang=lang)
    text = render(answer, lang, fmt="text")
    used = [entry_id for _, entry_id in answer.used]
    context = f"\nQ: {item['q']}\nkind: {answer.kind}\nused: {used}\n--- answer ---\n{text}"
    kinds = set(item["kind"]) if isinstance(item["kind"], list) else {item["kind"]}
    assert answer.kind in kinds, f"kind {answer.kind!r}, expected {item['kind']}{context}"
    for entry_id in item["uses"]:
        assert entry_id in used, f"{entry_id} not drawn on{context}"
    for entry_id in item["not_used"]:
        assert entry_id not in used, f"{entry_id} drawn on but must not be{context}"
    for fact in item["says"]:
        assert plain(fact) in plain(text), f"{fact!r} not in the answer{context}"
    if item["no_figures"]:
        assert not answer.has_figures, f"an unanswerable question got a figure{context}"
