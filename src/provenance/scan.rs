//! `provenance scan`: design files into `design_files`, one row per mesh, each file its own load
//! (a `loads` row, the audit entry) and its own transaction.
//!
//! A file that cannot be read does not stop the others — it is listed with its reason, and the
//! scan then fails naming how many ([`Scan::failure`]), so a script cannot miss it. A file
//! already scanned (same sha256) is skipped and said so. A file is one load like any other: its
//! reload refusal, transaction, `loads` row and audit entry are the shared load session's
//! ([`crate::ingest::session`]); [`store_scanned`] only writes the mesh rows.

use super::{design_files, try_read_design};
use crate::error::{Error, Result};
use crate::ingest::session::{
    Accounting, FileIdentity, LoadKind, LoadSession, LoadSummary, SessionOptions,
};
use crate::print3d::Scanned;
use crate::workspace::Workspace;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What a scan did with each file.
#[derive(Default)]
pub struct Scan {
    pub scanned: Vec<Scanned>,
    /// Files scanned before (same sha256), with the load that holds them.
    pub skipped: Vec<(PathBuf, i64)>,
    /// Files that could not be read, with why.
    pub failed: Vec<(PathBuf, String)>,
}

impl Scan {
    /// The error a scan with unreadable files ends in (exit 2): the first file and how many
    /// more; the others were scanned.
    pub fn failure(&self) -> Option<Error> {
        let (path, why) = self.failed.first()?;
        Some(Error::bad_input(
            path,
            format!(
                "{why}{}",
                if self.failed.len() > 1 {
                    format!(
                        " (and {} more file(s) could not be read)",
                        self.failed.len() - 1
                    )
                } else {
                    String::new()
                }
            ),
            "the other files were scanned; see the list above",
        ))
    }
}

/// Scans the design files named and under the folders named (see the module docs).
pub fn scan_paths(ws: &Workspace, paths: &[PathBuf]) -> Result<Scan> {
    let mut scan = Scan::default();
    for file in &design_files(paths)? {
        let started = Instant::now();
        match try_read_design(file, &ws.limits) {
            Ok(s) => match store_scanned(ws, file, &s, started) {
                Ok(()) => scan.scanned.push(s),
                Err(Error::AlreadyLoaded { load_id, .. }) => {
                    scan.skipped.push((file.clone(), load_id))
                }
                Err(e) => return Err(e),
            },
            Err(why) => scan.failed.push((file.clone(), why)),
        }
    }
    Ok(scan)
}

/// One file's rows, its `loads` row and audit entry, in one load session (one transaction).
pub fn store_scanned(ws: &Workspace, path: &Path, s: &Scanned, started: Instant) -> Result<()> {
    let identity = FileIdentity {
        sha256: s.sha256.clone(),
        bytes: s.bytes,
    };
    let options = SessionOptions {
        force: false,
        started,
    };
    let session = LoadSession::begin(ws, LoadKind::Design, path, Some(identity), options)?;
    let (load_id, file) = (session.load_id(), session.file().to_string());
    let conn = session.conn();
    let format = serde_json::to_value(s.format)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default();
    if s.meshes.is_empty() {
        // a file with no readable geometry (all of it encrypted, say) is still on record
        conn.execute(
            "INSERT INTO design_files VALUES (?, ?, ?, ?, ?, 0, NULL, NULL, NULL, ?, ?, 0, ?)",
            duckdb::params![
                format!("{}#-", &s.sha256[..16]),
                file,
                format,
                s.sha256,
                s.bytes as i64,
                serde_json::json!({ "file": s.info, "warnings": s.warnings }).to_string(),
                file,
                load_id
            ],
        )?;
    }
    for m in &s.meshes {
        let b = &m.measures;
        conn.execute(
                "INSERT INTO design_files VALUES (?, ?, ?, ?, ?, ?, CAST(? AS JSON)::DOUBLE[], ?, ?, ?, ?, ?, ?)",
                duckdb::params![
                    format!("{}#{}", &s.sha256[..16], m.index),
                    file,
                    format,
                    s.sha256,
                    s.bytes as i64,
                    b.triangles as i64,
                    serde_json::json!([b.bbox_min[0], b.bbox_min[1], b.bbox_min[2], b.bbox_max[0], b.bbox_max[1], b.bbox_max[2]]).to_string(),
                    b.volume,
                    m.cgh,
                    serde_json::json!({ "mesh": m.name, "measures": b, "cgh_v2": m.cgh_v2, "cgh_v2_mirror": m.cgh_v2_mirror,
                                        "shape": m.shape, "d2": m.d2, "file": s.info, "warnings": s.warnings }).to_string(),
                    file,
                    m.index as i64 + 1,
                    load_id
                ],
            )?;
    }
    let meshes = s.meshes.len() as u64;
    session.finish(LoadSummary {
        format: format.clone(),
        encoding: None,
        dialect: None,
        profile: None,
        options: None,
        read: meshes,
        loaded: meshes,
        rejected: 0,
        accounting: Accounting::Rows { set_aside: 0 },
        warnings: &s.warnings,
        audit: serde_json::json!({ "load_id": load_id, "file": file, "sha256": s.sha256,
                                   "format": format, "meshes": meshes }),
    })?;
    Ok(())
}
