//! AIS in `telemetry_events` terms: a decoded NMEA message ([`crate::telemetry::ais`]) or a
//! row of an AIS CSV export (Danish Maritime Authority, MarineCadastre) as an [`Event`].

use super::{present, row_payload, Event, RowProblem};
use crate::telemetry::ais;

/// `telemetry_events.event_type` of an AIS message. Vessel position reports (1–3, 18, 19, 27)
/// are "position", the only kind the vessel rules pair with each other; the other messages
/// that carry a position — base stations (4), UTC responses (11), SAR aircraft (9), DGNSS
/// reference stations (17), aids to navigation (21, 28) — keep it in `lat`/`lon` under their own
/// type, so a buoy is never taken for a vessel lying alongside. Every decoded field is in the
/// payload.
pub fn event_type(msg_type: u8) -> &'static str {
    match msg_type {
        1..=3 | 18 | 19 | 27 => "position",
        5 | 24 => "static",
        4 => "base_station",
        11 => "utc_response",
        9 => "sar_aircraft",
        17 => "dgnss",
        21 | 28 => "aid_to_navigation",
        6 | 8 | 25 | 26 => "binary",
        7 | 13 => "acknowledgement",
        10 => "utc_inquiry",
        12 | 14 => "safety_message",
        15 => "interrogation",
        16 => "assignment",
        20 => "data_link_management",
        22 => "channel_management",
        23 => "group_assignment",
        _ => "other",
    }
}

/// The stored payload: every decoded field, the sentence text, station and lines. Written
/// straight to text — building a JSON tree per message cost more than decoding it.
pub fn payload_json(d: &ais::Decoded) -> String {
    let fields = serde_json::to_string(&d.message).expect("messages serialise");
    let mut out = String::with_capacity(fields.len() + d.raw.len() + 64);
    out.push_str(&fields[..fields.len() - 1]);
    out.push_str(",\"raw\":");
    out.push_str(&serde_json::to_string(&d.raw).expect("strings serialise"));
    if let Some(station) = &d.station {
        out.push_str(",\"station\":");
        out.push_str(&serde_json::to_string(station).expect("strings serialise"));
    }
    out.push_str(",\"lines\":[");
    out.push_str(
        &d.lines
            .iter()
            .map(|l| l.to_string())
            .collect::<Vec<_>>()
            .join(","),
    );
    out.push_str("]}");
    out
}

/// A decoded message as an event, at the line of its first sentence. A position that is not
/// available (lat 91 / lon 181) is stored without coordinates.
pub fn message_event(d: &ais::Decoded) -> Event {
    let m = &d.message;
    let (lat, lon) = if m.has_position() {
        (m.lat, m.lon)
    } else {
        (None, None)
    };
    Event {
        source: "ais",
        mmsi: Some(format!("{:09}", m.mmsi)),
        imo: m.imo.filter(|i| *i != 0).map(|i| i.to_string()),
        ts: d.received.map(|t| t.timestamp_micros()),
        lat,
        lon,
        speed_kn: m.sog(),
        course_deg: m.cog(),
        event_type: event_type(m.msg_type).to_string(),
        payload: payload_json(d),
        source_row: d.lines[0] as i64,
        ..Default::default()
    }
}

/// What an NMEA feed's messages say about its quality, for the load's warnings.
#[derive(Default)]
pub struct MessageOddities {
    bad_mmsi: u64,
    bad_imo: u64,
    no_position: u64,
    timed: u64,
    messages: u64,
}

impl MessageOddities {
    pub fn saw(&mut self, d: &ais::Decoded) {
        let m = &d.message;
        self.messages += 1;
        self.bad_mmsi += u64::from(ais::mmsi_problem(m.mmsi).is_some());
        self.bad_imo += u64::from(m.imo.is_some_and(|imo| imo != 0 && !ais::imo_is_valid(imo)));
        self.no_position += u64::from(event_type(m.msg_type) == "position" && !m.has_position());
        self.timed += u64::from(d.received.is_some());
    }

    pub fn into_warnings(self, warnings: &mut Vec<String>) {
        if self.bad_mmsi > 0 {
            warnings.push(format!(
                "{} message(s) with a placeholder or malformed MMSI (kept, flagged by the rules)",
                self.bad_mmsi
            ));
        }
        if self.bad_imo > 0 {
            warnings.push(format!(
                "{} IMO number(s) with a wrong check digit (kept)",
                self.bad_imo
            ));
        }
        if self.no_position > 0 {
            warnings.push(format!("{} position report(s) without a position (lat 91 / lon 181): stored without coordinates", self.no_position));
        }
        if self.timed == 0 && self.messages > 0 {
            warnings.push("no receive times (tag block c: or $PGHP): messages carry only the UTC second, so ts is empty and time-based rules cannot use them".into());
        }
    }
}

/// The AIS CSV exports clearway knows by their header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AisCsvProfile {
    /// Danish Maritime Authority `aisdk-*.csv` (22 or 26 columns), `dd/mm/yyyy HH:MM:SS`.
    Dma,
    /// MarineCadastre / USCG NAIS `AIS_YYYY_MM_DD.csv`, ISO timestamps, `IMO…` numbers.
    MarineCadastre,
}

impl AisCsvProfile {
    pub fn of_header(header: &str) -> Option<Self> {
        let h = header.to_ascii_lowercase();
        if h.contains("basedatetime") && h.contains("mmsi") {
            Some(AisCsvProfile::MarineCadastre)
        } else if h.contains("timestamp") && h.contains("type of mobile") && h.contains("mmsi") {
            Some(AisCsvProfile::Dma)
        } else {
            None
        }
    }

    /// Header names of (time, mmsi, lat, lon, sog, cog, imo).
    fn columns(self) -> [&'static str; 7] {
        match self {
            AisCsvProfile::Dma => [
                "# timestamp",
                "mmsi",
                "latitude",
                "longitude",
                "sog",
                "cog",
                "imo",
            ],
            AisCsvProfile::MarineCadastre => {
                ["basedatetime", "mmsi", "lat", "lon", "sog", "cog", "imo"]
            }
        }
    }

    /// The timestamp layout as an analyst writes it.
    fn time_layout(self) -> &'static str {
        match self {
            AisCsvProfile::Dma => "dd/mm/yyyy HH:MM:SS",
            AisCsvProfile::MarineCadastre => "YYYY-MM-DDTHH:MM:SS",
        }
    }

    fn time_format(self) -> &'static str {
        match self {
            AisCsvProfile::Dma => "%d/%m/%Y %H:%M:%S",
            AisCsvProfile::MarineCadastre => "%Y-%m-%dT%H:%M:%S",
        }
    }
}

/// Where the columns of an AIS CSV export are.
pub struct AisCsvColumns {
    profile: AisCsvProfile,
    time: usize,
    mmsi: usize,
    lat: usize,
    lon: usize,
    sog: Option<usize>,
    cog: Option<usize>,
    imo: Option<usize>,
}

impl AisCsvColumns {
    /// The columns of `profile` in `headers`; `None` when the time, MMSI, latitude or
    /// longitude is missing.
    pub fn find(profile: AisCsvProfile, headers: &[String]) -> Option<Self> {
        let lower: Vec<String> = headers.iter().map(|h| h.to_ascii_lowercase()).collect();
        let index = |name: &str| {
            lower.iter().position(|h| {
                h == name || h.trim_start_matches("# ") == name.trim_start_matches("# ")
            })
        };
        let [time, mmsi, lat, lon, sog, cog, imo] = profile.columns().map(index);
        Some(AisCsvColumns {
            profile,
            time: time?,
            mmsi: mmsi?,
            lat: lat?,
            lon: lon?,
            sog,
            cog,
            imo,
        })
    }

    /// The row's position report (a position off the globe stored without coordinates), or
    /// why it is rejected: no time, a time in another layout, an MMSI that is not a number.
    pub fn event(&self, headers: &[String], values: &[&str]) -> Result<Event, RowProblem> {
        let field = |i: Option<usize>| i.and_then(|i| values.get(i).copied()).and_then(present);
        let number = |i: Option<usize>| field(i).and_then(|v| v.parse::<f64>().ok());
        let time_text = field(Some(self.time));
        let ts = match time_text
            .map(|t| chrono::NaiveDateTime::parse_from_str(t, self.profile.time_format()))
        {
            None => return Err(("missing timestamp", "missing timestamp".to_string())),
            Some(Err(_)) => {
                return Err((
                    "timestamp format",
                    format!(
                        "timestamp `{}` is not {}",
                        time_text.unwrap_or(""),
                        self.profile.time_layout()
                    ),
                ))
            }
            Some(Ok(ts)) => ts,
        };
        let mmsi_text = field(Some(self.mmsi));
        let Some(Ok(mmsi)) = mmsi_text.map(|m| m.parse::<u32>()) else {
            return Err((
                "MMSI not a number",
                format!("MMSI `{}` is not a number", mmsi_text.unwrap_or("")),
            ));
        };
        let (la, lo) = (number(Some(self.lat)), number(Some(self.lon)));
        let on_globe = matches!((la, lo), (Some(a), Some(o)) if (-90.0..=90.0).contains(&a) && (-180.0..=180.0).contains(&o));
        Ok(Event {
            source: "ais",
            mmsi: Some(format!("{mmsi:09}")),
            imo: field(self.imo)
                .map(|i| i.trim_start_matches("IMO").to_string())
                .filter(|i| i.chars().all(|c| c.is_ascii_digit()) && i != "0"),
            ts: Some(ts.and_utc().timestamp_micros()),
            lat: la.filter(|_| on_globe),
            lon: lo.filter(|_| on_globe),
            speed_kn: number(self.sog).filter(|s| *s < 102.3),
            course_deg: number(self.cog).filter(|c| *c < 360.0),
            event_type: "position".into(),
            payload: row_payload(headers, values.iter().copied()),
            ..Default::default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dma() -> (AisCsvColumns, Vec<String>) {
        let headers: Vec<String> = "# Timestamp,Type of mobile,MMSI,Latitude,Longitude,SOG,COG,IMO"
            .split(',')
            .map(String::from)
            .collect();
        let profile = AisCsvProfile::of_header(&headers.join(",")).unwrap();
        assert_eq!(profile, AisCsvProfile::Dma);
        (AisCsvColumns::find(profile, &headers).unwrap(), headers)
    }

    #[test]
    fn a_dma_row_is_a_position_and_bad_rows_say_why() {
        let (columns, headers) = dma();
        let row = |text: &str| {
            let values: Vec<&str> = text.split(',').collect();
            columns.event(&headers, &values)
        };
        let e = row("01/06/2025 08:00:00,Class A,219000001,55.5,91.0,12.5,400,IMO9321483").unwrap();
        assert_eq!(e.mmsi.as_deref(), Some("219000001"));
        assert_eq!(e.imo.as_deref(), Some("9321483"));
        // longitude 91 is on the globe, course 400 is not a course
        assert_eq!((e.lat, e.lon, e.course_deg), (Some(55.5), Some(91.0), None));
        let off = row("01/06/2025 08:00:00,Class A,219000001,95,10,0,0,").unwrap();
        assert_eq!((off.lat, off.lon), (None, None));
        assert_eq!(
            row(",Class A,1,0,0,0,0,").err().unwrap().0,
            "missing timestamp"
        );
        assert_eq!(
            row("2025-06-01 08:00,Class A,1,0,0,0,0,").err().unwrap().1,
            "timestamp `2025-06-01 08:00` is not dd/mm/yyyy HH:MM:SS"
        );
        assert_eq!(
            row("01/06/2025 08:00:00,Class A,abc,0,0,0,0,")
                .err()
                .unwrap()
                .1,
            "MMSI `abc` is not a number"
        );
    }

    #[test]
    fn message_types_name_their_events() {
        assert_eq!(event_type(18), "position");
        assert_eq!(event_type(21), "aid_to_navigation");
        assert_eq!(event_type(63), "other");
    }
}
