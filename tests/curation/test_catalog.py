"""Every message the curation core shows has its Russian and Kazakh text in the catalogs."""

from __future__ import annotations

from bot.curation import fields, forms, problem_text
from bot.ingest import fetch
from tests.support.answering import translations


def _translations() -> dict[str, dict[str, str]]:
    ru, kk = translations("ru"), translations("kk")
    return {msgid: {"ru": ru[msgid][0], "kk": kk.get(msgid, ("",))[0]} for msgid in ru}


def _my_msgids() -> list[str]:
    ids = [problem_text.MESSAGES[k] for k in ("bad_figure", "read_only", "exists")]
    ids += [forms.ESTIMATE_LINE_SYNTAX, forms.LAW_LINE_SYNTAX, forms.FALLBACK]
    ids += list(forms.FIELD_LABELS.values()) + list(forms.MESSAGES.values())
    ids += [f.question for k in fields.FLOWS for f in fields.flow(k)]
    ids += list(fields.UNIT_LABELS.values()) + list(fields.STATUS_LABELS.values())
    ids += list(fetch.MESSAGES.values())
    return ids


def test_every_curation_msgid_has_ru_and_kk() -> None:
    known = _translations()
    missing = [m for m in _my_msgids() if not (known.get(m, {}).get("ru") and known.get(m, {}).get("kk"))]
    assert missing == []


def test_translations_keep_the_placeholders() -> None:
    import string

    known = _translations()
    for msgid in _my_msgids():
        want = {f for _, f, _, _ in string.Formatter().parse(msgid) if f}
        for lang in ("ru", "kk"):
            got = {f for _, f, _, _ in string.Formatter().parse(known[msgid][lang]) if f}
            assert got == want, (msgid, lang)
