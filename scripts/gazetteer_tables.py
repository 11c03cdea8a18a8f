"""Hand-checked tables for scripts/build_gazetteer.py: what the open sources lack or get wrong.

Every name here was written and reviewed by hand. Fields are separated by "|", alternatives by
";". The first name in each language is the display name. An empty field means "none known":
the generator then keeps what the sources give, and never invents a Kazakh form.
"""

from __future__ import annotations

# --- first-level regions ----------------------------------------------------------------------
# code | English | Russian | Kazakh | anchor
#
# `anchor`: a city of that region as GeoNames names it (usually its administrative centre), used
# only to map GeoNames' own admin1 codes to ISO 3166-2 codes (GeoNames cities say which admin1
# they are in, by GeoNames' code, not ISO's). Anchors are always included as cities, whatever
# their population. "-" for regions that are cities themselves (see CITY_STATUS).
#
# Bare names ("Kunduz", "Tashkent", "Osh") that are also the name of a city belong to the city;
# a region keeps its name with the word for region ("Kunduz Province", "провинция Кундуз",
# "Tashkent Region", "Ташкентская область"). The generator enforces this.
REGIONS = """
KZ-10 | Abai Region; Abay Region; Abai Oblast | Абайская область; область Абай | Абай облысы | Semey
KZ-11 | Akmola Region; Aqmola Region; Akmola Oblast; Akmolinsk Region | Акмолинская область | Ақмола облысы | Kokshetau
KZ-15 | Aktobe Region; Aqtobe Region; Aktobe Oblast; Aktyubinsk Region | Актюбинская область; Актобинская область | Ақтөбе облысы | Aktobe
KZ-19 | Almaty Region; Almaty Oblast; Alma-Ata Region | Алматинская область | Алматы облысы | Konayev
KZ-23 | Atyrau Region; Atyrau Oblast; Guryev Region | Атырауская область | Атырау облысы | Atyrau
KZ-27 | West Kazakhstan Region; West Kazakhstan Oblast | Западно-Казахстанская область; ЗКО | Батыс Қазақстан облысы; БҚО | Oral
KZ-31 | Jambyl Region; Zhambyl Region; Jambyl Oblast; Zhambyl Oblast | Жамбылская область | Жамбыл облысы | Taraz
KZ-33 | Jetisu Region; Zhetisu Region; Zhetysu Region; Jetisu Oblast | Жетысуская область; область Жетысу | Жетісу облысы | Taldykorgan
KZ-35 | Karaganda Region; Karagandy Region; Qaraghandy Region; Karaganda Oblast | Карагандинская область | Қарағанды облысы | Karagandy
KZ-39 | Kostanay Region; Qostanay Region; Kostanai Region; Kostanay Oblast | Костанайская область | Қостанай облысы | Kostanay
KZ-43 | Kyzylorda Region; Qyzylorda Region; Kyzylorda Oblast | Кызылординская область | Қызылорда облысы | Kyzylorda
KZ-47 | Mangystau Region; Mangghystau Region; Mangistau Region; Mangystau Oblast | Мангистауская область; Мангыстауская область | Маңғыстау облысы | Aktau
KZ-55 | Pavlodar Region; Pavlodar Oblast | Павлодарская область | Павлодар облысы | Pavlodar
KZ-59 | North Kazakhstan Region; North Kazakhstan Oblast | Северо-Казахстанская область; СКО | Солтүстік Қазақстан облысы; СҚО | Petropavl
KZ-61 | Turkistan Region; Turkestan Region; Turkistan Oblast; South Kazakhstan Region | Туркестанская область; Южно-Казахстанская область; ЮКО | Түркістан облысы; Оңтүстік Қазақстан облысы; ОҚО | Turkistan
KZ-62 | Ulytau Region; Ulytau Oblast | Улытауская область; область Улытау | Ұлытау облысы | Zhezqazghan
KZ-63 | East Kazakhstan Region; East Kazakhstan Oblast | Восточно-Казахстанская область; ВКО | Шығыс Қазақстан облысы; ШҚО | Ust-Kamenogorsk
KG-B | Batken Region; Batken Oblast | Баткенская область | Баткен облысы | Batken
KG-C | Chuy Region; Chui Region; Chuy Oblast | Чуйская область | Шу облысы | Tokmok
KG-J | Jalal-Abad Region; Jalalabad Region; Jalal-Abad Oblast | Джалал-Абадская область | Жалалабад облысы | 1528249
KG-N | Naryn Region; Naryn Oblast | Нарынская область | Нарын облысы | Naryn
KG-O | Osh Region; Osh Oblast | Ошская область | Ош облысы | Uzgen
KG-T | Talas Region; Talas Oblast | Таласская область | Талас облысы | 1527299
KG-Y | Issyk-Kul Region; Ysyk-Kol Region; Issyk-Kul Oblast | Иссык-Кульская область | Ыстықкөл облысы | Karakol
TJ-GB | Gorno-Badakhshan Autonomous Region; Gorno-Badakhshan; GBAO; Mountainous Badakhshan | Горно-Бадахшанская автономная область; Горный Бадахшан; ГБАО | Таулы Бадахшан автономиялық облысы; Таулы Бадахшан | Khorugh
TJ-KT | Khatlon Region; Khatlon; Khatlon Oblast | Хатлонская область; Хатлон | Хатлон облысы | Bokhtar
TJ-RA | Districts of Republican Subordination; Region of Republican Subordination | Районы республиканского подчинения; РРП | Республикалық бағыныстағы аудандар | 1220855
TJ-SU | Sughd Region; Sughd; Sogd Region; Sughd Oblast | Согдийская область; Согд | Соғды облысы | Khujand
TM-A | Ahal Region; Ahal Province; Akhal Region | Ахалский велаят; Ахалская область | Ахал уәлаяты; Ахал велаяты; Ахал облысы | Tejen
TM-B | Balkan Region; Balkan Province | Балканский велаят; Балканская область | Балқан уәлаяты; Балқан велаяты; Балкан велаяты; Балқан облысы | Balkanabat
TM-D | Dashoguz Region; Dashoguz Province; Dasoguz Region | Дашогузский велаят; Дашогузская область | Дашоғыз уәлаяты; Дашоғыз велаяты; Дашогуз велаяты; Дашоғыз облысы | Daşoguz
TM-L | Lebap Region; Lebap Province | Лебапский велаят; Лебапская область | Лебап уәлаяты; Лебап велаяты; Лебап облысы | Türkmenabat
TM-M | Mary Region; Mary Province | Марыйский велаят; Марыйская область | Мары уәлаяты; Мары велаяты; Мары облысы | Mary
UZ-AN | Andijan Region; Andijon Region; Andizhan Region | Андижанская область | Әндіжан облысы | Andijon
UZ-BU | Bukhara Region; Bukhoro Region; Buxoro Region | Бухарская область | Бұхара облысы | Bukhara
UZ-FA | Fergana Region; Ferghana Region; Fargona Region | Ферганская область | Ферғана облысы | Fergana
UZ-JI | Jizzakh Region; Jizzax Region; Djizak Region | Джизакская область | Жызақ облысы | Jizzax
UZ-NG | Namangan Region | Наманганская область | Наманған облысы | Namangan
UZ-NW | Navoiy Region; Navoi Region | Навоийская область | Науаи облысы | Navoiy
UZ-QA | Kashkadarya Region; Qashqadaryo Region | Кашкадарьинская область | Қашқадария облысы | Qarshi
UZ-QR | Karakalpakstan; Republic of Karakalpakstan; Qoraqalpogiston | Каракалпакстан; Республика Каракалпакстан | Қарақалпақстан; Қарақалпақстан Республикасы | Nukus
UZ-SA | Samarkand Region; Samarqand Region | Самаркандская область | Самарқанд облысы | Samarkand
UZ-SI | Syrdarya Region; Sirdaryo Region | Сырдарьинская область | Сырдария облысы | Guliston
UZ-SU | Surkhandarya Region; Surxondaryo Region | Сурхандарьинская область | Сурхандария облысы | Tirmiz
UZ-TO | Tashkent Region; Toshkent Region | Ташкентская область | Ташкент облысы | Angren
UZ-XO | Khorezm Region; Xorazm Region; Khwarezm Region | Хорезмская область | Хорезм облысы | Urganch
RU-AD | Adygea; Republic of Adygea; Adygeya | Адыгея; Республика Адыгея | Адыгея | Maykop
RU-AL | Altai Republic; Republic of Altai | Республика Алтай | Алтай Республикасы | Gorno-Altaysk
RU-ALT | Altai Krai | Алтайский край | Алтай өлкесі | Barnaul
RU-AMU | Amur Oblast | Амурская область | Амур облысы | Blagoveshchensk
RU-ARK | Arkhangelsk Oblast | Архангельская область | | Arkhangelsk
RU-AST | Astrakhan Oblast | Астраханская область | Астрахан облысы | Astrakhan
RU-BA | Bashkortostan; Republic of Bashkortostan; Bashkiria | Башкортостан; Республика Башкортостан; Башкирия | Башқұртстан | Ufa
RU-BEL | Belgorod Oblast | Белгородская область | | Belgorod
RU-BRY | Bryansk Oblast | Брянская область | | Bryansk
RU-BU | Buryatia; Republic of Buryatia | Бурятия; Республика Бурятия | Бурятия | Ulan-Ude
RU-CE | Chechnya; Chechen Republic | Чечня; Чеченская Республика | Шешенстан; Шешен Республикасы | Grozny
RU-CHE | Chelyabinsk Oblast | Челябинская область | Челябі облысы | Chelyabinsk
RU-CHU | Chukotka; Chukotka Autonomous Okrug | Чукотка; Чукотский автономный округ | | Anadyr
RU-CU | Chuvashia; Chuvash Republic | Чувашия; Чувашская Республика | | Cheboksary
RU-DA | Dagestan; Republic of Dagestan; Daghestan | Дагестан; Республика Дагестан | Дағыстан | Makhachkala
RU-IN | Ingushetia; Republic of Ingushetia | Ингушетия; Республика Ингушетия | Ингушетия | Nazran
RU-IRK | Irkutsk Oblast | Иркутская область | | Irkutsk
RU-IVA | Ivanovo Oblast | Ивановская область | | Ivanovo
RU-KAM | Kamchatka Krai; Kamchatka | Камчатский край; Камчатка | | Petropavlovsk-Kamchatsky
RU-KB | Kabardino-Balkaria; Kabardino-Balkarian Republic | Кабардино-Балкария; Кабардино-Балкарская Республика | | Nalchik
RU-KC | Karachay-Cherkessia; Karachay-Cherkess Republic | Карачаево-Черкесия; Карачаево-Черкесская Республика | | Cherkessk
RU-KDA | Krasnodar Krai; Kuban | Краснодарский край; Кубань | | Krasnodar
RU-KEM | Kemerovo Oblast; Kuzbass | Кемеровская область; Кузбасс | | Kemerovo
RU-KGD | Kaliningrad Oblast | Калининградская область | | Kaliningrad
RU-KGN | Kurgan Oblast | Курганская область | Қорған облысы | Kurgan
RU-KHA | Khabarovsk Krai | Хабаровский край | | Khabarovsk
RU-KHM | Khanty-Mansi Autonomous Okrug; Khanty-Mansi Autonomous Okrug-Yugra; Yugra | Ханты-Мансийский автономный округ; ХМАО; Югра | | Khanty-Mansiysk
RU-KIR | Kirov Oblast | Кировская область | | Kirov
RU-KK | Khakassia; Republic of Khakassia | Хакасия; Республика Хакасия | | Abakan
RU-KL | Kalmykia; Republic of Kalmykia | Калмыкия; Республика Калмыкия | | Elista
RU-KLU | Kaluga Oblast | Калужская область | | Kaluga
RU-KO | Komi Republic; Republic of Komi | Республика Коми | | Syktyvkar
RU-KOS | Kostroma Oblast | Костромская область | | Kostroma
RU-KR | Karelia; Republic of Karelia | Карелия; Республика Карелия | | Petrozavodsk
RU-KRS | Kursk Oblast | Курская область | | Kursk
RU-KYA | Krasnoyarsk Krai | Красноярский край | | Krasnoyarsk
RU-LEN | Leningrad Oblast | Ленинградская область | Ленинград облысы | Gatchina
RU-LIP | Lipetsk Oblast | Липецкая область | | Lipetsk
RU-MAG | Magadan Oblast | Магаданская область | | Magadan
RU-ME | Mari El; Mari El Republic | Марий Эл; Республика Марий Эл | | Yoshkar-Ola
RU-MO | Mordovia; Republic of Mordovia | Мордовия; Республика Мордовия | | Saransk
RU-MOS | Moscow Oblast; Moscow Region | Московская область; Подмосковье | Мәскеу облысы | Krasnogorsk
RU-MUR | Murmansk Oblast | Мурманская область | | Murmansk
RU-NEN | Nenets Autonomous Okrug | Ненецкий автономный округ | | Naryan-Mar
RU-NGR | Novgorod Oblast | Новгородская область | | Velikiy Novgorod
RU-NIZ | Nizhny Novgorod Oblast | Нижегородская область | | Nizhniy Novgorod
RU-NVS | Novosibirsk Oblast | Новосибирская область | Новосібір облысы | Novosibirsk
RU-OMS | Omsk Oblast | Омская область | Омбы облысы | Omsk
RU-ORE | Orenburg Oblast | Оренбургская область | Орынбор облысы | Orenburg
RU-ORL | Oryol Oblast; Orel Oblast | Орловская область | | Orël
RU-PER | Perm Krai | Пермский край | | Perm
RU-PNZ | Penza Oblast | Пензенская область | | Penza
RU-PRI | Primorsky Krai; Primorye | Приморский край; Приморье | | Vladivostok
RU-PSK | Pskov Oblast | Псковская область | | Pskov
RU-ROS | Rostov Oblast | Ростовская область | | Rostov-on-Don
RU-RYA | Ryazan Oblast | Рязанская область | | Ryazan’
RU-SA | Sakha Republic; Yakutia; Republic of Sakha | Якутия; Республика Саха | Якутия; Саха Республикасы | Yakutsk
RU-SAK | Sakhalin Oblast | Сахалинская область | | Yuzhno-Sakhalinsk
RU-SAM | Samara Oblast | Самарская область | Самара облысы | Samara
RU-SAR | Saratov Oblast | Саратовская область | Саратов облысы | Saratov
RU-SE | North Ossetia; North Ossetia-Alania; Republic of North Ossetia-Alania | Северная Осетия; Республика Северная Осетия — Алания | Солтүстік Осетия | Vladikavkaz
RU-SMO | Smolensk Oblast | Смоленская область | | Smolensk
RU-STA | Stavropol Krai | Ставропольский край | | Stavropol
RU-SVE | Sverdlovsk Oblast | Свердловская область | Свердлов облысы | Yekaterinburg
RU-TA | Tatarstan; Republic of Tatarstan | Татарстан; Республика Татарстан | Татарстан | Kazan
RU-TAM | Tambov Oblast | Тамбовская область | | Tambov
RU-TOM | Tomsk Oblast | Томская область | | Tomsk
RU-TUL | Tula Oblast | Тульская область | | Tula
RU-TVE | Tver Oblast | Тверская область | | Tver
RU-TY | Tuva; Tyva; Tuva Republic | Тува; Тыва; Республика Тыва | Тыва | Kyzyl
RU-TYU | Tyumen Oblast | Тюменская область | Түмен облысы | Tyumen
RU-UD | Udmurtia; Udmurt Republic | Удмуртия; Удмуртская Республика | | Izhevsk
RU-ULY | Ulyanovsk Oblast | Ульяновская область | | Ulyanovsk
RU-VGG | Volgograd Oblast | Волгоградская область | Волгоград облысы | Volgograd
RU-VLA | Vladimir Oblast | Владимирская область | | Vladimir
RU-VLG | Vologda Oblast | Вологодская область | | Vologda
RU-VOR | Voronezh Oblast | Воронежская область | | Voronezh
RU-YAN | Yamalo-Nenets Autonomous Okrug; Yamal | Ямало-Ненецкий автономный округ; ЯНАО; Ямал | | Salekhard
RU-YAR | Yaroslavl Oblast | Ярославская область | | Yaroslavl
RU-YEV | Jewish Autonomous Oblast | Еврейская автономная область | | Birobidzhan
RU-ZAB | Zabaykalsky Krai; Transbaikal Krai | Забайкальский край; Забайкалье | | Chita
"""

# Afghanistan's provinces: the English and Russian names come from ISO 3166-2 (pycountry, its
# Russian catalogue); the generator adds "X Province" / "провинция X" / "X уәлаяты" forms. These
# are the Kazakh names known for certain (others: none, the Russian form reads the same in Kazakh).
AF_KAZAKH = {
    "AF-KDZ": "Құндыз",
    "AF-KAB": "Кабул",
    "AF-HER": "Герат",
    "AF-KAN": "Кандағар",
    "AF-BAL": "Балх",
    "AF-BDS": "Бадахшан",
}
# Anchor cities of the provinces (GeoNames ids of the provincial centres; see REGIONS). Kapisa's
# centre is not in GeoNames' cities: its towns are within AF only.
AF_ANCHORS = {
    "AF-BAL": 1133616, "AF-BAM": 1147242, "AF-BDG": 1129867, "AF-BDS": 1142170, "AF-BGL": 1130490,
    "AF-DAY": 1131833, "AF-FRA": 1142264, "AF-FYB": 1133453, "AF-GHA": 1141269, "AF-GHO": 1145904,
    "AF-HEL": 1134720, "AF-HER": 1140026, "AF-JOW": 1125444, "AF-KAB": 1138958, "AF-KAN": 1138336,
    "AF-KDZ": 1135689, "AF-KHO": 1136469, "AF-KNR": 1148311, "AF-LAG": 1133574, "AF-LOG": 1130497,
    "AF-NAN": 1139715, "AF-NIM": 1120985, "AF-NUR": 1130469, "AF-PAN": 1429434, "AF-PAR": 1145352,
    "AF-PIA": 1141857, "AF-PKA": 8534261, "AF-SAM": 1127768, "AF-SAR": 1127110, "AF-TAK": 1123004,
    "AF-URU": 1122747, "AF-WAR": 1456960, "AF-ZAB": 1130131,
}
# GeoNames admin1 codes that are no ISO region: Baikonur (KZ 08), leased to Russia
NOT_REGIONS = frozenset({("KZ", "08")})

# English names where ISO's (diacritics dropped) is not the usual English spelling
AF_ENGLISH = {
    "AF-GHO": "Ghor",
    "AF-KNR": "Kunar",
    "AF-PAN": "Panjshir",
    "AF-PAR": "Parwan",
    "AF-PIA": "Paktia",
    "AF-PKA": "Paktika",
    "AF-SAR": "Sar-e Pol",
    "AF-URU": "Uruzgan",
    "AF-NUR": "Nuristan",
}

# --- regions that are cities (ISO 3166-2 subdivisions with city status) -------------------------
# ISO code -> the GeoNames city it is. These become `kind: city` entries under their ISO code, and
# no second, GeoNames-coded entry is made for them.
CITY_STATUS = {
    "KZ-71": 1526273,  # Astana
    "KZ-75": 1526384,  # Almaty
    "KZ-79": 1518980,  # Shymkent
    "KG-GB": 1528675,  # Bishkek
    "KG-GO": 1527534,  # Osh
    "TJ-DU": 1221874,  # Dushanbe
    "TM-S": 162183,  # Ashgabat
    "UZ-TK": 1512569,  # Tashkent
    "RU-MOW": 524901,  # Moscow
    "RU-SPE": 498817,  # Saint Petersburg
}

# --- cities -------------------------------------------------------------------------------------
# GeoNames id | English | Russian | Kazakh
# These names come first (the display name is the first); the sources' own names follow.
CITIES = """
1526273 | Astana; Nur-Sultan; Akmola; Aqmola; Tselinograd; Akmolinsk | Астана; Нур-Султан; Акмола; Целиноград; Акмолинск | Астана; Нұр-Сұлтан; Ақмола
1526384 | Almaty; Alma-Ata; Alma Ata | Алматы; Алма-Ата | Алматы; Алма-Ата
1518980 | Shymkent; Chimkent; Shimkent | Шымкент; Чимкент | Шымкент
610611 | Aktobe; Aqtobe; Aktyubinsk | Актобе; Актюбинск | Ақтөбе
609655 | Karaganda; Karagandy; Qaraghandy | Караганда | Қарағанды
1516905 | Taraz; Dzhambul | Тараз; Джамбул | Тараз
1519922 | Kyzylorda; Qyzylorda; Kzyl-Orda | Кызылорда; Кзыл-Орда | Қызылорда
608668 | Oral; Uralsk | Уральск; Орал | Орал
1520240 | Pavlodar | Павлодар | Павлодар
1520316 | Oskemen; Ust-Kamenogorsk; Öskemen | Усть-Каменогорск; Оскемен | Өскемен
1519422 | Semey; Semipalatinsk | Семей; Семипалатинск | Семей
610529 | Atyrau; Guryev | Атырау; Гурьев | Атырау
1517945 | Turkistan; Turkestan | Туркестан | Түркістан
1519928 | Kostanay; Qostanay; Kostanai; Kustanay | Костанай; Кустанай | Қостанай
1520172 | Petropavl; Petropavlovsk | Петропавловск; Петропавл | Петропавл
1518262 | Temirtau | Темиртау | Теміртау
1522203 | Kokshetau; Kokchetav | Кокшетау; Кокчетав | Көкшетау
610612 | Aktau; Aqtau | Актау | Ақтау
1519843 | Rudny; Rudnyy | Рудный | Рудный
1524325 | Ekibastuz | Экибастуз | Екібастұз
1518542 | Taldykorgan; Taldyqorghan | Талдыкорган | Талдықорған
1516589 | Zhezkazgan; Jezkazgan; Zhezqazghan | Жезказган | Жезқазған
607610 | Zhanaozen; Janaozen; Novy Uzen | Жанаозен; Новый Узень | Жаңаөзен
1525798 | Balkhash; Balqash | Балхаш | Балқаш
1521368 | Baikonur; Baykonur; Leninsk | Байконур | Байқоңыр
1520692 | Satpayev; Satbayev | Сатпаев | Сәтбаев
1522751 | Kentau | Кентау | Кентау
1521370 | Ridder; Leninogorsk | Риддер; Лениногорск | Риддер
609123 | Kulsary; Qulsary | Кульсары | Құлсары
1519948 | Konayev; Qonaev; Kapchagay; Kapshagay | Конаев; Капчагай | Қонаев; Қапшағай
1528675 | Bishkek; Frunze | Бишкек; Фрунзе | Бішкек
1527534 | Osh | Ош | Ош
1528249 | Jalal-Abad | Джалал-Абад; Жалал-Абад | Жалалабад
1528121 | Karakol; Przhevalsk | Каракол; Пржевальск | Қарақол
1527199 | Tokmok; Tokmak | Токмок; Токмак | Тоқмақ
1527592 | Naryn | Нарын | Нарын
1527299 | Talas | Талас | Талас
1528735 | Batken | Баткен | Баткен
1527513 | Uzgen; Ozgon | Узген | Өзген
1221874 | Dushanbe; Stalinabad | Душанбе; Сталинабад | Душанбе
1514879 | Khujand; Khodjent; Leninabad | Худжанд; Ходжент; Ленинабад |
1221194 | Kulob; Kulyab | Куляб; Кулоб |
1220747 | Bokhtar; Qurghonteppa; Kurgan-Tyube | Бохтар; Курган-Тюбе |
1221328 | Khorugh; Khorog | Хорог |
162183 | Ashgabat; Ashkhabad; Ashgabad | Ашхабад; Ашгабат | Ашхабад; Ашғабат
1219649 | Turkmenabat; Chardzhou | Туркменабат; Чарджоу | Түрікменабат
601734 | Dashoguz; Dasoguz; Tashauz | Дашогуз; Ташауз | Дашоғыз
1218667 | Mary; Merv | Мары | Мары
601594 | Turkmenbashi; Krasnovodsk | Туркменбаши; Красноводск | Түркменбашы
161616 | Balkanabat; Nebit-Dag | Балканабат; Небит-Даг | Балқанабат
1512569 | Tashkent; Toshkent | Ташкент | Ташкент
1514588 | Andijan; Andijon; Andizhan | Андижан | Әндіжан
1513157 | Namangan | Наманган | Наманған
1216265 | Samarkand; Samarqand | Самарканд | Самарқанд
601294 | Nukus | Нукус | Нүкіс
1514019 | Fergana; Ferghana; Fargona | Фергана | Ферғана
1217662 | Bukhara; Bukhoro; Buxoro | Бухара | Бұхара
1216311 | Karshi; Qarshi | Карши | Қарши
1513243 | Margilan; Margilon | Маргилан |
1513131 | Navoi; Navoiy | Навои | Науаи
1513886 | Jizzakh; Jizzax; Djizak | Джизак | Жызақ
1215957 | Termez; Tirmiz | Термез | Термез
1512473 | Urgench; Urganch | Ургенч | Үргеніш
1513604 | Khiva; Xiva | Хива | Хиуа
1514210 | Chirchiq; Chirchik | Чирчик |
1513064 | Almalyk; Olmaliq | Алмалык |
1513966 | Gulistan; Guliston | Гулистан |
1215839 | Urgut | Ургут |
1514192 | Chust | Чуст |
1216982 | Kattakurgan; Kattaqorgon | Каттакурган |
1217180 | Kogon; Kagan | Каган; Коган |
601339 | Khodjeyli; Xojayli | Ходжейли |
601323 | Kungrad; Qunghirot | Кунград; Кунгирот |
601417 | Oltinkul; Oltinko'l | Алтынкуль; Олтинкуль |
1512832 | Shahrikhan; Shahrixon | Шахрихан |
1513331 | Kuvasay; Quvasoy | Кувасай |
1513714 | Kasansay; Kosonsoy | Касансай |
1514258 | Chartak; Chortoq | Чартак |
1514382 | Besharyk; Beshariq | Бешарык |
1138958 | Kabul | Кабул | Кабул
1140026 | Herat | Герат | Герат
1133616 | Mazar-i-Sharif; Mazar-e Sharif | Мазари-Шариф | Мазари-Шариф
1138336 | Kandahar | Кандагар | Кандағар
1139715 | Jalalabad | Джелалабад; Джалалабад |
1135689 | Kunduz | Кундуз | Құндыз
1121381 | Yakawlang; Bazar-e Yakawlang | Якавланг |
1129867 | Qala-i-Naw; Qala i Naw; Qala-e Naw | Калайи-Нау; Кала-и-Нау |
1131833 | Nili | Нили |
1142264 | Farah | Фарах |
1145904 | Chaghcharan; Firozkoh; Feroz Koh | Чагчаран; Фирозкох |
1134720 | Lashkar Gah; Lashkargah | Лашкаргах; Лашкар-Гах |
1142170 | Fayzabad; Faizabad | Файзабад |
1148311 | Asadabad | Асадабад |
1133574 | Mehtar Lam; Mihtarlam | Мехтарлам |
1130497 | Pul-i-Alam; Pul-e Alam | Пули-Алам |
1120985 | Zaranj | Зарандж |
1130469 | Parun | Парун |
8534261 | Sharan | Шаран |
1127768 | Aybak; Aibak | Айбак |
1122747 | Tarinkot; Tarin Kowt; Tarin Kot | Тарин-Кот; Таринкот |
1456960 | Maidan Shahr; Maydan Shahr | Майдан-Шахр |
1130131 | Qalat | Калат |
524901 | Moscow | Москва | Мәскеу
498817 | Saint Petersburg; St Petersburg; St. Petersburg; Petersburg; Leningrad | Санкт-Петербург; Петербург; Ленинград | Санкт-Петербург
1496153 | Omsk | Омск | Омбы
515003 | Orenburg | Оренбург | Орынбор
1508291 | Chelyabinsk | Челябинск | Челябі
1496747 | Novosibirsk | Новосибирск | Новосібір
1501321 | Kurgan | Курган | Қорған
1488754 | Tyumen | Тюмень | Түмен
580497 | Astrakhan | Астрахань | Астрахан
1486209 | Yekaterinburg; Ekaterinburg; Sverdlovsk | Екатеринбург; Свердловск | Екатеринбург
498677 | Saratov | Саратов | Саратов
472757 | Volgograd; Stalingrad | Волгоград; Сталинград | Волгоград
499099 | Samara; Kuibyshev | Самара; Куйбышев | Самара
551487 | Kazan | Казань | Қазан
1510853 | Barnaul | Барнаул | Барнауыл
558418 | Grozny; Groznyy | Грозный |
532096 | Makhachkala | Махачкала | Махачқала
520555 | Nizhny Novgorod; Nizhniy Novgorod; Gorky | Нижний Новгород; Горький |
519336 | Veliky Novgorod; Velikiy Novgorod; Novgorod | Великий Новгород; Новгород |
523750 | Naberezhnye Chelny; Naberezhnyye Chelny | Набережные Челны |
487928 | Stary Oskol; Staryy Oskol | Старый Оскол |
1504826 | Kamensk-Uralsky; Kamensk-Uralskiy | Каменск-Уральский |
"""

# GeoNames cities left out: parts of a city that GeoNames lists as cities of their own.
EXCLUDED_CITIES = {
    1512296: "Yunusobod, a district of Tashkent",
    1514230: "Chilanzar, a district of Tashkent",
    1514257: "Sergeli, a district of Tashkent",
    8504958: "Akademicheskoe, a district of Yekaterinburg",
    463355: "Zheleznodorozhny, part of Balashikha since 2015 (and a common adjective)",
}

# Names from the sources that are not used: other places' names, or words ("Верный" is "faithful")
DROPPED_NAMES = frozenset({
    "Верный", "Verny", "Vernyy", "Шевченко", "Shevchenko", "Жамбыл", "Zhambyl", "Jambyl", "Dzhambyl",
    "Manas", "Манас",  # GeoNames' name for Jalal-Abad; Manas is the epic (and Bishkek's airport)
    "Margiana",  # the ancient region, not the city of Mary
    "Қарсы",  # Kazakh "against", not Karshi (Қарши)
    # spellings that read as Kazakh words once transliterated (сараң stingy, қасаң stiff, қысыл- be
    # squeezed, қаршыға hawk) or are a first name (Taras)
    "Saran", "Şaran", "Kasan", "Kysyl", "Taras", "Каршы",
    # truncated or odd spellings that are Russian words (заранее, плеск, перемена, холм)
    "Зарани", "Плесков", "Перем", "Perem", "Перым", "Кулм", "Моська",
    "Leninskiy", "Leninskij", "Ленинский",  # Baikonur's old name is Leninsk; Ленинский is an adjective
    "Balkan",  # Turkmenistan's Balkan Region by its ISO name alone; the Balkans otherwise
})
