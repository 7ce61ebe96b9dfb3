//! SIGINT and SIGTERM during a writing command: the work in progress is rolled back and the
//! process exits with 130 or 143 and a message saying what was not done.
//!
//! Why not the default action: a signal that ends the process outright skips every rollback
//! and every clean-up a load does (a declarations load deletes its early-committed rows when
//! it fails, `ingest::session`). Nothing is lost either way (DuckDB keeps only committed
//! work), but the user is told nothing, and rows committed early stay behind until the next
//! writer removes them.
//!
//! How: [`install`] starts a thread that waits for the two signals (signal-hook's iterator:
//! the signal handler itself only writes to a pipe). On the first one it records the signal
//! and interrupts the DuckDB statement running on the workspace's connection
//! (`duckdb::InterruptHandle`), so a long `INSERT ... SELECT` stops within moments. Loops
//! written in Rust (the telemetry readers) and the session's phase boundaries call [`check`],
//! which turns the recorded signal into [`Error::Interrupted`]; an error of any kind that
//! ends a command after a signal is reported as the interruption ([`explain`]). A second
//! signal ends the process at once (exit 128 + signal), for a user who does not want to
//! wait for the rollback; DuckDB still keeps only committed work.
//!
//! The handler is installed by the commands that load (`commands::load`) and by `risk run`
//! for as long as the returned [`Guard`] lives; every commit checks for a signal first
//! (`Workspace::commit`), so interrupted work never becomes permanent. Other commands keep the
//! default action, so a `query` still stops at Ctrl-C as before.

use crate::error::{Error, Result};
use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::iterator::{Handle, Signals};
use std::sync::atomic::{AtomicI32, Ordering};

/// The first signal received (0: none).
static RECEIVED: AtomicI32 = AtomicI32::new(0);

/// Keeps the handler installed; dropping it stops the handler thread.
pub struct Guard {
    handle: Handle,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Guard {
    fn drop(&mut self) {
        self.handle.close();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Handles SIGINT and SIGTERM for as long as the guard lives (see the module docs),
/// interrupting the statement running on `conn` when one arrives.
pub fn install(conn: &duckdb::Connection) -> Result<Guard> {
    let interrupt = conn.interrupt_handle();
    let mut signals = Signals::new([SIGINT, SIGTERM])?;
    let handle = signals.handle();
    let thread = std::thread::spawn(move || {
        for signal in signals.forever() {
            if RECEIVED.swap(signal, Ordering::SeqCst) != 0 {
                // the second signal: the user does not want to wait
                signal_hook::low_level::exit(128 + signal);
            }
            interrupt.interrupt();
        }
    });
    Ok(Guard {
        handle,
        thread: Some(thread),
    })
}

/// The signal received, if any.
pub fn received() -> Option<i32> {
    match RECEIVED.load(Ordering::SeqCst) {
        0 => None,
        signal => Some(signal),
    }
}

/// [`Error::Interrupted`] once a signal arrived; called where long work can stop cleanly.
pub fn check() -> Result<()> {
    match received() {
        None => Ok(()),
        Some(signal) => Err(interrupted(signal)),
    }
}

/// After a signal, the error that ends a command is the interruption (DuckDB reports an
/// interrupted statement as its own error); before one, `e` itself.
pub fn explain(e: Error) -> Error {
    match (received(), e) {
        (_, e @ Error::Interrupted { .. }) => e,
        (Some(signal), _) => interrupted(signal),
        (None, e) => e,
    }
}

fn interrupted(signal: i32) -> Error {
    Error::Interrupted {
        signal: name(signal).to_string(),
        signo: signal,
        undone: "nothing of the work in progress was saved".to_string(),
    }
}

fn name(signal: i32) -> &'static str {
    match signal {
        SIGINT => "SIGINT",
        SIGTERM => "SIGTERM",
        _ => "a signal",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_interruption_exits_as_the_shell_reports_the_signal() {
        assert_eq!(interrupted(SIGINT).exit_code(), 130);
        assert_eq!(interrupted(SIGTERM).exit_code(), 143);
        let e = interrupted(SIGTERM).nothing_loaded_from(std::path::Path::new("/d/a.csv"));
        assert_eq!(
            e.to_string(),
            "interrupted by SIGTERM; nothing from /d/a.csv was loaded"
        );
    }
}
