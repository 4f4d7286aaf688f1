//! The rule registry: [`ALL`] is the only list of rules. The CLI's `--select`, config keys,
//! suppression names, code actions and docs/rules.md all derive from it.
//!
//! Each rule lives in its own file with a `//!` doc comment in fixed sections (What it flags ·
//! Why · Example · Fix · Not flagged) that is the rule's user documentation, a `META` static,
//! a `check` function and its tests.

use std::ops::Range;

use crate::config::Settings;
use crate::diagnostic::{Diagnostic, Severity};
use crate::draft::Draft;

pub mod attribution;
pub mod boilerplate_block;
pub mod dates;
pub mod doubled_word;
pub mod duplicated_dateline;
pub mod invalid_suppression;
pub mod numerals;
pub mod photo_credit;
pub mod quote_balance;
pub mod quote_marks;
pub mod screen_reader_text;
pub mod style_substitution;
pub mod titles;
pub mod web_boilerplate;
pub mod whitespace;

pub(crate) mod prose;

#[cfg(test)]
pub(crate) mod testing;

/// Every rule copydesk has, in the order they are documented.
pub static ALL: &[&RuleMeta] = &[
    &duplicated_dateline::META,
    &web_boilerplate::META,
    &boilerplate_block::META,
    &screen_reader_text::META,
    &photo_credit::META,
    &doubled_word::META,
    &invalid_suppression::META,
    &quote_balance::META,
    &style_substitution::META,
    &numerals::META,
    &dates::META,
    &titles::META,
    &quote_marks::META,
    &whitespace::META,
    &attribution::META,
];

/// Looks a rule up by its kebab-case name.
pub fn by_name(name: &str) -> Option<&'static RuleMeta> {
    ALL.iter().copied().find(|r| r.name == name)
}

/// Which fixes a rule can offer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixAvailability {
    /// The rule never offers a fix.
    None,
    /// Always safe when offered.
    Safe,
    /// Always unsafe (a quick fix only).
    Unsafe,
    /// Safe or unsafe depending on context (e.g. unsafe inside a direct quote).
    Sometimes,
}

/// What the registry knows about a rule.
pub struct RuleMeta {
    /// Kebab-case name: the config key, suppression name and `--select` value.
    pub name: &'static str,
    /// Stable short code, e.g. `CD101`; never reused.
    pub code: &'static str,
    /// One line for `copydesk rules`.
    pub summary: &'static str,
    /// Severity when the configuration does not say otherwise.
    pub default_severity: Severity,
    /// Whether the rule runs with no configuration.
    pub default_enabled: bool,
    /// Whether any house-style pack (`style = "ap"`, `"international"`) turns it on.
    pub style_pack: bool,
    /// Which fixes it offers.
    pub fix: FixAvailability,
    /// True when its findings are text that should not be there (tagged `Unnecessary`).
    pub unnecessary: bool,
    /// The rule's source file; its `//!` lines are the rule's documentation.
    pub source: &'static str,
    /// The check itself: a pure function of the draft and settings.
    pub check: fn(&Context) -> Vec<Diagnostic>,
}

impl std::fmt::Debug for RuleMeta {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RuleMeta").field("name", &self.name).field("code", &self.code).finish()
    }
}

impl RuleMeta {
    /// A finding of this rule at its default severity, without a fix. The engine applies the
    /// configured severity afterwards.
    pub fn diagnostic(&'static self, range: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            rule: self.name,
            range,
            severity: self.default_severity,
            message: message.into(),
            fix: None,
            unnecessary: self.unnecessary,
        }
    }

    /// The rule's documentation: its source file's leading `//!` lines, as Markdown.
    pub fn docs(&self) -> String {
        let mut out = String::new();
        for line in self.source.lines() {
            let Some(rest) = line.strip_prefix("//!") else {
                if line.trim().is_empty() {
                    continue;
                }
                break;
            };
            out.push_str(rest.strip_prefix(' ').unwrap_or(rest));
            out.push('\n');
        }
        out
    }
}

/// What a rule sees: the draft and the settings.
pub struct Context<'a> {
    pub draft: &'a Draft<'a>,
    pub settings: &'a Settings,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_codes_are_unique_and_kebab_case() {
        let mut names: Vec<_> = ALL.iter().map(|r| r.name).collect();
        let mut codes: Vec<_> = ALL.iter().map(|r| r.code).collect();
        names.sort();
        codes.sort();
        let n = names.len();
        names.dedup();
        codes.dedup();
        assert_eq!(names.len(), n, "duplicate rule name");
        assert_eq!(codes.len(), n, "duplicate rule code");
        for name in names {
            assert!(name.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{name}");
        }
    }

    #[test]
    fn every_rule_documents_the_fixed_sections() {
        for rule in ALL {
            let docs = rule.docs();
            for section in ["## What it flags", "## Why", "## Example", "## Fix", "## Not flagged"] {
                assert!(docs.contains(section), "{} docs lack {section}", rule.name);
            }
        }
    }
}
