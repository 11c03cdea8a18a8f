"""Answer -> text for one locale: Telegram HTML (store text escaped, figures bold) or plain text.

Every sentence is a gettext message id; store text is picked in the reply language and marked
"(en)" when it came in another. Lines stay short (a phone screen), provisions over ~600
characters are cut with "…", so a caller can split long replies on line boundaries.
"""

from __future__ import annotations

import html as _html
from itertools import islice

from bot.answering.figures import (
    N_,
    STATUS_WORDS,
    estimator_short,
    format_date,
    format_figure,
    mark,
    place_name,
    text_of,
    truncate,
)
from bot.answering.model import Answer, LawHit
from bot.i18n import format_number, tr
from bot.store.records import EstimateRecord, LawRecord, PlaceRecord, TopicRecord, pick_text

EXAMPLES = (
    N_("How many Kazakhstanis are fighting for the Islamic State?"),
    N_("Compare the number of fighters from the Central Asian republics"),
    N_("Which law lets the state take an extremist group's assets?"),
)
MAX_LIST = 10  # titles/places listed in suggestions
MAX_FULL = 10  # figures shown with their full citation; the next ones get one line each
MAX_BRIEF = 40  # ... up to this many one-liners, then a count of the rest
MAX_ROWS = 40  # comparison table rows (a <pre> block must fit in one Telegram message)


class _Out:
    """Builds lines for one format: esc() for store text, bold() for figures."""

    def __init__(self, answer: Answer | None, lang: str, fmt: str):
        if fmt not in ("html", "text"):
            raise ValueError(f"fmt must be 'html' or 'text', not {fmt!r}")
        self.html = fmt == "html"
        self.lang = lang
        self.t = tr(lang)
        self.places: dict[str, PlaceRecord] = answer.place_info if answer else {}
        self.topics: dict[str, TopicRecord] = answer.topic_info if answer else {}
        self.lines: list[str] = []
        self._place_names: dict[str, str] = {}  # code -> escaped name: tables repeat places

    # text helpers
    def esc(self, text: str) -> str:
        return _html.escape(text, quote=False) if self.html else text

    def bold(self, text: str) -> str:
        """Bold already-escaped text."""
        return f"<b>{text}</b>" if self.html else text

    def italic(self, text: str) -> str:
        return f"<i>{text}</i>" if self.html else text

    def gettext(self, msgid: str, **kw: str) -> str:
        """A translated sentence with its placeholders filled by already-escaped values."""
        text = self.esc(self.t.gettext(msgid))
        return text.format(**kw) if kw else text

    def ngettext(self, singular: str, plural: str, n: int, **kw: str) -> str:
        return self.esc(self.t.ngettext(singular, plural, n)).format(n=format_number(n, self.lang), **kw)

    def place(self, code: str) -> str:
        name = self._place_names.get(code)
        if name is None:
            name = self._place_names[code] = self.esc(place_name(code, self.lang, self.places))
        return name

    def topic(self, key: str | None) -> str:
        record = self.topics.get(key) if key else None
        if record is None:
            return self.esc(key or "")
        return self.esc(text_of(record.label, self.lang))

    def plain(self, value) -> str:
        """Store text without a language mark (names of outlets); '' when absent."""
        if not value:
            return ""
        picked = pick_text(value, self.lang) if isinstance(value, dict) else (str(value), self.lang)
        return picked[0] if picked else ""

    def store_text(self, value, limit: int | None = None) -> str:
        text = text_of(value, self.lang)
        return self.esc(truncate(text, limit) if limit else text)

    def link(self, url: str) -> str:
        if not self.html:
            return url
        if not url.lower().startswith(("http://", "https://")):
            return self.esc(url)  # never a javascript: or other scheme in an href
        return f'<a href="{_html.escape(url, quote=True)}">{self.esc(truncate(url, 200))}</a>'

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def result(self) -> str:
        # no trailing blank lines, no runs of blank lines
        out: list[str] = []
        for line in self.lines:
            if line == "" and (not out or out[-1] == ""):
                continue
            out.append(line)
        while out and out[-1] == "":
            out.pop()
        return "\n".join(out)

    # pieces shared by several kinds
    def figure(self, est: EstimateRecord) -> str:
        return self.bold(self.esc(format_figure(est, self.lang)))

    def source(self, est_source) -> str:
        if est_source is None:
            return self.gettext("source not stated")
        # an outlet's name is a name, not a text in some language: never marked "(en)"
        parts = [self.esc(self.plain(est_source.publication))] if est_source.publication else []
        if est_source.date:
            parts.append(self.esc(format_date(est_source.date, self.lang)))
        return ", ".join(p for p in parts if p) or self.gettext("source not stated")

    def estimator(self, est: EstimateRecord) -> str:
        return self.store_text(est.estimator) if est.estimator else self.gettext("estimator not stated")

    def estimate_block(self, est: EstimateRecord, asked_place: str | None, *, full_source: bool = False) -> None:
        head = f"• {self.figure(est)}"
        if est.place != asked_place:  # within the place asked, or no single place asked
            head += f" — {self.place(est.place)}"
        if est.as_of:
            head += " — " + self.gettext("as of {date}", date=self.esc(format_date(est.as_of, self.lang)))
        self.add(head)
        self.add("  " + self.gettext("Estimated by: {estimator}", estimator=self.estimator(est)))
        self.add("  " + self.gettext("Source: {source}", source=self.source(est.source)))
        if full_source and est.source is not None:
            if est.source.title:
                self.add("  " + self.gettext("Title: {title}", title=f"“{self.store_text(est.source.title, 300)}”"))
            if est.source.url:
                self.add("  " + self.link(est.source.url))
        if est.note:
            self.add("  " + self.italic(self.gettext("Note: {note}", note=self.store_text(est.note, 600))))


def _years(q_from: int | None, q_to: int | None, out: _Out) -> str:
    if q_from is not None and q_to is not None:
        return str(q_from) if q_from == q_to else f"{q_from}–{q_to}"
    if q_from is not None:
        return out.gettext("since {year}", year=str(q_from))
    if q_to is not None:
        return out.gettext("until {year}", year=str(q_to))
    return ""


def _entities(a: Answer, out: _Out) -> str:
    names = [text_of(a.entity_names.get(e), out.lang) or e for e in a.missing_entities]
    return out.esc(", ".join(names))


def _places(codes: list[str], out: _Out) -> str:
    return ", ".join(out.place(c) for c in codes)


# --- kinds -------------------------------------------------------------------------------

def _heading(a: Answer, place: str | None, out: _Out) -> None:
    parts = [p for p in (out.topic(a.topic) if a.topic else "", out.place(place) if place else "") if p]
    if parts:
        out.add(out.bold(" — ".join(parts)))


def _render_figures(a: Answer, out: _Out) -> None:
    place = a.places[0] if a.places else None
    _heading(a, place, out)
    if a.earlier:
        out.add(out.gettext("Latest figure:"))
    elif len(a.estimates) > 1:
        out.add(out.ngettext("{n} figure, newest first:", "{n} competing figures, newest first:", len(a.estimates)))
    for est in a.estimates[:MAX_FULL]:
        out.add("")
        out.estimate_block(est, place)
    brief = [*a.estimates[MAX_FULL:], *a.earlier]
    if brief:
        out.add("", out.gettext("Earlier figures:") if a.earlier else out.gettext("More figures:"))
        for est in brief[:MAX_BRIEF]:
            out.add(_brief_line(est, out, place))
        _more(len(brief) - MAX_BRIEF, out)
    if a.within_places:
        out.add("", out.gettext("Places within {place} have figures of their own: {places}. Ask about one of them.",
                                place=_places(a.places[:1], out), places=_places(a.within_places[:MAX_LIST], out)))


def _brief_line(est: EstimateRecord, out: _Out, place: str | None) -> str:
    """One line per figure: the figure, where (if not the place asked), who, when, where from."""
    date = out.esc(format_date(est.as_of, out.lang))
    who = out.esc(estimator_short(est, out.lang, 40))
    where = f" ({out.place(est.place)})" if est.place != place else ""
    source = out.source(est.source)
    return f"• {out.figure(est)}{where} — {who}, {date}".rstrip(", ") + f"; {source}"


def _more(n: int, out: _Out) -> None:
    if n > 0:
        out.add(out.ngettext("…and {n} more figure.", "…and {n} more figures.", n))


def _render_trend(a: Answer, out: _Out) -> None:
    place = a.places[0] if a.places else None
    _heading(a, place, out)
    out.add(out.gettext("How the figure changed, oldest to newest:"))
    shown = a.estimates if len(a.estimates) <= MAX_BRIEF else a.estimates[-MAX_BRIEF:]
    _more(len(a.estimates) - len(shown), out)  # the oldest are left out, the count says so
    for est in shown:
        date = out.esc(format_date(est.as_of, out.lang)) or out.gettext("undated")
        where = f" ({out.place(est.place)})" if est.place != place else ""
        out.add(f"• {date}: {out.figure(est)}{where}")
        out.add("  " + out.gettext("Estimated by: {estimator}", estimator=out.estimator(est)))
        out.add("  " + out.gettext("Source: {source}", source=out.source(est.source)))
    if len(a.estimates) == 1:
        out.add(out.gettext("The store has only this one figure so far."))


def _render_sources(a: Answer, out: _Out) -> None:
    place = a.places[0] if a.places else None
    title = out.gettext("Sources")
    if a.topic:
        title += f": {out.topic(a.topic)}" + (f" — {out.place(place)}" if place else "")
    out.add(out.bold(title))
    for est in a.estimates[:MAX_BRIEF]:
        out.add("")
        out.estimate_block(est, place, full_source=True)
    _more(len(a.estimates) - MAX_BRIEF, out)
    for hit in a.laws:
        out.add("")
        _law_block(hit, out, brief=True)
    for report in a.reports:
        out.add("", _report_line(report, out))
        if report.url:
            out.add("  " + out.link(report.url))


def _render_comparison(a: Answer, out: _Out) -> None:
    out.add(out.bold(out.topic(a.topic)))
    rows: list[tuple[str, str, str, str]] = []
    for row in a.rows:
        name = place_name(row.place, out.lang, out.places)
        if not row.estimates:
            rows.append((name, out.t.gettext("no data"), "", ""))
            continue
        for i, est in enumerate(row.estimates):
            rows.append((name if i == 0 else "", format_figure(est, out.lang),
                         estimator_short(est, out.lang, 16), format_date(est.as_of, out.lang)))
    hidden = max(0, len(rows) - MAX_ROWS)
    rows = rows[:MAX_ROWS]
    widths = [min(max((len(r[c]) for r in rows), default=0), cap) for c, cap in enumerate((16, 24, 16, 20))]
    lines = []
    for r in rows:
        cells = [truncate(cell, widths[c]) if len(cell) > widths[c] else cell for c, cell in enumerate(r)]
        lines.append("  ".join(cell.ljust(widths[c]) for c, cell in enumerate(cells)).rstrip())
    if out.html:
        out.add("<pre>" + "\n".join(_html.escape(line, quote=False) for line in lines) + "</pre>")
    else:
        out.add(*lines)
    _more(hidden, out)
    cited: list[str] = []
    for row in a.rows:
        for est in row.estimates:
            short, full = out.esc(estimator_short(est, out.lang, 40)), out.estimator(est)
            who = full if full.startswith(short) else f"{short}: {full}"
            line = f"• {who} — {out.source(est.source)}"
            if line not in cited:
                cited.append(line)
    if cited:
        out.add("", out.gettext("Sources:"), *cited[:MAX_BRIEF])


def _law_block(hit: LawHit, out: _Out, brief: bool = False) -> None:
    law = hit.law
    out.add(out.bold(out.store_text(law.title, 300)))
    facts = [out.place(law.jurisdiction)]
    if law.number:
        facts.append(out.gettext("No. {number}", number=out.esc(law.number)))
    for label, value in ((N_("signed {date}"), law.signed), (N_("adopted {date}"), law.adopted),
                         (N_("in force since {date}"), law.in_force)):
        if value:
            facts.append(out.gettext(label, date=out.esc(format_date(value, out.lang))))
    out.add(" · ".join(facts))
    if law.signed_by:
        out.add(out.gettext("Signed by: {name}", name=out.store_text(law.signed_by)))
    if law.status:
        status = out.gettext(STATUS_WORDS[law.status]) if law.status in STATUS_WORDS else out.esc(law.status)
        out.add(out.gettext("Status: {status}", status=status))
    if brief:
        if law.source:
            out.add(out.gettext("Source: {source}", source=out.source(law.source)))
        return
    if law.summary:
        out.add(out.store_text(law.summary, 600))
    if law.provisions:
        out.add(out.gettext("Provisions:"))
        order = list(range(len(law.provisions)))
        if hit.best_provision is not None:
            order.remove(hit.best_provision)
            order.insert(0, hit.best_provision)
        for i in order:
            text = out.store_text(law.provisions[i], 600)
            out.add(f"→ {out.bold(text)}" if i == hit.best_provision else f"• {text}")
    if law.source:
        out.add(out.gettext("Source: {source}", source=out.source(law.source)))


# a law shown in full scores at least this share of the best law's score; the others are named
# in "Also:" by title and jurisdiction only (their dates and signatories would read as the answer)
FULL_LAW_SHARE = 0.85


def _render_laws(a: Answer, out: _Out) -> None:
    best = max((h.score for h in a.laws), default=0.0)
    full = [h for h in a.laws if h.score >= best * FULL_LAW_SHARE][:3] if best > 0 else a.laws[:3]
    rest = [h for h in a.laws if h not in full]
    for i, hit in enumerate(full):
        if i:
            out.add("")
        _law_block(hit, out)
    if rest:
        out.add("", out.gettext("Also:"))
        for hit in rest:
            out.add(f"• {out.store_text(hit.law.title, 200)} ({out.place(hit.law.jurisdiction)})")


def _topic_count_line(topic: str | None, n: int, out: _Out) -> str:
    return f"• {out.topic(topic)}: " + out.ngettext("{n} figure", "{n} figures", n)


def _overview_line(c, out: _Out, label: str) -> list[str]:
    lines = [f"• {label}: " + out.ngettext("{n} figure", "{n} figures", c.count)]
    if c.latest is not None:
        est = c.latest
        lines.append("  " + out.gettext("newest: {figure} — {estimator}, {date}", figure=out.figure(est),
                                        estimator=out.esc(estimator_short(est, out.lang, 40)),
                                        date=out.esc(format_date(est.as_of, out.lang))).rstrip(", "))
    return lines


def _report_line(report, out: _Out) -> str:
    title = out.store_text(report.title, 200) if report.title else out.esc(report.url)
    where = ", ".join(x for x in (out.esc(out.plain(report.publication)),
                                  out.esc(format_date(report.published, out.lang))) if x)
    return f"• {title}" + (f" — {where}" if where else "")


def _render_overview(a: Answer, out: _Out) -> None:
    if a.places:
        for place in a.places:
            out.add(out.bold(out.gettext("{place}: what I have", place=out.place(place))))
            counts = [c for c in a.overview if c.place == place]
            lines = [line for c in counts[:MAX_LIST * 2] for line in _overview_line(c, out, out.topic(c.topic))]
            out.add(*(lines or [out.gettext("No figures yet.")]))
            _more(sum(c.count for c in counts[MAX_LIST * 2:]), out)
        if a.laws:
            out.add("", out.ngettext("{n} law", "{n} laws", a.law_count) + ":")
            for hit in a.laws:
                date = out.esc(format_date(hit.law.date, out.lang))
                out.add(f"• {out.store_text(hit.law.title, 200)}" + (f" ({date})" if date else ""))
        if a.reports:
            out.add("", out.gettext("Reporting:"))
            for report in a.reports:
                out.add(_report_line(report, out))
    elif a.topic:
        out.add(out.bold(out.gettext("{topic}: I have figures for", topic=out.topic(a.topic))))
        for c in a.overview[:MAX_LIST * 2]:
            out.add(*_overview_line(c, out, out.place(c.place or "")))
        _more(sum(c.count for c in a.overview[MAX_LIST * 2:]), out)
    out.add("", out.gettext("Ask for a figure, a comparison or a law."))


def _inner_quotes(text: str, lang: str) -> str:
    """ru/kk sentences quote a topic «…»: quotes inside it become „…“, as typography wants."""
    return text.replace("«", "„").replace("»", "“") if lang in ("ru", "kk") else text


def _render_no_data(a: Answer, out: _Out) -> None:
    topic = _inner_quotes(out.topic(a.topic), out.lang) if a.topic else ""
    places = _places(a.places, out)
    if a.about_laws:
        out.add(out.gettext("No law found for {place}.", place=places) if places
                else out.gettext("No law found on that."))
        if a.law_titles:
            out.add("", out.gettext("Laws I have:"))
            for law in a.law_titles[:MAX_LIST]:
                date = out.esc(format_date(law.date, out.lang))
                where = "" if law.jurisdiction in a.places else f" — {out.place(law.jurisdiction)}"
                out.add(f"• {out.store_text(law.title, 200)}{where}" + (f" ({date})" if date else ""))
        return
    if a.missing_names:
        out.add(out.gettext("No figures about {names} in the store.", names=out.esc(", ".join(a.missing_names[:3]))))
    elif a.missing_places:
        # a place the store does not have ("Dagestan", "Шымкент"): named as the user knows it
        names = ", ".join(out.esc(a.missing_place_names.get(code, {}).get(out.lang) or code)
                          for code in a.missing_places[:3])
        out.add(out.gettext("No data for {place}: the store has no figures for it.", place=names))
        if a.places:
            out.add(out.gettext("It lies in {country}.", country=_places(a.places, out)))
    elif a.missing_measure:
        # the store counts nothing of the kind asked ("сидит в тюрьмах"): the user's words
        words = out.esc(", ".join(a.missing_measure[:3]))
        out.add(out.gettext("No figures on “{words}” for {place}.", words=words, place=places) if places
                else out.gettext("No figures on “{words}”.", words=words))
    elif a.missing_year:
        years = _years(*a.missing_year, out)
        if topic:
            out.add(out.gettext("No figure on {topic} for {place} ({years}).", topic=topic, place=places, years=years)
                    if places else out.gettext("No figure on {topic} ({years}).", topic=topic, years=years))
        else:
            out.add(out.gettext("No figures for {place} ({years}).", place=places, years=years)
                    if places else out.gettext("No figures ({years}).", years=years))
        if a.available_dates:
            dates = ", ".join(out.esc(format_date(d, out.lang)) for d in a.available_dates[:MAX_LIST])
            out.add(out.gettext("The figures I have are dated: {dates}.", dates=dates))
    elif a.missing_entities and topic and places:
        out.add(out.gettext("No figure on {topic} for {place} about {entity}.", topic=topic, place=places,
                            entity=_entities(a, out)))
    elif a.missing_entities and places:
        out.add(out.gettext("No data for {place} about {entity}.", place=places, entity=_entities(a, out)))
    elif a.missing_entities and not topic:
        out.add(out.gettext("No figures about {entity}.", entity=_entities(a, out)))
    elif topic and places:
        out.add(out.gettext("No data on {topic} for {place}.", topic=topic, place=places))
    elif places:
        out.add(out.gettext("No data for {place}.", place=places))
    elif topic:
        out.add(out.gettext("No data on {topic}.", topic=topic))
    else:
        out.add(out.gettext("I have no data on that."))
    if a.unknown_terms and not a.topic:
        out.add(out.gettext("Words I could not match: {words}.", words=out.esc(", ".join(a.unknown_terms[:6]))))
    # what the store does have, never presented as the answer
    for place in a.places:
        lines = [_topic_count_line(c.topic, c.count, out) for c in a.suggestions if c.place == place and c.topic]
        if lines:
            out.add("", out.gettext("For {place} I have:", place=out.place(place)), *lines[:MAX_LIST])
    if a.topic:
        others = list(islice((c.place for c in a.topic_places if c.place), MAX_LIST))  # the list may be long
        if others:
            out.add("", out.gettext("On {topic} I have figures for: {places}.", topic=topic,
                                    places=_places(others, out)))
    if a.reports and a.reports_mention:
        # reading, not an answer: the reports that use the question's words (no figure taken from them)
        out.add("", out.gettext("Reporting that mentions “{words}”:", words=out.esc(", ".join(a.reports_mention[:6]))))
        for report in a.reports:
            out.add(_report_line(report, out))
            if report.url:
                out.add("  " + out.link(report.url))
    if a.places and a.law_count:  # a sentence of its own, not a bare "1 law" under the list
        out.add("", out.ngettext("There is also {n} law for {place} in the store.",
                                 "There are also {n} laws for {place} in the store.", a.law_count, place=places))


def _render_help(a: Answer, out: _Out, sorry: bool) -> None:
    if sorry:
        out.add(out.gettext("Sorry, I did not understand the question."))
    out.add(out.gettext("I answer questions on figures and laws about security in Central Asia, "
                        "naming the estimator, the source and the date of every figure."))
    out.add(out.gettext("For example:"))
    for example in EXAMPLES:
        out.add("• " + out.italic(out.gettext(example)))


def render(answer: Answer, lang: str, fmt: str = "html") -> str:
    """The answer as Telegram HTML (fmt="html") or plain text (fmt="text") in `lang`."""
    out = _Out(answer, lang, fmt)
    kind = answer.kind
    if answer.missing_estimator and kind != "no_data":
        # "according to the KNB" and none of these is the KNB's: said first, then what there is
        out.add(out.gettext("No figure from {estimator}. The store has these:", estimator=out.esc(answer.missing_estimator)), "")
    if answer.missing_places and kind != "no_data":
        names = ", ".join(out.esc(answer.missing_place_names.get(code, {}).get(out.lang) or code)
                          for code in answer.missing_places[:3])
        out.add(out.gettext("No data for {place}: the store has no figures for it.", place=names), "")
    if answer.within_only and answer.places:
        # a region's figure is never presented as its country's: say whose it is first
        out.add(out.gettext("No figure for {place} as a whole; figures for places within it:",
                            place=_places(answer.places[:1], out)), "")
    if kind == "figures":
        _render_figures(answer, out)
    elif kind == "trend":
        _render_trend(answer, out)
    elif kind == "sources":
        _render_sources(answer, out)
    elif kind == "comparison":
        _render_comparison(answer, out)
    elif kind == "laws":
        _render_laws(answer, out)
    elif kind == "overview":
        _render_overview(answer, out)
    elif kind == "no_data":
        _render_no_data(answer, out)
    else:
        _render_help(answer, out, sorry=kind != "help")
    if answer.notes:  # what the answer did with the question ("sorted by figure", "no total")
        out.add("", *(out.italic(out.esc(note.format(out.t.gettext))) for note in answer.notes))
    return out.result()


def _entry_label(kind: str, record, out: _Out) -> str:
    if kind == "estimate":
        return f"{out.esc(format_figure(record, out.lang))}, {out.place(record.place)}, {out.topic(record.topic)}"
    if record.title:
        return out.store_text(record.title, 120)
    return out.esc(getattr(record, "url", "") or "")


def render_why(answer: Answer, lang: str, fmt: str = "html") -> str:
    """Which entries the answer drew on (kind, id, revision) and why they were chosen."""
    out = _Out(answer, lang, fmt)
    out.add(out.bold(out.gettext("Why this answer")))
    if answer.reasons:
        out.add(out.gettext("How the question was read:"))
        out.add(*(f"• {out.esc(r.format(out.t.gettext))}" for r in answer.reasons))
    if answer.rule:
        out.add(out.gettext("Answered by the rule {rule} (bot/answering/answerer.py).", rule=out.esc(answer.rule)))
    records = {("estimate", e.id): e for e in [*answer.estimates, *answer.earlier, *(x for r in answer.rows for x in r.estimates)]}
    records.update({("estimate", c.latest.id): c.latest for c in answer.overview if c.latest is not None})
    records.update({("law", h.law.id): h.law for h in answer.laws})
    records.update({("report", r.id): r for r in answer.reports})
    used = answer.used or list(records)
    if not used:
        out.add(out.gettext("This answer drew on no entries."))
        return out.result()
    out.add("", out.gettext("Entries used:"))
    for kind, entry_id in used[:MAX_BRIEF]:
        record = records.get((kind, entry_id))
        code = f"<code>{out.esc(entry_id)}</code>" if out.html else entry_id
        line = f"• {out.esc(kind)} {code} (" + out.gettext("revision {n}", n=str(getattr(record, "revision", "?"))) + ")"
        out.add(line)
        if record is not None:
            out.add("  " + _entry_label(kind, record, out))
        reasons = answer.entry_reasons.get(f"{kind}:{entry_id}")
        if reasons:
            out.add("  " + out.esc("; ".join(r.format(out.t.gettext) for r in reasons)))
    if len(used) > MAX_BRIEF:
        out.add(out.ngettext("…and {n} more entry.", "…and {n} more entries.", len(used) - MAX_BRIEF))
    return out.result()


def render_entry(record: EstimateRecord | LawRecord, lang: str, fmt: str = "html", *,
                 places: dict[str, PlaceRecord] | None = None,
                 topics: dict[str, TopicRecord] | None = None) -> str:
    """One estimate or law in full (for buttons), with every field the store has."""
    out = _Out(None, lang, fmt)
    out.places, out.topics = places or {}, topics or {}
    if isinstance(record, LawRecord):
        _law_block(LawHit(record), out)
    else:
        out.add(out.bold(f"{out.topic(record.topic)} — {out.place(record.place)}"))
        out.estimate_block(record, record.place, full_source=True)
        if record.tags:
            out.add("  " + out.esc(", ".join(record.tags)))
    id_text = f"<code>{out.esc(record.id)}</code>" if out.html else record.id
    out.add(f"{id_text} · " + out.gettext("revision {n}", n=str(record.revision)))
    return out.result()


__all__ = ["render", "render_why", "render_entry", "mark", "pick_text"]
