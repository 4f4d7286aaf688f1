//! Flags a line that is only a web-page element: an ad-slot label, a related-links heading,
//! a share, newsletter or follow prompt, navigation, a licensing line or a cookie banner.
//!
//! ## What it flags
//! A whole line whose text is one of the phrases in `data/boilerplate.toml` (after folding
//! case, spaces and Markdown list or heading markers), or starts with one of its prefixes and
//! is short; plus the desk's own phrases from `[boilerplate] phrases` in `copydesk.toml`.
//! Examples: `Advertisement`, `Recommended Stories`, `Share this article`,
//! `Sign up for our newsletter`, `Skip to main content`, `Follow us on Twitter`,
//! `We use cookies to improve your experience.`
//!
//! ## Why
//! Copy pasted from a web page or exported from a CMS brings page furniture with it. In print
//! or on another site those lines are noise, and a reader takes them for part of the story.
//!
//! ## Example
//! ```text
//! The minister resigned on Monday.
//! Advertisement
//! Her deputy takes over.
//! ```
//!
//! ## Fix
//! Deletes the whole line and its line break (and one blank line, when the phrase stood as a
//! paragraph of its own between blank lines). Safe, except for a line that matched only by
//! a teaser or prompt prefix and ends like a sentence (`Related: Police said 40 people were
//! injured.`): that may be copy, so the fix is unsafe (a quick fix only).
//!
//! ## Not flagged
//! - The same words inside a sentence: `An advertisement campaign drew criticism.`
//! - The words quoted in running copy: `its “Recommended Stories” panel`.
//! - Long lines that merely start with a prefix (a sentence about following a lead).

use std::collections::HashSet;
use std::sync::LazyLock;

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::{Edit, Fix};
use crate::rules::{Context, FixAvailability, RuleMeta};

/// Registry entry.
pub static META: RuleMeta = RuleMeta {
    name: "web-boilerplate",
    code: "CD102",
    summary: "A line that is only a web-page element (ad label, share prompt, menu item…)",
    default_severity: Severity::Warning,
    default_enabled: true,
    style_pack: false,
    fix: FixAvailability::Sometimes,
    unnecessary: true,
    source: include_str!("web_boilerplate.rs"),
    check,
};

/// One family of phrases in `data/boilerplate.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Family {
    pub name: String,
    pub source: String,
    pub lines: Vec<String>,
    pub prefixes: Vec<String>,
    pub max_words: usize,
    pub flag: Vec<String>,
    pub keep: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    family: Vec<Family>,
}

/// The phrase table shipped in `data/boilerplate.toml`, parsed once.
pub static FAMILIES: LazyLock<Vec<Family>> = LazyLock::new(|| {
    toml::from_str::<Table>(include_str!("../../data/boilerplate.toml"))
        .expect("data/boilerplate.toml is valid (checked by tests)")
        .family
});

/// Exact lines → family index, and prefixes with their family.
struct Index {
    lines: std::collections::HashMap<String, usize>,
    prefixes: Vec<(String, usize)>,
    /// First words of the table: [`EXACT`] when an exact line starts with the word, [`PREFIX`]
    /// when a prefix of several words does. For [`could_match`].
    first_words: std::collections::HashMap<String, u8>,
    /// Prefixes of one word, which a line's first word need only start with (`©2025`).
    one_word_prefixes: Vec<String>,
    /// The most words an exact line has. Longer lines can only match a prefix.
    line_words: usize,
    /// The largest `max_words` of a family with prefixes. Longer lines never match.
    prefix_words: usize,
}

static INDEX: LazyLock<Index> = LazyLock::new(|| {
    let mut lines = std::collections::HashMap::new();
    let mut prefixes = Vec::new();
    for (i, fam) in FAMILIES.iter().enumerate() {
        for l in &fam.lines {
            lines.insert(normalize(l), i);
        }
        for p in &fam.prefixes {
            prefixes.push((fold(p), i));
        }
    }
    let line_words = lines.keys().map(|l| l.split(' ').count()).max().unwrap_or(0);
    let prefix_words = FAMILIES.iter().filter(|f| !f.prefixes.is_empty()).map(|f| f.max_words).max().unwrap_or(0);
    let mut first_words = std::collections::HashMap::new();
    for line in lines.keys() {
        *first_words.entry(line.split(' ').next().unwrap_or_default().to_string()).or_insert(0) |= EXACT;
    }
    let mut one_word_prefixes = Vec::new();
    for (p, _) in &prefixes {
        match p.split_once(' ') {
            Some((head, _)) => *first_words.entry(head.to_string()).or_insert(0) |= PREFIX,
            None => one_word_prefixes.push(p.clone()),
        }
    }
    Index { lines, prefixes, first_words, one_word_prefixes, line_words, prefix_words }
});

/// True when `line` certainly normalizes to more than `n` words: it has more than `n` tokens
/// (separated by spaces or tabs) that contain an ASCII letter or digit. [`normalize`] only
/// strips marker characters at the ends of a line and never splits fewer words than this, so
/// each such token survives as at least one word. A byte loop that stops early: long lines of
/// copy cost little.
fn more_words_than(line: &str, n: usize) -> bool {
    let mut count = 0;
    let mut alnum = false;
    for &b in line.as_bytes() {
        if b == b' ' || b == b'\t' {
            if alnum {
                count += 1;
                if count > n {
                    return true;
                }
            }
            alnum = false;
        } else if b.is_ascii_alphanumeric() {
            alnum = true;
        }
    }
    count + usize::from(alnum) > n
}

/// A cheap and exact prefilter: false only when the line cannot be boilerplate, judged from
/// its first word (folded as [`normalize`] would) and a word count. An exact line must start
/// with the first word of a table line or desk phrase and be short; a prefix match must start
/// with the prefix's first word (or, for a one-word prefix, with the prefix). Most lines of
/// copy fail here without being normalized.
fn could_match(raw: &str, line_words: usize, desk_first_words: &HashSet<&str>, word: &mut String) -> bool {
    let t = raw.trim().trim_start_matches(MARKERS_START);
    let Some(first) = t.split_whitespace().next() else { return false };
    fold_into(first, word);
    let mut kinds = INDEX.first_words.get(word.as_str()).copied().unwrap_or(0);
    if desk_first_words.contains(word.as_str()) {
        kinds |= EXACT;
    }
    // A one-word line loses its trailing markers (`Advertisement:`) in normalization.
    let bare = word.trim_end_matches(MARKERS_END);
    if bare.len() != word.len() {
        kinds |= INDEX.first_words.get(bare).copied().unwrap_or(0) & EXACT;
        if desk_first_words.contains(bare) {
            kinds |= EXACT;
        }
    }
    if INDEX.one_word_prefixes.iter().any(|p| word.starts_with(p.as_str())) {
        kinds |= PREFIX;
    }
    (kinds & EXACT != 0 && !more_words_than(raw, line_words))
        || (kinds & PREFIX != 0 && !more_words_than(raw, INDEX.prefix_words))
}

/// In [`Index::first_words`]: an exact line starts with this word.
const EXACT: u8 = 1;
/// In [`Index::first_words`]: a prefix of several words starts with this word.
const PREFIX: u8 = 2;

/// Characters [`normalize`] strips from the start of a line (list, heading, quote markers).
const MARKERS_START: [char; 10] = ['#', '>', '-', '*', '+', '•', '–', '—', ' ', '\t'];
/// Characters [`normalize`] strips from the end of a line (colons, arrows, ellipses, bars).
const MARKERS_END: [char; 12] = [':', '›', '»', '→', '…', '>', '-', '–', '—', ' ', '\t', '|'];

/// Lowercases and collapses runs of white space to one space; curly apostrophes become
/// straight. Prefixes are folded this way (their punctuation is significant).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// [`fold`] into a reused buffer (cleared first), with a fast path for ASCII words.
fn fold_into(s: &str, out: &mut String) {
    out.clear();
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        if word.is_ascii() {
            let start = out.len();
            out.push_str(word);
            out[start..].make_ascii_lowercase();
            continue;
        }
        for c in word.chars() {
            out.extend(c.to_lowercase().map(|c| if c == '’' { '\'' } else { c }));
        }
    }
}

/// Folds a line for matching: trims, drops list/heading/quote markers and trailing colons,
/// arrows and ellipses, lowercases, collapses runs of white space to one space, and turns
/// curly apostrophes straight.
pub fn normalize(line: &str) -> String {
    let mut out = String::new();
    normalize_into(line, &mut out);
    out
}

/// [`normalize`] into a reused buffer (cleared first).
fn normalize_into(line: &str, out: &mut String) {
    let t = line.trim().trim_start_matches(MARKERS_START);
    fold_into(t.trim_end_matches(MARKERS_END), out);
}

/// The family of a normalized line, if it is boilerplate (see [`classify_how`]).
fn classify(normalized: &str, extra: &HashSet<String>) -> Option<String> {
    classify_how(normalized, extra).map(|(family, _)| family)
}

/// The family of a normalized line and whether it matched only by a prefix (rather than as a
/// whole phrase).
fn classify_how(normalized: &str, extra: &HashSet<String>) -> Option<(String, bool)> {
    if normalized.is_empty() {
        return None;
    }
    if let Some(&i) = INDEX.lines.get(normalized) {
        return Some((FAMILIES[i].name.clone(), false));
    }
    if extra.contains(normalized) {
        return Some(("desk boilerplate phrase".to_string(), false));
    }
    let words = normalized.split(' ').count();
    for (prefix, i) in &INDEX.prefixes {
        let Some(rest) = normalized.strip_prefix(prefix.as_str()) else { continue };
        let at_boundary = !rest.chars().next().is_some_and(char::is_alphanumeric)
            || !prefix.chars().last().is_some_and(char::is_alphanumeric);
        if at_boundary && words <= FAMILIES[*i].max_words {
            return Some((FAMILIES[*i].name.clone(), true));
        }
    }
    None
}

/// True when `line` (one line of text) is, as a whole, one of the shipped phrases: what this
/// rule flags with no desk phrases configured. Used as a feature by `boilerplate-block`.
pub fn is_phrase_line(line: &str) -> bool {
    if line.len() > 400 {
        return false;
    }
    static NONE: LazyLock<HashSet<String>> = LazyLock::new(HashSet::new);
    thread_local! {
        static FIRST_WORD: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    // The rule's own cheap test first: most lines cannot start a phrase.
    let none = HashSet::new();
    if !FIRST_WORD.with_borrow_mut(|word| could_match(line, INDEX.line_words, &none, word)) {
        return false;
    }
    classify(&normalize(line), &NONE).is_some()
}

fn check(ctx: &Context) -> Vec<Diagnostic> {
    let draft = ctx.draft;
    let extra: HashSet<String> = ctx.settings.boilerplate_phrases.iter().map(|p| normalize(p)).collect();
    let mut out = Vec::new();
    let line_words = INDEX.line_words.max(extra.iter().map(|p| p.split(' ').count()).max().unwrap_or(0));
    let desk_first_words: HashSet<&str> = extra.iter().filter_map(|p| p.split(' ').next()).collect();
    let n = draft.lines().len();
    let mut normalized = String::new();
    let mut first_word = String::new();
    for i in 0..n {
        let line = draft.lines()[i].clone();
        if !could_match(draft.line_text(i), line_words, &desk_first_words, &mut first_word) {
            continue;
        }
        normalize_into(draft.line_text(i), &mut normalized);
        let Some((family, by_prefix)) = classify_how(&normalized, &extra) else { continue };
        // Flag the visible text, not surrounding white space.
        let raw = draft.line_text(i);
        let lead = raw.len() - raw.trim_start().len();
        let span = line.start + lead..line.start + raw.trim_end().len();
        let removal = draft.line_removal(i);
        // A teaser or prompt reads like a headline; a prefix line that ends like a sentence
        // may be copy (`Related: Police said 40 people were injured.`).
        let sentence = by_prefix && FREE_TEXT_FAMILIES.contains(&family.as_str()) && ends_like_a_sentence(raw);
        let edit = Edit::delete(removal);
        let (message, fix) = if sentence {
            (
                format!("web boilerplate ({family})? a line that starts like one but reads as a sentence"),
                Fix::unsafe_("Remove boilerplate line", edit),
            )
        } else {
            (format!("web boilerplate ({family}) on a line of its own"), Fix::safe("Remove boilerplate line", edit))
        };
        out.push(META.diagnostic(span, message).with_fix(fix));
    }
    out
}

/// Families whose prefixes introduce free text (a teaser headline, a prompt), which a writer
/// may also begin a sentence of copy with. Licensing and cookie lines are furniture whatever
/// follows their prefix.
const FREE_TEXT_FAMILIES: &[&str] = &["related-links heading", "newsletter prompt", "follow prompt"];

/// True when `line` ends with a full stop, question or exclamation mark (before any closing
/// quotes or brackets), as a sentence does and a headline or label does not.
fn ends_like_a_sentence(line: &str) -> bool {
    line.trim_end().trim_end_matches(['"', '\'', '”', '’', ')', ']']).ends_with(['.', '!', '?'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_lines_that_read_as_sentences_get_an_unsafe_fix() {
        use crate::fix::Applicability;
        for line in [
            "Related: Police said 40 people were injured in the blast.",
            "Read more: Officials said the vote would go ahead in March.",
            "See also: the ministry's statement, which was published on Monday.",
            "Sign up for our newsletter to receive updates, the ministry said in its statement.",
        ] {
            let text = format!("The council met.\n\n{line}\n\nIt voted.\n");
            assert_eq!(offered_fixes(&META, &text).first().map(|f| f.0), Some(Applicability::Unsafe), "{line}");
            assert_fix(&META, &text, &text);
        }
        let text = "The council met.\n\nRead more: Inflation hits a 40-year high\n\nIt voted.\n";
        assert_eq!(offered_fixes(&META, text).first().map(|f| f.0), Some(Applicability::Safe));
    }
    use crate::config::Settings;
    use crate::draft::{Draft, Format};
    use crate::rules::testing::*;

    #[test]
    fn table_examples_flag_and_guardrails_do_not() {
        let none = HashSet::new();
        for fam in FAMILIES.iter() {
            for ex in &fam.flag {
                assert!(classify(&normalize(ex), &none).is_some(), "{}: {ex:?} should be flagged", fam.name);
            }
            for ex in &fam.keep {
                assert_clean(&META, &[ex]);
            }
        }
    }

    #[test]
    fn table_is_tidy() {
        for fam in FAMILIES.iter() {
            let mut sorted = fam.lines.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(fam.lines, sorted, "{}: keep `lines` sorted and unique", fam.name);
            for entry in &fam.lines {
                assert_eq!(&normalize(entry), entry, "{}: write lines normalized", fam.name);
            }
            for entry in &fam.prefixes {
                assert_eq!(&fold(entry), entry, "{}: write prefixes lowercase, single-spaced", fam.name);
            }
        }
        let mut all: Vec<&String> = FAMILIES.iter().flat_map(|f| &f.lines).collect();
        let n = all.len();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), n, "a line appears in two families");
    }

    #[test]
    fn flags_whole_lines_only() {
        assert_marked(
            &META,
            "The minister resigned.\nAdvertisement\n^^^^^^^^^^^^^\n  Recommended Stories  \n  ^^^^^^^^^^^^^^^^^^^\nAn advertisement campaign drew criticism.\n",
        );
    }

    #[test]
    fn desk_phrases_from_settings_are_flagged() {
        let text = "Story.\nSubscribe to the Ledger\n";
        let draft = Draft::new(text, Format::Plain);
        let settings = Settings { boilerplate_phrases: vec!["Subscribe to the Ledger".into()], ..Settings::default() };
        let found = check(&Context::new(&draft, &settings));
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].range.clone()], "Subscribe to the Ledger");
    }

    #[test]
    fn fix_deletes_the_line_and_a_paragraph_gap() {
        assert_fix(&META, "One.\nAdvertisement\nTwo.\n", "One.\nTwo.\n");
        assert_fix(&META, "One.\n\nAdvertisement\n\nTwo.\n", "One.\n\nTwo.\n");
        assert_fix(&META, "One.\nShare this article", "One.\n");
    }
}
