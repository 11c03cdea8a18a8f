"""The Store facade: the one object the rest of the code uses to read and change the store.

CONTRACT (other modules are written against these signatures; keep them):

    store = Store.open(url)            # creates/migrates the schema (Alembic), returns a Store
    store.generation() -> int          # changes whenever anything in the store changes
                                       # (used to invalidate in-memory indexes; cheap to call)
    store.is_empty() -> bool

    # reads (never return retracted entries unless include_retracted=True)
    store.places() -> list[PlaceRecord]
    store.topics() -> list[TopicRecord]
    store.estimates(places=None, topics=None, include_retracted=False) -> list[EstimateRecord]
    store.laws(jurisdictions=None, include_retracted=False) -> list[LawRecord]
    store.reports(since=None, limit=None) -> list[ReportRecord]
    store.get(kind, id) -> record | None
    store.history(kind, id) -> list[RevisionRecord]  (oldest first)
    store.counts() -> dict[str, int]   # {"estimates": n, "laws": n, "reports": n, "places": n, "topics": n}

    # writes
    store.import_document(doc: dict | bytes | str, *, actor="cli", dry_run=False) -> ImportResult
        # atomic; raises ImportError_ listing every problem (entry + field + what was expected)
    store.export_document() -> dict   # the whole store in the interchange format (version 1)
    store.export_yaml() -> str
    store.load_starter_if_empty() -> ImportResult | None
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an imported file: where, which field, and what was expected."""

    entry: str  # "estimates[3] (id kz-is-2014)" or "file"
    field: str  # "as_of", "low", ... or "" for the whole entry/file
    message: str  # English, for logs and the CLI
    code: str  # machine key for translation, e.g. "bad_date", "missing", "unknown_place"
    params: dict = field(default_factory=dict)  # values for the translated message

    def __str__(self) -> str:
        where = f"{self.entry}, field '{self.field}'" if self.field else self.entry
        return f"{where}: {self.message}"


class ImportError_(ValueError):
    """The file is invalid; nothing was changed. `.problems` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class ImportResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    by_kind: dict[str, dict[str, int]] = field(default_factory=dict)  # kind -> {added, updated, unchanged}


class Store:  # implemented in this module by the store work; see CONTRACT above
    pass
