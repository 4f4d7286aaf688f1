//! Flags a direct quote with no attribution: no `said`, `told`, `according to` or other speech
//! word in its paragraph or the paragraphs on either side.
//!
//! ## What it flags
//! The opening mark of a direct quote — a quoted passage of six words or more that is not a
//! title in capitals — in a paragraph where neither the paragraph (outside its quotes) nor the
//! paragraph before or after it has an attribution: a speech verb (`said`, `says`, `told`,
//! `added`, `asked`, `wrote`, `tweeted`, `explained`, `according to`…), or a colon leading
//! into the quote (`The statement read: “…”`). A quote running over several paragraphs (each
//! paragraph re-opening it) counts as one: attribution once, anywhere in it or next to it, is
//! enough.
//!
//! ## Why
//! Readers must know who is speaking. A quote without attribution reads as the reporter's
//! own claim, and a paragraph moved in editing can leave a quote stranded far from its
//! speaker.
//!
//! ## Example
//! ```text
//! The council approved the budget on Monday.
//!
//! “This is the best deal we could get for the city’s libraries.”
//!
//! The vote was 7-2.
//! ```
//!
//! ## Fix
//! None: only the editor knows who said it.
//!
//! ## Not flagged
//! - Quotes with an attribution in the same paragraph, the one before or the one after.
//! - Short quoted phrases, scare quotes and titles: `a “historic” day`, `the film “The Last
//!   Picture Show”`.
//! - The later paragraphs of an attributed multi-paragraph quote.
//! - Headlines, Markdown block quotes (`>` epigraphs), code, and paragraphs that are not
//!   English.

use std::ops::Range;

use crate::diagnostic::{Diagnostic, Severity};
use crate::draft::Draft;
use crate::rules::prose::English;
use crate::rules::{Context, FixAvailability, RuleMeta};

/// Registry entry.
pub static META: RuleMeta = RuleMeta {
    name: "attribution",
    code: "CD208",
    summary: "A direct quote with no attribution in or next to its paragraph",
    default_severity: Severity::Info,
    default_enabled: false,
    style_pack: true,
    fix: FixAvailability::None,
    unnecessary: false,
    source: include_str!("attribution.rs"),
    check,
};

/// Words that attribute speech or writing, lowercase, sorted (a test checks).
const SPEECH: &[&str] = &[
    "acknowledged", "acknowledges", "add", "added", "adding", "adds", "admits", "admitted", "agreed", "agrees",
    "announced", "announces", "answer", "answered", "answers", "argued", "argues", "asked", "asking", "asks",
    "boasted", "cautioned", "claimed", "claims", "comment", "commented", "comments", "complained", "conceded",
    "concluded", "confirmed", "continued", "continues", "cried", "declared", "denied", "described", "emphasised",
    "emphasized", "explain", "explained", "explains", "insisted", "insists", "interview", "joked", "laughed", "mused",
    "note", "noted", "notes", "observed", "pleaded", "pointed", "posted", "predicted", "promised", "quipped",
    "quoted", "quoting", "read", "reads", "recalled", "recalls", "recounted", "reiterated", "remarked", "replied",
    "replies", "reported", "responded", "responds", "said", "say", "saying", "says", "shouted", "sighed", "speaking",
    "speaks", "spoke", "stated", "statement", "states", "stressed", "suggested", "suggests", "tell", "telling",
    "tells", "testified", "thought", "told", "tweeted", "urged", "urges", "vowed", "vows", "warned", "warns",
    "whispered", "wondered", "wonders", "writes", "writing", "wrote", "yelled",
];

/// Words in a quote below which it is a quoted phrase rather than a direct quote.
const MIN_WORDS: usize = 6;

/// The paragraphs of the draft (runs of non-blank lines) as byte ranges.
fn paragraphs(draft: &Draft) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut current: Option<Range<usize>> = None;
    for (i, line) in draft.lines().iter().enumerate() {
        if draft.is_blank(i) {
            out.extend(current.take());
        } else {
            match current.as_mut() {
                Some(r) => r.end = line.end,
                None => current = Some(line.clone()),
            }
        }
    }
    out.extend(current);
    out
}

/// True when the quote at `q` is a direct quote: a real opening mark (not an inch mark after
/// a figure, not in parentheses, followed by text), a capital letter first (a partial quote
/// woven into the reporter's sentence, `called it “a compelling option”`, is not), enough
/// words, and not a title in capitals.
fn is_direct_quote(text: &str, q: &Range<usize>) -> bool {
    let quote = &text[q.clone()];
    let before = text[..q.start].chars().next_back();
    if before.is_some_and(|c| c.is_alphanumeric() || c == '(') {
        return false;
    }
    let mut inner = quote.chars().skip(1);
    if inner.clone().next().is_none_or(char::is_whitespace) {
        return false;
    }
    if !inner.find(|c| c.is_alphabetic()).is_some_and(char::is_uppercase) {
        return false;
    }
    let words: Vec<&str> = quote.split_whitespace().filter(|w| w.chars().any(char::is_alphabetic)).collect();
    if words.len() < MIN_WORDS {
        return false;
    }
    let long: Vec<&&str> = words.iter().filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() > 3).collect();
    let capitalised = long
        .iter()
        .filter(|w| w.trim_start_matches(|c: char| !c.is_alphabetic()).starts_with(char::is_uppercase))
        .count();
    !(long.len() >= 2 && capitalised * 10 >= long.len() * 7)
}

/// True when `text` (a paragraph with its quotes blanked out) attributes speech.
fn has_attribution(text: &str) -> bool {
    let lower = text.to_lowercase();
    if lower.contains("according to") {
        return true;
    }
    lower
        .split(|c: char| !c.is_alphabetic())
        .any(|w| !w.is_empty() && SPEECH.binary_search(&w).is_ok())
}

/// True when the paragraph is a credit line under a quote (`– Jane D.`, `— A reader`), as
/// reviews and testimonials are attributed.
fn is_dash_credit(paragraph: &str) -> bool {
    let t = paragraph.trim_start();
    (t.starts_with('–') || t.starts_with('—') || t.starts_with("- ")) && t.split_whitespace().count() <= 8
}

/// The paragraph's text with every quote replaced by spaces, and whether a colon leads into
/// one of its quotes (`The statement read: “…”`).
fn outside_quotes(draft: &Draft, para: &Range<usize>) -> (String, bool) {
    let mut text = draft.text[para.clone()].to_string();
    let mut colon = false;
    for q in quotes_starting_in(draft, para) {
        let (s, e) = (q.start - para.start, q.end.min(para.end) - para.start);
        if text[..s].trim_end().ends_with(':') {
            colon = true;
        }
        text.replace_range(s..e, &" ".repeat(e - s));
    }
    (text, colon)
}

/// The draft's quotes that start inside `range` (the quotes are sorted by start).
fn quotes_starting_in<'d>(draft: &'d Draft, range: &Range<usize>) -> &'d [Range<usize>] {
    let quotes = draft.quotes();
    let from = quotes.partition_point(|q| q.start < range.start);
    let to = quotes.partition_point(|q| q.start < range.end);
    &quotes[from..to]
}

/// True when the paragraph ends inside a quote left open and the next one re-opens a quote at
/// its start: the two belong to one multi-paragraph quote.
fn continues_into(draft: &Draft, para: &Range<usize>, next: &Range<usize>) -> bool {
    let open_at_end = quotes_starting_in(draft, para).iter().any(|q| q.end == para.end && {
        let last = draft.text[..q.end].chars().next_back();
        !matches!(last, Some('”' | '"'))
    });
    let next_text = draft.text[next.clone()].trim_start();
    open_at_end && next_text.starts_with(['“', '"'])
}

fn check(ctx: &Context) -> Vec<Diagnostic> {
    let draft = ctx.draft;
    let paras = paragraphs(draft);
    let mut english = English::new(draft.text);
    let attributed: Vec<bool> = paras
        .iter()
        .map(|p| {
            let (outside, colon) = outside_quotes(draft, p);
            colon || has_attribution(&outside) || is_dash_credit(&draft.text[p.clone()])
        })
        .collect();
    let mut out = Vec::new();
    let mut k = 0;
    while k < paras.len() {
        // The chain of paragraphs forming one (possibly multi-paragraph) quote unit.
        let mut last = k;
        while last + 1 < paras.len() && continues_into(draft, &paras[last], &paras[last + 1]) {
            last += 1;
        }
        let unit = paras[k].start..paras[last].end;
        let first_quote = quotes_starting_in(draft, &unit).iter().find(|q| is_direct_quote(draft.text, q));
        if let Some(q) = first_quote {
            let before = k.checked_sub(1).is_some_and(|b| attributed[b]);
            let after = last + 1 < paras.len() && attributed[last + 1];
            let within = (k..=last).any(|j| attributed[j]);
            let line = draft.line_text(draft.line_index(q.start)).trim_start();
            let block_quote = line.starts_with('>');
            if !(before || within || after || block_quote) && english.at(draft, q.start) && draft.is_prose(q) {
                let mark = q.start..q.start + draft.text[q.start..].chars().next().map_or(1, char::len_utf8);
                out.push(META.diagnostic(
                    mark,
                    "direct quote with no attribution in its paragraph or the paragraphs around it",
                ));
            }
        }
        k = last + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Settings, Style};
    use crate::rules::testing::*;

    fn ap() -> Settings {
        Settings { style: Style::Ap, ..Settings::default() }
    }

    #[test]
    fn speech_words_are_sorted_for_binary_search() {
        let mut sorted = SPEECH.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, SPEECH);
    }

    #[test]
    fn flags_a_stranded_quote() {
        assert_marked_with(
            &META,
            &ap(),
            "The council approved the budget on Monday.\n\nThe libraries gain the most.\n\n“This is the best deal we could get for the city’s libraries.”\n^\n\nThe vote was 7-2.\n\nWork starts in May.\n",
        );
    }

    #[test]
    fn attribution_in_or_next_to_the_paragraph_is_enough() {
        assert_clean_with(
            &META,
            &ap(),
            &[
                "“This is the best deal we could get for the city,” the mayor said.",
                "The mayor was pleased.\n\n“This is the best deal we could get for the city.”\n\nShe spoke after the vote.",
                "The mayor spoke after the vote.\n\n“This is the best deal we could get for the city.”",
                "“This is the best deal we could get for the city.”\n\nThat was how the mayor put it, according to aides.",
                "The statement read: “This is the best deal we could get for the city.”",
                "It was a “historic” day for the “city of lights”.",
                "In our review we called it “a very compelling option for many households.”",
                "She denied it before (“We have not spoken to them at all, ever”) and again.",
                "The monitor has a 34\" panel and the TV a 70\" screen, both of them curved.",
                "“The show was great and the seats were comfortable, we loved it.”\n\n– Ann B.",
                "They watched “The Last Picture Show Of The Long Summer Season” again.",
                "> “Nothing in life is to be feared, it is only to be understood.”\n\nThe exhibition opens Friday.",
            ],
        );
    }

    #[test]
    fn a_multi_paragraph_quote_needs_attribution_once() {
        assert_clean_with(
            &META,
            &ap(),
            &["Officials met on Monday.\n\n“We will rebuild,” the mayor said. “It will take years.\n\n“But we will do it, street by street, house by house.\n\n“Every family will have a home again before winter.”\n\nThe council meets next week.\n\nIt will vote then."],
        );
        assert_marked_with(
            &META,
            &ap(),
            "Officials met on Monday.\n\nThe storm was the worst in years.\n\n“It will take years to rebuild the town.\n^\n\n“Every family will have a home again before winter.”\n\nThe council meets next week.\n",
        );
    }

    #[test]
    fn offers_no_fix_so_fix_all_leaves_the_text_alone() {
        let text = "The vote was close.\n\n“This is the best deal we could get for the city.”\n\nIt passed.\n";
        assert_eq!(offered_fixes_with(&META, &ap(), text), []);
        assert_fix_with(&META, &ap(), text, text);
    }

    #[test]
    fn runs_only_with_a_pack() {
        assert_eq!(Settings::default().level(&META), None);
    }
}
