"""The same story seen twice is stored once: the same canonical URL, or a near-identical title
(rapidfuzz token_sort_ratio >= 92 on normalised titles) within three days."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from rapidfuzz import fuzz

from bot.store.validate import canonical_url

TITLE_SIMILARITY = 92.0
WINDOW = timedelta(days=3)
_PUNCT = re.compile(r"[^\w\s]+")


def normalise_title(title: str | None) -> str:
    """Lower case, accents and punctuation gone, quotes unified, spaces collapsed."""
    if not title:
        return ""
    text = unicodedata.normalize("NFKC", title).lower().replace("ё", "е")
    text = _PUNCT.sub(" ", text)
    return " ".join(text.split())


@dataclass(frozen=True)
class Seen:
    """A report already stored (or earlier in the same poll), as the dedupe needs it."""

    id: str
    url: str  # canonical
    title: str  # normalised
    published: str | None = None  # YYYY-MM-DD (or shorter)


def _day(value: str | None) -> date | None:
    if value and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def same_story(a_title: str, a_published: str | None, b: Seen) -> bool:
    """Near-identical normalised titles, published within three days of each other (or undated)."""
    if not a_title or not b.title or len(a_title) < 12:  # "News", "Update": too short to tell
        return False
    da, db = _day(a_published), _day(b.published)
    if da and db and abs(da - db) > WINDOW:
        return False
    return fuzz.token_sort_ratio(a_title, b.title) >= TITLE_SIMILARITY


class Deduper:
    """Remembers what is stored and what this poll added; `duplicate_of(url, title, published)`."""

    def __init__(self, seen: list[Seen] = ()):  # type: ignore[assignment]
        self.by_url = {s.url: s for s in seen}
        self.recent = list(seen)

    @classmethod
    def from_store(cls, store, now: datetime) -> Deduper:  # noqa: ANN001
        """Reports ingested within the window (any language of their titles counts)."""
        seen: list[Seen] = []
        for rid, url, titles, published in store.entries.recent_reports(now - WINDOW):
            for title in (titles or {}).values():
                seen.append(Seen(rid, url, normalise_title(title), published))
            if not titles:
                seen.append(Seen(rid, url, "", published))
        return cls(seen)

    def duplicate_of(self, url: str, title: str | None, published: str | None) -> str | None:
        """The id of the stored report this item repeats, or None."""
        hit = self.by_url.get(canonical_url(url))
        if hit:
            return hit.id
        norm = normalise_title(title)
        for s in self.recent:
            if same_story(norm, published, s):
                return s.id
        return None

    def add(self, id: str, url: str, title: str | None, published: str | None) -> None:
        s = Seen(id, canonical_url(url), normalise_title(title), published)
        self.by_url[s.url] = s
        self.recent.append(s)


__all__ = ["Deduper", "Seen", "normalise_title", "same_story", "TITLE_SIMILARITY", "WINDOW"]
