"""A fast reader for the common case of an interchange file: libyaml's C parser, YAML 1.2 types.

The reference reader (ruamel.yaml, pure Python, YAML 1.2) takes about 15 s and 400+ MB for a
50,000-entry file. This one reads libyaml's event stream (PyYAML's C binding) and builds the
plain Python data directly, without a node graph: about a second and a few tens of MB.

It is deliberately narrow. Plain scalars are typed with ruamel's own YAML 1.2 rules (the same
regular expressions), so `yes`, `017`, `1:20` read as ruamel reads them, not as YAML 1.1 would.
Anything it does not handle exactly as the reference reader does raises `NotFast`, and so does
every error: the caller then reads the file with the reference reader, which also words the
error. That covers anchors and aliases (refused there), explicit tags other than the core ones,
merge keys, duplicate or unhashable keys, directives (`%YAML 1.1` changes the rules), several
documents, and the line breaks YAML 1.1 and 1.2 treat differently (NEL, LS, PS).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ruamel.yaml.resolver import implicit_resolvers
from yaml.error import YAMLError
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

try:  # PyYAML's wheels carry libyaml; a build without it has no C parser, and no fast path
    from yaml.cyaml import CParser
except ImportError:  # pragma: no cover - every platform we install on has the wheels
    CParser = None


class NotFast(Exception):
    """This text needs the reference reader (for its semantics or for its error message)."""


# ruamel's YAML 1.2 implicit resolvers, by first character, exactly as ruamel applies them.
_RESOLVERS: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
for _versions, _tag, _regexp, _first in implicit_resolvers:
    if (1, 2) in _versions:
        for _ch in _first:
            _RESOLVERS.setdefault(_ch, []).append((str(_tag), re.compile(_regexp.pattern, _regexp.flags)))

_ODD_BREAKS = ("\x85", "\u2028", "\u2029")
_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"


def _sign_and_digits(text: str) -> tuple[int, str]:
    sign = -1 if text[0] == "-" else 1
    return sign, text[1:] if text[0] in "+-" else text


def _int(text: str) -> int:  # ruamel's SafeConstructor.construct_yaml_int, YAML 1.2 branch
    sign, digits = _sign_and_digits(text.replace("_", ""))
    if digits == "0":
        return 0
    for prefix, base in (("0b", 2), ("0x", 16), ("0o", 8)):
        if digits.startswith(prefix):
            return sign * int(digits[2:], base)
    return sign * int(digits)


def _float(text: str) -> float:  # ruamel's SafeConstructor.construct_yaml_float, YAML 1.2 branch
    sign, digits = _sign_and_digits(text.replace("_", "").lower())
    if digits == ".inf":
        return sign * float("inf")
    if digits == ".nan":
        return float("nan")
    return sign * float(digits)


_CONVERT: dict[str, Callable[[str], Any]] = {
    "tag:yaml.org,2002:str": str,
    "tag:yaml.org,2002:timestamp": str,  # dates stay the text they were written as
    "tag:yaml.org,2002:int": _int,
    "tag:yaml.org,2002:float": _float,
    "tag:yaml.org,2002:bool": lambda text: text.lower() == "true",
    "tag:yaml.org,2002:null": lambda text: None,
}


def _scalar(event: ScalarEvent) -> Any:
    if event.anchor is not None:
        raise NotFast("anchor")
    value, tag = event.value, event.tag
    if tag == "!":
        raise NotFast("non-specific tag")  # ruamel types it as if plain; rare enough to hand over
    if tag is None:
        if not event.implicit[0]:
            return value  # quoted: a string
        for resolved, pattern in _RESOLVERS.get(value[:1], ()):
            if pattern.match(value):
                tag = resolved
                break
        else:
            return value
    convert = _CONVERT.get(tag)
    if convert is None:
        raise NotFast(f"tag {tag}")
    return convert(value)


_NO_KEY = object()


def load(text: str) -> Any:
    """The document's data, or NotFast. `text` is already decoded (see yamlio.decode)."""
    if CParser is None:
        raise NotFast("no libyaml")
    if any(b in text for b in _ODD_BREAKS):
        raise NotFast("line breaks")
    parser = CParser(text)
    try:
        return _build(parser)
    except YAMLError as exc:  # the reference reader says what is wrong, in its words
        raise NotFast("error") from exc
    finally:
        parser.dispose()


def _build(parser: CParser) -> Any:
    # One pass over the events with an explicit stack: no node graph, no recursion limit.
    stack: list[tuple[Any, Any]] = []
    container: Any = None
    key: Any = _NO_KEY
    root: Any = None
    documents = 0
    while True:
        event = parser.get_event()
        kind = type(event)
        if kind is ScalarEvent:
            value = _scalar(event)
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.anchor is not None:
                raise NotFast("anchor")
            if event.tag not in (None, _MAP if kind is MappingStartEvent else _SEQ):
                raise NotFast(f"tag {event.tag}")
            stack.append((container, key))
            container, key = ({} if kind is MappingStartEvent else []), _NO_KEY
            continue
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            value = container
            container, key = stack.pop()
        elif kind is AliasEvent:
            raise NotFast("alias")
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1 or event.version is not None or event.tags:
                raise NotFast("directives or several documents")
            continue
        elif kind is StreamEndEvent:
            return root
        else:  # stream start, document end
            continue

        if container is None:
            root = value
        elif type(container) is list:
            container.append(value)
        elif key is _NO_KEY:
            try:
                if value in container:
                    raise NotFast("duplicate key")
            except TypeError:
                raise NotFast("unhashable key") from None
            key = value
        else:
            container[key] = value
            key = _NO_KEY
