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

#[cfg(test)]
mod tests {
    use super::*;

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
