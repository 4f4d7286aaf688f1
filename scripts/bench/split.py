#!/usr/bin/env python3
"""Split a bench page folder into a tuning half and a check half, deterministically.

Pages are ordered by the SHA-256 of their key (the file name without `.txt`); pages at even
positions form the tuning half, pages at odd positions the check half (so the halves differ in
size by at most one). The boilerplate model is trained and its
thresholds chosen on the tuning half only; the check half is only ever scored.

usage: split.py SRC OUT
  writes OUT/tune and OUT/check, each with its own truth.json and links to SRC's pages,
  so that score_boilerplate.py can run on either half.
"""
import hashlib
import json
import os
import sys
from pathlib import Path


def split(truth: dict) -> dict:
    """{'tune': {key: entry}, 'check': {key: entry}} from a truth.json mapping."""
    order = sorted(truth, key=lambda k: hashlib.sha256(k.encode()).hexdigest())
    out = {"tune": {}, "check": {}}
    for i, key in enumerate(order):
        out["tune" if i % 2 == 0 else "check"][key] = truth[key]
    return out


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    src, dst = Path(sys.argv[1]).resolve(), Path(sys.argv[2])
    truth = json.loads((src / "truth.json").read_text(encoding="utf-8"))
    for name, part in split(truth).items():
        folder = dst / name
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.txt"):
            old.unlink()
        for key in part:
            os.symlink(src / f"{key}.txt", folder / f"{key}.txt")
        (folder / "truth.json").write_text(json.dumps(part, ensure_ascii=False), encoding="utf-8")
        print(f"{name}: {len(part)} pages", file=sys.stderr)


if __name__ == "__main__":
    main()
