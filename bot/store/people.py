"""People and chats in the store — its `people` repository: who was seen, stored roles, /language
choices (a person's preferences: `language`/`set_language` are bot.store.prefs.Prefs), allowed
chats, and the audit trail of grants.
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from bot.languages import CODES
from bot.store.database import Database
from bot.store.models import AllowedChatRow, AuditRow, PersonRow
from bot.store.offload import database_needed
from bot.store.records import AuditRecord, ChatRecord, PersonRecord
from bot.store.rows import iso

ROLES = ("curator", "member")
LANGUAGES = CODES
SEEN_WRITE_INTERVAL = timedelta(hours=1)  # last_seen is refreshed at most this often per person
MAX_NAME = 300

_person = PersonRow.__table__  # type: ignore[attr-defined]
_chat = AllowedChatRow.__table__  # type: ignore[attr-defined]
_audit = AuditRow.__table__  # type: ignore[attr-defined]


def normalise_username(username: str | None) -> str | None:
    """'@Some_Name' -> 'some_name'; None for nothing."""
    if not username:
        return None
    name = username.strip().lstrip("@").strip().lower()
    return name[:64] or None


def _person_record(row) -> PersonRecord:  # noqa: ANN001
    return PersonRecord(
        user_id=int(row.user_id), username=row.username, display_name=row.display_name, role=row.role,
        language=row.language, client_language=row.client_language, first_seen=iso(row.first_seen),
        last_seen=iso(row.last_seen), role_granted_by=row.role_granted_by,
        role_granted_at=iso(row.role_granted_at))


class People:
    """People and chats (see the module docstring)."""

    def __init__(self, db: Database):
        self.db = db
        # what this process last wrote per user: (username, name, client language, when)
        self._seen_cache: dict[int, tuple[str | None, str | None, str | None, datetime]] = {}
        self._seen_lock = threading.Lock()

    def record_seen(self, user_id: int, username: str | None = None, name: str | None = None,
                    language: str | None = None) -> None:
        """Note that a person was seen (runs on every update, so usually writes nothing).

        `language` is Telegram's language_code; the /language choice is set_language's.
        Writes when the username or name changed, or the last write is over an hour old. A new
        client language alone waits for that hour: it only seeds defaults, and some clients send
        a different language_code from one message to the next.
        """
        uname = normalise_username(username)
        name = (name or "").strip()[:MAX_NAME] or None
        language = (language or "").strip()[:16] or None
        now = self.db.clock()
        cache, lock = self._seen_cache, self._seen_lock
        known = cache.get(user_id)
        if known is not None and known[:2] == (uname, name) and now - known[3] < SEEN_WRITE_INTERVAL:
            return
        database_needed()
        with self.db.engine.begin() as conn:
            if uname:  # a username belongs to one account at a time: whoever shows it now
                conn.execute(update(_person).where(_person.c.username == uname, _person.c.user_id != user_id)
                             .values(username=None))
            values = {"username": uname, "display_name": name, "last_seen": now}
            if language:
                values["client_language"] = language
            if not conn.execute(update(_person).where(_person.c.user_id == user_id).values(**values)).rowcount:
                try:
                    with conn.begin_nested():
                        conn.execute(insert(_person).values(user_id=user_id, first_seen=now, **values))
                except IntegrityError:  # another worker inserted the same person a moment ago
                    conn.execute(update(_person).where(_person.c.user_id == user_id).values(**values))
        with lock:
            cache[user_id] = (uname, name, language, now)

    def get(self, user_id: int) -> PersonRecord | None:
        with self.db.engine.connect() as conn:
            row = conn.execute(select(_person).where(_person.c.user_id == user_id)).first()
        return _person_record(row) if row else None

    def find(self, username: str) -> PersonRecord | None:
        """By "@Name" or "name", case-insensitive (the most recently seen holder of it)."""
        uname = normalise_username(username)
        if not uname:
            return None
        with self.db.engine.connect() as conn:
            row = conn.execute(select(_person).where(_person.c.username == uname)
                               .order_by(_person.c.last_seen.desc()).limit(1)).first()
        return _person_record(row) if row else None

    def role(self, user_id: int) -> str | None:
        """The stored role of a person: "curator", "member" or None (one indexed read; inside an
        update, cached while the people version holds: bot.store.database)."""
        def load() -> str | None:
            with self.db.reads.connect() as conn:
                return conn.execute(select(_person.c.role).where(_person.c.user_id == user_id)).scalar()

        return self.db.cached_person_read(("role", user_id), load)

    def _ensure_person(self, conn, user_id: int, now: datetime) -> None:  # noqa: ANN001
        exists = conn.execute(select(_person.c.user_id).where(_person.c.user_id == user_id)).first()
        if exists is None:
            conn.execute(insert(_person).values(user_id=user_id, first_seen=now, last_seen=now))

    def _audit(self, conn, now: datetime, actor: str | None, kind: str, subject: int, action: str,  # noqa: ANN001
               detail: str | None = None) -> None:
        conn.execute(insert(_audit).values(at=now, actor=actor, kind=kind, subject=str(subject), action=action,
                                           detail=(detail or None) and detail[:MAX_NAME]))

    def set_role(self, user_id: int, role: str, actor: str | None) -> None:
        """Grant "curator" or "member" (replacing any stored role); recorded in the audit trail."""
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}: expected curator or member")
        now = self.db.clock()
        with self.db.engine.begin() as conn:
            self._ensure_person(conn, user_id, now)
            current = conn.execute(select(_person.c.role).where(_person.c.user_id == user_id)).scalar()
            if current == role:
                return
            conn.execute(update(_person).where(_person.c.user_id == user_id).values(
                role=role, role_granted_by=actor, role_granted_at=now))
            self._audit(conn, now, actor, "person", user_id, "grant", role)
            self.db.bump_people(conn)
        self.db.people_changed()

    def revoke_role(self, user_id: int, actor: str | None) -> bool:
        """Take away a stored role; False when the person had none."""
        now = self.db.clock()
        with self.db.engine.begin() as conn:
            current = conn.execute(select(_person.c.role).where(_person.c.user_id == user_id)).scalar()
            if current is None:
                return False
            conn.execute(update(_person).where(_person.c.user_id == user_id).values(
                role=None, role_granted_by=actor, role_granted_at=now))
            self._audit(conn, now, actor, "person", user_id, "revoke", current)
            self.db.bump_people(conn)
        self.db.people_changed()
        return True

    def with_roles(self) -> list[PersonRecord]:
        """Everyone with a stored role, curators first, then by user id."""
        with self.db.engine.connect() as conn:
            rows = conn.execute(select(_person).where(_person.c.role.is_not(None))).all()
        people = [_person_record(row) for row in rows]
        return sorted(people, key=lambda p: (ROLES.index(p.role) if p.role in ROLES else 9, p.user_id))

    # --- chats --------------------------------------------------------------------------

    def allow_chat(self, chat_id: int, title: str | None, actor: str | None) -> None:
        """Allow a chat (its members may ask there under access "team"); updates the title if allowed."""
        now = self.db.clock()
        title = (title or "").strip()[:MAX_NAME] or None
        with self.db.engine.begin() as conn:
            exists = conn.execute(select(_chat.c.chat_id).where(_chat.c.chat_id == chat_id)).first()
            if exists:
                conn.execute(update(_chat).where(_chat.c.chat_id == chat_id).values(title=title))
                return
            conn.execute(insert(_chat).values(chat_id=chat_id, title=title, allowed_by=actor, allowed_at=now))
            self._audit(conn, now, actor, "chat", chat_id, "allow", title)
            self.db.bump_people(conn)
        self.db.people_changed()

    def disallow_chat(self, chat_id: int, actor: str | None) -> bool:
        """False when the chat was not allowed."""
        now = self.db.clock()
        with self.db.engine.begin() as conn:
            title = conn.execute(select(_chat.c.title).where(_chat.c.chat_id == chat_id)).first()
            if title is None:
                return False
            conn.execute(delete(_chat).where(_chat.c.chat_id == chat_id))
            self._audit(conn, now, actor, "chat", chat_id, "disallow", title[0])
            self.db.bump_people(conn)
        self.db.people_changed()
        return True

    def allowed_chats(self) -> list[ChatRecord]:
        with self.db.engine.connect() as conn:
            rows = conn.execute(select(_chat).order_by(_chat.c.chat_id)).all()
        return [ChatRecord(chat_id=int(r.chat_id), title=r.title, allowed_by=r.allowed_by,
                           allowed_at=iso(r.allowed_at)) for r in rows]

    def is_chat_allowed(self, chat_id: int | None) -> bool:
        if chat_id is None:
            return False

        def load() -> bool:
            with self.db.reads.connect() as conn:
                return conn.execute(select(_chat.c.chat_id).where(_chat.c.chat_id == chat_id)).first() is not None

        return self.db.cached_person_read(("chat", chat_id), load)

    # --- the /language choice -----------------------------------------------------------

    def language(self, user_id: int) -> str | None:
        """The /language choice (cached inside an update like role())."""
        def load() -> str | None:
            with self.db.reads.connect() as conn:
                return conn.execute(select(_person.c.language).where(_person.c.user_id == user_id)).scalar()

        return self.db.cached_person_read(("language", user_id), load)

    def set_language(self, user_id: int, lang: str | None) -> None:
        """Save (or with None, clear) a person's reply language."""
        if lang is not None and lang not in LANGUAGES:
            raise ValueError(f"unknown language {lang!r}: expected en, ru or kk")
        now = self.db.clock()
        with self.db.engine.begin() as conn:
            self._ensure_person(conn, user_id, now)
            conn.execute(update(_person).where(_person.c.user_id == user_id).values(language=lang))
            self.db.bump_people(conn)
        self.db.people_changed()

    # --- audit --------------------------------------------------------------------------

    def audit_log(self, subject: int | None = None, limit: int | None = 100) -> list[AuditRecord]:
        """Grants, revocations and chat changes, newest first (optionally for one user or chat)."""
        stmt = select(_audit).order_by(_audit.c.seq.desc())
        if subject is not None:
            stmt = stmt.where(_audit.c.subject == str(subject))
        if limit is not None:
            stmt = stmt.limit(limit)
        with self.db.engine.connect() as conn:
            rows = conn.execute(stmt).all()
        return [AuditRecord(at=iso(r.at) or "", actor=r.actor, kind=r.kind, subject=r.subject, action=r.action,
                            detail=r.detail) for r in rows]
