//! `lake verify`: every file of a lake against its manifest — present, same size, same
//! sha256 — and no data file the manifest does not list (a reader of the folder would read it
//! as rows). Row counts are not re-read: a file with the recorded sha256 is byte for byte the
//! file whose rows DuckDB counted when it wrote it.

use super::manifest::{file_path, Manifest, MANIFEST_PATH};
use crate::error::{Error, Result};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashSet;
use std::path::Path;

/// One thing wrong with a lake.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// Relative to the lake, `/`-separated.
    pub path: String,
    pub problem: String,
}

/// The outcome of a verification.
#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    pub files: usize,
    pub bytes: u64,
    pub rows: u64,
    pub up_to_load: i64,
    pub problems: Vec<Problem>,
}

/// Checks the lake at `lake` (see the module docs); a lake whose manifest cannot be read or
/// is not one this build understands is an error, a lake with wrong files a list of problems.
pub fn verify(lake: &Path, progress: bool) -> Result<Verification> {
    let manifest = Manifest::read(lake)?;
    let listed: Vec<_> = manifest.files().collect();
    let bar = if progress {
        crate::progress::count_bar("lake verify", listed.len() as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    let mut problems: Vec<Problem> = listed
        .par_iter()
        .filter_map(|file| {
            let problem = check_file(lake, file);
            bar.inc(1);
            problem.map(|problem| Problem {
                path: file.path.clone(),
                problem,
            })
        })
        .collect();
    bar.finish_and_clear();
    let known: HashSet<&str> = listed.iter().map(|f| f.path.as_str()).collect();
    problems.extend(unlisted_files(lake, &known)?);
    problems.sort();
    Ok(Verification {
        files: listed.len(),
        bytes: listed
            .iter()
            .fold(0u64, |acc, f| acc.saturating_add(f.bytes)),
        rows: manifest
            .tables
            .values()
            .fold(0u64, |acc, t| acc.saturating_add(t.rows)),
        up_to_load: manifest.up_to_load,
        problems,
    })
}

/// What is wrong with one listed file, if anything.
fn check_file(lake: &Path, file: &super::FileEntry) -> Option<String> {
    check_recorded_file(&file_path(lake, &file.path), file.bytes, &file.sha256)
}

/// What is wrong with the file at `path` that a record says has `bytes` bytes and the hash
/// `sha256`, if anything (a lake's manifest here, a Spark run's record in `risk import`).
pub fn check_recorded_file(path: &Path, bytes: u64, sha256: &str) -> Option<String> {
    let meta = match std::fs::symlink_metadata(path) {
        Err(_) => return Some("missing".into()),
        Ok(m) if !m.is_file() => return Some("not a regular file".into()),
        Ok(m) => m,
    };
    if meta.len() != bytes {
        return Some(format!("{} bytes, the record says {bytes}", meta.len()));
    }
    match crate::ingest::source::fingerprint(path, false) {
        Err(e) => Some(format!("cannot be read: {e}")),
        Ok(fp) if fp.sha256 != sha256 => Some(format!(
            "sha256 {}, the record says {sha256} (the file was altered)",
            fp.sha256
        )),
        Ok(_) => None,
    }
}

/// Files and links under the table folders that the manifest does not list. Names starting
/// with `.` are skipped only at the top (a staging folder is never inside the lake); inside a
/// table every file counts, since a reader may read it.
fn unlisted_files(lake: &Path, known: &HashSet<&str>) -> Result<Vec<Problem>> {
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(lake).min_depth(1).follow_links(false) {
        let entry = entry.map_err(|e| Error::Read {
            path: e.path().unwrap_or(lake).to_path_buf(),
            cause: e
                .into_io_error()
                .unwrap_or_else(|| std::io::Error::other("a folder loop")),
        })?;
        if entry.file_type().is_dir() {
            continue;
        }
        let relative: Vec<String> = entry
            .path()
            .strip_prefix(lake)
            .expect("walkdir stays under its root")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let relative = relative.join("/");
        if relative == MANIFEST_PATH || known.contains(relative.as_str()) {
            continue;
        }
        found.push(Problem {
            path: relative,
            problem: "not in the manifest (a reader of the folder would read it)".into(),
        });
    }
    Ok(found)
}
