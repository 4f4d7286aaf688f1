#!/usr/bin/env python3
"""Check the shipped people and places tables (standard library only, Python 3.11+).

    python3 scripts/data/check_data.py

Checks that every TSV has its `#` header and column line, rows sorted by full
line (code point order) and unique, the right number of columns, and country
codes that exist in countries.tsv; that first_names.txt is sorted and unique;
and that people.toml follows the schema in its header (keys, order, sorted
arrays, entries sorted by name, no spelling shared by two entries). Exits 1
and lists the problems otherwise. The Rust tidy tests check the same things;
this is for a maintainer editing a table by hand.
"""

import re
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
PLACES = REPO / "data" / "places"
PEOPLE = REPO / "data" / "people"

problems: list[str] = []


def problem(where: str, what: str) -> None:
    problems.append(f"{where}: {what}")


def tsv_rows(path: Path, columns: int) -> list[list[str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    body_start = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    header = lines[:body_start]
    if not header or header[-1].count("\t") != columns - 1:
        problem(path.name, f"last header line must name the {columns} columns")
    body = lines[body_start:]
    for i, line in enumerate(body, start=body_start + 1):
        if line.startswith("#") or not line:
            problem(f"{path.name}:{i}", "comment or blank line inside the rows")
        if line.count("\t") != columns - 1:
            problem(f"{path.name}:{i}", f"expected {columns} columns, got {line.count(chr(9)) + 1}")
        if line != line.strip(" "):
            problem(f"{path.name}:{i}", "leading or trailing space")
    for a, b in zip(body, body[1:]):
        if a >= b:
            problem(path.name, f"rows not sorted/unique: {a[:40]!r} then {b[:40]!r}")
    return [line.split("\t") for line in body]


def check_places() -> set[str]:
    countries = tsv_rows(PLACES / "countries.tsv", 7)
    isos = {r[0] for r in countries}
    for r in countries:
        if not re.fullmatch(r"[A-Z]{2}", r[0]):
            problem("countries.tsv", f"bad iso2 {r[0]!r}")
    cities = tsv_rows(PLACES / "cities.tsv", 10)
    capitals = {}
    for r in cities:
        name, iso, _region, pop, lat, lon, flags, gid, _ascii, alts = r
        where = f"cities.tsv {name} ({gid})"
        if iso not in isos:
            problem(where, f"unknown country {iso}")
        if not pop.isdigit() or not gid.isdigit():
            problem(where, "population and geonameid must be integers")
        if not (-90 <= float(lat) <= 90 and -180 <= float(lon) <= 180):
            problem(where, "coordinates out of range")
        for flag in filter(None, flags.split(",")):
            if flag not in ("capital", "word", "given-name"):
                problem(where, f"unknown flag {flag}")
        if "capital" in flags.split(","):
            capitals[iso] = name
        parts = alts.split("|") if alts else []
        if parts != sorted(set(parts)):
            problem(where, "alternates not sorted/unique")
    for r in countries:
        if r[2] and capitals.get(r[0]) != r[2]:
            problem("countries.tsv", f"{r[0]} capital {r[2]!r} has no city flagged capital")
    tsv_rows(PLACES / "us_states.tsv", 4)
    for r in tsv_rows(PLACES / "demonyms.tsv", 3):
        for iso in r[1].split(","):
            if iso not in isos:
                problem(f"demonyms.tsv {r[0]}", f"unknown country {iso}")
        if r[2] not in ("adjective", "person", "people"):
            problem(f"demonyms.tsv {r[0]}", f"unknown form {r[2]}")
    return isos


def check_first_names() -> None:
    path = PEOPLE / "first_names.txt"
    if not path.exists():
        return
    rows = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    for a, b in zip(rows, rows[1:]):
        if a >= b:
            problem(path.name, f"not sorted/unique: {a!r} then {b!r}")
    for row in rows:
        if not re.fullmatch(r"[A-Z][A-Za-z'-]*(\tword)?", row):
            problem(path.name, f"bad line {row!r}")


PERSON_KEYS = ["name", "canonical", "variants", "surname", "surname_variants", "aliases", "role",
               "country", "kind", "as_of"]
REQUIRED = {"name", "surname", "role", "kind", "as_of"}


def check_people_file(path: Path, isos: set[str]) -> None:
    with path.open("rb") as f:
        data = tomllib.load(f)
    if set(data) != {"person"}:
        problem(path.name, f"top-level keys must be only [[person]], got {sorted(data)}")
    people = data.get("person", [])
    owner: dict[str, str] = {}
    names = []
    for p in people:
        name = p.get("name", "?")
        where = f"{path.name} {name}"
        names.append(name)
        keys = list(p)
        unknown = [k for k in keys if k not in PERSON_KEYS]
        if unknown:
            problem(where, f"unknown keys {unknown}")
        if REQUIRED - set(keys):
            problem(where, f"missing keys {sorted(REQUIRED - set(keys))}")
        known = [k for k in keys if k in PERSON_KEYS]
        if known != sorted(known, key=PERSON_KEYS.index):
            problem(where, "keys out of order")
        for key in ("variants", "surname_variants", "aliases"):
            values = p.get(key, [])
            if values != sorted(set(values)):
                problem(where, f"{key} not sorted/unique")
        if p.get("kind") != "person":
            problem(where, "kind must be \"person\"")
        if not re.fullmatch(r"20\d\d-\d\d-\d\d", p.get("as_of", "")):
            problem(where, "as_of must be YYYY-MM-DD")
        if "country" in p and p["country"] not in isos:
            problem(where, f"unknown country {p['country']}")
        if p.get("canonical") == name:
            problem(where, "canonical equals name: leave it out")
        spellings = [name, *p.get("variants", []), *p.get("aliases", [])]
        if len(spellings) != len(set(spellings)):
            problem(where, "a spelling is listed twice")
        if p.get("surname") in p.get("surname_variants", []):
            problem(where, "surname listed among its own variants")
        for s in spellings:
            if s in owner and owner[s] != name:
                problem(where, f"{s!r} also belongs to {owner[s]}")
            owner[s] = name
        for s in [*spellings, p.get("surname", ""), p.get("role", "")]:
            if s != s.strip() or "  " in s:
                problem(where, f"stray spaces in {s!r}")
    if names != sorted(names):
        problem(path.name, "entries not sorted by name")
    if len(names) != len(set(names)):
        problem(path.name, "duplicate names")


def main() -> int:
    isos = check_places()
    check_first_names()
    check_people_file(PEOPLE / "people.toml", isos)
    for p in problems:
        print(p)
    print(f"check_data: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
