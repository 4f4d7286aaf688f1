//! Draft: a text prepared once per check — its lines, the regions that are not prose, and the
//! spans of direct quotes — so that every rule reads the same structure.

use std::ops::Range;
use std::sync::LazyLock;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag};
use regex::Regex;

/// How the text is to be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// Plain text: every byte is prose except bare URLs.
    Plain,
    /// CommonMark: front matter, code, HTML, autolinks and bare URLs are not prose.
    Markdown,
}

impl Format {
    /// The format for a file name: Markdown for `.md`, `.markdown`, `.mdx`; plain otherwise.
    pub fn from_path(path: &str) -> Format {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".md") || lower.ends_with(".markdown") || lower.ends_with(".mdx") {
            Format::Markdown
        } else {
            Format::Plain
        }
    }

    /// The format for an LSP `languageId`: Markdown for `markdown`/`mdx`, plain otherwise.
    pub fn from_language_id(id: &str) -> Format {
        match id {
            "markdown" | "mdx" => Format::Markdown,
            _ => Format::Plain,
        }
    }
}

/// A draft ready for the rules. All offsets are **byte offsets** into `text`.
#[derive(Debug)]
pub struct Draft<'a> {
    /// The whole text as given.
    pub text: &'a str,
    /// How it was parsed.
    pub format: Format,
    /// Each line's content range, without its terminator (`\n`, `\r\n` or a lone `\r`, the
    /// three line breaks LSP counts). A text ending in a line break has an empty last line.
    lines: Vec<Range<usize>>,
    /// Sorted, disjoint ranges that are not prose (front matter, code, HTML, URLs).
    non_prose: Vec<Range<usize>>,
    /// Sorted ranges of direct quotes, quotation marks included. A quote left open runs to the
    /// end of its paragraph (multi-paragraph quotes re-open each paragraph).
    quotes: Vec<Range<usize>>,
    /// Markdown only: sorted ranges of raw HTML (HTML blocks and inline HTML, comments
    /// included), where suppression directives live. Empty for plain text.
    html: Vec<Range<usize>>,
    /// Per line, the first and last line of its paragraph (see [`Draft::paragraph_at`]),
    /// computed on first use: walking the lines on every call made rules quadratic in a
    /// paragraph of thousands of lines.
    paragraph_bounds: std::sync::OnceLock<Vec<(u32, u32)>>,
}

/// A web address: `http://`, `https://` or `www.` up to white space, angle brackets or quotes.
/// It must start a word; [`find_urls`] checks that (a Unicode `\b` here would stop the regex
/// crate's fast DFA on every non-ASCII character).
static URL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"(?i)(?:https?://|www\.)[^\s<>"“”]+"#).unwrap());

/// An e-mail address (ASCII: Unicode `\w` classes make this regex slow to compile, and every
/// draft with an `@` would pay for it). Only run on white-space-delimited tokens that contain
/// `@` (an address cannot contain white space), so the text is scanned by `memchr`, not by
/// this regex.
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)[A-Za-z0-9_.+-]+@[A-Za-z0-9_-]+\.[A-Za-z0-9_.-]+(?-u:\b)").unwrap()
});

/// Byte ranges of web and e-mail addresses in `text`, sorted by start (they may overlap; the
/// caller merges them).
fn find_urls(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(m) = URL.find_at(text, at) {
        let word_start = !text[..m.start()].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_');
        if word_start {
            out.push(m.range());
            at = m.end();
        } else {
            // Not at the start of a word (`xhttp://…`): look again just after this start, as a
            // `\b` would have let a later address inside this match through.
            at = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
        }
    }
    let bytes = text.as_bytes();
    let mut token_end = 0;
    for at_sign in memchr::memchr_iter(b'@', bytes) {
        if at_sign < token_end {
            continue;
        }
        let start = text[..at_sign].rfind(char::is_whitespace).map_or(0, |i| i + text[i..].chars().next().map_or(1, char::len_utf8));
        let end = text[at_sign..].find(char::is_whitespace).map_or(text.len(), |i| at_sign + i);
        token_end = end;
        out.extend(EMAIL.find_iter(&text[start..end]).map(|m| start + m.start()..start + m.end()));
    }
    out.sort_by_key(|r| (r.start, r.end));
    out
}

impl<'a> Draft<'a> {
    /// Builds the draft: splits lines, finds non-prose regions and quote spans. Never fails:
    /// any UTF-8 string is a valid draft.
    pub fn new(text: &'a str, format: Format) -> Draft<'a> {
        let lines = split_lines(text);
        let mut non_prose: Vec<Range<usize>> = find_urls(text);
        let mut html = Vec::new();
        if format == Format::Markdown {
            non_prose.extend(markdown_non_prose(text, &mut html));
        }
        let non_prose = merge(non_prose);
        let html = merge(html);
        let quotes = find_quotes(text, &lines);
        Draft { text, format, lines, non_prose, quotes, html, paragraph_bounds: Default::default() }
    }

    /// Content ranges of all lines, without terminators.
    pub fn lines(&self) -> &[Range<usize>] {
        &self.lines
    }

    /// The content of line `i` (0-based), without its terminator.
    pub fn line_text(&self, i: usize) -> &'a str {
        &self.text[self.lines[i].clone()]
    }

    /// Line `i`'s range including its terminator (if any): what deleting the whole line removes.
    pub fn line_with_break(&self, i: usize) -> Range<usize> {
        let start = self.lines[i].start;
        let end = self.lines.get(i + 1).map_or(self.text.len(), |next| next.start);
        start..end
    }

    /// What deleting line `i` as a whole should remove: the line and its break, plus the
    /// following blank line when the line stood as a paragraph of its own between blank lines
    /// (so that deleting it leaves one paragraph gap, not two).
    pub fn line_removal(&self, i: usize) -> Range<usize> {
        let mut removal = self.line_with_break(i);
        let n = self.lines.len();
        let blank_before = i == 0 || self.is_blank(i - 1);
        if blank_before && i + 2 < n && self.is_blank(i + 1) {
            removal.end = self.line_with_break(i + 1).end;
        }
        removal
    }

    /// The 0-based line containing byte `offset` (offsets in a terminator belong to its line).
    pub fn line_index(&self, offset: usize) -> usize {
        self.lines.partition_point(|l| l.start <= offset).saturating_sub(1)
    }

    /// True when `range` touches no non-prose region (code, front matter, HTML, URL).
    pub fn is_prose(&self, range: &Range<usize>) -> bool {
        !intersects_any(&self.non_prose, range)
    }

    /// Sorted, disjoint non-prose ranges.
    pub fn non_prose(&self) -> &[Range<usize>] {
        &self.non_prose
    }

    /// True when `range` lies inside (or overlaps) a direct quote.
    pub fn in_quote(&self, range: &Range<usize>) -> bool {
        intersects_any(&self.quotes, range)
    }

    /// Sorted ranges of direct quotes, marks included.
    pub fn quotes(&self) -> &[Range<usize>] {
        &self.quotes
    }

    /// Markdown only: sorted, disjoint ranges of raw HTML (blocks and inline), where HTML
    /// comments such as suppression directives are. Empty for plain text.
    pub fn html(&self) -> &[Range<usize>] {
        &self.html
    }

    /// The byte range of the paragraph (run of non-blank lines) containing byte `offset`.
    /// (For an offset on a blank line: that line with the non-blank lines either side of it.)
    pub fn paragraph_at(&self, offset: usize) -> Range<usize> {
        let i = self.line_index(offset);
        let (first, last) = self.paragraph_bounds()[i];
        self.lines[first as usize].start..self.lines[last as usize].end
    }

    /// For each line `i`: the first line of the run of non-blank lines just before it (or `i`)
    /// and the last line of the run just after it (or `i`).
    fn paragraph_bounds(&self) -> &[(u32, u32)] {
        self.paragraph_bounds.get_or_init(|| {
            let n = self.lines.len();
            let blank: Vec<bool> = (0..n).map(|i| self.is_blank(i)).collect();
            let mut bounds = vec![(0u32, 0u32); n];
            for i in 0..n {
                bounds[i].0 = if i > 0 && !blank[i - 1] { bounds[i - 1].0 } else { i as u32 };
            }
            for i in (0..n).rev() {
                bounds[i].1 = if i + 1 < n && !blank[i + 1] { bounds[i + 1].1 } else { i as u32 };
            }
            bounds
        })
    }

    /// True when line `i` is empty or only white space (a paragraph break).
    pub fn is_blank(&self, i: usize) -> bool {
        self.line_text(i).trim().is_empty()
    }

    /// The lines containing the given byte offsets (ascending), as ascending, unique indices.
    /// Rules pass the match starts of one search over the whole text for an exact prefilter (a
    /// keyword every finding must contain), so that their per-line work runs on a few lines.
    pub fn lines_at(&self, offsets: impl IntoIterator<Item = usize>) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        for offset in offsets {
            let i = self.line_index(offset);
            if out.last() != Some(&i) {
                out.push(i);
            }
        }
        out
    }

    /// The part of this draft from the start of line `first` to the end of line `last`, its
    /// line break included, as a draft of its own: offsets in it start at 0 (add
    /// `self.line_with_break(first).start` to map back). Unlike `Draft::new` on the same text,
    /// it keeps what only the whole draft shows — which regions are code, front matter or HTML,
    /// and the direct quotes — clipped to the slice. Used to check paragraphs one at a time (see
    /// [`crate::incremental`]). Requires `first <= last < self.lines().len()`.
    pub fn slice_lines(&self, first: usize, last: usize) -> Draft<'a> {
        let start = self.lines[first].start;
        let end = self.line_with_break(last).end;
        // The lists are sorted and disjoint: find the first range ending after `start`.
        let clip = |ranges: &[Range<usize>]| -> Vec<Range<usize>> {
            let first = ranges.partition_point(|r| r.end <= start);
            ranges[first..]
                .iter()
                .take_while(|r| r.start < end)
                .map(|r| r.start.max(start) - start..r.end.min(end) - start)
                .collect()
        };
        Draft {
            text: &self.text[start..end],
            format: self.format,
            lines: self.lines[first..=last].iter().map(|l| l.start - start..l.end - start).collect(),
            non_prose: clip(&self.non_prose),
            quotes: clip(&self.quotes),
            html: clip(&self.html),
            paragraph_bounds: Default::default(),
        }
    }
}

fn intersects_any(sorted: &[Range<usize>], range: &Range<usize>) -> bool {
    // First region ending after range.start; it intersects when it starts before range.end
    // (an empty range intersects a region containing its point).
    let i = sorted.partition_point(|r| r.end <= range.start);
    sorted.get(i).is_some_and(|r| r.start < range.end.max(range.start + 1))
}

fn split_lines(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut lines = Vec::with_capacity(bytes.len() / 64 + 1);
    let mut start = 0;
    for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        if i < start {
            // The `\n` of a `\r\n` already consumed.
            continue;
        }
        lines.push(start..i);
        start = if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') { i + 2 } else { i + 1 };
    }
    lines.push(start..text.len());
    lines
}

fn merge(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// Non-prose ranges of a Markdown text; raw HTML ranges are also pushed to `html`.
fn markdown_non_prose(text: &str, html: &mut Vec<Range<usize>>) -> Vec<Range<usize>> {
    let options = Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH;
    let mut out = Vec::new();
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        if matches!(event, Event::Start(Tag::HtmlBlock) | Event::Html(_) | Event::InlineHtml(_)) {
            html.push(range.clone());
        }
        match event {
            Event::Start(Tag::CodeBlock(_))
            | Event::Start(Tag::MetadataBlock(_))
            | Event::Start(Tag::HtmlBlock)
            | Event::Code(_)
            | Event::Html(_)
            | Event::InlineHtml(_) => out.push(range),
            Event::Start(Tag::Link { link_type: LinkType::Autolink | LinkType::Email, .. }) => {
                out.push(range)
            }
            Event::Start(Tag::Link { ref dest_url, .. }) | Event::Start(Tag::Image { ref dest_url, .. }) => {
                // The destination is not prose; the link text is. Mark the destination where
                // it appears literally inside the link's source span.
                let span = &text[range.clone()];
                if let Some(pos) = span.rfind(dest_url.as_ref()).filter(|_| !dest_url.is_empty()) {
                    out.push(range.start + pos..range.start + pos + dest_url.len());
                }
            }
            _ => {}
        }
    }
    out
}

/// Finds direct quotes paragraph by paragraph. Curly quotes pair “ with ”; straight double
/// quotes alternate open/close. A quote still open at the end of its paragraph ends there.
fn find_quotes(text: &str, lines: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut quotes = Vec::new();
    let mut para_start: Option<usize> = None;
    let mut para_end = 0;
    let flush = |start: usize, end: usize, quotes: &mut Vec<Range<usize>>| {
        let para = &text[start..end];
        let bytes = para.as_bytes();
        let mut open: Option<usize> = None;
        // Only `"` (0x22) and `“` `”` (E2 80 9C, E2 80 9D) matter: jump between candidate bytes.
        for i in memchr::memchr2_iter(b'"', 0xE2, bytes) {
            let at = start + i;
            let mark = match bytes[i] {
                b'"' => '"',
                _ if bytes[i + 1..].starts_with(&[0x80, 0x9C]) => '“',
                _ if bytes[i + 1..].starts_with(&[0x80, 0x9D]) => '”',
                _ => continue,
            };
            match (mark, open) {
                ('“', _) => open = Some(at),
                ('”', Some(o)) => {
                    quotes.push(o..at + mark.len_utf8());
                    open = None;
                }
                ('"', None) => open = Some(at),
                ('"', Some(o)) => {
                    quotes.push(o..at + 1);
                    open = None;
                }
                _ => {}
            }
        }
        if let Some(o) = open {
            quotes.push(o..end);
        }
    };
    for line in lines {
        if text[line.clone()].trim().is_empty() {
            if let Some(s) = para_start.take() {
                flush(s, para_end, &mut quotes);
            }
        } else {
            para_start.get_or_insert(line.start);
            para_end = line.end;
        }
    }
    if let Some(s) = para_start {
        flush(s, para_end, &mut quotes);
    }
    quotes
}

#[cfg(test)]
mod tests {
    #[test]
    fn paragraph_at_is_the_run_of_non_blank_lines_around_an_offset() {
        let text = "One\ntwo\n\n  \nThree\nfour\nfive\n\nSix";
        let d = Draft::new(text, Format::Plain);
        let para = |needle: &str| &text[d.paragraph_at(text.find(needle).unwrap())];
        assert_eq!(para("two"), "One\ntwo");
        assert_eq!(para("four"), "Three\nfour\nfive");
        assert_eq!(para("Six"), "Six");
        // On a blank line: that line with the runs either side of it.
        assert_eq!(&text[d.paragraph_at(8)], "One\ntwo\n");
        assert_eq!(&text[d.paragraph_at(text.len())], "Six");
    }

    use super::*;

    #[test]
    fn lines_split_on_lf_crlf_and_lone_cr_only() {
        let d = Draft::new("a\r\nb\rc\u{2028}d\ne", Format::Plain);
        let lines: Vec<&str> = (0..d.lines().len()).map(|i| d.line_text(i)).collect();
        assert_eq!(lines, ["a", "b", "c\u{2028}d", "e"]);
        assert_eq!(d.line_with_break(0), 0..3);
        assert_eq!(d.line_index(4), 1);
    }

    #[test]
    fn markdown_code_front_matter_html_and_urls_are_not_prose() {
        let text = "---\ntitle: the the\n---\n\nSee `the the` and <!-- the the --> at https://x.org/the-the.\n\n```\nthe the\n```\n";
        let d = Draft::new(text, Format::Markdown);
        for (i, _) in text.match_indices("the the") {
            assert!(!d.is_prose(&(i..i + 7)), "offset {i} should not be prose");
        }
        let see = text.find("See").unwrap();
        assert!(d.is_prose(&(see..see + 3)));
    }

    #[test]
    fn plain_text_is_prose_except_urls() {
        let text = "Read more at www.example.com today";
        let d = Draft::new(text, Format::Plain);
        assert!(d.is_prose(&(0..9)));
        let w = text.find("www").unwrap();
        assert!(!d.is_prose(&(w..w + 3)));
    }

    #[test]
    fn quotes_pair_curly_and_straight_and_close_at_paragraph_end() {
        let text = "He said “no deal” and \"maybe\".\n\n“Open quote runs on\n\nNext paragraph.";
        let d = Draft::new(text, Format::Plain);
        let q: Vec<&str> = d.quotes().iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(q, ["“no deal”", "\"maybe\"", "“Open quote runs on"]);
    }
}
