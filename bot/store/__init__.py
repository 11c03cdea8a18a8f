"""The curated store: estimates, laws, reports, places, topics and their revisions.

SQLite by default, PostgreSQL for scale-out, both through SQLModel. Import and export
speak the interchange format in shared/spec/curated-store.md.
"""

from bot.store.api import ImportError_, ImportResult, Store  # noqa: F401
