//! Getting exports into the workspace.
//!
//! Every loader follows the same contract (ARCHITECTURE §3): one file is one load and one
//! transaction; each input record ends up loaded, counted as a duplicate of a row already there
//! ([`duplicates`]) or in `rejects` with its line and reason, and the report reconciles `read =
//! loaded + duplicates + rejected`; a file already loaded (same sha256) is refused unless forced. The heavy lifting (parsing, casting, validating) is done by DuckDB's
//! own parallel readers inside one SQL statement, because that is what makes a 10-million-row
//! load take seconds rather than minutes; Rust decides *what* to run and reports on it.

pub mod declarations;
mod drone;
pub mod duplicates;
pub mod ledger;
pub mod mapping;
pub mod source;
pub mod telemetry;

use serde::Serialize;

/// How a CSV file was read, as DuckDB's sniffer found it.
#[derive(Debug, Clone, Serialize)]
pub struct CsvDialect {
    pub delimiter: String,
    pub quote: String,
    pub escape: String,
    pub has_header: bool,
    pub skip_rows: i64,
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

impl LoadReport {
    /// The invariant every load must keep; checked before commit.
    pub fn reconciles(&self) -> bool {
        self.rows_read == self.rows_loaded + self.rows_duplicate + self.rows_rejected
            && self.rows_duplicate == self.duplicates.rows
    }
}

/// A `loads` row of a telemetry or ledger load (declarations record more: encoding, dialect,
/// mapping profile).
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
    pub warnings: &'a [String],
    pub forced: bool,
    pub seconds: f64,
}

/// The columns of `loads` a load writes when it is recorded (the duplicate counts are set by
/// [`duplicates::DuplicateReport::store`], and are 0 for loads that do not check them).
pub(crate) const LOADS_COLUMNS: &str =
    "load_id, kind, target_table, source_file, source_sha256, source_bytes,
    format, encoding, dialect, mapping_profile, mapping, rows_read, rows_loaded, rows_rejected,
    warnings, forced, started_at, finished_at, clearway_version";

/// Inserts a load's row into `loads`, inside the load's transaction.
pub(crate) fn insert_load(
    ws: &crate::workspace::Workspace,
    row: &LoadRow<'_>,
) -> crate::error::Result<()> {
    ws.conn.execute(
        &format!("INSERT INTO loads ({LOADS_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?, ?, ?, ?,
                                  now()::TIMESTAMP - to_microseconds(CAST(? * 1e6 AS BIGINT)), now()::TIMESTAMP, ?)"),
        duckdb::params![
            row.load_id,
            row.kind,
            row.target_table,
            row.file,
            row.sha256,
            row.bytes as i64,
            row.format,
            row.encoding,
            row.options,
            row.read as i64,
            row.loaded as i64,
            row.rejected as i64,
            serde_json::to_string(row.warnings).unwrap_or_default(),
            row.forced,
            row.seconds,
            crate::VERSION
        ],
    )?;
    Ok(())
}
