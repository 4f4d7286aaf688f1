//! `--format json`: one JSON document (version 1) for the whole run, in the shape README.md
//! documents (key order included):
//! `{"version":1,"files":[{"path","diagnostics":[{"rule","severity","message","line","column",
//! "end_line","end_column","start_byte","end_byte","fix":null|{"applicability","edits":[
//! {"start_byte","end_byte","replacement"}]}}]}],"errors":[{"path","message"}]}`; an error in
//! a configuration file also carries its 1-based `line` and `column`.

use std::io::Write;

use serde::Serialize;

use crate::cli::{Finding, Run};

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

fn diagnostic(f: &Finding) -> JsonDiagnostic<'_> {
    let d = &f.diagnostic;
    JsonDiagnostic {
        rule: d.rule,
        severity: d.severity.as_str(),
        message: &d.message,
        line: f.start.line,
        column: f.start.column,
        end_line: f.end.line,
        end_column: f.end.column,
        start_byte: d.range.start,
        end_byte: d.range.end,
        fix: d.fix.as_ref().map(|fix| JsonFix {
            applicability: fix.applicability.as_str(),
            edits: fix
                .edits
                .iter()
                .map(|e| JsonEdit { start_byte: e.range.start, end_byte: e.range.end, replacement: &e.replacement })
                .collect(),
        }),
    }
}

/// Writes the document and a final newline.
pub fn write(out: &mut dyn Write, run: &Run) -> std::io::Result<()> {
    let doc = JsonRun {
        version: 1,
        files: run
            .reports
            .iter()
            .map(|r| JsonFile { path: &r.path, diagnostics: r.findings.iter().map(diagnostic).collect() })
            .collect(),
        errors: run
            .errors
            .iter()
            .map(|e| JsonError {
                path: &e.path,
                message: &e.message,
                line: e.location.map(|l| l.0),
                column: e.location.map(|l| l.1),
            })
            .collect(),
    };
    serde_json::to_writer(&mut *out, &doc)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use crate::cli::render::tests::render;
    use crate::cli::OutputFormat;

    #[test]
    fn the_document_parses_and_escapes_strings() {
        let text = render(OutputFormat::Json);
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let d = &v["files"][0]["diagnostics"][0];
        assert_eq!(d["message"], "odd, 100% \"text\" <&> 'here'\nsecond line: yes");
        assert_eq!(d["fix"]["edits"][0]["end_byte"], 7);
        assert_eq!(v["files"][0]["diagnostics"][1]["fix"], serde_json::Value::Null);
        assert_eq!(v["errors"][0], serde_json::json!({"path": "bad.txt", "message": "not valid UTF-8: invalid byte sequence at byte offset 3"}));
        assert_eq!(v["errors"][1]["line"], 3);
        assert_eq!(v["errors"][1]["column"], 1);
    }
}
