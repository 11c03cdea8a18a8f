"""OPML feed lists in and out: import_opml(bytes) -> [(url, title)], export_opml(feeds) -> bytes.
The standard library's parser, with defusedxml's caution: any DTD or entity declaration is refused."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable

from bot.store.validate import MAX_URL_LENGTH, is_web_address

MAX_OPML_BYTES = 1024 * 1024


class OpmlError(ValueError):
    """Why an OPML file was refused: `code` is too_large | dtd | not_xml | not_opml."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def _refuse_dtd(*_args: object) -> None:
    raise OpmlError("dtd", "the file declares a DTD or entities; OPML needs neither (refused for safety)")


def _parse(data: bytes) -> ET.Element:
    from xml.parsers import expat

    builder = ET.TreeBuilder()
    parser = expat.ParserCreate()
    # refuse DTDs and entities outright (what defusedxml does): no bombs, no external fetches
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    parser.UnparsedEntityDeclHandler = _refuse_dtd
    parser.ExternalEntityRefHandler = _refuse_dtd
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    try:
        parser.Parse(data, True)
        return builder.close()
    except (expat.ExpatError, AssertionError, IndexError) as exc:
        raise OpmlError("not_xml", f"not well-formed XML: {exc}") from None


def import_opml(data: bytes | str) -> list[tuple[str, str | None]]:
    """The feeds an OPML file lists (outlines with an http(s) xmlUrl, nested ones too), in order, once each."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > MAX_OPML_BYTES:
        raise OpmlError("too_large", f"the file is over {MAX_OPML_BYTES // 1024} KiB")
    root = _parse(data)
    if root.tag.lower() != "opml":
        raise OpmlError("not_opml", f"the root element is <{root.tag}>, not <opml>")
    out: list[tuple[str, str | None]] = []
    seen: set[str] = set()
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if not url or not is_web_address(url, MAX_URL_LENGTH) or url in seen:  # unreadable ones are skipped
            continue
        seen.add(url)
        title = (outline.get("title") or outline.get("text") or "").strip() or None
        out.append((url, title))
    return out


def export_opml(feeds: Iterable, title: str = "monitorbot feeds") -> bytes:
    """An OPML 2.0 document of `feeds` (FeedRecords, or (url, title) pairs), UTF-8."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    body = ET.SubElement(root, "body")
    for feed in feeds:
        url, name = (feed.url, feed.title) if hasattr(feed, "url") else feed
        attrs = {"type": "rss", "text": name or url, "xmlUrl": url}
        if name:
            attrs["title"] = name
        ET.SubElement(body, "outline", attrs)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


__all__ = ["import_opml", "export_opml", "OpmlError", "MAX_OPML_BYTES"]
