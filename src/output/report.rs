//! One output convention for every command that prints a report (docs/output.md): `--format
//! table` for people (the default), `json` for one document, `ndjson` for one record per line,
//! `csv` and `markdown` for one row per record.
//!
//! A report is any `Serialize` value with a human rendering ([`Printable`]). Its JSON is the
//! document CI jobs parse, so the shapes are those the commands always printed (snapshot-tested
//! in `tests/it/formats.rs`). The other machine formats derive from the same value: its
//! *records* (the elements of a top-level array, else the object itself, unless the report
//! names its rows) are flattened (`a.b` for nested fields, lists as JSON text) and written by
//! the writers `query` uses ([`super::write`]), through an Arrow batch whose types arrow's JSON
//! reader infers. So a CSV of a load report quotes and escapes exactly as `query --format csv`
//! does, and there is one CSV writer in clearway, not one per command.

use crate::error::{Error, Result};
use serde::Serialize;
use serde_json::{Map, Value};
use std::io::Write;
use std::sync::Arc;

/// How a command prints its report (`--format`; the old `--report text|json` still works).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ReportFormat {
    /// Text for people: aligned, summarised, with notes.
    #[default]
    #[value(alias = "text")]
    Table,
    /// One row per record, a header first (RFC 4180).
    Csv,
    /// The whole report as one JSON document (the shapes of docs/output.md).
    Json,
    /// One JSON object per record and line.
    Ndjson,
    /// One row per record as a Markdown table.
    Markdown,
}

impl From<ReportFormat> for super::OutputFormat {
    /// The writer of query results that prints a report format (commands whose report is a
    /// query result, `audit show`).
    fn from(format: ReportFormat) -> Self {
        match format {
            ReportFormat::Table => super::OutputFormat::Table,
            ReportFormat::Csv => super::OutputFormat::Csv,
            ReportFormat::Json => super::OutputFormat::Json,
            ReportFormat::Ndjson => super::OutputFormat::Ndjson,
            ReportFormat::Markdown => super::OutputFormat::Markdown,
        }
    }
}

/// A report a command prints: its JSON is the value itself, its table is [`Printable::text`].
pub trait Printable: Serialize {
    /// The `table` format: what people read.
    fn text(&self) -> String;

    /// The records `ndjson`, `csv` and `markdown` print one of per line or row. By default the
    /// elements of a top-level JSON array, or the JSON object itself as one record.
    fn records(&self) -> Result<Vec<Value>> {
        Ok(match to_json(self)? {
            Value::Array(items) => items,
            other => vec![other],
        })
    }
}

/// A report value and the function that renders its text, for report types that live in the
/// library (a load report, a run summary) and are printed by more than one front end.
pub struct Rendered<'a, R: ?Sized> {
    pub value: &'a R,
    pub text: fn(&R) -> String,
}

impl<R: Serialize + ?Sized> Serialize for Rendered<'_, R> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

impl<R: Serialize + ?Sized> Printable for Rendered<'_, R> {
    fn text(&self) -> String {
        (self.text)(self.value)
    }
}

/// A report given as its JSON value and its text: a command whose report is a line or two
/// (what it wrote, how many items) builds both where it has the facts.
pub struct Summary {
    value: Value,
    text: String,
    rows: Option<Vec<Value>>,
}

impl Summary {
    pub fn new(value: Value, text: String) -> Self {
        Summary {
            value,
            text,
            rows: None,
        }
    }

    /// The records of the row formats, when they are not the value itself (an evaluation's
    /// metrics, a drift check's features).
    pub fn with_records(self, rows: Vec<Value>) -> Self {
        Summary {
            rows: Some(rows),
            ..self
        }
    }
}

impl Serialize for Summary {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

impl Printable for Summary {
    fn text(&self) -> String {
        self.text.clone()
    }

    fn records(&self) -> Result<Vec<Value>> {
        Ok(match (&self.rows, &self.value) {
            (Some(rows), _) => rows.clone(),
            (None, Value::Array(items)) => items.clone(),
            (None, other) => vec![other.clone()],
        })
    }
}

/// Reports of one kind, one per input (a load of several files): a JSON array, one record
/// each, their texts one after another.
pub struct Each<'a, R> {
    pub items: &'a [R],
    pub text: fn(&R) -> String,
}

impl<R: Serialize> Serialize for Each<'_, R> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        self.items.serialize(s)
    }
}

impl<R: Serialize> Printable for Each<'_, R> {
    fn text(&self) -> String {
        self.items.iter().map(self.text).collect()
    }
}

fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<Value> {
    serde_json::to_value(value).map_err(|e| Error::Io(std::io::Error::other(e)))
}

/// Prints `report` on stdout in `format`; a closed pipe comes back as an error that `main` ends
/// quietly.
pub fn print(format: ReportFormat, report: &impl Printable) -> Result<()> {
    let mut out = std::io::stdout().lock();
    write(format, report, &mut out)?;
    out.flush().map_err(Error::Io)
}

/// [`print`] for a command whose exit code is a verdict (a check, a verification): a reader
/// that stops early must not turn a failed check into a success, so a closed pipe is ignored
/// here and the command goes on to return its verdict.
pub fn print_before_verdict(format: ReportFormat, report: &impl Printable) -> Result<()> {
    ignore_closed_pipe(print(format, report))
}

/// A write's result with a closed pipe counted as done (see [`print_before_verdict`]).
pub fn ignore_closed_pipe(written: Result<()>) -> Result<()> {
    match written {
        Err(e) if e.is_broken_pipe() => Ok(()),
        other => other,
    }
}

/// Writes `report` in `format` to `out`.
pub fn write(format: ReportFormat, report: &impl Printable, out: &mut dyn Write) -> Result<()> {
    match format {
        ReportFormat::Table => out.write_all(report.text().as_bytes())?,
        ReportFormat::Json => {
            // `io::Error::from` keeps a closed pipe a closed pipe (main ends quietly on it)
            serde_json::to_writer_pretty(&mut *out, report)
                .map_err(|e| Error::Io(std::io::Error::from(e)))?;
            writeln!(out)?;
        }
        ReportFormat::Ndjson => {
            for record in report.records()? {
                writeln!(out, "{record}")?;
            }
        }
        ReportFormat::Csv => write_rows(super::OutputFormat::Csv, &report.records()?, out)?,
        ReportFormat::Markdown => {
            write_rows(super::OutputFormat::Markdown, &report.records()?, out)?
        }
    }
    Ok(())
}

/// Records as rows through the query writers: flattened, typed by arrow's JSON inference.
fn write_rows(format: super::OutputFormat, records: &[Value], out: &mut dyn Write) -> Result<()> {
    let rows: Vec<Value> = records.iter().map(|r| Value::Object(flatten(r))).collect();
    let schema = arrow::json::reader::infer_json_schema_from_iterator(rows.iter().map(Ok))?;
    // records without a single field have no header to print
    if schema.fields().is_empty() {
        return Ok(());
    }
    let schema = Arc::new(schema);
    // a field that is a number in one record and text in another is read as text
    let mut decoder = arrow::json::ReaderBuilder::new(schema.clone())
        .with_coerce_primitive(true)
        .build_decoder()?;
    decoder.serialize(&rows)?;
    let batch = decoder.flush()?;
    super::write(format, schema, batch.into_iter().map(Ok), out, None)?;
    Ok(())
}

/// One record as a flat object: nested objects' fields as `outer.inner`, lists as their JSON
/// text (a CSV cell holds one value), anything else as it is. A record that is not an object
/// is one field, `value`.
pub fn flatten(record: &Value) -> Map<String, Value> {
    let mut flat = Map::new();
    match record {
        Value::Object(_) => flatten_into("", record, &mut flat),
        other => {
            flat.insert("value".into(), scalar(other));
        }
    }
    flat
}

fn flatten_into(prefix: &str, value: &Value, flat: &mut Map<String, Value>) {
    match value {
        Value::Object(fields) if !fields.is_empty() || prefix.is_empty() => {
            for (name, inner) in fields {
                let key = if prefix.is_empty() {
                    name.clone()
                } else {
                    format!("{prefix}.{name}")
                };
                flatten_into(&key, inner, flat);
            }
        }
        other => {
            flat.insert(prefix.to_string(), scalar(other));
        }
    }
}

/// A value a cell can hold: lists and objects become their JSON text.
fn scalar(value: &Value) -> Value {
    match value {
        Value::Array(_) | Value::Object(_) => Value::String(value.to_string()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Serialize)]
    struct Loads(Vec<Value>);

    impl Printable for Loads {
        fn text(&self) -> String {
            format!("{} loads\n", self.0.len())
        }
    }

    fn written(format: ReportFormat, report: &impl Printable) -> String {
        let mut out = Vec::new();
        write(format, report, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn sample() -> Loads {
        Loads(vec![
            json!({"file": "a.csv", "rows": {"read": 3, "loaded": 2}, "warnings": ["x, \"y\""]}),
            json!({"file": "b|c.csv", "rows": {"read": 1, "loaded": 1}, "warnings": []}),
        ])
    }

    #[test]
    fn nested_fields_flatten_with_dots_and_lists_become_json_text() {
        let flat = flatten(&json!({"a": {"b": 1, "c": {"d": null}}, "e": [1, 2], "f": {}}));
        assert_eq!(
            Value::Object(flat),
            json!({"a.b": 1, "a.c.d": null, "e": "[1,2]", "f": "{}"})
        );
        assert_eq!(Value::Object(flatten(&json!(7))), json!({"value": 7}));
    }

    #[test]
    fn every_format_prints_the_same_records() {
        let report = sample();
        assert_eq!(written(ReportFormat::Table, &report), "2 loads\n");
        let json: Value = serde_json::from_str(&written(ReportFormat::Json, &report)).unwrap();
        assert_eq!(json, serde_json::to_value(&report).unwrap());
        let ndjson = written(ReportFormat::Ndjson, &report);
        let lines: Vec<Value> = ndjson
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines, report.0);
        assert_eq!(
            written(ReportFormat::Csv, &report),
            "file,rows.read,rows.loaded,warnings\n\
             a.csv,3,2,\"[\"\"x, \\\"\"y\\\"\"\"\"]\"\n\
             b|c.csv,1,1,[]\n"
        );
        let markdown = written(ReportFormat::Markdown, &report);
        assert!(markdown.starts_with("| file"), "{markdown}");
        assert!(markdown.contains("b\\|c.csv"), "{markdown}");
        assert_eq!(markdown.lines().count(), 4, "{markdown}");
    }

    #[test]
    fn an_empty_report_prints_nothing_in_row_formats() {
        let empty = Loads(vec![]);
        assert_eq!(written(ReportFormat::Csv, &empty), "");
        assert_eq!(written(ReportFormat::Ndjson, &empty), "");
        assert_eq!(written(ReportFormat::Json, &empty), "[]\n");
    }
}
