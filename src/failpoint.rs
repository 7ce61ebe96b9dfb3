//! Named failpoints: places in the writing paths where a test can make clearway fail, die or
//! stall on purpose, to prove that a failure at that place leaves the workspace whole.
//!
//! Why one mechanism: the crash tests (docs/reliability.md, "Crashes, signals and full disks")
//! need to stop every writing command at every phase boundary — before and after each commit —
//! in a fresh process, the way a power cut or `kill -9` would. Scattered ad-hoc environment
//! checks would each parse the variable their own way; here a point is one line,
//! `failpoint::hit(POINT)?`, and its name is a constant below.
//!
//! How: `CLEARWAY_FAILPOINT=POINT[=ACTION][@N]` arms one point. ACTION is `error` (the default:
//! the point returns [`Error::Failpoint`]), `abort` (`std::process::abort()`, as `kill -9`
//! would end the process: no destructor, no rollback, no flush), `sleep:MS` (stalls, so that a
//! test can send a signal at that moment) or `enospc` (returns the error DuckDB gives when the
//! disk is full). `@N` fires only at the N-th time the point is reached in this process (1 is
//! the first), so that a multi-file load can be stopped in its second file; without it every
//! visit fires. An unset variable costs one environment lookup per point visited, and points
//! sit at commits, not in row loops.

use crate::error::{Error, Result};
use std::collections::HashMap;
use std::sync::Mutex;

/// The environment variable that arms a failpoint.
pub const ENV: &str = "CLEARWAY_FAILPOINT";

/// Before any transaction of the workspace commits (`Workspace::commit`); with `@N` the N-th
/// commit of the process.
pub const BEFORE_COMMIT: &str = "before-commit";
/// Right after a transaction of the workspace committed, before anything else happens.
pub const AFTER_COMMIT: &str = "after-commit";
/// A load's rows, `loads` row and audit entry are written; its last commit is next.
pub const LOAD_BEFORE_COMMIT: &str = "load-before-commit";
/// A declarations load committed its rows early (`LoadSession::commit_rows`) and has not yet
/// recorded itself: the window in which its rows exist without a `loads` row.
pub const LOAD_AFTER_COMMIT_ROWS: &str = "load-after-commit-rows";
/// A load starts writing its rows (after the reload check, before the first row).
pub const LOAD_WRITE: &str = "load-write";
/// The statement that reads a declarations file into the workspace; its failures come back
/// as DuckDB's ([`hit_in_duckdb`]), so `enospc` here takes the path a real full disk takes.
pub const LOAD_INSERT: &str = "load-insert";
/// A read-only command appends its audit record: armed (as `error`), the workspace answers as
/// if another process held its write lock, so the record takes the pending queue.
pub const AUDIT_QUEUE: &str = "audit-queue";

/// `lake export` has written the new lake and its manifest in the staging folder and is about
/// to swap it into place: armed, the export fails with the old lake untouched.
pub const LAKE_SWAP: &str = "lake-swap";

/// What an armed point does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Error,
    Abort,
    Sleep(u64),
    DiskFull,
}

/// The armed point, parsed from [`ENV`].
#[derive(Debug, Clone, PartialEq, Eq)]
struct Armed {
    point: String,
    action: Action,
    /// Fire only at this visit (1-based); None: every visit.
    nth: Option<u32>,
}

/// How many times each point was reached in this process.
static VISITS: Mutex<Option<HashMap<String, u32>>> = Mutex::new(None);

/// Marks that `point` was reached and does what [`ENV`] arms there, if anything.
pub fn hit(point: &str) -> Result<()> {
    let Ok(value) = std::env::var(ENV) else {
        return Ok(());
    };
    let armed = parse(&value)?;
    if armed.point != point {
        return Ok(());
    }
    let visit = count_visit(point);
    if armed.nth.is_some_and(|n| n != visit) {
        return Ok(());
    }
    fire(point, armed.action)
}

/// [`hit`] at a place whose failures are DuckDB's: an armed `error` or `enospc` comes back as
/// the `duckdb::Error` DuckDB itself would give, so the caller's handling of DuckDB's errors is
/// what the test exercises.
pub fn hit_in_duckdb(point: &str) -> duckdb::Result<()> {
    let message = match hit(point) {
        Ok(()) => return Ok(()),
        Err(Error::DiskFull { .. }) => disk_full_message(point),
        Err(e) => e.to_string(),
    };
    Err(duckdb::Error::DuckDBFailure(
        duckdb::ffi::Error::new(duckdb::ffi::DuckDBError),
        Some(message),
    ))
}

/// DuckDB's words for a full disk, as it wrote them when a 6 MB tmpfs filled up.
fn disk_full_message(point: &str) -> String {
    format!("IO Error: Could not write file \"failpoint {point}\": No space left on device")
}

fn count_visit(point: &str) -> u32 {
    let mut visits = VISITS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let n = visits
        .get_or_insert_with(HashMap::new)
        .entry(point.to_string())
        .or_insert(0);
    *n += 1;
    *n
}

fn fire(point: &str, action: Action) -> Result<()> {
    match action {
        Action::Error => Err(Error::Failpoint {
            point: point.to_string(),
        }),
        Action::Abort => {
            eprintln!("failpoint {point}: aborting");
            std::process::abort()
        }
        Action::Sleep(ms) => {
            std::thread::sleep(std::time::Duration::from_millis(ms));
            Ok(())
        }
        Action::DiskFull => Err(Error::disk_full_from(&disk_full_message(point))
            .expect("the failpoint's message is DuckDB's disk-full message")),
    }
}

/// `POINT[=ACTION][@N]`; a value that does not parse is a usage error, so that a typo in a
/// test is not a test that silently passes.
fn parse(value: &str) -> Result<Armed> {
    let bad = || {
        Error::usage(
            format!("{ENV}={value:?} is not a failpoint"),
            "write POINT[=error|abort|sleep:MS|enospc][@N], e.g. load-after-commit-rows=abort",
        )
    };
    let (rest, nth) = match value.rsplit_once('@') {
        Some((rest, n)) => (rest, Some(n.parse::<u32>().map_err(|_| bad())?)),
        None => (value, None),
    };
    let (point, action) = match rest.split_once('=') {
        None => (rest, Action::Error),
        Some((point, "error")) => (point, Action::Error),
        Some((point, "abort")) => (point, Action::Abort),
        Some((point, "enospc")) => (point, Action::DiskFull),
        Some((point, action)) => {
            let ms = action
                .strip_prefix("sleep:")
                .and_then(|ms| ms.parse().ok())
                .ok_or_else(bad)?;
            (point, Action::Sleep(ms))
        }
    };
    if point.is_empty() || nth == Some(0) {
        return Err(bad());
    }
    Ok(Armed {
        point: point.to_string(),
        action,
        nth,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_point_parses_with_its_action_and_visit() {
        let armed = |point: &str, action, nth| Armed {
            point: point.into(),
            action,
            nth,
        };
        assert_eq!(
            parse("load-before-commit").unwrap(),
            armed("load-before-commit", Action::Error, None)
        );
        assert_eq!(
            parse("after-commit=abort@2").unwrap(),
            armed("after-commit", Action::Abort, Some(2))
        );
        assert_eq!(
            parse("load-write=sleep:250").unwrap(),
            armed("load-write", Action::Sleep(250), None)
        );
        assert_eq!(
            parse("load-write=enospc").unwrap(),
            armed("load-write", Action::DiskFull, None)
        );
        for typo in ["", "x=explode", "x@0", "x@two", "=abort"] {
            assert!(parse(typo).is_err(), "{typo:?}");
        }
    }

    #[test]
    fn the_disk_full_action_is_the_disk_full_error() {
        let e = fire("p", Action::DiskFull).unwrap_err();
        assert!(matches!(e, Error::DiskFull { .. }), "{e:?}");
    }
}
