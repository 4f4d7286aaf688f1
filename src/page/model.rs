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

/// Rows scored together by [`Forest::predict_all`].
const BATCH: usize = 8;

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
    /// The same trees laid out for batched scoring (built by [`parse`]).
    packed: Packed,
    /// The same trees as leaf masks ([`Masked`]); `None` when a tree has more than 32 leaves,
    /// and then [`Forest::predict_all`] walks [`Packed`].
    masked: Option<Masked>,
}

/// A split or leaf of [`Packed`]: 12 bytes. A split sends `x` to `next` when
/// `x <= threshold` and to `next + 1` otherwise (its children are adjacent). A leaf has a NaN
/// threshold, so every comparison fails, and `next + 1` is the leaf itself (wrapping): a row
/// that reaches a leaf stays there, and every row of a batch can take the same number of steps.
#[derive(Clone, Copy, Debug)]
struct PackedNode {
    feature: u32,
    threshold: f32,
    next: u32,
}

/// The trees of a [`Forest`] in the layout [`Forest::predict_all`] walks: per tree its first
/// node and depth (the number of splits on its longest path), all nodes in one array, and each
/// leaf's value (in `f64`, as the model file gives it; zero for splits).
#[derive(Debug, Default)]
struct Packed {
    trees: Vec<(u32, u32)>,
    nodes: Vec<PackedNode>,
    leaf_values: Vec<f64>,
}

/// The largest `f32` that is `<= v`: for any `f32` `x`, `(x as f64) <= v` exactly when
/// `x <= f32_at_most(v)`, so the batched walk in `f32` routes rows as the `f64` reference does.
fn f32_at_most(v: f64) -> f32 {
    let t = v as f32;
    if (t as f64) <= v || t.is_nan() {
        return t;
    }
    // One step toward negative infinity.
    if t == 0.0 {
        -f32::from_bits(1)
    } else if t > 0.0 {
        f32::from_bits(t.to_bits() - 1)
    } else {
        f32::from_bits(t.to_bits() + 1)
    }
}

impl Packed {
    /// Lays out `nodes` (trees starting at `roots`, children as global ids) breadth-first per
    /// tree, so that each split's two children are adjacent.
    /// Errors when a tree is not one (a node reached twice, so the walk would not end).
    fn of(nodes: &[Node], roots: &[u32]) -> Result<Packed, String> {
        let mut out = Packed::default();
        for &root in roots {
            let first = out.nodes.len() as u32;
            // (original id, depth), in the order the packed nodes are written.
            let mut order = vec![(root, 0u32)];
            let mut depth = 0;
            let mut k = 0;
            while k < order.len() {
                let (id, d) = order[k];
                let node = nodes[id as usize];
                let here = first + k as u32;
                if node.feature == u32::MAX {
                    out.nodes.push(PackedNode { feature: 0, threshold: f32::NAN, next: here.wrapping_sub(1) });
                    out.leaf_values.push(node.value);
                } else {
                    let next = first + order.len() as u32;
                    if order.len() + 2 > nodes.len() + 1 {
                        return Err(format!("tree {} is not a tree (a node is reached twice)", out.trees.len() + 1));
                    }
                    order.push((node.left, d + 1));
                    order.push((node.right, d + 1));
                    depth = depth.max(d + 1);
                    out.nodes.push(PackedNode { feature: node.feature, threshold: f32_at_most(node.value), next });
                    out.leaf_values.push(0.0);
                }
                k += 1;
            }
            out.trees.push((first, depth));
        }
        Ok(out)
    }
}

/// One split of [`Masked`]: a row for which `!(x[feature] <= threshold)` goes right here, so
/// it cannot end in any leaf of the split's left subtree; `mask` has those leaves' bits clear.
#[derive(Clone, Copy, Debug)]
struct MaskSplit {
    threshold: f32,
    feature: u32,
    tree: u32,
    mask: u32,
}

/// The trees of a [`Forest`] as leaf masks, scored without walking (the QuickScorer idea of
/// Lucchese et al., SIGIR 2015, done for every split rather than by early exit, so that it has
/// no data-dependent branches). Each tree's leaves are numbered left to right (at most 32).
/// A row starts with every leaf of every tree possible; each split the row goes right at clears
/// the leaves of its left subtree; the row's leaf is then the lowest bit left, which is exactly
/// the leaf the walk from the root reaches.
#[derive(Debug, Default)]
struct Masked {
    /// Every split of every tree, sorted by feature, then threshold.
    splits: Vec<MaskSplit>,
    /// Per feature, the range of `splits` on it.
    by_feature: Vec<std::ops::Range<usize>>,
    /// Per tree, the index in `leaf_values` of its leftmost leaf.
    leaf_start: Vec<u32>,
    /// Leaf values (log-odds, `f64` as the model file gives them), tree by tree, left to right.
    leaf_values: Vec<f64>,
}

impl Masked {
    /// Builds the masks of the trees starting at `roots` in `nodes` (children as global ids;
    /// [`Packed::of`] has checked they are trees). `None` when a tree has more than 32 leaves.
    fn of(nodes: &[Node], roots: &[u32]) -> Option<Masked> {
        let mut out = Masked::default();
        for (t, &root) in roots.iter().enumerate() {
            let first = out.leaf_values.len();
            out.leaf_start.push(first as u32);
            // Depth-first, left before right: leaves arrive in left-to-right order. A split is
            // pushed back after its left subtree is done, to know which leaves that holds.
            enum Step {
                Visit(u32),
                LeftDone { split: u32, from: usize },
            }
            let mut stack = vec![Step::Visit(root)];
            while let Some(step) = stack.pop() {
                match step {
                    Step::Visit(id) => {
                        let node = nodes[id as usize];
                        if node.feature == u32::MAX {
                            out.leaf_values.push(node.value);
                            if out.leaf_values.len() - first > 32 {
                                return None;
                            }
                        } else {
                            stack.push(Step::Visit(node.right));
                            stack.push(Step::LeftDone { split: id, from: out.leaf_values.len() - first });
                            stack.push(Step::Visit(node.left));
                        }
                    }
                    Step::LeftDone { split, from } => {
                        let to = out.leaf_values.len() - first;
                        let left: u64 = ((1u64 << to) - 1) & !((1u64 << from) - 1);
                        let node = nodes[split as usize];
                        out.splits.push(MaskSplit {
                            threshold: f32_at_most(node.value),
                            feature: node.feature,
                            tree: t as u32,
                            mask: !(left as u32),
                        });
                    }
                }
            }
        }
        out.splits.sort_by(|a, b| a.feature.cmp(&b.feature).then(a.threshold.total_cmp(&b.threshold)));
        let features = out.splits.last().map_or(0, |s| s.feature as usize + 1);
        out.by_feature = vec![0..0; features];
        for (i, s) in out.splits.iter().enumerate() {
            let r = &mut out.by_feature[s.feature as usize];
            if r.start == r.end {
                *r = i..i;
            }
            r.end = i + 1;
        }
        Some(out)
    }

    /// Adds to `sums` (one per row, in row order) the trees' values for `rows` (a flat
    /// matrix, `f` numbers per row), [`BATCH`] rows at a time.
    fn add_scores(&self, rows: &[f32], f: usize, sums: &mut [f64]) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor has just been found to support AVX2.
            unsafe { self.add_scores_avx2(rows, f, sums) };
            return;
        }
        self.add_scores_with::<false>(rows, f, sums);
    }

    /// [`Masked::add_scores`] compiled for AVX2.
    ///
    /// # Safety
    /// The processor must support AVX2.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn add_scores_avx2(&self, rows: &[f32], f: usize, sums: &mut [f64]) {
        self.add_scores_with::<true>(rows, f, sums);
    }

    /// [`Masked::add_scores`]; `AVX2` (only where the processor has it) narrows the masks with
    /// [`apply_avx2`], otherwise [`apply_any`].
    #[inline(always)]
    fn add_scores_with<const AVX2: bool>(&self, rows: &[f32], f: usize, sums: &mut [f64]) {
        let n = sums.len();
        let trees = self.leaf_start.len();
        // The batch's rows by feature: `xs[feature][row]`.
        let mut xs = vec![[0f32; BATCH]; f];
        let mut leaves = vec![[u32::MAX; BATCH]; trees];
        for start in (0..n).step_by(BATCH) {
            let len = BATCH.min(n - start);
            for (k, row) in rows[start * f..(start + len) * f].chunks_exact(f).enumerate() {
                for (x, &v) in xs.iter_mut().zip(row) {
                    x[k] = v;
                }
            }
            for l in leaves.iter_mut() {
                *l = [u32::MAX; BATCH];
            }
            for (x, range) in xs.iter().zip(&self.by_feature) {
                // Splits at or above the batch's largest value send every row left and change
                // nothing: stop there (NaN goes right, so it counts as the largest).
                let hi = x[..len].iter().fold(f32::NEG_INFINITY, |m, &v| if v.is_nan() { f32::INFINITY } else { m.max(v) });
                for s in &self.splits[range.clone()] {
                    if s.threshold >= hi {
                        break;
                    }
                    let l = &mut leaves[s.tree as usize];
                    #[cfg(target_arch = "x86_64")]
                    if AVX2 {
                        // SAFETY: `AVX2` is true only in `add_scores_avx2`, called after the check.
                        unsafe { apply_avx2(s, x, l) };
                        continue;
                    }
                    apply_any(s, x, l);
                }
            }
            for (t, l) in leaves.iter().enumerate() {
                let first = self.leaf_start[t] as usize;
                for k in 0..len {
                    sums[start + k] += self.leaf_values[first + l[k].trailing_zeros() as usize];
                }
            }
        }
    }
}

/// Narrows the leaf masks `l` of a batch's rows (values `x` of the split's feature) by split
/// `s`: rows that go right (`!(x <= threshold)`, NaN included) lose the split's left leaves.
#[inline(always)]
fn apply_any(s: &MaskSplit, x: &[f32; BATCH], l: &mut [u32; BATCH]) {
    for k in 0..BATCH {
        l[k] &= s.mask | ((x[k] <= s.threshold) as u32).wrapping_neg();
    }
}

/// [`apply_any`] as three AVX2 instructions over the eight rows.
///
/// # Safety
/// The processor must support AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn apply_avx2(s: &MaskSplit, x: &[f32; BATCH], l: &mut [u32; BATCH]) {
    use std::arch::x86_64::*;
    const _: () = assert!(BATCH == 8, "one AVX2 vector holds eight rows");
    // SAFETY: `x` and `l` are eight 4-byte lanes each; unaligned loads and stores.
    unsafe {
        let xv = _mm256_loadu_ps(x.as_ptr());
        // All ones where `x <= threshold` (ordered: false for NaN), as in `apply_any`.
        let left = _mm256_castps_si256(_mm256_cmp_ps::<_CMP_LE_OQ>(xv, _mm256_set1_ps(s.threshold)));
        let keep = _mm256_or_si256(left, _mm256_set1_epi32(s.mask as i32));
        let lv = _mm256_loadu_si256(l.as_ptr().cast());
        _mm256_storeu_si256(l.as_mut_ptr().cast(), _mm256_and_si256(lv, keep));
    }
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

    /// Scores every row of `rows` (a flat matrix, `self.features` numbers per row); the same
    /// numbers as [`Forest::predict`] on each row, bit for bit.
    ///
    /// Rows are scored [`BATCH`] at a time with leaf masks ([`Masked`]: no branch depends on
    /// the data, and eight rows share each comparison), or, for trees of more than 32 leaves,
    /// walked through one tree after another in lockstep.
    pub fn predict_all(&self, rows: &[f32]) -> Vec<f32> {
        let f = self.features;
        if f == 0 {
            return Vec::new();
        }
        let n = rows.len() / f;
        let mut sums = vec![self.base; n];
        if let Some(m) = &self.masked {
            m.add_scores(rows, f, &mut sums);
            return sums.into_iter().map(|s| s as f32).collect();
        }
        self.walk_packed(rows, &mut sums);
        sums.into_iter().map(|s| s as f32).collect()
    }

    /// Adds the trees' values for `rows` to `sums` by walking [`Packed`], [`BATCH`] rows in
    /// lockstep.
    fn walk_packed(&self, rows: &[f32], sums: &mut [f64]) {
        let f = self.features;
        let n = sums.len();
        let p = &self.packed;
        let mut at = [0u32; BATCH];
        for start in (0..n).step_by(BATCH) {
            let len = BATCH.min(n - start);
            let batch = &rows[start * f..(start + len) * f];
            for &(first, depth) in &p.trees {
                at[..len].fill(first);
                for _ in 0..depth {
                    for (k, i) in at[..len].iter_mut().enumerate() {
                        let node = p.nodes[*i as usize];
                        let x = batch[k * f + node.feature as usize];
                        *i = node.next.wrapping_add(!(x <= node.threshold) as u32);
                    }
                }
                for (k, &i) in at[..len].iter().enumerate() {
                    sums[start + k] += p.leaf_values[i as usize];
                }
            }
        }
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
        // Up to five fields after the head; `names` lines take the rest of the line.
        let (head, tail) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        let mut rest = [""; 5];
        let mut count = 0;
        for (slot, word) in rest.iter_mut().zip(tail.split_ascii_whitespace()) {
            *slot = word;
            count += 1;
        }
        let num = |i: usize| -> Result<f64, String> {
            (i < count).then(|| rest[i].parse::<f64>().ok()).flatten().ok_or_else(|| err("bad number"))
        };
        let index = |i: usize| -> Result<usize, String> {
            (i < count).then(|| rest[i].parse::<usize>().ok()).flatten().ok_or_else(|| err("bad number"))
        };
        match head {
            "stage" => {
                if count != 5 || tail.split_ascii_whitespace().count() != 5 || rest[1] != "features" || rest[3] != "base" {
                    return Err(err("expected `stage K features N base B`"));
                }
                stages.push(Forest { features: index(2)?, base: num(4)?, ..Forest::default() });
            }
            "names" => {
                let f = stages.last_mut().ok_or_else(|| err("names before stage"))?;
                f.names = tail.split_ascii_whitespace().map(str::to_string).collect();
            }
            "tree" => {
                let f = stages.last_mut().ok_or_else(|| err("tree before stage"))?;
                tree_start = f.nodes.len();
                f.roots.push(tree_start as u32);
            }
            "split" => {
                let f = stages.last_mut().ok_or_else(|| err("split before stage"))?;
                let feature = index(0)?;
                if feature >= f.features {
                    return Err(err("feature index out of range"));
                }
                f.nodes.push(Node {
                    feature: feature as u32,
                    value: num(1)?,
                    left: (tree_start + index(2)?) as u32,
                    right: (tree_start + index(3)?) as u32,
                });
            }
            "threshold" => {
                let name = (count > 0).then_some(rest[0]).ok_or_else(|| err("threshold without a name"))?;
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
    for (k, f) in stages.iter_mut().enumerate() {
        f.packed = Packed::of(&f.nodes, &f.roots).map_err(|e| format!("stage {}: {e}", k + 1))?;
        f.masked = Masked::of(&f.nodes, &f.roots);
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
        assert_eq!(model.stage1.predict_all(&[1.5, 1.6, f32::NAN]), vec![-0.5, 2.5, 2.5]);
    }

    #[test]
    fn f32_thresholds_route_as_the_f64_ones() {
        for v in [0.1f64, -0.1, 0.0, -1e-300, 1e-300, 3.4002101, -2.75, 1.0 / 3.0, 0.5, 1e39, -1e39] {
            let t = f32_at_most(v);
            let b = t.to_bits();
            let around = [t, f32::from_bits(b.wrapping_add(1)), f32::from_bits(b.wrapping_sub(1)), 0.0, -0.0, v as f32];
            for x in around.into_iter().filter(|x| !x.is_nan()) {
                assert_eq!(x as f64 <= v, x <= t, "v {v} x {x} t {t}");
            }
        }
    }

    #[test]
    fn batched_scores_equal_the_reference_walk_on_real_rows() {
        use crate::draft::{Draft, Format};
        let text = include_str!("../../tests/fixtures/pages/pasted-page.txt");
        let page = super::super::features::Page::new(&Draft::new(text, Format::Plain));
        let n = page.lines.len();
        assert!(n > 9, "more rows than one batch");
        let fast = MODEL.stage1.predict_all(&page.stage1);
        let slow: Vec<f32> = (0..n).map(|j| MODEL.stage1.predict(page.row(j))).collect();
        assert_eq!(fast, slow);
        let second = super::super::features::stage2(&page, &fast);
        let fast2 = MODEL.stage2.predict_all(&second);
        let slow2: Vec<f32> = second.chunks_exact(MODEL.stage2.features).map(|r| MODEL.stage2.predict(r)).collect();
        assert_eq!(fast2, slow2);
        // Without AVX2 the masks are narrowed lane by lane, to the same scores.
        let masked = MODEL.stage1.masked.as_ref().expect("the shipped trees fit masks");
        let mut plain = vec![MODEL.stage1.base; n];
        masked.add_scores_with::<false>(&page.stage1, N1, &mut plain);
        assert_eq!(plain.into_iter().map(|s| s as f32).collect::<Vec<_>>(), slow);
        // The lockstep walk, used for trees too big for masks, agrees too.
        let mut walked = vec![MODEL.stage1.base; n];
        MODEL.stage1.walk_packed(&page.stage1, &mut walked);
        assert_eq!(walked.into_iter().map(|s| s as f32).collect::<Vec<_>>(), slow);
    }

    /// A model file whose stage 1 is one tree: a chain of `splits` splits on feature 0 at
    /// thresholds 0, 1, 2, … (left: a leaf worth the threshold; right: the next split), so it
    /// has `splits + 1` leaves.
    fn chain(splits: usize) -> String {
        let mut m = String::from("stage 1 features 1 base 0\nnames x\ntree\n");
        for k in 0..splits {
            let id = 2 * k;
            m += &format!("split 0 {k} {} {}\nleaf {k}\n", id + 1, id + 2);
        }
        m += "leaf 100\nstage 2 features 1 base 0\nnames x\ntree\nleaf 0\n";
        m
    }

    #[test]
    fn masks_cover_trees_of_up_to_32_leaves_and_bigger_trees_are_walked() {
        let rows: Vec<f32> = (-1..40).map(|x| x as f32 + 0.5).chain([f32::NAN, 0.0, 31.0]).collect();
        for (splits, masked) in [(31, true), (32, false)] {
            let model = parse(&chain(splits)).unwrap();
            assert_eq!(model.stage1.masked.is_some(), masked, "{splits} splits");
            let want: Vec<f32> = rows.iter().map(|x| model.stage1.predict(&[*x])).collect();
            assert_eq!(model.stage1.predict_all(&rows), want, "{splits} splits");
        }
    }

    #[test]
    fn bad_files_are_errors_with_a_line() {
        assert!(parse("stage 1 features 1 base 0\ntree\nsplit 3 1 1 2\n").unwrap_err().starts_with("line 3"));
        assert!(parse("stage 1 features 1 base 0\nnames x\n").unwrap_err().contains("two stages"));
        let cycle = "stage 1 features 1 base 0\nnames x\ntree\nsplit 0 1 0 1\nleaf 1\n";
        assert!(parse(cycle).unwrap_err().contains("not a tree"), "{:?}", parse(cycle));
    }
}
