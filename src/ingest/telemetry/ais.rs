//! AIS loaders: NMEA 0183 feeds (`ais-nmea`), decoded sentence by sentence with
//! [`crate::telemetry::ais`], and the CSV exports of the Danish Maritime Authority and
//! MarineCadastre (`ais-csv`). What a message or a row means is in [`crate::telemetry::rows::ais`];
//! here lines are read, counted and written.

use super::report::{TelemetryFormat, TelemetryReport};
use super::sink::{open_csv, Sink};
use crate::error::{Error, Result};
use crate::ingest::session::LoadSession;
use crate::ingest::source;
use crate::limits::{exceeded, excerpt_bytes, human_bytes, read_line_capped, Bound, CappedLine};
use crate::telemetry::ais::{Decoder, Outcome};
use crate::telemetry::rows::ais::{message_event, AisCsvColumns, AisCsvProfile, MessageOddities};
use std::path::Path;

/// An NMEA feed: one row per message (a multi-sentence message at the line of its first
/// sentence, its other lines counted as joined fragments), lines that are not AIS skipped by
/// kind, broken sentences rejected line by line.
pub(super) fn load_nmea(
    session: &LoadSession<'_>,
    path: &Path,
    fp: &source::Fingerprint,
) -> Result<TelemetryReport> {
    let file = source::open_input(path).map_err(|cause| Error::Read {
        path: path.to_path_buf(),
        cause,
    })?;
    let mut report = TelemetryReport::new(session, fp, TelemetryFormat::AisNmea);
    let mut sink = Sink::open(session)?;
    let mut odd = MessageOddities::default();
    let mut decoder = Decoder::default();
    let max_line = session.limits().max_line_bytes;
    let mut reader = std::io::BufReader::new(file);
    let mut bytes = Vec::new();
    for i in 0.. {
        let read =
            read_line_capped(&mut reader, &mut bytes, max_line).map_err(|cause| Error::Read {
                path: path.to_path_buf(),
                cause,
            })?;
        let line_no = i + 1;
        match read {
            CappedLine::End => break,
            CappedLine::TooLong(length) => {
                report.lines += 1;
                reject_long_line(&mut sink, &mut report, line_no, &bytes, length, max_line)?;
                continue;
            }
            CappedLine::Line => report.lines += 1,
        }
        let text = String::from_utf8_lossy(&bytes).into_owned();
        match decoder.feed(line_no, &text) {
            Outcome::Message(d) => {
                report.fragments_joined += d.lines.len() as u64 - 1;
                odd.saw(&d);
                sink.push(&mut report, message_event(&d))?;
            }
            Outcome::Pending => {}
            Outcome::Skipped(kind) => *report.skipped.entry(kind.to_string()).or_default() += 1,
            Outcome::Rejected { lines, raw, reason } => {
                reject_message(&mut sink, &mut report, &lines, &raw, &reason)?
            }
        }
    }
    for (lines, raw, reason) in decoder.finish() {
        reject_message(&mut sink, &mut report, &lines, &raw, &reason)?;
    }
    sink.close()?;
    odd.into_warnings(&mut report.warnings);
    Ok(report)
}

/// A line over the line bound: rejected on its own (an NMEA sentence is at most 82
/// characters, so such a line is no sentence and the feed goes on), with an excerpt as its text.
fn reject_long_line(
    sink: &mut Sink<'_>,
    report: &mut TelemetryReport,
    line: usize,
    head: &[u8],
    length: u64,
    max: u64,
) -> Result<()> {
    let reason = exceeded(
        Bound::LineBytes,
        max,
        &format!("line {line} ({})", human_bytes(length)),
    );
    sink.reject_lines(
        report,
        &[line],
        &[excerpt_bytes(head)],
        "line over max_line_bytes",
        &reason,
    )
}

/// The lines of a message that could not be decoded. "tag block checksum A is wrong
/// (computed 1D)" and "… (computed 61)" are one reason in the report.
fn reject_message(
    sink: &mut Sink<'_>,
    report: &mut TelemetryReport,
    lines: &[usize],
    raw: &[String],
    reason: &str,
) -> Result<()> {
    let key = reason.split([':', '(']).next().unwrap_or(reason).trim();
    sink.reject_lines(report, lines, raw, key, reason)
}

/// An AIS CSV export: one position report per row.
pub(super) fn load_ais_csv(
    session: &LoadSession<'_>,
    path: &Path,
    fp: &source::Fingerprint,
) -> Result<TelemetryReport> {
    let (mut reader, headers) = open_csv(path, session.limits())?;
    let profile = AisCsvProfile::of_header(&headers.join(",")).ok_or_else(|| {
        Error::bad_input(
            path,
            "not a known AIS CSV export (DMA aisdk or MarineCadastre)",
            "the header must name the columns of one of them",
        )
    })?;
    let columns = AisCsvColumns::find(profile, &headers).ok_or_else(|| {
        Error::bad_input(
            path,
            "the header lacks a time, MMSI, latitude or longitude column",
            "see the README for the recognised exports",
        )
    })?;
    let mut report = TelemetryReport::new(session, fp, TelemetryFormat::AisCsv);
    report.count_header();
    let mut sink = Sink::open(session)?;
    let mut no_position = 0u64;
    sink.csv_rows(&mut report, &mut reader, |values| {
        let event = columns.event(&headers, values)?;
        // a row without both coordinates on the globe is stored without either
        no_position += u64::from(event.lat.is_none());
        Ok(event)
    })?;
    sink.close()?;
    if no_position > 0 {
        report.warnings.push(format!(
            "{no_position} row(s) without a usable position: stored without coordinates"
        ));
    }
    if profile == AisCsvProfile::Dma {
        report.warnings.push(
            "DMA exports repeat rows heavily; the AIS rules count each (MMSI, time, position) once"
                .into(),
        );
    }
    Ok(report)
}
