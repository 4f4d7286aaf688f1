//! Flags numbers written against the pack's numeral style: AP's one to nine in words, 10 and up
//! in figures, with its exceptions.
//!
//! ## What it flags
//! With a pack whose `[numerals] spell_out_below` is 10 (both shipped packs):
//! - a figure 1–9 counting something in running prose: `3 people` → `three people`;
//! - a number from 10 written in words before a noun: `twelve people` → `12 people`;
//! - a figure starting a sentence: `15 people died.` → `Fifteen people died.` (numbers up
//!   to 99; a year may start a sentence);
//! - an age, percentage or number of millions spelled out below 10, which AP writes in
//!   figures: `a five-year-old`, `aged five`, `five percent`, `two million` → `5-year-old`,
//!   `aged 5`, `5 percent`, `2 million`.
//!
//! ## Why
//! Numbers are where copy is least consistent: one reporter writes `3 people`, another
//! `three people`. The house style decides, and readers stop noticing.
//!
//! ## Example
//! ```text
//! The storm damaged 4 homes and left twelve families without power.
//! ```
//!
//! ## Fix
//! Unsafe: rewrites the number (`4` → `four`, `twelve` → `12`). The exceptions below are
//! many and some are matters of judgment, so an editor accepts each fix.
//!
//! ## Not flagged
//! AP's exceptions, which take figures under 10: ages (`5 years old`, `a 3-year-old`),
//! percentages (`5%`, `5 percent`), money (`$5`, `5 cents`), dimensions, weights, speeds and
//! temperatures (`5 feet`, `5 pounds`, `5 mph`, `5 degrees`), scores, votes and ratios
//! (`won 5-3`, `1 in 5`), times (`5 p.m.`, `5:30`), dates (`May 5`), `No. 1`, addresses
//! (`5 Main St.`), sports statistics (`3 goals`, `5 points`), millions (`5 million`),
//! numbers naming things (`Game 7`, `Route 9`, `iPhone 6`, `Chapter 3`), and numbers next to
//! other figures (`3 or 12`, `between 5 and 10`). Also: decimals, fractions, ranges,
//! numbered lists, headlines and title-case lines (AP headlines use figures), a spelled-out
//! number starting a sentence, names in capitals (`Ocean's Eleven`), and paragraphs that are
//! not English.

use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostic::{Diagnostic, Severity};
use crate::draft::Draft;
use crate::fix::{Edit, Fix};
use crate::lang;
use crate::rules::prose::{at_sentence_start, capitalise, char_at, char_before, is_title_case, next_word, prev_word, English, LineMemo};
use crate::rules::{Context, FixAvailability, RuleMeta};
use crate::style;

/// Registry entry.
pub static META: RuleMeta = RuleMeta {
    name: "numerals",
    code: "CD202",
    summary: "A number against the house numeral style (one to nine in words, 10 and up in figures)",
    default_severity: Severity::Info,
    default_enabled: false,
    style_pack: true,
    fix: FixAvailability::Unsafe,
    unnecessary: false,
    source: include_str!("numerals.rs"),
    check,
};

const ONES: [&str; 10] = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
const TEENS: [&str; 10] =
    ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"];
const TENS: [&str; 10] = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

/// `n` (0–99) in words, hyphenated: `25` → `twenty-five`.
pub fn in_words(n: u32) -> Option<String> {
    Some(match n {
        0..=9 => ONES[n as usize].to_string(),
        10..=19 => TEENS[n as usize - 10].to_string(),
        20..=99 if n % 10 == 0 => TENS[n as usize / 10].to_string(),
        20..=99 => format!("{}-{}", TENS[n as usize / 10], ONES[n as usize % 10]),
        _ => return None,
    })
}

/// The value of a number written in words (`twelve`, `twenty-five`, `Forty`), 0–99.
pub fn from_words(words: &str) -> Option<u32> {
    let lower = words.to_lowercase();
    let (head, tail) = match lower.split_once(['-', '‐', ' ']) {
        Some((h, t)) => (h.to_string(), Some(t.to_string())),
        None => (lower.clone(), None),
    };
    let find = |list: &[&str], w: &str| list.iter().position(|x| *x == w);
    match tail {
        None => find(&ONES, &head)
            .map(|i| i as u32)
            .or_else(|| find(&TEENS, &head).map(|i| 10 + i as u32))
            .or_else(|| find(&TENS, &head).filter(|&i| i >= 2).map(|i| 10 * i as u32)),
        Some(t) => {
            let tens = find(&TENS, &head).filter(|&i| i >= 2)? as u32;
            let ones = find(&ONES, &t).filter(|&i| i >= 1)? as u32;
            Some(tens * 10 + ones)
        }
    }
}

/// Words after a figure that make it an AP exception (lowercase). Units of measure, money,
/// percentages, millions, times of day, ratios and scores, sports statistics, ratings.
const EXCEPTION_AFTER: &[&str] = &[
    "acre", "acres", "am", "assist", "assists", "billion", "bn", "buck", "bucks", "by", "c", "carat", "cent", "cents",
    "cm", "cup", "cups", "cylinder", "dollar", "dollars", "euro", "euros", "f", "feet", "foot", "for", "ft", "g",
    "gallon", "gallons", "gb", "goal", "goals", "gram", "grams", "hectare", "hectares", "hit", "hits", "in", "inch",
    "inches", "inning", "innings", "k", "kg", "kilo", "kilogram", "kilograms", "kilometer", "kilometers", "kilometre",
    "kilometres", "kilos", "km", "knot", "knots", "kph", "lap", "laps", "lb", "lbs", "liter", "liters", "litre",
    "litres", "m", "mb", "meter", "meters", "metre", "metres", "mg", "mile", "miles", "million", "millions", "ml", "mm",
    "mph", "ounce", "ounces", "out", "oz", "pence", "per", "percent", "percentage", "pm", "point", "points", "pound",
    "pounds", "pt", "pts", "rebound", "rebounds", "run", "runs", "save", "saves", "seed", "set", "sets", "star",
    "stars", "stroke", "strokes", "tablespoon", "tablespoons", "tbsp", "teaspoon", "teaspoons", "to", "ton", "tonne",
    "tonnes", "tons", "touchdown", "touchdowns", "trillion", "tsp", "vote", "votes", "x", "yard", "yards", "yen",
    "yuan", "degree", "degrees", "rupee", "rupees", "seconds", "second", "minute", "minutes", "ratio",
];

/// Words before a figure that make it a name or a position in a sequence (lowercase, without
/// a final period): `No. 1`, `page 3`, `Route 9`, `May 5`, `aged 5`.
const EXCEPTION_BEFORE: &[&str] = &[
    "act", "age", "aged", "ages", "apartment", "apt", "article", "aug", "august", "berth", "block", "box", "by",
    "camp", "category", "channel", "chapter", "class", "court", "day", "dec", "december", "district", "dock", "episode",
    "exhibit", "feb", "february", "fig", "figure", "floor", "gate", "grade", "group", "hole", "interstate", "issue", "jan",
    "january", "jul", "july", "jun", "june", "lane", "lap", "level", "line", "lot", "mar", "march", "may", "mile",
    "model", "no", "nos", "nov", "november", "number", "oct", "october", "over", "p", "page", "pages", "part", "phase",
    "pier", "platform", "precinct", "race", "rank", "ranked", "room", "round", "route", "row", "rte", "scene", "season",
    "seat", "section", "sector", "sep", "sept", "september", "series", "size", "stage", "step", "suite", "table",
    "term", "terminal", "tier", "top", "track", "type", "under", "unit", "version", "vol", "volume", "ward", "wave",
    "week", "year", "zone", "apr", "april", "at", "around", "about", "approximately", "nearly", "almost",
];

/// Words after an age or percentage spelled out under 10 that AP writes in figures.
static SPELLED_EXCEPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?P<n>one|two|three|four|five|six|seven|eight|nine)(?P<tail>-(?:year|month|week)s?-olds?(?-u:\b)| (?:years?|months?) old(?-u:\b)| percent(?-u:\b)| per cent(?-u:\b)| million(?-u:\b)| billion(?-u:\b)| trillion(?-u:\b))|(?-u:\b)(?P<aged>aged|ages) (?P<m>one|two|three|four|five|six|seven|eight|nine)(?-u:\b)",
    )
    .unwrap()
});

static SPELLED_LARGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?)(?-u:\b)",
    )
    .unwrap()
});

static FIGURE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[0-9]+").unwrap());

/// True when another figure stands in the same sentence within a few words: a series, range,
/// score, ratio or date, where AP keeps figures for consistency.
fn near_other_figure(text: &str, start: usize, end: usize) -> bool {
    let lo = floor_char(text, start.saturating_sub(25));
    let hi = ceil_char(text, (end + 25).min(text.len()));
    let left = &text[lo..start];
    let left = left.rfind(['.', '!', '?', '\n']).map_or(left, |i| &left[i + 1..]);
    let right = &text[end..hi];
    let right = right.find(". ").map_or(right, |i| &right[..i]);
    left.chars().any(|c| c.is_ascii_digit()) || right.chars().any(|c| c.is_ascii_digit())
}

/// The run of non-space characters before `offset` (after skipping spaces), e.g. `No.`,
/// `Jan.`, `(page`.
fn prev_token(text: &str, offset: usize) -> &str {
    let before = text[..offset].trim_end();
    let start = before.char_indices().rev().find(|(_, c)| c.is_whitespace()).map_or(0, |(i, c)| i + c.len_utf8());
    &before[start..]
}

/// True when `word` is a number, in figures or words (`5`, `one`, `twelve`).
fn is_number(word: &str) -> bool {
    word.chars().all(|c| c.is_ascii_digit()) && !word.is_empty() || from_words(word).is_some()
}

fn floor_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// True when line `i` is a headline, heading or list item, where AP uses
/// figures: a Markdown heading, a title-case line, or a one-line paragraph that does not end
/// in sentence punctuation.
fn in_headline(draft: &Draft, i: usize) -> bool {
    let offset = draft.lines()[i].start;
    let line = draft.line_text(i).trim();
    if line.starts_with('#') || is_title_case(line) || line.contains('|') || line.contains('\t') {
        return true;
    }
    let para = draft.paragraph_at(offset);
    let single = !draft.text[para.clone()].contains(['\n', '\r']);
    single && !line.trim_end_matches(['”', '"', '’', '\'', ')', '*', '_']).ends_with(['.', '!', '?', ':', '…', ';', ','])
}

fn message_fix(range: std::ops::Range<usize>, message: String, replacement: String) -> Diagnostic {
    let title = format!("Write `{replacement}`");
    META.diagnostic(range.clone(), message).with_fix(Fix::unsafe_(title, Edit::replace(range, replacement)))
}

/// Figures 1–9 where words are wanted, and figures starting a sentence.
fn check_figures(draft: &Draft, below: u32, english: &mut English, headlines: &mut LineMemo, out: &mut Vec<Diagnostic>) {
    let text = draft.text;
    for m in FIGURE.find_iter(text) {
        let (start, end) = (m.start(), m.end());
        let Ok(value) = m.as_str().parse::<u32>() else { continue };
        // Glued to something: $5, 5%, 3-2, 5:30, 2.5, 1/2, 5G, #1, 3rd, 1,000, 10,
        let before_ok = match char_before(text, start) {
            None => true,
            Some(c) => c.is_whitespace() || matches!(c, '(' | '“' | '"'),
        };
        let after_ok = match char_at(text, end) {
            Some(c) => c == ' ',
            None => false,
        };
        if !before_ok || !after_ok || m.as_str().starts_with('0') {
            continue;
        }
        let Some((next_start, next)) = next_word(text, end) else { continue };
        // The next word must follow after exactly one space and be a lowercase word.
        if next_start != end + 1 || !next.chars().next().is_some_and(char::is_lowercase) {
            continue;
        }
        let rest = &text[next_start..];
        let next_lower = next.to_lowercase();
        if EXCEPTION_AFTER.contains(&next_lower.as_str())
            || rest.starts_with("a.m.")
            || rest.starts_with("p.m.")
            || rest.starts_with("o'clock")
            || rest.starts_with("o’clock")
            || rest.starts_with(|c: char| c.is_alphabetic()) && rest[next.len()..].starts_with(['-', '.', '/', '’', '\''])
        {
            continue;
        }
        // Ages: `5 years old`, `5 months old`.
        if let Some((_, after)) = next_word(text, next_start + next.len()) {
            if after.eq_ignore_ascii_case("old") {
                continue;
            }
        }
        let sentence_start = at_sentence_start(text, start);
        if !sentence_start {
            let token = prev_token(text, start).trim_start_matches(['(', '“', '"']);
            let lower = token.to_lowercase();
            if EXCEPTION_BEFORE.contains(&lower.trim_end_matches('.')) {
                continue;
            }
            // A capitalised word before the figure names something: `Game 7`, `iPhone 6`.
            if token.chars().any(char::is_uppercase) && !lang::is_function_word(token) {
                continue;
            }
            // A ratio: `one in 5`, `4 out of 5`.
            if let Some((p_start, p)) = prev_word(text, start) {
                if ["in", "of"].contains(&p.to_lowercase().as_str()) {
                    if let Some((_, pp)) = prev_word(text, p_start) {
                        if is_number(pp) {
                            continue;
                        }
                    }
                }
            }
        }
        if headlines.get(draft, start, |i| in_headline(draft, i)) || near_other_figure(text, start, end) || !english.at(draft, start) {
            continue;
        }
        let range = start..end;
        if sentence_start {
            // A year may start a sentence; larger numbers are better recast than spelled.
            if (1000..=2999).contains(&value) || value > 99 {
                continue;
            }
            let Some(words) = in_words(value) else { continue };
            out.push(message_fix(
                range,
                format!("spell out a number that starts a sentence: `{}`", capitalise(&words)),
                capitalise(&words),
            ));
        } else if (1..below).contains(&value) {
            let Some(words) = in_words(value) else { continue };
            out.push(message_fix(range, format!("spell out numbers below {below}: `{words}`, not `{value}`"), words));
        }
    }
}

/// Numbers from `below` up written in words before a noun.
fn check_spelled_large(draft: &Draft, below: u32, english: &mut English, headlines: &mut LineMemo, out: &mut Vec<Diagnostic>) {
    let text = draft.text;
    for m in SPELLED_LARGE.find_iter(text) {
        let (start, end) = (m.start(), m.end());
        let word = m.as_str();
        let Some(value) = from_words(word) else { continue };
        if value < below {
            continue;
        }
        // Part of a longer hyphenated number or word (`one-twenty`, `twenty-first`).
        if char_before(text, start).is_some_and(|c| c == '-' || c.is_alphanumeric())
            || text[end..].starts_with(|c: char| c.is_alphanumeric())
        {
            continue;
        }
        let capitalised = word.chars().next().is_some_and(char::is_uppercase);
        if at_sentence_start(text, start) || capitalised {
            continue; // spelled out at a sentence start, or part of a name (`Ocean's Eleven`)
        }
        // Followed by a noun-like word (possibly through a hyphen: `twelve-year-old`).
        let after = &text[end..];
        let Some((next_start, next)) = next_word(text, end) else { continue };
        let gap = &text[end..next_start];
        if !(gap == " " || gap == "-") || !next.chars().next().is_some_and(char::is_lowercase) {
            continue;
        }
        let lower = next.to_lowercase();
        if ["or", "and", "to", "of", "times", "thousand", "hundred", "million", "billion", "o"].contains(&lower.as_str())
            || after.starts_with(" a.m.")
            || after.starts_with(" p.m.")
        {
            continue;
        }
        if let Some((_, p)) = prev_word(text, start) {
            if ["one", "a", "the"].contains(&p.to_lowercase().as_str()) && lower == "of" {
                continue;
            }
        }
        if headlines.get(draft, start, |i| in_headline(draft, i)) || !english.at(draft, start) {
            continue;
        }
        let range = start..end;
        out.push(message_fix(range, format!("use figures for {below} and above: `{value}`, not `{word}`"), value.to_string()));
    }
}

/// Ages, percentages and millions spelled out below 10.
fn check_spelled_exceptions(draft: &Draft, english: &mut English, headlines: &mut LineMemo, out: &mut Vec<Diagnostic>) {
    let text = draft.text;
    for c in SPELLED_EXCEPTION.captures_iter(text) {
        let (n, what) = match (c.name("n"), c.name("m")) {
            (Some(n), _) => {
                let tail = c.name("tail").map_or("", |t| t.as_str()).to_lowercase();
                let what = if tail.contains("old") {
                    "ages"
                } else if tail.contains("cent") {
                    "percentages"
                } else {
                    "millions and billions"
                };
                (n, what)
            }
            (None, Some(m)) => (m, "ages"),
            _ => continue,
        };
        let (start, end) = (n.start(), n.end());
        if char_before(text, start).is_some_and(|ch| ch == '-' || ch.is_alphanumeric()) {
            continue;
        }
        if headlines.get(draft, start, |i| in_headline(draft, i)) || !english.at(draft, start) {
            continue;
        }
        let Some(value) = from_words(n.as_str()) else { continue };
        // `One million people…` at a sentence start stays in words.
        if at_sentence_start(text, start) {
            continue;
        }
        out.push(message_fix(
            start..end,
            format!("use figures for {what}: `{value}`, not `{}`", n.as_str()),
            value.to_string(),
        ));
    }
}

fn check(ctx: &Context) -> Vec<Diagnostic> {
    let Some(pack) = style::pack(ctx.settings.style) else { return Vec::new() };
    let below = pack.numerals.spell_out_below;
    let draft = ctx.draft;
    let mut english = English::new(draft.text);
    let mut out = Vec::new();
    let mut headlines = LineMemo::default();
    check_figures(draft, below, &mut english, &mut headlines, &mut out);
    check_spelled_large(draft, below, &mut english, &mut headlines, &mut out);
    check_spelled_exceptions(draft, &mut english, &mut headlines, &mut out);
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
    fn words_and_figures_convert_both_ways() {
        for n in 0..100 {
            assert_eq!(from_words(&in_words(n).unwrap()), Some(n));
        }
        assert_eq!(from_words("Twenty-Five"), Some(25));
        assert_eq!(from_words("twenty-zero"), None);
    }

    #[test]
    fn flags_small_figures_large_words_and_sentence_starts() {
        assert_marked_with(
            &META,
            &ap(),
            "The storm damaged 4 homes and left twelve families without power.\n                  ^                ^^^^^^\n",
        );
        assert_marked_with(&META, &ap(), "Officials said 15 people died. 12 people were hurt.\n                               ^^\n");
        assert_marked_with(&META, &ap(), "She has a five-year-old son and owns five percent of it.\n          ^^^^                       ^^^^\n");
        assert_marked_with(&META, &ap(), "The girl, aged five, and two million others.\n               ^^^^      ^^^\n");
        assert_marked_with(&META, &ap(), "They waited for fifteen minutes and twenty-five days.\n                ^^^^^^^             ^^^^^^^^^^^\n");
    }

    #[test]
    fn does_not_flag_ap_exceptions() {
        assert_clean_with(
            &META,
            &ap(),
            &[
                "The boy is 5 years old and his sister is a 3-year-old.",
                "Turnout rose 5% and then 5 percent; tickets cost $5 or 5 cents.",
                "The room is 9 feet wide and the parcel weighs 3 pounds.",
                "The car reached 9 mph in 4 seconds.",
                "The Yankees won 5-3 and the council voted 7 to 2.",
                "One in 5 adults agreed, a ratio of 2 to 1.",
                "The meeting starts at 5 p.m. and ends at 5:30 in the evening.",
                "It happened on May 5 and again on Jan. 3 last year.",
                "They are ranked No. 1 in the country.",
                "He lives at 5 Main St. with his parents.",
                "She scored 3 goals and 5 points in the game.",
                "The city has 5 million residents.",
                "Game 7 is on Route 9 near the iPhone 6 display and Chapter 3 of the book.",
                "Between 5 and 10 people came, or 3 or 12, it is unclear.",
                "The rate was 2.5 and rose to 3/4 of the total, 5-10 times more.",
                "Storm damages 4 homes in northern county",
                "Nine people were hurt and the seven survivors were treated.",
                "They watched Ocean's Eleven and Twelve Angry Men on the flight.",
                "Twenty people attended the meeting.",
                "2019 was a very good year for the company.",
                "It had 10 branches and 35 staff across the region.",
            ],
        );
    }

    #[test]
    fn fixes_are_unsafe_and_write_the_number() {
        let fixes = offered_fixes_with(&META, &ap(), "They found 4 cars and twelve trucks.");
        assert_eq!(
            fixes,
            [
                (Applicability::Unsafe, "They found four cars and twelve trucks.".to_string()),
                (Applicability::Unsafe, "They found 4 cars and 12 trucks.".to_string()),
            ]
        );
        let fixes = offered_fixes_with(&META, &ap(), "Officials met. 15 people died.");
        assert_eq!(fixes, [(Applicability::Unsafe, "Officials met. Fifteen people died.".to_string())]);
        // Unsafe fixes are not applied by fix-all, so the text is unchanged and converges.
        assert_fix_with(&META, &ap(), "They found 4 cars.", "They found 4 cars.");
    }

    #[test]
    fn no_pack_no_findings() {
        assert_clean(&META, &["They found 4 cars and twelve trucks."]);
    }
}
