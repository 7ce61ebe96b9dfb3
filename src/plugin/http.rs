//! The `http` transport: the same JSON-RPC envelope POSTed to `base_url + rpc`.
//!
//! Bodies: a request is `application/json` (the envelope), or, when it carries a table,
//! `application/vnd.apache.arrow.stream` with the envelope in the `Clearway-Rpc` header. A
//! response is `application/json` (the envelope); `application/vnd.apache.arrow.stream` (a
//! table, the envelope in the `Clearway-Rpc` header); or `application/x-ndjson` — notifications
//! line by line and the response last, which is how progress, logs and streamed items travel.
//! reqwest's blocking client enforces connect and whole-call timeouts; only commands the
//! manifest marks `idempotent` are retried (connection failures, 429/502/503/504, honouring
//! `retry_after_ms`), and a bearer token comes only from the variable the manifest names.

use super::manifest::{Limits, Manifest, Transport};
use super::wire::{classify, Failure, Flow, Incoming, Notice, Request};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::time::Duration;

pub const ARROW_STREAM: &str = "application/vnd.apache.arrow.stream";
pub const ENVELOPE_HEADER: &str = "Clearway-Rpc";

pub struct Http {
    client: reqwest::blocking::Client,
    url: String,
    token: Option<String>,
    limits: Limits,
}

impl Http {
    pub fn connect(m: &Manifest) -> Result<Http, Failure> {
        let Transport::Http {
            rpc, bearer_env, ..
        } = &m.transport
        else {
            unreachable!("connect is for http plugins");
        };
        let base = m.base_url().expect("http plugins have a base URL");
        let token = match bearer_env {
            Some(var) => Some(std::env::var(var).map_err(|_| Failure::Remote {
                code: -32001,
                message: format!("the bearer token variable {var} is not set"),
                kind: "auth".into(),
                help: Some(format!(
                    "export {var}=… (the plugin's README says where to get one)"
                )),
            })?),
            None => None,
        };
        let client = reqwest::blocking::Client::builder()
            .connect_timeout(Duration::from_millis(m.limits.startup_timeout_ms))
            .build()
            .map_err(|e| Failure::Unreachable(e.to_string()))?;
        Ok(Http {
            client,
            url: format!("{}{}", base.trim_end_matches('/'), rpc),
            token,
            limits: m.limits.clone(),
        })
    }

    pub fn request(
        &mut self,
        req: &Request,
        on_note: &mut dyn FnMut(&Notice) -> Flow,
    ) -> Result<Value, Failure> {
        let mut attempt = 0;
        loop {
            match self.attempt(req, on_note) {
                Err(Transient(_, after)) if attempt < req.retries => {
                    attempt += 1;
                    std::thread::sleep(
                        after.unwrap_or(Duration::from_millis(200 * u64::from(attempt))),
                    );
                }
                Err(Transient(f, _)) => return Err(f),
                Ok(r) => return r,
            }
        }
    }

    fn attempt(
        &mut self,
        req: &Request,
        on_note: &mut dyn FnMut(&Notice) -> Flow,
    ) -> Result<Result<Value, Failure>, Transient> {
        let envelope = req.envelope();
        let mut builder = self.client.post(&self.url).timeout(req.timeout).header(
            reqwest::header::ACCEPT,
            if req.body_out.is_some() {
                format!("{ARROW_STREAM}, application/json, application/x-ndjson")
            } else {
                "application/json, application/x-ndjson".to_string()
            },
        );
        if let Some(token) = &self.token {
            builder = builder.bearer_auth(token);
        }
        builder = match &req.body_in {
            Some(path) => {
                let file = std::fs::File::open(path)
                    .map_err(|e| Transient(Failure::Unreachable(e.to_string()), None))?;
                let len = file.metadata().map(|m| m.len()).unwrap_or(0);
                // sized, not chunked: simple services read Content-Length
                builder
                    .header(reqwest::header::CONTENT_TYPE, ARROW_STREAM)
                    .header(ENVELOPE_HEADER, envelope.to_string())
                    .body(reqwest::blocking::Body::sized(file, len))
            }
            None => builder
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(envelope.to_string()),
        };
        let response = match builder.send() {
            Ok(r) => r,
            Err(e) if e.is_timeout() => return Ok(Err(Failure::Timeout(req.timeout))),
            Err(e) if e.is_connect() => {
                return Err(Transient(Failure::Unreachable(root_cause(&e)), None))
            }
            Err(e) => return Ok(Err(Failure::Unreachable(root_cause(&e)))),
        };
        let status = response.status();
        if [429, 502, 503, 504].contains(&status.as_u16()) {
            let after = response
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<u64>().ok())
                .map(Duration::from_secs);
            return Err(Transient(
                Failure::Unreachable(format!("HTTP {status}")),
                after,
            ));
        }
        let kind = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        if !status.is_success() && !kind.starts_with("application/json") {
            return Ok(Err(Failure::Unreachable(format!("HTTP {status}"))));
        }
        Ok(if kind.starts_with(ARROW_STREAM) {
            self.arrow_response(req, response)
        } else if kind.starts_with("application/x-ndjson") {
            self.ndjson_response(req, response, on_note)
        } else {
            self.json_response(req, response)
        })
    }

    fn json_response(
        &self,
        req: &Request,
        response: reqwest::blocking::Response,
    ) -> Result<Value, Failure> {
        let cap = self.limits.max_response_bytes;
        let mut body = Vec::new();
        response
            .take(cap.saturating_add(1))
            .read_to_end(&mut body)
            .map_err(|e| read_failure(e, req.timeout))?;
        if body.len() as u64 > cap {
            return Err(Failure::TooLarge(cap));
        }
        let value: Value = serde_json::from_slice(&body).map_err(|_| {
            Failure::Protocol(format!(
                "a response body that is not JSON: {}",
                String::from_utf8_lossy(&body[..body.len().min(80)])
            ))
        })?;
        answer(req.id, value)
    }

    fn arrow_response(
        &self,
        req: &Request,
        response: reqwest::blocking::Response,
    ) -> Result<Value, Failure> {
        let envelope = response
            .headers()
            .get(ENVELOPE_HEADER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| serde_json::from_str::<Value>(v).ok())
            .ok_or_else(|| {
                Failure::Protocol(format!(
                    "an Arrow response without a JSON `{ENVELOPE_HEADER}` header"
                ))
            })?;
        let Some(out) = &req.body_out else {
            return Err(Failure::Protocol(
                "a table came back where none was asked for".into(),
            ));
        };
        let cap = self.limits.max_table_bytes;
        let mut file = std::fs::File::create(out)
            .map_err(|e| Failure::Unreachable(format!("{}: {e}", out.display())))?;
        let copied = std::io::copy(&mut response.take(cap.saturating_add(1)), &mut file)
            .map_err(|e| read_failure(e, req.timeout))?;
        file.flush().ok();
        if copied > cap {
            return Err(Failure::TooLarge(cap));
        }
        answer(req.id, envelope)
    }

    fn ndjson_response(
        &mut self,
        req: &Request,
        response: reqwest::blocking::Response,
        on_note: &mut dyn FnMut(&Notice) -> Flow,
    ) -> Result<Value, Failure> {
        let cap = self.limits.max_response_bytes;
        let mut reader = BufReader::new(response);
        let mut line = Vec::new();
        loop {
            if super::exec::interrupted() {
                self.cancel(req.id);
                return Err(Failure::Interrupted);
            }
            line.clear();
            let n = (&mut reader)
                .take(cap.saturating_add(1))
                .read_until(b'\n', &mut line)
                .map_err(|e| read_failure(e, req.timeout))?;
            if n == 0 {
                return Err(Failure::Crashed(
                    "the response ended before the answer".into(),
                ));
            }
            if line.last() != Some(&b'\n') && line.len() as u64 > cap {
                return Err(Failure::TooLarge(cap));
            }
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let value: Value = serde_json::from_slice(&line).map_err(|_| {
                Failure::Protocol(format!(
                    "a line that is not JSON: {}",
                    String::from_utf8_lossy(&line[..line.len().min(80)])
                ))
            })?;
            match classify(value)? {
                Incoming::Response { id, result } if id == req.id => return result,
                Incoming::Response { .. } => {}
                Incoming::Notice(n) => {
                    if on_note(&n) == Flow::Stop {
                        // the service is told, and the connection dropped
                        self.cancel(req.id);
                        return Ok(json!({"stopped": true}));
                    }
                }
            }
        }
    }

    fn cancel(&self, id: u64) {
        let mut builder = self
            .client
            .post(&self.url)
            .timeout(Duration::from_millis(self.limits.cancel_grace_ms))
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(
                json!({"jsonrpc": "2.0", "method": "$/cancel", "params": {"id": id}}).to_string(),
            );
        if let Some(token) = &self.token {
            builder = builder.bearer_auth(token);
        }
        let _ = builder.send();
    }
}

/// A failure worth retrying (for idempotent commands), with the service's requested delay.
struct Transient(Failure, Option<Duration>);

fn answer(id: u64, envelope: Value) -> Result<Value, Failure> {
    match classify(envelope)? {
        Incoming::Response { id: got, result } if got == id => result,
        Incoming::Response { id: got, .. } => Err(Failure::Protocol(format!(
            "the answer to request {id} came with id {got}"
        ))),
        Incoming::Notice(_) => Err(Failure::Protocol(
            "a notification where the answer was due".into(),
        )),
    }
}

fn read_failure(e: std::io::Error, timeout: Duration) -> Failure {
    if e.to_string().contains("timed out") {
        Failure::Timeout(timeout)
    } else {
        Failure::Unreachable(e.to_string())
    }
}

fn root_cause(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text = format!("{text}: {s}");
        source = s.source();
    }
    text
}
