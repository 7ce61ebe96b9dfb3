#![no_main]
//! Fuzz target: see docs/reliability.md, section "Fuzzing".
use libfuzzer_sys::fuzz_target;

use clearway_formats::telemetry::rows::{ais, containers, dcsa, drone};
use std::collections::HashMap;

// The row readers of `load telemetry` on one input, each as the load drives it: DCSA Track &
// Trace JSON (events, superseded updates, one event each), and the CSV shapes — container
// tracker/IoT rows, drone logs (AirData, FlightRecord, Remote ID hex) and AIS CSV exports —
// with the header and records split by the `csv` crate as the loader's reader does.
fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = serde_json::from_slice::<serde_json::Value>(data) {
        if let Some(events) = dcsa::events_of(doc) {
            let _ = dcsa::latest_updates(&events);
            for e in &events {
                let _ = dcsa::event(e);
            }
        }
        return;
    }
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(data);
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(String::from).collect(),
        Err(_) => return,
    };
    let records: Vec<Vec<String>> = reader
        .records()
        .take(4096)
        .filter_map(Result::ok)
        .map(|r| r.iter().map(String::from).collect())
        .collect();

    let _ = containers::looks_like_tracker_header(&headers.join(","));
    if let Ok(columns) = containers::TrackerColumns::find(&headers, &HashMap::new()) {
        for r in &records {
            let _ = columns.event(&headers, r);
        }
    }

    if let Some(profile) = drone::DroneProfile::of_header(&headers) {
        if let Some(mut state) = drone::Reader::new(profile, &headers) {
            let mut odd = drone::Oddities::default();
            for r in &records {
                let values: Vec<&str> = r.iter().map(String::as_str).collect();
                let _ = state.event("fuzz", &headers, &values, &mut odd);
            }
            let mut warnings = Vec::new();
            odd.into_warnings(&mut warnings, profile);
        }
    }

    if let Some(profile) = ais::AisCsvProfile::of_header(&headers.join(",")) {
        if let Some(columns) = ais::AisCsvColumns::find(profile, &headers) {
            for r in &records {
                let values: Vec<&str> = r.iter().map(String::as_str).collect();
                let _ = columns.event(&headers, &values);
            }
        }
    }
});
