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
//! - Repeats that are grammatical: `had had`, `that that`, `is is` (`what it is is`), `was was`,
//!   `her her` (`gave her her keys`), `do do`, `knew knew`.
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

/// Words English repeats on purpose (`had had`, `that that`, `bye bye`, `gave her her keys`,
/// `whatever they do do`, `those who knew knew`), lowercase.
const GRAMMATICAL: &[&str] = &[
    "bye", "chop", "did", "do", "does", "ha", "had", "her", "is", "knew", "knock", "no", "now", "so", "that", "there",
    "tut", "very", "was", "well",
];

/// Short function words that are never a name: `The The` is a typo, `Wagga Wagga` is not.
const FUNCTION_WORDS: &[&str] = &["a", "an", "and", "at", "by", "for", "in", "of", "on", "the", "to", "with"];

/// For each ASCII byte: bit 1 when a word can start with it (a letter), bit 2 when a word
/// goes on through it (a letter, a digit or `'`).
static ASCII_CLASS: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphabetic() {
            table[b] |= 1;
        }
        if c.is_ascii_alphanumeric() || c == b'\'' {
            table[b] |= 2;
        }
        b += 1;
    }
    table
};

/// The words of `text` with their byte offsets, lazily: a word starts with a letter and goes on
/// through letters, digits and apostrophes (`'` or `’`). ASCII bytes are classified by table,
/// without decoding.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    // Whether the character at `i` has `bit` (1: starts a word, 2: continues one), and its length.
    let test = move |i: usize, bit: u8| -> (bool, usize) {
        let b = bytes[i];
        if b < 0x80 {
            return (ASCII_CLASS[b as usize] & bit != 0, 1);
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        let yes = if bit == 1 { c.is_alphabetic() } else { c.is_alphanumeric() || c == '’' };
        (yes, c.len_utf8())
    };
    std::iter::from_fn(move || {
        loop {
            if i >= bytes.len() {
                return None;
            }
            let (starts, len) = test(i, 1);
            if starts {
                break;
            }
            i += len;
        }
        let start = i;
        while i < bytes.len() {
            let (goes_on, len) = test(i, 2);
            if !goes_on {
                break;
            }
            i += len;
        }
        Some((start, &text[start..i]))
    })
}

/// Equal ignoring case (Unicode lowercase), without allocating.
fn same_word(a: &str, b: &str) -> bool {
    // Most neighbours differ in their first letter: decide those on one byte. (Only when both
    // are ASCII: `K` KELVIN SIGN lowercases to an ASCII `k`.)
    if let (Some(&x), Some(&y)) = (a.as_bytes().first(), b.as_bytes().first()) {
        if x.is_ascii() && y.is_ascii() && !x.eq_ignore_ascii_case(&y) {
            return false;
        }
    }
    if a.eq_ignore_ascii_case(b) {
        return true;
    }
    if a.is_ascii() && b.is_ascii() {
        return false;
    }
    a.chars().flat_map(char::to_lowercase).eq(b.chars().flat_map(char::to_lowercase))
}

fn check(ctx: &Context) -> Vec<Diagnostic> {
    let draft = ctx.draft;
    let text = draft.text;
    let mut out = Vec::new();
    let mut prev: Option<(usize, &str)> = None;
    let mut english_cache: Option<(std::ops::Range<usize>, bool)> = None;
    for (start, word) in words(text) {
        let Some((pstart, pword)) = prev.replace((start, word)) else { continue };
        if !same_word(word, pword) {
            continue;
        }
        let gap = &text[pstart + pword.len()..start];
        let breaks = gap.matches('\n').count() + gap.matches('\r').count() - gap.matches("\r\n").count();
        if gap.is_empty() || !gap.chars().all(|c| c == ' ' || c == '\n' || c == '\r' || c == '\t') || breaks > 1 {
            continue;
        }
        // Both words must be prose: the end of a URL or of inline code followed by the same
        // word is not a repeat the writer typed.
        if !draft.is_prose(&(pstart..pstart + pword.len())) {
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
        // Other languages repeat words grammatically (Indonesian `biasa biasa`). Judged once
        // per paragraph, so a huge one-line paragraph full of repeats stays linear.
        let paragraph = draft.paragraph_at(pstart);
        let english = match &english_cache {
            Some((p, english)) if *p == paragraph => *english,
            _ => {
                let english = lang::looks_english(&text[paragraph.clone()]);
                english_cache = Some((paragraph, english));
                english
            }
        };
        if !english {
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
                "He gave her her keys back.",
                "Visit https://example.com/the the site.",
                "Those who knew knew that the vote was lost.",
                "Whatever they do do, they do it well.",
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
