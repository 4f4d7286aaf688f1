//! The AP pack end to end: a draft with AP errors of every kind (tests/fixtures/ap-errors.txt)
//! checked with `style = "ap"` reports each one, and `engine::fix` (what `check --fix` and the
//! editor's fix-all run) turns it into tests/fixtures/ap-errors.fixed.txt. Unsafe fixes and
//! findings without a fix are not applied by fix-all; the test lists what remains.

use std::path::Path;

use copydesk::config::{QuoteMarks, Settings, Style};
use copydesk::draft::Format;
use copydesk::engine;
use copydesk::fix::Applicability;

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The AP pack with the house setting `[quotes] marks = "curly"` (without it the
/// `quote-marks` rule stays silent).
fn ap() -> Settings {
    Settings { style: Style::Ap, quote_marks: Some(QuoteMarks::Curly), ..Settings::default() }
}

/// (rule, flagged text, fix applicability or `None` when the rule offers no fix), in order.
type Finding = (&'static str, String, Option<Applicability>);

fn findings(text: &str, settings: &Settings) -> Vec<Finding> {
    engine::check(text, Format::Plain, settings)
        .diagnostics
        .iter()
        .map(|d| (d.rule, text[d.range.clone()].to_string(), d.fix.as_ref().map(|f| f.applicability)))
        .collect()
}

fn f(rule: &'static str, text: &str, fix: Option<Applicability>) -> Finding {
    (rule, text.to_string(), fix)
}

const SAFE: Option<Applicability> = Some(Applicability::Safe);
const UNSAFE: Option<Applicability> = Some(Applicability::Unsafe);

/// What fix-all cannot apply: unsafe fixes and findings that need an editor.
fn remaining() -> Vec<Finding> {
    vec![
        f("numerals", "4", UNSAFE),
        f("numerals", "twelve", UNSAFE),
        f("numerals", "15", UNSAFE),
        f("numerals", "five", UNSAFE),
        f("style-substitution", "harbour", UNSAFE), // inside a direct quote
        f("attribution", "“", None),
        f("titles", "president", UNSAFE),
        f("titles", "Mayor", UNSAFE),
        f("quote-balance", "“", None),
    ]
}

#[test]
fn every_kind_of_ap_error_is_reported() {
    let text = fixture("ap-errors.txt");
    let expected = vec![
        f("style-substitution", "defence", SAFE),
        f("dates", "January", SAFE),
        f("dates", "st", SAFE),
        f("whitespace", "  ", SAFE),
        f("style-substitution", "towards", SAFE),
        f("dates", "Aug.", SAFE),
        f("dates", "Mar.", SAFE),
        f("numerals", "4", UNSAFE),
        f("numerals", "twelve", UNSAFE),
        f("numerals", "15", UNSAFE),
        f("numerals", "five", UNSAFE),
        f("whitespace", " ", SAFE),
        f("style-substitution", "neighbours", SAFE),
        f("style-substitution", "organised", SAFE),
        f("style-substitution", "e-mail", SAFE),
        f("whitespace", "\t", SAFE),
        f("quote-marks", "\"", SAFE),
        f("quote-marks", "\"", SAFE),
        f("quote-marks", "\"", SAFE),
        f("quote-marks", "'", SAFE),
        f("style-substitution", "harbour", UNSAFE),
        f("quote-marks", "\"", SAFE),
        f("style-substitution", "Kiev", SAFE),
        f("style-substitution", "colour", SAFE),
        f("dates", "21 October 2024", SAFE),
        f("attribution", "“", None),
        f("titles", "president", UNSAFE),
        f("titles", "Mayor", UNSAFE),
        f("quote-balance", "“", None),
    ];
    assert_eq!(findings(&text, &ap()), expected);
    // Every style rule is represented.
    for rule in copydesk::rules::ALL.iter().filter(|r| r.style_pack) {
        assert!(expected.iter().any(|(name, _, _)| *name == rule.name), "the fixture shows no `{}` error", rule.name);
    }
}

#[test]
fn fix_all_turns_the_draft_into_the_corrected_one_and_leaves_the_unsafe_findings() {
    let text = fixture("ap-errors.txt");
    let out = engine::fix(&text, Format::Plain, &ap());
    assert_eq!(out.text, fixture("ap-errors.fixed.txt"));
    let left: Vec<Finding> = out
        .remaining
        .diagnostics
        .iter()
        .map(|d| (d.rule, out.text[d.range.clone()].to_string(), d.fix.as_ref().map(|f| f.applicability)))
        .collect();
    assert_eq!(left, remaining());
    // Fixing the corrected draft again changes nothing.
    assert_eq!(engine::fix(&out.text, Format::Plain, &ap()).text, out.text);
}

#[test]
fn with_no_configuration_only_quote_balance_speaks() {
    let text = fixture("ap-errors.txt");
    assert_eq!(findings(&text, &Settings::default()), vec![f("quote-balance", "“", None)]);
}

#[test]
fn the_international_pack_reads_the_same_draft_with_other_data() {
    let text = fixture("ap-errors.txt");
    let settings = Settings { style: Style::International, ..Settings::default() };
    let found = findings(&text, &settings);
    // British spelling is the house spelling here; the date order and `towards` are right.
    for ok in ["defence", "neighbours", "organised", "colour", "towards", "21 October 2024"] {
        assert!(!found.iter().any(|(_, t, _)| t == ok), "international flagged {ok:?}");
    }
    // Places and `e-mail` are shared; months are written in full with a day.
    for bad in ["Kiev", "e-mail", "Aug.", "Mar. 3"] {
        assert!(found.iter().any(|(_, t, _)| t == bad), "international missed {bad:?}: {found:?}");
    }
    assert!(found.iter().any(|(r, t, _)| *r == "dates" && t == "January 21st"), "{found:?}");
}

mod robustness {
    use super::*;
    use proptest::prelude::*;

    /// Pieces of copy the style rules look at, glued in any order: months, figures, titles,
    /// quotes of every shape, multi-byte punctuation, line breaks and tabs.
    fn piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "January", "Jan.", "Sept", "May", "3rd", "21", "2025", "5", "twelve", "five-year-old", "aged", " ", "  ",
            "\t", "\n", "\n\n", "\r\n", ".", ",", "'s", "’s", "’", "‘", "'", "\"", "“", "”", "„", "—", "–", "é", "Київ",
            "😀", "\u{2028}", "president", "President", "the", "Xi", "said", "Kiev", "colour", "e-mail", "towards", "No.",
            "$", "%", "(", ")", ":", "# ", "> ", "`", "```", "12\"", "5'10\"", "’’", "''",
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(150))]
        #[test]
        fn style_rules_never_panic_and_fix_all_converges(pieces in prop::collection::vec(piece(), 0..40)) {
            let text: String = pieces.concat();
            for style in [Style::Ap, Style::International] {
                let settings = Settings { style, ..Settings::default() };
                for format in [Format::Plain, Format::Markdown] {
                    let out = engine::check(&text, format, &settings);
                    prop_assert!(out.internal_errors.is_empty(), "{:?} on {text:?}", out.internal_errors);
                    let fixed = engine::fix(&text, format, &settings);
                    prop_assert!(fixed.remaining.internal_errors.is_empty(), "{:?}", fixed.remaining.internal_errors);
                    let again = engine::fix(&fixed.text, format, &settings);
                    prop_assert_eq!(&again.text, &fixed.text, "fix-all does not converge on {:?}", text);
                }
            }
        }
    }
}

/// The same must-show through the real binary: `copydesk check --style ap` reports every kind
/// of error, `--fix` writes the corrected draft, and a desk's `copydesk.toml` selects the pack
/// and adds its own substitutions.
mod cli {
    use super::*;
    use std::process::{Command, Output};

    fn run_in(dir: &Path, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_copydesk")).current_dir(dir).args(args).output().unwrap()
    }

    fn rules_reported(out: &Output) -> Vec<String> {
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON output");
        v["files"][0]["diagnostics"].as_array().unwrap().iter().map(|d| d["rule"].as_str().unwrap().to_string()).collect()
    }

    #[test]
    fn check_style_ap_reports_every_kind_and_fix_writes_the_corrected_draft() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("copydesk.toml"), "[quotes]\nmarks = \"curly\"\n").unwrap();
        std::fs::write(dir.path().join("story.txt"), fixture("ap-errors.txt")).unwrap();
        let out = run_in(dir.path(), &["check", "--style", "ap", "--format", "json", "story.txt"]);
        assert_eq!(out.status.code(), Some(1));
        let reported = rules_reported(&out);
        for rule in copydesk::rules::ALL.iter().filter(|r| r.style_pack) {
            assert!(reported.iter().any(|r| r == rule.name), "`{}` not reported: {reported:?}", rule.name);
        }
        let out = run_in(dir.path(), &["check", "--style", "ap", "--fix", "--format", "json", "story.txt"]);
        assert_eq!(out.status.code(), Some(1), "warnings remain (quote-balance, the quoted `harbour`)");
        assert_eq!(std::fs::read_to_string(dir.path().join("story.txt")).unwrap(), fixture("ap-errors.fixed.txt"));
        let left = rules_reported(&out);
        let expected: Vec<String> = remaining().into_iter().map(|(r, _, _)| r.to_string()).collect();
        assert_eq!(left, expected);
    }

    #[test]
    fn a_desk_config_selects_the_pack_and_adds_its_own_substitutions() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("copydesk.toml"),
            "style = \"ap\"\n\n[[substitutions]]\nfind = \"Ledger Newspapers\"\nreplace = \"Ledger Media\"\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("story.txt"), "Ledger Newspapers reporters flew to Kiev.\n").unwrap();
        let out = run_in(dir.path(), &["check", "--fix", "story.txt"]);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
        assert_eq!(std::fs::read_to_string(dir.path().join("story.txt")).unwrap(), "Ledger Media reporters flew to Kyiv.\n");
    }
}
