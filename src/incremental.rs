//! Paragraph-level reuse: when a draft is checked again after an edit, re-run the
//! paragraph-local rules only on the paragraphs whose text (or surroundings) changed.
//!
//! A keystroke in a 100,000-word live blog changes one paragraph; the language server checks
//! the whole draft after each one. [`check`] gives exactly what [`crate::engine::check_with`]
//! gives — same diagnostics, fixes and order — but keeps, in a [`Cache`] the caller owns (one
//! per open document), the findings of each *unit* of the draft and reuses them while the unit
//! is unchanged. It is pure: no IO, no global state.
//!
//! - A **unit** is a paragraph (a run of non-blank lines) with the blank lines after it; blank
//!   lines at the start of the draft form a unit of their own. Every byte belongs to one unit,
//!   and a finding to the unit its range starts in.
//! - A unit is checked in a **window**: the unit plus one line before it and two after (so
//!   rules that look at neighbouring lines — deleting a line with the blank line after it,
//!   a run of repeated words — see what they see in the whole draft). The window is a
//!   [`Draft::slice_lines`] of the whole draft, so code regions, front matter and quotes are
//!   those of the whole draft.
//! - A unit's findings are reused when its window's text, its code/quote regions and the
//!   unit's place in the window hash to the same 64-bit key as before (SipHash; a collision
//!   is about 2⁻⁶⁴ likely per pair of windows).
//! - Only rules listed as paragraph-local ([`crate::rules::is_paragraph_local`]) are run this
//!   way; every other rule runs on the whole draft each time, as in a full check.
//! - The cache is dropped when the settings, format or rule list differ from the last check.
//!   It holds the findings of the units seen in the last check only, so it never grows past
//!   one draft's findings and keys.
//!
//! One difference from a full check, on purpose: a paragraph-local rule that panics loses
//! only that unit's findings (reported once in `internal_errors`), not the whole draft's.
//!
//! **Deferred rules.** [`check_deferring`] may also put off the whole-draft rules listed in
//! [`crate::rules::DEFERRABLE`] (`boilerplate-block`: a model over every line of the draft,
//! about 80 ms on a 100,000-word live blog — too slow for every keystroke). When the text
//! differs from the last check's, their previous findings are carried over instead: kept where
//! they lie before the changed bytes, moved by the change's length where they lie after it,
//! dropped where they touch it; a draft over [`DEFER_FIRST_CHECK_OVER`] bytes gets its first
//! check without them. [`Cache::last_deferred`] then tells the caller to check again
//! once typing pauses; a check of the same text runs them for real (or reuses their result
//! when it is already exact). Only the language server's push/pull of diagnostics defers;
//! quick fixes, fix-all and the CLI never do.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::config::Settings;
use crate::diagnostic::{Diagnostic, Severity};
use crate::draft::{Draft, Format};
use crate::engine::{self, CheckOutput};
use crate::rules::{self, Context, RuleMeta};

/// What one check of a document leaves for the next: the findings of the paragraph-local rules
/// per unit, with ranges relative to the unit's window.
#[derive(Debug, Default)]
pub struct Cache {
    /// The settings, format and rule names the entries were computed with.
    key: Option<(Settings, Format, Vec<&'static str>)>,
    entries: HashMap<u64, Vec<Diagnostic>>,
    /// The findings of the deferrable rules and the text they are placed in.
    deferred: Option<Deferred>,
    /// How many units the last check took from the cache, and how many it checked.
    pub last_reused: usize,
    pub last_checked: usize,
    /// True when the last check carried the deferrable rules' findings over from an earlier
    /// text instead of running them: check the same text again (once typing pauses) for the
    /// exact result.
    pub last_deferred: bool,
}

/// The deferrable rules' findings (severity applied, before suppressions), placed in `text`.
#[derive(Debug)]
struct Deferred {
    text: String,
    found: Vec<Diagnostic>,
    /// The rules ran on `text` itself (the findings are exact), rather than being carried over.
    exact: bool,
}

/// Drafts longer than this (bytes) get their first check without the deferrable rules when
/// deferring (about 10 ms of `boilerplate-block` at this size; a 100,000-word live blog is
/// 600 KB).
pub const DEFER_FIRST_CHECK_OVER: usize = 64 * 1024;

/// Checks `text` like [`engine::check_with`], reusing `cache` from the previous check of the
/// same document and updating it. Offsets are byte offsets into `text`. Exact: never defers.
pub fn check(
    text: &str,
    format: Format,
    settings: &Settings,
    rules: &[&'static RuleMeta],
    cache: &mut Cache,
) -> CheckOutput {
    check_deferring(text, format, settings, rules, cache, false)
}

/// [`check`], except that with `defer` the deferrable rules' findings may be carried over from
/// the previous text (see the module docs); [`Cache::last_deferred`] says whether they were.
pub fn check_deferring(
    text: &str,
    format: Format,
    settings: &Settings,
    rules: &[&'static RuleMeta],
    cache: &mut Cache,
    defer: bool,
) -> CheckOutput {
    let names: Vec<&'static str> = rules.iter().map(|r| r.name).collect();
    let same = cache.key.as_ref().is_some_and(|(s, f, n)| s == settings && *f == format && *n == names);
    if !same {
        cache.entries.clear();
        cache.deferred = None;
        cache.key = Some((settings.clone(), format, names));
    }
    let (local, global): (Vec<&'static RuleMeta>, Vec<&'static RuleMeta>) =
        rules.iter().copied().filter(|r| settings.level(r).is_some()).partition(|r| rules::is_paragraph_local(r));
    let (slow, global): (Vec<&'static RuleMeta>, Vec<&'static RuleMeta>) =
        global.into_iter().partition(|r| rules::is_deferrable(r));

    let draft = Draft::new(text, format);
    let mut out = CheckOutput::default();
    engine::run_rules(&draft, settings, &global, &mut out);

    cache.last_deferred = false;
    let carried = match cache.deferred.take() {
        Some(d) if d.text == text && d.exact => Some(d),
        Some(d) if defer && d.text != text => {
            cache.last_deferred = true;
            Some(carry_over(d, text))
        }
        // A long draft just opened: its first diagnostics come without the deferrable rules,
        // which follow once the caller checks the same text again.
        None if defer && text.len() > DEFER_FIRST_CHECK_OVER && !slow.is_empty() => {
            cache.last_deferred = true;
            Some(Deferred { text: text.to_string(), found: Vec::new(), exact: false })
        }
        _ => None,
    };
    let deferred = match carried {
        Some(d) => d,
        None => {
            let mut found = CheckOutput::default();
            engine::run_rules(&draft, settings, &slow, &mut found);
            out.internal_errors.extend(found.internal_errors);
            Deferred { text: text.to_string(), found: found.diagnostics, exact: true }
        }
    };
    out.diagnostics.extend(deferred.found.iter().cloned());
    cache.deferred = Some(deferred);

    let mut entries = HashMap::with_capacity(cache.entries.len());
    let (mut reused, mut checked) = (0, 0);
    let n = draft.lines().len();
    for unit in units(&draft) {
        let (first, last) = (unit.start, unit.end - 1);
        let (wfirst, wlast) = (first.saturating_sub(1), (last + 2).min(n - 1));
        let window = draft.slice_lines(wfirst, wlast);
        let base = draft.line_with_break(wfirst).start;
        // The unit's bytes within the window; the last unit also owns the end of the text.
        let own = draft.line_with_break(first).start - base..draft.line_with_break(last).end - base;
        let key = window_key(&window, &own, local.len());
        let found = match cache.entries.remove(&key) {
            Some(found) => {
                reused += 1;
                found
            }
            None => {
                checked += 1;
                let at_end = last == n - 1;
                match check_window(&window, &own, at_end, settings, &local) {
                    Ok(found) => found,
                    Err(errors) => {
                        for e in errors {
                            if !out.internal_errors.contains(&e) {
                                out.internal_errors.push(e);
                            }
                        }
                        continue;
                    }
                }
            }
        };
        out.diagnostics.extend(found.iter().map(|d| shifted(d, base)));
        entries.insert(key, found);
    }
    cache.entries = entries;
    cache.last_reused = reused;
    cache.last_checked = checked;
    engine::apply_suppressions(&draft, &mut out.diagnostics);
    engine::sort(&mut out.diagnostics);
    out
}

/// The units of `draft` as ranges of line indices (see the module docs).
fn units(draft: &Draft) -> Vec<Range<usize>> {
    let n = draft.lines().len();
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..n {
        if !draft.is_blank(i) && draft.is_blank(i - 1) {
            out.push(start..i);
            start = i;
        }
    }
    out.push(start..n);
    out
}

fn window_key(window: &Draft, own: &Range<usize>, rules: usize) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    window.text.hash(&mut h);
    window.non_prose().hash(&mut h);
    window.quotes().hash(&mut h);
    window.html().hash(&mut h);
    own.hash(&mut h);
    rules.hash(&mut h);
    h.finish()
}

/// Runs the paragraph-local rules on one window and keeps the findings that start in `own`
/// (or at the very end of the text when `at_end`), with the configured severity. `Err` with
/// the internal errors when a rule panicked.
fn check_window(
    window: &Draft,
    own: &Range<usize>,
    at_end: bool,
    settings: &Settings,
    rules: &[&'static RuleMeta],
) -> Result<Vec<Diagnostic>, Vec<String>> {
    let ctx = Context::new(window, settings);
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for rule in rules {
        let Some(severity): Option<Severity> = settings.level(rule) else { continue };
        match catch_unwind(AssertUnwindSafe(|| (rule.check)(&ctx))) {
            Ok(diagnostics) => found.extend(diagnostics.into_iter().filter_map(|mut d| {
                let start = d.range.start;
                let mine = own.contains(&start) || (at_end && start == own.end);
                if !mine || !window.is_prose(&d.range) {
                    return None;
                }
                d.severity = severity;
                Some(d)
            })),
            Err(panic) => errors.push(format!("{}: {}", rule.name, engine::panic_message(&*panic))),
        }
    }
    if errors.is_empty() {
        Ok(found)
    } else {
        Err(errors)
    }
}

/// `old`'s findings placed in `text`: outside the span [`crate::fix::minimal_edit`] finds
/// between the two texts nothing changed; findings wholly before it are kept, those wholly
/// after it moved by the change in length, the others dropped.
fn carry_over(old: Deferred, text: &str) -> Deferred {
    let Some(change) = crate::fix::minimal_edit(&old.text, text) else {
        return Deferred { text: text.to_string(), found: old.found, exact: false };
    };
    let (prefix, changed_end) = (change.range.start, change.range.end);
    let new_end = prefix + change.replacement.len();
    let place = |r: &Range<usize>| -> Option<Range<usize>> {
        if r.end <= prefix {
            Some(r.clone())
        } else if r.start >= changed_end {
            Some(r.start - changed_end + new_end..r.end - changed_end + new_end)
        } else {
            None
        }
    };
    let found = old
        .found
        .into_iter()
        .filter_map(|mut d| {
            d.range = place(&d.range)?;
            if let Some(fix) = d.fix.as_mut() {
                for edit in &mut fix.edits {
                    edit.range = place(&edit.range)?;
                }
            }
            Some(d)
        })
        .collect();
    Deferred { text: text.to_string(), found, exact: false }
}

/// `d` with its range and its fix's edits moved `by` bytes later.
fn shifted(d: &Diagnostic, by: usize) -> Diagnostic {
    let mut d = d.clone();
    d.range = d.range.start + by..d.range.end + by;
    if let Some(fix) = d.fix.as_mut() {
        for edit in &mut fix.edits {
            edit.range = edit.range.start + by..edit.range.end + by;
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full(text: &str, format: Format) -> Vec<Diagnostic> {
        engine::check(text, format, &Settings::default()).diagnostics
    }

    #[test]
    fn units_cover_every_line_once() {
        let d = Draft::new("\n\nOne\ntwo\n\n\nThree\n  \nFour", Format::Plain);
        assert_eq!(units(&d), [0..2, 2..6, 6..8, 8..9]);
        let d = Draft::new("", Format::Plain);
        assert_eq!(units(&d), [0..1]);
    }

    #[test]
    fn an_edit_rechecks_only_its_unit_and_gives_the_full_result() {
        let mut text = String::from("# Title\n\nIt was the the end.\n\nAdvertisement\n\n");
        for i in 0..50 {
            text.push_str(&format!("Paragraph {i} has copy in it, and a credit [File: Jo Lee/AFP]\n\n"));
        }
        let settings = Settings::default();
        let mut cache = Cache::default();
        let first = check(&text, Format::Markdown, &settings, rules::ALL, &mut cache);
        assert_eq!(first.diagnostics, full(&text, Format::Markdown));
        assert_eq!(cache.last_reused, 0);
        // Type in paragraph 20.
        let at = text.find("Paragraph 20").unwrap();
        text.insert_str(at, "the the ");
        let second = check(&text, Format::Markdown, &settings, rules::ALL, &mut cache);
        assert_eq!(second.diagnostics, full(&text, Format::Markdown));
        assert!(cache.last_checked <= 3, "checked {} units", cache.last_checked);
        assert!(cache.last_reused >= 50);
    }

    #[test]
    fn code_fences_opened_elsewhere_are_respected() {
        // The same paragraph text is code in one place and prose in another.
        let text = "Intro.\n\n```\nthe the\n\nthe the\n```\n\nthe the\n";
        let mut cache = Cache::default();
        let out = check(text, Format::Markdown, &Settings::default(), rules::ALL, &mut cache);
        assert_eq!(out.diagnostics, full(text, Format::Markdown));
        assert_eq!(out.diagnostics.len(), 1);
    }

    #[test]
    fn new_settings_drop_the_cache() {
        let text = "It was the the end.\n";
        let mut cache = Cache::default();
        check(text, Format::Plain, &Settings::default(), rules::ALL, &mut cache);
        let mut off = Settings::default();
        off.rules.insert("doubled-word".into(), crate::config::RuleLevel::Off);
        let out = check(text, Format::Plain, &off, rules::ALL, &mut cache);
        assert!(out.diagnostics.is_empty());
        assert_eq!(cache.last_reused, 0);
    }

    /// A pasted page: navigation above the story, related links below it.
    fn pasted_page() -> String {
        include_str!("../tests/fixtures/pages/menu-story-links.txt").to_string()
    }

    fn rule_findings(out: &CheckOutput, rule: &str) -> Vec<(Range<usize>, Option<Vec<Range<usize>>>)> {
        out.diagnostics
            .iter()
            .filter(|d| d.rule == rule)
            .map(|d| (d.range.clone(), d.fix.as_ref().map(|f| f.edits.iter().map(|e| e.range.clone()).collect())))
            .collect()
    }

    #[test]
    fn deferred_rules_carry_their_findings_over_an_edit_and_run_again_on_the_same_text() {
        let settings = Settings::default();
        let mut text = pasted_page();
        let mut cache = Cache::default();
        let first = check_deferring(&text, Format::Plain, &settings, rules::ALL, &mut cache, true);
        assert!(!cache.last_deferred, "nothing to carry over on the first check");
        assert_eq!(first.diagnostics, full(&text, Format::Plain));
        let blocks = rule_findings(&first, "boilerplate-block");
        assert!(blocks.len() >= 2, "the page has furniture above and below the story: {blocks:?}");

        // Type in the middle of the story: the blocks before it stay, those after it move.
        let at = text.find("Paragraph 6").unwrap();
        text.insert_str(at, "the the ");
        let second = check_deferring(&text, Format::Plain, &settings, rules::ALL, &mut cache, true);
        assert!(cache.last_deferred);
        let moved: Vec<_> = blocks
            .iter()
            .map(|(r, f)| {
                let by = |r: &Range<usize>| if r.start >= at { r.start + 8..r.end + 8 } else { r.clone() };
                (by(r), f.as_ref().map(|f| f.iter().map(by).collect()))
            })
            .collect();
        assert_eq!(rule_findings(&second, "boilerplate-block"), moved);
        let exact = full(&text, Format::Plain);
        let others = |d: &[Diagnostic]| d.iter().filter(|d| d.rule != "boilerplate-block").cloned().collect::<Vec<_>>();
        assert_eq!(others(&second.diagnostics), others(&exact), "the other rules are exact");

        // The same text again (typing paused): exact, and not deferred.
        let third = check_deferring(&text, Format::Plain, &settings, rules::ALL, &mut cache, true);
        assert!(!cache.last_deferred);
        assert_eq!(third.diagnostics, exact);

        // An edit inside a flagged block drops that block's carried finding.
        let menu = text.find("Sport").unwrap();
        text.insert_str(menu, "X");
        let fourth = check_deferring(&text, Format::Plain, &settings, rules::ALL, &mut cache, true);
        assert!(cache.last_deferred);
        assert!(rule_findings(&fourth, "boilerplate-block").iter().all(|(r, _)| !r.contains(&menu)));

        // A long draft's first check defers them too; checking the same text again runs them.
        let long = pasted_page().repeat(1 + DEFER_FIRST_CHECK_OVER / pasted_page().len());
        let mut fresh = Cache::default();
        let first = check_deferring(&long, Format::Plain, &settings, rules::ALL, &mut fresh, true);
        assert!(fresh.last_deferred);
        assert!(first.diagnostics.iter().all(|d| d.rule != "boilerplate-block"));
        let again = check_deferring(&long, Format::Plain, &settings, rules::ALL, &mut fresh, true);
        assert!(!fresh.last_deferred);
        assert_eq!(again.diagnostics, full(&long, Format::Plain));

        // Without `defer` the check is always exact.
        let exact = check(&text, Format::Plain, &settings, rules::ALL, &mut cache);
        assert!(!cache.last_deferred);
        assert_eq!(exact.diagnostics, full(&text, Format::Plain));
    }
}
