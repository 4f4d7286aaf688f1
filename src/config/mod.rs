//! Configuration: `copydesk.toml` and editor settings, parsed into [`Options`], merged layer by
//! layer into the [`Settings`] every check runs with.
//!
//! Layers, lowest first: built-in defaults → `copydesk.toml` (found by walking up from the
//! draft) → editor settings (workspace/configuration, section `copydesk`) → CLI flags (see
//! DESIGN.md §5). Each layer is an [`Options`] (every field optional); [`Settings::apply`]
//! lays one over the settings so far. A key set in a higher layer replaces the lower one's
//! value, except `[rules]`, which is merged rule by rule.
//!
//! This module is where configuration IO happens ([`discover`]); the engine only ever sees a
//! finished `Settings`. Errors are [`ConfigError`]s naming file, line, column and key.

pub mod discover;
pub mod error;
pub mod options;
pub mod schema;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use crate::diagnostic::Severity;
use crate::rules::RuleMeta;

pub use discover::{ConfigMode, Resolved, Resolver, CONFIG_FILE_NAME};
pub use error::{ConfigError, Origin};
pub use options::Options;

/// A closed set of string values a setting accepts (`style`, rule levels, quote marks): each
/// value with its name in configuration and a one-line description for the editor schema.
/// Parsing, error messages ("expected one of …") and the JSON schema all read [`VALUES`].
///
/// [`VALUES`]: Choice::VALUES
pub trait Choice: Copy + PartialEq + 'static {
    /// What a value is called in error messages, e.g. `style`.
    const WHAT: &'static str;
    /// Every value: (value, name in configuration, description).
    const VALUES: &'static [(Self, &'static str, &'static str)];

    /// The value called `name`, if any (exact, lowercase match).
    fn from_name(name: &str) -> Option<Self> {
        Self::VALUES.iter().find(|(_, n, _)| *n == name).map(|(v, _, _)| *v)
    }

    /// This value's name in configuration.
    fn name(self) -> &'static str {
        Self::VALUES.iter().find(|(v, _, _)| *v == self).map_or("", |(_, n, _)| n)
    }

    /// The names of all values, in order.
    fn names() -> Vec<&'static str> {
        Self::VALUES.iter().map(|(_, n, _)| *n).collect()
    }

    /// `"a", "b" or "c"`: the names for an error message.
    fn expected() -> String {
        let quoted: Vec<String> = Self::VALUES.iter().map(|(_, n, _)| format!("\"{n}\"")).collect();
        match quoted.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            Some((last, _)) => last.clone(),
            None => String::new(),
        }
    }
}

/// What a rule is set to: off, or on at a severity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleLevel {
    Off,
    On(Severity),
}

impl RuleLevel {
    /// Parses `off`, `hint`, `info`, `warning` or `error`.
    pub fn parse(s: &str) -> Option<RuleLevel> {
        RuleLevel::from_name(s)
    }
}

impl Choice for RuleLevel {
    const WHAT: &'static str = "rule level";
    const VALUES: &'static [(Self, &'static str, &'static str)] = &[
        (RuleLevel::Off, "off", "The rule does not run."),
        (RuleLevel::On(Severity::Hint), "hint", "Shown as a hint (faint in editors); never fails a check."),
        (RuleLevel::On(Severity::Info), "info", "Shown as information; never fails a check."),
        (RuleLevel::On(Severity::Warning), "warning", "Shown as a warning; fails `copydesk check`."),
        (RuleLevel::On(Severity::Error), "error", "Shown as an error; fails `copydesk check`."),
    ];
}

/// The house-style pack in force (`style = "…"`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Style {
    /// No pack: only rules enabled by default run.
    #[default]
    None,
    /// The AP-based pack (AP Stylebook conventions).
    Ap,
    /// The international pack (British spelling, day-month-year dates).
    International,
}

impl Choice for Style {
    const WHAT: &'static str = "style";
    const VALUES: &'static [(Self, &'static str, &'static str)] = &[
        (Style::None, "none", "No style pack: only the artifact rules, doubled-word and quote-balance."),
        (Style::Ap, "ap", "The AP pack."),
        (Style::International, "international", "The international pack (British spelling, day-month-year dates)."),
    ];
}

/// How direct quotes should be marked (`[quotes] marks`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum QuoteMarks {
    /// “Curly” typographer's quotes.
    #[default]
    Curly,
    /// "Straight" ASCII quotes.
    Straight,
}

impl Choice for QuoteMarks {
    const WHAT: &'static str = "quotation-mark style";
    const VALUES: &'static [(Self, &'static str, &'static str)] = &[
        (QuoteMarks::Curly, "curly", "Curly quotation marks (“ ” ‘ ’)."),
        (QuoteMarks::Straight, "straight", "Straight quotation marks (\" ')."),
    ];
}

/// A desk's own substitution (`[[substitutions]]`): `find` is replaced by `replace`, matched
/// as whole words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Substitution {
    pub find: String,
    pub replace: String,
}

/// The `exclude` globs of one layer, compiled, with the folder they are relative to.
///
/// Matching follows `.gitignore` conventions: `*` and `?` do not cross `/`, `**` does; a
/// pattern without `/` (`*.bak`, `archive`) matches a file or folder name at any depth; a
/// leading `/` anchors a pattern to `base`. A path is excluded when it or any folder above it
/// (up to `base`) matches, so `archive` and `archive/**` both exclude everything in `archive/`.
#[derive(Clone, Debug, Default)]
pub struct Exclude {
    base: PathBuf,
    patterns: Vec<String>,
    set: GlobSet,
}

impl PartialEq for Exclude {
    fn eq(&self, other: &Exclude) -> bool {
        self.base == other.base && self.patterns == other.patterns
    }
}

impl Exclude {
    /// Compiles `patterns`, relative to the folder `base` (absolute). Invalid patterns are
    /// rejected earlier, when the configuration is parsed ([`Options`]); here one that does not
    /// compile is left out.
    pub fn new(base: PathBuf, patterns: Vec<String>) -> Exclude {
        let mut builder = GlobSetBuilder::new();
        for pattern in &patterns {
            for glob in expand_pattern(pattern) {
                if let Ok(g) = compile_glob(&glob) {
                    builder.add(g);
                }
            }
        }
        let set = builder.build().unwrap_or_else(|_| GlobSet::empty());
        Exclude { base, patterns, set }
    }

    /// The folder the patterns are relative to.
    pub fn base(&self) -> &Path {
        &self.base
    }

    /// The patterns as written.
    pub fn patterns(&self) -> &[String] {
        &self.patterns
    }

    /// True when `path` is excluded. `path` should be absolute; a relative path is taken as
    /// relative to the base folder. Paths outside the base folder are never excluded.
    pub fn is_excluded(&self, path: &Path) -> bool {
        if self.patterns.is_empty() {
            return false;
        }
        let rel = if path.is_absolute() {
            match path.strip_prefix(&self.base) {
                Ok(rel) => rel,
                Err(_) => return false,
            }
        } else {
            path
        };
        let mut prefix = PathBuf::new();
        for component in rel.components() {
            match component {
                std::path::Component::Normal(part) => prefix.push(part),
                std::path::Component::CurDir => continue,
                _ => return false,
            }
            if self.set.is_match(&prefix) {
                return true;
            }
        }
        false
    }
}

/// The globs one `exclude` pattern stands for: an unanchored pattern (no `/` inside) also
/// matches at any depth; a leading `/` anchors.
fn expand_pattern(pattern: &str) -> Vec<String> {
    let trimmed = pattern.trim_end_matches('/');
    if let Some(anchored) = trimmed.strip_prefix('/') {
        return vec![anchored.to_string()];
    }
    if trimmed.contains('/') {
        vec![trimmed.to_string()]
    } else {
        vec![trimmed.to_string(), format!("**/{trimmed}")]
    }
}

/// Compiles one glob with `.gitignore`-like separators (`*` does not cross `/`).
pub(crate) fn compile_glob(glob: &str) -> Result<globset::Glob, globset::Error> {
    GlobBuilder::new(glob).literal_separator(true).backslash_escape(true).build()
}

/// The resolved settings for one check. `Settings::default()` is copydesk with no
/// configuration: the artifact rules and `doubled-word` at their default severities.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Settings {
    /// The house-style pack; any pack other than `None` enables the style rules.
    pub style: Style,
    /// Per-rule overrides by rule name. Rules not named keep their registry default.
    pub rules: BTreeMap<String, RuleLevel>,
    /// Extra whole-line boilerplate phrases from the desk (`[boilerplate] phrases`).
    pub boilerplate_phrases: Vec<String>,
    /// The desk's own substitutions, checked after the pack's table.
    pub substitutions: Vec<Substitution>,
    /// House quotation marks (`[quotes] marks`). `None` — no desk setting — keeps the
    /// `quote-marks` rule silent: copy from many sources mixes marks, and flagging every
    /// straight quote by default would nag good copy.
    pub quote_marks: Option<QuoteMarks>,
    /// Files not to check (`exclude`), relative to the folder of the layer that set them.
    pub exclude: Exclude,
    /// The desk's names lists (`[names] lists`), as absolute paths resolved against the folder
    /// of the layer that named them (the config file's folder for `copydesk.toml`). Not read
    /// here: the people-and-places code loads them.
    pub names_lists: Vec<PathBuf>,
}

impl Settings {
    /// The severity `rule` runs at under these settings, or `None` when it is off.
    pub fn level(&self, rule: &RuleMeta) -> Option<Severity> {
        match self.rules.get(rule.name) {
            Some(RuleLevel::Off) => None,
            Some(RuleLevel::On(s)) => Some(*s),
            None if rule.default_enabled => Some(rule.default_severity),
            None if rule.style_pack && self.style != Style::None => Some(rule.default_severity),
            None => None,
        }
    }

    /// Lays one configuration layer over these settings. Every key `options` sets replaces
    /// the value so far, except `rules`, merged rule by rule. Relative paths in it (`exclude`,
    /// `[names] lists`) are relative to `base`, an absolute folder: the config file's folder,
    /// the editor's workspace folder, or the current directory for CLI flags.
    pub fn apply(&mut self, options: &Options, base: &Path) {
        if let Some(style) = options.style {
            self.style = style;
        }
        if let Some(exclude) = &options.exclude {
            let patterns = exclude.iter().map(|g| g.0.clone()).collect();
            self.exclude = Exclude::new(base.to_path_buf(), patterns);
        }
        if let Some(rules) = &options.rules {
            for (name, level) in rules {
                self.rules.insert(name.0.to_string(), *level);
            }
        }
        if let Some(phrases) = options.boilerplate.as_ref().and_then(|b| b.phrases.as_ref()) {
            self.boilerplate_phrases = phrases.clone();
        }
        if let Some(subs) = &options.substitutions {
            self.substitutions =
                subs.iter().map(|s| Substitution { find: s.find.0.clone(), replace: s.replace.clone() }).collect();
        }
        if let Some(lists) = options.names.as_ref().and_then(|n| n.lists.as_ref()) {
            self.names_lists = lists.iter().map(|p| base.join(p)).collect();
        }
        if let Some(marks) = options.quotes.as_ref().and_then(|q| q.marks) {
            self.quote_marks = Some(marks);
        }
    }

    /// Settings under which no rule runs: what a draft matched by `exclude` is checked with
    /// in the editor.
    pub fn all_off() -> Settings {
        let rules = crate::rules::ALL.iter().map(|r| (r.name.to_string(), RuleLevel::Off)).collect();
        Settings { rules, ..Settings::default() }
    }

    /// Defaults with each layer applied in order: `(options, base folder)` pairs, lowest first.
    pub fn layered<'a>(layers: impl IntoIterator<Item = (&'a Options, &'a Path)>) -> Settings {
        let mut settings = Settings::default();
        for (options, base) in layers {
            settings.apply(options, base);
        }
        settings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_parse_their_names_and_list_them() {
        assert_eq!(Style::from_name("ap"), Some(Style::Ap));
        assert_eq!(Style::from_name("AP"), None);
        assert_eq!(Style::International.name(), "international");
        assert_eq!(Style::expected(), "\"none\", \"ap\" or \"international\"");
        assert_eq!(RuleLevel::parse("off"), Some(RuleLevel::Off));
        assert_eq!(RuleLevel::parse("warning"), Some(RuleLevel::On(Severity::Warning)));
        assert_eq!(RuleLevel::parse("warn"), None);
        assert_eq!(QuoteMarks::names(), ["curly", "straight"]);
    }

    #[test]
    fn exclude_follows_gitignore_conventions() {
        let base = PathBuf::from("/desk");
        let ex = Exclude::new(base.clone(), vec!["archive/**".into(), "*.bak.md".into(), "/drafts/old".into()]);
        assert!(ex.is_excluded(Path::new("/desk/archive/2019/story.md")));
        assert!(ex.is_excluded(Path::new("/desk/news/x.bak.md")), "unanchored name matches at any depth");
        assert!(ex.is_excluded(Path::new("/desk/drafts/old/a.md")), "a matching folder excludes its files");
        assert!(!ex.is_excluded(Path::new("/desk/news/drafts/old/a.md")), "a leading / anchors");
        assert!(!ex.is_excluded(Path::new("/desk/news/archive.md")));
        assert!(!ex.is_excluded(Path::new("/elsewhere/archive/a.md")), "outside the base");
        assert!(ex.is_excluded(Path::new("archive/a.md")), "relative paths are relative to the base");

        let ex = Exclude::new(base, vec!["archive".into(), "*.txt".into()]);
        assert!(ex.is_excluded(Path::new("/desk/archive/a.md")));
        assert!(ex.is_excluded(Path::new("/desk/sub/archive/a.md")));
        assert!(ex.is_excluded(Path::new("/desk/notes.txt")));
        assert!(!ex.is_excluded(Path::new("/desk/sub/notes.md")));
        assert!(!Exclude::default().is_excluded(Path::new("/x")));
    }

    #[test]
    fn star_does_not_cross_folders() {
        let ex = Exclude::new(PathBuf::from("/d"), vec!["news/*.md".into()]);
        assert!(ex.is_excluded(Path::new("/d/news/a.md")));
        assert!(!ex.is_excluded(Path::new("/d/news/sub/a.md")));
    }
}
