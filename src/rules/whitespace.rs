//! Flags stray white space in prose: two spaces between sentences or words, spaces at the
//! end of a line, and tabs inside a line.
//!
//! ## What it flags
//! - Two or three spaces between words or sentences on one line: `The end.  Then more.`
//! - Spaces or tabs at the end of a line, and lines holding only spaces or tabs. In Markdown,
//!   two or more spaces ending a line inside a paragraph are a hard line break and are kept.
//! - A tab between words inside a line.
//!
//! ## Why
//! Typewriter habits (two spaces after a full stop) and pasted copy leave white space that
//! publishing systems render inconsistently: doubled gaps in one place, a stray indent in
//! another. Trailing white space also makes diffs and reviews noisier.
//!
//! ## Example
//! ```text
//! The council met.  It voted→to approve the budget.
//! ```
//! (two spaces after `met.`, and a tab, shown as `→`, after `voted`).
//!
//! ## Fix
//! Safe: white space between words becomes one space, and trailing white space is deleted.
//! No word changes.
//!
//! ## Not flagged
//! - A Markdown hard break: two or more trailing spaces before the next line of the same
//!   paragraph.
//! - Indentation at the start of a line (a code block or a list in Markdown, a paragraph
//!   indent in plain text).
//! - Lines laid out as a table: with `|`, with two or more tabs, or with a run of four or
//!   more spaces used to align columns.
//! - Code blocks, front matter and HTML.

use crate::diagnostic::{Diagnostic, Severity};
use crate::draft::{Draft, Format};
use crate::fix::{Edit, Fix};
use crate::rules::{Context, FixAvailability, RuleMeta};

/// Registry entry.
pub static META: RuleMeta = RuleMeta {
    name: "whitespace",
    code: "CD207",
    summary: "Two spaces between sentences or words, trailing spaces, tabs inside a line",
    default_severity: Severity::Warning,
    default_enabled: false,
    style_pack: true,
    fix: FixAvailability::Safe,
    unnecessary: false,
    source: include_str!("whitespace.rs"),
    check,
};

/// True when the line is laid out as a table, where runs of white space align columns.
fn is_tabular(line: &str) -> bool {
    line.contains('|') || line.matches('\t').count() >= 2 || line.trim_start().contains("    ")
}

fn check_line(draft: &Draft, i: usize, out: &mut Vec<Diagnostic>) {
    let range = draft.lines()[i].clone();
    let line = draft.line_text(i);
    // Trailing white space.
    let body = line.trim_end_matches([' ', '\t']);
    if body.len() < line.len() {
        let trailing = &line[body.len()..];
        let next_in_paragraph = i + 1 < draft.lines().len() && !draft.is_blank(i + 1) && !body.trim().is_empty();
        let hard_break = draft.format == Format::Markdown && next_in_paragraph && trailing.len() >= 2 && !trailing.contains('\t');
        if !hard_break {
            let span = range.start + body.len()..range.end;
            let message = if body.trim().is_empty() { "line holds only white space" } else { "white space at the end of a line" };
            out.push(META.diagnostic(span.clone(), message).with_fix(Fix::safe("Remove trailing white space", Edit::delete(span))));
        }
    }
    let indent = body.len() - body.trim_start().len();
    if body.trim().is_empty() || is_tabular(body) {
        return;
    }
    // Runs of white space between words.
    let bytes = body.as_bytes();
    let mut j = indent;
    while j < bytes.len() {
        if bytes[j] != b' ' && bytes[j] != b'\t' {
            j += 1;
            continue;
        }
        let start = j;
        while j < bytes.len() && (bytes[j] == b' ' || bytes[j] == b'\t') {
            j += 1;
        }
        let run = &body[start..j];
        if j >= bytes.len() || run == " " {
            continue;
        }
        let span = range.start + start..range.start + j;
        let message = if run.contains('\t') {
            "tab inside a line of prose"
        } else if body[..start].ends_with(['.', '!', '?', '”', '"', ':']) {
            "two spaces between sentences"
        } else {
            "two spaces between words"
        };
        out.push(META.diagnostic(span.clone(), message).with_fix(Fix::safe("Use one space", Edit::replace(span, " "))));
    }
}

fn check(ctx: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for i in 0..ctx.draft.lines().len() {
        check_line(ctx.draft, i, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Settings, Style};
    use crate::engine;
    use crate::rules::testing::*;

    fn ap() -> Settings {
        Settings { style: Style::Ap, ..Settings::default() }
    }

    #[test]
    fn flags_double_spaces_trailing_spaces_and_tabs() {
        assert_marked_with(&META, &ap(), "The council met.  It voted\tto approve it. \n                ^^        ^              ^\n");
        assert_marked_with(&META, &ap(), "One  two.\n   ^^\n   \n^^^\n");
    }

    #[test]
    fn does_not_flag_indents_tables_single_spaces_or_markdown_hard_breaks() {
        assert_clean_with(
            &META,
            &ap(),
            &[
                "The council met. It voted to approve it.",
                "    An indented paragraph in plain text.",
                "Name    Age    Town\nAnna    34     Leeds",
                "| a  | b |",
                "Col\tCol\tCol",
            ],
        );
        let md = "Line one  \nline two of the same paragraph.\n\n```\ncode  with  spaces  \n```\n";
        let out = engine::check_with(md, Format::Markdown, &with_rule_on(&META, &ap()), &[&META]);
        assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
        // The same two spaces at the end of a paragraph are not a break.
        let md = "Last line  \n\nNext.";
        let out = engine::check_with(md, Format::Markdown, &with_rule_on(&META, &ap()), &[&META]);
        assert_eq!(out.diagnostics.len(), 1);
    }

    #[test]
    fn fix_is_safe_and_converges() {
        assert_fix_with(
            &META,
            &ap(),
            "The council met.  It voted\tto approve it.  \n  \nNext.\n",
            "The council met. It voted to approve it.\n\nNext.\n",
        );
    }
}
