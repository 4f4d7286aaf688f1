#!/usr/bin/env python3
"""Train the `boilerplate-block` model and write data/boilerplate_block_model.txt.

The model is two stages of gradient-boosted trees (scikit-learn's
HistGradientBoostingClassifier) over the line features that copydesk itself computes (src/page/features.rs, printed by
`cargo run --release --example page_features`), so that training and inference see the very
same numbers. Stage 1 scores each line from its own and its neighbours' features; stage 2 adds
stage 1's scores around the line. Stage 2 is trained on out-of-fold stage-1 scores (folds by
page) so that it learns how far to trust stage 1 on pages it has not seen.

Training uses only the tuning half of the bench pages (scripts/bench/split.py); the check
half is never looked at here except to print line-level figures at the end. The rule's
thresholds (written into the model file) are chosen by cross-validation on the tuning half,
folds by site: for each fold a model is trained on the other sites and the held-out pages are
cleaned exactly as `copydesk check --fix` would (`page_features fix`, the same engine with the
candidate model) and scored as score_boilerplate.py scores them; the thresholds with the best
F1 whose recall stays at or above --min-recall win.

A page that `check --fix` has cleaned once is checked again (the fix loop re-runs every rule
until nothing changes), so the model must also judge partly cleaned pages well: each
training round after the first adds the training pages as the previous round's model leaves
them.

Labels come from the bench's truth (the article body): a line is copy when most of its word
tokens are covered by 4-token shingles of the article body, furniture otherwise. Lines the
story legitimately keeps although the body omits them are left out of training (weight 0):
the page's title line, headline-, byline- and dateline-shaped lines just before the body, and
sentence-like lines between the body's paragraphs (captions). Each line is weighted by its
share of its page's tokens, as the score weights pages equally.

usage: train_boilerplate.py [--pages DIR] [--min-recall R] [--no-cv]
Runs in its own venv (scripts/bench/_venv.py, created on first use).
"""
import argparse
import difflib
import itertools
import os
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _venv import REPO, ensure_venv  # noqa: E402

ensure_venv()
# One thread each: the machine is shared, and OpenMP's spinning threads slow small fits down.
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
from sklearn.ensemble import HistGradientBoostingClassifier  # noqa: E402
from sklearn.model_selection import GroupKFold  # noqa: E402

from split import split  # noqa: E402

WORD = re.compile(r"\w+")
LINE_BREAK = re.compile(r"\r\n|\r|\n")
BYLINE = re.compile(r"^\s*(by|por|von|par|oleh|door)\b", re.I)
DATE = re.compile(
    r"\b(19|20)\d\d\b|\b\d{1,2}:\d\d\b|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|\bago\b",
    re.I,
)
MODEL = REPO / "data" / "boilerplate_block_model.txt"
SCORER = REPO.parent / "shared" / "bench" / "score_boilerplate.py"
# Candidate thresholds (probabilities of furniture) searched by cross-validation.
GRID = {"flag": [0.2, 0.3, 0.4, 0.5], "safe": [0.6, 0.7, 0.8, 0.9], "story": [0.9, 0.95, 0.98]}
DEFAULT = {"flag": 0.5, "safe": 0.8, "story": 0.95}
# The rule's block-level thresholds (src/rules/boilerplate_block.rs, `Thresholds`): outside the
# story a block's fix is safe only with two lines of furniture evidence, and a block with a
# quarter of its lines evidenced makes its lines from 0.6 up safe. Chosen on the tuning half
# with the shipped stage thresholds (`--block` overrides them, e.g. `--block promote=0.7`) so
# that the clean article bodies get no safe fix; written into every model file as they are.
BLOCK = {"evidence_lines": 2.0, "evidence_share": 0.0, "promote": 0.6, "promote_share": 0.25}
PARAMS = dict(max_iter=150, max_leaf_nodes=15, learning_rate=0.1, min_samples_leaf=20,
              l2_regularization=1.0, early_stopping=False, random_state=0)
EXAMPLE = REPO / "target" / "release" / "examples" / "page_features"


def shingle_set(text, n=4):
    toks = WORD.findall(text)
    return {tuple(toks[i:i + n]) for i in range(max(1, len(toks) - n + 1))}


def line_coverage(page, body, n=4):
    """Per draft line: (word tokens, tokens covered by an article shingle)."""
    sh = shingle_set(body, n)
    lines = LINE_BREAK.split(page)
    toks, owner = [], []
    for i, line in enumerate(lines):
        for m in WORD.findall(line):
            toks.append(m)
            owner.append(i)
    cov = [0] * len(toks)
    for i in range(len(toks) - n + 1):
        if tuple(toks[i:i + n]) in sh:
            for j in range(i, i + n):
                cov[j] = 1
    total = [0] * len(lines)
    covered = [0] * len(lines)
    for o, v in zip(owner, cov):
        total[o] += 1
        covered[o] += v
    return lines, total, covered


def labels(page, body):
    """{line: (label, weight)} for every non-blank line; label 1 = furniture."""
    lines, total, covered = line_coverage(page, body)
    page_tokens = max(1, sum(total))
    nonblank = [i for i, l in enumerate(lines) if l.strip()]
    copy = {i for i in nonblank if total[i] and covered[i] * 2 > total[i]}
    body_lines = [i for i in nonblank if i in copy and total[i] >= 4]
    start = body_lines[0] if body_lines else len(lines)
    end = body_lines[-1] if body_lines else -1
    title = set(w.lower() for w in WORD.findall(lines[nonblank[0]])) if nonblank else set()
    # The headline: the line before the body that shares most of the title's words.
    headline, best = None, 0.5
    for i in nonblank:
        if start - 40 <= i < start and i != nonblank[0]:
            words = set(w.lower() for w in WORD.findall(lines[i]))
            if title and words:
                c = len(words & title) / len(title)
                if c >= best:
                    headline, best = i, c
    out = {}
    for i in nonblank:
        label = 0 if i in copy else 1
        weight = (total[i] + 1) / page_tokens
        text = lines[i]
        words = len(WORD.findall(text))
        if label == 1:
            near_top = start - 40 <= i <= start + 2
            if i == nonblank[0] or i == headline:
                weight = 0.0
            elif near_top and words <= 12 and (BYLINE.match(text) or DATE.search(text)):
                weight = 0.0
            elif start < i < end and words >= 8 and text.rstrip().rstrip("”\"')").endswith((".", "!", "?")):
                weight = 0.0
        if total[i] == 0:
            weight = 0.0
        out[i] = (label, weight)
    return out


def run_features(args, files):
    out = subprocess.run([str(EXAMPLE), *args, *files], check=True, capture_output=True, text=True).stdout
    rows = {}
    for line in out.splitlines():
        parts = line.split("\t")
        # Parsed to f32 first, so the f64 values compared against thresholds are exactly the
        # f32 features Rust computes.
        rows[(parts[0], int(parts[1]))] = np.array(parts[2:], dtype=np.float32).astype(np.float64)
    return rows


def forest_lines(m, X):
    """The fitted classifier as model-file lines (the `stage` line first, with a {stage} field)."""
    trees = []
    for (pred,) in m._predictors:
        nodes = pred.nodes
        lines = ["tree"]
        for i in range(len(nodes)):
            if nodes["is_leaf"][i]:
                lines.append(f"leaf {float(nodes['value'][i])!r}")
            else:
                lines.append(f"split {int(nodes['feature_idx'][i])} {float(nodes['num_threshold'][i])!r} "
                             f"{int(nodes['left'][i])} {int(nodes['right'][i])}")
        trees.append((nodes, lines))

    def walk(x):
        total = 0.0
        for nodes, _ in trees:
            i = 0
            while not nodes["is_leaf"][i]:
                i = nodes["left"][i] if x[nodes["feature_idx"][i]] <= nodes["num_threshold"][i] else nodes["right"][i]
            total += float(nodes["value"][i])
        return total

    base = float(m.decision_function(X[:1])[0]) - walk(X[0])
    check = m.decision_function(X[:50])
    assert max(abs(base + walk(X[i]) - check[i]) for i in range(len(check))) < 1e-6, "tree export disagrees"
    return [f"stage {{stage}} features {X.shape[1]} base {base!r}"] + [l for _, ls in trees for l in ls]


def feature_names():
    src = (REPO / "src" / "page" / "features.rs").read_text(encoding="utf-8")

    def const_names(const):
        m = re.search(const + r": \[&str; \d+\] =\s*\[(.*?)\];", src, re.S)
        return re.findall(r'"([^"]+)"', re.sub(r"//[^\n]*", "", m.group(1)))

    n1 = const_names("STAGE1_NAMES")
    return n1, n1 + const_names("STAGE2_EXTRA")


def train(docs):
    """Fits both stages on `docs` ({path: (group, {line: (label, weight)})}). Returns the model
    file's stage lines and, for checks, (stage1, X, keys)."""
    paths = sorted(docs)
    s1 = run_features(["stage1"], paths)
    keys = sorted(s1)
    X = np.stack([s1[k] for k in keys])
    y = np.array([docs[k[0]][1][k[1]][0] for k in keys])
    w = np.array([docs[k[0]][1][k[1]][1] for k in keys])
    w = w / w[w > 0].mean()
    groups = np.array([docs[k[0]][0] for k in keys])
    # Out-of-fold stage-1 scores for stage 2 (folds by site).
    oof = np.zeros(len(keys), dtype=np.float32)
    for tr, te in GroupKFold(n_splits=3).split(X, y, groups):
        m = HistGradientBoostingClassifier(**PARAMS).fit(X[tr], y[tr], sample_weight=w[tr])
        oof[te] = m.decision_function(X[te])
    stage1 = HistGradientBoostingClassifier(**PARAMS).fit(X, y, sample_weight=w)
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as tmp:
        for (f, line), sc in zip(keys, oof):
            tmp.write(f"{f}\t{line}\t{float(sc)!r}\n")
    s2 = run_features(["stage2", tmp.name], paths)
    os.unlink(tmp.name)
    X2 = np.stack([s2[k] for k in keys])
    stage2 = HistGradientBoostingClassifier(**PARAMS).fit(X2, y, sample_weight=w)
    n1, n2 = feature_names()
    assert len(n1) == X.shape[1] and len(n2) == X2.shape[1], "feature names out of step with the dumper"
    lines = [l.replace("{stage}", "1") for l in forest_lines(stage1, X)[:1]] + ["names " + " ".join(n1)]
    lines += forest_lines(stage1, X)[1:]
    lines += [l.replace("{stage}", "2") for l in forest_lines(stage2, X2)[:1]] + ["names " + " ".join(n2)]
    lines += forest_lines(stage2, X2)[1:]
    return lines, (stage1, X, keys)


def with_thresholds(lines, thresholds):
    thresholds = {**BLOCK, **thresholds}
    return "\n".join(lines + [f"threshold {k} {v!r}" for k, v in sorted(thresholds.items())]) + "\n"


def fix_copies(model_text, sources, folder):
    """Copies `sources` ({key: path}) into `folder` and cleans them with the model."""
    folder.mkdir(parents=True, exist_ok=True)
    model = folder / "model.txt"
    model.write_text(model_text, encoding="utf-8")
    out = {}
    for key, path in sources.items():
        out[key] = folder / f"{key}.txt"
        shutil.copy(path, out[key])
    subprocess.run([str(EXAMPLE), "fix", str(model), *map(str, out.values())], check=True)
    return out


def without_lines(text, drop):
    """`text` without the lines whose indices are in `drop` (line breaks normalised to \\n)."""
    return "\n".join(l for i, l in enumerate(LINE_BREAK.split(text)) if i not in drop)


def deleted_lines(before, after):
    """Indices of the lines of `before` that are gone from `after`."""
    a, b = LINE_BREAK.split(before), LINE_BREAK.split(after)
    gone = set()
    for op, a1, a2, _, _ in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            gone.update(range(a1, a2))
    return gone


def fit(keys, pages, truth, rounds, work):
    """Trains on pages `keys`; returns the model file's stage lines.

    Besides each page as pasted, training sees it partly cleaned, as the fix loop's next pass
    will: round 1 adds the page without every line labelled furniture (what an ideal first pass
    leaves: the story with its headline, byline and captions), and each later round adds the
    page without the furniture lines the previous round's model removed. Copy the previous
    model removed by mistake is put back, so that the model learns to keep it."""
    def doc(path, key):
        return (site(truth[key]), labels(Path(path).read_text(encoding="utf-8"), truth[key].get("articleBody", "")))

    folder = Path(tempfile.mkdtemp(dir=work))
    docs = {}
    for k in keys:
        path = pages / f"{k}.txt"
        docs[str(path)] = doc(path, k)
        text = path.read_text(encoding="utf-8")
        furniture = {i for i, (y, w) in docs[str(path)][1].items() if y == 1 and w > 0}
        ideal = folder / f"{k}.ideal.txt"
        ideal.write_text(without_lines(text, furniture), encoding="utf-8")
        docs[str(ideal)] = doc(ideal, k)
    lines = None
    for r in range(1, rounds + 1):
        if r > 1:
            cleaned = fix_copies(with_thresholds(lines, DEFAULT), {k: pages / f"{k}.txt" for k in keys},
                                 Path(tempfile.mkdtemp(dir=work)))
            for k, path in cleaned.items():
                text = (pages / f"{k}.txt").read_text(encoding="utf-8")
                labelled = docs[str(pages / f"{k}.txt")][1]
                gone = {i for i in deleted_lines(text, path.read_text(encoding="utf-8"))
                        if labelled.get(i, (0, 0))[0] == 1}
                partial = folder / f"{k}.round{r}.txt"
                partial.write_text(without_lines(text, gone), encoding="utf-8")
                docs[str(partial)] = doc(partial, k)
        lines, extra = train(docs)
    return lines, extra


def site(entry):
    return entry.get("url", "").split("/")[2] if entry.get("url", "").count("/") >= 2 else entry.get("url", "")


def load_scorer():
    import importlib.util
    spec = importlib.util.spec_from_file_location("score_boilerplate", SCORER)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def summarise(counts, sb):
    p = [sb.ratio(tp, fp, fn) for tp, fp, fn in counts if tp + fp > 0]
    r = [sb.ratio(tp, fn, fp) for tp, fp, fn in counts if tp + fn > 0]
    P, R = sum(p) / max(1, len(p)), sum(r) / max(1, len(r))
    return (2 * P * R / (P + R) if P + R else 0.0), P, R


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", default=str(REPO.parent / "shared" / "bench" / "pages-dev"))
    ap.add_argument("--rounds", type=int, default=2,
                    help="training rounds; each round after the first adds the training pages as the "
                         "previous round's model leaves them after the fix loop")
    ap.add_argument("--min-recall", type=float, default=0.985,
                    help="cross-validated recall the chosen thresholds must keep (the floor is 0.98)")
    ap.add_argument("--folds", type=int, default=3)
    ap.add_argument("--no-cv", action="store_true", help="skip cross-validation; use default thresholds")
    ap.add_argument("--keep", action="store_true", help="keep the cleaned cross-validation pages (for study)")
    ap.add_argument("--out", default=str(MODEL), help="where to write the model (default: the shipped file)")
    ap.add_argument("--iters", type=int, default=PARAMS["max_iter"])
    ap.add_argument("--leaves", type=int, default=PARAMS["max_leaf_nodes"])
    ap.add_argument("--min-leaf", type=int, default=PARAMS["min_samples_leaf"])
    ap.add_argument("--lr", type=float, default=PARAMS["learning_rate"])
    ap.add_argument("--block", action="append", default=[], metavar="NAME=VALUE",
                    help="override one of the block-level thresholds (BLOCK)")
    a = ap.parse_args()
    for item in a.block:
        name, value = item.split("=", 1)
        if name not in BLOCK:
            sys.exit(f"--block: unknown threshold {name} (known: {', '.join(BLOCK)})")
        BLOCK[name] = float(value)
    PARAMS.update(max_iter=a.iters, max_leaf_nodes=a.leaves, min_samples_leaf=a.min_leaf, learning_rate=a.lr)
    out_path = Path(a.out)
    pages = Path(a.pages)
    truth = json.loads((pages / "truth.json").read_text(encoding="utf-8"))
    halves = split(truth)
    tune = sorted(halves["tune"])
    sb = load_scorer()
    subprocess.run(["cargo", "build", "--release", "--quiet", "--example", "page_features"], cwd=REPO, check=True)
    work = Path(tempfile.mkdtemp())

    chosen = dict(DEFAULT)
    if not a.no_cv:
        combos = [dict(zip(GRID, v)) for v in itertools.product(*GRID.values())]
        counts = {i: [] for i in range(len(combos))}
        sites = [site(truth[k]) for k in tune]
        for fold, (tr, te) in enumerate(GroupKFold(n_splits=a.folds).split(tune, groups=sites)):
            train_keys = [tune[i] for i in tr]
            held = [tune[i] for i in te]
            lines, _ = fit(train_keys, pages, truth, a.rounds, work)
            for i, combo in enumerate(combos):
                cleaned = fix_copies(with_thresholds(lines, combo), {k: pages / f"{k}.txt" for k in held},
                                     work / f"fold{fold}" / f"c{i}")
                for k in held:
                    counts[i].append(sb.page_counts(truth[k].get("articleBody", ""), cleaned[k].read_text(encoding="utf-8")))
            print(f"[train] fold {fold + 1}/{a.folds} done ({len(held)} held-out pages)", file=sys.stderr)
        results = [(summarise(counts[i], sb), combos[i]) for i in range(len(combos))]
        ok = [r for r in results if r[0][2] >= a.min_recall] or [max(results, key=lambda r: r[0][2])]
        best = max(ok, key=lambda r: r[0][0])
        for (f1, p, r), combo in sorted(results, key=lambda r: -r[0][0])[:8]:
            print(f"[train]   cv F1={f1:.3f} P={p:.3f} R={r:.3f} {combo}", file=sys.stderr)
        chosen = best[1]
        if a.keep:
            print(f"[train] cleaned held-out pages for {chosen} in {work}/fold*/c{combos.index(chosen)}", file=sys.stderr)
        print(f"[train] chosen {chosen}: cv F1={best[0][0]:.3f} P={best[0][1]:.3f} R={best[0][2]:.3f}", file=sys.stderr)

    lines, (stage1, X, keys) = fit(tune, pages, truth, a.rounds, work)
    digest = hashlib.sha256(json.dumps(tune).encode()).hexdigest()[:16]
    header = [
        "# The boilerplate-block model: two stages of gradient-boosted trees over line features",
        "# (src/page/features.rs) and the rule's thresholds; format in src/page/model.rs.",
        "# Generated by scripts/bench/train_boilerplate.py (scikit-learn HistGradientBoostingClassifier,",
        f"# {PARAMS['max_iter']} trees of at most {PARAMS['max_leaf_nodes']} leaves per stage, learning rate {PARAMS['learning_rate']},",
        f"# at least {PARAMS['min_samples_leaf']} lines per leaf) from the tuning half of the",
        f"# bench pages ({len(tune)} pages, key-list digest {digest}; labels from the pages' article bodies,",
        "# github.com/scrapinghub/article-extraction-benchmark, MIT). The file holds only split",
        "# thresholds and leaf values, no text from the pages. Licence: same as copydesk.",
    ]
    out_path.write_text("\n".join(header) + "\n" + with_thresholds(lines, chosen), encoding="utf-8")
    print(f"[train] wrote {out_path} ({out_path.stat().st_size // 1024} KiB)", file=sys.stderr)
    if out_path.resolve() != MODEL.resolve():
        return

    # Rust's inference must agree with scikit-learn's on the rows it was trained on.
    subprocess.run(["cargo", "build", "--release", "--quiet", "--example", "page_features"], cwd=REPO, check=True)
    expected = dict(zip(keys, stage1.decision_function(X)))
    originals = [str(pages / f"{k}.txt") for k in tune]
    out = subprocess.run([str(EXAMPLE), "scores", *originals], check=True, capture_output=True, text=True).stdout
    worst = max(abs(float(r.split("\t")[2]) - expected[(r.split("\t")[0], int(r.split("\t")[1]))])
                for r in out.splitlines())
    assert worst < 1e-3, f"Rust and scikit-learn stage-1 scores differ by {worst}"
    print(f"[train] Rust and scikit-learn stage-1 scores agree (max difference {worst:.2e})", file=sys.stderr)
    if not a.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
