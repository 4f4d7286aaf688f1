//! Settings: the resolved configuration every check runs with.
//!
//! Layers, lowest first: built-in defaults → `copydesk.toml` → editor settings → CLI flags
//! (see DESIGN.md §5). This module holds the merged result; the engine never reads files.

mod names;

pub use names::{load_names_lists, NamesListFileError};

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diagnostic::Severity;
use crate::entities::NamesList;
use crate::rules::RuleMeta;

/// What a rule is set to: off, or on at a severity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleLevel {
    Off,
    On(Severity),
}

impl RuleLevel {
    /// Parses `off`, `hint`, `info`, `warning` or `error`.
    pub fn parse(s: &str) -> Option<RuleLevel> {
        if s == "off" {
            return Some(RuleLevel::Off);
        }
        Severity::parse(s).map(RuleLevel::On)
    }
}

/// The house-style pack in force (`style = "…"`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Style {
    /// No pack: only rules enabled by default run.
    #[default]
    None,
    /// The AP-based pack (AP Stylebook conventions).
    Ap,
    /// The international pack (British spelling, day-month-year dates).
    International,
}

/// How direct quotes should be marked (`[quotes] marks`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum QuoteMarks {
    /// “Curly” typographer's quotes.
    #[default]
    Curly,
    /// "Straight" ASCII quotes.
    Straight,
}

/// A desk's own substitution (`[[substitutions]]`): `find` is replaced by `replace`, matched
/// as whole words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Substitution {
    pub find: String,
    pub replace: String,
}

/// The resolved settings for one check. `Settings::default()` is copydesk with no
/// configuration: the artifact rules and `doubled-word` at their default severities.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Settings {
    /// The house-style pack; any pack other than `None` enables the style rules.
    pub style: Style,
    /// Per-rule overrides by rule name. Rules not named keep their registry default.
    pub rules: BTreeMap<String, RuleLevel>,
    /// Extra whole-line boilerplate phrases from the desk (`[boilerplate] phrases`).
    pub boilerplate_phrases: Vec<String>,
    /// The desk's own substitutions, checked after the pack's table.
    pub substitutions: Vec<Substitution>,
    /// House quotation marks.
    pub quote_marks: QuoteMarks,
    /// The desk's own names lists, loaded by [`load_names_lists`] (the engine does no IO).
    /// Their spellings take precedence over the built-in list's.
    pub desk_names: Arc<NamesList>,
}

impl Settings {
    /// The severity `rule` runs at under these settings, or `None` when it is off.
    pub fn level(&self, rule: &RuleMeta) -> Option<Severity> {
        match self.rules.get(rule.name) {
            Some(RuleLevel::Off) => None,
            Some(RuleLevel::On(s)) => Some(*s),
            None if rule.default_enabled => Some(rule.default_severity),
            None if rule.style_pack && self.style != Style::None => Some(rule.default_severity),
            None => None,
        }
    }
}
