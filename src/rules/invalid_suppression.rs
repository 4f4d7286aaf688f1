//! Flags a suppression directive that does not do what it says.
//!
//! ## What it flags
//! A `copydesk-…` directive (see the suppression forms in the README) with a rule name that is
//! not a copydesk rule, a verb that is not `disable-next-line`, `disable-line`, `disable` or
//! `enable`, `disable-line` in plain text (where a directive stands on a line of its own), or
//! the plain-text form written in Markdown (where it would be published as text).
//!
//! ## Why
//! A misspelt directive silences nothing, so the findings it was meant to hide stay, and it
//! usually goes unnoticed. The unknown name is ignored; the directive's known names still
//! apply.
//!
//! ## Example
//! ```text
//! copydesk-disable-next-line doubled-wrod
//! It was the the end.
//! ```
//!
//! ## Fix
//! Unsafe, when a rule name is close to a real one: replaces it with that name.
//!
//! ## Not flagged
//! - Well-formed directives, including a trailing note: `copydesk-disable photo-credit -- caption kept`.
//! - Directives inside Markdown code blocks and code spans (examples, not directives).
//! - Text that mentions `copydesk-disable` mid-sentence.

use crate::config::options::closest_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::{Edit, Fix};
use crate::rules::{Context, FixAvailability, RuleMeta};
use crate::suppress::{Problem, Suppressions};

/// Registry entry.
pub static META: RuleMeta = RuleMeta {
    name: "invalid-suppression",
    code: "CD901",
    summary: "A suppression directive with an unknown rule or verb",
    default_severity: Severity::Warning,
    default_enabled: true,
    style_pack: false,
    fix: FixAvailability::Unsafe,
    unnecessary: false,
    source: include_str!("invalid_suppression.rs"),
    check,
};

fn check(ctx: &Context) -> Vec<Diagnostic> {
    let suppressions = Suppressions::parse(ctx.draft);
    suppressions.problems().iter().map(diagnostic).collect()
}

fn diagnostic(problem: &Problem) -> Diagnostic {
    let range = problem.range();
    match problem {
        Problem::UnknownRule { name, .. } => match closest_rule(name) {
            Some(near) => META
                .diagnostic(
                    range.clone(),
                    format!("`{name}` is not a copydesk rule, so this suppression ignores it; did you mean `{}`?", near.name),
                )
                .with_fix(Fix::unsafe_(format!("Change to `{}`", near.name), Edit::replace(range, near.name))),
            None => META.diagnostic(
                range,
                format!("`{name}` is not a copydesk rule, so this suppression ignores it (`copydesk rules` lists the rules)"),
            ),
        },
        Problem::UnknownVerb { verb, .. } => META.diagnostic(
            range,
            format!(
                "`copydesk-{verb}` is not a directive; use copydesk-disable-next-line, copydesk-disable-line, copydesk-disable or copydesk-enable"
            ),
        ),
        Problem::LineInPlainText { .. } => META.diagnostic(
            range,
            "In plain text a directive stands on its own line, so `disable-line` has no line to act on; put `copydesk-disable-next-line` on the line above",
        ),
        Problem::PlainFormInMarkdown { .. } => META.diagnostic(
            range,
            "In Markdown this line would be published and is ignored; write the directive as an HTML comment: `<!-- copydesk-… -->`",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;
    use crate::draft::Format;
    use crate::engine;
    use crate::fix::Applicability;
    use crate::rules::testing::{assert_clean, assert_marked, offered_fixes};

    #[test]
    fn flags_unknown_rules_and_verbs() {
        assert_marked(
            &META,
            "copydesk-disable-next-line doubled-wrod, photo-credit\n                           ^^^^^^^^^^^^\nIt was the the end.\ncopydesk-disabel\n^^^^^^^^^^^^^^^^\ncopydesk-disable-line\n^^^^^^^^^^^^^^^^^^^^^\n",
        );
    }

    #[test]
    fn does_not_flag_good_directives_or_mentions() {
        assert_clean(
            &META,
            &[
                "copydesk-disable photo-credit -- caption kept\nx\ncopydesk-enable\n",
                "copydesk-disable-next-line\nThe the.\n",
                "To silence it, write copydesk-disable-next-line above the line.\n",
                "<!-- copydesk-disable-next-line doubled-word -->\nThe the.\n",
            ],
        );
    }

    #[test]
    fn reports_inside_markdown_comments_but_not_in_code() {
        let text = "Intro.\n\n<!-- copydesk-disable-next-line doubled-wrd -->\nThe the end.\n\n```\n<!-- copydesk-disable nonsense -->\n```\n";
        let out = engine::check(text, Format::Markdown, &Settings::default());
        let found: Vec<(&str, &str)> = out.diagnostics.iter().map(|d| (d.rule, &text[d.range.clone()])).collect();
        // The misspelt name silences nothing, so the doubled word is still reported.
        assert_eq!(found, [("invalid-suppression", "doubled-wrd"), ("doubled-word", "the")]);
        let md_plain = "Intro.\n\ncopydesk-disable-next-line doubled-word\nThe the end.\n";
        let out = engine::check(md_plain, Format::Markdown, &Settings::default());
        let rules: Vec<&str> = out.diagnostics.iter().map(|d| d.rule).collect();
        assert_eq!(rules, ["invalid-suppression", "doubled-word"]);
    }

    #[test]
    fn offers_the_closest_name_as_an_unsafe_fix() {
        let fixes = offered_fixes(&META, "copydesk-disable-next-line doubled-wrod\nThe the.\n");
        assert_eq!(fixes, [(Applicability::Unsafe, "copydesk-disable-next-line doubled-word\nThe the.\n".to_string())]);
        assert!(offered_fixes(&META, "copydesk-disable-next-line zzzzzzzz\nx\n").is_empty());
    }
}
