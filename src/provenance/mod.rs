//! Design provenance: 3D-print design files (STL, 3MF, OBJ, AMF, G-code, binary G-code) read
//! into the workspace ([`scan`]), designs registered with what their holders say about them
//! ([`register`]), and incoming files judged against the registry and the loaded ledgers
//! ([`check`]).
//!
//! `clearway provenance scan|register|check` and the demo call these; the command file only
//! reads arguments and prints. The geometry itself (readers, measures, fingerprints, the
//! comparison) is [`crate::print3d`]'s.

pub mod check;
pub mod register;
pub mod scan;

use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::print3d::{self, DesignFormat, Scanned};
use std::path::{Path, PathBuf};

/// The files to scan: those named, and the design files under the folders named (sorted).
pub fn design_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found = Vec::new();
            walk(p, &mut found)?;
            found.sort();
            out.extend(found);
        } else if p.exists() {
            out.push(p.clone());
        } else {
            return Err(Error::Read {
                path: p.clone(),
                cause: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or folder"),
            });
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|cause| Error::Read {
        path: dir.to_path_buf(),
        cause,
    })?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if DesignFormat::of(&path, &[]).is_some() {
            out.push(path);
        }
    }
    Ok(())
}

/// Reads and scans one design file; an unreadable one is an input error.
pub fn read_design(path: &Path, limits: &Limits) -> Result<Scanned> {
    try_read_design(path, limits).map_err(|why| {
        Error::bad_input(
            path,
            why,
            "clearway reads STL, 3MF, OBJ, AMF, G-code and binary G-code design files",
        )
    })
}

/// Scans a file: streamed when it is a binary STL too large to read whole (in bounded memory),
/// else read whole within `limits.max_file_bytes` and scanned in memory within the line and
/// zip-part bounds. Only regular files are read: a device or FIFO has no size to check.
pub fn try_read_design(path: &Path, limits: &Limits) -> std::result::Result<Scanned, String> {
    let size = crate::limits::require_regular_file(path)?;
    if size > print3d::STREAM_ABOVE_BYTES && DesignFormat::of(path, &[]) == Some(DesignFormat::Stl)
    {
        return print3d::scan_streamed(path);
    }
    let bytes = crate::limits::read_file_capped(path, limits.max_file_bytes)?;
    print3d::scan_with(path, &bytes, limits)
}

/// A text field of a 3MF file's metadata.
pub fn file_metadata(s: &Scanned, name: &str) -> Option<String> {
    s.info
        .pointer(&format!("/metadata/{name}"))
        .and_then(|v| v.as_str())
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(String::from)
}
