"""Split a Telegram-HTML reply into messages under 4,096 characters, on line boundaries.

A tag never straddles two messages: tags still open at a cut are closed at the end of one
message and reopened at the start of the next. Length is counted in UTF-16 code units on
the HTML itself, which is never shorter than the text Telegram counts.
"""

from __future__ import annotations

import re

TELEGRAM_LIMIT = 4096
_ATOM = re.compile(r"<[^>]*>|&#?[A-Za-z0-9]+;|\n| +|[^<&\n ]+|[<&]")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^>]*?(/?)>")


def units(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def _atoms(html: str, longest: int) -> list[str]:
    out: list[str] = []
    for atom in _ATOM.findall(html):
        if units(atom) > longest and not atom.startswith("<"):
            out.extend(atom[i : i + longest // 2] for i in range(0, len(atom), longest // 2))
        else:
            out.append(atom)
    return out


def _advance(stack: list[tuple[str, str]], atom: str) -> None:
    """Update the open-tag stack with one atom."""
    m = _TAG.fullmatch(atom)
    if not m or m.group(3):
        return
    closing, name = m.group(1), m.group(2).lower()
    if not closing:
        stack.append((name, atom))
        return
    for i in range(len(stack) - 1, -1, -1):
        if stack[i][0] == name:
            del stack[i:]
            return


def _closers(stack: list[tuple[str, str]]) -> str:
    return "".join(f"</{name}>" for name, _ in reversed(stack))


def _openers(stack: list[tuple[str, str]]) -> str:
    return "".join(tag for _, tag in stack)


def split_html(html: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """The reply as one or more messages, each at most `limit` units, cut at line ends
    (else at spaces, else anywhere outside a tag or entity), with tags balanced in each."""
    html = html.strip("\n")
    if units(html) <= limit:
        return [html] if html else []
    atoms = _atoms(html, limit // 4)
    chunks: list[str] = []
    start_stack: list[tuple[str, str]] = []
    current: list[str] = []
    stack: list[tuple[str, str]] = []
    size = 0
    i = 0
    while i < len(atoms):
        atom = atoms[i]
        prospective = list(stack)
        _advance(prospective, atom)
        need = size + units(atom) + units(_closers(prospective))
        if need <= limit or not current:
            current.append(atom)
            size += units(atom)
            stack = prospective
            i += 1
            continue
        # Cut: prefer the last line break, then the last space; never inside a tag.
        cut = _last_index(current, "\n")
        if cut is None or cut == 0:
            cut = _last_space(current)
        if cut is None or cut == 0:
            cut = len(current)
        keep, carry = current[:cut], current[cut:]
        keep_stack = list(start_stack)
        for a in keep:
            _advance(keep_stack, a)
        text = (_openers(start_stack) + "".join(keep)).rstrip(" \n") + _closers(keep_stack)
        if text.strip():
            chunks.append(text)
        while carry and not carry[0].strip():  # no message starts with a blank line
            carry = carry[1:]
        start_stack = keep_stack
        current = carry
        stack = list(start_stack)
        for a in current:
            _advance(stack, a)
        size = units(_openers(start_stack)) + sum(units(a) for a in current)
    if current:
        text = (_openers(start_stack) + "".join(current)).rstrip(" \n") + _closers(stack)
        if text.strip():
            chunks.append(text)
    return chunks


def _last_index(items: list[str], value: str) -> int | None:
    for i in range(len(items) - 1, -1, -1):
        if items[i] == value:
            return i
    return None


def _last_space(items: list[str]) -> int | None:
    for i in range(len(items) - 1, -1, -1):
        if items[i].startswith(" "):
            return i
    return None
