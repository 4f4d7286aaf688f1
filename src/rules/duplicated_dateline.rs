//! Flags a date, time or dateline phrase repeated back to back, as web pages print it when a
//! visible date and a screen-reader or machine-readable copy are flattened into one line.
//!
//! ## What it flags
//! The second of two identical date or time phrases that follow each other on one line, glued
//! or separated only by spaces or punctuation: `Published On 21 Jan 202521 Jan 2025`,
//! `Updated Jan. 21, 2025 10:02 a.m.Jan. 21, 2025 10:02 a.m.`, `3 hours ago3 hours ago`.
//!
//! ## Why
//! A CMS or a copied web page often carries the publication date twice: once for readers and
//! once in a hidden element. Flattened into text, the two copies are glued together, and the
//! doubled date reads as a typo in the dateline.
//!
//! ## Example
//! ```text
//! Published On 21 Jan 202521 Jan 2025
//! ```
//! becomes `Published On 21 Jan 2025`.
//!
//! ## Fix
//! Safe: deletes the second copy and whatever separated it from the first.
//!
//! ## Not flagged
//! - Different dates or times: `21 Jan 2025 – 22 Jan 2025`, `from 2024 to 2025`.
//! - A normal wire dateline: `MOSCOW, Jan. 21 (Reuters) -`.
//! - The same date on two different lines.

use std::sync::LazyLock;

use regex_automata::meta::{Config, Regex};
use regex_automata::{Anchored, Input, Match};

use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::{Edit, Fix};
use crate::rules::{Context, FixAvailability, RuleMeta};

/// Registry entry.
pub static META: RuleMeta = RuleMeta {
    name: "duplicated-dateline",
    code: "CD101",
    summary: "A date, time or dateline phrase repeated back to back",
    default_severity: Severity::Warning,
    default_enabled: true,
    style_pack: false,
    fix: FixAvailability::Safe,
    unnecessary: true,
    source: include_str!("duplicated_dateline.rs"),
    check,
};

const MONTH: &str = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";

/// One date, time or dateline phrase. Group `core` is what two copies must share; an optional
/// label such as `Published On` stands before it. Digits are ASCII `[0-9]`: a Unicode `\d`,
/// repeated this often, makes the regex several times slower to compile, which every cold
/// `copydesk check` pays. No word boundary is required at the start,
/// because the second copy is usually glued to the first (`202521 Jan`).
static PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    let weekday = r"(?:(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|nesday|sday|urday|rsday)?\.?,? )?";
    let time = r"[0-9]{1,2}[:.][0-9]{2}(?::[0-9]{2})? ?(?:[aApP]\.?[mM]\.?)?(?: ?(?:GMT|UTC|ET|EST|EDT|PT|PST|PDT|BST|CET|CEST|IST|AEST|AEDT)(?:[+-][0-9]{1,2}(?::?[0-9]{2})?)?)?";
    let core = [
        // 21 Jan 2025, 21st January 2025 (with an optional time)
        format!(r"{weekday}[0-9]{{1,2}}(?:st|nd|rd|th)? {MONTH}\.? [0-9]{{4}}(?:,? (?:at )?{time})?"),
        // Jan. 21, 2025 (with an optional time)
        format!(r"{weekday}{MONTH}\.? [0-9]{{1,2}}(?:st|nd|rd|th)?,? [0-9]{{4}}(?:,? (?:at )?{time})?"),
        // 2025-01-21, 2025-01-21T10:02Z
        r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2})?Z?)?".to_string(),
        // 21/01/2025
        r"[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}".to_string(),
        // 3 hours ago
        r"[0-9]+ (?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?) ago".to_string(),
        // 10:02 a.m. ET
        time.to_string(),
        // MOSCOW, Jan. 21 (Reuters) -
        format!(r"(?-u:\b)[A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+)*, {MONTH}\.? [0-9]{{1,2}} \([A-Za-z]+\) ?[-–—]"),
    ]
    .join("|");
    let label = r"(?:(?i:published|updated|last updated|posted|first published|modified)(?: (?i:on|at))?:? )?";
    // The regex-automata builder, not `regex::Regex::new`, to switch literal prefilters off:
    // extracting them from these alternations costs more at start-up than a whole check of a
    // small draft, and the lazy DFA scans the text fast enough without one.
    Regex::builder()
        .configure(Config::new().auto_prefilter(false))
        .build(&format!(r"(?P<label>{label})(?P<core>{core})"))
        .expect("the date pattern is valid (checked by tests)")
});

/// What may stand between two copies: nothing, spaces, or punctuation, on one line.
fn is_separator(s: &str) -> bool {
    s.chars().all(|c| {
        (c.is_whitespace() && c != '\n' && c != '\r') || matches!(c, '|' | '·' | '•' | '-' | '–' | '—' | ',' | ';' | '/' | ':')
    })
}

fn check(ctx: &Context) -> Vec<Diagnostic> {
    let text = ctx.draft.text;
    let mut out = Vec::new();
    // One search over the whole text: a phrase never contains a line break, and the separator
    // test below rejects one, so each pair found here lies on one line — the same pairs a
    // line-by-line search finds, without a regex call per line. Capture groups (slow) are
    // resolved only for the rare pairs that are adjacent.
    let matches: Vec<Match> = PHRASE.find_iter(text).collect();
    for pair in matches.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if !is_separator(&text[a.end()..b.start()]) {
            continue;
        }
        let (Some(a_core), Some(b_core)) = (core_of(text, a), core_of(text, b)) else { continue };
        if a_core != b_core {
            continue;
        }
        let second = b.range();
        let removal = a.end()..second.end;
        out.push(
            META.diagnostic(second, format!("duplicated date: `{b_core}` repeats the date just before it"))
                .with_fix(Fix::safe("Remove the repeated date", Edit::delete(removal))),
        );
    }
    out
}

/// The `core` group of a match `find_iter` returned, resolved on that span only.
fn core_of(text: &str, m: Match) -> Option<&str> {
    let mut caps = PHRASE.create_captures();
    PHRASE.search_captures(&Input::new(text).span(m.range()).anchored(Anchored::Yes), &mut caps);
    if caps.get_match().map(|whole| whole.range()) != Some(m.range()) {
        return None;
    }
    caps.get_group_by_name("core").map(|span| &text[span.range()])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn flags_glued_and_spaced_copies() {
        assert_marked(
            &META,
            "Published On 21 Jan 202521 Jan 2025\n                        ^^^^^^^^^^^\n",
        );
        assert_marked(
            &META,
            "Updated Jan. 21, 2025 10:02 a.m.Jan. 21, 2025 10:02 a.m.\n                                ^^^^^^^^^^^^^^^^^^^^^^^^\n",
        );
        assert_marked(&META, "3 hours ago3 hours ago\n           ^^^^^^^^^^^\n");
        assert_marked(&META, "Posted 2025-01-21 | 2025-01-21\n                    ^^^^^^^^^^\n");
    }

    #[test]
    fn does_not_flag_different_dates_or_wire_datelines() {
        assert_clean(
            &META,
            &[
                "Prices rose from 2024 to 2025.",
                "The festival runs 21 Jan 2025 – 22 Jan 2025.",
                "MOSCOW, Jan. 21 (Reuters) - Russia said on Tuesday that talks would resume.",
                "Published On 21 Jan 2025\n21 Jan 2025",
                "He met her at 10:02 a.m. and left at 11:15 a.m.",
                "Updated 3 hours ago",
            ],
        );
    }

    #[test]
    fn fix_removes_the_second_copy_only() {
        assert_fix(&META, "Published On 21 Jan 202521 Jan 2025\nText.\n", "Published On 21 Jan 2025\nText.\n");
        assert_fix(&META, "Updated 3 hours ago 3 hours ago", "Updated 3 hours ago");
    }
}
