//! Gradient-boosted decision trees: the two stages of the page-furniture model, read from
//! `data/boilerplate_block_model.txt` (written by `scripts/bench/train_boilerplate.py`).
//!
//! File format (text, one item per line; `#` starts a comment line):
//!
//! ```text
//! stage 1 features N base B        # a stage: feature count, base score (log-odds)
//! names f0 f1 …                     # the feature names, checked against the code
//! tree                              # a new tree; its nodes follow, root first
//! split FEATURE THRESHOLD LEFT RIGHT   # go LEFT when x[FEATURE] <= THRESHOLD, else RIGHT
//! leaf VALUE                        # add VALUE (log-odds, learning rate applied)
//! threshold NAME VALUE              # a decision threshold (a probability) for the rule
//! ```
//!
//! Node ids are positions within their tree. A row's score is the base plus one leaf value per
//! tree; [`sigmoid`] turns it into a probability of page furniture. Comparisons are done in
//! `f64` on `f32` inputs, as scikit-learn does, so Rust and Python agree exactly (the
//! thresholds are stored as the `f32` values that make an `f32` comparison route the same way).

use std::sync::LazyLock;

use super::features::{N1, N2, STAGE1_NAMES, STAGE2_EXTRA};

#[derive(Clone, Copy, Debug)]
struct Node {
    /// Feature index (0 for a leaf).
    feature: u32,
    /// For a split: go left when the feature is at most this. The file's threshold is an
    /// `f64` compared against the `f32` feature widened to `f64`; this is the largest `f32`
    /// whose widening is at most that threshold, so comparing in `f32` routes every input
    /// exactly as the `f64` comparison does.
    threshold: f32,
    /// Children; a leaf is its own child on both sides, so that a walk of a fixed number of
    /// steps (the tree's depth) ends on the leaf whatever path it took, without a branch.
    left: u32,
    right: u32,
}

/// The largest `f32` that is at most `t` once widened to `f64` (so that `x <= result` exactly
/// when `x as f64 <= t`, for every `f32` `x`).
fn f32_at_most(t: f64) -> f32 {
    let near = t as f32;
    if near as f64 <= t {
        return near;
    }
    // One step down towards negative infinity (`f32::next_down`, stable only since 1.86).
    if near == 0.0 {
        -f32::from_bits(1)
    } else if near > 0.0 {
        f32::from_bits(near.to_bits() - 1)
    } else {
        f32::from_bits(near.to_bits() + 1)
    }
}

/// Rows walked through a tree together in [`Forest::predict_all`]: independent walks the
/// processor can overlap.
const LANES: usize = 8;

/// One stage: a sum of trees over rows of `features` numbers.
#[derive(Debug, Default)]
pub struct Forest {
    /// Number of features per row.
    pub features: usize,
    /// Feature names as the model file lists them.
    pub names: Vec<String>,
    base: f64,
    nodes: Vec<Node>,
    /// Per node: the leaf's value (log-odds), 0 for a split. Summed in `f64` as scikit-learn
    /// does.
    values: Vec<f64>,
    roots: Vec<u32>,
    /// Per tree: the number of splits on its longest path.
    depths: Vec<u32>,
}

impl Forest {
    /// Walks `N` rows (`rows[k * features..]`) through the tree at `root`, `depth` steps each;
    /// returns the leaves they reach.
    #[inline(always)]
    fn walk<const N: usize>(&self, root: u32, depth: u32, rows: &[f32]) -> [usize; N] {
        let mut at = [root as usize; N];
        for _ in 0..depth {
            for (k, i) in at.iter_mut().enumerate() {
                let node = self.nodes[*i];
                let x = rows[k * self.features + node.feature as usize];
                *i = if x <= node.threshold { node.left } else { node.right } as usize;
            }
        }
        at
    }

    /// The score (log-odds of furniture) of one row of `self.features` numbers.
    pub fn predict(&self, row: &[f32]) -> f32 {
        let mut sum = self.base;
        for (&root, &depth) in self.roots.iter().zip(&self.depths) {
            let [leaf] = self.walk::<1>(root, depth, row);
            sum += self.values[leaf];
        }
        sum as f32
    }

    /// Scores every row of `rows` (a flat matrix, `self.features` numbers per row), with the
    /// same result as [`Forest::predict`] on each row (the same leaves, summed in the same
    /// order). Tree by tree, [`LANES`] rows at a time, in fixed-length walks without branches:
    /// a tree's nodes stay in cache and the rows' walks overlap, where row-by-row walking
    /// waits on every node load and mispredicted branch.
    pub fn predict_all(&self, rows: &[f32]) -> Vec<f32> {
        if self.features == 0 {
            return Vec::new();
        }
        let f = self.features;
        let mut sums = vec![self.base; rows.len() / f];
        let done = sums.len() / LANES * LANES;
        for (&root, &depth) in self.roots.iter().zip(&self.depths) {
            for (c, chunk) in sums.chunks_exact_mut(LANES).enumerate() {
                let leaves = self.walk::<LANES>(root, depth, &rows[c * LANES * f..(c + 1) * LANES * f]);
                for (sum, leaf) in chunk.iter_mut().zip(leaves) {
                    *sum += self.values[leaf];
                }
            }
            for (j, sum) in sums.iter_mut().enumerate().skip(done) {
                let [leaf] = self.walk::<1>(root, depth, &rows[j * f..(j + 1) * f]);
                *sum += self.values[leaf];
            }
        }
        sums.into_iter().map(|s| s as f32).collect()
    }

    /// Number of trees.
    pub fn trees(&self) -> usize {
        self.roots.len()
    }
}

/// Both stages and the decision thresholds chosen with them.
#[derive(Debug)]
pub struct Model {
    /// Scores lines from their stage-1 rows.
    pub stage1: Forest,
    /// Scores lines from stage-1 rows plus the stage-1 scores around them.
    pub stage2: Forest,
    /// Named probability thresholds (`threshold NAME VALUE` lines), e.g. `flag`, `safe`.
    pub thresholds: Vec<(String, f32)>,
}

impl Model {
    /// The threshold called `name`, or `default` when the file does not set it.
    pub fn threshold(&self, name: &str, default: f32) -> f32 {
        self.thresholds.iter().find(|(n, _)| n == name).map_or(default, |(_, v)| *v)
    }
}

/// The shipped model, parsed on first use.
pub static MODEL: LazyLock<Model> = LazyLock::new(|| {
    parse(include_str!("../../data/boilerplate_block_model.txt")).expect("data/boilerplate_block_model.txt is valid")
});

/// The logistic function: log-odds to probability.
pub fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// Parses a model file. Errors name the line (1-based) and what was wrong.
pub fn parse(text: &str) -> Result<Model, String> {
    let mut stages: Vec<Forest> = Vec::new();
    let mut thresholds = Vec::new();
    let mut tree_start = 0usize;
    for (no, line) in text.lines().enumerate() {
        let err = |m: &str| format!("line {}: {m}", no + 1);
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.split_whitespace();
        let head = parts.next().unwrap_or("");
        let rest: Vec<&str> = parts.collect();
        let num = |i: usize| -> Result<f64, String> {
            rest.get(i).and_then(|s| s.parse::<f64>().ok()).ok_or_else(|| err("bad number"))
        };
        match head {
            "stage" => {
                if rest.len() != 5 || rest[1] != "features" || rest[3] != "base" {
                    return Err(err("expected `stage K features N base B`"));
                }
                stages.push(Forest { features: num(2)? as usize, base: num(4)?, ..Forest::default() });
            }
            "names" => {
                let f = stages.last_mut().ok_or_else(|| err("names before stage"))?;
                f.names = rest.iter().map(|s| s.to_string()).collect();
            }
            "tree" => {
                let f = stages.last_mut().ok_or_else(|| err("tree before stage"))?;
                tree_start = f.nodes.len();
                f.roots.push(tree_start as u32);
            }
            "split" => {
                let f = stages.last_mut().ok_or_else(|| err("split before stage"))?;
                let feature = num(0)? as usize;
                if feature >= f.features {
                    return Err(err("feature index out of range"));
                }
                f.values.push(0.0);
                f.nodes.push(Node {
                    feature: feature as u32,
                    threshold: f32_at_most(num(1)?),
                    left: (tree_start + num(2)? as usize) as u32,
                    right: (tree_start + num(3)? as usize) as u32,
                });
            }
            "threshold" => {
                let name = rest.first().ok_or_else(|| err("threshold without a name"))?;
                thresholds.push((name.to_string(), num(1)? as f32));
            }
            "leaf" => {
                let f = stages.last_mut().ok_or_else(|| err("leaf before stage"))?;
                let me = f.nodes.len() as u32;
                f.values.push(num(0)?);
                f.nodes.push(Node { feature: 0, threshold: 0.0, left: me, right: me });
            }
            _ => return Err(err("unknown item")),
        }
    }
    for (k, f) in stages.iter_mut().enumerate() {
        for n in &f.nodes {
            if n.left as usize >= f.nodes.len() || n.right as usize >= f.nodes.len() {
                return Err(format!("stage {}: child id out of range", k + 1));
            }
        }
        f.depths = f.roots.iter().map(|&r| depth(&f.nodes, r)).collect::<Option<_>>().ok_or_else(|| {
            format!("stage {}: a tree loops back on itself", k + 1)
        })?;
    }
    let mut it = stages.into_iter();
    let (Some(stage1), Some(stage2), None) = (it.next(), it.next(), it.next()) else {
        return Err("expected exactly two stages".into());
    };
    Ok(Model { stage1, stage2, thresholds })
}

/// The number of splits on the longest path from `root` to a leaf; `None` when a path
/// revisits a split (a malformed file), which would make walks endless.
fn depth(nodes: &[Node], root: u32) -> Option<u32> {
    let mut deepest = 0;
    let mut stack = vec![(root as usize, 0u32)];
    while let Some((i, d)) = stack.pop() {
        let n = nodes[i];
        if n.left as usize == i && n.right as usize == i {
            deepest = deepest.max(d);
            continue;
        }
        if d as usize >= nodes.len() {
            return None;
        }
        stack.push((n.left as usize, d + 1));
        stack.push((n.right as usize, d + 1));
    }
    Some(deepest)
}

/// The feature names each stage expects, in column order.
pub fn expected_names() -> (Vec<&'static str>, Vec<&'static str>) {
    let one: Vec<&str> = STAGE1_NAMES.to_vec();
    let two: Vec<&str> = STAGE1_NAMES.iter().chain(STAGE2_EXTRA.iter()).copied().collect();
    debug_assert_eq!((one.len(), two.len()), (N1, N2));
    (one, two)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_model_matches_the_feature_code() {
        let (one, two) = expected_names();
        assert_eq!(MODEL.stage1.features, N1);
        assert_eq!(MODEL.stage2.features, N2);
        assert_eq!(MODEL.stage1.names, one);
        assert_eq!(MODEL.stage2.names, two);
        assert!(MODEL.stage1.trees() > 0 && MODEL.stage2.trees() > 0);
    }

    #[test]
    fn trees_route_left_on_less_or_equal() {
        let model = parse(
            "stage 1 features 1 base 0.5\nnames x\ntree\nsplit 0 1.5 1 2\nleaf -1\nleaf 2\n\
             stage 2 features 1 base 0\nnames x\ntree\nleaf 0\n",
        )
        .unwrap();
        assert_eq!(model.stage1.predict(&[1.5]), -0.5);
        assert_eq!(model.stage1.predict(&[1.6]), 2.5);
    }

    #[test]
    fn f32_thresholds_route_exactly_as_the_f64_comparison() {
        let near = |x: f32| [x, f32::from_bits(x.to_bits().wrapping_sub(1)), f32::from_bits(x.to_bits() + 1)];
        for t in [0.0f64, -0.0, 0.1, -0.1, 1.5, 2.0f64.powi(-140), -(2.0f64.powi(-140)), 1e-45, 3.4e38, 1e39, -1e39, 0.30000001192092896] {
            let got = f32_at_most(t);
            for x in near(got).into_iter().chain(near(t as f32)).filter(|x| x.is_finite()) {
                assert_eq!(x <= got, x as f64 <= t, "x={x:e} t={t:e} got={got:e}");
            }
        }
    }

    #[test]
    fn predict_all_agrees_with_predict_row_by_row() {
        let page = crate::page::features::Page::new(&crate::draft::Draft::new(
            include_str!("../../tests/fixtures/pages/pasted-page.txt"),
            crate::draft::Format::Plain,
        ));
        let all = MODEL.stage1.predict_all(&page.stage1);
        assert_eq!(all.len(), page.lines.len());
        for (j, score) in all.iter().enumerate() {
            assert_eq!(score.to_bits(), MODEL.stage1.predict(page.row(j)).to_bits());
        }
    }

    #[test]
    fn predict_all_handles_any_number_of_rows_and_uneven_trees() {
        // One tree of depth 2 on one side and 0 on the other, one single leaf.
        let model = parse(
            "stage 1 features 2 base 0.25\nnames a b\ntree\nsplit 0 0.5 1 2\nleaf 1\nsplit 1 0.5 3 4\nleaf 2\nleaf 4\n\
             tree\nleaf 8\nstage 2 features 1 base 0\nnames x\ntree\nleaf 0\n",
        )
        .unwrap();
        for n in [0, 1, 7, 8, 9, 17] {
            let rows: Vec<f32> = (0..n * 2).map(|i| (i % 3) as f32 * 0.4).collect();
            let all = model.stage1.predict_all(&rows);
            let one: Vec<f32> = rows.chunks_exact(2).map(|r| model.stage1.predict(r)).collect();
            assert_eq!(all, one);
        }
        assert_eq!(model.stage1.predict(&[0.2, 9.0]), 9.25);
        assert_eq!(model.stage1.predict(&[0.8, 0.2]), 10.25);
        assert_eq!(model.stage1.predict(&[0.8, 0.8]), 12.25);
    }

    #[test]
    fn a_tree_that_loops_is_an_error() {
        let err = parse("stage 1 features 1 base 0\nnames x\ntree\nsplit 0 1 0 1\nleaf 1\nstage 2 features 1 base 0\nnames x\ntree\nleaf 0\n");
        assert!(err.unwrap_err().contains("loops"));
    }

    #[test]
    fn bad_files_are_errors_with_a_line() {
        assert!(parse("stage 1 features 1 base 0\ntree\nsplit 3 1 1 2\n").unwrap_err().starts_with("line 3"));
        assert!(parse("stage 1 features 1 base 0\nnames x\n").unwrap_err().contains("two stages"));
    }
}
