"""A fifth round of questions nobody tuned for, over a sixth store (tests/data/sixth_store.yaml: a
Moscow desk on Central Asian labour migrants and the security side of migration — foreigners expelled
or deported, nationals barred from re-entering Russia (filed under their country of citizenship), IS
recruiters detained, the share of fighters recruited while working in Russia, cells broken up, firearms
seized, drug-funded terrorist financing cases, Central Asians killed in Syria and Iraq, acquired
Russian citizenship revoked; Moscow, St Petersburg, Dagestan, Ingushetia and Sughd beside national
figures; labels only in Russian or only in English, no Kazakh label, estimators in one language only;
migration and citizenship laws incl. an in-force law and its repealed predecessor with the same
title), asked the way outside analysts type in en/ru/kk (Kazakh also in Latin script, without its
letters and with typos). Written without reading bot/: the expectations are read off the store.

Every row carries the failure kind it probes (K(n, ...)):
  1 no substitution (place / topic / estimator / measure / group not in the store -> no data, no figure;
    an estimator the store lacks may instead be named as missing before what the store has, issue 11)
  2 paraphrases of the measure ("kicked out", "nabbed", "выдворили", "повязали", "елден шығарылды")
  3 words living in one entry only (an operation, a venue, a Telegram channel, a report title)
  4 several estimators named ("X vs Y", "кто что говорит", "кім не дейді"), also in another language
  5 numbers and dates as people write them ("the 287,000 figure", "с 2018 по 2020", "2018-ден 2020-ға дейін")
  6 sub-national places in their inflected forms ("в Петербурге", "Мәскеуде", "Sughd natives")
  7 a region's figure is not the nation's (region figures in not_used of a country question)
  8 laws (in force vs its repealed predecessor, provisions across languages, 'по статье' estimates)
  9 comparisons, trends, "latest", long chatty questions with greetings

Only questions the bot answers right today are here; the ones it gets wrong are kept, in the same
row format with what it said and their kind number, in tests/data/sixth_failures.yaml (not run).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.support.question_tables import (
    NONE,
    Q,
    assert_sound_table,
    check_question,
    table,
    table_answerer,
)

STORE_FILE = Path(__file__).resolve().parents[1] / "data" / "sixth_store.yaml"
FAILURES_FILE = STORE_FILE.parent / "sixth_failures.yaml"


def K(kind_no: int, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """A table row (see Q) tagged with the failure kind (1-9) it probes."""
    item = Q(*args, **kwargs)
    item["probe"] = kind_no
    return item


# an estimator the store lacks: no data, or the gap named before what the store has
GAP = ["no_data", "figures"]

# --- entry ids, by topic and place (newest first) -----------------------------------------------
DEP_RU = ["dep-ru-2024-guvm", "dep-ru-2024-cac", "dep-ru-2022-guvm", "dep-ru-2022-fssp", "dep-ru-2019-guvm"]
DEP_RU_2024, DEP_RU_2022 = DEP_RU[:2], DEP_RU[2:4]
DEP_GUVM = ["dep-ru-2019-guvm", "dep-ru-2022-guvm", "dep-ru-2024-guvm"]
MOW_DEP, SPE_DEP, KZ_DEP = "dep-mow-2023-gumvd", "dep-spe-2023-gumvd", "dep-kz-2022-mvd"
CITIES_DEP = [MOW_DEP, SPE_DEP]
ALL_DEP = [*DEP_RU, *CITIES_DEP, KZ_DEP]
BAN_TJ = ["ban-tj-2023-mrm", "ban-tj-2019-migr"]
BAN_UZ = "ban-uz-2021-agency"
BAN_KG = ["ban-kg-2022-mintrud", "ban-kg-2018-emb"]
ALL_BAN = [*BAN_TJ, BAN_UZ, *BAN_KG]
REC_RU = ["rec-ru-2023-fsb", "rec-ru-2021-fsb", "rec-ru-2021-nak"]
REC_RU_2021 = REC_RU[1:]
MOW_REC, SPE_REC = "rec-mow-2023-ufsb", "rec-spe-2022-ufsb"   # Moscow's / St Petersburg's, not Russia's
TJ_REC, KZ_REC = "rec-tj-2020-gknb", "rec-kz-2022-knb"
ALL_REC = [*REC_RU, MOW_REC, SPE_REC, TJ_REC, KZ_REC]
SHR_TJ = ["shr-tj-2021-cabar", "shr-tj-2016-gp"]
SHR_UZ, SHR_KG = "shr-uz-2017-icg", "shr-kg-2019-gknb"
CEL_RU = ["cel-ru-2023-fsb", "cel-ru-2023-nak", "cel-ru-2022-nak"]
CEL_RU_2023 = CEL_RU[:2]
DA_CEL, IN_CEL = "cel-da-2023-mvd", "cel-in-2023-mvd"          # Dagestan's / Ingushetia's
ALL_CEL = [*CEL_RU, DA_CEL, IN_CEL]
WPN_RU = ["wpn-ru-2023-nak", "wpn-ru-2022-fsb"]
DA_WPN, IN_WPN = "wpn-da-2023-ck", "wpn-in-2022-mvd"
ALL_WPN = [*WPN_RU, DA_WPN, IN_WPN]
NRC_RU = ["nrc-ru-2023-gunk", "nrc-ru-2021-gp"]
TJ_NRC, KG_NRC = "nrc-tj-2020-akn", "nrc-kg-2022-unodc"
ALL_NRC = [*NRC_RU, TJ_NRC, KG_NRC]
KIA_TJ = ["kia-tj-2019-gknb", "kia-tj-2017-mvd"]
SU_KIA = "kia-su-2018-uvd"                                      # Sughd's, not Tajikistan's
UZ_KIA, KG_KIA = "kia-uz-2018-cacm", "kia-kg-2018-gknb"
ALL_KIA = [*KIA_TJ, SU_KIA, UZ_KIA, KG_KIA]
CIT_RU = ["cit-ru-2024-mvd", "cit-ru-2024-sk", "cit-ru-2023-mvd"]
CIT_RU_2024 = CIT_RU[:2]

FOREIGNERS_LAW, EXPULSION_LAW = "ru-2002-07-25-115fz-foreigners", "ru-2024-08-08-260fz-expulsion"
CIT_LAW, CIT_OLD_LAW = "ru-2023-04-28-138fz-citizenship", "ru-2002-05-31-62fz-citizenship"
UZ_MIG_LAW, KZ_MIG_LAW = "uz-2019-12-20-zru603-labour-migration", "kz-2011-07-22-477iv-migration"
TJ_DRAFT = "tj-2024-draft-labour-migration"

EN = [
    # 1 -- no substitution
    K(1, "Hi there — quick one: how many migrants were deported from Novosibirsk last year?", **NONE,
      not_used=ALL_DEP),
    K(1, "how many Tajik fighters were wounded in Syria and Iraq?", **NONE, not_used=ALL_KIA),
    K(1, "how many female recruiters were detained in Russia in 2023?", **NONE, not_used=ALL_REC),
    K(1, "According to Interpol, how many recruiters were arrested in Tajikistan?", GAP, says=["Interpol"]),
    K(1, "How many Turkmen nationals are barred from entering Russia?", **NONE, not_used=ALL_BAN),
    K(1, "firearms seized in Chechnya in 2023", **NONE, not_used=ALL_WPN),
    K(1, "How many children of migrants were deported from Moscow?", **NONE, not_used=ALL_DEP),
    K(1, "terrorist cells broken up in Tatarstan", **NONE, not_used=ALL_CEL),
    # 2 -- paraphrases of the measure
    K(2, "how many Kyrgyz got killed fighting in Syria?", "figures", [KG_KIA], ["136"]),
    # 3 -- words that live in one entry only
    K(3, "What came out of Operation Ladoga Net?", "figures", [SPE_REC], ["17"]),
    K(3, "the Sunzha forest operation — how many weapons?", "figures", [IN_WPN], ["37"]),
    K(3, "What does 'Closed Doors' say about Tajik workers?", "figures", ["ban-tj-2023-mrm"], ["330,000"]),
    K(3, "Northern Route Under Pressure report — what figure does it give?", "figures", [KG_NRC], ["8"]),
    # 4 -- several estimators
    K(4, "Interior Ministry vs Civic Assistance Committee on expulsions from Russia in 2024 — who says what?",
      ["figures", "sources"], DEP_RU_2024, ["79,300", "80,000"], not_used=CITIES_DEP),
    K(4, "Tajik nationals banned from Russia: who says what?", ["figures", "sources"], BAN_TJ, ["287,000", "330,000"]),
    # 5 -- numbers and dates as people write them
    K(5, "the 287,000 figure — who?", ["sources", "figures"], ["ban-tj-2019-migr"],
      ["Миграционная служба Таджикистана"], not_used=["ban-tj-2023-mrm"]),
    K(5, "where's the 31,450 number from?", ["sources", "figures"], ["dep-ru-2022-fssp"], ["РБК"],
      not_used=["dep-ru-2022-guvm"]),
    K(5, "How many Tajik citizens were under a Russian entry ban in March 2019?", "figures", ["ban-tj-2019-migr"],
      ["287,000"], not_used=["ban-tj-2023-mrm"]),
    K(5, "who put the number of Uzbeks killed in Syria at 150-200?", ["sources", "figures"], [UZ_KIA],
      ["Central Asia Conflict Monitor"]),
    # 6 -- sub-national places
    K(6, "Moscow's deportations in 2023?", "figures", [MOW_DEP], ["19,200"], not_used=DEP_RU),
    K(6, "Sughd natives killed in Syria and Iraq", "figures", [SU_KIA], ["96"], not_used=KIA_TJ),
    # 7 -- a region's figure is not the nation's
    K(7, "firearms seized in Russia in 2023", "figures", ["wpn-ru-2023-nak"], ["980"], not_used=[DA_WPN, IN_WPN]),
    K(7, "Tajik fighters killed in Syria — national figures only please", "figures", KIA_TJ[:1], ["455"],
      not_used=[SU_KIA]),
    # 8 -- laws
    K(8, "what was the previous Russian law on citizenship?", "laws", [CIT_OLD_LAW], ["62-ФЗ"]),
    K(8, "Which law created Russia's register of controlled persons?", "laws", [EXPULSION_LAW], ["260-ФЗ"]),
    K(8, "Uzbekistan's law on labour migration — who signed it?", "laws", [UZ_MIG_LAW], ["Shavkat Mirziyoyev"]),
    K(8, "Tajikistan's draft law on labour migration — what does it propose?", "laws", [TJ_DRAFT]),
    # 9 -- comparisons, trends, latest, chatty
    K(9, "Good morning! I'm writing a short note for our regional director on migrant removals. How have "
         "expulsions and deportations from Russia changed since 2019?", "trend", DEP_GUVM, ["74,300", "79,300"],
      not_used=CITIES_DEP),
    K(9, "Compare entry bans for Tajik, Uzbek and Kyrgyz nationals", "comparison",
      ["ban-tj-2023-mrm", BAN_UZ, "ban-kg-2022-mintrud"], ["330,000", "143,000", "78,500"]),
    K(9, "latest number on terrorist cells broken up in Russia pls", "figures", CEL_RU_2023, ["63", "52"],
      not_used=[DA_CEL, IN_CEL]),
    K(9, "How did the number of Kyrgyz nationals barred from Russia change?", "trend", BAN_KG,
      ["89,000", "78,500"]),
    # once in tests/data/sixth_failures.yaml, answered right since the evidence steps
    K(1, 'how much money did Russia seize from drug-funded terror networks in 2023?', 'no_data', [], [], not_used=['nrc-ru-2023-gunk', 'nrc-ru-2021-gp', 'nrc-tj-2020-akn', 'nrc-kg-2022-unodc'], no_figures=True),
    K(2, 'How many foreigners got kicked out of Russia in 2022?', 'figures', ['dep-ru-2022-guvm', 'dep-ru-2022-fssp'], ['56,800', '31,450'], not_used=['dep-mow-2023-gumvd', 'dep-spe-2023-gumvd']),
    K(2, 'how many IS recruiters got nabbed in Russia in 2021?', 'figures', ['rec-ru-2021-fsb', 'rec-ru-2021-nak'], ['164', '137'], not_used=['rec-mow-2023-ufsb', 'rec-spe-2022-ufsb', 'rec-ru-2023-fsb']),
    K(2, 'How many people were stripped of Russian citizenship in 2023?', 'figures', ['cit-ru-2023-mvd'], ['610'], not_used=['cit-ru-2024-mvd', 'cit-ru-2024-sk']),
    K(2, 'How many Uzbeks are blacklisted from coming back to Russia?', 'figures', ['ban-uz-2021-agency'], ['143,000'], not_used=[]),
    K(3, 'the Golos Khorasana Telegram channel — how many recruiters were detained?', 'figures', ['rec-mow-2023-ufsb'], ['41'], not_used=[]),
    K(3, 'how many people lost Russian citizenship after Crocus?', 'figures', ['cit-ru-2024-sk'], ['1,200'], not_used=[]),
    K(4, 'FSB vs NAK: how many cells were broken up in 2023?', 'figures', ['cel-ru-2023-fsb', 'cel-ru-2023-nak'], ['63', '52'], not_used=['cel-da-2023-mvd', 'cel-in-2023-mvd', 'cel-ru-2022-nak']),
    K(5, 'recruiters detained in Russia between 2020 and 2022', 'figures', ['rec-ru-2021-fsb', 'rec-ru-2021-nak'], ['164', '137'], not_used=['rec-ru-2023-fsb', 'rec-spe-2022-ufsb']),
    K(6, 'how many recruiters were caught in St. Petersburg?', 'figures', ['rec-spe-2022-ufsb'], ['17'], not_used=['rec-ru-2023-fsb', 'rec-ru-2021-fsb', 'rec-ru-2021-nak']),
    K(6, 'How many cells were dismantled in Dagestan in 2023?', 'figures', ['cel-da-2023-mvd'], ['9'], not_used=['cel-ru-2023-fsb', 'cel-ru-2023-nak', 'cel-ru-2022-nak']),
    K(7, 'How many IS recruiters were detained in Russia in 2023?', 'figures', ['rec-ru-2023-fsb'], ['238'], not_used=['rec-mow-2023-ufsb', 'rec-spe-2022-ufsb']),
    K(9, 'Moscow vs St Petersburg: recruiters detained', 'comparison', ['rec-mow-2023-ufsb', 'rec-spe-2022-ufsb'], ['41', '17'], not_used=[]),
    # once in tests/data/sixth_failures.yaml, answered right since the evidence steps
    K(4, 'Investigative Committee vs Interior Ministry: how many lost acquired Russian citizenship in 2024?', 'figures', ['cit-ru-2024-mvd', 'cit-ru-2024-sk'], ['1,050', '1,200'], not_used=[]),
]

RU = [
    # 1 -- no substitution
    K(1, "Добрый день! Сколько мигрантов выдворили из Екатеринбурга в 2023 году?", **NONE, not_used=ALL_DEP),
    K(1, "сколько выходцев из Таджикистана ранено в Сирии", **NONE, not_used=ALL_KIA),
    K(1, "сколько денег изъяли у наркотеррористов в России", **NONE, not_used=ALL_NRC),
    K(1, "сколько женщин-вербовщиц задержали в Москве", **NONE, not_used=ALL_REC),
    K(1, "сколько ячеек ликвидировано в Кабардино-Балкарии", **NONE, not_used=ALL_CEL),
    K(1, "сколько оружия изъяли в Хатлонской области", **NONE, not_used=ALL_WPN),
    # 2 -- paraphrases of the measure
    K(2, "сколько иностранцев выдворили из России в 2022 году", "figures", DEP_RU_2022, ["56 800", "31 450"],
      not_used=CITIES_DEP),
    K(2, "скольких вербовщиков повязали в России в 2021-м", "figures", REC_RU_2021, ["164", "137"],
      not_used=[MOW_REC, SPE_REC]),
    K(2, "сколько таджиков полегло в Сирии и Ираке", "figures", KIA_TJ[:1], ["455"], not_used=[SU_KIA]),
    K(2, "сколько узбеков получили запрет на въезд в РФ", "figures", [BAN_UZ], ["143 000"]),
    K(2, "скольких лишили гражданства РФ за терроризм в 2023 году", "figures", ["cit-ru-2023-mvd"], ["610"]),
    # 3 -- words that live in one entry only
    K(3, "что известно про рейды «Нелегал» на рынке Фуд Сити", "figures", [MOW_DEP], ["19 200"]),
    K(3, "ячейка в посёлке Семендер", "figures", [DA_CEL], ["9"]),
    K(3, "что пишет доклад Removal on Demand", "figures", ["dep-ru-2024-cac"], ["80 000"]),
    K(3, "канал «Голос Хорасана»", "figures", [MOW_REC], ["41"]),
    K(3, "героин через Ишкашим — сколько дел о финансировании терроризма", "figures", [TJ_NRC], ["12"]),
    # 4 -- several estimators
    K(4, "ФСБ и НАК: сколько ячеек пресекли в 2023 году, кто что говорит", "figures", CEL_RU_2023, ["63", "52"],
      not_used=[DA_CEL, IN_CEL]),
    K(4, "МВД против Следственного комитета: сколько человек лишили приобретённого гражданства в 2024 году",
      "figures", CIT_RU_2024, ["1 050", "1 200"]),
    K(4, "Международная кризисная группа: какая доля узбекских боевиков завербована в России?", "figures",
      [SHR_UZ], ["65"]),
    # 5 -- numbers and dates as people write them
    K(5, "кто назвал цифру 238?", ["sources", "figures"], ["rec-ru-2023-fsb"], ["ФСБ России"]),
    K(5, "выдворения из России с 2018 по 2020 год", "figures", ["dep-ru-2019-guvm"], ["74 300"],
      not_used=[*DEP_RU_2024, *DEP_RU_2022]),
    K(5, "откуда данные о 1 260 изъятых стволах?", ["sources", "figures"], ["wpn-ru-2022-fsb"], ["Интерфакс"]),
    # 6 -- sub-national places
    K(6, "сколько вербовщиков задержали в Петербурге", "figures", [SPE_REC], ["17"], not_used=REC_RU),
    K(6, "выдворения из Москвы", "figures", [MOW_DEP], ["19 200"], not_used=DEP_RU),
    K(6, "сколько уроженцев Согдийской области погибли в Сирии", "figures", [SU_KIA], ["96"], not_used=KIA_TJ),
    K(6, "пресечённые ячейки в Ингушетии", "figures", [IN_CEL], ["4"], not_used=CEL_RU),
    # 7 -- a region's figure is not the nation's
    K(7, "сколько ячеек пресекли по всей России в 2023 году", "figures", CEL_RU_2023, ["63", "52"],
      not_used=[DA_CEL, IN_CEL]),
    # 8 -- laws
    K(8, "какой закон о гражданстве действует сейчас в России", "laws", [CIT_LAW], ["138-ФЗ"],
      not_used=[CIT_OLD_LAW]),
    K(8, "прежний закон о гражданстве РФ — номер и кто подписал", "laws", [CIT_OLD_LAW], ["62-ФЗ", "Владимир Путин"]),
    K(8, "закон о реестре контролируемых лиц", "laws", [EXPULSION_LAW], ["260-ФЗ"]),
    K(8, "по какому закону нежелательного иностранца депортируют", "laws", [FOREIGNERS_LAW], ["115-ФЗ"]),
    K(8, "закон Казахстана о миграции населения", "laws", [KZ_MIG_LAW], ["477-IV"]),
    # 9 -- comparisons, trends, latest, chatty
    K(9, "Привет! Готовлю справку для руководства по трудовой миграции. Как менялось число граждан Кыргызстана "
         "с запретом на въезд в Россию?", "trend", BAN_KG, ["89 000", "78 500"]),
    K(9, "сравни число погибших в Сирии и Ираке: Таджикистан, Узбекистан, Кыргызстан", "comparison",
      [KIA_TJ[0], UZ_KIA, KG_KIA], ["455", "150", "136"], not_used=[SU_KIA]),
    K(9, "самые свежие данные по лишению гражданства в России", "figures", CIT_RU_2024, ["1 050"]),
    K(9, "динамика дел о наркотерроризме в России", "trend", NRC_RU, ["27", "34"]),
    K(9, "Москва или Петербург — где больше выдворили в 2023 году?", "comparison", CITIES_DEP, ["19 200", "6 150"]),
    # once in tests/data/sixth_failures.yaml, answered right since the evidence steps
    K(1, 'по данным Интерпола, сколько вербовщиков задержано в России', ['no_data', 'figures'], [], ['Интерпол'], not_used=[]),
    K(1, 'сколько граждан Азербайджана не пускают в Россию', 'no_data', [], [], not_used=['ban-tj-2023-mrm', 'ban-tj-2019-migr', 'ban-uz-2021-agency', 'ban-kg-2022-mintrud', 'ban-kg-2018-emb'], no_figures=True),
    K(2, 'сколько стволов изъяли в Ингушетии', 'figures', ['wpn-in-2022-mvd'], ['37'], not_used=[]),
    K(6, 'сколько оружия изъято в Дагестане', 'figures', ['wpn-da-2023-ck'], ['200'], not_used=['wpn-ru-2023-nak', 'wpn-ru-2022-fsb']),
    K(7, 'сколько стволов изъято в России в 2022 году', 'figures', ['wpn-ru-2022-fsb'], ['1 260'], not_used=['wpn-in-2022-mvd']),
    K(8, 'сколько человек лишено гражданства по статье о терроризме в 2024 году', 'figures', ['cit-ru-2024-mvd', 'cit-ru-2024-sk'], ['1 050'], not_used=[]),
    # once in tests/data/sixth_failures.yaml, answered right since the evidence steps
    K(5, 'кто говорил про 89 тысяч кыргызстанцев с запретом на въезд?', ['sources', 'figures'], ['ban-kg-2018-emb'], ['Посольство Кыргызстана в России'], not_used=['ban-kg-2022-mintrud']),
    K(5, 'запрет на въезд гражданам Таджикистана в октябре 2023 года', 'figures', ['ban-tj-2023-mrm'], ['330 000'], not_used=['ban-tj-2019-migr']),
]

KK = [
    # 1 -- no substitution
    K(1, "Сәлеметсіз бе! Новосібірден қанша мигрант елден шығарылды?", **NONE, not_used=ALL_DEP),
    K(1, "Сирия мен Иракта қанша тәжік жараланды", **NONE, not_used=ALL_KIA),
    K(1, "Ресейде есірткі саудасы арқылы терроризмді қаржыландырудан қанша ақша тәркіленді", **NONE,
      not_used=ALL_NRC),
    K(1, "Мәскеуде қанша әйел жалдаушы ұсталды", **NONE, not_used=ALL_REC),
    K(1, "Түрікменстан азаматтарының қаншасына Ресейге кіруге тыйым салынған", **NONE, not_used=ALL_BAN),
    K(1, "Шешенстанда қанша қару тәркіленді", **NONE, not_used=ALL_WPN),
    K(1, "Интерпол деректері бойынша Ресейде қанша ұяшықтың жолы кесілді", GAP, says=["Интерпол"]),
    # 2 -- paraphrases of the measure
    K(2, "Сирия мен Иракта қанша қырғызстандық мерт болды", "figures", [KG_KIA], ["136"]),
    # 3 -- words that live in one entry only
    K(3, "Ladoga Net операциясы не берді", "figures", [SPE_REC], ["17"]),
    K(3, "Семендер кентіндегі ұяшық", "figures", [DA_CEL], ["9"]),
    K(3, "«Closed Doors» баяндамасы не дейді", "figures", ["ban-tj-2023-mrm"], ["330 000"]),
    # 4 -- several estimators
    K(4, "Тәжікстан Бас прокуратурасы мен CABAR: тәжік содырларының қанша пайызы Ресейде тартылған", "figures",
      SHR_TJ, ["74", "80"]),
    # 5 -- numbers and dates as people write them
    K(5, "287 мың деген санды кім айтты", ["sources", "figures"], ["ban-tj-2019-migr"],
      ["Миграционная служба Таджикистана"], not_used=["ban-tj-2023-mrm"]),
    K(5, "238 деген сан қайдан алынды", ["sources", "figures"], ["rec-ru-2023-fsb"], ["ТАСС"]),
    K(5, "тоқсан алты деген санды кім айтты", ["sources", "figures"], [SU_KIA], ["УВД Согдийской области"]),
    # 6 -- sub-national places
    K(6, "Соғды облысынан Сирияда қанша адам қаза тапты", "figures", [SU_KIA], ["96"], not_used=KIA_TJ),
    # 7 -- a region's figure is not the nation's
    K(7, "Тәжікстаннан Сирия мен Иракта қаза тапқандар саны", "figures", KIA_TJ[:1], ["455"], not_used=[SU_KIA]),
    # 8 -- laws
    K(8, "Ресейде азаматтық туралы қазір қай заң күшінде", "laws", [CIT_LAW], ["138-ФЗ"], not_used=[CIT_OLD_LAW]),
    K(8, "Халықтың көші-қоны туралы заң", "laws", [KZ_MIG_LAW], ["477-IV"]),
    # 9 -- comparisons, trends, latest, chatty
    K(9, "Ресейде есірткі арқылы терроризмді қаржыландыру бойынша істер туралы соңғы деректер", "figures",
      NRC_RU[:1], ["34"]),
    # Kazakh typed in Latin script, without its own letters, or with typos
    K(1, "Sheshenstanda qansha qaru tarkilendi", **NONE, not_used=ALL_WPN),
    K(8, "Resei azamattygy turaly qazir qai zan kushinde", "laws", [CIT_LAW], not_used=[CIT_OLD_LAW]),
    K(9, "Täjıkstan, Özbekstan jäne Qyrğyzstandağy Siriada qaza tapqandardy salystyr", "comparison",
      [KIA_TJ[0], UZ_KIA, KG_KIA], ["455", "136"], not_used=[SU_KIA]),
    K(6, "Sogdy oblysynan Siriada qansha adam qaza tapty", "figures", [SU_KIA], ["96"], not_used=KIA_TJ),
    K(2, "Ресейде 2021 жылы канша вербовщик усталды", "figures", REC_RU_2021, ["164", "137"]),
    # once in tests/data/sixth_failures.yaml, answered right since the evidence steps
    K(2, '2022 жылы Ресейден қанша шетелдік елден шығарылды', 'figures', ['dep-ru-2022-guvm', 'dep-ru-2022-fssp'], ['56 800', '31 450'], not_used=['dep-mow-2023-gumvd', 'dep-spe-2023-gumvd']),
    K(2, '2021 жылы Ресейде қанша ИМ жалдаушысы ұсталды', 'figures', ['rec-ru-2021-fsb', 'rec-ru-2021-nak'], ['164', '137'], not_used=['rec-mow-2023-ufsb', 'rec-spe-2022-ufsb']),
    K(2, 'Ингушетияда қанша атыс қаруы тәркіленді', 'figures', ['wpn-in-2022-mvd'], ['37'], not_used=[]),
    K(2, 'Ресейге кіруге тыйым салынған өзбекстандықтар саны', 'figures', ['ban-uz-2021-agency'], ['143 000'], not_used=[]),
    K(2, '2023 жылы қанша адам Ресей азаматтығынан айырылды', 'figures', ['cit-ru-2023-mvd'], ['610'], not_used=[]),
    K(2, 'Ресейден қанша мигрант депортацияланды', 'figures', ['dep-ru-2024-guvm', 'dep-ru-2024-cac'], ['79 300'], not_used=['dep-mow-2023-gumvd', 'dep-spe-2023-gumvd']),
    K(2, 'Resei azamattygynan 2023 jyly qansha adam aiyryldy', 'figures', ['cit-ru-2023-mvd'], ['610'], not_used=[]),
    K(4, 'ФСБ мен НАК: 2023 жылы қанша ұяшықтың жолы кесілді, кім не дейді', 'figures', ['cel-ru-2023-fsb', 'cel-ru-2023-nak'], ['63', '52'], not_used=['cel-da-2023-mvd', 'cel-in-2023-mvd']),
    K(5, '2018-ден 2020-ға дейін Ресейден елден шығарылғандар', 'figures', ['dep-ru-2019-guvm'], ['74 300'], not_used=['dep-ru-2024-guvm', 'dep-ru-2024-cac', 'dep-ru-2022-guvm', 'dep-ru-2022-fssp']),
    K(6, 'Мәскеуде 2023 жылы қанша шетелдік елден шығарылды', 'figures', ['dep-mow-2023-gumvd'], ['19 200'], not_used=['dep-ru-2024-guvm', 'dep-ru-2024-cac', 'dep-ru-2022-guvm', 'dep-ru-2022-fssp', 'dep-ru-2019-guvm']),
    K(6, 'Санкт-Петербургте қанша жалдаушы ұсталды', 'figures', ['rec-spe-2022-ufsb'], ['17'], not_used=['rec-ru-2023-fsb', 'rec-ru-2021-fsb', 'rec-ru-2021-nak']),
    K(6, 'Дағыстанда қанша ұяшықтың жолы кесілді', 'figures', ['cel-da-2023-mvd'], ['9'], not_used=['cel-ru-2023-fsb', 'cel-ru-2023-nak', 'cel-ru-2022-nak']),
    K(6, 'Maskeude qansha sheteldik elden shygaryldy', 'figures', ['dep-mow-2023-gumvd'], ['19 200'], not_used=['dep-ru-2024-guvm', 'dep-ru-2024-cac', 'dep-ru-2022-guvm', 'dep-ru-2022-fssp', 'dep-ru-2019-guvm']),
    K(6, 'Ингушетияда канша кару таркиленди', 'figures', ['wpn-in-2022-mvd'], ['37'], not_used=[]),
    K(7, '2023 жылы Ресейде қанша қару тәркіленді', 'figures', ['wpn-ru-2023-nak'], ['980'], not_used=['wpn-da-2023-ck']),
    K(7, 'Ресейде 2023 жылы қанша жалдаушы ұсталды', 'figures', ['rec-ru-2023-fsb'], ['238'], not_used=['rec-mow-2023-ufsb']),
    K(7, 'Ресейде 2023 жылы канша уяшыктын жолы кесилди', 'figures', ['cel-ru-2023-fsb', 'cel-ru-2023-nak'], ['63', '52'], not_used=['cel-da-2023-mvd', 'cel-in-2023-mvd']),
    K(8, 'Ресейдің азаматтық туралы бұрынғы заңы', 'laws', ['ru-2002-05-31-62fz-citizenship'], ['62-ФЗ'], not_used=[]),
    K(8, 'терроризм бабы бойынша 2024 жылы қанша адам азаматтығынан айырылды', 'figures', ['cit-ru-2024-mvd', 'cit-ru-2024-sk'], ['1 050'], not_used=[]),
    K(9, 'Мәскеу мен Санкт-Петербургтегі ұсталған жалдаушыларды салыстыр', 'comparison', ['rec-mow-2023-ufsb', 'rec-spe-2022-ufsb'], ['41', '17'], not_used=[]),
    # once in tests/data/sixth_failures.yaml, answered right since the evidence steps
    K(5, '2019 жылғы наурызда Ресейге кіруге тыйым салынған тәжікстандықтар', 'figures', ['ban-tj-2019-migr'], ['287 000'], not_used=['ban-tj-2023-mrm']),
    K(9, 'Тәжікстан, Өзбекстан және Қырғызстан азаматтарына Ресейге кіруге тыйымды салыстыр', 'comparison', ['ban-tj-2023-mrm', 'ban-uz-2021-agency', 'ban-kg-2022-mintrud'], ['330 000', '143 000', '78 500'], not_used=[]),
]

QUESTIONS, IDS = table(EN, RU, KK)


answerer = table_answerer(STORE_FILE, "sixth-store")


def test_the_table_has_enough_questions_each_once_and_only_known_ids(answerer: Any) -> None:
    assert_sound_table(answerer, (EN, RU, KK), QUESTIONS, minimum=20)


@pytest.mark.parametrize("lang,item", QUESTIONS, ids=IDS)
def test_question(lang: str, item: dict[str, Any], answerer: Any) -> None:
    check_question(answerer, lang, item)


def test_every_kind_is_probed_in_every_language() -> None:
    for items in (EN, RU, KK):
        assert {item["probe"] for item in items} | _failing_kinds(items) == set(range(1, 10))


def test_the_table_and_the_failures_file_ask_enough_in_every_language() -> None:
    for items in (EN, RU, KK):
        assert len(items) + len(_failing_rows(items)) >= 40


# --- the questions the bot gets wrong today (tests/data/sixth_failures.yaml): kept well-formed -----

def _failures() -> list[dict[str, Any]]:
    from ruamel.yaml import YAML

    doc = YAML(typ="safe").load(FAILURES_FILE.read_text(encoding="utf-8"))
    return doc["failures"] or []


def _lang(items: list[dict[str, Any]]) -> str:
    return "en" if items is EN else "ru" if items is RU else "kk"


def _failing_rows(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [row for row in _failures() if row["lang"] == _lang(items)]


def _failing_kinds(items: list[dict[str, Any]]) -> set[int]:
    return {row["kind_no"] for row in _failing_rows(items)}


def test_the_failures_file_is_well_formed_and_apart_from_the_table(answerer: Any) -> None:
    from tests.support.question_tables import missing_ids

    rows = _failures()
    asked = {(lang, item["q"]) for lang, item in QUESTIONS}
    seen = set()
    for row in rows:
        assert row["lang"] in ("en", "ru", "kk") and row["kind_no"] in range(1, 10) and row["why"]
        assert (row["lang"], row["q"]) not in asked, "a failing question is also in the table"
        assert (row["lang"], row["q"]) not in seen, "a failing question twice"
        seen.add((row["lang"], row["q"]))
        assert set(row["said"]) == {"kind", "used", "text"}
    failing = [(row["lang"], Q(row["q"], row["kind"], row["uses"], row["says"], row["not_used"],
                               bool(row["no_figures"]))) for row in rows]
    assert not missing_ids(answerer, failing)
