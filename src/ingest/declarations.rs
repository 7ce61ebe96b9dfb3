//! Loading customs declarations (item level) into `declarations`.
//!
//! The whole load is one `INSERT ... SELECT` over DuckDB's reader for the file, so parsing,
//! conversion and validation run in DuckDB's parallel pipeline:
//!
//! 1. the projection converts each mapped source column (casts, transforms) and computes a
//!    `reason` text per row from the validation rules (HS code digits and length, ISO country
//!    codes, non-negative numbers, parseable dates, required ids);
//! 2. every row is inserted once. Rows with a reason are inserted under the negated load id
//!    with their reason and raw text in `extra`; right after, still inside the transaction,
//!    they are copied to `rejects` and deleted. This avoids a second pass over the file or a
//!    staging copy of ten million good rows; the marker rows never outlive the transaction;
//! 3. CSV records DuckDB's parser cannot split (too many or too few fields, broken quoting)
//!    come from its `store_rejects` tables with their line numbers and raw text;
//! 4. counts are reconciled (`read = loaded + rejected`), the load and an audit record are
//!    written, and the transaction commits — or, on any failure, rolls back completely.
//!
//! CSV files are read with every column as text (`all_varchar`), so that a malformed value
//! becomes a per-row reject with a reason instead of failing or silently nulling the column.
//!
//! Line numbers: for CSV, `line` is the physical line of the record assuming one line per
//! record (quoted fields with embedded newlines shift later lines; `source_row`, the record's
//! ordinal among data records, stays exact). For NDJSON `line` is the record's line; for JSON
//! arrays and Parquet it is the record's ordinal.

use super::mapping::{self, CountryForm, Mapping, Transform};
use super::source::{self, Encoding, Format};
use super::{ident, literal, CsvDialect, LoadReport, MappedColumn, RejectCount};
use crate::error::{Error, Result};
use crate::workspace::{audit, schema::DECLARATION_COLUMNS, Workspace};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Options of `clearway load declarations`.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// `canonical`, `bacuda` or a path to a TOML mapping; detected from the header when absent.
    pub mapping: Option<String>,
    /// Load even when a file with the same sha256 was loaded before.
    pub force: bool,
    /// Overrides the format guessed from the extension.
    pub format: Option<Format>,
    /// Show a progress bar (only ever true on a TTY).
    pub progress: bool,
}

/// Name of the environment variable that makes a load fail just before it commits. It exists
/// so that tests can prove a failed load leaves the workspace as it was.
pub const FAILPOINT_ENV: &str = "CLEARWAY_FAILPOINT";

const REJECTS_TABLE: &str = "cw_reject_errors";
const REJECTS_SCAN: &str = "cw_reject_scans";

/// Loads one file. The workspace must be open read-write.
pub fn load(ws: &Workspace, path: &Path, opts: &LoadOptions) -> Result<LoadReport> {
    let started = Instant::now();
    let format = source::detect_format(path, opts.format)?;
    let text_format = format != Format::Parquet;
    let fingerprint = source::fingerprint(path, text_format)?;
    refuse_reload(ws, path, &fingerprint.sha256, opts.force)?;
    if format != Format::Csv && matches!(fingerprint.encoding, Encoding::Windows1252 { .. }) {
        let Encoding::Windows1252 { first_bad_byte } = fingerprint.encoding else {
            unreachable!()
        };
        return Err(Error::bad_input(
            path,
            format!("invalid UTF-8 at byte {first_bad_byte}"),
            "JSON must be UTF-8; re-export the file as UTF-8",
        ));
    }
    // A Windows-1252 CSV is read through a UTF-8 copy; the copy lives until the load ends.
    let transcoded = match fingerprint.encoding {
        Encoding::Windows1252 { .. } => {
            let dir = std::env::temp_dir();
            Some(source::transcode_windows1252(path, &dir)?)
        }
        _ => None,
    };
    let read_path: PathBuf = transcoded
        .as_ref()
        .map(|t| t.to_path_buf())
        .unwrap_or_else(|| path.to_path_buf());
    let display_path = absolute(path);

    ws.conn.execute_batch("BEGIN TRANSACTION")?;
    let outcome = load_in_transaction(
        ws,
        path,
        &read_path,
        &display_path,
        format,
        &fingerprint,
        opts,
        started,
    );
    match outcome {
        Ok(report) => {
            ws.conn.execute_batch("COMMIT")?;
            Ok(report)
        }
        Err(e) => {
            let _ = ws.conn.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn load_in_transaction(
    ws: &Workspace,
    path: &Path,
    read_path: &Path,
    display_path: &str,
    format: Format,
    fingerprint: &source::Fingerprint,
    opts: &LoadOptions,
    started: Instant,
) -> Result<LoadReport> {
    let conn = &ws.conn;
    let dialect = if format == Format::Csv {
        Some(sniff_csv(conn, path, read_path)?)
    } else {
        None
    };
    let reader = reader_sql(read_path, format, dialect.as_ref());
    let columns = describe_source(conn, path, &reader)?;
    let mapping = mapping::resolve(
        opts.mapping.as_deref(),
        &columns.iter().map(|c| c.0.clone()).collect::<Vec<_>>(),
        path,
    )?;
    create_load_helpers(conn)?;

    let load_id: i64 = conn.query_row("SELECT nextval('load_id_seq')", [], |r| r.get(0))?;
    let plan = Projection::build(&mapping, &columns, format, dialect.as_ref());
    let insert = plan.insert_sql(&reader, display_path, load_id);
    run_with_progress(
        conn,
        &insert,
        opts.progress && fingerprint.bytes > 16 << 20,
        &format!("loading {}", path.display()),
    )
    .map_err(|e| reader_error(path, e))?;

    let header_lines = dialect
        .as_ref()
        .map(|d| d.skip_rows + i64::from(d.has_header))
        .unwrap_or(0);
    let parse_rejects = if format == Format::Csv {
        collect_parse_rejects(conn, load_id, display_path, header_lines)?
    } else {
        0
    };
    let line_offset = match format {
        Format::Csv => header_lines,
        _ => 0,
    };
    conn.execute(
        "INSERT INTO rejects
         SELECT ?, source_file, source_row + ?, source_row, 'validation', extra->>'reason', extra->>'raw'
         FROM declarations WHERE load_id = ?",
        duckdb::params![load_id, line_offset, -load_id],
    )?;
    let validation_rejects =
        conn.execute("DELETE FROM declarations WHERE load_id = ?", [-load_id])? as i64;
    let rows_loaded: i64 = conn.query_row(
        "SELECT count(*) FROM declarations WHERE load_id = ?",
        [load_id],
        |r| r.get(0),
    )?;

    let rows_rejected = parse_rejects + validation_rejects;
    let mut report = LoadReport {
        load_id,
        file: display_path.to_string(),
        sha256: fingerprint.sha256.clone(),
        bytes: fingerprint.bytes,
        format: format.name().to_string(),
        encoding: fingerprint.encoding.to_string(),
        dialect,
        profile: mapping.profile.clone(),
        mapped: mapping
            .columns
            .iter()
            .map(|c| MappedColumn {
                source: c.source.clone(),
                target: c.target.clone(),
                transform: c.transform.describe(),
            })
            .collect(),
        constants: mapping.constants.clone(),
        extra_columns: plan.extra_columns.clone(),
        rows_read: rows_loaded + rows_rejected,
        rows_loaded,
        rows_rejected,
        rejects_by_reason: rejects_by_reason(conn, load_id)?,
        warnings: quality_warnings(conn, load_id, &mapping)?,
        seconds: 0.0,
    };
    if !report.reconciles() {
        return Err(Error::bad_input(
            path,
            "row counts do not reconcile",
            "this is a clearway bug; nothing was loaded",
        ));
    }
    report.seconds = started.elapsed().as_secs_f64();
    record_load(ws, &report, &mapping, opts.force)?;
    if std::env::var(FAILPOINT_ENV).is_ok_and(|v| v == "load-before-commit") {
        return Err(Error::bad_input(
            path,
            "failpoint load-before-commit reached",
            "unset CLEARWAY_FAILPOINT",
        ));
    }
    Ok(report)
}

fn absolute(path: &Path) -> String {
    std::path::absolute(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

/// Refuses a file whose bytes were loaded before, naming the earlier load.
fn refuse_reload(ws: &Workspace, path: &Path, sha256: &str, force: bool) -> Result<()> {
    if force {
        return Ok(());
    }
    let earlier = ws.conn.query_row(
        "SELECT load_id, strftime(started_at, '%Y-%m-%d %H:%M:%S') FROM loads
         WHERE source_sha256 = ? AND kind = 'declarations' ORDER BY load_id LIMIT 1",
        [sha256],
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

/// Asks DuckDB's sniffer for the CSV dialect, which is then passed explicitly to the reader
/// so that the report states exactly what was used. The delimiter is settled first by
/// [`source::guess_delimiter`]: DuckDB's sniffer can pick a wrong one when a sampled row is
/// malformed, and a malformed row should be rejected, not change how the whole file is read.
fn sniff_csv(conn: &duckdb::Connection, path: &Path, read_path: &Path) -> Result<CsvDialect> {
    let delim = source::guess_delimiter(read_path)?
        .map(|d| format!(", delim = {}", literal(&d.to_string())))
        .unwrap_or_default();
    let sql = format!(
        "SELECT Delimiter, Quote, Escape, HasHeader, SkipRows FROM sniff_csv({}, sample_size = 20480, ignore_errors = true{delim})",
        literal(&read_path.display().to_string())
    );
    // The sniffer spells "no quote character" as the text "(empty)".
    let option = |v: String| if v == "(empty)" { String::new() } else { v };
    conn.query_row(&sql, [], |r| {
        Ok(CsvDialect {
            delimiter: r.get(0)?,
            quote: option(r.get(1)?),
            escape: option(r.get(2)?),
            has_header: r.get(3)?,
            skip_rows: r.get::<_, i64>(4)?,
        })
    })
    .map_err(|e| reader_error(path, e))
}

/// The table function that reads the file.
fn reader_sql(read_path: &Path, format: Format, dialect: Option<&CsvDialect>) -> String {
    let p = literal(&read_path.display().to_string());
    match (format, dialect) {
        (Format::Csv, Some(d)) => format!(
            "read_csv({p}, delim = {}, quote = {}, escape = {}, header = {}, skip = {}, all_varchar = true, \
             store_rejects = true, rejects_table = '{REJECTS_TABLE}', rejects_scan = '{REJECTS_SCAN}')",
            literal(&d.delimiter),
            literal(&d.quote),
            literal(&d.escape),
            d.has_header,
            d.skip_rows
        ),
        (Format::Csv, None) => format!("read_csv({p}, all_varchar = true)"),
        (Format::Parquet, _) => format!("read_parquet({p})"),
        (Format::Json, _) => format!("read_json({p}, format = 'array', sample_size = -1)"),
        (Format::Ndjson, _) => format!("read_json({p}, format = 'newline_delimited', sample_size = -1)"),
    }
}

/// Source column names and DuckDB types.
fn describe_source(
    conn: &duckdb::Connection,
    path: &Path,
    reader: &str,
) -> Result<Vec<(String, String)>> {
    let mut stmt = conn
        .prepare(&format!("DESCRIBE SELECT * FROM {reader}"))
        .map_err(|e| reader_error(path, e))?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .map_err(|e| reader_error(path, e))?;
    rows.collect::<Result<Vec<_>, _>>()
        .map_err(|e| reader_error(path, e))
}

/// Reader failures are the input's fault: name the file and keep DuckDB's description, which
/// carries the line or byte position.
fn reader_error(path: &Path, e: duckdb::Error) -> Error {
    let msg = e.to_string();
    let help = if msg.contains("JSON") || msg.contains("json") {
        "fix the JSON at the position named above, or export the file again"
    } else if msg.contains("parquet") || msg.contains("Parquet") {
        "the Parquet file is damaged or not Parquet; export it again"
    } else {
        "check the file at the position named above; malformed CSV rows are normally rejected, not fatal"
    };
    Error::bad_input(path, msg.trim().to_string(), help)
}

/// Temporary lookup tables the projection joins against, created per connection.
fn create_load_helpers(conn: &duckdb::Connection) -> Result<()> {
    conn.execute_batch(
        "CREATE OR REPLACE TEMP TABLE cw_iso_alpha2 (alpha2 VARCHAR);
         CREATE OR REPLACE TEMP TABLE cw_country_keys (key VARCHAR, alpha2 VARCHAR);",
    )?;
    {
        let mut app = conn.appender("cw_iso_alpha2")?;
        for code in crate::reference::countries::alpha2_codes() {
            app.append_row([code])?;
        }
    }
    let mut app = conn.appender("cw_country_keys")?;
    for (key, alpha2) in crate::reference::countries::lookup_keys() {
        app.append_row([key.as_str(), alpha2])?;
    }
    Ok(())
}

/// Kinds of canonical columns, which decide conversion and validation.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Text,
    Code,
    HsCode,
    Country,
    Timestamp,
    Number,
    Money,
    Bool,
    ItemNo,
    List,
}

fn kind_of(column: &str) -> Kind {
    match column {
        "hs_code" => Kind::HsCode,
        "origin_country" | "export_country" => Kind::Country,
        "declared_at" => Kind::Timestamp,
        "quantity" | "gross_mass_kg" | "net_mass_kg" => Kind::Number,
        "invoice_value" | "customs_value" | "fob_value" | "total_taxes" | "revenue_recovered" => {
            Kind::Money
        }
        "inspected" | "illicit" => Kind::Bool,
        "item_no" => Kind::ItemNo,
        "container_ids" => Kind::List,
        "currency" | "quantity_unit" | "transport_mode" => Kind::Code,
        _ => Kind::Text,
    }
}

/// The SQL projection for one mapping over one source.
struct Projection {
    /// (canonical column, value expression, reason expression or None).
    outputs: Vec<(String, String, Option<String>)>,
    extra_expr: String,
    raw_expr: String,
    extra_columns: Vec<String>,
}

/// Where a canonical value comes from.
enum Origin<'a> {
    Column {
        name: &'a str,
        duck_type: &'a str,
        transform: &'a Transform,
    },
    Constant(&'a str),
}

impl Projection {
    fn build(
        mapping: &Mapping,
        columns: &[(String, String)],
        format: Format,
        dialect: Option<&CsvDialect>,
    ) -> Self {
        let mut outputs = Vec::new();
        let default_transform = Transform::default();
        for (target, _) in DECLARATION_COLUMNS.iter().filter(|(n, _)| *n != "extra") {
            let origin = if let Some(c) = mapping.columns.iter().find(|c| c.target == *target) {
                let duck_type = columns
                    .iter()
                    .find(|(n, _)| *n == c.source)
                    .map(|(_, t)| t.as_str())
                    .unwrap_or("VARCHAR");
                Some(Origin::Column {
                    name: &c.source,
                    duck_type,
                    transform: &c.transform,
                })
            } else {
                mapping
                    .constants
                    .iter()
                    .find(|(t, _)| t == target)
                    .map(|(_, v)| Origin::Constant(v))
            };
            let (value, reason) = match origin {
                Some(o) => convert(target, &o),
                None if *target == "item_no" => ("1".to_string(), None),
                None => (
                    "NULL".to_string(),
                    mapping::REQUIRED
                        .contains(target)
                        .then(|| format!("'{target}: missing'")),
                ),
            };
            let _ = &default_transform;
            outputs.push((target.to_string(), value, reason));
        }
        let mapped: Vec<&str> = mapping.columns.iter().map(|c| c.source.as_str()).collect();
        let extra_columns: Vec<String> = columns
            .iter()
            .map(|(n, _)| n.clone())
            .filter(|n| !mapped.contains(&n.as_str()))
            .collect();
        let extra_expr = if extra_columns.is_empty() {
            "NULL".to_string()
        } else {
            json_object(extra_columns.iter().map(String::as_str))
        };
        let raw_expr = match (format, dialect) {
            (Format::Csv, Some(d)) => csv_line(columns, &d.delimiter, &d.quote),
            _ => format!(
                "CAST({} AS VARCHAR)",
                json_object(columns.iter().map(|(n, _)| n.as_str()))
            ),
        };
        Projection {
            outputs,
            extra_expr,
            raw_expr,
            extra_columns,
        }
    }

    fn reason_expr(&self) -> String {
        let reasons: Vec<&str> = self
            .outputs
            .iter()
            .filter_map(|(_, _, r)| r.as_deref())
            .collect();
        if reasons.is_empty() {
            return "NULL".into();
        }
        format!("NULLIF(concat_ws('; ', {}), '')", reasons.join(", "))
    }

    /// `INSERT INTO declarations BY NAME SELECT ...` over the reader. Rows that fail a rule get
    /// the negated load id and carry their reason and raw text in `extra` (see module docs).
    fn insert_sql(&self, reader: &str, source_file: &str, load_id: i64) -> String {
        let inner_values: Vec<String> = self
            .outputs
            .iter()
            .map(|(name, value, _)| format!("{value} AS {}", ident(&format!("__cw_{name}"))))
            .collect();
        let outer: Vec<String> = self
            .outputs
            .iter()
            .map(|(name, _, _)| format!("{} AS {}", ident(&format!("__cw_{name}")), ident(name)))
            .collect();
        format!(
            "INSERT INTO declarations BY NAME
             SELECT {outer},
                    CASE WHEN __cw_reason IS NULL THEN __cw_extra
                         ELSE json_object('reason', __cw_reason, 'raw', __cw_raw) END AS extra,
                    {file} AS source_file,
                    __cw_ord AS source_row,
                    CASE WHEN __cw_reason IS NULL THEN {load_id} ELSE -{load_id} END AS load_id
             FROM (
                SELECT {inner},
                       {reason} AS __cw_reason,
                       CASE WHEN {reason} IS NULL THEN {extra} END AS __cw_extra,
                       CASE WHEN {reason} IS NOT NULL THEN {raw} END AS __cw_raw,
                       row_number() OVER () AS __cw_ord
                FROM {reader}
             )",
            outer = outer.join(", "),
            inner = inner_values.join(",\n                       "),
            reason = self.reason_expr(),
            extra = self.extra_expr,
            raw = self.raw_expr,
            file = literal(source_file),
        )
    }
}

fn json_object<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let pairs: Vec<String> = names
        .map(|n| format!("{}, {}", literal(n), ident(n)))
        .collect();
    format!("json_object({})", pairs.join(", "))
}

/// Re-serialises a parsed CSV record (for the `raw` of a rejected row): fields quoted only when
/// they need it, so ordinary rows come back byte for byte.
fn csv_line(columns: &[(String, String)], delimiter: &str, quote: &str) -> String {
    let q = if quote.is_empty() { "\"" } else { quote };
    let fields: Vec<String> = columns
        .iter()
        .map(|(n, _)| {
            let c = ident(n);
            format!(
                "CASE WHEN {c} IS NULL THEN '' WHEN contains({c}, {d}) OR contains({c}, {ql}) OR contains({c}, chr(10)) \
                 THEN {ql} || replace({c}, {ql}, {ql} || {ql}) || {ql} ELSE {c} END",
                d = literal(delimiter),
                ql = literal(q)
            )
        })
        .collect();
    format!("concat_ws({}, {})", literal(delimiter), fields.join(", "))
}

/// The text of a source value, trimmed, empty as NULL. Floating-point sources that hold whole
/// numbers print without a fraction, so `8703241128.0` stays a tariff code.
fn text_of(name: &str, duck_type: &str) -> String {
    let c = ident(name);
    match duck_type {
        "FLOAT" | "DOUBLE" => format!("CASE WHEN {c} = trunc({c}) THEN CAST(CAST({c} AS HUGEINT) AS VARCHAR) ELSE CAST({c} AS VARCHAR) END"),
        t if t.ends_with("[]") || t.starts_with("STRUCT") || t.starts_with("MAP") => format!("CAST({c} AS VARCHAR)"),
        _ => format!("NULLIF(trim(CAST({c} AS VARCHAR)), '')"),
    }
}

fn is_numeric_type(t: &str) -> bool {
    matches!(
        t,
        "TINYINT"
            | "SMALLINT"
            | "INTEGER"
            | "BIGINT"
            | "HUGEINT"
            | "UTINYINT"
            | "USMALLINT"
            | "UINTEGER"
            | "UBIGINT"
            | "FLOAT"
            | "DOUBLE"
    ) || t.starts_with("DECIMAL")
}

/// Value and reason expressions for one canonical column.
fn convert(target: &str, origin: &Origin) -> (String, Option<String>) {
    let (txt, duck_type, transform) = match origin {
        Origin::Column {
            name,
            duck_type,
            transform,
        } => (text_of(name, duck_type), *duck_type, (*transform).clone()),
        Origin::Constant(v) => (literal(v), "VARCHAR", Transform::default()),
    };
    let source_ident = match origin {
        Origin::Column { name, .. } => Some(ident(name)),
        Origin::Constant(_) => None,
    };
    let required = mapping::REQUIRED.contains(&target);
    let shown =
        |expr: &str| format!("'{target}: ' || coalesce(''''||left({expr}, 60)||'''', 'NULL')");
    let missing = format!("'{target}: missing'");
    match kind_of(target) {
        Kind::Text | Kind::Code => {
            let value = if kind_of(target) == Kind::Code {
                format!("upper({txt})")
            } else {
                txt.clone()
            };
            let reason = required.then(|| format!("CASE WHEN {txt} IS NULL THEN {missing} END"));
            (value, reason)
        }
        Kind::HsCode => {
            let digits = format!("regexp_replace({txt}, '[\\s.\\-]', '', 'g')");
            let padded = match transform.zero_pad {
                Some(w) => format!("CASE WHEN length({digits}) < {w} THEN lpad({digits}, {w}, '0') ELSE {digits} END"),
                None => digits,
            };
            let ok = format!("regexp_full_match({padded}, '[0-9]{{6}}([0-9]{{2}}([0-9]{{2}})?)?')");
            let value = format!("CASE WHEN {ok} THEN {padded} END");
            let reason = format!(
                "CASE WHEN {txt} IS NULL THEN {missing} WHEN NOT {ok} THEN {} || ' is not a 6, 8 or 10-digit tariff code' || \
                 CASE WHEN regexp_full_match({padded}, '[0-9]{{5}}|[0-9]{{7}}|[0-9]{{9}}') THEN ' (a leading zero lost? use zero_pad)' ELSE '' END END",
                shown(&txt)
            );
            (value, Some(reason))
        }
        Kind::Country => {
            let norm = format!("regexp_replace(lower({txt}), '[^a-z0-9]', '', 'g')");
            let code = match transform.country {
                Some(CountryForm::Name) | Some(CountryForm::Alpha3) => {
                    format!("(SELECT k.alpha2 FROM cw_country_keys k WHERE k.key = {norm})")
                }
                _ => format!("upper({txt})"),
            };
            let ok = format!("{code} IN (SELECT alpha2 FROM cw_iso_alpha2)");
            let value = format!("CASE WHEN {ok} THEN {code} END");
            let reason = format!(
                "CASE WHEN {txt} IS NOT NULL AND NOT coalesce({ok}, false) THEN {} || ' is not an ISO 3166-1 country' END",
                shown(&txt)
            );
            (value, Some(reason))
        }
        Kind::Timestamp => {
            let value = match (duck_type, &transform.date_format, &source_ident) {
                (t, _, Some(c)) if t == "DATE" || t.starts_with("TIMESTAMP") => {
                    format!("CAST({c} AS TIMESTAMP)")
                }
                (_, Some(fmt), _) => format!("try_strptime({txt}, {})", literal(fmt)),
                _ => format!("TRY_CAST({txt} AS TIMESTAMP)"),
            };
            let expected = transform
                .date_format
                .clone()
                .unwrap_or_else(|| "ISO 8601".into());
            let reason = format!(
                "CASE WHEN {txt} IS NULL THEN {} WHEN {value} IS NULL THEN {} || ' is not a date ({})' \
                 WHEN year({value}) NOT BETWEEN 1900 AND 2100 THEN {} || ' is outside 1900-2100' END",
                if required { missing.clone() } else { "NULL".into() },
                shown(&txt),
                expected.replace('\'', "''").replace('%', "%"),
                shown(&txt)
            );
            (value, Some(reason))
        }
        Kind::Number | Kind::Money => {
            let base = match (&source_ident, is_numeric_type(duck_type)) {
                (Some(c), true) => format!("CAST({c} AS DOUBLE)"),
                _ => format!("TRY_CAST({txt} AS DOUBLE)"),
            };
            let scaled = match transform.factor {
                Some(f) => format!("({base} * {f})"),
                None => base,
            };
            let value = if kind_of(target) == Kind::Money {
                match (&source_ident, duck_type, transform.factor) {
                    (Some(_), "VARCHAR", None) => format!("TRY_CAST({txt} AS DECIMAL(18,2))"),
                    _ => format!("TRY_CAST({scaled} AS DECIMAL(18,2))"),
                }
            } else {
                scaled.clone()
            };
            let reason = format!(
                "CASE WHEN {txt} IS NULL THEN NULL WHEN {value} IS NULL OR NOT isfinite({scaled}) THEN {} || ' is not a number' \
                 WHEN {value} < 0 THEN {} || ' is negative' END",
                shown(&txt),
                shown(&txt)
            );
            (value, Some(reason))
        }
        Kind::Bool => {
            let value = match (&source_ident, duck_type) {
                (Some(c), "BOOLEAN") => c.clone(),
                (Some(c), t) if is_numeric_type(t) => format!("({c} <> 0)"),
                _ => format!(
                    "CASE WHEN lower({txt}) IN ('1', 'true', 't', 'yes', 'y') THEN true \
                     WHEN lower({txt}) IN ('0', 'false', 'f', 'no', 'n') THEN false END"
                ),
            };
            let reason = format!("CASE WHEN {txt} IS NOT NULL AND {value} IS NULL THEN {} || ' is not a yes/no value' END", shown(&txt));
            (value, Some(reason))
        }
        Kind::ItemNo => {
            let value = format!("TRY_CAST({txt} AS INTEGER)");
            let reason = format!(
                "CASE WHEN {txt} IS NULL THEN NULL WHEN {value} IS NULL OR {value} < 1 THEN {} || ' is not an item number (1, 2, ...)' END",
                shown(&txt)
            );
            (format!("coalesce({value}, 1)"), Some(reason))
        }
        Kind::List => {
            let value = match (&source_ident, duck_type) {
                (Some(c), t) if t.ends_with("[]") => {
                    format!("list_transform(CAST({c} AS VARCHAR[]), lambda x: upper(trim(x)))")
                }
                _ => format!(
                    "list_filter(string_split_regex(upper({txt}), '[\\s;,|]+'), lambda x: x <> '')"
                ),
            };
            (value, None)
        }
    }
}

/// Runs a long statement, drawing DuckDB's own progress estimate when asked to.
fn run_with_progress(
    conn: &duckdb::Connection,
    sql: &str,
    show: bool,
    label: &str,
) -> duckdb::Result<usize> {
    if !show {
        return conn.execute(sql, []);
    }
    conn.set_query_progress_tracking(true)?;
    let handle = conn.progress_handle();
    let bar = crate::progress::percent_bar(label);
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let poller = {
        let bar = bar.clone();
        let done = done.clone();
        std::thread::spawn(move || {
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                if let Some(p) = handle.query_progress().percentage() {
                    bar.set_position(p.clamp(0.0, 100.0) as u64);
                }
                std::thread::sleep(std::time::Duration::from_millis(200));
            }
        })
    };
    let result = conn.execute(sql, []);
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    let _ = poller.join();
    bar.finish_and_clear();
    let _ = conn.set_query_progress_tracking(false);
    result
}

/// Moves the CSV records DuckDB's parser rejected into `rejects` and shifts `source_row` of the
/// loaded rows after them, so lineage counts every data record. Returns the number of records.
fn collect_parse_rejects(
    conn: &duckdb::Connection,
    load_id: i64,
    source_file: &str,
    header_lines: i64,
) -> Result<i64> {
    let exists: i64 = conn.query_row(
        "SELECT count(*) FROM duckdb_tables() WHERE temporary AND table_name = ?",
        [REJECTS_TABLE],
        |r| r.get(0),
    )?;
    if exists == 0 {
        return Ok(0);
    }
    conn.execute_batch(&format!(
        "CREATE OR REPLACE TEMP TABLE cw_parse_rejects AS
         SELECT line, line - {header_lines} AS record_no,
                string_agg(DISTINCT error_type || coalesce(' in column ' || column_name, '') || ': ' || error_message, '; ') AS reason,
                any_value(csv_line) AS raw
         FROM {REJECTS_TABLE} GROUP BY line;
         DROP TABLE {REJECTS_TABLE}; DROP TABLE IF EXISTS {REJECTS_SCAN};"
    ))?;
    let count: i64 = conn.query_row("SELECT count(*) FROM cw_parse_rejects", [], |r| r.get(0))?;
    if count == 0 {
        return Ok(0);
    }
    conn.execute(
        "INSERT INTO rejects SELECT ?, ?, line, record_no, 'parse', reason, raw FROM cw_parse_rejects",
        duckdb::params![load_id, source_file],
    )?;
    // The k-th surviving record is record k + #{i : r_i - i + 1 <= k} (r sorted, i from 1).
    conn.execute(
        "UPDATE declarations d SET source_row = d.source_row + (
             SELECT count(*) FROM (SELECT record_no - row_number() OVER (ORDER BY record_no) + 1 AS t FROM cw_parse_rejects) s
             WHERE s.t <= d.source_row)
         WHERE load_id IN (?, ?)",
        duckdb::params![load_id, -load_id],
    )?;
    Ok(count)
}

fn rejects_by_reason(conn: &duckdb::Connection, load_id: i64) -> Result<Vec<RejectCount>> {
    let mut stmt = conn.prepare(
        "SELECT CASE WHEN stage = 'parse' THEN 'CSV structure' ELSE split_part(reason, ':', 1) END AS why, count(*)
         FROM rejects WHERE load_id = ? GROUP BY why ORDER BY count(*) DESC, why",
    )?;
    let rows = stmt.query_map([load_id], |r| {
        Ok(RejectCount {
            reason: r.get(0)?,
            rows: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// Problems worth telling the analyst that do not justify rejecting a row.
fn quality_warnings(
    conn: &duckdb::Connection,
    load_id: i64,
    mapping: &Mapping,
) -> Result<Vec<String>> {
    let mut warnings = Vec::new();
    let unknown_hs: i64 = conn.query_row(
        "SELECT count(*) FROM declarations d
         WHERE d.load_id = ? AND NOT EXISTS (SELECT 1 FROM hs_codes h WHERE h.level = 6 AND h.hs_code = left(d.hs_code, 6))",
        [load_id],
        |r| r.get(0),
    )?;
    if unknown_hs > 0 {
        warnings.push(format!("{unknown_hs} item(s) have an HS6 subheading that is not in HS 2022 (kept; check the edition)"));
    }
    if mapping.columns.iter().any(|c| c.target == "container_ids") {
        conn.execute_batch(ISO6346_MACRO)?;
        let bad: i64 = conn.query_row(
            "SELECT count(*) FROM (SELECT unnest(container_ids) AS c FROM declarations WHERE load_id = ?) WHERE NOT cw_iso6346_ok(c)",
            [load_id],
            |r| r.get(0),
        )?;
        if bad > 0 {
            warnings.push(format!(
                "{bad} container id(s) fail the ISO 6346 format or check digit (kept, flagged)"
            ));
        }
    }
    if !mapping.columns.iter().any(|c| c.target == "item_no")
        && !mapping.constants.iter().any(|(t, _)| t == "item_no")
    {
        warnings.push("no item_no column: every row was taken as item 1 of its declaration".into());
    }
    Ok(warnings)
}

/// ISO 6346 container number check: owner code (3 letters), category (U, J or Z), 6 digits and
/// a check digit = (Σ value(cᵢ)·2ⁱ mod 11) mod 10, letters valued 10..38 skipping multiples of 11.
pub const ISO6346_MACRO: &str = "CREATE OR REPLACE TEMP MACRO cw_iso6346_ok(s) AS (
    regexp_full_match(s, '[A-Z]{3}[UJZ][0-9]{7}') AND
    (list_sum(list_transform(range(10), lambda i:
        (CASE WHEN i < 4
              THEN [10,12,13,14,15,16,17,18,19,20,21,23,24,25,26,27,28,29,30,31,32,34,35,36,37,38][ascii(s[i + 1]) - 64]
              ELSE ascii(s[i + 1]) - 48 END) * (1 << i))) % 11) % 10 = ascii(s[11]) - 48
);";

/// Writes the `loads` row and the audit record for a finished load.
fn record_load(ws: &Workspace, report: &LoadReport, mapping: &Mapping, forced: bool) -> Result<()> {
    let dialect = serde_json::to_string(&report.dialect).unwrap_or_default();
    let mapping_json = serde_json::to_string(mapping).unwrap_or_default();
    let warnings = serde_json::to_string(&report.warnings).unwrap_or_default();
    ws.conn.execute(
        "INSERT INTO loads VALUES (?, 'declarations', 'declarations', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                                  now()::TIMESTAMP - to_microseconds(CAST(? * 1e6 AS BIGINT)), now()::TIMESTAMP, ?)",
        duckdb::params![
            report.load_id,
            report.file,
            report.sha256,
            report.bytes as i64,
            report.format,
            report.encoding,
            dialect,
            report.profile,
            mapping_json,
            report.rows_read,
            report.rows_loaded,
            report.rows_rejected,
            warnings,
            forced,
            report.seconds,
            crate::VERSION
        ],
    )?;
    audit::append(
        ws,
        "load declarations",
        serde_json::json!({
            "load_id": report.load_id,
            "file": report.file,
            "sha256": report.sha256,
            "profile": report.profile,
            "rows_read": report.rows_read,
            "rows_loaded": report.rows_loaded,
            "rows_rejected": report.rows_rejected,
            "forced": forced,
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_canonical_column_has_a_kind_and_a_conversion() {
        let t = Transform::default();
        for (name, _) in DECLARATION_COLUMNS.iter().filter(|(n, _)| *n != "extra") {
            let (value, _) = convert(
                name,
                &Origin::Column {
                    name: "src",
                    duck_type: "VARCHAR",
                    transform: &t,
                },
            );
            assert!(!value.is_empty(), "{name}");
        }
        assert_eq!(kind_of("hs_code"), Kind::HsCode);
        assert_eq!(kind_of("customs_value"), Kind::Money);
    }

    #[test]
    fn iso6346_macro_accepts_valid_and_flags_bad_check_digits() {
        let conn = duckdb::Connection::open_in_memory().unwrap();
        conn.execute_batch(ISO6346_MACRO).unwrap();
        let ok = |s: &str| -> bool {
            conn.query_row("SELECT cw_iso6346_ok(?)", [s], |r| r.get(0))
                .unwrap()
        };
        // Examples from shared/data/SOURCES.md: NARU3472484 passes, MAEU6543210 fails (computed 3).
        assert!(ok("NARU3472484"));
        assert!(!ok("MAEU6543210"));
        assert!(ok("MAEU6543213"));
        assert!(!ok("CSQU305438"));
        assert!(ok(&crate::sample_data::iso6346::with_check_digit(
            "CSQU305438"
        )));
    }
}
