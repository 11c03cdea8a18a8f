"""Who a question says the figure should come from: "according to the KNB", "по данным ООН",
"ҰҚК деректері бойынша", "what does HRW say". A name, not a description: "according to the
different officials" or "по официальным данным" names nobody (lower-case words are passed over).

The answerer checks the figures it shows against the name (bot.answering.verify): those of that
estimator or outlet, or "no figure from the KNB" above what the store has.
"""

from __future__ import annotations

import re
from functools import lru_cache

_NAME_WORD = r"(?:[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w'’.&-]*)"
_NAME = rf"(?P<name>{_NAME_WORD}(?:\s+(?:of\s+|for\s+|on\s+|and\s+|по\s+|и\s+)?{_NAME_WORD}){{0,4}})"
_AFTER_CUES = (
    # en
    r"according\s+to", r"as\s+per", r"per", r"by\s+the\s+count\s+of", r"in\s+the\s+words\s+of",
    r"what\s+(?:does|do|did)", r"figures?\s+(?:from|of|by)", r"estimates?\s+(?:from|of|by)", r"data\s+(?:from|of)",
    # ru
    r"по\s+данным", r"по\s+оценке", r"по\s+оценкам", r"по\s+словам", r"по\s+сведениям", r"по\s+подсчётам",
    r"по\s+подсчетам", r"по\s+информации", r"согласно", r"что\s+(?:говорит|сообщает|пишет)", r"со\s+слов",
    r"данные", r"оценка", r"оценки",
)
_AFTER = re.compile(rf"(?<!\w)(?i:{'|'.join(_AFTER_CUES)})\s+(?i:the\s+)?{_NAME}")
# Kazakh puts the name first: "ҰҚК деректері бойынша", "БҰҰ мәліметінше", "ІІМ-нің айтуынша"
_BEFORE = re.compile(
    rf"{_NAME}(?:-?[а-яәғқңөұүһі]{{0,4}})?\s+(?:деректері|деректеріне|мәліметі|мәліметтері|мәліметінше|бағалауы|"
    rf"бағалауынша|айтуынша|хабарлауынша|деректерi|derekteri|malimeti|malimetinshe)\b", re.IGNORECASE)
_SAYS = re.compile(rf"{_NAME}\s+(?i:says|said|estimates|estimated|reports|reported|counts|counted|говорит|сообщает|"
                   rf"считает|оценивает|дейді|айтады)\b")
# a word each pattern needs, looked for first (plain substring tests are cheap)
_AFTER_TRIGGERS = ("according", "per ", "count of", "words of", "what do", "what did", "figure", "estimate", "data ",
                   "по данным", "по оцен", "по слов", "по сведен", "по подсч", "по информ", "согласно", "что говор",
                   "что сообщ", "что пиш", "со слов", "данные", "оценк")
_BEFORE_TRIGGERS = ("дерект", "мәлімет", "бағалау", "айтуынша", "хабарлауынша", "derekt", "malimet")
_SAYS_TRIGGERS = ("say", "said", "estimat", "report", "count", "говорит", "сообщает", "считает", "оценивает",
                  "дейді", "айтады")
# words that start a sentence or a name-like span but name nobody
_NOT_NAMES = frozenset({
    "the", "a", "an", "this", "that", "these", "those", "official", "officials", "latest", "recent", "different",
    "various", "other", "all", "some", "most", "who", "what", "which", "how", "i", "we", "you", "they",
    "официальным", "официальные", "последним", "последние", "разным", "разные", "всем", "каким",
})


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
