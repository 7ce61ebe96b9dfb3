//! `scene tracks`: a space-time cube of vessel and container tracks. Longitude and latitude
//! lie on the floor over the coastlines, time runs upwards; each track is coloured by the
//! highest score, in the risk run, of the declarations naming its vessel (MMSI) or container,
//! and those declarations stand on the track, at the time they were lodged, as markers that
//! name themselves when picked.
//!
//! Bounded in DuckDB: at most `max_tracks` tracks (the riskiest first, then the longest), each
//! cut into `points_per_track` equal slices of the whole time span, of which the first
//! reported position is kept: every point drawn is a position a device reported, and a 100 M
//! row table gives a scene of at most `max_tracks × points_per_track` positions.

use super::MapFrame;
use crate::error::Result;
use crate::workspace::Workspace;
use clearway_scene::{model::risk_colour, Mode, Object, Scene};
use serde_json::json;

/// What to draw.
#[derive(Debug, Clone)]
pub struct TracksRequest {
    pub max_tracks: usize,
    pub points_per_track: usize,
    pub max_markers: usize,
    /// The risk run colouring the tracks (the latest when None; grey when there is none).
    pub run: Option<i64>,
}

impl Default for TracksRequest {
    fn default() -> Self {
        TracksRequest {
            max_tracks: 500,
            points_per_track: 200,
            max_markers: 1_000,
            run: None,
        }
    }
}

/// The height of the cube, in metres: the whole time span.
const TIME_HEIGHT: f32 = 1.5;
/// The longer side of the floor, in metres.
const FLOOR: f64 = 2.0;

/// The scene in one statement, so that positions and links are read once: `chosen` is the
/// `$max_tracks` tracks (the riskiest, then the longest), `points` their first position in each
/// of `$points` time slices, `markers` the `$max_markers` riskiest declarations naming them.
/// Rows of five kinds come back: `span` (t0, dt), `tracks` (every track in the data and its
/// positions), `track` (its positions, risk, declarations), `point` and `marker`. `p` and `links` are read again where used rather than materialised:
/// scanning is cheap, and holding ten million rows of them was most of the memory (2.9 GB).
pub const SCENE_SQL: &str = "
    WITH p AS NOT MATERIALIZED (
        SELECT coalesce(mmsi, container_id, device_id) AS track, epoch(ts) AS t, lon, lat
        FROM telemetry_events
        WHERE ts IS NOT NULL AND lat BETWEEN -90 AND 90 AND lon BETWEEN -180 AND 180
          AND coalesce(mmsi, container_id, device_id) IS NOT NULL),
    counts AS (SELECT track, count(*) AS n FROM p GROUP BY track),
    -- a declaration names a vessel or containers; duplicates are harmless (max, count distinct)
    links AS NOT MATERIALIZED (
        SELECT vessel_mmsi AS track, declaration_id FROM declarations
        WHERE vessel_mmsi IS NOT NULL AND vessel_mmsi IN (SELECT track FROM counts)
        UNION ALL
        SELECT track, declaration_id FROM (SELECT unnest(container_ids) AS track, declaration_id FROM declarations)
        WHERE track IN (SELECT track FROM counts)),
    risk AS (
        SELECT l.track, max(s.total) AS risk, count(DISTINCT l.declaration_id) AS declarations
        FROM links l LEFT JOIN risk_scores s ON s.declaration_id = l.declaration_id AND s.run_id = $run
        GROUP BY l.track),
    chosen AS (
        SELECT c.track, c.n, r.risk, coalesce(r.declarations, 0) AS declarations
        FROM counts c LEFT JOIN risk r USING (track)
        ORDER BY r.risk DESC NULLS LAST, c.n DESC, c.track
        LIMIT $max_tracks),
    span AS (SELECT min(t) AS t0, greatest(max(t) - min(t), 1) AS dt FROM p),
    points AS (
        SELECT p.track, least(floor((p.t - span.t0) / span.dt * $points)::BIGINT, $points - 1) AS slice,
               -- one reported position, the first in the slice (ties broken by place, so the
               -- same data draws the same scene and lon and lat come from the same report)
               arg_min({'lon': p.lon, 'lat': p.lat}, {'t': p.t, 'lon': p.lon, 'lat': p.lat}) AS pos,
               min(p.t) AS t
        FROM p SEMI JOIN chosen USING (track), span
        GROUP BY p.track, slice),
    markers AS (
        SELECT l.track, l.declaration_id, epoch(min(d.declared_at)) AS t, max(s.total) AS score,
               any_value(s.lane) AS lane
        FROM links l SEMI JOIN chosen USING (track)
        JOIN declarations d ON d.declaration_id = l.declaration_id
        LEFT JOIN risk_scores s ON s.declaration_id = l.declaration_id AND s.run_id = $run
        WHERE d.declared_at IS NOT NULL
        GROUP BY l.track, l.declaration_id
        ORDER BY score DESC NULLS LAST, l.declaration_id, l.track
        LIMIT $max_markers)
    SELECT 'span' AS kind, NULL::VARCHAR AS track, NULL::BIGINT AS slice, NULL::DOUBLE AS lon,
           NULL::DOUBLE AS lat, t0 AS t, NULL::VARCHAR AS declaration_id, dt AS score,
           NULL::VARCHAR AS lane, NULL::BIGINT AS n FROM span
    UNION ALL SELECT 'track', track, declarations, NULL, NULL, NULL, NULL, risk, NULL, n FROM chosen
    UNION ALL SELECT 'point', track, slice, pos.lon, pos.lat, t, NULL, NULL, NULL, NULL FROM points
    UNION ALL SELECT 'tracks', NULL, count(*), NULL, NULL, NULL, NULL, NULL, NULL, sum(n)::BIGINT FROM counts
    UNION ALL SELECT 'marker', track, NULL, NULL, NULL, t, declaration_id, score, lane, NULL FROM markers";

/// (lon, lat, epoch seconds)
type Point = (f64, f64, f64);

struct Track {
    name: String,
    /// (lon, lat, epoch seconds)
    points: Vec<(f64, f64, f64)>,
    positions: i64,
    risk: Option<f64>,
    declarations: i64,
}

/// The scene.
pub fn build(ws: &Workspace, request: &TracksRequest) -> Result<Scene> {
    let run = crate::risk::runner::run_or_latest(&ws.conn, request.run)?;
    let (tracks, markers, t0, dt, totals) = read(ws, request, run)?;
    if tracks.is_empty() {
        return Err(crate::error::Error::usage(
            "nothing to draw: no telemetry position has a time, a place and a vessel, container or device",
            "load telemetry first: `clearway load telemetry FILE`",
        ));
    }
    let mut scene = scene(&tracks, &markers, t0, dt, run, request);
    scene
        .info
        .insert("tracks in the data".into(), json!(totals.tracks));
    scene
        .info
        .insert("positions in the data".into(), json!(totals.positions));
    Ok(scene)
}

fn params(request: &TracksRequest, run: Option<i64>) -> Vec<(&'static str, duckdb::types::Value)> {
    use duckdb::types::Value;
    vec![
        ("run", run.map(Value::BigInt).unwrap_or(Value::Null)),
        ("max_tracks", Value::BigInt(request.max_tracks as i64)),
        (
            "points",
            Value::BigInt(request.points_per_track.max(2) as i64),
        ),
        ("max_markers", Value::BigInt(request.max_markers as i64)),
    ]
}

struct Marker {
    track: String,
    declaration_id: String,
    t: f64,
    score: Option<f64>,
    lane: Option<String>,
}

/// Tracks and positions in the data, whether drawn or not.
#[derive(Debug, Clone, Copy, Default)]
struct Totals {
    tracks: i64,
    positions: i64,
}

type Read = (Vec<Track>, Vec<Marker>, f64, f64, Totals);

/// The tracks (in the chosen order, each with its points in time order), the markers (the
/// riskiest first) and the time span.
fn read(ws: &Workspace, request: &TracksRequest, run: Option<i64>) -> Result<Read> {
    let mut stmt = ws.conn.prepare(SCENE_SQL)?;
    let values = super::named(&stmt, &params(request, run))?;
    let mut rows = stmt.query(duckdb::params_from_iter(values))?;
    let mut tracks: Vec<Track> = Vec::new();
    let mut points: std::collections::HashMap<String, Vec<(i64, Point)>> = Default::default();
    let mut markers = Vec::new();
    let (mut t0, mut dt) = (0.0, 1.0);
    let mut totals = Totals::default();
    while let Some(row) = rows.next()? {
        let kind: String = row.get(0)?;
        match kind.as_str() {
            "tracks" => {
                totals = Totals {
                    tracks: row.get::<_, Option<i64>>(2)?.unwrap_or(0),
                    positions: row.get::<_, Option<i64>>(9)?.unwrap_or(0),
                }
            }
            "span" => {
                t0 = row.get::<_, Option<f64>>(5)?.unwrap_or(0.0);
                dt = row.get::<_, Option<f64>>(7)?.unwrap_or(1.0);
            }
            "track" => tracks.push(Track {
                name: row.get(1)?,
                points: Vec::new(),
                positions: row.get(9)?,
                risk: row.get(7)?,
                declarations: row.get(2)?,
            }),
            "point" => points
                .entry(row.get(1)?)
                .or_default()
                .push((row.get(2)?, (row.get(3)?, row.get(4)?, row.get(5)?))),
            _ => markers.push(Marker {
                track: row.get(1)?,
                declaration_id: row.get(6)?,
                t: row.get(5)?,
                score: row.get(7)?,
                lane: row.get(8)?,
            }),
        }
    }
    // the chosen order (the riskiest, then the longest, then by name): UNION ALL keeps none
    tracks.sort_by(|a, b| {
        b.risk
            .unwrap_or(f64::NEG_INFINITY)
            .total_cmp(&a.risk.unwrap_or(f64::NEG_INFINITY))
            .then(b.positions.cmp(&a.positions))
            .then_with(|| a.name.cmp(&b.name))
    });
    for track in &mut tracks {
        let mut slices = points.remove(&track.name).unwrap_or_default();
        slices.sort_by_key(|(slice, _)| *slice);
        track.points = slices.into_iter().map(|(_, p)| p).collect();
    }
    markers.sort_by(|a, b| {
        b.score
            .unwrap_or(f64::NEG_INFINITY)
            .total_cmp(&a.score.unwrap_or(f64::NEG_INFINITY))
            .then_with(|| a.declaration_id.cmp(&b.declaration_id))
            .then_with(|| a.track.cmp(&b.track))
    });
    Ok((tracks, markers, t0, dt, totals))
}

fn scene(
    tracks: &[Track],
    markers: &[Marker],
    t0: f64,
    dt: f64,
    run: Option<i64>,
    request: &TracksRequest,
) -> Scene {
    let mut scene = Scene {
        title: "Tracks in space and time".into(),
        ..Default::default()
    };
    let points = tracks.iter().flat_map(|t| t.points.iter());
    let bbox = points.fold([180.0, 90.0, -180.0, -90.0], |b: [f64; 4], p| {
        [b[0].min(p.0), b[1].min(p.1), b[2].max(p.0), b[3].max(p.1)]
    });
    let frame = MapFrame::fit(
        if tracks.is_empty() {
            [-180.0, -90.0, 180.0, 90.0]
        } else {
            bbox
        },
        FLOOR,
    );
    let height = |t: f64| (((t - t0) / dt).clamp(0.0, 1.0) as f32) * TIME_HEIGHT;
    let highest = tracks
        .iter()
        .filter_map(|t| t.risk)
        .chain(markers.iter().filter_map(|m| m.score))
        .fold(0.0_f64, f64::max);
    let colour = |risk: Option<f64>| match risk {
        Some(r) if highest > 0.0 => risk_colour(r / highest),
        _ => [0.62, 0.64, 0.68, 1.0],
    };
    scene.objects.push(frame.coastlines(0.0));
    scene.objects.push(frame.border(0.0));
    for track in tracks {
        let mut line = Object::new(track.name.clone(), Mode::LineStrip, colour(track.risk));
        for &(lon, lat, t) in &track.points {
            let (x, z) = frame.xz(lon, lat);
            line.positions.push([x, height(t), z]);
        }
        if line.positions.len() == 1 {
            // a track of one slice: a point
            line.mode = Mode::Points;
        }
        line.info.insert("track".into(), json!(track.name));
        line.info.insert("positions".into(), json!(track.positions));
        line.info
            .insert("points drawn".into(), json!(track.points.len()));
        line.info
            .insert("linked declarations".into(), json!(track.declarations));
        if let Some(r) = track.risk {
            line.info.insert("highest score".into(), json!(round2(r)));
        }
        scene.objects.push(line);
    }
    let mut marked = std::collections::BTreeSet::new();
    for marker in markers {
        let Some(track) = tracks.iter().find(|t| t.name == marker.track) else {
            continue;
        };
        let Some(on) = place_on(&track.points, marker.t) else {
            continue;
        };
        let (x, z) = frame.xz(on.lon, on.lat);
        let mut point = Object::new(
            format!("declaration {}", marker.declaration_id),
            Mode::Points,
            colour(marker.score),
        );
        // on the line: at the time it was lodged, or at the track's nearest end when it was
        // lodged before or after every position drawn (its facts say how far)
        point.positions.push([x, height(on.t), z]);
        if let Some(days) = on.outside_days {
            point.info.insert(
                "placed".into(),
                json!(format!(
                    "at the track's {} position, {:.1} days {} the declaration",
                    if days < 0.0 { "first" } else { "last" },
                    days.abs(),
                    if days < 0.0 { "after" } else { "before" }
                )),
            );
        }
        point
            .info
            .insert("declaration_id".into(), json!(marker.declaration_id));
        point.info.insert("track".into(), json!(marker.track));
        point.info.insert(
            "declared at".into(),
            json!(chrono::DateTime::from_timestamp(marker.t as i64, 0)
                .map(|d| d.format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_default()),
        );
        if let Some(s) = marker.score {
            point.info.insert("score".into(), json!(round2(s)));
        }
        if let Some(lane) = &marker.lane {
            point.info.insert("lane".into(), json!(lane));
        }
        scene.objects.push(point);
        marked.insert(marker.declaration_id.as_str());
    }
    let span_days = dt / 86_400.0;
    scene.scale_note = format!(
        "Floor: 1 m = {:.2}° of latitude; time runs upwards, {TIME_HEIGHT} m = {} ({} to {}).",
        1.0 / frame.k,
        if span_days >= 2.0 {
            format!("{span_days:.0} days")
        } else {
            format!("{:.1} hours", dt / 3600.0)
        },
        day(t0),
        day(t0 + dt)
    );
    let info = &mut scene.info;
    info.insert("tracks drawn".into(), json!(tracks.len()));
    info.insert("track limit".into(), json!(request.max_tracks));
    info.insert(
        "positions drawn".into(),
        json!(tracks.iter().map(|t| t.points.len()).sum::<usize>()),
    );
    info.insert(
        "positions in the drawn tracks".into(),
        json!(tracks.iter().map(|t| t.positions).sum::<i64>()),
    );
    // a declaration naming two drawn tracks (its vessel and its container) stands on both
    info.insert("declarations marked".into(), json!(marked.len()));
    info.insert("markers".into(), json!(markers.len()));
    info.insert("marker limit".into(), json!(request.max_markers));
    info.insert(
        "coloured by".into(),
        json!(match run {
            Some(r) => format!(
                "highest score in risk run {r} of the declarations naming the vessel or container"
            ),
            None => "nothing: no risk run yet (grey)".to_string(),
        }),
    );
    scene
}

/// Where a marker of time `t` stands on a track.
#[derive(Debug, Clone, Copy, PartialEq)]
struct OnTrack {
    lon: f64,
    lat: f64,
    /// The time the place is at: `t`, or the nearest end's when `t` is outside the track.
    t: f64,
    /// Days from `t` to that end (negative: the track starts after `t`), when outside.
    outside_days: Option<f64>,
}

/// The place on the track (points in time order) at time `t`: between the two points around it,
/// in proportion; at the first or last point when `t` is before or after them all.
fn place_on(points: &[(f64, f64, f64)], t: f64) -> Option<OnTrack> {
    let (first, last) = (points.first()?, points.last()?);
    if t <= first.2 || t >= last.2 {
        let end = if t <= first.2 { first } else { last };
        return Some(OnTrack {
            lon: end.0,
            lat: end.1,
            t: end.2,
            outside_days: (end.2 != t).then(|| (t - end.2) / 86_400.0),
        });
    }
    let after = points.partition_point(|p| p.2 < t);
    let (a, b) = (points[after - 1], points[after]);
    let u = if b.2 > a.2 {
        (t - a.2) / (b.2 - a.2)
    } else {
        0.0
    };
    // a segment across the antimeridian is not interpolated through the whole map
    let lon = if (b.0 - a.0).abs() > 180.0 {
        if u < 0.5 {
            a.0
        } else {
            b.0
        }
    } else {
        a.0 + (b.0 - a.0) * u
    };
    Some(OnTrack {
        lon,
        lat: a.1 + (b.1 - a.1) * u,
        t,
        outside_days: None,
    })
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

fn day(epoch: f64) -> String {
    chrono::DateTime::from_timestamp(epoch as i64, 0)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marker_stands_on_the_line_at_its_time() {
        let points = [(0.0, 0.0, 10.0), (1.0, 2.0, 20.0), (2.0, 2.0, 30.0)];
        let on = place_on(&points, 15.0).unwrap();
        assert_eq!(
            (on.lon, on.lat, on.t, on.outside_days),
            (0.5, 1.0, 15.0, None)
        );
        let after = place_on(&points, 30.0 + 86_400.0).unwrap();
        assert_eq!((after.lon, after.lat, after.t), (2.0, 2.0, 30.0));
        assert!(
            (after.outside_days.unwrap() - 1.0).abs() < 1e-9,
            "{after:?}"
        );
        let before = place_on(&points, 10.0 - 2.0 * 86_400.0).unwrap();
        assert_eq!(before.t, 10.0);
        assert!(
            (before.outside_days.unwrap() + 2.0).abs() < 1e-9,
            "{before:?}"
        );
        assert_eq!(place_on(&[], 1.0), None);
        // across the antimeridian: one side or the other, never the middle of the map
        let wrap = place_on(&[(179.0, 0.0, 0.0), (-179.0, 0.0, 10.0)], 4.0).unwrap();
        assert_eq!(wrap.lon, 179.0);
    }
}
