"""Finding laws for a question: filter by jurisdiction and year, rank by what they say.

Scoring (deterministic; every point can be explained in /why):
  * candidates: laws of the asked jurisdictions (the named places, their group members, the
    places within them and the countries they lie within), else all laws; with a year in the question, only laws whose
    signed/adopted/in-force date falls in it;
  * for each distinct query term found among the law's normalised terms (title, summary,
    provisions and tags, in all three languages), its rarity among the laws (0.25 when every
    law has it, up to 1.75 when one does: _rarity); half that when the term only shares its
    first five letters with one of them (a stem the stemmers cut differently);
  * a law named by its title: up to +3 (the share of the title's words in the question);
  * the provision holding most of the question's terms: +2 × the share it holds (at least two);
  * "the current one", "қазіргі": +1.5 for a law in force;
  * a term in Cyrillic also meets the law's terms sharing its transliterated first five letters
    (+0.5): "репатриации" finds a law tagged "repatriation";
  * +2 for a law whose status the question names ("repealed", "утратил силу", "жоба": STATUS_WORDS);
  * +2 for each entity of the question (islamic-state, knb, ...) among the law's tags, and +2 when
    the question's topic key is among them;
  * when the question has terms, laws scoring half the best score or less are dropped;
  * order: score, then newest date, then id. The provision with the most exact term matches
    (first on ties) is the law's "best provision", shown first when the question asks what a
    law does.
"""

from __future__ import annotations

import math
from functools import lru_cache

from bot.answering.estimators import word_key
from bot.answering.index import PREFIX, StoreIndex, fold_term
from bot.answering.model import LawHit
from bot.languages import LANGUAGES
from bot.understanding.query import Query
from bot.understanding.text import normalise_terms

# a law's status as people name it, per language (Language.law_words in bot/languages/); a
# phrase counts when all its words' stems are in the question
STATUS_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    status: {lang.code: lang.law_words[status] for lang in LANGUAGES if status in lang.law_words}
    for status in ("repealed", "draft", "in-force")
}

@lru_cache(maxsize=1)
def _status_phrases() -> list[tuple[str, frozenset[str]]]:
    return [(status, frozenset(normalise_terms(phrase, lang)))
            for status, by_lang in STATUS_WORDS.items() for lang, phrases in by_lang.items() for phrase in phrases]


def statuses_named(query: Query) -> set[str]:
    """The law statuses the question names ("which law was repealed" -> {"repealed"})."""
    stems = set(normalise_terms(query.text or "", query.language))
    found = [(status, words) for status, words in _status_phrases() if words and words <= stems]
    # "утратил силу" also holds the words of "в силе": the longer phrase decides
    return {status for status, words in found
            if not any(other != status and words < longer for other, longer in found)}


@lru_cache(maxsize=2)
def _stems_of(words: str) -> frozenset[str]:
    """The normalised terms of the words asking for a law's predecessor ("previous") or the law in
    force ("current": of a law and its successor, the one in force is meant; a status named
    outright, "is it still in force?", asks about the law named, not its successor), in every
    language (Language.law_words)."""
    return frozenset(fold_term(t) for lang in LANGUAGES for w in lang.law_words.get(words, ())
                     for t in normalise_terms(w, lang.code))


def _names(query: Query, words: str) -> bool:
    stems = {fold_term(t) for t in normalise_terms(query.text or "", query.language)}
    return bool(stems & _stems_of(words))


def asks_previous(query: Query) -> bool:
    """Whether the question asks for the law a newer one replaced ("the previous law")."""
    return _names(query, "previous")


def asks_current(query: Query) -> bool:
    """Whether the question asks for the law now in force ("the current one", "қазіргі заң")."""
    return _names(query, "current")


def law_in_years(dates: list[str | None], year_from: int | None, year_to: int | None) -> bool:
    if year_from is None and year_to is None:
        return True
    for value in dates:
        if not value:
            continue
        try:
            year = int(value[:4])
        except ValueError:
            continue
        if (year_from is None or year >= year_from) and (year_to is None or year <= year_to):
            return True
    return False


def jurisdictions_for(query: Query, index: StoreIndex) -> set[str] | None:
    """The jurisdictions whose laws apply to the places asked about (None: no place asked)."""
    if not query.places:
        return None
    out: set[str] = set()
    for code in [*query.places, *query.expanded_places]:
        out.update(index.descendants(code))  # a regional law is a law of the country too
        parent = index.places.get(code).within if code in index.places else None
        while parent and parent not in out:
            out.add(parent)
            parent = index.places.get(parent).within if parent in index.places else None
    return out


def _terms_of(query: Query, index: StoreIndex) -> list[str]:
    """The question's terms, plus its words that a topic took ("законы о блокировке сайтов":
    'блокировк', 'саит' are words of the blocked-websites topic and of the law alike)."""
    topic_words: set[str] = set()
    for topic in query.topics:
        topic_words |= index.topic_terms.get(topic, frozenset())
    taken = [w for w in normalise_terms(query.text or "", query.language)
             if fold_term(w) in topic_words and w not in query.terms] if topic_words else []
    return [*query.terms, *taken, *_glossary_equivalents(query)]


def _glossary_equivalents(query: Query) -> list[str]:
    """The other words, in every language, of the glossary groups the question names ("закон
    конфискация" also asks for "assets", "мүлкі", "имущество"): laws are written in their own words."""
    asked = {fold_term(t) for t in normalise_terms(query.text or "", query.language)}
    out: list[str] = []
    for group in _glossary_terms():
        if asked & group:
            out.extend(sorted(group - asked))
    return out


@lru_cache(maxsize=1)
def _glossary_terms() -> tuple[frozenset[str], ...]:
    """Each glossary group (bot/understanding/data/aliases.yaml) as the normalised terms of all its words."""
    from bot.understanding.lexicon import _builtin

    groups = []
    for group in _builtin().get("glossary", []) or []:
        terms = {fold_term(t) for lang, words in group.items() for w in words or () for t in normalise_terms(w, lang)
                 if len(t) >= 4}
        groups.append(frozenset(terms))
    return tuple(groups)


def _rarity(df: int, total: int) -> float:
    """A matched word's weight, 1 on average: more for a word few laws have, less for one most
    have (a smoothed inverse document frequency, scaled to 0.25–1.75)."""
    if total < 4 or df == 0:
        return 1.0
    share = math.log((total + 1) / (df + 0.5)) / math.log(total + 1)
    return 0.25 + 1.5 * min(1.0, max(0.0, share))


def rank_laws(query: Query, index: StoreIndex, limit: int = 10) -> tuple[list[LawHit], list[LawHit]]:
    """(the best `limit` hits with a positive score, the newest `limit` candidates after the
    filters). Only the laws returned are turned into LawHits, so 1,000 laws stay cheap."""
    laws = index.laws
    wanted = jurisdictions_for(query, index)
    candidates = [
        i for i in index.laws_of(wanted)
        if law_in_years([laws[i].law.signed, laws[i].law.adopted, laws[i].law.in_force],
                        query.year_from, query.year_to)
    ]
    allowed = set(candidates)
    scores: dict[int, float] = {}
    matched: dict[int, list[str]] = {}
    query_terms = _terms_of(query, index)
    total = len(laws)
    for term in dict.fromkeys(fold_term(t) for t in query_terms):
        postings = index.law_postings.get(term, ())
        # a word most laws share ("federal", "list") says less than one only some have
        weight = _rarity(len(set(postings)), total)
        exact = set(postings) & allowed
        for i in exact:
            scores[i] = scores.get(i, 0.0) + weight
            matched.setdefault(i, []).append(term)
        if len(term) >= PREFIX:
            near = set(index.law_prefixes.get(term[:PREFIX], ())) | set(index.law_prefixes.get(word_key(term), ()))
            for i in near & allowed - exact:
                scores[i] = scores.get(i, 0.0) + 0.5 * weight
                matched.setdefault(i, []).append(term + "~")
    tag_hits: dict[int, list[str]] = {}
    for status in statuses_named(query):
        for i in candidates:
            if laws[i].law.status == status:
                scores[i] = scores.get(i, 0.0) + 2.0
                tag_hits.setdefault(i, []).append(status)
    wanted_tags = [*query.entities, *(query.topics[:1])]
    if wanted_tags:
        for i in candidates:
            for tag in wanted_tags:
                if tag in laws[i].tags:
                    scores[i] = scores.get(i, 0.0) + 2.0
                    tag_hits.setdefault(i, []).append(tag)

    # a law named by its title ("the law «On Countering Terrorism»"): the share of the title's
    # words the question has, up to +3 — the law of that exact title beats a longer one quoting it
    asked = {fold_term(t) for t in normalise_terms(query.text or "", query.language)}
    if asked:
        for i in candidates:
            share = max((sum(1 for word in title if word & asked) / len(title)
                         for title in laws[i].title_terms if title), default=0.0)
            if share:
                if share >= 0.6:
                    scores[i] = scores.get(i, 0.0) + 3.0 * share
                    tag_hits.setdefault(i, []).append("title")
    # what a law does is said in one provision: a law with one provision holding most of the
    # question's words beats one whose words are scattered over its title, summary and provisions
    provision_asked = {fold_term(t) for t in query_terms}
    if provision_asked:
        for i in list(scores):
            overlaps = [len(provision_asked & p) for p in laws[i].provision_terms]
            if overlaps and max(overlaps) >= 2:
                scores[i] += 2.0 * max(overlaps) / len(provision_asked)
    if asks_previous(query):
        for i in candidates:
            if i in scores and laws[i].law.status == "repealed":
                scores[i] += 1.5
                tag_hits.setdefault(i, []).append("repealed (asked: previous)")
    elif asks_current(query) and "repealed" not in statuses_named(query):
        for i in candidates:
            if i in scores and laws[i].law.status == "in-force":
                scores[i] += 1.5
                tag_hits.setdefault(i, []).append("in force (asked: current)")

    def hit(i: int) -> LawHit:
        entry = laws[i]
        best = None
        terms = {fold_term(t) for t in query_terms}
        if terms and entry.provision_terms:
            overlaps = [len(terms & p) for p in entry.provision_terms]
            if max(overlaps) > 0:
                best = overlaps.index(max(overlaps))
        return LawHit(entry.law, scores.get(i, 0.0), matched.get(i, []), tag_hits.get(i, []), best)

    # candidates are already newest first (index order), so a stable sort keeps date order on ties
    ranked = sorted((i for i in candidates if scores.get(i, 0.0) > 0), key=lambda i: -scores[i])
    if ranked and query_terms:
        # asked what a law does: keep the laws that match more than half as well as the best
        best = scores[ranked[0]]
        ranked = [i for i in ranked if scores[i] * 2 > best or scores[i] == best]
    return [hit(i) for i in ranked[:limit]], [hit(i) for i in candidates[:limit]]
