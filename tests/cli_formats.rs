//! End-to-end tests of the CI side of `copydesk`: the report formats agree with each other,
//! colour, `rules` and `explain`, `--select`/`--ignore`, `--diff`, `--stdin-filename`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    bin().current_dir(dir).env_remove("NO_COLOR").args(args).output().unwrap()
}

fn with_stdin(args: &[&str], input: &str) -> Output {
    let mut child = bin().args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

/// A temporary folder holding the two fixture stories, one under a name with a space (so that
/// every format has to quote or encode it).
fn two_stories() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("ferry-story.md"), dir.path().join("ferry story.md")).unwrap();
    std::fs::copy(fixture("wire-story.txt"), dir.path().join("wire.txt")).unwrap();
    dir
}

/// (path, rule, line, column) of every finding.
type Found = BTreeSet<(String, String, u64, u64)>;

fn from_json(v: &serde_json::Value) -> Found {
    let mut out = Found::new();
    for f in v["files"].as_array().unwrap() {
        for d in f["diagnostics"].as_array().unwrap() {
            out.insert((
                f["path"].as_str().unwrap().to_string(),
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            ));
        }
    }
    out
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

fn from_sarif(v: &serde_json::Value) -> Found {
    let mut out = Found::new();
    for r in v["runs"][0]["results"].as_array().unwrap() {
        let loc = &r["locations"][0]["physicalLocation"];
        out.insert((
            percent_decode(loc["artifactLocation"]["uri"].as_str().unwrap()),
            r["ruleId"].as_str().unwrap().to_string(),
            loc["region"]["startLine"].as_u64().unwrap(),
            loc["region"]["startColumn"].as_u64().unwrap(),
        ));
    }
    out
}

fn from_github(text: &str) -> Found {
    let re = regex::Regex::new(r"^::(?:error|warning|notice) (.*?)::(.*)$").unwrap();
    let mut out = Found::new();
    for line in text.lines() {
        let caps = re.captures(line).unwrap_or_else(|| panic!("not a workflow command: {line}"));
        let props: std::collections::HashMap<&str, String> = caps[1]
            .split(',')
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap();
                (k, percent_decode(v))
            })
            .collect();
        let rule = props["title"].trim_start_matches("copydesk (").trim_end_matches(')').to_string();
        out.insert((props["file"].clone(), rule, props["line"].parse().unwrap(), props["col"].parse().unwrap()));
    }
    out
}

fn xml_unescape(s: &str) -> String {
    s.replace("&quot;", "\"").replace("&apos;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&#10;", "\n").replace("&amp;", "&")
}

fn from_checkstyle(text: &str) -> Found {
    let file = regex::Regex::new(r#"<file name="([^"]*)""#).unwrap();
    let error = regex::Regex::new(r#"<error line="(\d+)" column="(\d+)" severity="\w+" message="[^"]*" source="copydesk\.([a-z-]+)"/>"#).unwrap();
    let mut out = Found::new();
    let mut current = String::new();
    for line in text.lines() {
        if let Some(c) = file.captures(line) {
            current = xml_unescape(&c[1]);
        } else if let Some(c) = error.captures(line) {
            out.insert((current.clone(), c[3].to_string(), c[1].parse().unwrap(), c[2].parse().unwrap()));
        }
    }
    out
}

#[test]
fn json_sarif_github_and_checkstyle_report_the_same_findings() {
    let dir = two_stories();
    let args = |format: &'static str| ["check", "--format", format, "ferry story.md", "wire.txt"];
    let json_out = run_in(dir.path(), &args("json"));
    let expected = from_json(&json(&json_out));
    let rules: BTreeSet<&str> = expected.iter().map(|f| f.1.as_str()).collect();
    assert_eq!(rules.len(), 5, "the fixtures exercise every default rule: {expected:?}");
    assert!(expected.len() >= 12, "{expected:?}");

    let sarif = run_in(dir.path(), &args("sarif"));
    assert_eq!(from_sarif(&json(&sarif)), expected, "sarif");
    let github = run_in(dir.path(), &args("github"));
    assert_eq!(from_github(&stdout(&github)), expected, "github");
    let checkstyle = run_in(dir.path(), &args("checkstyle"));
    assert_eq!(from_checkstyle(&stdout(&checkstyle)), expected, "checkstyle");
    for o in [&json_out, &sarif, &github, &checkstyle] {
        assert_eq!(o.status.code(), Some(1));
        assert!(stderr(o).is_empty(), "{}", stderr(o));
    }
}

#[test]
fn sarif_declares_code_point_columns_and_links_every_rule() {
    let dir = two_stories();
    let v = json(&run_in(dir.path(), &["check", "--format", "sarif", "."]));
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let listed = json(&run_in(dir.path(), &["rules", "--format", "json"]));
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), listed.as_array().unwrap().len());
    for r in rules {
        let id = r["id"].as_str().unwrap();
        assert!(r["helpUri"].as_str().unwrap().ends_with(&format!("/docs/rules.md#{id}")), "{r}");
    }
    for result in run["results"].as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().unwrap()));
    }
    // The emoji before the credit counts as one column, as in every other format.
    let credit = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "photo-credit" && r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "ferry%20story.md")
        .unwrap();
    assert_eq!(credit["locations"][0]["physicalLocation"]["region"]["startColumn"], 53);
}

#[test]
fn default_output_is_plain_when_piped_and_coloured_on_request() {
    let dir = two_stories();
    let plain = run_in(dir.path(), &["check", "wire.txt"]);
    let text = stdout(&plain);
    assert!(!text.contains('\u{1b}'), "{text}");
    assert!(text.contains("warning[web-boilerplate]: web boilerplate (ad-slot label) on a line of its own"), "{text}");
    assert!(text.contains(" --> wire.txt:17:1\n"), "{text}");
    assert!(text.contains("17 | Advertisement\n   | ^^^^^^^^^^^^^\n"), "{text}");
    assert!(text.ends_with("1 file(s) checked: 6 finding(s), 5 fixable with --fix\n"), "{text}");
    let coloured = run_in(dir.path(), &["check", "--color", "always", "wire.txt"]);
    assert!(stdout(&coloured).contains("\u{1b}["));
    let no_color = bin().current_dir(dir.path()).env("NO_COLOR", "1").args(["check", "wire.txt"]).output().unwrap();
    assert!(!stdout(&no_color).contains('\u{1b}'));
}

#[test]
fn rules_lists_every_rule_as_a_table_and_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let table = stdout(&run_in(dir.path(), &["rules"]));
    let listed = json(&run_in(dir.path(), &["rules", "--format", "json"]));
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), copydesk::rules::ALL.len());
    assert!(table.starts_with("NAME"), "{table}");
    for (row, rule) in listed.iter().zip(copydesk::rules::ALL) {
        assert_eq!(row["name"], rule.name);
        assert_eq!(row["code"], rule.code);
        assert!(table.lines().any(|l| l.starts_with(rule.name) && l.contains(rule.code) && l.contains(rule.summary)), "{table}");
    }
}

#[test]
fn explain_prints_a_rules_docs_and_suggests_names_for_typos() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["explain", "doubled-word"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.starts_with("# doubled-word (CD105)"), "{text}");
    assert!(text.contains(&copydesk::rules::doubled_word::META.docs()));
    let out = run_in(dir.path(), &["explain", "doubled-words"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("did you mean: doubled-word"), "{}", stderr(&out));
    assert!(stderr(&out).contains("valid rule names: duplicated-dateline, web-boilerplate"), "{}", stderr(&out));
}

fn rules_found(o: &Output) -> BTreeSet<String> {
    from_json(&json(o)).into_iter().map(|f| f.1).collect()
}

#[test]
fn select_and_ignore_take_names_codes_commas_and_repeats() {
    let dir = two_stories();
    let only = run_in(dir.path(), &["check", "--format", "json", "--select", "doubled-word", "."]);
    assert_eq!(rules_found(&only), BTreeSet::from(["doubled-word".to_string()]));
    let two = run_in(dir.path(), &["check", "--format", "json", "--select", "doubled-word,photo-credit", "--select", "CD101", "."]);
    assert_eq!(rules_found(&two), ["doubled-word", "duplicated-dateline", "photo-credit"].map(String::from).into());
    let ignored = run_in(dir.path(), &["check", "--format", "json", "--ignore", "web-boilerplate,screen-reader-text", "."]);
    assert_eq!(rules_found(&ignored), ["doubled-word", "duplicated-dateline", "photo-credit"].map(String::from).into());
    // The photo credit is info: without the warnings the run passes.
    let info_only = run_in(dir.path(), &["check", "--select", "photo-credit", "."]);
    assert_eq!(info_only.status.code(), Some(0));
}

#[test]
fn an_unknown_rule_name_exits_2_and_lists_the_valid_ones() {
    let dir = two_stories();
    for flag in ["--select", "--ignore"] {
        let out = run_in(dir.path(), &["check", flag, "doubled-word,web-boilerplat", "."]);
        assert_eq!(out.status.code(), Some(2));
        let err = stderr(&out);
        assert!(err.contains(&format!("unknown rule `web-boilerplat` (in {flag})")), "{err}");
        assert!(err.contains("did you mean: web-boilerplate"), "{err}");
        for rule in copydesk::rules::ALL {
            assert!(err.contains(rule.name), "{err}");
        }
        assert!(stdout(&out).is_empty());
    }
}

#[test]
fn diff_prints_the_safe_fixes_and_writes_nothing() {
    let dir = two_stories();
    let before = std::fs::read(dir.path().join("wire.txt")).unwrap();
    let out = run_in(dir.path(), &["check", "--diff", "wire.txt"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let diff = stdout(&out);
    assert!(diff.starts_with("--- wire.txt\n+++ wire.txt\n@@ "), "{diff}");
    assert!(diff.contains("\n-Published On 21 Jan 202521 Jan 2025\n+Published On 21 Jan 2025\n"), "{diff}");
    assert!(diff.contains("\n-Advertisement\n"), "{diff}");
    assert!(!diff.contains("[File: Tomas Berg/AFP]\n+"), "unsafe fixes are not in the diff: {diff}");
    // The two screen-reader findings on one line share one fix (deleting the line).
    assert!(stderr(&out).contains("would fix 4 finding(s) in 1 file(s)"), "{}", stderr(&out));
    // --diff wins over --fix: still nothing written.
    let out = run_in(dir.path(), &["check", "--diff", "--fix", "wire.txt"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read(dir.path().join("wire.txt")).unwrap(), before);
    // Applying the diff's fixes for real leaves nothing to diff.
    run_in(dir.path(), &["check", "--fix", "wire.txt"]);
    let out = run_in(dir.path(), &["check", "--diff", "wire.txt"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).is_empty());
}

#[test]
fn stdin_filename_names_the_draft_and_chooses_markdown() {
    let draft = "Intro.\n\n```\nthe the\n```\n\nOutro the the end.\n";
    let md = with_stdin(&["check", "--format", "json", "--stdin-filename", "notes/draft.md", "-"], draft);
    let v = json(&md);
    assert_eq!(v["files"][0]["path"], "notes/draft.md");
    let lines: Vec<u64> = v["files"][0]["diagnostics"].as_array().unwrap().iter().map(|d| d["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, [7], "code in Markdown is not prose");
    // As plain text, the code block's words are prose. Without paths, stdin is read.
    let txt = with_stdin(&["check", "--format", "json", "--stdin-filename", "draft.txt"], draft);
    let v = json(&txt);
    assert_eq!(v["files"][0]["path"], "draft.txt");
    assert_eq!(v["files"][0]["diagnostics"].as_array().unwrap().len(), 2);
    // --fix on stdin prints the fixed draft.
    let fixed = with_stdin(&["check", "--fix", "--stdin-filename", "draft.md", "-"], draft);
    assert_eq!(stdout(&fixed), "Intro.\n\n```\nthe the\n```\n\nOutro the end.\n");
    assert_eq!(fixed.status.code(), Some(0));
}

#[test]
fn fix_with_stdin_and_other_paths_is_a_usage_error() {
    let dir = two_stories();
    let out = bin().current_dir(dir.path()).args(["check", "--fix", "-", "wire.txt"]).stdin(Stdio::null()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("takes no other paths"), "{}", stderr(&out));
}
