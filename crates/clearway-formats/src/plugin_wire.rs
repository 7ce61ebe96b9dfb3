//! The wire shared by both transports: JSON-RPC 2.0 envelopes, the notifications a plugin
//! may send while it works, and how a call can fail.
//!
//! Failures are classified by what the analyst can do about them — the plugin said no
//! (`Remote`), it took too long (`Timeout`), it died (`Crashed`), it broke the protocol
//! (`Protocol`), it sent too much (`TooLarge`), the service could not be reached
//! (`Unreachable`) — and every one of them becomes a diagnostic with exit code 3.

use serde_json::{json, Value};
use std::path::PathBuf;
use std::time::Duration;

/// A request as a transport sends it.
pub struct Request {
    pub id: u64,
    pub method: &'static str,
    pub params: Value,
    pub timeout: Duration,
    /// HTTP: an Arrow IPC stream file sent as the request body (exec plugins get its path in
    /// `params` instead).
    pub body_in: Option<PathBuf>,
    /// HTTP: where an Arrow IPC response body is written.
    pub body_out: Option<PathBuf>,
    /// Attempts after a transient failure (idempotent commands only).
    pub retries: u32,
}

impl Request {
    pub fn envelope(&self) -> Value {
        json!({"jsonrpc": "2.0", "id": self.id, "method": self.method, "params": self.params})
    }
}

/// A notification from the plugin (`$/progress`, `$/log`, `$/item`).
#[derive(Debug, Clone)]
pub struct Notice {
    pub method: String,
    pub params: Value,
}

/// What the host wants after a notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    /// Enough (a stream's `--max-items`, `--duration`, Ctrl-C): send `$/cancel`.
    Stop,
}

#[derive(Debug, Clone)]
pub enum Failure {
    Remote {
        code: i64,
        message: String,
        kind: String,
        help: Option<String>,
    },
    Timeout(Duration),
    Crashed(String),
    Protocol(String),
    TooLarge(u64),
    Unreachable(String),
    Interrupted,
}

impl Failure {
    /// The diagnostic's message and help line.
    pub fn explain(&self, plugin: &str) -> (String, String) {
        match self {
            Failure::Remote {
                code,
                message,
                kind,
                help,
            } => (
                format!("plugin `{plugin}` failed ({kind}, code {code}): {message}"),
                help.clone()
                    .unwrap_or_else(|| "see the plugin's README for its errors".into()),
            ),
            Failure::Timeout(t) => (
                format!(
                    "plugin `{plugin}` did not answer within {} ms; it was cancelled and stopped",
                    t.as_millis()
                ),
                "raise [limits] call_timeout_ms in its plugin.toml or pass --timeout".into(),
            ),
            Failure::Crashed(how) => (
                format!("plugin `{plugin}` stopped before answering: {how}"),
                "its log lines above say why; `clearway plugin check` retries the handshake"
                    .into(),
            ),
            Failure::Protocol(what) => (
                format!("plugin `{plugin}` broke the protocol: {what}"),
                "a plugin answers in JSON-RPC 2.0: one object per line on stdout (exec; logs go to stderr) or as the HTTP body (plugins/README.md)".into(),
            ),
            Failure::TooLarge(limit) => (
                format!("plugin `{plugin}` sent more than {limit} bytes in one message; it was stopped"),
                "raise [limits] max_response_bytes / max_table_bytes, or return a table instead of JSON".into(),
            ),
            Failure::Unreachable(why) => (
                format!("plugin `{plugin}` could not be reached: {why}"),
                "is the service running? its base_url (or base_url_env) is in plugin.toml".into(),
            ),
            Failure::Interrupted => (
                format!("plugin `{plugin}` call interrupted"),
                "the plugin was sent $/cancel and stopped".into(),
            ),
        }
    }
}

/// One line a plugin wrote to stdout, as the host reads it: a JSON value, or an excerpt of
/// what was not JSON.
#[derive(Debug)]
pub enum Line {
    Message(Value),
    Malformed(String),
    /// A line longer than the response cap (`max_response_bytes`): reading stops there.
    TooLong,
}

/// Parses one line (its bytes without or with the `\n`); None for a blank line. Bytes that are
/// not UTF-8 become U+FFFD, and a malformed line is quoted by its first 80 characters only.
pub fn parse_line(bytes: &[u8]) -> Option<Line> {
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    Some(match serde_json::from_str::<Value>(text) {
        Ok(v) => Line::Message(v),
        Err(_) => Line::Malformed(text.chars().take(80).collect()),
    })
}

/// Reads one incoming message: a response to `id` (Ok(Some)), a notification (handed back), or
/// a protocol fault.
pub enum Incoming {
    Response {
        id: u64,
        result: Result<Value, Failure>,
    },
    Notice(Notice),
}

pub fn classify(message: Value) -> Result<Incoming, Failure> {
    let Value::Object(mut o) = message else {
        return Err(Failure::Protocol(
            "a message that is not a JSON object".into(),
        ));
    };
    if o.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return Err(Failure::Protocol(
            "a message without \"jsonrpc\": \"2.0\"".into(),
        ));
    }
    if let Some(method) = o.get("method").and_then(Value::as_str) {
        if o.get("id").is_none() {
            return Ok(Incoming::Notice(Notice {
                method: method.to_string(),
                params: o.remove("params").unwrap_or(Value::Null),
            }));
        }
        return Err(Failure::Protocol(format!(
            "the plugin sent a request (`{method}`); plugins only answer and notify"
        )));
    }
    let id = o
        .get("id")
        .and_then(Value::as_u64)
        .ok_or_else(|| Failure::Protocol("a response without a numeric id".into()))?;
    let result = match (o.remove("result"), o.remove("error")) {
        (Some(r), None) => Ok(r),
        (None, Some(e)) => Err(remote(&e)),
        _ => {
            return Err(Failure::Protocol(
                "a response needs exactly one of result and error".into(),
            ))
        }
    };
    Ok(Incoming::Response { id, result })
}

fn remote(e: &Value) -> Failure {
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(String::from);
    let code = e.get("code").and_then(Value::as_i64).unwrap_or(-32000);
    let data = e.get("data");
    Failure::Remote {
        code,
        message: text(e.get("message")).unwrap_or_else(|| "(no message)".into()),
        kind: text(data.and_then(|d| d.get("kind"))).unwrap_or_else(|| {
            if (-32700..=-32600).contains(&code) {
                "protocol".into()
            } else {
                "internal".into()
            }
        }),
        help: text(data.and_then(|d| d.get("help"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_told_apart_and_bad_ones_refused() {
        let r = classify(json!({"jsonrpc": "2.0", "id": 3, "result": {"ok": true}})).unwrap();
        assert!(matches!(
            r,
            Incoming::Response {
                id: 3,
                result: Ok(_)
            }
        ));
        let n = classify(json!({"jsonrpc": "2.0", "method": "$/log", "params": {"message": "x"}}))
            .unwrap();
        assert!(matches!(n, Incoming::Notice(Notice { ref method, .. }) if method == "$/log"));
        let e = classify(json!({"jsonrpc": "2.0", "id": 1, "error": {"code": -32001, "message": "no such actor", "data": {"kind": "user", "help": "check the EORI"}}}))
            .unwrap();
        match e {
            Incoming::Response {
                result: Err(Failure::Remote { kind, help, .. }),
                ..
            } => assert_eq!(
                (kind.as_str(), help.as_deref()),
                ("user", Some("check the EORI"))
            ),
            _ => panic!("not a remote error"),
        }
        for bad in [
            json!([1]),
            json!({"id": 1, "result": 1}),
            json!({"jsonrpc": "2.0", "id": 1}),
            json!({"jsonrpc": "2.0", "id": 1, "method": "call"}),
        ] {
            assert!(classify(bad).is_err());
        }
    }
}
