//! Drone logs for `clearway load telemetry --format drone-csv`: positions with a drone id in
//! `telemetry_events` (`source = 'drone'`), so drone flights sit beside vessels and containers.
//!
//! Three CSV shapes are recognised by their header (reference telemetry.md §5):
//! * **AirData** exports (`datetime(utc)`, `latitude`, `longitude`, `height_above_takeoff(feet)`,
//!   `speed(mph)` …). Units are part of the column names and follow the account's settings,
//!   so they are read from the names. AirData files carry no aircraft serial: the drone id is
//!   the file name without its extension.
//! * **DJI FlightRecord** CSV as TXTlogToCSVtool and similar converters write it
//!   (`CUSTOM.updateTime [local]`, `OSD.latitude`, `OSD.height [ft]`, `OSD.flyTime`,
//!   `DETAILS.aircraftSN` …). These times are the phone's local clock; clearway stores them as
//!   written and says so in a warning, since the export does not say the offset.
//! * **Remote ID receiver logs**: a time column (`received_at`, `timestamp`), the broadcast as hex
//!   (`message`, `payload`, `hex`) and optionally the transmitter (`mac`, `sender`). Each line is
//!   decoded with [`crate::telemetry::remote_id`]; the drone id is the Basic ID's UAS id, carried
//!   to the same transmitter's later locations.
//!
//! One line is one row, as in the other loaders, so every line is accounted for. Positions at
//! (0, 0) — DJI writes them before the GPS fix — are kept without coordinates. Timestamps that
//! run backwards and `flyTime` resets are counted in warnings: reference check 12 reads them
//! as signs of a spliced or edited log. How a row is read is in [`crate::telemetry::rows::drone`];
//! here the file is read and rows written.

use super::report::{TelemetryFormat, TelemetryReport};
use super::sink::{open_csv, Sink};
use crate::error::{Error, Result};
use crate::ingest::session::LoadSession;
use crate::ingest::source;
use crate::telemetry::rows::drone::{DroneProfile, Oddities, Reader};
use std::path::Path;

/// Loads a drone CSV of any of the three shapes.
pub(super) fn load(
    session: &LoadSession<'_>,
    path: &Path,
    fp: &source::Fingerprint,
) -> Result<TelemetryReport> {
    let (mut reader, headers) = open_csv(path, session.limits())?;
    let profile = DroneProfile::of_header(&headers).ok_or_else(|| {
        Error::bad_input(
            path,
            "not a drone log this version reads",
            "drone-csv reads AirData CSV (datetime(utc), latitude …), DJI FlightRecord CSV (OSD.latitude …) and Remote ID logs (received_at, message as hex)",
        )
    })?;
    let mut report = TelemetryReport::new(session, fp, TelemetryFormat::DroneCsv);
    report.count_header();
    let mut sink = Sink::open(session)?;
    let mut odd = Oddities::default();
    let file_stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut state = Reader::new(profile, &headers).ok_or_else(|| {
        Error::bad_input(
            path,
            "the header lacks a time, latitude or longitude column",
            "see the README for the columns read",
        )
    })?;
    sink.csv_rows(&mut report, &mut reader, |values| {
        state.event(&file_stem, &headers, values, &mut odd)
    })?;
    sink.close()?;
    odd.into_warnings(&mut report.warnings, profile);
    Ok(report)
}
