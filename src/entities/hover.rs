//! Hover cards and the story outline, rendered from an [`EntityIndex`].
//!
//! A card is Markdown: the name and kind; for a person the role (from the names list with
//! its date, else the copy's own words and the line they come from) and country; for a
//! place its kind, country, region, what it is the capital of, population (with the data's
//! source) and coordinates; for both the line of the first reference and the number of
//! mentions. Lines are 1-based, as editors show them.

use std::ops::Range;

use super::gazetteer;
use super::recognize::country_row;
use super::{Entity, EntityIndex, EntityKind, MentionForm, PlaceRef, Source};
use crate::config::Settings;
use crate::draft::Draft;

/// A hover card: Markdown, and the byte range of the mention it describes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    pub markdown: String,
    pub range: Range<usize>,
}

/// One entry of the outline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutlineItem {
    /// Canonical name.
    pub name: String,
    /// One line: role for people, kind and country for places.
    pub detail: String,
    /// Byte range of the first mention.
    pub range: Range<usize>,
    /// Number of mentions.
    pub mentions: usize,
}

/// The "who's in this story" view: people and places, each in order of first mention.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outline {
    pub people: Vec<OutlineItem>,
    /// Places named in the draft (a country met only through a demonym is left out).
    pub places: Vec<OutlineItem>,
}

/// The card for the mention at byte `offset`, if any.
pub fn hover(draft: &Draft, index: &EntityIndex, settings: &Settings, offset: usize) -> Option<Hover> {
    let (entity, mention) = index.at(offset)?;
    let mut md = card(draft, index, settings, entity);
    if mention.form == MentionForm::Demonym {
        md = format!("`{}` → {}\n\n{md}", &draft.text[mention.range.clone()], entity.name);
    }
    Some(Hover { markdown: md, range: mention.range.clone() })
}

/// The outline of the draft.
pub fn outline(draft: &Draft, index: &EntityIndex, settings: &Settings) -> Outline {
    let item = |e: &Entity| OutlineItem {
        name: e.name.clone(),
        detail: detail(draft, settings, e),
        range: e.first_mention().range.clone(),
        mentions: e.mentions.len(),
    };
    Outline { people: index.people().map(item).collect(), places: index.places().map(item).collect() }
}

/// A one-line description: a person's role, a place's kind and country.
pub fn detail(draft: &Draft, settings: &Settings, e: &Entity) -> String {
    match e.kind {
        EntityKind::Person => person_role(draft, settings, e).map(|r| r.text).unwrap_or_default(),
        EntityKind::Place => {
            let Source::Gazetteer(place) = e.source else { return String::new() };
            let facts = place_facts(place);
            match facts.country {
                Some(c) if c != e.name => format!("{}, {c}", facts.kind),
                _ => facts.kind.to_string(),
            }
        }
    }
}

/// A person's role and where it comes from.
pub struct Role {
    pub text: String,
    /// `as of DATE` for a names list, `line N` for the copy's own words.
    pub note: String,
}

/// The role of person `e`: the names list's (with its date), else the copy's own words.
pub fn person_role(draft: &Draft, settings: &Settings, e: &Entity) -> Option<Role> {
    match e.source {
        Source::NamesList(row) => {
            let p = gazetteer::person(row)?;
            Some(Role { text: p.role.to_string(), note: format!("names list, as of {}", p.as_of) })
        }
        Source::DeskList(i) => {
            let p = settings.desk_names.people().get(i)?;
            Some(Role { text: p.role.clone(), note: format!("desk names list, as of {}", p.as_of) })
        }
        _ => {
            let r = e.copy_role()?;
            let line = draft.line_index(r.start) + 1;
            Some(Role { text: draft.text[r].to_string(), note: format!("as the copy puts it, line {line}") })
        }
    }
}

/// Facts about a place for its card.
pub struct PlaceFacts {
    /// `country`, `city`, `capital city`, `US state`, `region`, `continent`…
    pub kind: &'static str,
    pub country: Option<String>,
    pub region: Option<String>,
    pub capital_of: Option<String>,
    pub capital: Option<String>,
    pub population: Option<u64>,
    pub coordinates: Option<(f64, f64)>,
    pub also: Vec<String>,
    pub source: &'static str,
}

const GEONAMES: &str = "GeoNames, CC BY 4.0";
const OURS: &str = "copydesk regions table";

/// Facts about `place` from the gazetteer.
pub fn place_facts(place: PlaceRef) -> PlaceFacts {
    let mut f = PlaceFacts {
        kind: "place",
        country: None,
        region: None,
        capital_of: None,
        capital: None,
        population: None,
        coordinates: None,
        also: Vec::new(),
        source: GEONAMES,
    };
    match place {
        PlaceRef::Country(r) => {
            if let Some(c) = gazetteer::country(r) {
                f.kind = "country";
                f.capital = (!c.capital.is_empty()).then(|| c.capital.to_string());
                f.population = (c.population > 0).then_some(c.population);
                f.region = Some(c.continent.to_string()).filter(|s| !s.is_empty());
                f.also = c.alias_list().map(str::to_string).collect();
            }
        }
        PlaceRef::City(r) => {
            if let Some(c) = gazetteer::city(r) {
                f.kind = if c.capital { "capital city" } else { "city" };
                f.country = country_row(c.country).map(|(_, x)| x.name.to_string());
                f.region = Some(c.region.to_string()).filter(|s| !s.is_empty());
                f.capital_of = c.capital.then(|| f.country.clone()).flatten();
                f.population = (c.population > 0).then_some(c.population);
                f.coordinates = Some((c.lat, c.lon));
                f.also = c.alternate_list().map(str::to_string).collect();
            }
        }
        PlaceRef::State(r) => {
            if let Some(s) = gazetteer::state(r) {
                f.kind = "US state";
                if s.code == "DC" {
                    f.kind = "federal district";
                }
                f.country = Some("United States".into());
            }
        }
        PlaceRef::Region(r) => {
            f.source = OURS;
            if let Some(x) = gazetteer::region(r) {
                f.kind = match x.kind {
                    "continent" => "continent",
                    "subdivision" => "region of a country",
                    "water" => "body of water",
                    "celestial" => "planet or moon",
                    _ => "region",
                };
                f.country = country_row(x.country).map(|(_, c)| c.name.to_string());
            }
        }
    }
    f
}

fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn coords((lat, lon): (f64, f64)) -> String {
    let ns = if lat >= 0.0 { 'N' } else { 'S' };
    let ew = if lon >= 0.0 { 'E' } else { 'W' };
    format!("{:.4}° {ns}, {:.4}° {ew}", lat.abs(), lon.abs())
}

/// The country a person in no list belongs to, read from the copy's role phrase
/// (`Russian President`, `Kremlin … adviser` gives none).
fn copy_country(index: &EntityIndex, e: &Entity) -> Option<String> {
    let role = e.copy_role()?;
    index.entities.iter().find_map(|p| {
        let inside = p.mentions.iter().any(|m| m.range.start >= role.start && m.range.end <= role.end);
        match (inside, p.source) {
            (true, Source::Gazetteer(PlaceRef::Country(_))) => Some(p.name.clone()),
            _ => None,
        }
    })
}

/// The Markdown card of entity `e`.
pub fn card(draft: &Draft, index: &EntityIndex, settings: &Settings, e: &Entity) -> String {
    let mut lines: Vec<String> = Vec::new();
    let first = e.first_mention();
    let first_line = draft.line_index(first.range.start) + 1;
    let n = e.mentions.len();
    let refs = format!("First reference: line {first_line} · {n} mention{}", if n == 1 { "" } else { "s" });
    match e.kind {
        EntityKind::Person => {
            let from = match e.source {
                Source::NamesList(_) => " (names list)",
                Source::DeskList(_) => " (desk names list)",
                _ => "",
            };
            lines.push(format!("**{}** · person{from}", e.name));
            if let Some(role) = person_role(draft, settings, e) {
                lines.push(format!("Role: {} — *{}*", role.text, role.note));
            }
            let country = match e.source {
                Source::NamesList(row) => gazetteer::person(row).and_then(|p| country_row(p.country)).map(|(_, c)| c.name.to_string()),
                Source::DeskList(i) => settings
                    .desk_names
                    .people()
                    .get(i)
                    .and_then(|p| p.country.as_deref())
                    .and_then(country_row)
                    .map(|(_, c)| c.name.to_string()),
                _ => copy_country(index, e),
            };
            if let Some(c) = country {
                lines.push(format!("Country: {c}"));
            }
            if let Source::NamesList(row) = e.source {
                if let Some(p) = gazetteer::person(row).filter(|p| !p.canonical.is_empty()) {
                    lines.push(format!("Full name: {}", p.canonical));
                }
            }
            if let Some(s) = &e.surname {
                if *s != e.name {
                    lines.push(format!("Second reference: {s}"));
                }
            }
        }
        EntityKind::Place => {
            let Source::Gazetteer(place) = e.source else { return String::new() };
            let f = place_facts(place);
            lines.push(format!("**{}** · {}", e.name, f.kind));
            if let Some(c) = &f.country {
                lines.push(format!("Country: {c}"));
            }
            if let Some(r) = &f.region {
                let label = if matches!(place, PlaceRef::Country(_)) { "Continent" } else { "Region" };
                lines.push(format!("{label}: {r}"));
            }
            if let Some(c) = &f.capital_of {
                lines.push(format!("Capital of {c}"));
            }
            if let Some(c) = &f.capital {
                lines.push(format!("Capital: {c}"));
            }
            if let Some(p) = f.population {
                lines.push(format!("Population: {} ({})", thousands(p), f.source));
            }
            if let Some(c) = f.coordinates {
                lines.push(format!("Coordinates: {}", coords(c)));
            }
            if !f.also.is_empty() {
                lines.push(format!("Also written: {}", f.also.join(", ")));
            }
            if matches!(place, PlaceRef::Region(_)) {
                lines.push(format!("Source: {}", f.source));
            }
        }
    }
    lines.push(refs);
    lines.join("  \n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_and_coordinates() {
        assert_eq!(thousands(10381222), "10,381,222");
        assert_eq!(thousands(999), "999");
        assert_eq!(coords((55.752, -0.5)), "55.7520° N, 0.5000° W");
    }
}
