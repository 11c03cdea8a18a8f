"""The curated store: estimates, laws, reports, places, topics and their revisions.

SQLite by default, PostgreSQL for scale-out, both through SQLModel (models.py) with Alembic
migrations (migrations/). Import and export speak the interchange format in
shared/spec/curated-store.md (validate.py, yamlio.py); api.Store
composes the repositories (entries, people, feeds, ...) over one database.Database.
"""

from bot.store.api import MAX_IMPORT_BYTES, ImportError_, ImportResult, Problem, Store  # noqa: F401
