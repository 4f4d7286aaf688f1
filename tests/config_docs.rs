//! The configuration examples in README.md and docs/configuration.md are real: every ```toml
//! block parses as a copydesk.toml, and every ```json block of editor settings parses as the
//! editor layer.

use std::path::Path;

use copydesk::config::Options;

/// The bodies of the fenced blocks of `lang` in a Markdown file.
fn blocks(file: &str, lang: &str) -> Vec<String> {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(file)).unwrap();
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        match &mut current {
            None if line.trim() == format!("```{lang}") => current = Some(String::new()),
            Some(body) if line.trim() == "```" => {
                out.push(std::mem::take(body));
                current = None;
            }
            Some(body) => {
                body.push_str(line);
                body.push('\n');
            }
            None => {}
        }
    }
    out
}

#[test]
fn toml_examples_parse() {
    for file in ["README.md", "docs/configuration.md"] {
        let examples = blocks(file, "toml");
        assert!(!examples.is_empty(), "{file} has a copydesk.toml example");
        for example in examples {
            if let Err(e) = Options::from_toml(&example, Path::new(file)) {
                panic!("example in {file} does not parse: {e}\n{example}");
            }
        }
    }
}

#[test]
fn full_examples_set_every_key() {
    for file in ["README.md", "docs/configuration.md"] {
        let example = blocks(file, "toml").remove(0);
        let o = Options::from_toml(&example, Path::new(file)).unwrap();
        assert!(o.style.is_some() && o.exclude.is_some() && o.rules.is_some(), "{file}");
        assert!(o.boilerplate.is_some() && o.substitutions.is_some() && o.names.is_some() && o.quotes.is_some(), "{file}");
    }
}

#[test]
fn editor_settings_example_parses() {
    let examples = blocks("docs/configuration.md", "json");
    assert!(!examples.is_empty());
    for example in examples {
        let v: serde_json::Value = serde_json::from_str(&example).unwrap();
        // VS Code's flat `copydesk.a.b` keys become the nested object the server receives.
        let mut nested = serde_json::Map::new();
        for (key, value) in v.as_object().unwrap() {
            let parts: Vec<&str> = key.strip_prefix("copydesk.").unwrap().split('.').collect();
            let mut target = &mut nested;
            for part in &parts[..parts.len() - 1] {
                target = target
                    .entry(part.to_string())
                    .or_insert_with(|| serde_json::json!({}))
                    .as_object_mut()
                    .unwrap();
            }
            target.insert(parts[parts.len() - 1].to_string(), value.clone());
        }
        Options::from_json(&serde_json::Value::Object(nested)).unwrap();
    }
}
