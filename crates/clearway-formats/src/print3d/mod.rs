//! 3D-print design files: readers for the formats designs travel in, the measures and the
//! layered fingerprints of their meshes ([`mesh`]), for `clearway provenance scan`.
//!
//! Read so far: STL (binary and ASCII, multi-solid), 3MF (core, Production, Secure Content
//! reporting), OBJ, ASCII G-code (the slicer's header and settings; no mesh) and Prusa binary
//! G-code (every block's CRC32, the metadata blocks), and AMF (plain or zipped).

pub mod amf;
pub mod bgcode;
pub mod compare;
pub mod gcode;
pub mod mesh;
pub mod obj;
pub mod stl;
pub mod stream;
pub mod threemf;

use crate::limits::Limits;
use mesh::Mesh;
use sha2::{Digest, Sha256};
use std::path::Path;

/// Design file formats clearway knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DesignFormat {
    Stl,
    #[serde(rename = "3mf")]
    ThreeMf,
    Obj,
    Amf,
    Gcode,
    Bgcode,
}

impl DesignFormat {
    /// The format from the name, and for 3MF also from the zip signature.
    pub fn of(path: &Path, head: &[u8]) -> Option<Self> {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "stl" => Some(DesignFormat::Stl),
            "3mf" => Some(DesignFormat::ThreeMf),
            "obj" => Some(DesignFormat::Obj),
            "amf" => Some(DesignFormat::Amf),
            "gcode" | "gco" | "g" => Some(DesignFormat::Gcode),
            "bgcode" => Some(DesignFormat::Bgcode),
            _ if head.starts_with(b"PK\x03\x04") => Some(DesignFormat::ThreeMf),
            _ => None,
        }
    }
}

/// One mesh of a scanned file with its measures and fingerprints.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ScannedMesh {
    pub index: usize,
    pub name: String,
    pub measures: mesh::Measures,
    /// Canonical geometry hash, recipe cgh-v1 (not rotation-invariant); not computed for a
    /// streamed file.
    pub cgh: Option<String>,
    /// Canonical geometry hash, recipe cgh-v2 (rotation-invariant, mirror-sensitive).
    pub cgh_v2: String,
    /// cgh-v2 of the mesh's mirror image; not computed for a streamed file.
    pub cgh_v2_mirror: Option<String>,
    /// Principal sizes and chirality.
    pub shape: mesh::Shape,
    /// D2 shape distribution (64 bins).
    pub d2: Vec<f64>,
}

/// A scanned design file.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Scanned {
    pub path: String,
    pub format: DesignFormat,
    pub sha256: String,
    pub bytes: u64,
    pub meshes: Vec<ScannedMesh>,
    /// What the file says about itself (STL header, 3MF metadata and package facts).
    pub info: serde_json::Value,
    pub warnings: Vec<String>,
}

/// Binary STL files larger than this are fingerprinted by streaming ([`stream`]) instead of
/// being read whole.
pub const STREAM_ABOVE_BYTES: u64 = 256 << 20;

/// Triangle keys a streamed fingerprint sorts in memory per run (56 bytes each: 112 MB;
/// one run fills while the previous one is sorted and spilled).
pub const STREAM_RUN: usize = 2 << 20;

/// Fingerprints a large binary STL by streaming: the mesh's measures that need no vertex
/// table, and the fingerprints, equal to the in-memory path's.
pub fn scan_streamed(path: &Path) -> Result<Scanned, String> {
    let s = stream::fingerprint_binary_stl(path, STREAM_RUN)?;
    let measures = mesh::Measures {
        triangles: s.triangles,
        bbox_min: s.bbox_min,
        bbox_max: s.bbox_max,
        area: s.area,
        volume: s.volume,
        degenerate_faces: s.degenerate_faces,
        ..Default::default()
    };
    Ok(Scanned {
        path: path.display().to_string(),
        format: DesignFormat::Stl,
        sha256: s.sha256,
        bytes: s.bytes,
        meshes: vec![ScannedMesh {
            index: 0,
            name: String::new(),
            measures,
            cgh: None,
            cgh_v2: s.cgh_v2,
            cgh_v2_mirror: None,
            shape: s.shape,
            d2: s.d2,
        }],
        info: serde_json::json!({ "binary": true, "streamed": true, "sorted_runs": s.runs }),
        warnings: vec![format!(
            "streamed (larger than {} MB): vertices, edges, manifoldness, cgh-v1 and the mirror image's cgh-v2 not computed",
            STREAM_ABOVE_BYTES >> 20
        )],
    })
}

/// Reads and fingerprints one design file within the default [`Limits`].
pub fn scan(path: &Path, bytes: &[u8]) -> Result<Scanned, String> {
    scan_with(path, bytes, &Limits::default())
}

/// True for the formats read line by line, whose lines [`Limits::max_line_bytes`] bounds.
fn is_line_oriented(format: DesignFormat, bytes: &[u8]) -> bool {
    match format {
        DesignFormat::Stl => !stl::is_binary(bytes),
        DesignFormat::Obj | DesignFormat::Gcode => true,
        DesignFormat::ThreeMf | DesignFormat::Amf | DesignFormat::Bgcode => false,
    }
}

/// The meshes of one design file, read within `limits` as [`scan_with`] reads them (a G-code
/// job has none), with the reader's warnings (encrypted parts, metadata against the
/// specification): for drawing the design.
pub fn meshes_with(
    path: &Path,
    bytes: &[u8],
    limits: &Limits,
) -> Result<(Vec<Mesh>, Vec<String>), String> {
    read_with(path, bytes, limits).map(|(_, meshes, _, warnings)| (meshes, warnings))
}

/// A design file's format, meshes, what it says about itself, and warnings.
type Read = (DesignFormat, Vec<Mesh>, serde_json::Value, Vec<String>);

fn read_with(path: &Path, bytes: &[u8], limits: &Limits) -> Result<Read, String> {
    let format = DesignFormat::of(path, bytes)
        .ok_or("not a design file clearway knows (.stl, .3mf, .obj, .amf, .gcode, .bgcode)")?;
    if is_line_oriented(format, bytes) {
        crate::limits::check_line_lengths(bytes, limits.max_line_bytes)?;
    }
    let (meshes, info, warnings) = match format {
        DesignFormat::Stl => {
            let (meshes, info) = stl::read(bytes)?;
            (meshes, serde_json::json!(info), Vec::new())
        }
        DesignFormat::ThreeMf => {
            let (meshes, package) = threemf::read_with(bytes, limits)?;
            let warnings = package.warnings.clone();
            (meshes, serde_json::json!(package), warnings)
        }
        DesignFormat::Amf => {
            let (meshes, metadata) = amf::read_with(bytes, limits)?;
            let metadata: std::collections::BTreeMap<String, String> =
                metadata.into_iter().collect();
            (
                meshes,
                serde_json::json!({ "metadata": metadata }),
                Vec::new(),
            )
        }
        DesignFormat::Obj => (
            obj::read(bytes)?,
            serde_json::json!({ "unit": "assumed millimetre (OBJ names none)" }),
            vec!["OBJ names no unit: millimetres assumed".to_string()],
        ),
        DesignFormat::Gcode => (
            Vec::new(),
            serde_json::json!(gcode::read(bytes)?),
            Vec::new(),
        ),
        DesignFormat::Bgcode => {
            let g = bgcode::read(bytes)?;
            let mut info = serde_json::json!(g.sliced);
            info["blocks"] = serde_json::json!(g.blocks);
            (Vec::new(), info, g.problems)
        }
    };
    Ok((format, meshes, info, warnings))
}

/// Reads and fingerprints one design file: text formats' lines within
/// [`Limits::max_line_bytes`], zip packages' parts within [`Limits::max_part_bytes`] and
/// [`Limits::max_package_bytes`]. (The file's own size is the caller's bound: it read the bytes.)
pub fn scan_with(path: &Path, bytes: &[u8], limits: &Limits) -> Result<Scanned, String> {
    let (format, meshes, info, warnings) = read_with(path, bytes, limits)?;
    let meshes = meshes
        .iter()
        .enumerate()
        .map(|(index, m)| {
            let (cgh_v2, mirror) = mesh::cgh_v2_with_mirror(&m.triangles);
            ScannedMesh {
                index,
                name: m.name.clone(),
                measures: mesh::measure(m),
                cgh: Some(mesh::cgh_v1(&m.triangles)),
                cgh_v2,
                cgh_v2_mirror: Some(mirror),
                shape: mesh::shape(&m.triangles),
                d2: mesh::d2(&m.triangles),
            }
        })
        .collect();
    Ok(Scanned {
        path: path.display().to_string(),
        format,
        sha256: hex::encode(Sha256::digest(bytes)),
        bytes: bytes.len() as u64,
        meshes,
        info,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn small_limits() -> Limits {
        Limits {
            max_line_bytes: 4096,
            max_part_bytes: 64 << 10,
            max_package_bytes: 96 << 10,
            ..Limits::default()
        }
    }

    /// A zip whose parts are `size` zero bytes each (they deflate to almost nothing).
    fn zip_of(parts: &[(&str, usize)]) -> Vec<u8> {
        let mut out = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, size) in parts {
            zip.start_file(*name, options).unwrap();
            zip.write_all(&vec![0u8; *size]).unwrap();
        }
        zip.finish().unwrap();
        out.into_inner()
    }

    #[test]
    fn a_long_ascii_stl_line_is_refused_by_the_line_bound_in_a_short_message() {
        let mut stl = b"solid ".to_vec();
        stl.extend(std::iter::repeat_n(b'x', 1 << 20));
        stl.extend_from_slice(b"\nendsolid\n");
        let e = scan_with(Path::new("a.stl"), &stl, &small_limits()).unwrap_err();
        assert!(
            e.contains("line 1") && e.contains("max_line_bytes = 4096"),
            "{e}"
        );
        assert!(e.len() < 500, "{} bytes of message", e.len());
        // within the default bound the same file reads, and its errors quote an excerpt only
        let mut unfinished = b"solid ".to_vec();
        unfinished.extend(std::iter::repeat_n(b'x', 1 << 20));
        let e = scan(Path::new("a.stl"), &unfinished).unwrap_err();
        assert!(
            e.contains("no `endsolid`") && e.len() < 500,
            "{}",
            &e[..e.len().min(500)]
        );
    }

    #[test]
    fn obj_and_gcode_lines_are_bounded_too() {
        let long = format!("v 1 2 3\n# {}\n", "c".repeat(5000));
        for name in ["a.obj", "a.gcode"] {
            let e = scan_with(Path::new(name), long.as_bytes(), &small_limits()).unwrap_err();
            assert!(
                e.contains("line 2") && e.contains("max_line_bytes"),
                "{name}: {e}"
            );
        }
    }

    #[test]
    fn a_3mf_part_that_inflates_past_the_part_bound_is_refused_by_name() {
        let package = zip_of(&[("3D/3dmodel.model", 100 << 10)]);
        assert!(package.len() < 4096, "the part deflates small");
        let e = scan_with(Path::new("a.3mf"), &package, &small_limits()).unwrap_err();
        assert!(
            e.contains("`3D/3dmodel.model`") && e.contains("max_part_bytes = 65536"),
            "{e}"
        );
        // zipped AMF goes through the same reader
        let e = scan_with(Path::new("a.amf"), &package, &small_limits()).unwrap_err();
        assert!(e.contains("max_part_bytes"), "{e}");
    }

    #[test]
    fn a_3mf_whose_parts_together_pass_the_package_bound_is_refused() {
        let package = zip_of(&[("a.bin", 60 << 10), ("b.bin", 60 << 10)]);
        let e = scan_with(Path::new("a.3mf"), &package, &small_limits()).unwrap_err();
        assert!(
            e.contains("`b.bin`") && e.contains("max_package_bytes = 98304"),
            "{e}"
        );
    }
}
