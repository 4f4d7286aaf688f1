//! The default, rustc-style report (annotate-snippets): each finding's title, its location,
//! the source line(s) with the span underlined, its fix, then one summary line.

use std::io::Write;

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};

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

/// The source to show for a finding, the span within it, and whether the source starts
/// mid-line (then the caller prints the location itself, as annotate-snippets would count the
/// column from the window's start). Normally the whole lines the finding covers; on a very
/// long line, a window of about [`MAX_SNIPPET_BYTES`] around the span, marked with `…`. The
/// searches for the line's ends look at most that far, so a line of a million characters
/// with thousands of findings costs thousands of small windows, not a quadratic scan. Lone
/// `\r` line breaks become `\n` (same length, so offsets hold).
fn snippet_source(text: &str, f: &Finding) -> (String, std::ops::Range<usize>, bool) {
    let len = text.len();
    let start = f.diagnostic.range.start.min(len);
    let end = f.diagnostic.range.end.clamp(start, len);
    let breaks = ['\n', '\r'];
    let back = floor_char(text, start.saturating_sub(MAX_SNIPPET_BYTES));
    let (from, prefix) = match text[back..start].rfind(breaks) {
        Some(i) => (back + i + 1, ""),
        None if back == 0 => (0, ""),
        None => (floor_char(text, start.saturating_sub(MAX_SNIPPET_BYTES / 4)), "…"),
    };
    // A span ending just after a line break ends on that line.
    let last = if end > start && matches!(text.as_bytes()[end - 1], b'\n' | b'\r') { end - 1 } else { end };
    let ahead = floor_char(text, last.saturating_add(MAX_SNIPPET_BYTES - MAX_SNIPPET_BYTES / 4).min(len)).max(last);
    let (mut to, mut suffix) = match text[last..ahead].find(breaks) {
        Some(i) => (last + i, ""),
        None if ahead == len => (len, ""),
        None => (ahead, "…"),
    };
    // A very long span (none of the rules makes one) is cut too.
    if to - from > 2 * MAX_SNIPPET_BYTES {
        to = floor_char(text, from + 2 * MAX_SNIPPET_BYTES);
        suffix = "…";
    }
    let mut source = String::with_capacity(to - from + 8);
    source.push_str(prefix);
    source.push_str(&lone_cr_to_lf(&text[from..to]));
    source.push_str(suffix);
    let shift = prefix.len();
    let span = start.clamp(from, to) - from + shift..end.clamp(from, to) - from + shift;
    (source, span, !prefix.is_empty())
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
            let (source, span, windowed) = snippet_source(&report.text, f);
            let mut snippet = Snippet::source(source).line_start(f.start.line).annotation(AnnotationKind::Primary.span(span));
            // annotate-snippets counts the column from the start of the source it is given;
            // for a window that is not the line's start, so the location line is ours.
            if !windowed {
                snippet = snippet.path(report.path.as_str());
            }
            let mut group = level(d.severity).primary_title(d.message.as_str()).id(d.rule).element(snippet);
            if let Some(fix) = &d.fix {
                if fix.applicability == Applicability::Safe {
                    fixable += 1;
                }
                group = group.element(Level::HELP.message(format!("fix ({}): {}", fix.applicability.as_str(), fix.title)));
            }
            let rendered = renderer.render(&[group]);
            if windowed {
                let (title, rest) = rendered.split_once('\n').unwrap_or((&rendered, ""));
                let pad = " ".repeat(f.end.line.to_string().len());
                let arrow = if color { "\u{1b}[1m\u{1b}[94m--> \u{1b}[0m" } else { "--> " };
                writeln!(out, "{title}\n{pad}{arrow}{}:{}:{}\n{rest}\n", report.path, f.start.line, f.start.column)?;
            } else {
                writeln!(out, "{rendered}\n")?;
            }
        }
    }
    // Files that could not be checked (unreadable, binary, not UTF-8, over the size limit, a
    // broken configuration) are listed on stderr; the summary must not read as all clear.
    let head = match run.errors.len() {
        0 => format!("{} file(s) checked", run.reports.len()),
        e => format!("{} file(s) checked, {e} could not be (errors below)", run.reports.len()),
    };
    let summary = match (total, fixed) {
        (0, 0) => format!("{head}: no findings"),
        (0, f) => format!("{head}: fixed {f}, none left"),
        (t, 0) => format!("{head}: {t} finding(s), {fixable} fixable with --fix"),
        (t, f) => format!("{head}: fixed {f}, {t} left"),
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
        assert!(text.ends_with("1 file(s) checked, 2 could not be (errors below): 2 finding(s), 1 fixable with --fix\n"), "{text}");
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
        let (source, span, windowed) = snippet_source(&text, &f);
        assert!(windowed);
        assert!(source.len() <= MAX_SNIPPET_BYTES + 4 + 8, "{}", source.len());
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
        let (source, span, windowed) = snippet_source(text, &f);
        assert!(!windowed);
        assert_eq!(source, "two the the");
        assert_eq!(&source[span], "the the");
    }
}
