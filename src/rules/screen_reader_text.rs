//! Flags text written for screen readers that leaked into copy when a page was flattened.
//!
//! ## What it flags
//! - List announcements: `list of 4 items`, `end of list`, including glued forms such as
//!   `list of 4 itemsend of list`, when they stand on a line of their own or are glued to
//!   the words around them.
//! - Link warnings: `, opens new tab`, `(opens in a new window)`, `(external link)`.
//!
//! ## Why
//! Sites put visually hidden labels in their markup for screen-reader users. Copying the page
//! as text brings those labels along, glued to the visible words around them.
//!
//! ## Example
//! ```text
//! list of 4 itemsend of list
//! Read the report, opens new tab
//! ```
//!
//! ## Fix
//! Safe: deletes the label (the whole line when nothing else is left on it).
//!
//! ## Not flagged
//! - The words in a normal sentence: `The museum published a list of 4 items on loan.`,
//!   `Click the link, which opens in a new window.`

use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::{Edit, Fix};
use crate::rules::{Context, FixAvailability, RuleMeta};

/// Registry entry.
pub static META: RuleMeta = RuleMeta {
    name: "screen-reader-text",
    code: "CD103",
    summary: "Screen-reader text (list announcements, new-tab warnings) leaked into copy",
    default_severity: Severity::Warning,
    default_enabled: true,
    style_pack: false,
    fix: FixAvailability::Safe,
    unnecessary: true,
    source: include_str!("screen_reader_text.rs"),
    check,
};

/// List announcements: certain only when alone on a line or glued to neighbouring words.
static LIST: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)list of \d+ items?|end of list").unwrap());

/// Link warnings: the comma or brackets make these certain wherever they stand.
static LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i),\s*opens?\s+(?:in\s+)?(?:a\s+)?new\s+(?:tab|window)(?-u:\b)|\s*\(\s*(?:opens?\s+(?:in\s+)?(?:a\s+)?new\s+(?:tab|window)|external\s+link|link\s+is\s+external)\s*\)").unwrap()
});

/// Every finding contains one of these words (`list` for list announcements; `tab`, `window`
/// or `external` for link warnings; same case folding as the patterns above): the lines
/// without any are skipped. Built without literal prefilters: extracting every case
/// variant of `external` costs more at start-up than the lazy DFA needs to scan a draft.
static KEYWORDS: LazyLock<regex_automata::meta::Regex> = LazyLock::new(|| {
    regex_automata::meta::Regex::builder()
        .configure(regex_automata::meta::Config::new().auto_prefilter(false))
        .build(r"(?i)list|tab|window|external")
        .expect("a valid pattern")
});

fn check(ctx: &Context) -> Vec<Diagnostic> {
    let draft = ctx.draft;
    let mut out = Vec::new();
    for i in draft.lines_at(KEYWORDS.find_iter(draft.text).map(|m| m.start())) {
        let line = &draft.lines()[i];
        let text = draft.line_text(i);
        let mut found: Vec<std::ops::Range<usize>> = LINK.find_iter(text).map(|m| m.range()).collect();
        let lists: Vec<std::ops::Range<usize>> = LIST.find_iter(text).map(|m| m.range()).collect();
        if found.is_empty() && lists.is_empty() {
            continue;
        }
        // What is left of the line once every list announcement is removed.
        let mut rest = String::new();
        let mut cursor = 0;
        for r in &lists {
            rest.push_str(&text[cursor..r.start]);
            cursor = r.end;
        }
        rest.push_str(&text[cursor..]);
        let alone = rest.trim().is_empty();
        for r in lists {
            let glued_before = text[..r.start].chars().next_back().is_some_and(char::is_alphanumeric);
            let glued_after = text[r.end..].chars().next().is_some_and(char::is_alphanumeric);
            if alone || glued_before || glued_after {
                found.push(r);
            }
        }
        found.sort_by_key(|r| r.start);
        let remaining: usize = {
            let mut left = text.to_string();
            for r in found.iter().rev() {
                left.replace_range(r.clone(), "");
            }
            left.trim().len()
        };
        for r in &found {
            let span = line.start + r.start..line.start + r.end;
            let removal = if remaining == 0 { draft.line_removal(i) } else { span.clone() };
            out.push(
                META.diagnostic(span.clone(), format!("screen-reader text `{}` leaked into copy", text[r.clone()].trim()))
                    .with_fix(Fix::safe("Remove screen-reader text", Edit::delete(removal))),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn flags_glued_list_announcements_and_link_warnings() {
        assert_marked(&META, "list of 4 itemsend of list\n^^^^^^^^^^^^^^^\n               ^^^^^^^^^^^\n");
        assert_marked(&META, "Read the report, opens new tab\n               ^^^^^^^^^^^^^^^\n");
        assert_marked(&META, "See the filing (opens in a new window).\n              ^^^^^^^^^^^^^^^^^^^^^^^^\n");
        assert_marked(&META, "Recommended Storieslist of 3 items\n                   ^^^^^^^^^^^^^^^\n");
    }

    #[test]
    fn does_not_flag_normal_sentences() {
        assert_clean(
            &META,
            &[
                "The museum published a list of 4 items on loan.",
                "Click the link, which opens in a new window.",
                "That was the end of list building, he said.",
            ],
        );
    }

    #[test]
    fn fix_removes_the_label_or_the_whole_line() {
        assert_fix(&META, "Intro.\nlist of 4 itemsend of list\nBody.\n", "Intro.\nBody.\n");
        assert_fix(&META, "Read the report, opens new tab\n", "Read the report\n");
    }
}
