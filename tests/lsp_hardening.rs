//! The language server under bad input and abuse, in-process over `tokio::io::duplex`: a rule
//! that panics, drafts with NUL bytes and a million-character line, a draft over the lint
//! limit next to a normal one, bytes that are not UTF-8, requests before `initialize`, a
//! notification with broken params, cancelling a request in flight, the input closing without
//! `exit`, and the `copydesk/stats` timings. (tests/lsp.rs covers the protocol's main paths
//! and the rest of the abuse list: malformed JSON, unknown methods, invalid params, positions
//! out of range, URIs never opened, stale versions, cancel bursts, exit without shutdown.)

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use copydesk::diagnostic::Diagnostic;
use copydesk::lsp::server::MAX_LINT_BYTES;
use copydesk::rules::{self, Context, RuleMeta};
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream, ReadHalf, WriteHalf};
use tokio::task::JoinHandle;

const TIMEOUT: Duration = Duration::from_secs(30);

/// A minimal client: frames in, frames out; notifications queued while waiting for responses.
struct Client {
    reader: BufReader<ReadHalf<DuplexStream>>,
    writer: WriteHalf<DuplexStream>,
    server: Option<JoinHandle<i32>>,
    next_id: i64,
    notifications: VecDeque<Value>,
}

impl Client {
    fn start(rules: &'static [&'static RuleMeta]) -> Client {
        let (client_end, server_end) = tokio::io::duplex(1 << 20);
        let (server_in, server_out) = tokio::io::split(server_end);
        let server = tokio::spawn(copydesk::lsp::run_with_rules(server_in, server_out, rules));
        let (reader, writer) = tokio::io::split(client_end);
        Client { reader: BufReader::new(reader), writer, server: Some(server), next_id: 0, notifications: VecDeque::new() }
    }

    async fn initialized(rules: &'static [&'static RuleMeta], pull: bool) -> Client {
        let mut c = Client::start(rules);
        let mut caps = json!({"general": {"positionEncodings": ["utf-16"]}});
        if pull {
            caps["textDocument"] = json!({"diagnostic": {"dynamicRegistration": false}});
        }
        c.request("initialize", json!({"processId": null, "rootUri": null, "capabilities": caps})).await.unwrap();
        c.notify("initialized", json!({})).await;
        c
    }

    async fn write_raw(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).await.unwrap();
        self.writer.flush().await.unwrap();
    }

    async fn send(&mut self, message: Value) {
        let body = serde_json::to_vec(&message).unwrap();
        let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        frame.extend(body);
        self.write_raw(&frame).await;
    }

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

    /// Queues notifications, answers server requests with null; returns the first response.
    async fn response(&mut self) -> Value {
        loop {
            let message = self.recv().await.expect("a response before the stream ends");
            match (message.get("id"), message.get("method")) {
                (_, None) => return message,
                (Some(id), Some(_)) => {
                    let id = id.clone();
                    self.send(json!({"jsonrpc": "2.0", "id": id, "result": null})).await;
                }
                (None, Some(_)) => self.notifications.push_back(message),
            }
        }
    }

    async fn send_request(&mut self, method: &str, params: Value) -> i64 {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})).await;
        id
    }

    async fn request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        let id = self.send_request(method, params).await;
        let answer = self.response().await;
        assert_eq!(answer["id"], json!(id), "answers come in order here: {answer}");
        match answer.get("error") {
            Some(e) => Err(e.clone()),
            None => Ok(answer["result"].clone()),
        }
    }

    async fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params})).await;
    }

    /// The next notification `method` whose params satisfy `pred`.
    async fn notification(&mut self, method: &str, pred: impl Fn(&Value) -> bool) -> Value {
        loop {
            if let Some(i) = self.notifications.iter().position(|n| n["method"] == method && pred(&n["params"])) {
                return self.notifications.remove(i).unwrap()["params"].clone();
            }
            let message = self.recv().await.expect("notification before the stream ends");
            if message.get("method").is_some() && message.get("id").is_none() {
                self.notifications.push_back(message);
            }
        }
    }

    async fn open(&mut self, uri: &str, text: &str) {
        let doc = json!({"uri": uri, "languageId": "markdown", "version": 1, "text": text});
        self.notify("textDocument/didOpen", json!({"textDocument": doc})).await;
    }

    async fn pulled(&mut self, uri: &str) -> Vec<Value> {
        let report = self.request("textDocument/diagnostic", json!({"textDocument": {"uri": uri}})).await.unwrap();
        report["items"].as_array().unwrap().clone()
    }

    async fn pushed(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let params = self.notification("textDocument/publishDiagnostics", |p| p["uri"] == uri && p["version"] == version).await;
        params["diagnostics"].as_array().unwrap().clone()
    }

    async fn exit_code(&mut self) -> i32 {
        let server = self.server.take().unwrap();
        tokio::time::timeout(TIMEOUT, server).await.expect("server stopped in time").unwrap()
    }

    async fn shutdown_and_exit(mut self) -> i32 {
        assert_eq!(self.request("shutdown", Value::Null).await, Ok(Value::Null));
        self.notify("exit", Value::Null).await;
        self.exit_code().await
    }
}

fn codes(items: &[Value]) -> Vec<&str> {
    items.iter().map(|d| d["code"].as_str().unwrap()).collect()
}

fn panicking(_: &Context) -> Vec<Diagnostic> {
    panic!("rule bug on purpose")
}

/// The registered rules with a rule that always panics in the middle.
fn rules_with_a_broken_one() -> &'static [&'static RuleMeta] {
    let broken: &'static RuleMeta = Box::leak(Box::new(RuleMeta {
        name: "broken-rule",
        code: "CD999",
        check: panicking,
        ..rules::doubled_word::META
    }));
    let mut all: Vec<&'static RuleMeta> = rules::ALL.to_vec();
    all.insert(all.len() / 2, broken);
    Box::leak(all.into_boxed_slice())
}

const DRAFT: &str = "It was the the end.\n\nAdvertisement\n\nThe council met.\n";

#[tokio::test]
async fn a_panicking_rule_is_logged_and_the_other_rules_findings_still_arrive() {
    for pull in [false, true] {
        let mut c = Client::initialized(rules_with_a_broken_one(), pull).await;
        c.open("file:///d.md", DRAFT).await;
        let items = if pull { c.pulled("file:///d.md").await } else { c.pushed("file:///d.md", 1).await };
        assert_eq!(codes(&items), ["doubled-word", "web-boilerplate"]);
        let log = c
            .notification("window/logMessage", |p| p["message"].as_str().unwrap().contains("broken-rule"))
            .await;
        assert_eq!(log["type"], 1, "an error: {log}");
        assert!(log["message"].as_str().unwrap().contains("rule bug on purpose"), "{log}");
        // And the server keeps going: an edit is checked again.
        let change = json!({"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "Now "});
        c.notify("textDocument/didChange", json!({"textDocument": {"uri": "file:///d.md", "version": 2}, "contentChanges": [change]}))
            .await;
        let items = if pull { c.pulled("file:///d.md").await } else { c.pushed("file:///d.md", 2).await };
        assert_eq!(codes(&items), ["doubled-word", "web-boilerplate"]);
        assert_eq!(c.shutdown_and_exit().await, 0);
    }
}

#[tokio::test]
async fn nul_bytes_and_a_million_character_line_are_checked_without_harm() {
    let mut c = Client::initialized(rules::ALL, true).await;
    let nul = "Bin\u{0}ary\u{0}\u{0} junk\n\nIt was the the end.\u{0}\n";
    c.open("file:///nul.md", nul).await;
    assert_eq!(codes(&c.pulled("file:///nul.md").await), ["doubled-word"]);
    // One line of a million characters: prose words, a doubled word near the end.
    let mut line: String = (0..200_000).map(|i| ["council ", "voted ", "a "][i % 3]).collect();
    line.truncate(999_980);
    line.push_str(" the the end");
    assert!(line.chars().count() > 999_990 && !line.contains('\n'));
    c.open("file:///long.md", &line).await;
    let items = c.pulled("file:///long.md").await;
    assert_eq!(codes(&items), ["doubled-word"]);
    assert_eq!(items[0]["range"]["start"]["line"], 0);
    assert_eq!(c.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn a_draft_over_the_lint_limit_is_not_checked_said_so_and_does_not_stall_the_others() {
    let mut c = Client::initialized(rules::ALL, false).await;
    // A paragraph with findings, repeated past the limit.
    let unit = "It was the the end, and the copy went on.\n\nAdvertisement\n\n";
    let huge = unit.repeat(MAX_LINT_BYTES / unit.len() + 1);
    assert!(huge.len() > MAX_LINT_BYTES);
    c.open("file:///huge.md", &huge).await;
    let warning = c.notification("window/logMessage", |p| p["message"].as_str().unwrap().contains("huge.md")).await;
    assert_eq!(warning["type"], 2, "a warning: {warning}");
    assert!(warning["message"].as_str().unwrap().contains("limit"), "{warning}");
    assert_eq!(c.pushed("file:///huge.md", 1).await, Vec::<Value>::new(), "not checked: no findings");
    // Another draft opened right after is checked promptly.
    let start = Instant::now();
    c.open("file:///small.md", DRAFT).await;
    assert_eq!(codes(&c.pushed("file:///small.md", 1).await), ["doubled-word", "web-boilerplate"]);
    assert!(start.elapsed() < Duration::from_secs(5), "took {:?}", start.elapsed());
    // Cutting the huge draft back under the limit brings its findings back.
    let whole = json!({"text": unit});
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": "file:///huge.md", "version": 2}, "contentChanges": [whole]}))
        .await;
    let back = c.notification("window/logMessage", |p| p["message"].as_str().unwrap().contains("again")).await;
    assert_eq!(back["type"], 3, "info: {back}");
    assert_eq!(codes(&c.pushed("file:///huge.md", 2).await), ["doubled-word", "web-boilerplate"]);
    // No quick fixes or fix-all on a draft over the limit either.
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": "file:///huge.md", "version": 3}, "contentChanges": [{"text": huge}]}))
        .await;
    let all = json!({"start": {"line": 0, "character": 0}, "end": {"line": 9, "character": 0}});
    let params = json!({"textDocument": {"uri": "file:///huge.md"}, "range": all, "context": {"diagnostics": []}});
    assert_eq!(c.request("textDocument/codeAction", params).await.unwrap(), json!([]));
    assert_eq!(c.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn bytes_that_are_not_utf8_are_a_parse_error_and_the_server_keeps_serving() {
    let mut c = Client::initialized(rules::ALL, true).await;
    let mut body = br#"{"jsonrpc":"2.0","id":5,"method":"textDocument/diagnostic","params":{"textDocument":{"uri":"file:///"#.to_vec();
    body.extend([0xff, 0xfe]);
    body.extend(br#".md"}}}"#);
    let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    frame.extend(body);
    c.write_raw(&frame).await;
    let answer = c.response().await;
    assert_eq!(answer["error"]["code"], -32700, "{answer}");
    assert_eq!(answer["id"], Value::Null);
    c.open("file:///d.md", DRAFT).await;
    assert_eq!(c.pulled("file:///d.md").await.len(), 2);
    assert_eq!(c.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn requests_before_initialize_are_refused_as_not_initialized() {
    let mut c = Client::start(rules::ALL);
    let err = c.request("textDocument/diagnostic", json!({"textDocument": {"uri": "file:///d.md"}})).await.unwrap_err();
    assert_eq!(err["code"], -32002, "ServerNotInitialized: {err}");
    // Notifications before initialize are dropped; initialize still works afterwards.
    c.open("file:///d.md", DRAFT).await;
    c.request("initialize", json!({"capabilities": {"textDocument": {"diagnostic": {}}}})).await.unwrap();
    c.notify("initialized", json!({})).await;
    c.open("file:///d.md", DRAFT).await;
    assert_eq!(c.pulled("file:///d.md").await.len(), 2);
    assert_eq!(c.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn a_notification_with_broken_params_is_dropped_and_the_document_stays_intact() {
    let mut c = Client::initialized(rules::ALL, true).await;
    c.open("file:///d.md", DRAFT).await;
    for params in [
        json!({"textDocument": {"uri": "file:///d.md", "version": 2}, "contentChanges": "not a list"}),
        json!({"textDocument": {"uri": "file:///d.md"}, "contentChanges": [{"text": "x"}]}),
        json!({"contentChanges": [{"text": "x"}]}),
        json!(null),
    ] {
        c.notify("textDocument/didChange", params).await;
    }
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": "file:///d.md"}})).await;
    c.notify("textDocument/didClose", json!({"textDocument": 7})).await;
    assert_eq!(codes(&c.pulled("file:///d.md").await), ["doubled-word", "web-boilerplate"]);
    assert_eq!(c.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn cancelling_a_request_in_flight_answers_it_once_either_way() {
    let mut c = Client::initialized(rules::ALL, true).await;
    c.open("file:///d.md", &DRAFT.repeat(2000)).await;
    let id = c.send_request("textDocument/diagnostic", json!({"textDocument": {"uri": "file:///d.md"}})).await;
    c.notify("$/cancelRequest", json!({"id": id})).await;
    let answer = c.response().await;
    assert_eq!(answer["id"], json!(id));
    // Either it finished first (a report) or the cancel won (RequestCancelled, -32800).
    let ok = answer["result"]["kind"] == "full" || answer["error"]["code"] == -32800;
    assert!(ok, "{answer}");
    // Exactly one answer: the next response is for the next request.
    assert_eq!(c.pulled("file:///d.md").await.len(), 4000);
    assert_eq!(c.shutdown_and_exit().await, 0);
}

#[tokio::test]
async fn the_input_closing_without_exit_ends_the_server_with_code_1() {
    let mut c = Client::initialized(rules::ALL, false).await;
    c.open("file:///d.md", DRAFT).await;
    c.writer.shutdown().await.unwrap();
    assert_eq!(c.exit_code().await, 1);
}

#[tokio::test]
async fn stats_report_server_side_timings_per_check() {
    for pull in [false, true] {
        let mut c = Client::initialized(rules::ALL, pull).await;
        c.open("file:///d.md", DRAFT).await;
        let _ = if pull { c.pulled("file:///d.md").await } else { c.pushed("file:///d.md", 1).await };
        let report = c.request("copydesk/stats", json!({"reset": true})).await.unwrap();
        assert_eq!(report["debounceMs"], 25);
        assert_eq!(report["maxLintBytes"], MAX_LINT_BYTES);
        let samples = report["samples"].as_array().unwrap();
        assert_eq!(samples.len(), 1, "{report}");
        let s = &samples[0];
        assert_eq!(s["uri"], "file:///d.md");
        assert_eq!(s["version"], 1);
        assert_eq!(s["mode"], if pull { "pull" } else { "push" });
        assert_eq!(s["bytes"], DRAFT.len());
        assert_eq!(s["diagnostics"], 2);
        assert!(s["serverUs"].as_u64().unwrap() >= s["checkUs"].as_u64().unwrap(), "{s}");
        // Reset emptied the ring; unknown params are refused.
        let again = c.request("copydesk/stats", json!({})).await.unwrap();
        assert_eq!(again["samples"], json!([]));
        assert_eq!(c.request("copydesk/stats", json!({"bogus": true})).await.unwrap_err()["code"], -32602);
        assert_eq!(c.shutdown_and_exit().await, 0);
    }
}
