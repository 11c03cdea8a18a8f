"""Builds a synthetic store for the benchmarks: 10,000 estimates, 1,000 laws and 100,000 reports
over every ISO country and 30 topics with en/ru/kk labels (seeded, so every run is the same).

    python bench/synthetic.py [--quick] [--db PATH] [--force]

--quick scales everything down 100x. The SQLite file is kept (in the temp directory unless --db
says otherwise) and reused by the other benchmarks while its counts match.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SEED = 20141117  # the seed article's date
FULL = {"estimates": 10_000, "laws": 1_000, "reports": 100_000}

# (key, unit, en, ru, kk): what an estimate counts, labelled in the three languages.
TOPICS: list[tuple[str, str, str, str, str]] = [
    ("foreign-fighters", "people", "foreign fighters", "иностранные боевики", "шетелдік содырлар"),
    ("returnees", "people", "returnees from conflict zones", "вернувшиеся из зон конфликтов",
     "қақтығыс аймақтарынан оралғандар"),
    ("terrorism-arrests", "people", "terrorism arrests", "аресты по делам о терроризме",
     "терроризм істері бойынша қамауға алынғандар"),
    ("extremism-convictions", "people", "extremism convictions", "приговоры за экстремизм",
     "экстремизм үшін сотталғандар"),
    ("recruitment-cases", "events", "recruitment cases", "случаи вербовки", "жалдау жағдайлары"),
    ("deaths-abroad", "people", "deaths in conflict zones", "погибшие в зонах конфликтов",
     "қақтығыс аймақтарында қаза тапқандар"),
    ("banned-organisations", "organisations", "banned organisations", "запрещённые организации",
     "тыйым салынған ұйымдар"),
    ("terrorist-attacks", "events", "terrorist attacks", "террористические акты", "террористік актілер"),
    ("prevented-attacks", "events", "prevented attacks", "предотвращённые теракты",
     "алдын алынған терактілер"),
    ("deradicalisation", "people", "deradicalisation programme participants",
     "участники программ дерадикализации", "дерадикализация бағдарламаларының қатысушылары"),
    ("extremist-prisoners", "people", "prisoners convicted of extremism",
     "заключённые, осуждённые за экстремизм", "экстремизм үшін сотталған тұтқындар"),
    ("women-in-conflict-zones", "people", "women in conflict zones", "женщины в зонах конфликтов",
     "қақтығыс аймақтарындағы әйелдер"),
    ("children-repatriated", "people", "repatriated children", "репатриированные дети",
     "елге қайтарылған балалар"),
    ("blocked-websites", "websites", "blocked extremist websites", "заблокированные экстремистские сайты",
     "бұғатталған экстремистік сайттар"),
    ("online-propaganda", "materials", "online propaganda materials", "материалы пропаганды в интернете",
     "интернеттегі үгіт материалдары"),
    ("weapons-seized", "items", "seized weapons", "изъятое оружие", "тәркіленген қару"),
    ("drug-seizures", "kg", "drug seizures", "изъятия наркотиков", "есірткі тәркілеу"),
    ("border-incidents", "events", "border incidents", "пограничные инциденты", "шекарадағы оқиғалар"),
    ("refugees", "people", "refugees", "беженцы", "босқындар"),
    ("labour-migrants", "people", "labour migrants abroad", "трудовые мигранты за рубежом",
     "шетелдегі еңбек мигранттары"),
    ("religious-associations", "organisations", "registered religious associations",
     "зарегистрированные религиозные объединения", "тіркелген діни бірлестіктер"),
    ("mosques", "buildings", "mosques", "мечети", "мешіттер"),
    ("foreign-missionaries", "people", "foreign missionaries", "иностранные миссионеры",
     "шетелдік миссионерлер"),
    ("hate-crimes", "events", "hate crimes", "преступления на почве ненависти",
     "өшпенділік негізіндегі қылмыстар"),
    ("cybercrime", "events", "cybercrime cases", "киберпреступления", "киберқылмыстар"),
    ("kidnappings", "events", "kidnappings", "похищения людей", "адам ұрлау"),
    ("terrorism-financing", "events", "terrorism financing cases", "дела о финансировании терроризма",
     "терроризмді қаржыландыру істері"),
    ("sanctioned-persons", "people", "persons on sanctions lists", "лица в санкционных списках",
     "санкциялық тізімдердегі адамдар"),
    ("security-budget", "percent", "security budget share", "доля расходов на безопасность",
     "қауіпсіздік шығындарының үлесі"),
    ("public-trust", "percent", "public trust in security services", "доверие к спецслужбам",
     "арнаулы қызметтерге сенім"),
]

# (en, ru, kk) estimator bodies; each gets a numbered branch so there are many distinct names.
ESTIMATORS = [
    ("Institute for Strategic Studies", "Институт стратегических исследований",
     "Стратегиялық зерттеулер институты"),
    ("National Security Committee", "Комитет национальной безопасности", "Ұлттық қауіпсіздік комитеті"),
    ("Prosecutor General's Office", "Генеральная прокуратура", "Бас прокуратура"),
    ("Ministry of Internal Affairs", "Министерство внутренних дел", "Ішкі істер министрлігі"),
    ("Agency for Religious Affairs", "Агентство по делам религий", "Дін істері агенттігі"),
    ("Centre for Conflict Research", "Центр исследования конфликтов", "Қақтығыстарды зерттеу орталығы"),
    ("Soufan Group", "Soufan Group", "Soufan Group"),
    ("International Crisis Group", "Международная кризисная группа", "Халықаралық дағдарыс тобы"),
    ("Border Service", "Пограничная служба", "Шекара қызметі"),
    ("Supreme Court", "Верховный суд", "Жоғарғы сот"),
    ("Parliamentary Commission", "Парламентская комиссия", "Парламенттік комиссия"),
    ("Independent Monitoring Group", "Независимая группа мониторинга", "Тәуелсіз мониторинг тобы"),
]
PUBLICATIONS = [
    "Tengri News", "Vlast.kz", "Eurasia Daily Monitor", "Fergana News", "Azattyq", "Kursiv",
    "The Diplomat", "RFE/RL", "Kazinform", "Interfax", "Reuters", "24.kz",
]
LAW_KINDS = [
    ("Law on {}", "Закон: {}", "Заң: {}"),
    ("Decree on {}", "Указ: {}", "Жарлық: {}"),
    ("Amendments concerning {}", "Поправки: {}", "Түзетулер: {}"),
]
PROVISIONS = [
    ("Raises penalties for {}", "Ужесточает наказания: {}", "Жазаны күшейтеді: {}"),
    ("Allows confiscation of assets in cases of {}", "Разрешает конфискацию имущества: {}",
     "Мүлікті тәркілеуге рұқсат береді: {}"),
    ("Creates a register of {}", "Создаёт реестр: {}", "Тізілім құрады: {}"),
    ("Requires annual reporting on {}", "Требует ежегодной отчётности: {}",
     "Жыл сайынғы есептілікті талап етеді: {}"),
]
STATUSES = ("draft", "adopted", "signed", "in-force", "repealed")


@dataclass(frozen=True)
class Scale:
    estimates: int
    laws: int
    reports: int

    @classmethod
    def of(cls, quick: bool) -> Scale:
        factor = 100 if quick else 1
        return cls(*(FULL[k] // factor for k in ("estimates", "laws", "reports")))

    @property
    def name(self) -> str:
        return f"e{self.estimates}-l{self.laws}-r{self.reports}"


# Two-letter CLDR territories that are not countries (groupings, pseudo-locales, unknown).
NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})


def countries() -> list[str]:
    """Every ISO 3166-1 alpha-2 country CLDR names (the store accepts these as places)."""
    from bot.store.validate import iso_countries

    return sorted(iso_countries() - NOT_COUNTRIES)


def _date(rng: random.Random, first: int = 2005, last: int = 2024) -> str:
    year = rng.randint(first, last)
    kind = rng.random()
    if kind < 0.3:
        return str(year)
    month = rng.randint(1, 12)
    if kind < 0.6:
        return f"{year}-{month:02d}"
    return f"{year}-{month:02d}-{rng.randint(1, 28):02d}"


def build_document(scale: Scale, seed: int = SEED) -> dict:
    """The synthetic interchange document (version 1), deterministic for a seed."""
    rng = random.Random(seed)
    codes = countries()
    # A few hot countries get most entries, as in real monitoring (and the many-figure paths).
    hot = ["KZ", "KG", "TJ", "TM", "UZ", "AF", "RU", "TR", "SY", "IQ"]
    topics = [
        {
            "key": key,
            "label": {"en": en, "ru": ru, "kk": kk},
            "synonyms": {"en": [key.replace("-", " ")]},
        }
        for key, _unit, en, ru, kk in TOPICS
    ]
    units = {key: unit for key, unit, *_ in TOPICS}
    labels = {key: (en, ru, kk) for key, _unit, en, ru, kk in TOPICS}

    def place() -> str:
        return rng.choice(hot) if rng.random() < 0.5 else rng.choice(codes)

    estimates = []
    for i in range(scale.estimates):
        topic = rng.choice(TOPICS)[0]
        body = rng.randrange(len(ESTIMATORS))
        branch = rng.randint(1, 4)
        en, ru, kk = ESTIMATORS[body]
        entry: dict = {
            "id": f"syn-est-{i:05d}",
            "topic": topic,
            "place": place(),
            "unit": units[topic],
            "as_of": _date(rng),
            "estimator": {"en": f"{en} ({branch})", "ru": f"{ru} ({branch})", "kk": f"{kk} ({branch})"},
            "source": {"publication": rng.choice(PUBLICATIONS), "date": _date(rng)},
        }
        top = 100 if units[topic] == "percent" else 5000
        shape = rng.random()
        if shape < 0.6:
            entry["value"] = rng.randint(0, top)
        elif shape < 0.75:
            entry["low"] = rng.randint(1, top)
        elif shape < 0.85:
            entry["high"] = rng.randint(1, top)
        else:
            low = rng.randint(0, top - 1)
            entry["low"], entry["high"] = low, rng.randint(low + 1, top)
        if rng.random() < 0.2:
            entry["tags"] = ["islamic-state"]
        estimates.append(entry)

    laws = []
    for i in range(scale.laws):
        topic = rng.choice(TOPICS)[0]
        t_en, t_ru, t_kk = labels[topic]
        k_en, k_ru, k_kk = rng.choice(LAW_KINDS)
        provisions = [
            {"en": p_en.format(t_en), "ru": p_ru.format(t_ru), "kk": p_kk.format(t_kk)}
            for p_en, p_ru, p_kk in rng.sample(PROVISIONS, rng.randint(1, 3))
        ]
        law: dict = {
            "id": f"syn-law-{i:04d}",
            "jurisdiction": place(),
            "title": {"en": k_en.format(t_en), "ru": k_ru.format(t_ru), "kk": k_kk.format(t_kk)},
            "number": f"{rng.randint(1, 999)}-{rng.choice(['I', 'II', 'V', 'VI'])}",
            "signed": _date(rng, 1995, 2024),
            "status": rng.choice(STATUSES),
            "provisions": provisions,
            "source": {"publication": rng.choice(PUBLICATIONS)},
            "tags": [topic],
        }
        laws.append(law)

    reports = []
    languages = ("en", "ru", "kk")
    for i in range(scale.reports):
        topic = rng.choice(TOPICS)[0]
        lang = rng.choice(languages)
        label = labels[topic][languages.index(lang)]
        where = sorted({place() for _ in range(rng.randint(1, 2))})
        reports.append(
            {
                "id": f"syn-rep-{i:06d}",
                "url": f"https://reports.example.org/{i}",
                "title": {lang: f"{label}: {', '.join(where)} #{i}"},
                "publication": rng.choice(PUBLICATIONS),
                "published": _date(rng, 2010, 2024),
                "language": lang,
                "places": where,
                "tags": [topic],
            }
        )
    return {"version": 1, "topics": topics, "estimates": estimates, "laws": laws, "reports": reports}


def default_db(scale: Scale) -> Path:
    return Path(tempfile.gettempdir()) / "monitorbot-bench" / f"synthetic-{scale.name}.db"


PG_SCHEMA = "bench_synthetic"  # the PostgreSQL copy lives in its own schema, rebuilt when stale


def ensure_pg_store(quick: bool, url: str, *, quiet: bool = False):
    """The synthetic store in PostgreSQL (schema bench_synthetic[_quick] of `url`), built if
    missing or stale. Returns (store, seconds spent building or 0.0)."""
    from sqlalchemy import create_engine, text

    from bot.store import Store

    scale = Scale.of(quick)
    schema = PG_SCHEMA + ("_quick" if quick else "")
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA IF NOT EXISTS {schema}"))
    store = Store.open(url, schema=schema)
    counts = store.entries.counts()
    if (counts.get("estimates"), counts.get("laws"), counts.get("reports")) == (
        scale.estimates, scale.laws, scale.reports,
    ):
        admin.dispose()
        return store, 0.0
    store.close()
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    admin.dispose()
    started = time.perf_counter()
    store = Store.open(url, schema=schema)
    result = store.entries.import_document(build_document(scale), actor="bench")
    if not quiet:
        print(f"built PostgreSQL schema {schema}: {result.added} entries added "
              f"({time.perf_counter() - started:.1f} s)")
    return store, time.perf_counter() - started


def ensure_store(quick: bool, db: Path | None = None, *, force: bool = False, quiet: bool = False):
    """Open the synthetic store, building it first if the file is missing or its counts differ.
    Returns (store, seconds spent building or 0.0)."""
    from bot.store import Store

    scale = Scale.of(quick)
    path = db or default_db(scale)
    path.parent.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{path}"
    if path.exists() and not force:
        store = Store.open(url)
        counts = store.entries.counts()
        if (counts.get("estimates"), counts.get("laws"), counts.get("reports")) == (
            scale.estimates, scale.laws, scale.reports,
        ):
            return store, 0.0
        store.close()
    if path.exists():
        path.unlink()
    started = time.perf_counter()
    doc = build_document(scale)
    generated = time.perf_counter()
    store = Store.open(url)
    result = store.entries.import_document(doc, actor="bench")
    finished = time.perf_counter()
    if not quiet:
        print(
            f"built {path}: {result.added} entries added "
            f"(generate {generated - started:.1f} s, import {finished - generated:.1f} s)"
        )
    return store, finished - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100x smaller, for CI")
    parser.add_argument("--db", type=Path, help="SQLite file to build (default: temp dir)")
    parser.add_argument("--force", action="store_true", help="rebuild even if the file matches")
    args = parser.parse_args(argv)
    store, seconds = ensure_store(args.quick, args.db, force=args.force)
    counts = store.entries.counts()
    print(
        f"synthetic store: {counts['estimates']:,} estimates, {counts['laws']:,} laws, "
        f"{counts['reports']:,} reports, {counts['topics']} topics, "
        f"{len(countries())} countries" + (f"; built in {seconds:.1f} s" if seconds else "; reused")
    )
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
