//! The editor-settings schema, generated from the configuration types and the rule registry.
//!
//! VS Code learns the `copydesk.*` settings from the `contributes.configuration` block with id
//! [`SERVER_BLOCK_ID`] in `editors/vscode/package.json`. That block's `properties` are
//! generated here — the keys of [`Options`](super::Options), the values of each
//! [`Choice`](super::Choice), and one entry per rule of [`rules::ALL`] under `copydesk.rules`
//! — and a test (`tests/schema.rs`) fails when the file differs. To regenerate it:
//!
//! ```sh
//! cargo run -- schema --write editors/vscode/package.json
//! # or: UPDATE_SCHEMA=1 cargo test --test schema
//! ```
//!
//! Only that block's `properties` are rewritten; the rest of package.json (the extension's
//! own settings, commands, scripts) is left as it is.

use serde_json::{json, Map, Value};

use super::{Choice, QuoteMarks, RuleLevel, Style};
use crate::rules::{self, RuleMeta};

/// The `id` of the configuration block that mirrors `copydesk.toml` in package.json.
pub const SERVER_BLOCK_ID: &str = "copydesk.server";

/// The prefix of every setting: the configuration section the server reads.
pub const SECTION: &str = "copydesk";

/// The setting keys, without the `copydesk.` prefix, in the order they are shown: one per
/// leaf of [`Options`](super::Options) (`[rules]` is one key whose value is an object).
pub const KEYS: &[&str] =
    &["style", "exclude", "rules", "boilerplate.phrases", "substitutions", "names.lists", "quotes.marks"];

/// The `properties` object of the [`SERVER_BLOCK_ID`] block: `copydesk.<key>` → JSON schema,
/// for every key of [`KEYS`]. Every setting accepts `null` (its default), meaning "not set in
/// the editor": `copydesk.toml` and the built-in defaults apply.
pub fn vscode_properties() -> Value {
    let mut props = Map::new();
    for key in KEYS {
        props.insert(format!("{SECTION}.{key}"), property(key));
    }
    Value::Object(props)
}

fn property(key: &str) -> Value {
    match key {
        "style" => choice::<Style>(
            "Not set here: use copydesk.toml, else the built-in default (no pack).",
            "House style pack, like `style` in `copydesk.toml`. Editor settings override the file.",
        ),
        "exclude" => string_list(
            "Glob patterns of files copydesk does not check, like `exclude` in `copydesk.toml` (for example `archive/**`). Relative to the workspace folder.",
        ),
        "rules" => rules_property(),
        "boilerplate.phrases" => string_list(
            "The desk's own boilerplate lines to flag, like `[boilerplate] phrases` in `copydesk.toml` (for example `Subscribe to the Ledger`).",
        ),
        "substitutions" => nullable(
            json!({
                "type": ["array", "null"],
                "items": {
                    "type": "object",
                    "properties": {
                        "find": { "type": "string", "minLength": 1, "description": "The wording to flag." },
                        "replace": { "type": "string", "description": "The house wording that replaces it." }
                    },
                    "required": ["find", "replace"],
                    "additionalProperties": false
                }
            }),
            "The desk's own substitutions, like `[[substitutions]]` in `copydesk.toml`: a list of `{ \"find\": …, \"replace\": … }`.",
        ),
        "names.lists" => string_list(
            "Paths of the desk's names lists, like `[names] lists` in `copydesk.toml`. Relative to the workspace folder.",
        ),
        "quotes.marks" => choice::<QuoteMarks>(
            "Not set here: use copydesk.toml, else the built-in default.",
            "House quotation marks, like `[quotes] marks` in `copydesk.toml`.",
        ),
        other => unreachable!("schema::KEYS lists {other} but property() does not describe it"),
    }
}

/// Adds the fields every server setting shares: `default: null`, `resource` scope, and a
/// description.
fn nullable(mut schema: Value, description: &str) -> Value {
    let obj = schema.as_object_mut().expect("schema objects");
    obj.insert("default".into(), Value::Null);
    obj.insert("scope".into(), json!("resource"));
    obj.insert("markdownDescription".into(), json!(description));
    schema
}

fn string_list(description: &str) -> Value {
    nullable(json!({ "type": ["array", "null"], "items": { "type": "string" } }), description)
}

fn choice<T: Choice>(unset: &str, description: &str) -> Value {
    let mut values = vec![Value::Null];
    let mut descriptions = vec![json!(unset)];
    for (_, name, what) in T::VALUES {
        values.push(json!(name));
        descriptions.push(json!(what));
    }
    nullable(
        json!({ "type": ["string", "null"], "enum": values, "enumDescriptions": descriptions }),
        description,
    )
}

fn rules_property() -> Value {
    let levels: Vec<&str> = RuleLevel::names();
    let level_descriptions: Vec<&str> = RuleLevel::VALUES.iter().map(|(_, _, d)| *d).collect();
    let mut per_rule = Map::new();
    for rule in rules::ALL {
        per_rule.insert(
            rule.name.to_string(),
            json!({
                "type": "string",
                "enum": levels,
                "enumDescriptions": level_descriptions,
                "markdownDescription": format!("{}. {}", rule.summary.trim_end_matches('.'), default_note(rule)),
            }),
        );
    }
    nullable(
        json!({ "type": ["object", "null"], "properties": per_rule, "additionalProperties": false }),
        "Level per rule name, like the `[rules]` table in `copydesk.toml`: `\"off\"`, `\"hint\"`, `\"info\"`, `\"warning\"` or `\"error\"`. Example: `{ \"photo-credit\": \"off\", \"doubled-word\": \"error\" }`. `copydesk rules` lists the rules.",
    )
}

/// `Default: warning.` / `Default: off; warning with a style pack.` / `Default: off.`
fn default_note(rule: &RuleMeta) -> String {
    let severity = rule.default_severity.as_str();
    if rule.default_enabled {
        format!("Default: `{severity}`.")
    } else if rule.style_pack {
        format!("Default: `off`; `{severity}` with a style pack.")
    } else {
        "Default: `off`.".to_string()
    }
}

/// Rewrites the [`SERVER_BLOCK_ID`] block's `properties` in a package.json (its text), and
/// returns the new text: the whole file pretty-printed with two-space indents and a final
/// newline, keys in their original order. Errors: the text is not JSON, or has no
/// `contributes.configuration` array with a block of that id.
pub fn update_package_json(text: &str) -> Result<String, String> {
    let mut package: Value = serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
    let blocks = package
        .pointer_mut("/contributes/configuration")
        .and_then(Value::as_array_mut)
        .ok_or("no `contributes.configuration` array")?;
    let block = blocks
        .iter_mut()
        .find(|b| b.get("id").and_then(Value::as_str) == Some(SERVER_BLOCK_ID))
        .and_then(Value::as_object_mut)
        .ok_or_else(|| format!("no configuration block with id `{SERVER_BLOCK_ID}`"))?;
    block.insert("properties".into(), vscode_properties());
    let mut out = serde_json::to_string_pretty(&package).map_err(|e| e.to_string())?;
    out.push('\n');
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::options::*;
    use crate::config::{Options, Style};
    use std::collections::BTreeMap;

    /// Dotted keys of a JSON object down to its leaves; `rules` (a map) and arrays are leaves.
    fn leaf_keys(value: &Value, prefix: &str, out: &mut Vec<String>) {
        let Value::Object(map) = value else { return };
        for (k, v) in map {
            let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
            if v.is_object() && key != "rules" {
                leaf_keys(v, &key, out);
            } else {
                out.push(key);
            }
        }
    }

    /// Every key of `Options` has a setting, and no setting lacks a key. The struct literal
    /// names every field, so adding a field to `Options` breaks this test until it is listed
    /// here — and then the comparison demands a schema entry.
    #[test]
    fn every_options_key_has_a_setting() {
        let full = Options {
            style: Some(Style::Ap),
            exclude: Some(vec![GlobPattern("a/**".into())]),
            rules: Some(BTreeMap::from([(RuleName("doubled-word"), crate::config::RuleLevel::Off)])),
            boilerplate: Some(BoilerplateOptions { phrases: Some(vec!["x".into()]) }),
            substitutions: Some(vec![SubstitutionOptions { find: NonEmpty("a".into()), replace: "b".into() }]),
            names: Some(NamesOptions { lists: Some(vec!["n.toml".into()]) }),
            quotes: Some(QuotesOptions { marks: Some(crate::config::QuoteMarks::Curly) }),
        };
        let mut keys = Vec::new();
        leaf_keys(&serde_json::to_value(&full).unwrap(), "", &mut keys);
        assert_eq!(keys, KEYS);
        // The full value round-trips through the editor-settings parser.
        let json = serde_json::to_value(&full).unwrap();
        assert_eq!(Options::from_json(&json).unwrap(), full);
    }

    #[test]
    fn rules_schema_lists_every_registered_rule_and_nothing_else() {
        let props = vscode_properties();
        let rules = &props["copydesk.rules"];
        let names: Vec<&str> = rules["properties"].as_object().unwrap().keys().map(String::as_str).collect();
        let registry: Vec<&str> = rules::ALL.iter().map(|r| r.name).collect();
        assert_eq!(names, registry);
        assert_eq!(rules["additionalProperties"], json!(false));
        assert_eq!(rules["properties"]["doubled-word"]["enum"], json!(["off", "hint", "info", "warning", "error"]));
    }

    #[test]
    fn every_setting_defaults_to_null_and_is_described() {
        let props = vscode_properties();
        for (key, schema) in props.as_object().unwrap() {
            assert_eq!(schema["default"], Value::Null, "{key}");
            assert!(schema["type"].as_array().unwrap().contains(&json!("null")), "{key}");
            assert!(schema["markdownDescription"].as_str().is_some_and(|d| !d.is_empty()), "{key}");
            if let Some(values) = schema.get("enum") {
                assert_eq!(values.as_array().unwrap().len(), schema["enumDescriptions"].as_array().unwrap().len(), "{key}");
            }
        }
        assert_eq!(props["copydesk.style"]["enum"], json!([null, "none", "ap", "international"]));
    }

    #[test]
    fn update_replaces_only_the_server_block() {
        let text = r#"{
  "name": "x",
  "contributes": {
    "configuration": [
      {
        "id": "copydesk.extension",
        "properties": {
          "copydesk.path": {
            "type": "string"
          }
        }
      },
      {
        "id": "copydesk.server",
        "title": "checks",
        "properties": {}
      }
    ]
  },
  "zzz": 1
}
"#;
        let out = update_package_json(text).unwrap();
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["contributes"]["configuration"][1]["properties"], vscode_properties());
        assert_eq!(v["contributes"]["configuration"][1]["title"], json!("checks"));
        assert_eq!(v["contributes"]["configuration"][0]["properties"]["copydesk.path"]["type"], json!("string"));
        let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["name", "contributes", "zzz"], "key order kept");
        assert_eq!(update_package_json(&out).unwrap(), out, "idempotent");
        assert!(update_package_json("{}").is_err());
        assert!(update_package_json("not json").is_err());
    }
}
