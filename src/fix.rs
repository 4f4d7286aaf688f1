//! Edits and fixes, and applying a set of them to a text.

use std::ops::Range;

/// Replace the bytes in `range` (half-open, **byte offsets**, on character boundaries) with
/// `replacement`. An empty range inserts; an empty replacement deletes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: String,
}

impl Edit {
    /// An edit that deletes `range`.
    pub fn delete(range: Range<usize>) -> Edit {
        Edit { range, replacement: String::new() }
    }

    /// An edit that replaces `range` with `replacement`.
    pub fn replace(range: Range<usize>, replacement: impl Into<String>) -> Edit {
        Edit { range, replacement: replacement.into() }
    }
}

/// Whether a fix may be applied without a person looking at it.
///
/// `Safe`: the detection is certain and the edit cannot change what the copy says (deleting a
/// known ad label, removing a glued second date). Fix-all in the editor and `check --fix` apply
/// only these. `Unsafe`: offered as a quick fix, never applied in bulk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Applicability {
    Safe,
    Unsafe,
}

impl Applicability {
    /// `safe` or `unsafe`, as printed in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// A fix: one or more non-overlapping edits applied together, a short title for the editor's
/// quick-fix menu, and its applicability.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
    pub applicability: Applicability,
}

impl Fix {
    /// A safe fix made of one edit.
    pub fn safe(title: impl Into<String>, edit: Edit) -> Fix {
        Fix { title: title.into(), edits: vec![edit], applicability: Applicability::Safe }
    }

    /// An unsafe fix made of one edit.
    pub fn unsafe_(title: impl Into<String>, edit: Edit) -> Fix {
        Fix { title: title.into(), edits: vec![edit], applicability: Applicability::Unsafe }
    }

    /// The byte range covering all of this fix's edits.
    pub fn span(&self) -> Range<usize> {
        let start = self.edits.iter().map(|e| e.range.start).min().unwrap_or(0);
        let end = self.edits.iter().map(|e| e.range.end).max().unwrap_or(0);
        start..end
    }
}

/// Applies `edits` to `text` and returns the new text.
///
/// Edits are sorted by position; an edit that overlaps one already accepted is skipped (the
/// caller re-checks and applies it in a later pass). Ranges past the end of `text` or off a
/// character boundary are skipped too, so a buggy rule can never corrupt the copy. Returns the
/// new text and the number of edits applied.
pub fn apply(text: &str, edits: &[Edit]) -> (String, usize) {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    let mut applied = 0;
    for edit in sorted {
        let Range { start, end } = edit.range.clone();
        let valid = start >= cursor
            && start <= end
            && end <= text.len()
            && text.is_char_boundary(start)
            && text.is_char_boundary(end);
        if !valid {
            continue;
        }
        out.push_str(&text[cursor..start]);
        out.push_str(&edit.replacement);
        cursor = end;
        applied += 1;
    }
    out.push_str(&text[cursor..]);
    (out, applied)
}

/// One edit that turns `old` into `new`: the span between their common prefix and common
/// suffix, or `None` when they are equal. Both ends lie on character boundaries and never
/// between the `\r` and `\n` of a CRLF (which no editor position can name). Applying it to
/// `old` yields `new` byte for byte. Used for the editor's fix-all edit and to carry findings
/// over an edit (`incremental`).
pub fn minimal_edit(old: &str, new: &str) -> Option<Edit> {
    if old == new {
        return None;
    }
    let (a, b) = (old.as_bytes(), new.as_bytes());
    let mut prefix = common_prefix(a, b);
    while !(old.is_char_boundary(prefix) && new.is_char_boundary(prefix)) || splits_crlf(a, prefix) || splits_crlf(b, prefix) {
        prefix -= 1;
    }
    let max_suffix = a.len().min(b.len()) - prefix;
    let mut suffix = common_suffix(&a[a.len() - max_suffix..], &b[b.len() - max_suffix..]);
    while !(old.is_char_boundary(a.len() - suffix) && new.is_char_boundary(b.len() - suffix))
        || splits_crlf(a, a.len() - suffix)
        || splits_crlf(b, b.len() - suffix)
    {
        suffix -= 1;
    }
    Some(Edit::replace(prefix..a.len() - suffix, &new[prefix..b.len() - suffix]))
}

/// True when byte offset `i` falls between a `\r` and the `\n` after it.
fn splits_crlf(bytes: &[u8], i: usize) -> bool {
    i > 0 && bytes.get(i - 1) == Some(&b'\r') && bytes.get(i) == Some(&b'\n')
}

/// Length of the longest common prefix of `a` and `b`, compared a block at a time (a
/// keystroke in a 600 KB draft leaves hundreds of kilobytes equal on either side).
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 256;
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + BLOCK <= n && a[i..i + BLOCK] == b[i..i + BLOCK] {
        i += BLOCK;
    }
    i + a[i..n].iter().zip(&b[i..n]).take_while(|(x, y)| x == y).count()
}

/// Length of the longest common suffix of `a` and `b` (see [`common_prefix`]).
fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 256;
    let n = a.len().min(b.len());
    let (a, b) = (&a[a.len() - n..], &b[b.len() - n..]);
    let mut i = 0;
    while i + BLOCK <= n && a[n - i - BLOCK..n - i] == b[n - i - BLOCK..n - i] {
        i += BLOCK;
    }
    i + a[..n - i].iter().rev().zip(b[..n - i].iter().rev()).take_while(|(x, y)| x == y).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn common_prefix_and_suffix_lengths() {
        let a = "x".repeat(1000) + "abc" + &"y".repeat(700);
        let b = "x".repeat(1000) + "aXbc" + &"y".repeat(700);
        assert_eq!(common_prefix(a.as_bytes(), b.as_bytes()), 1001);
        assert_eq!(common_suffix(a.as_bytes(), b.as_bytes()), 702);
        assert_eq!(common_prefix(b"", b"abc"), 0);
        assert_eq!(common_suffix(b"abc", b"abc"), 3);
    }

    #[test]
    fn minimal_edit_keeps_multibyte_characters_whole() {
        // "é" and "è" share their first byte; the edit must not start inside the character.
        let e = minimal_edit("café au lait", "cafè au lait").unwrap();
        assert_eq!(e.range, 3..5);
        assert_eq!(e.replacement, "è");
        assert_eq!(minimal_edit("same", "same"), None);
    }

    #[test]
    fn minimal_edit_never_splits_a_crlf() {
        let e = minimal_edit("a\r\nb", "a\r\r\nb").unwrap();
        let (out, _) = apply("a\r\nb", std::slice::from_ref(&e));
        assert_eq!(out, "a\r\r\nb");
        assert!(!splits_crlf(b"a\r\nb", e.range.start) && !splits_crlf(b"a\r\nb", e.range.end));
    }

    fn text() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec!["a", "b", " ", "é", "è", "😀", "😃", "\r", "\n", "\r\n", "—"]);
        prop::collection::vec(pieces, 0..16).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn minimal_edit_turns_old_into_new(old in text(), new in text()) {
            match minimal_edit(&old, &new) {
                None => prop_assert_eq!(&old, &new),
                Some(e) => {
                    prop_assert!(!splits_crlf(old.as_bytes(), e.range.start));
                    prop_assert!(!splits_crlf(old.as_bytes(), e.range.end));
                    let (out, applied) = apply(&old, &[e]);
                    prop_assert_eq!(applied, 1);
                    prop_assert_eq!(out, new);
                }
            }
        }
    }

    #[test]
    fn applies_sorted_and_skips_overlaps() {
        let text = "one two three";
        let edits = vec![
            Edit::replace(8..13, "3"),
            Edit::delete(0..4),
            Edit::replace(2..6, "X"), // overlaps the deletion: skipped
        ];
        let (out, n) = apply(text, &edits);
        assert_eq!(out, "two 3");
        assert_eq!(n, 2);
    }

    #[test]
    fn skips_ranges_off_char_boundaries_or_past_the_end() {
        let text = "café";
        let edits = vec![Edit::delete(4..5), Edit::delete(3..99)];
        let (out, n) = apply(text, &edits);
        assert_eq!(out, "café");
        assert_eq!(n, 0);
    }
}
