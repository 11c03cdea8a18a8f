"""Cue words and phrases that tell what a question asks (intent), and "latest"/relative years.

Phrases are matched on normalised keys, so inflected forms match too (принял/приняли,
заңы/заңдар). Kazakh entries also match text typed without Kazakh letters or in Latin script.
"""

from __future__ import annotations

from bot.understanding.query import Intent

LATEST = "latest"
LAST_YEAR = "last_year"
THIS_YEAR = "this_year"
# what a law does rather than a law ("banned", "запрещено", "тыйым"): a law question only when
# nothing else asks for a figure ("how many organisations are banned" wants a count)
LAW_PART = "law-part"
LAW_ACT = "law_act"
TOTAL = "total"  # "total for Central Asia": a sum the store may not have
MOST = "most"  # "which country has the most ...": the comparison sorted by value
LEAST = "least"  # "... the fewest ...": sorted the other way

# cue -> {language: [phrases]}
CUES: dict[str, dict[str, list[str]]] = {
    Intent.HELP: {
        "en": ["hi", "hello", "hey", "help", "start", "what can you do", "how do i use", "how to use",
               "what do you do", "who are you", "good morning", "good afternoon", "thanks", "thank you"],
        "ru": ["привет", "здравствуй", "здравствуйте", "добрый день", "доброе утро", "добрый вечер",
               "помощь", "помоги", "помогите", "что ты умеешь", "что ты можешь", "как пользоваться",
               "кто ты", "спасибо", "хелп"],
        "kk": ["сәлем", "сәлеметсіз бе", "салам", "қайырлы күн", "көмек", "көмектес", "не істей аласың",
               "не істей аласыз", "қалай қолдану", "сен кімсің", "рахмет", "salem", "salemetsiz be", "komek"],
    },
    Intent.SOURCES: {
        "en": ["who said", "who says", "who estimated", "who estimates", "whose estimate", "whose figure",
               "whose figures", "source", "sources", "according to whom", "where is it from",
               "where does it come from", "where did it come from", "where is this from", "where from",
               "cite", "citation", "citations", "who reported", "who claims", "who gave", "reference", "who published", "who provided",
               "who came up with"],
        "ru": ["кто сказал", "кто оценил", "кто оценивает", "кто посчитал", "кто подсчитал", "кто утверждает",
               "кто сообщил", "чья оценка", "чьи данные", "чьи оценки", "по чьим данным", "по чьей оценке",
               "источник", "источники", "откуда", "откуда цифра", "откуда данные", "ссылка", "ссылки",
               "по данным кого", "кто считал", "кто подсчитывал", "кто насчитал", "кто посчитал",
               "на основании чего", "на чем основана", "кто дал", "кто предоставил", "кто опубликовал",
               "кто привел", "кто привёл", "кто говорил", "кто это сказал", "кто это говорит", "кто это посчитал", "чьи это данные",
               "чья это оценка", "чья это цифра", "откуда это", "откуда эти данные", "откуда эта цифра"],
        "kk": ["бұл деректі кім айтты", "бұл санды кім айтты", "деректі кім айтты", "санды кім айтты", "бұл кімнің дерегі",
               "кім айтты", "кім бағалады", "кім есептеді", "кімнің бағалауы", "кімнің дерегі", "кімнің деректері",
               "дереккөз", "дереккөзі", "дереккөздер", "дерек көзі", "дерек көздері", "кім санады",
               "кім берді", "деректі кім берді", "кім ұсынды", "кім жариялады", "кімнің мәліметі", "кім келтірді", "қайдан", "қайдан алынды", "сілтеме", "кім хабарлады",
               "kim aitty", "derekkoz", "qaidan"],
    },
    Intent.TREND: {
        "en": ["change", "changed", "changes", "changing", "over time", "trend", "trends", "dynamics", "grew",
               "grow", "grown", "growth", "increase", "increased", "decrease", "decreased", "decline",
               "declined", "fell", "fall", "fallen", "drop", "dropped", "rise", "risen", "rose", "evolve", "evolved", "over the years", "year by year", "history of"],
        "ru": ["изменилось", "изменилась", "изменился", "изменились", "изменение", "изменения", "менялось",
               "менялась", "динамика", "динамику", "тенденция", "тренд", "рост", "выросло", "выросла", "выросло ли",
               "выросли", "снизилось", "снизилась", "сократилось", "уменьшилось", "увеличилось", "упало", "упала", "упало ли",
               "росло", "растёт", "растет", "снижается", "сокращается", "по годам",
               "со временем", "с течением времени"],
        "kk": ["өзгерді", "өзгерген", "өзгеріс", "өзгерісі", "өзгерістер", "динамика", "динамикасы", "өсті",
               "өскен", "азайды", "азайған", "көбейді", "көбейген", "төмендеді", "артты", "артқан", "жыл сайын", "жылдар бойы", "уақыт өте",
               "ozgerdi", "ozgeris"],
    },
    Intent.COMPARE: {
        "en": ["compare", "compared", "comparison", "versus", "vs", "which country", "which countries",
               "what country", "which republic", "rank", "ranking", "by country", "per country", "each country",
               "the most", "more than in", "difference between"],
        "ru": ["сравни", "сравнить", "сравнение", "сравните", "по сравнению", "в какой стране", "какая страна",
               "какие страны", "из какой страны", "по странам", "в каждой стране", "больше всего", "меньше всего",
               "рейтинг"],
        "kk": ["салыстыр", "салыстыру", "салыстырыңыз", "салыстырғанда", "қай ел", "қай елде", "қай елден",
               "қандай ел", "елдер бойынша", "әр елде", "ең көп", "ең аз", "salystyr", "salystyru", "qai elde"],
    },
    Intent.LAWS: {
        "en": ["law", "laws", "legislation", "legislative", "bill", "bills", "amendment", "amendments", "amend",
               "statute", "decree"],
        "ru": ["закон", "законы", "законов", "законе", "закона", "законодательство", "законодательства",
               "законопроект", "законопроекты", "поправка", "поправки", "поправок", "указ"],
        "kk": ["заң", "заңы", "заңдар", "заңнама", "заңнамасы", "заң жобасы", "түзету", "түзетулер", "өзгерістер енгізу",
               "жарлық", "zan", "zany", "zandar"],
    },
    # words of the law that also name what a figure is about ("convicted under extremist
    # articles", "по экстремистским статьям"): a law question only without a "how many"
    LAW_PART: {
        "en": ["provision", "provisions", "code", "criminal code", "legal", "regulation", "regulations", "article",
               "articles"],
        "ru": ["провизия", "провизии", "положение", "положения", "норма", "нормы", "статья", "кодекс",
               "уголовный кодекс", "правовые"],
        "kk": ["норма", "бап", "кодекс", "қылмыстық кодекс"],
    },
    LAW_ACT: {
        "en": ["adopt", "adopted", "adopts", "pass", "passed", "enact", "enacted", "sign", "signed", "signs", "ban",
               "bans", "banned", "prohibit", "prohibits", "prohibited", "measure", "measures"],
        "ru": ["принял", "приняла", "приняли", "принят", "принята", "принятый", "подписал", "подписала", "подписан",
               "подписали", "запрет", "запретил", "запрещает", "запрещено", "мера", "меры", "закрепил"],
        "kk": ["қабылдады", "қабылданды", "қабылдаған", "қабылданған", "қол қойды", "қол қойған", "тыйым",
               "тыйым салу", "шара", "шаралар", "qabyldady"],
    },
    Intent.FIGURE: {
        "en": ["how many", "how much", "number", "numbers", "count", "share", "percent", "percentage",
               "proportion", "estimate", "estimates", "estimated", "how large", "how big", "total", "figure",
               "figures", "statistics", "stats", "rate"],
        "ru": ["сколько", "число", "числа", "количество", "численность", "доля", "долю", "процент",
               "процентов", "оценка", "оценки", "цифра", "цифры", "статистика", "всего", "скольких"],
        "kk": ["қанша", "неше", "саны", "сан", "санын", "үлесі", "үлес", "пайыз", "пайызы", "бағалау",
               "бағасы", "статистика", "барлығы", "qansha", "kansha", "neshe", "sany"],
    },
    Intent.OVERVIEW: {
        "en": ["what do you have", "what have you got", "what do you know", "tell me about", "anything on",
               "anything about", "overview", "summary", "everything on", "everything about", "info on",
               "what is known", "what about"],
        "ru": ["что есть", "что у тебя есть", "что известно", "что ты знаешь", "расскажи о", "расскажи про",
               "расскажи", "обзор", "сводка", "всё о", "все о", "что по", "что насчет", "что насчёт"],
        "kk": ["не бар", "не белгілі", "не білесің", "айтып бер", "шолу", "мәлімет бер", "туралы не", "қандай мәлімет", "мәлімет бар",
               "ne bar", "ne belgili"],
    },
    TOTAL: {
        "en": ["total", "in total", "altogether", "combined", "sum", "overall", "all together"],
        "ru": ["всего", "в общей сложности", "общее число", "общее количество", "общая численность", "итого",
               "суммарно", "в сумме", "общее"],
        "kk": ["барлығы", "жалпы", "жалпы саны", "жиыны", "барлық", "jalpy", "barlygy"],
    },
    MOST: {
        "en": ["the most", "most", "largest", "the largest", "biggest", "highest", "the highest", "top"],
        "ru": ["больше всего", "больше всех", "наибольшее", "наибольшее число", "наибольший", "максимальное",
               "максимальный", "лидирует", "лидер"],
        "kk": ["ең көп", "ең көбі", "ең жоғары", "ең үлкен", "eng kop"],
    },
    LEAST: {
        "en": ["the least", "least", "fewest", "the fewest", "smallest", "the smallest", "lowest", "the lowest"],
        "ru": ["меньше всего", "меньше всех", "наименьшее", "наименьшее число", "наименьший", "минимальное",
               "минимальный"],
        "kk": ["ең аз", "ең азы", "ең төмен", "eng az"],
    },
    LATEST: {
        "en": ["latest", "newest", "most recent", "recent", "now", "currently", "current", "today",
               "up to date", "at present", "nowadays"],
        "ru": ["последний", "последние", "последняя", "последнее", "последних", "последним", "свежие", "свежий",
               "свежая", "свежих", "сейчас", "сегодня", "на сегодня", "в настоящее время", "актуальные",
               "актуальная", "текущий", "текущие", "новейшие", "на данный момент"],
        "kk": ["соңғы", "қазір", "қазіргі", "бүгін", "бүгінгі", "жаңа", "ең жаңа", "songy", "qazir", "kazir"],
    },
    LAST_YEAR: {
        "en": ["last year", "previous year", "past year"],
        "ru": ["в прошлом году", "прошлом году", "прошлый год", "прошлого года", "в минувшем году"],
        "kk": ["былтыр", "өткен жылы", "өткен жыл", "өткен жылғы", "былтырғы", "byltyr", "otken jyly"],
    },
    THIS_YEAR: {
        "en": ["this year", "current year", "so far this year"],
        "ru": ["в этом году", "этом году", "этот год", "в текущем году", "текущем году", "нынешнем году"],
        "kk": ["биыл", "осы жылы", "осы жыл", "биылғы", "biyl", "osy jyly"],
    },
}
