"""Callback data for the "Sources" button: the answer's entry ids, compact and checked.

A button carries `why:<lang>:<payload>` (<= 64 bytes, Telegram's limit). The payload is the
entry refs themselves when they fit ("e:kz-is-2014,l:kz-law"), which survives a restart;
otherwise a short hash kept in a small LRU. Either way the refs are validated on press.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict

MAX_CALLBACK_BYTES = 64
PREFIX = "why"
KIND_CODES = {"estimate": "e", "law": "l", "report": "r", "place": "p", "topic": "t"}
CODE_KINDS = {v: k for k, v in KIND_CODES.items()}
_ID = re.compile(r"^[A-Za-z0-9._-]{1,120}$")
_LANG = re.compile(r"^[a-z]{2}$")

Ref = tuple[str, str]  # (kind, id)


class WhyTokens:
    """Encodes answer refs into callback data and decodes (never trusting) what comes back."""

    def __init__(self, capacity: int = 2048, prefix: str = PREFIX):
        self.capacity = capacity
        self.prefix = prefix  # "why"; "chart" for the Chart button (handlers/chart.py)
        self._lru: OrderedDict[str, tuple[Ref, ...]] = OrderedDict()

    def encode(self, refs: list[Ref], lang: str) -> str:
        refs = [(k, i) for k, i in refs if k in KIND_CODES and _ID.match(i)]
        direct = ",".join(f"{KIND_CODES[k]}:{i}" for k, i in refs)
        data = f"{self.prefix}:{lang}:{direct}"
        if direct and len(data.encode()) <= MAX_CALLBACK_BYTES:
            return data
        digest = hashlib.blake2b(repr(refs).encode(), digest_size=8).hexdigest()
        self._lru[digest] = tuple(refs)
        self._lru.move_to_end(digest)
        while len(self._lru) > self.capacity:
            self._lru.popitem(last=False)
        return f"{self.prefix}:{lang}:#{digest}"

    def decode(self, data: str | None) -> tuple[str, list[Ref]] | None:
        """(lang, refs) for well-formed, known callback data; None for stale or forged data."""
        if not data or len(data.encode()) > MAX_CALLBACK_BYTES:
            return None
        parts = data.split(":", 2)
        if len(parts) != 3 or parts[0] != self.prefix or not _LANG.match(parts[1]):
            return None
        lang, payload = parts[1], parts[2]
        if payload.startswith("#"):
            refs = self._lru.get(payload[1:])
            return (lang, list(refs)) if refs else None
        refs: list[Ref] = []
        for item in payload.split(","):
            code, _, ident = item.partition(":")
            if code not in CODE_KINDS or not _ID.match(ident):
                return None
            refs.append((CODE_KINDS[code], ident))
        return (lang, refs) if refs else None
