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
use crate::page::{self, features::Page};
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

/// A line is flagged when its furniture probability reaches this.
const FLAG: f32 = 0.5;
/// A block's fix is safe when every line's furniture probability reaches this.
const SAFE: f32 = 0.8;

fn check(ctx: &Context) -> Vec<Diagnostic> {
    let draft = ctx.draft;
    let (page, scores) = page::classify(draft);
    let n = scores.len();
    let flagged: Vec<bool> = (0..n)
        .map(|j| scores[j].furniture >= FLAG && draft.is_prose(&draft.lines()[page.lines[j]]))
        .collect();
    let mut out = Vec::new();
    let mut j = 0;
    while j < n {
        if !flagged[j] {
            j += 1;
            continue;
        }
        let start = j;
        while j < n && flagged[j] {
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
        if a == b {
            continue;
        }
        out.push(block(ctx, &page, &scores, a, b));
    }
    out
}

/// The finding for non-blank lines `a..b` (indices into `page.lines`).
fn block(ctx: &Context, page: &Page, scores: &[page::LineScore], a: usize, b: usize) -> Diagnostic {
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
    let safe = scores[a..b].iter().all(|s| s.furniture >= SAFE);
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
        shapes.iter().filter(|s| s.words >= 5 && s.end != crate::page::features::End::Sentence).count();
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
