"""A strict checker for Telegram's HTML parse mode: returns the plain text and its entities,
or raises HtmlParseError with a message shaped like the Bot API's "can't parse entities: ..."."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Tag name -> entity type. span and tg-emoji are handled separately (they need an attribute).
_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "a": "text_link",
    "span": "spoiler",
    "tg-emoji": "custom_emoji",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_RE = re.compile(r"&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]+));")
_TAG_NAME_RE = re.compile(r"[a-zA-Z][a-zA-Z0-9-]*")
_ATTR_RE = re.compile(
    r"\s*([a-zA-Z][a-zA-Z0-9_-]*)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'=<>`]+)))?"
)
_SPECIAL_RE = re.compile(r"[<>&]")
_URL_SCHEMES = ("http://", "https://", "tg://", "mailto:", "ton://")


class HtmlParseError(ValueError):
    """The text is not valid Telegram HTML; str() is the part after "can't parse entities: "."""


@dataclass
class _Open:
    name: str
    entity: dict
    start: int  # UTF-16 offset in the output text


class _LazyOffset:
    """A tag's byte offset, worked out only if an error message needs it."""

    __slots__ = ("index", "source")

    def __init__(self, source: str, index: int):
        self.source, self.index = source, index

    def __str__(self) -> str:
        return str(_byte_offset(self.source, self.index))


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit Telegram uses for offsets and limits."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(source: str, index: int) -> int:
    return len(source[:index].encode("utf-8"))


def _unescape(source: str, start: int, end: int) -> str:
    """Decode entities in an attribute value or text run, strictly."""
    out: list[str] = []
    i = start
    while i < end:
        ch = source[i]
        if ch == "&":
            decoded, i = _entity_at(source, i)
            out.append(decoded)
            continue
        if ch in "<>":
            raise HtmlParseError(
                f"Character '{ch}' must be escaped at byte offset {_byte_offset(source, i)}"
            )
        out.append(ch)
        i += 1
    return "".join(out)


def _entity_at(source: str, i: int) -> tuple[str, int]:
    match = _ENTITY_RE.match(source, i)
    if match is None:
        raise HtmlParseError(
            "Character '&' must be escaped as &amp; at byte offset " f"{_byte_offset(source, i)}"
        )
    dec, hexa, name = match.groups()
    if name is not None:
        if name not in _NAMED_ENTITIES:
            raise HtmlParseError(
                f'Unsupported HTML entity "&{name};" at byte offset {_byte_offset(source, i)}'
            )
        return _NAMED_ENTITIES[name], match.end()
    code = int(dec) if dec is not None else int(hexa, 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        raise HtmlParseError(f"Invalid character reference at byte offset {_byte_offset(source, i)}")
    return chr(code), match.end()


def _parse_attributes(source: str, start: int, end: int, tag_offset: _LazyOffset) -> dict[str, str]:
    attrs: dict[str, str] = {}
    i = start
    while i < end:
        if source[i].isspace():
            i += 1
            continue
        match = _ATTR_RE.match(source, i, end)
        if match is None or match.end() == i:
            raise HtmlParseError(f"Invalid tag attributes at byte offset {tag_offset}")
        name = match.group(1).lower()
        raw = next((g for g in match.groups()[1:] if g is not None), "")
        value_start = match.start(2) if match.group(2) is not None else match.start(3)
        if match.group(2) is not None or match.group(3) is not None:
            attrs[name] = _unescape(source, value_start, value_start + len(raw))
        else:
            attrs[name] = raw
        i = match.end()
    return attrs


def parse_html(source: str) -> tuple[str, list[dict]]:
    """Parse Telegram HTML; return (plain text, Bot API MessageEntity dicts).

    Stricter than Telegram in one way on purpose: a bare '&' or '>' is an error, because in
    bot output it almost always means store text that was not escaped.
    """
    text: list[str] = []
    length = 0  # UTF-16 length of the text so far
    stack: list[_Open] = []
    entities: list[dict] = []
    i = 0
    n = len(source)
    while i < n:
        ch = source[i]
        if ch == "&":
            decoded, i = _entity_at(source, i)
            text.append(decoded)
            length += utf16_len(decoded)
            continue
        if ch == ">":
            raise HtmlParseError(
                f"Character '>' must be escaped as &gt; at byte offset {_byte_offset(source, i)}"
            )
        if ch != "<":
            # a run of ordinary characters up to the next markup character
            match = _SPECIAL_RE.search(source, i)
            end = match.start() if match else n
            run = source[i:end]
            text.append(run)
            length += utf16_len(run)
            i = end
            continue

        tag_offset = _LazyOffset(source, i)  # computed only for an error message
        close = source.find(">", i + 1)
        if close == -1:
            raise HtmlParseError(f"Unclosed start tag at byte offset {tag_offset}")
        inner = source[i + 1 : close]
        if "<" in inner:
            raise HtmlParseError(f"Unclosed start tag at byte offset {tag_offset}")
        if inner.startswith("/"):
            name = inner[1:].strip().lower()
            if not stack:
                raise HtmlParseError(f'Unexpected end tag "{name}" at byte offset {tag_offset}')
            top = stack.pop()
            if top.name != name:
                raise HtmlParseError(
                    f'Unmatched end tag at byte offset {tag_offset}, expected "</{top.name}>", '
                    f'found "</{name}>"'
                )
            entity = top.entity
            entity["offset"] = top.start
            entity["length"] = length - top.start
            if entity["length"] > 0 and entity.get("type"):
                entities.append(entity)
            i = close + 1
            continue

        name_match = _TAG_NAME_RE.match(inner)
        if name_match is None:
            raise HtmlParseError(f"Empty tag name at byte offset {tag_offset}")
        name = name_match.group(0).lower()
        if name not in _SIMPLE_TAGS:
            raise HtmlParseError(f'Unsupported start tag "{name}" at byte offset {tag_offset}')
        rest = inner[name_match.end() :]
        if rest.endswith("/"):
            raise HtmlParseError(f'Unsupported self-closing tag "{name}" at byte offset {tag_offset}')
        if rest and not rest[0].isspace():
            raise HtmlParseError(f'Unsupported start tag "{inner}" at byte offset {tag_offset}')
        attrs = _parse_attributes(source, i + 1 + name_match.end(), close, tag_offset)
        entity = _entity_for(name, attrs, stack, tag_offset)
        stack.append(_Open(name, entity, length))
        i = close + 1

    if stack:
        raise HtmlParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(text), entities


def _entity_for(name: str, attrs: dict[str, str], stack: list[_Open], offset: _LazyOffset) -> dict:
    inside = {o.name for o in stack}
    if inside & {"pre", "code"} and not (name == "code" and stack and stack[-1].name == "pre"):
        raise HtmlParseError(
            f'Tag "{name}" can\'t be nested inside "pre" or "code" at byte offset {offset}'
        )
    kind = _SIMPLE_TAGS[name]
    if name == "span":
        if attrs.get("class") != "tg-spoiler":
            raise HtmlParseError(f'Tag "span" must have class "tg-spoiler" at byte offset {offset}')
    if name == "blockquote":
        if "blockquote" in inside:
            raise HtmlParseError(f"Blockquote can't be nested at byte offset {offset}")
        if "expandable" in attrs:
            kind = "expandable_blockquote"
    if name == "a":
        href = attrs.get("href", "")
        if not href:
            return {"type": None}  # Telegram keeps the text and drops a link without href
        if not href.startswith(_URL_SCHEMES):
            raise HtmlParseError(f'Wrong URL "{href}" in tag "a" at byte offset {offset}')
        return {"type": kind, "url": href}
    if name == "tg-emoji":
        emoji_id = attrs.get("emoji-id", "")
        if not emoji_id.isdigit():
            raise HtmlParseError(f'Tag "tg-emoji" must have attribute "emoji-id" at byte offset {offset}')
        return {"type": kind, "custom_emoji_id": emoji_id}
    if name == "code" and stack and stack[-1].name == "pre":
        language = attrs.get("class", "")
        if language.startswith("language-"):
            stack[-1].entity["language"] = language[len("language-") :]
        return {"type": None}  # merged into the enclosing pre
    return {"type": kind}


def strip_html(source: str) -> str:
    """The plain text Telegram would show for valid HTML (raises HtmlParseError if invalid)."""
    return parse_html(source)[0]
