//! 3D-print design files: readers for the formats designs travel in, the measures and the
//! layered fingerprints of their meshes ([`mesh`]), for `clearway provenance scan`.
//!
//! Read so far: STL (binary and ASCII, multi-solid) and 3MF (core, Production, Secure Content
//! reporting). OBJ, AMF and G-code (ASCII and Prusa binary) are recognised by name and refused
//! with a message saying they are not read yet, rather than guessed at.

pub mod mesh;
pub mod stl;
pub mod threemf;

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
    /// Canonical geometry hash, recipe cgh-v1.
    pub cgh: String,
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

/// Reads and fingerprints one design file.
pub fn scan(path: &Path, bytes: &[u8]) -> Result<Scanned, String> {
    let format = DesignFormat::of(path, bytes)
        .ok_or("not a design file clearway knows (.stl, .3mf, .obj, .amf, .gcode, .bgcode)")?;
    let (meshes, info, warnings) = match format {
        DesignFormat::Stl => {
            let (meshes, info) = stl::read(bytes)?;
            (meshes, serde_json::json!(info), Vec::new())
        }
        DesignFormat::ThreeMf => {
            let (meshes, package) = threemf::read(bytes)?;
            let warnings = package.warnings.clone();
            (meshes, serde_json::json!(package), warnings)
        }
        other => {
            return Err(format!(
                "{} files are recognised but not read by this version yet",
                serde_json::to_value(other)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_uppercase))
                    .unwrap_or_default()
            ))
        }
    };
    let meshes = meshes
        .iter()
        .enumerate()
        .map(|(index, m)| ScannedMesh {
            index,
            name: m.name.clone(),
            measures: mesh::measure(m),
            cgh: mesh::cgh_v1(&m.triangles),
            d2: mesh::d2(&m.triangles),
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
