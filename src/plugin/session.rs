//! A conversation with one plugin: start (spawn or connect), `initialize` with version
//! negotiation, calls, `shutdown`. Transport-independent: the CLI and the TUI use only this.

use super::exec::Exec;
use super::http::Http;
use super::manifest::{Kind, Manifest, Transport, PROTOCOL_MAJOR, PROTOCOL_VERSION};
use super::wire::{Failure, Flow, Notice, Request};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::Duration;

enum Conn {
    Exec(Exec),
    Http(Http),
}

pub struct Session {
    pub manifest: Manifest,
    conn: Conn,
    next_id: u64,
    /// What `initialize` answered.
    pub announced: Value,
    /// The effective protocol version (min of host's and plugin's minor).
    pub version: String,
}

/// What a call gave: its JSON result and, for table output, the Arrow stream file.
pub struct Outcome {
    pub value: Value,
    pub table: Option<PathBuf>,
}

/// The input of a call.
pub enum Input {
    None,
    /// An Arrow IPC stream file.
    Arrow(PathBuf),
    /// JSON rows, inline.
    Rows(Value),
}

impl Session {
    /// Starts the plugin and shakes hands within `startup_timeout_ms`.
    pub fn start(manifest: &Manifest) -> Result<Session, Failure> {
        let conn = match &manifest.transport {
            Transport::Exec { .. } => Conn::Exec(Exec::spawn(manifest)?),
            Transport::Http { .. } => Conn::Http(Http::connect(manifest)?),
        };
        let mut s = Session {
            manifest: manifest.clone(),
            conn,
            next_id: 0,
            announced: Value::Null,
            version: String::new(),
        };
        let params = json!({
            "protocol": "clearway-plugin",
            "version": PROTOCOL_VERSION,
            "host": {"name": "clearway", "version": crate::VERSION},
            "capabilities": {"arrow_ipc": true, "progress": true, "cancel": true, "stream": true},
        });
        let timeout = Duration::from_millis(manifest.limits.startup_timeout_ms);
        let answer = s.request("initialize", params, timeout, None, None, 0, &mut |_| {
            Flow::Continue
        })?;
        s.version = negotiate(&answer)?;
        s.announced = answer;
        Ok(s)
    }

    /// The commands the plugin announced (name → output kind).
    pub fn announced_commands(&self) -> std::collections::BTreeMap<String, String> {
        self.announced
            .get("commands")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|c| {
                Some((
                    c.get("name")?.as_str()?.to_string(),
                    c.get("output")
                        .and_then(Value::as_str)
                        .unwrap_or("json")
                        .to_string(),
                ))
            })
            .collect()
    }

    #[allow(clippy::too_many_arguments)]
    fn request(
        &mut self,
        method: &'static str,
        params: Value,
        timeout: Duration,
        body_in: Option<PathBuf>,
        body_out: Option<PathBuf>,
        retries: u32,
        on_note: &mut dyn FnMut(&Notice) -> Flow,
    ) -> Result<Value, Failure> {
        self.next_id += 1;
        let req = Request {
            id: self.next_id,
            method,
            params,
            timeout,
            body_in,
            body_out,
            retries,
        };
        match &mut self.conn {
            Conn::Exec(e) => e.request(&req, on_note),
            Conn::Http(h) => h.request(&req, on_note),
        }
    }

    /// Calls `command`. A table output is written to `scratch/out.arrows` (exec: the plugin
    /// writes it there; http: the response body lands there).
    pub fn call(
        &mut self,
        command: &str,
        args: &serde_json::Map<String, Value>,
        input: Input,
        scratch: &Path,
        timeout: Duration,
        on_note: &mut dyn FnMut(&Notice) -> Flow,
    ) -> Result<Outcome, Failure> {
        let spec = self.manifest.command(command).cloned();
        let wants_table = spec.as_ref().is_some_and(|c| c.output == Kind::Table);
        let retries = if spec.as_ref().is_some_and(|c| c.idempotent) {
            self.manifest.limits.retries
        } else {
            0
        };
        let http = matches!(self.conn, Conn::Http(_));
        let out = scratch.join("out.arrows");
        let mut params = json!({"command": command, "args": args});
        let mut body_in = None;
        match input {
            Input::None => {}
            Input::Rows(rows) => params["input"] = json!({"rows": rows}),
            Input::Arrow(path) if http => {
                params["input"] = json!({"arrow": "body"});
                body_in = Some(path);
            }
            Input::Arrow(path) => params["input"] = json!({"arrow": path}),
        }
        if wants_table {
            params["table_out"] = if http { json!("body") } else { json!(out) };
        }
        let value = self.request(
            "call",
            params,
            timeout,
            body_in,
            wants_table.then(|| out.clone()),
            retries,
            on_note,
        )?;
        let table = if wants_table {
            let size = std::fs::metadata(&out).map(|m| m.len()).map_err(|_| {
                Failure::Protocol(format!("`{command}` returns a table, but none was written"))
            })?;
            if size > self.manifest.limits.max_table_bytes {
                return Err(Failure::TooLarge(self.manifest.limits.max_table_bytes));
            }
            Some(out)
        } else {
            None
        };
        Ok(Outcome { value, table })
    }

    /// Ends the conversation politely (exec: `shutdown`, stdin closed, the group killed after
    /// the grace period if the plugin lingers).
    pub fn shutdown(mut self) {
        self.next_id += 1;
        if let Conn::Exec(e) = &mut self.conn {
            e.shutdown(self.next_id);
        }
    }

    /// Ends the conversation ([`Session::shutdown`]) and returns the plugin's whole log, its
    /// last lines included.
    pub fn finish(mut self) -> Vec<String> {
        self.next_id += 1;
        if let Conn::Exec(e) = &mut self.conn {
            e.shutdown(self.next_id);
            e.drain_log();
        }
        self.log()
    }

    /// Stops the plugin at once (after a failed call) and returns its whole log.
    pub fn abort(mut self) -> Vec<String> {
        if let Conn::Exec(e) = &mut self.conn {
            e.kill();
            e.drain_log();
        }
        self.log()
    }

    /// The plugin's log lines so far (exec: its stderr).
    pub fn log(&self) -> Vec<String> {
        match &self.conn {
            Conn::Exec(e) => e.log.lock().unwrap_or_else(|p| p.into_inner()).lines(),
            Conn::Http(_) => Vec::new(),
        }
    }

    /// The process id of an exec plugin.
    pub fn pid(&self) -> Option<u32> {
        match &self.conn {
            Conn::Exec(e) => Some(e.pid()),
            Conn::Http(_) => None,
        }
    }
}

/// The effective version: same major required, minor = min of both.
fn negotiate(answer: &Value) -> Result<String, Failure> {
    let theirs = answer
        .get("version")
        .and_then(Value::as_str)
        .ok_or_else(|| Failure::Protocol("`initialize` answered without a version".into()))?;
    let parse = |v: &str| -> Option<(u64, u64)> {
        let (major, minor) = v.split_once('.').unwrap_or((v, "0"));
        Some((major.parse().ok()?, minor.parse().ok()?))
    };
    let (major, minor) = parse(theirs)
        .ok_or_else(|| Failure::Protocol(format!("version `{theirs}` is not MAJOR.MINOR")))?;
    let (_, ours) = parse(PROTOCOL_VERSION).expect("our version parses");
    if major != PROTOCOL_MAJOR {
        return Err(Failure::Protocol(format!(
            "it speaks protocol {theirs}; this clearway speaks {PROTOCOL_MAJOR}.x — upgrade the one that is behind"
        )));
    }
    Ok(format!("{major}.{}", minor.min(ours)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `pid` runs (a zombie waiting for its reaper counts as gone).
    #[cfg(target_os = "linux")]
    fn alive(pid: i32) -> bool {
        std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .ok()
            .and_then(|s| Some(s.rsplit_once(')')?.1.split_whitespace().next()? != "Z"))
            .unwrap_or(false)
    }

    /// Linux: the children are seen through `/proc` and the group sweep is Unix's.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_kept_session_keeps_what_its_plugin_started_until_the_session_ends() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("plugin.toml"),
            "[plugin]\nname = \"forker\"\nversion = \"1.0.0\"\nprotocol = 1\n\n\
             [transport]\nkind = \"exec\"\ncommand = [\"python3\", \"forker.py\"]\n\n\
             [limits]\ncancel_grace_ms = 500\n\n[[commands]]\nname = \"fork\"\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("forker.py"),
            r#"import json, subprocess, sys
for line in sys.stdin:
    msg = json.loads(line)
    rid, method = msg.get("id"), msg.get("method")
    if method == "initialize":
        result = {"version": "1.0", "commands": [{"name": "fork"}]}
    elif method == "call":
        child = subprocess.Popen(["sleep", "300"], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        result = {"child": child.pid}
    else:
        result = None
    sys.stdout.write(json.dumps({"jsonrpc": "2.0", "id": rid, "result": result}) + "\n")
    sys.stdout.flush()
    if method == "shutdown":
        sys.exit(0)
"#,
        )
        .unwrap();
        let m = Manifest::read(dir.path()).unwrap();
        let mut s = Session::start(&m).unwrap();
        let mut children = Vec::new();
        for _ in 0..2 {
            let out = s
                .call(
                    "fork",
                    &serde_json::Map::new(),
                    Input::None,
                    dir.path(),
                    Duration::from_secs(10),
                    &mut |_| Flow::Continue,
                )
                .unwrap_or_else(|f| panic!("{}", f.explain("forker").0));
            children.push(out.value["child"].as_i64().unwrap() as i32);
        }
        // between calls the session (and what its plugin started) runs on
        let plugin = s.pid().unwrap() as i32;
        assert!(alive(plugin) && children.iter().all(|&c| alive(c)));
        s.finish();
        let gone = |pid: i32| {
            let deadline = std::time::Instant::now() + Duration::from_secs(2);
            while alive(pid) && std::time::Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(20));
            }
            !alive(pid)
        };
        let left: Vec<i32> = children.iter().copied().filter(|&c| !gone(c)).collect();
        for &c in &left {
            // SAFETY: kill(2) of a sleep this test's plugin started
            unsafe { libc::kill(c, libc::SIGKILL) };
        }
        assert!(left.is_empty(), "children {left:?} outlived the session");
        assert!(gone(plugin));
    }

    #[test]
    fn versions_negotiate_on_the_major_and_take_the_lower_minor() {
        assert_eq!(negotiate(&json!({"version": "1.4"})).unwrap(), "1.0");
        assert_eq!(negotiate(&json!({"version": "1"})).unwrap(), "1.0");
        let err = negotiate(&json!({"version": "2.0"})).unwrap_err();
        assert!(matches!(err, Failure::Protocol(ref t) if t.contains("speaks protocol 2.0")));
        assert!(negotiate(&json!({})).is_err());
    }
}
