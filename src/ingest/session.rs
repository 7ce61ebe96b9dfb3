//! One load session: the bookkeeping every loader shares, in one place.
//!
//! Why: declarations, telemetry, ledgers and design files are read in very different ways,
//! but what makes a load trustworthy is the same for all of them, and it used to be written
//! once per loader: a file whose bytes were loaded before is refused (unless forced); the
//! load runs in one transaction; its rows carry its load id and the file's path (lineage);
//! natural-key duplicates are handled by the `--on-duplicate` policy ([`super::duplicates`]);
//! the counts reconcile (`read = loaded + duplicates + rejected`, plus lines that are no rows);
//! and a `loads` row and an audit entry are written with the rows, in the same transaction.
//! A [`LoadSession`] owns all of that; a loader only reads its format and writes its rows.
//!
//! How: [`LoadSession::begin`] refuses a reload, opens the transaction and numbers the load;
//! the loader writes its rows through [`LoadSession::conn`] under [`LoadSession::load_id`]
//! and [`LoadSession::file`], and may have the session resolve duplicates
//! ([`LoadSession::resolve_duplicates`]); [`LoadSession::finish`] checks the counts, writes the
//! `loads` row and the audit entry, and commits. A session dropped without `finish` (an error
//! returned with `?`, a panic) rolls back: nothing of the load stays.
//!
//! The declarations loader commits its rows before numbering them, for speed (see
//! `ingest::declarations`); [`LoadSession::commit_rows`] does that, and a session dropped
//! after it also deletes those rows again, so a failed load still leaves nothing behind. A
//! process killed in between leaves them to the next writer, and no reader sees them
//! meanwhile (`Workspace::open_ro` hides rows no recorded load owns).
//!
//! A failed load writes no audit entry: the entry is part of the transaction that failed.

use super::duplicates::{self, DuplicateReport, OnDuplicate};
use super::source::absolute;
use crate::error::{Error, Result};
use crate::failpoint;
use crate::sql::ident;
use crate::workspace::{audit, Workspace};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The environment variable of the failpoints ([`crate::failpoint`]); a session has three:
/// [`failpoint::LOAD_WRITE`] when it starts, [`failpoint::LOAD_AFTER_COMMIT_ROWS`] after
/// [`LoadSession::commit_rows`], and [`failpoint::LOAD_BEFORE_COMMIT`] just before its last
/// commit, after its rows, `loads` row and audit entry are written. They exist so that tests
/// can prove a failed or killed load of any kind leaves the workspace as it was.
pub const FAILPOINT_ENV: &str = failpoint::ENV;

/// What a load reads, which decides its `loads.kind`, its table and its audit command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadKind {
    Declarations,
    Telemetry,
    Ledger,
    /// A 3D design file of `provenance scan`.
    Design,
}

impl LoadKind {
    /// `loads.kind`; a reload is refused among loads of the same kind.
    pub fn name(self) -> &'static str {
        match self {
            LoadKind::Declarations => "declarations",
            LoadKind::Telemetry => "telemetry",
            LoadKind::Ledger => "ledger",
            LoadKind::Design => "design",
        }
    }

    /// `loads.target_table`: where the load's rows go.
    pub fn table(self) -> &'static str {
        match self {
            LoadKind::Declarations => "declarations",
            LoadKind::Telemetry => "telemetry_events",
            LoadKind::Ledger => "ledger_blocks",
            LoadKind::Design => "design_files",
        }
    }

    /// The audit entry's command.
    pub fn command(self) -> &'static str {
        match self {
            LoadKind::Declarations => "load declarations",
            LoadKind::Telemetry => "load telemetry",
            LoadKind::Ledger => "load ledger",
            LoadKind::Design => "provenance scan",
        }
    }
}

/// The bytes of a file, as a reload is recognised by them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileIdentity {
    pub sha256: String,
    pub bytes: u64,
}

impl From<&super::source::Fingerprint> for FileIdentity {
    fn from(fp: &super::source::Fingerprint) -> Self {
        FileIdentity {
            sha256: fp.sha256.clone(),
            bytes: fp.bytes,
        }
    }
}

/// How a session treats its file.
#[derive(Debug, Clone, Copy)]
pub struct SessionOptions {
    /// Load even when a file with the same sha256 was loaded before (`--force`).
    pub force: bool,
    /// When the load started (before any reading), for `loads.started_at` and the report's
    /// seconds.
    pub started: Instant,
}

/// How a load's `read` count is made of its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accounting {
    /// Every unit read is a row: loaded, duplicate, rejected, or one of `set_aside` that are
    /// no row by design (a header line, a comment, a fragment joined to its message).
    Rows { set_aside: u64 },
    /// What is read is not row for row what is stored (a ledger's items are lines or block
    /// records, its rows blocks and records), so there is nothing to reconcile.
    Items,
}

/// What a loader tells the session when its rows are written: the `loads` row's own facts
/// and the audit entry's detail.
#[derive(Debug, Clone)]
pub struct LoadSummary<'a> {
    /// The format as `--format` names it.
    pub format: String,
    pub encoding: Option<&'a str>,
    /// The CSV dialect as JSON (declarations).
    pub dialect: Option<String>,
    /// The mapping profile (declarations).
    pub profile: Option<&'a str>,
    /// How to read the file again, as JSON (`loads.mapping`: a declarations mapping, a
    /// ledger's chain name and events file).
    pub options: Option<String>,
    pub read: u64,
    pub loaded: u64,
    pub rejected: u64,
    pub accounting: Accounting,
    pub warnings: &'a [String],
    /// The audit entry's detail.
    pub audit: serde_json::Value,
}

/// What a committed load is known by.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LoadOutcome {
    pub load_id: i64,
    /// From the session's start to its `loads` row.
    pub seconds: f64,
}

/// One file being loaded (see the module docs).
pub struct LoadSession<'ws> {
    ws: &'ws Workspace,
    kind: LoadKind,
    path: PathBuf,
    file: String,
    identity: Option<FileIdentity>,
    options: SessionOptions,
    load_id: i64,
    transaction: Option<duckdb::Transaction<'ws>>,
    /// Set by [`LoadSession::commit_rows`]: the rows are committed, the load is not recorded.
    rows_committed: bool,
    duplicates: Option<DuplicateReport>,
}

impl<'ws> LoadSession<'ws> {
    /// Starts loading `path`: refuses it when its bytes were loaded before as the same kind
    /// (and `force` is off), opens the transaction and takes a load id. A loader that hashes
    /// the file beside its read passes no identity and calls [`LoadSession::identify`] later.
    pub fn begin(
        ws: &'ws Workspace,
        kind: LoadKind,
        path: &Path,
        identity: Option<FileIdentity>,
        options: SessionOptions,
    ) -> Result<Self> {
        if let Some(identity) = &identity {
            refuse_reload(ws, path, &identity.sha256, options.force, kind.name())?;
        }
        let transaction = ws.transaction()?;
        let load_id: i64 = ws
            .conn
            .query_row("SELECT nextval('load_id_seq')", [], |r| r.get(0))?;
        let session = LoadSession {
            ws,
            kind,
            path: path.to_path_buf(),
            file: absolute(path),
            identity,
            options,
            load_id,
            transaction: Some(transaction),
            rows_committed: false,
            duplicates: None,
        };
        failpoint::hit(failpoint::LOAD_WRITE)?;
        crate::interrupt::check()?;
        Ok(session)
    }

    /// The connection the rows are written through (inside the session's transaction).
    /// The bounds on what this load may read (the workspace's).
    pub fn limits(&self) -> &crate::limits::Limits {
        &self.ws.limits
    }

    pub fn conn(&self) -> &'ws duckdb::Connection {
        &self.ws.conn
    }

    /// The id every row of this load carries in `load_id`.
    pub fn load_id(&self) -> i64 {
        self.load_id
    }

    /// The file as its rows name it in `source_file` (an absolute path).
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The file's bytes, once known.
    pub fn identity(&self) -> Option<&FileIdentity> {
        self.identity.as_ref()
    }

    /// Seconds since the load started.
    pub fn elapsed(&self) -> f64 {
        self.options.started.elapsed().as_secs_f64()
    }

    /// Gives the file's bytes when they were hashed beside the read, and refuses a reload now.
    pub fn identify(&mut self, identity: FileIdentity) -> Result<()> {
        refuse_reload(
            self.ws,
            &self.path,
            &identity.sha256,
            self.options.force,
            self.kind.name(),
        )?;
        self.identity = Some(identity);
        Ok(())
    }

    /// Commits the rows written so far and goes on in a new transaction. Until the load is
    /// finished its rows carry a load id that `loads` does not know; a session dropped from
    /// here on deletes them again, and a process killed meanwhile leaves them to the next
    /// writer's clean-up (`Workspace::open_rw`). Only worth it where updating rows inside the
    /// inserting transaction is slow (declarations).
    pub fn commit_rows(&mut self) -> Result<()> {
        crate::interrupt::check()?;
        if let Some(transaction) = self.transaction.take() {
            // marked before the commit: should the commit fail after it reached the disk
            // (a full disk at the checkpoint), the drop still withdraws the rows
            self.rows_committed = true;
            self.ws.commit(transaction)?;
        }
        self.rows_committed = true;
        self.transaction = Some(self.ws.transaction()?);
        failpoint::hit(failpoint::LOAD_AFTER_COMMIT_ROWS)
    }

    /// Finds the rows of this load (already in `key.table`) whose natural key is already
    /// loaded, or repeated in the file, and applies `policy` (see [`duplicates::resolve`]).
    /// The report is kept for the `loads` row.
    pub fn resolve_duplicates(
        &mut self,
        key: &duplicates::NaturalKey,
        position: duplicates::Position,
        policy: OnDuplicate,
    ) -> Result<DuplicateReport> {
        let report = duplicates::resolve(
            self.ws,
            key,
            duplicates::LoadSource {
                load_id: self.load_id,
                path: &self.path,
                position,
            },
            policy,
        )?;
        self.duplicates = Some(report.clone());
        Ok(report)
    }

    /// Checks the counts, writes the `loads` row and the audit entry, and commits.
    pub fn finish(mut self, summary: LoadSummary<'_>) -> Result<LoadOutcome> {
        let identity = self.identity.clone().ok_or_else(|| {
            Error::usage(
                format!(
                    "internal: load {} of {} finished before its file was hashed",
                    self.load_id, self.file
                ),
                "please report this",
            )
        })?;
        self.check_counts(&summary)?;
        let seconds = self.elapsed();
        write_loads_row(
            self.ws,
            &LoadRow {
                load_id: self.load_id,
                kind: self.kind.name(),
                target_table: self.kind.table(),
                file: &self.file,
                sha256: &identity.sha256,
                bytes: identity.bytes,
                format: summary.format,
                encoding: summary.encoding,
                options: summary.options,
                read: summary.read,
                loaded: summary.loaded,
                rejected: summary.rejected,
                skipped: match summary.accounting {
                    Accounting::Rows { set_aside } => Some(set_aside),
                    Accounting::Items => None,
                },
                warnings: summary.warnings,
                forced: self.options.force,
                seconds,
            },
            &ReadAs {
                dialect: summary.dialect,
                profile: summary.profile,
                duplicates: self.duplicates.as_ref(),
            },
        )?;
        audit::append(self.ws, self.kind.command(), summary.audit)?;
        failpoint::hit(failpoint::LOAD_BEFORE_COMMIT)?;
        crate::interrupt::check()?;
        if let Some(transaction) = self.transaction.take() {
            let ws = self.ws;
            // from the commit on, the rows are the load's: nothing may withdraw them
            ws.commit_noting(transaction, || self.rows_committed = false)?;
        }
        self.rows_committed = false;
        Ok(LoadOutcome {
            load_id: self.load_id,
            seconds,
        })
    }

    /// `read = loaded + duplicates + rejected + set aside`, where the load counts rows.
    fn check_counts(&self, summary: &LoadSummary<'_>) -> Result<()> {
        let Accounting::Rows { set_aside } = summary.accounting else {
            return Ok(());
        };
        let duplicates = self.duplicates.as_ref().map_or(0, |d| d.rows as u64);
        if summary.read == summary.loaded + duplicates + summary.rejected + set_aside {
            return Ok(());
        }
        Err(Error::bad_input(
            &self.path,
            format!(
                "row counts do not reconcile: read {} but loaded {} + duplicates {duplicates} + rejected {} + set aside {set_aside}",
                summary.read, summary.loaded, summary.rejected
            ),
            "this is a clearway bug; nothing was loaded",
        ))
    }

    /// Deletes rows committed by [`LoadSession::commit_rows`] of a load that did not finish
    /// (under its id and the negated id that marks rows awaiting rejection).
    fn withdraw_committed_rows(&self) -> Result<()> {
        let table = ident(self.kind.table());
        self.ws.in_transaction(|| {
            self.ws.conn.execute(
                &format!("DELETE FROM {table} WHERE load_id IN ($1, -$1)"),
                [self.load_id],
            )?;
            self.ws
                .conn
                .execute("DELETE FROM rejects WHERE load_id = ?", [self.load_id])?;
            Ok(())
        })
    }
}

impl Drop for LoadSession<'_> {
    /// An unfinished load leaves nothing: its transaction rolls back, and rows it committed
    /// early are deleted. A failure here cannot be reported; the rows it would leave carry a
    /// load id `loads` does not know, which the next writer removes.
    fn drop(&mut self) {
        drop(self.transaction.take());
        if self.rows_committed {
            let _ = self.withdraw_committed_rows();
        }
    }
}

/// Refuses a file whose bytes were loaded before as `kind`, naming the earlier load.
pub fn refuse_reload(
    ws: &Workspace,
    path: &Path,
    sha256: &str,
    force: bool,
    kind: &str,
) -> Result<()> {
    if force {
        return Ok(());
    }
    let earlier = ws.conn.query_row(
        "SELECT load_id, strftime(started_at, '%Y-%m-%d %H:%M:%S') FROM loads
         WHERE source_sha256 = ? AND kind = ? ORDER BY load_id LIMIT 1",
        [sha256, kind],
        |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)),
    );
    match earlier {
        Ok((load_id, loaded_at)) => Err(Error::AlreadyLoaded {
            path: path.to_path_buf(),
            sha256: sha256.to_string(),
            load_id,
            loaded_at,
        }),
        Err(duckdb::Error::QueryReturnedNoRows) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// True when `loads` has a load of `kind` of a file with this path and size: a cheap hint,
/// before hashing, that the file may be a reload.
pub fn looks_loaded_before(ws: &Workspace, kind: LoadKind, path: &Path) -> Result<bool> {
    let bytes = std::fs::metadata(path)
        .map_err(|source| Error::Read {
            path: path.to_path_buf(),
            cause: source,
        })?
        .len();
    let n: i64 = ws.conn.query_row(
        "SELECT count(*) FROM loads WHERE kind = ? AND source_file = ? AND source_bytes = ?",
        duckdb::params![kind.name(), absolute(path), bytes as i64],
        |r| r.get(0),
    )?;
    Ok(n > 0)
}

/// A `loads` row as [`insert_load`] writes it, for stores that record a load without a
/// session (plugin streams).
pub(crate) struct LoadRow<'a> {
    pub load_id: i64,
    pub kind: &'a str,
    pub target_table: &'a str,
    pub file: &'a str,
    pub sha256: &'a str,
    pub bytes: u64,
    pub format: String,
    pub encoding: Option<&'a str>,
    /// How to read the file again (ledger: the chain name and events file given).
    pub options: Option<String>,
    pub read: u64,
    pub loaded: u64,
    pub rejected: u64,
    /// Units read that are no row by design (header lines, comments, fragments joined to their
    /// message); None where what is read is not row for row what is stored (ledgers).
    pub skipped: Option<u64>,
    pub warnings: &'a [String],
    pub forced: bool,
    pub seconds: f64,
}

/// The columns of a `loads` row that say how a file was read and what its duplicates were;
/// empty (NULL, 0 duplicates) for loads that do not have them.
#[derive(Default)]
struct ReadAs<'a> {
    dialect: Option<String>,
    profile: Option<&'a str>,
    duplicates: Option<&'a DuplicateReport>,
}

/// Inserts a `loads` row, inside the caller's transaction.
pub(crate) fn insert_load(ws: &Workspace, row: &LoadRow<'_>) -> Result<()> {
    write_loads_row(ws, row, &ReadAs::default())
}

/// The one statement that writes `loads`.
fn write_loads_row(ws: &Workspace, row: &LoadRow<'_>, read_as: &ReadAs<'_>) -> Result<()> {
    let duplicates = read_as.duplicates;
    ws.conn.execute(
        "INSERT INTO loads (load_id, kind, target_table, source_file, source_sha256, source_bytes,
             format, encoding, dialect, mapping_profile, mapping, rows_read, rows_loaded, rows_rejected,
             warnings, forced, started_at, finished_at, clearway_version,
             rows_duplicate, on_duplicate, duplicates, rows_skipped)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                 now()::TIMESTAMP - to_microseconds(CAST(? * 1e6 AS BIGINT)), now()::TIMESTAMP, ?,
                 ?, ?, ?, ?)",
        duckdb::params![
            row.load_id,
            row.kind,
            row.target_table,
            row.file,
            row.sha256,
            row.bytes as i64,
            row.format,
            row.encoding,
            read_as.dialect,
            read_as.profile,
            row.options,
            row.read as i64,
            row.loaded as i64,
            row.rejected as i64,
            serde_json::to_string(row.warnings).unwrap_or_default(),
            row.forced,
            row.seconds,
            crate::VERSION,
            duplicates.map_or(0, |d| d.rows),
            duplicates.map(|d| d.policy.name()),
            duplicates.map(|d| serde_json::to_string(d).expect("reports serialise")),
            row.skipped.map(|n| n as i64),
        ],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workspace() -> Workspace {
        Workspace::in_memory().unwrap()
    }

    fn count(ws: &Workspace, sql: &str) -> i64 {
        ws.conn.query_row(sql, [], |r| r.get(0)).unwrap()
    }

    /// Rows of every table a load writes.
    fn footprint(ws: &Workspace) -> [i64; 4] {
        [
            count(ws, "SELECT count(*) FROM telemetry_events"),
            count(ws, "SELECT count(*) FROM loads"),
            count(ws, "SELECT count(*) FROM rejects"),
            count(ws, "SELECT count(*) FROM audit_log"),
        ]
    }

    fn options() -> SessionOptions {
        SessionOptions {
            force: false,
            started: Instant::now(),
        }
    }

    fn identity(sha256: &str) -> Option<FileIdentity> {
        Some(FileIdentity {
            sha256: sha256.into(),
            bytes: 10,
        })
    }

    /// A telemetry load of `events.csv` with these bytes (`None`: hashed later).
    fn begin<'ws>(ws: &'ws Workspace, sha256: Option<&str>) -> Result<LoadSession<'ws>> {
        let identity = sha256.and_then(identity);
        let path = Path::new("events.csv");
        LoadSession::begin(ws, LoadKind::Telemetry, path, identity, options())
    }

    fn insert_event(session: &LoadSession<'_>, device: &str) {
        session
            .conn()
            .execute(
                "INSERT INTO telemetry_events (source, device_id, event_type, source_file, source_row, load_id)
                 VALUES ('iot', ?, 'position', ?, 1, ?)",
                duckdb::params![device, session.file(), session.load_id()],
            )
            .unwrap();
    }

    fn summary(read: u64, loaded: u64) -> LoadSummary<'static> {
        LoadSummary {
            format: "iot-csv".into(),
            encoding: Some("UTF-8"),
            dialect: None,
            profile: None,
            options: None,
            read,
            loaded,
            rejected: 0,
            accounting: Accounting::Rows { set_aside: 0 },
            warnings: &[],
            audit: serde_json::json!({ "loaded": loaded }),
        }
    }

    #[test]
    fn a_finished_load_has_its_rows_its_loads_row_and_its_audit_entry() {
        let ws = workspace();
        let path = Path::new("events.csv");
        let session = begin(&ws, Some("aa")).unwrap();
        insert_event(&session, "T1");
        let outcome = session.finish(summary(1, 1)).unwrap();
        assert_eq!(footprint(&ws), [1, 1, 0, 1]);
        let (kind, table, file, read, duplicates): (String, String, String, i64, i64) = ws
            .conn
            .query_row(
                "SELECT kind, target_table, source_file, rows_read, rows_duplicate FROM loads WHERE load_id = ?",
                [outcome.load_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .unwrap();
        assert_eq!(
            (kind.as_str(), table.as_str(), read, duplicates),
            ("telemetry", "telemetry_events", 1, 0)
        );
        assert_eq!(file, absolute(path));
        let command: String = ws
            .conn
            .query_row("SELECT command FROM audit_log", [], |r| r.get(0))
            .unwrap();
        assert_eq!(command, "load telemetry");
    }

    #[test]
    fn a_session_dropped_unfinished_leaves_nothing() {
        let ws = workspace();
        let first = begin(&ws, Some("aa")).unwrap();
        insert_event(&first, "T1");
        drop(first);
        assert_eq!(footprint(&ws), [0, 0, 0, 0]);
        // not refused: the dropped load is not on record
        let second = begin(&ws, Some("aa"));
        assert!(second.is_ok());
    }

    #[test]
    fn counts_that_do_not_reconcile_fail_the_load_whole() {
        let ws = workspace();
        let session = begin(&ws, Some("aa")).unwrap();
        insert_event(&session, "T1");
        let err = session.finish(summary(2, 1)).unwrap_err().to_string();
        assert!(err.contains("do not reconcile"), "{err}");
        assert_eq!(footprint(&ws), [0, 0, 0, 0]);
    }

    #[test]
    fn a_reload_is_refused_before_anything_is_written_unless_forced() {
        let ws = workspace();
        let path = Path::new("events.csv");
        let session = begin(&ws, Some("aa")).unwrap();
        insert_event(&session, "T1");
        session.finish(summary(1, 1)).unwrap();
        let refused = begin(&ws, Some("aa")).err();
        assert!(
            matches!(refused, Some(Error::AlreadyLoaded { load_id: 1, .. })),
            "{refused:?}"
        );
        // the same bytes as another kind are another load
        assert!(LoadSession::begin(&ws, LoadKind::Ledger, path, identity("aa"), options()).is_ok());
        // a file hashed beside its read is refused when its hash arrives
        let mut late = begin(&ws, None).unwrap();
        let late_refusal = late.identify(identity("aa").unwrap()).err();
        assert!(
            matches!(late_refusal, Some(Error::AlreadyLoaded { .. })),
            "{late_refusal:?}"
        );
        drop(late);
        let forced = SessionOptions {
            force: true,
            ..options()
        };
        let again = LoadSession::begin(&ws, LoadKind::Telemetry, path, identity("aa"), forced);
        assert!(again.is_ok());
        drop(again);
        assert_eq!(footprint(&ws), [1, 1, 0, 1]);
    }

    #[test]
    fn rows_committed_early_are_withdrawn_when_the_load_fails() {
        let ws = workspace();
        let mut session = begin(&ws, None).unwrap();
        insert_event(&session, "T1");
        session.commit_rows().unwrap();
        assert_eq!(footprint(&ws)[0], 1);
        // finishing without the file's hash is a failure like any other
        let err = session.finish(summary(1, 1)).unwrap_err().to_string();
        assert!(err.contains("before its file was hashed"), "{err}");
        assert_eq!(footprint(&ws), [0, 0, 0, 0]);
    }

    #[test]
    fn the_duplicates_found_are_recorded_in_the_loads_row() {
        let ws = workspace();
        let first = begin(&ws, Some("aa")).unwrap();
        insert_event(&first, "T1");
        first.finish(summary(1, 1)).unwrap();
        let mut second = begin(&ws, Some("bb")).unwrap();
        insert_event(&second, "T1");
        let found = second
            .resolve_duplicates(
                &duplicates::TELEMETRY_EVENTS,
                duplicates::Position::Line { offset: 0 },
                OnDuplicate::Skip,
            )
            .unwrap();
        // T1 has no time, so its key is incomplete: loaded without a check
        assert_eq!((found.rows, found.unchecked), (0, 1));
        let outcome = second.finish(summary(1, 1)).unwrap();
        let (policy, unchecked): (String, i64) = ws
            .conn
            .query_row(
                "SELECT on_duplicate, CAST(duplicates->>'unchecked' AS BIGINT) FROM loads WHERE load_id = ?",
                [outcome.load_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!((policy.as_str(), unchecked), ("skip", 1));
    }

    /// The use `provenance scan` makes of a session: one design file is one load of its own,
    /// refused when its bytes were scanned before, recorded and audited as the scan did it.
    #[test]
    fn a_design_file_is_a_load_as_provenance_scan_records_it() {
        let ws = workspace();
        let path = Path::new("bracket.stl");
        let scan = || LoadSession::begin(&ws, LoadKind::Design, path, identity("cc"), options());
        let session = scan().unwrap();
        session
            .conn()
            .execute(
                "INSERT INTO design_files (file_id, path, format, sha256, bytes, triangles, source_file, source_row, load_id)
                 VALUES ('cc#0', ?, 'stl', 'cc', 10, 12, ?, 1, ?)",
                duckdb::params![session.file(), session.file(), session.load_id()],
            )
            .unwrap();
        let outcome = session
            .finish(LoadSummary {
                format: "stl".into(),
                encoding: None,
                dialect: None,
                profile: None,
                options: None,
                read: 1,
                loaded: 1,
                rejected: 0,
                accounting: Accounting::Rows { set_aside: 0 },
                warnings: &[],
                audit: serde_json::json!({ "meshes": 1 }),
            })
            .unwrap();
        let recorded: String = ws
            .conn
            .query_row(
                "SELECT kind || ' ' || target_table || ' ' || rows_loaded || ' ' || rows_duplicate || ' '
                        || coalesce(on_duplicate, 'no policy') || ' ' || (SELECT command FROM audit_log)
                 FROM loads WHERE load_id = ?",
                [outcome.load_id],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            recorded,
            "design design_files 1 0 no policy provenance scan"
        );
        assert!(matches!(scan().err(), Some(Error::AlreadyLoaded { .. })));
    }
}
