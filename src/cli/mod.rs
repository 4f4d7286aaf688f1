//! The command line: `copydesk check`, `copydesk lsp`. Parses arguments, reads files, calls
//! the engine and hands results to [`render`], the only module that prints.

mod config;
pub mod render;

use std::io::Read;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use crate::config::{ConfigError, Settings};
use crate::diagnostic::Diagnostic;
use crate::draft::Format;
use crate::engine;

/// copydesk: a copy desk in your editor and your CI.
#[derive(Debug, Parser)]
#[command(name = "copydesk", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check drafts (files, directories, or `-` for stdin) and report findings.
    Check(CheckArgs),
    /// Run the language server over stdio.
    Lsp {
        /// Accepted for compatibility with clients that pass it; stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
    /// Print the VS Code settings schema generated from the configuration types, or rewrite
    /// the server block of an extension's package.json with it (`--write`).
    #[command(hide = true)]
    Schema {
        /// The package.json to update in place.
        #[arg(long, value_name = "PACKAGE_JSON")]
        write: Option<PathBuf>,
    },
}

/// Arguments of `copydesk check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or directories to check (directories recursively: .md, .markdown, .txt), or `-`
    /// to read stdin. Defaults to the current directory.
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Full)]
    pub format: OutputFormat,
    /// Apply safe fixes in place (atomically). With `-`, print the fixed text to stdout.
    #[arg(long)]
    pub fix: bool,
    /// Style pack to use, overriding `style` in copydesk.toml.
    #[arg(long, value_name = "NAME", value_parser = clap::builder::PossibleValuesParser::new(
        <crate::config::Style as crate::config::Choice>::names()))]
    pub style: Option<String>,
    /// Use this configuration file for every draft instead of looking for copydesk.toml.
    #[arg(long, value_name = "PATH", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,
    /// Ignore configuration files: built-in defaults and command-line flags only.
    #[arg(long, visible_alias = "no-config")]
    pub isolated: bool,
}

/// How findings are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// rustc-style: message, location, and the source line with the span underlined.
    Full,
    /// One line per finding: `path:line:col: severity[rule] message`.
    Concise,
    /// One JSON document (version 1) for the whole run.
    Json,
}

/// One file's outcome.
#[derive(Debug)]
pub struct FileReport {
    /// The path as the user gave it (or as found under a directory they gave); `-` for stdin.
    pub path: String,
    /// The text the diagnostics refer to (after fixes, with `--fix`).
    pub text: String,
    /// Findings, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// How many findings `--fix` fixed.
    pub fixed: usize,
}

/// A file that could not be checked, or a configuration file that is wrong.
#[derive(Debug)]
pub struct FileError {
    pub path: String,
    pub message: String,
    /// 1-based (line, column) in `path` when known (configuration errors); the column counts
    /// characters.
    pub location: Option<(usize, usize)>,
}

impl FileError {
    /// An error about a whole file.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> FileError {
        FileError { path: path.into(), message: message.into(), location: None }
    }

    /// A configuration error, with its file and position when it has them.
    pub fn config(e: &ConfigError) -> FileError {
        let path = match e.path() {
            Some(p) => display(p),
            None => "<config>".to_string(),
        };
        let message = match e.path() {
            Some(_) => e.message.clone(),
            None => e.to_string(),
        };
        FileError { path, message, location: e.line.map(|l| (l, e.column.unwrap_or(1))) }
    }
}

/// Parses `std::env::args`, runs, and returns the process exit code: 0 clean, 1 findings of
/// severity warning or error remain, 2 usage, configuration or I/O error.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            render::clap_error(&e);
            return code;
        }
    };
    match cli.command {
        Command::Check(args) => check(&args),
        Command::Lsp { .. } => crate::lsp::serve(),
        Command::Schema { write } => config::schema(write.as_deref()),
    }
}

fn check(args: &CheckArgs) -> i32 {
    let mut reports = Vec::new();
    let mut errors = Vec::new();
    let mut configs = config::Configs::new(args);
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    for target in collect(&paths, &mut configs, &mut errors) {
        match target {
            Target::Stdin => {
                let Some(settings) = configs.for_stdin(&mut errors) else { continue };
                let mut bytes = Vec::new();
                if let Err(e) = std::io::stdin().read_to_end(&mut bytes) {
                    errors.push(FileError::new("-", format!("cannot read stdin: {e}")));
                    continue;
                }
                match decode(&bytes) {
                    Ok(text) if args.fix => {
                        let out = engine::fix(&text, Format::Plain, &settings);
                        render::fixed_stdin(&out.text);
                        return exit_code(&out.remaining.diagnostics, &errors);
                    }
                    Ok(text) => reports.push(check_text("-".into(), text, Format::Plain, &settings)),
                    Err(message) => errors.push(FileError::new("-", message)),
                }
            }
            Target::File(path) => {
                let Some(settings) = configs.for_file(&path, &mut errors) else { continue };
                match check_file(&path, args.fix, &settings) {
                    Ok(report) => reports.push(report),
                    Err(message) => errors.push(FileError::new(display(&path), message)),
                }
            }
        }
    }
    match args.format {
        OutputFormat::Full => render::full(&reports, &errors),
        OutputFormat::Concise => render::concise(&reports, &errors),
        OutputFormat::Json => render::json(&reports, &errors),
    }
    let all: Vec<Diagnostic> = reports.into_iter().flat_map(|r| r.diagnostics).collect();
    exit_code(&all, &errors)
}

fn exit_code(diagnostics: &[Diagnostic], errors: &[FileError]) -> i32 {
    if !errors.is_empty() {
        2
    } else if diagnostics.iter().any(|d| d.severity.fails_check()) {
        1
    } else {
        0
    }
}

enum Target {
    Stdin,
    File(PathBuf),
}

/// Expands the user's paths: files as given, directories walked recursively for drafts
/// (`.md`, `.markdown`, `.txt`) in sorted order, leaving out files their configuration
/// excludes, `-` as stdin.
fn collect(paths: &[PathBuf], configs: &mut config::Configs, errors: &mut Vec<FileError>) -> Vec<Target> {
    let mut out = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            out.push(Target::Stdin);
        } else if path.is_dir() {
            let mut found: Vec<PathBuf> = ignore::WalkBuilder::new(path)
                .sort_by_file_path(|a, b| a.cmp(b))
                .build()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
                .map(|e| e.into_path())
                .filter(|p| is_draft(p))
                .filter(|p| !configs.excluded(p))
                .collect();
            found.sort();
            out.extend(found.into_iter().map(Target::File));
        } else if path.exists() {
            out.push(Target::File(path.clone()));
        } else {
            errors.push(FileError::new(display(path), "no such file or directory"));
        }
    }
    out
}

fn is_draft(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref(),
        Some("md" | "markdown" | "txt")
    )
}

fn display(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// Decodes a file's bytes as UTF-8. Errors name what is wrong: a NUL byte (binary file) or
/// the byte offset of the first invalid UTF-8 sequence.
pub fn decode(bytes: &[u8]) -> Result<String, String> {
    if let Some(pos) = bytes.iter().take(8192).position(|&b| b == 0) {
        return Err(format!("binary file (NUL byte at offset {pos}), skipped"));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => Err(format!("not valid UTF-8: invalid byte sequence at byte offset {}", e.valid_up_to())),
    }
}

fn check_text(path: String, text: String, format: Format, settings: &Settings) -> FileReport {
    let out = engine::check(&text, format, settings);
    FileReport { path, text, diagnostics: out.diagnostics, fixed: 0 }
}

fn check_file(path: &Path, fix: bool, settings: &Settings) -> Result<FileReport, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
    let text = decode(&bytes)?;
    let format = Format::from_path(&display(path));
    if !fix {
        return Ok(check_text(display(path), text, format, settings));
    }
    let out = engine::fix(&text, format, settings);
    if out.text != text {
        write_atomically(path, &bytes, &out.text)?;
    }
    Ok(FileReport { path: display(path), text: out.text, diagnostics: out.remaining.diagnostics, fixed: out.fixed.len() })
}

/// Replaces `path`'s contents with `new` atomically: writes a temporary file in the same
/// folder, keeps the original permissions, then renames it over the original. Refuses when
/// the file on disk no longer holds `old` (it changed since it was read).
pub fn write_atomically(path: &Path, old: &[u8], new: &str) -> Result<(), String> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".copydesk-")
        .tempfile_in(dir)
        .map_err(|e| format!("cannot create a temporary file next to it: {e}"))?;
    std::io::Write::write_all(&mut tmp, new.as_bytes()).map_err(|e| format!("cannot write: {e}"))?;
    tmp.as_file().sync_all().map_err(|e| format!("cannot write: {e}"))?;
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = std::fs::set_permissions(tmp.path(), meta.permissions());
    }
    let now = std::fs::read(path).map_err(|e| format!("cannot re-read before writing: {e}"))?;
    if now != old {
        return Err("file changed on disk while it was being fixed; not written".into());
    }
    tmp.persist(path).map_err(|e| format!("cannot replace the file: {}", e.error))?;
    Ok(())
}
