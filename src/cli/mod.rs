//! The command line: `copydesk check`, `copydesk rules`, `copydesk explain`, `copydesk lsp`.
//! Parses arguments, reads files, calls the engine and hands results to [`render`], the only
//! module that prints.
//!
//! Layout: [`walk`] expands paths into files, [`select`] resolves `--select`/`--ignore`,
//! [`locate`] turns byte offsets into lines and columns, [`render`] prints. This file holds the
//! argument types and the `check` pipeline (read → engine → locate, one file per rayon task).

mod config;
pub mod locate;
pub mod render;
pub mod select;
pub mod walk;

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::{Parser, Subcommand, ValueEnum};
use rayon::prelude::*;

use crate::config::{ConfigError, Settings};
use crate::diagnostic::Diagnostic;
use crate::draft::Format;
use crate::engine;
use crate::rules::{self, RuleMeta};
use locate::Position;
use walk::{display, Target};

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
    /// List every rule: name, code, default severity, default on/off, fix, summary.
    Rules(RulesArgs),
    /// Print a rule's documentation.
    Explain(ExplainArgs),
    /// List the people and places of drafts: each with its first mention and every mention.
    Entities(EntitiesArgs),
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
    /// Files or directories to check (directories recursively: .md, .markdown, .txt, honouring
    /// .gitignore inside git repositories and .ignore files everywhere), or `-` to read stdin.
    /// Defaults to the current directory (to stdin with --stdin-filename).
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
    /// Print a unified diff of the safe fixes and write nothing; exit 1 when there is a diff.
    /// With `--fix` too, `--diff` wins and nothing is written (as ruff does).
    #[arg(long)]
    pub diff: bool,
    /// Run only these rules (names or codes; comma-separated, repeatable). A rule selected
    /// here runs even when it is off by default or in the configuration.
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub select: Vec<String>,
    /// Do not run these rules (names or codes; comma-separated, repeatable).
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// The file name to report for stdin (`-`); its extension chooses Markdown or plain text.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,
    /// Colour in the default output: `auto` (on a terminal, unless NO_COLOR is set), `always`,
    /// `never`.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// Arguments of `copydesk rules`.
#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    /// `text` (an aligned table) or `json`.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

/// Arguments of `copydesk explain`.
#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// The rule's name (or code), e.g. `doubled-word`.
    pub rule: String,
}

/// Arguments of `copydesk entities`.
#[derive(Debug, clap::Args)]
pub struct EntitiesArgs {
    /// Files or directories (recursively: .md, .markdown, .txt), or `-` for stdin.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = EntitiesFormat::Human)]
    pub format: EntitiesFormat,
}

/// How `copydesk entities` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum EntitiesFormat {
    /// The outline: people, then places, each with its first mention and details.
    Human,
    /// One JSON document (version 1) with every entity and mention.
    Json,
}

/// One file's people and places, for `copydesk entities`.
#[derive(Debug)]
pub struct EntitiesReport {
    /// The path as given (or found under a directory); `-` for stdin.
    pub path: String,
    pub text: String,
    pub format: Format,
    pub index: crate::entities::EntityIndex,
    /// The settings it was read with (their desk names list gives roles for hover text).
    pub settings: std::sync::Arc<Settings>,
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
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// Checkstyle XML.
    Checkstyle,
}

/// Output format of `copydesk rules`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

/// When to colour the default output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// A finding with its position for display.
#[derive(Debug)]
pub struct Finding {
    pub diagnostic: Diagnostic,
    /// Where the diagnostic's range starts (1-based line, 1-based character column).
    pub start: Position,
    /// Where it ends (exclusive).
    pub end: Position,
}

/// One file's outcome.
#[derive(Debug)]
pub struct FileReport {
    /// The path as the user gave it (or as found under a directory they gave); for stdin,
    /// `--stdin-filename` or `-`.
    pub path: String,
    /// The text the findings refer to (after fixes, with `--fix`). Kept only for the `full`
    /// format, which shows source lines; empty otherwise, to bound memory on big runs.
    pub text: String,
    /// Findings, sorted by position.
    pub findings: Vec<Finding>,
    /// How many findings `--fix` fixed (or `--diff` would fix).
    pub fixed: usize,
    /// With `--diff`: the unified diff of the safe fixes (empty when there is none).
    pub diff: Option<String>,
}

/// A file that could not be checked (or a path that could not be expanded), or a
/// configuration file that is wrong.
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

/// Everything one `check` produced: reports in the order files were checked, then errors.
#[derive(Debug, Default)]
pub struct Run {
    pub reports: Vec<FileReport>,
    pub errors: Vec<FileError>,
}

/// Parses `std::env::args`, runs, and returns the process exit code: 0 clean, 1 findings of
/// severity warning or error remain (or, with `--diff`, there is a diff), 2 usage,
/// configuration or I/O error.
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
        Command::Rules(args) => {
            render::rules_table(rules::ALL, args.format == ListFormat::Json);
            0
        }
        Command::Explain(args) => explain(&args),
        Command::Entities(args) => entities(&args),
        Command::Lsp { .. } => crate::lsp::serve(),
        Command::Schema { write } => config::schema(write.as_deref()),
    }
}

fn explain(args: &ExplainArgs) -> i32 {
    match select::find(&args.rule) {
        Some(rule) => {
            render::explain(rule);
            0
        }
        None => {
            let err = select::UnknownRule { given: args.rule.clone(), suggestions: select::suggest(&args.rule), flag: "explain" };
            render::unknown_rule(&err);
            2
        }
    }
}

/// What a `check` run does to each file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Check,
    Fix,
    Diff,
}

/// Everything a worker needs to check one file; shared read-only across rayon tasks.
struct Job<'a> {
    rules: &'a [&'static RuleMeta],
    mode: Mode,
    keep_text: bool,
    stdin_name: String,
    stdin: Option<Vec<u8>>,
}

fn check(args: &CheckArgs) -> i32 {
    let selection = match select::selection(&args.select, &args.ignore) {
        Ok(selection) => selection,
        Err(err) => {
            render::unknown_rule(&err);
            return 2;
        }
    };
    let mut configs = config::Configs::new(args);
    let mut paths = args.paths.clone();
    if paths.is_empty() {
        paths.push(PathBuf::from(if args.stdin_filename.is_some() { "-" } else { "." }));
    }
    let (targets, walk_errors) = walk::collect(&paths, |p| configs.excluded(p));
    let mut run = Run { reports: Vec::new(), errors: walk_errors.into_iter().map(|e| FileError::new(e.path, e.message)).collect() };
    let mode = match (args.diff, args.fix) {
        (true, _) => Mode::Diff,
        (false, true) => Mode::Fix,
        (false, false) => Mode::Check,
    };
    let uses_stdin = targets.contains(&Target::Stdin);
    if mode == Mode::Fix && uses_stdin && targets.len() > 1 {
        render::usage_error("`--fix` with `-` prints the fixed draft to stdout, so it takes no other paths");
        return 2;
    }

    // Each draft's settings (copydesk.toml found per folder, then the flags), resolved in order
    // before the parallel stage; the resolver caches them per folder. A draft whose
    // configuration is broken is not checked (the error is reported once).
    let mut applied: HashMap<*const Settings, (Arc<Settings>, Arc<Settings>)> = HashMap::new();
    let mut work: Vec<(Target, Arc<Settings>)> = Vec::with_capacity(targets.len());
    for target in targets {
        let settings = match (&target, &args.stdin_filename) {
            (Target::Stdin, Some(name)) => configs.for_file(name, &mut run.errors),
            (Target::Stdin, None) => configs.for_stdin(&mut run.errors),
            (Target::File(path), _) => configs.for_file(path, &mut run.errors),
        };
        let Some(settings) = settings else { continue };
        let (_, with_selection) = applied
            .entry(Arc::as_ptr(&settings))
            .or_insert_with(|| (settings.clone(), selection.apply(&settings)));
        work.push((target, with_selection.clone()));
    }

    let stdin_name = args.stdin_filename.as_deref().map_or_else(|| "-".to_string(), display);
    let mut stdin = None;
    if work.iter().any(|(t, _)| *t == Target::Stdin) {
        match read_stdin() {
            Ok(bytes) => stdin = Some(bytes),
            Err(message) => run.errors.push(FileError::new(stdin_name.clone(), message)),
        }
    }
    let job = Job { rules: selection.rules(), mode, keep_text: args.format == OutputFormat::Full, stdin_name, stdin };
    if mode == Mode::Fix && uses_stdin {
        let settings = work.first().map(|(_, s)| s.clone());
        return fix_stdin(&job, settings.as_deref(), run);
    }

    let bar = render::progress(work.len());
    let outcomes: Vec<(Option<FileReport>, Vec<FileError>)> = work
        .par_iter()
        .map(|(target, settings)| {
            let outcome = job.check_target(target, settings);
            if let Some(bar) = &bar {
                bar.inc(1);
            }
            outcome
        })
        .collect();
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    for (report, errors) in outcomes {
        run.reports.extend(report);
        run.errors.extend(errors);
    }

    if mode == Mode::Diff {
        render::diffs(&run);
        let any_diff = run.reports.iter().any(|r| r.diff.as_ref().is_some_and(|d| !d.is_empty()));
        return if !run.errors.is_empty() { 2 } else { i32::from(any_diff) };
    }
    render::report(&run, args.format, render::use_color(args.color));
    exit_code(run.reports.iter().flat_map(|r| r.findings.iter().map(|f| &f.diagnostic)), &run.errors)
}

/// `check --fix -`: prints the fixed draft to stdout; findings that remain only set the exit
/// code, and file errors go to stderr. `settings` is `None` when the configuration is broken.
fn fix_stdin(job: &Job, settings: Option<&Settings>, mut run: Run) -> i32 {
    if let (Some(bytes), Some(settings)) = (job.stdin.clone(), settings) {
        match decode(bytes) {
            Ok(text) => {
                let format = Format::from_path(&job.stdin_name);
                let out = engine::fix_with(&text, format, settings, job.rules);
                render::fixed_stdin(&out.text);
                let remaining = out.remaining.diagnostics;
                run.errors.extend(internal_errors(&job.stdin_name, out.remaining.internal_errors));
                let code = exit_code(remaining.iter(), &run.errors);
                render::errors_to_stderr(&run.errors);
                return code;
            }
            Err(message) => run.errors.push(FileError::new(job.stdin_name.clone(), message)),
        }
    }
    render::errors_to_stderr(&run.errors);
    2
}

/// `copydesk entities`: exit 0, or 2 when a file or its configuration could not be read.
/// Each draft's copydesk.toml is found as for `check`, so that the desk's names lists apply.
fn entities(args: &EntitiesArgs) -> i32 {
    let mut configs = config::Configs::for_entities();
    let mut reports = Vec::new();
    let mut errors = Vec::new();
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    let (targets, walk_errors) = walk::collect(&paths, |p| configs.excluded(p));
    errors.extend(walk_errors.into_iter().map(|e| FileError::new(e.path, e.message)));
    for target in targets {
        let (path, bytes, format, settings) = match target {
            Target::Stdin => {
                let Some(settings) = configs.for_stdin(&mut errors) else { continue };
                match read_stdin() {
                    Ok(bytes) => ("-".to_string(), bytes, Format::Plain, settings),
                    Err(message) => {
                        errors.push(FileError::new("-", message));
                        continue;
                    }
                }
            }
            Target::File(path) => {
                let Some(settings) = configs.for_file(&path, &mut errors) else { continue };
                match read_draft(&path) {
                    Ok(bytes) => (display(&path), bytes, Format::from_path(&display(&path)), settings),
                    Err(message) => {
                        errors.push(FileError::new(display(&path), message));
                        continue;
                    }
                }
            }
        };
        match decode(bytes) {
            Ok(text) => {
                let index = engine::entities(&text, format, &settings);
                reports.push(EntitiesReport { path, text, format, index, settings });
            }
            Err(message) => errors.push(FileError::new(path, message)),
        }
    }
    match args.format {
        EntitiesFormat::Human => render::entities_human(&reports, &errors),
        EntitiesFormat::Json => render::entities_json(&reports, &errors),
    }
    if errors.is_empty() {
        0
    } else {
        2
    }
}

fn exit_code<'a>(mut diagnostics: impl Iterator<Item = &'a Diagnostic>, errors: &[FileError]) -> i32 {
    if !errors.is_empty() {
        2
    } else if diagnostics.any(|d| d.severity.fails_check()) {
        1
    } else {
        0
    }
}

fn internal_errors(path: &str, errors: Vec<String>) -> impl Iterator<Item = FileError> + '_ {
    errors.into_iter().map(move |e| {
        FileError::new(path, format!("internal error in rule {e} (the other rules' findings are reported)"))
    })
}

impl Job<'_> {
    /// Reads, checks (and fixes or diffs) one target. Never panics on bad input: unreadable,
    /// binary and non-UTF-8 files become errors and are never written.
    fn check_target(&self, target: &Target, settings: &Settings) -> (Option<FileReport>, Vec<FileError>) {
        let (path, bytes) = match target {
            Target::Stdin => match &self.stdin {
                Some(bytes) => (self.stdin_name.clone(), bytes.clone()),
                // Reading stdin failed; the error is already recorded.
                None => return (None, Vec::new()),
            },
            Target::File(p) => match read_draft(p) {
                Ok(bytes) => (display(p), bytes),
                Err(message) => return (None, vec![FileError::new(display(p), message)]),
            },
        };
        let text = match decode(bytes) {
            Ok(text) => text,
            Err(message) => return (None, vec![FileError::new(path, message)]),
        };
        let format = Format::from_path(&path);
        let mut errors = Vec::new();
        let (text, diagnostics, fixed, diff) = match self.mode {
            Mode::Check => {
                let out = engine::check_with(&text, format, settings, self.rules);
                errors.extend(internal_errors(&path, out.internal_errors));
                (text, out.diagnostics, 0, None)
            }
            Mode::Fix => {
                let out = engine::fix_with(&text, format, settings, self.rules);
                errors.extend(internal_errors(&path, out.remaining.internal_errors));
                if let Target::File(p) = target {
                    if out.text != text {
                        if let Err(message) = write_atomically(p, text.as_bytes(), &out.text) {
                            errors.push(FileError::new(path.clone(), message));
                            return (None, errors);
                        }
                    }
                }
                (out.text, out.remaining.diagnostics, out.fixed.len(), None)
            }
            Mode::Diff => {
                let out = engine::fix_with(&text, format, settings, self.rules);
                errors.extend(internal_errors(&path, out.remaining.internal_errors));
                let diff = unified_diff(&path, &text, &out.text);
                (String::new(), Vec::new(), out.fixed.len(), Some(diff))
            }
        };
        let offsets: Vec<usize> = diagnostics.iter().flat_map(|d| [d.range.start, d.range.end]).collect();
        let positions = locate::locate(&text, &offsets);
        let findings = diagnostics
            .into_iter()
            .zip(positions.chunks_exact(2))
            .map(|(diagnostic, p)| Finding { diagnostic, start: p[0], end: p[1] })
            .collect();
        let text = if self.keep_text { text } else { String::new() };
        (Some(FileReport { path, text, findings, fixed, diff }), errors)
    }
}

/// A unified diff (3 lines of context) from `old` to `new`, both labelled `path`; empty when
/// they are equal.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new).unified_diff().context_radius(3).header(path, path).to_string()
}

/// Files larger than this (bytes) are not drafts — a log, a dump, a disk image named `.txt` —
/// and are skipped with an error rather than read, so one stray file cannot make a run take
/// minutes or gigabytes. The longest live blog is well under a megabyte.
pub const MAX_FILE_BYTES: u64 = 32 << 20;

/// The message for a draft over [`MAX_FILE_BYTES`].
fn too_large(size: u64) -> String {
    let mb = |b: u64| b as f64 / (1u64 << 20) as f64;
    format!("{:.1} MB is over the {:.0} MB limit for one draft; skipped", mb(size), mb(MAX_FILE_BYTES))
}

/// Reads a draft's bytes, refusing files over [`MAX_FILE_BYTES`] before reading them.
fn read_draft(path: &Path) -> Result<Vec<u8>, String> {
    let size = std::fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?.len();
    if size > MAX_FILE_BYTES {
        return Err(too_large(size));
    }
    // Read at most one byte past the limit: a device or pipe named on the command line
    // (`/dev/zero`, `<(…)`) has no size to check first.
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!("more than {} MB, the limit for one draft; skipped", MAX_FILE_BYTES >> 20));
    }
    Ok(bytes)
}

/// Reads stdin, refusing more than [`MAX_FILE_BYTES`].
fn read_stdin() -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    std::io::stdin().take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(|e| format!("cannot read stdin: {e}"))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!("more than {} MB on stdin, the limit for one draft; skipped", MAX_FILE_BYTES >> 20));
    }
    Ok(bytes)
}

/// Decodes a file's bytes as UTF-8 without copying. Errors name what is wrong: a NUL byte in
/// the first 8 KiB (a binary file, skipped) or the byte offset of the first invalid UTF-8
/// sequence.
pub fn decode(bytes: Vec<u8>) -> Result<String, String> {
    if let Some(pos) = bytes.iter().take(8192).position(|&b| b == 0) {
        return Err(format!("binary file (NUL byte at offset {pos}), skipped"));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!("not valid UTF-8: invalid byte sequence at byte offset {}", e.utf8_error().valid_up_to())
    })
}

/// Replaces `path`'s contents with `new` atomically: writes a temporary file in the same
/// folder, keeps the original permissions, then renames it over the original. Refuses when
/// the file on disk no longer holds `old` (it changed since it was read).
///
/// A symbolic link is followed: its target is rewritten and the link kept. A file with several
/// hard links comes out of the rename as a new file under this name only. A read-only file is
/// replaced like any other (its permissions kept), as formatters do: the folder's permission
/// decides, and benchmark harnesses copy read-only drafts to fix them.
pub fn write_atomically(path: &Path, old: &[u8], new: &str) -> Result<(), String> {
    let resolved = std::fs::canonicalize(path).map_err(|e| format!("cannot resolve the path: {e}"))?;
    let path = resolved.as_path();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_reports_binary_and_invalid_utf8_offsets() {
        assert_eq!(decode(b"ok\n".to_vec()).unwrap(), "ok\n");
        assert!(decode(b"a\0b".to_vec()).unwrap_err().contains("binary file (NUL byte at offset 1)"));
        assert!(decode(b"ab\xffc".to_vec()).unwrap_err().contains("byte offset 2"));
        assert_eq!(decode(Vec::new()).unwrap(), "");
    }

    #[test]
    fn unified_diff_is_empty_without_changes_and_marks_a_missing_final_newline() {
        assert_eq!(unified_diff("a.txt", "x\n", "x\n"), "");
        let d = unified_diff("a.txt", "Advertisement\nBody", "Body");
        assert!(d.starts_with("--- a.txt\n+++ a.txt\n@@"), "{d}");
        assert!(d.contains("-Advertisement\n"), "{d}");
    }
}
