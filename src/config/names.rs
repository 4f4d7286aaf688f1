//! Loading the desk's names lists (`[names] lists` in copydesk.toml): the file reading that
//! the engine must not do. The format is documented in [`crate::entities::names_list`].

use std::path::{Path, PathBuf};

use crate::entities::names_list::{self, NamesList};

/// A names-list file that could not be loaded: which file, which 1-based line (0 when the
/// file could not be read at all) and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamesListFileError {
    pub path: PathBuf,
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for NamesListFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.path.display(), self.message)
        } else {
            write!(f, "{}:{}: {}", self.path.display(), self.line, self.message)
        }
    }
}

impl std::error::Error for NamesListFileError {}

/// Reads and parses every names list in `paths` (in order; relative paths are taken as
/// given, so the caller resolves them against the config file's folder) into one list.
/// When two files spell the same name, the earlier file's person wins. The first file that
/// cannot be read or parsed is the error.
pub fn load_names_lists(paths: &[PathBuf]) -> Result<NamesList, NamesListFileError> {
    let mut list = NamesList::default();
    for path in paths {
        for person in load_one(path)? {
            list.push(person);
        }
    }
    Ok(list)
}

fn load_one(path: &Path) -> Result<Vec<crate::entities::Person>, NamesListFileError> {
    let text = std::fs::read_to_string(path).map_err(|e| NamesListFileError {
        path: path.to_path_buf(),
        line: 0,
        message: format!("cannot read the names list: {e}"),
    })?;
    names_list::parse(&text).map_err(|e| NamesListFileError { path: path.to_path_buf(), line: e.line, message: e.message })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: &str = "[[person]]\nname = \"Karim Ben Salah\"\nsurname = \"Ben Salah\"\nrole = \"Mayor of Sfax\"\ncountry = \"TN\"\nkind = \"person\"\nas_of = \"2025-03-01\"\n";

    #[test]
    fn loads_lists_in_order_and_reports_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("desk.toml");
        std::fs::write(&good, ONE).unwrap();
        let list = load_names_lists(std::slice::from_ref(&good)).unwrap();
        assert_eq!(list.people()[0].name, "Karim Ben Salah");

        let bad = dir.path().join("bad.toml");
        std::fs::write(&bad, ONE.replace("as_of", "date")).unwrap();
        let e = load_names_lists(&[good, bad.clone()]).unwrap_err();
        assert_eq!(e.path, bad);
        assert_eq!(e.line, 7, "the line of the unknown key");
        assert!(e.to_string().starts_with(&format!("{}:7: ", bad.display())), "{e}");

        let missing = dir.path().join("missing.toml");
        let e = load_names_lists(&[missing]).unwrap_err();
        assert_eq!(e.line, 0);
        assert!(e.message.contains("cannot read"), "{e}");
    }
}
