//! AIS tracks for the generated vessels, as the NMEA a coastal receiver network would log:
//! one type 1 report every `every` minutes (6 hours for the sample), stamped with an NMEA 4.10 tag block, so that
//! `clearway load telemetry` reads them back with their receive times.
//!
//! Each vessel shuttles between real ports at a steady speed and lies a day in port. Planted,
//! and labelled in the summary: dark periods (reports missing for 18–48 h, some of them long
//! enough to cross far away — the `ais_gap` rule's case) and single spoofed reports three
//! degrees off the track (`ais_jump`'s). Vessel identities come from [`super::vessel_identity`],
//! so the tracks link to the generated declarations.

use crate::error::{Error, Result};
use crate::telemetry::ais::encode_position;
use chrono::{Duration, TimeZone, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::io::Write;
use std::path::Path;

const SPEED_KN: f64 = 14.0;

/// Ports the vessels sail between: (name, latitude, longitude).
const PORTS: &[(&str, f64, f64)] = &[
    ("Lagos", 6.43, 3.39),
    ("Tema", 5.62, 0.01),
    ("Abidjan", 5.29, -4.01),
    ("Dakar", 14.68, -17.43),
    ("Algeciras", 36.13, -5.44),
    ("Rotterdam", 51.95, 4.05),
    ("Antwerp", 51.27, 4.35),
    ("Valencia", 39.44, -0.32),
    ("Lomé", 6.14, 1.28),
    ("Cotonou", 6.35, 2.43),
];

/// What was generated.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct TrackSummary {
    pub file: String,
    pub vessels: u64,
    pub positions: u64,
    /// Planted dark periods: (MMSI, start, hours).
    pub gaps: Vec<(String, String, i64)>,
    /// Planted spoofed reports: (MMSI, time).
    pub jumps: Vec<(String, String)>,
}

/// Great-circle distance in nautical miles.
fn distance_nm(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (
        a.0.to_radians(),
        a.1.to_radians(),
        b.0.to_radians(),
        b.1.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 3440.065 * h.sqrt().asin()
}

/// Writes `DIR/ais.nmea` with a year (2025) of tracks for the first `vessels` vessels, one
/// report every `every` minutes.
pub fn generate(out_dir: &Path, vessels: u64, seed: u64, every: i64) -> Result<TrackSummary> {
    let step = Duration::minutes(every);
    let path = out_dir.join("ais.nmea");
    let tmp = out_dir.join(".ais.nmea.partial");
    let write_err = |cause| Error::Write {
        path: tmp.clone(),
        cause,
    };
    let mut out = std::io::BufWriter::new(std::fs::File::create(&tmp).map_err(write_err)?);
    let mut summary = TrackSummary {
        file: path.display().to_string(),
        vessels,
        ..Default::default()
    };
    let start = Utc
        .with_ymd_and_hms(2025, 1, 1, 0, 0, 0)
        .single()
        .expect("a valid date");
    let end = Utc
        .with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
        .single()
        .expect("a valid date");
    for k in 0..vessels {
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0xA15 ^ (k << 20));
        let (_, mmsi) = super::vessel_identity(k);
        let mmsi_number: u32 = mmsi.parse().expect("generated MMSIs are numbers");
        // planted: about half the vessels go dark once, one in ten has a spoofed report
        let first = start + Duration::minutes(rng.random_range(0..every));
        let dark = rng.random::<f64>() < 0.5;
        let reports = (8000 * 60 / every).max(5) as i32;
        let dark_from = first + step * rng.random_range(4..reports);
        // 18 to 42 hours of silence, whatever the report interval
        let dark_hours = rng.random_range(3..8) * 6;
        let spoof_at =
            (rng.random::<f64>() < 0.1).then(|| first + step * rng.random_range(4..reports));
        if dark {
            summary.gaps.push((
                mmsi.clone(),
                dark_from.format("%Y-%m-%d %H:%M").to_string(),
                dark_hours,
            ));
        }
        if let Some(at) = spoof_at {
            summary
                .jumps
                .push((mmsi.clone(), at.format("%Y-%m-%d %H:%M").to_string()));
        }
        let mut port = rng.random_range(0..PORTS.len());
        let mut t = first;
        while t < end {
            let mut next = rng.random_range(0..PORTS.len() - 1);
            if next >= port {
                next += 1;
            }
            let (a, b) = (
                (PORTS[port].1, PORTS[port].2),
                (PORTS[next].1, PORTS[next].2),
            );
            let voyage_hours = distance_nm(a, b) / SPEED_KN;
            let departs = t + Duration::hours(24);
            // in port for a day, then under way; one report every `every` minutes
            while t < end && t < departs + Duration::minutes((voyage_hours * 60.0) as i64) {
                let (lat, lon, speed) = if t < departs {
                    (a.0, a.1, 0.0)
                } else {
                    let f = ((t - departs).num_minutes() as f64 / 60.0 / voyage_hours).min(1.0);
                    (a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f, SPEED_KN)
                };
                let silent = dark && t >= dark_from && t < dark_from + Duration::hours(dark_hours);
                if !silent {
                    let spoofed = spoof_at == Some(t);
                    let lat = if spoofed { lat + 3.0 } else { lat };
                    let course = (b.1 - a.1).atan2(b.0 - a.0).to_degrees().rem_euclid(360.0);
                    writeln!(
                        out,
                        "{}",
                        encode_position(mmsi_number, lat, lon, speed, course, t)
                    )
                    .map_err(write_err)?;
                    summary.positions += 1;
                }
                t += step;
            }
            port = next;
        }
    }
    out.flush().map_err(write_err)?;
    drop(out);
    std::fs::rename(&tmp, &path).map_err(|cause| Error::Write {
        path: path.clone(),
        cause,
    })?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_are_great_circle_nautical_miles() {
        // one degree of latitude is 60 nm
        assert!((distance_nm((0.0, 0.0), (1.0, 0.0)) - 60.04).abs() < 0.1);
        assert!(
            (distance_nm((51.95, 4.05), (6.43, 3.39)) - 2732.0).abs() < 10.0,
            "Rotterdam–Lagos"
        );
    }
}
