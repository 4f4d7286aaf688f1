#!/usr/bin/env python3
"""What the people-and-places gazetteer costs: cold check time and memory.

A benchmark, not part of CI (standard library only). It builds the release binary, then:

1. cold `copydesk check` of a small draft, as a new process each time (N runs, the fastest
   and the median): with no configuration (no entity rule runs, the gazetteer is never
   touched), with the AP pack but the two name rules off, and with the AP pack and the name
   rules on (the recogniser reads the gazetteer): the last two differ by what the gazetteer
   and the recogniser cost;
2. peak memory (VmHWM from /proc) of those two runs;
3. the language server's resident memory (VmRSS) after `initialize` and opening a long
   draft, then again after a hover and an outline request on it (the gazetteer in use):
   the difference is what the gazetteer adds to the server;
4. the size of the compiled gazetteer inside the binary.

usage: scripts/bench/entities_cost.py [--runs N] [--draft PATH]
"""

import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

REPO = pathlib.Path(__file__).resolve().parents[2]
BIN = REPO / "target" / "release" / "copydesk"

SMALL_DRAFT = """MOSCOW (AP) — Kremlin foreign policy adviser Yuri Ushakov said on Monday that Chinese
President Xi Jinping would visit Moscow in the spring.

Ushakov told reporters the two leaders would discuss trade and energy. "We are ready," said
Karim Ben Salah, a fisherman from Sfax, Tunisia, who was in the crowd.
"""


def build() -> None:
    subprocess.run(["cargo", "build", "--quiet", "--release"], cwd=REPO, check=True)


def run_once(args: list[str], cwd: str) -> tuple[float, int]:
    """Wall time (s) of one process, and its peak RSS (KiB) measured by /usr/bin/time in a
    second run (a child's peak RSS as Python sees it would include the Python process it was
    forked from)."""
    start = time.perf_counter()
    subprocess.run([str(BIN), *args], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    peak = 0
    if pathlib.Path("/usr/bin/time").exists():
        out = subprocess.run(
            ["/usr/bin/time", "-f", "%M", str(BIN), *args], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        ).stderr.strip().splitlines()
        peak = int(out[-1]) if out and out[-1].isdigit() else 0
    return elapsed, peak


def cold_checks(runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        draft = pathlib.Path(tmp) / "story.txt"
        draft.write_text(SMALL_DRAFT, encoding="utf-8")
        (pathlib.Path(tmp) / "names-off.toml").write_text(
            'style = "ap"\n[rules]\nname-spelling = "off"\nfirst-reference = "off"\n', encoding="utf-8"
        )
        (pathlib.Path(tmp) / "names-on.toml").write_text('style = "ap"\n', encoding="utf-8")
        for label, args in [
            ("--version (process start only)", ["--version"]),
            ("check, no configuration (no entity rule)", ["check", "--isolated", "story.txt"]),
            ("check, AP pack without the name rules", ["check", "--config", "names-off.toml", "story.txt"]),
            ("check, AP pack with the name rules (gazetteer)", ["check", "--config", "names-on.toml", "story.txt"]),
            ("entities (recogniser + gazetteer)", ["entities", "story.txt"]),
        ]:
            run_once(args, tmp)  # warm the page cache: "cold" means a new process, not a cold disk
            times, peaks = [], []
            for _ in range(runs):
                t, p = run_once(args, tmp)
                times.append(t * 1000)
                peaks.append(p)
            print(f"  {label:50} fastest {min(times):6.2f} ms  median {statistics.median(times):6.2f} ms  peak RSS {max(peaks) / 1024:6.1f} MB")


class Server:
    """A copydesk language server over stdio, spoken to with plain JSON-RPC frames."""

    def __init__(self):
        self.proc = subprocess.Popen([str(BIN), "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.next_id = 0

    def send(self, message: dict) -> None:
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def recv(self) -> dict:
        length = None
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("server closed its output")
            line = line.strip()
            if not line:
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.proc.stdout.read(length))

    def request(self, method: str, params) -> dict:
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            message = self.recv()
            if message.get("id") == self.next_id and "method" not in message:
                return message.get("result")
            if "id" in message and "method" in message:
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})

    def notify(self, method: str, params) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def rss_kib(self) -> int:
        for line in pathlib.Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    def stop(self) -> None:
        self.request("shutdown", None)
        self.notify("exit", None)
        self.proc.wait(timeout=10)


def server_memory(draft: str) -> None:
    uri = "file:///bench/draft.md"
    s = Server()
    s.request("initialize", {"processId": None, "rootUri": None, "capabilities": {"textDocument": {"diagnostic": {}}}})
    s.notify("initialized", {})
    s.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": draft}})
    s.request("textDocument/diagnostic", {"textDocument": {"uri": uri}})
    before = s.rss_kib()
    lines = draft.split("\n")
    line = next(i for i, l in enumerate(lines) if "Moscow" in l)
    s.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": line, "character": lines[line].index("Moscow")}})
    s.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}})
    after = s.rss_kib()
    for _ in range(20):
        s.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}})
    twenty = s.rss_kib()
    for _ in range(200):
        s.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}})
    steady = s.rss_kib()
    s.stop()
    words = len(draft.split())
    print(f"  server RSS after open + diagnostics ({words} words): {before / 1024:6.1f} MB")
    print(f"  after hover + outline (gazetteer in use):          {after / 1024:6.1f} MB  (+{(after - before) / 1024:.1f} MB)")
    print(f"  after 20 more outlines:                             {twenty / 1024:6.1f} MB  (+{(twenty - before) / 1024:.1f} MB)")
    print(f"  after 220 more outlines:                            {steady / 1024:6.1f} MB  (+{(steady - before) / 1024:.1f} MB)")


def gazetteer_size() -> None:
    out_dirs = sorted((REPO / "target" / "release" / "build").glob("copydesk-*/out/gazetteer.fst"), key=lambda p: p.stat().st_mtime)
    if not out_dirs:
        return
    out = out_dirs[-1].parent
    fst = (out / "gazetteer.fst").stat().st_size
    rows = sum(p.stat().st_size for p in out.glob("*.rows"))
    print(f"  compiled gazetteer: fst {fst / 1e6:.2f} MB + row tables {rows / 1e6:.2f} MB (binary {BIN.stat().st_size / 1e6:.1f} MB)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--draft", help="a long draft for the server measurement (default: the small draft, repeated)")
    args = ap.parse_args()
    build()
    print(f"cold start, {args.runs} runs each (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores):")
    cold_checks(args.runs)
    draft = pathlib.Path(args.draft).read_text(encoding="utf-8") if args.draft else (SMALL_DRAFT + "\n") * 200
    print("language server memory:")
    server_memory(draft)
    gazetteer_size()


if __name__ == "__main__":
    main()
