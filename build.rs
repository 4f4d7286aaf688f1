//! Builds the gazetteer at compile time, so that no start-up work or allocation is needed to
//! recognise people and places (see src/entities/gazetteer.rs for the reading side).
//!
//! Inputs (all under data/, each with its source and licence in its header):
//! places/countries.tsv, places/cities.tsv, places/us_states.tsv, places/regions.tsv,
//! places/demonyms.tsv, people/people.toml, people/first_names.txt, words/english.txt.
//!
//! Outputs in OUT_DIR:
//! - `gazetteer.fst`: an `fst::Map` from name keys (src/entities/normalize.rs) to a packed
//!   `(start << 16) | count` slice of `CANDIDATES`.
//! - `gazetteer.rs`: `CANDIDATES` (one u32 per reading of a key: kind, form, row), the
//!   per-kind row offsets, and the diacritic folding table.
//! - `<kind>.rows`: each kind's records, one tab-separated row per line, included with
//!   `include_str!` and parsed only for the few rows a hover card shows.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[path = "src/entities/normalize.rs"]
#[allow(dead_code)]
mod normalize;

// Candidate layout, mirrored in src/entities/gazetteer.rs.
const KIND_COUNTRY: u32 = 1;
const KIND_CITY: u32 = 2;
const KIND_STATE: u32 = 3;
const KIND_REGION: u32 = 4;
const KIND_DEMONYM: u32 = 5;
const KIND_PERSON: u32 = 6;
const KIND_FIRST_NAME: u32 = 7;
const KIND_WORD: u32 = 8;

const FORM_MAIN: u32 = 0;
const FORM_ALIAS: u32 = 1;
const FORM_WEAK: u32 = 2;
const FORM_ALTERNATE: u32 = 3;
const FORM_VARIANT: u32 = 4;
const FORM_SURNAME: u32 = 5;
const FORM_WORD: u32 = 6;
const FORM_SURNAME_VARIANT: u32 = 7;

fn candidate(kind: u32, form: u32, row: usize) -> u32 {
    assert!(row < 1 << 24);
    kind << 28 | form << 24 | row as u32
}

/// One reading of a key, with the rank used to order readings (lower first).
struct Reading {
    rank: (u32, std::cmp::Reverse<u64>),
    candidate: u32,
}

struct Builder {
    fold: Vec<(char, String)>,
    keys: BTreeMap<Vec<u8>, Vec<Reading>>,
}

impl Builder {
    fn add(&mut self, name: &str, kind: u32, form: u32, row: usize, rank: (u32, u64)) {
        let fold: Vec<(char, &str)> = self.fold.iter().map(|(c, s)| (*c, s.as_str())).collect();
        let key = normalize::key(name, &fold);
        if key.is_empty() {
            return;
        }
        let c = candidate(kind, form, row);
        let readings = self.keys.entry(key).or_default();
        // The same record under the same key once only (a name equal to its folded form).
        if readings.iter().any(|r| r.candidate & 0xf0ff_ffff == c & 0xf0ff_ffff) {
            return;
        }
        readings.push(Reading { rank: (rank.0, std::cmp::Reverse(rank.1)), candidate: c });
    }
}

/// Rows of a TSV file without comment lines (`#`) and blank lines.
fn tsv_rows(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).map(str::to_string).collect()
}

fn split_list(field: &str) -> impl Iterator<Item = &str> {
    field.split('|').map(str::trim).filter(|s| !s.is_empty())
}

/// Unicode folding: Latin letters with diacritics → their ASCII base letters, from canonical
/// decompositions, plus letters that do not decompose (ø, ł, đ, ß, æ, œ, þ, ð, ı).
fn fold_table() -> Vec<(char, String)> {
    use unicode_normalization::UnicodeNormalization;
    let mut table = Vec::new();
    let ranges = [('\u{00c0}', '\u{024f}'), ('\u{1e00}', '\u{1eff}')];
    let special: &[(char, &str)] = &[
        ('ß', "ss"), ('ẞ', "ss"), ('æ', "ae"), ('Æ', "ae"), ('œ', "oe"), ('Œ', "oe"), ('ø', "o"), ('Ø', "o"),
        ('ł', "l"), ('Ł', "l"), ('đ', "d"), ('Đ', "d"), ('ð', "d"), ('Ð', "d"), ('þ', "th"), ('Þ', "th"),
        ('ı', "i"), ('ħ', "h"), ('Ħ', "h"), ('ŧ', "t"), ('Ŧ', "t"),
    ];
    for (lo, hi) in ranges {
        for c in lo..=hi {
            if let Some((_, s)) = special.iter().find(|(k, _)| *k == c) {
                table.push((c, s.to_string()));
                continue;
            }
            if !c.is_alphabetic() {
                continue;
            }
            let base: String = c.nfd().filter(|d| d.is_ascii_alphabetic()).collect::<String>().to_ascii_lowercase();
            if base.len() == 1 {
                table.push((c, base));
            }
        }
    }
    table.sort();
    table.dedup_by_key(|(c, _)| *c);
    table
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    let places = root.join("data/places");
    let people = root.join("data/people");
    for f in ["countries.tsv", "cities.tsv", "us_states.tsv", "regions.tsv", "demonyms.tsv"] {
        println!("cargo:rerun-if-changed={}", places.join(f).display());
    }
    for f in ["people.toml", "first_names.txt"] {
        println!("cargo:rerun-if-changed={}", people.join(f).display());
    }
    println!("cargo:rerun-if-changed=data/words/english.txt");
    println!("cargo:rerun-if-changed=src/entities/normalize.rs");

    let mut b = Builder { fold: fold_table(), keys: BTreeMap::new() };
    let mut rs = String::new();

    // Countries: rank 0 (a country is the likeliest reading of its own name).
    let countries = tsv_rows(&places.join("countries.tsv"));
    let mut continents: Vec<String> = Vec::new();
    for (i, row) in countries.iter().enumerate() {
        let f: Vec<&str> = row.split('\t').collect();
        assert!(f.len() >= 7, "countries.tsv: short row {row:?}");
        let pop = f[3].parse().unwrap_or(0);
        b.add(f[1], KIND_COUNTRY, FORM_MAIN, i, (0, pop));
        for a in split_list(f[5]) {
            b.add(a, KIND_COUNTRY, FORM_ALIAS, i, (0, pop));
        }
        for a in split_list(f[6]) {
            b.add(a, KIND_COUNTRY, FORM_WEAK, i, (5, pop));
        }
        if !f[4].is_empty() && !continents.iter().any(|c| c == f[4]) {
            continents.push(f[4].to_string());
        }
    }
    let codes: Vec<&str> = countries.iter().map(|r| &r[..2]).collect();
    let mut sorted_codes = codes.clone();
    sorted_codes.sort();
    assert_eq!(codes, sorted_codes, "countries.tsv must be sorted by ISO code");

    // Cities: capitals rank 1, others 4, each by population.
    let cities = tsv_rows(&places.join("cities.tsv"));
    let mut city_meta: Vec<u32> = Vec::with_capacity(cities.len());
    for (i, row) in cities.iter().enumerate() {
        let f: Vec<&str> = row.split('\t').collect();
        assert!(f.len() >= 10, "cities.tsv: short row {row:?}");
        let pop: u64 = f[3].parse().unwrap_or(0);
        let flags: Vec<&str> = f[6].split(',').collect();
        let bits = flags.contains(&"capital") as u32 | (flags.contains(&"word") as u32) << 1 | (flags.contains(&"given-name") as u32) << 2;
        city_meta.push((pop.min((1 << 28) - 1) as u32) << 4 | bits);
        let rank = if flags.contains(&"capital") { 1 } else { 4 };
        b.add(f[0], KIND_CITY, FORM_MAIN, i, (rank, pop));
        if !f[8].is_empty() {
            b.add(f[8], KIND_CITY, FORM_MAIN, i, (rank, pop));
        }
        for a in split_list(f[9]) {
            b.add(a, KIND_CITY, FORM_ALTERNATE, i, (rank, pop));
        }
    }

    // US states and hand-listed regions: rank 2 (subdivisions), 3 (regions, waters).
    let states = tsv_rows(&places.join("us_states.tsv"));
    for (i, row) in states.iter().enumerate() {
        let name = row.split('\t').next().unwrap();
        b.add(name, KIND_STATE, FORM_MAIN, i, (2, 0));
    }
    let mut regions = tsv_rows(&places.join("regions.tsv"));
    for c in &continents {
        assert!(
            regions.iter().any(|r| r.split('\t').next() == Some(c.as_str())),
            "regions.tsv lacks the continent {c} used in countries.tsv"
        );
    }
    regions.sort_by(|a, b| a.split('\t').next().cmp(&b.split('\t').next()));
    for (i, row) in regions.iter().enumerate() {
        let f: Vec<&str> = row.split('\t').collect();
        assert!(f.len() >= 4, "regions.tsv: short row {row:?}");
        let rank = if f[1] == "subdivision" { 2 } else { 3 };
        b.add(f[0], KIND_REGION, FORM_MAIN, i, (rank, 0));
        for a in split_list(f[3]) {
            b.add(a, KIND_REGION, FORM_ALIAS, i, (rank, 0));
        }
    }

    // Demonyms.
    let demonyms = tsv_rows(&places.join("demonyms.tsv"));
    for (i, row) in demonyms.iter().enumerate() {
        let word = row.split('\t').next().unwrap();
        b.add(word, KIND_DEMONYM, FORM_MAIN, i, (6, 0));
    }

    // People: house spellings, full forms, variants, aliases and surnames of the names list.
    let people_rows = people_rows(&people.join("people.toml"));
    for (i, p) in people_rows.iter().enumerate() {
        b.add(&p.name, KIND_PERSON, FORM_MAIN, i, (7, 0));
        if !p.canonical.is_empty() {
            b.add(&p.canonical, KIND_PERSON, FORM_MAIN, i, (7, 0));
        }
        for v in &p.variants {
            b.add(v, KIND_PERSON, FORM_VARIANT, i, (7, 0));
        }
        for a in &p.aliases {
            b.add(a, KIND_PERSON, FORM_ALIAS, i, (7, 0));
        }
        b.add(&p.surname, KIND_PERSON, FORM_SURNAME, i, (8, 0));
        for v in &p.surname_variants {
            b.add(v, KIND_PERSON, FORM_SURNAME_VARIANT, i, (8, 0));
        }
    }

    // First names: a cue only.
    let first = people.join("first_names.txt");
    let first_rows = tsv_rows(&first);
    for (i, row) in first_rows.iter().enumerate() {
        let mut f = row.split('\t');
        let name = f.next().unwrap();
        let form = if f.next() == Some("word") { FORM_WORD } else { FORM_MAIN };
        b.add(name, KIND_FIRST_NAME, form, i, (9, 0));
    }

    // Ordinary English words: a cue against names.
    let words = tsv_rows(&root.join("data/words/english.txt"));
    for (i, w) in words.iter().enumerate() {
        b.add(w, KIND_WORD, FORM_MAIN, i, (10, 0));
    }

    // The map and the candidate table.
    let mut candidates: Vec<u32> = Vec::new();
    let mut map = fst::MapBuilder::memory();
    for (key, mut readings) in std::mem::take(&mut b.keys) {
        readings.sort_by_key(|r| r.rank);
        let start = candidates.len() as u64;
        candidates.extend(readings.iter().map(|r| r.candidate));
        assert!(readings.len() < 1 << 16);
        map.insert(&key, start << 16 | readings.len() as u64).unwrap();
    }
    std::fs::write(out.join("gazetteer.fst"), map.into_inner().unwrap()).unwrap();

    let _ = writeln!(rs, "// Generated by build.rs from data/places and data/people. Do not edit.");
    // A `const`, read only at compile time (gazetteer.rs turns it into a static of
    // `Candidate`s), so it is never in the binary twice.
    let _ = writeln!(rs, "#[allow(clippy::large_const_arrays)]");
    let _ = writeln!(rs, "pub(super) const CANDIDATES: [u32; {}] = {:?};", candidates.len(), candidates);
    emit_rows(&mut rs, &out, "COUNTRY", &countries);
    emit_rows(&mut rs, &out, "CITY", &cities);
    let _ = writeln!(rs, "pub(super) static CITY_META: [u32; {}] = {:?};", city_meta.len(), city_meta);
    emit_rows(&mut rs, &out, "STATE", &states);
    emit_rows(&mut rs, &out, "REGION", &regions);
    emit_rows(&mut rs, &out, "DEMONYM", &demonyms);
    let people_lines: Vec<String> = people_rows.iter().map(PersonRow::line).collect();
    emit_rows(&mut rs, &out, "PERSON", &people_lines);
    let _ = writeln!(rs, "pub(super) static FIRST_NAME_COUNT: usize = {};", first_rows.len());
    let _ = writeln!(rs, "pub(super) static FOLD: [(char, &str); {}] = [", b.fold.len());
    for (c, s) in &b.fold {
        let _ = writeln!(rs, "    ({c:?}, {s:?}),");
    }
    let _ = writeln!(rs, "];");
    std::fs::write(out.join("gazetteer.rs"), rs).unwrap();
}

/// Writes `<name>.rows` and the `<NAME>_ROWS` / `<NAME>_STARTS` statics: row `i` is
/// `ROWS[STARTS[i] as usize..STARTS[i + 1] as usize - 1]` (the `- 1` drops its newline).
fn emit_rows(rs: &mut String, out: &Path, name: &str, rows: &[String]) {
    let mut text = String::new();
    let mut starts = vec![0u32];
    for r in rows {
        assert!(!r.contains('\n'));
        text.push_str(r);
        text.push('\n');
        starts.push(text.len() as u32);
    }
    let file = format!("{}.rows", name.to_ascii_lowercase());
    std::fs::write(out.join(&file), text).unwrap();
    let _ = writeln!(rs, "pub(super) static {name}_ROWS: &str = include_str!(concat!(env!(\"OUT_DIR\"), \"/{file}\"));");
    let _ = writeln!(rs, "pub(super) static {name}_STARTS: [u32; {}] = {:?};", starts.len(), starts);
}

/// One person of data/people/people.toml, flattened for the row table.
struct PersonRow {
    name: String,
    canonical: String,
    surname: String,
    variants: Vec<String>,
    surname_variants: Vec<String>,
    aliases: Vec<String>,
    role: String,
    country: String,
    as_of: String,
}

impl PersonRow {
    /// `name, canonical, surname, variants, surname_variants, aliases, role, country, as_of`,
    /// tab-separated, lists `|`-separated.
    fn line(&self) -> String {
        let clean = |s: &str| s.replace(['\t', '\n', '\r', '|'], " ");
        let join = |v: &[String]| v.iter().map(|x| clean(x)).collect::<Vec<_>>().join("|");
        [
            clean(&self.name),
            clean(&self.canonical),
            clean(&self.surname),
            join(&self.variants),
            join(&self.surname_variants),
            join(&self.aliases),
            clean(&self.role),
            clean(&self.country),
            clean(&self.as_of),
        ]
        .join("\t")
    }
}

/// Reads the names list. Its format is documented in its header and validated, with line
/// numbers, by src/entities/names_list.rs (which also reads desks' own lists); a test there
/// checks that this file parses with it and yields the same people in the same order.
fn people_rows(path: &Path) -> Vec<PersonRow> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc: toml::Table = text.parse().unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let list = doc.get("person").and_then(|v| v.as_array()).cloned().unwrap_or_default();
    let s = |t: &toml::Value, k: &str| match t.get(k) {
        Some(toml::Value::String(s)) => s.trim().to_string(),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let v = |t: &toml::Value, k: &str| -> Vec<String> {
        t.get(k)
            .and_then(|v| v.as_array())
            .map(|a| a.iter().filter_map(|v| v.as_str()).map(|v| v.trim().to_string()).collect())
            .unwrap_or_default()
    };
    list.iter()
        .map(|t| {
            let name = s(t, "name");
            assert!(!name.is_empty(), "{}: a person without a name", path.display());
            let mut surname = s(t, "surname");
            if surname.is_empty() {
                surname = name.split_whitespace().last().unwrap_or("").to_string();
            }
            PersonRow {
                canonical: s(t, "canonical"),
                variants: v(t, "variants"),
                surname_variants: v(t, "surname_variants"),
                aliases: v(t, "aliases"),
                role: s(t, "role"),
                country: s(t, "country"),
                as_of: s(t, "as_of"),
                name,
                surname,
            }
        })
        .collect()
}
