"""The Lexicon: gazetteer (CLDR countries + built-in aliases + the store's places), topic
vocabulary, entities and cue phrases, indexed once so that parsing a question is cheap.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from babel import Locale
from rapidfuzz import fuzz, process
from ruamel.yaml import YAML

from bot.languages import CODES
from bot.store.records import LocalText, PlaceRecord, TopicRecord
from bot.understanding import cues as cue_data
from bot.understanding.stopwords import ALL_STOPWORDS
from bot.understanding.text import (
    MIN_NAME_STEM_KEY,
    MIN_STEM_KEY,
    Token,
    entry_keys,
    entry_wholes,
    is_cyrillic,
    is_stop,
    kk_latin,
)

LANGS = CODES
ALIASES_FILE = Path(__file__).resolve().parent / "data" / "aliases.yaml"
_WORD = re.compile(r"[^\W\d_]+|\d+")
# Babel "territories" that are not ISO 3166-1 countries.
_NOT_COUNTRIES = frozenset({"ZZ", "XA", "XB", "QO", "EZ", "UN"})
# ISO codes that are also common words in capitals ("IS" is the Islamic State, not Iceland).
_CODE_WORDS = frozenset({
    "AD", "AI", "AM", "AS", "AT", "BE", "BY", "CV", "DO", "FM", "GO", "HE", "ID", "IE", "IF", "IN", "IS",
    "IT", "ME", "MY", "NO", "OF", "ON", "OR", "PM", "SO", "TO", "TV", "UP", "WE", "RE", "CC", "PS", "SH",
    "IM",  # ИМ, "Ислам мемлекеті", typed in Latin — not the Isle of Man
    "CA",  # Central Asia in analysts' shorthand (aliases.yaml), not Canada
    "MP",  # a member of parliament, not the Northern Mariana Islands
    "AQ",  # al-Qaeda (aliases.yaml), not Antarctica
    "HT",  # Hizb ut-Tahrir (aliases.yaml), not Haiti
    "TF",  # terrorist financing, not the French Southern Territories
    "FT", "CT", "PR", "HR",  # financing of terrorism, counter-terrorism, PR, HR...
})
FUZZY_MIN_LENGTH = 6  # shorter words never match by similarity
FUZZY_CUTOFF = 84.0  # rapidfuzz ratio (0..100) a typo must reach
FUZZY_MARGIN = 6.0  # ...and beat the best different place by this much


@dataclass(frozen=True)
class Phrase:
    """A name (or cue) as a sequence of key sets; `payload` says what it stands for."""

    keys: tuple[frozenset[str], ...]
    payload: tuple[str, str]  # (kind, key): ("place", "KZ"), ("entity", "knb"), ("topic", ...), ("cue", ...)
    wholes: tuple[frozenset[str], ...]  # whole (unstemmed) forms of each word


@dataclass
class Match:
    start: int  # token index
    end: int  # exclusive
    payload: tuple[str, str]
    exact: int = 0  # how many words matched in a whole form (not only by stem): a better match


def _local(text: LocalText | str | None) -> dict[str, str]:
    if not text:
        return {}
    if isinstance(text, str):
        return {"": text}
    return {k: v for k, v in text.items() if v}


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _is_short_code(word: str) -> bool:
    return word.isupper() and len(word) <= 3


_MAX_CACHED_WORDS = 50_000  # per index; the cache starts afresh when it is full


@dataclass(frozen=True)
class _Starts:
    """The phrases one word can start: one-word phrases it matches, in candidates() order, as
    (payload, exact), and longer phrases whose first word it is, as (phrase, exact so far)."""

    singles: tuple[tuple[tuple[str, str], int], ...]
    longer: tuple[tuple[Phrase, int], ...]


class PhraseIndex:
    """Phrases indexed by the keys of their first word; matched greedily, longest first."""

    def __init__(self, min_stem: int = MIN_STEM_KEY) -> None:
        self.min_stem = min_stem  # a stem shorter than this matches only as a whole word
        self._by_key: dict[str, list[Phrase]] = defaultdict(list)
        self._exact_upper: dict[str, list[Phrase]] = defaultdict(list)  # "KZ", "IS": capitals only
        self.vocabulary: set[str] = set()  # every key of every word
        # What each word can start, worked out on first sight: every question scans its words
        # against this index two or three times, and analysts' vocabulary repeats.
        self._starts: dict[tuple[str, frozenset[str]], _Starts] = {}

    def add(self, text: str, lang: str | None, payload: tuple[str, str], *, allow_stop_single: bool = False) -> None:
        self._starts.clear()
        words = _words(text)
        if not words:
            return
        if len(words) == 1 and _is_short_code(words[0]):
            low = words[0].lower()
            # two-letter Latin codes and codes that spell a common word match only in capitals
            if (len(low) <= 2 and not is_cyrillic(low)) or low in ALL_STOPWORDS:
                self.add_exact_upper(words[0], payload)
                return
        if len(words) == 1 and not allow_stop_single and _folded_stop(words[0]):
            return  # a single stopword is never a name ("the", "и")
        keys = tuple(entry_keys(w, lang or None) for w in words)
        phrase = Phrase(keys, payload, tuple(entry_wholes(w, lang or None) for w in words))
        for key in keys[0]:
            self._by_key[key].append(phrase)
        for ks in keys:
            self.vocabulary |= ks

    def add_exact_upper(self, code: str, payload: tuple[str, str]) -> None:
        self._starts.clear()
        key = frozenset({code.lower()})
        self._exact_upper[code].append(Phrase((key,), payload, (key,)))

    def _fits(self, phrase: Phrase, tokens: list[Token], i: int) -> int | None:
        """None if the phrase does not start at token i, else how many words matched whole."""
        n = len(phrase.keys)
        if i + n > len(tokens):
            return None
        exact = 0
        for j, keys in enumerate(phrase.keys):
            tok = tokens[i + j]
            common = keys & tok.keys
            if not common:
                return None
            whole = _whole(tok, phrase.wholes[j])
            exact += whole
            if n == 1:
                # a lone stopword or a short stem matches only as a whole word
                # ("мал" from Мали never matches "мало", "қай" never matches "қайдан")
                if (tok.is_stopword or not any(len(k) >= self.min_stem for k in common)) and not whole:
                    return None
        return exact

    def _starts_of(self, tok: Token) -> _Starts:
        """The phrases that may start at this word, looked up once per distinct word."""
        cache_key = (tok.text, tok.keys)
        starts = self._starts.get(cache_key)
        if starts is not None:
            return starts
        singles: list[tuple[tuple[str, str], int]] = [(p.payload, 0) for p in self._exact_upper.get(tok.text, ())]
        longer: list[tuple[Phrase, int]] = []
        if not tok.is_number:
            seen: set[int] = set()
            for key in tok.keys:
                for phrase in self._by_key.get(key, ()):
                    if id(phrase) in seen:
                        continue
                    seen.add(id(phrase))
                    if len(phrase.keys) == 1:
                        exact = self._fits(phrase, [tok], 0)
                        if exact is not None:
                            singles.append((phrase.payload, exact))
                    else:
                        # the first word matches (it was found by one of its keys); the rest
                        # depends on the words that follow, checked per question
                        longer.append((phrase, int(_whole(tok, phrase.wholes[0]))))
        singles.sort(key=lambda s: s[1], reverse=True)  # stable: whole-word readings first
        if len(self._starts) >= _MAX_CACHED_WORDS:
            self._starts.clear()
        starts = self._starts[cache_key] = _Starts(tuple(singles), tuple(longer))
        return starts

    def candidates(self, tokens: list[Token], i: int) -> list[Match]:
        """All phrases that start at token i, longest first (then whole-word matches first)."""
        return self._candidates(self._starts_of(tokens[i]), tokens, i)

    def _candidates(self, starts: _Starts, tokens: list[Token], i: int) -> list[Match]:
        if not starts.longer:  # most words start no longer phrase: nothing to check or sort
            return [Match(i, i + 1, payload, exact) for payload, exact in starts.singles]
        out: list[Match] = []
        for phrase, exact in starts.longer:
            n = len(phrase.keys)
            if i + n > len(tokens):
                continue
            for j in range(1, n):
                tok = tokens[i + j]
                if not phrase.keys[j] & tok.keys:
                    break
                exact += tok.folded in phrase.wholes[j]
            else:
                out.append(Match(i, i + n, phrase.payload, exact))
        out.sort(key=lambda m: (m.end - m.start, m.exact), reverse=True)
        out.extend(Match(i, i + 1, payload, exact) for payload, exact in starts.singles)
        return out

    def scan(self, tokens: list[Token], taken: set[int] | None = None) -> list[Match]:
        """Non-overlapping matches, left to right, the longest at each position."""
        taken = taken if taken is not None else set()
        out: list[Match] = []
        i = 0
        while i < len(tokens):
            if i in taken:
                i += 1
                continue
            starts = self._starts_of(tokens[i])
            if not (starts.singles or starts.longer):  # most words start nothing
                i += 1
                continue
            found = self._candidates(starts, tokens, i)
            if taken:
                found = [m for m in found if not any(k in taken for k in range(m.start, m.end))]
            if found:
                best = found[0]
                # equally good readings are all kept (one cue phrase may serve two intents);
                # a whole-word reading beats a stemmed one (Turkmen is TM, not Turk+мен)
                for m in found:
                    if m.end == best.end and m.exact == best.exact and m.payload not in [o.payload for o in out]:
                        out.append(m)
                i = best.end
            else:
                i += 1
        return out


def _whole(tok: Token, wholes: frozenset[str]) -> bool:
    """A word in one of a name word's whole forms; Kazakh typed in Latin read as Cyrillic too
    ("Oshta" is "Ошта", a whole form of Ош)."""
    if tok.folded in wholes:
        return True
    # only for a capitalised word of four letters or more: a name ("can" must not read as "сан")
    return (len(tok.text) >= 4 and tok.text[0].isupper() and not tok.text.isupper() and not is_cyrillic(tok.text)
            and kk_latin(tok.text) in wholes)


def _folded_stop(word: str) -> bool:
    return is_stop(word)


@lru_cache(maxsize=1)
def _builtin() -> dict:
    with ALIASES_FILE.open(encoding="utf-8") as f:
        return YAML(typ="safe").load(f) or {}


@lru_cache(maxsize=1)
def _glossary() -> tuple[dict[str, dict[str, frozenset[str]]], dict[str, tuple[int, ...]]]:
    """(the glossary's groups as {lang: keys of its words}, key of a word -> its groups)."""
    groups: list[dict[str, frozenset[str]]] = []
    by_key: dict[str, list[int]] = defaultdict(list)
    for n, group in enumerate(_builtin().get("glossary", []) or []):
        keys = {lang: frozenset(k for w in words or () for k in entry_keys(w, lang)) for lang, words in group.items()}
        groups.append(keys)
        for lang, words in group.items():
            for word in words or ():
                for key in entry_wholes(word, lang) | {k for k in entry_keys(word, lang) if len(k) >= MIN_STEM_KEY}:
                    if n not in by_key[key]:
                        by_key[key].append(n)
    return {str(n): g for n, g in enumerate(groups)}, {k: tuple(v) for k, v in by_key.items()}


def _add_equivalents(shares: dict[str, float], labels: dict[str, str], synonyms: dict) -> None:
    """A glossary meaning that a topic's label or synonyms name in one language, and not in
    another, brings in that other language's words for it as label words, with the share of the
    word it translates: a topic labelled only "mosques closed" still hears "мешіт"; a topic that
    says it in all three languages is left as the curator wrote it."""
    groups, by_key = _glossary()
    texts = [(lang or "", text) for lang, text in labels.items()]
    texts += [(lang or "", s) for lang, items in synonyms.items() for s in items or ()]
    named: dict[int, set[str]] = defaultdict(set)  # group -> languages the topic names it in
    share_of: dict[int, float] = {}
    for lang, text in texts:
        content = [w for w in _words(text) if not w.isdigit() and not _folded_stop(w)]
        for word in content:
            for n in {n for k in entry_keys(word, lang or None) for n in by_key.get(k, ())}:
                named[n].add(lang)
                share_of[n] = max(share_of.get(n, 0.0), 1.0 / len(content))
    for n, langs in named.items():
        for lang, keys in groups[str(n)].items():
            if lang in langs:
                continue
            for key in keys:
                shares[key] = max(shares.get(key, 0.0), share_of[n])


@lru_cache(maxsize=1)
def cue_index() -> PhraseIndex:
    """The cue phrases of every intent, built once per process."""
    index = PhraseIndex()
    for cue, by_lang in cue_data.CUES.items():
        for lang, phrases in by_lang.items():
            for phrase in phrases:
                index.add(phrase, lang, ("cue", str(cue)), allow_stop_single=True)
    return index


@dataclass
class Lexicon:
    """Everything parse() needs to know, indexed. Build with Lexicon.build(places, topics)."""

    place_names: dict[str, dict[str, str]] = field(default_factory=dict)  # code -> {lang: name}
    place_members: dict[str, tuple[str, ...]] = field(default_factory=dict)  # group -> members
    place_within: dict[str, str] = field(default_factory=dict)  # subdivision -> parent
    topic_labels: dict[str, dict[str, str]] = field(default_factory=dict)  # topic -> {lang: label}
    entity_names: dict[str, dict[str, str]] = field(default_factory=dict)  # entity -> {lang: name}
    names: PhraseIndex = field(default_factory=lambda: PhraseIndex(MIN_NAME_STEM_KEY))  # places, entities
    topics: PhraseIndex = field(default_factory=PhraseIndex)
    label_words: dict[str, list[tuple[str, float]]] = field(default_factory=dict)  # key -> [(topic, weight)]
    known: set[str] = field(default_factory=set)  # keys of words that mean something known
    fuzzy_latin: list[str] = field(default_factory=list)
    fuzzy_latin_codes: list[str] = field(default_factory=list)
    fuzzy_cyrillic: list[str] = field(default_factory=list)
    fuzzy_cyrillic_codes: list[str] = field(default_factory=list)
    # (cyrillic?, word length) -> the fuzzy choices a word of that length could match, see _fuzzy_choices
    _fuzzy_by_length: dict[tuple[bool, int], tuple[list[str], list[str]]] = field(
        default_factory=dict, repr=False, compare=False)
    # (word, keys) -> label_hits(): topic scoring reads every word of every question
    _label_hits: dict[tuple[str, frozenset[str]], tuple[tuple[str, float], ...]] = field(
        default_factory=dict, repr=False, compare=False)
    # folded word -> fuzzy_place's verdict: the same unknown word tends to come back
    _fuzzy_seen: dict[str, str | None] = field(default_factory=dict, repr=False, compare=False)

    # --- building -----------------------------------------------------------------------

    @classmethod
    def build(cls, places: Iterable[PlaceRecord] = (), topics: Iterable[TopicRecord] = (),
              vocabulary: Iterable[str] = ()) -> Lexicon:
        """CLDR countries (en, ru, kk) + built-in aliases/groups/entities + the store's places and
        topics. `vocabulary`: optional store texts (law titles, provisions...) whose words count
        as known, so that they are not reported as unknown_terms."""
        lex = cls()
        lex._add_countries()
        data = _builtin()
        for raw in data.get("places", []):
            lex._add_place(PlaceRecord(
                code=raw["code"], name=raw.get("name") or {}, aliases=raw.get("aliases") or {},
                within=raw.get("within"), includes=tuple(raw.get("includes") or ()),
            ))
        for raw in data.get("entities", []):
            lex._add_entity(raw["key"], raw.get("names") or {})
        for place in places:
            lex._add_place(place)
        lex._add_topics(list(topics))
        lex.known |= lex.names.vocabulary | lex.topics.vocabulary | cue_index().vocabulary
        for text in vocabulary:
            for word in _words(text):
                lex.known |= entry_keys(word, None)
        lex._build_fuzzy()
        return lex

    def _add_countries(self) -> None:
        for lang in LANGS:
            for code, name in Locale.parse(lang).territories.items():
                if len(code) != 2 or not code.isalpha() or code in _NOT_COUNTRIES:
                    continue
                self.place_names.setdefault(code, {})[lang] = name
                self.names.add(name, lang, ("place", code))
                bare = re.sub(r"\s*\(.*?\)\s*", " ", name).strip()
                if bare != name:
                    self.names.add(bare, lang, ("place", code))
        for code in self.place_names:
            if code not in _CODE_WORDS:
                self.names.add_exact_upper(code, ("place", code))

    def _add_place(self, place: PlaceRecord) -> None:
        code = place.code
        names = self.place_names.setdefault(code, {})
        for lang, text in _local(place.name).items():
            if lang:
                names.setdefault(lang, text)
            else:
                names.setdefault("en", text)
            self.names.add(text, lang or None, ("place", code))
        for lang, aliases in (place.aliases or {}).items():
            for alias in aliases or ():
                self.names.add(alias, lang or None, ("place", code))
        if place.within:
            self.place_within[code] = place.within
        if place.includes:
            self.place_members[code] = tuple(place.includes)
        if not (len(code) == 2 and code.isupper()):
            # the store's own codes, typed as they are ("KZ-KAR" is two tokens, so whole codes only)
            if code.isupper() and "-" not in code and len(code) <= 3:
                self.names.add_exact_upper(code, ("place", code))

    def _add_entity(self, key: str, names: dict[str, list[str]]) -> None:
        shown = self.entity_names.setdefault(key, {})
        for lang, items in names.items():
            for i, name in enumerate(items or ()):
                if i == 0 or lang not in shown:
                    shown.setdefault(lang, name)
                self.names.add(name, lang, ("entity", key))

    def _add_topics(self, topics: list[TopicRecord]) -> None:
        # label words: each worth its share of its label (1/n of an n-word label), divided among
        # the topics whose labels share it, so one word of a long label never decides alone
        label_words: dict[str, dict[str, float]] = {}  # topic -> key -> share of label
        for topic in topics:
            labels = _local(topic.label)
            self.topic_labels[topic.key] = {k or "en": v for k, v in labels.items()}
            self.topics.add(topic.key.replace("-", " "), "en", ("topic", topic.key))
            shares: dict[str, float] = {}
            for lang, text in labels.items():
                self.topics.add(text, lang or None, ("topic", topic.key))
                content = [w for w in _words(text) if not w.isdigit() and not _folded_stop(w)]
                for word in content:
                    for key in entry_keys(word, lang or None):
                        shares[key] = max(shares.get(key, 0.0), 1.0 / len(content))
            for lang, synonyms in (topic.synonyms or {}).items():
                for synonym in synonyms or ():
                    self.topics.add(synonym, lang or None, ("topic", topic.key))
            _add_equivalents(shares, labels, topic.synonyms or {})
            label_words[topic.key] = shares
        df: dict[str, int] = defaultdict(int)
        for shares in label_words.values():
            for key in shares:
                df[key] += 1
        words: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for topic_key, shares in label_words.items():
            for key, share in shares.items():
                words[key].append((topic_key, share / df[key]))
        self.label_words = dict(words)
        self.topics.vocabulary |= set(words)

    def _build_fuzzy(self) -> None:
        latin: dict[str, set[str]] = defaultdict(set)
        cyrillic: dict[str, set[str]] = defaultdict(set)
        for key, phrases in self.names._by_key.items():
            if len(key) < FUZZY_MIN_LENGTH:
                continue
            for phrase in phrases:
                if len(phrase.keys) == 1 and phrase.payload[0] == "place" and key in phrase.wholes[0]:
                    (cyrillic if is_cyrillic(key) else latin)[key].add(phrase.payload[1])
        for table, keys_out, codes_out in ((latin, self.fuzzy_latin, self.fuzzy_latin_codes),
                                           (cyrillic, self.fuzzy_cyrillic, self.fuzzy_cyrillic_codes)):
            for key, codes in table.items():
                if len(codes) == 1:
                    keys_out.append(key)
                    codes_out.append(next(iter(codes)))

    # --- look-ups -----------------------------------------------------------------------

    def _fuzzy_choices(self, cyrillic: bool, length: int) -> tuple[list[str], list[str]]:
        """The fuzzy choices (and their codes) that could reach the cutoff against a word of
        `length` letters: fuzz.ratio is at most 100·(1 − |Δlength| / Σlengths), so the rest can
        never score enough. Kept in the full list's order, so rapidfuzz ranks (and breaks ties)
        exactly as it would over the whole list; comparing against a few hundred names instead
        of thousands is what makes a misspelt word cheap."""
        key = (cyrillic, length)
        if key not in self._fuzzy_by_length:
            if cyrillic:
                all_choices, all_codes = self.fuzzy_cyrillic, self.fuzzy_cyrillic_codes
            else:
                all_choices, all_codes = self.fuzzy_latin, self.fuzzy_latin_codes
            floor = FUZZY_CUTOFF - FUZZY_MARGIN
            kept = [i for i, choice in enumerate(all_choices)
                    if 100.0 * (1 - abs(len(choice) - length) / (len(choice) + length)) >= floor - 1e-6]
            self._fuzzy_by_length[key] = ([all_choices[i] for i in kept], [all_codes[i] for i in kept])
        return self._fuzzy_by_length[key]

    def fuzzy_place(self, token: Token) -> str | None:
        """The place a misspelt word most probably names, or None when unsure."""
        word = token.folded
        if len(word) < FUZZY_MIN_LENGTH or token.is_stopword or token.is_number:
            return None
        if word not in self._fuzzy_seen:
            if len(self._fuzzy_seen) >= _MAX_CACHED_WORDS:
                self._fuzzy_seen.clear()
            self._fuzzy_seen[word] = self._closest_place(word)
        return self._fuzzy_seen[word]

    def _closest_place(self, word: str) -> str | None:
        """fuzzy_place for a folded word: the best place clearly ahead of any other, or None."""
        choices, codes = self._fuzzy_choices(is_cyrillic(word), len(word))
        if not choices:
            return None
        results = process.extract(word, choices, scorer=fuzz.ratio, limit=8,
                                  score_cutoff=FUZZY_CUTOFF - FUZZY_MARGIN)
        if not results:
            return None
        best_code: str | None = None
        best_score = 0.0
        runner_up = 0.0
        for choice, score, idx in results:
            if abs(len(choice) - len(word)) > 2:
                continue
            if choice[:4] != word[:4]:
                # a typo rarely hits the first four letters; a near-word there is another word
                # ("қайтарды", returned, is not "Катарды", Qatar; "соғыстан", from the war, is not
                # "Соғдытан", from Sughd)
                continue
            code = codes[idx]
            if best_code is None:
                best_code, best_score = code, score
            elif code != best_code:
                runner_up = max(runner_up, score)
        if best_code is None or best_score < FUZZY_CUTOFF or best_score - runner_up < FUZZY_MARGIN:
            return None
        return best_code

    def label_hits(self, token: Token) -> tuple[tuple[str, float], ...]:
        """(topic, weight) for each topic whose label has this word: the best weight among the
        word's keys (a short stem counts only as the whole word)."""
        cache_key = (token.text, token.keys)
        hits = self._label_hits.get(cache_key)
        if hits is None:
            best: dict[str, float] = {}
            for k in token.keys:
                if len(k) < MIN_STEM_KEY and k != token.folded:
                    continue
                for topic, weight in self.label_words.get(k, ()):
                    best[topic] = max(best.get(topic, 0.0), weight)
            if len(self._label_hits) >= _MAX_CACHED_WORDS:
                self._label_hits.clear()
            hits = self._label_hits[cache_key] = tuple(best.items())
        return hits

    def place_name(self, code: str, lang: str) -> str:
        """A place's name in `lang` (else en, ru, kk), or its code."""
        names = self.place_names.get(code, {})
        for candidate in (lang, *CODES):
            if names.get(candidate):
                return names[candidate]
        return code

    def topic_label(self, key: str, lang: str) -> str:
        labels = self.topic_labels.get(key, {})
        for candidate in (lang, *CODES):
            if labels.get(candidate):
                return labels[candidate]
        return key

    def members(self, code: str) -> tuple[str, ...]:
        return self.place_members.get(code, ())
