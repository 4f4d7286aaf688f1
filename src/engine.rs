//! The engine: the one boundary the CLI and the language server both call.
//!
//! Pure: no IO, no async, no protocol types, no printing, no `Result`. A strange draft is
//! input, not an error. All ranges are **byte offsets** into the text passed in.

use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::config::Settings;
use crate::diagnostic::Diagnostic;
use crate::draft::{Draft, Format};
use crate::fix::{self, Applicability, Edit};
use crate::rules::{self, invalid_suppression, Context, RuleMeta};
use crate::suppress::Suppressions;

/// The result of checking one draft.
#[derive(Debug, Default)]
pub struct CheckOutput {
    /// Findings sorted by start offset, then end offset, then rule name.
    pub diagnostics: Vec<Diagnostic>,
    /// One line per rule that panicked on this draft (`rule-name: message`). The other rules'
    /// findings are still in `diagnostics`; callers log these as internal errors.
    pub internal_errors: Vec<String>,
}

/// Checks `text` with every rule the settings enable.
pub fn check(text: &str, format: Format, settings: &Settings) -> CheckOutput {
    check_with(text, format, settings, rules::ALL)
}

/// Checks `text` with the given subset of rules (still subject to the settings' on/off and
/// severity). Used by `--select` and by rule tests.
pub fn check_with(text: &str, format: Format, settings: &Settings, rules: &[&'static RuleMeta]) -> CheckOutput {
    let draft = Draft::new(text, format);
    let ctx = Context { draft: &draft, settings };
    let mut out = CheckOutput::default();
    for rule in rules {
        let Some(severity) = settings.level(rule) else { continue };
        // `invalid-suppression` reports inside directives, which are not prose by design.
        let on_directives = rule.name == invalid_suppression::META.name;
        match catch_unwind(AssertUnwindSafe(|| (rule.check)(&ctx))) {
            Ok(found) => out.diagnostics.extend(
                found
                    .into_iter()
                    .filter(|d| on_directives || draft.is_prose(&d.range))
                    .map(|mut d| {
                        d.severity = severity;
                        d
                    }),
            ),
            Err(panic) => {
                let msg = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "panic".to_string());
                out.internal_errors.push(format!("{}: {msg}", rule.name));
            }
        }
    }
    apply_suppressions(&draft, &mut out.diagnostics);
    out.diagnostics.sort_by(|a, b| {
        (a.range.start, a.range.end, a.rule).cmp(&(b.range.start, b.range.end, b.rule))
    });
    out
}

/// Applies the draft's inline directives ([`crate::suppress`]): drops findings they suppress,
/// drops other rules' findings on directive text (it is not prose), and strips fixes whose
/// edits would touch a directive, so that no fix ever deletes one.
fn apply_suppressions(draft: &Draft, diagnostics: &mut Vec<Diagnostic>) {
    let sup = Suppressions::parse(draft);
    if sup.is_empty() {
        return;
    }
    diagnostics.retain(|d| {
        let own = d.rule == invalid_suppression::META.name;
        let line = draft.line_index(d.range.start);
        (own || !sup.touches_directive(&d.range)) && !sup.suppresses(d.rule, d.range.start, line)
    });
    for d in diagnostics.iter_mut() {
        if d.rule == invalid_suppression::META.name {
            continue;
        }
        if d.fix.as_ref().is_some_and(|f| f.edits.iter().any(|e| sup.touches_directive(&e.range))) {
            d.fix = None;
        }
    }
}

/// The result of fixing one draft.
#[derive(Debug)]
pub struct FixOutput {
    /// The text after all safe fixes.
    pub text: String,
    /// The findings whose safe fixes were applied, pass by pass (ranges refer to the text as
    /// it was in that pass).
    pub fixed: Vec<Diagnostic>,
    /// What a check of the fixed text still reports.
    pub remaining: CheckOutput,
}

/// Applies every safe fix, re-checking after each pass until nothing more can be fixed (at
/// most 8 passes). `copydesk check --fix` and the editor's fix-all both call this, so they
/// produce byte-identical text.
pub fn fix(text: &str, format: Format, settings: &Settings) -> FixOutput {
    fix_with(text, format, settings, rules::ALL)
}

/// [`fix`] with a subset of rules.
pub fn fix_with(text: &str, format: Format, settings: &Settings, rules: &[&'static RuleMeta]) -> FixOutput {
    let mut current = text.to_string();
    let mut fixed = Vec::new();
    for _ in 0..8 {
        let out = check_with(&current, format, settings, rules);
        let (safe, edits) = safe_edits(&out.diagnostics);
        if edits.is_empty() {
            return FixOutput { text: current, fixed, remaining: out };
        }
        let (next, applied) = fix::apply(&current, &edits);
        if applied == 0 || next == current {
            return FixOutput { text: current, fixed, remaining: out };
        }
        fixed.extend(safe);
        current = next;
    }
    let remaining = check_with(&current, format, settings, rules);
    FixOutput { text: current, fixed, remaining }
}

/// The safe fixes of `diagnostics` that can be applied together in one pass: whole fixes
/// whose edits do not overlap an earlier accepted fix.
fn safe_edits(diagnostics: &[Diagnostic]) -> (Vec<Diagnostic>, Vec<Edit>) {
    let mut taken: Vec<std::ops::Range<usize>> = Vec::new();
    let mut chosen = Vec::new();
    let mut edits = Vec::new();
    for d in diagnostics {
        let Some(f) = d.fix.as_ref().filter(|f| f.applicability == Applicability::Safe) else {
            continue;
        };
        let overlaps = f.edits.iter().any(|e| {
            taken.iter().any(|t| e.range.start < t.end && t.start < e.range.end || e.range == *t)
        });
        if overlaps {
            continue;
        }
        taken.extend(f.edits.iter().map(|e| e.range.clone()));
        edits.extend(f.edits.iter().cloned());
        chosen.push(d.clone());
    }
    (chosen, edits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn panicking(_: &Context) -> Vec<Diagnostic> {
        panic!("rule bug")
    }

    static BROKEN: RuleMeta = RuleMeta {
        name: "broken-rule",
        code: "CD999",
        summary: "always panics",
        default_severity: crate::diagnostic::Severity::Warning,
        default_enabled: true,
        style_pack: false,
        fix: rules::FixAvailability::None,
        unnecessary: false,
        source: "",
        check: panicking,
    };

    #[test]
    fn a_panicking_rule_is_an_internal_error_and_other_rules_still_report() {
        let rules: Vec<&'static RuleMeta> = vec![&BROKEN, &rules::doubled_word::META];
        let out = check_with("It was the the end.", Format::Plain, &Settings::default(), &rules);
        assert_eq!(out.internal_errors, ["broken-rule: rule bug"]);
        assert_eq!(out.diagnostics.len(), 1);
        assert_eq!(out.diagnostics[0].rule, "doubled-word");
    }

    #[test]
    fn fix_converges_and_leaves_unfixable_findings() {
        let text = "Advertisement\nIt was the the end.\n";
        let out = fix(text, Format::Plain, &Settings::default());
        assert_eq!(out.text, "It was the end.\n");
        assert_eq!(out.fixed.len(), 2);
        assert!(out.remaining.diagnostics.is_empty());
    }

    /// Flags the first line and offers a safe fix deleting the whole text: a stand-in for a
    /// rule whose fix reaches too far.
    fn greedy(ctx: &Context) -> Vec<Diagnostic> {
        let first = ctx.draft.lines()[0].clone();
        vec![GREEDY.diagnostic(first, "first line").with_fix(crate::fix::Fix::safe("delete all", Edit::delete(0..ctx.draft.text.len())))]
    }

    static GREEDY: RuleMeta = RuleMeta {
        name: "greedy-rule",
        code: "CD998",
        summary: "deletes everything",
        default_severity: crate::diagnostic::Severity::Warning,
        default_enabled: true,
        style_pack: false,
        fix: rules::FixAvailability::Safe,
        unnecessary: false,
        source: "",
        check: greedy,
    };

    fn found(text: &str, format: Format) -> Vec<(&'static str, usize)> {
        let out = check(text, format, &Settings::default());
        out.diagnostics.iter().map(|d| (d.rule, Draft::new(text, format).line_index(d.range.start))).collect()
    }

    #[test]
    fn plain_directives_suppress_named_rules_on_the_next_line_only() {
        let text = "copydesk-disable-next-line doubled-word\nIt was the the end.\nThen the the start.\n";
        assert_eq!(found(text, Format::Plain), [("doubled-word", 2)]);
        let bare = "copydesk-disable-next-line\nAdvertisement\nIt was the the end.\n";
        assert_eq!(found(bare, Format::Plain), [("doubled-word", 2)]);
        let other = "copydesk-disable-next-line photo-credit\nIt was the the end.\n";
        assert_eq!(found(other, Format::Plain), [("doubled-word", 1)]);
    }

    #[test]
    fn markdown_ranges_suppress_until_enabled() {
        let text = "Intro.\n\n<!-- copydesk-disable doubled-word -->\n\nIt was the the end.\n\nAdvertisement\n\n<!-- copydesk-enable doubled-word -->\n\nThen the the start.\n";
        assert_eq!(found(text, Format::Markdown), [("web-boilerplate", 6), ("doubled-word", 10)]);
        let all = "<!-- copydesk-disable -->\nAdvertisement\n\nIt was the the end.\n";
        assert!(found(all, Format::Markdown).is_empty());
    }

    #[test]
    fn directive_lines_are_not_flagged_and_fixes_never_delete_them() {
        // A directive line made of words another rule would flag is still not flagged.
        let text = "copydesk-disable-next-line doubled-word doubled-word\nfine\n";
        assert!(found(text, Format::Plain).is_empty(), "{:?}", found(text, Format::Plain));
        // A fix whose edit would remove the directive is withdrawn; the finding stays.
        let text = "Lead line.\ncopydesk-disable-next-line photo-credit\nMore.\n";
        let rules: Vec<&'static RuleMeta> = vec![&GREEDY];
        let out = check_with(text, Format::Plain, &Settings::default(), &rules);
        assert_eq!(out.diagnostics.len(), 1);
        assert!(out.diagnostics[0].fix.is_none());
        assert_eq!(fix_with(text, Format::Plain, &Settings::default(), &rules).text, text);
        // Without a directive the same fix stands.
        let out = check_with("Lead line.\n", Format::Plain, &Settings::default(), &rules);
        assert!(out.diagnostics[0].fix.is_some());
    }

    #[test]
    fn fix_all_keeps_directives_and_the_suppressed_text() {
        let text = "Advertisement\ncopydesk-disable-next-line doubled-word\nThe the start stays.\nIt was the the end.\n";
        let out = fix(text, Format::Plain, &Settings::default());
        assert_eq!(out.text, "copydesk-disable-next-line doubled-word\nThe the start stays.\nIt was the end.\n");
    }
}
