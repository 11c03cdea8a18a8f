"""Entries of the store — its `entries` repository: estimates, laws, reports, places and topics,
their reads (cached per generation), import and export of the interchange format, history,
retract and restore, and single-entry writes from chat: validate, save (add or update by id) and
correct one field, with exactly the import's rules, atomically, a revision per change.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update

from bot.store import records as r
from bot.store import yamlio
from bot.store.database import Database
from bot.store.engine import startup_lock
from bot.store.models import CandidateRow, RevisionRow
from bot.store.problems import ImportError_, ImportResult, Problem
from bot.store.rows import (
    KEY_COLUMN,
    Record,
    aware,
    entry_keys,
    entry_kind,
    entry_table,
    iso,
    to_record,
)
from bot.store.typed import TypedValueError, parse_bool, parse_date_text, parse_figure, parse_number
from bot.store.validate import (
    FIELDS,
    KEY_FIELD,
    KIND_OF_SECTION,
    KINDS,
    LANGS,
    SECTION_OF_KIND,
    SOURCE_FIELDS,
    canonical_url,
    validate_document,
)

STARTER_PATH = Path(__file__).resolve().parent.parent / "data" / "starter.yaml"
_CHUNK = 500  # ids per IN (...) list: well under every database's parameter limit
FIGURE_FIELDS = ("value", "low", "high")
_LIST_SPLIT = re.compile(r"[,;\s]+")
SAVE_MODES = ("upsert", "add", "update")


def _problem(fld: str, code: str, message: str, **params: Any) -> Problem:
    return Problem(entry="", field=fld, message=message, code=code, params={"entry": "", "field": fld, **params})


def _typed_problem(fld: str, exc: TypedValueError) -> Problem:
    messages = {
        "bad_figure": "not a figure: expected e.g. 250, >500, up to 80 or 80-100",
        "bad_number": "not a number",
        "negative": "a count cannot be below zero",
        "low_above_high": "low is above high",
        "bad_date": "not a date: expected YYYY, YYYY-MM or YYYY-MM-DD",
        "bad_bool": "expected true or false",
    }
    code = "bad_figure" if exc.code == "bad_number" else exc.code
    return _problem(fld, code, messages.get(exc.code, exc.code), **{k: str(v) for k, v in exc.params.items()})


def relabel(problems: list[Problem]) -> list[Problem]:
    """Problems of a one-entry document, said of "the entry" (entry "") rather than a file position."""
    return [Problem(entry="", field=p.field, message=p.message, code=p.code, params={**p.params, "entry": ""})
            for p in problems]


def set_field(kind: str, data: dict, field: str, value: Any) -> dict:
    """`data` with one field set from typed text (or a typed value); raises ImportError_.

    Dotted paths: "source.date", "estimator.ru", "title.kk". An empty value removes the field.
    Setting a figure ("value", or the pseudo-field "figure") replaces value/low/high with the
    figure typed (">500" -> low); setting "low" or "high" drops an exact value.
    """
    section = SECTION_OF_KIND[kind]
    spec = FIELDS[section]
    path = [p for p in field.strip().split(".") if p]
    if not path:
        raise ImportError_([_problem(field, "unknown_key", "no field named", key=field)])
    top = path[0]
    if top == KEY_FIELD[section]:
        raise ImportError_([_problem(top, "read_only", "the id cannot be changed", id=data.get(top, ""))])
    if isinstance(value, str):
        value = value.strip()
    empty = value is None or value == "" or value == []
    out = copy.deepcopy(data)
    try:
        if kind == "estimate" and top in ("figure", *FIGURE_FIELDS) and len(path) == 1:
            _set_figure(out, top, value, empty)
            return out
        ftype = spec.get(top)
        if ftype == "source" and len(path) >= 2:
            sub = path[1]
            source = dict(out.get("source") or {})
            stype = SOURCE_FIELDS.get(sub, "str")
            _assign(source, path[1:], stype, value, empty, f"source.{sub}")
            if source:
                out["source"] = source
            else:
                out.pop("source", None)
            return out
        _assign(out, path, ftype or "str", value, empty, top)
    except TypedValueError as exc:
        raise ImportError_([_typed_problem(field, exc)]) from None
    return out


def _set_figure(out: dict, top: str, value: Any, empty: bool) -> None:
    if empty:
        if top in ("figure", "value"):
            for k in FIGURE_FIELDS:
                out.pop(k, None)
        else:
            out.pop(top, None)
        return
    if top in ("figure", "value"):
        figure = parse_figure(value) if isinstance(value, str) else {"value": value}
        for k in (*FIGURE_FIELDS, "approx"):  # a figure typed anew says itself whether it is approximate
            out.pop(k, None)
        if "unit" in figure:
            out["unit"] = figure.pop("unit")
        out.update(figure)
        return
    number = parse_number(value) if isinstance(value, str) else value
    out.pop("value", None)
    out[top] = number


def _assign(target: dict, path: list[str], ftype: str, value: Any, empty: bool, label: str) -> None:
    key = path[0]
    if ftype == "text" and len(path) >= 2:  # one language of a multilingual text
        lang = path[1]
        current = target.get(key)
        text = dict(current) if isinstance(current, dict) else ({} if current is None else {"en": current})
        if empty:
            text.pop(lang, None)
        else:
            text[lang] = value
        if text:
            target[key] = text
        else:
            target.pop(key, None)
        return
    if len(path) >= 2:
        target[".".join(path)] = value  # an unknown sub-field: the validator names it
        return
    if empty:
        target.pop(key, None)
        return
    if isinstance(value, str):
        if ftype == "date":
            value = parse_date_text(value)
        elif ftype == "number":
            value = parse_number(value)
        elif ftype in ("tags",):
            value = [v for v in _LIST_SPLIT.split(value) if v]
        elif ftype == "places":
            value = [_code(v) for v in _LIST_SPLIT.split(value) if v]
        elif ftype == "place":
            value = _code(value)
        elif ftype == "textlist":
            value = [line.strip() for line in value.splitlines() if line.strip()]
        elif ftype in ("status", "language"):
            value = value.lower()
        elif ftype == "bool":
            value = parse_bool(value)
    target[key] = value


def _code(text: str) -> str:
    """'kz' -> 'KZ' (ISO codes are capitals); other codes as typed."""
    t = text.strip()
    return t.upper() if len(t) == 2 and t.isalpha() else t


def _digest(data: dict) -> str:
    blob = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha1(blob.encode("utf-8")).hexdigest()


def _index_columns(kind: str, data: dict) -> dict[str, Any]:
    """The queryable columns of an entry row, taken from its canonical data."""
    if kind == "place":
        return {"code": data["code"], "within": data.get("within")}
    if kind == "topic":
        return {"key": data["key"]}
    if kind == "estimate":
        return {"id": data["id"], "topic": data["topic"], "place": data["place"], "as_of": data.get("as_of")}
    if kind == "law":
        when = data.get("signed") or data.get("adopted") or data.get("in_force")
        return {"id": data["id"], "jurisdiction": data["jurisdiction"], "year": int(when[:4]) if when else None}
    return {"id": data["id"], "url_canonical": canonical_url(data["url"]), "published": data.get("published")}


def _with(record: r.ReportRecord, **changes: Any) -> r.ReportRecord:
    from dataclasses import replace

    return replace(record, **changes)


def _newest_first(records: list[r.EstimateRecord]) -> list[r.EstimateRecord]:
    records = sorted(records, key=lambda e: e.id)
    return sorted(records, key=lambda e: e.as_of or "", reverse=True)


@dataclass
class _Cache:
    """Parsed records of the small, hot kinds, valid for one generation."""

    generation: int
    places: list[r.PlaceRecord] | None = None
    topics: list[r.TopicRecord] | None = None
    laws: list[r.LawRecord] | None = None
    estimates: list[r.EstimateRecord] | None = None
    by_place: dict[str, list[r.EstimateRecord]] = field(default_factory=dict)
    by_topic: dict[str, list[r.EstimateRecord]] = field(default_factory=dict)


class Entries:
    """The entries and their history (see the module docstring)."""

    def __init__(self, db: Database):
        self.db = db
        self._cache = _Cache(generation=-1)

    def _fresh(self) -> _Cache:
        gen = self.db.generation()
        if self._cache.generation != gen:
            self._cache = _Cache(generation=gen)
        return self._cache

    def _load(self, kind: str, include_retracted: bool = False, where: Iterable = ()) -> list[Record]:
        table = entry_table(kind)
        stmt = select(table.c.data, table.c.revision, table.c.retracted)
        if not include_retracted:
            stmt = stmt.where(table.c.retracted.is_(False))
        for clause in where:
            stmt = stmt.where(clause)
        stmt = stmt.order_by(table.c[KEY_COLUMN[kind]])
        with self.db.engine.connect() as conn:
            return [to_record(kind, data, rev, bool(ret)) for data, rev, ret in conn.execute(stmt)]

    # --- reads ----------------------------------------------------------------------------

    def is_empty(self) -> bool:
        with self.db.engine.connect() as conn:
            for kind in ("estimate", "law"):
                table = entry_table(kind)
                if conn.execute(select(table.c.id).limit(1)).first() is not None:
                    return False
        return True

    def places(self) -> list[r.PlaceRecord]:
        cache = self._fresh()
        if cache.places is None:
            cache.places = self._load("place")  # type: ignore[assignment]
        return list(cache.places)

    def topics(self) -> list[r.TopicRecord]:
        cache = self._fresh()
        if cache.topics is None:
            cache.topics = self._load("topic")  # type: ignore[assignment]
        return list(cache.topics)

    def estimates(self, places: Iterable[str] | None = None, topics: Iterable[str] | None = None,
                  include_retracted: bool = False) -> list[r.EstimateRecord]:
        place_set = set(places) if places is not None else None
        topic_set = set(topics) if topics is not None else None
        if include_retracted:
            table = entry_table("estimate")
            where = []
            if place_set is not None:
                where.append(table.c.place.in_(sorted(place_set)))
            if topic_set is not None:
                where.append(table.c.topic.in_(sorted(topic_set)))
            return _newest_first(self._load("estimate", True, where))  # type: ignore[arg-type]
        cache = self._fresh()
        if cache.estimates is None:
            # built aside and published list last: two threads may build at once (the start's
            # warm-up and a question), and appending both into shared maps listed figures twice
            estimates: list[r.EstimateRecord] = _newest_first(self._load("estimate"))  # type: ignore[arg-type]
            by_place: dict[str, list[r.EstimateRecord]] = {}
            by_topic: dict[str, list[r.EstimateRecord]] = {}
            for e in estimates:
                by_place.setdefault(e.place, []).append(e)
                by_topic.setdefault(e.topic, []).append(e)
            cache.by_place, cache.by_topic = by_place, by_topic
            cache.estimates = estimates
        if place_set is None and topic_set is None:
            return list(cache.estimates)
        if place_set is not None and (topic_set is None or len(place_set) <= len(topic_set)):
            pool = [e for p in place_set for e in cache.by_place.get(p, ())]
        else:
            pool = [e for t in topic_set or () for e in cache.by_topic.get(t, ())]
        return _newest_first([e for e in pool if (place_set is None or e.place in place_set)
                              and (topic_set is None or e.topic in topic_set)])

    def laws(self, jurisdictions: Iterable[str] | None = None, include_retracted: bool = False) -> list[r.LawRecord]:
        wanted = set(jurisdictions) if jurisdictions is not None else None
        if include_retracted:
            found = self._load("law", True)
        else:
            cache = self._fresh()
            if cache.laws is None:
                cache.laws = self._load("law")  # type: ignore[assignment]
            found = cache.laws
        return [law for law in found if wanted is None or law.jurisdiction in wanted]  # type: ignore[misc]

    def reports(self, since: str | date | datetime | None = None, limit: int | None = None) -> list[r.ReportRecord]:
        table = entry_table("report")
        stmt = select(table.c.data, table.c.revision).where(table.c.retracted.is_(False))
        if isinstance(since, datetime):
            stmt = stmt.where(table.c.ingested_at >= since)
        elif isinstance(since, date):
            stmt = stmt.where(table.c.published >= since.isoformat())
        elif since:
            stmt = stmt.where(table.c.published >= since)
        # reports without a publication date sort last
        stmt = stmt.order_by(table.c.published.is_(None), table.c.published.desc(), table.c.id)
        if limit is not None:
            stmt = stmt.limit(limit)
        with self.db.engine.connect() as conn:
            return [to_record("report", data, rev) for data, rev in conn.execute(stmt)]  # type: ignore[misc]

    def report_by_url(self, url: str) -> r.ReportRecord | None:
        table = entry_table("report")
        stmt = select(table.c.data, table.c.revision).where(
            table.c.url_canonical == canonical_url(url), table.c.retracted.is_(False)).order_by(table.c.id)
        with self.db.engine.connect() as conn:
            row = conn.execute(stmt).first()
        return to_record("report", row[0], row[1]) if row else None  # type: ignore[return-value]

    def get(self, kind: str, id: str, include_retracted: bool = False) -> Record | None:
        kind = entry_kind(kind)
        table = entry_table(kind)
        stmt = select(table.c.data, table.c.revision, table.c.retracted).where(table.c[KEY_COLUMN[kind]] == id)
        with self.db.engine.connect() as conn:
            row = conn.execute(stmt).first()
        if row is None or (row[2] and not include_retracted):
            return None
        return to_record(kind, row[0], row[1], bool(row[2]))

    def history(self, kind: str, id: str) -> list[r.RevisionRecord]:
        kind = entry_kind(kind)
        t = RevisionRow.__table__  # type: ignore[attr-defined]
        stmt = select(t).where(t.c.kind == kind, t.c.entry_id == id).order_by(t.c.revision, t.c.seq)
        with self.db.engine.connect() as conn:
            return [r.RevisionRecord(kind=row.kind, entry_id=row.entry_id, revision=row.revision,
                                     action=row.action, data=row.data, changed_at=iso(row.changed_at),
                                     changed_by=row.changed_by, reason=row.reason)
                    for row in conn.execute(stmt)]

    def counts(self) -> dict[str, int]:
        out = {}
        with self.db.engine.connect() as conn:
            for section in ("estimates", "laws", "reports", "places", "topics"):
                table = entry_table(KIND_OF_SECTION[section])
                out[section] = int(conn.execute(
                    select(func.count()).select_from(table).where(table.c.retracted.is_(False))).scalar_one())
        return out

    # --- reports as they entered the store --------------------------------------------

    def reports_since(self, ts: datetime, *, include_retracted: bool = False) -> list[r.ReportRecord]:
        """Reports that entered the store at or after `ts` (from feeds or by hand), oldest first,
        with `ingested_at` and `has_figures` filled in."""
        table = entry_table("report")
        c = CandidateRow.__table__  # type: ignore[attr-defined]
        flagged = select(c.c.report_id).where(c.c.status.in_(("pending", "accepted"))).distinct().subquery()
        stmt = (select(table.c.data, table.c.revision, table.c.retracted, table.c.ingested_at,
                       flagged.c.report_id)
                .outerjoin(flagged, flagged.c.report_id == table.c.id)
                .where(table.c.ingested_at >= ts)
                .order_by(table.c.ingested_at, table.c.id))
        if not include_retracted:
            stmt = stmt.where(table.c.retracted.is_(False))

        out: list[r.ReportRecord] = []
        with self.db.engine.connect() as conn:
            for data, rev, retracted, ingested, flag in conn.execute(stmt):
                rec = to_record("report", data, rev, bool(retracted))
                out.append(_with(rec, ingested_at=aware(ingested), has_figures=flag is not None))  # type: ignore[arg-type]
        return out

    def recent_reports(self, since: datetime) -> list[tuple[str, str, dict, str | None]]:
        """(id, canonical url, title, published) of reports ingested since `since`: for the dedupe."""
        table = entry_table("report")
        stmt = select(table.c.id, table.c.url_canonical, table.c.data, table.c.published).where(
            table.c.ingested_at >= since)
        with self.db.engine.connect() as conn:
            return [(rid, url, data.get("title") or {}, published) for rid, url, data, published in conn.execute(stmt)]

    def known_report_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of these report ids (retracted ones too) the store holds already."""
        table = entry_table("report")
        ids = list(ids)
        out: set[str] = set()
        with self.db.engine.connect() as conn:
            for i in range(0, len(ids), 500):
                out |= set(conn.execute(select(table.c.id).where(table.c.id.in_(ids[i:i + 500]))).scalars())
        return out

    # --- writes ---------------------------------------------------------------------------

    def import_document(self, doc: dict | bytes | str, *, actor: str = "cli", dry_run: bool = False) -> ImportResult:
        """Validate a whole document and upsert its entries by id in one transaction."""
        if not isinstance(doc, dict):
            try:
                doc = yamlio.load(doc)
            except yamlio.FileProblem as exc:
                raise ImportError_([Problem("file", "", str(exc), exc.code, dict(exc.params))]) from None
        with self.db.engine.connect() as conn:
            known_places = entry_keys(conn, "place")
            known_topics = entry_keys(conn, "topic")
        validated, problems = validate_document(doc, known_places, known_topics)
        if problems:
            raise ImportError_(problems)

        result = ImportResult()
        now = self.db.clock()
        with self.db.engine.begin() as conn:
            # Take the write lock first: concurrent imports queue up instead of interleaving.
            self.db.bump(conn)
            for section in KINDS:
                kind = KIND_OF_SECTION[section]
                counts = self.upsert_in(conn, kind, validated.entries[section], actor, now, dry_run, result)
                result.by_kind[section] = counts
                result.added += counts["added"]
                result.updated += counts["updated"]
                result.unchanged += counts["unchanged"]
            if dry_run or not result.changed:
                conn.rollback()  # nothing to keep, not even the generation bump
        return result

    def upsert_in(self, conn, kind: str, entries: list[dict], actor: str, now: datetime,  # noqa: ANN001
                dry_run: bool, result: ImportResult) -> dict[str, int]:
        counts = {"added": 0, "updated": 0, "unchanged": 0}
        if not entries:
            return counts
        table = entry_table(kind)
        key = KEY_COLUMN[kind]
        existing: dict[str, tuple[str, int, bool]] = {}
        ids = [e[key] for e in entries]
        for i in range(0, len(ids), _CHUNK):
            stmt = select(table.c[key], table.c.digest, table.c.revision, table.c.retracted).where(
                table.c[key].in_(ids[i:i + _CHUNK]))
            for k, digest, rev, retracted in conn.execute(stmt):
                existing[k] = (digest, rev, bool(retracted))
        inserts, updates, revisions = [], [], []
        for data in entries:
            digest = _digest(data)
            old = existing.get(data[key])
            if old is not None and old[2]:
                result.kept_retracted.append(f"{kind}:{data[key]}")
            if old is None:
                counts["added"] += 1
                row = {**_index_columns(kind, data), "data": data, "digest": digest, "revision": 1,
                       "retracted": False, "retracted_reason": None, "updated_at": now, "updated_by": actor}
                if kind == "report":
                    row["ingested_at"] = now
                inserts.append(row)
                revisions.append(self._revision_row(kind, data[key], 1, "create", data, now, actor))
            elif old[0] == digest:
                counts["unchanged"] += 1
            else:
                counts["updated"] += 1
                rev = old[1] + 1
                cols = _index_columns(kind, data)
                cols.pop(key)
                updates.append({"b_key": data[key], **cols, "data": data, "digest": digest, "revision": rev,
                                "updated_at": now, "updated_by": actor})
                revisions.append(self._revision_row(kind, data[key], rev, "update", data, now, actor))
        if dry_run:
            return counts
        if inserts:
            conn.execute(insert(table), inserts)
        if updates:
            conn.execute(update(table).where(table.c[key] == bindparam("b_key")), updates)
        if revisions:
            conn.execute(insert(RevisionRow.__table__), revisions)  # type: ignore[attr-defined]
        return counts

    @staticmethod
    def _revision_row(kind: str, entry_id: str, revision: int, action: str, data: dict, now: datetime,
                      actor: str | None, reason: str | None = None) -> dict:
        return {"kind": kind, "entry_id": entry_id, "revision": revision, "action": action, "data": data,
                "changed_at": now, "changed_by": actor, "reason": reason}

    def _set_retracted(self, kind: str, id: str, retract: bool, reason: str | None, actor: str | None) -> Record:
        kind = entry_kind(kind)
        table = entry_table(kind)
        key = KEY_COLUMN[kind]
        now = self.db.clock()
        with self.db.engine.begin() as conn:
            self.db.bump(conn)  # lock first, then read: no lost update between two curators
            row = conn.execute(select(table.c.data, table.c.revision, table.c.retracted)
                               .where(table.c[key] == id)).first()
            if row is None:
                raise KeyError(f"no {kind} with id {id!r}")
            data, rev, retracted = row[0], row[1], bool(row[2])
            if retracted == retract:  # already so: nothing changes, no revision
                conn.rollback()
                return to_record(kind, data, rev, retracted)
            conn.execute(update(table).where(table.c[key] == id).values(
                retracted=retract, retracted_reason=reason if retract else None, revision=rev + 1,
                updated_at=now, updated_by=actor))
            conn.execute(insert(RevisionRow.__table__), [self._revision_row(  # type: ignore[attr-defined]
                kind, id, rev + 1, "retract" if retract else "restore", data, now, actor, reason)])
        return to_record(kind, data, rev + 1, retract)

    def retract(self, kind: str, id: str, reason: str | None = None, actor: str | None = None) -> Record:
        """Withdraw an entry: it vanishes from reads and export, and stays in its history.

        A reason is required (history shows who, when and why): without one, ImportError_
        with the problem "missing" for the field "reason", and nothing changes."""
        if not isinstance(reason, str) or not reason.strip():
            raise ImportError_([Problem("", "reason", "missing: a retraction needs a reason", "missing",
                                        {"entry": "", "field": "reason"})])
        return self._set_retracted(kind, id, True, reason.strip(), actor)

    def restore(self, kind: str, id: str, actor: str | None = None, reason: str | None = None) -> Record:
        """Bring a retracted entry back, as it was."""
        return self._set_retracted(kind, id, False, reason, actor)

    # --- export ---------------------------------------------------------------------------

    def export_document(self) -> dict:
        """Current, non-retracted entries in the interchange format, sorted by id/code/key."""
        doc: dict[str, Any] = {"version": 1}
        with self.db.engine.connect() as conn:
            for section in KINDS:
                kind = KIND_OF_SECTION[section]
                table = entry_table(kind)
                stmt = select(table.c.data).where(table.c.retracted.is_(False)).order_by(table.c[KEY_COLUMN[kind]])
                rows = [data for (data,) in conn.execute(stmt)]
                # order by Python's string order, identical on every database collation
                doc[section] = sorted(rows, key=lambda d, k=KEY_COLUMN[kind]: d[k])
        return doc

    def export_yaml(self) -> str:
        return yamlio.dump(self.export_document())

    def load_starter_if_empty(self) -> ImportResult | None:
        """Import the starter data set (bot/data/starter.yaml) into a store that has never had data."""
        with startup_lock(self.db.engine):  # two instances starting on an empty database: one loads it
            if not self.is_empty():
                return None
            return self.import_document(STARTER_PATH.read_bytes(), actor="starter")


    def validate_in(self, conn, kind: str, data: Any) -> tuple[dict | None, list[Problem]]:  # noqa: ANN001
        section = SECTION_OF_KIND[kind]
        validated, problems = validate_document({"version": 1, section: [data]}, entry_keys(conn, "place"),
                                                entry_keys(conn, "topic"))
        if problems:
            return None, relabel(problems)
        return validated.entries[section][0], []

    def validate(self, kind: str, data: Any) -> list[Problem]:
        """Every problem with one entry, by the import's rules (entry "" and the field path)."""

        kind = entry_kind(kind)
        with self.db.engine.connect() as conn:
            return self.validate_in(conn, kind, data)[1]

    def save(self, kind: str, data: Any, actor: str | None, *, mode: str = "upsert") -> r.SaveResult:
        """Add or update one entry by id, atomically, with a revision; raises ImportError_.

        mode "add" refuses an id already in the store (problem "exists"); "update" raises KeyError
        for an id not in the store; "upsert" (the default) does either. A retracted entry stays
        retracted (its data is updated; restore brings it back)."""

        if mode not in SAVE_MODES:
            raise ValueError(f"unknown mode {mode!r}")
        kind = entry_kind(kind)
        key_col = KEY_COLUMN[kind]
        now = self.db.clock()
        with self.db.engine.begin() as conn:
            self.db.bump(conn)  # the write lock first: two curators saving at once queue up
            entry, problems = self.validate_in(conn, kind, data)
            if problems or entry is None:
                raise ImportError_(problems)
            key = entry[key_col]
            table = entry_table(kind)
            exists = conn.execute(select(table.c[key_col]).where(table.c[key_col] == key)).first() is not None
            if mode == "add" and exists:
                raise ImportError_([_problem(key_col, "exists", f"an entry with the id {key!r} exists", id=key)])
            if mode == "update" and not exists:
                raise KeyError(f"no {kind} with id {key!r}")
            return self.write_in(conn, kind, entry, actor, now)

    def write_in(self, conn, kind: str, entry: dict, actor: str | None, now: datetime) -> r.SaveResult:  # noqa: ANN001

        key_col = KEY_COLUMN[kind]
        result = ImportResult()
        counts = self.upsert_in(conn, kind, [entry], actor, now, False, result)
        action = "create" if counts["added"] else "update" if counts["updated"] else "unchanged"
        table = entry_table(kind)
        row = conn.execute(select(table.c.data, table.c.revision, table.c.retracted)
                           .where(table.c[key_col] == entry[key_col])).first()
        if action == "unchanged":
            conn.rollback()  # nothing changed: not even the generation moves
        record = to_record(kind, row[0], row[1], bool(row[2]))
        return r.SaveResult(kind=kind, id=entry[key_col], action=action, revision=row[1], record=record,  # type: ignore[arg-type]
                            retracted=bool(row[2]))

    def update_field(self, kind: str, id: str, field: str, value: Any, actor: str | None) -> r.SaveResult:
        """Correct one field of an entry (typed text converted: "250", ">500", "2014-09", ...), then
        re-validate the whole entry; atomic. Raises KeyError (no such entry) or ImportError_."""

        kind = entry_kind(kind)
        key_col = KEY_COLUMN[kind]
        table = entry_table(kind)
        now = self.db.clock()
        with self.db.engine.begin() as conn:
            self.db.bump(conn)  # lock, then read: no lost update between two curators
            row = conn.execute(select(table.c.data).where(table.c[key_col] == id)).first()
            if row is None:
                raise KeyError(f"no {kind} with id {id!r}")
            changed = set_field(kind, row[0], field, value)
            entry, problems = self.validate_in(conn, kind, changed)
            if problems or entry is None:
                raise ImportError_(problems)
            return self.write_in(conn, kind, entry, actor, now)


__all__ = ["Entries", "set_field", "relabel", "LANGS"]
