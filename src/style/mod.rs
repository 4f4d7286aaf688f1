//! House-style packs: the data behind the style rules, parsed once from `data/style/`.
//!
//! A pack (`data/style/ap.toml`, `data/style/international.toml`) is pure data: its own
//! substitutions, which side of the shared British/American spelling table
//! (`data/style/spelling.toml`) it writes, how it writes numbers, dates and formal titles.
//! The rules (`style-substitution`, `numerals`, `dates`, `titles`) read the pack that
//! [`Settings::style`](crate::config::Settings) selects through [`pack`]; a second pack
//! therefore needs no code. [`docs`] renders every pack as Markdown for docs/style-packs.md.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::LazyLock;

use serde::Deserialize;

use crate::config::Style;

/// Which national spelling a pack writes.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Spelling {
    /// `color`, `organize`, `center`: British spellings are flagged.
    American,
    /// `colour`, `organise`, `centre`: American spellings are flagged.
    British,
}

/// The order of day and month in a full date.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum DateOrder {
    /// `Jan. 21, 2025`.
    MonthDay,
    /// `21 January 2025`.
    DayMonth,
}

/// How a pack writes numbers (`[numerals]`).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Numerals {
    /// Whole numbers below this are spelled out and numbers from it up are written in figures
    /// (10 for AP: one to nine, then 10). The exceptions (ages, money, percentages…) are the
    /// same in every pack and documented in the `numerals` rule.
    pub spell_out_below: u32,
}

/// How a pack writes dates (`[dates]`).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Dates {
    /// Day before month or month before day.
    pub order: DateOrder,
    /// Whether a day may carry an ordinal suffix (`March 3rd`). Both packs say no.
    pub ordinals: bool,
    /// How a month is written next to a day number, by full month name: `January = "Jan."`.
    /// Months not listed are written in full. Alone or with only a year, every month is
    /// written in full.
    pub with_day: BTreeMap<String, String>,
}

/// Formal titles (`[titles]`).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Titles {
    /// Titles, lowercase, that are capitalised directly before a name and lowercase after a
    /// name or alone. Occupational titles (`chief executive`) are not listed: they stay
    /// lowercase everywhere.
    pub formal: Vec<String>,
}

/// One substitution in a pack's `[[substitution]]` table (the desk's own entries in
/// `copydesk.toml` have the same fields).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SubstitutionEntry {
    /// The word or phrase to flag, matched as whole words in the case written here, its
    /// capitalised form at the start of a sentence, and in capitals.
    pub find: String,
    /// What the house writes instead; its case follows the case of the text found.
    pub replace: String,
    /// Inflected forms, each `word` (its replacement derived the way `find` becomes
    /// `replace`: `e-mails` → `emails`) or `word=replacement` when the derivation would be
    /// wrong.
    #[serde(default)]
    pub forms: Vec<String>,
    /// Words (any case) that, coming right after the match, make it no finding:
    /// `not_before = ["Texas"]` keeps `Odessa, Texas`.
    #[serde(default)]
    pub not_before: Vec<String>,
    /// Words (any case) that, coming right before the match, make it no finding:
    /// `not_after = ["chicken"]` keeps `chicken Kiev`.
    #[serde(default)]
    pub not_after: Vec<String>,
    /// A guardrail regex: a match inside any match of this pattern in its paragraph is no
    /// finding.
    #[serde(default)]
    pub unless: Option<String>,
    /// Why, shown in the message and the docs.
    #[serde(default)]
    pub note: Option<String>,
    /// Drafts that must be flagged (a test runs them).
    pub flag: Vec<String>,
    /// Drafts that must not be flagged (a test runs them).
    #[serde(default)]
    pub keep: Vec<String>,
}

/// One pair of the shared spelling table `data/style/spelling.toml`.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SpellingPair {
    /// The British spelling (lowercase).
    pub british: String,
    /// The American spelling (lowercase).
    pub american: String,
    /// Inflected British forms, each `word` (its American form derived the way `british`
    /// becomes `american`) or `word=american` when the derivation would be wrong.
    #[serde(default)]
    pub forms: Vec<String>,
    /// When set, only a pack writing this spelling uses the pair (`american`: `cheque` →
    /// `check` is right, `check` → `cheque` is not).
    #[serde(default)]
    pub only: Option<Spelling>,
    /// A sentence using the British spelling. Tests check that an American pack flags it and
    /// fixes it to the American spelling, and (unless `only = "american"`) that a British
    /// pack flags that result and fixes it back.
    pub example: String,
    /// Drafts no pack may flag.
    #[serde(default)]
    pub keep: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SpellingTable {
    pair: Vec<SpellingPair>,
}

/// A house-style pack, as written in `data/style/NAME.toml`.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Pack {
    /// The value of `style = "…"` that selects it.
    pub name: String,
    /// A short title for messages and docs, e.g. `AP style`.
    pub title: String,
    /// A paragraph for the docs.
    pub description: String,
    /// Which side of the spelling table the pack writes.
    pub spelling: Spelling,
    pub numerals: Numerals,
    pub dates: Dates,
    pub titles: Titles,
    /// The pack's own substitutions, sorted by `find` (a tidy test checks).
    #[serde(default)]
    pub substitution: Vec<SubstitutionEntry>,
}

impl Pack {
    /// The spelling pairs this pack enforces, as (wrong, right) lemma pairs with their
    /// derived forms: British → American for an American pack, the reverse for a British
    /// one (skipping pairs marked `only` for the other side).
    pub fn spelling_forms(&self) -> Vec<(&'static SpellingPair, Vec<(String, String)>)> {
        SPELLING
            .iter()
            .filter(|p| p.only.is_none_or(|o| o == self.spelling))
            .map(|p| {
                let forms = p.all_forms();
                let forms = match self.spelling {
                    Spelling::American => forms,
                    Spelling::British => forms.into_iter().map(|(b, a)| (a, b)).collect(),
                };
                (p, forms)
            })
            .collect()
    }

    /// The way this pack writes `month` (full name, e.g. `January`) next to a day number.
    pub fn month_with_day<'a>(&'a self, month: &'a str) -> &'a str {
        self.dates.with_day.get(month).map_or(month, String::as_str)
    }
}

impl SpellingPair {
    /// Every (British, American) form of the pair, the lemma first. Panics on a form whose
    /// American spelling cannot be derived (the tidy test checks every pair).
    pub fn all_forms(&self) -> Vec<(String, String)> {
        let mut out = vec![(self.british.clone(), self.american.clone())];
        out.extend(self.forms.iter().map(|f| derive_form(&self.british, &self.american, f).expect("derivable form")));
        out
    }
}

impl SubstitutionEntry {
    /// Every (find, replace) form of the entry, `find` first. Panics on a form whose
    /// replacement cannot be derived (the tidy test checks every entry).
    pub fn all_forms(&self) -> Vec<(String, String)> {
        let mut out = vec![(self.find.clone(), self.replace.clone())];
        out.extend(self.forms.iter().map(|f| derive_form(&self.find, &self.replace, f).expect("derivable form")));
        out
    }
}

/// The replacement of an inflected `form`, given that `from` becomes `to`.
///
/// `form` is either `word=replacement` (taken as written) or a word sharing `from`'s changed
/// part: the common prefix and suffix of `from` and `to` are found, and the part of `from`
/// between them is replaced in `form` the same way (`colour`→`color` turns `coloured` into
/// `colored`; `organise`→`organize` turns `organisation` into `organization`). Returns
/// `None` when `form` does not start with `from` up to the end of the changed part.
pub fn derive_form(from: &str, to: &str, form: &str) -> Option<(String, String)> {
    if let Some((word, replacement)) = form.split_once('=') {
        return Some((word.to_string(), replacement.to_string()));
    }
    let (f, t) = (from.as_bytes(), to.as_bytes());
    let prefix = f.iter().zip(t).take_while(|(a, b)| a == b).count();
    let room = f.len().min(t.len()) - prefix;
    let suffix = f.iter().rev().zip(t.iter().rev()).take(room).take_while(|(a, b)| a == b).count();
    let from_head = &from[..from.len() - suffix];
    let to_head = &to[..to.len() - suffix];
    let rest = form.strip_prefix(from_head)?;
    let derived = format!("{to_head}{rest}");
    (derived != form).then(|| (form.to_string(), derived))
}

/// The shared British/American spelling table, parsed once.
pub static SPELLING: LazyLock<Vec<SpellingPair>> = LazyLock::new(|| {
    toml::from_str::<SpellingTable>(include_str!("../../data/style/spelling.toml"))
        .expect("data/style/spelling.toml is valid (checked by tests)")
        .pair
});

static AP: LazyLock<Pack> =
    LazyLock::new(|| toml::from_str(include_str!("../../data/style/ap.toml")).expect("data/style/ap.toml is valid"));

static INTERNATIONAL: LazyLock<Pack> = LazyLock::new(|| {
    toml::from_str(include_str!("../../data/style/international.toml")).expect("data/style/international.toml is valid")
});

/// The pack `style` selects, or `None` for [`Style::None`].
pub fn pack(style: Style) -> Option<&'static Pack> {
    match style {
        Style::None => None,
        Style::Ap => Some(&AP),
        Style::International => Some(&INTERNATIONAL),
    }
}

/// Every shipped pack with the style that selects it, in documentation order.
pub fn packs() -> [(Style, &'static Pack); 2] {
    [(Style::Ap, &AP), (Style::International, &INTERNATIONAL)]
}

/// The twelve months' full names, January first.
pub const MONTHS: [&str; 12] = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December",
];

fn md_escape(s: &str) -> String {
    s.replace('|', "\\|")
}

fn code_list(words: &[String]) -> String {
    words.iter().map(|w| format!("`{w}`")).collect::<Vec<_>>().join(", ")
}

/// docs/style-packs.md: every pack's settings and tables, rendered from the data. A test in
/// `tests/style_docs.rs` checks that the file in the repository is this text
/// (`UPDATE_DOCS=1 cargo test` rewrites it).
pub fn docs() -> String {
    let mut out = String::new();
    out.push_str("<!-- GENERATED from data/style/*.toml by copydesk::style::docs(); do not edit.\n");
    out.push_str("     Regenerate with: UPDATE_DOCS=1 cargo test --test style_docs -->\n\n");
    out.push_str("# House-style packs\n\n");
    out.push_str(
        "A pack is selected with `style = \"NAME\"` in `copydesk.toml` (or `--style NAME`). It turns on the \
         style rules (`style-substitution`, `numerals`, `dates`, `titles`, `quote-marks`, `whitespace`, \
         `attribution`; `quote-balance` runs without one) and gives them the data below. Packs are data \
         only: a new pack is a new file in `data/style/`, with no code.\n\n",
    );
    for (_, p) in packs() {
        let _ = writeln!(out, "- [`{}`](#{}): {}", p.name, p.name, p.title);
    }
    out.push('\n');
    for (_, p) in packs() {
        render_pack(&mut out, p);
    }
    out
}

fn render_pack(out: &mut String, p: &Pack) {
    let _ = writeln!(out, "## {}\n\n{}\n\n{}\n", p.name, p.title, p.description.trim());
    let spelling = match p.spelling {
        Spelling::American => "American (British spellings are flagged)",
        Spelling::British => "British (American spellings are flagged)",
    };
    let order = match p.dates.order {
        DateOrder::MonthDay => "month day, year (`Jan. 21, 2025`)",
        DateOrder::DayMonth => "day month year (`21 January 2025`)",
    };
    let with_day: Vec<String> = MONTHS
        .iter()
        .map(|m| match p.dates.with_day.get(*m) {
            Some(a) => format!("{m} → `{a}`"),
            None => format!("{m} in full"),
        })
        .collect();
    let _ = writeln!(out, "| Setting | Value |\n|---|---|");
    let _ = writeln!(out, "| `style` | `{}` |", p.name);
    let _ = writeln!(out, "| Spelling | {spelling} |");
    let _ = writeln!(
        out,
        "| Numerals | below {} spelled out, from {} in figures |",
        p.numerals.spell_out_below, p.numerals.spell_out_below
    );
    let _ = writeln!(out, "| Date order | {order} |");
    let _ = writeln!(out, "| Ordinal days (`March 3rd`) | {} |", if p.dates.ordinals { "allowed" } else { "flagged" });
    let _ = writeln!(out, "| Months with a day | {} |", with_day.join(", "));
    let _ = writeln!(out, "| Formal titles | {} |\n", code_list(&p.titles.formal));

    let _ = writeln!(out, "### {}: substitutions\n", p.name);
    let _ = writeln!(out, "| Find | Write | Forms | Not flagged | Note |\n|---|---|---|---|---|");
    for e in &p.substitution {
        let forms: Vec<String> = e.all_forms().into_iter().skip(1).map(|(f, r)| format!("{f} → {r}")).collect();
        let mut guards = Vec::new();
        if !e.not_after.is_empty() {
            guards.push(format!("after {}", code_list(&e.not_after)));
        }
        if !e.not_before.is_empty() {
            guards.push(format!("before {}", code_list(&e.not_before)));
        }
        if let Some(u) = &e.unless {
            guards.push(format!("inside `{}`", md_escape(u)));
        }
        guards.extend(e.keep.iter().map(|k| format!("“{}”", md_escape(k))));
        let _ = writeln!(
            out,
            "| `{}` | `{}` | {} | {} | {} |",
            md_escape(&e.find),
            md_escape(&e.replace),
            md_escape(&forms.join(", ")),
            guards.join("; "),
            md_escape(e.note.as_deref().unwrap_or("")),
        );
    }
    let (from, to) = match p.spelling {
        Spelling::American => ("British", "American"),
        Spelling::British => ("American", "British"),
    };
    let pairs = p.spelling_forms();
    let count: usize = pairs.iter().map(|(_, f)| f.len()).sum();
    let _ = writeln!(
        out,
        "\n### {}: spelling ({from} → {to}, {} words in {} families)\n",
        p.name,
        count,
        pairs.len()
    );
    let _ = writeln!(out, "| Flagged | Written |\n|---|---|");
    for (_, forms) in &pairs {
        let wrong: Vec<&str> = forms.iter().map(|(w, _)| w.as_str()).collect();
        let right: Vec<&str> = forms.iter().map(|(_, r)| r.as_str()).collect();
        let _ = writeln!(out, "| {} | {} |", wrong.join(", "), right.join(", "));
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A second pack needs no code: no style rule names a pack; each reads whatever pack
    /// `style::pack` returns for the settings.
    #[test]
    fn style_rules_never_name_a_pack() {
        for rule in crate::rules::ALL.iter().filter(|r| r.style_pack) {
            let code: String = rule
                .source
                .split("#[cfg(test)]")
                .next()
                .unwrap_or("")
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect();
            for name in ["Style::Ap", "Style::International", "\"ap\"", "\"international\"", "ap.toml", "international.toml"] {
                assert!(!code.contains(name), "{} names a pack ({name}) outside its tests", rule.name);
            }
        }
    }

    #[test]
    fn derives_inflected_forms_from_the_lemma_change() {
        let d = |a, b, f| derive_form(a, b, f).map(|(_, r)| r);
        assert_eq!(d("colour", "color", "coloured").as_deref(), Some("colored"));
        assert_eq!(d("organise", "organize", "organisation").as_deref(), Some("organization"));
        assert_eq!(d("travelled", "traveled", "traveller").as_deref(), Some("traveler"));
        assert_eq!(d("centre", "center", "centres").as_deref(), Some("centers"));
        assert_eq!(d("centre", "center", "centred=centered").as_deref(), Some("centered"));
        assert_eq!(d("e-mail", "email", "e-mails").as_deref(), Some("emails"));
        assert_eq!(d("colour", "color", "hue"), None);
    }

    #[test]
    fn every_pack_parses_and_its_tables_are_tidy() {
        for (_, p) in packs() {
            let finds: Vec<String> = p.substitution.iter().map(|e| e.find.to_lowercase()).collect();
            let mut sorted = finds.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(finds, sorted, "{}: keep [[substitution]] sorted by find, without duplicates", p.name);
            let mut titles = p.titles.formal.clone();
            titles.sort();
            titles.dedup();
            assert_eq!(p.titles.formal, titles, "{}: keep titles sorted and unique", p.name);
            for t in &p.titles.formal {
                assert_eq!(t, &t.to_lowercase(), "{}: titles are written lowercase", p.name);
            }
            for m in p.dates.with_day.keys() {
                assert!(MONTHS.contains(&m.as_str()), "{}: unknown month {m}", p.name);
            }
            for e in &p.substitution {
                assert!(!e.flag.is_empty(), "{}: `{}` needs at least one `flag` example", p.name, e.find);
                for f in &e.forms {
                    assert!(derive_form(&e.find, &e.replace, f).is_some(), "{}: cannot derive form {f}", e.find);
                }
                if let Some(u) = &e.unless {
                    regex::Regex::new(u).unwrap_or_else(|err| panic!("{}: bad `unless` regex: {err}", e.find));
                }
            }
        }
    }

    #[test]
    fn spelling_table_is_sorted_unique_lowercase_and_derivable() {
        let lemmas: Vec<&str> = SPELLING.iter().map(|p| p.british.as_str()).collect();
        let mut sorted = lemmas.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(lemmas, sorted, "keep spelling.toml sorted by `british`, without duplicates");
        let mut all_british = Vec::new();
        let mut all_american = Vec::new();
        for p in SPELLING.iter() {
            for f in &p.forms {
                assert!(derive_form(&p.british, &p.american, f).is_some(), "{}: cannot derive form {f}", p.british);
            }
            let forms = p.all_forms();
            let mut words: Vec<&String> = p.forms.iter().collect();
            words.sort();
            words.dedup();
            assert_eq!(words, p.forms.iter().collect::<Vec<_>>(), "{}: keep forms sorted and unique", p.british);
            for (b, a) in forms {
                assert_eq!(b, b.to_lowercase(), "{}: write forms lowercase", p.british);
                assert_ne!(b, a, "{}: a form that does not change", p.british);
                all_british.push(b);
                all_american.push(a);
            }
            assert!(p.example.contains(&p.british), "{}: the example must use the lemma", p.british);
        }
        let n = all_british.len();
        all_british.sort();
        all_british.dedup();
        assert_eq!(all_british.len(), n, "a British form appears in two pairs");
        // A word cannot be right in one pair and wrong in another.
        for a in &all_american {
            assert!(all_british.binary_search(a).is_err(), "`{a}` is both a British and an American form");
        }
        // Read backwards (a British pack), each American form has one British spelling.
        let mut reversible: Vec<String> =
            SPELLING.iter().filter(|p| p.only.is_none()).flat_map(|p| p.all_forms()).map(|(_, a)| a).collect();
        let n = reversible.len();
        reversible.sort();
        reversible.dedup();
        assert_eq!(reversible.len(), n, "an American form maps back to two British ones");
    }
}
