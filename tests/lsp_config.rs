//! Configuration in the language server, in-process over `tokio::io::duplex`: editor settings
//! read with workspace/configuration and re-read on didChangeConfiguration, copydesk.toml
//! found per document, watched and reloaded, errors shown with file, line and key while the
//! last good settings stay, excluded files, and the "Disable RULE for this line" quick fix.

use std::collections::VecDeque;
use std::path::Path;
use std::time::Duration;

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream, ReadHalf, WriteHalf};

const TIMEOUT: Duration = Duration::from_secs(10);

/// Two findings in plain text: a boilerplate line and a doubled word.
const DRAFT: &str = "Advertisement\nIt was the the end of the talks.\n";

/// A client that answers the server's requests: workspace/configuration with `settings`,
/// client/registerCapability (recorded), anything else with null.
struct Client {
    reader: BufReader<ReadHalf<DuplexStream>>,
    writer: WriteHalf<DuplexStream>,
    server: Option<tokio::task::JoinHandle<i32>>,
    next_id: i64,
    notifications: VecDeque<Value>,
    /// What workspace/configuration answers for the `copydesk` section.
    settings: Value,
    /// How many times the server asked for the settings.
    settings_asked: usize,
    registrations: Vec<Value>,
    /// Methods of every request the server sent.
    requests: Vec<String>,
}

impl Client {
    /// Starts a server, initializes it with `capabilities`, `root` as the workspace folder and
    /// `init_options`, and sends `initialized`.
    async fn start(capabilities: Value, root: &Path, settings: Value, init_options: Value) -> Client {
        let (client_end, server_end) = tokio::io::duplex(1 << 20);
        let (server_in, server_out) = tokio::io::split(server_end);
        let server = tokio::spawn(copydesk::lsp::run(server_in, server_out));
        let (reader, writer) = tokio::io::split(client_end);
        let mut c = Client {
            reader: BufReader::new(reader),
            writer,
            server: Some(server),
            next_id: 0,
            notifications: VecDeque::new(),
            settings,
            settings_asked: 0,
            registrations: Vec::new(),
            requests: Vec::new(),
        };
        let root_uri = file_uri(root);
        let params = json!({
            "processId": null,
            "rootUri": root_uri,
            "workspaceFolders": [{"uri": root_uri, "name": "desk"}],
            "capabilities": capabilities,
            "initializationOptions": init_options,
        });
        c.request("initialize", params).await.expect("initialize");
        c.notify("initialized", json!({})).await;
        c
    }

    async fn send(&mut self, message: Value) {
        let body = serde_json::to_string(&message).unwrap();
        let frame = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        self.writer.write_all(frame.as_bytes()).await.unwrap();
        self.writer.flush().await.unwrap();
    }

    async fn recv(&mut self) -> Value {
        let read = async {
            let mut length = None;
            loop {
                let mut line = String::new();
                assert!(self.reader.read_line(&mut line).await.unwrap() > 0, "server closed the stream");
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
            serde_json::from_slice(&body).unwrap()
        };
        tokio::time::timeout(TIMEOUT, read).await.expect("the server sent what the test waits for in time")
    }

    async fn handle_other(&mut self, message: Value) {
        match (message.get("id"), message.get("method").and_then(Value::as_str)) {
            (Some(id), Some(method)) => {
                let id = id.clone();
                self.requests.push(method.to_string());
                let result = match method {
                    "workspace/configuration" => {
                        self.settings_asked += 1;
                        let items = message["params"]["items"].as_array().map_or(0, Vec::len);
                        json!(vec![self.settings.clone(); items])
                    }
                    "client/registerCapability" => {
                        self.registrations.extend(message["params"]["registrations"].as_array().unwrap().iter().cloned());
                        Value::Null
                    }
                    _ => Value::Null,
                };
                self.send(json!({"jsonrpc": "2.0", "id": id, "result": result})).await;
            }
            (None, Some(_)) => self.notifications.push_back(message),
            _ => panic!("unexpected message {message}"),
        }
    }

    async fn request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})).await;
        loop {
            let message = self.recv().await;
            if message.get("id") == Some(&json!(id)) && message.get("method").is_none() {
                return match message.get("error") {
                    Some(error) => Err(error.clone()),
                    None => Ok(message["result"].clone()),
                };
            }
            self.handle_other(message).await;
        }
    }

    async fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params})).await;
    }

    /// Waits for a notification `method` whose params satisfy `pred`; earlier ones of the same
    /// method are dropped (they are older), others are kept (their order relative to this one
    /// is not fixed: errors are shown by a task of their own).
    async fn notification(&mut self, method: &str, pred: impl Fn(&Value) -> bool) -> Value {
        loop {
            if let Some(i) = self.notifications.iter().position(|n| n["method"] == method && pred(&n["params"])) {
                let found = self.notifications.remove(i).unwrap();
                let mut index = 0;
                self.notifications.retain(|n| {
                    index += 1;
                    index > i || n["method"] != method
                });
                return found["params"].clone();
            }
            let message = self.recv().await;
            self.handle_other(message).await;
        }
    }

    /// Waits until the diagnostics pushed for `uri` are exactly `rules` (by code, in order).
    async fn pushed_rules(&mut self, uri: &str, rules: &[&str]) -> Value {
        let rules: Vec<Value> = rules.iter().map(|r| json!(r)).collect();
        self.notification("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri && p["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].clone()).collect::<Vec<_>>() == rules
        })
        .await
    }

    async fn open(&mut self, uri: &str, text: &str, language: &str) {
        let doc = json!({"uri": uri, "languageId": language, "version": 1, "text": text});
        self.notify("textDocument/didOpen", json!({"textDocument": doc})).await;
    }
}

fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn temp_root() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    (dir, root)
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// VS Code-like: answers workspace/configuration, watches files dynamically, push diagnostics.
fn full_caps() -> Value {
    json!({
        "workspace": {
            "configuration": true,
            "didChangeConfiguration": {"dynamicRegistration": true},
            "didChangeWatchedFiles": {"dynamicRegistration": true}
        }
    })
}

#[tokio::test]
async fn editor_settings_are_read_after_initialized_and_reread_on_change() {
    let (_dir, root) = temp_root();
    let mut c = Client::start(full_caps(), &root, json!({"rules": {"doubled-word": "off"}}), Value::Null).await;
    let uri = file_uri(&root.join("story.txt"));
    c.open(&uri, DRAFT, "plaintext").await;
    c.pushed_rules(&uri, &["web-boilerplate"]).await;
    assert!(c.settings_asked >= 1);

    // VS Code sends a null payload; the server asks again.
    c.settings = json!({"rules": {"web-boilerplate": "off", "doubled-word": "error"}});
    c.notify("workspace/didChangeConfiguration", json!({"settings": null})).await;
    let params = c.pushed_rules(&uri, &["doubled-word"]).await;
    assert_eq!(params["diagnostics"][0]["severity"], 1, "error");
}

#[tokio::test]
async fn bad_editor_settings_are_shown_and_the_last_good_ones_kept() {
    let (_dir, root) = temp_root();
    let mut c = Client::start(full_caps(), &root, json!({"rules": {"doubled-word": "off"}}), Value::Null).await;
    let uri = file_uri(&root.join("story.txt"));
    c.open(&uri, DRAFT, "plaintext").await;
    c.pushed_rules(&uri, &["web-boilerplate"]).await;

    c.settings = json!({"rules": {"doubled-wrd": "off"}, "style": "apx"});
    c.notify("workspace/didChangeConfiguration", json!({"settings": null})).await;
    let shown = c.notification("window/showMessage", |_| true).await;
    assert_eq!(shown["type"], 1, "an error");
    let message = shown["message"].as_str().unwrap();
    assert!(message.contains("editor settings: `copydesk.rules.doubled-wrd`: unknown rule"), "{message}");
    // Still the last good settings: nothing changed, so no re-check is pushed; the next edit
    // is checked with doubled-word still off.
    let text = format!("{DRAFT}More text.\n");
    let change = json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": text}]});
    c.notify("textDocument/didChange", change).await;
    let pushed = c.pushed_rules(&uri, &["web-boilerplate"]).await;
    assert_eq!(pushed["version"], 2, "the first push after the bad settings is the edit's: {pushed}");
}

#[tokio::test]
async fn copydesk_toml_is_watched_and_reloaded_and_errors_keep_the_last_good_file() {
    let (_dir, root) = temp_root();
    write(&root.join("copydesk.toml"), "[rules]\ndoubled-word = \"off\"\n");
    let mut c = Client::start(full_caps(), &root, Value::Null, Value::Null).await;
    let uri = file_uri(&root.join("news/story.txt"));
    c.open(&uri, DRAFT, "plaintext").await;
    c.pushed_rules(&uri, &["web-boilerplate"]).await;
    let watcher = c.registrations.iter().find(|r| r["method"] == "workspace/didChangeWatchedFiles").expect("registered");
    assert_eq!(watcher["registerOptions"]["watchers"][0]["globPattern"], "**/copydesk.toml");

    let config_uri = file_uri(&root.join("copydesk.toml"));
    write(&root.join("copydesk.toml"), "[rules]\nweb-boilerplate = \"off\"\n");
    c.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": config_uri, "type": 2}]})).await;
    c.pushed_rules(&uri, &["doubled-word"]).await;

    // A broken file: the error names file, line, column and key; the last good file stays.
    write(&root.join("copydesk.toml"), "[rules]\nweb-boilerplate = \"off\"\n\nstlye = \"ap\"\n");
    c.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": config_uri, "type": 2}]})).await;
    let shown = c.notification("window/showMessage", |_| true).await;
    let message = shown["message"].as_str().unwrap();
    assert_eq!(shown["type"], 1);
    assert!(message.contains("copydesk.toml:4:1: `rules.stlye`: unknown rule \"stlye\""), "{message}");
    c.pushed_rules(&uri, &["doubled-word"]).await;

    // Fixed again.
    write(&root.join("copydesk.toml"), "");
    c.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": config_uri, "type": 2}]})).await;
    c.pushed_rules(&uri, &["web-boilerplate", "doubled-word"]).await;
}

#[tokio::test]
async fn nearest_file_per_document_and_exclude() {
    let (_dir, root) = temp_root();
    write(&root.join("copydesk.toml"), "exclude = [\"archive/**\"]\n");
    write(&root.join("strict/copydesk.toml"), "[rules]\nweb-boilerplate = \"off\"\n");
    let mut c = Client::start(json!({}), &root, Value::Null, Value::Null).await;
    let news = file_uri(&root.join("news/a.txt"));
    let strict = file_uri(&root.join("strict/deep/b.txt"));
    let archived = file_uri(&root.join("archive/2019/c.txt"));
    c.open(&news, DRAFT, "plaintext").await;
    c.pushed_rules(&news, &["web-boilerplate", "doubled-word"]).await;
    c.open(&strict, DRAFT, "plaintext").await;
    c.pushed_rules(&strict, &["doubled-word"]).await;
    c.open(&archived, DRAFT, "plaintext").await;
    c.pushed_rules(&archived, &[]).await;
}

#[tokio::test]
async fn clients_without_workspace_configuration_push_settings() {
    let (_dir, root) = temp_root();
    // Settings in initializationOptions, then a didChangeConfiguration payload (Neovim 0.7).
    let init = json!({"copydesk": {"rules": {"doubled-word": "off"}}});
    let mut c = Client::start(json!({}), &root, Value::Null, init).await;
    let uri = file_uri(&root.join("story.txt"));
    c.open(&uri, DRAFT, "plaintext").await;
    c.pushed_rules(&uri, &["web-boilerplate"]).await;
    c.notify("workspace/didChangeConfiguration", json!({"settings": {"copydesk": {"rules": {"web-boilerplate": "off"}}}})).await;
    c.pushed_rules(&uri, &["doubled-word"]).await;
    assert_eq!(c.settings_asked, 0, "never asked a client that cannot answer");
    assert!(c.registrations.is_empty(), "no dynamic registration offered");
}

#[tokio::test]
async fn disable_for_this_line_inserts_a_directive_that_silences_the_finding() {
    let (_dir, root) = temp_root();
    let mut c = Client::start(json!({}), &root, Value::Null, Value::Null).await;
    for (name, language, expected) in [
        ("story.txt", "plaintext", "Advertisement\ncopydesk-disable-next-line doubled-word\nIt was the the end of the talks.\n"),
        (
            "story.md",
            "markdown",
            "Advertisement\nIt was the the end of the talks. <!-- copydesk-disable-line doubled-word -->\n",
        ),
    ] {
        let uri = file_uri(&root.join(name));
        c.open(&uri, DRAFT, language).await;
        c.pushed_rules(&uri, &["web-boilerplate", "doubled-word"]).await;
        let at = json!({"start": {"line": 1, "character": 12}, "end": {"line": 1, "character": 12}});
        let params = json!({"textDocument": {"uri": uri}, "range": at, "context": {"diagnostics": [], "only": ["quickfix"]}});
        let actions = c.request("textDocument/codeAction", params).await.unwrap();
        let disable = actions
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["title"] == "Disable doubled-word for this line")
            .unwrap_or_else(|| panic!("{actions}"))
            .clone();
        assert_eq!(disable["kind"], "quickfix");
        let edit = disable["edit"]["changes"][&uri][0].clone();
        let edit = if edit.is_null() { disable["edit"]["documentChanges"][0]["edits"][0].clone() } else { edit };
        // The drafts are ASCII, so UTF-16 columns are byte columns here.
        let line = edit["range"]["start"]["line"].as_u64().unwrap() as usize;
        let col = edit["range"]["start"]["character"].as_u64().unwrap() as usize;
        assert_eq!(edit["range"]["start"], edit["range"]["end"], "an insertion");
        let offset: usize = DRAFT.split_inclusive('\n').take(line).map(str::len).sum::<usize>() + col;
        let fixed = format!("{}{}{}", &DRAFT[..offset], edit["newText"].as_str().unwrap(), &DRAFT[offset..]);
        assert_eq!(fixed, expected);
        let change = json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": fixed}]});
        c.notify("textDocument/didChange", change).await;
        c.pushed_rules(&uri, &["web-boilerplate"]).await;
    }
}

async fn pulled(c: &mut Client, uri: &str) -> Vec<String> {
    let report = c.request("textDocument/diagnostic", json!({"textDocument": {"uri": uri}})).await.unwrap();
    report["items"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn pull_clients_are_asked_to_refresh_after_a_change() {
    let (_dir, root) = temp_root();
    let caps = json!({
        "textDocument": {"diagnostic": {"dynamicRegistration": false}},
        "workspace": {"configuration": true, "diagnostics": {"refreshSupport": true}}
    });
    let mut c = Client::start(caps, &root, json!({"rules": {"doubled-word": "off"}}), Value::Null).await;
    let uri = file_uri(&root.join("story.txt"));
    // Each time the settings arrive, the server asks the client to pull again.
    let refreshes = |c: &Client| c.requests.iter().filter(|m| *m == "workspace/diagnostic/refresh").count();
    while refreshes(&c) < 1 {
        let message = c.recv().await;
        c.handle_other(message).await;
    }
    c.open(&uri, DRAFT, "plaintext").await;
    assert_eq!(pulled(&mut c, &uri).await, ["web-boilerplate"]);
    c.settings = json!({});
    c.notify("workspace/didChangeConfiguration", json!({"settings": null})).await;
    while refreshes(&c) < 2 {
        let message = c.recv().await;
        c.handle_other(message).await;
    }
    assert_eq!(pulled(&mut c, &uri).await, ["web-boilerplate", "doubled-word"]);
}

/// Regression: the server's own requests to the client (watcher registration, settings) must
/// not keep it alive after `exit` when the client never answers them.
#[tokio::test]
async fn exit_right_after_initialized_ends_the_server_even_with_requests_unanswered() {
    let (_dir, root) = temp_root();
    let mut c = Client::start(full_caps(), &root, Value::Null, Value::Null).await;
    c.notify("exit", Value::Null).await;
    let server = c.server.take().unwrap();
    let code = tokio::time::timeout(TIMEOUT, server).await.expect("the server stopped").unwrap();
    assert_eq!(code, 1, "exit without shutdown");
}
