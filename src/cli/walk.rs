//! Expanding the paths given on the command line into the drafts to check.
//!
//! Directories are walked with the `ignore` crate, like ruff does: hidden files and folders
//! are skipped, `.ignore` files are always honoured, and `.gitignore` (with `.git/info/exclude`
//! and the global git excludes) is honoured inside a git repository. Outside one, a
//! `.gitignore` is not read — ruff reverted reading it there because a parent folder's
//! `.gitignore` then leaked into unrelated child repositories; write an `.ignore` file instead.
//! Paths named explicitly are always checked, whatever the ignore files say.

use std::path::{Path, PathBuf};

/// One thing to check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// Standard input (`-`).
    Stdin,
    /// A file, named by the user or found under a directory they named.
    File(PathBuf),
}

/// A path that could not be expanded (it does not exist, or a directory could not be read).
#[derive(Debug)]
pub struct WalkError {
    pub path: String,
    pub message: String,
}

/// Expands `paths` in order: `-` is stdin, files are kept as given, directories contribute the
/// drafts (`.md`, `.markdown`, `.txt`) under them, sorted by path, except those `excluded`
/// says no to (the configuration's `exclude` globs). A file reached twice — under any name
/// (`a.txt`, `./a.txt`, a symbolic link) — is checked once, and so is stdin.
pub fn collect(paths: &[PathBuf], mut excluded: impl FnMut(&Path) -> bool) -> (Vec<Target>, Vec<WalkError>) {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for path in paths {
        // The same file under another spelling of its path is the same file.
        let key = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        if path.as_os_str() == "-" {
            if !out.contains(&Target::Stdin) {
                out.push(Target::Stdin);
            }
        } else if path.is_dir() {
            let mut found = Vec::new();
            for entry in ignore::WalkBuilder::new(path).build() {
                match entry {
                    Ok(e) if e.file_type().is_some_and(|t| t.is_file()) && is_draft(e.path()) && !excluded(e.path()) => {
                        found.push(e.into_path())
                    }
                    Ok(_) => {}
                    Err(e) => errors.push(WalkError { path: display(path), message: format!("cannot walk: {e}") }),
                }
            }
            found.sort();
            for file in found {
                if seen.insert(key(&file)) {
                    out.push(Target::File(file));
                }
            }
        } else if path.exists() {
            if seen.insert(key(path)) {
                out.push(Target::File(path.clone()));
            }
        } else {
            errors.push(WalkError { path: display(path), message: "no such file or directory".into() });
        }
    }
    (out, errors)
}

/// True for the extensions copydesk looks for under a directory: `.md`, `.markdown`,
/// `.txt` (any case).
pub fn is_draft(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref(),
        Some("md" | "markdown" | "txt")
    )
}

/// A path as shown in reports: as given, lossily decoded.
pub fn display(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}
