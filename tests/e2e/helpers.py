"""Shared pieces of the real-client tests: the client, the recorded client profiles, and
position arithmetic done here independently of the server."""

from __future__ import annotations

import asyncio
import os
import pathlib
import time
from dataclasses import dataclass

from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

REPO = pathlib.Path(__file__).resolve().parents[2]
BIN = os.environ.get("COPYDESK_BIN", str(REPO / "target" / "release" / "copydesk"))
TIMEOUT = 10.0

# A line with an emoji (1 code point, 2 UTF-16 units, 4 UTF-8 bytes), an accent and curly
# quotes before the doubled word, then a boilerplate line and clean copy.
EMOJI_DRAFT = (
    "Café owners 😀 told “us” the the plan would fail.\n"
    "\n"
    "Advertisement\n"
    "\n"
    "The council meets on Tuesday.\n"
)


@dataclass(frozen=True)
class Profile:
    """A recorded client (pytest-lsp's capability snapshots) and what copydesk must agree
    with it."""

    spec: str
    encoding: str
    pull: bool


PROFILES = {
    # VS Code 1.65: UTF-16 only, no pull diagnostics, versioned workspace edits.
    "vscode-1.65": Profile("visual-studio-code@v1.65.2", "utf-16", pull=False),
    # Neovim 0.7 (Debian's is 0.7.2): UTF-16, push.
    "neovim-0.7": Profile("neovim@v0.7.0", "utf-16", pull=False),
    # Neovim 0.10: pull diagnostics, UTF-16 only.
    "neovim-0.10": Profile("neovim@v0.10.0", "utf-16", pull=True),
    # Neovim 0.11: offers UTF-8 first; pull diagnostics.
    "neovim-0.11": Profile("neovim@v0.11.0", "utf-8", pull=True),
}


class CopydeskClient(LanguageClient):
    """pytest-lsp's client, also keeping every publishDiagnostics (with its version) and
    answering workspace/applyEdit by recording the edit."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.published: dict[str, list[types.PublishDiagnosticsParams]] = {}
        self.applied_edits: list[types.WorkspaceEdit] = []
        self.registrations: list[types.Registration] = []
        self.init_result: types.InitializeResult | None = None
        self.profile: Profile | None = None

    @property
    def encoding(self) -> str:
        return self.init_result.capabilities.position_encoding

    @property
    def pull(self) -> bool:
        return self.init_result.capabilities.diagnostic_provider is not None


def on_publish(client: CopydeskClient, params: types.PublishDiagnosticsParams):
    client.diagnostics[params.uri] = params.diagnostics
    client.published.setdefault(params.uri, []).append(params)


def on_apply_edit(client: CopydeskClient, params: types.ApplyWorkspaceEditParams):
    client.applied_edits.append(params.edit)
    return types.ApplyWorkspaceEditResult(applied=True)


def on_register_capability(client: CopydeskClient, params: types.RegistrationParams):
    # The server registers a watcher for copydesk.toml when the profile offers dynamic
    # registration; record it and accept, as the recorded editors do.
    client.registrations.extend(params.registrations)


def make_client() -> CopydeskClient:
    client = CopydeskClient(converter_factory=default_converter)
    features = dict(DEFAULT_CLIENT_FEATURES)
    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = on_publish
    features[types.WORKSPACE_APPLY_EDIT] = on_apply_edit
    features[types.CLIENT_REGISTER_CAPABILITY] = on_register_capability
    register_lsp_features(client, features)
    return client


CONFIG = ClientServerConfig(server_command=[BIN, "lsp", "--stdio"], client_factory=make_client)


async def start(profile_name: str) -> CopydeskClient:
    """A server process and a client initialized with the named profile's capabilities."""
    client = await CONFIG.start()
    profile = PROFILES[profile_name]
    params = types.InitializeParams(
        capabilities=client_capabilities(profile.spec),
        client_info=types.ClientInfo(name=profile_name),
    )
    client.init_result = await client.initialize_session(params)
    client.profile = profile
    return client


def exit_code(client: CopydeskClient) -> int | None:
    return client._server.returncode if client._server else None


# --- positions, computed from Python strings (code point indexes) -------------------------


def units(s: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(s.encode("utf-8"))
    if encoding == "utf-16":
        return len(s.encode("utf-16-le")) // 2
    return len(s)


def position(text: str, index: int, encoding: str) -> types.Position:
    """The position of code point `index` (lines split at \\n: the drafts here use no other
    break)."""
    before = text[:index]
    line_start = before.rfind("\n") + 1
    return types.Position(line=before.count("\n"), character=units(before[line_start:], encoding))


def lsp_range(text: str, start: int, end: int, encoding: str) -> types.Range:
    return types.Range(start=position(text, start, encoding), end=position(text, end, encoding))


def index(text: str, pos: types.Position, encoding: str) -> int:
    """The code point index of a position the server sent (which must be valid)."""
    lines = text.split("\n")
    assert pos.line < len(lines), f"line {pos.line} past the end"
    line_start = sum(len(line) + 1 for line in lines[: pos.line])
    line = lines[pos.line]
    for i in range(len(line) + 1):
        counted = units(line[:i], encoding)
        if counted == pos.character:
            return line_start + i
        assert counted < pos.character, f"character {pos.character} splits a code point or passes the line end"
    raise AssertionError(f"character {pos.character} past the end of line {pos.line}")


def apply_edits(text: str, edits, encoding: str) -> str:
    """Applies text edits (all relative to `text`) as a client does."""
    spans = [(index(text, e.range.start, encoding), index(text, e.range.end, encoding), e.new_text) for e in edits]
    for start, end, new in sorted(spans, key=lambda s: s[0], reverse=True):
        text = text[:start] + new + text[end:]
    return text


def edits_of(edit: types.WorkspaceEdit, uri: str) -> list[types.TextEdit]:
    """The text edits for `uri` in a workspace edit of either shape."""
    if edit.document_changes:
        (doc,) = edit.document_changes
        assert doc.text_document.uri == uri
        return list(doc.edits)
    return list(edit.changes[uri])


# --- documents and diagnostics -------------------------------------------------------------


def open_doc(client: CopydeskClient, uri: str, text: str, version: int = 1, language: str = "markdown"):
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id=language, version=version, text=text)
        )
    )


def change_doc(client: CopydeskClient, uri: str, version: int, changes):
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=changes,
        )
    )


async def pushed(client: CopydeskClient, uri: str, version: int) -> list[types.Diagnostic]:
    """The diagnostics pushed for `uri` at `version` (waits for them)."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        for params in reversed(client.published.get(uri, [])):
            if params.version == version:
                return list(params.diagnostics)
        await asyncio.sleep(0.01)
    raise AssertionError(f"no diagnostics pushed for {uri} at version {version}: {client.published.get(uri)}")


async def pulled(client: CopydeskClient, uri: str) -> list[types.Diagnostic]:
    report = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert report.kind == "full"
    return list(report.items)


async def diagnostics(client: CopydeskClient, uri: str, version: int) -> list[types.Diagnostic]:
    """The current diagnostics, pulled or pushed as the client and server agreed."""
    if client.pull:
        return await pulled(client, uri)
    return await pushed(client, uri, version)


async def code_actions(client: CopydeskClient, uri: str, rng: types.Range, only=None):
    return await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=rng,
            context=types.CodeActionContext(diagnostics=[], only=only),
        )
    )
