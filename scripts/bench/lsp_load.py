#!/usr/bin/env python3
"""Load test for `copydesk lsp` (not part of CI): many drafts open, everyone typing at once.

Opens 50 drafts (1,000-word stories from drafts.py, each with its own seed) in one server
over stdio, push mode, then for 60 seconds sends 20 single-character edits per second to each
(1,000 edits a second in all, spread evenly), and measures:

- edit → diagnostics latency, end to end: from writing an edit to the first
  publishDiagnostics for that document carrying that version or a later one (the server
  debounces bursts, so one publish may answer several edits), p50/p90/p99/max;
- edits that never got diagnostics by the end (should be 0);
- the server's RSS after opening and at the end, and its peak (VmHWM), sampled every 5 s,
  to show that memory does not grow.

Bounded and self-stopping: the edit loop stops after --seconds, waits at most 10 s for the
last diagnostics, then shuts the server down (and kills it if it does not exit).

Usage:  python3 scripts/bench/lsp_load.py [--bin target/release/copydesk]
                 [--drafts 50] [--rate 20] [--seconds 60]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))

import drafts  # noqa: E402
from lspclient import PUSH_CAPABILITIES, Client, Text, percentile  # noqa: E402

TYPED = "The council said the the budget would be cut — “again” next year. "


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=str(REPO / "target" / "release" / "copydesk"))
    parser.add_argument("--drafts", type=int, default=50)
    parser.add_argument("--rate", type=float, default=20.0, help="edits per second per draft")
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args()
    if not Path(args.bin).exists():
        sys.exit(f"{args.bin} not found: run `cargo build --release` first")

    client = Client([args.bin, "lsp"])
    try:
        client.initialize(PUSH_CAPABILITIES)
        docs = []
        for i in range(args.drafts):
            uri = f"file:///load/draft-{i:02}.md"
            text = drafts.story(seed=100 + i)
            sent = client.open(uri, text)
            docs.append({"uri": uri, "text": Text(text), "cursor": text.find("\n\n", len(text) // 2), "version": 1})
        for d in docs:
            client.wait_published(d["uri"], 0, 1)
        client.request("copydesk/stats", {"reset": True})
        rss_open = client.status()
        print(f"{args.drafts} drafts open; RSS {rss_open['VmRSS'] / 1024:.1f} MB")

        # (uri, version) -> time sent
        sent_at: dict[tuple[str, int], float] = {}
        interval = 1.0 / (args.rate * args.drafts)
        samples = [(0.0, rss_open["VmRSS"], rss_open["VmHWM"])]
        start = time.perf_counter()
        next_sample = start + 5
        n = 0
        while True:
            now = time.perf_counter()
            if now - start >= args.seconds:
                break
            due = start + n * interval
            if due > now:
                time.sleep(due - now)
            d = docs[n % len(docs)]
            ch = TYPED[(n // len(docs)) % len(TYPED)]
            change = d["text"].replace(d["cursor"], d["cursor"], ch, client.encoding)
            d["cursor"] += 1
            d["version"] += 1
            sent_at[(d["uri"], d["version"])] = client.change(d["uri"], d["version"], [change])
            n += 1
            if time.perf_counter() >= next_sample:
                s = client.status()
                samples.append((time.perf_counter() - start, s["VmRSS"], s["VmHWM"]))
                next_sample += 5
        elapsed = time.perf_counter() - start
        # Wait (bounded) for the last version of every draft.
        deadline = time.monotonic() + 10
        for d in docs:
            try:
                client.wait_published(d["uri"], 0, d["version"], timeout=max(0.1, deadline - time.monotonic()))
            except TimeoutError:
                pass
        rss_end = client.status()
        report = client.request("copydesk/stats", {"reset": True})
        server = [x["serverUs"] / 1000 for x in report["samples"] if x["mode"] == "push" and x["version"] > 1]

        latencies = []
        missing = 0
        with client.lock:
            published = {uri: list(items) for uri, items in client.published.items()}
        for d in docs:
            pubs = [(t, p.get("version") or 0) for t, p in published.get(d["uri"], [])]
            j = 0
            for v in range(2, d["version"] + 1):
                sent = sent_at[(d["uri"], v)]
                while j < len(pubs) and pubs[j][1] < v:
                    j += 1
                if j == len(pubs):
                    missing += 1
                    continue
                latencies.append((pubs[j][0] - sent) * 1000)
        ms = [f"p{p} {percentile(latencies, p):.1f}" for p in (50, 90, 99)]
        print(
            f"{n} edits in {elapsed:.1f} s ({n / elapsed:.0f}/s: {args.rate:g}/s on each of {args.drafts} drafts);"
            f" diagnostics for {len(latencies)}, missing {missing}"
        )
        print(f"edit → diagnostics, end to end (ms): {', '.join(ms)}, max {max(latencies):.1f}")
        print(
            f"server-side, last {len(server)} checks (ms): "
            + ", ".join(f"p{p} {percentile(server, p):.2f}" for p in (50, 90, 99))
            + f", max {max(server):.2f}"
        )
        print("RSS over the run (s: RSS MB / peak MB): " + ", ".join(f"{t:.0f}: {r / 1024:.1f}/{h / 1024:.1f}" for t, r, h in samples))
        print(
            f"RSS after opening {rss_open['VmRSS'] / 1024:.1f} MB, at the end {rss_end['VmRSS'] / 1024:.1f} MB,"
            f" peak {rss_end['VmHWM'] / 1024:.1f} MB"
        )
        return 0 if missing == 0 else 1
    finally:
        code = client.close()
        print(f"server exit code: {code}")


if __name__ == "__main__":
    sys.exit(main())
