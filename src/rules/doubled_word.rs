//! Flags a word typed twice: `the the`.
//!
//! ## What it flags
//! The same word twice in a row, ignoring case, separated only by spaces or by one line break.
//!
//! ## Why
//! A doubled word is the commonest typo an editor catches, and the eye skips it on re-reading,
//! especially across a line break.
//!
//! ## Example
//! ```text
//! The council voted to to approve the budget.
//! ```
//!
//! ## Fix
//! Safe: removes the repeat. Inside a direct quote the fix is unsafe (a quote is what the
//! speaker said).
//!
//! ## Not flagged
//! - Repeats that are grammatical: `had had`, `that that`, `is is` (`what it is is`), `was was`.
//! - Names and reduplicated words written with capitals: `Wagga Wagga`, `Bora Bora` (but
//!   `The The` at the start of a sentence is flagged).
//! - The same word ending one paragraph and opening the next (across a blank line).
//! - Numbers: `20 20`.
//! - A one- or two-word line followed by the same word (menus: `Search` / `search`).
//! - Paragraphs that are not English (Indonesian `biasa biasa`, German, Japanese).

use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::{Edit, Fix};
use crate::lang;
use crate::rules::{Context, FixAvailability, RuleMeta};

/// Registry entry.
pub static META: RuleMeta = RuleMeta {
    name: "doubled-word",
    code: "CD105",
    summary: "A word typed twice (`the the`)",
    default_severity: Severity::Warning,
    default_enabled: true,
    style_pack: false,
    fix: FixAvailability::Sometimes,
    unnecessary: false,
    source: include_str!("doubled_word.rs"),
    check,
};

/// Words English repeats on purpose (`had had`, `that that`, `bye bye`), lowercase.
const GRAMMATICAL: &[&str] = &[
    "bye", "chop", "ha", "had", "is", "knock", "no", "now", "so", "that", "there", "tut", "very", "was", "well",
];

/// Short function words that are never a name: `The The` is a typo, `Wagga Wagga` is not.
const FUNCTION_WORDS: &[&str] = &["a", "an", "and", "at", "by", "for", "in", "of", "on", "the", "to", "with"];

fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        let part = c.is_alphabetic() || (start.is_some() && (c == '\'' || c == '’' || c.is_alphanumeric()));
        match (part, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, &text[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out.into_iter()
}

fn check(ctx: &Context) -> Vec<Diagnostic> {
    let draft = ctx.draft;
    let text = draft.text;
    let mut out = Vec::new();
    let mut prev: Option<(usize, &str)> = None;
    for (start, word) in words(text) {
        let Some((pstart, pword)) = prev.replace((start, word)) else { continue };
        let gap = &text[pstart + pword.len()..start];
        let breaks = gap.matches('\n').count() + gap.matches('\r').count() - gap.matches("\r\n").count();
        if gap.is_empty() || !gap.chars().all(|c| c == ' ' || c == '\n' || c == '\r' || c == '\t') || breaks > 1 {
            continue;
        }
        if !word.eq_ignore_ascii_case(pword) && word.to_lowercase() != pword.to_lowercase() {
            continue;
        }
        let lower = word.to_lowercase();
        let capitalised = word.chars().any(char::is_uppercase);
        if GRAMMATICAL.contains(&lower.as_str()) || (capitalised && !FUNCTION_WORDS.contains(&lower.as_str())) {
            continue;
        }
        // Across a line break, the first line must be running prose, not a one-word menu item.
        if breaks == 1 {
            let line = draft.line_index(pstart);
            if draft.line_text(line).split_whitespace().count() < 3 {
                continue;
            }
        }
        // Other languages repeat words grammatically (Indonesian `biasa biasa`).
        if !lang::looks_english(&text[draft.paragraph_at(pstart)]) {
            continue;
        }
        // A run of three or more is deliberate (`no, no, no` without commas, chants).
        if let Some((_, next)) = words(&text[start + word.len()..]).next() {
            let after = &text[start + word.len()..];
            if next.eq_ignore_ascii_case(word) && after.trim_start().starts_with(next) && after.len() - after.trim_start().len() <= 2 {
                continue;
            }
        }
        let span = start..start + word.len();
        let removal = pstart + pword.len()..start + word.len();
        let title = format!("Remove the repeated `{word}`");
        let fix = if draft.in_quote(&span) {
            Fix::unsafe_(title, Edit::delete(removal))
        } else {
            Fix::safe(title, Edit::delete(removal))
        };
        out.push(META.diagnostic(span, format!("doubled word: `{pword} {word}`")).with_fix(fix));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::Applicability;
    use crate::rules::testing::*;

    #[test]
    fn flags_repeats_on_a_line_and_across_one_break() {
        assert_marked(&META, "The council voted to to approve it.\n                     ^^\n");
        assert_marked(&META, "It was the\nthe end.\n^^^\n");
        assert_marked(&META, "The The results are in.\n    ^^^\n");
    }

    #[test]
    fn does_not_flag_grammatical_repeats_names_or_paragraph_breaks() {
        assert_clean(
            &META,
            &[
                "She had had enough.",
                "He said that that was final.",
                "What it is is a tax.",
                "They flew to Wagga Wagga and Bora Bora.",
                "The course teaches mindfulness\n\nMindfulness is popular.",
                "The course teaches focus\n\nfocus matters.",
                "The score was 20 20 at half-time.",
                "Search\nsearch the archive",
                "Pemerintah akan terus memantau hal yang biasa biasa saja di wilayah tersebut.",
                "Apple unveiled the iPhone iPhone 16 event.",
            ],
        );
    }

    #[test]
    fn fix_removes_the_repeat_but_is_unsafe_inside_quotes() {
        assert_fix(&META, "It was the the end.", "It was the end.");
        assert_fix(&META, "It was the\nthe end.", "It was the end.");
        let quoted = "“We we will win,” she said.";
        assert_eq!(offered_fixes(&META, quoted)[0].0, Applicability::Unsafe);
        assert_fix(&META, quoted, quoted);
    }
}
