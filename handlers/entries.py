"""Store entries as the curator sees them in chat: finding one by id, a summary to confirm,
problems in the curator's language, typed-input checks and ids for new entries."""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Any

from bot.i18n import N_, tr
from bot.languages import CODES

KINDS = ("estimate", "law", "report", "place", "topic")
KEY_FIELD = {"estimate": "id", "law": "id", "report": "id", "place": "code", "topic": "key"}
LONG_FIELDS = {"note", "summary", "text", "provisions", "title", "reason", "line"}
_TAG = re.compile(r"<\s*/?\s*[A-Za-z!][^>]*>")



KIND_NAMES = {
    "estimate": N_("estimate"),
    "law": N_("law"),
    "report": N_("report"),
    "place": N_("place"),
    "topic": N_("topic"),
}


def kind_name(kind: str, lang: str) -> str:
    return tr(lang).gettext(KIND_NAMES.get(kind, kind))


def find_entry(store: Any, ref: str) -> tuple[str, Any] | None:
    """(kind, record) for "ID" or "kind:ID", retracted entries included; None if nothing has it."""
    kind, sep, ident = ref.partition(":")
    if sep and kind in KINDS:
        record = store.entries.get(kind, ident, include_retracted=True)
        return (kind, record) if record is not None else None
    for kind in KINDS:
        record = store.entries.get(kind, ref, include_retracted=True)
        if record is not None:
            return kind, record
    return None


def check_typed(field: str, value: str, lang: str, limit: int | None | bool = True) -> str | None:
    """What is wrong with a value a curator typed (too long, HTML, control characters), or None.

    limit: True for the field's usual limit, a number, or None to leave the length to the core."""
    from bot.curation.forms import MAX_NAME, MAX_TEXT, FormError, describe_form_error, field_label

    if limit is True:
        limit = MAX_TEXT if field.split(".")[0] in LONG_FIELDS else MAX_NAME
    if limit and len(value) > limit:
        return describe_form_error(FormError(field, "too_long", {"length": len(value), "limit": limit}), lang)
    if _TAG.search(value):
        label = field_label(field, lang)
        return tr(lang).gettext("{field}: HTML tags are not allowed; please write plain text.").format(
            field=label[:1].upper() + label[1:])
    if any(unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in value):
        return describe_form_error(FormError(field, "bad_char"), lang)
    return None


def check_data(data: Any, lang: str, prefix: str = "") -> str | None:
    """check_typed (HTML, control characters) over the strings of an entry's data; a report's
    body text (fetched or pasted whole) is left as it came."""
    if isinstance(data, dict):
        for key, value in data.items():
            if not prefix and key == "text":
                continue
            name = f"{prefix}.{key}" if prefix and key not in CODES else (prefix or key)
            problem = check_data(value, lang, name)
            if problem:
                return problem
    elif isinstance(data, list):
        for value in data:
            problem = check_data(value, lang, prefix)
            if problem:
                return problem
    elif isinstance(data, str):
        return check_typed(prefix or "?", data, lang, limit=None)
    return None


def problems_text(problems: list[Any], lang: str, *, line_limit: int | None = None) -> str:
    """Every problem on its own line, in the curator's language (plain text); with `line_limit`,
    a longer line is cut there (an unknown key can be a whole paragraph)."""
    from bot.curation.problem_text import describe

    lines = (describe(p, lang) for p in problems)
    if line_limit:
        lines = (line if len(line) <= line_limit else line[:line_limit - 1] + "…" for line in lines)
    return "\n".join(f"• {line}" for line in lines)


MAX_LISTED_PROBLEMS = 20  # in chat; the rest go in a file: 50,000 problems are not 977 messages
PROBLEM_LINE_LIMIT = 300


async def send_problems(bot: Any, chat_id: int, head: str, problems: list[Any], lang: str, file_name: str) -> None:
    """`head`, then the problems: all of them when there are at most MAX_LISTED_PROBLEMS, else the
    first ones, how many there are, and every one of them in a text file (one message or two and
    one document, however many there are)."""
    from telegram import InputFile
    from telegram.constants import ParseMode

    from bot.curation.problem_text import describe
    from handlers.html_split import split_html
    from handlers.replies import NO_PREVIEW

    t = tr(lang)
    listed = problems[:MAX_LISTED_PROBLEMS]
    text = head + "\n" + problems_text(listed, lang, line_limit=PROBLEM_LINE_LIMIT)
    extra = len(problems) - len(listed)
    if extra > 0:
        text += "\n" + t.ngettext("…and {n} more. Every problem is in the attached file.",
                                  "…and {n} more. Every problem is in the attached file.", extra).format(n=extra)
    for chunk in split_html(html.escape(text)):
        await bot.send_message(chat_id, chunk, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW)
    if extra > 0:
        stem = re.sub(r"[^\w.-]+", "_", file_name.rsplit(".", 1)[0])[:60] or "file"
        content = ("\n".join(describe(p, lang) for p in problems) + "\n").encode("utf-8")
        caption = t.ngettext("{file}: {n} problem", "{file}: {n} problems", len(problems)).format(
            file=file_name[:100], n=len(problems))
        await bot.send_document(chat_id, InputFile(content, filename=f"{stem}-problems.txt"), caption=caption)


def _fmt(value: Any) -> str:
    if isinstance(value, dict):
        if set(value) <= set(CODES):
            return " / ".join(f"{v}" for v in value.values())
        return "; ".join(f"{k}: {_fmt(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_fmt(v) for v in value)
    return str(value)


def summary_html(store: Any, kind: str, data: dict, lang: str) -> str:
    """The whole entry as Telegram HTML: estimates and laws as the answers show them."""
    if kind in {"estimate", "law"}:
        try:
            from bot.answering import render_entry
            from bot.store.api import to_record

            record = to_record(kind, data)
            places = {p.code: p for p in store.entries.places()}
            topics = {t.key: t for t in store.entries.topics()}
            return render_entry(record, lang, "html", places=places, topics=topics)
        except (KeyError, TypeError, ValueError, AttributeError):
            pass  # incomplete data: fall back to the field list
    from bot.curation.history import path_label, value_text

    lines = [f"<b>{html.escape(kind_name(kind, lang))}</b>"]
    for key, value in data.items():
        text = value_text(key, value, lang) or _fmt(value)
        if len(text) > 600:
            text = text[:599] + "…"
        label = path_label(key, lang)  # the field's name in the curator's language
        lines.append(f"{html.escape(label[:1].upper() + label[1:])}: {html.escape(text)}")
    return "\n".join(lines)
