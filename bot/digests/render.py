"""A digest as Telegram messages in the subscriber's language: a header, groups headed by place
and topic, one block per item, split between items into parts under Telegram's limit.

Figures, laws and report lines are worded by the answering renderer's helpers, so a figure reads
the same in a digest as in an answer (estimator, source and date with every figure). Store text
and links are escaped; a part never ends inside a tag because parts are cut between whole blocks.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC
from functools import lru_cache
from zoneinfo import ZoneInfo

from bot.answering.figures import format_date
from bot.answering.model import LawHit
from bot.answering.render import _law_block, _Out, _report_line
from bot.digests.compose import Digest, DigestGroup, DigestItem, ItemKey
from bot.i18n import N_, normalise_language
from bot.ingest.extract import is_pasted_url

log = logging.getLogger(__name__)

TELEGRAM_LIMIT = 4096  # characters (UTF-16 code units) of one message
HEADER_RESERVE = 300  # room kept in every part for its header
SUMMARY_CHARS = 280
MAX_URL = 1000  # a longer link is shown as text, not as a link

NEW_LABEL = {"estimate": N_("new figure"), "law": N_("new law"), "report": N_("new report")}
CHANGED_LABEL = {"estimate": N_("revised figure"), "law": N_("law updated"), "report": N_("report updated")}


@dataclass(frozen=True)
class RenderedPart:
    """One message of a digest and the items it carries (what the ledger records)."""

    text: str
    items: tuple[ItemKey, ...]


# Rendered blocks, shared by the digests of one round: many subscribers get the same item in the
# same language. Records are immutable per revision, so (item, revision, names, language...) keys it.
_BLOCKS: dict[tuple, tuple[str, int]] = {}
_BLOCKS_MAX = 100_000


@lru_cache(maxsize=256)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def units(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units): an emoji counts two."""
    return len(text.encode("utf-16-le")) // 2


def _new_out(digest: Digest, lang: str, fmt: str) -> _Out:
    out = _Out(None, lang, fmt)
    out.places, out.topics = digest.places, digest.topics
    return out


def _heading(group: DigestGroup, out: _Out) -> str:
    parts = [x for x in (out.place(group.place) if group.place else "",
                         out.topic(group.topic) if group.topic else "") if x]
    return out.bold(" — ".join(parts) if parts else out.gettext("Other news"))


def _label(item: DigestItem, out: _Out) -> str:
    msgid = NEW_LABEL[item.kind] if item.is_new else CHANGED_LABEL[item.kind]
    return out.italic(out.gettext(msgid))


def _link(url: str | None, out: _Out) -> str:
    if not url:
        return ""
    if len(url) > MAX_URL:
        return out.esc(url[:200] + "…")
    return out.link(url)


def _block(item: DigestItem, group: DigestGroup, out: _Out) -> str:
    """One item as a few short lines."""
    out.lines = []
    rec = item.record
    if item.kind == "estimate":
        out.estimate_block(rec, group.place)  # type: ignore[arg-type]
        out.lines[0] += " · " + _label(item, out)
        if rec.source is not None and rec.source.url:  # type: ignore[union-attr]
            out.add("  " + _link(rec.source.url, out))  # type: ignore[union-attr]
    elif item.kind == "law":
        out.add(_label(item, out))
        _law_block(LawHit(rec), out, brief=True)  # type: ignore[arg-type]
        if rec.source is not None and rec.source.url:  # type: ignore[union-attr]
            out.add(_link(rec.source.url, out))  # type: ignore[union-attr]
    else:
        out.add(_report_line(rec, out) + " · " + _label(item, out))
        if item.flagged:
            out.add("  " + out.bold(out.gettext("A figure was spotted in this report; curators will review it.")))
        if rec.summary:  # type: ignore[union-attr]
            out.add("  " + out.store_text(rec.summary, SUMMARY_CHARS))  # type: ignore[union-attr]
        if rec.url and not is_pasted_url(rec.url):  # type: ignore[union-attr]  # pasted text: no page
            out.add("  " + _link(rec.url, out))  # type: ignore[union-attr]
    text = "\n".join(out.lines)
    out.lines = []
    return text


def _cached_block(item: DigestItem, group: DigestGroup, out: _Out, token: int, fmt: str) -> tuple[str, int]:
    key = (token, item.kind, item.record.id, item.record.revision, group.place, out.lang, fmt, item.is_new,
           item.flagged)
    found = _BLOCKS.get(key)
    if found is None or not token:
        if len(_BLOCKS) >= _BLOCKS_MAX:
            _BLOCKS.clear()
        text = _block(item, group, out)
        found = _BLOCKS[key] = (text, units(text))
    return found


def _minimal_block(item: DigestItem, out: _Out) -> str:
    """A block that always fits: for an item whose full block would not fit in one message."""
    rec = item.record
    title = getattr(rec, "title", None)
    name = out.store_text(title, 200) if title else out.esc(rec.id[:200])
    return f"• {name} · {_label(item, out)}"


def _header_lines(digest: Digest, out: _Out, n_items: int) -> tuple[str, str]:
    """(title, item count) of every part's header; the part number is added per part."""
    local = digest.until.astimezone(UTC)
    try:
        local = digest.until.astimezone(_zone(digest.tz))
    except Exception:  # noqa: BLE001 - a bad zone name must not stop a digest; UTC then
        pass
    date = out.esc(format_date(local.date().isoformat(), out.lang))
    title = out.bold(out.gettext("Digest for {date}", date=date))
    return title, out.ngettext("{n} new item", "{n} new items", n_items)


def _header(title: str, count: str, out: _Out, part: int, total: int) -> str:
    if total > 1:
        count += " · " + out.gettext("part {part} of {total}", part=str(part), total=str(total))
    return f"{title}\n{count}"


def render_digest(digest: Digest, lang: str | None = None, fmt: str = "html") -> list[str]:
    """The digest as message texts, each under Telegram's 4,096 characters."""
    return [part.text for part in render_parts(digest, lang, fmt)]


def render_parts(digest: Digest, lang: str | None = None, fmt: str = "html",
                 limit: int = TELEGRAM_LIMIT) -> list[RenderedPart]:
    """The digest as parts under `limit`, cut between items; each part repeats its group's heading."""
    lang = normalise_language(lang or digest.language) or "en"
    out = _new_out(digest, lang, fmt)
    budget = limit - HEADER_RESERVE
    bodies: list[tuple[list[str], list[ItemKey]]] = []
    lines: list[str] = []
    keys: list[ItemKey] = []
    size = 0
    for group in digest.groups:
        heading = _heading(group, out)
        shown_heading = False
        heading_units = units(heading)
        for item in group.items:
            try:
                block, block_units = _cached_block(item, group, out, digest.names_token, fmt)
                if heading_units + block_units + 4 > budget:
                    block = _minimal_block(item, out)
                    block_units = units(block)
            except Exception:  # noqa: BLE001 - one unreadable entry must not cost everyone the digest
                log.exception("digest %s: %s %s (revision %s) could not be rendered; left out",
                              digest.subscription_id, item.kind, item.record.id, item.record.revision)
                out.lines = []
                continue
            need = block_units + 2 + (0 if shown_heading else heading_units + 2)
            if keys and size + need > budget:
                bodies.append((lines, keys))
                lines, keys, size, shown_heading = [], [], 0, False
                need = block_units + 2 + heading_units + 2
            if not shown_heading:
                lines += ["", heading] if lines else [heading]
                shown_heading = True
            lines += ["", block]
            keys.append(item.key)
            size += need
    if keys:
        bodies.append((lines, keys))
    total = len(bodies)
    title, count = _header_lines(digest, out, sum(len(b[1]) for b in bodies))
    parts = []
    for i, (body, part_keys) in enumerate(bodies, 1):
        text = _header(title, count, out, i, total) + "\n\n" + "\n".join(body)
        parts.append(RenderedPart(text, tuple(part_keys)))
    return parts


class RoundRenderer:
    """render_parts for the digests of one round. Digests composed from one shared result
    (compose's shared_token) in the same language, zone and time read the same, so their parts
    are rendered once; each is let go after its last expected use to bound memory."""

    def __init__(self, digests: Iterable[Digest], fmt: str = "html"):
        self.fmt = fmt
        self._left = Counter(self._key(d) for d in digests if d.shared_token)
        self._done: dict[tuple, list[RenderedPart]] = {}

    @staticmethod
    def _key(digest: Digest) -> tuple:
        # everything render_parts reads besides the groups and names the token stands for
        return (digest.shared_token, normalise_language(digest.language) or "en", digest.tz, digest.until)

    def parts(self, digest: Digest) -> list[RenderedPart]:
        """The same as render_parts(digest, fmt=fmt)."""
        if not digest.shared_token:
            return render_parts(digest, fmt=self.fmt)
        key = self._key(digest)
        found = self._done.get(key)
        if found is None:
            found = render_parts(digest, fmt=self.fmt)
        self._left[key] -= 1
        if self._left[key] > 0:
            self._done[key] = found
        else:
            self._done.pop(key, None)
            self._left.pop(key, None)
        return list(found)  # a list of its own: a caller may change it
