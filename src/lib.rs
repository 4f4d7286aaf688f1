//! copydesk: a linter and language server for newsroom copy.
//!
//! Data flows one way: text → [`draft::Draft`] → [`rules`] → [`diagnostic::Diagnostic`]s
//! (byte ranges into the UTF-8 text) → rendered by the CLI ([`cli`]) or converted to protocol
//! types by the language server ([`lsp`]). [`engine`] is the boundary both call.
//!
//! Modules in reading order: [`diagnostic`] and [`fix`] (plain result types), [`draft`] (the
//! parsed document), [`config`] (settings), [`rules`] (the registry and one file per rule),
//! [`suppress`] (inline directives), [`entities`] (people and places), [`engine`] (check / fix /
//! entities / hover / outline) and [`incremental`] (paragraph-level reuse between checks of one
//! document), [`docs`] (docs/rules.md generated from the registry), then the two front ends
//! [`cli`] and [`lsp`].
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod diagnostic;
pub mod fix;
pub mod draft;
pub mod lang;
pub mod page;
pub mod config;
pub mod entities;
pub mod style;
pub mod rules;
pub mod suppress;
pub mod engine;
pub mod docs;
pub mod incremental;
pub mod cli;
pub mod lsp;
