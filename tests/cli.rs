//! End-to-end tests of the `copydesk` binary: exit codes, output formats, `--fix` on temporary
//! copies, bad input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    bin().current_dir(dir).args(args).output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

/// The scraped wire story: each artifact is reported on its own line and nothing on the real
/// copy; `--fix` removes exactly the four safe ones.
#[test]
fn wire_story_reports_each_artifact_on_its_line_and_fix_removes_the_safe_ones() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("wire-story.txt"), dir.path().join("story.txt")).unwrap();
    let out = run_in(dir.path(), &["check", "--format", "json", "story.txt"]);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    let found: Vec<(String, u64)> = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["rule"].as_str().unwrap().to_string(), d["line"].as_u64().unwrap()))
        .collect();
    let expected = [
        ("photo-credit", 3),
        ("duplicated-dateline", 5),
        ("web-boilerplate", 9),
        ("screen-reader-text", 11),
        ("screen-reader-text", 11),
        ("web-boilerplate", 17),
    ];
    let expected: Vec<(String, u64)> = expected.iter().map(|(r, l)| (r.to_string(), *l)).collect();
    assert_eq!(found, expected);

    let out = run_in(dir.path(), &["check", "--fix", "story.txt"]);
    // The photo credit (info, unsafe fix) remains; info does not fail the run.
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let before = std::fs::read_to_string(fixture("wire-story.txt")).unwrap();
    let after = std::fs::read_to_string(dir.path().join("story.txt")).unwrap();
    let expected_after = before
        .replace("Published On 21 Jan 202521 Jan 2025", "Published On 21 Jan 2025")
        .replace("Recommended Stories\n\n", "")
        .replace("list of 4 itemsend of list\n\n", "")
        .replace("Advertisement\n\n", "");
    assert_eq!(after, expected_after);
}

#[test]
fn json_output_has_exactly_the_documented_shape() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "Intro 😀 text.\nAdvertisement\n").unwrap();
    std::fs::write(dir.path().join("clean.md"), "All good here.\n").unwrap();
    let out = run_in(dir.path(), &["check", "--format", "json", "a.txt", "clean.md"]);
    let v = json(&out);
    let expected = serde_json::json!({
        "version": 1,
        "files": [
            {"path": "a.txt", "diagnostics": [{
                "rule": "web-boilerplate",
                "severity": "warning",
                "message": "web boilerplate (ad-slot label) on a line of its own",
                "line": 2, "column": 1, "end_line": 2, "end_column": 14,
                "start_byte": 17, "end_byte": 30,
                "fix": {"applicability": "safe", "edits": [{"start_byte": 17, "end_byte": 31, "replacement": ""}]}
            }]},
            {"path": "clean.md", "diagnostics": []}
        ],
        "errors": []
    });
    assert_eq!(v, expected);
    // Key order is part of the shape.
    let text = stdout(&out);
    let order = ["\"version\"", "\"files\"", "\"path\"", "\"diagnostics\"", "\"rule\"", "\"severity\"", "\"message\"", "\"line\"", "\"column\"", "\"end_line\"", "\"end_column\"", "\"start_byte\"", "\"end_byte\"", "\"fix\"", "\"applicability\"", "\"edits\"", "\"errors\""];
    let positions: Vec<usize> = order.iter().map(|k| text.find(k).unwrap()).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{text}");
}

#[test]
fn columns_count_characters_not_bytes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("e.txt"), "Café 😀 the the end.\n").unwrap();
    let v = json(&run_in(dir.path(), &["check", "--format", "json", "e.txt"]));
    let d = &v["files"][0]["diagnostics"][0];
    assert_eq!(d["column"], 12);
    assert_eq!(d["end_column"], 15);
    assert_eq!(d["start_byte"], 15);
}

#[test]
fn concise_format_prints_one_line_per_finding() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "Advertisement\nIt was the the end.\n").unwrap();
    let out = run_in(dir.path(), &["check", "--format", "concise", "a.txt"]);
    assert_eq!(
        stdout(&out),
        "a.txt:1:1: warning[web-boilerplate] web boilerplate (ad-slot label) on a line of its own\n\
         a.txt:2:12: warning[doubled-word] doubled word: `the the`\n"
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn directories_are_walked_sorted_and_only_drafts_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("sub/b.md"), "Fine.\n").unwrap();
    std::fs::write(dir.path().join("a.txt"), "Fine.\n").unwrap();
    std::fs::write(dir.path().join("image.png"), [0u8, 1, 2]).unwrap();
    let v = json(&run_in(dir.path(), &["check", "--format", "json", "."]));
    let paths: Vec<&str> = v["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["./a.txt", "./sub/b.md"]);
}

#[test]
fn stdin_is_checked_as_dash() {
    let mut child = bin()
        .args(["check", "--format", "json", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), b"Share this article\n").unwrap();
    let out = child.wait_with_output().unwrap();
    let v = json(&out);
    assert_eq!(v["files"][0]["path"], "-");
    assert_eq!(v["files"][0]["diagnostics"][0]["rule"], "web-boilerplate");
}

#[test]
fn invalid_utf8_is_reported_with_its_offset_and_never_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = b"Advertisement\nbad \xff byte\n".to_vec();
    std::fs::write(dir.path().join("bad.txt"), &bytes).unwrap();
    let out = run_in(dir.path(), &["check", "--fix", "--format", "json", "bad.txt"]);
    assert_eq!(out.status.code(), Some(2));
    let v = json(&out);
    assert_eq!(v["files"].as_array().unwrap().len(), 0);
    assert_eq!(v["errors"][0]["path"], "bad.txt");
    assert!(v["errors"][0]["message"].as_str().unwrap().contains("byte offset 18"), "{v}");
    assert_eq!(std::fs::read(dir.path().join("bad.txt")).unwrap(), bytes);
}

#[test]
fn binary_files_are_skipped_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("blob.txt"), b"abc\0def").unwrap();
    let out = run_in(dir.path(), &["check", "--format", "json", "blob.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(json(&out)["errors"][0]["message"].as_str().unwrap().contains("binary"));
}

#[test]
fn missing_path_and_bad_usage_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(run_in(dir.path(), &["check", "nope.txt"]).status.code(), Some(2));
    assert_eq!(run_in(dir.path(), &["check", "--format", "xml"]).status.code(), Some(2));
    assert_eq!(run_in(dir.path(), &["frobnicate"]).status.code(), Some(2));
}

#[test]
fn clean_files_exit_0_and_info_findings_do_not_fail() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("c.txt"), "A caption [Jo Lee/Reuters]\n").unwrap();
    let out = run_in(dir.path(), &["check", "c.txt"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("info[photo-credit]"));
}

#[test]
fn fix_keeps_permissions_and_changes_nothing_outside_the_edits() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.txt");
    std::fs::write(&path, "Keep  this\tspacing.\r\nAdvertisement\r\nAnd “this”.").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    let out = run_in(dir.path(), &["check", "--fix", "p.txt"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "Keep  this\tspacing.\r\nAnd “this”.");
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o640);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary files left behind");
}

#[test]
fn examples_directory_shows_findings() {
    let out = bin().current_dir(env!("CARGO_MANIFEST_DIR")).args(["check", "--format", "json", "examples/"]).output().unwrap();
    let v = json(&out);
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 3);
    let clean = files.iter().find(|f| f["path"].as_str().unwrap().ends_with("clean-story.txt")).unwrap();
    assert_eq!(clean["diagnostics"].as_array().unwrap().len(), 0, "the clean story stays clean");
}
