//! Diagnostic and Severity: what a rule reports about a draft.

use std::ops::Range;

use crate::fix::Fix;

/// How serious a finding is. Ordered from most to least serious.
///
/// `Error` and `Warning` make `copydesk check` exit 1; `Info` and `Hint` do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Info,
    Hint,
}

impl Severity {
    /// The lowercase name used in config files, JSON output and the CLI: `error`, `warning`,
    /// `info` or `hint`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }

    /// Parses the lowercase name; `None` for anything else.
    pub fn parse(s: &str) -> Option<Severity> {
        Some(match s {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            "info" => Severity::Info,
            "hint" => Severity::Hint,
            _ => return None,
        })
    }

    /// True for severities that fail a CI run (`error`, `warning`).
    pub fn fails_check(self) -> bool {
        matches!(self, Severity::Error | Severity::Warning)
    }
}

/// One finding in a draft.
///
/// `range` is a half-open range of **byte offsets** into the UTF-8 text the draft was built
/// from; it always lies on character boundaries and covers the offending text itself. The fix's
/// edits may reach further (deleting a boilerplate line also deletes its line break).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Kebab-case rule name from the registry, e.g. `web-boilerplate`.
    pub rule: &'static str,
    /// Byte range of the offending text.
    pub range: Range<usize>,
    /// Severity after configuration has been applied.
    pub severity: Severity,
    /// One sentence for the editor, saying what is wrong and, where it helps, why.
    pub message: String,
    /// The suggested fix, if the rule has one for this finding.
    pub fix: Option<Fix>,
    /// True for text that should not be there at all (boilerplate, screen-reader text): the
    /// language server tags these `Unnecessary` so editors fade them.
    pub unnecessary: bool,
}

impl Diagnostic {
    /// This diagnostic with `fix` attached.
    pub fn with_fix(mut self, fix: Fix) -> Diagnostic {
        self.fix = Some(fix);
        self
    }
}
