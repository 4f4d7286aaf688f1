//! End-to-end tests of what `copydesk check` reads: ignore files when walking directories, and
//! bad or unusual input (empty files, no final newline, binary and non-UTF-8 files, a 20 MB
//! draft, a 1,000,000-character line). Sizes are chosen to finish quickly; nothing is timed
//! here (the 100 MB case is in scripts/bench/large_input.sh).

use std::path::Path;
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    bin().current_dir(dir).args(args).output().unwrap()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&o.stdout)))
}

fn paths(v: &serde_json::Value) -> Vec<String> {
    v["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap().to_string()).collect()
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn gitignore_is_honoured_inside_a_git_repository_and_ignore_files_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "drafts/keep.md", "Fine.\n");
    write(root, "drafts/old/skip.md", "Fine.\n");
    write(root, "drafts/scratch.txt", "Fine.\n");
    write(root, "drafts/.hidden.md", "Fine.\n");
    write(root, "drafts/.gitignore", "old/\n");
    write(root, "drafts/.ignore", "scratch.txt\n");
    // Not a git repository: like ruff, .gitignore is not read there; .ignore is.
    let v = json(&run_in(root, &["check", "--format", "json", "drafts"]));
    assert_eq!(paths(&v), ["drafts/keep.md", "drafts/old/skip.md"]);
    // Inside a git repository (a `.git` folder is what marks one) .gitignore applies too.
    std::fs::create_dir(root.join(".git")).unwrap();
    let v = json(&run_in(root, &["check", "--format", "json", "drafts"]));
    assert_eq!(paths(&v), ["drafts/keep.md"]);
    // A file named on the command line is checked whatever the ignore files say.
    let v = json(&run_in(root, &["check", "--format", "json", "drafts/old/skip.md", "drafts/scratch.txt"]));
    assert_eq!(paths(&v), ["drafts/old/skip.md", "drafts/scratch.txt"]);
}

#[test]
fn many_files_are_checked_in_parallel_and_reported_in_sorted_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut expected = Vec::new();
    for i in 0..300 {
        let name = format!("batch/{:02}/story-{i:03}.txt", i % 7);
        let text = if i % 3 == 0 { format!("Story {i} starts.\nAdvertisement\nIt ends.\n") } else { format!("Story {i} is clean.\n") };
        write(dir.path(), &name, &text);
        expected.push(name);
    }
    expected.sort();
    let out = run_in(dir.path(), &["check", "--format", "json", "batch"]);
    assert!(out.stderr.is_empty(), "no progress bar when stderr is not a terminal");
    let v = json(&out);
    assert_eq!(paths(&v), expected);
    let flagged = v["files"].as_array().unwrap().iter().filter(|f| !f["diagnostics"].as_array().unwrap().is_empty()).count();
    assert_eq!(flagged, 100);
}

#[test]
fn an_empty_file_is_clean_and_listed() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "empty.md", "");
    let out = run_in(dir.path(), &["check", "--format", "json", "empty.md"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json(&out)["files"], serde_json::json!([{"path": "empty.md", "diagnostics": []}]));
    let out = run_in(dir.path(), &["check", "--fix", "empty.md"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(std::fs::read(dir.path().join("empty.md")).unwrap(), b"");
    for format in ["full", "concise", "sarif", "github", "checkstyle"] {
        assert_eq!(run_in(dir.path(), &["check", "--format", format, "empty.md"]).status.code(), Some(0), "{format}");
    }
}

#[test]
fn a_file_without_a_final_newline_is_checked_to_its_last_byte_and_fixed_without_adding_one() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", "First line.\nIt was the the end");
    let v = json(&run_in(dir.path(), &["check", "--format", "json", "a.txt"]));
    let d = &v["files"][0]["diagnostics"][0];
    assert_eq!((d["line"].as_u64(), d["column"].as_u64(), d["end_column"].as_u64()), (Some(2), Some(12), Some(15)));
    let text = String::from_utf8(run_in(dir.path(), &["check", "a.txt"]).stdout).unwrap();
    assert!(text.contains("2 | It was the the end\n  |            ^^^"), "{text}");
    run_in(dir.path(), &["check", "--fix", "a.txt"]);
    assert_eq!(std::fs::read_to_string(dir.path().join("a.txt")).unwrap(), "First line.\nIt was the end");
    // A boilerplate last line without a break is deleted with the break before it kept.
    write(dir.path(), "b.txt", "Body.\nShare this article");
    run_in(dir.path(), &["check", "--fix", "b.txt"]);
    assert_eq!(std::fs::read_to_string(dir.path().join("b.txt")).unwrap(), "Body.\n");
}

#[test]
fn binary_and_non_utf8_files_met_while_walking_are_skipped_with_a_note_and_never_written() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "d/a.txt", "Advertisement\nBody.\n");
    std::fs::write(dir.path().join("d/b.txt"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    let latin1 = b"Caf\xe9 society.\nAdvertisement\n".to_vec();
    std::fs::write(dir.path().join("d/c.md"), &latin1).unwrap();
    let out = run_in(dir.path(), &["check", "--fix", "--format", "json", "d"]);
    assert_eq!(out.status.code(), Some(2));
    let v = json(&out);
    assert_eq!(paths(&v), ["d/a.txt"]);
    let errors = v["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2);
    assert_eq!(errors[0]["path"], "d/b.txt");
    assert!(errors[0]["message"].as_str().unwrap().starts_with("binary file (NUL byte at offset 8), skipped"), "{v}");
    assert_eq!(errors[1]["path"], "d/c.md");
    assert!(errors[1]["message"].as_str().unwrap().contains("at byte offset 3"), "{v}");
    assert_eq!(std::fs::read(dir.path().join("d/c.md")).unwrap(), latin1);
    assert_eq!(std::fs::read_to_string(dir.path().join("d/a.txt")).unwrap(), "Body.\n");
    // The human formats put the notes on stderr.
    let out = run_in(dir.path(), &["check", "--format", "concise", "d"]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("error: d/b.txt: binary file"), "{err}");
    assert!(err.contains("error: d/c.md: not valid UTF-8"), "{err}");
    // The full report's summary says that some files were not checked.
    let out = run_in(dir.path(), &["check", "d"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.ends_with("1 file(s) checked, 2 could not be (errors below): no findings\n"), "{text}");
}

/// A paragraph of copy with one of each artifact; about 600 bytes.
const ARTIFACTS: &str = "Published On 21 Jan 202521 Jan 2025\n\nThe council met on Monday and the the vote was close, officials said. \
Residents (opens in a new window) were not told.\n\nAdvertisement\n\nA caption [Jo Lee/Reuters]\n\n\
Crews worked through the night to restore power to about 40,000 homes, the operator said in a statement \
on its website, adding that repairs would take days.\n\n";

#[test]
fn a_20_mb_draft_is_checked_and_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let copies = 20_000_000 / ARTIFACTS.len() + 1;
    let text = ARTIFACTS.repeat(copies);
    std::fs::write(dir.path().join("big.txt"), &text).unwrap();
    let out = run_in(dir.path(), &["check", "--format", "concise", "big.txt"]);
    assert_eq!(out.status.code(), Some(1));
    let lines = out.stdout.iter().filter(|&&b| b == b'\n').count();
    assert_eq!(lines, copies * 5, "five findings per copy");
    let out = run_in(dir.path(), &["check", "--fix", "--format", "concise", "big.txt"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let fixed = std::fs::read_to_string(dir.path().join("big.txt")).unwrap();
    let expected = ARTIFACTS
        .replace("202521 Jan 2025", "2025")
        .replace("the the", "the")
        .replace(" (opens in a new window)", "")
        .replace("Advertisement\n\n", "")
        .repeat(copies);
    assert!(fixed == expected, "fixed text differs ({} vs {} bytes)", fixed.len(), expected.len());
}

#[test]
fn a_line_of_a_million_characters_is_checked_and_shown_as_a_window() {
    let dir = tempfile::tempdir().unwrap();
    // One line of English copy, about 1,000,000 characters with multi-byte ones, a doubled
    // word in every sentence and a credit at the very end.
    let sentence = "Officials said the café plan would go ahead, and the mayor told reporters it was the the end — for now. ";
    let mut line = String::new();
    let mut sentences = 0;
    while line.chars().count() + sentence.chars().count() < 999_980 {
        line.push_str(sentence);
        sentences += 1;
    }
    line.push_str("[Jo Lee/Reuters]");
    std::fs::write(dir.path().join("long.md"), &line).unwrap();
    let v = json(&run_in(dir.path(), &["check", "--format", "json", "long.md"]));
    let diagnostics = v["files"][0]["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), sentences + 1);
    let last = diagnostics.last().unwrap();
    assert_eq!(last["rule"], "photo-credit");
    assert_eq!(last["end_column"].as_u64().unwrap() as usize, line.chars().count() + 1);
    let out = run_in(dir.path(), &["check", "--select", "photo-credit", "long.md"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.len() < 4_000, "the snippet is a window, not the whole line ({} bytes)", text.len());
    let column = line.chars().count() - "[Jo Lee/Reuters]".chars().count() + 1;
    assert!(text.contains(&format!("\n --> long.md:1:{column}\n")), "the true column, not the window's: {text}");
}

#[test]
fn a_file_named_twice_is_checked_and_fixed_once() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "dup.txt", "Advertisement\n\nBody.\n");
    std::os::unix::fs::symlink("dup.txt", dir.path().join("link.txt")).unwrap();
    let out = run_in(dir.path(), &["check", "--fix", "dup.txt", "./dup.txt", "link.txt"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_to_string(dir.path().join("dup.txt")).unwrap(), "Body.\n");
}
