"""A small LSP client over stdio for the bench scripts: raw JSON-RPC frames, Python standard
library only (no venv needed).

A reader thread parses the server's frames, stamps each with `time.perf_counter()` on
arrival, answers the server's own requests (configuration, capability registration, progress)
with empty results, and hands everything else to waiters. Positions are computed here from
Python strings, in the encoding the server agreed to.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
from collections import defaultdict

PUSH_CAPABILITIES = {
    "general": {"positionEncodings": ["utf-16"]},
    "textDocument": {
        "synchronization": {"dynamicRegistration": False},
        "publishDiagnostics": {"versionSupport": True},
        "hover": {"contentFormat": ["markdown", "plaintext"]},
    },
    "workspace": {"configuration": True},
}

PULL_CAPABILITIES = {
    **PUSH_CAPABILITIES,
    "textDocument": {**PUSH_CAPABILITIES["textDocument"], "diagnostic": {"dynamicRegistration": False}},
}

# Pull diagnostics plus workspace/diagnostic/refresh, as vscode-languageclient 9 (our VS Code
# extension) offers: the server may then put off its slow whole-draft rule while typing goes
# on, and ask the client to pull again once it pauses.
PULL_REFRESH_CAPABILITIES = {
    **PULL_CAPABILITIES,
    "workspace": {**PUSH_CAPABILITIES["workspace"], "diagnostics": {"refreshSupport": True}},
}


def units(s: str, encoding: str) -> int:
    """Length of `s` in the code units of `encoding`."""
    if encoding == "utf-8":
        return len(s.encode("utf-8"))
    if encoding == "utf-16":
        return len(s.encode("utf-16-le")) // 2
    return len(s)


class Text:
    """The client's copy of a document: the text and the start index of each line (lines split
    at \\n only: the bench drafts use no other break), so that positions near the end of a
    100,000-word draft cost no more than near its start."""

    def __init__(self, text: str):
        self.text = text
        self.line_starts = [0]
        for i, c in enumerate(text):
            if c == "\n":
                self.line_starts.append(i + 1)

    def position(self, index: int, encoding: str) -> dict:
        import bisect

        line = bisect.bisect_right(self.line_starts, index) - 1
        start = self.line_starts[line]
        return {"line": line, "character": units(self.text[start:index], encoding)}

    def replace(self, start: int, end: int, new: str, encoding: str) -> dict:
        """Replaces code points `start..end` with `new`; returns the content change event."""
        rng = {"start": self.position(start, encoding), "end": self.position(end, encoding)}
        removed = self.text[start:end]
        self.text = self.text[:start] + new + self.text[end:]
        if "\n" in removed or "\n" in new:
            self.__init__(self.text)
        else:
            delta = len(new) - (end - start)
            import bisect

            first = bisect.bisect_right(self.line_starts, start)
            for i in range(first, len(self.line_starts)):
                self.line_starts[i] += delta
        return {"range": rng, "text": new}


class Client:
    """An LSP client talking to `command` over stdio."""

    def __init__(self, command: list[str], env: dict | None = None, stderr=None):
        self.proc = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr if stderr is not None else subprocess.DEVNULL,
            env={**os.environ, **(env or {})},
        )
        self.next_id = 0
        self.lock = threading.Condition()
        self.responses: dict[int, tuple[float, dict]] = {}
        # uri -> list of (arrival time, params) of publishDiagnostics, in arrival order.
        self.published: dict[str, list[tuple[float, dict]]] = defaultdict(list)
        self.log_messages: list[dict] = []
        self.write_lock = threading.Lock()
        self.closed = False
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.encoding = "utf-16"
        self.capabilities: dict = {}

    # --- framing -------------------------------------------------------------------------

    def send(self, message: dict) -> float:
        """Writes one message; returns the time just before writing."""
        body = json.dumps(message, ensure_ascii=False).encode("utf-8")
        frame = b"Content-Length: %d\r\n\r\n" % len(body) + body
        with self.write_lock:
            sent = time.perf_counter()
            self.proc.stdin.write(frame)
            self.proc.stdin.flush()
        return sent

    def _read(self):
        out = self.proc.stdout
        try:
            while True:
                length = None
                while True:
                    line = out.readline()
                    if not line:
                        return
                    line = line.strip()
                    if not line:
                        break
                    name, _, value = line.partition(b":")
                    if name.lower() == b"content-length":
                        length = int(value)
                body = out.read(length)
                arrived = time.perf_counter()
                self._dispatch(arrived, json.loads(body))
        finally:
            with self.lock:
                self.closed = True
                self.lock.notify_all()

    def _dispatch(self, arrived: float, message: dict):
        method = message.get("method")
        if method is not None and "id" in message:
            # A request from the server: answer with an empty result of the right shape.
            result = None
            if method == "workspace/configuration":
                result = [None for _ in message.get("params", {}).get("items", [])]
            self.send({"jsonrpc": "2.0", "id": message["id"], "result": result})
            return
        with self.lock:
            if method == "textDocument/publishDiagnostics":
                self.published[message["params"]["uri"]].append((arrived, message["params"]))
            elif method == "window/logMessage":
                self.log_messages.append(message["params"])
            elif method is None:
                self.responses[message["id"]] = (arrived, message)
            self.lock.notify_all()

    # --- requests and notifications --------------------------------------------------------

    def request_async(self, method: str, params) -> tuple[int, float]:
        with self.lock:
            self.next_id += 1
            rid = self.next_id
        sent = self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        return rid, sent

    def wait_response(self, rid: int, timeout: float = 60.0) -> tuple[float, dict]:
        deadline = time.monotonic() + timeout
        with self.lock:
            while rid not in self.responses:
                if self.closed:
                    raise RuntimeError("server closed its output")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no response to request {rid}")
                self.lock.wait(left)
            return self.responses.pop(rid)

    def request(self, method: str, params, timeout: float = 60.0):
        rid, _ = self.request_async(method, params)
        _, message = self.wait_response(rid, timeout)
        if "error" in message:
            raise RuntimeError(f"{method}: {message['error']}")
        return message.get("result")

    def notify(self, method: str, params) -> float:
        return self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait_published(self, uri: str, after: float, version: int | None, timeout: float = 60.0):
        """The first publishDiagnostics for `uri` that arrived after `after` and, when the
        server sends versions and `version` is given, carries a version >= `version`.
        Returns (arrival time, params)."""
        deadline = time.monotonic() + timeout
        with self.lock:
            while True:
                for arrived, params in self.published[uri]:
                    if arrived < after:
                        continue
                    v = params.get("version")
                    if version is None or v is None or v >= version:
                        return arrived, params
                if self.closed:
                    raise RuntimeError("server closed its output")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no diagnostics for {uri} v{version}")
                self.lock.wait(left)

    def forget_published(self, uri: str):
        with self.lock:
            self.published[uri].clear()

    # --- session ---------------------------------------------------------------------------

    def initialize(self, capabilities: dict, root_uri: str | None = None) -> dict:
        result = self.request(
            "initialize",
            {"processId": os.getpid(), "rootUri": root_uri, "capabilities": capabilities, "clientInfo": {"name": "copydesk-bench"}},
        )
        self.capabilities = result.get("capabilities", {})
        self.encoding = self.capabilities.get("positionEncoding", "utf-16")
        self.notify("initialized", {})
        return result

    @property
    def pull(self) -> bool:
        return "diagnosticProvider" in self.capabilities

    def open(self, uri: str, text: str, version: int = 1, language: str = "markdown") -> float:
        doc = {"uri": uri, "languageId": language, "version": version, "text": text}
        return self.notify("textDocument/didOpen", {"textDocument": doc})

    def change(self, uri: str, version: int, changes: list[dict]) -> float:
        return self.notify(
            "textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}
        )

    def close(self, timeout: float = 10.0) -> int | None:
        """shutdown, exit, and wait for the process; kills it if it does not stop in time."""
        try:
            if not self.closed:
                self.request("shutdown", None, timeout=timeout)
                self.notify("exit", None)
        except (RuntimeError, TimeoutError, BrokenPipeError, OSError):
            pass
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None

    def status(self) -> dict[str, int]:
        """VmRSS and VmHWM (peak RSS) of the server process, in kB, from /proc."""
        out = {}
        with open(f"/proc/{self.proc.pid}/status", encoding="ascii") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    out[key] = int(value.split()[0])
        return out


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (0-100) by the nearest-rank method."""
    if not values:
        return float("nan")
    import math

    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(p / 100 * len(ordered))))
    return ordered[rank - 1]
