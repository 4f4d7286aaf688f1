//! Byte offsets → the 1-based lines and columns every report format shows.
//!
//! Columns count Unicode scalar values (characters), never bytes or UTF-16 code units; SARIF
//! output declares this with `columnKind: "unicodeCodePoints"`. Line breaks are `\n`, `\r\n`
//! and a lone `\r` — the three the engine's drafts and LSP count.

/// A 1-based line and a 1-based column counted in Unicode scalar values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// The positions of `offsets` (byte offsets into `text`, in any order; past the end clamps to
/// the end) in one pass over the text, so a file with many findings on one very long line costs
/// O(text + findings · log findings), not O(text · findings).
///
/// An offset between the `\r` and `\n` of a CRLF still belongs to the line the pair ends.
pub fn locate(text: &str, offsets: &[usize]) -> Vec<Position> {
    let bytes = text.as_bytes();
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_unstable_by_key(|&i| offsets[i]);
    let mut out = vec![Position { line: 1, column: 1 }; offsets.len()];
    // The position of byte `pos`, advanced monotonically.
    let (mut pos, mut line, mut column) = (0usize, 1usize, 1usize);
    for i in order {
        let target = offsets[i].min(bytes.len());
        while pos < target {
            let b = bytes[pos];
            if b == b'\n' || (b == b'\r' && bytes.get(pos + 1) != Some(&b'\n')) {
                line += 1;
                column = 1;
            } else if (b as i8) >= -0x40 {
                // Not a UTF-8 continuation byte (0x80..=0xBF): a new character starts here.
                column += 1;
            }
            pos += 1;
        }
        out[i] = Position { line, column };
    }
    out
}

/// The byte range of the whole lines covering `range` (from the start of its first line to the
/// end of its last line, terminators excluded).
pub fn line_span(text: &str, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let start = range.start.min(text.len());
    let end = range.end.clamp(start, text.len());
    let first = text[..start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    // A range ending just after a line break ends on that line, not the next.
    let from = if end > start && matches!(text.as_bytes()[end - 1], b'\n' | b'\r') { end - 1 } else { end };
    let last = text[from..].find(['\n', '\r']).map_or(text.len(), |i| from + i);
    first..last.max(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, offset: usize) -> (usize, usize) {
        let p = locate(text, &[offset])[0];
        (p.line, p.column)
    }

    #[test]
    fn counts_characters_and_all_three_line_breaks() {
        let text = "a\r\nbé\rc\nd";
        assert_eq!(at(text, 0), (1, 1));
        assert_eq!(at(text, 3), (2, 1));
        assert_eq!(at(text, 6), (2, 3));
        assert_eq!(at(text, 7), (3, 1));
        assert_eq!(at(text, 9), (4, 1));
        assert_eq!(at(text, 99), (4, 2));
    }

    #[test]
    fn offsets_in_any_order_get_their_own_positions() {
        let text = "one\ntwo 😀 three\n";
        let offsets = [text.find("three").unwrap(), 0, text.find("two").unwrap()];
        let got: Vec<(usize, usize)> = locate(text, &offsets).iter().map(|p| (p.line, p.column)).collect();
        assert_eq!(got, [(2, 7), (1, 1), (2, 1)]);
    }

    #[test]
    fn line_span_covers_whole_lines() {
        let text = "one\ntwo three\r\nfour\n";
        let t = text.find("three").unwrap();
        assert_eq!(&text[line_span(text, t..t + 3)], "two three");
        let f = text.find("four").unwrap();
        assert_eq!(&text[line_span(text, t..f + 2)], "two three\r\nfour");
        // A range that ends with the line break stays on its line.
        assert_eq!(&text[line_span(text, 0..4)], "one");
    }
}
