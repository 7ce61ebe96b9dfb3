//! Sample design files, written by clearway's own writers into `DIR/designs/`: a rights
//! holder's originals (`registry/`) and files a customs analyst might meet (`incoming/`) —
//! exact copies, copies with their triangles reordered and moved, rotated, re-meshed and scaled
//! copies (the scaled one is its shape at another size, not the design), an unknown design, and a G-code job that prints a controlled design. The shapes are
//! synthetic proxies (extruded star-shaped outlines): no real controlled design is ever shipped
//! (reference print3d.md §7). `designs/README.md`'s table says the verdict each file gets.

use crate::error::{Error, Result};
use crate::print3d::mesh::{Point, Triangle};
use crate::print3d::stl::write_binary;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use std::io::Write;
use std::path::Path;

/// A closed prism over a polygon that is star-shaped about the origin (counter-clockwise),
/// `height` mm tall: fans to a centre vertex below and above, two triangles per side.
pub fn prism(outline: &[[f64; 2]], height: f64) -> Vec<Triangle> {
    let n = outline.len();
    let low = |i: usize| -> Point { [outline[i % n][0], outline[i % n][1], 0.0] };
    let high = |i: usize| -> Point { [outline[i % n][0], outline[i % n][1], height] };
    let mut out = Vec::with_capacity(4 * n);
    for i in 0..n {
        out.push([[0.0, 0.0, 0.0], low(i + 1), low(i)]);
        out.push([[0.0, 0.0, height], high(i), high(i + 1)]);
        out.push([low(i), low(i + 1), high(i + 1)]);
        out.push([low(i), high(i + 1), high(i)]);
    }
    out
}

/// A gear-like outline: `teeth` teeth between radii `inner` and `outer`.
pub fn gear(teeth: usize, inner: f64, outer: f64) -> Vec<[f64; 2]> {
    (0..2 * teeth)
        .map(|k| {
            let a = std::f64::consts::PI * k as f64 / teeth as f64;
            let r = if k % 2 == 0 { outer } else { inner };
            // to the micrometre, so a binary STL's f32 keeps the same cgh-v1 quanta
            [r * a.cos(), r * a.sin()].map(|c| (c * 1000.0).round() / 1000.0)
        })
        .collect()
}

/// The controlled-design proxy: a T-shaped outline (star-shaped about its junction).
pub fn tee() -> Vec<[f64; 2]> {
    vec![
        [-30.0, 5.0],
        [-30.0, -5.0],
        [-5.0, -5.0],
        [-5.0, -40.0],
        [5.0, -40.0],
        [5.0, -5.0],
        [30.0, -5.0],
        [30.0, 5.0],
    ]
}

/// Each triangle split into four (a finer mesh of the same surface).
fn remesh(triangles: &[Triangle]) -> Vec<Triangle> {
    let mid = |a: Point, b: Point| -> Point { [0, 1, 2].map(|k| (a[k] + b[k]) / 2.0) };
    triangles
        .iter()
        .flat_map(|&[a, b, c]| {
            let (ab, bc, ca) = (mid(a, b), mid(b, c), mid(c, a));
            [[a, ab, ca], [ab, b, bc], [ca, bc, c], [ab, bc, ca]]
        })
        .collect()
}

fn map(triangles: &[Triangle], f: impl Fn(Point) -> Point) -> Vec<Triangle> {
    triangles.iter().map(|t| t.map(&f)).collect()
}

/// A minimal 3MF package: one object, its metadata, each triangle's own three vertices.
pub fn write_3mf(triangles: &[Triangle], metadata: &[(&str, &str)]) -> Result<Vec<u8>> {
    let mut model = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<model unit=\"millimeter\" xml:lang=\"en-US\" xmlns=\"http://schemas.microsoft.com/3dmanufacturing/core/2015/02\">\n",
    );
    for (name, value) in metadata {
        model.push_str(&format!(" <metadata name=\"{name}\">{value}</metadata>\n"));
    }
    model.push_str(" <resources>\n  <object id=\"1\" type=\"model\">\n   <mesh>\n    <vertices>\n");
    for t in triangles {
        for p in t {
            model.push_str(&format!(
                "     <vertex x=\"{}\" y=\"{}\" z=\"{}\"/>\n",
                p[0], p[1], p[2]
            ));
        }
    }
    model.push_str("    </vertices>\n    <triangles>\n");
    for i in 0..triangles.len() {
        model.push_str(&format!(
            "     <triangle v1=\"{}\" v2=\"{}\" v3=\"{}\"/>\n",
            3 * i,
            3 * i + 1,
            3 * i + 2
        ));
    }
    model.push_str("    </triangles>\n   </mesh>\n  </object>\n </resources>\n <build>\n  <item objectid=\"1\"/>\n </build>\n</model>\n");
    let parts = [
        ("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"model\" ContentType=\"application/vnd.ms-package.3dmanufacturing-3dmodel+xml\"/></Types>\n".to_string()),
        ("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Target=\"/3D/3dmodel.model\" Id=\"rel0\" Type=\"http://schemas.microsoft.com/3dmanufacturing/2013/01/3dmodel\"/></Relationships>\n".to_string()),
        ("3D/3dmodel.model", model),
    ];
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        // a fixed time stamp, so the same design gives the same bytes
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default());
        for (name, text) in parts {
            let fail = |e: &dyn std::fmt::Display| {
                Error::usage(
                    format!("internal: writing {name}: {e}"),
                    "please report this",
                )
            };
            zip.start_file(name, options).map_err(|e| fail(&e))?;
            zip.write_all(text.as_bytes()).map_err(|e| fail(&e))?;
        }
        zip.finish()
            .map_err(|e| Error::usage(format!("internal: {e}"), "please report this"))?;
    }
    Ok(buf.into_inner())
}

/// What was written: (file under designs/, the verdict `provenance check` gives it).
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct DesignSummary {
    pub folder: String,
    pub registry: Vec<String>,
    pub incoming: Vec<(String, String)>,
}

/// Writes `DIR/designs/registry/*` and `DIR/designs/incoming/*`.
pub fn generate(out_dir: &Path, seed: u64) -> Result<DesignSummary> {
    let root = out_dir.join("designs");
    let (registry, incoming) = (root.join("registry"), root.join("incoming"));
    for dir in [&registry, &incoming] {
        std::fs::create_dir_all(dir).map_err(|cause| Error::Write {
            path: dir.clone(),
            cause,
        })?;
    }
    let write = |path: std::path::PathBuf, bytes: &[u8]| -> Result<()> {
        std::fs::write(&path, bytes).map_err(|cause| Error::Write { path, cause })
    };
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed ^ 0x3D);
    let gear_mesh = prism(&gear(12, 18.0, 22.0), 8.0);
    let tee_mesh = prism(&tee(), 6.0);
    let bracket = prism(
        &[[-20.0, -10.0], [20.0, -10.0], [20.0, 10.0], [-20.0, 10.0]],
        4.0,
    );
    let designer = [
        ("Title", "Gear 12T"),
        ("Designer", "Acme Gears Ltd"),
        ("LicenseTerms", "CC-BY-NC-4.0"),
    ];
    write(
        registry.join("gear_12t.3mf"),
        &write_3mf(&gear_mesh, &designer)?,
    )?;
    write(
        registry.join("tee_receiver_proxy.stl"),
        &write_binary("controlled design proxy", &tee_mesh),
    )?;
    write(registry.join("plate.stl"), &write_binary("plate", &bracket))?;
    let mut summary = DesignSummary {
        folder: root.display().to_string(),
        registry: vec![
            "gear_12t.3mf".into(),
            "tee_receiver_proxy.stl".into(),
            "plate.stl".into(),
        ],
        incoming: Vec::new(),
    };
    let mut add = |name: &str, verdict: &str, bytes: Vec<u8>| -> Result<()> {
        write(incoming.join(name), &bytes)?;
        summary.incoming.push((name.into(), verdict.into()));
        Ok(())
    };
    // the gear: triangles shuffled, each started at another vertex, moved — same geometry
    let mut shuffled = gear_mesh.clone();
    shuffled.shuffle(&mut rng);
    for t in shuffled.iter_mut() {
        t.rotate_left(1);
    }
    let moved = map(&shuffled, |p| [p[0] + 120.0, p[1] - 35.5, p[2] + 2.0]);
    add(
        "gear_reordered_moved.stl",
        "same_geometry",
        write_binary("gear", &moved),
    )?;
    // the gear re-published under another licence: same geometry, contradicting metadata
    add(
        "gear_relicensed.3mf",
        "same_geometry",
        write_3mf(
            &moved,
            &[
                ("Title", "Gear"),
                ("Designer", "Someone Else"),
                ("LicenseTerms", "CC0"),
            ],
        )?,
    )?;
    // the controlled proxy rotated a quarter turn (the same geometry: cgh-v2 is
    // rotation-free), and re-meshed finer (its shape at its size): both controlled
    let rotated = map(&tee_mesh, |p| [-p[1], p[0], p[2]]);
    add(
        "tee_rotated.stl",
        "controlled",
        write_binary("part", &rotated),
    )?;
    add(
        "tee_remeshed.3mf",
        "controlled",
        write_3mf(&remesh(&tee_mesh), &[("Title", "Part")])?,
    )?;
    // the plate at twice the size: its shape, not its size (a part twice as large is another
    // part; D2 alone used to call it "similar")
    let scaled = map(&bracket, |p| p.map(|c| c * 2.0));
    add(
        "plate_scaled.stl",
        "shape_only",
        write_binary("plate", &scaled),
    )?;
    // an exact copy of the plate
    add("plate_copy.stl", "exact", write_binary("plate", &bracket))?;
    // something nobody registered
    let star = prism(&gear(5, 8.0, 25.0), 3.0);
    add("star.stl", "unknown", write_binary("star", &star))?;
    // a print job for the controlled proxy, named after it
    add(
        "job_tee.gcode",
        "controlled",
        b"; generated by PrusaSlicer 2.6.0+linux on 2025-05-02 at 08:00:00 UTC\n; printing object tee_receiver_proxy.stl id:0 copy 0\nG1 X10 Y10 E0.5\nG1 X20 Y10 E1.0\n; filament_type = PA-CF\n; printer_model = MK4\n; estimated printing time (normal mode) = 3h 10m 0s\n"
            .to_vec(),
    )?;
    // a print job for the gear, sliced in PLA at 0.3 mm where its holder prescribes PA12 at
    // 0.1 mm (the demo registers those settings): the settings contradict the design
    add(
        "job_gear_pla.gcode",
        "contradicted",
        b"; generated by PrusaSlicer 2.7.1+linux on 2025-06-11 at 14:20:00 UTC\n; printing object gear_12t.3mf id:0 copy 0\nG1 X10 Y10 E0.5\nG1 X20 Y10 E1.0\n; filament_type = PLA\n; layer_height = 0.3\n; printer_model = MK4\n; estimated printing time (normal mode) = 0h 42m 0s\n"
            .to_vec(),
    )?;
    let mut readme = String::from("# designs\n\nWritten by `clearway sample-data generate` (src/sample_data/designs.rs). Register the\noriginals, then check the incoming files:\n\n    clearway provenance register designs/registry/gear_12t.3mf --owner \"Acme Gears Ltd\" --licence CC-BY-NC-4.0 --setting material=PA12 --setting layer_height=0.1\n    clearway provenance register designs/registry/tee_receiver_proxy.stl --owner \"(controlled list)\" --licence none --controlled\n    clearway provenance register designs/registry/plate.stl --owner \"Acme Gears Ltd\" --licence CC-BY-4.0\n    clearway provenance check designs/incoming\n\nThe shapes are synthetic proxies; no real controlled design is shipped.\n\n| incoming file | verdict |\n|---|---|\n");
    for (name, verdict) in &summary.incoming {
        readme.push_str(&format!("| `{name}` | {verdict} |\n"));
    }
    write(root.join("README.md"), readme.as_bytes())?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::print3d::mesh::{measure, Mesh};

    #[test]
    fn prisms_are_closed_and_remeshing_keeps_them_closed() {
        for t in [prism(&gear(12, 18.0, 22.0), 8.0), prism(&tee(), 6.0)] {
            for mesh in [t.clone(), remesh(&t)] {
                let m = measure(&Mesh {
                    name: String::new(),
                    triangles: mesh,
                });
                assert!(m.watertight && m.volume > 0.0, "{m:?}");
            }
        }
        // the tee: 3 rectangles of area 250 + 100 + 250 + … = 900 mm², 6 mm tall
        let m = measure(&Mesh {
            name: String::new(),
            triangles: prism(&tee(), 6.0),
        });
        assert!(
            (m.volume - 6.0 * (60.0 * 10.0 + 10.0 * 35.0)).abs() < 1e-9,
            "{}",
            m.volume
        );
    }
}
