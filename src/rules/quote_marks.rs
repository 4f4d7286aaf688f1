//! Flags quotation marks and apostrophes in the style the house does not use: straight
//! (`"`, `'`) when the house writes curly (`“ ” ‘ ’`), curly when it writes straight.
//!
//! ## What it flags
//! Only when the desk sets `[quotes] marks` in `copydesk.toml` (copy from many sources mixes
//! marks; with no house setting the rule stays silent).
//! With `[quotes] marks = "curly"`: straight double quotes, straight single
//! quotes and straight apostrophes in prose, and two single marks standing in for a double
//! one (`’’`, `‘‘`). With `marks = "straight"`: curly double and single marks and curly
//! apostrophes.
//!
//! ## Why
//! A story set with both kinds of marks looks unedited, and some systems downstream (print,
//! syndication feeds) expect one kind.
//!
//! ## Example
//! ```text
//! "It's over," she said.
//! ```
//! becomes, with curly marks, `“It’s over,” she said.`
//!
//! ## Fix
//! Safe where the direction is certain from the neighbouring characters — an apostrophe
//! between letters (`it's` → `it’s`) or after one (`players'` → `players’`), an apostrophe
//! before a figure or a common elision (`'90s`, `'em`, `rock 'n' roll`), a mark after a space
//! and before a letter (opening), a mark after a letter or punctuation and before a space or
//! punctuation (closing) — and always when converting curly to straight. Converting a
//! quotation mark does not change the words, so this holds inside direct quotes too.
//! Unsafe where the direction is a guess: a straight double quote with spaces on both sides.
//!
//! ## Not flagged
//! - Primes after a figure: `5'10"`, `a 12" record`.
//! - A straight mark glued between two non-letters where it is no quotation mark, and marks
//!   in code, front matter, HTML and URLs.

use crate::config::QuoteMarks;
use crate::diagnostic::{Diagnostic, Severity};
use crate::draft::Draft;
use crate::fix::{Edit, Fix};
use crate::rules::{Context, FixAvailability, RuleMeta};

/// Registry entry.
pub static META: RuleMeta = RuleMeta {
    name: "quote-marks",
    code: "CD206",
    summary: "Straight quotes where the house uses curly ones, or the reverse",
    default_severity: Severity::Info,
    default_enabled: false,
    style_pack: true,
    fix: FixAvailability::Sometimes,
    unnecessary: false,
    source: include_str!("quote_marks.rs"),
    check,
};

/// Words that begin with an apostrophe standing for missing letters (`'em`, `'til`), lowercase.
const ELISIONS: &[&str] = &["bout", "cause", "cos", "em", "n", "round", "til", "tis", "twas", "ya", "yer"];

fn opens_after(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | '[' | '{' | '—' | '–' | '/' | '“' | '‘' | '"' | '*' | '_')
}

fn closes_before(c: char) -> bool {
    c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '—' | '–' | '/' | '…' | '”' | '’' | '"' | '*' | '_')
}

/// The curly replacement for a straight `'` at `at`, and whether it is certain.
fn curly_single(text: &str, at: usize, prev: Option<char>, next: Option<char>) -> Option<(char, bool)> {
    let letter_before = prev.is_some_and(char::is_alphabetic);
    let letter_after = next.is_some_and(char::is_alphabetic);
    if prev.is_some_and(|p| p.is_ascii_digit()) {
        return None; // a prime: 5'10"
    }
    if letter_before {
        // Apostrophe inside or after a word (`it's`, `players'`), or a closing single quote:
        // the same glyph either way.
        return Some(('’', true));
    }
    let space_before = prev.is_none_or(opens_after);
    if space_before && next.is_some_and(|n| n.is_ascii_digit()) {
        return Some(('’', true)); // '90s
    }
    if space_before && letter_after {
        let word: String = text[at + 1..].chars().take_while(|c| c.is_alphabetic()).collect::<String>().to_lowercase();
        if ELISIONS.contains(&word.as_str()) {
            return Some(('’', true));
        }
        return Some(('‘', true));
    }
    if prev.is_some_and(|p| !p.is_whitespace()) && next.is_none_or(closes_before) {
        return Some(('’', true)); // after punctuation: `“no.'`
    }
    None
}

/// The curly replacement for a straight `"`, and whether it is certain, given whether a
/// double quote is open in the paragraph so far.
fn curly_double(prev: Option<char>, next: Option<char>, open: bool) -> Option<(char, bool)> {
    if prev.is_some_and(|p| p.is_ascii_digit()) && next.is_none_or(closes_before) && !open {
        return None; // inches or seconds: 12"
    }
    let space_before = prev.is_none_or(opens_after);
    let space_after = next.is_none_or(closes_before);
    match (space_before, space_after) {
        (true, false) => Some(('“', true)),
        (false, true) => Some(('”', true)),
        (true, true) => Some((if open { '”' } else { '“' }, false)),
        (false, false) => None,
    }
}

fn push(out: &mut Vec<Diagnostic>, draft: &Draft, at: usize, len: usize, right: &str, certain: bool) {
    let range = at..at + len;
    if !draft.is_prose(&range) {
        return;
    }
    let found = &draft.text[range.clone()];
    let title = format!("Write `{right}`");
    let edit = Edit::replace(range.clone(), right);
    let fix = if certain { Fix::safe(title, edit) } else { Fix::unsafe_(title, edit) };
    out.push(META.diagnostic(range, format!("house style uses {} quotes and apostrophes: `{right}`, not `{found}`", style_word(right))).with_fix(fix));
}

fn style_word(right: &str) -> &'static str {
    if right.is_ascii() {
        "straight"
    } else {
        "curly"
    }
}

fn check_curly(draft: &Draft, out: &mut Vec<Diagnostic>) {
    let text = draft.text;
    let mut open = false;
    let mut prev: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        match c {
            '\n' | '\r' if next.is_some_and(|n| n == '\n' || n == '\r') => open = false,
            '"' => {
                if let Some((right, certain)) = curly_double(prev, next, open) {
                    open = right == '“';
                    push(out, draft, i, 1, &right.to_string(), certain);
                }
            }
            '\'' | '’' | '‘' if next == Some(c) => {
                // Two single marks for one double mark.
                chars.next();
                let after = chars.peek().map(|&(_, n)| n);
                let right = match c {
                    '‘' => Some(('“', true)),
                    '’' => Some(('”', true)),
                    _ => curly_double(prev, after, open),
                };
                if let Some((right, certain)) = right {
                    open = right == '“';
                    push(out, draft, i, 2 * c.len_utf8(), &right.to_string(), certain);
                }
            }
            '\'' => {
                if let Some((right, certain)) = curly_single(text, i, prev, next) {
                    push(out, draft, i, 1, &right.to_string(), certain);
                }
            }
            '“' => open = true,
            '”' => open = false,
            _ => {}
        }
        prev = Some(c);
    }
}

fn check_straight(draft: &Draft, out: &mut Vec<Diagnostic>) {
    for (i, c) in draft.text.char_indices() {
        let right = match c {
            '“' | '”' | '„' => "\"",
            '‘' | '’' => "'",
            _ => continue,
        };
        push(out, draft, i, c.len_utf8(), right, true);
    }
}

fn check(ctx: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    match ctx.settings.quote_marks {
        Some(QuoteMarks::Curly) => check_curly(ctx.draft, &mut out),
        Some(QuoteMarks::Straight) => check_straight(ctx.draft, &mut out),
        None => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Settings, Style};
    use crate::fix::Applicability;
    use crate::rules::testing::*;

    fn curly() -> Settings {
        Settings { style: Style::Ap, quote_marks: Some(QuoteMarks::Curly), ..Settings::default() }
    }

    fn straight() -> Settings {
        Settings { style: Style::Ap, quote_marks: Some(QuoteMarks::Straight), ..Settings::default() }
    }

    #[test]
    fn curly_house_flags_straight_marks() {
        assert_marked_with(&META, &curly(), "\"It's over,\" she said.\n^  ^       ^\n");
        assert_marked_with(&META, &curly(), "The ‘‘fact check’’ site.\n    ^^          ^^\n");
    }

    #[test]
    fn straight_house_flags_curly_marks() {
        assert_marked_with(&META, &straight(), "“It’s over,” she said.\n^  ^       ^\n");
    }

    #[test]
    fn does_not_flag_primes_the_house_style_or_code() {
        assert_clean_with(&META, &curly(), &["He is 5'10\" and owns a 12\" record.", "“It’s over,” she said."]);
        assert_clean_with(&META, &straight(), &["\"It's over,\" she said."]);
        let md = "Use `\"it's\"` here.\n";
        let out = crate::engine::check_with(md, crate::draft::Format::Markdown, &with_rule_on(&META, &curly()), &[&META]);
        assert!(out.diagnostics.is_empty());
    }

    #[test]
    fn fixes_convert_with_the_right_direction_and_converge() {
        assert_fix_with(
            &META,
            &curly(),
            "\"It's over,\" she said of the players' 'big' day in the '90s, rock 'n' roll and all.\n",
            "“It’s over,” she said of the players’ ‘big’ day in the ’90s, rock ’n’ roll and all.\n",
        );
        assert_fix_with(&META, &straight(), "“It’s over,” she said.", "\"It's over,\" she said.");
        let guess = offered_fixes_with(&META, &curly(), "He said \" no \" twice.");
        assert_eq!(
            guess,
            [
                (Applicability::Unsafe, "He said “ no \" twice.".to_string()),
                (Applicability::Unsafe, "He said \" no ” twice.".to_string()),
            ]
        );
    }

    #[test]
    fn runs_with_a_pack_or_when_switched_on() {
        assert_eq!(Settings::default().level(&META), None);
        assert!(curly().level(&META).is_some());
    }
}
