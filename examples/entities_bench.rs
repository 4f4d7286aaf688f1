//! Bench driver for scripts/bench/entities_spacy.py (not part of CI).
//!
//! Reads a JSON object `{key: text}` from the file named by the first argument, recognises
//! the people and places of every text `REPEAT` times (second argument, default 20), and
//! prints one JSON object: `mentions` (per key, `[start_byte, end_byte, "person"|"place",
//! form]`), `seconds` (the fastest of the repeats, for all texts together, in seconds) and
//! `bytes`. Only the recogniser is timed (no file reading, no JSON).

use std::collections::BTreeMap;
use std::time::Instant;

use copydesk::config::Settings;
use copydesk::draft::Format;
use copydesk::engine;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: entities_bench TEXTS.json [REPEAT]");
    let repeat: usize = args.next().map_or(20, |s| s.parse().expect("REPEAT must be a number"));
    let json = std::fs::read_to_string(&path).expect("readable input");
    let texts: BTreeMap<String, String> = serde_json::from_str(&json).expect("a JSON object of strings");
    let settings = Settings::default();
    let mut best = f64::INFINITY;
    let mut found = 0usize;
    for _ in 0..repeat.max(1) {
        let start = Instant::now();
        for text in texts.values() {
            found += engine::entities(text, Format::Plain, &settings).entities.len();
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    let mut mentions = serde_json::Map::new();
    for (key, text) in &texts {
        let index = engine::entities(text, Format::Plain, &settings);
        let mut list: Vec<serde_json::Value> = Vec::new();
        for e in &index.entities {
            for m in &e.mentions {
                list.push(serde_json::json!([m.range.start, m.range.end, e.kind.as_str(), m.form.as_str()]));
            }
        }
        mentions.insert(key.clone(), serde_json::Value::Array(list));
    }
    let bytes: usize = texts.values().map(String::len).sum();
    let out = serde_json::json!({ "mentions": mentions, "seconds": best, "bytes": bytes, "entities_seen": found });
    println!("{out}");
}
