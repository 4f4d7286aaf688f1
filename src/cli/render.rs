//! The only module that prints: turns reports into rustc-style, concise or JSON output.
//!
//! Lines and columns shown to users are 1-based; columns count Unicode scalar values
//! (characters), not bytes. JSON also carries 0-based, half-open byte offsets.

use std::io::Write;

use serde::Serialize;

use super::{FileError, FileReport};
use crate::diagnostic::Diagnostic;

/// 1-based (line, column) of byte `offset` in `text`; the column counts characters. Line
/// breaks are `\n`, `\r\n` and a lone `\r`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let mut line = 1;
    let mut line_start = 0;
    let bytes = before.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                line += 1;
                line_start = i + 1;
            }
            // A lone CR ends a line; the CR of a CRLF does not (the LF that follows does).
            b'\r' if text.as_bytes().get(i + 1) != Some(&b'\n') => {
                line += 1;
                line_start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    (line, before[line_start..].chars().count() + 1)
}

/// The full text of the line containing byte `offset`, without its terminator.
fn line_text(text: &str, offset: usize) -> (&str, usize) {
    let start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let end = text[offset..].find(['\n', '\r']).map_or(text.len(), |i| offset + i);
    (&text[start..end], start)
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
        match e.location {
            Some((line, col)) => {
                let _ = writeln!(err, "error: {}:{line}:{col}: {}", e.path, e.message);
            }
            None => {
                let _ = writeln!(err, "error: {}: {}", e.path, e.message);
            }
        }
    }
}

/// rustc-style output: each finding with its location and underlined source line, then a
/// summary. File errors go to stderr.
pub fn full(reports: &[FileReport], errors: &[FileError]) {
    let mut out = std::io::stdout().lock();
    let mut total = 0;
    let mut fixable = 0;
    let mut fixed = 0;
    for report in reports {
        fixed += report.fixed;
        if report.fixed > 0 {
            let _ = writeln!(out, "fixed {} finding(s) in {}", report.fixed, report.path);
        }
        for d in &report.diagnostics {
            total += 1;
            let (line, col) = line_col(&report.text, d.range.start);
            let (src, src_start) = line_text(&report.text, d.range.start);
            let width = line.to_string().len();
            let pad = " ".repeat(width);
            let _ = writeln!(out, "{}[{}]: {}", d.severity.as_str(), d.rule, d.message);
            let _ = writeln!(out, "{pad}--> {}:{line}:{col}", report.path);
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{line} | {src}");
            let lead = report.text[src_start..d.range.start].chars().count();
            let end = d.range.end.min(src_start + src.len());
            let len = report.text[d.range.start..end].chars().count().max(1);
            let _ = writeln!(out, "{pad} | {}{}", " ".repeat(lead), "^".repeat(len));
            if let Some(fix) = &d.fix {
                let _ = writeln!(out, "{pad} = fix ({}): {}", fix.applicability.as_str(), fix.title);
                if fix.applicability == crate::fix::Applicability::Safe {
                    fixable += 1;
                }
            }
            let _ = writeln!(out);
        }
    }
    let files = reports.len();
    let summary = match (total, fixed) {
        (0, 0) => format!("{files} file(s) checked: no findings"),
        (0, f) => format!("{files} file(s) checked: fixed {f}, none left"),
        (t, 0) => format!("{files} file(s) checked: {t} finding(s), {fixable} fixable with --fix"),
        (t, f) => format!("{files} file(s) checked: fixed {f}, {t} left"),
    };
    let _ = writeln!(out, "{summary}");
    drop(out);
    errors_to_stderr(errors);
}

/// One line per finding: `path:line:col: severity[rule] message`. File errors go to stderr.
pub fn concise(reports: &[FileReport], errors: &[FileError]) {
    let mut out = std::io::stdout().lock();
    for report in reports {
        for d in &report.diagnostics {
            let (line, col) = line_col(&report.text, d.range.start);
            let _ = writeln!(out, "{}:{line}:{col}: {}[{}] {}", report.path, d.severity.as_str(), d.rule, d.message);
        }
    }
    drop(out);
    errors_to_stderr(errors);
}

#[derive(Serialize)]
struct JsonRun<'a> {
    version: u32,
    files: Vec<JsonFile<'a>>,
    errors: Vec<JsonError<'a>>,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    path: &'a str,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    start_byte: usize,
    end_byte: usize,
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    applicability: &'a str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    start_byte: usize,
    end_byte: usize,
    replacement: &'a str,
}

#[derive(Serialize)]
struct JsonError<'a> {
    path: &'a str,
    message: &'a str,
    /// 1-based, for configuration errors with a position.
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
}

fn json_diagnostic<'a>(text: &str, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    let (line, column) = line_col(text, d.range.start);
    let (end_line, end_column) = line_col(text, d.range.end);
    JsonDiagnostic {
        rule: d.rule,
        severity: d.severity.as_str(),
        message: &d.message,
        line,
        column,
        end_line,
        end_column,
        start_byte: d.range.start,
        end_byte: d.range.end,
        fix: d.fix.as_ref().map(|f| JsonFix {
            applicability: f.applicability.as_str(),
            edits: f
                .edits
                .iter()
                .map(|e| JsonEdit { start_byte: e.range.start, end_byte: e.range.end, replacement: &e.replacement })
                .collect(),
        }),
    }
}

/// One JSON document for the whole run (shape documented in README.md, `version` 1).
pub fn json(reports: &[FileReport], errors: &[FileError]) {
    let run = JsonRun {
        version: 1,
        files: reports
            .iter()
            .map(|r| JsonFile { path: &r.path, diagnostics: r.diagnostics.iter().map(|d| json_diagnostic(&r.text, d)).collect() })
            .collect(),
        errors: errors
            .iter()
            .map(|e| JsonError {
                path: &e.path,
                message: &e.message,
                line: e.location.map(|l| l.0),
                column: e.location.map(|l| l.1),
            })
            .collect(),
    };
    let mut out = std::io::stdout().lock();
    let _ = serde_json::to_writer(&mut out, &run);
    let _ = writeln!(out);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_and_all_three_line_breaks() {
        let text = "a\r\nbé\rc\nd";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        assert_eq!(line_col(text, 6), (2, 3));
        assert_eq!(line_col(text, 7), (3, 1));
        assert_eq!(line_col(text, 9), (4, 1));
    }
}

/// `copydesk entities --format human`: per file, its people then its places, each with its
/// detail, first line and number of mentions. File errors go to stderr.
pub fn entities_human(reports: &[super::EntitiesReport], errors: &[FileError]) {
    use crate::entities::hover;
    let mut out = std::io::stdout().lock();
    for (n, r) in reports.iter().enumerate() {
        if n > 0 {
            let _ = writeln!(out);
        }
        let draft = crate::draft::Draft::new(&r.text, r.format);
        let outline = hover::outline(&draft, &r.index, &r.settings);
        let _ = writeln!(out, "{}", r.path);
        for (title, items) in [("People", &outline.people), ("Places", &outline.places)] {
            let _ = writeln!(out, "  {title} ({})", items.len());
            for item in items {
                let (line, col) = line_col(&r.text, item.range.start);
                let detail = if item.detail.is_empty() { String::new() } else { format!(" — {}", item.detail) };
                let s = if item.mentions == 1 { "" } else { "s" };
                let _ = writeln!(out, "    {}{detail} · first {line}:{col} · {} mention{s}", item.name, item.mentions);
            }
        }
    }
    drop(out);
    errors_to_stderr(errors);
}

#[derive(Serialize)]
struct JsonEntities<'a> {
    version: u32,
    files: Vec<JsonEntitiesFile<'a>>,
    errors: Vec<JsonError<'a>>,
}

#[derive(Serialize)]
struct JsonEntitiesFile<'a> {
    path: &'a str,
    entities: Vec<JsonEntity<'a>>,
}

#[derive(Serialize)]
struct JsonEntity<'a> {
    kind: &'a str,
    name: &'a str,
    /// `names-list`, `desk-list`, `copy` or `gazetteer`.
    source: &'a str,
    /// Why it was recognised: `names-list`, `gazetteer`, `cue`, `given-name`, `link`,
    /// `speech` or `shape` (the weakest).
    evidence: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    surname: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    role_source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    place: Option<JsonPlace>,
    first_mention: JsonMention<'a>,
    mentions: Vec<JsonMention<'a>>,
}

#[derive(Serialize)]
struct JsonPlace {
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    capital_of: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    population: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    latitude: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    longitude: Option<f64>,
    source: &'static str,
}

#[derive(Serialize)]
struct JsonMention<'a> {
    text: &'a str,
    form: &'a str,
    line: usize,
    column: usize,
    start_byte: usize,
    end_byte: usize,
}

fn json_mention<'a>(text: &'a str, m: &crate::entities::Mention) -> JsonMention<'a> {
    let (line, column) = line_col(text, m.range.start);
    JsonMention {
        text: &text[m.range.clone()],
        form: m.form.as_str(),
        line,
        column,
        start_byte: m.range.start,
        end_byte: m.range.end,
    }
}

/// `copydesk entities --format json`: one document (`version` 1) with, per file, every
/// entity (kind, name, source, role, place facts) and every mention (1-based line and
/// character column, 0-based half-open byte offsets, form).
pub fn entities_json(reports: &[super::EntitiesReport], errors: &[FileError]) {
    use crate::entities::{hover, Source};
    let mut files = Vec::new();
    for r in reports {
        let draft = crate::draft::Draft::new(&r.text, r.format);
        let entities = r
            .index
            .entities
            .iter()
            .map(|e| {
                let role = hover::person_role(&draft, &r.settings, e);
                let place = match e.source {
                    Source::Gazetteer(p) => {
                        let f = hover::place_facts(p);
                        Some(JsonPlace {
                            kind: f.kind,
                            country: f.country,
                            region: f.region,
                            capital_of: f.capital_of,
                            population: f.population,
                            latitude: f.coordinates.map(|c| c.0),
                            longitude: f.coordinates.map(|c| c.1),
                            source: f.source,
                        })
                    }
                    _ => None,
                };
                JsonEntity {
                    kind: e.kind.as_str(),
                    name: &e.name,
                    source: match e.source {
                        Source::NamesList(_) => "names-list",
                        Source::DeskList(_) => "desk-list",
                        Source::Copy => "copy",
                        Source::Gazetteer(_) => "gazetteer",
                    },
                    evidence: e.evidence.as_str(),
                    surname: e.surname.as_deref(),
                    role: role.as_ref().map(|r| r.text.clone()),
                    role_source: role.map(|r| r.note),
                    place,
                    first_mention: json_mention(&r.text, e.first_mention()),
                    mentions: e.mentions.iter().map(|m| json_mention(&r.text, m)).collect(),
                }
            })
            .collect();
        files.push(JsonEntitiesFile { path: &r.path, entities });
    }
    let doc = JsonEntities {
        version: 1,
        files,
        errors: errors
            .iter()
            .map(|e| JsonError { path: &e.path, message: &e.message, line: e.location.map(|l| l.0), column: e.location.map(|l| l.1) })
            .collect(),
    };
    let mut out = std::io::stdout().lock();
    let _ = serde_json::to_writer(&mut out, &doc);
    let _ = writeln!(out);
    drop(out);
    errors_to_stderr(errors);
}
