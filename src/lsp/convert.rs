//! Conversions from engine types (byte offsets) to protocol types (positions in the negotiated
//! encoding): diagnostics, edits, workspace edits, hover cards and the outline.

use std::collections::HashMap;
use std::str::FromStr;

use ropey::Rope;
use tower_lsp_server::ls_types::{
    self as lsp, CodeDescription, DiagnosticSeverity, DiagnosticTag, DocumentChanges, NumberOrString, OneOf,
    OptionalVersionedTextDocumentIdentifier, TextDocumentEdit, TextEdit, Uri, WorkspaceEdit,
};

use super::position::{self, Encoding};
use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::Edit;

/// Where the rules' documentation lives; a rule's section is this plus `#<rule-name>`.
pub const RULES_DOC_BASE: &str = "https://github.com/copydesk/copydesk/blob/main/docs/rules.md";

/// The `source` every diagnostic carries.
pub const SOURCE: &str = "copydesk";

/// The URI of `rule`'s section of docs/rules.md.
pub fn rule_doc_uri(rule: &str) -> Option<Uri> {
    Uri::from_str(&format!("{RULES_DOC_BASE}#{rule}")).ok()
}

/// The protocol severity of a copydesk severity.
pub fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// A finding as a protocol diagnostic: range in `encoding` over `rope` (the text the finding
/// was computed on), code = rule name, source `copydesk`, a link to the rule's docs, and the
/// `Unnecessary` tag for text that should not be there.
pub fn diagnostic(d: &Diagnostic, rope: &Rope, encoding: Encoding) -> lsp::Diagnostic {
    lsp::Diagnostic {
        range: position::range_to_lsp(rope, &d.range, encoding),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.rule.to_string())),
        code_description: rule_doc_uri(d.rule).map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_string()),
        message: d.message.clone(),
        related_information: None,
        tags: d.unnecessary.then(|| vec![DiagnosticTag::UNNECESSARY]),
        data: None,
    }
}

/// Engine edits (byte ranges over `rope`'s text) as protocol text edits.
pub fn text_edits(edits: &[Edit], rope: &Rope, encoding: Encoding) -> Vec<TextEdit> {
    edits
        .iter()
        .map(|e| TextEdit { range: position::range_to_lsp(rope, &e.range, encoding), new_text: e.replacement.clone() })
        .collect()
}

/// A workspace edit of one document. With `versioned` (the client supports
/// `workspace.workspaceEdit.documentChanges`) it names the document version the edits were
/// computed for, so the client refuses them if the text has moved on.
pub fn workspace_edit(uri: Uri, version: i32, edits: Vec<TextEdit>, versioned: bool) -> WorkspaceEdit {
    if versioned {
        let doc = TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier { uri, version: Some(version) },
            edits: edits.into_iter().map(OneOf::Left).collect(),
        };
        WorkspaceEdit { document_changes: Some(DocumentChanges::Edits(vec![doc])), ..Default::default() }
    } else {
        WorkspaceEdit { changes: Some(HashMap::from([(uri, edits)])), ..Default::default() }
    }
}

/// A hover card (Markdown, byte range over `rope`'s text) as a protocol hover.
pub fn hover(card: &crate::entities::hover::Hover, rope: &Rope, encoding: Encoding) -> lsp::Hover {
    lsp::Hover {
        contents: lsp::HoverContents::Markup(lsp::MarkupContent { kind: lsp::MarkupKind::Markdown, value: card.markdown.clone() }),
        range: Some(position::range_to_lsp(rope, &card.range, encoding)),
    }
}

/// The outline as document symbols: a `People` and a `Places` group (each left out when
/// empty), whose children are the entities at their first mention, with their detail (role,
/// or kind and country) and number of mentions.
#[allow(deprecated)] // `DocumentSymbol::deprecated` must still be set.
pub fn outline(outline: &crate::entities::hover::Outline, rope: &Rope, encoding: Encoding) -> Vec<lsp::DocumentSymbol> {
    let mut groups = Vec::new();
    for (title, items, kind) in [
        ("People", &outline.people, lsp::SymbolKind::OBJECT),
        ("Places", &outline.places, lsp::SymbolKind::OBJECT),
    ] {
        if items.is_empty() {
            continue;
        }
        let children: Vec<lsp::DocumentSymbol> = items
            .iter()
            .map(|item| {
                let range = position::range_to_lsp(rope, &item.range, encoding);
                let s = if item.mentions == 1 { "" } else { "s" };
                let detail = match item.detail.as_str() {
                    "" => format!("{} mention{s}", item.mentions),
                    d => format!("{d} · {} mention{s}", item.mentions),
                };
                lsp::DocumentSymbol {
                    name: item.name.clone(),
                    detail: Some(detail),
                    kind,
                    tags: None,
                    deprecated: None,
                    range,
                    selection_range: range,
                    children: None,
                }
            })
            .collect();
        let start = items.iter().map(|i| i.range.start).min().unwrap_or(0);
        let end = items.iter().map(|i| i.range.end).max().unwrap_or(start);
        let range = position::range_to_lsp(rope, &(start..end), encoding);
        groups.push(lsp::DocumentSymbol {
            name: title.to_string(),
            detail: Some(format!("{}", items.len())),
            kind: lsp::SymbolKind::NAMESPACE,
            tags: None,
            deprecated: None,
            range,
            selection_range: position::range_to_lsp(rope, &(start..start), encoding),
            children: Some(children),
        });
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_doc_uris_point_at_the_rule_section() {
        let uri = rule_doc_uri("web-boilerplate").unwrap();
        assert_eq!(uri.as_str(), "https://github.com/copydesk/copydesk/blob/main/docs/rules.md#web-boilerplate");
        for rule in crate::rules::ALL {
            assert!(rule_doc_uri(rule.name).is_some(), "{}", rule.name);
        }
    }


}
