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
}

static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b(?:https?://|www\.)[^\s<>"“”]+|\b[\w.+-]+@[\w-]+\.[\w.-]+\b"#).unwrap()
});

impl<'a> Draft<'a> {
    /// Builds the draft: splits lines, finds non-prose regions and quote spans. Never fails:
    /// any UTF-8 string is a valid draft.
    pub fn new(text: &'a str, format: Format) -> Draft<'a> {
        let lines = split_lines(text);
        let mut non_prose: Vec<Range<usize>> = URL.find_iter(text).map(|m| m.range()).collect();
        let mut html = Vec::new();
        if format == Format::Markdown {
            non_prose.extend(markdown_non_prose(text, &mut html));
        }
        let non_prose = merge(non_prose);
        let html = merge(html);
        let quotes = find_quotes(text, &lines);
        Draft { text, format, lines, non_prose, quotes, html }
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
    pub fn paragraph_at(&self, offset: usize) -> Range<usize> {
        let i = self.line_index(offset);
        let mut first = i;
        while first > 0 && !self.is_blank(first - 1) {
            first -= 1;
        }
        let mut last = i;
        while last + 1 < self.lines.len() && !self.is_blank(last + 1) {
            last += 1;
        }
        self.lines[first].start..self.lines[last].end
    }

    /// True when line `i` is empty or only white space (a paragraph break).
    pub fn is_blank(&self, i: usize) -> bool {
        self.line_text(i).trim().is_empty()
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
    let mut lines = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                lines.push(start..i);
                i += 1;
                start = i;
            }
            b'\r' => {
                lines.push(start..i);
                i += if bytes.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
                start = i;
            }
            _ => i += 1,
        }
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
        let mut open: Option<usize> = None;
        for (i, c) in para.char_indices() {
            let at = start + i;
            match (c, open) {
                ('“', None) => open = Some(at),
                ('“', Some(_)) => open = Some(at),
                ('”', Some(o)) => {
                    quotes.push(o..at + c.len_utf8());
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
