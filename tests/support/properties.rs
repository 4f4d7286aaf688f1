//! The properties copydesk must keep on any input, shared by the proptest runs in
//! `tests/properties.rs` (a capped number of cases in `cargo test`) and the cargo-fuzz targets
//! in `fuzz/` (long runs, not in CI), which include this file by path. Each function panics
//! with a message naming the broken property.
//!
//! - [`engine`]: any UTF-8 text under any settings: the engine reports no internal error (no
//!   rule panicked), every range is in bounds and on character boundaries, every fix edits
//!   only near its finding and changes no byte outside its edits, fix-all is idempotent, and
//!   a check with paragraph-level reuse equals a full check.
//! - [`sync`]: incremental edits in any encoding leave the server's copy of a document equal
//!   to a reference string edited by a converter written here, independently of
//!   `src/lsp/position.rs`.

#![allow(dead_code)]

use std::ops::Range;

use copydesk::config::Settings;
use copydesk::diagnostic::Diagnostic;
use copydesk::draft::{Draft, Format};
use copydesk::engine;
use copydesk::fix::{self, Applicability, Edit};
use copydesk::incremental;
use copydesk::lsp::documents::Documents;
use copydesk::lsp::position::Encoding;
use copydesk::rules;
use tower_lsp_server::ls_types::{Position, Range as LspRange, TextDocumentContentChangeEvent, Uri};

/// Pieces that newsroom copy and scraped pages are made of, and the characters that break
/// position arithmetic: generators glue these together.
pub const PIECES: &[&str] = &[
    "the", "The", " ", " ", "  ", "\t", "\n", "\n\n", "\r\n", "\r", "\u{2028}", "\u{a0}", "—", "“", "”", "\"", "’",
    "😀", "北京", "é", "e\u{301}", "\u{0}", ".", ",", "Advertisement", "Recommended Stories", "Share this article",
    "Published On 21 Jan 2025", "21 Jan 2025", "3 hours ago", "list of 4 items", "end of list", "itemsend of list",
    "(opens in a new window)", "[File: Jo Lee/AFP]", "[Jo Lee/Reuters]", "said", "council", "voted", "to", "Wagga",
    "```", "    ", "# ", "- ", "> ", "---", "<!-- ", " -->", "`", "https://example.org/a", "www.example.com", "a@b.co",
    "[link](http://x.y)", "*", "_", "#", "Kyiv", "Kiev",
];

/// Checks every engine property on `text`. Returns the number of findings (for counters).
pub fn engine(text: &str, format: Format, settings: &Settings) -> usize {
    let out = engine::check(text, format, settings);
    assert!(out.internal_errors.is_empty(), "a rule panicked: {:?} on {text:?}", out.internal_errors);
    let draft = Draft::new(text, format);
    for d in &out.diagnostics {
        assert_range(text, &d.range, "diagnostic", d);
        let Some(f) = &d.fix else { continue };
        let near = nearby(&draft, &d.range);
        for e in &f.edits {
            assert_range(text, &e.range, "fix edit", d);
            assert!(
                near.start <= e.range.start && e.range.end <= near.end,
                "{}: fix edit {:?} strays from the finding's lines {near:?} in {text:?}",
                d.rule,
                e.range
            );
        }
        let mut sorted: Vec<&Edit> = f.edits.iter().collect();
        sorted.sort_by_key(|e| (e.range.start, e.range.end));
        assert!(sorted.windows(2).all(|w| w[0].range.end <= w[1].range.start), "{}: overlapping edits", d.rule);
        let (fixed, applied) = fix::apply(text, &f.edits);
        assert_eq!(applied, f.edits.len(), "{}: an edit of the fix was not applicable", d.rule);
        assert_unchanged_outside(text, &fixed, &sorted);
    }
    // Fix-all: what it applies is safe fixes only, and running it again changes nothing.
    let once = engine::fix(text, format, settings);
    assert!(once.fixed.iter().all(|d| d.fix.as_ref().is_some_and(|f| f.applicability == Applicability::Safe)));
    let twice = engine::fix(&once.text, format, settings);
    assert_eq!(twice.text, once.text, "fix-all is not idempotent on {text:?}");
    assert!(twice.fixed.is_empty(), "a second fix-all still fixed {:?}", twice.fixed);
    // Paragraph-level reuse gives the full check's result, fresh and after an edit.
    let mut cache = incremental::Cache::default();
    let inc = incremental::check(text, format, settings, rules::ALL, &mut cache);
    assert_same(&inc.diagnostics, &out.diagnostics, text, "a fresh incremental check");
    let edited = format!("{}the the{}", &text[..floor(text, text.len() / 2)], &text[floor(text, text.len() / 2)..]);
    let inc = incremental::check(&edited, format, settings, rules::ALL, &mut cache);
    let full = engine::check(&edited, format, settings);
    assert_same(&inc.diagnostics, &full.diagnostics, &edited, "an incremental check after an edit");
    out.diagnostics.len()
}

/// Checks that a check with paragraph-level reuse, carried across each text of `versions` in
/// turn (one document being edited), equals a full check of each.
pub fn incremental_versions(versions: &[String], format: Format, settings: &Settings) {
    let mut cache = incremental::Cache::default();
    for text in versions {
        let inc = incremental::check(text, format, settings, rules::ALL, &mut cache);
        let full = engine::check(text, format, settings);
        assert_same(&inc.diagnostics, &full.diagnostics, text, "an incremental check in a series of edits");
    }
}

fn assert_same(got: &[Diagnostic], want: &[Diagnostic], text: &str, what: &str) {
    assert!(got == want, "{what} differs from a full check on {text:?}:\n got {got:#?}\nwant {want:#?}");
}

fn floor(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn assert_range(text: &str, r: &Range<usize>, what: &str, d: &Diagnostic) {
    assert!(r.start <= r.end && r.end <= text.len(), "{}: {what} range {r:?} out of bounds ({} bytes)", d.rule, text.len());
    assert!(
        text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
        "{}: {what} range {r:?} splits a character in {text:?}",
        d.rule
    );
}

/// Where a fix may edit: from the start of the line before the finding's first line to the
/// end (line break included) of the line after its last line. Deleting a boilerplate line
/// takes the blank line after it; removing a repeated word across a line break starts on the
/// line before.
fn nearby(draft: &Draft, range: &Range<usize>) -> Range<usize> {
    let n = draft.lines().len();
    let first = draft.line_index(range.start).saturating_sub(1);
    let last = (draft.line_index(range.end) + 1).min(n - 1);
    draft.line_with_break(first).start..draft.line_with_break(last).end
}

/// `after` is `before` with each of the sorted, disjoint `edits` applied, and nothing else:
/// every byte outside the edited ranges is where it was.
fn assert_unchanged_outside(before: &str, after: &str, edits: &[&Edit]) {
    let (mut b, mut a) = (0, 0);
    for e in edits {
        let keep = &before[b..e.range.start];
        assert_eq!(&after[a..a + keep.len()], keep, "a byte outside the edits changed");
        a += keep.len();
        assert_eq!(&after[a..a + e.replacement.len()], e.replacement);
        a += e.replacement.len();
        b = e.range.end;
    }
    assert_eq!(&after[a..], &before[b..], "a byte after the last edit changed");
}

/// One incremental change: a range as the client sends it (any numbers, even past the end),
/// and the text to put there.
#[derive(Clone, Debug)]
pub struct Change {
    pub start: (u32, u32),
    pub end: (u32, u32),
    pub text: String,
}

/// Applies `changes` one at a time (each in its own didChange, or all in one when `batched`)
/// to a document opened with `initial`, and after each step compares the server's copy with
/// the reference. Returns the number of edits applied.
pub fn sync(initial: &str, changes: &[Change], encoding: Encoding, batched: bool) -> usize {
    let uri: Uri = "file:///fuzz/draft.md".parse().unwrap();
    let mut docs = Documents::default();
    docs.open(uri.clone(), initial, 0, "markdown");
    let mut reference = initial.to_string();
    let events: Vec<TextDocumentContentChangeEvent> = changes
        .iter()
        .map(|c| TextDocumentContentChangeEvent {
            range: Some(LspRange {
                start: Position { line: c.start.0, character: c.start.1 },
                end: Position { line: c.end.0, character: c.end.1 },
            }),
            range_length: None,
            text: c.text.clone(),
        })
        .collect();
    for (i, event) in events.iter().enumerate() {
        let a = reference_offset(&reference, events[i].range.unwrap().start, encoding);
        let b = reference_offset(&reference, events[i].range.unwrap().end, encoding);
        reference.replace_range(a.min(b)..a.max(b), &event.text);
        if !batched {
            docs.change(&uri, i as i32 + 1, std::slice::from_ref(event), encoding).unwrap();
            let server = docs.snapshot(&uri).unwrap().rope.to_string();
            assert_eq!(server, reference, "after edit {i} ({encoding:?}) of {changes:?} on {initial:?}");
        }
    }
    if batched {
        docs.change(&uri, 1, &events, encoding).unwrap();
        let server = docs.snapshot(&uri).unwrap().rope.to_string();
        assert_eq!(server, reference, "after a batch ({encoding:?}) of {changes:?} on {initial:?}");
    }
    changes.len()
}

/// The byte offset a position names in `text`, computed from scratch: lines end at `\n`,
/// `\r\n` or a lone `\r`; a line past the end clamps to the end of the text; a column past the
/// end of its line clamps to the line's end; a column inside a character rounds down to its
/// start.
pub fn reference_offset(text: &str, position: Position, encoding: Encoding) -> usize {
    let mut lines: Vec<Range<usize>> = Vec::new();
    let bytes = text.as_bytes();
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        if bytes[i] == b'\n' || bytes[i] == b'\r' {
            lines.push(start..i);
            i += if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
            start = i;
        } else {
            i += 1;
        }
    }
    lines.push(start..text.len());
    let Some(line) = lines.get(position.line as usize) else { return text.len() };
    let mut counted = 0usize;
    for (at, c) in text[line.clone()].char_indices() {
        let width = match encoding {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf32 => 1,
        };
        if counted + width > position.character as usize {
            return line.start + at;
        }
        counted += width;
    }
    line.end
}
