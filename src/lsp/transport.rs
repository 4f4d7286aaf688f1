//! The input guard: every frame from the client passes through here before the protocol
//! library sees it.
//!
//! tower-lsp-server reads frames with tokio-util's `FramedRead`, which ends the stream after
//! the first decoding error; the library then stops reading and the server exits. One
//! malformed message (broken JSON, JSON that is not a JSON-RPC message, a bad header) would
//! kill the session. The guard re-frames the input and replaces each malformed message with a
//! well-formed request for [`INVALID_MESSAGE_METHOD`], whose handler answers with the error
//! JSON-RPC prescribes (`-32700` parse error or `-32600` invalid request, `id: null`). The
//! server then goes on with the next message.
//!
//! Frames that the library would accept are forwarded byte for byte (with a plain
//! `Content-Length` header); their order is kept.

use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tower_lsp_server::jsonrpc::{Request, Response};

/// The method of the stand-in request that carries a malformed message's error.
pub const INVALID_MESSAGE_METHOD: &str = "copydesk/invalidMessage";

/// JSON-RPC's parse error code: the body is not JSON.
pub const PARSE_ERROR: i64 = -32700;
/// JSON-RPC's invalid request code: JSON, but not a JSON-RPC 2.0 message.
pub const INVALID_REQUEST: i64 = -32600;

/// Bodies larger than this (bytes) are skipped and answered with a parse error, so a bogus
/// `Content-Length` cannot make the server allocate without bound.
pub const MAX_BODY: usize = 1 << 30;

/// A header line longer than this (bytes) is garbage; only this much of it is kept.
const MAX_HEADER_LINE: usize = 8 * 1024;

/// The params of [`INVALID_MESSAGE_METHOD`]: the JSON-RPC error to answer with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvalidMessage {
    /// [`PARSE_ERROR`] or [`INVALID_REQUEST`].
    pub code: i64,
    /// What was wrong, for the client's log.
    pub message: String,
}

/// One header block and the body it announced.
struct Frame {
    /// The block held lines that are not headers (bytes that belong to no message).
    garbage: bool,
    /// The announced body, or why there is none (no or a bad `Content-Length`, too large).
    body: Result<Vec<u8>, String>,
}

/// Copies frames from `input` to `output` (the protocol library's input), replacing malformed
/// messages as described in the module docs. Returns at the end of `input`, on a read error,
/// or when `output` is closed; then closes `output`.
pub async fn guard<R, W>(input: R, mut output: W)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut reader = BufReader::new(input);
    while let Ok(Some(frame)) = read_frame(&mut reader).await {
        let mut out = Vec::new();
        if frame.garbage {
            out.push(stand_in(PARSE_ERROR, "Parse error: bytes outside any message".to_string()));
        }
        out.push(match frame.body {
            Ok(body) => match check(&body) {
                Ok(()) => body,
                Err(invalid) => stand_in(invalid.code, invalid.message),
            },
            Err(why) => stand_in(PARSE_ERROR, format!("Parse error: {why}")),
        });
        for body in out {
            let header = format!("Content-Length: {}\r\n\r\n", body.len());
            let written = async {
                output.write_all(header.as_bytes()).await?;
                output.write_all(&body).await?;
                output.flush().await
            };
            if written.await.is_err() {
                return;
            }
        }
    }
    let _ = output.shutdown().await;
}

/// Whether the protocol library would accept `body`: a JSON-RPC request, notification or
/// response (the same types it decodes). Otherwise the error to answer with.
pub fn check(body: &[u8]) -> Result<(), InvalidMessage> {
    if serde_json::from_slice::<Request>(body).is_ok() || serde_json::from_slice::<Response>(body).is_ok() {
        return Ok(());
    }
    match serde_json::from_slice::<IgnoredAny>(body) {
        Err(e) => Err(InvalidMessage { code: PARSE_ERROR, message: format!("Parse error: {e}") }),
        Ok(_) => Err(InvalidMessage {
            code: INVALID_REQUEST,
            message: "Invalid request: not a JSON-RPC 2.0 request, notification or response".to_string(),
        }),
    }
}

/// The body of a stand-in request for a malformed message.
fn stand_in(code: i64, message: String) -> Vec<u8> {
    let params = InvalidMessage { code, message };
    let request = serde_json::json!({"jsonrpc": "2.0", "id": null, "method": INVALID_MESSAGE_METHOD, "params": params});
    serde_json::to_vec(&request).unwrap_or_default()
}

/// Reads one header block and its body. `Ok(None)` at the end of the input.
async fn read_frame<R: AsyncBufRead + Unpin>(reader: &mut R) -> std::io::Result<Option<Frame>> {
    let mut garbage = false;
    let mut length: Option<Result<usize, String>> = None;
    let mut seen_any = false;
    loop {
        let Some(line) = read_line(reader).await? else { return Ok(None) };
        let line = String::from_utf8_lossy(&line);
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if seen_any {
                break;
            }
            continue;
        }
        seen_any = true;
        // Like the library, find the header even when garbage is glued before it.
        let lower = line.to_ascii_lowercase();
        if let Some(at) = lower.find("content-length:") {
            garbage |= at > 0;
            let value = line[at + "content-length:".len()..].trim();
            length = Some(value.parse::<usize>().map_err(|_| format!("invalid Content-Length {value:?}")));
        } else if !is_header(line) {
            garbage = true;
        }
    }
    let body = match length {
        None => Err("missing Content-Length header".to_string()),
        Some(Err(why)) => Err(why),
        Some(Ok(n)) if n > MAX_BODY => {
            let skipped = tokio::io::copy(&mut (&mut *reader).take(n as u64), &mut tokio::io::sink()).await?;
            if skipped < n as u64 {
                return Ok(None);
            }
            Err(format!("message of {n} bytes is larger than the limit of {MAX_BODY}"))
        }
        Some(Ok(n)) => {
            let mut body = Vec::new();
            (&mut *reader).take(n as u64).read_to_end(&mut body).await?;
            if body.len() < n {
                // The input ended inside the body.
                return Ok(None);
            }
            Ok(body)
        }
    };
    Ok(Some(Frame { garbage, body }))
}

/// `Name: value` with a token name, as LSP headers are.
fn is_header(line: &str) -> bool {
    let Some((name, _)) = line.split_once(':') else { return false };
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// Reads up to and including the next `\n`, keeping at most [`MAX_HEADER_LINE`] bytes of it.
/// `None` at the end of the input with nothing read.
async fn read_line<R: AsyncBufRead + Unpin>(reader: &mut R) -> std::io::Result<Option<Vec<u8>>> {
    let mut line = Vec::new();
    let mut read_any = false;
    loop {
        let buf = reader.fill_buf().await?;
        if buf.is_empty() {
            return Ok(read_any.then_some(line));
        }
        read_any = true;
        let (chunk, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (&buf[..=i], true),
            None => (buf, false),
        };
        let keep = chunk.len().min(MAX_HEADER_LINE.saturating_sub(line.len()));
        line.extend_from_slice(&chunk[..keep]);
        let consumed = chunk.len();
        reader.consume(consumed);
        if done {
            return Ok(Some(line));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn run(input: &[u8]) -> Vec<serde_json::Value> {
        let (mut from_guard, to_library) = tokio::io::duplex(1 << 16);
        guard(input, to_library).await;
        let mut out = Vec::new();
        from_guard.read_to_end(&mut out).await.unwrap();
        let mut messages = Vec::new();
        let mut rest = &out[..];
        while !rest.is_empty() {
            let text = std::str::from_utf8(rest).unwrap();
            let (header, after) = text.split_once("\r\n\r\n").unwrap();
            let n: usize = header.strip_prefix("Content-Length: ").unwrap().parse().unwrap();
            messages.push(serde_json::from_str(&after[..n]).unwrap());
            rest = &rest[header.len() + 4 + n..];
        }
        messages
    }

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[tokio::test]
    async fn valid_messages_pass_unchanged_and_in_order() {
        let a = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#;
        let b = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let c = r#"{"jsonrpc":"2.0","id":"x","result":null}"#;
        let input = format!("{}Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n{}{}", frame(a), frame(b), frame(c));
        let out = run(input.as_bytes()).await;
        let expected: Vec<serde_json::Value> = [a, b, c].iter().map(|s| serde_json::from_str(s).unwrap()).collect();
        assert_eq!(out, expected);
    }

    #[tokio::test]
    async fn malformed_messages_become_stand_in_requests() {
        let good = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let input = format!(
            "{}{}{}garbage{}Content-Length: nine\r\n\r\n{}",
            frame("{not json"),
            frame(r#"{"hello":1}"#),
            frame(r#"{"jsonrpc":"1.0","id":1,"method":"x"}"#),
            frame(good),
            frame(good),
        );
        let out = run(input.as_bytes()).await;
        let codes: Vec<_> = out.iter().map(|m| m["params"]["code"].as_i64()).collect();
        assert_eq!(codes, [Some(PARSE_ERROR), Some(INVALID_REQUEST), Some(INVALID_REQUEST), Some(PARSE_ERROR), None, Some(PARSE_ERROR), None]);
        assert!(out[..4].iter().all(|m| m["method"] == INVALID_MESSAGE_METHOD && m["id"].is_null()));
        assert_eq!(out[4]["method"], "initialized");
    }

    #[tokio::test]
    async fn a_body_cut_short_by_the_end_of_input_ends_the_stream() {
        let out = run(b"Content-Length: 100\r\n\r\n{\"jsonrpc\"").await;
        assert!(out.is_empty());
    }
}
