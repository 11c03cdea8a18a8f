"""Who a question says the figure should come from: "according to the KNB", "по данным ООН",
"ҰҚК деректері бойынша", "what does HRW say". A name, not a description: "according to the
different officials" or "по официальным данным" names nobody (lower-case words are passed over).

The answerer checks the figures it shows against the name (bot.answering.verify): those of that
estimator or outlet, or "no figure from the KNB" above what the store has.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.languages import LANGUAGES, any_of, words

# each language's words are in its module of bot/languages/ (AttributionWords)
_NAME_WORD = r"(?:[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w'’.&-]*)"
_JOINER = any_of(words("attribution.name_joiners"))
_NAME = rf"(?P<name>{_NAME_WORD}(?:\s+(?:{_JOINER}\s+)?{_NAME_WORD}){{0,4}})"
_ARTICLE = any_of(words("attribution.articles"))
_AFTER = re.compile(rf"(?<!\w)(?i:{any_of(words('attribution.cues_before_name'))})\s+(?i:{_ARTICLE}\s+)?{_NAME}")
_NAME_ENDING = any_of(tuple(lang.attribution.name_ending for lang in LANGUAGES if lang.attribution.name_ending))
_BEFORE = re.compile(rf"{_NAME}(?:{_NAME_ENDING})?\s+{any_of(words('attribution.cues_after_name'))}\b", re.IGNORECASE)
_SAYS = re.compile(rf"{_NAME}\s+(?i:{any_of(words('attribution.says'))})\b")
# a word each pattern needs, looked for first (plain substring tests are cheap)
_AFTER_TRIGGERS = words("attribution.before_triggers")
_BEFORE_TRIGGERS = words("attribution.after_triggers")
_SAYS_TRIGGERS = words("attribution.says_triggers")
# words that start a sentence or a name-like span but name nobody
_NOT_NAMES = frozenset(words("attribution.not_names"))


@lru_cache(maxsize=512)
def attributed_names(text: str) -> tuple[str, ...]:
    """The names the question attributes the figure to, as written ("KNB", "the UN" -> "UN")."""
    out: list[str] = []
    low = (text or "").lower()
    for pattern, triggers in ((_AFTER, _AFTER_TRIGGERS), (_BEFORE, _BEFORE_TRIGGERS), (_SAYS, _SAYS_TRIGGERS)):
        if not any(t in low for t in triggers):
            continue  # the patterns scan every position: only where one of their words is there
        for m in pattern.finditer(text or ""):
            name = m.group("name").strip(" .,'’")
            first = name.split()[0].lower() if name else ""
            if not name or first in _NOT_NAMES or len(name) < 2:
                continue
            if pattern is _SAYS and m.start() == 0 and len(name.split()) == 1 and not name.isupper():
                continue  # "Police say ...": a sentence's first word is capitalised anyway
            if name not in out:
                out.append(name)
    return tuple(out)
