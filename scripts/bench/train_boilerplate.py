#!/usr/bin/env python3
"""Train the `boilerplate-block` model and write data/boilerplate_block_model.txt.

The model is two stages of gradient-boosted trees (scikit-learn's GradientBoostingClassifier)
over the line features that copydesk itself computes (src/page/features.rs, printed by
`cargo run --release --example page_features`), so that training and inference see the very
same numbers. Stage 1 scores each line from its own and its neighbours' features; stage 2 adds
stage 1's scores around the line. Stage 2 is trained on out-of-fold stage-1 scores (folds by
page) so that it learns how far to trust stage 1 on pages it has not seen.

Training uses only the tuning half of the bench pages (scripts/bench/split.py); the check
half is never looked at here except to print line-level figures at the end.

Labels come from the bench's truth (the article body): a line is copy when most of its word
tokens are covered by 4-token shingles of the article body, furniture otherwise. Lines the
story legitimately keeps although the body omits them are left out of training (weight 0):
the page's title line, headline-, byline- and dateline-shaped lines just before the body, and
sentence-like lines between the body's paragraphs (captions). Each line is weighted by its
share of its page's tokens, as the score weights pages equally.

usage: train_boilerplate.py [--pages DIR] [--trees N] [--depth D]
Runs in its own venv (scripts/bench/_venv.py, created on first use).
"""
import argparse
import hashlib
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _venv import REPO, ensure_venv  # noqa: E402

ensure_venv()

import numpy as np  # noqa: E402
from sklearn.ensemble import GradientBoostingClassifier  # noqa: E402
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
        rows[(parts[0], int(parts[1]))] = np.array(parts[2:], dtype=np.float32)
    return rows


def export(forest, base, names):
    lines = [f"stage {{stage}} features {len(names)} base {base!r}", "names " + " ".join(names)]
    lr = forest.learning_rate
    for est in forest.estimators_[:, 0]:
        t = est.tree_
        lines.append("tree")
        for node in range(t.node_count):
            if t.children_left[node] == -1:
                lines.append(f"leaf {float(t.value[node][0][0]) * lr!r}")
            else:
                lines.append(
                    f"split {t.feature[node]} {float(t.threshold[node])!r} {t.children_left[node]} {t.children_right[node]}"
                )
    return lines


def base_score(forest, X):
    """The forest's initial raw score (the log-odds of its weighted prior): the decision
    function minus what its trees add, which is the same for every row."""
    row = X[:1]
    trees = sum(est.predict(row)[0] for est in forest.estimators_[:, 0]) * forest.learning_rate
    return float(forest.decision_function(row)[0] - trees)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", default=str(REPO.parent / "shared" / "bench" / "pages-dev"))
    ap.add_argument("--trees", type=int, default=120)
    ap.add_argument("--depth", type=int, default=4)
    a = ap.parse_args()
    pages = Path(a.pages)
    truth = json.loads((pages / "truth.json").read_text(encoding="utf-8"))
    halves = split(truth)

    subprocess.run(["cargo", "build", "--release", "--quiet", "--example", "page_features"], cwd=REPO, check=True)

    def files(half):
        return [str(pages / f"{k}.txt") for k in halves[half]]

    lab = {}
    for key, entry in truth.items():
        f = str(pages / f"{key}.txt")
        text = Path(f).read_text(encoding="utf-8")
        for line, lw in labels(text, entry.get("articleBody", "")).items():
            lab[(f, line)] = lw

    s1 = run_features(["stage1"], files("tune"))
    keys = sorted(s1)
    X = np.stack([s1[k] for k in keys])
    y = np.array([lab[k][0] for k in keys])
    w = np.array([lab[k][1] for k in keys])
    w = w / w[w > 0].mean()
    groups = np.array([k[0] for k in keys])
    params = dict(n_estimators=a.trees, max_depth=a.depth, learning_rate=0.1, subsample=0.8, random_state=0)
    print(f"[train] stage 1 on {len(keys)} lines of {len(halves['tune'])} pages", file=sys.stderr)

    # Out-of-fold stage-1 scores for stage 2.
    oof = np.zeros(len(keys), dtype=np.float32)
    for tr, te in GroupKFold(n_splits=5).split(X, y, groups):
        m = GradientBoostingClassifier(**params).fit(X[tr], y[tr], sample_weight=w[tr])
        oof[te] = m.decision_function(X[te])
    stage1 = GradientBoostingClassifier(**params).fit(X, y, sample_weight=w)

    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as tmp:
        for (f, line), s in zip(keys, oof):
            tmp.write(f"{f}\t{line}\t{float(s)!r}\n")
    s2 = run_features(["stage2", tmp.name], files("tune"))
    X2 = np.stack([s2[k] for k in keys])
    stage2 = GradientBoostingClassifier(**params).fit(X2, y, sample_weight=w)

    src = (REPO / "src" / "page" / "features.rs").read_text(encoding="utf-8")

    def const_names(const):
        m = re.search(const + r": \[&str; \d+\] =\s*\[(.*?)\];", src, re.S)
        return re.findall(r'"([^"]+)"', re.sub(r"//[^\n]*", "", m.group(1)))

    n1 = const_names("STAGE1_NAMES")
    n2 = n1 + const_names("STAGE2_EXTRA")
    assert len(n1) == X.shape[1] and len(n2) == X2.shape[1], "feature names out of step with the dumper"
    digest = hashlib.sha256(json.dumps(sorted(halves["tune"])).encode()).hexdigest()[:16]
    header = [
        "# The boilerplate-block model: two stages of gradient-boosted trees over line features",
        "# (src/page/features.rs); format in src/page/model.rs.",
        "# Generated by scripts/bench/train_boilerplate.py (scikit-learn GradientBoostingClassifier,",
        f"# {a.trees} trees of depth {a.depth} per stage) from the tuning half of the bench pages",
        f"# ({len(halves['tune'])} pages, key-list digest {digest}; labels from the pages' article bodies,",
        "# github.com/scrapinghub/article-extraction-benchmark, MIT). The file holds only split",
        "# thresholds and leaf values, no text from the pages. Licence: same as copydesk.",
    ]
    body = [l.replace("{stage}", "1") for l in export(stage1, base_score(stage1, X), n1)]
    body += [l.replace("{stage}", "2") for l in export(stage2, base_score(stage2, X2), n2)]
    MODEL.write_text("\n".join(header + body) + "\n", encoding="utf-8")
    print(f"[train] wrote {MODEL.relative_to(REPO)} ({MODEL.stat().st_size // 1024} KiB)", file=sys.stderr)

    # Line-level figures (token-weighted) on both halves, with the model just written.
    subprocess.run(["cargo", "build", "--release", "--quiet", "--example", "page_features"], cwd=REPO, check=True)
    expected = dict(zip(keys, stage1.decision_function(X)))
    for half in ("tune", "check"):
        out = subprocess.run([str(EXAMPLE), "scores", *files(half)], check=True, capture_output=True, text=True).stdout
        if half == "tune":
            # Rust's inference must agree with scikit-learn's on the rows it was trained on.
            worst = max(abs(float(r.split("\t")[2]) - expected[(r.split("\t")[0], int(r.split("\t")[1]))])
                        for r in out.splitlines())
            assert worst < 1e-3, f"Rust and scikit-learn stage-1 scores differ by {worst}"
            print(f"[train] Rust and scikit-learn stage-1 scores agree (max difference {worst:.2e})", file=sys.stderr)
        tp = fp = fn = 0.0
        for row in out.splitlines():
            f, line, _, p = row.split("\t")
            label, weight = lab[(f, int(line))]
            pred = float(p) >= 0.5
            if weight == 0:
                continue
            tp += weight * (pred and label == 1)
            fp += weight * (pred and label == 0)
            fn += weight * (not pred and label == 1)
        print(f"[train] {half}: furniture precision {tp / max(tp + fp, 1e-9):.3f} recall {tp / max(tp + fn, 1e-9):.3f}",
              file=sys.stderr)


if __name__ == "__main__":
    main()
