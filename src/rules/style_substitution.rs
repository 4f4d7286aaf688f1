//! Flags a word the house writes differently: `Kiev` → `Kyiv`, `e-mail` → `email`,
//! `towards` → `toward`, and the other national spelling (`neighbours` → `neighbors`).
//!
//! ## What it flags
//! Whole words and phrases from the pack's table, `data/style/<pack>.toml` (its own
//! `[[substitution]]` entries), and from the shared spelling table `data/style/spelling.toml`
//! in the direction the pack writes (the AP pack flags British spellings, the international
//! pack American ones), plus the desk's own `[[substitutions]]` from `copydesk.toml`. A word
//! matches in the case the table writes it, in capitals (`KIEV` → `KYIV`), and — for a
//! lowercase entry — with a capital first letter at the start of a sentence. The replacement
//! takes the case of the text found. docs/style-packs.md lists every entry. The desk's
//! entries are checked whenever the rule runs: with any pack, or with no pack when
//! `style-substitution` is switched on in `[rules]`.
//!
//! ## Why
//! A house style is a promise of consistency: one spelling of a place, one national spelling,
//! one form of common words, whoever filed the copy.
//!
//! ## Example
//! ```text
//! Her neighbours in Kiev sent an e-mail.
//! ```
//! becomes, with `style = "ap"`, `Her neighbors in Kyiv sent an email.`
//!
//! ## Fix
//! Safe outside direct quotes: the entry is certain and the word means the same. Unsafe
//! inside a direct quote (a quote is what the speaker said; the editor decides).
//!
//! ## Not flagged
//! - Guardrails of each entry: `chicken Kiev`, `Kievan Rus`, Cyrillic `Київ`.
//! - Capitalised words in mid-sentence, which are names: `the Labour Party`,
//!   `the Barbican Centre`, `Ministry of Defence`, `Earl Grey`.
//! - Parts of longer words (`Kievan`, `colourway`), handles, hashtags, file names and URLs.
//! - Paragraphs that are not English (`le centre-ville`).
//! - A desk entry whose `replace` equals its `find` switches a pack entry off for that word.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, LazyLock, Mutex};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;

use crate::config::{Settings, Style};
use crate::diagnostic::{Diagnostic, Severity};
use crate::draft::Draft;
use crate::fix::{Edit, Fix};
use crate::rules::prose::{at_sentence_start, English, capitalise, is_all_caps, is_whole_word, match_case, next_word, prev_word};
use crate::rules::{Context, FixAvailability, RuleMeta};
use crate::style::{self, Pack, SubstitutionEntry};

/// Registry entry.
pub static META: RuleMeta = RuleMeta {
    name: "style-substitution",
    code: "CD201",
    summary: "A word the house style writes differently (Kiev → Kyiv, e-mail → email, colour → color)",
    default_severity: Severity::Warning,
    default_enabled: false,
    style_pack: true,
    fix: FixAvailability::Sometimes,
    unnecessary: false,
    source: include_str!("style_substitution.rs"),
    check,
};

/// One (find, replace) form ready for matching.
#[derive(Debug)]
struct Entry {
    find: String,
    replace: String,
    not_before: Vec<String>,
    not_after: Vec<String>,
    unless: Option<Regex>,
    /// The message's explanation, e.g. `AP style` or `AP style uses American spelling`.
    label: String,
    note: Option<String>,
}

/// All entries of a table behind one Aho-Corasick automaton over their lowercased `find`s.
struct Matcher {
    automaton: AhoCorasick,
    /// Entry indices per automaton pattern (several entries may share a lowercased key).
    candidates: Vec<Vec<usize>>,
    entries: Vec<Entry>,
}

impl Matcher {
    fn new(entries: Vec<Entry>) -> Matcher {
        let mut keys: Vec<String> = Vec::new();
        let mut by_key: HashMap<String, usize> = HashMap::new();
        let mut candidates: Vec<Vec<usize>> = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            let key = e.find.to_lowercase();
            let k = *by_key.entry(key.clone()).or_insert_with(|| {
                keys.push(key);
                candidates.push(Vec::new());
                keys.len() - 1
            });
            candidates[k].push(i);
        }
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&keys)
            .expect("substitution patterns build");
        Matcher { automaton, candidates, entries }
    }

    /// Every finding in `draft`, with the entry that made it.
    fn find<'m>(&'m self, draft: &Draft) -> Vec<(Range<usize>, &'m Entry)> {
        let text = draft.text;
        let mut english = English::new(text);
        let mut out = Vec::new();
        for m in self.automaton.find_iter(text) {
            let (start, end) = (m.start(), m.end());
            if !text.is_char_boundary(start) || !text.is_char_boundary(end) || !is_whole_word(text, start, end) {
                continue;
            }
            let found = &text[start..end];
            let Some(entry) = self.candidates[m.pattern().as_usize()]
                .iter()
                .map(|&i| &self.entries[i])
                .find(|e| case_matches(text, start, found, &e.find) && !guarded(draft, start, end, e))
            else {
                continue;
            };
            if !english.at(draft, start) {
                continue;
            }
            out.push((start..end, entry));
        }
        out
    }
}

/// True when `found` is `find` as written, in capitals, or capitalised at a sentence start.
fn case_matches(text: &str, start: usize, found: &str, find: &str) -> bool {
    if found == find {
        return true;
    }
    if is_all_caps(found) && found == find.to_uppercase() {
        return true;
    }
    find.chars().next().is_some_and(char::is_lowercase) && found == capitalise(find) && at_sentence_start(text, start)
}

/// True when one of the entry's guardrails keeps this match.
fn guarded(draft: &Draft, start: usize, end: usize, e: &Entry) -> bool {
    let text = draft.text;
    if let Some((_, w)) = prev_word(text, start) {
        if e.not_after.iter().any(|g| g.eq_ignore_ascii_case(w)) {
            return true;
        }
    }
    if let Some((_, w)) = next_word(text, end) {
        if e.not_before.iter().any(|g| g.eq_ignore_ascii_case(w)) {
            return true;
        }
    }
    if let Some(re) = &e.unless {
        let para = draft.paragraph_at(start);
        let hay = &text[para.clone()];
        if re.find_iter(hay).any(|m| para.start + m.start() <= start && end <= para.start + m.end()) {
            return true;
        }
    }
    false
}

fn compile(e: &SubstitutionEntry, label: &str) -> Vec<Entry> {
    let unless = e.unless.as_deref().map(|u| Regex::new(u).expect("`unless` regex is valid (checked by tests)"));
    e.all_forms()
        .into_iter()
        .map(|(find, replace)| Entry {
            find,
            replace,
            not_before: e.not_before.clone(),
            not_after: e.not_after.clone(),
            unless: unless.clone(),
            label: label.to_string(),
            note: e.note.clone(),
        })
        .collect()
}

fn pack_entries(pack: &Pack) -> Vec<Entry> {
    let mut entries: Vec<Entry> = pack.substitution.iter().flat_map(|e| compile(e, &pack.title)).collect();
    let spelling = match pack.spelling {
        style::Spelling::American => format!("{} uses American spelling", pack.title),
        style::Spelling::British => format!("{} uses British spelling", pack.title),
    };
    for (_, forms) in pack.spelling_forms() {
        entries.extend(forms.into_iter().map(|(find, replace)| Entry {
            find,
            replace,
            not_before: Vec::new(),
            not_after: Vec::new(),
            unless: None,
            label: spelling.clone(),
            note: None,
        }));
    }
    entries
}

/// The matcher for the pack `style` selects, built once per pack and kept for the life of the
/// process (packs are few and static; the key is the pack's name).
fn pack_matcher(style: Style) -> Option<Arc<Matcher>> {
    static CACHE: LazyLock<Mutex<HashMap<&'static str, Arc<Matcher>>>> = LazyLock::new(|| Mutex::new(HashMap::new()));
    let pack = style::pack(style)?;
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    Some(cache.entry(pack.name.as_str()).or_insert_with(|| Arc::new(Matcher::new(pack_entries(pack)))).clone())
}

fn desk_matcher(settings: &Settings) -> Option<Matcher> {
    let entries: Vec<Entry> = settings
        .substitutions
        .iter()
        .filter(|s| s.find.chars().any(char::is_alphanumeric))
        .map(|s| Entry {
            find: s.find.clone(),
            replace: s.replace.clone(),
            not_before: Vec::new(),
            not_after: Vec::new(),
            unless: None,
            label: "house style".to_string(),
            note: None,
        })
        .collect();
    (!entries.is_empty()).then(|| Matcher::new(entries))
}

fn diagnostic(draft: &Draft, range: Range<usize>, e: &Entry) -> Option<Diagnostic> {
    let found = &draft.text[range.clone()];
    let right = match_case(found, &e.find, &e.replace);
    if right == found {
        return None;
    }
    let mut message = format!("{}: `{right}`, not `{found}`", e.label);
    if let Some(note) = &e.note {
        message.push_str(&format!(" — {note}"));
    }
    let title = format!("Write `{right}`");
    let edit = Edit::replace(range.clone(), right);
    let fix = if draft.in_quote(&range) { Fix::unsafe_(title, edit) } else { Fix::safe(title, edit) };
    Some(META.diagnostic(range, message).with_fix(fix))
}

fn check(ctx: &Context) -> Vec<Diagnostic> {
    let draft = ctx.draft;
    let mut out = Vec::new();
    // The desk's entries come first and win: a pack finding overlapping a desk match is
    // dropped, so a desk can also keep a word the pack would change (`replace` = `find`).
    let mut desk_spans: Vec<Range<usize>> = Vec::new();
    if let Some(desk) = desk_matcher(ctx.settings) {
        for (range, entry) in desk.find(draft) {
            desk_spans.push(range.clone());
            out.extend(diagnostic(draft, range, entry));
        }
    }
    if let Some(matcher) = pack_matcher(ctx.settings.style) {
        for (range, entry) in matcher.find(draft) {
            if desk_spans.iter().any(|d| d.start < range.end && range.start < d.end) {
                continue;
            }
            out.extend(diagnostic(draft, range, entry));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{RuleLevel, Substitution};
    use crate::draft::Format;
    use crate::engine;
    use crate::fix::Applicability;
    use crate::style::SPELLING;

    fn settings(style: Style) -> Settings {
        let mut s = Settings { style, ..Settings::default() };
        s.rules.insert(META.name.to_string(), RuleLevel::On(META.default_severity));
        s
    }

    fn found(style: Style, text: &str) -> Vec<String> {
        engine::check_with(text, Format::Plain, &settings(style), &[&META])
            .diagnostics
            .iter()
            .map(|d| text[d.range.clone()].to_string())
            .collect()
    }

    fn fixed(style: Style, text: &str) -> String {
        let s = settings(style);
        let out = engine::fix_with(text, Format::Plain, &s, &[&META]);
        let again = engine::fix_with(&out.text, Format::Plain, &s, &[&META]);
        assert_eq!(again.text, out.text, "fix does not converge on {text:?}");
        out.text
    }

    #[test]
    fn every_pack_entry_flags_its_examples_and_keeps_its_guardrails() {
        for (style, pack) in style::packs() {
            for e in &pack.substitution {
                for ex in &e.flag {
                    assert!(!found(style, ex).is_empty(), "{}: `{}` should flag {ex:?}", pack.name, e.find);
                }
                for ex in &e.keep {
                    assert_eq!(found(style, ex), Vec::<String>::new(), "{}: `{}` must keep {ex:?}", pack.name, e.find);
                }
            }
        }
    }

    #[test]
    fn every_spelling_pair_round_trips_between_the_packs() {
        for pair in SPELLING.iter() {
            let british = &pair.example;
            let hits = found(Style::Ap, british);
            assert!(hits.contains(&pair.british), "ap should flag `{}` in {british:?}, found {hits:?}", pair.british);
            let american = fixed(Style::Ap, british);
            assert!(american.contains(&pair.american), "ap fixed {british:?} to {american:?}");
            assert!(found(Style::Ap, &american).is_empty(), "ap still flags {american:?}");
            if pair.only.is_none() {
                assert_eq!(fixed(Style::International, &american), *british, "international should restore {british:?}");
            } else {
                assert!(!found(Style::International, &american).contains(&pair.american), "{}", pair.american);
            }
            for keep in &pair.keep {
                assert!(found(Style::Ap, keep).is_empty() && found(Style::International, keep).is_empty(), "{keep:?}");
            }
        }
    }

    #[test]
    fn every_spelling_form_is_found_and_fixed() {
        for (style, pack) in style::packs() {
            for (_, forms) in pack.spelling_forms() {
                for (wrong, right) in forms {
                    let text = format!("They said {wrong} twice.");
                    assert_eq!(found(style, &text), std::slice::from_ref(&wrong), "{}: {text:?}", pack.name);
                    assert_eq!(fixed(style, &text), format!("They said {right} twice."), "{}", pack.name);
                }
            }
        }
    }

    #[test]
    fn kiev_but_not_chicken_kiev_kievan_rus_or_cyrillic() {
        let text = "Kiev, KIEV and Kiev’s mayor; chicken Kiev; Kievan Rus; Київ.";
        assert_eq!(found(Style::Ap, text), ["Kiev", "KIEV", "Kiev"]);
        assert_eq!(fixed(Style::Ap, text), "Kyiv, KYIV and Kyiv’s mayor; chicken Kiev; Kievan Rus; Київ.");
    }

    #[test]
    fn capitalised_words_mid_sentence_are_names() {
        let clean = [
            "She joined the Labour Party in 1990.",
            "They met at the Barbican Centre.",
            "The Ministry of Defence declined to comment.",
            "He drank Earl Grey.",
            "Mr. Grey arrived late.",
        ];
        for text in clean {
            assert!(found(Style::Ap, text).is_empty(), "{text}");
        }
        assert_eq!(found(Style::Ap, "Colour returned. “Labour is cheap,” she said."), ["Colour", "Labour"]);
        assert_eq!(fixed(Style::Ap, "Colour returned."), "Color returned.");
    }

    #[test]
    fn parts_of_words_handles_and_non_english_paragraphs_are_not_flagged() {
        assert!(found(Style::Ap, "A new colourway; #colour and @colour; colour.png; www.colour.com").is_empty());
        assert!(found(Style::Ap, "Le centre de la ville est fermé pour les travaux de la semaine.").is_empty());
    }

    #[test]
    fn inside_a_direct_quote_the_fix_is_unsafe() {
        let text = "“We met in Kiev,” she said, back in Kiev.";
        let s = settings(Style::Ap);
        let out = engine::check_with(text, Format::Plain, &s, &[&META]);
        let apps: Vec<Applicability> = out.diagnostics.iter().map(|d| d.fix.as_ref().unwrap().applicability).collect();
        assert_eq!(apps, [Applicability::Unsafe, Applicability::Safe]);
        assert_eq!(fixed(Style::Ap, text), "“We met in Kiev,” she said, back in Kyiv.");
    }

    #[test]
    fn international_pack_flags_american_spelling_and_needs_no_code() {
        assert_eq!(found(Style::International, "The neighbors organized a program toward Kiev."), ["neighbors", "organized", "toward", "Kiev"]);
        assert_eq!(
            fixed(Style::International, "The neighbors organized a program toward Kiev."),
            "The neighbours organised a program towards Kyiv."
        );
        assert!(found(Style::International, "The neighbours organised it.").is_empty());
    }

    #[test]
    fn no_pack_no_findings() {
        assert!(found(Style::None, "Her neighbours in Kiev.").is_empty());
    }

    #[test]
    fn desk_entries_are_matched_the_same_way_and_win_over_the_pack() {
        let mut s = settings(Style::Ap);
        s.substitutions = vec![
            Substitution { find: "Ledger Newspapers".into(), replace: "Ledger Media".into() },
            Substitution { find: "towards".into(), replace: "towards".into() },
        ];
        let text = "Ledger Newspapers walked towards LEDGER NEWSPAPERS.";
        let out = engine::fix_with(text, Format::Plain, &s, &[&META]);
        assert_eq!(out.text, "Ledger Media walked towards LEDGER MEDIA.");
        let mut plain = settings(Style::None);
        plain.substitutions = vec![Substitution { find: "e-mail".into(), replace: "email".into() }];
        let out = engine::fix_with("Send an e-mail.", Format::Plain, &plain, &[&META]);
        assert_eq!(out.text, "Send an email.");
    }

    #[test]
    fn fix_converges_on_a_paragraph_of_mixed_findings() {
        crate::rules::testing::assert_fix_with(
            &META,
            &settings(Style::Ap),
            "Her neighbours in Kiev sent an e-mail towards the centre.\n",
            "Her neighbors in Kyiv sent an email toward the center.\n",
        );
    }
}
