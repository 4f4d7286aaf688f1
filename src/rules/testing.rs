//! Test helpers for rules: drafts with the expected spans marked by caret lines underneath.
//!
//! A marked draft is ordinary text in which a line made only of spaces and `^` marks, on the
//! line below, the characters (not bytes) a rule must flag. For example:
//!
//! ```text
//! It was the the end.
//!            ^^^
//! ```

use std::ops::Range;

use crate::config::{RuleLevel, Settings};
use crate::draft::Format;
use crate::engine;
use crate::rules::RuleMeta;

fn is_marker(line: &str) -> bool {
    line.contains('^') && line.chars().all(|c| c == ' ' || c == '^')
}

/// Splits a marked draft into its text and the expected byte ranges.
pub fn parse_marked(marked: &str) -> (String, Vec<Range<usize>>) {
    let mut text = String::new();
    let mut spans = Vec::new();
    // Byte range (in `text`) of the last content line, for the marker line below it.
    let mut prev: Option<Range<usize>> = None;
    for line in marked.split_inclusive('\n') {
        let content = line.trim_end_matches('\n');
        if is_marker(content) {
            let prev = prev.clone().expect("marker line with no line above");
            let above = &text[prev.clone()];
            let char_starts: Vec<usize> = above.char_indices().map(|(i, _)| i).chain([above.len()]).collect();
            let last = char_starts.len() - 1;
            let mut run: Option<usize> = None;
            for (col, c) in content.chars().chain([' ']).enumerate() {
                match (c, run) {
                    ('^', None) => run = Some(col),
                    ('^', Some(_)) => {}
                    (_, Some(s)) => {
                        spans.push(prev.start + char_starts[s.min(last)]..prev.start + char_starts[col.min(last)]);
                        run = None;
                    }
                    _ => {}
                }
            }
            continue;
        }
        let start = text.len();
        text.push_str(line);
        prev = Some(start..start + content.len());
    }
    (text, spans)
}

/// `settings` with `rule` switched on at its default severity.
pub fn with_rule_on(rule: &'static RuleMeta, settings: &Settings) -> Settings {
    let mut s = settings.clone();
    s.rules.insert(rule.name.to_string(), RuleLevel::On(rule.default_severity));
    s
}

/// Asserts that `rule` flags exactly the marked spans of a plain-text draft.
#[track_caller]
pub fn assert_marked(rule: &'static RuleMeta, marked: &str) {
    assert_marked_with(rule, &Settings::default(), marked);
}

/// [`assert_marked`] under `settings` (with `rule` switched on), e.g. with a style pack.
#[track_caller]
pub fn assert_marked_with(rule: &'static RuleMeta, settings: &Settings, marked: &str) {
    let (text, expected) = parse_marked(marked);
    let out = engine::check_with(&text, Format::Plain, &with_rule_on(rule, settings), &[rule]);
    let got: Vec<Range<usize>> = out.diagnostics.iter().map(|d| d.range.clone()).collect();
    let show = |v: &[Range<usize>]| v.iter().map(|r| format!("{:?}", &text[r.clone()])).collect::<Vec<_>>();
    assert_eq!(show(&got), show(&expected), "rule {} on:\n{text}", rule.name);
}

/// Asserts that `rule` flags nothing in each of `texts` (plain text).
#[track_caller]
pub fn assert_clean(rule: &'static RuleMeta, texts: &[&str]) {
    assert_clean_with(rule, &Settings::default(), texts);
}

/// [`assert_clean`] under `settings` (with `rule` switched on).
#[track_caller]
pub fn assert_clean_with(rule: &'static RuleMeta, settings: &Settings, texts: &[&str]) {
    let settings = with_rule_on(rule, settings);
    for text in texts {
        let out = engine::check_with(text, Format::Plain, &settings, &[rule]);
        let got: Vec<&str> = out.diagnostics.iter().map(|d| &text[d.range.clone()]).collect();
        assert!(got.is_empty(), "rule {} flagged {got:?} in {text:?}", rule.name);
    }
}

/// Asserts that `rule`'s safe fixes turn `before` into `after`, that the result is clean of
/// the rule's safe findings, and that fixing again changes nothing.
#[track_caller]
pub fn assert_fix(rule: &'static RuleMeta, before: &str, after: &str) {
    assert_fix_with(rule, &Settings::default(), before, after);
}

/// [`assert_fix`] under `settings` (with `rule` switched on).
#[track_caller]
pub fn assert_fix_with(rule: &'static RuleMeta, settings: &Settings, before: &str, after: &str) {
    let settings = with_rule_on(rule, settings);
    let out = engine::fix_with(before, Format::Plain, &settings, &[rule]);
    assert_eq!(out.text, after, "rule {} fixing {before:?}", rule.name);
    let again = engine::fix_with(&out.text, Format::Plain, &settings, &[rule]);
    assert_eq!(again.text, out.text, "fix does not converge");
    assert!(again.fixed.is_empty());
}

/// The fixes `rule` offers on `text`, as (applicability, text after applying that fix alone).
pub fn offered_fixes(rule: &'static RuleMeta, text: &str) -> Vec<(crate::fix::Applicability, String)> {
    offered_fixes_with(rule, &Settings::default(), text)
}

/// [`offered_fixes`] under `settings` (with `rule` switched on).
pub fn offered_fixes_with(
    rule: &'static RuleMeta,
    settings: &Settings,
    text: &str,
) -> Vec<(crate::fix::Applicability, String)> {
    let out = engine::check_with(text, Format::Plain, &with_rule_on(rule, settings), &[rule]);
    out.diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .map(|f| (f.applicability, crate::fix::apply(text, &f.edits).0))
        .collect()
}
