"""Import problems in the reader's language: Problem.code + params -> a gettext message.

Problem.message stays English (logs, CLI); a curator in chat gets `describe(problem, lang)`, and
an ImportError_ is said as the list of its problems (`problems_text`).
"""

from __future__ import annotations

from bot.i18n import N_, tr, wording_of
from bot.store.problems import ImportError_, Problem

MESSAGES: dict[str, str] = {
    "missing": N_("{entry}: the field '{field}' is missing."),
    "wrong_type": N_("{entry}: the field '{field}' has the wrong type."),
    "unknown_key": N_("{entry}: unknown field '{field}'."),
    "unknown_language": N_("{entry}: '{field}': only en, ru and kk texts are accepted."),
    "unknown_place": N_("{entry}: '{field}': unknown place {place}."),
    "unknown_topic": N_("{entry}: '{field}': unknown topic {topic}."),
    "bad_date": N_("{entry}: '{field}': {value} is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)."),
    "negative": N_("{entry}: '{field}' cannot be negative."),
    "bad_number": N_("{entry}: '{field}' must be a finite number."),
    "too_big": N_("{entry}: '{field}': {value} is too large; a figure is at most {limit}."),
    "low_above_high": N_("{entry}: low ({low}) is above high ({high})."),
    "value_with_bounds": N_("{entry}: give either an exact value or low/high bounds, not both."),
    "duplicate_id": N_("{entry}: the id {id} is used twice in this file."),
    "bad_status": N_("{entry}: '{field}': {value} is not a law status (draft, adopted, signed, in-force, repealed)."),
    "bad_language": N_("{entry}: '{field}': {value} is not a report language (en, ru, kk)."),
    "bad_url": N_("{entry}: '{field}': {value} is not a web address."),
    "bad_code": N_("{entry}: '{field}': {value} is not a valid code."),
    "bad_id": N_("{entry}: '{field}': {value} is not a valid id."),
    "bad_char": N_("{entry}: '{field}' holds a NUL character, which text may not contain."),
    "bad_version": N_("The file's version must be 1."),
    "too_large": N_("The file is too large: the limit is 5 MiB."),
    "not_utf8": N_("The file is not UTF-8 text."),
    "yaml_alias": N_("The file uses YAML aliases, which are not allowed."),
    "yaml_syntax": N_("The file is not valid YAML."),
    "yaml_syntax_at": N_("The file is not valid YAML: look at line {line}, column {column}."),
    "json_syntax": N_("The file is not valid JSON: look at line {line}, column {column}."),
    "empty_file": N_("The file is empty: nothing to import. Send a file that starts with 'version: 1'."),
    "too_deep": N_("The file nests too deeply."),
    "bad_bool": N_("{entry}: '{field}' must be true or false, not {value}."),
    "bad_figure": N_("{entry}: '{field}': {value} is not a figure (e.g. 250, >500, up to 80, 80-100)."),
    "read_only": N_("{entry}: '{field}' cannot be changed; add a new entry instead."),
    "exists": N_("{entry}: an entry with the id {id} already exists."),
}
FALLBACK = N_("{entry}: '{field}': invalid value.")


def describe(problem: Problem, lang: str) -> str:
    """One problem as a sentence in `lang` (entry labels and values are kept as written)."""
    t = tr(lang)
    params = {"field": problem.field, "value": "", "place": "", "topic": "", "id": "", "low": "", "high": "",
              "limit": "", "line": "", "column": "",
              **problem.params}
    if problem.entry == "file":
        params["entry"] = t.gettext("the file")
    else:
        params.setdefault("entry", problem.entry)
    template = MESSAGES.get(problem.code, FALLBACK)
    if problem.code == "yaml_syntax" and problem.params.get("line"):
        template = MESSAGES["yaml_syntax_at"]
    try:
        text = t.gettext(template).format(**params)
    except (KeyError, IndexError, ValueError):  # a catalog typo must not hide the problem itself
        return str(problem)
    if not problem.entry and not params.get("entry"):
        # a single entry typed in chat: no "entries[3]" label, so drop the empty "{entry}: " lead
        text = text.lstrip(": ")
        text = text[:1].upper() + text[1:]
    return text


def problems_text(problems: list[Problem], lang: str, *, line_limit: int | None = None) -> str:
    """Every problem on its own line, in the curator's language (plain text); with `line_limit`,
    a longer line is cut there (an unknown key can be a whole paragraph)."""
    lines = (describe(p, lang) for p in problems)
    if line_limit:
        lines = (line if len(line) <= line_limit else line[:line_limit - 1] + "…" for line in lines)
    return "\n".join(f"• {line}" for line in lines)


@wording_of(ImportError_)
def describe_import_error(error: ImportError_, lang: str) -> str:
    return problems_text(error.problems, lang)
