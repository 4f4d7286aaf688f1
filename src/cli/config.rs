//! Configuration for the CLI: per-draft settings for `copydesk check` (copydesk.toml found
//! per folder, `--style`, `--config`, `--isolated`) and the hidden `copydesk schema` command.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{display, render, write_atomically, CheckArgs, FileError};
use crate::config::{ConfigError, ConfigMode, Options, Resolved, Resolver, Settings};

/// The configuration of a `check` run: finds each draft's `copydesk.toml` (cached per folder
/// and per file) and layers the command-line flags on top. A broken configuration file is
/// reported once; the drafts it governs are not checked.
pub(super) struct Configs {
    resolver: Resolver,
    reported: std::collections::HashSet<Option<PathBuf>>,
    flag_error: Option<ConfigError>,
}

impl Configs {
    pub(super) fn new(args: &CheckArgs) -> Configs {
        let (flags, flag_error) = match Options::from_flags(args.style.as_deref()) {
            Ok(flags) => (flags, None),
            Err(e) => (Options::default(), Some(e)),
        };
        let mode = match (&args.config, args.isolated) {
            (_, true) => ConfigMode::Isolated,
            (Some(path), false) => ConfigMode::Explicit(path.clone()),
            (None, false) => ConfigMode::Discover,
        };
        Configs { resolver: Resolver::new(mode, flags), reported: Default::default(), flag_error }
    }

    /// The settings for the draft at `path`, or `None` after recording the error.
    pub(super) fn for_file(&mut self, path: &Path, errors: &mut Vec<FileError>) -> Option<Arc<Settings>> {
        let resolved = self.resolver.settings_for(path);
        self.settings_or_report(resolved, errors)
    }

    /// The settings for stdin: configuration found from the current folder.
    pub(super) fn for_stdin(&mut self, errors: &mut Vec<FileError>) -> Option<Arc<Settings>> {
        let resolved = self.resolver.settings_in(Path::new("."));
        self.settings_or_report(resolved, errors)
    }

    fn settings_or_report(
        &mut self,
        resolved: Result<Resolved, ConfigError>,
        errors: &mut Vec<FileError>,
    ) -> Option<Arc<Settings>> {
        if let Some(e) = self.flag_error.take() {
            errors.push(FileError::config(&e));
        }
        match resolved {
            Ok(r) => Some(r.settings),
            Err(e) => {
                if self.reported.insert(e.path().map(Path::to_path_buf)) {
                    errors.push(FileError::config(&e));
                }
                None
            }
        }
    }

    /// True when a file found by walking a directory is excluded by its configuration's
    /// `exclude` globs. (Files named on the command line are always checked.)
    pub(super) fn excluded(&mut self, path: &Path) -> bool {
        match self.resolver.settings_for(path) {
            Ok(r) => r.settings.exclude.is_excluded(&self.resolver.absolute(path)),
            Err(_) => false,
        }
    }
}

/// `copydesk schema [--write PACKAGE_JSON]` (hidden; see `config::schema`).
pub(super) fn schema(write: Option<&Path>) -> i32 {
    let Some(path) = write else {
        let json = crate::config::schema::vscode_properties();
        render::text(&format!("{}\n", serde_json::to_string_pretty(&json).unwrap_or_default()));
        return 0;
    };
    let updated = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read: {e}"))
        .and_then(|old| crate::config::schema::update_package_json(&old).map(|new| (old, new)));
    match updated {
        Ok((old, new)) if old == new => 0,
        Ok((old, new)) => match write_atomically(path, old.as_bytes(), &new) {
            Ok(()) => 0,
            Err(message) => {
                render::errors_to_stderr(&[FileError::new(display(path), message)]);
                2
            }
        },
        Err(message) => {
            render::errors_to_stderr(&[FileError::new(display(path), message)]);
            2
        }
    }
}

