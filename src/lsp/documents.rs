//! The open documents: each one's text (a rope), the client's version, its format, and which
//! documents wait for the lint worker.
//!
//! Handlers apply `didOpen`/`didChange`/`didClose` here synchronously, under one
//! `std::sync::Mutex`, before they await anything (DESIGN.md §4): the server may run several
//! notifications at once, and an edit that awaited first could be overtaken by the next one.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ropey::Rope;
use tower_lsp_server::ls_types::{TextDocumentContentChangeEvent, Uri};

use super::position::{self, Encoding};
use crate::draft::Format;
use crate::incremental;

/// One open document.
#[derive(Debug)]
struct Document {
    rope: Rope,
    version: i32,
    format: Format,
    revision: u64,
    /// When the open or change that produced the current text arrived (see [`Documents::stamp`]).
    arrived: Instant,
    /// How long applying that open or change took.
    apply: Duration,
    /// Whether the text is over the server's lint limit (tracked to log crossings once).
    over_limit: bool,
    /// Findings kept between checks of this document (paragraph-level reuse).
    cache: Arc<Mutex<incremental::Cache>>,
}

/// The state of a document at one moment: cheap to take (cloning a rope is O(1)) and safe to
/// send to the lint worker while the document keeps changing.
#[derive(Clone, Debug)]
pub struct Snapshot {
    /// The text.
    pub rope: Rope,
    /// The version the client gave this text (`didOpen` / `didChange`).
    pub version: i32,
    /// How to read it, from the `languageId` given at `didOpen`.
    pub format: Format,
    /// A server-side counter, unique across all documents and bumped by every open and change.
    /// Unlike the client's version it is strictly increasing even when a client repeats or
    /// lowers versions, so it is what decides whether a result is stale.
    pub revision: u64,
    /// When the open or change that produced this text arrived at the server.
    pub arrived: Instant,
    /// How long the server took to apply that open or change.
    pub apply: Duration,
    /// The document's paragraph-reuse cache, shared by all its snapshots (see
    /// [`crate::incremental`]). Whoever checks a snapshot may use it; results are the same
    /// with or without it.
    pub cache: Arc<Mutex<incremental::Cache>>,
}

/// What the lint worker should do for a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pending {
    /// The document was opened: check it and publish at once (an open is not part of a burst
    /// of keystrokes, so the worker does not debounce it).
    Open,
    /// The document changed: check the current text and publish its diagnostics, after the
    /// debounce.
    Check,
    /// The document was closed: publish an empty list to clear its diagnostics.
    Clear,
}

/// A change could not be applied.
#[derive(Debug, PartialEq, Eq)]
pub enum ChangeError {
    /// The URI was never opened (or has been closed).
    NotOpen,
}

/// Work handed to the lint worker: a URI and the snapshot to check, or `None` to clear.
pub type Work = (Uri, Option<Snapshot>);

/// All open documents, keyed by URI.
#[derive(Debug, Default)]
pub struct Documents {
    docs: HashMap<Uri, Document>,
    pending: BTreeMap<Uri, Pending>,
    /// Documents whose last diagnostics carried deferred findings over (see
    /// `incremental::check_deferring`), with when to check them again in full.
    refresh: BTreeMap<Uri, Instant>,
    last_revision: u64,
}

impl Documents {
    fn next_revision(&mut self) -> u64 {
        self.last_revision += 1;
        self.last_revision
    }

    /// Opens (or re-opens, replacing) `uri` with `text` at `version`. `language_id` picks the
    /// format: `markdown`/`mdx` are Markdown, anything else plain text.
    pub fn open(&mut self, uri: Uri, text: &str, version: i32, language_id: &str) {
        let revision = self.next_revision();
        let doc = Document {
            rope: Rope::from_str(text),
            version,
            format: Format::from_language_id(language_id),
            revision,
            arrived: Instant::now(),
            apply: Duration::ZERO,
            over_limit: false,
            cache: Arc::default(),
        };
        self.docs.insert(uri, doc);
    }

    /// Applies `changes` in order (each range refers to the text after the previous change;
    /// a change without a range replaces the whole text), with positions in `encoding`, and
    /// records `version`. Ranges are clamped as described in [`position`]; a change is never
    /// refused for its range. Versions are taken as given, even when they do not increase.
    pub fn change(
        &mut self,
        uri: &Uri,
        version: i32,
        changes: &[TextDocumentContentChangeEvent],
        encoding: Encoding,
    ) -> Result<(), ChangeError> {
        let revision = self.next_revision();
        let doc = self.docs.get_mut(uri).ok_or(ChangeError::NotOpen)?;
        for change in changes {
            let Some(range) = change.range else {
                doc.rope = Rope::from_str(&change.text);
                continue;
            };
            let bytes = position::lsp_to_range(&doc.rope, range, encoding);
            let start = doc.rope.byte_to_char(bytes.start);
            let end = doc.rope.byte_to_char(bytes.end);
            doc.rope.remove(start..end);
            doc.rope.insert(start, &change.text);
        }
        doc.version = version;
        doc.revision = revision;
        Ok(())
    }

    /// Records that the open or change just applied to `uri` arrived at `arrived` (its
    /// handler's start); the time since then is taken as the time it took to apply. Timings
    /// only: see [`super::stats`].
    pub fn stamp(&mut self, uri: &Uri, arrived: Instant) {
        if let Some(doc) = self.docs.get_mut(uri) {
            doc.arrived = arrived;
            doc.apply = arrived.elapsed();
        }
    }

    /// Compares `uri`'s size with `limit` (bytes) and returns `Some(true)` when it has just gone
    /// over (for a new document: when it opened over), `Some(false)` when it has just come back
    /// under, and `None` when nothing changed or the document is not open.
    pub fn crossed_limit(&mut self, uri: &Uri, limit: usize) -> Option<bool> {
        let doc = self.docs.get_mut(uri)?;
        let over = doc.rope.len_bytes() > limit;
        if over == doc.over_limit {
            return None;
        }
        doc.over_limit = over;
        Some(over)
    }

    /// The URIs of all open documents, in no particular order.
    pub fn uris(&self) -> Vec<Uri> {
        self.docs.keys().cloned().collect()
    }

    /// Closes `uri`; returns whether it was open.
    pub fn close(&mut self, uri: &Uri) -> bool {
        self.refresh.remove(uri);
        self.docs.remove(uri).is_some()
    }

    /// The current state of `uri`, if it is open.
    pub fn snapshot(&self, uri: &Uri) -> Option<Snapshot> {
        self.docs.get(uri).map(|d| Snapshot {
            rope: d.rope.clone(),
            version: d.version,
            format: d.format,
            revision: d.revision,
            arrived: d.arrived,
            apply: d.apply,
            cache: d.cache.clone(),
        })
    }

    /// True when `uri` is open and still at `revision` (a result computed for that revision
    /// is not stale).
    pub fn is_current(&self, uri: &Uri, revision: u64) -> bool {
        self.docs.get(uri).is_some_and(|d| d.revision == revision)
    }

    /// Queues work for the lint worker. The last event decides (`Clear` replaces a queued
    /// check and vice versa), except that a change after an open still waiting keeps it an
    /// `Open` (checked without debounce).
    pub fn mark(&mut self, uri: Uri, pending: Pending) {
        let keep_open = pending == Pending::Check && self.pending.get(&uri) == Some(&Pending::Open);
        if !keep_open {
            self.pending.insert(uri, pending);
        }
    }

    /// True when the queued work includes a change, which the worker debounces; opens and
    /// closes alone are handled at once.
    pub fn pending_needs_debounce(&self) -> bool {
        self.pending.values().any(|p| *p == Pending::Check)
    }

    /// Asks for `uri` to be checked again in full at `at` (a later call moves the time).
    pub fn schedule_refresh(&mut self, uri: Uri, at: Instant) {
        self.refresh.insert(uri, at);
    }

    /// The earliest scheduled refresh, if any.
    pub fn next_refresh(&self) -> Option<Instant> {
        self.refresh.values().min().copied()
    }

    /// Takes the refreshes due at `now`, skipping documents closed since or with other work
    /// queued (that work is checked anyway and schedules its own refresh).
    pub fn take_due_refreshes(&mut self, now: Instant) -> Vec<Uri> {
        let due: Vec<Uri> = self.refresh.iter().filter(|(_, at)| **at <= now).map(|(u, _)| u.clone()).collect();
        for uri in &due {
            self.refresh.remove(uri);
        }
        due.into_iter().filter(|u| self.docs.contains_key(u) && !self.pending.contains_key(u)).collect()
    }

    /// Takes all queued work: for `Check`, the snapshot to check (skipped when the document
    /// has been closed since); for `Clear`, `None`.
    pub fn take_pending(&mut self) -> Vec<Work> {
        let pending = std::mem::take(&mut self.pending);
        pending
            .into_iter()
            .filter_map(|(uri, p)| match p {
                Pending::Open | Pending::Check => self.snapshot(&uri).map(|s| (uri, Some(s))),
                Pending::Clear => Some((uri, None)),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;
    use tower_lsp_server::ls_types::{Position, Range};

    fn uri() -> Uri {
        Uri::from_str("file:///tmp/draft.md").unwrap()
    }

    fn edit(l0: u32, c0: u32, l1: u32, c1: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range { start: Position::new(l0, c0), end: Position::new(l1, c1) }),
            range_length: None,
            text: text.to_string(),
        }
    }

    fn text(docs: &Documents) -> String {
        docs.snapshot(&uri()).unwrap().rope.to_string()
    }

    #[test]
    fn changes_apply_in_order_and_a_rangeless_change_replaces_everything() {
        let mut docs = Documents::default();
        docs.open(uri(), "It was the end.\n", 1, "markdown");
        // The second change's range refers to the text after the first.
        let changes = [edit(0, 7, 0, 7, "the "), edit(0, 0, 0, 2, "This")];
        docs.change(&uri(), 2, &changes, Encoding::Utf16).unwrap();
        assert_eq!(text(&docs), "This was the the end.\n");
        let whole = TextDocumentContentChangeEvent { range: None, range_length: None, text: "New.".into() };
        docs.change(&uri(), 3, &[edit(0, 0, 0, 0, "x"), whole, edit(0, 3, 0, 3, "!")], Encoding::Utf16).unwrap();
        assert_eq!(text(&docs), "New!.");
        assert_eq!(docs.snapshot(&uri()).unwrap().version, 3);
    }

    #[test]
    fn a_change_to_an_unopened_document_is_refused() {
        let mut docs = Documents::default();
        assert_eq!(docs.change(&uri(), 1, &[edit(0, 0, 0, 0, "x")], Encoding::Utf16), Err(ChangeError::NotOpen));
    }

    #[test]
    fn revisions_increase_even_when_versions_repeat() {
        let mut docs = Documents::default();
        docs.open(uri(), "a", 5, "plaintext");
        let first = docs.snapshot(&uri()).unwrap().revision;
        docs.change(&uri(), 5, &[edit(0, 1, 0, 1, "b")], Encoding::Utf16).unwrap();
        let second = docs.snapshot(&uri()).unwrap();
        assert!(second.revision > first);
        assert!(!docs.is_current(&uri(), first));
        assert!(docs.is_current(&uri(), second.revision));
    }

    #[test]
    fn pending_work_keeps_the_last_event_and_skips_closed_checks() {
        let mut docs = Documents::default();
        docs.open(uri(), "a", 1, "plaintext");
        docs.mark(uri(), Pending::Check);
        docs.mark(uri(), Pending::Clear);
        let work = docs.take_pending();
        assert_eq!(work.len(), 1);
        assert!(work[0].1.is_none());
        docs.mark(uri(), Pending::Check);
        docs.close(&uri());
        assert!(docs.take_pending().is_empty());
    }

    #[test]
    fn only_changes_are_debounced() {
        let mut docs = Documents::default();
        docs.open(uri(), "a", 1, "plaintext");
        docs.mark(uri(), Pending::Open);
        assert!(!docs.pending_needs_debounce());
        // A keystroke right after the open does not delay the open's first check.
        docs.mark(uri(), Pending::Check);
        assert!(!docs.pending_needs_debounce());
        assert_eq!(docs.take_pending().len(), 1);
        docs.mark(uri(), Pending::Check);
        assert!(docs.pending_needs_debounce());
    }

    #[test]
    fn crossing_the_size_limit_is_reported_once_each_way() {
        let mut docs = Documents::default();
        docs.open(uri(), "abcdef", 1, "plaintext");
        assert_eq!(docs.crossed_limit(&uri(), 4), Some(true));
        assert_eq!(docs.crossed_limit(&uri(), 4), None);
        docs.change(&uri(), 2, &[edit(0, 0, 0, 3, "")], Encoding::Utf16).unwrap();
        assert_eq!(docs.crossed_limit(&uri(), 4), Some(false));
        assert_eq!(docs.crossed_limit(&uri(), 4), None);
        assert_eq!(docs.crossed_limit(&Uri::from_str("file:///other.md").unwrap(), 4), None);
    }

    fn piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec!["a", " ", "—", "“", "北", "😀", "\u{a0}", "\u{2028}", "\r", "\n", "\r\n", ""])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Incremental edits give the same text as applying the same edits to a plain string,
        /// whose offsets come from a rope built afresh for each step.
        #[test]
        fn incremental_edits_match_a_reference_string(
            initial in prop::collection::vec(piece(), 0..20),
            edits in prop::collection::vec(((0u32..6, 0u32..12, 0u32..6, 0u32..12), prop::collection::vec(piece(), 0..4)), 1..20),
            utf in 0usize..3,
        ) {
            let encoding = [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32][utf];
            let mut reference = initial.concat();
            let mut docs = Documents::default();
            docs.open(uri(), &reference, 0, "plaintext");
            for (i, ((l0, c0, l1, c1), insert)) in edits.into_iter().enumerate() {
                let change = edit(l0, c0, l1, c1, &insert.concat());
                let fresh = Rope::from_str(&reference);
                let bytes = position::lsp_to_range(&fresh, change.range.unwrap(), encoding);
                reference.replace_range(bytes, &change.text);
                docs.change(&uri(), i as i32 + 1, &[change], encoding).unwrap();
                prop_assert_eq!(text(&docs), reference.clone());
            }
        }
    }
}
