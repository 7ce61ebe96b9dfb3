//! `scene flows`: trade by origin over the world. Each origin country is a column standing on
//! its centre, as tall as its share of the measure asked for (customs value, items or the
//! highest risk score), coloured by the mean risk score of its declarations; where goods of
//! one origin were exported from another country, an arc joins the two, as high as that
//! route's customs value.
//!
//! Bounded in DuckDB: one row per (origin, export country) pair of codes (trimmed, upper-case),
//! about 250 × 250 for real codes whatever the number of declarations. Codes the world outline
//! does not place (unknown or missing codes, very small territories) are counted, never
//! silently dropped, and the first few are named.

use crate::error::Result;
use crate::workspace::Workspace;
use clearway_scene::{model::risk_colour, Mode, Object, Scene};
use serde_json::json;

/// What a column's height shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
pub enum Height {
    /// The sum of customs value.
    Value,
    /// Declaration items.
    Items,
    /// The highest risk score of the origin's declarations in the run.
    Risk,
}

#[derive(Debug, Clone)]
pub struct FlowsRequest {
    pub height: Height,
    /// Arcs drawn, the largest routes first.
    pub max_arcs: usize,
    pub run: Option<i64>,
}

impl Default for FlowsRequest {
    fn default() -> Self {
        FlowsRequest {
            height: Height::Value,
            max_arcs: 200,
            run: None,
        }
    }
}

/// One (origin, export country) pair as DuckDB sums it, codes trimmed and upper-cased so that
/// " fr" and "FR" are one country.
struct Route {
    origin: Option<String>,
    export: Option<String>,
    items: i64,
    declarations: i64,
    value: f64,
    highest: Option<f64>,
    mean: Option<f64>,
    /// Items with a score in the run (the mean's weight).
    scored: i64,
}

/// The one statement of a flows scene (`$run`: the risk run).
pub const ROUTES: &str = "
    SELECT NULLIF(upper(trim(d.origin_country)), '') AS origin,
           NULLIF(upper(trim(d.export_country)), '') AS export,
           count(*) AS items, count(DISTINCT d.declaration_id) AS declarations,
           coalesce(sum(d.customs_value), 0)::DOUBLE AS value,
           max(s.total) AS highest, avg(s.total) AS mean, count(s.total) AS scored
    FROM declarations d
    LEFT JOIN risk_scores s ON s.declaration_id = d.declaration_id AND s.run_id = $run
    GROUP BY ALL";

/// Unplaced origin codes named in the facts (the rest are counted).
const UNPLACED_SHOWN: usize = 10;

/// Metres per degree on the world floor (360° = 3.6 m).
const METRES_PER_DEGREE: f32 = 0.01;
/// The tallest column.
const TALLEST: f32 = 1.0;
/// A column's footprint.
const WIDTH: f32 = 0.03;

pub fn build(ws: &Workspace, request: &FlowsRequest) -> Result<Scene> {
    let run = crate::risk::runner::run_or_latest(&ws.conn, request.run)?;
    let mut stmt = ws.conn.prepare(ROUTES)?;
    let run_value = run
        .map(duckdb::types::Value::BigInt)
        .unwrap_or(duckdb::types::Value::Null);
    let values = super::named(&stmt, &[("run", run_value)])?;
    let mut rows = stmt.query(duckdb::params_from_iter(values))?;
    let mut routes = Vec::new();
    while let Some(row) = rows.next()? {
        routes.push(Route {
            origin: row.get(0)?,
            export: row.get(1)?,
            items: row.get(2)?,
            declarations: row.get(3)?,
            value: row.get(4)?,
            highest: row.get(5)?,
            mean: row.get(6)?,
            scored: row.get(7)?,
        });
    }
    if routes.is_empty() {
        return Err(crate::error::Error::usage(
            "nothing to draw: the workspace has no declarations",
            "load declarations first: `clearway load declarations FILE`",
        ));
    }
    Ok(scene(&routes, request, run))
}

/// A country's place on the world floor, by alpha-2 code.
fn place(alpha2: &str) -> Option<(String, f32, f32)> {
    let country = celes::Country::from_alpha2(alpha2.trim()).ok()?;
    let (name, lon, lat) = clearway_scene::world::country_centre(country.code)?;
    Some((
        name,
        lon as f32 * METRES_PER_DEGREE,
        -(lat as f32) * METRES_PER_DEGREE,
    ))
}

/// An origin's totals.
#[derive(Default)]
struct Origin {
    items: i64,
    declarations: i64,
    value: f64,
    highest: Option<f64>,
    /// Sum of mean scores weighted by items, and the items with a score.
    risk_sum: f64,
    risk_items: i64,
}

fn scene(routes: &[Route], request: &FlowsRequest, run: Option<i64>) -> Scene {
    let mut origins: std::collections::BTreeMap<String, Origin> = Default::default();
    let mut unplaced_items = 0i64;
    let mut unplaced_codes = std::collections::BTreeSet::new();
    for r in routes {
        let Some(code) = r.origin.as_deref().filter(|c| place(c).is_some()) else {
            unplaced_items += r.items;
            unplaced_codes.insert(r.origin.clone().unwrap_or_else(|| "(none)".into()));
            continue;
        };
        let o = origins.entry(code.to_string()).or_default();
        o.items += r.items;
        o.declarations += r.declarations;
        o.value += r.value;
        o.highest = match (o.highest, r.highest) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        if let Some(mean) = r.mean {
            o.risk_sum += mean * r.scored as f64;
            o.risk_items += r.scored;
        }
    }
    let measure = |o: &Origin| match request.height {
        Height::Value => o.value,
        Height::Items => o.items as f64,
        Height::Risk => o.highest.unwrap_or(0.0),
    };
    let tallest = origins.values().map(measure).fold(0.0, f64::max);
    let highest_mean = origins
        .values()
        .filter(|o| o.risk_items > 0)
        .map(|o| o.risk_sum / o.risk_items as f64)
        .fold(0.0, f64::max);
    let mut scene = Scene {
        title: format!("Trade by origin ({})", height_label(request.height)),
        overhead: true,
        ..Default::default()
    };
    let world = super::MapFrame {
        lon0: 0.0,
        lat0: 0.0,
        k: METRES_PER_DEGREE as f64,
        cos: 1.0,
        bbox: [-180.0, -90.0, 180.0, 90.0],
    };
    scene.objects.push(world.coastlines(0.0));
    for (code, o) in &origins {
        let (name, x, z) = place(code).expect("only placed origins are kept");
        let height = if tallest > 0.0 {
            (measure(o) / tallest) as f32 * TALLEST
        } else {
            0.0
        }
        .max(0.005);
        let colour = match (o.risk_items, highest_mean > 0.0) {
            (n, true) if n > 0 => risk_colour(o.risk_sum / n as f64 / highest_mean),
            _ => [0.62, 0.64, 0.68, 1.0],
        };
        let mut column = Object::new(format!("{name} ({code})"), Mode::Triangles, colour);
        column.push_box(
            [x - WIDTH / 2.0, 0.0, z - WIDTH / 2.0],
            [x + WIDTH / 2.0, height, z + WIDTH / 2.0],
        );
        column
            .info
            .insert("origin".into(), json!(format!("{name} ({code})")));
        column.info.insert("items".into(), json!(o.items));
        column
            .info
            .insert("declarations".into(), json!(o.declarations));
        column.info.insert(
            "customs value".into(),
            json!((o.value * 100.0).round() / 100.0),
        );
        if o.risk_items > 0 {
            column.info.insert(
                "mean score".into(),
                json!(((o.risk_sum / o.risk_items as f64) * 100.0).round() / 100.0),
            );
        }
        if let Some(h) = o.highest {
            column
                .info
                .insert("highest score".into(), json!((h * 100.0).round() / 100.0));
        }
        scene.objects.push(column);
    }
    let through_third: Vec<&Route> = routes
        .iter()
        .filter(|r| matches!((&r.origin, &r.export), (Some(o), Some(e)) if o != e))
        .collect();
    let mut arcs: Vec<&Route> = through_third
        .iter()
        .copied()
        .filter(|r| {
            place(r.origin.as_deref().unwrap()).is_some()
                && place(r.export.as_deref().unwrap()).is_some()
        })
        .collect();
    let routes_not_placed = through_third.len() - arcs.len();
    arcs.sort_by(|a, b| b.value.total_cmp(&a.value).then(a.origin.cmp(&b.origin)));
    let largest = arcs.first().map(|r| r.value).unwrap_or(0.0);
    let arcs_drawn = arcs.len().min(request.max_arcs);
    for r in arcs.iter().take(request.max_arcs) {
        let (origin, export) = (r.origin.as_deref().unwrap(), r.export.as_deref().unwrap());
        let (from_name, x0, z0) = place(origin).unwrap();
        let (to_name, x1, z1) = place(export).unwrap();
        let share = if largest > 0.0 {
            (r.value / largest) as f32
        } else {
            0.0
        };
        let lift = 0.05 + 0.45 * share;
        let colour = match (r.mean, highest_mean > 0.0) {
            (Some(m), true) => risk_colour(m / highest_mean),
            _ => [0.45, 0.5, 0.6, 1.0],
        };
        let mut arc = Object::new(format!("{from_name} → {to_name}"), Mode::LineStrip, colour);
        for i in 0..=32 {
            let t = i as f32 / 32.0;
            arc.positions.push([
                x0 + (x1 - x0) * t,
                4.0 * lift * t * (1.0 - t),
                z0 + (z1 - z0) * t,
            ]);
        }
        arc.info
            .insert("origin".into(), json!(format!("{from_name} ({origin})")));
        arc.info.insert(
            "exported from".into(),
            json!(format!("{to_name} ({export})")),
        );
        arc.info.insert("items".into(), json!(r.items));
        arc.info.insert(
            "customs value".into(),
            json!((r.value * 100.0).round() / 100.0),
        );
        scene.objects.push(arc);
    }
    scene.scale_note = format!(
        "1 m = 100° of longitude or latitude; the tallest column ({TALLEST} m) is {} {}.",
        human(tallest),
        height_label(request.height)
    );
    let info = &mut scene.info;
    info.insert("origins drawn".into(), json!(origins.len()));
    info.insert(
        "items drawn".into(),
        json!(origins.values().map(|o| o.items).sum::<i64>()),
    );
    info.insert(
        "routes through a third country drawn".into(),
        json!(arcs_drawn),
    );
    info.insert(
        "routes through a third country".into(),
        json!(through_third.len()),
    );
    info.insert(
        "routes not drawn (a country the outline does not place)".into(),
        json!(routes_not_placed),
    );
    info.insert("items not placed".into(), json!(unplaced_items));
    if !unplaced_codes.is_empty() {
        // the first few, and how many: garbage codes must not flood the page or the file
        let shown: Vec<&String> = unplaced_codes.iter().take(UNPLACED_SHOWN).collect();
        let more = unplaced_codes.len().saturating_sub(UNPLACED_SHOWN);
        info.insert(
            "origin codes not placed".into(),
            json!(format!(
                "{}{}",
                shown
                    .iter()
                    .map(|c| c.chars().take(12).collect::<String>())
                    .collect::<Vec<_>>()
                    .join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            )),
        );
    }
    info.insert(
        "coloured by".into(),
        json!(match run {
            Some(r) => format!("mean score in risk run {r}"),
            None => "nothing: no risk run yet (grey)".to_string(),
        }),
    );
    scene
}

fn height_label(h: Height) -> &'static str {
    match h {
        Height::Value => "customs value",
        Height::Items => "items",
        Height::Risk => "highest risk score",
    }
}

fn human(v: f64) -> String {
    crate::viz::human(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(origin: &str, export: &str, items: i64, value: f64, mean: Option<f64>) -> Route {
        Route {
            origin: Some(origin.into()),
            export: Some(export.into()),
            items,
            declarations: items,
            value,
            highest: mean,
            mean,
            scored: if mean.is_some() { items } else { 0 },
        }
    }

    #[test]
    fn columns_are_as_tall_as_their_share_and_unknown_codes_are_counted() {
        let routes = [
            route("CN", "CN", 10, 1000.0, Some(0.2)),
            route("CN", "VN", 5, 1000.0, Some(0.8)),
            route("FR", "FR", 3, 500.0, None),
            route("ZZ", "ZZ", 7, 1.0, None),
        ];
        let s = scene(&routes, &FlowsRequest::default(), Some(1));
        let columns: Vec<_> = s
            .objects
            .iter()
            .filter(|o| o.mode == Mode::Triangles)
            .collect();
        assert_eq!(columns.len(), 2);
        let heights: Vec<f32> = columns
            .iter()
            .map(|c| clearway_scene::Bounds::of(&c.positions).unwrap().max[1])
            .collect();
        // China 2000, France 500: 1 m and 0.25 m
        assert!(
            (heights[0] - 1.0).abs() < 1e-6 && (heights[1] - 0.25).abs() < 1e-6,
            "{heights:?}"
        );
        let arcs: Vec<_> = s
            .objects
            .iter()
            .filter(|o| o.mode == Mode::LineStrip)
            .collect();
        assert_eq!(arcs.len(), 1);
        assert_eq!(s.info["items not placed"], 7);
        assert_eq!(s.info["origin codes not placed"], "ZZ");
        assert_eq!(s.info["items drawn"], 18);
    }
}
