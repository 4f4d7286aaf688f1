//! Positions: the only place that knows UTF-16 (and UTF-8 / UTF-32 columns).
//!
//! Inside copydesk every range is a **byte offset** into the UTF-8 text. The protocol speaks in
//! `(line, character)` pairs whose `character` counts code units of the encoding negotiated in
//! `initialize`. Every conversion between the two goes through this module.
//!
//! Lines are what LSP counts: broken by `\n`, `\r\n` or a lone `\r`, and nothing else. The rope
//! is built without ropey's `unicode_lines` feature, so U+2028, U+2029, NEL, VT and FF are
//! ordinary characters here, as they are to the client.
//!
//! Conversions are total (DESIGN.md §3):
//! - a line past the end of the document clamps to the end of the document;
//! - a column past the end of a line clamps to the line's end (before its `\r\n`, `\n` or `\r`);
//! - a column inside a UTF-16 surrogate pair or a UTF-8 sequence rounds down to the start of
//!   the character;
//! - a byte offset past the end clamps to the end, one inside a character rounds down to the
//!   character's start, and one between the `\r` and `\n` of a CRLF maps to the line's end
//!   (no position can name it).

use std::ops::Range;

use ropey::Rope;
use tower_lsp_server::ls_types::{self as lsp, PositionEncodingKind};

/// What a position's `character` counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// UTF-8 code units (bytes).
    Utf8,
    /// UTF-16 code units; the protocol's default.
    #[default]
    Utf16,
    /// Unicode scalar values.
    Utf32,
}

impl Encoding {
    /// The encoding to use with a client that offers `offered` (from
    /// `capabilities.general.positionEncodings`): UTF-8 if it is offered, else UTF-16, which
    /// every client must support.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        let offers_utf8 = offered.is_some_and(|kinds| kinds.contains(&PositionEncodingKind::UTF8));
        if offers_utf8 {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        }
    }

    /// The protocol name of this encoding (`utf-8`, `utf-16`, `utf-32`).
    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }
}

/// Line `line`'s byte range without its terminator. `line` must be below `rope.len_lines()`.
fn line_content(rope: &Rope, line: usize) -> Range<usize> {
    let start = rope.line_to_byte(line);
    if line + 1 >= rope.len_lines() {
        return start..rope.len_bytes();
    }
    let next = rope.line_to_byte(line + 1);
    // The line ends in exactly one of `\n`, `\r\n` or `\r`.
    let crlf = next - start >= 2 && rope.byte(next - 1) == b'\n' && rope.byte(next - 2) == b'\r';
    let end = if crlf { next - 2 } else { next - 1 };
    start..end
}

/// Rounds `offset` down to the start of the character containing it, clamped to the text.
fn floor_char_boundary(rope: &Rope, offset: usize) -> usize {
    let offset = offset.min(rope.len_bytes());
    rope.char_to_byte(rope.byte_to_char(offset))
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The position of byte `offset` in `rope`, with `character` counted in `encoding`. Total: see
/// the module docs for how offsets that no position names are clamped.
pub fn offset_to_position(rope: &Rope, offset: usize, encoding: Encoding) -> lsp::Position {
    let offset = floor_char_boundary(rope, offset);
    let line = rope.byte_to_line(offset);
    let content = line_content(rope, line);
    let offset = offset.min(content.end);
    let character = match encoding {
        Encoding::Utf8 => offset - content.start,
        Encoding::Utf16 => {
            rope.char_to_utf16_cu(rope.byte_to_char(offset)) - rope.char_to_utf16_cu(rope.byte_to_char(content.start))
        }
        Encoding::Utf32 => rope.byte_to_char(offset) - rope.byte_to_char(content.start),
    };
    lsp::Position { line: to_u32(line), character: to_u32(character) }
}

/// The byte offset that `position` (in `encoding`) names in `rope`. Total: a line past the end
/// gives the end of the text, a column past the end of its line gives the line's end, and a
/// column inside a character gives that character's start.
pub fn position_to_offset(rope: &Rope, position: lsp::Position, encoding: Encoding) -> usize {
    let line = position.line as usize;
    if line >= rope.len_lines() {
        return rope.len_bytes();
    }
    let content = line_content(rope, line);
    let column = position.character as usize;
    match encoding {
        Encoding::Utf8 => floor_char_boundary(rope, content.start.saturating_add(column).min(content.end)),
        Encoding::Utf16 => {
            let first = rope.char_to_utf16_cu(rope.byte_to_char(content.start));
            let last = rope.char_to_utf16_cu(rope.byte_to_char(content.end));
            let unit = first.saturating_add(column).min(last);
            rope.char_to_byte(rope.utf16_cu_to_char(unit))
        }
        Encoding::Utf32 => {
            let first = rope.byte_to_char(content.start);
            let last = rope.byte_to_char(content.end);
            rope.char_to_byte(first.saturating_add(column).min(last))
        }
    }
}

/// The protocol range of the byte range `range`.
pub fn range_to_lsp(rope: &Rope, range: &Range<usize>, encoding: Encoding) -> lsp::Range {
    lsp::Range {
        start: offset_to_position(rope, range.start, encoding),
        end: offset_to_position(rope, range.end, encoding),
    }
}

/// The byte range a protocol range names (each end converted as by [`position_to_offset`]). A
/// range whose end comes before its start is taken with its ends swapped.
pub fn lsp_to_range(rope: &Rope, range: lsp::Range, encoding: Encoding) -> Range<usize> {
    let a = position_to_offset(rope, range.start, encoding);
    let b = position_to_offset(rope, range.end, encoding);
    a.min(b)..a.max(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn pos(line: u32, character: u32) -> lsp::Position {
        lsp::Position { line, character }
    }

    /// A reference implementation on a plain `&str`: splits lines the LSP way and counts code
    /// units one character at a time. Returns each line's content range.
    fn reference_lines(text: &str) -> Vec<Range<usize>> {
        let bytes = text.as_bytes();
        let mut lines = Vec::new();
        let mut start = 0;
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => {
                    lines.push(start..i);
                    start = i + 1;
                }
                b'\r' => {
                    lines.push(start..i);
                    if bytes.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    start = i + 1;
                }
                _ => {}
            }
            i += 1;
        }
        lines.push(start..bytes.len());
        lines
    }

    fn units(c: char, encoding: Encoding) -> usize {
        match encoding {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf32 => 1,
        }
    }

    /// Reference offset → position for an offset on a character boundary, not inside a CRLF.
    fn reference_position(text: &str, offset: usize, encoding: Encoding) -> lsp::Position {
        let lines = reference_lines(text);
        let line = lines.iter().rposition(|l| l.start <= offset).unwrap();
        let column: usize = text[lines[line].start..offset].chars().map(|c| units(c, encoding)).sum();
        pos(line as u32, column as u32)
    }

    /// Reference position → offset with the clamping rules of the module docs.
    fn reference_offset(text: &str, p: lsp::Position, encoding: Encoding) -> usize {
        let lines = reference_lines(text);
        let Some(content) = lines.get(p.line as usize) else { return text.len() };
        let mut column = 0;
        for (i, c) in text[content.clone()].char_indices() {
            let next = column + units(c, encoding);
            if next > p.character as usize {
                return content.start + i;
            }
            column = next;
        }
        content.end
    }

    const ENCODINGS: [Encoding; 3] = [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32];

    /// Prose with the characters that break naive position code.
    fn prose() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "a", "Z", " ", ".", "—", "“", "”", "‘", "’", "北京", "😀", "👩‍🚀", "\u{a0}", "\u{2028}", "\u{2029}",
            "\u{85}", "\u{b}", "\u{c}", "\r", "\n", "\r\n", "é", "e\u{301}",
        ]);
        prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
    }

    fn boundaries(text: &str) -> Vec<usize> {
        let bytes = text.as_bytes();
        (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .filter(|&i| !(i > 0 && bytes[i - 1] == b'\r' && bytes.get(i) == Some(&b'\n')))
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn offsets_round_trip_and_match_the_reference(text in prose()) {
            let rope = Rope::from_str(&text);
            for encoding in ENCODINGS {
                for offset in boundaries(&text) {
                    let p = offset_to_position(&rope, offset, encoding);
                    prop_assert_eq!(p, reference_position(&text, offset, encoding), "{:?} at {}", encoding, offset);
                    prop_assert_eq!(position_to_offset(&rope, p, encoding), offset, "{:?} at {}", encoding, offset);
                }
            }
        }

        #[test]
        fn any_position_converts_like_the_reference_and_is_stable(
            text in prose(),
            line in 0u32..12,
            character in 0u32..60,
        ) {
            let rope = Rope::from_str(&text);
            for encoding in ENCODINGS {
                let p = pos(line, character);
                let offset = position_to_offset(&rope, p, encoding);
                prop_assert_eq!(offset, reference_offset(&text, p, encoding), "{:?} {:?}", encoding, p);
                prop_assert!(text.is_char_boundary(offset));
                // The clamped position names the same offset again.
                let back = offset_to_position(&rope, offset, encoding);
                prop_assert_eq!(position_to_offset(&rope, back, encoding), offset);
            }
        }
    }

    #[test]
    fn utf16_counts_surrogate_pairs_as_two_units() {
        let rope = Rope::from_str("😀 Advertisement");
        assert_eq!(offset_to_position(&rope, 5, Encoding::Utf16), pos(0, 3));
        assert_eq!(offset_to_position(&rope, 5, Encoding::Utf8), pos(0, 5));
        assert_eq!(offset_to_position(&rope, 5, Encoding::Utf32), pos(0, 2));
        // Inside the surrogate pair rounds down to the emoji's start.
        assert_eq!(position_to_offset(&rope, pos(0, 1), Encoding::Utf16), 0);
        // Inside the UTF-8 sequence rounds down too.
        assert_eq!(position_to_offset(&rope, pos(0, 3), Encoding::Utf8), 0);
    }

    #[test]
    fn unicode_line_separators_are_not_line_breaks() {
        let rope = Rope::from_str("one\u{2028}two\u{85}three\nfour");
        assert_eq!(rope.len_lines(), 2);
        assert_eq!(offset_to_position(&rope, "one\u{2028}two\u{85}three\n".len(), Encoding::Utf16), pos(1, 0));
    }

    #[test]
    fn clamps_past_the_end_of_a_line_and_of_the_document() {
        let rope = Rope::from_str("ab\r\ncd\rxy");
        assert_eq!(position_to_offset(&rope, pos(0, 99), Encoding::Utf16), 2);
        assert_eq!(position_to_offset(&rope, pos(1, 99), Encoding::Utf16), 6);
        assert_eq!(position_to_offset(&rope, pos(2, 99), Encoding::Utf16), 9);
        assert_eq!(position_to_offset(&rope, pos(7, 0), Encoding::Utf16), 9);
        // Between the \r and \n of a CRLF: the line's end.
        assert_eq!(offset_to_position(&rope, 3, Encoding::Utf16), pos(0, 2));
        // Past the end of the text: the end.
        assert_eq!(offset_to_position(&rope, 99, Encoding::Utf16), pos(2, 2));
    }

    #[test]
    fn negotiates_utf8_only_when_offered() {
        use PositionEncodingKind as K;
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
        assert_eq!(Encoding::negotiate(Some(&[K::UTF16])), Encoding::Utf16);
        assert_eq!(Encoding::negotiate(Some(&[K::UTF32, K::UTF16])), Encoding::Utf16);
        assert_eq!(Encoding::negotiate(Some(&[K::UTF16, K::UTF8])), Encoding::Utf8);
    }
}
