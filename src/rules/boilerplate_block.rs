//! Flags blocks of web-page furniture in a pasted page: navigation menus, cookie banners,
//! share bars, related-link and "most read" lists, comment prompts, author boxes and footers.
//!
//! ## What it flags
//! Runs of lines that read as page furniture rather than copy, judged from the plain text
//! alone: short title-case lines in a row (menus, link lists), lines that appear more than
//! once in the draft, consent, legal, share, subscription and comment vocabulary, little or
//! no sentence punctuation and few function words, and where the lines sit relative to the
//! densest run of prose, which is where the story is. A short line between two furniture
//! lines is furniture; between two paragraphs of copy it is a subheading. One finding per
//! contiguous block, saying what the block looks like (`navigation menu: 14 short title-case
//! lines`). The lines are scored by a small gradient-boosted model (`data/`) trained on real
//! pages by `scripts/bench/train_boilerplate.py`.
//!
//! ## Why
//! Reporters paste whole web pages into drafts as source material, and wire or CMS copy
//! arrives with page furniture still in it. A phrase list (`web-boilerplate`) catches known
//! labels one line at a time; a menu of forty section names or a list of ten related
//! headlines needs to be seen as a block.
//!
//! ## Example
//! ```text
//! Home
//! World
//! Business
//! Sport
//! Culture
//!
//! Council approves new flood barrier for the harbour
//!
//! The city council voted on Tuesday to build a flood barrier across the harbour mouth.
//! ```
//! The first five lines are flagged as a navigation menu.
//!
//! ## Fix
//! "Remove block" deletes the block's lines and the blank lines after it. The fix is safe
//! (applied by `check --fix` and fix-all) only when every line of the block scores as
//! furniture with high confidence, none of them could be the story's own prose, headline,
//! byline or dateline, and the block shows furniture evidence of its own: outside the story,
//! at least two of its lines carry furniture vocabulary (consent, legal, share, account,
//! navigation, comment, promotion, author words) or are repeated elsewhere in the draft, so
//! that a fact box or a list of dates and prices closing a story is never removed unasked.
//! In a block with that evidence on a quarter of its lines, lines scored as furniture with
//! less confidence are removed too. Otherwise the fix is offered as an unsafe quick fix.
//!
//! ## Not flagged
//! - The story's headline, byline, dateline, subheadings and captions.
//! - Short paragraphs, one-line quotes and bulleted lists inside the story.
//! - Copy in other languages: the signals are measured the same way in any language, and
//!   function words are counted for several languages.
//! - Lines already flagged on their own by `web-boilerplate` at the edges of a block (that
//!   rule removes them), and lines with URLs or Markdown code.

use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::{Edit, Fix};
use crate::page::features::{End, Page, DATE_FAMILY};
use crate::page;
use crate::page::model::{Model, MODEL};
use crate::rules::{Context, FixAvailability, RuleMeta};
use crate::suppress::Suppressions;

/// Registry entry.
pub static META: RuleMeta = RuleMeta {
    name: "boilerplate-block",
    code: "CD106",
    summary: "A block of web-page furniture (menu, cookie banner, link list, footer…)",
    default_severity: Severity::Warning,
    default_enabled: true,
    style_pack: false,
    fix: FixAvailability::Sometimes,
    unnecessary: true,
    source: include_str!("boilerplate_block.rs"),
    check,
};

/// The decision thresholds (probabilities of furniture), from the model file where it sets
/// them (`threshold flag|safe|story VALUE`, chosen by the training script), else these.
struct Thresholds {
    /// A line is flagged from this up.
    flag: f32,
    /// A line's fix is safe from this up, outside the story.
    safe: f32,
    /// Inside the story (between its first and last paragraph of copy) a line's fix is safe
    /// only from this up, and never when the line reads as a sentence.
    story: f32,
    /// Far from the story (more than [`FAR`] non-blank lines away) a line's fix is safe from
    /// this up.
    far: f32,
    /// Outside the story, a block's fix is safe only when at least this many of its lines
    /// carry furniture evidence of their own (see [`evidence`]) …
    evidence_lines: f32,
    /// … and at least this share of them.
    evidence_share: f32,
    /// Outside the story, a line scored between `flag` and the safe threshold gets a safe fix
    /// from this probability up when its block is well evidenced (`promote_share` of its
    /// lines, and at least two). Above 1: never.
    promote: f32,
    /// The share of evidenced lines a block needs for `promote`.
    promote_share: f32,
}

/// Distance from the story, in non-blank lines, beyond which the `far` threshold applies.
const FAR: usize = 25;

impl Thresholds {
    fn of(model: &Model) -> Thresholds {
        Thresholds {
            flag: model.threshold("flag", 0.5),
            safe: model.threshold("safe", 0.8),
            story: model.threshold("story", 0.95),
            far: model.threshold("far", model.threshold("safe", 0.8)),
            evidence_lines: model.threshold("evidence_lines", 2.0),
            evidence_share: model.threshold("evidence_share", 0.0),
            promote: model.threshold("promote", 0.6),
            promote_share: model.threshold("promote_share", 0.25),
        }
    }
}
/// How far before the story's first paragraph (in non-blank lines) its headline, byline and
/// dateline are looked for.
const HEAD_ZONE: usize = 15;

/// What the rule does with one non-blank line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verdict {
    Keep,
    Unsafe,
    Safe,
}

fn check(ctx: &Context) -> Vec<Diagnostic> {
    check_with(ctx, &MODEL)
}

/// The rule's findings with a given model (the training script evaluates candidate models
/// through `examples/page_features.rs`; the rule itself always uses the shipped one).
pub fn check_with(ctx: &Context, model: &Model) -> Vec<Diagnostic> {
    let draft = ctx.draft;
    let (page, scores) = page::classify_with(draft, model);
    let (verdicts, _) = verdicts(draft, &page, &scores, &Thresholds::of(model));
    let n = verdicts.len();
    let repeated = if verdicts.iter().any(|v| *v != Verdict::Keep) { repeated(&page) } else { Vec::new() };
    let mut out = Vec::new();
    let mut j = 0;
    while j < n {
        let level = verdicts[j];
        if level == Verdict::Keep {
            j += 1;
            continue;
        }
        let start = j;
        while j < n && verdicts[j] == level {
            j += 1;
        }
        // Leave phrase lines at the edges to `web-boilerplate`, so that the two rules' fixes
        // do not overlap there.
        let (mut a, mut b) = (start, j);
        while a < b && page.shapes[a].phrase {
            a += 1;
        }
        while b > a && page.shapes[b - 1].phrase {
            b -= 1;
        }
        if a < b {
            out.push(block(ctx, &page, &repeated, a, b, level == Verdict::Safe));
        }
    }
    out
}

/// Each non-blank line's draft line index, furniture probability and the reason for its
/// decision (`keep:…`, `unsafe:…` or `safe`) under `model`, for study (`examples/page_features.rs decisions`).
pub fn decisions_with(draft: &crate::draft::Draft, model: &Model) -> Vec<(usize, f32, &'static str)> {
    let (page, scores) = page::classify_with(draft, model);
    let (_, reasons) = verdicts(draft, &page, &scores, &Thresholds::of(model));
    scores.iter().zip(reasons).map(|(s, r)| (s.line, s.furniture, r)).collect()
}

/// Decides every non-blank line: keep it, flag it with an unsafe fix, or flag it with a safe
/// one.
/// Decides every non-blank line, with the reason for each decision (for study).
fn verdicts(
    draft: &crate::draft::Draft,
    page: &Page,
    scores: &[page::LineScore],
    t: &Thresholds,
) -> (Vec<Verdict>, Vec<&'static str>) {
    let n = scores.len();
    let p: Vec<f32> = scores.iter().map(|s| s.furniture).collect();
    let shapes = &page.shapes;
    let sentence = |j: usize| shapes[j].is_prose() || (shapes[j].words >= 6 && shapes[j].end == End::Sentence);
    // Marked as furniture: a third or more of its words are furniture vocabulary (the `date`
    // family aside), or it is a phrase line, an address, a bare time stamp (`2H ago`), or has
    // no words at all.
    let marked = |j: usize| {
        let s = &shapes[j];
        let stamp = s.words <= 4 && (s.vocab[DATE_FAMILY] > 0 || s.years > 0) && s.end != End::Sentence;
        s.vocab_total() * 3 >= s.words.max(1) || s.phrase || s.words == 0 || s.url || stamp
    };
    // The story: the run of lines where prose scored as copy outweighs lines scored as
    // furniture, by characters (a maximum-sum segment), trimmed to its first and last
    // paragraph of copy.
    let story = {
        let (mut best, mut best_range) = (0.0f32, 0..0);
        let (mut sum, mut start) = (0.0f32, 0);
        for j in 0..n {
            let chars = shapes[j].chars as f32;
            let w = if p[j] < t.flag && shapes[j].is_prose() {
                chars
            } else if p[j] >= t.flag {
                -chars
            } else {
                0.0
            };
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
        let copy = |j: &usize| p[*j] < t.flag && shapes[*j].is_prose();
        match (best_range.clone().find(copy), best_range.clone().rev().find(copy)) {
            (Some(a), Some(b)) => a..b + 1,
            _ => 0..0,
        }
    };
    let (mut protected, headline) = head_of_story(page, story.start, story.is_empty());
    // The first line of prose is the headline, even after Markdown front matter; a Markdown
    // heading is the author's own structure; a line with a photo credit is a caption. All
    // three are copy of the story.
    if let Some(first) = (0..n).find(|&j| draft.is_prose(&draft.lines()[page.lines[j]])) {
        protected[first] = true;
    }
    // (Asked only of lines scored as furniture: the credit patterns are regular expressions.)
    // A setext heading (a line underlined with `===` or `---`) counts too: the underline and
    // the line above it.
    let underline = |line: usize| {
        let t = draft.line_text(line).trim();
        !t.is_empty() && (t.chars().all(|c| c == '=') || t.chars().all(|c| c == '-'))
    };
    let heading_or_caption = |j: usize| {
        let line = page.lines[j];
        let text = draft.line_text(line);
        let markdown = draft.format == crate::draft::Format::Markdown;
        let heading = markdown
            && (text.trim_start().starts_with('#')
                || underline(line)
                || (line + 1 < draft.lines().len() && !draft.is_blank(line) && underline(line + 1)));
        heading || crate::rules::photo_credit::has_credit(text)
    };
    let directives = Suppressions::parse(draft);
    // A page carries furniture words somewhere above and below its story (a menu with `Home`
    // or `Search`, a footer with `©` or `Privacy`); when the lines before the story, or after
    // it, carry none, they belong to the story (a standfirst, a closing Q&A or fact box).
    let words_mark = |k: usize| shapes[k].phrase || shapes[k].vocab_total() * 3 >= shapes[k].words.max(1);
    let head_marked = (0..story.start).any(words_mark);
    let tail_marked = (story.end..n).any(words_mark);
    let (mut out, mut why): (Vec<Verdict>, Vec<&'static str>) = (0..n)
        .map(|j| {
            // A draft without a paragraph of copy is not a pasted page with a story in it (a
            // note, a list, a headline alone): there is nothing to tell furniture from.
            if story.is_empty() {
                return (Verdict::Keep, "keep:no-story");
            }
            if p[j] < t.flag {
                return (Verdict::Keep, "keep:copy");
            }
            if directives.touches_directive(&draft.lines()[page.lines[j]]) {
                return (Verdict::Keep, "keep:directive");
            }
            if protected[j] || heading_or_caption(j) {
                return (Verdict::Keep, "keep:head-of-story");
            }
            if !draft.is_prose(&draft.lines()[page.lines[j]]) {
                return (Verdict::Keep, "keep:not-prose");
            }
            if (j < story.start && !head_marked) || (j >= story.end && !tail_marked) {
                return (Verdict::Keep, "keep:unmarked-page");
            }
            if !story.contains(&j) {
                let far = j + FAR < story.start || j >= story.end + FAR;
                let bar = if far { t.far.min(t.safe) } else { t.safe };
                return if p[j] >= bar { (Verdict::Safe, "safe") } else { (Verdict::Unsafe, "unsafe:unsure") };
            }
            if sentence(j) {
                (Verdict::Unsafe, "unsafe:story-sentence")
            } else if p[j] < t.story {
                (Verdict::Unsafe, "unsafe:story-unsure")
            } else {
                (Verdict::Safe, "safe")
            }
        })
        .unzip();
    // The first line is kept as the story's headline, unless it is the page title repeating a
    // headline found further down (`Headline | Site name`) and everything between the two goes
    // in the same pass: then the headline becomes the first line, so the next pass keeps it.
    if let Some(h) = headline {
        let overlap = crate::page::features::STAGE1_NAMES.iter().position(|f| *f == "title_overlap").unwrap_or(0);
        let cleared = (1..h).all(|k| out[k] == Verdict::Safe || shapes[k].phrase);
        if page.row(h)[overlap] >= 0.9 && cleared && p[0] >= t.flag && draft.is_prose(&draft.lines()[page.lines[0]]) {
            out[0] = Verdict::Safe;
            why[0] = "safe:title";
        }
    }
    // Inside the story a run of lines scored as furniture is flagged only when something marks
    // it as such: a third of its lines marked, or a heading just above it that is a phrase
    // line or mostly furniture words. Lists, tables and subheadings of the story itself carry
    // no such marks.
    let mut j = story.start;
    while j < story.end {
        if out[j] == Verdict::Keep {
            j += 1;
            continue;
        }
        let a = j;
        while j < story.end && out[j] != Verdict::Keep {
            j += 1;
        }
        let marked_lines = (a..j).filter(|&k| marked(k)).count();
        if !(a > 0 && words_mark(a - 1)) && marked_lines * 3 < j - a {
            out[a..j].iter_mut().for_each(|v| *v = Verdict::Keep);
            why[a..j].iter_mut().for_each(|w| *w = "keep:story-unmarked");
        }
    }
    // Outside the story a run of flagged lines is judged as a block: its fix is safe only when
    // enough of its lines carry evidence of furniture of their own, since a fact box, a list
    // of dates and prices or a cast list closing a clean story scores like a footer line by
    // line, but carries no consent, share or navigation words and repeats nothing. A block
    // with strong evidence makes its less certain lines safe too.
    let evidenced = evidence(page);
    let mut j = 0;
    while j < n {
        if out[j] == Verdict::Keep || story.contains(&j) {
            j += 1;
            continue;
        }
        let a = j;
        while j < n && out[j] != Verdict::Keep && !story.contains(&j) {
            j += 1;
        }
        let marks = (a..j).filter(|&k| evidenced[k]).count() as f32;
        let len = (j - a) as f32;
        let proven = marks >= t.evidence_lines && marks >= t.evidence_share * len;
        let strong = marks >= 2.0 && marks >= t.promote_share * len;
        for k in a..j {
            if out[k] == Verdict::Safe && why[k] == "safe" && !proven {
                (out[k], why[k]) = (Verdict::Unsafe, "unsafe:block-unproven");
            } else if out[k] == Verdict::Unsafe && why[k] == "unsafe:unsure" && proven && strong && p[k] >= t.promote {
                (out[k], why[k]) = (Verdict::Safe, "safe:block");
            }
        }
    }
    (out, why)
}

/// Which non-blank lines carry evidence of furniture of their own, whatever the model scores:
/// a third or more of their words are furniture vocabulary (the `date` family aside), they are
/// one of `web-boilerplate`'s phrases, or the same line appears elsewhere in the draft (a menu
/// or a link repeated at the top and the bottom of a page).
fn evidence(page: &Page) -> Vec<bool> {
    let repeated = repeated(page);
    page.shapes
        .iter()
        .zip(repeated)
        .map(|(s, again)| s.phrase || s.vocab_total() * 3 >= s.words.max(1) || again)
        .collect()
}

/// Per non-blank line: whether the same line (letters and digits, any case) appears elsewhere
/// in the draft.
fn repeated(page: &Page) -> Vec<bool> {
    page.repeats.iter().map(|&r| r > 0).collect()
}

/// Marks the story's headline, standfirst, byline and dateline, which are copy whatever their
/// shape. The first line is kept (a pasted page starts with its title, a draft with its
/// headline). Before the story's first paragraph (and in the first few lines after it): lines
/// shaped like a byline or a dateline, the headline — the line sharing most of the first
/// line's words — and, between the headline and the story, sentences without furniture
/// vocabulary (the standfirst).
fn head_of_story(page: &Page, start: usize, no_story: bool) -> (Vec<bool>, Option<usize>) {
    let n = page.lines.len();
    let mut protected = vec![false; n];
    if n == 0 {
        return (protected, None);
    }
    protected[0] = true;
    let (lo, hi) = if no_story { (0, n.min(HEAD_ZONE)) } else { (start.saturating_sub(HEAD_ZONE), (start + 3).min(n)) };
    let coverage = crate::page::features::STAGE1_NAMES.iter().position(|f| *f == "title_coverage").unwrap_or(0);
    let mut headline: Option<(usize, f32)> = None;
    for j in lo..hi {
        let s = &page.shapes[j];
        let c = page.row(j)[coverage];
        if j > 0 && c >= 0.5 && headline.is_none_or(|(_, best)| c >= best) {
            headline = Some((j, c));
        }
        let short = s.words <= 14 && s.end != End::Sentence || s.words <= 8;
        let dated = s.vocab[DATE_FAMILY] > 0 || s.years > 0 || s.digits >= 4;
        if short && (s.byline || s.has_by || dated) {
            protected[j] = true;
        }
    }
    if let Some((h, _)) = headline {
        protected[h] = true;
        for j in h + 1..start.min(n) {
            let s = &page.shapes[j];
            if s.words >= 8 && s.end == End::Sentence && s.vocab_total() == 0 && !s.phrase {
                protected[j] = true;
            }
        }
    }
    (protected, headline.map(|(h, _)| h))
}

/// The finding for non-blank lines `a..b` (indices into `page.lines`).
fn block(ctx: &Context, page: &Page, repeated: &[bool], a: usize, b: usize, safe: bool) -> Diagnostic {
    let draft = ctx.draft;
    let first = draft.lines()[page.lines[a]].clone();
    let last = draft.lines()[page.lines[b - 1]].clone();
    let raw = draft.line_text(page.lines[a]);
    let lead = raw.len() - raw.trim_start().len();
    let span = first.start + lead..last.start + draft.line_text(page.lines[b - 1]).trim_end().len();
    // Delete through the blank lines that follow, up to the next non-blank line; at the end of
    // the draft, keep the line break of the last line before the block.
    let removal = if b < page.lines.len() {
        first.start..draft.lines()[page.lines[b]].start
    } else if a > 0 {
        draft.line_with_break(page.lines[a - 1]).end..draft.text.len()
    } else {
        0..draft.text.len()
    };
    let message = describe(page, repeated, a, b);
    let fix = if safe {
        Fix::safe("Remove block", Edit::delete(removal))
    } else {
        Fix::unsafe_("Remove block", Edit::delete(removal))
    };
    META.diagnostic(span, message).with_fix(fix)
}

/// Says what the block looks like, from the lines' vocabulary and shape.
fn describe(page: &Page, repeated: &[bool], a: usize, b: usize) -> String {
    let shapes = &page.shapes[a..b];
    let n = shapes.len();
    let count = |f: usize| shapes.iter().filter(|s| s.vocab[f] > 0).count();
    let lines = |k: usize| if k == 1 { "1 line".to_string() } else { format!("{k} lines") };
    let consent = count(0);
    let legal = count(1);
    let share = count(2);
    let account = count(3);
    let comment = count(5);
    let author = count(7);
    let repeated = repeated[a..b].iter().filter(|&&again| again).count();
    let title_short = shapes.iter().filter(|s| s.is_title_short()).count();
    let headline_like =
        shapes.iter().filter(|s| s.words >= 5 && s.end != End::Sentence).count();
    if consent > 0 {
        format!("cookie or consent banner: {} with consent vocabulary", lines(consent))
    } else if legal > 0 && (legal * 4 >= n || page.lines.len() - b <= 3) {
        format!("footer: {} with copyright or legal vocabulary", lines(legal))
    } else if comment > 0 && comment * 3 >= n {
        format!("comment prompt: {} about comments", lines(comment))
    } else if share * 2 >= n {
        format!("share bar: {} of share buttons", lines(share))
    } else if account > 0 && account * 3 >= n {
        format!("subscription prompt: {} about accounts or newsletters", lines(account))
    } else if author > 0 && author * 3 >= n {
        format!("author box: {} about the author", lines(author))
    } else if title_short * 2 >= n && n >= 3 {
        format!("navigation menu: {title_short} short title-case lines")
    } else if headline_like * 2 >= n && n >= 3 {
        format!("link list: {headline_like} headline-like lines without sentence punctuation")
    } else if repeated * 2 >= n {
        format!("repeated furniture: {} that also appear elsewhere in the draft", lines(repeated))
    } else {
        format!("page furniture: {} with little running prose", lines(n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;
    use crate::draft::{Draft, Format};
    use crate::engine;
    use crate::fix::Applicability;
    use crate::rules::testing::*;

    const PAGE: &str = include_str!("../../tests/fixtures/pages/pasted-page.txt");
    const PAGE_ES: &str = include_str!("../../tests/fixtures/pages/pasted-page-es.txt");
    const STRUCTURED: &str = include_str!("../../tests/fixtures/pages/story-with-structure.txt");
    const STORY_ES: &str = include_str!("../../tests/fixtures/pages/story-es.txt");
    const STORY_DE: &str = include_str!("../../tests/fixtures/pages/story-de.txt");
    const STORY_ID: &str = include_str!("../../tests/fixtures/pages/story-id.txt");
    const CLEAN: &str = include_str!("../../examples/clean-story.txt");
    const WIRE: &str = include_str!("../../tests/fixtures/wire-story.txt");

    /// The lines of the pasted page that are the story (headline, byline, dateline, copy,
    /// subheading).
    const STORY_LINES: &[&str] = &[
        "Council approves flood barrier for the harbour",
        "By Maria Okafor",
        "Published 12 March 2025, 09:14",
        "The city council voted on Tuesday",
        "The barrier, a line of steel gates",
        "“We have waited long enough,”",
        "Opposition councillors argued",
        "Why now",
        "Three floods in the past five years",
        "The regional government has promised",
    ];

    fn findings(text: &str) -> Vec<Diagnostic> {
        engine::check_with(text, Format::Plain, &Settings::default(), &[&META]).diagnostics
    }

    fn flagged_text(text: &str) -> Vec<String> {
        findings(text).iter().map(|d| text[d.range.clone()].to_string()).collect()
    }

    #[test]
    fn flags_menus_link_lists_footers_and_banners_of_a_pasted_page() {
        let found = findings(PAGE);
        // Where a line starting with `needle` starts (not the page title, which repeats the
        // headline and is flagged with the menu below it).
        let covered = |needle: &str| {
            let at = PAGE.find(&format!("\n{needle}")).unwrap() + 1;
            found.iter().any(|d| d.range.start <= at && at < d.range.end)
        };
        for furniture in ["Obituaries", "Puzzles", "WhatsApp", "Library wins national design award", "Careers"] {
            assert!(covered(furniture), "{furniture:?} not flagged; found {:?}", flagged_text(PAGE));
        }
        for copy in STORY_LINES {
            assert!(!covered(copy), "story line {copy:?} flagged");
        }
        for d in &found {
            assert!(d.unnecessary);
            let fix = d.fix.as_ref().unwrap();
            assert_eq!(fix.title, "Remove block");
            assert!(d.message.contains(": "), "message says why: {:?}", d.message);
        }
        let menu = found.iter().find(|d| PAGE[d.range.clone()].contains("Obituaries")).unwrap();
        assert!(menu.message.starts_with("navigation menu: "), "{}", menu.message);
    }

    #[test]
    fn setext_headings_in_markdown_are_kept() {
        // The pasted page, in Markdown, with its headline underlined (a setext heading) and a
        // setext subheading in the story.
        let mut page = PAGE.replacen("Council approves flood barrier for the harbour\n", "Council approves flood barrier for the harbour\n==============================================\n", 1);
        let at = page.find(STORY_LINES[2]).unwrap();
        page.insert_str(at, "What happens next\n-----------------\n\n");
        let out = engine::fix(&page, Format::Markdown, &Settings::default());
        for kept in ["==============================================\n", "What happens next\n-----------------\n"] {
            assert!(out.text.contains(kept), "{kept:?} lost:\n{}", out.text);
        }
    }

    #[test]
    fn check_fix_keeps_the_story_and_removes_the_furniture_and_converges() {
        let out = engine::fix(PAGE, Format::Plain, &Settings::default());
        for copy in STORY_LINES {
            assert!(out.text.contains(copy), "story line {copy:?} lost:\n{}", out.text);
        }
        for furniture in ["Obituaries", "Ferry timetable cut", "Careers", "All rights reserved", "We use cookies"] {
            assert!(!out.text.contains(furniture), "{furniture:?} kept:\n{}", out.text);
        }
        let again = engine::fix(&out.text, Format::Plain, &Settings::default());
        assert_eq!(again.text, out.text, "a second fix-all changes the text");
    }

    #[test]
    fn clean_stories_with_subheadings_lists_quotes_bylines_are_not_flagged() {
        assert_clean(&META, &[STRUCTURED, CLEAN, WIRE]);
    }

    #[test]
    fn stories_in_other_languages_are_not_flagged() {
        assert_clean(&META, &[STORY_ES, STORY_DE, STORY_ID]);
    }

    #[test]
    fn a_pasted_page_in_another_language_keeps_its_story() {
        let out = engine::fix(PAGE_ES, Format::Plain, &Settings::default());
        for copy in STORY_ES.lines().filter(|l| !l.trim().is_empty()) {
            assert!(out.text.contains(copy), "story line {copy:?} lost:\n{}", out.text);
        }
    }

    /// The line thresholds the guard tests use, with the block-level guard turned off.
    const LINE_ONLY: Thresholds = Thresholds {
        flag: 0.5,
        safe: 0.8,
        story: 0.95,
        far: 0.8,
        evidence_lines: 0.0,
        evidence_share: 0.0,
        promote: 2.0,
        promote_share: 1.0,
    };

    /// [`LINE_ONLY`] with the block-level guard as shipped.
    const WITH_BLOCKS: Thresholds =
        Thresholds { evidence_lines: 2.0, evidence_share: 0.0, promote: 0.6, promote_share: 0.25, ..LINE_ONLY };

    /// Runs the guards on a draft with made-up furniture probabilities, one per non-blank line.
    fn decide(text: &str, probabilities: &[f32]) -> Vec<(&'static str, String)> {
        decide_with(text, probabilities, &LINE_ONLY)
    }

    fn decide_with(text: &str, probabilities: &[f32], t: &Thresholds) -> Vec<(&'static str, String)> {
        let draft = Draft::new(text, Format::Plain);
        let page = Page::new(&draft);
        assert_eq!(page.lines.len(), probabilities.len());
        let scores: Vec<page::LineScore> = page
            .lines
            .iter()
            .zip(probabilities)
            .map(|(&line, &furniture)| page::LineScore { line, furniture })
            .collect();
        let (_, why) = verdicts(&draft, &page, &scores, t);
        why.into_iter().zip(page.lines.iter().map(|&l| draft.line_text(l).to_string())).collect()
    }

    const PROSE_A: &str = "The council voted on Tuesday to build a barrier across the harbour after years of argument.";
    const PROSE_B: &str = "Work is due to begin next spring and should take four years, the engineers said.";

    #[test]
    fn headline_byline_and_dateline_are_kept_whatever_they_score() {
        let text = format!(
            "Harbour barrier approved | Gazette\n\nHome\nNews\nSport\n\nHarbour barrier approved\n\nBy Ann Lee\n12 March 2025\n\n{PROSE_A}\n\n{PROSE_B}\n"
        );
        let why = decide(&text, &[0.9, 0.99, 0.99, 0.99, 0.97, 0.97, 0.97, 0.01, 0.01]);
        let of = |line: &str| why.iter().find(|(_, l)| l == line).unwrap().0;
        assert_eq!(of("Harbour barrier approved"), "keep:head-of-story");
        assert_eq!(of("By Ann Lee"), "keep:head-of-story");
        assert_eq!(of("12 March 2025"), "keep:head-of-story");
        assert_eq!(of("Home"), "safe");
        // The page title repeats the headline and all between them goes: it goes too.
        assert_eq!(of("Harbour barrier approved | Gazette"), "safe:title");
    }

    #[test]
    fn inside_the_story_only_marked_runs_are_safe_and_sentences_never() {
        let text = format!(
            "{PROSE_A}\n\nSeason tickets extended\nRefunds without a fee\nReplacement buses\n\n{PROSE_B}\n\nShare on Facebook\nShare on Twitter\n\nA short sentence that reads like copy.\n\n{PROSE_A}\n"
        );
        let why = decide(&text, &[0.01, 0.99, 0.99, 0.99, 0.01, 0.99, 0.99, 0.99, 0.01]);
        let of = |line: &str| why.iter().find(|(_, l)| l == line).unwrap().0;
        assert_eq!(of("Season tickets extended"), "keep:story-unmarked");
        assert_eq!(of("Share on Facebook"), "safe");
        assert_eq!(of("A short sentence that reads like copy."), "unsafe:story-sentence");
    }

    #[test]
    fn outside_the_story_the_safe_threshold_decides() {
        let text = format!("Latest\nMost read\nWeather\n\n{PROSE_A}\n\n{PROSE_B}\n\nContact\nJobs\n");
        let why = decide(&text, &[0.99, 0.6, 0.4, 0.01, 0.01, 0.9, 0.7]);
        let got: Vec<&str> = why.iter().map(|(w, _)| *w).collect();
        // The first line is always kept (a draft starts with its headline).
        assert_eq!(got, ["keep:head-of-story", "unsafe:unsure", "keep:copy", "keep:copy", "keep:copy", "safe", "unsafe:unsure"]);
    }

    #[test]
    fn shipped_model_sets_the_block_thresholds_the_tests_use() {
        let t = Thresholds::of(&MODEL);
        let shipped = (t.evidence_lines, t.evidence_share, t.promote, t.promote_share);
        let tested = (WITH_BLOCKS.evidence_lines, WITH_BLOCKS.evidence_share, WITH_BLOCKS.promote, WITH_BLOCKS.promote_share);
        assert_eq!(shipped, tested);
    }

    /// A fact box closing a clean story scores like a footer line by line; without furniture
    /// words or repeated lines it is not removed by fix-all (regression: three safe findings
    /// on the clean bench bodies, a theatre listing's dates, cast and prices).
    #[test]
    fn a_fact_box_after_the_story_without_furniture_evidence_is_never_safe() {
        let text = format!(
            "{PROSE_A}\n\n{PROSE_B}\n\nPrivacy notice\n\n2018.04.05 to 2018.06.30\nTue to Sat 4pm\n\nCast\nDirector Ann Lee, Designer Bo Kim\n\nVIP: 60,000\nR: 50,000\nS: 40,000\n"
        );
        let probabilities = [0.01, 0.01, 0.99, 0.99, 0.95, 0.99, 0.99, 0.99, 0.99, 0.99];
        let why = decide_with(&text, &probabilities, &WITH_BLOCKS);
        let got: Vec<&str> = why.iter().map(|(w, _)| *w).collect();
        // The phrase-like line marks the page's tail, so the line guard alone would make every
        // line safe; one evidenced line in the block is not enough.
        let line_only: Vec<&str> = decide(&text, &probabilities).iter().map(|(w, _)| *w).collect();
        assert!(line_only[3..].iter().all(|w| *w == "safe"), "{line_only:?}");
        assert!(got[2..].iter().all(|w| w.starts_with("unsafe:")), "{got:?}");
        assert_eq!(got[3], "unsafe:block-unproven");
    }

    #[test]
    fn a_block_with_furniture_evidence_is_safe_and_carries_its_unsure_lines() {
        let text = format!(
            "{PROSE_A}\n\n{PROSE_B}\n\nShare on Facebook\nLatest headlines\nShare on Twitter\nWeather tomorrow\n"
        );
        let why = decide_with(&text, &[0.01, 0.01, 0.95, 0.7, 0.95, 0.55], &WITH_BLOCKS);
        let got: Vec<&str> = why.iter().map(|(w, _)| *w).collect();
        // Two share lines are evidence: the block's sure lines stay safe, its line at 0.7 is
        // carried, the one at 0.55 (below `promote`) stays an unsafe quick fix.
        assert_eq!(got, ["keep:copy", "keep:copy", "safe", "safe:block", "safe", "unsafe:unsure"]);
    }

    #[test]
    fn blocks_split_by_confidence_and_safe_ones_are_applied() {
        let out = offered_fixes(&META, PAGE);
        assert!(out.iter().any(|(a, _)| *a == Applicability::Safe));
        for (_, after) in out {
            assert!(after.contains("The city council voted on Tuesday"));
        }
    }

    #[test]
    fn a_draft_without_a_paragraph_of_copy_is_left_alone() {
        let why = decide("Home\nNews\nSport\n\nThe the end.\n", &[0.99, 0.99, 0.99, 0.99]);
        assert!(why.iter().all(|(w, _)| *w == "keep:no-story"), "{why:?}");
    }

    #[test]
    fn directive_lines_break_blocks_and_are_never_flagged() {
        let text = format!("{PROSE_A}\n\n{PROSE_B}\n\nContact\ncopydesk-disable-next-line doubled-word\nJobs\n");
        let why = decide(&text, &[0.01, 0.01, 0.99, 0.99, 0.99]);
        let got: Vec<&str> = why.iter().map(|(w, _)| *w).collect();
        assert_eq!(got, ["keep:copy", "keep:copy", "safe", "keep:directive", "safe"]);
    }

    #[test]
    fn vocabulary_table_is_tidy() {
        let table = crate::page::features::vocabulary_table();
        let names: Vec<&str> = table.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, crate::page::features::VOCAB_FAMILIES);
        for (name, words) in &table {
            let mut sorted = words.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(words, &sorted, "{name}: keep words sorted and unique");
            for w in words {
                assert_eq!(&w.to_lowercase(), w, "{name}: {w} not lowercase");
                assert!(!w.contains(' '), "{name}: {w} is not one word");
            }
        }
    }
}
