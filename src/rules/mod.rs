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
use crate::entities::EntityIndex;

pub mod attribution;
pub mod boilerplate_block;
pub mod dates;
pub mod doubled_word;
pub mod duplicated_dateline;
pub mod first_reference;
pub mod invalid_suppression;
pub mod name_spelling;
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
    &name_spelling::META,
    &first_reference::META,
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

/// The rules whose findings in a paragraph depend only on that paragraph and the lines just
/// around it (one before, two after), never on the rest of the draft: the language server
/// re-checks them only in paragraphs an edit touched ([`crate::incremental`]). A rule that
/// reads other paragraphs (a quote left open, a first reference, a block of page furniture)
/// must not be listed. `tests/properties.rs` checks that an incremental check with these
/// equals a full check on random drafts and edits.
pub const PARAGRAPH_LOCAL: &[&str] =
    &["doubled-word", "duplicated-dateline", "photo-credit", "screen-reader-text", "web-boilerplate"];

/// Whole-draft rules that the language server may put off while the user types (their last
/// findings move with the text until typing pauses; see `incremental::check_deferring`):
/// those that cost tens of milliseconds on a long draft.
pub const DEFERRABLE: &[&str] = &["boilerplate-block"];

/// True when `rule` is listed in [`DEFERRABLE`].
pub fn is_deferrable(rule: &RuleMeta) -> bool {
    DEFERRABLE.contains(&rule.name)
}

/// True when `rule` is listed in [`PARAGRAPH_LOCAL`].
pub fn is_paragraph_local(rule: &RuleMeta) -> bool {
    PARAGRAPH_LOCAL.contains(&rule.name)
}

/// Looks a rule up by its kebab-case name.
pub fn by_name(name: &str) -> Option<&'static RuleMeta> {
    ALL.iter().copied().find(|r| r.name == name)
}

/// Where the generated rule documentation (docs/rules.md) is published. A rule's section is
/// this URL plus `#` and the rule's name (see [`RuleMeta::docs_url`]); the CLI's SARIF output
/// and the language server's `codeDescription` links both use it.
pub const DOCS_URL: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/rules.md");

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

impl FixAvailability {
    /// `none`, `safe`, `unsafe` or `sometimes`, as shown by `copydesk rules` and in docs.
    pub fn as_str(self) -> &'static str {
        match self {
            FixAvailability::None => "none",
            FixAvailability::Safe => "safe",
            FixAvailability::Unsafe => "unsafe",
            FixAvailability::Sometimes => "sometimes",
        }
    }
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

    /// Whether the rule runs with no configuration: `on` (enabled by default), `pack` (turned
    /// on by a house-style pack such as `style = "ap"`) or `off` (only when configured).
    pub fn default_state(&self) -> &'static str {
        if self.default_enabled {
            "on"
        } else if self.style_pack {
            "pack"
        } else {
            "off"
        }
    }

    /// The URL of the rule's section in the generated docs/rules.md: [`DOCS_URL`]`#<name>`.
    /// The section carries an explicit anchor whose id is exactly the rule name.
    pub fn docs_url(&self) -> String {
        format!("{DOCS_URL}#{}", self.name)
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

/// What a rule sees: the draft and the settings, and the draft's people and places,
/// recognised on first use (so that a check with no entity rule never touches the
/// gazetteer).
pub struct Context<'a> {
    pub draft: &'a Draft<'a>,
    pub settings: &'a Settings,
    entities: std::cell::OnceCell<EntityIndex>,
}

impl<'a> Context<'a> {
    /// A context for checking `draft` under `settings`.
    pub fn new(draft: &'a Draft<'a>, settings: &'a Settings) -> Context<'a> {
        Context { draft, settings, entities: std::cell::OnceCell::new() }
    }

    /// The draft's people and places (computed once per check, on first call).
    pub fn entities(&self) -> &EntityIndex {
        self.entities.get_or_init(|| crate::entities::index(self.draft, self.settings))
    }
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
    fn paragraph_local_names_are_registered_rules() {
        for name in PARAGRAPH_LOCAL.iter().chain(DEFERRABLE) {
            assert!(by_name(name).is_some(), "{name} is not in rules::ALL");
        }
        assert!(DEFERRABLE.iter().all(|d| !PARAGRAPH_LOCAL.contains(d)));
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
