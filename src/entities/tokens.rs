//! Words of a draft for the recogniser: byte ranges, capitalisation, what separates each word
//! from the one before, and whether it opens a sentence.

use std::ops::Range;

use super::cues;
use super::normalize::{class, CharClass};
use crate::draft::Draft;

/// How a word is capitalised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// Starts with a lower-case letter (`policy`, `al-Assad` counts as [`Case::Title`]).
    Lower,
    /// Starts with a capital and has lower-case letters (`Ushakov`, `McDonald`).
    Title,
    /// Two or more letters, all capitals (`MOSCOW`, `NFL`).
    Upper,
    /// One capital letter (`F` in `John F. Kennedy`).
    Initial,
    /// Starts with a digit or another non-letter.
    Other,
}

/// Punctuation seen between two words.
pub mod gap {
    pub const COMMA: u16 = 1;
    /// `.`, `!` or `?`.
    pub const END: u16 = 1 << 1;
    /// `:` or `;`.
    pub const COLON: u16 = 1 << 2;
    pub const QUOTE: u16 = 1 << 3;
    /// `(`, `)`, `[`, `]`.
    pub const PAREN: u16 = 1 << 4;
    /// A dash (`—`, `–`) or a hyphen standing alone.
    pub const DASH: u16 = 1 << 5;
    /// Any other symbol (`/`, `|`, `#`, `*`, `&`…).
    pub const OTHER: u16 = 1 << 6;
    /// One line break.
    pub const NEWLINE: u16 = 1 << 7;
    /// Two or more line breaks (a paragraph break).
    pub const PARAGRAPH: u16 = 1 << 8;
    /// A full stop alone (`.` possibly followed by spaces): initials and abbreviations.
    pub const DOT: u16 = 1 << 9;
    /// An apostrophe left over (a possessive `'s` was cut, or a closing `'`).
    pub const APOSTROPHE: u16 = 1 << 10;
}

/// One word.
#[derive(Clone, Debug)]
pub struct Token {
    /// Byte range of the word (a possessive `'s` is not part of it).
    pub range: Range<usize>,
    pub case: Case,
    /// What lies between the previous word and this one ([`gap`] bits).
    pub gap: u16,
    /// True when only plain spaces (or one space-like run without punctuation) separate it
    /// from the previous word on the same line.
    pub joined: bool,
    /// First word of a sentence, a line that starts a new block, or the text.
    pub sentence_start: bool,
    /// Followed by a possessive `'s` / `’s`.
    pub possessive: bool,
    /// Inside prose (not code, front matter, HTML or a URL).
    pub prose: bool,
}

impl Token {
    /// Capitalised: title case, all capitals, or an initial.
    pub fn is_capitalised(&self) -> bool {
        matches!(self.case, Case::Title | Case::Upper | Case::Initial)
    }
}

fn case_of(word: &str) -> Case {
    let mut chars = word.chars();
    let Some(first) = chars.next() else { return Case::Other };
    // `al-Assad`, `el-Sisi`, `bin-Salman`: a particle joined by a hyphen to a capitalised name.
    if let Some(rest) = word.strip_prefix("al-").or_else(|| word.strip_prefix("el-")) {
        if rest.chars().next().is_some_and(char::is_uppercase) {
            return Case::Title;
        }
    }
    if first.is_lowercase() {
        return Case::Lower;
    }
    if !first.is_uppercase() {
        return Case::Other;
    }
    let mut letters = 1;
    let mut lower = false;
    for c in chars {
        if c.is_alphabetic() {
            letters += 1;
            lower |= c.is_lowercase();
        }
    }
    match (letters, lower) {
        (1, _) => Case::Initial,
        (_, true) => Case::Title,
        (_, false) => Case::Upper,
    }
}

/// Splits `draft` into words. Apostrophes and hyphens between letters join (`O'Brien`,
/// `Nur-Sultan`); a final `'s` is cut off as a possessive.
pub fn tokenize(draft: &Draft) -> Vec<Token> {
    let text = draft.text;
    let bytes = text.as_bytes();
    let mut out: Vec<Token> = Vec::with_capacity(text.len() / 6);
    let mut i = 0;
    let mut gap_start = 0;
    let non_prose = draft.non_prose();
    let mut np = 0;
    while i < bytes.len() {
        // Fast path: ASCII that is not a letter or digit.
        let b = bytes[i];
        if b < 0x80 && !b.is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let c = next_char(text, i);
        let cls = class(c);
        if cls != CharClass::Word {
            i += c.len_utf8();
            continue;
        }
        // A word: letters/digits, joined by ' or - when a letter follows.
        let start = i;
        let mut end = i + c.len_utf8();
        let mut possessive = false;
        // Where the scan resumes: after the word, or after its possessive `'s`.
        let mut resume = 0;
        loop {
            // Fast path: ASCII letters and digits.
            while end < bytes.len() && bytes[end].is_ascii_alphanumeric() {
                end += 1;
            }
            if end >= bytes.len() {
                break;
            }
            let c = next_char(text, end);
            match class(c) {
                CharClass::Word => end += c.len_utf8(),
                CharClass::Apostrophe | CharClass::Hyphen => {
                    let after = end + c.len_utf8();
                    let Some(n) = text.get(after..).and_then(|s| s.chars().next()) else { break };
                    if class(n) != CharClass::Word {
                        break;
                    }
                    if class(c) == CharClass::Apostrophe && (n == 's' || n == 'S') {
                        let after_s = after + 1;
                        let ends = text.get(after_s..).and_then(|s| s.chars().next()).is_none_or(|x| class(x) != CharClass::Word);
                        if ends {
                            possessive = true;
                            resume = after_s;
                            break;
                        }
                    }
                    end = after;
                }
                _ => break,
            }
        }
        let gap_text = &text[gap_start..start];
        let (gap, joined) = classify_gap(gap_text);
        while np < non_prose.len() && non_prose[np].end <= start {
            np += 1;
        }
        let prose = !(np < non_prose.len() && non_prose[np].start < end);
        let word = &text[start..end];
        out.push(Token { range: start..end, case: case_of(word), gap, joined, sentence_start: false, possessive, prose });
        i = end.max(resume);
        gap_start = i;
    }
    mark_sentence_starts(text, &mut out);
    out
}

#[inline]
fn next_char(text: &str, i: usize) -> char {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        b as char
    } else {
        text[i..].chars().next().unwrap_or(' ')
    }
}

fn classify_gap(gap_text: &str) -> (u16, bool) {
    // The commonest gap by far: one space.
    if gap_text == " " {
        return (0, true);
    }
    let mut g = 0u16;
    let mut newlines = 0;
    let mut only_dot = true;
    let mut saw_dot = false;
    let mut chars = gap_text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\u{a0}' => {}
            '\n' => newlines += 1,
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    newlines += 1;
                }
            }
            '.' => {
                saw_dot = true;
                g |= gap::END;
            }
            '!' | '?' | '…' => {
                only_dot = false;
                g |= gap::END;
            }
            ',' => {
                only_dot = false;
                g |= gap::COMMA;
            }
            ':' | ';' => {
                only_dot = false;
                g |= gap::COLON;
            }
            '"' | '“' | '”' | '«' | '»' | '„' => {
                only_dot = false;
                g |= gap::QUOTE;
            }
            '\'' | '’' | '‘' => {
                only_dot = false;
                g |= gap::APOSTROPHE;
            }
            '(' | ')' | '[' | ']' => {
                only_dot = false;
                g |= gap::PAREN;
            }
            '—' | '–' | '-' | '‒' | '―' => {
                only_dot = false;
                g |= gap::DASH;
            }
            c if c.is_whitespace() => {
                if c == '\u{2028}' || c == '\u{2029}' {
                    newlines += 1;
                }
            }
            _ => {
                only_dot = false;
                g |= gap::OTHER;
            }
        }
    }
    if newlines == 1 {
        g |= gap::NEWLINE;
    } else if newlines > 1 {
        g |= gap::PARAGRAPH;
    }
    if saw_dot && only_dot && newlines == 0 {
        g |= gap::DOT;
    }
    let joined = g == 0 && !gap_text.is_empty();
    (g, joined)
}

/// A word opens a sentence when it is the first of the text or of a paragraph, follows `.`,
/// `!` or `?` (but not the full stop of an abbreviation or an initial: `Mr. Ushakov`,
/// `John F. Kennedy`, `U.S. President`), or starts a line after a line that did not end in
/// the middle of a sentence (a heading, a menu item, a short line).
fn mark_sentence_starts(text: &str, toks: &mut [Token]) {
    for i in 0..toks.len() {
        let g = toks[i].gap;
        let start = if i == 0 || g & gap::PARAGRAPH != 0 {
            true
        } else if g & gap::END != 0 {
            let prev = &toks[i - 1];
            let prev_word = &text[prev.range.clone()];
            let abbreviation = g & gap::DOT != 0
                && (prev.case == Case::Initial || cues::is(prev_word, cues::ABBREV))
                && g & gap::NEWLINE == 0;
            !abbreviation
        } else if g & gap::NEWLINE != 0 {
            // The previous line: did it end mid-sentence (hard-wrapped prose)?
            let prev_end = toks[i - 1].range.end;
            let line_start = text[..prev_end].rfind(['\n', '\r']).map_or(0, |p| p + 1);
            let prev_line = text[line_start..prev_end].trim();
            prev_line.len() < 40
        } else if g & (gap::COLON | gap::QUOTE) != 0 {
            // `: The` or an opening quote after a sentence end: the quote starts a sentence
            // when the word before it ended one.
            let prev_end = toks[i - 1].range.end;
            let between = &text[prev_end..toks[i].range.start];
            between.contains(['.', '!', '?', ':']) && !between.trim_start().starts_with(',')
        } else {
            false
        };
        toks[i].sentence_start = start;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::Format;

    fn words(text: &str) -> Vec<(String, Case, bool)> {
        let d = Draft::new(text, Format::Plain);
        tokenize(&d).into_iter().map(|t| (text[t.range.clone()].to_string(), t.case, t.sentence_start)).collect()
    }

    #[test]
    fn words_join_apostrophes_and_hyphens_and_cut_possessives() {
        let w = words("O'Brien met Nur-Sultan's mayor, Rudolph’s aide.");
        let names: Vec<&str> = w.iter().map(|(s, _, _)| s.as_str()).collect();
        assert_eq!(names, ["O'Brien", "met", "Nur-Sultan", "mayor", "Rudolph", "aide"]);
    }

    #[test]
    fn cases() {
        let w = words("NFL John F. Kennedy al-Assad policy 2025");
        let cases: Vec<Case> = w.iter().map(|(_, c, _)| *c).collect();
        assert_eq!(cases, [Case::Upper, Case::Title, Case::Initial, Case::Title, Case::Title, Case::Lower, Case::Other]);
    }

    #[test]
    fn sentence_starts_skip_abbreviations_and_initials() {
        let w = words("He met Mr. Ushakov and U.S. President Joe Biden. The talks ended.\nRecommended Stories\n\nPublished On");
        let starts: Vec<&str> = w.iter().filter(|(_, _, s)| *s).map(|(s, _, _)| s.as_str()).collect();
        assert_eq!(starts, ["He", "The", "Recommended", "Published"]);
    }

    #[test]
    fn hard_wrapped_prose_does_not_start_sentences_at_each_line() {
        let text = "The minister said the talks with the delegation would resume\nSaturday in Geneva.";
        let w = words(text);
        assert!(!w.iter().find(|(s, _, _)| s == "Saturday").unwrap().2);
    }
}
