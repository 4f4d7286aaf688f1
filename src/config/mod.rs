//! Settings: the resolved configuration every check runs with.
//!
//! Layers, lowest first: built-in defaults → `copydesk.toml` → editor settings → CLI flags
//! (see DESIGN.md §5). This module holds the merged result; the engine never reads files.

use std::collections::BTreeMap;

use crate::diagnostic::Severity;
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

/// The resolved settings for one check. `Settings::default()` is copydesk with no
/// configuration: the artifact rules and `doubled-word` at their default severities.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Settings {
    /// Per-rule overrides by rule name. Rules not named keep their registry default.
    pub rules: BTreeMap<String, RuleLevel>,
    /// Extra whole-line boilerplate phrases from the desk (`[boilerplate] phrases`).
    pub boilerplate_phrases: Vec<String>,
}

impl Settings {
    /// The severity `rule` runs at under these settings, or `None` when it is off.
    pub fn level(&self, rule: &RuleMeta) -> Option<Severity> {
        match self.rules.get(rule.name) {
            Some(RuleLevel::Off) => None,
            Some(RuleLevel::On(s)) => Some(*s),
            None if rule.default_enabled => Some(rule.default_severity),
            None => None,
        }
    }
}
