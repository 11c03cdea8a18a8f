"""Candidate estimates — the store's `candidates` repository: figures spotted in reports, waiting in
the review queue. Accepting one creates the estimate (source filled in from the report, written
through `entries`) atomically with the status change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import insert, select, update

from bot.store import records as r
from bot.store.database import Database
from bot.store.entries import Entries
from bot.store.models import CandidateRow
from bot.store.problems import ImportError_, Problem
from bot.store.rows import aware, entry_table, to_record
from bot.store.validate import is_pasted_url

# A sentence -> (the "as of" date it states, the estimator it names), either None when it says none.
SentenceReader = Callable[[str], tuple[str | None, str | None]]

STATUSES = ("pending", "accepted", "dismissed")
_FIGURE_KEYS = ("value", "low", "high")


def _number(x: Any) -> float | int | None:
    if x is None:
        return None
    f = float(x)
    return int(f) if f.is_integer() else f


def fingerprint(report_id: str, cand: dict) -> str:
    """The same figure from the same sentence of the same report is proposed once."""
    parts = [report_id, cand["place"], cand["topic"], *(repr(_number(cand.get(k))) for k in _FIGURE_KEYS),
             cand.get("unit") or "people", " ".join(str(cand.get("sentence") or "").split())]
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()


def candidate_values(report_id: str, cand: dict, now: datetime) -> dict:
    """A candidate (a dict or a spotting.Candidate's fields) as a row to insert, status pending."""
    return {
        "report_id": report_id, "place": cand["place"], "topic": cand["topic"],
        "value": _number(cand.get("value")), "low": _number(cand.get("low")), "high": _number(cand.get("high")),
        "unit": (cand.get("unit") or "people")[:50], "qualifier": cand.get("qualifier"),
        "sentence": str(cand.get("sentence") or "")[:2000], "language": cand.get("language"),
        "fingerprint": fingerprint(report_id, cand), "status": "pending", "created_at": now,
    }


def _record(row: Any) -> r.CandidateRecord:
    return r.CandidateRecord(
        id=row.id, report_id=row.report_id, place=row.place, topic=row.topic, value=_number(row.value),
        low=_number(row.low), high=_number(row.high), unit=row.unit, qualifier=row.qualifier,
        sentence=row.sentence, language=row.language, status=row.status, created_at=aware(row.created_at),
        decided_by=row.decided_by, decided_at=aware(row.decided_at), estimate_id=row.estimate_id)


class CandidateError(ValueError):
    """A review action refused: `code` is "not_found" | "decided" (accepted or dismissed already)."""

    def __init__(self, code: str, message: str, status: str | None = None):
        super().__init__(message)
        self.code = code
        self.status = status


class Candidates:
    """The review queue (see the module docstring); accepted estimates are written through `entries`."""

    _cand = CandidateRow.__table__  # type: ignore[attr-defined]

    def __init__(self, db: Database, entries: Entries):
        self.db = db
        self.entries = entries

    def add_many(self, report_id: str, candidates: Iterable[dict]) -> int:
        """Queue figures spotted in a stored report (pending); returns how many were new."""
        now = self.db.clock()
        c = self._cand
        added = 0
        with self.db.engine.begin() as conn:
            for cand in candidates:
                values = candidate_values(report_id, cand, now)
                if conn.execute(select(c.c.id).where(c.c.fingerprint == values["fingerprint"])).first() is None:
                    conn.execute(insert(c).values(**values))
                    added += 1
        return added

    def add(self, report_id: str, candidate: dict) -> r.CandidateRecord | None:
        """Queue one figure; returns it, or None when the same one is queued already."""
        if not self.add_many(report_id, [candidate]):
            return None
        fp = fingerprint(report_id, candidate)
        with self.db.engine.connect() as conn:
            row = conn.execute(select(self._cand).where(self._cand.c.fingerprint == fp)).first()
        return _record(row)

    def find(self, status: str | None = "pending", report_id: str | None = None,
                   limit: int | None = None) -> list[r.CandidateRecord]:
        """The review queue, oldest first (status None: every candidate)."""
        c = self._cand
        stmt = select(c).order_by(c.c.created_at, c.c.id)
        if status is not None:
            stmt = stmt.where(c.c.status == status)
        if report_id is not None:
            stmt = stmt.where(c.c.report_id == report_id)
        if limit is not None:
            stmt = stmt.limit(limit)
        with self.db.engine.connect() as conn:
            return [_record(row) for row in conn.execute(stmt)]

    def get(self, candidate_id: int) -> r.CandidateRecord | None:
        with self.db.engine.connect() as conn:
            row = conn.execute(select(self._cand).where(self._cand.c.id == candidate_id)).first()
        return _record(row) if row else None

    def reports_with_figures(self, report_ids: Iterable[str]) -> set[str]:
        """Which of these reports carry a spotted figure (pending or accepted): digests flag them."""
        ids = list(report_ids)
        c = self._cand
        out: set[str] = set()
        with self.db.engine.connect() as conn:
            for i in range(0, len(ids), 500):
                out |= set(conn.execute(select(c.c.report_id).where(
                    c.c.report_id.in_(ids[i:i + 500]), c.c.status.in_(("pending", "accepted")))).scalars())
        return out

    def estimate(self, candidate_id: int, overrides: dict | None = None,
                           read_sentence: SentenceReader | None = None) -> dict:
        """The estimate accepting would create (interchange format), for the curator to edit first."""
        cand = self.get(candidate_id)
        if cand is None:
            raise CandidateError("not_found", f"no candidate {candidate_id}")
        report = self.entries.get("report", cand.report_id, include_retracted=True)
        return _estimate_data(cand, report, overrides, self.db.clock(), read_sentence=read_sentence)

    def origins(self, candidate_id: int, overrides: dict | None = None,
                          read_sentence: SentenceReader | None = None) -> dict[str, str]:
        """Where accepting would take the estimator and the "as of" date from: {"estimator":
        "sentence" | "publication" | "curator", "as_of": "sentence" | "published" | "today" | "curator"}."""
        cand = self.get(candidate_id)
        if cand is None:
            raise CandidateError("not_found", f"no candidate {candidate_id}")
        report = self.entries.get("report", cand.report_id, include_retracted=True)
        origins: dict[str, str] = {}
        _estimate_data(cand, report, overrides, self.db.clock(), origins, read_sentence=read_sentence)
        return origins

    def accept(self, candidate_id: int, actor: str | None, overrides: dict | None = None,
                         read_sentence: SentenceReader | None = None) -> r.SaveResult:
        """Create the estimate (source from the report; `overrides` replace fields, e.g. {"value":
        320, "estimator": {...}, "as_of": "2014-09"}) and mark the candidate accepted — one
        transaction. Raises CandidateError (not_found / decided) or ImportError_ (an invalid
        override, naming the field); either way nothing changes."""

        now = self.db.clock()
        c = self._cand
        with self.db.engine.begin() as conn:
            self.db.bump(conn)  # the write lock first: two curators accepting at once queue up
            row = conn.execute(select(c).where(c.c.id == candidate_id)).first()
            if row is None:
                raise CandidateError("not_found", f"no candidate {candidate_id}")
            if row.status != "pending":
                raise CandidateError("decided", f"candidate {candidate_id} is {row.status} already", row.status)
            cand = _record(row)
            rt = entry_table("report")
            rep = conn.execute(select(rt.c.data, rt.c.revision, rt.c.retracted).where(rt.c.id == cand.report_id)).first()
            report = to_record("report", rep[0], rep[1], bool(rep[2])) if rep else None
            data = _estimate_data(cand, report, overrides, now, read_sentence=read_sentence)  # type: ignore[arg-type]
            et = entry_table("estimate")
            if conn.execute(select(et.c.id).where(et.c.id == data["id"])).first() is not None:
                raise ImportError_([Problem("", "id", f"an entry with the id {data['id']!r} exists", "exists",
                                            {"entry": "", "field": "id", "id": data["id"]})])
            entry, problems = self.entries.validate_in(conn, "estimate", data)
            if problems or entry is None:
                raise ImportError_(problems)
            saved = self.entries.write_in(conn, "estimate", entry, actor, now)
            conn.execute(update(c).where(c.c.id == candidate_id).values(
                status="accepted", decided_by=actor, decided_at=now, estimate_id=saved.id))
        return saved

    def dismiss(self, candidate_id: int, actor: str | None) -> r.CandidateRecord:
        """Take a candidate off the queue for good; CandidateError (not_found / decided)."""
        now = self.db.clock()
        c = self._cand
        with self.db.engine.begin() as conn:
            done = conn.execute(update(c).where(c.c.id == candidate_id, c.c.status == "pending").values(
                status="dismissed", decided_by=actor, decided_at=now))
            if done.rowcount != 1:
                row = conn.execute(select(c.c.status).where(c.c.id == candidate_id)).first()
                if row is None:
                    raise CandidateError("not_found", f"no candidate {candidate_id}")
                raise CandidateError("decided", f"candidate {candidate_id} is {row[0]} already", row[0])
        found = self.get(candidate_id)
        assert found is not None
        return found


def _estimate_data(cand: r.CandidateRecord, report: r.ReportRecord | None, overrides: dict | None,
                   now: datetime, origins: dict[str, str] | None = None, *,
                   read_sentence: SentenceReader | None = None) -> dict:
    """Candidate + its report -> estimate data: the report is the source, the sentence kept as the
    note. The estimator and the "as of" date come from the sentence when it names them ("по данным
    КНБ", "as of March 2024"); otherwise they are guessed: the publication, the publication date
    (today without one). `origins` is filled with where each of the two came from: "sentence",
    "publication", "published", "today" (or "curator" when overridden). Reading the sentence is
    the caller's (`read_sentence`, bot.ingest.sentence_facts.read_sentence): the store knows no language."""
    origins = {} if origins is None else origins
    said_when, said_who = read_sentence(cand.sentence or "") if read_sentence else (None, None)
    if said_when:
        as_of, origins["as_of"] = said_when, "sentence"
    elif report and report.published:
        as_of, origins["as_of"] = report.published, "published"
    else:
        as_of, origins["as_of"] = now.date().isoformat(), "today"
    data: dict[str, Any] = {
        "id": f"{cand.place.lower()}-{cand.topic}-{as_of}-c{cand.id}",
        "topic": cand.topic, "place": cand.place, "unit": cand.unit or "people", "as_of": as_of,
    }
    for key in _FIGURE_KEYS:
        if getattr(cand, key) is not None:
            data[key] = getattr(cand, key)
    if cand.qualifier == "about":  # "около 300", "about 150", "~200"
        data["approx"] = True
    if said_who:
        data["estimator"] = {_language_of(said_who, cand.language): said_who}
        origins["estimator"] = "sentence"
    if report is not None:
        pasted = is_pasted_url(report.url)
        # pasted text names no site: its first line (the title) stands for the outlet until corrected
        fallback = dict(report.title) if pasted and report.title else {"en": urlsplit(report.url).hostname or report.url}
        publication = report.publication or fallback
        if not said_who:
            data["estimator"] = dict(publication)
            origins["estimator"] = "publication"
        source: dict[str, Any] = {"publication": dict(publication)}
        if not pasted:  # pasted text has no page to cite
            source["url"] = report.url
        if report.published:
            source["date"] = report.published
        if report.title:
            source["title"] = dict(report.title)
        data["source"] = source
    if cand.sentence:
        data["note"] = {cand.language or "en": f"«{cand.sentence}»"}
    for key, value in (overrides or {}).items():
        if key in ("estimator", "as_of"):
            origins[key] = "curator"
        if key in _FIGURE_KEYS:  # a figure given replaces the spotted one: value and bounds don't mix
            for other in (*_FIGURE_KEYS, "approx"):
                if other not in overrides:
                    data.pop(other, None)
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    if overrides and any(k in overrides for k in _FIGURE_KEYS):
        for key in _FIGURE_KEYS:
            if overrides.get(key) is not None:
                data[key] = overrides[key]
    return data


def _language_of(name: str, sentence_language: str | None) -> str:
    """The language a name is written in: Kazakh letters say kk, Cyrillic ru, Latin en."""
    if any(ch in "әғқңөұүһіӘҒҚҢӨҰҮҺІ" for ch in name):
        return "kk"
    if any("а" <= ch.lower() <= "я" or ch in "ёЁ" for ch in name):
        return "kk" if sentence_language == "kk" else "ru"
    return "en"


__all__ = ["Candidates", "CandidateError", "STATUSES", "candidate_values", "fingerprint"]
