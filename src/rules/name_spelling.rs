//! Flags a person's name spelled another way than the names list's house spelling.
//!
//! ## What it flags
//! A spelling of a listed person that the names list corrects: a full-name variant
//! (`Volodymyr Zelensky` → `Volodymyr Zelenskyy`), a second-reference variant (`Zelensky` →
//! `Zelenskyy`), or the house spelling without the diacritics the list keeps (`Pedro
//! Sanchez` → `Pedro Sánchez`). The lists are the built-in one (data/people/people.toml,
//! people who dominate international news, facts as of 2025) and the desk's own (`[names]
//! lists` in copydesk.toml), whose spellings come first.
//!
//! ## Why
//! A paper spells a name one way, every time; readers notice when a story spells it two ways
//! and search misses half the stories. Transliterated names (Russian, Ukrainian, Arabic) are
//! where copy drifts most, because wire services and other outlets spell them differently.
//!
//! ## Example
//! ```text
//! Ukrainian President Volodymyr Zelensky spoke to reporters. Zelensky said talks would resume.
//! ```
//!
//! ## Fix
//! Safe outside direct quotes: replaces the spelling with the house spelling (in capitals
//! when the copy has it in capitals). Inside a direct quote the fix is unsafe: a quote is what
//! the speaker said, and the desk decides how to render it.
//!
//! ## Not flagged
//! - Aliases the list records as not errors: birth names, nicknames, other transliterations
//!   the desk accepts (`MBS`).
//! - The list's full native form (`canonical`, e.g. `Aleksandar Vučić`), unless the list
//!   also names it as a variant to correct (`Recep Tayyip Erdoğan` → `Recep Tayyip Erdogan`).
//! - The house spelling in another case (`ZELENSKYY` in a headline).
//! - People in no list, and words that only look like a variant at the start of a sentence.

use crate::diagnostic::{Diagnostic, Severity};
use crate::entities::{gazetteer, Entity, MentionForm, Source};
use crate::fix::{Edit, Fix};
use crate::rules::{Context, FixAvailability, RuleMeta};

/// Registry entry.
pub static META: RuleMeta = RuleMeta {
    name: "name-spelling",
    code: "CD301",
    summary: "A person's name spelled another way than the names list's house spelling",
    default_severity: Severity::Info,
    default_enabled: false,
    style_pack: true,
    fix: FixAvailability::Sometimes,
    unnecessary: false,
    source: include_str!("name_spelling.rs"),
    check,
};

/// A listed person's spellings: the house full name and second reference, the full native
/// form, and the spellings the list corrects (full-name and second-reference variants).
struct Spellings {
    name: String,
    surname: String,
    canonical: Option<String>,
    variants: Vec<String>,
}

fn spellings(ctx: &Context, e: &Entity) -> Option<Spellings> {
    match e.source {
        Source::NamesList(row) => {
            let p = gazetteer::person(row)?;
            Some(Spellings {
                name: p.name.to_string(),
                surname: p.surname.to_string(),
                canonical: Some(p.canonical.to_string()).filter(|c| !c.is_empty()),
                variants: p.variant_list().chain(p.surname_variant_list()).map(str::to_string).collect(),
            })
        }
        Source::DeskList(i) => {
            let p = ctx.settings.desk_names.people().get(i)?;
            Some(Spellings {
                name: p.name.clone(),
                surname: p.surname.clone(),
                canonical: p.canonical.clone(),
                variants: p.variants.iter().chain(&p.surname_variants).cloned().collect(),
            })
        }
        _ => None,
    }
}

fn all_caps(s: &str) -> bool {
    s.chars().any(char::is_alphabetic) && !s.chars().any(char::is_lowercase)
}

fn same(a: &str, b: &str) -> bool {
    a == b || a.to_lowercase() == b.to_lowercase()
}

fn check(ctx: &Context) -> Vec<Diagnostic> {
    let text = ctx.draft.text;
    let mut out = Vec::new();
    for e in ctx.entities().people() {
        let Some(sp) = spellings(ctx, e) else { continue };
        for m in &e.mentions {
            let written = &text[m.range.clone()];
            let short = matches!(m.form, MentionForm::Short) || m.house_spelling.as_deref() == Some(sp.surname.as_str());
            let wanted = if short { &sp.surname } else { &sp.name };
            let listed_variant = sp.variants.iter().any(|v| v == written || all_caps(written) && same(v, written));
            let flag = match m.form {
                MentionForm::Variant => true,
                // Matched through a folded key: the same letters as the house spelling but
                // other diacritics (`Pedro Sanchez`), unless it is the full native form.
                MentionForm::Full | MentionForm::Short => {
                    listed_variant
                        || !same(written, wanted)
                            && !sp.canonical.as_deref().is_some_and(|c| same(c, written))
                            && written.split_whitespace().count() == wanted.split_whitespace().count()
                }
                _ => false,
            };
            if !flag || same(written, wanted) {
                continue;
            }
            let replacement = if all_caps(written) { wanted.to_uppercase() } else { wanted.clone() };
            let title = format!("Write `{replacement}` (house spelling)");
            let edit = Edit::replace(m.range.clone(), replacement.clone());
            let fix = if ctx.draft.in_quote(&m.range) { Fix::unsafe_(title, edit) } else { Fix::safe(title, edit) };
            let message = format!("`{written}`: the names list spells it `{replacement}`");
            out.push(META.diagnostic(m.range.clone(), message).with_fix(fix));
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
    fn flags_full_and_second_reference_variants() {
        assert_marked(
            &META,
            "Ukrainian President Volodymyr Zelensky spoke on Monday. Later, Zelensky said talks would resume.\n                    ^^^^^^^^^^^^^^^^^^                         ^^^^^^^^\n",
        );
    }

    #[test]
    fn flags_diacritics_other_than_the_lists() {
        assert_marked(&META, "Spanish Prime Minister Pedro Sanchez spoke.\n                       ^^^^^^^^^^^^^\n");
        assert_marked(&META, "Turkish President Recep Tayyip Erdoğan spoke.\n                  ^^^^^^^^^^^^^^^^^^^^\n");
    }

    #[test]
    fn does_not_flag_house_spellings_aliases_case_or_unlisted_people() {
        assert_clean(
            &META,
            &[
                "Ukrainian President Volodymyr Zelenskyy said talks would resume. Zelenskyy spoke.",
                "ZELENSKYY SPEAKS\n\nVolodymyr Zelenskyy spoke.",
                "Serbian President Aleksandar Vučić spoke.",
                "Spanish Prime Minister Pedro Sánchez spoke.",
                "Kremlin foreign policy adviser Yuri Ushakov said talks would resume.",
                "Local fisherman Karim Ben Saleh said the catch was poor.",
                "Recommended Stories\nAdvertisement\nPublished On 12 May 2025",
            ],
        );
    }

    #[test]
    fn fix_is_safe_outside_quotes_and_unsafe_inside() {
        assert_fix(
            &META,
            "Volodymyr Zelensky spoke. Zelensky said no.",
            "Volodymyr Zelenskyy spoke. Zelenskyy said no.",
        );
        let quoted = "“I met Zelensky yesterday,” said Karim Ben Salah, a fisherman.";
        let fixes = offered_fixes(&META, quoted);
        assert_eq!(fixes.len(), 1, "{fixes:?}");
        assert_eq!(fixes[0].0, Applicability::Unsafe);
        assert_fix(&META, quoted, quoted);
    }

    #[test]
    fn the_desks_list_comes_first() {
        let desk = crate::entities::names_list::parse(
            "[[person]]\nname = \"Karim Ben Salah\"\nvariants = [\"Karim Ben Saleh\"]\nsurname = \"Ben Salah\"\nsurname_variants = [\"Ben Saleh\"]\nrole = \"Mayor of Sfax\"\ncountry = \"TN\"\nkind = \"person\"\nas_of = \"2025-03-01\"\n",
        )
        .unwrap();
        let mut settings = crate::config::Settings {
            desk_names: std::sync::Arc::new(crate::entities::NamesList::new(desk)),
            ..Default::default()
        };
        settings.rules.insert(META.name.into(), crate::config::RuleLevel::On(Severity::Info));
        let text = "Sfax Mayor Karim Ben Saleh said the port would reopen. Ben Saleh did not say when.";
        let out = crate::engine::check_with(text, crate::draft::Format::Plain, &settings, &[&META]);
        let flagged: Vec<&str> = out.diagnostics.iter().map(|d| &text[d.range.clone()]).collect();
        assert_eq!(flagged, ["Karim Ben Saleh", "Ben Saleh"]);
        let fixed = crate::engine::fix_with(text, crate::draft::Format::Plain, &settings, &[&META]);
        assert_eq!(fixed.text, "Sfax Mayor Karim Ben Salah said the port would reopen. Ben Salah did not say when.");
    }
}
