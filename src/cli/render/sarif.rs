//! `--format sarif`: a SARIF 2.1.0 log for GitHub code scanning and other SARIF consumers.
//!
//! - `tool.driver.rules` lists every rule of the registry (`rules::ALL`) with its summary, its
//!   docs (as text and Markdown), `helpUri` (its section of docs/rules.md) and default level;
//!   each result points back with `ruleId` and `ruleIndex`.
//! - Levels: error → `error`, warning → `warning`, info and hint → `note`.
//! - Regions carry `startLine`, `startColumn`, `endLine`, `endColumn` (1-based, end column
//!   exclusive). SARIF counts columns in UTF-16 code units unless told otherwise, so the run
//!   declares `columnKind: "unicodeCodePoints"`: columns count Unicode scalar values, exactly
//!   as in every other copydesk format.
//! - Paths become relative URI references (`./` dropped, reserved characters percent-encoded);
//!   absolute paths become `file://` URIs.
//! - Files that could not be checked become `toolExecutionNotifications` of the invocation,
//!   whose `executionSuccessful` is then false.

use std::io::Write;

use serde_json::{json, Value};

use crate::cli::Run;
use crate::diagnostic::Severity;
use crate::rules;

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

/// A path as a URI reference: unreserved characters and `/` kept, everything else (spaces,
/// `%`, `#`, `?`, non-ASCII bytes…) percent-encoded; absolute paths get the `file://` scheme.
pub fn path_to_uri(path: &str) -> String {
    let path = super::relative(path);
    let mut out = String::with_capacity(path.len() + 8);
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for &b in path.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn rule_descriptor(rule: &rules::RuleMeta) -> Value {
    let docs = rule.docs();
    let first_paragraph = docs.split("\n\n").next().unwrap_or(rule.summary).replace('\n', " ");
    json!({
        "id": rule.name,
        "shortDescription": { "text": rule.summary },
        "fullDescription": { "text": first_paragraph.trim() },
        "help": { "text": docs, "markdown": docs },
        "helpUri": rule.docs_url(),
        "defaultConfiguration": { "level": level(rule.default_severity), "enabled": rule.default_enabled },
        "properties": {
            "code": rule.code,
            "default": rule.default_state(),
            "fix": rule.fix.as_str(),
            "tags": ["copy-editing"],
        },
    })
}

/// Builds the SARIF log as a JSON value.
pub fn log(run: &Run) -> Value {
    let mut results = Vec::new();
    for report in &run.reports {
        let uri = path_to_uri(&report.path);
        for f in &report.findings {
            let d = &f.diagnostic;
            let index = rules::ALL.iter().position(|r| r.name == d.rule);
            let mut result = json!({
                "ruleId": d.rule,
                "level": level(d.severity),
                "message": { "text": d.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri },
                        "region": {
                            "startLine": f.start.line,
                            "startColumn": f.start.column,
                            "endLine": f.end.line,
                            "endColumn": f.end.column,
                        },
                    },
                }],
                "properties": { "severity": d.severity.as_str() },
            });
            if let Some(index) = index {
                result["ruleIndex"] = json!(index);
            }
            results.push(result);
        }
    }
    let notifications: Vec<Value> = run
        .errors
        .iter()
        .map(|e| {
            let mut location = json!({ "artifactLocation": { "uri": path_to_uri(&e.path) } });
            if let Some((line, column)) = e.location {
                location["region"] = json!({ "startLine": line, "startColumn": column });
            }
            json!({
                "level": "error",
                "message": { "text": format!("{}: {}", e.path, e.message) },
                "locations": [{ "physicalLocation": location }],
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "copydesk",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": rules::ALL.iter().map(|r| rule_descriptor(r)).collect::<Vec<_>>(),
                },
            },
            "invocations": [{
                "executionSuccessful": run.errors.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

/// Writes the log, pretty-printed, with a final newline.
pub fn write(out: &mut dyn Write, run: &Run) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &log(run))?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::render::tests::render;
    use crate::cli::OutputFormat;

    #[test]
    fn log_has_rules_results_regions_and_column_kind() {
        let v: Value = serde_json::from_str(&render(OutputFormat::Sarif)).unwrap();
        assert_eq!(v["version"], "2.1.0");
        let run = &v["runs"][0];
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        assert_eq!(rules.len(), rules::ALL.len());
        for (r, meta) in rules.iter().zip(rules::ALL) {
            assert_eq!(r["id"], meta.name);
            assert!(r["helpUri"].as_str().unwrap().ends_with(&format!("docs/rules.md#{}", meta.name)));
            assert!(r["help"]["markdown"].as_str().unwrap().contains("## What it flags"));
        }
        let results = run["results"].as_array().unwrap();
        assert_eq!(results.len(), 2);
        let r = &results[0];
        assert_eq!(r["ruleId"], "web-boilerplate");
        assert_eq!(rules[r["ruleIndex"].as_u64().unwrap() as usize]["id"], "web-boilerplate");
        assert_eq!(r["level"], "warning");
        assert_eq!(results[1]["level"], "note");
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "dir%2C%20a%3Ab/story%201.txt");
        assert_eq!(loc["region"], json!({"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 6}));
        assert_eq!(run["invocations"][0]["executionSuccessful"], false);
        let notes = &run["invocations"][0]["toolExecutionNotifications"];
        assert_eq!(notes[0]["level"], "error");
        assert_eq!(notes[1]["locations"][0]["physicalLocation"]["region"], json!({"startLine": 3, "startColumn": 1}));
    }

    #[test]
    fn uris_encode_reserved_and_non_ascii_characters() {
        assert_eq!(path_to_uri("./a b/#1.txt"), "a%20b/%231.txt");
        assert_eq!(path_to_uri("/srv/drafts/café.md"), "file:///srv/drafts/caf%C3%A9.md");
        assert_eq!(path_to_uri("100%.txt"), "100%25.txt");
    }
}
