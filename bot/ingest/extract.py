"""Articles out of web pages (trafilatura, with a small html.parser fallback) and reports out of
forwarded or pasted text: title, published date, text, language — shown to the curator to confirm.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from bot.languages import CODES
from bot.store.validate import PASTED_HOST, is_pasted_url, report_id_for  # noqa: F401 - is_pasted_url re-exported

MAX_TEXT = 100_000  # a report's text is kept whole up to this; beyond it, cut
MAX_TITLE = 300
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True)
class Article:
    title: str | None
    published: str | None  # YYYY-MM-DD
    text: str
    language: str | None  # en | ru | kk (None when no letters)
    url: str | None = None
    publication: str | None = None  # the site's name when the page says it

    def report(self, **extra: Any) -> dict:
        """The article as report data for the store (interchange format), ready to confirm."""
        data: dict[str, Any] = {}
        if self.url:
            data["id"] = report_id_for(self.url)
            data["url"] = self.url
        lang = self.language if self.language in CODES else None
        if self.title:
            data["title"] = {lang or "en": self.title}
        if self.publication:
            data["publication"] = {lang or "en": self.publication}
        if self.published:
            data["published"] = self.published
        if lang:
            data["language"] = lang
        if self.text:
            data["text"] = {lang or "en": self.text}
        data.update(extra)
        return data


def _language(text: str) -> str | None:
    from bot.understanding import detect_language

    return detect_language(text[:2000])


def _clean(text: str | None, limit: int) -> str | None:
    if not text:
        return None
    text = " ".join(text.split()) if limit <= MAX_TITLE else text.strip()
    return text[:limit] or None


def _iso_date(value: str | None) -> str | None:
    if not value:
        return None
    m = _DATE.search(value)
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else None


class _Fallback(HTMLParser):
    """<title>, og:title, og:site_name, article:published_time and the text of <p> elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title = ""
        self.paragraphs: list[str] = []
        self._in: list[str] = []
        self._buf: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and a.get("content"):
                self.meta.setdefault(key, a["content"])
        elif tag in ("script", "style", "noscript"):
            self._skip += 1
        elif tag in ("title", "p", "h1"):
            self._in.append(tag)
            self._buf = []
        elif tag == "time" and a.get("datetime"):
            self.meta.setdefault("time", a["datetime"])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "noscript"):
            self._skip = max(0, self._skip - 1)
        elif self._in and tag == self._in[-1]:
            self._in.pop()
            text = " ".join("".join(self._buf).split())
            if tag == "title":
                self.title = self.title or text
            elif tag == "h1":
                self.meta.setdefault("h1", text)
            elif text:
                self.paragraphs.append(text)
            self._buf = []

    def handle_data(self, data: str) -> None:
        if self._in and not self._skip:
            self._buf.append(data)


def _fallback(html: str) -> tuple[str | None, str | None, str, str | None]:
    p = _Fallback()
    try:
        p.feed(html)
        p.close()
    except Exception:  # noqa: BLE001 — a broken page still yields what was read
        pass
    title = p.meta.get("og:title") or p.title or p.meta.get("h1")
    published = (p.meta.get("article:published_time") or p.meta.get("datepublished") or p.meta.get("date")
                 or p.meta.get("pubdate") or p.meta.get("time"))
    return title, published, "\n\n".join(p.paragraphs), p.meta.get("og:site_name")


def extract_article(html: str, url: str | None = None) -> Article:
    """Title, published date (YYYY-MM-DD), main text and language of a web page."""
    title = published = publication = None
    text = ""
    try:
        import trafilatura

        raw = trafilatura.extract(html, url=url, output_format="json", with_metadata=True,
                                  include_comments=False, include_tables=False, favor_precision=True)
        if raw:
            doc = json.loads(raw)
            title, published = doc.get("title"), doc.get("date")
            text = doc.get("text") or ""
            publication = doc.get("sitename")
    except Exception:  # noqa: BLE001 — extraction is best effort: fall back, never fail the curator
        pass
    fb_title, fb_published, fb_text, fb_site = _fallback(html)
    title = title or fb_title
    published = _iso_date(published) or _iso_date(fb_published)
    text = text or fb_text
    publication = publication or fb_site
    text = _clean(text, MAX_TEXT) or ""
    return Article(title=_clean(title, MAX_TITLE), published=published, text=text,
                   language=_language(f"{title or ''} {text}"), url=url, publication=_clean(publication, MAX_TITLE))


_URL = re.compile(r"https?://[^\s<>\"']+")


def pasted_url(text: str) -> str:
    """A stable address for pasted text that names no link: the same text pasted twice is one report."""
    import hashlib

    digest = hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]
    return f"https://{PASTED_HOST}/{digest}"


def report_from_text(text: str, *, url: str | None = None, published: str | None = None,
                     publication: str | None = None) -> Article:
    """A forwarded or pasted message as an article: title = its first line, language detected,
    the first web address in it as its url unless one is given."""
    text = (text or "").strip()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title = _clean(lines[0], MAX_TITLE) if lines else None
    if url is None:
        m = _URL.search(text)
        url = m.group(0).rstrip(").,;") if m else None
    return Article(title=title, published=_iso_date(published), text=_clean(text, MAX_TEXT) or "",
                   language=_language(text), url=url, publication=_clean(publication, MAX_TITLE))
