//! Finding and loading `copydesk.toml`, and resolving the settings for a draft on disk.
//!
//! This is the configuration's IO: it reads the file system (never the engine). A draft's
//! configuration file is the first `copydesk.toml` found walking up from the draft's folder to
//! the file-system root. [`Resolver`] caches both the walk (per folder) and the parsed file
//! (per path), so checking a thousand drafts in one folder reads its `copydesk.toml` once.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::error::{ConfigError, Origin};
use super::{Options, Settings};

/// The configuration file's name.
pub const CONFIG_FILE_NAME: &str = "copydesk.toml";

/// The first `copydesk.toml` (a regular file, or a link to one) in `dir` or a folder above it,
/// up to the file-system root. `dir` should be absolute.
pub fn find_config(dir: &Path) -> Option<PathBuf> {
    dir.ancestors().map(|d| d.join(CONFIG_FILE_NAME)).find(|p| p.is_file())
}

/// Reads and parses the configuration file at `path`. `shown` is how the path appears in
/// errors (usually relative to the current directory). Errors: the file cannot be read, is
/// not UTF-8, or [`Options::from_toml`] rejects it.
pub fn load_file(path: &Path, shown: &Path) -> Result<Options, ConfigError> {
    let origin = Origin::File(shown.to_path_buf());
    let bytes = std::fs::read(path).map_err(|e| ConfigError::new(origin.clone(), format!("cannot read: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        ConfigError::new(origin, format!("not valid UTF-8 (invalid byte sequence at byte offset {})", e.utf8_error().valid_up_to()))
    })?;
    Options::from_toml(&text, shown)
}

/// Where configuration files come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigMode {
    /// Walk up from each draft's folder to find `copydesk.toml` (the default).
    Discover,
    /// Use this one file for every draft (`--config PATH`); relative paths in it are relative
    /// to its folder.
    Explicit(PathBuf),
    /// Read no configuration file (`--isolated` / `--no-config`).
    Isolated,
}

/// The settings for one draft, with the configuration file they came from.
#[derive(Clone, Debug)]
pub struct Resolved {
    /// Defaults → file → editor settings → CLI flags, merged.
    pub settings: Arc<Settings>,
    /// The absolute path of the `copydesk.toml` that applied, if any.
    pub config_file: Option<PathBuf>,
}

/// Resolves and caches the settings of drafts on disk.
///
/// The layers above the file (editor settings, CLI flags) are fixed when the resolver is
/// built or changed with [`Resolver::set_editor`]; the file layer is found per draft.
#[derive(Debug)]
pub struct Resolver {
    mode: ConfigMode,
    /// The folder relative paths are shown from in errors, and CLI flags are relative to.
    cwd: PathBuf,
    editor: Option<(Options, PathBuf)>,
    flags: Options,
    /// Folder → the config file that governs it (after walking up).
    dirs: HashMap<PathBuf, Option<PathBuf>>,
    /// Config file (or `None`: no file) → merged settings or the file's error.
    merged: HashMap<Option<PathBuf>, Result<Arc<Settings>, ConfigError>>,
    /// The last options each config file parsed to without error, for
    /// [`Resolver::settings_or_last_good`]. Kept across [`Resolver::invalidate`].
    last_good: HashMap<PathBuf, Options>,
}

impl Resolver {
    /// A resolver reading files per `mode`, with `flags` as the top layer. The current
    /// directory is read once here (for showing paths and resolving relative ones).
    pub fn new(mode: ConfigMode, flags: Options) -> Resolver {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
        Resolver::with_cwd(mode, flags, cwd)
    }

    /// [`Resolver::new`] with an explicit current directory (absolute).
    pub fn with_cwd(mode: ConfigMode, flags: Options, cwd: PathBuf) -> Resolver {
        Resolver {
            mode,
            cwd,
            editor: None,
            flags,
            dirs: HashMap::new(),
            merged: HashMap::new(),
            last_good: HashMap::new(),
        }
    }

    /// Sets (or clears) the editor-settings layer; relative paths in it are relative to
    /// `base` (the workspace folder). Drops the cached merges.
    pub fn set_editor(&mut self, editor: Option<(Options, PathBuf)>) {
        self.editor = editor;
        self.merged.clear();
    }

    /// Forgets everything read from disk (call when a `copydesk.toml` changed, appeared or
    /// disappeared).
    pub fn invalidate(&mut self) {
        self.dirs.clear();
        self.merged.clear();
    }

    /// The configuration file that governs `draft` (a file path; need not exist), or `None`.
    /// An explicit `--config` file governs every draft.
    pub fn config_file_for(&mut self, draft: &Path) -> Option<PathBuf> {
        match &self.mode {
            ConfigMode::Isolated => None,
            ConfigMode::Explicit(p) => Some(self.absolute(p)),
            ConfigMode::Discover => {
                let abs = self.absolute(draft);
                let dir = abs.parent().map(Path::to_path_buf).unwrap_or_else(|| abs.clone());
                self.config_in(&dir)
            }
        }
    }

    /// Like [`Resolver::config_file_for`] for a folder (e.g. the current directory for stdin).
    pub fn config_in(&mut self, dir: &Path) -> Option<PathBuf> {
        match &self.mode {
            ConfigMode::Isolated => None,
            ConfigMode::Explicit(p) => Some(self.absolute(p)),
            ConfigMode::Discover => {
                let dir = self.absolute(dir);
                if let Some(hit) = self.dirs.get(&dir) {
                    return hit.clone();
                }
                let found = find_config(&dir);
                self.dirs.insert(dir, found.clone());
                found
            }
        }
    }

    /// The settings for the draft at `draft` (it need not exist: an unsaved buffer's path
    /// works). Errors: the governing `copydesk.toml` cannot be read or is invalid.
    pub fn settings_for(&mut self, draft: &Path) -> Result<Resolved, ConfigError> {
        let file = self.config_file_for(draft);
        self.settings_with(file)
    }

    /// The settings for a draft in folder `dir` (stdin is taken to be in the current folder).
    pub fn settings_in(&mut self, dir: &Path) -> Result<Resolved, ConfigError> {
        let file = self.config_in(dir);
        self.settings_with(file)
    }

    /// Like [`Resolver::settings_for`], but never without settings: when the governing file is
    /// broken, the settings are built from the last version of that file that parsed (or
    /// without the file, if it never did), and the error comes alongside. This is what the
    /// language server uses, so that a half-typed `copydesk.toml` does not change the findings
    /// until it is valid again.
    pub fn settings_or_last_good(&mut self, draft: &Path) -> (Resolved, Option<ConfigError>) {
        let file = self.config_file_for(draft);
        self.settings_or_last_good_with(file)
    }

    /// [`Resolver::settings_or_last_good`] for a draft in folder `dir` (an unsaved buffer).
    pub fn settings_or_last_good_in(&mut self, dir: &Path) -> (Resolved, Option<ConfigError>) {
        let file = self.config_in(dir);
        self.settings_or_last_good_with(file)
    }

    fn settings_or_last_good_with(&mut self, file: Option<PathBuf>) -> (Resolved, Option<ConfigError>) {
        match self.settings_with(file.clone()) {
            Ok(resolved) => (resolved, None),
            Err(e) => {
                let last = file.as_ref().and_then(|f| self.last_good.get(f).map(|o| (o, f.as_path())));
                let layers = self.layers(last);
                // A broken names list leaves the desk's names out rather than the settings.
                let settings = Arc::new(self.with_names(layers.clone()).unwrap_or(layers));
                (Resolved { settings, config_file: file }, Some(e))
            }
        }
    }

    fn settings_with(&mut self, file: Option<PathBuf>) -> Result<Resolved, ConfigError> {
        if !self.merged.contains_key(&file) {
            let merged = self.merge(file.as_deref());
            self.merged.insert(file.clone(), merged);
        }
        match &self.merged[&file] {
            Ok(settings) => Ok(Resolved { settings: settings.clone(), config_file: file }),
            Err(e) => Err(e.clone()),
        }
    }

    fn merge(&mut self, file: Option<&Path>) -> Result<Arc<Settings>, ConfigError> {
        let Some(path) = file else { return Ok(Arc::new(self.with_names(self.layers(None))?)) };
        let options = load_file(path, &self.shown(path))?;
        let settings = self.layers(Some((&options, path)));
        self.last_good.insert(path.to_path_buf(), options);
        Ok(Arc::new(self.with_names(settings)?))
    }

    /// `settings` with the desk's names lists (`names_lists`) read into `desk_names`. Errors
    /// name the list file and line.
    fn with_names(&self, mut settings: Settings) -> Result<Settings, ConfigError> {
        if settings.names_lists.is_empty() {
            return Ok(settings);
        }
        let list = super::load_names_lists(&settings.names_lists).map_err(|e| ConfigError {
            origin: Origin::File(self.shown(&e.path)),
            line: (e.line > 0).then_some(e.line),
            column: None,
            key: None,
            message: e.message,
        })?;
        settings.desk_names = Arc::new(list);
        Ok(settings)
    }

    /// Defaults → `file` (its options and path) → editor settings → flags.
    fn layers(&self, file: Option<(&Options, &Path)>) -> Settings {
        let mut settings = Settings::default();
        if let Some((options, path)) = file {
            settings.apply(options, path.parent().unwrap_or(Path::new("/")));
        }
        if let Some((options, base)) = &self.editor {
            settings.apply(options, base);
        }
        settings.apply(&self.flags, &self.cwd);
        settings
    }

    /// `path` made absolute against the current directory (without touching the disk).
    pub fn absolute(&self, path: &Path) -> PathBuf {
        let joined = if path.is_absolute() { path.to_path_buf() } else { self.cwd.join(path) };
        normalize(&joined)
    }

    /// How to show `path` to the user: relative to the current directory when inside it.
    pub fn shown(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.cwd).map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf())
    }
}

/// Removes `.` components and resolves `..` lexically (no symlinks are followed).
fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() && !out.has_root() {
                    out.push(c);
                }
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{RuleLevel, Style};

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn discovery_walks_up_to_the_nearest_file() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        write(&root.join("copydesk.toml"), "style = \"ap\"\n");
        write(&root.join("intl/copydesk.toml"), "style = \"international\"\n");
        std::fs::create_dir_all(root.join("news/2025/jan")).unwrap();
        std::fs::create_dir_all(root.join("intl/europe")).unwrap();
        assert_eq!(find_config(&root.join("news/2025/jan")), Some(root.join("copydesk.toml")));
        assert_eq!(find_config(&root.join("intl/europe")), Some(root.join("intl/copydesk.toml")));

        let mut r = Resolver::with_cwd(ConfigMode::Discover, Options::default(), root.clone());
        let deep = r.settings_for(Path::new("news/2025/jan/story.md")).unwrap();
        assert_eq!(deep.settings.style, Style::Ap);
        assert_eq!(deep.config_file, Some(root.join("copydesk.toml")));
        let intl = r.settings_for(&root.join("intl/europe/story.md")).unwrap();
        assert_eq!(intl.settings.style, Style::International);
    }

    #[test]
    fn a_folder_that_is_not_a_config_file_is_skipped() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("a/copydesk.toml")).unwrap();
        write(&root.join("copydesk.toml"), "");
        assert_eq!(find_config(&root.join("a")), Some(root.join("copydesk.toml")));
    }

    #[test]
    fn layers_apply_in_order_defaults_file_editor_flags() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        write(
            &root.join("copydesk.toml"),
            "style = \"international\"\n[rules]\nphoto-credit = \"off\"\ndoubled-word = \"error\"\n[quotes]\nmarks = \"straight\"\n[names]\nlists = [\"lists/desk.toml\"]\n",
        );
        // The names lists are read with the settings, so they must exist.
        let list = "[[person]]\nname = \"Karim Ben Salah\"\nsurname = \"Ben Salah\"\nrole = \"Mayor of Sfax\"\nkind = \"person\"\nas_of = \"2025-03-01\"\n";
        let abs = root.join("abs/names.toml");
        write(&abs, list);
        write(&root.join("lists/desk.toml"), list);
        let flags = Options::from_flags(Some("ap")).unwrap();
        let mut r = Resolver::with_cwd(ConfigMode::Discover, flags, root.clone());
        let editor = Options::from_json(&serde_json::json!({
            "style": "none",
            "rules": { "doubled-word": "hint" },
            "names": { "lists": [abs.to_string_lossy()] }
        }))
        .unwrap();
        r.set_editor(Some((editor, root.join("workspace"))));
        let s = r.settings_for(&root.join("story.md")).unwrap().settings;
        assert_eq!(s.style, Style::Ap, "the flag beats editor and file");
        assert_eq!(s.rules["photo-credit"], RuleLevel::Off, "file rule kept: rules merge per rule");
        assert_eq!(s.rules["doubled-word"], RuleLevel::parse("hint").unwrap(), "editor beats file");
        assert_eq!(s.quote_marks, Some(crate::config::QuoteMarks::Straight), "file beats default");
        assert_eq!(s.names_lists, std::slice::from_ref(&abs), "editor list replaces the file's");
        assert_eq!(s.desk_names.people()[0].name, "Karim Ben Salah", "lists are read with the settings");

        r.set_editor(None);
        let s = r.settings_for(&root.join("story.md")).unwrap().settings;
        assert_eq!(s.names_lists, [root.join("lists/desk.toml")], "relative to the config file");
        assert_eq!(s.rules["doubled-word"], RuleLevel::parse("error").unwrap());
    }

    #[test]
    fn errors_name_the_file_as_shown_and_are_cached_until_invalidated() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        write(&root.join("desk/copydesk.toml"), "style = \"ap\"\nstlye = \"ap\"\n");
        let mut r = Resolver::with_cwd(ConfigMode::Discover, Options::default(), root.clone());
        let e = r.settings_for(&root.join("desk/a.md")).unwrap_err();
        assert_eq!(e.path(), Some(Path::new("desk/copydesk.toml")));
        assert!(e.to_string().starts_with("desk/copydesk.toml:2:1: unknown key `stlye`"), "{e}");

        write(&root.join("desk/copydesk.toml"), "style = \"ap\"\n");
        assert!(r.settings_for(&root.join("desk/a.md")).is_err(), "cached");
        r.invalidate();
        assert_eq!(r.settings_for(&root.join("desk/a.md")).unwrap().settings.style, Style::Ap);
    }

    #[test]
    fn explicit_and_isolated_modes() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        write(&root.join("copydesk.toml"), "style = \"ap\"\n");
        write(&root.join("conf/other.toml"), "style = \"international\"\nexclude = [\"old/**\"]\n");
        let mut r = Resolver::with_cwd(ConfigMode::Isolated, Options::default(), root.clone());
        assert_eq!(r.settings_for(&root.join("a.md")).unwrap().settings.style, Style::None);
        let mut r = Resolver::with_cwd(ConfigMode::Explicit("conf/other.toml".into()), Options::default(), root.clone());
        let s = r.settings_for(&root.join("a.md")).unwrap().settings;
        assert_eq!(s.style, Style::International);
        assert!(s.exclude.is_excluded(&root.join("conf/old/x.md")), "relative to the explicit file's folder");
        assert!(!s.exclude.is_excluded(&root.join("old/x.md")));
        let mut r = Resolver::with_cwd(ConfigMode::Explicit("missing.toml".into()), Options::default(), root.clone());
        let e = r.settings_for(&root.join("a.md")).unwrap_err();
        assert!(e.to_string().starts_with("missing.toml: cannot read"), "{e}");
    }

    #[test]
    fn normalize_is_lexical() {
        assert_eq!(normalize(Path::new("/a/./b/../c")), PathBuf::from("/a/c"));
        assert_eq!(normalize(Path::new("/..")), PathBuf::from("/"));
    }

    #[test]
    fn a_broken_file_falls_back_to_its_last_good_version() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        let config = root.join("copydesk.toml");
        let draft = root.join("a.md");
        let mut r = Resolver::with_cwd(ConfigMode::Discover, Options::default(), root.clone());

        // Broken from the start: defaults (and upper layers), with the error.
        write(&config, "style = \"ap\"\n[rules\n");
        let (resolved, error) = r.settings_or_last_good(&draft);
        assert_eq!(resolved.settings.style, Style::None);
        assert_eq!(error.unwrap().line, Some(2));

        write(&config, "style = \"ap\"\n");
        r.invalidate();
        let (resolved, error) = r.settings_or_last_good(&draft);
        assert_eq!((resolved.settings.style, error), (Style::Ap, None));

        // Broken again while being edited: the last good file still applies, under the
        // current editor layer.
        write(&config, "style = \"international\"\nstlye = 1\n");
        r.invalidate();
        r.set_editor(Some((Options::from_json(&serde_json::json!({"rules": {"photo-credit": "off"}})).unwrap(), root.clone())));
        let (resolved, error) = r.settings_or_last_good(&draft);
        assert_eq!(resolved.settings.style, Style::Ap);
        assert_eq!(resolved.settings.rules["photo-credit"], RuleLevel::Off);
        assert!(error.unwrap().to_string().contains("unknown key `stlye`"));
    }
}
