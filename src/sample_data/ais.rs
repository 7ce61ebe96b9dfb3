//! AIS tracks for the generated vessels, as the NMEA a coastal receiver network would log:
//! one type 1 report every `every` minutes (6 hours for the sample), stamped with an NMEA 4.10 tag block, so that
//! `clearway load telemetry` reads them back with their receive times.
//!
//! Each vessel shuttles between real ports at a steady speed and lies a day in port. Planted,
//! and labelled in the summary: dark periods (reports missing for 18–48 h, some of them long
//! enough to cross far away — the `ais_gap` rule's case) and single spoofed reports three
//! degrees off the track (`ais_jump`'s, one vessel in ten), a three-hour meeting at sea with a
//! vessel outside the declared fleet (`ais_encounter`'s, one vessel in five; both report every
//! twenty minutes while alongside) and voyages to Piraeus, a port in a country no generated
//! declaration names (`route_deviation`'s, one voyage in forty). Vessel identities come from
//! [`super::vessel_identity`], so the tracks link to the generated declarations.

use crate::error::{Error, Result};
use crate::telemetry::ais::encode_position;
use chrono::{DateTime, Duration, TimeZone, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::io::Write;
use std::path::Path;

const SPEED_KN: f64 = 14.0;

/// Ports the vessels sail between: (name, ISO country, latitude, longitude).
const PORTS: &[(&str, &str, f64, f64)] = &[
    ("Lagos", "NG", 6.43, 3.39),
    ("Tema", "GH", 5.62, 0.01),
    ("Abidjan", "CI", 5.29, -4.01),
    ("Dakar", "SN", 14.68, -17.43),
    ("Algeciras", "ES", 36.13, -5.44),
    ("Rotterdam", "NL", 51.95, 4.05),
    ("Antwerp", "BE", 51.27, 4.35),
    ("Valencia", "ES", 39.44, -0.32),
    ("Lomé", "TG", 6.14, 1.28),
    ("Cotonou", "BJ", 6.35, 2.43),
];

/// Where a vessel sails next.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Next {
    Port(usize),
    Detour,
}

/// Declarations whose voyage gets a planted detour, per vessel MMSI: (declaration id, declared
/// at, index of a port in the country of export). One vessel in three, its first declaration
/// exported from a country the vessels call at (read back from the generated declarations, when
/// there are any).
fn deviation_targets(
    out_dir: &Path,
    vessels: u64,
) -> std::collections::HashMap<String, (String, DateTime<Utc>, usize)> {
    let mut targets = std::collections::HashMap::new();
    let Ok(mut reader) = csv::Reader::from_path(out_dir.join("declarations.csv")) else {
        return targets;
    };
    let Ok(headers) = reader.headers().cloned() else {
        return targets;
    };
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (Some(id), Some(item), Some(at), Some(export), Some(mmsi)) = (
        col("declaration_id"),
        col("item_no"),
        col("declared_at"),
        col("export_country"),
        col("vessel_mmsi"),
    ) else {
        return targets;
    };
    let chosen: std::collections::HashSet<String> = (0..vessels)
        .filter(|k| k % 3 == 1)
        .map(|k| super::vessel_identity(k).1)
        .collect();
    for row in reader.records().map_while(|r| r.ok()) {
        let vessel = &row[mmsi];
        if &row[item] != "1" || !chosen.contains(vessel) || targets.contains_key(vessel) {
            continue;
        }
        let Some(port) = PORTS
            .iter()
            .position(|p| p.1 == &row[export] && p.1 != "NG")
        else {
            continue;
        };
        let Ok(when) = chrono::NaiveDateTime::parse_from_str(&row[at], "%Y-%m-%dT%H:%M:%S") else {
            continue;
        };
        // late enough in the year for the voyage before it to be on the track
        if when.and_utc()
            > Utc
                .with_ymd_and_hms(2025, 2, 15, 0, 0, 0)
                .single()
                .expect("a date")
        {
            targets.insert(
                vessel.to_string(),
                (row[id].to_string(), when.and_utc(), port),
            );
        }
    }
    targets
}

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
    /// Planted meetings at sea: (MMSI, the other vessel's MMSI, start).
    pub encounters: Vec<(String, String, String)>,
    /// Planted calls at a port off the vessels' trade: (MMSI, port, arrival).
    pub detours: Vec<(String, String, String)>,
    /// Declarations whose voyage was given such a call between loading and arrival:
    /// (declaration id, MMSI).
    pub deviations: Vec<(String, String)>,
}

/// A port off the generated vessels' West Africa – Europe trade, in a country no generated
/// declaration names: a call there is a route deviation.
const DETOUR: (&str, f64, f64) = ("Piraeus", 37.94, 23.63);

/// How long a planted meeting at sea lasts, and how often both vessels report during it (AIS
/// class A vessels report every few seconds to minutes when moving; the sample's thin
/// six-hourly track is a storage choice, not the radio's).
const MEETING_HOURS: i64 = 3;
const MEETING_EVERY_MINUTES: i64 = 20;

/// The vessel met at sea: not one of the declared fleet, so only the meeting shows it.
fn partner_mmsi(k: u64) -> u32 {
    636_000_000 + (k as u32 % 100_000)
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
    let targets = deviation_targets(out_dir, vessels);
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
        let spoof_at = (k % 10 == 3).then(|| first + step * rng.random_range(4..reports));
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
        // planted: one vessel in five meets another at sea once, mid-voyage on a long leg
        let meets = k % 5 == 2;
        let meeting_after = first + step * rng.random_range(4..reports);
        let mut met = false;
        let target = targets.get(&mmsi);
        let mut trigger = target.map(|(_, at, _)| *at - Duration::days(30));
        let mut forced: Vec<Next> = Vec::new();
        let mut port = rng.random_range(0..PORTS.len());
        let mut here = (PORTS[port].2, PORTS[port].3);
        let mut t = first;
        while t < end {
            if trigger.is_some_and(|at| t >= at) {
                // planted for a declaration: load in its export country, detour, arrive in Lagos
                forced = vec![Next::Detour, Next::Port(0)];
                if let Some((declaration, _, export)) = target {
                    forced.insert(0, Next::Port(*export));
                    summary.deviations.push((declaration.clone(), mmsi.clone()));
                }
                trigger = None;
            }
            let mut next = rng.random_range(0..PORTS.len() - 1);
            if next >= port {
                next += 1;
            }
            // planted: one voyage in forty calls at the detour port instead
            let mut detour = rng.random::<f64>() < 0.025 && here != (DETOUR.1, DETOUR.2);
            if !forced.is_empty() {
                match forced.remove(0) {
                    Next::Port(i) => (next, detour) = (i, false),
                    Next::Detour => detour = true,
                }
            }
            let (a, b) = if detour {
                (here, (DETOUR.1, DETOUR.2))
            } else {
                (here, (PORTS[next].2, PORTS[next].3))
            };
            let voyage_hours = distance_nm(a, b) / SPEED_KN;
            let mut departs = t + Duration::hours(24);
            if detour {
                summary.detours.push((
                    mmsi.clone(),
                    DETOUR.0.to_string(),
                    (departs + Duration::minutes((voyage_hours * 60.0) as i64))
                        .format("%Y-%m-%d")
                        .to_string(),
                ));
            }
            let meet_here = meets && !met && voyage_hours > 30.0 && departs > meeting_after;
            // in port for a day, then under way; one report every `every` minutes
            while t < end && t < departs + Duration::minutes((voyage_hours * 60.0) as i64) {
                let mut f = ((t - departs).num_minutes() as f64 / 60.0 / voyage_hours).min(1.0);
                if meet_here && !met && f >= 0.5 {
                    // stop where it is, lie alongside the partner for three hours, then sail on
                    let at = (a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f);
                    let partner = partner_mmsi(k);
                    summary.encounters.push((
                        mmsi.clone(),
                        partner.to_string(),
                        t.format("%Y-%m-%d %H:%M").to_string(),
                    ));
                    for q in 0..=(MEETING_HOURS * 60 / MEETING_EVERY_MINUTES) {
                        let when = t + Duration::minutes(q * MEETING_EVERY_MINUTES);
                        for (who, lat) in [(mmsi_number, at.0), (partner, at.0 + 0.002)] {
                            writeln!(out, "{}", encode_position(who, lat, at.1, 0.3, 0.0, when))
                                .map_err(write_err)?;
                            summary.positions += 1;
                        }
                    }
                    met = true;
                    departs += Duration::hours(MEETING_HOURS);
                    t += Duration::hours(MEETING_HOURS) + step;
                    f = ((t - departs).num_minutes() as f64 / 60.0 / voyage_hours).min(1.0);
                }
                let (lat, lon, speed) = if t < departs {
                    (a.0, a.1, 0.0)
                } else {
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
            here = b;
            if !detour {
                port = next;
            }
        }
    }
    super::finish_file(out, &tmp, &path)?;
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
