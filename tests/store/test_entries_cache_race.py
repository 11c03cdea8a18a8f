"""bot.store.entries: the figures of a generation are read once however many threads ask at once."""

from __future__ import annotations

import threading

from bot.store import Store


def test_threads_reading_the_figures_at_once_each_get_every_figure_once(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path}/race.db")
    store.entries.load_starter_if_empty()
    expected = sorted(e.id for e in store.entries.estimates(places=["KZ"]))
    assert expected
    original = store.entries._load
    arrived = threading.Barrier(4)

    def slow_load(kind, *args, **kwargs):  # every thread inside the build at the same time
        rows = original(kind, *args, **kwargs)
        if kind == "estimate":
            arrived.wait(timeout=10)
        return rows

    for _ in range(5):
        cache = store.entries._cache
        store.entries._cache = type(cache)(generation=cache.generation)  # nothing read yet
        store.entries._load = slow_load
        seen: list[list[str]] = []

        def read(into: list[list[str]] = seen) -> None:
            into.append(sorted(e.id for e in store.entries.estimates(places=["KZ"])))

        threads = [threading.Thread(target=read) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=20)
        store.entries._load = original
        assert seen == [expected] * 4
        assert sorted(e.id for e in store.entries.estimates(places=["KZ"])) == expected
    store.close()
