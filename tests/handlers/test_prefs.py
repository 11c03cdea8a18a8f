"""The /language choice is kept in the store's database (SQLite and PostgreSQL) and survives a restart."""

from __future__ import annotations

from handlers.prefs import MemoryPrefs, prefs_for


def test_language_choice_persists_in_the_store_database(store):
    prefs = prefs_for(store)
    assert prefs is store.people
    assert prefs.language(42) is None
    prefs.set_language(42, "kk")
    prefs.set_language(7, "ru")
    prefs.set_language(42, "en")
    again = prefs_for(store)  # a restarted bot reads what the last one saved
    assert again.language(42) == "en" and again.language(7) == "ru"
    again.set_language(7, None)  # /language auto
    assert prefs_for(store).language(7) is None


def test_a_store_without_people_keeps_prefs_in_memory():
    prefs = prefs_for(object())
    assert isinstance(prefs, MemoryPrefs)
    prefs.set_language(1, "ru")
    assert prefs.language(1) == "ru"
    prefs.set_language(1, None)
    assert prefs.language(1) is None
