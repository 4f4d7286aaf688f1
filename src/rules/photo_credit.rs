//! Flags a photo caption credit left in body copy.
//!
//! ## What it flags
//! A bracketed credit naming a photographer and an agency — `[File: Name/AFP]`,
//! `[Name/Reuters]`, `(Photo: Name/AP)`, `(AP Photo/Name)` — and a caption line ending in an
//! unbracketed credit such as `Photograph: Name/Getty Images`.
//!
//! ## Why
//! Captions and credits belong to the picture. Pasted into the story they read as part of the
//! text, and a credit for a picture the page will not carry is wrong.
//!
//! ## Example
//! ```text
//! Rescuers search the rubble in Antakya [File: Jane Doe/AFP]
//! ```
//!
//! ## Fix
//! Unsafe: removes the credit. Whether the caption itself stays is the editor's call.
//!
//! ## Not flagged
//! - Attribution to an agency in a sentence: `according to AFP`, `Reuters reported`.
//! - A `Source: Al Jazeera and news agencies` line.

use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::{Edit, Fix};
use crate::rules::{Context, FixAvailability, RuleMeta};

/// Registry entry.
pub static META: RuleMeta = RuleMeta {
    name: "photo-credit",
    code: "CD104",
    summary: "A photo caption credit left in body copy",
    default_severity: Severity::Info,
    default_enabled: true,
    style_pack: false,
    fix: FixAvailability::Unsafe,
    unnecessary: false,
    source: include_str!("photo_credit.rs"),
    check,
};

/// Photo agencies and credit words that follow the slash in a credit.
const AGENCY: &str = r"(?:AFP|Reuters|AP|Getty Images|Getty|EPA|EPA-EFE|Anadolu(?: Agency)?|Xinhua|Bloomberg|Shutterstock|Alamy|PA(?: Images| Wire)?|AAP|Sipa(?: USA)?|NurPhoto|SOPA Images|ZUMA(?: Press| Wire)?|Pool|Handout|Kyodo|Yonhap|TASS|Sputnik|UPI|dpa|DPA|ANSA|Al Jazeera|AP Photo|Associated Press|LightRocket|Redux|The New York Times|WireImage|Bloomberg via Getty Images|AFP via Getty Images)";

static BRACKETED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\s*(?:\[[^\[\]\n]{{1,80}}/\s*{AGENCY}[^\[\]\n]{{0,30}}\]|\((?:(?:File|Photo|Photograph|Picture|Image|Credit)s?(?: by)?:\s*)?[^()\n]{{1,80}}/\s*{AGENCY}[^()\n]{{0,30}}\)|\((?:AP|AFP|Reuters) Photo(?:/[^()\n]{{1,60}})?\))"
    ))
    .unwrap()
});

static TRAILING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\s*(?:Photo|Photograph|Picture|Image|Credit)s?(?: by)?:\s*[^\n/:]{{1,60}}/\s*{AGENCY}\.?\s*$"
    ))
    .unwrap()
});

/// What every credit contains: a slash before an agency name, or `(AP Photo`-style text. A
/// small pattern that finds the few candidate lines in one pass; the two patterns above (slow
/// to compile, with their long bounded repeats) run only on those lines and are built only
/// when a draft has one.
static CANDIDATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"/\s*{AGENCY}|(?:AP|AFP|Reuters) Photo")).unwrap());

/// True when `line` carries a photo credit (bracketed, or trailing a caption): such a line is
/// a caption of the story, which other rules must treat as copy.
///
/// Both full patterns contain what [`CANDIDATE`] matches, so it is tried first: most lines
/// have no credit, and the full patterns are then never compiled.
pub(crate) fn has_credit(line: &str) -> bool {
    CANDIDATE.is_match(line) && (BRACKETED.is_match(line) || TRAILING.is_match(line))
}

fn check(ctx: &Context) -> Vec<Diagnostic> {
    let draft = ctx.draft;
    let mut out = Vec::new();
    for i in draft.lines_at(CANDIDATE.find_iter(draft.text).map(|m| m.start())) {
        let line = &draft.lines()[i];
        let text = draft.line_text(i);
        let mut hits: Vec<std::ops::Range<usize>> = BRACKETED.find_iter(text).map(|m| m.range()).collect();
        if hits.is_empty() {
            hits.extend(TRAILING.find(text).map(|m| m.range()));
        }
        for r in hits {
            let removal = line.start + r.start..line.start + r.end;
            let visible = text[r.clone()].trim_start();
            let span = removal.end - visible.len()..removal.end;
            out.push(
                META.diagnostic(span, format!("photo credit `{}` in body copy", visible.trim()))
                    .with_fix(Fix::unsafe_("Remove photo credit", Edit::delete(removal))),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::Applicability;
    use crate::rules::testing::*;

    #[test]
    fn flags_bracketed_and_trailing_credits() {
        assert_marked(&META, "Rescuers search the rubble [File: Jane Doe/AFP]\n                           ^^^^^^^^^^^^^^^^^^^^\n");
        assert_marked(&META, "Protesters march [Omar Haddad/Reuters]\n                 ^^^^^^^^^^^^^^^^^^^^^\n");
        assert_marked(&META, "A voter casts a ballot (Photo: Ann Lee/AP)\n                       ^^^^^^^^^^^^^^^^^^^\n");
        assert_marked(&META, "The harbour at dawn. Photograph: Tom Fox/Getty Images\n                     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n");
    }

    #[test]
    fn does_not_flag_attribution_or_source_lines() {
        assert_clean(
            &META,
            &[
                "The death toll rose to 12, according to AFP.",
                "Reuters reported the deal on Monday.",
                "Source: Al Jazeera and news agencies",
                "Prices rose 5 percent (year on year).",
            ],
        );
    }

    #[test]
    fn fix_is_unsafe_and_never_applied_in_bulk() {
        let text = "Rescuers search the rubble [File: Jane Doe/AFP]\n";
        assert_eq!(offered_fixes(&META, text), [(Applicability::Unsafe, "Rescuers search the rubble\n".to_string())]);
        assert_fix(&META, text, text);
    }
}
