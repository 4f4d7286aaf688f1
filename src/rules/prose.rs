//! Small readers of running prose shared by the style rules: word boundaries, the words
//! around an offset, sentence starts, title-case lines, case-preserving replacement.
//!
//! All offsets are byte offsets into the text passed in, on character boundaries.

use std::collections::HashMap;

use crate::draft::Draft;
use crate::lang;

/// Letters, digits and `_`: what continues a word for whole-word matching.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The character ending just before `offset`, if any.
pub fn char_before(text: &str, offset: usize) -> Option<char> {
    text[..offset].chars().next_back()
}

/// The character starting at `offset`, if any.
pub fn char_at(text: &str, offset: usize) -> Option<char> {
    text[offset..].chars().next()
}

/// True when `start..end` is a whole word or phrase: not glued to letters or digits on either
/// side, not part of a handle, hashtag, path, file name or domain (`@colour`, `#colour`,
/// `colour.png`, `a/colour`).
pub fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    if let Some(c) = char_before(text, start) {
        if is_word_char(c) || matches!(c, '@' | '#' | '/' | '\\' | '.') {
            return false;
        }
    }
    if let Some(c) = char_at(text, end) {
        if is_word_char(c) || matches!(c, '@' | '/' | '\\') {
            return false;
        }
        if c == '.' && char_at(text, end + 1).is_some_and(is_word_char) {
            return false;
        }
    }
    true
}

/// Characters skipped between a word and its neighbour when looking for the previous or next
/// word within a sentence: spaces, commas, colons, dashes, brackets, quotes.
fn is_soft_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-' | '–' | '—' | '(' | ')' | '"' | '“' | '”' | '‘' | '’' | '\'')
}

/// The word (letters, digits, `'`/`’` inside) ending before `offset`, skipping spaces and soft
/// punctuation but not sentence ends (`.`, `!`, `?`). Returns its start and text.
pub fn prev_word(text: &str, offset: usize) -> Option<(usize, &str)> {
    let before = &text[..offset];
    let end = before.trim_end_matches(is_soft_separator).len();
    let stem = &before[..end];
    let start = stem
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_word_char(c) || c == '\'' || c == '’')
        .last()
        .map(|(i, _)| i)?;
    Some((start, &stem[start..]))
}

/// The word starting after `offset`, skipping spaces and soft punctuation but not sentence
/// ends. Returns its start and text.
pub fn next_word(text: &str, offset: usize) -> Option<(usize, &str)> {
    let after = &text[offset..];
    let skipped = after.len() - after.trim_start_matches(is_soft_separator).len();
    let rest = &after[skipped..];
    let len: usize = rest
        .char_indices()
        .take_while(|&(i, c)| is_word_char(c) || ((c == '\'' || c == '’') && i > 0))
        .map(|(_, c)| c.len_utf8())
        .sum();
    (len > 0).then(|| (offset + skipped, &rest[..len]))
}

/// Abbreviations whose final period does not end a sentence (compared without the period,
/// case-sensitively).
const ABBREVIATIONS: &[&str] = &[
    "Ave", "Blvd", "Capt", "Co", "Col", "Corp", "Dec", "Dr", "Feb", "Ft", "Gen", "Gov", "Inc", "Jan", "Jr", "Lt",
    "Ltd", "Maj", "Mr", "Mrs", "Ms", "Mt", "No", "Nos", "Nov", "Oct", "Prof", "Rep", "Rev", "Sen", "Sep", "Sept",
    "Sgt", "Sr", "St", "Supt", "Aug", "vs", "etc", "approx", "a.m", "p.m", "U.S", "U.K", "U.N", "e.g", "i.e",
];

/// True when the period at byte `dot` ends an abbreviation or an initial (`Mr.`, `U.S.`,
/// `J.`) rather than a sentence.
fn is_abbreviation_period(text: &str, dot: usize) -> bool {
    let before = &text[..dot];
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric() || c == '.')
        .last()
        .map_or(dot, |(i, _)| i);
    let word = &before[word_start..];
    if word.is_empty() {
        return false;
    }
    let mut letters = word.chars().filter(|c| c.is_alphabetic());
    // A single capital letter is an initial: `J. Smith`.
    if let (Some(first), None) = (letters.next(), letters.next()) {
        if first.is_uppercase() {
            return true;
        }
    }
    ABBREVIATIONS.contains(&word)
}

/// Characters that may stand between the start of a line and its first word: Markdown
/// block and list markers, list numbers, opening quotes and brackets, emphasis, white space.
fn is_line_marker(c: char) -> bool {
    (c.is_whitespace() && c != '\n' && c != '\r')
        || c.is_ascii_digit()
        || matches!(c, '#' | '>' | '-' | '*' | '+' | '•' | '_' | '“' | '"' | '‘' | '\'' | '(' | '[' | '.' | ')')
}

/// True when the word at `offset` begins a sentence: the start of the text or of a paragraph,
/// the first word on a line after a line ending in sentence punctuation, or a word after `.`,
/// `!`, `?`, `…` or `:` (and any closing quote or bracket after them), skipping opening quotes
/// and brackets. A period after an abbreviation or initial (`Mr.`, `U.S.`, `J.`) does not end a
/// sentence. A word at the start of a line that continues a hard-wrapped sentence does not
/// begin one. Looks only at the few characters before `offset` (and the end of the previous
/// line), so it costs the same on a line of any length.
pub fn at_sentence_start(text: &str, offset: usize) -> bool {
    let before = &text[..offset];
    // Opening quotes, brackets and emphasis right before the word.
    let opened = before.trim_end_matches(|c: char| (c.is_whitespace() && c != '\n' && c != '\r') || matches!(c, '“' | '"' | '‘' | '\'' | '(' | '[' | '*' | '_'));
    // Everything back to the line start is markers: the word starts its line.
    let line_prefix = before.trim_end_matches(is_line_marker);
    if line_prefix.is_empty() || line_prefix.ends_with(['\n', '\r']) {
        if line_prefix.is_empty() {
            return true;
        }
        // Drop exactly one line break; a blank or sentence-ending previous line starts one.
        let prev = line_prefix.strip_suffix("\r\n").or_else(|| line_prefix.strip_suffix(['\n', '\r'])).unwrap_or(line_prefix);
        let prev = prev.trim_end_matches([' ', '\t']);
        if prev.is_empty() || prev.ends_with(['\n', '\r']) {
            return true;
        }
        return ends_sentence(text, prev.len());
    }
    if opened.len() == offset {
        return false; // glued to the previous character
    }
    ends_sentence(text, opened.len())
}

/// True when the text before `end` ends a sentence: `.`, `!`, `?`, `…` or `:`, optionally
/// followed by closing quotes or brackets, and not the period of an abbreviation.
fn ends_sentence(text: &str, end: usize) -> bool {
    let before = text[..end].trim_end_matches(['”', '"', '’', '\'', ')', ']', '*', '_']);
    match before.chars().next_back() {
        Some('!' | '?' | '…' | ':') => true,
        Some('.') => !is_abbreviation_period(text, before.len() - 1),
        _ => false,
    }
}

/// True when most words of `line` start with a capital letter: a headline or title in title
/// case, where capitals say nothing about names or sentence starts.
pub fn is_title_case(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().filter(|w| w.chars().next().is_some_and(char::is_alphabetic)).collect();
    let long: Vec<&&str> = words.iter().filter(|w| w.chars().count() > 3).collect();
    if long.len() < 3 {
        return false;
    }
    let capitalised = long.iter().filter(|w| w.chars().next().is_some_and(char::is_uppercase)).count();
    capitalised * 10 >= long.len() * 8
}

/// `word` with its first letter in upper case.
pub fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// True when `s` has at least two letters and no lowercase letter.
pub fn is_all_caps(s: &str) -> bool {
    s.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !s.chars().any(char::is_lowercase)
}

/// `replace` in the case of `found`, where `found` matched the table's `find`: capitals when
/// `found` is all capitals (and `find` is not), a capital first letter when `found` has one
/// and `find` does not, otherwise `replace` as written.
pub fn match_case(found: &str, find: &str, replace: &str) -> String {
    if is_all_caps(found) && !is_all_caps(find) {
        replace.to_uppercase()
    } else if found.chars().next().is_some_and(char::is_uppercase) && !find.chars().next().is_some_and(char::is_uppercase) {
        capitalise(replace)
    } else {
        replace.to_string()
    }
}

/// Whether the paragraph at an offset reads as English, judged once per paragraph. A
/// paragraph too short to judge (under 12 words: a headline, a one-line quote) takes the
/// judgment of the whole draft, and a whole draft that short is taken as English.
pub struct English<'t> {
    text: &'t str,
    whole: Option<bool>,
    /// Judgment per line index (every line of a judged paragraph).
    lines: HashMap<usize, bool>,
}

impl<'t> English<'t> {
    pub fn new(text: &'t str) -> English<'t> {
        English { text, whole: None, lines: HashMap::new() }
    }

    /// Whether the paragraph holding byte `offset` reads as English.
    pub fn at(&mut self, draft: &Draft, offset: usize) -> bool {
        let line = draft.line_index(offset);
        if let Some(&e) = self.lines.get(&line) {
            return e;
        }
        let para = draft.paragraph_at(offset);
        let text = self.text;
        let judged = if lang::function_word_counts(&text[para.clone()]).1 >= 12 {
            lang::looks_english(&text[para.clone()])
        } else {
            *self.whole.get_or_insert_with(|| lang::function_word_counts(text).1 < 12 || lang::looks_english(text))
        };
        for i in draft.line_index(para.start)..=draft.line_index(para.end) {
            self.lines.insert(i, judged);
        }
        judged
    }
}

/// A per-line memo of a yes/no property of lines (a headline, a social-media signature), so a
/// rule asking about many matches on one long line computes the property once.
#[derive(Default)]
pub struct LineMemo(HashMap<usize, bool>);

impl LineMemo {
    /// The property of the line holding byte `offset`, computed by `f` (given the line index)
    /// the first time it is asked.
    pub fn get(&mut self, draft: &Draft, offset: usize, f: impl FnOnce(usize) -> bool) -> bool {
        let line = draft.line_index(offset);
        *self.0.entry(line).or_insert_with(|| f(line))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_only() {
        let t = "colours colour.png #colour colour-blind @colour colour.";
        let at = |i: usize| is_whole_word(t, i, i + 6);
        assert!(!at(0)); // colours: glued to `s`
        assert!(!at(8)); // colour.png
        assert!(!at(20)); // #colour
        assert!(at(27)); // colour-blind
        assert!(!at(41)); // @colour
        assert!(at(48)); // colour.
    }

    #[test]
    fn neighbouring_words_skip_soft_punctuation_only() {
        let t = "Odessa, Texas. Then chicken Kiev";
        assert_eq!(next_word(t, 6).map(|w| w.1), Some("Texas"));
        assert_eq!(next_word(t, 13), None);
        let k = t.find("Kiev").unwrap();
        assert_eq!(prev_word(t, k).map(|w| w.1), Some("chicken"));
        assert_eq!(prev_word(t, t.find("Then").unwrap()), None);
    }

    #[test]
    fn sentence_starts() {
        let t = "Colour matters. “Colour too,” she said. Mr. Grey and U.S. Centre.\n\n## Colour\nhard\nWrapped line. \nNext";
        let at = |w: &str, nth: usize| at_sentence_start(t, t.match_indices(w).nth(nth).unwrap().0);
        assert!(at("Colour", 0));
        assert!(at("Colour", 1));
        assert!(!at("Grey", 0));
        assert!(!at("Centre", 0));
        assert!(at("Colour", 2));
        assert!(!at("Wrapped", 0));
        assert!(at("Next", 0));
        assert!(!at("she", 0));
    }

    #[test]
    fn case_follows_the_text_found() {
        assert_eq!(match_case("Kiev", "Kiev", "Kyiv"), "Kyiv");
        assert_eq!(match_case("KIEV", "Kiev", "Kyiv"), "KYIV");
        assert_eq!(match_case("Colour", "colour", "color"), "Color");
        assert_eq!(match_case("okay", "okay", "OK"), "OK");
        assert_eq!(match_case("E-MAIL", "e-mail", "email"), "EMAIL");
    }

    #[test]
    fn title_case_lines() {
        assert!(is_title_case("President Vows To Rebuild After Storm"));
        assert!(!is_title_case("The president said the storm was over."));
    }
}
