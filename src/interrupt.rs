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
//!
//! Unix only: Windows has no signal-hook iterator, and there [`install`] is a fallback that
//! installs nothing (Ctrl-C ends the process; see `portable`), compiled and tested on Linux too.

use crate::error::{Error, Result};
use std::sync::atomic::{AtomicI32, Ordering};

/// SIGINT's number: 2 on every POSIX system and in the Windows C runtime alike.
pub const SIGINT: i32 = 2;
/// SIGTERM's number: 15 on every POSIX system and in the Windows C runtime alike.
pub const SIGTERM: i32 = 15;

/// The first signal received (0: none).
static RECEIVED: AtomicI32 = AtomicI32::new(0);

/// Records `signal` as received; true when one had arrived before it (the second signal).
fn record(signal: i32) -> bool {
    RECEIVED.swap(signal, Ordering::SeqCst) != 0
}

/// Keeps the handler installed; dropping it stops the handler thread.
pub struct Guard {
    stop: Option<Box<dyn FnOnce() + Send>>,
}

impl Drop for Guard {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            stop();
        }
    }
}

#[cfg(unix)]
pub use unix::install;

#[cfg(not(unix))]
pub use portable::install;

/// The handler: signal-hook's iterator on a thread of its own.
#[cfg(unix)]
mod unix {
    use super::*;
    use signal_hook::iterator::Signals;

    /// Handles SIGINT and SIGTERM for as long as the guard lives (see the module docs),
    /// interrupting the statement running on `conn` when one arrives.
    pub fn install(conn: &duckdb::Connection) -> Result<Guard> {
        let interrupt = conn.interrupt_handle();
        let mut signals = Signals::new([SIGINT, SIGTERM])?;
        let handle = signals.handle();
        let thread = std::thread::spawn(move || {
            for signal in signals.forever() {
                if record(signal) {
                    // the second signal: the user does not want to wait
                    signal_hook::low_level::exit(128 + signal);
                }
                interrupt.interrupt();
            }
        });
        Ok(Guard {
            stop: Some(Box::new(move || {
                handle.close();
                let _ = thread.join();
            })),
        })
    }
}

/// Where signal-hook's iterator does not exist (Windows): no handler, so Ctrl-C keeps the
/// platform's default and ends the process. DuckDB still keeps only committed work, and every
/// commit is atomic, so nothing is half-written; rows a load committed early stay until the
/// next writer removes them (the module docs).
#[cfg_attr(unix, allow(dead_code))]
mod portable {
    use super::*;

    /// Installs nothing (see the module docs).
    pub fn install(_conn: &duckdb::Connection) -> Result<Guard> {
        Ok(Guard { stop: None })
    }
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

/// The signal's name, for messages.
pub fn name(signal: i32) -> &'static str {
    match signal {
        SIGINT => "SIGINT",
        SIGTERM => "SIGTERM",
        _ => "a signal",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn the_signal_numbers_are_the_systems() {
        assert_eq!(SIGINT, libc::SIGINT);
        assert_eq!(SIGTERM, libc::SIGTERM);
    }

    #[test]
    fn the_portable_fallback_installs_a_guard_that_drops_cleanly() {
        let conn = duckdb::Connection::open_in_memory().unwrap();
        drop(portable::install(&conn).unwrap());
        assert_eq!(received(), None);
    }

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
