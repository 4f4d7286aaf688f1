"""Protocol abuse a real client can send without breaking JSON: each case is answered as the
LSP spec says, and the server still serves the next request. Runs once per recorded client
profile. (Malformed JSON itself is covered by the in-process tests in tests/lsp.rs.)"""

from __future__ import annotations

import asyncio

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams, JsonRpcInvalidRequest, JsonRpcMethodNotFound

from helpers import EMOJI_DRAFT, apply_edits, change_doc, code_actions, diagnostics, edits_of, lsp_range, open_doc

URI = "file:///newsroom/abuse.md"
NEVER_OPENED = "file:///newsroom/never-opened.md"


def raw(client, method: str, params, request: bool = True):
    """Sends `params` as they are. pygls builds known methods' messages from typed classes and
    would refuse params that break the schema, so this uses its generic message class."""
    protocol = client.protocol
    typed = protocol.get_message_type
    protocol.get_message_type = lambda _method: None
    try:
        if not request:
            return protocol.notify(method, params)
        future = protocol.send_request(method, params)
    finally:
        protocol.get_message_type = typed
    return asyncio.wrap_future(future)


async def still_serves(client, version: int):
    """The server answers a normal request and reports the draft's findings."""
    open_doc(client, URI, EMOJI_DRAFT, version=version)
    diags = await diagnostics(client, URI, version)
    assert [d.code for d in diags] == ["doubled-word", "web-boilerplate"]


async def test_unknown_methods_are_method_not_found(client):
    with pytest.raises(JsonRpcMethodNotFound):
        await raw(client, "copydesk/noSuchMethod", {"x": 1})
    # Features copydesk does not provide are unknown too.
    with pytest.raises(JsonRpcMethodNotFound):
        await raw(client, 
            "textDocument/completion",
            {"textDocument": {"uri": URI}, "position": {"line": 0, "character": 0}},
        )
    # An unknown notification gets no answer at all, and breaks nothing.
    raw(client, "copydesk/noSuchNotification", {"x": 1}, request=False)
    await still_serves(client, 1)


async def test_invalid_params_are_invalid_params(client):
    with pytest.raises(JsonRpcInvalidParams):
        await raw(client, "textDocument/codeAction", {"textDocument": 5})
    with pytest.raises(JsonRpcInvalidParams):
        await raw(client, "textDocument/diagnostic", {"textDocument": {"uri": "not a uri"}})
    # Invalid params on a notification cannot be answered; the server drops it.
    raw(client, "textDocument/didOpen", {"textDocument": {"uri": URI}}, request=False)
    with pytest.raises(JsonRpcInvalidParams):
        await client.workspace_execute_command_async(types.ExecuteCommandParams(command="copydesk.fixAll", arguments=[]))
    with pytest.raises(JsonRpcInvalidParams):
        await client.workspace_execute_command_async(types.ExecuteCommandParams(command="copydesk.noSuchCommand"))
    await still_serves(client, 1)


async def test_uris_never_opened(client):
    report = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=NEVER_OPENED))
    )
    assert report.kind == "full" and list(report.items) == []
    assert await code_actions(client, NEVER_OPENED, lsp_range("", 0, 0, client.encoding)) is None
    change_doc(client, NEVER_OPENED, 2, [types.TextDocumentContentChangeWholeDocument(text="the the")])
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=NEVER_OPENED))
    )
    with pytest.raises(JsonRpcInvalidParams):
        await client.workspace_execute_command_async(
            types.ExecuteCommandParams(command="copydesk.fixAll", arguments=[NEVER_OPENED])
        )
    await still_serves(client, 1)
    assert NEVER_OPENED not in client.published
    assert any("not open" in m.message for m in client.log_messages), client.log_messages


async def test_positions_out_of_range_are_clamped(client):
    open_doc(client, URI, "It was the end.\n", version=1)
    far = types.Range(start=types.Position(line=0, character=7), end=types.Position(line=0, character=7))
    change_doc(client, URI, 2, [types.TextDocumentContentChangePartial(range=far, text="the ")])
    # A range starting on line 99 clamps to the end of the document.
    way_out = types.Range(start=types.Position(line=99, character=99), end=types.Position(line=120, character=0))
    change_doc(client, URI, 3, [types.TextDocumentContentChangePartial(range=way_out, text="Advertisement\n")])
    # A column past the end of line 0 clamps to the line's end, before its line break.
    past_eol = types.Range(start=types.Position(line=0, character=500), end=types.Position(line=0, character=900))
    change_doc(client, URI, 4, [types.TextDocumentContentChangePartial(range=past_eol, text=" Really.")])
    diags = await diagnostics(client, URI, 4)
    assert [d.code for d in diags] == ["doubled-word", "web-boilerplate"]
    text = "It was the the end. Really.\nAdvertisement\n"
    assert diags[1].range == lsp_range(text, text.index("Adv"), text.index("Adv") + 13, client.encoding)
    beyond = types.Range(start=types.Position(line=1, character=400), end=types.Position(line=4000, character=2))
    actions = await code_actions(client, URI, beyond, only=["quickfix"])
    fixes = [a for a in actions if not a.title.startswith("Disable ")]
    assert [a.diagnostics[0].code for a in fixes] == ["web-boilerplate"]


async def test_stale_and_repeated_versions_are_applied_in_order(client):
    open_doc(client, URI, "It was the end.\n", version=10)
    await diagnostics(client, URI, 10)
    # A repeated version, then a lower one: both changes are applied, in the order sent (the
    # client owns the text; dropping either would leave the server's copy different).
    at = types.Range(start=types.Position(line=0, character=7), end=types.Position(line=0, character=7))
    change_doc(client, URI, 10, [types.TextDocumentContentChangePartial(range=at, text="the ")])
    start = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0))
    change_doc(client, URI, 4, [types.TextDocumentContentChangePartial(range=start, text="Really, ")])
    text = "Really, It was the the end.\n"
    diags = await diagnostics(client, URI, 4)
    assert [d.code for d in diags] == ["doubled-word"]
    second = text.index("the the") + 4
    assert diags[0].range == lsp_range(text, second, second + 3, client.encoding)


async def test_a_burst_of_cancel_requests_is_harmless(client):
    for i in range(500):
        raw(client, "$/cancelRequest", {"id": 100_000 + i}, request=False)
    await still_serves(client, 1)


async def test_a_second_initialize_is_an_invalid_request(client):
    with pytest.raises(JsonRpcInvalidRequest):
        await raw(client, "initialize", {"processId": None, "rootUri": None, "capabilities": {}})
    await still_serves(client, 1)


async def test_requests_racing_edits_see_the_edits_in_order(client):
    """A sentence typed one character per change, sent without waiting, then a request: the
    server's text must be exactly the client's (DESIGN.md §4: edits are applied before any
    await, so none overtakes another)."""
    typed = "The council said on Monday that the the budget would be cut — “again” 😀 next year."
    text = "\n"
    open_doc(client, URI, text, version=1)
    version = 1
    for ch in typed:
        end = len(text) - 1
        rng = lsp_range(text, end, end, client.encoding)
        text = text[:end] + ch + text[end:]
        version += 1
        change_doc(client, URI, version, [types.TextDocumentContentChangePartial(range=rng, text=ch)])
    diags = await diagnostics(client, URI, version)
    assert [d.code for d in diags] == ["doubled-word"]
    second = text.index("the the") + 4
    assert diags[0].range == lsp_range(text, second, second + 3, client.encoding)
    # The fix-all edit, computed on the server's copy, turns our copy into the fixed text.
    actions = await code_actions(client, URI, lsp_range(text, 0, len(text), client.encoding), only=["source.fixAll"])
    (fix_all,) = actions
    assert apply_edits(text, edits_of(fix_all.edit, URI), client.encoding) == text.replace("the the", "the")
