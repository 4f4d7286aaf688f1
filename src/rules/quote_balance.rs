//! Flags a quotation mark that is opened and never closed, or closed without being opened,
//! within a paragraph — aware of quotes that run over several paragraphs.
//!
//! ## What it flags
//! Double quotation marks (`“ ”`, straight `"`, and `„` as an opener) that do not pair up in
//! a paragraph:
//! - an opening mark never closed, unless the next paragraph opens a quote again (the
//!   convention for a quote that runs over several paragraphs: each paragraph opens, only the
//!   last one closes) or closes one;
//! - a closing mark with no opening mark before it, unless the quote was opened in an earlier
//!   paragraph and left open.
//!
//! Whether a mark opens or closes is read from its neighbours as well as its shape (a space
//! before and a letter after opens), so a reversed curly quote does not confuse it.
//!
//! ## Why
//! A missing quotation mark changes who is speaking: the reporter's words run on as the
//! source's, or the source's words lose their attribution. Spell checkers do not see it.
//!
//! ## Example
//! ```text
//! “We will rebuild, the mayor said on Monday.
//!
//! The council meets next week.
//! ```
//!
//! ## Fix
//! None: where the quote should end is for the editor to decide.
//!
//! ## Not flagged
//! - A quote opened in one paragraph and re-opened at the start of the next (a
//!   multi-paragraph quote), however many paragraphs it runs.
//! - Nested double quotes that pair up (`“He said “no” to me”`).
//! - Inch and second marks after a figure (`a 12" record`, `5'10"`), and a straight quote
//!   between two letters or two spaces, which is not a quotation mark.
//! - Single quotes and apostrophes (`’` is both a closing quote and an apostrophe).
//! - Quotes in code, front matter, HTML and URLs.

use std::ops::Range;

use crate::diagnostic::{Diagnostic, Severity};
use crate::draft::Draft;
use crate::rules::{Context, FixAvailability, RuleMeta};

/// Registry entry.
pub static META: RuleMeta = RuleMeta {
    name: "quote-balance",
    code: "CD205",
    summary: "An unbalanced quotation mark in a paragraph (multi-paragraph quotes understood)",
    default_severity: Severity::Warning,
    default_enabled: true,
    style_pack: true,
    fix: FixAvailability::None,
    unnecessary: false,
    source: include_str!("quote_balance.rs"),
    check,
};

/// What a double quotation mark does here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Open,
    Close,
    /// A straight quote after a figure: an inch or second mark (`12"`), unless a straight
    /// quote is open, which it then closes (`code "50OFF"`).
    CloseIfOpen,
    /// A straight quote with space on both sides (`" Trading Nation"`): closes an open quote,
    /// else opens one.
    Either,
}

/// Characters after which a mark opens a quote (besides white space and the start).
fn opens_after(c: char) -> bool {
    matches!(c, '(' | '[' | '{' | '—' | '–' | '-' | '/' | '‘' | '\'' | '*' | '_' | '>')
}

/// Characters before which a mark closes a quote (besides white space and the end).
fn closes_before(c: char) -> bool {
    matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '—' | '–' | '-' | '/' | '…' | '’' | '\'' | '*' | '_')
}

/// The role of the quotation mark `c` between `prev` and `next`, or `None` when it is not a
/// quotation mark here (a straight quote glued between two letters).
fn role(c: char, prev: Option<char>, next: Option<char>) -> Option<Role> {
    let space_before = prev.is_none_or(|p| p.is_whitespace() || opens_after(p));
    let space_after = next.is_none_or(|n| n.is_whitespace() || closes_before(n));
    let word_after = next.is_some_and(|n| n.is_alphanumeric());
    let word_before = prev.is_some_and(|p| p.is_alphanumeric() || closes_before(p));
    match c {
        '„' => Some(Role::Open),
        // Curly marks keep their shape unless the context clearly says otherwise.
        '“' if word_before && space_after => Some(Role::Close),
        '“' => Some(Role::Open),
        '”' if space_before && word_after => Some(Role::Open),
        '”' => Some(Role::Close),
        '"' if prev.is_some_and(|p| p.is_ascii_digit()) && space_after => Some(Role::CloseIfOpen),
        '"' => match (space_before && !space_after, space_after && !space_before) {
            (true, false) => Some(Role::Open),
            (false, true) => Some(Role::Close),
            _ if space_before && space_after => Some(Role::Either),
            _ => None,
        },
        _ => None,
    }
}

/// The quotation marks of one paragraph with their roles. Two single marks in a row (`’’`,
/// `‘‘`, `\'\'`) are read as one double mark, as some publishing systems print them.
///
/// Jumps between candidate bytes with `memchr` (`"`, `'`, and 0xE2, which starts every curly
/// mark) instead of decoding every character: most of a paragraph is letters.
fn marks(draft: &Draft, para: &Range<usize>) -> Vec<(usize, usize, Role)> {
    let text = &draft.text[para.clone()];
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    // The second mark of a pair already read ends before this offset.
    let mut consumed = 0;
    for i in memchr::memchr3_iter(b'"', b'\'', 0xE2, bytes) {
        if i < consumed {
            continue;
        }
        let Some(c) = text[i..].chars().next() else { continue };
        if !matches!(c, '"' | '\'' | '“' | '”' | '„' | '‘' | '’') {
            continue;
        }
        let prev = text[..i].chars().next_back();
        let mut len = c.len_utf8();
        let mut next = text[i + len..].chars().next();
        let mut mark = c;
        if matches!(c, '’' | '‘' | '\'') && next == Some(c) {
            len += c.len_utf8();
            next = text[i + len..].chars().next();
            mark = match c {
                '‘' => '“',
                '’' => '”',
                _ => '"',
            };
        }
        consumed = i + len;
        if matches!(mark, '"' | '“' | '”' | '„') {
            let at = para.start + i;
            if draft.is_prose(&(at..at + len)) {
                if let Some(r) = role(mark, prev, next) {
                    out.push((at, len, r));
                }
            }
        }
    }
    out
}

/// True when the first visible character of the paragraph (after white space and Markdown
/// block markers) opens a quote.
fn starts_with_open(marks: &[(usize, usize, Role)], draft: &Draft, para: &Range<usize>) -> bool {
    let text = &draft.text[para.clone()];
    let lead = text.len() - text.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '>' | '-' | '*' | '+' | '•')).len();
    marks.first().is_some_and(|&(at, _, r)| matches!(r, Role::Open | Role::Either) && at == para.start + lead)
}

/// The paragraphs of the draft: runs of non-blank lines, as byte ranges.
fn paragraphs(draft: &Draft) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut current: Option<Range<usize>> = None;
    for (i, line) in draft.lines().iter().enumerate() {
        if draft.is_blank(i) {
            out.extend(current.take());
        } else {
            match current.as_mut() {
                Some(r) => r.end = line.end,
                None => current = Some(line.clone()),
            }
        }
    }
    out.extend(current);
    out
}

/// True when the mark at `at` is the first visible character of its line: a quote re-opened
/// at the start of a paragraph in copy that separates paragraphs with single line breaks.
fn at_line_start(draft: &Draft, at: usize) -> bool {
    let before = draft.text[..at].trim_end_matches(|c: char| (c.is_whitespace() && c != '\n' && c != '\r') || matches!(c, '>' | '-' | '*' | '+' | '•'));
    before.is_empty() || before.ends_with(['\n', '\r'])
}

fn check(ctx: &Context) -> Vec<Diagnostic> {
    let draft = ctx.draft;
    let paras = paragraphs(draft);
    let all: Vec<Vec<(usize, usize, Role)>> = paras.iter().map(|p| marks(draft, p)).collect();
    let mut out = Vec::new();
    // Whether the previous paragraph left a quote open (so this one may close it).
    let mut carried = false;
    for k in 0..paras.len() {
        // Open marks: (offset, length, straight).
        let mut stack: Vec<(usize, usize)> = Vec::new();
        let mut stray: Vec<(usize, usize)> = Vec::new();
        for &(at, len, r) in &all[k] {
            let straight_open = stack.last().is_some_and(|&(o, _)| draft.text[o..].starts_with('"'));
            let r = match r {
                Role::CloseIfOpen if straight_open => Role::Close,
                Role::CloseIfOpen => continue,
                Role::Either if !stack.is_empty() || carried => Role::Close,
                Role::Either => Role::Open,
                r => r,
            };
            match r {
                Role::Open => {
                    // A quote re-opened at the start of a line continues the open one.
                    if !stack.is_empty() && at_line_start(draft, at) {
                        stack.clear();
                    }
                    stack.push((at, len));
                }
                _ => {
                    if stack.pop().is_none() {
                        if carried {
                            carried = false; // closes the quote left open before
                        } else {
                            stray.push((at, len));
                        }
                    }
                }
            }
        }
        for (at, len) in stray {
            out.push(META.diagnostic(at..at + len, "closing quotation mark with no opening mark before it"));
        }
        carried = false;
        // Report the innermost quote still open: with nested marks the outer one may be fine.
        if let Some(&(at, len)) = stack.last() {
            let continues = paras.get(k + 1).is_some_and(|p| {
                let m = &all[k + 1];
                let first_close = m.iter().find(|&&(_, _, r)| matches!(r, Role::Close | Role::Either | Role::CloseIfOpen));
                let first_open = m.iter().find(|&&(_, _, r)| r == Role::Open);
                // The next paragraph re-opens the quote, or closes it before opening another.
                starts_with_open(m, draft, p) || first_close.is_some_and(|&(c, _, _)| first_open.is_none_or(|&(o, _, _)| c < o))
            });
            if continues {
                carried = true;
            } else {
                out.push(META.diagnostic(at..at + len, "quotation mark opened here is never closed in this paragraph"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first implementation of [`marks`], character by character: the reference the
    /// property test holds the fast one to.
    fn marks_reference(draft: &Draft, para: &Range<usize>) -> Vec<(usize, usize, Role)> {
        let text = &draft.text[para.clone()];
        let mut out = Vec::new();
        let mut prev: Option<char> = None;
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let mut next = chars.peek().map(|&(_, n)| n);
            let mut mark = c;
            let mut len = c.len_utf8();
            if matches!(c, '’' | '‘' | '\'') && next == Some(c) {
                chars.next();
                len += c.len_utf8();
                next = chars.peek().map(|&(_, n)| n);
                mark = match c {
                    '‘' => '“',
                    '’' => '”',
                    _ => '"',
                };
            }
            if matches!(mark, '"' | '“' | '”' | '„') {
                let at = para.start + i;
                if draft.is_prose(&(at..at + len)) {
                    if let Some(r) = role(mark, prev, next) {
                        out.push((at, len, r));
                    }
                }
            }
            prev = Some(c);
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn marks_agree_with_the_character_by_character_reference(
            text in "([\"'“”„‘’] |[\"'“”„‘’]|a|12|é|—|\\(|\\)|\\.| |\n|`)*",
            markdown in proptest::bool::ANY,
        ) {
            let format = if markdown { crate::draft::Format::Markdown } else { crate::draft::Format::Plain };
            let draft = Draft::new(&text, format);
            for para in paragraphs(&draft) {
                proptest::prop_assert_eq!(marks(&draft, &para), marks_reference(&draft, &para));
            }
        }
    }
    use crate::config::{Settings, Style};
    use crate::rules::testing::*;

    #[test]
    fn flags_unclosed_and_stray_marks() {
        assert_marked(&META, "“We will rebuild, the mayor said on Monday.\n^\n\nThe council meets next week.\n");
        assert_marked(&META, "The mayor said we will rebuild.” Then she left.\n                               ^\n");
        assert_marked(&META, "He said \"we will rebuild and left.\n        ^\n");
        assert_marked(&META, "“One” and “two and ”three”.\n          ^\n");
        assert_marked(&META, "A lone \" between spaces opens a quote.\n       ^\n");
    }

    #[test]
    fn multi_paragraph_quotes_open_each_paragraph_and_close_once() {
        assert_clean(
            &META,
            &[
                "“We will rebuild,” she said. “It will take years.\n\n“But we will do it.\n\n“Every street.”\n\nThe council meets next week.",
                "“We will rebuild,” she said. “It will take years.\n“But we will do it.”\nThe council meets next week.",
                "“It will take years.\n\nBut we will do it,” she said.",
            ],
        );
        // A multi-paragraph quote whose last paragraph never closes is still flagged there.
        assert_marked(&META, "“It will take years.\n\n“But we will do it.\n^\n\nThe council meets next week.\n");
    }

    #[test]
    fn does_not_flag_balanced_nested_inches_or_non_prose() {
        assert_clean(
            &META,
            &[
                "“He said “no” to me,” she said.",
                "She bought a 12\" record and he is 5'10\" tall.",
                "Straight \"quotes\" pair too, and so do reversed ”curly“ ones.",
                "It’s the company’s ‘best’ year.",
                "German „Anführungszeichen“ are fine.",
                "“It was an attempt to mislead voters,’’ she said of the ‘‘fact check’’ site.",
                "Use code \"SAVE10\" at checkout, on CNBC's \" Trading Nation\" show.",
                "“It ends,” she said. “Or not? ” she asked.",
                "Costs rose, citing “delays ”. Then it ended.",
            ],
        );
        let md = "Use `\"` in code.\n\n```\nprint(\"unclosed)\n```\n";
        let out = crate::engine::check_with(md, crate::draft::Format::Markdown, &Settings::default(), &[&META]);
        assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    }

    #[test]
    fn offers_no_fix_so_fix_all_leaves_the_text_alone() {
        let text = "“We will rebuild, the mayor said.\n\nThe council meets.\n";
        assert!(offered_fixes(&META, text).is_empty());
        assert_fix(&META, text, text);
    }

    #[test]
    fn runs_with_no_configuration_and_with_packs() {
        let s = Settings::default();
        assert!(s.level(&META).is_some());
        let s = Settings { style: Style::Ap, ..Settings::default() };
        assert!(s.level(&META).is_some());
    }
}
