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
//! `f64` on `f32` inputs, as scikit-learn does, so Rust and Python agree exactly.

use std::sync::LazyLock;

use super::features::{N1, N2, STAGE1_NAMES, STAGE2_EXTRA};

#[derive(Clone, Copy, Debug)]
struct Node {
    /// Feature index, or `u32::MAX` for a leaf.
    feature: u32,
    left: u32,
    right: u32,
    /// Threshold for a split; the value for a leaf.
    value: f64,
}

/// One stage: a sum of trees over rows of `features` numbers.
#[derive(Debug, Default)]
pub struct Forest {
    /// Number of features per row.
    pub features: usize,
    /// Feature names as the model file lists them.
    pub names: Vec<String>,
    base: f64,
    nodes: Vec<Node>,
    roots: Vec<u32>,
}

impl Forest {
    /// The score (log-odds of furniture) of one row of `self.features` numbers.
    pub fn predict(&self, row: &[f32]) -> f32 {
        let mut sum = self.base;
        for &root in &self.roots {
            let mut i = root as usize;
            loop {
                let node = self.nodes[i];
                if node.feature == u32::MAX {
                    sum += node.value;
                    break;
                }
                i = if (row[node.feature as usize] as f64) <= node.value { node.left } else { node.right } as usize;
            }
        }
        sum as f32
    }

    /// Scores every row of `rows` (a flat matrix, `self.features` numbers per row).
    pub fn predict_all(&self, rows: &[f32]) -> Vec<f32> {
        if self.features == 0 {
            return Vec::new();
        }
        rows.chunks_exact(self.features).map(|r| self.predict(r)).collect()
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
                f.nodes.push(Node {
                    feature: feature as u32,
                    value: num(1)?,
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
                f.nodes.push(Node { feature: u32::MAX, left: 0, right: 0, value: num(0)? });
            }
            _ => return Err(err("unknown item")),
        }
    }
    for (k, f) in stages.iter().enumerate() {
        for n in &f.nodes {
            if n.feature != u32::MAX && (n.left as usize >= f.nodes.len() || n.right as usize >= f.nodes.len()) {
                return Err(format!("stage {}: child id out of range", k + 1));
            }
        }
    }
    let mut it = stages.into_iter();
    let (Some(stage1), Some(stage2), None) = (it.next(), it.next(), it.next()) else {
        return Err("expected exactly two stages".into());
    };
    Ok(Model { stage1, stage2, thresholds })
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
    fn bad_files_are_errors_with_a_line() {
        assert!(parse("stage 1 features 1 base 0\ntree\nsplit 3 1 1 2\n").unwrap_err().starts_with("line 3"));
        assert!(parse("stage 1 features 1 base 0\nnames x\n").unwrap_err().contains("two stages"));
    }
}
