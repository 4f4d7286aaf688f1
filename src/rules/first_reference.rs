//! Flags references to people that break AP's first-reference and second-reference style.
//!
//! ## What it flags
//! - A surname alone (`Ushakov said`) before the story names the person in full (`Kremlin
//!   aide Yuri Ushakov`): the first reference should be the full name. For someone in a
//!   names list the full name is known, so a surname alone with no full mention anywhere in
//!   the story is flagged too.
//! - The full name repeated after the first reference (`Yuri Ushakov` again, two paragraphs
//!   on): later references use the surname alone.
//! - A courtesy title on a later reference (`Mr. Ushakov`, `Ms. Delgado`): AP uses none.
//!
//! ## Why
//! AP style, followed by most English-language newsrooms: a person is introduced once by full
//! name (and title or role), then called by surname. A surname before the introduction leaves
//! the reader guessing who is meant; a full name repeated reads as a new person; courtesy
//! titles are out of AP style (other house styles keep them: turn this rule off there).
//!
//! ## Example
//! ```text
//! Ushakov said talks would resume. Kremlin foreign policy aide Yuri Ushakov spoke in Moscow.
//! Later, Yuri Ushakov added that Mr. Ushakov's office would publish a statement.
//! ```
//!
//! ## Fix
//! Unsafe, always (which reference should carry the full name is the editor's call): the
//! surname-first finding offers the full name in its place; a repeated full name offers the
//! surname; a courtesy title offers its removal.
//!
//! ## Not flagged
//! - Anything inside a direct quote: a quote is what the speaker said.
//! - Paragraphs in another language, and names known only by their shape (two capitalised
//!   words with no title, role, given name or speech verb to say they are a person's).
//! - Headline-like lines (a short line standing alone, without a full stop), where surnames
//!   alone are the norm: `Ushakov: talks to resume`.
//! - A full name repeated when another person in the story has the same surname (`Myles
//!   Garrett` and `Jim Garrett`): the full name is how the reader tells them apart.
//! - People known by one name or by a title and name (`Pope Leo XIV`, `King Charles III`).
//! - Words that only look like names at the start of a sentence (`Recommended Stories`).

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, Severity};
use crate::draft::Draft;
use crate::entities::{gazetteer, Entity, Evidence, MentionForm, Source};
use crate::fix::{Edit, Fix};
use crate::rules::{Context, FixAvailability, RuleMeta};

/// Registry entry.
pub static META: RuleMeta = RuleMeta {
    name: "first-reference",
    code: "CD302",
    summary: "A surname before the full name, a full name repeated, or a courtesy title on a later reference",
    default_severity: Severity::Info,
    default_enabled: false,
    style_pack: true,
    fix: FixAvailability::Unsafe,
    unnecessary: false,
    source: include_str!("first_reference.rs"),
    check,
};

/// A short line standing alone without a full stop: a headline, a kicker, a caption label.
fn headline_like(draft: &Draft, offset: usize) -> bool {
    let para = draft.paragraph_at(offset);
    let text = draft.text[para.clone()].trim();
    let single_line = draft.line_index(para.start) == draft.line_index(para.end);
    single_line && text.split_whitespace().count() <= 12 && !text.ends_with(['.', '"', '”', '?', '!', ':', ',', ';'])
}

/// The full name and the second-reference form of person `e`, and whether the person is
/// known by a single name or a title and name (for whom surname rules do not apply).
fn forms(ctx: &Context, e: &Entity) -> (String, String, bool) {
    let (full, short) = match e.source {
        Source::NamesList(row) => match gazetteer::person(row) {
            Some(p) => (p.name.to_string(), p.surname.to_string()),
            None => (e.name.clone(), e.surname.clone().unwrap_or_default()),
        },
        Source::DeskList(i) => match ctx.settings.desk_names.people().get(i) {
            Some(p) => (p.name.clone(), p.surname.clone()),
            None => (e.name.clone(), e.surname.clone().unwrap_or_default()),
        },
        _ => (e.name.clone(), e.surname.clone().unwrap_or_default()),
    };
    // `Pope Leo XIV` → `Leo`, `King Charles III` → `Charles`, `Dalai Lama`: no given name
    // and surname pair, so no surname-first or repetition rule.
    let first_word = full.split_whitespace().next().unwrap_or("");
    let titled = crate::entities::cues::is(first_word, crate::entities::cues::TITLE);
    let single = full.split_whitespace().count() < 2 || short.is_empty() || short == full || titled;
    (full, short, single)
}

fn check(ctx: &Context) -> Vec<Diagnostic> {
    let draft = ctx.draft;
    let text = draft.text;
    let index = ctx.entities();
    // Surnames shared by two people of the story: full names tell them apart.
    let mut surname_count: HashMap<String, usize> = HashMap::new();
    for e in index.people() {
        let (_, short, _) = forms(ctx, e);
        *surname_count.entry(short.to_lowercase()).or_default() += 1;
    }
    let mut out = Vec::new();
    for e in index.people() {
        let (full, short, single) = forms(ctx, e);
        // Names known only by their shape (`Apple Airpods`) may be no person at all.
        if single || e.evidence == Evidence::Shape {
            continue;
        }
        let shared = surname_count.get(&short.to_lowercase()).copied().unwrap_or(0) > 1;
        let listed = matches!(e.source, Source::NamesList(_) | Source::DeskList(_));
        // Mentions that count: in prose, outside quotes and headline-like lines.
        let counted: Vec<_> = e
            .mentions
            .iter()
            .filter(|m| {
                !draft.in_quote(&m.range)
                    && !headline_like(draft, m.range.start)
                    && crate::lang::looks_english(&text[draft.paragraph_at(m.range.start)])
            })
            .collect();
        let is_full = |m: &&crate::entities::Mention| matches!(m.form, MentionForm::Full | MentionForm::Variant | MentionForm::Alias) && text[m.range.clone()].split_whitespace().count() >= 2;
        let first_full = counted.iter().position(is_full);
        // 1. Surname before the full name (or, for a listed person, with no full name at all).
        let before = match first_full {
            Some(p) => &counted[..p],
            None if listed => &counted[..],
            None => &counted[..0],
        };
        if !shared {
            if let Some(m) = before.iter().find(|m| m.form == MentionForm::Short) {
                let later = first_full.map(|p| draft.line_index(counted[p].range.start) + 1);
                let message = match later {
                    Some(line) => format!("first reference to {full} uses the surname alone; the full name comes later (line {line})"),
                    None => format!("first reference to {full} uses the surname alone"),
                };
                let range = m.courtesy.as_ref().map_or(m.range.clone(), |c| c.start..m.range.end);
                let fix = Fix::unsafe_(format!("Write `{full}` here"), Edit::replace(range.clone(), full.clone()));
                out.push(META.diagnostic(range, message).with_fix(fix));
            }
        }
        let Some(first) = first_full else { continue };
        for m in &counted[first + 1..] {
            // 2. The full name again.
            if is_full(m) && !shared {
                let message = format!("later references to {full} use the surname alone: `{short}`");
                let fix = Fix::unsafe_(format!("Write `{short}`"), Edit::replace(m.range.clone(), short.clone()));
                out.push(META.diagnostic(m.range.clone(), message).with_fix(fix));
                continue;
            }
            // 3. A courtesy title on a later reference.
            if let Some(c) = &m.courtesy {
                let title = text[c.clone()].trim_end();
                let message = format!("AP style uses no courtesy title (`{title}`) on later references: `{short}`");
                let fix = Fix::unsafe_(format!("Remove `{title}`"), Edit::delete(c.clone()));
                out.push(META.diagnostic(c.start..m.range.end, message).with_fix(fix));
            }
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
    fn flags_a_surname_before_the_full_name() {
        assert_marked(
            &META,
            "Ushakov said talks would resume. Kremlin foreign policy aide Yuri Ushakov spoke in Moscow.\n^^^^^^^\n",
        );
        assert_marked(
            &META,
            "Ben Salah said the catch was poor. \"It is bad,\" said Karim Ben Salah, a fisherman from Sfax.\n^^^^^^^^^\n",
        );
    }

    #[test]
    fn flags_a_listed_person_named_only_by_surname() {
        assert_marked(&META, "On Monday, President Putin said talks would resume.\n                     ^^^^^\n");
    }

    #[test]
    fn flags_a_repeated_full_name_and_later_courtesy_titles() {
        assert_marked(
            &META,
            "Police Chief Ken Scarlette said the suspect surrendered. Ken Scarlette added that Mr. Scarlette's team was safe.\n                                                         ^^^^^^^^^^^^^            ^^^^^^^^^^^^^\n",
        );
    }

    #[test]
    fn does_not_flag_good_references_quotes_headlines_or_shared_surnames() {
        assert_clean(
            &META,
            &[
                "Kremlin foreign policy aide Yuri Ushakov spoke in Moscow. Ushakov said talks would resume.",
                "Ushakov: talks to resume\n\nKremlin foreign policy aide Yuri Ushakov said on Monday talks would resume. Ushakov spoke in Moscow.",
                "Kremlin aide Yuri Ushakov spoke. “I told Yuri Ushakov myself,” said Anna Petrova, a diplomat. Petrova left.",
                "Browns end Myles Garrett hit the quarterback. His brother, tight end Jim Garrett, said Myles Garrett was sorry.",
                "Pope Leo XIV spoke on Sunday. Leo said the church would help.",
                "Recommended Stories\nAdvertisement\nPublished On 12 May 2025",
                "Local fisherman Karim Ben Salah said the catch was poor, and Ben Salah's brother agreed.",
            ],
        );
    }

    #[test]
    fn a_person_introduced_by_a_role_after_the_comma_is_met_in_full() {
        assert_marked(
            &META,
            "Gwynne Shotwell, president of the company, said the lander was ready. Gwynne Shotwell added that tests went well.\n                                                                      ^^^^^^^^^^^^^^^\n",
        );
    }

    #[test]
    fn job_titles_products_and_relatives_are_no_bare_surnames() {
        assert_clean(
            &META,
            &[
                "Volker said he had no knowledge of efforts to urge Ukraine to investigate Joe and Hunter Biden.",
                "The firm hired Ivan Braiker as its Chief Strategy Officer. The Chief Strategy Officer reports to Braiker.",
                "I tested the Linksys Velop Wi-Fi 6 router. Wi-Fi 6 is faster, and Velop is easy to set up.",
                "The major Asian markets were mixed, and Asian traders were cautious.",
            ],
        );
    }

    #[test]
    fn fixes_are_offered_but_never_applied_in_bulk() {
        let text = "Ushakov said talks would resume. Kremlin foreign policy aide Yuri Ushakov spoke in Moscow.";
        let fixes = offered_fixes(&META, text);
        assert_eq!(fixes.len(), 1);
        assert_eq!(fixes[0].0, Applicability::Unsafe);
        assert!(fixes[0].1.starts_with("Yuri Ushakov said talks"), "{}", fixes[0].1);
        assert_fix(&META, text, text);
        let later = "Police Chief Ken Scarlette said the suspect surrendered. Mr. Scarlette's team was safe.";
        let fixes = offered_fixes(&META, later);
        assert_eq!(fixes.len(), 1);
        assert!(fixes[0].1.ends_with("surrendered. Scarlette's team was safe."), "{}", fixes[0].1);
    }
}
