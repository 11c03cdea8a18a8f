"""Row helpers every part of the store shares: a leaf module (it imports nothing of the store
but its tables, records and validation constants), so that api.py and the parts it composes
import it instead of each other.

- `aware`: SQLite hands back naive datetimes; the store writes UTC only (the one such helper);
- `iso`: a stored time as the text records carry ("2024-03-01T12:00:00Z");
- `entry_table` and `entry_keys`: an entry kind's table, and the keys of its current entries;
- `entry_kind` and `KEY_COLUMN`: an entry kind (singular or plural) and its key column;
- `to_record`: an entry's canonical data as its frozen record.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Table, select

from bot.languages import CODES
from bot.store import records as r
from bot.store.models import ENTRY_TABLES
from bot.store.validate import KIND_OF_SECTION

KEY_COLUMN = {"place": "code", "topic": "key", "estimate": "id", "law": "id", "report": "id"}
Record = r.PlaceRecord | r.TopicRecord | r.EstimateRecord | r.LawRecord | r.ReportRecord


def aware(ts: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; the store writes UTC only."""
    if ts is None:
        return None
    return ts.replace(tzinfo=UTC) if ts.tzinfo is None else ts.astimezone(UTC)


def iso(ts: datetime | None) -> str | None:
    """A stored time as the records' text, in UTC ("2024-03-01T12:00:00Z")."""
    ts = aware(ts)
    return None if ts is None else ts.strftime("%Y-%m-%dT%H:%M:%SZ")


def entry_table(kind: str) -> Table:
    return ENTRY_TABLES[kind].__table__  # type: ignore[attr-defined]


def entry_keys(conn, kind: str) -> set[str]:  # noqa: ANN001
    """The keys (ids, codes) of the current, non-retracted entries of `kind`."""
    table = entry_table(kind)
    col = table.c[KEY_COLUMN[kind]]
    return set(conn.execute(select(col).where(table.c.retracted.is_(False))).scalars())


def entry_kind(kind: str) -> str:
    k = KIND_OF_SECTION.get(kind, kind)
    if k not in ENTRY_TABLES:
        raise ValueError(f"unknown kind {kind!r}: expected estimate, law, report, place or topic")
    return k


def _cldr_name(code: str) -> dict[str, str]:
    from babel import Locale

    out = {}
    for lang in CODES:
        name = Locale.parse(lang).territories.get(code)
        if name:
            out[lang] = name
    return out or {"en": code}


def _source(data: dict | None) -> r.Source | None:
    if not data:
        return None
    return r.Source(publication=data.get("publication"), date=data.get("date"),
                    title=data.get("title"), url=data.get("url"))


def to_record(kind: str, data: dict, revision: int = 1, retracted: bool = False) -> Record:
    """The frozen record for an entry's canonical data."""
    d = data
    if kind == "place":
        return r.PlaceRecord(code=d["code"], name=d.get("name") or _cldr_name(d["code"]),
                             aliases={k: list(v) for k, v in d.get("aliases", {}).items()},
                             within=d.get("within"), includes=tuple(d.get("includes", ())))
    if kind == "topic":
        return r.TopicRecord(key=d["key"], label=d.get("label") or {"en": d["key"].replace("-", " ")},
                             synonyms={k: list(v) for k, v in d.get("synonyms", {}).items()})
    if kind == "estimate":
        return r.EstimateRecord(
            id=d["id"], topic=d["topic"], place=d["place"], value=d.get("value"), low=d.get("low"),
            high=d.get("high"), unit=d.get("unit", "people"), approx=bool(d.get("approx")), as_of=d.get("as_of"),
            estimator=d.get("estimator"), source=_source(d.get("source")), note=d.get("note"),
            tags=tuple(d.get("tags", ())), revision=revision, retracted=retracted)
    if kind == "law":
        return r.LawRecord(
            id=d["id"], jurisdiction=d["jurisdiction"], title=d["title"], number=d.get("number"),
            signed=d.get("signed"), adopted=d.get("adopted"), in_force=d.get("in_force"),
            signed_by=d.get("signed_by"), status=d.get("status"), summary=d.get("summary"),
            provisions=tuple(d.get("provisions", ())), source=_source(d.get("source")),
            tags=tuple(d.get("tags", ())), revision=revision, retracted=retracted)
    return r.ReportRecord(
        id=d["id"], url=d["url"], title=d.get("title"), publication=d.get("publication"),
        published=d.get("published"), language=d.get("language"), summary=d.get("summary"),
        text=d.get("text"), places=tuple(d.get("places", ())), tags=tuple(d.get("tags", ())),
        revision=revision, retracted=retracted)
