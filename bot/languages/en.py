"""English: the language the message ids are written in."""

from bot.languages import AttributionWords, Language, YearWords

# words that carry no content (question words included); folded on load
_STOPWORDS = """
a an the of in on at to for from by with without about into onto over under between among through
during before after since until till per via vs and or nor but not no yes any all some each every
both either neither this that these those there here it its itself i me my mine we us our ours you
your yours he him his she her hers they them their theirs who whom whose which what when where why
how many much more most less least few several other others such same own so than then too very
just only also even still yet again ever never is are was were be been being am do does did doing
done have has had having can could would should will shall may might must let please tell show give
know get got find list s t d ll re ve m o up down out off as if else whether any anything something
thing things one ones year years people persons person data info information figure figures
""".split()
# month names: a date's month is not a content word (the year is read separately)
_MONTHS = """
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec
""".split()

# what a question asks (bot/understanding/cues.py names each cue): phrases matched on
# normalised keys, so inflected forms match too
_CUES = {
    "help": (
        "hi", "hello", "hey", "help", "start", "what can you do", "how do i use", "how to use",
        "what do you do", "who are you", "good morning", "good afternoon", "thanks", "thank you",
    ),
    "sources": (
        "who said", "who says", "who estimated", "who estimates", "whose estimate", "whose figure",
        "whose figures", "source", "sources", "according to whom", "where is it from",
        "where does it come from", "where did it come from", "where is this from", "where from",
        "cite", "citation", "citations", "who reported", "who claims", "who gave", "reference",
        "who published", "who provided", "who came up with",
    ),
    "trend": (
        "change", "changed", "changes", "changing", "over time", "trend", "trends", "dynamics",
        "grew", "grow", "grown", "growth", "increase", "increased", "decrease", "decreased",
        "decline", "declined", "fell", "fall", "fallen", "drop", "dropped", "rise", "risen",
        "rose", "evolve", "evolved", "over the years", "year by year", "history of",
    ),
    "compare": (
        "compare", "compared", "comparison", "versus", "vs", "which country", "which countries",
        "what country", "which republic", "rank", "ranking", "by country", "per country",
        "each country", "the most", "more than in", "difference between",
    ),
    "laws": (
        "law", "laws", "legislation", "legislative", "bill", "bills", "amendment", "amendments",
        "amend", "statute", "decree",
    ),
    "law-part": (
        "provision", "provisions", "code", "criminal code", "legal", "regulation", "regulations",
        "article", "articles",
    ),
    "law_act": (
        "adopt", "adopted", "adopts", "pass", "passed", "enact", "enacted", "sign", "signed",
        "signs", "ban", "bans", "banned", "prohibit", "prohibits", "prohibited", "measure",
        "measures",
    ),
    "figure": (
        "how many", "how much", "number", "numbers", "count", "share", "percent", "percentage",
        "proportion", "estimate", "estimates", "estimated", "how large", "how big", "total",
        "figure", "figures", "statistics", "stats", "rate",
    ),
    "overview": (
        "what do you have", "what have you got", "what do you know", "tell me about",
        "anything on", "anything about", "overview", "summary", "everything on",
        "everything about", "info on", "what is known", "what about",
    ),
    "total": (
        "total", "in total", "altogether", "combined", "sum", "overall", "all together",
    ),
    "most": (
        "the most", "most", "largest", "the largest", "biggest", "highest", "the highest", "top",
    ),
    "least": (
        "the least", "least", "fewest", "the fewest", "smallest", "the smallest", "lowest",
        "the lowest",
    ),
    "latest": (
        "latest", "newest", "most recent", "recent", "now", "currently", "current", "today",
        "up to date", "at present", "nowadays",
    ),
    "last_year": (
        "last year", "previous year", "past year",
    ),
    "this_year": (
        "this year", "current year", "so far this year",
    ),
    "follow-up": ("what about", "how about", "and", "also"),  # longest first
    "follow-up-end": ("too", "also"),
}

LANGUAGE = Language(
    code="en",
    name="English",
    order=0,
    stopwords=tuple(_STOPWORDS + _MONTHS),
    conjunctions=("and", "or"),
    locatives=("in", "inside", "within"),
    modals=("can", "could", "may", "is it allowed"),
    counting=("how many", "how much", "number of"),
    name_links=("of", "the", "for", "and", "on"),
    cues=_CUES,
    # numbers written in words (bot/understanding/numbers.py): "two thousand", "две тысячи"
    number_words={
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
        "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
        "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
        "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
        "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a": None,
    },
    number_multipliers={
        "thousand": 1000, "thousands": 1000, "k": 1000, "million": 1000000, "millions": 1000000,
        "m": 1000000,
    },
    hundreds=("hundred",),
    number_joiners=("and",),
    digit_multipliers={"k": 1000, "thousand": 1000, "million": 1000000},
    years=YearWords(
        after=("years?",),
        range_joiners=("to", "till", "until", "through", "thru"),
        since_before=("since", "starting", "starting in"),
        since_after=("since", "onwards", "onward", "and later", "and after"),
        later_before=("after",),
        until_before=("until", "till", "up to", "by"),
        until_after=("and earlier", "and before"),
        earlier_before=("before", "prior to"),
        counted=("percent", "per cent", "people", "persons", "individuals", "fighters", "militants",
                 "jihadists", "members", "men", "women", "children", "citizens", "nationals",
                 "foreigners", "recruits", "troops", "cases", "years old", "year-old"),
        approximately=("more than", "less than", "fewer than", "over", "about", "around",
                       "approximately", "nearly", "almost", "some"),
        asking_before=(r"(?:what|how)\s+about",),  # "what about 2023?" asks a year
        # "the 2014 figure" is a year's figure, so no figure_after
        figure_before=("figure", "number"),
    ),
    attribution=AttributionWords(
        cues_before_name=(r"according\s+to", r"as\s+per", r"per", r"by\s+the\s+count\s+of", r"in\s+the\s+words\s+of",
                          r"what\s+(?:does|do|did)", r"figures?\s+(?:from|of|by)", r"estimates?\s+(?:from|of|by)",
                          r"data\s+(?:from|of)"),
        before_triggers=("according", "per ", "count of", "words of", "what do", "what did", "figure", "estimate",
                         "data "),
        articles=("the",),
        says=("says", "said", "estimates", "estimated", "reports", "reported", "counts", "counted"),
        says_triggers=("say", "said", "estimat", "report", "count"),
        name_joiners=("of", "for", "on", "and"),
        not_names=("the", "a", "an", "this", "that", "these", "those", "official", "officials", "latest", "recent",
                   "different", "various", "other", "all", "some", "most", "who", "what", "which", "how", "i",
                   "we", "you", "they"),
    ),
    months=(("jan",), ("feb",), ("mar",), ("apr",), ("may",), ("jun",), ("jul",), ("aug",), ("sep",),
            ("oct",), ("nov",), ("dec",)),
    stemmer="english",
    status_names={
        "draft": ("draft", "bill"),
        "adopted": ("adopted", "passed"),
        "signed": ("signed",),
        "in-force": ("in-force", "in force", "in_force"),
        "repealed": ("repealed",),
    },
    law_words={
        "repealed": ("repealed", "repeal", "revoked", "abolished", "no longer in force"),
        "draft": ("draft", "bill"),
        "in-force": ("in force", "currently valid"),
        "current": ("current", "currently", "now", "today", "nowadays", "present", "latest", "newest"),
        "previous": ("previous", "former", "old", "earlier", "predecessor", "replaced", "before"),
    },
    not_places=("Fergana Valley", "Ferghana Valley", "Caspian Sea", "Aral Sea", "Lake Balkhash",
                "Ural Mountains", "Ural River", "Bukhari", "al-Bukhari", "Imam al-Bukhari", "Kazan Cathedral"),
    place_cues_before=("in", "at", "from", "to", "near", "into", "city", "town", "province", "region"),
    place_cues_after=("city", "town", "province", "region", "oblast", "district"),
    qualifiers={
        "women": ("women", "woman", "female", "females", "girls", "girl", "wives", "wife", "widows"),
        "children": ("children", "child", "kids", "minors", "minor", "teenagers", "teenager", "teens", "boys"),
        "men": ("men", "males"),
        "families": ("families",),
        "students": ("students",),
        "converts": ("converts",),
        "returnees": ("returnees", "returnee", "repatriated", "returned", "repatriation"),
    },
)
