"""Upgrading a database made by the first migration, with data in it, loses none of it: the
entries, their revision history and retractions all survive `monitorbot db upgrade`."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from app.cli import main as cli_main
from bot.store import Store
from bot.store.engine import make_engine
from bot.store.migrations import upgrade_engine

STARTER = Path(__file__).resolve().parents[2] / "bot" / "data" / "starter.yaml"
EXTRA = Path(__file__).resolve().parents[1] / "data" / "extra.yaml"


def _revision(engine) -> str:  # noqa: ANN001
    with engine.connect() as conn:
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()


def test_upgrade_from_the_first_migration_keeps_everything(database_url: str, monkeypatch) -> None:
    engine = make_engine(database_url)
    upgrade_engine(engine, "0001")
    assert _revision(engine) == "0001"

    # fill the 0001 schema the way the first release would have: import, correct, retract
    old = Store(engine)
    old.entries.import_document(STARTER.read_bytes(), actor="import:starter.yaml")
    old.entries.import_document(EXTRA.read_bytes(), actor="import:extra.yaml")
    changed = STARTER.read_text(encoding="utf-8").replace("value: 250", "value: 260", 1)
    old.entries.import_document(changed.encode(), actor="import:corrected.yaml")
    old.entries.retract("estimate", "kg-is-fighters-2014-kisi", "duplicate of a newer figure", "cli")
    before = {
        "export": old.entries.export_yaml(),
        "counts": old.entries.counts(),
        "history": [(r.revision, r.action, r.changed_by, r.data) for r in old.entries.history("estimate", "kz-is-fighters-2014-kisi")],
        "retracted": old.entries.get("estimate", "kg-is-fighters-2014-kisi", include_retracted=True),
    }
    engine.dispose()

    monkeypatch.setenv("DATABASE_URL", database_url)
    assert cli_main(["db", "upgrade"]) == 0

    engine = make_engine(database_url)
    assert _revision(engine) != "0001"
    new = Store(engine)
    assert new.entries.export_yaml() == before["export"]
    assert new.entries.counts() == before["counts"]
    history = [(r.revision, r.action, r.changed_by, r.data) for r in new.entries.history("estimate", "kz-is-fighters-2014-kisi")]
    assert history == before["history"] and [h[0] for h in history] == [1, 2]
    assert history[0][3]["value"] == 250 and history[1][3]["value"] == 260
    assert new.entries.get("estimate", "kg-is-fighters-2014-kisi") is None  # still retracted
    assert new.entries.get("estimate", "kg-is-fighters-2014-kisi", include_retracted=True) == before["retracted"]
    # and the upgraded store works for what came after 0001: roles, subscriptions
    new.people.set_role(42, "curator", "cli")
    assert new.people.role(42) is not None
    engine.dispose()
