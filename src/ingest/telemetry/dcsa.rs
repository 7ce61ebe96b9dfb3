//! DCSA Track & Trace files (`dcsa`): events of 2.2, 3.0 beta and 3.0, IoT (door, location)
//! and reefer readings. What an event means is in [`crate::telemetry::rows::dcsa`]; here the file is
//! read, superseded updates and retractions are counted, and events are written.

use super::report::{InvalidContainers, TelemetryFormat, TelemetryReport};
use super::sink::Sink;
use crate::error::{Error, Result};
use crate::ingest::session::LoadSession;
use crate::ingest::source;
use crate::telemetry::rows::dcsa;
use std::path::Path;

/// One row per event, at its ordinal in the file. An event updated later in the same file
/// (same eventID, later eventUpdatedDateTime) replaces the earlier one; retractions remove
/// nothing here and are skipped and counted.
pub(super) fn load_dcsa(
    session: &LoadSession<'_>,
    path: &Path,
    fp: &source::Fingerprint,
) -> Result<TelemetryReport> {
    let text = source::read_whole_text(path, session.limits())?;
    let doc: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        Error::bad_input(
            path,
            format!("not JSON: {e}"),
            "a DCSA file is a JSON array of events or {\"events\": [...]}",
        )
    })?;
    let events = dcsa::events_of(doc).ok_or_else(|| {
        Error::bad_input(
            path,
            "neither an array of events nor {\"events\": [...]}",
            "check the export",
        )
    })?;
    let mut report = TelemetryReport::new(session, fp, TelemetryFormat::Dcsa);
    report.lines = events.len() as u64;
    let keep = dcsa::latest_updates(&events);
    let mut bad_containers = InvalidContainers::default();
    let mut sink = Sink::open(session)?;
    for (i, e) in events.iter().enumerate() {
        let number = i as i64 + 1;
        if !keep.contains(&i) {
            *report
                .skipped
                .entry("superseded by a later update".into())
                .or_default() += 1;
            continue;
        }
        match dcsa::event(e) {
            Ok(Some(mut event)) => {
                event.source_row = number;
                bad_containers.check(&event);
                sink.push(&mut report, event)?;
            }
            Ok(None) => *report.skipped.entry("retraction".into()).or_default() += 1,
            Err(reason) => {
                let key = reason.split(" `").next().unwrap_or(&reason);
                sink.reject(&mut report, number, key, &reason, Some(&e.to_string()))?;
            }
        }
    }
    sink.close()?;
    bad_containers.warn(&mut report);
    Ok(report)
}
