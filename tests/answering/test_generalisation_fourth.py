"""A third round of questions nobody tuned for, over a fourth store (tests/data/fourth_store.yaml: an
Uzbekistan/Tajikistan desk — repatriation, Kazakhstan's Jusan operations, Central Asian militants in
Afghanistan, Hizb ut-Tahrir detentions, blocked websites, convictions, Uzbekistan's "black list",
laws of UZ/TJ/KZ), asked the way analysts type in en/ru/kk and asserted like
tests/answering/test_generalisation_third.py: kind, entries drawn on, facts shown, no figure for what is not there.

Only questions the bot answers right today are here; the ones it gets wrong are kept, in the same
row format with what it said, in tests/data/fourth_failures.yaml (not run).
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

STORE_FILE = Path(__file__).resolve().parents[1] / "data" / "fourth_store.yaml"

UZ_REP = ["uz-repat-2023-05-ombudsman", "uz-repat-2021-hrw", "uz-repat-2020-12-mid", "uz-repat-2019-05-mid"]
TJ_REP = ["tj-repat-2023-unicef", "tj-repat-2022-10-mid", "tj-repat-2019-04-mid"]
KZ_REP = ["kz-repat-2023-01-mid"]
JUSAN = ["kz-jusan-2021-hrw", "kz-jusan-2021-02-mior", "kz-jusan-2019-05-knb", "kz-jusan-2019-01-knb"]
JUSAN_2019 = ["kz-jusan-2019-05-knb", "kz-jusan-2019-01-knb"]
MANGYSTAU = "kz-man-jusan-2020-akimat"
UZ_AFG = ["uz-afg-2022-csto", "uz-afg-2022-un-kib", "uz-afg-2020-un-imu"]
UZ_KIB = ["uz-afg-2022-csto", "uz-afg-2022-un-kib"]
TJ_AFG = ["tj-afg-2023-un", "tj-afg-2021-gknb"]
TJ_HUT = ["tj-hut-2019-mvd"]  # Tajikistan's own: Sughd's figure is Sughd's (a place within it)
SUGHD_HUT, ANDIJAN_HUT, KG_HUT = "tj-sughd-hut-2021-uvd", "uz-an-hut-2020-sgb", "kg-hut-2022-gknb"
KZ_SITES = ["kz-sites-2021-gp", "kz-sites-2019-mior"]
UZ_SITES, TJ_SITES = "uz-sites-2022-mininfo", "tj-sites-2020-gknb"
UZ_CONV = ["uz-conv-2022-sc", "uz-conv-2022-hrw", "uz-conv-2019-sc"]  # Namangan's is not Uzbekistan's
NAMANGAN_CONV, TJ_CONV = "uz-ng-conv-2020-court", "tj-conv-2021-gp"
BLACKLIST = ["uz-blacklist-2019-sgb", "uz-blacklist-2017-president"]
UZ_LAW, UZ_AMNESTY = "uz-2018-07-30-zru-489", "uz-2021-cc-amnesty-returnees"
TJ_LAW, TJ_OLD_LAW = "tj-2020-01-02-extremism", "tj-2003-12-08-extremism"
KZ_DRAFT = "kz-2023-draft-online-extremism"

EN = [
    Q("how many people has Uzbekistan repatriated from Syria?", "figures", UZ_REP,
      ["531", "Ombudsman of Uzbekistan", "more than 500", "Human Rights Watch", "156", "Gazeta.uz"]),
    Q("UZ repatriation, latest?", "figures", UZ_REP[:1], ["531", "May 2023", "Kun.uz"]),
    Q("how many Uzbeks were brought home from Syria and Iraq since 2019", "figures", UZ_REP, ["318", "531"]),
    Q("repatriated to Tajikistan 2020-2022", "figures", ["tj-repat-2022-10-mid"], ["146"],
      not_used=["tj-repat-2019-04-mid", "tj-repat-2023-unicef"]),
    Q("how did the number of Uzbek returnees change?", "trend", UZ_REP, ["156", "318", "531"]),
    Q("which country repatriated the most?", "comparison", [*KZ_REP, *UZ_REP[:1], *TJ_REP[:1]],
      ["754", "531", "300–350"]),
    Q("compare repatriation in UZ, TJ and KZ", "comparison", [*UZ_REP[:1], *TJ_REP[:1], *KZ_REP],
      ["531", "300–350", "754"]),
    Q("UZ vs TJ repatriation", "comparison", [*UZ_REP[:1], *TJ_REP[:1]], ["531", "UNICEF"], not_used=KZ_REP),
    Q("how many were returned in Operation Jusan?", "figures", JUSAN, ["up to 650", "607", "595", "КНБ РК"]),
    Q("Jusan returnees in Mangystau", "figures", [MANGYSTAU], ["64", "Акимат Мангистауской области"],
      not_used=JUSAN),
    Q("what does HRW say about Jusan", "figures", ["kz-jusan-2021-hrw"], ["up to 650", "Human Rights Watch"],
      not_used=JUSAN[1:]),
    Q("Jusan 2022", **NONE, says=["2022", "February 2021"]),
    Q("KIB militants from Uzbekistan", "figures", UZ_KIB, ["250", "up to 400"], not_used=["uz-afg-2020-un-imu"]),
    Q("how many Uzbek militants in Afghanistan according to the CSTO", "figures", ["uz-afg-2022-csto"],
      ["250", "Collective Security Treaty Organization"], not_used=["uz-afg-2022-un-kib", "uz-afg-2020-un-imu"]),
    Q("how many Tajik militants in Afghanistan", "figures", TJ_AFG, ["more than 300", "200"]),
    Q("Tajik militants according to the GKNB", "figures", ["tj-afg-2021-gknb"], ["200"], not_used=["tj-afg-2023-un"]),
    Q("militants in Afghanistan from Turkmenistan", **NONE, not_used=UZ_AFG + TJ_AFG),
    Q("militants from Afghanistan's northern neighbours", "comparison", [TJ_AFG[0], UZ_AFG[0]],
      ["Turkmenistan", "no data"]),
    Q("Hizb ut-Tahrir arrests in Tajikistan", "figures", TJ_HUT, ["37", "Sughd Region"]),
    Q("how many HuT members were detained in Andijan?", "figures", [ANDIJAN_HUT], ["18", "СГБ Узбекистана"]),
    Q("Hizb ut-Tahrir arrests in Kazakhstan", **NONE),
    Q("HuT arrests in the Fergana Valley", "comparison", [ANDIJAN_HUT], ["18", "Namangan Region", "no data"]),
    Q("Hizb ut-Tahrir in Kyrgyzstan", "figures", [KG_HUT], ["54", "ГКНБ Кыргызстана"]),
    Q("how many extremist websites were blocked in Kazakhstan?", "figures", KZ_SITES, ["more than 3,000", "2,400"]),
    Q("blocked sites KZ 2021", "figures", KZ_SITES[:1], ["more than 3,000"], not_used=KZ_SITES[1:]),
    Q("blocked websites in Uzbekistan in 2019", **NONE, not_used=[UZ_SITES], says=["2022"]),
    Q("how many websites blocked in Tajikistan", "figures", [TJ_SITES], ["up to 800", "ГКНБ Таджикистана"]),
    Q("which country blocked the most extremist websites", "comparison", [KZ_SITES[0], UZ_SITES, TJ_SITES],
      ["more than 3,000", "1,270", "up to 800"]),
    Q("terrorism convictions in Uzbekistan", "figures", UZ_CONV, ["780", "more than 1,000", "1,220"]),
    Q("how many people were convicted of terrorism in Namangan", "figures", [NAMANGAN_CONV], ["96"],
      not_used=UZ_CONV[:2]),
    Q("convictions in Tajikistan in 2022", **NONE, not_used=[TJ_CONV], says=["2021"]),
    Q("convictions trend in Uzbekistan", "trend", UZ_CONV, ["1,220", "780"]),
    Q("how many people were removed from the black list in Uzbekistan", "figures", BLACKLIST,
      ["more than 20,000", "16,000", "Shavkat Mirziyoyev"]),
    Q("where does the 16,000 figure come from", ["sources", "figures"], BLACKLIST[1:], ["Podrobno.uz"],
      not_used=BLACKLIST[:1]),
    Q("where is the 754 figure from", ["sources", "figures"], KZ_REP, ["Kazinform"]),
    Q("what law did Uzbekistan adopt in 2018?", "laws", [UZ_LAW], ["Shavkat Mirziyoyev", "ЗРУ-489"]),
    Q("who signed the Uzbek law on countering extremism?", "laws", [UZ_LAW], ["Shavkat Mirziyoyev"]),
    Q("Tajikistan's law on extremism", "laws", [TJ_LAW], ["Эмомали Рахмон"]),
    Q("which Tajik law was repealed?", "laws", [TJ_OLD_LAW], ["repealed", "Emomali Rakhmonov"], not_used=[TJ_LAW]),
    Q("which law releases repatriated women from liability?", "laws", [UZ_AMNESTY], ["Shavkat Mirziyoyev"]),
    Q("laws signed by Mirziyoyev", "laws", [UZ_LAW, UZ_AMNESTY]),
    Q("draft laws in Kazakhstan", "laws", [KZ_DRAFT], ["draft"]),
    Q("IS fighters from Uzbekistan", **NONE, not_used=UZ_AFG),
    Q("how many Kyrgyz were repatriated?", **NONE, says=["Uzbekistan", "Tajikistan", "Kazakhstan"]),
    Q("Uzbek militants in Syria", **NONE, not_used=UZ_AFG),
    Q("children repatriated to Uzbekistan", **NONE, not_used=UZ_REP),
    Q("repatriated to Tashkent", **NONE, not_used=UZ_REP),
    Q("how many militants in Khatlon", **NONE, not_used=TJ_AFG),
    Q("total repatriated across Central Asia", "comparison", [*KZ_REP, *TJ_REP[:1], *UZ_REP[:1]],
      ["no total", "Kyrgyzstan", "no data"]),
    Q("sources for Tajik repatriation figures", "sources", TJ_REP, ["UNICEF", "Азия-Плюс"]),
    Q("what did UNICEF say about Tajikistan", "figures", ["tj-repat-2023-unicef"], ["300–350"],
      not_used=TJ_REP[1:]),
    Q("Uzbekstan repatriaton", "figures", UZ_REP, ["531"]),
    Q("Tajikstan convictons", "figures", [TJ_CONV], ["430"]),
]

RU = [
    Q("сколько узбеков вернули из Сирии?", "figures", UZ_REP, ["531", "Омбудсман Узбекистана", "более 500"]),
    Q("сколько граждан Узбекистана репатриировали с 2019 года", "figures", UZ_REP, ["531", "156"]),
    Q("репатриация в Таджикистан 2020-2022", "figures", ["tj-repat-2022-10-mid"], ["146"],
      not_used=["tj-repat-2019-04-mid", "tj-repat-2023-unicef"]),
    Q("как менялось число репатриированных в Узбекистан", "trend", UZ_REP, ["156", "318", "531"]),
    Q("какая страна вернула больше всего граждан из Сирии и Ирака", "comparison",
      [*KZ_REP, *UZ_REP[:1], *TJ_REP[:1]], ["754", "531"]),
    Q("сравни репатриацию Узбекистана, Таджикистана и Казахстана", "comparison",
      [*UZ_REP[:1], *TJ_REP[:1], *KZ_REP], ["531", "300–350", "754"]),
    Q("сколько человек вернули в ходе операции Жусан", "figures", JUSAN, ["до 650", "607", "595"]),
    Q("Жусан Мангистау", "figures", [MANGYSTAU], ["64"], not_used=JUSAN),
    Q("сколько вернули по Жусану в 2019", "figures", JUSAN_2019, ["595", "47"], not_used=JUSAN[:2]),
    Q("Жусан в 2022 году", **NONE, says=["2022", "февраль 2021"]),
    Q("что говорит HRW о Жусане", "figures", ["kz-jusan-2021-hrw"], ["до 650"], not_used=JUSAN[1:]),
    Q("сколько узбекских боевиков в Афганистане по данным ОДКБ", "figures", ["uz-afg-2022-csto"], ["250", "ОДКБ"],
      not_used=["uz-afg-2022-un-kib", "uz-afg-2020-un-imu"]),
    Q("таджикские боевики в Афганистане", "figures", TJ_AFG, ["более 300", "ГКНБ Таджикистана"]),
    Q("боевики из Туркменистана в Афганистане", **NONE, not_used=UZ_AFG + TJ_AFG),
    Q("ИДУ в Таджикистане", **NONE, not_used=TJ_AFG),
    Q("сколько членов Хизб ут-Тахрир задержали в Таджикистане", "figures", TJ_HUT, ["37", "Согдийская область"]),
    Q("аресты ХТ в Согде", "figures", [SUGHD_HUT], ["22", "УВД Согдийской области"]),
    Q("задержания хизбутовцев в Андижане", "figures", [ANDIJAN_HUT], ["18"]),
    Q("по данным МВД сколько задержали членов Хизб ут-Тахрир", "figures", ["tj-hut-2019-mvd"], ["37"],
      not_used=[SUGHD_HUT, KG_HUT, ANDIJAN_HUT]),
    Q("Хизб ут-Тахрир в Казахстане аресты", **NONE),
    Q("задержаные члены хизб ут тахрир кыргызстан", "figures", [KG_HUT], ["54"]),
    Q("сколько задержано хизбутовцев в Киргизии в 2022", "figures", [KG_HUT], ["54"]),
    Q("сколько экстремистских сайтов заблокировали в Казахстане", "figures", KZ_SITES, ["более 3 000", "2 400"]),
    Q("сколько сайтов заблокировано в Узбекистане в 2019 году", **NONE, not_used=[UZ_SITES], says=["2022"]),
    Q("сколько сайтов заблокировал Таджикистан", "figures", [TJ_SITES], ["до 800"]),
    Q("сколько сайтов заблокировано в Казахстане по данным Генпрокуратуры", "figures", KZ_SITES[:1],
      ["более 3 000", "Генеральная прокуратура РК"]),
    Q("сколько осуждено за терроризм в Узбекистане", "figures", UZ_CONV, ["780", "более 1 000", "1 220"]),
    Q("осужденные за экстремизм в Наманганской области", "figures", [NAMANGAN_CONV], ["96"]),
    Q("приговоры по терроризму в Таджикистане в 2022 году", **NONE, not_used=[TJ_CONV], says=["2021"]),
    Q("сколько узбеков осуждено за экстремизм с 2020 года", "figures", UZ_CONV[:2], ["780"],
      not_used=["uz-conv-2019-sc"]),
    Q("динамика осуждённых за терроризм в Узбекистане", "trend", UZ_CONV, ["1 220", "780"]),
    Q("узбекистан таджикистан сравнение осужденные", "comparison", [UZ_CONV[0], TJ_CONV], ["780", "430"]),
    Q("сколько человек исключили из черного списка в Узбекистане", "figures", BLACKLIST,
      ["более 20 000", "16 000", "Шавкат Мирзиёев"]),
    Q("откуда цифра 16000", ["sources", "figures"], BLACKLIST[1:], ["Podrobno.uz"]),
    Q("какой закон об экстремизме принял Узбекистан в 2018 году", "laws", [UZ_LAW], ["Шавкат Мирзиёев"]),
    Q("кто подписал закон О противодействии экстремизму в Узбекистане", "laws", [UZ_LAW], ["Шавкат Мирзиёев"]),
    Q("закон Таджикистана об экстремизме", "laws", [TJ_LAW], ["Эмомали Рахмон"]),
    Q("какой таджикский закон утратил силу", "laws", [TJ_OLD_LAW], ["Эмомали Рахмонов"], not_used=[TJ_LAW]),
    Q("есть ли в Казахстане закон о блокировке сайтов без суда", "laws", [KZ_DRAFT], ["проект"]),
    Q("законопроекты Казахстана", "laws", [KZ_DRAFT]),
    Q("какой закон подписал Рахмон в 2020 году", "laws", [TJ_LAW], not_used=[TJ_OLD_LAW]),
    Q("боевики ИГ из Узбекистана", **NONE, not_used=UZ_AFG),
    Q("сколько киргизов вернули из Сирии", **NONE),
    Q("сколько женщин вернули в Узбекистан", **NONE, not_used=UZ_REP),
    Q("сколько всего вернули в Центральную Азию", "comparison", [*KZ_REP, *TJ_REP[:1], *UZ_REP[:1]],
      ["нет данных"]),
    Q("источники по репатриации в Таджикистан", "sources", TJ_REP, ["UNICEF"]),
    Q("Сколько Узбекистан репатриировал в 2021г?", "figures", ["uz-repat-2021-hrw"], ["более 500"],
      not_used=["uz-repat-2023-05-ombudsman", "uz-repat-2019-05-mid"]),
]

KK = [
    Q("өзбектер қанша қайтарылды", "figures", UZ_REP, ["531"]),
    Q("Озбекстан репатриация", "figures", UZ_REP, ["531"]),
    Q("2019 жылдан бері Өзбекстанға қайтарылғандар", "figures", UZ_REP, ["531", "156"]),
    Q("Тәжікстанға 2020-2022 жылдары қайтарылғандар", "figures", ["tj-repat-2022-10-mid"], ["146"],
      not_used=["tj-repat-2019-04-mid", "tj-repat-2023-unicef"]),
    Q("Өзбекстандағы репатриацияның соңғы деректері", "figures", UZ_REP[:1], ["531"]),
    Q("Өзбекстанға қайтарылғандар саны қалай өзгерді", "trend", UZ_REP, ["156", "531"]),
    Q("Өзбекстан, Тәжікстан және Қазақстан репатриациясын салыстыр", "comparison",
      [*UZ_REP[:1], *TJ_REP[:1], *KZ_REP], ["531", "754", "ҚР СІМ"]),
    Q("Ozbekstanga qaitarylgandar", "figures", UZ_REP, ["531"]),
    Q("Жусан операциясымен қанша адам оралды", "figures", JUSAN, ["650-ге дейін", "607"]),
    Q("Zhusan operaciyasy qansha adam", "figures", JUSAN, ["607"]),
    Q("Маңғыстаудағы Жусан", "figures", [MANGYSTAU], ["64"], not_used=JUSAN),
    Q("2019 жылы Жусан бойынша қанша адам қайтарылды", "figures", JUSAN_2019, ["595", "47"], not_used=JUSAN[:2]),
    Q("HRW Жусан туралы не дейді", "figures", ["kz-jusan-2021-hrw"], ["650-ге дейін"], not_used=JUSAN[1:]),
    Q("Ауғанстандағы өзбек содырлары", "figures", UZ_AFG, ["250", "400-ге дейін", "500–700"]),
    Q("Ауганстандагы тәжік содырлары", "figures", TJ_AFG, ["300-ден астам"]),
    Q("ОДКБ деректері бойынша Ауғанстандағы өзбек содырлары", "figures", ["uz-afg-2022-csto"], ["250"],
      not_used=["uz-afg-2022-un-kib", "uz-afg-2020-un-imu"]),
    Q("Түрікменстаннан Ауғанстандағы содырлар", **NONE, not_used=UZ_AFG + TJ_AFG),
    Q("Tajikstannan Auganstanda qansha sodyr bar", "figures", TJ_AFG, ["300-ден астам"]),
    Q("Тәжікстанда Хизб ут-Тахрир мүшелері қанша ұсталды", "figures", TJ_HUT, ["37"]),
    Q("Соғдыда ұсталған ХТ мүшелері", "figures", [SUGHD_HUT], ["22"]),
    Q("Әндіжанда қанша адам ұсталды", "figures", [ANDIJAN_HUT], ["18"]),
    Q("Қырғызстандағы Хизб ут-Тахрир", "figures", [KG_HUT], ["54"]),
    Q("Қазақстанда Хизб ут-Тахрир мүшелері ұсталды ма", **NONE),
    Q("Ташкентте қанша адам ұсталды", **NONE),
    Q("Қазақстанда қанша экстремистік сайт бұғатталды", "figures", KZ_SITES, ["3 000-нан астам", "2 400"]),
    Q("Qazaqstanda qansha sait buǵattaldy", "figures", KZ_SITES, ["3 000-нан астам"]),
    Q("Kazakstanda kansha sait bugattaldy", "figures", KZ_SITES, ["3 000-нан астам"]),
    Q("Тәжікстанда қанша сайт бұғатталды", "figures", [TJ_SITES], ["800-ге дейін"]),
    Q("Tajikstanda kansha sait bugattaldy", "figures", [TJ_SITES], ["800-ге дейін"]),
    Q("2019 жылы Өзбекстанда бұғатталған сайттар", **NONE, not_used=[UZ_SITES], says=["2022"]),
    Q("Өзбекстанда терроризм үшін қанша адам сотталды", "figures", UZ_CONV, ["780", "1 220"]),
    Q("Ozbekstandagy sottalgandar", "figures", UZ_CONV, ["780"]),
    Q("Наманганда сотталғандар", "figures", [NAMANGAN_CONV], ["96"]),
    Q("2022 жылы Тәжікстанда сотталғандар", **NONE, not_used=[TJ_CONV], says=["2021"]),
    Q("Өзбекстан мен Тәжікстандағы сотталғандарды салыстыр", "comparison", [UZ_CONV[0], TJ_CONV], ["780", "430"]),
    Q("16000 деген сан қайдан алынды", ["sources", "figures"], BLACKLIST[1:], ["Podrobno.uz"]),
    Q("Өзбекстан 2018 жылы қандай заң қабылдады", "laws", [UZ_LAW], ["Shavkat Mirziyoyev"]),
    Q("Өзбекстанның экстремизмге қарсы заңына кім қол қойды", "laws", [UZ_LAW], ["Shavkat Mirziyoyev"]),
    Q("Тәжікстанның экстремизм туралы заңы", "laws", [TJ_LAW], ["Эмомали Рахмон"]),
    Q("Тәжікстанның күшін жойған заңы", "laws", [TJ_OLD_LAW], not_used=[TJ_LAW]),
    Q("Қазақстанда сайттарды сотсыз бұғаттау туралы заң бар ма", "laws", [KZ_DRAFT], ["жоба"]),
    Q("Қазақстандағы заң жобалары", "laws", [KZ_DRAFT]),
    Q("Мирзиёев қол қойған заңдар", "laws", [UZ_LAW]),
    Q("Қырғызстанға қанша адам қайтарылды", **NONE),
    Q("Өзбекстанда әйелдер қанша қайтарылды", **NONE, not_used=UZ_REP),
    Q("Орталық Азияға барлығы қанша адам қайтарылды", "comparison", [*KZ_REP, *TJ_REP[:1], *UZ_REP[:1]],
      ["дерек жоқ"]),
    Q("Тәжікстан репатриациясы бойынша дереккөздер", "sources", TJ_REP, ["UNICEF"]),
]

QUESTIONS, IDS = table(EN, RU, KK)


answerer = table_answerer(STORE_FILE, "fourth-store")


def test_the_table_has_enough_questions_each_once_and_only_known_ids(answerer: Any) -> None:
    assert_sound_table(answerer, (EN, RU, KK), QUESTIONS, minimum=40)


@pytest.mark.parametrize("lang,item", QUESTIONS, ids=IDS)
def test_question(lang: str, item: dict[str, Any], answerer: Any) -> None:
    check_question(answerer, lang, item)


# --- the rules behind some of the table's rows, asserted on the answer itself -----------------

@pytest.mark.parametrize("lang,question", [
    ("en", "UZ repatriation, latest?"),
    ("kk", "Өзбекстандағы репатриацияның соңғы деректері"),
])
def test_latest_leads_with_the_newest_and_keeps_the_rest_as_earlier(answerer: Any, lang: str, question: str) -> None:
    answer = answerer.ask(question, lang=lang)
    assert [e.id for e in answer.estimates] == ["uz-repat-2023-05-ombudsman"]
    assert {e.id for e in answer.earlier} == set(UZ_REP[1:])


def test_latest_with_two_figures_of_the_newest_date_shows_both(answerer: Any) -> None:
    answer = answerer.ask("latest Jusan figure", lang="en")
    assert {e.id for e in answer.estimates} == {"kz-jusan-2021-hrw", "kz-jusan-2021-02-mior"}


def test_a_regional_figure_is_not_shown_as_its_countrys(answerer: Any) -> None:
    from bot.answering import render

    text = render(answerer.ask("terrorism convictions in Uzbekistan", lang="en"), "en", fmt="text")
    assert "96 people" not in text and "Namangan Region" in text


@pytest.mark.parametrize("question", ["which country repatriated the most?",
                                      "which country blocked the most extremist websites"])
def test_most_sorts_rows_by_newest_figure(answerer: Any, question: str) -> None:
    answer = answerer.ask(question, lang="en")
    firsts = [row.place for row in answer.rows]
    assert firsts[0] == "KZ"


# Rows of tests/data/fourth_failures.yaml whose cause has been fixed: they run like the table above.
FIXED = {"W1", "W2", "W3", "W5", "M1", "M3", "M4", "M5", "M6", "U1", "U2", "U3"}


def _fixed_rows() -> list[tuple[str, dict]]:
    from ruamel.yaml import YAML

    doc = YAML(typ="safe").load((STORE_FILE.parent / "fourth_failures.yaml").read_text(encoding="utf-8"))
    return [(row["lang"], Q(row["q"], row["kind"], row.get("uses"), row.get("says"), row.get("not_used"),
                           bool(row.get("no_figures")))) for row in doc["failures"] if row["cause"] in FIXED]


FIXED_ROWS = _fixed_rows()


@pytest.mark.parametrize("lang,item", FIXED_ROWS, ids=[f"{lang}-{item['q'][:30]}" for lang, item in FIXED_ROWS])
def test_once_failing_question(answerer: Any, lang: str, item: dict) -> None:
    check_question(answerer, lang, item)


def test_a_topic_overview_puts_a_regions_figure_on_the_regions_row(answerer: Any) -> None:
    answer = answerer.ask("Hizb ut-Tahrir members detained", lang="en")
    rows = {c.place: c.latest.id for c in answer.overview if c.latest is not None}
    assert rows["TJ"] == "tj-hut-2019-mvd" and rows["TJ-SU"] == SUGHD_HUT  # not Sughd's figure as Tajikistan's
