"""The Answerer: a question (or a parsed Query) -> an Answer, from the store's cached indexes.

The path, in order (each step its own module and tests; the reasons are kept for /why):
  A. Places the store lacks (bot.understanding.gazetteer: regions and cities of the five
     republics, Afghanistan, Russia) -> "no data for Dagestan", where it lies, what the store has
     for that country; never another place's figures (places_outside_store).
  B. The rules below choose the figures (the dispatcher), with two evidence steps inside them:
     * measures (evidence.py): what the question counts ("locked up", "мерт болды") chooses a
       topic that counts it, or says no topic does;
     * words only entries have (_entries_by_own_words): names in the question found in an
       entry's own note, source or estimator ("Crocus City Hall") narrow to those entries.
  C. The checks every answer passes before it leaves (_checked): a name nothing in the store
     knows ("Chechens") -> no data; the verifier (verify.py) drops every figure whose measure,
     place or year disagrees with the question, and no data when none is left; a named
     estimator (attribution: "according to the KNB") keeps its figures, or heads the answer "No
     figure from the KNB".

The rules of step B are methods named rule_* run in the order of RULES (the end of this module):
rule_help, rule_laws_asked, rule_topic_from_words, rule_law_only_words, rule_measures,
rule_narrowing_group, rule_entry_words, rule_nothing_recognised, rule_theatres,
rule_context_places, rule_named_estimator, rule_figures. Each either answers (answer.rule names
it) or refines the reading (_Reading: topic, places, notes) for the next. What they do, in
detail (deterministic):
  1. help -> help; laws intent -> laws (see bot.answering.laws for their ranking).
  2. Nothing recognisable (no place, no topic): laws whose text matches the terms, else
     not_understood (or no_data when content words remained unknown).
  3. Place(s) but no topic: unknown content words -> no_data + what the place has; one place
     with a single topic -> that topic's figures; else an overview (several places: the topic
     most of them have, compared).
  4. Topic but no place: a figure/compare question -> all places with figures (compared);
     otherwise an overview of the places that have figures.
  5. Place(s) and topic: several places or a group -> comparison; a trend question -> the
     figures oldest to newest; a sources question -> the citations; else all competing figures,
     newest first (as_of, then source date, then id).
  Before that: a narrowing word ("women", "әйелдер": see qualifiers.py) that the topic does not
  cover -> no_data; of several topics found, the one covering most question words wins; no
  topic found -> the topic sharing most stems (+1, +0.5 same first 5 letters), else a topic
  word within one edit in five of an unknown word; a number in the question ("the 250
  figure") picks the estimates with that value/bound; a named place with no figures whose
  name is among the other places' figure tags ("... in Syria") is context, not a place.
  Place without topic, FIGURE-like intent: the place's topic with most figures store-wide
  (about the named entity if any). An overview shows per topic the count and the newest
  figure, plus the place's laws and recent reports.
  Filters before any figure is shown: the year range (as_of year), and entities: an estimate
  tagged with a known entity (islamic-state, taliban, ...) is shown only when the question
  names that entity or none; an estimator (or outlet) the question names ("ICSR", "МВД"):
  only its figures, when some figures of the place and topic are its (estimators.py). A named place without figures on the topic -> no_data (never a
  figure from another entry); compared places (or group members) without figures get a "no data"
  row beside those with figures; none with figures -> no_data.
  Theatres ("Tajiks in Syria", "таджиков в Сирии", "Сириядағы тәжіктер": a place after in/в/на or
  in the Kazakh locative, beside another place named as the origin): the origin is counted; with
  no topic named, the origin's topic with most figures about the theatre (tagged with it, or its
  label names it) answers; when none of the origin's figures is about the theatre -> no_data
  "for Tajikistan about Afghanistan" + what the store has for the origin.
  Groups (qualifiers.py: women, children, returnees...): of topics that match, the one naming
  no group the question does not name wins ("returned" is not "children among the returned"),
  and a topic naming the group the question names gets a point; a narrowing word picks the
  topic that covers it, if the store has one. A place named alone that is only the topic's
  context ("... from Syria" on returnees from Syria) means every place. Unknown words found
  whole in a law of the places asked -> laws. An entity with a place that has no figures
  about it, when the store tags figures with it -> no_data. "latest": every figure of the
  newest date (several estimators); "most"/"fewest": rows sorted by each place's newest
  figure, and the reply says so; "total": the rows, and a note that the store has no total.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from bot.answering.estimators import (
    by_named_estimator,
    institution_keys,
    named_estimators_figures,
    word_key,
)
from bot.answering.evidence import measure_words, topic_by_measures
from bot.answering.figures import year_of
from bot.answering.index import PREFIX, StoreIndex, fold_term, newest_first_key
from bot.answering.laws import jurisdictions_for, rank_laws
from bot.answering.model import Answer, LawHit, PlaceRow, Reason, TopicCount, reason
from bot.answering.qualifiers import groups_of, narrowing_terms
from bot.answering.spans import read_spans, spans_line
from bot.answering.surface import as_written
from bot.answering.verify import check_attribution, verify
from bot.i18n import N_, babel_locale
from bot.languages import CODES, words
from bot.store.offload import heavy_work
from bot.store.records import EstimateRecord
from bot.understanding.attribution import attributed_names
from bot.understanding.kazakh import fold as kazakh_fold
from bot.understanding.measures import CONTEXT, asked_measures, measure_spans, primary_measures
from bot.understanding.numbers import written_numbers
from bot.understanding.query import Intent, Query
from bot.understanding.text import normalise_terms, primary_stem
from bot.understanding.years import FIGURE_WORD_AFTER, FIGURE_WORD_BEFORE, find_month

# Entity keys understanding produces; an estimate tagged with one of them is about that entity.
KNOWN_ENTITIES = frozenset({"islamic-state", "knb", "al-nusra", "al-qaeda", "taliban", "hizb-ut-tahrir",
                            "jaish-al-muhajireen-wal-ansar", "isis", "daesh"})
# organisations that estimate figures (security services) rather than groups figures are about:
# "по данным ГКНБ" names who said it, it is no filter on what the figures are about
ESTIMATOR_ENTITIES = frozenset({"knb"})
_COUNT_CUE = re.compile(r"(?i)(?<!\w)(?:" + "|".join(words("counting")) + r")(?!\w)")
FIGURE_INTENTS = (Intent.FIGURE, Intent.COMPARE, Intent.TREND, Intent.SOURCES)
MAX_LAWS = 5


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Answerer:
    """Answers questions from one store; indexes are rebuilt whenever the store changes."""

    def __init__(self, store, clock: Callable[[], dt.datetime] | None = None):
        self.store = store
        self.clock = clock or _utcnow
        self._index: StoreIndex | None = None
        self._rebuilding = threading.Lock()

    # --- public API ------------------------------------------------------------------
    def index(self) -> StoreIndex:
        generation = self.store.generation()
        index = self._index
        if index is None or index.generation != generation:
            heavy_work()  # not on the loop (and never wait there for the lock a thread holds)
            with self._rebuilding:  # questions answered in threads side by side build it once
                index = self._index
                if index is None or index.generation != generation:
                    index = self._index = StoreIndex(self.store, generation)
        return index

    def parse(self, text: str, index: StoreIndex | None = None) -> Query:
        from bot.understanding import parse

        return parse(text, (index or self.index()).lexicon, today=self.clock().date())

    def warm_up(self) -> None:
        """Load the language tables (morphology dictionaries) and build the whole index now, so
        that the first questions after a start wait for neither."""
        self.ask("warm up", lang="en")
        self.index().build_all()

    def ask(self, text: str, lang: str = "en") -> Answer:
        """Answer a free-text question in the reply language `lang`."""
        index = self.index()  # one generation check per question
        return self.answer_query(self.parse(text, index), lang, index)

    def answer_by_ids(self, refs: Iterable[str | tuple[str, str]], lang: str = "en") -> Answer:
        """Rebuild an answer from entry refs ("estimate:<id>", "law:<id>", ("estimate", id)) for
        /why and buttons; stale or unknown refs are skipped (no_data when none is left)."""
        index = self.index()
        answer = Answer(kind="sources", lang=lang)
        for ref in refs:
            kind, _, entry_id = ref.partition(":") if isinstance(ref, str) else (ref[0], ":", ref[1])
            kind = {"e": "estimate", "l": "law", "r": "report"}.get(kind, kind)
            record = self.store.entries.get(kind, entry_id) if kind in ("estimate", "law", "report") else None
            if record is None or getattr(record, "retracted", False):
                continue
            if kind == "estimate":
                answer.estimates.append(record)
            elif kind == "law":
                answer.laws.append(LawHit(record))
            else:
                answer.reports.append(record)
        places = {e.place for e in answer.estimates}
        topics = {e.topic for e in answer.estimates}
        answer.places = list(places) if len(places) == 1 else []
        answer.topic = next(iter(topics)) if len(topics) == 1 else None
        answer.reasons = [reason(N_("rebuilt from entry ids"))]
        if not answer.estimates and not answer.laws and not answer.reports:
            answer.kind = "no_data"
        self._attach_names(answer, index)
        return answer

    # --- dispatch --------------------------------------------------------------------
    def answer_query(self, query: Query, lang: str = "en", index: StoreIndex | None = None) -> Answer:
        """Answer an already parsed question (tests and callers with their own Query)."""
        index = index or self.index()
        answer = self._checked(self._dispatch(query, index, lang), query, index)
        if query.text:
            # every word and how it was read (spans.py): nothing of the question silently dropped
            answer.reasons.insert(0, reason(N_("the words, as read: {spans}"), spans=spans_line(read_spans(query, index))))
        answer.query = query
        answer.lang = lang
        outside = {kazakh_fold(w) for w in query.place_words_outside}
        answer.unknown_terms = [w for w in query.unknown_terms if kazakh_fold(w.lower()) not in outside]
        self._attach_names(answer, index)
        _echo_as_written(answer, query)
        return answer

    def _checked(self, answer: Answer, q: Query, index: StoreIndex) -> Answer:
        """The verifier (verify.py) on every answer: a figure that disagrees with what the
        question named is dropped; none left -> no data for what was asked."""
        missing = unmatched_names(q, index) if answer.kind in ("figures", "comparison", "trend", "sources") else []
        if missing:
            # "how many Chechens fight for ISIS": a name nothing in the store knows — the figures
            # found are about someone else
            no = self._no_data(q, index, q.expanded_places[:3], answer.topic,
                               why=reason(N_("names the store does not know: {names}"), names=missing))
            no.missing_names = missing
            no.reasons[:0] = answer.reasons
            return no
        answer, dropped = verify(answer, q, index, answer.places)
        answer, not_theirs = check_attribution(answer, self._attributed(q, index))
        dropped += not_theirs
        if not dropped or answer.estimates or answer.earlier or any(r.estimates for r in answer.rows):
            if dropped:
                answer.reasons.append(reason(N_("figures dropped because they disagree with what the question named: {n}"),
                                             n=dropped))
            return answer
        no = self._no_data(q, index, answer.places[:3] or q.expanded_places[:3], answer.topic,
                           why=reason(N_("every figure found disagrees with what the question named")))
        asked = primary_measures(asked_measures(q))
        if asked:
            no.missing_measure = measure_words(q.text or "", asked) or measure_words(q.follow_up_of or "", asked)
        no.reasons[:0] = answer.reasons
        return no

    @staticmethod
    def _attributed(q: Query, index: StoreIndex) -> tuple[str, ...]:
        """The names the question attributes its figure to, less those that are only places or
        demonyms ("according to Kazakh officials" names no estimator)."""
        from bot.understanding.text import tokenise

        out = []
        for name in attributed_names(q.text or ""):
            tokens = [t for t in tokenise(name) if not t.is_stopword]
            places = {i for m in index.lexicon.names.scan(tokens, set()) if m.payload[0] == "place"
                      for i in range(m.start, m.end)}
            if len(places) < len(tokens):
                out.append(name)
        return tuple(out)

    def _dispatch(self, q: Query, index: StoreIndex, lang: str) -> Answer:
        outside = places_outside_store(q, index)
        if outside and q.intent not in (Intent.LAWS, Intent.HELP):
            answer = self._dispatch_known(q, index, lang) if q.places else None
            if answer is None or answer.kind in ("overview", "no_data"):
                # "killed in attacks in Dagestan": the store has no Dagestan — say so, and what it
                # has for the country, never another place's figures
                countries = list(dict.fromkeys(p.country for p in outside if p.country))
                answer = self._no_data(q, index, [c for c in countries if c in index.places or len(c) == 2][:2],
                                       None, why=reason(N_("places the store does not have: {places}"),
                                                        places=[p.code for p in outside]))
                answer.missing_places = [p.code for p in outside]
                answer.missing_place_names = {p.code: {lang: p.name(lang) for lang in CODES} for p in outside}
                return answer
            answer.missing_places = [p.code for p in outside]
            answer.missing_place_names = {p.code: {lang: p.name(lang) for lang in CODES} for p in outside}
            return answer
        return self._dispatch_known(q, index, lang)

    def _dispatch_known(self, q: Query, index: StoreIndex, lang: str) -> Answer:
        """The rules, in order (RULES): each reads the question as read so far (`_Reading`) and
        either answers or refines the reading (the topic, the places, its notes) for the next."""
        r = _Reading(q, index)
        for rule in RULES:
            answer = rule(self, r)
            if answer is not None:
                answer.rule = rule.__name__
                return answer
        raise AssertionError("the last rule always answers")  # pragma: no cover

    # --- the rules, in the order RULES lists them ----------------------------------------------
    def rule_help(self, r: _Reading) -> Answer | None:
        """A greeting or "what can you do" with nothing else: help."""
        if r.q.intent == Intent.HELP and not r.q.places and not r.q.topics:
            return Answer(kind="help")
        return None

    def rule_laws_asked(self, r: _Reading) -> Answer | None:
        """A law question: the laws, ranked (laws.py)."""
        return self._laws(r.q, r.index) if r.q.intent == Intent.LAWS else None

    def rule_topic_from_words(self, r: _Reading) -> Answer | None:
        """The parser's best topic, or the one sharing most of the question's words (never answers)."""
        q, index = r.q, r.index
        r.topic = self._best_topic(q, index)
        if r.topic is not None and q.topics and r.topic != q.topics[0] and r.topic in q.topics:
            r.notes.append(reason(N_("topic {topic} covers more words of the question than {other}"), topic=r.topic,
                                  other=q.topics[0]))
        if r.topic is None:
            r.topic = self._topic_from_terms(q, index)
            if r.topic:
                r.topic_from_words = True
                r.notes.append(reason(N_("topic {topic} matched by the words: {words}"), topic=r.topic, words=q.terms))
        return None

    def rule_law_only_words(self, r: _Reading) -> Answer | None:
        """Words no topic knows and a law of the places has ("Tajikistan amnesty for returning
        fighters"): the laws — unless the question names estimators of the store's figures."""
        q, index = r.q, r.index
        law_words = self._law_only_words(q, index)
        if law_words and institution_keys(q.text or "") & index.estimator_keys:
            return None  # "Росфинмониторинг против Генпрокуратуры: дела о ФТ": estimators of figures
        if law_words and asked_measures(q) and _COUNT_CUE.search(q.text or ""):
            return None  # "how many women were repatriated": a count of people, whatever a law says of them
        if law_words and q.intent in (Intent.FIGURE, Intent.OVERVIEW, Intent.UNKNOWN):
            answer = self._laws(q, index)
            if answer.kind == "laws":
                answer.reasons.append(reason(N_("words only the laws have: {words}"), words=law_words))
                return answer
        return None

    def rule_measures(self, r: _Reading) -> Answer | None:
        """What the question counts chooses the topic that counts it (evidence.py); none does:
        no data ("how many Russians are in prison" when no topic counts inmates)."""
        q, index = r.q, r.index
        asked = asked_measures(q)
        if not asked:
            return None
        chosen = topic_by_measures(asked, index, r.topic, self._topic_word_coverage(q, index), q.expanded_places)
        if chosen is None and not _COUNT_CUE.search(q.text or ""):
            # no count asked ("can Kazakhstan strip citizenship?", "вербовка в Караганде"): the other
            # rules may find a law or reading; the verifier still keeps any figure off another measure
            return None
        if chosen is None:
            answer = self._no_data(q, index, q.expanded_places[:3], None, why=reason(
                N_("no topic counts what the question asks ({measures})"), measures=sorted(asked)))
            answer.missing_measure = measure_words(q.text or "", primary_measures(asked)) or measure_words(
                q.follow_up_of or "", primary_measures(asked))
            if not answer.reports:
                self._offer_reading(answer, q, index, q.expanded_places[:2], answer.missing_measure)
            answer.reasons[:0] = r.notes
            return answer
        if chosen != r.topic:
            r.notes.append(reason(N_("topic {topic} counts what the question asks ({measures})"), topic=chosen,
                                  measures=sorted(asked)))
            r.topic, r.topic_from_words = chosen, False
        return None

    def rule_narrowing_group(self, r: _Reading) -> Answer | None:
        """A group the topic does not cover ("how many women ..."): the narrower topic that does,
        else no data."""
        q, index = r.q, r.index
        narrow = narrowing_terms([*q.terms, *sorted(self._question_words(q))],
                                 index.topic_terms.get(r.topic, frozenset()) if r.topic else frozenset(), set())
        if not narrow:
            return None
        narrower = self._topic_covering(q, index, narrow, r.topic)
        if narrower:
            r.notes.append(reason(N_("topic {topic} covers the narrower group ({words})"), topic=narrower, words=narrow))
            r.topic = narrower
            return None
        answer = self._no_data(q, index, q.expanded_places[:3], r.topic,
                               why=reason(N_("the question narrows the group ({words}); no topic covers it"), words=narrow))
        answer.missing_entities = self._as_written(q, narrow)
        return answer

    def rule_entry_words(self, r: _Reading) -> Answer | None:
        """Names only some entries' own text has ("Crocus City Hall"): those entries."""
        own_words = self._entries_by_own_words(r.q, r.index, r.topic)
        if not own_words:
            return None
        found, words = own_words
        return self._these_figures(r.q, found, r.notes + [reason(N_("figures whose own text has: {words}"), words=words)])

    def rule_nothing_recognised(self, r: _Reading) -> Answer | None:
        """No place and no topic: a figure quoted, a law, an organisation's overview, or no data."""
        q, index = r.q, r.index
        r.numbers = figures_in_text(q)
        if q.places or r.topic is not None:
            return None
        if r.numbers:
            found = self._filter(q, index.by_number(r.numbers))
            if found:
                return self._these_figures(q, found, r.notes + [reason(N_("figures equal to {numbers}"),
                                                                       numbers=r.numbers)])
        if q.terms or q.entities:
            hits, _ = rank_laws(q, index, limit=1)
            if hits and hits[0].score >= 2:
                return self._laws(q, index)
        if q.entities and not q.unknown_terms and q.intent == Intent.OVERVIEW:
            about = self._topic_about_entities(q, index)
            if about:
                # "Hizb ut-Tahrir": what the store has tagged with it, as an overview (never
                # as the answer to "how many": "численность талибана" is not "Tajiks with the Taliban")
                answer = self._overview(q, index, [], about)
                answer.reasons[:0] = [reason(N_("topic {topic}: most figures about {entities}"), topic=about,
                                             entities=q.entities)]
                return answer
        if q.unknown_terms or q.entities:
            return Answer(kind="no_data", missing_entities=list(q.entities),
                          reasons=[reason(N_("nothing in the question matched a place or topic of the store"))])
        if q.intent == Intent.HELP:
            return Answer(kind="help")
        return Answer(kind="not_understood")

    def rule_theatres(self, r: _Reading) -> Answer | None:
        """"How many Tajiks in Syria", no topic named: Tajikistan counted, on its figures about Syria;
        none about it: no data."""
        q, index = r.q, r.index
        r.places = q.expanded_places
        if not (r.topic is None and q.theatres and any(p not in q.theatres for p in q.places)):
            return None
        r.places = [p for p in r.places if p not in q.theatres]
        r.notes.append(reason(N_("{places} read as where the figures are about (their tags), not as places to count"),
                              places=q.theatres))
        r.topic = self._topic_about_theatres(q, index, r.places)
        if r.topic is None:
            answer = self._no_data(q, index, r.places[:1], None, why=reason(
                N_("no figures of {place} about {theatres}"), place=r.places[:1], theatres=q.theatres))
            answer.missing_entities = list(q.theatres)
            answer.reasons[:0] = r.notes
            return answer
        r.notes.append(reason(N_("no topic named: {topic} has figures of {place} about {theatres}"),
                              topic=r.topic, place=r.places, theatres=q.theatres))
        return None

    def rule_context_places(self, r: _Reading) -> Answer | None:
        """A place that is only context ("... from Syria" on returnees from Syria) is not counted;
        "how many Kazakhs fight in Ukraine" and none of their figures is about Ukraine: no data."""
        q, index = r.q, r.index
        if r.topic is None or not r.places:
            return None
        r.places, context = self._context_places(q, index, r.topic)
        if context:
            r.notes.append(reason(N_("{places} read as where the figures are about (their tags), not as places to count"),
                                  places=context))
        elsewhere = [p for p in q.theatres if p in r.places and not index.figures(p, r.topic)]
        origins = [p for p in r.places if p not in q.theatres]
        if elsewhere and origins:
            answer = self._no_data(q, index, origins[:1], r.topic, why=reason(
                N_("no figures of {place} about {theatres}"), place=origins[:1], theatres=elsewhere))
            answer.missing_entities = elsewhere
            answer.reasons[:0] = r.notes
            return answer
        return None

    def rule_named_estimator(self, r: _Reading) -> Answer | None:
        """"What does UNICEF say about Tajikistan?": the estimator stands in for the topic (not a
        topic sharing a word with its name, "Human Rights Watch" / "watch list")."""
        q, index, places = r.q, r.index, r.places
        if not places or not (r.topic is None or r.topic_from_words):
            return None
        named = self._named_estimators_figures(q, index, places)
        if named and len({e.place for e in named} & set(places)) < min(len(places), 2) and len(places) > 1:
            return None  # "blacklist in Uzbekistan and Kazakhstan's list": a comparison, not one estimator's
        if not named:
            return None
        return self._these_figures(q, named, r.notes + [reason(N_("figures by the estimator the question names"))])

    def rule_figures(self, r: _Reading) -> Answer | None:
        """The answer proper: a place without a topic (overview), a topic without a place (every
        place with figures), several places (comparison), or one place's competing figures."""
        q, index, topic, places = r.q, r.index, r.topic, r.places
        if topic is None:
            answer = self._place_without_topic(q, index, places)
        elif not places:
            answer = self._topic_without_place(q, index, topic)
        elif len(places) > 1 or (q.intent == Intent.COMPARE and q.place_members):
            # a group's own figure (an estimate for "Central Asia" as a whole) heads its members
            own = [g for g in q.place_members if g not in places and index.figures(g, topic)]
            answer = self._comparison(q, index, topic, [*own, *places])
        else:
            answer = self._figures(q, index, places[0], topic, r.numbers)
        answer.reasons[:0] = r.notes
        return answer

    @staticmethod
    def _as_written(q: Query, stems: list[str]) -> list[str]:
        """The question's own words for some stems (for the reply), else the stems."""
        out = []
        for stem in stems:
            word = next((w for w in q.unknown_terms if fold_term(w.lower()).startswith(stem[:3])), None)
            out.append(word or stem)
        return out

    @staticmethod
    def _question_words(q: Query) -> set[str]:
        return {fold_term(w) for w in normalise_terms(q.text or "", q.language)}

    @staticmethod
    def _extra_groups(topic: str, words: set[str], index: StoreIndex) -> int:
        """How many groups a topic's words name ("children", "returnees") that the question's
        words do not: of topics that match equally, the one counting the group asked about."""
        return len(groups_of(index.topic_terms.get(topic, frozenset())) - groups_of(words))

    @staticmethod
    def _broadest(topics: list[str], words: set[str], index: StoreIndex) -> list[str]:
        """The topics naming the fewest groups the question does not name ("returned" asks about
        the returned, not about the children among them), order kept."""
        if not topics:
            return topics
        extra = {t: Answerer._extra_groups(t, words, index) for t in topics}
        least = min(extra.values())
        return [t for t in topics if extra[t] == least]

    def _topic_covering(self, q: Query, index: StoreIndex, narrow: list[str], current: str | None) -> str | None:
        """The topic that covers the narrowing words of a question ("children") and shares most
        of its other words, when one topic clearly does; None otherwise."""
        words = self._question_words(q) | {fold_term(t) for t in q.terms}
        wanted = groups_of(set(narrow))
        covering = [key for key, terms in index.topic_terms.items()
                    if key != current and (set(narrow) <= terms or (wanted and wanted <= groups_of(terms)))]
        # "сколько боевиков вернулось": the returned, not the children among them
        covering = self._broadest(covering, words, index)
        scored = []
        for key in covering:
            terms = index.topic_terms[key]
            scored.append((len(words & terms) + (0.5 if key in q.topics else 0), key))
        scored.sort(reverse=True)
        if not scored or (len(scored) > 1 and scored[1][0] == scored[0][0]):
            return None
        return scored[0][1]

    @staticmethod
    def _best_topic(q: Query, index: StoreIndex) -> str | None:
        """The parser's best topic, unless another topic it found covers more of the question's
        words ("kazakhstani fighters killed": fighters-dead covers 'fighters' and 'killed'). A
        topic about a narrower group than asked ("children among ...") yields to a broader one."""
        found = [t for t in q.topics if t in index.topics]
        words = Answerer._question_words(q)
        found = Answerer._broadest(found, words, index)
        if len(found) < 2:
            return found[0] if found else None

        def coverage(topic: str) -> float:
            terms = index.topic_terms[topic]
            prefixes = {t[:PREFIX] for t in terms if len(t) >= PREFIX}
            return sum(1 if w in terms else 0.5 if len(w) >= PREFIX and w[:PREFIX] in prefixes else 0
                       for w in words)

        asked = groups_of(words)

        def missing(topic: str) -> int:
            # "қанша бала қайтарылды": the topic that names the group asked about comes first
            return len(asked - groups_of(index.topic_terms[topic]))

        scored = [(-missing(t), coverage(t), -i, t) for i, t in enumerate(found)]
        return max(scored)[3]

    @staticmethod
    def _topic_word_coverage(q: Query, index: StoreIndex) -> Callable[[str], float]:
        """How many of the question's words a topic's label and synonyms have (+1 exact, +0.5
        same first five letters): the tie-break between topics that count the same thing."""
        words = Answerer._question_words(q) | {fold_term(t) for t in q.terms}

        def coverage(topic: str) -> float:
            terms = index.topic_terms.get(topic, frozenset())
            prefixes = {t[:PREFIX] for t in terms if len(t) >= PREFIX}
            return sum(1 if w in terms else 0.5 if len(w) >= PREFIX and w[:PREFIX] in prefixes else 0
                       for w in words)
        return coverage

    @staticmethod
    def _topic_from_terms(q: Query, index: StoreIndex) -> str | None:
        """A topic the parser missed: the one whose label/synonym stems share most terms with the
        question (+1 exact, +0.5 same first five letters); only a single clear best counts."""
        if not q.terms:
            return None
        words = Answerer._question_words(q) | set(q.terms)
        scores: dict[str, float] = {}
        for key, terms in index.topic_terms.items():
            prefixes = {t[:PREFIX] for t in terms if len(t) >= PREFIX}
            score = 0.0
            for term in set(q.terms):
                if term in terms:
                    score += 1
                elif len(term) >= PREFIX and term[:PREFIX] in prefixes:
                    score += 0.5
            if score:
                scores[key] = score
        # "returned" alone does not ask about "children among the returned"
        kept = set(Answerer._broadest(list(scores), words, index))
        asked = groups_of(words)
        for key in kept:
            # the question names the group the topic counts ("вернулось": the returned), a
            # point of its own: verb and noun stems rarely meet ("вернул" ~ "вернувш")
            scores[key] += len(asked & groups_of(index.topic_terms[key]))
        ranked = sorted(((k, v) for k, v in scores.items() if k in kept), key=lambda kv: (-kv[1], kv[0]))
        if ranked:
            best = ranked[0]
            if best[1] >= 1 and (len(ranked) == 1 or ranked[1][1] < best[1]):
                return best[0]
        return Answerer._topic_from_typos(q, index)

    @staticmethod
    def _law_only_words(q: Query, index: StoreIndex) -> list[str]:
        """Unknown words of the question (no place, topic or cue) found whole in the text of a law
        of the places asked about: the question is about what a law says."""
        if not q.unknown_terms:
            return []
        allowed = set(index.laws_of(jurisdictions_for(q, index)))
        out = []
        for word in q.unknown_terms:
            for stem in normalise_terms(word, q.language):
                stem = fold_term(stem)
                if len(stem) >= 5 and allowed & set(index.law_postings.get(stem, ())):
                    out.append(word)
                    break
        return out

    @staticmethod
    def _tagged_anywhere(entities: list[str], index: StoreIndex) -> bool:
        """Whether any figure of the store is tagged with one of these entities."""
        if "_quality_all_tags" not in index.__dict__:  # once per store generation
            index.__dict__["_quality_all_tags"] = frozenset(
                t for ests in index.estimates.values() for e in ests for t in e.tags)
        return bool(set(entities) & index.__dict__["_quality_all_tags"])

    @staticmethod
    def _topic_about_entities(q: Query, index: StoreIndex) -> str | None:
        """The topic with most figures tagged with an entity the question names."""
        wanted = set(q.entities)
        counts: dict[str, int] = {}
        for topic in index.topics:
            n = sum(1 for place in index.place_counts(topic) for e in index.estimates.get((place, topic), ())
                    if wanted & set(e.tags))
            if n:
                counts[topic] = n
        return min(counts, key=lambda t: (-counts[t], t)) if counts else None

    @staticmethod
    def _topic_from_typos(q: Query, index: StoreIndex) -> str | None:
        """An unknown word of five letters or more within one edit in five of a topic word
        ('ваюет' ~ 'воюет'): that topic, when only one topic fits."""
        vocabulary = index.topic_words
        keys: set[str] = set()
        for word in q.unknown_terms:
            word = word.lower().replace("ё", "е")
            if len(word) < 5:
                continue
            match = process.extractOne(word, list(vocabulary), scorer=fuzz.ratio, score_cutoff=80)
            if match:
                keys |= vocabulary[match[0]]
        return next(iter(keys)) if len(keys) == 1 else None

    @staticmethod
    def _context_places(q: Query, index: StoreIndex, topic: str) -> tuple[list[str], list[str]]:
        """Split the places asked about into those to count and those that are only context:
        a named place with no figures of its own on the topic whose name is a tag of the other
        places' figures ("Tajik fighters in Syria": the figures are tagged 'syria'), or that the
        topic's own label names ("Kazakhs back from Syria" on "returnees from Syria and Iraq")."""
        places = q.expanded_places
        if len(places) == 1 and index.figures(places[0], topic):
            return places, []  # the usual case, answered without looking at tags
        tags: set[str] = set()
        for p in places:
            for est in index.figures(p, topic):
                tags.update(t.lower() for t in est.tags)
        if len(places) == 1:
            # "which country brought back the most from Syria": the only place named may be the
            # topic's own context; then every place with figures is meant
            tags = set(index.topic_tags(topic))  # every figure's tags on the topic, cached per index
        keep, context = [], []
        for p in places:
            if p in q.places and not index.figures(p, topic) and (
                    place_tag_forms(p, index) & tags or p in index.topic_places(topic)):
                context.append(p)
            else:
                keep.append(p)
        return keep, context  # all context ("fighters in Syria and Iraq"): every place is meant

    @staticmethod
    def _topic_words_asked(q: Query, index: StoreIndex, places: list[str]) -> list[str]:
        """The question's content words as written, leaving out the names of the places asked
        ("вербовка в Караганде" -> ["вербовка"])."""
        names = {n for p in places for n in index.name_prefixes(p)}
        out = []
        for word in re.findall(r"[^\W\d_]+", q.text or ""):
            stems = normalise_terms(word, q.language)
            stem = fold_term(kazakh_fold(stems[0])) if stems else ""
            if len(stem) >= 4 and stem[:PREFIX] not in names and word not in out:
                out.append(word)
        return out

    @staticmethod
    def _topic_about_theatres(q: Query, index: StoreIndex, places: list[str]) -> str | None:
        """Of the places' topics, the one with most figures about a theatre the question names
        ("Tajiks in Syria": figures tagged 'syria', or a topic whose own label names Syria); ties
        go to the topic with most figures store-wide. None when no figure is about it."""
        forms = {f for t in q.theatres for f in place_tag_forms(t, index)}
        counts: dict[str, int] = {}
        for place in places:
            for topic in index.topic_counts(place):
                labelled = bool(set(q.theatres) & index.topic_places(topic))
                about = sum(1 for e in index.figures(place, topic)
                            if labelled or forms & {t.lower() for t in e.tags})
                if about:
                    counts[topic] = counts.get(topic, 0) + about
        return min(counts, key=lambda t: (-counts[t], -index.topic_total(t), t)) if counts else None

    def _named_estimators_figures(self, q: Query, index: StoreIndex, places: list[str]) -> list[EstimateRecord]:
        """The figures of the places (and the places within them) by an estimator the question names."""
        wanted = {d for p in places for d in index.descendants(p)}
        pool = [e for (place, _), ests in index.estimates.items() if place in wanted for e in ests]
        year_and_entity = [e for e in self._filter(q, pool)]
        return named_estimators_figures(q, year_and_entity)

    def _these_figures(self, q: Query, found: list[EstimateRecord], reasons: list[Reason]) -> Answer:
        found = sorted(found, key=newest_first_key)
        kind = "sources" if q.intent == Intent.SOURCES else "figures"
        places = list(dict.fromkeys(e.place for e in found))
        topics = list(dict.fromkeys(e.topic for e in found))
        return Answer(kind=kind, places=places[:1] if len(places) == 1 else [], topic=topics[0] if len(topics) == 1 else None,
                      estimates=found, reasons=reasons)

    # --- kinds -----------------------------------------------------------------------
    def _place_without_topic(self, q: Query, index: StoreIndex, expanded: list[str]) -> Answer:
        groups = [e for e in q.entities if e not in ESTIMATOR_ENTITIES]
        if groups and len(expanded) == 1:
            # "Хизб ут-Тахрир мүшелері Қырғызстанда": an organisation and a place; an unknown word
            # ("мүшелері") does not veto the place's figures tagged with the organisation
            tagged = [e for t in index.topic_counts(expanded[0]) for e in index.figures(expanded[0], t)
                      if set(groups) & set(e.tags)]
            topics = list(dict.fromkeys(e.topic for e in tagged))
            if len(topics) == 1:
                answer = self._figures(q, index, expanded[0], topics[0])
                answer.reasons.append(reason(N_("topic {topic}: most figures about {entities}"), topic=topics[0],
                                             entities=groups))
                return answer
        if q.unknown_terms:
            # "can Kazakhstan strip citizenship for terrorism?": words of a law of that place
            hits, _ = rank_laws(q, index, limit=1)
            if hits and hits[0].score >= 2:
                answer = self._laws(q, index)
                answer.reasons.append(reason(N_("no topic matched; the words match a law")))
                return answer
            return self._no_data(q, index, expanded[:1], None,
                                 why=reason(N_("no topic matched; unknown words: {words}"), words=q.unknown_terms))
        if len(expanded) == 1:
            place = expanded[0]
            counts = index.topic_counts(place)
            if not counts:
                if index.reports_about(place) or index.laws_of(_with_parents([place], index)):
                    return self._overview(q, index, [place], None)
                return self._no_data(q, index, [place], None, why=reason(N_("no figures for {place}"), place=place))
            about_entity = []
            if q.entities:
                wanted = set(q.entities)
                about_entity = [t for t in counts if any(wanted & set(e.tags) for e in index.figures(place, t))]
            if q.entities and not about_entity and self._tagged_anywhere(q.entities, index):
                # "Хизб ут-Тахрир в Узбекистане": the store tags figures with it, none here
                answer = self._no_data(q, index, [place], None,
                                       why=reason(N_("no figures for {place} about {entities}"), place=place,
                                                  entities=q.entities))
                answer.missing_entities = list(q.entities)
                return answer
            if about_entity or q.intent in FIGURE_INTENTS:
                candidates = about_entity or list(counts)
                topic = min(candidates, key=lambda t: (-index.topic_total(t), t))
                answer = self._figures(q, index, place, topic, figures_in_text(q))
                if about_entity:
                    answer.reasons.append(reason(
                        N_("no topic named: of the topics of {place} about {entities}, {topic} has the most figures"),
                        place=place, entities=q.entities, topic=topic))
                else:
                    answer.reasons.append(reason(N_("no topic named: of the topics of {place}, {topic} has the most figures"),
                                                 place=place, topic=topic))
                return answer
            return self._overview(q, index, [place], None)
        # several places, no topic: the topic most of them have figures on
        best: tuple[int, str] | None = None
        for topic in sorted(index.topics):
            n = sum(1 for p in expanded if index.figures(p, topic))
            if n and (best is None or n > best[0]):
                best = (n, topic)
        if best is None:
            return self._no_data(q, index, expanded, None, why=reason(N_("no figures for these places")))
        answer = self._comparison(q, index, best[1], expanded)
        answer.reasons.append(reason(N_("topic {topic} chosen: figures for {n} of the places"), topic=best[1], n=best[0]))
        return answer

    def _topic_without_place(self, q: Query, index: StoreIndex, topic: str) -> Answer:
        counts = index.place_counts(topic)
        if not counts:
            return self._no_data(q, index, [], topic, why=reason(N_("no figures on {topic}"), topic=topic))
        everywhere = [e for p in counts for e in index.figures(p, topic)]
        named = named_estimators_figures(q, self._filter(q, list({e.id: e for e in everywhere}.values())))
        if named:
            # "what did HRW say about returnees": that estimator's figures, wherever they are
            return self._these_figures(q, named, [reason(N_("topic {topic}"), topic=topic),
                                                  reason(N_("figures by the estimator the question names"))])
        numbers = figures_in_text(q)
        if numbers:
            found = [e for e in self._filter(q, index.by_number(numbers)) if e.topic == topic]
            if found:
                return self._these_figures(q, found, [reason(N_("topic {topic}"), topic=topic),
                                                      reason(N_("figures equal to {numbers}"), numbers=numbers)])
        if q.intent in FIGURE_INTENTS:
            top = sorted(p for p in counts if not _has_ancestor_in(p, counts, index))
            if len(top) == 1:
                return self._figures(q, index, top[0], topic, numbers)
            # a place within another shows in a row of its own, after its country's (by code):
            # a region's figure is never its country's
            places = sorted(counts)
            if q.intent == Intent.TREND:
                pass  # a trend needs one place: compare instead, newest first per place
            answer = self._comparison(q, index, topic, places, drop_empty=True)
            answer.reasons.append(reason(N_("no place asked: every place with figures on {topic}"), topic=topic))
            return answer
        return self._overview(q, index, [], topic)

    @property
    def _entities(self) -> frozenset[str]:
        """Entity keys: the lexicon's (built-in and curated) and a few well-known ones."""
        index = self._index or self.index()
        if index.entity_keys is None:
            names = getattr(index.lexicon, "entity_names", None) or {}
            index.entity_keys = KNOWN_ENTITIES | frozenset(names)
        return index.entity_keys

    def _filter(self, q: Query, estimates: list[EstimateRecord]) -> list[EstimateRecord]:
        """Keep estimates in the year range and about the asked entity (see module docstring)."""
        out = []
        asked = set(q.entities)
        for est in estimates:
            year = year_of(est.as_of) or year_of(est.source.date if est.source else None)
            if q.year_from is not None and (year is None or year < q.year_from):
                continue
            if q.year_to is not None and (year is None or year > q.year_to):
                continue
            tagged = {t for t in est.tags if t in self._entities}
            if asked - ESTIMATOR_ENTITIES and tagged and not (tagged & asked):
                continue
            out.append(est)
        # (not with "latest": a toll of a July event may be dated August)
        month = find_month(q.text or "") if q.year_from is not None and q.year_from == q.year_to \
            and not q.latest else None
        if month:
            # "in June 2016", "в мае 2019": the figures of that month, when some are dated so
            in_month = [e for e in out if _month_of(e) == month]
            out = in_month or out
        # "what does ICSR say about ...": the named estimator's figures, when it has some here
        return by_named_estimator(q, out)

    def _figures(self, q: Query, index: StoreIndex, place: str, topic: str,
                 numbers: list[float] | None = None) -> Answer:
        everything = index.figures(place, topic)
        found, within_only = own_first(place, self._filter(q, everything))
        base_reasons = self._query_reasons(q, [place], topic)
        if numbers:
            # "who says 80% are dead?": the figure quoted, when the store has it; else all of them
            quoted = [e for e in found if _figure_numbers(e) & set(numbers)]
            if quoted:
                found = quoted
                base_reasons.append(reason(N_("figures equal to {numbers}"), numbers=numbers))
        if not found:
            answer = self._no_data(q, index, [place], topic, why=reason(N_("no figure after the filters")))
            if everything and (q.year_from is not None or q.year_to is not None):
                answer.missing_year = (q.year_from, q.year_to)
                answer.available_dates = sorted({e.as_of or "" for e in everything} - {""})
            elif everything and q.entities:
                answer.missing_entities = list(q.entities)
            return answer
        if q.intent == Intent.TREND:
            if q.year_from is not None:
                # "did it grow after 2014?": the last figure before the range is the baseline
                before = [e for e in everything if (year_of(e.as_of) or 10**4) < q.year_from]
                if before and before[0] not in found:
                    found = [*found, before[0]]
                    base_reasons.append(reason(N_("baseline: the last figure before {year}"), year=q.year_from))
            found = sorted(found, key=newest_first_key, reverse=True)
            return Answer(kind="trend", places=[place], topic=topic, estimates=found, within_only=within_only,
                          reasons=[*base_reasons, reason(N_("oldest to newest"))])
        if q.intent == Intent.SOURCES:
            return Answer(kind="sources", places=[place], topic=topic, estimates=found, within_only=within_only,
                          reasons=base_reasons)
        answer = Answer(kind="figures", places=[place], topic=topic, reasons=base_reasons, within_only=within_only)
        if not within_only:
            # "Kazakhstan": its own figures; the places within it that have some are named, not shown
            answer.within_places = sorted({e.place for e in self._filter(q, everything)} - {place})
        if q.latest and len(found) > 1:
            newest = _newest_date(found)
            answer.estimates = [e for e in found if _date_of(e) == newest]
            answer.earlier = [e for e in found if _date_of(e) != newest]
            answer.reasons.append(reason(N_("latest: newest first, the others listed briefly")))
        else:
            answer.estimates = found
            answer.reasons.append(reason(N_("all competing figures, newest first")))
        return answer

    def _comparison(self, q: Query, index: StoreIndex, topic: str, places: list[str],
                    drop_empty: bool = False) -> Answer:
        rows = [PlaceRow(p, own_first(p, self._filter(q, index.figures(p, topic)))[0]) for p in places]
        named_alone = [p for p in q.places if p not in q.place_members]
        missing_named = [r.place for r in rows if not r.estimates and r.place in named_alone]
        if missing_named and any(r.estimates for r in rows) and q.intent != Intent.TREND:
            # "Kazakhstan and Turkmenistan": the one with figures shows them, the other a "no data"
            # row beside them (never a figure of another place in its stead)
            answer = self._comparison_rows(q, index, topic, places, rows, drop_empty=False)
            answer.reasons.append(reason(N_("no figures on {topic} for {places}"), topic=topic, places=missing_named))
            return answer
        if missing_named or not any(r.estimates for r in rows):
            # nothing for any place asked: say so rather than show other places
            asked = missing_named or [p for p in places if p in q.expanded_places or p in q.place_members]
            answer = self._no_data(q, index, asked, topic,
                                   why=reason(N_("no figures on {topic} for {places}"), topic=topic, places=missing_named or places))
            if q.year_from is not None or q.year_to is not None:
                dates = {e.as_of for p in places for e in index.figures(p, topic) if e.as_of}
                if dates:
                    answer.missing_year = (q.year_from, q.year_to)
                    answer.available_dates = sorted(dates)
            return answer
        return self._comparison_rows(q, index, topic, places, rows, drop_empty)

    def _comparison_rows(self, q: Query, index: StoreIndex, topic: str, places: list[str], rows: list[PlaceRow],
                         drop_empty: bool) -> Answer:
        if drop_empty:
            rows = [r for r in rows if r.estimates]
        if q.latest:
            rows = [PlaceRow(r.place, [e for e in r.estimates if _date_of(e) == _newest_date(r.estimates)])
                    for r in rows]
        answer = Answer(kind="comparison", places=places, topic=topic, rows=rows,
                        reasons=[*self._query_reasons(q, places, topic), reason(N_("one row per figure, newest first"))])
        if (q.most or q.least) and len([r for r in rows if r.estimates]) > 1:
            # "which country has the most ...": the newest figure of each place decides its rank
            sign = -1 if q.most else 1
            answer.rows = sorted(rows, key=lambda r: sign * _rank_value(r.estimates[0]) if r.estimates else float("inf"))
            answer.notes.append(reason(N_("Sorted by the newest figure of each place, largest first.") if q.most
                                       else N_("Sorted by the newest figure of each place, smallest first.")))
        if q.total:
            answer.notes.append(reason(N_("The store has no total for these places; their figures are shown "
                                          "one by one, not added up.")))
        return answer

    def _overview(self, q: Query, index: StoreIndex, places: list[str], topic: str | None) -> Answer:
        """What the store has: per topic (or per place) the count and the newest figure, plus
        the laws and recent reporting for a place."""
        answer = Answer(kind="overview", places=places, topic=topic,
                        reasons=self._query_reasons(q, places, topic))

        dated = q.year_from is not None or q.year_to is not None

        def line(place: str, t: str, n: int, own: bool = False) -> TopicCount | None:
            # counted after the filters: "since 2016" counts the figures since 2016 (none: no line)
            found = self._filter(q, index.figures(place, t))
            if own:  # a row per place: a region's figure is on the region's row, not its country's
                found = [e for e in found if e.place == place]
            if dated and not found:
                return None
            return TopicCount(place, t, len(found) if dated else n, found[0] if found else None)

        if places:
            for place in places:
                counts = index.topic_counts(place)
                answer.overview += [c for t, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
                                    if (c := line(place, t, n)) is not None]
            laws = index.laws_of(_with_parents(places, index))
            if dated:  # "Kazakhstan in 2020": the laws of those years
                laws = [i for i in laws if _in_years(year_of(index.laws[i].law.date), q)]
            answer.law_count = len(laws)
            answer.laws = [LawHit(index.laws[i].law) for i in laws[:3]]
            answer.reports = [r for p in places for r in index.reports_about(p)][:3]
        elif topic:
            counts = index.place_counts(topic)
            answer.overview = [c for p, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
                               if (c := line(p, topic, n, own=True)) is not None]
            if len(answer.overview) == 1 and answer.overview[0].place:
                # one place has figures on it (in those years): its figures are the answer
                only = answer.overview[0].place
                figures = self._figures(q, index, only, topic, figures_in_text(q))
                figures.reasons.append(reason(N_("no place asked: every place with figures on {topic}"), topic=topic))
                return figures
        if dated and not answer.overview and not answer.laws:
            # nothing in those years: say so, with the dates the store does have
            no = self._no_data(q, index, places, topic, why=reason(N_("no figure after the filters")))
            no.missing_year = (q.year_from, q.year_to)
            no.available_dates = sorted({e.as_of for p in (places or index.place_counts(topic or ""))
                                         for t in ([topic] if topic else index.topic_counts(p))
                                         for e in index.figures(p, t) if e.as_of})
            return no
        return answer

    def _no_data(self, q: Query, index: StoreIndex, places: list[str], topic: str | None,
                 why: Reason) -> Answer:
        """Nothing to answer with: say what was asked and what the store does have."""
        answer = Answer(kind="no_data", places=places, topic=topic,
                        reasons=[*self._query_reasons(q, places, topic), why])
        for place in places[:3]:
            counts = index.topic_counts(place)
            answer.suggestions += [TopicCount(place, t, n)
                                   for t, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))][:8]
        if places:
            answer.law_count = len(index.laws_of(_with_parents(places, index)))
        if topic:
            counts = index.place_counts(topic)
            answer.topic_places = [TopicCount(p, topic, n) for p, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
        words = mention_prefixes(q)
        asked = [] if words or not (topic and places) else self._topic_words_asked(q, index, places[:2])
        if words or asked:
            # words no topic knows ("вербуют в Караганде"), or a topic where the place has no figure
            # ("вербовка в Караганде"): reporting on it, as reading — never a figure
            any_of = [fold_term(kazakh_fold(primary_stem(w, q.language or "en")))[:PREFIX] for w in asked]
            answer.reports = index.reports_mentioning(words, places[:2], any_of=any_of)
            answer.reports_mention = (list(q.unknown_terms) or asked) if answer.reports else []
        return answer

    def _entries_by_own_words(self, q: Query, index: StoreIndex, topic: str | None
                              ) -> tuple[list[EstimateRecord], list[str]] | None:
        """The figures whose own text (note, source, estimator, tags) has the question's words that
        nothing else explained and that few entries have (an operation, a venue, a report's
        title): those with most of them, of the topic and places asked. None when there are none."""
        if not q.unknown_terms or q.intent in (Intent.LAWS, Intent.HELP):
            return None
        measure_words_asked = {w.lower() for s in measure_spans(q.text or "") for w in s.words.split()}
        names = _written_as_names(q.text or "")
        groups = _name_groups(q.text or "")
        total = sum(len(e) for e in index.estimates.values())
        matched: dict[str, set[int]] = {}  # entry -> the names (groups of words) it has
        words: list[str] = []
        for word in q.unknown_terms:
            folded = kazakh_fold(word.lower())
            if len(word) < 4 or word.lower() in measure_words_asked or folded not in names:
                continue  # only names: a common word rare in a small store ("ambassador") is no evidence
            if word_key(word) in index.estimator_keys:
                continue  # an estimator's or outlet's name: matched as who said it (estimators.py)
            found = index.entries_with_word(word_variants(word, q.language))
            if not 0 < len(found) <= max(3, total // 20):
                continue  # in no entry, or in too many to single any out
            words.append(word)
            group = next((i for i, g in enumerate(groups) if folded in g), -1)
            for est_id in found:
                matched.setdefault(est_id, set()).add(group)
        # a name of several words counts once ("Penal Reform International" is one name, "GSIN" another)
        hits = {est_id: len(names_of) for est_id, names_of in matched.items()}
        if not hits:
            return None
        wanted = {code for p in q.expanded_places for code in index.descendants(p)}
        candidates = [index.estimate_by_id[i] for i in hits]
        candidates = [e for e in self._filter(q, candidates) if not wanted or e.place in wanted]
        if topic is not None:
            # of the topic asked: a word of another topic's note is no evidence — unless the topic
            # was only a guess from context words ("дело о хавале на рынке Бекжан": a case)
            in_topic = [e for e in candidates if e.topic == topic]
            guessed = not (asked_measures(q) - CONTEXT) and not q.topics
            candidates = in_topic or (candidates if guessed else [])
        if not candidates:
            return None
        best = max(hits[e.id] for e in candidates)
        # all but one of the words: one note says "Crocus City Hall", another "Crocus"
        found = [e for e in candidates if hits[e.id] >= max(1, best - 1)]
        return found, sorted(words)

    @staticmethod
    def _offer_reading(answer: Answer, q: Query, index: StoreIndex, places: list[str], words: list[str]) -> None:
        """No figure: reports about the places that use these words of the question, as reading."""
        any_of = [p for w in words if len(p := fold_term(kazakh_fold(primary_stem(w, q.language or "en")))[:PREFIX]) >= 4]
        if any_of:
            answer.reports = index.reports_mentioning([], places, any_of=any_of)
            answer.reports_mention = list(words) if answer.reports else []

    def _laws(self, q: Query, index: StoreIndex) -> Answer:
        hits, candidates = rank_laws(q, index, limit=MAX_LAWS)
        reasons = self._query_reasons(q, q.places, None)
        if not hits:
            asked_something = bool(q.terms or q.entities or q.topics)
            narrowed = bool(q.places) and (q.year_from is not None or q.year_to is not None)
            if candidates and (narrowed and len(candidates) <= 3 or (not asked_something or not q.unknown_terms) and (
                    q.places or q.year_from is not None or q.year_to is not None or not asked_something)):
                # "is Kyrgyzstan's 2009 religion law still in force?": the place and the year name
                # the law, whatever words the rest of the question uses
                hits = candidates  # the laws of that place/year, newest first
                reasons.append(reason(N_("no term matched: all laws for the place/year, newest first")))
            else:
                answer = Answer(kind="no_data", places=list(q.places), topic=q.topics[0] if q.topics else None,
                                reasons=[*reasons, reason(N_("no law matched"))])
                own = [index.laws[i].law for i in index.laws_of(_with_parents(q.places, index))] if q.places else []
                # the place's laws; none there: every law the store has (what it does have)
                answer.law_titles = (own or [e.law for e in index.laws])[:8]
                answer.about_laws = True
                return answer
        else:
            reasons.append(reason(N_("ranked by matching terms (+1, prefix +0.5) and tags (+2)")))
        answer = Answer(kind="laws", places=list(q.places), laws=hits[:MAX_LAWS], reasons=reasons)
        for hit in answer.laws:
            why = [reason(N_("score {score}"), score=hit.score)]
            if hit.matched_terms:
                why.append(reason(N_("terms: {terms}"), terms=hit.matched_terms))
            if hit.matched_tags:
                why.append(reason(N_("tags: {tags}"), tags=hit.matched_tags))
            if hit.best_provision is not None:
                why.append(reason(N_("best provision: #{n}"), n=hit.best_provision + 1))
            answer.entry_reasons[f"law:{hit.law.id}"] = why
        return answer

    # --- helpers ---------------------------------------------------------------------
    def _query_reasons(self, q: Query, places: list[str], topic: str | None) -> list[Reason]:
        words = self._matched_words(q)
        out = [reason(N_("place {place} matched '{word}'"), place=place, word=words[place]) if place in words
               else reason(N_("place {place}"), place=place) for place in places]
        for group, members in q.place_members.items():
            out.append(reason(N_("group {group} = {members}"), group=group, members=members))
        if topic:
            score = q.topic_scores.get(topic)
            out.append(reason(N_("topic {topic} (score {score})"), topic=topic, score=score) if score is not None
                       else reason(N_("topic {topic}"), topic=topic))
        if q.year_from is not None or q.year_to is not None:
            out.append(reason(N_("years {start}–{end}"), start=q.year_from or "…", end=q.year_to or "…"))
        if q.entities:
            out.append(reason(N_("entities: {entities}"), entities=[
                f"{e} ('{words[e]}')" if e in words else e for e in q.entities]))
        return out

    def _matched_words(self, q: Query) -> dict[str, str]:
        """Place/entity key -> the words of the question that named it, for /why. Best effort:
        re-scans the question with the lexicon's name index; {} if that is not available."""
        try:
            from bot.understanding.text import tokenise

            text = (q.text or "")[:1000]
            tokens = tokenise(text)
            out: dict[str, str] = {}
            for m in self._index.lexicon.names.scan(tokens, set()):
                key = m.payload[1]
                if key not in out:
                    out[key] = text[tokens[m.start].start:tokens[m.end - 1].end]
            return out
        except (AttributeError, IndexError, TypeError):
            return {}

    @staticmethod
    def _attach_names(answer: Answer, index: StoreIndex) -> None:
        codes = set(answer.places) | {r.place for r in answer.rows} | {c.place for c in answer.overview if c.place}
        codes |= set(answer.within_places)
        codes |= {c.place for c in [*answer.suggestions, *answer.topic_places] if c.place}
        codes |= {e.place for e in [*answer.estimates, *answer.earlier]}
        codes |= {e.place for r in answer.rows for e in r.estimates}
        codes |= {h.law.jurisdiction for h in answer.laws} | {law.jurisdiction for law in answer.law_titles}
        answer.place_info = {c: index.places[c] for c in codes if c in index.places}
        keys = {answer.topic} | {c.topic for c in [*answer.overview, *answer.suggestions, *answer.topic_places]}
        answer.topic_info = {k: index.topics[k] for k in keys if k and k in index.topics}
        names = getattr(index.lexicon, "entity_names", None) or {}
        answer.entity_names = {k: names[k] for k in answer.missing_entities if k in names}
        for code in answer.missing_entities:  # a theatre ("... in Afghanistan") named by its place names
            if code not in answer.entity_names and code.isupper():
                record = index.places.get(code)
                answer.entity_names[code] = dict(record.name) if record else {
                    lang: babel_locale(lang).territories.get(code, code) for lang in CODES}


# "1,938" and "1 938" (no-break space) group thousands; "1,5" is a decimal
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:(?:,|\u00a0|\u202f)\d{3})+(?![.,]?\d)|\d+(?:[.,]\d+)?)(?![\w])")
_GROUPING = re.compile(r"[,\u00a0\u202f](?=\d{3}\b)")


def figures_in_text(q: Query) -> list[float]:
    """Numbers written in the question that are not its years: a figure being asked about."""
    years = {q.year_from, q.year_to}
    out: list[float] = []
    text = q.text or ""
    for match in _NUMBER.finditer(text):
        written = match.group(1)
        grouped = bool(re.fullmatch(r"\d{1,3}(?:[,\u00a0\u202f]\d{3})+", written))
        value = float(_GROUPING.sub("", written) if grouped else written.replace(",", "."))
        named = grouped or bool(FIGURE_WORD_BEFORE.search(text[max(0, match.start() - 20): match.start()])) \
            or bool(FIGURE_WORD_AFTER.match(text[match.end(): match.end() + 20]))
        if value.is_integer() and int(value) in years and not named:
            continue
        if value.is_integer() and 1900 <= value <= 2100 and not named:
            continue  # a year the parser did not take (e.g. "as of 2014"): not a figure
        out.append(value)
    # "две тысячи", "екі мың", "2k", "18 тыс.", "181 000": numbers as people write them
    out += [v for v in written_numbers(text) if v not in out and not (v.is_integer() and int(v) in years)]
    return out


_QUOTED = re.compile(r"[«\"“'‘„]([^»\"”'’“]{2,80})[»\"”'’“]")


def word_variants(word: str, lang: str | None) -> set[str]:
    """Every stem a question word may be indexed under in the store's text (any language)."""
    variants = {fold_term(stem) for code in dict.fromkeys([lang or "en", *CODES])
                for stem in normalise_terms(word, code)}
    return variants | {fold_term(kazakh_fold(word.lower()))}


def _name_groups(text: str) -> list[set[str]]:
    """The question's names as groups of folded words: runs of capitalised words, quoted phrases."""
    groups: list[set[str]] = []
    for quoted in _QUOTED.findall(text):
        groups.append({kazakh_fold(w.lower()) for w in re.findall(r"[^\W\d_]+", quoted)})
    run: list[str] = []
    for word in [*re.findall(r"[^\W\d_][\w'’-]*|[^\w\s]", text), "."]:
        if word[:1].isupper():
            run += [w for w in re.split(r"[-‐–'’]", word) if w]
        else:
            if run:
                groups.append({kazakh_fold(w.lower()) for w in run})
            run = []
    return groups


def _written_as_names(text: str) -> set[str]:
    """The question's words written as names: capitalised, or inside quotes (lower case)."""
    out = {w for w in re.findall(r"[^\W\d_][\w-]*", text) if w[0].isupper()}
    for quoted in _QUOTED.findall(text):
        out |= set(re.findall(r"[^\W\d_][\w-]*", quoted))
    out |= {part for w in out for part in re.split(r"[-‐–]", w) if part}  # "Cybershield-2022", "Ихсан-Жол"
    return {kazakh_fold(w.lower()) for w in out}


def places_outside_store(q: Query, index: StoreIndex) -> list:
    """Places the question names that the store does not have (bot.understanding.gazetteer: the
    regions and cities of the region), outside the words that named a store place or entity."""
    from bot.understanding.gazetteer import gazetteer
    from bot.understanding.text import tokenise

    text = (q.text or "")[:1000]
    tokens = tokenise(text)
    found = gazetteer().lookup(tokens)
    if not found:
        return []
    known = {i for m in index.lexicon.names.scan(tokens, set()) for i in range(m.start, m.end)}
    out, seen = [], set()
    for match in found:
        if known & set(range(match.start, match.end)):
            continue  # a store place (or an entity) took these words
        if any(index.entries_with_word(word_variants(w, q.language)) for w in re.findall(r"[^\W\d_]+", match.text)):
            continue  # the store's own entries name it ("the Vahdat colony riot"): evidence, not a gap
        place = gazetteer().get(match.code)
        if place is not None and place.code not in seen and place.code not in index.places:
            seen.add(place.code)
            out.append(place)
            q.place_words_outside.extend(w.lower() for w in re.findall(r"[^\W\d_]+", match.text))
    return out


@dataclass
class _Reading:
    """The question as the rules have read it so far: each rule may refine it for the next."""

    q: Query
    index: StoreIndex
    topic: str | None = None
    topic_from_words: bool = False  # the topic came from shared words, not the parser's match
    places: list[str] = field(default_factory=list)
    numbers: list[float] = field(default_factory=list)
    notes: list[Reason] = field(default_factory=list)  # reasons for /why, put before the answer's own


# The rules of Answerer._dispatch_known, in order: each answers, or refines the reading for the next.
RULES = (
    Answerer.rule_help,
    Answerer.rule_laws_asked,
    Answerer.rule_topic_from_words,
    Answerer.rule_law_only_words,
    Answerer.rule_measures,
    Answerer.rule_narrowing_group,
    Answerer.rule_entry_words,
    Answerer.rule_nothing_recognised,
    Answerer.rule_theatres,
    Answerer.rule_context_places,
    Answerer.rule_named_estimator,
    Answerer.rule_figures,
)

_CALENDAR = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday".split())
_SENTENCE_START = re.compile(r"(?:^|[.!?:;…«\"(\n—-]\s*)$")


def unmatched_names(q: Query, index: StoreIndex) -> list[str]:
    """Names the question gives (capitalised words inside a sentence, a name of several capitalised
    words anywhere, a word in capitals) that nothing explained: no place, topic, entity or cue took
    them, and no entry's own text, topic label or law has any of their words. Such a name says who
    or what is asked about ("Chechens", "Hamas"); figures found without it are about someone else."""
    text = (q.text or "")[:1000]
    unknown = {kazakh_fold(w.lower()) for w in q.unknown_terms}
    attributed = {w for name in attributed_names(text) for w in name.split()}
    groups: list[tuple[list[str], bool]] = []  # (words, starts a sentence)
    last_end = -2
    for m in re.finditer(r"[^\W\d_][\w'’-]*", text):
        word = m.group(0)
        if not word[0].isupper() or word.lower() in _CALENDAR or word in attributed:
            last_end = -2
            continue
        if groups and last_end >= 0 and text[last_end:m.start()].strip() == "":
            groups[-1][0].append(word)
        else:
            groups.append(([word], bool(_SENTENCE_START.search(text[:m.start()]))))
        last_end = m.end()
    missing = []
    for group, initial in groups:
        if initial and len(group) == 1 and not group[0].isupper():
            continue  # any word is capitalised at the start of a sentence
        words = [w for w in group if kazakh_fold(w.lower()) in unknown and len(w) >= 3]
        if len(words) < len(group) or not words:
            continue  # part of the name is a known place, entity or topic word
        stems = {v for w in words for v in word_variants(w, None)}
        if any(index.entries_with_word(word_variants(w, None)) for w in words) or any(
                s in terms for s in stems for terms in index.topic_terms.values()):
            continue
        if any(word_key(w) in index.estimator_keys for w in words) or institution_keys(" ".join(group)):
            continue  # an estimator or an outlet of the store, or an institution (any language)
        index.laws  # noqa: B018  (builds the law postings)
        if any(index.law_postings.get(s) for s in stems):
            continue
        missing.append(" ".join(group))
    return missing


def own_first(place: str, found: list[EstimateRecord]) -> tuple[list[EstimateRecord], bool]:
    """A place's own figures, when it has any: a city's figure is not its country's ("21 in
    Almaty" is no figure for Kazakhstan). Else the figures of places within it, flagged (True)
    so the reply says whose they are."""
    own = [e for e in found if e.place == place]
    if own or not found:
        return own, False
    return found, True


def _month_of(est: EstimateRecord) -> int | None:
    """The month of a figure's date (as_of), when it has one."""
    parts = (est.as_of or "").split("-")
    return int(parts[1]) if len(parts) >= 2 and parts[1].isdigit() else None


def _date_of(est: EstimateRecord) -> str:
    return est.as_of or (est.source.date if est.source and est.source.date else "")


def _newest_date(estimates: list[EstimateRecord]) -> str:
    """The as_of of the newest figure (the list is newest first)."""
    return _date_of(estimates[0]) if estimates else ""


def _rank_value(est: EstimateRecord) -> float:
    """One number to rank a figure by: the value, else the middle of a range, else its bound."""
    if est.value is not None:
        return float(est.value)
    if est.low is not None and est.high is not None:
        return (float(est.low) + float(est.high)) / 2
    return float(est.low if est.low is not None else est.high if est.high is not None else 0)


def _figure_numbers(est: EstimateRecord) -> set[float]:
    return {float(v) for v in (est.value, est.low, est.high) if v is not None}


def _in_years(year: int | None, q: Query) -> bool:
    return year is not None and (q.year_from is None or year >= q.year_from) and (
        q.year_to is None or year <= q.year_to)


def mention_prefixes(q: Query) -> list[str]:
    """The question's unknown words as folded stem prefixes (first PREFIX letters; 4 at least)
    for finding them in reports: "вербуют" -> "верб" finds "вербовка", "recruiters" -> "recru"."""
    out = []
    for word in q.unknown_terms:
        stem = fold_term(kazakh_fold(primary_stem(word, q.language or "en")))
        if len(stem) >= 4:
            out.append(stem[:PREFIX])
    return out


def place_tag_forms(code: str, index: StoreIndex) -> set[str]:
    """How a place may appear among tags: 'SY' -> {'sy', 'syria'}."""
    forms = {code.lower()}
    names = [babel_locale("en").territories.get(code)] if len(code) == 2 else []
    if code in index.places:
        names += list(index.places[code].name.values())
    for name in names:
        if name:
            forms.add(name.lower().replace(" ", "-"))
    return forms


def _has_ancestor_in(code: str, codes, index: StoreIndex) -> bool:
    parent = index.places[code].within if code in index.places else None
    while parent:
        if parent in codes:
            return True
        parent = index.places[parent].within if parent in index.places else None
    return False


def _with_parents(places: list[str], index: StoreIndex) -> set[str]:
    out: set[str] = set()
    for code in places:
        while code and code not in out:
            out.add(code)
            code = index.places[code].within if code in index.places else None
    return out


def _echo_as_written(answer: Answer, q: Query) -> None:
    """The question's words the reply quotes, spelt as the person wrote them (surface.py):
    display only, after every decision is taken."""
    texts = (q.text, q.follow_up_of)
    answer.unknown_terms = as_written(answer.unknown_terms, *texts)
    answer.missing_names = as_written(answer.missing_names, *texts)
    answer.missing_measure = as_written(answer.missing_measure, *texts)
    answer.reports_mention = as_written(answer.reports_mention, *texts)
    answer.missing_entities = [e if e in answer.entity_names else as_written([e], *texts)[0]
                               for e in answer.missing_entities]
