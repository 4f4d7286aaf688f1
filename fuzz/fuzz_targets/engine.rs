//! Fuzz target: any UTF-8 text under any settings keeps the engine properties of
//! `tests/support/properties.rs` (no rule panics, ranges in bounds on character boundaries,
//! fixes local and exact, fix-all idempotent, paragraph reuse equal to a full check).
#![no_main]

use arbitrary::Arbitrary;
use copydesk::config::{QuoteMarks, RuleLevel, Settings, Style, Substitution};
use copydesk::diagnostic::Severity;
use copydesk::draft::Format;
use copydesk::rules;
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/properties.rs"]
mod properties;

#[derive(Debug, Arbitrary)]
struct Input {
    markdown: bool,
    style: u8,
    /// (rule index, level 0 = off, 1..=4 = error..hint)
    levels: Vec<(u8, u8)>,
    phrases: Vec<String>,
    substitutions: Vec<(String, String)>,
    /// House quote marks: none, curly or straight.
    quotes: u8,
    /// Text glued from the newsroom pieces (by index) and raw strings.
    parts: Vec<Part>,
}

#[derive(Debug, Arbitrary)]
enum Part {
    Piece(u8),
    Raw(String),
}

fuzz_target!(|input: Input| {
    let mut text = String::new();
    for part in &input.parts {
        match part {
            Part::Piece(i) => text.push_str(properties::PIECES[*i as usize % properties::PIECES.len()]),
            Part::Raw(s) => text.push_str(s),
        }
    }
    let mut settings = Settings::default();
    settings.style = [Style::None, Style::Ap, Style::International][input.style as usize % 3];
    for (rule, level) in input.levels.iter().take(8) {
        let name = rules::ALL[*rule as usize % rules::ALL.len()].name;
        let level = match level % 5 {
            0 => RuleLevel::Off,
            1 => RuleLevel::On(Severity::Error),
            2 => RuleLevel::On(Severity::Warning),
            3 => RuleLevel::On(Severity::Info),
            _ => RuleLevel::On(Severity::Hint),
        };
        settings.rules.insert(name.to_string(), level);
    }
    settings.boilerplate_phrases = input.phrases.iter().take(4).cloned().collect();
    settings.substitutions = input
        .substitutions
        .iter()
        .take(4)
        .map(|(f, r)| Substitution { find: f.clone(), replace: r.clone() })
        .collect();
    settings.quote_marks = [None, Some(QuoteMarks::Curly), Some(QuoteMarks::Straight)][input.quotes as usize % 3];
    let format = if input.markdown { Format::Markdown } else { Format::Plain };
    properties::engine(&text, format, &settings);
});
