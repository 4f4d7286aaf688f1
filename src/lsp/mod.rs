//! The language server (stdio). Only this module names protocol types.
//!
//! - [`server`]: the handlers; they convert protocol types and call [`crate::engine`].
//! - [`documents`]: open documents (rope, version, format) and incremental sync.
//! - [`position`]: byte offsets ↔ protocol positions; the only place that knows UTF-16.
//! - [`convert`]: diagnostics and edits to protocol types.
//! - [`capabilities`]: what is negotiated in `initialize`.
//! - [`transport`]: the input guard that keeps one malformed message from ending the session.
//! - [`config`]: `copydesk.toml` per document under the editor's settings; errors shown once.

pub mod capabilities;
pub mod config;
pub mod convert;
pub mod documents;
pub mod position;
pub mod server;
pub mod transport;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tokio::io::{AsyncRead, AsyncWrite};
use tower_lsp_server::{LspService, Server};

/// How many messages the server handles at once. Well above the library's default of 4, so
/// that `$/cancelRequest` and edits are not stuck behind slow requests (DESIGN.md §4).
pub const CONCURRENCY: usize = 32;

/// Serves the protocol over `input`/`output` until the client sends `exit` or closes the
/// input. Returns the process exit code the protocol prescribes: 0 when `shutdown` came
/// before, 1 otherwise. Must run inside a tokio runtime (the lint worker and the input guard
/// are spawned on it).
pub async fn run<I, O>(input: I, output: O) -> i32
where
    I: AsyncRead + Unpin + Send + 'static,
    O: AsyncWrite,
{
    let shutdown = Arc::new(AtomicBool::new(false));
    let flag = shutdown.clone();
    let (service, socket) = LspService::build(move |client| server::Backend::new(client, flag))
        .custom_method(transport::INVALID_MESSAGE_METHOD, server::Backend::invalid_message)
        .finish();
    // The library reads checked frames from the guard, never the raw input.
    let (guarded, library_input) = tokio::io::duplex(1 << 16);
    let guard = tokio::spawn(transport::guard(input, guarded));
    Server::new(library_input, output, socket).concurrency_level(CONCURRENCY).serve(service).await;
    guard.abort();
    if shutdown.load(Ordering::SeqCst) {
        0
    } else {
        1
    }
}

/// Runs the language server over stdio until the client sends `exit` (or closes stdin);
/// returns the exit code: 0 after `shutdown` then `exit`, 1 when `exit` came without
/// `shutdown`, 2 if the runtime could not start. Logs go to stderr (filter with
/// `COPYDESK_LOG`, e.g. `COPYDESK_LOG=debug`), never stdout, which carries the protocol.
pub fn serve() -> i32 {
    let filter = tracing_subscriber::EnvFilter::try_from_env("COPYDESK_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt().with_writer(std::io::stderr).with_env_filter(filter).with_ansi(false).try_init();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            tracing::error!("copydesk lsp: cannot start the async runtime: {e}");
            return 2;
        }
    };
    let code = runtime.block_on(run(tokio::io::stdin(), tokio::io::stdout()));
    // Do not wait for the blocked stdin reader thread or the idle lint worker.
    runtime.shutdown_background();
    code
}
