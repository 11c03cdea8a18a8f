"""The Query: what a question asks, as plain data. Produced by bot.understanding.parse."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Intent(StrEnum):
    FIGURE = "figure"  # "how many ... ?": figures for place(s) and topic
    COMPARE = "compare"  # across places, or a group of places ("Central Asia", "all five")
    TREND = "trend"  # how a figure changed over time
    LAWS = "laws"  # laws by jurisdiction / year / topic / what they do
    SOURCES = "sources"  # "who said that / where is it from"
    OVERVIEW = "overview"  # "what do you have on KZ?" or a bare place/topic
    HELP = "help"  # greetings, "what can you do"
    UNKNOWN = "unknown"  # nothing recognisable


@dataclass
class Query:
    text: str
    language: str | None  # detected from the text: "en" | "ru" | "kk" | None
    intent: Intent = Intent.UNKNOWN
    places: list[str] = field(default_factory=list)  # codes in order of mention (groups not expanded)
    place_members: dict[str, tuple[str, ...]] = field(default_factory=dict)  # group -> members
    topics: list[str] = field(default_factory=list)  # topic keys, best first
    topic_scores: dict[str, float] = field(default_factory=dict)
    year_from: int | None = None  # inclusive; "in 2014" -> 2014..2014, "since 2015" -> 2015..None
    year_to: int | None = None
    latest: bool = False  # "latest", "последние", "соңғы", "now"
    total: bool = False  # "total", "всего", "жалпы": asks for a sum (answering never invents one)
    most: bool = False  # "the most", "больше всего", "ең көп": a comparison sorted by value
    least: bool = False  # "the fewest", "меньше всего", "ең аз": sorted smallest first
    entities: list[str] = field(default_factory=list)  # normalised: "islamic-state", "knb", "al-nusra"
    terms: list[str] = field(default_factory=list)  # normalised content stems left after the above
    unknown_terms: list[str] = field(default_factory=list)  # content words that matched nothing known
    # places named as where something happens ("tajik militants IN Syria", "Украинада") while
    # another place is named as the origin; they stay in `places` too
    theatres: list[str] = field(default_factory=list)
    # set by bot.understanding.followup when this Query merges a short follow-up ("а киргизов?")
    # into the previous question: that question's text (for /why); None for a question on its own
    follow_up_of: str | None = None
    # words of places the store does not have (the gazetteer's), found while answering: not "unknown"
    place_words_outside: list[str] = field(default_factory=list)

    @property
    def expanded_places(self) -> list[str]:
        """Places with groups replaced by their members (order kept, no repeats)."""
        out: list[str] = []
        for code in self.places:
            for member in self.place_members.get(code, (code,)):
                if member not in out:
                    out.append(member)
        return out
