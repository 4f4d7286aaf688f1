//! People and places: who and where a draft is about.
//!
//! - [`gazetteer`]: every known place, demonym, listed person and first name, compiled into
//!   the binary by build.rs (nothing is built at start-up).
//! - [`tokens`] and [`recognize`]: find mentions in a draft — gazetteer matches at word
//!   boundaries (multiword: `São Paulo`, `Xi Jinping`), people introduced by a title, a
//!   role, a speech verb or a first name, and later surname-only mentions linked to them.
//! - [`EntityIndex`]: the per-draft result, one [`Entity`] per person or place with all its
//!   mentions (byte ranges); [`hover`] renders cards and the outline from it.
//! - [`names_list`]: the names-list format shared by the built-in list and desks' lists.
//!
//! Everything here is pure (no IO); the engine calls [`index`] only when something needs
//! entities (hover, outline, the name rules), never for a plain check.

pub mod cues;
pub mod gazetteer;
pub mod hover;
pub mod names_list;
pub mod normalize;
pub mod recognize;
pub mod tokens;

use std::ops::Range;

pub use names_list::{NamesList, Person};

use crate::config::Settings;
use crate::draft::Draft;

/// Person or place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityKind {
    Person,
    Place,
}

impl EntityKind {
    /// `person` or `place`.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Place => "place",
        }
    }
}

/// How a mention names its entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MentionForm {
    /// The full name (`Yuri Ushakov`, `São Paulo`, `Russia`).
    Full,
    /// A second reference: the surname alone (`Ushakov`), or a listed person's
    /// second-reference form (`Xi`, `Prince Mohammed`).
    Short,
    /// Another name that is not an error: a country alias (`U.S.`, `Britain`), a city's
    /// other English name (`Kiev`), a person's alias (`MBS`).
    Alias,
    /// A variant spelling a names list corrects (`Volodymyr Zelensky`, `Zelensky`).
    Variant,
    /// A demonym or nationality adjective linked to its country (`Russian`).
    Demonym,
}

impl MentionForm {
    /// `full`, `short`, `alias`, `variant` or `demonym`.
    pub fn as_str(self) -> &'static str {
        match self {
            MentionForm::Full => "full",
            MentionForm::Short => "short",
            MentionForm::Alias => "alias",
            MentionForm::Variant => "variant",
            MentionForm::Demonym => "demonym",
        }
    }
}

/// One mention of an entity in the draft.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    /// Byte range of the name as written (a possessive `'s` excluded).
    pub range: Range<usize>,
    pub form: MentionForm,
    /// For a variant spelling: what the names list writes instead (the house spelling or
    /// the house second-reference form).
    pub house_spelling: Option<String>,
    /// Byte range of a courtesy title right before the name (`Mr. `, `Ms `), space included.
    pub courtesy: Option<Range<usize>>,
    /// Byte range of the title or role phrase the copy puts right before the name
    /// (`Kremlin foreign policy adviser`, `President`), or of an appositive after it
    /// (`a fisherman from Sfax`).
    pub role: Option<Range<usize>>,
}

/// Where an entity's facts come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Source {
    /// The built-in names list (data/people/people.toml); the row.
    NamesList(usize),
    /// The desk's own names list (configuration); index into `Settings::desk_names`.
    DeskList(usize),
    /// Only the copy itself (a person in no list).
    Copy,
    /// The places gazetteer.
    Gazetteer(PlaceRef),
}

/// A record of the places gazetteer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PlaceRef {
    /// Row of countries.tsv.
    Country(usize),
    /// Row of cities.tsv.
    City(usize),
    /// Row of us_states.tsv.
    State(usize),
    /// Row of regions.tsv.
    Region(usize),
}

/// Why the recogniser took a name for a person or a place, strongest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Evidence {
    /// A names list (built-in or the desk's).
    NamesList,
    /// The places gazetteer.
    Gazetteer,
    /// A title or role before the name (`President`, `adviser`, `Dr.`) or an appositive
    /// after it (`, a fisherman`, `, who`).
    Cue,
    /// A given name from the census lists opening it (`Larry Ogunjobi`).
    GivenName,
    /// The surname or given name of someone met in full.
    Link,
    /// A speech verb next to it (`said Karim Ben Salah`).
    Speech,
    /// Only the shape of a name (two or three capitalised words that are no English words,
    /// places or demonyms): the weakest reading.
    Shape,
}

impl Evidence {
    /// `names-list`, `gazetteer`, `cue`, `given-name`, `link`, `speech` or `shape`.
    pub fn as_str(self) -> &'static str {
        match self {
            Evidence::NamesList => "names-list",
            Evidence::Gazetteer => "gazetteer",
            Evidence::Cue => "cue",
            Evidence::GivenName => "given-name",
            Evidence::Link => "link",
            Evidence::Speech => "speech",
            Evidence::Shape => "shape",
        }
    }
}

/// A person or place with every mention of it in the draft.
#[derive(Clone, Debug, PartialEq)]
pub struct Entity {
    pub kind: EntityKind,
    /// Canonical name: the list's house spelling, the gazetteer's name, or for a person in
    /// no list the fullest form the copy uses.
    pub name: String,
    pub source: Source,
    /// Mentions sorted by position; never empty.
    pub mentions: Vec<Mention>,
    /// For a person: the second-reference form (`Ushakov`, `Ben Salah`, `Xi`).
    pub surname: Option<String>,
    /// The strongest reason any of its mentions was recognised.
    pub evidence: Evidence,
}

impl Entity {
    /// The first mention in the draft.
    pub fn first_mention(&self) -> &Mention {
        &self.mentions[0]
    }

    /// The first mention that names the entity in full (or by alias or variant), if any.
    pub fn first_full_mention(&self) -> Option<&Mention> {
        self.mentions.iter().find(|m| matches!(m.form, MentionForm::Full | MentionForm::Alias | MentionForm::Variant))
    }

    /// The first role phrase the copy gives, if any.
    pub fn copy_role(&self) -> Option<Range<usize>> {
        self.mentions.iter().find_map(|m| m.role.clone())
    }

    /// True when at least one mention is more than a demonym (the outline lists only these).
    pub fn is_named(&self) -> bool {
        self.mentions.iter().any(|m| m.form != MentionForm::Demonym)
    }
}

/// Every person and place of a draft, in order of first mention.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EntityIndex {
    pub entities: Vec<Entity>,
}

impl EntityIndex {
    /// The entity and mention at byte `offset` (a mention's end counts, so a cursor right
    /// after a name still finds it).
    pub fn at(&self, offset: usize) -> Option<(&Entity, &Mention)> {
        self.entities.iter().find_map(|e| {
            e.mentions.iter().find(|m| m.range.start <= offset && offset <= m.range.end).map(|m| (e, m))
        })
    }

    /// The people, in order of first mention.
    pub fn people(&self) -> impl Iterator<Item = &Entity> {
        self.entities.iter().filter(|e| e.kind == EntityKind::Person)
    }

    /// The places that are named (not only through a demonym), in order of first mention.
    pub fn places(&self) -> impl Iterator<Item = &Entity> {
        self.entities.iter().filter(|e| e.kind == EntityKind::Place && e.is_named())
    }
}

/// Finds the people and places of `draft`. Pure; the desk's names list comes from
/// `settings.desk_names`.
pub fn index(draft: &Draft, settings: &Settings) -> EntityIndex {
    recognize::recognize(draft, &settings.desk_names)
}
