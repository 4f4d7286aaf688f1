//! Snapshot tests (insta) of every default rule — and of the AP pack — over the realistic drafts
//! in tests/fixtures/ and examples/: each finding with its line, column, rule, severity, the
//! text it covers and its fix, followed by the draft as `engine::fix` leaves it (what
//! `copydesk check --fix` and the editor's fix-all write), so a change in any rule's output
//! shows up as a reviewed diff in tests/snapshots/.
//!
//! To accept new output after a deliberate change: `INSTA_UPDATE=always cargo test --test
//! snapshots`, then read the diff of tests/snapshots/ before committing. Under CI (`CI` set)
//! insta never writes snapshots and a mismatch fails.

use std::fmt::Write;
use std::path::Path;

use copydesk::config::{Settings, Style};
use copydesk::draft::Format;
use copydesk::engine;

fn read(path: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// 1-based line and column (in characters) of byte offset `at`.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, text[start..at].chars().count() + 1)
}

/// The report: one line per finding, then the fixed draft.
fn report(path: &str, settings: &Settings) -> String {
    let text = read(path);
    let format = if path.ends_with(".md") { Format::Markdown } else { Format::Plain };
    let out = engine::check(&text, format, settings);
    assert!(out.internal_errors.is_empty(), "{path}: {:?}", out.internal_errors);
    let mut s = String::new();
    for d in &out.diagnostics {
        let (line, col) = line_col(&text, d.range.start);
        let covered: String = text[d.range.clone()].chars().take(60).collect();
        let _ = write!(s, "{line}:{col} {} {} {:?} — {}", d.severity.as_str(), d.rule, covered, d.message);
        if let Some(fix) = &d.fix {
            let _ = write!(s, " [fix {}: {}]", fix.applicability.as_str(), fix.title);
        }
        s.push('\n');
    }
    let fixed = engine::fix(&text, format, settings);
    let _ = write!(s, "\n---- after the safe fixes ({} applied) ----\n{}", fixed.fixed.len(), fixed.text);
    s
}

fn ap() -> Settings {
    Settings { style: Style::Ap, ..Settings::default() }
}

macro_rules! snapshot {
    ($name:ident, $path:expr, $settings:expr) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(stringify!($name), report($path, &$settings));
        }
    };
}

snapshot!(wire_story_defaults, "tests/fixtures/wire-story.txt", Settings::default());
snapshot!(wire_story_ap, "tests/fixtures/wire-story.txt", ap());
snapshot!(ferry_story_markdown_defaults, "tests/fixtures/ferry-story.md", Settings::default());
snapshot!(ap_errors_ap, "tests/fixtures/ap-errors.txt", ap());
snapshot!(scraped_wire_story_defaults, "examples/scraped-wire-story.txt", Settings::default());
snapshot!(clean_story_ap, "examples/clean-story.txt", ap());
snapshot!(markdown_draft_defaults, "examples/markdown-draft.md", Settings::default());
snapshot!(pasted_page_defaults, "tests/fixtures/pages/pasted-page.txt", Settings::default());
snapshot!(pasted_page_spanish_defaults, "tests/fixtures/pages/pasted-page-es.txt", Settings::default());
snapshot!(story_with_structure_ap, "tests/fixtures/pages/story-with-structure.txt", ap());
snapshot!(story_german_defaults, "tests/fixtures/pages/story-de.txt", Settings::default());
