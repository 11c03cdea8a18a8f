"""Store entries as the curator sees them in chat: finding one by id, a summary to confirm,
problems in the curator's language, typed-input checks."""

from __future__ import annotations

import html
import re
from typing import Any

from telegram import Bot, InputFile
from telegram.constants import ParseMode

from bot.answering import render_entry
from bot.curation.history import path_label, value_text
from bot.curation.problem_text import describe, problems_text
from bot.curation.workflow import typed_problem
from bot.i18n import N_, error_text, tr
from bot.languages import CODES
from bot.store import Store
from bot.store.problems import Problem
from bot.store.rows import Record, to_record
from handlers.html_split import split_html
from handlers.replies import NO_PREVIEW

KINDS = ("estimate", "law", "report", "place", "topic")
KEY_FIELD = {"estimate": "id", "law": "id", "report": "id", "place": "code", "topic": "key"}


KIND_NAMES = {
    "estimate": N_("estimate"),
    "law": N_("law"),
    "report": N_("report"),
    "place": N_("place"),
    "topic": N_("topic"),
}


def kind_name(kind: str, lang: str) -> str:
    return tr(lang).gettext(KIND_NAMES.get(kind, kind))


def find_entry(store: Store, ref: str) -> tuple[str, Record] | None:
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
    """What is wrong with a value a curator typed (bot.curation.workflow.typed_problem), said in
    the curator's language, or None."""
    problem = typed_problem(field, value, limit)
    return error_text(problem, lang) if problem else None


MAX_LISTED_PROBLEMS = 20  # in chat; the rest go in a file: 50,000 problems are not 977 messages
PROBLEM_LINE_LIMIT = 300


async def send_problems(bot: Bot, chat_id: int, head: str, problems: list[Problem], lang: str, file_name: str) -> None:
    """`head`, then the problems: all of them when there are at most MAX_LISTED_PROBLEMS, else the
    first ones, how many there are, and every one of them in a text file (one message or two and
    one document, however many there are)."""
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


def fmt_value(value: Any) -> str:
    if isinstance(value, dict):
        if set(value) <= set(CODES):
            return " / ".join(f"{v}" for v in value.values())
        return "; ".join(f"{k}: {fmt_value(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(fmt_value(v) for v in value)
    return str(value)


def summary_html(store: Store, kind: str, data: dict, lang: str) -> str:
    """The whole entry as Telegram HTML: estimates and laws as the answers show them."""
    if kind in {"estimate", "law"}:
        try:
            record = to_record(kind, data)
            places = {p.code: p for p in store.entries.places()}
            topics = {t.key: t for t in store.entries.topics()}
            return render_entry(record, lang, "html", places=places, topics=topics)
        except (KeyError, TypeError, ValueError, AttributeError):
            pass  # incomplete data: fall back to the field list
    lines = [f"<b>{html.escape(kind_name(kind, lang))}</b>"]
    for key, value in data.items():
        text = value_text(key, value, lang) or fmt_value(value)
        if len(text) > 600:
            text = text[:599] + "…"
        label = path_label(key, lang)  # the field's name in the curator's language
        lines.append(f"{html.escape(label[:1].upper() + label[1:])}: {html.escape(text)}")
    return "\n".join(lines)
