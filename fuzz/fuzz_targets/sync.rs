//! Fuzz target: random incremental edits in UTF-8, UTF-16 or UTF-32 positions (CRLF, lone CR,
//! emoji, U+2028 among the inserted text) keep the server's copy of a document equal to a
//! reference string (`tests/support/properties.rs`). Prints a running count of edits applied
//! to stderr every 100,000 edits, so a long run reports how many edits it checked.
#![no_main]

use std::sync::atomic::{AtomicU64, Ordering};

use arbitrary::Arbitrary;
use copydesk::lsp::position::Encoding;
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/properties.rs"]
mod properties;

const TRICKY: &[&str] = &["a", " ", "\n", "\r", "\r\n", "😀", "\u{2028}", "—", "é", "北", "", "\u{0}"];

#[derive(Debug, Arbitrary)]
struct Input {
    encoding: u8,
    batched: bool,
    initial: Vec<u8>,
    changes: Vec<(u8, u8, u8, u8, Vec<u8>, bool)>,
}

static EDITS: AtomicU64 = AtomicU64::new(0);

fn glue(indices: &[u8]) -> String {
    indices.iter().map(|i| TRICKY[*i as usize % TRICKY.len()]).collect()
}

fuzz_target!(|input: Input| {
    let encoding = [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32][input.encoding as usize % 3];
    let initial: String = input.initial.iter().map(|i| properties::PIECES[*i as usize % properties::PIECES.len()]).collect();
    let changes: Vec<properties::Change> = input
        .changes
        .iter()
        .take(64)
        .map(|(l0, c0, l1, c1, text, far)| {
            // Mostly inside a small document; sometimes far past its end.
            let scale = |v: u8| if *far { v as u32 * 1000 } else { (v % 12) as u32 };
            properties::Change { start: (scale(*l0), scale(*c0)), end: (scale(*l1), scale(*c1)), text: glue(text) }
        })
        .collect();
    if changes.is_empty() {
        return;
    }
    let n = properties::sync(&initial, &changes, encoding, input.batched) as u64;
    let before = EDITS.fetch_add(n, Ordering::Relaxed);
    if (before + n) / 100_000 > before / 100_000 {
        eprintln!("copydesk-fuzz sync: {} edits checked", before + n);
    }
});
