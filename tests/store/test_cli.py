"""`monitorbot import / export / db upgrade` through app.cli.main, with DATABASE_URL set."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from bot.store import Store, yamlio
from tests.support.store import base_doc


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, database_url: str) -> str:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("MONITORBOT_STARTER", "off")
    return database_url


def write(tmp_path: Path, name: str, doc: dict) -> Path:
    path = tmp_path / name
    path.write_text(yamlio.dump(doc), encoding="utf-8")
    return path


def test_import_then_export(env: str, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    src = write(tmp_path, "in.yaml", base_doc())
    assert main(["import", str(src)]) == 0
    assert "5 added, 0 updated, 0 unchanged" in capsys.readouterr().out
    assert main(["import", str(src)]) == 0
    assert "0 added, 0 updated, 5 unchanged" in capsys.readouterr().out
    out = tmp_path / "out.yaml"
    assert main(["export", str(out)]) == 0
    assert "1 estimates" in capsys.readouterr().out
    exported = yamlio.load(out.read_bytes())
    assert exported["estimates"][0]["value"] == 250
    assert exported["estimates"][0]["estimator"] == {"en": "Kazakhstan Institute for Strategic Studies (KISI)"}
    assert main(["export", "-"]) == 0
    assert capsys.readouterr().out == out.read_text(encoding="utf-8")


def test_invalid_file_exits_1_names_entry_and_field_and_changes_nothing(
        env: str, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["import", str(write(tmp_path, "ok.yaml", base_doc()))]) == 0
    capsys.readouterr()
    doc = base_doc()
    doc["estimates"][0]["value"] = 999
    doc["estimates"][0]["as_of"] = "2014-13"
    bad = write(tmp_path, "bad.yaml", doc)
    assert main(["import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "nothing was changed" in err
    assert "estimates[1] (id kz-is-fighters-2014-kisi), field 'as_of'" in err and "YYYY-MM-DD" in err
    store = Store.open(env)
    try:
        assert store.entries.get("estimate", "kz-is-fighters-2014-kisi").value == 250
    finally:
        store.close()


def test_dry_run_and_unreadable_file(env: str, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    src = write(tmp_path, "in.yaml", base_doc())
    assert main(["import", "--dry-run", str(src)]) == 0
    assert "would import" in capsys.readouterr().out
    assert main(["import", str(tmp_path / "missing.yaml")]) == 1
    assert "cannot read" in capsys.readouterr().err
    assert main(["export", "-"]) == 0
    assert "estimates: []" in capsys.readouterr().out


def test_non_utf8_file_is_refused(env: str, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "cp1251.yaml"
    path.write_bytes("version: 1\ntopics: [{key: t, label: боевики}]\n".encode("cp1251"))
    assert main(["import", str(path)]) == 1
    assert "not UTF-8" in capsys.readouterr().err


def test_db_upgrade(env: str, capsys: pytest.CaptureFixture) -> None:
    assert main(["db", "upgrade"]) == 0
    assert main(["db", "upgrade"]) == 0  # idempotent
    assert "latest schema" in capsys.readouterr().out
