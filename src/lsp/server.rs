//! The language server's handlers: each converts protocol types, calls the engine, and
//! converts back. Document state lives in [`Documents`]; diagnostics are pushed by one lint
//! worker task or pulled on demand, never both (DESIGN.md §4).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, TryLockError};
use std::time::{Duration, Instant};

use tokio::sync::Notify;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::{
    self as lsp, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse, ConfigurationItem,
    DidChangeConfigurationParams, DidChangeTextDocumentParams, DidChangeWatchedFilesParams,
    DidChangeWatchedFilesRegistrationOptions, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DocumentDiagnosticParams, DocumentDiagnosticReport, DocumentDiagnosticReportResult, DocumentSymbolParams,
    DocumentSymbolResponse, ExecuteCommandParams, Hover, HoverParams,
    FileSystemWatcher, FullDocumentDiagnosticReport, GlobPattern, InitializeParams, InitializeResult, InitializedParams,
    LSPAny, MessageType, Registration, RelatedFullDocumentDiagnosticReport, ServerInfo, Uri,
};
use tower_lsp_server::{Client, LanguageServer};

use super::capabilities::{self, Negotiated, FIX_ALL_COMMAND, FIX_ALL_KIND};
use super::config::{self as server_config, ConfigCapabilities, ServerConfig};
use super::convert;
use super::documents::{Documents, Pending, Snapshot};
use super::position;
use super::stats::{self, Mode, Sample, Stats, StatsParams};
use super::transport::InvalidMessage;
use crate::config::{ConfigError, Settings};
use crate::engine::{self, CheckOutput};
use crate::fix::Applicability;
use crate::incremental;
use crate::rules::RuleMeta;
use crate::suppress;

/// How long the lint worker waits after being woken before it snapshots the dirty documents,
/// so that a burst of keystrokes is checked once. Measured end-to-end latency includes it.
/// Only changes are debounced: a document just opened is checked at once.
pub const DEBOUNCE: Duration = Duration::from_millis(25);

/// How long typing must pause before the slow whole-draft rules, put off while it went on,
/// are run in full (see [`lint_worker`] and `incremental::check_deferring`).
pub const SLOW_RULES_PAUSE: Duration = Duration::from_millis(300);

/// Documents larger than this (bytes of UTF-8) are kept in sync but not checked: no
/// diagnostics, quick fixes or fix-all, and a `window/logMessage` warning when a document
/// goes over (and an info message when it comes back under). A draft, even a long live blog,
/// is well under a megabyte; past this size each keystroke's check would hold the lint worker
/// long enough to delay every other open document.
pub const MAX_LINT_BYTES: usize = 4 << 20;

/// The state shared by the handlers and the lint worker.
#[derive(Debug)]
struct State {
    /// Open documents and the worker's queue, behind one lock that is never held across an
    /// `.await`.
    docs: Mutex<Documents>,
    /// What `initialize` agreed; unset before it (UTF-16 and push are assumed then).
    negotiated: OnceLock<Negotiated>,
    /// Wakes the lint worker.
    wake: Notify,
    /// Set by `shutdown`; decides the exit code after `exit` (0 with, 1 without).
    shutdown: Arc<AtomicBool>,
    /// Server-side timings (see [`stats`]).
    stats: Mutex<Stats>,
    /// The rules to run: [`crate::rules::ALL`] except in tests that need a broken rule.
    rules: &'static [&'static RuleMeta],
    /// Configuration: copydesk.toml per document under the editor settings. Never held
    /// across an `.await`.
    config: Mutex<ServerConfig>,
    /// What the client can do for configuration; unset before `initialize`.
    config_caps: OnceLock<ConfigCapabilities>,
    /// Configuration errors for the user; a task owning the client shows them
    /// (`window/showMessage`), so that `settings_for` can stay synchronous.
    errors: tokio::sync::mpsc::UnboundedSender<String>,
    /// Settings under which nothing runs, for excluded documents.
    all_off: Arc<Settings>,
}

/// The copydesk language server.
#[derive(Debug)]
pub struct Backend {
    client: Client,
    state: Arc<State>,
}

impl Backend {
    /// A server talking to `client`. Spawns the lint worker on the current tokio runtime (so it
    /// must be called inside one). `shutdown` is set when the client sends `shutdown`.
    pub fn new(client: Client, shutdown: Arc<AtomicBool>) -> Backend {
        Backend::with_rules(client, shutdown, crate::rules::ALL)
    }

    /// [`Backend::new`] running `rules` instead of every registered rule (still subject to
    /// the settings). For tests: a server with a rule that panics.
    pub fn with_rules(client: Client, shutdown: Arc<AtomicBool>, rules: &'static [&'static RuleMeta]) -> Backend {
        let (errors, error_queue) = tokio::sync::mpsc::unbounded_channel();
        let state = Arc::new(State {
            docs: Mutex::new(Documents::default()),
            negotiated: OnceLock::new(),
            wake: Notify::new(),
            shutdown,
            stats: Mutex::new(Stats::default()),
            rules,
            config: Mutex::new(ServerConfig::new(None)),
            config_caps: OnceLock::new(),
            errors,
            all_off: Arc::new(Settings::all_off()),
        });
        tokio::spawn(lint_worker(state.clone(), client.clone()));
        tokio::spawn(show_errors(error_queue, client.clone()));
        Backend { client, state }
    }

    /// Answers the stand-in request the input guard sends for a malformed message with the
    /// JSON-RPC error it carries (see [`super::transport`]).
    pub async fn invalid_message(&self, params: InvalidMessage) -> Result<()> {
        tracing::warn!("malformed message from the client: {}", params.message);
        Err(Error { code: ErrorCode::from(params.code), message: params.message.into(), data: None })
    }

    /// Answers [`stats::METHOD`] (`copydesk/stats`): the recorded server-side timings.
    pub async fn stats(&self, params: StatsParams) -> Result<stats::Report> {
        let samples = lock(&self.state.stats).read(params.reset);
        Ok(stats::Report { debounce_ms: DEBOUNCE.as_millis() as u64, max_lint_bytes: MAX_LINT_BYTES, samples })
    }

    fn config_caps(&self) -> ConfigCapabilities {
        self.state.config_caps.get().copied().unwrap_or_default()
    }

    /// Applies a configuration change in a task of its own: asks the client for the settings
    /// first when `pull` (workspace/configuration), then re-checks the open documents.
    ///
    /// Never awaited by a handler: these are requests to the client, and a handler waiting
    /// for the client's answer when `exit` arrives would keep the server from stopping (the
    /// library stops reading input at `exit` and waits for running handlers).
    fn spawn_reconfigure(&self, pull: bool) {
        let client = self.client.clone();
        let state = self.state.clone();
        tokio::spawn(async move {
            // The settings pulled right after `initialized` are usually the ones already in
            // force: re-check only when they changed.
            if pull && !pull_editor_settings(&client, &state).await {
                return;
            }
            relint_all(&client, &state).await;
        });
    }

    fn negotiated(&self) -> Negotiated {
        self.state.negotiated.get().copied().unwrap_or_default()
    }

    fn docs(&self) -> MutexGuard<'_, Documents> {
        lock(&self.state.docs)
    }

    fn snapshot(&self, uri: &Uri) -> Option<Snapshot> {
        self.docs().snapshot(uri)
    }

    /// Checks `snapshot` with the engine on a blocking thread. Logs the engine's internal
    /// errors; `None` (logged) if the engine itself panicked.
    async fn check(&self, uri: &Uri, snapshot: &Snapshot) -> Option<CheckOutput> {
        // Exact: quick fixes and fix-all never see carried-over findings.
        check_logged(&self.client, &self.state, uri, snapshot, false).await.map(|c| c.out)
    }

    /// The fix-all edit for `snapshot`: one text edit turning its text into exactly what
    /// `engine::fix` (and so `copydesk check --fix`) produces, or `None` when nothing changes.
    async fn fix_all_edits(&self, uri: &Uri, snapshot: &Snapshot) -> Option<Vec<lsp::TextEdit>> {
        if snapshot.rope.len_bytes() > MAX_LINT_BYTES {
            return None;
        }
        let settings = self.state.settings_for(uri);
        let rules = self.state.rules;
        let rope = snapshot.rope.clone();
        let format = snapshot.format;
        let result = guarded(move || {
            let text = rope.to_string();
            let fixed = engine::fix_with(&text, format, &settings, rules);
            crate::fix::minimal_edit(&text, &fixed.text)
        })
        .await;
        let edit = match result {
            Ok(edit) => edit?,
            Err(panic) => {
                log_error(&self.client, format!("copydesk: fix-all failed on {}: {panic}", uri.as_str())).await;
                return None;
            }
        };
        Some(convert::text_edits(&[edit], &snapshot.rope, self.negotiated().encoding))
    }
}

impl State {
    /// The settings for the draft at `uri`: the one place the server decides them, used by
    /// pushed and pulled diagnostics, quick fixes and fix-all alike. Defaults → the
    /// `copydesk.toml` found from the document's folder → editor settings; the last good
    /// settings when the file is broken (its error is shown once). A document the
    /// configuration excludes gets settings under which no rule runs.
    fn settings_for(&self, uri: &Uri) -> Arc<Settings> {
        let (doc, error) = lock(&self.config).settings_for(uri);
        if let Some(error) = error {
            self.report(&error);
        }
        if doc.excluded {
            return self.all_off.clone();
        }
        doc.settings
    }

    /// Takes the editor's settings; on an error shows it and keeps the previous ones.
    /// Returns whether the settings in force changed.
    fn set_editor_settings(&self, value: &LSPAny) -> bool {
        let result = lock(&self.config).set_editor_settings(value);
        match result {
            Ok(changed) => changed,
            Err(error) => {
                self.report(&error);
                false
            }
        }
    }

    fn report(&self, error: &ConfigError) {
        let _ = self.errors.send(format!("copydesk: {error} (using the last valid settings)"));
    }
}

/// Asks the client for the `copydesk` settings section and takes it (see
/// [`Backend::spawn_reconfigure`]). Returns whether the settings in force changed.
async fn pull_editor_settings(client: &Client, state: &State) -> bool {
    let item = ConfigurationItem { scope_uri: None, section: Some(crate::config::schema::SECTION.to_string()) };
    match client.configuration(vec![item]).await {
        Ok(values) => {
            let value = values.into_iter().next().unwrap_or(LSPAny::Null);
            state.set_editor_settings(&value)
        }
        Err(e) => {
            client.log_message(MessageType::WARNING, format!("copydesk: workspace/configuration failed: {e}")).await;
            false
        }
    }
}

/// Re-checks every open document after a configuration change: queues them for the lint
/// worker (push), or asks the client to pull again when it supports a refresh.
async fn relint_all(client: &Client, state: &State) {
    let negotiated = state.negotiated.get().copied().unwrap_or_default();
    if negotiated.pull_diagnostics {
        let caps = state.config_caps.get().copied().unwrap_or_default();
        if caps.refresh_diagnostics {
            if let Err(e) = client.workspace_diagnostic_refresh().await {
                client.log_message(MessageType::WARNING, format!("copydesk: diagnostic refresh failed: {e}")).await;
            }
        }
        return;
    }
    {
        let mut docs = lock(&state.docs);
        for uri in docs.uris() {
            docs.mark(uri, Pending::Check);
        }
    }
    state.wake.notify_one();
}

/// Shows configuration errors to the user as they come (and logs them).
async fn show_errors(mut queue: tokio::sync::mpsc::UnboundedReceiver<String>, client: Client) {
    while let Some(message) = queue.recv().await {
        tracing::warn!("{message}");
        client.log_message(MessageType::ERROR, message.clone()).await;
        client.show_message(MessageType::ERROR, message).await;
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A poisoned lock means a panic while it was held (at worst in the middle of applying a
    // change, leaving that one document out of step until the client next sends it whole).
    // Serving on beats refusing every later message.
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Runs `f` on tokio's blocking pool and turns a panic into an error message.
async fn guarded<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> std::result::Result<T, String> {
    match tokio::task::spawn_blocking(move || catch_unwind(AssertUnwindSafe(f))).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(panic)) => Err(panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".to_string())),
        Err(join) => Err(join.to_string()),
    }
}

async fn log_error(client: &Client, message: String) {
    tracing::error!("{message}");
    client.log_message(MessageType::ERROR, message).await;
}

/// A check's result and what it cost.
struct Checked {
    out: CheckOutput,
    /// Time spent in the engine (copying the text out of the rope included).
    check: Duration,
    /// The document is over [`MAX_LINT_BYTES`] and was not checked (`out` is empty).
    skipped: bool,
}

/// Checks `snapshot` on a blocking thread with the settings and rules for `uri`, logging the
/// engine's internal errors (a panicking rule) to the client; `None` (logged) if the engine
/// itself panicked. Documents over [`MAX_LINT_BYTES`] are not checked.
async fn check_logged(client: &Client, state: &State, uri: &Uri, snapshot: &Snapshot, defer: bool) -> Option<Checked> {
    if snapshot.rope.len_bytes() > MAX_LINT_BYTES {
        return Some(Checked { out: CheckOutput::default(), check: Duration::ZERO, skipped: true });
    }
    let settings = state.settings_for(uri);
    let rules = state.rules;
    let rope = snapshot.rope.clone();
    let format = snapshot.format;
    let cache = snapshot.cache.clone();
    let result = guarded(move || {
        let start = Instant::now();
        let text = rope.to_string();
        // Reuse the findings of unchanged paragraphs; when another check of this document
        // holds the cache, check in full (same result, just slower).
        let (out, deferred) = match cache.try_lock() {
            Ok(mut cache) => {
                let out = incremental::check_deferring(&text, format, &settings, rules, &mut cache, defer);
                (out, cache.last_deferred)
            }
            Err(TryLockError::Poisoned(poisoned)) => {
                // A check panicked while holding it: start the cache afresh.
                let mut cache = poisoned.into_inner();
                *cache = incremental::Cache::default();
                (incremental::check(&text, format, &settings, rules, &mut cache), false)
            }
            Err(TryLockError::WouldBlock) => (engine::check_with(&text, format, &settings, rules), false),
        };
        (out, deferred, start.elapsed())
    })
    .await;
    match result {
        Ok((out, deferred, check)) => {
            for error in &out.internal_errors {
                log_error(client, format!("copydesk: internal error in rule {error} ({})", uri.as_str())).await;
            }
            if deferred {
                // The deferrable rules' findings were carried over from an earlier text: the
                // worker checks again in full once typing pauses (woken to see the new time).
                lock(&state.docs).schedule_refresh(uri.clone(), Instant::now() + SLOW_RULES_PAUSE);
                state.wake.notify_one();
            }
            Some(Checked { out, check, skipped: false })
        }
        Err(panic) => {
            log_error(client, format!("copydesk: the engine panicked on {}: {panic}", uri.as_str())).await;
            None
        }
    }
}

/// The push-mode worker: waits to be woken, debounces, takes every queued document, checks
/// each snapshot, drops results for revisions that are no longer current, and publishes with
/// the version the result was computed for.
///
/// Checks after an edit may defer the slow whole-draft rules (see
/// `incremental::check_deferring`); the worker then wakes once typing has paused for
/// [`SLOW_RULES_PAUSE`] and checks those documents in full — publishing again in push mode, or
/// asking a pull client to pull again (`workspace/diagnostic/refresh`).
async fn lint_worker(state: Arc<State>, client: Client) {
    let negotiated = state.negotiated.get().copied().unwrap_or_default();
    loop {
        let next_refresh = lock(&state.docs).next_refresh();
        match next_refresh {
            Some(at) => {
                tokio::select! {
                    _ = state.wake.notified() => {}
                    _ = tokio::time::sleep_until(at.into()) => {}
                }
            }
            None => state.wake.notified().await,
        }
        let sleep_start = Instant::now();
        if lock(&state.docs).pending_needs_debounce() {
            tokio::time::sleep(DEBOUNCE).await;
        }
        let sleep_end = Instant::now();
        let (mut work, refresh) = {
            let mut docs = lock(&state.docs);
            let work = docs.take_pending();
            let refresh = docs.take_due_refreshes(Instant::now());
            (work, refresh)
        };
        let negotiated = state.negotiated.get().copied().unwrap_or(negotiated);
        if negotiated.pull_diagnostics {
            // Pull mode: the worker only asks the client to pull the refreshed findings.
            // A request to the client, in a task of its own: the worker never waits on the
            // client.
            if !refresh.is_empty() {
                let client = client.clone();
                tokio::spawn(async move {
                    if let Err(e) = client.workspace_diagnostic_refresh().await {
                        tracing::warn!("diagnostic refresh failed: {e}");
                    }
                });
            }
            continue;
        }
        let fresh = work.len();
        {
            let docs = lock(&state.docs);
            work.extend(refresh.into_iter().filter_map(|uri| docs.snapshot(&uri).map(|s| (uri, Some(s)))));
        }
        let encoding = negotiated.encoding;
        for (i, (uri, snapshot)) in work.into_iter().enumerate() {
            let Some(snapshot) = snapshot else {
                client.publish_diagnostics(uri, Vec::new(), None).await;
                continue;
            };
            let Some(checked) = check_logged(&client, &state, &uri, &snapshot, true).await else { continue };
            if !lock(&state.docs).is_current(&uri, snapshot.revision) {
                // A newer revision is queued (or the document was closed); its own pass publishes.
                continue;
            }
            let diagnostics: Vec<lsp::Diagnostic> =
                checked.out.diagnostics.iter().map(|d| convert::diagnostic(d, &snapshot.rope, encoding)).collect();
            // A refresh after a pause answers no edit: it is not an edit-to-diagnostics sample.
            if i < fresh {
                let server = stats::excluding_debounce(snapshot.arrived, Instant::now(), sleep_start, sleep_end);
                state.record(&uri, &snapshot, Mode::Push, diagnostics.len(), server, &checked);
            }
            client.publish_diagnostics(uri, diagnostics, Some(snapshot.version)).await;
        }
    }
}

impl State {
    /// Records a timing sample for diagnostics just made ready for `snapshot`.
    fn record(&self, uri: &Uri, snapshot: &Snapshot, mode: Mode, count: usize, server: Duration, checked: &Checked) {
        let sample = Sample {
            uri: uri.as_str().to_string(),
            version: snapshot.version,
            mode,
            bytes: snapshot.rope.len_bytes(),
            diagnostics: count,
            server_us: stats::micros(server),
            apply_us: stats::micros(snapshot.apply),
            check_us: stats::micros(checked.check),
            skipped: checked.skipped,
        };
        lock(&self.stats).record(sample);
    }
}

impl Backend {
    /// Tells the client (and the log) that `uri` went over (`over`) or came back under
    /// [`MAX_LINT_BYTES`], at `bytes` bytes.
    async fn log_limit(&self, uri: &Uri, over: bool, bytes: usize) {
        let limit = MAX_LINT_BYTES >> 20;
        let (level, message) = if over {
            let mb = bytes as f64 / (1 << 20) as f64;
            let text = format!(
                "copydesk: {} is {mb:.1} MB, over the {limit} MB limit for checking as you type; it is not checked while it is this large (`copydesk check` still checks the file)",
                uri.as_str()
            );
            (MessageType::WARNING, text)
        } else {
            (MessageType::INFO, format!("copydesk: {} is under the {limit} MB limit again and is checked", uri.as_str()))
        };
        tracing::info!("{message}");
        self.client.log_message(level, message).await;
    }
}

/// The URI argument of `copydesk.fixAll`: a string, or an object with a `uri` string.
fn command_uri(arguments: &[LSPAny]) -> Option<Uri> {
    let value = arguments.first()?;
    let text = value.as_str().or_else(|| value.get("uri").and_then(|u| u.as_str()))?;
    text.parse().ok()
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let negotiated = Negotiated::from_client(&params.capabilities);
        let _ = self.state.negotiated.set(negotiated);
        let _ = self.state.config_caps.set(ConfigCapabilities::from_client(&params.capabilities));
        *lock(&self.state.config) = ServerConfig::new(server_config::workspace_root(&params));
        // Clients without workspace/configuration may pass the settings here instead:
        // `initializationOptions: { "copydesk": { … } }`.
        if let Some(settings) = params.initialization_options.as_ref().and_then(server_config::section) {
            self.state.set_editor_settings(settings);
        }
        Ok(InitializeResult {
            capabilities: negotiated.server_capabilities(),
            server_info: Some(ServerInfo {
                name: "copydesk".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let n = self.negotiated();
        let mode = if n.pull_diagnostics { "pulled" } else { "pushed" };
        let message = format!(
            "copydesk {} ready: positions in {}, diagnostics {mode}",
            env!("CARGO_PKG_VERSION"),
            n.encoding.kind().as_str()
        );
        self.client.log_message(MessageType::INFO, message).await;

        if self.config_caps().watch_files {
            let options = DidChangeWatchedFilesRegistrationOptions {
                watchers: vec![FileSystemWatcher {
                    glob_pattern: GlobPattern::String(server_config::WATCH_GLOB.to_string()),
                    kind: None,
                }],
            };
            let registration = Registration {
                id: "copydesk-config-watcher".to_string(),
                method: "workspace/didChangeWatchedFiles".to_string(),
                register_options: serde_json::to_value(options).ok(),
            };
            // A request to the client: not awaited here (see `spawn_reconfigure`).
            let client = self.client.clone();
            tokio::spawn(async move {
                if let Err(e) = client.register_capability(vec![registration]).await {
                    let message = format!("copydesk: cannot watch {}: {e}", server_config::WATCH_GLOB);
                    client.log_message(MessageType::WARNING, message).await;
                }
            });
        }
        if self.config_caps().pull_settings {
            self.spawn_reconfigure(true);
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        if self.config_caps().pull_settings {
            // The payload may be empty or partial (VS Code sends null); ask for the section.
            self.spawn_reconfigure(true);
        } else if let Some(settings) = server_config::section(&params.settings) {
            if self.state.set_editor_settings(settings) {
                self.spawn_reconfigure(false);
            }
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        if !params.changes.iter().any(|c| server_config::is_config_file(&c.uri)) {
            return;
        }
        lock(&self.state.config).reload();
        self.spawn_reconfigure(false);
    }

    async fn shutdown(&self) -> Result<()> {
        self.state.shutdown.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let arrived = Instant::now();
        let doc = params.text_document;
        let crossed = {
            let mut docs = self.docs();
            docs.open(doc.uri.clone(), &doc.text, doc.version, &doc.language_id);
            docs.stamp(&doc.uri, arrived);
            let crossed = docs.crossed_limit(&doc.uri, MAX_LINT_BYTES);
            if !self.negotiated().pull_diagnostics {
                docs.mark(doc.uri.clone(), Pending::Open);
            }
            crossed
        };
        self.state.wake.notify_one();
        if let Some(over) = crossed {
            self.log_limit(&doc.uri, over, doc.text.len()).await;
        }
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let arrived = Instant::now();
        let uri = params.text_document.uri;
        let negotiated = self.negotiated();
        let (applied, crossed) = {
            let mut docs = self.docs();
            let applied =
                docs.change(&uri, params.text_document.version, &params.content_changes, negotiated.encoding);
            docs.stamp(&uri, arrived);
            if applied.is_ok() && !negotiated.pull_diagnostics {
                docs.mark(uri.clone(), Pending::Check);
            }
            let crossed = docs.crossed_limit(&uri, MAX_LINT_BYTES);
            let bytes = docs.snapshot(&uri).map_or(0, |s| s.rope.len_bytes());
            (applied, crossed.map(|over| (over, bytes)))
        };
        if let Some((over, bytes)) = crossed {
            self.log_limit(&uri, over, bytes).await;
        }
        match applied {
            Ok(()) => self.state.wake.notify_one(),
            Err(_) => {
                let message = format!("copydesk: ignored a change to {}, which is not open", uri.as_str());
                self.client.log_message(MessageType::WARNING, message).await;
            }
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        {
            let mut docs = self.docs();
            if docs.close(&uri) && !self.negotiated().pull_diagnostics {
                docs.mark(uri, Pending::Clear);
            }
        }
        self.state.wake.notify_one();
    }

    async fn diagnostic(&self, params: DocumentDiagnosticParams) -> Result<DocumentDiagnosticReportResult> {
        let arrived = Instant::now();
        let uri = params.text_document.uri;
        let items = match self.snapshot(&uri) {
            // A document the client never opened has nothing to report.
            None => Vec::new(),
            Some(snapshot) => {
                // Defer the slow rules only when the client can be asked to pull again.
                let defer = self.config_caps().refresh_diagnostics;
                let Some(checked) = check_logged(&self.client, &self.state, &uri, &snapshot, defer).await else {
                    return Err(Error::internal_error());
                };
                let encoding = self.negotiated().encoding;
                let items: Vec<lsp::Diagnostic> =
                    checked.out.diagnostics.iter().map(|d| convert::diagnostic(d, &snapshot.rope, encoding)).collect();
                let server = snapshot.apply + arrived.elapsed();
                self.state.record(&uri, &snapshot, Mode::Pull, items.len(), server, &checked);
                items
            }
        };
        Ok(DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport { result_id: None, items },
        })))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let Some(snapshot) = self.snapshot(&uri) else { return Ok(None) };
        let negotiated = self.negotiated();
        let encoding = negotiated.encoding;
        let only = params.context.only.as_deref();
        let mut actions: Vec<CodeActionOrCommand> = Vec::new();
        // Whether fix-all can change anything; unknown until the draft has been checked.
        let mut any_safe_fix = true;

        if capabilities::wants(only, &CodeActionKind::QUICKFIX) {
            // Re-check the current text rather than trusting the ranges echoed in
            // context.diagnostics (some clients send byte columns there).
            let Some(out) = self.check(&uri, &snapshot).await else { return Err(Error::internal_error()) };
            any_safe_fix = out.diagnostics.iter().any(|d| d.fix.as_ref().is_some_and(|f| f.applicability == Applicability::Safe));
            let requested = position::lsp_to_range(&snapshot.rope, params.range, encoding);
            let touching: Vec<_> = out
                .diagnostics
                .iter()
                .filter(|d| d.range.start <= requested.end && requested.start <= d.range.end)
                .collect();
            for d in &touching {
                let Some(fix) = &d.fix else { continue };
                let edits = convert::text_edits(&fix.edits, &snapshot.rope, encoding);
                actions.push(CodeActionOrCommand::CodeAction(lsp::CodeAction {
                    title: fix.title.clone(),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![convert::diagnostic(d, &snapshot.rope, encoding)]),
                    edit: Some(convert::workspace_edit(uri.clone(), snapshot.version, edits, negotiated.versioned_edits)),
                    is_preferred: Some(fix.applicability == Applicability::Safe),
                    ..Default::default()
                }));
            }
            // "Disable RULE for this line": one per rule and line, after the fixes.
            let text = if touching.is_empty() { String::new() } else { snapshot.rope.to_string() };
            let mut offered: Vec<(&str, usize)> = Vec::new();
            for d in &touching {
                if d.rule == crate::rules::invalid_suppression::META.name {
                    continue;
                }
                let line = snapshot.rope.byte_to_line(d.range.start.min(snapshot.rope.len_bytes()));
                if offered.contains(&(d.rule, line)) {
                    continue;
                }
                offered.push((d.rule, line));
                let edit = suppress::insert_directive(&text, snapshot.format, line, d.rule);
                if edit.range.is_empty() && edit.replacement.is_empty() {
                    continue;
                }
                let edits = convert::text_edits(&[edit], &snapshot.rope, encoding);
                actions.push(CodeActionOrCommand::CodeAction(lsp::CodeAction {
                    title: format!("Disable {} for this line", d.rule),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![convert::diagnostic(d, &snapshot.rope, encoding)]),
                    edit: Some(convert::workspace_edit(uri.clone(), snapshot.version, edits, negotiated.versioned_edits)),
                    is_preferred: Some(false),
                    ..Default::default()
                }));
            }
        }

        // Editors ask for code actions on every cursor move: skip the fix passes when the check
        // just made shows nothing fix-all could apply.
        if any_safe_fix && capabilities::wants(only, &FIX_ALL_KIND) {
            if let Some(edits) = self.fix_all_edits(&uri, &snapshot).await {
                actions.push(CodeActionOrCommand::CodeAction(lsp::CodeAction {
                    title: "Fix all safe copydesk problems".to_string(),
                    kind: Some(FIX_ALL_KIND),
                    edit: Some(convert::workspace_edit(uri.clone(), snapshot.version, edits, negotiated.versioned_edits)),
                    ..Default::default()
                }));
            }
        }
        Ok(Some(actions))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let uri = params.text_document_position_params.text_document.uri;
        let Some(snapshot) = self.snapshot(&uri) else { return Ok(None) };
        let settings = self.state.settings_for(&uri);
        let encoding = self.negotiated().encoding;
        let offset = position::position_to_offset(&snapshot.rope, params.text_document_position_params.position, encoding);
        let rope = snapshot.rope.clone();
        let format = snapshot.format;
        match guarded(move || engine::hover(&rope.to_string(), format, &settings, offset)).await {
            Ok(card) => Ok(card.map(|card| convert::hover(&card, &snapshot.rope, encoding))),
            Err(panic) => {
                log_error(&self.client, format!("copydesk: hover failed on {}: {panic}", uri.as_str())).await;
                Err(Error::internal_error())
            }
        }
    }

    async fn document_symbol(&self, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
        let uri = params.text_document.uri;
        let Some(snapshot) = self.snapshot(&uri) else { return Ok(None) };
        let settings = self.state.settings_for(&uri);
        let encoding = self.negotiated().encoding;
        let rope = snapshot.rope.clone();
        let format = snapshot.format;
        match guarded(move || engine::outline(&rope.to_string(), format, &settings)).await {
            Ok(outline) => Ok(Some(DocumentSymbolResponse::Nested(convert::outline(&outline, &snapshot.rope, encoding)))),
            Err(panic) => {
                log_error(&self.client, format!("copydesk: outline failed on {}: {panic}", uri.as_str())).await;
                Err(Error::internal_error())
            }
        }
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        if params.command != FIX_ALL_COMMAND {
            return Err(Error::invalid_params(format!("unknown command {:?}", params.command)));
        }
        let Some(uri) = command_uri(&params.arguments) else {
            return Err(Error::invalid_params(format!("{FIX_ALL_COMMAND} takes the document URI as its argument")));
        };
        let Some(snapshot) = self.snapshot(&uri) else {
            return Err(Error::invalid_params(format!("{} is not open", uri.as_str())));
        };
        let Some(edits) = self.fix_all_edits(&uri, &snapshot).await else { return Ok(None) };
        let edit = convert::workspace_edit(uri, snapshot.version, edits, self.negotiated().versioned_edits);
        match self.client.apply_edit(edit).await {
            Ok(response) if !response.applied => {
                let reason = response.failure_reason.unwrap_or_default();
                self.client.log_message(MessageType::WARNING, format!("copydesk: fix-all not applied: {reason}")).await;
                Ok(None)
            }
            Ok(_) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fix_all_command_takes_a_uri_string_or_object() {
        let s = serde_json::json!("file:///a.md");
        let o = serde_json::json!({"uri": "file:///a.md"});
        assert_eq!(command_uri(&[s]).unwrap().as_str(), "file:///a.md");
        assert_eq!(command_uri(&[o]).unwrap().as_str(), "file:///a.md");
        assert!(command_uri(&[]).is_none());
        assert!(command_uri(&[serde_json::json!(3)]).is_none());
    }
}
