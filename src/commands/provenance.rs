//! `clearway provenance scan`: design files into `design_files`, one row per mesh, each file its
//! own load (a `loads` row, the audit entry) and its own transaction.
//!
//! A folder is searched for design files; a file that cannot be read does not stop the others —
//! it is listed with its reason, and the command then fails (exit 2) naming how many, so a
//! script cannot miss it. A file already scanned (same sha256) is skipped and said so.

use super::Ctx;
use crate::cli::{ProvenanceCommand, ProvenanceScanArgs, ReportFormat};
use crate::error::{Error, Result};
use crate::print3d::{self, DesignFormat, Scanned};
use crate::workspace::{audit, Workspace};
use std::path::{Path, PathBuf};

pub fn run(cmd: ProvenanceCommand, ctx: &Ctx) -> Result<u8> {
    match cmd {
        ProvenanceCommand::Scan(args) => scan(args, ctx),
    }
}

/// The files to scan: those named, and the design files under the folders named (sorted).
fn files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
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

fn scan(args: ProvenanceScanArgs, ctx: &Ctx) -> Result<u8> {
    let ws = Workspace::open_rw(&ctx.workspace)?;
    let files = files(&args.paths)?;
    let mut scanned = Vec::new();
    let mut failed: Vec<(PathBuf, String)> = Vec::new();
    let mut skipped = Vec::new();
    for file in &files {
        let bytes = std::fs::read(file).map_err(|cause| Error::Read {
            path: file.clone(),
            cause,
        })?;
        let started = std::time::Instant::now();
        match print3d::scan(file, &bytes) {
            Ok(s) => match store(&ws, file, &s, started.elapsed().as_secs_f64()) {
                Ok(()) => scanned.push(s),
                Err(Error::AlreadyLoaded { load_id, .. }) => skipped.push((file.clone(), load_id)),
                Err(e) => return Err(e),
            },
            Err(why) => failed.push((file.clone(), why)),
        }
    }
    match args.report {
        ReportFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "scanned": scanned,
                "skipped": skipped.iter().map(|(p, id)| serde_json::json!({"file": p, "load_id": id})).collect::<Vec<_>>(),
                "failed": failed.iter().map(|(p, why)| serde_json::json!({"file": p, "reason": why})).collect::<Vec<_>>(),
            }))
            .expect("JSON serialises")
        ),
        ReportFormat::Text => print!("{}", render(&scanned, &skipped, &failed)),
    }
    match failed.first() {
        None => Ok(0),
        Some((path, why)) => Err(Error::bad_input(
            path,
            format!(
                "{why}{}",
                if failed.len() > 1 {
                    format!(" (and {} more file(s) could not be read)", failed.len() - 1)
                } else {
                    String::new()
                }
            ),
            "the other files were scanned; see the list above",
        )),
    }
}

/// One file's rows, its `loads` row and audit entry, in one transaction.
fn store(ws: &Workspace, path: &Path, s: &Scanned, seconds: f64) -> Result<()> {
    crate::ingest::declarations::refuse_reload(ws, path, &s.sha256, false, "design")?;
    let load_id: i64 = ws
        .conn
        .query_row("SELECT nextval('load_id_seq')", [], |r| r.get(0))?;
    let file = crate::ingest::declarations::absolute(path);
    let format = serde_json::to_value(s.format)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default();
    ws.conn.execute_batch("BEGIN TRANSACTION")?;
    let stored = (|| -> Result<()> {
        if s.meshes.is_empty() {
            // a file with no readable geometry (all of it encrypted, say) is still on record
            ws.conn.execute(
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
            ws.conn.execute(
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
                    serde_json::json!({ "mesh": m.name, "measures": b, "d2": m.d2, "file": s.info, "warnings": s.warnings }).to_string(),
                    file,
                    m.index as i64 + 1,
                    load_id
                ],
            )?;
        }
        crate::ingest::insert_load(
            ws,
            &crate::ingest::LoadRow {
                load_id,
                kind: "design",
                target_table: "design_files",
                file: &file,
                sha256: &s.sha256,
                bytes: s.bytes,
                format: format.clone(),
                encoding: None,
                options: None,
                read: s.meshes.len() as u64,
                loaded: s.meshes.len() as u64,
                rejected: 0,
                warnings: &s.warnings,
                forced: false,
                seconds,
            },
        )?;
        audit::append(
            ws,
            "provenance scan",
            serde_json::json!({ "load_id": load_id, "file": file, "sha256": s.sha256, "format": format,
                                "meshes": s.meshes.len() }),
        )
    })();
    match stored {
        Ok(()) => {
            ws.conn.execute_batch("COMMIT")?;
            Ok(())
        }
        Err(e) => {
            let _ = ws.conn.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}

fn render(scanned: &[Scanned], skipped: &[(PathBuf, i64)], failed: &[(PathBuf, String)]) -> String {
    let mut out = String::new();
    for s in scanned {
        out.push_str(&format!(
            "{} · {} · {} bytes · sha256 {}\n",
            s.path,
            serde_json::to_value(s.format)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default(),
            crate::output::group_thousands(s.bytes as i64),
            &s.sha256[..16]
        ));
        for m in &s.meshes {
            let b = &m.measures;
            let size: Vec<String> = (0..3)
                .map(|k| format!("{:.4}", b.bbox_max[k] - b.bbox_min[k]))
                .collect();
            out.push_str(&format!(
                "  {:<28} {:>8} triangles  {} mm  area {:.2}  volume {:.2}  {}  cgh {}\n",
                if m.name.is_empty() {
                    format!("mesh {}", m.index + 1)
                } else {
                    m.name.clone()
                },
                b.triangles,
                size.join(" × "),
                b.area,
                b.volume,
                if b.watertight { "watertight" } else { "OPEN" },
                &m.cgh[..16]
            ));
        }
        for w in &s.warnings {
            out.push_str(&format!("  warning {w}\n"));
        }
    }
    for (p, load_id) in skipped {
        out.push_str(&format!(
            "{}: already scanned (load {load_id}); skipped\n",
            p.display()
        ));
    }
    for (p, why) in failed {
        out.push_str(&format!("{}: NOT READ: {why}\n", p.display()));
    }
    out
}
