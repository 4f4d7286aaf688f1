#!/usr/bin/env python3
"""False-positive rate of copydesk on clean, edited article bodies.

The bodies are the `articleBody` fields of ../shared/bench/pages-dev/truth.json (real,
edited copy from the public article-extraction benchmark). Anything copydesk reports on them
is, to a first approximation, nagging good copy. This script writes each body to a file in a
temporary folder, runs the release binary once over the folder with no configuration and once
with the AP pack, and prints findings per 1,000 words, per rule and in total.

usage: scripts/bench/false_positives.py [--truth PATH] [--bin PATH] [--styles none,ap,international]
                                        [--show RULE] [--limit N]

  --show RULE   also print each finding of RULE with its line, to read and tune on.

The pack is selected with `copydesk check --style NAME` when the binary has that flag, else
with a `copydesk.toml` (`style = "NAME"`) written into the temporary folder. When neither
takes effect (a binary built before configuration loading landed) the script says so rather
than report a figure for the wrong configuration.

Words are counted as whitespace-separated tokens. Not part of CI: it reads ../shared.
"""
import argparse, collections, json, os, subprocess, sys, tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(binary, folder, style):
    args = [str(binary), "check", "--format", "json"]
    help_text = subprocess.run([str(binary), "check", "--help"], capture_output=True, text=True).stdout
    config = folder / "copydesk.toml"
    if config.exists():
        config.unlink()
    how = "no configuration"
    if style != "none":
        if "--style" in help_text:
            args += ["--style", style]
            how = f"--style {style}"
        else:
            config.write_text(f'style = "{style}"\n')
            how = f"copydesk.toml style = \"{style}\""
    args.append(".")
    out = subprocess.run(args, cwd=folder, capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"copydesk exited {out.returncode} ({how}): {out.stderr.strip()}")
    return json.loads(out.stdout), how


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--truth", default=str(ROOT.parent / "shared/bench/pages-dev/truth.json"))
    p.add_argument("--bin", default=str(ROOT / "target/release/copydesk"))
    p.add_argument("--styles", default="none,ap")
    p.add_argument("--show", action="append", default=[])
    p.add_argument("--limit", type=int, default=1000)
    a = p.parse_args()
    truth = json.loads(Path(a.truth).read_text())
    if not Path(a.bin).exists():
        sys.exit(f"no binary at {a.bin}: run `cargo build --release` first")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        words = 0
        bodies = {}
        for key, page in sorted(truth.items()):
            body = page.get("articleBody") or ""
            (folder / f"{key}.txt").write_text(body)
            bodies[f"{key}.txt"] = body
            words += len(body.split())
        print(f"{len(truth)} bodies, {words} words")
        style_rules = None
        for style in a.styles.split(","):
            result, how = run(a.bin, folder, style)
            counts = collections.Counter()
            shown = collections.Counter()
            for f in result["files"]:
                name = os.path.basename(f["path"])
                lines = bodies.get(name, "").split("\n")
                for d in f["diagnostics"]:
                    counts[d["rule"]] += 1
                    if d["rule"] in a.show and shown[d["rule"]] < a.limit:
                        shown[d["rule"]] += 1
                        line = lines[d["line"] - 1] if d["line"] - 1 < len(lines) else ""
                        col = d["column"] - 1
                        ctx = line[max(0, col - 60): col + 60]
                        print(f"  {d['rule']} {name[:8]}:{d['line']}:{d['column']} {d['message']}\n      …{ctx}…")
            total = sum(counts.values())
            print(f"\n== style {style} ({how}): {total} findings, {1000 * total / words:.2f} per 1,000 words")
            for rule, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
                print(f"  {rule:24} {n:5}  {1000 * n / words:6.2f} per 1,000 words")
            if counts.get("quote-marks"):
                rest = total - counts["quote-marks"]
                print(f"  (without quote-marks, which follows the separate [quotes] marks setting: "
                      f"{rest} findings, {1000 * rest / words:.2f} per 1,000 words)")
            if style != "none" and style_rules is not None and counts == style_rules:
                print(f"  NOTE: identical to the previous run — the binary probably ignored the style ({how}).")
            style_rules = counts


if __name__ == "__main__":
    main()
