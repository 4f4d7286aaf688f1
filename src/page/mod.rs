//! Reading a pasted web page from its plain text alone: which lines are the story and which are
//! page furniture (menus, consent banners, share bars, link lists, footers).
//!
//! [`features`] turns every non-blank line of a draft into a vector of numbers that survive
//! flattening (length, punctuation, case, function words, furniture vocabulary, repetition)
//! together with its neighbours' and its position relative to the densest run of prose;
//! [`model`] scores those vectors with small gradient-boosted trees trained by
//! `scripts/bench/train_boilerplate.py` and shipped in `data/boilerplate_block_model.txt`.
//! [`classify`] runs both stages and is what the `boilerplate-block` rule calls.

pub mod features;
pub mod model;

use crate::draft::Draft;

/// The verdict on one non-blank line.
#[derive(Clone, Copy, Debug)]
pub struct LineScore {
    /// 0-based index of the line in the draft (see [`Draft::lines`]).
    pub line: usize,
    /// Probability, between 0 and 1, that the line is page furniture rather than copy.
    pub furniture: f32,
}

/// Scores every non-blank line of `draft` with the shipped model, in order. Linear in the size
/// of the draft.
pub fn classify(draft: &Draft) -> (features::Page, Vec<LineScore>) {
    classify_with(draft, &model::MODEL)
}

/// [`classify`] with a given model (the training script evaluates candidate models this way).
pub fn classify_with(draft: &Draft, model: &model::Model) -> (features::Page, Vec<LineScore>) {
    let page = features::Page::new(draft);
    let first = model.stage1.predict_all(&page.stage1);
    let second = features::stage2(&page, &first);
    let scores = model.stage2.predict_all(&second);
    let out = page
        .lines
        .iter()
        .zip(scores)
        .map(|(&line, s)| LineScore { line, furniture: model::sigmoid(s) })
        .collect();
    (page, out)
}
