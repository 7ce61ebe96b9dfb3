//! The workspace: one ordinary DuckDB database file (plus an optional `clearway.toml` beside it)
//! that the analyst can also open in the DuckDB CLI, Python or DBeaver.
//!
//! clearway owns its schema ([`schema`]) and its tamper-evident trail ([`audit`]). Two ways to
//! open it exist on purpose: commands that only read open the file read-only, so that a stray
//! `DELETE` in an ad-hoc query cannot touch the data; commands that change it open it
//! read-write, which DuckDB grants to one process at a time. A second writer is told who holds
//! the lock instead of seeing DuckDB's raw IO error.
//!
//! Every change that must land whole (a load, a risk run, a migration, the drained audit
//! queue) runs in a transaction from [`Workspace::transaction`] or
//! [`Workspace::in_transaction`], which roll back on an error or an early return; no module
//! writes its own `BEGIN`/`COMMIT`/`ROLLBACK`.

pub mod audit;
pub mod schema;

use crate::error::{Error, Result};
use duckdb::{AccessMode, Config, Connection};
use std::path::{Path, PathBuf};

/// The default workspace file, relative to the current directory.
pub const DEFAULT_PATH: &str = "clearway.duckdb";

/// An open workspace.
pub struct Workspace {
    pub path: PathBuf,
    pub conn: Connection,
    pub read_only: bool,
}

impl Workspace {
    /// Starts a transaction on the workspace: [`commit`](duckdb::Transaction::commit) makes
    /// its work permanent, and dropping it uncommitted (an early `?`, a panic) rolls it back.
    /// This is the one place clearway opens a transaction; nothing else writes `BEGIN`,
    /// `COMMIT` or `ROLLBACK`.
    ///
    /// (duckdb-rs sends a `ROLLBACK` after a successful `COMMIT` too, as its autocommit check
    /// is disabled; DuckDB answers it with an error that the drop ignores, and nothing
    /// changes.)
    pub fn transaction(&self) -> Result<duckdb::Transaction<'_>> {
        Ok(self.conn.unchecked_transaction()?)
    }

    /// Runs `work` in one transaction: committed when it succeeds, rolled back when it fails,
    /// so a failed load or check leaves nothing half-written.
    pub fn in_transaction<T>(&self, work: impl FnOnce() -> Result<T>) -> Result<T> {
        let transaction = self.transaction()?;
        let value = work()?;
        transaction.commit()?;
        Ok(value)
    }

    /// Opens (creating when absent) a workspace for writing and brings its schema up to date.
    pub fn open_rw(path: &Path) -> Result<Self> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| Error::Write {
                path: parent.to_path_buf(),
                cause: source,
            })?;
        }
        let conn =
            Connection::open_with_flags(path, engine_config()?).map_err(|e| open_error(path, e))?;
        let ws = Workspace {
            path: path.to_path_buf(),
            conn,
            read_only: false,
        };
        schema::migrate(&ws)?;
        remove_unrecorded_rows(&ws)?;
        audit::drain_pending(&ws)?;
        Ok(ws)
    }

    /// A throw-away workspace in memory with the current schema, for checks that need the
    /// tables but no data (`risk lint`).
    pub fn in_memory() -> Result<Self> {
        let conn = Connection::open_in_memory_with_flags(engine_config()?)?;
        let ws = Workspace {
            path: PathBuf::from(":memory:"),
            conn,
            read_only: false,
        };
        schema::migrate(&ws)?;
        Ok(ws)
    }

    /// Opens an existing workspace read-only. A missing file is an error here rather than an
    /// empty database: a typo in `--workspace` should not silently query nothing.
    pub fn open_ro(path: &Path) -> Result<Self> {
        if !path.exists() {
            return Err(Error::NoWorkspace {
                path: path.to_path_buf(),
            });
        }
        let config = engine_config()?.access_mode(AccessMode::ReadOnly)?;
        let conn = Connection::open_with_flags(path, config).map_err(|e| open_error(path, e))?;
        let ws = Workspace {
            path: path.to_path_buf(),
            conn,
            read_only: true,
        };
        schema::check_readable(&ws)?;
        Ok(ws)
    }
}

/// A declarations load commits its rows before it numbers them and records itself (see
/// `ingest::declarations` and `ingest::session::LoadSession::commit_rows`); a process killed
/// in between leaves rows whose load id is not in `loads`. They are removed here, before
/// anything else writes.
fn remove_unrecorded_rows(ws: &Workspace) -> Result<()> {
    ws.conn.execute(
        "DELETE FROM declarations WHERE abs(load_id) NOT IN (SELECT load_id FROM loads)",
        [],
    )?;
    Ok(())
}

/// The `clearway.toml` beside the workspace, parsed, when there is one: risk parameters,
/// TUI keys and theme.
pub fn config(workspace: &Path) -> Result<Option<(PathBuf, toml::Table)>> {
    let path = workspace.with_file_name("clearway.toml");
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(None);
    };
    let value: toml::Table = toml::from_str(&text).map_err(|e| {
        Error::bad_input(
            &path,
            format!("invalid TOML: {}", e.message()),
            "fix the file or move it aside",
        )
    })?;
    Ok(Some((path, value)))
}

/// DuckDB's memory ceiling when the user sets none (`--memory-limit`).
///
/// DuckDB's own default is 80 % of physical memory, which lets one risk run over ten million
/// declarations take 11 GB on a 24 GB machine. An analyst's laptop also runs a browser, a GIS
/// and a spreadsheet, so clearway asks for less and lets DuckDB spill the rest to a temporary
/// directory beside the workspace; the risk benchmark (docs/benchmarks.md) shows what that
/// costs in time.
pub const DEFAULT_MEMORY_LIMIT: &str = "3GB";

static MEMORY_LIMIT: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Sets the memory ceiling of every DuckDB database this process opens from now on (DuckDB
/// syntax: `3GB`, `500MB`, `75%`). The first call wins: it is a process-wide engine setting,
/// decided once from the command line.
pub fn set_memory_limit(limit: &str) {
    let _ = MEMORY_LIMIT.set(limit.to_string());
}

/// The memory ceiling set for this process's DuckDB databases (DuckDB syntax).
pub fn memory_limit() -> &'static str {
    MEMORY_LIMIT
        .get()
        .map(String::as_str)
        .unwrap_or(DEFAULT_MEMORY_LIMIT)
}

/// The engine settings of every connection clearway opens.
///
/// DuckDB's bundled build would fetch extensions it lacks (ICU, httpfs, ...) from the network
/// the first time a query needs one. clearway never downloads at run time: such a query fails
/// with DuckDB's message instead.
pub fn engine_config() -> Result<Config> {
    let limit = memory_limit();
    Config::default()
        .with("autoinstall_known_extensions", "false")?
        .with("autoload_known_extensions", "false")?
        .with("memory_limit", limit)
        .map_err(|_| {
            Error::usage(
                format!("--memory-limit {limit:?} is not a memory size"),
                "give a size DuckDB understands, such as 3GB, 500MB or 50%",
            )
        })
}

/// Turns DuckDB's open failures into something an analyst can act on.
fn open_error(path: &Path, e: duckdb::Error) -> Error {
    let msg = e.to_string();
    if msg.contains("Could not set lock") || msg.contains("Conflicting lock") {
        let holder = msg
            .find("Conflicting lock")
            .map(|i| msg[i..].lines().next().unwrap_or("").trim().to_string())
            .unwrap_or_else(|| "another process holds the file lock".to_string());
        return Error::WorkspaceLocked {
            path: path.to_path_buf(),
            holder,
        };
    }
    if msg.contains("not a valid DuckDB database")
        || msg.contains("Serialization Error")
        || msg.contains("database file")
    {
        return Error::bad_input(
            path,
            format!("not a DuckDB workspace: {}", first_line(&msg)),
            "point --workspace at a clearway workspace (a .duckdb file) or at a path that does not exist yet",
        );
    }
    Error::DuckDb(e)
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s)
}
