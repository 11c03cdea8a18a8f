"""In-memory indexes over the store for answering, rebuilt when store.generation() changes.

One StoreIndex holds the Lexicon, the places and topics, estimates grouped by (place, topic)
and laws with their normalised terms (an inverted index), so a question is answered without
scanning the store. It is built lazily: estimates and laws are loaded on first use.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from bot.answering.estimators import word_key
from bot.languages import CODES, LANGUAGES
from bot.store.offload import heavy_work
from bot.store.records import (
    EstimateRecord,
    LawRecord,
    LocalText,
    PlaceRecord,
    ReportRecord,
    TopicRecord,
)
from bot.understanding.kazakh import fold as kazakh_fold
from bot.understanding.text import is_cyrillic, normalise_terms

REPORT_SCAN = 5000  # overviews cite reporting from the newest this many reports
NAME_PREFIX = 6  # a name's stem meets entry words that begin with its first six letters
PREFIX = 5  # stems sharing their first PREFIX letters count as a partial match (half a point)


def _texts(value: LocalText | None) -> list[tuple[str, str | None]]:
    return [(v, lang) for lang, v in (value or {}).items() if v]


def _any_texts(value: LocalText | str | None) -> list[tuple[str, str | None]]:
    """A text field that may be one plain string (language unknown) or one per language."""
    if isinstance(value, str):
        return [(value, None)] if value else []
    return _texts(value)


@dataclass
class LawEntry:
    law: LawRecord
    terms: frozenset[str]  # normalised terms of title, summary, provisions and tags, all languages
    provision_terms: list[frozenset[str]] = field(default_factory=list)
    tags: frozenset[str] = frozenset()
    # the title's content words, one tuple per language, each word as the set of its stems
    title_terms: tuple[tuple[frozenset[str], ...], ...] = ()


# Store text is also indexed with the stemmers of the other languages written in its script
# (Cyrillic: Russian and Kazakh): a question typed in Kazakh without its letters may be read as
# Russian, and the stems must still meet.
_ALSO = {lang.code: tuple(other.code for other in LANGUAGES if other is not lang and other.script == lang.script)
         for lang in LANGUAGES}


def _word_variants(text: str, lang: str | None) -> tuple[frozenset[str], ...]:
    """A text's content words, each as every stem it may be indexed under (see _terms)."""
    out = []
    for word in re.findall(r"[^\W\d_]+", text):
        variants = _terms([(word, lang)])
        if variants and len(word) >= 3:
            out.append(variants)
    return tuple(out)


def fold_term(term: str) -> str:
    """э/ё -> е: Kazakh typed in Latin transliterates 'ekstremizm' to 'екстремизм'."""
    return term.replace("э", "е").replace("ё", "е")


def _terms(texts: list[tuple[str, str | None]]) -> frozenset[str]:
    out: set[str] = set()
    for text, lang in texts:
        out.update(normalise_terms(text, lang))
        for other in _ALSO.get(lang or "", ()):
            out.update(normalise_terms(text, other))
    return frozenset(out | {fold_term(t) for t in out})


class StoreIndex:
    """Everything answering reads, for one generation of the store."""

    def __init__(self, store: Any, generation: int):
        self.store = store
        self.generation = generation
        self.places: dict[str, PlaceRecord] = {p.code: p for p in store.entries.places()}
        self.topics: dict[str, TopicRecord] = {t.key: t for t in store.entries.topics()}
        self._lexicon = None
        self._estimates: dict[tuple[str, str], list[EstimateRecord]] | None = None
        self._laws: list[LawEntry] | None = None
        self._reports: dict[str, list[ReportRecord]] | None = None
        self._report_hay: dict[str, str] | None = None  # report id -> folded title + summary
        self._report_by_id: dict[str, ReportRecord] = {}
        self._topic_terms: dict[str, frozenset[str]] | None = None
        self._topic_measures: dict[str, dict[str, float]] | None = None
        self._note_measures: dict[str, frozenset[str]] = {}
        self._entry_postings: dict[str, set[str]] | None = None
        self._estimator_keys: frozenset[str] | None = None
        self._topic_places: dict[str, frozenset[str]] = {}
        self._topic_tags: dict[str, frozenset[str]] = {}
        self._laws_by_place: dict[str, list[int]] | None = None
        self._by_number: dict[float, list[EstimateRecord]] | None = None
        self._topic_words: dict[str, set[str]] | None = None
        self.entity_keys: frozenset[str] | None = None  # filled by the Answerer
        self._figures: dict[tuple[str, str], list[EstimateRecord]] = {}
        self.children: dict[str, list[str]] = defaultdict(list)
        for p in self.places.values():
            if p.within:
                self.children[p.within].append(p.code)

    def build_all(self) -> None:
        """Build every part that is otherwise built by the first question needing it (at start,
        in the background: on 100,000 reports the report scan alone takes about half a second,
        which no member's question should wait for)."""
        self.lexicon  # noqa: B018
        self.by_number([])
        self.topic_terms  # noqa: B018
        self.topic_measures  # noqa: B018
        self.entries_with_word(frozenset())
        self.estimator_keys  # noqa: B018
        self.topic_words  # noqa: B018
        self._report_texts()
        self._reports_by_place()
        self.laws_of(set())

    # --- lexicon ---------------------------------------------------------------------
    @property
    def lexicon(self):
        if self._lexicon is None:
            heavy_work()
            from bot.understanding import Lexicon

            self._lexicon = Lexicon.build(list(self.places.values()), list(self.topics.values()))
        return self._lexicon

    # --- estimates -------------------------------------------------------------------
    @property
    def estimates(self) -> dict[tuple[str, str], list[EstimateRecord]]:
        if self._estimates is None:
            heavy_work()
            grouped: dict[tuple[str, str], list[EstimateRecord]] = defaultdict(list)
            for est in self.store.entries.estimates():
                grouped[(est.place, est.topic)].append(est)
            for ests in grouped.values():
                ests.sort(key=newest_first_key)
            self._estimates = dict(grouped)
            self.by_place: dict[str, dict[str, int]] = defaultdict(dict)
            self.by_topic: dict[str, dict[str, int]] = defaultdict(dict)
            for (place, topic), ests in self._estimates.items():
                self.by_place[place][topic] = len(ests)
                self.by_topic[topic][place] = len(ests)
        return self._estimates

    def by_number(self, numbers: list[float]) -> list[EstimateRecord]:
        """Estimates whose value, low or high equals one of the numbers."""
        if self._by_number is None:
            heavy_work()
            table: dict[float, list[EstimateRecord]] = defaultdict(list)
            for ests in self.estimates.values():
                for est in ests:
                    for v in {est.value, est.low, est.high} - {None}:
                        table[float(v)].append(est)
            self._by_number = dict(table)
        out: list[EstimateRecord] = []
        for n in numbers:
            out.extend(e for e in self._by_number.get(float(n), ()) if e not in out)
        return out

    def descendants(self, code: str) -> list[str]:
        """The place and every store place within it (Osh within Kyrgyzstan), place first."""
        out, todo = [], [code]
        while todo:
            current = todo.pop(0)
            if current in out:
                continue
            out.append(current)
            todo.extend(sorted(self.children.get(current, ())))
        return out

    def figures(self, place: str, topic: str) -> list[EstimateRecord]:
        """Estimates for a place (and the places within it) and a topic, newest first."""
        key = (place, topic)
        cached = self._figures.get(key)
        if cached is None:
            found: list[EstimateRecord] = []
            for code in self.descendants(place):
                found.extend(self.estimates.get((code, topic), ()))
            if len(found) > 1:
                found.sort(key=newest_first_key)
            cached = self._figures[key] = found
        return list(cached)

    def topic_tags(self, topic: str) -> frozenset[str]:
        """The tags (lower case) of every figure on a topic, all places together."""
        if topic not in self._topic_tags:
            estimates = self.estimates  # (also builds by_topic)
            self._topic_tags[topic] = frozenset(
                tag.lower() for place in self.by_topic.get(topic, {})
                for est in estimates[(place, topic)] for tag in est.tags)
        return self._topic_tags[topic]

    def topic_counts(self, place: str) -> dict[str, int]:
        """topic -> number of figures for a place (and the places within it)."""
        self.estimates  # noqa: B018  (builds by_place)
        counts: dict[str, int] = defaultdict(int)
        for code in self.descendants(place):
            for topic, n in self.by_place.get(code, {}).items():
                counts[topic] += n
        return dict(counts)

    def place_counts(self, topic: str) -> dict[str, int]:
        """place -> number of figures on a topic."""
        self.estimates  # noqa: B018
        return dict(self.by_topic.get(topic, {}))

    def topic_total(self, topic: str) -> int:
        """How many figures the store has on a topic, all places together."""
        self.estimates  # noqa: B018
        return sum(self.by_topic.get(topic, {}).values())

    @property
    def topic_terms(self) -> dict[str, frozenset[str]]:
        """topic -> normalised terms of its key, labels and synonyms (all languages)."""
        if self._topic_terms is None:
            heavy_work()
            out = {}
            for key, topic in self.topics.items():
                texts = _texts(topic.label) + [(key.replace("-", " "), "en")]
                for lang, words in (topic.synonyms or {}).items():
                    texts += [(w, lang) for w in words]
                out[key] = _terms(texts)
            self._topic_terms = out
        return self._topic_terms

    @property
    def topic_measures(self) -> dict[str, dict[str, float]]:
        """topic -> {measure: weight}: what each topic counts (bot.understanding.measures)."""
        if self._topic_measures is None:
            heavy_work()
            from bot.understanding.measures import topic_measure_weights

            out = {}
            for key, topic in self.topics.items():
                out[key] = topic_measure_weights(
                    [v for v in topic.label.values() if v],
                    [w for words in (topic.synonyms or {}).values() for w in words or ()])
            for (_, topic), ests in self.estimates.items():
                # a topic with figures in percent answers "what share" whatever its label says
                if topic in out and any(is_share(e) for e in ests):
                    out[topic]["share"] = max(out[topic].get("share", 0.0), 0.5)
            self._topic_measures = out
        return self._topic_measures

    def entries_with_word(self, variants: set[str] | frozenset[str]) -> set[str]:
        """Ids of the estimates whose own text (note, source title, tags; every language) has one
        word of the question, given as its stems: words that live only in
        an entry ("Crocus City Hall", an operation's name, a report's title) find it. A variant
        of NAME_PREFIX letters or more also meets text words beginning with its first
        NAME_PREFIX letters ("Первомай" ~ "Первомайским")."""
        if self._entry_postings is None:
            heavy_work()
            postings: dict[str, set[str]] = defaultdict(set)
            for ests in self.estimates.values():
                for est in ests:
                    # not the estimator or the outlet: who said it is matched as an estimator
                    # (estimators.py: across scripts and languages), not as a word of the entry
                    texts = _texts(est.note) + [(t.replace("-", " "), "en") for t in est.tags]
                    if est.source:
                        texts += _any_texts(est.source.title)
                    for term in _terms(texts):
                        postings[term].add(est.id)
                        if len(term) >= NAME_PREFIX:
                            postings["^" + term[:NAME_PREFIX]].add(est.id)
            self._entry_postings = dict(postings)
            self.estimate_by_id = {e.id: e for ests in self.estimates.values() for e in ests}
        found: set[str] = set()
        for stem in variants:
            found |= self._entry_postings.get(stem, set())
            if len(stem) >= NAME_PREFIX:
                found |= self._entry_postings.get("^" + stem[:NAME_PREFIX], set())
        return found

    @property
    def estimator_keys(self) -> frozenset[str]:
        """Every key of every estimator and outlet of the store's figures (estimators.py)."""
        if self._estimator_keys is None:
            heavy_work()
            from bot.answering.estimators import estimator_keys

            self._estimator_keys = frozenset().union(
                *(estimator_keys(e) for ests in self.estimates.values() for e in ests))
        return self._estimator_keys

    def note_measures(self, est: EstimateRecord) -> frozenset[str]:
        """The measures an estimate's own note names ("Detained and jailed in 2019 ...")."""
        found = self._note_measures.get(est.id)
        if found is None:
            from bot.understanding.measures import measures_in

            found = frozenset().union(*(measures_in(text) for text in (est.note or {}).values() if text))
            if is_share(est):
                found |= {"share"}
            self._note_measures[est.id] = found
        return found

    def topic_places(self, topic: str) -> frozenset[str]:
        """Places a topic's own words name ("returnees from Syria and Iraq" -> SY, IQ): such a
        place in a question describes the topic, it is not a place to count."""
        if topic not in self._topic_places:
            from bot.understanding import parse

            record = self.topics.get(topic)
            texts = [t for t, _ in _texts(record.label)] if record else []
            for words in (record.synonyms or {}).values() if record else []:
                texts += list(words)
            found: set[str] = set()
            for text in texts:
                found.update(parse(text, self.lexicon).places)
            self._topic_places[topic] = frozenset(found)
        return self._topic_places[topic]

    @property
    def topic_words(self) -> dict[str, set[str]]:
        """Surface words of topic labels and synonyms (lower case) -> topic keys, for typos."""
        if self._topic_words is None:
            heavy_work()
            words: dict[str, set[str]] = defaultdict(set)
            for key, topic in self.topics.items():
                texts = [v for v in topic.label.values()] + [w for ws in (topic.synonyms or {}).values() for w in ws]
                for text in texts:
                    for word in re.findall(r"[^\W\d_]+", text.lower().replace("ё", "е")):
                        if len(word) >= 5:
                            words[word].add(key)
            self._topic_words = dict(words)
        return self._topic_words

    # --- reports ---------------------------------------------------------------------
    def reports_mentioning(self, words: list[str], places: list[str] = (), limit: int = 3,
                           any_of: list[str] = ()) -> list[ReportRecord]:
        """Recent reports whose title or summary has a word starting with each of `words` (folded
        stem prefixes), with one of `any_of` (if given), and tagged with each of `places` (or a
        place within it; feed items are tagged by the gazetteer from their text), newest first.
        One regex pass over the newest REPORT_SCAN reports' folded text (cached): asked only
        when nothing else answers."""
        if not words and not any_of:
            return []
        every = sorted(set(words) | set(any_of), key=len, reverse=True)
        pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(p) for p in every) + ")")
        hay_of = self._report_texts()
        pool: Iterable[str] = hay_of
        by_place = self._reports_by_place() if places else {}
        for place in places:  # the tag index narrows the scan first
            tagged = {r.id for code in self.descendants(place) for r in by_place.get(code, ())}
            pool = [rid for rid in tagged if rid in pool] if isinstance(pool, dict) else \
                [rid for rid in pool if rid in tagged]
        reports = self._report_by_id
        found = []
        for rid in pool:
            if rid not in hay_of:
                continue  # tagged, but older than the scanned reports
            seen = set(pattern.findall(hay_of[rid]))
            if set(words) <= seen and (not any_of or seen & set(any_of)):
                found.append(reports[rid])
        found.sort(key=lambda r: _neg_date(r.published or ""))
        return found[:limit]

    def name_prefixes(self, place: str) -> list[str]:
        """The first PREFIX letters (folded) of the first word of each of a place's names."""
        record = self.places.get(place)
        names = [*(record.name or {}).values(), *(n for values in record.aliases.values() for n in values)] \
            if record else []
        if len(place) == 2:  # a country: its CLDR names too
            from bot.i18n import babel_locale

            names += [babel_locale(lang).territories.get(place, "") for lang in CODES]
        out = set()
        for name in names:
            first = re.findall(r"[^\W\d_]+", fold_term(kazakh_fold(name)))
            if first and len(first[0]) >= 4:
                out.add(first[0][:PREFIX])
        return sorted(out)

    def _report_texts(self) -> dict[str, str]:
        """Report id -> folded title + summary, for the newest REPORT_SCAN reports (built once)."""
        if self._report_hay is None:
            heavy_work()
            reports = self.store.entries.reports(limit=REPORT_SCAN)
            self._report_by_id = {r.id: r for r in reports}
            self._report_hay = {
                r.id: fold_term(kazakh_fold(" ".join(t for v in (r.title, r.summary) for t, _ in _texts(v))))
                for r in reports}
        return self._report_hay

    def _reports_by_place(self) -> dict[str, list[ReportRecord]]:
        """Place code -> the newest REPORT_SCAN reports tagged with it (built once)."""
        if self._reports is None:
            heavy_work()
            by_place: dict[str, list[ReportRecord]] = defaultdict(list)
            for report in self.store.entries.reports(limit=REPORT_SCAN):
                for code in report.places:
                    by_place[code].append(report)
            self._reports = dict(by_place)
        return self._reports

    def reports_about(self, place: str, limit: int = 3) -> list[ReportRecord]:
        """Recent reports naming a place (or a place within it), newest first."""
        by_place = self._reports_by_place()
        out: list[ReportRecord] = []
        seen: set[str] = set()
        for code in self.descendants(place):
            for report in by_place.get(code, ()):
                if report.id not in seen:
                    seen.add(report.id)
                    out.append(report)
        out.sort(key=lambda r: _neg_date(r.published or ""))
        return out[:limit]

    # --- laws ------------------------------------------------------------------------
    @property
    def laws(self) -> list[LawEntry]:
        if self._laws is None:
            heavy_work()
            entries = []
            self.law_postings: dict[str, list[int]] = defaultdict(list)
            self.law_prefixes: dict[str, list[int]] = defaultdict(list)
            for i, law in enumerate(sorted(self.store.entries.laws(), key=law_newest_first_key)):
                provision_terms = [_terms(_texts(p)) for p in law.provisions]
                texts = (_texts(law.title) + _texts(law.summary) + _texts(law.signed_by)
                         + [(t.replace("-", " "), "en") for t in law.tags] + ([(law.number, None)] if law.number else []))
                terms = _terms(texts).union(*provision_terms) if provision_terms else _terms(texts)
                title_terms = tuple(_word_variants(text, lang) for text, lang in _texts(law.title))
                entries.append(LawEntry(law, terms, provision_terms, frozenset(law.tags), title_terms))
                for term in terms:
                    self.law_postings[term].append(i)
                    if len(term) >= PREFIX:
                        self.law_prefixes[term[:PREFIX]].append(i)
                        if is_cyrillic(term):  # "репатриация" meets "repatriation" (see laws.py)
                            self.law_prefixes[word_key(term)].append(i)
            self._laws = entries
        return self._laws

    def laws_of(self, jurisdictions: set[str] | None) -> list[int]:
        """Indexes into self.laws of the laws of these jurisdictions (all when None)."""
        laws = self.laws
        if jurisdictions is None:
            return list(range(len(laws)))
        if self._laws_by_place is None:
            heavy_work()
            by_place: dict[str, list[int]] = defaultdict(list)
            for i, e in enumerate(laws):
                by_place[e.law.jurisdiction].append(i)
            self._laws_by_place = by_place
        return sorted(i for j in jurisdictions for i in self._laws_by_place.get(j, ()))


def is_share(est: EstimateRecord) -> bool:
    """A figure in percent: a share, not a count."""
    return (est.unit or "").strip().lower() in ("percent", "%", "per cent", "percentage")


def newest_first_key(est: EstimateRecord) -> tuple:
    """Newest first by as_of, then by source date, then by id (so ties are stable)."""
    src_date = est.source.date if est.source and est.source.date else ""
    return (_neg_date(est.as_of or src_date), _neg_date(src_date), est.id)


def law_newest_first_key(law: LawRecord) -> tuple:
    return (_neg_date(law.date or (law.source.date if law.source else None) or ""), law.id)


@lru_cache(maxsize=8192)  # every sort of figures calls it; dates repeat across the store
def _neg_date(value: str) -> tuple:
    """A sort key that puts later partial dates first ('2015' after '2015-06' is fine)."""
    parts = [int(p) for p in value.split("-") if p.isdigit()] if value else []
    if not parts:
        return (1, 0, 0, 0)  # undated entries go last
    parts += [0] * (3 - len(parts))
    return (0, *(-p for p in parts[:3]))
