//! Drone logs in `telemetry_events` terms: which of the three CSV shapes a log is (AirData,
//! DJI FlightRecord, Remote ID receiver logs; the loader `ingest::telemetry::drone` describes
//! them), and a row of it as an [`Event`] with a drone id.
//!
//! One line is one row. Positions at (0, 0) — DJI writes them before the GPS fix — are kept
//! without coordinates. Timestamps that run backwards and `flyTime` resets are counted
//! ([`Oddities`]): reference check 12 reads them as signs of a spliced or edited log.

use super::{parse_time, present, row_fields, Event, RowProblem};
use crate::limits::excerpt;
use crate::telemetry::remote_id::{self, Message};
use std::collections::HashMap;

/// The drone log shapes clearway reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DroneProfile {
    AirData,
    FlightRecord,
    RemoteId,
}

const REMOTE_ID_TIME: &[&str] = &["received_at", "timestamp", "time", "ts_utc", "ts"];
const REMOTE_ID_DATA: &[&str] = &["message", "payload", "hex", "data", "odid"];
const REMOTE_ID_SENDER: &[&str] = &["mac", "sender", "transmitter", "address", "source"];

impl DroneProfile {
    pub fn of_header(headers: &[String]) -> Option<Self> {
        let lower: Vec<String> = headers.iter().map(|h| h.to_ascii_lowercase()).collect();
        let has = |name: &str| lower.iter().any(|h| h.starts_with(name));
        let named = |names: &[&str]| lower.iter().any(|h| names.contains(&h.as_str()));
        if has("datetime(utc)") && has("latitude") {
            Some(DroneProfile::AirData)
        } else if has("osd.latitude") {
            Some(DroneProfile::FlightRecord)
        } else if named(REMOTE_ID_TIME) && named(REMOTE_ID_DATA) {
            Some(DroneProfile::RemoteId)
        } else {
            None
        }
    }
}

/// The unit written in a column name: `speed(mph)`, `OSD.height [ft]`.
fn unit_of(header: &str) -> String {
    header
        .split(['(', '['])
        .nth(1)
        .map(|u| u.trim_end_matches([')', ']', ' ']).to_ascii_lowercase())
        .unwrap_or_default()
}

/// Metres per unit of a length column (feet or metres).
fn metres_per(unit: &str) -> f64 {
    if matches!(unit, "feet" | "ft") {
        0.3048
    } else {
        1.0
    }
}

/// Knots per unit of a speed column.
fn knots_per(unit: &str) -> f64 {
    match unit {
        "mph" => 0.868_976,
        "m/s" | "meters/s" | "ms" => 1.943_844,
        "kph" | "km/h" | "kmh" => 0.539_957,
        _ => 1.0,
    }
}

/// Where the columns of a DJI export are: index and unit factor.
pub struct DjiColumns {
    time: usize,
    date: Option<usize>,
    lat: usize,
    lon: usize,
    height: Option<(usize, f64)>,
    speed: Option<(usize, f64)>,
    /// x and y speeds when there is no ground speed column (FlightRecord).
    xy_speed: Option<(usize, usize, f64)>,
    heading: Option<usize>,
    fly_time: Option<usize>,
    serial: Option<usize>,
    /// FlightRecord times (local clock, several layouts) rather than AirData's ISO UTC.
    flight_record: bool,
}

impl DjiColumns {
    fn find(profile: DroneProfile, headers: &[String]) -> Option<Self> {
        let lower: Vec<String> = headers.iter().map(|h| h.to_ascii_lowercase()).collect();
        let starts = |prefix: &str| lower.iter().position(|h| h.starts_with(prefix));
        let with_unit = |i: Option<usize>, factor: fn(&str) -> f64| {
            i.map(|i| (i, factor(&unit_of(&headers[i]))))
        };
        match profile {
            DroneProfile::AirData => Some(DjiColumns {
                time: starts("datetime(utc)")?,
                date: None,
                lat: starts("latitude")?,
                lon: starts("longitude")?,
                height: with_unit(starts("height_above_takeoff"), metres_per),
                speed: with_unit(starts("speed("), knots_per),
                xy_speed: None,
                heading: starts("compass_heading"),
                fly_time: starts("time(millisecond)"),
                serial: None,
                flight_record: false,
            }),
            DroneProfile::FlightRecord => {
                let x = starts("osd.xspeed");
                let y = starts("osd.yspeed");
                Some(DjiColumns {
                    time: starts("custom.updatetime")?,
                    date: starts("custom.date"),
                    lat: starts("osd.latitude")?,
                    lon: starts("osd.longitude")?,
                    height: with_unit(starts("osd.height "), metres_per)
                        .or_else(|| with_unit(starts("osd.height"), metres_per)),
                    speed: with_unit(starts("osd.hspeed"), knots_per),
                    xy_speed: x
                        .zip(y)
                        .map(|(x, y)| (x, y, knots_per(&unit_of(&headers[x])))),
                    heading: starts("osd.yaw"),
                    fly_time: starts("osd.flytime"),
                    serial: starts("details.aircraftsn"),
                    flight_record: true,
                })
            }
            DroneProfile::RemoteId => None,
        }
    }
}

/// A FlightRecord time: the full `2023/05/01 12:34:56.78` (or US `05/01/2023 12:34:56.78 PM`),
/// or a bare time of day joined to the `CUSTOM.date` column.
fn flight_record_time(time: &str, date: Option<&str>) -> Option<i64> {
    const FULL: &[&str] = &[
        "%Y/%m/%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%m/%d/%Y %I:%M:%S%.f %p",
        "%m/%d/%Y %H:%M:%S%.f",
    ];
    let parse = |text: &str| {
        FULL.iter()
            .find_map(|f| chrono::NaiveDateTime::parse_from_str(text, f).ok())
    };
    parse(time)
        .or_else(|| date.and_then(|d| parse(&format!("{d} {time}"))))
        .map(|t| t.and_utc().timestamp_micros())
        .or_else(|| parse_time(time))
}

/// Counters behind the load's warnings.
#[derive(Default)]
pub struct Oddities {
    no_fix: u64,
    backwards: u64,
    fly_time_resets: u64,
    unidentified: u64,
    last_ts: HashMap<String, i64>,
    last_fly_time: Option<f64>,
}

impl Oddities {
    fn saw_time(&mut self, drone: &str, ts: i64) {
        if let Some(prev) = self.last_ts.insert(drone.to_string(), ts) {
            self.backwards += u64::from(ts < prev);
        }
    }

    pub fn into_warnings(self, w: &mut Vec<String>, profile: DroneProfile) {
        if self.no_fix > 0 {
            w.push(format!(
                "{} row(s) at (0, 0) or off the globe (no GPS fix): stored without coordinates",
                self.no_fix
            ));
        }
        if self.backwards > 0 {
            w.push(format!("{} time stamp(s) earlier than the row before for the same drone: a spliced or edited log?", self.backwards));
        }
        if self.fly_time_resets > 0 {
            w.push(format!(
                "flyTime went back to a lower value {} time(s) within one log: a spliced log or several flights in one file",
                self.fly_time_resets
            ));
        }
        if self.unidentified > 0 {
            w.push(format!("{} Remote ID location(s) before any Basic ID from their transmitter: identified by the transmitter address", self.unidentified));
        }
        if profile == DroneProfile::FlightRecord {
            w.push("FlightRecord times are the recording device's local clock, stored as written (the export does not name its UTC offset)".into());
        }
    }
}

/// What reading a log needs to carry from line to line.
pub enum Reader {
    /// DJI columns and the aircraft serial seen so far.
    Dji(DjiColumns, Option<String>),
    RemoteId(RemoteIdReader),
}

impl Reader {
    /// The reader of a log of `profile`; `None` when its header lacks a column it needs.
    pub fn new(profile: DroneProfile, headers: &[String]) -> Option<Self> {
        match profile {
            DroneProfile::RemoteId => RemoteIdReader::find(headers).map(Reader::RemoteId),
            _ => DjiColumns::find(profile, headers).map(|columns| Reader::Dji(columns, None)),
        }
    }

    /// The next row's event, or why it is rejected. A DJI log without an aircraft serial names
    /// its drone by `file_stem`.
    pub fn event(
        &mut self,
        file_stem: &str,
        headers: &[String],
        values: &[&str],
        odd: &mut Oddities,
    ) -> Result<Event, RowProblem> {
        match self {
            Reader::Dji(columns, serial) => {
                dji_event(columns, serial, file_stem, headers, values, odd)
            }
            Reader::RemoteId(r) => r.event(headers, values, odd),
        }
    }
}

fn dji_event(
    c: &DjiColumns,
    serial: &mut Option<String>,
    file_stem: &str,
    headers: &[String],
    values: &[&str],
    odd: &mut Oddities,
) -> std::result::Result<Event, RowProblem> {
    let field = |i: usize| values.get(i).copied().and_then(present);
    let number = |i: usize| -> std::result::Result<Option<f64>, RowProblem> {
        match field(i) {
            None => Ok(None),
            Some(v) => v.parse::<f64>().map(Some).map_err(|_| {
                (
                    "not a number",
                    format!("{} `{}` is not a number", excerpt(&headers[i]), excerpt(v)),
                )
            }),
        }
    };
    let time_text = field(c.time).unwrap_or("");
    let ts = if c.flight_record {
        flight_record_time(time_text, c.date.and_then(field))
    } else {
        parse_time(time_text)
    }
    .ok_or_else(|| {
        (
            "timestamp",
            format!("time `{time_text}` is not a date and time this export writes"),
        )
    })?;
    let (lat, lon) = (number(c.lat)?, number(c.lon)?);
    let on_fix = matches!((lat, lon), (Some(a), Some(o)) if (a != 0.0 || o != 0.0) && a.abs() <= 90.0 && o.abs() <= 180.0);
    odd.no_fix += u64::from(!on_fix);
    if let Some(sn) = c.serial.and_then(field) {
        serial.get_or_insert_with(|| sn.to_string());
    }
    let drone = serial.clone().unwrap_or_else(|| file_stem.to_string());
    odd.saw_time(&drone, ts);
    if let Some(i) = c.fly_time {
        if let Some(t) = number(i)? {
            if odd.last_fly_time.is_some_and(|prev| t + 1.0 < prev) {
                odd.fly_time_resets += 1;
            }
            odd.last_fly_time = Some(t);
        }
    }
    let speed_kn = match (c.speed, c.xy_speed) {
        (Some((i, k)), _) => number(i)?.map(|s| s.abs() * k),
        (None, Some((x, y, k))) => match (number(x)?, number(y)?) {
            (Some(x), Some(y)) => Some(x.hypot(y) * k),
            _ => None,
        },
        _ => None,
    };
    let height_m = match c.height {
        Some((i, k)) => number(i)?.map(|h| h * k),
        None => None,
    };
    let heading = match c.heading {
        Some(i) => number(i)?.map(|h| h.rem_euclid(360.0)),
        None => None,
    };
    let mut payload = row_fields(headers, values.iter().copied());
    payload.insert("drone_id".into(), serde_json::json!(drone));
    if let Some(h) = height_m {
        payload.insert("height_m".into(), serde_json::json!(h));
    }
    Ok(Event {
        source: "drone",
        device_id: Some(drone),
        ts: Some(ts),
        lat: lat.filter(|_| on_fix),
        lon: lon.filter(|_| on_fix),
        speed_kn,
        course_deg: heading,
        event_type: "position".into(),
        payload: serde_json::Value::Object(payload).to_string(),
        ..Default::default()
    })
}

/// A Remote ID log's columns and the UAS id last announced by each transmitter.
pub struct RemoteIdReader {
    time: usize,
    data: usize,
    sender: Option<usize>,
    ids: HashMap<String, String>,
}

impl RemoteIdReader {
    /// The log's columns; `None` without a time or a message column.
    fn find(headers: &[String]) -> Option<Self> {
        let find = |names: &[&str]| {
            headers
                .iter()
                .position(|h| names.contains(&h.to_ascii_lowercase().as_str()))
        };
        Some(RemoteIdReader {
            time: find(REMOTE_ID_TIME)?,
            data: find(REMOTE_ID_DATA)?,
            sender: find(REMOTE_ID_SENDER),
            ids: HashMap::new(),
        })
    }

    fn event(
        &mut self,
        headers: &[String],
        values: &[&str],
        odd: &mut Oddities,
    ) -> std::result::Result<Event, RowProblem> {
        let field = |i: usize| values.get(i).copied().and_then(present);
        let time_text = field(self.time).unwrap_or("");
        let received = parse_time(time_text)
            .and_then(chrono::DateTime::from_timestamp_micros)
            .ok_or_else(|| {
                (
                    "timestamp",
                    format!("time `{time_text}` is not ISO 8601 / RFC 3339 or a Unix time"),
                )
            })?;
        let hex = field(self.data).unwrap_or("");
        let messages = remote_id::from_hex(hex)
            .and_then(|bytes| remote_id::decode(&bytes))
            .map_err(|e| {
                (
                    "not a Remote ID message",
                    format!("not a Remote ID message: {e}"),
                )
            })?;
        // one transmitter per log when the receiver does not name it
        let sender = self.sender.and_then(field).unwrap_or("").to_string();
        for m in &messages {
            if let Message::BasicId { uas_id, .. } = m {
                if !uas_id.is_empty() {
                    self.ids.insert(sender.clone(), uas_id.clone());
                }
            }
        }
        let location = messages.iter().find_map(|m| match m {
            Message::Location {
                lat,
                lon,
                speed_ms,
                direction_deg,
                tenths_after_hour,
                ..
            } => Some((*lat, *lon, *speed_ms, *direction_deg, *tenths_after_hour)),
            _ => None,
        });
        let operator = messages.iter().find_map(|m| match m {
            Message::System {
                operator_lat: Some(a),
                operator_lon: Some(o),
                ..
            } => Some((*a, *o)),
            _ => None,
        });
        let drone = self.ids.get(&sender).cloned();
        if drone.is_none() && location.is_some() {
            odd.unidentified += 1;
        }
        let device = drone.or_else(|| (!sender.is_empty()).then(|| sender.clone()));
        let (event_type, lat, lon, speed_kn, course, ts) = match (location, operator) {
            (Some((lat, lon, speed, dir, tenths)), _) => {
                odd.no_fix += u64::from(lat.is_none());
                let ts = tenths.map_or(received, |t| remote_id::location_time(received, t));
                ("position", lat, lon, speed.map(|s| s * 1.943_844), dir, ts)
            }
            (None, Some((a, o))) => ("operator_position", Some(a), Some(o), None, None, received),
            (None, None) => ("identity", None, None, None, None, received),
        };
        if let Some(d) = &device {
            odd.saw_time(d, ts.timestamp_micros());
        }
        let mut payload = row_fields(headers, values.iter().copied());
        payload.insert("messages".into(), serde_json::json!(messages));
        if let Some(d) = &device {
            payload.insert("drone_id".into(), serde_json::json!(d));
        }
        if let Some(Message::Location {
            height_m: Some(h), ..
        }) = messages
            .iter()
            .find(|m| matches!(m, Message::Location { .. }))
        {
            payload.insert("height_m".into(), serde_json::json!(h));
        }
        Ok(Event {
            source: "drone",
            device_id: device,
            ts: Some(ts.timestamp_micros()),
            lat,
            lon,
            speed_kn,
            course_deg: course,
            event_type: event_type.into(),
            payload: serde_json::Value::Object(payload).to_string(),
            ..Default::default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_come_from_the_column_names() {
        assert_eq!(unit_of("height_above_takeoff(feet)"), "feet");
        assert_eq!(unit_of("OSD.height [ft]"), "ft");
        assert_eq!(unit_of("OSD.hSpeed [m/s]"), "m/s");
        assert!((metres_per("feet") - 0.3048).abs() < 1e-12);
        assert!((knots_per("mph") * 100.0 - 86.8976).abs() < 1e-3);
        assert_eq!(knots_per("knots"), 1.0);
    }

    #[test]
    fn flight_record_times_in_every_layout() {
        let want = chrono::NaiveDate::from_ymd_opt(2023, 5, 1)
            .unwrap()
            .and_hms_milli_opt(12, 34, 56, 780)
            .unwrap()
            .and_utc()
            .timestamp_micros();
        assert_eq!(
            flight_record_time("2023/05/01 12:34:56.78", None),
            Some(want)
        );
        assert_eq!(
            flight_record_time("05/01/2023 12:34:56.78 PM", None),
            Some(want)
        );
        assert_eq!(
            flight_record_time("12:34:56.78", Some("2023/05/01")),
            Some(want)
        );
        assert_eq!(flight_record_time("noon", None), None);
    }

    #[test]
    fn profiles_are_told_apart_by_their_header() {
        let h = |s: &str| s.split(',').map(String::from).collect::<Vec<_>>();
        assert_eq!(
            DroneProfile::of_header(&h("time(millisecond),datetime(utc),latitude,longitude")),
            Some(DroneProfile::AirData)
        );
        assert_eq!(
            DroneProfile::of_header(&h("CUSTOM.updateTime [local],OSD.latitude,OSD.longitude")),
            Some(DroneProfile::FlightRecord)
        );
        assert_eq!(
            DroneProfile::of_header(&h("received_at,mac,rssi,message")),
            Some(DroneProfile::RemoteId)
        );
        assert_eq!(DroneProfile::of_header(&h("ts,lat,lon")), None);
    }
}
