#!/usr/bin/env python3
"""Latency and memory bench for `copydesk lsp` (not part of CI).

Drives the release server over stdio the way an editor does (see lspclient.py: raw JSON-RPC,
standard library only) on two drafts made by drafts.py — a 1,000-word story and a
100,000-word live blog — and prints:

- time to first diagnostics after didOpen (push and pull mode);
- edit → diagnostics, p50/p99, for a few hundred single-character edits (typing, with the odd
  backspace) in the middle of each draft: END TO END as the client sees it (from writing the
  didChange to reading the diagnostics; push mode includes the server's debounce) and
  SERVER-SIDE as the server measures it (`copydesk/stats`: from the change's arrival to
  diagnostics ready, debounce excluded);
- the same harness against harper-ls (push) when it is installed, and the ratio;
- peak RSS (VmHWM) of the server with 10 drafts open, after a hover on names in each (which
  loads the gazetteer where the server has one).

Usage:  python3 scripts/bench/lsp_latency.py [--bin target/release/copydesk]
                 [--harper /work/peers/harper/bin/harper-ls] [--edits 300] [--json OUT]
Build first: cargo build --release.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))

import drafts  # noqa: E402
from lspclient import PULL_CAPABILITIES, PULL_REFRESH_CAPABILITIES, PUSH_CAPABILITIES, Client, Text, percentile  # noqa: E402

# What the bench types, one character per edit: prose with a doubled word (so findings change
# as it is typed), curly quotes, an em dash and an emoji (two UTF-16 units).
TYPED = " Officials said the the barrier at the harbour would be checked again on Friday — “twice, to be sure”, one engineer said 😀."


def typing_edits(count: int) -> list[tuple[str, str]]:
    """`count` edits: ('insert', char) or ('backspace', ''); every 17th keystroke is a
    backspace followed by retyping the character."""
    out: list[tuple[str, str]] = []
    i = 0
    while len(out) < count:
        ch = TYPED[i % len(TYPED)]
        out.append(("insert", ch))
        if i % 17 == 16 and len(out) < count - 1:
            out.append(("backspace", ""))
            out.append(("insert", ch))
        i += 1
    return out[:count]


def insertion_point(text: str) -> int:
    """The end of the paragraph nearest the middle of the draft (before its blank line)."""
    mid = len(text) // 2
    at = text.find("\n\n", mid)
    return at if at != -1 else len(text)


def ms(seconds: float) -> float:
    return seconds * 1000.0


def run_session(command: list[str], text: str, mode: str, edits: int, copydesk: bool) -> dict:
    """One server process, one draft: open, then type. Returns the figures in milliseconds."""
    caps = {"push": PUSH_CAPABILITIES, "pull": PULL_CAPABILITIES, "pull+r": PULL_REFRESH_CAPABILITIES}[mode]
    pull = mode.startswith("pull")
    client = Client(command)
    try:
        client.initialize(caps, root_uri=None)
        if pull and not client.pull:
            raise RuntimeError("server did not agree to pull diagnostics")
        uri = "file:///bench/draft.md"
        if copydesk:
            client.request("copydesk/stats", {"reset": True})
        doc = Text(text)
        # First diagnostics after open.
        sent = client.open(uri, text, version=1)
        if pull:
            rid, _ = client.request_async("textDocument/diagnostic", {"textDocument": {"uri": uri}})
            arrived, _ = client.wait_response(rid)
        else:
            arrived, _ = client.wait_published(uri, sent, 1)
        first = ms(arrived - sent)

        # Typing in the middle of the draft; each edit waits for its diagnostics.
        cursor = insertion_point(doc.text)
        e2e = []
        for n, (kind, ch) in enumerate(typing_edits(edits)):
            version = n + 2
            if kind == "insert":
                change = doc.replace(cursor, cursor, ch, client.encoding)
                cursor += 1
            else:
                change = doc.replace(cursor - 1, cursor, "", client.encoding)
                cursor -= 1
            sent = client.change(uri, version, [change])
            if pull:
                rid, _ = client.request_async("textDocument/diagnostic", {"textDocument": {"uri": uri}})
                arrived, message = client.wait_response(rid)
                if "error" in message:
                    raise RuntimeError(message["error"])
            else:
                arrived, _ = client.wait_published(uri, sent, version)
            e2e.append(ms(arrived - sent))

        result = {
            "first_ms": first,
            "e2e_p50_ms": percentile(e2e, 50),
            "e2e_p99_ms": percentile(e2e, 99),
            "edits": len(e2e),
        }
        if copydesk:
            report = client.request("copydesk/stats", {"reset": True})
            samples = [s for s in report["samples"] if s["uri"] == uri and s["mode"] == ("pull" if pull else "push")]
            opens = [s for s in samples if s["version"] == 1]
            typed = [s for s in samples if s["version"] >= 2]
            server = [s["serverUs"] / 1000 for s in typed]
            check = [s["checkUs"] / 1000 for s in typed]
            result.update(
                {
                    "debounce_ms": report["debounceMs"],
                    "server_first_ms": opens[0]["serverUs"] / 1000 if opens else float("nan"),
                    "server_p50_ms": percentile(server, 50),
                    "server_p99_ms": percentile(server, 99),
                    "server_max_ms": max(server) if server else float("nan"),
                    "check_p50_ms": percentile(check, 50),
                    "samples": len(server),
                    "diagnostics": typed[-1]["diagnostics"] if typed else 0,
                }
            )
        return result
    finally:
        client.close()


def memory(command: list[str]) -> dict:
    """Peak RSS with 10 drafts open (8 stories, a 10,000-word and a 100,000-word live blog),
    each checked (pull) and hovered on a few capitalised words (names and places)."""
    client = Client(command)
    try:
        client.initialize(PULL_CAPABILITIES)
        start = client.status()
        texts = [drafts.story(seed=s) for s in range(1, 9)]
        texts += [drafts.live_blog(10_000, seed=3), drafts.live_blog(100_000, seed=2)]
        hovers = 0
        for i, text in enumerate(texts):
            uri = f"file:///bench/memory-{i}.md"
            client.open(uri, text)
            client.request("textDocument/diagnostic", {"textDocument": {"uri": uri}})
            if "hoverProvider" in client.capabilities:
                doc = Text(text)
                for name in ["Eastmere", "Caldwick", "Maria Okafor", "Okafor"]:
                    at = text.find(name)
                    if at >= 0:
                        client.request(
                            "textDocument/hover",
                            {"textDocument": {"uri": uri}, "position": doc.position(at + 1, client.encoding)},
                        )
                        hovers += 1
        end = client.status()
        return {
            "drafts": len(texts),
            "hovers": hovers,
            "rss_start_mb": start["VmRSS"] / 1024,
            "rss_mb": end["VmRSS"] / 1024,
            "peak_rss_mb": end["VmHWM"] / 1024,
        }
    finally:
        client.close()


def fmt(v: float) -> str:
    return f"{v:8.2f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=str(REPO / "target" / "release" / "copydesk"))
    parser.add_argument("--harper", default=os.environ.get("HARPER_LS", "/work/peers/harper/bin/harper-ls"))
    parser.add_argument("--edits", type=int, default=300)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()

    if not Path(args.bin).exists():
        sys.exit(f"{args.bin} not found: run `cargo build --release` first")
    copydesk = [args.bin, "lsp"]
    harper = shutil.which(args.harper) or (args.harper if Path(args.harper).exists() else None)

    texts = {"story (1,000 words)": drafts.story(), "live blog (100,000 words)": drafts.live_blog()}
    results: dict = {"copydesk": {}, "harper-ls": {}, "memory": {}}
    print(f"copydesk: {args.bin}; {args.edits} edits per draft; typing one character per edit\n")
    header = f"{'draft':28} {'mode':5} {'first':>8} {'e2e p50':>8} {'e2e p99':>8} {'srv p50':>8} {'srv p99':>8} {'srv max':>8} {'srv 1st':>8}"
    print(header + "   (milliseconds)")
    for name, text in texts.items():
        for mode in ("push", "pull", "pull+r"):
            r = run_session(copydesk, text, mode, args.edits, copydesk=True)
            results["copydesk"][f"{name} / {mode}"] = r
            print(
                f"{name:28} {mode:5} {fmt(r['first_ms'])} {fmt(r['e2e_p50_ms'])} {fmt(r['e2e_p99_ms'])}"
                f" {fmt(r['server_p50_ms'])} {fmt(r['server_p99_ms'])} {fmt(r['server_max_ms'])} {fmt(r['server_first_ms'])}"
            )
    debounce = next(iter(results["copydesk"].values()))["debounce_ms"]
    print(f"\ndebounce (server::DEBOUNCE, push mode, changes only): {debounce} ms")

    print()
    if harper is None:
        print(f"harper-ls: not installed (looked for {args.harper}); no peer figures")
        results["harper-ls"] = None
    else:
        print(f"harper-ls: {harper} (push; end to end only)")
        for name, text in texts.items():
            try:
                r = run_session([harper, "--stdio"], text, "push", args.edits, copydesk=False)
            except (RuntimeError, TimeoutError) as e:
                print(f"{name:28} harper-ls failed: {e}")
                continue
            results["harper-ls"][name] = r
            ours = results["copydesk"][f"{name} / push"]
            print(
                f"{name:28} push  {fmt(r['first_ms'])} {fmt(r['e2e_p50_ms'])} {fmt(r['e2e_p99_ms'])}"
                f"   ratio harper/copydesk: first {r['first_ms'] / ours['first_ms']:.1f}x,"
                f" e2e p50 {r['e2e_p50_ms'] / ours['e2e_p50_ms']:.1f}x, e2e p99 {r['e2e_p99_ms'] / ours['e2e_p99_ms']:.1f}x,"
                f" vs copydesk server p99 {r['e2e_p99_ms'] / ours['server_p99_ms']:.0f}x"
            )

    m = memory(copydesk)
    results["memory"] = m
    print(
        f"\nmemory: {m['drafts']} drafts open, {m['hovers']} hovers: RSS {m['rss_mb']:.1f} MB,"
        f" peak (VmHWM) {m['peak_rss_mb']:.1f} MB (RSS after initialize {m['rss_start_mb']:.1f} MB)"
    )
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
