//! Tables to and from plugins as Arrow IPC streams: a query's result written batch by batch
//! (never materialised as rows of strings), and a plugin's table appended to DuckDB through
//! the Arrow appender. JSON rows are the slow alternative, kept for plugins (and the
//! benchmark) that cannot read Arrow.

use super::manifest::Encoding;
use crate::error::{Error, Result};
use crate::sql::ident;
use crate::workspace::Workspace;
use arrow::datatypes::{DataType, Schema, TimeUnit};
use arrow::ipc::reader::StreamReader;
use arrow::ipc::writer::StreamWriter;
use serde_json::Value;
use std::path::Path;

/// Writes the result of `sql` to `path` as an Arrow IPC stream or as JSON rows (one array of
/// objects), batch by batch; the rows written.
pub fn query_to_file(ws: &Workspace, sql: &str, path: &Path, encoding: Encoding) -> Result<u64> {
    // `--input-query` is the analyst's text on a read-write connection: one query, nothing
    // that writes (duckdb-rs's `prepare` would run every statement but the last).
    crate::sql::statements::require_wrappable_query(&ws.conn, sql, "--input-query")?;
    let mut stmt = ws.conn.prepare(sql)?;
    let batches = stmt.query_arrow([])?;
    let schema = batches.get_schema();
    let file = std::fs::File::create(path).map_err(|cause| Error::Write {
        path: path.to_path_buf(),
        cause,
    })?;
    let out = std::io::BufWriter::new(file);
    let mut rows = 0u64;
    match encoding {
        Encoding::Arrow => {
            let mut writer = StreamWriter::try_new(out, &schema)?;
            for batch in batches {
                rows += batch.num_rows() as u64;
                writer.write(&batch)?;
            }
            writer.finish()?;
        }
        Encoding::Json => {
            let mut writer = arrow::json::ArrayWriter::new(out);
            for batch in batches {
                rows += batch.num_rows() as u64;
                writer.write(&batch)?;
            }
            writer.finish()?;
        }
    }
    Ok(rows)
}

/// The result of `sql` as a call's input, encoded as the command wants it (an Arrow IPC file
/// in `scratch`, or JSON rows); with the rows it holds.
pub fn input_from_query(
    ws: &Workspace,
    sql: &str,
    encoding: Encoding,
    scratch: &Path,
) -> Result<(super::session::Input, u64)> {
    use super::session::Input;
    let path = scratch.join(match encoding {
        Encoding::Arrow => "in.arrows",
        Encoding::Json => "in.json",
    });
    let rows = query_to_file(ws, sql, &path, encoding)?;
    let input = match encoding {
        Encoding::Arrow => Input::Arrow(path),
        Encoding::Json => {
            let bytes = std::fs::read(&path).map_err(|cause| Error::Read {
                path: path.clone(),
                cause,
            })?;
            Input::Rows(serde_json::from_slice(&bytes).unwrap_or(Value::Array(vec![])))
        }
    };
    Ok((input, rows))
}

/// Where a plugin's table goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Appended by column name to the table, which is created when missing.
    Append,
    /// The table replaced.
    Replace,
    /// A temporary table of this connection (the TUI's results).
    Temp,
}

/// Stores the Arrow IPC stream at `path` in `table` (see [`Mode`]), creating it from the
/// stream's schema; the rows stored. One transaction: a bad stream leaves the table as it was.
pub fn arrow_into_table(ws: &Workspace, path: &Path, table: &str, mode: Mode) -> Result<u64> {
    let file = std::fs::File::open(path).map_err(|cause| Error::Read {
        path: path.to_path_buf(),
        cause,
    })?;
    let reader = StreamReader::try_new(std::io::BufReader::new(file), None).map_err(|e| {
        Error::bad_input(
            path,
            format!("the plugin's table is not an Arrow IPC stream: {e}"),
            "a plugin writes tables with an Arrow IPC StreamWriter (plugins/README.md)",
        )
    })?;
    let schema = reader.schema();
    ws.in_transaction(|| {
        let columns = column_definitions(&schema)?;
        let quoted = ident(table);
        let exists: bool = ws.conn.query_row(
            "SELECT count(*) > 0 FROM information_schema.tables WHERE table_name = ?",
            [table],
            |r| r.get(0),
        )?;
        // An existing table is appended to by column name (a plugin's column order and extra
        // columns of the table do not matter), and a temporary result is made, through a
        // staging table the appender can fill: the appender reaches only the main catalog.
        // The staging table lives and dies inside this transaction.
        let staged = (exists && mode == Mode::Append) || mode == Mode::Temp;
        let staging = if staged {
            "__clearway_plugin_rows"
        } else {
            table
        };
        ws.conn.execute_batch(&format!(
            "CREATE OR REPLACE TABLE {} ({columns})",
            ident(staging)
        ))?;
        let mut appender = ws.conn.appender(staging)?;
        let mut rows = 0u64;
        for batch in reader {
            let batch = batch.map_err(|e| {
                Error::bad_input(
                    path,
                    format!("the plugin's table stream broke after {rows} rows: {e}"),
                    "nothing was kept; the plugin must finish its stream",
                )
            })?;
            rows += batch.num_rows() as u64;
            appender.append_record_batch(batch)?;
        }
        appender.flush()?;
        drop(appender);
        let move_rows = match mode {
            _ if !staged => None,
            Mode::Temp => Some(format!(
                "CREATE OR REPLACE TEMP TABLE {quoted} AS SELECT * FROM {staging}"
            )),
            _ => Some(format!(
                "INSERT INTO {quoted} BY NAME SELECT * FROM {staging}"
            )),
        };
        if let Some(sql) = move_rows {
            ws.conn
                .execute_batch(&format!("{sql}; DROP TABLE {staging};"))?;
        }
        Ok(rows)
    })
}

/// A JSON result that is an array of objects, stored as a table (created, appended to BY
/// NAME, or replaced).
pub fn json_rows_into_table(
    ws: &Workspace,
    value: &Value,
    into: &str,
    replace: bool,
    scratch: &Path,
) -> Result<u64> {
    let Some(rows) = value.as_array().filter(|r| r.iter().all(Value::is_object)) else {
        return Err(Error::usage(
            "the plugin's result is not a table or an array of objects, so it cannot go --into a table",
            "drop --into to print it",
        ));
    };
    let path = scratch.join("rows.ndjson");
    let mut text = String::new();
    for r in rows {
        text.push_str(&r.to_string());
        text.push('\n');
    }
    std::fs::write(&path, text)?;
    // the rows file is bound as the statement's parameter
    let source = "read_json(?, format = 'newline_delimited')";
    let rows_file = path.display().to_string();
    ws.in_transaction(|| {
        let exists: bool = ws.conn.query_row(
            "SELECT count(*) > 0 FROM information_schema.tables WHERE table_name = ?",
            [into],
            |r| r.get(0),
        )?;
        if rows.is_empty() {
            return Ok(0);
        }
        let statement = if replace || !exists {
            format!(
                "CREATE OR REPLACE TABLE {} AS SELECT * FROM {source}",
                ident(into)
            )
        } else {
            format!("INSERT INTO {} BY NAME SELECT * FROM {source}", ident(into))
        };
        ws.conn.execute(&statement, [&rows_file])?;
        Ok(rows.len() as u64)
    })
}

/// DuckDB column definitions for an Arrow schema.
fn column_definitions(schema: &Schema) -> Result<String> {
    schema
        .fields()
        .iter()
        .map(|f| {
            duckdb_type(f.data_type())
                .map(|t| format!("{} {t}", ident(f.name())))
                .ok_or_else(|| {
                    Error::usage(
                        format!(
                            "the plugin's column `{}` has Arrow type {}, which clearway does not store",
                            f.name(),
                            f.data_type()
                        ),
                        "plugins send booleans, integers, floats, decimals, strings, dates, timestamps or binary",
                    )
                })
        })
        .collect::<Result<Vec<_>>>()
        .map(|c| c.join(", "))
}

fn duckdb_type(t: &DataType) -> Option<String> {
    Some(
        match t {
            DataType::Decimal128(p, s) if *p <= 38 => return Some(format!("DECIMAL({p}, {s})")),
            DataType::Boolean => "BOOLEAN",
            DataType::Int8 => "TINYINT",
            DataType::Int16 => "SMALLINT",
            DataType::Int32 => "INTEGER",
            DataType::Int64 => "BIGINT",
            DataType::UInt8 => "UTINYINT",
            DataType::UInt16 => "USMALLINT",
            DataType::UInt32 => "UINTEGER",
            DataType::UInt64 => "UBIGINT",
            DataType::Float32 => "FLOAT",
            DataType::Float64 => "DOUBLE",
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => "VARCHAR",
            DataType::Binary | DataType::LargeBinary => "BLOB",
            DataType::Date32 => "DATE",
            DataType::Timestamp(TimeUnit::Second, None) => "TIMESTAMP_S",
            DataType::Timestamp(TimeUnit::Millisecond, None) => "TIMESTAMP_MS",
            DataType::Timestamp(TimeUnit::Microsecond, None) => "TIMESTAMP",
            DataType::Timestamp(TimeUnit::Nanosecond, None) => "TIMESTAMP_NS",
            DataType::Timestamp(_, Some(_)) => "TIMESTAMPTZ",
            _ => return None,
        }
        .to_string(),
    )
}
