"""Reading and writing interchange files: YAML 1.2 (and JSON) with the safety limits of import.

Refuses non-UTF-8 bytes, files over MAX_IMPORT_BYTES, any YAML alias (the building block
of "billion laughs" bombs) and absurd nesting. Dates stay strings: YAML timestamps are
read as the text they were written as, and validated later by the store.
"""

from __future__ import annotations

import io
import json
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.representer import SafeRepresenter

from bot.store import fastyaml

MAX_IMPORT_BYTES = 5 * 1024 * 1024  # 5 MiB: a hand-kept file is far smaller; bulk loads split


class FileProblem(ValueError):
    """The file as a whole cannot be read; `code` and `params` name what is wrong."""

    def __init__(self, code: str, message: str, **params: Any):
        self.code = code
        self.params = params
        super().__init__(message)


class _NoAliasComposer(Composer):
    """A composer that refuses aliases, so no document can expand exponentially."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        from ruamel.yaml.events import AliasEvent

        if self.parser.check_event(AliasEvent):
            event = self.parser.peek_event()
            mark = event.start_mark
            raise FileProblem(
                "yaml_alias",
                f"YAML aliases (*{event.anchor}) are not allowed (line {mark.line + 1})",
                line=mark.line + 1,
            )
        return super().compose_node(parent, index)


class _DatesAsTextConstructor(SafeConstructor):
    """Keeps `2014-09-16` the string it was written as (the store validates dates itself)."""


_DatesAsTextConstructor.add_constructor("tag:yaml.org,2002:timestamp", SafeConstructor.construct_yaml_str)


def _loader() -> YAML:
    yaml = YAML(typ="safe", pure=True)
    yaml.Composer = _NoAliasComposer
    yaml.Constructor = _DatesAsTextConstructor
    return yaml


def decode(data: bytes | str) -> str:
    """The file's text, refusing files over the size limit and bytes that are not UTF-8."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else bytes(data)
    if len(raw) > MAX_IMPORT_BYTES:
        raise FileProblem(
            "too_large",
            f"the file is {len(raw)} bytes; the limit is {MAX_IMPORT_BYTES} bytes (5 MiB): split it",
            size=len(raw),
            limit=MAX_IMPORT_BYTES,
        )
    if isinstance(data, str):
        try:
            data.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise FileProblem("not_utf8", f"the text is not valid UTF-8 (at character {exc.start})",
                              offset=exc.start) from None
        return data.removeprefix("\ufeff")
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise FileProblem(
            "not_utf8", f"the file is not UTF-8 text (invalid byte at offset {exc.start})", offset=exc.start
        ) from None


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise ValueError("duplicate key")
    return out


def load(data: bytes | str) -> Any:
    """Parse an interchange file (YAML 1.2 or JSON) into plain Python data."""
    text = decode(data)
    if text.lstrip().startswith("{"):
        # JSON is YAML, but the standard json module reads it a hundred times faster
        try:
            return json.loads(text, object_pairs_hook=_no_duplicates)
        except (ValueError, RecursionError):
            pass  # not plain JSON (or a duplicate key): the YAML reader says what is wrong
    try:
        return fastyaml.load(text)  # libyaml, YAML 1.2 types: the common case, ten times faster
    except fastyaml.NotFast:
        pass  # anything it does not read exactly as ruamel does, and every error: ruamel says
    try:
        return _loader().load(text)
    except FileProblem:
        raise
    except RecursionError:
        raise FileProblem("too_deep", "the file nests too deeply to be an interchange file") from None
    except (YAMLError, ValueError) as exc:
        where = ""
        mark = getattr(exc, "problem_mark", None) if isinstance(exc, MarkedYAMLError) else None
        if mark is not None:
            where = f" at line {mark.line + 1}, column {mark.column + 1}"
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise FileProblem("yaml_syntax", f"the file is not valid YAML{where}: {problem}",
                          line=(mark.line + 1) if mark else None) from None


_ODD_BREAKS = ("\x85", "\u2028", "\u2029")  # line breaks YAML folds away unless escaped


def _block_safe(ch: str) -> bool:
    """Whether a character may appear as is in a literal block (YAML's printable set, no CR/BOM)."""
    o = ord(ch)
    return ch in "\t\n" or 0x20 <= o <= 0x7E or 0xA0 <= o <= 0xD7FF or 0xE000 <= o <= 0xFFFD and o != 0xFEFF \
        or o >= 0x10000


def _represent_str(representer, value: str):  # noqa: ANN001, ANN202
    """Multi-line text as a literal block (readable); odd line breaks double-quoted (exact)."""
    tag = "tag:yaml.org,2002:str"
    if any(b in value for b in _ODD_BREAKS):
        return representer.represent_scalar(tag, value, style='"')
    if "\n" in value and all(_block_safe(ch) for ch in value):
        return representer.represent_scalar(tag, value, style="|")
    return representer.represent_str(value)


class _TextRepresenter(SafeRepresenter):
    """SafeRepresenter with readable multi-line text (a subclass: the global one stays as it is)."""


_TextRepresenter.add_representer(str, _represent_str)


def dump(document: dict) -> str:
    """YAML text for a document, keys in the order given, Unicode kept readable."""
    yaml = YAML(typ="safe", pure=True)
    yaml.Representer = _TextRepresenter
    yaml.allow_unicode = True
    yaml.default_flow_style = False
    yaml.width = 4096  # no folding of long titles: diffs stay one line per field
    yaml.representer.sort_base_mapping_type_on_output = False
    out = io.StringIO()
    yaml.dump(document, out)
    return out.getvalue()
