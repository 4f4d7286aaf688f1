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
//! furniture with high confidence and none of them could be the story's own prose, headline,
//! byline or dateline; otherwise it is offered as an unsafe quick fix.
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
}

impl Thresholds {
    fn of(model: &Model) -> Thresholds {
        Thresholds {
            flag: model.threshold("flag", 0.5),
            safe: model.threshold("safe", 0.8),
            story: model.threshold("story", 0.95),
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
    let verdicts = verdicts(draft, &page, &scores, &Thresholds::of(model));
    let n = verdicts.len();
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
            out.push(block(ctx, &page, a, b, level == Verdict::Safe));
        }
    }
    out
}

/// Each non-blank line's draft line index, furniture probability and decision (`keep`,
/// `unsafe` or `safe`) under `model`, for study (`examples/page_features.rs decisions`).
pub fn decisions_with(draft: &crate::draft::Draft, model: &Model) -> Vec<(usize, f32, &'static str)> {
    let (page, scores) = page::classify_with(draft, model);
    let v = verdicts(draft, &page, &scores, &Thresholds::of(model));
    scores
        .iter()
        .zip(v)
        .map(|(s, v)| {
            let name = match v {
                Verdict::Keep => "keep",
                Verdict::Unsafe => "unsafe",
                Verdict::Safe => "safe",
            };
            (s.line, s.furniture, name)
        })
        .collect()
}

/// Decides every non-blank line: keep it, flag it with an unsafe fix, or flag it with a safe
/// one.
fn verdicts(draft: &crate::draft::Draft, page: &Page, scores: &[page::LineScore], t: &Thresholds) -> Vec<Verdict> {
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
    // paragraph of copy; then on past the last one until a line marked as furniture (a list or
    // table that ends a story carries no prose).
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
    let protected = head_of_story(page, story.start, story.is_empty());
    let mut out: Vec<Verdict> = (0..n)
        .map(|j| {
            let on_prose = draft.is_prose(&draft.lines()[page.lines[j]]);
            if protected[j] || !on_prose || p[j] < t.flag {
                return Verdict::Keep;
            }
            let in_story = story.contains(&j);
            let safe = if in_story { p[j] >= t.story && !sentence(j) } else { p[j] >= t.safe };
            if safe {
                Verdict::Safe
            } else {
                Verdict::Unsafe
            }
        })
        .collect();
    // Inside the story a run of furniture is removed without asking only when something marks
    // it as such: a third of its lines marked, or a marked heading just above it. Lists,
    // tables and repeated subheadings of the story itself carry no such marks.
    let mut j = story.start;
    while j < story.end {
        if out[j] != Verdict::Safe {
            j += 1;
            continue;
        }
        let a = j;
        while j < n && out[j] == Verdict::Safe {
            j += 1;
        }
        let heading = a > 0 && marked(a - 1);
        let marked_lines = (a..j).filter(|&k| marked(k)).count();
        if !heading && marked_lines * 3 < j - a {
            out[a..j].iter_mut().for_each(|v| *v = Verdict::Unsafe);
        }
    }
    out
}

/// Marks the story's headline, standfirst, byline and dateline, which are copy whatever their
/// shape. The first line is kept (a pasted page starts with its title, a draft with its
/// headline). Before the story's first paragraph (and in the first few lines after it): lines
/// shaped like a byline or a dateline, the headline — the line sharing most of the first
/// line's words — and, between the headline and the story, sentences without furniture
/// vocabulary (the standfirst).
fn head_of_story(page: &Page, start: usize, no_story: bool) -> Vec<bool> {
    let n = page.lines.len();
    let mut protected = vec![false; n];
    if n == 0 {
        return protected;
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
    protected
}

/// The finding for non-blank lines `a..b` (indices into `page.lines`).
fn block(ctx: &Context, page: &Page, a: usize, b: usize, safe: bool) -> Diagnostic {
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
    let message = describe(page, a, b);
    let fix = if safe {
        Fix::safe("Remove block", Edit::delete(removal))
    } else {
        Fix::unsafe_("Remove block", Edit::delete(removal))
    };
    META.diagnostic(span, message).with_fix(fix)
}

/// Says what the block looks like, from the lines' vocabulary and shape.
fn describe(page: &Page, a: usize, b: usize) -> String {
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
    let repeated = shapes
        .iter()
        .filter(|s| s.key != 0 && page.shapes.iter().filter(|t| t.key == s.key).count() > 1)
        .count();
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
