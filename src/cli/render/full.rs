//! The default, rustc-style report (annotate-snippets): each finding's title, its location,
//! the source line(s) with the span underlined, its fix, then one summary line.

use std::io::Write;

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};

use crate::cli::locate::line_span;
use crate::cli::{Finding, Run};
use crate::diagnostic::Severity;
use crate::fix::Applicability;

/// Lines longer than this many bytes are shown as a window around the span (with `…` marks),
/// so a 1,000,000-character line prints a screenful, not a megabyte.
const MAX_SNIPPET_BYTES: usize = 600;

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
        Severity::Hint => Level::HELP.with_name("hint"),
    }
}

/// The source to show for a finding and the span within it: the whole lines the finding
/// covers, or a window of at most about [`MAX_SNIPPET_BYTES`] around the span's start on a
/// very long line. Lone `\r` line breaks become `\n` (same length, so offsets hold).
fn snippet_source(text: &str, f: &Finding) -> (String, std::ops::Range<usize>) {
    let range = f.diagnostic.range.clone();
    let lines = line_span(text, range.clone());
    let (mut from, mut to) = (lines.start, lines.end);
    let mut prefix = "";
    let mut suffix = "";
    if to - from > MAX_SNIPPET_BYTES {
        let half = MAX_SNIPPET_BYTES / 2;
        let start = range.start.min(text.len());
        if start - from > half {
            from = floor_char(text, start - half / 2);
            prefix = "…";
        }
        if to - from > MAX_SNIPPET_BYTES {
            to = floor_char(text, from + MAX_SNIPPET_BYTES).max(start);
            suffix = "…";
        }
    }
    let mut source = String::with_capacity(to - from + 8);
    source.push_str(prefix);
    source.push_str(&lone_cr_to_lf(&text[from..to]));
    let shift = prefix.len();
    source.push_str(suffix);
    let start = range.start.clamp(from, to) - from + shift;
    let end = range.end.clamp(from, to) - from + shift;
    (source, start..end.max(start))
}

/// `s` with every `\r` that is not part of a `\r\n` turned into `\n`: the same length, so
/// byte offsets into it stay valid, and a line break annotate-snippets recognises.
fn lone_cr_to_lf(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    for (i, _) in s.match_indices('\r') {
        if bytes.get(i + 1) != Some(&b'\n') {
            out.push_str(&s[last..i]);
            out.push('\n');
            last = i + 1;
        }
    }
    out.push_str(&s[last..]);
    out
}

fn floor_char(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Writes the report. `color` selects ANSI styling (decided by the caller from the terminal,
/// `NO_COLOR` and `--color`).
pub fn write(out: &mut dyn Write, run: &Run, color: bool) -> std::io::Result<()> {
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    let (mut total, mut fixable, mut fixed) = (0, 0, 0);
    for report in &run.reports {
        fixed += report.fixed;
        if report.fixed > 0 {
            writeln!(out, "fixed {} finding(s) in {}", report.fixed, report.path)?;
        }
        for f in &report.findings {
            total += 1;
            let d = &f.diagnostic;
            let (source, span) = snippet_source(&report.text, f);
            let snippet = Snippet::source(source)
                .line_start(f.start.line)
                .path(report.path.as_str())
                .annotation(AnnotationKind::Primary.span(span));
            let mut group = level(d.severity).primary_title(d.message.as_str()).id(d.rule).element(snippet);
            if let Some(fix) = &d.fix {
                if fix.applicability == Applicability::Safe {
                    fixable += 1;
                }
                group = group.element(Level::HELP.message(format!("fix ({}): {}", fix.applicability.as_str(), fix.title)));
            }
            writeln!(out, "{}\n", renderer.render(&[group]))?;
        }
    }
    let files = run.reports.len();
    let summary = match (total, fixed) {
        (0, 0) => format!("{files} file(s) checked: no findings"),
        (0, f) => format!("{files} file(s) checked: fixed {f}, none left"),
        (t, 0) => format!("{files} file(s) checked: {t} finding(s), {fixable} fixable with --fix"),
        (t, f) => format!("{files} file(s) checked: fixed {f}, {t} left"),
    };
    writeln!(out, "{summary}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::render::tests::render;
    use crate::cli::OutputFormat;

    #[test]
    fn shows_title_location_source_underline_fix_and_summary() {
        let text = render(OutputFormat::Full);
        assert!(text.contains("warning[web-boilerplate]: odd, 100%"), "{text}");
        assert!(text.contains("--> ./dir, a:b/story 1.txt:1:1"), "{text}");
        assert!(text.contains("1 | Intro, 100% \"sure\" <b>&</b>\n  | ^^^^^"), "{text}");
        assert!(text.contains("= help: fix (safe): Remove"), "{text}");
        assert!(text.contains("info[doubled-word]: doubled word"), "{text}");
        assert!(text.contains("2 | the the end:\n  | ^^^^^^^"), "{text}");
        assert!(text.ends_with("1 file(s) checked: 2 finding(s), 1 fixable with --fix\n"), "{text}");
        assert!(!text.contains('\u{1b}'), "no colour codes when colour is off");
    }

    #[test]
    fn a_very_long_line_is_shown_as_a_window_around_the_span() {
        let line = "word ".repeat(200_000);
        let at = line.len() / 2;
        let text = format!("{line}\n");
        let d = crate::diagnostic::Diagnostic {
            rule: "doubled-word",
            range: at..at + 4,
            severity: Severity::Warning,
            message: "m".into(),
            fix: None,
            unnecessary: false,
        };
        let f = Finding {
            diagnostic: d,
            start: crate::cli::locate::Position { line: 1, column: at + 1 },
            end: crate::cli::locate::Position { line: 1, column: at + 5 },
        };
        let (source, span) = snippet_source(&text, &f);
        assert!(source.len() <= MAX_SNIPPET_BYTES + 8, "{}", source.len());
        assert!(source.starts_with('…') && source.ends_with('…'));
        assert_eq!(&source[span], "word");
    }

    #[test]
    fn lone_carriage_returns_and_crlf_keep_offsets() {
        let text = "one\rtwo the the\r\nthree";
        let start = text.find("the the").unwrap();
        let d = crate::diagnostic::Diagnostic {
            rule: "doubled-word",
            range: start..start + 7,
            severity: Severity::Warning,
            message: "m".into(),
            fix: None,
            unnecessary: false,
        };
        let pos = crate::cli::locate::Position { line: 2, column: 5 };
        let f = Finding { diagnostic: d, start: pos, end: pos };
        let (source, span) = snippet_source(text, &f);
        assert_eq!(source, "two the the");
        assert_eq!(&source[span], "the the");
    }
}
