"""Backups: `monitorbot export` is the backup, `monitorbot import` into an empty database the restore.

Run through app.cli.main with DATABASE_URL, on SQLite and on PostgreSQL (a schema each); also
pins down what a backup does NOT carry (history, retracted entries, people, chats, feeds,
subscriptions), which the deployment guide states.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import main
from bot.answering import Answerer, render
from bot.store import Store, yamlio
from tests.support.store import _new_schema, postgres_url

EXTRA = Path(__file__).parents[1] / "data" / "extra.yaml"
RETRACTED = "kg-is-fighters-2014-kisi"  # a starter entry a curator withdrew
CORRECTED = "kz-is-fighters-2014-kisi"  # a starter entry a curator corrected (revision 2)
QUESTION = "How many Kazakhstanis fought for IS?"


@pytest.fixture(params=["sqlite", "postgresql"])
def two_urls(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """(source, target): two empty databases of the same kind, addressed only by URL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'source.db'}", f"sqlite:///{tmp_path / 'target.db'}"
        return
    (source, drop_source), (target, drop_target) = _new_schema(), _new_schema()
    try:
        yield (f"{postgres_url()}?options=-csearch_path%3D{source}",
               f"{postgres_url()}?options=-csearch_path%3D{target}")
    finally:
        drop_source()
        drop_target()


def fill(url: str) -> None:
    """Starter + extra data, one retracted entry, one corrected entry, and the operational state
    (a curator, an allowed chat, a feed, a subscription) that lives beside the entries."""
    store = Store.open(url)
    try:
        store.entries.load_starter_if_empty()
        store.entries.import_document(EXTRA.read_bytes(), actor="import:extra.yaml")
        store.entries.retract("estimate", RETRACTED, reason="source withdrawn", actor="tg:42")
        store.entries.update_field("estimate", CORRECTED, "value", "260", actor="tg:42")
        store.people.record_seen(42, username="curator", name="A Curator")
        store.people.set_role(42, "curator", actor="admin")
        store.people.allow_chat(-100123, "Analysts", actor="admin")
        store.feeds.add("https://news.example.org/rss", "Example news", actor="tg:42")
        store.subscriptions.add(-100123, "tg:42", "daily", at="08:00", language="ru")
    finally:
        store.close()


def cli(monkeypatch: pytest.MonkeyPatch, url: str, *argv: str) -> int:
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("MONITORBOT_STARTER", "off")
    return main(list(argv))


def test_export_import_export_is_identical(two_urls: tuple[str, str], tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture) -> None:
    source, target = two_urls
    fill(source)
    backup, again = tmp_path / "backup.yaml", tmp_path / "again.yaml"

    assert cli(monkeypatch, source, "export", str(backup)) == 0
    out = capsys.readouterr().out
    assert f"exported {backup}: 12 estimates, 2 laws, 1 reports, 6 places, 5 topics" in out

    assert cli(monkeypatch, target, "import", str(backup)) == 0
    assert "26 added, 0 updated, 0 unchanged" in capsys.readouterr().out

    assert cli(monkeypatch, target, "export", str(again)) == 0
    assert again.read_bytes() == backup.read_bytes()

    # The restored bot answers exactly as the original did, corrected figure and all.
    original, restored = Store.open(source), Store.open(target)
    try:
        assert restored.entries.get("estimate", CORRECTED).value == 260
        assert restored.entries.get("estimate", CORRECTED).estimator["en"] == "Kazakhstan Institute for Strategic Studies (KISI)"
        for lang in ("en", "ru", "kk"):
            a = render(Answerer(original).ask(QUESTION, lang=lang), lang, fmt="text")
            b = render(Answerer(restored).ask(QUESTION, lang=lang), lang, fmt="text")
            assert a == b
        assert "260" in render(Answerer(restored).ask(QUESTION, lang="en"), "en", fmt="text")
    finally:
        original.close()
        restored.close()


def test_backup_to_stdout_restores_from_stdin(two_urls: tuple[str, str], tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture) -> None:
    """`docker compose run -T bot export - > backup.yaml` / `... import - < backup.yaml`."""
    import io
    import sys

    source, target = two_urls
    fill(source)
    assert cli(monkeypatch, source, "export", "-") == 0
    dumped = capsys.readouterr().out
    assert yamlio.load(dumped)["version"] == 1  # stdout holds the document and nothing else

    class Stdin:
        buffer = io.BytesIO(dumped.encode("utf-8"))

    monkeypatch.setattr(sys, "stdin", Stdin)
    assert cli(monkeypatch, target, "import", "-") == 0
    assert "26 added" in capsys.readouterr().out
    assert cli(monkeypatch, target, "export", "-") == 0
    assert capsys.readouterr().out == dumped


def test_what_a_backup_does_not_carry(two_urls: tuple[str, str], tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    source, target = two_urls
    fill(source)
    backup = tmp_path / "backup.yaml"
    assert cli(monkeypatch, source, "export", str(backup)) == 0
    assert cli(monkeypatch, target, "import", str(backup)) == 0

    original, restored = Store.open(source), Store.open(target)
    try:
        # Retracted entries: not in the file, so gone (not even as retracted) after a restore.
        assert RETRACTED not in backup.read_text(encoding="utf-8")
        assert original.entries.get("estimate", RETRACTED, include_retracted=True).retracted
        assert restored.entries.get("estimate", RETRACTED, include_retracted=True) is None
        # Revision history: the restore is each entry's first revision, by the import.
        assert [h.action for h in original.entries.history("estimate", CORRECTED)] == ["create", "update"]
        restored_history = restored.entries.history("estimate", CORRECTED)
        assert [(h.revision, h.action) for h in restored_history] == [(1, "create")]
        assert restored_history[0].changed_by == "cli:backup.yaml"
        # People and roles, allowed chats, feeds and subscriptions live only in the database.
        assert original.people.role(42) == "curator" and restored.people.role(42) is None
        assert restored.people.get(42) is None
        assert [c.chat_id for c in original.people.allowed_chats()] == [-100123]
        assert restored.people.allowed_chats() == []
        assert len(original.feeds.all()) == 1 and restored.feeds.all() == []
        assert len(original.subscriptions.all()) == 1 and restored.subscriptions.all() == []
    finally:
        original.close()
        restored.close()


def test_restore_before_first_start_keeps_retracted_starter_entries_out(
        two_urls: tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Why the guide says: restore into the empty database BEFORE the bot first starts there.
    A bot started on an empty database loads the starter set, bringing back a starter entry
    that curators had retracted (the backup cannot say "retracted")."""
    source, target = two_urls
    fill(source)
    backup = tmp_path / "backup.yaml"
    assert cli(monkeypatch, source, "export", str(backup)) == 0

    assert cli(monkeypatch, target, "import", str(backup)) == 0
    restored = Store.open(target)
    try:
        assert restored.entries.load_starter_if_empty() is None  # the bot's start: nothing comes back
        assert restored.entries.get("estimate", RETRACTED) is None
    finally:
        restored.close()

    # The wrong order, on a third database: the starter set lands first, the retracted entry with it.
    third = (f"sqlite:///{tmp_path / f'third-{uuid.uuid4().hex[:6]}.db'}" if target.startswith("sqlite")
             else None)
    if third is None:
        schema, drop = _new_schema()
        third = f"{postgres_url()}?options=-csearch_path%3D{schema}"
    else:
        drop = None
    try:
        early = Store.open(third)
        try:
            early.entries.load_starter_if_empty()
        finally:
            early.close()
        assert cli(monkeypatch, third, "import", str(backup)) == 0
        wrong = Store.open(third)
        try:
            assert wrong.entries.get("estimate", RETRACTED).value is not None  # back in answers
        finally:
            wrong.close()
    finally:
        if drop:
            drop()
