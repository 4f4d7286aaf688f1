//! End-to-end tests of configuration in `copydesk check`: discovery of copydesk.toml, errors
//! with file, line and key (exit 2), `exclude`, `--style`, `--config`, `--isolated`, and inline
//! suppressions, each in a temporary folder.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    bin().current_dir(dir).args(args).output().unwrap()
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

/// (path, rule) of every finding in a JSON run.
fn findings(o: &Output) -> Vec<(String, String)> {
    let v = json(o);
    let mut out = Vec::new();
    for file in v["files"].as_array().unwrap() {
        for d in file["diagnostics"].as_array().unwrap() {
            out.push((file["path"].as_str().unwrap().to_string(), d["rule"].as_str().unwrap().to_string()));
        }
    }
    out
}

const DOUBLED: &str = "It was the the end of the talks.\n";

#[test]
fn unknown_key_exits_2_naming_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "desk/copydesk.toml", "style = \"none\"\n\nstlye = \"ap\"\n");
    write(dir.path(), "desk/story.txt", DOUBLED);
    let out = run_in(dir.path(), &["check", "desk"]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("error: desk/copydesk.toml:3:1: unknown key `stlye`; expected one of `style`"),
        "{}",
        stderr(&out)
    );

    let out = run_in(dir.path(), &["check", "--format", "json", "desk"]);
    assert_eq!(out.status.code(), Some(2));
    let v = json(&out);
    let err = &v["errors"][0];
    assert_eq!(err["path"], "desk/copydesk.toml");
    assert_eq!((err["line"].as_u64(), err["column"].as_u64()), (Some(3), Some(1)));
    assert!(err["message"].as_str().unwrap().starts_with("unknown key `stlye`"), "{err}");
    assert_eq!(v["files"].as_array().unwrap().len(), 0, "drafts under a broken config are not checked");
}

#[test]
fn bad_values_name_the_key_and_what_is_allowed() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "story.txt", DOUBLED);
    write(dir.path(), "copydesk.toml", "[quotes]\nmarks = \"fancy\"\n");
    let out = run_in(dir.path(), &["check", "story.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("copydesk.toml:2:9: `quotes.marks`: \"fancy\" is not a quotation-mark style; expected \"curly\" or \"straight\""),
        "{}",
        stderr(&out)
    );
    write(dir.path(), "copydesk.toml", "[rules]\ndoubled-wrd = \"off\"\n");
    let out = run_in(dir.path(), &["check", "story.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("copydesk.toml:2:1: `rules.doubled-wrd`: unknown rule \"doubled-wrd\"; did you mean \"doubled-word\"?"), "{}", stderr(&out));
}

#[test]
fn rule_levels_from_the_nearest_config_walking_up() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "copydesk.toml", "[rules]\ndoubled-word = \"off\"\n");
    write(dir.path(), "news/2025/jan/story.txt", DOUBLED);
    write(dir.path(), "strict/copydesk.toml", "[rules]\ndoubled-word = \"error\"\n");
    write(dir.path(), "strict/deep/story.txt", DOUBLED);
    let out = run_in(dir.path(), &["check", "--format", "json", "."]);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    let news = files.iter().find(|f| f["path"].as_str().unwrap().contains("news")).unwrap();
    assert!(news["diagnostics"].as_array().unwrap().is_empty(), "turned off by the root config");
    let strict = files.iter().find(|f| f["path"].as_str().unwrap().contains("strict")).unwrap();
    assert_eq!(strict["diagnostics"][0]["severity"], "error", "the nearer config wins");

    // Run from inside the subfolder: the walk goes up past the current directory.
    let out = run_in(&dir.path().join("news/2025"), &["check", "jan/story.txt"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn a_broken_config_stops_only_the_drafts_it_governs() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a/copydesk.toml", "style = 1\n");
    write(dir.path(), "a/story.txt", DOUBLED);
    write(dir.path(), "a/other.txt", DOUBLED);
    write(dir.path(), "b/story.txt", DOUBLED);
    let out = run_in(dir.path(), &["check", "--format", "json", "a", "b"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(findings(&out), [("b/story.txt".to_string(), "doubled-word".to_string())]);
    assert_eq!(json(&out)["errors"].as_array().unwrap().len(), 1, "reported once");
}

#[test]
fn exclude_skips_walked_files_relative_to_the_config() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "desk/copydesk.toml", "exclude = [\"archive/**\", \"*.draft.md\"]\n");
    write(dir.path(), "desk/archive/2019/old.txt", DOUBLED);
    write(dir.path(), "desk/news/keep.txt", DOUBLED);
    write(dir.path(), "desk/news/wip.draft.md", DOUBLED);
    write(dir.path(), "archive/outside.txt", DOUBLED);
    let out = run_in(dir.path(), &["check", "--format", "json", "."]);
    let mut paths: Vec<String> = findings(&out).into_iter().map(|(p, _)| p).collect();
    paths.sort();
    assert_eq!(paths, ["./archive/outside.txt", "./desk/news/keep.txt"], "archive/** is relative to desk/");

    // A file named on the command line is checked even when excluded.
    let out = run_in(dir.path(), &["check", "--format", "json", "desk/archive/2019/old.txt"]);
    assert_eq!(findings(&out).len(), 1);
}

#[test]
fn style_flag_is_validated_and_overrides_the_file() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "story.txt", DOUBLED);
    let out = run_in(dir.path(), &["check", "--style", "apx", "story.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("'apx'") && stderr(&out).contains("none, ap, international"), "{}", stderr(&out));

    // `--style` replaces the file's style: the file's own value would otherwise be an error-free
    // "international"; with the flag the run behaves exactly as with `style = "ap"` in the file.
    write(dir.path(), "copydesk.toml", "style = \"international\"\n");
    let flagged = run_in(dir.path(), &["check", "--format", "json", "--style", "ap", "story.txt"]);
    write(dir.path(), "copydesk.toml", "style = \"ap\"\n");
    let filed = run_in(dir.path(), &["check", "--format", "json", "story.txt"]);
    assert_eq!(flagged.status.code(), filed.status.code());
    assert_eq!(findings(&flagged), findings(&filed));
}

#[test]
fn explicit_config_and_isolated() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "copydesk.toml", "this is not toml\n");
    write(dir.path(), "conf/desk.toml", "[rules]\ndoubled-word = \"info\"\n");
    write(dir.path(), "story.txt", DOUBLED);

    let out = run_in(dir.path(), &["check", "story.txt"]);
    assert_eq!(out.status.code(), Some(2), "the broken file is found");
    assert!(stderr(&out).contains("copydesk.toml:1:"), "{}", stderr(&out));

    let out = run_in(dir.path(), &["check", "--format", "json", "--config", "conf/desk.toml", "story.txt"]);
    assert_eq!(out.status.code(), Some(0), "info does not fail: {}", stderr(&out));
    assert_eq!(json(&out)["files"][0]["diagnostics"][0]["severity"], "info");

    for flag in ["--isolated", "--no-config"] {
        let out = run_in(dir.path(), &["check", flag, "story.txt"]);
        assert_eq!(out.status.code(), Some(1), "{flag}: defaults apply: {}", stderr(&out));
    }

    let out = run_in(dir.path(), &["check", "--config", "missing.toml", "story.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("error: missing.toml: cannot read"), "{}", stderr(&out));

    let out = run_in(dir.path(), &["check", "--config", "conf/desk.toml", "--isolated", "story.txt"]);
    assert_eq!(out.status.code(), Some(2), "the two flags conflict");
}

#[test]
fn stdin_uses_the_config_of_the_current_folder() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "copydesk.toml", "[rules]\ndoubled-word = \"off\"\n");
    let mut child = bin()
        .current_dir(dir.path())
        .args(["check", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(DOUBLED.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn suppressions_in_plain_text_and_markdown_and_fix_keeps_them() {
    let dir = tempfile::tempdir().unwrap();
    let plain = "Advertisement\ncopydesk-disable-next-line doubled-word\nThe the speaker stammered.\nIt was the the end.\n";
    write(dir.path(), "story.txt", plain);
    let md = "Intro.\n\n<!-- copydesk-disable-next-line doubled-word -- a stammer, kept -->\nThe the speaker stammered.\n\nIt was the the end.\n";
    write(dir.path(), "story.md", md);
    let out = run_in(dir.path(), &["check", "--format", "concise", "story.txt", "story.md"]);
    // Location and rule of each finding (the messages belong to the rules).
    let found: Vec<String> =
        stdout(&out).lines().map(|l| l.split_once(']').map_or(l, |(head, _)| head).to_string()).collect();
    assert_eq!(
        found,
        [
            "story.txt:1:1: warning[web-boilerplate",
            "story.txt:4:12: warning[doubled-word",
            "story.md:6:12: warning[doubled-word",
        ]
    );

    let out = run_in(dir.path(), &["check", "--fix", "story.txt", "story.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("story.txt")).unwrap(),
        "copydesk-disable-next-line doubled-word\nThe the speaker stammered.\nIt was the end.\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("story.md")).unwrap(),
        md.replace("It was the the end.", "It was the end.")
    );

    write(dir.path(), "typo.txt", "copydesk-disable-next-line doubled-wrod\nThe the end.\n");
    let out = run_in(dir.path(), &["check", "--format", "concise", "typo.txt"]);
    let text = stdout(&out);
    assert!(text.contains("typo.txt:1:28: warning[invalid-suppression]"), "{text}");
    assert!(text.contains("typo.txt:2:5: warning[doubled-word]"), "the misspelt directive silences nothing: {text}");
}
