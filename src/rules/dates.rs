//! Flags dates written against the pack's date style: AP's `Jan. 21, 2025`, the international
//! pack's `21 January 2025`.
//!
//! ## What it flags
//! Everything comes from the pack's `[dates]` table (`order`, `ordinals`, `with_day`):
//! - a month written the wrong way next to a day: with the AP pack `January 21` → `Jan. 21`,
//!   `Mar. 3` → `March 3` (March to July are never abbreviated), `Sep. 9` → `Sept. 9`; with
//!   the international pack every month is written in full;
//! - an ordinal day: `March 3rd` → `March 3`;
//! - day and month in the other order: with the AP pack `21 January 2025` →
//!   `Jan. 21, 2025`; with the international pack `January 21, 2025` → `21 January 2025`;
//! - an abbreviated month without a day: `Jan. 2025` → `January 2025`, `in Sept.` →
//!   `in September`.
//!
//! ## Why
//! Dates are in almost every story, and a desk writes them one way. Readers notice a
//! `March 3rd` next to a `Jan. 21`.
//!
//! ## Example
//! ```text
//! The law takes effect January 21st, and the vote was held in Aug. 2024.
//! ```
//! becomes, with `style = "ap"`, `The law takes effect Jan. 21, and the vote was held in
//! August 2024.`
//!
//! ## Fix
//! Safe outside direct quotes where the rewrite is mechanical and the date is certain: a
//! month name or abbreviation followed by a day number (1–31) or a four-digit year, or a day
//! number followed by a month name — the month's form, the ordinal suffix and the order of
//! day and month. Unsafe inside quotes; for a month after a preposition followed by a number
//! and a noun (`in January 21 soldiers died` may be a month and a count); and for a month
//! abbreviation standing alone (`in Jan.`), where the period may also end the sentence.
//!
//! ## Not flagged
//! - Months that are names or words: `Theresa May 10 years ago`, `April Ryan 5`, `to mar`.
//! - Months in capitals (`JAN. 21`, a wire dateline) and day ranges in the other order
//!   (`21-23 January`).
//! - Numbers that are not days: `March 2025`, `May 35`, `January 2.5`.
//! - A month alone or with a year written in full: `January`, `January 2025`.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostic::{Diagnostic, Severity};
use crate::draft::Draft;
use crate::fix::{Edit, Fix};
use crate::rules::prose::{char_at, prev_word, LineMemo};
use crate::rules::{Context, FixAvailability, RuleMeta};
use crate::style::{self, DateOrder, Pack, MONTHS};

/// Registry entry.
pub static META: RuleMeta = RuleMeta {
    name: "dates",
    code: "CD203",
    summary: "A date against the house date style (Jan. 21, 2025 / 21 January 2025; no ordinals)",
    default_severity: Severity::Warning,
    default_enabled: false,
    style_pack: true,
    fix: FixAvailability::Sometimes,
    unnecessary: false,
    source: include_str!("dates.rs"),
    check,
};

/// A month as written: full names and the abbreviations writers use (with or without a
/// period, which the patterns capture separately).
const MONTH: &str = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)";

/// `January 21`, `Jan. 21st, 2025`.
static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?-u:\b){MONTH} (?P<day>[1-9]|[12][0-9]|3[01])(?P<ord>st|nd|rd|th)?(?-u:\b)(?:(?P<sep>,? )(?P<year>[12][0-9]{{3}})(?-u:\b))?"))
        .unwrap()
});

/// `21 January 2025`, `21st of January`.
static DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?-u:\b)(?P<day>[1-9]|[12][0-9]|3[01])(?P<ord>st|nd|rd|th)? (?:of )?{MONTH}(?:(?P<sep>,? )(?P<year>[12][0-9]{{3}})(?-u:\b))?"))
        .unwrap()
});

/// `Jan. 2025`, `in Sept.`: an abbreviation with a year, or after a word that introduces a
/// month on its own.
static MONTH_ALONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?P<month>Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.(?: (?P<year>[12][0-9]{3})(?-u:\b))?").unwrap()
});

/// Full month name for a written month (`Sep` → `September`).
fn full_month(written: &str) -> Option<&'static str> {
    let written = written.trim_end_matches('.');
    let written = if written == "Sept" { "Sep" } else { written };
    MONTHS.iter().copied().find(|m| m.starts_with(written) && (written.len() >= 3))
}

/// Months that are also given names or common words: before a day they are dates only when
/// the word before them is not a capitalised name (`Theresa May 10`).
fn is_name_like(month: &str) -> bool {
    matches!(month, "April" | "May" | "June" | "August")
}

/// Words after a day number that show it is not a day: `May 10 years ago`.
fn is_not_a_day(text: &str, end: usize) -> bool {
    let rest = text[end..].trim_start_matches(' ');
    let word: String = rest.chars().take_while(|c| c.is_alphabetic()).collect::<String>().to_lowercase();
    matches!(
        word.as_str(),
        "years" | "year" | "days" | "months" | "weeks" | "hours" | "minutes" | "percent" | "per" | "people" | "points"
            | "million" | "billion" | "times" | "of"
    ) || text[end..].starts_with(['%', ':', '-', '–', '/']) && !text[end..].starts_with("- ")
        || text[end..].starts_with('.') && char_at(text, end + 1).is_some_and(|c| c.is_ascii_digit())
        || text[end..].starts_with(',') && char_at(text, end + 1).is_some_and(|c| c.is_ascii_digit())
}

/// True when a month after a preposition is followed by a number and a content word: `in
/// January 21 soldiers died` may be a month and a count rather than a date, so the fix is
/// left to the editor.
fn may_be_a_count(text: &str, start: usize, end: usize) -> bool {
    let after_preposition = prev_word(text, start).is_some_and(|(_, p)| BEFORE_MONTH_ALONE.contains(&p.to_lowercase().as_str()));
    let next = text[end..].strip_prefix(' ').map(|r| r.split(|c: char| !c.is_alphabetic()).next().unwrap_or(""));
    after_preposition && next.is_some_and(|w| w.starts_with(char::is_lowercase) && !crate::lang::is_function_word(w))
}

/// How the pack writes a month with a day, and the whole date.
fn written_date(pack: &Pack, month: &str, day: &str, year: Option<&str>) -> String {
    match pack.dates.order {
        DateOrder::MonthDay => {
            let m = pack.month_with_day(month);
            match year {
                Some(y) => format!("{m} {day}, {y}"),
                None => format!("{m} {day}"),
            }
        }
        DateOrder::DayMonth => {
            let m = pack.month_with_day(month);
            match year {
                Some(y) => format!("{day} {m} {y}"),
                None => format!("{day} {m}"),
            }
        }
    }
}

fn fix(draft: &Draft, range: &Range<usize>, title: String, edit: Edit, certain: bool) -> Fix {
    if certain && !draft.in_quote(range) {
        Fix::safe(title, edit)
    } else {
        Fix::unsafe_(title, edit)
    }
}

/// True when a month that is also a name follows a capitalised word: `Theresa May 10`.
fn preceded_by_name(text: &str, start: usize, written: &str) -> bool {
    if !is_name_like(written) {
        return false;
    }
    let Some((p_start, p)) = prev_word(text, start) else { return false };
    let same_line = !text[p_start..start].contains(['\n', '\r']);
    same_line && p.chars().next().is_some_and(char::is_uppercase) && !text[..start].trim_end().ends_with(['.', ',', '(', ':'])
}

/// True when line `i` is the signature of an embedded social-media post
/// (`— Name (@handle) November 18, 2019`): quoted material, not the desk's copy.
fn in_embed_signature(draft: &Draft, i: usize) -> bool {
    let line = draft.line_text(i).trim_start();
    (line.starts_with('—') || line.starts_with("--") || line.starts_with('–')) && line.contains("(@")
}

fn check_month_day(draft: &Draft, pack: &Pack, taken: &mut Vec<Range<usize>>, out: &mut Vec<Diagnostic>) {
    let text = draft.text;
    let mut signatures = LineMemo::default();
    for c in MONTH_DAY.captures_iter(text) {
        let whole = c.get(0).unwrap();
        let m = c.name("month").unwrap();
        let Some(full) = full_month(m.as_str()) else { continue };
        let day = c.name("day").unwrap();
        let ord = c.name("ord");
        let year = c.name("year").map(|y| y.as_str());
        let end = ord.map_or(day.end(), |o| o.end());
        if c.name("year").is_none() && is_not_a_day(text, end)
            || preceded_by_name(text, whole.start(), m.as_str())
            || signatures.get(draft, whole.start(), |i| in_embed_signature(draft, i))
        {
            continue;
        }
        taken.push(whole.range());
        let certain = year.is_some() || !may_be_a_count(text, whole.start(), end);
        match pack.dates.order {
            DateOrder::DayMonth => {
                let right = written_date(pack, full, day.as_str(), year);
                let range = whole.range();
                let message = format!("{}: write the day before the month: `{right}`", pack.title);
                let f = fix(draft, &range, format!("Write `{right}`"), Edit::replace(range.clone(), right), certain);
                out.push(META.diagnostic(range, message).with_fix(f));
            }
            DateOrder::MonthDay => {
                let right = pack.month_with_day(full);
                if m.as_str() != right {
                    let range = m.range();
                    let message = if right.ends_with('.') {
                        format!("{}: abbreviate {full} as `{right}` before a day", pack.title)
                    } else {
                        format!("{}: write `{right}` in full, never abbreviated", pack.title)
                    };
                    let f = fix(draft, &range, format!("Write `{right}`"), Edit::replace(range.clone(), right), certain);
                    out.push(META.diagnostic(range, message).with_fix(f));
                }
                if let (Some(o), false) = (ord, pack.dates.ordinals) {
                    let range = o.range();
                    let message = format!("{}: no ordinal after a month: `{full} {}`", pack.title, day.as_str());
                    let f = fix(draft, &range, format!("Remove `{}`", o.as_str()), Edit::delete(range.clone()), true);
                    out.push(META.diagnostic(range, message).with_fix(f));
                }
            }
        }
    }
}

fn check_day_month(draft: &Draft, pack: &Pack, taken: &mut Vec<Range<usize>>, out: &mut Vec<Diagnostic>) {
    let text = draft.text;
    let month_day = taken.clone();
    let mut signatures = LineMemo::default();
    for c in DAY_MONTH.captures_iter(text) {
        let whole = c.get(0).unwrap();
        if overlaps(&month_day, &whole.range()) {
            continue;
        }
        let m = c.name("month").unwrap();
        let Some(full) = full_month(m.as_str()) else { continue };
        let day = c.name("day").unwrap();
        let year = c.name("year").map(|y| y.as_str());
        // A range or a glued number before the day (`21-23 January`, `2.5 May`) is not a plain date.
        if text[..whole.start()].ends_with(['-', '–', '.', ',', '/', '$', '£', '€']) {
            continue;
        }
        // `10 May` after a number word or in a count (`scored 10 May goals`) is rare; a month
        // abbreviation without a period must be followed by a year or punctuation to count.
        let abbreviated = m.as_str() != full;
        if abbreviated && !m.as_str().ends_with('.') && year.is_none() {
            let after = char_at(text, m.end());
            if after.is_some_and(|ch| ch.is_alphanumeric()) {
                continue;
            }
        }
        if full == "May" && year.is_none() {
            // `the 2 May be` cannot be told from a date without a year; skip.
            let next = text[m.end()..].trim_start();
            if next.starts_with(|ch: char| ch.is_lowercase()) {
                continue;
            }
        }
        taken.push(whole.range());
        if signatures.get(draft, whole.start(), |i| in_embed_signature(draft, i)) {
            continue;
        }
        let right = written_date(pack, full, day.as_str(), year);
        let written = whole.as_str();
        if written == right {
            continue;
        }
        let range = whole.range();
        let message = match pack.dates.order {
            DateOrder::MonthDay => format!("{}: write the month before the day: `{right}`", pack.title),
            DateOrder::DayMonth if c.name("ord").is_some() => format!("{}: no ordinal in a date: `{right}`", pack.title),
            DateOrder::DayMonth => format!("{}: write the month in full: `{right}`", pack.title),
        };
        let f = fix(draft, &range, format!("Write `{right}`"), Edit::replace(range.clone(), right), true);
        out.push(META.diagnostic(range, message).with_fix(f));
    }
}

/// Words after which an abbreviated month stands alone (`in Jan.`).
const BEFORE_MONTH_ALONE: &[&str] =
    &["in", "since", "until", "till", "by", "during", "early", "late", "mid", "last", "next", "this", "from", "through", "of", "since"];

fn check_month_alone(draft: &Draft, pack: &Pack, taken: &[Range<usize>], out: &mut Vec<Diagnostic>) {
    let text = draft.text;
    for c in MONTH_ALONE.captures_iter(text) {
        let whole = c.get(0).unwrap();
        if overlaps(taken, &whole.range()) {
            continue;
        }
        let m = c.name("month").unwrap();
        let Some(full) = full_month(m.as_str()) else { continue };
        let with_year = c.name("year").is_some();
        if !with_year {
            let Some((_, p)) = prev_word(text, whole.start()) else { continue };
            if !BEFORE_MONTH_ALONE.contains(&p) {
                continue;
            }
        }
        let dot = m.end()..m.end() + 1;
        // With a year, `Jan. 2025` → `January 2025` is certain. Alone, the period may end the
        // sentence too: keep it when a new sentence or the end of the text follows.
        let after = text[dot.end..].trim_start_matches(' ');
        let ends_sentence = !with_year && (after.is_empty() || after.starts_with(|ch: char| ch.is_uppercase() || ch == '\n'));
        let (range, replacement) = if ends_sentence { (m.range(), full.to_string()) } else { (m.start()..dot.end, full.to_string()) };
        let message = format!("{}: write `{full}` in full without a day", pack.title);
        let f = fix(draft, &range, format!("Write `{full}`"), Edit::replace(range.clone(), replacement), with_year);
        out.push(META.diagnostic(m.start()..dot.end, message).with_fix(f));
    }
}

/// True when `range` overlaps one of `sorted` (ranges sorted by start, not overlapping).
fn overlaps(sorted: &[Range<usize>], range: &Range<usize>) -> bool {
    let i = sorted.partition_point(|r| r.end <= range.start);
    sorted.get(i).is_some_and(|r| r.start < range.end)
}

fn check(ctx: &Context) -> Vec<Diagnostic> {
    let Some(pack) = style::pack(ctx.settings.style) else { return Vec::new() };
    let mut out = Vec::new();
    let mut taken = Vec::new();
    check_month_day(ctx.draft, pack, &mut taken, &mut out);
    check_day_month(ctx.draft, pack, &mut taken, &mut out);
    taken.sort_by_key(|r| (r.start, r.end));
    check_month_alone(ctx.draft, pack, &taken, &mut out);
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

    fn intl() -> Settings {
        Settings { style: Style::International, ..Settings::default() }
    }

    #[test]
    fn ap_flags_month_forms_ordinals_order_and_abbreviations_alone() {
        assert_marked_with(&META, &ap(), "It starts January 21 and ends Mar. 3rd.\n          ^^^^^^^             ^^^^  ^^\n");
        assert_marked_with(&META, &ap(), "Filed on 21 January 2025 and Sep. 9.\n         ^^^^^^^^^^^^^^^     ^^^^\n");
        assert_marked_with(&META, &ap(), "The vote was in Aug. 2024, not in Sept. It failed.\n                ^^^^              ^^^^^\n");
    }

    #[test]
    fn ap_leaves_correct_dates_names_and_non_dates_alone() {
        assert_clean_with(
            &META,
            &ap(),
            &[
                "It starts Jan. 21, 2025, and ends March 3.",
                "The festival runs in May and June, and in January 2025 it moved.",
                "Theresa May 10 years ago said no. April Ryan 5 was a headline.",
                "MOSCOW, JAN. 21 (Reuters) - Talks resumed.",
                "It was set for March 2025 and May 35 is not a day.",
                "The growth rate was 2.5 in January.",
                "Nov. 5, Dec. 25 and Sept. 11 are dates.",
                "Noblesville, IN\nAug. 2 -- Clarkston, MI\nAug. 4 -- Knoxville, TN",
                "— A Reader (@reader) November 18, 2019",
            ],
        );
    }

    #[test]
    fn international_pack_writes_day_month_year_in_full() {
        assert_marked_with(&META, &intl(), "It starts January 21, 2025 and Jan. 3.\n          ^^^^^^^^^^^^^^^^     ^^^^^^\n");
        assert_marked_with(&META, &intl(), "Filed on 21st January and 3 Jan 2024.\n         ^^^^^^^^^^^^     ^^^^^^^^^^\n");
        assert_clean_with(&META, &intl(), &["Filed on 21 January 2025 and 3 March.", "The 21-23 January summit."]);
    }

    #[test]
    fn fixes_are_safe_outside_quotes_and_converge() {
        assert_fix_with(
            &META,
            &ap(),
            "The law takes effect January 21st, and the vote was held in Aug. 2024.\n",
            "The law takes effect Jan. 21, and the vote was held in August 2024.\n",
        );
        assert_fix_with(&META, &ap(), "Filed on 21 January 2025.", "Filed on Jan. 21, 2025.");
        assert_fix_with(&META, &intl(), "Filed on January 21, 2025, at noon.", "Filed on 21 January 2025, at noon.");
        let count = offered_fixes_with(&META, &ap(), "In January 21 soldiers died.");
        assert_eq!(count, [(Applicability::Unsafe, "In Jan. 21 soldiers died.".to_string())]);
        assert_fix_with(&META, &ap(), "In January 21 was set as the day.", "In Jan. 21 was set as the day.");
        let inside = offered_fixes_with(&META, &ap(), "“It ends January 21,” she said.");
        assert_eq!(inside, [(Applicability::Unsafe, "“It ends Jan. 21,” she said.".to_string())]);
        let alone = offered_fixes_with(&META, &ap(), "It closed in Sept. Then it reopened in Oct., briefly.");
        assert_eq!(
            alone,
            [
                (Applicability::Unsafe, "It closed in September. Then it reopened in Oct., briefly.".to_string()),
                (Applicability::Unsafe, "It closed in Sept. Then it reopened in October, briefly.".to_string()),
            ]
        );
    }

    #[test]
    fn no_pack_no_findings() {
        assert_clean(&META, &["It starts January 21st."]);
    }
}
