//! The analyst's own trail: every command that reads or changes the workspace appends one row
//! to `audit_log` saying who, when and what (SQL text, parameters, input hashes).
//!
//! Rows form a hash chain: `hash = sha256(seq, at, actor, command, detail, prev_hash)`, and each
//! row's `prev_hash` is the previous row's `hash`. Editing a row breaks its own hash; deleting
//! one breaks the sequence and the next row's link. (Truncating the newest rows leaves a
//! shorter, still valid chain; `audit verify` prints the head hash so that it can be noted
//! elsewhere and compared.)
//!
//! Read-only commands cannot write through their read-only connection. They append with a
//! short read-write open after their work is done; if another process holds the write lock at
//! that moment, the record is queued in `<workspace>.audit-pending.ndjson` and moved into the
//! chain by the next command that opens the workspace for writing. A workspace that cannot be
//! written at all (read-only media) can still be read; the read is then not recorded, and the
//! command says so on stderr. An operation that both a
//! read-only command and the (read-write) TUI start hands back its [`Record`], so that what is
//! recorded is the operation's and only when it is appended is the front end's.

use super::Workspace;
use crate::error::{Error, Result};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The chain's anchor: `prev_hash` of the first row.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Who runs clearway: the login name and the host, as the operating system reports them.
pub fn actor() -> String {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_else(|_| "unknown".into());
    let host = std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "localhost".into());
    format!("{user}@{host}")
}

/// The hash of one row.
pub fn row_hash(
    seq: i64,
    at_micros: i64,
    actor: &str,
    command: &str,
    detail: &str,
    prev_hash: &str,
) -> String {
    let mut h = Sha256::new();
    for part in [
        seq.to_string().as_str(),
        at_micros.to_string().as_str(),
        actor,
        command,
        detail,
        prev_hash,
    ] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    hex::encode(h.finalize())
}

/// A record waiting to join the chain.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Pending {
    at_micros: i64,
    actor: String,
    command: String,
    detail: serde_json::Value,
}

fn now_micros() -> i64 {
    chrono::Utc::now().timestamp_micros()
}

/// Appends one record; the workspace must be writable. Runs inside the caller's transaction
/// when there is one, so a rolled-back load leaves no audit row either.
pub fn append(ws: &Workspace, command: &str, detail: serde_json::Value) -> Result<()> {
    append_at(ws, now_micros(), &actor(), command, &detail)
}

fn append_at(
    ws: &Workspace,
    at_micros: i64,
    actor: &str,
    command: &str,
    detail: &serde_json::Value,
) -> Result<()> {
    let (seq, prev): (i64, String) = ws.conn.query_row(
        "SELECT coalesce(max(seq), 0) + 1, coalesce(arg_max(hash, seq), ?) FROM audit_log",
        [GENESIS],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let detail = detail.to_string();
    let hash = row_hash(seq, at_micros, actor, command, &detail, &prev);
    ws.conn.execute(
        "INSERT INTO audit_log VALUES (?, make_timestamp(?), ?, ?, ?, ?, ?)",
        duckdb::params![seq, at_micros, actor, command, detail, prev, hash],
    )?;
    Ok(())
}

fn pending_path(workspace: &Path) -> PathBuf {
    let mut name = workspace.as_os_str().to_owned();
    name.push(".audit-pending.ndjson");
    PathBuf::from(name)
}

/// Records a read-only command after it has finished (see module docs), opening the workspace
/// for writing with the command's engine settings.
pub fn record_read(
    workspace: &Path,
    engine: &super::EngineConfig,
    command: &str,
    detail: serde_json::Value,
) -> Result<()> {
    let at = now_micros();
    let actor = actor();
    match Workspace::open_rw(workspace, engine) {
        Ok(ws) => append_at(&ws, at, &actor, command, &detail),
        Err(Error::WorkspaceLocked { .. }) => {
            let line = serde_json::to_string(&Pending {
                at_micros: at,
                actor,
                command: command.into(),
                detail,
            })
            .expect("a JSON value serialises");
            let path = pending_path(workspace);
            let mut f = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&path)
                .map_err(|source| Error::Write {
                    path: path.clone(),
                    cause: source,
                })?;
            writeln!(f, "{line}").map_err(|source| Error::Write {
                path,
                cause: source,
            })
        }
        // a workspace on read-only media can be read but not recorded in: say so, and let
        // the read stand (it changed nothing)
        Err(e @ Error::ReadOnlyWorkspace { .. }) => {
            eprintln!("note: this read is not in the audit trail: {e}");
            Ok(())
        }
        Err(e) => Err(e),
    }
}

/// A record an operation hands back for its front end to append: through the front end's own
/// read-write connection ([`Record::append`], the TUI), or after a read-only one is closed
/// ([`Record::append_after_read`], the read-only commands). The operation decides what is
/// recorded; the front end only decides when, so both record it alike.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub command: &'static str,
    pub detail: serde_json::Value,
}

impl Record {
    /// Appends the record through `ws`, which must be writable.
    pub fn append(self, ws: &Workspace) -> Result<()> {
        append(ws, self.command, self.detail)
    }

    /// Appends the record to the workspace at `workspace` once its read-only connection is
    /// closed (see [`record_read`]).
    pub fn append_after_read(self, workspace: &Path, engine: &super::EngineConfig) -> Result<()> {
        record_read(workspace, engine, self.command, self.detail)
    }
}

/// What a query read, as `clearway query` and the TUI's editor both record it: the SQL, its
/// parameters, the rows it gave, and the output format and file where there was one (the TUI
/// shows its result in the grid: no format, no file).
pub fn query_record(
    sql: &str,
    params: &[crate::sql::Param],
    format: Option<crate::output::OutputFormat>,
    rows: usize,
    out: Option<&Path>,
) -> Record {
    Record {
        command: "query",
        detail: serde_json::json!({ "sql": sql, "params": params, "format": format, "rows": rows,
                                    "out": out.map(|p| p.display().to_string()) }),
    }
}

/// Moves queued records into the chain, in the order they were queued.
pub fn drain_pending(ws: &Workspace) -> Result<()> {
    let path = pending_path(&ws.path);
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(());
    };
    ws.in_transaction(|| {
        for (i, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let p: Pending = serde_json::from_str(line).map_err(|e| {
                Error::bad_input(
                    &path,
                    format!("line {}: {e}", i + 1),
                    "the pending audit queue was edited by hand; restore it or move it aside",
                )
            })?;
            append_at(ws, p.at_micros, &p.actor, &p.command, &p.detail)?;
        }
        Ok(())
    })?;
    std::fs::remove_file(&path).map_err(|source| Error::Write {
        path,
        cause: source,
    })?;
    Ok(())
}

/// One problem found by [`verify`].
#[derive(Debug, Clone, serde::Serialize)]
pub struct Problem {
    pub seq: i64,
    pub problem: String,
}

/// Result of walking the chain.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Verification {
    pub rows: i64,
    pub head_seq: i64,
    pub head_hash: String,
    pub problems: Vec<Problem>,
}

/// Walks the chain in `seq` order and reports every broken link or altered row.
pub fn verify(ws: &Workspace) -> Result<Verification> {
    let mut stmt = ws.conn.prepare(
        "SELECT seq, epoch_us(recorded_at), actor, command, CAST(detail AS VARCHAR), prev_hash, hash FROM audit_log ORDER BY seq",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<String>>(4)?.unwrap_or_default(),
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
        ))
    })?;
    let mut problems = Vec::new();
    let mut expected_seq = 1;
    let mut prev = GENESIS.to_string();
    let mut count = 0;
    for row in rows {
        let (seq, at, actor, command, detail, prev_hash, hash) = row?;
        count += 1;
        if seq != expected_seq {
            problems.push(Problem {
                seq,
                problem: format!(
                    "sequence jumps from {} to {seq}: row(s) deleted",
                    expected_seq - 1
                ),
            });
        }
        if prev_hash != prev {
            problems.push(Problem { seq, problem: "prev_hash does not match the previous row's hash: a row before it was deleted or altered".into() });
        }
        if row_hash(seq, at, &actor, &command, &detail, &prev_hash) != hash {
            problems.push(Problem {
                seq,
                problem: "row content does not match its hash: the row was edited".into(),
            });
        }
        expected_seq = seq + 1;
        prev = hash;
    }
    Ok(Verification {
        rows: count,
        head_seq: expected_seq - 1,
        head_hash: prev,
        problems,
    })
}
