//! Getting exports into the workspace.
//!
//! Every loader follows the same contract (docs/architecture.md §3): one file is one load and one
//! transaction; each input record ends up loaded, counted as a duplicate of a row already there
//! ([`duplicates`]) or in `rejects` with its line and reason, and the report reconciles `read =
//! loaded + duplicates + rejected`; a file already loaded (same sha256) is refused unless
//! forced. That contract is kept in one place, the [`session`]: a loader ([`declarations`],
//! [`telemetry`], [`ledger`]) reads its format and writes its rows, the session does the rest.
//! The heavy lifting (parsing, casting, validating) is done by DuckDB's own parallel readers
//! inside one SQL statement where the format allows it, because that is what makes a
//! 10-million-row load take seconds rather than minutes; Rust decides *what* to run and
//! reports on it.

pub mod csv_repair;
pub mod declarations;
pub mod duplicates;
pub mod ledger;
pub mod mapping;
pub mod session;
pub mod source;
pub mod telemetry;

/// For stores that record a load without a session (plugin streams; `provenance scan` until
/// it uses [`session::LoadSession`]).
pub(crate) use session::{insert_load, LoadRow};

use serde::Serialize;

/// How a CSV file was read, as DuckDB's sniffer found it.
#[derive(Debug, Clone, Serialize)]
pub struct CsvDialect {
    pub delimiter: String,
    pub quote: String,
    pub escape: String,
    pub has_header: bool,
    pub skip_rows: i64,
    /// True when DuckDB's sniffer or reader could not take the file as it is and DuckDB read
    /// clearway's repaired copy instead (`ingest::csv_repair`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub repaired: bool,
    /// The header of a repaired copy: DuckDB reads it with the columns given, not sniffed.
    #[serde(skip)]
    pub columns: Vec<String>,
    /// DuckDB's `max_line_size` for a repaired copy (0: DuckDB's default).
    #[serde(skip)]
    pub max_line_bytes: usize,
}

/// One mapped column in the report.
#[derive(Debug, Clone, Serialize)]
pub struct MappedColumn {
    pub source: String,
    pub target: String,
    pub transform: String,
}

/// Count of rejected rows by the column (or parser stage) that rejected them.
#[derive(Debug, Clone, Serialize)]
pub struct RejectCount {
    pub reason: String,
    pub rows: i64,
}

/// What a load did, printed for the analyst and stored in `loads`.
#[derive(Debug, Clone, Serialize)]
pub struct LoadReport {
    pub load_id: i64,
    pub file: String,
    pub sha256: String,
    pub bytes: u64,
    pub format: String,
    pub encoding: String,
    pub dialect: Option<CsvDialect>,
    pub profile: String,
    pub mapped: Vec<MappedColumn>,
    pub constants: Vec<(String, String)>,
    pub extra_columns: Vec<String>,
    pub rows_read: i64,
    pub rows_loaded: i64,
    /// Rows not kept because their natural key was already loaded (see `duplicates`).
    pub rows_duplicate: i64,
    pub rows_rejected: i64,
    pub duplicates: duplicates::DuplicateReport,
    pub rejects_by_reason: Vec<RejectCount>,
    pub warnings: Vec<String>,
    pub seconds: f64,
}
