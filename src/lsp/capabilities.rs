//! What the client offers and what the server answers in `initialize`.

use tower_lsp_server::ls_types::{
    ClientCapabilities, CodeActionKind, CodeActionOptions, CodeActionProviderCapability, DiagnosticOptions,
    DiagnosticServerCapabilities, ExecuteCommandOptions, ServerCapabilities, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions,
};

use super::position::Encoding;

/// The code action kind of fix-all; also offered when a client asks for `source.fixAll` or
/// `source` (kinds match by dotted prefix).
pub const FIX_ALL_KIND: CodeActionKind = CodeActionKind::new("source.fixAll.copydesk");

/// The command that applies fix-all through `workspace/applyEdit`. Argument: the document's
/// URI (a string, or an object with a `uri` field).
pub const FIX_ALL_COMMAND: &str = "copydesk.fixAll";

/// The identifier of copydesk's pull diagnostics.
pub const DIAGNOSTIC_IDENTIFIER: &str = "copydesk";

/// What was agreed in `initialize`, fixed for the session.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Negotiated {
    /// The position encoding of every position sent or received.
    pub encoding: Encoding,
    /// Pull diagnostics (`textDocument/diagnostic`) when the client supports them; else the
    /// server pushes `textDocument/publishDiagnostics`. Never both.
    pub pull_diagnostics: bool,
    /// The client accepts versioned `documentChanges` in workspace edits.
    pub versioned_edits: bool,
}

impl Negotiated {
    /// Reads the client's capabilities: UTF-8 positions if offered (else UTF-16), pull
    /// diagnostics if `textDocument.diagnostic` is present, versioned edits if
    /// `workspace.workspaceEdit.documentChanges` is true.
    pub fn from_client(caps: &ClientCapabilities) -> Negotiated {
        let offered = caps.general.as_ref().and_then(|g| g.position_encodings.as_deref());
        let pull_diagnostics = caps.text_document.as_ref().is_some_and(|t| t.diagnostic.is_some());
        let versioned_edits = caps
            .workspace
            .as_ref()
            .and_then(|w| w.workspace_edit.as_ref())
            .and_then(|e| e.document_changes)
            .unwrap_or(false);
        Negotiated { encoding: Encoding::negotiate(offered), pull_diagnostics, versioned_edits }
    }

    /// The server's capabilities under this agreement.
    pub fn server_capabilities(&self) -> ServerCapabilities {
        let diagnostic_provider = self.pull_diagnostics.then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some(DIAGNOSTIC_IDENTIFIER.to_string()),
                inter_file_dependencies: false,
                workspace_diagnostics: false,
                work_done_progress_options: Default::default(),
            })
        });
        ServerCapabilities {
            position_encoding: Some(self.encoding.kind()),
            text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                ..Default::default()
            })),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, FIX_ALL_KIND]),
                work_done_progress_options: Default::default(),
                resolve_provider: Some(false),
            })),
            execute_command_provider: Some(ExecuteCommandOptions {
                commands: vec![FIX_ALL_COMMAND.to_string()],
                work_done_progress_options: Default::default(),
            }),
            diagnostic_provider,
            ..Default::default()
        }
    }
}

/// True when a client that asked for `only` kinds (absent: all kinds) wants actions of `kind`.
/// Kinds are hierarchical: asking for `source.fixAll` or `source` includes
/// `source.fixAll.copydesk`.
pub fn wants(only: Option<&[CodeActionKind]>, kind: &CodeActionKind) -> bool {
    let Some(only) = only else { return true };
    only.iter().any(|asked| {
        let asked = asked.as_str();
        let kind = kind.as_str();
        kind == asked || kind.strip_prefix(asked).is_some_and(|rest| rest.starts_with('.'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fix_all_matches_its_parents_but_not_siblings() {
        let k = |s: &'static str| CodeActionKind::new(s);
        assert!(wants(None, &FIX_ALL_KIND));
        assert!(wants(Some(&[k("source")]), &FIX_ALL_KIND));
        assert!(wants(Some(&[k("source.fixAll")]), &FIX_ALL_KIND));
        assert!(wants(Some(&[k("source.fixAll.copydesk")]), &FIX_ALL_KIND));
        assert!(!wants(Some(&[k("source.fix")]), &FIX_ALL_KIND));
        assert!(!wants(Some(&[k("quickfix")]), &FIX_ALL_KIND));
        assert!(wants(Some(&[k("quickfix")]), &CodeActionKind::QUICKFIX));
        assert!(!wants(Some(&[k("source.organizeImports")]), &CodeActionKind::QUICKFIX));
    }

    #[test]
    fn pull_only_when_the_client_supports_it() {
        let push: ClientCapabilities = serde_json::from_value(serde_json::json!({})).unwrap();
        let n = Negotiated::from_client(&push);
        assert!(!n.pull_diagnostics);
        assert!(n.server_capabilities().diagnostic_provider.is_none());
        let pull: ClientCapabilities = serde_json::from_value(serde_json::json!({
            "textDocument": {"diagnostic": {"dynamicRegistration": false}},
            "general": {"positionEncodings": ["utf-8", "utf-16"]}
        }))
        .unwrap();
        let n = Negotiated::from_client(&pull);
        assert!(n.pull_diagnostics);
        assert_eq!(n.encoding, Encoding::Utf8);
        assert!(n.server_capabilities().diagnostic_provider.is_some());
    }
}
