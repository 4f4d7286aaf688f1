//! The server's configuration: `copydesk.toml` found per document under the editor's settings,
//! with the protocol-side rules of DESIGN.md §5 — a broken file or bad editor setting is
//! shown once and the last good settings stay in force.
//!
//! The layering itself lives in [`crate::config`]; this module only maps document URIs to
//! paths, remembers what the client can do, and decides which errors to show.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tower_lsp_server::ls_types::{ClientCapabilities, InitializeParams, Uri};

use crate::config::{ConfigError, ConfigMode, Options, Resolver, Settings, CONFIG_FILE_NAME};

/// What the client can do for configuration, read from `initialize`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ConfigCapabilities {
    /// The client answers `workspace/configuration`.
    pub pull_settings: bool,
    /// The client accepts a dynamic registration of `workspace/didChangeWatchedFiles`.
    pub watch_files: bool,
    /// The client accepts `workspace/diagnostic/refresh` (pull mode re-lint).
    pub refresh_diagnostics: bool,
}

impl ConfigCapabilities {
    /// Reads the client's capabilities.
    pub fn from_client(caps: &ClientCapabilities) -> ConfigCapabilities {
        let workspace = caps.workspace.as_ref();
        ConfigCapabilities {
            pull_settings: workspace.and_then(|w| w.configuration).unwrap_or(false),
            watch_files: workspace
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
            refresh_diagnostics: workspace
                .and_then(|w| w.diagnostics.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
        }
    }
}

/// The glob the server asks the client to watch.
pub const WATCH_GLOB: &str = "**/copydesk.toml";

/// The workspace's root folder from `initialize`: the first workspace folder, else the
/// (deprecated) root URI, else `None`.
#[allow(deprecated)]
pub fn workspace_root(params: &InitializeParams) -> Option<PathBuf> {
    let folder = params.workspace_folders.as_ref().and_then(|f| f.first()).map(|f| &f.uri);
    folder.or(params.root_uri.as_ref()).and_then(file_path)
}

/// The file-system path of a `file:` URI.
pub fn file_path(uri: &Uri) -> Option<PathBuf> {
    let is_file = uri.scheme().as_str().eq_ignore_ascii_case("file");
    is_file.then(|| uri.to_file_path().map(|p| p.into_owned())).flatten()
}

/// True when a watched-file event is about a configuration file.
pub fn is_config_file(uri: &Uri) -> bool {
    uri.path().as_str().rsplit('/').next() == Some(CONFIG_FILE_NAME)
}

/// The settings of a document, and whether its configuration excludes it.
#[derive(Clone, Debug)]
pub struct DocumentSettings {
    pub settings: Arc<Settings>,
    /// The document's path matches its configuration's `exclude`: it gets no findings.
    pub excluded: bool,
}

/// The configuration state of one server.
#[derive(Debug)]
pub struct ServerConfig {
    resolver: Resolver,
    /// The workspace folder: where unsaved buffers look for `copydesk.toml`, and what
    /// relative paths in editor settings are relative to.
    root: PathBuf,
    /// Errors already shown (their text), so each is shown once until the configuration
    /// changes again.
    shown: HashSet<String>,
    /// The editor settings in force, as the client sent them (`None`: none yet, which means
    /// the same as `null` or `{}`).
    editor: Option<serde_json::Value>,
}

impl ServerConfig {
    /// Configuration for a workspace rooted at `root` (the current folder when `None`).
    pub fn new(root: Option<PathBuf>) -> ServerConfig {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
        let root = root.unwrap_or(cwd);
        ServerConfig {
            resolver: Resolver::with_cwd(ConfigMode::Discover, Options::default(), root.clone()),
            root,
            shown: HashSet::new(),
            editor: None,
        }
    }

    /// The settings for the document at `uri` (a `file:` URI finds its `copydesk.toml` from
    /// its folder; any other scheme from the workspace folder). A configuration error comes
    /// back the first time it is met (to be shown); the settings are then the last good ones.
    pub fn settings_for(&mut self, uri: &Uri) -> (DocumentSettings, Option<ConfigError>) {
        let path = file_path(uri);
        let (resolved, error) = match &path {
            Some(path) => self.resolver.settings_or_last_good(path),
            None => {
                let root = self.root.clone();
                self.resolver.settings_or_last_good_in(&root)
            }
        };
        let excluded = path.as_deref().is_some_and(|p| resolved.settings.exclude.is_excluded(p));
        let error = error.filter(|e| self.shown.insert(e.to_string()));
        (DocumentSettings { settings: resolved.settings, excluded }, error)
    }

    /// Takes the editor's settings (the `copydesk` section's JSON value). Returns whether they
    /// differ from the ones in force (when they do not, nothing changes and open documents
    /// need no new check). On an error the previous editor settings stay in force and the
    /// error is returned (to be shown).
    pub fn set_editor_settings(&mut self, value: &serde_json::Value) -> Result<bool, ConfigError> {
        let empty = |v: &serde_json::Value| v.is_null() || v.as_object().is_some_and(|o| o.is_empty());
        let same = match &self.editor {
            Some(old) => old == value,
            None => empty(value),
        };
        if same {
            return Ok(false);
        }
        let options = Options::from_json(value)?;
        self.resolver.set_editor(Some((options, self.root.clone())));
        self.editor = Some(value.clone());
        self.shown.clear();
        Ok(true)
    }

    /// Forgets what was read from disk (a `copydesk.toml` changed, appeared or went away), so
    /// the next request reads the files again and shows any error anew.
    pub fn reload(&mut self) {
        self.resolver.invalidate();
        self.shown.clear();
    }

    /// The workspace folder.
    pub fn root(&self) -> &Path {
        &self.root
    }
}

/// The editor settings carried by `initializationOptions` or a `didChangeConfiguration`
/// payload: the value under `copydesk` when there is one, else `None`.
pub fn section(value: &serde_json::Value) -> Option<&serde_json::Value> {
    value.get(crate::config::schema::SECTION).filter(|v| !v.is_null())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn errors_are_shown_once_per_change_and_last_good_settings_stay() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        write(&root.join("copydesk.toml"), "[rules]\ndoubled-word = \"off\"\n");
        let uri = Uri::from_file_path(root.join("news/a.md")).unwrap();
        let mut config = ServerConfig::new(Some(root.clone()));
        let (doc, error) = config.settings_for(&uri);
        assert!(error.is_none());
        assert_eq!(doc.settings.rules["doubled-word"], crate::config::RuleLevel::Off);

        write(&root.join("copydesk.toml"), "stlye = 1\n[rules]\ndoubled-word = \"on\"\n");
        config.reload();
        let (doc, error) = config.settings_for(&uri);
        let error = error.unwrap().to_string();
        assert!(error.ends_with("copydesk.toml:1:1: unknown key `stlye`; expected one of `style`, `exclude`, `rules`, `boilerplate`, `substitutions`, `names`, `quotes`"), "{error}");
        assert_eq!(doc.settings.rules["doubled-word"], crate::config::RuleLevel::Off, "last good");
        let (_, again) = config.settings_for(&uri);
        assert!(again.is_none(), "shown once");
        config.reload();
        assert!(config.settings_for(&uri).1.is_some(), "shown again after the next change");
    }

    #[test]
    fn editor_settings_errors_keep_the_previous_ones() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        let mut config = ServerConfig::new(Some(root.clone()));
        let uri = Uri::from_str("untitled:Untitled-1").unwrap();
        assert!(!config.set_editor_settings(&serde_json::json!({})).unwrap(), "no settings yet: {{}} changes nothing");
        assert!(config.set_editor_settings(&serde_json::json!({"style": "ap"})).unwrap());
        assert!(!config.set_editor_settings(&serde_json::json!({"style": "ap"})).unwrap(), "the same again");
        let e = config.set_editor_settings(&serde_json::json!({"style": "apx"})).unwrap_err();
        assert!(e.to_string().starts_with("editor settings: `copydesk.style`: \"apx\" is not a style"), "{e}");
        assert_eq!(config.settings_for(&uri).0.settings.style, crate::config::Style::Ap);
    }

    #[test]
    fn excluded_documents_are_marked() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        write(&root.join("copydesk.toml"), "exclude = [\"archive/**\"]\n");
        let mut config = ServerConfig::new(Some(root.clone()));
        let old = Uri::from_file_path(root.join("archive/2019/a.md")).unwrap();
        let new = Uri::from_file_path(root.join("news/a.md")).unwrap();
        assert!(config.settings_for(&old).0.excluded);
        assert!(!config.settings_for(&new).0.excluded);
    }

    #[test]
    fn uris_and_sections() {
        assert!(is_config_file(&Uri::from_str("file:///desk/copydesk.toml").unwrap()));
        assert!(!is_config_file(&Uri::from_str("file:///desk/copydesk.toml.bak").unwrap()));
        assert_eq!(file_path(&Uri::from_str("untitled:Untitled-1").unwrap()), None);
        assert_eq!(file_path(&Uri::from_str("file:///desk/a.md").unwrap()), Some(PathBuf::from("/desk/a.md")));
        let payload = serde_json::json!({"copydesk": {"style": "ap"}});
        assert_eq!(section(&payload), Some(&serde_json::json!({"style": "ap"})));
        assert_eq!(section(&serde_json::json!({"other": 1})), None);
    }
}
