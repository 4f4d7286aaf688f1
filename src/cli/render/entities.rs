//! `copydesk entities` output: the people and places of each draft, as text or one JSON
//! document. Lines and columns are 1-based; columns count characters.

use std::io::Write;

use serde::Serialize;

use super::super::locate::locate;
use super::errors_to_stderr;
use crate::cli::FileError;

/// 1-based (line, column in characters) of byte `offset` in `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let p = locate(text, &[offset])[0];
    (p.line, p.column)
}

#[derive(Serialize)]
struct JsonError<'a> {
    path: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
}

/// `copydesk entities --format human`: per file, its people then its places, each with its
/// detail, first line and number of mentions. File errors go to stderr.
pub fn entities_human(reports: &[crate::cli::EntitiesReport], errors: &[FileError]) {
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
pub fn entities_json(reports: &[crate::cli::EntitiesReport], errors: &[FileError]) {
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
