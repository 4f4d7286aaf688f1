//! Property tests over random drafts, settings and edits: the engine (bounds, fix safety,
//! fix-all idempotence, paragraph-level reuse equal to a full check) and document sync (any
//! encoding, CRLF, lone CR, emoji, U+2028). The properties themselves live in
//! `tests/support/properties.rs`, shared with the cargo-fuzz targets in `fuzz/`.
//!
//! Case counts are capped so that `cargo test` stays fast; set `PROPTEST_CASES` for a longer
//! run (e.g. `PROPTEST_CASES=100000 cargo test --release --test properties`).

#[path = "support/properties.rs"]
mod properties;

use copydesk::config::{QuoteMarks, RuleLevel, Settings, Style, Substitution};
use copydesk::diagnostic::Severity;
use copydesk::draft::Format;
use copydesk::lsp::position::Encoding;
use copydesk::rules;
use proptest::prelude::*;
use properties::{Change, PIECES};

fn cases(default: u32) -> ProptestConfig {
    let n = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default);
    ProptestConfig { cases: n, failure_persistence: None, ..ProptestConfig::default() }
}

/// Drafts glued from newsroom pieces, plus some arbitrary text.
fn draft() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::collection::vec(prop::sample::select(PIECES), 0..60).prop_map(|v| v.concat()),
        1 => any::<String>(),
    ]
}

fn level() -> impl Strategy<Value = RuleLevel> {
    prop::sample::select(vec![
        RuleLevel::Off,
        RuleLevel::On(Severity::Error),
        RuleLevel::On(Severity::Warning),
        RuleLevel::On(Severity::Info),
        RuleLevel::On(Severity::Hint),
    ])
}

/// Any settings: a style pack, any rule on or off at any severity, desk phrases and
/// substitutions made of the same pieces.
fn settings() -> impl Strategy<Value = Settings> {
    let names: Vec<&'static str> = rules::ALL.iter().map(|r| r.name).collect();
    (
        prop::sample::select(vec![Style::None, Style::Ap, Style::International]),
        prop::collection::btree_map(prop::sample::select(names), level(), 0..4),
        prop::collection::vec(prop::sample::select(PIECES).prop_map(str::to_string), 0..3),
        prop::collection::vec((prop::sample::select(PIECES), prop::sample::select(PIECES)), 0..3),
        prop::option::of(any::<bool>()),
    )
        .prop_map(|(style, rules, phrases, subs, straight)| {
            let mut s = Settings::default();
            s.style = style;
            s.rules = rules.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
            s.boilerplate_phrases = phrases;
            s.substitutions =
                subs.into_iter().map(|(f, r)| Substitution { find: f.to_string(), replace: r.to_string() }).collect();
            s.quote_marks = straight.map(|s| if s { QuoteMarks::Straight } else { QuoteMarks::Curly });
            s
        })
}

fn format() -> impl Strategy<Value = Format> {
    prop::sample::select(vec![Format::Plain, Format::Markdown])
}

fn encoding() -> impl Strategy<Value = Encoding> {
    prop::sample::select(vec![Encoding::Utf8, Encoding::Utf16, Encoding::Utf32])
}

/// Inserted text: the troublesome characters most of the time.
fn insert() -> impl Strategy<Value = String> {
    let tricky = prop::sample::select(vec!["a", " ", "\n", "\r", "\r\n", "😀", "\u{2028}", "—", "é", "北", ""]);
    prop::collection::vec(tricky, 0..4).prop_map(|v| v.concat())
}

fn change() -> impl Strategy<Value = Change> {
    // Mostly positions inside a small document, sometimes far outside it.
    let coord = prop_oneof![8 => 0u32..8, 1 => 0u32..200, 1 => any::<u32>()];
    (coord.clone(), coord.clone(), coord.clone(), coord, insert())
        .prop_map(|(l0, c0, l1, c1, text)| Change { start: (l0, c0), end: (l1, c1), text })
}

proptest! {
    #![proptest_config(cases(128))]

    #[test]
    fn engine_properties_hold_on_any_draft_and_settings(text in draft(), format in format(), settings in settings()) {
        properties::engine(&text, format, &settings);
    }

    #[test]
    fn engine_properties_hold_with_default_settings(text in draft(), format in format()) {
        properties::engine(&text, format, &Settings::default());
    }

    #[test]
    fn paragraph_reuse_equals_a_full_check_across_a_series_of_edits(
        start in prop::collection::vec(prop::sample::select(PIECES), 0..80),
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0usize..3, prop::collection::vec(prop::sample::select(PIECES), 0..3)), 1..12),
        format in format(),
    ) {
        // Each version is the previous one with a run of pieces replaced: typing, pasting and
        // deleting in the middle of a draft.
        let mut pieces: Vec<&str> = start;
        let mut versions = vec![pieces.concat()];
        for (at, remove, insert) in edits {
            let i = if pieces.is_empty() { 0 } else { at.index(pieces.len() + 1) };
            let end = (i + remove).min(pieces.len());
            pieces.splice(i..end, insert);
            versions.push(pieces.concat());
        }
        properties::incremental_versions(&versions, format, &Settings::default());
    }

    #[test]
    fn document_sync_matches_a_reference_string(
        initial in prop::collection::vec(prop::sample::select(PIECES), 0..24),
        changes in prop::collection::vec(change(), 1..24),
        encoding in encoding(),
        batched in any::<bool>(),
    ) {
        properties::sync(&initial.concat(), &changes, encoding, batched);
    }
}
