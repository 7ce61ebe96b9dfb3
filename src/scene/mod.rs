//! Big data as 3D scenes (`clearway scene`, the HTML report's 3D view, the inspection brief):
//! what to draw is asked of DuckDB as an aggregation with a fixed bound on its result, so a
//! scene of a hundred million rows has the size of a scene of a thousand, and the result is
//! turned into a [`clearway_scene::Scene`] written as glTF binary or a viewer page.
//!
//! - [`tracks`]: a space-time cube of vessel and container tracks (longitude, latitude, time
//!   upwards), coloured by the risk of the declarations they carry, with those declarations as
//!   markers;
//! - [`flows`]: trade by origin as columns over the world's coastlines, and the routes through
//!   a third country as arcs;
//! - [`design`]: a design file's mesh at real size with its provenance verdict.

pub mod design;
pub mod flows;
pub mod tracks;

pub use clearway_scene::{glb, viewer, Scene};

use crate::error::{Error, Result};
use std::path::Path;

/// The values for `stmt`'s `$name` parameters, in its order, from `values` (a name the
/// statement uses that `values` lacks is a bug: every scene's SQL is clearway's own).
pub fn named(
    stmt: &duckdb::Statement,
    values: &[(&str, duckdb::types::Value)],
) -> Result<Vec<duckdb::types::Value>> {
    (1..=stmt.parameter_count())
        .map(|i| {
            let name = stmt.parameter_name(i)?;
            values
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.clone())
                .ok_or_else(|| {
                    Error::usage(
                        format!("clearway's scene SQL uses ${name}, which it gives no value"),
                        "this is a bug in clearway: please report it",
                    )
                })
        })
        .collect()
}

/// DuckDB's memory for `clearway scene` unless set otherwise: enough for 10 M positions and
/// 10 M declaration items without spilling much, and a process under 1 GB.
pub const MEMORY_LIMIT: &str = "800MB";

/// What a written scene holds, for the command's report.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Written {
    pub path: String,
    /// `glb` or `html`.
    pub format: String,
    pub objects: usize,
    pub vertices: usize,
    pub triangles: usize,
    pub bytes: u64,
    /// Scene-specific counts (rows read, tracks drawn, …).
    pub facts: serde_json::Map<String, serde_json::Value>,
}

impl Written {
    /// What was written, as `clearway scene` prints it and the TUI's status line shows its
    /// first line.
    pub fn summary(&self) -> String {
        let mut text = format!(
            "{}: {} objects, {} positions, {} triangles, {} bytes\n",
            self.path,
            self.objects,
            crate::output::group_thousands(self.vertices as i64),
            crate::output::group_thousands(self.triangles as i64),
            crate::output::group_thousands(self.bytes as i64)
        );
        for (key, value) in &self.facts {
            let value = match value {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            text.push_str(&format!("  {key}: {value}\n"));
        }
        text
    }
}

/// Writes `scene` to `out`: a `.glb`, or with `.html` a self-contained viewer page.
pub fn save(scene: &Scene, out: &Path) -> Result<Written> {
    let extension = out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let (format, bytes) = match extension.as_deref() {
        Some("glb") => ("glb", glb::write(scene)),
        Some("html") | Some("htm") => (
            "html",
            viewer::page(&scene.title, &page_body(scene)).into_bytes(),
        ),
        _ => {
            return Err(Error::usage(
                format!("{}: a scene is written as .glb or .html", out.display()),
                "name the file scene.glb (glTF binary, for any 3D viewer) or scene.html (clearway's viewer, offline)",
            ))
        }
    };
    crate::output::write_atomically(out, |tmp| {
        std::fs::write(tmp, &bytes).map_err(|cause| Error::Write {
            path: out.to_path_buf(),
            cause,
        })
    })?;
    Ok(Written {
        path: out.display().to_string(),
        format: format.to_string(),
        objects: scene.drawable().count(),
        vertices: scene.vertex_count(),
        triangles: scene.triangle_count(),
        bytes: bytes.len() as u64,
        facts: scene.info.clone(),
    })
}

/// The page around one scene: its title, its facts and the figure.
pub fn page_body(scene: &Scene) -> String {
    let mut body = format!("<h1>{}</h1>\n", crate::output::html_escape(&scene.title));
    body.push_str(&facts_table(&scene.info));
    body.push_str(&viewer::figure("scene", scene));
    body
}

/// Scene facts as a two-column table.
pub fn facts_table(facts: &serde_json::Map<String, serde_json::Value>) -> String {
    if facts.is_empty() {
        return String::new();
    }
    let mut html = String::from("<table class=\"facts\"><tbody>\n");
    for (key, value) in facts {
        let text = match value {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        html.push_str(&format!(
            "<tr><th>{}</th><td>{}</td></tr>\n",
            crate::output::html_escape(&key.replace('_', " ")),
            crate::output::html_escape(&text)
        ));
    }
    html.push_str("</tbody></table>\n");
    html
}

/// Degrees of longitude and latitude to scene metres around a centre, shapes kept (longitude
/// shrunk by the cosine of the centre's latitude), the larger side `size` metres long.
#[derive(Debug, Clone, Copy)]
pub struct MapFrame {
    pub lon0: f64,
    pub lat0: f64,
    /// Metres per degree of latitude.
    pub k: f64,
    pub cos: f64,
    /// Bounds in degrees: west, south, east, north.
    pub bbox: [f64; 4],
}

impl MapFrame {
    /// The frame around positions spanning `bbox` (west, south, east, north), with a margin.
    pub fn fit(bbox: [f64; 4], size: f64) -> MapFrame {
        let [w, s, e, n] = bbox;
        let lat0 = (s + n) / 2.0;
        let cos = lat0.to_radians().cos().max(0.1);
        let margin_lon = ((e - w) * 0.05).max(0.25);
        let margin_lat = ((n - s) * 0.05).max(0.25);
        let bbox = [
            (w - margin_lon).max(-180.0),
            (s - margin_lat).max(-90.0),
            (e + margin_lon).min(180.0),
            (n + margin_lat).min(90.0),
        ];
        let span = ((bbox[2] - bbox[0]) * cos).max(bbox[3] - bbox[1]).max(1e-6);
        MapFrame {
            lon0: (bbox[0] + bbox[2]) / 2.0,
            lat0,
            k: size / span,
            cos,
            bbox,
        }
    }

    /// Scene x and z of a position (y is the caller's).
    pub fn xz(&self, lon: f64, lat: f64) -> (f32, f32) {
        (
            ((lon - self.lon0) * self.cos * self.k) as f32,
            (-(lat - self.lat0) * self.k) as f32,
        )
    }

    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        (self.bbox[0]..=self.bbox[2]).contains(&lon) && (self.bbox[1]..=self.bbox[3]).contains(&lat)
    }

    /// The coastline segments inside the frame, at height `y`, as one grey outline.
    pub fn coastlines(&self, y: f32) -> clearway_scene::Object {
        let mut outline = clearway_scene::Object::new(
            "coastlines",
            clearway_scene::Mode::Lines,
            [0.55, 0.58, 0.62, 1.0],
        );
        for ring in clearway_scene::world::coastlines() {
            for pair in ring.windows(2) {
                let ((lon_a, lat_a), (lon_b, lat_b)) = (pair[0], pair[1]);
                // a segment across the antimeridian would cross the whole map
                if (lon_a - lon_b).abs() > 180.0 {
                    continue;
                }
                if self.contains(lon_a, lat_a) && self.contains(lon_b, lat_b) {
                    let (xa, za) = self.xz(lon_a, lat_a);
                    let (xb, zb) = self.xz(lon_b, lat_b);
                    outline.positions.push([xa, y, za]);
                    outline.positions.push([xb, y, zb]);
                }
            }
        }
        outline
    }

    /// The frame's rectangle at height `y`.
    pub fn border(&self, y: f32) -> clearway_scene::Object {
        let mut border = clearway_scene::Object::new(
            "frame",
            clearway_scene::Mode::Lines,
            [0.3, 0.33, 0.4, 1.0],
        );
        let [w, s, e, n] = self.bbox;
        let corners = [(w, s), (e, s), (e, n), (w, n), (w, s)];
        for pair in corners.windows(2) {
            let (xa, za) = self.xz(pair[0].0, pair[0].1);
            let (xb, zb) = self.xz(pair[1].0, pair[1].1);
            border.positions.push([xa, y, za]);
            border.positions.push([xb, y, zb]);
        }
        border
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_keeps_shapes_and_fits_its_size() {
        let f = MapFrame::fit([0.0, 50.0, 10.0, 52.0], 2.0);
        let (x0, _) = f.xz(f.bbox[0], f.lat0);
        let (x1, _) = f.xz(f.bbox[2], f.lat0);
        assert!(((x1 - x0) - 2.0).abs() < 1e-3, "the longer side is 2 m");
        let (_, z_south) = f.xz(f.lon0, 50.0);
        let (_, z_north) = f.xz(f.lon0, 52.0);
        assert!(z_north < z_south, "north is away from the viewer (-z)");
        assert!(f.contains(5.0, 51.0) && !f.contains(20.0, 51.0));
    }

    #[test]
    fn only_glb_and_html_are_written() {
        let dir = tempfile::tempdir().unwrap();
        let err = save(&Scene::default(), &dir.path().join("s.obj")).unwrap_err();
        assert!(err.to_string().contains(".glb or .html"));
        let w = save(&Scene::default(), &dir.path().join("s.glb")).unwrap();
        assert_eq!(w.format, "glb");
        assert!(std::fs::read(dir.path().join("s.glb"))
            .unwrap()
            .starts_with(b"glTF"));
    }
}
