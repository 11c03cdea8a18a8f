"""Helpers for the answering tests: a test store document and the shipped catalogs."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


TEST_DOC = """
version: 1
places:
  - code: KZ-KAR
    name: {en: Karagandy Region, ru: Карагандинская область, kk: Қарағанды облысы}
    within: KZ
  - code: central-asia
    name: {en: Central Asia, ru: Центральная Азия, kk: Орталық Азия}
    includes: [KZ, KG, TJ, TM, UZ]
topics:
  - key: foreign-fighters
    label: {en: nationals fighting for the Islamic State, ru: "граждане, воюющие за ИГ", kk: ИМ жағында соғысатын азаматтар}
    synonyms: {en: [fighters], ru: [боевики, воюют, воюет], kk: [содырлар]}
  - key: fighters-dead
    label: {en: share of fighters possibly dead, ru: доля погибших боевиков, kk: қаза тапқан содырлардың үлесі}
  - key: fighter-age
    label: {en: age of fighters, ru: возраст боевиков, kk: содырлардың жасы}
  - key: drones
    label: {en: drone incidents}
estimates:
  - id: kz-ff-2014-kisi
    topic: foreign-fighters
    place: KZ
    value: 250
    unit: people
    as_of: 2014-09
    estimator: {en: Kazakhstan Institute for Strategic Studies (KISI), ru: Казахстанский институт стратегических исследований (КИСИ), kk: Қазақстан стратегиялық зерттеулер институты (ҚСЗИ)}
    source: {publication: Tengri News, date: 2014-09-16, title: "Report <script>alert(1)</script> & more", url: "https://example.org/a?x=1&y=2"}
    tags: [islamic-state]
  - id: kz-ff-2015-alpha
    topic: foreign-fighters
    place: KZ
    low: 150
    high: 300
    unit: people
    as_of: 2015-06
    estimator: {en: Alpha Monitoring Group}
    source: {publication: Alpha Gazette, date: 2015-06-20}
    tags: [islamic-state]
  - id: kz-ff-2016-beta
    topic: foreign-fighters
    place: KZ
    value: 400
    unit: people
    as_of: 2016-01
    estimator: {en: Beta Watch, ru: Бета-наблюдение, kk: Бета бақылау}
    source: {publication: Beta Herald, date: 2016-01-15}
    tags: [islamic-state]
  - id: kz-kar-ff-2015
    topic: foreign-fighters
    place: KZ-KAR
    value: 21
    unit: people
    as_of: 2015-02
    estimator: {en: Regional Akimat}
    source: {publication: Karagandy Weekly, date: 2015-02-10}
    tags: [islamic-state]
  - id: uz-ff-2014-kisi
    topic: foreign-fighters
    place: UZ
    low: 500
    unit: people
    as_of: 2014-09
    estimator: {en: Kazakhstan Institute for Strategic Studies (KISI), ru: Казахстанский институт стратегических исследований (КИСИ), kk: Қазақстан стратегиялық зерттеулер институты (ҚСЗИ)}
    source: {publication: Tengri News, date: 2014-09-16}
    tags: [islamic-state, syria, iraq]
  - id: kg-ff-2014-kisi
    topic: foreign-fighters
    place: KG
    value: 100
    unit: people
    as_of: 2014-09
    estimator: {en: Kazakhstan Institute for Strategic Studies (KISI)}
    source: {publication: Tengri News, date: 2014-09-16}
    tags: [islamic-state]
  - id: tj-taliban-2015
    topic: foreign-fighters
    place: TJ
    value: 40
    unit: people
    as_of: 2015
    estimator: {en: Gamma Institute}
    source: {publication: Gamma Review, date: 2015-03-01}
    tags: [taliban]
  - id: kz-dead-2014
    topic: fighters-dead
    place: KZ
    high: 80
    unit: percent
    as_of: 2014-09
    estimator: {en: local experts, ru: местные эксперты, kk: жергілікті сарапшылар}
    source: {publication: Megapolis, date: 2014-09-22}
  - id: kz-age-2014
    topic: fighter-age
    place: KZ
    low: 19
    high: 43
    unit: years
    as_of: 2014-09
    estimator: {en: Kazakhstan Institute for Strategic Studies (KISI)}
    source: {publication: Radiotochka.kz, date: 2014-09-16}
laws:
  - id: kz-2014-extremism
    jurisdiction: KZ
    title:
      en: On amendments to some legislative acts of the Republic of Kazakhstan on combating extremism and terrorism
      ru: О внесении изменений и дополнений в некоторые законодательные акты Республики Казахстан по вопросам противодействия экстремизму и терроризму
      kk: Қазақстан Республикасының кейбір заңнамалық актілеріне экстремизмге және терроризмге қарсы іс-қимыл мәселелері бойынша өзгерістер мен толықтырулар енгізу туралы
    signed: 2014-11-03
    signed_by: {en: Nursultan Nazarbayev, ru: Нурсултан Назарбаев, kk: Нұрсұлтан Назарбаев}
    status: signed
    summary: {en: Measures against nationals fighting abroad.}
    provisions:
      - en: The authorities may ban from entering the country nationals and foreigners whom the KNB links to extremism or terrorism.
        ru: Власти могут запретить въезд в страну гражданам и иностранцам, которых КНБ связывает с экстремизмом или терроризмом.
        kk: Билік ҰҚК экстремизммен немесе терроризммен байланыстыратын азаматтар мен шетелдіктердің елге кіруіне тыйым сала алады.
      - en: Citizens engaging in extremist activities abroad face criminal trial at home.
        ru: Граждане, участвующие в экстремистской деятельности за рубежом, привлекаются к уголовной ответственности на родине.
        kk: Шетелде экстремистік әрекетпен айналысқан азаматтар елде қылмыстық жауапқа тартылады.
      - en: If a court recognises a group as extremist, the group's assets and property are transferred to the state.
        ru: Если суд признаёт группу экстремистской, её активы и имущество конфискуются и передаются государству.
        kk: Егер сот топты экстремистік деп танса, топтың мүлкі мен активтері мемлекетке беріледі.
    source: {publication: Akorda, date: 2014-11-03}
    tags: [extremism, terrorism]
  - id: kg-2016-religion
    jurisdiction: KG
    title: {en: "On freedom of religion <b>and</b> religious organisations", ru: О свободе вероисповедания и религиозных организациях}
    adopted: 2016-05-10
    status: in-force
    provisions:
      - {en: Religious organisations must register with the state commission.}
    source: {publication: Test Bulletin, date: 2016-05-11}
    tags: [religion]
"""


def catalog(lang: str):
    """The shipped gettext catalog of `lang` (locales/<lang>/LC_MESSAGES/messages.po), as Babel reads it."""
    from babel.messages.pofile import read_po

    with (ROOT / "locales" / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f, locale=lang)


def translations(lang: str) -> dict[str, tuple[str, ...]]:
    """msgid (the singular one) -> its forms in the shipped catalog of `lang` (one unless plural)."""
    return {(m.id[0] if isinstance(m.id, tuple | list) else m.id):
            (tuple(m.string) if isinstance(m.string, tuple | list) else (m.string,))
            for m in catalog(lang) if m.id}
