//! Tracker, e-seal and reefer exports (CSV or JSON) in `telemetry_events` terms: which column
//! is which, and a row as an [`Event`].

use super::{container_number, parse_time, present, row_fields, Event, RowProblem};
use crate::limits::excerpt;
use std::collections::HashMap;

/// The tracker / e-seal / reefer profile: canonical field → header names it is recognised by
/// (lower case). Vendor exports differ (reference: telemetry.md §3); a TOML file given with
/// `--mapping` names the header of any field: `[columns]` then `ts = "Time (UTC)"`.
pub const IOT_COLUMNS: &[(&str, &[&str])] = &[
    (
        "device_id",
        &["device_id", "device", "tracker_id", "unit_id"],
    ),
    (
        "container_id",
        &[
            "container_id",
            "container",
            "equipment_reference",
            "container_number",
        ],
    ),
    ("seal_id", &["seal_id", "seal", "seal_number"]),
    (
        "ts",
        &[
            "ts_utc",
            "ts",
            "timestamp",
            "event_time",
            "time_utc",
            "time",
        ],
    ),
    ("lat", &["lat", "latitude"]),
    ("lon", &["lon", "lng", "longitude"]),
    ("speed_kmh", &["speed_kmh", "speed"]),
    ("temperature_c", &["temperature_c", "temperature", "temp_c"]),
    ("setpoint_c", &["setpoint_c", "setpoint"]),
    ("humidity_pct", &["humidity_pct", "humidity"]),
    ("event_type", &["event_type", "event"]),
    ("door_state", &["door_state", "door"]),
    ("seal_state", &["seal_state"]),
];

/// True when a CSV header names at least three fields of the profile: a tracker export.
pub fn looks_like_tracker_header(header: &str) -> bool {
    let lower = header.to_ascii_lowercase();
    IOT_COLUMNS
        .iter()
        .filter(|(_, names)| {
            names
                .iter()
                .any(|n| lower.split(',').any(|h| h.trim() == *n))
        })
        .count()
        >= 3
}

/// Why an export's columns cannot be read: what is wrong and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnProblem {
    pub message: String,
    pub help: String,
}

/// Where the fields of a tracker export are.
pub struct TrackerColumns {
    ts: usize,
    device: Option<usize>,
    container: Option<usize>,
    seal: Option<usize>,
    lat: Option<usize>,
    lon: Option<usize>,
    speed: Option<usize>,
    temperature: Option<usize>,
    humidity: Option<usize>,
    event: Option<usize>,
    door: Option<usize>,
    seal_state: Option<usize>,
}

impl TrackerColumns {
    /// The fields in `headers`, by the names `mapped` gives (field → header) or else by the
    /// profile's names. A mapped header that is not there, no time, and neither a device nor
    /// a container are problems.
    pub fn find(
        headers: &[String],
        mapped: &HashMap<String, String>,
    ) -> Result<Self, ColumnProblem> {
        let find = |field: &str| -> Option<usize> {
            match mapped.get(field) {
                Some(h) => headers.iter().position(|x| x == h),
                None => IOT_COLUMNS
                    .iter()
                    .find(|(f, _)| *f == field)
                    .and_then(|(_, names)| {
                        headers
                            .iter()
                            .position(|h| names.contains(&h.to_ascii_lowercase().as_str()))
                    }),
            }
        };
        for (field, header) in mapped {
            if find(field).is_none() {
                return Err(ColumnProblem {
                    message: format!(
                        "the mapping names `{header}` for {field}, but the file has no such column"
                    ),
                    help: format!("columns: {}", headers.join(", ")),
                });
            }
        }
        let Some(ts) = find("ts") else {
            return Err(ColumnProblem {
                message: "no timestamp column (ts_utc, timestamp, event_time …)".into(),
                help: "name it with --mapping: [columns] ts = \"…\"".into(),
            });
        };
        let (device, container) = (find("device_id"), find("container_id"));
        if device.is_none() && container.is_none() {
            return Err(ColumnProblem {
                message: "neither a device nor a container column".into(),
                help: "name one with --mapping: [columns] container_id = \"…\"".into(),
            });
        }
        Ok(TrackerColumns {
            ts,
            device,
            container,
            seal: find("seal_id"),
            lat: find("lat"),
            lon: find("lon"),
            speed: find("speed_kmh"),
            temperature: find("temperature_c"),
            humidity: find("humidity_pct"),
            event: find("event_type"),
            door: find("door_state"),
            seal_state: find("seal_state"),
        })
    }

    /// The row's event, or why it is rejected: no readable time, a value that is not a
    /// number, a position off the globe. Speeds are converted from km/h to knots; without an
    /// event column the door or seal state says what happened.
    pub fn event(&self, headers: &[String], record: &[String]) -> Result<Event, RowProblem> {
        let field = |i: Option<usize>| {
            i.and_then(|i| record.get(i))
                .map(String::as_str)
                .and_then(present)
        };
        let Some(time) = field(Some(self.ts)).and_then(parse_time) else {
            return Err((
                "timestamp",
                format!(
                    "timestamp `{}` is not ISO 8601 / RFC 3339 or a Unix time",
                    excerpt(field(Some(self.ts)).unwrap_or(""))
                ),
            ));
        };
        let mut number_problem = None;
        let mut number = |i: Option<usize>, name: &str| -> Option<f64> {
            let v = field(i)?;
            match v.parse::<f64>() {
                Ok(n) => Some(n),
                Err(_) => {
                    number_problem.get_or_insert(format!(
                        "{} `{}` is not a number",
                        excerpt(name),
                        excerpt(v)
                    ));
                    None
                }
            }
        };
        let (la, lo) = (number(self.lat, "latitude"), number(self.lon, "longitude"));
        let (kmh, t, h) = (
            number(self.speed, "speed"),
            number(self.temperature, "temperature"),
            number(self.humidity, "humidity"),
        );
        if let Some(problem) = number_problem {
            return Err(("not a number", problem));
        }
        if matches!((la, lo), (Some(a), Some(o)) if !(-90.0..=90.0).contains(&a) || !(-180.0..=180.0).contains(&o))
        {
            return Err((
                "position off the globe",
                format!(
                    "position {}, {} is off the globe",
                    la.unwrap_or(0.0),
                    lo.unwrap_or(0.0)
                ),
            ));
        }
        // the event: as exported, else what the door or seal state says
        let event_type = field(self.event)
            .map(|e| e.to_ascii_lowercase())
            .unwrap_or_else(|| {
                match (
                    field(self.door).map(str::to_ascii_lowercase),
                    field(self.seal_state).map(str::to_ascii_lowercase),
                ) {
                    (Some(d), _) if d == "open" || d == "opened" => "door_open".into(),
                    (_, Some(s)) if matches!(s.as_str(), "opened" | "tampered" | "cut") => {
                        format!("seal_{s}")
                    }
                    _ => "position".into(),
                }
            });
        let mut payload = row_fields(headers, record.iter().map(String::as_str));
        if let Some(seal) = field(self.seal) {
            // the one place the seal rule looks, whatever the export called its column
            payload.insert("seal_ids".into(), serde_json::json!([seal]));
        }
        Ok(Event {
            source: "iot",
            device_id: field(self.device).map(String::from),
            container_id: field(self.container).map(container_number),
            ts: Some(time),
            lat: la,
            lon: lo,
            speed_kn: kmh.map(|k| k / 1.852),
            event_type,
            temperature_c: t,
            humidity_pct: h,
            payload: serde_json::Value::Object(payload).to_string(),
            ..Default::default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(text: &str) -> Vec<String> {
        text.split(',').map(String::from).collect()
    }

    #[test]
    fn columns_are_found_by_name_or_by_the_mapping() {
        assert!(looks_like_tracker_header("Unit,When,lat,lon,Door"));
        assert!(!looks_like_tracker_header("Unit,When,lat"));
        let headers = strings("Unit,When,lat,lon,Door");
        let problem = TrackerColumns::find(&headers, &HashMap::new())
            .err()
            .unwrap();
        assert!(problem.message.starts_with("no timestamp column"));
        let mapped = HashMap::from([("ts".to_string(), "When".to_string())]);
        let problem = TrackerColumns::find(&headers, &mapped).err().unwrap();
        assert_eq!(problem.message, "neither a device nor a container column");
        let mapped = HashMap::from([
            ("ts".to_string(), "When".to_string()),
            ("device_id".to_string(), "Unit".to_string()),
        ]);
        let columns = TrackerColumns::find(&headers, &mapped).unwrap();
        let e = columns
            .event(&headers, &strings("T1,2025-06-01T08:00:00Z,51.9,4.1,open"))
            .unwrap();
        assert_eq!(
            (e.device_id.as_deref(), e.event_type.as_str()),
            (Some("T1"), "door_open")
        );
        let bad = columns
            .event(&headers, &strings("T1,2025-06-01T08:00:00Z,north,4.1,"))
            .err()
            .unwrap();
        assert_eq!(
            bad,
            ("not a number", "latitude `north` is not a number".into())
        );
        let off = columns
            .event(&headers, &strings("T1,2025-06-01T08:00:00Z,95,4.1,"))
            .err()
            .unwrap();
        assert_eq!(off.0, "position off the globe");
    }
}
