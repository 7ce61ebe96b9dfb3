//! Result writers shared by every command: aligned tables for people, CSV / JSON / NDJSON /
//! Markdown for programs. (Parquet is written by DuckDB's own `COPY`, see `export::copy_to`.)
//!
//! Writers consume Arrow record batches as DuckDB streams them, so a large result is never
//! held as strings: the table writer keeps only the rows it will show and counts the rest.
//! JSON keeps types: numbers stay numbers (decimals included), dates and timestamps are ISO
//! 8601 strings, lists are arrays, NULL is `null`, and DuckDB `JSON` columns are embedded as
//! JSON rather than as quoted text.

pub mod report;

pub use report::{Printable, ReportFormat};

use crate::error::Result;
use arrow::array::{Array, ArrayRef, RecordBatch};
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use arrow::util::display::{ArrayFormatter, FormatOptions};
use std::io::Write;
use std::sync::Arc;
use unicode_width::UnicodeWidthStr;

/// Output formats of `query` (and, minus parquet, of other commands' data).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OutputFormat {
    Table,
    Csv,
    Json,
    Ndjson,
    Markdown,
    Html,
    Parquet,
}

/// Widest a table cell gets before it is cut (and the cut is reported).
pub const MAX_CELL_WIDTH: usize = 48;

/// Rows a table shows when no `--limit` is given.
pub const DEFAULT_TABLE_ROWS: usize = 100;

/// What a writer did, for the footer and the audit record.
#[derive(Debug, Clone, Default)]
pub struct WriteSummary {
    pub rows_total: usize,
    pub rows_written: usize,
}

fn display_options() -> FormatOptions<'static> {
    FormatOptions::default()
        .with_null("NULL")
        .with_display_error(true)
}

/// One display formatter per column of `batch`.
fn formatters<'a>(
    batch: &'a RecordBatch,
    opts: &'a FormatOptions<'a>,
) -> Result<Vec<ArrayFormatter<'a>>> {
    Ok(batch
        .columns()
        .iter()
        .map(|c| ArrayFormatter::try_new(c.as_ref(), opts))
        .collect::<Result<_, _>>()?)
}

/// Cell text of one value (used by table, markdown and CSV).
fn cell(formatter: &ArrayFormatter, array: &dyn Array, row: usize, null: &str) -> String {
    if array.is_null(row) {
        null.to_string()
    } else {
        formatter.value(row).to_string()
    }
}

/// The display text of every cell of `batch` (one page of a result, never a whole result),
/// NULL as `null_text`; the TUI grid draws these.
pub fn format_rows(batch: &RecordBatch, null_text: &str) -> Result<Vec<Vec<String>>> {
    let opts = display_options();
    let formatters = formatters(batch, &opts)?;
    Ok((0..batch.num_rows())
        .map(|r| {
            formatters
                .iter()
                .zip(batch.columns())
                .map(|(f, c)| cell(f, c.as_ref(), r, null_text))
                .collect()
        })
        .collect())
}

/// Numbers read best right-aligned.
pub fn is_right_aligned(dt: &DataType) -> bool {
    dt.is_numeric()
}

/// Writes `batches` in `format`. `limit` caps the rows written; rows beyond it are still
/// counted (for tables) so that the footer can state the truncation.
pub fn write<I>(
    format: OutputFormat,
    schema: SchemaRef,
    batches: I,
    out: &mut dyn Write,
    limit: Option<usize>,
) -> Result<WriteSummary>
where
    I: Iterator<Item = Result<RecordBatch>>,
{
    match format {
        OutputFormat::Table => write_table(
            schema,
            batches,
            out,
            limit.or(Some(DEFAULT_TABLE_ROWS)),
            false,
        ),
        OutputFormat::Markdown => write_table(schema, batches, out, limit, true),
        OutputFormat::Html => write_html(schema, batches, out, limit),
        OutputFormat::Csv => write_csv(schema, batches, out, limit),
        OutputFormat::Json | OutputFormat::Ndjson => {
            write_json(format, schema, batches, out, limit)
        }
        OutputFormat::Parquet => unreachable!("parquet is written by DuckDB COPY"),
    }
}

/// Iterates batches, cut to `limit` rows, counting every row seen.
fn limited<I>(
    batches: I,
    limit: Option<usize>,
    summary: &mut WriteSummary,
    mut each: impl FnMut(&RecordBatch) -> Result<()>,
) -> Result<()>
where
    I: Iterator<Item = Result<RecordBatch>>,
{
    for batch in batches {
        let batch = batch?;
        let n = batch.num_rows();
        let room = limit
            .map(|l| l.saturating_sub(summary.rows_written))
            .unwrap_or(n)
            .min(n);
        if room > 0 {
            each(&batch.slice(0, room))?;
            summary.rows_written += room;
        }
        summary.rows_total += n;
    }
    Ok(())
}

fn write_table<I>(
    schema: SchemaRef,
    batches: I,
    out: &mut dyn Write,
    limit: Option<usize>,
    markdown: bool,
) -> Result<WriteSummary>
where
    I: Iterator<Item = Result<RecordBatch>>,
{
    let headers: Vec<String> = schema.fields().iter().map(|f| f.name().clone()).collect();
    let right: Vec<bool> = schema
        .fields()
        .iter()
        .map(|f| is_right_aligned(f.data_type()))
        .collect();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut truncated_cells = 0usize;
    let mut summary = WriteSummary::default();
    let opts = display_options();
    limited(batches, limit, &mut summary, |batch| {
        let formatters = formatters(batch, &opts)?;
        for r in 0..batch.num_rows() {
            let row = formatters
                .iter()
                .zip(batch.columns())
                .map(|(f, c)| {
                    let text = cell(f, c.as_ref(), r, if markdown { "" } else { "NULL" })
                        .replace(['\n', '\r'], " ");
                    let text = if markdown {
                        text.replace('|', "\\|")
                    } else {
                        text
                    };
                    if !markdown && text.width() > MAX_CELL_WIDTH {
                        truncated_cells += 1;
                        truncate_to_width(&text, MAX_CELL_WIDTH)
                    } else {
                        text
                    }
                })
                .collect();
            rows.push(row);
        }
        Ok(())
    })?;
    let widths: Vec<usize> = (0..headers.len())
        .map(|i| {
            rows.iter()
                .map(|r| r[i].width())
                .chain([headers[i].width(), 3])
                .max()
                .unwrap_or(3)
        })
        .collect();
    let pad = |text: &str, i: usize| {
        let fill = " ".repeat(widths[i].saturating_sub(text.width()));
        if right[i] {
            format!("{fill}{text}")
        } else {
            format!("{text}{fill}")
        }
    };
    let sep = if markdown { " | " } else { "  " };
    let (lead, tail) = if markdown { ("| ", " |") } else { ("", "") };
    let line = |cells: Vec<String>| {
        format!("{lead}{}{tail}", cells.join(sep))
            .trim_end()
            .to_string()
    };
    writeln!(
        out,
        "{}",
        line(headers.iter().enumerate().map(|(i, h)| pad(h, i)).collect())
    )?;
    let rule: Vec<String> = widths
        .iter()
        .zip(&right)
        .map(|(w, r)| {
            if markdown && *r {
                format!("{}:", "-".repeat(w - 1))
            } else {
                "-".repeat(*w)
            }
        })
        .collect();
    writeln!(out, "{}", line(rule))?;
    for row in &rows {
        writeln!(
            out,
            "{}",
            line(row.iter().enumerate().map(|(i, c)| pad(c, i)).collect())
        )?;
    }
    if !markdown {
        writeln!(out, "{}", table_footer(&summary, truncated_cells))?;
    }
    Ok(summary)
}

/// Rows of text as an aligned table (the shared table writer), every row shown.
pub fn table_text(headers: &[&str], rows: Vec<Vec<String>>) -> Result<String> {
    let schema = Arc::new(Schema::new(
        headers
            .iter()
            .map(|h| arrow::datatypes::Field::new(*h, DataType::Utf8, true))
            .collect::<Vec<_>>(),
    ));
    let columns = (0..headers.len())
        .map(|i| {
            Arc::new(arrow::array::StringArray::from(
                rows.iter().map(|r| r[i].clone()).collect::<Vec<_>>(),
            )) as arrow::array::ArrayRef
        })
        .collect();
    let batch = RecordBatch::try_new(schema.clone(), columns)?;
    let mut out = Vec::new();
    write(
        OutputFormat::Table,
        schema,
        std::iter::once(Ok(batch)),
        &mut out,
        Some(usize::MAX),
    )?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// Writes through a temporary file beside `path` and renames it into place only on success,
/// so a failed command never leaves a half-written file under the requested name.
pub fn write_atomically<T>(
    path: &std::path::Path,
    write: impl FnOnce(&std::path::Path) -> Result<T>,
) -> Result<T> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let tmp = dir.join(format!(".{name}.clearway-partial"));
    let result = write(&tmp);
    match result {
        Ok(v) => {
            std::fs::rename(&tmp, path).map_err(|source| crate::error::Error::Write {
                path: path.to_path_buf(),
                cause: source,
            })?;
            Ok(v)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// Prints `text` as it is on stdout; a closed pipe comes back as an error (see
/// [`print_line`]).
pub fn print_text(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|_| out.flush())
        .map_err(crate::error::Error::Io)
}

/// Prints one line of a command's result on stdout; a closed pipe comes back as an error
/// (which `main` ends quietly) instead of the panic of `println!`.
pub fn print_line(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}")
        .and_then(|_| out.flush())
        .map_err(crate::error::Error::Io)
}

/// Text safe inside HTML elements and attribute values.
pub fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// An HTML `<table>`; numeric columns carry `class="num"` so a style sheet can right-align them.
fn write_html<I>(
    schema: SchemaRef,
    batches: I,
    out: &mut dyn Write,
    limit: Option<usize>,
) -> Result<WriteSummary>
where
    I: Iterator<Item = Result<RecordBatch>>,
{
    let numeric: Vec<bool> = schema
        .fields()
        .iter()
        .map(|f| is_right_aligned(f.data_type()))
        .collect();
    let class = |i: usize| if numeric[i] { " class=\"num\"" } else { "" };
    write!(out, "<table>\n<thead><tr>")?;
    for (i, f) in schema.fields().iter().enumerate() {
        write!(out, "<th{}>{}</th>", class(i), html_escape(f.name()))?;
    }
    writeln!(out, "</tr></thead>\n<tbody>")?;
    let mut summary = WriteSummary::default();
    let opts = display_options();
    limited(batches, limit, &mut summary, |batch| {
        let formatters = formatters(batch, &opts)?;
        for r in 0..batch.num_rows() {
            write!(out, "<tr>")?;
            for (i, (f, c)) in formatters.iter().zip(batch.columns()).enumerate() {
                let text = cell(f, c.as_ref(), r, "");
                write!(out, "<td{}>{}</td>", class(i), html_escape(&text))?;
            }
            writeln!(out, "</tr>")?;
        }
        Ok(())
    })?;
    writeln!(out, "</tbody>\n</table>")?;
    Ok(summary)
}

/// The footer of a table: the row count, and every truncation spelled out.
pub fn table_footer(summary: &WriteSummary, truncated_cells: usize) -> String {
    let mut footer = if summary.rows_written < summary.rows_total {
        format!(
            "({} rows, showing the first {}; use --limit N or --format csv for more)",
            group_thousands(summary.rows_total as i64),
            group_thousands(summary.rows_written as i64)
        )
    } else {
        format!(
            "({} row{})",
            group_thousands(summary.rows_total as i64),
            if summary.rows_total == 1 { "" } else { "s" }
        )
    };
    if truncated_cells > 0 {
        footer.push_str(&format!(
            " ({truncated_cells} cell{} cut to {MAX_CELL_WIDTH} characters, marked …; --format csv shows them whole)",
            if truncated_cells == 1 { "" } else { "s" }
        ));
    }
    footer
}

fn truncate_to_width(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut w = 0;
    for ch in text.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
        if w + cw + 1 > width {
            break;
        }
        out.push(ch);
        w += cw;
    }
    out.push('…');
    out
}

/// 1234567 → "1,234,567".
pub fn group_thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

fn write_csv<I>(
    schema: SchemaRef,
    batches: I,
    out: &mut dyn Write,
    limit: Option<usize>,
) -> Result<WriteSummary>
where
    I: Iterator<Item = Result<RecordBatch>>,
{
    let mut writer = csv::WriterBuilder::new().from_writer(out);
    let csv_err = |e: csv::Error| -> crate::error::Error {
        match e.into_kind() {
            csv::ErrorKind::Io(io) => io.into(),
            other => std::io::Error::other(format!("{other:?}")).into(),
        }
    };
    writer
        .write_record(schema.fields().iter().map(|f| f.name().as_str()))
        .map_err(csv_err)?;
    let mut summary = WriteSummary::default();
    let opts = display_options();
    limited(batches, limit, &mut summary, |batch| {
        let formatters = formatters(batch, &opts)?;
        for r in 0..batch.num_rows() {
            let record: Vec<String> = formatters
                .iter()
                .zip(batch.columns())
                .map(|(f, c)| cell(f, c.as_ref(), r, ""))
                .collect();
            writer.write_record(&record).map_err(csv_err)?;
        }
        Ok(())
    })?;
    writer.flush()?;
    Ok(summary)
}

/// DuckDB marks `JSON` columns with Arrow's canonical `arrow.json` extension; such text is
/// embedded as JSON. Returns the indices of those columns.
fn json_columns(schema: &Schema) -> Vec<usize> {
    schema
        .fields()
        .iter()
        .enumerate()
        .filter(|(_, f)| {
            f.metadata()
                .get("ARROW:extension:name")
                .is_some_and(|n| n == "arrow.json")
                && matches!(
                    f.data_type(),
                    DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
                )
        })
        .map(|(i, _)| i)
        .collect()
}

fn write_json<I>(
    format: OutputFormat,
    schema: SchemaRef,
    batches: I,
    out: &mut dyn Write,
    limit: Option<usize>,
) -> Result<WriteSummary>
where
    I: Iterator<Item = Result<RecordBatch>>,
{
    let embedded = json_columns(&schema);
    let mut summary = WriteSummary::default();
    let mut first = true;
    if format == OutputFormat::Json {
        write!(out, "[")?;
    }
    limited(batches, limit, &mut summary, |batch| {
        let mut buf = Vec::new();
        {
            let mut w = arrow::json::WriterBuilder::new()
                .with_explicit_nulls(true)
                .build::<_, arrow::json::writer::LineDelimited>(&mut buf);
            w.write(&normalise_for_json(batch)?)?;
            w.finish()?;
        }
        for line in buf.split(|b| *b == b'\n').filter(|l| !l.is_empty()) {
            let line = if embedded.is_empty() {
                line.to_vec()
            } else {
                embed_json_columns(line, &schema, &embedded)
            };
            match format {
                OutputFormat::Json => {
                    out.write_all(if first { b"\n  " } else { b",\n  " })?;
                    out.write_all(&line)?;
                }
                _ => {
                    out.write_all(&line)?;
                    out.write_all(b"\n")?;
                }
            }
            first = false;
        }
        Ok(())
    })?;
    if format == OutputFormat::Json {
        writeln!(out, "{}]", if first { "" } else { "\n" })?;
    }
    Ok(summary)
}

/// Types the Arrow JSON writer cannot encode as wanted are turned into ones it can.
/// (Today: none besides the JSON-column fix-up, which happens per line; kept as the one place
/// to add such conversions.)
fn normalise_for_json(batch: &RecordBatch) -> Result<RecordBatch> {
    let needs = batch
        .schema()
        .fields()
        .iter()
        .any(|f| matches!(f.data_type(), DataType::Utf8View));
    if !needs {
        return Ok(batch.clone());
    }
    let mut fields = Vec::new();
    let mut columns: Vec<ArrayRef> = Vec::new();
    for (f, c) in batch.schema().fields().iter().zip(batch.columns()) {
        if matches!(f.data_type(), DataType::Utf8View) {
            let cast = arrow::compute::cast(c, &DataType::Utf8)?;
            fields.push(
                Field::new(f.name(), DataType::Utf8, f.is_nullable())
                    .with_metadata(f.metadata().clone()),
            );
            columns.push(cast);
        } else {
            fields.push(f.as_ref().clone());
            columns.push(c.clone());
        }
    }
    Ok(RecordBatch::try_new(
        Arc::new(Schema::new(fields)),
        columns,
    )?)
}

/// Replaces the string value of each JSON column in one encoded row by the parsed JSON.
fn embed_json_columns(line: &[u8], schema: &Schema, columns: &[usize]) -> Vec<u8> {
    let Ok(serde_json::Value::Object(mut row)) = serde_json::from_slice::<serde_json::Value>(line)
    else {
        return line.to_vec();
    };
    for &i in columns {
        let name = schema.field(i).name();
        if let Some(serde_json::Value::String(text)) = row.get(name) {
            if let Ok(parsed) = serde_json::from_str::<serde_json::Value>(text) {
                row.insert(name.clone(), parsed);
            }
        }
    }
    serde_json::to_vec(&serde_json::Value::Object(row)).unwrap_or_else(|_| line.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::array::{Int64Array, StringArray};

    fn batch() -> RecordBatch {
        let schema = Arc::new(Schema::new(vec![
            Field::new("n", DataType::Int64, true),
            Field::new("s", DataType::Utf8, true),
        ]));
        RecordBatch::try_new(
            schema,
            vec![
                Arc::new(Int64Array::from(vec![Some(1), None, Some(300)])),
                Arc::new(StringArray::from(vec![Some("a"), Some("b|c"), None])),
            ],
        )
        .unwrap()
    }

    fn render(format: OutputFormat, limit: Option<usize>) -> String {
        let b = batch();
        let mut out = Vec::new();
        write(format, b.schema(), std::iter::once(Ok(b)), &mut out, limit).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn table_states_truncation() {
        let text = render(OutputFormat::Table, Some(2));
        assert!(text.contains("(3 rows, showing the first 2"), "{text}");
        assert!(text.contains("   1  a"), "{text}");
    }

    #[test]
    fn json_keeps_nulls_and_numbers() {
        let text = render(OutputFormat::Json, None);
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v[0]["n"], serde_json::json!(1));
        assert_eq!(v[1]["n"], serde_json::Value::Null);
        assert_eq!(v[2]["s"], serde_json::Value::Null);
    }

    #[test]
    fn markdown_escapes_pipes() {
        let text = render(OutputFormat::Markdown, None);
        assert!(text.contains("b\\|c"), "{text}");
        assert!(text.starts_with("| "), "{text}");
    }

    #[test]
    fn html_tables_escape_their_text() {
        let text = render(OutputFormat::Html, None);
        assert!(text.starts_with("<table>\n<thead><tr>"), "{text}");
        assert!(text.contains("<th class=\"num\">"), "{text}");
        assert_eq!(
            html_escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn thousands() {
        assert_eq!(group_thousands(1234567), "1,234,567");
        assert_eq!(group_thousands(12), "12");
    }

    /// The TUI grid draws `format_rows`: TIMESTAMPTZ cells (arrow needs the IANA database for
    /// DuckDB's zone name "UTC") and `AT TIME ZONE` results are shown, not an error.
    #[test]
    fn the_grid_shows_instants_and_wall_clock_times() {
        let ws = crate::workspace::Workspace::in_memory().unwrap();
        let mut stmt = ws
            .conn
            .prepare(
                "SELECT TIMESTAMPTZ '2025-01-15 10:00+02' AS instant, \
                        TIMESTAMPTZ '2025-07-15 08:00+00' AT TIME ZONE 'Asia/Tokyo' AS tokyo",
            )
            .unwrap();
        let batch = stmt.query_arrow([]).unwrap().next().unwrap();
        assert_eq!(
            format_rows(&batch, "∅").unwrap(),
            vec![vec![
                "2025-01-15T08:00:00Z".to_string(),
                "2025-07-15T17:00:00".to_string()
            ]]
        );
    }
}
