//! The CLI under bad input and interruption: a 100 MB file, a million-character line, NUL
//! bytes past the binary sniff, a `--fix` killed at any moment (the file is the old one or
//! the new one, never a mix), and a file that changes on disk while it is being fixed.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use copydesk::cli::{write_atomically, MAX_FILE_BYTES};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
}

fn json(dir: &Path, args: &[&str]) -> (Option<i32>, serde_json::Value) {
    let out = bin().current_dir(dir).args(args).output().unwrap();
    let v = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code(), v)
}

#[test]
fn a_100_mb_file_is_skipped_at_once_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dump.txt");
    // Sparse: 100 MB on paper, nothing on disk. The CLI must not read it to refuse it.
    std::fs::File::create(&path).unwrap().set_len(100 << 20).unwrap();
    std::fs::write(dir.path().join("ok.txt"), "It was the the end.\n").unwrap();
    let start = Instant::now();
    let (code, v) = json(dir.path(), &["check", "--fix", "--format", "json", "dump.txt", "ok.txt"]);
    assert!(start.elapsed() < Duration::from_secs(10), "took {:?}", start.elapsed());
    assert_eq!(code, Some(2));
    assert_eq!(v["errors"][0]["path"], "dump.txt");
    let message = v["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("100.0 MB") && message.contains("limit"), "{message}");
    // The other file is still checked and fixed.
    assert_eq!(v["files"][0]["path"], "ok.txt");
    assert_eq!(std::fs::read_to_string(dir.path().join("ok.txt")).unwrap(), "It was the end.\n");
    assert_eq!(std::fs::metadata(&path).unwrap().len(), 100 << 20, "never rewritten");
    assert!(MAX_FILE_BYTES < 100 << 20);
}

#[test]
fn a_million_character_line_is_checked_and_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let mut line: String = (0..200_000).map(|i| ["council ", "voted ", "a "][i % 3]).collect();
    line.truncate(999_980);
    line.push_str(" the the end");
    std::fs::write(dir.path().join("long.txt"), &line).unwrap();
    let (code, v) = json(dir.path(), &["check", "--format", "json", "long.txt"]);
    assert_eq!(code, Some(1));
    let found = v["files"][0]["diagnostics"].as_array().unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["rule"], "doubled-word");
    assert_eq!(found[0]["line"], 1);
    let out = bin().current_dir(dir.path()).args(["check", "--fix", "long.txt"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(dir.path().join("long.txt")).unwrap(), line.replace(" the the end", " the end"));
}

#[test]
fn nul_bytes_after_the_binary_sniff_are_checked_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = "The council met on Monday and said it would vote on the plan. ".repeat(200);
    text.push_str("A NUL \u{0} here, and the the end.\n");
    std::fs::write(dir.path().join("n.txt"), &text).unwrap();
    let (code, v) = json(dir.path(), &["check", "--format", "json", "n.txt"]);
    assert_eq!(code, Some(1));
    assert_eq!(v["files"][0]["diagnostics"][0]["rule"], "doubled-word");
}

#[test]
fn write_atomically_refuses_a_file_that_changed_since_it_was_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.txt");
    std::fs::write(&path, "Advertisement\nCopy.\n").unwrap();
    let old = std::fs::read(&path).unwrap();
    // Someone saves the file while copydesk is fixing it.
    std::fs::write(&path, "Advertisement\nCopy, edited by a person.\n").unwrap();
    let err = write_atomically(&path, &old, "Copy.\n").unwrap_err();
    assert!(err.contains("changed on disk"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "Advertisement\nCopy, edited by a person.\n");
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 1, "no temporary file left behind: {names:?}");
    // Unchanged on disk: written.
    let old = std::fs::read(&path).unwrap();
    write_atomically(&path, &old, "Fixed.\n").unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "Fixed.\n");
}

/// `check --fix` killed (SIGKILL) at moments spread over a whole run: every time, the file
/// holds exactly the old text or exactly the fixed text.
#[test]
fn a_fix_killed_at_any_moment_leaves_the_old_file_or_the_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let old = "A paragraph of copy that stays.\n\nAdvertisement\n\nIt was the the end.\n\n".repeat(1000);
    let path = dir.path().join("story.txt");
    std::fs::write(&path, &old).unwrap();
    // One run to completion: the fixed text and how long a run takes.
    let start = Instant::now();
    let status = bin().current_dir(dir.path()).args(["check", "--fix", "story.txt"]).stdout(Stdio::null()).status().unwrap();
    let full = start.elapsed();
    assert_eq!(status.code(), Some(0));
    let new = std::fs::read_to_string(&path).unwrap();
    assert_ne!(new, old);
    let mut outcomes = (0, 0);
    for i in 0..10u32 {
        std::fs::write(&path, &old).unwrap();
        let mut child = bin().current_dir(dir.path()).args(["check", "--fix", "story.txt"]).stdout(Stdio::null()).spawn().unwrap();
        // From early in the run to just past its end, denser near the end where it writes.
        let at = full.mul_f64(0.3 + 0.8 * (i as f64 / 9.0).sqrt());
        std::thread::sleep(at);
        let _ = child.kill();
        child.wait().unwrap();
        let now = std::fs::read_to_string(&path).unwrap();
        assert!(now == old || now == new, "after a kill at {at:?} the file is neither old nor new ({} bytes)", now.len());
        if now == old {
            outcomes.0 += 1;
        } else {
            outcomes.1 += 1;
        }
        // A kill may leave the temporary file (`.copydesk-*`), never a partial draft.
        for entry in std::fs::read_dir(dir.path()).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            assert!(name == "story.txt" || name.starts_with(".copydesk-"), "{name}");
        }
    }
    eprintln!("kills: {} left the old file, {} the new one", outcomes.0, outcomes.1);
}

#[test]
fn fix_through_a_symbolic_link_rewrites_its_target_and_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("real.txt"), "Body copy.\n\nAdvertisement\n\nMore copy.\n").unwrap();
    std::os::unix::fs::symlink("real.txt", dir.path().join("link.txt")).unwrap();
    let out = bin().current_dir(dir.path()).args(["check", "--fix", "link.txt"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::symlink_metadata(dir.path().join("link.txt")).unwrap().file_type().is_symlink());
    assert_eq!(std::fs::read_to_string(dir.path().join("real.txt")).unwrap(), "Body copy.\n\nMore copy.\n");
}

#[test]
fn fix_rewrites_a_read_only_file_and_keeps_its_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ro.txt");
    std::fs::write(&path, "Advertisement\n\nBody.\n").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let out = bin().current_dir(dir.path()).args(["check", "--fix", "ro.txt"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "Body.\n");
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o444);
}

#[test]
fn a_device_named_on_the_command_line_is_read_only_up_to_the_limit() {
    let out = bin().args(["check", "/dev/zero"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("/dev/zero: more than 32 MB, the limit for one draft; skipped"), "{err}");
}
