//! `clearway load telemetry`: telemetry exports into `telemetry_events`, with lineage (file,
//! line, load), rejects with their reasons and a load report that reconciles, exactly as for
//! declarations. One file is one [`LoadSession`]: rows, rejects, the `loads` row and the audit
//! entry commit together or not at all.
//!
//! Formats, one loader per family: AIS NMEA 0183 (`ais-nmea`) and the AIS CSV exports of the
//! Danish Maritime Authority and MarineCadastre (`ais-csv`) in [`ais`]; tracker / e-seal /
//! reefer exports in CSV or JSON with a column mapping (`iot-csv`, `iot-json`) in
//! [`containers`]; DCSA Track & Trace events (`dcsa`) in [`dcsa`]; drone logs (`drone-csv`) in
//! [`drone`]. Each turns its rows into events: what a row means is decoded in
//! [`crate::telemetry::rows`] (in the DuckDB-free clearway-formats crate); the loaders write
//! through the [`sink`] and keep the [`report`]. This module tells the formats apart and runs
//! the session around the loader.

mod ais;
mod containers;
mod dcsa;
mod drone;
mod report;
mod sink;

pub use report::{render, TelemetryFormat, TelemetryReport};

use crate::error::{Error, Result};
use crate::ingest::duplicates::{self, OnDuplicate};
use crate::ingest::session::{FileIdentity, LoadKind, LoadSession, SessionOptions};
use crate::ingest::source;
use crate::telemetry::rows::ais::AisCsvProfile;
use crate::telemetry::rows::containers::looks_like_tracker_header;
use crate::telemetry::rows::drone::DroneProfile;
use crate::workspace::Workspace;
use std::path::Path;

/// How much of a file format detection looks at: never more, whatever its lines' lengths.
const DETECT_HEAD_BYTES: usize = 1 << 20;

/// Format from `--input-format`, else from the content (the first [`DETECT_HEAD_BYTES`]): lines that
/// are (tag-blocked) AIS sentences.
fn detect(path: &Path, format: TelemetryFormat) -> Result<TelemetryFormat> {
    if format != TelemetryFormat::Auto {
        return Ok(format);
    }
    let head = source::read_head(path, DETECT_HEAD_BYTES)?;
    let head = String::from_utf8_lossy(&head);
    let looks_nmea = head.lines().take(50).any(|l| {
        let s = l.trim_start();
        let s = if s.starts_with('\\') {
            s.splitn(3, '\\').nth(2).unwrap_or("")
        } else {
            s
        };
        s.starts_with('!') && matches!(s.get(3..6), Some("VDM" | "VDO"))
    });
    let header = head.lines().next().unwrap_or_default();
    let header_names: Vec<String> = header.split(',').map(|h| h.trim().to_string()).collect();
    if looks_nmea {
        Ok(TelemetryFormat::AisNmea)
    } else if AisCsvProfile::of_header(header).is_some() {
        Ok(TelemetryFormat::AisCsv)
    } else if DroneProfile::of_header(&header_names).is_some() {
        Ok(TelemetryFormat::DroneCsv)
    } else if looks_like_tracker_header(header) {
        Ok(TelemetryFormat::IotCsv)
    } else if header.trim_start().starts_with(['{', '[']) {
        // DCSA event files name their shape in the first kilobytes; other JSON is a tracker export
        let head: String = head.chars().take(4096).collect();
        if [
            "\"eventClassification\"",
            "\"eventClassifierCode\"",
            "\"metadata\"",
        ]
        .iter()
        .any(|k| head.contains(k))
        {
            Ok(TelemetryFormat::Dcsa)
        } else {
            Ok(TelemetryFormat::IotJson)
        }
    } else {
        Err(Error::bad_input(
            path,
            "cannot tell the telemetry format from the first 50 lines",
            "name it with --input-format (ais-nmea, iot-csv, iot-json, ais-csv, dcsa, drone-csv)",
        ))
    }
}

/// Loads one telemetry file; events whose natural key is already loaded are handled by
/// `on_duplicate` (see `ingest::duplicates`).
pub fn load(
    ws: &Workspace,
    path: &Path,
    format: TelemetryFormat,
    force: bool,
    mapping: Option<&Path>,
    on_duplicate: OnDuplicate,
) -> Result<TelemetryReport> {
    let started = std::time::Instant::now();
    source::require_regular_file(path)?;
    let format = detect(path, format)?;
    let fp = source::fingerprint(path, false)?;
    let mut session = LoadSession::begin(
        ws,
        LoadKind::Telemetry,
        path,
        Some(FileIdentity::from(&fp)),
        SessionOptions { force, started },
    )?;
    let mut report = match format {
        TelemetryFormat::AisCsv => ais::load_ais_csv(&session, path, &fp),
        TelemetryFormat::IotCsv => containers::load_iot_csv(&session, path, &fp, mapping),
        TelemetryFormat::IotJson => containers::load_iot_json(&session, path, &fp, mapping),
        TelemetryFormat::Dcsa => dcsa::load_dcsa(&session, path, &fp),
        TelemetryFormat::DroneCsv => drone::load(&session, path, &fp),
        TelemetryFormat::AisNmea | TelemetryFormat::Auto => ais::load_nmea(&session, path, &fp),
    }?;
    drop_duplicates(&mut session, &mut report, on_duplicate)?;
    let outcome = session.finish(report.summary())?;
    report.seconds = outcome.seconds;
    Ok(report)
}

/// Applies the duplicate policy to the rows a format's loader stored, and checks that what is
/// left in the table is what the report says.
fn drop_duplicates(
    session: &mut LoadSession<'_>,
    report: &mut TelemetryReport,
    on_duplicate: OnDuplicate,
) -> Result<()> {
    let found = session.resolve_duplicates(
        &duplicates::TELEMETRY_EVENTS,
        match report.format {
            // one event per JSON object: `source_row` is its ordinal
            TelemetryFormat::Dcsa | TelemetryFormat::IotJson => duplicates::Position::Record,
            _ => duplicates::Position::Line { offset: 0 },
        },
        on_duplicate,
    )?;
    let dropped = found.rows as u64;
    let stored: i64 = session.conn().query_row(
        "SELECT count(*) FROM telemetry_events WHERE load_id = ?",
        [report.load_id],
        |r| r.get(0),
    )?;
    if report.rows_loaded.checked_sub(dropped) != Some(stored as u64) {
        return Err(Error::usage(
            format!(
                "internal: {} messages stored, {} duplicates dropped, {stored} rows left",
                report.rows_loaded, dropped
            ),
            "please report this",
        ));
    }
    report.rows_loaded -= dropped;
    report.rows_duplicate = dropped;
    report.duplicates = found;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detection_reads_a_bounded_head_and_survives_characters_that_are_not_ascii() {
        let dir = tempfile::tempdir().unwrap();
        // `é` at bytes 2-3 of a sentence-like line: slicing bytes 3..6 cut inside it
        let odd = dir.path().join("odd.txt");
        std::fs::write(&odd, "!Aé VDM,1,1\n").unwrap();
        assert!(detect(&odd, TelemetryFormat::Auto).is_err());
        // one line far longer than the head: detection still answers from the head alone
        let long = dir.path().join("long.nmea");
        let mut text = "!AIVDM,1,1,,A,33P;Tw0tjBQO22:E7dm66DrB20UP,0*2E\n".to_string();
        text.push_str(&"x".repeat(3 * DETECT_HEAD_BYTES));
        std::fs::write(&long, text).unwrap();
        assert_eq!(
            detect(&long, TelemetryFormat::Auto).unwrap(),
            TelemetryFormat::AisNmea
        );
    }
}
