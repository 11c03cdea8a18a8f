"""Follow-up questions in a chat: "а киргизов?", "and in 2015?", "ал өзбектер ше?" after a question.

`follow_up(previous, new)` decides whether the parsed `new` question only changes a slot of the
`previous` (effective) one, and if so returns the merged Query; otherwise None, and `new` is
answered on its own. `to_dict`/`from_dict` keep a Query between messages as a small JSON dict.

Decisions (a wrong merge shows a wrong figure, and a wrong figure is worse than no answer, so
anything unclear is NOT a follow-up):
  * A follow-up is short: at most MAX_CONTENT_WORDS content words (MAX_WORDS words in all), not
    counting the follow-up cue.
  * It either opens with a cue (ru "а", "и", "ещё", "тоже"; kk "ал", "және", or "ше" at the end;
    en "and", "what about", "how about", "also") — then a few known words may come with the slot
    ("а сколько погибло?") — or it holds nothing but slot fillers: a place ("Uzbekistan?"), a year
    ("в 2015 году?"), "latest", a topic, an intent word ("trend?", "laws?").
  * Never a follow-up: a full question (a place and a topic or an organisation), a greeting,
    words the store does not know ("а женщин?" would otherwise show everyone's figure), or a
    message that fills no slot. The previous question must have been about something (a place,
    a topic, an organisation, or laws).
  * Merging: places given replace the old ones (with their groups and theatres); a topic given
    replaces the old topic, and with it the organisations and words that came with it; years
    given replace the old ones; latest/most/least/total come from the new message when it says
    any of them or a year (then "latest" and the years do not mix: the newer word wins),
    otherwise they are kept. The intent is the new one when it is clear (figure, compare, trend,
    laws, sources), else the old one — adjusted for the places: several places or a group
    compare, one place after a comparison is a figure. "Which has the most?" after a question
    about one place compares every place.
  * The merged Query's `text` is the new text (the answerer reads estimators and narrowing words
    from it) and `follow_up_of` is the previous effective question's text, for /why.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from bot.languages import LANGUAGES
from bot.understanding.query import Intent, Query
from bot.understanding.text import folded_form, tokenise

MAX_WORDS = 8  # words in all (stopwords too), the cue left out
MAX_CONTENT_WORDS = 3  # non-stopwords, the cue left out: "а сколько погибло в 2015?" is still short
MAX_EXTRA_TERMS = 2  # known words beside the slot, allowed only after a cue

# cues that open a follow-up (any language: a Russian user may type "and"), as folded words; each
# language's are in its module of bot/languages/
_OPENING_CUES: tuple[tuple[str, ...], ...] = tuple(
    tuple(folded_form(w) for w in phrase.split())
    for lang in LANGUAGES for phrase in lang.cues.get("follow-up", ()))
# cues that close one: "ал өзбектер ше?", "Узбекистан тоже?", "Uzbekistan too?"
_CLOSING_CUES = frozenset(folded_form(w) for lang in LANGUAGES for w in lang.cues.get("follow-up-end", ()))
# the new question's own intent wins over the old one only when it is one of these
_CLEAR_INTENTS = frozenset({Intent.FIGURE, Intent.COMPARE, Intent.TREND, Intent.LAWS, Intent.SOURCES})
_ADJUSTABLE_INTENTS = frozenset({Intent.FIGURE, Intent.COMPARE, Intent.OVERVIEW})


def _by_first_word(phrases: tuple[tuple[str, ...], ...]) -> dict[str, list[tuple[str, ...]]]:
    """The phrases by their first word, each word's in their order: a message is checked only
    against the cues its first word can open."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        if phrase:
            out.setdefault(phrase[0], []).append(phrase)
    return out


_OPENING_CUES_BY_FIRST = _by_first_word(_OPENING_CUES)


def _words_after_cues(text: str) -> tuple[list[Any], bool]:
    """The words of `text` without a follow-up cue at its start or end, and whether there was one."""
    words = list(tokenise(text))
    folded = [t.folded for t in words]
    cue = False
    # longest first within a language: "а что" before "а"
    for phrase in _OPENING_CUES_BY_FIRST.get(folded[0], ()) if folded else ():
        if tuple(folded[: len(phrase)]) == phrase:
            words, folded, cue = words[len(phrase):], folded[len(phrase):], True
            break
    if words and folded[-1] in _CLOSING_CUES:
        words, cue = words[:-1], True
    return words, cue


def worth_remembering(q: Query) -> bool:
    """Whether `q` is about something a follow-up can build on (not a greeting, not gibberish)."""
    return bool(q.places or q.topics or q.entities or q.intent == Intent.LAWS) and q.intent != Intent.HELP


def _fills_a_slot(q: Query) -> bool:
    return bool(q.places or q.topics or q.entities or q.year_from is not None or q.year_to is not None
                or q.latest or q.most or q.least or q.total or q.intent in _CLEAR_INTENTS)


def may_be_follow_up(text: str) -> bool:
    """A cheap look before parsing: only a short message can be a follow-up."""
    words, _ = _words_after_cues(text)
    return 0 < len(words) <= MAX_WORDS


def is_follow_up(previous: Query | None, new: Query) -> bool:
    """Whether `new` only changes some slots of `previous` (see the module docstring)."""
    if previous is None or not worth_remembering(previous):
        return False
    return could_follow(new)


def could_follow(new: Query) -> bool:
    """Whether `new` is the kind of message that follows up on something (short, only slot
    fillers, no unknown words, not a full question): when not, no context need be read."""
    if new.intent == Intent.HELP or new.unknown_terms:
        return False
    if new.places and (new.topics or new.entities):
        return False  # a full question of its own
    words, cue = _words_after_cues(new.text)
    content = [w for w in words if not w.is_stopword]
    if not words or len(words) > MAX_WORDS or len(content) > MAX_CONTENT_WORDS:
        return False
    if new.terms and (not cue or len(new.terms) > MAX_EXTRA_TERMS):
        return False  # without a cue, only slot fillers; with one, a word or two more
    return _fills_a_slot(new)


def _single_place(places: list[str], members: dict[str, tuple[str, ...]]) -> bool:
    return len(places) == 1 and places[0] not in members


def merge(previous: Query, new: Query) -> Query:
    """`previous` with the slots `new` fills replaced (see the module docstring); a new Query."""
    merged = dataclasses.replace(
        previous,
        text=new.text,
        language=new.language or previous.language,
        places=list(previous.places), place_members=dict(previous.place_members),
        theatres=list(previous.theatres), topics=list(previous.topics), topic_scores=dict(previous.topic_scores),
        entities=list(previous.entities), terms=list(previous.terms), unknown_terms=list(previous.unknown_terms),
        follow_up_of=previous.text,
    )
    if new.places:
        merged.places, merged.place_members, merged.theatres = (list(new.places), dict(new.place_members),
                                                                 list(new.theatres))
    if new.topics:
        # the organisation and words belonged to the old topic ("за ИГ" is not about returnees)
        merged.topics, merged.topic_scores = list(new.topics), dict(new.topic_scores)
        merged.entities, merged.terms, merged.unknown_terms = list(new.entities), list(new.terms), []
    else:
        if new.entities:
            merged.entities = list(new.entities)
        merged.terms += [t for t in new.terms if t not in merged.terms]
    new_years = new.year_from is not None or new.year_to is not None
    if new_years or new.latest or new.most or new.least or new.total:
        merged.latest, merged.most, merged.least, merged.total = new.latest, new.most, new.least, new.total
        if new_years:
            merged.year_from, merged.year_to = new.year_from, new.year_to
        elif new.latest:
            merged.year_from = merged.year_to = None  # "what about the latest?" after "in 2015?"
    merged.intent = new.intent if new.intent in _CLEAR_INTENTS else previous.intent
    if merged.intent in _ADJUSTABLE_INTENTS:
        if (new.most or new.least) and not new.places and _single_place(merged.places, merged.place_members):
            merged.places, merged.place_members, merged.theatres = [], {}, []  # "which has the most": all
        several = len(set(merged.places) - set(merged.theatres)) >= 2 or bool(merged.place_members)
        if several or new.most or new.least:
            merged.intent = Intent.COMPARE
        elif merged.intent == Intent.COMPARE and merged.places:
            merged.intent = Intent.FIGURE  # "and Uzbekistan?" after a comparison: its figures
    return merged


def follow_up(previous: Query | None, new: Query) -> Query | None:
    """The merged Query when `new` is a follow-up of `previous`, else None."""
    return merge(previous, new) if previous is not None and is_follow_up(previous, new) else None


# --- keeping a Query between messages ------------------------------------------------------------

_FIELDS = {f.name: f for f in dataclasses.fields(Query)}


def to_dict(q: Query) -> dict[str, Any]:
    """A small JSON-ready dict of `q` (empty and default fields left out)."""
    out: dict[str, Any] = {}
    for name, f in _FIELDS.items():
        value = getattr(q, name)
        default = f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default
        if name != "text" and value == default:
            continue
        if name == "intent":
            value = str(value.value)
        elif name == "place_members":
            value = {k: list(v) for k, v in value.items()}
        elif isinstance(value, (list, dict)):
            value = type(value)(value)
        out[name] = value
    return out


def from_dict(data: Any) -> Query | None:
    """The Query `to_dict` gave, or None when `data` is not one (an older or damaged row):
    no context is better than a wrong one."""
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        return None
    try:
        q = Query(text=data["text"], language=data.get("language"))
        for name, value in data.items():
            if name in ("text", "language") or name not in _FIELDS:
                continue  # a field this version does not know
            if name == "intent":
                value = Intent(value)
            elif name == "place_members":
                value = {str(k): tuple(str(m) for m in v) for k, v in value.items()}
            elif name == "topic_scores":
                value = {str(k): float(v) for k, v in value.items()}
            elif name in ("places", "topics", "entities", "terms", "unknown_terms", "theatres"):
                value = [str(v) for v in value]
            elif name in ("latest", "total", "most", "least"):
                value = bool(value)
            elif name in ("year_from", "year_to"):
                value = None if value is None else int(value)
            setattr(q, name, value)
        return q
    except (TypeError, ValueError, AttributeError):
        return None
