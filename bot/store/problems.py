"""What an import reports: the problems that stopped it, or the counts of what it changed.

Re-exported by bot.store.api (the contract names them there).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.errors import UserFacingError


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


class ImportError_(ValueError, UserFacingError):
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
    # entries the file names that a curator has retracted: import never brings them back
    kept_retracted: list[str] = field(default_factory=list)  # "estimate:kz-..." (kind:id)

    @property
    def changed(self) -> int:
        return self.added + self.updated
