"""A copydesk session as real editors open it: each test runs once per recorded client
profile (VS Code 1.65, Neovim 0.7, 0.10, 0.11), against the release binary over stdio."""

from __future__ import annotations

import asyncio
import shutil
import subprocess

from lsprotocol import types

from helpers import (
    BIN,
    EMOJI_DRAFT,
    REPO,
    apply_edits,
    change_doc,
    code_actions,
    diagnostics,
    edits_of,
    exit_code,
    lsp_range,
    open_doc,
    position,
    start,
)

URI = "file:///newsroom/emoji-draft.md"


def rules(diags) -> list[str]:
    return [d.code for d in diags]


async def test_encoding_and_diagnostic_mode_are_negotiated(client):
    caps = client.init_result.capabilities
    assert caps.position_encoding == client.profile.encoding
    assert client.pull == client.profile.pull
    assert caps.text_document_sync.change == types.TextDocumentSyncKind.Incremental


async def test_diagnostics_land_at_the_right_columns_after_an_emoji(client):
    open_doc(client, URI, EMOJI_DRAFT, version=3)
    diags = await diagnostics(client, URI, 3)
    assert rules(diags) == ["doubled-word", "web-boilerplate"]

    doubled = diags[0]
    start = EMOJI_DRAFT.index("the the") + 4
    assert doubled.range == lsp_range(EMOJI_DRAFT, start, start + 3, client.encoding)
    # Written out: "Café owners 😀 told “us” the " is 28 code points; the emoji counts 2
    # UTF-16 units (29), and é, the emoji and the curly quotes 2, 4, 3 and 3 bytes (36).
    expected_column = {"utf-16": 29, "utf-8": 36}[client.encoding]
    assert doubled.range.start == types.Position(line=0, character=expected_column)
    assert doubled.source == "copydesk"
    assert doubled.severity == types.DiagnosticSeverity.Warning
    assert doubled.code_description.href.endswith("/docs/rules.md#doubled-word")

    boilerplate = diags[1]
    assert list(boilerplate.tags) == [types.DiagnosticTag.Unnecessary]
    ad = EMOJI_DRAFT.index("Advertisement")
    assert boilerplate.range == lsp_range(EMOJI_DRAFT, ad, ad + len("Advertisement"), client.encoding)


async def test_push_clients_get_no_pull_and_pull_clients_get_no_push(client):
    open_doc(client, URI, EMOJI_DRAFT, version=1)
    await diagnostics(client, URI, 1)
    # Well past the server's debounce: a pull client must have received no push.
    await asyncio.sleep(0.3)
    if client.pull:
        assert URI not in client.published
    else:
        # The settings fetched right after `initialized` are the ones in force: no re-check,
        # so exactly one push for version 1.
        versions = [p.version for p in client.published[URI]]
        assert versions == [1], versions


async def test_a_quick_fix_is_applied_and_the_finding_goes_away(client):
    open_doc(client, URI, EMOJI_DRAFT, version=1)
    await diagnostics(client, URI, 1)
    cursor = EMOJI_DRAFT.index("the the") + 5
    actions = await code_actions(client, URI, lsp_range(EMOJI_DRAFT, cursor, cursor, client.encoding))
    quick = [a for a in actions if a.kind == types.CodeActionKind.QuickFix and not a.title.startswith("Disable ")]
    assert len(quick) == 1, actions
    # Each finding also offers a directive that silences it (src/suppress.rs).
    assert [a.title for a in actions if a.title.startswith("Disable ")] == ["Disable doubled-word for this line"]
    assert quick[0].is_preferred
    edits = edits_of(quick[0].edit, URI)
    fixed = apply_edits(EMOJI_DRAFT, edits, client.encoding)
    assert fixed == EMOJI_DRAFT.replace("the the", "the", 1)

    # The client applies the edit to its buffer and sends it back as an incremental change.
    changes = [types.TextDocumentContentChangePartial(range=e.range, text=e.new_text) for e in edits]
    change_doc(client, URI, 2, changes)
    assert rules(await diagnostics(client, URI, 2)) == ["web-boilerplate"]


# People and places: an emoji before the names, so that columns differ by encoding.
ENTITY_DRAFT = (
    "Café 😀 staff said Kremlin aide Yuri Ushakov would speak.\n"
    "\n"
    "Later Ushakov spoke in Moscow.\n"
)


async def test_hover_on_a_later_surname_shows_the_persons_card(client):
    open_doc(client, URI, ENTITY_DRAFT, version=1)
    await diagnostics(client, URI, 1)
    doc = types.TextDocumentIdentifier(uri=URI)
    full = ENTITY_DRAFT.index("Yuri Ushakov")
    short = ENTITY_DRAFT.rindex("Ushakov")
    first = await client.text_document_hover_async(
        types.HoverParams(text_document=doc, position=position(ENTITY_DRAFT, full + 6, client.encoding))
    )
    later = await client.text_document_hover_async(
        types.HoverParams(text_document=doc, position=position(ENTITY_DRAFT, short + 2, client.encoding))
    )
    assert later.contents.kind == types.MarkupKind.Markdown
    assert later.contents.value == first.contents.value
    assert later.contents.value.startswith("**Yuri Ushakov** · person")
    assert "First reference: line 1 · 2 mentions" in later.contents.value
    assert first.range == lsp_range(ENTITY_DRAFT, full, full + len("Yuri Ushakov"), client.encoding)
    assert later.range == lsp_range(ENTITY_DRAFT, short, short + len("Ushakov"), client.encoding)
    nothing = await client.text_document_hover_async(
        types.HoverParams(text_document=doc, position=position(ENTITY_DRAFT, ENTITY_DRAFT.index("staff"), client.encoding))
    )
    assert nothing is None


async def test_the_outline_lists_people_and_places_at_their_first_mention(client):
    open_doc(client, URI, ENTITY_DRAFT, version=1)
    await diagnostics(client, URI, 1)
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=URI))
    )
    assert [s.name for s in symbols] == ["People", "Places"]
    [ushakov] = symbols[0].children
    assert ushakov.name == "Yuri Ushakov"
    full = ENTITY_DRAFT.index("Yuri Ushakov")
    assert ushakov.selection_range == lsp_range(ENTITY_DRAFT, full, full + len("Yuri Ushakov"), client.encoding)
    assert [p.name for p in symbols[1].children] == ["Moscow"]


def check_fix(tmp_path, name: str, text: str) -> str:
    """What `copydesk check --fix` writes for `text` saved as `name`."""
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    result = subprocess.run([BIN, "check", "--fix", str(path)], capture_output=True, timeout=30)
    assert result.returncode in (0, 1), result.stderr
    return path.read_bytes().decode("utf-8")


DRAFTS = [
    ("wire-story.txt", "plaintext", "📰 " + (REPO / "tests" / "fixtures" / "wire-story.txt").read_text("utf-8")),
    ("markdown-draft.md", "markdown", EMOJI_DRAFT + "\n" + (REPO / "examples" / "markdown-draft.md").read_text("utf-8")),
]


async def test_fix_all_equals_check_fix(client, tmp_path):
    for version, (name, language, text) in enumerate(DRAFTS, start=1):
        uri = (tmp_path / "open" / name).as_uri()
        open_doc(client, uri, text, version=version, language=language)
        expected = check_fix(tmp_path, name, text)
        assert expected != text

        everything = lsp_range(text, 0, len(text), client.encoding)
        for only in (["source.fixAll"], ["source.fixAll.copydesk"], ["source"]):
            actions = await code_actions(client, uri, everything, only=only)
            assert [a.kind for a in actions] == ["source.fixAll.copydesk"], (only, actions)
            assert apply_edits(text, edits_of(actions[0].edit, uri), client.encoding) == expected, only

        # The "Fix all in document" command goes through workspace/applyEdit.
        client.applied_edits.clear()
        result = await client.workspace_execute_command_async(
            types.ExecuteCommandParams(command="copydesk.fixAll", arguments=[uri])
        )
        assert result is None
        assert len(client.applied_edits) == 1
        assert apply_edits(text, edits_of(client.applied_edits[0], uri), client.encoding) == expected


async def test_shutdown_then_exit_ends_the_process_with_code_0():
    c = await start("vscode-1.65")
    await c.shutdown_async(None)
    c.exit(None)
    await asyncio.wait_for(c._server.wait(), 10)
    assert exit_code(c) == 0
    await c.stop()


async def test_exit_without_shutdown_ends_the_process_with_code_1():
    c = await start("neovim-0.11")
    c.exit(None)
    await asyncio.wait_for(c._server.wait(), 10)
    assert exit_code(c) == 1
    await c.stop()


def test_the_binary_under_test_exists():
    assert shutil.which(BIN) or (REPO / BIN).exists(), BIN
