//! `copydesk entities`: the outline in human form, every entity and mention in JSON, the
//! desk's names list from copydesk.toml, and errors.

use std::path::Path;
use std::process::{Command, Output};

const STORY: &str = "MOSCOW (AP) — Kremlin foreign policy adviser Yuri Ushakov said Xi Jinping would visit.\n\n\
Harbour master Olek Brandvold said ships were safe. Ushakov spoke in Moscow. Sfax Mayor Karim Ben Saleh agreed.\n";

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_copydesk")).current_dir(dir).args(args).output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn human_output_is_the_outline() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("story.txt"), STORY).unwrap();
    let out = run_in(dir.path(), &["entities", "story.txt"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.starts_with("story.txt\n  People ("), "{text}");
    assert!(text.contains("    Yuri Ushakov — Kremlin foreign policy aide · first 1:46 · 2 mentions\n"), "{text}");
    assert!(text.contains("    Olek Brandvold — Harbour master · first 3:16 · 1 mention\n"), "{text}");
    assert!(text.contains("  Places (2)\n    Moscow — capital city, Russia · first 1:1 · 2 mentions\n    Sfax — city, Tunisia · first 3:78 · 1 mention\n"), "{text}");
}

#[test]
fn json_lists_every_entity_and_mention_and_reads_the_desks_names_list() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("story.txt"), STORY).unwrap();
    std::fs::write(dir.path().join("copydesk.toml"), "[names]\nlists = [\"desk.toml\"]\n").unwrap();
    std::fs::write(
        dir.path().join("desk.toml"),
        "[[person]]\nname = \"Karim Ben Salah\"\nvariants = [\"Karim Ben Saleh\"]\nsurname = \"Ben Salah\"\nrole = \"Mayor of Sfax\"\ncountry = \"TN\"\nkind = \"person\"\nas_of = \"2025-03-01\"\n",
    )
    .unwrap();
    let out = run_in(dir.path(), &["entities", "--format", "json", "story.txt"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"], 1);
    let entities = v["files"][0]["entities"].as_array().unwrap();
    let ushakov = entities.iter().find(|e| e["name"] == "Yuri Ushakov").unwrap();
    assert_eq!(ushakov["kind"], "person");
    assert_eq!(ushakov["source"], "names-list");
    let mentions: Vec<(&str, &str, u64)> = ushakov["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["text"].as_str().unwrap(), m["form"].as_str().unwrap(), m["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(mentions, [("Yuri Ushakov", "full", 1), ("Ushakov", "short", 3)]);
    let start = ushakov["first_mention"]["start_byte"].as_u64().unwrap() as usize;
    assert_eq!(&STORY[start..start + "Yuri Ushakov".len()], "Yuri Ushakov");
    let moscow = entities.iter().find(|e| e["name"] == "Moscow").unwrap();
    assert_eq!(moscow["place"]["kind"], "capital city");
    assert_eq!(moscow["place"]["country"], "Russia");
    assert!(moscow["place"]["population"].as_u64().unwrap() > 10_000_000);
    let desk = entities.iter().find(|e| e["name"] == "Karim Ben Salah").expect("the desk's list applies");
    assert_eq!(desk["source"], "desk-list");
    assert_eq!(desk["role"], "Mayor of Sfax");
    assert_eq!(desk["mentions"][0]["form"], "variant");
}

#[test]
fn a_broken_names_list_and_a_missing_file_exit_2_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("story.txt"), STORY).unwrap();
    std::fs::write(dir.path().join("copydesk.toml"), "[names]\nlists = [\"desk.toml\"]\n").unwrap();
    std::fs::write(dir.path().join("desk.toml"), "[[person]]\nname = \"Karim Ben Salah\"\nrank = 3\n").unwrap();
    let out = run_in(dir.path(), &["entities", "story.txt", "missing.txt"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("desk.toml") && err.contains('3') && err.contains("rank"), "{err}");
    assert!(err.contains("missing.txt"), "{err}");
}
