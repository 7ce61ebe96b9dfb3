//! Tracker, e-seal and reefer exports (`iot-csv`, `iot-json`): a column mapping (built in, or
//! a `--mapping` TOML) says which column is which; each row or object is one event. What a
//! row means is in [`crate::telemetry::rows::containers`]; here files are read and rows written.

use super::report::{InvalidContainers, TelemetryFormat, TelemetryReport};
use super::sink::{line_too_long, open_csv, Sink};
use crate::error::{Error, Result};
use crate::ingest::session::LoadSession;
use crate::ingest::source;
use crate::ingest::source::BOUND_HELP;
use crate::limits::excerpt;
use crate::telemetry::rows::containers::{TrackerColumns, IOT_COLUMNS};
use std::collections::HashMap;
use std::path::Path;

/// One row of a tracker export: its values in header order and its text as read, or why it
/// could not be read.
type IotRecord = std::result::Result<(Vec<String>, String), String>;

/// A tracker export as CSV: a header line, then one event per row.
pub(super) fn load_iot_csv(
    session: &LoadSession<'_>,
    path: &Path,
    fp: &source::Fingerprint,
    mapping: Option<&Path>,
) -> Result<TelemetryReport> {
    let (reader, headers) = open_csv(path, session.limits())?;
    // a line over the bound stops the reading (the reader cannot resync) and fails the load
    let bound_hit = std::cell::RefCell::new(None);
    let records = reader.into_records().map_while(|r| {
        if let Err(Some(hit)) = r.as_ref().map_err(line_too_long) {
            *bound_hit.borrow_mut() = Some(hit.to_string());
            return None;
        }
        Some(
            r.map(|r| {
                let values: Vec<String> = r.iter().map(String::from).collect();
                let raw = values.join(",");
                (values, raw)
            })
            .map_err(|e| format!("unreadable CSV row: {e}")),
        )
    });
    let report = load_records(
        session,
        path,
        fp,
        mapping,
        TelemetryFormat::IotCsv,
        headers,
        records,
    )?;
    match bound_hit.into_inner() {
        Some(why) => Err(Error::input_refused(path, why, BOUND_HELP)),
        None => Ok(report),
    }
}

/// One object of a JSON export with its text, or why the line is not one.
type JsonRecord = std::result::Result<(serde_json::Map<String, serde_json::Value>, String), String>;

/// Tracker exports as JSON: an array of objects, or one object per line (NDJSON). Keys are
/// the columns, in order of first appearance; nested values are kept as JSON text.
pub(super) fn load_iot_json(
    session: &LoadSession<'_>,
    path: &Path,
    fp: &source::Fingerprint,
    mapping: Option<&Path>,
) -> Result<TelemetryReport> {
    let text = source::read_whole_text(path, session.limits())?;
    let objects: Vec<JsonRecord> = if text.trim_start().starts_with('[') {
        let all: Vec<serde_json::Value> = serde_json::from_str(&text).map_err(|e| {
            Error::bad_input(
                path,
                format!("not a JSON array of objects: {e}"),
                "one object per event",
            )
        })?;
        all.into_iter()
            .map(|v| match v {
                serde_json::Value::Object(m) => {
                    let raw = serde_json::Value::Object(m.clone()).to_string();
                    Ok((m, raw))
                }
                other => Err(format!("not an object: {}", excerpt(&other.to_string()))),
            })
            .collect()
    } else {
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| match serde_json::from_str::<serde_json::Value>(l) {
                Ok(serde_json::Value::Object(m)) => Ok((m, l.to_string())),
                Ok(other) => Err(format!("not an object: {}", excerpt(&other.to_string()))),
                Err(e) => Err(format!("not JSON: {e}")),
            })
            .collect()
    };
    let mut headers: Vec<String> = Vec::new();
    for (m, _) in objects.iter().flatten() {
        for k in m.keys() {
            if !headers.contains(k) {
                headers.push(k.clone());
            }
        }
    }
    let columns = headers.clone();
    let records = objects.into_iter().map(move |o| {
        o.map(|(m, raw)| {
            let values = columns
                .iter()
                .map(|h| match m.get(h) {
                    None | Some(serde_json::Value::Null) => String::new(),
                    Some(serde_json::Value::String(s)) => s.clone(),
                    Some(other) => other.to_string(),
                })
                .collect();
            (values, raw)
        })
    });
    load_records(
        session,
        path,
        fp,
        mapping,
        TelemetryFormat::IotJson,
        headers,
        records,
    )
}

/// The rows of a tracker export, in file order, as events: rejected with their reason when
/// they cannot be read, have no readable time, a value that is not a number or a position off
/// the globe. Container numbers that fail ISO 6346 are kept and named in a warning.
fn load_records(
    session: &LoadSession<'_>,
    path: &Path,
    fp: &source::Fingerprint,
    mapping: Option<&Path>,
    format: TelemetryFormat,
    headers: Vec<String>,
    records: impl Iterator<Item = IotRecord>,
) -> Result<TelemetryReport> {
    let mapped = iot_mapping(mapping)?;
    let columns = TrackerColumns::find(&headers, &mapped)
        .map_err(|problem| Error::bad_input(path, problem.message, problem.help))?;
    let mut report = TelemetryReport::new(session, fp, format);
    if format == TelemetryFormat::IotCsv {
        report.count_header();
    }
    let mut sink = Sink::open(session)?;
    let mut bad_containers = InvalidContainers::default();
    for record in records {
        report.lines += 1;
        let line = report.lines as i64;
        let (record, raw) = match record {
            Ok(r) => r,
            Err(e) => {
                sink.reject(&mut report, line, "unreadable row", &e, None)?;
                continue;
            }
        };
        match columns.event(&headers, &record) {
            Ok(mut event) => {
                event.source_row = line;
                bad_containers.check(&event);
                sink.push(&mut report, event)?;
            }
            Err((key, reason)) => sink.reject(&mut report, line, key, &reason, Some(&raw))?,
        }
    }
    sink.close()?;
    bad_containers.warn(&mut report);
    Ok(report)
}

/// Reads a `--mapping` TOML: `[columns]` field = header.
fn iot_mapping(path: Option<&Path>) -> Result<HashMap<String, String>> {
    let Some(path) = path else {
        return Ok(Default::default());
    };
    let text = crate::limits::read_to_string_capped(path).map_err(|cause| Error::Read {
        path: path.to_path_buf(),
        cause,
    })?;
    let table: toml::Table = toml::from_str(&text).map_err(|e| {
        Error::bad_input(
            path,
            format!("invalid TOML: {}", e.message()),
            "a mapping is [columns] then field = \"header\"",
        )
    })?;
    let columns = table
        .get("columns")
        .and_then(|c| c.as_table())
        .ok_or_else(|| {
            Error::bad_input(
                path,
                "no [columns] table",
                "a mapping is [columns] then field = \"header\"",
            )
        })?;
    let mut out = HashMap::new();
    for (field, header) in columns {
        if !IOT_COLUMNS.iter().any(|(f, _)| f == field) {
            return Err(Error::bad_input(
                path,
                format!("[columns] {field}: not a telemetry field"),
                format!(
                    "fields: {}",
                    IOT_COLUMNS
                        .iter()
                        .map(|(f, _)| *f)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        let header = header.as_str().ok_or_else(|| {
            Error::bad_input(
                path,
                format!("[columns] {field} must name a header"),
                "e.g. ts = \"Time (UTC)\"",
            )
        })?;
        out.insert(field.clone(), header.to_string());
    }
    Ok(out)
}
