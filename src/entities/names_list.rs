//! Names lists in the newsroom sense: who a desk writes about, spelled the house's way.
//!
//! The built-in list is data/people/people.toml (compiled into the gazetteer by build.rs);
//! desks add their own files in the same format through configuration (`[names] lists`).
//! This module parses that format (pure: text in, people or an error with a line number
//! out) and indexes a desk's people for the recogniser. Reading the files is
//! [`crate::config::load_names_lists`]'s job.
//!
//! The format: one `[[person]]` table per person with the keys `name` (house spelling,
//! required), `canonical` (full native form), `variants` (full-name spellings corrected to
//! `name`), `surname` (second-reference form, required), `surname_variants` (corrected to
//! `surname`), `aliases` (other names, recognised but never corrected), `role` (required),
//! `country` (ISO 3166-1 alpha-2), `kind` (`"person"`, required) and `as_of` (`YYYY-MM-DD`,
//! the date `role` was true, required). Unknown keys are errors.

use std::collections::HashMap;

use serde::Deserialize;

use super::normalize;

/// One person of a names list. Strings as written in the list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Person {
    /// House spelling, used on first reference.
    pub name: String,
    /// The full native form when it differs from `name`.
    pub canonical: Option<String>,
    /// The second-reference form (`Xi`, `Zelenskyy`).
    pub surname: String,
    /// Full-name spellings the desk corrects to `name`.
    pub variants: Vec<String>,
    /// Second-reference spellings the desk corrects to `surname`.
    pub surname_variants: Vec<String>,
    /// Other names that are not errors (nicknames, birth names).
    pub aliases: Vec<String>,
    /// What the person is, as of `as_of`.
    pub role: String,
    /// ISO 3166-1 alpha-2 code of the country the role belongs to.
    pub country: Option<String>,
    /// `YYYY-MM-DD`: a date on which `role` was true.
    pub as_of: String,
}

/// How a key names a person of a list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NameForm {
    /// The house spelling or the canonical form.
    Main,
    /// An alias: recognised, never corrected.
    Alias,
    /// A full-name variant spelling, corrected to the house spelling.
    Variant,
    /// The second-reference form.
    Surname,
    /// A second-reference variant spelling, corrected to the surname.
    SurnameVariant,
}

/// A desk's people, indexed by name key. `Default` is the empty list.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NamesList {
    people: Vec<Person>,
    /// Name key → (index into `people`, form).
    keys: HashMap<Vec<u8>, Vec<(usize, NameForm)>>,
    /// The most words any key has.
    max_words: usize,
}

/// A names-list file that cannot be used: 1-based line (0 when unknown) and message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamesListError {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for NamesListError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    person: Vec<toml::Spanned<Entry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    name: String,
    canonical: Option<String>,
    #[serde(default)]
    variants: Vec<String>,
    surname: String,
    #[serde(default)]
    surname_variants: Vec<String>,
    #[serde(default)]
    aliases: Vec<String>,
    role: String,
    country: Option<String>,
    kind: String,
    as_of: String,
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// Parses a names-list file (the format in this module's docs). Errors carry the 1-based
/// line of the offending table or value.
pub fn parse(text: &str) -> Result<Vec<Person>, NamesListError> {
    let file: File = toml::from_str(text).map_err(|e| NamesListError {
        line: e.span().map_or(0, |s| line_of(text, s.start)),
        message: e.message().trim().to_string(),
    })?;
    let mut out = Vec::with_capacity(file.person.len());
    let mut seen: HashMap<Vec<u8>, String> = HashMap::new();
    for spanned in file.person {
        let line = line_of(text, spanned.span().start);
        let e = spanned.into_inner();
        let err = |message: String| NamesListError { line, message };
        if e.name.trim().is_empty() {
            return Err(err("`name` is empty".into()));
        }
        if e.surname.trim().is_empty() {
            return Err(err(format!("`surname` of {} is empty", e.name)));
        }
        if e.kind != "person" {
            return Err(err(format!("`kind` of {} must be \"person\", not {:?}", e.name, e.kind)));
        }
        if let Some(c) = &e.country {
            if c.len() != 2 || !c.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(err(format!("`country` of {} must be an ISO 3166-1 alpha-2 code such as \"FR\", not {c:?}", e.name)));
            }
        }
        let date = e.as_of.as_bytes();
        let date_ok = date.len() == 10
            && date.iter().enumerate().all(|(i, b)| if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() });
        if !date_ok {
            return Err(err(format!("`as_of` of {} must be a date written YYYY-MM-DD, not {:?}", e.name, e.as_of)));
        }
        for spelling in std::iter::once(&e.name).chain(&e.variants).chain(&e.aliases).chain(e.canonical.iter()) {
            let key = normalize::key(spelling, super::gazetteer::fold_table());
            if let Some(other) = seen.get(&key).filter(|o| **o != e.name) {
                return Err(err(format!("the spelling {spelling:?} belongs to both {other} and {}", e.name)));
            }
            seen.insert(key, e.name.clone());
        }
        out.push(Person {
            name: e.name.trim().to_string(),
            canonical: e.canonical.map(|c| c.trim().to_string()).filter(|c| !c.is_empty()),
            surname: e.surname.trim().to_string(),
            variants: e.variants,
            surname_variants: e.surname_variants,
            aliases: e.aliases,
            role: e.role,
            country: e.country,
            as_of: e.as_of,
        });
    }
    Ok(out)
}

impl NamesList {
    /// Indexes `people`. When two lists name the same spelling, the earlier person wins.
    pub fn new(people: Vec<Person>) -> NamesList {
        let mut list = NamesList::default();
        for p in people {
            list.push(p);
        }
        list
    }

    /// Adds one person.
    pub fn push(&mut self, p: Person) {
        let i = self.people.len();
        let fold = super::gazetteer::fold_table();
        let mut add = |name: &str, form: NameForm, keys: &mut HashMap<Vec<u8>, Vec<(usize, NameForm)>>| {
            let key = normalize::key(name, fold);
            if key.is_empty() {
                return;
            }
            self.max_words = self.max_words.max(name.split_whitespace().count());
            let entry = keys.entry(key).or_default();
            if !entry.iter().any(|(j, _)| *j == i) {
                entry.push((i, form));
            }
        };
        add(&p.name, NameForm::Main, &mut self.keys);
        if let Some(c) = &p.canonical {
            add(c, NameForm::Main, &mut self.keys);
        }
        for v in &p.variants {
            add(v, NameForm::Variant, &mut self.keys);
        }
        for a in &p.aliases {
            add(a, NameForm::Alias, &mut self.keys);
        }
        add(&p.surname, NameForm::Surname, &mut self.keys);
        for v in &p.surname_variants {
            add(v, NameForm::SurnameVariant, &mut self.keys);
        }
        self.people.push(p);
    }

    /// The people, in list order.
    pub fn people(&self) -> &[Person] {
        &self.people
    }

    /// True when the list has nobody.
    pub fn is_empty(&self) -> bool {
        self.people.is_empty()
    }

    /// The people a name key names, with how.
    pub(crate) fn lookup(&self, key: &[u8]) -> &[(usize, NameForm)] {
        self.keys.get(key).map_or(&[], Vec::as_slice)
    }

    /// The most words any name of the list has.
    pub(crate) fn max_words(&self) -> usize {
        self.max_words
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::gazetteer;

    const DESK: &str = r#"
[[person]]
name = "Karim Ben Salah"
variants = ["Karim Ben Saleh"]
surname = "Ben Salah"
surname_variants = ["Ben Saleh"]
role = "Mayor of Sfax"
country = "TN"
kind = "person"
as_of = "2025-03-01"
"#;

    #[test]
    fn parses_a_desk_list() {
        let people = parse(DESK).unwrap();
        assert_eq!(people.len(), 1);
        assert_eq!(people[0].surname, "Ben Salah");
        let list = NamesList::new(people);
        let key = normalize::key("KARIM BEN SALEH", gazetteer::fold_table());
        assert_eq!(list.lookup(&key), [(0, NameForm::Variant)]);
        assert_eq!(list.max_words(), 3);
    }

    #[test]
    fn errors_name_the_line() {
        let unknown = DESK.replace("role =", "title =");
        let e = parse(&unknown).unwrap_err();
        assert_eq!(e.line, 7, "{e}");
        assert!(e.message.contains("title"), "{e}");
        let bad_date = DESK.replace("2025-03-01", "March 2025");
        let e = parse(&bad_date).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("YYYY-MM-DD"), "{e}");
        let e = parse("[[person]]\nname = 3\n").unwrap_err();
        assert_eq!(e.line, 2, "{e}");
        let twice = format!("{DESK}\n{}", DESK.replace("Mayor of Sfax", "Someone else").replace("name = \"Karim Ben Salah\"", "name = \"Karim Ben Saleh\""));
        let e = parse(&twice).unwrap_err();
        assert!(e.message.contains("belongs to both"), "{e}");
    }

    #[test]
    fn the_built_in_list_parses_and_matches_the_compiled_table() {
        let text = include_str!("../../data/people/people.toml");
        let people = parse(text).expect("data/people/people.toml");
        assert!(people.len() >= 150, "the starter list has {} people", people.len());
        assert_eq!(people.len(), gazetteer::person_count());
        for (i, p) in people.iter().enumerate() {
            let row = gazetteer::person(i).unwrap();
            assert_eq!((row.name, row.surname, row.role), (p.name.as_str(), p.surname.as_str(), p.role.as_str()));
            if let Some(c) = &p.country {
                assert!(gazetteer::country_by_code(c).is_some(), "{}: unknown country {c}", p.name);
            }
        }
    }
}
