"""Stopwords of English, Russian and Kazakh (incl. question words): words that carry no content.

Kazakh words are listed with their letters and folded on load, so text typed without them matches.
"""

from __future__ import annotations

from bot.understanding.kazakh import fold

_EN = """
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

_RU = """
и в во не что он на я с со как а то все всё она так его но да ты к у же вы за бы по только ее её
мне было вот от меня еще ещё нет о об обо из ему теперь когда даже ну вдруг ли если уже или ни быть
был него до вас нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть надо ней
для мы тебя их чем была сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот того потому
этого какой совсем ним здесь этом один почти мой тем чтобы нее неё были куда зачем всех никогда можно
при наконец два об другой хоть после над больше тот через эти нас про всего них какая много разве
три эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой им более всегда
конечно всю между какие каких каков какова каково какое каким чей чья чьё чьи это эта скажи скажите
покажи покажите пожалуйста дай дайте год году года г гг человек человека людей люди ли же бы
также еще есть был были была было который которые которых которая котором сколько около
данные данных информация информацию мне нам вам у
""".split()

_KK = """
және мен бен пен да де та те ма ме ба бе па пе бар жоқ бұл осы сол ол олар не қандай қанша неше
кім кімдер қашан қайда қайдан неге қалай үшін туралы бойынша дейін бері кейін соң арқылы сияқты ғана
әлі тағы ең өте сен сіз біз мен маған бізге сізге жыл жылы жылғы жылдан жылға адам кісі деген
болды болған бола еді екен ғой ғана қайсы қай нешеу көрсет көрсетіңіз айт айтшы айтыңыз бер беріңіз
ме? мәлімет мәліметтер деректер дерек шамамен ше ал әр барлық кейбір деп дейді
ға ге қа ке на не да де та те дан ден тан тен нан нен ны ні ды ді ты ті ның нің дың дің тың тің
ғы гі қы кі дағы дегі тағы тегі лар лер дар дер тар тер
ел елі елде елінде елдің елге елден елдер елдерде елдердің елдерге елдерден
""".split()

# Month names: a date's month is not a content word (the year is read separately).
_MONTHS_EN = """
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec
""".split()
_MONTHS_RU = """
январь января январе февраль февраля феврале март марта марте апрель апреля апреле май мая мае
июнь июня июне июль июля июле август августа августе сентябрь сентября сентябре октябрь октября
октябре ноябрь ноября ноябре декабрь декабря декабре
""".split()
_MONTHS_KK = """
қаңтар қаңтарда ақпан ақпанда наурыз наурызда сәуір сәуірде мамыр мамырда маусым маусымда шілде
шілдеде тамыз тамызда қыркүйек қыркүйекте қазан қазанда қараша қарашада желтоқсан желтоқсанда
""".split()

STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(_EN + _MONTHS_EN),
    "ru": frozenset(fold(w) for w in _RU + _MONTHS_RU),
    "kk": frozenset(fold(w.strip("?")) for w in _KK + _MONTHS_KK),
}
ALL_STOPWORDS: frozenset[str] = STOPWORDS["en"] | STOPWORDS["ru"] | STOPWORDS["kk"]


def is_stopword(folded: str) -> bool:
    """Whether a folded, lower-case word is a stopword in any of the three languages."""
    return folded in ALL_STOPWORDS
