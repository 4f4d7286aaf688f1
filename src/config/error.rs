//! ConfigError: what is wrong with a configuration layer, and where.

use std::fmt;
use std::path::PathBuf;

/// Which layer a setting came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A `copydesk.toml` file (the path as it should be shown to the user).
    File(PathBuf),
    /// The editor's settings (workspace/configuration, section `copydesk`).
    EditorSettings,
    /// A command-line flag.
    CommandLine,
}

/// A configuration error: unreadable file, TOML syntax, unknown key, bad value.
///
/// `line` and `column` are **1-based**; the column counts characters (Unicode scalar values),
/// like the CLI's other locations. They are known for file errors whenever the TOML parser
/// gave a position. `key` is the dotted path of the offending key from the top of the
/// configuration (`style`, `quotes.marks`, `rules.photo-credt`, `substitutions[2].find`),
/// when the error is about one key.
///
/// `Display` gives one line: `path:line:column: message` for files (`copydesk.toml:3:1:
/// unknown key `stlye`; expected one of …`), `editor settings: message` and
/// `command line: message` for the other layers. The message always names the key when there
/// is one and, for a bad value, the values allowed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub origin: Origin,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub key: Option<String>,
    pub message: String,
}

impl ConfigError {
    /// An error about the whole layer (no key, no position).
    pub fn new(origin: Origin, message: impl Into<String>) -> ConfigError {
        ConfigError { origin, line: None, column: None, key: None, message: message.into() }
    }

    /// The file this error is about, if it is about a file.
    pub fn path(&self) -> Option<&std::path::Path> {
        match &self.origin {
            Origin::File(p) => Some(p),
            _ => None,
        }
    }

    /// `line:column: message` (or just the message): the error without its file path, for
    /// printers that show the path separately.
    pub fn located_message(&self) -> String {
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{l}:{c}: {}", self.message),
            (Some(l), None) => format!("{l}: {}", self.message),
            _ => self.message.clone(),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.origin {
            Origin::File(path) if self.line.is_some() => write!(f, "{}:{}", path.display(), self.located_message()),
            Origin::File(path) => write!(f, "{}: {}", path.display(), self.message),
            Origin::EditorSettings => write!(f, "editor settings: {}", self.message),
            Origin::CommandLine => write!(f, "command line: {}", self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

/// 1-based (line, column) of byte `offset` in `text`; the column counts characters. Offsets
/// past the end or inside a character are clamped/rounded down, so any offset is accepted.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count() + 1;
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_puts_the_location_after_the_path() {
        let e = ConfigError {
            origin: Origin::File(PathBuf::from("desk/copydesk.toml")),
            line: Some(3),
            column: Some(1),
            key: Some("stlye".into()),
            message: "unknown key `stlye`".into(),
        };
        assert_eq!(e.to_string(), "desk/copydesk.toml:3:1: unknown key `stlye`");
        assert_eq!(e.located_message(), "3:1: unknown key `stlye`");
        let e = ConfigError::new(Origin::EditorSettings, "unknown key `copydesk.stlye`");
        assert_eq!(e.to_string(), "editor settings: unknown key `copydesk.stlye`");
    }

    #[test]
    fn line_col_is_one_based_and_counts_characters() {
        let text = "a = 1\nbé = 2\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 6), (2, 1));
        assert_eq!(line_col(text, 9), (2, 3));
        assert_eq!(line_col(text, 8), (2, 2), "inside é rounds down");
        assert_eq!(line_col(text, 999), (3, 1));
    }
}
