//! Flags a formal title in the wrong case: capitalised directly before a name
//! (`President Xi Jinping`), lowercase after a name or alone (`Xi, the president`,
//! `the president said`).
//!
//! ## What it flags
//! The titles listed in the pack's `[titles] formal` (`president`, `prime minister`, `pope`,
//! `queen`, `foreign minister`…):
//! - written in lowercase directly before a capitalised name: `president Xi Jinping` →
//!   `President Xi Jinping`, `former prime minister Boris Johnson` → `former Prime Minister
//!   Boris Johnson`;
//! - written with capitals after an article and not before a name: `the President said` →
//!   `the president said`, `Xi, the President, arrived` → `the president`.
//!
//! ## Why
//! AP and most desks capitalise a formal title only as part of a name. Capitals elsewhere read
//! as deference, and lowercase before a name reads as a job description.
//!
//! ## Example
//! ```text
//! The talks were led by president Xi Jinping. The President said little.
//! ```
//!
//! ## Fix
//! Unsafe: rewrites the title's case. Whether the capitalised word after a title is a name is
//! a guess, so an editor accepts each fix.
//!
//! ## Not flagged
//! - A title set off by commas (`the president, Xi Jinping,`) or after an article before a
//!   name (`the president Xi Jinping`, which wants rewording rather than capitals).
//! - Titles followed by `of` (`the President of France`, `the Prince of Wales`, which are
//!   often part of a name) or by another capitalised word (`the Queen Mother`).
//! - Compounds after another capitalised word (`US President`, `Acting President`), days and
//!   months after a title (`the president Tuesday`), and a title starting a sentence.
//! - Occupational titles, which are not in the list (`chief executive Tim Cook`), and a title
//!   ending a list of titles (`chairman, CEO and president Jane Roe`).
//! - Headlines and title-case lines, and words in capitals.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use regex::Regex;

use crate::diagnostic::{Diagnostic, Severity};
use crate::draft::Draft;
use crate::fix::{Edit, Fix};
use crate::rules::prose::{at_sentence_start, is_title_case, next_word, prev_word, English, LineMemo};
use crate::rules::{Context, FixAvailability, RuleMeta};
use crate::style::{self, Pack};

/// Registry entry.
pub static META: RuleMeta = RuleMeta {
    name: "titles",
    code: "CD204",
    summary: "A formal title capitalised alone or lowercase before a name",
    default_severity: Severity::Info,
    default_enabled: false,
    style_pack: true,
    fix: FixAvailability::Unsafe,
    unnecessary: false,
    source: include_str!("titles.rs"),
    check,
};

/// Capitalised words after a title that are not names.
const NOT_NAMES: &[&str] = &[
    "A", "After", "An", "And", "April", "As", "At", "August", "Before", "But", "December", "During", "February", "For",
    "Friday", "He", "Her", "His", "I", "If", "In", "It", "Its", "January", "July", "June", "March", "May", "Monday",
    "November", "October", "On", "Or", "Saturday", "September", "She", "Sunday", "That", "The", "Their", "They",
    "This", "Thursday", "To", "Today", "Tuesday", "We", "Wednesday", "When", "While", "Who", "With", "You",
];

/// Words before a capitalised title that make it a title used alone.
const ARTICLES: &[&str] = &["the", "a", "an"];

/// One regex per pack over its titles, longest first (so `vice president` wins over
/// `president`). Packs are few and static; the cache is keyed by pack name.
fn title_regex(pack: &'static Pack) -> Regex {
    static CACHE: LazyLock<Mutex<HashMap<&'static str, Regex>>> = LazyLock::new(|| Mutex::new(HashMap::new()));
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    cache
        .entry(pack.name.as_str())
        .or_insert_with(|| {
            let mut titles: Vec<&String> = pack.titles.formal.iter().collect();
            titles.sort_by_key(|t| std::cmp::Reverse(t.len()));
            let alternatives: Vec<String> = titles.iter().map(|t| regex::escape(t).replace(' ', r"\s")).collect();
            Regex::new(&format!(r"(?i)(?-u:\b)(?:{})(?-u:\b)", alternatives.join("|"))).expect("title regex")
        })
        .clone()
}

/// `vice president` → `Vice President`, `secretary of state` → `Secretary of State`,
/// `secretary-general` → `Secretary-General`.
fn title_case(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    let mut word_start = true;
    for (i, c) in title.char_indices() {
        if word_start {
            let rest = &title[i..];
            let minor = ["of ", "the "].iter().any(|w| rest.to_lowercase().starts_with(w)) && i > 0;
            if minor {
                out.extend(c.to_lowercase());
            } else {
                out.extend(c.to_uppercase());
            }
        } else {
            out.push(c);
        }
        word_start = c == ' ' || c == '-' || c == '\n';
    }
    out
}

/// True when `word` could begin a name: capitalised and not a day, month or function word.
fn is_name_word(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase) && !NOT_NAMES.contains(&word)
}

fn in_headline(draft: &Draft, i: usize) -> bool {
    let line = draft.line_text(i).trim();
    line.starts_with('#') || is_title_case(line)
}

fn check(ctx: &Context) -> Vec<Diagnostic> {
    let Some(pack) = style::pack(ctx.settings.style) else { return Vec::new() };
    let draft = ctx.draft;
    let text = draft.text;
    let re = title_regex(pack);
    let mut english = English::new(text);
    let mut headlines = LineMemo::default();
    let mut out = Vec::new();
    for m in re.find_iter(text) {
        let (start, end) = (m.start(), m.end());
        let written = m.as_str();
        let glued = crate::rules::prose::char_before(text, start).is_some_and(char::is_alphanumeric)
            || crate::rules::prose::char_at(text, end).is_some_and(char::is_alphanumeric);
        if glued || written.contains(['\n', '\r']) || headlines.get(draft, start, |i| in_headline(draft, i)) {
            continue;
        }
        let lowercase = written.chars().all(|c| !c.is_uppercase());
        let capitalised = written.chars().next().is_some_and(char::is_uppercase)
            && written.chars().filter(|c| c.is_alphabetic()).any(char::is_lowercase);
        let after = &text[end..];
        let possessive_len = ["'s", "’s"].iter().find(|p| after.starts_with(*p)).map_or(0, |p| p.len());
        let possessive = possessive_len > 0;
        let next = next_word(text, end + possessive_len);
        let next_is_name = next.is_some_and(|(ns, w)| ns == end + 1 && !possessive && is_name_word(w));
        let prev = prev_word(text, start);
        let prev_lower = prev.map(|(_, w)| w.to_lowercase());
        if lowercase && next_is_name {
            // `president Xi`: but not `the president Xi` (wants rewording), nor the last of a
            // list of corporate titles (`chairman, CEO and president Craig Menear`).
            if prev_lower.as_deref().is_some_and(|p| ARTICLES.contains(&p) || p == "and" || p == "or")
                || text[..start].trim_end().ends_with('&')
            {
                continue;
            }
            if !english.at(draft, start) {
                continue;
            }
            let right = title_case(written);
            let range = start..end;
            out.push(
                META.diagnostic(range.clone(), format!("{}: capitalise a formal title directly before a name: `{right}`", pack.title))
                    .with_fix(Fix::unsafe_(format!("Write `{right}`"), Edit::replace(range, right))),
            );
            continue;
        }
        if capitalised && !at_sentence_start(text, start) {
            // Alone: after an article, not before a name, `of` or `-elect`.
            let Some(p) = prev_lower.as_deref() else { continue };
            if !ARTICLES.contains(&p) {
                continue;
            }
            if after.starts_with('-') {
                continue;
            }
            if let Some((ns, w)) = next {
                let gap = &text[end..ns];
                let adjacent = gap.trim_start_matches(['\'', '’', 's']).chars().all(|c| c == ' ');
                if adjacent && (w.eq_ignore_ascii_case("of") || w.chars().next().is_some_and(char::is_uppercase)) {
                    continue;
                }
            }
            if !english.at(draft, start) {
                continue;
            }
            let right = written.to_lowercase();
            let range = start..end;
            out.push(
                META.diagnostic(range.clone(), format!("{}: lowercase a title used alone: `{right}`", pack.title))
                    .with_fix(Fix::unsafe_(format!("Write `{right}`"), Edit::replace(range, right))),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Settings, Style};
    use crate::fix::Applicability;
    use crate::rules::testing::*;

    fn ap() -> Settings {
        Settings { style: Style::Ap, ..Settings::default() }
    }

    #[test]
    fn capitalises_before_a_name_and_lowercases_alone() {
        assert_marked_with(
            &META,
            &ap(),
            "The talks were led by president Xi Jinping. The President said little.\n                      ^^^^^^^^^                 ^^^^^^^^^\n",
        );
        assert_marked_with(
            &META,
            &ap(),
            "Xi, the President, met former prime minister Boris Johnson and the Pope's envoy.\n        ^^^^^^^^^             ^^^^^^^^^^^^^^                       ^^^^\n",
        );
    }

    #[test]
    fn leaves_correct_titles_and_names_alone() {
        assert_clean_with(
            &META,
            &ap(),
            &[
                "President Xi Jinping arrived. Xi, the president, spoke.",
                "The president said the talks would continue.",
                "The president, Xi Jinping, arrived on Monday.",
                "She met the president Tuesday and the mayor on Friday.",
                "He spoke to the President of France and the Prince of Wales.",
                "The Queen Mother and the Prime Minister's Questions session.",
                "US President Joe Biden and Acting President Kamala Harris met.",
                "President Vows To Rebuild After Storm Hits Coast",
                "Apple chief executive Tim Cook and the company's president spoke.",
                "Its chairman, CEO and president Jane Roe spoke.",
                "The president-elect and the President-elect arrived.",
                "THE PRESIDENT SAID NO.",
            ],
        );
    }

    #[test]
    fn fixes_are_unsafe_and_converge() {
        let fixes = offered_fixes_with(&META, &ap(), "It was vice president Kamala Harris. The Secretary of State agreed.");
        assert_eq!(
            fixes,
            [
                (Applicability::Unsafe, "It was Vice President Kamala Harris. The Secretary of State agreed.".to_string()),
                (Applicability::Unsafe, "It was vice president Kamala Harris. The secretary of state agreed.".to_string()),
            ]
        );
        assert_fix_with(&META, &ap(), "The President said no.", "The President said no.");
    }

    #[test]
    fn title_case_keeps_minor_words_lowercase() {
        assert_eq!(title_case("secretary of state"), "Secretary of State");
        assert_eq!(title_case("secretary-general"), "Secretary-General");
    }

    #[test]
    fn no_pack_no_findings() {
        assert_clean(&META, &["It was led by president Xi Jinping."]);
    }
}
