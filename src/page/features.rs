//! Line features of a pasted web page, from its plain text alone.
//!
//! Every non-blank line gets a row of numbers: its own shape (length, case, punctuation,
//! function words of several languages, furniture vocabulary from
//! `data/page_vocabulary.toml`, whether the same line appears elsewhere) and its context (the
//! lines around it, the paragraph it sits in, runs of short lines, and where it lies relative
//! to the densest run of prose, which is where the story is). The second stage adds the first
//! stage's scores of the neighbouring lines, so that a short line between two menus reads as
//! a menu item and a short line between two paragraphs reads as a subheading.
//!
//! Signals that only work in English are avoided: function words are counted over a list
//! covering several languages, and CJK text is measured in characters.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use serde::Deserialize;

use crate::draft::Draft;
use crate::lang;

/// Names of the vocabulary families, in the order of `data/page_vocabulary.toml`.
pub const VOCAB_FAMILIES: [&str; 9] =
    ["consent", "legal", "share", "account", "navigation", "comment", "promotion", "author", "date"];
const LEGAL: usize = 1;
/// Index of the `date` family in [`VOCAB_FAMILIES`] and [`Shape::vocab`].
pub const DATE_FAMILY: usize = 8;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VocabFamily {
    name: String,
    words: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VocabTable {
    family: Vec<VocabFamily>,
}

/// The families of `data/page_vocabulary.toml` as written (for the tidy test).
pub fn vocabulary_table() -> Vec<(String, Vec<String>)> {
    toml::from_str::<VocabTable>(include_str!("../../data/page_vocabulary.toml"))
        .expect("data/page_vocabulary.toml is valid (checked by tests)")
        .family
        .into_iter()
        .map(|f| (f.name, f.words))
        .collect()
}

/// In [`WORDS`]: the word is a function word of some language ([`lang`]).
const FUNCTION_BIT: u16 = 1 << 15;

/// Lowercase word (UTF-8) → bit set: bit `f` for each vocabulary family `f` it belongs to
/// ([`VOCAB_FAMILIES`], from `data/page_vocabulary.toml`), and [`FUNCTION_BIT`] for a function
/// word of any language in [`lang`]. One lookup per word answers both questions.
static WORDS: LazyLock<FxHashMap<Box<[u8]>, u16>> = LazyLock::new(|| {
    let mut map: FxHashMap<Box<[u8]>, u16> = FxHashMap::default();
    for (name, words) in vocabulary_table() {
        let bit = VOCAB_FAMILIES.iter().position(|f| *f == name).expect("known vocabulary family");
        for w in words {
            *map.entry(w.into_bytes().into_boxed_slice()).or_default() |= 1 << bit;
        }
    }
    for w in lang::function_words_any_language() {
        *map.entry(w.as_bytes().into()).or_default() |= FUNCTION_BIT;
    }
    map
});

/// How a line ends, after trailing closing quotes and brackets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum End {
    /// `.`, `!`, `?`, `…` or their CJK forms.
    Sentence,
    /// `:`.
    Colon,
    /// `,` or `;`.
    Comma,
    /// A letter or digit.
    #[default]
    Word,
    /// Anything else (`|`, `»`, `→`, an emoji…).
    Symbol,
}

/// What one line looks like on its own. Counts are of characters (`chars`) or word tokens.
#[derive(Clone, Copy, Debug, Default)]
pub struct Shape {
    /// Characters of the trimmed line.
    pub chars: u32,
    /// Word tokens: runs of letters and digits with at least one letter (inner `'` and `-`
    /// kept), plus one per two CJK characters.
    pub words: u32,
    /// CJK ideographs, kana and hangul.
    pub cjk: u32,
    /// Words starting with an uppercase letter.
    pub upper: u32,
    /// Words starting with a lowercase letter.
    pub lower: u32,
    /// Words of two letters or more written all in capitals.
    pub caps: u32,
    /// Function words of English and the other languages in [`lang`].
    pub function: u32,
    /// Letters in words (for the mean word length).
    pub word_chars: u32,
    /// Decimal digits.
    pub digits: u32,
    /// Numbers that look like years (1900–2099).
    pub years: u32,
    /// Characters that are not letters, digits, spaces or ordinary punctuation.
    pub symbols: u32,
    /// Contains a clock time (`6:34`, `18.54` after a date word is not counted).
    pub time: bool,
    /// Commas and semicolons.
    pub commas: u32,
    /// Sentence ends inside the line (`. ` before a capital, `。` not at the end).
    pub inner_ends: u32,
    /// How the line ends.
    pub end: End,
    /// Ends in `…` or `...`.
    pub ellipsis: bool,
    /// Contains a URL, `www.`, or `@` directly before a letter or digit (an address or handle).
    pub url: bool,
    /// Starts with a list marker (`•`, `-`, `*`, `1.`, `›`…).
    pub bullet: bool,
    /// Starts with a quotation mark.
    pub quote_start: bool,
    /// Shaped like a byline: `By` (or `Por`, `Von`, `Par`, `Oleh`, `Door`) and a few words.
    pub byline: bool,
    /// Has the word `by` (any case) followed by a capitalised word: `Written by Ann Lee`.
    pub has_by: bool,
    /// The line is one of the `web-boilerplate` rule's phrases.
    pub phrase: bool,
    /// Words in each vocabulary family ([`VOCAB_FAMILIES`]).
    pub vocab: [u8; 9],
    /// Hash of the line's lowercased letters and digits (0 when it has none): equal lines
    /// share it.
    pub key: u64,
}

impl Shape {
    /// Measures one line.
    pub fn of(line: &str) -> Shape {
        thread_local! {
            /// The characters of the line being measured, kept between calls.
            static CHARS: RefCell<Vec<char>> = const { RefCell::new(Vec::new()) };
        }
        CHARS.with_borrow_mut(|chars| Shape::of_with(line, chars))
    }

    /// [`Shape::of`] with a buffer for the line's characters.
    fn of_with(line: &str, chars: &mut Vec<char>) -> Shape {
        let t = line.trim();
        chars.clear();
        chars.extend(t.chars());
        let chars = &chars[..];
        let mut s = Shape { chars: chars.len() as u32, ..Shape::default() };
        let mut key: u64 = 0xcbf2_9ce4_8422_2325;
        let mut has_key = false;
        // The current word in lowercase, as UTF-8.
        let mut lower: Vec<u8> = Vec::with_capacity(32);
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if is_cjk(c) {
                s.cjk += 1;
                key = fnv(key, c as u32);
                has_key = true;
                if matches!(c, '。' | '！' | '？') && i + 1 < chars.len() {
                    s.inner_ends += 1;
                }
                i += 1;
                continue;
            }
            if c.is_alphanumeric() {
                // One word: letters and digits, with inner apostrophes and hyphens.
                let start = i;
                let mut letters = 0u32;
                let mut digits = 0u32;
                let mut ascii = true;
                while i < chars.len() {
                    let d = chars[i];
                    if d.is_ascii_alphanumeric() || d.is_alphanumeric() && !is_cjk(d) {
                        ascii &= d.is_ascii();
                        if d.is_ascii_digit() {
                            digits += 1;
                        } else {
                            letters += 1;
                        }
                        i += 1;
                    } else if matches!(d, '\'' | '’' | '-')
                        && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric() && !is_cjk(*n))
                        && i > start
                    {
                        ascii &= d.is_ascii();
                        i += 1;
                    } else {
                        break;
                    }
                }
                let word = &chars[start..i];
                // The word in lowercase; its letters and digits go into the line's key.
                lower.clear();
                if ascii {
                    lower.extend(word.iter().map(|&d| (d as u8).to_ascii_lowercase()));
                    for &b in lower.iter().filter(|b| b.is_ascii_alphanumeric()) {
                        key = fnv(key, b as u32);
                        has_key = true;
                    }
                } else {
                    for l in word.iter().flat_map(|d| d.to_lowercase()) {
                        lower.extend_from_slice(l.encode_utf8(&mut [0; 4]).as_bytes());
                        if l.is_alphanumeric() {
                            key = fnv(key, l as u32);
                            has_key = true;
                        }
                    }
                }
                s.digits += digits;
                if letters == 0 {
                    if digits == 4 && matches!(word[0], '1' | '2') && matches!(word[1], '9' | '0') {
                        s.years += 1;
                    }
                    continue;
                }
                s.words += 1;
                s.word_chars += letters;
                let first = word[0];
                if first.is_uppercase() {
                    s.upper += 1;
                    if letters >= 2 && word.iter().all(|d| !d.is_lowercase()) {
                        s.caps += 1;
                    }
                } else if first.is_lowercase() {
                    s.lower += 1;
                }
                if word.len() <= 24 {
                    if let Some(&bits) = WORDS.get(&lower[..]) {
                        if bits & FUNCTION_BIT != 0 && word.len() <= 10 {
                            s.function += 1;
                        }
                        for (f, count) in s.vocab.iter_mut().enumerate() {
                            if bits & (1 << f) != 0 {
                                *count = count.saturating_add(1);
                            }
                        }
                    }
                }
                continue;
            }
            match c {
                '©' | '®' => {
                    s.vocab[LEGAL] = s.vocab[LEGAL].saturating_add(1);
                    s.symbols += 1;
                }
                ',' | ';' | '،' | '、' | '，' => s.commas += 1,
                '.' | '!' | '?' => {
                    let next_capital = chars.get(i + 1) == Some(&' ')
                        && chars.get(i + 2).is_some_and(|n| n.is_uppercase() || matches!(n, '“' | '"'));
                    if next_capital {
                        s.inner_ends += 1;
                    }
                }
                ':' if i > 0
                    && chars[i - 1].is_ascii_digit()
                    && chars.get(i + 1).is_some_and(char::is_ascii_digit)
                    && chars.get(i + 2).is_some_and(char::is_ascii_digit) =>
                {
                    s.time = true
                }
                '@' if chars.get(i + 1).is_some_and(|n| n.is_alphanumeric()) => s.url = true,
                c if c.is_whitespace() => {}
                ':' | '\'' | '"' | '“' | '”' | '‘' | '’' | '(' | ')' | '[' | ']' | '-' | '–' | '—' | '…' | '%'
                | '$' | '€' | '£' | '&' | '/' | '«' | '»' | '¿' | '¡' | '„' | '#' | '*' => {}
                _ => s.symbols += 1,
            }
            i += 1;
        }
        s.words += s.cjk / 2;
        s.key = if has_key { key } else { 0 };
        s.url = s.url || contains_ascii_ci(t, b"http") || contains_ascii_ci(t, b"www.");
        let end_trimmed = t.trim_end_matches(['"', '”', '’', '\'', ')', ']', '»', '*', ' ']);
        s.ellipsis = end_trimmed.ends_with('…') || end_trimmed.ends_with("...");
        s.end = match end_trimmed.chars().last() {
            Some('.' | '!' | '?' | '…' | '。' | '！' | '？') => End::Sentence,
            Some(':' | '：') => End::Colon,
            Some(',' | ';' | '，') => End::Comma,
            Some(c) if c.is_alphanumeric() => End::Word,
            None => End::Word,
            Some(_) => End::Symbol,
        };
        let first = chars.first().copied().unwrap_or(' ');
        s.bullet = matches!(first, '•' | '·' | '*' | '›' | '»' | '▪' | '■' | '►' | '▸' | '◦' | '-' | '–' | '—' | '+')
            && chars.get(1) == Some(&' ')
            || (first.is_ascii_digit() && chars.iter().take(4).any(|c| matches!(c, '.' | ')')) && s.words > 0);
        s.quote_start = matches!(first, '“' | '"' | '‘' | '„' | '«' | '\'');
        let first_word = &t[..t.find(|c: char| !c.is_alphabetic()).unwrap_or(t.len())];
        s.byline = ["by", "por", "von", "par", "oleh", "door"].iter().any(|w| first_word.eq_ignore_ascii_case(w))
            && s.words <= 10
            && s.upper >= 1;
        let mut words = t.split_whitespace();
        let mut prev = words.next();
        s.has_by = words.any(|w| {
            let by = prev.is_some_and(|p| p.eq_ignore_ascii_case("by"));
            prev = Some(w);
            by && w.chars().next().is_some_and(char::is_uppercase)
        });
        s.phrase = crate::rules::web_boilerplate::is_phrase_line(t);
        s
    }

    /// Words in any vocabulary family except `date`.
    pub fn vocab_total(&self) -> u32 {
        self.vocab.iter().map(|&v| v as u32).sum::<u32>() - self.vocab[DATE_FAMILY] as u32
    }

    /// A line of running prose: ten words or more with a sentence end and a share of function
    /// words (or forty CJK characters with a sentence end).
    pub fn is_prose(&self) -> bool {
        let sentence = self.end == End::Sentence || self.inner_ends > 0;
        if self.cjk >= 40 {
            return sentence || self.inner_ends > 0;
        }
        self.words >= 10 && sentence && self.function * 10 >= self.words
    }

    /// A short line: five words or fewer (twelve CJK characters) and no sentence end.
    pub fn is_short(&self) -> bool {
        self.end != End::Sentence && self.words <= 5 && self.cjk <= 12
    }

    /// A time stamp: a short line with a date word, a year or a clock time (`2H ago`,
    /// `November 19, 2019 at 6:34 am`).
    pub fn is_stamp(&self) -> bool {
        self.words <= 8 && self.end != End::Sentence && (self.vocab[DATE_FAMILY] > 0 || self.years > 0 || self.time)
    }

    /// A short line whose words mostly start with a capital (a menu item, a link title).
    pub fn is_title_short(&self) -> bool {
        self.is_short() && self.words >= 1 && self.upper * 2 >= self.words
    }
}

/// True when `hay` contains `needle` (ASCII, lowercase) in any ASCII case.
fn contains_ascii_ci(hay: &str, needle: &[u8]) -> bool {
    hay.as_bytes().windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle))
}

fn fnv(h: u64, x: u32) -> u64 {
    (h ^ x as u64).wrapping_mul(0x0100_0000_01b3)
}

/// CJK ideographs, kana, hangul and CJK punctuation: scripts written without spaces.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF01..=0xFF60)
}

/// Number of stage-1 features per line; [`STAGE1_NAMES`] names them.
pub const N1: usize = STAGE1_NAMES.len();

/// Names of the stage-1 features, in column order. The model file lists the same names and a
/// test checks they agree.
pub const STAGE1_NAMES: [&str; 94] = [
    "ln_chars", "ln_words", "cjk_frac", "upper_frac", "lower_frac", "function_frac", "caps_frac",
    "digit_frac", "symbol_frac", "commas_per_word", "inner_ends", "end_sentence", "end_colon",
    "end_comma", "end_word", "ellipsis", "url", "bullet", "quote_start", "byline", "phrase",
    "ln_repeats", "v_consent", "v_legal", "v_share", "v_account", "v_navigation", "v_comment",
    "v_promotion", "v_author", "v_date", "vocab_per_word", "mean_word_len",
    // Paragraph (run of non-blank lines) and blank lines around.
    "blank_before", "blank_after", "ln_group_lines", "group_first", "group_last",
    "group_mean_ln_chars", "group_prose_frac", "group_short_frac",
    // Neighbours: previous, next, second previous, second next non-blank line.
    "p1_ln_chars", "p1_end_sentence", "p1_upper_frac", "p1_function_frac", "p1_prose", "p1_vocab", "p1_repeat",
    "n1_ln_chars", "n1_end_sentence", "n1_upper_frac", "n1_function_frac", "n1_prose", "n1_vocab", "n1_repeat",
    "p2_ln_chars", "p2_end_sentence", "p2_upper_frac", "p2_function_frac", "p2_prose", "p2_vocab", "p2_repeat",
    "n2_ln_chars", "n2_end_sentence", "n2_upper_frac", "n2_function_frac", "n2_prose", "n2_vocab", "n2_repeat",
    // Windows of ±3 and ±10 non-blank lines.
    "w3_prose", "w3_short", "w3_ln_chars", "w3_vocab", "w10_prose", "w10_short", "w10_ln_chars", "w10_vocab",
    "stamp", "w10_stamp", "w10_repeat", "w10_colon",
    // Runs, and position relative to the prose of the page.
    "ln_short_run", "ln_title_run", "prose_before", "prose_after", "ln_dist_prev_prose",
    "ln_dist_next_prose", "in_core", "ln_before_core", "ln_after_core", "doc_function_frac",
    "first_line", "title_overlap", "title_coverage",
];

/// Number of stage-2 features: the stage-1 row followed by [`STAGE2_EXTRA`].
pub const N2: usize = N1 + STAGE2_EXTRA.len();

/// Names of the features stage 2 adds to each stage-1 row: first-stage scores (log-odds) of
/// the line and its surroundings.
pub const STAGE2_EXTRA: [&str; 15] = [
    "s_self", "s_p1", "s_n1", "s_p2", "s_n2", "s_w3", "s_w10", "s_group", "s_between_min", "s_between_max",
    "s_run", "s_core_min", "s_in_story", "s_ln_before_story", "s_ln_after_story",
];

/// A draft read as a web page: its non-blank lines, their shapes and stage-1 feature rows.
pub struct Page {
    /// Draft line index of each non-blank line, in order.
    pub lines: Vec<usize>,
    /// Each non-blank line's shape.
    pub shapes: Vec<Shape>,
    /// Index into `groups` of the paragraph (run of non-blank lines) each line belongs to.
    pub group_of: Vec<usize>,
    /// Paragraphs as half-open ranges of indices into `lines`.
    pub groups: Vec<std::ops::Range<usize>>,
    /// Maximal runs of short lines, as the run each line is in (`start..end` into `lines`;
    /// empty when the line is not short).
    pub short_run: Vec<std::ops::Range<usize>>,
    /// For each line, how many other lines of the draft are the same line (equal
    /// [`Shape::key`]; 0 for a line without letters or digits).
    pub repeats: Vec<u32>,
    /// The densest run of prose (indices into `lines`), where the story is.
    pub core: std::ops::Range<usize>,
    /// Stage-1 feature rows, `N1` numbers per line.
    pub stage1: Vec<f32>,
}

fn ln1(x: f32) -> f32 {
    (1.0 + x).ln()
}

fn frac(a: u32, b: u32) -> f32 {
    if b == 0 {
        0.0
    } else {
        a as f32 / b as f32
    }
}

impl Page {
    /// Measures every non-blank line of `draft` and computes its stage-1 row.
    pub fn new(draft: &Draft) -> Page {
        let n_all = draft.lines().len();
        let mut lines = Vec::new();
        let mut shapes = Vec::new();
        let mut blank_before = Vec::new();
        let mut blank_after = Vec::new();
        let mut group_of = Vec::new();
        let mut groups: Vec<std::ops::Range<usize>> = Vec::new();
        let mut prev_blank = true;
        for i in 0..n_all {
            let text = draft.line_text(i);
            if text.trim().is_empty() {
                prev_blank = true;
                if let Some(last) = blank_after.last_mut() {
                    *last = true;
                }
                continue;
            }
            if prev_blank {
                groups.push(lines.len()..lines.len());
            }
            lines.push(i);
            shapes.push(Shape::of(text));
            blank_before.push(prev_blank);
            blank_after.push(false);
            let g = groups.len() - 1;
            groups[g].end = lines.len();
            group_of.push(g);
            prev_blank = false;
        }
        if let Some(last) = blank_after.last_mut() {
            *last = true;
        }
        let n = lines.len();

        // Repeated lines.
        let mut counts: HashMap<u64, u32> = HashMap::with_capacity(n);
        for s in &shapes {
            if s.key != 0 {
                *counts.entry(s.key).or_default() += 1;
            }
        }
        let repeats: Vec<u32> =
            shapes.iter().map(|s| if s.key == 0 { 0 } else { counts[&s.key] - 1 }).collect();

        let prose: Vec<bool> = shapes.iter().map(Shape::is_prose).collect();
        let short: Vec<bool> = shapes.iter().map(Shape::is_short).collect();
        let title_short: Vec<bool> = shapes.iter().map(Shape::is_title_short).collect();
        let vocab: Vec<bool> = shapes.iter().map(|s| s.vocab_total() > 0 || s.phrase).collect();
        let ln_chars: Vec<f32> = shapes.iter().map(|s| ln1(s.chars as f32)).collect();

        // Paragraph aggregates.
        let mut group_stats = Vec::with_capacity(groups.len());
        for g in &groups {
            let len = g.len() as f32;
            let mean = g.clone().map(|j| ln_chars[j]).sum::<f32>() / len;
            let pf = g.clone().filter(|&j| prose[j]).count() as f32 / len;
            let sf = g.clone().filter(|&j| short[j]).count() as f32 / len;
            group_stats.push((ln1(len), mean, pf, sf));
        }

        // Runs of short lines (blank lines do not break a run).
        let runs = |flag: &[bool]| -> Vec<std::ops::Range<usize>> {
            let mut out = vec![0..0; n];
            let mut j = 0;
            while j < n {
                if !flag[j] {
                    j += 1;
                    continue;
                }
                let start = j;
                while j < n && flag[j] {
                    j += 1;
                }
                for r in out.iter_mut().take(j).skip(start) {
                    *r = start..j;
                }
            }
            out
        };
        let short_run = runs(&short);
        let title_run = runs(&title_short);

        // Window sums over prefix sums.
        let prefix = |v: &dyn Fn(usize) -> f32| -> Vec<f32> {
            let mut p = Vec::with_capacity(n + 1);
            p.push(0.0);
            let mut acc = 0.0f64;
            for j in 0..n {
                acc += v(j) as f64;
                p.push(acc as f32);
            }
            p
        };
        let p_prose = prefix(&|j| prose[j] as u8 as f32);
        let p_short = prefix(&|j| short[j] as u8 as f32);
        let p_chars = prefix(&|j| ln_chars[j]);
        let p_vocab = prefix(&|j| vocab[j] as u8 as f32);
        let stamp: Vec<bool> = shapes.iter().map(Shape::is_stamp).collect();
        let p_stamp = prefix(&|j| stamp[j] as u8 as f32);
        let p_repeat = prefix(&|j| (repeats[j] > 0) as u8 as f32);
        let p_colon = prefix(&|j| (shapes[j].end == End::Colon) as u8 as f32);
        let window = |p: &[f32], j: usize, r: usize| -> f32 {
            let lo = j.saturating_sub(r);
            let hi = (j + r + 1).min(n);
            (p[hi] - p[lo]) / (hi - lo) as f32
        };

        // Prose mass before and after each line, and the nearest prose lines.
        let prose_chars: Vec<f32> = (0..n).map(|j| if prose[j] { shapes[j].chars as f32 } else { 0.0 }).collect();
        let total_prose: f32 = prose_chars.iter().sum::<f32>().max(1.0);
        let mut before = Vec::with_capacity(n);
        let mut acc = 0.0f32;
        for pc in &prose_chars {
            before.push(acc / total_prose);
            acc += pc;
        }
        let mut dist_prev = vec![f32::INFINITY; n];
        let mut last: Option<usize> = None;
        for j in 0..n {
            if let Some(l) = last {
                dist_prev[j] = (j - l) as f32;
            }
            if prose[j] {
                last = Some(j);
            }
        }
        let mut dist_next = vec![f32::INFINITY; n];
        let mut next: Option<usize> = None;
        for j in (0..n).rev() {
            if let Some(l) = next {
                dist_next[j] = (l - j) as f32;
            }
            if prose[j] {
                next = Some(j);
            }
        }
        let cap = |d: f32| ln1(d.min(200.0));

        // The core: the maximum-sum run of lines where prose counts for its length and any other
        // line against it (Kadane's algorithm).
        let core = {
            let mut best = (f32::MIN, 0..0);
            let mut cur = 0.0f32;
            let mut start = 0;
            for j in 0..n {
                let w = if prose[j] { shapes[j].chars as f32 } else { -(30.0 + 0.5 * shapes[j].chars as f32) };
                if cur <= 0.0 {
                    cur = 0.0;
                    start = j;
                }
                cur += w;
                if cur > best.0 {
                    best = (cur, start..j + 1);
                }
            }
            if best.0 <= 0.0 {
                0..0
            } else {
                best.1
            }
        };

        // Document language mix and the title (first line) words.
        let doc_words: u32 = shapes.iter().map(|s| s.words).sum();
        let doc_function: u32 = shapes.iter().map(|s| s.function).sum();
        let doc_function_frac = frac(doc_function, doc_words);
        let mut title_words = Vec::new();
        if let Some(&l) = lines.first() {
            word_keys_into(draft.line_text(l), &mut title_words);
        }
        let mut scratch = Vec::with_capacity(40);

        let mut stage1 = Vec::with_capacity(n * N1);
        for j in 0..n {
            let s = &shapes[j];
            let cased = s.upper + s.lower;
            let row_start = stage1.len();
            stage1.extend_from_slice(&[
                ln_chars[j],
                ln1(s.words as f32),
                frac(s.cjk, s.chars),
                frac(s.upper, cased),
                frac(s.lower, cased),
                frac(s.function, s.words),
                frac(s.caps, s.words),
                frac(s.digits, s.chars),
                frac(s.symbols, s.chars),
                frac(s.commas, s.words),
                s.inner_ends.min(20) as f32,
                (s.end == End::Sentence) as u8 as f32,
                (s.end == End::Colon) as u8 as f32,
                (s.end == End::Comma) as u8 as f32,
                (s.end == End::Word) as u8 as f32,
                s.ellipsis as u8 as f32,
                s.url as u8 as f32,
                s.bullet as u8 as f32,
                s.quote_start as u8 as f32,
                s.byline as u8 as f32,
                s.phrase as u8 as f32,
                ln1(repeats[j] as f32),
            ]);
            stage1.extend(s.vocab.iter().map(|&v| v as f32));
            stage1.extend_from_slice(&[
                frac(s.vocab_total(), s.words.max(1)),
                frac(s.word_chars, s.words),
                blank_before[j] as u8 as f32,
                blank_after[j] as u8 as f32,
            ]);
            let g = &groups[group_of[j]];
            let (gl, gm, gp, gs) = group_stats[group_of[j]];
            stage1.extend_from_slice(&[gl, (g.start == j) as u8 as f32, (g.end == j + 1) as u8 as f32, gm, gp, gs]);
            for k in [j.checked_sub(1), (j + 1 < n).then_some(j + 1), j.checked_sub(2), (j + 2 < n).then_some(j + 2)] {
                match k {
                    Some(k) => {
                        let t = &shapes[k];
                        stage1.extend_from_slice(&[
                            ln_chars[k],
                            (t.end == End::Sentence) as u8 as f32,
                            frac(t.upper, t.upper + t.lower),
                            frac(t.function, t.words),
                            prose[k] as u8 as f32,
                            vocab[k] as u8 as f32,
                            (repeats[k] > 0) as u8 as f32,
                        ]);
                    }
                    // Past either end of the page: marked with -1 so that trees can tell.
                    None => stage1.extend_from_slice(&[-1.0; 7]),
                }
            }
            for r in [3, 10] {
                stage1.extend_from_slice(&[
                    window(&p_prose, j, r),
                    window(&p_short, j, r),
                    window(&p_chars, j, r),
                    window(&p_vocab, j, r),
                ]);
            }
            stage1.extend_from_slice(&[
                stamp[j] as u8 as f32,
                window(&p_stamp, j, 10),
                window(&p_repeat, j, 10),
                window(&p_colon, j, 10),
            ]);
            let before_core = if j < core.start { (core.start - j) as f32 } else { 0.0 };
            let after_core = if j >= core.end && !core.is_empty() { (j + 1 - core.end) as f32 } else { 0.0 };
            let (overlap, coverage) = title_overlap(&title_words, draft.line_text(lines[j]), j == 0, &mut scratch);
            stage1.extend_from_slice(&[
                ln1(short_run[j].len() as f32),
                ln1(title_run[j].len() as f32),
                before[j],
                1.0 - before[j] - prose_chars[j] / total_prose,
                cap(dist_prev[j]),
                cap(dist_next[j]),
                core.contains(&j) as u8 as f32,
                ln1(before_core),
                ln1(after_core),
                doc_function_frac,
                (j == 0) as u8 as f32,
                overlap,
                coverage,
            ]);
            debug_assert_eq!(stage1.len() - row_start, N1);
        }
        Page { lines, shapes, group_of, groups, short_run, repeats, core, stage1 }
    }

    /// Stage-1 row of non-blank line `j`.
    pub fn row(&self, j: usize) -> &[f32] {
        &self.stage1[j * N1..(j + 1) * N1]
    }
}

/// Hashes of the lowercased words of `text` (at most 40), sorted and deduplicated, into `keys`
/// (cleared first).
fn word_keys_into(text: &str, keys: &mut Vec<u64>) {
    keys.clear();
    // Words are runs of letters and digits; each is hashed over its lowercased characters.
    let mut h = None;
    for c in text.chars().chain([' ']) {
        if c.is_ascii_alphanumeric() {
            h = Some(fnv(h.unwrap_or(0xcbf2_9ce4_8422_2325), c.to_ascii_lowercase() as u32));
        } else if !c.is_ascii() && c.is_alphanumeric() {
            h = Some(c.to_lowercase().fold(h.unwrap_or(0xcbf2_9ce4_8422_2325), |h, l| fnv(h, l as u32)));
        } else if let Some(word) = h.take() {
            keys.push(word);
            if keys.len() == 40 {
                break;
            }
        }
    }
    keys.sort_unstable();
    keys.dedup();
}

/// (share of the line's words found in the title, share of the title's words found in the
/// line); zero for the title line itself and for lines of more than 40 words. `scratch` is
/// working space.
fn title_overlap(title: &[u64], line: &str, is_title: bool, scratch: &mut Vec<u64>) -> (f32, f32) {
    if is_title || title.is_empty() {
        return (0.0, 0.0);
    }
    word_keys_into(line, scratch);
    let words = &scratch[..];
    if words.is_empty() || words.len() >= 40 {
        return (0.0, 0.0);
    }
    let common = words.iter().filter(|w| title.binary_search(w).is_ok()).count() as f32;
    (common / words.len() as f32, common / title.len() as f32)
}

/// Stage-2 rows: each stage-1 row followed by the stage-1 scores (log-odds of furniture) of the
/// line and its surroundings.
pub fn stage2(page: &Page, scores: &[f32]) -> Vec<f32> {
    let n = page.lines.len();
    let mut prefix = Vec::with_capacity(n + 1);
    prefix.push(0.0f64);
    for &s in scores {
        prefix.push(prefix.last().unwrap() + s as f64);
    }
    let mean = |lo: usize, hi: usize| -> f32 {
        if hi <= lo {
            0.0
        } else {
            ((prefix[hi] - prefix[lo]) / (hi - lo) as f64) as f32
        }
    };
    // Lowest score inside the core: how sure stage 1 is that the story's prose is copy.
    let core_min = page.core.clone().map(|k| scores[k]).fold(f32::INFINITY, f32::min);
    let core_min = if core_min.is_finite() { core_min } else { 0.0 };
    // The story as stage 1 sees it: the maximum-sum run where lines scored as copy count for
    // their length and lines scored as furniture against it.
    let story = {
        let (mut best, mut best_range) = (0.0f32, 0..0);
        let (mut sum, mut start) = (0.0f32, 0);
        for j in 0..n {
            let chars = page.shapes[j].chars as f32;
            let w = if scores[j] < 0.0 { chars } else { -chars };
            if sum <= 0.0 {
                sum = 0.0;
                start = j;
            }
            sum += w;
            if sum > best {
                best = sum;
                best_range = start..j + 1;
            }
        }
        best_range
    };
    let mut out = Vec::with_capacity(n * N2);
    for j in 0..n {
        // Past either end of the page a neighbour's score is the line's own.
        let at = |k: Option<usize>| k.map_or(scores[j], |k| scores[k]);
        out.extend_from_slice(page.row(j));
        let p1 = at(j.checked_sub(1));
        let n1 = at((j + 1 < n).then_some(j + 1));
        let g = &page.groups[page.group_of[j]];
        let run = &page.short_run[j];
        out.extend_from_slice(&[
            scores[j],
            p1,
            n1,
            at(j.checked_sub(2)),
            at((j + 2 < n).then_some(j + 2)),
            mean(j.saturating_sub(3), (j + 4).min(n)),
            mean(j.saturating_sub(10), (j + 11).min(n)),
            mean(g.start, g.end),
            p1.min(n1),
            p1.max(n1),
            if run.is_empty() { scores[j] } else { mean(run.start, run.end) },
            core_min,
            story.contains(&j) as u8 as f32,
            ln1(story.start.saturating_sub(j) as f32),
            ln1((j + 1).saturating_sub(story.end) as f32),
        ]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// [`word_keys_into`] as first written: split, lowercase, hash, keep 40.
    fn word_keys_reference(text: &str) -> Vec<u64> {
        let mut keys: Vec<u64> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .take(40)
            .map(|w| w.chars().flat_map(char::to_lowercase).fold(0xcbf2_9ce4_8422_2325, |h, c| fnv(h, c as u32)))
            .collect();
        keys.sort_unstable();
        keys.dedup();
        keys
    }

    #[test]
    fn word_keys_of_mixed_scripts_and_long_lines() {
        let mut keys = Vec::new();
        for text in ["", "İstanbul’s ΣΊΣΥΦΟΣ and straße", "a-b c'd 12 ½ x", &"word ".repeat(60), "東京 2025"] {
            word_keys_into(text, &mut keys);
            assert_eq!(keys, word_keys_reference(text), "{text:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn word_keys_equal_the_reference(text in "\\PC{0,200}") {
            let mut keys = Vec::new();
            word_keys_into(&text, &mut keys);
            prop_assert_eq!(keys, word_keys_reference(&text));
        }
    }
}
