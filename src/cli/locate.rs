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
        if target > pos {
            // Jump from line break to line break (memchr), then count the characters on the
            // target's line: UTF-8 bytes that are not continuation bytes (0x80..=0xBF).
            let mut from = pos;
            for at in memchr::memchr2_iter(b'\n', b'\r', &bytes[pos..target]) {
                let at = pos + at;
                if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                    // The CR of a CRLF: the LF ends the line (and may be past `target`).
                    continue;
                }
                line += 1;
                column = 1;
                from = at + 1;
            }
            column += bytes[from..target].iter().filter(|&&b| (b as i8) >= -0x40).count();
            pos = target;
        }
        out[i] = Position { line, column };
    }
    out
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

    /// The obvious, quadratic definition, for the property test.
    fn naive(text: &str, offset: usize) -> Position {
        let before = &text[..offset];
        let mut line = 1;
        let mut start = 0;
        for (i, c) in before.char_indices() {
            let lone_cr = c == '\r' && text.as_bytes().get(i + 1) != Some(&b'\n');
            if c == '\n' || lone_cr {
                line += 1;
                start = i + 1;
            }
        }
        Position { line, column: before[start..].chars().count() + 1 }
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_the_naive_definition(
            chars in proptest::collection::vec(proptest::sample::select(vec!['a', ' ', 'é', '😀', '\n', '\r', '—', '\u{2028}']), 0..60),
            picks in proptest::collection::vec(0usize..1000, 0..8),
        ) {
            let text: String = chars.into_iter().collect();
            let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            let offsets: Vec<usize> = picks.iter().map(|p| bounds[p % bounds.len()]).collect();
            let got = locate(&text, &offsets);
            for (o, p) in offsets.iter().zip(got) {
                proptest::prop_assert_eq!(p, naive(&text, *o), "offset {} in {:?}", o, text);
            }
        }
    }
}
