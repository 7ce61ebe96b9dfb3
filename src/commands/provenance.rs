//! `clearway provenance scan|register|check`: arguments into calls of [`crate::provenance`],
//! which scans, registers and judges; this file prints the scan report, the registered entries
//! and the verdicts, and turns `--fail-on` into the exit code.

use super::Ctx;
use crate::cli::{
    ProvenanceCheckArgs, ProvenanceCommand, ProvenanceFailOn, ProvenanceRegisterArgs,
    ProvenanceScanArgs,
};
use crate::error::Result;
use crate::output::report::{self, Printable, Rendered};
use crate::print3d::{self, Scanned};
use crate::provenance::check::{check_paths, Verdict};
use crate::provenance::register::{
    entries_from_csv, entries_from_file, register_entries, settings_text, Entry, Terms,
};
use crate::provenance::scan::{scan_paths, Scan};
use serde_json::{json, Value};
use std::path::PathBuf;

pub fn run(cmd: ProvenanceCommand, ctx: &Ctx) -> Result<u8> {
    match cmd {
        ProvenanceCommand::Scan(args) => scan(args, ctx),
        ProvenanceCommand::Register(args) => register(args, ctx),
        ProvenanceCommand::Check(args) => check(args, ctx),
    }
}

fn scan(args: ProvenanceScanArgs, ctx: &Ctx) -> Result<u8> {
    let ws = ctx.open_for_reading_files()?;
    let scan = scan_paths(&ws, &args.paths)?;
    report::print(args.report, &ScanReport(&scan))?;
    match scan.failure() {
        None => Ok(0),
        Some(e) => Err(e),
    }
}

/// A scan as printed: JSON `{scanned, skipped, failed}`; one record per file (its `status`
/// scanned, skipped or failed) in the row formats.
struct ScanReport<'a>(&'a Scan);

impl serde::Serialize for ScanReport<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let scan = self.0;
        serde_json::json!({
            "scanned": scan.scanned,
            "skipped": scan.skipped.iter().map(|(p, id)| json!({"file": p, "load_id": id})).collect::<Vec<_>>(),
            "failed": scan.failed.iter().map(|(p, why)| json!({"file": p, "reason": why})).collect::<Vec<_>>(),
        })
        .serialize(s)
    }
}

impl Printable for ScanReport<'_> {
    fn text(&self) -> String {
        render(&self.0.scanned, &self.0.skipped, &self.0.failed)
    }

    fn records(&self) -> Result<Vec<Value>> {
        let scan = self.0;
        let scanned = scan.scanned.iter().map(|f| {
            json!({"status": "scanned", "file": f.path, "format": f.format, "bytes": f.bytes,
                   "sha256": f.sha256, "meshes": f.meshes.len(), "warnings": f.warnings})
        });
        let skipped = scan
            .skipped
            .iter()
            .map(|(p, id)| json!({"status": "skipped", "file": p, "load_id": id}));
        let failed = scan
            .failed
            .iter()
            .map(|(p, why)| json!({"status": "failed", "file": p, "reason": why}));
        Ok(scanned.chain(skipped).chain(failed).collect())
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
                "  {:<28} {:>8} triangles  {} mm  area {:.2}  volume {:.2}  {}  cgh {}  cgh-v2 {}\n",
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
                m.cgh.as_deref().map_or("-", |h| &h[..16]),
                &m.cgh_v2[..16]
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

fn register(args: ProvenanceRegisterArgs, ctx: &Ctx) -> Result<u8> {
    let ws = ctx.open_for_reading_files()?;
    let entries = match (&args.registry, &args.file) {
        (Some(csv), _) => entries_from_csv(csv)?,
        (None, Some(file)) => entries_from_file(
            file,
            &Terms {
                owner: args.owner.clone().unwrap_or_default(),
                licence: args.licence.clone(),
                controlled: args.controlled,
                title: args.title.clone(),
                design_id: args.design_id.clone(),
                settings: args
                    .settings
                    .iter()
                    .map(|p| (p.name.clone(), p.value.clone()))
                    .collect(),
            },
            &ws.limits,
        )?,
        (None, None) => unreachable!("clap requires a file or --registry"),
    };
    register_entries(&ws, &entries)?;
    report::print(
        args.format,
        &Rendered {
            value: entries.as_slice(),
            text: render_entries,
        },
    )?;
    Ok(0)
}

fn render_entries(entries: &[Entry]) -> String {
    entries
        .iter()
        .map(|e| {
            format!(
                "registered {} · {} · owner {} · licence {}{}{}\n",
                e.design_id,
                e.title,
                e.owner,
                e.licence.as_deref().unwrap_or("-"),
                if e.controlled { " · CONTROLLED" } else { "" },
                if e.settings.is_empty() {
                    String::new()
                } else {
                    format!(" · prints with {}", settings_text(&e.settings))
                }
            )
        })
        .collect()
}

fn check(args: ProvenanceCheckArgs, ctx: &Ctx) -> Result<u8> {
    let ws = ctx.open_for_reading_files()?;
    let thresholds = print3d::compare::Thresholds {
        similar: args.similar,
        size_tolerance: args.size_tolerance,
        ..Default::default()
    };
    let verdicts = check_paths(&ws, &args.paths, thresholds, args.claim.as_deref())?;
    report::print_before_verdict(
        args.report,
        &Rendered {
            value: verdicts.as_slice(),
            text: render_verdicts,
        },
    )?;
    let failed = match args.fail_on {
        Some(ProvenanceFailOn::Controlled) => verdicts.iter().any(|v| v.controlled),
        Some(ProvenanceFailOn::Unanchored) => verdicts.iter().any(|v| v.anchored.is_none()),
        None => false,
    };
    Ok(u8::from(failed))
}

fn render_verdicts(verdicts: &[Verdict]) -> String {
    let mut text = String::new();
    for v in verdicts {
        text.push_str(&format!(
            "{} · {} · {}{}\n",
            v.file,
            v.mesh,
            v.verdict.to_uppercase(),
            v.similarity
                .map(|s| format!(" (similarity {s:.3})"))
                .unwrap_or_default()
        ));
        for r in &v.reasons {
            text.push_str(&format!("  - {r}\n"));
        }
    }
    text
}
