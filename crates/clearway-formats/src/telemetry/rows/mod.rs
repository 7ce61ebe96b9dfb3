//! Telemetry records turned into events, with no database in sight.
//!
//! Why a module of its own: what a row of a tracker export, a DCSA event or a drone log *means*
//! (which columns, which units, which shape) is pure decoding, testable without a workspace,
//! and it belongs with the other format readers that need no DuckDB (the AIS and Remote ID
//! decoders beside it). Nothing here uses a database; a row's problem is a plain value
//! ([`RowProblem`]) that the loader turns into a reject. The loaders in the main crate's
//! `ingest::telemetry` (one per family: ais, containers, dcsa, drone) read files, write rows
//! and keep the report.
//!
//! This module holds the [`Event`] every format decodes into and the field helpers they share.

pub mod ais;
pub mod containers;
pub mod dcsa;
pub mod drone;

/// One decoded event, in the columns of `telemetry_events` (lineage apart: the loader adds
/// the file and the load).
#[derive(Default)]
pub struct Event {
    pub source: &'static str,
    pub device_id: Option<String>,
    pub container_id: Option<String>,
    pub mmsi: Option<String>,
    pub imo: Option<String>,
    pub ts: Option<i64>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub speed_kn: Option<f64>,
    pub course_deg: Option<f64>,
    pub event_type: String,
    pub temperature_c: Option<f64>,
    pub humidity_pct: Option<f64>,
    pub location_code: Option<String>,
    pub payload: String,
    /// The line (or, for JSON documents, the record) the event was read from.
    pub source_row: i64,
}

/// Why a row is rejected: the report's short key and the full reason.
pub type RowProblem = (&'static str, String);

/// A CSV row as the JSON payload: every column that has a value, by header (a DMA header's
/// leading `# ` dropped).
pub fn row_payload<'a>(headers: &[String], values: impl Iterator<Item = &'a str>) -> String {
    serde_json::Value::Object(row_fields(headers, values)).to_string()
}

/// [`row_payload`]'s fields, for a loader that adds its own.
pub fn row_fields<'a>(
    headers: &[String],
    values: impl Iterator<Item = &'a str>,
) -> serde_json::Map<String, serde_json::Value> {
    headers
        .iter()
        .zip(values)
        .filter_map(|(h, v)| {
            present(v).map(|v| {
                (
                    h.trim_start_matches("# ").to_string(),
                    serde_json::Value::String(v.to_string()),
                )
            })
        })
        .collect()
}

/// Text placeholders the exports use for "no value".
pub fn present(value: &str) -> Option<&str> {
    let v = value.trim();
    (!v.is_empty() && !matches!(v, "Unknown" | "Undefined" | "Unknown value" | "NA")).then_some(v)
}

/// A timestamp as tracker exports write them: RFC 3339, ISO without a zone (UTC), or a Unix
/// time ([`parse_unix_time`]).
pub fn parse_time(text: &str) -> Option<i64> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(text) {
        return Some(t.timestamp_micros());
    }
    if let Some(t) = parse_unix_time(text) {
        return Some(t);
    }
    [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S%.f",
    ]
    .iter()
    .find_map(|f| chrono::NaiveDateTime::parse_from_str(text, f).ok())
    .map(|t| t.and_utc().timestamp_micros())
}

/// A Unix time in microseconds: 9 or 10 digits are seconds from 1e8 (1973) to 2286, with a
/// fraction when one follows a dot (cut to microseconds); 12 or 13 digits are milliseconds of
/// the same years. Other lengths are not taken for one, so an eight-digit `20250601` is never
/// 1970's 8 June. The same rule as the declarations loader's (`EPOCH_TEXT` and
/// `epoch_to_timestamp` in clearway's ingest).
pub fn parse_unix_time(text: &str) -> Option<i64> {
    let (whole, fraction) = match text.split_once('.') {
        Some((_, "")) => return None,
        Some(parts) => parts,
        None => (text, ""),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) {
        return None;
    }
    let n: i64 = whole.parse().ok()?;
    match (whole.len(), fraction.is_empty()) {
        (9 | 10, _) if n >= 100_000_000 => {
            let micros: String = fraction
                .chars()
                .chain(std::iter::repeat('0'))
                .take(6)
                .collect();
            Some(n * 1_000_000 + micros.parse::<i64>().ok()?)
        }
        (12 | 13, true) if n >= 100_000_000_000 => Some(n * 1_000),
        _ => None,
    }
}

/// A container number as the rules compare it: no spaces or dashes, upper case.
pub fn container_number(text: &str) -> String {
    text.replace([' ', '-'], "").to_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_no_value_and_payloads_keep_the_rest() {
        assert_eq!(present(" NA "), None);
        assert_eq!(present(" 12 "), Some("12"));
        let headers = vec!["# Timestamp".to_string(), "MMSI".into(), "Name".into()];
        assert_eq!(
            row_payload(
                &headers,
                ["01/01/2025 00:00:00", "219000000", "Unknown"].into_iter()
            ),
            r#"{"Timestamp":"01/01/2025 00:00:00","MMSI":"219000000"}"#
        );
    }

    #[test]
    fn times_with_and_without_a_zone() {
        let utc = parse_time("2025-06-01T08:00:00Z");
        assert_eq!(utc, parse_time("2025-06-01 08:00:00"));
        assert_eq!(utc, parse_time("2025-06-01T10:00:00+02:00"));
        assert_eq!(parse_time("yesterday"), None);
        // Unix times: seconds (with a fraction) and milliseconds; other lengths are not
        assert_eq!(utc, parse_time("1748764800"));
        assert_eq!(utc, parse_time("1748764800000"));
        assert_eq!(parse_time("1748764800.25"), utc.map(|t| t + 250_000));
        assert_eq!(parse_time("20250601"), None);
        assert_eq!(parse_time("17487648000"), None);
        assert_eq!(parse_time("1748764800000.5"), None);
        assert_eq!(parse_time("-1748764800"), None);
        // the bounds: 1e8 seconds and 1e11 milliseconds are the first Unix times taken
        assert_eq!(parse_time("100000000"), Some(100_000_000_000_000));
        assert_eq!(parse_time("099999999"), None);
        assert_eq!(parse_time("000000001"), None);
        assert_eq!(parse_time("9999999999"), Some(9_999_999_999_000_000));
        assert_eq!(parse_time("100000000000"), Some(100_000_000_000_000));
        assert_eq!(parse_time("099999999999"), None);
        assert_eq!(parse_time("1748764800."), None);
        assert_eq!(parse_time(".5"), None);
        assert_eq!(parse_time("1748764800.1234567"), utc.map(|t| t + 123_456));
        assert_eq!(container_number("mscu 123-4566"), "MSCU1234566");
    }
}
