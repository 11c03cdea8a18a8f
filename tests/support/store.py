"""Stores for tests: behind the `store`, `database_url`... fixtures (tests/conftest.py), and for
tests that need several stores or a document.

    make_store(kind, tmp_path) -> (Store, cleanup)  an empty, migrated store: "sqlite" or
                    "postgresql" in a schema of its own (skipped when PostgreSQL is unreachable,
                    unless MONITORBOT_REQUIRE_POSTGRES=1, then the test fails)
    base_doc()      a small valid interchange document
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import event

from bot.store import Store

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
BACKENDS = ["sqlite", "postgresql"]


def postgres_url() -> str:
    return os.environ.get("MONITORBOT_TEST_DATABASE_URL") or DEFAULT_PG_URL


def _postgres_unavailable(reason: str) -> None:
    if os.environ.get("MONITORBOT_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"PostgreSQL is required (MONITORBOT_REQUIRE_POSTGRES=1) but unusable: {reason}")
    pytest.skip(f"PostgreSQL unreachable: {reason}")


def _new_schema() -> tuple[str, Callable[[], None]]:
    """A fresh PostgreSQL schema and the function that drops it (skip/fail when unreachable)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import OperationalError

    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(postgres_url())
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except OperationalError as exc:
        admin.dispose()
        _postgres_unavailable(str(exc.orig).splitlines()[0] if exc.orig else str(exc))

    def drop() -> None:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    return schema, drop


def make_store(kind: str, tmp_path: Path) -> tuple[Store, Callable[[], None]]:
    """An empty, migrated Store of `kind` ("sqlite" | "postgresql") and a cleanup function."""
    if kind == "sqlite":
        store = Store.open(f"sqlite:///{tmp_path / f'store-{uuid.uuid4().hex[:8]}.db'}")
        return store, store.close
    if kind != "postgresql":
        raise ValueError(kind)
    schema, drop = _new_schema()
    store = Store.open(postgres_url(), schema=schema)

    def cleanup() -> None:
        store.close()
        drop()

    return store, cleanup


# --- documents ---------------------------------------------------------------------------------

def base_doc() -> dict:
    """A small valid interchange document: one place group, topic, estimate, law and report."""
    return {
        "version": 1,
        "places": [{"code": "central-asia", "name": {"en": "Central Asia", "ru": "Центральная Азия"},
                    "includes": ["KZ", "KG", "TJ", "TM", "UZ"]}],
        "topics": [{"key": "foreign-fighters", "label": {"en": "nationals fighting for the Islamic State"},
                    "synonyms": {"en": ["fighters"], "ru": ["боевики"]}}],
        "estimates": [{
            "id": "kz-is-fighters-2014-kisi", "topic": "foreign-fighters", "place": "KZ", "value": 250,
            "unit": "people", "as_of": "2014-09",
            "estimator": {"en": "Kazakhstan Institute for Strategic Studies (KISI)"},
            "source": {"publication": "Tengri News", "date": "2014-09-16"},
        }],
        "laws": [{"id": "kz-2014-11-03-extremism", "jurisdiction": "KZ",
                  "title": {"en": "On amendments ... on combating extremism and terrorism"},
                  "signed": "2014-11-03", "status": "signed"}],
        "reports": [{"url": "https://jamestown.org/program/our-people/", "title": "Our People in an Alien War",
                     "published": "2014-11-17", "language": "en", "places": ["KZ", "KG"]}],
    }


class Statements:
    """Counts the SQL statements an engine runs."""

    def __init__(self, engine):
        self.n = 0
        event.listen(engine, "before_cursor_execute", self._count)
        self.engine = engine

    def _count(self, *args):
        self.n += 1

    def take(self) -> int:
        n, self.n = self.n, 0
        return n

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._count)
