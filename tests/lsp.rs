//! The language server in-process, spoken to over `tokio::io::duplex` the way an editor would:
//! JSON-RPC frames in, JSON-RPC frames out. Positions in the assertions are computed here,
//! independently of the server's own conversion code.

use std::collections::VecDeque;
use std::time::Duration;

use copydesk::config::Settings;
use copydesk::draft::Format;
use copydesk::engine;
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream, ReadHalf, WriteHalf};
use tokio::task::JoinHandle;

const TIMEOUT: Duration = Duration::from_secs(10);
const URI: &str = "file:///newsroom/draft.md";

/// A story line with an emoji (two UTF-16 units, four UTF-8 bytes) and a curly quote before
/// the doubled word.
const DRAFT: &str = "Café owners 😀 told “us” the the plan would fail.\n\nAdvertisement\n\nPublished On 21 Jan 202521 Jan 2025\n\nThe mayor spoke [File: Jane Doe/AFP]\n";

/// A minimal LSP client over an in-memory pipe to a server task.
struct Client {
    reader: BufReader<ReadHalf<DuplexStream>>,
    writer: WriteHalf<DuplexStream>,
    server: Option<JoinHandle<i32>>,
    next_id: i64,
    /// Notifications received while waiting for something else.
    notifications: VecDeque<Value>,
    /// `workspace/applyEdit` requests the server sent (their `edit` params); answered "applied".
    applied_edits: Vec<Value>,
}

impl Client {
    fn start() -> Client {
        let (client_end, server_end) = tokio::io::duplex(1 << 20);
        let (server_in, server_out) = tokio::io::split(server_end);
        let server = tokio::spawn(copydesk::lsp::run(server_in, server_out));
        let (reader, writer) = tokio::io::split(client_end);
        Client {
            reader: BufReader::new(reader),
            writer,
            server: Some(server),
            next_id: 0,
            notifications: VecDeque::new(),
            applied_edits: Vec::new(),
        }
    }

    /// Starts a server and initializes it with `capabilities`; returns the initialize result.
    async fn initialized(capabilities: Value) -> (Client, Value) {
        let mut c = Client::start();
        let result = c.request("initialize", json!({"processId": null, "rootUri": null, "capabilities": capabilities})).await;
        c.notify("initialized", json!({})).await;
        (c, result.expect("initialize succeeds"))
    }

    async fn send(&mut self, message: Value) {
        let body = serde_json::to_string(&message).unwrap();
        let frame = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        self.writer.write_all(frame.as_bytes()).await.unwrap();
        self.writer.flush().await.unwrap();
    }

    /// Reads one message; `None` at end of stream.
    async fn recv(&mut self) -> Option<Value> {
        let read = async {
            let mut length = None;
            loop {
                let mut line = String::new();
                if self.reader.read_line(&mut line).await.unwrap() == 0 {
                    return None;
                }
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                if let Some(n) = line.strip_prefix("Content-Length: ") {
                    length = Some(n.parse::<usize>().unwrap());
                }
            }
            let mut body = vec![0; length.expect("Content-Length header")];
            self.reader.read_exact(&mut body).await.unwrap();
            Some(serde_json::from_slice(&body).unwrap())
        };
        tokio::time::timeout(TIMEOUT, read).await.expect("server answered in time")
    }

    /// Handles a message that is not what the caller waits for: answers server requests,
    /// queues notifications.
    async fn handle_other(&mut self, message: Value) {
        match (message.get("id"), message.get("method").and_then(Value::as_str)) {
            (Some(id), Some(method)) => {
                let id = id.clone();
                let result = if method == "workspace/applyEdit" {
                    self.applied_edits.push(message["params"]["edit"].clone());
                    json!({"applied": true})
                } else {
                    Value::Null
                };
                self.send(json!({"jsonrpc": "2.0", "id": id, "result": result})).await;
            }
            (None, Some(_)) => self.notifications.push_back(message),
            _ => panic!("unexpected message {message}"),
        }
    }

    /// Sends a request; returns `Ok(result)` or `Err(error object)`.
    async fn request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})).await;
        loop {
            let message = self.recv().await.expect("a response before the stream ends");
            if message.get("id") == Some(&json!(id)) && message.get("method").is_none() {
                return match message.get("error") {
                    Some(error) => Err(error.clone()),
                    None => Ok(message["result"].clone()),
                };
            }
            self.handle_other(message).await;
        }
    }

    /// The next response (a message without a method), queueing notifications on the way.
    async fn response(&mut self) -> Value {
        loop {
            let message = self.recv().await.expect("a response before the stream ends");
            if message.get("method").is_none() {
                return message;
            }
            self.handle_other(message).await;
        }
    }

    async fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params})).await;
    }

    /// Waits for a notification `method` whose params satisfy `pred`, skipping others.
    async fn notification(&mut self, method: &str, pred: impl Fn(&Value) -> bool) -> Value {
        loop {
            if let Some(i) = self.notifications.iter().position(|n| n["method"] == method && pred(&n["params"])) {
                let found = self.notifications.remove(i).unwrap();
                // Drop everything queued before it: it is older.
                self.notifications.drain(..i);
                return found["params"].clone();
            }
            let message = self.recv().await.expect("notification before the stream ends");
            self.handle_other(message).await;
        }
    }

    async fn open(&mut self, text: &str, version: i32) {
        let doc = json!({"uri": URI, "languageId": "markdown", "version": version, "text": text});
        self.notify("textDocument/didOpen", json!({"textDocument": doc})).await;
    }

    async fn change(&mut self, version: i32, changes: Value) {
        let params = json!({"textDocument": {"uri": URI, "version": version}, "contentChanges": changes});
        self.notify("textDocument/didChange", params).await;
    }

    /// Pushed diagnostics for [`URI`] at `version`.
    async fn pushed(&mut self, version: i32) -> Vec<Value> {
        let params = self
            .notification("textDocument/publishDiagnostics", |p| p["uri"] == URI && p["version"] == version)
            .await;
        params["diagnostics"].as_array().unwrap().clone()
    }

    async fn pulled(&mut self) -> Vec<Value> {
        let report = self.request("textDocument/diagnostic", json!({"textDocument": {"uri": URI}})).await.unwrap();
        assert_eq!(report["kind"], "full");
        report["items"].as_array().unwrap().clone()
    }

    /// Shuts down and exits; returns the server's exit code.
    async fn shutdown_and_exit(mut self) -> i32 {
        assert_eq!(self.request("shutdown", Value::Null).await, Ok(Value::Null));
        self.notify("exit", Value::Null).await;
        self.exit_code().await
    }

    async fn exit_code(&mut self) -> i32 {
        let server = self.server.take().unwrap();
        tokio::time::timeout(TIMEOUT, server).await.expect("server stopped in time").unwrap()
    }
}

/// Client capabilities like VS Code's: UTF-16 only, push diagnostics, versioned edits.
fn push_utf16() -> Value {
    json!({
        "general": {"positionEncodings": ["utf-16"]},
        "workspace": {"applyEdit": true, "workspaceEdit": {"documentChanges": true}},
        "textDocument": {"publishDiagnostics": {"versionSupport": true}}
    })
}

/// Client capabilities like Neovim 0.11's: UTF-8 offered, pull diagnostics.
fn pull_utf8() -> Value {
    json!({
        "general": {"positionEncodings": ["utf-8", "utf-16", "utf-32"]},
        "workspace": {"applyEdit": true},
        "textDocument": {"diagnostic": {"dynamicRegistration": false}}
    })
}

#[derive(Clone, Copy)]
enum Units {
    Utf8,
    Utf16,
}

/// The (line, character) of byte `offset` in `text`, lines split at `\n` only (the drafts in
/// this file use no other break).
fn position(text: &str, offset: usize, units: Units) -> (u64, u64) {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = &before[line_start..];
    let character = match units {
        Units::Utf8 => column.len(),
        Units::Utf16 => column.encode_utf16().count(),
    };
    (line as u64, character as u64)
}

/// The byte offset of an LSP position in `text` (no clamping: the server must send valid ones).
fn offset(text: &str, line: u64, character: u64, units: Units) -> usize {
    let line_start: usize =
        text.split_inclusive('\n').take(line as usize).map(str::len).sum();
    let mut counted = 0;
    for (i, c) in text[line_start..].char_indices() {
        if counted == character as usize {
            return line_start + i;
        }
        counted += match units {
            Units::Utf8 => c.len_utf8(),
            Units::Utf16 => c.len_utf16(),
        };
    }
    assert_eq!(counted, character as usize, "position past the end");
    text.len()
}

fn range_of(text: &str, range: &Value, units: Units) -> std::ops::Range<usize> {
    let at = |p: &Value| offset(text, p["line"].as_u64().unwrap(), p["character"].as_u64().unwrap(), units);
    at(&range["start"])..at(&range["end"])
}

fn lsp_range(text: &str, bytes: std::ops::Range<usize>, units: Units) -> Value {
    let (l0, c0) = position(text, bytes.start, units);
    let (l1, c1) = position(text, bytes.end, units);
    json!({"start": {"line": l0, "character": c0}, "end": {"line": l1, "character": c1}})
}

/// Applies protocol text edits (all relative to `text`) the way a client does.
fn apply(text: &str, edits: &[Value], units: Units) -> String {
    let mut ranged: Vec<(std::ops::Range<usize>, &str)> =
        edits.iter().map(|e| (range_of(text, &e["range"], units), e["newText"].as_str().unwrap())).collect();
    ranged.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    let mut out = text.to_string();
    for (r, new) in ranged {
        out.replace_range(r, new);
    }
    out
}

/// The text edits for [`URI`] in a workspace edit, in either shape.
fn edits_of(edit: &Value) -> Vec<Value> {
    if let Some(changes) = edit.get("documentChanges") {
        let doc = &changes[0];
        assert_eq!(doc["textDocument"]["uri"], URI);
        return doc["edits"].as_array().unwrap().clone();
    }
    edit["changes"][URI].as_array().unwrap().clone()
}

fn rule(d: &Value) -> &str {
    d["code"].as_str().unwrap()
}

fn engine_fix(text: &str) -> String {
    engine::fix(text, Format::Markdown, &Settings::default()).text
}

#[tokio::test]
async fn initialize_negotiates_utf16_and_push_by_default() {
    let (c, result) = Client::initialized(json!({})).await;
    let caps = &result["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert!(caps.get("diagnosticProvider").is_none(), "push mode advertises no pull");
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync");
    assert_eq!(caps["executeCommandProvider"]["commands"], json!(["copydesk.fixAll"]));
    assert_eq!(result["serverInfo"]["name"], "copydesk");
    assert_eq!(c.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn initialize_negotiates_utf8_and_pull_when_offered() {
    let (c, result) = Client::initialized(pull_utf8()).await;
    let caps = &result["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-8");
    assert_eq!(caps["diagnosticProvider"]["identifier"], "copydesk");
    assert_eq!(c.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn pushed_diagnostics_have_utf16_ranges_after_an_emoji() {
    let (mut c, _) = Client::initialized(push_utf16()).await;
    c.open(DRAFT, 7).await;
    let diagnostics = c.pushed(7).await;
    let rules: Vec<&str> = diagnostics.iter().map(rule).collect();
    assert_eq!(rules, ["doubled-word", "web-boilerplate", "duplicated-dateline", "photo-credit"]);

    let doubled = &diagnostics[0];
    let second_the = DRAFT.find("the the").unwrap() + 4;
    // 😀 is 2 UTF-16 units, é and the curly quotes 1 each.
    let before = "Café owners 😀 told “us” the ";
    assert_eq!(doubled["range"]["start"], json!({"line": 0, "character": before.encode_utf16().count()}));
    assert_eq!(doubled["range"], lsp_range(DRAFT, second_the..second_the + 3, Units::Utf16));
    assert_eq!(doubled["source"], "copydesk");
    assert_eq!(doubled["severity"], 2);
    assert_eq!(
        doubled["codeDescription"]["href"],
        "https://github.com/copydesk/copydesk/blob/main/docs/rules.md#doubled-word"
    );
    assert!(doubled.get("tags").is_none());

    let boilerplate = &diagnostics[1];
    assert_eq!(boilerplate["tags"], json!([1]), "Unnecessary");
    let ad = DRAFT.find("Advertisement").unwrap();
    assert_eq!(boilerplate["range"], lsp_range(DRAFT, ad..ad + "Advertisement".len(), Units::Utf16));
    assert_eq!(diagnostics[3]["severity"], 3, "photo-credit is info");
    assert_eq!(c.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn incremental_edits_are_applied_in_order_and_published_with_their_version() {
    let (mut c, _) = Client::initialized(push_utf16()).await;
    c.open(DRAFT, 1).await;
    assert_eq!(c.pushed(1).await.len(), 4);

    // Two changes in one notification: delete the doubled "the " (a range after the emoji),
    // then, in the text that results, delete the Advertisement line.
    let mut text = DRAFT.to_string();
    let the = text.find("the the").unwrap();
    let first = lsp_range(&text, the..the + 4, Units::Utf16);
    text.replace_range(the..the + 4, "");
    let ad = text.find("Advertisement\n\n").unwrap();
    let second = lsp_range(&text, ad..ad + "Advertisement\n\n".len(), Units::Utf16);
    text.replace_range(ad..ad + "Advertisement\n\n".len(), "");
    c.change(2, json!([{"range": first, "text": ""}, {"range": second, "text": ""}])).await;
    let rules: Vec<String> = c.pushed(2).await.iter().map(|d| rule(d).to_string()).collect();
    assert_eq!(rules, ["duplicated-dateline", "photo-credit"]);

    // Type an emoji and a doubled word at the end of line 0, one keystroke per change.
    let mut version = 2;
    for piece in [" 🗞", " and", " and", " so"] {
        let end = text.find('\n').unwrap();
        let r = lsp_range(&text, end..end, Units::Utf16);
        text.insert_str(end, piece);
        version += 1;
        c.change(version, json!([{"range": r, "text": piece}])).await;
    }
    let diagnostics = c.pushed(version).await;
    let doubled: Vec<&Value> = diagnostics.iter().filter(|d| rule(d) == "doubled-word").collect();
    assert_eq!(doubled.len(), 1);
    let and = text.find("and and").unwrap() + 4;
    assert_eq!(doubled[0]["range"], lsp_range(&text, and..and + 3, Units::Utf16));

    // A change without a range replaces everything.
    c.change(version + 1, json!([{"text": "Clean copy.\n"}])).await;
    assert!(c.pushed(version + 1).await.is_empty());

    // The server's text equals ours: fix-all on it changes nothing now.
    let actions = c
        .request("textDocument/codeAction", code_action_params(lsp_range("", 0..0, Units::Utf16), &["source"]))
        .await
        .unwrap();
    assert_eq!(actions, json!([]));
    assert_eq!(c.shutdown_and_exit().await, 0);
}

/// DESIGN.md §4: the library runs up to 32 messages at once, so an edit handler that awaited
/// before applying its change could be overtaken by the next edit. 300 one-character edits
/// sent back to back must leave the server with exactly the client's text.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_hundred_keystrokes_sent_back_to_back_keep_the_text_intact() {
    let (mut c, _) = Client::initialized(pull_utf8()).await;
    let typed = "Officials said the the dam held — “for now” 😀 — and that crews would work through the night.\n\
                 Residents were told to stay away from the river banks until the the water level dropped.\n\
                 The mayor said the town had had worse floods and would recover quickly.\n";
    assert!(typed.chars().count() >= 250);
    let mut text = String::new();
    c.open("", 1).await;
    let mut version = 1;
    let mut sent = 0;
    while sent < 300 {
        for ch in typed.chars() {
            if sent == 300 {
                break;
            }
            let at = text.len();
            let r = lsp_range(&text, at..at, Units::Utf8);
            text.push(ch);
            version += 1;
            sent += 1;
            c.change(version, json!([{"range": r, "text": ch.to_string()}])).await;
        }
    }
    let items = c.pulled().await;
    let expected: Vec<std::ops::Range<usize>> = text.match_indices("the the").map(|(i, _)| i + 4..i + 7).collect();
    assert_eq!(expected.len(), 3, "the typed text holds three doubled words");
    let doubled: Vec<Value> = items.iter().filter(|d| rule(d) == "doubled-word").map(|d| d["range"].clone()).collect();
    let expected: Vec<Value> = expected.into_iter().map(|r| lsp_range(&text, r, Units::Utf8)).collect();
    assert_eq!(doubled, expected);
    let whole = lsp_range(&text, 0..text.len(), Units::Utf8);
    let actions = c.request("textDocument/codeAction", code_action_params(whole, &["source.fixAll"])).await.unwrap();
    assert_eq!(apply(&text, &edits_of(&actions[0]["edit"]), Units::Utf8), engine_fix(&text));
    assert_eq!(c.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn closing_a_document_clears_its_pushed_diagnostics() {
    let (mut c, _) = Client::initialized(push_utf16()).await;
    c.open(DRAFT, 1).await;
    assert_eq!(c.pushed(1).await.len(), 4);
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": URI}})).await;
    let cleared = c.notification("textDocument/publishDiagnostics", |p| p["uri"] == URI).await;
    assert_eq!(cleared["diagnostics"], json!([]));
    assert_eq!(c.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn pull_mode_answers_requests_in_utf8_and_never_pushes() {
    let (mut c, _) = Client::initialized(pull_utf8()).await;
    c.open(DRAFT, 1).await;
    let items = c.pulled().await;
    let rules: Vec<&str> = items.iter().map(rule).collect();
    assert_eq!(rules, ["doubled-word", "web-boilerplate", "duplicated-dateline", "photo-credit"]);
    let second_the = DRAFT.find("the the").unwrap() + 4;
    assert_eq!(items[0]["range"], lsp_range(DRAFT, second_the..second_the + 3, Units::Utf8));
    assert_eq!(items[0]["range"]["start"]["character"], second_the, "UTF-8 columns count bytes");

    // An edit in UTF-8 columns, then pull again.
    let r = lsp_range(DRAFT, second_the - 4..second_the, Units::Utf8);
    c.change(2, json!([{"range": r, "text": ""}])).await;
    let rules: Vec<String> = c.pulled().await.iter().map(|d| rule(d).to_string()).collect();
    assert_eq!(rules, ["web-boilerplate", "duplicated-dateline", "photo-credit"]);

    // Wait well past the debounce: nothing may have been pushed.
    tokio::time::sleep(Duration::from_millis(300)).await;
    c.request("textDocument/diagnostic", json!({"textDocument": {"uri": URI}})).await.unwrap();
    assert!(
        c.notifications.iter().all(|n| n["method"] != "textDocument/publishDiagnostics"),
        "pull mode must not push: {:?}",
        c.notifications
    );
    assert_eq!(c.shutdown_and_exit().await, 0);
}

fn code_action_params(range: Value, only: &[&str]) -> Value {
    let mut context = json!({"diagnostics": []});
    if !only.is_empty() {
        context["only"] = json!(only);
    }
    json!({"textDocument": {"uri": URI}, "range": range, "context": context})
}

#[tokio::test]
async fn quick_fix_at_the_cursor_applies_and_ignores_echoed_ranges() {
    let (mut c, _) = Client::initialized(push_utf16()).await;
    c.open(DRAFT, 1).await;
    c.pushed(1).await;
    // Cursor inside the second "the"; the echoed diagnostic carries a bogus range, as some
    // clients send byte columns there.
    let at = DRAFT.find("the the").unwrap() + 5;
    let mut params = code_action_params(lsp_range(DRAFT, at..at, Units::Utf16), &[]);
    params["context"]["diagnostics"] = json!([{
        "range": {"start": {"line": 0, "character": 99}, "end": {"line": 0, "character": 120}},
        "message": "doubled word", "code": "doubled-word", "source": "copydesk"
    }]);
    let actions = c.request("textDocument/codeAction", params).await.unwrap();
    let actions = actions.as_array().unwrap();
    let is_disable = |a: &Value| a["title"].as_str().is_some_and(|t| t.starts_with("Disable "));
    let quick: Vec<&Value> = actions.iter().filter(|a| a["kind"] == "quickfix" && !is_disable(a)).collect();
    assert_eq!(quick.len(), 1, "{actions:?}");
    let disable: Vec<&Value> = actions.iter().filter(|a| is_disable(a)).collect();
    assert_eq!(disable.len(), 1, "and the suppression quick fix: {actions:?}");
    assert_eq!(disable[0]["title"], "Disable doubled-word for this line");
    assert_eq!(quick[0]["isPreferred"], true, "safe fix");
    assert_eq!(quick[0]["diagnostics"][0]["code"], "doubled-word");
    assert_eq!(quick[0]["edit"]["documentChanges"][0]["textDocument"]["version"], 1);
    let fixed = apply(DRAFT, &edits_of(&quick[0]["edit"]), Units::Utf16);
    assert!(fixed.starts_with("Café owners 😀 told “us” the plan would fail.\n"), "{fixed}");
    assert_eq!(fixed.len(), DRAFT.len() - 4);

    // The fix-all action comes with it when no kinds are asked for.
    assert!(actions.iter().any(|a| a["kind"] == "source.fixAll.copydesk"));

    // The unsafe photo-credit fix is offered but not preferred.
    let credit = DRAFT.find("[File").unwrap();
    let params = code_action_params(lsp_range(DRAFT, credit..credit + 3, Units::Utf16), &["quickfix"]);
    let actions = c.request("textDocument/codeAction", params).await.unwrap();
    let titles: Vec<&str> = actions.as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert_eq!(titles.len(), 2, "{titles:?}");
    assert_eq!(titles[1], "Disable photo-credit for this line");
    assert_eq!(actions[0]["isPreferred"], false);
    assert_eq!(c.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn fix_all_equals_the_engine_fix_in_every_way_it_is_asked_for() {
    let (mut c, _) = Client::initialized(push_utf16()).await;
    c.open(DRAFT, 1).await;
    c.pushed(1).await;
    let expected = engine_fix(DRAFT);
    assert_ne!(expected, DRAFT);
    let whole = lsp_range(DRAFT, 0..0, Units::Utf16);
    for only in ["source.fixAll.copydesk", "source.fixAll", "source"] {
        let actions = c.request("textDocument/codeAction", code_action_params(whole.clone(), &[only])).await.unwrap();
        let actions = actions.as_array().unwrap();
        assert_eq!(actions.len(), 1, "only {only}: {actions:?}");
        assert_eq!(actions[0]["kind"], "source.fixAll.copydesk");
        assert_eq!(apply(DRAFT, &edits_of(&actions[0]["edit"]), Units::Utf16), expected, "only {only}");
    }
    // Asking for quick fixes only leaves fix-all out.
    let actions = c.request("textDocument/codeAction", code_action_params(whole, &["quickfix"])).await.unwrap();
    assert!(actions.as_array().unwrap().iter().all(|a| a["kind"] == "quickfix"));

    // The command applies the same edit through workspace/applyEdit.
    let result = c.request("workspace/executeCommand", json!({"command": "copydesk.fixAll", "arguments": [URI]})).await;
    assert_eq!(result, Ok(Value::Null));
    assert_eq!(c.applied_edits.len(), 1);
    assert_eq!(apply(DRAFT, &edits_of(&c.applied_edits[0]), Units::Utf16), expected);
    assert_eq!(c.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn protocol_abuse_is_answered_and_the_server_keeps_serving() {
    let (mut c, _) = Client::initialized(pull_utf8()).await;
    // Unknown method.
    let err = c.request("copydesk/noSuchMethod", json!({})).await.unwrap_err();
    assert_eq!(err["code"], -32601);
    // Invalid params.
    let err = c.request("textDocument/codeAction", json!({"textDocument": 5})).await.unwrap_err();
    assert_eq!(err["code"], -32602);
    // A URI never opened.
    let never = json!({"textDocument": {"uri": "file:///never.md"}});
    let report = c.request("textDocument/diagnostic", never).await.unwrap();
    assert_eq!(report["items"], json!([]));
    let mut params = code_action_params(lsp_range("", 0..0, Units::Utf8), &[]);
    params["textDocument"]["uri"] = json!("file:///never.md");
    assert_eq!(c.request("textDocument/codeAction", params).await.unwrap(), Value::Null);
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": "file:///never.md", "version": 3}, "contentChanges": [{"text": "x"}]}),
    )
    .await;
    // An unknown command.
    let err = c.request("workspace/executeCommand", json!({"command": "nope", "arguments": []})).await.unwrap_err();
    assert_eq!(err["code"], -32602);

    // Positions far out of range clamp; stale and repeated versions are still applied in order.
    c.open("It was the end.\n", 5).await;
    let far = json!({"start": {"line": 0, "character": 7}, "end": {"line": 0, "character": 7}});
    c.change(5, json!([{"range": far, "text": "the "}])).await;
    let way_out = json!({"start": {"line": 99, "character": 99}, "end": {"line": 120, "character": 0}});
    c.change(2, json!([{"range": way_out, "text": "Advertisement\n"}])).await;
    let items = c.pulled().await;
    let rules: Vec<&str> = items.iter().map(rule).collect();
    assert_eq!(rules, ["doubled-word", "web-boilerplate"]);
    let beyond = json!({"start": {"line": 0, "character": 500}, "end": {"line": 40, "character": 2}});
    let actions = c.request("textDocument/codeAction", code_action_params(beyond, &["quickfix"])).await.unwrap();
    let fixes = actions.as_array().unwrap().iter().filter(|a| !a["title"].as_str().unwrap().starts_with("Disable "));
    assert_eq!(fixes.count(), 1, "only the finding at the clamped end");

    // A duplicate initialize is refused.
    let err = c.request("initialize", json!({"capabilities": {}})).await.unwrap_err();
    assert_eq!(err["code"], -32600);
    // And the server still serves.
    assert_eq!(c.pulled().await.len(), 2);
    assert_eq!(c.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn malformed_json_is_a_parse_error_and_the_server_keeps_serving() {
    let (mut c, _) = Client::initialized(pull_utf8()).await;
    for body in ["{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": ", "not json at all", "[1, 2"] {
        let frame = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        c.writer.write_all(frame.as_bytes()).await.unwrap();
        let answer = c.response().await;
        assert_eq!(answer["id"], Value::Null, "{answer}");
        assert_eq!(answer["error"]["code"], -32700, "{answer}");
    }
    // Valid JSON that is not a JSON-RPC message is an invalid request.
    let body = "{\"hello\": 1}";
    let frame = format!("Content-Length: {}\r\n\r\n{body}", body.len());
    c.writer.write_all(frame.as_bytes()).await.unwrap();
    let answer = c.response().await;
    assert_eq!(answer["error"]["code"], -32600, "{answer}");
    // A frame without a Content-Length header, then garbage glued before the next header.
    c.writer.write_all(b"Content-Type: text/plain\r\n\r\n").await.unwrap();
    assert_eq!(c.response().await["error"]["code"], -32700);
    c.writer.write_all(b"oops").await.unwrap();
    c.send(json!({"jsonrpc": "2.0", "id": 77, "method": "textDocument/diagnostic", "params": {"textDocument": {"uri": URI}}}))
        .await;
    let mut answers = [c.response().await, c.response().await];
    answers.sort_by_key(|a| a["id"].as_i64());
    assert_eq!(answers[0]["error"]["code"], -32700, "the glued garbage is answered: {answers:?}");
    assert_eq!(answers[1]["result"]["items"], json!([]), "and the request after it served: {answers:?}");
    c.open(DRAFT, 1).await;
    assert_eq!(c.pulled().await.len(), 4);
    assert_eq!(c.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn a_burst_of_cancel_requests_is_harmless() {
    let (mut c, _) = Client::initialized(pull_utf8()).await;
    c.open(DRAFT, 1).await;
    for id in 0..1000 {
        c.notify("$/cancelRequest", json!({"id": 50_000 + id})).await;
    }
    assert_eq!(c.pulled().await.len(), 4);
    assert!(c.notifications.iter().all(|n| n["method"] != "$/cancelRequest"));
    assert_eq!(c.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn exit_without_shutdown_ends_with_code_1() {
    let (mut c, _) = Client::initialized(push_utf16()).await;
    c.notify("exit", Value::Null).await;
    assert_eq!(c.exit_code().await, 1);
}

#[tokio::test]
async fn requests_after_shutdown_are_refused_and_exit_ends_with_code_0() {
    let (mut c, _) = Client::initialized(push_utf16()).await;
    assert_eq!(c.request("shutdown", Value::Null).await, Ok(Value::Null));
    let err = c.request("textDocument/diagnostic", json!({"textDocument": {"uri": URI}})).await.unwrap_err();
    assert_eq!(err["code"], -32600);
    c.notify("exit", Value::Null).await;
    assert_eq!(c.exit_code().await, 0);
    // The server closed its end.
    assert!(c.recv().await.is_none());
}

#[test]
fn the_emoji_draft_is_what_the_tests_think_it_is() {
    // 😀 is one char, two UTF-16 units, four bytes.
    let line = DRAFT.lines().next().unwrap();
    assert_eq!(line.chars().count() + 1, line.encode_utf16().count());
    assert_eq!(position(DRAFT, DRAFT.find("told").unwrap(), Units::Utf16), (0, 15));
    assert_eq!(position(DRAFT, DRAFT.find("told").unwrap(), Units::Utf8), (0, 18));
}

/// UTF-16 column of byte `offset` in the one-line `text` (computed here, not by the server).
fn utf16_col(text: &str, offset: usize) -> usize {
    text[..offset].encode_utf16().count()
}

#[tokio::test]
async fn hover_shows_the_same_card_on_every_mention_with_utf16_ranges() {
    let (mut c, init) = Client::initialized(push_utf16()).await;
    assert_eq!(init["capabilities"]["hoverProvider"], true);
    let text = "Café 😀 staff said Kremlin aide Yuri Ushakov would speak. Later Ushakov spoke in Moscow.\n";
    c.open(text, 1).await;
    let full = text.find("Yuri Ushakov").unwrap();
    let short = text.rfind("Ushakov").unwrap();
    let mut cards = Vec::new();
    for (at, start, len) in [(full + 6, full, "Yuri Ushakov".len()), (short + 2, short, "Ushakov".len())] {
        let params = json!({"textDocument": {"uri": URI}, "position": {"line": 0, "character": utf16_col(text, at)}});
        let hover = c.request("textDocument/hover", params).await.unwrap();
        assert_eq!(hover["contents"]["kind"], "markdown");
        let want = json!({"start": {"line": 0, "character": utf16_col(text, start)}, "end": {"line": 0, "character": utf16_col(text, start + len)}});
        assert_eq!(hover["range"], want);
        cards.push(hover["contents"]["value"].as_str().unwrap().to_string());
    }
    assert_eq!(cards[0], cards[1], "hover on a later surname shows the same card");
    assert!(cards[0].starts_with("**Yuri Ushakov** · person"), "{}", cards[0]);
    assert!(cards[0].contains("First reference: line 1 · 2 mentions"), "{}", cards[0]);
    // Nothing to say about an ordinary word.
    let params = json!({"textDocument": {"uri": URI}, "position": {"line": 0, "character": utf16_col(text, text.find("staff").unwrap())}});
    assert_eq!(c.request("textDocument/hover", params).await.unwrap(), Value::Null);
    assert_eq!(c.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn document_symbols_list_people_and_places_at_their_first_mention() {
    let (mut c, init) = Client::initialized(pull_utf8()).await;
    assert_eq!(init["capabilities"]["documentSymbolProvider"], true);
    let text = "Recommended Stories\n\nMOSCOW (AP) — Kremlin aide Yuri Ushakov said Xi Jinping would visit Moscow.\n";
    c.open(text, 1).await;
    let symbols = c.request("textDocument/documentSymbol", json!({"textDocument": {"uri": URI}})).await.unwrap();
    let groups = symbols.as_array().unwrap();
    let names: Vec<&str> = groups.iter().map(|g| g["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["People", "Places"]);
    let people: Vec<&str> = groups[0]["children"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(people, ["Yuri Ushakov", "Xi Jinping"]);
    let moscow = &groups[1]["children"][0];
    assert_eq!(moscow["name"], "Moscow");
    // UTF-8 columns: the first mention is the dateline, line 2 (0-based), column 0.
    assert_eq!(moscow["selectionRange"], json!({"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 6}}));
    assert!(moscow["detail"].as_str().unwrap().contains("2 mentions"), "{moscow}");
    assert_eq!(c.shutdown_and_exit().await, 0);
}

/// While the user types, the slow whole-draft rule (`boilerplate-block`) is not re-run: its
/// findings move with the text. Once typing pauses (`SLOW_RULES_PAUSE`) the server checks in
/// full and publishes again for the same version — the exact result.
#[tokio::test]
async fn after_typing_pauses_the_deferred_rule_is_run_and_published_again() {
    let mut page = include_str!("fixtures/pages/menu-story-links.txt").to_string();
    let (mut c, _) = Client::initialized(push_utf16()).await;
    c.open(&page, 1).await;
    let blocks = |d: &[Value]| d.iter().filter(|d| rule(d) == "boilerplate-block").count();
    let first = c.pushed(1).await;
    assert!(blocks(&first) >= 2, "{first:?}");

    // Break up the menu above the story: its block is dropped from the carried findings at
    // once; the full check after the pause finds what the rule finds on the new text.
    let at = page.find("Sport").unwrap();
    let r = lsp_range(&page, at..at, Units::Utf16);
    let inserted = "The minister said the storm was the worst in a century and that more rain would come.\n";
    page.insert_str(at, inserted);
    c.change(2, json!([{"range": r, "text": inserted}])).await;
    let quick = c.pushed(2).await;
    assert_eq!(blocks(&quick), blocks(&first) - 1, "the touched block is dropped: {quick:?}");
    let exact = c.pushed(2).await;
    let expected = copydesk::engine::check(&page, copydesk::draft::Format::Markdown, &copydesk::config::Settings::default());
    let want = expected.diagnostics.iter().filter(|d| d.rule == "boilerplate-block").count();
    assert_eq!(blocks(&exact), want, "{exact:?}");
    assert_eq!(exact.len(), expected.diagnostics.len());
    assert_eq!(c.shutdown_and_exit().await, 0);
}
