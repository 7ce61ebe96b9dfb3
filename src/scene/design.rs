//! `scene design`: a design file's mesh at real size (1 unit = 1 m, so AR places it beside the
//! part it describes) with what `provenance check` last said of the file.
//!
//! A design of more than [`MAX_TRIANGLES`] triangles is simplified (vertex clustering) to fit
//! the scene's size bound, and the scene says so.

use crate::error::{Error, Result};
use crate::workspace::Workspace;
use clearway_scene::{Mode, Object, Scene};
use serde_json::json;
use std::path::Path;

/// Triangles a design scene holds (about 18 MB of positions and normals).
pub const MAX_TRIANGLES: usize = 250_000;

/// What provenance said of a file.
#[derive(Debug, Clone, Default)]
pub struct Verdict {
    pub verdict: String,
    pub design: Option<String>,
    pub reasons: Vec<String>,
}

/// The latest `provenance check` verdict on a file with this sha256, if any.
pub fn verdict(ws: &Workspace, sha256: &str) -> Result<Option<Verdict>> {
    let mut stmt = ws.conn.prepare(
        "SELECT c.verdict, coalesce(r.title || ' (' || c.design_id || ')', c.design_id), c.reasons
         FROM provenance_checks c LEFT JOIN design_registry r ON r.design_id = c.design_id
         WHERE c.sha256 = ?
         -- the latest check; of a file's meshes, the gravest verdict
         ORDER BY c.checked_at DESC,
                  CASE c.verdict WHEN 'controlled' THEN 0 WHEN 'contradicted' THEN 1 WHEN 'mirror' THEN 2
                                 WHEN 'shape_only' THEN 3 WHEN 'unknown' THEN 4 ELSE 5 END,
                  c.check_id DESC
         LIMIT 1",
    )?;
    let mut rows = stmt.query([sha256])?;
    let Some(row) = rows.next()? else {
        return Ok(None);
    };
    let reasons: Option<duckdb::types::Value> = row.get(2)?;
    Ok(Some(Verdict {
        verdict: row.get(0)?,
        design: row.get(1)?,
        reasons: match reasons {
            Some(duckdb::types::Value::List(items)) => items
                .into_iter()
                .filter_map(|v| match v {
                    duckdb::types::Value::Text(t) => Some(t),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        },
    }))
}

/// A design file read for drawing.
pub struct Design {
    pub sha256: String,
    pub meshes: Vec<crate::print3d::mesh::Mesh>,
    /// What the reader said of the file (an encrypted part, metadata against the specification).
    pub warnings: Vec<String>,
}

/// Reads the design file at `path` within `limits`; the reason when it cannot be read.
pub fn read(path: &Path, limits: &crate::limits::Limits) -> std::result::Result<Design, String> {
    crate::limits::require_regular_file(path)?;
    let bytes = crate::limits::read_file_capped(path, limits.max_file_bytes)?;
    let (meshes, warnings) = crate::print3d::meshes_with(path, &bytes, limits)?;
    Ok(Design {
        sha256: hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&bytes)),
        meshes,
        warnings,
    })
}

/// The design file at `path` as a scene, with the verdict on it (None: never checked).
pub fn build(ws: &Workspace, path: &Path) -> Result<Scene> {
    let design = read(path, &ws.limits).map_err(|why| {
        Error::bad_input(
            path,
            why,
            "clearway draws STL, 3MF, OBJ and AMF design files (raise a bound with --input-limit if the file is genuine)",
        )
    })?;
    let verdict = verdict(ws, &design.sha256)?;
    scene(path, &design, verdict.as_ref())
}

/// The scene of `meshes` (millimetres, as design files are) at real size.
pub fn scene(path: &Path, design: &Design, verdict: Option<&Verdict>) -> Result<Scene> {
    let (sha256, meshes) = (design.sha256.as_str(), &design.meshes);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let triangles: usize = meshes.iter().map(|m| m.triangles.len()).sum();
    if triangles == 0 {
        return Err(Error::input_refused(
            path,
            match design.warnings.as_slice() {
                [] => "the file holds no triangle to draw".to_string(),
                said => format!("the file holds no triangle clearway can read: {}", said.join("; ")),
            },
            "draw a model with its geometry (not a G-code job, an empty model or an encrypted part)",
        ));
    }
    let colour = match verdict.map(|v| v.verdict.as_str()) {
        Some("controlled" | "contradicted") => [0.85, 0.12, 0.10, 1.0],
        Some("exact" | "same_geometry" | "similar") => [0.25, 0.6, 0.35, 1.0],
        Some("mirror" | "shape_only") => [0.95, 0.7, 0.2, 1.0],
        Some(_) => [0.45, 0.55, 0.75, 1.0],
        None => [0.6, 0.63, 0.68, 1.0],
    };
    let mut object = Object::new(name.clone(), Mode::Triangles, colour);
    // design files are in millimetres, glTF in metres; z up in the file, y up in glTF
    for m in meshes {
        for t in &m.triangles {
            for p in t {
                object.positions.push([
                    (p[0] / 1000.0) as f32,
                    (p[2] / 1000.0) as f32,
                    (-p[1] / 1000.0) as f32,
                ]);
            }
        }
    }
    if object.positions.iter().flatten().any(|v| !v.is_finite()) {
        return Err(Error::bad_input(
            path,
            "the mesh has coordinates that are not finite numbers (NaN or infinity)",
            "draw the part from another export of the design",
        ));
    }
    let simplified = object.simplify(MAX_TRIANGLES);
    let verdict_text = match verdict {
        Some(v) => match &v.design {
            Some(d) => format!("{} ({d})", v.verdict),
            None => v.verdict.clone(),
        },
        None => "not checked: run `clearway provenance check` on the file".to_string(),
    };
    object.info.insert("file".into(), json!(name));
    object.info.insert("sha256".into(), json!(sha256));
    object.info.insert("provenance".into(), json!(verdict_text));
    if let Some(v) = verdict {
        if !v.reasons.is_empty() {
            object
                .info
                .insert("why".into(), json!(v.reasons.join("; ")));
        }
    }
    let Some(bounds) = clearway_scene::Bounds::of(&object.positions) else {
        return Err(Error::bad_input(
            path,
            "the mesh has no triangle to draw once simplified",
            "draw the part from another export of the design",
        ));
    };
    let size = bounds.size().map(|v| v * 1000.0);
    let mut scene = Scene {
        title: format!("{name}: {verdict_text}"),
        scale_note: format!(
            "Real size: {:.1} × {:.1} × {:.1} mm{}.",
            size[0],
            size[2],
            size[1],
            match simplified {
                Some(before) => format!(
                    "; simplified from {before} to {} triangles for the view",
                    object.positions.len() / 3
                ),
                None => String::new(),
            }
        ),
        real_scale: true,
        ..Default::default()
    };
    scene.info.insert("file".into(), json!(name));
    scene.info.insert("sha256".into(), json!(sha256));
    scene
        .info
        .insert("triangles in the file".into(), json!(triangles));
    scene.info.insert("provenance".into(), json!(verdict_text));
    if !design.warnings.is_empty() {
        scene
            .info
            .insert("reader warnings".into(), json!(design.warnings.join("; ")));
    }
    scene.objects.push(object);
    Ok(scene)
}
