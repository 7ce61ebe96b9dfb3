//! Where a telemetry loader's input comes from and its rows go: the CSV opening every CSV
//! format shares, and the [`Sink`] that writes events (as Arrow batches) and rejects into the
//! session's transaction while keeping the report's counts in step.

use super::report::TelemetryReport;
use crate::error::{Error, Result};
use crate::ingest::session::LoadSession;
use crate::ingest::source::BOUND_HELP;
use crate::limits::{Limits, LineCapped, LineTooLong};
use crate::telemetry::rows::{Event, RowProblem};
use std::path::Path;

/// A CSV export read through the line bound ([`LineCapped`]): the CSV reader buffers a whole
/// record, so a file without newlines would otherwise be held whole.
pub(super) type CsvReader = csv::Reader<LineCapped<Box<dyn std::io::Read + Send>>>;

/// Rows appended to DuckDB per Arrow batch.
const BATCH_ROWS: usize = 65_536;

/// A load's writers: events gathered column by column and handed to DuckDB as Arrow batches
/// (appending a batch costs a fraction of appending its values one by one), and rejects with
/// their line, reason and text. Every row written is counted in the report here, so that a
/// loader cannot store a row without counting it.
pub(super) struct Sink<'conn> {
    events: duckdb::Appender<'conn>,
    rejects: duckdb::Appender<'conn>,
    batch: Vec<Event>,
    file: String,
    load_id: i64,
}

impl<'conn> Sink<'conn> {
    /// Writers into the session's transaction, under its load id and file.
    pub(super) fn open(session: &LoadSession<'conn>) -> Result<Self> {
        let conn = session.conn();
        Ok(Sink {
            events: conn.appender("telemetry_events")?,
            rejects: conn.appender("rejects")?,
            batch: Vec::new(),
            file: session.file().to_string(),
            load_id: session.load_id(),
        })
    }

    /// Stores an event (a full batch goes to DuckDB) and counts it as loaded.
    pub(super) fn push(&mut self, report: &mut TelemetryReport, event: Event) -> Result<()> {
        // the readers' loop: a SIGINT/SIGTERM stops the load here (`crate::interrupt`)
        crate::interrupt::check()?;
        self.batch.push(event);
        report.rows_loaded += 1;
        if self.batch.len() >= BATCH_ROWS {
            let batch = self.finish()?;
            self.events.append_record_batch(batch)?;
        }
        Ok(())
    }

    /// Records one rejected row: counted in the report under `key`, stored in `rejects` with
    /// the full reason and the row's text.
    pub(super) fn reject(
        &mut self,
        report: &mut TelemetryReport,
        line: i64,
        key: &str,
        reason: &str,
        raw: Option<&str>,
    ) -> Result<()> {
        report.count_reject(key, 1);
        self.write_reject(line, "parse", reason, raw)
    }

    /// Records the lines of a message that could not be decoded: each line a reject with the
    /// message's reason, counted under `key`.
    pub(super) fn reject_lines(
        &mut self,
        report: &mut TelemetryReport,
        lines: &[usize],
        raw: &[String],
        key: &str,
        reason: &str,
    ) -> Result<()> {
        report.count_reject(key, lines.len() as u64);
        for (line, text) in lines.iter().zip(raw) {
            self.write_reject(*line as i64, "decode", reason, Some(text.trim_end()))?;
        }
        Ok(())
    }

    fn write_reject(
        &mut self,
        line: i64,
        stage: &str,
        reason: &str,
        raw: Option<&str>,
    ) -> Result<()> {
        self.rejects.append_row(duckdb::params![
            self.load_id,
            self.file,
            line,
            line,
            stage,
            reason,
            raw
        ])?;
        Ok(())
    }

    /// Counts the next CSV record as a line of the file: its line number and fields, or `None`
    /// when it cannot be read (then it is a reject).
    fn counted_record(
        &mut self,
        report: &mut TelemetryReport,
        record: csv::Result<csv::StringRecord>,
    ) -> Result<Option<(i64, csv::StringRecord)>> {
        report.lines += 1;
        let line = report.lines as i64;
        match record {
            Ok(r) => Ok(Some((line, r))),
            Err(e) => {
                if let Some(hit) = line_too_long(&e) {
                    return Err(Error::input_refused(
                        &self.file,
                        hit.to_string(),
                        BOUND_HELP,
                    ));
                }
                let reason = format!("unreadable CSV row: {e}");
                self.reject(report, line, "unreadable CSV row", &reason, None)?;
                Ok(None)
            }
        }
    }

    /// Reads every record of a CSV export as one row, at its line: the event `decode` makes of
    /// its fields, or a reject with the row's text.
    pub(super) fn csv_rows(
        &mut self,
        report: &mut TelemetryReport,
        reader: &mut CsvReader,
        mut decode: impl FnMut(&[&str]) -> std::result::Result<Event, RowProblem>,
    ) -> Result<()> {
        for record in reader.records() {
            let Some((line, record)) = self.counted_record(report, record)? else {
                continue;
            };
            let values: Vec<&str> = record.iter().collect();
            match decode(&values) {
                Ok(event) => self.push(
                    report,
                    Event {
                        source_row: line,
                        ..event
                    },
                )?,
                Err((key, reason)) => {
                    let raw = values.join(",");
                    self.reject(report, line, key, &reason, Some(&raw))?;
                }
            }
        }
        Ok(())
    }

    /// Hands the last events to DuckDB and flushes both writers.
    pub(super) fn close(mut self) -> Result<()> {
        if !self.batch.is_empty() {
            let batch = self.finish()?;
            self.events.append_record_batch(batch)?;
        }
        self.events.flush()?;
        self.rejects.flush()?;
        Ok(())
    }

    /// The gathered rows as a batch in `telemetry_events` column order; empties the buffer.
    fn finish(&mut self) -> Result<arrow::array::RecordBatch> {
        let (file, load_id) = (self.file.as_str(), self.load_id);
        use arrow::array::{
            ArrayRef, Float64Array, Int64Array, StringArray, TimestampMicrosecondArray,
        };
        use std::sync::Arc;
        let rows = std::mem::take(&mut self.batch);
        let n = rows.len();
        let text = |f: &dyn Fn(&Event) -> Option<&str>| -> ArrayRef {
            Arc::new(rows.iter().map(f).collect::<StringArray>())
        };
        let float = |f: &dyn Fn(&Event) -> Option<f64>| -> ArrayRef {
            Arc::new(rows.iter().map(f).collect::<Float64Array>())
        };
        let columns: Vec<ArrayRef> = vec![
            text(&|e| Some(e.source)),
            text(&|e| e.device_id.as_deref()),
            text(&|e| e.container_id.as_deref()),
            text(&|e| e.mmsi.as_deref()),
            text(&|e| e.imo.as_deref()),
            Arc::new(
                rows.iter()
                    .map(|e| e.ts)
                    .collect::<TimestampMicrosecondArray>(),
            ),
            float(&|e| e.lat),
            float(&|e| e.lon),
            float(&|e| e.speed_kn),
            float(&|e| e.course_deg),
            text(&|e| Some(e.event_type.as_str())),
            float(&|e| e.temperature_c),
            float(&|e| e.humidity_pct),
            text(&|e| e.location_code.as_deref()),
            text(&|e| Some(e.payload.as_str())),
            Arc::new(StringArray::from(vec![file; n])),
            Arc::new(
                rows.iter()
                    .map(|e| Some(e.source_row))
                    .collect::<Int64Array>(),
            ),
            Arc::new(Int64Array::from(vec![load_id; n])),
        ];
        let names = [
            "source",
            "device_id",
            "container_id",
            "mmsi",
            "imo",
            "ts",
            "lat",
            "lon",
            "speed_kn",
            "course_deg",
            "event_type",
            "temperature_c",
            "humidity_pct",
            "location_code",
            "payload",
            "source_file",
            "source_row",
            "load_id",
        ];
        let fields: Vec<arrow::datatypes::Field> = names
            .iter()
            .zip(&columns)
            .map(|(name, c)| arrow::datatypes::Field::new(*name, c.data_type().clone(), true))
            .collect();
        Ok(arrow::array::RecordBatch::try_new(
            Arc::new(arrow::datatypes::Schema::new(fields)),
            columns,
        )?)
    }
}

/// A CSV export and its header names (trimmed); rows may have more or fewer fields than the
/// header (each row is judged on its own).
/// A line over the bound is an error of the whole file, not a reject: after it the CSV reader
/// cannot tell where the next record starts (a quoted field may span lines).
pub(super) fn open_csv(path: &Path, limits: &Limits) -> Result<(CsvReader, Vec<String>)> {
    let file = crate::ingest::source::open_input(path).map_err(|cause| Error::Read {
        path: path.to_path_buf(),
        cause,
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(LineCapped::new(file, limits.max_line_bytes));
    let headers = reader
        .headers()
        .map_err(|e| match line_too_long(&e) {
            Some(hit) => Error::input_refused(path, hit.to_string(), BOUND_HELP),
            None => Error::bad_input(
                path,
                format!("cannot read the header: {e}"),
                "the first line must name the columns",
            ),
        })?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    Ok((reader, headers))
}

/// The line bound's error inside a CSV error, if that is what stopped the reader.
pub(super) fn line_too_long(e: &csv::Error) -> Option<&LineTooLong> {
    match e.kind() {
        csv::ErrorKind::Io(io) => LineTooLong::of(io),
        _ => None,
    }
}
