"""How each word of a question was read — place, place the store lacks, organisation, topic,
measure, year, number, who said it, a cue, or nothing — for /why: nothing is silently dropped.

One pass over the tokens with the same indexes understanding and answering use; the label of a
span is the first that claims it, in the order of SPAN_KINDS.
"""

from __future__ import annotations

from bot.answering.index import StoreIndex, fold_term
from bot.understanding.attribution import attributed_names
from bot.understanding.kazakh import fold as kazakh_fold
from bot.understanding.lexicon import cue_index
from bot.understanding.measures import measure_spans
from bot.understanding.query import Query
from bot.understanding.text import Token, tokenise
from bot.understanding.years import find_years

SPAN_KINDS = ("place", "outside", "entity", "attribution", "measure", "year", "number", "topic", "cue", "unmatched")


def read_spans(q: Query, index: StoreIndex) -> list[tuple[str, str]]:
    """[(words as written, what they were read as)] in question order; stopwords left out."""
    text = (q.text or "")[:1000]
    tokens = tokenise(text)
    label: dict[int, str] = {}

    def claim(start: int, end: int, what: str) -> None:
        for i in range(start, end):
            label.setdefault(i, what)

    def by_chars(start: int, end: int, what: str) -> None:
        for i, tok in enumerate(tokens):
            if tok.start >= start and tok.end <= end:
                label.setdefault(i, what)

    for name in attributed_names(text):
        at = text.find(name)
        if at >= 0:
            by_chars(at, at + len(name), "who said it")
    for m in index.lexicon.names.scan(tokens, set()):
        kind, key = m.payload
        claim(m.start, m.end, f"{'place' if kind == 'place' else 'organisation'} {key}")
    from bot.understanding.gazetteer import gazetteer

    for m in gazetteer().lookup(tokens):
        if m.code not in index.places:
            claim(m.start, m.end, f"place outside the store {m.code}")
    for span in measure_spans(text):
        by_chars(span.start, span.end, f"measure {span.measure}")
    for start, end in find_years(text).spans or []:
        by_chars(start, end, "year")
    topic_terms = set().union(*(index.topic_terms.get(t, frozenset()) for t in q.topics)) if q.topics else set()
    for i, tok in enumerate(tokens):
        if tok.is_number:
            label.setdefault(i, "number")
        elif topic_terms and tok.keys & topic_terms:
            label.setdefault(i, "topic " + q.topics[0])
    for m in cue_index().scan(tokens, set(label)):
        claim(m.start, m.end, "cue " + m.payload[1])
    unknown = {kazakh_fold(fold_term(w.lower())) for w in q.unknown_terms}
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(tokens):
        tok: Token = tokens[i]
        what = label.get(i)
        if what is None:
            if tok.is_stopword or len(tok.folded) < 2:
                i += 1
                continue
            what = "unmatched" if kazakh_fold(fold_term(tok.text.lower())) in unknown else "word of the question"
        j = i + 1
        while j < len(tokens) and label.get(j) == what and what != "unmatched":
            j += 1
        out.append((text[tok.start:tokens[j - 1].end], what))
        i = j
    return out


def spans_line(spans: list[tuple[str, str]]) -> str:
    """'Шымкенте → place outside the store KZ-79; посадили → measure convicted; …'"""
    return "; ".join(f"{words} → {what}" for words, what in spans)
