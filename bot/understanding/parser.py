"""parse(): a question in en/ru/kk -> Query (places, topics, entities, years, latest, intent, terms)."""

from __future__ import annotations

import re
from datetime import date

from bot.languages import LANGUAGES, words
from bot.understanding.cues import (
    LAST_YEAR,
    LATEST,
    LAW_ACT,
    LAW_PART,
    LEAST,
    MOST,
    THIS_YEAR,
    TOTAL,
)
from bot.understanding.language import detect_language
from bot.understanding.lexicon import Lexicon, Match, cue_index
from bot.understanding.measures import measure_spans
from bot.understanding.query import Intent, Query
from bot.understanding.text import Token, is_cyrillic, primary_stem, tokenise
from bot.understanding.years import find_years

MAX_PARSED_CHARS = 1000  # a question is short; the rest of a long message is not read
TOPIC_THRESHOLD = 0.5


def _taken_by_spans(tokens: list[Token], spans: list[tuple[int, int]]) -> set[int]:
    return {i for i, t in enumerate(tokens) for s, e in spans if t.start >= s and t.end <= e}


def _score_topics(tokens: list[Token], lexicon: Lexicon, blocked: set[int], entity_tokens: set[int],
                  place_tokens: frozenset[int] = frozenset()) -> tuple[dict[str, float], set[int], set[int]]:
    """Topic scores from whole labels/synonyms (1 per word covered, +0.5 per multiword phrase) and
    from single words of the labels (weighted by how few topics share them); a place named in a
    topic's label ("recruited in Russia") adds its label weight to a topic other words found.
    Also returns the tokens whole labels/synonyms covered, and the tokens that were label words."""
    covered: dict[str, set[int]] = {}
    phrases: dict[str, int] = {}
    for i in range(len(tokens)):
        if i in blocked:
            continue
        best_end: dict[str, int] = {}
        for m in lexicon.topics.candidates(tokens, i):
            if any(k in blocked for k in range(m.start, m.end)):
                continue
            key = m.payload[1]
            if m.end > best_end.get(key, 0):
                best_end[key] = m.end
        for key, end in best_end.items():
            span = set(range(i, end))
            seen = covered.setdefault(key, set())
            if not span <= seen:
                seen |= span
                if end - i > 1:
                    phrases[key] = phrases.get(key, 0) + 1
    scores: dict[str, float] = {}
    label_tokens: set[int] = set()
    for key, span in covered.items():
        content = [i for i in span if not tokens[i].is_stopword] or list(span)
        scores[key] = len(content) + 0.5 * phrases.get(key, 0)
    for i, tok in enumerate(tokens):
        if i in blocked or i in entity_tokens or tok.is_stopword or tok.is_number:
            continue
        hits = lexicon.label_hits(tok)
        for topic, weight in hits:
            scores[topic] = scores.get(topic, 0.0) + weight
        if hits:
            label_tokens.add(i)
    found = set(scores)
    for i in sorted(place_tokens):
        for topic, weight in lexicon.label_hits(tokens[i]):
            if topic in found:
                scores[topic] += weight
    used = set().union(*covered.values()) if covered else set()
    return {k: round(v, 3) for k, v in scores.items() if v >= TOPIC_THRESHOLD}, used, label_tokens


# "where does the 250 figure come from?": where ... from, about a figure rather than a place
_WHERE = frozenset({"where", "whence"})
_FROM = frozenset({"from"})
_FIGURE_WORDS = frozenset({"figure", "figures", "number", "numbers", "estimate", "estimates", "data", "it",
                           "this", "that", "these", "claim", "statistic", "statistics", "percent"})


def _asks_where_from(tokens: list[Token]) -> bool:
    words = [t.folded for t in tokens]
    if not (_WHERE & set(words) and _FROM & set(words)):
        return False
    return any(t.is_number for t in tokens) or bool(_FIGURE_WORDS & set(words))


# each language's words are in its module of bot/languages/
_LOCATIVE_WORDS = frozenset(words("locatives"))
# the Kazakh locative, and the attributive locative ("Ауғанстандағы" = "that is in Afghanistan"), folded
_KK_LOCATIVE = ("да", "де", "та", "те", "нда", "нде", "дагы", "деги", "тагы", "теги", "ндагы", "ндеги")


_CONJUNCTIONS = frozenset(words("conjunctions"))


def _theatres(tokens: list[Token], mentions: dict[str, int], lexicon: Lexicon) -> list[str]:
    """Places named as where something happens (after "in"/"в"/"на", or in the Kazakh locative,
    and those joined to them by "and"), when another place is named as the origin (a demonym,
    "from", "из", the ablative): "tajik militants in Syria and Iraq" -> [SY, IQ]."""
    located, other = [], []
    previous_located, previous_end = False, -2
    for code, i in sorted(mentions.items(), key=lambda item: item[1]):
        tok = tokens[i]
        before = tokens[i - 1].folded if i > 0 else ""
        kk_locative = any(tok.folded.endswith(s) and tok.folded[: -len(s)] in lexicon.names.vocabulary
                          for s in _KK_LOCATIVE)
        # "in KZ, KG and TJ": a preposition covers the list; a Kazakh case ending covers its own
        # word only ("Сирияда қазақтар": the Kazakhs are not in the list)
        listed = previous_located and (before in _CONJUNCTIONS or previous_end == i - 1)
        is_located = code not in lexicon.place_members and (before in _LOCATIVE_WORDS or kk_locative or listed)
        (located if is_located else other).append(code)
        previous_located, previous_end = is_located and not kk_locative, i
    return located if located and other else []


_MODAL = re.compile(r"(?i)(?<!\w)(?:" + "|".join(words("modals")) + r")(?!\w)")
# the first words of the law-part cues written in Latin ("criminal code"): another Latin word
# read as one ("state" as Kazakh Latin "статья") is none
_LATIN_LAW_PART = frozenset(phrase.split()[0] for lang in LANGUAGES if lang.script == "Latin"
                            for phrase in lang.cues.get(LAW_PART, ()))


def _decide(cues: set[str], q: Query, lexicon: Lexicon) -> Intent:
    content = bool(q.places or q.topics or q.entities)
    groups = [p for p in q.places if p in lexicon.place_members]
    if Intent.SOURCES in cues:
        return Intent.SOURCES
    if Intent.LAWS in cues:
        return Intent.LAWS
    if cues & {LAW_ACT, LAW_PART} and not cues & {Intent.FIGURE, Intent.COMPARE, Intent.TREND}:
        return Intent.LAWS  # "what did Kazakhstan ban?", but not "how many organisations are banned"
    if Intent.TREND in cues:
        return Intent.TREND
    if Intent.OVERVIEW in cues and Intent.FIGURE not in cues and not q.topics and Intent.COMPARE not in cues:
        return Intent.OVERVIEW
    if Intent.COMPARE in cues or len(set(q.places) - set(q.theatres)) >= 2 or groups:
        return Intent.COMPARE
    if Intent.FIGURE in cues or (q.places and (q.topics or q.entities)):
        return Intent.FIGURE  # "казахстанцы в ИГ": people of a place in an organisation
    if content or Intent.OVERVIEW in cues:
        return Intent.OVERVIEW
    if Intent.HELP in cues:
        return Intent.HELP
    return Intent.UNKNOWN


def parse(text: str, lexicon: Lexicon, today: date | None = None) -> Query:
    """Understand one question. Never raises on any text; unknown words end up in unknown_terms."""
    text = text if isinstance(text, str) else ""
    today = today or date.today()
    head = text[:MAX_PARSED_CHARS]
    lang = detect_language(head)
    q = Query(text=text, language=lang)
    tokens = tokenise(head)

    years = find_years(head)
    taken = _taken_by_spans(tokens, years.spans or [])
    q.year_from, q.year_to = years.year_from, years.year_to

    # places and entities (names win over cue words: "Turkey" is a place)
    name_matches: list[Match] = lexicon.names.scan(tokens, set(taken))
    entity_tokens: set[int] = set()
    place_tokens: set[int] = set()
    for m in name_matches:
        kind, key = m.payload
        if kind == "place" and key not in q.places:
            q.places.append(key)
        elif kind == "entity" and key not in q.entities:
            q.entities.append(key)
        (place_tokens if kind == "place" else entity_tokens).update(range(m.start, m.end))
    taken |= place_tokens | entity_tokens

    # cue words: intent, "latest", "last year"
    cues: set[str] = set()
    cue_tokens: set[int] = set()
    law_act_tokens: set[int] = set()
    for m in cue_index().scan(tokens, set(taken)):
        if m.payload[1] == LAW_PART and not is_cyrillic(tokens[m.start].text) and tokens[m.start].folded not in _LATIN_LAW_PART:
            continue  # "state" read as Kazakh Latin is not "статья"
        cues.add(m.payload[1])
        cue_tokens.update(range(m.start, m.end))
        if m.payload[1] == LAW_ACT:
            law_act_tokens.update(range(m.start, m.end))
    if _asks_where_from(tokens):
        cues.add(Intent.SOURCES)
    q.latest = LATEST in cues
    if not years.found:
        if LAST_YEAR in cues:
            q.year_from = q.year_to = today.year - 1
        elif THIS_YEAR in cues:
            q.year_from = q.year_to = today.year

    # topics may share words with entities ("fighting for IS") but not with places or years
    q.topic_scores, topic_tokens, label_tokens = _score_topics(tokens, lexicon, taken - entity_tokens, entity_tokens,
                                                                  frozenset(place_tokens))
    q.topics = sorted(q.topic_scores, key=lambda k: (-q.topic_scores[k], k))
    taken |= cue_tokens | topic_tokens
    q.total = TOTAL in cues
    q.most = MOST in cues
    q.least = LEAST in cues and not q.most
    if q.most or q.least:
        cues.add(Intent.COMPARE)  # "which country has the most ...": a comparison
    if LAW_ACT in cues and q.topics and law_act_tokens <= topic_tokens | label_tokens:
        cues.discard(LAW_ACT)  # "banned organisations" on a topic that says "banned": its words
    if LAW_ACT in cues and law_act_tokens and not _MODAL.search(head):
        # "запрет на въезд", "кіруге тыйым": a ban that is what a figure counts, not a law's act
        # (but "может ли КНБ запретить въезд?" asks what a law allows)
        spans = measure_spans(head)
        if all(any(s.start <= tokens[i].start and tokens[i].end <= s.end for s in spans) for i in law_act_tokens):
            cues.discard(LAW_ACT)

    # misspelt places, among the words nothing else explained
    for i, tok in enumerate(tokens):
        if i in taken or tok.is_number or tok.is_stopword or tok.keys & lexicon.known:
            continue
        code = lexicon.fuzzy_place(tok)
        if code:
            taken.add(i)
            if code not in q.places:
                q.places.append(code)
    # keep places in order of mention
    first_at: dict[str, int] = {}
    for m in name_matches:
        if m.payload[0] == "place":
            first_at.setdefault(m.payload[1], m.start)
    q.places.sort(key=lambda c: first_at.get(c, 10**6))
    q.place_members = {p: lexicon.place_members[p] for p in q.places if p in lexicon.place_members}
    mentions = {code: first_at[code] for code in q.places if code in first_at}
    q.theatres = _theatres(tokens, mentions, lexicon)

    for i, tok in enumerate(tokens):
        if i in taken or tok.is_number or tok.is_stopword or len(tok.folded) < 2:
            continue
        stem = primary_stem(tok.text, lang)
        if stem not in q.terms:
            q.terms.append(stem)
        if not tok.keys & lexicon.known and tok.folded not in q.unknown_terms:
            q.unknown_terms.append(tok.folded)

    q.intent = _decide(cues, q, lexicon)
    return q
