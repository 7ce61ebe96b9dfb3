//! The `exec` transport: the plugin is a child process in its own process group, spoken to by
//! newline-delimited JSON-RPC on stdin/stdout; its stderr is its log.
//!
//! Every limit is enforced here, not trusted to the plugin: a reader thread caps each line at
//! `max_response_bytes` (a plugin printing a gigabyte without a newline is stopped, not
//! buffered); waits are `recv_timeout`s against the call's deadline; on a timeout, Ctrl-C or a
//! host-side stop the plugin gets `$/cancel` and `cancel_grace_ms` to answer, then its whole
//! process group gets SIGTERM and, 300 ms later, SIGKILL — children it spawned go too. The
//! environment is cleared except for the manifest's allow-list.

use super::manifest::{Limits, Manifest, Transport};
use super::wire::{classify, Failure, Flow, Incoming, Notice, Request};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::process::CommandExt;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Set by the SIGINT handler while a plugin runs (see [`watch_interrupts`]).
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

extern "C" fn on_sigint(_: libc::c_int) {
    INTERRUPTED.store(true, Ordering::SeqCst);
}

/// Ctrl-C while a plugin works cancels the call instead of killing clearway mid-write: the
/// plugin (in its own process group, so the terminal's SIGINT does not reach it) is sent
/// `$/cancel` and stopped after its grace period.
pub fn watch_interrupts() {
    // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
    unsafe {
        libc::signal(
            libc::SIGINT,
            on_sigint as extern "C" fn(libc::c_int) as libc::sighandler_t,
        );
    }
}

pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// What the reader thread hands over: a message, or why reading stopped.
enum Line {
    Message(Value),
    Malformed(String),
    TooLong,
}

pub struct Exec {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: Receiver<Line>,
    /// The plugin's stderr, line by line (the host shows or redacts them).
    pub log: Arc<Mutex<Vec<String>>>,
    log_reader: Option<std::thread::JoinHandle<()>>,
    limits: Limits,
}

impl Exec {
    pub fn spawn(m: &Manifest) -> Result<Exec, Failure> {
        let Transport::Exec { command, env, .. } = &m.transport else {
            unreachable!("spawn is for exec plugins");
        };
        // a program named with a path is the plugin's own, relative to its folder
        let program = if command[0].contains('/') {
            m.dir.join(&command[0]).into_os_string()
        } else {
            command[0].clone().into()
        };
        let mut cmd = Command::new(program);
        cmd.args(&command[1..])
            .current_dir(&m.dir)
            .env_clear()
            .env("CLEARWAY_PLUGIN", &m.plugin.name)
            .env("CLEARWAY_PROTOCOL", super::manifest::PROTOCOL_VERSION)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0);
        for name in env {
            if let Some(v) = std::env::var_os(name) {
                cmd.env(name, v);
            }
        }
        let mut child = cmd.spawn().map_err(|e| {
            Failure::Unreachable(format!("cannot start `{}`: {e}", command.join(" ")))
        })?;
        let stdout = child.stdout.take().expect("piped");
        let stderr = child.stderr.take().expect("piped");
        let (send, lines) = std::sync::mpsc::channel();
        let cap = m.limits.max_response_bytes;
        std::thread::spawn(move || read_lines(stdout, cap, send));
        let log = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&log);
        let log_reader = std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let mut log = sink.lock().unwrap_or_else(|p| p.into_inner());
                // bounded: a chatty plugin keeps its last lines
                if log.len() >= 10_000 {
                    log.remove(0);
                }
                log.push(line);
            }
        });
        Ok(Exec {
            stdin: child.stdin.take(),
            log_reader: Some(log_reader),
            child,
            lines,
            log,
            limits: m.limits.clone(),
        })
    }

    fn send(&mut self, message: &Value) -> Result<(), Failure> {
        let stdin = self
            .stdin
            .as_mut()
            .ok_or_else(|| Failure::Crashed("its stdin is closed".into()))?;
        let mut line = message.to_string();
        line.push('\n');
        stdin
            .write_all(line.as_bytes())
            .and_then(|_| stdin.flush())
            .map_err(|_| Failure::Crashed(self.exit_text()))
    }

    /// Sends `req` and waits for its response, passing notifications to `on_note`.
    pub fn request(
        &mut self,
        req: &Request,
        on_note: &mut dyn FnMut(&Notice) -> Flow,
    ) -> Result<Value, Failure> {
        self.send(&req.envelope())?;
        let deadline = Instant::now() + req.timeout;
        let mut cancelled_at: Option<Instant> = None;
        let mut why_cancelled: Option<Failure> = None;
        loop {
            let now = Instant::now();
            if cancelled_at.is_none() {
                let stop = if interrupted() {
                    Some(Failure::Interrupted)
                } else if now >= deadline {
                    Some(Failure::Timeout(req.timeout))
                } else {
                    None
                };
                if let Some(f) = stop {
                    self.cancel(req.id);
                    cancelled_at = Some(now);
                    why_cancelled = Some(f);
                }
            }
            let until = match cancelled_at {
                Some(at) => at + Duration::from_millis(self.limits.cancel_grace_ms),
                None => deadline,
            };
            if cancelled_at.is_some() && now >= until {
                self.kill();
                return Err(why_cancelled.unwrap_or(Failure::Interrupted));
            }
            let wait = until
                .saturating_duration_since(now)
                .min(Duration::from_millis(50));
            match self.lines.recv_timeout(wait) {
                Ok(Line::Message(v)) => match classify(v) {
                    Ok(Incoming::Response { id, result }) if id == req.id => {
                        return match why_cancelled {
                            // answered the cancel: a stream stopped on request ends normally
                            Some(Failure::Interrupted) | Some(Failure::Timeout(_)) => {
                                Err(why_cancelled.expect("set"))
                            }
                            _ => result,
                        };
                    }
                    Ok(Incoming::Response { .. }) => {} // a late answer to a cancelled call
                    Ok(Incoming::Notice(n)) => {
                        if on_note(&n) == Flow::Stop && cancelled_at.is_none() {
                            self.cancel(req.id);
                            cancelled_at = Some(Instant::now());
                        }
                    }
                    Err(f) => {
                        self.kill();
                        return Err(f);
                    }
                },
                Ok(Line::Malformed(text)) => {
                    self.kill();
                    return Err(Failure::Protocol(format!(
                        "a line that is not JSON: {text}"
                    )));
                }
                Ok(Line::TooLong) => {
                    self.kill();
                    return Err(Failure::TooLarge(self.limits.max_response_bytes));
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => {
                    // stdout closed: the plugin exited; give stderr a moment to drain
                    std::thread::sleep(Duration::from_millis(50));
                    return Err(Failure::Crashed(self.exit_text()));
                }
            }
        }
    }

    fn cancel(&mut self, id: u64) {
        let _ = self.send(&json!({"jsonrpc": "2.0", "method": "$/cancel", "params": {"id": id}}));
    }

    /// `shutdown`, stdin closed, and the grace period to exit before the group is killed.
    pub fn shutdown(&mut self, id: u64) {
        let req = Request {
            id,
            method: "shutdown",
            params: Value::Null,
            timeout: Duration::from_millis(self.limits.cancel_grace_ms),
            body_in: None,
            body_out: None,
            retries: 0,
        };
        let _ = self.request(&req, &mut |_| Flow::Continue);
        self.stdin = None;
        let deadline = Instant::now() + Duration::from_millis(self.limits.cancel_grace_ms);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        self.kill();
    }

    /// SIGTERM to the plugin's process group, SIGKILL 300 ms later, then reaped.
    pub fn kill(&mut self) {
        if let Ok(Some(_)) = self.child.try_wait() {
            return;
        }
        let group = self.child.id() as libc::pid_t;
        // SAFETY: kill(2) with a negative pid signals the process group the child leads
        // (spawned with process_group(0)); no memory is touched.
        unsafe { libc::kill(-group, libc::SIGTERM) };
        let deadline = Instant::now() + Duration::from_millis(300);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                // the leader is gone; make sure its children are too
                unsafe { libc::kill(-group, libc::SIGKILL) };
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        unsafe { libc::kill(-group, libc::SIGKILL) };
        let _ = self.child.wait();
    }

    /// Waits (at most 500 ms: a child the plugin left behind may hold stderr open) until the
    /// plugin's last log lines are read, once it has exited.
    pub fn drain_log(&mut self) {
        let deadline = Instant::now() + Duration::from_millis(500);
        while let Some(reader) = &self.log_reader {
            if reader.is_finished() {
                let _ = self.log_reader.take().map(|r| r.join());
                return;
            }
            if Instant::now() >= deadline {
                return;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    fn exit_text(&mut self) -> String {
        let status = (0..20).find_map(|_| match self.child.try_wait() {
            Ok(Some(s)) => Some(s),
            _ => {
                std::thread::sleep(Duration::from_millis(10));
                None
            }
        });
        let log = self.log.lock().unwrap_or_else(|p| p.into_inner());
        let last = log
            .iter()
            .rev()
            .take(3)
            .rev()
            .cloned()
            .collect::<Vec<_>>()
            .join(" | ");
        format!(
            "it exited ({}){}",
            status
                .map(|s| s.to_string())
                .unwrap_or_else(|| "still running, stdout closed".into()),
            if last.is_empty() {
                String::new()
            } else {
                format!("; its last log lines: {last}")
            }
        )
    }
}

impl Drop for Exec {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Splits stdout into lines of at most `cap` bytes, parsing each as JSON.
fn read_lines(stdout: impl Read, cap: u64, send: std::sync::mpsc::Sender<Line>) {
    let mut reader = BufReader::with_capacity(1 << 16, stdout);
    let mut line = Vec::new();
    loop {
        line.clear();
        match (&mut reader)
            .take(cap.saturating_add(1))
            .read_until(b'\n', &mut line)
        {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        if line.last() != Some(&b'\n') && line.len() as u64 > cap {
            let _ = send.send(Line::TooLong);
            return;
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        let message = match serde_json::from_str::<Value>(text) {
            Ok(v) => Line::Message(v),
            Err(_) => Line::Malformed(text.chars().take(80).collect()),
        };
        if send.send(message).is_err() {
            return;
        }
    }
}
