//! Export: a table or a query to CSV, Parquet or NDJSON through DuckDB's `COPY`, with a
//! provenance sidecar (`FILE.provenance.json`), and the check of a file against it.
//!
//! The sidecar answers "where did this file come from?" months later: the SQL and parameters,
//! the loads (ids, source files, sha256s) behind the tables it read, its row count and its own
//! sha256, and the clearway and DuckDB versions that wrote it. `clearway export` and the TUI's
//! Export both write through [`export`], so a file has the same sidecar and the same audit
//! record whichever front end wrote it.

use crate::error::{Error, Result};
use crate::ingest::source;
use crate::output::write_atomically;
use crate::sql::{self, Param};
use crate::workspace::{audit, EngineConfig, Workspace};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The file formats an export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Csv,
    Parquet,
    Json,
}

/// A load behind an exported table.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct LoadRef {
    pub load_id: i64,
    pub table: String,
    pub source_file: String,
    pub source_sha256: String,
}

/// The sidecar's content.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Provenance {
    pub file: String,
    pub format: ExportFormat,
    pub sha256: String,
    pub bytes: u64,
    pub rows: u64,
    pub sql: String,
    pub parameters: Vec<Param>,
    pub tables: Vec<String>,
    pub loads: Vec<LoadRef>,
    pub workspace: String,
    pub clearway_version: String,
    pub duckdb_version: String,
    pub created_at: String,
}

/// An export done: the sidecar written, and the audit record for the front end to append
/// (through its own connection, or after a read-only one is closed).
pub struct Exported {
    pub provenance: Provenance,
    pub record: audit::Record,
}

/// `FILE.provenance.json`.
pub fn sidecar_path(file: &Path) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".provenance.json");
    PathBuf::from(name)
}

/// The format a file name asks for: `.csv`, `.parquet`/`.pq`, `.json`/`.ndjson`/`.jsonl`.
pub fn format_from_extension(out: &Path) -> Result<ExportFormat> {
    match out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("csv") => Ok(ExportFormat::Csv),
        Some("parquet" | "pq") => Ok(ExportFormat::Parquet),
        Some("json" | "ndjson" | "jsonl") => Ok(ExportFormat::Json),
        _ => Err(Error::usage(
            format!("cannot tell the export format from {}", out.display()),
            "name the file .csv, .parquet or .ndjson, or pass --format csv|parquet|json",
        )),
    }
}

fn copy_options(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::Csv => "FORMAT csv, HEADER true",
        ExportFormat::Parquet => "FORMAT parquet, COMPRESSION zstd",
        ExportFormat::Json => "FORMAT json",
    }
}

/// The named parameter [`copy_to`] binds the target file to.
const COPY_TARGET: &str = "clearway_copy_target";

/// `COPY (query) TO file (options)` with the query's parameters and the file bound; returns
/// rows written.
pub fn copy_to(
    conn: &duckdb::Connection,
    query: &str,
    params: &[Param],
    source_name: &str,
    path: &Path,
    options: &str,
) -> Result<usize> {
    sql::statements::require_wrappable_query(conn, query, source_name)?;
    let copy = format!(
        // The newline ends a `--` comment the query may end with, so that it cannot swallow
        // the parenthesis.
        "COPY ({}\n) TO ${COPY_TARGET} ({options})",
        sql::statement_body(query)
    );
    let target = Param {
        name: COPY_TARGET.into(),
        value: path.display().to_string(),
    };
    let params: Vec<Param> = params.iter().cloned().chain([target]).collect();
    let (mut stmt, bindings) = sql::prepare(conn, &copy, &params, source_name)?;
    let rows = stmt
        .execute(&bindings)
        .map_err(|e| sql::sql_error(conn, e, &copy, source_name))?;
    Ok(rows)
}

/// Writes the file and its sidecar; both appear under their names only when complete.
pub fn export(
    ws: &Workspace,
    query: &str,
    params: &[Param],
    format: ExportFormat,
    out: &Path,
) -> Result<Exported> {
    let rows = write_atomically(out, |tmp| {
        copy_to(&ws.conn, query, params, "query", tmp, copy_options(format))
    })?;
    let fp = source::fingerprint(out, false)?;
    let tables = sql::tables_read(&ws.conn, query);
    let provenance = Provenance {
        file: std::path::absolute(out)
            .unwrap_or_else(|_| out.to_path_buf())
            .display()
            .to_string(),
        format,
        sha256: fp.sha256,
        bytes: fp.bytes,
        rows: rows as u64,
        sql: query.to_string(),
        parameters: params.to_vec(),
        loads: loads_behind(&ws.conn, &tables)?,
        tables,
        workspace: std::path::absolute(&ws.path)
            .unwrap_or_else(|_| ws.path.clone())
            .display()
            .to_string(),
        clearway_version: crate::VERSION.to_string(),
        duckdb_version: ws.conn.query_row("SELECT version()", [], |r| r.get(0))?,
        created_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    };
    let sidecar = sidecar_path(out);
    let text = serde_json::to_string_pretty(&provenance).expect("provenance serialises");
    write_atomically(&sidecar, |tmp| {
        std::fs::write(tmp, text + "\n").map_err(|source| Error::Write {
            path: tmp.to_path_buf(),
            cause: source,
        })
    })?;
    let record = audit::Record {
        command: "export",
        detail: serde_json::json!({ "sql": provenance.sql, "params": provenance.parameters, "out": provenance.file,
                                    "sha256": provenance.sha256, "rows": provenance.rows }),
    };
    Ok(Exported { provenance, record })
}

fn loads_behind(conn: &duckdb::Connection, tables: &[String]) -> Result<Vec<LoadRef>> {
    if tables.is_empty() {
        return Ok(vec![]);
    }
    let mut stmt = conn.prepare(
        "SELECT load_id, target_table, source_file, source_sha256 FROM loads
         WHERE list_contains(string_split(?, chr(31)), target_table) ORDER BY load_id",
    )?;
    let joined = tables.join("\u{1f}");
    let rows = stmt.query_map([joined], |r| {
        Ok(LoadRef {
            load_id: r.get(0)?,
            table: r.get(1)?,
            source_file: r.get(2)?,
            source_sha256: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// Re-checks `file` against its sidecar: size, sha256 and (reading the file back with DuckDB)
/// row count. The sidecar when they match; otherwise a diagnostic listing every mismatch.
pub fn verify(file: &Path, engine: &EngineConfig) -> Result<Provenance> {
    let sidecar = sidecar_path(file);
    let text = crate::limits::read_to_string_capped(&sidecar).map_err(|source| Error::Read {
        path: sidecar.clone(),
        cause: source,
    })?;
    let provenance: Provenance = serde_json::from_str(&text).map_err(|e| {
        Error::bad_input(
            &sidecar,
            format!(
                "not a provenance sidecar: {e} (line {}, column {})",
                e.line(),
                e.column()
            ),
            "re-export the file to get a fresh sidecar",
        )
    })?;
    let fp = source::fingerprint(file, false)?;
    let mut problems = Vec::new();
    if fp.bytes != provenance.bytes {
        problems.push(format!(
            "size is {} bytes, the sidecar says {}",
            fp.bytes, provenance.bytes
        ));
    }
    if fp.sha256 != provenance.sha256 {
        problems.push(format!(
            "sha256 is {}, the sidecar says {}",
            fp.sha256, provenance.sha256
        ));
    }
    match count_rows(file, provenance.format, engine) {
        Ok(rows) if rows != provenance.rows => problems.push(format!(
            "the file holds {rows} rows, the sidecar says {}",
            provenance.rows
        )),
        Ok(_) => {}
        Err(e) => problems.push(format!("the file cannot be read back: {e}")),
    }
    if problems.is_empty() {
        return Ok(provenance);
    }
    Err(Error::VerifyFailed {
        message: format!(
            "{} does not match its provenance sidecar:\n  - {}",
            file.display(),
            problems.join("\n  - ")
        ),
        help: "the file was changed after export; export it again from the workspace".into(),
    })
}

fn count_rows(file: &Path, format: ExportFormat, engine: &EngineConfig) -> Result<u64> {
    let conn = engine.connect_in_memory()?;
    let reader = match format {
        ExportFormat::Csv => "read_csv(?, header = true, all_varchar = true)",
        ExportFormat::Parquet => "read_parquet(?)",
        ExportFormat::Json => "read_json(?, format = 'newline_delimited')",
    };
    // DuckDB's readers take glob patterns: the file is handed to them as itself
    let file = source::ReaderPath::new(file)?;
    let n: i64 = conn.query_row(
        &format!("SELECT count(*) FROM {reader}"),
        [file.as_path().display().to_string()],
        |r| r.get(0),
    )?;
    Ok(n as u64)
}
