//! Container tracker exports for the generated declarations, as a tracker vendor's CSV
//! (`containers.csv`, read by `clearway load telemetry` with the built-in `iot-csv` profile).
//!
//! It is written from the generated `declarations.csv` itself, after the fact, so it follows
//! whatever the declarations say (containers, seals, dates, goods) without entangling the
//! parallel declaration generator. About one sea declaration in eight has its first container
//! tracked — illicit ones more often, as targeted monitoring would — from the port of loading
//! in the country of export, across the sea (a fix every two days), into Lagos and by road to an
//! inland consignee (a fix every half hour). Reefer goods (HS chapters 02–04, 08) report their
//! temperature against a setpoint.
//!
//! Planted, and labelled in the summary: a door opened at sea, a reefer excursion, an e-seal
//! whose number is not the declared one, a seal cut on the road, and a night stop on the road
//! (`door_open_outside_port`, `reefer_excursion`, `seal_mismatch`, `road_dwell`). Illicit
//! declarations carry one far more often than licit ones, so the rules' evaluation means
//! something.

use crate::error::{Error, Result};
use crate::reference::ports::PORTS;
use chrono::{Duration, NaiveDateTime};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

/// Lagos (Apapa), where the generated sea cargo arrives.
const ARRIVAL: (f64, f64) = (6.43, 3.39);

/// Inland consignees the road legs end at: (name, latitude, longitude).
const INLAND: &[(&str, f64, f64)] = &[
    ("Ibadan", 7.38, 3.93),
    ("Abeokuta", 7.15, 3.35),
    ("Abuja", 9.06, 7.49),
    ("Onitsha", 6.15, 6.79),
    ("Kano", 12.00, 8.52),
];

/// Road speed of a loaded truck, km/h.
const ROAD_KMH: f64 = 55.0;
/// Sea speed of a container ship, km/h (about 14 knots).
const SEA_KMH: f64 = 26.0;

/// The anomalies the generator plants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Planted {
    DoorOpenAtSea,
    ReeferExcursion,
    UndeclaredSeal,
    SealCut,
    NightStop,
}

/// What a container that is not a reefer can have planted.
const NOT_REEFER: &[Planted] = &[
    Planted::DoorOpenAtSea,
    Planted::UndeclaredSeal,
    Planted::SealCut,
    Planted::NightStop,
];

/// What was generated.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ContainerSummary {
    pub file: String,
    pub containers: u64,
    pub events: u64,
    /// Planted anomalies: kind → declaration ids.
    pub planted: BTreeMap<String, Vec<String>>,
}

/// One tracked declaration, as read back from `declarations.csv`.
struct Tracked {
    declaration_id: String,
    declared_at: NaiveDateTime,
    container: String,
    seal: String,
    export_country: String,
    chapter: u32,
    illicit: bool,
}

/// Writes `DIR/containers.csv` for the declarations in `DIR/declarations.csv`.
pub fn generate(out_dir: &Path, seed: u64) -> Result<ContainerSummary> {
    let source = out_dir.join("declarations.csv");
    let path = out_dir.join("containers.csv");
    let tmp = out_dir.join(".containers.csv.partial");
    let write_err = |cause| Error::Write {
        path: tmp.clone(),
        cause,
    };
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0xC0DE_5EA1);
    let tracked = read_declarations(&source, &mut rng)?;
    let mut out = std::io::BufWriter::new(std::fs::File::create(&tmp).map_err(write_err)?);
    writeln!(
        out,
        "device_id,container_id,seal_id,ts_utc,lat,lon,speed_kmh,temperature_c,setpoint_c,event_type"
    )
    .map_err(write_err)?;
    let mut summary = ContainerSummary {
        file: path.display().to_string(),
        ..Default::default()
    };
    let mut turn = 0;
    for t in &tracked {
        // reefers are few, and cold chains do break by accident: they get excursions more often
        let chance = match (t.illicit, is_reefer(t.chapter)) {
            (true, _) => 0.45,
            (false, true) => 0.08,
            (false, false) => 0.015,
        };
        // kinds take turns, so that even a small sample has each; reefers get the excursion
        let planted = (rng.random::<f64>() < chance).then(|| {
            if is_reefer(t.chapter) {
                Planted::ReeferExcursion
            } else {
                turn += 1;
                NOT_REEFER[turn % NOT_REEFER.len()]
            }
        });
        if let Some(p) = planted {
            summary
                .planted
                .entry(
                    serde_json::to_value(p)
                        .ok()
                        .and_then(|v| v.as_str().map(String::from))
                        .unwrap_or_default(),
                )
                .or_default()
                .push(t.declaration_id.clone());
        }
        for line in journey(t, planted, &mut rng) {
            writeln!(out, "{line}").map_err(write_err)?;
            summary.events += 1;
        }
        summary.containers += 1;
    }
    super::finish_file(out, &tmp, &path)?;
    Ok(summary)
}

fn is_reefer(chapter: u32) -> bool {
    matches!(chapter, 2..=4 | 8)
}

/// The sea declarations to track: first item rows with a container, sampled.
fn read_declarations(path: &Path, rng: &mut ChaCha8Rng) -> Result<Vec<Tracked>> {
    let (mut reader, col) = super::read_generated(path)?;
    let (id, item, at, hs, export, containers, illicit, seals) = (
        col("declaration_id")?,
        col("item_no")?,
        col("declared_at")?,
        col("hs_code")?,
        col("export_country")?,
        col("container_ids")?,
        col("illicit")?,
        col("seal_numbers")?,
    );
    let mut tracked = Vec::new();
    for row in reader.records() {
        let row = row.map_err(|e| {
            Error::bad_input(
                path,
                format!("unreadable row: {e}"),
                "regenerate the sample",
            )
        })?;
        let get = |i: usize| row.get(i).unwrap_or("");
        let container = get(containers).split(';').next().unwrap_or("");
        if get(item) != "1" || container.is_empty() {
            continue;
        }
        let illicit = get(illicit) == "true";
        if rng.random::<f64>() >= if illicit { 0.6 } else { 0.12 } {
            continue;
        }
        let Ok(declared_at) = NaiveDateTime::parse_from_str(get(at), "%Y-%m-%dT%H:%M:%S") else {
            continue;
        };
        tracked.push(Tracked {
            declaration_id: get(id).to_string(),
            declared_at,
            container: container.to_string(),
            seal: get(seals).split(';').next().unwrap_or("").to_string(),
            export_country: get(export).to_string(),
            chapter: get(hs).get(..2).and_then(|c| c.parse().ok()).unwrap_or(0),
            illicit,
        });
    }
    Ok(tracked)
}

/// Great-circle distance in kilometres.
fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, la2) = (a.0.to_radians(), b.0.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((b.1 - a.1).to_radians() / 2.0).sin().powi(2);
    2.0 * 6371.0088 * h.sqrt().asin()
}

/// The port of loading: a port of the country of export, else Algeciras (a hub).
fn loading_port(export_country: &str) -> (f64, f64) {
    let (_, lat, lon) = loading_locode(export_country);
    (lat, lon)
}

/// The port of loading's UN/LOCODE and position (the ledger's bills of lading name it too).
pub fn loading_locode(export_country: &str) -> (&'static str, f64, f64) {
    PORTS
        .iter()
        .find(|(code, ..)| code.starts_with(export_country) && !code.starts_with("NG"))
        .or_else(|| PORTS.iter().find(|(code, ..)| *code == "ESALG"))
        .map(|(code, _, lat, lon)| (*code, *lat, *lon))
        .expect("Algeciras is in the port list")
}

/// A rough sea lane from the port of loading to Lagos, as waypoints: round the Cape from Asia
/// and the Gulf, out through Gibraltar from the Mediterranean, down the West African coast from
/// Europe. Approximate — enough that a drawn journey does not cross a continent.
fn sea_route(origin: (f64, f64)) -> Vec<(f64, f64)> {
    const CAPE: (f64, f64) = (-35.5, 19.0);
    const OFF_DAKAR: (f64, f64) = (14.5, -18.5);
    const GIBRALTAR: (f64, f64) = (35.9, -6.5);
    let (lat, lon) = origin;
    let mut route = vec![origin];
    if lon > 60.0 {
        if lon > 100.0 {
            route.push((1.2, 104.5));
        }
        route.extend([(5.5, 80.5), CAPE]);
    } else if lon > 30.0 && lat > 0.0 && lat < 30.0 {
        // the Gulf and the Arabian Sea
        route.extend([(14.0, 58.0), CAPE]);
    } else if lat > 30.0 && lat < 46.0 && lon > -5.6 && lon < 37.0 {
        // the Mediterranean
        route.extend([(37.5, 11.5), (37.0, 0.0), GIBRALTAR, OFF_DAKAR]);
    } else if lat > 43.0 && lon > -12.0 {
        // northern Europe
        route.extend([(48.8, -5.8), (43.5, -10.0), OFF_DAKAR]);
    } else if lat > 30.0 && lon > -12.0 {
        route.push(OFF_DAKAR);
    } else if lon < -80.0 && lat > 20.0 {
        // the Gulf of Mexico, out through the Florida Strait
        route.extend([(24.3, -83.0), (25.0, -79.8), (30.0, -70.0)]);
    } else if lat < -20.0 && lon > 25.0 {
        route.push(CAPE);
    }
    route.push(ARRIVAL);
    route
}

/// The point a fraction `f` (0–1) of the way along a route, by distance.
fn along(route: &[(f64, f64)], f: f64) -> (f64, f64) {
    let legs: Vec<f64> = route.windows(2).map(|w| km(w[0], w[1])).collect();
    let mut left = legs.iter().sum::<f64>() * f.clamp(0.0, 1.0);
    for (w, leg) in route.windows(2).zip(&legs) {
        if left <= *leg || *leg == 0.0 {
            let g = if *leg == 0.0 { 0.0 } else { left / leg };
            return (
                w[0].0 + (w[1].0 - w[0].0) * g,
                w[0].1 + (w[1].1 - w[0].1) * g,
            );
        }
        left -= leg;
    }
    *route.last().expect("a route has points")
}

/// One container's tracker lines, in time order.
fn journey(t: &Tracked, planted: Option<Planted>, rng: &mut ChaCha8Rng) -> Vec<String> {
    let device = format!(
        "TRK{:07}",
        super::fnv(&[&t.container, "tracker"]) % 10_000_000
    );
    let seal = if planted == Some(Planted::UndeclaredSeal) {
        format!(
            "{}-{:07}",
            &t.seal[..2.min(t.seal.len())],
            rng.random_range(0..10_000_000)
        )
    } else {
        t.seal.clone()
    };
    let setpoint = match t.chapter {
        2 | 3 => Some(-18.0),
        4 | 8 => Some(4.0),
        _ => None,
    };
    let mut lines = Vec::new();
    let mut fix =
        |at: NaiveDateTime, (lat, lon): (f64, f64), kmh: f64, temp: Option<f64>, event: &str| {
            lines.push(format!(
                "{device},{},{seal},{},{lat:.5},{lon:.5},{kmh:.0},{},{},{event}",
                t.container,
                at.format("%Y-%m-%dT%H:%M:%SZ"),
                temp.map(|v| format!("{v:.1}")).unwrap_or_default(),
                setpoint.map(|v| format!("{v:.1}")).unwrap_or_default(),
            ));
        };
    let origin = loading_port(&t.export_country);
    let route = sea_route(origin);
    let sea_hours = route.windows(2).map(|w| km(w[0], w[1])).sum::<f64>() / SEA_KMH;
    let arrival = t.declared_at - Duration::days(2);
    let departure = arrival - Duration::minutes((sea_hours * 60.0) as i64);
    let reading = |rng: &mut ChaCha8Rng| setpoint.map(|s| s + rng.random_range(-0.6..0.6));
    fix(
        departure - Duration::hours(20),
        origin,
        0.0,
        reading(rng),
        "seal_armed",
    );
    // at sea: a fix every two days; the planted excursion spans four readings mid-voyage
    let fixes = ((sea_hours / 48.0).floor() as i64).max(1);
    let excursion_from = fixes / 3;
    for k in 1..=fixes {
        let f = k as f64 / (fixes + 1) as f64;
        let at = departure + Duration::minutes((sea_hours * 60.0 * f) as i64);
        let here = along(&route, f);
        let temp = if planted == Some(Planted::ReeferExcursion)
            && (excursion_from..excursion_from + 4).contains(&k)
        {
            setpoint.map(|s| s + 7.0)
        } else {
            reading(rng)
        };
        let event = if planted == Some(Planted::DoorOpenAtSea) && k == (fixes + 1) / 2 {
            "door_open"
        } else {
            "position"
        };
        fix(at, here, SEA_KMH, temp, event);
    }
    if planted == Some(Planted::ReeferExcursion) && fixes < excursion_from + 4 {
        // a short voyage: the excursion happens on the quay instead, in four readings
        for k in 0..4 {
            fix(
                arrival - Duration::hours(8 - 2 * k),
                ARRIVAL,
                0.0,
                setpoint.map(|s| s + 7.0),
                "position",
            );
        }
    }
    fix(arrival, ARRIVAL, 0.0, reading(rng), "position");
    // by road to the consignee: a fix every half hour
    let (_, dlat, dlon) = INLAND[rng.random_range(0..INLAND.len())];
    let road_hours = km(ARRIVAL, (dlat, dlon)) * 1.3 / ROAD_KMH;
    let night = planted == Some(Planted::NightStop);
    let steps = ((road_hours * 2.0).ceil() as i64).max(2);
    let stop_at = steps / 2;
    // day trips leave at 08:00; the planted night stop begins at 23:00
    let leaves = (t.declared_at.date() + chrono::Days::new(1))
        .and_hms_opt(if night { 23 } else { 8 }, 0, 0)
        .expect("a valid time")
        - if night {
            Duration::minutes(30 * stop_at)
        } else {
            Duration::zero()
        };
    let mut clock = leaves;
    for k in 0..=steps {
        let f = k as f64 / steps as f64;
        let here = (
            ARRIVAL.0 + (dlat - ARRIVAL.0) * f,
            ARRIVAL.1 + (dlon - ARRIVAL.1) * f,
        );
        let last = k == steps;
        let kmh = if last { 0.0 } else { ROAD_KMH };
        let event = if planted == Some(Planted::SealCut) && k == stop_at {
            "seal_cut"
        } else {
            "position"
        };
        fix(clock, here, kmh, reading(rng), event);
        if night && k == stop_at {
            // ninety minutes parked by the road at night, a fix every quarter hour
            for q in 1..=6 {
                fix(
                    clock + Duration::minutes(15 * q),
                    here,
                    0.0,
                    reading(rng),
                    "position",
                );
            }
            clock += Duration::minutes(90);
        }
        clock += Duration::minutes(30);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_run_from_the_port_of_loading_to_lagos_by_distance() {
        let route = sea_route((31.23, 121.47));
        assert_eq!(route.first(), Some(&(31.23, 121.47)));
        assert_eq!(route.last(), Some(&ARRIVAL));
        assert!(route.contains(&(-35.5, 19.0)), "Asia sails round the Cape");
        assert!(
            sea_route((44.40, 8.91)).contains(&(35.9, -6.5)),
            "Genoa leaves the Mediterranean through Gibraltar"
        );
        assert!(
            sea_route((53.54, 9.97)).contains(&(48.8, -5.8)),
            "Hamburg rounds Brittany"
        );
        assert_eq!(along(&route, 0.0), (31.23, 121.47));
        assert_eq!(along(&route, 1.0), ARRIVAL);
        let half = along(&[(0.0, 0.0), (0.0, 2.0)], 0.5);
        assert!((half.1 - 1.0).abs() < 1e-9);
    }

    #[test]
    fn trackers_report_the_declared_seal_unless_a_mismatch_is_planted() {
        let dir = tempfile::tempdir().unwrap();
        crate::sample_data::generate(dir.path(), 3000, 7, false).unwrap();
        let summary = generate(dir.path(), 7).unwrap();
        assert!(summary.containers > 50, "{summary:?}");
        let planted: std::collections::HashSet<String> = summary
            .planted
            .get("undeclared_seal")
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .collect();
        assert!(!planted.is_empty(), "{summary:?}");
        // first container of each declaration → (declared seal, planted?)
        let mut declared = std::collections::HashMap::new();
        for r in csv::Reader::from_path(dir.path().join("declarations.csv"))
            .unwrap()
            .records()
        {
            let r = r.unwrap();
            if let (Some(c), Some(seal)) = (r[13].split(';').next(), r[29].split(';').next()) {
                declared.insert(c.to_string(), (seal.to_string(), planted.contains(&r[0])));
            }
        }
        let mut rows = 0;
        for r in csv::Reader::from_path(dir.path().join("containers.csv"))
            .unwrap()
            .records()
        {
            let r = r.unwrap();
            let (seal, mismatch) = &declared[&r[1]];
            assert_eq!(&r[2] != seal.as_str(), *mismatch, "{r:?}");
            rows += 1;
        }
        assert_eq!(rows, summary.events);
    }
}
