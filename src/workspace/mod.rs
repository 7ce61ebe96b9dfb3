//! The workspace: one ordinary DuckDB database file (plus an optional `clearway.toml` beside it)
//! that the analyst can also open in the DuckDB CLI, Python or DBeaver.
//!
//! clearway owns its schema ([`schema`]) and its tamper-evident trail ([`audit`]). Two ways to
//! open it exist on purpose: commands that only read open the file read-only, so that a stray
//! `DELETE` in an ad-hoc query cannot touch the data; commands that change it open it
//! read-write, which DuckDB grants to one process at a time. A second writer is told who holds
//! the lock instead of seeing DuckDB's raw IO error.
//!
//! Every open takes the engine settings ([`EngineConfig`]: memory limit, threads, spill folder)
//! as a value from its front end, so the settings belong to a workspace, not to the process.
//!
//! Every change that must land whole (a load, a risk run, a migration, the drained audit
//! queue) runs in a transaction from [`Workspace::transaction`] or
//! [`Workspace::in_transaction`], which roll back on an error or an early return; no module
//! writes its own `BEGIN`/`COMMIT`/`ROLLBACK`.

pub mod audit;
pub mod limits;
pub mod schema;

use crate::error::{first_line, Error, Result};
use crate::limits::Limits;
use duckdb::{AccessMode, Config, Connection};
use std::path::{Path, PathBuf};

/// The default workspace file, relative to the current directory.
pub const DEFAULT_PATH: &str = "clearway.duckdb";

/// An open workspace.
pub struct Workspace {
    pub path: PathBuf,
    pub conn: Connection,
    pub read_only: bool,
    /// The bounds on the files read into this workspace (defaults unless the front end sets
    /// them with [`Workspace::with_limits`]).
    pub limits: Limits,
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
    /// This workspace with these bounds on the input its loads read.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    pub fn transaction(&self) -> Result<duckdb::Transaction<'_>> {
        Ok(self.conn.unchecked_transaction()?)
    }

    /// Runs `work` in one transaction: committed when it succeeds, rolled back when it fails,
    /// so a failed load or check leaves nothing half-written.
    pub fn in_transaction<T>(&self, work: impl FnOnce() -> Result<T>) -> Result<T> {
        let transaction = self.transaction()?;
        let value = work()?;
        self.commit(transaction)?;
        Ok(value)
    }

    /// Commits `transaction`: the one place a transaction of the workspace becomes permanent,
    /// unless SIGINT/SIGTERM arrived meanwhile ([`crate::interrupt`]), with the failpoints
    /// before and after it ([`crate::failpoint::BEFORE_COMMIT`],
    /// [`crate::failpoint::AFTER_COMMIT`]) that the crash tests stop every writing command at.
    pub fn commit(&self, transaction: duckdb::Transaction<'_>) -> Result<()> {
        self.commit_noting(transaction, || {})
    }

    /// [`Workspace::commit`], calling `committed` as soon as the commit succeeded (before the
    /// failpoint after it), for a caller whose clean-up must know the work is permanent.
    pub fn commit_noting(
        &self,
        transaction: duckdb::Transaction<'_>,
        committed: impl FnOnce(),
    ) -> Result<()> {
        crate::failpoint::hit(crate::failpoint::BEFORE_COMMIT)?;
        // a SIGINT/SIGTERM that arrived during the work keeps it from becoming permanent
        crate::interrupt::check()?;
        transaction.commit()?;
        committed();
        crate::failpoint::hit(crate::failpoint::AFTER_COMMIT)
    }

    /// Opens (creating when absent) a workspace for writing and brings its schema up to date.
    pub fn open_rw(path: &Path, engine: &EngineConfig) -> Result<Self> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| Error::Write {
                path: parent.to_path_buf(),
                cause: source,
            })?;
        }
        let conn = Connection::open_with_flags(path, engine.duckdb_config()?)
            .map_err(|e| open_error(path, e))?;
        crate::sql::time_zones::register(&conn)?;
        let ws = Workspace {
            path: path.to_path_buf(),
            conn,
            read_only: false,
            limits: Limits::default(),
        };
        schema::migrate(&ws)?;
        remove_unrecorded_rows(&ws)?;
        // A queue this writer cannot drain (another user's file it may not read, a folder it
        // may not write) must not stop every write: its records stay queued for a writer who
        // can, and this one says so (review finding; issue 19 item 3 asked for no such wall).
        if let Err(e) = audit::drain_pending(&ws) {
            eprintln!(
                "warning: the queued audit records of {} were not moved into the trail ({}); they stay queued",
                ws.path.display(),
                first_line(&e.to_string())
            );
        }
        Ok(ws)
    }

    /// A throw-away workspace in memory with the current schema, for checks that need the
    /// tables but no data (`risk lint`, tests); holding no data, it runs with the default
    /// engine settings.
    pub fn in_memory() -> Result<Self> {
        let conn = EngineConfig::default().connect_in_memory()?;
        let ws = Workspace {
            path: PathBuf::from(":memory:"),
            conn,
            read_only: false,
            limits: Limits::default(),
        };
        schema::migrate(&ws)?;
        Ok(ws)
    }

    /// Opens an existing workspace read-only. A missing file is an error here rather than an
    /// empty database: a typo in `--workspace` should not silently query nothing.
    pub fn open_ro(path: &Path, engine: &EngineConfig) -> Result<Self> {
        if !path.exists() {
            return Err(Error::NoWorkspace {
                path: path.to_path_buf(),
            });
        }
        let config = engine.duckdb_config()?.access_mode(AccessMode::ReadOnly)?;
        let conn = Connection::open_with_flags(path, config).map_err(|e| open_error(path, e))?;
        crate::sql::time_zones::register(&conn)?;
        let ws = Workspace {
            path: path.to_path_buf(),
            conn,
            read_only: true,
            limits: Limits::default(),
        };
        schema::check_readable(&ws)?;
        hide_unrecorded_rows(&ws)?;
        Ok(ws)
    }
}

/// The end of a command that opened the workspace for writing (or of the TUI's session): its
/// transactions are settled, so the audit chain's head is checkpointed outside the workspace
/// (`audit::checkpoint`). Read-only and in-memory workspaces write none.
impl Drop for Workspace {
    fn drop(&mut self) {
        audit::checkpoint_or_warn(self);
    }
}

/// Tables into which a load commits its rows before it records itself in `loads`
/// (`ingest::session::LoadSession::commit_rows`), so that a process killed in between leaves
/// rows no committed load owns.
pub const EARLY_COMMITTED_TABLES: &[&str] = &["declarations"];

/// The rows of `table` that a reader may see: those of a load recorded in `loads`, or of no
/// load at all (rows written from outside clearway keep a NULL `load_id`). The condition is
/// the negation of what [`remove_unrecorded_rows`] deletes.
fn recorded_rows_condition(loads: &str) -> String {
    format!("(abs(load_id) NOT IN (SELECT load_id FROM {loads})) IS NOT TRUE")
}

/// A reader must never see rows of a load that did not commit (docs/reliability.md, "Crashes,
/// signals and full disks"). A read-only connection cannot delete them, so when a table holds
/// any, a temporary view of the same name — searched before the file's own tables — shows the
/// reader only the recorded rows. The view exists only after a crash, until the next writer
/// removes the rows for good.
///
/// The exact check is an anti-join over the table's `load_id` column (35 ms per million rows
/// measured), so it runs only when it can find something: rows without a `loads` row carry a
/// load id that was committed (with the rows) but never recorded, so the load-id sequence has
/// gone past the highest recorded load. When it has not, no such row can exist and the open
/// costs two lookups. (A failed load also advances the sequence; the reads after it then pay
/// for the exact check until the next load is recorded.)
fn hide_unrecorded_rows(ws: &Workspace) -> Result<()> {
    let database: String = ws
        .conn
        .query_row("SELECT current_database()", [], |r| r.get(0))?;
    let loads = format!("{}.main.loads", crate::sql::ident(&database));
    if !load_ids_issued_beyond_recorded(ws, &database, &loads)? {
        return Ok(());
    }
    for table in EARLY_COMMITTED_TABLES {
        let stored = format!(
            "{}.main.{}",
            crate::sql::ident(&database),
            crate::sql::ident(table)
        );
        let unrecorded: bool = ws.conn.query_row(
            &format!(
                "SELECT EXISTS (SELECT 1 FROM {stored} WHERE NOT ({}))",
                recorded_rows_condition(&loads)
            ),
            [],
            |r| r.get(0),
        )?;
        if unrecorded {
            ws.conn.execute_batch(&format!(
                "CREATE TEMP VIEW {} AS SELECT * FROM {stored} WHERE {}",
                crate::sql::ident(table),
                recorded_rows_condition(&loads)
            ))?;
        }
    }
    Ok(())
}

/// A declarations load commits its rows before it numbers them and records itself (see
/// `ingest::declarations` and `ingest::session::LoadSession::commit_rows`); a process killed
/// in between leaves rows whose load id is not in `loads`. They are removed here, before
/// anything else writes (readers meanwhile do not see them: [`hide_unrecorded_rows`]).
fn remove_unrecorded_rows(ws: &Workspace) -> Result<()> {
    for table in EARLY_COMMITTED_TABLES {
        ws.conn.execute(
            &format!(
                "DELETE FROM {} WHERE NOT ({})",
                crate::sql::ident(table),
                recorded_rows_condition("loads")
            ),
            [],
        )?;
    }
    Ok(())
}

/// True when the load-id sequence has handed out an id above every recorded load's (or its
/// state is unknown).
fn load_ids_issued_beyond_recorded(ws: &Workspace, database: &str, loads: &str) -> Result<bool> {
    let (issued, recorded): (Option<i64>, Option<i64>) = ws.conn.query_row(
        &format!(
            "SELECT (SELECT last_value FROM duckdb_sequences()
                     WHERE database_name = ? AND schema_name = 'main' AND sequence_name = 'load_id_seq'),
                    (SELECT max(load_id) FROM {loads})"
        ),
        [database],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(match (issued, recorded) {
        (None, None) => false, // no load id was ever handed out
        (Some(issued), Some(recorded)) => issued > recorded,
        _ => true,
    })
}

/// The settings files that apply to `workspace`, in order (the user's, then the
/// `clearway.toml` beside it), each checked against the schema ([`crate::settings`]).
pub fn config(workspace: &Path) -> Result<Vec<(PathBuf, toml::Table)>> {
    crate::settings::layers(workspace)
}

/// DuckDB's memory ceiling when the user sets none (`--memory-limit`).
///
/// DuckDB's own default is 80 % of physical memory, which lets one risk run over ten million
/// declarations take 11 GB on a 24 GB machine. An analyst's laptop also runs a browser, a GIS
/// and a spreadsheet, so clearway asks for less and lets DuckDB spill the rest to a temporary
/// directory beside the workspace; the risk benchmark (docs/benchmarks.md) shows what that
/// costs in time.
pub const DEFAULT_MEMORY_LIMIT: &str = "3GB";

/// DuckDB's engine settings for one workspace: how much memory it may use before it spills,
/// how many threads it runs and where it spills.
///
/// A value passed to [`Workspace::open_rw`] and its siblings rather than a process-wide
/// setting: two workspaces opened in one process (the TUI's, a test's, a benchmark's) each get
/// their own, and nothing depends on which caller came first. The front end chooses its
/// defaults (the CLI [`EngineConfig::default`], the TUI a smaller limit) and
/// [`EngineConfig::resolve`] lets `clearway.toml` and `--memory-limit` override them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EngineConfig {
    /// DuckDB syntax: `3GB`, `500MB`, `75%`.
    pub memory_limit: String,
    /// Worker threads; None keeps DuckDB's default (one per core).
    pub threads: Option<u32>,
    /// Where DuckDB spills; None keeps DuckDB's default (`<workspace>.tmp` beside the file).
    pub temp_dir: Option<PathBuf>,
}

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig {
            memory_limit: DEFAULT_MEMORY_LIMIT.to_string(),
            threads: None,
            temp_dir: None,
        }
    }
}

impl EngineConfig {
    /// `defaults` overridden by the `[engine]` tables of the settings files (the user's, then
    /// the `clearway.toml` beside `workspace`)
    /// (`memory_limit`, `threads`, `temp_dir`; a relative `temp_dir` is taken from the file's
    /// folder), and the memory limit by `--memory-limit` (or `CLEARWAY_MEMORY_LIMIT`) over
    /// both. Every value is checked here, so a bad one is named with where it came from.
    pub fn resolve(
        defaults: EngineConfig,
        memory_limit_flag: Option<&str>,
        workspace: &Path,
    ) -> Result<Self> {
        let mut engine = defaults;
        for (path, file) in config(workspace)? {
            engine = engine.with_file_settings(&file, &path)?;
        }
        if let Some(limit) = memory_limit_flag {
            check_memory_limit(limit, &format!("--memory-limit {limit:?}"))?;
            engine.memory_limit = limit.to_string();
        }
        Ok(engine)
    }

    /// Applies the `[engine]` table of `file` (the `clearway.toml` at `path`).
    fn with_file_settings(mut self, file: &toml::Table, path: &Path) -> Result<Self> {
        let Some(settings) = file.get("engine") else {
            return Ok(self);
        };
        let bad = |key: &str, value: &toml::Value, help: &str| {
            Error::bad_input(
                path,
                format!("[engine] {key} = {value} is not valid"),
                help.to_string(),
            )
        };
        let Some(settings) = settings.as_table() else {
            return Err(bad(
                "engine",
                settings,
                "[engine] is a table: memory_limit, threads, temp_dir",
            ));
        };
        for (key, value) in settings {
            match (key.as_str(), value) {
                ("memory_limit", toml::Value::String(limit)) => {
                    check_memory_limit(
                        limit,
                        &format!("{}: [engine] memory_limit {limit:?}", path.display()),
                    )?;
                    self.memory_limit = limit.clone();
                }
                ("threads", toml::Value::Integer(n)) if (1..=1024).contains(n) => {
                    self.threads = Some(*n as u32);
                }
                ("temp_dir", toml::Value::String(dir)) if !dir.is_empty() => {
                    let folder = path.parent().unwrap_or(Path::new(""));
                    self.temp_dir = Some(folder.join(dir));
                }
                ("memory_limit", v) => {
                    return Err(bad(key, v, "write it as a string DuckDB understands, e.g. memory_limit = \"3GB\" or \"50%\""))
                }
                ("threads", v) => return Err(bad(key, v, "write a whole number of threads from 1, e.g. threads = 4")),
                ("temp_dir", v) => return Err(bad(key, v, "write the folder DuckDB spills to as a string, e.g. temp_dir = \"/scratch/clearway\"")),
                (other, v) => {
                    return Err(bad(other, v, "[engine] knows memory_limit, threads and temp_dir"))
                }
            }
        }
        Ok(self)
    }

    /// A bare in-memory DuckDB connection with these settings and no schema, for reading files
    /// that belong to no workspace (an export being verified).
    pub fn connect_in_memory(&self) -> Result<Connection> {
        let conn = Connection::open_in_memory_with_flags(self.duckdb_config()?)?;
        crate::sql::time_zones::register(&conn)?;
        Ok(conn)
    }

    /// The DuckDB configuration of a connection opened with these settings.
    ///
    /// DuckDB's bundled build would fetch extensions it lacks (ICU, httpfs, ...) from the
    /// network the first time a query needs one. clearway never downloads at run time: such a
    /// query fails with DuckDB's message instead.
    fn duckdb_config(&self) -> Result<Config> {
        let mut config = Config::default()
            .with("autoinstall_known_extensions", "false")?
            .with("autoload_known_extensions", "false")?;
        config = with_memory_limit(
            config,
            &self.memory_limit,
            &format!("memory limit {:?}", self.memory_limit),
        )?;
        if let Some(threads) = self.threads {
            config = config.with("threads", threads.to_string())?;
        }
        if let Some(dir) = &self.temp_dir {
            config = config.with("temp_directory", dir.display().to_string())?;
        }
        Ok(config)
    }
}

/// Refuses a memory limit DuckDB would not take, naming it as `what` (the flag or the file).
fn check_memory_limit(limit: &str, what: &str) -> Result<()> {
    with_memory_limit(Config::default(), limit, what).map(|_| ())
}

fn with_memory_limit(config: Config, limit: &str, what: &str) -> Result<Config> {
    config.with("memory_limit", limit).map_err(|_| {
        Error::usage(
            format!("{what} is not a memory size"),
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
    for reason in ["Read-only file system", "Permission denied"] {
        if msg.contains(reason) {
            return Error::ReadOnlyWorkspace {
                path: path.to_path_buf(),
                reason: reason.to_lowercase(),
            };
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clearway_toml_that_cannot_be_read_is_an_error_not_an_absent_file() {
        // A site's `[query] files = "workspace"` must not vanish because of one bad byte.
        let dir = tempfile::tempdir().unwrap();
        let workspace = dir.path().join("w.duckdb");
        assert!(config(&workspace).unwrap().is_empty());
        std::fs::write(
            dir.path().join("clearway.toml"),
            b"# caf\xe9\n[query]\nfiles = \"workspace\"\n",
        )
        .unwrap();
        let e = config(&workspace).unwrap_err().to_string();
        assert!(e.contains("cannot be read"), "{e}");
        std::fs::remove_file(dir.path().join("clearway.toml")).unwrap();
        std::fs::create_dir(dir.path().join("clearway.toml")).unwrap();
        assert!(config(&workspace).is_err());
    }

    fn setting(ws: &Workspace, name: &str) -> String {
        ws.conn
            .query_row("SELECT CAST(current_setting(?) AS VARCHAR)", [name], |r| {
                r.get(0)
            })
            .unwrap()
    }

    fn limit(memory_limit: &str) -> EngineConfig {
        EngineConfig {
            memory_limit: memory_limit.into(),
            ..EngineConfig::default()
        }
    }

    /// The cheap test before the readers' exact check: an id handed out and committed but
    /// not recorded in `loads` is seen after a reopen; when every id is recorded, it is not.
    #[test]
    fn a_committed_load_id_without_a_loads_row_is_noticed_after_a_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.duckdb");
        let beyond = |ws: &Workspace| {
            let db: String = ws
                .conn
                .query_row("SELECT current_database()", [], |r| r.get(0))
                .unwrap();
            load_ids_issued_beyond_recorded(ws, &db, "loads").unwrap()
        };
        let engine = EngineConfig::default();
        let ws = Workspace::open_rw(&path, &engine).unwrap();
        assert!(!beyond(&ws), "a new workspace");
        ws.in_transaction(|| {
            let id: i64 = ws
                .conn
                .query_row("SELECT nextval('load_id_seq')", [], |r| r.get(0))?;
            ws.conn.execute(
                "INSERT INTO loads (load_id, kind, target_table, source_file, source_sha256, source_bytes, format, started_at, finished_at, clearway_version)
                 VALUES (?, 'declarations', 'declarations', 'f', 'aa', 1, 'csv', now()::TIMESTAMP, now()::TIMESTAMP, 'v')",
                [id],
            )?;
            Ok(())
        })
        .unwrap();
        drop(ws);
        let ws = Workspace::open_ro(&path, &engine).unwrap();
        assert!(!beyond(&ws), "every id recorded");
        drop(ws);
        let ws = Workspace::open_rw(&path, &engine).unwrap();
        ws.in_transaction(|| {
            ws.conn.execute_batch("SELECT nextval('load_id_seq')")?;
            Ok(())
        })
        .unwrap();
        drop(ws);
        let ws = Workspace::open_ro(&path, &engine).unwrap();
        assert!(beyond(&ws), "id 2 committed, not recorded");
    }

    #[test]
    fn two_workspaces_in_one_process_keep_their_own_memory_limit() {
        let dir = tempfile::tempdir().unwrap();
        let small = Workspace::open_rw(&dir.path().join("a.duckdb"), &limit("100MB")).unwrap();
        let large = Workspace::open_rw(&dir.path().join("b.duckdb"), &limit("1GB")).unwrap();
        assert_eq!(setting(&small, "memory_limit"), "95.3 MiB");
        assert_eq!(setting(&large, "memory_limit"), "953.6 MiB");
        drop(small);
        let read = Workspace::open_ro(&dir.path().join("a.duckdb"), &limit("200MB")).unwrap();
        assert_eq!(setting(&read, "memory_limit"), "190.7 MiB");
    }

    #[test]
    fn threads_and_the_spill_folder_reach_duckdb() {
        let dir = tempfile::tempdir().unwrap();
        let spill = dir.path().join("spill");
        let engine = EngineConfig {
            threads: Some(1),
            temp_dir: Some(spill.clone()),
            ..EngineConfig::default()
        };
        let ws = Workspace::open_rw(&dir.path().join("w.duckdb"), &engine).unwrap();
        assert_eq!(setting(&ws, "threads"), "1");
        assert_eq!(setting(&ws, "temp_directory"), spill.display().to_string());
        assert_eq!(setting(&ws, "memory_limit"), "2.7 GiB", "the 3GB default");
    }

    #[test]
    fn clearway_toml_sets_the_engine_and_the_flag_overrides_its_memory_limit() {
        let dir = tempfile::tempdir().unwrap();
        let workspace = dir.path().join("w.duckdb");
        std::fs::write(
            dir.path().join("clearway.toml"),
            "[engine]\nmemory_limit = \"500MB\"\nthreads = 2\ntemp_dir = \"spill\"\n",
        )
        .unwrap();
        let from_file = EngineConfig::resolve(EngineConfig::default(), None, &workspace).unwrap();
        assert_eq!(
            from_file,
            EngineConfig {
                memory_limit: "500MB".into(),
                threads: Some(2),
                temp_dir: Some(dir.path().join("spill")),
            }
        );
        let flagged = EngineConfig::resolve(limit("400MB"), Some("1GB"), &workspace).unwrap();
        assert_eq!(flagged.memory_limit, "1GB");
        assert_eq!(flagged.threads, Some(2));
        // without a file, the front end's own default stands
        let elsewhere = dir.path().join("sub").join("w.duckdb");
        let tui = EngineConfig::resolve(limit("400MB"), None, &elsewhere).unwrap();
        assert_eq!(tui, limit("400MB"));
    }

    #[test]
    fn bad_engine_settings_name_where_they_came_from() {
        let dir = tempfile::tempdir().unwrap();
        let workspace = dir.path().join("w.duckdb");
        let flag = EngineConfig::resolve(EngineConfig::default(), Some("lots"), &workspace)
            .unwrap_err()
            .to_string();
        assert_eq!(flag, "--memory-limit \"lots\" is not a memory size");
        for (file, named) in [
            (
                "[engine]\nmemory_limit = \"plenty\"\n",
                "[engine] memory_limit \"plenty\"",
            ),
            ("[engine]\nthreads = 0\n", "[engine] threads = 0"),
            // a key no module reads is refused by the schema, with the keys that are valid
            (
                "[engine]\nthreds = 2\n",
                "unknown field `threds`, expected one of",
            ),
        ] {
            std::fs::write(dir.path().join("clearway.toml"), file).unwrap();
            let e = EngineConfig::resolve(EngineConfig::default(), None, &workspace)
                .unwrap_err()
                .to_string();
            assert!(e.contains(named) && e.contains("clearway.toml"), "{e}");
        }
    }
}
