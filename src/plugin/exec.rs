//! The `exec` transport: the plugin is a child process in its own process group, spoken to by
//! newline-delimited JSON-RPC on stdin/stdout; its stderr is its log.
//!
//! Every limit is enforced here, not trusted to the plugin: a reader thread caps each line at
//! `max_response_bytes` (a plugin printing a gigabyte without a newline is stopped, not
//! buffered); waits are `recv_timeout`s against the call's deadline; on a timeout, Ctrl-C or a
//! host-side stop the plugin gets `$/cancel` and `cancel_grace_ms` to answer, then its whole
//! process group is ended ([`Exec::kill`]). The environment is cleared except for the
//! manifest's allow-list.
//!
//! **The log is bounded too.** stderr is read in pieces, never as whole lines: a log line
//! longer than [`MAX_LOG_LINE`] bytes keeps its first [`MAX_LOG_LINE`] bytes and ends in
//! [`CUT_MARK`] (the rest of it, up to its newline, is read and thrown away, so the plugin never
//! blocks on a full pipe); the log keeps at most [`MAX_LOG_BYTES`] bytes and [`MAX_LOG_LINES`]
//! lines, the oldest dropped first and counted in a first line `[N earlier log lines dropped]`.
//! Why: a plugin writing to stderr without newlines once grew the host by 3.5 GB in 6 s, and
//! bytes that are not UTF-8 stopped the old line reader (the plugin then blocked on the pipe).
//!
//! **The process group ends with the session.** Whenever a session ends — `shutdown` after a
//! successful call, a failed or timed-out call, Ctrl-C, a dropped session — the whole group
//! gets SIGTERM and, when anything of it is still alive `cancel_grace_ms` later, SIGKILL
//! ([`Exec::kill`]), also when the plugin itself had already exited: a child it forked (and
//! left running after answering) does not outlive it. The CLI starts a session per call, so
//! there the group ends after every call. A kept session (the TUI's, [`super::kept`]) is meant
//! to persist: its plugin and whatever it started (a worker pool, a model server) keep running
//! between calls, and all of it is ended when the session ends (idle timeout, changed plugin,
//! the TUI leaving, or a failed call). A child that leaves the group (`setsid`, `setpgid`) is
//! beyond this; that would take a cgroup, and a plugin is not sandboxed (see [`super`]).
//! The leader is reaped only after its group was signalled, so the group id cannot have been
//! reused by an unrelated process. All of this is Unix; [`process_group`] holds those calls and
//! the std-only fallback other platforms build with (the plugin alone is ended there).

use super::manifest::{Limits, Manifest, Transport};
use super::wire::{classify, parse_line, Failure, Flow, Incoming, Line, Notice, Request};
use crate::process_group;
use serde_json::{json, Value};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Set by the SIGINT handler while a plugin runs (see [`watch_interrupts`]).
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Ctrl-C while a plugin works cancels the call instead of killing clearway mid-write: the
/// plugin (in its own process group, so the terminal's SIGINT does not reach it) is sent
/// `$/cancel` and stopped after its grace period (on Unix; see [`process_group`]).
pub fn watch_interrupts() {
    process_group::on_interrupt(&INTERRUPTED);
}

pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Longest log line kept, in bytes; a longer one is cut and ends in [`CUT_MARK`].
pub const MAX_LOG_LINE: usize = 64 << 10;
/// Most log bytes kept per session; older lines are dropped (and counted) first.
pub const MAX_LOG_BYTES: usize = 1 << 20;
/// Most log lines kept per session.
pub const MAX_LOG_LINES: usize = 10_000;
/// Ends a log line cut at [`MAX_LOG_LINE`] bytes.
pub const CUT_MARK: &str = " [… line cut at 64 KiB]";

/// A plugin's log as kept: its last lines, within [`MAX_LOG_BYTES`] and [`MAX_LOG_LINES`].
#[derive(Default)]
pub struct Log {
    kept: VecDeque<String>,
    bytes: usize,
    dropped: u64,
}

impl Log {
    fn push(&mut self, line: String) {
        self.bytes += line.len();
        self.kept.push_back(line);
        while self.kept.len() > MAX_LOG_LINES || (self.bytes > MAX_LOG_BYTES && self.kept.len() > 1)
        {
            if let Some(old) = self.kept.pop_front() {
                self.bytes -= old.len();
                self.dropped += 1;
            }
        }
    }

    /// The kept lines, after a line counting those dropped when there were any.
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::with_capacity(self.kept.len() + 1);
        if self.dropped > 0 {
            out.push(format!("[{} earlier log lines dropped]", self.dropped));
        }
        out.extend(self.kept.iter().cloned());
        out
    }

    /// The last `n` kept lines.
    fn last(&self, n: usize) -> Vec<String> {
        let skip = self.kept.len().saturating_sub(n);
        self.kept.iter().skip(skip).cloned().collect()
    }
}

/// Reads a plugin's stderr into `log` in pieces (see the module docs): memory stays bounded
/// whatever the plugin writes, and reading goes on to the end so the plugin never blocks.
pub fn read_log(stderr: impl Read, log: &Mutex<Log>) {
    let mut stderr = stderr;
    let mut chunk = vec![0u8; 64 << 10];
    let mut line: Vec<u8> = Vec::new();
    // the current line was cut (and kept); the rest of it is skipped up to its newline
    let mut cutting = false;
    let keep = |bytes: &[u8], cut: bool| {
        let mut text = String::from_utf8_lossy(bytes).into_owned();
        if cut {
            text.push_str(CUT_MARK);
        }
        log.lock().unwrap_or_else(|p| p.into_inner()).push(text);
    };
    loop {
        let n = match stderr.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => break,
        };
        let mut rest = &chunk[..n];
        while !rest.is_empty() {
            let newline = rest.iter().position(|&b| b == b'\n');
            let (piece, ends) = match newline {
                Some(i) => (&rest[..i], true),
                None => (rest, false),
            };
            rest = match newline {
                Some(i) => &rest[i + 1..],
                None => &[],
            };
            if !cutting {
                let room = MAX_LOG_LINE - line.len();
                if piece.len() > room {
                    line.extend_from_slice(&piece[..room]);
                    keep(&line, true);
                    line.clear();
                    cutting = true;
                } else {
                    line.extend_from_slice(piece);
                }
            }
            if ends {
                if !cutting {
                    keep(line.strip_suffix(b"\r").unwrap_or(&line), false);
                }
                line.clear();
                cutting = false;
            }
        }
    }
    if !line.is_empty() && !cutting {
        keep(&line, false);
    }
}

pub struct Exec {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: Receiver<Line>,
    /// The plugin's stderr, line by line (the host shows or redacts them), bounded.
    pub log: Arc<Mutex<Log>>,
    log_reader: Option<std::thread::JoinHandle<()>>,
    limits: Limits,
    /// The process group was ended and the leader reaped: nothing may be signalled again.
    ended: bool,
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
            // Running a Python plugin must not add caches to its pinned folder
            // (`discovery`): a changed folder would need approving again.
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        process_group::own_group(&mut cmd);
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
        let log = Arc::new(Mutex::new(Log::default()));
        let sink = Arc::clone(&log);
        let log_reader = std::thread::spawn(move || read_log(stderr, &sink));
        Ok(Exec {
            stdin: child.stdin.take(),
            log_reader: Some(log_reader),
            child,
            lines,
            log,
            limits: m.limits.clone(),
            ended: false,
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
        while Instant::now() < deadline && !self.leader_exited() {
            std::thread::sleep(Duration::from_millis(10));
        }
        // also when it exited: what it forked must not outlive the session
        self.kill();
    }

    /// Ends the plugin's whole process group, whether or not the plugin itself still runs:
    /// SIGTERM, then SIGKILL when anything of the group is still alive `cancel_grace_ms`
    /// later; then the plugin is reaped. Done once; later calls do nothing.
    pub fn kill(&mut self) {
        if self.ended {
            return;
        }
        // the leader is not reaped yet, so the group id is still ours while it is signalled
        process_group::terminate(&self.child);
        let deadline = Instant::now() + Duration::from_millis(self.limits.cancel_grace_ms);
        while Instant::now() < deadline {
            if self.leader_exited() && process_group::other_members(&self.child) == 0 {
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        if !self.leader_exited() || process_group::other_members(&self.child) > 0 {
            process_group::kill(&mut self.child);
        }
        let _ = self.child.wait();
        self.ended = true;
    }

    /// Whether the plugin process has exited, without reaping it (so its process group id
    /// stays reserved while the group is signalled).
    fn leader_exited(&mut self) -> bool {
        self.exit_status().is_some()
    }

    /// The plugin's exit status once it exited, without reaping it.
    fn exit_status(&mut self) -> Option<std::process::ExitStatus> {
        if self.ended {
            return self.child.try_wait().ok().flatten();
        }
        process_group::exited_unreaped(&mut self.child)
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
        let status = (0..20).find_map(|_| match self.exit_status() {
            Some(s) => Some(s),
            _ => {
                std::thread::sleep(Duration::from_millis(10));
                None
            }
        });
        let last = self
            .log
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .last(3)
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
        let Some(message) = parse_line(&line) else {
            continue;
        };
        if send.send(message).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `n` bytes of `x` with no newline, then `tail`, made up as they are read.
    struct Flood {
        left: u64,
        tail: std::io::Cursor<Vec<u8>>,
    }

    impl Read for Flood {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.left == 0 {
                return self.tail.read(buf);
            }
            let n = buf.len().min(self.left as usize);
            buf[..n].fill(b'x');
            self.left -= n as u64;
            Ok(n)
        }
    }

    #[test]
    fn a_log_line_without_newlines_is_cut_and_the_log_stays_bounded() {
        let log = Mutex::new(Log::default());
        let flood = Flood {
            left: 200 << 20,
            tail: std::io::Cursor::new(b"\nafter the flood\r\nbad \xff byte\nno newline".to_vec()),
        };
        read_log(flood, &log);
        let lines = log.lock().unwrap().lines();
        assert_eq!(
            lines.len(),
            4,
            "{:?}",
            lines.iter().map(|l| l.len()).collect::<Vec<_>>()
        );
        assert_eq!(lines[0].len(), MAX_LOG_LINE + CUT_MARK.len());
        assert!(lines[0].ends_with(CUT_MARK));
        assert_eq!(lines[1], "after the flood");
        assert_eq!(lines[2], "bad \u{fffd} byte");
        assert_eq!(lines[3], "no newline");
    }

    #[test]
    fn older_lines_are_dropped_and_counted() {
        let log = Mutex::new(Log::default());
        // 64 long lines (cut) and then 20,000 short ones: within both bounds at every moment
        let mut text = Vec::new();
        for _ in 0..64 {
            text.extend(std::iter::repeat_n(b'y', 100_000));
            text.push(b'\n');
        }
        for i in 0..20_000 {
            text.extend(format!("line {i}\n").bytes());
        }
        read_log(std::io::Cursor::new(text), &log);
        let log = log.lock().unwrap();
        assert!(log.bytes <= MAX_LOG_BYTES && log.kept.len() <= MAX_LOG_LINES);
        let lines = log.lines();
        assert_eq!(
            lines[0],
            format!("[{} earlier log lines dropped]", 20_064 - MAX_LOG_LINES)
        );
        assert_eq!(lines.last().unwrap(), "line 19999");
    }
}
