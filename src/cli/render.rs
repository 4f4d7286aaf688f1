//! The only module that prints. Turns a finished [`Run`] into one of the report formats, and
//! prints the `rules` table, `explain` pages, diffs, progress and error messages.
//!
//! Lines and columns shown to users are 1-based; columns count Unicode scalar values
//! (characters), not bytes (see [`super::locate`]). JSON also carries 0-based, half-open byte
//! offsets. Each machine format lives in its own submodule as a pure writer into any
//! `io::Write`, so tests can render to a buffer; only this file locks stdout and stderr.

mod checkstyle;
mod full;
mod github;
mod json;
mod sarif;
mod entities;

pub use entities::{entities_human, entities_json};

use std::io::{IsTerminal, Write};

use super::select::UnknownRule;
use super::{ColorChoice, FileError, OutputFormat, Run};
use crate::rules::RuleMeta;

/// Prints the report of a run in `format` to stdout. File errors go to stderr for the human
/// formats (`full`, `concise`) and into the document for the machine formats.
pub fn report(run: &Run, format: OutputFormat, color: bool) {
    // Buffered: stdout alone is line-buffered, and a JSON document with a million findings is
    // one line written in a million small pieces, each searched for a line break.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let _ = write_report(&mut out, run, format, color);
    let _ = out.flush();
    drop(out);
    if matches!(format, OutputFormat::Full | OutputFormat::Concise) {
        errors_to_stderr(&run.errors);
    }
}

/// Writes the report of a run in `format` to `out` (without the stderr part).
pub fn write_report(out: &mut dyn Write, run: &Run, format: OutputFormat, color: bool) -> std::io::Result<()> {
    match format {
        OutputFormat::Full => full::write(out, run, color),
        OutputFormat::Concise => concise(out, run),
        OutputFormat::Json => json::write(out, run),
        OutputFormat::Sarif => sarif::write(out, run),
        OutputFormat::Github => github::write(out, run),
        OutputFormat::Checkstyle => checkstyle::write(out, run),
    }
}

/// Whether the rustc-style report should be coloured: `always`/`never` as asked; `auto` when
/// stdout is a terminal, `NO_COLOR` is unset or empty (<https://no-color.org>) and `TERM` is
/// not `dumb`.
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
            !no_color && !dumb && std::io::stdout().is_terminal()
        }
    }
}

/// One line per finding: `path:line:col: severity[rule] message`.
fn concise(out: &mut dyn Write, run: &Run) -> std::io::Result<()> {
    for report in &run.reports {
        for f in &report.findings {
            let d = &f.diagnostic;
            writeln!(out, "{}:{}:{}: {}[{}] {}", report.path, f.start.line, f.start.column, d.severity.as_str(), d.rule, d.message)?;
        }
    }
    Ok(())
}

/// Prints clap's own error or help text.
pub fn clap_error(e: &clap::Error) {
    let _ = e.print();
}

/// Prints fixed text (for `check --fix -`).
pub fn fixed_stdin(text: &str) {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

/// Prints `text` to stdout as it is.
pub fn text(text: &str) {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

/// Prints errors to stderr: `error: path: message`, or `error: path:line:col: message` when
/// the error has a position.
pub fn errors_to_stderr(errors: &[FileError]) {
    let mut err = std::io::stderr().lock();
    for e in errors {
        let _ = match e.location {
            Some((line, col)) => writeln!(err, "error: {}:{line}:{col}: {}", e.path, e.message),
            None => writeln!(err, "error: {}: {}", e.path, e.message),
        };
    }
}

/// `--diff`: prints each file's unified diff to stdout, then a one-line summary and any file
/// errors to stderr.
pub fn diffs(run: &Run) {
    let mut out = std::io::stdout().lock();
    let mut files = 0;
    let mut fixes = 0;
    for report in &run.reports {
        if let Some(diff) = report.diff.as_deref().filter(|d| !d.is_empty()) {
            let _ = out.write_all(diff.as_bytes());
            files += 1;
            fixes += report.fixed;
        }
    }
    drop(out);
    let mut err = std::io::stderr().lock();
    let _ = match files {
        0 => writeln!(err, "{} file(s) checked: nothing to fix", run.reports.len()),
        _ => writeln!(err, "would fix {fixes} finding(s) in {files} file(s)"),
    };
    drop(err);
    errors_to_stderr(&run.errors);
}

/// A usage error found after argument parsing (e.g. a flag combination), to stderr.
pub fn usage_error(message: &str) {
    let _ = writeln!(std::io::stderr().lock(), "error: {message}");
}

/// An unknown rule name on the command line: the name, close matches, and every valid name.
pub fn unknown_rule(err: &UnknownRule) {
    let mut e = std::io::stderr().lock();
    let _ = writeln!(e, "error: unknown rule `{}` (in {})", err.given, err.flag);
    if !err.suggestions.is_empty() {
        let _ = writeln!(e, "  did you mean: {}", err.suggestions.join(", "));
    }
    let names: Vec<&str> = crate::rules::ALL.iter().map(|r| r.name).collect();
    let _ = writeln!(e, "  valid rule names: {}", names.join(", "));
}

/// `copydesk rules`: an aligned table (name, code, default severity, default state, fix,
/// summary) or, with `json`, an array of objects with the same facts plus the docs URL.
pub fn rules_table(rules: &[&RuleMeta], json: bool) {
    let mut out = std::io::stdout().lock();
    if json {
        let rows: Vec<serde_json::Value> = rules
            .iter()
            .map(|r| {
                serde_json::json!({
                    "name": r.name,
                    "code": r.code,
                    "default_severity": r.default_severity.as_str(),
                    "default": r.default_state(),
                    "fix": r.fix.as_str(),
                    "summary": r.summary,
                    "docs_url": r.docs_url(),
                })
            })
            .collect();
        let _ = serde_json::to_writer_pretty(&mut out, &rows);
        let _ = writeln!(out);
        return;
    }
    let header = ["NAME", "CODE", "SEVERITY", "DEFAULT", "FIX", "SUMMARY"];
    let rows: Vec<[&str; 6]> = rules
        .iter()
        .map(|r| [r.name, r.code, r.default_severity.as_str(), r.default_state(), r.fix.as_str(), r.summary])
        .collect();
    let mut widths = header.map(str::len);
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    for row in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            if i + 1 == row.len() {
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&" ".repeat(widths[i] - cell.chars().count() + 2));
            }
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
    let _ = writeln!(out, "\nDEFAULT: on = runs with no configuration; pack = turned on by a style pack (style = \"ap\"); off = only when configured.");
}

/// `copydesk explain RULE`: the rule's facts and its documentation (Markdown).
pub fn explain(rule: &RuleMeta) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "# {} ({})\n", rule.name, rule.code);
    let _ = writeln!(
        out,
        "Default: {} at {} · Fix: {} · Docs: {}\n",
        rule.default_state(),
        rule.default_severity.as_str(),
        rule.fix.as_str(),
        rule.docs_url()
    );
    let _ = out.write_all(rule.docs().as_bytes());
}

/// A progress bar on stderr for `total` files, when stderr is a terminal and the run is big
/// enough (more than 200 files) to be worth one. Never drawn on stdout, so machine formats
/// stay clean.
pub fn progress(total: usize) -> Option<indicatif::ProgressBar> {
    if total <= 200 || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::with_draw_target(Some(total as u64), indicatif::ProgressDrawTarget::stderr());
    if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} checking {pos}/{len} files {wide_bar} {elapsed}") {
        bar.set_style(style);
    }
    Some(bar)
}

/// A path as written into machine formats that want a repository-relative path (SARIF,
/// GitHub annotations): without a leading `./`.
fn relative(path: &str) -> &str {
    let mut p = path;
    while let Some(rest) = p.strip_prefix("./") {
        p = rest;
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::locate::Position;
    use crate::cli::{FileReport, Finding};
    use crate::diagnostic::{Diagnostic, Severity};
    use crate::fix::{Edit, Fix};

    /// A run over one file with two findings: a safe-fixable warning with characters that every
    /// format must escape, and an info finding.
    pub(super) fn sample_run() -> Run {
        let text = "Intro, 100% \"sure\" <b>&</b>\nthe the end:\n".to_string();
        let d1 = Diagnostic {
            rule: "web-boilerplate",
            range: 0..5,
            severity: Severity::Warning,
            message: "odd, 100% \"text\" <&> 'here'\nsecond line: yes".into(),
            fix: Some(Fix::safe("Remove", Edit::delete(0..7))),
            unnecessary: true,
        };
        let d2 = Diagnostic {
            rule: "doubled-word",
            range: 28..35,
            severity: Severity::Info,
            message: "doubled word: `the the`".into(),
            fix: None,
            unnecessary: false,
        };
        let findings = vec![
            Finding { diagnostic: d1, start: Position { line: 1, column: 1 }, end: Position { line: 1, column: 6 } },
            Finding { diagnostic: d2, start: Position { line: 2, column: 1 }, end: Position { line: 2, column: 8 } },
        ];
        Run {
            reports: vec![FileReport { path: "./dir, a:b/story 1.txt".into(), text, findings, fixed: 0, diff: None }],
            errors: vec![
                FileError::new("bad.txt", "not valid UTF-8: invalid byte sequence at byte offset 3"),
                FileError { path: "copydesk.toml".into(), message: "unknown key `stlye`".into(), location: Some((3, 1)) },
            ],
        }
    }

    pub(super) fn render(format: OutputFormat) -> String {
        let mut buf = Vec::new();
        write_report(&mut buf, &sample_run(), format, false).unwrap();
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn concise_is_one_line_per_finding() {
        assert_eq!(
            render(OutputFormat::Concise),
            "./dir, a:b/story 1.txt:1:1: warning[web-boilerplate] odd, 100% \"text\" <&> 'here'\nsecond line: yes\n\
             ./dir, a:b/story 1.txt:2:1: info[doubled-word] doubled word: `the the`\n"
        );
    }

    #[test]
    fn relative_strips_leading_dot_slashes_only() {
        assert_eq!(relative("./a/./b.txt"), "a/./b.txt");
        assert_eq!(relative("././b.txt"), "b.txt");
        assert_eq!(relative("../b.txt"), "../b.txt");
    }
}

