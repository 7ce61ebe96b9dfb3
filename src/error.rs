//! Every failure a user can cause ends here, as a `miette` diagnostic with a help line and,
//! where it makes sense, the file and the place in it.
//!
//! Why one enum: the exit code is a property of the failure (docs/architecture.md §6), so each
//! variant knows its own [`Error::exit_code`]; `main` never has to guess. Messages say *what* and
//! *where*, the `help` says what to do next.
//!
//! This module is the ground floor: every other module returns its errors, so it imports none
//! of them. Variants carry plain data (paths, strings, numbers); a conversion from a type of
//! another module lives beside that type (e.g. the loader's retry signal in `ingest::source`),
//! and what only a caller knows (the memory limit a command gave DuckDB) is added by that
//! caller ([`Error::with_memory_limit`]). Diagnostic codes are written as strings: they are
//! names shown to users (`clearway::sql`), not paths into this crate.

use miette::{Diagnostic, NamedSource, SourceSpan};
use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error, Diagnostic)]
pub enum Error {
    #[error("cannot read {path}: {cause}")]
    #[diagnostic(
        code("clearway::io"),
        help("check that the path exists and that you may read it; a compressed file whose stream is damaged or cut short must be copied or exported again")
    )]
    Read {
        path: PathBuf,
        // Not `source`: the message already says it, and miette would print it twice.
        cause: std::io::Error,
    },

    #[error("cannot write {path}: {cause}")]
    #[diagnostic(
        code("clearway::io"),
        help("check that the folder exists and that you may write to it")
    )]
    Write {
        path: PathBuf,
        // Not `source`: the message already says it, and miette would print it twice.
        cause: std::io::Error,
    },

    #[error("{path}: unknown or unsupported file format ({reason})")]
    #[diagnostic(
        code("clearway::unknown_format"),
        help("clearway reads CSV/TSV (.csv .tsv .txt), Parquet (.parquet), JSON arrays (.json) and NDJSON (.ndjson .jsonl); pass --input-format to override the guess")
    )]
    UnknownFormat { path: PathBuf, reason: String },

    #[error("{path}: the input could not be parsed: {message}")]
    #[diagnostic(code("clearway::bad_input"), help("{help}"))]
    BadInput {
        path: PathBuf,
        message: String,
        help: String,
    },

    /// A file refused before or while reading it: over a bound on input (docs/reliability.md,
    /// "Bounds on input"), or not a regular file.
    #[error("{path}: refused: {message}")]
    #[diagnostic(code("clearway::input_refused"), help("{help}"))]
    InputRefused {
        path: PathBuf,
        message: String,
        help: String,
    },

    #[error("the workspace {path} is locked by another clearway or DuckDB process")]
    #[diagnostic(
        code("clearway::workspace_locked"),
        help("{holder}\nwait for it to finish, or close it (DuckDB allows one writer per database file)")
    )]
    WorkspaceLocked { path: PathBuf, holder: String },

    /// The workspace file or its folder cannot be written (a read-only file system, a file
    /// without write permission): only reading commands can use it.
    #[error("the workspace {path} cannot be written: {reason}")]
    #[diagnostic(
        code("clearway::read_only_workspace"),
        help("writing commands (load, risk run, provenance, model score) need a writable workspace file and folder; copy it somewhere writable, or use a reading command (query, export, report)")
    )]
    ReadOnlyWorkspace { path: PathBuf, reason: String },

    #[error("the workspace {path} does not exist")]
    #[diagnostic(
        code("clearway::no_workspace"),
        help("create it with `clearway init --workspace {}` or load data into it first", path.display())
    )]
    NoWorkspace { path: PathBuf },

    #[error("the workspace {path} was written by a newer clearway (schema version {found}, this build knows {known})")]
    #[diagnostic(
        code("clearway::schema_too_new"),
        help("upgrade clearway; it never downgrades a workspace")
    )]
    SchemaTooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },

    #[error("SQL error: {message}")]
    #[diagnostic(code("clearway::sql"), help("{help}"))]
    Sql {
        message: String,
        help: String,
        #[source_code]
        src: Option<NamedSource<String>>,
        #[label("here")]
        at: Option<SourceSpan>,
    },

    #[error("table or view `{name}` does not exist in this workspace")]
    #[diagnostic(code("clearway::missing_table"), help("{help}"))]
    MissingTable {
        name: String,
        help: String,
        #[source_code]
        src: Option<NamedSource<String>>,
        #[label("unknown table")]
        at: Option<SourceSpan>,
    },

    #[error("invalid mapping file: {message}")]
    #[diagnostic(code("clearway::mapping"), help("{help}"))]
    Mapping {
        message: String,
        help: String,
        #[source_code]
        src: NamedSource<String>,
        #[label("{label}")]
        at: SourceSpan,
        label: String,
    },

    #[error("{message}")]
    #[diagnostic(code("clearway::mapping"), help("{help}"))]
    MappingUnresolved { message: String, help: String },

    /// A settings file with a table or key clearway does not read, or a value of the wrong
    /// type (`crate::settings`).
    #[error("{message}")]
    #[diagnostic(code("clearway::settings"), help("{help}"))]
    Settings {
        message: String,
        help: String,
        #[source_code]
        src: NamedSource<String>,
        #[label("{label}")]
        at: SourceSpan,
        label: String,
    },

    #[error("{path} was already loaded (sha256 {sha256}, load {load_id} at {loaded_at})")]
    #[diagnostic(
        code("clearway::already_loaded"),
        help(
            "loading the same file twice would double its rows; pass --force if you really mean to"
        )
    )]
    AlreadyLoaded {
        path: PathBuf,
        sha256: String,
        load_id: i64,
        loaded_at: String,
    },

    /// A row whose natural key is already in the workspace (or earlier in the same file),
    /// under `--on-duplicate reject`.
    #[error("{path}: {at}: {key} is already loaded: {earlier}")]
    #[diagnostic(
        code("clearway::duplicate"),
        help("nothing was loaded ({rows} row(s) of this file repeat a natural key); pass --on-duplicate skip to load only the new rows, or --on-duplicate replace to overwrite the stored ones (audited)")
    )]
    Duplicate {
        path: PathBuf,
        /// Where in the file: "line 4 (record 3)", "line 12" or "record 3".
        at: String,
        key: String,
        earlier: String,
        earlier_load: i64,
        rows: i64,
    },

    #[error("{message}")]
    #[diagnostic(code("clearway::usage"), help("{help}"))]
    Usage { message: String, help: String },

    #[error("{message}")]
    #[diagnostic(code("clearway::verify_failed"), help("{help}"))]
    VerifyFailed { message: String, help: String },

    /// A plugin or the service behind it failed (docs/architecture.md §6: exit code 3).
    #[error("{message}")]
    #[diagnostic(code("clearway::plugin"), help("{help}"))]
    Plugin { message: String, help: String },

    /// Internal to the loader: the file turned out not to be UTF-8 after reading had started,
    /// so the load is retried through a transcoded copy. It carries the fingerprint already
    /// computed (a Windows-1252 file's sha256, size and first byte that is not UTF-8) so the
    /// file is not hashed twice. Never shown to a user.
    #[error("not UTF-8")]
    NotUtf8 {
        sha256: String,
        bytes: u64,
        first_bad_byte: u64,
    },

    /// Internal to the loader: DuckDB's CSV reader met a record longer than its line bound
    /// after reading had started, so the load is retried through the loader's own CSV repair
    /// (`ingest::csv_repair`), which sets such records aside one by one. Never shown to a user.
    #[error("a CSV record is longer than DuckDB's line bound")]
    CsvNeedsRepair,

    /// `limit` is the memory limit the command gave DuckDB, when the command has said it
    /// ([`Error::with_memory_limit`]); DuckDB's message does not name it as the user wrote it.
    #[error("DuckDB ran out of memory: {message}")]
    #[diagnostic(
        code("clearway::out_of_memory"),
        help("{}; raise it with --memory-limit (or CLEARWAY_MEMORY_LIMIT), e.g. 8GB or 75%, or work on fewer rows. The failed statement changed nothing", memory_limit_in_force(limit.as_deref()))
    )]
    OutOfMemory {
        message: String,
        limit: Option<String>,
    },

    /// The disk (or the folder DuckDB spills to) is full. DuckDB's own message would surface
    /// as an internal error, or, in a reader, as a complaint about the input file.
    #[error("no space left on device while writing {target}")]
    #[diagnostic(code("clearway::disk_full"), help("{help}"))]
    DiskFull {
        /// What DuckDB was writing (the workspace, its WAL or a spill file).
        target: String,
        help: String,
    },

    /// SIGINT or SIGTERM arrived ([`crate::interrupt`]); the work in progress was rolled back.
    /// The exit code is 128 + the signal's number, as shells report a process the signal ended.
    #[error("interrupted by {signal}; {undone}")]
    #[diagnostic(
        code("clearway::interrupted"),
        help("run the command again to do the work (a load skips the files it had finished before the interruption)")
    )]
    Interrupted {
        signal: String,
        signo: i32,
        /// "nothing from FILE was loaded", or what else was not done.
        undone: String,
    },

    /// A failpoint armed by `CLEARWAY_FAILPOINT` fired ([`crate::failpoint`]; tests only).
    #[error("failpoint {point} reached")]
    #[diagnostic(code("clearway::failpoint"), help("unset CLEARWAY_FAILPOINT"))]
    Failpoint { point: String },

    #[error("internal DuckDB error: {0}")]
    #[diagnostic(
        code("clearway::duckdb"),
        help("this is likely a clearway bug; please report it with the command you ran")
    )]
    DuckDb(duckdb::Error),

    #[error("arrow error: {0}")]
    #[diagnostic(code("clearway::arrow"))]
    Arrow(arrow::error::ArrowError),

    #[error("output error: {0}")]
    #[diagnostic(code("clearway::io"))]
    Io(#[from] std::io::Error),
}

// Written out rather than `#[from]`, which would also make the inner error the diagnostic's
// `source` and print DuckDB's message twice.
impl From<duckdb::Error> for Error {
    fn from(e: duckdb::Error) -> Self {
        let message = e.to_string();
        Error::out_of_memory(&message)
            .or_else(|| Error::disk_full_from(&message))
            .unwrap_or(Error::DuckDb(e))
    }
}

impl From<arrow::error::ArrowError> for Error {
    fn from(e: arrow::error::ArrowError) -> Self {
        Error::Arrow(e)
    }
}

/// The first line of a (DuckDB) message, trimmed: where a one-line summary is wanted (a lint
/// problem, a status line, a help text), DuckDB's position excerpt and its shell advice, which
/// follow on later lines, are left out.
pub fn first_line(message: &str) -> &str {
    message.lines().next().unwrap_or_default().trim()
}

/// The first half of the out-of-memory help: the limit in force, as the user wrote it, when
/// the command has told the error.
fn memory_limit_in_force(limit: Option<&str>) -> String {
    match limit {
        Some(limit) => format!("clearway lets DuckDB use {limit}"),
        None => "DuckDB reached the memory limit clearway gave it".to_string(),
    }
}

impl Error {
    /// DuckDB's out-of-memory failure as something the user can act on: its advice (`SET
    /// memory_limit`, `SET threads`) is for DuckDB's own shell, so only its first line is kept.
    pub fn out_of_memory(duckdb_message: &str) -> Option<Error> {
        let (_, rest) = duckdb_message.split_once("Out of Memory Error: ")?;
        Some(Error::OutOfMemory {
            message: first_line(rest).to_string(),
            limit: None,
        })
    }

    /// DuckDB's (or the operating system's) "no space left on device" as the disk-full
    /// diagnostic, naming the file DuckDB was writing when its message says.
    pub fn disk_full_from(message: &str) -> Option<Error> {
        if !message.contains("No space left on device") {
            return None;
        }
        let target = message
            .split_once("file \"")
            .and_then(|(_, rest)| rest.split_once('"'))
            .map_or("the workspace", |(file, _)| file);
        Some(Error::DiskFull {
            target: target.to_string(),
            help: "free space and run again; nothing of this command was saved".to_string(),
        })
    }

    /// A disk-full error of a load says that nothing from `file` was loaded; any other error
    /// is returned as it is.
    pub fn nothing_loaded_from(self, file: &std::path::Path) -> Error {
        match self {
            Error::DiskFull { target, .. } => Error::DiskFull {
                target,
                help: format!(
                    "free space and run again; nothing from {} was loaded",
                    file.display()
                ),
            },
            Error::Interrupted { signal, signo, .. } => Error::Interrupted {
                signal,
                signo,
                undone: format!("nothing from {} was loaded", file.display()),
            },
            other => other,
        }
    }

    /// Names `limit` (DuckDB syntax, as the user or the front end chose it) in an out-of-memory
    /// error that does not name one yet; any other error is returned as it is. The front end
    /// that opened the workspace calls it, since only it knows the limit it asked for.
    pub fn with_memory_limit(self, limit: &str) -> Error {
        match self {
            Error::OutOfMemory {
                message,
                limit: None,
            } => Error::OutOfMemory {
                message,
                limit: Some(limit.to_string()),
            },
            other => other,
        }
    }

    /// Exit codes of docs/architecture.md §6: 2 for anything the user can fix in the input, the
    /// command line or the configuration; 1 is reserved for `--fail-on` findings and 3 for plugins.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::VerifyFailed { .. } => 1,
            Error::Plugin { .. } => 3,
            Error::Interrupted { signo, .. } => (128 + signo).clamp(0, 255) as u8,
            _ => 2,
        }
    }

    /// True when the error is only a closed pipe on stdout (`clearway query ... | head`), which
    /// ends the program quietly rather than as a failure.
    pub fn is_broken_pipe(&self) -> bool {
        let io = match self {
            Error::Io(e) => Some(e),
            Error::Write { cause, .. } => Some(cause),
            _ => None,
        };
        if io.is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) {
            return true;
        }
        matches!(self, Error::Arrow(arrow::error::ArrowError::IoError(m, _)) if m.contains("Broken pipe"))
    }

    pub fn usage(message: impl Into<String>, help: impl Into<String>) -> Self {
        Error::Usage {
            message: message.into(),
            help: help.into(),
        }
    }

    pub fn input_refused(
        path: impl Into<PathBuf>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        Error::InputRefused {
            path: path.into(),
            message: message.into(),
            help: help.into(),
        }
    }

    pub fn bad_input(
        path: impl Into<PathBuf>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        Error::BadInput {
            path: path.into(),
            message: message.into(),
            help: help.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_line_drops_duckdbs_excerpt_and_advice() {
        let message = "Parser Error: syntax error at or near \"FORM\"\n\nLINE 2: FORM declarations\n        ^";
        assert_eq!(
            first_line(message),
            "Parser Error: syntax error at or near \"FORM\""
        );
        assert_eq!(first_line("  one line  "), "one line");
        assert_eq!(first_line(""), "");
    }

    #[test]
    fn an_out_of_memory_error_names_the_limit_its_front_end_gave() {
        let duckdb = "Out of Memory Error: failed to allocate 16.0 MiB (19.0 MiB/19.0 MiB used)\n\nPossible solutions: SET memory_limit";
        let unnamed = Error::out_of_memory(duckdb).unwrap();
        let help = |e: &Error| e.help().map(|h| h.to_string()).unwrap_or_default();
        assert!(help(&unnamed).starts_with("DuckDB reached the memory limit"));
        let named = unnamed.with_memory_limit("20MB");
        assert!(
            help(&named).starts_with("clearway lets DuckDB use 20MB;"),
            "{}",
            help(&named)
        );
        // a limit once named stays: the front end that opened the workspace named it first
        let renamed = named.with_memory_limit("3GB");
        assert!(help(&renamed).contains("use 20MB"));
        assert_eq!(
            renamed.to_string(),
            "DuckDB ran out of memory: failed to allocate 16.0 MiB (19.0 MiB/19.0 MiB used)"
        );
        assert!(Error::out_of_memory("Binder Error: nope").is_none());
    }
}
